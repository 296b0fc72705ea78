/* kf-memory-fit.c: will this model fit on these GPUs?
 *
 * The estimate, per GPU, for tensor parallelism over N GPUs:
 *
 *   required = weights / N × load factor          (each GPU holds a 1/N slice)
 *            + KV cache(context × concurrency) / split
 *            + runtime overhead                   (per GPU, not split)
 *   usable   = GPU memory × the engine's memory fraction
 *
 *   verdict  = fits   if required ≤ 90 % of usable
 *              tight  if required ≤ usable
 *              does not fit otherwise.
 *
 * Why not the original's `parameters × 2 bytes × 1.2` against one GPU
 * (../shared/reference/peers.md §4.1): it ignores the dtype (FP8, 4-bit),
 * the context length (the KV cache grows linearly with it, and vLLM refuses
 * to start unless one full max_model_len sequence fits), tensor
 * parallelism, MoE (every expert is resident) and MLA (a much smaller KV
 * cache). The naive figure is still computed, for comparison.
 *
 * Sources of the constants are given next to each one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-memory-fit"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kf-memory-fit.h"
#include "kf-gpu-inventory.h"

#define GiB (1024.0 * 1024.0 * 1024.0)

/* Weights as loaded are ≈ 2 % larger than the checkpoint in vLLM (KAITO's
 * memory estimator multiplies by 1.02: kaito-project/kaito
 * website/docs/memory-estimator.md; peers.md §4.2). */
#define TORCH_LOAD_FACTOR 1.02

/* Runtime overhead per GPU for the PyTorch engines: a fixed 2.3 GiB (CUDA
 * context, NCCL, CUDA graphs) plus 5 % of the weights on that GPU
 * (activation peak), KAITO memory-estimator.md (peers.md §4.4). */
#define TORCH_FIXED_OVERHEAD (2.3 * GiB)
#define TORCH_WEIGHT_OVERHEAD 0.05

/* llama.cpp allocates what it needs rather than a fraction: the CUDA context
 * and its compute (graph) buffers. Ollama estimates the graph per model
 * (ollama llm/memory.go, peers.md §4.4); 1 GiB is our flat approximation
 * for 7–70B models at ≤ 8k context. */
#define LLAMACPP_OVERHEAD (1.0 * GiB)

/* vLLM: --gpu-memory-utilization defaults to 0.9 of each GPU, per instance
 * (https://docs.vllm.ai/en/stable/cli/serve/; peers.md §4.4).
 * TensorRT-LLM: free_gpu_memory_fraction 0.9 for the KV cache
 * (nvidia.github.io/TensorRT-LLM kvcacheconfig); we apply it to the whole
 * GPU, which is slightly conservative. SGLang: mem_fraction_static, whose
 * default depends on the GPU size; 0.9 is assumed. */
#define DEFAULT_FRACTION 0.9

/* "Tight" above this share of the usable memory. */
#define TIGHT_SHARE 0.9

/* When nothing says otherwise: KAITO sizes nodes for 2048 tokens
 * (memory-estimator.md). */
#define DEFAULT_CONTEXT 2048

const char *
kf_fit_verdict_to_string (KfFitVerdict verdict)
{
  switch (verdict)
    {
    case KF_FIT_FITS: return "fits";
    case KF_FIT_TIGHT: return "tight";
    case KF_FIT_DOES_NOT_FIT: return "does-not-fit";
    case KF_FIT_UNKNOWN:
    default: return "unknown";
    }
}

const char *
kf_fit_confidence_to_string (KfFitConfidence confidence)
{
  switch (confidence)
    {
    case KF_FIT_CONFIDENCE_EXACT: return "exact";
    case KF_FIT_CONFIDENCE_ESTIMATED: return "estimated";
    case KF_FIT_CONFIDENCE_UNKNOWN:
    default: return "unknown";
    }
}

/* ---- config.json ------------------------------------------------------ */

