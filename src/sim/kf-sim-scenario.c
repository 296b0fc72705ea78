/* kf-sim-scenario.c: what a simulated cluster holds at start
 *
 * The built-in scenario is itself a scenario document (below), so both go
 * through the same parser. The format is documented in docs/simulated-cluster.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "kf-sim-json.h"
#include "kf-sim-scenario.h"
#include "kf-yaml.h"

G_DEFINE_QUARK (kf-sim-scenario-error-quark, kf_sim_scenario_error)

static const char builtin_scenario[] =
  "name: built-in\n"
  "runtimes: [dynamo, kuberay, kaito]\n"
  "nodes:\n"
  "  # AKS: 2 x Standard_ND96isr_H100_v5, 8 x H100 80GB each\n"
  "  - name: aks-h100pool-38102744-vmss00000\n"
  "    count: 2\n"
  "    provider: aks\n"
  "    pool: h100pool\n"
  "    instanceType: Standard_ND96isr_H100_v5\n"
  "    zone: eastus-1\n"
  "    cpu: \"96\"\n"
  "    memory: 1900Gi\n"
  "    gpu: {product: NVIDIA-H100-80GB-HBM3, count: 8}\n"
  "  # EKS: 1 x p4de node group with 4 x A100 80GB, tainted for GPU workloads only\n"
  "  - name: ip-10-0-42-17.us-west-2.compute.internal\n"
  "    provider: eks\n"
  "    pool: a100-ng\n"
  "    instanceType: p4de.24xlarge\n"
  "    zone: us-west-2a\n"
  "    cpu: \"48\"\n"
  "    memory: 576Gi\n"
  "    gpu: {product: NVIDIA-A100-SXM4-80GB, count: 4}\n"
  "    taints:\n"
  "      - {key: nvidia.com/gpu, value: present, effect: NoSchedule}\n"
  "  # GKE: 1 x g2-standard-8 with one L4\n"
  "  - name: gke-demo-l4-pool-5f2c9a1e-x7k2\n"
  "    provider: gke\n"
  "    pool: l4-pool\n"
  "    instanceType: g2-standard-8\n"
  "    zone: us-central1-a\n"
  "    cpu: \"8\"\n"
  "    memory: 32Gi\n"
  "    gpu: {product: NVIDIA-L4, count: 1}\n"
  "  # CPU-only system nodes\n"
  "  - name: aks-system-38102744-vmss00000\n"
  "    count: 2\n"
  "    provider: aks\n"
  "    pool: system\n"
  "    instanceType: Standard_D8s_v5\n"
  "    zone: eastus-1\n"
  "    cpu: \"8\"\n"
  "    memory: 32Gi\n"
  "users:\n"
  "  - name: admin\n"
  "    token: generate\n"
  "    groups: [system:masters, system:authenticated]\n"
  "  - name: cert-admin\n"
  "    clientCertificate: true\n"
  "    groups: [system:masters, system:authenticated]\n"
  "  - name: viewer\n"
  "    token: generate\n"
  "    groups: [viewers, system:authenticated]\n"
  "    rules:\n"
  "      - verbs: [get, list, watch]\n"
  "        apiGroups: [\"*\"]\n"
  "        resources: [\"*\"]\n";

/* What GPU Feature Discovery reports per product. */
static const struct
{
  const char *product, *family, *machine_hint;
  int memory_mib, major, minor;
  gboolean mig;
} gpu_models[] = {
  { "NVIDIA-H100-80GB-HBM3", "hopper", NULL, 81559, 9, 0, TRUE },
  { "NVIDIA-H200", "hopper", NULL, 143771, 9, 0, TRUE },
  { "NVIDIA-A100-SXM4-80GB", "ampere", NULL, 81920, 8, 0, TRUE },
  { "A100-SXM4-40GB", "ampere", NULL, 40537, 8, 0, TRUE },
  { "NVIDIA-A10G", "ampere", NULL, 23028, 8, 6, FALSE },
  { "NVIDIA-L4", "ada-lovelace", NULL, 23034, 8, 9, FALSE },
  { "NVIDIA-L40S", "ada-lovelace", NULL, 46068, 8, 9, FALSE },
  { "Tesla-T4", "turing", NULL, 15360, 7, 5, FALSE },
};

void
kf_sim_user_free (KfSimUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user->token);
  g_free (user->client_cn);
  g_strfreev (user->groups);
  g_clear_pointer (&user->rules, json_node_unref);
  g_free (user);
}

