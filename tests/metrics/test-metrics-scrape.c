/* test-metrics-scrape.c: /metrics pod by pod through the pod proxy of the
 * simulated cluster, aggregated over replicas; SGLang's names; the service
 * proxy fallback when pods/proxy is forbidden; kubectl get --raw on the pod
 * proxy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kf-inference-metrics.h"
#include "kf-kubeconfig.h"
#include "kf-metrics-scrape.h"
#include "kf-test-sim.h"
#include "kf-yaml.h"

#define SPEED 20.0
#define EPS 1e-6

/* Two GPU nodes, an admin, and a user who may read services and pods and
 * use the service proxy, but not the pod proxy. */
static const char scenario_yaml[] =
  "name: metrics\n"
  "runtimes: [dynamo, kuberay, kaito]\n"
  "nodes:\n"
  "  - name: aks-h100pool-0\n"
  "    count: 2\n"
  "    provider: aks\n"
  "    pool: h100pool\n"
  "    instanceType: Standard_ND96isr_H100_v5\n"
  "    zone: eastus-1\n"
  "    cpu: \"96\"\n"
  "    memory: 1900Gi\n"
  "    gpu: {product: NVIDIA-H100-80GB-HBM3, count: 8}\n"
  "users:\n"
  "  - name: admin\n"
  "    token: generate\n"
  "    groups: [system:masters, system:authenticated]\n"
  "  - name: scraper\n"
  "    token: generate\n"
  "    groups: [system:authenticated]\n"
  "    rules:\n"
  "      - verbs: [get, list, watch]\n"
  "        apiGroups: [\"\"]\n"
  "        resources: [services, pods, services/proxy]\n";

typedef struct
{
  KfTestSim    *sim;
  KfKubeClient *client;
} Fixture;

static KfKubeClient *
client_for (KfTestSim  *sim,
            const char *context)
{
  g_autofree char *paths[] = { g_strdup (sim->kubeconfig), NULL };
  g_autoptr(KfKubeconfig) kc = kf_kubeconfig_new_for_paths ((const char * const *) paths);
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  kf_kubeconfig_load (kc);
  config = kf_kubeconfig_build_rest_config (kc, context, &error);
  g_assert_no_error (error);
  return kf_kube_client_new (config);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
}

/* The names of the ready pods matching @selector, once there are @want
 * (and none has the uid @absent). */
static GPtrArray *
wait_ready_pods_without (KfTestSim  *sim,
                         const char *ns,
                         const char *selector,
                         guint       want,
                         const char *absent)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autofree char *escaped = g_uri_escape_string (selector, NULL, TRUE);
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/pods?labelSelector=%s", ns, escaped);

  g_autofree char *last = NULL;

  while (g_get_monotonic_time () < end)
    {
      guint status = 0;
      g_autoptr(JsonNode) list = kf_test_sim_request (sim, "admin", "GET", path, NULL, NULL, &status);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      gboolean has_absent = FALSE;
      JsonArray *items;

      g_assert_cmpuint (status, ==, 200);
      items = json_object_get_array_member (json_node_get_object (list), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *pod = json_array_get_object_element (items, i);
          JsonObject *st = json_object_get_object_member (pod, "status");
          JsonArray *conds = st && json_object_has_member (st, "conditions")
                             ? json_object_get_array_member (st, "conditions") : NULL;

          if (g_strcmp0 (json_object_get_string_member (json_object_get_object_member (pod, "metadata"), "uid"),
                         absent) == 0)
            has_absent = TRUE;

          for (guint j = 0; conds && j < json_array_get_length (conds); j++)
            {
              JsonObject *c = json_array_get_object_element (conds, j);

              if (g_strcmp0 (json_object_get_string_member (c, "type"), "Ready") == 0 &&
                  g_strcmp0 (json_object_get_string_member (c, "status"), "True") == 0)
                g_ptr_array_add (names, g_strdup (json_object_get_string_member (
                                                    json_object_get_object_member (pod, "metadata"), "name")));
            }
        }
      if (names->len == want && names->len == json_array_get_length (items) &&
          !has_absent)
        return g_steal_pointer (&names);
      g_free (last);
      last = json_to_string (list, FALSE);
      spin (50);
    }
  g_error ("never %u ready pods for %s: %s", want, selector, last);
  return NULL;
}

