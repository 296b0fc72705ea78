/* test-sim-store.c: the simulated cluster's object store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kf-sim-json.h"
#include "kf-sim-store.h"

static JsonNode *
obj (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kf_sim_json_from_data (json, strlen (json), &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
pod (const char *name,
     const char *labels_json,
     const char *node_name)
{
  g_autofree char *json = g_strdup_printf (
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"labels\":%s},"
    "\"spec\":{\"nodeName\":\"%s\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]},"
    "\"status\":{\"phase\":\"Pending\"}}", name, labels_json, node_name);
  return obj (json);
}

static void
test_create_get (void)
{
  g_autoptr(KfSimStore) store = kf_sim_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) in = pod ("web", "{\"app\":\"web\"}", "n1");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autofree char *rv = NULL;

  created = kf_sim_store_create (store, "pods", "default", in, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_sim_json_get_string (created, "metadata.namespace"), ==, "default");
  g_assert_nonnull (kf_sim_json_get_string (created, "metadata.uid"));
  g_assert_cmpint (strlen (kf_sim_json_get_string (created, "metadata.uid")), ==, 36);
  g_assert_true (g_str_has_suffix (kf_sim_json_get_string (created, "metadata.creationTimestamp"), "Z"));
  rv = g_strdup_printf ("%" G_GUINT64_FORMAT, kf_sim_store_get_revision (store));
  g_assert_cmpstr (kf_sim_json_get_string (created, "metadata.resourceVersion"), ==, rv);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (created, "metadata.generation")), ==, 1);
  /* the input is not modified: the store works on copies */
  g_assert_null (kf_sim_json_lookup (in, "metadata.uid"));

  again = kf_sim_store_create (store, "pods", "default", in, &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_ALREADY_EXISTS);
  g_assert_cmpstr (error->message, ==, "pods \"web\" already exists");
  g_assert_null (again);
  g_clear_error (&error);

  /* same name in another namespace is another object */
  g_clear_pointer (&again, json_node_unref);
  again = kf_sim_store_create (store, "pods", "other", in, &error);
  g_assert_no_error (error);

  got = kf_sim_store_get (store, "pods", "default", "web", &error);
  g_assert_no_error (error);
  g_assert_true (kf_sim_json_equal (got, created));
  /* a copy: changing it does not change the store */
  json_object_set_string_member (json_node_get_object (kf_sim_json_lookup (got, "metadata")), "name", "changed");
  g_clear_pointer (&got, json_node_unref);
  got = kf_sim_store_get (store, "pods", "default", "web", &error);
  g_assert_cmpstr (kf_sim_json_get_string (got, "metadata.name"), ==, "web");

  missing = kf_sim_store_get (store, "pods", "default", "nope", &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "pods \"nope\" not found");
  g_assert_null (missing);
}

static void
test_generate_name (void)
{
  g_autoptr(KfSimStore) store = kf_sim_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) in = obj ("{\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"cfg-\"}}");
  g_autoptr(JsonNode) a = kf_sim_store_create (store, "configmaps", "default", in, &error);
  g_autoptr(JsonNode) b = kf_sim_store_create (store, "configmaps", "default", in, &error);
  g_autoptr(JsonNode) none = obj ("{\"kind\":\"ConfigMap\",\"metadata\":{}}");
  g_autoptr(JsonNode) c = NULL;
  const char *na, *nb;

  g_assert_no_error (error);
  na = kf_sim_json_get_string (a, "metadata.name");
  nb = kf_sim_json_get_string (b, "metadata.name");
  g_assert_true (g_str_has_prefix (na, "cfg-"));
  g_assert_cmpint (strlen (na), ==, 9);
  g_assert_cmpstr (na, !=, nb);
  g_assert_cmpuint (kf_sim_store_count (store, "configmaps"), ==, 2);

  c = kf_sim_store_create (store, "configmaps", "default", none, &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_INVALID);
  g_assert_null (c);
}

