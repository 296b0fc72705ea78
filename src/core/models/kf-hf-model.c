/* kf-hf-model.c: HuggingFace Hub model JSON → KfModel, engine compatibility
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-hf-model"

#include "config.h"

#include <string.h>

#include "kf-hf-model.h"

/* backend/src/services/modelCompatibility.ts (reference §7). */
static const char *const vllm_archs[] = {
  "LlamaForCausalLM", "MistralForCausalLM", "MixtralForCausalLM", "Qwen2ForCausalLM",
  "Qwen2MoeForCausalLM", "Qwen3ForCausalLM", "GPT2LMHeadModel", "GPTNeoForCausalLM",
  "GPTNeoXForCausalLM", "GPTJForCausalLM", "GPTBigCodeForCausalLM", "FalconForCausalLM",
  "PhiForCausalLM", "Phi3ForCausalLM", "GemmaForCausalLM", "Gemma2ForCausalLM",
  "StableLmForCausalLM", "StarCoder2ForCausalLM", "OPTForCausalLM", "BloomForCausalLM",
  "MPTForCausalLM", "BaichuanForCausalLM", "InternLMForCausalLM", "InternLM2ForCausalLM",
  "ChatGLMModel", "CohereForCausalLM", "DbrxForCausalLM", "DeciLMForCausalLM",
  "DeepseekV2ForCausalLM", "ExaoneForCausalLM", "ArcticForCausalLM", "GraniteForCausalLM",
  "GraniteMoeForCausalLM", "JambaForCausalLM", "MiniCPMForCausalLM", "OlmoForCausalLM",
  "Olmo2ForCausalLM", "PersimmonForCausalLM", "SolarForCausalLM", "TeleChat2ForCausalLM",
  "XverseForCausalLM", NULL
};
static const char *const sglang_archs[] = {
  "LlamaForCausalLM", "MistralForCausalLM", "MixtralForCausalLM", "Qwen2ForCausalLM",
  "Qwen2MoeForCausalLM", "Qwen3ForCausalLM", "GPT2LMHeadModel", "GPTNeoXForCausalLM",
  "GPTBigCodeForCausalLM", "GemmaForCausalLM", "Gemma2ForCausalLM", "PhiForCausalLM",
  "Phi3ForCausalLM", "StableLmForCausalLM", "InternLM2ForCausalLM", "DeepseekV2ForCausalLM",
  "OlmoForCausalLM", "Olmo2ForCausalLM", "ExaoneForCausalLM", "MiniCPMForCausalLM", NULL
};
static const char *const trtllm_archs[] = {
  "LlamaForCausalLM", "MistralForCausalLM", "MixtralForCausalLM", "Qwen2ForCausalLM",
  "GPT2LMHeadModel", "GPTNeoXForCausalLM", "FalconForCausalLM", "PhiForCausalLM",
  "GemmaForCausalLM", "BloomForCausalLM", "MPTForCausalLM", "BaichuanForCausalLM",
  "ChatGLMModel", NULL
};
static const char *const llamacpp_archs[] = {
  "LlamaForCausalLM", "MistralForCausalLM", "MixtralForCausalLM", "Qwen2ForCausalLM",
  "Qwen2MoeForCausalLM", "Qwen3ForCausalLM", "GPT2LMHeadModel", "GPTNeoForCausalLM",
  "GPTNeoXForCausalLM", "PhiForCausalLM", "Phi3ForCausalLM", "GemmaForCausalLM",
  "Gemma2ForCausalLM", "FalconForCausalLM", "StableLmForCausalLM", "StarCoder2ForCausalLM",
  "BloomForCausalLM", "MPTForCausalLM", "InternLMForCausalLM", "InternLM2ForCausalLM",
  "DeepseekV2ForCausalLM", "OlmoForCausalLM", "Olmo2ForCausalLM", "MiniCPMForCausalLM", NULL
};

