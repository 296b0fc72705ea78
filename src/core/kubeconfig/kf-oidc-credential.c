/* kf-oidc-credential.c: the kubeconfig `auth-provider: oidc` credential
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-oidc-credential"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kf-credential-cache.h"
#include "kf-oidc-credential.h"
#include "kf-pem.h"

/* as client-go: refresh a little before the token expires */
#define EXPIRY_DELTA_SECONDS 10
#define REQUEST_TIMEOUT_SECONDS 30

struct _KfOidcCredential
{
  GObject       parent_instance;

  KfOidcConfig *config;       /* id_token / refresh_token are the current ones */
  char         *context;
  char         *user;
  KfKeyring    *keyring;
  SoupSession  *session;     /* created where it is used (the main thread) */
  GTlsDatabase *tls_database;

  gboolean      force_refresh;
  /* the id-token while it is valid, the keyring check, the waiters of a refresh */
  KfCredentialCache cache;
  char         *token_endpoint;
  guint         refresh_count;
};

G_DEFINE_FINAL_TYPE (KfOidcCredential, kf_oidc_credential, G_TYPE_OBJECT)

static void refresh (KfOidcCredential *self);

gint64
kf_oidc_jwt_get_expiry (const char *jwt)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) payload = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree guchar *decoded = NULL;
  gsize len = 0;
  JsonNode *root;
  JsonNode *exp;

  if (jwt == NULL)
    return 0;
  parts = g_strsplit (jwt, ".", 4);
  if (g_strv_length (parts) != 3)
    return 0;
  /* base64url without padding → standard base64 */
  payload = g_string_new (parts[1]);
  for (gsize i = 0; i < payload->len; i++)
    {
      if (payload->str[i] == '-')
        payload->str[i] = '+';
      else if (payload->str[i] == '_')
        payload->str[i] = '/';
      else if (!g_ascii_isalnum (payload->str[i]) && payload->str[i] != '+' && payload->str[i] != '/')
        return 0;
    }
  while (payload->len % 4 != 0)
    g_string_append_c (payload, '=');
  decoded = g_base64_decode (payload->str, &len);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) decoded, len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  exp = json_object_get_member (json_node_get_object (root), "exp");
  if (exp == NULL || !JSON_NODE_HOLDS_VALUE (exp))
    return 0;
  if (json_node_get_value_type (exp) == G_TYPE_INT64)
    return json_node_get_int (exp);
  if (json_node_get_value_type (exp) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (exp);
  return 0;
}

/* The cache holds the current id-token until its `exp` (none: refresh it),
 * or nothing once the server refused it. */
static void
remember_id_token (KfOidcCredential *self)
{
  gint64 exp = kf_oidc_jwt_get_expiry (self->config->id_token);

  if (self->force_refresh || exp <= 0)
    kf_credential_cache_clear (&self->cache);
  else
    kf_credential_cache_store (&self->cache, self->config->id_token, NULL, exp * G_USEC_PER_SEC);
}

static void
replace_secret (char       **slot,
                const char  *value)
{
  kf_secret_free (*slot);
  *slot = g_strdup (value);
}

static void
return_id_token (GTask    *task,
                 gpointer  data)
{
  KfOidcCredential *self = data;

  g_task_return_pointer (task, g_strdup (self->config->id_token), (GDestroyNotify) kf_secret_free);
}

static void
finish (KfOidcCredential *self,
        GError           *error)
{
  kf_credential_cache_finish (&self->cache, error, return_id_token, self);
}

static JsonObject *
parse_json_object (GBytes      *body,
                   JsonParser  *parser)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  JsonNode *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

/* ------------------------------------------------------------------ store -- */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kf_keyring_store_finish (KF_KEYRING (object), result, &error))
    g_debug ("could not keep the refreshed OIDC token in the keyring: %s", error->message);
}

static void
store_tokens (KfOidcCredential *self)
{
  if (self->keyring == NULL)
    return;
  kf_keyring_store_async (self->keyring, KF_SECRET_KIND_OIDC_ID, self->context, self->user,
                          self->config->id_token, NULL, store_cb, NULL);
  if (self->config->refresh_token != NULL)
    kf_keyring_store_async (self->keyring, KF_SECRET_KIND_OIDC_REFRESH, self->context, self->user,
                            self->config->refresh_token, NULL, store_cb, NULL);
}

