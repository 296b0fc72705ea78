/* kf-gpu-inventory.c: the cluster's GPUs, per node and per pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-gpu-inventory"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kf-gpu-inventory.h"

#define MiB (1024.0 * 1024.0)
#define GPU_RESOURCE "nvidia.com/gpu"

struct _KfGpuInventory
{
  GObject    parent_instance;

  GPtrArray *nodes;   /* KfGpuNode */
  GPtrArray *pools;   /* KfGpuPool */
  guint      total;
  guint      free;
  guint      max_free_on_node;
};

G_DEFINE_FINAL_TYPE (KfGpuInventory, kf_gpu_inventory, G_TYPE_OBJECT)

static void
gpu_resource_free (gpointer data)
{
  KfGpuResource *r = data;

  g_free (r->name);
  g_free (r);
}

static void
gpu_node_free (gpointer data)
{
  KfGpuNode *n = data;

  g_free (n->name);
  g_free (n->pool);
  g_free (n->gpu_product);
  g_free (n->instance_type);
  g_strfreev (n->taints);
  g_clear_pointer (&n->resources, g_ptr_array_unref);
  g_free (n);
}

static void
gpu_pool_free (gpointer data)
{
  KfGpuPool *p = data;

  g_free (p->pool);
  g_free (p->gpu_product);
  g_free (p);
}

static void
kf_gpu_inventory_finalize (GObject *object)
{
  KfGpuInventory *self = KF_GPU_INVENTORY (object);

  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->pools, g_ptr_array_unref);
  G_OBJECT_CLASS (kf_gpu_inventory_parent_class)->finalize (object);
}

static void
kf_gpu_inventory_class_init (KfGpuInventoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_gpu_inventory_finalize;
}

static void
kf_gpu_inventory_init (KfGpuInventory *self)
{
  self->nodes = g_ptr_array_new_with_free_func (gpu_node_free);
  self->pools = g_ptr_array_new_with_free_func (gpu_pool_free);
}

/* ---- known GPUs ------------------------------------------------------- */