KfEngines
kf_engines_for_architecture (const char *architecture)
{
  KfEngines e = KF_ENGINES_NONE;

  if (architecture == NULL)
    return e;
  if (g_strv_contains (vllm_archs, architecture))
    e |= KF_ENGINES_VLLM;
  if (g_strv_contains (sglang_archs, architecture))
    e |= KF_ENGINES_SGLANG;
  if (g_strv_contains (trtllm_archs, architecture))
    e |= KF_ENGINES_TRTLLM;
  if (g_strv_contains (llamacpp_archs, architecture))
    e |= KF_ENGINES_LLAMACPP;
  return e;
}

const char *
kf_architecture_from_model_id (const char *id)
{
  /* In the original's order: the first match wins. */
  static const struct { const char *needle; const char *arch; } table[] = {
    { "llama", "LlamaForCausalLM" },
    { "mixtral", "MixtralForCausalLM" },
    { "mistral", "MistralForCausalLM" },
    { "qwen3", "Qwen3ForCausalLM" },
    { "qwen", "Qwen2ForCausalLM" },
    { "gemma-2", "Gemma2ForCausalLM" },
    { "gemma2", "Gemma2ForCausalLM" },
    { "gemma", "GemmaForCausalLM" },
    { "phi-3", "Phi3ForCausalLM" },
    { "phi", "PhiForCausalLM" },
    { "falcon", "FalconForCausalLM" },
    { "deepseek", "DeepseekV2ForCausalLM" },
    { "granite", "GraniteForCausalLM" },
    { "olmo-2", "Olmo2ForCausalLM" },
    { "olmo", "OlmoForCausalLM" },
  };
  g_autofree char *lower = NULL;

  if (id == NULL)
    return NULL;
  lower = g_ascii_strdown (id, -1);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (strstr (lower, table[i].needle))
      return table[i].arch;
  return NULL;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;

  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  return NULL;
}

static guint64
count_member (JsonObject *o,
              const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64 && json_node_get_int (n) > 0)
    return (guint64) json_node_get_int (n);
  return 0;
}

