/* kf-models-page.c: the Models page (curated catalog and HuggingFace search)
 *
 * One search entry and engine toggles drive both tabs: the curated list is
 * filtered as the user types (kf_model_matches() in a GtkCustomFilter); the
 * HuggingFace tab searches the Hub 500 ms after the last keystroke (≥ 2
 * characters), cancelling the request a newer query makes stale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-models-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kf-models-page.h"
#include "kf-model-catalog.h"
#include "kf-memory-fit.h"

#define HF_DEBOUNCE_MS 500
#define HF_PAGE_SIZE 20
#define GiB (1024.0 * 1024.0 * 1024.0)

/* GPU types the details view sizes against when no cluster is connected. */
static const char *const common_gpus[] = {
  "NVIDIA-L4", "NVIDIA-L40S", "NVIDIA-A100-SXM4-80GB", "NVIDIA-H100-80GB-HBM3", "NVIDIA-H200", NULL
};

struct _KfModelsPage
{
  GtkWidget           parent_instance;

  /* template children */
  GtkStack           *main_stack;
  AdwViewStack       *view_stack;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *engine_vllm;
  GtkToggleButton    *engine_sglang;
  GtkToggleButton    *engine_trtllm;
  GtkToggleButton    *engine_llamacpp;
  GtkLabel           *curated_count_label;
  GtkStack           *curated_stack;
  GtkListView        *curated_list;
  GtkStack           *hf_stack;
  GtkSpinner         *hf_spinner;
  AdwStatusPage      *hf_error_page;
  GtkLabel           *hf_count_label;
  GtkListView        *hf_list;
  GtkButton          *hf_more_button;
  GtkLabel           *details_title;
  GtkLabel           *details_id;
  GtkLabel           *details_description;
  AdwPreferencesGroup *details_group;
  AdwPreferencesGroup *details_fit_group;
  GtkLabel           *details_status;
  GtkButton          *deploy_button;

  GListStore         *catalog;
  GtkCustomFilter    *text_filter;       /* text + engines: curated */
  GtkCustomFilter    *engine_filter;     /* engines only: the Hub already matched the text */
  GtkFilterListModel *curated_results;
  GListStore         *hf_store;
  GtkFilterListModel *hf_results;
  char               *query;
  KfEngines            engines;

  KfHfClient         *hf_client;
  char               *hf_token;
  GCancellable       *hf_cancellable;
  guint               hf_debounce_id;
  char               *hf_query;          /* the query the HF list shows */
  char               *hf_next_url;
  guint               hf_received;
  char               *hf_error;

  KfGpuInventory     *inventory;

  KfModel            *details_model;
  GCancellable       *details_cancellable;
  GPtrArray          *details_rows;      /* rows added to the two groups */
  JsonObject         *details_config;
};

G_DEFINE_FINAL_TYPE (KfModelsPage, kf_models_page, GTK_TYPE_WIDGET)

enum {
  DEPLOY_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- fit helpers -------------------------------------------------------- */

static gboolean
fill_request (KfModel      *model,
              KfFitRequest *req,
              KfModelShape *shape,
              JsonObject   *config)
{
  gboolean have_shape = FALSE;

  if (config == NULL)
    config = kf_model_get_config (model);
  if (config != NULL)
    have_shape = kf_model_shape_from_config (config, shape, NULL);
  kf_fit_request_init (req);
  kf_fit_request_set_model (req, model, have_shape ? shape : NULL);
  return have_shape;
}

/* "≈ 17.9 GiB" for the whole model on one big GPU (weights, KV, overhead). */
static char *
memory_text (KfModel *model)
{
  KfFitRequest req;
  KfModelShape shape;
  KfFitEstimate e;

  fill_request (model, &req, &shape, NULL);
  kf_memory_fit_estimate (&req, 1, (guint64) (1024 * GiB), &e);
  if (e.verdict == KF_FIT_UNKNOWN)
    return g_strdup (_("Size unknown"));
  return g_strdup_printf (_("≈ %.1f GiB"), e.required_bytes / GiB);
}

static void
set_fit_label (KfModelsPage *self,
               GtkLabel     *label,
               KfModel      *model)
{
  KfFitRequest req;
  KfModelShape shape;
  g_autoptr(KfFitPlan) plan = NULL;
  const char *css = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  if (self->inventory == NULL)
    {
      gtk_label_set_label (label, _("Fit unknown"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), _("Connect to a cluster to check whether the model fits its GPUs"));
      return;
    }
  fill_request (model, &req, &shape, NULL);
  plan = kf_memory_fit_plan (&req, self->inventory);
  switch (plan->verdict)
    {
    case KF_FIT_FITS: gtk_label_set_label (label, _("Fits")); css = "success"; break;
    case KF_FIT_TIGHT: gtk_label_set_label (label, _("Tight fit")); css = "warning"; break;
    case KF_FIT_DOES_NOT_FIT: gtk_label_set_label (label, _("Does not fit")); css = "error"; break;
    case KF_FIT_UNKNOWN:
    default: gtk_label_set_label (label, _("Fit unknown")); break;
    }
  if (css)
    gtk_widget_add_css_class (GTK_WIDGET (label), css);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), plan->summary);
}

