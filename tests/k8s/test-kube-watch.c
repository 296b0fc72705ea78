/* test-kube-watch.c: KfKubeWatch and KfInformer against an HTTPS API server
 * on loopback: events, resume after a dropped stream, 410 Gone → relist,
 * cancel on a context switch, an informer tracking create/modify/delete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-informer.h"
#include "kf-test-apiserver.h"

static const KfKubeResource rs = { "ray.io", "v1", "rayservices" };

typedef struct
{
  guint      n_listed;
  guint      n_list_items;
  GPtrArray *events;   /* "TYPE name" */
  guint      n_errors;
} Recorder;

static void
listed_cb (KfKubeWatch *watch, JsonNode *list, Recorder *rec)
{
  rec->n_listed++;
  rec->n_list_items = json_array_get_length (json_object_get_array_member (json_node_get_object (list), "items"));
}

static void
event_cb (KfKubeWatch *watch, int type, JsonNode *object, Recorder *rec)
{
  static const char *names[] = { "ADDED", "MODIFIED", "DELETED", "BOOKMARK" };
  JsonObject *meta = json_object_get_object_member (json_node_get_object (object), "metadata");

  if (type == KF_KUBE_WATCH_BOOKMARK)
    return;
  g_ptr_array_add (rec->events, g_strdup_printf ("%s %s", names[type],
                                                 json_object_get_string_member_with_default (meta, "name", "?")));
}

static void
error_cb (KfKubeWatch *watch, GError *error, Recorder *rec)
{
  rec->n_errors++;
  g_test_message ("watch error: %s", error->message);
}

static KfKubeWatch *
recorded_watch (KfKubeClient *client, const char *ns, Recorder *rec)
{
  KfKubeWatch *watch = kf_kube_watch_new (client, &rs, ns, NULL, NULL);

  rec->events = g_ptr_array_new_with_free_func (g_free);
  kf_kube_watch_set_backoff (watch, 10, 100);
  g_signal_connect (watch, "listed", G_CALLBACK (listed_cb), rec);
  g_signal_connect (watch, "event", G_CALLBACK (event_cb), rec);
  g_signal_connect (watch, "error", G_CALLBACK (error_cb), rec);
  return watch;
}

static void
put (KfTestApiserver *server, const char *ns, const char *name, int replicas)
{
  g_autofree char *text = g_strdup_printf ("{\"apiVersion\":\"ray.io/v1\",\"kind\":\"RayService\",\"metadata\":{\"name\":\"%s\","
                                           "\"namespace\":\"%s\",\"labels\":{\"app\":\"kf\"},\"managedFields\":[{\"manager\":\"kubectl\"}]},"
                                           "\"spec\":{\"replicas\":%d}}", name, ns, replicas);
  g_autoptr(JsonNode) node = kf_test_json (text);

  kf_test_apiserver_put (server, "ray.io", "rayservices", node);
}

static guint
count_event (Recorder *rec, const char *text)
{
  guint n = 0;

  for (guint i = 0; i < rec->events->len; i++)
    if (g_str_equal (g_ptr_array_index (rec->events, i), text))
      n++;
  return n;
}

typedef struct { Recorder *rec; guint n; } AtLeast;

static gboolean
has_n_events (gpointer data)
{
  AtLeast *a = data;
  return a->rec->events->len >= a->n;
}

static gboolean
is_connected (gpointer data)
{
  return kf_kube_watch_is_connected (data);
}

