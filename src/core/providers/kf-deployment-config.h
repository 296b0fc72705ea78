/* kf-deployment-config.h: everything the deploy wizard collects about a deployment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  KF_ENGINE_VLLM,
  KF_ENGINE_SGLANG,
  KF_ENGINE_TRTLLM,
  KF_ENGINE_LLAMACPP,
  KF_ENGINE_UNKNOWN,   /* only in parsed statuses; never valid in a config */
} KfEngine;

typedef enum
{
  KF_DEPLOYMENT_MODE_AGGREGATED,
  KF_DEPLOYMENT_MODE_DISAGGREGATED,
} KfDeploymentMode;

typedef enum
{
  KF_ROUTER_MODE_NONE,
  KF_ROUTER_MODE_KV,
  KF_ROUTER_MODE_ROUND_ROBIN,
} KfRouterMode;

/* Where KAITO gets the model from (reference §5). */
typedef enum
{
  KF_KAITO_SOURCE_VLLM,               /* HuggingFace model served by vLLM (GPU) */
  KF_KAITO_SOURCE_PREMADE,            /* pre-made AIKit GGUF image */
  KF_KAITO_SOURCE_HUGGINGFACE_DIRECT, /* HF GGUF file downloaded by the runner at start */
  KF_KAITO_SOURCE_HUGGINGFACE_BUILD,  /* HF GGUF baked into an image in the in-cluster registry */
} KfKaitoSource;

typedef enum
{
  KF_COMPUTE_CPU,
  KF_COMPUTE_GPU,
} KfComputeType;

/* String forms are the wire/CLI forms: "vllm", "sglang", "trtllm", "llamacpp";
 * "aggregated", "disaggregated"; "none", "kv", "round-robin"; "vllm", "premade",
 * "huggingface" (direct), "huggingface-build"; "cpu", "gpu". from_string is
 * case-insensitive and returns FALSE on an unknown value. */
const char *kf_engine_to_string          (KfEngine          engine);
const char *kf_engine_display_name       (KfEngine          engine);   /* "vLLM", "SGLang", "TensorRT-LLM", "llama.cpp" */
gboolean    kf_engine_from_string        (const char       *str,
                                          KfEngine         *engine);
const char *kf_deployment_mode_to_string (KfDeploymentMode  mode);
gboolean    kf_deployment_mode_from_string (const char     *str,
                                          KfDeploymentMode *mode);
const char *kf_router_mode_to_string     (KfRouterMode      mode);
gboolean    kf_router_mode_from_string   (const char       *str,
                                          KfRouterMode     *mode);
const char *kf_kaito_source_to_string    (KfKaitoSource     source);
gboolean    kf_kaito_source_from_string  (const char       *str,
                                          KfKaitoSource    *source);
const char *kf_compute_type_to_string    (KfComputeType     compute);
gboolean    kf_compute_type_from_string  (const char       *str,
                                          KfComputeType    *compute);

#define KF_DEFAULT_HF_TOKEN_SECRET "hf-token-secret"
#define KF_MAX_REPLICAS 10

/* One extra engine argument: rendered "--key value", or "--key" when value is NULL. */
typedef struct
{
  char *key;
  char *value;
} KfEngineArg;

#define KF_TYPE_DEPLOYMENT_CONFIG (kf_deployment_config_get_type ())

/* A plain boxed struct: the wizard and the CLI set the fields directly.
 * Strings are owned (g_free / g_strdup); NULL means "not set". */
typedef struct
{
  char            *name;               /* DNS-1123 label */
  char            *namespace;          /* NULL: the provider's default namespace */
  char            *model_id;           /* HuggingFace id ("Qwen/Qwen3-0.6B") */
  char            *served_model_name;  /* NULL: the model id */
  char            *provider_id;        /* "dynamo", "kuberay", "kaito" */

  KfEngine         engine;             /* default vllm */
  KfDeploymentMode mode;               /* default aggregated */
  guint            replicas;           /* 1–10, default 1 */
  guint            gpus_per_replica;   /* default 1 */
  guint            prefill_replicas;   /* disaggregated; 1–10, default 1 */
  guint            prefill_gpus;       /* default 1 */
  guint            decode_replicas;    /* 1–10, default 1 */
  guint            decode_gpus;        /* default 1 */
  KfRouterMode     router_mode;        /* Dynamo only; default none */

  char            *hf_token_secret;    /* default "hf-token-secret"; NULL/"" = none (KAITO) */
  gboolean         enforce_eager;      /* default TRUE */
  gboolean         enable_prefix_caching; /* default FALSE */
  gboolean         trust_remote_code;  /* default FALSE */
  guint            context_length;     /* max model len; 0 = engine default */
  GPtrArray       *engine_args;        /* of KfEngineArg, in order */
  char            *memory;             /* optional memory request, "64Gi" */
  char            *cpu;                /* optional CPU request (KAITO llama.cpp), "4" */

  /* KAITO */
  KfComputeType    compute_type;       /* default cpu (vLLM source always uses GPUs) */
  KfKaitoSource    kaito_source;       /* default vllm */
  char            *gguf_file;          /* HF GGUF sources: "qwen2.5-0.5b-instruct-q4_k_m.gguf" */
  char            *kaito_preset;       /* premade AIKit id ("llama3.2:3b"); NULL: derived from model_id */
  char            *kaito_image;        /* HF build source: image the workspace pulls; NULL: default */
  char            *instance_type;      /* KAITO resource.instanceType (optional) */
  GHashTable      *node_selector;      /* KAITO resource.labelSelector.matchLabels; NULL: automatic */

  GHashTable      *labels;             /* extra metadata.labels (string → string), may be NULL */
  GHashTable      *annotations;        /* extra metadata.annotations, may be NULL */
} KfDeploymentConfig;

GType               kf_deployment_config_get_type (void) G_GNUC_CONST;
/* A config with the original's defaults (reference §2 "Defaults sent"). */
KfDeploymentConfig *kf_deployment_config_new      (void);
KfDeploymentConfig *kf_deployment_config_copy     (const KfDeploymentConfig *config);
void                kf_deployment_config_free     (KfDeploymentConfig       *config);
void                kf_deployment_config_add_engine_arg (KfDeploymentConfig *config,
                                                         const char         *key,
                                                         const char         *value);
void                kf_deployment_config_set_label      (KfDeploymentConfig *config,
                                                         const char         *key,
                                                         const char         *value);
void                kf_deployment_config_set_annotation (KfDeploymentConfig *config,
                                                         const char         *key,
                                                         const char         *value);
/* The served model name the engine will answer to: served_model_name, else model_id. */
const char         *kf_deployment_config_get_served_name (const KfDeploymentConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfDeploymentConfig, kf_deployment_config_free)

/* The original's automatic deployment name (reference §2): the last path segment of the
 * model id, lower-cased, every character outside [a-z0-9] replaced by '-', cut to 40
 * characters, then '-' and 4 random base-36 characters. Leading/trailing '-' of the base
 * are trimmed so the result is always a valid DNS-1123 label ("model" if nothing is left).
 * @rand may be NULL (global generator). */
char     *kf_deployment_name_generate (const char *model_id,
                                       GRand      *rand);

/* Validates a DNS-1123 label (Kubernetes object names of most kinds, namespaces):
 * 1–63 characters, [a-z0-9-], starting and ending with [a-z0-9]. On failure returns
 * FALSE and, if @message is not NULL, a translated sentence the user can act on. */
gboolean  kf_dns1123_label_validate   (const char *name,
                                       char      **message);

G_END_DECLS
