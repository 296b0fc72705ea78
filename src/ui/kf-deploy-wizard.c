/* kf-deploy-wizard.c: the deploy wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deploy-wizard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-cluster-session.h"
#include "kf-deploy-wizard.h"
#include "kf-deployer.h"
#include "kf-gpu-inventory.h"
#include "kf-keyring.h"
#include "kf-memory-fit.h"
#include "kf-provider-registry.h"
#include "kf-yaml.h"

typedef struct
{
  const char *field;     /* KfDeploymentConfig member */
  const char *title;     /* N_() */
  const char *page;
  GtkWidget  *row;
  GtkWidget  *error_label;
} FieldInfo;

struct _KfDeployWizard
{
  AdwWindow          parent_instance;

  KfClusterSession  *session;
  KfModel           *model;
  GCancellable      *cancellable;     /* cluster queries */
  GCancellable      *create_cancellable;
  KfGpuInventory    *inventory;
  GHashTable        *crds;            /* names present, NULL until known */
  GHashTable        *server_issues;   /* field → message from the last failed create */
  GArray            *engines;         /* KfEngine shown in engine_row */
  GArray            *fields;          /* FieldInfo */
  GPtrArray         *runtime_rows;    /* AdwActionRow per provider */
  GPtrArray         *runtime_checks;  /* GtkCheckButton per provider */
  GPtrArray         *installed_labels;
  GPtrArray         *compatible_labels;
  int                provider_index;  /* -1: none */
  gboolean           name_auto;
  gboolean           updating;
  gboolean           busy;
  guint              pending_queries;

  /* template */
  AdwWindowTitle    *window_title;
  GtkWidget         *back_button, *next_button, *create_button, *spinner;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label, *reason_label, *gated_label, *capacity_label;
  GtkStack          *stack;
  AdwEntryRow       *model_row, *name_row, *namespace_row, *gguf_row, *hf_secret_row;
  AdwActionRow      *model_summary_row;
  AdwPreferencesGroup *runtime_group, *kaito_group;
  AdwComboRow       *engine_row, *mode_row, *kaito_source_row, *compute_row, *router_row;
  AdwActionRow      *replicas_row, *gpus_row, *prefill_replicas_row, *prefill_gpus_row;
  AdwActionRow      *decode_replicas_row, *decode_gpus_row, *context_row;
  GtkSpinButton     *replicas_spin, *gpus_spin, *prefill_replicas_spin, *prefill_gpus_spin;
  GtkSpinButton     *decode_replicas_spin, *decode_gpus_spin, *context_spin;
  GtkSwitch         *eager_switch, *prefix_switch, *trust_switch;
  GtkListBox        *fit_list;
  GtkTextView       *yaml_view;
};

