/* kf-sim-server.c: the simulated cluster's Kubernetes API server
 *
 * This file holds the server's life cycle, the scenario set-up, request
 * routing, authentication, the fault switches and the request counters.
 * CRUD is in kf-sim-handlers.c, watches in kf-sim-watch.c, discovery in
 * kf-sim-discovery.c, reviews in kf-sim-reviews.c, tables in kf-sim-table.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kf-sim-crds.h"
#include "kf-sim-json.h"
#include "kf-sim-server-private.h"
#include "kf-yaml.h"
#ifdef KF_SIM_HAVE_OPERATORS
#include "kf-sim-operators.h"
#endif

G_DEFINE_TYPE (KfSimServer, kf_sim_server, G_TYPE_OBJECT)
G_DEFINE_QUARK (kf-sim-server-error-quark, kf_sim_server_error)

static void
store_changed_cb (KfSimStore *store,
                  int         type,
                  const char *resource,
                  JsonNode   *object,
                  gpointer    user_data)
{
  kf_sim_watch_dispatch (user_data, type, resource, object);
}

static void
kf_sim_server_dispose (GObject *object)
{
  KfSimServer *self = KF_SIM_SERVER (object);

  kf_sim_server_stop (self);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->operators);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);
  g_clear_object (&self->ca);
  g_hash_table_remove_all (self->terminating);
  G_OBJECT_CLASS (kf_sim_server_parent_class)->dispose (object);
}

static void
remove_source (gpointer id)
{
  g_source_remove (GPOINTER_TO_UINT (id));
}

static void
free_weak_ref (gpointer ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
kf_sim_server_finalize (GObject *object)
{
  KfSimServer *self = KF_SIM_SERVER (object);

  g_clear_pointer (&self->scenario, kf_sim_scenario_free);
  g_free (self->crds_dir);
  g_free (self->url);
  g_free (self->fail_prefix);
  g_free (self->reject_plural);
  g_free (self->reject_field);
  g_free (self->reject_message);
  g_hash_table_unref (self->expired_users);
  g_hash_table_unref (self->client_certs);
  g_hash_table_unref (self->counts);
  g_hash_table_unref (self->terminating);
  g_ptr_array_unref (self->sockets);
  G_OBJECT_CLASS (kf_sim_server_parent_class)->finalize (object);
}

static void
kf_sim_server_class_init (KfSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kf_sim_server_dispose;
  object_class->finalize = kf_sim_server_finalize;
}

static void
kf_sim_server_init (KfSimServer *self)
{
  self->expired_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->client_certs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->terminating = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remove_source);
  self->sockets = g_ptr_array_new_with_free_func (free_weak_ref);
  self->retry_after = 1;
#ifdef KF_SIM_HAVE_OPERATORS
  self->operators_enabled = TRUE;
#endif
}

KfSimServer *
kf_sim_server_new (KfSimScenario *scenario,
                   double         speed,
                   gboolean       plain_http)
{
  KfSimServer *self = g_object_new (KF_TYPE_SIM_SERVER, NULL);

  self->scenario = scenario ? scenario : kf_sim_scenario_new_builtin ();
  self->speed = speed > 0 ? speed : 1.0;
  self->plain_http = plain_http;
  self->store = kf_sim_store_new ();
  self->registry = kf_sim_registry_new (self->store);
  self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  return self;
}

void
kf_sim_server_set_crds_dir (KfSimServer *self,
                            const char  *dir)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  g_free (self->crds_dir);
  self->crds_dir = g_strdup (dir);
}

void
kf_sim_server_set_operators_enabled (KfSimServer *self,
                                     gboolean     enabled)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
#ifdef KF_SIM_HAVE_OPERATORS
  self->operators_enabled = enabled;
#else
  self->operators_enabled = FALSE;
#endif
}

/* ---- responses ---- */

