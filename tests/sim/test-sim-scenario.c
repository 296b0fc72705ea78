/* test-sim-scenario.c: the built-in scenario and scenario files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kf-sim-json.h"
#include "kf-sim-scenario.h"

static JsonNode *
find_node (KfSimScenario *s,
           const char    *name)
{
  for (guint i = 0; i < s->nodes->len; i++)
    if (g_strcmp0 (kf_sim_json_get_string (s->nodes->pdata[i], "metadata.name"), name) == 0)
      return s->nodes->pdata[i];
  return NULL;
}

static void
test_builtin (void)
{
  g_autoptr(KfSimScenario) s = kf_sim_scenario_new_builtin ();
  g_autoptr(KfSimScenario) s2 = kf_sim_scenario_new_builtin ();
  JsonNode *h100, *a100, *l4, *cpu;
  guint gpus = 0;

  g_assert_cmpuint (s->nodes->len, ==, 6);
  g_assert_true (g_strv_contains ((const char * const *) s->runtimes, "dynamo"));
  g_assert_true (g_strv_contains ((const char * const *) s->runtimes, "kuberay"));
  g_assert_true (g_strv_contains ((const char * const *) s->runtimes, "kaito"));

  h100 = find_node (s, "aks-h100pool-38102744-vmss000001");
  g_assert_nonnull (h100);
  g_assert_cmpstr (kf_sim_json_get_string (h100, "metadata.labels.agentpool"), ==, "h100pool");
  {
    JsonNode *labels = kf_sim_json_lookup (h100, "metadata.labels");
    JsonObject *lo = json_node_get_object (labels);
    g_assert_cmpstr (json_object_get_string_member (lo, "kubernetes.azure.com/agentpool"), ==, "h100pool");
    g_assert_cmpstr (json_object_get_string_member (lo, "nvidia.com/gpu.product"), ==, "NVIDIA-H100-80GB-HBM3");
    g_assert_cmpstr (json_object_get_string_member (lo, "nvidia.com/gpu.memory"), ==, "81559");
    g_assert_cmpstr (json_object_get_string_member (lo, "nvidia.com/gpu.count"), ==, "8");
    g_assert_cmpstr (json_object_get_string_member (lo, "nvidia.com/gpu.family"), ==, "hopper");
  }
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (kf_sim_json_lookup (h100, "status.allocatable")),
                                                  "nvidia.com/gpu"), ==, "8");

  a100 = find_node (s, "ip-10-0-42-17.us-west-2.compute.internal");
  g_assert_nonnull (a100);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (kf_sim_json_lookup (a100, "metadata.labels")),
                                                  "eks.amazonaws.com/nodegroup"), ==, "a100-ng");
  g_assert_cmpstr (kf_sim_json_get_string (json_array_get_element (json_node_get_array (kf_sim_json_lookup (a100, "spec.taints")), 0), "key"),
                   ==, "nvidia.com/gpu");
  l4 = find_node (s, "gke-demo-l4-pool-5f2c9a1e-x7k2");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (kf_sim_json_lookup (l4, "metadata.labels")),
                                                  "cloud.google.com/gke-nodepool"), ==, "l4-pool");
  cpu = find_node (s, "aks-system-38102744-vmss000000");
  g_assert_null (json_object_get_member (json_node_get_object (kf_sim_json_lookup (cpu, "status.allocatable")), "nvidia.com/gpu"));
  g_assert_null (json_object_get_member (json_node_get_object (kf_sim_json_lookup (cpu, "metadata.labels")), "nvidia.com/gpu.present"));

  for (guint i = 0; i < s->nodes->len; i++)
    {
      JsonObject *alloc = json_node_get_object (kf_sim_json_lookup (s->nodes->pdata[i], "status.allocatable"));
      if (json_object_has_member (alloc, "nvidia.com/gpu"))
        gpus += atoi (json_object_get_string_member (alloc, "nvidia.com/gpu"));
    }
  g_assert_cmpuint (gpus, ==, 8 * 2 + 4 + 1);

  /* users: an admin token user, a client-certificate user, a read-only user; random tokens */
  g_assert_nonnull (kf_sim_scenario_find_user (s, "admin")->token);
  g_assert_null (kf_sim_scenario_find_user (s, "admin")->rules);
  g_assert_cmpstr (kf_sim_scenario_find_user (s, "cert-admin")->client_cn, ==, "cert-admin");
  g_assert_nonnull (kf_sim_scenario_find_user (s, "viewer")->rules);
  g_assert_true (kf_sim_scenario_find_user_by_token (s, kf_sim_scenario_find_user (s, "viewer")->token) ==
                 kf_sim_scenario_find_user (s, "viewer"));
  g_assert_cmpstr (kf_sim_scenario_find_user (s, "admin")->token, !=, kf_sim_scenario_find_user (s2, "admin")->token);
  g_assert_cmpint (kf_sim_scenario_model_failure (s, "meta-llama/Llama-3.1-8B-Instruct"), ==, KF_SIM_FAILURE_NONE);
  g_assert_null (s->autoscaler_status);
}