static guint
get_uint_member (JsonObject *o,
                 const char *const *names)
{
  for (guint i = 0; names[i]; i++)
    {
      JsonNode *n = json_object_get_member (o, names[i]);

      if (n && JSON_NODE_HOLDS_VALUE (n))
        {
          GType t = json_node_get_value_type (n);
          gint64 v = 0;

          if (t == G_TYPE_INT64)
            v = json_node_get_int (n);
          else if (t == G_TYPE_DOUBLE)
            v = (gint64) json_node_get_double (n);
          if (v > 0 && v <= G_MAXUINT)
            return (guint) v;
        }
    }
  return 0;
}

gboolean
kf_model_shape_from_config (JsonObject    *config,
                            KfModelShape  *shape,
                            GError       **error)
{
  static const char *const layers_names[] = { "num_hidden_layers", "n_layer", "num_layers", "n_layers", NULL };
  static const char *const hidden_names[] = { "hidden_size", "n_embd", "d_model", NULL };
  static const char *const heads_names[] = { "num_attention_heads", "n_head", "num_heads", NULL };
  static const char *const kv_names[] = { "num_key_value_heads", "num_kv_heads", "multi_query_group_num", "n_head_kv", NULL };
  static const char *const head_dim_names[] = { "head_dim", NULL };
  static const char *const rank_names[] = { "kv_lora_rank", NULL };
  static const char *const rope_names[] = { "qk_rope_head_dim", NULL };
  static const char *const window_names[] = { "sliding_window", NULL };
  static const char *const pattern_names[] = { "sliding_window_pattern", NULL };
  static const char *const pos_names[] = { "max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", NULL };
  static const char *const expert_names[] = { "num_local_experts", "n_routed_experts", "num_experts", NULL };
  const char *model_type, *dtype;
  JsonNode *node;

  g_return_val_if_fail (config != NULL && shape != NULL, FALSE);
  memset (shape, 0, sizeof *shape);

  /* Multimodal wrappers (Llava, Gemma 3, Mistral 3) keep the language
   * model's numbers in text_config. */
  node = json_object_get_member (config, "text_config");
  if (get_uint_member (config, layers_names) == 0 && node && JSON_NODE_HOLDS_OBJECT (node))
    config = json_node_get_object (node);

  shape->num_layers = get_uint_member (config, layers_names);
  shape->hidden_size = get_uint_member (config, hidden_names);
  shape->num_attention_heads = get_uint_member (config, heads_names);
  shape->num_kv_heads = get_uint_member (config, kv_names);
  shape->head_dim = get_uint_member (config, head_dim_names);
  shape->kv_lora_rank = get_uint_member (config, rank_names);
  shape->qk_rope_head_dim = get_uint_member (config, rope_names);
  shape->max_position_embeddings = get_uint_member (config, pos_names);
  shape->num_experts = get_uint_member (config, expert_names);
  model_type = json_object_get_string_member_with_default (config, "model_type", "");

  if (shape->num_layers == 0)
    {
      g_set_error_literal (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                           "config.json has no num_hidden_layers: cannot size the KV cache");
      return FALSE;
    }
  if (shape->num_attention_heads == 0 && shape->kv_lora_rank == 0)
    {
      g_set_error_literal (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                           "config.json has no num_attention_heads: cannot size the KV cache");
      return FALSE;
    }

  /* GQA/MQA: fewer KV heads than query heads; Falcon-style multi_query. */
  if (shape->num_kv_heads == 0)
    shape->num_kv_heads = json_object_get_boolean_member_with_default (config, "multi_query", FALSE)
                          ? 1 : shape->num_attention_heads;
  /* head_dim: explicit when present (Qwen3, Gemma declare one that is not
   * hidden/heads: LMCache/LMCache#694), else hidden_size / heads. */
  if (shape->head_dim == 0 && shape->num_attention_heads > 0)
    shape->head_dim = shape->hidden_size / shape->num_attention_heads;
  if (shape->head_dim == 0 && shape->kv_lora_rank == 0)
    {
      g_set_error_literal (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                           "config.json has neither head_dim nor hidden_size: cannot size the KV cache");
      return FALSE;
    }

  /* Sliding-window layers keep at most `window` tokens. Which layers:
   * layer_types (newer transformers) lists them; sliding_window_pattern N
   * means N−1 local layers per global one (Gemma 3); Gemma 2 alternates;
   * otherwise (Mistral v0.1) every layer. use_sliding_window: false (Qwen2)
   * turns it off. */
  shape->sliding_window = get_uint_member (config, window_names);
  if (!json_object_get_boolean_member_with_default (config, "use_sliding_window", TRUE))
    shape->sliding_window = 0;
  if (shape->sliding_window > 0)
    {
      guint pattern = get_uint_member (config, pattern_names);

      node = json_object_get_member (config, "layer_types");
      if (node && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *types = json_node_get_array (node);
          for (guint i = 0; i < json_array_get_length (types); i++)
            if (g_strcmp0 (json_array_get_string_element (types, i), "sliding_attention") == 0)
              shape->sliding_window_layers++;
        }
      else if (pattern > 1)
        shape->sliding_window_layers = shape->num_layers - shape->num_layers / pattern;
      else if (g_str_equal (model_type, "gemma2"))
        shape->sliding_window_layers = shape->num_layers / 2;
      else
        shape->sliding_window_layers = shape->num_layers;
      shape->sliding_window_layers = MIN (shape->sliding_window_layers, shape->num_layers);
    }

  /* Hybrid models (Mamba/linear attention layers) have fewer KV layers than
   * num_hidden_layers: the standard formula is an upper bound there. */
  if (strstr (model_type, "mamba") || strstr (model_type, "jamba") ||
      json_object_has_member (config, "layers_block_type") ||
      json_object_has_member (config, "attn_layer_period"))
    shape->kv_upper_bound = TRUE;

  dtype = json_object_get_string_member_with_default (config, "torch_dtype", NULL);
  if (dtype == NULL)
    dtype = json_object_get_string_member_with_default (config, "dtype", NULL);
  if (g_strcmp0 (dtype, "float32") == 0)
    shape->dtype_bytes = 4;
  else
    shape->dtype_bytes = 2;

  return TRUE;
}