void
kf_sim_respond_json (SoupServerMessage *msg,
                     guint              status,
                     JsonNode          *node)
{
  gsize length = 0;
  char *body = kf_sim_json_to_string (node, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

void
kf_sim_respond_status (SoupServerMessage *msg,
                       guint              code,
                       const char        *reason,
                       const char        *message,
                       JsonNode          *details)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *o = json_node_get_object (node);

  json_object_set_string_member (o, "kind", "Status");
  json_object_set_string_member (o, "apiVersion", "v1");
  json_object_set_object_member (o, "metadata", json_object_new ());
  json_object_set_string_member (o, "status", code < 300 ? "Success" : "Failure");
  json_object_set_string_member (o, "message", message);
  if (reason != NULL)
    json_object_set_string_member (o, "reason", reason);
  if (details != NULL)
    json_object_set_member (o, "details", details);
  json_object_set_int_member (o, "code", code);
  kf_sim_respond_json (msg, code, node);
}

const char *
kf_sim_request_query (KfSimRequest *req,
                      const char   *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

/* ---- authentication ---- */

KfSimUser *
kf_sim_server_authenticate_token (KfSimServer *self,
                                  const char  *token)
{
  KfSimUser *user = kf_sim_scenario_find_user_by_token (self->scenario, token);

  if (user == NULL || g_hash_table_contains (self->expired_users, user->name))
    return NULL;
  if (self->token_lifetime > 0 &&
      g_get_monotonic_time () - self->started_at > (gint64) self->token_lifetime * G_USEC_PER_SEC)
    return NULL;
  return user;
}

static KfSimUser *
authenticate (KfSimServer       *self,
              SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  if (auth != NULL)
    {
      if (g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
        return NULL;
      return kf_sim_server_authenticate_token (self, auth + 7);
    }
  if (self->ca != NULL)
    {
      GTlsCertificate *peer = soup_server_message_get_tls_peer_certificate (msg);
      GSocket *socket = soup_server_message_get_socket (msg);
      g_autofree char *cn = peer ? kf_sim_ca_verify_client (self->ca, peer) : NULL;
      const char *conn_cn = socket ? g_object_get_data (G_OBJECT (socket), "kf-sim-client-cn") : NULL;

      if (cn == NULL && conn_cn != NULL)
        cn = g_strdup (conn_cn);
      return cn ? kf_sim_scenario_find_user_by_cn (self->scenario, cn) : NULL;
    }
  return NULL;
}

static gboolean
accept_certificate_cb (SoupServerMessage    *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  KfSimServer *self = user_data;
  char *cn = self->ca ? kf_sim_ca_verify_client (self->ca, certificate) : NULL;
  GSocket *socket = soup_server_message_get_socket (msg);

  /* a certificate we did not issue fails the handshake, as on a real API server;
   * the CN stays with the connection for its later requests */
  if (cn == NULL)
    return FALSE;
  if (socket != NULL)
    g_object_set_data_full (G_OBJECT (socket), "kf-sim-client-cn", cn, g_free);
  else
    g_free (cn);
  return TRUE;
}

/* Remembers SOCKET (weakly) so that stopping can cut it off; drops the
 * entries of connections that are gone. */
static void
track_socket (KfSimServer *self,
              GSocket     *socket)
{
  gboolean known = FALSE;

  for (guint i = self->sockets->len; i > 0; i--)
    {
      g_autoptr(GSocket) s = g_weak_ref_get (g_ptr_array_index (self->sockets, i - 1));

      if (s == NULL)
        g_ptr_array_remove_index_fast (self->sockets, i - 1);
      else if (s == socket)
        known = TRUE;
    }
  if (!known)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, socket);
      g_ptr_array_add (self->sockets, ref);
    }
}

/* libsoup 3.2 emits ::request-started for a new connection before it reads
 * anything from it, so before its TLS handshake begins. */
static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  KfSimServer *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    track_socket (self, socket);
  if (self->ca != NULL)
    g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), self, 0);
}

/* Shuts every connection down at the socket (not the TLS) level. libsoup
 * closes a TLS connection synchronously, and glib-networking's close waits for
 * a handshake in progress, which can wait for a client that will not speak
 * (or one in this process waiting for this main context to check our
 * certificate): shut down, the handshake fails at once and closing is quick. */