guint64
kf_gpu_memory_for_product (const char *product)
{
  /* Total memory as the driver reports it (what GFD's nvidia.com/gpu.memory
   * shows, in MiB), for nodes without that label. The first match wins, so
   * specific names come before general ones. Cross-checked against the
   * fixtures: A100-SXM4-40GB 40537 MiB, H100-80GB-HBM3 81559 MiB; the rest
   * from NVIDIA's data sheets (GB × 1000³ rounded down to what the driver
   * exposes). */
  static const struct { const char *a, *b; double mib; } table[] = {
    { "gh200", NULL, 97871 },
    { "h200", NULL, 143771 },
    { "h100", "nvl", 95830 },
    { "h100", NULL, 81559 },
    { "b200", NULL, 183359 },
    { "a100", "80", 81920 },
    { "a100", NULL, 40537 },
    { "l40s", NULL, 46068 },
    { "l40", NULL, 46068 },
    { "a10g", NULL, 23028 },
    { "a10", NULL, 23028 },
    { "l4", NULL, 23034 },
    { "t4", NULL, 15360 },
    { "v100", "32", 32768 },
    { "v100", NULL, 16384 },
    { "a6000", NULL, 49140 },
    { "4090", NULL, 24564 },
    { "3090", NULL, 24576 },
    { "4080", NULL, 16376 },
    { "a30", NULL, 24576 },
  };
  g_autofree char *lower = NULL;
  const char *mig;

  if (product == NULL || *product == '\0')
    return 0;
  lower = g_ascii_strdown (product, -1);

  /* A MIG slice (single strategy renames the product "…-MIG-1g.5gb"): the
   * slice's memory, from the profile's "<n>gb". */
  mig = strstr (lower, "mig-");
  if (mig != NULL)
    {
      const char *dot = strchr (mig, '.');
      if (dot != NULL)
        {
          double gb = g_ascii_strtod (dot + 1, NULL);
          if (gb > 0)
            return (guint64) llround (gb * 1e9);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (strstr (lower, table[i].a) && (table[i].b == NULL || strstr (lower, table[i].b)))
      return (guint64) llround (table[i].mib * MiB);
  return 0;
}

const char *
kf_gpu_product_for_instance_type (const char *instance_type)
{
  g_autofree char *t = NULL;

  if (instance_type == NULL)
    return NULL;
  t = g_ascii_strdown (instance_type, -1);

  /* Azure (Standard_NC24ads_A100_v4…), reference §10. */
  if (strstr (t, "_h100")) return "H100";
  if (strstr (t, "_a100")) return "A100-80GB";
  if (strstr (t, "_a10")) return "A10";
  if (g_str_has_prefix (t, "standard_nc") && strstr (t, "t4")) return "T4";
  if (g_str_has_prefix (t, "standard_nc") && strstr (t, "_v3")) return "V100";
  /* AWS */
  if (g_str_has_prefix (t, "p5")) return "H100";
  if (g_str_has_prefix (t, "p4d")) return "A100-40GB";
  if (g_str_has_prefix (t, "p3")) return "V100";
  if (g_str_has_prefix (t, "g4dn") || g_str_has_prefix (t, "g4ad")) return "T4";
  if (g_str_has_prefix (t, "g5g") || g_str_has_prefix (t, "g5.")) return "A10G";
  if (g_str_has_prefix (t, "g6e")) return "L40S";
  if (g_str_has_prefix (t, "g6.")) return "L4";
  /* GCP */
  if (g_str_has_prefix (t, "a3")) return "H100";
  if (g_str_has_prefix (t, "a2-ultra")) return "A100-80GB";
  if (g_str_has_prefix (t, "a2")) return "A100-40GB";
  if (g_str_has_prefix (t, "g2")) return "L4";
  return NULL;
}

/* ---- parsing ------------------------------------------------------------ */

static JsonObject *
get_object (JsonObject *o,
            const char *member)
{
  JsonNode *n = o ? json_object_get_member (o, member) : NULL;

  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static const char *
get_string (JsonObject *o,
            const char *member)
{
  JsonNode *n = o ? json_object_get_member (o, member) : NULL;

  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  return NULL;
}

/* A count-like quantity ("8", 8, "1k" is not used for GPUs): whole units,
 * 0 when absent or not a plain non-negative integer. */
static guint
get_count (JsonObject *o,
           const char *member)
{
  JsonNode *n = o ? json_object_get_member (o, member) : NULL;
  const char *s;
  char *end = NULL;
  guint64 v;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return 0;
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return (guint) CLAMP (json_node_get_int (n), 0, G_MAXUINT);
  if (json_node_get_value_type (n) != G_TYPE_STRING)
    return 0;
  s = json_node_get_string (n);
  v = g_ascii_strtoull (s, &end, 10);
  if (end == s || *end != '\0' || v > G_MAXUINT)
    return 0;
  return (guint) v;
}

static gboolean
is_gpu_resource (const char *name)
{
  return g_str_has_prefix (name, "nvidia.com/") &&
         (g_str_equal (name, GPU_RESOURCE) || g_str_has_prefix (name, "nvidia.com/mig-") ||
          g_str_has_prefix (name, "nvidia.com/gpu."));
}

static const char *
node_pool (JsonObject *labels)
{
  static const char *const keys[] = {
    "kubernetes.azure.com/agentpool", "agentpool", "eks.amazonaws.com/nodegroup",
    "cloud.google.com/gke-nodepool", "karpenter.sh/nodepool",
    "node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *v = get_string (labels, keys[i]);
      if (v && *v)
        return v;
    }
  return "default";
}

static KfGpuNode *
parse_node (JsonObject *node)
{
  JsonObject *metadata = get_object (node, "metadata");
  JsonObject *labels = get_object (metadata, "labels");
  JsonObject *spec = get_object (node, "spec");
  JsonObject *status = get_object (node, "status");
  JsonObject *allocatable = get_object (status, "allocatable");
  const char *name = get_string (metadata, "name");
  const char *mem_label, *product;
  JsonNode *taints;
  KfGpuNode *n;

  if (name == NULL)
    return NULL;

  n = g_new0 (KfGpuNode, 1);
  n->name = g_strdup (name);
  n->pool = g_strdup (node_pool (labels));
  n->instance_type = g_strdup (get_string (labels, "node.kubernetes.io/instance-type"));
  if (n->instance_type == NULL)
    n->instance_type = g_strdup (get_string (labels, "beta.kubernetes.io/instance-type"));
  n->allocatable = get_count (allocatable, GPU_RESOURCE);
  n->gpu_count_label = get_count (labels, "nvidia.com/gpu.count");
  n->gpu_replicas = MAX (get_count (labels, "nvidia.com/gpu.replicas"), 1);
  n->resources = g_ptr_array_new_with_free_func (gpu_resource_free);
  n->unschedulable = spec && json_object_get_boolean_member_with_default (spec, "unschedulable", FALSE);

  product = get_string (labels, "nvidia.com/gpu.product");
  if (product == NULL)
    product = get_string (labels, "cloud.google.com/gke-accelerator");
  if (product == NULL)
    product = kf_gpu_product_for_instance_type (n->instance_type);
  n->gpu_product = g_strdup (product);

  /* GFD reports MiB ("81559" for an H100 80GB); some listings carry bytes:
   * anything above 10⁷ cannot be MiB of one GPU. */
  mem_label = get_string (labels, "nvidia.com/gpu.memory");
  if (mem_label != NULL)
    {
      guint64 v = g_ascii_strtoull (mem_label, NULL, 10);
      if (v > 0)
        {
          n->gpu_memory_bytes = v > 10000000 ? v : (guint64) (v * MiB);
          n->gpu_memory_from_label = TRUE;
        }
    }
  if (n->gpu_memory_bytes == 0)
    n->gpu_memory_bytes = kf_gpu_memory_for_product (n->gpu_product);

  if (allocatable != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (allocatable);
      for (GList *l = members; l; l = l->next)
        if (is_gpu_resource (l->data) && !g_str_equal (l->data, GPU_RESOURCE))
          {
            KfGpuResource *r = g_new0 (KfGpuResource, 1);
            r->name = g_strdup (l->data);
            r->allocatable = get_count (allocatable, l->data);
            g_ptr_array_add (n->resources, r);
          }
    }

  taints = spec ? json_object_get_member (spec, "taints") : NULL;
  if (taints && JSON_NODE_HOLDS_ARRAY (taints))
    {
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      JsonArray *a = json_node_get_array (taints);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *t = json_array_get_element (a, i);
          JsonObject *to = JSON_NODE_HOLDS_OBJECT (t) ? json_node_get_object (t) : NULL;
          const char *key = get_string (to, "key"), *value = get_string (to, "value");
          const char *effect = get_string (to, "effect");
          g_autofree char *text = NULL;

          if (key == NULL)
            continue;
          text = g_strdup_printf ("%s%s%s:%s", key, value ? "=" : "", value ? value : "", effect ? effect : "");
          g_strv_builder_add (b, text);
        }
      n->taints = g_strv_builder_end (b);
    }
  return n;
}

/* The GPUs a pod holds: requests (or limits: extended resources must have
 * equal requests and limits, and a limit alone implies the request) of its
 * containers; an init container runs alone, so the pod needs the larger of
 * the containers' sum and the biggest init container. */
static guint
container_request (JsonObject *container,
                   const char *resource)
{
  JsonObject *resources = get_object (container, "resources");
  JsonObject *requests = get_object (resources, "requests");
  JsonObject *limits = get_object (resources, "limits");

  if (requests && json_object_has_member (requests, resource))
    return get_count (requests, resource);
  return get_count (limits, resource);
}

static guint
pod_request (JsonObject *spec,
             const char *resource)
{
  JsonNode *containers = json_object_get_member (spec, "containers");
  JsonNode *inits = json_object_get_member (spec, "initContainers");
  guint sum = 0, init_max = 0;

  if (containers && JSON_NODE_HOLDS_ARRAY (containers))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (containers)); i++)
      {
        JsonNode *c = json_array_get_element (json_node_get_array (containers), i);
        if (JSON_NODE_HOLDS_OBJECT (c))
          sum += container_request (json_node_get_object (c), resource);
      }
  if (inits && JSON_NODE_HOLDS_ARRAY (inits))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (inits)); i++)
      {
        JsonNode *c = json_array_get_element (json_node_get_array (inits), i);
        if (JSON_NODE_HOLDS_OBJECT (c))
          init_max = MAX (init_max, container_request (json_node_get_object (c), resource));
      }
  return MAX (sum, init_max);
}

