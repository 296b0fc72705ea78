/* kf-sim-operators.h: the simulated Dynamo, KubeRay and KAITO operators, the
 * simulated pods' logs, and the workloads behind their services
 *
 * The operators listen to the store's ::changed signal. For a created
 * DynamoGraphDeployment, RayService or Workspace they create the pods and
 * services the real operator creates, schedule them on nodes with free GPUs,
 * move them through Pending → Running → Ready (or leave them Pending with a
 * FailedScheduling Event, or crash them for a model the scenario marks bad),
 * write the custom resource's status as the real operator does, scale with
 * replicas and clean up on delete. Time is scaled by @speed (2.0 = twice as fast).
 *
 * The HTTP layer (kf-sim-server.c) routes two kinds of request here:
 * GET /api/v1/namespaces/NS/pods/NAME/log,
 * ANY /api/v1/namespaces/NS/services/NAME[:PORT]/proxy/PATH and
 * ANY /api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "kf-sim-scenario.h"
#include "kf-sim-store.h"

G_BEGIN_DECLS

#define KF_TYPE_SIM_OPERATORS (kf_sim_operators_get_type ())
G_DECLARE_FINAL_TYPE (KfSimOperators, kf_sim_operators, KF, SIM_OPERATORS, GObject)

KfSimOperators *kf_sim_operators_new          (KfSimStore        *store,
                                               KfSimScenario     *scenario,
                                               double             speed);

/* Serves pods/log. @query holds the decoded query parameters (follow,
 * tailLines, sinceSeconds, timestamps, previous, container). A follow stream
 * stays open (chunked, the message paused/unpaused as lines come) until the
 * client goes away or the pod is deleted. Answers 404/400 Status objects itself. */
void            kf_sim_operators_handle_log   (KfSimOperators    *self,
                                               SoupServerMessage *msg,
                                               const char        *ns,
                                               const char        *pod,
                                               GHashTable        *query);

/* Ends every open follow log stream, the containers still running (a fault
 * switch: a dropped connection). Returns how many were ended. */
guint           kf_sim_operators_cut_log_streams (KfSimOperators *self);

/* Serves services/NAME[:PORT]/proxy/PATH: /metrics, /health, /v1/models,
 * /v1/chat/completions (SSE when "stream": true). @port may be NULL. */
void            kf_sim_operators_handle_proxy (KfSimOperators    *self,
                                               SoupServerMessage *msg,
                                               const char        *ns,
                                               const char        *service,
                                               const char        *port,
                                               const char        *path);
/* pods/NAME[:PORT]/proxy/PATH: what that one pod serves (its own /metrics
 * counters, which start from zero when its container restarts). */
void            kf_sim_operators_handle_pod_proxy (KfSimOperators    *self,
                                                   SoupServerMessage *msg,
                                                   const char        *ns,
                                                   const char        *pod,
                                                   const char        *port,
                                                   const char        *path);

G_END_DECLS