static void
shutdown_sockets (KfSimServer *self)
{
  for (guint i = 0; i < self->sockets->len; i++)
    {
      g_autoptr(GSocket) s = g_weak_ref_get (g_ptr_array_index (self->sockets, i));

      if (s != NULL && !g_socket_is_closed (s))
        g_socket_shutdown (s, TRUE, TRUE, NULL);
    }
  g_ptr_array_set_size (self->sockets, 0);
}

/* ---- counters ---- */

static void
count_request (KfSimServer *self,
               const char  *verb,
               const char  *path)
{
  g_autofree char *key = g_strconcat (verb, "\t", path, NULL);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, key));

  g_hash_table_replace (self->counts, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
}

guint
kf_sim_server_count_requests (KfSimServer *self,
                              const char  *verb,
                              const char  *path_prefix)
{
  GHashTableIter iter;
  gpointer key, value;
  guint total = 0;

  g_return_val_if_fail (KF_IS_SIM_SERVER (self), 0);
  g_hash_table_iter_init (&iter, self->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *tab = strchr (key, '\t');
      gsize vlen = tab - (const char *) key;

      if (verb != NULL && (strlen (verb) != vlen || strncmp (key, verb, vlen) != 0))
        continue;
      if (path_prefix != NULL && !g_str_has_prefix (tab + 1, path_prefix))
        continue;
      total += GPOINTER_TO_UINT (value);
    }
  return total;
}

void
kf_sim_server_reset_request_counts (KfSimServer *self)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  g_hash_table_remove_all (self->counts);
}

/* ---- routing ---- */

static void
request_clear (KfSimRequest *req)
{
  g_free (req->group);
  g_free (req->version);
  g_free (req->resource);
  g_free (req->ns);
  g_free (req->name);
  g_free (req->subresource);
  g_free (req->rest);
}

/* Splits /api/v1/... and /apis/G/V/... as the API server's RequestInfoFactory does. */
static gboolean
parse_resource_path (KfSimRequest *req,
                     const char   *path)
{
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  guint n = g_strv_length (parts);
  guint i;

  if (n > 0 && *parts[n - 1] == '\0')
    {
      g_free (parts[n - 1]);
      parts[--n] = NULL;
    }
  if (n >= 3 && g_str_equal (parts[0], "api"))
    {
      req->group = g_strdup ("");
      req->version = g_strdup (parts[1]);
      i = 2;
    }
  else if (n >= 4 && g_str_equal (parts[0], "apis"))
    {
      req->group = g_strdup (parts[1]);
      req->version = g_strdup (parts[2]);
      i = 3;
    }
  else
    return FALSE;

  if (g_str_equal (parts[i], "namespaces") && n > i + 1)
    {
      req->ns = g_strdup (parts[i + 1]);
      if (n > i + 2 && !g_str_equal (parts[i + 2], "status") && !g_str_equal (parts[i + 2], "finalize"))
        i += 2;
      else
        {
          /* the namespace object itself */
          req->resource = g_strdup ("namespaces");
          req->name = g_steal_pointer (&req->ns);
          if (n > i + 2)
            req->subresource = g_strdup (parts[i + 2]);
          return TRUE;
        }
    }
  req->resource = g_strdup (parts[i]);
  if (n > i + 1)
    req->name = g_uri_unescape_string (parts[i + 1], NULL);
  if (n > i + 2)
    req->subresource = g_strdup (parts[i + 2]);
  if (n > i + 3)
    {
      g_autofree char *joined = g_strjoinv ("/", parts + i + 3);
      req->rest = g_strconcat ("/", joined, NULL);
    }
  else if (req->subresource != NULL && g_str_equal (req->subresource, "proxy"))
    req->rest = g_strdup (g_str_has_suffix (path, "/") ? "/" : "");
  return TRUE;
}

static const char *
verb_for (KfSimRequest *req)
{
  const char *watch = kf_sim_request_query (req, "watch");

  if (g_str_equal (req->method, "GET"))
    {
      if (watch != NULL && (g_str_equal (watch, "1") || g_str_equal (watch, "true")))
        return "watch";
      return req->name ? "get" : "list";
    }
  if (g_str_equal (req->method, "POST"))
    return "create";
  if (g_str_equal (req->method, "PUT"))
    return "update";
  if (g_str_equal (req->method, "PATCH"))
    return "patch";
  if (g_str_equal (req->method, "DELETE"))
    return req->name ? "delete" : "deletecollection";
  return "unknown";
}

