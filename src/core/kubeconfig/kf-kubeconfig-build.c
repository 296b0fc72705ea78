/* kf-kubeconfig-build.c: KfRestConfig from a kubeconfig context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kubeconfig"

#include "config.h"

#include <string.h>

#include "kf-exec-credential.h"
#include "kf-keyring.h"
#include "kf-kubeconfig.h"
#include "kf-kubeconfig-private.h"
#include "kf-oidc-credential.h"
#include "kf-pem.h"
#include "kf-rest-config.h"

/* client-go re-reads tokenFile at most once a minute */
#define TOKEN_FILE_MAX_AGE_SECONDS 60

/* ------------------------------------------------------------ token file -- */

typedef struct
{
  GFile  *file;
  char   *token;
  gint64  read_at;  /* monotonic µs */
} TokenFileSource;

static void
token_file_source_free (TokenFileSource *source)
{
  g_object_unref (source->file);
  kf_secret_free (source->token);
  g_free (source);
}

static void
token_file_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokenFileSource *source = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &len, NULL, &error))
    {
      g_autofree char *path = g_file_get_path (G_FILE (object));
      g_task_return_new_error (task, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS,
                               "tokenFile %s: %s", path, error->message);
      return;
    }
  g_strstrip (contents);
  if (*contents == '\0')
    {
      g_autofree char *path = g_file_get_path (G_FILE (object));
      memset (contents, 0, len);
      g_task_return_new_error (task, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS,
                               "tokenFile %s is empty", path);
      return;
    }
  kf_secret_free (source->token);
  source->token = g_strdup (contents);
  source->read_at = g_get_monotonic_time ();
  memset (contents, 0, len);
  g_task_return_pointer (task, g_strconcat ("Bearer ", source->token, NULL), (GDestroyNotify) kf_secret_free);
}

static void
token_file_fetch (KfRestConfig        *config,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             func_data)
{
  TokenFileSource *source = func_data;
  g_autoptr(GTask) task = g_task_new (config, cancellable, callback, user_data);

  g_task_set_source_tag (task, token_file_fetch);
  g_task_set_task_data (task, source, NULL);
  if (source->token != NULL && source->read_at != 0 &&
      g_get_monotonic_time () - source->read_at < TOKEN_FILE_MAX_AGE_SECONDS * G_USEC_PER_SEC)
    {
      g_task_return_pointer (task, g_strconcat ("Bearer ", source->token, NULL), (GDestroyNotify) kf_secret_free);
      return;
    }
  g_file_load_contents_async (source->file, cancellable, token_file_loaded_cb, g_steal_pointer (&task));
}

static char *
task_finish (KfRestConfig  *config,
             GAsyncResult  *result,
             GError       **error,
             gpointer       func_data)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
token_file_invalidate (KfRestConfig *config,
                       gpointer      func_data)
{
  TokenFileSource *source = func_data;

  source->read_at = 0;
}

/* ------------------------------------------------- token pasted in the app -- */

typedef struct
{
  KfKeyring *keyring;
  char      *context;
  char      *user;
  char      *token;   /* cached until a 401 */
} KeyringSource;

static void
keyring_source_free (KeyringSource *source)
{
  g_object_unref (source->keyring);
  g_free (source->context);
  g_free (source->user);
  kf_secret_free (source->token);
  g_free (source);
}

static void
keyring_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringSource *source = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *token = kf_keyring_lookup_finish (KF_KEYRING (object), result, &error);

  if (error != NULL)
    {
      /* no token: connect anonymously, the server will say what is missing */
      g_debug ("no token from the keyring for %s: %s", source->context, error->message);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  kf_secret_free (source->token);
  source->token = token;
  g_task_return_pointer (task, token ? g_strconcat ("Bearer ", token, NULL) : NULL, (GDestroyNotify) kf_secret_free);
}

