/* kf-deployment.h: one KubeFoundry-managed deployment (a provider's custom resource)
 *
 * Wraps the KfKubeObject an informer keeps current, with its provider and the
 * provider-neutral KfDeploymentStatus parsed from it. When the object changes
 * (kf_deployment_refresh(), called by KfDeploymentList on a MODIFIED event),
 * the status is parsed again and the changed properties are notified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-kube-object.h"
#include "kf-provider.h"

G_BEGIN_DECLS

#define KF_TYPE_DEPLOYMENT (kf_deployment_get_type ())
G_DECLARE_FINAL_TYPE (KfDeployment, kf_deployment, KF, DEPLOYMENT, GObject)

/* @provider: the provider that owns @object's kind. */
KfDeployment             *kf_deployment_new                (KfProvider   *provider,
                                                            KfKubeObject *object);
/* Re-reads the object (after its JSON changed); notifies what changed. */
void                      kf_deployment_refresh            (KfDeployment *self);

KfKubeObject             *kf_deployment_get_object         (KfDeployment *self);
/* The raw custom resource (borrowed). */
JsonNode                 *kf_deployment_get_json           (KfDeployment *self);
KfProvider               *kf_deployment_get_provider       (KfDeployment *self);
const KfDeploymentStatus *kf_deployment_get_status         (KfDeployment *self);
const char               *kf_deployment_get_name           (KfDeployment *self);
const char               *kf_deployment_get_namespace      (KfDeployment *self);
const char               *kf_deployment_get_provider_id    (KfDeployment *self);  /* "dynamo" */
const char               *kf_deployment_get_runtime_name   (KfDeployment *self);  /* "NVIDIA Dynamo" */
const char               *kf_deployment_get_model          (KfDeployment *self);  /* "" when unknown */
const char               *kf_deployment_get_engine_name    (KfDeployment *self);  /* "vLLM", "" when unknown */
KfDeploymentPhase         kf_deployment_get_phase          (KfDeployment *self);
const char               *kf_deployment_get_phase_name     (KfDeployment *self);  /* translated */
const char               *kf_deployment_get_replicas       (KfDeployment *self);  /* "1/2", "P: 1/1, D: 0/2" */
/* New ref; NULL when the object has no creationTimestamp. */
GDateTime                *kf_deployment_dup_creation_time  (KfDeployment *self);
/* Like kubectl's AGE column ("45s", "12m", "5h", "3d"); "" when unknown. */
char                     *kf_deployment_format_age         (KfDeployment *self,
                                                            GDateTime    *now);
char                     *kf_format_age                    (GDateTime    *then,
                                                            GDateTime    *now);

/* Properties (all read-only, notified on change): "object", "provider",
 * "name", "namespace", "provider-id", "runtime-name", "model", "engine-name",
 * "phase" (KfDeploymentPhase as int), "phase-name", "replicas". */

G_END_DECLS
