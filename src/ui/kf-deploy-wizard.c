/* kf-deploy-wizard.c: the deploy wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deploy-wizard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-deploy-wizard-private.h"
#include "kf-window.h"

G_DEFINE_FINAL_TYPE (KfDeployWizard, kf_deploy_wizard, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_SESSION, PROP_MODEL, PROP_BUSY, PROP_GPU_WATCHER, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { DEPLOYMENT_CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const steps[] = { "model", "runtime", "configuration", "review" };

void
kf_deploy_wizard_notify_busy (KfDeployWizard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
kf_deploy_wizard_emit_created (KfDeployWizard *self,
                               const char     *namespace,
                               const char     *name,
                               const char     *provider_id)
{
  g_signal_emit (self, signals[DEPLOYMENT_CREATED], 0, namespace, name, provider_id);
}

/* ---- change handling ---- */

void
kf_deploy_wizard_update_all (KfDeployWizard *self)
{
  if (self->updating)
    return;
  kf_deploy_wizard_update_visibility (self);
  kf_deploy_wizard_update_validation (self);
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
      kf_deploy_wizard_update_model_summary (self);
      if (self->name_auto)
        kf_deploy_wizard_regenerate_name (self);
    }
  if (widget == G_OBJECT (self->gguf_combo_row))
    g_hash_table_remove (self->server_issues, "gguf_file");
  if (widget == G_OBJECT (self->kaito_source_row))
    {
      self->updating = TRUE;
      kf_deploy_wizard_rebuild_engines (self);
      self->updating = FALSE;
    }
  kf_deploy_wizard_update_all (self);
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

guint
kf_deploy_wizard_step_index (KfDeployWizard *self)
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
  index = kf_deploy_wizard_step_index (self);
  subtitle = g_strdup_printf (_("Step %u of %u: %s"), index + 1, (guint) G_N_ELEMENTS (steps),
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack))));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->back_button, index > 0);
  gtk_widget_set_visible (self->next_button, index + 1 < G_N_ELEMENTS (steps));
  gtk_widget_set_visible (self->create_button, index + 1 == G_N_ELEMENTS (steps));
  kf_deploy_wizard_update_validation (self);
}

static void
back_clicked_cb (KfDeployWizard *self)
{
  guint index = kf_deploy_wizard_step_index (self);

  if (index > 0)
    kf_deploy_wizard_set_step (self, steps[index - 1]);
}

static void
next_clicked_cb (KfDeployWizard *self)
{
  guint index = kf_deploy_wizard_step_index (self);

  if (index + 1 < G_N_ELEMENTS (steps))
    kf_deploy_wizard_set_step (self, steps[index + 1]);
}

/* ---- cluster queries: runtimes installed, GPU inventory ---- */

static void
query_done (KfDeployWizard *self)
{
  gboolean first_time = self->provider_index < 0 || kf_deploy_wizard_provider_installed (self, kf_deploy_wizard_current_provider (self)) == 0;

  kf_deploy_wizard_update_runtime_badges (self);
  if (first_time && kf_deploy_wizard_step_index (self) < 2)
    kf_deploy_wizard_choose_default_provider (self);
  else
    kf_deploy_wizard_update_all (self);
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

/* ---- the GPU inventory: the window's live watcher, or our own ---- */

KfGpuInventory *
kf_deploy_wizard_get_inventory (KfDeployWizard *self)
{
  return self->gpu_watcher != NULL ? kf_gpu_watcher_get_inventory (self->gpu_watcher) : NULL;
}

static void
inventory_changed_cb (KfDeployWizard *self)
{
  kf_deploy_wizard_update_all (self);
}

static void
drop_watcher (KfDeployWizard *self)
{
  if (self->gpu_watcher == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->gpu_watcher, self);
  if (self->own_watcher)
    kf_gpu_watcher_shutdown (self->gpu_watcher);
  g_clear_object (&self->gpu_watcher);
  self->own_watcher = FALSE;
}

void
kf_deploy_wizard_set_gpu_watcher (KfDeployWizard *self,
                                  KfGpuWatcher   *watcher)
{
  g_return_if_fail (KF_IS_DEPLOY_WIZARD (self));
  g_return_if_fail (watcher == NULL || KF_IS_GPU_WATCHER (watcher));

  if (self->gpu_watcher == watcher)
    return;
  drop_watcher (self);
  if (watcher != NULL)
    {
      self->gpu_watcher = g_object_ref (watcher);
      g_signal_connect_swapped (watcher, "notify::inventory", G_CALLBACK (inventory_changed_cb), self);
    }
  kf_deploy_wizard_update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GPU_WATCHER]);
}

