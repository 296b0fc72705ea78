/* kf-hf-account.h: the HuggingFace sign-in (token in the keyring, OAuth with PKCE)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-hf-client.h"
#include "kf-keyring.h"

G_BEGIN_DECLS

#define KF_HF_ACCOUNT_ERROR (kf_hf_account_error_quark ())

typedef enum
{
  KF_HF_ACCOUNT_ERROR_TOKEN_REJECTED,   /* whoami answered 401 */
  KF_HF_ACCOUNT_ERROR_NO_CLIENT_ID,     /* OAuth without a client id */
  KF_HF_ACCOUNT_ERROR_STATE_MISMATCH,   /* the callback's state is not ours */
  KF_HF_ACCOUNT_ERROR_DENIED,           /* the user (or the Hub) refused */
  KF_HF_ACCOUNT_ERROR_TIMED_OUT,        /* the browser never came back */
  KF_HF_ACCOUNT_ERROR_BUSY,             /* a sign-in is already running */
  KF_HF_ACCOUNT_ERROR_EMPTY_TOKEN,      /* nothing was typed */
} KfHfAccountError;

GQuark kf_hf_account_error_quark (void);

#define KF_TYPE_HF_ACCOUNT (kf_hf_account_get_type ())
G_DECLARE_FINAL_TYPE (KfHfAccount, kf_hf_account, KF, HF_ACCOUNT, GObject)

/* NULL client: one on $HF_ENDPOINT; NULL keyring: kf_keyring_get_default(). */
KfHfAccount *kf_hf_account_new                (KfHfClient   *client,
                                               KfKeyring    *keyring);
KfHfClient  *kf_hf_account_get_client         (KfHfAccount  *self);

/* Properties (notify on change). "signed-in": whoami confirmed the token;
 * "token-available": a token is held (it may be unconfirmed when the Hub was
 * unreachable at load). */
gboolean     kf_hf_account_get_signed_in      (KfHfAccount  *self);
gboolean     kf_hf_account_get_token_available (KfHfAccount *self);
const char  *kf_hf_account_get_username       (KfHfAccount  *self);
const char  *kf_hf_account_get_fullname       (KfHfAccount  *self);
const char  *kf_hf_account_get_avatar_url     (KfHfAccount  *self);
/* A copy of the token for requests (NULL when none); free with
 * kf_keyring_secret_free(). Never log it. */
char        *kf_hf_account_dup_token          (KfHfAccount  *self);

/* The OAuth application ("client-id" property; the UI binds the
 * hf-client-id setting to it). Empty: OAuth is unavailable. */
void         kf_hf_account_set_client_id      (KfHfAccount  *self,
                                               const char   *client_id);
const char  *kf_hf_account_get_client_id      (KfHfAccount  *self);
/* Seconds the OAuth flow waits for the browser (default 300). */
void         kf_hf_account_set_oauth_timeout  (KfHfAccount  *self,
                                               guint         seconds);

/* The stored token → whoami. TRUE with no error when there is no token
 * (signed out). A rejected token is removed from the keyring. */
void         kf_hf_account_load_async         (KfHfAccount        *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean     kf_hf_account_load_finish        (KfHfAccount        *self,
                                               GAsyncResult       *result,
                                               GError            **error);

/* Checks @token with /api/whoami-v2, then stores it; on error nothing changes. */
void         kf_hf_account_sign_in_with_token_async  (KfHfAccount        *self,
                                                      const char         *token,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean     kf_hf_account_sign_in_with_token_finish (KfHfAccount        *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);

/* Forgets the token (memory and keyring). */
void         kf_hf_account_sign_out_async     (KfHfAccount        *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean     kf_hf_account_sign_out_finish    (KfHfAccount        *self,
                                               GAsyncResult       *result,
                                               GError            **error);

/* OAuth (authorization code + PKCE, loopback redirect). Starts a server on
 * 127.0.0.1 for /callback and, when this returns, kf_hf_account_get_oauth_url()
 * holds the authorize URL to open in the browser (NULL if the flow failed to
 * start: the error comes through the callback). Completes when the browser
 * comes back (code → token → whoami → keyring), on a wrong state, on cancel
 * or after the timeout. */
void         kf_hf_account_begin_oauth_async  (KfHfAccount        *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean     kf_hf_account_begin_oauth_finish (KfHfAccount        *self,
                                               GAsyncResult       *result,
                                               GError            **error);
const char  *kf_hf_account_get_oauth_url      (KfHfAccount        *self);

G_END_DECLS