G_DEFINE_FINAL_TYPE (KfDeployWizard, kf_deploy_wizard, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_SESSION, PROP_MODEL, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { DEPLOYMENT_CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const steps[] = { "model", "runtime", "configuration", "review" };

static void update_all (KfDeployWizard *self);

static KfProvider *
current_provider (KfDeployWizard *self)
{
  GPtrArray *providers = kf_provider_registry_list (kf_provider_registry_get_default ());

  if (self->provider_index < 0 || (guint) self->provider_index >= providers->len)
    return NULL;
  return g_ptr_array_index (providers, self->provider_index);
}

static gboolean
is_kaito (KfDeployWizard *self)
{
  KfProvider *provider = current_provider (self);

  return provider != NULL && g_str_equal (kf_provider_get_id (provider), "kaito");
}

static KfEngines
model_engines (KfDeployWizard *self)
{
  KfEngines engines = self->model != NULL ? kf_model_get_engines (self->model) : KF_ENGINES_NONE;

  return engines == KF_ENGINES_NONE ? KF_ENGINES_ALL : engines;
}

/* The original's compatibility rules (reference §2). */
static gboolean
provider_compatible (KfDeployWizard *self,
                     KfProvider     *provider)
{
  KfEngines engines = model_engines (self);
  const KfProviderInfo *info = kf_provider_get_info (provider);

  for (guint i = 0; i < info->n_engines; i++)
    if (engines & KF_ENGINES_FROM_ENGINE (info->engines[i]))
      return TRUE;
  return FALSE;
}

static int
provider_installed (KfDeployWizard *self,
                    KfProvider     *provider)   /* -1 unknown */
{
  const KfProviderInfo *info = kf_provider_get_info (provider);

  if (self->crds == NULL)
    return -1;
  for (guint i = 0; info->installation.crd_names != NULL && info->installation.crd_names[i] != NULL; i++)
    if (g_hash_table_contains (self->crds, info->installation.crd_names[i]))
      return 1;
  return 0;
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
entry_dup (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (entry_text (row)));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_string_model (AdwComboRow        *row,
                  const char * const *items)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (items);

  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

/* ---- the config ---- */

KfDeploymentConfig *
kf_deploy_wizard_get_config (KfDeployWizard *self)
{
  KfDeploymentConfig *config = kf_deployment_config_new ();
  KfProvider *provider = current_provider (self);
  guint engine_index = adw_combo_row_get_selected (self->engine_row);

  g_return_val_if_fail (KF_IS_DEPLOY_WIZARD (self), config);

  config->provider_id = provider != NULL ? g_strdup (kf_provider_get_id (provider)) : NULL;
  config->model_id = entry_dup (self->model_row);
  config->name = g_strdup (entry_text (self->name_row));
  config->namespace = entry_dup (self->namespace_row);
  if (engine_index < self->engines->len)
    config->engine = g_array_index (self->engines, KfEngine, engine_index);
  config->mode = is_kaito (self) || adw_combo_row_get_selected (self->mode_row) == 0
                 ? KF_DEPLOYMENT_MODE_AGGREGATED : KF_DEPLOYMENT_MODE_DISAGGREGATED;
  config->replicas = gtk_spin_button_get_value_as_int (self->replicas_spin);
  config->gpus_per_replica = gtk_spin_button_get_value_as_int (self->gpus_spin);
  config->prefill_replicas = gtk_spin_button_get_value_as_int (self->prefill_replicas_spin);
  config->prefill_gpus = gtk_spin_button_get_value_as_int (self->prefill_gpus_spin);
  config->decode_replicas = gtk_spin_button_get_value_as_int (self->decode_replicas_spin);
  config->decode_gpus = gtk_spin_button_get_value_as_int (self->decode_gpus_spin);
  config->router_mode = (KfRouterMode) adw_combo_row_get_selected (self->router_row);
  g_free (config->hf_token_secret);
  config->hf_token_secret = entry_dup (self->hf_secret_row);
  config->enforce_eager = gtk_switch_get_active (self->eager_switch);
  config->enable_prefix_caching = gtk_switch_get_active (self->prefix_switch);
  config->trust_remote_code = gtk_switch_get_active (self->trust_switch);
  config->context_length = gtk_spin_button_get_value_as_int (self->context_spin);
  config->compute_type = adw_combo_row_get_selected (self->compute_row) == 1 ? KF_COMPUTE_GPU : KF_COMPUTE_CPU;
  config->kaito_source = (KfKaitoSource) adw_combo_row_get_selected (self->kaito_source_row);
  config->gguf_file = entry_dup (self->gguf_row);
  return config;
}

/* ---- fields and errors ---- */

static FieldInfo *
find_field (KfDeployWizard *self,
            const char     *field)
{
  for (guint i = 0; field != NULL && i < self->fields->len; i++)
    {
      FieldInfo *info = &g_array_index (self->fields, FieldInfo, i);

      if (g_str_equal (info->field, field))
        return info;
    }
  return NULL;
}

static void
add_field (KfDeployWizard *self,
           const char     *field,
           const char     *title,
           const char     *page,
           gpointer        row)
{
  FieldInfo info = { field, title, page, GTK_WIDGET (row), NULL };
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  if (ADW_IS_ENTRY_ROW (row))
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), label);
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  info.error_label = label;
  g_array_append_val (self->fields, info);
}

static void
set_field_error (FieldInfo  *info,
                 const char *message)
{
  gtk_label_set_label (GTK_LABEL (info->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (info->error_label, message != NULL);
  gtk_widget_set_tooltip_text (info->row, message);
  if (message != NULL)
    gtk_widget_add_css_class (info->row, "error");
  else
    gtk_widget_remove_css_class (info->row, "error");
}

static gboolean
field_shown (FieldInfo *info)
{
  GtkWidget *w;

  for (w = info->row; w != NULL && !GTK_IS_STACK (w); w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return FALSE;
  return TRUE;
}

/* ---- the review step ---- */

static char *
gb (guint64 bytes)
{
  return g_strdup_printf ("%.1f GB", bytes / 1e9);
}

static void
add_fit_row (KfDeployWizard *self,
             const char     *title,
             const char     *subtitle,
             const char     *icon,
             const char     *css)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_icon_name (icon);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (css != NULL)
    gtk_widget_add_css_class (image, css);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  gtk_list_box_append (self->fit_list, row);
}

static void
update_fit (KfDeployWizard           *self,
            const KfDeploymentConfig *config)
{
  GtkWidget *child;
  gboolean disaggregated = config->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED;
  guint per_pod = disaggregated ? MAX (config->prefill_gpus, config->decode_gpus) : config->gpus_per_replica;
  guint total = disaggregated ? config->prefill_replicas * config->prefill_gpus + config->decode_replicas * config->decode_gpus
                              : config->replicas * config->gpus_per_replica;
  gboolean cpu_only = is_kaito (self) && config->kaito_source != KF_KAITO_SOURCE_VLLM && config->compute_type == KF_COMPUTE_CPU;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fit_list))) != NULL)
    gtk_list_box_remove (self->fit_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->capacity_label), FALSE);

  if (cpu_only)
    {
      add_fit_row (self, _("Runs on CPUs"), _("llama.cpp on CPU nodes: no GPU needed."), "emblem-ok-symbolic", "success");
      return;
    }
  if (self->inventory == NULL)
    {
      add_fit_row (self, _("GPU fit unknown"),
                   self->session != NULL && kf_cluster_session_get_client (self->session) != NULL
                   ? _("Reading the cluster’s GPUs…") : _("Connect to a cluster to check the fit against its GPUs."),
                   "dialog-question-symbolic", NULL);
      return;
    }

  /* capacity against free GPUs per node (reference §2 "Capacity warning") */
  {
    GPtrArray *pools = kf_gpu_inventory_get_pools (self->inventory);
    guint max_node = 0;
    guint free = kf_gpu_inventory_get_free (self->inventory);

    for (guint i = 0; i < pools->len; i++)
      max_node = MAX (max_node, ((KfGpuPool *) g_ptr_array_index (pools, i))->max_per_node);
    if (per_pod > max_node)
      {
        g_autofree char *text = g_strdup_printf (_("Deployment will not fit on any node: each worker needs %u GPUs, the largest node has %u."),
                                                 per_pod, max_node);
        gtk_label_set_label (self->capacity_label, text);
        gtk_widget_remove_css_class (GTK_WIDGET (self->capacity_label), "warning");
        gtk_widget_add_css_class (GTK_WIDGET (self->capacity_label), "error");
        gtk_widget_set_visible (GTK_WIDGET (self->capacity_label), TRUE);
      }
    else if (total > free)
      {
        g_autofree char *text = g_strdup_printf (_("Insufficient GPU capacity: the deployment needs %u GPUs, %u are free now."),
                                                 total, free);
        gtk_label_set_label (self->capacity_label, text);
        gtk_widget_remove_css_class (GTK_WIDGET (self->capacity_label), "error");
        gtk_widget_add_css_class (GTK_WIDGET (self->capacity_label), "warning");
        gtk_widget_set_visible (GTK_WIDGET (self->capacity_label), TRUE);
      }
  }

  if (self->model == NULL)
    {
      add_fit_row (self, _("GPU fit unknown"), _("Pick the model from the catalog to estimate its memory."),
                   "dialog-question-symbolic", NULL);
      return;
    }

  {
    KfFitRequest request;
    g_autoptr(KfFitPlan) plan = NULL;

    kf_fit_request_init (&request);
    kf_fit_request_set_model (&request, self->model, NULL);
    request.engine = KF_ENGINES_FROM_ENGINE (config->engine);
    request.context_length = config->context_length;
    request.gpus = per_pod;
    plan = kf_memory_fit_plan (&request, self->inventory);
    add_fit_row (self, kf_model_get_name (self->model), plan->summary,
                 plan->verdict == KF_FIT_FITS ? "emblem-ok-symbolic"
                 : plan->verdict == KF_FIT_TIGHT ? "dialog-warning-symbolic"
                 : plan->verdict == KF_FIT_DOES_NOT_FIT ? "dialog-error-symbolic" : "dialog-question-symbolic",
                 plan->verdict == KF_FIT_FITS ? "success"
                 : plan->verdict == KF_FIT_TIGHT ? "warning"
                 : plan->verdict == KF_FIT_DOES_NOT_FIT ? "error" : NULL);
    for (guint i = 0; i < plan->options->len; i++)
      {
        KfFitOption *option = g_ptr_array_index (plan->options, i);
        g_autofree char *w = gb (option->estimate.weights_bytes);
        g_autofree char *kv = gb (option->estimate.kv_cache_bytes);
        g_autofree char *ov = gb (option->estimate.overhead_bytes);
        g_autofree char *usable = gb (option->estimate.usable_bytes);
        g_autofree char *where = option->node != NULL
          ? g_strdup_printf (_("free on node %s"), option->node)
          : g_strdup_printf (_("no node has %u GPUs free (at most %u)"), option->estimate.gpus, option->max_free_on_node);
        g_autofree char *subtitle = g_strdup_printf (_("%u × GPU: weights %s + KV cache %s + overhead %s of %s usable per GPU; %s"),
                                                     option->estimate.gpus, w, kv, ov, usable, where);

        add_fit_row (self, option->gpu_product != NULL ? option->gpu_product : _("GPU"), subtitle,
                     option->verdict == KF_FIT_FITS ? "emblem-ok-symbolic"
                     : option->verdict == KF_FIT_TIGHT ? "dialog-warning-symbolic" : "dialog-error-symbolic",
                     option->verdict == KF_FIT_FITS ? "success" : option->verdict == KF_FIT_TIGHT ? "warning" : "error");
      }
  }
}