KfGpuWatcher *
kf_deploy_wizard_get_gpu_watcher (KfDeployWizard *self)
{
  g_return_val_if_fail (KF_IS_DEPLOY_WIZARD (self), NULL);
  return self->gpu_watcher;
}

/* No watcher given: the parent window's, else one of our own on the session. */
static void
ensure_watcher (KfDeployWizard *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->gpu_watcher != NULL && !self->own_watcher)
    return;
  if (parent != NULL && KF_IS_WINDOW (parent) && kf_window_get_gpu_watcher (KF_WINDOW (parent)) != NULL &&
      kf_window_get_session (KF_WINDOW (parent)) == self->session)
    {
      kf_deploy_wizard_set_gpu_watcher (self, kf_window_get_gpu_watcher (KF_WINDOW (parent)));
      return;
    }
  drop_watcher (self);
  if (self->session != NULL)
    {
      g_autoptr(KfGpuWatcher) watcher = kf_gpu_watcher_new (self->session);

      kf_deploy_wizard_set_gpu_watcher (self, watcher);
      self->own_watcher = TRUE;
    }
}

void
kf_deploy_wizard_set_keyring (KfDeployWizard *self,
                              KfKeyring      *keyring)
{
  g_return_if_fail (KF_IS_DEPLOY_WIZARD (self));
  g_set_object (&self->keyring, keyring);
}

void
kf_deploy_wizard_set_hf_client (KfDeployWizard *self,
                                KfHfClient     *client)
{
  g_return_if_fail (KF_IS_DEPLOY_WIZARD (self));
  if (g_set_object (&self->hf_client, client))
    {
      g_clear_pointer (&self->gguf_repo, g_free);   /* list again from the new Hub */
      kf_deploy_wizard_gguf_update (self);
    }
}

static void
load_cluster (KfDeployWizard *self)
{
  KfKubeClient *client = self->session != NULL ? kf_cluster_session_get_client (self->session) : NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->crds, g_hash_table_unref);
  if (client == NULL)
    return;
  kf_kube_client_list_all_async (client, &kf_kube_resource_crds, NULL, NULL, self->cancellable, crds_cb, g_object_ref (self));
}

static void
session_client_changed_cb (KfDeployWizard *self)
{
  load_cluster (self);
  kf_deploy_wizard_update_runtime_badges (self);
  kf_deploy_wizard_update_all (self);
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
  if (self->is_constructed && (self->gpu_watcher == NULL || self->own_watcher))
    ensure_watcher (self);   /* after construction: follow the new session */
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
  kf_deploy_wizard_update_model_summary (self);
  kf_deploy_wizard_regenerate_name (self);
  kf_deploy_wizard_update_runtime_badges (self);
  kf_deploy_wizard_choose_default_provider (self);
  self->is_constructed = TRUE;
  kf_deploy_wizard_set_step (self, self->model != NULL ? "runtime" : "model");
}

/* The watcher is chosen once shown: "transient-for" (the window whose watcher
 * to share) is set after construction. */
static void
kf_deploy_wizard_realize (GtkWidget *widget)
{
  KfDeployWizard *self = KF_DEPLOY_WIZARD (widget);

  GTK_WIDGET_CLASS (kf_deploy_wizard_parent_class)->realize (widget);
  if (self->gpu_watcher == NULL)
    ensure_watcher (self);
}

