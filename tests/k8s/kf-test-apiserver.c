/* kf-test-apiserver.c: a small Kubernetes API server on loopback for tests/k8s
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <poll.h>
#include <string.h>

#include "kf-test-apiserver.h"

typedef struct
{
  guint64   rv;
  char     *coll;   /* "group/plural" */
  char     *ns;     /* "" for cluster-scoped */
  char     *type;
  JsonNode *object;
} Event;

typedef struct
{
  KfTestApiserver   *server;
  SoupServerMessage *msg;
  char              *coll;   /* watch: collection; log: "ns/pod" */
  char              *ns;     /* NULL: all */
  char              *label_selector;
  gboolean           is_log;
  gboolean           timestamps;
} Streamer;

struct _KfTestApiserver
{
  SoupServer *soup;
  char       *url;
  guint16     port;
  GHashTable *tokens;       /* token → user */
  GHashTable *colls;        /* "group/plural" → GTree ("ns\1name" → JsonNode) */
  GPtrArray  *events;       /* Event* */
  guint64     revision;
  guint64     compacted;    /* events with rv <= compacted are gone */
  gboolean    gone_as_event;
  GHashTable *logs;         /* "ns/pod" → GPtrArray of "TS text" */
  GPtrArray  *streamers;
  GPtrArray  *requests;     /* "path?query" */
  guint       throttle;
  guint       throttle_seconds;
  gboolean    no_ssr;
};

static void
event_free (gpointer data)
{
  Event *e = data;

  g_free (e->coll);
  g_free (e->ns);
  g_free (e->type);
  json_node_unref (e->object);
  g_free (e);
}

static void
streamer_free (gpointer data)
{
  Streamer *s = data;

  g_free (s->coll);
  g_free (s->ns);
  g_free (s->label_selector);
  g_object_unref (s->msg);
  g_free (s);
}

static JsonObject *
meta_of (JsonNode *node)
{
  JsonObject *obj = json_node_get_object (node);

  if (!json_object_has_member (obj, "metadata"))
    json_object_set_object_member (obj, "metadata", json_object_new ());
  return json_object_get_object_member (obj, "metadata");
}

static char *
obj_key (const char *ns,
         const char *name)
{
  return g_strdup_printf ("%s\1%s", ns ? ns : "", name);
}

static int
key_cmp (gconstpointer a,
         gconstpointer b,
         gpointer      data)
{
  return strcmp (a, b);
}

static GTree *
coll_tree (KfTestApiserver *self,
           const char      *coll)
{
  GTree *tree = g_hash_table_lookup (self->colls, coll);

  if (tree == NULL)
    {
      tree = g_tree_new_full (key_cmp, NULL, g_free, (GDestroyNotify) json_node_unref);
      g_hash_table_insert (self->colls, g_strdup (coll), tree);
    }
  return tree;
}

static char *
to_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static gboolean
labels_match (JsonNode   *object,
              const char *selector)
{
  g_auto(GStrv) terms = NULL;
  JsonObject *meta = meta_of (object);
  JsonObject *labels = json_object_has_member (meta, "labels") ? json_object_get_object_member (meta, "labels") : NULL;

  if (selector == NULL || *selector == '\0')
    return TRUE;
  terms = g_strsplit (selector, ",", -1);
  for (guint i = 0; terms[i]; i++)
    {
      char *eq = strchr (terms[i], '=');
      if (eq != NULL)
        {
          g_autofree char *k = g_strndup (terms[i], eq - terms[i]);
          const char *v = labels ? json_object_get_string_member_with_default (labels, k, NULL) : NULL;
          if (g_strcmp0 (v, eq + 1) != 0)
            return FALSE;
        }
      else if (labels == NULL || !json_object_has_member (labels, terms[i]))
        return FALSE;
    }
  return TRUE;
}

static void
write_chunk (Streamer   *s,
             const char *text)
{
  SoupMessageBody *body = soup_server_message_get_response_body (s->msg);

  soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
  soup_server_message_unpause (s->msg);
}

static void
send_event_to (Streamer *s,
               Event    *e)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, e->type);
  json_builder_set_member_name (b, "object");
  json_builder_add_value (b, json_node_copy (e->object));
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  text = to_json (node);
  line = g_strconcat (text, "\n", NULL);
  write_chunk (s, line);
}

static void
record_event (KfTestApiserver *self,
              const char      *coll,
              const char      *ns,
              const char      *type,
              JsonNode        *object)
{
  Event *e = g_new0 (Event, 1);

  e->rv = self->revision;
  e->coll = g_strdup (coll);
  e->ns = g_strdup (ns ? ns : "");
  e->type = g_strdup (type);
  e->object = json_node_copy (object);
  g_ptr_array_add (self->events, e);

  for (guint i = 0; i < self->streamers->len; i++)
    {
      Streamer *s = g_ptr_array_index (self->streamers, i);

      if (s->is_log || !g_str_equal (s->coll, coll))
        continue;
      if (s->ns != NULL && !g_str_equal (s->ns, e->ns))
        continue;
      if (!labels_match (e->object, s->label_selector))
        continue;
      send_event_to (s, e);
    }
}

static JsonNode *
store_put (KfTestApiserver *self,
           const char      *coll,
           JsonNode        *object,
           gboolean        *created)
{
  JsonObject *meta = meta_of (object);
  const char *ns = json_object_get_string_member_with_default (meta, "namespace", "");
  const char *name = json_object_get_string_member (meta, "name");
  GTree *tree = coll_tree (self, coll);
  g_autofree char *key = obj_key (ns, name);
  JsonNode *stored;
  char rv[32];

  *created = g_tree_lookup (tree, key) == NULL;
  if (!*created)
    json_object_set_string_member (meta, "uid", json_object_get_string_member_with_default (
                                     meta_of (g_tree_lookup (tree, key)), "uid", ""));
  self->revision++;
  g_snprintf (rv, sizeof rv, "%" G_GUINT64_FORMAT, self->revision);
  json_object_set_string_member (meta, "resourceVersion", rv);
  if (*created)
    {
      g_autofree char *uid = g_uuid_string_random ();
      json_object_set_string_member (meta, "uid", uid);
      json_object_set_string_member (meta, "creationTimestamp", "2026-01-01T00:00:00Z");
    }
  stored = json_node_copy (object);
  g_tree_replace (tree, g_steal_pointer (&key), stored);
  record_event (self, coll, ns, *created ? "ADDED" : "MODIFIED", stored);
  return json_node_copy (stored);
}