static void
update_review (KfDeployWizard           *self,
               const KfDeploymentConfig *config,
               gboolean                  valid)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->yaml_view);
  KfProvider *provider = current_provider (self);
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = NULL;

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "review"))
    return;
  update_fit (self, config);
  if (provider != NULL && valid)
    manifests = kf_provider_generate_manifests (provider, config, &error);
  if (manifests != NULL)
    yaml = kf_yaml_emit_all (manifests, &error);
  gtk_text_buffer_set_text (buffer, yaml != NULL ? yaml
                            : error != NULL ? error->message
                            : _("Fix the highlighted fields to see the manifest."), -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->yaml_view), yaml != NULL);
}

/* ---- validation and visibility ---- */

static void
update_visibility (KfDeployWizard *self)
{
  gboolean kaito = is_kaito (self);
  KfProvider *provider = current_provider (self);
  gboolean dynamo = provider != NULL && g_str_equal (kf_provider_get_id (provider), "dynamo");
  gboolean disaggregated = !kaito && adw_combo_row_get_selected (self->mode_row) == 1;
  KfKaitoSource source = (KfKaitoSource) adw_combo_row_get_selected (self->kaito_source_row);
  gboolean gguf = kaito && (source == KF_KAITO_SOURCE_HUGGINGFACE_DIRECT || source == KF_KAITO_SOURCE_HUGGINGFACE_BUILD);
  gboolean cpu_gguf = kaito && source != KF_KAITO_SOURCE_VLLM && adw_combo_row_get_selected (self->compute_row) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->kaito_group), kaito);
  gtk_widget_set_visible (GTK_WIDGET (self->compute_row), kaito && source != KF_KAITO_SOURCE_VLLM);
  gtk_widget_set_visible (GTK_WIDGET (self->gguf_row), gguf);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_row), provider == NULL || kf_provider_supports_mode (provider, KF_DEPLOYMENT_MODE_DISAGGREGATED));
  gtk_widget_set_visible (GTK_WIDGET (self->replicas_row), !disaggregated);
  gtk_widget_set_visible (GTK_WIDGET (self->gpus_row), !disaggregated && !cpu_gguf);
  gtk_widget_set_visible (GTK_WIDGET (self->prefill_replicas_row), disaggregated);
  gtk_widget_set_visible (GTK_WIDGET (self->prefill_gpus_row), disaggregated);
  gtk_widget_set_visible (GTK_WIDGET (self->decode_replicas_row), disaggregated);
  gtk_widget_set_visible (GTK_WIDGET (self->decode_gpus_row), disaggregated);
  gtk_widget_set_visible (GTK_WIDGET (self->router_row), dynamo);
  gtk_widget_set_visible (GTK_WIDGET (self->trust_switch), TRUE);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->trust_switch), ADW_TYPE_ACTION_ROW), !kaito);
}

static void
update_validation (KfDeployWizard *self)
{
  g_autoptr(KfDeploymentConfig) config = kf_deploy_wizard_get_config (self);
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GString) titles = g_string_new (NULL);
  g_autoptr(GString) others = g_string_new (NULL);
  KfProvider *provider = current_provider (self);
  KfKubeClient *client = self->session != NULL ? kf_cluster_session_get_client (self->session) : NULL;
  guint n_fields = 0;
  g_autofree char *reason = NULL;

  for (guint i = 0; i < self->fields->len; i++)
    set_field_error (&g_array_index (self->fields, FieldInfo, i), NULL);

  issues = provider != NULL ? kf_provider_validate (provider, config)
                            : g_ptr_array_new_with_free_func ((GDestroyNotify) kf_validation_issue_free);
  /* server findings the user has not edited since, after the local ones */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->server_issues);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        KfValidationIssue *issue = g_new0 (KfValidationIssue, 1);

        issue->field = g_strdup (key);
        issue->message = g_strdup (value);
        g_ptr_array_add (issues, issue);
      }
  }

  for (guint i = 0; i < issues->len; i++)
    {
      KfValidationIssue *issue = g_ptr_array_index (issues, i);
      FieldInfo *info = find_field (self, issue->field);

      if (info != NULL && field_shown (info))
        {
          if (gtk_widget_get_visible (info->error_label))
            continue;   /* one message per field */
          set_field_error (info, issue->message);
          if (n_fields++ > 0)
            g_string_append (titles, ", ");
          g_string_append (titles, _(info->title));
        }
      else
        {
          if (others->len > 0)
            g_string_append_c (others, ' ');
          g_string_append (others, issue->message);
        }
    }

  if (self->busy)
    reason = g_strdup (_("Creating the deployment…"));
  else if (provider == NULL)
    reason = g_strdup (_("Choose a runtime"));
  else if (n_fields > 0)
    reason = g_strdup_printf (g_dngettext (NULL, "Fix %u field: %s", "Fix %u fields: %s", n_fields), n_fields, titles->str);
  else if (others->len > 0)
    reason = g_strdup (others->str);
  else if (client == NULL)
    reason = g_strdup (_("Not connected to a cluster: copy or save the manifest instead"));
  else if (provider_installed (self, provider) == 0)
    reason = g_strdup_printf (_("%s is not installed in this cluster: install it from the Runtimes page"),
                              kf_provider_get_name (provider));

  gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_sensitive (self->create_button, reason == NULL);
  gtk_widget_set_tooltip_text (self->create_button, reason);
  update_review (self, config, issues->len == 0);
}

