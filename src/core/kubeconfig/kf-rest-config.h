/* kf-rest-config.h: everything needed to talk to one cluster as one user
 *
 * What client-go calls rest.Config: built from a kubeconfig context
 * (kf-kubeconfig.h) or by hand (tests, the simulated cluster). The REST client
 * (src/core/k8s) reads it; credentials that expire (exec plugins, OIDC) are
 * fetched through kf_rest_config_get_authorization_async() and dropped with
 * kf_rest_config_invalidate_credentials() when the server answers 401.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KF_REST_CONFIG_ERROR (kf_rest_config_error_quark ())

typedef enum
{
  KF_REST_CONFIG_ERROR_INVALID,      /* a field that cannot be used (bad PEM, bad URL) */
  KF_REST_CONFIG_ERROR_CREDENTIALS,  /* a credential source failed (exec plugin, OIDC) */
} KfRestConfigError;

#define KF_TYPE_REST_CONFIG (kf_rest_config_get_type ())
G_DECLARE_FINAL_TYPE (KfRestConfig, kf_rest_config, KF, REST_CONFIG, GObject)

GQuark           kf_rest_config_error_quark           (void);

KfRestConfig    *kf_rest_config_new                   (const char    *server);

const char      *kf_rest_config_get_server            (KfRestConfig  *self);
const char      *kf_rest_config_get_context_name      (KfRestConfig  *self);
void             kf_rest_config_set_context_name      (KfRestConfig  *self,
                                                       const char    *name);
const char      *kf_rest_config_get_user_name         (KfRestConfig  *self);
void             kf_rest_config_set_user_name         (KfRestConfig  *self,
                                                       const char    *name);
const char      *kf_rest_config_get_namespace         (KfRestConfig  *self);
void             kf_rest_config_set_namespace         (KfRestConfig  *self,
                                                       const char    *ns);

/* TLS. A NULL database means the system's trust store. */
GTlsDatabase    *kf_rest_config_get_tls_database      (KfRestConfig  *self);
gboolean         kf_rest_config_set_ca_pem            (KfRestConfig  *self,
                                                       const char    *pem,
                                                       gssize         length,
                                                       GError       **error);
gboolean         kf_rest_config_get_insecure          (KfRestConfig  *self);
void             kf_rest_config_set_insecure          (KfRestConfig  *self,
                                                       gboolean       insecure);
const char      *kf_rest_config_get_tls_server_name   (KfRestConfig  *self);
void             kf_rest_config_set_tls_server_name   (KfRestConfig  *self,
                                                       const char    *name);
GTlsCertificate *kf_rest_config_get_client_certificate (KfRestConfig *self);
void             kf_rest_config_set_client_certificate (KfRestConfig *self,
                                                        GTlsCertificate *cert);

/* For SoupMessage::accept-certificate (libsoup calls it when its own check against the
 * session's tls-database and the URL's host failed): TRUE when insecure-skip-tls-verify
 * is set, or when tls-server-name is set and the chain is valid for that name under the
 * configured CA (or the system's). Mirrors client-go's ServerName handling. */
gboolean         kf_rest_config_accept_certificate    (KfRestConfig        *self,
                                                       GTlsCertificate     *peer,
                                                       GTlsCertificateFlags errors);

/* Proxy: proxy-url from the kubeconfig; NULL means HTTPS_PROXY/NO_PROXY apply. */
const char      *kf_rest_config_get_proxy_url         (KfRestConfig  *self);
void             kf_rest_config_set_proxy_url         (KfRestConfig  *self,
                                                       const char    *url);

/* Credentials. A static bearer token or basic auth is the simple case. */
void             kf_rest_config_set_bearer_token      (KfRestConfig  *self,
                                                       const char    *token);
void             kf_rest_config_set_basic_auth        (KfRestConfig  *self,
                                                       const char    *username,
                                                       const char    *password);

/* A credential source that may need I/O (exec plugin, OIDC refresh, keyring).
 * It resolves to the value of the Authorization header ("Bearer …"), or to
 * NULL for none (client certificates). An exec plugin may answer with a client
 * certificate: it is set on the config before the fetch completes, so read
 * kf_rest_config_get_client_certificate() after get_authorization_finish(). */
typedef void   (*KfCredentialFetchFunc)   (KfRestConfig        *config,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data,
                                           gpointer             func_data);
typedef char  *(*KfCredentialFinishFunc)  (KfRestConfig        *config,
                                           GAsyncResult        *result,
                                           GError             **error,
                                           gpointer             func_data);
typedef void   (*KfCredentialInvalidateFunc) (KfRestConfig     *config,
                                              gpointer          func_data);

void             kf_rest_config_set_credential_source (KfRestConfig               *self,
                                                       KfCredentialFetchFunc       fetch,
                                                       KfCredentialFinishFunc      finish,
                                                       KfCredentialInvalidateFunc  invalidate,
                                                       gpointer                    func_data,
                                                       GDestroyNotify              func_data_destroy);

void             kf_rest_config_get_authorization_async  (KfRestConfig        *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* Returns the Authorization header value, or NULL with no error when none. */
char            *kf_rest_config_get_authorization_finish (KfRestConfig        *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* The server said 401: forget cached credentials so that the next fetch renews them. */
void             kf_rest_config_invalidate_credentials   (KfRestConfig        *self);

G_END_DECLS
