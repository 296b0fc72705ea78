/* kf-preferences-window.c: local preferences, bound to GSettings, and the
 * HuggingFace sign-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "kf-preferences-window.h"

#define AVATAR_MAX_BYTES (2 * 1024 * 1024)

struct _KfPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  KfHfAccount          *account;
  GCancellable         *cancellable;        /* sign-in, sign-out, OAuth */
  GCancellable         *avatar_cancellable;
  SoupSession          *avatar_session;
  char                 *avatar_loaded_url;
  gboolean              oauth_running;
  char                 *oauth_error;

  GtkSwitch            *all_namespaces_switch;
  GtkSpinButton        *log_lines_spin;
  AdwEntryRow          *hf_client_id_row;
  AdwActionRow         *hf_account_row;
  AdwAvatar            *hf_avatar;
  GtkButton            *hf_sign_in_button;
  GtkButton            *hf_paste_button;
  GtkButton            *hf_sign_out_button;

  /* The "Paste Token…" dialog. */
  AdwMessageDialog     *token_dialog;
  GtkPasswordEntry     *token_entry;
  GtkLabel             *token_error_label;
};

G_DEFINE_FINAL_TYPE (KfPreferencesWindow, kf_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* ---- avatar ---- */

/* Only from the Hub itself or over https: never a plain-http third party. */
static gboolean
avatar_url_allowed (KfPreferencesWindow *self,
                    const char          *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) hub = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  hub = g_uri_parse (kf_hf_client_get_endpoint (kf_hf_account_get_client (self->account)), G_URI_FLAGS_NONE, NULL);
  return hub != NULL && g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (uri), g_uri_get_host (hub)) == 0;
}

static void
avatar_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KfPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(GdkTexture) texture = NULL;
  SoupMessage *msg;

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No avatar: %s", error->message);
      return;
    }
  msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)) || g_bytes_get_size (bytes) > AVATAR_MAX_BYTES)
    return;   /* the initials stay */
  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    {
      g_debug ("Avatar is not an image: %s", error->message);
      return;
    }
  adw_avatar_set_custom_image (self->hf_avatar, GDK_PAINTABLE (texture));
}

static void
load_avatar (KfPreferencesWindow *self,
             const char          *url)
{
  g_autoptr(SoupMessage) msg = NULL;

  if (g_strcmp0 (url, self->avatar_loaded_url) == 0)
    return;
  g_cancellable_cancel (self->avatar_cancellable);
  g_clear_object (&self->avatar_cancellable);
  g_free (self->avatar_loaded_url);
  self->avatar_loaded_url = g_strdup (url);
  adw_avatar_set_custom_image (self->hf_avatar, NULL);
  if (url == NULL || !avatar_url_allowed (self, url))
    return;
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    return;
  if (self->avatar_session == NULL)
    self->avatar_session = soup_session_new_with_options ("timeout", 20, "max-conns-per-host", 2, NULL);
  self->avatar_cancellable = g_cancellable_new ();
  soup_session_send_and_read_async (self->avatar_session, msg, G_PRIORITY_LOW, self->avatar_cancellable,
                                    avatar_cb, g_object_ref (self));
}

/* ---- the account row ---- */

static void
update_account (KfPreferencesWindow *self)
{
  gboolean signed_in = self->account && kf_hf_account_get_signed_in (self->account);
  gboolean have_client_id = self->account && kf_hf_account_get_client_id (self->account) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->hf_sign_in_button), !signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->hf_paste_button), !signed_in);
  gtk_widget_set_visible (GTK_WIDGET (self->hf_sign_out_button), signed_in);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hf_sign_in_button),
                            self->account != NULL && have_client_id && !self->oauth_running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hf_paste_button), self->account != NULL);
  gtk_button_set_label (self->hf_sign_in_button, self->oauth_running ? _("Waiting for Browser…") : _("Sign In…"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hf_sign_in_button),
                               have_client_id ? _("Sign in with HuggingFace in your browser")
                                              : _("Set the OAuth Client ID below to sign in with the browser"));

  if (signed_in)
    {
      const char *username = kf_hf_account_get_username (self->account);
      const char *fullname = kf_hf_account_get_fullname (self->account);
      const char *shown = fullname && *fullname ? fullname : username;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->hf_account_row), shown);
      adw_action_row_set_subtitle (self->hf_account_row, username);
      adw_avatar_set_text (self->hf_avatar, shown);
      adw_avatar_set_show_initials (self->hf_avatar, TRUE);
      load_avatar (self, kf_hf_account_get_avatar_url (self->account));
    }
  else
    {
      const char *subtitle;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->hf_account_row), _("Not signed in"));
      if (self->oauth_running)
        subtitle = _("Finish signing in in your browser");
      else if (self->oauth_error)
        subtitle = self->oauth_error;
      else if (self->account && kf_hf_account_get_token_available (self->account))
        subtitle = _("A token is saved but HuggingFace could not be reached to check it");
      else if (!have_client_id)
        subtitle = _("Paste an access token, or set an OAuth Client ID below to sign in with the browser");
      else
        subtitle = _("Sign in to search and deploy gated models");
      adw_action_row_set_subtitle (self->hf_account_row, subtitle);
      adw_avatar_set_text (self->hf_avatar, NULL);
      adw_avatar_set_show_initials (self->hf_avatar, FALSE);
      load_avatar (self, NULL);
    }
}

