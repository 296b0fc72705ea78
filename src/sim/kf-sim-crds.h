/* kf-sim-crds.h: the runtimes' real CustomResourceDefinitions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The CRD files a runtime ("dynamo", "kuberay", "kaito") installs, NULL-terminated. */
const char * const *kf_sim_crds_files_for_runtime (const char *runtime);

/* The directory holding them: @preferred if set, else $KF_SIM_CRDS_DIR, else
 * PACKAGE_DATADIR/crds when it exists, else SOURCE_DIR/src/sim/crds. */
char               *kf_sim_crds_find_dir          (const char *preferred);

/* The parsed CRD in @dir/@file, sealed, parsed once per process and shared. */
JsonNode           *kf_sim_crds_load              (const char  *dir,
                                                   const char  *file,
                                                   GError     **error);

G_END_DECLS