/* ---- rows --------------------------------------------------------------- */

static GtkWidget *
new_label (const char *css1,
           const char *css2)
{
  GtkWidget *l = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  if (css1)
    gtk_widget_add_css_class (l, css1);
  if (css2)
    gtk_widget_add_css_class (l, css2);
  return l;
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *info = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *badges = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = new_label ("heading", NULL);
  GtkWidget *gated = new_label ("caption", "warning");
  GtkWidget *deprecated = new_label ("caption", "dim-label");
  GtkWidget *id = new_label ("caption", "dim-label");
  GtkWidget *desc = new_label ("dim-label", NULL);
  GtkWidget *meta = new_label ("caption", NULL);
  GtkWidget *memory = new_label ("caption", NULL);
  GtkWidget *fit = new_label ("caption", NULL);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_hexpand (info, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (id), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_ellipsize (GTK_LABEL (desc), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_label_set_label (GTK_LABEL (gated), _("Gated"));
  gtk_widget_set_tooltip_text (gated, _("Accept the licence on HuggingFace and sign in to deploy this model"));
  gtk_label_set_xalign (GTK_LABEL (memory), 1);
  gtk_label_set_xalign (GTK_LABEL (fit), 1);
  gtk_widget_set_valign (badges, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (title), name);
  gtk_box_append (GTK_BOX (title), gated);
  gtk_box_append (GTK_BOX (title), deprecated);
  gtk_box_append (GTK_BOX (info), title);
  gtk_box_append (GTK_BOX (info), id);
  gtk_box_append (GTK_BOX (info), desc);
  gtk_box_append (GTK_BOX (info), meta);
  gtk_box_append (GTK_BOX (badges), memory);
  gtk_box_append (GTK_BOX (badges), fit);
  gtk_box_append (GTK_BOX (row), info);
  gtk_box_append (GTK_BOX (row), badges);

  g_object_set_data (G_OBJECT (row), "name", name);
  g_object_set_data (G_OBJECT (row), "gated", gated);
  g_object_set_data (G_OBJECT (row), "deprecated", deprecated);
  g_object_set_data (G_OBJECT (row), "id", id);
  g_object_set_data (G_OBJECT (row), "desc", desc);
  g_object_set_data (G_OBJECT (row), "meta", meta);
  g_object_set_data (G_OBJECT (row), "memory", memory);
  g_object_set_data (G_OBJECT (row), "fit", fit);
  gtk_list_item_set_child (item, row);
}

static char *
format_count (guint64 n)
{
  if (n >= 1000000)
    return g_strdup_printf ("%.1fM", n / 1e6);
  if (n >= 1000)
    return g_strdup_printf ("%.1fK", n / 1e3);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  KfModelsPage *self = user_data;
  KfModel *m = gtk_list_item_get_item (item);
  GObject *row = G_OBJECT (gtk_list_item_get_child (item));
  g_autofree char *engines = kf_engines_to_display_list (kf_model_get_engines (m));
  g_autofree char *memory = memory_text (m);
  g_autoptr(GString) meta = g_string_new (NULL);
  const char *desc = kf_model_get_description (m);

  gtk_label_set_label (g_object_get_data (row, "name"), kf_model_get_name (m));
  gtk_label_set_label (g_object_get_data (row, "id"), kf_model_get_id (m));
  gtk_widget_set_visible (g_object_get_data (row, "gated"), kf_model_get_gated (m));
  gtk_widget_set_visible (g_object_get_data (row, "deprecated"), kf_model_get_premade_deprecated (m));
  if (kf_model_get_premade_deprecated (m))
    gtk_label_set_label (g_object_get_data (row, "deprecated"), _("Image deprecated upstream"));

  if (kf_model_get_size (m))
    g_string_append (meta, kf_model_get_size (m));
  if (kf_model_get_context_length (m))
    {
      if (meta->len)
        g_string_append (meta, " · ");
      g_string_append_printf (meta, _("%u tokens"), kf_model_get_context_length (m));
    }
  if (*engines)
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", engines);
  if (kf_model_get_source (m) == KF_MODEL_SOURCE_HUGGINGFACE)
    {
      g_autofree char *dl = format_count (kf_model_get_downloads (m));
      g_autofree char *likes = format_count (kf_model_get_likes (m));
      g_string_append_printf (meta, _(" · %s downloads · %s likes"), dl, likes);
      if (desc == NULL)
        desc = kf_model_get_author (m);
    }
  gtk_label_set_label (g_object_get_data (row, "meta"), meta->str);
  gtk_label_set_label (g_object_get_data (row, "desc"), desc ? desc : "");
  gtk_widget_set_visible (g_object_get_data (row, "desc"), desc != NULL);
  gtk_label_set_label (g_object_get_data (row, "memory"), memory);
  set_fit_label (self, g_object_get_data (row, "fit"), m);
}

static GtkListItemFactory *
new_factory (KfModelsPage *self)
{
  GtkListItemFactory *f = gtk_signal_list_item_factory_new ();

  g_signal_connect (f, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (f, "bind", G_CALLBACK (row_bind_cb), self);
  return f;
}

static void
set_list_models (KfModelsPage *self)
{
  g_autoptr(GtkNoSelection) curated = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->curated_results)));
  g_autoptr(GtkNoSelection) hf = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->hf_results)));

  gtk_list_view_set_model (self->curated_list, GTK_SELECTION_MODEL (curated));
  gtk_list_view_set_model (self->hf_list, GTK_SELECTION_MODEL (hf));
}

