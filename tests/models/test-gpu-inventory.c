/* test-gpu-inventory.c: GPU inventory from nodes and pods, fit verdicts on clusters
 *
 * Nodes are the real k9s Node object (../shared/fixtures/k8s/node-minikube.json)
 * with the real GPU Feature Discovery label sets of the fixtures put in
 * metadata.labels and status.allocatable["nvidia.com/gpu"] set from
 * nvidia.com/gpu.count (the fixtures' SOURCES.md explains this is how a
 * GPU NodeList must be built); pods are the real pod-running.json with GPU
 * requests added.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "kf-gpu-inventory.h"
#include "kf-memory-fit.h"

#define MiB 1048576ull

static JsonNode *
load_json (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), dir, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* A Node: the minikube object renamed, with @labels (or the GFD fixture
 * @gfd_fixture) merged in and @gpus allocatable. */
static JsonObject *
make_node (const char *name,
           const char *gfd_fixture,
           const char *extra_labels_json,
           const char *gpus,
           const char *extra_allocatable_json)
{
  g_autoptr(JsonNode) root = load_json ("k8s", "node-minikube.json");
  JsonObject *node = json_object_ref (json_node_get_object (root));
  JsonObject *metadata = json_object_get_object_member (node, "metadata");
  JsonObject *labels = json_object_get_object_member (metadata, "labels");
  JsonObject *allocatable = json_object_get_object_member (json_object_get_object_member (node, "status"), "allocatable");

  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (labels, "kubernetes.io/hostname", name);
  if (gfd_fixture)
    {
      g_autoptr(JsonNode) gfd = load_json ("k8s", gfd_fixture);
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (gfd));
      for (GList *l = members; l; l = l->next)
        json_object_set_string_member (labels, l->data,
                                       json_object_get_string_member (json_node_get_object (gfd), l->data));
    }
  if (extra_labels_json)
    {
      g_autoptr(JsonParser) p = json_parser_new ();
      g_autoptr(GList) members = NULL;
      g_assert_true (json_parser_load_from_data (p, extra_labels_json, -1, NULL));
      members = json_object_get_members (json_node_get_object (json_parser_get_root (p)));
      for (GList *l = members; l; l = l->next)
        json_object_set_member (labels, l->data,
                                json_node_copy (json_object_get_member (json_node_get_object (json_parser_get_root (p)), l->data)));
    }
  if (gpus)
    json_object_set_string_member (allocatable, "nvidia.com/gpu", gpus);
  if (extra_allocatable_json)
    {
      g_autoptr(JsonParser) p = json_parser_new ();
      g_autoptr(GList) members = NULL;
      g_assert_true (json_parser_load_from_data (p, extra_allocatable_json, -1, NULL));
      members = json_object_get_members (json_node_get_object (json_parser_get_root (p)));
      for (GList *l = members; l; l = l->next)
        json_object_set_member (allocatable, l->data,
                                json_node_copy (json_object_get_member (json_node_get_object (json_parser_get_root (p)), l->data)));
    }
  return node;
}

/* A Pod: pod-running.json on @node_name in @phase, its container requesting
 * @gpus nvidia.com/gpu (and an init container requesting @init_gpus). */
static JsonObject *
make_pod (const char *name,
          const char *node_name,
          const char *phase,
          const char *resource,
          int         gpus,
          int         init_gpus)
{
  g_autoptr(JsonNode) root = load_json ("k8s", "pod-running.json");
  JsonObject *pod = json_object_ref (json_node_get_object (root));
  JsonObject *spec = json_object_get_object_member (pod, "spec");
  JsonObject *container = json_array_get_object_element (json_object_get_array_member (spec, "containers"), 0);
  JsonObject *resources = json_object_get_object_member (container, "resources");

  json_object_set_string_member (json_object_get_object_member (pod, "metadata"), "name", name);
  json_object_set_string_member (spec, "nodeName", node_name);
  json_object_set_string_member (json_object_get_object_member (pod, "status"), "phase", phase);
  if (gpus > 0)
    {
      g_autofree char *v = g_strdup_printf ("%d", gpus);
      /* Extended resources: requests = limits; set only the limit on odd
       * counts to exercise "a limit implies the request". */
      if (gpus % 2 == 0)
        json_object_set_string_member (json_object_get_object_member (resources, "requests"), resource, v);
      json_object_set_string_member (json_object_get_object_member (resources, "limits"), resource, v);
    }
  if (init_gpus > 0)
    {
      g_autoptr(JsonParser) p = json_parser_new ();
      g_autofree char *init = g_strdup_printf ("[{\"name\":\"init\",\"image\":\"busybox\",\"resources\":"
                                               "{\"limits\":{\"%s\":\"%d\"}}}]", resource, init_gpus);
      g_assert_true (json_parser_load_from_data (p, init, -1, NULL));
      json_object_set_member (spec, "initContainers", json_node_copy (json_parser_get_root (p)));
    }
  return pod;
}

