/* kf-deployment-widgets.h: small pieces shared by the deployments pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-deployment-status.h"

G_BEGIN_DECLS

/* Styles @label as a phase pill (success, warning, error or dim). */
void              kf_phase_badge_update          (GtkWidget         *label,
                                                  KfDeploymentPhase  phase);
/* Styles @label as a runtime pill (Dynamo green, KubeRay blue, KAITO purple). */
void              kf_runtime_badge_update        (GtkWidget         *label,
                                                  const char        *provider_id,
                                                  const char        *runtime_name);

/* The delete confirmation: responses "cancel" (default, close) and "delete"
 * (destructive). The body mentions KAITO's extra Service when it applies. */
AdwMessageDialog *kf_deployment_delete_dialog_new (GtkWidget        *parent,
                                                   const char       *ns,
                                                   const char       *name,
                                                   const char       *provider_id);

G_END_DECLS