/* ---- filtering ---------------------------------------------------------- */

static gboolean
text_filter_func (gpointer item,
                  gpointer user_data)
{
  KfModelsPage *self = user_data;

  return kf_model_matches (item, self->query, self->engines);
}

static gboolean
engine_filter_func (gpointer item,
                    gpointer user_data)
{
  KfModelsPage *self = user_data;

  return kf_model_matches (item, NULL, self->engines);
}

static void
update_counts (KfModelsPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->curated_results));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->catalog));
  g_autofree char *text = g_strdup_printf (_("%u of %u models"), shown, total);

  gtk_label_set_label (self->curated_count_label, text);
  gtk_stack_set_visible_child_name (self->curated_stack, shown > 0 ? "list" : "empty");

  if (self->hf_query)
    {
      g_autofree char *hf = g_strdup_printf (_("Showing %u deployable models of %u results for “%s”"),
                                             g_list_model_get_n_items (G_LIST_MODEL (self->hf_results)),
                                             self->hf_received, self->hf_query);
      gtk_label_set_label (self->hf_count_label, hf);
    }
}

/* ---- HuggingFace search ------------------------------------------------ */

static void
hf_set_state (KfModelsPage *self,
              const char   *state)
{
  gtk_stack_set_visible_child_name (self->hf_stack, state);
  gtk_spinner_set_spinning (self->hf_spinner, g_str_equal (state, "loading"));
}

