/* kf-kuberay-provider.c: Ray Serve via KubeRay — RayService (reference §4.2)
 *
 * spec.serveConfigV2 is a YAML document in a string; we build it as JSON and
 * emit it with kf_yaml_emit (the original hand-serialized it).
 *
 * Differences from the original, on purpose:
 * - worker groups' maxReplicas (and Serve's max_replicas) are raised to the
 *   requested replica count when it is above the default 2, so the replicas
 *   the user asked for are within the group's bounds;
 * - the HuggingFace token Secret is referenced with optional: true, so models
 *   that need no token start even when no Secret exists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-providers"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-kuberay-provider.h"
#include "kf-provider-private.h"
#include "kf-yaml.h"

#define KUBERAY_VERSION        "1.5.1"
#define RAY_IMAGE              "rayproject/ray-llm:2.52.0-py311-cu128"
#define HEAD_CPU               "4"
#define HEAD_MEMORY            "32Gi"
#define WORKER_CPU             "8"
#define WORKER_MEMORY          "64Gi"
#define MIN_REPLICAS           1
#define MAX_REPLICAS           2
#define GPU_MEMORY_UTILIZATION 0.9
#define MAX_NUM_SEQS           40
#define DEFAULT_MAX_MODEL_LEN  16384
#define KV_CONNECTOR           "NixlConnector"
#define SERVE_PORT             8000

struct _KfKuberayProvider
{
  GObject parent_instance;
};

static void kf_kuberay_provider_iface_init (KfProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KfKuberayProvider, kf_kuberay_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KF_TYPE_PROVIDER, kf_kuberay_provider_iface_init))

static const KfEngine kuberay_engines[] = { KF_ENGINE_VLLM };
static const char * const kuberay_crds[] = { "rayservices.ray.io", NULL };
static const char * const kuberay_selectors[] = {
  "app.kubernetes.io/name=kuberay-operator",
  "app=kuberay-operator",
  NULL
};

static const KfHelmRepo kuberay_repos[] = {
  { "kuberay", "https://ray-project.github.io/kuberay-helm/" },
};

static const KfHelmChart kuberay_charts[] = {
  {
    .release = "kuberay-operator",
    .chart = "kuberay/kuberay-operator",
    .version = KUBERAY_VERSION,
    .namespace = "kuberay-system",
    .create_namespace = TRUE,
  },
};

static const KfInstallationStep kuberay_steps[] = {
  { N_("Add the KubeRay Helm repository"), "helm repo add kuberay https://ray-project.github.io/kuberay-helm/", NULL },
  { N_("Update the Helm repositories"), "helm repo update", NULL },
  {
    N_("Install the KubeRay operator"),
    "helm install kuberay-operator kuberay/kuberay-operator --namespace kuberay-system --create-namespace --version " KUBERAY_VERSION,
    NULL
  },
};

static const KfProviderInfo kuberay_info = {
  .id = "kuberay",
  .name = "KubeRay",
  .description = N_("Ray Serve via KubeRay: Ray-based serving with autoscaling"),
  .default_namespace = "kuberay-system",
  .version = KUBERAY_VERSION,
  .crd = {
    .group = "ray.io",
    .version = "v1",
    .plural = "rayservices",
    .kind = "RayService",
    .api_version = "ray.io/v1",
    .crd_name = "rayservices.ray.io",
  },
  .engines = kuberay_engines,
  .n_engines = G_N_ELEMENTS (kuberay_engines),
  .supports_disaggregated = TRUE,
  .installation = {
    .crd_names = kuberay_crds,
    .operator_namespace = "kuberay-system",
    .operator_selectors = kuberay_selectors,
  },
  .helm_repos = kuberay_repos,
  .n_helm_repos = G_N_ELEMENTS (kuberay_repos),
  .helm_charts = kuberay_charts,
  .n_helm_charts = G_N_ELEMENTS (kuberay_charts),
  .steps = kuberay_steps,
  .n_steps = G_N_ELEMENTS (kuberay_steps),
  .uninstall_crds = NULL,
  .uninstall_namespace = "kuberay-system",
  .metrics_service_suffix = "-head-svc",
  .metrics_port = 8080,
  .metrics_path = "/metrics",
};

static const KfProviderInfo *
kf_kuberay_provider_get_info (KfProvider *provider)
{
  return &kuberay_info;
}

/* KubeRay's own limit: the RayCluster gets the name plus 6 characters and its
 * "<cluster>-serve-svc" Service must stay a 63-character label (KubeRay's
 * MaxRayServiceNameLength), and the name must be a DNS-1035 label. */