KfModel *
kf_model_new_from_hf_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(KfModel) model = NULL;
  const char *id = string_member (object, "id");
  const char *slash, *library, *arch = NULL, *license = NULL;
  JsonNode *n;
  JsonObject *config = NULL, *card = NULL;
  gboolean gguf;
  KfEngines engines;

  if (id == NULL)
    id = string_member (object, "modelId");
  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                           "A HuggingFace model entry has no “id”");
      return NULL;
    }

  slash = strchr (id, '/');
  model = kf_model_new (id, slash ? slash + 1 : id);
  kf_model_set_source (model, KF_MODEL_SOURCE_HUGGINGFACE);
  kf_model_set_author (model, string_member (object, "author"));
  if (kf_model_get_author (model) == NULL && slash)
    {
      g_autofree char *author = g_strndup (id, (gsize) (slash - id));
      kf_model_set_author (model, author);
    }
  kf_model_set_downloads (model, count_member (object, "downloads"));
  kf_model_set_likes (model, count_member (object, "likes"));
  kf_model_set_task (model, string_member (object, "pipeline_tag"));
  library = string_member (object, "library_name");
  kf_model_set_library_name (model, library);

  /* gated: false, or "auto"/"manual" (older answers: true). */
  n = json_object_get_member (object, "gated");
  if (n && JSON_NODE_HOLDS_VALUE (n))
    {
      if (json_node_get_value_type (n) == G_TYPE_BOOLEAN)
        kf_model_set_gated (model, json_node_get_boolean (n));
      else if (json_node_get_value_type (n) == G_TYPE_STRING)
        kf_model_set_gated (model, g_strcmp0 (json_node_get_string (n), "false") != 0 &&
                                   *json_node_get_string (n) != '\0');
    }

  n = json_object_get_member (object, "config");
  if (n && JSON_NODE_HOLDS_OBJECT (n))
    {
      JsonNode *archs;

      config = json_node_get_object (n);
      archs = json_object_get_member (config, "architectures");
      if (archs && JSON_NODE_HOLDS_ARRAY (archs) && json_array_get_length (json_node_get_array (archs)) > 0)
        {
          JsonNode *first = json_array_get_element (json_node_get_array (archs), 0);
          if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING)
            arch = json_node_get_string (first);
        }
    }
  if (arch == NULL)
    arch = kf_architecture_from_model_id (id);
  kf_model_set_architecture (model, arch);

  n = json_object_get_member (object, "cardData");
  if (n && JSON_NODE_HOLDS_OBJECT (n))
    {
      card = json_node_get_object (n);
      license = string_member (card, "license");
    }
  n = json_object_get_member (object, "tags");
  if (n && JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *tags = json_node_get_array (n);
      for (guint i = 0; i < json_array_get_length (tags) && license == NULL; i++)
        {
          JsonNode *t = json_array_get_element (tags, i);
          if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING &&
              g_str_has_prefix (json_node_get_string (t), "license:"))
            license = json_node_get_string (t) + strlen ("license:");
        }
    }
  kf_model_set_license (model, license);

  n = json_object_get_member (object, "safetensors");
  if (n && JSON_NODE_HOLDS_OBJECT (n))
    {
      JsonObject *st = json_node_get_object (n);
      JsonNode *params = json_object_get_member (st, "parameters");
      guint64 total = count_member (st, "total");

      if (params && JSON_NODE_HOLDS_OBJECT (params))
        kf_model_set_safetensors (model, json_node_get_object (params));
      if (total == 0 && params && JSON_NODE_HOLDS_OBJECT (params))
        {
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (params));
          for (GList *l = members; l; l = l->next)
            total += count_member (json_node_get_object (params), l->data);
        }
      kf_model_set_parameter_count (model, total);
    }
  if (kf_model_get_parameter_count (model) > 0)
    {
      double b = (double) kf_model_get_parameter_count (model) / 1e9;
      g_autofree char *size = b >= 1 ? g_strdup_printf ("%.1fB", b)
                                     : g_strdup_printf ("%.0fM", b * 1000);
      kf_model_set_size (model, size);
    }

  n = json_object_get_member (object, "siblings");
  if (n && JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *siblings = json_node_get_array (n);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_auto(GStrv) files = NULL;

      for (guint i = 0; i < json_array_get_length (siblings); i++)
        {
          JsonNode *s = json_array_get_element (siblings, i);
          const char *f = JSON_NODE_HOLDS_OBJECT (s) ? string_member (json_node_get_object (s), "rfilename") : NULL;
          if (f)
            g_strv_builder_add (b, f);
        }
      files = g_strv_builder_end (b);
      kf_model_set_files (model, (const char * const *) files);
    }

  /* Engines: GGUF repos are llama.cpp only; otherwise the allowlists. */
  {
    g_autofree char *lower = g_ascii_strdown (id, -1);
    gguf = g_strcmp0 (library, "gguf") == 0 || strstr (lower, "gguf") != NULL;
  }
  if (gguf)
    engines = KF_ENGINES_LLAMACPP;
  else
    engines = kf_engines_for_architecture (arch) & ~KF_ENGINES_LLAMACPP;
  kf_model_set_engines (model, engines);

  return g_steal_pointer (&model);
}

gboolean
kf_hf_model_is_compatible (KfModel    *model,
                           const char *pipeline_tag)
{
  static const char *const tasks[] = { "text-generation", "text2text-generation", "conversational", NULL };
  static const char *const libraries[] = { "transformers", "vllm", "gguf", "", NULL };
  const char *library = kf_model_get_library_name (model);
  KfEngines engines = kf_model_get_engines (model);

  if (pipeline_tag == NULL)
    pipeline_tag = kf_model_get_task (model);
  if (engines == KF_ENGINES_LLAMACPP)
    return TRUE;   /* GGUF */
  if (engines == KF_ENGINES_NONE)
    return FALSE;
  if (pipeline_tag && g_strv_contains (tasks, pipeline_tag) &&
      g_strv_contains (libraries, library ? library : ""))
    return TRUE;
  return kf_model_get_architecture (model) != NULL;
}
