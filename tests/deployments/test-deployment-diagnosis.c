/* test-deployment-diagnosis.c: "why isn't it running" from pods, events and nodes
 *
 * Inputs are the texts the simulated operators produce (which copy the
 * kube-scheduler's and kubelet's wording), older scheduler wordings, and the
 * real objects in $KF_FIXTURES_DIR/k8s.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kf-deployment-diagnosis.h"
#include "kf-kube-client.h"

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kf_kube_parse_json (text, strlen (text), &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "k8s", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  JsonNode *node;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  node = kf_kube_parse_json (text, len, &error);
  g_assert_no_error (error);
  return node;
}

static KfDiagnosisFinding *
find_kind (GPtrArray       *findings,
           KfDiagnosisKind  kind)
{
  for (guint i = 0; i < findings->len; i++)
    {
      KfDiagnosisFinding *f = g_ptr_array_index (findings, i);
      if (f->kind == kind)
        return f;
    }
  return NULL;
}

#define SIM_TAINT_GPU "0/6 nodes are available: 1 node(s) had untolerated taint {nvidia.com/gpu: present}, " \
  "5 Insufficient nvidia.com/gpu. preemption: 0/6 nodes are available: " \
  "1 Preemption is not helpful for scheduling, 5 No preemption victims found for incoming pod.."

static void
test_parse_scheduler_text (void)
{
  g_autoptr(KfSchedulingFailure) a = kf_scheduling_failure_parse (SIM_TAINT_GPU);
  g_autoptr(KfSchedulingFailure) b = kf_scheduling_failure_parse (
    "0/5 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't "
    "tolerate, 4 Insufficient memory.");
  g_autoptr(KfSchedulingFailure) c = kf_scheduling_failure_parse (
    "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are "
    "available: 1 Preemption is not helpful for scheduling..");
  g_autoptr(KfSchedulingFailure) d = kf_scheduling_failure_parse ("Back-off restarting failed container");
  KfSchedulingReason *r;

  g_assert_nonnull (a);
  g_assert_cmpuint (a->total_nodes, ==, 6);
  g_assert_cmpuint (a->reasons->len, ==, 2);
  r = g_ptr_array_index (a->reasons, 0);
  g_assert_cmpuint (r->count, ==, 1);
  g_assert_cmpstr (r->reason, ==, "node(s) had untolerated taint {nvidia.com/gpu: present}");
  r = g_ptr_array_index (a->reasons, 1);
  g_assert_cmpuint (r->count, ==, 5);
  g_assert_cmpstr (r->reason, ==, "Insufficient nvidia.com/gpu");

  g_assert_nonnull (b);
  g_assert_cmpuint (b->total_nodes, ==, 5);
  g_assert_cmpuint (b->reasons->len, ==, 2);
  r = g_ptr_array_index (b->reasons, 0);
  g_assert_cmpstr (r->reason, ==, "node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate");
  r = g_ptr_array_index (b->reasons, 1);
  g_assert_cmpuint (r->count, ==, 4);
  g_assert_cmpstr (r->reason, ==, "Insufficient memory");

  g_assert_nonnull (c);
  g_assert_cmpuint (c->reasons->len, ==, 1);
  r = g_ptr_array_index (c->reasons, 0);
  g_assert_cmpuint (r->count, ==, 0);
  g_assert_cmpstr (r->reason, ==, "pod has unbound immediate PersistentVolumeClaims");

  g_assert_null (d);
  g_assert_null (kf_scheduling_failure_parse (NULL));
}

static void
test_parse_hostile (void)
{
  const char *inputs[] = {
    "", "nodes are available", "0/ nodes are available:", "0/99999999999999999999 nodes are available: ,,, ,",
    "0/3 nodes are available: {{{{ 3 Insufficient", "0/3 nodes are available: }}}, 2 x, that y, that z.",
    "0/1 nodes are available: 1 node(s) had untolerated taint {", ": : : nodes are available: . preemption:",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(KfSchedulingFailure) f = kf_scheduling_failure_parse (inputs[i]);
      g_autofree char *pods = g_strdup_printf (
        "[{\"metadata\":{\"name\":\"p\"},\"spec\":{},\"status\":{\"phase\":\"Pending\"}}]");
      g_autofree char *events = g_strdup_printf (
        "[{\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\"},\"reason\":\"FailedScheduling\",\"message\":\"%s\"}]",
        inputs[i]);
      g_autoptr(JsonNode) p = json (pods);
      g_autoptr(JsonNode) e = json (events);
      g_autoptr(GPtrArray) findings = kf_deployment_diagnose (p, e, NULL, NULL);

      g_assert_nonnull (findings);
    }
}

static void
test_quantity (void)
{
  double v = 0;

  g_assert_true (kf_quantity_parse ("4", &v));
  g_assert_cmpfloat (v, ==, 4);
  g_assert_true (kf_quantity_parse ("500m", &v));
  g_assert_cmpfloat_with_epsilon (v, 0.5, 1e-9);
  g_assert_true (kf_quantity_parse ("64Gi", &v));
  g_assert_cmpfloat (v, ==, 64.0 * 1073741824.0);
  g_assert_true (kf_quantity_parse ("1e3", &v));
  g_assert_cmpfloat (v, ==, 1000);
  g_assert_false (kf_quantity_parse ("", &v));
  g_assert_false (kf_quantity_parse ("12 apples", &v));
  g_assert_false (kf_quantity_parse ("-1", &v));
  g_assert_false (kf_quantity_parse ("Gi", &v));
}

#define GPU_NODE(name, pool, gpus, taint) \
  "{\"metadata\":{\"name\":\"" name "\",\"labels\":{\"agentpool\":\"" pool "\"}}," \
  "\"spec\":{" taint "},\"status\":{\"allocatable\":{\"cpu\":\"96\",\"memory\":\"900Gi\",\"nvidia.com/gpu\":\"" gpus "\"}}}"

static const char *nodes_json =
  "{\"kind\":\"NodeList\",\"items\":["
  GPU_NODE ("h100-a", "h100pool", "8", "")
  "," GPU_NODE ("h100-b", "h100pool", "8", "")
  "," GPU_NODE ("a100-a", "a100pool", "4", "\"taints\":[{\"key\":\"sku\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]")
  ",{\"metadata\":{\"name\":\"cpu-1\",\"labels\":{\"agentpool\":\"system\"}},\"status\":{\"allocatable\":{\"cpu\":\"8\",\"memory\":\"32Gi\"}}}"
  "]}";

/* pods already placed: 6 GPUs on h100-a, 8 on h100-b */
static const char *all_pods_json =
  "{\"items\":["
  "{\"metadata\":{\"name\":\"other-1\"},\"spec\":{\"nodeName\":\"h100-a\",\"containers\":[{\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"6\"}}}]},\"status\":{\"phase\":\"Running\"}},"
  "{\"metadata\":{\"name\":\"other-2\"},\"spec\":{\"nodeName\":\"h100-b\",\"containers\":[{\"resources\":{\"requests\":{\"nvidia.com/gpu\":8}}}]},\"status\":{\"phase\":\"Running\"}},"
  "{\"metadata\":{\"name\":\"done\"},\"spec\":{\"nodeName\":\"h100-b\",\"containers\":[{\"resources\":{\"requests\":{\"nvidia.com/gpu\":8}}}]},\"status\":{\"phase\":\"Succeeded\"}}"
  "]}";