static void
keyring_fetch (KfRestConfig        *config,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             func_data)
{
  KeyringSource *source = func_data;
  g_autoptr(GTask) task = g_task_new (config, cancellable, callback, user_data);

  g_task_set_source_tag (task, keyring_fetch);
  g_task_set_task_data (task, source, NULL);
  if (source->token != NULL)
    {
      g_task_return_pointer (task, g_strconcat ("Bearer ", source->token, NULL), (GDestroyNotify) kf_secret_free);
      return;
    }
  kf_keyring_lookup_async (source->keyring, KF_SECRET_KIND_BEARER, source->context, source->user,
                           cancellable, keyring_lookup_cb, g_steal_pointer (&task));
}

static void
keyring_invalidate (KfRestConfig *config,
                    gpointer      func_data)
{
  KeyringSource *source = func_data;

  g_clear_pointer (&source->token, kf_secret_free);
}

/* ------------------------------------------------------------------ build -- */

static GBytes *
read_file_or_data (const char  *file,
                   const char  *where,
                   const char  *field,
                   const char  *path,
                   GBytes      *data,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (data != NULL)
    return g_bytes_ref (data);
  if (path == NULL)
    return NULL;
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID, "%s: %s.%s: %s",
                   file, where, field, local_error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, len);
}

static JsonNode *
build_cluster_info (KfKubeClusterEntry *cluster,
                    GBytes             *ca)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, cluster->server);
  if (cluster->tls_server_name != NULL)
    {
      json_builder_set_member_name (builder, "tls-server-name");
      json_builder_add_string_value (builder, cluster->tls_server_name);
    }
  if (cluster->insecure)
    {
      json_builder_set_member_name (builder, "insecure-skip-tls-verify");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (ca != NULL)
    {
      g_autofree char *encoded = g_base64_encode (g_bytes_get_data (ca, NULL), g_bytes_get_size (ca));
      json_builder_set_member_name (builder, "certificate-authority-data");
      json_builder_add_string_value (builder, encoded);
    }
  if (cluster->proxy_url != NULL)
    {
      json_builder_set_member_name (builder, "proxy-url");
      json_builder_add_string_value (builder, cluster->proxy_url);
    }
  if (cluster->exec_extension != NULL)
    {
      json_builder_set_member_name (builder, "config");
      json_builder_add_value (builder, json_node_copy (cluster->exec_extension));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
set_client_certificate (KfRestConfig     *config,
                        KfKubeUserEntry  *user,
                        GError          **error)
{
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *cert_field = user->client_cert_data ? "client-certificate-data" : "client-certificate";
  const char *key_field = user->client_key_data ? "client-key-data" : "client-key";

  cert = read_file_or_data (user->file, user->where, cert_field, user->client_cert_file, user->client_cert_data, error);
  if (cert == NULL)
    return error == NULL || *error == NULL;
  key = read_file_or_data (user->file, user->where, key_field, user->client_key_file, user->client_key_data, error);
  if (key == NULL)
    return FALSE;

  tls = kf_pem_client_certificate_new (g_bytes_get_data (cert, NULL), g_bytes_get_size (cert),
                                       g_bytes_get_data (key, NULL), g_bytes_get_size (key), &local_error);
  if (tls == NULL)
    {
      /* the message starts with "client certificate:" or "client key:" */
      gboolean is_key = g_str_has_prefix (local_error->message, "client key");
      const char *colon = strchr (local_error->message, ':');
      g_set_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID, "%s: %s.%s:%s",
                   user->file, user->where, is_key ? key_field : cert_field,
                   colon ? colon + 1 : local_error->message);
      return FALSE;
    }
  kf_rest_config_set_client_certificate (config, tls);
  return TRUE;
}

KfRestConfig *
kf_kubeconfig_data_build (KfKubeconfigData  *data,
                          const char        *context_name,
                          KfKeyring         *keyring,
                          GError           **error)
{
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autofree char *problem = NULL;
  KfKubeContextEntry *context;
  KfKubeClusterEntry *cluster;
  KfKubeUserEntry *user = NULL;

  if (context_name == NULL)
    context_name = data->current_context;
  if (context_name == NULL)
    {
      g_set_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_NO_CONTEXT,
                   "no current context: set current-context in a kubeconfig file or choose a context");
      return NULL;
    }
  context = g_hash_table_lookup (data->contexts, context_name);
  if (context == NULL)
    {
      g_autofree char *files = g_strjoinv (":", data->paths);
      g_set_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_NO_CONTEXT,
                   "no context named “%s” in %s", context_name, files);
      return NULL;
    }
  problem = kf_kubeconfig_data_context_error (data, context);
  if (problem != NULL)
    {
      g_set_error_literal (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID, problem);
      return NULL;
    }
  cluster = g_hash_table_lookup (data->clusters, context->cluster);
  if (context->user != NULL)
    user = g_hash_table_lookup (data->users, context->user);

  config = kf_rest_config_new (cluster->server);
  kf_rest_config_set_context_name (config, context->name);
  kf_rest_config_set_user_name (config, context->user);
  kf_rest_config_set_namespace (config, context->namespace ? context->namespace : "default");
  kf_rest_config_set_insecure (config, cluster->insecure);
  kf_rest_config_set_tls_server_name (config, cluster->tls_server_name);
  kf_rest_config_set_proxy_url (config, cluster->proxy_url);

  /* as kubectl: TLS material is not even read for a plain-http server */
  if (g_str_has_prefix (cluster->server, "http:"))
    goto credentials;

  ca = read_file_or_data (cluster->file, cluster->where,
                          cluster->ca_data ? "certificate-authority-data" : "certificate-authority",
                          cluster->ca_file, cluster->ca_data, error);
  if (ca == NULL && error != NULL && *error != NULL)
    return NULL;
  if (ca != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!kf_rest_config_set_ca_pem (config, g_bytes_get_data (ca, NULL), g_bytes_get_size (ca), &local_error))
        {
          g_set_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID, "%s: %s.%s: %s",
                       cluster->file, cluster->where,
                       cluster->ca_data ? "certificate-authority-data" : "certificate-authority",
                       g_str_has_prefix (local_error->message, "certificate authority: ")
                         ? local_error->message + strlen ("certificate authority: ") : local_error->message);
          return NULL;
        }
    }

  if (user != NULL && !set_client_certificate (config, user, error))
    return NULL;

