/* kf-window.c: the main window: a sidebar of pages and a content area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kf-cluster-status-button.h"
#include "kf-context-switcher.h"
#include "kf-deploy-wizard.h"
#include "kf-window.h"
#include "kf-deployments-page.h"
#include "kf-models-page.h"

struct _KfWindow
{
  AdwApplicationWindow   parent_instance;

  GSettings             *settings;
  KfClusterSession      *session;
  KfGpuWatcher          *gpu_watcher;
  KfKeyring             *keyring;
  gboolean               keyring_toast_shown;
  char                  *cluster_description;
  gboolean               forget_context;   /* the demo: never save its context as the user's */

  /* template children */
  AdwToastOverlay       *toast_overlay;
  AdwLeaflet            *leaflet;
  GtkListBox            *sidebar_list;
  AdwViewStack          *stack;
  AdwWindowTitle        *window_title;
  GtkButton             *back_button;
  KfContextSwitcher     *context_switcher;
  KfClusterStatusButton *status_button;
  GtkInfoBar            *tls_banner;
  KfModelsPage          *models_page;
  KfDeploymentsPage     *deployments_page;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KfWindow, kf_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const page_names[] = { "models", "deployments", "runtimes", "cluster" };

static gboolean
is_page_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if (g_strcmp0 (name, page_names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
select_sidebar_row (KfWindow   *self,
                    const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
          return;
        }
    }
}

static void
stack_page_changed_cb (KfWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);
  AdwViewStackPage *page;

  if (name == NULL)
    return;

  page = adw_view_stack_get_page (self->stack, adw_view_stack_get_visible_child (self->stack));
  adw_window_title_set_title (self->window_title, adw_view_stack_page_get_title (page));
  select_sidebar_row (self, name);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-page", name);
}