/* ---- weights ------------------------------------------------------------ */

double
kf_dtype_bytes (const char *dtype)
{
  /* safetensors dtypes (the Hub's safetensors.parameters keys; list in
   * @huggingface/hub parse-safetensors-metadata.d.ts, peers.md §4.2). */
  static const struct { const char *name; double bytes; } table[] = {
    { "F64", 8 }, { "I64", 8 }, { "U64", 8 },
    { "F32", 4 }, { "I32", 4 }, { "U32", 4 },
    { "BF16", 2 }, { "F16", 2 }, { "I16", 2 }, { "U16", 2 },
    { "F8_E4M3", 1 }, { "F8_E5M2", 1 }, { "F8_E8M0", 1 }, { "E8M0", 1 },
    { "I8", 1 }, { "U8", 1 }, { "BOOL", 1 },
    { "F6_E2M3", 0.75 }, { "F6_E3M2", 0.75 },
    { "F4", 0.5 }, { "FP4", 0.5 }, { "F4_E2M1", 0.5 }, { "I4", 0.5 }, { "U4", 0.5 },
  };

  if (dtype == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_ascii_strcasecmp (dtype, table[i].name) == 0)
      return table[i].bytes;
  return 0;
}

guint64
kf_weight_bytes_from_safetensors (JsonObject *parameters,
                                  gboolean   *all_known)
{
  g_autoptr(GList) members = NULL;
  double bytes = 0;

  if (all_known)
    *all_known = TRUE;
  if (parameters == NULL)
    return 0;

  /* The count of each dtype times its width. Packed 4-bit checkpoints
   * (GPTQ/AWQ) store int4 pairs inside I32/U8 tensors; the Hub counts the
   * packed elements, so count × width is already the byte size. */
  members = json_object_get_members (parameters);
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *n = json_object_get_member (parameters, l->data);
      double width = kf_dtype_bytes (l->data);
      double count;

      if (!JSON_NODE_HOLDS_VALUE (n))
        continue;
      count = json_node_get_value_type (n) == G_TYPE_DOUBLE ? json_node_get_double (n)
                                                            : (double) json_node_get_int (n);
      if (count <= 0)
        continue;
      if (width == 0)
        {
          width = 2;
          if (all_known)
            *all_known = FALSE;
        }
      bytes += count * width;
    }
  return (guint64) llround (bytes);
}