#define MAX_RAYSERVICE_NAME 47

static void
kf_kuberay_provider_validate (KfProvider               *provider,
                              const KfDeploymentConfig *config,
                              GPtrArray                *issues)
{
  if (config->name != NULL && strlen (config->name) > MAX_RAYSERVICE_NAME)
    kf_issues_add (issues, "name", _("KubeRay needs a name of at most %d characters (this one has %u)."),
                   MAX_RAYSERVICE_NAME, (guint) strlen (config->name));
  else if (config->name != NULL && config->name[0] != '\0' && !g_ascii_isalpha (config->name[0]))
    kf_issues_add (issues, "name", _("KubeRay needs a name that starts with a letter."));
  kf_validate_gpu_workers (config, issues);
}

static JsonObject *
llm_config (const KfDeploymentConfig *config,
            const char               *role,   /* NULL, "prefill", "decode" */
            guint                     replicas)
{
  JsonObject *llm = json_object_new ();
  JsonObject *loading = kf_json_child_object (llm, "model_loading_config");
  JsonObject *deployment = kf_json_child_object (llm, "deployment_config");
  JsonObject *autoscaling = kf_json_child_object (deployment, "autoscaling_config");
  JsonObject *kwargs = kf_json_child_object (llm, "engine_kwargs");

  json_object_set_string_member (loading, "model_id", kf_deployment_config_get_served_name (config));
  json_object_set_string_member (loading, "model_source", config->model_id);

  json_object_set_int_member (autoscaling, "min_replicas", MIN_REPLICAS);
  json_object_set_int_member (autoscaling, "max_replicas", MAX (MAX_REPLICAS, replicas));
  if (role != NULL)
    {
      JsonObject *resources = kf_json_child_object (kf_json_child_object (deployment, "ray_actor_options"), "resources");
      g_autofree char *node_resource = g_strconcat (role, "_node", NULL);

      json_object_set_int_member (resources, node_resource, 1);
    }

  json_object_set_int_member (kwargs, "tensor_parallel_size", 1);
  if (role == NULL)
    json_object_set_int_member (kwargs, "pipeline_parallel_size", 1);
  json_object_set_double_member (kwargs, "gpu_memory_utilization", GPU_MEMORY_UTILIZATION);
  json_object_set_string_member (kwargs, "dtype", "auto");
  json_object_set_int_member (kwargs, "max_num_seqs", MAX_NUM_SEQS);
  json_object_set_int_member (kwargs, "max_model_len",
                              config->context_length > 0 ? config->context_length : DEFAULT_MAX_MODEL_LEN);
  json_object_set_boolean_member (kwargs, "enable_chunked_prefill", TRUE);
  json_object_set_boolean_member (kwargs, "enable_prefix_caching", config->enable_prefix_caching);
  json_object_set_boolean_member (kwargs, "enforce_eager", config->enforce_eager);
  if (config->trust_remote_code)
    json_object_set_boolean_member (kwargs, "trust_remote_code", TRUE);
  for (guint i = 0; config->engine_args != NULL && i < config->engine_args->len; i++)
    {
      const KfEngineArg *arg = g_ptr_array_index (config->engine_args, i);
      g_autofree char *key = g_strdelimit (g_strdup (arg->key), "-", '_');

      if (arg->value == NULL || g_str_equal (arg->value, "true"))
        json_object_set_boolean_member (kwargs, key, TRUE);
      else
        json_object_set_string_member (kwargs, key, arg->value);
    }
  if (role != NULL)
    {
      JsonObject *kv = kf_json_child_object (kwargs, "kv_transfer_config");

      json_object_set_string_member (kv, "kv_connector", KV_CONNECTOR);
      json_object_set_string_member (kv, "kv_role", g_str_equal (role, "prefill") ? "kv_producer" : "kv_consumer");
    }
  return llm;
}

