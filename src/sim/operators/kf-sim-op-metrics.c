/* kf-sim-op-metrics.c: the serving metrics of the simulated engines
 *
 * Each pod that serves keeps its own counters and histograms (SimPodMetrics),
 * as a real engine process does: they start from zero with each container
 * (a restart resets them) and only move for the requests that pod handled.
 * A request enters through one pod, chosen round robin (Dynamo's frontends,
 * Ray's head, or any ready replica), and for Dynamo is also counted by one
 * worker. The workload keeps totals too (for its logs).
 *
 * /metrics of a pod, in the names of ../shared/fixtures/prometheus and the
 * engines' documentation: vLLM (vllm:*, ray_vllm:* under Ray Serve), SGLang
 * (sglang:*), llama.cpp (llamacpp:*), Ray Serve (ray_serve_*) and Dynamo's
 * frontend (dynamo_frontend_*, followed by the engine's names).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <string.h>

#include "kf-sim-op-metrics.h"

static const double ttft_bounds[] = { 0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
                                      1.0, 2.5, 5.0, 7.5, 10.0 };
static const double e2e_bounds[] = { 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
                                     40.0, 50.0, 60.0 };
static const double itl_bounds[] = { 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75,
                                     1.0, 2.5 };
static const double ms_bounds[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000 };
static const double token_bounds[] = { 0, 16, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768 };

typedef struct
{
  guint64      requests;
  guint64      prompt_tokens;
  guint64      generation_tokens;
  guint64      prefix_queries;
  guint64      prefix_hits;
  guint64      errors;
  double       prompt_seconds;
  double       predict_seconds;
  SimHistogram ttft;
  SimHistogram itl;
  SimHistogram e2e;
  SimHistogram tpot;
  SimHistogram lat_ms;
  SimHistogram isl;      /* Dynamo: input sequence tokens */
  SimHistogram osl;      /* Dynamo: output sequence tokens */
  SimHistogram cached;   /* Dynamo: cached tokens per request */
} SimCounters;

struct _SimPodMetrics
{
  char        *container_id;   /* the container these counters belong to */
  gint64       start_us;
  SimCounters  c;
};

static void
hist_init (SimHistogram *h,
           const double *bounds,
           guint         n)
{
  memset (h, 0, sizeof *h);
  h->bounds = bounds;
  h->n_bounds = MIN (n, SIM_HIST_MAX);
}

static void
hist_observe (SimHistogram *h,
              double        v,
              guint64       times)
{
  guint i = 0;

  while (i < h->n_bounds && v > h->bounds[i])
    i++;
  h->counts[i] += times;
  h->count += times;
  h->sum += v * times;
}

void
sim_workload_init_metrics (SimWorkload *wl)
{
  hist_init (&wl->ttft, ttft_bounds, G_N_ELEMENTS (ttft_bounds));
  hist_init (&wl->e2e, e2e_bounds, G_N_ELEMENTS (e2e_bounds));
  hist_init (&wl->itl, itl_bounds, G_N_ELEMENTS (itl_bounds));
  hist_init (&wl->tpot, itl_bounds, G_N_ELEMENTS (itl_bounds));
  hist_init (&wl->lat_ms, ms_bounds, G_N_ELEMENTS (ms_bounds));
}

void
sim_pod_metrics_free (SimPodMetrics *metrics)
{
  if (metrics == NULL)
    return;
  g_free (metrics->container_id);
  g_free (metrics);
}

