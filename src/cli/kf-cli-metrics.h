/* kf-cli-metrics.h: `kubefoundry-cli metrics NAME`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"

G_BEGIN_DECLS

int kf_cli_metrics (KfCliGlobals  *globals,
                    int            argc,
                    char         **argv);

G_END_DECLS
