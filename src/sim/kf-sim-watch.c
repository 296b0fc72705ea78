/* kf-sim-watch.c: ?watch=1 streams
 *
 * A watch answers 200 with a chunked body of JSON lines
 * {"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{…}}. Without a
 * resourceVersion (or "0") it starts with the current objects as ADDED; with
 * one it replays the history after it, or sends a 410 Expired ERROR event
 * when the history no longer reaches back, as the API server does. With a
 * label or field selector, an update that moves an object out of the
 * selection is sent as DELETED and one that moves it in as ADDED. The
 * SoupServerMessage stays paused between events (libsoup pauses it when the
 * body runs dry; each append unpauses it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <string.h>

#include "kf-sim-json.h"
#include "kf-sim-server-private.h"

struct _KfSimWatch
{
  KfSimServer       *server;
  SoupServerMessage *msg;
  KfSimResourceType  type;       /* a private copy of what presenting needs */
  char              *ns;
  KfSimSelector     *selector;
  gboolean           table;
  gboolean           sent_columns;
  guint64            last_rv;
  guint              bookmark_id;
  guint              timeout_id;
  guint              lifetime_id;
  gboolean           ending;
  gulong             finished_id;
  gulong             disconnected_id;
};

static void
watch_free (KfSimWatch *w)
{
  g_clear_handle_id (&w->bookmark_id, g_source_remove);
  g_clear_handle_id (&w->timeout_id, g_source_remove);
  g_clear_handle_id (&w->lifetime_id, g_source_remove);
  if (w->finished_id)
    g_signal_handler_disconnect (w->msg, w->finished_id);
  if (w->disconnected_id)
    g_signal_handler_disconnect (w->msg, w->disconnected_id);
  g_clear_object (&w->msg);
  g_free (w->type.group);
  g_free (w->type.version);
  g_free (w->type.kind);
  g_free (w->type.plural);
  g_free (w->type.store_key);
  g_clear_pointer (&w->type.columns, json_node_unref);
  g_free (w->ns);
  g_clear_pointer (&w->selector, kf_sim_selector_free);
  g_free (w);
}

static void
send_line (KfSimWatch *w,
           const char *type,
           JsonNode   *object)
{
  g_autoptr(JsonNode) event = json_node_init_object (json_node_alloc (), json_object_new ());
  gsize length = 0;
  char *text;
  SoupMessageBody *body;

  json_object_set_string_member (json_node_get_object (event), "type", type);
  json_object_set_member (json_node_get_object (event), "object", json_node_ref (object));
  text = kf_sim_json_to_string (event, &length);
  text = g_realloc (text, length + 2);
  text[length] = '\n';
  text[length + 1] = '\0';
  body = soup_server_message_get_response_body (w->msg);
  soup_message_body_append (body, SOUP_MEMORY_TAKE, text, length + 1);
  soup_server_message_unpause (w->msg);
}

static void
send_object (KfSimWatch *w,
             const char *type,
             JsonNode   *stored)
{
  g_autoptr(JsonNode) object = kf_sim_json_copy (stored);

  kf_sim_present (&w->type, object);
  if (w->table)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autoptr(JsonNode) table = NULL;

      g_ptr_array_add (one, object);
      table = kf_sim_table_new (&w->type, one, !w->sent_columns);
      json_object_set_string_member (kf_sim_json_ensure_object (table, "metadata"), "resourceVersion",
                                     kf_sim_json_get_string (object, "metadata.resourceVersion"));
      w->sent_columns = TRUE;
      send_line (w, type, table);
      return;
    }
  send_line (w, type, object);
}

static void
end_watch (KfSimWatch *w)
{
  if (w->ending)
    return;
  w->ending = TRUE;
  g_clear_handle_id (&w->bookmark_id, g_source_remove);
  soup_message_body_complete (soup_server_message_get_response_body (w->msg));
  soup_server_message_unpause (w->msg);
}

static void
send_bookmark (KfSimWatch *w,
               gboolean    initial_events_end)
{
  g_autoptr(JsonNode) object = json_node_init_object (json_node_alloc (), json_object_new ());
  g_autofree char *rv = g_strdup_printf ("%" G_GUINT64_FORMAT, kf_sim_store_get_revision (w->server->store));
  JsonObject *meta = kf_sim_json_ensure_object (object, "metadata");

  kf_sim_present (&w->type, object);
  json_object_set_string_member (meta, "resourceVersion", rv);
  if (initial_events_end)
    json_object_set_string_member (kf_sim_json_ensure_object (object, "metadata.annotations"),
                                   "k8s.io/initial-events-end", "true");
  send_line (w, "BOOKMARK", object);
}

