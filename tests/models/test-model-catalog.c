/* test-model-catalog.c: the curated catalog, the filter, Hub JSON → KfModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "kf-model.h"
#include "kf-model-catalog.h"
#include "kf-hf-model.h"
#include "kf-memory-fit.h"
#include "kf-deployment-config.h"   /* the providers' single-engine enum: both must compile together */

static GListStore *
load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  GListStore *store = kf_model_catalog_load (&error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
test_catalog_entries (void)
{
  g_autoptr(GListStore) store = load_catalog ();
  GListModel *list = G_LIST_MODEL (store);
  KfModel *m;
  guint gated = 0, llamacpp = 0, deprecated = 0;

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 18);

  /* The first entry, field by field (reference §3). */
  m = kf_model_catalog_lookup (list, "Qwen/Qwen3-0.6B");
  g_assert_nonnull (m);
  g_assert_cmpstr (kf_model_get_name (m), ==, "Qwen3 0.6B");
  g_assert_cmpstr (kf_model_get_size (m), ==, "0.6B");
  g_assert_cmpstr (kf_model_get_task (m), ==, "text-generation");
  g_assert_cmpuint (kf_model_get_context_length (m), ==, 32768);
  g_assert_cmpuint (kf_model_get_engines (m), ==, KF_ENGINES_VLLM | KF_ENGINES_SGLANG | KF_ENGINES_TRTLLM);
  g_assert_cmpuint (kf_model_get_min_gpu_memory (m), ==, 4000000000ull);
  g_assert_cmpuint (kf_model_get_min_gpus (m), ==, 1);
  g_assert_false (kf_model_get_gated (m));
  g_assert_cmpint (kf_model_get_source (m), ==, KF_MODEL_SOURCE_CURATED);

  m = kf_model_catalog_lookup (list, "meta-llama/Llama-3.2-1B-Instruct");
  g_assert_true (kf_model_get_gated (m));
  g_assert_cmpuint (kf_model_get_context_length (m), ==, 131072);

  m = kf_model_catalog_lookup (list, "microsoft/Phi-3-mini-4k-instruct");
  g_assert_cmpuint (kf_model_get_engines (m), ==, KF_ENGINES_VLLM | KF_ENGINES_SGLANG);
  g_assert_cmpuint (kf_model_get_context_length (m), ==, 4096);
  g_assert_cmpstr (kf_model_get_architecture (m), ==, "Phi3ForCausalLM");

  /* The GGUF entries: llama.cpp only, no GPU needed, AIKit image. */
  m = kf_model_catalog_lookup (list, "kaito/gpt-oss-20b");
  g_assert_cmpuint (kf_model_get_engines (m), ==, KF_ENGINES_LLAMACPP);
  g_assert_cmpuint (kf_model_get_min_gpus (m), ==, 0);
  /* The original maps this one to "gpt:oss-20b", which matches no image. */
  g_assert_cmpstr (kf_model_get_premade_id (m), ==, "gpt-oss:20b");
  g_assert_cmpstr (kf_model_get_premade_image (m), ==, "ghcr.io/kaito-project/aikit/gpt-oss:20b");
  g_assert_false (kf_model_get_premade_deprecated (m));

  m = kf_model_catalog_lookup (list, "kaito/mixtral-8x7b");
  g_assert_true (kf_model_get_premade_deprecated (m));
  g_assert_cmpstr (kf_model_get_premade_replacement (m), ==, "qwen3.8:27b");

  for (guint i = 0; i < 18; i++)
    {
      g_autoptr(KfModel) it = g_list_model_get_item (list, i);
      gated += kf_model_get_gated (it);
      if (kf_model_get_engines (it) == KF_ENGINES_LLAMACPP)
        {
          llamacpp++;
          g_assert_nonnull (kf_model_get_premade_image (it));
        }
      deprecated += kf_model_get_premade_deprecated (it);
      /* Every entry can be sized offline, KV cache included. */
      {
        KfModelShape shape;
        g_autoptr(GError) error = NULL;
        g_assert_nonnull (kf_model_get_config (it));
        g_assert_true (kf_model_shape_from_config (kf_model_get_config (it), &shape, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (shape.num_layers, >, 0);
        g_assert_cmpuint (shape.head_dim, >=, 64);
        if (kf_model_get_context_length (it) > 0)
          g_assert_cmpuint (shape.max_position_embeddings, >=, kf_model_get_context_length (it));
      }
      g_assert_nonnull (kf_model_get_description (it));
    }
  g_assert_cmpuint (gated, ==, 3);
  g_assert_cmpuint (llamacpp, ==, 10);
  /* gemma2:2b, mixtral:8x7b, qwq:32b, codestral:22b (aikit premade-models.md). */
  g_assert_cmpuint (deprecated, ==, 4);
}

static guint
count_matches (GListModel *list,
               const char *query,
               KfEngines    engines)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(KfModel) m = g_list_model_get_item (list, i);
      n += kf_model_matches (m, query, engines);
    }
  return n;
}