static void
kf_deploy_wizard_dispose (GObject *object)
{
  KfDeployWizard *self = KF_DEPLOY_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->create_cancellable);
  kf_deploy_wizard_gguf_dispose (self);
  drop_watcher (self);
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
  g_clear_object (&self->keyring);
  g_clear_object (&self->hf_client);
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
    case PROP_GPU_WATCHER: g_value_set_object (value, self->gpu_watcher); break;
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
    case PROP_GPU_WATCHER: kf_deploy_wizard_set_gpu_watcher (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_deploy_wizard_class_init (KfDeployWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kf_deploy_wizard_constructed;
  widget_class->realize = kf_deploy_wizard_realize;
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
  properties[PROP_GPU_WATCHER] = g_param_spec_object ("gpu-watcher", NULL, NULL, KF_TYPE_GPU_WATCHER,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
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
  CHILD (stack); CHILD (model_row); CHILD (name_row); CHILD (namespace_row); CHILD (gguf_row); CHILD (gguf_combo_row); CHILD (hf_secret_row);
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
  TR (modes); kf_deploy_wizard_set_string_model (self->mode_row, tr);
  TR (routers); kf_deploy_wizard_set_string_model (self->router_row, tr);
  TR (sources); kf_deploy_wizard_set_string_model (self->kaito_source_row, tr);
  TR (computes); kf_deploy_wizard_set_string_model (self->compute_row, tr);
#undef TR
  gtk_editable_set_text (GTK_EDITABLE (self->hf_secret_row), KF_DEFAULT_HF_TOKEN_SECRET);
  gtk_switch_set_active (self->eager_switch, TRUE);
  kf_deploy_wizard_build_runtime_rows (self);
  self->updating = FALSE;

  kf_deploy_wizard_add_field (self, "model_id", N_("Model ID"), "model", self->model_row);
  kf_deploy_wizard_add_field (self, "kaito_preset", N_("Model ID"), "model", self->model_row);
  kf_deploy_wizard_add_field (self, "name", N_("Name"), "configuration", self->name_row);
  kf_deploy_wizard_add_field (self, "namespace", N_("Namespace"), "configuration", self->namespace_row);
  kf_deploy_wizard_add_field (self, "engine", N_("Engine"), "configuration", self->engine_row);
  kf_deploy_wizard_add_field (self, "mode", N_("Deployment mode"), "configuration", self->mode_row);
  kf_deploy_wizard_add_field (self, "kaito_source", N_("Model source"), "configuration", self->kaito_source_row);
  kf_deploy_wizard_add_field (self, "compute_type", N_("Compute type"), "configuration", self->compute_row);
  kf_deploy_wizard_add_field (self, "gguf_file", N_("GGUF file"), "configuration", self->gguf_combo_row);
  kf_deploy_wizard_add_field (self, "gguf_file", N_("GGUF file"), "configuration", self->gguf_row);
  kf_deploy_wizard_add_field (self, "replicas", N_("Worker replicas"), "configuration", self->replicas_row);
  kf_deploy_wizard_add_field (self, "gpus_per_replica", N_("GPUs per replica"), "configuration", self->gpus_row);
  kf_deploy_wizard_add_field (self, "prefill_replicas", N_("Prefill workers"), "configuration", self->prefill_replicas_row);
  kf_deploy_wizard_add_field (self, "prefill_gpus", N_("GPUs per prefill worker"), "configuration", self->prefill_gpus_row);
  kf_deploy_wizard_add_field (self, "decode_replicas", N_("Decode workers"), "configuration", self->decode_replicas_row);
  kf_deploy_wizard_add_field (self, "decode_gpus", N_("GPUs per decode worker"), "configuration", self->decode_gpus_row);
  kf_deploy_wizard_add_field (self, "router_mode", N_("Router mode"), "configuration", self->router_row);
  kf_deploy_wizard_add_field (self, "hf_token_secret", N_("HuggingFace token secret"), "configuration", self->hf_secret_row);
  kf_deploy_wizard_add_field (self, "context_length", N_("Context length"), "configuration", self->context_row);

  watch (self, self->model_row, "model_id");
  watch (self, self->name_row, "name");
  watch (self, self->namespace_row, "namespace");
  watch (self, self->engine_row, "engine");
  watch (self, self->mode_row, "mode");
  watch (self, self->kaito_source_row, "kaito_source");
  watch (self, self->compute_row, "compute_type");
  watch (self, self->gguf_row, "gguf_file");
  watch (self, self->gguf_combo_row, "gguf_file");
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