static void
account_notify_cb (KfPreferencesWindow *self)
{
  update_account (self);
}

static void
show_toast (KfPreferencesWindow *self,
            const char          *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* ---- OAuth ---- */

static void
oauth_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KfPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->oauth_running = FALSE;
  g_clear_pointer (&self->oauth_error, g_free);
  if (!kf_hf_account_begin_oauth_finish (KF_HF_ACCOUNT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->oauth_error = g_strdup (error->message);
  if (self->account)
    update_account (self);
}

static void
hf_sign_in_clicked_cb (KfPreferencesWindow *self)
{
  const char *url;

  if (self->account == NULL || self->oauth_running)
    return;
  g_clear_pointer (&self->oauth_error, g_free);
  kf_hf_account_begin_oauth_async (self->account, self->cancellable, oauth_cb, g_object_ref (self));
  url = kf_hf_account_get_oauth_url (self->account);
  if (url == NULL)
    return;   /* the error comes to oauth_cb */
  self->oauth_running = TRUE;
  update_account (self);
  gtk_show_uri (GTK_WINDOW (self), url, GDK_CURRENT_TIME);
}

/* ---- sign out ---- */

static void
sign_out_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KfPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kf_hf_account_sign_out_finish (KF_HF_ACCOUNT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);
}

static void
hf_sign_out_clicked_cb (KfPreferencesWindow *self)
{
  if (self->account)
    kf_hf_account_sign_out_async (self->account, self->cancellable, sign_out_cb, g_object_ref (self));
}

/* ---- Paste Token… ---- */

static void
token_sign_in_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KfPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (kf_hf_account_sign_in_with_token_finish (KF_HF_ACCOUNT (source), result, &error))
    {
      if (self->token_dialog)
        {
          gtk_window_set_focus (GTK_WINDOW (self->token_dialog), NULL);   /* see destroy_dialog_idle_cb */
          gtk_window_destroy (GTK_WINDOW (self->token_dialog));
        }
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->token_dialog == NULL)
    return;
  /* Inline, with the typed token kept for a correction. */
  gtk_label_set_text (self->token_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->token_error_label), TRUE);
  adw_message_dialog_set_response_enabled (self->token_dialog, "sign-in", TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_entry), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->token_entry));
}

static gboolean
destroy_dialog_idle_cb (gpointer user_data)
{
  /* GTK 4.8's GtkPasswordEntry is notified of the focus change after its
   * disposal when its window is destroyed with the focus inside: move it out. */
  gtk_window_set_focus (GTK_WINDOW (user_data), NULL);
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
token_dialog_response_cb (AdwMessageDialog    *dialog,
                          const char          *response,
                          KfPreferencesWindow *self)
{
  if (!g_str_equal (response, "sign-in"))
    {
      /* Not while AdwMessageDialog is still closing it. */
      g_idle_add_full (G_PRIORITY_DEFAULT, destroy_dialog_idle_cb, g_object_ref (dialog), g_object_unref);
      return;
    }
  /* AdwMessageDialog hides itself on any response: stay up while checking. */
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_label_set_text (self->token_error_label, _("Checking the token with HuggingFace…"));
  gtk_widget_set_visible (GTK_WIDGET (self->token_error_label), TRUE);
  adw_message_dialog_set_response_enabled (dialog, "sign-in", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_entry), FALSE);
  kf_hf_account_sign_in_with_token_async (self->account, gtk_editable_get_text (GTK_EDITABLE (self->token_entry)),
                                          self->cancellable, token_sign_in_cb, g_object_ref (self));
}

static void
token_changed_cb (KfPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->token_entry));

  adw_message_dialog_set_response_enabled (self->token_dialog, "sign-in", text && *text);
}

static void
token_activate_cb (KfPreferencesWindow *self)
{
  if (adw_message_dialog_get_response_enabled (self->token_dialog, "sign-in"))
    adw_message_dialog_response (self->token_dialog, "sign-in");
}

