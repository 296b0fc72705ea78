/* test-provider-status.c: reading deployed resources back — the real upstream
 * examples, synthetic statuses for every phase, hostile input; the registry and
 * the installation decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-provider-registry.h"
#include "kf-yaml.h"

static KfProviderRegistry *
registry (void)
{
  return kf_provider_registry_get_default ();
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The first document of @kind in a fixture file. */
static JsonNode *
load_example (const char *relpath,
              const char *kind)
{
  const char *dir = g_getenv ("KF_FIXTURES_DIR");
  g_autofree char *path = g_build_filename (dir, "examples", relpath, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  docs = kf_yaml_parse_all (text, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      JsonNode *doc = g_ptr_array_index (docs, i);

      if (JSON_NODE_HOLDS_OBJECT (doc) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (doc), "kind", NULL), kind) == 0)
        return json_node_copy (doc);
    }
  g_assert_not_reached ();
  return NULL;
}

typedef struct
{
  const char       *file;
  const char       *kind;
  const char       *provider;
  KfEngine          engine;
  KfDeploymentMode  mode;
  const char       *model;
  const char       *served;
  guint             desired;
  guint             prefill;
  guint             decode;
  const char       *frontend;
  guint             port;
} Example;

static const Example examples[] = {
  { "dynamo/v1alpha1/vllm-agg.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    "Qwen/Qwen3-0.6B", NULL, 1, 0, 0, "vllm-agg-frontend", 8000 },
  { "dynamo/v1alpha1/vllm-agg-router.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    "Qwen/Qwen3-0.6B", NULL, 2, 0, 0, "vllm-agg-router-frontend", 8000 },
  { "dynamo/v1alpha1/vllm-disagg.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_DISAGGREGATED,
    "Qwen/Qwen3-0.6B", NULL, 2, 1, 1, "vllm-disagg-frontend", 8000 },
  { "dynamo/v1alpha1/sglang-disagg.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_SGLANG, KF_DEPLOYMENT_MODE_DISAGGREGATED,
    "Qwen/Qwen3-0.6B", "Qwen/Qwen3-0.6B", 2, 1, 1, "sglang-disagg-frontend", 8000 },
  { "dynamo/v1alpha1/trtllm-agg.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_TRTLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    "Qwen/Qwen3-0.6B", "Qwen/Qwen3-0.6B", 1, 0, 0, "trtllm-agg-frontend", 8000 },
  { "dynamo/v1alpha1/trtllm-disagg.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_TRTLLM, KF_DEPLOYMENT_MODE_DISAGGREGATED,
    "Qwen/Qwen3-0.6B", "Qwen/Qwen3-0.6B", 2, 1, 1, "trtllm-disagg-frontend", 8000 },
  /* aggregated although its only worker is called VllmPrefillWorker; the model comes from $MODEL_PATH */
  { "dynamo/v1alpha1/recipe-llama-3-70b-vllm-agg.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic", "RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic", 1, 0, 0, "llama3-70b-agg-frontend", 8000 },
  { "dynamo/v1alpha1/recipe-deepseek-r1-sglang-disagg-8gpu.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_SGLANG,
    KF_DEPLOYMENT_MODE_DISAGGREGATED, "deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-R1", 2, 1, 1, "sgl-dsr1-8gpu-frontend", 8000 },
  { "dynamo/v1beta1/vllm-disagg.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_DISAGGREGATED,
    "Qwen/Qwen3-0.6B", NULL, 2, 1, 1, "vllm-disagg-frontend", 8000 },
  { "dynamo/v1beta1/sglang-agg.yaml", "DynamoGraphDeployment", "dynamo", KF_ENGINE_SGLANG, KF_DEPLOYMENT_MODE_AGGREGATED,
    "Qwen/Qwen3-0.6B", "Qwen/Qwen3-0.6B", 1, 0, 0, "sglang-agg-frontend", 8000 },
  { "kuberay/rayservice-llm-serve-qwen.yaml", "RayService", "kuberay", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    "Qwen/Qwen2.5-7B-Instruct", "qwen2.5-7b-instruct", 1, 0, 0, "ray-serve-llm-serve-svc", 8000 },
  { "kuberay/rayservice-llm-deepseek-r1.yaml", "RayService", "kuberay", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    "deepseek-ai/DeepSeek-R1", "deepseek", 2, 0, 0, "deepseek-r1-serve-svc", 8000 },
  { "kuberay/rayservice-llm-high-throughput-qwen.yaml", "RayService", "kuberay", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    "Qwen/Qwen3.5-4b", "qwen-3.5-4b", 4, 0, 0, NULL, 8000 },
  { "kaito/workspace-phi-4-mini.yaml", "Workspace", "kaito", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    "phi-4-mini-instruct", NULL, 1, 0, 0, "workspace-phi-4-mini", 80 },
  { "kaito/workspace-deepseek-r1-multinode.yaml", "Workspace", "kaito", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    "deepseek-r1-0528", NULL, 6, 0, 0, "workspace-deepseek-r1", 80 },
  { "kaito/workspace-aikit-llama-3.2-3b-cpu.yaml", "Workspace", "kaito", KF_ENGINE_LLAMACPP, KF_DEPLOYMENT_MODE_AGGREGATED,
    "llama-3.2-3b-instruct", NULL, 1, 0, 0, "workspace-llama-3point2-3b", 80 },
  { "kaito/workspace-custom-template.yaml", "Workspace", "kaito", KF_ENGINE_VLLM, KF_DEPLOYMENT_MODE_AGGREGATED,
    NULL, NULL, 1, 0, 0, "workspace-custom-llm", 80 },
};

static void
test_examples (void)
{
  if (g_getenv ("KF_FIXTURES_DIR") == NULL)
    {
      g_test_skip ("KF_FIXTURES_DIR is not set");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      const Example *ex = &examples[i];
      g_autoptr(JsonNode) cr = load_example (ex->file, ex->kind);
      KfProvider *provider = kf_provider_registry_lookup_for_node (registry (), cr);
      g_autoptr(KfDeploymentStatus) st = NULL;

      g_test_message ("%s", ex->file);
      g_assert_nonnull (provider);
      g_assert_cmpstr (kf_provider_get_id (provider), ==, ex->provider);
      st = kf_provider_parse_status (provider, cr);

      /* none of the examples carries a status: nothing has happened yet */
      g_assert_cmpint (st->phase, ==, KF_DEPLOYMENT_PHASE_PENDING);
      g_assert_cmpuint (st->ready_replicas, ==, 0);
      g_assert_cmpstr (st->provider_id, ==, ex->provider);
      g_assert_cmpint (st->engine, ==, ex->engine);
      g_assert_cmpint (st->mode, ==, ex->mode);
      g_assert_cmpstr (st->model_id, ==, ex->model);
      if (ex->served != NULL)
        g_assert_cmpstr (st->served_model_name, ==, ex->served);
      g_assert_cmpuint (st->desired_replicas, ==, ex->desired);
      if (ex->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED)
        {
          g_assert_cmpuint (st->prefill_desired, ==, ex->prefill);
          g_assert_cmpuint (st->decode_desired, ==, ex->decode);
        }
      if (ex->frontend != NULL)
        g_assert_cmpstr (st->frontend_service, ==, ex->frontend);
      g_assert_cmpuint (st->frontend_port, ==, ex->port);
    }
}

/* Generated manifests read back as what was asked for */
static void
test_round_trip (void)
{
  const char *ids[] = { "dynamo", "kuberay", "kaito" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    for (guint mode = 0; mode < (g_str_equal (ids[i], "kaito") ? 1u : 2u); mode++)
      {
        KfProvider *provider = kf_provider_registry_lookup (registry (), ids[i]);
        g_autoptr(KfDeploymentConfig) config = kf_deployment_config_new ();
        g_autoptr(GPtrArray) manifests = NULL;
        g_autoptr(KfDeploymentStatus) st = NULL;
        g_autoptr(GError) error = NULL;

        config->name = g_strdup ("rt");
        config->model_id = g_strdup ("Qwen/Qwen3-0.6B");
        config->served_model_name = g_strdup ("qwen");
        config->mode = mode;
        config->replicas = 3;
        config->prefill_replicas = 2;
        config->decode_replicas = 4;
        if (g_str_equal (ids[i], "dynamo"))
          config->engine = KF_ENGINE_SGLANG;
        manifests = kf_provider_generate_manifests (provider, config, &error);
        g_assert_no_error (error);
        st = kf_provider_parse_status (provider, g_ptr_array_index (manifests, 0));

        g_assert_cmpstr (st->name, ==, "rt");
        g_assert_cmpstr (st->namespace, ==, kf_provider_get_default_namespace (provider));
        g_assert_cmpint (st->phase, ==, KF_DEPLOYMENT_PHASE_PENDING);
        g_assert_cmpint (st->mode, ==, mode);
        g_assert_cmpint (st->engine, ==, config->engine);
        g_assert_cmpstr (st->model_id, ==, "Qwen/Qwen3-0.6B");
        if (!g_str_equal (ids[i], "kaito"))
          g_assert_cmpstr (st->served_model_name, ==, "qwen");
        if (mode == KF_DEPLOYMENT_MODE_DISAGGREGATED)
          {
            g_assert_cmpuint (st->desired_replicas, ==, 6);
            g_assert_cmpuint (st->prefill_desired, ==, 2);
            g_assert_cmpuint (st->decode_desired, ==, 4);
          }
        else
          g_assert_cmpuint (st->desired_replicas, ==, 3);
      }
}

static KfDeploymentStatus *
parse (const char *provider_id,
       const char *json)
{
  g_autoptr(JsonNode) node = parse_json (json);

  return kf_provider_parse_status (kf_provider_registry_lookup (registry (), provider_id), node);
}

#define DGD_SPEC \
  "\"apiVersion\":\"nvidia.com/v1alpha1\",\"kind\":\"DynamoGraphDeployment\"," \
  "\"metadata\":{\"name\":\"d\",\"namespace\":\"ns\"}," \
  "\"spec\":{\"backendFramework\":\"vllm\",\"services\":{" \
  "\"Frontend\":{\"componentType\":\"frontend\",\"replicas\":1}," \
  "\"VllmPrefillWorker\":{\"componentType\":\"worker\",\"subComponentType\":\"prefill\",\"replicas\":2," \
  "  \"extraPodSpec\":{\"mainContainer\":{\"args\":[\"python3 -m dynamo.vllm --model m/x --is-prefill-worker\"]}}}," \
  "\"VllmDecodeWorker\":{\"componentType\":\"worker\",\"subComponentType\":\"decode\",\"replicas\":3}}}"

static void
test_dynamo_phases (void)
{
  const struct { const char *status; KfDeploymentPhase phase; } cases[] = {
    { "", KF_DEPLOYMENT_PHASE_PENDING },
    { ",\"status\":{\"state\":\"initializing\"}", KF_DEPLOYMENT_PHASE_PENDING },
    { ",\"status\":{\"state\":\"pending\"}", KF_DEPLOYMENT_PHASE_DEPLOYING },
    { ",\"status\":{\"state\":\"successful\"}", KF_DEPLOYMENT_PHASE_RUNNING },
    { ",\"status\":{\"state\":\"failed\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"message\":\"image pull failed\"}]}",
      KF_DEPLOYMENT_PHASE_FAILED },
    { ",\"status\":{\"state\":\"pending\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}", KF_DEPLOYMENT_PHASE_RUNNING },
    { ",\"status\":{\"phase\":\"Deploying\"}", KF_DEPLOYMENT_PHASE_DEPLOYING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strconcat ("{" DGD_SPEC, cases[i].status, "}", NULL);
      g_autoptr(KfDeploymentStatus) st = parse ("dynamo", json);

      g_test_message ("%s → %s", cases[i].status, kf_deployment_phase_to_string (st->phase));
      g_assert_cmpint (st->phase, ==, cases[i].phase);
      g_assert_cmpstr (st->model_id, ==, "m/x");
      g_assert_cmpint (st->mode, ==, KF_DEPLOYMENT_MODE_DISAGGREGATED);
    }

  /* the failure's reason reaches the user */
  {
    g_autofree char *json = g_strconcat ("{" DGD_SPEC, cases[4].status, "}", NULL);
    g_autoptr(KfDeploymentStatus) st = parse ("dynamo", json);

    g_assert_cmpstr (st->message, ==, "image pull failed");
  }
}

static void
test_dynamo_replica_counts (void)
{
  g_autoptr(KfDeploymentStatus) st = parse ("dynamo",
    "{" DGD_SPEC ",\"status\":{\"state\":\"pending\",\"services\":{"
    "\"Frontend\":{\"componentKind\":\"Deployment\",\"componentName\":\"d-frontend\",\"replicas\":1,\"updatedReplicas\":1,\"readyReplicas\":1,\"availableReplicas\":1},"
    "\"VllmPrefillWorker\":{\"componentKind\":\"Deployment\",\"componentName\":\"p\",\"replicas\":2,\"updatedReplicas\":2,\"readyReplicas\":2,\"availableReplicas\":2},"
    "\"VllmDecodeWorker\":{\"componentKind\":\"Deployment\",\"componentName\":\"q\",\"replicas\":3,\"updatedReplicas\":3,\"ready\":1,\"available\":1}}}}");
  g_autofree char *text = kf_deployment_status_format_replicas (st);

  g_assert_cmpint (st->phase, ==, KF_DEPLOYMENT_PHASE_DEPLOYING);
  g_assert_cmpuint (st->desired_replicas, ==, 5);
  /* workers only: the frontend is not a replica of the model */
  g_assert_cmpuint (st->ready_replicas, ==, 3);
  g_assert_cmpuint (st->available_replicas, ==, 3);
  g_assert_cmpuint (st->prefill_ready, ==, 2);
  g_assert_cmpuint (st->decode_ready, ==, 1);
  g_assert_cmpstr (text, ==, "P: 2/2, D: 1/3");
  g_assert_cmpstr (st->frontend_service, ==, "d-frontend");
  g_assert_cmpstr (st->namespace, ==, "ns");
}

#define RAY_SPEC \
  "\"apiVersion\":\"ray.io/v1\",\"kind\":\"RayService\",\"metadata\":{\"name\":\"r\"}," \
  "\"spec\":{\"serveConfigV2\":\"applications:\\n- name: pd-disaggregation\\n  import_path: ray.serve.llm:build_pd_openai_app\\n" \
  "  args:\\n    prefill_config:\\n      model_loading_config:\\n        model_id: short\\n        model_source: org/model\\n\"," \
  "\"rayClusterConfig\":{\"workerGroupSpecs\":[{\"groupName\":\"prefill-group\",\"replicas\":1},{\"groupName\":\"decode-group\",\"replicas\":3}]}}"

static void
test_kuberay_phases (void)
{
  const struct { const char *status; KfDeploymentPhase phase; } cases[] = {
    { "", KF_DEPLOYMENT_PHASE_PENDING },
    { ",\"status\":{\"serviceStatus\":\"Running\"}", KF_DEPLOYMENT_PHASE_RUNNING },
    { ",\"status\":{\"serviceStatus\":\"ready\"}", KF_DEPLOYMENT_PHASE_RUNNING },
    { ",\"status\":{\"serviceStatus\":\"FailedToUpdateService\"}", KF_DEPLOYMENT_PHASE_PENDING },
    { ",\"status\":{\"serviceStatus\":\"Unhealthy\"}", KF_DEPLOYMENT_PHASE_FAILED },
    { ",\"status\":{\"serviceStatus\":\"WaitForServeDeploymentReady\"}", KF_DEPLOYMENT_PHASE_DEPLOYING },
    { ",\"status\":{\"serviceStatus\":\"Pending\"}", KF_DEPLOYMENT_PHASE_DEPLOYING },
    /* KubeRay ≥ 1.3 leaves serviceStatus empty and reports conditions */
    { ",\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"NonZeroServeEndpoints\",\"message\":\"ok\"}]}",
      KF_DEPLOYMENT_PHASE_RUNNING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strconcat ("{" RAY_SPEC, cases[i].status, "}", NULL);
      g_autoptr(KfDeploymentStatus) st = parse ("kuberay", json);

      g_test_message ("%s → %s", cases[i].status, kf_deployment_phase_to_string (st->phase));
      g_assert_cmpint (st->phase, ==, cases[i].phase);
      g_assert_cmpint (st->mode, ==, KF_DEPLOYMENT_MODE_DISAGGREGATED);
      g_assert_cmpstr (st->model_id, ==, "org/model");
      g_assert_cmpstr (st->served_model_name, ==, "short");
      g_assert_cmpint (st->engine, ==, KF_ENGINE_VLLM);
    }
}

static void
test_kuberay_replica_counts (void)
{
  g_autoptr(KfDeploymentStatus) st = parse ("kuberay",
    "{" RAY_SPEC ",\"status\":{\"serviceStatus\":\"Running\",\"activeServiceStatus\":{\"rayClusterStatus\":"
    "{\"desiredWorkerReplicas\":4,\"availableWorkerReplicas\":2,\"readyWorkerReplicas\":2}}}}");

  g_assert_cmpuint (st->desired_replicas, ==, 4);
  g_assert_cmpuint (st->ready_replicas, ==, 2);
  g_assert_cmpuint (st->available_replicas, ==, 2);
  g_assert_cmpuint (st->prefill_desired, ==, 1);
  g_assert_cmpuint (st->decode_desired, ==, 3);
  /* one count for all groups, shared out proportionally */
  g_assert_cmpuint (st->prefill_ready + st->decode_ready, ==, 2);
  g_assert_cmpuint (st->prefill_ready, <=, 1);
  g_assert_cmpstr (st->frontend_service, ==, "r-serve-svc");
}

#define WS_SPEC \
  "\"apiVersion\":\"kaito.sh/v1beta1\",\"kind\":\"Workspace\"," \
  "\"metadata\":{\"name\":\"w\",\"labels\":{\"kubefoundry.io/model-source\":\"vllm\"}}," \
  "\"resource\":{\"count\":2,\"labelSelector\":{}}," \
  "\"inference\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"model\",\"image\":\"mcr.microsoft.com/aks/kaito/kaito-base:0.1.1\"," \
  "\"args\":[\"-m\",\"vllm.entrypoints.openai.api_server\",\"--model\",\"org/m\"]}]}}}"

static void
test_kaito_phases (void)
{
  const struct { const char *status; KfDeploymentPhase phase; guint ready; } cases[] = {
    { "", KF_DEPLOYMENT_PHASE_PENDING, 0 },
    { ",\"status\":{\"phase\":\"Creating\"}", KF_DEPLOYMENT_PHASE_PENDING, 0 },
    { ",\"status\":{\"phase\":\"provisioning\"}", KF_DEPLOYMENT_PHASE_DEPLOYING, 0 },
    { ",\"status\":{\"phase\":\"Running\",\"workerNodes\":[\"n1\"]}", KF_DEPLOYMENT_PHASE_RUNNING, 1 },
    { ",\"status\":{\"phase\":\"Ready\"}", KF_DEPLOYMENT_PHASE_RUNNING, 2 },
    { ",\"status\":{\"phase\":\"Error\"}", KF_DEPLOYMENT_PHASE_FAILED, 0 },
    { ",\"status\":{\"phase\":\"Deleting\"}", KF_DEPLOYMENT_PHASE_TERMINATING, 0 },
    /* KAITO's own status: conditions only */
    { ",\"status\":{\"workerNodes\":[\"n1\",\"n2\",\"n3\"],\"conditions\":["
      "{\"type\":\"ResourceReady\",\"status\":\"True\"},{\"type\":\"InferenceReady\",\"status\":\"True\"},"
      "{\"type\":\"WorkspaceSucceeded\",\"status\":\"True\"}]}", KF_DEPLOYMENT_PHASE_RUNNING, 2 },
    { ",\"status\":{\"conditions\":[{\"type\":\"InferenceReady\",\"status\":\"False\",\"message\":\"waiting for GPU nodes\"},"
      "{\"type\":\"WorkspaceSucceeded\",\"status\":\"True\"}]}", KF_DEPLOYMENT_PHASE_PENDING, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strconcat ("{" WS_SPEC, cases[i].status, "}", NULL);
      g_autoptr(KfDeploymentStatus) st = parse ("kaito", json);

      g_test_message ("%s → %s", cases[i].status, kf_deployment_phase_to_string (st->phase));
      g_assert_cmpint (st->phase, ==, cases[i].phase);
      g_assert_cmpuint (st->ready_replicas, ==, cases[i].ready);
      g_assert_cmpuint (st->desired_replicas, ==, 2);
      g_assert_cmpstr (st->model_id, ==, "org/m");
      g_assert_cmpint (st->engine, ==, KF_ENGINE_VLLM);
      g_assert_cmpstr (st->frontend_service, ==, "w-vllm");
      g_assert_cmpuint (st->frontend_port, ==, 8000);
    }

  {
    g_autofree char *json = g_strconcat ("{" WS_SPEC, cases[8].status, "}", NULL);
    g_autoptr(KfDeploymentStatus) st = parse ("kaito", json);

    g_assert_cmpstr (st->message, ==, "waiting for GPU nodes");
  }

  /* HF GGUF direct: the model is the file */
  {
    g_autoptr(KfDeploymentStatus) st = parse ("kaito",
      "{\"kind\":\"Workspace\",\"metadata\":{\"name\":\"g\"},\"inference\":{\"template\":{\"spec\":{\"containers\":[{\"image\":"
      "\"docker.io/sozercan/runner:latest\",\"args\":[\"huggingface://Qwen/Qwen2.5-0.5B-Instruct-GGUF/q4.gguf\",\"--address=:5000\"]}]}}}}");

    g_assert_cmpint (st->engine, ==, KF_ENGINE_LLAMACPP);
    g_assert_cmpstr (st->model_id, ==, "q4.gguf");
    g_assert_cmpstr (st->frontend_service, ==, "g");
    g_assert_cmpuint (st->frontend_port, ==, 80);
  }
}

static void
test_terminating (void)
{
  const char *docs[][2] = {
    { "dynamo", "{\"metadata\":{\"name\":\"a\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},\"status\":{\"state\":\"successful\"}}" },
    { "kuberay", "{\"metadata\":{\"name\":\"a\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},\"status\":{\"serviceStatus\":\"Running\"}}" },
    { "kaito", "{\"metadata\":{\"name\":\"a\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},\"status\":{\"phase\":\"Running\"}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(KfDeploymentStatus) st = parse (docs[i][0], docs[i][1]);
      g_assert_cmpint (st->phase, ==, KF_DEPLOYMENT_PHASE_TERMINATING);
    }
}

static void
test_hostile (void)
{
  const char *docs[] = {
    "null", "[]", "42", "\"x\"", "{}",
    "{\"metadata\":7,\"spec\":[],\"status\":\"x\"}",
    "{\"metadata\":{\"name\":5,\"labels\":[]},\"spec\":{\"services\":{\"W\":{\"componentType\":3,\"replicas\":-4,"
    "\"extraPodSpec\":{\"mainContainer\":{\"command\":{},\"args\":[1,null,{},\"--model\"]}}}},\"components\":[1,{\"name\":[]}]},"
    "\"status\":{\"state\":[],\"services\":{\"W\":{\"readyReplicas\":\"many\"}},\"conditions\":[1,{\"type\":\"Ready\"}],\"replicas\":{\"desired\":1e99}}}",
    "{\"spec\":{\"serveConfigV2\":\"{{{{ not yaml: [\",\"rayClusterConfig\":{\"workerGroupSpecs\":[null,{\"replicas\":1.5}]}},"
    "\"status\":{\"serviceStatus\":7,\"activeServiceStatus\":{\"rayClusterStatus\":{\"desiredWorkerReplicas\":-1}}}}",
    "{\"spec\":{\"serveConfigV2\":\"applications: 5\"}}",
    "{\"resource\":{\"count\":-3},\"inference\":{\"template\":{\"spec\":{\"containers\":[7]}}},\"status\":{\"phase\":\"\",\"workerNodes\":\"x\"}}",
    "{\"inference\":{\"template\":{\"spec\":{\"containers\":[{\"args\":[\"huggingface://\",\"--model\"]}]}}}}",
  };
  GPtrArray *providers = kf_provider_registry_list (registry ());

  for (guint p = 0; p < providers->len; p++)
    for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
      {
        g_autoptr(JsonNode) node = parse_json (docs[i]);
        g_autoptr(KfDeploymentStatus) st = kf_provider_parse_status (g_ptr_array_index (providers, p), node);

        g_assert_nonnull (st);
        g_assert_cmpuint (st->ready_replicas, <=, G_MAXUINT);
        if (!JSON_NODE_HOLDS_OBJECT (node))
          {
            g_assert_cmpint (st->phase, ==, KF_DEPLOYMENT_PHASE_UNKNOWN);
            g_assert_nonnull (st->message);
          }
      }

  {
    g_autoptr(KfDeploymentStatus) st = kf_provider_parse_status (kf_provider_registry_lookup (registry (), "dynamo"), NULL);

    g_assert_cmpint (st->phase, ==, KF_DEPLOYMENT_PHASE_UNKNOWN);
  }
}

static void
test_registry (void)
{
  GPtrArray *list = kf_provider_registry_list (registry ());
  KfProvider *p;

  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (kf_provider_get_id (g_ptr_array_index (list, 0)), ==, "dynamo");
  g_assert_cmpstr (kf_provider_get_id (g_ptr_array_index (list, 1)), ==, "kuberay");
  g_assert_cmpstr (kf_provider_get_id (g_ptr_array_index (list, 2)), ==, "kaito");
  g_assert_null (kf_provider_registry_lookup (registry (), "tgi"));
  g_assert_null (kf_provider_registry_lookup (registry (), NULL));

  p = kf_provider_registry_lookup (registry (), KF_DEFAULT_PROVIDER_ID);
  g_assert_cmpstr (kf_provider_get_name (p), ==, "NVIDIA Dynamo");
  g_assert_cmpstr (kf_provider_get_default_namespace (p), ==, "dynamo-system");
  g_assert_cmpstr (kf_provider_get_crd_config (p)->plural, ==, "dynamographdeployments");
  g_assert_cmpstr (kf_provider_get_crd_config (p)->api_version, ==, "nvidia.com/v1alpha1");
  g_assert_cmpuint (strlen (kf_provider_get_description (p)), >, 0);
  g_assert_true (kf_provider_supports_engine (p, KF_ENGINE_TRTLLM));
  g_assert_false (kf_provider_supports_engine (p, KF_ENGINE_LLAMACPP));

  p = kf_provider_registry_lookup (registry (), "kuberay");
  g_assert_cmpstr (kf_provider_get_default_namespace (p), ==, "kuberay-system");
  g_assert_cmpstr (kf_provider_get_crd_config (p)->kind, ==, "RayService");
  g_assert_false (kf_provider_supports_engine (p, KF_ENGINE_SGLANG));
  p = kf_provider_registry_lookup (registry (), "kaito");
  g_assert_cmpstr (kf_provider_get_default_namespace (p), ==, "kaito-workspace");
  g_assert_cmpstr (kf_provider_get_crd_config (p)->plural, ==, "workspaces");
  g_assert_true (kf_provider_supports_engine (p, KF_ENGINE_LLAMACPP));

  g_assert_true (kf_provider_registry_lookup_resource (registry (), "nvidia.com/v1beta1", "DynamoGraphDeployment") ==
                 kf_provider_registry_lookup (registry (), "dynamo"));
  g_assert_true (kf_provider_registry_lookup_resource (registry (), "ray.io/v1", "RayService") ==
                 kf_provider_registry_lookup (registry (), "kuberay"));
  g_assert_true (kf_provider_registry_lookup_resource (registry (), "kaito.sh/v1alpha1", "Workspace") ==
                 kf_provider_registry_lookup (registry (), "kaito"));
  g_assert_null (kf_provider_registry_lookup_resource (registry (), "ray.io/v1", "RayCluster"));
  g_assert_null (kf_provider_registry_lookup_resource (registry (), "example.com/v1", "Workspace"));
  g_assert_null (kf_provider_registry_lookup_resource (registry (), "v1", "Service"));
  g_assert_null (kf_provider_registry_lookup_resource (registry (), NULL, "Workspace"));

  /* metrics endpoints and uninstall data (reference §4.1–4.3) */
  {
    const struct { const char *id; const char *service; guint port; const char *ns; } m[] = {
      { "dynamo", "llm-frontend", 8000, "dynamo-system" },
      { "kuberay", "llm-head-svc", 8080, "kuberay-system" },
      { "kaito", "llm", 5000, "kaito-workspace" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (m); i++)
      {
        KfProvider *provider = kf_provider_registry_lookup (registry (), m[i].id);
        const char *path = NULL;
        guint port = 0;
        g_autofree char *service = kf_provider_get_metrics_service (provider, "llm", &port, &path);

        g_assert_cmpstr (service, ==, m[i].service);
        g_assert_cmpuint (port, ==, m[i].port);
        g_assert_cmpstr (path, ==, "/metrics");
        g_assert_cmpstr (kf_provider_get_info (provider)->uninstall_namespace, ==, m[i].ns);
      }
    g_assert_null (kf_provider_get_info (kf_provider_registry_lookup (registry (), "kuberay"))->uninstall_crds);
    g_assert_true (g_strv_contains (kf_provider_get_info (kf_provider_registry_lookup (registry (), "kaito"))->uninstall_crds,
                                    "ragengines.kaito.sh"));
    g_assert_true (g_strv_contains (kf_provider_get_info (kf_provider_registry_lookup (registry (), "dynamo"))->uninstall_crds,
                                    "dynamojobs.nvidia.com"));
  }
}

static void
test_installation (void)
{
  KfProvider *dynamo = kf_provider_registry_lookup (registry (), "dynamo");
  KfProvider *kuberay = kf_provider_registry_lookup (registry (), "kuberay");
  KfProvider *kaito = kf_provider_registry_lookup (registry (), "kaito");
  const char *crds[] = { "clusterpolicies.nvidia.com", "dynamographdeployments.nvidia.com", NULL };
  const char *ray_crds[] = { "rayclusters.ray.io", "rayservices.ray.io", NULL };
  const char *kaito_crds[] = { "workspaces.kaito.sh", NULL };
  g_autoptr(JsonNode) deployments = parse_json (
    "{\"kind\":\"DeploymentList\",\"items\":["
    "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"dynamo-platform-dynamo-operator-controller-manager\","
    "  \"labels\":{\"app.kubernetes.io/name\":\"dynamo-operator\"}},\"status\":{\"replicas\":1,\"availableReplicas\":1}},"
    "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"kuberay-operator\",\"labels\":{\"app\":\"kuberay-operator\"}},"
    "  \"status\":{\"replicas\":1,\"readyReplicas\":1}}]}");
  g_autoptr(JsonNode) pods = parse_json (
    "[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"kaito-workspace-7d9f\",\"labels\":{}},\"status\":{\"phase\":\"Running\"}},"
    " {\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\",\"labels\":{\"app.kubernetes.io/name\":\"dynamo-operator\"}},\"status\":{\"phase\":\"Pending\"}}]");
  g_autoptr(JsonNode) stopped = parse_json (
    "[{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"op\",\"labels\":{\"app.kubernetes.io/name\":\"dynamo-operator\"}},"
    "  \"status\":{\"replicas\":1,\"availableReplicas\":0}}]");
  KfInstallationStatus *s;

  s = kf_provider_decide_installation (dynamo, crds, deployments);
  g_assert_true (s->crd_installed && s->operator_running && s->installed);
  g_assert_nonnull (strstr (s->message, "installed"));
  kf_installation_status_free (s);

  /* a Pending operator pod is not a running operator */
  s = kf_provider_decide_installation (dynamo, crds, pods);
  g_assert_true (s->crd_installed);
  g_assert_false (s->operator_running);
  g_assert_false (s->installed);
  g_assert_nonnull (strstr (s->message, "dynamo-system"));
  kf_installation_status_free (s);

  s = kf_provider_decide_installation (dynamo, NULL, stopped);
  g_assert_false (s->crd_installed || s->operator_running || s->installed);
  kf_installation_status_free (s);

  /* the fallback selector app=kuberay-operator */
  s = kf_provider_decide_installation (kuberay, ray_crds, deployments);
  g_assert_true (s->installed);
  kf_installation_status_free (s);
  s = kf_provider_decide_installation (kuberay, crds, deployments);
  g_assert_false (s->crd_installed);
  g_assert_true (s->operator_running);
  g_assert_nonnull (strstr (s->message, "rayservices.ray.io"));
  kf_installation_status_free (s);

  /* KAITO: a running pod whose name says kaito */
  s = kf_provider_decide_installation (kaito, kaito_crds, pods);
  g_assert_true (s->installed);
  kf_installation_status_free (s);

  /* garbage in, "not installed" out */
  {
    g_autoptr(JsonNode) junk = parse_json ("{\"items\":[1,null,{\"metadata\":[]}]}");

    s = kf_provider_decide_installation (kaito, NULL, junk);
    g_assert_false (s->installed);
    kf_installation_status_free (s);
    s = kf_provider_decide_installation (kaito, NULL, NULL);
    g_assert_false (s->installed);
    kf_installation_status_free (s);
  }

  g_assert_cmpstr (kf_provider_get_info (dynamo)->installation.operator_namespace, ==, "dynamo-system");
  g_assert_true (g_strv_contains (kf_provider_get_info (dynamo)->installation.crd_names, "dynamomodels.nvidia.com"));
}

static void
test_helm (void)
{
  g_auto(GStrv) ray = kf_provider_get_helm_commands (kf_provider_registry_lookup (registry (), "kuberay"));
  g_auto(GStrv) dynamo = kf_provider_get_helm_commands (kf_provider_registry_lookup (registry (), "dynamo"));
  g_auto(GStrv) kaito = kf_provider_get_helm_commands (kf_provider_registry_lookup (registry (), "kaito"));
  const KfProviderInfo *info = kf_provider_get_info (kf_provider_registry_lookup (registry (), "kaito"));

  g_assert_cmpuint (g_strv_length (ray), ==, 3);
  g_assert_cmpstr (ray[0], ==, "helm repo add kuberay https://ray-project.github.io/kuberay-helm/ --force-update");
  g_assert_cmpstr (ray[1], ==, "helm repo update");
  g_assert_cmpstr (ray[2], ==, "helm install kuberay-operator kuberay/kuberay-operator --namespace kuberay-system --create-namespace --version 1.5.1");

  g_assert_cmpuint (g_strv_length (dynamo), ==, 2);
  g_assert_cmpstr (dynamo[0], ==,
                   "helm fetch https://helm.ngc.nvidia.com/nvidia/ai-dynamo/charts/dynamo-crds-0.7.1.tgz && "
                   "helm install dynamo-crds dynamo-crds-0.7.1.tgz --namespace default");
  g_assert_nonnull (strstr (dynamo[1], "helm install dynamo-platform dynamo-platform-0.7.1.tgz --namespace dynamo-system --create-namespace"));

  /* repo add, update, 4 CRDs applied first, then the chart without its CRDs */
  g_assert_cmpuint (g_strv_length (kaito), ==, 7);
  g_assert_true (g_str_has_prefix (kaito[2], "kubectl apply -f https://raw.githubusercontent.com/kubernetes-sigs/karpenter/"));
  g_assert_nonnull (strstr (kaito[5], "kaito.sh_inferencesets.yaml"));
  g_assert_nonnull (strstr (kaito[6], "helm install kaito-workspace kaito/workspace --namespace kaito-workspace --create-namespace --version 0.8.0 --skip-crds"));
  g_assert_nonnull (strstr (kaito[6], "--set-json 'featureGates.disableNodeAutoProvisioning=true'"));

  g_assert_cmpuint (info->n_steps, >=, 3);
  g_assert_nonnull (strstr (info->steps[info->n_steps - 1].command, "--wait"));
  g_assert_cmpstr (info->helm_repos[0].url, ==, "https://kaito-project.github.io/kaito/charts/kaito");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/providers/status/examples", test_examples);
  g_test_add_func ("/providers/status/round-trip", test_round_trip);
  g_test_add_func ("/providers/status/dynamo-phases", test_dynamo_phases);
  g_test_add_func ("/providers/status/dynamo-replicas", test_dynamo_replica_counts);
  g_test_add_func ("/providers/status/kuberay-phases", test_kuberay_phases);
  g_test_add_func ("/providers/status/kuberay-replicas", test_kuberay_replica_counts);
  g_test_add_func ("/providers/status/kaito-phases", test_kaito_phases);
  g_test_add_func ("/providers/status/terminating", test_terminating);
  g_test_add_func ("/providers/status/hostile", test_hostile);
  g_test_add_func ("/providers/registry", test_registry);
  g_test_add_func ("/providers/installation", test_installation);
  g_test_add_func ("/providers/helm", test_helm);

  return g_test_run ();
}
