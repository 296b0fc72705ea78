/* kf-credential-cache.h: what the exec and OIDC credentials share
 *
 * A KfCredentialCache holds the current token (and client certificate) until
 * its expiry, makes concurrent requests for a credential wait for one fetch
 * (single flight), and remembers whether the keyring was consulted.
 * kf_credential_source_attach() makes a credential object the source of a
 * KfRestConfig's Authorization header ("Bearer <token>").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-rest-config.h"

G_BEGIN_DECLS

typedef struct
{
  char            *token;            /* wiped when cleared */
  GTlsCertificate *certificate;
  gint64           expiry;           /* unix µs; 0 = until invalidated */
  gint64           margin;           /* µs before expiry from which it counts as expired */
  gboolean         stored;
  gboolean         keyring_checked;
  GPtrArray       *waiters;          /* GTask*, NULL when no fetch is running */
} KfCredentialCache;

/* A KF_REST_CONFIG_ERROR_CREDENTIALS error. */
GError  *kf_cred_error_new               (const char        *format,
                                          ...) G_GNUC_PRINTF (1, 2);

void     kf_credential_cache_clear       (KfCredentialCache *cache);
/* Frees what the cache holds; no fetch may be running. */
void     kf_credential_cache_destroy     (KfCredentialCache *cache);
void     kf_credential_cache_store       (KfCredentialCache *cache,
                                          const char        *token,
                                          GTlsCertificate   *certificate,
                                          gint64             expiry);
/* Stored and not (about to be) expired. */
gboolean kf_credential_cache_is_valid    (KfCredentialCache *cache);
gboolean kf_credential_cache_is_fetching (KfCredentialCache *cache);
/* Queues @task (transfer full). TRUE: it is the first, start the fetch;
 * FALSE: it joined the fetch that is running. */
gboolean kf_credential_cache_join        (KfCredentialCache *cache,
                                          GTask             *task);
/* Ends the fetch: every waiter gets a copy of @error (freed here) or, when
 * @error is NULL, what @return_cb gives it. */
void     kf_credential_cache_finish      (KfCredentialCache *cache,
                                          GError            *error,
                                          void             (*return_cb) (GTask *task, gpointer data),
                                          gpointer           data);
/* The server refused the credential: forget it, unless a fetch is already
 * on its way (then what it brings is new). Returns whether it was forgotten. */
gboolean kf_credential_cache_invalidate  (KfCredentialCache *cache);

/* ---- the KfRestConfig credential source ---- */

typedef void  (*KfCredentialSourceGet)        (gpointer             credential,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* Returns the token (kf_secret_free()d by the caller); may set a client
 * certificate on @config; NULL with no error: no token. */
typedef char *(*KfCredentialSourceFinish)     (gpointer             credential,
                                             KfRestConfig        *config,
                                             GAsyncResult        *result,
                                             GError             **error);
typedef void  (*KfCredentialSourceInvalidate) (gpointer             credential);

/* @config's Authorization header comes from @credential (a GObject, kept). */
void     kf_credential_source_attach     (KfRestConfig               *config,
                                          gpointer                    credential,
                                          KfCredentialSourceGet         get,
                                          KfCredentialSourceFinish    finish,
                                          KfCredentialSourceInvalidate  invalidate);

G_END_DECLS