static char *
serve_config (const KfDeploymentConfig *config)
{
  g_autoptr(JsonNode) root = kf_json_node_from_object (json_object_new ());
  JsonArray *apps = kf_json_child_array (json_node_get_object (root), "applications");
  JsonObject *app = kf_json_array_add_object (apps);
  JsonObject *args;
  g_autoptr(GError) error = NULL;
  char *yaml;

  if (config->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED)
    {
      json_object_set_string_member (app, "name", "pd-disaggregation");
      json_object_set_string_member (app, "import_path", "ray.serve.llm:build_pd_openai_app");
    }
  else
    {
      json_object_set_string_member (app, "name", "llm_app");
      json_object_set_string_member (app, "import_path", "ray.serve.llm:build_openai_app");
    }
  json_object_set_string_member (app, "route_prefix", "/");
  json_object_set_string_member (kf_json_child_object (kf_json_child_object (app, "runtime_env"), "env_vars"),
                                 "VLLM_USE_V1", "1");
  args = kf_json_child_object (app, "args");
  if (config->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED)
    {
      json_object_set_object_member (args, "prefill_config", llm_config (config, "prefill", config->prefill_replicas));
      json_object_set_object_member (args, "decode_config", llm_config (config, "decode", config->decode_replicas));
    }
  else
    json_array_add_object_element (kf_json_child_array (args, "llm_configs"),
                                   llm_config (config, NULL, config->replicas));

  yaml = kf_yaml_emit (root, &error);
  /* the emitter only fails on memory exhaustion or invalid UTF-8 in the config */
  if (yaml == NULL)
    {
      g_warning ("Cannot emit serveConfigV2: %s", error->message);
      yaml = g_strdup ("");
    }
  return yaml;
}

static void
add_env_from_secret (JsonObject               *container,
                     const KfDeploymentConfig *config)
{
  JsonObject *secret_ref = kf_json_child_object (kf_json_array_add_object (kf_json_child_array (container, "envFrom")),
                                                 "secretRef");

  json_object_set_string_member (secret_ref, "name", config->hf_token_secret);
  json_object_set_boolean_member (secret_ref, "optional", TRUE);
}

static void
set_cpu_memory (JsonObject *container,
                const char *cpu,
                const char *memory,
                guint       gpus)
{
  JsonObject *resources = kf_json_child_object (container, "resources");
  const char *sections[] = { "requests", "limits" };
  g_autofree char *gpu = g_strdup_printf ("%u", gpus);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      JsonObject *section = kf_json_child_object (resources, sections[i]);

      json_object_set_string_member (section, "cpu", cpu);
      json_object_set_string_member (section, "memory", memory);
      if (gpus > 0)
        json_object_set_string_member (section, "nvidia.com/gpu", gpu);
    }
}

static void
add_port (JsonArray  *ports,
          guint       port,
          const char *name)
{
  JsonObject *p = kf_json_array_add_object (ports);

  json_object_set_int_member (p, "containerPort", port);
  json_object_set_string_member (p, "name", name);
}

static void
add_worker_group (JsonArray                *groups,
                  const KfDeploymentConfig *config,
                  const char               *name,
                  const char               *role,
                  guint                     replicas,
                  guint                     gpus)
{
  JsonObject *group = kf_json_array_add_object (groups);
  JsonObject *params;
  JsonObject *pod_spec;
  JsonObject *container;
  JsonObject *toleration;
  const char *memory = config->memory != NULL && config->memory[0] != '\0' ? config->memory : WORKER_MEMORY;

  json_object_set_string_member (group, "groupName", name);
  json_object_set_int_member (group, "replicas", replicas);
  json_object_set_int_member (group, "minReplicas", MIN_REPLICAS);
  json_object_set_int_member (group, "maxReplicas", MAX (MAX_REPLICAS, replicas));
  params = kf_json_child_object (group, "rayStartParams");
  pod_spec = kf_json_child_object (kf_json_child_object (group, "template"), "spec");
  container = kf_json_array_add_object (kf_json_child_array (pod_spec, "containers"));
  if (role != NULL)
    {
      g_autofree char *resources = g_strdup_printf ("{\"%s_node\": 1}", role);

      json_object_set_string_member (params, "resources", resources);
    }

  json_object_set_string_member (container, "name", "ray-worker");
  json_object_set_string_member (container, "image", RAY_IMAGE);
  set_cpu_memory (container, WORKER_CPU, memory, gpus);
  add_env_from_secret (container, config);

  toleration = kf_json_array_add_object (kf_json_child_array (pod_spec, "tolerations"));
  json_object_set_string_member (toleration, "key", "nvidia.com/gpu");
  json_object_set_string_member (toleration, "operator", "Exists");
  json_object_set_string_member (toleration, "effect", "NoSchedule");
}

