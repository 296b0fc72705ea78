/* kf-hf-account.c: the HuggingFace sign-in (token in the keyring, OAuth with PKCE)
 *
 * The token is checked with /api/whoami-v2 before it is stored; the
 * keyring keeps it between runs. OAuth follows the original: authorization
 * code with PKCE (S256), redirected to a one-shot SoupServer on 127.0.0.1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-hf-account"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "kf-hf-account.h"
#include "kf-hf-oauth.h"

#define DEFAULT_OAUTH_TIMEOUT 300

G_DEFINE_QUARK (kf-hf-account-error-quark, kf_hf_account_error)

struct _KfHfAccount
{
  GObject            parent_instance;

  KfHfClient        *client;
  KfKeyring         *keyring;
  char              *client_id;
  char              *token;          /* secret */
  gboolean           signed_in;
  char              *username;
  char              *fullname;
  char              *avatar_url;

  /* The running OAuth flow. */
  GTask             *oauth_task;
  SoupServer        *oauth_server;
  char              *oauth_url;
  char              *oauth_state;
  char              *oauth_verifier;  /* secret */
  char              *oauth_redirect;
  SoupServerMessage *oauth_msg;       /* the browser's request, paused while we sign in */
  GError            *oauth_error;     /* the outcome, returned once the browser has its page */
  GSource           *oauth_timeout_source;
  GSource           *oauth_cancel_source;
  gboolean           oauth_answered;  /* the browser came back once: ignore any other request */
  guint              oauth_timeout;
};