void
kf_test_apiserver_put (KfTestApiserver *self,
                       const char      *group,
                       const char      *plural,
                       JsonNode        *object)
{
  g_autofree char *coll = g_strdup_printf ("%s/%s", group, plural);
  g_autoptr(JsonNode) copy = json_node_copy (object);
  g_autoptr(JsonNode) stored = NULL;
  gboolean created;

  stored = store_put (self, coll, copy, &created);
}

static gboolean
store_remove (KfTestApiserver *self,
              const char      *coll,
              const char      *ns,
              const char      *name)
{
  GTree *tree = coll_tree (self, coll);
  g_autofree char *key = obj_key (ns, name);
  JsonNode *stored = g_tree_lookup (tree, key);
  g_autoptr(JsonNode) copy = NULL;
  char rv[32];

  if (stored == NULL)
    return FALSE;
  copy = json_node_copy (stored);
  g_tree_remove (tree, key);
  self->revision++;
  g_snprintf (rv, sizeof rv, "%" G_GUINT64_FORMAT, self->revision);
  json_object_set_string_member (meta_of (copy), "resourceVersion", rv);
  record_event (self, coll, ns, "DELETED", copy);
  return TRUE;
}

void
kf_test_apiserver_remove (KfTestApiserver *self,
                          const char      *group,
                          const char      *plural,
                          const char      *ns,
                          const char      *name)
{
  g_autofree char *coll = g_strdup_printf ("%s/%s", group, plural);

  store_remove (self, coll, ns, name);
}

/* ---------------------------------------------------------------- responses */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autofree char *text = to_json (node);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
respond_status (SoupServerMessage *msg,
                guint              code,
                const char        *reason,
                const char        *message,
                const char        *cause_field,
                const char        *cause_message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind"); json_builder_add_string_value (b, "Status");
  json_builder_set_member_name (b, "apiVersion"); json_builder_add_string_value (b, "v1");
  json_builder_set_member_name (b, "status"); json_builder_add_string_value (b, "Failure");
  json_builder_set_member_name (b, "message"); json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "reason"); json_builder_add_string_value (b, reason);
  json_builder_set_member_name (b, "code"); json_builder_add_int_value (b, code);
  if (cause_field != NULL)
    {
      json_builder_set_member_name (b, "details");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "causes");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "reason"); json_builder_add_string_value (b, "FieldValueInvalid");
      json_builder_set_member_name (b, "message"); json_builder_add_string_value (b, cause_message);
      json_builder_set_member_name (b, "field"); json_builder_add_string_value (b, cause_field);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  respond_json (msg, code, node);
}

static JsonNode *
parse_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (g_bytes_get_size (bytes) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* ---------------------------------------------------------------- auth */

static char *
authenticate (KfTestApiserver   *self,
              SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  GTlsCertificate *peer;

  if (auth != NULL && g_str_has_prefix (auth, "Bearer "))
    return g_strdup (g_hash_table_lookup (self->tokens, auth + 7));
  peer = soup_server_message_get_tls_peer_certificate (msg);
  if (peer != NULL && soup_server_message_get_tls_peer_certificate_errors (msg) != 0)
    g_test_message ("client certificate rejected: flags 0x%x", soup_server_message_get_tls_peer_certificate_errors (msg));
  if (peer != NULL && soup_server_message_get_tls_peer_certificate_errors (msg) == 0)
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (peer);
      const char *cn = subject ? strstr (subject, "CN=") : NULL;

      if (cn != NULL)
        {
          const char *end = strchr (cn, ',');
          return end ? g_strndup (cn + 3, end - cn - 3) : g_strdup (cn + 3);
        }
    }
  return NULL;
}

/* ---------------------------------------------------------------- handlers */

static void
list_collection (KfTestApiserver   *self,
                 SoupServerMessage *msg,
                 const char        *coll,
                 const char        *ns,
                 GHashTable        *query)
{
  GTree *tree = coll_tree (self, coll);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  const char *selector = query ? g_hash_table_lookup (query, "labelSelector") : NULL;
  const char *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char *cont = query ? g_hash_table_lookup (query, "continue") : NULL;
  guint limit = limit_s ? (guint) g_ascii_strtoull (limit_s, NULL, 10) : 0;
  guint start = cont ? (guint) g_ascii_strtoull (cont, NULL, 10) : 0;
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  GString *out = g_string_sized_new (4096);
  GTreeNode *tn;
  guint end;

  for (tn = g_tree_node_first (tree); tn != NULL; tn = g_tree_node_next (tn))
    {
      JsonNode *obj = g_tree_node_value (tn);

      if (ns != NULL && !g_str_has_prefix (g_tree_node_key (tn), ns))
        continue;
      if (ns != NULL && !g_str_equal (ns, json_object_get_string_member_with_default (meta_of (obj), "namespace", "")))
        continue;
      if (selector != NULL && !labels_match (obj, selector))
        continue;
      g_ptr_array_add (all, obj);
    }
  end = limit > 0 ? MIN (all->len, start + limit) : all->len;

  /* written by hand: a page is large and the server shares the benchmark's CPU */
  g_string_append_printf (out, "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"%"
                          G_GUINT64_FORMAT "\"", self->revision);
  if (end < all->len)
    g_string_append_printf (out, ",\"continue\":\"%u\"", end);
  g_string_append (out, "},\"items\":[");
  for (guint i = start; i < end; i++)
    {
      if (i > start)
        g_string_append_c (out, ',');
      json_generator_set_root (gen, g_ptr_array_index (all, i));
      json_generator_to_gstring (gen, out);
    }
  g_string_append (out, "]}");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, out->str, out->len);
  g_string_free (out, FALSE);
}