static void
test_filter (void)
{
  g_autoptr(GListStore) store = load_catalog ();
  GListModel *list = G_LIST_MODEL (store);

  g_assert_cmpuint (count_matches (list, NULL, KF_ENGINES_NONE), ==, 18);
  g_assert_cmpuint (count_matches (list, "   ", KF_ENGINES_NONE), ==, 18);
  /* Name, id and description; case-insensitive. */
  /* 4 Llama ids, the DeepSeek distill, TinyLlama, and the 10 GGUF entries
   * whose descriptions say "llama.cpp" (minus the ones counted already). */
  g_assert_cmpuint (count_matches (list, "LLAMA", KF_ENGINES_NONE), ==, 14);
  g_assert_cmpuint (count_matches (list, "qwen", KF_ENGINES_NONE), ==, 2);
  g_assert_cmpuint (count_matches (list, "reasoning", KF_ENGINES_NONE), ==, 2);   /* DeepSeek, QwQ descriptions */
  g_assert_cmpuint (count_matches (list, "tinyllama/", KF_ENGINES_NONE), ==, 1);
  /* Every word must match. */
  g_assert_cmpuint (count_matches (list, "llama gguf", KF_ENGINES_NONE), ==, 10);
  g_assert_cmpuint (count_matches (list, "llama 3.2", KF_ENGINES_NONE), ==, 4);
  g_assert_cmpuint (count_matches (list, "3.2 instruct gguf", KF_ENGINES_NONE), ==, 2);
  g_assert_cmpuint (count_matches (list, "zzz", KF_ENGINES_NONE), ==, 0);
  /* Engines: any-match. */
  g_assert_cmpuint (count_matches (list, NULL, KF_ENGINES_LLAMACPP), ==, 10);
  g_assert_cmpuint (count_matches (list, NULL, KF_ENGINES_TRTLLM), ==, 6);
  g_assert_cmpuint (count_matches (list, NULL, KF_ENGINES_SGLANG), ==, 8);
  g_assert_cmpuint (count_matches (list, NULL, KF_ENGINES_TRTLLM | KF_ENGINES_LLAMACPP), ==, 16);
  g_assert_cmpuint (count_matches (list, "llama", KF_ENGINES_TRTLLM), ==, 3);
}

static void
test_parameter_count (void)
{
  g_assert_cmpuint (kf_parse_parameter_count ("8B"), ==, 8000000000ull);
  g_assert_cmpuint (kf_parse_parameter_count ("0.6B"), ==, 600000000ull);
  g_assert_cmpuint (kf_parse_parameter_count ("125M"), ==, 125000000ull);
  g_assert_cmpuint (kf_parse_parameter_count ("8x7B"), ==, 56000000000ull);
  g_assert_cmpuint (kf_parse_parameter_count ("meta-llama/Llama-3.1-8B-Instruct"), ==, 8000000000ull);
  g_assert_cmpuint (kf_parse_parameter_count ("Qwen/Qwen2.5-1.5B-Instruct"), ==, 1500000000ull);
  g_assert_cmpuint (kf_parse_parameter_count ("microsoft/Phi-3-mini-4k-instruct"), ==, 0);
  g_assert_cmpuint (kf_parse_parameter_count ("gpt2"), ==, 0);
  g_assert_cmpuint (kf_parse_parameter_count (NULL), ==, 0);
}