G_DEFINE_FINAL_TYPE (KfHfAccount, kf_hf_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SIGNED_IN,
  PROP_TOKEN_AVAILABLE,
  PROP_USERNAME,
  PROP_FULLNAME,
  PROP_AVATAR_URL,
  PROP_CLIENT_ID,
  PROP_OAUTH_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void oauth_complete (KfHfAccount *self);

static void
set_string (KfHfAccount  *self,
            char        **field,
            const char   *value,
            guint         prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Takes @token (may be NULL); @user NULL = unconfirmed. */
static void
apply_state (KfHfAccount *self,
             char        *token,
             KfHfUser    *user)
{
  gboolean had_token = self->token != NULL;
  gboolean signed_in = token != NULL && user != NULL;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->token, kf_keyring_secret_free);
  self->token = token;
  set_string (self, &self->username, user ? user->name : NULL, PROP_USERNAME);
  set_string (self, &self->fullname, user ? user->fullname : NULL, PROP_FULLNAME);
  set_string (self, &self->avatar_url, user ? user->avatar_url : NULL, PROP_AVATAR_URL);
  if (self->signed_in != signed_in)
    {
      self->signed_in = signed_in;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
    }
  /* Notified on any token change, so that holders of a copy refresh it. */
  if (had_token || self->token != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_AVAILABLE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static GError *
whoami_error (GError *error)
{
  if (g_error_matches (error, KF_HF_ERROR, KF_HF_ERROR_UNAUTHORIZED))
    return g_error_new_literal (KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_TOKEN_REJECTED,
                                "The token was rejected by HuggingFace: check that you copied all of it "
                                "and that it has not been revoked");
  return g_error_copy (error);
}

/* ---- sign in with a token ---- */

typedef struct
{
  char     *token;   /* secret */
  KfHfUser *user;
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_clear_pointer (&s->token, kf_keyring_secret_free);
  g_clear_pointer (&s->user, kf_hf_user_free);
  g_free (s);
}

static void
sign_in_store_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KfHfAccount *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!kf_keyring_store_finish (KF_KEYRING (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  apply_state (self, g_steal_pointer (&s->token), s->user);
  g_task_return_boolean (task, TRUE);
}

static void
sign_in_whoami_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KfHfAccount *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  GCancellable *cancellable;

  s->user = kf_hf_client_whoami_finish (KF_HF_CLIENT (source), result, &error);
  if (s->user == NULL)
    {
      g_task_return_error (task, whoami_error (error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  kf_keyring_store_async (self->keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL, s->token,
                          cancellable, sign_in_store_cb, g_steal_pointer (&task));
}

void
kf_hf_account_sign_in_with_token_async (KfHfAccount        *self,
                                        const char         *token,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  SignIn *s;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (KF_IS_HF_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_hf_account_sign_in_with_token_async);
  trimmed = g_strstrip (g_strdup (token ? token : ""));
  if (*trimmed == '\0')
    {
      g_task_return_new_error (task, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_EMPTY_TOKEN,
                               "Paste an access token from your HuggingFace settings (Access Tokens)");
      return;
    }
  s = g_new0 (SignIn, 1);
  s->token = g_steal_pointer (&trimmed);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  kf_hf_client_whoami_async (self->client, s->token, cancellable, sign_in_whoami_cb, g_steal_pointer (&task));
}

gboolean
kf_hf_account_sign_in_with_token_finish (KfHfAccount  *self,
                                         GAsyncResult *result,
                                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- load ---- */

static void
load_clear_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = g_task_get_task_data (task);

  /* The rejected token is gone; report why the user is signed out. */
  kf_keyring_clear_finish (KF_KEYRING (source), result, NULL);
  g_task_return_error (task, g_error_copy (error));
}

static void
load_whoami_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KfHfAccount *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfHfUser) user = kf_hf_client_whoami_finish (KF_HF_CLIENT (source), result, &error);

  if (user != NULL)
    {
      apply_state (self, g_steal_pointer (&s->token), user);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_error_matches (error, KF_HF_ERROR, KF_HF_ERROR_UNAUTHORIZED))
    {
      GError *rejected = whoami_error (error);

      apply_state (self, NULL, NULL);
      g_task_set_task_data (task, rejected, (GDestroyNotify) g_error_free);
      kf_keyring_clear_async (self->keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL,
                              NULL, load_clear_cb, g_steal_pointer (&task));
      return;
    }
  /* Unreachable Hub: keep the token (requests may work later), unconfirmed. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    apply_state (self, g_steal_pointer (&s->token), NULL);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
load_lookup_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KfHfAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *token = kf_keyring_lookup_finish (KF_KEYRING (source), result, &error);
  GCancellable *cancellable;
  SignIn *s;

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (token == NULL)
    {
      apply_state (self, NULL, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }
  s = g_new0 (SignIn, 1);
  s->token = token;
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  cancellable = g_task_get_cancellable (task);
  kf_hf_client_whoami_async (self->client, s->token, cancellable, load_whoami_cb, g_steal_pointer (&task));
}

void
kf_hf_account_load_async (KfHfAccount        *self,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (KF_IS_HF_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_hf_account_load_async);
  kf_keyring_lookup_async (self->keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL,
                           cancellable, load_lookup_cb, task);
}

gboolean
kf_hf_account_load_finish (KfHfAccount  *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- sign out ---- */

static void
sign_out_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!kf_keyring_clear_finish (KF_KEYRING (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
kf_hf_account_sign_out_async (KfHfAccount        *self,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (KF_IS_HF_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_hf_account_sign_out_async);
  apply_state (self, NULL, NULL);
  kf_keyring_clear_async (self->keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL,
                          cancellable, sign_out_cb, task);
}

gboolean
kf_hf_account_sign_out_finish (KfHfAccount  *self,
                               GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- OAuth ---- */

static void
oauth_stop (KfHfAccount *self)
{
  if (self->oauth_timeout_source)
    {
      g_source_destroy (self->oauth_timeout_source);
      g_clear_pointer (&self->oauth_timeout_source, g_source_unref);
    }
  if (self->oauth_cancel_source)
    {
      g_source_destroy (self->oauth_cancel_source);
      g_clear_pointer (&self->oauth_cancel_source, g_source_unref);
    }
  if (self->oauth_server)
    {
      soup_server_disconnect (self->oauth_server);
      g_clear_object (&self->oauth_server);
    }
  g_clear_object (&self->oauth_msg);
  g_clear_pointer (&self->oauth_state, g_free);
  g_clear_pointer (&self->oauth_verifier, kf_keyring_secret_free);
  g_clear_pointer (&self->oauth_redirect, g_free);
  self->oauth_answered = FALSE;
  set_string (self, &self->oauth_url, NULL, PROP_OAUTH_URL);
}

/* Ends the flow with self->oauth_error (NULL: signed in). */
static void
oauth_complete (KfHfAccount *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->oauth_task);
  g_autoptr(GError) error = g_steal_pointer (&self->oauth_error);

  oauth_stop (self);
  if (task == NULL)
    return;
  if (error)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
oauth_complete_idle_cb (gpointer user_data)
{
  oauth_complete (KF_HF_ACCOUNT (user_data));
  return G_SOURCE_REMOVE;
}

static void
oauth_msg_finished_cb (SoupServerMessage *msg,
                       gpointer           user_data)
{
  KfHfAccount *self = user_data;

  /* The server (and this message) go away with the flow: not while libsoup
   * is still emitting. */
  g_signal_handlers_disconnect_by_func (msg, oauth_msg_finished_cb, self);
  g_idle_add_full (G_PRIORITY_DEFAULT, oauth_complete_idle_cb, self, g_object_unref);
}

/* Answers the browser with a small page, then ends the flow with @error
 * (taken; NULL: success) once the page is sent. */
static void
oauth_answer (KfHfAccount       *self,
              SoupServerMessage *msg,
              guint              status,
              GError            *error)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *html = NULL;

  if (error)
    text = g_strdup_printf ("KubeFoundry could not sign you in to HuggingFace: %s", error->message);
  else
    text = g_strdup ("You are signed in to HuggingFace. You can close this tab and return to KubeFoundry.");
  escaped = g_markup_escape_text (text, -1);
  html = g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>KubeFoundry</title></head>"
                          "<body style=\"font-family: sans-serif; margin: 4em; text-align: center\">"
                          "<h1>%s</h1><p>%s</p></body></html>",
                          error ? "Sign-in failed" : "Signed in", escaped);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, html, strlen (html));
  g_clear_error (&self->oauth_error);
  self->oauth_error = error;
  g_signal_connect (msg, "finished", G_CALLBACK (oauth_msg_finished_cb), g_object_ref (self));
}

static void
oauth_sign_in_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KfHfAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServerMessage) msg = NULL;

  kf_hf_account_sign_in_with_token_finish (self, result, &error);
  msg = g_steal_pointer (&self->oauth_msg);
  if (self->oauth_task == NULL || msg == NULL)
    return;   /* cancelled or timed out meanwhile */
  oauth_answer (self, msg, error ? SOUP_STATUS_FORBIDDEN : SOUP_STATUS_OK, g_steal_pointer (&error));
  soup_server_message_unpause (msg);
}

static void
oauth_exchange_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KfHfAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = kf_hf_client_exchange_code_finish (KF_HF_CLIENT (source), result, &error);

  if (self->oauth_task == NULL || self->oauth_msg == NULL)
    {
      g_clear_pointer (&token, kf_keyring_secret_free);
      return;
    }
  if (token == NULL)
    {
      g_autoptr(SoupServerMessage) msg = g_steal_pointer (&self->oauth_msg);

      oauth_answer (self, msg, SOUP_STATUS_FORBIDDEN, g_steal_pointer (&error));
      soup_server_message_unpause (msg);
      return;
    }
  kf_hf_account_sign_in_with_token_async (self, token, g_task_get_cancellable (self->oauth_task),
                                          oauth_sign_in_cb, g_object_ref (self));
  kf_keyring_secret_free (token);
}

static void
oauth_callback_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  KfHfAccount *self = user_data;
  const char *state = query ? g_hash_table_lookup (query, "state") : NULL;
  const char *code = query ? g_hash_table_lookup (query, "code") : NULL;
  const char *denied = query ? g_hash_table_lookup (query, "error") : NULL;

  if (self->oauth_task == NULL || self->oauth_answered || !g_str_equal (path, "/callback"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  self->oauth_answered = TRUE;
  if (state == NULL || g_strcmp0 (state, self->oauth_state) != 0)
    {
      oauth_answer (self, msg, SOUP_STATUS_BAD_REQUEST,
                    g_error_new_literal (KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_STATE_MISMATCH,
                                         "The answer from the browser does not belong to this sign-in "
                                         "(state mismatch); start the sign-in again"));
      return;
    }
  if (denied != NULL || code == NULL || *code == '\0')
    {
      const char *why = query ? g_hash_table_lookup (query, "error_description") : NULL;

      oauth_answer (self, msg, SOUP_STATUS_FORBIDDEN,
                    g_error_new (KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_DENIED,
                                 "HuggingFace did not grant access (%s)",
                                 why ? why : denied ? denied : "no authorization code"));
      return;
    }
  self->oauth_msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  kf_hf_client_exchange_code_async (self->client, self->client_id, code, self->oauth_redirect,
                                    self->oauth_verifier, g_task_get_cancellable (self->oauth_task),
                                    oauth_exchange_cb, g_object_ref (self));
}

static gboolean
oauth_timeout_cb (gpointer user_data)
{
  KfHfAccount *self = user_data;

  g_clear_pointer (&self->oauth_timeout_source, g_source_unref);
  g_clear_error (&self->oauth_error);
  self->oauth_error = g_error_new (KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_TIMED_OUT,
                                   "The browser did not come back within %u minute%s: start the sign-in again",
                                   (self->oauth_timeout + 59) / 60, self->oauth_timeout > 60 ? "s" : "");
  if (self->oauth_msg)
    {
      g_autoptr(SoupServerMessage) msg = g_steal_pointer (&self->oauth_msg);
      soup_server_message_set_status (msg, SOUP_STATUS_GATEWAY_TIMEOUT, NULL);
      soup_server_message_unpause (msg);
    }
  oauth_complete (self);
  return G_SOURCE_REMOVE;
}

static gboolean
oauth_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  KfHfAccount *self = user_data;

  g_clear_pointer (&self->oauth_cancel_source, g_source_unref);
  g_clear_error (&self->oauth_error);
  self->oauth_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Sign-in cancelled");
  if (self->oauth_msg)
    {
      g_autoptr(SoupServerMessage) msg = g_steal_pointer (&self->oauth_msg);
      soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (msg);
    }
  oauth_complete (self);
  return G_SOURCE_REMOVE;
}

void
kf_hf_account_begin_oauth_async (KfHfAccount        *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  int port;

  g_return_if_fail (KF_IS_HF_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_hf_account_begin_oauth_async);
  if (self->oauth_task != NULL)
    {
      g_task_return_new_error (task, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_BUSY,
                               "A HuggingFace sign-in is already waiting for the browser");
      return;
    }
  if (self->client_id == NULL || *self->client_id == '\0')
    {
      g_task_return_new_error (task, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_NO_CLIENT_ID,
                               "Signing in with the browser needs a HuggingFace OAuth Client ID: "
                               "set it in Preferences, or paste an access token instead");
      return;
    }

  self->oauth_server = soup_server_new ("server-header", "KubeFoundry", NULL);
  soup_server_add_handler (self->oauth_server, "/callback", oauth_callback_cb, self, NULL);
  if (!soup_server_listen_local (self->oauth_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_clear_object (&self->oauth_server);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "Could not listen on 127.0.0.1 for the browser's answer: %s", error->message);
      return;
    }
  uris = soup_server_get_uris (self->oauth_server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->oauth_redirect = g_strdup_printf ("http://127.0.0.1:%d/callback", port);
  self->oauth_state = kf_hf_oauth_new_state ();
  self->oauth_verifier = kf_hf_oauth_new_code_verifier ();
  if (self->oauth_state == NULL || self->oauth_verifier == NULL)
    {
      oauth_stop (self);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "Could not get random bytes for the sign-in");
      return;
    }
  challenge = kf_hf_oauth_code_challenge (self->oauth_verifier);
  url = kf_hf_oauth_authorize_url (kf_hf_client_get_endpoint (self->client), self->client_id,
                                   self->oauth_redirect, KF_HF_OAUTH_SCOPE, self->oauth_state, challenge);

  self->oauth_timeout_source = g_timeout_source_new_seconds (self->oauth_timeout);
  g_source_set_callback (self->oauth_timeout_source, oauth_timeout_cb, self, NULL);
  g_source_attach (self->oauth_timeout_source, g_main_context_get_thread_default ());
  if (cancellable)
    {
      self->oauth_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->oauth_cancel_source, G_SOURCE_FUNC (oauth_cancelled_cb), self, NULL);
      g_source_attach (self->oauth_cancel_source, g_main_context_get_thread_default ());
    }
  self->oauth_task = g_steal_pointer (&task);
  set_string (self, &self->oauth_url, url, PROP_OAUTH_URL);
}

gboolean
kf_hf_account_begin_oauth_finish (KfHfAccount  *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
kf_hf_account_get_oauth_url (KfHfAccount *self)
{
  g_return_val_if_fail (KF_IS_HF_ACCOUNT (self), NULL);
  return self->oauth_url;
}

/* ---- object ---- */

static void
kf_hf_account_dispose (GObject *object)
{
  KfHfAccount *self = KF_HF_ACCOUNT (object);

  /* A running flow holds a reference: dispose only comes after it ended. */
  oauth_stop (self);
  g_clear_object (&self->client);
  g_clear_object (&self->keyring);
  G_OBJECT_CLASS (kf_hf_account_parent_class)->dispose (object);
}

static void
kf_hf_account_finalize (GObject *object)
{
  KfHfAccount *self = KF_HF_ACCOUNT (object);

  g_clear_pointer (&self->token, kf_keyring_secret_free);
  g_clear_error (&self->oauth_error);
  g_free (self->client_id);
  g_free (self->username);
  g_free (self->fullname);
  g_free (self->avatar_url);
  g_free (self->oauth_url);
  G_OBJECT_CLASS (kf_hf_account_parent_class)->finalize (object);
}

static void
kf_hf_account_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KfHfAccount *self = KF_HF_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN: g_value_set_boolean (value, self->signed_in); break;
    case PROP_TOKEN_AVAILABLE: g_value_set_boolean (value, self->token != NULL); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_FULLNAME: g_value_set_string (value, self->fullname); break;
    case PROP_AVATAR_URL: g_value_set_string (value, self->avatar_url); break;
    case PROP_CLIENT_ID: g_value_set_string (value, self->client_id); break;
    case PROP_OAUTH_URL: g_value_set_string (value, self->oauth_url); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_hf_account_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KfHfAccount *self = KF_HF_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_CLIENT_ID: kf_hf_account_set_client_id (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_hf_account_class_init (KfHfAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = kf_hf_account_dispose;
  object_class->finalize = kf_hf_account_finalize;
  object_class->get_property = kf_hf_account_get_property;
  object_class->set_property = kf_hf_account_set_property;

  properties[PROP_SIGNED_IN] = g_param_spec_boolean ("signed-in", NULL, NULL, FALSE, ro);
  properties[PROP_TOKEN_AVAILABLE] = g_param_spec_boolean ("token-available", NULL, NULL, FALSE, ro);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, ro);
  properties[PROP_FULLNAME] = g_param_spec_string ("fullname", NULL, NULL, NULL, ro);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL, ro);
  properties[PROP_OAUTH_URL] = g_param_spec_string ("oauth-url", NULL, NULL, NULL, ro);
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, NULL,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_hf_account_init (KfHfAccount *self)
{
  self->oauth_timeout = DEFAULT_OAUTH_TIMEOUT;
}

KfHfAccount *
kf_hf_account_new (KfHfClient *client,
                   KfKeyring  *keyring)
{
  KfHfAccount *self = g_object_new (KF_TYPE_HF_ACCOUNT, NULL);

  self->client = client ? g_object_ref (client) : kf_hf_client_new (NULL);
  self->keyring = g_object_ref (keyring ? keyring : kf_keyring_get_default ());
  return self;
}

KfHfClient *
kf_hf_account_get_client (KfHfAccount *self)
{
  g_return_val_if_fail (KF_IS_HF_ACCOUNT (self), NULL);
  return self->client;
}

gboolean
kf_hf_account_get_signed_in (KfHfAccount *self)
{
  g_return_val_if_fail (KF_IS_HF_ACCOUNT (self), FALSE);
  return self->signed_in;
}

gboolean
kf_hf_account_get_token_available (KfHfAccount *self)
{
  g_return_val_if_fail (KF_IS_HF_ACCOUNT (self), FALSE);
  return self->token != NULL;
}

const char *
kf_hf_account_get_username (KfHfAccount *self)
{
  g_return_val_if_fail (KF_IS_HF_ACCOUNT (self), NULL);
  return self->username;
}

const char *
kf_hf_account_get_fullname (KfHfAccount *self)
{
  g_return_val_if_fail (KF_IS_HF_ACCOUNT (self), NULL);
  return self->fullname;
}

const char *
kf_hf_account_get_avatar_url (KfHfAccount *self)
{
  g_return_val_if_fail (KF_IS_HF_ACCOUNT (self), NULL);
  return self->avatar_url;
}

char *
kf_hf_account_dup_token (KfHfAccount *self)
{
  g_return_val_if_fail (KF_IS_HF_ACCOUNT (self), NULL);
  return g_strdup (self->token);
}

void
kf_hf_account_set_client_id (KfHfAccount *self,
                             const char  *client_id)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (KF_IS_HF_ACCOUNT (self));
  trimmed = g_strstrip (g_strdup (client_id ? client_id : ""));
  set_string (self, &self->client_id, *trimmed ? trimmed : NULL, PROP_CLIENT_ID);
}

const char *
kf_hf_account_get_client_id (KfHfAccount *self)
{
  g_return_val_if_fail (KF_IS_HF_ACCOUNT (self), NULL);
  return self->client_id;
}

void
kf_hf_account_set_oauth_timeout (KfHfAccount *self,
                                 guint        seconds)
{
  g_return_if_fail (KF_IS_HF_ACCOUNT (self));
  self->oauth_timeout = seconds > 0 ? seconds : DEFAULT_OAUTH_TIMEOUT;
}