void
kf_sim_scenario_free (KfSimScenario *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_strfreev (self->runtimes);
  g_clear_pointer (&self->autoscaler_status, json_node_unref);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->failing_models, g_hash_table_unref);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_clear_pointer (&self->faults, json_node_unref);
  g_free (self);
}

static KfSimScenario *
scenario_new (void)
{
  KfSimScenario *self = g_new0 (KfSimScenario, 1);

  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_sim_user_free);
  self->failing_models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->runtimes = g_new0 (char *, 1);
  return self;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, KF_SIM_SCENARIO_ERROR, KF_SIM_SCENARIO_ERROR_INVALID, message);
  return FALSE;
}

/* A string member, accepting numbers as their text (YAML "96" vs 96). */
static char *
member_text (JsonObject *obj,
             const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static gint64
member_int (JsonObject *obj,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return fallback;
}

static void
set_label (JsonObject *labels,
           const char *key,
           const char *value)
{
  if (!json_object_has_member (labels, key))
    json_object_set_string_member (labels, key, value);
}

static void
add_condition (JsonArray  *conditions,
               const char *type,
               const char *status,
               const char *reason,
               const char *message,
               const char *now)
{
  JsonObject *c = json_object_new ();

  json_object_set_string_member (c, "type", type);
  json_object_set_string_member (c, "status", status);
  json_object_set_string_member (c, "lastHeartbeatTime", now);
  json_object_set_string_member (c, "lastTransitionTime", now);
  json_object_set_string_member (c, "reason", reason);
  json_object_set_string_member (c, "message", message);
  json_array_add_object_element (conditions, c);
}

static void
add_gfd_labels (JsonObject *labels,
                JsonObject *gpu,
                const char *instance_type,
                gint64      count)
{
  g_autofree char *product = member_text (gpu, "product");
  g_autofree char *count_s = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  g_autofree char *mem = NULL, *major = NULL, *minor = NULL;
  const char *family = "unknown";
  gboolean mig = FALSE;
  gint64 memory_mib = 0, cmajor = 0, cminor = 0;

  for (guint i = 0; i < G_N_ELEMENTS (gpu_models); i++)
    if (g_strcmp0 (gpu_models[i].product, product) == 0)
      {
        family = gpu_models[i].family;
        memory_mib = gpu_models[i].memory_mib;
        cmajor = gpu_models[i].major;
        cminor = gpu_models[i].minor;
        mig = gpu_models[i].mig;
      }
  memory_mib = member_int (gpu, "memoryMiB", memory_mib);
  cmajor = member_int (gpu, "computeMajor", cmajor);
  cminor = member_int (gpu, "computeMinor", cminor);
  if (json_object_has_member (gpu, "family"))
    family = json_object_get_string_member_with_default (gpu, "family", family);
  mem = g_strdup_printf ("%" G_GINT64_FORMAT, memory_mib);
  major = g_strdup_printf ("%" G_GINT64_FORMAT, cmajor);
  minor = g_strdup_printf ("%" G_GINT64_FORMAT, cminor);

  /* as labelled by GPU Feature Discovery / the GPU Operator (see fixtures k8s/gfd-node-labels-*.json) */
  set_label (labels, "feature.node.kubernetes.io/pci-10de.present", "true");
  set_label (labels, "nvidia.com/cuda.driver-version.full", "550.54.15");
  set_label (labels, "nvidia.com/cuda.driver-version.major", "550");
  set_label (labels, "nvidia.com/cuda.driver-version.minor", "54");
  set_label (labels, "nvidia.com/cuda.driver-version.revision", "15");
  set_label (labels, "nvidia.com/cuda.driver.major", "550");
  set_label (labels, "nvidia.com/cuda.driver.minor", "54");
  set_label (labels, "nvidia.com/cuda.driver.rev", "15");
  set_label (labels, "nvidia.com/cuda.runtime-version.full", "12.4");
  set_label (labels, "nvidia.com/cuda.runtime-version.major", "12");
  set_label (labels, "nvidia.com/cuda.runtime-version.minor", "4");
  set_label (labels, "nvidia.com/cuda.runtime.major", "12");
  set_label (labels, "nvidia.com/cuda.runtime.minor", "4");
  set_label (labels, "nvidia.com/gfd.timestamp", "1715703041");
  set_label (labels, "nvidia.com/gpu.compute.major", major);
  set_label (labels, "nvidia.com/gpu.compute.minor", minor);
  set_label (labels, "nvidia.com/gpu.count", count_s);
  set_label (labels, "nvidia.com/gpu.deploy.container-toolkit", "true");
  set_label (labels, "nvidia.com/gpu.deploy.dcgm", "true");
  set_label (labels, "nvidia.com/gpu.deploy.dcgm-exporter", "true");
  set_label (labels, "nvidia.com/gpu.deploy.device-plugin", "true");
  set_label (labels, "nvidia.com/gpu.deploy.driver", "true");
  set_label (labels, "nvidia.com/gpu.deploy.gpu-feature-discovery", "true");
  set_label (labels, "nvidia.com/gpu.deploy.node-status-exporter", "true");
  set_label (labels, "nvidia.com/gpu.deploy.operator-validator", "true");
  set_label (labels, "nvidia.com/gpu.family", family);
  set_label (labels, "nvidia.com/gpu.machine", instance_type ? instance_type : "unknown");
  set_label (labels, "nvidia.com/gpu.memory", mem);
  set_label (labels, "nvidia.com/gpu.present", "true");
  set_label (labels, "nvidia.com/gpu.product", product);
  set_label (labels, "nvidia.com/gpu.replicas", "1");
  set_label (labels, "nvidia.com/gpu.sharing-strategy", "none");
  set_label (labels, "nvidia.com/mig.capable", mig ? "true" : "false");
  if (mig)
    {
      set_label (labels, "nvidia.com/gpu.deploy.mig-manager", "true");
      set_label (labels, "nvidia.com/mig.config", "all-disabled");
      set_label (labels, "nvidia.com/mig.config.state", "success");
      set_label (labels, "nvidia.com/mig.strategy", "single");
    }
  set_label (labels, "nvidia.com/mps.capable", "false");
}

JsonNode *
kf_sim_scenario_build_node (JsonNode  *shorthand,
                            GError   **error)
{
  JsonObject *in;
  g_autofree char *name = NULL, *provider = NULL, *pool = NULL, *itype = NULL, *zone = NULL;
  g_autofree char *cpu = NULL, *memory = NULL, *pods = NULL, *now = kf_sim_json_timestamp_now ();
  g_autofree char *gpu_count_s = NULL;
  JsonObject *node, *meta, *labels, *spec, *status, *capacity, *allocatable, *info;
  JsonNode *gpu_node, *extra, *taints;
  JsonArray *conditions, *addresses;
  gint64 gpu_count = 0;
  JsonNode *result;

  if (shorthand == NULL || !JSON_NODE_HOLDS_OBJECT (shorthand))
    {
      invalid (error, "a node must be a mapping");
      return NULL;
    }
  in = json_node_get_object (shorthand);
  if (json_object_has_member (in, "object"))
    {
      JsonNode *object = json_object_get_member (in, "object");
      if (!JSON_NODE_HOLDS_OBJECT (object) || kf_sim_json_get_string (object, "metadata.name") == NULL)
        {
          invalid (error, "node \"object\" must be a Node with metadata.name");
          return NULL;
        }
      result = kf_sim_json_copy (object);
      json_object_set_string_member (json_node_get_object (result), "apiVersion", "v1");
      json_object_set_string_member (json_node_get_object (result), "kind", "Node");
      return result;
    }

  name = member_text (in, "name");
  if (name == NULL || *name == '\0')
    {
      invalid (error, "a node needs a \"name\"");
      return NULL;
    }
  provider = member_text (in, "provider");
  pool = member_text (in, "pool");
  itype = member_text (in, "instanceType");
  zone = member_text (in, "zone");
  cpu = member_text (in, "cpu");
  memory = member_text (in, "memory");
  pods = member_text (in, "pods");
  gpu_node = json_object_get_member (in, "gpu");
  if (gpu_node != NULL && !JSON_NODE_HOLDS_OBJECT (gpu_node))
    {
      invalid (error, "node %s: \"gpu\" must be a mapping {product, count}", name);
      return NULL;
    }
  if (gpu_node != NULL)
    {
      gpu_count = member_int (json_node_get_object (gpu_node), "count", 1);
      if (gpu_count < 0 || gpu_count > 64 ||
          !json_object_has_member (json_node_get_object (gpu_node), "product"))
        {
          invalid (error, "node %s: gpu needs a product and a count between 0 and 64", name);
          return NULL;
        }
    }
  if (provider != NULL && !g_strv_contains ((const char *[]) { "aks", "eks", "gke", "none", NULL }, provider))
    {
      invalid (error, "node %s: unknown provider \"%s\" (aks, eks, gke or none)", name, provider);
      return NULL;
    }

  node = json_object_new ();
  result = json_node_init_object (json_node_alloc (), node);
  json_object_set_string_member (node, "apiVersion", "v1");
  json_object_set_string_member (node, "kind", "Node");
  meta = kf_sim_json_ensure_object (result, "metadata");
  json_object_set_string_member (meta, "name", name);
  labels = kf_sim_json_ensure_object (result, "metadata.labels");
  extra = json_object_get_member (in, "labels");
  if (extra != NULL && JSON_NODE_HOLDS_OBJECT (extra))
    {
      JsonObjectIter iter;
      const char *k;
      JsonNode *v;
      json_object_iter_init_ordered (&iter, json_node_get_object (extra));
      while (json_object_iter_next_ordered (&iter, &k, &v))
        if (JSON_NODE_HOLDS_VALUE (v))
          {
            g_autofree char *text = member_text (json_node_get_object (extra), k);
            json_object_set_string_member (labels, k, text ? text : "");
          }
    }
  set_label (labels, "beta.kubernetes.io/arch", "amd64");
  set_label (labels, "beta.kubernetes.io/os", "linux");
  set_label (labels, "kubernetes.io/arch", "amd64");
  set_label (labels, "kubernetes.io/hostname", name);
  set_label (labels, "kubernetes.io/os", "linux");
  if (itype)
    {
      set_label (labels, "node.kubernetes.io/instance-type", itype);
      set_label (labels, "beta.kubernetes.io/instance-type", itype);
    }
  if (zone)
    {
      g_autofree char *region = g_strdup (zone);
      char *dash = strrchr (region, '-');
      if (g_strcmp0 (provider, "eks") == 0 && strlen (region) > 1)
        region[strlen (region) - 1] = '\0';   /* us-west-2a -> us-west-2 */
      else if (dash != NULL)
        *dash = '\0';                         /* eastus-1 -> eastus, us-central1-a -> us-central1 */
      set_label (labels, "topology.kubernetes.io/zone", zone);
      set_label (labels, "topology.kubernetes.io/region", region);
    }
  if (pool != NULL)
    {
      if (g_strcmp0 (provider, "aks") == 0)
        {
          set_label (labels, "agentpool", pool);
          set_label (labels, "kubernetes.azure.com/agentpool", pool);
          set_label (labels, "kubernetes.azure.com/cluster", "MC_kubefoundry_demo_eastus");
          set_label (labels, "kubernetes.azure.com/mode", gpu_count > 0 ? "user" : "system");
        }
      else if (g_strcmp0 (provider, "eks") == 0)
        {
          set_label (labels, "eks.amazonaws.com/nodegroup", pool);
          set_label (labels, "eks.amazonaws.com/capacityType", "ON_DEMAND");
        }
      else if (g_strcmp0 (provider, "gke") == 0)
        {
          set_label (labels, "cloud.google.com/gke-nodepool", pool);
          if (gpu_count > 0)
            {
              g_autofree char *product = member_text (json_node_get_object (gpu_node), "product");
              g_autofree char *accel = g_ascii_strdown (product, -1);
              set_label (labels, "cloud.google.com/gke-accelerator", accel);
            }
        }
      else
        set_label (labels, "pool", pool);
    }
  if (gpu_count > 0)
    add_gfd_labels (labels, json_node_get_object (gpu_node), itype, gpu_count);

  spec = kf_sim_json_ensure_object (result, "spec");
  {
    g_autofree char *pid = g_strdup_printf ("%s://%s", provider ? provider : "sim", name);
    json_object_set_string_member (spec, "providerID", pid);
  }
  taints = json_object_get_member (in, "taints");
  if (taints != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (taints))
        {
          json_node_unref (result);
          invalid (error, "node %s: \"taints\" must be a list of {key, value, effect}", name);
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (taints)); i++)
        {
          JsonNode *t = json_array_get_element (json_node_get_array (taints), i);
          const char *effect = kf_sim_json_get_string (t, "effect");
          if (kf_sim_json_get_string (t, "key") == NULL ||
              !g_strv_contains ((const char *[]) { "NoSchedule", "PreferNoSchedule", "NoExecute", NULL },
                                effect ? effect : ""))
            {
              json_node_unref (result);
              invalid (error, "node %s: taint %u needs a key and an effect NoSchedule, PreferNoSchedule or NoExecute",
                       name, i);
              return NULL;
            }
        }
      json_object_set_member (spec, "taints", kf_sim_json_copy (taints));
    }

  status = kf_sim_json_ensure_object (result, "status");
  capacity = kf_sim_json_ensure_object (result, "status.capacity");
  allocatable = kf_sim_json_ensure_object (result, "status.allocatable");
  gpu_count_s = g_strdup_printf ("%" G_GINT64_FORMAT, gpu_count);
  json_object_set_string_member (capacity, "cpu", cpu ? cpu : "8");
  json_object_set_string_member (capacity, "memory", memory ? memory : "32Gi");
  json_object_set_string_member (capacity, "pods", pods ? pods : "110");
  json_object_set_string_member (capacity, "ephemeral-storage", "507944172Ki");
  json_object_set_string_member (capacity, "hugepages-1Gi", "0");
  json_object_set_string_member (capacity, "hugepages-2Mi", "0");
  {
    /* allocatable: what the kubelet reserves is left out of the scenario's figures */
    g_autofree char *acpu = NULL, *amem = NULL;
    gint64 cores = cpu ? g_ascii_strtoll (cpu, NULL, 10) : 8;
    acpu = cores > 1 && strchr (cpu ? cpu : "8", 'm') == NULL ?
      g_strdup_printf ("%" G_GINT64_FORMAT "m", cores * 1000 - 140 - MIN (cores, 32) * 10) :
      g_strdup (cpu ? cpu : "8");
    amem = g_strdup (memory ? memory : "32Gi");
    json_object_set_string_member (allocatable, "cpu", acpu);
    json_object_set_string_member (allocatable, "memory", amem);
    json_object_set_string_member (allocatable, "pods", pods ? pods : "110");
    json_object_set_string_member (allocatable, "ephemeral-storage", "468118671689");
    json_object_set_string_member (allocatable, "hugepages-1Gi", "0");
    json_object_set_string_member (allocatable, "hugepages-2Mi", "0");
  }
  if (gpu_count > 0)
    {
      json_object_set_string_member (capacity, "nvidia.com/gpu", gpu_count_s);
      json_object_set_string_member (allocatable, "nvidia.com/gpu", gpu_count_s);
    }

  conditions = json_array_new ();
  add_condition (conditions, "MemoryPressure", "False", "KubeletHasSufficientMemory",
                 "kubelet has sufficient memory available", now);
  add_condition (conditions, "DiskPressure", "False", "KubeletHasNoDiskPressure",
                 "kubelet has no disk pressure", now);
  add_condition (conditions, "PIDPressure", "False", "KubeletHasSufficientPID",
                 "kubelet has sufficient PID available", now);
  add_condition (conditions, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now);
  json_object_set_array_member (status, "conditions", conditions);

  addresses = json_array_new ();
  {
    JsonObject *a = json_object_new ();
    JsonObject *h = json_object_new ();
    guint hash = g_str_hash (name);
    g_autofree char *ip = g_strdup_printf ("10.%u.%u.%u", 224 + (hash % 16), (hash >> 8) % 256, 4 + (hash >> 16) % 250);
    json_object_set_string_member (a, "type", "InternalIP");
    json_object_set_string_member (a, "address", ip);
    json_object_set_string_member (h, "type", "Hostname");
    json_object_set_string_member (h, "address", name);
    json_array_add_object_element (addresses, a);
    json_array_add_object_element (addresses, h);
  }
  json_object_set_array_member (status, "addresses", addresses);
  info = kf_sim_json_ensure_object (result, "status.nodeInfo");
  json_object_set_string_member (info, "architecture", "amd64");
  json_object_set_string_member (info, "containerRuntimeVersion", "containerd://1.7.22");
  json_object_set_string_member (info, "kernelVersion", "5.15.0-1073-azure");
  json_object_set_string_member (info, "kubeProxyVersion", "v1.32.2");
  json_object_set_string_member (info, "kubeletVersion", "v1.32.2");
  json_object_set_string_member (info, "operatingSystem", "linux");
  json_object_set_string_member (info, "osImage", "Ubuntu 22.04.5 LTS");
  {
    g_autofree char *id = g_compute_checksum_for_string (G_CHECKSUM_MD5, name, -1);
    json_object_set_string_member (info, "machineID", id);
    json_object_set_string_member (info, "systemUUID", id);
    json_object_set_string_member (info, "bootID", id);
  }
  kf_sim_json_ensure_object (result, "status.daemonEndpoints.kubeletEndpoint");
  json_object_set_int_member (kf_sim_json_ensure_object (result, "status.daemonEndpoints.kubeletEndpoint"),
                              "Port", 10250);
  return result;
}

