/* kf-kube-client.c: the Kubernetes REST client (libsoup3): the object and
 * its transport
 *
 * Every request (kf_kube_client_send_async / _send_stream_async; the JSON
 * verbs of kf-kube-client-verbs.c sit on top) is one Call: credentials from
 * the KfRestConfig, our own verification against the kubeconfig's CA and
 * tls-server-name (also sent as SNI), one renewal after a 401, bounded 429
 * retries, the timeout, and cancellation by the caller or cancel_all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "kf-kube-client-private.h"

#define RETRY_AFTER_CAP_SECONDS 10

struct _KfKubeClient
{
  GObject         parent_instance;

  KfRestConfig   *config;
  SoupSession    *session;
  GError         *setup_error;   /* unusable server URL or proxy URL */
  char           *server_host;
  guint16         server_port;
  guint           timeout;
  guint           max_retries;
  GCancellable   *cancellable;   /* cancel_all */
};

G_DEFINE_FINAL_TYPE (KfKubeClient, kf_kube_client, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- object */

static void
kf_kube_client_finalize (GObject *object)
{
  KfKubeClient *self = KF_KUBE_CLIENT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->config);
  g_clear_error (&self->setup_error);
  g_clear_pointer (&self->server_host, g_free);

  G_OBJECT_CLASS (kf_kube_client_parent_class)->finalize (object);
}

static void
kf_kube_client_class_init (KfKubeClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_kube_client_finalize;
}

static void
kf_kube_client_init (KfKubeClient *self)
{
  self->timeout = 30;
  self->max_retries = 3;
  self->cancellable = g_cancellable_new ();
}

KfKubeClient *
kf_kube_client_new (KfRestConfig *config)
{
  KfKubeClient *self;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GProxyResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;
  const char *server;
  gboolean https = TRUE;

  g_return_val_if_fail (KF_IS_REST_CONFIG (config), NULL);

  self = g_object_new (KF_TYPE_KUBE_CLIENT, NULL);
  self->config = g_object_ref (config);
  server = kf_rest_config_get_server (config);

  uri = g_uri_parse (server, G_URI_FLAGS_NONE, &error);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0))
    self->setup_error = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                                     "The server address “%s” is not an http(s) URL", server);
  else
    {
      https = g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0;
      self->server_host = g_strdup (g_uri_get_host (uri));
      self->server_port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : (https ? 443 : 80);
      resolver = kf_kube_proxy_resolver_new (config, self->server_host, self->server_port, https, &error);
      if (error != NULL)
        self->setup_error = g_steal_pointer (&error);
    }

  self->session = soup_session_new_with_options ("user-agent", "kubefoundry/" PACKAGE_VERSION,
                                                 "max-conns", 64,
                                                 "max-conns-per-host", 32,
                                                 "idle-timeout", 90,
                                                 "timeout", 0,
                                                 "proxy-resolver", resolver,
                                                 NULL);
  return self;
}

KfRestConfig *
kf_kube_client_get_config (KfKubeClient *self)
{
  g_return_val_if_fail (KF_IS_KUBE_CLIENT (self), NULL);
  return self->config;
}

void
kf_kube_client_set_timeout (KfKubeClient *self,
                            guint         seconds)
{
  g_return_if_fail (KF_IS_KUBE_CLIENT (self));
  self->timeout = seconds;
}

guint
kf_kube_client_get_timeout (KfKubeClient *self)
{
  g_return_val_if_fail (KF_IS_KUBE_CLIENT (self), 0);
  return self->timeout;
}

void
kf_kube_client_set_max_retries (KfKubeClient *self,
                                guint         retries)
{
  g_return_if_fail (KF_IS_KUBE_CLIENT (self));
  self->max_retries = retries;
}

void
kf_kube_client_cancel_all (KfKubeClient *self)
{
  g_return_if_fail (KF_IS_KUBE_CLIENT (self));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

GCancellable *
kf_kube_client_get_cancellable (KfKubeClient *self)
{
  g_return_val_if_fail (KF_IS_KUBE_CLIENT (self), NULL);
  return self->cancellable;
}

JsonNode *
kf_kube_parse_json (const char  *data,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_RESPONSE,
                   "The API server sent invalid JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_RESPONSE,
                           "The API server sent an empty response");
      return NULL;
    }
  return json_node_ref (root);
}

/* ---------------------------------------------------------------- calls */