#define PENDING_POD(gpus) \
  "[{\"metadata\":{\"name\":\"big-worker-0\"},\"spec\":{\"containers\":[{\"name\":\"main\"," \
  "\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"" gpus "\"}}}]},\"status\":{\"phase\":\"Pending\"," \
  "\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\",\"message\":\"%s\"}]}}]"

static void
test_insufficient_gpu (void)
{
  g_autofree char *pods_text = g_strdup_printf (PENDING_POD ("4"),
    "0/4 nodes are available: 1 node(s) had untolerated taint {sku: gpu}, 3 Insufficient nvidia.com/gpu. "
    "preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod..");
  g_autoptr(JsonNode) pods = json (pods_text);
  g_autoptr(JsonNode) nodes = json (nodes_json);
  g_autoptr(JsonNode) all = json (all_pods_json);
  g_autoptr(GPtrArray) with_nodes = kf_deployment_diagnose (pods, NULL, nodes, all);
  g_autoptr(GPtrArray) without = kf_deployment_diagnose (pods, NULL, NULL, NULL);
  KfDiagnosisFinding *f;

  /* the pod condition is enough when no event is there; GPU first, then the taint */
  g_assert_cmpuint (with_nodes->len, ==, 2);
  f = g_ptr_array_index (with_nodes, 0);
  g_assert_cmpint (f->kind, ==, KF_DIAGNOSIS_INSUFFICIENT_GPU);
  /* h100-a has 2 free, h100-b none, a100-a is tainted (not usable), cpu-1 has no GPU */
  g_assert_cmpstr (f->summary, ==, "No node has 4 free GPUs; the largest free block is 2 on pool h100pool.");
  g_assert_nonnull (strstr (f->action, "Reduce GPUs per replica or free capacity"));
  g_assert_cmpuint (f->pods->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->pods, 0), ==, "big-worker-0");
  f = g_ptr_array_index (with_nodes, 1);
  g_assert_cmpint (f->kind, ==, KF_DIAGNOSIS_TAINT);
  g_assert_cmpstr (f->summary, ==, "1 node has the taint sku=gpu, which the pod does not tolerate.");
  g_assert_nonnull (strstr (f->action, "toleration for “sku”"));

  f = find_kind (without, KF_DIAGNOSIS_INSUFFICIENT_GPU);
  g_assert_nonnull (f);
  g_assert_cmpstr (f->summary, ==, "No node has 4 free GPUs (3 of 4 nodes lack them).");
}