static void
add_pod (KfGpuInventory *self,
         GHashTable     *by_name,
         JsonObject     *pod)
{
  JsonObject *spec = get_object (pod, "spec");
  JsonObject *status = get_object (pod, "status");
  const char *node_name = get_string (spec, "nodeName");
  const char *phase = get_string (status, "phase");
  KfGpuNode *n;

  /* Terminated pods (Succeeded/Failed) no longer hold their GPUs; pods not
   * yet scheduled hold none. */
  if (node_name == NULL || g_strcmp0 (phase, "Succeeded") == 0 || g_strcmp0 (phase, "Failed") == 0)
    return;
  n = g_hash_table_lookup (by_name, node_name);
  if (n == NULL)
    return;
  n->requested += pod_request (spec, GPU_RESOURCE);
  for (guint i = 0; i < n->resources->len; i++)
    {
      KfGpuResource *r = g_ptr_array_index (n->resources, i);
      r->requested += pod_request (spec, r->name);
    }
}

static void
finish (KfGpuInventory *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      KfGpuNode *n = g_ptr_array_index (self->nodes, i);
      KfGpuPool *p = NULL;

      n->free = n->requested >= n->allocatable ? 0 : n->allocatable - n->requested;
      self->total += n->allocatable;
      self->free += n->free;
      if (!n->unschedulable)
        self->max_free_on_node = MAX (self->max_free_on_node, n->free);

      for (guint j = 0; j < self->pools->len && p == NULL; j++)
        {
          KfGpuPool *c = g_ptr_array_index (self->pools, j);
          if (g_str_equal (c->pool, n->pool) && g_strcmp0 (c->gpu_product, n->gpu_product) == 0)
            p = c;
        }
      if (p == NULL)
        {
          p = g_new0 (KfGpuPool, 1);
          p->pool = g_strdup (n->pool);
          p->gpu_product = g_strdup (n->gpu_product);
          p->gpu_memory_bytes = n->gpu_memory_bytes;
          g_ptr_array_add (self->pools, p);
        }
      p->nodes++;
      p->total += n->allocatable;
      p->free += n->free;
      p->max_per_node = MAX (p->max_per_node, n->allocatable);
      if (!n->unschedulable)
        p->max_free_on_node = MAX (p->max_free_on_node, n->free);
    }
}

