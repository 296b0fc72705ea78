/* kf-rest-config.c: everything needed to talk to one cluster as one user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-rest-config"

#include "config.h"

#include <string.h>

#include "kf-rest-config.h"
#include "kf-pem.h"

struct _KfRestConfig
{
  GObject                     parent_instance;

  char                       *server;
  char                       *context_name;
  char                       *user_name;
  char                       *namespace;

  GTlsDatabase               *tls_database;
  gboolean                    insecure;
  char                       *tls_server_name;
  GTlsCertificate            *client_certificate;
  char                       *proxy_url;

  char                       *static_authorization;

  KfCredentialFetchFunc       fetch;
  KfCredentialFinishFunc      finish;
  KfCredentialInvalidateFunc  invalidate;
  gpointer                    func_data;
  GDestroyNotify              func_data_destroy;
};

G_DEFINE_FINAL_TYPE (KfRestConfig, kf_rest_config, G_TYPE_OBJECT)
G_DEFINE_QUARK (kf-rest-config-error-quark, kf_rest_config_error)

static void
clear_credential_source (KfRestConfig *self)
{
  if (self->func_data_destroy != NULL)
    self->func_data_destroy (self->func_data);
  self->fetch = NULL;
  self->finish = NULL;
  self->invalidate = NULL;
  self->func_data = NULL;
  self->func_data_destroy = NULL;
}

static void
kf_rest_config_finalize (GObject *object)
{
  KfRestConfig *self = KF_REST_CONFIG (object);

  clear_credential_source (self);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->context_name, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->namespace, g_free);
  g_clear_object (&self->tls_database);
  g_clear_pointer (&self->tls_server_name, g_free);
  g_clear_object (&self->client_certificate);
  g_clear_pointer (&self->proxy_url, g_free);
  if (self->static_authorization != NULL)
    memset (self->static_authorization, 0, strlen (self->static_authorization));
  g_clear_pointer (&self->static_authorization, g_free);

  G_OBJECT_CLASS (kf_rest_config_parent_class)->finalize (object);
}

static void
kf_rest_config_class_init (KfRestConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_rest_config_finalize;
}

static void
kf_rest_config_init (KfRestConfig *self)
{
}

KfRestConfig *
kf_rest_config_new (const char *server)
{
  KfRestConfig *self;

  g_return_val_if_fail (server != NULL, NULL);

  self = g_object_new (KF_TYPE_REST_CONFIG, NULL);
  /* no trailing slash: paths are appended */
  self->server = g_strdup (server);
  while (g_str_has_suffix (self->server, "/"))
    self->server[strlen (self->server) - 1] = '\0';
  return self;
}

#define STRING_ACCESSORS(field)                                          \
  const char *                                                           \
  kf_rest_config_get_##field (KfRestConfig *self)                        \
  {                                                                      \
    g_return_val_if_fail (KF_IS_REST_CONFIG (self), NULL);               \
    return self->field;                                                  \
  }                                                                      \
  void                                                                   \
  kf_rest_config_set_##field (KfRestConfig *self,                        \
                              const char   *value)                       \
  {                                                                      \
    g_return_if_fail (KF_IS_REST_CONFIG (self));                         \
    g_free (self->field);                                                \
    self->field = g_strdup (value);                                      \
  }

STRING_ACCESSORS (context_name)
STRING_ACCESSORS (user_name)
STRING_ACCESSORS (namespace)
STRING_ACCESSORS (tls_server_name)
STRING_ACCESSORS (proxy_url)

const char *
kf_rest_config_get_server (KfRestConfig *self)
{
  g_return_val_if_fail (KF_IS_REST_CONFIG (self), NULL);
  return self->server;
}

GTlsDatabase *
kf_rest_config_get_tls_database (KfRestConfig *self)
{
  g_return_val_if_fail (KF_IS_REST_CONFIG (self), NULL);
  return self->tls_database;
}

gboolean
kf_rest_config_set_ca_pem (KfRestConfig  *self,
                           const char    *pem,
                           gssize         length,
                           GError       **error)
{
  g_autofree char *copy = NULL;
  GTlsDatabase *db;

  g_return_val_if_fail (KF_IS_REST_CONFIG (self), FALSE);

  copy = length < 0 ? g_strdup (pem) : g_strndup (pem, length);
  db = kf_pem_tls_database_new (copy, strlen (copy), error);

  if (db == NULL)
    {
      if (error != NULL && *error != NULL)
        g_prefix_error (error, "certificate authority: ");
      return FALSE;
    }

  g_set_object (&self->tls_database, db);
  g_object_unref (db);
  return TRUE;
}

