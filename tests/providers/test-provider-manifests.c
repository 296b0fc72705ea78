/* test-provider-manifests.c: what the providers generate — contents, golden YAML,
 * and conformance of every provider × mode × engine combination to the real CRDs
 *
 * Set KF_UPDATE_GOLDEN=1 to rewrite the golden files in tests/data/providers (then check them by eye).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-kaito-provider.h"
#include "kf-provider-registry.h"
#include "kf-schema.h"
#include "kf-yaml.h"

static KfProvider *
provider (const char *id)
{
  KfProvider *p = kf_provider_registry_lookup (kf_provider_registry_get_default (), id);

  g_assert_nonnull (p);
  return p;
}

static KfDeploymentConfig *
base_config (const char *provider_id,
             const char *name,
             const char *model)
{
  KfDeploymentConfig *config = kf_deployment_config_new ();

  config->provider_id = g_strdup (provider_id);
  config->name = g_strdup (name);
  config->model_id = g_strdup (model);
  return config;
}

static GPtrArray *
generate (const char         *provider_id,
          KfDeploymentConfig *config)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *manifests = kf_provider_generate_manifests (provider (provider_id), config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (manifests);
  g_assert_cmpuint (manifests->len, >=, 1);
  return manifests;
}

static JsonObject *
obj (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

/* walks "a.b.c" through objects; "[n]" indexes arrays: "containers.[0].image" */
static JsonNode *
at (JsonNode   *root,
    const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '[')
        {
          guint64 index = g_ascii_strtoull (parts[i] + 1, NULL, 10);

          if (!JSON_NODE_HOLDS_ARRAY (node) || index >= json_array_get_length (json_node_get_array (node)))
            return NULL;
          node = json_array_get_element (json_node_get_array (node), index);
        }
      else
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          node = json_object_get_member (json_node_get_object (node), parts[i]);
          if (node == NULL)
            return NULL;
        }
    }
  return node;
}

