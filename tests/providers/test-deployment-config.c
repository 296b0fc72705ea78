/* test-deployment-config.c: the deployment config, automatic names, DNS-1123 names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-deployment-config.h"
#include "kf-deployment-status.h"

static void
test_defaults (void)
{
  g_autoptr(KfDeploymentConfig) config = kf_deployment_config_new ();

  /* the original's "defaults sent" */
  g_assert_cmpint (config->engine, ==, KF_ENGINE_VLLM);
  g_assert_cmpint (config->mode, ==, KF_DEPLOYMENT_MODE_AGGREGATED);
  g_assert_cmpint (config->router_mode, ==, KF_ROUTER_MODE_NONE);
  g_assert_cmpuint (config->replicas, ==, 1);
  g_assert_cmpuint (config->gpus_per_replica, ==, 1);
  g_assert_cmpuint (config->prefill_replicas, ==, 1);
  g_assert_cmpuint (config->prefill_gpus, ==, 1);
  g_assert_cmpuint (config->decode_replicas, ==, 1);
  g_assert_cmpuint (config->decode_gpus, ==, 1);
  g_assert_cmpstr (config->hf_token_secret, ==, "hf-token-secret");
  g_assert_true (config->enforce_eager);
  g_assert_false (config->enable_prefix_caching);
  g_assert_false (config->trust_remote_code);
  g_assert_cmpuint (config->context_length, ==, 0);
  g_assert_cmpint (config->compute_type, ==, KF_COMPUTE_CPU);
  g_assert_null (config->namespace);
}

static void
test_copy (void)
{
  g_autoptr(KfDeploymentConfig) config = kf_deployment_config_new ();
  g_autoptr(KfDeploymentConfig) copy = NULL;
  const KfEngineArg *arg;

  config->name = g_strdup ("a");
  config->model_id = g_strdup ("org/model");
  config->replicas = 3;
  kf_deployment_config_add_engine_arg (config, "--max-num-seqs", "8");
  kf_deployment_config_set_label (config, "team", "ml");
  kf_deployment_config_set_annotation (config, "note", "x");

  copy = kf_deployment_config_copy (config);
  g_assert_cmpstr (copy->name, ==, "a");
  g_assert_cmpstr (copy->model_id, ==, "org/model");
  g_assert_true (copy->model_id != config->model_id);
  g_assert_cmpuint (copy->replicas, ==, 3);
  g_assert_cmpuint (copy->engine_args->len, ==, 1);
  arg = g_ptr_array_index (copy->engine_args, 0);
  g_assert_cmpstr (arg->key, ==, "max-num-seqs");  /* leading dashes dropped */
  g_assert_cmpstr (arg->value, ==, "8");
  g_assert_cmpstr (g_hash_table_lookup (copy->labels, "team"), ==, "ml");
  g_assert_cmpstr (g_hash_table_lookup (copy->annotations, "note"), ==, "x");

  /* the copy is independent */
  kf_deployment_config_set_label (config, "team", "other");
  g_assert_cmpstr (g_hash_table_lookup (copy->labels, "team"), ==, "ml");

  g_assert_cmpstr (kf_deployment_config_get_served_name (copy), ==, "org/model");
  copy->served_model_name = g_strdup ("short");
  g_assert_cmpstr (kf_deployment_config_get_served_name (copy), ==, "short");
}

static void
test_enum_strings (void)
{
  KfEngine engine;
  KfDeploymentMode mode;
  KfRouterMode router;
  KfKaitoSource source;
  KfComputeType compute;
  KfDeploymentPhase phase;

  for (KfEngine e = KF_ENGINE_VLLM; e <= KF_ENGINE_LLAMACPP; e++)
    {
      g_assert_true (kf_engine_from_string (kf_engine_to_string (e), &engine));
      g_assert_cmpint (engine, ==, e);
    }
  g_assert_true (kf_engine_from_string ("llama.cpp", &engine));
  g_assert_cmpint (engine, ==, KF_ENGINE_LLAMACPP);
  g_assert_true (kf_engine_from_string ("SGLang", &engine));
  g_assert_cmpint (engine, ==, KF_ENGINE_SGLANG);
  g_assert_false (kf_engine_from_string ("unknown", &engine));
  g_assert_false (kf_engine_from_string ("tgi", &engine));
  g_assert_false (kf_engine_from_string (NULL, &engine));
  g_assert_cmpstr (kf_engine_display_name (KF_ENGINE_TRTLLM), ==, "TensorRT-LLM");

  g_assert_true (kf_deployment_mode_from_string ("disaggregated", &mode));
  g_assert_cmpint (mode, ==, KF_DEPLOYMENT_MODE_DISAGGREGATED);
  g_assert_false (kf_deployment_mode_from_string ("split", &mode));
  g_assert_true (kf_router_mode_from_string ("round-robin", &router));
  g_assert_cmpint (router, ==, KF_ROUTER_MODE_ROUND_ROBIN);
  g_assert_cmpstr (kf_router_mode_to_string (KF_ROUTER_MODE_KV), ==, "kv");
  g_assert_true (kf_kaito_source_from_string ("huggingface", &source));
  g_assert_cmpint (source, ==, KF_KAITO_SOURCE_HUGGINGFACE_DIRECT);
  g_assert_true (kf_kaito_source_from_string ("huggingface-build", &source));
  g_assert_cmpint (source, ==, KF_KAITO_SOURCE_HUGGINGFACE_BUILD);
  g_assert_true (kf_compute_type_from_string ("GPU", &compute));
  g_assert_cmpint (compute, ==, KF_COMPUTE_GPU);

  g_assert_cmpstr (kf_deployment_phase_to_string (KF_DEPLOYMENT_PHASE_DEPLOYING), ==, "Deploying");
  g_assert_true (kf_deployment_phase_from_string ("terminating", &phase));
  g_assert_cmpint (phase, ==, KF_DEPLOYMENT_PHASE_TERMINATING);
  g_assert_false (kf_deployment_phase_from_string ("Exploded", &phase));
}