/* The counters of @pod's current container, new (zero) after a restart. */
static SimCounters *
pod_counters (SimPod *pod)
{
  SimPodMetrics *m = pod->metrics;

  if (m != NULL && g_strcmp0 (m->container_id, pod->container_id) == 0)
    return &m->c;
  g_clear_pointer (&pod->metrics, sim_pod_metrics_free);
  m = pod->metrics = g_new0 (SimPodMetrics, 1);
  m->container_id = g_strdup (pod->container_id);
  m->start_us = g_get_real_time ();
  hist_init (&m->c.ttft, ttft_bounds, G_N_ELEMENTS (ttft_bounds));
  hist_init (&m->c.e2e, e2e_bounds, G_N_ELEMENTS (e2e_bounds));
  hist_init (&m->c.itl, itl_bounds, G_N_ELEMENTS (itl_bounds));
  hist_init (&m->c.tpot, itl_bounds, G_N_ELEMENTS (itl_bounds));
  hist_init (&m->c.lat_ms, ms_bounds, G_N_ELEMENTS (ms_bounds));
  hist_init (&m->c.isl, token_bounds, G_N_ELEMENTS (token_bounds));
  hist_init (&m->c.osl, token_bounds, G_N_ELEMENTS (token_bounds));
  hist_init (&m->c.cached, token_bounds, G_N_ELEMENTS (token_bounds));
  return &m->c;
}

/* ---- which pods count a request ---- */

static int
compare_pods (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 ((*(SimPod * const *) a)->name, (*(SimPod * const *) b)->name);
}

/* The ready pods of @wl requests enter through (Dynamo's frontends, Ray's
 * head, else every serving replica), or with @workers Dynamo's workers; in
 * name order. */
static GPtrArray *
serving_pods (SimWorkload *wl,
              gboolean     workers)
{
  GPtrArray *all = g_ptr_array_new ();
  GPtrArray *preferred = g_ptr_array_new ();
  g_autoptr(GPtrArray) owned = kf_sim_operators_owned_pods (wl->ops, wl->key);

  for (guint i = 0; i < owned->len; i++)
    {
      SimPod *pod = g_ptr_array_index (owned, i);
      gboolean entry;

      if (!sim_pod_is_ready (pod) ||
          g_strcmp0 (pod->role, "planner") == 0 || g_strcmp0 (pod->role, "operator") == 0)
        continue;
      entry = g_strcmp0 (pod->role, "frontend") == 0 || g_strcmp0 (pod->role, "head") == 0;
      if (workers)
        {
          if (!entry)
            g_ptr_array_add (all, pod);
        }
      else if (entry)
        g_ptr_array_add (preferred, pod);
      else
        g_ptr_array_add (all, pod);
    }
  if (!workers && preferred->len > 0)
    {
      g_ptr_array_unref (all);
      all = preferred;
    }
  else
    g_ptr_array_unref (preferred);
  g_ptr_array_sort (all, compare_pods);
  return all;
}

static SimPod *
next_pod (SimWorkload *wl,
          gboolean     workers,
          guint       *rr)
{
  g_autoptr(GPtrArray) pods = serving_pods (wl, workers);

  if (pods->len == 0)
    return NULL;
  return g_ptr_array_index (pods, (*rr)++ % pods->len);
}

static void
counters_record (SimCounters *c,
                 double       ttft,
                 double       itl,
                 double       e2e,
                 guint        prompt,
                 guint        gen,
                 guint        cached)
{
  c->requests++;
  c->prompt_tokens += prompt;
  c->generation_tokens += gen;
  c->prefix_queries += prompt;
  c->prefix_hits += MIN (cached, prompt);
  c->prompt_seconds += ttft;
  c->predict_seconds += itl * gen;
  hist_observe (&c->ttft, ttft, 1);
  hist_observe (&c->e2e, e2e, 1);
  if (gen > 1)
    hist_observe (&c->itl, itl, gen - 1);
  hist_observe (&c->tpot, itl, 1);
  hist_observe (&c->lat_ms, e2e * 1000, 1);
  hist_observe (&c->isl, prompt, 1);
  hist_observe (&c->osl, gen, 1);
  hist_observe (&c->cached, MIN (cached, prompt), 1);
}