double
kf_gguf_bits_per_weight (const char *quant)
{
  /* Measured on whole models (mixes of block types), from llama.cpp's
   * tools/quantize/README.md (peers.md §4.2), then the pure block formats
   * (ggml block layouts; k-quants: ggerganov/llama.cpp#1684). */
  static const struct { const char *name; double bpw; } table[] = {
    { "Q2_K", 3.35 }, { "Q3_K_M", 3.91 }, { "Q4_K_S", 4.58 }, { "Q4_K_M", 4.84 },
    { "Q5_K_M", 5.68 }, { "Q6_K", 6.56 },
    { "Q4_0", 4.5 }, { "Q4_1", 5.0 }, { "Q5_0", 5.5 }, { "Q5_1", 6.0 }, { "Q8_0", 8.5 },
    { "Q3_K", 3.4375 }, { "Q4_K", 4.5 }, { "Q5_K", 5.5 },
    { "IQ4_XS", 4.25 }, { "IQ4_NL", 4.5 },
    { "F16", 16 }, { "BF16", 16 }, { "F32", 32 },
  };
  g_autofree char *upper = NULL;

  if (quant == NULL)
    return 0;
  upper = g_ascii_strup (quant, -1);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (upper, table[i].name))
      return table[i].bpw;
  /* Other mixes (Q3_K_S, Q5_K_S, Q3_K_L…): their base k-quant block. */
  if (strlen (upper) > 2 && (g_str_has_suffix (upper, "_S") || g_str_has_suffix (upper, "_M") ||
                             g_str_has_suffix (upper, "_L")))
    {
      upper[strlen (upper) - 2] = '\0';
      return kf_gguf_bits_per_weight (upper);
    }
  return 0;
}

char *
kf_gguf_quant_from_filename (const char *filename)
{
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (filename == NULL)
    return NULL;
  /* Q4_K_M, Q4_0, Q8_0, IQ2_XXS, F16, BF16 between separators. */
  re = g_regex_new ("(?:^|[-_.])((?:I?Q[0-9](?:_[0-9KXSML]+)*)|BF16|F16|F32)(?=[-_.])",
                    G_REGEX_CASELESS, 0, NULL);
  if (re && g_regex_match (re, filename, 0, &match))
    {
      g_autofree char *q = g_match_info_fetch (match, 1);
      return g_ascii_strup (q, -1);
    }
  return NULL;
}

/* ---- the estimate ------------------------------------------------------- */

void
kf_fit_request_init (KfFitRequest *request)
{
  memset (request, 0, sizeof *request);
  request->engine = KF_ENGINES_VLLM;
  request->concurrency = 1;
  request->confidence = KF_FIT_CONFIDENCE_UNKNOWN;
}

static double
engine_fraction (const KfFitRequest *r)
{
  if (r->memory_fraction > 0 && r->memory_fraction <= 1)
    return r->memory_fraction;
  return r->engine == KF_ENGINES_LLAMACPP ? 1.0 : DEFAULT_FRACTION;
}

static double
checkpoint_bytes (const KfFitRequest *r)
{
  if (r->weight_bytes > 0)
    return (double) r->weight_bytes;
  /* Only a parameter count: assume 16-bit weights (the Hub's default for
   * text-generation checkpoints). */
  return (double) r->parameter_count * 2.0;
}

/* KV cache on one GPU for `context` tokens × `concurrency` sequences. */
static double
kv_bytes_on_gpu (const KfModelShape *s,
                 guint               context,
                 guint               concurrency,
                 guint               gpus,
                 double              kv_bytes)
{
  double per_token_layer;
  guint window_layers, full_layers;
  double tokens;

  if (s == NULL)
    return 0;
  if (s->kv_lora_rank > 0)
    {
      /* MLA (DeepSeek-V2/V3): one compressed latent of kv_lora_rank +
       * qk_rope_head_dim elements per token per layer, no ×2 for K and V;
       * replicated on every tensor-parallel rank, not split (KAITO
       * memory-estimator.md; NVIDIA/TensorRT-LLM#16707; peers.md §4.3). */
      per_token_layer = (double) (s->kv_lora_rank + s->qk_rope_head_dim) * kv_bytes;
    }
  else
    {
      /* K and V: 2 × kv_heads × head_dim per token per layer. With tensor
       * parallelism the KV heads are split; when there are more GPUs than
       * KV heads each GPU keeps one (replicated) head: ⌈heads / N⌉. */
      guint heads_here = (s->num_kv_heads + gpus - 1) / gpus;
      per_token_layer = 2.0 * heads_here * s->head_dim * kv_bytes;
    }

  window_layers = MIN (s->sliding_window_layers, s->num_layers);
  full_layers = s->num_layers - window_layers;
  tokens = (double) full_layers * context +
           (double) window_layers * MIN (context, s->sliding_window > 0 ? s->sliding_window : context);
  return per_token_layer * tokens * concurrency;
}