static gboolean
node_has_gpus (const KfGpuNode *n)
{
  return n->allocatable > 0 || n->resources->len > 0 || n->gpu_count_label > 0;
}

KfGpuInventory *
kf_gpu_inventory_compute_from_objects (GPtrArray *nodes,
                                       GPtrArray *pods)
{
  KfGpuInventory *self = g_object_new (KF_TYPE_GPU_INVENTORY, NULL);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; nodes && i < nodes->len; i++)
    {
      KfGpuNode *n = parse_node (g_ptr_array_index (nodes, i));

      if (n == NULL)
        continue;
      if (!node_has_gpus (n) || g_hash_table_contains (by_name, n->name))
        {
          gpu_node_free (n);
          continue;
        }
      g_hash_table_insert (by_name, n->name, n);
      g_ptr_array_add (self->nodes, n);
    }
  for (guint i = 0; pods && i < pods->len; i++)
    add_pod (self, by_name, g_ptr_array_index (pods, i));
  finish (self);
  return self;
}

static GPtrArray *
objects_of_array (JsonArray *array)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_OBJECT (n))
        g_ptr_array_add (out, json_node_get_object (n));
    }
  return out;
}

KfGpuInventory *
kf_gpu_inventory_compute (JsonArray *nodes,
                          JsonArray *pods)
{
  g_autoptr(GPtrArray) n = objects_of_array (nodes);
  g_autoptr(GPtrArray) p = objects_of_array (pods);

  return kf_gpu_inventory_compute_from_objects (n, p);
}

KfGpuInventory *
kf_gpu_inventory_compute_from_lists (GListModel            *nodes,
                                     GListModel            *pods,
                                     KfGpuInventoryItemFunc func,
                                     gpointer               user_data)
{
  g_autoptr(GPtrArray) n = g_ptr_array_new ();
  g_autoptr(GPtrArray) p = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; nodes && i < g_list_model_get_n_items (nodes); i++)
    {
      gpointer item = g_list_model_get_item (nodes, i);
      JsonObject *o = func (item, user_data);

      g_ptr_array_add (items, item);
      if (o)
        g_ptr_array_add (n, o);
    }
  for (guint i = 0; pods && i < g_list_model_get_n_items (pods); i++)
    {
      gpointer item = g_list_model_get_item (pods, i);
      JsonObject *o = func (item, user_data);

      g_ptr_array_add (items, item);
      if (o)
        g_ptr_array_add (p, o);
    }
  return kf_gpu_inventory_compute_from_objects (n, p);
}