void
sim_metrics_record (SimWorkload *wl,
                    guint        prompt,
                    guint        gen,
                    guint        cached)
{
  double ttft = 0.045 + prompt * 0.00035;
  double itl = 0.011 + (gen % 7) * 0.0013;
  double e2e = ttft + itl * MAX (gen, 1) + 0.004;
  SimPod *entry, *worker;

  /* the workload's totals */
  wl->requests++;
  wl->prompt_tokens += prompt;
  wl->generation_tokens += gen;
  wl->prefix_queries += prompt;
  wl->prefix_hits += MIN (cached, prompt);
  wl->prompt_seconds += ttft;
  wl->predict_seconds += itl * gen;
  hist_observe (&wl->ttft, ttft, 1);
  hist_observe (&wl->e2e, e2e, 1);
  if (gen > 1)
    hist_observe (&wl->itl, itl, gen - 1);
  hist_observe (&wl->tpot, itl, 1);
  hist_observe (&wl->lat_ms, e2e * 1000, 1);

  /* the pods that served it */
  entry = next_pod (wl, FALSE, &wl->rr_entry);
  if (entry != NULL)
    counters_record (pod_counters (entry), ttft, itl, e2e, prompt, gen, cached);
  if (g_strcmp0 (wl->provider, "dynamo") == 0 && (worker = next_pod (wl, TRUE, &wl->rr_worker)) != NULL &&
      worker != entry)
    counters_record (pod_counters (worker), ttft, itl, e2e, prompt, gen, cached);
}

/* ---- the text format ---- */

static void
num (GString *out,
     double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (buf, sizeof buf, v);
  g_string_append (out, buf);
  if (!strpbrk (buf, ".eEnN"))
    g_string_append (out, ".0");
}

