/* test-operators-reconcile.c: the simulated operators turn custom resources
 * into scheduled, running (or failing) pods and write the real status shapes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "test-operators-util.h"

#define DGD "dynamographdeployments.nvidia.com"

static JsonNode *
json_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kf_sim_json_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  return node;
}
#define WAIT_MS 20000

typedef struct
{
  const char *resource;
  const char *ns;
  const char *name;
  const char *path;
  const char *value;
} StringWait;

static gboolean
string_is (OpFixture *f,
           gpointer   data)
{
  StringWait *w = data;
  g_autoptr(JsonNode) obj = op_get (f, w->resource, w->ns, w->name);

  return obj != NULL && g_strcmp0 (kf_sim_json_get_string (obj, w->path), w->value) == 0;
}

typedef struct
{
  const char *ns;
  const char *selector;
  guint       count;
  gboolean    ready;
} PodsWait;

static gboolean
pods_are (OpFixture *f,
          gpointer   data)
{
  PodsWait *w = data;
  g_autoptr(GPtrArray) pods = op_list (f, "pods", w->ns, w->selector, NULL);

  if (pods->len != w->count)
    return FALSE;
  if (w->ready)
    for (guint i = 0; i < pods->len; i++)
      if (!op_pod_ready (g_ptr_array_index (pods, i)))
        return FALSE;
  return TRUE;
}

static JsonNode *
dynamo_example (const char *name)
{
  JsonNode *obj = op_load_fixture ("examples/dynamo/v1alpha1/vllm-agg.yaml");

  json_object_set_string_member (kf_sim_json_ensure_object (obj, "metadata"), "name", name);
  return obj;
}

static void
set_worker (JsonNode   *dgd,
            const char *gpus,
            gint64      replicas)
{
  JsonObject *worker = kf_sim_json_ensure_object (dgd, "spec.services.VllmDecodeWorker");

  if (gpus)
    json_object_set_string_member (kf_sim_json_ensure_object (dgd, "spec.services.VllmDecodeWorker.resources.limits"),
                                   "gpu", gpus);
  if (replicas >= 0)
    json_object_set_int_member (worker, "replicas", replicas);
}

static void
test_dynamo_ready (OpFixture     *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) in = dynamo_example ("vllm-agg");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) dgd = NULL;
  g_autoptr(JsonNode) svc = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autofree char *worker_events = NULL;
  StringWait w = { DGD, "demo", "vllm-agg", "status.state", "successful" };
  JsonNode *worker = NULL, *frontend = NULL;
  const char *uid;

  op_fixture_start (f);
  created = op_create (f, DGD, "demo", in);
  uid = kf_sim_json_get_string (created, "metadata.uid");
  g_assert_true (op_wait (f, string_is, &w, WAIT_MS));

  pods = op_list (f, "pods", "demo", "nvidia.com/dynamo-graph-deployment-name=vllm-agg", NULL);
  g_assert_cmpuint (pods->len, ==, 2);
  for (guint i = 0; i < pods->len; i++)
    {
      JsonNode *p = g_ptr_array_index (pods, i);
      const char *name = kf_sim_json_get_string (p, "metadata.name");

      if (g_str_has_prefix (name, "vllm-agg-frontend-"))
        frontend = p;
      else if (g_str_has_prefix (name, "vllm-agg-vllmdecodeworker-"))
        worker = p;
      g_assert_cmpstr (kf_sim_json_get_string (p, "status.phase"), ==, "Running");
      g_assert_true (op_pod_ready (p));
      g_assert_nonnull (kf_sim_json_get_string (p, "status.podIP"));
      g_assert_nonnull (kf_sim_json_get_string (p, "status.startTime"));
      g_assert_nonnull (op_container_string (p, "state.running.startedAt"));
      g_assert_cmpint (op_restart_count (p), ==, 0);
      g_assert_cmpstr (kf_sim_json_get_string (json_array_get_element (json_node_get_array (
                         kf_sim_json_lookup (p, "metadata.ownerReferences")), 0), "uid"), ==, uid);
    }
  g_assert_nonnull (frontend);
  g_assert_nonnull (worker);
  g_assert_cmpstr (json_object_get_string_member (kf_sim_json_ensure_object (worker, "metadata.labels"),
                                                  "nvidia.com/dynamo-component"), ==, "VllmDecodeWorker");
  g_assert_cmpstr (json_object_get_string_member (kf_sim_json_ensure_object (frontend, "metadata.labels"),
                                                  "nvidia.com/dynamo-component-type"), ==, "frontend");
  /* the worker's GPU went to a node that has GPUs */
  {
    g_autoptr(JsonNode) node = op_get (f, "nodes", NULL, kf_sim_json_get_string (worker, "spec.nodeName"));
    JsonObject *alloc = kf_sim_json_ensure_object (node, "status.allocatable");

    g_assert_true (json_object_has_member (alloc, "nvidia.com/gpu"));
  }
  worker_events = op_event_messages (f, "demo", kf_sim_json_get_string (worker, "metadata.name"), NULL);
  g_assert_nonnull (strstr (worker_events, "Successfully assigned demo/vllm-agg-vllmdecodeworker-"));
  g_assert_nonnull (strstr (worker_events, "Pulling image \"nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.5.1\""));
  g_assert_nonnull (strstr (worker_events, "Successfully pulled image"));
  g_assert_nonnull (strstr (worker_events, "Created container: main"));
  g_assert_nonnull (strstr (worker_events, "Started container main"));

  svc = op_get (f, "services", "demo", "vllm-agg-frontend");
  g_assert_nonnull (svc);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (json_array_get_element (json_node_get_array (
                     kf_sim_json_lookup (svc, "spec.ports")), 0), "port")), ==, 8000);

  dgd = op_get (f, DGD, "demo", "vllm-agg");
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (dgd, "Ready"), "status"), ==, "True");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (dgd, "status.services.VllmDecodeWorker.readyReplicas")), ==, 1);
  op_assert_valid_status (dgd, "dynamo-dynamographdeployment.yaml");
}

