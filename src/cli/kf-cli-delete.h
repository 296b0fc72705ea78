/* kf-cli-delete.h: `kubefoundry-cli delete`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"

G_BEGIN_DECLS

int kf_cli_delete (KfCliGlobals  *globals,
               int            argc,
               char         **argv);

G_END_DECLS
