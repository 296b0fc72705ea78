/* test-inference-metrics.c: serving metrics from vLLM, SGLang, llama.cpp and
 * Dynamo frontend scrapes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kf-inference-metrics.h"

#define EPS 1e-9

static char *
fixture (const char *name,
         gsize      *len)
{
  const char *dir = g_getenv ("KF_FIXTURES_DIR");
  g_autofree char *path = NULL;
  char *data = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "prometheus", name, NULL);
  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  return data;
}

static KfPromScrape *
scrape (const char *text,
        const char *source,
        double      time_s)
{
  g_autoptr(GError) error = NULL;
  KfPromScrape *s = kf_prom_scrape_parse (text, strlen (text), 0, &error);

  g_assert_no_error (error);
  kf_prom_scrape_set_source (s, source);
  kf_prom_scrape_set_time (s, (gint64) (time_s * G_USEC_PER_SEC));
  return s;
}

/* ------------------------------------------------------------------------ */
/* histogram_quantile, worked by hand as PromQL's bucketQuantile does        */

static void
test_quantile (void)
{
  /* cumulative buckets le=0.1:10, 0.5:30, 1:40, +Inf:40 (40 observations)
   * q=0.5: rank 20 falls in (0.1, 0.5], which holds 30-10=20, rank in it
   *        20-10=10 → 0.1 + 0.4 × 10/20 = 0.3
   * q=0.9: rank 36 in (0.5, 1] holding 10, rank 6 → 0.5 + 0.5 × 0.6 = 0.8
   * q=0.99: rank 39.6 → 0.5 + 0.5 × 9.6/10 = 0.98
   * q=0.1: rank 4 in the first bucket, whose lower bound is 0 → 0.1 × 4/10 = 0.04 */
  const double le[] = { 0.1, 0.5, 1, INFINITY };
  const double c[] = { 10, 30, 40, 40 };
  /* a quantile in the +Inf bucket gives the highest finite bound:
   * le=1:1, 2:2, +Inf:10; q=0.5 → rank 5 > 2 → 2 */
  const double le2[] = { 1, 2, INFINITY };
  const double c2[] = { 1, 2, 10 };
  /* unsorted and non-monotonic input is sorted and fixed up:
   * (+Inf:4, 1:3, 0.5:4) → 0.5:4, 1:4, +Inf:4; q=0.5 → rank 2 → 0.5 × 2/4 = 0.25 */
  const double le3[] = { INFINITY, 1, 0.5 };
  const double c3[] = { 4, 3, 4 };
  /* equal bounds are merged: (1:2, 1:2, +Inf:4) → 1:4, +Inf:4 → 1 × 2/4 = 0.5 */
  const double le4[] = { 1, 1, INFINITY };
  const double c4[] = { 2, 2, 4 };
  /* a first bucket with a bound <= 0 returns that bound: q=0.25 → rank 1 → -1 */
  const double le5[] = { -1, 0, INFINITY };
  const double c5[] = { 2, 3, 4 };
  const double no_inf[] = { 1, 2 };
  const double zeros[] = { 0, 0, 0, 0 };

  g_assert_cmpfloat_with_epsilon (kf_prom_histogram_quantile (0.5, le, c, 4), 0.3, EPS);
  g_assert_cmpfloat_with_epsilon (kf_prom_histogram_quantile (0.9, le, c, 4), 0.8, EPS);
  g_assert_cmpfloat_with_epsilon (kf_prom_histogram_quantile (0.99, le, c, 4), 0.98, EPS);
  g_assert_cmpfloat_with_epsilon (kf_prom_histogram_quantile (0.1, le, c, 4), 0.04, EPS);
  g_assert_cmpfloat_with_epsilon (kf_prom_histogram_quantile (0.5, le2, c2, 3), 2, EPS);
  g_assert_cmpfloat_with_epsilon (kf_prom_histogram_quantile (0.5, le3, c3, 3), 0.25, EPS);
  g_assert_cmpfloat_with_epsilon (kf_prom_histogram_quantile (0.5, le4, c4, 3), 0.5, EPS);
  g_assert_cmpfloat_with_epsilon (kf_prom_histogram_quantile (0.25, le5, c5, 3), -1, EPS);
  g_assert_true (isnan (kf_prom_histogram_quantile (0.5, no_inf, c2, 2)));
  g_assert_true (isnan (kf_prom_histogram_quantile (0.5, le, zeros, 4)));
  g_assert_true (isnan (kf_prom_histogram_quantile (0.5, NULL, NULL, 0)));
  g_assert_true (isnan (kf_prom_histogram_quantile (NAN, le, c, 4)));
  g_assert_true (isinf (kf_prom_histogram_quantile (-0.1, le, c, 4)) && kf_prom_histogram_quantile (-0.1, le, c, 4) < 0);
  g_assert_true (isinf (kf_prom_histogram_quantile (1.1, le, c, 4)) && kf_prom_histogram_quantile (1.1, le, c, 4) > 0);
}