/* ---- runtimes and engines ---- */

static void
rebuild_engines (KfDeployWizard *self)
{
  KfProvider *provider = current_provider (self);
  KfEngines engines = model_engines (self);
  KfEngine previous = KF_ENGINE_UNKNOWN;
  guint selected = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint current = adw_combo_row_get_selected (self->engine_row);

  if (current < self->engines->len)
    previous = g_array_index (self->engines, KfEngine, current);
  g_array_set_size (self->engines, 0);
  if (provider != NULL)
    {
      const KfProviderInfo *info = kf_provider_get_info (provider);

      for (guint i = 0; i < info->n_engines; i++)
        {
          KfEngine engine = info->engines[i];

          if (is_kaito (self))
            {
              gboolean vllm_source = adw_combo_row_get_selected (self->kaito_source_row) == KF_KAITO_SOURCE_VLLM;

              if ((engine == KF_ENGINE_VLLM) != vllm_source)
                continue;
            }
          else if (!(engines & KF_ENGINES_FROM_ENGINE (engine)))
            continue;
          if (engine == previous)
            selected = self->engines->len;
          g_array_append_val (self->engines, engine);
          g_ptr_array_add (names, (gpointer) kf_engine_display_name (engine));
        }
    }
  g_ptr_array_add (names, NULL);
  set_string_model (self->engine_row, (const char * const *) names->pdata);
  adw_combo_row_set_selected (self->engine_row, selected);
}

static void
update_runtime_badges (KfDeployWizard *self)
{
  GPtrArray *providers = kf_provider_registry_list (kf_provider_registry_get_default ());

  for (guint i = 0; i < providers->len; i++)
    {
      KfProvider *provider = g_ptr_array_index (providers, i);
      int installed = provider_installed (self, provider);
      gboolean compatible = provider_compatible (self, provider);
      GtkWidget *inst = g_ptr_array_index (self->installed_labels, i);
      GtkWidget *comp = g_ptr_array_index (self->compatible_labels, i);

      gtk_label_set_label (GTK_LABEL (inst), installed < 0 ? (self->session != NULL ? _("Checking…") : _("Not connected"))
                                             : installed ? _("Installed") : _("Not installed"));
      gtk_widget_remove_css_class (inst, "success");
      gtk_widget_remove_css_class (inst, "warning");
      if (installed >= 0)
        gtk_widget_add_css_class (inst, installed ? "success" : "warning");
      gtk_label_set_label (GTK_LABEL (comp), compatible ? _("Compatible") : _("Not compatible with this model"));
      gtk_widget_remove_css_class (comp, compatible ? "error" : "success");
      gtk_widget_add_css_class (comp, compatible ? "success" : "error");
      gtk_widget_set_sensitive (g_ptr_array_index (self->runtime_checks, i), compatible);
    }
}

static void
select_provider (KfDeployWizard *self,
                 int             index)
{
  KfProvider *provider;

  self->provider_index = index;
  provider = current_provider (self);
  self->updating = TRUE;
  if (index >= 0)
    gtk_check_button_set_active (g_ptr_array_index (self->runtime_checks, index), TRUE);
  if (provider != NULL)
    {
      /* the original resets namespace, engine, router and mode on a change */
      gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), kf_provider_get_default_namespace (provider));
      adw_combo_row_set_selected (self->router_row, 0);
      if (!kf_provider_supports_mode (provider, KF_DEPLOYMENT_MODE_DISAGGREGATED))
        adw_combo_row_set_selected (self->mode_row, 0);
      if (g_str_equal (kf_provider_get_id (provider), "kaito"))
        {
          KfEngines engines = model_engines (self);
          const char *id = self->model != NULL ? kf_model_get_id (self->model) : entry_text (self->model_row);
          KfKaitoSource source = (engines & KF_ENGINES_VLLM) ? KF_KAITO_SOURCE_VLLM
                                 : g_str_has_prefix (id, "kaito/") ? KF_KAITO_SOURCE_PREMADE
                                 : KF_KAITO_SOURCE_HUGGINGFACE_DIRECT;

          adw_combo_row_set_selected (self->kaito_source_row, source);
        }
    }
  rebuild_engines (self);
  self->updating = FALSE;
  update_all (self);
}

/* Default = the first installed+compatible runtime in order dynamo, kuberay, kaito;
 * unknown installation counts as installed until known. */
static void
choose_default_provider (KfDeployWizard *self)
{
  GPtrArray *providers = kf_provider_registry_list (kf_provider_registry_get_default ());
  int first_compatible = -1;

  for (guint i = 0; i < providers->len; i++)
    {
      KfProvider *provider = g_ptr_array_index (providers, i);

      if (!provider_compatible (self, provider))
        continue;
      if (first_compatible < 0)
        first_compatible = i;
      if (provider_installed (self, provider) != 0)
        {
          select_provider (self, i);
          return;
        }
    }
  select_provider (self, first_compatible);
}

static void
runtime_toggled_cb (GtkCheckButton *check,
                    KfDeployWizard *self)
{
  guint index;

  if (self->updating || !gtk_check_button_get_active (check))
    return;
  if (g_ptr_array_find (self->runtime_checks, check, &index) && (int) index != self->provider_index)
    select_provider (self, index);
}

