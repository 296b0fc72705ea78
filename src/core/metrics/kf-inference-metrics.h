/* kf-inference-metrics.h: the numbers an operator of an LLM server looks at,
 * computed from parsed /metrics scrapes of vLLM (Dynamo/KAITO/KubeRay
 * workers) and llama.cpp's llama-server (KAITO AIKit).
 *
 * Pure functions. Give the current scrapes of every pod (and, for rates and
 * windowed latencies, the previous scrapes of the same pods, matched by
 * kf_prom_scrape_get_source(), or by position when sources are unset); the
 * values are aggregated across pods and label sets (models, engines):
 * gauges and counters are summed, usage ratios averaged, histograms summed
 * by bucket before the quantile (PromQL's
 * histogram_quantile(q, sum by (le) (rate(x_bucket[…])))).
 *
 * Metric names follow what current engines export, with fallbacks for
 * renamed ones (the first name present in the scrapes wins):
 *   KV cache   vllm:kv_cache_usage_perc ← vllm:gpu_cache_usage_perc, llamacpp:kv_cache_usage_ratio
 *   ITL        vllm:inter_token_latency_seconds ← vllm:time_per_output_token_seconds
 *   prefix hit vllm:prefix_cache_hits_total/queries_total ← vllm:gpu_prefix_cache_hits_total/queries_total
 *              ← vllm:gpu_prefix_cache_hit_rate (v0 gauge)
 *   running    vllm:num_requests_running, llamacpp:requests_processing
 *   waiting    vllm:num_requests_waiting, llamacpp:requests_deferred
 *   finished   vllm:request_success_total
 *   tokens     vllm:prompt_tokens_total / vllm:generation_tokens_total,
 *              llamacpp:prompt_tokens_total / llamacpp:tokens_predicted_total
 * (llama.cpp names are also accepted with '_' instead of ':').
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kf-prom-parser.h"

G_BEGIN_DECLS

typedef enum
{
  KF_INFERENCE_ENGINE_UNKNOWN,
  KF_INFERENCE_ENGINE_VLLM,
  KF_INFERENCE_ENGINE_LLAMACPP,
} KfInferenceEngine;

/* Every double is NaN when the engine does not export it, or when it needs
 * two scrapes and only one was given, or when no request was observed in
 * the window (latency quantiles). */
typedef struct
{
  KfInferenceEngine engine;
  guint             n_sources;        /* current scrapes aggregated */
  gboolean          windowed;         /* rates/latencies over the delta between two scrapes */
  double            window_seconds;   /* mean interval of the matched scrapes (0 if !windowed) */

  double            requests_running;
  double            requests_waiting;

  double            requests_total;               /* finished requests (all finish reasons) */
  double            requests_per_second;          /* needs two scrapes */

  double            prompt_tokens_total;          /* counters, since the servers started */
  double            generation_tokens_total;
  double            prompt_tokens_per_second;     /* needs two scrapes */
  double            generation_tokens_per_second;

  /* Seconds. Over the window when windowed, else since start. */
  double            ttft_p50, ttft_p90, ttft_p99, ttft_mean;
  double            itl_p50, itl_p90, itl_p99, itl_mean;
  double            e2e_p50, e2e_p90, e2e_p99, e2e_mean;

  double            kv_cache_usage;           /* 0..1, mean over pods */
  double            prefix_cache_hit_rate;    /* 0..1 */

  /* Which metric gave each value (static strings; NULL when none). */
  const char       *kv_cache_metric;
  const char       *itl_metric;
  const char       *prefix_cache_metric;
  const char       *generation_tokens_metric;
} KfInferenceMetrics;

void    kf_inference_metrics_compute   (KfPromScrape * const *current,
                                        guint                 n_current,
                                        KfPromScrape * const *previous,   /* nullable */
                                        guint                 n_previous,
                                        KfInferenceMetrics   *out);

/* Convenience for one pod. @previous may be NULL. */
void    kf_inference_metrics_compute_one (KfPromScrape       *current,
                                          KfPromScrape       *previous,
                                          KfInferenceMetrics *out);

/* PromQL's histogram_quantile() on cumulative buckets: @upper_bounds (any
 * order; must include +Inf) and their @counts. Linear interpolation inside
 * the bucket, the lower bound of the first bucket is 0 (unless its upper
 * bound is <= 0), a quantile in the +Inf bucket gives the highest finite
 * bound; non-monotonic counts are fixed up as Prometheus does. NaN without
 * observations or without a +Inf bucket; -Inf/+Inf for q < 0 / q > 1. */
double  kf_prom_histogram_quantile     (double        q,
                                        const double *upper_bounds,
                                        const double *counts,
                                        guint         n);

const char *kf_inference_engine_to_string (KfInferenceEngine engine);

G_END_DECLS