static void
test_gfd_fixtures (void)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) pods = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(KfGpuInventory) inv = NULL;
  const KfGpuNode *n;

  g_ptr_array_add (nodes, make_node ("dgx-a100", "gfd-node-labels-a100-sxm4-40gb-dgx.json", NULL, "1", NULL));
  g_ptr_array_add (nodes, make_node ("dgx-mig", "gfd-node-labels-a100-sxm4-40gb-mig-1g.5gb-single.json", NULL, "7", NULL));
  g_ptr_array_add (nodes, make_node ("h100", "gfd-node-labels-h100-80gb-mig-single.json", NULL, "1", NULL));
  g_ptr_array_add (nodes, make_node ("minikube", NULL, NULL, NULL, NULL));   /* no GPUs */
  g_ptr_array_add (pods, make_pod ("slice-user", "dgx-mig", "Running", "nvidia.com/gpu", 3, 0));

  inv = kf_gpu_inventory_compute_from_objects (nodes, pods);
  g_assert_cmpuint (kf_gpu_inventory_get_nodes (inv)->len, ==, 3);
  g_assert_null (kf_gpu_inventory_find_node (inv, "minikube"));

  n = kf_gpu_inventory_find_node (inv, "dgx-a100");
  g_assert_cmpstr (n->gpu_product, ==, "A100-SXM4-40GB");
  g_assert_cmpuint (n->gpu_memory_bytes, ==, 40537 * MiB);
  g_assert_true (n->gpu_memory_from_label);
  g_assert_cmpuint (n->gpu_count_label, ==, 1);
  g_assert_cmpuint (n->free, ==, 1);

  n = kf_gpu_inventory_find_node (inv, "dgx-mig");
  g_assert_cmpstr (n->gpu_product, ==, "A100-SXM4-40GB-MIG-1g.5gb");
  g_assert_cmpuint (n->gpu_memory_bytes, ==, 4864 * MiB);
  g_assert_cmpuint (n->allocatable, ==, 7);
  g_assert_cmpuint (n->requested, ==, 3);
  g_assert_cmpuint (n->free, ==, 4);

  n = kf_gpu_inventory_find_node (inv, "h100");
  g_assert_cmpstr (n->gpu_product, ==, "NVIDIA-H100-80GB-HBM3");
  g_assert_cmpuint (n->gpu_memory_bytes, ==, 81559 * MiB);
  g_assert_cmpuint (kf_gpu_inventory_get_total (inv), ==, 9);
  g_assert_cmpuint (kf_gpu_inventory_get_free (inv), ==, 6);

  /* Verdicts on these nodes. */
  {
    KfFitRequest req;
    g_autoptr(KfFitPlan) plan = NULL;
    KfModelShape shape = { .num_layers = 32, .hidden_size = 4096, .num_attention_heads = 32,
                           .num_kv_heads = 8, .head_dim = 128, .max_position_embeddings = 131072 };
    const KfFitOption *best;

    /* Llama-3.1-8B BF16 at 8k context: 20.7 GB per GPU. The 40 GB A100 and
     * the H100 hold it on one GPU; the 5 GB MIG slices never (slices cannot
     * be combined for tensor parallelism). */
    kf_fit_request_init (&req);
    req.weight_bytes = 16060522496ull;
    req.parameter_count = 8030261248ull;
    req.confidence = KF_FIT_CONFIDENCE_EXACT;
    req.shape = &shape;
    req.context_length = 8192;
    plan = kf_memory_fit_plan (&req, inv);
    g_test_message ("Llama-3.1-8B on the GFD fixture nodes: %s (naive: %.1f GB → %s)", plan->summary,
                    plan->naive_gb, kf_fit_verdict_to_string (plan->naive_verdict));
    g_assert_cmpint (plan->verdict, ==, KF_FIT_FITS);
    g_assert_cmpuint (plan->options->len, ==, 3);
    best = g_ptr_array_index (plan->options, 0);
    g_assert_cmpuint (best->gpus_needed, ==, 1);
    g_assert_cmpstr (best->gpu_product, ==, "A100-SXM4-40GB");   /* the smaller GPU that fits */
    for (guint i = 0; i < plan->options->len; i++)
      {
        const KfFitOption *o = g_ptr_array_index (plan->options, i);
        if (g_str_has_suffix (o->gpu_product, "MIG-1g.5gb"))
          {
            g_assert_cmpint (o->verdict, ==, KF_FIT_DOES_NOT_FIT);
            g_assert_cmpuint (o->gpus_needed, ==, 0);
          }
      }
  }
  {
    /* Qwen3-0.6B sized from its name (0.6B → 1.2 GB BF16): a 5 GB MIG slice
     * holds it (1.22 GB + 2.3 GiB + 5 % ≈ 3.76 GB of 4.59 GB usable = 82 %). */
    KfFitRequest req;
    g_autoptr(KfFitPlan) plan = NULL;
    const KfFitOption *mig = NULL;

    kf_fit_request_init (&req);
    req.parameter_count = 600000000ull;
    req.confidence = KF_FIT_CONFIDENCE_ESTIMATED;
    plan = kf_memory_fit_plan (&req, inv);
    for (guint i = 0; i < plan->options->len; i++)
      {
        const KfFitOption *o = g_ptr_array_index (plan->options, i);
        if (g_str_has_suffix (o->gpu_product, "MIG-1g.5gb"))
          mig = o;
      }
    g_assert_nonnull (mig);
    g_assert_cmpint (mig->verdict, ==, KF_FIT_FITS);
    g_assert_cmpstr (mig->node, ==, "dgx-mig");
    g_assert_cmpint (plan->confidence, ==, KF_FIT_CONFIDENCE_ESTIMATED);
  }
}