/* ------------------------------------------------------------------------ */

static void
test_vllm_fixture (void)
{
  gsize len;
  g_autofree char *data = fixture ("vllm-metrics-opt-125m.prom", &len);
  g_autoptr(KfPromScrape) s = kf_prom_scrape_parse (data, len, 0, NULL);
  KfInferenceMetrics m;

  kf_inference_metrics_compute_one (s, NULL, &m);
  g_assert_cmpint (m.engine, ==, KF_INFERENCE_ENGINE_VLLM);
  g_assert_cmpstr (kf_inference_engine_to_string (m.engine), ==, "vLLM");
  g_assert_false (m.windowed);
  g_assert_cmpuint (m.n_sources, ==, 1);
  g_assert_cmpfloat (m.requests_running, ==, 0);
  g_assert_cmpfloat (m.requests_waiting, ==, 0);
  g_assert_cmpfloat (m.prompt_tokens_total, ==, 5);
  g_assert_cmpfloat (m.generation_tokens_total, ==, 7);
  g_assert_cmpfloat (m.requests_total, ==, 1);
  g_assert_true (isnan (m.requests_per_second));
  /* one scrape: vLLM's own average-throughput gauge */
  g_assert_cmpfloat (m.generation_tokens_per_second, ==, 0);
  g_assert_cmpstr (m.generation_tokens_metric, ==, "vllm:avg_generation_throughput_toks_per_s");

  /* TTFT: one request, in (0.25, 0.5] → p50 = 0.25 + 0.25 × 0.5 = 0.375,
   * p90 = 0.25 + 0.25 × 0.9 = 0.475, p99 = 0.4975; mean = sum/count */
  g_assert_cmpfloat_with_epsilon (m.ttft_p50, 0.375, EPS);
  g_assert_cmpfloat_with_epsilon (m.ttft_p90, 0.475, EPS);
  g_assert_cmpfloat_with_epsilon (m.ttft_p99, 0.4975, EPS);
  g_assert_cmpfloat_with_epsilon (m.ttft_mean, 0.31326723098754883, EPS);

  /* both ITL names are exported: the current one wins.
   * le=0.01:141, 0.1:144, +Inf:144 → p50: rank 72 → 0.01 × 72/141;
   * p99: rank 142.56 → 0.01 + 0.09 × 1.56/3 = 0.0568 */
  g_assert_cmpstr (m.itl_metric, ==, "vllm:inter_token_latency_seconds");
  g_assert_cmpfloat_with_epsilon (m.itl_p50, 0.01 * 72 / 141, EPS);
  g_assert_cmpfloat_with_epsilon (m.itl_p99, 0.0568, EPS);
  g_assert_cmpfloat_with_epsilon (m.itl_mean, 0.6237391703762114 / 144, EPS);

  /* e2e: one request in (0, 1] → p90 = 0.9 */
  g_assert_cmpfloat_with_epsilon (m.e2e_p90, 0.9, EPS);

  g_assert_cmpstr (m.kv_cache_metric, ==, "vllm:kv_cache_usage_perc");
  g_assert_cmpfloat (m.kv_cache_usage, ==, 0);
  /* 64 hits out of 117 queried tokens */
  g_assert_cmpstr (m.prefix_cache_metric, ==, "vllm:prefix_cache_hits_total");
  g_assert_cmpfloat_with_epsilon (m.prefix_cache_hit_rate, 64.0 / 117.0, EPS);
}

/* A v0-era vLLM: only the old names. */
static void
test_vllm_fallbacks (void)
{
  g_autoptr(KfPromScrape) s = scrape (
    "# TYPE vllm:gpu_cache_usage_perc gauge\n"
    "vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.25\n"
    "# TYPE vllm:gpu_prefix_cache_hit_rate gauge\n"
    "vllm:gpu_prefix_cache_hit_rate{model_name=\"m\"} 0.4\n"
    "# TYPE vllm:time_per_output_token_seconds histogram\n"
    "vllm:time_per_output_token_seconds_bucket{le=\"0.05\",model_name=\"m\"} 8\n"
    "vllm:time_per_output_token_seconds_bucket{le=\"0.1\",model_name=\"m\"} 10\n"
    "vllm:time_per_output_token_seconds_bucket{le=\"+Inf\",model_name=\"m\"} 10\n"
    "vllm:time_per_output_token_seconds_sum{model_name=\"m\"} 0.5\n"
    "vllm:time_per_output_token_seconds_count{model_name=\"m\"} 10\n",
    NULL, 0);
  KfInferenceMetrics m;

  kf_inference_metrics_compute_one (s, NULL, &m);
  g_assert_cmpint (m.engine, ==, KF_INFERENCE_ENGINE_VLLM);
  g_assert_cmpstr (m.kv_cache_metric, ==, "vllm:gpu_cache_usage_perc");
  g_assert_cmpfloat (m.kv_cache_usage, ==, 0.25);
  g_assert_cmpstr (m.itl_metric, ==, "vllm:time_per_output_token_seconds");
  /* rank 5 of 10 in (0, 0.05] holding 8 → 0.05 × 5/8 */
  g_assert_cmpfloat_with_epsilon (m.itl_p50, 0.05 * 5 / 8, EPS);
  /* rank 9.9 in (0.05, 0.1] holding 2, rank 1.9 → 0.05 + 0.05 × 0.95 */
  g_assert_cmpfloat_with_epsilon (m.itl_p99, 0.0975, EPS);
  g_assert_cmpstr (m.prefix_cache_metric, ==, "vllm:gpu_prefix_cache_hit_rate");
  g_assert_cmpfloat (m.prefix_cache_hit_rate, ==, 0.4);
  /* not exported: NaN, not 0 */
  g_assert_true (isnan (m.requests_running));
  g_assert_true (isnan (m.ttft_p50));
  g_assert_true (isnan (m.prompt_tokens_total));
  g_assert_true (isnan (m.prompt_tokens_per_second));
}