static void
assert_auto_name (const char *model,
                  const char *base)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *name = kf_deployment_name_generate (model, rand);
  g_autofree char *message = NULL;
  gsize base_len = strlen (base);

  g_test_message ("%s → %s", model, name);
  g_assert_true (g_str_has_prefix (name, base));
  g_assert_cmpuint (strlen (name), ==, base_len + 5);
  g_assert_cmpint (name[base_len], ==, '-');
  for (guint i = 1; i <= 4; i++)
    g_assert_true (g_ascii_islower (name[base_len + i]) || g_ascii_isdigit (name[base_len + i]));
  g_assert_true (kf_dns1123_label_validate (name, &message));
}

static void
test_auto_name (void)
{
  assert_auto_name ("Qwen/Qwen3-0.6B", "qwen3-0-6b");
  assert_auto_name ("meta-llama/Llama-3.1-8B-Instruct", "llama-3-1-8b-instruct");
  assert_auto_name ("gpt2", "gpt2");
  assert_auto_name ("kaito/llama3.2-3b", "llama3-2-3b");
  /* cut to 40 characters before the suffix */
  assert_auto_name ("org/An-Extremely-Long-Model-Name-That-Goes-On-And-On-Forever",
                    "an-extremely-long-model-name-that-goes-o");
  /* what the original would start or end with '-' stays valid */
  assert_auto_name ("org/_private_.", "private");
  assert_auto_name ("", "model");
  assert_auto_name ("org/", "org");
  assert_auto_name ("org/日本語", "model");

  /* random suffix: two names differ */
  {
    g_autofree char *a = kf_deployment_name_generate ("Qwen/Qwen3-0.6B", NULL);
    g_autofree char *b = NULL;
    guint tries = 0;

    do
      {
        g_free (b);
        b = kf_deployment_name_generate ("Qwen/Qwen3-0.6B", NULL);
      }
    while (g_str_equal (a, b) && ++tries < 5);
    g_assert_cmpstr (a, !=, b);
  }
}

static void
test_dns1123 (void)
{
  const char *valid[] = { "a", "qwen3-0-6b-x1z9", "0abc", "a-b", NULL };
  const struct { const char *name; const char *words; } invalid[] = {
    { "", "Enter a name" },
    { "Qwen", "lower-case" },
    { "my_model", "only lower-case letters, digits" },
    { "my.model", "only lower-case letters, digits" },
    { "-abc", "Start and end" },
    { "abc-", "Start and end" },
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "at most 63" },
  };
  char long_ok[64];

  for (guint i = 0; valid[i] != NULL; i++)
    g_assert_true (kf_dns1123_label_validate (valid[i], NULL));
  memset (long_ok, 'a', 63);
  long_ok[63] = '\0';
  g_assert_true (kf_dns1123_label_validate (long_ok, NULL));
  g_assert_false (kf_dns1123_label_validate (NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *message = NULL;

      g_assert_false (kf_dns1123_label_validate (invalid[i].name, &message));
      g_test_message ("“%s”: %s", invalid[i].name, message);
      g_assert_nonnull (strstr (message, invalid[i].words));
    }
}

static void
test_status_replicas_text (void)
{
  g_autoptr(KfDeploymentStatus) status = kf_deployment_status_new ();
  g_autoptr(KfDeploymentStatus) copy = NULL;
  g_autofree char *agg = NULL;
  g_autofree char *pd = NULL;

  status->desired_replicas = 3;
  status->ready_replicas = 2;
  status->model_id = g_strdup ("m");
  agg = kf_deployment_status_format_replicas (status);
  g_assert_cmpstr (agg, ==, "2/3");

  status->mode = KF_DEPLOYMENT_MODE_DISAGGREGATED;
  status->prefill_ready = 1;
  status->prefill_desired = 2;
  status->decode_ready = 0;
  status->decode_desired = 1;
  pd = kf_deployment_status_format_replicas (status);
  g_assert_cmpstr (pd, ==, "P: 1/2, D: 0/1");

  copy = kf_deployment_status_copy (status);
  g_assert_cmpstr (copy->model_id, ==, "m");
  g_assert_cmpuint (copy->prefill_desired, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/providers/config/defaults", test_defaults);
  g_test_add_func ("/providers/config/copy", test_copy);
  g_test_add_func ("/providers/config/enum-strings", test_enum_strings);
  g_test_add_func ("/providers/config/auto-name", test_auto_name);
  g_test_add_func ("/providers/config/dns1123", test_dns1123);
  g_test_add_func ("/providers/status/replicas-text", test_status_replicas_text);

  return g_test_run ();
}
