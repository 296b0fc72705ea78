/* kf-model-catalog.h: the curated model catalog
 *
 * The 18 curated entries (kf-models-catalog.json, compiled into the core's
 * GResource) as a GListStore of KfModel, ready for a GtkFilterListModel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-model.h"

G_BEGIN_DECLS

/* Registers the core's GResource (idempotent). The catalog functions call it;
 * anything reading resource:///io/github/kubefoundry/KubeFoundry/core/ directly
 * must call it first: a static library's constructor is not guaranteed to run. */
void        kf_models_resources_ensure    (void);

/* The curated catalog, in catalog order. A new store each call. */
GListStore *kf_model_catalog_load         (GError     **error);

/* Parses a catalog document ({"models": [...]}); errors in KF_MODEL_ERROR
 * name the entry and field that are wrong. */
GListStore *kf_model_catalog_load_from_data (const char  *data,
                                             gssize       length,
                                             GError     **error);

/* Parses one catalog entry (the JSON object of an item of "models"). */
KfModel    *kf_model_new_from_catalog_json (JsonObject  *object,
                                            GError     **error);

/* Finds a model by id (exact) in a list of KfModel; NULL if absent. */
KfModel    *kf_model_catalog_lookup       (GListModel  *models,
                                           const char  *id);

/* Parses "16GB" / "4 GB" / "24GiB" into bytes (GB decimal, GiB binary); 0 when unparseable. */
guint64     kf_parse_memory_size          (const char  *text);

G_END_DECLS
