/* test-kube-sni.c: the TLS server name (SNI) the client asks for
 *
 * An OpenSSL server on loopback (GIO's TLS server does not tell which name
 * a client asked for) records the SNI of each handshake and answers
 * GET /version. The server's certificate is only valid for
 * kubernetes.internal and the URL's host is 127.0.0.1, so kubeconfig's
 * tls-server-name must reach both the verification and the handshake.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib-unix.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "kf-test-apiserver.h"

typedef struct
{
  SSL_CTX        *ctx;
  GSocket        *listener;
  guint16         port;
  GThread        *thread;
  GMutex          lock;
  GCond           recorded;
  GPtrArray      *names;      /* one per handshake: the SNI, or "" for none */
  gboolean        stop;
} SniServer;

/* One connection: handshake, read the request head, answer, close. */
static void
serve (SniServer *server,
       GSocket   *socket)
{
  static const char answer[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 22\r\n\r\n"
    "{\"gitVersion\":\"v1.32\"}";
  SSL *ssl = SSL_new (server->ctx);
  GString *head = g_string_new (NULL);
  char buf[1024];
  int n;
  gboolean accepted;
  const char *name;

  SSL_set_fd (ssl, g_socket_get_fd (socket));
  accepted = SSL_accept (ssl) == 1;
  if (!accepted)
    {
      char text[256];

      ERR_error_string_n (ERR_get_error (), text, sizeof text);
      g_test_message ("server: handshake failed: %s", text);
    }
  /* what the ClientHello asked for, also when the client then refused the certificate */
  name = SSL_get_servername (ssl, TLSEXT_NAMETYPE_host_name);
  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->names, g_strdup (name ? name : ""));
  g_cond_broadcast (&server->recorded);
  g_mutex_unlock (&server->lock);
  if (accepted)
    {
      while (strstr (head->str, "\r\n\r\n") == NULL && (n = SSL_read (ssl, buf, sizeof buf)) > 0)
        g_string_append_len (head, buf, n);
      SSL_write (ssl, answer, (int) strlen (answer));
      SSL_shutdown (ssl);
    }
  SSL_free (ssl);
  g_string_free (head, TRUE);
}

static gpointer
server_thread (gpointer data)
{
  SniServer *server = data;

  while (!g_atomic_int_get (&server->stop))
    {
      g_autoptr(GSocket) socket = g_socket_accept (server->listener, NULL, NULL);

      if (socket == NULL)
        break;
      /* GSocket keeps its fd non-blocking; OpenSSL reads it directly */
      g_assert_true (g_unix_set_fd_nonblocking (g_socket_get_fd (socket), FALSE, NULL));
      serve (server, socket);
    }
  return NULL;
}

static SniServer *
sni_server_new (const char *name)
{
  SniServer *server = g_new0 (SniServer, 1);
  g_autofree char *cert = g_strdup_printf ("%s/k8s/%s.pem", g_getenv ("KF_TEST_DATA_DIR"), name);
  g_autofree char *key = g_strdup_printf ("%s/k8s/%s.key", g_getenv ("KF_TEST_DATA_DIR"), name);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->ctx = SSL_CTX_new (TLS_server_method ());
  g_assert_cmpint (SSL_CTX_use_certificate_chain_file (server->ctx, cert), ==, 1);
  g_assert_cmpint (SSL_CTX_use_PrivateKey_file (server->ctx, key, SSL_FILETYPE_PEM), ==, 1);
  server->names = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&server->lock);
  g_cond_init (&server->recorded);

  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (server->listener, address, TRUE, &error));
  g_assert_true (g_socket_listen (server->listener, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (server->listener, &error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  server->thread = g_thread_new ("sni-server", server_thread, server);
  return server;
}

static void
sni_server_free (SniServer *server)
{
  g_atomic_int_set (&server->stop, TRUE);
  g_socket_shutdown (server->listener, TRUE, TRUE, NULL);
  g_socket_close (server->listener, NULL);
  g_thread_join (server->thread);
  g_object_unref (server->listener);
  SSL_CTX_free (server->ctx);
  g_ptr_array_unref (server->names);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->recorded);
  g_free (server);
}

/* The SNI of handshake number @i ("" for none), once the server saw it (the
 * client may give up on a certificate before the server's handshake ends). */
static char *
name_of_handshake (SniServer *server,
                   guint      i)
{
  gint64 end = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  char *name = NULL;

  g_mutex_lock (&server->lock);
  while (server->names->len <= i && g_cond_wait_until (&server->recorded, &server->lock, end))
    ;
  if (server->names->len > i)
    name = g_strdup (g_ptr_array_index (server->names, i));
  g_mutex_unlock (&server->lock);
  return name;
}

static JsonNode *
get_version (KfRestConfig  *config,
             GError       **error)
{
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  KfTestResult r = { 0 };
  JsonNode *node;

  kf_kube_client_set_timeout (client, 30);
  kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, &r);
  node = kf_kube_client_request_finish (client, kf_test_result_wait (&r), error);
  kf_test_result_clear (&r);
  return node;
}

static void
test_sni (void)
{
  SniServer *server = sni_server_new ("server-internal");
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u", server->port);
  g_autoptr(KfRestConfig) config = kf_test_config_new (url, "admin-token");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autofree char *name = NULL;

  /* plain: the URL's host is asked for (GnuTLS sends it even for an IP
   * address), and the certificate does not match it */
  version = get_version (config, &error);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_TLS);
  g_clear_error (&error);
  name = name_of_handshake (server, 0);
  g_assert_cmpstr (name, ==, "127.0.0.1");
  g_clear_pointer (&name, g_free);

  /* tls-server-name: verified against it and asked for it */
  kf_rest_config_set_tls_server_name (config, "kubernetes.internal");
  version = get_version (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (version), "gitVersion"), ==, "v1.32");
  name = name_of_handshake (server, 1);
  g_assert_cmpstr (name, ==, "kubernetes.internal");
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&version, json_node_unref);

  /* a name the certificate is not for is asked for, then refused */
  kf_rest_config_set_tls_server_name (config, "other.internal");
  version = get_version (config, &error);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_TLS);
  name = name_of_handshake (server, 2);
  g_assert_cmpstr (name, ==, "other.internal");

  sni_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/k8s/tls/server-name-indication", test_sni);
  return g_test_run ();
}
