/* kf-cli-deploy.h: kubefoundry-cli deploy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"

G_BEGIN_DECLS

int kf_cli_deploy (KfCliGlobals  *globals,
                   int            argc,
                   char         **argv);

/* Creates @manifests (JsonNode objects, the custom resource first) in the cluster
 * through @client (a KfKubeClient; NULL fails with a message saying a connection
 * is needed) with the core KfDeployer (namespace if missing, then each object),
 * running a main loop until done, and prints one line per created object.
 * Errors are the deployer's (KF_KUBE_ERROR with the server's causes). */
gboolean kf_cli_deploy_apply (GPtrArray  *manifests,
                              gpointer    client,
                              GError    **error);

/* Same, also creating (or updating) the Secret @hf_secret_name (NULL: the
 * default hf-token-secret) with key HF_TOKEN = @hf_token in the namespace
 * first when @hf_token is not NULL. The token is never printed. */
gboolean kf_cli_deploy_apply_with_token (GPtrArray   *manifests,
                                         gpointer     client,
                                         const char  *hf_secret_name,
                                         const char  *hf_token,
                                         GError     **error);

G_END_DECLS
