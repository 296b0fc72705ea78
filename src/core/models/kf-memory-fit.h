/* kf-memory-fit.h: will this model fit on these GPUs?
 *
 * Pure functions (no I/O): GPU memory per GPU for serving a model with an
 * engine at a context length and concurrency, split over N GPUs by tensor
 * parallelism, with a breakdown (weights / KV cache / runtime overhead /
 * headroom the engine keeps back), a confidence and a verdict. The method
 * and every constant are explained, with sources, in kf-memory-fit.c
 * (and ../shared/reference/peers.md §4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kf-model.h"

G_BEGIN_DECLS

typedef struct _KfGpuInventory KfGpuInventory;

typedef enum
{
  KF_FIT_UNKNOWN,        /* not enough information (no size, no GPU memory) */
  KF_FIT_FITS,           /* needs ≤ 90 % of the usable memory */
  KF_FIT_TIGHT,          /* needs 90–100 % of the usable memory */
  KF_FIT_DOES_NOT_FIT,
} KfFitVerdict;

typedef enum
{
  KF_FIT_CONFIDENCE_UNKNOWN,
  KF_FIT_CONFIDENCE_ESTIMATED,   /* parameter count guessed from the name ("8B") */
  KF_FIT_CONFIDENCE_EXACT,       /* parameter counts per dtype from the Hub's metadata */
} KfFitConfidence;

const char *kf_fit_verdict_to_string    (KfFitVerdict    verdict);   /* "fits", "tight", "does-not-fit", "unknown" */
const char *kf_fit_confidence_to_string (KfFitConfidence confidence); /* "exact", "estimated", "unknown" */

/* The architecture numbers of config.json the KV cache depends on. */
typedef struct
{
  guint    num_layers;               /* num_hidden_layers */
  guint    hidden_size;
  guint    num_attention_heads;
  guint    num_kv_heads;             /* num_key_value_heads, else num_attention_heads */
  guint    head_dim;                 /* head_dim, else hidden_size / num_attention_heads */
  guint    kv_lora_rank;             /* MLA (DeepSeek-V2/V3): > 0 */
  guint    qk_rope_head_dim;         /* MLA */
  guint    sliding_window;           /* tokens; 0 = none */
  guint    sliding_window_layers;    /* how many layers use the window */
  guint    max_position_embeddings;  /* longest context the model supports; 0 unknown */
  guint    num_experts;              /* MoE (informational: all experts are resident) */
  double   dtype_bytes;              /* torch_dtype width; 2 when absent */
  gboolean kv_upper_bound;           /* hybrid/linear-attention layers not modelled: KV is an upper bound */
} KfModelShape;

/* Reads config.json (the whole file, or text_config inside it for
 * multimodal wrappers). Fails with KF_MODEL_ERROR_INVALID naming the
 * missing field when layers or heads are absent. */
gboolean    kf_model_shape_from_config  (JsonObject    *config,
                                         KfModelShape  *shape,
                                         GError       **error);

/* Bytes per element of a safetensors dtype ("BF16" → 2, "F8_E4M3" → 1,
 * "F4" → 0.5); 0 for an unknown dtype. */
double      kf_dtype_bytes              (const char    *dtype);

/* Checkpoint bytes from the Hub's safetensors.parameters map (dtype → count).
 * *all_known is FALSE when a dtype was not recognised (counted as 2 bytes). */
guint64     kf_weight_bytes_from_safetensors (JsonObject *parameters,
                                              gboolean   *all_known);

/* Bits per weight of a GGUF quantization type ("Q4_K_M" → 4.84); 0 if unknown. */
double      kf_gguf_bits_per_weight     (const char    *quant);
/* The quantization in a GGUF file name ("Llama-3.1-8B-Instruct-Q4_K_M.gguf"
 * → "Q4_K_M"), upper-cased; NULL if none. */
char       *kf_gguf_quant_from_filename (const char    *filename);

/* What to estimate. Initialise with kf_fit_request_init(). */
typedef struct
{
  guint64             weight_bytes;     /* checkpoint bytes (all GPUs together); 0 = from parameter_count × 2 */
  guint64             parameter_count;  /* total (MoE: every expert) */
  KfFitConfidence     confidence;
  const KfModelShape *shape;            /* NULL: KV cache unknown (verdict made without it, confidence lowered) */
  KfEngines            engine;           /* KF_ENGINES_VLLM by default */
  double              memory_fraction;  /* 0 = the engine's default (vLLM gpu_memory_utilization 0.9) */
  guint               context_length;   /* tokens per sequence; 0 = the model's maximum, else 2048 */
  guint               concurrency;      /* sequences resident at full context; 0 → 1 */
  double              kv_dtype_bytes;   /* 0 → 2 (fp16/bf16); 1 for --kv-cache-dtype fp8 */
  guint               gpus;             /* kf_memory_fit_plan(): 0 = the smallest count that fits, N = exactly N */
} KfFitRequest;