static gboolean
bookmark_cb (gpointer data)
{
  send_bookmark (data, FALSE);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer data)
{
  KfSimWatch *w = data;

  w->timeout_id = 0;
  end_watch (w);
  return G_SOURCE_REMOVE;
}

static gboolean
lifetime_cb (gpointer data)
{
  KfSimWatch *w = data;

  w->lifetime_id = 0;
  end_watch (w);
  return G_SOURCE_REMOVE;
}

static void
finished_cb (SoupServerMessage *msg,
             gpointer           data)
{
  KfSimWatch *w = data;

  w->server->watches = g_list_remove (w->server->watches, w);
  watch_free (w);
}

/* What a watch with a selector sees of one change, as the API server's watch
 * cache does: an update that makes an object stop matching is a DELETED (of
 * its last matching state, at the new resourceVersion), one that makes it
 * start matching an ADDED. Returns the event type (NULL: nothing to send) and
 * in *@send the object to send. */
static const char *
event_for_watch (KfSimWatch     *w,
                 KfSimEventType  type,
                 JsonNode       *object,
                 JsonNode       *old_object,
                 JsonNode      **send)
{
  gboolean now = kf_sim_selector_matches (w->selector, object);
  gboolean before = type == KF_SIM_EVENT_MODIFIED && old_object != NULL
                    ? kf_sim_selector_matches (w->selector, old_object) : now;

  *send = json_node_ref (object);
  switch (type)
    {
    case KF_SIM_EVENT_ADDED:
      return now ? "ADDED" : NULL;
    case KF_SIM_EVENT_DELETED:
      return now ? "DELETED" : NULL;
    case KF_SIM_EVENT_MODIFIED:
    default:
      if (now && before)
        return "MODIFIED";
      if (now)
        return "ADDED";
      if (before)
        {
          JsonNode *gone = kf_sim_json_copy (old_object);

          json_object_set_string_member (kf_sim_json_ensure_object (gone, "metadata"), "resourceVersion",
                                         kf_sim_json_get_string (object, "metadata.resourceVersion"));
          json_node_unref (*send);
          *send = gone;
          return "DELETED";
        }
      return NULL;
    }
}

static void
send_event (KfSimWatch     *w,
            KfSimEventType  type,
            JsonNode       *object,
            JsonNode       *old_object)
{
  g_autoptr(JsonNode) send = NULL;
  const char *name = event_for_watch (w, type, object, old_object, &send);

  if (name != NULL)
    send_object (w, name, send);
}

void
kf_sim_watch_dispatch (KfSimServer *server,
                       int          type,
                       const char  *resource,
                       JsonNode    *object)
{
  g_autoptr(GList) watches = g_list_copy (server->watches);
  const char *rv_s = kf_sim_json_get_string (object, "metadata.resourceVersion");
  guint64 rv = rv_s ? g_ascii_strtoull (rv_s, NULL, 10) : 0;
  const KfSimStoreEvent *last = kf_sim_store_peek_last_event (server->store);
  JsonNode *old_object = last != NULL && last->object == object ? last->old_object : NULL;

  for (GList *l = watches; l; l = l->next)
    {
      KfSimWatch *w = l->data;

      if (!g_list_find (server->watches, w) || w->ending || rv <= w->last_rv)
        continue;
      if (g_strcmp0 (resource, w->type.store_key) != 0 ||
          (w->ns != NULL && g_strcmp0 (kf_sim_json_get_string (object, "metadata.namespace"), w->ns) != 0))
        continue;
      w->last_rv = rv;
      send_event (w, CLAMP (type, KF_SIM_EVENT_ADDED, KF_SIM_EVENT_DELETED), object, old_object);
    }

  /* a CRD going away ends the watches on its resources */
  if (type == KF_SIM_EVENT_DELETED &&
      g_strcmp0 (resource, "customresourcedefinitions.apiextensions.k8s.io") == 0)
    {
      g_autofree char *key = g_strconcat (kf_sim_json_get_string (object, "spec.names.plural"), ".",
                                          kf_sim_json_get_string (object, "spec.group"), NULL);
      for (GList *l = server->watches; l; l = l->next)
        if (g_strcmp0 (((KfSimWatch *) l->data)->type.store_key, key) == 0)
          end_watch (l->data);
    }
}

void
kf_sim_watch_stop_all (KfSimServer *server)
{
  g_autoptr(GList) watches = g_list_copy (server->watches);

  for (GList *l = watches; l; l = l->next)
    end_watch (l->data);
}