static void
test_dynamo_unschedulable (OpFixture     *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) in = dynamo_example ("too-big");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(JsonNode) dgd = NULL;
  g_autofree char *events = NULL;
  PodsWait frontend = { "demo", "nvidia.com/dynamo-component=Frontend", 1, TRUE };
  JsonNode *pod, *cond;

  op_fixture_start (f);
  set_worker (in, "16", -1);
  created = op_create (f, DGD, "demo", in);
  g_assert_true (op_wait (f, pods_are, &frontend, WAIT_MS));
  op_spin (100);

  workers = op_list (f, "pods", "demo", "nvidia.com/dynamo-component=VllmDecodeWorker", NULL);
  g_assert_cmpuint (workers->len, ==, 1);
  pod = g_ptr_array_index (workers, 0);
  g_assert_cmpstr (kf_sim_json_get_string (pod, "status.phase"), ==, "Pending");
  g_assert_null (kf_sim_json_get_string (pod, "spec.nodeName"));
  cond = op_condition (pod, "PodScheduled");
  g_assert_cmpstr (kf_sim_json_get_string (cond, "status"), ==, "False");
  g_assert_cmpstr (kf_sim_json_get_string (cond, "reason"), ==, "Unschedulable");
  /* the built-in scenario: 2 H100 nodes (8), a tainted A100 node (4, tolerated
   * by a GPU pod), an L4 node (1) and 2 CPU nodes */
  events = op_event_messages (f, "demo", kf_sim_json_get_string (pod, "metadata.name"), "FailedScheduling");
  g_assert_cmpstr (events, ==,
                   "0/6 nodes are available: 6 Insufficient nvidia.com/gpu. preemption: 0/6 nodes are available: "
                   "6 No preemption victims found for incoming pod..");
  g_assert_cmpstr (kf_sim_json_get_string (cond, "message"), ==, events);

  dgd = op_get (f, DGD, "demo", "too-big");
  g_assert_cmpstr (kf_sim_json_get_string (dgd, "status.state"), ==, "pending");
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (dgd, "Ready"), "status"), ==, "False");
  g_assert_nonnull (strstr (kf_sim_json_get_string (op_condition (dgd, "Ready"), "message"), "Insufficient nvidia.com/gpu"));
  op_assert_valid_status (dgd, "dynamo-dynamographdeployment.yaml");
}

static void
test_scheduler_message_taints (OpFixture     *f,
                               gconstpointer  data)
{
  /* a bare pod without tolerations asking for more GPUs than any node has free */
  g_autoptr(JsonNode) pod = json_text (
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"greedy\"},"
    "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\","
    "\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"9\"}}}]}}");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) small = json_text (
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"modest\"},"
    "\"spec\":{\"nodeSelector\":{\"node.kubernetes.io/instance-type\":\"g2-standard-8\"},"
    "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"1\"}}}]}}");
  g_autoptr(JsonNode) created_small = NULL;
  g_autoptr(JsonNode) got = NULL;
  StringWait w = { "pods", "default", "modest", "status.phase", "Running" };
  g_autofree char *events = NULL;

  op_fixture_start (f);
  created = op_create (f, "pods", "default", pod);
  created_small = op_create (f, "pods", "default", small);
  g_assert_true (op_wait (f, string_is, &w, WAIT_MS));
  got = op_get (f, "pods", "default", "modest");
  g_assert_cmpstr (kf_sim_json_get_string (got, "spec.nodeName"), ==, "gke-demo-l4-pool-5f2c9a1e-x7k2");

  events = op_event_messages (f, "default", "greedy", "FailedScheduling");
  g_assert_cmpstr (events, ==,
                   "0/6 nodes are available: 1 node(s) had untolerated taint {nvidia.com/gpu: present}, "
                   "5 Insufficient nvidia.com/gpu. preemption: 0/6 nodes are available: "
                   "1 Preemption is not helpful for scheduling, 5 No preemption victims found for incoming pod..");
}