static const char *vllm_t0 =
  "# TYPE vllm:num_requests_running gauge\n"
  "vllm:num_requests_running{model_name=\"m\"} 3\n"
  "# TYPE vllm:request_success_total counter\n"
  "vllm:request_success_total{finished_reason=\"stop\",model_name=\"m\"} 25\n"
  "vllm:request_success_total{finished_reason=\"length\",model_name=\"m\"} 5\n"
  "# TYPE vllm:prompt_tokens_total counter\n"
  "vllm:prompt_tokens_total{model_name=\"m\"} 1000\n"
  "# TYPE vllm:generation_tokens_total counter\n"
  "vllm:generation_tokens_total{model_name=\"m\"} 5000\n"
  "# TYPE vllm:prefix_cache_queries_total counter\n"
  "vllm:prefix_cache_queries_total{model_name=\"m\"} 100\n"
  "# TYPE vllm:prefix_cache_hits_total counter\n"
  "vllm:prefix_cache_hits_total{model_name=\"m\"} 10\n"
  "# TYPE vllm:time_to_first_token_seconds histogram\n"
  "vllm:time_to_first_token_seconds_bucket{le=\"0.1\",model_name=\"m\"} 10\n"
  "vllm:time_to_first_token_seconds_bucket{le=\"0.5\",model_name=\"m\"} 20\n"
  "vllm:time_to_first_token_seconds_bucket{le=\"1\",model_name=\"m\"} 30\n"
  "vllm:time_to_first_token_seconds_bucket{le=\"+Inf\",model_name=\"m\"} 30\n"
  "vllm:time_to_first_token_seconds_sum{model_name=\"m\"} 12\n"
  "vllm:time_to_first_token_seconds_count{model_name=\"m\"} 30\n";

static const char *vllm_t10 =
  "# TYPE vllm:num_requests_running gauge\n"
  "vllm:num_requests_running{model_name=\"m\"} 4\n"
  "# TYPE vllm:request_success_total counter\n"
  "vllm:request_success_total{finished_reason=\"stop\",model_name=\"m\"} 40\n"
  "vllm:request_success_total{finished_reason=\"length\",model_name=\"m\"} 10\n"
  "# TYPE vllm:prompt_tokens_total counter\n"
  "vllm:prompt_tokens_total{model_name=\"m\"} 1500\n"
  "# TYPE vllm:generation_tokens_total counter\n"
  "vllm:generation_tokens_total{model_name=\"m\"} 6000\n"
  "# TYPE vllm:prefix_cache_queries_total counter\n"
  "vllm:prefix_cache_queries_total{model_name=\"m\"} 300\n"
  "# TYPE vllm:prefix_cache_hits_total counter\n"
  "vllm:prefix_cache_hits_total{model_name=\"m\"} 160\n"
  "# TYPE vllm:time_to_first_token_seconds histogram\n"
  "vllm:time_to_first_token_seconds_bucket{le=\"0.1\",model_name=\"m\"} 10\n"
  "vllm:time_to_first_token_seconds_bucket{le=\"0.5\",model_name=\"m\"} 40\n"
  "vllm:time_to_first_token_seconds_bucket{le=\"1\",model_name=\"m\"} 50\n"
  "vllm:time_to_first_token_seconds_bucket{le=\"+Inf\",model_name=\"m\"} 50\n"
  "vllm:time_to_first_token_seconds_sum{model_name=\"m\"} 22\n"
  "vllm:time_to_first_token_seconds_count{model_name=\"m\"} 50\n";