static void
show_content (KfWindow *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* On a folded leaflet only one pane shows; whatever moved it (the back button,
 * a row, Ctrl+1…4, Alt+←, a swipe), keyboard focus follows so it never stays
 * on a widget that slid away: to the back button on the content side, to the
 * current page's row on the sidebar side. */
static void
leaflet_visible_child_changed_cb (KfWindow *self)
{
  const char *visible = adw_leaflet_get_visible_child_name (self->leaflet);

  if (!adw_leaflet_get_folded (self->leaflet) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (g_strcmp0 (visible, "content") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->back_button));
  else if (g_strcmp0 (visible, "sidebar") == 0)
    {
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (g_strcmp0 (gtk_widget_get_name (row), kf_window_get_page (self)) == 0)
          {
            gtk_widget_grab_focus (row);
            break;
          }
    }
}

/* Unfolded, moving the selection with the arrow keys (or AT-SPI) switches page
 * at once, so the highlighted row and the page on show never disagree. */
static void
sidebar_row_selected_cb (KfWindow      *self,
                         GtkListBoxRow *row)
{
  if (row != NULL)
    kf_window_set_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
sidebar_row_activated_cb (KfWindow      *self,
                          GtkListBoxRow *row)
{
  kf_window_set_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
  show_content (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KfWindow *self = KF_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static void
leaflet_folded_changed_cb (KfWindow *self)
{
  /* Folded, the sidebar is a plain list of destinations (as in GNOME Settings);
   * unfolded, the row of the page on show is highlighted. */
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_NONE);
  else
    {
      gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_SINGLE);
      select_sidebar_row (self, kf_window_get_page (self));
    }
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KfWindow *self = KF_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (!is_page_name (name))
    {
      g_warning ("win.show-page: no page named “%s”", name);
      return;
    }
  kf_window_set_page (self, name);
  show_content (self);
}

static void
save_window_state (KfWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
kf_window_close_request (GtkWindow *window)
{
  save_window_state (KF_WINDOW (window));
  return GTK_WINDOW_CLASS (kf_window_parent_class)->close_request (window);
}

/* ---- the cluster connection ---- */

static void
update_status (KfWindow *self)
{
  KfClusterState state = kf_cluster_session_get_state (self->session);
  const char *detail = kf_cluster_session_get_detail (self->session);
  g_autofree char *shown = NULL;

  if (self->cluster_description != NULL && detail != NULL && *detail != '\0')
    shown = g_strdup_printf ("%s\n%s", self->cluster_description, detail);
  kf_cluster_status_button_set_status (self->status_button, state, shown != NULL ? shown : detail);

  gtk_info_bar_set_revealed (self->tls_banner, kf_cluster_session_get_insecure (self->session));
  gtk_widget_set_visible (GTK_WIDGET (self->tls_banner), kf_cluster_session_get_insecure (self->session));
}

static void
update_contexts (KfWindow *self)
{
  kf_context_switcher_set_contexts (self->context_switcher, kf_cluster_session_get_contexts (self->session));
  kf_context_switcher_set_current (self->context_switcher, kf_cluster_session_get_context_name (self->session));
}

static void
context_activated_cb (KfWindow   *self,
                      const char *name)
{
  if (g_strcmp0 (name, kf_cluster_session_get_context_name (self->session)) == 0 &&
      kf_cluster_session_get_state (self->session) == KF_CLUSTER_STATE_CONNECTED)
    return;

  kf_cluster_session_set_context (self->session, name);
  if (self->settings != NULL && !self->forget_context)
    g_settings_set_string (self->settings, "current-context", name);
}

static void
gpu_inventory_changed_cb (KfWindow *self)
{
  kf_models_page_set_gpu_inventory (self->models_page, kf_gpu_watcher_get_inventory (self->gpu_watcher));
}

static void
keyring_unavailable_cb (KfWindow *self)
{
  g_autofree char *text = NULL;
  const char *reason;
  AdwToast *toast;

  if (self->keyring_toast_shown)
    return;
  self->keyring_toast_shown = TRUE;

  reason = kf_keyring_get_unavailable_reason (self->keyring);
  if (reason != NULL)
    /* Translators: %s says why, e.g. "no Secret Service on the session bus" */
    text = g_strdup_printf (_("The system keyring is unavailable (%s): pasted tokens are kept only until KubeFoundry quits"), reason);
  else
    text = g_strdup (_("The system keyring is unavailable: pasted tokens are kept only until KubeFoundry quits"));
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 10);
  kf_window_add_toast (self, toast);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KfWindow *self = KF_WINDOW (widget);

  kf_cluster_session_reconnect (self->session);
}

typedef struct
{
  KfWindow *window;
  char     *context;
} TokenData;

static void
token_data_free (TokenData *data)
{
  g_clear_object (&data->window);
  g_free (data->context);
  g_free (data);
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TokenData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!kf_cluster_session_set_token_finish (KF_CLUSTER_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s is a kubeconfig context, then the reason */
      g_autofree char *text = g_strdup_printf (_("Could not store the token for “%s”: %s"), data->context, error->message);

      kf_window_add_toast (data->window, adw_toast_new (text));
    }
  token_data_free (data);
}

static void
token_dialog_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          KfWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "kf-token-entry");
  const char *context = g_object_get_data (G_OBJECT (dialog), "kf-context");
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "connect") == 0 && *token != '\0')
    {
      TokenData *data = g_new0 (TokenData, 1);

      data->window = g_object_ref (self);
      data->context = g_strdup (context);
      kf_cluster_session_set_token_async (self->session, context, token, NULL, token_stored_cb, data);
    }
  /* don't leave the token in the entry's buffer longer than needed */
  gtk_editable_set_text (entry, "");
  memset (token, 0, strlen (token));
}

static void
token_entry_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  const char *text = gtk_editable_get_text (entry);

  adw_message_dialog_set_response_enabled (dialog, "connect", text != NULL && *text != '\0');
}

static void
token_entry_activate_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "connect"))
    adw_message_dialog_response (dialog, "connect");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
