/* kf-cli-status.h: `kubefoundry-cli status`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"

G_BEGIN_DECLS

int kf_cli_status (KfCliGlobals  *globals,
                   int            argc,
                   char         **argv);

G_END_DECLS