static void
test_vllm_window (void)
{
  g_autoptr(KfPromScrape) a = scrape (vllm_t0, NULL, 100);
  g_autoptr(KfPromScrape) b = scrape (vllm_t10, NULL, 110);
  g_autoptr(KfPromScrape) b_again = scrape (vllm_t10, NULL, 120);
  KfInferenceMetrics m;

  kf_inference_metrics_compute_one (b, a, &m);
  g_assert_true (m.windowed);
  g_assert_cmpfloat_with_epsilon (m.window_seconds, 10, EPS);
  g_assert_cmpfloat (m.requests_running, ==, 4);
  /* finished: (40 + 10) - (25 + 5) = 20 in 10 s, over both finish reasons */
  g_assert_cmpfloat (m.requests_total, ==, 50);
  g_assert_cmpfloat_with_epsilon (m.requests_per_second, 2, EPS);
  /* (1500 - 1000) / 10 s and (6000 - 5000) / 10 s */
  g_assert_cmpfloat_with_epsilon (m.prompt_tokens_per_second, 50, EPS);
  g_assert_cmpfloat_with_epsilon (m.generation_tokens_per_second, 100, EPS);
  g_assert_cmpstr (m.generation_tokens_metric, ==, "vllm:generation_tokens_total");
  /* window buckets: 0.1:0, 0.5:20, 1:20, +Inf:20 (20 requests)
   * p50: rank 10 in (0.1, 0.5] holding 20 → 0.1 + 0.4 × 10/20 = 0.3
   * p90: rank 18 → 0.1 + 0.4 × 0.9 = 0.46; p99: 0.1 + 0.4 × 0.99 = 0.496
   * mean: (22 - 12) / (50 - 30) = 0.5 (the since-start mean would be 0.44) */
  g_assert_cmpfloat_with_epsilon (m.ttft_p50, 0.3, EPS);
  g_assert_cmpfloat_with_epsilon (m.ttft_p90, 0.46, EPS);
  g_assert_cmpfloat_with_epsilon (m.ttft_p99, 0.496, EPS);
  g_assert_cmpfloat_with_epsilon (m.ttft_mean, 0.5, EPS);
  /* prefix cache over the window: (160 - 10) / (300 - 100) */
  g_assert_cmpfloat_with_epsilon (m.prefix_cache_hit_rate, 0.75, EPS);

  /* no request in the window: latencies unknown, rates zero */
  kf_inference_metrics_compute_one (b_again, b, &m);
  g_assert_true (m.windowed);
  g_assert_true (isnan (m.ttft_p50));
  g_assert_true (isnan (m.ttft_mean));
  g_assert_cmpfloat (m.generation_tokens_per_second, ==, 0);
  g_assert_true (isnan (m.prefix_cache_hit_rate));

  /* the same scrape twice is no window */
  kf_inference_metrics_compute_one (b, b, &m);
  g_assert_false (m.windowed);
  g_assert_true (isnan (m.generation_tokens_per_second));
  g_assert_cmpfloat_with_epsilon (m.ttft_p50, 0.1 + 0.4 * 15 / 30, EPS);   /* since start: rank 25 */
}

/* Several pods, matched by source, with a counter reset on one. */
static void
test_aggregation (void)
{
  const char *pod_a0 = "vllm:num_requests_running{model_name=\"x\"} 1\nvllm:generation_tokens_total{model_name=\"x\"} 1000\n"
                       "vllm:kv_cache_usage_perc{model_name=\"x\"} 0.1\n";
  const char *pod_a1 = "vllm:num_requests_running{model_name=\"x\"} 3\nvllm:generation_tokens_total{model_name=\"x\"} 1500\n"
                       "vllm:kv_cache_usage_perc{model_name=\"x\"} 0.2\n";
  const char *pod_b0 = "vllm:num_requests_running{model_name=\"x\"} 9\nvllm:generation_tokens_total{model_name=\"x\"} 900\n"
                       "vllm:kv_cache_usage_perc{model_name=\"x\"} 0.9\n";
  /* pod b restarted: its counter went back to 100 */
  const char *pod_b1 = "vllm:num_requests_running{model_name=\"x\"} 4\nvllm:generation_tokens_total{model_name=\"x\"} 100\n"
                       "vllm:kv_cache_usage_perc{model_name=\"x\"} 0.6\n"
                       "vllm:generation_tokens_total{model_name=\"y\"} 50\n";
  KfPromScrape *prev[] = { scrape (pod_b0, "pod-b", 0), scrape (pod_a0, "pod-a", 5) };
  KfPromScrape *cur[] = { scrape (pod_a1, "pod-a", 10), scrape (pod_b1, "pod-b", 10), scrape (pod_a1, "pod-c", 10) };
  KfInferenceMetrics m;

  /* pods a and b only */
  kf_inference_metrics_compute (cur, 2, prev, 2, &m);
  g_assert_true (m.windowed);
  g_assert_cmpuint (m.n_sources, ==, 2);
  g_assert_cmpfloat_with_epsilon (m.window_seconds, 7.5, EPS);
  g_assert_cmpfloat (m.requests_running, ==, 7);
  /* a: 500 tokens in 5 s = 100/s; b: reset → 100 tokens, plus model y
   * (new series, from 0) 50 tokens, in 10 s = 15/s */
  g_assert_cmpfloat_with_epsilon (m.generation_tokens_per_second, 115, EPS);
  g_assert_cmpfloat (m.generation_tokens_total, ==, 1650);
  g_assert_cmpfloat_with_epsilon (m.kv_cache_usage, 0.4, EPS);

  /* pod c has no previous scrape: it counts for gauges, not for rates */
  kf_inference_metrics_compute (cur, 3, prev, 2, &m);
  g_assert_cmpfloat (m.requests_running, ==, 10);
  g_assert_cmpfloat_with_epsilon (m.generation_tokens_per_second, 115, EPS);

  for (guint i = 0; i < G_N_ELEMENTS (prev); i++)
    kf_prom_scrape_unref (prev[i]);
  for (guint i = 0; i < G_N_ELEMENTS (cur); i++)
    kf_prom_scrape_unref (cur[i]);
}