static const char *
str_at (JsonNode   *root,
        const char *path)
{
  JsonNode *node = at (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
int_at (JsonNode   *root,
        const char *path)
{
  JsonNode *node = at (root, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64);
  return json_node_get_int (node);
}

static void
assert_common_labels (JsonNode   *manifest,
                      const char *provider_id,
                      const char *name)
{
  JsonObject *labels = obj (at (manifest, "metadata.labels"));

  g_assert_cmpstr (json_object_get_string_member (labels, "kubefoundry.io/provider"), ==, provider_id);
  g_assert_cmpstr (json_object_get_string_member (labels, "app.kubernetes.io/name"), ==, "kubefoundry");
  g_assert_cmpstr (json_object_get_string_member (labels, "app.kubernetes.io/instance"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (labels, "app.kubernetes.io/managed-by"), ==, "kubefoundry");
}

/* Dynamo */

static void
test_dynamo_aggregated (void)
{
  g_autoptr(KfDeploymentConfig) config = base_config ("dynamo", "qwen3", "Qwen/Qwen3-0.6B");
  g_autoptr(GPtrArray) manifests = NULL;
  JsonNode *cr;
  const char *args;

  config->replicas = 3;
  config->gpus_per_replica = 2;
  config->router_mode = KF_ROUTER_MODE_KV;
  config->enable_prefix_caching = TRUE;
  config->context_length = 8192;
  kf_deployment_config_add_engine_arg (config, "gpu-memory-utilization", "0.85");
  kf_deployment_config_add_engine_arg (config, "--disable-log-requests", NULL);
  manifests = generate ("dynamo", config);
  g_assert_cmpuint (manifests->len, ==, 1);
  cr = g_ptr_array_index (manifests, 0);

  g_assert_cmpstr (str_at (cr, "apiVersion"), ==, "nvidia.com/v1alpha1");
  g_assert_cmpstr (str_at (cr, "kind"), ==, "DynamoGraphDeployment");
  g_assert_cmpstr (str_at (cr, "metadata.name"), ==, "qwen3");
  g_assert_cmpstr (str_at (cr, "metadata.namespace"), ==, "dynamo-system");
  assert_common_labels (cr, "dynamo", "qwen3");
  g_assert_cmpstr (str_at (cr, "spec.backendFramework"), ==, "vllm");

  g_assert_cmpstr (str_at (cr, "spec.services.Frontend.componentType"), ==, "frontend");
  g_assert_cmpstr (str_at (cr, "spec.services.Frontend.dynamoNamespace"), ==, "qwen3");
  g_assert_cmpint (int_at (cr, "spec.services.Frontend.replicas"), ==, 1);
  g_assert_cmpstr (str_at (cr, "spec.services.Frontend.envs.[0].name"), ==, "DYN_ROUTER_MODE");
  g_assert_cmpstr (str_at (cr, "spec.services.Frontend.envs.[0].value"), ==, "kv");
  g_assert_cmpstr (str_at (cr, "spec.services.Frontend.extraPodSpec.mainContainer.image"), ==,
                   "nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.7.1");
  g_assert_cmpstr (str_at (cr, "spec.services.Frontend.extraPodSpec.mainContainer.workingDir"), ==,
                   "/workspace/examples/backends/vllm");

  g_assert_cmpstr (str_at (cr, "spec.services.VllmWorker.componentType"), ==, "worker");
  g_assert_null (at (cr, "spec.services.VllmWorker.subComponentType"));
  g_assert_cmpint (int_at (cr, "spec.services.VllmWorker.replicas"), ==, 3);
  g_assert_cmpstr (str_at (cr, "spec.services.VllmWorker.envFromSecret"), ==, "hf-token-secret");
  g_assert_cmpstr (str_at (cr, "spec.services.VllmWorker.resources.limits.gpu"), ==, "2");
  g_assert_cmpstr (str_at (cr, "spec.services.VllmWorker.resources.requests.gpu"), ==, "2");
  g_assert_cmpstr (str_at (cr, "spec.services.VllmWorker.extraPodSpec.mainContainer.command.[0]"), ==, "/bin/sh");
  g_assert_cmpstr (str_at (cr, "spec.services.VllmWorker.extraPodSpec.mainContainer.command.[1]"), ==, "-c");
  args = str_at (cr, "spec.services.VllmWorker.extraPodSpec.mainContainer.args.[0]");
  g_assert_cmpstr (args, ==,
                   "python3 -m dynamo.vllm --model Qwen/Qwen3-0.6B --served-model-name Qwen/Qwen3-0.6B "
                   "--enforce-eager --enable-prefix-caching --max-model-len 8192 "
                   "--gpu-memory-utilization 0.85 --disable-log-requests");
  g_assert_null (at (cr, "spec.services.VllmWorker.extraPodSpec.mainContainer.args.[1]"));
}

static void
test_dynamo_disaggregated (void)
{
  const struct { KfEngine engine; const char *prefix; const char *image; const char *prefill_flag; const char *decode_flag; } cases[] = {
    { KF_ENGINE_VLLM, "Vllm", "vllm-runtime", "--is-prefill-worker", NULL },
    { KF_ENGINE_SGLANG, "Sglang", "sglang-runtime", "--disaggregation-mode prefill", "--disaggregation-mode decode" },
    { KF_ENGINE_TRTLLM, "Trtllm", "tensorrtllm-runtime", "--disaggregation-mode prefill", "--disaggregation-mode decode" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KfDeploymentConfig) config = base_config ("dynamo", "pd", "meta-llama/Llama-3.1-8B-Instruct");
      g_autoptr(GPtrArray) manifests = NULL;
      g_autofree char *prefill = g_strconcat ("spec.services.", cases[i].prefix, "PrefillWorker", NULL);
      g_autofree char *decode = g_strconcat ("spec.services.", cases[i].prefix, "DecodeWorker", NULL);
      g_autofree char *path = NULL;
      g_autofree char *image = g_strconcat ("nvcr.io/nvidia/ai-dynamo/", cases[i].image, ":0.7.1", NULL);
      JsonNode *cr;
      const char *args;

      config->engine = cases[i].engine;
      config->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
      config->prefill_replicas = 2;
      config->prefill_gpus = 1;
      config->decode_replicas = 3;
      config->decode_gpus = 4;
      config->enforce_eager = FALSE;
      manifests = generate ("dynamo", config);
      cr = g_ptr_array_index (manifests, 0);

      /* disaggregated without a router gets round-robin */
      g_assert_cmpstr (str_at (cr, "spec.services.Frontend.envs.[0].value"), ==, "round-robin");
      g_assert_cmpstr (str_at (cr, "spec.backendFramework"), ==, kf_engine_to_string (cases[i].engine));

      path = g_strconcat (prefill, ".subComponentType", NULL);
      g_assert_cmpstr (str_at (cr, path), ==, "prefill");
      g_clear_pointer (&path, g_free);
      path = g_strconcat (prefill, ".replicas", NULL);
      g_assert_cmpint (int_at (cr, path), ==, 2);
      g_clear_pointer (&path, g_free);
      path = g_strconcat (prefill, ".resources.limits.gpu", NULL);
      g_assert_cmpstr (str_at (cr, path), ==, "1");
      g_clear_pointer (&path, g_free);
      path = g_strconcat (prefill, ".extraPodSpec.mainContainer.image", NULL);
      g_assert_cmpstr (str_at (cr, path), ==, image);
      g_clear_pointer (&path, g_free);
      path = g_strconcat (prefill, ".extraPodSpec.mainContainer.args.[0]", NULL);
      args = str_at (cr, path);
      g_assert_nonnull (strstr (args, cases[i].prefill_flag));
      g_assert_null (strstr (args, "--enforce-eager"));
      g_assert_true (g_str_has_prefix (args, "python3 -m dynamo."));
      g_clear_pointer (&path, g_free);

      path = g_strconcat (decode, ".subComponentType", NULL);
      g_assert_cmpstr (str_at (cr, path), ==, "decode");
      g_clear_pointer (&path, g_free);
      path = g_strconcat (decode, ".replicas", NULL);
      g_assert_cmpint (int_at (cr, path), ==, 3);
      g_clear_pointer (&path, g_free);
      path = g_strconcat (decode, ".resources.requests.gpu", NULL);
      g_assert_cmpstr (str_at (cr, path), ==, "4");
      g_clear_pointer (&path, g_free);
      path = g_strconcat (decode, ".extraPodSpec.mainContainer.args.[0]", NULL);
      args = str_at (cr, path);
      if (cases[i].decode_flag != NULL)
        g_assert_nonnull (strstr (args, cases[i].decode_flag));
      g_assert_null (strstr (args, "prefill"));

      /* no aggregated worker */
      g_clear_pointer (&path, g_free);
      path = g_strconcat ("spec.services.", cases[i].prefix, "Worker", NULL);
      g_assert_null (at (cr, path));
    }
}

static void
test_dynamo_shell_quoting (void)
{
  g_autoptr(KfDeploymentConfig) config = base_config ("dynamo", "quoting", "org/model");
  g_autoptr(GPtrArray) manifests = NULL;
  g_auto(GStrv) argv = NULL;
  const char *args;

  kf_deployment_config_add_engine_arg (config, "chat-template", "{% for m in messages %}$HOME; rm -rf /");
  manifests = generate ("dynamo", config);
  args = str_at (g_ptr_array_index (manifests, 0), "spec.services.VllmWorker.extraPodSpec.mainContainer.args.[0]");
  /* /bin/sh -c sees the value as one word, nothing expanded */
  g_assert_true (g_shell_parse_argv (args, NULL, &argv, NULL));
  g_assert_cmpstr (argv[g_strv_length (argv) - 2], ==, "--chat-template");
  g_assert_cmpstr (argv[g_strv_length (argv) - 1], ==, "{% for m in messages %}$HOME; rm -rf /");
}

/* KubeRay */

static JsonNode *
serve_config (JsonNode *cr)
{
  g_autoptr(GError) error = NULL;
  const char *text = str_at (cr, "spec.serveConfigV2");
  JsonNode *serve;

  g_assert_nonnull (text);
  serve = kf_yaml_parse (text, -1, &error);
  g_assert_no_error (error);
  return serve;
}

static void
test_kuberay_aggregated (void)
{
  g_autoptr(KfDeploymentConfig) config = base_config ("kuberay", "qwen-ray", "Qwen/Qwen2.5-7B-Instruct");
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(JsonNode) serve = NULL;
  JsonNode *cr;

  config->replicas = 4;
  config->gpus_per_replica = 2;
  config->served_model_name = g_strdup ("qwen");
  config->trust_remote_code = TRUE;
  config->context_length = 4096;
  manifests = generate ("kuberay", config);
  g_assert_cmpuint (manifests->len, ==, 1);
  cr = g_ptr_array_index (manifests, 0);

  g_assert_cmpstr (str_at (cr, "apiVersion"), ==, "ray.io/v1");
  g_assert_cmpstr (str_at (cr, "kind"), ==, "RayService");
  g_assert_cmpstr (str_at (cr, "metadata.namespace"), ==, "kuberay-system");
  assert_common_labels (cr, "kuberay", "qwen-ray");

  serve = serve_config (cr);
  g_assert_cmpstr (str_at (serve, "applications.[0].name"), ==, "llm_app");
  g_assert_cmpstr (str_at (serve, "applications.[0].import_path"), ==, "ray.serve.llm:build_openai_app");
  g_assert_cmpstr (str_at (serve, "applications.[0].route_prefix"), ==, "/");
  g_assert_cmpstr (str_at (serve, "applications.[0].runtime_env.env_vars.VLLM_USE_V1"), ==, "1");
  g_assert_cmpstr (str_at (serve, "applications.[0].args.llm_configs.[0].model_loading_config.model_id"), ==, "qwen");
  g_assert_cmpstr (str_at (serve, "applications.[0].args.llm_configs.[0].model_loading_config.model_source"), ==,
                   "Qwen/Qwen2.5-7B-Instruct");
  g_assert_cmpint (int_at (serve, "applications.[0].args.llm_configs.[0].engine_kwargs.max_model_len"), ==, 4096);
  g_assert_cmpint (int_at (serve, "applications.[0].args.llm_configs.[0].engine_kwargs.tensor_parallel_size"), ==, 1);
  g_assert_cmpfloat (json_node_get_double (at (serve, "applications.[0].args.llm_configs.[0].engine_kwargs.gpu_memory_utilization")), ==, 0.9);
  g_assert_true (json_node_get_boolean (at (serve, "applications.[0].args.llm_configs.[0].engine_kwargs.trust_remote_code")));
  g_assert_true (json_node_get_boolean (at (serve, "applications.[0].args.llm_configs.[0].engine_kwargs.enforce_eager")));
  g_assert_false (json_node_get_boolean (at (serve, "applications.[0].args.llm_configs.[0].engine_kwargs.enable_prefix_caching")));
  g_assert_cmpint (int_at (serve, "applications.[0].args.llm_configs.[0].deployment_config.autoscaling_config.max_replicas"), ==, 4);

  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.headGroupSpec.rayStartParams.num-gpus"), ==, "0");
  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.headGroupSpec.template.spec.containers.[0].name"), ==, "ray-head");
  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.headGroupSpec.template.spec.containers.[0].image"), ==,
                   "rayproject/ray-llm:2.52.0-py311-cu128");
  g_assert_cmpint (int_at (cr, "spec.rayClusterConfig.headGroupSpec.template.spec.containers.[0].ports.[3].containerPort"), ==, 8000);
  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.headGroupSpec.template.spec.containers.[0].envFrom.[0].secretRef.name"), ==,
                   "hf-token-secret");

  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].groupName"), ==, "gpu-group");
  g_assert_cmpint (int_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].replicas"), ==, 4);
  g_assert_cmpint (int_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].minReplicas"), ==, 1);
  g_assert_cmpint (int_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].maxReplicas"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].template.spec.containers.[0].resources.limits")),
                                                  "nvidia.com/gpu"), ==, "2");
  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].template.spec.tolerations.[0].key"), ==, "nvidia.com/gpu");
  g_assert_null (at (cr, "spec.rayClusterConfig.workerGroupSpecs.[1]"));
}