static void
test_bad_catalogs (void)
{
  static const struct { const char *json; const char *needle; } cases[] = {
    { "not json", "not valid JSON" },
    { "[]", "must be a JSON object" },
    { "{}", "no “models” list" },
    { "{\"models\": [42]}", "entry 1 is not an object" },
    { "{\"models\": [{\"name\": \"x\"}]}", "has no “id”" },
    { "{\"models\": [{\"id\": \"a/b\", \"name\": \"x\", \"engines\": []}]}", "non-empty list" },
    { "{\"models\": [{\"id\": \"a/b\", \"name\": \"x\", \"engines\": [\"tgi\"]}]}", "unknown engine “tgi”" },
    { "{\"models\": [{\"id\": \"a/b\", \"name\": \"x\", \"engines\": [\"vllm\"], \"minGpuMemory\": \"lots\"}]}", "“lots”" },
    { "{\"models\": [{\"id\": \"a/b\", \"name\": \"x\", \"engines\": [\"vllm\"], \"contextLength\": -1}]}", "contextLength" },
    { "{\"models\": [{\"id\": \"a/b\", \"name\": 3, \"engines\": [\"vllm\"]}]}", "must be a string" },
    { "{\"models\": [{\"id\": \"a/b\", \"name\": \"x\", \"engines\": [\"vllm\"]},"
      "{\"id\": \"a/b\", \"name\": \"y\", \"engines\": [\"vllm\"]}]}", "twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListStore) store = kf_model_catalog_load_from_data (cases[i].json, -1, &error);

      g_assert_null (store);
      g_assert_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID);
      if (!g_strrstr (error->message, cases[i].needle))
        g_error ("case %u: “%s” does not mention “%s”", i, error->message, cases[i].needle);
    }
}

static JsonObject *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "huggingface", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_hf_json (void)
{
  g_autoptr(JsonObject) o = load_fixture ("model-info-meta-llama-Llama-3.1-8B-Instruct.json");
  g_autoptr(JsonObject) bert = load_fixture ("model-info-google-bert-bert-base-uncased.json");
  g_autoptr(JsonObject) sd = load_fixture ("model-info-stabilityai-stable-diffusion-2-1.json");
  g_autoptr(JsonObject) gpt2 = load_fixture ("model-info-openai-community-gpt2.json");
  g_autoptr(KfModel) m = NULL, b = NULL, s = NULL, g = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(KfModel) none = NULL;

  m = kf_model_new_from_hf_json (o, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_model_get_id (m), ==, "meta-llama/Llama-3.1-8B-Instruct");
  g_assert_cmpstr (kf_model_get_author (m), ==, "meta-llama");
  g_assert_true (kf_model_get_gated (m));                     /* "manual" */
  g_assert_cmpuint (kf_model_get_parameter_count (m), ==, 8030261248ull);
  g_assert_cmpstr (kf_model_get_size (m), ==, "8.0B");
  g_assert_cmpstr (kf_model_get_architecture (m), ==, "LlamaForCausalLM");
  g_assert_cmpstr (kf_model_get_license (m), ==, "llama3.1");
  g_assert_cmpuint (kf_model_get_engines (m), ==, KF_ENGINES_VLLM | KF_ENGINES_SGLANG | KF_ENGINES_TRTLLM);
  g_assert_cmpint (kf_model_get_source (m), ==, KF_MODEL_SOURCE_HUGGINGFACE);
  g_assert_nonnull (kf_model_get_safetensors (m));
  g_assert_nonnull (kf_model_get_files (m));
  g_assert_true (g_strv_contains (kf_model_get_files (m), "config.json"));
  g_assert_true (kf_hf_model_is_compatible (m, NULL));

  /* Not LLMs: not deployable. */
  b = kf_model_new_from_hf_json (bert, NULL);
  g_assert_false (kf_hf_model_is_compatible (b, NULL));
  s = kf_model_new_from_hf_json (sd, NULL);
  g_assert_false (kf_model_get_gated (s));
  g_assert_false (kf_hf_model_is_compatible (s, NULL));
  g = kf_model_new_from_hf_json (gpt2, NULL);
  g_assert_true (kf_hf_model_is_compatible (g, NULL));
  g_assert_cmpuint (kf_model_get_engines (g), ==, KF_ENGINES_VLLM | KF_ENGINES_SGLANG | KF_ENGINES_TRTLLM);
  g_assert_cmpstr (kf_model_get_size (g), ==, "137M");

  none = kf_model_new_from_hf_json (empty, &error);
  g_assert_null (none);
  g_assert_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID);
}

