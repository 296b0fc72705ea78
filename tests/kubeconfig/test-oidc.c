/* test-oidc.c: the OIDC auth-provider against an issuer on loopback (SoupServer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kf-keyring.h"
#include "kf-kubeconfig.h"
#include "kf-oidc-credential.h"
#include "kc-test-util.h"

typedef struct
{
  char        *dir;
  SoupServer  *server;
  char        *base;            /* http(s)://127.0.0.1:PORT/realms/kf */
  char        *expected_refresh;
  char        *next_refresh;
  guint        discovery_hits;
  guint        token_hits;
  char        *last_client_secret;
  KfKeyring   *keyring;
} Fixture;

static char *
base64url (const char *text)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) text, strlen (text));
  GString *s = g_string_new (NULL);

  for (const char *p = b64; *p; p++)
    {
      if (*p == '+')
        g_string_append_c (s, '-');
      else if (*p == '/')
        g_string_append_c (s, '_');
      else if (*p != '=')
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

/* An unsigned-looking JWT with the given exp (kubectl does not check signatures). */
static char *
make_jwt (gint64      exp,
          const char *subject)
{
  g_autofree char *header = base64url ("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
  g_autofree char *payload_json = g_strdup_printf ("{\"iss\":\"kf\",\"sub\":\"%s\",\"exp\":%" G_GINT64_FORMAT "}", subject, exp);
  g_autofree char *payload = base64url (payload_json);

  return g_strdup_printf ("%s.%s.c2lnbmF0dXJl", header, payload);
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
discovery_handler (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *json = g_strdup_printf ("{\"issuer\":\"%s\",\"token_endpoint\":\"%s/protocol/openid-connect/token\","
                                           "\"authorization_endpoint\":\"%s/auth\"}", f->base, f->base, f->base);

  f->discovery_hits++;
  respond_json (msg, SOUP_STATUS_OK, json);
}

static void
token_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *id_token = NULL;
  g_autofree char *json = NULL;

  f->token_hits++;
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      respond_json (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "{\"error\":\"invalid_request\"}");
      return;
    }
  form = soup_form_decode (text);
  g_free (f->last_client_secret);
  f->last_client_secret = g_strdup (g_hash_table_lookup (form, "client_secret"));
  if (g_strcmp0 (g_hash_table_lookup (form, "grant_type"), "refresh_token") != 0 ||
      g_strcmp0 (g_hash_table_lookup (form, "client_id"), "kubernetes") != 0)
    {
      respond_json (msg, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"invalid_request\"}");
      return;
    }
  if (g_strcmp0 (g_hash_table_lookup (form, "refresh_token"), f->expected_refresh) != 0)
    {
      respond_json (msg, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"invalid_grant\",\"error_description\":\"Token is not active\"}");
      return;
    }
  id_token = make_jwt (g_get_real_time () / G_USEC_PER_SEC + 3600, "refreshed");
  if (f->next_refresh != NULL)
    json = g_strdup_printf ("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"%s\",\"refresh_token\":\"%s\"}",
                            id_token, f->next_refresh);
  else
    json = g_strdup_printf ("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"%s\"}", id_token);
  respond_json (msg, SOUP_STATUS_OK, json);
}

static void
start_server (Fixture         *f,
              GTlsCertificate *certificate)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *root = NULL;

  f->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (f->server, "/realms/kf/.well-known/openid-configuration", discovery_handler, f, NULL);
  soup_server_add_handler (f->server, "/realms/kf/protocol/openid-connect/token", token_handler, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | (certificate ? SOUP_SERVER_LISTEN_HTTPS : 0), &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  root = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (root, "/"))
    root[strlen (root) - 1] = '\0';
  f->base = g_strconcat (root, "/realms/kf", NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = kc_tmpdir ();
  f->keyring = kf_keyring_new (FALSE);
  f->expected_refresh = g_strdup ("refresh-1");
  f->next_refresh = g_strdup ("refresh-2");
  if (data == NULL)
    start_server (f, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->server != NULL)
    soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->keyring);
  kc_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->base);
  g_free (f->expected_refresh);
  g_free (f->next_refresh);
  g_free (f->last_client_secret);
}

static char *
write_config (Fixture    *f,
              const char *id_token,
              const char *refresh_token,
              const char *extra)
{
  g_autofree char *yaml = g_strdup_printf (
    "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\n"
    "users:\n"
    "- name: oidc-user\n"
    "  user:\n"
    "    auth-provider:\n"
    "      name: oidc\n"
    "      config:\n"
    "        client-id: kubernetes\n"
    "        client-secret: not-so-secret\n"
    "        idp-issuer-url: %s\n"
    "%s%s%s%s%s%s"
    "%s"
    "contexts:\n- name: ctx\n  context: {cluster: c, user: oidc-user}\n"
    "current-context: ctx\n",
    f->base,
    id_token ? "        id-token: " : "", id_token ? id_token : "", id_token ? "\n" : "",
    refresh_token ? "        refresh-token: " : "", refresh_token ? refresh_token : "", refresh_token ? "\n" : "",
    extra ? extra : "");
  return kc_write (f->dir, "config", yaml);
}