static void
send_gone (KfSimWatch *w,
           GError     *error)
{
  g_autoptr(JsonNode) status = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *o = json_node_get_object (status);

  json_object_set_string_member (o, "kind", "Status");
  json_object_set_string_member (o, "apiVersion", "v1");
  json_object_set_object_member (o, "metadata", json_object_new ());
  json_object_set_string_member (o, "status", "Failure");
  json_object_set_string_member (o, "message", error->message);
  json_object_set_string_member (o, "reason", "Expired");
  json_object_set_int_member (o, "code", 410);
  send_line (w, "ERROR", status);
}

void
kf_sim_watch_start (KfSimRequest *req)
{
  KfSimServer *server = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(KfSimSelector) selector = NULL;
  const char *rv_s = kf_sim_request_query (req, "resourceVersion");
  const char *bookmarks = kf_sim_request_query (req, "allowWatchBookmarks");
  const char *timeout_s = kf_sim_request_query (req, "timeoutSeconds");
  const char *initial = kf_sim_request_query (req, "sendInitialEvents");
  g_autofree char *name_field = NULL;
  const char *fields = kf_sim_request_query (req, "fieldSelector");
  KfSimWatch *w;
  SoupMessageHeaders *headers;
  gboolean send_initial;

  /* GET .../NAME?watch=1 (old style) watches one object */
  if (req->name != NULL)
    name_field = fields ? g_strdup_printf ("%s,metadata.name=%s", fields, req->name)
                        : g_strdup_printf ("metadata.name=%s", req->name);
  selector = kf_sim_selector_new (kf_sim_request_query (req, "labelSelector"),
                                  name_field ? name_field : fields, &error);
  if (selector == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }

  w = g_new0 (KfSimWatch, 1);
  w->server = server;
  w->msg = g_object_ref (req->msg);
  w->type.group = g_strdup (req->type->group);
  w->type.version = g_strdup (req->type->version);
  w->type.kind = g_strdup (req->type->kind);
  w->type.plural = g_strdup (req->type->plural);
  w->type.store_key = g_strdup (req->type->store_key);
  w->type.columns = req->type->columns ? json_node_ref (req->type->columns) : NULL;
  w->ns = g_strdup (req->ns);
  w->selector = g_steal_pointer (&selector);
  w->table = req->want_table;

  soup_server_message_set_status (req->msg, 200, NULL);
  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Transfer-Encoding", "chunked");
  server->watches = g_list_prepend (server->watches, w);
  w->finished_id = g_signal_connect (req->msg, "finished", G_CALLBACK (finished_cb), w);
  if (g_signal_lookup ("disconnected", SOUP_TYPE_SERVER_MESSAGE) != 0)
    w->disconnected_id = g_signal_connect (req->msg, "disconnected", G_CALLBACK (finished_cb), w);

  send_initial = rv_s == NULL || *rv_s == '\0' || g_str_equal (rv_s, "0") ||
                 (initial != NULL && g_str_equal (initial, "true"));
  if (send_initial)
    {
      g_autoptr(GPtrArray) items = kf_sim_store_list (server->store, w->type.store_key, w->ns, NULL, NULL, NULL);

      w->last_rv = kf_sim_store_get_revision (server->store);
      for (guint i = 0; items && i < items->len; i++)
        if (kf_sim_selector_matches (w->selector, items->pdata[i]))
          send_object (w, "ADDED", items->pdata[i]);
      if (initial != NULL && g_str_equal (initial, "true") && bookmarks && g_str_equal (bookmarks, "true"))
        send_bookmark (w, TRUE);
    }
  else
    {
      guint64 since = g_ascii_strtoull (rv_s, NULL, 10);
      g_autoptr(GPtrArray) events = kf_sim_store_events_since (server->store, w->type.store_key, w->ns, since, &error);

      if (events == NULL)
        {
          send_gone (w, error);
          end_watch (w);
          return;
        }
      w->last_rv = MAX (since, kf_sim_store_get_revision (server->store));
      for (guint i = 0; i < events->len; i++)
        {
          KfSimStoreEvent *e = events->pdata[i];

          send_event (w, e->type, e->object, e->old_object);
        }
    }

  if (bookmarks != NULL && g_str_equal (bookmarks, "true"))
    w->bookmark_id = g_timeout_add_seconds (MAX (1, (guint) (30 / server->speed)), bookmark_cb, w);
  if (timeout_s != NULL && g_ascii_strtoull (timeout_s, NULL, 10) > 0)
    w->timeout_id = g_timeout_add_seconds ((guint) g_ascii_strtoull (timeout_s, NULL, 10), timeout_cb, w);
  if (server->watch_lifetime > 0)
    w->lifetime_id = g_timeout_add_seconds (server->watch_lifetime, lifetime_cb, w);
}