static void
test_llamacpp (void)
{
  gsize len;
  g_autofree char *data = fixture ("llamacpp-server-metrics.prom", &len);
  g_autoptr(KfPromScrape) s0 = scrape (data, "aikit-0", 0);
  GString *later = g_string_new (data);
  g_autoptr(KfPromScrape) s1 = NULL;
  KfInferenceMetrics m;

  kf_inference_metrics_compute_one (s0, NULL, &m);
  g_assert_cmpint (m.engine, ==, KF_INFERENCE_ENGINE_LLAMACPP);
  g_assert_cmpfloat (m.requests_running, ==, 0);
  g_assert_cmpfloat (m.requests_waiting, ==, 0);
  g_assert_cmpfloat (m.prompt_tokens_total, ==, 6886);
  g_assert_cmpfloat (m.generation_tokens_total, ==, 3469);
  g_assert_cmpstr (m.kv_cache_metric, ==, "llamacpp:kv_cache_usage_ratio");
  g_assert_cmpfloat (m.kv_cache_usage, ==, 0.491063);
  /* llama-server has no latency histograms nor prefix-cache counters */
  g_assert_true (isnan (m.ttft_p50));
  g_assert_true (isnan (m.itl_p99));
  g_assert_true (isnan (m.prefix_cache_hit_rate));
  g_assert_true (isnan (m.generation_tokens_per_second));

  /* 20 s later: +1000 prompt tokens, +100 generated, 2 requests running */
  g_string_replace (later, "llamacpp:prompt_tokens_total 6886", "llamacpp:prompt_tokens_total 7886", 1);
  g_string_replace (later, "llamacpp:tokens_predicted_total 3469", "llamacpp:tokens_predicted_total 3569", 1);
  g_string_replace (later, "llamacpp:requests_processing 0", "llamacpp:requests_processing 2", 1);
  s1 = scrape (later->str, "aikit-0", 20);
  kf_inference_metrics_compute_one (s1, s0, &m);
  g_assert_cmpfloat_with_epsilon (m.prompt_tokens_per_second, 50, EPS);
  g_assert_cmpfloat_with_epsilon (m.generation_tokens_per_second, 5, EPS);
  g_assert_cmpfloat (m.requests_running, ==, 2);
  g_string_free (later, TRUE);
}

static void
test_unknown (void)
{
  g_autoptr(KfPromScrape) s = scrape ("process_open_fds 12\n", NULL, 0);
  KfInferenceMetrics m;

  kf_inference_metrics_compute_one (s, NULL, &m);
  g_assert_cmpint (m.engine, ==, KF_INFERENCE_ENGINE_UNKNOWN);
  g_assert_true (isnan (m.requests_running));
  g_assert_true (isnan (m.kv_cache_usage));
  g_assert_null (m.kv_cache_metric);
  kf_inference_metrics_compute (NULL, 0, NULL, 0, &m);
  g_assert_cmpuint (m.n_sources, ==, 0);
  g_assert_true (isnan (m.generation_tokens_total));
}

/* ------------------------------------------------------------------------ */
/* SGLang: no upstream fixture in ../shared/fixtures; the text follows the
 * example in SGLang's "Production Metrics" documentation (names, labels,
 * types), with numbers chosen so the results can be worked by hand.         */

