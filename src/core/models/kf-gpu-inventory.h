/* kf-gpu-inventory.h: the cluster's GPUs, per node and per pool
 *
 * Computed from Node and Pod JSON objects (as the API server returns them):
 * per node the GPU product and memory (GPU Feature Discovery labels, else a
 * table of known products), allocatable nvidia.com/gpu, MIG and shared
 * resources, pool, taints; free = allocatable − GPU requests of the
 * non-terminated pods on it. Immutable once computed: recompute when the
 * node or pod lists change (the watch wiring lives with the client's
 * informers; see kf_gpu_inventory_compute_from_lists()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A non-"nvidia.com/gpu" GPU resource: MIG profiles (nvidia.com/mig-1g.5gb)
 * and time-sliced shares (nvidia.com/gpu.shared). */
typedef struct
{
  char  *name;
  guint  allocatable;
  guint  requested;
} KfGpuResource;

typedef struct
{
  char       *name;
  char       *pool;
  char       *gpu_product;          /* nvidia.com/gpu.product, else from the instance type; NULL if none */
  char       *instance_type;
  guint64     gpu_memory_bytes;     /* one GPU (or MIG slice); 0 unknown */
  gboolean    gpu_memory_from_label;
  guint       gpu_count_label;      /* nvidia.com/gpu.count */
  guint       gpu_replicas;         /* nvidia.com/gpu.replicas: > 1 when time-sliced/MPS-shared (each
                                     * allocatable "GPU" is then a share of one physical GPU) */
  guint       allocatable;          /* status.allocatable["nvidia.com/gpu"] */
  guint       requested;            /* Σ requests of non-terminated pods on the node */
  guint       free;                 /* allocatable − requested (≥ 0) */
  gboolean    unschedulable;        /* spec.unschedulable */
  GStrv       taints;               /* "key=value:Effect" */
  GPtrArray  *resources;            /* KfGpuResource */
} KfGpuNode;

/* Nodes grouped by pool and GPU product. */
typedef struct
{
  char    *pool;
  char    *gpu_product;
  guint64  gpu_memory_bytes;
  guint    nodes;
  guint    total;                   /* allocatable */
  guint    free;
  guint    max_per_node;
  guint    max_free_on_node;
} KfGpuPool;

#define KF_TYPE_GPU_INVENTORY (kf_gpu_inventory_get_type ())
G_DECLARE_FINAL_TYPE (KfGpuInventory, kf_gpu_inventory, KF, GPU_INVENTORY, GObject)

/* From arrays of Node and Pod objects (a NodeList's / PodList's "items");
 * @pods may be NULL. Objects that are not nodes/pods are skipped. */
KfGpuInventory *kf_gpu_inventory_compute       (JsonArray      *nodes,
                                                JsonArray      *pods);
/* The same from GPtrArrays of JsonObject*. */
KfGpuInventory *kf_gpu_inventory_compute_from_objects (GPtrArray *nodes,
                                                       GPtrArray *pods);

/* Maps an item of a GListModel (an informer's cache) to its JSON object
 * (borrowed). */
typedef JsonObject *(*KfGpuInventoryItemFunc) (gpointer item,
                                               gpointer user_data);
KfGpuInventory *kf_gpu_inventory_compute_from_lists (GListModel            *nodes,
                                                     GListModel            *pods,
                                                     KfGpuInventoryItemFunc func,
                                                     gpointer               user_data);

/* A cluster of @count identical nodes without any pods: for `fit --gpu-type`
 * without a cluster. NULL if the product is unknown and @memory is 0. */
KfGpuInventory *kf_gpu_inventory_new_synthetic (const char     *gpu_product,
                                                guint64         gpu_memory_bytes,
                                                guint           gpus_per_node);

GPtrArray      *kf_gpu_inventory_get_nodes     (KfGpuInventory *self);   /* KfGpuNode, GPU nodes only */
GPtrArray      *kf_gpu_inventory_get_pools     (KfGpuInventory *self);   /* KfGpuPool */
guint           kf_gpu_inventory_get_total     (KfGpuInventory *self);
guint           kf_gpu_inventory_get_free      (KfGpuInventory *self);
guint           kf_gpu_inventory_get_max_free_on_node (KfGpuInventory *self);
const KfGpuNode *kf_gpu_inventory_find_node    (KfGpuInventory *self,
                                                const char     *name);

/* Memory of one GPU of a known product ("NVIDIA-H100-80GB-HBM3", "L4",
 * "Tesla-T4", "A100-SXM4-40GB-MIG-1g.5gb" → the slice), as the driver
 * reports it; 0 when unknown. */
guint64         kf_gpu_memory_for_product      (const char     *product);
/* GPU product from a cloud instance type (AKS/EKS/GKE), NULL if unknown. */
const char     *kf_gpu_product_for_instance_type (const char   *instance_type);

/* Serialises the inventory (nodes and pools) for `-o json`. */
JsonNode       *kf_gpu_inventory_to_json       (KfGpuInventory *self);

G_END_DECLS