paste_token_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KfWindow *self = KF_WINDOW (widget);
  const char *context = kf_cluster_session_get_context_name (self->session);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (context == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Paste a Bearer Token"), NULL);
  /* Translators: %s is a kubeconfig context */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The cluster of “%s” rejected the credentials. Paste a bearer token for it (for example from “kubectl create token”). It is kept in the system keyring, never in a file."),
                                  context);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect", FALSE);

  entry = gtk_password_entry_new ();
  /* no peek icon: the token is never shown unmasked */
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), FALSE);
  g_object_set (entry, "placeholder-text", _("Bearer token"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Bearer token"),
                                  -1);
  g_signal_connect (entry, "changed", G_CALLBACK (token_entry_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (token_entry_activate_cb), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);

  g_object_set_data (G_OBJECT (dialog), "kf-token-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "kf-context", g_strdup (context), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (token_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
state_changed_cb (KfWindow *self)
{
  KfClusterState state = kf_cluster_session_get_state (self->session);

  update_status (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.paste-token", state == KF_CLUSTER_STATE_UNAUTHORIZED);
}

/* ---- the deploy wizard ---- */
static void
deployment_created_cb (KfDeployWizard *wizard,
                       const char     *namespace,
                       const char     *name,
                       const char     *provider_id,
                       KfWindow       *self)
{
  g_autofree char *text = g_strdup_printf (_("Deployment %s created in %s"), name, namespace);

  kf_window_add_toast (self, adw_toast_new (text));
  /* straight to the new deployment's page, where it comes up live */
  kf_window_set_page (self, "deployments");
  kf_deployments_page_open_deployment (self->deployments_page, namespace, name, provider_id);
}

static void
deploy_requested_cb (KfModelsPage *page,
                     KfModel      *model,
                     KfWindow     *self)
{
  KfDeployWizard *wizard = kf_deploy_wizard_new (GTK_WINDOW (self), self->session, model);

  g_signal_connect_object (wizard, "deployment-created", G_CALLBACK (deployment_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
connection_setup (KfWindow *self)
{
  g_autofree char *wanted = NULL;
  KfKubeconfig *kubeconfig = kf_cluster_session_get_kubeconfig (self->session);

  g_signal_connect_object (self->models_page, "deploy-requested", G_CALLBACK (deploy_requested_cb), self, 0);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::detail", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::insecure", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::context-name", G_CALLBACK (update_contexts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (kf_cluster_session_get_contexts (self->session), "items-changed",
                           G_CALLBACK (update_contexts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context_switcher, "context-activated",
                           G_CALLBACK (context_activated_cb), self, G_CONNECT_SWAPPED);

  self->gpu_watcher = kf_gpu_watcher_new (self->session);
  g_signal_connect_object (self->gpu_watcher, "notify::inventory",
                           G_CALLBACK (gpu_inventory_changed_cb), self, G_CONNECT_SWAPPED);

  self->keyring = g_object_ref (kf_kubeconfig_get_keyring (kubeconfig));
  g_signal_connect_object (self->keyring, "unavailable", G_CALLBACK (keyring_unavailable_cb), self, G_CONNECT_SWAPPED);
  if (!kf_keyring_get_available (self->keyring))
    keyring_unavailable_cb (self);

  /* pages that talk to the cluster follow the session's client */
  kf_deployments_page_set_session (self->deployments_page, self->session);

  update_contexts (self);
  state_changed_cb (self);

  wanted = self->settings != NULL ? g_settings_get_string (self->settings, "current-context") : NULL;
  kf_cluster_session_start (self->session, wanted != NULL && *wanted != '\0' ? wanted : NULL);
}

static void
connection_teardown (KfWindow *self)
{
  if (self->gpu_watcher != NULL)
    kf_gpu_watcher_shutdown (self->gpu_watcher);
  if (self->session != NULL)
    kf_cluster_session_shutdown (self->session);
}

/**
 * kf_window_set_remember_context:
 * @remember: %FALSE for a session that is not the user's (the demo): choosing
 *   a context then leaves the user's remembered context alone
 */
void
kf_window_set_remember_context (KfWindow *self,
                                gboolean  remember)
{
  g_return_if_fail (KF_IS_WINDOW (self));

  self->forget_context = !remember;
}

/**
 * kf_window_set_cluster_description:
 * @description: (nullable): a line shown above the connection detail in the
 *   status popover, e.g. "Simulated demo cluster"
 */
void
kf_window_set_cluster_description (KfWindow   *self,
                                   const char *description)
{
  g_return_if_fail (KF_IS_WINDOW (self));

  g_free (self->cluster_description);
  self->cluster_description = g_strdup (description);
  update_status (self);
}

static void
kf_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KfWindow *self = KF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KfWindow *self = KF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_window_constructed (GObject *object)
{
  KfWindow *self = KF_WINDOW (object);

  G_OBJECT_CLASS (kf_window_parent_class)->constructed (object);

  if (self->session == NULL)
    {
      g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new ();

      self->session = kf_cluster_session_new (kubeconfig);
    }
  connection_setup (self);
}

static void
kf_window_dispose (GObject *object)
{
  KfWindow *self = KF_WINDOW (object);

  connection_teardown (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->gpu_watcher);
  g_clear_object (&self->session);
  g_clear_object (&self->keyring);
  g_clear_pointer (&self->cluster_description, g_free);

  G_OBJECT_CLASS (kf_window_parent_class)->dispose (object);
}

static void
kf_window_class_init (KfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kf_window_dispose;
  object_class->constructed = kf_window_constructed;
  object_class->set_property = kf_window_set_property;
  object_class->get_property = kf_window_get_property;
  window_class->close_request = kf_window_close_request;

  g_type_ensure (KF_TYPE_MODELS_PAGE);
  g_type_ensure (KF_TYPE_DEPLOYMENTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, context_switcher);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, tls_banner);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, models_page);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, deployments_page);

  /**
   * KfWindow:session:
   *
   * The cluster connection of this window (construct-only; by default one
   * for the user's kubeconfig). The window starts it.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         KF_TYPE_CLUSTER_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.paste-token", NULL, paste_token_action);
  gtk_widget_class_bind_template_callback (widget_class, stack_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_visible_child_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);

  g_type_ensure (KF_TYPE_CLUSTER_STATUS_BUTTON);
  g_type_ensure (KF_TYPE_CONTEXT_SWITCHER);
}

static void
kf_window_init (KfWindow *self)
{
  g_autofree char *last_page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (self->settings, "last-page");
  kf_window_set_page (self, is_page_name (last_page) ? last_page : "models");
  stack_page_changed_cb (self);
  /* A narrow window opens on the remembered page; Back leads to the others. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

KfWindow *
kf_window_new (AdwApplication *application)
{
  return g_object_new (KF_TYPE_WINDOW, "application", application, NULL);
}

/**
 * kf_window_new_for_session:
 * @session: the cluster connection to show (e.g. the demo cluster's); the
 *   window starts it with the remembered context and shuts it down on close
 */
KfWindow *
kf_window_new_for_session (AdwApplication   *application,
                           KfClusterSession *session)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (session), NULL);

  return g_object_new (KF_TYPE_WINDOW, "application", application, "session", session, NULL);
}

/**
 * kf_window_get_session:
 *
 * Returns: (transfer none): the window's cluster connection; pages bind to
 *   its notify::client (NULL while not connected) and rebuild their informers
 */
KfClusterSession *
kf_window_get_session (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * kf_window_get_gpu_watcher:
 *
 * Returns: (transfer none): the current cluster's live GPU inventory
 */
KfGpuWatcher *
kf_window_get_gpu_watcher (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);

  return self->gpu_watcher;
}

void
kf_window_set_page (KfWindow   *self,
                    const char *name)
{
  g_return_if_fail (KF_IS_WINDOW (self));
  g_return_if_fail (is_page_name (name));

  adw_view_stack_set_visible_child_name (self->stack, name);
}

const char *
kf_window_get_page (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
kf_window_add_toast (KfWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (KF_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * kf_window_get_status_button:
 *
 * Returns: (transfer none): the header's cluster status indicator, for the
 *   connection code to drive with kf_cluster_status_button_set_status()
 */
KfClusterStatusButton *
kf_window_get_status_button (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);

  return self->status_button;
}

/**
 * kf_window_get_context_switcher:
 *
 * Returns: (transfer none): the header's kubeconfig context switcher
 */
KfContextSwitcher *
kf_window_get_context_switcher (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);

  return self->context_switcher;
}

