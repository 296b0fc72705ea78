/* kf-hf-oauth.c: HuggingFace OAuth (authorization code + PKCE) helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-hf-oauth"

#include "config.h"

#include <string.h>
#include <openssl/rand.h>

#include "kf-hf-oauth.h"

static char *
random_hex (gsize n_bytes)
{
  guint8 buf[64];
  GString *s;

  g_return_val_if_fail (n_bytes <= sizeof buf, NULL);
  if (RAND_bytes (buf, (int) n_bytes) != 1)
    return NULL;
  s = g_string_sized_new (n_bytes * 2);
  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (s, "%02x", buf[i]);
  memset (buf, 0, sizeof buf);
  return g_string_free (s, FALSE);
}

char *
kf_hf_oauth_new_code_verifier (void)
{
  /* RFC 7636 §4.1: 43–128 characters of [A-Za-z0-9-._~]; hex qualifies. */
  return random_hex (32);
}

char *
kf_hf_oauth_new_state (void)
{
  return random_hex (16);
}

char *
kf_hf_oauth_code_challenge (const char *verifier)
{
  g_autoptr(GChecksum) sha = NULL;
  guint8 digest[32];
  gsize len = sizeof digest;
  char *b64;

  g_return_val_if_fail (verifier != NULL, NULL);
  sha = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sha, (const guchar *) verifier, (gssize) strlen (verifier));
  g_checksum_get_digest (sha, digest, &len);

  /* base64url, no padding (RFC 7636 §4.2, RFC 4648 §5). */
  b64 = g_base64_encode (digest, len);
  for (char *p = b64; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return b64;
}

char *
kf_hf_oauth_authorize_url (const char *endpoint,
                           const char *client_id,
                           const char *redirect_uri,
                           const char *scope,
                           const char *state,
                           const char *code_challenge)
{
  g_autofree char *e_client = g_uri_escape_string (client_id ? client_id : KF_HF_OAUTH_CLIENT_ID, NULL, FALSE);
  g_autofree char *e_redirect = g_uri_escape_string (redirect_uri ? redirect_uri : "", NULL, FALSE);
  g_autofree char *e_scope = g_uri_escape_string (scope ? scope : KF_HF_OAUTH_SCOPE, NULL, FALSE);
  g_autofree char *e_state = g_uri_escape_string (state ? state : "", NULL, FALSE);
  g_autofree char *e_challenge = g_uri_escape_string (code_challenge ? code_challenge : "", NULL, FALSE);
  g_autofree char *base = g_strdup (endpoint ? endpoint : "https://huggingface.co");

  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  return g_strdup_printf ("%s/oauth/authorize?client_id=%s&redirect_uri=%s&response_type=code"
                          "&scope=%s&state=%s&code_challenge=%s&code_challenge_method=S256",
                          base, e_client, e_redirect, e_scope, e_state, e_challenge);
}