static void
build_runtime_rows (KfDeployWizard *self)
{
  GPtrArray *providers = kf_provider_registry_list (kf_provider_registry_get_default ());
  GtkCheckButton *group = NULL;

  for (guint i = 0; i < providers->len; i++)
    {
      KfProvider *provider = g_ptr_array_index (providers, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *installed = gtk_label_new (NULL);
      GtkWidget *compatible = gtk_label_new (NULL);
      g_autofree char *name = g_strdup_printf ("runtime-%s", kf_provider_get_id (provider));

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kf_provider_get_name (provider));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kf_provider_get_description (provider));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      group = GTK_CHECK_BUTTON (check);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      kf_provider_get_name (provider), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_label_set_xalign (GTK_LABEL (installed), 1);
      gtk_label_set_xalign (GTK_LABEL (compatible), 1);
      gtk_widget_add_css_class (installed, "caption-heading");
      gtk_widget_add_css_class (compatible, "caption");
      gtk_box_append (GTK_BOX (box), installed);
      gtk_box_append (GTK_BOX (box), compatible);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      g_signal_connect (check, "toggled", G_CALLBACK (runtime_toggled_cb), self);
      adw_preferences_group_add (self->runtime_group, row);
      g_ptr_array_add (self->runtime_rows, row);
      g_ptr_array_add (self->runtime_checks, check);
      g_ptr_array_add (self->installed_labels, installed);
      g_ptr_array_add (self->compatible_labels, compatible);
    }
}

/* ---- model ---- */

static void
update_model_summary (KfDeployWizard *self)
{
  if (self->model != NULL && g_strcmp0 (kf_model_get_id (self->model), entry_text (self->model_row)) == 0)
    {
      g_autofree char *engines = kf_engines_to_display_list (kf_model_get_engines (self->model));
      const char *size = kf_model_get_size (self->model);
      const char *description = kf_model_get_description (self->model);
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s\n%s: %s", size != NULL ? size : "",
                                                   size != NULL && description != NULL ? " · " : "",
                                                   description != NULL ? description : "",
                                                   _("Engines"), engines);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_summary_row), kf_model_get_name (self->model));
      adw_action_row_set_subtitle (self->model_summary_row, subtitle);
      gtk_widget_set_visible (GTK_WIDGET (self->gated_label), kf_model_get_gated (self->model));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_summary_row), _("Custom model"));
      adw_action_row_set_subtitle (self->model_summary_row,
                                   _("A HuggingFace model id such as Qwen/Qwen3-0.6B. Its size is unknown here, so the GPU fit cannot be estimated."));
      gtk_widget_set_visible (GTK_WIDGET (self->gated_label), FALSE);
    }
}

static void
regenerate_name (KfDeployWizard *self)
{
  g_autofree char *name = kf_deployment_name_generate (entry_text (self->model_row), NULL);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  self->updating = FALSE;
}

/* ---- change handling ---- */

static void
update_all (KfDeployWizard *self)
{
  if (self->updating)
    return;
  update_visibility (self);
  update_validation (self);
}

static void
field_changed (KfDeployWizard *self,
               GObject        *widget)
{
  const char *field = g_object_get_data (widget, "kf-field");

  if (self->updating)
    return;
  if (field != NULL)
    g_hash_table_remove (self->server_issues, field);
  if (widget == G_OBJECT (self->name_row))
    self->name_auto = FALSE;
  if (widget == G_OBJECT (self->model_row))
    {
      update_model_summary (self);
      if (self->name_auto)
        regenerate_name (self);
    }
  if (widget == G_OBJECT (self->kaito_source_row))
    {
      self->updating = TRUE;
      rebuild_engines (self);
      self->updating = FALSE;
    }
  update_all (self);
}

static void
editable_changed_cb (GtkEditable    *editable,
                     KfDeployWizard *self)
{
  field_changed (self, G_OBJECT (editable));
}

static void
notify_changed_cb (GObject        *object,
                   GParamSpec     *pspec,
                   KfDeployWizard *self)
{
  field_changed (self, object);
}

static void
spin_changed_cb (GtkSpinButton  *spin,
                 KfDeployWizard *self)
{
  field_changed (self, G_OBJECT (spin));
}

static void
watch (KfDeployWizard *self,
       gpointer        widget,
       const char     *field)
{
  g_object_set_data (G_OBJECT (widget), "kf-field", (gpointer) field);
  if (GTK_IS_SPIN_BUTTON (widget))
    g_signal_connect (widget, "value-changed", G_CALLBACK (spin_changed_cb), self);
  else if (GTK_IS_EDITABLE (widget))
    g_signal_connect (widget, "changed", G_CALLBACK (editable_changed_cb), self);
  else if (ADW_IS_COMBO_ROW (widget))
    g_signal_connect (widget, "notify::selected", G_CALLBACK (notify_changed_cb), self);
  else if (GTK_IS_SWITCH (widget))
    g_signal_connect (widget, "notify::active", G_CALLBACK (notify_changed_cb), self);
}

/* ---- steps ---- */

static guint
step_index (KfDeployWizard *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (name, steps[i]) == 0)
      return i;
  return 0;
}

void
kf_deploy_wizard_set_step (KfDeployWizard *self,
                           const char     *step)
{
  guint index;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (KF_IS_DEPLOY_WIZARD (self));

  gtk_stack_set_visible_child_name (self->stack, step);
  index = step_index (self);
  subtitle = g_strdup_printf (_("Step %u of %u: %s"), index + 1, (guint) G_N_ELEMENTS (steps),
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack))));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->back_button, index > 0);
  gtk_widget_set_visible (self->next_button, index + 1 < G_N_ELEMENTS (steps));
  gtk_widget_set_visible (self->create_button, index + 1 == G_N_ELEMENTS (steps));
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), index + 1 == G_N_ELEMENTS (steps));
  update_validation (self);
}

static void
back_clicked_cb (KfDeployWizard *self)
{
  guint index = step_index (self);

  if (index > 0)
    kf_deploy_wizard_set_step (self, steps[index - 1]);
}

static void
next_clicked_cb (KfDeployWizard *self)
{
  guint index = step_index (self);

  if (index + 1 < G_N_ELEMENTS (steps))
    kf_deploy_wizard_set_step (self, steps[index + 1]);
}

/* ---- copy and save ---- */

static char *
yaml_text (KfDeployWizard *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->yaml_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
copy_clicked_cb (KfDeployWizard *self)
{
  g_autofree char *text = yaml_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KfDeployWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
    }
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  KfDeployWizard  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      char *text = yaml_text (self);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, len);

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           self->cancellable, save_done_cb, g_object_ref (self));
    }
  g_object_unref (dialog);
}

