/* bench-kube-list.c: listing and decoding 10,000 custom resources
 * (DynamoGraphDeployments) in pages of 500 from the simulated cluster with
 * KfKubeClient vs `kubectl get -o json --chunk-size=500` against the same
 * server in the same run; memory held by a KfInformer of the same 10,000
 * objects against their JSON size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "kf-informer.h"
#include "kf-test-apiserver.h"
#include "kf-test-sim.h"

/* KF_BENCH_N overrides the count, for a quick look */
static guint N_OBJECTS = 10000;

static const KfKubeResource rs = { "nvidia.com", "v1alpha1", "dynamographdeployments" };

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();
  return mi.uordblks + mi.hblkhd;
}

static gsize
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? (gsize) g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static gsize
fill (KfSimStore *store)
{
  gsize bytes = 0;

  for (guint i = 0; i < N_OBJECTS; i++)
    {
      g_autofree char *text = g_strdup_printf (
        "{\"apiVersion\":\"nvidia.com/v1alpha1\",\"kind\":\"DynamoGraphDeployment\",\"metadata\":{\"name\":\"llm-%05u\","
        "\"namespace\":\"team-%u\",\"labels\":{\"app.kubernetes.io/managed-by\":\"kubefoundry\","
        "\"kubefoundry.io/model\":\"meta-llama-3-8b-instruct\",\"kubefoundry.io/runtime\":\"dynamo\"},"
        "\"annotations\":{\"kubefoundry.io/created-by\":\"bench\"}},"
        "\"spec\":{\"backendFramework\":\"vllm\",\"services\":{"
        "\"Frontend\":{\"componentType\":\"frontend\",\"replicas\":1,\"extraPodSpec\":{\"mainContainer\":"
        "{\"image\":\"nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.4.0\"}}},"
        "\"VllmDecodeWorker\":{\"componentType\":\"worker\",\"replicas\":%u,\"resources\":{\"limits\":{\"gpu\":\"1\"}},"
        "\"envs\":[{\"name\":\"HF_HOME\",\"value\":\"/cache\"}],\"extraPodSpec\":{\"mainContainer\":"
        "{\"image\":\"nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.4.0\",\"workingDir\":\"/workspace\","
        "\"args\":[\"python3 -m dynamo.vllm --model meta-llama/Meta-Llama-3-8B-Instruct --gpu-memory-utilization 0.9\"]}}}}}}",
        i, i % 20, 1 + i % 4);
      g_autoptr(JsonNode) node = kf_test_json (text);
      g_autoptr(JsonNode) stored = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *ns = g_strdup_printf ("team-%u", i % 20);
      g_autofree char *stored_text = NULL;

      stored = kf_sim_store_create (store, "dynamographdeployments.nvidia.com", ns, node, &error);
      g_assert_no_error (error);
      stored_text = json_to_string (stored, FALSE);
      bytes += strlen (stored_text);
    }
  return bytes;
}

static double
time_kubectl (KfTestSim *sim,
              gsize     *items)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;
  int status;

  status = kf_test_sim_kubectl (sim, NULL, &out, &err, "get", "dynamographdeployments.nvidia.com", "-A", "-o", "json",
                                "--chunk-size=500", NULL);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  *items = 0;
  if (status != 0)
    g_printerr ("kubectl failed: %s\n", err);
  else if ((node = json_from_string (out, NULL)) != NULL)
    *items = json_array_get_length (json_object_get_array_member (json_node_get_object (node), "items"));
  return seconds;
}

static gboolean
synced (gpointer data)
{
  return kf_informer_get_synced (data);
}

int
main (int argc, char *argv[])
{
  KfTestSim *sim;
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(GError) setup_error = NULL;
  double best_kf = G_MAXDOUBLE, best_kubectl = G_MAXDOUBLE;
  gsize json_bytes, kubectl_items = 0;
  const int rounds = 3;

  if (g_getenv ("KF_BENCH_N") != NULL)
    N_OBJECTS = (guint) atoi (g_getenv ("KF_BENCH_N"));
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("https_proxy");
  /* the API server's list path alone: with the simulated operators on, 10,000
   * deployments would also mean tens of thousands of pods being scheduled and
   * started on the same main loop, measured along with the lists */
  sim = kf_test_sim_new_api_only ();
  json_bytes = fill (kf_sim_server_get_store (sim->server));
  config = kf_rest_config_new (kf_sim_server_get_url (sim->server));
  g_assert_true (kf_rest_config_set_ca_pem (config, kf_sim_server_get_ca_pem (sim->server), -1, &setup_error));
  kf_rest_config_set_bearer_token (config, kf_sim_server_get_token (sim->server, "admin"));
  client = kf_kube_client_new (config);
  kf_kube_client_set_timeout (client, 120);

  printf ("list+decode %u DynamoGraphDeployments (%.1f MB of JSON) in pages of 500, best of %d:\n",
          N_OBJECTS, json_bytes / 1e6, rounds);
  for (int round = 0; round < rounds; round++)
    {
      KfKubeListOptions opts = { .limit = 500 };
      KfTestResult r = { 0 };
      g_autoptr(JsonNode) list = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      kf_kube_client_list_all_async (client, &rs, NULL, &opts, NULL, kf_test_result_cb, &r);
      list = kf_kube_client_request_finish (client, kf_test_result_wait (&r), &error);
      kf_test_result_clear (&r);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "items")), ==, N_OBJECTS);
      best_kf = MIN (best_kf, seconds);
    }

  if (kf_test_sim_kubectl_path () != NULL)
    for (int round = 0; round < rounds; round++)
      best_kubectl = MIN (best_kubectl, time_kubectl (sim, &kubectl_items));

  printf ("  KfKubeClient list_all:          %7.3f s\n", best_kf);
  if (kubectl_items == N_OBJECTS)
    printf ("  kubectl get -o json --chunk-size=500: %7.3f s   (ratio kubectl / KfKubeClient = %.2f)\n",
            best_kubectl, best_kubectl / best_kf);
  else
    printf ("  kubectl: not measured (%s)\n", kf_test_sim_kubectl_path () ? "it failed" : "not installed");
  printf ("  (both against the same in-process simulated cluster over HTTPS, which serialises each page)\n");

  /* memory held by an informer of the same objects */
  {
    g_autoptr(KfInformer) informer = NULL;
    gsize heap_before, heap_after, heap_freed, rss_before, rss_after;

    malloc_trim (0);
    kf_test_run_for (50);
    heap_before = heap_in_use ();
    rss_before = rss_kib ();
    informer = kf_informer_new (client, &rs, NULL, NULL, NULL);
    kf_informer_start (informer);
    g_assert_true (kf_test_wait_until (synced, informer, 120000));
    kf_test_run_for (200);
    malloc_trim (0);
    heap_after = heap_in_use ();
    rss_after = rss_kib ();
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (informer)), ==, N_OBJECTS);
    kf_informer_stop (informer);
    g_clear_object (&informer);
    kf_test_run_for (200);
    malloc_trim (0);
    heap_freed = heap_in_use ();
    printf ("KfInformer of %u objects: heap held %.1f MB (freed with it), heap +%.1f MB and RSS +%.1f MB while synced;\n"
            "  their JSON: %.1f MB (held/JSON = %.2f; managedFields dropped)\n",
            N_OBJECTS, (heap_after - heap_freed) / 1e6, (heap_after - heap_before) / 1e6, (rss_after - rss_before) / 1024.0,
            json_bytes / 1e6, (double) (heap_after - heap_freed) / json_bytes);
  }

  g_clear_object (&client);
  kf_test_sim_free (sim);
  return 0;
}
