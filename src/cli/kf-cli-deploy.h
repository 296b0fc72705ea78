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
 * through @client. The seam for the Kubernetes client: until it exists, @client
 * is always NULL and this fails with a message saying a connection is needed. */
gboolean kf_cli_deploy_apply (GPtrArray  *manifests,
                              gpointer    client,
                              GError    **error);

G_END_DECLS