/* exactly what the simulated operators write for a 16-GPU worker */
static void
test_sim_unschedulable_event (void)
{
  g_autoptr(JsonNode) pods = json (
    "{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"too-big-vllmdecodeworker-7c9d-x\"},"
    "\"spec\":{\"containers\":[{\"name\":\"main\",\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"16\"}}}]},"
    "\"status\":{\"phase\":\"Pending\"}}]}");
  g_autoptr(JsonNode) events = json (
    "{\"kind\":\"EventList\",\"items\":[{\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"too-big-vllmdecodeworker-7c9d-x\"},"
    "\"type\":\"Warning\",\"reason\":\"FailedScheduling\",\"lastTimestamp\":\"2026-01-01T00:00:00Z\","
    "\"message\":\"0/6 nodes are available: 6 Insufficient nvidia.com/gpu. preemption: 0/6 nodes are available: "
    "6 No preemption victims found for incoming pod..\"}]}");
  g_autoptr(GPtrArray) findings = kf_deployment_diagnose (pods, events, NULL, NULL);
  KfDiagnosisFinding *f;

  g_assert_cmpuint (findings->len, ==, 1);
  f = g_ptr_array_index (findings, 0);
  g_assert_cmpint (f->kind, ==, KF_DIAGNOSIS_INSUFFICIENT_GPU);
  g_assert_cmpstr (f->summary, ==, "No node has 16 free GPUs (6 of 6 nodes lack them).");
  g_assert_nonnull (f->detail);
  g_assert_true (kf_diagnosis_needs_nodes (pods));
}