static char *
random_token (void)
{
  guint8 bytes[24];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  /* base64url without padding, like a service-account style opaque token */
  {
    g_autofree char *b64 = g_base64_encode (bytes, sizeof bytes);
    for (char *p = b64; *p; p++)
      *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    return g_strconcat ("kfsim-", b64, NULL);
  }
}

static gboolean
parse_string_list (JsonNode    *node,
                   const char  *what,
                   char      ***out,
                   GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node == NULL)
    {
      *out = g_strv_builder_end (builder);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "%s must be a list of strings", what);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *el = json_array_get_element (json_node_get_array (node), i);
      if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING)
        return invalid (error, "%s[%u] must be a string", what, i);
      g_strv_builder_add (builder, json_node_get_string (el));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
parse_users (KfSimScenario *self,
             JsonNode      *users,
             GError       **error)
{
  JsonArray *arr;

  if (!JSON_NODE_HOLDS_ARRAY (users))
    return invalid (error, "\"users\" must be a list");
  arr = json_node_get_array (users);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      JsonObject *u;
      g_autoptr(KfSimUser) user = NULL;
      JsonNode *rules;
      g_autofree char *what = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        return invalid (error, "users[%u] must be a mapping", i);
      u = json_node_get_object (el);
      user = g_new0 (KfSimUser, 1);
      user->name = member_text (u, "name");
      if (user->name == NULL || *user->name == '\0')
        return invalid (error, "users[%u] needs a \"name\"", i);
      user->token = member_text (u, "token");
      if (g_strcmp0 (user->token, "generate") == 0)
        {
          g_free (user->token);
          user->token = random_token ();
        }
      if (json_object_get_boolean_member_with_default (u, "clientCertificate", FALSE))
        user->client_cn = g_strdup (user->name);
      if (user->token == NULL && user->client_cn == NULL)
        return invalid (error, "user %s needs a token or clientCertificate: true", user->name);
      what = g_strdup_printf ("users[%u].groups", i);
      if (!parse_string_list (json_object_get_member (u, "groups"), what, &user->groups, error))
        return FALSE;
      rules = json_object_get_member (u, "rules");
      if (rules != NULL && !JSON_NODE_HOLDS_NULL (rules))
        {
          JsonArray *rarr;
          if (!JSON_NODE_HOLDS_ARRAY (rules))
            return invalid (error, "user %s: \"rules\" must be a list", user->name);
          rarr = json_node_get_array (rules);
          for (guint r = 0; r < json_array_get_length (rarr); r++)
            {
              JsonNode *rule = json_array_get_element (rarr, r);
              JsonNode *verbs = JSON_NODE_HOLDS_OBJECT (rule) ? kf_sim_json_lookup (rule, "verbs") : NULL;
              if (verbs == NULL || !JSON_NODE_HOLDS_ARRAY (verbs))
                return invalid (error, "user %s: rules[%u] needs \"verbs\" (a list)", user->name, r);
            }
          user->rules = kf_sim_json_copy (rules);
        }
      if ((user->token && kf_sim_scenario_find_user_by_token (self, user->token)) ||
          kf_sim_scenario_find_user (self, user->name))
        return invalid (error, "user %s: the name and token must be unique", user->name);
      g_ptr_array_add (self->users, g_steal_pointer (&user));
    }
  return TRUE;
}