static void
respond_discovery (SoupServerMessage *msg,
                   JsonNode          *node,
                   const char        *path)
{
  if (node == NULL)
    {
      g_autofree char *message = g_strdup_printf ("the server could not find the requested resource");
      kf_sim_respond_status (msg, 404, "NotFound", message, NULL);
      return;
    }
  kf_sim_respond_json (msg, 200, node);
  json_node_unref (node);
}

static void
dispatch (KfSimServer       *self,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          KfSimUser         *user)
{
  KfSimRequest req = { 0 };
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/version") || g_str_equal (path, "/version/"))
    {
      count_request (self, "get", path);
      respond_discovery (msg, kf_sim_discovery_version (), path);
      return;
    }
  if (g_str_equal (path, "/openapi/v3") || g_str_equal (path, "/openapi/v3/"))
    {
      count_request (self, "get", path);
      respond_discovery (msg, kf_sim_openapi_root (self->registry), path);
      return;
    }
  if (g_str_has_prefix (path, "/openapi/v3/"))
    {
      g_auto(GStrv) parts = g_strsplit (path + strlen ("/openapi/v3/"), "/", -1);
      JsonNode *doc = NULL;

      count_request (self, "get", path);
      if (g_strv_length (parts) == 2 && g_str_equal (parts[0], "api"))
        doc = kf_sim_openapi_group_version (self->registry, "", parts[1]);
      else if (g_strv_length (parts) == 3 && g_str_equal (parts[0], "apis"))
        doc = kf_sim_openapi_group_version (self->registry, parts[1], parts[2]);
      respond_discovery (msg, doc, path);
      return;
    }
  if (g_str_equal (path, "/api") || g_str_equal (path, "/api/"))
    {
      count_request (self, "get", path);
      respond_discovery (msg, kf_sim_discovery_api_versions (self), path);
      return;
    }
  if (g_str_equal (path, "/apis") || g_str_equal (path, "/apis/"))
    {
      count_request (self, "get", path);
      respond_discovery (msg, kf_sim_discovery_group_list (self->registry), path);
      return;
    }
  if (g_str_equal (path, "/api/v1") || g_str_equal (path, "/api/v1/"))
    {
      count_request (self, "get", path);
      respond_discovery (msg, kf_sim_discovery_resource_list (self->registry, "", "v1"), path);
      return;
    }
  if (g_str_has_prefix (path, "/apis/"))
    {
      g_auto(GStrv) parts = g_strsplit (path + 6, "/", -1);
      guint n = g_strv_length (parts);

      if (n > 0 && *parts[n - 1] == '\0')
        n--;
      if (n == 1 || n == 2)
        {
          count_request (self, "get", path);
          if (n == 1)
            respond_discovery (msg, kf_sim_discovery_group (self->registry, parts[0]), path);
          else
            respond_discovery (msg, kf_sim_discovery_resource_list (self->registry, parts[0], parts[1]), path);
          return;
        }
    }

  req.server = self;
  req.msg = msg;
  req.user = user;
  req.method = method;
  req.query = query;
  if (!parse_resource_path (&req, path))
    {
      count_request (self, "get", path);
      kf_sim_respond_status (msg, 404, "NotFound", "the server could not find the requested resource", NULL);
      request_clear (&req);
      return;
    }
  req.verb = verb_for (&req);
  count_request (self, req.verb, path);
  kf_sim_handle_resource (&req);
  request_clear (&req);
}

typedef struct
{
  KfSimServer       *server;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  KfSimUser         *user;
  gboolean           gone;
} Delayed;

static void
delayed_finished_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  ((Delayed *) user_data)->gone = TRUE;
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *d = user_data;

  g_signal_handlers_disconnect_by_func (d->msg, delayed_finished_cb, d);
  if (!d->gone)
    {
      dispatch (d->server, d->msg, d->path, d->query, d->user);
      soup_server_message_unpause (d->msg);
    }
  g_object_unref (d->msg);
  g_object_unref (d->server);
  g_free (d->path);
  g_clear_pointer (&d->query, g_hash_table_unref);
  g_free (d);
  return G_SOURCE_REMOVE;
}