static void
streamer_finished_cb (SoupServerMessage *msg,
                      Streamer          *s)
{
  g_signal_handlers_disconnect_by_data (msg, s);
  g_ptr_array_remove (s->server->streamers, s);
}

static Streamer *
start_stream (KfTestApiserver   *self,
              SoupServerMessage *msg,
              const char        *content_type)
{
  Streamer *s = g_new0 (Streamer, 1);
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  s->server = self;
  s->msg = g_object_ref (msg);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (h, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (h, content_type, NULL);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  g_signal_connect (msg, "finished", G_CALLBACK (streamer_finished_cb), s);
  g_ptr_array_add (self->streamers, s);
  return s;
}

static void
watch_collection (KfTestApiserver   *self,
                  SoupServerMessage *msg,
                  const char        *coll,
                  const char        *ns,
                  GHashTable        *query)
{
  const char *rv_s = g_hash_table_lookup (query, "resourceVersion");
  guint64 rv = rv_s ? g_ascii_strtoull (rv_s, NULL, 10) : self->revision;
  Streamer *s;

  if (rv < self->compacted && !self->gone_as_event)
    {
      respond_status (msg, 410, "Expired", "too old resource version", NULL, NULL);
      return;
    }
  s = start_stream (self, msg, "application/json");
  s->coll = g_strdup (coll);
  s->ns = g_strdup (ns);
  s->label_selector = g_strdup (g_hash_table_lookup (query, "labelSelector"));
  if (rv < self->compacted)
    {
      write_chunk (s, "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                      "\"message\":\"too old resource version\",\"reason\":\"Expired\",\"code\":410}}\n");
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      soup_server_message_unpause (msg);
      return;
    }
  for (guint i = 0; i < self->events->len; i++)
    {
      Event *e = g_ptr_array_index (self->events, i);

      if (e->rv > rv && g_str_equal (e->coll, coll) && (ns == NULL || g_str_equal (ns, e->ns)) &&
          labels_match (e->object, s->label_selector))
        send_event_to (s, e);
    }
  if (g_strcmp0 (g_hash_table_lookup (query, "allowWatchBookmarks"), "true") == 0)
    {
      g_autofree char *bm = g_strdup_printf ("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Bookmark\",\"metadata\":"
                                             "{\"resourceVersion\":\"%" G_GUINT64_FORMAT "\"}}}\n", self->revision);
      write_chunk (s, bm);
    }
  else
    soup_server_message_unpause (msg);
}

static gint64
ts_seconds (const char *line)
{
  g_autofree char *ts = g_strndup (line, strcspn (line, ". "));
  g_autofree char *full = g_strconcat (ts, "Z", NULL);
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (full, NULL);

  return dt ? g_date_time_to_unix (dt) : -1;
}

static void
write_log_line (Streamer   *s,
                const char *line)
{
  g_autofree char *text = g_strconcat (s->timestamps ? line : strchr (line, ' ') + 1, "\n", NULL);

  write_chunk (s, text);
}

static void
pod_log (KfTestApiserver   *self,
         SoupServerMessage *msg,
         const char        *ns,
         const char        *pod,
         GHashTable        *query)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", ns, pod);
  GPtrArray *lines = g_hash_table_lookup (self->logs, key);
  const char *since = query ? g_hash_table_lookup (query, "sinceTime") : NULL;
  const char *tail = query ? g_hash_table_lookup (query, "tailLines") : NULL;
  gboolean follow = query && g_strcmp0 (g_hash_table_lookup (query, "follow"), "true") == 0;
  gint64 since_s = -1;
  guint start = 0;
  Streamer *s;

  if (lines == NULL)
    {
      g_autofree char *m = g_strdup_printf ("pods \"%s\" not found", pod);
      respond_status (msg, 404, "NotFound", m, NULL, NULL);
      return;
    }
  if (since != NULL)
    {
      /* the kubelet works in whole seconds here: earlier lines come back too */
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (since, NULL);
      since_s = dt ? g_date_time_to_unix (dt) : -1;
    }
  if (tail != NULL)
    {
      guint n = (guint) g_ascii_strtoull (tail, NULL, 10);
      start = lines->len > n ? lines->len - n : 0;
    }
  s = start_stream (self, msg, "text/plain");
  s->is_log = TRUE;
  s->coll = g_strdup (key);
  s->timestamps = query && g_strcmp0 (g_hash_table_lookup (query, "timestamps"), "true") == 0;
  for (guint i = start; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      if (since_s >= 0 && ts_seconds (line) < since_s)
        continue;
      write_log_line (s, line);
    }
  if (!follow)
    soup_message_body_complete (soup_server_message_get_response_body (msg));
  soup_server_message_unpause (msg);
}

void
kf_test_apiserver_append_log (KfTestApiserver *self,
                              const char      *ns,
                              const char      *pod,
                              const char      *ts,
                              const char      *text)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", ns, pod);
  GPtrArray *lines = g_hash_table_lookup (self->logs, key);
  char *line = g_strdup_printf ("%s %s", ts, text);

  if (lines == NULL)
    {
      lines = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->logs, g_strdup (key), lines);
    }
  g_ptr_array_add (lines, line);
  for (guint i = 0; i < self->streamers->len; i++)
    {
      Streamer *s = g_ptr_array_index (self->streamers, i);
      if (s->is_log && g_str_equal (s->coll, key))
        write_log_line (s, line);
    }
}

