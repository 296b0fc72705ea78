/* test-provider-validate.c: every validation rule, one message per field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-provider-registry.h"

static KfProvider *
provider (const char *id)
{
  return kf_provider_registry_lookup (kf_provider_registry_get_default (), id);
}

static KfDeploymentConfig *
valid_config (const char *provider_id)
{
  KfDeploymentConfig *config = kf_deployment_config_new ();

  config->provider_id = g_strdup (provider_id);
  config->name = g_strdup ("ok-name");
  config->model_id = g_strdup ("Qwen/Qwen3-0.6B");
  return config;
}

/* Asserts that validation yields exactly one issue, on @field, whose message contains @words. */
static void
assert_single_issue (const char         *provider_id,
                     KfDeploymentConfig *config,
                     const char         *field,
                     const char         *words)
{
  g_autoptr(GPtrArray) issues = kf_provider_validate (provider (provider_id), config);
  const KfValidationIssue *issue;

  for (guint i = 0; i < issues->len; i++)
    {
      issue = g_ptr_array_index (issues, i);
      g_test_message ("%s: %s: %s", provider_id, issue->field, issue->message);
    }
  g_assert_cmpuint (issues->len, ==, 1);
  issue = g_ptr_array_index (issues, 0);
  g_assert_cmpstr (issue->field, ==, field);
  g_assert_nonnull (strstr (issue->message, words));
}

static void
assert_valid (const char         *provider_id,
              KfDeploymentConfig *config)
{
  g_autoptr(GPtrArray) issues = kf_provider_validate (provider (provider_id), config);

  for (guint i = 0; i < issues->len; i++)
    {
      const KfValidationIssue *issue = g_ptr_array_index (issues, i);
      g_test_message ("unexpected: %s: %s", issue->field, issue->message);
    }
  g_assert_cmpuint (issues->len, ==, 0);
}

static void
test_valid_defaults (void)
{
  const char *ids[] = { "dynamo", "kuberay", "kaito" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(KfDeploymentConfig) config = valid_config (ids[i]);
      assert_valid (ids[i], config);
    }
}

static void
test_bad_name (void)
{
  const char *ids[] = { "dynamo", "kuberay", "kaito" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(KfDeploymentConfig) config = valid_config (ids[i]);

      g_free (config->name);
      config->name = g_strdup ("My_Model");
      assert_single_issue (ids[i], config, "name", "lower-case");
      g_clear_pointer (&config->name, g_free);
      assert_single_issue (ids[i], config, "name", "Enter a name");
    }
}

static void
test_name_limits (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("kuberay");
  g_autofree char *n47 = g_strnfill (47, 'a');
  g_autofree char *n48 = g_strnfill (48, 'a');
  g_autofree char *n59 = g_strnfill (59, 'a');

  /* KubeRay: at most 47 characters, starting with a letter */
  g_free (config->name);
  config->name = g_strdup (n47);
  assert_valid ("kuberay", config);
  g_free (config->name);
  config->name = g_strdup (n48);
  assert_single_issue ("kuberay", config, "name", "at most 47");
  g_free (config->name);
  config->name = g_strdup ("2b-model");
  assert_single_issue ("kuberay", config, "name", "starts with a letter");
  g_clear_pointer (&config->provider_id, g_free);  /* any provider */
  assert_valid ("dynamo", config);

  /* KAITO vLLM: room for the "-vllm" Service */
  g_free (config->provider_id);
  config->provider_id = g_strdup ("kaito");
  g_free (config->name);
  config->name = g_strdup (n59);
  assert_single_issue ("kaito", config, "name", "-vllm");
}

static void
test_bad_namespace (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("dynamo");

  config->namespace = g_strdup ("Team A");
  assert_single_issue ("dynamo", config, "namespace", "lower-case");
}

static void
test_missing_model (void)
{
  const char *ids[] = { "dynamo", "kuberay", "kaito" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(KfDeploymentConfig) config = valid_config (ids[i]);

      g_free (config->model_id);
      config->model_id = g_strdup ("  ");
      assert_single_issue (ids[i], config, "model_id", "Choose a model");
    }
}