static void
test_kuberay_disaggregated (void)
{
  g_autoptr(KfDeploymentConfig) config = base_config ("kuberay", "pd-ray", "Qwen/Qwen2.5-7B-Instruct");
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(JsonNode) serve = NULL;
  JsonNode *cr;

  config->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
  config->prefill_replicas = 1;
  config->prefill_gpus = 2;
  config->decode_replicas = 3;
  config->decode_gpus = 1;
  manifests = generate ("kuberay", config);
  cr = g_ptr_array_index (manifests, 0);
  serve = serve_config (cr);

  g_assert_cmpstr (str_at (serve, "applications.[0].name"), ==, "pd-disaggregation");
  g_assert_cmpstr (str_at (serve, "applications.[0].import_path"), ==, "ray.serve.llm:build_pd_openai_app");
  g_assert_cmpint (int_at (serve, "applications.[0].args.prefill_config.deployment_config.ray_actor_options.resources.prefill_node"), ==, 1);
  g_assert_cmpint (int_at (serve, "applications.[0].args.decode_config.deployment_config.ray_actor_options.resources.decode_node"), ==, 1);
  g_assert_cmpstr (str_at (serve, "applications.[0].args.prefill_config.engine_kwargs.kv_transfer_config.kv_connector"), ==, "NixlConnector");
  g_assert_cmpstr (str_at (serve, "applications.[0].args.prefill_config.engine_kwargs.kv_transfer_config.kv_role"), ==, "kv_producer");
  g_assert_cmpstr (str_at (serve, "applications.[0].args.decode_config.engine_kwargs.kv_transfer_config.kv_role"), ==, "kv_consumer");
  g_assert_null (at (serve, "applications.[0].args.prefill_config.engine_kwargs.pipeline_parallel_size"));
  g_assert_cmpint (int_at (serve, "applications.[0].args.decode_config.deployment_config.autoscaling_config.max_replicas"), ==, 3);

  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].groupName"), ==, "prefill-group");
  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].rayStartParams.resources"), ==, "{\"prefill_node\": 1}");
  g_assert_cmpint (int_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].replicas"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "spec.rayClusterConfig.workerGroupSpecs.[0].template.spec.containers.[0].resources.requests")),
                                                  "nvidia.com/gpu"), ==, "2");
  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[1].groupName"), ==, "decode-group");
  g_assert_cmpstr (str_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[1].rayStartParams.resources"), ==, "{\"decode_node\": 1}");
  g_assert_cmpint (int_at (cr, "spec.rayClusterConfig.workerGroupSpecs.[1].replicas"), ==, 3);
}