/* RFC 7386 */
static void
merge_patch (JsonObject *target,
             JsonObject *patch)
{
  g_autoptr(GList) members = json_object_get_members (patch);

  for (GList *l = members; l; l = l->next)
    {
      const char *k = l->data;
      JsonNode *v = json_object_get_member (patch, k);

      if (JSON_NODE_HOLDS_NULL (v))
        json_object_remove_member (target, k);
      else if (JSON_NODE_HOLDS_OBJECT (v) && json_object_has_member (target, k) &&
               JSON_NODE_HOLDS_OBJECT (json_object_get_member (target, k)))
        merge_patch (json_object_get_object_member (target, k), json_node_get_object (v));
      else
        json_object_set_member (target, k, json_node_copy (v));
    }
}

static gboolean
validate (SoupServerMessage *msg,
          JsonNode          *obj)
{
  JsonObject *o = obj ? json_node_get_object (obj) : NULL;
  JsonObject *spec;

  if (o == NULL || json_object_get_string_member_with_default (meta_of (obj), "name", NULL) == NULL)
    {
      respond_status (msg, 422, "Invalid", "the object is invalid: metadata.name: Required value",
                      "metadata.name", "Required value: name or generateName is required");
      return FALSE;
    }
  spec = json_object_has_member (o, "spec") ? json_object_get_object_member (o, "spec") : NULL;
  if (spec != NULL && json_object_has_member (spec, "replicas") && json_object_get_int_member (spec, "replicas") < 0)
    {
      respond_status (msg, 422, "Invalid", "the object is invalid: spec.replicas: Invalid value",
                      "spec.replicas", "Invalid value: must be greater than or equal to 0");
      return FALSE;
    }
  return TRUE;
}

static void
crud (KfTestApiserver   *self,
      SoupServerMessage *msg,
      const char        *user,
      const char        *coll,
      const char        *ns,
      const char        *name,
      const char        *sub,
      GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  GTree *tree = coll_tree (self, coll);
  g_autofree char *key = name ? obj_key (ns, name) : NULL;
  JsonNode *stored = key ? g_tree_lookup (tree, key) : NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) result = NULL;
  gboolean created;

  if (!g_str_equal (method, "GET") && g_str_equal (user, "viewer"))
    {
      g_autofree char *m = g_strdup_printf ("%s is forbidden: User \"viewer\" cannot %s resource \"%s\"",
                                            coll, method, strchr (coll, '/') + 1);
      respond_status (msg, 403, "Forbidden", m, NULL, NULL);
      return;
    }
  if (name == NULL && g_str_equal (method, "GET"))
    {
      if (query && g_strcmp0 (g_hash_table_lookup (query, "watch"), "1") == 0)
        watch_collection (self, msg, coll, ns, query);
      else
        list_collection (self, msg, coll, ns, query);
      return;
    }
  if (name == NULL && g_str_equal (method, "POST"))
    {
      body = parse_body (msg);
      if (!validate (msg, body))
        return;
      if (ns != NULL)
        json_object_set_string_member (meta_of (body), "namespace", ns);
      key = obj_key (ns, json_object_get_string_member (meta_of (body), "name"));
      if (g_tree_lookup (tree, key) != NULL)
        {
          g_autofree char *m = g_strdup_printf ("%s \"%s\" already exists", strchr (coll, '/') + 1,
                                                json_object_get_string_member (meta_of (body), "name"));
          respond_status (msg, 409, "AlreadyExists", m, NULL, NULL);
          return;
        }
      result = store_put (self, coll, body, &created);
      respond_json (msg, 201, result);
      return;
    }
  if (stored == NULL)
    {
      g_autofree char *m = g_strdup_printf ("%s \"%s\" not found", strchr (coll, '/') + 1, name ? name : "");
      respond_status (msg, 404, "NotFound", m, NULL, NULL);
      return;
    }
  if (g_str_equal (method, "GET"))
    respond_json (msg, 200, stored);
  else if (g_str_equal (method, "DELETE"))
    {
      g_autoptr(JsonNode) copy = json_node_copy (stored);
      store_remove (self, coll, ns, name);
      respond_json (msg, 200, copy);
    }
  else if (g_str_equal (method, "PUT"))
    {
      const char *rv;

      body = parse_body (msg);
      if (!validate (msg, body))
        return;
      rv = json_object_get_string_member_with_default (meta_of (body), "resourceVersion", NULL);
      if (rv != NULL && g_strcmp0 (rv, json_object_get_string_member (meta_of (stored), "resourceVersion")) != 0)
        {
          respond_status (msg, 409, "Conflict",
                          "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again",
                          NULL, NULL);
          return;
        }
      if (g_strcmp0 (sub, "status") == 0)
        {
          g_autoptr(JsonNode) merged = json_node_copy (stored);
          JsonObject *b = json_node_get_object (body);
          if (json_object_has_member (b, "status"))
            json_object_set_member (json_node_get_object (merged), "status",
                                    json_node_copy (json_object_get_member (b, "status")));
          result = store_put (self, coll, merged, &created);
        }
      else
        {
          JsonObject *old = json_node_get_object (stored);
          json_object_set_string_member (meta_of (body), "uid", json_object_get_string_member (meta_of (stored), "uid"));
          if (json_object_has_member (old, "status"))
            json_object_set_member (json_node_get_object (body), "status",
                                    json_node_copy (json_object_get_member (old, "status")));
          if (ns != NULL)
            json_object_set_string_member (meta_of (body), "namespace", ns);
          result = store_put (self, coll, body, &created);
        }
      respond_json (msg, 200, result);
    }
  else if (g_str_equal (method, "PATCH"))
    {
      const char *ctype = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
      g_autoptr(JsonNode) merged = json_node_copy (stored);

      if (g_strcmp0 (ctype, "application/merge-patch+json") != 0 &&
          g_strcmp0 (ctype, "application/strategic-merge-patch+json") != 0)
        {
          respond_status (msg, 415, "UnsupportedMediaType", "the body of the request was in an unknown format", NULL, NULL);
          return;
        }
      body = parse_body (msg);
      if (body == NULL)
        {
          respond_status (msg, 400, "BadRequest", "the patch is not a JSON object", NULL, NULL);
          return;
        }
      merge_patch (json_node_get_object (merged), json_node_get_object (body));
      if (!validate (msg, merged))
        return;
      result = store_put (self, coll, merged, &created);
      respond_json (msg, 200, result);
    }
  else
    respond_status (msg, 405, "MethodNotAllowed", "method not allowed", NULL, NULL);
}