static GPtrArray *
kf_kuberay_provider_generate_manifests (KfProvider               *provider,
                                        const KfDeploymentConfig *config,
                                        const char               *namespace)
{
  GPtrArray *manifests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonObject *cr = kf_manifest_new (kuberay_info.crd.api_version, kuberay_info.crd.kind,
                                    config->name, namespace, kuberay_info.id, config);
  JsonObject *spec = kf_json_child_object (cr, "spec");
  JsonObject *cluster;
  JsonObject *head;
  JsonObject *head_spec;
  JsonObject *container;
  JsonArray *ports;
  JsonArray *groups;
  g_autofree char *serve = serve_config (config);

  json_object_set_string_member (spec, "serveConfigV2", serve);
  cluster = kf_json_child_object (spec, "rayClusterConfig");

  head = kf_json_child_object (cluster, "headGroupSpec");
  json_object_set_string_member (kf_json_child_object (head, "rayStartParams"), "num-gpus", "0");
  head_spec = kf_json_child_object (kf_json_child_object (head, "template"), "spec");
  container = kf_json_array_add_object (kf_json_child_array (head_spec, "containers"));
  json_object_set_string_member (container, "name", "ray-head");
  json_object_set_string_member (container, "image", RAY_IMAGE);
  set_cpu_memory (container, HEAD_CPU, HEAD_MEMORY, 0);
  ports = kf_json_child_array (container, "ports");
  add_port (ports, 6379, "gcs-server");
  add_port (ports, 8265, "dashboard");
  add_port (ports, 10001, "client");
  add_port (ports, SERVE_PORT, "serve");
  add_env_from_secret (container, config);

  groups = kf_json_child_array (cluster, "workerGroupSpecs");
  if (config->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED)
    {
      add_worker_group (groups, config, "prefill-group", "prefill", config->prefill_replicas, config->prefill_gpus);
      add_worker_group (groups, config, "decode-group", "decode", config->decode_replicas, config->decode_gpus);
    }
  else
    add_worker_group (groups, config, "gpu-group", NULL, config->replicas, config->gpus_per_replica);

  g_ptr_array_add (manifests, kf_json_node_from_object (cr));
  return manifests;
}

static JsonObject *
first_llm_config (JsonObject *serve,
                  gboolean   *disaggregated)
{
  JsonArray *apps = kf_json_get_array (serve, "applications");

  for (guint i = 0; apps != NULL && i < json_array_get_length (apps); i++)
    {
      JsonNode *node = json_array_get_element (apps, i);
      JsonObject *app;
      JsonArray *configs;
      JsonObject *llm;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      app = json_node_get_object (node);
      if (g_strcmp0 (kf_json_get_string (app, "import_path"), "ray.serve.llm:build_pd_openai_app") == 0 ||
          g_strcmp0 (kf_json_get_string (app, "name"), "pd-disaggregation") == 0)
        *disaggregated = TRUE;
      llm = kf_json_get_object (app, "args.prefill_config");
      if (llm != NULL)
        return llm;
      configs = kf_json_get_array (app, "args.llm_configs");
      if (configs != NULL && json_array_get_length (configs) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (configs, 0)))
        return json_node_get_object (json_array_get_element (configs, 0));
    }
  return NULL;
}