void
kf_memory_fit_estimate (const KfFitRequest *request,
                        guint               gpus,
                        guint64             gpu_memory_bytes,
                        KfFitEstimate      *out)
{
  const KfModelShape *s = request->shape;
  gboolean torch = request->engine != KF_ENGINES_LLAMACPP;
  double kvb = request->kv_dtype_bytes > 0 ? request->kv_dtype_bytes : 2.0;
  double weights, overhead, kv, usable;
  guint context, concurrency, lo, hi;

  memset (out, 0, sizeof *out);
  gpus = MAX (gpus, 1);
  concurrency = MAX (request->concurrency, 1);
  context = request->context_length;
  if (context == 0)
    context = (s && s->max_position_embeddings) ? s->max_position_embeddings : DEFAULT_CONTEXT;

  out->gpus = gpus;
  out->context_length = context;
  out->concurrency = concurrency;
  out->gpu_memory_bytes = gpu_memory_bytes;
  out->kv_known = s != NULL;
  out->kv_upper_bound = s != NULL && s->kv_upper_bound;
  out->confidence = request->confidence;
  if (s == NULL && out->confidence == KF_FIT_CONFIDENCE_EXACT)
    out->confidence = KF_FIT_CONFIDENCE_ESTIMATED;

  if (s != NULL)
    out->kv_bytes_per_token = (guint64) llround (s->kv_lora_rank > 0
      ? (double) s->num_layers * (s->kv_lora_rank + s->qk_rope_head_dim) * kvb
      : 2.0 * s->num_layers * s->num_kv_heads * s->head_dim * kvb);

  /* Weights: a 1/N slice per GPU. */
  weights = checkpoint_bytes (request) * (torch ? TORCH_LOAD_FACTOR : 1.0) / gpus;
  overhead = torch ? TORCH_FIXED_OVERHEAD + TORCH_WEIGHT_OVERHEAD * weights : LLAMACPP_OVERHEAD;
  kv = kv_bytes_on_gpu (s, context, concurrency, gpus, kvb);
  usable = (double) gpu_memory_bytes * engine_fraction (request);

  out->weights_bytes = (guint64) llround (weights);
  out->overhead_bytes = (guint64) llround (overhead);
  out->kv_cache_bytes = (guint64) llround (kv);
  out->required_bytes = out->weights_bytes + out->overhead_bytes + out->kv_cache_bytes;
  out->usable_bytes = (guint64) llround (usable);
  out->headroom_bytes = gpu_memory_bytes - out->usable_bytes;
  out->spare_bytes = (gint64) out->usable_bytes - (gint64) out->required_bytes;

  if (checkpoint_bytes (request) <= 0 || gpu_memory_bytes == 0)
    {
      out->verdict = KF_FIT_UNKNOWN;
      out->confidence = KF_FIT_CONFIDENCE_UNKNOWN;
      return;
    }

  if (out->required_bytes <= TIGHT_SHARE * usable)
    out->verdict = KF_FIT_FITS;
  else if (out->required_bytes <= usable)
    out->verdict = KF_FIT_TIGHT;
  else
    out->verdict = KF_FIT_DOES_NOT_FIT;

  /* The longest context that still fits at this concurrency (the KV cache
   * only grows with it): what to pre-fill as max_model_len. */
  if (s != NULL)
    {
      lo = 0;
      hi = s->max_position_embeddings ? s->max_position_embeddings : (1u << 24);
      while (lo < hi)
        {
          guint mid = lo + (hi - lo + 1) / 2;
          if (weights + overhead + kv_bytes_on_gpu (s, mid, concurrency, gpus, kvb) <= usable)
            lo = mid;
          else
            hi = mid - 1;
        }
      out->max_context_length = lo;
    }
}