static gboolean
parse_failure (const char   *text,
               KfSimFailure *out)
{
  if (g_strcmp0 (text, "CrashLoopBackOff") == 0)
    *out = KF_SIM_FAILURE_CRASH_LOOP;
  else if (g_strcmp0 (text, "ImagePullBackOff") == 0)
    *out = KF_SIM_FAILURE_IMAGE_PULL;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_nodes (KfSimScenario *self,
             JsonNode      *nodes,
             GError       **error)
{
  JsonArray *arr;

  if (!JSON_NODE_HOLDS_ARRAY (nodes))
    return invalid (error, "\"nodes\" must be a list");
  arr = json_node_get_array (nodes);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      gint64 count = JSON_NODE_HOLDS_OBJECT (el) ? member_int (json_node_get_object (el), "count", 1) : 1;

      if (count < 1 || count > 1000)
        return invalid (error, "nodes[%u]: count must be between 1 and 1000", i);
      for (gint64 c = 0; c < count; c++)
        {
          g_autoptr(JsonNode) copy = kf_sim_json_copy (el);
          g_autoptr(GError) local = NULL;
          JsonNode *node;

          if (count > 1 && JSON_NODE_HOLDS_OBJECT (copy))
            {
              g_autofree char *base = member_text (json_node_get_object (copy), "name");
              g_autofree char *name = g_strdup_printf ("%s%" G_GINT64_FORMAT, base ? base : "node-", c);
              json_object_set_string_member (json_node_get_object (copy), "name", name);
            }
          node = kf_sim_scenario_build_node (copy, &local);
          if (node == NULL)
            return invalid (error, "nodes[%u]: %s", i, local->message);
          for (guint k = 0; k < self->nodes->len; k++)
            if (g_strcmp0 (kf_sim_json_get_string (self->nodes->pdata[k], "metadata.name"),
                           kf_sim_json_get_string (node, "metadata.name")) == 0)
              {
                json_node_unref (node);
                return invalid (error, "nodes[%u]: two nodes are named %s", i,
                                kf_sim_json_get_string (self->nodes->pdata[k], "metadata.name"));
              }
          g_ptr_array_add (self->nodes, node);
        }
    }
  return TRUE;
}

