/* kf-cli-logs.h: `kubefoundry-cli logs NAME`, and finding a deployment's
 * custom resource and pods (shared with `metrics`)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"
#include "kf-cli-find.h"
#include "kf-kube-client.h"
#include "kf-provider.h"

G_BEGIN_DECLS

int         kf_cli_logs              (KfCliGlobals  *globals,
                                      int            argc,
                                      char         **argv);

/* The label selector of the pods a provider's operator creates for NAME. */
char       *kf_cli_pod_selector      (KfProvider    *provider,
                                      const char    *name);

G_END_DECLS