void        kf_fit_request_init         (KfFitRequest  *request);

/* One GPU count on one GPU memory size. All byte figures are per GPU. */
typedef struct
{
  KfFitVerdict    verdict;
  KfFitConfidence confidence;
  guint           gpus;                 /* tensor-parallel size */
  guint           context_length;       /* tokens per sequence used */
  guint           concurrency;
  guint64         gpu_memory_bytes;     /* one GPU */
  guint64         usable_bytes;         /* gpu_memory × the engine's memory fraction */
  guint64         headroom_bytes;       /* gpu_memory − usable: kept back by the engine */
  guint64         weights_bytes;        /* this GPU's share of the weights, as loaded */
  guint64         kv_cache_bytes;       /* this GPU's KV cache for context × concurrency */
  guint64         overhead_bytes;       /* CUDA context, activations, graphs: not split */
  guint64         required_bytes;       /* weights + KV + overhead */
  gint64          spare_bytes;          /* usable − required (negative: missing) */
  guint64         kv_bytes_per_token;   /* whole model (all GPUs), one token */
  guint           max_context_length;   /* longest context that fits at this concurrency (0: none) */
  gboolean        kv_known;             /* FALSE: no config.json, KV not counted */
  gboolean        kv_upper_bound;
} KfFitEstimate;

/* The estimate for @gpus GPUs of @gpu_memory_bytes each. */
void        kf_memory_fit_estimate      (const KfFitRequest *request,
                                         guint               gpus,
                                         guint64             gpu_memory_bytes,
                                         KfFitEstimate      *out);

/* The original KubeFoundry rule, for comparison: params × 2 bytes × 1.2 in
 * decimal GB, against one GPU (exceeds if > capacity, tight if > 80 %). */
double      kf_memory_fit_naive_gb      (guint64             parameter_count);
KfFitVerdict kf_memory_fit_naive_verdict (guint64            parameter_count,
                                          guint64            gpu_memory_bytes);

/* One GPU type of the cluster. */
typedef struct
{
  char          *gpu_product;
  guint64        gpu_memory_bytes;      /* of one allocatable GPU (a share, for shared GPUs) */
  gboolean       shared;                /* time-sliced/MPS: nvidia.com/gpu.replicas > 1 */
  guint          max_gpus_per_node;     /* the largest node of this type (allocatable) */
  guint          max_free_on_node;      /* the most free GPUs on one node now */
  guint          gpus_needed;           /* smallest tensor-parallel size that fits; 0 = none does */
  KfFitVerdict   verdict;               /* FITS/TIGHT only if one node has gpus_needed free now */
  char          *node;                  /* such a node, or NULL */
  KfFitEstimate  estimate;              /* at gpus_needed, or at the largest size tried */
} KfFitOption;

typedef struct
{
  KfFitVerdict     verdict;             /* the best option */
  KfFitConfidence  confidence;
  GPtrArray       *options;             /* KfFitOption, one per GPU type; best first */
  char            *summary;             /* one sentence for the user */
  double           naive_gb;            /* the original's estimate */
  KfFitVerdict     naive_verdict;       /* the original's verdict on the first GPU type */
} KfFitPlan;

/* For each GPU type of @inventory: the smallest tensor-parallel size in
 * {1, 2, 4, 8} (not larger than its biggest node, dividing the attention
 * heads) that fits, and whether some single node has that many GPUs free
 * now — not the cluster's sum. */
KfFitPlan  *kf_memory_fit_plan          (const KfFitRequest *request,
                                         KfGpuInventory     *inventory);
void        kf_fit_plan_free            (KfFitPlan          *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfFitPlan, kf_fit_plan_free)

/* Fills a request from a model: exact weights from its safetensors map when
 * present, else its parameter count (estimated from the name when needed).
 * @shape may be NULL. */
void        kf_fit_request_set_model    (KfFitRequest       *request,
                                         KfModel            *model,
                                         const KfModelShape *shape);

G_END_DECLS
