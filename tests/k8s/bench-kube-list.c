/* bench-kube-list.c: listing and decoding 10,000 custom resources in pages
 * of 500 with KfKubeClient vs `kubectl get -o json --chunk-size=500` against
 * the same HTTPS server in the same run; memory held by a KfInformer of the
 * same 10,000 objects against their JSON size.
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

/* KF_BENCH_N overrides the count, for a quick look */
static guint N_OBJECTS = 10000;

static const KfKubeResource rs = { "ray.io", "v1", "rayservices" };

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
fill (KfTestApiserver *server)
{
  gsize bytes = 0;

  for (guint i = 0; i < N_OBJECTS; i++)
    {
      g_autofree char *text = g_strdup_printf (
        "{\"apiVersion\":\"ray.io/v1\",\"kind\":\"RayService\",\"metadata\":{\"name\":\"llm-%05u\",\"namespace\":\"team-%u\","
        "\"labels\":{\"app.kubernetes.io/managed-by\":\"kubefoundry\",\"kubefoundry.io/model\":\"meta-llama-3-8b-instruct\","
        "\"kubefoundry.io/runtime\":\"kuberay\"},\"annotations\":{\"kubefoundry.io/created-by\":\"bench\"},"
        "\"managedFields\":[{\"manager\":\"kubefoundry\",\"operation\":\"Apply\",\"apiVersion\":\"ray.io/v1\","
        "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:spec\":{\"f:serveConfigV2\":{}}}}]},"
        "\"spec\":{\"serveConfigV2\":\"applications:\\n- name: llm\\n  import_path: ray.serve.llm:build_openai_app\\n\","
        "\"rayClusterConfig\":{\"rayVersion\":\"2.40.0\",\"headGroupSpec\":{\"rayStartParams\":{\"dashboard-host\":\"0.0.0.0\"},"
        "\"template\":{\"spec\":{\"containers\":[{\"name\":\"ray-head\",\"image\":\"rayproject/ray-llm:2.40.0-py311-cu124\","
        "\"resources\":{\"limits\":{\"cpu\":\"4\",\"memory\":\"16Gi\"}}}]}}},\"workerGroupSpecs\":[{\"groupName\":\"gpu\","
        "\"replicas\":%u,\"minReplicas\":1,\"maxReplicas\":4,\"rayStartParams\":{},\"template\":{\"spec\":{\"containers\":"
        "[{\"name\":\"ray-worker\",\"image\":\"rayproject/ray-llm:2.40.0-py311-cu124\",\"resources\":{\"limits\":"
        "{\"nvidia.com/gpu\":\"1\",\"memory\":\"32Gi\"}}}]}}}]}},"
        "\"status\":{\"serviceStatus\":\"Running\",\"activeServiceStatus\":{\"applicationStatuses\":{\"llm\":{\"status\":\"RUNNING\"}}}}}",
        i, i % 20, 1 + i % 4);
      g_autoptr(JsonNode) node = kf_test_json (text);

      kf_test_apiserver_put (server, "ray.io", "rayservices", node);
      bytes += strlen (text);
    }
  return bytes;
}

typedef struct
{
  gboolean done;
  char    *out;
  char    *err;
  int      status;
} Run;

static void
communicate_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

static double
time_kubectl (const char *kubectl,
              const char *kubeconfig,
              const char *cache_dir,
              gsize      *items)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  Run run = { 0 };
  gint64 start;
  double seconds;

  g_subprocess_launcher_unsetenv (launcher, "HTTPS_PROXY");
  g_subprocess_launcher_unsetenv (launcher, "https_proxy");
  start = g_get_monotonic_time ();
  proc = g_subprocess_launcher_spawn (launcher, &error, kubectl, "--kubeconfig", kubeconfig, "--cache-dir", cache_dir,
                                      "get", "rayservices.ray.io", "-A", "-o", "json", "--chunk-size=500", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  if (g_getenv ("KF_BENCH_DEBUG"))
    g_printerr ("%s\n", run.err);
  if (run.status != 0)
    {
      g_printerr ("kubectl failed: %s\n", run.err);
      *items = 0;
    }
  else
    {
      node = json_from_string (run.out, NULL);
      *items = node ? json_array_get_length (json_object_get_array_member (json_node_get_object (node), "items")) : 0;
    }
  g_free (run.out);
  g_free (run.err);
  return seconds;
}