static void
hf_search_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KfModelsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KfHfSearchPage) page = kf_hf_client_search_finish (KF_HF_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer query replaced this one, or the page went away */
  g_clear_object (&self->hf_cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hf_more_button), TRUE);

  if (page == NULL)
    {
      g_free (self->hf_error);
      self->hf_error = g_strdup (error->message);
      adw_status_page_set_description (self->hf_error_page, error->message);
      hf_set_state (self, "error");
      return;
    }
  g_clear_pointer (&self->hf_error, g_free);
  self->hf_received += page->n_received;
  g_free (self->hf_next_url);
  self->hf_next_url = g_strdup (page->next_url);
  g_list_store_splice (self->hf_store, g_list_model_get_n_items (G_LIST_MODEL (self->hf_store)), 0,
                       page->models->pdata, page->models->len);
  gtk_widget_set_visible (GTK_WIDGET (self->hf_more_button), self->hf_next_url != NULL);
  hf_set_state (self, g_list_model_get_n_items (G_LIST_MODEL (self->hf_store)) > 0 || self->hf_next_url ? "results" : "empty");
  update_counts (self);
}

static KfHfClient *
ensure_client (KfModelsPage *self)
{
  if (self->hf_client == NULL)
    self->hf_client = kf_hf_client_new (NULL);
  return self->hf_client;
}

static void
hf_start_search (KfModelsPage *self)
{
  const char *q = self->query ? self->query : "";
  g_autofree char *stripped = g_strstrip (g_strdup (q));

  g_cancellable_cancel (self->hf_cancellable);
  g_clear_object (&self->hf_cancellable);
  g_list_store_remove_all (self->hf_store);
  g_clear_pointer (&self->hf_next_url, g_free);
  self->hf_received = 0;

  if (g_utf8_strlen (stripped, -1) < 2)
    {
      g_clear_pointer (&self->hf_query, g_free);
      hf_set_state (self, "hint");
      return;
    }
  g_free (self->hf_query);
  self->hf_query = g_steal_pointer (&stripped);
  self->hf_cancellable = g_cancellable_new ();
  hf_set_state (self, "loading");
  kf_hf_client_search_async (ensure_client (self), self->hf_query, HF_PAGE_SIZE, self->hf_token,
                             self->hf_cancellable, hf_search_cb, g_object_ref (self));
}

static gboolean
hf_debounce_cb (gpointer user_data)
{
  KfModelsPage *self = user_data;

  self->hf_debounce_id = 0;
  hf_start_search (self);
  return G_SOURCE_REMOVE;
}

static gboolean
hf_tab_visible (KfModelsPage *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "huggingface") == 0;
}

static void
hf_schedule (KfModelsPage *self,
             guint         delay_ms)
{
  g_clear_handle_id (&self->hf_debounce_id, g_source_remove);
  /* Any request in flight is stale from this keystroke on. */
  g_cancellable_cancel (self->hf_cancellable);
  g_clear_object (&self->hf_cancellable);
  self->hf_debounce_id = g_timeout_add (delay_ms, hf_debounce_cb, self);
}

void
kf_models_page_load_more (KfModelsPage *self)
{
  g_return_if_fail (KF_IS_MODELS_PAGE (self));
  if (self->hf_next_url == NULL || self->hf_cancellable != NULL)
    return;
  self->hf_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->hf_more_button), FALSE);
  kf_hf_client_search_next_async (ensure_client (self), self->hf_next_url, self->hf_token,
                                  self->hf_cancellable, hf_search_cb, g_object_ref (self));
}

static void
hf_more_cb (KfModelsPage *self)
{
  kf_models_page_load_more (self);
}

static void
hf_retry_cb (KfModelsPage *self)
{
  hf_start_search (self);
}

/* ---- the entry, toggles, tabs ------------------------------------------ */

