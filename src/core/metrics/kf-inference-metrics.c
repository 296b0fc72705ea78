/* kf-inference-metrics.c: serving metrics of vLLM and llama.cpp from scrapes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-metrics"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kf-inference-metrics.h"

/* ------------------------------------------------------------------------ */
/* histogram_quantile                                                        */

typedef struct
{
  double le;
  double count;
} Bucket;

static int
compare_buckets (const void *a,
                 const void *b)
{
  double x = ((const Bucket *) a)->le, y = ((const Bucket *) b)->le;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
bucket_quantile (double  q,
                 Bucket *b,
                 guint   n)
{
  guint nb = 0;
  double observations, rank, start = 0, end, count, max = 0;
  guint idx;

  if (isnan (q))
    return NAN;
  if (q < 0)
    return -INFINITY;
  if (q > 1)
    return INFINITY;
  if (n == 0)
    return NAN;

  qsort (b, n, sizeof (Bucket), compare_buckets);
  if (!isinf (b[n - 1].le) || b[n - 1].le < 0)
    return NAN;
  /* coalesce equal bounds */
  for (guint i = 0; i < n; i++)
    {
      if (isnan (b[i].le))
        continue;
      if (nb > 0 && b[nb - 1].le == b[i].le)
        b[nb - 1].count += b[i].count;
      else
        b[nb++] = b[i];
    }
  /* cumulative counts must not decrease */
  for (guint i = 0; i < nb; i++)
    {
      if (isnan (b[i].count) || b[i].count < max)
        b[i].count = max;
      max = b[i].count;
    }
  if (nb < 2)
    return NAN;
  observations = b[nb - 1].count;
  if (!(observations > 0))
    return NAN;
  rank = q * observations;
  for (idx = 0; idx < nb - 1; idx++)
    if (b[idx].count >= rank)
      break;
  if (idx == nb - 1)
    return b[nb - 2].le;
  if (idx == 0 && b[0].le <= 0)
    return b[0].le;
  end = b[idx].le;
  count = b[idx].count;
  if (idx > 0)
    {
      start = b[idx - 1].le;
      count -= b[idx - 1].count;
      rank -= b[idx - 1].count;
    }
  return start + (end - start) * (rank / count);
}

double
kf_prom_histogram_quantile (double        q,
                            const double *upper_bounds,
                            const double *counts,
                            guint         n)
{
  g_autofree Bucket *b = g_new (Bucket, MAX (n, 1));

  g_return_val_if_fail (n == 0 || (upper_bounds != NULL && counts != NULL), NAN);
  for (guint i = 0; i < n; i++)
    {
      b[i].le = upper_bounds[i];
      b[i].count = counts[i];
    }
  return bucket_quantile (q, b, n);
}

/* ------------------------------------------------------------------------ */
/* Series and pairs of scrapes                                               */

typedef struct
{
  KfPromScrape *cur;
  KfPromScrape *prev;   /* NULL when unmatched */
  double        dt;     /* seconds */
} Pair;

typedef struct
{
  GArray  *pairs;      /* Pair */
  gboolean windowed;
} Ctx;

static const KfPromFamily *
find_family (KfPromScrape *scrape,
             const char   *name)
{
  const KfPromFamily *f;

  if (scrape == NULL)
    return NULL;
  f = kf_prom_scrape_lookup (scrape, name);
  if (f == NULL && g_str_has_prefix (name, "vllm:"))
    {
      /* Ray Serve LLM re-exports vLLM's metrics with Ray's prefix */
      g_autofree char *ray = g_strconcat ("ray_", name, NULL);

      f = kf_prom_scrape_lookup (scrape, ray);
    }
  if (f == NULL && g_str_has_suffix (name, "_total"))
    {
      /* OpenMetrics: counter family "x" with samples "x_total" */
      g_autofree char *base = g_strndup (name, strlen (name) - 6);

      f = kf_prom_scrape_lookup (scrape, base);
      if (f != NULL && f->type != KF_PROM_TYPE_COUNTER)
        f = NULL;
    }
  return f;
}

/* The first of @names that some current scrape exports. */
static const char *
pick (Ctx               *ctx,
      const char * const *names)
{
  for (guint n = 0; names[n] != NULL; n++)
    for (guint i = 0; i < ctx->pairs->len; i++)
      if (find_family (g_array_index (ctx->pairs, Pair, i).cur, names[n]) != NULL)
        return names[n];
  return NULL;
}

static gboolean
is_value_sample (const KfPromSample *s)
{
  return s->kind == KF_PROM_SAMPLE_VALUE || s->kind == KF_PROM_SAMPLE_TOTAL;
}

/* The samples that count up: a counter's values, or a histogram's _sum (the
 * tokens of Dynamo's input/output sequence-length histograms). */
static gboolean
is_counting_sample (const KfPromFamily *f,
                    const KfPromSample *s)
{
  if (f->type == KF_PROM_TYPE_HISTOGRAM || f->type == KF_PROM_TYPE_SUMMARY)
    return s->kind == KF_PROM_SAMPLE_SUM;
  return is_value_sample (s);
}

static char *
series_key (const KfPromSample *s)
{
  GString *k = g_string_new (s->name);

  for (guint i = 0; i < s->n_labels; i++)
    g_string_append_printf (k, "\x01%s=%s", s->labels[i].name, s->labels[i].value);
  return g_string_free (k, FALSE);
}

/* key -> double* of every sample of @f */
static GHashTable *
family_values (const KfPromFamily *f)
{
  GHashTable *h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; f != NULL && i < f->n_samples; i++)
    g_hash_table_replace (h, series_key (&f->samples[i]), g_memdup2 (&f->samples[i].value, sizeof (double)));
  return h;
}