/* 8×H100-80GB (AKS pool "h100", 6 in use), 4×A100-80GB (Karpenter pool
 * "a100", 2 in use), 1×L4 (GKE pool "l4", no memory label, tainted), and a
 * CPU node. */
static KfGpuInventory *
multi_pool_cluster (void)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) pods = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *l4;

  g_ptr_array_add (nodes, make_node ("aks-h100-0", "gfd-node-labels-h100-80gb-mig-single.json",
                                     "{\"kubernetes.azure.com/agentpool\":\"h100\",\"nvidia.com/gpu.count\":\"8\"}", "8", NULL));
  g_ptr_array_add (nodes, make_node ("a100-0", NULL,
                                     "{\"karpenter.sh/nodepool\":\"a100\",\"nvidia.com/gpu.product\":\"NVIDIA-A100-SXM4-80GB\","
                                     "\"nvidia.com/gpu.memory\":\"81920\",\"nvidia.com/gpu.count\":\"4\"}", "4", NULL));
  l4 = make_node ("gke-l4-0", NULL, "{\"cloud.google.com/gke-nodepool\":\"l4\",\"cloud.google.com/gke-accelerator\":\"nvidia-l4\"}",
                  "1", NULL);
  {
    g_autoptr(JsonParser) p = json_parser_new ();
    g_assert_true (json_parser_load_from_data (p, "[{\"key\":\"nvidia.com/gpu\",\"value\":\"present\",\"effect\":\"NoSchedule\"}]", -1, NULL));
    json_object_set_member (json_object_get_object_member (l4, "spec"), "taints", json_node_copy (json_parser_get_root (p)));
  }
  g_ptr_array_add (nodes, l4);
  g_ptr_array_add (nodes, make_node ("cpu-0", NULL, "{\"agentpool\":\"system\"}", NULL, NULL));

  g_ptr_array_add (pods, make_pod ("train", "aks-h100-0", "Running", "nvidia.com/gpu", 4, 0));
  g_ptr_array_add (pods, make_pod ("starting", "aks-h100-0", "Pending", "nvidia.com/gpu", 2, 0));
  g_ptr_array_add (pods, make_pod ("done", "aks-h100-0", "Succeeded", "nvidia.com/gpu", 8, 0));
  g_ptr_array_add (pods, make_pod ("crashed", "a100-0", "Failed", "nvidia.com/gpu", 4, 0));
  /* Containers 2 (one pod), init container 1: the pod holds max(2, 1) = 2. */
  g_ptr_array_add (pods, make_pod ("serve", "a100-0", "Running", "nvidia.com/gpu", 2, 1));
  g_ptr_array_add (pods, make_pod ("elsewhere", "no-such-node", "Running", "nvidia.com/gpu", 2, 0));

  return kf_gpu_inventory_compute_from_objects (nodes, pods);
}