static char *
sglang_text (double prompt, double gen, double cached, double requests, double ttft_fast, double ttft_total,
             double usage, double hit_gauge, gboolean with_cached)
{
  const char *l = "model_name=\"meta-llama/Llama-3.1-8B-Instruct\",tp_rank=\"0\",pp_rank=\"0\"";
  g_autofree char *cached_part = with_cached
    ? g_strdup_printf ("# TYPE sglang:cached_tokens_total counter\n"
                       "sglang:cached_tokens_total{cache_source=\"device\",%s} %g\n", l, cached)
    : g_strdup ("");

  return g_strdup_printf (
    "# HELP sglang:prompt_tokens_total Number of prefill tokens processed.\n"
    "# TYPE sglang:prompt_tokens_total counter\n"
    "sglang:prompt_tokens_total{%s} %g\n"
    "# HELP sglang:generation_tokens_total Number of generation tokens processed.\n"
    "# TYPE sglang:generation_tokens_total counter\n"
    "sglang:generation_tokens_total{%s} %g\n"
    "%s"
    "# TYPE sglang:num_requests_total counter\n"
    "sglang:num_requests_total{%s} %g\n"
    "# HELP sglang:token_usage The token usage\n"
    "# TYPE sglang:token_usage gauge\n"
    "sglang:token_usage{%s} %g\n"
    "# HELP sglang:cache_hit_rate The cache hit rate\n"
    "# TYPE sglang:cache_hit_rate gauge\n"
    "sglang:cache_hit_rate{%s} %g\n"
    "# TYPE sglang:num_running_reqs gauge\n"
    "sglang:num_running_reqs{%s} 7\n"
    "# TYPE sglang:num_queue_reqs gauge\n"
    "sglang:num_queue_reqs{%s} 2\n"
    "# HELP sglang:time_to_first_token_seconds Histogram of time to first token in seconds.\n"
    "# TYPE sglang:time_to_first_token_seconds histogram\n"
    "sglang:time_to_first_token_seconds_sum{%s} 1.0\n"
    "sglang:time_to_first_token_seconds_bucket{le=\"0.1\",%s} %g\n"
    "sglang:time_to_first_token_seconds_bucket{le=\"0.5\",%s} %g\n"
    "sglang:time_to_first_token_seconds_bucket{le=\"+Inf\",%s} %g\n"
    "sglang:time_to_first_token_seconds_count{%s} %g\n"
    "# TYPE sglang:time_per_output_token_seconds histogram\n"
    "sglang:time_per_output_token_seconds_bucket{le=\"0.02\",%s} 10\n"
    "sglang:time_per_output_token_seconds_bucket{le=\"+Inf\",%s} 10\n"
    "sglang:time_per_output_token_seconds_sum{%s} 0.1\n"
    "sglang:time_per_output_token_seconds_count{%s} 10\n",
    l, prompt, l, gen, cached_part, l, requests, l, usage, l, hit_gauge, l, l, l, l, ttft_fast, l, ttft_total, l, ttft_total, l, ttft_total,
    l, l, l, l);
}

static void
test_sglang (void)
{
  /* two scrapes 10 s apart: +1000 prompt tokens (400 of them cached), +500
   * generated, +4 requests; TTFT: 4 new observations, 2 of them ≤ 0.1 s and
   * all ≤ 0.5 → windowed p50: rank 2 in (0, 0.1] holding 2 → 0.1 */
  g_autofree char *t0 = sglang_text (1000, 2000, 100, 10, 5, 6, 0.25, 0.9, TRUE);
  g_autofree char *t1 = sglang_text (2000, 2500, 500, 14, 7, 10, 0.5, 0.9, TRUE);
  g_autofree char *t2 = sglang_text (2000, 2500, 0, 14, 7, 10, 0.5, 0.3, FALSE);
  g_autoptr(KfPromScrape) a = scrape (t0, "p", 0);
  g_autoptr(KfPromScrape) b = scrape (t1, "p", 10);
  g_autoptr(KfPromScrape) c = scrape (t2, "p", 10);
  KfInferenceMetrics m;

  kf_inference_metrics_compute_one (b, a, &m);
  g_assert_cmpint (m.engine, ==, KF_INFERENCE_ENGINE_SGLANG);
  g_assert_cmpstr (kf_inference_engine_to_string (m.engine), ==, "SGLang");
  g_assert_cmpfloat_with_epsilon (m.requests_running, 7, EPS);
  g_assert_cmpfloat_with_epsilon (m.requests_waiting, 2, EPS);
  g_assert_cmpfloat_with_epsilon (m.prompt_tokens_per_second, 100, EPS);
  g_assert_cmpfloat_with_epsilon (m.generation_tokens_per_second, 50, EPS);
  g_assert_cmpfloat_with_epsilon (m.requests_per_second, 0.4, EPS);
  g_assert_cmpfloat_with_epsilon (m.kv_cache_usage, 0.5, EPS);
  g_assert_cmpstr (m.kv_cache_metric, ==, "sglang:token_usage");
  /* hit rate from the counters over the window (400 / 1000), not the gauge */
  g_assert_cmpfloat_with_epsilon (m.prefix_cache_hit_rate, 0.4, EPS);
  g_assert_cmpstr (m.prefix_cache_metric, ==, "sglang:cached_tokens_total");
  g_assert_cmpfloat_with_epsilon (m.ttft_p50, 0.1, EPS);
  /* the older name for inter-token latency */
  g_assert_cmpstr (m.itl_metric, ==, "sglang:time_per_output_token_seconds");
  g_assert_true (isnan (m.itl_p50));   /* no new observation in the window */

  /* an SGLang without cached_tokens_total: its cache_hit_rate gauge */
  kf_inference_metrics_compute_one (c, NULL, &m);
  g_assert_cmpstr (m.prefix_cache_metric, ==, "sglang:cache_hit_rate");
  g_assert_cmpfloat_with_epsilon (m.prefix_cache_hit_rate, 0.3, EPS);
  g_assert_cmpfloat_with_epsilon (m.itl_p50, 0.01, EPS);
}

