/* kf-hf-oauth.h: HuggingFace OAuth (authorization code + PKCE) helpers
 *
 * Pure functions: the PKCE verifier and S256 challenge (RFC 7636), the
 * state, and the authorize URL. The token exchange is
 * kf_hf_client_exchange_code_async(); the loopback redirect listener lives
 * with the UI's sign-in flow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The original's public client id (reference §7; override with HF_CLIENT_ID). */
#define KF_HF_OAUTH_CLIENT_ID "e05817a1-7053-4b9e-b292-29cd219fccf8"
#define KF_HF_OAUTH_SCOPE     "openid profile read-repos"

/* 32 random bytes (OpenSSL RAND_bytes) as 64 hex characters; NULL if the
 * random generator fails. */
char *kf_hf_oauth_new_code_verifier  (void);
/* 16 random bytes as 32 hex characters. */
char *kf_hf_oauth_new_state          (void);
/* base64url(SHA-256(verifier)) without padding (code_challenge_method=S256). */
char *kf_hf_oauth_code_challenge     (const char *verifier);
/* {endpoint}/oauth/authorize?client_id=…&redirect_uri=…&response_type=code
 * &scope=…&state=…&code_challenge=…&code_challenge_method=S256 */
char *kf_hf_oauth_authorize_url      (const char *endpoint,
                                      const char *client_id,
                                      const char *redirect_uri,
                                      const char *scope,
                                      const char *state,
                                      const char *code_challenge);

G_END_DECLS