static void
test_multi_pool_inventory (void)
{
  g_autoptr(KfGpuInventory) inv = multi_pool_cluster ();
  GPtrArray *pools = kf_gpu_inventory_get_pools (inv);
  const KfGpuNode *n;

  g_assert_cmpuint (kf_gpu_inventory_get_nodes (inv)->len, ==, 3);
  g_assert_cmpuint (kf_gpu_inventory_get_total (inv), ==, 13);
  g_assert_cmpuint (kf_gpu_inventory_get_free (inv), ==, 5);          /* 2 + 2 + 1 */
  g_assert_cmpuint (kf_gpu_inventory_get_max_free_on_node (inv), ==, 2);

  n = kf_gpu_inventory_find_node (inv, "aks-h100-0");
  g_assert_cmpstr (n->pool, ==, "h100");
  g_assert_cmpuint (n->requested, ==, 6);   /* Running 4 + Pending 2; Succeeded ignored */
  g_assert_cmpuint (n->free, ==, 2);
  n = kf_gpu_inventory_find_node (inv, "a100-0");
  g_assert_cmpstr (n->pool, ==, "a100");
  g_assert_cmpuint (n->requested, ==, 2);
  n = kf_gpu_inventory_find_node (inv, "gke-l4-0");
  g_assert_cmpstr (n->pool, ==, "l4");
  g_assert_cmpstr (n->gpu_product, ==, "nvidia-l4");
  g_assert_false (n->gpu_memory_from_label);
  g_assert_cmpuint (n->gpu_memory_bytes, ==, 23034 * MiB);   /* from the product table */
  g_assert_cmpstr (n->taints[0], ==, "nvidia.com/gpu=present:NoSchedule");

  g_assert_cmpuint (pools->len, ==, 3);
}

static KfFitPlan *
plan_for (KfGpuInventory     *inv,
          guint64             params,
          const KfModelShape *shape,
          guint               context)
{
  KfFitRequest req;

  kf_fit_request_init (&req);
  req.weight_bytes = params * 2;
  req.parameter_count = params;
  req.confidence = KF_FIT_CONFIDENCE_EXACT;
  req.shape = shape;
  req.context_length = context;
  return kf_memory_fit_plan (&req, inv);
}

static void
test_multi_pool_verdicts (void)
{
  g_autoptr(KfGpuInventory) inv = multi_pool_cluster ();
  KfModelShape llama70 = { .num_layers = 80, .hidden_size = 8192, .num_attention_heads = 64,
                           .num_kv_heads = 8, .head_dim = 128, .max_position_embeddings = 8192 };
  KfModelShape mixtral = { .num_layers = 32, .hidden_size = 4096, .num_attention_heads = 32,
                           .num_kv_heads = 8, .head_dim = 128, .max_position_embeddings = 32768 };
  KfModelShape llama8 = { .num_layers = 32, .hidden_size = 4096, .num_attention_heads = 32,
                          .num_kv_heads = 8, .head_dim = 128, .max_position_embeddings = 131072 };

  {
    /* Llama-3-70B needs 4 GPUs of 80 GB on one node (see test-memory-fit);
     * the cluster has 5 free GPUs in total but at most 2 on one node: it
     * does not fit now, although the H100 and A100 nodes could hold it. */
    g_autoptr(KfFitPlan) plan = plan_for (inv, 70553706496ull, &llama70, 8192);
    const KfFitOption *best = g_ptr_array_index (plan->options, 0);

    g_test_message ("Llama-3-70B: %s (naive: %.1f GB → %s)", plan->summary, plan->naive_gb,
                    kf_fit_verdict_to_string (plan->naive_verdict));
    g_assert_cmpint (plan->verdict, ==, KF_FIT_DOES_NOT_FIT);
    g_assert_cmpuint (best->gpus_needed, ==, 4);
    g_assert_cmpuint (best->max_free_on_node, ==, 2);
    g_assert_null (best->node);
    g_assert_nonnull (strstr (plan->summary, "Needs 4 ×"));
    g_assert_nonnull (strstr (plan->summary, "the most free on one node is 2"));
  }
  {
    /* Mixtral-8x7B needs 2 × 80 GB: the H100 node has exactly 2 free. */
    g_autoptr(KfFitPlan) plan = plan_for (inv, 46702792704ull, &mixtral, 0);
    const KfFitOption *best = g_ptr_array_index (plan->options, 0);

    g_test_message ("Mixtral-8x7B: %s (naive: %.1f GB → %s)", plan->summary, plan->naive_gb,
                    kf_fit_verdict_to_string (plan->naive_verdict));
    g_assert_cmpint (plan->verdict, ==, KF_FIT_FITS);
    g_assert_cmpuint (best->gpus_needed, ==, 2);
    g_assert_true (g_str_equal (best->node, "aks-h100-0") || g_str_equal (best->node, "a100-0"));
  }
  {
    /* Llama-3.1-8B at 128k: one L4 cannot (see test-memory-fit), one 80 GB GPU can. */
    g_autoptr(KfFitPlan) plan = plan_for (inv, 8030261248ull, &llama8, 0);
    const KfFitOption *best = g_ptr_array_index (plan->options, 0);
    gboolean saw_l4 = FALSE;

    g_test_message ("Llama-3.1-8B @128k: %s (naive: %.1f GB → %s)", plan->summary, plan->naive_gb,
                    kf_fit_verdict_to_string (plan->naive_verdict));
    g_assert_cmpint (plan->verdict, ==, KF_FIT_FITS);
    g_assert_cmpuint (best->gpus_needed, ==, 1);
    for (guint i = 0; i < plan->options->len; i++)
      {
        const KfFitOption *o = g_ptr_array_index (plan->options, i);
        if (g_str_equal (o->gpu_product, "nvidia-l4"))
          {
            saw_l4 = TRUE;
            g_assert_cmpint (o->verdict, ==, KF_FIT_DOES_NOT_FIT);
            g_assert_cmpuint (o->gpus_needed, ==, 0);
          }
      }
    g_assert_true (saw_l4);
    /* Last in the list: the worst option. */
    g_assert_cmpstr (((KfFitOption *) g_ptr_array_index (plan->options, plan->options->len - 1))->gpu_product, ==, "nvidia-l4");
  }
}