typedef struct
{
  KfKubeClient         *client;
  char                 *method;
  char                 *path;
  char                 *content_type;
  GBytes               *body;
  gboolean              stream;

  GCancellable         *cancellable;     /* ours: user's, cancel_all's or the timeout */
  GCancellable         *user_cancellable;
  gulong                user_cancel_id;
  GCancellable         *client_cancellable;
  gulong                client_cancel_id;
  guint                 timeout_id;
  gboolean              timed_out;

  gboolean              renewed;         /* credentials renewed after a 401 */
  guint                 retries;         /* 429 retries */
  guint                 retry_id;
  GSource              *retry_cancel_source;

  SoupMessage          *msg;
  GTlsCertificateFlags  tls_flags;
  gboolean              verified;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_clear_handle_id (&call->timeout_id, g_source_remove);
  g_clear_handle_id (&call->retry_id, g_source_remove);
  if (call->retry_cancel_source != NULL)
    g_source_destroy (call->retry_cancel_source);
  g_clear_pointer (&call->retry_cancel_source, g_source_unref);
  if (call->user_cancel_id != 0)
    g_cancellable_disconnect (call->user_cancellable, call->user_cancel_id);
  if (call->client_cancel_id != 0)
    g_cancellable_disconnect (call->client_cancellable, call->client_cancel_id);
  g_clear_object (&call->user_cancellable);
  g_clear_object (&call->client_cancellable);
  g_clear_object (&call->cancellable);
  if (call->msg != NULL)
    g_signal_handlers_disconnect_by_data (call->msg, call);
  g_clear_object (&call->msg);
  g_clear_object (&call->client);
  g_free (call->method);
  g_free (call->path);
  g_free (call->content_type);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

static void
forward_cancel_cb (GCancellable *source,
                   GCancellable *target)
{
  g_cancellable_cancel (target);
}

static void start_attempt (GTask *task);

/* Keeps a streamed response cancellable (by the caller and by cancel_all)
 * for as long as the stream lives, and aborts the message when the stream
 * goes away: libsoup would otherwise drain an endless body on close. */
typedef struct
{
  GCancellable *cancellable;
  GCancellable *user_cancellable;
  gulong        user_cancel_id;
  GCancellable *client_cancellable;
  gulong        client_cancel_id;
} StreamGuard;

static void
stream_guard_free (gpointer data)
{
  StreamGuard *guard = data;

  if (guard->user_cancel_id != 0)
    g_cancellable_disconnect (guard->user_cancellable, guard->user_cancel_id);
  if (guard->client_cancel_id != 0)
    g_cancellable_disconnect (guard->client_cancellable, guard->client_cancel_id);
  g_cancellable_cancel (guard->cancellable);
  g_clear_object (&guard->user_cancellable);
  g_clear_object (&guard->client_cancellable);
  g_clear_object (&guard->cancellable);
  g_free (guard);
}

static void
return_error (GTask  *task,
              GError *error)
{
  Call *call = g_task_get_task_data (task);

  g_clear_handle_id (&call->timeout_id, g_source_remove);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && call->timed_out)
    {
      g_error_free (error);
      error = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_TIMEOUT,
                           "The API server at %s did not answer within %u s",
                           kf_rest_config_get_server (call->client->config), call->client->timeout);
    }
  else
    error = kf_kube_error_from_transport (error, kf_rest_config_get_server (call->client->config),
                                          call->tls_flags);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Call *call = user_data;

  call->timeout_id = 0;
  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

/* Verification against the config's CA (and tls-server-name) is ours: the
 * session keeps the system trust store, so that a CA file database is only
 * read once (GnuTLS re-reads a GTlsFileDatabase's file for each connection). */
static gboolean
needs_own_verification (KfKubeClient *self)
{
  const char *server_name = kf_rest_config_get_tls_server_name (self->config);

  return kf_rest_config_get_tls_database (self->config) != NULL ||
         (server_name != NULL && *server_name != '\0');
}

static GTlsCertificateFlags
verify_peer (KfKubeClient    *self,
             GTlsCertificate *certificate)
{
  const char *server_name = kf_rest_config_get_tls_server_name (self->config);
  GTlsDatabase *db = kf_rest_config_get_tls_database (self->config);
  g_autoptr(GTlsDatabase) default_db = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;

  if (db == NULL)
    db = default_db = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  identity = g_network_address_new ((server_name != NULL && *server_name != '\0') ? server_name : self->server_host,
                                    self->server_port);
  return g_tls_database_verify_chain (db, certificate, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                      identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, NULL);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Call                 *call)
{
  GTlsCertificateFlags flags;

  if (kf_rest_config_get_insecure (call->client->config))
    return TRUE;
  if (!needs_own_verification (call->client))
    {
      call->tls_flags = errors;
      return FALSE;
    }
  flags = verify_peer (call->client, certificate);
  if (flags == 0)
    {
      call->verified = TRUE;
      return TRUE;
    }
  call->tls_flags = flags;
  return FALSE;
}