/* ---------------------------------------------------------------- refresh -- */

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KfOidcCredential) self = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;
  const char *id_token;
  const char *refresh_token;

  if (body == NULL)
    {
      finish (self, kf_cred_error_new ("OIDC: cannot reach the token endpoint %s: %s",
                                       self->token_endpoint, error->message));
      return;
    }
  obj = parse_json_object (body, parser);
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      const char *code = obj ? json_object_get_string_member_with_default (obj, "error", NULL) : NULL;
      const char *desc = obj ? json_object_get_string_member_with_default (obj, "error_description", NULL) : NULL;

      finish (self, kf_cred_error_new ("OIDC: refreshing the id-token at %s failed (HTTP %u%s%s%s%s); "
                                       "log in again to get a new refresh-token",
                                       self->token_endpoint, soup_message_get_status (msg),
                                       code ? ", " : "", code ? code : "", desc ? ": " : "", desc ? desc : ""));
      return;
    }
  if (obj == NULL)
    {
      finish (self, kf_cred_error_new ("OIDC: the token endpoint %s did not answer with a JSON object",
                                       self->token_endpoint));
      return;
    }
  id_token = json_object_get_string_member_with_default (obj, "id_token", NULL);
  refresh_token = json_object_get_string_member_with_default (obj, "refresh_token", NULL);
  if (id_token == NULL || *id_token == '\0')
    {
      finish (self, kf_cred_error_new ("OIDC: the token endpoint %s answered without an id_token",
                                       self->token_endpoint));
      return;
    }
  replace_secret (&self->config->id_token, id_token);
  if (refresh_token != NULL && *refresh_token != '\0')
    replace_secret (&self->config->refresh_token, refresh_token);
  self->force_refresh = FALSE;
  remember_id_token (self);
  self->refresh_count++;
  store_tokens (self);
  finish (self, NULL);
}

static void
request_token (KfOidcCredential *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  char *form;

  if (self->config->client_secret != NULL)
    form = soup_form_encode ("grant_type", "refresh_token",
                             "refresh_token", self->config->refresh_token,
                             "client_id", self->config->client_id,
                             "client_secret", self->config->client_secret,
                             NULL);
  else
    form = soup_form_encode ("grant_type", "refresh_token",
                             "refresh_token", self->config->refresh_token,
                             "client_id", self->config->client_id,
                             NULL);
  msg = soup_message_new_from_encoded_form ("POST", self->token_endpoint, form);
  if (msg == NULL)
    {
      finish (self, kf_cred_error_new ("OIDC: the token endpoint “%s” is not a valid URL", self->token_endpoint));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, NULL, token_cb, g_object_ref (self));
}

static void
discovery_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KfOidcCredential) self = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;
  const char *endpoint;

  if (body == NULL)
    {
      finish (self, kf_cred_error_new ("OIDC: cannot reach the issuer %s: %s", self->config->issuer_url, error->message));
      return;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      finish (self, kf_cred_error_new ("OIDC: %s/.well-known/openid-configuration answered HTTP %u",
                                       self->config->issuer_url, soup_message_get_status (msg)));
      return;
    }
  obj = parse_json_object (body, parser);
  endpoint = obj ? json_object_get_string_member_with_default (obj, "token_endpoint", NULL) : NULL;
  if (endpoint == NULL)
    {
      finish (self, kf_cred_error_new ("OIDC: the discovery document of %s has no token_endpoint",
                                       self->config->issuer_url));
      return;
    }
  self->token_endpoint = g_strdup (endpoint);
  request_token (self);
}

static void
refresh (KfOidcCredential *self)
{
  g_autofree char *issuer = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (self->session == NULL)
    {
      self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SECONDS,
                                                     "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                     NULL);
      if (self->tls_database != NULL)
        soup_session_set_tls_database (self->session, self->tls_database);
    }
  if (self->config->refresh_token == NULL)
    {
      finish (self, kf_cred_error_new ("OIDC: the id-token of user “%s” has expired and there is no "
                                       "refresh-token; log in again with your OIDC login tool", self->user));
      return;
    }
  if (self->token_endpoint != NULL)
    {
      request_token (self);
      return;
    }
  issuer = g_strdup (self->config->issuer_url);
  while (g_str_has_suffix (issuer, "/"))
    issuer[strlen (issuer) - 1] = '\0';
  url = g_strconcat (issuer, "/.well-known/openid-configuration", NULL);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      finish (self, kf_cred_error_new ("OIDC: idp-issuer-url “%s” is not a valid URL", self->config->issuer_url));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, NULL, discovery_cb, g_object_ref (self));
}

static void
proceed (KfOidcCredential *self)
{
  if (kf_credential_cache_is_valid (&self->cache))
    finish (self, NULL);
  else
    refresh (self);
}

/* ---------------------------------------------------------- keyring cache -- */

typedef struct
{
  KfOidcCredential *self;
  char             *id_token;
} LookupState;

static void
lookup_refresh_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LookupState *state = user_data;
  g_autoptr(KfOidcCredential) self = state->self;
  char *refresh_token = kf_keyring_lookup_finish (KF_KEYRING (object), result, NULL);

  /* prefer what the keyring holds when it is newer than the file's (a refresh made
   * by this app); a new login with kubectl writes a newer token into the file */
  if (state->id_token != NULL &&
      kf_oidc_jwt_get_expiry (state->id_token) > kf_oidc_jwt_get_expiry (self->config->id_token))
    {
      replace_secret (&self->config->id_token, state->id_token);
      if (refresh_token != NULL)
        replace_secret (&self->config->refresh_token, refresh_token);
      remember_id_token (self);
    }
  kf_secret_free (refresh_token);
  kf_secret_free (state->id_token);
  g_free (state);
  proceed (self);
}