gboolean
kf_rest_config_get_insecure (KfRestConfig *self)
{
  g_return_val_if_fail (KF_IS_REST_CONFIG (self), FALSE);
  return self->insecure;
}

void
kf_rest_config_set_insecure (KfRestConfig *self,
                             gboolean      insecure)
{
  g_return_if_fail (KF_IS_REST_CONFIG (self));
  self->insecure = !!insecure;
}

GTlsCertificate *
kf_rest_config_get_client_certificate (KfRestConfig *self)
{
  g_return_val_if_fail (KF_IS_REST_CONFIG (self), NULL);
  return self->client_certificate;
}

void
kf_rest_config_set_client_certificate (KfRestConfig    *self,
                                       GTlsCertificate *cert)
{
  g_return_if_fail (KF_IS_REST_CONFIG (self));
  g_set_object (&self->client_certificate, cert);
}

static void
set_static_authorization (KfRestConfig *self,
                          char         *value)
{
  if (self->static_authorization != NULL)
    memset (self->static_authorization, 0, strlen (self->static_authorization));
  g_free (self->static_authorization);
  self->static_authorization = value;
}

void
kf_rest_config_set_bearer_token (KfRestConfig *self,
                                 const char   *token)
{
  g_return_if_fail (KF_IS_REST_CONFIG (self));
  set_static_authorization (self, token != NULL ? g_strconcat ("Bearer ", token, NULL) : NULL);
}

void
kf_rest_config_set_basic_auth (KfRestConfig *self,
                               const char   *username,
                               const char   *password)
{
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;

  g_return_if_fail (KF_IS_REST_CONFIG (self));

  if (username == NULL)
    {
      set_static_authorization (self, NULL);
      return;
    }
  pair = g_strconcat (username, ":", password ? password : "", NULL);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  memset (pair, 0, strlen (pair));
  set_static_authorization (self, g_strconcat ("Basic ", encoded, NULL));
}

void
kf_rest_config_set_credential_source (KfRestConfig               *self,
                                      KfCredentialFetchFunc       fetch,
                                      KfCredentialFinishFunc      finish,
                                      KfCredentialInvalidateFunc  invalidate,
                                      gpointer                    func_data,
                                      GDestroyNotify              func_data_destroy)
{
  g_return_if_fail (KF_IS_REST_CONFIG (self));
  g_return_if_fail ((fetch == NULL) == (finish == NULL));

  clear_credential_source (self);
  self->fetch = fetch;
  self->finish = finish;
  self->invalidate = invalidate;
  self->func_data = func_data;
  self->func_data_destroy = func_data_destroy;
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  KfRestConfig *self = KF_REST_CONFIG (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *value;

  value = self->finish (self, result, &error, self->func_data);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, g_free);
}

void
kf_rest_config_get_authorization_async (KfRestConfig        *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KF_IS_REST_CONFIG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_rest_config_get_authorization_async);

  if (self->fetch != NULL)
    {
      self->fetch (self, cancellable, fetch_cb, g_steal_pointer (&task), self->func_data);
      return;
    }
  g_task_return_pointer (task, g_strdup (self->static_authorization), g_free);
}

char *
kf_rest_config_get_authorization_finish (KfRestConfig  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kf_rest_config_invalidate_credentials (KfRestConfig *self)
{
  g_return_if_fail (KF_IS_REST_CONFIG (self));
  if (self->invalidate != NULL)
    self->invalidate (self, self->func_data);
}

gboolean
kf_rest_config_accept_certificate (KfRestConfig         *self,
                                   GTlsCertificate      *peer,
                                   GTlsCertificateFlags  errors)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database;
  GTlsCertificateFlags flags;

  g_return_val_if_fail (KF_IS_REST_CONFIG (self), FALSE);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (peer), FALSE);

  if (self->insecure)
    return TRUE;
  if (self->tls_server_name == NULL)
    return FALSE;

  database = self->tls_database;
  if (database == NULL)
    database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  else
    g_object_ref (database);
  if (database == NULL)
    return FALSE;

  identity = g_network_address_new (self->tls_server_name, 443);
  flags = g_tls_database_verify_chain (database, peer, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  g_object_unref (database);
  if (error != NULL)
    {
      g_debug ("verifying the server certificate for %s: %s", self->tls_server_name, error->message);
      return FALSE;
    }
  return flags == 0;
}