static KfRestConfig *
build (Fixture    *f,
       const char *path)
{
  const char *paths[] = { path, NULL };
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);
  g_autoptr(GError) error = NULL;
  KfRestConfig *config;

  kf_kubeconfig_set_keyring (kubeconfig, f->keyring);
  config = kf_kubeconfig_build_rest_config (kubeconfig, NULL, &error);
  g_assert_no_error (error);
  return config;
}

static char *
keyring_lookup (Fixture      *f,
                KfSecretKind  kind)
{
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  kf_keyring_lookup_async (f->keyring, kind, "ctx", "oidc-user", NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  return kf_keyring_lookup_finish (f->keyring, result, NULL);
}

/* ------------------------------------------------------------------ tests -- */

static void
test_jwt_expiry (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *jwt = make_jwt (1700000000, "x");
  /* the id-token of the fabric8 fixture */
  const char *fixture_token =
    "eyJraWQiOiJDTj1vaWRjaWRwLnRyZW1vbG8ubGFuLCBPVT1EZW1vLCBPPVRybWVvbG8gU2VjdXJpdHksIEw9QXJsaW5ndG9uLCBTVD1WaXJnaW5pYSwgQz1VUy1DTj1rdWJlLWNhLTEyMDIxNDc5MjEwMzYwNzMyMTUyIiwiYWxnIjoiUlMyNTYifQ"
    ".eyJpc3MiOiJodHRwczovL29pZGNpZHAudHJlbW9sby5sYW46ODQ0My9hdXRoL2lkcC9PaWRjSWRQIiwiYXVkIjoia3ViZXJuZXRlcyIsImV4cCI6MTQ4MzU0OTUxMSwianRpIjoiMm96US15TXdFcHV4WDlHZUhQdy1hZyIsImlhdCI6MTQ4MzU0OTQ1MSwibmJmIjoxNDgzNTQ5MzMxLCJzdWIiOiI0YWViMzdiYS1iNjQ1LTQ4ZmQtYWIzMC0xYTAxZWU0MWUyMTgifQ"
    ".w6p4J_6qQ1HzTG9nrEOrubxIMb9K5hzcMPxc9IxPx2K4xO9l";

  g_assert_cmpint (kf_oidc_jwt_get_expiry (jwt), ==, 1700000000);
  g_assert_cmpint (kf_oidc_jwt_get_expiry (fixture_token), ==, 1483549511);
  g_assert_cmpint (kf_oidc_jwt_get_expiry ("not-a-jwt"), ==, 0);
  g_assert_cmpint (kf_oidc_jwt_get_expiry ("a.!!!.c"), ==, 0);
  g_assert_cmpint (kf_oidc_jwt_get_expiry (NULL), ==, 0);
}

static void
test_valid_token_used (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *jwt = make_jwt (g_get_real_time () / G_USEC_PER_SEC + 600, "alice");
  g_autofree char *path = write_config (f, jwt, "refresh-1", NULL);
  g_autoptr(KfRestConfig) config = build (f, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = kc_get_authorization (config, &error);
  g_autofree char *expected = g_strconcat ("Bearer ", jwt, NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (auth, ==, expected);
  g_assert_cmpuint (f->discovery_hits, ==, 0);
  g_assert_cmpuint (f->token_hits, ==, 0);
}

static void
test_expired_token_refreshed (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *old = make_jwt (1000, "alice");
  g_autofree char *path = write_config (f, old, "refresh-1", NULL);
  g_autofree char *before = kc_read (path);
  g_autofree char *after = NULL;
  g_autoptr(KfRestConfig) config = build (f, path);
  g_autoptr(KfRestConfig) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *a3 = NULL;
  g_autofree char *a4 = NULL;
  g_autofree char *stored_id = NULL;
  g_autofree char *stored_refresh = NULL;

  a1 = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (a1, "Bearer "));
  g_assert_cmpstr (a1 + 7, !=, old);
  g_assert_cmpint (kf_oidc_jwt_get_expiry (a1 + 7), >, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpuint (f->discovery_hits, ==, 1);
  g_assert_cmpuint (f->token_hits, ==, 1);
  g_assert_cmpstr (f->last_client_secret, ==, "not-so-secret");

  /* the new tokens are in the keyring, the user's file is untouched */
  stored_id = keyring_lookup (f, KF_SECRET_KIND_OIDC_ID);
  stored_refresh = keyring_lookup (f, KF_SECRET_KIND_OIDC_REFRESH);
  g_assert_cmpstr (stored_id, ==, a1 + 7);
  g_assert_cmpstr (stored_refresh, ==, "refresh-2");
  after = kc_read (path);
  g_assert_cmpstr (before, ==, after);

  /* still valid: no new request */
  a2 = kc_get_authorization (config, &error);
  g_assert_cmpstr (a2, ==, a1);
  g_assert_cmpuint (f->token_hits, ==, 1);

  /* a 401: refreshed again, with the refresh-token the issuer rotated */
  g_free (f->expected_refresh);
  f->expected_refresh = g_strdup ("refresh-2");
  g_free (f->next_refresh);
  f->next_refresh = NULL;  /* the issuer keeps the refresh-token this time */
  kf_rest_config_invalidate_credentials (config);
  a3 = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->token_hits, ==, 2);
  g_assert_cmpuint (f->discovery_hits, ==, 1);  /* the endpoint is remembered */

  /* a later build (an app restart) takes the keyring's newer token over the file's expired one */
  again = build (f, path);
  a4 = kc_get_authorization (again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a4, ==, a3);
  g_assert_cmpuint (f->token_hits, ==, 2);
}

static void
test_refresh_rejected (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *old = make_jwt (1000, "alice");
  g_autofree char *path = write_config (f, old, "revoked-refresh-token", NULL);
  g_autoptr(KfRestConfig) config = build (f, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = kc_get_authorization (config, &error);

  g_assert_null (auth);
  g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "HTTP 400, invalid_grant: Token is not active"));
  g_assert_nonnull (strstr (error->message, "log in again"));
  g_assert_null (strstr (error->message, "revoked-refresh-token"));
}

static void
test_no_refresh_token (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *old = make_jwt (1000, "alice");
  g_autofree char *path = write_config (f, old, NULL, NULL);
  g_autoptr(KfRestConfig) config = build (f, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = kc_get_authorization (config, &error);

  g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "has expired and there is no refresh-token"));
  g_assert_cmpuint (f->token_hits, ==, 0);
}

