/* test-deployment-list.c: KfDeploymentList and the deployment actions against
 * the simulated cluster (its API server on loopback, its operators)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kf-deployment-actions.h"
#include "kf-deployment-list.h"
#include "kf-provider-registry.h"
#include "kf-test-sim.h"

#define WAIT_MS 60000

typedef struct
{
  KfDeploymentList *list;
  guint             n;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *w = data;

  return g_list_model_get_n_items (G_LIST_MODEL (w->list)) == w->n;
}

static gboolean
list_synced (gpointer data)
{
  return kf_deployment_list_get_synced (data);
}

typedef struct
{
  KfDeploymentList *list;
  const char       *ns, *name;
  KfDeploymentPhase phase;
} PhaseWait;

static gboolean
phase_is (gpointer data)
{
  PhaseWait *w = data;
  KfDeployment *d = kf_deployment_list_lookup (w->list, w->ns, w->name, NULL);

  return d != NULL && kf_deployment_get_phase (d) == w->phase;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
delete_sync (KfTestSim  *ts,
             const char *provider_id,
             const char *ns,
             const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  KfProvider *p = kf_provider_registry_lookup (kf_provider_registry_get_default (), provider_id);

  kf_deployment_delete_async (kf_test_sim_get_client (ts), p, ns, name, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (kf_deployment_delete_finish (kf_test_sim_get_client (ts), result, &error));
  g_assert_no_error (error);
}

static void
on_items_changed (GListModel *model,
                  guint       pos,
                  guint       removed,
                  guint       added,
                  gint64     *stamp)
{
  *stamp = g_get_monotonic_time ();
}

/* create, status change, delete: each seen through the watch, no list requests after the first */
static void
test_list_live (void)
{
  KfTestSim *ts = kf_test_sim_new (NULL, 100.0, FALSE);
  g_autoptr(KfDeploymentList) list = kf_deployment_list_new (kf_test_sim_get_client (ts), NULL);
  g_autoptr(JsonNode) cr = NULL;
  CountWait one = { list, 1 }, none = { list, 0 };
  PhaseWait running = { list, "team-a", "qwen", KF_DEPLOYMENT_PHASE_RUNNING };
  guint lists_after_sync;
  gint64 t0, changed = 0;
  KfDeployment *d;
  g_auto(GStrv) installed = NULL;

  kf_deployment_list_start (list);
  g_assert_true (kf_test_sim_wait_for (list_synced, list, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (kf_deployment_list_get_error (list));
  installed = kf_deployment_list_dup_installed_providers (list);
  g_assert_cmpuint (g_strv_length (installed), ==, 3);
  lists_after_sync = kf_sim_server_count_requests (ts->server, "list", NULL);
  g_assert_cmpuint (lists_after_sync, ==, 3);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changed);

  /* create */
  t0 = g_get_monotonic_time ();
  cr = kf_test_sim_deploy (ts, "dynamo", "team-a", "qwen", "Qwen/Qwen3-0.6B", 1);
  g_assert_true (kf_test_sim_wait_for (count_is, &one, WAIT_MS));
  g_test_message ("create seen after %.1f ms", (changed - t0) / 1000.0);
  d = kf_deployment_list_lookup (list, "team-a", "qwen", "dynamo");
  g_assert_nonnull (d);
  g_assert_cmpstr (kf_deployment_get_provider_id (d), ==, "dynamo");
  g_assert_cmpstr (kf_deployment_get_runtime_name (d), ==, "NVIDIA Dynamo");
  g_assert_cmpstr (kf_deployment_get_model (d), ==, "Qwen/Qwen3-0.6B");
  g_assert_cmpstr (kf_deployment_get_engine_name (d), ==, "vLLM");
  g_assert_nonnull (kf_deployment_get_json (d));

  /* status change: the operator brings it up */
  t0 = g_get_monotonic_time ();
  g_assert_true (kf_test_sim_wait_for (phase_is, &running, WAIT_MS));
  g_assert_cmpstr (kf_deployment_get_replicas (kf_deployment_list_lookup (list, "team-a", "qwen", NULL)), ==, "1/1");

  /* delete */
  t0 = g_get_monotonic_time ();
  delete_sync (ts, "dynamo", "team-a", "qwen");
  g_assert_true (kf_test_sim_wait_for (count_is, &none, WAIT_MS));
  g_test_message ("delete seen after %.1f ms", (changed - t0) / 1000.0);

  /* no polling: every change came through the watches */
  g_assert_cmpuint (kf_sim_server_count_requests (ts->server, "list", NULL), ==, lists_after_sync);
  g_assert_cmpuint (kf_sim_server_count_requests (ts->server, "watch", NULL), >=, 3);

  g_signal_handlers_disconnect_by_data (list, &changed);
  kf_deployment_list_stop (list);
  g_clear_object (&list);
  kf_test_sim_free (ts);
}

static gboolean
service_gone (gpointer data)
{
  KfTestSim *ts = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) svc = kf_test_sim_client_request (ts, "GET", "/api/v1/namespaces/kaito-ns/services/small-vllm",
                                                 NULL, NULL, &error);

  return svc == NULL && g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND);
}