static void
kf_kuberay_provider_parse_status (KfProvider         *provider,
                                  JsonObject         *cr,
                                  KfDeploymentStatus *st)
{
  JsonObject *spec = kf_json_get_object (cr, "spec");
  JsonObject *status = kf_json_get_object (cr, "status");
  JsonObject *cluster_status = kf_json_get_object (status, "activeServiceStatus.rayClusterStatus");
  const char *serve_text = kf_json_get_string (spec, "serveConfigV2");
  JsonArray *groups = kf_json_get_array (spec, "rayClusterConfig.workerGroupSpecs");
  g_autofree char *service_status = NULL;
  gboolean disaggregated = FALSE;
  guint desired = 0, prefill_desired = 0, decode_desired = 0;
  guint v;

  st->engine = KF_ENGINE_VLLM;

  if (serve_text != NULL)
    {
      g_autoptr(JsonNode) serve = kf_yaml_parse (serve_text, -1, NULL);
      JsonObject *llm = NULL;

      if (serve != NULL && JSON_NODE_HOLDS_OBJECT (serve))
        llm = first_llm_config (json_node_get_object (serve), &disaggregated);
      if (strstr (serve_text, "build_pd_openai_app") != NULL || strstr (serve_text, "pd-disaggregation") != NULL)
        disaggregated = TRUE;
      st->model_id = g_strdup (kf_json_get_string (llm, "model_loading_config.model_source"));
      st->served_model_name = g_strdup (kf_json_get_string (llm, "model_loading_config.model_id"));
      if (st->model_id == NULL)
        st->model_id = g_strdup (st->served_model_name);
    }
  st->mode = disaggregated ? KF_DEPLOYMENT_MODE_DISAGGREGATED : KF_DEPLOYMENT_MODE_AGGREGATED;

  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      JsonNode *node = json_array_get_element (groups, i);
      JsonObject *group;
      guint replicas = 0;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      group = json_node_get_object (node);
      if (!kf_json_get_uint (group, "replicas", &replicas))
        kf_json_get_uint (group, "minReplicas", &replicas);
      desired += replicas;
      name = kf_json_get_string (group, "groupName");
      if (name != NULL && strstr (name, "prefill") != NULL)
        prefill_desired += replicas;
      else if (name != NULL && strstr (name, "decode") != NULL)
        decode_desired += replicas;
    }

  st->desired_replicas = desired;
  if (kf_json_get_uint (cluster_status, "desiredWorkerReplicas", &v))
    st->desired_replicas = v;
  if (kf_json_get_uint (cluster_status, "availableWorkerReplicas", &v))
    st->available_replicas = v;
  st->ready_replicas = st->available_replicas;
  if (kf_json_get_uint (cluster_status, "readyWorkerReplicas", &v))
    st->ready_replicas = v;

  if (disaggregated)
    {
      guint total = prefill_desired + decode_desired;

      st->prefill_desired = prefill_desired;
      st->decode_desired = decode_desired;
      /* KubeRay reports one count for all groups: shared out proportionally, as the original */
      if (total > 0)
        {
          st->prefill_ready = MIN (prefill_desired, (st->ready_replicas * prefill_desired + total / 2) / total);
          st->decode_ready = MIN (decode_desired, st->ready_replicas - MIN (st->ready_replicas, st->prefill_ready));
        }
    }

  st->frontend_service = g_strdup_printf ("%s-serve-svc", st->name != NULL ? st->name : "");
  st->frontend_port = SERVE_PORT;

  /* Phase from status.serviceStatus (the original); newer KubeRay dropped it for
   * conditions, so a Ready condition that is True also means Running. */
  if (kf_json_get_string (status, "serviceStatus") != NULL)
    service_status = g_ascii_strdown (kf_json_get_string (status, "serviceStatus"), -1);
  if (service_status != NULL && (g_str_equal (service_status, "running") || g_str_equal (service_status, "ready")))
    st->phase = KF_DEPLOYMENT_PHASE_RUNNING;
  else if (service_status != NULL && (g_str_equal (service_status, "failed") || g_str_equal (service_status, "unhealthy")))
    st->phase = KF_DEPLOYMENT_PHASE_FAILED;
  else if (service_status != NULL && (strstr (service_status, "deploy") != NULL || strstr (service_status, "pending") != NULL))
    st->phase = KF_DEPLOYMENT_PHASE_DEPLOYING;
  else if (kf_conditions_true (status, "Ready"))
    st->phase = KF_DEPLOYMENT_PHASE_RUNNING;
  else
    st->phase = KF_DEPLOYMENT_PHASE_PENDING;

  kf_status_set_message (st, kf_conditions_message (status, st->phase == KF_DEPLOYMENT_PHASE_RUNNING ? "Ready" : NULL));
}

static void
kf_kuberay_provider_iface_init (KfProviderInterface *iface)
{
  iface->get_info = kf_kuberay_provider_get_info;
  iface->validate = kf_kuberay_provider_validate;
  iface->generate_manifests = kf_kuberay_provider_generate_manifests;
  iface->parse_status = kf_kuberay_provider_parse_status;
}

static void
kf_kuberay_provider_class_init (KfKuberayProviderClass *klass)
{
}

static void
kf_kuberay_provider_init (KfKuberayProvider *self)
{
}

KfProvider *
kf_kuberay_provider_new (void)
{
  return g_object_new (KF_TYPE_KUBERAY_PROVIDER, NULL);
}