static void
test_selector_memory_pvc (void)
{
  g_autoptr(JsonNode) pods = json (
    "[{\"metadata\":{\"name\":\"a\"},\"spec\":{\"nodeSelector\":{\"gpu\":\"h200\"},\"containers\":[{\"name\":\"m\","
    "\"resources\":{\"requests\":{\"memory\":\"64Gi\"}}}]},\"status\":{\"phase\":\"Pending\"}},"
    " {\"metadata\":{\"name\":\"b\"},\"spec\":{},\"status\":{\"phase\":\"Pending\"}}]");
  g_autoptr(JsonNode) events = json (
    "[{\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"a\"},\"reason\":\"FailedScheduling\",\"message\":"
    "\"0/3 nodes are available: 1 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector. "
    "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..\"},"
    " {\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"b\"},\"reason\":\"FailedScheduling\",\"message\":"
    "\"0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.\"}]");
  g_autoptr(GPtrArray) findings = kf_deployment_diagnose (pods, events, NULL, NULL);
  KfDiagnosisFinding *f;

  f = find_kind (findings, KF_DIAGNOSIS_INSUFFICIENT_MEMORY);
  g_assert_nonnull (f);
  g_assert_cmpstr (f->summary, ==, "No node has 64 GiB of free memory (1 of 3 nodes lack it).");
  f = find_kind (findings, KF_DIAGNOSIS_NODE_SELECTOR);
  g_assert_nonnull (f);
  g_assert_cmpstr (f->summary, ==, "2 nodes do not match the pod's node selector (gpu=h200).");
  f = find_kind (findings, KF_DIAGNOSIS_PVC_PENDING);
  g_assert_nonnull (f);
  g_assert_cmpstr (g_ptr_array_index (f->pods, 0), ==, "b");
}

/* the kubelet's wording, as the simulated operators write it */
static void
test_crash_loop_oom (void)
{
  g_autoptr(JsonNode) pods = json (
    "[{\"metadata\":{\"name\":\"crashy-worker-1\"},\"spec\":{\"nodeName\":\"n\"},\"status\":{\"phase\":\"Running\","
    "\"containerStatuses\":[{\"name\":\"main\",\"ready\":false,\"restartCount\":4,"
    "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 40s restarting failed container=main pod=crashy-worker-1\"}},"
    "\"lastState\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\"}}}]}},"
    " {\"metadata\":{\"name\":\"crashy-worker-2\"},\"spec\":{\"nodeName\":\"n\"},\"status\":{\"phase\":\"Running\","
    "\"containerStatuses\":[{\"name\":\"main\",\"restartCount\":2,"
    "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}},"
    "\"lastState\":{\"terminated\":{\"exitCode\":137,\"reason\":\"OOMKilled\"}}}]}}]");
  g_autoptr(GPtrArray) findings = kf_deployment_diagnose (pods, NULL, NULL, NULL);
  KfDiagnosisFinding *f;

  g_assert_cmpuint (findings->len, ==, 2);
  f = find_kind (findings, KF_DIAGNOSIS_CRASH_LOOP);
  g_assert_nonnull (f);
  g_assert_cmpstr (f->summary, ==, "Container main keeps crashing (exit code 1, restarted 4 times).");
  g_assert_nonnull (strstr (f->action, "logs"));
  f = find_kind (findings, KF_DIAGNOSIS_OOM_KILLED);
  g_assert_nonnull (f);
  g_assert_cmpstr (g_ptr_array_index (f->pods, 0), ==, "crashy-worker-2");
  g_assert_nonnull (strstr (f->action, "memory limit"));
}