/* KAITO */

static void
test_kaito_vllm (void)
{
  g_autoptr(KfDeploymentConfig) config = base_config ("kaito", "phi", "microsoft/Phi-4-mini-instruct");
  g_autoptr(GPtrArray) manifests = NULL;
  JsonNode *cr, *svc;
  JsonNode *c;

  config->gpus_per_replica = 2;
  config->replicas = 2;
  config->context_length = 2048;
  config->instance_type = g_strdup ("Standard_NC24ads_A100_v4");
  manifests = generate ("kaito", config);
  g_assert_cmpuint (manifests->len, ==, 2);
  cr = g_ptr_array_index (manifests, 0);
  svc = g_ptr_array_index (manifests, 1);

  g_assert_cmpstr (str_at (cr, "apiVersion"), ==, "kaito.sh/v1beta1");
  g_assert_cmpstr (str_at (cr, "kind"), ==, "Workspace");
  g_assert_cmpstr (str_at (cr, "metadata.namespace"), ==, "kaito-workspace");
  g_assert_null (at (cr, "spec"));  /* resource and inference are top-level */
  assert_common_labels (cr, "kaito", "phi");
  g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "metadata.labels")), "kubefoundry.io/model-source"), ==, "vllm");
  g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "metadata.labels")), "kubefoundry.io/compute-type"), ==, "gpu");
  g_assert_cmpint (int_at (cr, "resource.count"), ==, 2);
  g_assert_cmpstr (str_at (cr, "resource.instanceType"), ==, "Standard_NC24ads_A100_v4");
  g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "resource.labelSelector.matchLabels")), "nvidia.com/gpu.present"), ==, "true");

  c = at (cr, "inference.template.spec.containers.[0]");
  g_assert_cmpstr (str_at (c, "name"), ==, "model");
  g_assert_cmpstr (str_at (c, "image"), ==, "mcr.microsoft.com/aks/kaito/kaito-base:0.1.1");
  g_assert_cmpstr (str_at (c, "command.[0]"), ==, "python");
  g_assert_cmpstr (str_at (c, "args.[1]"), ==, "vllm.entrypoints.openai.api_server");
  g_assert_cmpstr (str_at (c, "args.[3]"), ==, "microsoft/Phi-4-mini-instruct");
  g_assert_cmpstr (str_at (c, "args.[4]"), ==, "--tensor-parallel-size");
  g_assert_cmpstr (str_at (c, "args.[5]"), ==, "2");
  g_assert_cmpstr (str_at (c, "args.[6]"), ==, "--trust-remote-code");
  g_assert_cmpstr (str_at (c, "args.[7]"), ==, "--max-model-len");
  g_assert_cmpstr (str_at (c, "args.[8]"), ==, "2048");
  g_assert_cmpstr (str_at (c, "env.[0].name"), ==, "HF_TOKEN");
  g_assert_cmpstr (str_at (c, "env.[0].valueFrom.secretKeyRef.name"), ==, "hf-token-secret");
  g_assert_cmpstr (str_at (c, "env.[0].valueFrom.secretKeyRef.key"), ==, "HF_TOKEN");
  g_assert_cmpint (int_at (c, "ports.[0].containerPort"), ==, 8000);
  g_assert_cmpint (int_at (c, "livenessProbe.initialDelaySeconds"), ==, 600);
  g_assert_cmpint (int_at (c, "readinessProbe.initialDelaySeconds"), ==, 30);
  g_assert_cmpstr (str_at (c, "livenessProbe.httpGet.path"), ==, "/health");
  g_assert_cmpstr (json_object_get_string_member (obj (at (c, "resources.limits")), "nvidia.com/gpu"), ==, "2");
  g_assert_cmpstr (str_at (c, "volumeMounts.[0].mountPath"), ==, "/dev/shm");
  g_assert_cmpstr (str_at (cr, "inference.template.spec.volumes.[0].emptyDir.medium"), ==, "Memory");

  g_assert_cmpstr (str_at (svc, "apiVersion"), ==, "v1");
  g_assert_cmpstr (str_at (svc, "kind"), ==, "Service");
  g_assert_cmpstr (str_at (svc, "metadata.name"), ==, "phi-vllm");
  g_assert_cmpstr (str_at (svc, "metadata.namespace"), ==, "kaito-workspace");
  g_assert_cmpstr (json_object_get_string_member (obj (at (svc, "metadata.labels")), "kubefoundry.io/service-type"), ==, "vllm");
  g_assert_cmpstr (str_at (svc, "spec.type"), ==, "ClusterIP");
  g_assert_cmpint (int_at (svc, "spec.ports.[0].port"), ==, 8000);
  g_assert_cmpint (int_at (svc, "spec.ports.[0].targetPort"), ==, 8000);
  g_assert_cmpstr (str_at (svc, "spec.ports.[0].name"), ==, "http");
  g_assert_cmpstr (json_object_get_string_member (obj (at (svc, "spec.selector")), "kaito.sh/workspace"), ==, "phi");
}