static void
save_clicked_cb (KfDeployWizard *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Save Manifest"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autofree char *name = g_strdup_printf ("%s.yaml", entry_text (self->name_row));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- create ---- */

static void
set_busy (KfDeployWizard *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !busy);
  gtk_widget_set_sensitive (self->back_button, !busy);
  update_validation (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
deploy_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KfDeployWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) created = kf_deployer_deploy_finish (KF_DEPLOYER (source), result, &error);
  g_autoptr(KfDeploymentConfig) config = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  config = kf_deploy_wizard_get_config (self);
  set_busy (self, FALSE);
  if (created == NULL)
    {
      g_autoptr(GPtrArray) issues = kf_deployer_explain_error (error, config);
      g_autoptr(GString) top = g_string_new (NULL);
      const char *page = NULL;

      for (guint i = 0; i < issues->len; i++)
        {
          KfValidationIssue *issue = g_ptr_array_index (issues, i);
          FieldInfo *info = find_field (self, issue->field);

          if (info != NULL && field_shown (info))
            {
              g_hash_table_insert (self->server_issues, g_strdup (issue->field), g_strdup (issue->message));
              if (page == NULL)
                page = info->page;
            }
          else
            {
              if (top->len > 0)
                g_string_append_c (top, '\n');
              g_string_append (top, issue->message);
            }
        }
      if (top->len == 0)
        g_string_append (top, _("The cluster refused the deployment: see the highlighted fields."));
      gtk_label_set_label (self->error_label, top->str);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      if (page != NULL)
        kf_deploy_wizard_set_step (self, page);
      else
        update_validation (self);
      return;
    }

  g_signal_emit (self, signals[DEPLOYMENT_CREATED], 0, config->namespace, config->name, config->provider_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_create (KfDeployWizard *self,
              const char     *hf_token)
{
  KfKubeClient *client = self->session != NULL ? kf_cluster_session_get_client (self->session) : NULL;
  g_autoptr(KfDeploymentConfig) config = kf_deploy_wizard_get_config (self);
  g_autoptr(KfDeployer) deployer = NULL;

  if (client == NULL || current_provider (self) == NULL)
    return;
  g_hash_table_remove_all (self->server_issues);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  set_busy (self, TRUE);
  deployer = kf_deployer_new (client);
  g_clear_object (&self->create_cancellable);
  self->create_cancellable = g_cancellable_new ();
  kf_deployer_deploy_async (deployer, current_provider (self), config, hf_token,
                            self->create_cancellable, deploy_cb, g_object_ref (self));
}

typedef struct
{
  KfDeployWizard *self;
  char           *token;
} AskData;

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 gpointer          user_data)
{
  AskData *data = user_data;

  if (g_str_equal (response, "copy"))
    start_create (data->self, data->token);
  else if (g_str_equal (response, "skip"))
    start_create (data->self, NULL);
  g_object_unref (data->self);
  kf_keyring_secret_free (data->token);
  g_free (data);
}

static void
token_lookup_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KfDeployWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = kf_keyring_lookup_finish (KF_KEYRING (source), result, &error);
  g_autoptr(KfDeploymentConfig) config = NULL;
  AdwMessageDialog *dialog;
  AskData *data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (token == NULL)
    {
      /* no token stored: the Secret may already be in the cluster */
      start_create (self, NULL);
      return;
    }
  config = kf_deploy_wizard_get_config (self);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Copy your HuggingFace token into the cluster?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("%s is gated: the runtime needs your HuggingFace token to download it. "
                                    "KubeFoundry can store it as the Secret “%s” in the namespace “%s”."),
                                  config->model_id, config->hf_token_secret, config->namespace);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "skip", _("_Don’t Copy"), "copy", _("_Copy Token"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "copy");
  adw_message_dialog_set_close_response (dialog, "cancel");
  data = g_new0 (AskData, 1);
  data->self = g_object_ref (self);
  data->token = token;
  g_signal_connect (dialog, "response", G_CALLBACK (ask_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
create_clicked_cb (KfDeployWizard *self)
{
  g_autoptr(KfDeploymentConfig) config = kf_deploy_wizard_get_config (self);

  if (!gtk_widget_get_sensitive (self->create_button) || self->busy)
    return;
  if (self->model != NULL && kf_model_get_gated (self->model) &&
      config->hf_token_secret != NULL && g_strcmp0 (config->model_id, kf_model_get_id (self->model)) == 0)
    {
      kf_keyring_lookup_async (kf_keyring_get_default (), KF_SECRET_KIND_HUGGINGFACE, NULL, NULL,
                               self->cancellable, token_lookup_cb, g_object_ref (self));
      return;
    }
  start_create (self, NULL);
}

/* ---- cluster queries: runtimes installed, GPU inventory ---- */

typedef struct
{
  KfDeployWizard *self;
  JsonNode       *nodes;
  JsonNode       *pods;
  guint           pending;
} InventoryData;

static void
query_done (KfDeployWizard *self)
{
  gboolean first_time = self->provider_index < 0 || provider_installed (self, current_provider (self)) == 0;

  update_runtime_badges (self);
  if (first_time && step_index (self) < 2)
    choose_default_provider (self);
  else
    update_all (self);
}

static void
crds_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KfDeployWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);
  JsonArray *items;

  if (list == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("listing CRDs: %s", error->message);
      return;
    }
  g_clear_pointer (&self->crds, g_hash_table_unref);
  self->crds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  items = JSON_NODE_HOLDS_OBJECT (list) ? json_object_get_array_member (json_node_get_object (list), "items") : NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonObject *metadata = JSON_NODE_HOLDS_OBJECT (item) ? json_object_get_object_member (json_node_get_object (item), "metadata") : NULL;
      const char *name = metadata != NULL ? json_object_get_string_member_with_default (metadata, "name", NULL) : NULL;

      if (name != NULL)
        g_hash_table_add (self->crds, g_strdup (name));
    }
  query_done (self);
}