static void
test_zero_gpus (void)
{
  const char *ids[] = { "dynamo", "kuberay", "kaito" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(KfDeploymentConfig) config = valid_config (ids[i]);

      config->gpus_per_replica = 0;
      assert_single_issue (ids[i], config, "gpus_per_replica", "at least one GPU");
    }

  /* KAITO on CPU does not need GPUs */
  {
    g_autoptr(KfDeploymentConfig) config = valid_config ("kaito");

    config->kaito_source = KF_KAITO_SOURCE_PREMADE;
    config->engine = KF_ENGINE_LLAMACPP;
    config->kaito_preset = g_strdup ("llama3.2:1b");
    config->gpus_per_replica = 0;
    assert_valid ("kaito", config);
    config->compute_type = KF_COMPUTE_GPU;
    assert_single_issue ("kaito", config, "gpus_per_replica", "at least one GPU");
  }
}

static void
test_replicas_range (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("dynamo");

  config->replicas = 0;
  assert_single_issue ("dynamo", config, "replicas", "between 1 and 10");
  config->replicas = 11;
  assert_single_issue ("dynamo", config, "replicas", "between 1 and 10");
  config->replicas = 10;
  assert_valid ("dynamo", config);
}

static void
test_disaggregated_counts (void)
{
  const char *ids[] = { "dynamo", "kuberay" };
  const char *fields[] = { "prefill_replicas", "prefill_gpus", "decode_replicas", "decode_gpus" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
      {
        g_autoptr(KfDeploymentConfig) config = valid_config (ids[i]);

        config->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
        /* aggregated counts do not matter in disaggregated mode */
        config->replicas = 0;
        config->gpus_per_replica = 0;
        assert_valid (ids[i], config);
        switch (f)
          {
          case 0: config->prefill_replicas = 0; break;
          case 1: config->prefill_gpus = 0; break;
          case 2: config->decode_replicas = 0; break;
          default: config->decode_gpus = 0; break;
          }
        assert_single_issue (ids[i], config, fields[f], f % 2 == 0 ? "between 1 and 10" : "at least one GPU");
      }

  /* all four missing: four messages, one per field */
  {
    g_autoptr(KfDeploymentConfig) config = valid_config ("dynamo");
    g_autoptr(GPtrArray) issues = NULL;

    config->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
    config->prefill_replicas = config->prefill_gpus = config->decode_replicas = config->decode_gpus = 0;
    issues = kf_provider_validate (provider ("dynamo"), config);
    g_assert_cmpuint (issues->len, ==, 4);
  }
}

static void
test_engine_not_supported (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("dynamo");

  config->engine = KF_ENGINE_LLAMACPP;
  assert_single_issue ("dynamo", config, "engine", "cannot run llama.cpp");
  config->engine = KF_ENGINE_UNKNOWN;
  assert_single_issue ("dynamo", config, "engine", "Choose an inference engine");
  config->engine = KF_ENGINE_TRTLLM;
  assert_valid ("dynamo", config);
}

static void
test_kuberay_vllm_only (void)
{
  const KfEngine engines[] = { KF_ENGINE_SGLANG, KF_ENGINE_TRTLLM, KF_ENGINE_LLAMACPP };

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      g_autoptr(KfDeploymentConfig) config = valid_config ("kuberay");

      config->engine = engines[i];
      assert_single_issue ("kuberay", config, "engine", "choose vLLM");
    }
}

static void
test_kaito_disaggregated (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("kaito");

  config->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
  assert_single_issue ("kaito", config, "mode", "aggregated deployments only");
  g_assert_false (kf_provider_supports_mode (provider ("kaito"), KF_DEPLOYMENT_MODE_DISAGGREGATED));
  g_assert_true (kf_provider_supports_mode (provider ("dynamo"), KF_DEPLOYMENT_MODE_DISAGGREGATED));
}