static void
test_kaito_gguf (void)
{
  /* pre-made on CPU, from the curated id */
  {
    g_autoptr(KfDeploymentConfig) config = base_config ("kaito", "llama", "kaito/llama3.2-3b");
    g_autoptr(GPtrArray) manifests = NULL;
    JsonNode *cr;

    config->engine = KF_ENGINE_LLAMACPP;
    config->kaito_source = KF_KAITO_SOURCE_PREMADE;
    config->memory = g_strdup ("8Gi");
    manifests = generate ("kaito", config);
    g_assert_cmpuint (manifests->len, ==, 1);  /* no extra Service for llama.cpp */
    cr = g_ptr_array_index (manifests, 0);
    g_assert_cmpstr (str_at (cr, "inference.template.spec.containers.[0].image"), ==, "ghcr.io/kaito-project/aikit/llama3.2:3b");
    g_assert_cmpstr (str_at (cr, "inference.template.spec.containers.[0].args.[0]"), ==, "run");
    g_assert_cmpstr (str_at (cr, "inference.template.spec.containers.[0].args.[1]"), ==, "--address=:5000");
    g_assert_cmpint (int_at (cr, "inference.template.spec.containers.[0].ports.[0].containerPort"), ==, 5000);
    g_assert_cmpstr (str_at (cr, "inference.template.spec.containers.[0].resources.requests.memory"), ==, "8Gi");
    g_assert_null (at (cr, "inference.template.spec.containers.[0].resources.limits"));
    g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "resource.labelSelector.matchLabels")), "kubernetes.io/os"), ==, "linux");
    g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "metadata.labels")), "kubefoundry.io/compute-type"), ==, "cpu");
    g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "metadata.labels")), "kubefoundry.io/model-source"), ==, "premade");
    g_assert_false (json_object_has_member (obj (at (cr, "metadata.labels")), "kubefoundry.io/run-mode"));
  }

  /* HF GGUF run directly, on a GPU */
  {
    g_autoptr(KfDeploymentConfig) config = base_config ("kaito", "qwen-gguf", "Qwen/Qwen2.5-0.5B-Instruct-GGUF");
    g_autoptr(GPtrArray) manifests = NULL;
    JsonNode *cr;

    config->engine = KF_ENGINE_LLAMACPP;
    config->kaito_source = KF_KAITO_SOURCE_HUGGINGFACE_DIRECT;
    config->compute_type = KF_COMPUTE_GPU;
    config->gguf_file = g_strdup ("qwen2.5-0.5b-instruct-q4_k_m.gguf");
    manifests = generate ("kaito", config);
    cr = g_ptr_array_index (manifests, 0);
    g_assert_cmpstr (str_at (cr, "inference.template.spec.containers.[0].image"), ==, "docker.io/sozercan/runner:latest");
    g_assert_cmpstr (str_at (cr, "inference.template.spec.containers.[0].args.[0]"), ==,
                     "huggingface://Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf");
    g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "inference.template.spec.containers.[0].resources.limits")), "nvidia.com/gpu"), ==, "1");
    g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "resource.labelSelector.matchLabels")), "nvidia.com/gpu.present"), ==, "true");
    g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "metadata.labels")), "kubefoundry.io/run-mode"), ==, "direct");
  }

  /* HF GGUF built into an image */
  {
    g_autoptr(KfDeploymentConfig) config = base_config ("kaito", "qwen-built", "Qwen/Qwen2.5-0.5B-Instruct-GGUF");
    g_autoptr(GPtrArray) manifests = NULL;
    JsonNode *cr;

    config->engine = KF_ENGINE_LLAMACPP;
    config->kaito_source = KF_KAITO_SOURCE_HUGGINGFACE_BUILD;
    config->gguf_file = g_strdup ("qwen2.5-0.5b-instruct-q8_0.gguf");
    config->node_selector = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_hash_table_insert (config->node_selector, g_strdup ("pool"), g_strdup ("cpu"));
    manifests = generate ("kaito", config);
    cr = g_ptr_array_index (manifests, 0);
    g_assert_cmpstr (str_at (cr, "inference.template.spec.containers.[0].image"), ==,
                     "localhost:30500/aikit-qwen-qwen2-5-0-5b-instruct-gguf:Q8_0");
    g_assert_cmpstr (str_at (cr, "inference.template.spec.containers.[0].args.[0]"), ==, "run");
    g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "metadata.labels")), "kubefoundry.io/run-mode"), ==, "build");
    g_assert_cmpstr (json_object_get_string_member (obj (at (cr, "resource.labelSelector.matchLabels")), "pool"), ==, "cpu");
    g_assert_false (json_object_has_member (obj (at (cr, "resource.labelSelector.matchLabels")), "kubernetes.io/os"));
  }
}

