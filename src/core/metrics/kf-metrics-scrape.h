/* kf-metrics-scrape.h: one scrape of a deployment's /metrics, pod by pod
 *
 * A Service load-balances: scraping SERVICE:PORT/metrics through the service
 * proxy reaches a different pod each time, so counters jump between pods and
 * rates become garbage as soon as there are several replicas. This scrapes
 * every ready pod behind the Service instead, in parallel, each through the
 * API server's pod proxy (so it works off-cluster):
 *
 *   GET services/SERVICE                     → spec.selector, the port's targetPort
 *   GET pods?labelSelector=…                 → the ready pods (not terminating)
 *   GET pods/NAME:TARGETPORT/proxy/metrics   → one KfPromScrape per pod
 *
 * Each scrape's source is "POD UID RESTARTS", so rates are only computed
 * between two scrapes of the same container (a restarted pod starts a new
 * window instead of giving a negative rate); give the scrapes of two calls to
 * kf_inference_metrics_compute().
 *
 * When the pods cannot be listed or proxied (403 on services, pods or
 * pods/proxy) or the Service has no selector, it falls back to one scrape
 * through the service proxy and says why in fallback_reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-kube-client.h"
#include "kf-prom-parser.h"

G_BEGIN_DECLS

/* At most this many pods are scraped (the first ones by name). */
#define KF_METRICS_SCRAPE_MAX_PODS 64

typedef enum
{
  KF_METRICS_SCRAPE_PODS,      /* each ready pod through pods/NAME:PORT/proxy */
  KF_METRICS_SCRAPE_SERVICE,   /* one scrape through services/NAME:PORT/proxy */
} KfMetricsScrapeMode;

typedef struct
{
  KfMetricsScrapeMode mode;
  GPtrArray  *scrapes;          /* KfPromScrape*, one per pod that answered */
  GPtrArray  *pods;             /* char*, the names of those pods (mode PODS) */
  guint       n_ready;          /* ready pods found behind the Service */
  guint       n_failed;         /* ready pods that did not answer */
  char       *failure;          /* the first of those failures, in words; NULL if none */
  char       *fallback_reason;  /* why the service proxy was used (mode SERVICE) */
} KfMetricsScrapeResult;

void                   kf_metrics_scrape_result_free (KfMetricsScrapeResult *result);

/* @port: the Service port's number or name (or its targetPort number);
 * @path: "/metrics". Fails with KF_KUBE_ERROR_* (NOT_FOUND: no such Service
 * or port; SERVICE_UNAVAILABLE: no ready pod; …) or KF_PROM_ERROR when no pod
 * answered with the text format. */
void                   kf_metrics_scrape_async       (KfKubeClient         *client,
                                                      const char           *ns,
                                                      const char           *service,
                                                      const char           *port,
                                                      const char           *path,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
KfMetricsScrapeResult *kf_metrics_scrape_finish      (KfKubeClient         *client,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* The pod proxy path: /api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH. */
char                  *kf_metrics_pod_proxy_path     (const char           *ns,
                                                      const char           *pod,
                                                      const char           *port,
                                                      const char           *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfMetricsScrapeResult, kf_metrics_scrape_result_free)

G_END_DECLS