static JsonNode *
user_info (const char *user)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username"); json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "uid"); json_builder_add_string_value (b, "uid-of-user");
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "system:authenticated");
  if (g_str_equal (user, "alice"))
    json_builder_add_string_value (b, "kubefoundry:devs");
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
review (KfTestApiserver   *self,
        SoupServerMessage *msg,
        const char        *user,
        const char        *kind)
{
  g_autoptr(JsonNode) body = parse_body (msg);
  JsonObject *status = json_object_new ();

  if (body == NULL)
    body = json_from_string ("{\"metadata\":{}}", NULL);
  if (g_str_equal (kind, "SelfSubjectReview"))
    json_object_set_member (status, "userInfo", user_info (user));
  else if (g_str_equal (kind, "TokenReview"))
    {
      JsonObject *spec = json_object_get_object_member (json_node_get_object (body), "spec");
      const char *tok = spec ? json_object_get_string_member_with_default (spec, "token", NULL) : NULL;
      const char *who = tok ? g_hash_table_lookup (self->tokens, tok) : NULL;

      json_object_set_boolean_member (status, "authenticated", who != NULL);
      if (who != NULL)
        json_object_set_member (status, "user", user_info (who));
    }
  else
    {
      JsonObject *spec = json_object_get_object_member (json_node_get_object (body), "spec");
      JsonObject *attrs = spec ? json_object_get_object_member (spec, "resourceAttributes") : NULL;
      const char *verb = attrs ? json_object_get_string_member_with_default (attrs, "verb", "") : "";
      gboolean reader = g_str_equal (verb, "get") || g_str_equal (verb, "list") || g_str_equal (verb, "watch");
      gboolean allowed = reader || !g_str_equal (user, "viewer");

      json_object_set_boolean_member (status, "allowed", allowed);
      if (!allowed)
        json_object_set_string_member (status, "reason", "viewer may only read");
      else
        json_object_set_string_member (status, "reason", "RBAC: allowed by ClusterRoleBinding");
    }
  json_object_set_object_member (json_node_get_object (body), "status", status);
  respond_json (msg, 201, body);
}

static void
service_proxy (KfTestApiserver   *self,
               SoupServerMessage *msg,
               const char        *target,
               const char        *path)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/sse"))
    {
      Streamer *s = start_stream (self, msg, "text/event-stream");
      s->is_log = TRUE;
      s->coll = g_strdup ("sse");
      write_chunk (s, "data: {\"n\":1}\n\n");
      write_chunk (s, "data: {\"n\":2}\n\ndata: [DONE]\n\n");
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      soup_server_message_unpause (msg);
      return;
    }
  if (g_str_equal (method, "POST"))
    {
      g_autoptr(JsonNode) body = parse_body (msg);
      g_autofree char *text = NULL;
      JsonObject *o = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (o, "target", target);
      json_object_set_string_member (o, "path", path);
      if (body != NULL)
        json_object_set_member (o, "echo", g_steal_pointer (&body));
      json_node_take_object (node, o);
      respond_json (msg, 200, node);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf ("# proxied %s %s\nup 1\n", target, path);
    soup_server_message_set_status (msg, 200, NULL);
    soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, text, strlen (text));
  }
}

/* Legacy discovery, enough for kubectl to find the resources it is asked for. */
static const struct { const char *group, *version, *plural, *kind; gboolean namespaced; } known[] = {
  { "", "v1", "pods", "Pod", TRUE },
  { "", "v1", "services", "Service", TRUE },
  { "", "v1", "configmaps", "ConfigMap", TRUE },
  { "", "v1", "namespaces", "Namespace", FALSE },
  { "", "v1", "nodes", "Node", FALSE },
  { "apps", "v1", "deployments", "Deployment", TRUE },
  { "apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", FALSE },
  { "nvidia.com", "v1alpha1", "dynamographdeployments", "DynamoGraphDeployment", TRUE },
  { "ray.io", "v1", "rayservices", "RayService", TRUE },
  { "kaito.sh", "v1beta1", "workspaces", "Workspace", TRUE },
};