double
kf_memory_fit_naive_gb (guint64 parameter_count)
{
  /* The original: params × 2 bytes × 1.2, in decimal GB (reference §7). */
  return (double) parameter_count * 2.0 * 1.2 / 1e9;
}

KfFitVerdict
kf_memory_fit_naive_verdict (guint64 parameter_count,
                             guint64 gpu_memory_bytes)
{
  /* GpuFitIndicator.tsx: capacity = round(MiB / 1024) "GB" of one GPU;
   * exceeds if the estimate is above it, tight above 80 %. */
  double cap = round ((double) gpu_memory_bytes / GiB);
  double est = kf_memory_fit_naive_gb (parameter_count);

  if (parameter_count == 0 || cap <= 0)
    return KF_FIT_UNKNOWN;
  if (est > cap)
    return KF_FIT_DOES_NOT_FIT;
  if (est > 0.8 * cap)
    return KF_FIT_TIGHT;
  return KF_FIT_FITS;
}

/* ---- against a cluster ------------------------------------------------- */

static void
fit_option_free (gpointer data)
{
  KfFitOption *o = data;

  g_free (o->gpu_product);
  g_free (o->node);
  g_free (o);
}

void
kf_fit_plan_free (KfFitPlan *plan)
{
  if (plan == NULL)
    return;
  g_clear_pointer (&plan->options, g_ptr_array_unref);
  g_free (plan->summary);
  g_free (plan);
}

static int
verdict_rank (const KfFitOption *o)
{
  switch (o->verdict)
    {
    case KF_FIT_FITS: return 0;
    case KF_FIT_TIGHT: return 1;
    case KF_FIT_DOES_NOT_FIT: return o->gpus_needed > 0 ? 2 : 3;   /* 2: fits once GPUs free up */
    case KF_FIT_UNKNOWN:
    default: return 4;
    }
}

static int
compare_options (gconstpointer a,
                 gconstpointer b)
{
  const KfFitOption *x = *(KfFitOption * const *) a;
  const KfFitOption *y = *(KfFitOption * const *) b;
  int rx = verdict_rank (x), ry = verdict_rank (y);

  if (rx != ry)
    return rx - ry;
  if (x->gpus_needed != y->gpus_needed)
    return (int) x->gpus_needed - (int) y->gpus_needed;
  return x->gpu_memory_bytes < y->gpu_memory_bytes ? -1 : x->gpu_memory_bytes > y->gpu_memory_bytes;
}

static gboolean
tp_allowed (const KfFitRequest *r,
            guint               tp)
{
  /* vLLM requires the attention heads to divide evenly among the ranks. */
  return r->shape == NULL || r->shape->num_attention_heads == 0 || r->shape->num_attention_heads % tp == 0;
}

static const char *
node_product (const KfGpuNode *n)
{
  return n->gpu_product ? n->gpu_product : "unknown GPU";
}

/* Memory of one allocatable "GPU": a time-sliced or MPS share of a GPU
 * split N ways can count on 1/N of its memory at best (time-slicing does
 * not partition memory; all replicas compete for it). */
static guint64
node_memory (const KfGpuNode *n)
{
  return n->gpu_memory_bytes / MAX (n->gpu_replicas, 1);
}

