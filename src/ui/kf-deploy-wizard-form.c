/* kf-deploy-wizard-form.c: the deploy wizard's form: the config, fields, validation, runtimes and engines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deploy-wizard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-deploy-wizard-private.h"

KfProvider *
kf_deploy_wizard_current_provider (KfDeployWizard *self)
{
  GPtrArray *providers = kf_provider_registry_list (kf_provider_registry_get_default ());

  if (self->provider_index < 0 || (guint) self->provider_index >= providers->len)
    return NULL;
  return g_ptr_array_index (providers, self->provider_index);
}

gboolean
kf_deploy_wizard_is_kaito (KfDeployWizard *self)
{
  KfProvider *provider = kf_deploy_wizard_current_provider (self);

  return provider != NULL && g_str_equal (kf_provider_get_id (provider), "kaito");
}

KfEngines
kf_deploy_wizard_model_engines (KfDeployWizard *self)
{
  KfEngines engines = self->model != NULL ? kf_model_get_engines (self->model) : KF_ENGINES_NONE;

  return engines == KF_ENGINES_NONE ? KF_ENGINES_ALL : engines;
}

/* The original's compatibility rules (reference §2). */
static gboolean
provider_compatible (KfDeployWizard *self,
                     KfProvider     *provider)
{
  KfEngines engines = kf_deploy_wizard_model_engines (self);
  const KfProviderInfo *info = kf_provider_get_info (provider);

  for (guint i = 0; i < info->n_engines; i++)
    if (engines & KF_ENGINES_FROM_ENGINE (info->engines[i]))
      return TRUE;
  return FALSE;
}

