/* kf-keyring.h: tokens in the Secret Service (libsecret), with an in-memory fallback
 *
 * One schema, io.github.kubefoundry.KubeFoundry.Token, with the attributes
 * kind (bearer, exec, oidc-id, oidc-refresh, huggingface), context and user.
 * When no Secret Service is reachable the keyring says so once (the
 * "available" property turns FALSE and "unavailable" is emitted with the
 * reason) and keeps tokens in memory for the life of the process instead.
 * Token values never reach a log line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

typedef enum
{
  KF_SECRET_KIND_BEARER,        /* a token pasted in the app for a context */
  KF_SECRET_KIND_EXEC,          /* a cached exec-plugin credential (JSON with its expiry) */
  KF_SECRET_KIND_OIDC_ID,       /* a refreshed OIDC id-token */
  KF_SECRET_KIND_OIDC_REFRESH,  /* the OIDC refresh-token that came with it */
  KF_SECRET_KIND_HUGGINGFACE,   /* the Hugging Face token (context and user empty) */
} KfSecretKind;

#define KF_TYPE_KEYRING (kf_keyring_get_type ())
G_DECLARE_FINAL_TYPE (KfKeyring, kf_keyring, KF, KEYRING, GObject)

const SecretSchema *kf_keyring_get_schema     (void);
const char         *kf_secret_kind_to_string  (KfSecretKind kind);

/* The process-wide keyring. */
KfKeyring          *kf_keyring_get_default    (void);
/* A separate keyring (tests); with use_secret_service FALSE it is memory-only. */
KfKeyring          *kf_keyring_new            (gboolean      use_secret_service);

/* TRUE until the Secret Service is found unreachable (then tokens are kept in memory). */
gboolean            kf_keyring_get_available  (KfKeyring    *self);
/* Why it is unavailable (for the UI), or NULL. */
const char         *kf_keyring_get_unavailable_reason (KfKeyring *self);

/* context and user may be NULL (stored as empty). */
void                kf_keyring_store_async    (KfKeyring           *self,
                                               KfSecretKind         kind,
                                               const char          *context,
                                               const char          *user,
                                               const char          *secret,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean            kf_keyring_store_finish   (KfKeyring           *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void                kf_keyring_lookup_async   (KfKeyring           *self,
                                               KfSecretKind         kind,
                                               const char          *context,
                                               const char          *user,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* The secret, or NULL with no error when there is none. Free it with kf_keyring_secret_free(). */
char               *kf_keyring_lookup_finish  (KfKeyring           *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void                kf_keyring_clear_async    (KfKeyring           *self,
                                               KfSecretKind         kind,
                                               const char          *context,
                                               const char          *user,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean            kf_keyring_clear_finish   (KfKeyring           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Overwrites and frees a secret string. */
void                kf_keyring_secret_free    (char                *secret);

G_END_DECLS