static void
plan_option (const KfFitRequest *request,
             KfGpuInventory     *inventory,
             KfFitOption        *o)
{
  /* Searching: the usual tensor-parallel sizes; or exactly what was asked. */
  static const guint search_sizes[] = { 1, 2, 4, 8, 16 };
  const guint *sizes = search_sizes;
  guint n_sizes = G_N_ELEMENTS (search_sizes);
  GPtrArray *nodes = kf_gpu_inventory_get_nodes (inventory);
  /* MIG slices and shared GPUs cannot be combined for tensor parallelism
   * (no NCCL peer-to-peer between MIG instances; shares of one GPU add no
   * memory): one per replica. */
  gboolean single = (o->gpu_product && strstr (o->gpu_product, "MIG")) || o->shared;
  gboolean tried = FALSE;

  if (request->gpus > 0)
    {
      sizes = &request->gpus;
      n_sizes = 1;
    }

  o->gpus_needed = 0;
  for (guint i = 0; i < n_sizes; i++)
    {
      KfFitEstimate e;

      if (sizes[i] > o->max_gpus_per_node)
        break;
      if (sizes[i] > 1 && single)
        break;
      if (!tp_allowed (request, sizes[i]))
        continue;
      kf_memory_fit_estimate (request, sizes[i], o->gpu_memory_bytes, &e);
      o->estimate = e;
      tried = TRUE;
      if (e.verdict == KF_FIT_FITS || e.verdict == KF_FIT_TIGHT)
        {
          o->gpus_needed = sizes[i];
          break;
        }
      if (e.verdict == KF_FIT_UNKNOWN)
        break;
    }
  /* Nothing could be tried (more GPUs asked than a node has, or heads that
   * do not divide): show the breakdown at the asked or smallest size. */
  if (!tried)
    kf_memory_fit_estimate (request, request->gpus ? request->gpus : 1, o->gpu_memory_bytes, &o->estimate);

  if (o->estimate.verdict == KF_FIT_UNKNOWN)
    {
      o->verdict = KF_FIT_UNKNOWN;
      return;
    }
  if (o->gpus_needed == 0)
    {
      o->verdict = KF_FIT_DOES_NOT_FIT;
      return;
    }

  /* The replica's GPUs must all be on one node, free now. */
  o->verdict = KF_FIT_DOES_NOT_FIT;
  for (guint i = 0; i < nodes->len; i++)
    {
      const KfGpuNode *n = g_ptr_array_index (nodes, i);

      if (n->unschedulable || g_strcmp0 (node_product (n), o->gpu_product) != 0 ||
          node_memory (n) != o->gpu_memory_bytes || n->free < o->gpus_needed)
        continue;
      o->verdict = o->estimate.verdict;
      o->node = g_strdup (n->name);
      break;
    }
}

static char *
format_gib (guint64 bytes)
{
  return g_strdup_printf ("%.1f GiB", (double) bytes / GiB);
}

static char *
plan_summary (const KfFitPlan *plan)
{
  const KfFitOption *o;
  g_autofree char *req = NULL, *use = NULL;

  if (plan->options->len == 0)
    return g_strdup ("No GPUs found: the fit cannot be checked.");
  o = g_ptr_array_index (plan->options, 0);
  if (o->estimate.verdict == KF_FIT_UNKNOWN && o->gpu_memory_bytes == 0)
    return g_strdup_printf ("The memory of the %s GPUs is unknown.", o->gpu_product ? o->gpu_product : "cluster's");
  if (o->estimate.verdict == KF_FIT_UNKNOWN)
    return g_strdup ("The model's size is unknown.");

  req = format_gib (o->estimate.required_bytes);
  use = format_gib (o->estimate.usable_bytes);
  switch (o->verdict)
    {
    case KF_FIT_FITS:
    case KF_FIT_TIGHT:
      return g_strdup_printf ("%s on %u × %s (node %s): %s of %s usable per GPU.",
                              o->verdict == KF_FIT_FITS ? "Fits" : "Tight fit", o->gpus_needed,
                              o->gpu_product, o->node, req, use);
    case KF_FIT_DOES_NOT_FIT:
      if (o->gpus_needed > 0)
        return g_strdup_printf ("Needs %u × %s on one node; the most free on one node is %u.",
                                o->gpus_needed, o->gpu_product, o->max_free_on_node);
      return g_strdup_printf ("Does not fit: %s per GPU needed with %u × %s, %s usable.",
                              req, o->estimate.gpus, o->gpu_product, use);
    case KF_FIT_UNKNOWN:
    default:
      return g_strdup ("Unknown.");
    }
}

