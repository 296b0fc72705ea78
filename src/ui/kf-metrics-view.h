/* kf-metrics-view.h: live serving metrics of a deployment
 *
 * Every "interval" seconds, only while mapped (started on map, stopped and the
 * requests in flight cancelled on unmap), scrapes /metrics of every ready pod
 * behind SERVICE:PORT through the API server's pod proxy, in parallel
 * (kf-metrics-scrape.h; the service proxy when pods cannot be proxied, with a
 * note saying so), computes the inference metrics against the previous scrape
 * of each pod (per-pod rates, summed) and shows them as cards with a chart of
 * the last minutes, and "N pods". "—" with a tooltip when a value is not
 * available.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-inference-metrics.h"
#include "kf-kube-client.h"

G_BEGIN_DECLS

#define KF_TYPE_METRICS_VIEW (kf_metrics_view_get_type ())
G_DECLARE_FINAL_TYPE (KfMetricsView, kf_metrics_view, KF, METRICS_VIEW, AdwBin)

GtkWidget  *kf_metrics_view_new             (void);
/* Properties "client", "namespace", "service", "port", "engine"
 * ("vllm", "sglang", "trtllm", "llamacpp"), "interval" (seconds, default 5). */
void        kf_metrics_view_set_client      (KfMetricsView *self,
                                             KfKubeClient  *client);
void        kf_metrics_view_set_target      (KfMetricsView *self,
                                             const char    *ns,
                                             const char    *service,
                                             const char    *port,
                                             const char    *engine);
void        kf_metrics_view_set_interval    (KfMetricsView *self,
                                             guint          seconds);
/* Scrapes now (while mapped). */
void        kf_metrics_view_refresh         (KfMetricsView *self);
gboolean    kf_metrics_view_get_running     (KfMetricsView *self);
guint       kf_metrics_view_get_n_scrapes   (KfMetricsView *self);
/* The last computed values (NULL before the first scrape). */
const KfInferenceMetrics *kf_metrics_view_get_metrics (KfMetricsView *self);
const char *kf_metrics_view_get_error_text  (KfMetricsView *self);
/* Pods in the last scrape (0 before, or when scraped through the Service),
 * the text shown for them ("2 pods", "2 of 3 pods", "through the Service"),
 * and the note about a fallback or pods left out (NULL when none). */
guint       kf_metrics_view_get_n_pods      (KfMetricsView *self);
const char *kf_metrics_view_get_pods_text   (KfMetricsView *self);
const char *kf_metrics_view_get_note_text   (KfMetricsView *self);
/* The text of a card: "running", "waiting", "prompt-tps", "generation-tps",
 * "ttft", "itl", "kv-cache", "prefix-cache". */
const char *kf_metrics_view_get_card_text   (KfMetricsView *self,
                                             const char    *card);

G_END_DECLS