static void
test_image_pull (void)
{
  g_autoptr(JsonNode) pods = json (
    "[{\"metadata\":{\"name\":\"bad-0\"},\"spec\":{\"nodeName\":\"n\"},\"status\":{\"phase\":\"Pending\","
    "\"containerStatuses\":[{\"name\":\"main\",\"image\":\"nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.5.1\","
    "\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\",\"message\":\"Back-off pulling image\"}}}]}},"
    " {\"metadata\":{\"name\":\"bad-1\"},\"spec\":{\"nodeName\":\"n\"},\"status\":{\"phase\":\"Pending\","
    "\"containerStatuses\":[{\"name\":\"main\",\"image\":\"nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.5.1\","
    "\"state\":{\"waiting\":{\"reason\":\"ErrImagePull\"}}}]}}]");
  g_autoptr(JsonNode) events = json (
    "[{\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"bad-0\"},\"reason\":\"Failed\",\"message\":"
    "\"Failed to pull image \\\"nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.5.1\\\": rpc error: not found\"},"
    " {\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"bad-0\"},\"reason\":\"Failed\",\"message\":\"Error: ImagePullBackOff\"}]");
  g_autoptr(GPtrArray) findings = kf_deployment_diagnose (pods, events, NULL, NULL);
  KfDiagnosisFinding *f;

  /* both pods, one finding */
  g_assert_cmpuint (findings->len, ==, 1);
  f = g_ptr_array_index (findings, 0);
  g_assert_cmpint (f->kind, ==, KF_DIAGNOSIS_IMAGE_PULL);
  g_assert_cmpstr (f->summary, ==, "The image nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.5.1 of container main cannot be pulled.");
  g_assert_true (g_str_has_prefix (f->detail, "Failed to pull image"));
  g_assert_cmpuint (f->pods->len, ==, 2);
  g_assert_false (kf_diagnosis_needs_nodes (pods));
}

/* real objects: a running pod and its normal events explain nothing */
static void
test_fixtures_healthy (void)
{
  g_autoptr(JsonNode) pod = fixture ("pod-running.json");
  g_autoptr(JsonNode) event = fixture ("event-pulled.json");
  g_autoptr(JsonNode) node = fixture ("node-minikube.json");
  g_autoptr(JsonNode) pods = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) events = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) nodes = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GPtrArray) findings = NULL;

  json_node_take_array (pods, json_array_new ());
  json_array_add_element (json_node_get_array (pods), json_node_ref (pod));
  json_node_take_array (events, json_array_new ());
  json_array_add_element (json_node_get_array (events), json_node_ref (event));
  json_node_take_array (nodes, json_array_new ());
  json_array_add_element (json_node_get_array (nodes), json_node_ref (node));
  findings = kf_deployment_diagnose (pods, events, nodes, pods);
  g_assert_cmpuint (findings->len, ==, 0);
  g_assert_false (kf_diagnosis_needs_nodes (pods));
}

static void
test_wrong_types (void)
{
  const char *inputs[] = {
    "null", "42", "\"x\"", "{}", "{\"items\":7}", "[1,2,3]", "[{\"metadata\":7}]",
    "[{\"metadata\":{\"name\":\"p\"},\"status\":{\"phase\":\"Pending\",\"conditions\":7,\"containerStatuses\":{}}}]",
    "[{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"x\"}}}]},"
    "\"status\":{\"phase\":\"Pending\",\"containerStatuses\":[{\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}],"
    "\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\",\"message\":\"0/1 nodes are available: 1 Insufficient nvidia.com/gpu.\"}]}}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    for (guint j = 0; j < G_N_ELEMENTS (inputs); j++)
      {
        g_autoptr(JsonNode) a = json (inputs[i]);
        g_autoptr(JsonNode) b = json (inputs[j]);
        g_autoptr(GPtrArray) f = kf_deployment_diagnose (a, b, b, a);

        g_assert_nonnull (f);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deployments/diagnosis/parse", test_parse_scheduler_text);
  g_test_add_func ("/deployments/diagnosis/parse-hostile", test_parse_hostile);
  g_test_add_func ("/deployments/diagnosis/quantity", test_quantity);
  g_test_add_func ("/deployments/diagnosis/insufficient-gpu", test_insufficient_gpu);
  g_test_add_func ("/deployments/diagnosis/sim-unschedulable", test_sim_unschedulable_event);
  g_test_add_func ("/deployments/diagnosis/selector-memory-pvc", test_selector_memory_pvc);
  g_test_add_func ("/deployments/diagnosis/crash-loop-oom", test_crash_loop_oom);
  g_test_add_func ("/deployments/diagnosis/image-pull", test_image_pull);
  g_test_add_func ("/deployments/diagnosis/fixtures-healthy", test_fixtures_healthy);
  g_test_add_func ("/deployments/diagnosis/wrong-types", test_wrong_types);
  return g_test_run ();
}