static void
inventory_part_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  InventoryData *data = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *list = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);
  JsonObject *object = list != NULL && JSON_NODE_HOLDS_OBJECT (list) ? json_node_get_object (list) : NULL;

  if (list == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("GPU inventory: %s", error->message);
  if (object != NULL && data->nodes == NULL && g_str_equal (json_object_get_string_member_with_default (object, "kind", ""), "NodeList"))
    data->nodes = list;
  else if (list != NULL && data->pods == NULL)
    data->pods = list;
  else if (list != NULL)
    json_node_unref (list);

  if (--data->pending > 0)
    return;
  if (data->nodes != NULL && !g_cancellable_is_cancelled (data->self->cancellable))
    {
      JsonArray *nodes = json_object_get_array_member (json_node_get_object (data->nodes), "items");
      JsonArray *pods = data->pods != NULL && JSON_NODE_HOLDS_OBJECT (data->pods)
                        ? json_object_get_array_member (json_node_get_object (data->pods), "items") : NULL;

      if (nodes != NULL)
        {
          g_clear_object (&data->self->inventory);
          data->self->inventory = kf_gpu_inventory_compute (nodes, pods);
          update_all (data->self);
        }
    }
  g_clear_pointer (&data->nodes, json_node_unref);
  g_clear_pointer (&data->pods, json_node_unref);
  g_object_unref (data->self);
  g_free (data);
}

static void
load_cluster (KfDeployWizard *self)
{
  KfKubeClient *client = self->session != NULL ? kf_cluster_session_get_client (self->session) : NULL;
  InventoryData *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->crds, g_hash_table_unref);
  g_clear_object (&self->inventory);
  if (client == NULL)
    return;
  kf_kube_client_list_all_async (client, &kf_kube_resource_crds, NULL, NULL, self->cancellable, crds_cb, g_object_ref (self));
  data = g_new0 (InventoryData, 1);
  data->self = g_object_ref (self);
  data->pending = 2;
  kf_kube_client_list_all_async (client, &kf_kube_resource_nodes, NULL, NULL, self->cancellable, inventory_part_cb, data);
  kf_kube_client_list_all_async (client, &kf_kube_resource_pods, NULL, NULL, self->cancellable, inventory_part_cb, data);
}

static void
session_client_changed_cb (KfDeployWizard *self)
{
  load_cluster (self);
  update_runtime_badges (self);
  update_all (self);
}

/* ---- GObject ---- */

KfClusterSession *
kf_deploy_wizard_get_session (KfDeployWizard *self)
{
  g_return_val_if_fail (KF_IS_DEPLOY_WIZARD (self), NULL);
  return self->session;
}

void
kf_deploy_wizard_set_session (KfDeployWizard   *self,
                              KfClusterSession *session)
{
  g_return_if_fail (KF_IS_DEPLOY_WIZARD (self));
  g_return_if_fail (session == NULL || KF_IS_CLUSTER_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_swapped (session, "notify::client", G_CALLBACK (session_client_changed_cb), self);
  session_client_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

KfModel *
kf_deploy_wizard_get_model (KfDeployWizard *self)
{
  g_return_val_if_fail (KF_IS_DEPLOY_WIZARD (self), NULL);
  return self->model;
}

gboolean
kf_deploy_wizard_get_busy (KfDeployWizard *self)
{
  g_return_val_if_fail (KF_IS_DEPLOY_WIZARD (self), FALSE);
  return self->busy;
}

KfDeployWizard *
kf_deploy_wizard_new (GtkWindow        *parent,
                      KfClusterSession *session,
                      KfModel          *model)
{
  return g_object_new (KF_TYPE_DEPLOY_WIZARD,
                       "transient-for", parent,
                       "session", session,
                       "model", model,
                       NULL);
}

static void
kf_deploy_wizard_constructed (GObject *object)
{
  KfDeployWizard *self = KF_DEPLOY_WIZARD (object);

  G_OBJECT_CLASS (kf_deploy_wizard_parent_class)->constructed (object);

  self->updating = TRUE;
  if (self->model != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Deploy %s"), kf_model_get_name (self->model));

      gtk_editable_set_text (GTK_EDITABLE (self->model_row), kf_model_get_id (self->model));
      adw_window_title_set_title (self->window_title, title);
      if (kf_model_get_context_length (self->model) > 0)
        gtk_spin_button_set_range (self->context_spin, 0, kf_model_get_context_length (self->model));
    }
  else
    adw_window_title_set_title (self->window_title, _("New Deployment"));
  self->updating = FALSE;
  update_model_summary (self);
  regenerate_name (self);
  update_runtime_badges (self);
  choose_default_provider (self);
  kf_deploy_wizard_set_step (self, self->model != NULL ? "runtime" : "model");
}

static void
kf_deploy_wizard_dispose (GObject *object)
{
  KfDeployWizard *self = KF_DEPLOY_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->create_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_DEPLOY_WIZARD);
  G_OBJECT_CLASS (kf_deploy_wizard_parent_class)->dispose (object);
}

static void
kf_deploy_wizard_finalize (GObject *object)
{
  KfDeployWizard *self = KF_DEPLOY_WIZARD (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->create_cancellable);
  g_clear_object (&self->model);
  g_clear_object (&self->inventory);
  g_clear_pointer (&self->crds, g_hash_table_unref);
  g_clear_pointer (&self->server_issues, g_hash_table_unref);
  g_clear_pointer (&self->engines, g_array_unref);
  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->runtime_rows, g_ptr_array_unref);
  g_clear_pointer (&self->runtime_checks, g_ptr_array_unref);
  g_clear_pointer (&self->installed_labels, g_ptr_array_unref);
  g_clear_pointer (&self->compatible_labels, g_ptr_array_unref);
  G_OBJECT_CLASS (kf_deploy_wizard_parent_class)->finalize (object);
}