static void
test_update_conflict_generation (void)
{
  g_autoptr(KfSimStore) store = kf_sim_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) in = obj ("{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":1},"
                                "\"status\":{\"readyReplicas\":0}}");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) labelled = NULL;
  g_autoptr(JsonNode) scaled = NULL;
  g_autoptr(JsonNode) stale = NULL;
  g_autoptr(JsonNode) noop = NULL;
  g_autoptr(JsonNode) missing = NULL;
  g_autoptr(JsonNode) change = NULL;
  guint64 rev;

  kf_sim_store_set_has_status (store, "deployments.apps", TRUE);
  created = kf_sim_store_create (store, "deployments.apps", "ns1", in, &error);
  g_assert_no_error (error);

  /* a metadata-only change bumps resourceVersion, not generation */
  change = kf_sim_json_copy (created);
  json_object_set_object_member (kf_sim_json_ensure_object (change, "metadata"), "labels", json_object_new ());
  json_object_set_string_member (kf_sim_json_ensure_object (change, "metadata.labels"), "a", "b");
  labelled = kf_sim_store_update (store, "deployments.apps", "ns1", change, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_sim_json_get_string (labelled, "metadata.resourceVersion"), !=,
                   kf_sim_json_get_string (created, "metadata.resourceVersion"));
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (labelled, "metadata.generation")), ==, 1);
  g_assert_cmpstr (kf_sim_json_get_string (labelled, "metadata.uid"), ==,
                   kf_sim_json_get_string (created, "metadata.uid"));

  /* a spec change bumps generation */
  g_clear_pointer (&change, json_node_unref);
  change = kf_sim_json_copy (labelled);
  json_object_set_int_member (kf_sim_json_ensure_object (change, "spec"), "replicas", 3);
  scaled = kf_sim_store_update (store, "deployments.apps", "ns1", change, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (scaled, "metadata.generation")), ==, 2);

  /* the old resourceVersion is now stale */
  stale = kf_sim_store_update (store, "deployments.apps", "ns1", labelled, FALSE, &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_CONFLICT);
  g_assert_true (g_str_has_prefix (error->message, "Operation cannot be fulfilled on deployments.apps \"d\""));
  g_assert_null (stale);
  g_clear_error (&error);

  /* a no-op update changes nothing */
  rev = kf_sim_store_get_revision (store);
  noop = kf_sim_store_update (store, "deployments.apps", "ns1", scaled, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kf_sim_store_get_revision (store), ==, rev);
  g_assert_true (kf_sim_json_equal (noop, scaled));

  g_clear_pointer (&change, json_node_unref);
  change = obj ("{\"metadata\":{\"name\":\"ghost\"}}");
  missing = kf_sim_store_update (store, "deployments.apps", "ns1", change, FALSE, &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

static void
test_status_subresource (void)
{
  g_autoptr(KfSimStore) store = kf_sim_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) in = obj ("{\"kind\":\"RayService\",\"metadata\":{\"name\":\"r\"},\"spec\":{\"a\":1}}");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) main_update = NULL;
  g_autoptr(JsonNode) after_status = NULL;
  g_autoptr(JsonNode) after_main = NULL;

  kf_sim_store_set_has_status (store, "rayservices.ray.io", TRUE);
  g_assert_true (kf_sim_store_get_has_status (store, "rayservices.ray.io"));
  g_assert_false (kf_sim_store_get_has_status (store, "configmaps"));
  created = kf_sim_store_create (store, "rayservices.ray.io", "default", in, &error);
  g_assert_no_error (error);

  /* status update: only .status is taken, spec changes are ignored */
  status = obj ("{\"metadata\":{\"name\":\"r\"},\"spec\":{\"a\":99},\"status\":{\"serviceStatus\":\"Running\"}}");
  after_status = kf_sim_store_update (store, "rayservices.ray.io", "default", status, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_sim_json_get_string (after_status, "status.serviceStatus"), ==, "Running");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (after_status, "spec.a")), ==, 1);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (after_status, "metadata.generation")), ==, 1);

  /* main update: .status is kept from the stored object */
  main_update = obj ("{\"metadata\":{\"name\":\"r\"},\"spec\":{\"a\":2},\"status\":{\"serviceStatus\":\"Bogus\"}}");
  after_main = kf_sim_store_update (store, "rayservices.ray.io", "default", main_update, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_sim_json_get_string (after_main, "status.serviceStatus"), ==, "Running");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (after_main, "spec.a")), ==, 2);
}

static void
fill_pods (KfSimStore *store)
{
  const struct { const char *ns, *name, *labels, *node; } pods[] = {
    { "b", "p1", "{\"app\":\"web\",\"tier\":\"front\"}", "n1" },
    { "a", "p2", "{\"app\":\"web\",\"tier\":\"back\"}", "n2" },
    { "a", "p1", "{\"app\":\"db\"}", "" },
    { "a-b", "p0", "{\"app\":\"db\",\"env\":\"prod\"}", "n1" },
    { "c", "p9", "{}", "n3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pods); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) p = pod (pods[i].name, pods[i].labels, pods[i].node);
      g_autoptr(JsonNode) created = kf_sim_store_create (store, "pods", pods[i].ns, p, &error);
      g_assert_no_error (error);
    }
}

static char *
names_of (GPtrArray *items)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (s, "%s%s/%s", i ? " " : "",
                            kf_sim_json_get_string (items->pdata[i], "metadata.namespace"),
                            kf_sim_json_get_string (items->pdata[i], "metadata.name"));
  return g_string_free (s, FALSE);
}