static void
test_kaito_helpers (void)
{
  const struct { const char *file; const char *tag; } tags[] = {
    { "qwen2.5-0.5b-instruct-q4_k_m.gguf", "Q4_K_M" },
    { "Llama-3.2-3B-Instruct-Q8_0.gguf", "Q8_0" },
    { "model-IQ2_XXS.gguf", "IQ2_XXS" },
    { "phi-4-f16.gguf", "F16" },
    { "tiny-q4.gguf", "Q4" },
    { "mystery.gguf", "custom" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      g_autofree char *tag = kf_kaito_quantization_tag (tags[i].file);
      g_assert_cmpstr (tag, ==, tags[i].tag);
    }

  g_assert_nonnull (kf_kaito_premade_lookup ("llama3.2:1b"));
  g_assert_cmpstr (kf_kaito_premade_lookup ("kaito/phi4-14b")->image, ==, "ghcr.io/kaito-project/aikit/phi4:14b");
  /* the original's mapping does not reach gpt-oss:20b from its curated id */
  g_assert_null (kf_kaito_premade_lookup ("kaito/gpt-oss-20b"));
  g_assert_null (kf_kaito_premade_lookup ("nope:1b"));
  {
    guint n = 0;
    kf_kaito_premade_models (&n);
    g_assert_cmpuint (n, ==, 10);
  }
  {
    g_autofree char *name = kf_kaito_build_image_name ("TheBloke/Mistral_7B..Instruct");
    g_assert_cmpstr (name, ==, "aikit-thebloke-mistral-7b-instruct");
  }
}

static void
test_user_labels_annotations_namespace (void)
{
  g_autoptr(KfDeploymentConfig) config = base_config ("dynamo", "labelled", "Qwen/Qwen3-0.6B");
  g_autoptr(GPtrArray) manifests = NULL;
  JsonNode *cr;

  config->namespace = g_strdup ("team-a");
  kf_deployment_config_set_label (config, "team", "a");
  /* user labels cannot take over the ones KubeFoundry finds its deployments by */
  kf_deployment_config_set_label (config, "app.kubernetes.io/managed-by", "someone-else");
  kf_deployment_config_set_annotation (config, "owner", "alice@example.com");
  manifests = generate ("dynamo", config);
  cr = g_ptr_array_index (manifests, 0);
  g_assert_cmpstr (str_at (cr, "metadata.namespace"), ==, "team-a");
  g_assert_cmpstr (str_at (cr, "metadata.labels.team"), ==, "a");
  assert_common_labels (cr, "dynamo", "labelled");
  g_assert_cmpstr (str_at (cr, "metadata.annotations.owner"), ==, "alice@example.com");
}

static void
test_generate_rejects_invalid (void)
{
  g_autoptr(KfDeploymentConfig) config = base_config ("dynamo", "Bad_Name", "Qwen/Qwen3-0.6B");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) manifests = kf_provider_generate_manifests (provider ("dynamo"), config, &error);

  g_assert_null (manifests);
  g_assert_error (error, KF_PROVIDER_ERROR, KF_PROVIDER_ERROR_INVALID_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "name: "));
}

/* Golden YAML */

typedef struct
{
  const char *file;
  const char *provider;
  void      (*setup) (KfDeploymentConfig *config);
} Golden;

static void
golden_dynamo_vllm_agg (KfDeploymentConfig *c)
{
  g_free (c->model_id);
  c->model_id = g_strdup ("Qwen/Qwen3-0.6B");
  c->gpus_per_replica = 1;
}

static void
golden_dynamo_sglang_disagg (KfDeploymentConfig *c)
{
  g_free (c->model_id);
  c->model_id = g_strdup ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B");
  c->engine = KF_ENGINE_SGLANG;
  c->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
  c->router_mode = KF_ROUTER_MODE_KV;
  c->decode_replicas = 2;
  c->decode_gpus = 2;
  c->trust_remote_code = TRUE;
}

static void
golden_kuberay_agg (KfDeploymentConfig *c)
{
  g_free (c->model_id);
  c->model_id = g_strdup ("Qwen/Qwen2.5-7B-Instruct");
  c->replicas = 2;
  c->gpus_per_replica = 2;
  c->context_length = 8192;
}

static void
golden_kuberay_disagg (KfDeploymentConfig *c)
{
  g_free (c->model_id);
  c->model_id = g_strdup ("Qwen/Qwen2.5-7B-Instruct");
  c->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
}

static void
golden_kaito_vllm (KfDeploymentConfig *c)
{
  g_free (c->model_id);
  c->model_id = g_strdup ("microsoft/Phi-4-mini-instruct");
}

static void
golden_kaito_premade (KfDeploymentConfig *c)
{
  c->engine = KF_ENGINE_LLAMACPP;
  c->kaito_source = KF_KAITO_SOURCE_PREMADE;
  c->kaito_preset = g_strdup ("llama3.2:3b");
}

