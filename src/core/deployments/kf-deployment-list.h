/* kf-deployment-list.h: every KubeFoundry-managed deployment, live
 *
 * A GListModel of KfDeployment: one KfInformer per provider (Dynamo
 * DynamoGraphDeployment, KubeRay RayService, KAITO Workspace) on the label
 * app.kubernetes.io/managed-by=kubefoundry, in one namespace or all. Kept
 * current by watches only (no polling). A runtime whose CRD is not installed
 * (404 on the list) is left out silently: "installed-providers" says which
 * ones answered. Items are grouped by provider (registry order), each group
 * sorted by (namespace, name); views sort as they like.
 *
 *   list = kf_deployment_list_new (client, NULL);
 *   kf_deployment_list_start (list);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-deployment.h"
#include "kf-kube-client.h"

G_BEGIN_DECLS

#define KF_DEPLOYMENT_LIST_SELECTOR "app.kubernetes.io/managed-by=kubefoundry"

#define KF_TYPE_DEPLOYMENT_LIST (kf_deployment_list_get_type ())
G_DECLARE_FINAL_TYPE (KfDeploymentList, kf_deployment_list, KF, DEPLOYMENT_LIST, GObject)

/* @ns NULL: all namespaces. */
KfDeploymentList *kf_deployment_list_new          (KfKubeClient     *client,
                                                   const char       *ns);
void              kf_deployment_list_start        (KfDeploymentList *self);
void              kf_deployment_list_stop         (KfDeploymentList *self);
/* Every installed runtime has been listed once (not-installed ones count as done). */
gboolean          kf_deployment_list_get_synced   (KfDeploymentList *self);
/* A failure worth showing (not "runtime not installed"), or NULL. Borrowed. */
const char       *kf_deployment_list_get_error    (KfDeploymentList *self);
/* Provider ids whose CRD answered, in registry order (new array). */
GStrv             kf_deployment_list_dup_installed_providers (KfDeploymentList *self);
/* Whether the runtime's CRD is missing (known after its first list). */
gboolean          kf_deployment_list_is_provider_missing (KfDeploymentList *self,
                                                          const char       *provider_id);
/* The deployment (@provider_id NULL: any provider), or NULL. Borrowed. */
KfDeployment     *kf_deployment_list_lookup       (KfDeploymentList *self,
                                                   const char       *ns,
                                                   const char       *name,
                                                   const char       *provider_id);

/* Properties: "synced" (bool), "error" (string), "n-items" (uint).
 * Signals: GListModel::items-changed. */

G_END_DECLS
