/* kf-demo-cluster.h: the simulated cluster behind `kubefoundry --demo`
 *
 * Runs the simulated Kubernetes API server (built-in scenario: GPU nodes, the
 * three runtimes' CRDs and operators) in-process on a free loopback port over
 * HTTPS, and writes a kubeconfig for it into a private folder (0700) under
 * $XDG_RUNTIME_DIR/kubefoundry. The window's session reads only that file;
 * the user's kubeconfig files are never read nor written.
 *
 * kf_demo_cluster_seed_async() then creates a few deployments through the
 * API, as the deploy wizard would (KfDeployer), for the simulated operators to
 * drive: a running vLLM model on NVIDIA Dynamo, a KAITO workspace, and one
 * asking for more GPUs than any node has, which stays Pending (so the
 * details page has a "why it is not running" to show).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-cluster-session.h"

G_BEGIN_DECLS

#define KF_TYPE_DEMO_CLUSTER (kf_demo_cluster_get_type ())
G_DECLARE_FINAL_TYPE (KfDemoCluster, kf_demo_cluster, KF, DEMO_CLUSTER, GObject)

KfDemoCluster    *kf_demo_cluster_new             (double          speed);
/* Starts the server and writes the kubeconfig. */
gboolean          kf_demo_cluster_start           (KfDemoCluster  *self,
                                                   GError        **error);
/* Stops the server and removes the kubeconfig and its folder. */
void              kf_demo_cluster_stop            (KfDemoCluster  *self);
const char       *kf_demo_cluster_get_kubeconfig_path (KfDemoCluster *self);
const char       *kf_demo_cluster_get_url         (KfDemoCluster  *self);
/* Creates the demo deployments in namespace "demo" (see above). */
void              kf_demo_cluster_seed_async      (KfDemoCluster       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* The number of deployments created, or -1 with @error. */
int               kf_demo_cluster_seed_finish     (KfDemoCluster       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* A new (not started) session on the demo kubeconfig only. */
KfClusterSession *kf_demo_cluster_new_session     (KfDemoCluster  *self);

G_END_DECLS