int
kf_deploy_wizard_provider_installed (KfDeployWizard *self,
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

const char *
kf_deploy_wizard_entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

char *
kf_deploy_wizard_entry_dup (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (kf_deploy_wizard_entry_text (row)));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

void
kf_deploy_wizard_set_string_model (AdwComboRow        *row,
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
  KfProvider *provider = kf_deploy_wizard_current_provider (self);
  guint engine_index = adw_combo_row_get_selected (self->engine_row);

  g_return_val_if_fail (KF_IS_DEPLOY_WIZARD (self), config);

  config->provider_id = provider != NULL ? g_strdup (kf_provider_get_id (provider)) : NULL;
  config->model_id = kf_deploy_wizard_entry_dup (self->model_row);
  config->name = g_strdup (kf_deploy_wizard_entry_text (self->name_row));
  config->namespace = kf_deploy_wizard_entry_dup (self->namespace_row);
  if (engine_index < self->engines->len)
    config->engine = g_array_index (self->engines, KfEngine, engine_index);
  config->mode = kf_deploy_wizard_is_kaito (self) || adw_combo_row_get_selected (self->mode_row) == 0
                 ? KF_DEPLOYMENT_MODE_AGGREGATED : KF_DEPLOYMENT_MODE_DISAGGREGATED;
  config->replicas = gtk_spin_button_get_value_as_int (self->replicas_spin);
  config->gpus_per_replica = gtk_spin_button_get_value_as_int (self->gpus_spin);
  config->prefill_replicas = gtk_spin_button_get_value_as_int (self->prefill_replicas_spin);
  config->prefill_gpus = gtk_spin_button_get_value_as_int (self->prefill_gpus_spin);
  config->decode_replicas = gtk_spin_button_get_value_as_int (self->decode_replicas_spin);
  config->decode_gpus = gtk_spin_button_get_value_as_int (self->decode_gpus_spin);
  config->router_mode = (KfRouterMode) adw_combo_row_get_selected (self->router_row);
  g_free (config->hf_token_secret);
  config->hf_token_secret = kf_deploy_wizard_entry_dup (self->hf_secret_row);
  config->enforce_eager = gtk_switch_get_active (self->eager_switch);
  config->enable_prefix_caching = gtk_switch_get_active (self->prefix_switch);
  config->trust_remote_code = gtk_switch_get_active (self->trust_switch);
  config->context_length = gtk_spin_button_get_value_as_int (self->context_spin);
  config->compute_type = adw_combo_row_get_selected (self->compute_row) == 1 ? KF_COMPUTE_GPU : KF_COMPUTE_CPU;
  config->kaito_source = (KfKaitoSource) adw_combo_row_get_selected (self->kaito_source_row);
  config->gguf_file = kf_deploy_wizard_gguf_dup_file (self);
  return config;
}

/* ---- fields and errors ---- */

/* The field's row; a field with two rows (the GGUF picker and its entry) gives the shown one. */
FieldInfo *
kf_deploy_wizard_find_field (KfDeployWizard *self,
                             const char     *field)
{
  FieldInfo *first = NULL;

  for (guint i = 0; field != NULL && i < self->fields->len; i++)
    {
      FieldInfo *info = &g_array_index (self->fields, FieldInfo, i);

      if (!g_str_equal (info->field, field))
        continue;
      if (kf_deploy_wizard_field_shown (info))
        return info;
      if (first == NULL)
        first = info;
    }
  return first;
}

void
kf_deploy_wizard_add_field (KfDeployWizard *self,
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

gboolean
kf_deploy_wizard_field_shown (FieldInfo *info)
{
  GtkWidget *w;

  for (w = info->row; w != NULL && !GTK_IS_STACK (w); w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return FALSE;
  return TRUE;
}

/* ---- validation and visibility ---- */

void
kf_deploy_wizard_update_visibility (KfDeployWizard *self)
{
  gboolean kaito = kf_deploy_wizard_is_kaito (self);
  KfProvider *provider = kf_deploy_wizard_current_provider (self);
  gboolean dynamo = provider != NULL && g_str_equal (kf_provider_get_id (provider), "dynamo");
  gboolean disaggregated = !kaito && adw_combo_row_get_selected (self->mode_row) == 1;
  KfKaitoSource source = (KfKaitoSource) adw_combo_row_get_selected (self->kaito_source_row);
  gboolean cpu_gguf = kaito && source != KF_KAITO_SOURCE_VLLM && adw_combo_row_get_selected (self->compute_row) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->kaito_group), kaito);
  gtk_widget_set_visible (GTK_WIDGET (self->compute_row), kaito && source != KF_KAITO_SOURCE_VLLM);
  kf_deploy_wizard_gguf_update (self);
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

void
kf_deploy_wizard_update_validation (KfDeployWizard *self)
{
  g_autoptr(KfDeploymentConfig) config = kf_deploy_wizard_get_config (self);
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GString) titles = g_string_new (NULL);
  g_autoptr(GString) others = g_string_new (NULL);
  KfProvider *provider = kf_deploy_wizard_current_provider (self);
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
      FieldInfo *info = kf_deploy_wizard_find_field (self, issue->field);

      if (info != NULL && kf_deploy_wizard_field_shown (info))
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
  else if (kf_deploy_wizard_provider_installed (self, provider) == 0)
    reason = g_strdup_printf (_("%s is not installed in this cluster: install it from the Runtimes page"),
                              kf_provider_get_name (provider));

  gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_sensitive (self->create_button, reason == NULL);
  gtk_widget_set_tooltip_text (self->create_button, reason);
  /* the reason shows on every step: the label under the form, and Next's tooltip */
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  if (reason != NULL && !gtk_widget_get_visible (self->create_button))
    {
      g_autofree char *tip = g_strdup_printf (_("Create is not possible yet: %s"), reason);

      gtk_widget_set_tooltip_text (self->next_button, tip);
    }
  else
    gtk_widget_set_tooltip_text (self->next_button, NULL);
  kf_deploy_wizard_update_review (self, config, issues->len == 0);
}

/* ---- runtimes and engines ---- */

void
kf_deploy_wizard_rebuild_engines (KfDeployWizard *self)
{
  KfProvider *provider = kf_deploy_wizard_current_provider (self);
  KfEngines engines = kf_deploy_wizard_model_engines (self);
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

          if (kf_deploy_wizard_is_kaito (self))
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
  kf_deploy_wizard_set_string_model (self->engine_row, (const char * const *) names->pdata);
  adw_combo_row_set_selected (self->engine_row, selected);
}

void
kf_deploy_wizard_update_runtime_badges (KfDeployWizard *self)
{
  GPtrArray *providers = kf_provider_registry_list (kf_provider_registry_get_default ());

  for (guint i = 0; i < providers->len; i++)
    {
      KfProvider *provider = g_ptr_array_index (providers, i);
      int installed = kf_deploy_wizard_provider_installed (self, provider);
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
  provider = kf_deploy_wizard_current_provider (self);
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
          KfEngines engines = kf_deploy_wizard_model_engines (self);
          const char *id = self->model != NULL ? kf_model_get_id (self->model) : kf_deploy_wizard_entry_text (self->model_row);
          KfKaitoSource source = (engines & KF_ENGINES_VLLM) ? KF_KAITO_SOURCE_VLLM
                                 : g_str_has_prefix (id, "kaito/") ? KF_KAITO_SOURCE_PREMADE
                                 : KF_KAITO_SOURCE_HUGGINGFACE_DIRECT;

          adw_combo_row_set_selected (self->kaito_source_row, source);
        }
    }
  kf_deploy_wizard_rebuild_engines (self);
  self->updating = FALSE;
  kf_deploy_wizard_update_all (self);
}

/* Default = the first installed+compatible runtime in order dynamo, kuberay, kaito;
 * unknown installation counts as installed until known. */
void
kf_deploy_wizard_choose_default_provider (KfDeployWizard *self)
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
      if (kf_deploy_wizard_provider_installed (self, provider) != 0)
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

void
kf_deploy_wizard_build_runtime_rows (KfDeployWizard *self)
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

void
kf_deploy_wizard_update_model_summary (KfDeployWizard *self)
{
  if (self->model != NULL && g_strcmp0 (kf_model_get_id (self->model), kf_deploy_wizard_entry_text (self->model_row)) == 0)
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

void
kf_deploy_wizard_regenerate_name (KfDeployWizard *self)
{
  g_autofree char *name = kf_deployment_name_generate (kf_deploy_wizard_entry_text (self->model_row), NULL);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  self->updating = FALSE;
}

