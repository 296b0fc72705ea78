/* test-deployer.c: creating deployments on the simulated cluster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-deployer.h"
#include "kf-keyring.h"
#include "kf-kubeconfig.h"
#include "kf-provider-registry.h"
#include "kf-test-sim.h"

static KfKubeClient *
client_for (KfTestSim  *sim,
            const char *context)
{
  const char *paths[] = { sim->kubeconfig, NULL };
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);
  g_autoptr(KfRestConfig) rest = NULL;
  g_autoptr(GError) error = NULL;

  kf_kubeconfig_set_keyring (kubeconfig, kf_keyring_new (FALSE));
  kf_kubeconfig_load (kubeconfig);
  rest = kf_kubeconfig_build_rest_config (kubeconfig, context, &error);
  g_assert_no_error (error);
  return kf_kube_client_new (rest);
}

typedef struct
{
  gboolean   done;
  GPtrArray *created;
  GError    *error;
} Wait;

static void
deploy_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->created = kf_deployer_deploy_finish (KF_DEPLOYER (source), result, &wait->error);
  wait->done = TRUE;
}

static void
apply_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->created = kf_deployer_apply_finish (KF_DEPLOYER (source), result, &wait->error);
  wait->done = TRUE;
}

/* Deploys; returns the created objects or NULL with *error. */
static GPtrArray *
deploy (KfKubeClient             *client,
        const KfDeploymentConfig *config,
        const char               *token,
        GError                  **error)
{
  g_autoptr(KfDeployer) deployer = kf_deployer_new (client);
  KfProvider *provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), config->provider_id);
  Wait wait = { 0 };

  kf_deployer_deploy_async (deployer, provider, config, token, NULL, deploy_cb, &wait);
  g_assert_true (kf_test_sim_wait (&wait.done, 20000));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.created;
}

static KfDeploymentConfig *
config_new (const char *provider,
            const char *model,
            const char *name,
            const char *ns)
{
  KfDeploymentConfig *config = kf_deployment_config_new ();

  config->provider_id = g_strdup (provider);
  config->model_id = g_strdup (model);
  config->name = g_strdup (name);
  config->namespace = g_strdup (ns);
  return config;
}

static guint
get_status (KfTestSim  *sim,
            const char *path)
{
  guint status = 0;
  g_autoptr(JsonNode) node = kf_test_sim_request (sim, "admin", "GET", path, NULL, NULL, &status);

  return status;
}

/* Every provider × mode × engine (× KAITO source) the wizard can produce is
 * accepted by the cluster's validation against the real CRDs. */
static void
test_all_combinations (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfKubeClient) client = client_for (sim, "kubefoundry-sim");
  const struct
  {
    const char *provider, *model, *mode, *engine, *source, *gguf;
  } cases[] = {
    { "dynamo", "Qwen/Qwen3-0.6B", "aggregated", "vllm", NULL, NULL },
    { "dynamo", "Qwen/Qwen3-0.6B", "aggregated", "sglang", NULL, NULL },
    { "dynamo", "Qwen/Qwen3-0.6B", "aggregated", "trtllm", NULL, NULL },
    { "dynamo", "Qwen/Qwen3-0.6B", "disaggregated", "vllm", NULL, NULL },
    { "dynamo", "Qwen/Qwen3-0.6B", "disaggregated", "sglang", NULL, NULL },
    { "dynamo", "Qwen/Qwen3-0.6B", "disaggregated", "trtllm", NULL, NULL },
    { "kuberay", "Qwen/Qwen3-0.6B", "aggregated", "vllm", NULL, NULL },
    { "kuberay", "Qwen/Qwen3-0.6B", "disaggregated", "vllm", NULL, NULL },
    { "kaito", "Qwen/Qwen3-0.6B", "aggregated", "vllm", "vllm", NULL },
    { "kaito", "llama3.2:3b", "aggregated", "llamacpp", "premade", NULL },
    { "kaito", "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "aggregated", "llamacpp", "huggingface", "qwen2.5-0.5b-instruct-q4_k_m.gguf" },
    { "kaito", "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "aggregated", "llamacpp", "huggingface-build", "qwen2.5-0.5b-instruct-q4_k_m.gguf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("combo-%u", i);
      g_autoptr(KfDeploymentConfig) config = config_new (cases[i].provider, cases[i].model, name, "team-a");
      g_autoptr(GPtrArray) created = NULL;
      g_autoptr(GError) error = NULL;
      KfProvider *provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), cases[i].provider);
      const KfCrdConfig *crd = kf_provider_get_crd_config (provider);
      g_autofree char *path = NULL;

      g_test_message ("%s %s %s %s", cases[i].provider, cases[i].mode, cases[i].engine,
                      cases[i].source ? cases[i].source : "");
      g_assert_true (kf_deployment_mode_from_string (cases[i].mode, &config->mode));
      g_assert_true (kf_engine_from_string (cases[i].engine, &config->engine));
      if (cases[i].source != NULL)
        g_assert_true (kf_kaito_source_from_string (cases[i].source, &config->kaito_source));
      if (config->kaito_source == KF_KAITO_SOURCE_PREMADE)
        config->kaito_preset = g_strdup (cases[i].model);
      config->gguf_file = g_strdup (cases[i].gguf);

      created = deploy (client, config, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (created);
      g_assert_cmpuint (created->len, >=, 1);

      path = g_strdup_printf ("/apis/%s/%s/namespaces/team-a/%s/%s", crd->group, crd->version, crd->plural, name);
      g_assert_cmpuint (get_status (sim, path), ==, 200);
      if (g_str_equal (cases[i].provider, "kaito") && config->kaito_source == KF_KAITO_SOURCE_VLLM)
        {
          /* KAITO vLLM: the extra Service too */
          g_assert_cmpuint (created->len, ==, 2);
        }
    }
}