static void
test_watch_events (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  Recorder rec = { 0 };
  g_autoptr(KfKubeWatch) watch = recorded_watch (client, "ml", &rec);
  AtLeast want = { &rec, 3 };

  put (server, "ml", "a", 1);
  put (server, "ml", "b", 1);
  put (server, "other", "c", 1);
  kf_kube_watch_start (watch);
  g_assert_true (kf_test_wait_until (is_connected, watch, 5000));
  g_assert_cmpuint (rec.n_listed, ==, 1);
  g_assert_cmpuint (rec.n_list_items, ==, 2);

  put (server, "ml", "d", 1);
  put (server, "ml", "a", 2);
  put (server, "other", "e", 1);   /* another namespace: not seen */
  kf_test_apiserver_remove (server, "ray.io", "rayservices", "ml", "b");
  g_assert_true (kf_test_wait_until (has_n_events, &want, 5000));
  g_assert_cmpuint (rec.events->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (rec.events, 0), ==, "ADDED d");
  g_assert_cmpstr (g_ptr_array_index (rec.events, 1), ==, "MODIFIED a");
  g_assert_cmpstr (g_ptr_array_index (rec.events, 2), ==, "DELETED b");
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/apis/ray.io/v1/namespaces/ml/rayservices",
                                                      "allowWatchBookmarks=true"), ==, 1);

  kf_kube_watch_stop (watch);
  g_assert_false (kf_kube_watch_is_running (watch));
  g_ptr_array_unref (rec.events);
  g_clear_object (&watch);
  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

static void
test_watch_resume (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  Recorder rec = { 0 };
  g_autoptr(KfKubeWatch) watch = recorded_watch (client, NULL, &rec);
  AtLeast want = { &rec, 1 };
  g_autofree char *rv_query = NULL;

  put (server, "ml", "a", 1);
  kf_kube_watch_start (watch);
  g_assert_true (kf_test_wait_until (is_connected, watch, 5000));
  put (server, "ml", "b", 1);
  g_assert_true (kf_test_wait_until (has_n_events, &want, 5000));

  /* the server drops the stream; changes happen before the watch is back */
  rv_query = g_strdup_printf ("resourceVersion=%s", kf_kube_watch_get_resource_version (watch));
  kf_test_apiserver_drop_streams (server);
  put (server, "ml", "c", 1);
  put (server, "ml", "b", 2);
  want.n = 3;
  g_assert_true (kf_test_wait_until (has_n_events, &want, 5000));
  g_assert_true (kf_test_wait_until (is_connected, watch, 5000));

  g_assert_cmpuint (rec.n_listed, ==, 1);  /* resumed, not relisted */
  g_assert_cmpuint (rec.events->len, ==, 3);
  g_assert_cmpuint (count_event (&rec, "ADDED b"), ==, 1);
  g_assert_cmpuint (count_event (&rec, "ADDED c"), ==, 1);
  g_assert_cmpuint (count_event (&rec, "MODIFIED b"), ==, 1);
  g_assert_cmpuint (kf_kube_watch_get_n_connects (watch), ==, 2);
  /* the second stream asked for what came after the last event seen */
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/apis/ray.io/v1/rayservices", rv_query), >=, 1);

  g_ptr_array_unref (rec.events);
  g_clear_object (&watch);
  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

static gboolean
listed_twice (gpointer data)
{
  return ((Recorder *) data)->n_listed >= 2;
}

static void
check_gone (gboolean as_event)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  Recorder rec = { 0 };
  g_autoptr(KfKubeWatch) watch = recorded_watch (client, "ml", &rec);

  put (server, "ml", "a", 1);
  put (server, "ml", "b", 1);
  kf_kube_watch_start (watch);
  g_assert_true (kf_test_wait_until (is_connected, watch, 5000));
  /* history is compacted (and the stream dropped) while a changes */
  kf_test_apiserver_compact (server, as_event);
  kf_test_apiserver_remove (server, "ray.io", "rayservices", "ml", "b");
  put (server, "ml", "z", 1);
  g_assert_true (kf_test_wait_until (listed_twice, &rec, 5000));
  g_assert_cmpuint (rec.n_listed, ==, 2);
  g_assert_cmpuint (rec.n_list_items, ==, 2);  /* a and z */
  g_assert_true (kf_test_wait_until (is_connected, watch, 5000));

  g_ptr_array_unref (rec.events);
  g_clear_object (&watch);
  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

static void
test_watch_gone_http (void)
{
  check_gone (FALSE);
}

static void
test_watch_gone_event (void)
{
  check_gone (TRUE);
}

static gboolean
no_watchers (gpointer data)
{
  return kf_test_apiserver_n_watchers (data) == 0;
}

static gboolean
both_connected (gpointer data)
{
  KfKubeWatch **w = data;
  return kf_kube_watch_is_connected (w[0]) && kf_kube_watch_is_connected (w[1]);
}

static void
test_watch_cancel (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  Recorder rec1 = { 0 }, rec2 = { 0 };
  KfKubeWatch *w[2];

  w[0] = recorded_watch (client, "ml", &rec1);
  w[1] = recorded_watch (client, NULL, &rec2);
  kf_kube_watch_start (w[0]);
  kf_kube_watch_start (w[1]);
  g_assert_true (kf_test_wait_until (both_connected, w, 5000));
  g_assert_cmpuint (kf_test_apiserver_n_watchers (server), ==, 2);

  /* a context switch: everything of the old client stops */
  kf_kube_client_cancel_all (client);
  put (server, "ml", "after", 1);
  kf_test_run_for (300);
  g_assert_false (kf_kube_watch_is_running (w[0]));
  g_assert_false (kf_kube_watch_is_running (w[1]));
  /* the connections are gone: the server finds out when it writes to them */
  for (guint i = 0; i < 40 && !no_watchers (server); i++)
    {
      g_autofree char *name = g_strdup_printf ("after-%u", i);
      put (server, "ml", name, 1);
      kf_test_run_for (50);
    }
  g_assert_cmpuint (kf_test_apiserver_n_watchers (server), ==, 0);
  g_assert_cmpuint (rec1.events->len + rec2.events->len, ==, 0);

  g_ptr_array_unref (rec1.events);
  g_ptr_array_unref (rec2.events);
  g_object_unref (w[0]);
  g_object_unref (w[1]);
  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

/* ---------------------------------------------------------------- informer */

typedef struct
{
  GPtrArray *changes;  /* "pos,removed,added" */
} ModelLog;

static void
items_changed_cb (GListModel *model, guint pos, guint removed, guint added, ModelLog *log)
{
  g_ptr_array_add (log->changes, g_strdup_printf ("%u,%u,%u", pos, removed, added));
}

static char *
names (GListModel *model)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KfKubeObject) o = g_list_model_get_item (model, i);
      g_string_append_printf (s, "%s%s/%s", i ? " " : "", kf_kube_object_get_namespace (o), kf_kube_object_get_name (o));
    }
  return g_string_free (s, FALSE);
}

