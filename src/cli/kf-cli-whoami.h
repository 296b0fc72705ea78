/* kf-cli-whoami.h: `kubefoundry-cli whoami`, and connecting to a context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"
#include "kf-kube-client.h"

G_BEGIN_DECLS

int           kf_cli_whoami   (KfCliGlobals  *globals,
                               int            argc,
                               char         **argv);

/* A client for --context (default: the current context) of the kubeconfig. */
KfKubeClient *kf_cli_connect  (KfCliGlobals  *globals,
                               GError       **error);
/* Iterates the default main context until *@result is set. */
void          kf_cli_wait     (GAsyncResult **result);
/* A GAsyncReadyCallback storing the result into *(GAsyncResult **) user_data. */
void          kf_cli_store_cb (GObject       *source,
                               GAsyncResult  *result,
                               gpointer       user_data);
/* Prints @node as JSON or YAML per -o; returns the exit status. */
int           kf_cli_print_structured (KfCliGlobals *globals,
                                       JsonNode     *node);

G_END_DECLS