static KfSimScenario *
parse_scenario (JsonNode    *root,
                const char  *base_dir,
                GError     **error)
{
  g_autoptr(KfSimScenario) self = scenario_new ();
  JsonObject *o;
  JsonNode *member;
  const char *known[] = { "name", "nodes", "runtimes", "users", "failingModels", "autoscaler",
                          "objects", "faults", NULL };
  JsonObjectIter iter;
  const char *key;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, "a scenario must be a mapping with nodes, runtimes, users…");
      return NULL;
    }
  o = json_node_get_object (root);
  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &key, &member))
    if (!g_strv_contains (known, key))
      {
        invalid (error, "unknown scenario field \"%s\" (known: name, nodes, runtimes, users, "
                 "failingModels, autoscaler, objects, faults)", key);
        return NULL;
      }

  self->name = member_text (o, "name");
  if (self->name == NULL)
    self->name = g_strdup ("scenario");

  if ((member = json_object_get_member (o, "nodes")) != NULL && !parse_nodes (self, member, error))
    return NULL;

  if ((member = json_object_get_member (o, "runtimes")) != NULL)
    {
      g_strfreev (self->runtimes);
      self->runtimes = NULL;
      if (!parse_string_list (member, "runtimes", &self->runtimes, error))
        return NULL;
      for (guint i = 0; self->runtimes[i]; i++)
        if (!g_strv_contains ((const char *[]) { "dynamo", "kuberay", "kaito", NULL }, self->runtimes[i]))
          {
            invalid (error, "runtimes[%u]: unknown runtime \"%s\" (dynamo, kuberay or kaito)", i, self->runtimes[i]);
            return NULL;
          }
    }

  if ((member = json_object_get_member (o, "users")) != NULL && !parse_users (self, member, error))
    return NULL;

  if ((member = json_object_get_member (o, "failingModels")) != NULL)
    {
      JsonArray *arr;
      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          invalid (error, "\"failingModels\" must be a list of {model, failure}");
          return NULL;
        }
      arr = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *el = json_array_get_element (arr, i);
          const char *model = kf_sim_json_get_string (el, "model");
          const char *failure = kf_sim_json_get_string (el, "failure");
          KfSimFailure f = KF_SIM_FAILURE_CRASH_LOOP;

          if (model == NULL || (failure != NULL && !parse_failure (failure, &f)))
            {
              invalid (error, "failingModels[%u] needs a model and a failure (CrashLoopBackOff or ImagePullBackOff)", i);
              return NULL;
            }
          g_hash_table_insert (self->failing_models, g_strdup (model), GINT_TO_POINTER (f));
        }
    }

  if ((member = json_object_get_member (o, "autoscaler")) != NULL)
    {
      const char *text = kf_sim_json_get_string (member, "status");
      const char *file = kf_sim_json_get_string (member, "statusFile");
      g_autofree char *contents = NULL;

      if (file != NULL)
        {
          g_autofree char *path = g_path_is_absolute (file) || base_dir == NULL ?
                                  g_strdup (file) : g_build_filename (base_dir, file, NULL);
          g_autoptr(GError) local = NULL;
          if (!g_file_get_contents (path, &contents, NULL, &local))
            {
              invalid (error, "autoscaler.statusFile: %s", local->message);
              return NULL;
            }
          text = contents;
        }
      if (text == NULL)
        {
          invalid (error, "\"autoscaler\" needs \"status\" (text) or \"statusFile\" (a path)");
          return NULL;
        }
      self->autoscaler_status = json_node_init_string (json_node_alloc (), text);
    }

  if ((member = json_object_get_member (o, "objects")) != NULL)
    {
      JsonArray *arr;
      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          invalid (error, "\"objects\" must be a list of Kubernetes objects");
          return NULL;
        }
      arr = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *el = json_array_get_element (arr, i);
          if (kf_sim_json_get_string (el, "apiVersion") == NULL || kf_sim_json_get_string (el, "kind") == NULL ||
              kf_sim_json_get_string (el, "metadata.name") == NULL)
            {
              invalid (error, "objects[%u] needs apiVersion, kind and metadata.name", i);
              return NULL;
            }
          g_ptr_array_add (self->objects, kf_sim_json_copy (el));
        }
    }

  if ((member = json_object_get_member (o, "faults")) != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          invalid (error, "\"faults\" must be a mapping");
          return NULL;
        }
      self->faults = kf_sim_json_copy (member);
    }
  return g_steal_pointer (&self);
}