static void
kf_deploy_wizard_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KfDeployWizard *self = KF_DEPLOY_WIZARD (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_MODEL: g_value_set_object (value, self->model); break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_deploy_wizard_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KfDeployWizard *self = KF_DEPLOY_WIZARD (object);

  switch (prop_id)
    {
    case PROP_SESSION: kf_deploy_wizard_set_session (self, g_value_get_object (value)); break;
    case PROP_MODEL: self->model = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_deploy_wizard_class_init (KfDeployWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kf_deploy_wizard_constructed;
  object_class->dispose = kf_deploy_wizard_dispose;
  object_class->finalize = kf_deploy_wizard_finalize;
  object_class->get_property = kf_deploy_wizard_get_property;
  object_class->set_property = kf_deploy_wizard_set_property;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, KF_TYPE_CLUSTER_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, KF_TYPE_MODEL,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KfDeployWizard::deployment-created:
   * @namespace: where it was created
   * @name: the deployment (custom resource) name
   * @provider_id: "dynamo", "kuberay" or "kaito"
   */
  signals[DEPLOYMENT_CREATED] = g_signal_new ("deployment-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                              G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kubefoundry/KubeFoundry/ui/kf-deploy-wizard.ui");
#define CHILD(n) gtk_widget_class_bind_template_child (widget_class, KfDeployWizard, n)
  CHILD (window_title); CHILD (back_button); CHILD (next_button); CHILD (create_button); CHILD (spinner);
  CHILD (error_revealer); CHILD (error_label); CHILD (reason_label); CHILD (gated_label); CHILD (capacity_label);
  CHILD (stack); CHILD (model_row); CHILD (name_row); CHILD (namespace_row); CHILD (gguf_row); CHILD (hf_secret_row);
  CHILD (model_summary_row); CHILD (runtime_group); CHILD (kaito_group);
  CHILD (engine_row); CHILD (mode_row); CHILD (kaito_source_row); CHILD (compute_row); CHILD (router_row);
  CHILD (replicas_row); CHILD (gpus_row); CHILD (prefill_replicas_row); CHILD (prefill_gpus_row);
  CHILD (decode_replicas_row); CHILD (decode_gpus_row); CHILD (context_row);
  CHILD (replicas_spin); CHILD (gpus_spin); CHILD (prefill_replicas_spin); CHILD (prefill_gpus_spin);
  CHILD (decode_replicas_spin); CHILD (decode_gpus_spin); CHILD (context_spin);
  CHILD (eager_switch); CHILD (prefix_switch); CHILD (trust_switch);
  CHILD (fit_list); CHILD (yaml_view);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kf_deploy_wizard_init (KfDeployWizard *self)
{
  static const char * const modes[] = { N_("Aggregated"), N_("Disaggregated (prefill/decode)"), NULL };
  static const char * const routers[] = { N_("None"), N_("KV-Aware"), N_("Round Robin"), NULL };
  static const char * const sources[] = { N_("vLLM (HuggingFace model, GPU)"), N_("Pre-made GGUF image"),
                                          N_("HuggingFace GGUF, downloaded at start"), N_("HuggingFace GGUF, built into an image"), NULL };
  static const char * const computes[] = { N_("CPU"), N_("GPU"), NULL };
  const char *tr[8];

  self->provider_index = -1;
  self->name_auto = TRUE;
  self->cancellable = g_cancellable_new ();
  self->server_issues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->engines = g_array_new (FALSE, FALSE, sizeof (KfEngine));
  self->fields = g_array_new (FALSE, FALSE, sizeof (FieldInfo));
  self->runtime_rows = g_ptr_array_new ();
  self->runtime_checks = g_ptr_array_new ();
  self->installed_labels = g_ptr_array_new ();
  self->compatible_labels = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->updating = TRUE;
#define TR(list) G_STMT_START { guint i_; for (i_ = 0; list[i_] != NULL; i_++) tr[i_] = _(list[i_]); tr[i_] = NULL; } G_STMT_END
  TR (modes); set_string_model (self->mode_row, tr);
  TR (routers); set_string_model (self->router_row, tr);
  TR (sources); set_string_model (self->kaito_source_row, tr);
  TR (computes); set_string_model (self->compute_row, tr);
#undef TR
  gtk_editable_set_text (GTK_EDITABLE (self->hf_secret_row), KF_DEFAULT_HF_TOKEN_SECRET);
  gtk_switch_set_active (self->eager_switch, TRUE);
  build_runtime_rows (self);
  self->updating = FALSE;

  add_field (self, "model_id", N_("Model ID"), "model", self->model_row);
  add_field (self, "kaito_preset", N_("Model ID"), "model", self->model_row);
  add_field (self, "name", N_("Name"), "configuration", self->name_row);
  add_field (self, "namespace", N_("Namespace"), "configuration", self->namespace_row);
  add_field (self, "engine", N_("Engine"), "configuration", self->engine_row);
  add_field (self, "mode", N_("Deployment mode"), "configuration", self->mode_row);
  add_field (self, "kaito_source", N_("Model source"), "configuration", self->kaito_source_row);
  add_field (self, "compute_type", N_("Compute type"), "configuration", self->compute_row);
  add_field (self, "gguf_file", N_("GGUF file"), "configuration", self->gguf_row);
  add_field (self, "replicas", N_("Worker replicas"), "configuration", self->replicas_row);
  add_field (self, "gpus_per_replica", N_("GPUs per replica"), "configuration", self->gpus_row);
  add_field (self, "prefill_replicas", N_("Prefill workers"), "configuration", self->prefill_replicas_row);
  add_field (self, "prefill_gpus", N_("GPUs per prefill worker"), "configuration", self->prefill_gpus_row);
  add_field (self, "decode_replicas", N_("Decode workers"), "configuration", self->decode_replicas_row);
  add_field (self, "decode_gpus", N_("GPUs per decode worker"), "configuration", self->decode_gpus_row);
  add_field (self, "router_mode", N_("Router mode"), "configuration", self->router_row);
  add_field (self, "hf_token_secret", N_("HuggingFace token secret"), "configuration", self->hf_secret_row);
  add_field (self, "context_length", N_("Context length"), "configuration", self->context_row);

  watch (self, self->model_row, "model_id");
  watch (self, self->name_row, "name");
  watch (self, self->namespace_row, "namespace");
  watch (self, self->engine_row, "engine");
  watch (self, self->mode_row, "mode");
  watch (self, self->kaito_source_row, "kaito_source");
  watch (self, self->compute_row, "compute_type");
  watch (self, self->gguf_row, "gguf_file");
  watch (self, self->replicas_spin, "replicas");
  watch (self, self->gpus_spin, "gpus_per_replica");
  watch (self, self->prefill_replicas_spin, "prefill_replicas");
  watch (self, self->prefill_gpus_spin, "prefill_gpus");
  watch (self, self->decode_replicas_spin, "decode_replicas");
  watch (self, self->decode_gpus_spin, "decode_gpus");
  watch (self, self->router_row, "router_mode");
  watch (self, self->hf_secret_row, "hf_token_secret");
  watch (self, self->context_spin, "context_length");
  watch (self, self->eager_switch, "enforce_eager");
  watch (self, self->prefix_switch, "enable_prefix_caching");
  watch (self, self->trust_switch, "trust_remote_code");
}