static JsonNode *
gpu_pod (const char *name,
         guint       gpus)
{
  g_autofree char *text = g_strdup_printf (
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\"},"
    "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\","
    "\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"%u\"}}}]}}", name, gpus);

  return json_text (text);
}

static gboolean
pod_unschedulable (OpFixture *f,
                   gpointer   data)
{
  g_autoptr(JsonNode) pod = op_get (f, "pods", "default", data);

  return pod != NULL &&
         g_strcmp0 (kf_sim_json_get_string (op_condition (pod, "PodScheduled"), "reason"), "Unschedulable") == 0;
}

/* a pod that did not fit starts once room is made: its retry must not wait
 * for a new pod to arrive (the scheduler's unschedulable queue) */
static void
test_scheduler_room_made (OpFixture     *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) a = gpu_pod ("hog-a", 8);
  g_autoptr(JsonNode) b = gpu_pod ("hog-b", 8);
  g_autoptr(JsonNode) waiter = gpu_pod ("waiter", 8);
  g_autoptr(JsonNode) created_a = NULL;
  g_autoptr(JsonNode) created_b = NULL;
  g_autoptr(JsonNode) created_w = NULL;
  g_autoptr(JsonNode) gone = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *node_a = NULL;
  StringWait run_a = { "pods", "default", "hog-a", "status.phase", "Running" };
  StringWait run_b = { "pods", "default", "hog-b", "status.phase", "Running" };
  StringWait run_w = { "pods", "default", "waiter", "status.phase", "Running" };

  op_fixture_start (f);
  created_a = op_create (f, "pods", "default", a);
  created_b = op_create (f, "pods", "default", b);
  g_assert_true (op_wait (f, string_is, &run_a, WAIT_MS));
  g_assert_true (op_wait (f, string_is, &run_b, WAIT_MS));
  created_w = op_create (f, "pods", "default", waiter);
  g_assert_true (op_wait (f, pod_unschedulable, "waiter", WAIT_MS));
  got = op_get (f, "pods", "default", "hog-a");
  node_a = g_strdup (kf_sim_json_get_string (got, "spec.nodeName"));

  gone = kf_sim_store_delete (f->store, "pods", "default", "hog-a", &error);
  g_assert_no_error (error);
  g_assert_true (op_wait (f, string_is, &run_w, WAIT_MS));
  g_clear_pointer (&got, json_node_unref);
  got = op_get (f, "pods", "default", "waiter");
  g_assert_cmpstr (kf_sim_json_get_string (got, "spec.nodeName"), ==, node_a);
}

static void
test_dynamo_crash_loop (OpFixture     *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) in = dynamo_example ("crashy");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(JsonNode) dgd = NULL;
  g_autofree char *events = NULL;
  StringWait w = { DGD, "demo", "crashy", "status.state", "failed" };
  JsonNode *pod;
  gint64 restarts = 0;

  g_hash_table_insert (f->scenario->failing_models, g_strdup ("Qwen/Qwen3-0.6B"),
                       GINT_TO_POINTER (KF_SIM_FAILURE_CRASH_LOOP));
  op_fixture_start (f);
  created = op_create (f, DGD, "demo", in);
  g_assert_true (op_wait (f, string_is, &w, WAIT_MS));

  /* restartCount keeps growing */
  for (int i = 0; i < 200 && restarts < 2; i++)
    {
      g_clear_pointer (&workers, g_ptr_array_unref);
      op_spin (20);
      workers = op_list (f, "pods", "demo", "nvidia.com/dynamo-component=VllmDecodeWorker", NULL);
      g_assert_cmpuint (workers->len, ==, 1);
      restarts = op_restart_count (g_ptr_array_index (workers, 0));
    }
  g_assert_cmpint (restarts, >=, 2);
  pod = g_ptr_array_index (workers, 0);
  g_assert_cmpstr (kf_sim_json_get_string (pod, "status.phase"), ==, "Running");
  g_assert_false (op_pod_ready (pod));
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (
                     json_array_get_element (json_node_get_array (kf_sim_json_lookup (pod, "status.containerStatuses")), 0),
                     "lastState.terminated.exitCode")), ==, 1);
  events = op_event_messages (f, "demo", kf_sim_json_get_string (pod, "metadata.name"), "BackOff");
  g_assert_true (g_str_has_prefix (events, "Back-off restarting failed container main in pod "));

  dgd = op_get (f, DGD, "demo", "crashy");
  op_assert_valid_status (dgd, "dynamo-dynamographdeployment.yaml");
}

typedef struct
{
  const char *selector;
  const char *reason;
} WaitingWait;

