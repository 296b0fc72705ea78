/* kf-cli-list.h: `kubefoundry-cli list`, and finding deployments for the
 * describe, scale and delete commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"
#include "kf-cli-find.h"
#include "kf-deployment.h"
#include "kf-kube-client.h"

G_BEGIN_DECLS

int        kf_cli_list                 (KfCliGlobals  *globals,
                                        int            argc,
                                        char         **argv);

/* Reads -n/--namespace and -o/--output after the subcommand into @globals and
 * returns the remaining positional arguments (NULL-terminated, new array);
 * NULL with a message on stderr for an unknown option. */
GStrv      kf_cli_parse_args           (KfCliGlobals  *globals,
                                        int            argc,
                                        char         **argv);

/* Every KubeFoundry deployment (KfDeployment) of the three runtimes in @ns
 * (NULL: all namespaces); runtimes that are not installed are skipped. */
GPtrArray *kf_cli_list_deployments     (KfKubeClient  *client,
                                        const char    *ns,
                                        GError       **error);
/* The JSON summary of a deployment that list and describe print. */
JsonNode  *kf_cli_deployment_to_json   (KfDeployment  *deployment);

G_END_DECLS