KfGpuInventory *
kf_gpu_inventory_new_synthetic (const char *gpu_product,
                                guint64     gpu_memory_bytes,
                                guint       gpus_per_node)
{
  KfGpuInventory *self;
  KfGpuNode *n;

  if (gpu_memory_bytes == 0)
    gpu_memory_bytes = kf_gpu_memory_for_product (gpu_product);
  if (gpu_memory_bytes == 0)
    return NULL;

  self = g_object_new (KF_TYPE_GPU_INVENTORY, NULL);
  n = g_new0 (KfGpuNode, 1);
  n->name = g_strdup ("(no cluster)");
  n->pool = g_strdup ("default");
  n->gpu_product = g_strdup (gpu_product ? gpu_product : "GPU");
  n->gpu_memory_bytes = gpu_memory_bytes;
  n->allocatable = MAX (gpus_per_node, 1);
  n->gpu_replicas = 1;
  n->resources = g_ptr_array_new_with_free_func (gpu_resource_free);
  g_ptr_array_add (self->nodes, n);
  finish (self);
  return self;
}

GPtrArray *kf_gpu_inventory_get_nodes (KfGpuInventory *self) { g_return_val_if_fail (KF_IS_GPU_INVENTORY (self), NULL); return self->nodes; }
GPtrArray *kf_gpu_inventory_get_pools (KfGpuInventory *self) { g_return_val_if_fail (KF_IS_GPU_INVENTORY (self), NULL); return self->pools; }
guint kf_gpu_inventory_get_total (KfGpuInventory *self) { g_return_val_if_fail (KF_IS_GPU_INVENTORY (self), 0); return self->total; }
guint kf_gpu_inventory_get_free (KfGpuInventory *self) { g_return_val_if_fail (KF_IS_GPU_INVENTORY (self), 0); return self->free; }
guint kf_gpu_inventory_get_max_free_on_node (KfGpuInventory *self) { g_return_val_if_fail (KF_IS_GPU_INVENTORY (self), 0); return self->max_free_on_node; }

const KfGpuNode *
kf_gpu_inventory_find_node (KfGpuInventory *self,
                            const char     *name)
{
  g_return_val_if_fail (KF_IS_GPU_INVENTORY (self), NULL);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const KfGpuNode *n = g_ptr_array_index (self->nodes, i);
      if (g_strcmp0 (n->name, name) == 0)
        return n;
    }
  return NULL;
}

JsonNode *
kf_gpu_inventory_to_json (KfGpuInventory *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "totalGpus");
  json_builder_add_int_value (b, self->total);
  json_builder_set_member_name (b, "freeGpus");
  json_builder_add_int_value (b, self->free);
  json_builder_set_member_name (b, "maxFreeOnNode");
  json_builder_add_int_value (b, self->max_free_on_node);
  json_builder_set_member_name (b, "pools");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->pools->len; i++)
    {
      const KfGpuPool *p = g_ptr_array_index (self->pools, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pool");
      json_builder_add_string_value (b, p->pool);
      json_builder_set_member_name (b, "gpuProduct");
      json_builder_add_string_value (b, p->gpu_product);
      json_builder_set_member_name (b, "gpuMemoryBytes");
      json_builder_add_int_value (b, (gint64) p->gpu_memory_bytes);
      json_builder_set_member_name (b, "nodes");
      json_builder_add_int_value (b, p->nodes);
      json_builder_set_member_name (b, "totalGpus");
      json_builder_add_int_value (b, p->total);
      json_builder_set_member_name (b, "freeGpus");
      json_builder_add_int_value (b, p->free);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "nodes");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const KfGpuNode *n = g_ptr_array_index (self->nodes, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, n->name);
      json_builder_set_member_name (b, "pool");
      json_builder_add_string_value (b, n->pool);
      json_builder_set_member_name (b, "gpuProduct");
      json_builder_add_string_value (b, n->gpu_product);
      json_builder_set_member_name (b, "gpuMemoryBytes");
      json_builder_add_int_value (b, (gint64) n->gpu_memory_bytes);
      json_builder_set_member_name (b, "allocatable");
      json_builder_add_int_value (b, n->allocatable);
      json_builder_set_member_name (b, "requested");
      json_builder_add_int_value (b, n->requested);
      json_builder_set_member_name (b, "free");
      json_builder_add_int_value (b, n->free);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