static void
search_changed_cb (KfModelsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_strcmp0 (text, self->query) == 0)
    return;
  g_free (self->query);
  self->query = g_strdup (text);
  gtk_filter_changed (GTK_FILTER (self->text_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_counts (self);
  if (hf_tab_visible (self))
    hf_schedule (self, HF_DEBOUNCE_MS);
}

static void
engine_toggled_cb (KfModelsPage *self)
{
  KfEngines e = KF_ENGINES_NONE;

  if (gtk_toggle_button_get_active (self->engine_vllm))
    e |= KF_ENGINES_VLLM;
  if (gtk_toggle_button_get_active (self->engine_sglang))
    e |= KF_ENGINES_SGLANG;
  if (gtk_toggle_button_get_active (self->engine_trtllm))
    e |= KF_ENGINES_TRTLLM;
  if (gtk_toggle_button_get_active (self->engine_llamacpp))
    e |= KF_ENGINES_LLAMACPP;
  if (e == self->engines)
    return;
  self->engines = e;
  gtk_filter_changed (GTK_FILTER (self->text_filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_filter_changed (GTK_FILTER (self->engine_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_counts (self);
}

static void
tab_changed_cb (KfModelsPage *self)
{
  g_autofree char *stripped = g_strstrip (g_strdup (self->query ? self->query : ""));

  if (hf_tab_visible (self) && g_strcmp0 (stripped, self->hf_query) != 0 && self->hf_debounce_id == 0)
    hf_schedule (self, 0);
}

/* ---- details ------------------------------------------------------------ */

static void
details_clear_rows (KfModelsPage *self)
{
  for (guint i = 0; i < self->details_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->details_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);
      if (group)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->details_rows, 0);
}

static void
details_add (KfModelsPage        *self,
             AdwPreferencesGroup *group,
             const char          *title,
             const char          *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->details_rows, row);
}

static void
details_fill_fit (KfModelsPage *self)
{
  KfModel *m = self->details_model;
  KfFitRequest req;
  KfModelShape shape;
  g_autoptr(KfFitPlan) plan = NULL;
  gboolean have_shape = fill_request (m, &req, &shape, self->details_config);

  if (self->inventory)
    plan = kf_memory_fit_plan (&req, self->inventory);
  for (guint i = 0; self->inventory == NULL && common_gpus[i]; i++)
    {
      g_autoptr(KfGpuInventory) one = kf_gpu_inventory_new_synthetic (common_gpus[i], 0, 8);
      g_autoptr(KfFitPlan) p = kf_memory_fit_plan (&req, one);
      const KfFitOption *o = g_ptr_array_index (p->options, 0);
      g_autofree char *text = NULL;

      if (o->gpus_needed > 0)
        text = g_strdup_printf (_("%u GPU(s): %.1f GiB of %.1f GiB usable per GPU (weights %.1f, KV cache %.1f, overhead %.1f)"),
                                o->gpus_needed, o->estimate.required_bytes / GiB, o->estimate.usable_bytes / GiB,
                                o->estimate.weights_bytes / GiB, o->estimate.kv_cache_bytes / GiB,
                                o->estimate.overhead_bytes / GiB);
      else if (o->estimate.verdict == KF_FIT_UNKNOWN)
        text = g_strdup (_("Unknown: the model's size is not known"));
      else
        text = g_strdup_printf (_("Does not fit on one node of 8 (%.1f GiB per GPU needed)"),
                                o->estimate.required_bytes / GiB);
      details_add (self, self->details_fit_group, common_gpus[i], text);
    }
  for (guint i = 0; plan && i < plan->options->len; i++)
    {
      const KfFitOption *o = g_ptr_array_index (plan->options, i);
      g_autofree char *text = g_strdup_printf (_("%s — %u GPU(s) needed, %u free on one node: %.1f GiB of %.1f GiB per GPU"),
                                               kf_fit_verdict_to_string (o->verdict), o->gpus_needed,
                                               o->max_free_on_node, o->estimate.required_bytes / GiB,
                                               o->estimate.usable_bytes / GiB);
      details_add (self, self->details_fit_group, o->gpu_product, text);
    }
  details_add (self, self->details_fit_group, _("Confidence"),
               have_shape ? kf_fit_confidence_to_string (req.confidence)
                          : _("KV cache not counted: the model's config.json is unknown"));
}

static void
details_fill (KfModelsPage *self)
{
  KfModel *m = self->details_model;
  g_autofree char *engines = kf_engines_to_display_list (kf_model_get_engines (m));
  g_autofree char *context = kf_model_get_context_length (m) ? g_strdup_printf ("%u", kf_model_get_context_length (m)) : NULL;
  g_autofree char *params = kf_model_get_parameter_count (m)
    ? g_strdup_printf (_("%.2f billion (from the safetensors metadata)"), kf_model_get_parameter_count (m) / 1e9) : NULL;
  g_auto(GStrv) gguf = kf_model_dup_gguf_files (m);
  g_autofree char *gguf_text = gguf ? g_strjoinv ("\n", gguf) : NULL;
  g_autofree char *files = kf_model_get_files (m) ? g_strdup_printf ("%u", g_strv_length ((char **) kf_model_get_files (m))) : NULL;
  g_autofree char *premade = NULL;

  details_clear_rows (self);
  gtk_label_set_label (self->details_title, kf_model_get_name (m));
  gtk_label_set_label (self->details_id, kf_model_get_id (m));
  gtk_label_set_label (self->details_description, kf_model_get_description (m) ? kf_model_get_description (m) : "");

  details_add (self, self->details_group, _("Source"),
               kf_model_get_source (m) == KF_MODEL_SOURCE_CURATED ? _("Curated catalog") : _("HuggingFace"));
  details_add (self, self->details_group, _("Author"), kf_model_get_author (m));
  details_add (self, self->details_group, _("Licence"), kf_model_get_license (m));
  details_add (self, self->details_group, _("Gated"), kf_model_get_gated (m) ? _("Yes: accept the licence on HuggingFace and sign in") : NULL);
  details_add (self, self->details_group, _("Task"), kf_model_get_task (m));
  details_add (self, self->details_group, _("Size"), kf_model_get_size (m));
  details_add (self, self->details_group, _("Parameters"), params);
  details_add (self, self->details_group, _("Context length"), context);
  details_add (self, self->details_group, _("Engines"), engines);
  details_add (self, self->details_group, _("Architecture"), kf_model_get_architecture (m));
  if (kf_model_get_premade_image (m))
    premade = g_strdup_printf (kf_model_get_premade_deprecated (m) ? _("%s (deprecated upstream; suggested replacement: %s)") : "%s%s",
                               kf_model_get_premade_image (m),
                               kf_model_get_premade_deprecated (m) ? kf_model_get_premade_replacement (m) : "");
  details_add (self, self->details_group, _("KAITO image"), premade);
  details_add (self, self->details_group, _("Files"), files);
  details_add (self, self->details_group, _("GGUF files (llama.cpp)"), gguf_text);
  details_fill_fit (self);
}

static void
details_config_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KfModelsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = kf_hf_client_get_config_finish (KF_HF_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (config == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("KV cache not counted: %s"), error->message);
      gtk_label_set_label (self->details_status, text);
      return;
    }
  gtk_label_set_label (self->details_status, "");
  g_clear_pointer (&self->details_config, json_object_unref);
  self->details_config = g_steal_pointer (&config);
  details_fill (self);
}

static void
details_info_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KfModelsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KfModel) full = kf_hf_client_get_model_finish (KF_HF_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (full == NULL)
    {
      gtk_label_set_label (self->details_status, error->message);
      return;
    }
  g_set_object (&self->details_model, full);
  details_fill (self);
  gtk_label_set_label (self->details_status, _("Loading config.json…"));
  kf_hf_client_get_config_async (KF_HF_CLIENT (source), kf_model_get_id (full), self->hf_token,
                                 self->details_cancellable, details_config_cb, g_object_ref (self));
}

void
kf_models_page_show_details (KfModelsPage *self,
                             KfModel      *model)
{
  g_return_if_fail (KF_IS_MODELS_PAGE (self));
  g_return_if_fail (KF_IS_MODEL (model));

  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_pointer (&self->details_config, json_object_unref);
  g_set_object (&self->details_model, model);
  details_fill (self);
  gtk_label_set_label (self->details_status, "");
  gtk_stack_set_visible_child_name (self->main_stack, "details");
  if (g_signal_has_handler_pending (self, signals[DEPLOY_REQUESTED], 0, FALSE))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->deploy_button), TRUE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->deploy_button), NULL);
    }

  if (kf_model_get_source (model) == KF_MODEL_SOURCE_HUGGINGFACE)
    {
      self->details_cancellable = g_cancellable_new ();
      gtk_label_set_label (self->details_status, _("Loading details from HuggingFace…"));
      kf_hf_client_get_model_async (ensure_client (self), kf_model_get_id (model), self->hf_token,
                                    self->details_cancellable, details_info_cb, g_object_ref (self));
    }
}