static void
test_hostile_input (void)
{
  g_autoptr(JsonParser) p = json_parser_new ();
  g_autoptr(KfGpuInventory) inv = NULL;
  JsonArray *arr;
  const KfGpuNode *n;

  /* Not objects, no name, junk quantities, a bytes memory label, a mixed-MIG node. */
  g_assert_true (json_parser_load_from_data (p,
    "[[1,2], 3, {\"metadata\":{}}, {\"metadata\":{\"name\":\"x\"},\"status\":{\"allocatable\":{\"nvidia.com/gpu\":\"lots\"}}},"
    " {\"metadata\":{\"name\":\"bytes\",\"labels\":{\"nvidia.com/gpu.memory\":\"85899345920\",\"nvidia.com/gpu.product\":\"A100\"}},"
    "  \"status\":{\"allocatable\":{\"nvidia.com/gpu\":2}}},"
    " {\"metadata\":{\"name\":\"mixed\"},\"spec\":{\"unschedulable\":true},\"status\":{\"allocatable\":{\"nvidia.com/mig-1g.5gb\":\"7\",\"nvidia.com/mig-3g.20gb\":\"1\"}}}]",
    -1, NULL));
  arr = json_node_get_array (json_parser_get_root (p));
  {
    g_autoptr(JsonParser) pp = json_parser_new ();
    g_assert_true (json_parser_load_from_data (pp,
      "[null, {\"spec\":{\"nodeName\":\"mixed\",\"containers\":[{\"resources\":{\"limits\":{\"nvidia.com/mig-1g.5gb\":\"2\"}}},7]},"
      " \"status\":{\"phase\":\"Running\"}},"
      " {\"spec\":{\"nodeName\":\"bytes\",\"containers\":[{\"resources\":{\"requests\":{\"nvidia.com/gpu\":\"-3\"}}}]}}]", -1, NULL));
    inv = kf_gpu_inventory_compute (arr, json_node_get_array (json_parser_get_root (pp)));
  }
  n = kf_gpu_inventory_find_node (inv, "bytes");
  g_assert_nonnull (n);
  g_assert_cmpuint (n->gpu_memory_bytes, ==, 85899345920ull);
  g_assert_cmpuint (n->requested, ==, 0);
  g_assert_null (kf_gpu_inventory_find_node (inv, "x"));   /* "lots" is not a count: no GPUs */
  n = kf_gpu_inventory_find_node (inv, "mixed");
  g_assert_nonnull (n);
  g_assert_true (n->unschedulable);
  g_assert_cmpuint (n->resources->len, ==, 2);
  for (guint i = 0; i < n->resources->len; i++)
    {
      KfGpuResource *r = g_ptr_array_index (n->resources, i);
      if (g_str_equal (r->name, "nvidia.com/mig-1g.5gb"))
        {
          g_assert_cmpuint (r->allocatable, ==, 7);
          g_assert_cmpuint (r->requested, ==, 2);
        }
    }
}