static gboolean
discovery (KfTestApiserver   *self,
           SoupServerMessage *msg,
           const char        *path)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  if (g_str_equal (path, "/api"))
    {
      node = json_from_string ("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                               "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}", NULL);
      respond_json (msg, 200, node);
      return TRUE;
    }
  if (g_str_equal (path, "/apis"))
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind"); json_builder_add_string_value (b, "APIGroupList");
      json_builder_set_member_name (b, "apiVersion"); json_builder_add_string_value (b, "v1");
      json_builder_set_member_name (b, "groups");
      json_builder_begin_array (b);
      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        {
          g_autofree char *gv = g_strdup_printf ("%s/%s", known[i].group, known[i].version);
          if (known[i].group[0] == '\0' || (i > 0 && g_str_equal (known[i].group, known[i - 1].group)))
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name"); json_builder_add_string_value (b, known[i].group);
          json_builder_set_member_name (b, "versions");
          json_builder_begin_array (b);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "groupVersion"); json_builder_add_string_value (b, gv);
          json_builder_set_member_name (b, "version"); json_builder_add_string_value (b, known[i].version);
          json_builder_end_object (b);
          json_builder_end_array (b);
          json_builder_set_member_name (b, "preferredVersion");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "groupVersion"); json_builder_add_string_value (b, gv);
          json_builder_set_member_name (b, "version"); json_builder_add_string_value (b, known[i].version);
          json_builder_end_object (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      respond_json (msg, 200, node);
      return TRUE;
    }
  {
    g_autofree char *gv = NULL;
    gboolean found = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS (known); i++)
      {
        g_autofree char *p = known[i].group[0] ? g_strdup_printf ("/apis/%s/%s", known[i].group, known[i].version)
                                               : g_strdup_printf ("/api/%s", known[i].version);
        if (!g_str_equal (p, path))
          continue;
        if (!found)
          {
            gv = known[i].group[0] ? g_strdup_printf ("%s/%s", known[i].group, known[i].version) : g_strdup (known[i].version);
            json_builder_begin_object (b);
            json_builder_set_member_name (b, "kind"); json_builder_add_string_value (b, "APIResourceList");
            json_builder_set_member_name (b, "apiVersion"); json_builder_add_string_value (b, "v1");
            json_builder_set_member_name (b, "groupVersion"); json_builder_add_string_value (b, gv);
            json_builder_set_member_name (b, "resources");
            json_builder_begin_array (b);
            found = TRUE;
          }
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "name"); json_builder_add_string_value (b, known[i].plural);
        json_builder_set_member_name (b, "singularName"); json_builder_add_string_value (b, "");
        json_builder_set_member_name (b, "namespaced"); json_builder_add_boolean_value (b, known[i].namespaced);
        json_builder_set_member_name (b, "kind"); json_builder_add_string_value (b, known[i].kind);
        json_builder_set_member_name (b, "verbs");
        json_builder_begin_array (b);
        for (const char * const *v = (const char * const[]) { "get", "list", "watch", "create", "update", "patch", "delete", NULL }; *v; v++)
          json_builder_add_string_value (b, *v);
        json_builder_end_array (b);
        json_builder_end_object (b);
      }
    if (!found)
      return FALSE;
    json_builder_end_array (b);
    json_builder_end_object (b);
    node = json_builder_get_root (b);
    respond_json (msg, 200, node);
    return TRUE;
  }
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  KfTestApiserver *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autofree char *user = NULL;
  g_auto(GStrv) parts = NULL;
  guint n, i;
  const char *group, *ns = NULL, *plural, *name = NULL, *sub = NULL;
  g_autofree char *coll = NULL;

  g_ptr_array_add (self->requests, g_strdup_printf ("%s?%s", path, raw_query ? raw_query : ""));

  if (self->throttle > 0)
    {
      char secs[16];
      self->throttle--;
      g_snprintf (secs, sizeof secs, "%u", self->throttle_seconds);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", secs);
      respond_status (msg, 429, "TooManyRequests", "Too many requests, please try again later.", NULL, NULL);
      return;
    }

  user = authenticate (self, msg);
  if (user == NULL)
    {
      respond_status (msg, 401, "Unauthorized", "Unauthorized", NULL, NULL);
      return;
    }

  if (g_str_equal (method, "GET") && discovery (self, msg, path))
    return;
  if (g_str_equal (path, "/version"))
    {
      g_autoptr(JsonNode) v = json_from_string ("{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0-kftest\","
                                                "\"platform\":\"linux/amd64\"}", NULL);
      respond_json (msg, 200, v);
      return;
    }
  if (g_str_equal (method, "POST") && g_str_equal (path, "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
    {
      if (self->no_ssr)
        respond_status (msg, 404, "NotFound", "the server could not find the requested resource", NULL, NULL);
      else
        review (self, msg, user, "SelfSubjectReview");
      return;
    }
  if (g_str_equal (method, "POST") && g_str_equal (path, "/apis/authentication.k8s.io/v1/tokenreviews"))
    {
      review (self, msg, user, "TokenReview");
      return;
    }
  if (g_str_equal (method, "POST") && g_str_equal (path, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"))
    {
      review (self, msg, user, "SelfSubjectAccessReview");
      return;
    }

  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  for (guint k = 0; k < n; k++)
    {
      char *u = g_uri_unescape_string (parts[k], NULL);
      if (u != NULL)
        {
          g_free (parts[k]);
          parts[k] = u;
        }
    }
  if (n >= 4 && g_str_equal (parts[1], "api") && g_str_equal (parts[2], "v1"))
    {
      group = "";
      i = 3;
    }
  else if (n >= 5 && g_str_equal (parts[1], "apis"))
    {
      group = parts[2];
      i = 4;
    }
  else
    {
      respond_status (msg, 404, "NotFound", "the server could not find the requested resource", NULL, NULL);
      return;
    }
  if (n - i >= 3 && g_str_equal (parts[i], "namespaces"))
    {
      ns = parts[i + 1];
      i += 2;
    }
  plural = parts[i];
  if (i + 1 < n)
    name = parts[i + 1];
  if (i + 2 < n)
    sub = parts[i + 2];
  coll = g_strdup_printf ("%s/%s", group, plural);

  if (g_strcmp0 (sub, "log") == 0 && g_str_equal (plural, "pods"))
    {
      pod_log (self, msg, ns, name, query);
      return;
    }
  if (g_strcmp0 (sub, "proxy") == 0 && g_str_equal (plural, "services"))
    {
      g_autofree char *rest = NULL;
      rest = i + 3 < n ? g_strjoinv ("/", parts + i + 3) : g_strdup ("");
      {
        g_autofree char *p = g_strconcat ("/", rest, NULL);
        service_proxy (self, msg, name, p);
      }
      return;
    }
  if (g_strcmp0 (plural, "hang") == 0)
    {
      soup_server_message_pause (msg);
      return;
    }
  crud (self, msg, user, coll, ns, name, sub, query);
}

static gboolean
server_accept_certificate_cb (SoupServerMessage    *msg,
                              GTlsCertificate      *certificate,
                              GTlsCertificateFlags  errors,
                              gpointer              user_data)
{
  /* like the API server: take the certificate, authenticate() checks it */
  return TRUE;
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (server_accept_certificate_cb), NULL);
}

KfTestApiserver *
kf_test_apiserver_new (const char *cert_name)
{
  KfTestApiserver *self = g_new0 (KfTestApiserver, 1);
  const char *dir = g_getenv ("KF_TEST_DATA_DIR");
  g_autofree char *cert_path = g_strdup_printf ("%s/k8s/%s.pem", dir, cert_name);
  g_autofree char *key_path = g_strdup_printf ("%s/k8s/%s.key", dir, cert_name);
  g_autofree char *ca_path = g_strdup_printf ("%s/k8s/ca.pem", dir);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GTlsDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_assert_nonnull (dir);
  cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  db = g_tls_file_database_new (ca_path, &error);
  g_assert_no_error (error);

  self->soup = soup_server_new ("tls-certificate", cert, "tls-database", db,
                                "tls-auth-mode", G_TLS_AUTHENTICATION_REQUESTED, NULL);
  soup_server_add_handler (self->soup, NULL, handler, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), NULL);
  soup_server_listen_local (self->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->soup);
  self->port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->url = g_strdup_printf ("https://127.0.0.1:%u", self->port);

  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (self->tokens, g_strdup ("admin-token"), g_strdup ("admin"));
  g_hash_table_insert (self->tokens, g_strdup ("viewer-token"), g_strdup ("viewer"));
  self->colls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_tree_unref);
  self->events = g_ptr_array_new_with_free_func (event_free);
  self->logs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->streamers = g_ptr_array_new_with_free_func (streamer_free);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->revision = 100;
  return self;
}

