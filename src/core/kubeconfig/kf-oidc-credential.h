/* kf-oidc-credential.h: the kubeconfig `auth-provider: oidc` credential
 *
 * Uses the id-token while its JWT `exp` is in the future (no signature check,
 * as kubectl); otherwise refreshes it at the issuer's token endpoint, found at
 * <idp-issuer-url>/.well-known/openid-configuration (libsoup, async, trusting
 * idp-certificate-authority(-data) when set), with grant_type=refresh_token.
 * New tokens go to the keyring (kinds oidc-id and oidc-refresh), never back
 * into the user's kubeconfig file. Errors: KF_REST_CONFIG_ERROR_CREDENTIALS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-keyring.h"
#include "kf-kubeconfig-private.h"
#include "kf-rest-config.h"

G_BEGIN_DECLS

#define KF_TYPE_OIDC_CREDENTIAL (kf_oidc_credential_get_type ())
G_DECLARE_FINAL_TYPE (KfOidcCredential, kf_oidc_credential, KF, OIDC_CREDENTIAL, GObject)

KfOidcCredential *kf_oidc_credential_new          (const KfOidcConfig  *config,
                                                   const char          *context,
                                                   const char          *user,
                                                   GError             **error);
void              kf_oidc_credential_set_keyring  (KfOidcCredential    *self,
                                                   KfKeyring           *keyring);
void              kf_oidc_credential_get_async    (KfOidcCredential    *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* The id-token to send as a bearer token. */
char             *kf_oidc_credential_get_finish   (KfOidcCredential    *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* The server refused the id-token: refresh it next time. */
void              kf_oidc_credential_invalidate   (KfOidcCredential    *self);
guint             kf_oidc_credential_get_refresh_count (KfOidcCredential *self);
void              kf_oidc_credential_attach       (KfOidcCredential    *self,
                                                   KfRestConfig        *config);

/* The `exp` claim of a JWT (unix seconds), or 0 when it has none or is not a JWT. */
gint64            kf_oidc_jwt_get_expiry          (const char          *jwt);

G_END_DECLS
