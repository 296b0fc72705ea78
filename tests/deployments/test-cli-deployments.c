/* test-cli-deployments.c: kubefoundry-cli list, describe, scale and delete
 * against the simulated cluster (the CLI runs as a child process while the
 * simulated API server keeps serving in this one)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kf-test-sim.h"

typedef struct
{
  gboolean done;
  char    *out;
  char    *err;
  int      status;
} Run;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Run *r = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  r->done = TRUE;
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

/* Runs kubefoundry-cli with the sim's kubeconfig; returns the exit status. */
static int
cli (KfTestSim   *ts,
     char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Run r = { 0 };
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("KF_CLI"));
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", ts->kubeconfig, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicated_cb, &r);
  g_assert_true (kf_test_sim_wait_for (run_done, &r, 180000));
  g_test_message ("stdout: %s\nstderr: %s", r.out, r.err);
  *out = r.out;
  *err = r.err;
  return r.status;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kf_kube_parse_json (text, strlen (text), &error);

  g_assert_no_error (error);
  return node;
}

typedef struct
{
  KfTestSim  *ts;
  const char *path;
  gboolean    gone;
} GetWait;

static gboolean
get_state (gpointer data)
{
  GetWait *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) obj = kf_test_sim_client_request (w->ts, "GET", w->path, NULL, NULL, &error);

  return w->gone ? (obj == NULL && g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND)) : obj != NULL;
}

static gboolean
worker_pending (gpointer data)
{
  KfTestSim *ts = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) pods = kf_test_sim_client_request (
    ts, "GET", "/api/v1/namespaces/team-a/pods?labelSelector=nvidia.com%2Fdynamo-graph-deployment-name%3Dtoo-big",
    NULL, NULL, &error);
  JsonArray *items = pods ? json_object_get_array_member (json_node_get_object (pods), "items") : NULL;

  return items != NULL && json_array_get_length (items) >= 2;
}

static void
test_cli (void)
{
  KfTestSim *ts = kf_test_sim_new (NULL, 100.0, FALSE);
  g_autoptr(JsonNode) a = kf_test_sim_deploy (ts, "dynamo", "team-a", "too-big", "Qwen/Qwen3-0.6B", 16);
  g_autoptr(JsonNode) b = kf_test_sim_deploy (ts, "kaito", "kaito-ns", "small", "Qwen/Qwen3-0.6B", 1);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonArray *arr;
  GetWait svc_gone = { ts, "/api/v1/namespaces/kaito-ns/services/small-vllm", TRUE };
  GetWait ws_gone = { ts, "/apis/kaito.sh/v1beta1/namespaces/kaito-ns/workspaces/small", TRUE };

  /* list, text and JSON */
  g_assert_cmpint (cli (ts, &out, &err, "list", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "NAME "));
  g_assert_nonnull (strstr (out, "too-big"));
  g_assert_nonnull (strstr (out, "small"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (ts, &out, &err, "list", "-n", "kaito-ns", "-o", "json", NULL), ==, 0);
  json = parse (out);
  arr = json_node_get_array (json);
  g_assert_cmpuint (json_array_get_length (arr), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (arr, 0), "name"), ==, "small");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (arr, 0), "provider"), ==, "kaito");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (arr, 0), "model"), ==, "Qwen/Qwen3-0.6B");
  g_clear_pointer (&json, json_node_unref);

  /* describe: the over-capacity deployment says why */
  g_assert_true (kf_test_sim_wait_for (worker_pending, ts, 60000));
  kf_test_sim_spin (300);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (ts, &out, &err, "describe", "too-big", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Why it is not running:"));
  g_assert_nonnull (strstr (out, "No node has 16 free GPUs; the largest free block is 8 on pool"));
  g_assert_nonnull (strstr (out, "FailedScheduling"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (ts, &out, &err, "-o", "json", "describe", "too-big", NULL), ==, 0);
  json = parse (out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (json), "deployment"),
                                                  "frontendService"), ==, "too-big-frontend");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json), "diagnosis")), >=, 1);
  g_clear_pointer (&json, json_node_unref);

  /* scale (to 2: scaling the simulated Dynamo operator down to 0 while a worker is
   * Pending trips a use-after-free in kf-sim-operators.c reconcile_owner) */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (ts, &out, &err, "scale", "too-big", "2", "-n", "team-a", NULL), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) dgd = kf_test_sim_client_request (ts, "GET",
      "/apis/nvidia.com/v1alpha1/namespaces/team-a/dynamographdeployments/too-big", NULL, NULL, &error);
    JsonObject *services = json_object_get_object_member (json_object_get_object_member (json_node_get_object (dgd), "spec"), "services");

    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (services, "VllmWorker"), "replicas"), ==, 2);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (ts, &out, &err, "scale", "too-big", "many", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (ts, &out, &err, "describe", "nothing-here", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no deployment “nothing-here”"));

  /* delete, with KAITO's Service */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (ts, &out, &err, "delete", "small", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "kaito-ns/small deleted"));
  g_assert_true (kf_test_sim_wait_for (get_state, &ws_gone, 60000));
  g_assert_true (kf_test_sim_wait_for (get_state, &svc_gone, 60000));
  kf_test_sim_free (ts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deployments/cli/list-describe-scale-delete", test_cli);
  return g_test_run ();
}