static void
remove_tree (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (d != NULL)
    g_dir_close (d);
  g_rmdir (path);
}

static gboolean
synced (gpointer data)
{
  return kf_informer_get_synced (data);
}

int
main (int argc, char *argv[])
{
  KfTestApiserver *server;
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(KfKubeClient) client = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kf-bench-XXXXXX", NULL);
  g_autofree char *kubeconfig = g_build_filename (dir, "kubeconfig", NULL);
  g_autofree char *cache_dir = g_build_filename (dir, "cache", NULL);
  g_autofree char *ca_path = g_strdup_printf ("%s/k8s/ca.pem", g_getenv ("KF_TEST_DATA_DIR"));
  g_autofree char *kc_text = NULL;
  const char *kubectl = g_getenv ("KUBECTL") ? g_getenv ("KUBECTL") : "/usr/bin/kubectl";
  double best_kf = G_MAXDOUBLE, best_kubectl = G_MAXDOUBLE;
  gsize json_bytes, kubectl_items = 0;
  const int rounds = 3;

  if (g_getenv ("KF_BENCH_N") != NULL)
    N_OBJECTS = (guint) atoi (g_getenv ("KF_BENCH_N"));
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("https_proxy");
  server = kf_test_apiserver_new ("server");
  json_bytes = fill (server);
  config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  client = kf_kube_client_new (config);
  kf_kube_client_set_timeout (client, 120);

  printf ("list+decode %u RayServices (%.1f MB of JSON) in pages of 500, best of %d:\n",
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

  if (g_file_test (kubectl, G_FILE_TEST_IS_EXECUTABLE))
    {
      kc_text = g_strdup_printf ("apiVersion: v1\nkind: Config\ncurrent-context: b\nclusters:\n- name: b\n  cluster:\n"
                                 "    server: %s\n    certificate-authority: %s\nusers:\n- name: b\n  user:\n    token: admin-token\n"
                                 "contexts:\n- name: b\n  context:\n    cluster: b\n    user: b\n",
                                 kf_test_apiserver_get_url (server), ca_path);
      g_assert_true (g_file_set_contents (kubeconfig, kc_text, -1, NULL));
      for (int round = 0; round < rounds; round++)
        best_kubectl = MIN (best_kubectl, time_kubectl (kubectl, kubeconfig, cache_dir, &kubectl_items));
    }

  printf ("  KfKubeClient list_all:          %7.3f s\n", best_kf);
  if (kubectl_items == N_OBJECTS)
    printf ("  kubectl get -o json --chunk-size=500: %7.3f s   (ratio kubectl / KfKubeClient = %.2f)\n",
            best_kubectl, best_kubectl / best_kf);
  else
    printf ("  kubectl: not measured (%s)\n", g_file_test (kubectl, G_FILE_TEST_IS_EXECUTABLE) ? "it failed" : "not installed");
  printf ("  (both against the same in-process HTTPS test server, which serialises each page)\n");

  /* memory held by an informer of the same objects */
  {
    g_autoptr(KfInformer) informer = NULL;
    gsize heap_before, heap_after, rss_before, rss_after;

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
    printf ("KfInformer of %u objects: heap +%.1f MB, RSS +%.1f MB; their JSON: %.1f MB (heap/JSON = %.2f; managedFields dropped)\n",
            N_OBJECTS, (heap_after - heap_before) / 1e6, (rss_after - rss_before) / 1024.0, json_bytes / 1e6,
            (double) (heap_after - heap_before) / json_bytes);
    kf_informer_stop (informer);
  }

  g_clear_object (&client);
  kf_test_apiserver_free (server);
  remove_tree (dir);
  return 0;
}
