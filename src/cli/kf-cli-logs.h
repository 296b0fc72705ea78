/* kf-cli-logs.h: `kubefoundry-cli logs NAME`, and finding a deployment's
 * custom resource and pods (shared with `metrics`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"
#include "kf-kube-client.h"
#include "kf-provider.h"

G_BEGIN_DECLS

int         kf_cli_logs              (KfCliGlobals  *globals,
                                      int            argc,
                                      char         **argv);

/* Looks NAME up among the three providers' custom resources in @ns; returns
 * the resource and sets *@provider (borrowed). Blocks on the main context. */
JsonNode   *kf_cli_find_deployment_cr   (KfKubeClient  *client,
                                      const char    *ns,
                                      const char    *name,
                                      KfProvider   **provider,
                                      GError       **error);
/* The label selector of the pods a provider's operator creates for NAME. */
char       *kf_cli_pod_selector      (KfProvider    *provider,
                                      const char    *name);

G_END_DECLS