static GPtrArray *
wait_ready_pods (KfTestSim  *sim,
                 const char *ns,
                 const char *selector,
                 guint       want)
{
  return wait_ready_pods_without (sim, ns, selector, want, NULL);
}

static char *
pod_uid (KfTestSim  *sim,
         const char *name)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s", name);
  guint status = 0;
  g_autoptr(JsonNode) pod = kf_test_sim_request (sim, "admin", "GET", path, NULL, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (pod),
                                                                                "metadata"), "uid"));
}

/* Creates namespace demo and the DynamoGraphDeployment of fixture @example
 * with @frontends Frontend replicas. */
static void
create_dgd (KfTestSim  *sim,
            const char *example,
            guint       frontends)
{
  g_autofree char *file = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", "dynamo", "v1alpha1",
                                            example, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dgd = kf_yaml_parse_file (file, &error);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autofree char *body = NULL;
  JsonObject *services;
  guint status = 0;

  g_assert_no_error (error);
  services = json_object_get_object_member (json_object_get_object_member (json_node_get_object (dgd), "spec"),
                                            "services");
  json_object_set_int_member (json_object_get_object_member (services, "Frontend"), "replicas", frontends);
  r1 = kf_test_sim_request (sim, "admin", "POST", "/api/v1/namespaces", "application/json",
                            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"demo\"}}", &status);
  g_assert_true (status == 201 || status == 409);
  body = json_to_string (dgd, FALSE);
  r2 = kf_test_sim_request (sim, "admin", "POST", "/apis/nvidia.com/v1alpha1/namespaces/demo/dynamographdeployments",
                            "application/json", body, &status);
  g_assert_cmpuint (status, ==, 201);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static KfMetricsScrapeResult *
scrape_sync (KfKubeClient *client,
             const char   *service,
             const char   *port,
             GError      **error)
{
  GAsyncResult *r = NULL;
  KfMetricsScrapeResult *result;

  kf_metrics_scrape_async (client, "demo", service, port, "/metrics", NULL, store_cb, &r);
  while (r == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = kf_metrics_scrape_finish (client, r, error);
  g_object_unref (r);
  return result;
}

static KfPromScrape *
find_source (KfMetricsScrapeResult *r,
             const char            *source)
{
  for (guint i = 0; i < r->scrapes->len; i++)
    if (g_strcmp0 (kf_prom_scrape_get_source (g_ptr_array_index (r->scrapes, i)), source) == 0)
      return g_ptr_array_index (r->scrapes, i);
  return NULL;
}

/* The aggregate of two scrapes equals the sum of the per-pod numbers, and no
 * rate is negative. Returns how many pods had a window. */
static guint
check_aggregate (KfMetricsScrapeResult *before,
                 KfMetricsScrapeResult *after)
{
  KfInferenceMetrics all, one;
  double gen = 0, prompt = 0, req = 0, running = 0;
  guint windowed = 0;

  kf_inference_metrics_compute ((KfPromScrape * const *) after->scrapes->pdata, after->scrapes->len,
                                (KfPromScrape * const *) before->scrapes->pdata, before->scrapes->len, &all);
  g_assert_cmpuint (all.n_sources, ==, after->scrapes->len);
  for (guint i = 0; i < after->scrapes->len; i++)
    {
      KfPromScrape *cur = g_ptr_array_index (after->scrapes, i);
      KfPromScrape *prev = find_source (before, kf_prom_scrape_get_source (cur));

      kf_inference_metrics_compute_one (cur, prev, &one);
      running += one.requests_running;
      if (prev == NULL)
        continue;
      windowed++;
      g_assert_true (one.windowed);
      g_assert_cmpfloat (one.generation_tokens_per_second, >=, 0);
      g_assert_cmpfloat (one.prompt_tokens_per_second, >=, 0);
      g_assert_cmpfloat (one.requests_per_second, >=, 0);
      gen += one.generation_tokens_per_second;
      prompt += one.prompt_tokens_per_second;
      req += one.requests_per_second;
    }
  g_assert_cmpuint (windowed, >, 0);
  g_assert_true (all.windowed);
  g_assert_cmpfloat (all.generation_tokens_per_second, >=, 0);
  g_assert_cmpfloat_with_epsilon (all.generation_tokens_per_second, gen, EPS);
  g_assert_cmpfloat_with_epsilon (all.prompt_tokens_per_second, prompt, EPS);
  g_assert_cmpfloat_with_epsilon (all.requests_per_second, req, EPS);
  g_assert_cmpfloat_with_epsilon (all.requests_running, running, EPS);
  return windowed;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KfSimScenario *scenario = kf_sim_scenario_load_data (scenario_yaml, -1, NULL, &error);

  g_assert_no_error (error);
  f->sim = kf_test_sim_new (scenario, SPEED, FALSE);
  f->client = client_for (f->sim, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->sim, kf_test_sim_free);
}

/* Three frontends behind one Service: each is scraped through its own pod
 * proxy, the rates are per pod and add up; a replaced pod starts a new
 * window instead of a negative rate. */
static void
test_replicas (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(GPtrArray) pods2 = NULL;
  g_autoptr(KfMetricsScrapeResult) r1 = NULL;
  g_autoptr(KfMetricsScrapeResult) r2 = NULL;
  g_autoptr(KfMetricsScrapeResult) r3 = NULL;
  g_autoptr(KfMetricsScrapeResult) r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *del = NULL;
  g_autofree char *uid = NULL;
  g_autoptr(JsonNode) gone = NULL;
  guint status = 0;

  create_dgd (f->sim, "vllm-agg.yaml", 3);
  pods = wait_ready_pods (f->sim, "demo", "nvidia.com/selector=vllm-agg-frontend", 3);
  spin (1500);   /* traffic reaches every frontend */

  r1 = scrape_sync (f->client, "vllm-agg-frontend", "8000", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r1->mode, ==, KF_METRICS_SCRAPE_PODS);
  g_assert_null (r1->fallback_reason);
  g_assert_cmpuint (r1->n_ready, ==, 3);
  g_assert_cmpuint (r1->scrapes->len, ==, 3);
  g_assert_cmpuint (r1->n_failed, ==, 0);
  for (guint i = 0; i < r1->pods->len; i++)
    g_assert_true (g_ptr_array_find_with_equal_func (pods, g_ptr_array_index (r1->pods, i), g_str_equal, NULL));
  /* each pod has its own counters: three different texts */
  for (guint i = 0; i < r1->scrapes->len; i++)
    {
      const KfPromFamily *fam = kf_prom_scrape_lookup (g_ptr_array_index (r1->scrapes, i), "vllm:generation_tokens_total");
      g_assert_nonnull (fam);
      g_hash_table_add (distinct, g_strdup_printf ("%g", kf_prom_family_sum (fam)));
    }
  g_assert_cmpuint (g_hash_table_size (distinct), >, 1);

  spin (1200);
  r2 = scrape_sync (f->client, "vllm-agg-frontend", "8000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check_aggregate (r1, r2), ==, 3);

  /* a pod replaced (the sim may reuse its name, not its uid): the new one
   * has no window yet, the old one is gone */
  uid = pod_uid (f->sim, g_ptr_array_index (pods, 0));
  del = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s", (const char *) g_ptr_array_index (pods, 0));
  gone = kf_test_sim_request (f->sim, "admin", "DELETE", del, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  pods2 = wait_ready_pods_without (f->sim, "demo", "nvidia.com/selector=vllm-agg-frontend", 3, uid);
  r3 = scrape_sync (f->client, "vllm-agg-frontend", "8000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r3->scrapes->len, ==, 3);
  g_assert_cmpuint (check_aggregate (r2, r3), ==, 2);
  spin (800);
  r4 = scrape_sync (f->client, "vllm-agg-frontend", "8000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check_aggregate (r3, r4), ==, 3);
}

/* SGLang behind Dynamo: the frontend's dynamo_frontend_* plus sglang:*; a
 * worker's pod proxy has sglang:* only; both map to the metrics. */
static void
test_sglang (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(KfMetricsScrapeResult) r1 = NULL;
  g_autoptr(KfMetricsScrapeResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fe = NULL;
  g_autofree char *path = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(JsonNode) none = NULL;
  KfInferenceMetrics m;
  guint status = 0;

  create_dgd (f->sim, "sglang-agg.yaml", 1);
  fe = wait_ready_pods (f->sim, "demo", "nvidia.com/selector=sglang-agg-frontend", 1);
  workers = wait_ready_pods (f->sim, "demo", "nvidia.com/dynamo-component-type=worker", 1);
  spin (1000);
  r1 = scrape_sync (f->client, "sglang-agg-frontend", "8000", &error);
  g_assert_no_error (error);
  spin (1000);
  r2 = scrape_sync (f->client, "sglang-agg-frontend", "8000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r2->scrapes->len, ==, 1);
  g_assert_nonnull (kf_prom_scrape_lookup (g_ptr_array_index (r2->scrapes, 0), "dynamo_frontend_requests_total"));
  g_assert_nonnull (kf_prom_scrape_lookup (g_ptr_array_index (r2->scrapes, 0), "sglang:num_running_reqs"));
  g_assert_null (kf_prom_scrape_lookup (g_ptr_array_index (r2->scrapes, 0), "vllm:num_requests_running"));
  kf_inference_metrics_compute ((KfPromScrape * const *) r2->scrapes->pdata, 1,
                                (KfPromScrape * const *) r1->scrapes->pdata, 1, &m);
  g_assert_cmpint (m.engine, ==, KF_INFERENCE_ENGINE_SGLANG);
  g_assert_false (isnan (m.requests_running));
  g_assert_false (isnan (m.requests_waiting));
  g_assert_cmpstr (m.kv_cache_metric, ==, "sglang:token_usage");
  g_assert_false (isnan (m.kv_cache_usage));
  g_assert_cmpstr (m.prefix_cache_metric, ==, "sglang:cached_tokens_total");
  g_assert_cmpstr (m.generation_tokens_metric, ==, "sglang:generation_tokens_total");
  g_assert_cmpstr (m.itl_metric, ==, "sglang:inter_token_latency_seconds");
  g_assert_cmpfloat (m.generation_tokens_per_second, >, 0);
  g_assert_false (isnan (m.ttft_p50));

  /* a worker, straight through its pod proxy on Dynamo's system port */
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s:9090/proxy/metrics",
                          (const char *) g_ptr_array_index (workers, 0));
  none = kf_test_sim_request_full (f->sim, "admin", "GET", path, NULL, NULL, &status, &raw, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (raw, "# TYPE sglang:generation_tokens_total counter\n"));
  g_assert_null (strstr (raw, "dynamo_frontend_"));
  g_clear_pointer (&raw, g_free);
  g_clear_pointer (&none, json_node_unref);

  /* a port the pod does not listen on: refused, as the API server reports it */
  g_free (path);
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s:8000/proxy/metrics",
                          (const char *) g_ptr_array_index (workers, 0));
  none = kf_test_sim_request_full (f->sim, "admin", "GET", path, NULL, NULL, &status, &raw, NULL);
  g_assert_cmpuint (status, ==, 503);
  g_assert_nonnull (strstr (raw, "connection refused"));
}

/* KubeRay: the head Service's metrics port reaches the head pod, whose
 * ray_vllm:* names map to vLLM's */
static void
test_kuberay (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *file = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", "kuberay",
                                            "rayservice-llm-serve-qwen.yaml", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  JsonNode *rs = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  g_autoptr(KfMetricsScrapeResult) s1 = NULL;
  g_autoptr(KfMetricsScrapeResult) s2 = NULL;
  g_autofree char *body = NULL;
  const char *name;
  g_autofree char *svc = NULL;
  KfInferenceMetrics m;
  guint status = 0;

  g_assert_true (g_file_get_contents (file, &text, NULL, &error));
  docs = kf_yaml_parse_all (text, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    if (g_strcmp0 (json_object_get_string_member (json_node_get_object (g_ptr_array_index (docs, i)), "kind"),
                   "RayService") == 0)
      rs = g_ptr_array_index (docs, i);
  g_assert_nonnull (rs);
  name = json_object_get_string_member (json_object_get_object_member (json_node_get_object (rs), "metadata"), "name");
  svc = g_strdup_printf ("%s-head-svc", name);
  json_object_remove_member (json_object_get_object_member (json_node_get_object (rs), "metadata"), "namespace");
  r1 = kf_test_sim_request (f->sim, "admin", "POST", "/api/v1/namespaces", "application/json",
                            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"demo\"}}", &status);
  body = json_to_string (rs, FALSE);
  r2 = kf_test_sim_request (f->sim, "admin", "POST", "/apis/ray.io/v1/namespaces/demo/rayservices", "application/json",
                            body, &status);
  g_assert_cmpuint (status, ==, 201);
  heads = wait_ready_pods (f->sim, "demo", "ray.io/node-type=head", 1);
  spin (1000);
  s1 = scrape_sync (f->client, svc, "8080", &error);
  g_assert_no_error (error);
  spin (1000);
  s2 = scrape_sync (f->client, svc, "8080", &error);
  g_assert_no_error (error);
  g_assert_cmpint (s2->mode, ==, KF_METRICS_SCRAPE_PODS);
  g_assert_cmpuint (s2->scrapes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (s2->pods, 0), ==, g_ptr_array_index (heads, 0));
  g_assert_nonnull (kf_prom_scrape_lookup (g_ptr_array_index (s2->scrapes, 0), "ray_serve_num_http_requests_total"));
  kf_inference_metrics_compute ((KfPromScrape * const *) s2->scrapes->pdata, 1,
                                (KfPromScrape * const *) s1->scrapes->pdata, 1, &m);
  g_assert_cmpint (m.engine, ==, KF_INFERENCE_ENGINE_VLLM);
  g_assert_false (isnan (m.kv_cache_usage));
  g_assert_cmpfloat (m.generation_tokens_per_second, >=, 0);
  g_assert_false (isnan (m.ttft_p50) && isnan (m.ttft_mean));
}

/* Bad targets give errors naming what is wrong. */
static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KfMetricsScrapeResult) r = NULL;
  g_autoptr(GPtrArray) fe = NULL;
  g_autoptr(JsonNode) n1 = NULL;
  g_autoptr(JsonNode) n2 = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *path = NULL;
  guint status = 0;

  create_dgd (f->sim, "vllm-agg.yaml", 1);
  r = scrape_sync (f->client, "no-such-service", "8000", &error);
  g_assert_null (r);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  fe = wait_ready_pods (f->sim, "demo", "nvidia.com/selector=vllm-agg-frontend", 1);
  r = scrape_sync (f->client, "vllm-agg-frontend", "9999", &error);
  g_assert_null (r);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "has no port 9999"));
  g_clear_error (&error);

  /* the pod proxy of a pod that does not exist, or to a port it does not listen on */
  n1 = kf_test_sim_request (f->sim, "admin", "GET", "/api/v1/namespaces/demo/pods/nope:8000/proxy/metrics",
                            NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s:abc/proxy/metrics", (const char *) g_ptr_array_index (fe, 0));
  n2 = kf_test_sim_request_full (f->sim, "admin", "GET", path, NULL, NULL, &status, &raw, NULL);
  g_assert_cmpuint (status, ==, 400);
}

/* A user who may not use pods/proxy: one scrape through the service proxy,
 * and the reason. */
static void
test_forbidden_fallback (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KfKubeClient) scraper = client_for (f->sim, "kubefoundry-sim-scraper");
  g_autoptr(KfMetricsScrapeResult) r = NULL;
  g_autoptr(GPtrArray) fe = NULL;
  g_autoptr(GError) error = NULL;

  create_dgd (f->sim, "vllm-agg.yaml", 2);
  fe = wait_ready_pods (f->sim, "demo", "nvidia.com/selector=vllm-agg-frontend", 2);
  r = scrape_sync (scraper, "vllm-agg-frontend", "8000", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->mode, ==, KF_METRICS_SCRAPE_SERVICE);
  g_assert_cmpuint (r->scrapes->len, ==, 1);
  g_assert_cmpuint (r->pods->len, ==, 0);
  g_assert_nonnull (r->fallback_reason);
  g_assert_nonnull (strstr (r->fallback_reason, "pod proxy"));
  g_assert_nonnull (kf_prom_scrape_lookup (g_ptr_array_index (r->scrapes, 0), "vllm:num_requests_running"));
}

/* kubectl get --raw on the pod proxy of the simulated engine */
static void
test_kubectl_pod_proxy (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) fe = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = NULL;
  int rc;

  if (kf_test_sim_kubectl_path () == NULL)
    {
      g_test_skip ("kubectl is not installed");
      return;
    }
  create_dgd (f->sim, "vllm-agg.yaml", 2);
  fe = wait_ready_pods (f->sim, "demo", "nvidia.com/selector=vllm-agg-frontend", 2);
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s:8000/proxy/metrics", (const char *) g_ptr_array_index (fe, 1));
  rc = kf_test_sim_kubectl (f->sim, NULL, &out, &err, "get", "--raw", path, NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "# TYPE dynamo_frontend_requests_total counter\n"));
  g_assert_nonnull (strstr (out, "# TYPE vllm:num_requests_running gauge\n"));
}

/* kubefoundry-cli metrics: the same pod-by-pod aggregation, one shot */
typedef struct
{
  char    *out;
  char    *err;
  int      status;
  gboolean done;
} Run;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;

  g_assert_true (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, NULL));
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