static gboolean
waiting_reason_is (OpFixture *f,
                   gpointer   data)
{
  WaitingWait *w = data;
  g_autoptr(GPtrArray) pods = op_list (f, "pods", "demo", w->selector, NULL);

  return pods->len == 1 &&
         g_strcmp0 (op_container_string (g_ptr_array_index (pods, 0), "state.waiting.reason"), w->reason) == 0;
}

static void
test_dynamo_image_pull (OpFixture     *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) in = dynamo_example ("badimage");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autofree char *failed = NULL;
  WaitingWait err = { "nvidia.com/dynamo-component=VllmDecodeWorker", "ErrImagePull" };
  WaitingWait backoff = { "nvidia.com/dynamo-component=VllmDecodeWorker", "ImagePullBackOff" };

  g_hash_table_insert (f->scenario->failing_models, g_strdup ("Qwen/Qwen3-0.6B"),
                       GINT_TO_POINTER (KF_SIM_FAILURE_IMAGE_PULL));
  op_fixture_start (f);
  created = op_create (f, DGD, "demo", in);
  g_assert_true (op_wait (f, waiting_reason_is, &err, WAIT_MS));
  g_assert_true (op_wait (f, waiting_reason_is, &backoff, WAIT_MS));
  workers = op_list (f, "pods", "demo", backoff.selector, NULL);
  g_assert_cmpstr (kf_sim_json_get_string (g_ptr_array_index (workers, 0), "status.phase"), ==, "Pending");
  failed = op_event_messages (f, "demo", kf_sim_json_get_string (g_ptr_array_index (workers, 0), "metadata.name"),
                              "Failed");
  g_assert_nonnull (strstr (failed, "Error: ErrImagePull"));
  g_assert_nonnull (strstr (failed, "Error: ImagePullBackOff"));
  g_assert_nonnull (strstr (failed, "Failed to pull image \"nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.5.1\""));
}

static void
update_replicas (OpFixture *f,
                 gint64     replicas)
{
  g_autoptr(JsonNode) dgd = op_get (f, DGD, "demo", "scaled");
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GError) error = NULL;

  set_worker (dgd, NULL, replicas);
  updated = kf_sim_store_update (f->store, DGD, "demo", dgd, FALSE, &error);
  g_assert_no_error (error);
}

static void
test_dynamo_scale (OpFixture     *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) in = dynamo_example ("scaled");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) dgd = NULL;
  PodsWait three = { "demo", "nvidia.com/dynamo-component=VllmDecodeWorker", 3, TRUE };
  PodsWait one = { "demo", "nvidia.com/dynamo-component=VllmDecodeWorker", 1, TRUE };
  StringWait ok = { DGD, "demo", "scaled", "status.state", "successful" };

  op_fixture_start (f);
  created = op_create (f, DGD, "demo", in);
  g_assert_true (op_wait (f, pods_are, &one, WAIT_MS));

  update_replicas (f, 3);
  g_assert_true (op_wait (f, pods_are, &three, WAIT_MS));
  g_assert_true (op_wait (f, string_is, &ok, WAIT_MS));
  dgd = op_get (f, DGD, "demo", "scaled");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (dgd, "status.services.VllmDecodeWorker.readyReplicas")), ==, 3);

  update_replicas (f, 1);
  g_assert_true (op_wait (f, pods_are, &one, WAIT_MS));
}

/* Regression: scaling one group of a disaggregated deployment down freed
 * its pods while the next group's loop still walked them (a use-after-free
 * that ASan reports). Scale prefill and decode down and up, repeatedly. */
static void
set_disagg_replicas (OpFixture *f,
                     gint64     decode,
                     gint64     prefill)
{
  g_autoptr(JsonNode) dgd = op_get (f, DGD, "demo", "split");
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_int_member (kf_sim_json_ensure_object (dgd, "spec.services.VllmDecodeWorker"), "replicas", decode);
  json_object_set_int_member (kf_sim_json_ensure_object (dgd, "spec.services.VllmPrefillWorker"), "replicas", prefill);
  updated = kf_sim_store_update (f->store, DGD, "demo", dgd, FALSE, &error);
  g_assert_no_error (error);
}

static void
test_dynamo_scale_disaggregated (OpFixture     *f,
                                 gconstpointer  data)
{
  g_autoptr(JsonNode) in = op_load_fixture ("examples/dynamo/v1alpha1/vllm-disagg.yaml");
  g_autoptr(JsonNode) created = NULL;
  static const gint64 steps[][2] = { { 3, 3 }, { 1, 1 }, { 3, 2 }, { 1, 3 }, { 2, 1 }, { 1, 1 }, { 3, 3 }, { 1, 1 } };

  json_object_set_string_member (kf_sim_json_ensure_object (in, "metadata"), "name", "split");
  op_fixture_start (f);
  created = op_create (f, DGD, "demo", in);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      PodsWait decode = { "demo", "nvidia.com/dynamo-component=VllmDecodeWorker", (guint) steps[i][0], TRUE };
      PodsWait prefill = { "demo", "nvidia.com/dynamo-component=VllmPrefillWorker", (guint) steps[i][1], TRUE };
      StringWait ok = { DGD, "demo", "split", "status.state", "successful" };

      set_disagg_replicas (f, steps[i][0], steps[i][1]);
      g_assert_true (op_wait (f, pods_are, &decode, WAIT_MS));
      g_assert_true (op_wait (f, pods_are, &prefill, WAIT_MS));
      g_assert_true (op_wait (f, string_is, &ok, WAIT_MS));
    }
  /* the frontend was never touched */
  {
    PodsWait frontend = { "demo", "nvidia.com/dynamo-component=Frontend", 1, TRUE };

    g_assert_true (op_wait (f, pods_are, &frontend, WAIT_MS));
  }
}

