/* kf-model.h: one model of the catalog or of a HuggingFace search
 *
 * A KfModel is what the Models page lists and what the deploy wizard starts
 * from: identity (HuggingFace repo id), size, context length, the inference
 * engines that can serve it, gating, licence, architecture and, for the
 * KAITO pre-made GGUF entries, the AIKit image (with its upstream
 * deprecation). Curated entries come from kf-model-catalog.h, HuggingFace
 * results from kf-hf-client.h; both are plain KfModel objects, so one
 * GListModel/GtkFilter works for both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The set of inference engines a model can be served with. One bit per
 * value of the providers' KfEngine (kf-deployment-config.h), in the same
 * order: KF_ENGINES_FROM_ENGINE (KF_ENGINE_SGLANG) == KF_ENGINES_SGLANG. */
typedef enum /*< flags >*/
{
  KF_ENGINES_NONE     = 0,
  KF_ENGINES_VLLM     = 1 << 0,
  KF_ENGINES_SGLANG   = 1 << 1,
  KF_ENGINES_TRTLLM   = 1 << 2,
  KF_ENGINES_LLAMACPP = 1 << 3,
} KfEngines;

#define KF_ENGINES_ALL (KF_ENGINES_VLLM | KF_ENGINES_SGLANG | KF_ENGINES_TRTLLM | KF_ENGINES_LLAMACPP)
#define KF_ENGINES_FROM_ENGINE(engine) ((KfEngines) (1u << (engine)))

typedef enum
{
  KF_MODEL_SOURCE_CURATED,
  KF_MODEL_SOURCE_HUGGINGFACE,
} KfModelSource;

#define KF_TYPE_ENGINES      (kf_engines_get_type ())
#define KF_TYPE_MODEL_SOURCE (kf_model_source_get_type ())
GType kf_engines_get_type      (void) G_GNUC_CONST;
GType kf_model_source_get_type (void) G_GNUC_CONST;

#define KF_MODEL_ERROR (kf_model_error_quark ())

typedef enum
{
  KF_MODEL_ERROR_INVALID,   /* a catalog or model document that cannot be used */
} KfModelError;

GQuark      kf_model_error_quark     (void);

/* "vllm", "sglang", "trtllm", "llamacpp" (also "llama.cpp", "tensorrt-llm",
 * case-insensitive) → its flag; KF_ENGINES_NONE when unknown. */
KfEngines   kf_engines_from_name       (const char *name);
/* The id used in manifests and JSON ("vllm"…) of a single flag. */
const char *kf_engines_name            (KfEngines   engine);
/* The name users read ("vLLM", "SGLang", "TensorRT-LLM", "llama.cpp"). */
const char *kf_engines_display_name    (KfEngines   engine);
/* "vLLM, SGLang" for a set of flags (free with g_free). */
char       *kf_engines_to_display_list (KfEngines   engines);

#define KF_TYPE_MODEL (kf_model_get_type ())
G_DECLARE_FINAL_TYPE (KfModel, kf_model, KF, MODEL, GObject)

KfModel      *kf_model_new                     (const char    *id,
                                                const char    *name);

const char   *kf_model_get_id                  (KfModel       *self);
const char   *kf_model_get_name                (KfModel       *self);
const char   *kf_model_get_description         (KfModel       *self);
void          kf_model_set_description         (KfModel       *self,
                                                const char    *description);
/* Size label as shown ("8B", "8x7B", "1.5B"); may be NULL. */
const char   *kf_model_get_size                (KfModel       *self);
void          kf_model_set_size                (KfModel       *self,
                                                const char    *size);
/* Parameter count: from safetensors metadata when known, else 0. */
guint64       kf_model_get_parameter_count     (KfModel       *self);
void          kf_model_set_parameter_count     (KfModel       *self,
                                                guint64        count);
/* The parameter count, from metadata or else estimated from the size label
 * or the id ("8B" → 8e9); *exact says which. 0 when nothing is known. */
guint64       kf_model_get_effective_parameter_count (KfModel *self,
                                                      gboolean *exact);
guint         kf_model_get_context_length      (KfModel       *self);
void          kf_model_set_context_length      (KfModel       *self,
                                                guint          context_length);
KfEngines      kf_model_get_engines             (KfModel       *self);
void          kf_model_set_engines             (KfModel       *self,
                                                KfEngines       engines);
const char   *kf_model_get_task                (KfModel       *self);
void          kf_model_set_task                (KfModel       *self,
                                                const char    *task);