KfSimScenario *
kf_sim_scenario_load_data (const char  *data,
                           gssize       length,
                           const char  *base_dir,
                           GError     **error)
{
  g_autoptr(JsonNode) root = kf_yaml_parse (data, length, error);

  if (root == NULL)
    return NULL;
  return parse_scenario (root, base_dir, error);
}

KfSimScenario *
kf_sim_scenario_new_builtin (void)
{
  g_autoptr(GError) error = NULL;
  KfSimScenario *self = kf_sim_scenario_load_data (builtin_scenario, -1, NULL, &error);

  if (self == NULL)
    g_error ("built-in scenario: %s", error->message);
  return self;
}

KfSimScenario *
kf_sim_scenario_load (const char  *path,
                      GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *dir = NULL;
  KfSimScenario *self;

  root = kf_yaml_parse_file (path, &local);
  if (root == NULL)
    {
      g_set_error (error, KF_SIM_SCENARIO_ERROR, KF_SIM_SCENARIO_ERROR_INVALID,
                   "%s: %s", path, local->message);
      return NULL;
    }
  dir = g_path_get_dirname (path);
  self = parse_scenario (root, dir, &local);
  if (self == NULL)
    g_set_error (error, KF_SIM_SCENARIO_ERROR, KF_SIM_SCENARIO_ERROR_INVALID,
                 "%s: %s", path, local->message);
  return self;
}