/* The namespace is created when missing; the HF secret for gated models. */
static void
test_namespace_and_secret (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfKubeClient) client = client_for (sim, "kubefoundry-sim");
  g_autoptr(KfDeploymentConfig) config = config_new ("dynamo", "meta-llama/Llama-3.1-8B-Instruct", "llama", "brand-new-ns");
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) secret = NULL;
  g_autofree char *decoded = NULL;
  const char *data;
  gsize len;
  guint status;

  g_assert_cmpuint (get_status (sim, "/api/v1/namespaces/brand-new-ns"), ==, 404);
  created = deploy (client, config, "hf_secretvalue123", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (get_status (sim, "/api/v1/namespaces/brand-new-ns"), ==, 200);

  secret = kf_test_sim_request (sim, "admin", "GET", "/api/v1/namespaces/brand-new-ns/secrets/hf-token-secret",
                                NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  data = json_object_get_string_member (json_object_get_object_member (json_node_get_object (secret), "data"), "HF_TOKEN");
  decoded = (char *) g_base64_decode (data, &len);
  g_assert_cmpmem (decoded, len, "hf_secretvalue123", strlen ("hf_secretvalue123"));

  /* a second deployment in the same namespace updates the existing secret */
  g_clear_pointer (&created, g_ptr_array_unref);
  g_free (config->name);
  config->name = g_strdup ("llama-two");
  created = deploy (client, config, "hf_newtoken", &error);
  g_assert_no_error (error);
  g_clear_pointer (&secret, json_node_unref);
  g_clear_pointer (&decoded, g_free);
  secret = kf_test_sim_request (sim, "admin", "GET", "/api/v1/namespaces/brand-new-ns/secrets/hf-token-secret",
                                NULL, NULL, &status);
  data = json_object_get_string_member (json_object_get_object_member (json_node_get_object (secret), "data"), "HF_TOKEN");
  decoded = (char *) g_base64_decode (data, &len);
  g_assert_cmpmem (decoded, len, "hf_newtoken", strlen ("hf_newtoken"));

  /* without a token no secret is made */
  g_clear_pointer (&created, g_ptr_array_unref);
  g_free (config->namespace);
  config->namespace = g_strdup ("no-secret-ns");
  created = deploy (client, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (get_status (sim, "/api/v1/namespaces/no-secret-ns/secrets/hf-token-secret"), ==, 404);
}

/* A manifest the CRD rejects: the 422's causes map back to wizard fields. */
static void
test_invalid_maps_to_fields (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfKubeClient) client = client_for (sim, "kubefoundry-sim");
  g_autoptr(KfDeployer) deployer = kf_deployer_new (client);
  g_autoptr(KfDeploymentConfig) config = config_new ("dynamo", "Qwen/Qwen3-0.6B", "broken", "team-a");
  KfProvider *provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), "dynamo");
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *services, *worker = NULL;
  Wait wait = { 0 };
  gboolean found = FALSE;

  config->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
  manifests = kf_provider_generate_manifests (provider, config, &error);
  g_assert_no_error (error);
  /* the decode worker's replicas become a string: what a hand-edited config could do */
  services = json_object_get_object_member (json_object_get_object_member (
               json_node_get_object (g_ptr_array_index (manifests, 0)), "spec"), "services");
  {
    g_autoptr(GList) members = json_object_get_members (services);

    for (GList *m = members; m != NULL; m = m->next)
      if (strstr (m->data, "Decode") != NULL)
        worker = json_object_get_object_member (services, m->data);
  }
  g_assert_nonnull (worker);
  json_object_set_string_member (worker, "replicas", "two");

  kf_deployer_apply_async (deployer, manifests, NULL, NULL, NULL, apply_cb, &wait);
  g_assert_true (kf_test_sim_wait (&wait.done, 20000));
  g_assert_error (wait.error, KF_KUBE_ERROR, KF_KUBE_ERROR_INVALID);
  g_assert_null (wait.created);

  issues = kf_deployer_explain_error (wait.error, config);
  for (guint i = 0; i < issues->len; i++)
    {
      KfValidationIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("%s: %s", issue->field, issue->message);
      if (g_strcmp0 (issue->field, "decode_replicas") == 0)
        found = TRUE;
    }
  g_assert_true (found);
  g_clear_error (&wait.error);

  /* the table, for each provider */
  g_assert_cmpstr (kf_deployer_field_for_path (config, "spec.services.VllmPrefillWorker.resources.limits.gpu"), ==, "prefill_gpus");
  g_assert_cmpstr (kf_deployer_field_for_path (config, "metadata.name"), ==, "name");
  config->mode = KF_DEPLOYMENT_MODE_AGGREGATED;
  g_assert_cmpstr (kf_deployer_field_for_path (config, "spec.services.VllmDecodeWorker.replicas"), ==, "replicas");
  g_free (config->provider_id);
  config->provider_id = g_strdup ("kaito");
  g_assert_cmpstr (kf_deployer_field_for_path (config, "resource.count"), ==, "replicas");
  g_free (config->provider_id);
  config->provider_id = g_strdup ("kuberay");
  g_assert_cmpstr (kf_deployer_field_for_path (config, "spec.rayClusterConfig.workerGroupSpecs[0].replicas"), ==, "replicas");
  g_assert_null (kf_deployer_field_for_path (config, "spec.somethingElse"));
}

