/* kf-deployment-actions.h: what can be done to a deployment, per provider
 *
 * Scale (the right field of each provider's custom resource), delete (with
 * KAITO's extra "<name>-vllm" Service), the pods' label selector and the
 * port-forward command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-kube-client.h"
#include "kf-provider.h"

G_BEGIN_DECLS

#define KF_DEPLOYMENT_ERROR (kf_deployment_error_quark ())

typedef enum
{
  KF_DEPLOYMENT_ERROR_INVALID_REPLICAS,  /* outside 1…KF_MAX_REPLICAS (0 allowed for Dynamo/KubeRay) */
  KF_DEPLOYMENT_ERROR_CANNOT_SCALE,      /* the resource has nothing to scale */
  KF_DEPLOYMENT_ERROR_UNKNOWN_PROVIDER,
} KfDeploymentError;

GQuark      kf_deployment_error_quark              (void);

/* The provider's custom resource as a KfKubeResource (static strings). */
void        kf_deployment_resource_for_provider    (KfProvider     *provider,
                                                    KfKubeResource *resource);

/* Label selector of the deployment's pods, as each operator labels them:
 * Dynamo "nvidia.com/dynamo-graph-deployment-name=NAME", KubeRay
 * "ray.io/originated-from-cr-name=NAME", KAITO "kaito.sh/workspace=NAME". */
char       *kf_deployment_pod_selector             (KfProvider     *provider,
                                                    const char     *name);

/* The patch that sets the replica count of @cr (the current object) to
 * @replicas: Dynamo: merge patch of spec.services.<worker>.replicas (every
 * worker service); KubeRay: JSON patch of the first worker group's replicas
 * (raising maxReplicas / lowering minReplicas when needed); KAITO: merge patch
 * of resource.count. *@type says which kind of patch it is. */
JsonNode   *kf_deployment_build_scale_patch        (KfProvider      *provider,
                                                    JsonNode        *cr,
                                                    guint            replicas,
                                                    KfKubePatchType *type,
                                                    GError         **error);

/* "kubectl port-forward -n NS svc/SERVICE 8000:PORT" (NULL without a frontend). */
char       *kf_deployment_port_forward_command     (const char     *ns,
                                                    const char     *service,
                                                    guint           port);

/* Patches the resource (see kf_deployment_build_scale_patch). Finishes with
 * the updated object. */
void        kf_deployment_scale_async              (KfKubeClient        *client,
                                                    KfProvider          *provider,
                                                    JsonNode            *cr,
                                                    guint                replicas,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonNode   *kf_deployment_scale_finish             (KfKubeClient        *client,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Deletes the custom resource (background propagation) and, for KAITO, the
 * "<name>-vllm" Service KubeFoundry created beside it (a missing one is fine). */
void        kf_deployment_delete_async             (KfKubeClient        *client,
                                                    KfProvider          *provider,
                                                    const char          *ns,
                                                    const char          *name,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean    kf_deployment_delete_finish            (KfKubeClient        *client,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
