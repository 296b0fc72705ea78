/* test-tls.c: a KfRestConfig built from a kubeconfig, used the way the REST client
 * uses it, in a real TLS handshake with a loopback TLS server: the CA from
 * certificate-authority, tls-server-name, a client certificate (EC key in SEC1 form,
 * converted with OpenSSL) and a bearer token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "kf-keyring.h"
#include "kf-kubeconfig.h"
#include "kc-test-util.h"

/* generated once: key generation is the slow part */
static char *certs_dir;

typedef struct
{
  char             *dir;
  GSocketService   *service;
  guint             port;
  GTlsCertificate  *server_cert;
  GTlsCertificate  *expected_client;
  GMutex            lock;
  gboolean          saw_client_cert;
  char             *authorization;
} Fixture;

/* The API server: a TLS endpoint that asks for a client certificate. (SoupServer 3.2
 * resets connections that present one, so this is a small GTlsServerConnection that
 * speaks just enough HTTP/1.1, in the socket service's worker thread.) */
static gboolean
server_accept_certificate_cb (GTlsConnection       *connection,
                              GTlsCertificate      *peer,
                              GTlsCertificateFlags  errors,
                              gpointer              user_data)
{
  return TRUE;  /* checked below, against the certificate the test expects */
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  Fixture *f = user_data;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;
  GTlsCertificate *peer;
  const char *body = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\"}";
  g_autofree char *response = NULL;

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), f->server_cert, &error);
  g_assert_no_error (error);
  g_object_set (tls, "authentication-mode", G_TLS_AUTHENTICATION_REQUESTED, NULL);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (server_accept_certificate_cb), f);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error))
    return TRUE;  /* the client refused us: nothing to answer */

  in = g_data_input_stream_new (g_io_stream_get_input_stream (tls));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);

      if (line == NULL || *line == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Authorization: ", 15) == 0)
        authorization = g_strdup (line + 15);
    }

  peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls));
  g_mutex_lock (&f->lock);
  f->saw_client_cert = peer != NULL && g_tls_certificate_is_same (peer, f->expected_client);
  g_free (f->authorization);
  f->authorization = g_steal_pointer (&authorization);
  g_mutex_unlock (&f->lock);

  response = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                              "Connection: close\r\n\r\n%s", strlen (body), body);
  g_output_stream_write_all (g_io_stream_get_output_stream (tls), response, strlen (response), NULL, NULL, NULL);
  g_io_stream_close (tls, NULL, NULL);
  return TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *ca = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *client_cert = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&f->lock);
  f->dir = g_strdup (certs_dir);
  if (!kc_have_openssl ())
    return;
  ca = g_build_filename (f->dir, "ca.pem", NULL);
  cert = g_build_filename (f->dir, "server.pem", NULL);
  key = g_build_filename (f->dir, "server.key", NULL);
  client_cert = g_build_filename (f->dir, "client.crt", NULL);
  f->expected_client = g_tls_certificate_new_from_file (client_cert, &error);
  g_assert_no_error (error);
  f->server_cert = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  f->service = g_threaded_socket_service_new (2);
  f->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (f->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (f->service, "run", G_CALLBACK (run_cb), f);
  g_socket_service_start (f->service);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->service != NULL)
    {
      g_socket_service_stop (f->service);
      g_socket_listener_close (G_SOCKET_LISTENER (f->service));
    }
  g_clear_object (&f->service);
  g_clear_object (&f->server_cert);
  g_clear_object (&f->expected_client);
  g_free (f->authorization);
  g_mutex_clear (&f->lock);
  g_free (f->dir);
}

static KfRestConfig *
build (Fixture    *f,
       const char *cluster_extra,
       const char *user)
{
  g_autofree char *yaml = g_strdup_printf (
    "clusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:%u\n%s"
    "users:\n%s"
    "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\n",
    f->port, cluster_extra, user);
  g_autofree char *path = kc_write (f->dir, "config", yaml);
  const char *paths[] = { path, NULL };
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);
  g_autoptr(KfKeyring) keyring = kf_keyring_new (FALSE);
  g_autoptr(GError) error = NULL;
  KfRestConfig *config;

  kf_kubeconfig_set_keyring (kubeconfig, keyring);
  config = kf_kubeconfig_build_rest_config (kubeconfig, "ctx", &error);
  g_assert_no_error (error);
  return config;
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return kf_rest_config_accept_certificate (user_data, peer, errors);
}