void
kf_test_apiserver_free (KfTestApiserver *self)
{
  kf_test_apiserver_drop_streams (self);
  soup_server_disconnect (self->soup);
  g_object_unref (self->soup);
  g_hash_table_unref (self->tokens);
  g_hash_table_unref (self->colls);
  g_ptr_array_unref (self->events);
  g_hash_table_unref (self->logs);
  g_ptr_array_unref (self->streamers);
  g_ptr_array_unref (self->requests);
  g_free (self->url);
  g_free (self);
}

const char *
kf_test_apiserver_get_url (KfTestApiserver *self)
{
  return self->url;
}

guint16
kf_test_apiserver_get_port (KfTestApiserver *self)
{
  return self->port;
}

void
kf_test_apiserver_add_token (KfTestApiserver *self,
                             const char      *token,
                             const char      *user)
{
  g_hash_table_insert (self->tokens, g_strdup (token), g_strdup (user));
}

void
kf_test_apiserver_throttle (KfTestApiserver *self,
                            guint            n,
                            guint            seconds)
{
  self->throttle = n;
  self->throttle_seconds = seconds;
}

void
kf_test_apiserver_drop_streams (KfTestApiserver *self)
{
  while (self->streamers->len > 0)
    {
      Streamer *s = g_ptr_array_index (self->streamers, 0);
      GSocket *sock = soup_server_message_get_socket (s->msg);

      /* like a network failure: no TLS close_notify, no last chunk */
      g_signal_handlers_disconnect_by_data (s->msg, s);
      if (sock != NULL)
        g_socket_shutdown (sock, TRUE, TRUE, NULL);
      g_ptr_array_remove_index (self->streamers, 0);
    }
}

void
kf_test_apiserver_compact (KfTestApiserver *self,
                           gboolean         as_event)
{
  self->compacted = self->revision + 1;
  self->gone_as_event = as_event;
  kf_test_apiserver_drop_streams (self);
}

void
kf_test_apiserver_set_self_subject_review (KfTestApiserver *self,
                                           gboolean         enabled)
{
  self->no_ssr = !enabled;
}

guint
kf_test_apiserver_count_requests (KfTestApiserver *self,
                                  const char      *prefix,
                                  const char      *query_part)
{
  guint count = 0;

  for (guint i = 0; i < self->requests->len; i++)
    {
      const char *r = g_ptr_array_index (self->requests, i);
      if (g_str_has_prefix (r, prefix) && (query_part == NULL || strstr (r, query_part) != NULL))
        count++;
    }
  return count;
}

guint
kf_test_apiserver_n_watchers (KfTestApiserver *self)
{
  guint n = 0;

  for (guint i = 0; i < self->streamers->len; i++)
    if (!((Streamer *) g_ptr_array_index (self->streamers, i))->is_log)
      n++;
  return n;
}

/* ---------------------------------------------------------------- silent server */

static gboolean
silent_incoming_cb (GSocketService     *service,
                    GSocketConnection  *connection,
                    GObject            *source,
                    gpointer            user_data)
{
  g_autofree char *key = g_strdup_printf ("conn-%p", (void *) connection);

  /* keep the connection open, say nothing */
  g_object_set_data_full (G_OBJECT (service), key, g_object_ref (connection), g_object_unref);
  return TRUE;
}

GSocketService *
kf_test_silent_server_new (guint16 *port)
{
  GSocketService *service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;

  *port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (silent_incoming_cb), NULL);
  g_socket_service_start (service);
  return service;
}

/* ---------------------------------------------------------------- CONNECT proxy */

struct _KfTestProxy
{
  GSocketService *service;
  guint16         port;
  gint            n_tunnels;
};