KfFitPlan *
kf_memory_fit_plan (const KfFitRequest *request,
                    KfGpuInventory     *inventory)
{
  KfFitPlan *plan = g_new0 (KfFitPlan, 1);
  GPtrArray *nodes;

  plan->options = g_ptr_array_new_with_free_func (fit_option_free);
  plan->confidence = request->confidence;
  plan->naive_gb = kf_memory_fit_naive_gb (request->parameter_count);

  nodes = inventory ? kf_gpu_inventory_get_nodes (inventory) : NULL;
  for (guint i = 0; nodes && i < nodes->len; i++)
    {
      const KfGpuNode *n = g_ptr_array_index (nodes, i);
      KfFitOption *o = NULL;

      if (n->allocatable == 0)
        continue;
      for (guint j = 0; j < plan->options->len && o == NULL; j++)
        {
          KfFitOption *c = g_ptr_array_index (plan->options, j);
          if (g_str_equal (c->gpu_product, node_product (n)) && c->gpu_memory_bytes == node_memory (n))
            o = c;
        }
      if (o == NULL)
        {
          o = g_new0 (KfFitOption, 1);
          o->gpu_product = g_strdup (node_product (n));
          o->gpu_memory_bytes = node_memory (n);
          o->shared = n->gpu_replicas > 1;
          g_ptr_array_add (plan->options, o);
        }
      o->max_gpus_per_node = MAX (o->max_gpus_per_node, n->allocatable);
      if (!n->unschedulable)
        o->max_free_on_node = MAX (o->max_free_on_node, n->free);
    }
  for (guint j = 0; j < plan->options->len; j++)
    plan_option (request, inventory, g_ptr_array_index (plan->options, j));

  if (plan->options->len > 0)
    {
      const KfFitOption *first = g_ptr_array_index (plan->options, 0);
      plan->naive_verdict = kf_memory_fit_naive_verdict (request->parameter_count, first->gpu_memory_bytes);
    }
  g_ptr_array_sort (plan->options, compare_options);
  plan->verdict = plan->options->len > 0 ? ((KfFitOption *) g_ptr_array_index (plan->options, 0))->verdict
                                         : KF_FIT_UNKNOWN;
  if (plan->options->len > 0)
    plan->confidence = ((KfFitOption *) g_ptr_array_index (plan->options, 0))->estimate.confidence;
  plan->summary = plan_summary (plan);
  return plan;
}

void
kf_fit_request_set_model (KfFitRequest       *request,
                          KfModel            *model,
                          const KfModelShape *shape)
{
  JsonObject *st = kf_model_get_safetensors (model);
  gboolean exact = FALSE;
  guint64 params;

  request->shape = shape;
  if (kf_model_get_context_length (model) > 0 && request->context_length == 0)
    request->context_length = kf_model_get_context_length (model);

  if (kf_model_get_engines (model) == KF_ENGINES_LLAMACPP)
    {
      request->engine = KF_ENGINES_LLAMACPP;
      /* A llama.cpp server is started with a context size, not the model's
       * maximum (vLLM's max_model_len default): size for KAITO's 2048
       * unless the catalog says otherwise. */
      if (request->context_length == 0)
        request->context_length = DEFAULT_CONTEXT;
    }

  if (st != NULL)
    {
      gboolean known = FALSE;
      g_autoptr(GList) members = json_object_get_members (st);

      request->weight_bytes = kf_weight_bytes_from_safetensors (st, &known);
      request->parameter_count = 0;
      for (GList *l = members; l; l = l->next)
        {
          JsonNode *n = json_object_get_member (st, l->data);
          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
            request->parameter_count += (guint64) MAX (json_node_get_int (n), 0);
        }
      request->confidence = known ? KF_FIT_CONFIDENCE_EXACT : KF_FIT_CONFIDENCE_ESTIMATED;
      return;
    }

  params = kf_model_get_effective_parameter_count (model, &exact);
  request->parameter_count = params;
  request->confidence = params == 0 ? KF_FIT_CONFIDENCE_UNKNOWN
                        : exact ? KF_FIT_CONFIDENCE_EXACT : KF_FIT_CONFIDENCE_ESTIMATED;
  /* KAITO's pre-made llama.cpp images ship Q4_K_M GGUF files (the usual
   * AIKit choice): 4.84 bits per weight. */
  if (request->engine == KF_ENGINES_LLAMACPP && params > 0)
    request->weight_bytes = (guint64) llround ((double) params * kf_gguf_bits_per_weight ("Q4_K_M") / 8.0);
  else
    request->weight_bytes = 0;
}