credentials:

  if (user != NULL && user->token != NULL)
    kf_rest_config_set_bearer_token (config, user->token);
  else if (user != NULL && user->token_file != NULL)
    {
      TokenFileSource *source = g_new0 (TokenFileSource, 1);

      source->file = g_file_new_for_path (user->token_file);
      kf_rest_config_set_credential_source (config, token_file_fetch, task_finish, token_file_invalidate,
                                            source, (GDestroyNotify) token_file_source_free);
    }
  else if (user != NULL && user->username != NULL)
    kf_rest_config_set_basic_auth (config, user->username, user->password);
  else if (user != NULL && user->exec != NULL)
    {
      g_autoptr(JsonNode) info = build_cluster_info (cluster, ca);
      g_autoptr(KfExecCredential) exec = kf_exec_credential_new (user->exec, context->name, user->name, info);

      kf_exec_credential_set_keyring (exec, keyring);
      kf_exec_credential_attach (exec, config);
    }
  else if (user != NULL && user->oidc != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(KfOidcCredential) oidc = kf_oidc_credential_new (user->oidc, context->name, user->name, &local_error);

      if (oidc == NULL)
        {
          g_set_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID, "%s: %s.auth-provider.config.%s",
                       user->file, user->where, local_error->message);
          return NULL;
        }
      kf_oidc_credential_set_keyring (oidc, keyring);
      kf_oidc_credential_attach (oidc, config);
    }
  else if (keyring != NULL && (user == NULL || (user->client_cert_file == NULL && user->client_cert_data == NULL)))
    {
      KeyringSource *source = g_new0 (KeyringSource, 1);

      source->keyring = g_object_ref (keyring);
      source->context = g_strdup (context->name);
      source->user = g_strdup (context->user);
      kf_rest_config_set_credential_source (config, keyring_fetch, task_finish, keyring_invalidate,
                                            source, (GDestroyNotify) keyring_source_free);
    }

  return g_steal_pointer (&config);
}