static void
test_time_slicing (void)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(KfGpuInventory) inv = NULL;
  g_autoptr(KfFitPlan) plan = NULL;
  const KfFitOption *o;
  KfFitRequest req;

  /* GPU Operator time-slicing: one T4 shared 4 ways shows 4 allocatable
   * "GPUs" and the product renamed -SHARED. They are not 4 × 15 GiB. */
  g_ptr_array_add (nodes, make_node ("ts-0", NULL,
                                     "{\"nvidia.com/gpu.product\":\"Tesla-T4-SHARED\",\"nvidia.com/gpu.memory\":\"15360\","
                                     "\"nvidia.com/gpu.count\":\"1\",\"nvidia.com/gpu.replicas\":\"4\","
                                     "\"nvidia.com/gpu.sharing-strategy\":\"time-slicing\"}", "4", NULL));
  inv = kf_gpu_inventory_compute_from_objects (nodes, NULL);
  g_assert_cmpuint (kf_gpu_inventory_find_node (inv, "ts-0")->gpu_replicas, ==, 4);

  /* Mistral-7B (14.5 GB of BF16 weights) would "fit" on 2 of 4 × 15 GiB
   * GPUs; on 4 shares of one T4 it cannot: one share, 3.75 GiB. */
  kf_fit_request_init (&req);
  req.weight_bytes = 14496047104ull;
  req.parameter_count = 7248023552ull;
  req.confidence = KF_FIT_CONFIDENCE_EXACT;
  plan = kf_memory_fit_plan (&req, inv);
  o = g_ptr_array_index (plan->options, 0);
  g_assert_true (o->shared);
  g_assert_cmpuint (o->gpu_memory_bytes, ==, 15360ull * 1048576 / 4);
  g_assert_cmpuint (o->gpus_needed, ==, 0);
  g_assert_cmpuint (o->estimate.gpus, ==, 1);
  g_assert_cmpint (plan->verdict, ==, KF_FIT_DOES_NOT_FIT);
}

static void
test_product_table (void)
{
  g_assert_cmpuint (kf_gpu_memory_for_product ("NVIDIA-H100-80GB-HBM3"), ==, 81559 * MiB);
  g_assert_cmpuint (kf_gpu_memory_for_product ("NVIDIA-A100-SXM4-80GB"), ==, 81920 * MiB);
  g_assert_cmpuint (kf_gpu_memory_for_product ("A100-SXM4-40GB"), ==, 40537 * MiB);
  g_assert_cmpuint (kf_gpu_memory_for_product ("NVIDIA-L40S"), ==, 46068 * MiB);
  g_assert_cmpuint (kf_gpu_memory_for_product ("Tesla-T4"), ==, 15360 * MiB);
  g_assert_cmpuint (kf_gpu_memory_for_product ("A100-SXM4-40GB-MIG-3g.20gb"), ==, 20000000000ull);
  g_assert_cmpuint (kf_gpu_memory_for_product ("Voodoo-2"), ==, 0);
  g_assert_cmpstr (kf_gpu_product_for_instance_type ("g6.xlarge"), ==, "L4");
  g_assert_cmpstr (kf_gpu_product_for_instance_type ("Standard_NC24ads_A100_v4"), ==, "A100-80GB");
  g_assert_cmpstr (kf_gpu_product_for_instance_type ("a3-highgpu-8g"), ==, "H100");
  g_assert_null (kf_gpu_product_for_instance_type ("m5.large"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gpu-inventory/gfd-fixtures", test_gfd_fixtures);
  g_test_add_func ("/gpu-inventory/multi-pool", test_multi_pool_inventory);
  g_test_add_func ("/gpu-inventory/multi-pool-verdicts", test_multi_pool_verdicts);
  g_test_add_func ("/gpu-inventory/hostile-input", test_hostile_input);
  g_test_add_func ("/gpu-inventory/time-slicing", test_time_slicing);
  g_test_add_func ("/gpu-inventory/product-table", test_product_table);
  return g_test_run ();
}
