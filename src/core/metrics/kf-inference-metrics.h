/* kf-inference-metrics.h: the numbers an operator of an LLM server looks at,
 * computed from parsed /metrics scrapes of vLLM (Dynamo/KAITO/KubeRay
 * workers), SGLang, llama.cpp's llama-server (KAITO AIKit) and Dynamo's
 * frontend (the source for TensorRT-LLM behind Dynamo).
 *
 * Pure functions. Give the current scrapes of every pod (and, for rates and
 * windowed latencies, the previous scrapes of the same pods, matched by
 * kf_prom_scrape_get_source(), or by position when sources are unset); the
 * values are aggregated across pods and label sets (models, engines):
 * gauges and counters are summed (rates are the sum of per-pod rates; a
 * counter that went down was reset, as by a restart, and counts from zero),
 * usage ratios averaged (and their max kept), histograms summed
 * by bucket before the quantile (PromQL's
 * histogram_quantile(q, sum by (le) (rate(x_bucket[…])))).
 *
 * Metric names follow what current engines export, with fallbacks for
 * renamed ones (the first name present in the scrapes wins; an engine's own
 * names before Dynamo's frontend dynamo_frontend_*):
 *   KV cache   vllm:kv_cache_usage_perc ← vllm:gpu_cache_usage_perc, sglang:token_usage,
 *              llamacpp:kv_cache_usage_ratio, dynamo_component_kvstats_gpu_cache_usage_percent
 *   TTFT       vllm:/sglang:/dynamo_frontend_time_to_first_token_seconds
 *   ITL        vllm:inter_token_latency_seconds ← vllm:time_per_output_token_seconds,
 *              sglang:inter_token_latency_seconds ← sglang:time_per_output_token_seconds,
 *              dynamo_frontend_inter_token_latency_seconds
 *   e2e        vllm:/sglang:e2e_request_latency_seconds, dynamo_frontend_request_duration_seconds
 *   prefix hit vllm:prefix_cache_hits_total/queries_total ← vllm:gpu_prefix_cache_hits_total/queries_total
 *              ← vllm:gpu_prefix_cache_hit_rate (v0 gauge); sglang:cached_tokens_total /
 *              sglang:prompt_tokens_total ← sglang:cache_hit_rate (gauge);
 *              dynamo_frontend_cached_tokens_sum / dynamo_frontend_input_sequence_tokens_sum
 *   running    vllm:num_requests_running, sglang:num_running_reqs, llamacpp:requests_processing,
 *              dynamo_frontend_inflight_requests − dynamo_frontend_queued_requests
 *   waiting    vllm:num_requests_waiting, sglang:num_queue_reqs, llamacpp:requests_deferred,
 *              dynamo_frontend_queued_requests
 *   finished   vllm:request_success_total, sglang:num_requests_total, dynamo_frontend_requests_total
 *   tokens     vllm:/sglang:prompt_tokens_total / generation_tokens_total,
 *              llamacpp:prompt_tokens_total / llamacpp:tokens_predicted_total,
 *              dynamo_frontend_input_sequence_tokens_sum / dynamo_frontend_output_tokens_total
 * (llama.cpp names are also accepted with '_' instead of ':', and vLLM's with
 * Ray Serve's prefix, ray_vllm:*).
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
  KF_INFERENCE_ENGINE_SGLANG,
  KF_INFERENCE_ENGINE_TRTLLM,   /* trtllm_* names, and nothing else known */
  KF_INFERENCE_ENGINE_DYNAMO,   /* only Dynamo's frontend metrics (e.g. TensorRT-LLM behind Dynamo) */
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
  double            kv_cache_usage_max;       /* 0..1, the fullest pod */
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