/* the three providers, one namespace, KAITO's extra Service deleted with it */
static void
test_list_providers_namespace (void)
{
  KfTestSim *ts = kf_test_sim_new (NULL, 100.0, FALSE);
  g_autoptr(KfDeploymentList) all = kf_deployment_list_new (kf_test_sim_get_client (ts), NULL);
  g_autoptr(KfDeploymentList) one_ns = kf_deployment_list_new (kf_test_sim_get_client (ts), "kaito-ns");
  g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, svc = NULL;
  g_autoptr(GError) error = NULL;
  CountWait three = { all, 3 }, one = { one_ns, 1 }, two = { all, 2 };
  g_autoptr(KfDeployment) first = NULL;

  a = kf_test_sim_deploy (ts, "dynamo", "dyn-ns", "dyn", "Qwen/Qwen3-0.6B", 1);
  b = kf_test_sim_deploy (ts, "kuberay", "ray-ns", "ray", "Qwen/Qwen3-0.6B", 1);
  c = kf_test_sim_deploy (ts, "kaito", "kaito-ns", "small", "Qwen/Qwen3-0.6B", 1);
  /* an unmanaged resource of the same kind is not listed */
  {
    g_autoptr(JsonNode) foreign = kf_test_sim_json (
      "{\"apiVersion\":\"kaito.sh/v1beta1\",\"kind\":\"Workspace\",\"metadata\":{\"name\":\"foreign\"},"
      "\"resource\":{\"count\":1,\"labelSelector\":{\"matchLabels\":{\"a\":\"b\"}}},"
      "\"inference\":{\"preset\":{\"name\":\"phi-3\"}}}");
    g_autoptr(JsonNode) created = kf_test_sim_create (ts, &kf_kube_resource_kaito_workspaces, "kaito-ns", foreign);
  }

  kf_deployment_list_start (all);
  kf_deployment_list_start (one_ns);
  g_assert_true (kf_test_sim_wait_for (count_is, &three, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (list_synced, one_ns, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (count_is, &one, WAIT_MS));
  first = g_list_model_get_item (G_LIST_MODEL (one_ns), 0);
  g_assert_cmpstr (kf_deployment_get_name (first), ==, "small");
  g_assert_cmpstr (kf_deployment_get_provider_id (first), ==, "kaito");
  g_assert_nonnull (kf_deployment_list_lookup (all, "ray-ns", "ray", "kuberay"));
  g_assert_null (kf_deployment_list_lookup (all, "ray-ns", "ray", "dynamo"));

  svc = kf_test_sim_client_request (ts, "GET", "/api/v1/namespaces/kaito-ns/services/small-vllm", NULL, NULL, &error);
  g_assert_no_error (error);
  delete_sync (ts, "kaito", "kaito-ns", "small");
  g_assert_true (kf_test_sim_wait_for (count_is, &two, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (service_gone, ts, WAIT_MS));

  g_clear_object (&first);
  g_clear_object (&all);
  g_clear_object (&one_ns);
  kf_test_sim_free (ts);
}

/* a runtime whose CRD is missing is left out without an error */
static void
test_list_runtime_missing (void)
{
  KfTestSim *ts = kf_test_sim_new (NULL, 100.0, FALSE);
  g_autoptr(KfDeploymentList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_auto(GStrv) installed = NULL;
  CountWait one;

  deleted = kf_test_sim_client_request (ts, "DELETE",
                                 "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/workspaces.kaito.sh",
                                 NULL, NULL, &error);
  g_assert_no_error (error);
  kf_test_sim_spin (200);
  a = kf_test_sim_deploy (ts, "dynamo", "dyn-ns", "dyn", "Qwen/Qwen3-0.6B", 1);

  list = kf_deployment_list_new (kf_test_sim_get_client (ts), NULL);
  one.list = list;
  one.n = 1;
  kf_deployment_list_start (list);
  g_assert_true (kf_test_sim_wait_for (list_synced, list, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (count_is, &one, WAIT_MS));
  g_assert_true (kf_deployment_list_is_provider_missing (list, "kaito"));
  g_assert_false (kf_deployment_list_is_provider_missing (list, "dynamo"));
  installed = kf_deployment_list_dup_installed_providers (list);
  g_assert_cmpuint (g_strv_length (installed), ==, 2);
  g_assert_false (g_strv_contains ((const char * const *) installed, "kaito"));
  g_assert_null (kf_deployment_list_get_error (list));

  g_clear_object (&list);
  kf_test_sim_free (ts);
}

typedef struct
{
  KfTestSim  *ts;
  const char *path;
  const char *member;
  gint64      want;
} IntWait;

static gboolean
int_is (gpointer data)
{
  IntWait *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) obj = kf_test_sim_client_request (w->ts, "GET", w->path, NULL, NULL, &error);
  g_autoptr(JsonPath) jp = json_path_new ();
  g_autoptr(JsonNode) match = NULL;

  if (obj == NULL)
    return FALSE;
  json_path_compile (jp, w->member, NULL);
  match = json_path_match (jp, obj);
  return json_array_get_length (json_node_get_array (match)) == 1 &&
         json_array_get_int_element (json_node_get_array (match), 0) == w->want;
}

static void
scale_sync (KfTestSim  *ts,
            const char *provider_id,
            JsonNode   *cr,
            guint       replicas)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) updated = NULL;
  KfProvider *p = kf_provider_registry_lookup (kf_provider_registry_get_default (), provider_id);

  kf_deployment_scale_async (kf_test_sim_get_client (ts), p, cr, replicas, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  updated = kf_deployment_scale_finish (kf_test_sim_get_client (ts), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (updated);
}

/* scale patches the right field of each provider's resource */
static void
test_scale (void)
{
  KfTestSim *ts = kf_test_sim_new (NULL, 100.0, FALSE);
  g_autoptr(JsonNode) a = kf_test_sim_deploy (ts, "dynamo", "s", "dyn", "Qwen/Qwen3-0.6B", 1);
  g_autoptr(JsonNode) b = kf_test_sim_deploy (ts, "kuberay", "s", "ray", "Qwen/Qwen3-0.6B", 1);
  g_autoptr(JsonNode) c = kf_test_sim_deploy (ts, "kaito", "s", "wk", "Qwen/Qwen3-0.6B", 1);
  IntWait dyn = { ts, "/apis/nvidia.com/v1alpha1/namespaces/s/dynamographdeployments/dyn",
                  "$.spec.services.VllmWorker.replicas", 3 };
  IntWait ray = { ts, "/apis/ray.io/v1/namespaces/s/rayservices/ray",
                  "$.spec.rayClusterConfig.workerGroupSpecs[0].replicas", 4 };
  IntWait ray_max = { ts, "/apis/ray.io/v1/namespaces/s/rayservices/ray",
                      "$.spec.rayClusterConfig.workerGroupSpecs[0].maxReplicas", 4 };
  IntWait kaito = { ts, "/apis/kaito.sh/v1beta1/namespaces/s/workspaces/wk", "$.resource.count", 2 };
  g_autoptr(GError) error = NULL;
  KfKubePatchType type;
  g_autoptr(JsonNode) bad = NULL;

  scale_sync (ts, "dynamo", a, 3);
  g_assert_true (int_is (&dyn));
  scale_sync (ts, "kuberay", b, 4);
  g_assert_true (int_is (&ray));
  g_assert_true (int_is (&ray_max));
  scale_sync (ts, "kaito", c, 2);
  g_assert_true (int_is (&kaito));

  bad = kf_deployment_build_scale_patch (kf_provider_registry_lookup (kf_provider_registry_get_default (), "kaito"),
                                         c, 0, &type, &error);
  g_assert_null (bad);
  g_assert_error (error, KF_DEPLOYMENT_ERROR, KF_DEPLOYMENT_ERROR_INVALID_REPLICAS);
  kf_test_sim_free (ts);
}

static void
test_helpers (void)
{
  KfProviderRegistry *reg = kf_provider_registry_get_default ();
  g_autofree char *s1 = kf_deployment_pod_selector (kf_provider_registry_lookup (reg, "dynamo"), "x");
  g_autofree char *s2 = kf_deployment_pod_selector (kf_provider_registry_lookup (reg, "kuberay"), "x");
  g_autofree char *s3 = kf_deployment_pod_selector (kf_provider_registry_lookup (reg, "kaito"), "x");
  g_autofree char *pf = kf_deployment_port_forward_command ("ns1", "x-frontend", 8000);
  g_autofree char *none = kf_deployment_port_forward_command ("ns1", NULL, 8000);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(GDateTime) then1 = g_date_time_add_seconds (now, -59);
  g_autoptr(GDateTime) then2 = g_date_time_add_seconds (now, -600);
  g_autoptr(GDateTime) then3 = g_date_time_add_seconds (now, -3 * 3600);
  g_autoptr(GDateTime) then4 = g_date_time_add_seconds (now, -5 * 86400);
  g_autofree char *a1 = kf_format_age (then1, now);
  g_autofree char *a2 = kf_format_age (then2, now);
  g_autofree char *a3 = kf_format_age (then3, now);
  g_autofree char *a4 = kf_format_age (then4, now);

  g_assert_cmpstr (s1, ==, "nvidia.com/dynamo-graph-deployment-name=x");
  g_assert_cmpstr (s2, ==, "ray.io/originated-from-cr-name=x");
  g_assert_cmpstr (s3, ==, "kaito.sh/workspace=x");
  g_assert_cmpstr (pf, ==, "kubectl port-forward -n ns1 svc/x-frontend 8000:8000");
  g_assert_null (none);
  g_assert_cmpstr (a1, ==, "59s");
  g_assert_cmpstr (a2, ==, "10m");
  g_assert_cmpstr (a3, ==, "3h");
  g_assert_cmpstr (a4, ==, "5d");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deployments/list/live", test_list_live);
  g_test_add_func ("/deployments/list/providers-namespace", test_list_providers_namespace);
  g_test_add_func ("/deployments/list/runtime-missing", test_list_runtime_missing);
  g_test_add_func ("/deployments/actions/scale", test_scale);
  g_test_add_func ("/deployments/actions/helpers", test_helpers);
  return g_test_run ();
}