KfSimFailure
kf_sim_scenario_model_failure (KfSimScenario *self,
                               const char    *model_id)
{
  if (self == NULL || model_id == NULL)
    return KF_SIM_FAILURE_NONE;
  return GPOINTER_TO_INT (g_hash_table_lookup (self->failing_models, model_id));
}

KfSimUser *
kf_sim_scenario_find_user_by_token (KfSimScenario *self,
                                    const char    *token)
{
  for (guint i = 0; token != NULL && i < self->users->len; i++)
    {
      KfSimUser *u = self->users->pdata[i];
      if (u->token != NULL && strcmp (u->token, token) == 0)
        return u;
    }
  return NULL;
}

KfSimUser *
kf_sim_scenario_find_user_by_cn (KfSimScenario *self,
                                 const char    *cn)
{
  for (guint i = 0; cn != NULL && i < self->users->len; i++)
    {
      KfSimUser *u = self->users->pdata[i];
      if (u->client_cn != NULL && strcmp (u->client_cn, cn) == 0)
        return u;
    }
  return NULL;
}

KfSimUser *
kf_sim_scenario_find_user (KfSimScenario *self,
                           const char    *name)
{
  for (guint i = 0; name != NULL && i < self->users->len; i++)
    {
      KfSimUser *u = self->users->pdata[i];
      if (strcmp (u->name, name) == 0)
        return u;
    }
  return NULL;
}
