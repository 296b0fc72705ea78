/* kf-cli-describe.h: `kubefoundry-cli describe`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"

G_BEGIN_DECLS

int kf_cli_describe (KfCliGlobals  *globals,
               int            argc,
               char         **argv);

G_END_DECLS