/* tls-server-name is also the name the handshake asks for (SNI): libsoup
 * builds the TLS connection for the URL's host, and announces it with
 * G_SOCKET_CLIENT_TLS_HANDSHAKING before the handshake starts, while its
 * server identity (what GnuTLS sends as SNI) can still be changed. A
 * connection reused from the pool was made for the same client, so with the
 * same name. */
static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  Call               *call)
{
  const char *server_name = kf_rest_config_get_tls_server_name (call->client->config);
  g_autoptr(GSocketConnectable) identity = NULL;

  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKING || !G_IS_TLS_CLIENT_CONNECTION (connection) ||
      server_name == NULL || *server_name == '\0')
    return;
  identity = g_network_address_new (server_name, call->client->server_port);
  g_tls_client_connection_set_server_identity (G_TLS_CLIENT_CONNECTION (connection), identity);
}

static void read_body_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) sink = NULL;
  GError *error = NULL;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      return_error (task, error);
      return;
    }

  /* a connection verified by the system store (or reused) still has to pass ours */
  if (!call->verified && needs_own_verification (call->client) && !kf_rest_config_get_insecure (call->client->config))
    {
      GTlsCertificate *peer = soup_message_get_tls_peer_certificate (call->msg);

      if (peer != NULL)
        {
          call->tls_flags = verify_peer (call->client, peer);
          if (call->tls_flags != 0)
            {
              g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
              return_error (task, g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "rejected"));
              return;
            }
          call->verified = TRUE;
        }
    }

  status = soup_message_get_status (call->msg);
  if (status == SOUP_STATUS_UNAUTHORIZED && !call->renewed)
    {
      call->renewed = TRUE;
      g_debug ("401 from %s: renewing credentials", call->path);
      kf_rest_config_invalidate_credentials (call->client->config);
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      start_attempt (task);
      return;
    }

  if (call->stream && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      StreamGuard *guard = g_new0 (StreamGuard, 1);

      g_clear_handle_id (&call->timeout_id, g_source_remove);
      guard->cancellable = g_steal_pointer (&call->cancellable);
      guard->user_cancellable = g_steal_pointer (&call->user_cancellable);
      guard->user_cancel_id = call->user_cancel_id;
      call->user_cancel_id = 0;
      guard->client_cancellable = g_steal_pointer (&call->client_cancellable);
      guard->client_cancel_id = call->client_cancel_id;
      call->client_cancel_id = 0;
      g_object_set_data_full (G_OBJECT (stream), "kf-kube-stream-guard", guard, stream_guard_free);
      g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
      g_object_unref (task);
      return;
    }

  sink = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (sink, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, call->cancellable, read_body_cb, task);
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);

  call->retry_id = 0;
  g_source_destroy (call->retry_cancel_source);
  g_clear_pointer (&call->retry_cancel_source, g_source_unref);
  start_attempt (task);
  return G_SOURCE_REMOVE;
}

static gboolean
retry_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_handle_id (&call->retry_id, g_source_remove);
  g_clear_pointer (&call->retry_cancel_source, g_source_unref);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  return_error (task, error);
  return G_SOURCE_REMOVE;
}

static void
read_body_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  GOutputStream *sink = G_OUTPUT_STREAM (object);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KfKubeStatus) st = NULL;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  guint status;

  if (g_output_stream_splice_finish (sink, result, &error) < 0)
    {
      return_error (task, error);
      return;
    }
  g_clear_handle_id (&call->timeout_id, g_source_remove);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  status = soup_message_get_status (call->msg);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      g_object_unref (task);
      return;
    }

  {
    const char *ctype = soup_message_headers_get_content_type (soup_message_get_response_headers (call->msg), NULL);

    if (ctype != NULL && g_str_has_suffix (ctype, "json") && g_bytes_get_size (bytes) > 0)
      node = kf_kube_parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
  }
  st = kf_kube_status_new_from_json (status, node);
  if (st->message == NULL && node == NULL && g_bytes_get_size (bytes) > 0 && g_bytes_get_size (bytes) < 512 &&
      g_utf8_validate (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    st->message = g_strstrip (g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));

  if (status == 429 && call->retries < call->client->max_retries)
    {
      const char *header = soup_message_headers_get_one (soup_message_get_response_headers (call->msg), "Retry-After");
      guint delay = st->retry_after;

      if (header != NULL && g_ascii_isdigit (*header))
        delay = (guint) g_ascii_strtoull (header, NULL, 10);
      delay = CLAMP (delay, 1, RETRY_AFTER_CAP_SECONDS);
      call->retries++;
      g_debug ("429 from %s: retrying in %u s", call->path, delay);
      g_clear_handle_id (&call->timeout_id, g_source_remove);
      call->retry_id = g_timeout_add (delay * 1000, retry_cb, task);
      call->retry_cancel_source = g_cancellable_source_new (call->cancellable);
      g_source_set_callback (call->retry_cancel_source, G_SOURCE_FUNC (retry_cancelled_cb), task, NULL);
      g_source_attach (call->retry_cancel_source, NULL);
      return;
    }

  g_task_return_error (task, kf_kube_error_new_from_status (st));
  g_object_unref (task);
}