/* rate()'s increase over two points: a counter that went down was reset;
 * a series absent before started from zero. */
static double
increase (const KfPromSample *s,
          GHashTable         *prev)
{
  g_autofree char *key = series_key (s);
  const double *before = g_hash_table_lookup (prev, key);

  if (before == NULL)
    return s->value;
  return s->value >= *before ? s->value - *before : s->value;
}

/* Sum of gauge values over all current scrapes; NaN if nobody exports it. */
static double
gauge_sum (Ctx        *ctx,
           const char *name)
{
  double sum = 0;
  gboolean found = FALSE;

  for (guint i = 0; name != NULL && i < ctx->pairs->len; i++)
    {
      const KfPromFamily *f = find_family (g_array_index (ctx->pairs, Pair, i).cur, name);

      for (guint j = 0; f != NULL && j < f->n_samples; j++)
        if (is_value_sample (&f->samples[j]) && !isnan (f->samples[j].value))
          {
            sum += f->samples[j].value;
            found = TRUE;
          }
    }
  return found ? sum : NAN;
}

static double
gauge_mean (Ctx        *ctx,
            const char *name)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; name != NULL && i < ctx->pairs->len; i++)
    {
      const KfPromFamily *f = find_family (g_array_index (ctx->pairs, Pair, i).cur, name);

      for (guint j = 0; f != NULL && j < f->n_samples; j++)
        if (is_value_sample (&f->samples[j]) && !isnan (f->samples[j].value))
          {
            sum += f->samples[j].value;
            n++;
          }
    }
  return n > 0 ? sum / n : NAN;
}

static double
gauge_max (Ctx        *ctx,
           const char *name)
{
  double max = NAN;

  for (guint i = 0; name != NULL && i < ctx->pairs->len; i++)
    {
      const KfPromFamily *f = find_family (g_array_index (ctx->pairs, Pair, i).cur, name);

      for (guint j = 0; f != NULL && j < f->n_samples; j++)
        if (is_value_sample (&f->samples[j]) && !isnan (f->samples[j].value) &&
            (isnan (max) || f->samples[j].value > max))
          max = f->samples[j].value;
    }
  return max;
}

/* Total of a counter now, its increase over the window and its rate (sum of
 * per-pod rates). */
static void
counter_stats (Ctx        *ctx,
               const char *name,
               double     *total,
               double     *delta,
               double     *rate)
{
  gboolean found = FALSE, found_pair = FALSE;

  *total = 0;
  *delta = 0;
  *rate = 0;
  for (guint i = 0; name != NULL && i < ctx->pairs->len; i++)
    {
      Pair *p = &g_array_index (ctx->pairs, Pair, i);
      const KfPromFamily *f = find_family (p->cur, name);
      g_autoptr(GHashTable) prev = NULL;
      double inc = 0;

      if (f == NULL)
        continue;
      found = TRUE;
      if (ctx->windowed && p->prev != NULL && p->dt > 0)
        prev = family_values (find_family (p->prev, name));
      for (guint j = 0; j < f->n_samples; j++)
        {
          const KfPromSample *s = &f->samples[j];

          if (!is_counting_sample (f, s) || isnan (s->value))
            continue;
          *total += s->value;
          if (prev != NULL)
            inc += increase (s, prev);
        }
      if (prev != NULL)
        {
          found_pair = TRUE;
          *delta += inc;
          *rate += inc / p->dt;
        }
    }
  if (!found)
    *total = NAN;
  if (!found_pair)
    *delta = *rate = NAN;
}