static gboolean
nothing_left (OpFixture *f,
              gpointer   data)
{
  g_autoptr(GPtrArray) pods = op_list (f, "pods", data, NULL, NULL);
  g_autoptr(GPtrArray) svcs = op_list (f, "services", data, NULL, NULL);

  return pods->len == 0 && svcs->len == 0;
}

static void
test_dynamo_delete (OpFixture     *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) in = dynamo_example ("doomed");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) ns_obj = json_text ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                                                      "\"metadata\":{\"name\":\"gone\"}}");
  g_autoptr(JsonNode) ns_created = NULL;
  g_autoptr(JsonNode) created2 = NULL;
  g_autoptr(GError) error = NULL;
  PodsWait two = { "demo", "nvidia.com/dynamo-graph-deployment-name=doomed", 2, FALSE };
  PodsWait two_gone = { "gone", "nvidia.com/dynamo-graph-deployment-name=doomed", 2, FALSE };

  op_fixture_start (f);
  created = op_create (f, DGD, "demo", in);
  g_assert_true (op_wait (f, pods_are, &two, WAIT_MS));
  g_assert_nonnull (op_get (f, "services", "demo", "doomed-frontend"));

  /* a pod deleted by hand is replaced, as its ReplicaSet would */
  {
    g_autoptr(GPtrArray) before = op_list (f, "pods", "demo", "nvidia.com/dynamo-component=VllmDecodeWorker", NULL);
    g_autofree char *old_name = g_strdup (kf_sim_json_get_string (g_ptr_array_index (before, 0), "metadata.name"));
    g_autoptr(JsonNode) gone = kf_sim_store_delete (f->store, "pods", "demo", old_name, &error);
    g_autoptr(GPtrArray) after = NULL;

    g_assert_no_error (error);
    g_assert_true (op_wait (f, pods_are, &two, WAIT_MS));
    after = op_list (f, "pods", "demo", "nvidia.com/dynamo-component=VllmDecodeWorker", NULL);
    g_assert_cmpstr (kf_sim_json_get_string (g_ptr_array_index (after, 0), "metadata.name"), !=, old_name);
  }
  deleted = kf_sim_store_delete (f->store, DGD, "demo", "doomed", &error);
  g_assert_no_error (error);
  g_assert_true (op_wait (f, nothing_left, "demo", WAIT_MS));

  /* and when the whole namespace goes */
  ns_created = op_create (f, "namespaces", NULL, ns_obj);
  created2 = op_create (f, DGD, "gone", in);
  g_assert_true (op_wait (f, pods_are, &two_gone, WAIT_MS));
  g_clear_pointer (&deleted, json_node_unref);
  deleted = kf_sim_store_delete (f->store, "namespaces", NULL, "gone", &error);
  g_assert_no_error (error);
  g_assert_true (op_wait (f, nothing_left, "gone", WAIT_MS));
  op_spin (100);
  g_assert_true (nothing_left (f, "gone"));
}

static void
test_dynamo_v1beta1 (OpFixture     *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) in = op_load_fixture ("examples/dynamo/v1beta1/vllm-agg.yaml");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) dgd = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  StringWait w = { DGD, "beta", "vllm-agg", "status.state", "successful" };

  op_fixture_start (f);
  created = op_create (f, DGD, "beta", in);
  g_assert_true (op_wait (f, string_is, &w, WAIT_MS));
  dgd = op_get (f, DGD, "beta", "vllm-agg");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (dgd, "status.components.VllmDecodeWorker.readyReplicas")), ==, 1);
  g_assert_null (kf_sim_json_lookup (dgd, "status.services"));
  op_assert_valid_status (dgd, "dynamo-dynamographdeployment.yaml");
  workers = op_list (f, "pods", "beta", "nvidia.com/dynamo-component=VllmDecodeWorker", NULL);
  g_assert_cmpuint (workers->len, ==, 1);
  g_assert_nonnull (op_get (f, "services", "beta", "vllm-agg-frontend"));
}