/* 403 as the read-only viewer; 409 on a second create, at the name field. */
static void
test_forbidden_and_conflict (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfKubeClient) admin = client_for (sim, "kubefoundry-sim");
  g_autoptr(KfKubeClient) viewer = client_for (sim, "kubefoundry-sim-viewer");
  g_autoptr(KfDeploymentConfig) config = config_new ("kuberay", "Qwen/Qwen3-0.6B", "twice", "default");
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  KfValidationIssue *issue;

  created = deploy (viewer, config, NULL, &error);
  g_assert_null (created);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN);
  issues = kf_deployer_explain_error (error, config);
  g_assert_cmpuint (issues->len, ==, 1);
  issue = g_ptr_array_index (issues, 0);
  g_assert_null (issue->field);
  g_assert_nonnull (strstr (issue->message, "default"));
  g_clear_error (&error);
  g_clear_pointer (&issues, g_ptr_array_unref);

  created = deploy (admin, config, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&created, g_ptr_array_unref);
  created = deploy (admin, config, NULL, &error);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_ALREADY_EXISTS);
  issues = kf_deployer_explain_error (error, config);
  issue = g_ptr_array_index (issues, 0);
  g_assert_cmpstr (issue->field, ==, "name");
  g_assert_nonnull (strstr (issue->message, "twice"));
  g_clear_error (&error);

  /* an invalid config fails before any request */
  g_free (config->name);
  config->name = g_strdup ("Not_Valid");
  created = deploy (admin, config, NULL, &error);
  g_assert_error (error, KF_PROVIDER_ERROR, KF_PROVIDER_ERROR_INVALID_CONFIG);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deployer/all-combinations", test_all_combinations);
  g_test_add_func ("/deployer/namespace-and-secret", test_namespace_and_secret);
  g_test_add_func ("/deployer/invalid-maps-to-fields", test_invalid_maps_to_fields);
  g_test_add_func ("/deployer/forbidden-and-conflict", test_forbidden_and_conflict);
  return g_test_run ();
}