static void
golden_kaito_hf_direct (KfDeploymentConfig *c)
{
  g_free (c->model_id);
  c->model_id = g_strdup ("Qwen/Qwen2.5-0.5B-Instruct-GGUF");
  c->engine = KF_ENGINE_LLAMACPP;
  c->kaito_source = KF_KAITO_SOURCE_HUGGINGFACE_DIRECT;
  c->gguf_file = g_strdup ("qwen2.5-0.5b-instruct-q4_k_m.gguf");
}

static const Golden goldens[] = {
  { "dynamo-vllm-aggregated.yaml", "dynamo", golden_dynamo_vllm_agg },
  { "dynamo-sglang-disaggregated.yaml", "dynamo", golden_dynamo_sglang_disagg },
  { "kuberay-aggregated.yaml", "kuberay", golden_kuberay_agg },
  { "kuberay-disaggregated.yaml", "kuberay", golden_kuberay_disagg },
  { "kaito-vllm.yaml", "kaito", golden_kaito_vllm },
  { "kaito-premade.yaml", "kaito", golden_kaito_premade },
  { "kaito-huggingface-direct.yaml", "kaito", golden_kaito_hf_direct },
};

static void
test_golden (void)
{
  const char *data_dir = g_getenv ("KF_TEST_DATA_DIR");
  gboolean update = g_getenv ("KF_UPDATE_GOLDEN") != NULL;

  g_assert_nonnull (data_dir);
  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autoptr(KfDeploymentConfig) config = base_config (goldens[i].provider, "demo", "");
      g_autoptr(GPtrArray) manifests = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *yaml = NULL;
      g_autofree char *path = g_build_filename (data_dir, "providers", goldens[i].file, NULL);
      g_autofree char *expected = NULL;

      goldens[i].setup (config);
      manifests = generate (goldens[i].provider, config);
      yaml = kf_yaml_emit_all (manifests, &error);
      g_assert_no_error (error);

      if (update)
        {
          g_file_set_contents (path, yaml, -1, &error);
          g_assert_no_error (error);
          g_test_message ("wrote %s", path);
          continue;
        }
      g_file_get_contents (path, &expected, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("comparing %s", goldens[i].file);
      g_assert_cmpstr (yaml, ==, expected);
    }
}

/* Schema conformance */

static JsonNode *
crd_schema (const char *file,
            const char *version)
{
  static GHashTable *cache;
  g_autofree char *key = g_strconcat (file, "@", version, NULL);
  JsonNode *crd;
  JsonNode *schema;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  crd = g_hash_table_lookup (cache, file);
  if (crd == NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "crds", file, NULL);
      g_autoptr(GError) error = NULL;

      crd = kf_yaml_parse_file (path, &error);
      g_assert_no_error (error);
      g_hash_table_insert (cache, g_strdup (file), crd);
    }
  schema = kf_schema_from_crd (crd, version);
  g_assert_nonnull (schema);
  return schema;
}

static void
assert_conforms (JsonNode   *cr,
                 const char *label)
{
  const char *kind = str_at (cr, "kind");
  const char *file = g_str_equal (kind, "DynamoGraphDeployment") ? "dynamo-dynamographdeployment.yaml"
                   : g_str_equal (kind, "RayService") ? "kuberay-rayservice.yaml"
                   : "kaito-workspace.yaml";
  const char *api_version = str_at (cr, "apiVersion");
  JsonNode *schema = crd_schema (file, strchr (api_version, '/') + 1);
  g_autoptr(JsonNode) copy = json_node_copy (cr);
  g_autoptr(GPtrArray) causes = NULL;
  g_autoptr(GPtrArray) pruned = NULL;
  guint n_pruned;

  /* strict field validation (kubectl's default): nothing may be unknown */
  n_pruned = kf_schema_prune (schema, copy, &pruned);
  for (guint i = 0; pruned != NULL && i < pruned->len; i++)
    g_test_message ("%s: unknown field %s", label, (const char *) g_ptr_array_index (pruned, i));
  g_assert_cmpuint (n_pruned, ==, 0);

  if (!kf_schema_validate (schema, cr, &causes))
    {
      for (guint i = 0; i < causes->len; i++)
        {
          g_autofree char *text = kf_schema_cause_to_string (g_ptr_array_index (causes, i));
          g_test_message ("%s: %s", label, text);
        }
      g_assert_not_reached ();
    }
}

