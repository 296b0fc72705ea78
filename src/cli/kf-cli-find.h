/* kf-cli-find.h: finding a deployment by name for the CLI's commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"
#include "kf-deployment.h"
#include "kf-kube-client.h"
#include "kf-provider.h"

G_BEGIN_DECLS

/* The deployment called @name (optionally "RUNTIME/NAME", RUNTIME a provider
 * id: dynamo, kuberay, kaito) in @ns, or in any namespace when @ns is NULL.
 * In a namespace it is looked up directly among the runtimes' custom
 * resources; across namespaces among KubeFoundry's (labelled) deployments.
 * Errors (KF_KUBE_ERROR) say what to type instead: NOT_FOUND "no deployment
 * “X” in namespace Y; did you mean …?" (the same name in other namespaces,
 * or a similar name), FAILED when the name is ambiguous across namespaces or
 * runtimes; API errors as they came. */
KfDeployment *kf_cli_find_deployment    (KfKubeClient  *client,
                                         const char    *ns,
                                         const char    *name,
                                         GError       **error);

/* Connects with @globals (context, kubeconfig) and finds @name in
 * globals->namespace (any when unset); *@client is set on success. */
KfDeployment *kf_cli_connect_and_find   (KfCliGlobals  *globals,
                                         const char    *name,
                                         KfKubeClient **client,
                                         GError       **error);

/* kf_cli_find_deployment() for callers that want the custom resource and its
 * provider (kf-cli-metrics.c): @provider is borrowed. */
JsonNode     *kf_cli_find_deployment_cr (KfKubeClient  *client,
                                         const char    *ns,
                                         const char    *name,
                                         KfProvider   **provider,
                                         GError       **error);

G_END_DECLS