static void
test_kaito_gguf_rules (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("kaito");

  g_free (config->model_id);
  config->model_id = g_strdup ("Qwen/Qwen2.5-0.5B-Instruct-GGUF");
  config->engine = KF_ENGINE_LLAMACPP;
  config->kaito_source = KF_KAITO_SOURCE_HUGGINGFACE_DIRECT;
  assert_single_issue ("kaito", config, "gguf_file", "Select a GGUF file");
  config->kaito_source = KF_KAITO_SOURCE_HUGGINGFACE_BUILD;
  assert_single_issue ("kaito", config, "gguf_file", "Select a GGUF file");

  config->gguf_file = g_strdup ("model.safetensors");
  assert_single_issue ("kaito", config, "gguf_file", "must end with .gguf");
  g_free (config->gguf_file);
  config->gguf_file = g_strdup ("qwen2.5-0.5b-instruct-q4_k_m.gguf");
  assert_valid ("kaito", config);

  /* GGUF runs on llama.cpp only */
  config->engine = KF_ENGINE_VLLM;
  assert_single_issue ("kaito", config, "engine", "llama.cpp");
  config->engine = KF_ENGINE_LLAMACPP;

  /* a repository id, not a bare name */
  g_free (config->model_id);
  config->model_id = g_strdup ("just-a-name");
  assert_single_issue ("kaito", config, "model_id", "owner/name");
}

static void
test_kaito_premade_rules (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("kaito");

  config->kaito_source = KF_KAITO_SOURCE_PREMADE;
  config->engine = KF_ENGINE_LLAMACPP;
  /* the model id is not a premade one and no preset is given */
  assert_single_issue ("kaito", config, "kaito_preset", "not one of the pre-made models");
  config->kaito_preset = g_strdup ("llama3.2:3b");
  assert_valid ("kaito", config);
  /* or found from the curated catalog id */
  g_clear_pointer (&config->kaito_preset, g_free);
  g_free (config->model_id);
  config->model_id = g_strdup ("kaito/llama3.1-8b");
  assert_valid ("kaito", config);
  g_clear_pointer (&config->model_id, g_free);
  assert_single_issue ("kaito", config, "kaito_preset", "Choose a pre-made model");
}

static void
test_kaito_vllm_engine (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("kaito");

  config->engine = KF_ENGINE_LLAMACPP;
  assert_single_issue ("kaito", config, "engine", "vLLM");
  config->engine = KF_ENGINE_SGLANG;
  assert_single_issue ("kaito", config, "engine", "cannot run SGLang");
}

static void
test_hf_secret (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("dynamo");

  g_clear_pointer (&config->hf_token_secret, g_free);
  assert_single_issue ("dynamo", config, "hf_token_secret", "Secret");
  config->hf_token_secret = g_strdup ("HF Token");
  assert_single_issue ("dynamo", config, "hf_token_secret", "not a valid Secret name");

  /* KAITO: optional (only gated models need it) but must be a valid name when given */
  {
    g_autoptr(KfDeploymentConfig) kaito = valid_config ("kaito");

    g_clear_pointer (&kaito->hf_token_secret, g_free);
    assert_valid ("kaito", kaito);
    kaito->hf_token_secret = g_strdup ("Bad Secret");
    assert_single_issue ("kaito", kaito, "hf_token_secret", "not a valid Secret name");
  }
}

static void
test_engine_args (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("dynamo");

  kf_deployment_config_add_engine_arg (config, "max-num-seqs", "8");
  assert_valid ("dynamo", config);
  kf_deployment_config_add_engine_arg (config, "x; rm -rf /", NULL);
  assert_single_issue ("dynamo", config, "engine_args", "not a valid engine argument");
}