/* Dynamo's frontend alone (TensorRT-LLM behind Dynamo): names from Dynamo's
 * prometheus_names.rs (frontend_service). */
static char *
dynamo_text (double requests, double inflight, double queued, double out_tokens, double isl_sum, double cached_sum,
             double ttft_le_01, double ttft_n)
{
  const char *l = "model=\"nvidia/Llama-3.1-8B-Instruct-FP8\"";

  return g_strdup_printf (
    "# HELP dynamo_frontend_requests_total Total number of LLM requests processed\n"
    "# TYPE dynamo_frontend_requests_total counter\n"
    "dynamo_frontend_requests_total{endpoint=\"chat_completions\",%s,request_type=\"stream\",status=\"success\"} %g\n"
    "# TYPE dynamo_frontend_inflight_requests gauge\n"
    "dynamo_frontend_inflight_requests{%s} %g\n"
    "# TYPE dynamo_frontend_queued_requests gauge\n"
    "dynamo_frontend_queued_requests{%s} %g\n"
    "# TYPE dynamo_frontend_output_tokens_total counter\n"
    "dynamo_frontend_output_tokens_total{%s} %g\n"
    "# TYPE dynamo_frontend_input_sequence_tokens histogram\n"
    "dynamo_frontend_input_sequence_tokens_bucket{%s,le=\"+Inf\"} %g\n"
    "dynamo_frontend_input_sequence_tokens_sum{%s} %g\n"
    "dynamo_frontend_input_sequence_tokens_count{%s} %g\n"
    "# TYPE dynamo_frontend_cached_tokens histogram\n"
    "dynamo_frontend_cached_tokens_bucket{%s,le=\"+Inf\"} %g\n"
    "dynamo_frontend_cached_tokens_sum{%s} %g\n"
    "dynamo_frontend_cached_tokens_count{%s} %g\n"
    "# TYPE dynamo_frontend_time_to_first_token_seconds histogram\n"
    "dynamo_frontend_time_to_first_token_seconds_bucket{%s,le=\"0.1\"} %g\n"
    "dynamo_frontend_time_to_first_token_seconds_bucket{%s,le=\"1\"} %g\n"
    "dynamo_frontend_time_to_first_token_seconds_bucket{%s,le=\"+Inf\"} %g\n"
    "dynamo_frontend_time_to_first_token_seconds_sum{%s} 3\n"
    "dynamo_frontend_time_to_first_token_seconds_count{%s} %g\n"
    "# TYPE dynamo_frontend_inter_token_latency_seconds histogram\n"
    "dynamo_frontend_inter_token_latency_seconds_bucket{%s,le=\"0.01\"} 0\n"
    "dynamo_frontend_inter_token_latency_seconds_bucket{%s,le=\"0.02\"} 100\n"
    "dynamo_frontend_inter_token_latency_seconds_bucket{%s,le=\"+Inf\"} 100\n"
    "dynamo_frontend_inter_token_latency_seconds_sum{%s} 1.5\n"
    "dynamo_frontend_inter_token_latency_seconds_count{%s} 100\n",
    l, requests, l, inflight, l, queued, l, out_tokens, l, requests, l, isl_sum, l, requests, l, requests, l,
    cached_sum, l, requests, l, ttft_le_01, l, ttft_n, l, ttft_n, l, l, ttft_n, l, l, l, l, l);
}

static void
test_dynamo_frontend (void)
{
  /* 5 s apart: +10 requests, +2000 output tokens, +5000 prompt tokens of
   * which 1000 cached; TTFT: +10 observations, 5 ≤ 0.1 and all ≤ 1 →
   * p50 = 0.1, p90: rank 9 in (0.1, 1] holding 5, rank 4 → 0.1 + 0.9 × 4/5 */
  g_autofree char *t0 = dynamo_text (20, 3, 1, 4000, 10000, 2000, 10, 20);
  g_autofree char *t1 = dynamo_text (30, 5, 2, 6000, 15000, 3000, 15, 30);
  g_autoptr(KfPromScrape) a = scrape (t0, "frontend", 0);
  g_autoptr(KfPromScrape) b = scrape (t1, "frontend", 5);
  KfInferenceMetrics m;

  kf_inference_metrics_compute_one (b, a, &m);
  g_assert_cmpint (m.engine, ==, KF_INFERENCE_ENGINE_DYNAMO);
  /* in flight 5, of which 2 still wait for their first token */
  g_assert_cmpfloat_with_epsilon (m.requests_running, 3, EPS);
  g_assert_cmpfloat_with_epsilon (m.requests_waiting, 2, EPS);
  g_assert_cmpfloat_with_epsilon (m.requests_per_second, 2, EPS);
  g_assert_cmpfloat_with_epsilon (m.generation_tokens_per_second, 400, EPS);
  g_assert_cmpfloat_with_epsilon (m.prompt_tokens_per_second, 1000, EPS);
  g_assert_cmpfloat_with_epsilon (m.prefix_cache_hit_rate, 0.2, EPS);
  g_assert_cmpfloat_with_epsilon (m.ttft_p50, 0.1, EPS);
  g_assert_cmpfloat_with_epsilon (m.ttft_p90, 0.1 + 0.9 * 4 / 5, EPS);
  g_assert_cmpstr (m.itl_metric, ==, "dynamo_frontend_inter_token_latency_seconds");
  g_assert_true (isnan (m.kv_cache_usage));   /* the frontend does not know it */
}