static char *
list_names (KfSimStore *store,
            const char *ns,
            const char *labels,
            const char *fields)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = kf_sim_store_list (store, "pods", ns, labels, fields, &error);

  g_assert_no_error (error);
  return names_of (items);
}

static void
check_list (KfSimStore *store,
            const char *ns,
            const char *labels,
            const char *fields,
            const char *expected)
{
  g_autofree char *got = list_names (store, ns, labels, fields);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_list_selectors (void)
{
  g_autoptr(KfSimStore) store = kf_sim_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bad = NULL;

  fill_pods (store);
  /* sorted by namespace then name ("a" before "a-b") */
  check_list (store, NULL, NULL, NULL, "a/p1 a/p2 a-b/p0 b/p1 c/p9");
  check_list (store, "a", NULL, NULL, "a/p1 a/p2");
  check_list (store, "zzz", NULL, NULL, "");
  check_list (store, NULL, "app=web", NULL, "a/p2 b/p1");
  check_list (store, NULL, "app==web,tier!=front", NULL, "a/p2");
  check_list (store, NULL, "app in (db, web),tier notin (back)", NULL, "a/p1 a-b/p0 b/p1");
  check_list (store, NULL, "env", NULL, "a-b/p0");
  check_list (store, NULL, "!app", NULL, "c/p9");
  check_list (store, NULL, "tier!=front", NULL, "a/p1 a/p2 a-b/p0 c/p9");
  check_list (store, NULL, NULL, "spec.nodeName=n1", "a-b/p0 b/p1");
  check_list (store, NULL, NULL, "spec.nodeName=", "a/p1");
  check_list (store, NULL, NULL, "metadata.name=p1,metadata.namespace!=b", "a/p1");
  check_list (store, NULL, "app=db", "status.phase!=Failed", "a/p1 a-b/p0");
  check_list (store, NULL, NULL, "status.phase==Running", "");

  bad = kf_sim_store_list (store, "pods", NULL, "app in (a", NULL, &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_BAD_REQUEST);
  g_assert_null (bad);
  g_clear_error (&error);
  bad = kf_sim_store_list (store, "pods", NULL, NULL, "spec.nodeName", &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_BAD_REQUEST);
  g_assert_null (bad);
}

static void
test_list_pages (void)
{
  g_autoptr(KfSimStore) store = kf_sim_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *all = NULL;
  GString *seen = g_string_new (NULL);
  guint pages = 0, remaining = 0;

  fill_pods (store);
  do
    {
      g_autofree char *next = NULL;
      g_autoptr(GPtrArray) page = kf_sim_store_list_page (store, "pods", NULL, NULL, NULL, key, 2,
                                                          &next, &remaining, &error);
      g_autofree char *names = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, 2);
      names = names_of (page);
      g_string_append_printf (seen, "%s%s", seen->len ? " " : "", names);
      if (pages == 0)
        g_assert_cmpuint (remaining, ==, 3);
      g_free (key);
      key = g_steal_pointer (&next);
      pages++;
    }
  while (key != NULL);
  all = g_string_free (seen, FALSE);
  g_assert_cmpstr (all, ==, "a/p1 a/p2 a-b/p0 b/p1 c/p9");
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (remaining, ==, 0);

  /* paging within a namespace and with a selector */
  {
    g_autofree char *next = NULL;
    g_autoptr(GPtrArray) p1 = kf_sim_store_list_page (store, "pods", "a", NULL, NULL, NULL, 1, &next, NULL, &error);
    g_autoptr(GPtrArray) p2 = NULL;
    g_autofree char *next2 = NULL;

    g_assert_cmpuint (p1->len, ==, 1);
    g_assert_cmpstr (next, ==, "a/p1");
    p2 = kf_sim_store_list_page (store, "pods", "a", NULL, NULL, next, 1, &next2, NULL, &error);
    g_assert_cmpuint (p2->len, ==, 1);
    g_assert_cmpstr (kf_sim_json_get_string (p2->pdata[0], "metadata.name"), ==, "p2");
    g_assert_null (next2);
  }
}

typedef struct
{
  GString *log;
  KfSimStore *store;
} Recorder;

static void
changed_cb (KfSimStore *store,
            int         type,
            const char *resource,
            JsonNode   *object,
            gpointer    user_data)
{
  Recorder *r = user_data;
  static const char *names[] = { "ADDED", "MODIFIED", "DELETED" };

  g_assert_true (json_node_is_immutable (object));
  g_string_append_printf (r->log, "%s %s %s/%s@%s\n", names[type], resource,
                          kf_sim_json_get_string (object, "metadata.namespace"),
                          kf_sim_json_get_string (object, "metadata.name"),
                          kf_sim_json_get_string (object, "metadata.resourceVersion"));
}

