/* kf-deploy-wizard.h: the deploy wizard (model → runtime → configuration → review → create)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-cluster-session.h"
#include "kf-deployment-config.h"
#include "kf-gpu-watcher.h"
#include "kf-hf-client.h"
#include "kf-keyring.h"
#include "kf-model.h"

G_BEGIN_DECLS

#define KF_TYPE_DEPLOY_WIZARD (kf_deploy_wizard_get_type ())
G_DECLARE_FINAL_TYPE (KfDeployWizard, kf_deploy_wizard, KF, DEPLOY_WIZARD, AdwWindow)

/* A modal wizard transient for @parent (may be NULL). @session (may be NULL:
 * nothing can be created, the wizard says so) gives the client, the runtimes
 * installed and the GPU inventory; @model (may be NULL: "New deployment", the
 * model id is typed) prefills the model.
 *
 * Properties: "session" (KfClusterSession, construct), "model" (KfModel,
 * construct-only), "busy" (boolean, read-only: a creation is in flight),
 * "gpu-watcher" (KfGpuWatcher: the live GPU inventory the Review step's fit
 * verdict follows; by default the parent KfWindow's, else the wizard's own on
 * the session).
 * Signal ::deployment-created (const char *namespace, const char *name,
 * const char *provider_id) is emitted once the objects exist; the wizard then
 * closes itself. */
KfDeployWizard     *kf_deploy_wizard_new          (GtkWindow        *parent,
                                                   KfClusterSession *session,
                                                   KfModel          *model);
KfClusterSession   *kf_deploy_wizard_get_session  (KfDeployWizard   *self);
void                kf_deploy_wizard_set_session  (KfDeployWizard   *self,
                                                   KfClusterSession *session);
KfModel            *kf_deploy_wizard_get_model    (KfDeployWizard   *self);
gboolean            kf_deploy_wizard_get_busy     (KfDeployWizard   *self);
/* What the form holds now (a new config). */
KfDeploymentConfig *kf_deploy_wizard_get_config   (KfDeployWizard   *self);
void                kf_deploy_wizard_set_gpu_watcher (KfDeployWizard *self,
                                                      KfGpuWatcher   *watcher);
KfGpuWatcher       *kf_deploy_wizard_get_gpu_watcher (KfDeployWizard *self);
/* Where the HuggingFace token of a gated model is read (default: kf_keyring_get_default()). */
void                kf_deploy_wizard_set_keyring  (KfDeployWizard   *self,
                                                   KfKeyring        *keyring);
/* The Hub the KAITO GGUF file list comes from (default: kf_hf_client_new (NULL)). */
void                kf_deploy_wizard_set_hf_client (KfDeployWizard  *self,
                                                    KfHfClient      *client);
/* Shows a step: "model", "runtime", "configuration" or "review". */
void                kf_deploy_wizard_set_step     (KfDeployWizard   *self,
                                                   const char       *step);

G_END_DECLS