static void
histogram_stats (Ctx        *ctx,
                 const char *name,
                 double     *p50,
                 double     *p90,
                 double     *p99,
                 double     *mean)
{
  g_autoptr(GArray) buckets = g_array_new (FALSE, FALSE, sizeof (Bucket));
  double sum = 0, count = 0;
  gboolean found = FALSE;

  *p50 = *p90 = *p99 = *mean = NAN;
  for (guint i = 0; name != NULL && i < ctx->pairs->len; i++)
    {
      Pair *p = &g_array_index (ctx->pairs, Pair, i);
      const KfPromFamily *f = find_family (p->cur, name);
      g_autoptr(GHashTable) prev = NULL;

      if (f == NULL || f->type != KF_PROM_TYPE_HISTOGRAM)
        continue;
      if (ctx->windowed)
        {
          if (p->prev == NULL)
            continue;   /* no window for this pod */
          prev = family_values (find_family (p->prev, name));
        }
      found = TRUE;
      for (guint j = 0; j < f->n_samples; j++)
        {
          const KfPromSample *s = &f->samples[j];
          double v = prev != NULL ? increase (s, prev) : s->value;
          guint k;

          switch (s->kind)
            {
            case KF_PROM_SAMPLE_BUCKET:
              for (k = 0; k < buckets->len; k++)
                if (g_array_index (buckets, Bucket, k).le == s->bound)
                  break;
              if (k == buckets->len)
                {
                  Bucket b = { s->bound, 0 };
                  g_array_append_val (buckets, b);
                }
              g_array_index (buckets, Bucket, k).count += v;
              break;
            case KF_PROM_SAMPLE_SUM:
              sum += v;
              break;
            case KF_PROM_SAMPLE_COUNT:
              count += v;
              break;
            default:
              break;
            }
        }
    }
  if (!found)
    return;
  if (count > 0)
    *mean = sum / count;
  if (buckets->len > 0)
    {
      const double qs[] = { 0.5, 0.9, 0.99 };
      double *outs[] = { p50, p90, p99 };

      for (guint i = 0; i < G_N_ELEMENTS (qs); i++)
        {
          g_autofree Bucket *copy = g_memdup2 (buckets->data, buckets->len * sizeof (Bucket));

          *outs[i] = bucket_quantile (qs[i], copy, buckets->len);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Metric names                                                              */

/* In order of preference: the engine's own names (current, then renamed or
 * removed ones), then Dynamo's frontend (the only source for TensorRT-LLM
 * behind Dynamo). */
static const char * const running_names[] = {
  "vllm:num_requests_running", "sglang:num_running_reqs", "llamacpp:requests_processing",
  "llamacpp_requests_processing", NULL,
};
static const char * const waiting_names[] = {
  "vllm:num_requests_waiting", "sglang:num_queue_reqs", "llamacpp:requests_deferred", "llamacpp_requests_deferred",
  "llamacpp_requests_pending", "dynamo_frontend_queued_requests", NULL,
};
static const char * const inflight_names[] = { "dynamo_frontend_inflight_requests", NULL };
static const char * const success_names[] = {
  "vllm:request_success_total", "sglang:num_requests_total", "dynamo_frontend_requests_total", NULL,
};
static const char * const prompt_names[] = {
  "vllm:prompt_tokens_total", "sglang:prompt_tokens_total", "llamacpp:prompt_tokens_total",
  "llamacpp_prompt_tokens_total", "llamacpp_prompt_tokens_processed_total",
  "dynamo_frontend_input_sequence_tokens", NULL,
};
static const char * const generation_names[] = {
  "vllm:generation_tokens_total", "sglang:generation_tokens_total", "llamacpp:tokens_predicted_total",
  "llamacpp_tokens_predicted_total", "dynamo_frontend_output_tokens_total", "dynamo_frontend_output_sequence_tokens",
  NULL,
};
static const char * const prompt_gauge_names[] = { "vllm:avg_prompt_throughput_toks_per_s", NULL };
static const char * const generation_gauge_names[] = {
  "vllm:avg_generation_throughput_toks_per_s", "sglang:gen_throughput", NULL,
};
static const char * const ttft_names[] = {
  "vllm:time_to_first_token_seconds", "sglang:time_to_first_token_seconds",
  "dynamo_frontend_time_to_first_token_seconds", NULL,
};
static const char * const itl_names[] = {
  "vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds", "sglang:inter_token_latency_seconds",
  "sglang:time_per_output_token_seconds", "dynamo_frontend_inter_token_latency_seconds", NULL,
};
static const char * const e2e_names[] = {
  "vllm:e2e_request_latency_seconds", "sglang:e2e_request_latency_seconds",
  "dynamo_frontend_request_duration_seconds", NULL,
};
static const char * const kv_names[] = {
  "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "sglang:token_usage", "llamacpp:kv_cache_usage_ratio",
  "llamacpp_kv_cache_usage_ratio", "dynamo_component_kvstats_gpu_cache_usage_percent", NULL,
};
/* hits, queries (counters, or histograms whose _sum counts tokens) */
static const char * const prefix_pairs[][2] = {
  { "vllm:prefix_cache_hits_total", "vllm:prefix_cache_queries_total" },
  { "vllm:gpu_prefix_cache_hits_total", "vllm:gpu_prefix_cache_queries_total" },
  { "sglang:cached_tokens_total", "sglang:prompt_tokens_total" },
  { "dynamo_frontend_cached_tokens", "dynamo_frontend_input_sequence_tokens" },
};
static const char * const prefix_gauge_names[] = { "vllm:gpu_prefix_cache_hit_rate", "sglang:cache_hit_rate", NULL };

const char *
kf_inference_engine_to_string (KfInferenceEngine engine)
{
  switch (engine)
    {
    case KF_INFERENCE_ENGINE_VLLM: return "vLLM";
    case KF_INFERENCE_ENGINE_LLAMACPP: return "llama.cpp";
    case KF_INFERENCE_ENGINE_SGLANG: return "SGLang";
    case KF_INFERENCE_ENGINE_TRTLLM: return "TensorRT-LLM";
    case KF_INFERENCE_ENGINE_DYNAMO: return "Dynamo frontend";
    case KF_INFERENCE_ENGINE_UNKNOWN:
    default: return "unknown";
    }
}

/* The engine whose metrics are present; Dynamo's frontend only when no
 * engine's own metrics are. */
static KfInferenceEngine
detect_engine (Ctx *ctx)
{
  KfInferenceEngine fallback = KF_INFERENCE_ENGINE_UNKNOWN;

  for (guint i = 0; i < ctx->pairs->len; i++)
    {
      KfPromScrape *s = g_array_index (ctx->pairs, Pair, i).cur;

      for (guint j = 0; j < kf_prom_scrape_get_n_families (s); j++)
        {
          const char *name = kf_prom_scrape_get_family (s, j)->name;

          if (g_str_has_prefix (name, "vllm:") || g_str_has_prefix (name, "ray_vllm:"))
            return KF_INFERENCE_ENGINE_VLLM;
          if (g_str_has_prefix (name, "sglang:"))
            return KF_INFERENCE_ENGINE_SGLANG;
          if (g_str_has_prefix (name, "llamacpp:") || g_str_has_prefix (name, "llamacpp_"))
            return KF_INFERENCE_ENGINE_LLAMACPP;
          if (g_str_has_prefix (name, "trtllm_"))
            fallback = KF_INFERENCE_ENGINE_TRTLLM;
          else if (g_str_has_prefix (name, "dynamo_frontend_") && fallback == KF_INFERENCE_ENGINE_UNKNOWN)
            fallback = KF_INFERENCE_ENGINE_DYNAMO;
        }
    }
  return fallback;
}

/* ------------------------------------------------------------------------ */

void
kf_inference_metrics_compute (KfPromScrape * const *current,
                              guint                 n_current,
                              KfPromScrape * const *previous,
                              guint                 n_previous,
                              KfInferenceMetrics   *out)
{
  Ctx ctx;
  double total, delta, rate, dt_sum = 0;
  guint n_matched = 0;
  const char *name;

  g_return_if_fail (out != NULL);
  g_return_if_fail (n_current == 0 || current != NULL);
  g_return_if_fail (n_previous == 0 || previous != NULL);

  memset (out, 0, sizeof *out);
  ctx.pairs = g_array_sized_new (FALSE, TRUE, sizeof (Pair), n_current);
  for (guint i = 0; i < n_current; i++)
    {
      Pair p = { current[i], NULL, 0 };
      const char *source;

      if (current[i] == NULL)
        continue;
      source = kf_prom_scrape_get_source (current[i]);
      for (guint j = 0; j < n_previous && p.prev == NULL; j++)
        {
          const char *psource;

          if (previous[j] == NULL)
            continue;
          psource = kf_prom_scrape_get_source (previous[j]);
          if (source != NULL || psource != NULL ? g_strcmp0 (source, psource) == 0 : i == j)
            p.prev = previous[j];
        }
      if (p.prev != NULL)
        {
          p.dt = (kf_prom_scrape_get_time (p.cur) - kf_prom_scrape_get_time (p.prev)) / 1e6;
          if (p.dt > 0)
            {
              dt_sum += p.dt;
              n_matched++;
            }
          else
            p.prev = NULL;   /* same or older scrape: no window */
        }
      g_array_append_val (ctx.pairs, p);
    }
  ctx.windowed = n_matched > 0;

  out->engine = detect_engine (&ctx);
  out->n_sources = ctx.pairs->len;
  out->windowed = ctx.windowed;
  out->window_seconds = ctx.windowed ? dt_sum / n_matched : 0;

  out->requests_waiting = gauge_sum (&ctx, pick (&ctx, waiting_names));
  if ((name = pick (&ctx, running_names)) != NULL)
    out->requests_running = gauge_sum (&ctx, name);
  else if ((name = pick (&ctx, inflight_names)) != NULL)
    {
      /* Dynamo counts a request in flight from arrival and queued until its
       * first token: the ones running are the difference */
      double inflight = gauge_sum (&ctx, name);
      double queued = gauge_sum (&ctx, "dynamo_frontend_queued_requests");

      out->requests_running = isnan (queued) ? inflight : MAX (inflight - queued, 0);
    }
  else
    out->requests_running = NAN;

  counter_stats (&ctx, pick (&ctx, success_names), &total, &delta, &rate);
  out->requests_total = total;
  out->requests_per_second = rate;

  counter_stats (&ctx, pick (&ctx, prompt_names), &total, &delta, &rate);
  out->prompt_tokens_total = total;
  out->prompt_tokens_per_second = rate;
  if (!ctx.windowed && (name = pick (&ctx, prompt_gauge_names)) != NULL)
    out->prompt_tokens_per_second = gauge_sum (&ctx, name);   /* vLLM v0's own average */

  name = pick (&ctx, generation_names);
  counter_stats (&ctx, name, &total, &delta, &rate);
  out->generation_tokens_metric = name;
  out->generation_tokens_total = total;
  out->generation_tokens_per_second = rate;
  if (!ctx.windowed && (name = pick (&ctx, generation_gauge_names)) != NULL)
    {
      out->generation_tokens_per_second = gauge_sum (&ctx, name);
      out->generation_tokens_metric = name;
    }

  histogram_stats (&ctx, pick (&ctx, ttft_names), &out->ttft_p50, &out->ttft_p90, &out->ttft_p99, &out->ttft_mean);
  out->itl_metric = pick (&ctx, itl_names);
  histogram_stats (&ctx, out->itl_metric, &out->itl_p50, &out->itl_p90, &out->itl_p99, &out->itl_mean);
  histogram_stats (&ctx, pick (&ctx, e2e_names), &out->e2e_p50, &out->e2e_p90, &out->e2e_p99, &out->e2e_mean);

  out->kv_cache_metric = pick (&ctx, kv_names);
  out->kv_cache_usage = gauge_mean (&ctx, out->kv_cache_metric);
  out->kv_cache_usage_max = gauge_max (&ctx, out->kv_cache_metric);

  out->prefix_cache_hit_rate = NAN;
  for (guint i = 0; i < G_N_ELEMENTS (prefix_pairs); i++)
    {
      const char *hits_names[] = { prefix_pairs[i][0], NULL };
      const char *queries_names[] = { prefix_pairs[i][1], NULL };
      double hits_total, hits_delta, queries_total, queries_delta;

      if (pick (&ctx, hits_names) == NULL || pick (&ctx, queries_names) == NULL)
        continue;
      counter_stats (&ctx, prefix_pairs[i][0], &hits_total, &hits_delta, &rate);
      counter_stats (&ctx, prefix_pairs[i][1], &queries_total, &queries_delta, &rate);
      if (ctx.windowed)
        out->prefix_cache_hit_rate = queries_delta > 0 ? hits_delta / queries_delta : NAN;
      else
        out->prefix_cache_hit_rate = queries_total > 0 ? hits_total / queries_total : NAN;
      out->prefix_cache_metric = prefix_pairs[i][0];
      break;
    }
  if (out->prefix_cache_metric == NULL && (name = pick (&ctx, prefix_gauge_names)) != NULL)
    {
      out->prefix_cache_hit_rate = gauge_mean (&ctx, name);
      out->prefix_cache_metric = name;
    }

  g_array_unref (ctx.pairs);
}

void
kf_inference_metrics_compute_one (KfPromScrape       *current,
                                  KfPromScrape       *previous,
                                  KfInferenceMetrics *out)
{
  kf_inference_metrics_compute (&current, current != NULL ? 1 : 0,
                                &previous, previous != NULL ? 1 : 0, out);
}
