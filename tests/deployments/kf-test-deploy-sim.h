/* kf-test-deploy-sim.h: the simulated cluster in-process, and a client for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-kube-client.h"
#include "kf-sim-server.h"

G_BEGIN_DECLS

typedef struct
{
  KfSimServer  *sim;
  char         *kubeconfig_path;
  KfKubeClient *client;
} KfDeploySim;

/* Starts the built-in scenario at @speed (simulated seconds per second);
 * @failing_model, when not NULL, crash-loops (@failure) in the operators. */
KfDeploySim *kf_deploy_sim_start     (double        speed,
                                  const char   *failing_model,
                                  int           failure);
void       kf_deploy_sim_free      (KfDeploySim    *ts);

/* Synchronous helpers for test set-up (they iterate the main loop). */
JsonNode  *kf_deploy_sim_request   (KfDeploySim    *ts,
                                  const char   *method,
                                  const char   *path,
                                  const char   *content_type,
                                  JsonNode     *body,
                                  GError      **error);
JsonNode  *kf_deploy_sim_create    (KfDeploySim    *ts,
                                  const KfKubeResource *resource,
                                  const char   *ns,
                                  JsonNode     *object);
/* Generates a provider's manifests for a small config and creates them all;
 * returns the custom resource as created. */
JsonNode  *kf_deploy_sim_deploy    (KfDeploySim    *ts,
                                  const char   *provider_id,
                                  const char   *ns,
                                  const char   *name,
                                  const char   *model_id,
                                  guint         gpus);
JsonNode  *kf_deploy_sim_json          (const char   *text);

typedef gboolean (*KfDeploySimPredicate) (gpointer data);
/* Runs the main loop until @pred holds; FALSE after @timeout_ms. */
gboolean   kf_deploy_sim_wait_for          (KfDeploySimPredicate pred,
                                  gpointer        data,
                                  guint           timeout_ms);
void       kf_deploy_sim_spin          (guint           ms);

G_END_DECLS