gboolean      kf_model_get_gated               (KfModel       *self);
void          kf_model_set_gated               (KfModel       *self,
                                                gboolean       gated);
/* Curated minimum GPU memory in bytes (decimal GB as in the catalog), 0 if none. */
guint64       kf_model_get_min_gpu_memory      (KfModel       *self);
void          kf_model_set_min_gpu_memory      (KfModel       *self,
                                                guint64        bytes);
guint         kf_model_get_min_gpus            (KfModel       *self);
void          kf_model_set_min_gpus            (KfModel       *self,
                                                guint          min_gpus);
KfModelSource kf_model_get_source              (KfModel       *self);
void          kf_model_set_source              (KfModel       *self,
                                                KfModelSource  source);
const char   *kf_model_get_license             (KfModel       *self);
void          kf_model_set_license             (KfModel       *self,
                                                const char    *license);
/* First entry of config.architectures ("LlamaForCausalLM"), may be NULL. */
const char   *kf_model_get_architecture        (KfModel       *self);
void          kf_model_set_architecture        (KfModel       *self,
                                                const char    *architecture);
const char   *kf_model_get_author              (KfModel       *self);
void          kf_model_set_author              (KfModel       *self,
                                                const char    *author);
const char   *kf_model_get_library_name        (KfModel       *self);
void          kf_model_set_library_name        (KfModel       *self,
                                                const char    *library_name);
guint64       kf_model_get_downloads           (KfModel       *self);
void          kf_model_set_downloads           (KfModel       *self,
                                                guint64        downloads);
guint64       kf_model_get_likes               (KfModel       *self);
void          kf_model_set_likes               (KfModel       *self,
                                                guint64        likes);

/* safetensors.parameters of the Hub (dtype → element count), or NULL. */
JsonObject   *kf_model_get_safetensors         (KfModel       *self);
void          kf_model_set_safetensors         (KfModel       *self,
                                                JsonObject    *parameters);
/* The numbers of the model's config.json the memory fit needs (the
 * catalog carries them for curated entries), or NULL. */
JsonObject   *kf_model_get_config              (KfModel       *self);
void          kf_model_set_config              (KfModel       *self,
                                                JsonObject    *config);
/* Files of the repo (siblings[].rfilename), NULL-terminated, or NULL when unknown. */
const char * const *kf_model_get_files         (KfModel       *self);
void          kf_model_set_files               (KfModel       *self,
                                                const char * const *files);
/* The .gguf files among them, sorted (free with g_strfreev); NULL if none. */
char        **kf_model_dup_gguf_files          (KfModel       *self);

/* KAITO AIKit pre-made image (curated GGUF entries only). */
const char   *kf_model_get_premade_id          (KfModel       *self);   /* "llama3.2:1b" */
const char   *kf_model_get_premade_image       (KfModel       *self);   /* ghcr.io/kaito-project/aikit/… */
const char   *kf_model_get_premade_model_name  (KfModel       *self);   /* served model name */
gboolean      kf_model_get_premade_deprecated  (KfModel       *self);
const char   *kf_model_get_premade_replacement (KfModel       *self);   /* upstream's suggestion */
void          kf_model_set_premade             (KfModel       *self,
                                                const char    *id,
                                                const char    *image,
                                                const char    *model_name,
                                                gboolean       deprecated,
                                                const char    *replacement);

/* The filter behind the Models page's search entry and engine toggles:
 * TRUE when every whitespace-separated word of @query occurs
 * (case-insensitively) in the name, id or description, and the model
 * supports at least one of @engines (KF_ENGINES_NONE = no engine filter).
 * A NULL or blank query matches everything. Pure; safe to call from a
 * GtkCustomFilter. */
gboolean      kf_model_matches                 (KfModel       *self,
                                                const char    *query,
                                                KfEngines       engines);

/* The model as JSON (the original's model schema names: id, name,
 * description, size, task, contextLength, supportedEngines, gated,
 * minGpuMemory, minGpus, license, architecture, parameterCount, source,
 * author, downloads, likes, premade{…}). */
JsonNode     *kf_model_to_json                 (KfModel       *self);

/* Parses a size label or a repo id for a parameter count: "8B" → 8e9,
 * "0.6B" → 6e8, "125M" → 1.25e8, "8x7B" → 5.6e10 (every expert counted),
 * "meta-llama/Llama-3.1-8B-Instruct" → 8e9 (the number must start the string
 * or follow '-', '_', '.', '/'; "3.1" is not taken because no B/M follows).
 * Returns 0 when nothing is found. */
guint64       kf_parse_parameter_count         (const char    *text);

G_END_DECLS