static void
token_dialog_destroy_cb (KfPreferencesWindow *self)
{
  self->token_dialog = NULL;
  self->token_entry = NULL;
  self->token_error_label = NULL;
}

static void
hf_paste_clicked_cb (KfPreferencesWindow *self)
{
  GtkWidget *box, *entry, *label;
  AdwMessageDialog *dialog;

  if (self->account == NULL)
    return;
  if (self->token_dialog)
    {
      gtk_window_present (GTK_WINDOW (self->token_dialog));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Sign In with a Token"),
                                                       _("Create an access token with “Read” access in your "
                                                         "HuggingFace settings (Access Tokens) and paste it here. "
                                                         "It is checked with HuggingFace, then kept in your keyring.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "sign-in", _("_Sign In"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign-in", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "sign-in", FALSE);
  adw_message_dialog_set_default_response (dialog, "sign-in");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), FALSE);
  g_object_set (entry, "placeholder-text", _("hf_…"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("HuggingFace access token"), -1);
  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), label);
  adw_message_dialog_set_extra_child (dialog, box);

  self->token_dialog = dialog;
  self->token_entry = GTK_PASSWORD_ENTRY (entry);
  self->token_error_label = GTK_LABEL (label);
  g_signal_connect_object (dialog, "response", G_CALLBACK (token_dialog_response_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (token_dialog_destroy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "changed", G_CALLBACK (token_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "activate", G_CALLBACK (token_activate_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ---- object ---- */

static void
kf_preferences_window_dispose (GObject *object)
{
  KfPreferencesWindow *self = KF_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->avatar_cancellable);
  if (self->token_dialog)
    {
      gtk_window_set_focus (GTK_WINDOW (self->token_dialog), NULL);   /* see destroy_dialog_idle_cb */
      gtk_window_destroy (GTK_WINDOW (self->token_dialog));
    }
  kf_preferences_window_set_hf_account (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->avatar_cancellable);
  g_clear_object (&self->avatar_session);

  G_OBJECT_CLASS (kf_preferences_window_parent_class)->dispose (object);
}

static void
kf_preferences_window_finalize (GObject *object)
{
  KfPreferencesWindow *self = KF_PREFERENCES_WINDOW (object);

  g_free (self->avatar_loaded_url);
  g_free (self->oauth_error);
  G_OBJECT_CLASS (kf_preferences_window_parent_class)->finalize (object);
}

static void
kf_preferences_window_class_init (KfPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kf_preferences_window_dispose;
  object_class->finalize = kf_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kf-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, all_namespaces_switch);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, log_lines_spin);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, hf_client_id_row);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, hf_account_row);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, hf_avatar);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, hf_sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, hf_paste_button);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, hf_sign_out_button);
  gtk_widget_class_bind_template_callback (widget_class, hf_sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, hf_paste_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, hf_sign_out_clicked_cb);
}

static void
kf_preferences_window_init (KfPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "all-namespaces", self->all_namespaces_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "log-max-lines", self->log_lines_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "hf-client-id", self->hf_client_id_row, "text", G_SETTINGS_BIND_DEFAULT);
  update_account (self);
}

KfPreferencesWindow *
kf_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (KF_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}

void
kf_preferences_window_set_hf_account (KfPreferencesWindow *self,
                                      KfHfAccount         *account)
{
  g_return_if_fail (KF_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (account == NULL || KF_IS_HF_ACCOUNT (account));

  if (self->account == account)
    return;
  if (self->account)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_set_object (&self->account, account);
  if (account)
    {
      g_signal_connect_swapped (account, "notify::signed-in", G_CALLBACK (account_notify_cb), self);
      g_signal_connect_swapped (account, "notify::token-available", G_CALLBACK (account_notify_cb), self);
      g_signal_connect_swapped (account, "notify::username", G_CALLBACK (account_notify_cb), self);
      g_signal_connect_swapped (account, "notify::fullname", G_CALLBACK (account_notify_cb), self);
      g_signal_connect_swapped (account, "notify::avatar-url", G_CALLBACK (account_notify_cb), self);
      g_signal_connect_swapped (account, "notify::client-id", G_CALLBACK (account_notify_cb), self);
    }
  if (self->hf_account_row)
    update_account (self);
}

KfHfAccount *
kf_preferences_window_get_hf_account (KfPreferencesWindow *self)
{
  g_return_val_if_fail (KF_IS_PREFERENCES_WINDOW (self), NULL);
  return self->account;
}

AdwMessageDialog *
kf_preferences_window_get_token_dialog (KfPreferencesWindow *self)
{
  g_return_val_if_fail (KF_IS_PREFERENCES_WINDOW (self), NULL);
  return self->token_dialog;
}