static void
test_kuberay_ready (OpFixture     *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) in = op_load_fixture ("examples/kuberay/rayservice-llm-serve-qwen.yaml");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) rs = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  StringWait w = { "rayservices.ray.io", "llm", "ray-serve-llm", "status.serviceStatus", "Running" };
  const char *cluster;

  op_fixture_start (f);
  created = op_create (f, "rayservices.ray.io", "llm", in);
  g_assert_true (op_wait (f, string_is, &w, WAIT_MS));
  rs = op_get (f, "rayservices.ray.io", "llm", "ray-serve-llm");
  cluster = kf_sim_json_get_string (rs, "status.activeServiceStatus.rayClusterName");
  g_assert_true (g_str_has_prefix (cluster, "ray-serve-llm-raycluster-"));
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (rs, "Ready"), "status"), ==, "True");
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (rs, "UpgradeInProgress"), "status"), ==, "False");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (rs, "status.activeServiceStatus.rayClusterStatus.availableWorkerReplicas")), ==, 1);
  g_assert_cmpstr (kf_sim_json_get_string (rs, "status.activeServiceStatus.applicationStatuses.llms.status"), ==, "RUNNING");
  op_assert_valid_status (rs, "kuberay-rayservice.yaml");

  {
    g_autofree char *sel = g_strdup_printf ("ray.io/cluster=%s,ray.io/node-type=head", cluster);
    g_autofree char *wsel = g_strdup_printf ("ray.io/cluster=%s,ray.io/node-type=worker,ray.io/group=gpu-group", cluster);
    g_autofree char *head_prefix = g_strdup_printf ("%s-head-", cluster);
    g_autofree char *worker_prefix = g_strdup_printf ("%s-gpu-group-worker-", cluster);

    heads = op_list (f, "pods", "llm", sel, NULL);
    workers = op_list (f, "pods", "llm", wsel, NULL);
    g_assert_cmpuint (heads->len, ==, 1);
    g_assert_cmpuint (workers->len, ==, 1);
    g_assert_true (g_str_has_prefix (kf_sim_json_get_string (g_ptr_array_index (heads, 0), "metadata.name"), head_prefix));
    g_assert_true (g_str_has_prefix (kf_sim_json_get_string (g_ptr_array_index (workers, 0), "metadata.name"), worker_prefix));
  }
  g_assert_nonnull (op_get (f, "services", "llm", "ray-serve-llm-serve-svc"));
  g_assert_nonnull (op_get (f, "services", "llm", "ray-serve-llm-head-svc"));
}

static void
test_kaito_ready (OpFixture     *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) in = op_load_fixture ("examples/kaito/workspace-aikit-llama-3.2-3b-cpu.yaml");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) ws = NULL;
  g_autoptr(JsonNode) svc = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  StringWait w = { "workspaces.kaito.sh", "kaito-workspace", "workspace-llama-3point2-3b", "status.conditions", NULL };
  JsonObject *match;

  /* BYO nodes: select the Linux nodes instead of the example's own label */
  match = kf_sim_json_ensure_object (in, "resource.labelSelector");
  json_object_remove_member (match, "matchLabels");
  match = kf_sim_json_ensure_object (in, "resource.labelSelector.matchLabels");
  json_object_set_string_member (match, "kubernetes.io/os", "linux");
  op_fixture_start (f);
  created = op_create (f, "workspaces.kaito.sh", "kaito-workspace", in);

  for (int i = 0; i < 1000; i++)
    {
      g_clear_pointer (&ws, json_node_unref);
      ws = op_get (f, w.resource, w.ns, w.name);
      if (g_strcmp0 (kf_sim_json_get_string (op_condition (ws, "WorkspaceSucceeded"), "status"), "True") == 0)
        break;
      op_spin (10);
    }
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (ws, "WorkspaceSucceeded"), "status"), ==, "True");
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (ws, "ResourceReady"), "status"), ==, "True");
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (ws, "InferenceReady"), "status"), ==, "True");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (kf_sim_json_lookup (ws, "status.workerNodes"))), ==, 1);
  op_assert_valid_status (ws, "kaito-workspace.yaml");

  pods = op_list (f, "pods", "kaito-workspace", "kaito.sh/workspace=workspace-llama-3point2-3b", NULL);
  g_assert_cmpuint (pods->len, ==, 1);
  g_assert_true (g_str_has_prefix (kf_sim_json_get_string (g_ptr_array_index (pods, 0), "metadata.name"),
                                   "workspace-llama-3point2-3b-"));
  svc = op_get (f, "services", "kaito-workspace", "workspace-llama-3point2-3b");
  g_assert_nonnull (svc);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (json_array_get_element (json_node_get_array (
                     kf_sim_json_lookup (svc, "spec.ports")), 0), "port")), ==, 80);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (json_array_get_element (json_node_get_array (
                     kf_sim_json_lookup (svc, "spec.ports")), 0), "targetPort")), ==, 5000);
}

static gboolean
workspace_succeeded (OpFixture *f,
                     gpointer   name)
{
  g_autoptr(JsonNode) ws = op_get (f, "workspaces.kaito.sh", "kaito-workspace", name);

  return g_strcmp0 (kf_sim_json_get_string (op_condition (ws, "WorkspaceSucceeded"), "status"), "True") == 0;
}