static void
lookup_id_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LookupState *state = user_data;

  state->id_token = kf_keyring_lookup_finish (KF_KEYRING (object), result, NULL);
  kf_keyring_lookup_async (KF_KEYRING (object), KF_SECRET_KIND_OIDC_REFRESH, state->self->context,
                           state->self->user, NULL, lookup_refresh_cb, state);
}

/* ---------------------------------------------------------------- GObject -- */

static void
kf_oidc_credential_finalize (GObject *object)
{
  KfOidcCredential *self = KF_OIDC_CREDENTIAL (object);

  kf_credential_cache_destroy (&self->cache);
  g_clear_pointer (&self->config, kf_oidc_config_free);
  g_free (self->context);
  g_free (self->user);
  g_free (self->token_endpoint);
  g_clear_object (&self->keyring);
  g_clear_object (&self->session);
  g_clear_object (&self->tls_database);
  G_OBJECT_CLASS (kf_oidc_credential_parent_class)->finalize (object);
}

static void
kf_oidc_credential_class_init (KfOidcCredentialClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_oidc_credential_finalize;
}

static void
kf_oidc_credential_init (KfOidcCredential *self)
{
}

KfOidcCredential *
kf_oidc_credential_new (const KfOidcConfig  *config,
                        const char          *context,
                        const char          *user,
                        GError             **error)
{
  g_autoptr(KfOidcCredential) self = NULL;
  g_autoptr(GTlsDatabase) db = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (KF_TYPE_OIDC_CREDENTIAL, NULL);
  self->config = kf_oidc_config_copy (config);
  self->cache.margin = EXPIRY_DELTA_SECONDS * G_USEC_PER_SEC;
  remember_id_token (self);
  self->context = g_strdup (context);
  self->user = g_strdup (user);

  if (config->idp_ca_data != NULL || config->idp_ca_file != NULL)
    {
      g_autofree char *pem = NULL;
      gsize len = 0;
      g_autoptr(GError) local_error = NULL;

      if (config->idp_ca_data != NULL)
        pem = g_strndup (g_bytes_get_data (config->idp_ca_data, &len), g_bytes_get_size (config->idp_ca_data));
      else if (!g_file_get_contents (config->idp_ca_file, &pem, &len, &local_error))
        {
          g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                       "idp-certificate-authority: %s", local_error->message);
          return NULL;
        }
      db = kf_pem_tls_database_new (pem, strlen (pem), &local_error);
      if (db == NULL)
        {
          g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                       "idp-certificate-authority%s: %s", config->idp_ca_data ? "-data" : "", local_error->message);
          return NULL;
        }
      self->tls_database = g_steal_pointer (&db);
    }
  return g_steal_pointer (&self);
}

void
kf_oidc_credential_set_keyring (KfOidcCredential *self,
                                KfKeyring        *keyring)
{
  g_return_if_fail (KF_IS_OIDC_CREDENTIAL (self));
  g_set_object (&self->keyring, keyring);
}

guint
kf_oidc_credential_get_refresh_count (KfOidcCredential *self)
{
  g_return_val_if_fail (KF_IS_OIDC_CREDENTIAL (self), 0);
  return self->refresh_count;
}

void
kf_oidc_credential_get_async (KfOidcCredential    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KF_IS_OIDC_CREDENTIAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_oidc_credential_get_async);

  if (!kf_credential_cache_is_fetching (&self->cache) && self->cache.keyring_checked &&
      kf_credential_cache_is_valid (&self->cache))
    {
      return_id_token (task, self);
      return;
    }
  if (!kf_credential_cache_join (&self->cache, g_steal_pointer (&task)))
    return;  /* a refresh is on its way */

  if (self->keyring != NULL && !self->cache.keyring_checked)
    {
      LookupState *state = g_new0 (LookupState, 1);

      self->cache.keyring_checked = TRUE;
      state->self = g_object_ref (self);
      kf_keyring_lookup_async (self->keyring, KF_SECRET_KIND_OIDC_ID, self->context, self->user,
                               NULL, lookup_id_cb, state);
      return;
    }
  self->cache.keyring_checked = TRUE;
  proceed (self);
}

char *
kf_oidc_credential_get_finish (KfOidcCredential  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kf_oidc_credential_invalidate (KfOidcCredential *self)
{
  g_return_if_fail (KF_IS_OIDC_CREDENTIAL (self));
  if (kf_credential_cache_invalidate (&self->cache))
    self->force_refresh = TRUE;
}

/* ------------------------------------------------------ credential source -- */

static char *
source_finish (gpointer       credential,
               KfRestConfig  *config,
               GAsyncResult  *result,
               GError       **error)
{
  return kf_oidc_credential_get_finish (credential, result, error);
}

void
kf_oidc_credential_attach (KfOidcCredential *self,
                           KfRestConfig     *config)
{
  g_return_if_fail (KF_IS_OIDC_CREDENTIAL (self));
  kf_credential_source_attach (config, self, (KfCredentialSourceGet) kf_oidc_credential_get_async, source_finish,
                               (KfCredentialSourceInvalidate) kf_oidc_credential_invalidate);
}
