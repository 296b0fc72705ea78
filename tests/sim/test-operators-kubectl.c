/* test-operators-kubectl.c: the simulated operators behind the real simulated
 * API server, driven by real kubectl (skipped when kubectl is absent)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kf-test-sim.h"

#define SPEED 50.0

static gboolean
skip_without_kubectl (void)
{
  if (kf_test_sim_kubectl_path () == NULL)
    {
      g_test_skip ("kubectl is not installed (/usr/bin/kubectl or $KF_TEST_KUBECTL)");
      return TRUE;
    }
  return FALSE;
}

static char *
fixture_path (const char *rel)
{
  return g_build_filename (g_getenv ("KF_FIXTURES_DIR"), rel, NULL);
}

typedef struct
{
  char     *line;
  gboolean  done;
} LineRead;

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  LineRead *r = data;

  r->line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  r->done = TRUE;
}

/* The next line of @stream, iterating the main context the server runs on. */
static char *
next_line (GDataInputStream *stream)
{
  LineRead r = { 0 };

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, line_cb, &r);
  g_assert_true (kf_test_sim_wait (&r.done, 30000));
  return r.line;
}

static void
test_dynamo_with_kubectl (void)
{
  g_autoptr(KfTestSim) sim = NULL;
  g_autofree char *file = fixture_path ("examples/dynamo/v1alpha1/vllm-agg.yaml");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pod = NULL;
  g_autofree char *metrics = NULL;
  g_autoptr(GSubprocess) follow = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  int rc;

  if (skip_without_kubectl ())
    return;
  sim = kf_test_sim_new (NULL, SPEED, FALSE);

  rc = kf_test_sim_kubectl (sim, NULL, &out, &err, "create", "namespace", "demo", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  rc = kf_test_sim_kubectl (sim, NULL, &out, &err, "create", "-n", "demo", "-f", file, NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* kubectl wait reads the pods' Ready condition as the real one does */
  rc = kf_test_sim_kubectl (sim, NULL, &out, &err, "wait", "-n", "demo", "--for=condition=Ready", "pod",
                            "-l", "nvidia.com/dynamo-graph-deployment-name=vllm-agg", "--timeout=60s", NULL);
  if (rc != 0)
    g_test_message ("kubectl wait: %s %s", out, err);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (out, "condition met"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = kf_test_sim_kubectl (sim, NULL, &out, &err, "wait", "-n", "demo", "--for=jsonpath={.status.state}=successful",
                            "dynamographdeployment/vllm-agg", "--timeout=60s", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  rc = kf_test_sim_kubectl (sim, NULL, &out, &err, "get", "pods", "-n", "demo", "-l",
                            "nvidia.com/dynamo-component=VllmDecodeWorker", "-o", "jsonpath={.items[0].metadata.name}", NULL);
  g_assert_cmpint (rc, ==, 0);
  pod = g_steal_pointer (&out);
  g_assert_true (g_str_has_prefix (pod, "vllm-agg-vllmdecodeworker-"));
  g_clear_pointer (&err, g_free);

  /* kubectl logs --previous on a container that never restarted */
  rc = kf_test_sim_kubectl (sim, NULL, &out, &err, "logs", "-n", "demo", pod, "--previous", NULL);
  g_assert_cmpint (rc, !=, 0);
  g_assert_nonnull (strstr (err, "previous terminated container \"main\" in pod"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* kubectl logs -f --tail=0: whatever arrives was written after the stream opened */
  follow = kf_test_sim_kubectl_spawn (sim, "logs", "-n", "demo", "-f", "--tail=0", pod, NULL);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (follow));
  {
    g_autofree char *line = next_line (lines);

    g_assert_nonnull (line);
    g_assert_nonnull (strstr (line, "Avg prompt throughput"));
  }
  g_subprocess_force_exit (follow);

  rc = kf_test_sim_kubectl (sim, NULL, &metrics, &err, "get", "--raw",
                            "/api/v1/namespaces/demo/services/vllm-agg-frontend:8000/proxy/metrics", NULL);
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (metrics, "# TYPE vllm:num_requests_running gauge"));
  g_assert_nonnull (strstr (metrics, "vllm:generation_tokens_total{model_name=\"Qwen/Qwen3-0.6B\"}"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/operators/kubectl/dynamo", test_dynamo_with_kubectl);
  return g_test_run ();
}
