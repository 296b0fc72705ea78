/* kf-deployment-details-page.h: one deployment: status, pods, why it is not
 * running, events, manifest; scale, delete, port-forward, export
 *
 * kf_deployment_details_page_show() starts three watches on the session's
 * client: the custom resource (field selector on its name), its pods (the
 * provider's pod label selector) and the namespace's events (filtered to the
 * resource and its pods). The "logs", "metrics" and "tryit" pages of the view
 * stack are empty boxes for the log, metrics and try-it views; bind them to
 * the getters below (notify::pods-model, ::frontend-service, … on change).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-cluster-session.h"
#include "kf-deployment-config.h"
#include "kf-deployment-diagnosis.h"

G_BEGIN_DECLS

#define KF_TYPE_DEPLOYMENT_DETAILS_PAGE (kf_deployment_details_page_get_type ())
G_DECLARE_FINAL_TYPE (KfDeploymentDetailsPage, kf_deployment_details_page, KF, DEPLOYMENT_DETAILS_PAGE, GtkWidget)

GtkWidget   *kf_deployment_details_page_new                  (void);
void         kf_deployment_details_page_set_session          (KfDeploymentDetailsPage *self,
                                                              KfClusterSession        *session);
KfClusterSession *kf_deployment_details_page_get_session     (KfDeploymentDetailsPage *self);
/* Shows a deployment (stops the watches of the previous one). */
void         kf_deployment_details_page_show                 (KfDeploymentDetailsPage *self,
                                                              const char              *ns,
                                                              const char              *name,
                                                              const char              *provider_id);
/* Stops every watch and forgets the deployment. */
void         kf_deployment_details_page_clear                (KfDeploymentDetailsPage *self);

const char  *kf_deployment_details_page_get_namespace        (KfDeploymentDetailsPage *self);
const char  *kf_deployment_details_page_get_name             (KfDeploymentDetailsPage *self);
const char  *kf_deployment_details_page_get_provider_id      (KfDeploymentDetailsPage *self);
/* The custom resource as last seen (borrowed), or NULL. */
JsonNode    *kf_deployment_details_page_get_object           (KfDeploymentDetailsPage *self);
/* The deployment's pods (KfKubeObject items, live), or NULL when nothing is shown. */
GListModel  *kf_deployment_details_page_get_pods_model       (KfDeploymentDetailsPage *self);
/* The Service answering OpenAI requests and its port (NULL / 0 when unknown). */
const char  *kf_deployment_details_page_get_frontend_service (KfDeploymentDetailsPage *self);
guint        kf_deployment_details_page_get_frontend_port    (KfDeploymentDetailsPage *self);
KfEngine     kf_deployment_details_page_get_engine           (KfDeploymentDetailsPage *self);
/* Model id, or NULL. */
const char  *kf_deployment_details_page_get_model            (KfDeploymentDetailsPage *self);
/* The manifest as shown and exported: YAML, managedFields stripped, secrets masked. */
char        *kf_deployment_details_page_dup_manifest_yaml    (KfDeploymentDetailsPage *self);
/* The current findings (KfDiagnosisFinding*), never NULL. */
GPtrArray   *kf_deployment_details_page_get_findings         (KfDeploymentDetailsPage *self);

/* The pages of the view stack: "overview", "logs", "metrics", "tryit". */
AdwViewStack *kf_deployment_details_page_get_view_stack      (KfDeploymentDetailsPage *self);
GtkBox      *kf_deployment_details_page_get_logs_box         (KfDeploymentDetailsPage *self);
GtkBox      *kf_deployment_details_page_get_metrics_box      (KfDeploymentDetailsPage *self);
GtkBox      *kf_deployment_details_page_get_tryit_box        (KfDeploymentDetailsPage *self);

/* Properties (read-only unless noted): "session" (rw), "namespace", "name",
 * "provider-id", "pods-model" (GListModel), "frontend-service", "frontend-port",
 * "engine" (KfEngine as int), "model".
 * Signals: "back" (the user wants the list), "deleted" (after a delete).
 * Actions: details.back (Escape, Alt+←), details.scale, details.delete,
 * details.copy-port-forward, details.export (Ctrl+S). */

G_END_DECLS