static gboolean
inject_failure (KfSimServer       *self,
                SoupServerMessage *msg,
                const char        *path)
{
  if (self->fail_status == 0 || self->fail_count == 0)
    return FALSE;
  if (self->fail_prefix != NULL && !g_str_has_prefix (path, self->fail_prefix))
    return FALSE;
  if (self->fail_count > 0)
    self->fail_count--;

  if (self->fail_status == 429)
    {
      JsonObject *details = json_object_new ();
      g_autofree char *seconds = g_strdup_printf ("%u", self->retry_after);

      json_object_set_int_member (details, "retryAfterSeconds", self->retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      kf_sim_respond_status (msg, 429, "TooManyRequests", "Too many requests, please try again later.",
                             json_node_init_object (json_node_alloc (), details));
    }
  else if (self->fail_status == 503)
    kf_sim_respond_status (msg, 503, "ServiceUnavailable", "the server is currently unable to handle the request", NULL);
  else
    kf_sim_respond_status (msg, self->fail_status, "InternalError",
                           "Internal error occurred: simulated failure (fault injection)", NULL);
  return TRUE;
}

static void
request_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  KfSimServer *self = user_data;
  KfSimUser *user;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache, private");
  if (g_str_equal (path, "/healthz") || g_str_equal (path, "/livez") || g_str_equal (path, "/readyz"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
      return;
    }

  user = authenticate (self, msg);
  if (user == NULL)
    {
      count_request (self, "unauthorized", path);
      kf_sim_respond_status (msg, 401, "Unauthorized", "Unauthorized", NULL);
      return;
    }
  if (inject_failure (self, msg, path))
    {
      count_request (self, "failed", path);
      return;
    }

  if (self->delay_ms > 0)
    {
      Delayed *d = g_new0 (Delayed, 1);

      d->server = g_object_ref (self);
      d->msg = g_object_ref (msg);
      d->path = g_strdup (path);
      d->query = query ? g_hash_table_ref (query) : NULL;
      d->user = user;
      g_signal_connect (msg, "finished", G_CALLBACK (delayed_finished_cb), d);
      soup_server_message_pause (msg);
      g_timeout_add (self->delay_ms, delayed_cb, d);
      return;
    }
  dispatch (self, msg, path, query, user);
}

/* ---- set-up ---- */

static gboolean
create_object (KfSimServer *self,
               JsonNode    *object,
               GError     **error)
{
  const char *api_version = kf_sim_json_get_string (object, "apiVersion");
  const char *kind = kf_sim_json_get_string (object, "kind");
  const char *slash = api_version ? strrchr (api_version, '/') : NULL;
  g_autofree char *group = slash ? g_strndup (api_version, slash - api_version) : g_strdup ("");
  KfSimResourceType *type = kf_sim_registry_lookup_kind (self->registry, group, kind);
  const char *ns = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) local = NULL;

  if (type == NULL || !type->stored)
    {
      g_set_error (error, KF_SIM_SERVER_ERROR, KF_SIM_SERVER_ERROR_SETUP,
                   "no resource type for %s %s", api_version ? api_version : "?", kind ? kind : "?");
      return FALSE;
    }
  if (type->namespaced)
    {
      ns = kf_sim_json_get_string (object, "metadata.namespace");
      if (ns == NULL)
        ns = "default";
      if (!g_str_equal (ns, "default"))
        {
          g_autoptr(JsonNode) existing = kf_sim_store_get (self->store, "namespaces", NULL, ns, NULL);
          if (existing == NULL)
            {
              g_autofree char *json = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                                                       "\"metadata\":{\"name\":\"%s\"}}", ns);
              g_autoptr(JsonNode) nsobj = kf_sim_json_from_data (json, strlen (json), NULL);
              g_autoptr(JsonNode) made = kf_sim_store_create (self->store, "namespaces", NULL, nsobj, NULL);
            }
        }
    }
  created = kf_sim_store_create (self->store, type->store_key, ns, object, &local);
  if (created == NULL && !g_error_matches (local, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_ALREADY_EXISTS))
    {
      g_set_error (error, KF_SIM_SERVER_ERROR, KF_SIM_SERVER_ERROR_SETUP, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
install_scenario (KfSimServer *self,
                  GError     **error)
{
  g_autofree char *dir = kf_sim_crds_find_dir (self->crds_dir);
  const char *namespaces[] = { "default", "kube-system", "kube-public", "kube-node-lease", NULL };
  JsonNode *faults = self->scenario->faults;

  for (guint i = 0; namespaces[i]; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":"
                                               "{\"name\":\"%s\",\"labels\":{\"kubernetes.io/metadata.name\":\"%s\"}},"
                                               "\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}",
                                               namespaces[i], namespaces[i]);
      g_autoptr(JsonNode) ns = kf_sim_json_from_data (json, strlen (json), NULL);
      if (!create_object (self, ns, error))
        return FALSE;
    }

  for (guint r = 0; self->scenario->runtimes && self->scenario->runtimes[r]; r++)
    {
      const char * const *files = kf_sim_crds_files_for_runtime (self->scenario->runtimes[r]);

      for (guint f = 0; files && files[f]; f++)
        {
          g_autoptr(GError) local = NULL;
          g_autoptr(JsonNode) crd = kf_sim_crds_load (dir, files[f], &local);
          JsonNode *copy;

          if (crd == NULL)
            {
              g_set_error (error, KF_SIM_SERVER_ERROR, KF_SIM_SERVER_ERROR_CRDS,
                           "cannot install the %s runtime: %s (set KF_SIM_CRDS_DIR to the folder "
                           "holding its CRDs)", self->scenario->runtimes[r], local->message);
              return FALSE;
            }
          if (kf_sim_json_get_string (crd, "metadata.name") == NULL)
            {
              g_set_error (error, KF_SIM_SERVER_ERROR, KF_SIM_SERVER_ERROR_CRDS,
                           "%s/%s is not a CustomResourceDefinition", dir, files[f]);
              return FALSE;
            }
          /* one copy of the (large, shared) parsed CRD, handed to the store */
          copy = kf_sim_json_copy (crd);
          kf_sim_registry_prepare_crd (copy);
          if (!kf_sim_store_add (self->store, "customresourcedefinitions.apiextensions.k8s.io", NULL, copy, &local) &&
              !g_error_matches (local, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_ALREADY_EXISTS))
            {
              g_set_error (error, KF_SIM_SERVER_ERROR, KF_SIM_SERVER_ERROR_CRDS, "%s", local->message);
              return FALSE;
            }
        }
    }

  for (guint i = 0; i < self->scenario->nodes->len; i++)
    if (!create_object (self, self->scenario->nodes->pdata[i], error))
      return FALSE;

  if (self->scenario->autoscaler_status != NULL)
    {
      g_autoptr(JsonNode) cm = json_node_init_object (json_node_alloc (), json_object_new ());
      JsonObject *o = json_node_get_object (cm);
      g_autofree char *now = kf_sim_json_timestamp_now ();

      json_object_set_string_member (o, "apiVersion", "v1");
      json_object_set_string_member (o, "kind", "ConfigMap");
      json_object_set_string_member (kf_sim_json_ensure_object (cm, "metadata"), "name", "cluster-autoscaler-status");
      json_object_set_string_member (kf_sim_json_ensure_object (cm, "metadata"), "namespace", "kube-system");
      json_object_set_string_member (kf_sim_json_ensure_object (cm, "metadata.annotations"),
                                     "cluster-autoscaler.kubernetes.io/last-updated", now);
      json_object_set_string_member (kf_sim_json_ensure_object (cm, "data"), "status",
                                     json_node_get_string (self->scenario->autoscaler_status));
      if (!create_object (self, cm, error))
        return FALSE;
    }

  for (guint i = 0; i < self->scenario->objects->len; i++)
    if (!create_object (self, self->scenario->objects->pdata[i], error))
      return FALSE;

  if (faults != NULL)
    {
      JsonObject *f = json_node_get_object (faults);
      JsonNode *fail = json_object_get_member (f, "failRequests");
      JsonNode *expired = json_object_get_member (f, "expiredUsers");

      self->delay_ms = json_object_get_int_member_with_default (f, "delayMs", 0);
      self->retry_after = json_object_get_int_member_with_default (f, "retryAfterSeconds", 1);
      self->watch_lifetime = json_object_get_int_member_with_default (f, "watchLifetimeSeconds", 0);
      self->token_lifetime = json_object_get_int_member_with_default (f, "tokenLifetimeSeconds", 0);
      if (fail != NULL && JSON_NODE_HOLDS_OBJECT (fail))
        kf_sim_server_fail_requests (self,
                                     json_object_get_int_member_with_default (json_node_get_object (fail), "status", 500),
                                     json_object_get_int_member_with_default (json_node_get_object (fail), "count", -1),
                                     kf_sim_json_get_string (fail, "pathPrefix"));
      for (guint i = 0; expired && JSON_NODE_HOLDS_ARRAY (expired) &&
                        i < json_array_get_length (json_node_get_array (expired)); i++)
        kf_sim_server_expire_token (self, json_array_get_string_element (json_node_get_array (expired), i));
    }
  return TRUE;
}

gboolean
kf_sim_server_start (KfSimServer  *self,
                     guint         port,
                     GError      **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;

  g_return_val_if_fail (KF_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  self->started_at = g_get_monotonic_time ();
  if (!self->plain_http && self->ca == NULL)
    {
      self->ca = kf_sim_ca_new (error);
      if (self->ca == NULL)
        return FALSE;
    }
  if (!install_scenario (self, error))
    return FALSE;

#ifdef KF_SIM_HAVE_OPERATORS
  if (self->operators_enabled && self->operators == NULL)
    self->operators = G_OBJECT (kf_sim_operators_new (self->store, self->scenario, self->speed));
#endif

  if (self->plain_http)
    self->soup = soup_server_new ("server-header", "kubefoundry-sim", NULL);
  else
    {
      self->soup = soup_server_new ("server-header", "kubefoundry-sim",
                                    "tls-certificate", kf_sim_ca_get_server_certificate (self->ca), NULL);
      /* client certificates are checked against our CA with OpenSSL in
       * ::accept-certificate (a GTlsFileDatabase made GnuTLS reject them) */
      soup_server_set_tls_auth_mode (self->soup, G_TLS_AUTHENTICATION_REQUESTED);
    }
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  soup_server_add_handler (self->soup, NULL, request_cb, self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (self->soup, address, self->plain_http ? 0 : SOUP_SERVER_LISTEN_HTTPS, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }
  uris = soup_server_get_uris (self->soup);
  self->port = uris ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->url = g_strdup_printf ("%s://127.0.0.1:%u", self->plain_http ? "http" : "https", self->port);
  return TRUE;
}

void
kf_sim_server_stop (KfSimServer *self)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  kf_sim_watch_stop_all (self);
  g_hash_table_remove_all (self->terminating);
  if (self->soup != NULL)
    {
      shutdown_sockets (self);
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
}

const char *
kf_sim_server_get_url (KfSimServer *self)
{
  g_return_val_if_fail (KF_IS_SIM_SERVER (self), NULL);
  return self->url;
}

guint
kf_sim_server_get_port (KfSimServer *self)
{
  g_return_val_if_fail (KF_IS_SIM_SERVER (self), 0);
  return self->port;
}

const char *
kf_sim_server_get_ca_pem (KfSimServer *self)
{
  g_return_val_if_fail (KF_IS_SIM_SERVER (self), NULL);
  return self->ca ? kf_sim_ca_get_ca_pem (self->ca) : NULL;
}

const char *
kf_sim_server_get_token (KfSimServer *self,
                         const char  *user)
{
  KfSimUser *u;

  g_return_val_if_fail (KF_IS_SIM_SERVER (self), NULL);
  u = kf_sim_scenario_find_user (self->scenario, user);
  return u ? u->token : NULL;
}

gboolean
kf_sim_server_get_client_certificate (KfSimServer *self,
                                      const char  *user,
                                      char       **cert_pem,
                                      char       **key_pem,
                                      GError     **error)
{
  KfSimUser *u;
  char **pair;

  g_return_val_if_fail (KF_IS_SIM_SERVER (self), FALSE);
  u = kf_sim_scenario_find_user (self->scenario, user);
  if (u == NULL || u->client_cn == NULL || self->ca == NULL)
    {
      g_set_error (error, KF_SIM_SERVER_ERROR, KF_SIM_SERVER_ERROR_UNKNOWN_USER,
                   "no client-certificate user \"%s\"%s", user ? user : "",
                   self->ca == NULL ? " (plain HTTP has no certificates)" : "");
      return FALSE;
    }
  pair = g_hash_table_lookup (self->client_certs, user);
  if (pair == NULL)
    {
      char *c = NULL, *k = NULL;

      if (!kf_sim_ca_issue_client (self->ca, u->client_cn, (const char * const *) u->groups, &c, &k, error))
        return FALSE;
      pair = g_new0 (char *, 3);
      pair[0] = c;
      pair[1] = k;
      g_hash_table_insert (self->client_certs, g_strdup (user), pair);
    }
  *cert_pem = g_strdup (pair[0]);
  *key_pem = g_strdup (pair[1]);
  return TRUE;
}

KfSimStore *
kf_sim_server_get_store (KfSimServer *self)
{
  g_return_val_if_fail (KF_IS_SIM_SERVER (self), NULL);
  return self->store;
}

KfSimRegistry *
kf_sim_server_get_registry (KfSimServer *self)
{
  g_return_val_if_fail (KF_IS_SIM_SERVER (self), NULL);
  return self->registry;
}

KfSimScenario *
kf_sim_server_get_scenario (KfSimServer *self)
{
  g_return_val_if_fail (KF_IS_SIM_SERVER (self), NULL);
  return self->scenario;
}

/* ---- faults ---- */

void
kf_sim_server_set_delay (KfSimServer *self,
                         guint        milliseconds)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  self->delay_ms = milliseconds;
}

void
kf_sim_server_fail_requests (KfSimServer *self,
                             guint        status,
                             int          count,
                             const char  *path_prefix)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  self->fail_status = status;
  self->fail_count = count;
  g_free (self->fail_prefix);
  self->fail_prefix = g_strdup (path_prefix);
}

void
kf_sim_server_reject_next_create (KfSimServer *self,
                                  const char  *plural,
                                  const char  *field,
                                  const char  *message)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  g_free (self->reject_plural);
  g_free (self->reject_field);
  g_free (self->reject_message);
  self->reject_plural = g_strdup (plural);
  self->reject_field = g_strdup (field);
  self->reject_message = g_strdup (message);
}