static gboolean
proxy_run_cb (GThreadedSocketService *service,
              GSocketConnection      *connection,
              GObject                *source,
              gpointer                user_data)
{
  KfTestProxy *self = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autofree char *target = NULL;
  char c;
  struct pollfd fds[2];
  char buf[16384];

  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      if (g_input_stream_read (in, &c, 1, NULL, NULL) != 1 || head->len > 8192)
        return TRUE;
      g_string_append_c (head, c);
    }
  if (!g_str_has_prefix (head->str, "CONNECT "))
    {
      g_output_stream_write_all (out, "HTTP/1.1 405 Method Not Allowed\r\n\r\n", 36, NULL, NULL, NULL);
      return TRUE;
    }
  target = g_strndup (head->str + 8, strcspn (head->str + 8, " "));
  upstream = g_socket_client_connect_to_host (client, target, 443, NULL, NULL);
  if (upstream == NULL)
    {
      g_output_stream_write_all (out, "HTTP/1.1 502 Bad Gateway\r\n\r\n", 28, NULL, NULL, NULL);
      return TRUE;
    }
  g_atomic_int_inc (&self->n_tunnels);
  g_output_stream_write_all (out, "HTTP/1.1 200 Connection established\r\n\r\n", 39, NULL, NULL, NULL);

  fds[0].fd = g_socket_get_fd (g_socket_connection_get_socket (connection));
  fds[1].fd = g_socket_get_fd (g_socket_connection_get_socket (upstream));
  fds[0].events = fds[1].events = POLLIN;
  for (;;)
    {
      if (poll (fds, 2, 200) < 0)
        break;
      if (g_socket_service_is_active (self->service) == FALSE)
        break;
      for (int k = 0; k < 2; k++)
        if (fds[k].revents & (POLLIN | POLLHUP | POLLERR))
          {
            GSocket *from = g_socket_connection_get_socket (k == 0 ? connection : upstream);
            GSocket *to = g_socket_connection_get_socket (k == 0 ? upstream : connection);
            gssize got = g_socket_receive (from, buf, sizeof buf, NULL, NULL);
            if (got <= 0 || g_socket_send (to, buf, got, NULL, NULL) != got)
              return TRUE;
          }
    }
  return TRUE;
}

KfTestProxy *
kf_test_proxy_new (void)
{
  KfTestProxy *self = g_new0 (KfTestProxy, 1);
  g_autoptr(GError) error = NULL;

  self->service = g_threaded_socket_service_new (8);
  self->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (self->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (self->service, "run", G_CALLBACK (proxy_run_cb), self);
  g_socket_service_start (self->service);
  return self;
}

guint16
kf_test_proxy_get_port (KfTestProxy *self)
{
  return self->port;
}

guint
kf_test_proxy_get_n_tunnels (KfTestProxy *self)
{
  return (guint) g_atomic_int_get (&self->n_tunnels);
}

void
kf_test_proxy_free (KfTestProxy *self)
{
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_object_unref (self->service);
  g_free (self);
}

/* ---------------------------------------------------------------- waiting */

static gboolean
timeout_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
kf_test_wait_for (gboolean *flag,
                  guint     timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_flag_cb, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return *flag;
}

gboolean
kf_test_wait_until (gboolean (*predicate) (gpointer),
                    gpointer   data,
                    guint      timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_flag_cb, &expired);

  while (!predicate (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return predicate (data);
}

/* ---------------------------------------------------------------- test helpers */

KfRestConfig *
kf_test_config_new (const char *url,
                    const char *token)
{
  KfRestConfig *config = kf_rest_config_new (url);
  g_autofree char *ca_path = g_strdup_printf ("%s/k8s/ca.pem", g_getenv ("KF_TEST_DATA_DIR"));
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (ca_path, &pem, NULL, &error));
  g_assert_true (kf_rest_config_set_ca_pem (config, pem, -1, &error));
  g_assert_no_error (error);
  if (token != NULL)
    kf_rest_config_set_bearer_token (config, token);
  return config;
}

void
kf_test_result_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  KfTestResult *r = user_data;

  g_assert_null (r->result);
  r->result = g_object_ref (result);
}

GAsyncResult *
kf_test_result_wait (KfTestResult *r)
{
  while (r->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return r->result;
}

void
kf_test_result_clear (KfTestResult *r)
{
  g_clear_object (&r->result);
}

JsonNode *
kf_test_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

void
kf_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
kf_test_stop_threads (void)
{
  /* idle pool threads (TLS handshakes run in them) would still be alive at
   * exit, and LeakSanitizer trips over their dynamic TLS: let them go */
  g_thread_pool_set_max_unused_threads (0);
  g_usleep (800 * 1000);   /* a pool's idle thread waits 0.5 s for work before it is "unused" */
  g_thread_pool_stop_unused_threads ();
  g_usleep (200 * 1000);
  if (g_getenv ("KF_TEST_LIST_THREADS") != NULL)
    {
      GDir *d = g_dir_open ("/proc/self/task", 0, NULL);
      const char *tid;

      while (d != NULL && (tid = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
          g_autofree char *comm = NULL;

          g_file_get_contents (path, &comm, NULL, NULL);
          g_printerr ("thread %s: %s", tid, comm ? comm : "?\n");
        }
      if (d != NULL)
        g_dir_close (d);
    }
}

static void
cli_communicated_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  KfTestCliRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

void
kf_test_cli_run (KfTestCliRun *run,
                 const char   *kubeconfig,
                 const char   *first,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  kf_test_cli_runv (run, kubeconfig, (const char * const *) args->pdata);
}

void
kf_test_cli_runv (KfTestCliRun       *run,
                  const char         *kubeconfig,
                  const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("KF_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", kubeconfig, TRUE);
  /* the CLI exits with GLib's pool threads alive (TLS handshakes ran in
   * them) and LeakSanitizer crashes reading their dynamic TLS (GnuTLS); the
   * client code it runs is leak-checked in the in-process tests instead */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "HTTPS_PROXY");
  g_subprocess_launcher_unsetenv (launcher, "https_proxy");
  memset (run, 0, sizeof *run);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, cli_communicated_cb, run);
  /* the bound only turns a hung CLI into a failure */
  g_assert_true (kf_test_wait_for (&run->done, 300000));
  g_test_message ("stdout: %s\nstderr: %s", run->out, run->err);
}

void
kf_test_cli_run_clear (KfTestCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}
