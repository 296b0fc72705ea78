/* kf-deployments-page.h: every KubeFoundry deployment of the cluster, live
 *
 * A table (name, namespace, runtime, model, engine, phase, replicas, age)
 * that adapts to the width without scrolling sideways (see KfDeploymentsLayout)
 * over a KfDeploymentList of the session's client, with search, runtime and
 * phase filters, column sorting, delete with confirmation, and an internal
 * AdwLeaflet that opens a KfDeploymentDetailsPage on row activation (back with
 * the back button, Escape or Alt+←). Rebuilds itself on notify::client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-cluster-session.h"
#include "kf-deployment-details-page.h"
#include "kf-deployment-list.h"

G_BEGIN_DECLS

/* How the table fits the width: wide (every column), medium (namespace,
 * engine and age move into a subtitle under the name), narrow (runtime and
 * model too; the filters go under the search entry). */
typedef enum
{
  KF_DEPLOYMENTS_LAYOUT_WIDE,
  KF_DEPLOYMENTS_LAYOUT_MEDIUM,
  KF_DEPLOYMENTS_LAYOUT_NARROW,
} KfDeploymentsLayout;

#define KF_TYPE_DEPLOYMENTS_PAGE (kf_deployments_page_get_type ())
G_DECLARE_FINAL_TYPE (KfDeploymentsPage, kf_deployments_page, KF, DEPLOYMENTS_PAGE, GtkWidget)

GtkWidget               *kf_deployments_page_new             (void);
void                     kf_deployments_page_set_session     (KfDeploymentsPage *self,
                                                              KfClusterSession  *session);
KfClusterSession        *kf_deployments_page_get_session     (KfDeploymentsPage *self);
/* The live list (NULL while not connected). */
KfDeploymentList        *kf_deployments_page_get_list        (KfDeploymentsPage *self);
/* What the table shows: filtered and sorted (KfDeployment items). */
GListModel              *kf_deployments_page_get_visible_model (KfDeploymentsPage *self);
/* The details page inside (to embed logs, metrics and try-it views). */
KfDeploymentDetailsPage *kf_deployments_page_get_details_page (KfDeploymentsPage *self);
/* Opens the details of a deployment (as row activation does). */
void                     kf_deployments_page_open_deployment (KfDeploymentsPage *self,
                                                              const char        *ns,
                                                              const char        *name,
                                                              const char        *provider_id);
/* Back to the table. */
void                     kf_deployments_page_show_list       (KfDeploymentsPage *self);
/* Asks for confirmation, then deletes (and KAITO's extra Service). */
void                     kf_deployments_page_delete          (KfDeploymentsPage *self,
                                                              KfDeployment      *deployment);
/* The visible state: "not-connected", "loading", "empty", "list", or "details". */
const char              *kf_deployments_page_get_state       (KfDeploymentsPage *self);

KfDeploymentsLayout      kf_deployments_page_get_layout      (KfDeploymentsPage *self);

/* Filters: text (name, namespace, model), provider id (NULL: any), phase (-1: any). */
void                     kf_deployments_page_set_search      (KfDeploymentsPage *self,
                                                              const char        *text);
void                     kf_deployments_page_set_runtime_filter (KfDeploymentsPage *self,
                                                                 const char        *provider_id);
void                     kf_deployments_page_set_phase_filter (KfDeploymentsPage *self,
                                                               int                phase);

/* Properties: "session" (KfClusterSession). Signals:
 *   open-deployment (const char *ns, const char *name, const char *provider_id)
 * Actions: "deployments.delete-selected" (Delete key), "deployments.back" (Escape). */

G_END_DECLS