static void
test_issuer_unreachable (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *old = make_jwt (1000, "alice");
  g_autofree char *path = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = NULL;

  g_free (f->base);
  f->base = g_strdup ("http://127.0.0.1:9/realms/kf");  /* discard port: nobody listens */
  path = write_config (f, old, "refresh-1", NULL);
  config = build (f, path);
  auth = kc_get_authorization (config, &error);
  g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "cannot reach the issuer http://127.0.0.1:9/realms/kf"));
}

static void
test_issuer_tls_ca (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *ca = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca64 = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *old = make_jwt (1000, "alice");
  g_autoptr(GTlsCertificate) server_cert = NULL;
  g_autoptr(GError) error = NULL;

  if (!kc_have_openssl ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  kc_make_ca_and_server (f->dir, "IP:127.0.0.1,DNS:idp.test", &ca, &cert, &key);
  server_cert = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  start_server (f, server_cert);
  g_assert_true (g_str_has_prefix (f->base, "https://"));

  /* without the issuer's CA the handshake fails, and says so */
  {
    g_autofree char *path = write_config (f, old, "refresh-1", NULL);
    g_autoptr(KfRestConfig) config = build (f, path);
    g_autofree char *auth = kc_get_authorization (config, &error);

    g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "cannot reach the issuer"));
    g_clear_error (&error);
  }
  /* idp-certificate-authority-data trusts it */
  ca64 = kc_base64_file (ca);
  extra = g_strdup_printf ("        idp-certificate-authority-data: %s\n", ca64);
  {
    g_autofree char *path = write_config (f, old, "refresh-1", extra);
    g_autoptr(KfRestConfig) config = build (f, path);
    g_autofree char *auth = kc_get_authorization (config, &error);

    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (auth, "Bearer "));
    g_assert_cmpuint (f->token_hits, ==, 1);
  }
  /* and so does idp-certificate-authority, a file relative to the kubeconfig */
  g_clear_pointer (&extra, g_free);
  extra = g_strdup ("        idp-certificate-authority: ca.pem\n");
  g_free (f->expected_refresh);
  f->expected_refresh = g_strdup ("refresh-1");
  {
    g_autoptr(KfKeyring) fresh = kf_keyring_new (FALSE);
    g_autofree char *path = write_config (f, old, "refresh-1", extra);
    g_autoptr(KfRestConfig) config = NULL;
    g_autofree char *auth = NULL;

    g_set_object (&f->keyring, fresh);
    config = build (f, path);
    auth = kc_get_authorization (config, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (f->token_hits, ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) g_test_add ("/oidc/" path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("jwt-expiry", test_jwt_expiry, NULL);
  ADD ("valid-token-used", test_valid_token_used, NULL);
  ADD ("expired-token-refreshed", test_expired_token_refreshed, NULL);
  ADD ("refresh-rejected", test_refresh_rejected, NULL);
  ADD ("no-refresh-token", test_no_refresh_token, NULL);
  ADD ("issuer-unreachable", test_issuer_unreachable, NULL);
  ADD ("issuer-tls-ca", test_issuer_tls_ca, "tls");
#undef ADD

  status = g_test_run ();

  /* glib-networking runs TLS handshakes in GTask worker threads; let the idle ones exit
   * before LeakSanitizer inspects their (dlopen'ed GnuTLS) thread-local storage, which
   * it cannot always do */
  g_usleep (G_USEC_PER_SEC);
  g_thread_pool_stop_unused_threads ();
  g_usleep (G_USEC_PER_SEC / 10);
  return status;
}
