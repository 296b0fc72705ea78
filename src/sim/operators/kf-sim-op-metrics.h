/* kf-sim-op-metrics.h: the serving metrics of the simulated engines, per pod
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-sim-op-private.h"

G_BEGIN_DECLS

typedef struct _SimPodMetrics SimPodMetrics;

/* Counts one finished request of @wl: in the workload's totals, on the pod
 * it entered through (round robin) and, for Dynamo, on one worker. */
void        sim_metrics_record (SimWorkload *wl,
                                guint        prompt_tokens,
                                guint        generation_tokens,
                                guint        cached_tokens);

/* /metrics of @pod (a pod of @wl) in its engine's Prometheus text. */
char       *sim_metrics_text   (SimWorkload *wl,
                                SimPod      *pod);

G_END_DECLS