static void
header (GString    *out,
        const char *name,
        const char *type,
        const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
sample (GString    *out,
        const char *name,
        const char *labels,
        double      v)
{
  g_string_append_printf (out, "%s{%s} ", name, labels);
  num (out, v);
  g_string_append_c (out, '\n');
}

static void
metric (GString    *out,
        const char *name,
        const char *type,
        const char *help,
        const char *labels,
        double      v)
{
  header (out, name, type, help);
  sample (out, name, labels, v);
}

static void
histogram (GString      *out,
           const char   *name,
           const char   *help,
           const char   *labels,
           SimHistogram *h)
{
  guint64 cum = 0;
  g_autofree char *bucket = g_strdup_printf ("%s_bucket", name);
  g_autofree char *count = g_strdup_printf ("%s_count", name);
  g_autofree char *sum = g_strdup_printf ("%s_sum", name);

  header (out, name, "histogram", help);
  for (guint i = 0; i <= h->n_bounds; i++)
    {
      char le[G_ASCII_DTOSTR_BUF_SIZE];
      g_autoptr(GString) lbl = g_string_new (NULL);

      cum += h->counts[i];
      if (i < h->n_bounds)
        {
          g_ascii_dtostr (le, sizeof le, h->bounds[i]);
          if (!strchr (le, '.') && !strchr (le, 'e'))
            g_strlcat (le, ".0", sizeof le);
        }
      else
        g_strlcpy (le, "+Inf", sizeof le);
      g_string_printf (lbl, "le=\"%s\"%s%s", le, *labels ? "," : "", labels);
      sample (out, bucket, lbl->str, (double) cum);
    }
  sample (out, count, labels, (double) h->count);
  sample (out, sum, labels, h->sum);
}

typedef struct
{
  SimWorkload *wl;
  SimPod      *pod;
  SimCounters *c;
  double       uptime;    /* seconds since the container started */
  int          running;
  int          waiting;
  double       usage;     /* KV cache, 0..1 */
} View;

static const char *
served (View *v)
{
  return v->wl->served_name ? v->wl->served_name : "model";
}

static void
vllm_text (GString    *out,
           View       *v,
           const char *p)
{
  g_autofree char *labels = g_strdup_printf ("model_name=\"%s\"", served (v));
  g_autofree char *success = g_strdup_printf ("finished_reason=\"stop\",%s", labels);
  SimCounters *c = v->c;
#define M(name) g_autofree char *name = g_strdup_printf ("%s%s", p, #name)
  M (num_requests_running);
  M (num_requests_waiting);
  M (kv_cache_usage_perc);
  M (gpu_cache_usage_perc);
  M (prompt_tokens_total);
  M (generation_tokens_total);
  M (request_success_total);
  M (prefix_cache_queries_total);
  M (prefix_cache_hits_total);
  M (gpu_prefix_cache_hit_rate);
  M (avg_generation_throughput_toks_per_s);
  M (time_to_first_token_seconds);
  M (inter_token_latency_seconds);
  M (time_per_output_token_seconds);
  M (e2e_request_latency_seconds);
#undef M

  metric (out, num_requests_running, "gauge", "Number of requests in model execution batches.", labels, v->running);
  metric (out, num_requests_waiting, "gauge", "Number of requests waiting to be processed.", labels, v->waiting);
  metric (out, kv_cache_usage_perc, "gauge", "KV-cache usage. 1 means 100 percent usage.", labels, v->usage);
  metric (out, gpu_cache_usage_perc, "gauge", "GPU KV-cache usage. 1 means 100 percent usage.", labels, v->usage);
  metric (out, prompt_tokens_total, "counter", "Number of prefill tokens processed.", labels, c->prompt_tokens);
  metric (out, generation_tokens_total, "counter", "Number of generation tokens processed.", labels,
          c->generation_tokens);
  metric (out, request_success_total, "counter", "Count of successfully processed requests.", success, c->requests);
  metric (out, prefix_cache_queries_total, "counter", "Prefix cache queries, in terms of number of queried tokens.",
          labels, c->prefix_queries);
  metric (out, prefix_cache_hits_total, "counter", "Prefix cache hits, in terms of number of cached tokens.", labels,
          c->prefix_hits);
  metric (out, gpu_prefix_cache_hit_rate, "gauge", "GPU prefix cache block hit rate.", labels,
          c->prefix_queries ? (double) c->prefix_hits / c->prefix_queries : 0);
  metric (out, avg_generation_throughput_toks_per_s, "gauge", "Average generation throughput in tokens/s.", labels,
          c->generation_tokens / v->uptime);
  histogram (out, time_to_first_token_seconds, "Histogram of time to first token in seconds.", labels, &c->ttft);
  histogram (out, inter_token_latency_seconds, "Histogram of inter-token latency in seconds.", labels, &c->itl);
  histogram (out, time_per_output_token_seconds, "Histogram of time per output token in seconds.", labels, &c->tpot);
  histogram (out, e2e_request_latency_seconds, "Histogram of end to end request latency in seconds.", labels, &c->e2e);
}

static void
sglang_text (GString *out,
             View    *v)
{
  g_autofree char *labels = g_strdup_printf ("engine_type=\"unified\",model_name=\"%s\",pp_rank=\"0\",tp_rank=\"0\"",
                                             served (v));
  g_autofree char *cache = g_strdup_printf ("cache_source=\"device\",engine_type=\"unified\",model_name=\"%s\"",
                                            served (v));
  SimCounters *c = v->c;

  metric (out, "sglang:num_running_reqs", "gauge", "The number of running requests.", labels, v->running);
  metric (out, "sglang:num_queue_reqs", "gauge", "The number of requests in the waiting queue.", labels, v->waiting);
  metric (out, "sglang:num_used_tokens", "gauge", "The number of used tokens.", labels, v->usage * 65536);
  metric (out, "sglang:token_usage", "gauge", "The token usage.", labels, v->usage);
  metric (out, "sglang:gen_throughput", "gauge", "The generation throughput (token/s).", labels,
          c->generation_tokens / v->uptime);
  metric (out, "sglang:cache_hit_rate", "gauge", "The prefix cache hit rate.", labels,
          c->prefix_queries ? (double) c->prefix_hits / c->prefix_queries : 0);
  metric (out, "sglang:prompt_tokens_total", "counter", "Number of prefill tokens processed.", labels,
          c->prompt_tokens);
  metric (out, "sglang:generation_tokens_total", "counter", "Number of generation tokens processed.", labels,
          c->generation_tokens);
  metric (out, "sglang:cached_tokens_total", "counter", "Number of cached prompt tokens.", cache, c->prefix_hits);
  metric (out, "sglang:num_requests_total", "counter", "Number of requests processed.", labels, c->requests);
  histogram (out, "sglang:time_to_first_token_seconds", "Histogram of time to first token in seconds.", labels,
             &c->ttft);
  histogram (out, "sglang:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", labels,
             &c->itl);
  histogram (out, "sglang:e2e_request_latency_seconds", "Histogram of End-to-end request latency in seconds",
             labels, &c->e2e);
}

static void
dynamo_frontend_text (GString *out,
                      View    *v)
{
  g_autofree char *labels = g_strdup_printf ("model=\"%s\"", served (v));
  g_autofree char *req = g_strdup_printf ("endpoint=\"chat_completions\",model=\"%s\",request_type=\"stream\","
                                          "status=\"success\"", served (v));
  SimCounters *c = v->c;

  metric (out, "dynamo_frontend_requests_total", "counter", "Total number of LLM requests processed", req,
          c->requests);
  metric (out, "dynamo_frontend_queued_requests", "gauge",
          "Number of requests in HTTP processing queue", labels, v->waiting);
  metric (out, "dynamo_frontend_inflight_requests", "gauge", "Number of inflight requests", labels,
          v->running + v->waiting);
  metric (out, "dynamo_frontend_output_tokens_total", "counter", "Total number of output tokens generated", labels,
          c->generation_tokens);
  histogram (out, "dynamo_frontend_input_sequence_tokens", "Input sequence length in tokens", labels, &c->isl);
  histogram (out, "dynamo_frontend_output_sequence_tokens", "Output sequence length in tokens", labels, &c->osl);
  histogram (out, "dynamo_frontend_cached_tokens", "Number of cached tokens (prefix cache hits) per request",
             labels, &c->cached);
  histogram (out, "dynamo_frontend_time_to_first_token_seconds", "Time to first token in seconds", labels, &c->ttft);
  histogram (out, "dynamo_frontend_inter_token_latency_seconds", "Inter-token latency in seconds", labels, &c->itl);
  histogram (out, "dynamo_frontend_request_duration_seconds", "Duration of LLM requests", labels, &c->e2e);
}

static void
llamacpp_text (GString *out,
               View    *v)
{
  SimCounters *c = v->c;
  double prompt_tps = c->prompt_seconds > 0 ? c->prompt_tokens / c->prompt_seconds : 0;
  double gen_tps = c->predict_seconds > 0 ? c->generation_tokens / c->predict_seconds : 0;

  g_string_append_printf (out,
    "# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.\n"
    "# TYPE llamacpp:prompt_tokens_total counter\nllamacpp:prompt_tokens_total %" G_GUINT64_FORMAT "\n"
    "# HELP llamacpp:prompt_seconds_total Prompt process time\n"
    "# TYPE llamacpp:prompt_seconds_total counter\nllamacpp:prompt_seconds_total %.2f\n"
    "# HELP llamacpp:tokens_predicted_total Number of generation tokens processed.\n"
    "# TYPE llamacpp:tokens_predicted_total counter\nllamacpp:tokens_predicted_total %" G_GUINT64_FORMAT "\n"
    "# HELP llamacpp:tokens_predicted_seconds_total Predict process time\n"
    "# TYPE llamacpp:tokens_predicted_seconds_total counter\nllamacpp:tokens_predicted_seconds_total %.2f\n"
    "# HELP llamacpp:prompt_tokens_seconds Average prompt throughput in tokens/s.\n"
    "# TYPE llamacpp:prompt_tokens_seconds gauge\nllamacpp:prompt_tokens_seconds %g\n"
    "# HELP llamacpp:predicted_tokens_seconds Average generation throughput in tokens/s.\n"
    "# TYPE llamacpp:predicted_tokens_seconds gauge\nllamacpp:predicted_tokens_seconds %g\n"
    "# HELP llamacpp:kv_cache_usage_ratio KV-cache usage. 1 means 100 percent usage.\n"
    "# TYPE llamacpp:kv_cache_usage_ratio gauge\nllamacpp:kv_cache_usage_ratio %g\n"
    "# HELP llamacpp:kv_cache_tokens KV-cache tokens.\n"
    "# TYPE llamacpp:kv_cache_tokens gauge\nllamacpp:kv_cache_tokens %" G_GUINT64_FORMAT "\n"
    "# HELP llamacpp:requests_processing Number of request processing.\n"
    "# TYPE llamacpp:requests_processing gauge\nllamacpp:requests_processing %d\n"
    "# HELP llamacpp:requests_deferred Number of request deferred.\n"
    "# TYPE llamacpp:requests_deferred gauge\nllamacpp:requests_deferred %d\n",
    c->prompt_tokens, c->prompt_seconds, c->generation_tokens, c->predict_seconds,
    prompt_tps, gen_tps, MIN (1.0, v->running * 0.12), (guint64) v->running * 350, v->running, v->waiting);
}

static void
ray_text (GString *out,
          View    *v)
{
  g_autofree char *app = g_strdup_printf ("application=\"llms\",deployment=\"LLMServer:%s\"", served (v));
  const char *http = "application=\"llms\",method=\"POST\",route=\"/\",status_code=\"200\"";
  SimCounters *c = v->c;

  metric (out, "ray_serve_num_http_requests_total", "counter", "The number of HTTP requests processed.", http,
          c->requests);
  metric (out, "ray_serve_num_http_error_requests_total", "counter", "The number of non-200 HTTP responses.", http,
          c->errors);
  metric (out, "ray_serve_deployment_request_counter_total", "counter",
          "The number of queries that have been processed in this replica.", app, c->requests);
  metric (out, "ray_serve_deployment_error_counter_total", "counter",
          "The number of exceptions that have occurred in this replica.", app, c->errors);
  metric (out, "ray_serve_replica_processing_queries", "gauge", "The current number of queries being processed.",
          app, v->running);
  metric (out, "ray_serve_deployment_queued_queries", "gauge",
          "The current number of queries to this deployment waiting to be assigned to a replica.", app, v->waiting);
  histogram (out, "ray_serve_deployment_processing_latency_ms", "The latency for queries to be processed.", app,
             &c->lat_ms);
  histogram (out, "ray_serve_http_request_latency_ms",
             "The end-to-end latency of HTTP requests (measured from the Serve HTTP proxy).", http, &c->lat_ms);
  vllm_text (out, v, "ray_vllm:");
}

char *
sim_metrics_text (SimWorkload *wl,
                  SimPod      *pod)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) entries = serving_pods (wl, FALSE);
  View v = { wl, pod, pod_counters (pod), 1.0, 0, 0, 0 };
  gboolean frontend = g_strcmp0 (pod->role, "frontend") == 0;

  v.uptime = MAX (1.0, (g_get_real_time () - pod->metrics->start_us) / 1e6);
  /* a little load while traffic flows, and the streams in flight on the
   * first pod requests enter through */
  v.running = (v.c->requests % 3 != 0 ? 1 : 0) +
              (entries->len > 0 && g_ptr_array_index (entries, 0) == pod ? wl->running : 0);
  v.waiting = wl->waiting;
  /* a model's KV cache holds a few running sequences and some cached prefixes */
  v.usage = v.c->requests == 0 ? 0 : MIN (1.0, 0.06 + v.running * 0.09 + (v.c->requests % 7) * 0.012);

  if (g_strcmp0 (wl->engine, "ray") == 0)
    ray_text (out, &v);
  else if (g_strcmp0 (wl->engine, "llamacpp") == 0)
    llamacpp_text (out, &v);
  else
    {
      if (g_strcmp0 (wl->provider, "dynamo") == 0 && frontend)
        dynamo_frontend_text (out, &v);
      /* the engine's own names (on the frontend too: a simplification, the
       * real frontend has only dynamo_frontend_*); TensorRT-LLM behind
       * Dynamo is seen through the frontend and its workers' KV stats */
      if (g_strcmp0 (wl->engine, "sglang") == 0)
        sglang_text (out, &v);
      else if (g_strcmp0 (wl->engine, "trtllm") == 0)
        {
          if (!frontend)
            metric (out, "dynamo_component_kvstats_gpu_cache_usage_percent", "gauge",
                    "GPU cache usage as a percentage (0.0-1.0)", "dynamo_component=\"tensorrt_llm\"", v.usage);
        }
      else
        vllm_text (out, &v, "vllm:");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