static gboolean
is_synced (gpointer data)
{
  return kf_informer_get_synced (data) && kf_kube_watch_is_connected (kf_informer_get_watch (data));
}

typedef struct { KfInformer *inf; const char *want; } NamesAre;

static gboolean
names_are (gpointer data)
{
  NamesAre *n = data;
  g_autofree char *have = names (G_LIST_MODEL (n->inf));
  return g_str_equal (have, n->want);
}

static gboolean
replicas_are (gpointer data)
{
  KfKubeObject *o = kf_informer_lookup (data, "ml", "b");
  JsonObject *spec = o ? json_object_get_object_member (json_node_get_object (kf_kube_object_get_json (o)), "spec") : NULL;
  return spec != NULL && json_object_get_int_member (spec, "replicas") == 7;
}

static void
test_informer (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  g_autoptr(KfInformer) inf = kf_informer_new (client, &rs, NULL, "app=kf", NULL);
  ModelLog log = { g_ptr_array_new_with_free_func (g_free) };
  NamesAre n = { inf, NULL };
  KfKubeObject *b;

  kf_kube_watch_set_backoff (kf_informer_get_watch (inf), 10, 100);
  g_signal_connect (inf, "items-changed", G_CALLBACK (items_changed_cb), &log);
  put (server, "ml", "c", 1);
  put (server, "ml", "a", 1);
  put (server, "dev", "z", 1);
  {
    g_autoptr(JsonNode) unlabelled = kf_test_json ("{\"metadata\":{\"name\":\"nolabel\",\"namespace\":\"ml\"}}");
    kf_test_apiserver_put (server, "ray.io", "rayservices", unlabelled);
  }
  g_assert_false (kf_informer_get_synced (inf));
  kf_informer_start (inf);
  g_assert_true (kf_test_wait_until (is_synced, inf, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (inf)), ==, 3);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (inf)) == KF_TYPE_KUBE_OBJECT);
  n.want = "dev/z ml/a ml/c";
  g_assert_true (names_are (&n));
  g_assert_cmpstr (g_ptr_array_index (log.changes, 0), ==, "0,0,3");

  /* create lands at its sorted place */
  put (server, "ml", "b", 1);
  n.want = "dev/z ml/a ml/b ml/c";
  g_assert_true (kf_test_wait_until (names_are, &n, 5000));
  g_assert_cmpstr (g_ptr_array_index (log.changes, log.changes->len - 1), ==, "2,0,1");

  /* modify: in place, same object, items-changed for its position */
  b = kf_informer_lookup (inf, "ml", "b");
  g_assert_nonnull (b);
  g_object_ref (b);
  put (server, "ml", "b", 7);
  g_assert_true (kf_test_wait_until (replicas_are, inf, 5000));
  g_assert_true (kf_informer_lookup (inf, "ml", "b") == b);
  g_assert_cmpstr (g_ptr_array_index (log.changes, log.changes->len - 1), ==, "2,1,1");
  /* managedFields are not kept */
  g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (kf_kube_object_get_json (b)), "metadata"),
                                          "managedFields"));
  g_assert_cmpstr (kf_kube_object_get_label (b, "app"), ==, "kf");
  g_assert_nonnull (kf_kube_object_get_uid (b));
  g_object_unref (b);

  /* delete */
  kf_test_apiserver_remove (server, "ray.io", "rayservices", "dev", "z");
  n.want = "ml/a ml/b ml/c";
  g_assert_true (kf_test_wait_until (names_are, &n, 5000));
  g_assert_cmpstr (g_ptr_array_index (log.changes, log.changes->len - 1), ==, "0,1,0");

  /* 410 Gone during a gap: the relist reconciles (a gone, y new, b kept) */
  kf_test_apiserver_compact (server, FALSE);
  kf_test_apiserver_remove (server, "ray.io", "rayservices", "ml", "a");
  put (server, "ml", "y", 1);
  n.want = "ml/b ml/c ml/y";
  g_assert_true (kf_test_wait_until (names_are, &n, 5000));
  g_assert_true (kf_test_wait_until (is_synced, inf, 5000));
  g_assert_null (kf_informer_get_last_error (inf));  /* cleared once connected again */

  kf_informer_stop (inf);
  g_ptr_array_unref (log.changes);
  g_clear_object (&inf);
  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

static void
test_informer_last_error (void)
{
  g_autoptr(KfRestConfig) config = kf_test_config_new ("https://127.0.0.1:9", "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  g_autoptr(KfInformer) inf = kf_informer_new (client, &rs, NULL, NULL, NULL);

  kf_kube_watch_set_backoff (kf_informer_get_watch (inf), 10, 50);
  kf_informer_start (inf);
  while (kf_informer_get_last_error (inf) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error ((GError *) kf_informer_get_last_error (inf), KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE);
  g_assert_false (kf_informer_get_synced (inf));
  kf_informer_stop (inf);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/k8s/watch/events", test_watch_events);
  g_test_add_func ("/k8s/watch/resume", test_watch_resume);
  g_test_add_func ("/k8s/watch/gone-http", test_watch_gone_http);
  g_test_add_func ("/k8s/watch/gone-event", test_watch_gone_event);
  g_test_add_func ("/k8s/watch/cancel", test_watch_cancel);
  g_test_add_func ("/k8s/informer/track", test_informer);
  g_test_add_func ("/k8s/informer/last-error", test_informer_last_error);
  return g_test_run ();
}