static void
test_kaito_and_ray_scale (OpFixture     *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) ws = op_load_fixture ("examples/kaito/workspace-aikit-llama-3.2-3b-cpu.yaml");
  g_autoptr(JsonNode) rs = op_load_fixture ("examples/kuberay/rayservice-llm-serve-qwen.yaml");
  g_autoptr(JsonNode) c1 = NULL;
  g_autoptr(JsonNode) c2 = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GError) error = NULL;
  PodsWait two = { "kaito-workspace", "kaito.sh/workspace=workspace-llama-3point2-3b", 2, TRUE };
  PodsWait one = { "kaito-workspace", "kaito.sh/workspace=workspace-llama-3point2-3b", 1, TRUE };
  PodsWait workers = { "llm", "ray.io/node-type=worker", 2, TRUE };
  JsonObject *group;

  json_object_remove_member (kf_sim_json_ensure_object (ws, "resource.labelSelector"), "matchLabels");
  json_object_set_string_member (kf_sim_json_ensure_object (ws, "resource.labelSelector.matchLabels"),
                                 "kubernetes.io/os", "linux");
  json_object_set_int_member (kf_sim_json_ensure_object (ws, "resource"), "count", 2);
  group = json_array_get_object_element (json_node_get_array (kf_sim_json_lookup (rs, "spec.rayClusterConfig.workerGroupSpecs")), 0);
  json_object_set_int_member (group, "replicas", 2);
  json_object_set_int_member (group, "maxReplicas", 2);
  op_fixture_start (f);
  c1 = op_create (f, "workspaces.kaito.sh", "kaito-workspace", ws);
  c2 = op_create (f, "rayservices.ray.io", "llm", rs);
  g_assert_true (op_wait (f, pods_are, &two, WAIT_MS));
  g_assert_true (op_wait (f, workspace_succeeded, "workspace-llama-3point2-3b", WAIT_MS));
  g_assert_true (op_wait (f, pods_are, &workers, WAIT_MS));

  /* KAITO resource.count 2 -> 1 */
  got = op_get (f, "workspaces.kaito.sh", "kaito-workspace", "workspace-llama-3point2-3b");
  json_object_set_int_member (kf_sim_json_ensure_object (got, "resource"), "count", 1);
  updated = kf_sim_store_update (f->store, "workspaces.kaito.sh", "kaito-workspace", got, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (op_wait (f, pods_are, &one, WAIT_MS));
  g_assert_true (op_wait (f, workspace_succeeded, "workspace-llama-3point2-3b", WAIT_MS));
}

static void
test_kaito_no_matching_nodes (OpFixture     *f,
                              gconstpointer  data)
{
  g_autoptr(JsonNode) in = op_load_fixture ("examples/kaito/workspace-phi-4-mini.yaml");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) ws = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autofree char *events = NULL;
  PodsWait one = { "kaito-workspace", "kaito.sh/workspace=workspace-phi-4-mini", 1, FALSE };

  op_fixture_start (f);
  created = op_create (f, "workspaces.kaito.sh", "kaito-workspace", in);
  g_assert_true (op_wait (f, pods_are, &one, WAIT_MS));
  op_spin (100);
  pods = op_list (f, "pods", "kaito-workspace", one.selector, NULL);
  events = op_event_messages (f, "kaito-workspace", kf_sim_json_get_string (g_ptr_array_index (pods, 0), "metadata.name"),
                              "FailedScheduling");
  g_assert_cmpstr (events, ==,
                   "0/6 nodes are available: 6 node(s) didn't match Pod's node affinity/selector. preemption: "
                   "0/6 nodes are available: 6 Preemption is not helpful for scheduling..");
  ws = op_get (f, "workspaces.kaito.sh", "kaito-workspace", "workspace-phi-4-mini");
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (ws, "ResourceReady"), "status"), ==, "False");
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (ws, "WorkspaceSucceeded"), "status"), ==, "False");
  op_assert_valid_status (ws, "kaito-workspace.yaml");
}

static void
test_runtime_operators (OpFixture     *f,
                        gconstpointer  data)
{
  static const char *const checks[][2] = {
    { "dynamo-system", "app.kubernetes.io/name=dynamo-operator" },
    { "kuberay-system", "app.kubernetes.io/name=kuberay-operator" },
    { "kaito-workspace", "app.kubernetes.io/name=kaito-workspace" },
  };
  g_autoptr(JsonNode) deploy = NULL;

  op_fixture_start (f);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      PodsWait w = { checks[i][0], checks[i][1], 1, TRUE };
      g_autoptr(GPtrArray) pods = NULL;

      g_assert_true (op_wait (f, pods_are, &w, WAIT_MS));
      pods = op_list (f, "pods", checks[i][0], checks[i][1], NULL);
      g_assert_cmpstr (kf_sim_json_get_string (g_ptr_array_index (pods, 0), "status.phase"), ==, "Running");
      g_assert_nonnull (op_get (f, "namespaces", NULL, checks[i][0]));
    }
  op_spin (50);
  deploy = op_get (f, "deployments.apps", "kuberay-system", "kuberay-operator");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (deploy, "status.availableReplicas")), ==, 1);
  g_assert_cmpstr (kf_sim_json_get_string (op_condition (deploy, "Available"), "status"), ==, "True");
}