static void
test_gguf_repo (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KfModel) m = NULL;
  g_auto(GStrv) gguf = NULL;

  json_parser_load_from_data (parser,
    "{\"id\":\"bartowski/Meta-Llama-3.1-8B-Instruct-GGUF\",\"library_name\":\"gguf\",\"pipeline_tag\":\"text-generation\","
    "\"siblings\":[{\"rfilename\":\"README.md\"},{\"rfilename\":\"Meta-Llama-3.1-8B-Instruct-Q8_0.gguf\"},"
    "{\"rfilename\":\"Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf\"}]}", -1, NULL);
  m = kf_model_new_from_hf_json (json_node_get_object (json_parser_get_root (parser)), NULL);
  g_assert_cmpuint (kf_model_get_engines (m), ==, KF_ENGINES_LLAMACPP);
  g_assert_true (kf_hf_model_is_compatible (m, NULL));
  gguf = kf_model_dup_gguf_files (m);
  g_assert_cmpuint (g_strv_length (gguf), ==, 2);
  g_assert_cmpstr (gguf[0], ==, "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf");
}

static void
test_engines (void)
{
  g_autofree char *s = kf_engines_to_display_list (KF_ENGINES_VLLM | KF_ENGINES_LLAMACPP);

  g_assert_cmpstr (s, ==, "vLLM, llama.cpp");
  g_assert_cmpuint (kf_engines_from_name ("TensorRT-LLM"), ==, KF_ENGINES_TRTLLM);
  g_assert_cmpuint (kf_engines_from_name ("llama.cpp"), ==, KF_ENGINES_LLAMACPP);
  g_assert_cmpuint (kf_engines_from_name ("tgi"), ==, KF_ENGINES_NONE);
  /* The providers' KfEngine maps onto one bit each, same names. */
  for (KfEngine e = KF_ENGINE_VLLM; e <= KF_ENGINE_LLAMACPP; e++)
    g_assert_cmpstr (kf_engines_name (KF_ENGINES_FROM_ENGINE (e)), ==, kf_engine_to_string (e));
  g_assert_cmpuint (kf_engines_for_architecture ("DeepseekV2ForCausalLM"), ==,
                    KF_ENGINES_VLLM | KF_ENGINES_SGLANG | KF_ENGINES_LLAMACPP);
  g_assert_cmpuint (kf_engines_for_architecture ("BertForMaskedLM"), ==, KF_ENGINES_NONE);
  g_assert_cmpstr (kf_architecture_from_model_id ("mistralai/Mixtral-8x7B-v0.1"), ==, "MixtralForCausalLM");
  g_assert_cmpstr (kf_architecture_from_model_id ("google/gemma-2-9b"), ==, "Gemma2ForCausalLM");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/models/catalog/entries", test_catalog_entries);
  g_test_add_func ("/models/catalog/filter", test_filter);
  g_test_add_func ("/models/catalog/bad-input", test_bad_catalogs);
  g_test_add_func ("/models/parameter-count", test_parameter_count);
  g_test_add_func ("/models/hf-json", test_hf_json);
  g_test_add_func ("/models/hf-json-gguf", test_gguf_repo);
  g_test_add_func ("/models/engines", test_engines);
  return g_test_run ();
}