static void
auth_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  KfKubeClient *self = call->client;
  g_autofree char *authorization = NULL;
  g_autofree char *uri = NULL;
  GTlsCertificate *cert;
  GError *error = NULL;

  authorization = kf_rest_config_get_authorization_finish (KF_REST_CONFIG (object), result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && error->domain != KF_KUBE_ERROR)
        {
          GError *mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNAUTHORIZED,
                                        "Could not get credentials: %s", error->message);
          g_error_free (error);
          error = mapped;
        }
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (call->cancellable, &error))
    {
      return_error (task, error);
      return;
    }

  uri = g_strconcat (kf_rest_config_get_server (self->config), call->path, NULL);
  if (call->msg != NULL)
    g_signal_handlers_disconnect_by_data (call->msg, call);
  g_clear_object (&call->msg);
  call->msg = soup_message_new (call->method, uri);
  if (call->msg == NULL)
    {
      g_task_return_new_error (task, KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_REQUEST,
                               "Cannot build a request for “%s”", uri);
      g_object_unref (task);
      return;
    }

  {
    SoupMessageHeaders *headers = soup_message_get_request_headers (call->msg);

    soup_message_headers_replace (headers, "Accept", "application/json, */*");
    if (authorization != NULL)
      {
        soup_message_headers_replace (headers, "Authorization", authorization);
        memset (authorization, 0, strlen (authorization));
      }
  }
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (call->msg, call->content_type ? call->content_type : "application/json",
                                              call->body);
  cert = kf_rest_config_get_client_certificate (self->config);
  if (cert != NULL)
    soup_message_set_tls_client_certificate (call->msg, cert);
  g_signal_connect (call->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), call);
  g_signal_connect (call->msg, "network-event", G_CALLBACK (network_event_cb), call);
  call->tls_flags = 0;
  call->verified = FALSE;

  g_clear_handle_id (&call->timeout_id, g_source_remove);
  if (self->timeout > 0)
    call->timeout_id = g_timeout_add_seconds (self->timeout, timeout_cb, call);

  soup_session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT, call->cancellable, send_cb, task);
}

static void
start_attempt (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  kf_rest_config_get_authorization_async (call->client->config, call->cancellable, auth_cb, task);
}

static void
start_call (KfKubeClient        *self,
            const char          *method,
            const char          *path,
            const char          *content_type,
            GBytes              *body,
            gboolean             stream,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  GTask *task;
  Call *call;

  g_return_if_fail (KF_IS_KUBE_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (self->setup_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->setup_error));
      g_object_unref (task);
      return;
    }

  call = g_new0 (Call, 1);
  call->client = g_object_ref (self);
  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->content_type = g_strdup (content_type);
  call->body = body != NULL ? g_bytes_ref (body) : NULL;
  call->stream = stream;
  call->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, call, call_free);

  call->client_cancellable = g_object_ref (self->cancellable);
  call->client_cancel_id = g_cancellable_connect (call->client_cancellable, G_CALLBACK (forward_cancel_cb),
                                                  call->cancellable, NULL);
  if (cancellable != NULL)
    {
      call->user_cancellable = g_object_ref (cancellable);
      call->user_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                    call->cancellable, NULL);
    }
  start_attempt (task);
}

void
kf_kube_client_send_async (KfKubeClient        *self,
                           const char          *method,
                           const char          *path_and_query,
                           const char          *content_type,
                           GBytes              *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  start_call (self, method, path_and_query, content_type, body, FALSE,
              cancellable, callback, user_data, kf_kube_client_send_async);
}

GBytes *
kf_kube_client_send_finish (KfKubeClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kf_kube_client_send_stream_async (KfKubeClient        *self,
                                  const char          *method,
                                  const char          *path_and_query,
                                  const char          *content_type,
                                  GBytes              *body,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  start_call (self, method, path_and_query, content_type, body, TRUE,
              cancellable, callback, user_data, kf_kube_client_send_stream_async);
}

GInputStream *
kf_kube_client_send_stream_finish (KfKubeClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