static void
test_load_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kf-sim-scenario-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "scenario.yaml", NULL);
  g_autofree char *autoscaler = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "autoscaler",
                                                  "status-yaml-ca1.30plus.yaml", NULL);
  g_autofree char *yaml = g_strdup_printf (
    "name: small\n"
    "runtimes: [kaito]\n"
    "nodes:\n"
    "  - name: gpu\n"
    "    provider: none\n"
    "    pool: t4\n"
    "    cpu: 4\n"
    "    memory: 16Gi\n"
    "    gpu: {product: Tesla-T4, count: 2}\n"
    "    labels: {team: ml}\n"
    "  - object:\n"
    "      metadata: {name: raw-node, labels: {x: y}}\n"
    "      status: {allocatable: {cpu: '2'}}\n"
    "users:\n"
    "  - {name: alice, token: tok-alice, rules: [{verbs: [get], apiGroups: [''], resources: [pods], namespaces: [team-a]}]}\n"
    "failingModels:\n"
    "  - {model: org/bad-model, failure: ImagePullBackOff}\n"
    "  - {model: org/crashy, failure: CrashLoopBackOff}\n"
    "autoscaler:\n"
    "  statusFile: %s\n"
    "objects:\n"
    "  - {apiVersion: v1, kind: Namespace, metadata: {name: team-a}}\n"
    "faults:\n"
    "  delayMs: 20\n", autoscaler);
  g_autoptr(KfSimScenario) s = NULL;
  JsonNode *gpu;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, yaml, -1, &error));
  s = kf_sim_scenario_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->name, ==, "small");
  g_assert_cmpuint (s->nodes->len, ==, 2);
  gpu = find_node (s, "gpu");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (kf_sim_json_lookup (gpu, "metadata.labels")),
                                                  "nvidia.com/gpu.product"), ==, "Tesla-T4");
  g_assert_cmpstr (kf_sim_json_get_string (gpu, "metadata.labels.team"), ==, "ml");
  g_assert_cmpstr (kf_sim_json_get_string (gpu, "status.capacity.cpu"), ==, "4");
  g_assert_cmpstr (kf_sim_json_get_string (find_node (s, "raw-node"), "kind"), ==, "Node");
  g_assert_cmpstr (s->runtimes[0], ==, "kaito");
  g_assert_null (s->runtimes[1]);
  g_assert_cmpint (kf_sim_scenario_model_failure (s, "org/bad-model"), ==, KF_SIM_FAILURE_IMAGE_PULL);
  g_assert_cmpint (kf_sim_scenario_model_failure (s, "org/crashy"), ==, KF_SIM_FAILURE_CRASH_LOOP);
  g_assert_nonnull (s->autoscaler_status);
  g_assert_nonnull (strstr (json_node_get_string (s->autoscaler_status), "autoscalerStatus: \"Running\""));
  g_assert_cmpuint (s->objects->len, ==, 1);
  g_assert_cmpstr (kf_sim_scenario_find_user_by_token (s, "tok-alice")->name, ==, "alice");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (s->faults, "delayMs")), ==, 20);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bad_files (void)
{
  const struct { const char *yaml, *expect; } cases[] = {
    { "nodes: {}\n", "\"nodes\" must be a list" },
    { "nodes:\n  - {cpu: 4}\n", "needs a \"name\"" },
    { "nodes:\n  - {name: a, gpu: {count: 2}}\n", "gpu needs a product" },
    { "nodes:\n  - {name: a, provider: azure}\n", "unknown provider \"azure\"" },
    { "nodes:\n  - {name: a, taints: [{key: k, effect: Sometimes}]}\n", "taint 0" },
    { "nodes:\n  - {name: a}\n  - {name: a}\n", "two nodes are named a" },
    { "runtimes: [dynamo, openshift]\n", "unknown runtime \"openshift\"" },
    { "users:\n  - {name: bob}\n", "needs a token or clientCertificate" },
    { "users:\n  - {name: bob, token: t, rules: [{resources: [pods]}]}\n", "needs \"verbs\"" },
    { "failingModels:\n  - {model: x, failure: OOMKilled}\n", "CrashLoopBackOff or ImagePullBackOff" },
    { "autoscaler: {statusFile: /nonexistent/status.yaml}\n", "autoscaler.statusFile" },
    { "objects:\n  - {kind: Pod}\n", "objects[0] needs apiVersion" },
    { "nodez: []\n", "unknown scenario field \"nodez\"" },
    { "- a\n- b\n", "must be a mapping" },
    { "nodes: [\n", "line" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KfSimScenario) s = kf_sim_scenario_load_data (cases[i].yaml, -1, NULL, &error);

      g_assert_null (s);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: \"%s\" does not mention \"%s\"", i, error->message, cases[i].expect);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/scenario/builtin", test_builtin);
  g_test_add_func ("/sim/scenario/load-file", test_load_file);
  g_test_add_func ("/sim/scenario/bad-files", test_bad_files);
  return g_test_run ();
}