/* Pods restart, appear and disappear between two scrapes: no rate is ever
 * negative, and the aggregate is the sum of the per-pod rates. */
static char *
pod_text (double gen, double running, double usage)
{
  return g_strdup_printf ("# TYPE vllm:generation_tokens_total counter\n"
                          "vllm:generation_tokens_total{model_name=\"m\"} %g\n"
                          "# TYPE vllm:num_requests_running gauge\n"
                          "vllm:num_requests_running{model_name=\"m\"} %g\n"
                          "# TYPE vllm:kv_cache_usage_perc gauge\n"
                          "vllm:kv_cache_usage_perc{model_name=\"m\"} %g\n", gen, running, usage);
}

static void
test_pod_churn (void)
{
  g_autofree char *a0 = pod_text (1000, 1, 0.1);
  g_autofree char *a1 = pod_text (1400, 2, 0.3);   /* +400 in 4 s: 100/s */
  g_autofree char *b0 = pod_text (5000, 1, 0.2);
  g_autofree char *b1 = pod_text (60, 1, 0.5);     /* restarted: counts from 0, 60 in 2 s: 30/s */
  g_autofree char *c1 = pod_text (900, 4, 0.9);    /* new pod: no window yet */
  g_autofree char *d0 = pod_text (700, 0, 0.0);    /* gone */
  g_autoptr(KfPromScrape) pa0 = scrape (a0, "a", 10);
  g_autoptr(KfPromScrape) pa1 = scrape (a1, "a", 14);
  g_autoptr(KfPromScrape) pb0 = scrape (b0, "b", 10);
  g_autoptr(KfPromScrape) pb1 = scrape (b1, "b", 12);
  g_autoptr(KfPromScrape) pc1 = scrape (c1, "c", 13);
  g_autoptr(KfPromScrape) pd0 = scrape (d0, "d", 10);
  KfPromScrape *prev[] = { pd0, pb0, pa0 };
  KfPromScrape *cur[] = { pa1, pb1, pc1 };
  KfInferenceMetrics m, ma, mb;

  kf_inference_metrics_compute (cur, 3, prev, 3, &m);
  kf_inference_metrics_compute_one (pa1, pa0, &ma);
  kf_inference_metrics_compute_one (pb1, pb0, &mb);
  g_assert_cmpuint (m.n_sources, ==, 3);
  g_assert_true (m.windowed);
  g_assert_cmpfloat_with_epsilon (ma.generation_tokens_per_second, 100, EPS);
  g_assert_cmpfloat_with_epsilon (mb.generation_tokens_per_second, 30, EPS);
  g_assert_cmpfloat (mb.generation_tokens_per_second, >=, 0);
  g_assert_cmpfloat_with_epsilon (m.generation_tokens_per_second,
                                  ma.generation_tokens_per_second + mb.generation_tokens_per_second, EPS);
  /* gauges of every current pod, the new one included */
  g_assert_cmpfloat_with_epsilon (m.requests_running, 2 + 1 + 4, EPS);
  g_assert_cmpfloat_with_epsilon (m.kv_cache_usage, (0.3 + 0.5 + 0.9) / 3, EPS);
  g_assert_cmpfloat_with_epsilon (m.kv_cache_usage_max, 0.9, EPS);
  g_assert_cmpfloat_with_epsilon (m.generation_tokens_total, 1400 + 60 + 900, EPS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inference/quantile", test_quantile);
  g_test_add_func ("/inference/vllm-fixture", test_vllm_fixture);
  g_test_add_func ("/inference/vllm-fallbacks", test_vllm_fallbacks);
  g_test_add_func ("/inference/vllm-window", test_vllm_window);
  g_test_add_func ("/inference/aggregation", test_aggregation);
  g_test_add_func ("/inference/llamacpp", test_llamacpp);
  g_test_add_func ("/inference/unknown", test_unknown);
  g_test_add_func ("/inference/sglang", test_sglang);
  g_test_add_func ("/inference/dynamo-frontend", test_dynamo_frontend);
  g_test_add_func ("/inference/pod-churn", test_pod_churn);

  return g_test_run ();
}