static void
test_schema_conformance (void)
{
  const KfEngine dynamo_engines[] = { KF_ENGINE_VLLM, KF_ENGINE_SGLANG, KF_ENGINE_TRTLLM };
  const KfRouterMode routers[] = { KF_ROUTER_MODE_NONE, KF_ROUTER_MODE_KV, KF_ROUTER_MODE_ROUND_ROBIN };
  const KfKaitoSource sources[] = {
    KF_KAITO_SOURCE_VLLM, KF_KAITO_SOURCE_PREMADE, KF_KAITO_SOURCE_HUGGINGFACE_DIRECT, KF_KAITO_SOURCE_HUGGINGFACE_BUILD
  };
  guint checked = 0;

  if (g_getenv ("KF_FIXTURES_DIR") == NULL)
    {
      g_test_skip ("KF_FIXTURES_DIR is not set");
      return;
    }

  for (guint mode = 0; mode < 2; mode++)
    {
      for (guint e = 0; e < G_N_ELEMENTS (dynamo_engines); e++)
        for (guint r = 0; r < G_N_ELEMENTS (routers); r++)
          {
            g_autoptr(KfDeploymentConfig) config = base_config ("dynamo", "combo", "Qwen/Qwen3-0.6B");
            g_autoptr(GPtrArray) manifests = NULL;
            g_autofree char *label = NULL;

            config->engine = dynamo_engines[e];
            config->mode = mode;
            config->router_mode = routers[r];
            config->memory = r == 1 ? g_strdup ("40Gi") : NULL;
            config->context_length = r == 2 ? 4096 : 0;
            kf_deployment_config_set_label (config, "team", "ml");
            kf_deployment_config_set_annotation (config, "note", "combo");
            manifests = generate ("dynamo", config);
            label = g_strdup_printf ("dynamo %s %s router=%s", kf_engine_to_string (config->engine),
                                     kf_deployment_mode_to_string (config->mode), kf_router_mode_to_string (config->router_mode));
            assert_conforms (g_ptr_array_index (manifests, 0), label);
            checked++;
          }

      {
        g_autoptr(KfDeploymentConfig) config = base_config ("kuberay", "combo", "Qwen/Qwen3-0.6B");
        g_autoptr(GPtrArray) manifests = NULL;

        config->mode = mode;
        config->replicas = 5;
        config->trust_remote_code = TRUE;
        config->memory = g_strdup ("48Gi");
        manifests = generate ("kuberay", config);
        assert_conforms (g_ptr_array_index (manifests, 0), mode ? "kuberay disaggregated" : "kuberay aggregated");
        checked++;
      }
    }

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint compute = 0; compute < 2; compute++)
      {
        g_autoptr(KfDeploymentConfig) config = base_config ("kaito", "combo", "Qwen/Qwen2.5-0.5B-Instruct-GGUF");
        g_autoptr(GPtrArray) manifests = NULL;
        g_autofree char *label = NULL;

        config->kaito_source = sources[s];
        config->compute_type = compute;
        config->engine = sources[s] == KF_KAITO_SOURCE_VLLM ? KF_ENGINE_VLLM : KF_ENGINE_LLAMACPP;
        config->kaito_preset = sources[s] == KF_KAITO_SOURCE_PREMADE ? g_strdup ("phi4:14b") : NULL;
        config->gguf_file = g_strdup ("qwen2.5-0.5b-instruct-q4_k_m.gguf");
        config->instance_type = compute ? g_strdup ("Standard_NC6s_v3") : NULL;
        config->cpu = g_strdup ("4");
        manifests = generate ("kaito", config);
        label = g_strdup_printf ("kaito %s %s", kf_kaito_source_to_string (sources[s]), kf_compute_type_to_string (compute));
        assert_conforms (g_ptr_array_index (manifests, 0), label);
        checked++;
      }

  g_test_message ("%u combinations conform", checked);
  g_assert_cmpuint (checked, ==, 2 * (3 * 3 + 1) + 4 * 2);
}

/* The schema check itself catches what a server would reject (so the test above can fail). */
static void
test_schema_check_catches_errors (void)
{
  g_autoptr(KfDeploymentConfig) config = base_config ("dynamo", "broken", "Qwen/Qwen3-0.6B");
  g_autoptr(GPtrArray) manifests = generate ("dynamo", config);
  JsonNode *cr = g_ptr_array_index (manifests, 0);
  JsonNode *schema;
  g_autoptr(JsonNode) copy = json_node_copy (cr);
  g_autoptr(GPtrArray) causes = NULL;
  g_autoptr(GPtrArray) pruned = NULL;

  if (g_getenv ("KF_FIXTURES_DIR") == NULL)
    {
      g_test_skip ("KF_FIXTURES_DIR is not set");
      return;
    }
  schema = crd_schema ("dynamo-dynamographdeployment.yaml", "v1alpha1");

  /* the original's Frontend "router-mode" member is not in the schema */
  json_object_set_string_member (obj (at (copy, "spec.services.Frontend")), "router-mode", "kv");
  g_assert_cmpuint (kf_schema_prune (schema, copy, &pruned), ==, 1);
  g_assert_cmpstr (g_ptr_array_index (pruned, 0), ==, "spec.services.Frontend.router-mode");

  json_object_set_string_member (obj (at (copy, "spec")), "backendFramework", "llamacpp");
  g_assert_false (kf_schema_validate (schema, copy, &causes));
  g_assert_cmpuint (causes->len, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/providers/manifests/dynamo/aggregated", test_dynamo_aggregated);
  g_test_add_func ("/providers/manifests/dynamo/disaggregated", test_dynamo_disaggregated);
  g_test_add_func ("/providers/manifests/dynamo/shell-quoting", test_dynamo_shell_quoting);
  g_test_add_func ("/providers/manifests/kuberay/aggregated", test_kuberay_aggregated);
  g_test_add_func ("/providers/manifests/kuberay/disaggregated", test_kuberay_disaggregated);
  g_test_add_func ("/providers/manifests/kaito/vllm", test_kaito_vllm);
  g_test_add_func ("/providers/manifests/kaito/gguf", test_kaito_gguf);
  g_test_add_func ("/providers/manifests/kaito/helpers", test_kaito_helpers);
  g_test_add_func ("/providers/manifests/labels-annotations-namespace", test_user_labels_annotations_namespace);
  g_test_add_func ("/providers/manifests/rejects-invalid", test_generate_rejects_invalid);
  g_test_add_func ("/providers/manifests/golden", test_golden);
  g_test_add_func ("/providers/manifests/schema-conformance", test_schema_conformance);
  g_test_add_func ("/providers/manifests/schema-check-catches-errors", test_schema_check_catches_errors);

  return g_test_run ();
}