static void
test_namespace_cascade_and_signal (void)
{
  g_autoptr(KfSimStore) store = kf_sim_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ns = obj ("{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}}");
  g_autoptr(JsonNode) created = kf_sim_store_create (store, "namespaces", NULL, ns, &error);
  g_autoptr(JsonNode) cm = obj ("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
  g_autoptr(JsonNode) cm_created = kf_sim_store_create (store, "configmaps", "a", cm, &error);
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) again = NULL;
  Recorder r = { g_string_new (NULL), store };
  g_autofree char *log = NULL;
  g_autofree char *expected = NULL;
  guint64 rev;

  g_assert_no_error (error);
  g_assert_null (kf_sim_json_get_string (created, "metadata.namespace"));
  fill_pods (store);
  rev = kf_sim_store_get_revision (store);
  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &r);

  deleted = kf_sim_store_delete (store, "namespaces", NULL, "a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_sim_json_get_string (deleted, "metadata.name"), ==, "a");
  log = g_string_free (r.log, FALSE);
  /* configmaps and pods may come in either order; the namespace comes last */
  expected = g_strdup_printf ("DELETED namespaces (null)/a@%" G_GUINT64_FORMAT "\n", rev + 4);
  g_assert_true (g_str_has_suffix (log, expected));
  g_assert_nonnull (strstr (log, "DELETED configmaps a/c@"));
  g_assert_nonnull (strstr (log, "DELETED pods a/p1@"));
  g_assert_nonnull (strstr (log, "DELETED pods a/p2@"));
  g_assert_null (strstr (log, "a-b/p0"));
  check_list (store, NULL, NULL, NULL, "a-b/p0 b/p1 c/p9");
  g_assert_cmpuint (kf_sim_store_count (store, "configmaps"), ==, 0);

  again = kf_sim_store_delete (store, "namespaces", NULL, "a", &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_NOT_FOUND);
  g_assert_null (again);
}

static void
test_history (void)
{
  g_autoptr(KfSimStore) store = kf_sim_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  g_autoptr(JsonNode) del = NULL;
  guint64 start;

  fill_pods (store);   /* revisions 1..5 */
  start = kf_sim_store_get_revision (store);
  del = kf_sim_store_delete (store, "pods", "b", "p1", &error);
  g_assert_no_error (error);

  events = kf_sim_store_events_since (store, "pods", NULL, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpuint (((KfSimStoreEvent *) events->pdata[0])->revision, ==, 4);
  g_assert_cmpint (((KfSimStoreEvent *) events->pdata[2])->type, ==, KF_SIM_EVENT_DELETED);
  g_assert_cmpuint (((KfSimStoreEvent *) events->pdata[2])->revision, ==, start + 1);
  g_clear_pointer (&events, g_ptr_array_unref);

  events = kf_sim_store_events_since (store, "pods", "a", 0, &error);
  g_assert_cmpuint (events->len, ==, 2);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = kf_sim_store_events_since (store, "configmaps", NULL, 0, &error);
  g_assert_cmpuint (events->len, ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* a small history: resuming from before it is 410 Gone */
  kf_sim_store_set_history_size (store, 2);
  gone = kf_sim_store_events_since (store, "pods", NULL, 2, &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_GONE);
  g_assert_true (g_str_has_prefix (error->message, "too old resource version: 2"));
  g_assert_null (gone);
  g_clear_error (&error);
  events = kf_sim_store_events_since (store, "pods", NULL, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_clear_pointer (&events, g_ptr_array_unref);

  kf_sim_store_compact (store);
  gone = kf_sim_store_events_since (store, "pods", NULL, start, &error);
  g_assert_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_GONE);
  g_clear_error (&error);
  events = kf_sim_store_events_since (store, NULL, NULL, kf_sim_store_get_revision (store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/store/create-get", test_create_get);
  g_test_add_func ("/sim/store/generate-name", test_generate_name);
  g_test_add_func ("/sim/store/update-conflict-generation", test_update_conflict_generation);
  g_test_add_func ("/sim/store/status-subresource", test_status_subresource);
  g_test_add_func ("/sim/store/list-selectors", test_list_selectors);
  g_test_add_func ("/sim/store/list-pages", test_list_pages);
  g_test_add_func ("/sim/store/namespace-cascade", test_namespace_cascade_and_signal);
  g_test_add_func ("/sim/store/history", test_history);
  return g_test_run ();
}