static void
test_labels (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("dynamo");

  kf_deployment_config_set_label (config, "example.com/team", "ml-platform_1.0");
  kf_deployment_config_set_annotation (config, "note", "any text: even spaces and / slashes");
  assert_valid ("dynamo", config);

  kf_deployment_config_set_label (config, "bad key", "x");
  assert_single_issue ("dynamo", config, "labels", "not a valid key");
  g_hash_table_remove (config->labels, "bad key");
  kf_deployment_config_set_label (config, "team", "has spaces");
  assert_single_issue ("dynamo", config, "labels", "not a valid label value");
  g_hash_table_remove (config->labels, "team");
  kf_deployment_config_set_annotation (config, "Example.com/x", "v");
  assert_single_issue ("dynamo", config, "annotations", "not a valid key");
}

static void
test_text_fields (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("dynamo");

  config->memory = g_strdup ("64Gi");
  assert_valid ("dynamo", config);
  g_free (config->memory);
  config->memory = g_strdup ("64 GB");
  assert_single_issue ("dynamo", config, "memory", "not a Kubernetes quantity");
  g_clear_pointer (&config->memory, g_free);

  config->served_model_name = g_strdup ("line\nbreak");
  assert_single_issue ("dynamo", config, "served_model_name", "control characters");
  g_free (config->served_model_name);
  config->served_model_name = g_strdup ("bad\xff\xfe");
  assert_single_issue ("dynamo", config, "served_model_name", "UTF-8");
}

static void
test_wrong_provider (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("kuberay");

  assert_single_issue ("dynamo", config, "provider_id", "not NVIDIA Dynamo");
}

static void
test_one_message_per_field (void)
{
  g_autoptr(KfDeploymentConfig) config = valid_config ("kaito");
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* everything wrong at once */
  g_free (config->name);
  config->name = g_strdup ("-");
  config->namespace = g_strdup ("NS");
  config->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
  config->engine = KF_ENGINE_TRTLLM;
  config->replicas = 0;
  config->gpus_per_replica = 0;
  g_clear_pointer (&config->model_id, g_free);
  issues = kf_provider_validate (provider ("kaito"), config);
  for (guint i = 0; i < issues->len; i++)
    {
      const KfValidationIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("%s: %s", issue->field, issue->message);
      g_assert_false (g_hash_table_contains (seen, issue->field));
      g_hash_table_add (seen, issue->field);
      g_assert_cmpuint (strlen (issue->message), >, 0);
    }
  g_assert_cmpuint (issues->len, ==, 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/providers/validate/valid-defaults", test_valid_defaults);
  g_test_add_func ("/providers/validate/bad-name", test_bad_name);
  g_test_add_func ("/providers/validate/name-limits", test_name_limits);
  g_test_add_func ("/providers/validate/bad-namespace", test_bad_namespace);
  g_test_add_func ("/providers/validate/missing-model", test_missing_model);
  g_test_add_func ("/providers/validate/zero-gpus", test_zero_gpus);
  g_test_add_func ("/providers/validate/replicas-range", test_replicas_range);
  g_test_add_func ("/providers/validate/disaggregated-counts", test_disaggregated_counts);
  g_test_add_func ("/providers/validate/engine-not-supported", test_engine_not_supported);
  g_test_add_func ("/providers/validate/kuberay-vllm-only", test_kuberay_vllm_only);
  g_test_add_func ("/providers/validate/kaito-disaggregated", test_kaito_disaggregated);
  g_test_add_func ("/providers/validate/kaito-gguf", test_kaito_gguf_rules);
  g_test_add_func ("/providers/validate/kaito-premade", test_kaito_premade_rules);
  g_test_add_func ("/providers/validate/kaito-vllm-engine", test_kaito_vllm_engine);
  g_test_add_func ("/providers/validate/hf-secret", test_hf_secret);
  g_test_add_func ("/providers/validate/engine-args", test_engine_args);
  g_test_add_func ("/providers/validate/labels", test_labels);
  g_test_add_func ("/providers/validate/text-fields", test_text_fields);
  g_test_add_func ("/providers/validate/wrong-provider", test_wrong_provider);
  g_test_add_func ("/providers/validate/one-message-per-field", test_one_message_per_field);

  return g_test_run ();
}