static void
curated_activate_cb (KfModelsPage *self,
                     guint         position)
{
  g_autoptr(KfModel) m = g_list_model_get_item (G_LIST_MODEL (self->curated_results), position);

  if (m)
    kf_models_page_show_details (self, m);
}

static void
hf_activate_cb (KfModelsPage *self,
                guint         position)
{
  g_autoptr(KfModel) m = g_list_model_get_item (G_LIST_MODEL (self->hf_results), position);

  if (m)
    kf_models_page_show_details (self, m);
}

static void
deploy_clicked_cb (KfModelsPage *self)
{
  if (self->details_model)
    g_signal_emit (self, signals[DEPLOY_REQUESTED], 0, self->details_model);
}

static void
details_back_cb (KfModelsPage *self)
{
  g_cancellable_cancel (self->details_cancellable);
  gtk_stack_set_visible_child_name (self->main_stack, "list");
}

/* ---- GObject -------------------------------------------------------------- */

static void
kf_models_page_dispose (GObject *object)
{
  KfModelsPage *self = KF_MODELS_PAGE (object);

  g_clear_handle_id (&self->hf_debounce_id, g_source_remove);
  g_cancellable_cancel (self->hf_cancellable);
  g_cancellable_cancel (self->details_cancellable);
  if (self->curated_list)
    {
      gtk_list_view_set_model (self->curated_list, NULL);
      gtk_list_view_set_model (self->hf_list, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_MODELS_PAGE);
  g_clear_object (&self->curated_results);
  g_clear_object (&self->hf_results);
  g_clear_object (&self->text_filter);
  g_clear_object (&self->engine_filter);
  g_clear_object (&self->catalog);
  g_clear_object (&self->hf_store);
  g_clear_object (&self->hf_client);
  g_clear_object (&self->hf_cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_object (&self->details_model);
  g_clear_object (&self->inventory);
  g_clear_pointer (&self->details_config, json_object_unref);

  G_OBJECT_CLASS (kf_models_page_parent_class)->dispose (object);
}

static void
kf_models_page_finalize (GObject *object)
{
  KfModelsPage *self = KF_MODELS_PAGE (object);

  g_free (self->query);
  g_free (self->hf_query);
  g_free (self->hf_next_url);
  g_free (self->hf_error);
  if (self->hf_token)
    memset (self->hf_token, 0, strlen (self->hf_token));
  g_free (self->hf_token);
  g_ptr_array_unref (self->details_rows);

  G_OBJECT_CLASS (kf_models_page_parent_class)->finalize (object);
}

static void
kf_models_page_class_init (KfModelsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kf_models_page_dispose;
  object_class->finalize = kf_models_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kf-models-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, KfModelsPage, name)
  CHILD (main_stack);
  CHILD (view_stack);
  CHILD (search_entry);
  CHILD (engine_vllm);
  CHILD (engine_sglang);
  CHILD (engine_trtllm);
  CHILD (engine_llamacpp);
  CHILD (curated_count_label);
  CHILD (curated_stack);
  CHILD (curated_list);
  CHILD (hf_stack);
  CHILD (hf_spinner);
  CHILD (hf_error_page);
  CHILD (hf_count_label);
  CHILD (hf_list);
  CHILD (hf_more_button);
  CHILD (details_title);
  CHILD (details_id);
  CHILD (details_description);
  CHILD (details_group);
  CHILD (details_fit_group);
  CHILD (details_status);
  CHILD (deploy_button);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, engine_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, tab_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, curated_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, hf_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, hf_more_cb);
  gtk_widget_class_bind_template_callback (widget_class, hf_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, deploy_clicked_cb);

  /**
   * KfModelsPage::deploy-requested:
   * @model: the model the user wants to deploy
   *
   * The Deploy button of the details view; the deploy wizard connects here
   * (the button stays insensitive while nothing is connected).
   */
  signals[DEPLOY_REQUESTED] = g_signal_new ("deploy-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, KF_TYPE_MODEL);
}

static void
kf_models_page_init (KfModelsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkListItemFactory) f1 = NULL, f2 = NULL;

  self->details_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->catalog = kf_model_catalog_load (&error);
  if (self->catalog == NULL)
    {
      g_warning ("The curated model catalog cannot be loaded: %s", error->message);
      self->catalog = g_list_store_new (KF_TYPE_MODEL);
    }
  self->text_filter = gtk_custom_filter_new (text_filter_func, self, NULL);
  self->engine_filter = gtk_custom_filter_new (engine_filter_func, self, NULL);
  self->curated_results = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->catalog)),
                                                     GTK_FILTER (g_object_ref (self->text_filter)));
  self->hf_store = g_list_store_new (KF_TYPE_MODEL);
  self->hf_results = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->hf_store)),
                                                GTK_FILTER (g_object_ref (self->engine_filter)));

  f1 = new_factory (self);
  f2 = new_factory (self);
  gtk_list_view_set_factory (self->curated_list, f1);
  gtk_list_view_set_factory (self->hf_list, f2);
  set_list_models (self);
  update_counts (self);
  hf_set_state (self, "hint");
}

