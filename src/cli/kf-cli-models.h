/* kf-cli-models.h: `models` and `fit` subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cli.h"

G_BEGIN_DECLS

int kf_cli_models (KfCliGlobals *globals, int argc, char **argv);
int kf_cli_fit    (KfCliGlobals *globals, int argc, char **argv);

G_END_DECLS