/* Malformed resources (the store takes them as they are) never crash the
 * operators nor make them run away. */
static void
test_hostile_resources (OpFixture     *f,
                        gconstpointer  data)
{
  static const char *const docs[][2] = {
    { DGD, "{\"apiVersion\":\"nvidia.com/v1alpha1\",\"kind\":\"DynamoGraphDeployment\",\"metadata\":{\"name\":\"h1\"},"
           "\"spec\":{\"services\":[1,2,3]}}" },
    { DGD, "{\"apiVersion\":\"nvidia.com/v1alpha1\",\"kind\":\"DynamoGraphDeployment\",\"metadata\":{\"name\":\"h2\"},"
           "\"spec\":{\"services\":{\"W\":{\"replicas\":\"many\",\"componentType\":7,\"resources\":\"x\","
           "\"extraPodSpec\":{\"mainContainer\":{\"args\":[\"python3 -m dynamo.vllm --model 'unbalanced\"],"
           "\"image\":null}}}}}}" },
    { DGD, "{\"apiVersion\":\"nvidia.com/v1beta1\",\"kind\":\"DynamoGraphDeployment\",\"metadata\":{\"name\":\"h3\"},"
           "\"spec\":{\"components\":[{\"name\":\"A\",\"podTemplate\":{\"spec\":{\"containers\":\"no\"}}},{}]}}" },
    { "rayservices.ray.io", "{\"apiVersion\":\"ray.io/v1\",\"kind\":\"RayService\",\"metadata\":{\"name\":\"h4\"},"
           "\"spec\":{\"serveConfigV2\":\"applications: [ {\",\"rayClusterConfig\":{\"workerGroupSpecs\":"
           "[{\"groupName\":\"g\",\"replicas\":5,\"numOfHosts\":2,\"suspend\":\"yes\"},7]}}}" },
    { "workspaces.kaito.sh", "{\"apiVersion\":\"kaito.sh/v1beta1\",\"kind\":\"Workspace\",\"metadata\":{\"name\":\"h5\"},"
           "\"resource\":{\"count\":1000000,\"labelSelector\":{\"matchLabels\":{\"a\":[1]}}},"
           "\"inference\":{\"template\":{\"spec\":{\"containers\":[{\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"lots\"}}}]}}}}" },
  };
  g_autoptr(GPtrArray) pods = NULL;

  op_fixture_start (f);
  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = json_text (docs[i][1]);
      g_autoptr(JsonNode) created = op_create (f, docs[i][0], "hostile", node);
    }
  op_spin (300);
  pods = op_list (f, "pods", "hostile", NULL, NULL);
  /* h2: one pod; h3: one; h4: head + 5 x 2 workers; h5: capped at 64 */
  g_assert_cmpuint (pods->len, ==, 1 + 1 + 1 + 10 + 64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, OpFixture, NULL, op_fixture_setup, fn, op_fixture_teardown)
  ADD ("/sim/operators/dynamo/ready", test_dynamo_ready);
  ADD ("/sim/operators/dynamo/unschedulable", test_dynamo_unschedulable);
  ADD ("/sim/operators/dynamo/crash-loop", test_dynamo_crash_loop);
  ADD ("/sim/operators/dynamo/image-pull", test_dynamo_image_pull);
  ADD ("/sim/operators/dynamo/scale", test_dynamo_scale);
  ADD ("/sim/operators/dynamo/scale-disaggregated", test_dynamo_scale_disaggregated);
  ADD ("/sim/operators/dynamo/delete", test_dynamo_delete);
  ADD ("/sim/operators/dynamo/v1beta1", test_dynamo_v1beta1);
  ADD ("/sim/operators/providers/scale-kaito-kuberay", test_kaito_and_ray_scale);
  ADD ("/sim/operators/providers/scheduler-taints", test_scheduler_message_taints);
  ADD ("/sim/operators/providers/scheduler-room-made", test_scheduler_room_made);
  ADD ("/sim/operators/providers/kuberay-ready", test_kuberay_ready);
  ADD ("/sim/operators/providers/kaito-ready", test_kaito_ready);
  ADD ("/sim/operators/providers/kaito-no-matching-nodes", test_kaito_no_matching_nodes);
  ADD ("/sim/operators/providers/runtimes", test_runtime_operators);
  ADD ("/sim/operators/providers/hostile", test_hostile_resources);
#undef ADD
  return g_test_run ();
}
