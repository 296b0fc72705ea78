/* kf-models-page.h: the Models page (curated catalog and HuggingFace search)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-model.h"
#include "kf-hf-client.h"
#include "kf-gpu-inventory.h"

G_BEGIN_DECLS

#define KF_TYPE_MODELS_PAGE (kf_models_page_get_type ())
G_DECLARE_FINAL_TYPE (KfModelsPage, kf_models_page, KF, MODELS_PAGE, GtkWidget)

GtkWidget  *kf_models_page_new                (void);

/* Signals: "deploy-requested" (KfModel *model): the details view's Deploy
 * button; insensitive until a handler is connected. */

/* The Hub client (default: one on $HF_ENDPOINT) and the user's token (NULL
 * when signed out; kept in memory only, never shown or logged). */
void        kf_models_page_set_hf_client      (KfModelsPage   *self,
                                               KfHfClient     *client);
void        kf_models_page_set_hf_token       (KfModelsPage   *self,
                                               const char     *token);
/* The cluster's GPUs for the fit badges; NULL = not connected ("unknown"). */
void        kf_models_page_set_gpu_inventory  (KfModelsPage   *self,
                                               KfGpuInventory *inventory);

/* What the user would type or click (also for tests and actions). */
void        kf_models_page_set_search_text    (KfModelsPage   *self,
                                               const char     *text);
void        kf_models_page_set_engine_filter  (KfModelsPage   *self,
                                               KfEngines        engines);
void        kf_models_page_show_tab           (KfModelsPage   *self,
                                               const char     *name);   /* "curated", "huggingface" */
void        kf_models_page_show_details       (KfModelsPage   *self,
                                               KfModel        *model);

/* The visible results (filtered). */
GListModel *kf_models_page_get_curated_results (KfModelsPage  *self);
GListModel *kf_models_page_get_hf_results     (KfModelsPage   *self);
/* "hint", "loading", "error", "empty" or "results"; and the error shown. */
const char *kf_models_page_get_hf_state       (KfModelsPage   *self);
const char *kf_models_page_get_hf_error       (KfModelsPage   *self);
/* Fetches the next HuggingFace page (the Load More button). */
void        kf_models_page_load_more          (KfModelsPage   *self);

G_END_DECLS