GtkWidget *
kf_models_page_new (void)
{
  return g_object_new (KF_TYPE_MODELS_PAGE, NULL);
}

void
kf_models_page_set_hf_client (KfModelsPage *self,
                              KfHfClient   *client)
{
  g_return_if_fail (KF_IS_MODELS_PAGE (self));
  g_set_object (&self->hf_client, client);
}

void
kf_models_page_set_hf_token (KfModelsPage *self,
                             const char   *token)
{
  g_return_if_fail (KF_IS_MODELS_PAGE (self));
  if (self->hf_token)
    memset (self->hf_token, 0, strlen (self->hf_token));
  g_free (self->hf_token);
  self->hf_token = (token && *token) ? g_strdup (token) : NULL;
}

void
kf_models_page_set_gpu_inventory (KfModelsPage   *self,
                                  KfGpuInventory *inventory)
{
  g_return_if_fail (KF_IS_MODELS_PAGE (self));
  if (!g_set_object (&self->inventory, inventory))
    return;
  /* Re-bind the rows so their fit badges follow. */
  set_list_models (self);
}

void
kf_models_page_set_search_text (KfModelsPage *self,
                                const char   *text)
{
  g_return_if_fail (KF_IS_MODELS_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* Apply now rather than after the entry's own search delay. */
  search_changed_cb (self);
}

void
kf_models_page_set_engine_filter (KfModelsPage *self,
                                  KfEngines      engines)
{
  g_return_if_fail (KF_IS_MODELS_PAGE (self));
  gtk_toggle_button_set_active (self->engine_vllm, (engines & KF_ENGINES_VLLM) != 0);
  gtk_toggle_button_set_active (self->engine_sglang, (engines & KF_ENGINES_SGLANG) != 0);
  gtk_toggle_button_set_active (self->engine_trtllm, (engines & KF_ENGINES_TRTLLM) != 0);
  gtk_toggle_button_set_active (self->engine_llamacpp, (engines & KF_ENGINES_LLAMACPP) != 0);
}

void
kf_models_page_show_tab (KfModelsPage *self,
                         const char   *name)
{
  g_return_if_fail (KF_IS_MODELS_PAGE (self));
  gtk_stack_set_visible_child_name (self->main_stack, "list");
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GListModel *
kf_models_page_get_curated_results (KfModelsPage *self)
{
  g_return_val_if_fail (KF_IS_MODELS_PAGE (self), NULL);
  return G_LIST_MODEL (self->curated_results);
}

GListModel *
kf_models_page_get_hf_results (KfModelsPage *self)
{
  g_return_val_if_fail (KF_IS_MODELS_PAGE (self), NULL);
  return G_LIST_MODEL (self->hf_results);
}

const char *
kf_models_page_get_hf_state (KfModelsPage *self)
{
  g_return_val_if_fail (KF_IS_MODELS_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->hf_stack);
}

const char *
kf_models_page_get_hf_error (KfModelsPage *self)
{
  g_return_val_if_fail (KF_IS_MODELS_PAGE (self), NULL);
  return self->hf_error;
}