/* What the REST client does with a KfRestConfig, in short. */
static guint
get_version (KfRestConfig  *config,
             GError       **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (kf_rest_config_get_server (config), "/version", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *authorization = kc_get_authorization (config, error);
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;

  if (error != NULL && *error != NULL)
    return 0;
  soup_session_set_tls_database (session, kf_rest_config_get_tls_database (config));
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), config);
  if (kf_rest_config_get_client_certificate (config) != NULL)
    soup_message_set_tls_client_certificate (msg, kf_rest_config_get_client_certificate (config));
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  body = soup_session_send_and_read_finish (session, result, error);
  if (body == NULL)
    g_test_message ("GET /version: %s", (*error)->message);
  return body != NULL ? soup_message_get_status (msg) : 0;
}

static void
test_ca_server_name_client_cert (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  if (f->service == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  config = build (f, "    certificate-authority: ca.pem\n    tls-server-name: api.internal\n",
                  "- name: u\n  user: {client-certificate: client.crt, client-key: client.key, token: sesame}\n");
  g_assert_cmpuint (get_version (config, &error), ==, SOUP_STATUS_OK);
  g_assert_no_error (error);
  g_assert_true (f->saw_client_cert);
  g_assert_cmpstr (f->authorization, ==, "Bearer sesame");
}

static void
test_refused_without_server_name (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  if (f->service == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  /* the right CA, but the certificate is not for 127.0.0.1 */
  config = build (f, "    certificate-authority: ca.pem\n", "- name: u\n  user: {token: sesame}\n");
  g_assert_cmpuint (get_version (config, &error), ==, 0);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_null (f->authorization);  /* the token never left */
  g_clear_error (&error);
  g_clear_object (&config);

  /* the wrong name */
  config = build (f, "    certificate-authority: ca.pem\n    tls-server-name: other.internal\n",
                  "- name: u\n  user: {token: sesame}\n");
  g_assert_cmpuint (get_version (config, &error), ==, 0);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);
  g_clear_object (&config);

  /* the right name, but no CA: the system trust store does not know ours */
  config = build (f, "    tls-server-name: api.internal\n", "- name: u\n  user: {token: sesame}\n");
  g_assert_cmpuint (get_version (config, &error), ==, 0);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_insecure (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  if (f->service == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  config = build (f, "    insecure-skip-tls-verify: true\n", "- name: u\n  user: {username: admin, password: hunter2}\n");
  g_assert_cmpuint (get_version (config, &error), ==, SOUP_STATUS_OK);
  g_assert_no_error (error);
  g_assert_cmpstr (f->authorization, ==, "Basic YWRtaW46aHVudGVyMg==");
  g_assert_false (f->saw_client_cert);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/tls/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("ca-server-name-client-cert", test_ca_server_name_client_cert);
  ADD ("refused-without-server-name", test_refused_without_server_name);
  ADD ("insecure", test_insecure);
#undef ADD

  certs_dir = kc_tmpdir ();
  if (kc_have_openssl ())
    {
      g_autofree char *ca = NULL;
      g_autofree char *cert = NULL;
      g_autofree char *key = NULL;
      g_autofree char *client_cert = NULL;
      g_autofree char *client_key = NULL;

      /* the server certificate names only api.internal: connecting to 127.0.0.1 needs tls-server-name */
      kc_make_ca_and_server (certs_dir, "DNS:api.internal", &ca, &cert, &key);
      kc_make_client_cert (certs_dir, &client_cert, &client_key);
    }

  status = g_test_run ();
  kc_rm_rf (certs_dir);
  g_free (certs_dir);
  /* see test-oidc.c: let glib-networking's idle handshake threads exit before LSan runs */
  g_usleep (G_USEC_PER_SEC);
  g_thread_pool_stop_unused_threads ();
  g_usleep (G_USEC_PER_SEC / 10);
  return status;
}