static void
run_cli (KfTestSim   *sim,
         Run         *run,
         const char  *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *a;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("KF_CLI"));
  va_start (ap, first);
  for (a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", sim->kubeconfig, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, run);
  g_assert_true (kf_test_sim_wait (&run->done, 60000));
  if (run->status != 0)
    g_test_message ("kubefoundry-cli exited %d: %s", run->status, run->err);
}

static void
test_cli_replicas (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) fe = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  JsonObject *o;

  if (g_getenv ("KF_CLI") == NULL)
    {
      g_test_skip ("KF_CLI is not set (run through meson)");
      return;
    }
  create_dgd (f->sim, "vllm-agg.yaml", 3);
  fe = wait_ready_pods (f->sim, "demo", "nvidia.com/selector=vllm-agg-frontend", 3);
  spin (1000);
  run_cli (f->sim, &run, "-n", "demo", "-o", "json", "metrics", "vllm-agg", "--interval", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "scrapedThrough"), ==, "pods");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "pods")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (o, "readyPods"), ==, 3);
  g_assert_true (json_node_is_null (json_object_get_member (o, "note")));
  g_assert_cmpfloat (json_object_get_double_member (o, "generationTokensPerSecond"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "promptTokensPerSecond"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "kvCacheUsageMax") + EPS, >=,
                     json_object_get_double_member (o, "kvCacheUsage"));
  g_free (run.out);
  g_free (run.err);
  memset (&run, 0, sizeof run);

  run_cli (f->sim, &run, "-n", "demo", "metrics", "vllm-agg", "--interval", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "3 of 3 ready pods behind services/vllm-agg-frontend:8000"));
  g_assert_nonnull (strstr (run.out, "KV-cache usage (fullest pod)"));
  g_free (run.out);
  g_free (run.err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/metrics-scrape/replicas", Fixture, NULL, fixture_setup, test_replicas, fixture_teardown);
  g_test_add ("/metrics-scrape/sglang", Fixture, NULL, fixture_setup, test_sglang, fixture_teardown);
  g_test_add ("/metrics-scrape/kuberay", Fixture, NULL, fixture_setup, test_kuberay, fixture_teardown);
  g_test_add ("/metrics-scrape/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/metrics-scrape/forbidden-fallback", Fixture, NULL, fixture_setup, test_forbidden_fallback,
              fixture_teardown);
  g_test_add ("/metrics-scrape/cli-replicas", Fixture, NULL, fixture_setup, test_cli_replicas, fixture_teardown);
  g_test_add ("/metrics-scrape/kubectl-pod-proxy", Fixture, NULL, fixture_setup, test_kubectl_pod_proxy,
              fixture_teardown);
  return g_test_run ();
}