void
kf_sim_server_set_retry_after (KfSimServer *self,
                               guint        seconds)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  self->retry_after = seconds;
}

void
kf_sim_server_drop_watches (KfSimServer *self)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  kf_sim_watch_stop_all (self);
}

guint
kf_sim_server_cut_log_streams (KfSimServer *self)
{
  g_return_val_if_fail (KF_IS_SIM_SERVER (self), 0);
#ifdef KF_SIM_HAVE_OPERATORS
  if (self->operators != NULL)
    return kf_sim_operators_cut_log_streams (KF_SIM_OPERATORS (self->operators));
#endif
  return 0;
}

void
kf_sim_server_set_watch_lifetime (KfSimServer *self,
                                  guint        seconds)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  self->watch_lifetime = seconds;
}

void
kf_sim_server_expire_token (KfSimServer *self,
                            const char  *user)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  if (user != NULL)
    g_hash_table_add (self->expired_users, g_strdup (user));
}

void
kf_sim_server_compact (KfSimServer *self)
{
  g_return_if_fail (KF_IS_SIM_SERVER (self));
  kf_sim_store_compact (self->store);
}

guint
kf_sim_server_get_watch_count (KfSimServer *self)
{
  g_return_val_if_fail (KF_IS_SIM_SERVER (self), 0);
  return g_list_length (self->watches);
}
