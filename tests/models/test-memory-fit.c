/* test-memory-fit.c: the memory-fit estimate on worked examples
 *
 * Every expected number is derived in the comments from the model's
 * config.json and parameter counts and the constants documented in
 * src/core/models/kf-memory-fit.c:
 *   vLLM: weights × 1.02 / N; overhead 2.3 GiB + 5 % of the GPU's weights;
 *         usable = 0.9 × GPU memory; fits ≤ 90 % of usable, tight ≤ 100 %.
 *   llama.cpp: weights × 1.0; overhead 1 GiB; usable = the whole GPU.
 * GPU memory as the driver reports it: L4 23034 MiB, H100 81559 MiB,
 * A100-80GB 81920 MiB, H200 143771 MiB, T4 15360 MiB.
 * Config values are those published in each model's config.json on the Hub
 * (cross-checked with ../shared/fixtures/kaito/model_catalog.yaml where the
 * model is listed there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "kf-memory-fit.h"
#include "kf-gpu-inventory.h"

#define MiB 1048576ull
#define GiB 1073741824.0

#define L4_MEM    (23034 * MiB)
#define H100_MEM  (81559 * MiB)
#define A100_MEM  (81920 * MiB)
#define H200_MEM  (143771 * MiB)
#define T4_MEM    (15360 * MiB)

/* Within 1 MiB: the derivations round to the byte. */
#define assert_bytes(a, b) g_assert_cmpfloat (fabs ((double) (a) - (double) (b)), <, 1048576.0)

static const char llama31_8b_config[] =
  "{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":4096,\"num_hidden_layers\":32,"
  "\"num_attention_heads\":32,\"num_key_value_heads\":8,\"max_position_embeddings\":131072,"
  "\"model_type\":\"llama\",\"torch_dtype\":\"bfloat16\"}";

static const char llama3_70b_config[] =
  "{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":8192,\"num_hidden_layers\":80,"
  "\"num_attention_heads\":64,\"num_key_value_heads\":8,\"max_position_embeddings\":8192,"
  "\"model_type\":\"llama\",\"torch_dtype\":\"bfloat16\"}";

/* DeepSeek-V3's published architecture numbers (MLA). */
static const char deepseek_v3_config[] =
  "{\"architectures\":[\"DeepseekV3ForCausalLM\"],\"hidden_size\":7168,\"num_hidden_layers\":61,"
  "\"num_attention_heads\":128,\"num_key_value_heads\":128,\"kv_lora_rank\":512,"
  "\"qk_rope_head_dim\":64,\"qk_nope_head_dim\":128,\"v_head_dim\":128,\"n_routed_experts\":256,"
  "\"max_position_embeddings\":163840,\"model_type\":\"deepseek_v3\",\"torch_dtype\":\"bfloat16\"}";

static const char mixtral_config[] =
  "{\"architectures\":[\"MixtralForCausalLM\"],\"hidden_size\":4096,\"num_hidden_layers\":32,"
  "\"num_attention_heads\":32,\"num_key_value_heads\":8,\"num_local_experts\":8,"
  "\"num_experts_per_tok\":2,\"max_position_embeddings\":32768,\"sliding_window\":null,"
  "\"model_type\":\"mixtral\",\"torch_dtype\":\"bfloat16\"}";

static void
parse_shape (const char   *json,
             KfModelShape *shape)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  kf_model_shape_from_config (json_node_get_object (json_parser_get_root (parser)), shape, &error);
  g_assert_no_error (error);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
report (const char          *what,
        const KfFitEstimate *e,
        guint64              params,
        guint64              gpu_mem)
{
  g_test_message ("%s: %u GPU(s), ctx %u ×%u: weights %.2f GiB + KV %.2f GiB + overhead %.2f GiB = %.2f GiB "
                  "of %.2f GiB usable → %s (max context %u); naive rule: %.1f GB → %s",
                  what, e->gpus, e->context_length, e->concurrency,
                  e->weights_bytes / GiB, e->kv_cache_bytes / GiB, e->overhead_bytes / GiB,
                  e->required_bytes / GiB, e->usable_bytes / GiB, kf_fit_verdict_to_string (e->verdict),
                  e->max_context_length, kf_memory_fit_naive_gb (params),
                  kf_fit_verdict_to_string (kf_memory_fit_naive_verdict (params, gpu_mem)));
}

/* Llama-3.1-8B-Instruct, BF16 (safetensors: BF16 8,030,261,248). */
static void
test_dense_llama_8b (void)
{
  g_autoptr(JsonObject) st = parse_object ("{\"BF16\": 8030261248}");
  KfModelShape shape;
  KfFitRequest req;
  KfFitEstimate e;
  gboolean known;

  parse_shape (llama31_8b_config, &shape);
  /* head_dim = 4096 / 32 = 128; KV/token = 2 × 32 layers × 8 heads × 128 × 2 B = 131,072 B. */
  g_assert_cmpuint (shape.head_dim, ==, 128);
  g_assert_cmpuint (shape.num_kv_heads, ==, 8);

  kf_fit_request_init (&req);
  req.weight_bytes = kf_weight_bytes_from_safetensors (st, &known);
  g_assert_true (known);
  g_assert_cmpuint (req.weight_bytes, ==, 16060522496ull);   /* 8,030,261,248 × 2 */
  req.parameter_count = 8030261248ull;
  req.confidence = KF_FIT_CONFIDENCE_EXACT;
  req.shape = &shape;

  /* One L4 (23034 MiB = 24,152,899,584 B), full 131,072-token context:
   *   usable   = 0.9 × 24,152,899,584             = 21,737,609,626
   *   weights  = 16,060,522,496 × 1.02            = 16,381,732,946
   *   overhead = 2.3 GiB (2,469,606,195) + 5 % × 16,381,732,946 (819,086,647) = 3,288,692,842
   *   KV       = 131,072 B × 131,072 tokens       = 17,179,869,184 (16 GiB)
   *   required = 36,850,294,972 > usable          → does not fit
   *   max ctx  = (21,737,609,626 − 19,670,425,788) / 131,072 = 15,771 tokens
   * The naive rule: 8.03e9 × 2 × 1.2 = 19.3 GB vs 22 "GB" → "tight", i.e. it
   * would let vLLM fail at start-up (peers.md §4.5 example 1). */
  kf_memory_fit_estimate (&req, 1, L4_MEM, &e);
  report ("Llama-3.1-8B on 1×L4", &e, req.parameter_count, L4_MEM);
  g_assert_cmpuint (e.kv_bytes_per_token, ==, 131072);
  g_assert_cmpuint (e.context_length, ==, 131072);
  assert_bytes (e.usable_bytes, 21737609626.0);
  assert_bytes (e.weights_bytes, 16381732946.0);
  assert_bytes (e.overhead_bytes, 3288692842.0);
  assert_bytes (e.kv_cache_bytes, 17179869184.0);
  g_assert_cmpint (e.verdict, ==, KF_FIT_DOES_NOT_FIT);
  g_assert_cmpuint (e.max_context_length, ==, 15771);
  g_assert_cmpint (e.confidence, ==, KF_FIT_CONFIDENCE_EXACT);
  g_assert_cmpint (kf_memory_fit_naive_verdict (req.parameter_count, L4_MEM), ==, KF_FIT_TIGHT);

  /* Same GPU at 8,192 tokens: KV = 1 GiB; required = 20,744,167,612:
   * above 90 % of usable (19,563,848,663), below usable → tight. */
  req.context_length = 8192;
  kf_memory_fit_estimate (&req, 1, L4_MEM, &e);
  report ("Llama-3.1-8B on 1×L4", &e, req.parameter_count, L4_MEM);
  assert_bytes (e.required_bytes, 20744167612.0);
  g_assert_cmpint (e.verdict, ==, KF_FIT_TIGHT);

  /* Two L4 at full context: weights 8,190,866,473, overhead 2,469,606,195 +
   * 409,543,324 = 2,879,149,519, KV with 4 of the 8 KV heads per GPU = 8 GiB
   * (8,589,934,592); required 19,659,950,584: tight (90 % is 19,563,848,663). */
  req.context_length = 0;
  kf_memory_fit_estimate (&req, 2, L4_MEM, &e);
  report ("Llama-3.1-8B on 2×L4", &e, req.parameter_count, L4_MEM);
  assert_bytes (e.kv_cache_bytes, 8589934592.0);
  assert_bytes (e.required_bytes, 19659950584.0);
  g_assert_cmpint (e.verdict, ==, KF_FIT_TIGHT);

  /* One H100 (81559 MiB; usable 76,968,728,986): 36,850,294,972 → fits. */
  kf_memory_fit_estimate (&req, 1, H100_MEM, &e);
  report ("Llama-3.1-8B on 1×H100", &e, req.parameter_count, H100_MEM);
  g_assert_cmpint (e.verdict, ==, KF_FIT_FITS);
  g_assert_cmpuint (e.max_context_length, ==, 131072);   /* clamped to max_position_embeddings */

  /* fp8 KV cache halves the KV: 8 GiB at full context on one L4 still does
   * not fit (19,670,425,788 + 8,589,934,592 > usable). */
  req.kv_dtype_bytes = 1;
  kf_memory_fit_estimate (&req, 1, L4_MEM, &e);
  assert_bytes (e.kv_cache_bytes, 8589934592.0);
  g_assert_cmpint (e.verdict, ==, KF_FIT_DOES_NOT_FIT);
}

/* Meta-Llama-3-70B-Instruct (fixture: safetensors BF16 70,553,706,496), GQA. */
static void
test_gqa_llama_70b (void)
{
  KfModelShape shape;
  KfFitRequest req;
  KfFitEstimate e;

  parse_shape (llama3_70b_config, &shape);
  kf_fit_request_init (&req);
  req.weight_bytes = 141107412992ull;      /* × 2 B */
  req.parameter_count = 70553706496ull;
  req.confidence = KF_FIT_CONFIDENCE_EXACT;
  req.shape = &shape;

  /* KV/token = 2 × 80 × 8 × 128 × 2 = 327,680 B (320 KiB). */
  kf_memory_fit_estimate (&req, 1, H100_MEM, &e);
  g_assert_cmpuint (e.kv_bytes_per_token, ==, 327680);
  g_assert_cmpint (e.verdict, ==, KF_FIT_DOES_NOT_FIT);   /* 143.9 GB of weights */

  /* TP=2 on H100: weights 71,964,780,626 + overhead 6,067,845,226 alone
   * exceed usable 76,968,728,986 → does not fit. */
  kf_memory_fit_estimate (&req, 2, H100_MEM, &e);
  report ("Llama-3-70B on 2×H100", &e, req.parameter_count, H100_MEM);
  g_assert_cmpint (e.verdict, ==, KF_FIT_DOES_NOT_FIT);
  g_assert_cmpuint (e.max_context_length, ==, 0);

  /* TP=4: weights 35,982,390,313; overhead 2,469,606,195 + 1,799,119,516 =
   * 4,268,725,711; KV with 2 heads per GPU: 81,920 B/token × 8,192 =
   * 671,088,640; required 40,922,204,664 ≤ 69,271,856,087 (90 %) → fits. */
  kf_memory_fit_estimate (&req, 4, H100_MEM, &e);
  report ("Llama-3-70B on 4×H100", &e, req.parameter_count, H100_MEM);
  assert_bytes (e.kv_cache_bytes, 671088640.0);
  assert_bytes (e.required_bytes, 40922204664.0);
  g_assert_cmpint (e.verdict, ==, KF_FIT_FITS);

  /* TP=16 > 8 KV heads: each GPU keeps one (replicated) head:
   * 2 × 80 × 1 × 128 × 2 × 8192 = 335,544,320. */
  kf_memory_fit_estimate (&req, 16, H100_MEM, &e);
  assert_bytes (e.kv_cache_bytes, 335544320.0);

  /* The naive rule: 169.3 GB vs one 80 GB GPU → "does not fit" — and
   * nothing about the 4 GPUs that would do. */
  g_assert_cmpint (kf_memory_fit_naive_verdict (req.parameter_count, H100_MEM), ==, KF_FIT_DOES_NOT_FIT);
}

/* A DeepSeek-V3-like MLA model: 671 B parameters, mostly FP8. */
static void
test_mla_deepseek (void)
{
  g_autoptr(JsonObject) st = parse_object ("{\"BF16\": 15000000000, \"F8_E4M3\": 656000000000, \"F32\": 40000000}");
  KfModelShape shape;
  KfFitRequest req;
  KfFitEstimate e;

  parse_shape (deepseek_v3_config, &shape);
  g_assert_cmpuint (shape.kv_lora_rank, ==, 512);
  g_assert_cmpuint (shape.num_experts, ==, 256);

  kf_fit_request_init (&req);
  /* 15e9 × 2 + 656e9 × 1 + 0.04e9 × 4 = 686,160,000,000 B. */
  req.weight_bytes = kf_weight_bytes_from_safetensors (st, NULL);
  g_assert_cmpuint (req.weight_bytes, ==, 686160000000ull);
  req.parameter_count = 671040000000ull;
  req.confidence = KF_FIT_CONFIDENCE_EXACT;
  req.shape = &shape;
  req.context_length = 32768;
  req.concurrency = 4;

  /* MLA: one latent of 512 + 64 elements per token per layer, no ×2:
   * 61 × 576 × 2 B = 70,272 B/token (the MHA formula, 2 × 61 × 128 × 56 × 2,
   * would say 1,748,992: 25× more). Replicated on every GPU:
   * 70,272 × 32,768 × 4 = 9,210,691,584 on each. */
  kf_memory_fit_estimate (&req, 8, H200_MEM, &e);
  report ("DeepSeek-V3-like on 8×H200", &e, req.parameter_count, H200_MEM);
  g_assert_cmpuint (e.kv_bytes_per_token, ==, 70272);
  assert_bytes (e.kv_cache_bytes, 9210691584.0);
  /* weights 686.16e9 × 1.02 / 8 = 87,485,400,000; overhead 2,469,606,195 +
   * 4,374,270,000 = 6,843,876,195; required 103,539,967,779 ≤ 90 % of
   * usable (0.9 × 0.9 × 150,754,820,096 = 122,111,404,278) → fits. */
  assert_bytes (e.required_bytes, 103539967779.0);
  g_assert_cmpint (e.verdict, ==, KF_FIT_FITS);

  /* The KV does not shrink with more GPUs (replicated). */
  {
    KfFitEstimate e4;
    kf_memory_fit_estimate (&req, 4, H200_MEM, &e4);
    g_assert_cmpuint (e4.kv_cache_bytes, ==, e.kv_cache_bytes);
    g_assert_cmpint (e4.verdict, ==, KF_FIT_DOES_NOT_FIT);   /* 175 GB of weights per GPU */
  }

  /* 8 × H100: 87.5 GB of weights per GPU > 77.0 GB usable → does not fit. */
  kf_memory_fit_estimate (&req, 8, H100_MEM, &e);
  report ("DeepSeek-V3-like on 8×H100", &e, req.parameter_count, H100_MEM);
  g_assert_cmpint (e.verdict, ==, KF_FIT_DOES_NOT_FIT);
}

/* Mixtral-8x7B: every expert is resident (46,702,792,704 parameters, not
 * the ~12.9 B active ones). */
static void
test_moe_mixtral (void)
{
  KfModelShape shape;
  KfFitRequest req;
  KfFitEstimate e;

  parse_shape (mixtral_config, &shape);
  g_assert_cmpuint (shape.num_experts, ==, 8);
  g_assert_cmpuint (shape.sliding_window, ==, 0);   /* "sliding_window": null */

  kf_fit_request_init (&req);
  req.weight_bytes = 93405585408ull;   /* 46,702,792,704 × 2 B */
  req.parameter_count = 46702792704ull;
  req.confidence = KF_FIT_CONFIDENCE_EXACT;
  req.shape = &shape;

  /* 1 × A100-80GB (81920 MiB = 85,899,345,920; usable 77,309,411,328):
   * 95.3 GB of weights → does not fit (counting only active experts would
   * wrongly say it does). */
  kf_memory_fit_estimate (&req, 1, A100_MEM, &e);
  report ("Mixtral-8x7B on 1×A100-80GB", &e, req.parameter_count, A100_MEM);
  g_assert_cmpint (e.verdict, ==, KF_FIT_DOES_NOT_FIT);

  /* 2 × A100-80GB: weights 47,636,848,558; overhead 2,469,606,195 +
   * 2,381,842,428 = 4,851,448,623; KV 2 × 32 × 4 × 128 × 2 × 32,768 =
   * 2,147,483,648; required 54,635,780,829 ≤ 69,578,470,195 → fits. */
  kf_memory_fit_estimate (&req, 2, A100_MEM, &e);
  report ("Mixtral-8x7B on 2×A100-80GB", &e, req.parameter_count, A100_MEM);
  assert_bytes (e.required_bytes, 54635780829.0);
  g_assert_cmpint (e.verdict, ==, KF_FIT_FITS);
}

/* Llama-3.1-8B as GGUF Q4_K_M on llama.cpp. */
static void
test_gguf_q4_k_m (void)
{
  g_autofree char *q = kf_gguf_quant_from_filename ("Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf");
  KfModelShape shape;
  KfFitRequest req;
  KfFitEstimate e;

  g_assert_cmpstr (q, ==, "Q4_K_M");
  g_assert_cmpfloat (kf_gguf_bits_per_weight (q), ==, 4.84);

  parse_shape (llama31_8b_config, &shape);
  kf_fit_request_init (&req);
  req.engine = KF_ENGINES_LLAMACPP;
  req.parameter_count = 8030261248ull;
  /* 8,030,261,248 × 4.84 / 8 = 4,858,308,055 B (the Hub's Q4_K_M files of
   * 8B Llamas are ≈ 4.9 GB). */
  req.weight_bytes = (guint64) llround (8030261248.0 * kf_gguf_bits_per_weight (q) / 8);
  g_assert_cmpuint (req.weight_bytes, ==, 4858308055ull);
  req.confidence = KF_FIT_CONFIDENCE_EXACT;
  req.shape = &shape;
  req.context_length = 8192;

  /* One T4 (15360 MiB = 16,106,127,360, all usable): weights 4,858,308,055 +
   * KV 1 GiB + overhead 1 GiB = 7,005,791,703 (6.5 GiB) → fits.
   * The naive rule says 19.3 GB vs 15 "GB": does not fit (a ~3× overestimate). */
  kf_memory_fit_estimate (&req, 1, T4_MEM, &e);
  report ("Llama-3.1-8B Q4_K_M on 1×T4", &e, req.parameter_count, T4_MEM);
  g_assert_cmpuint (e.usable_bytes, ==, T4_MEM);
  assert_bytes (e.required_bytes, 7005791703.0);
  g_assert_cmpint (e.verdict, ==, KF_FIT_FITS);
  g_assert_cmpint (kf_memory_fit_naive_verdict (req.parameter_count, T4_MEM), ==, KF_FIT_DOES_NOT_FIT);
}

static void
test_sliding_window (void)
{
  KfModelShape shape;
  KfFitRequest req;
  KfFitEstimate e;

  /* Mistral-7B-v0.1: a 4,096-token window on all 32 layers: at 32,768
   * tokens the KV is 2 × 32 × 8 × 128 × 2 × 4,096 = 536,870,912, not 4 GiB. */
  parse_shape ("{\"hidden_size\":4096,\"num_hidden_layers\":32,\"num_attention_heads\":32,"
               "\"num_key_value_heads\":8,\"sliding_window\":4096,\"max_position_embeddings\":32768,"
               "\"model_type\":\"mistral\"}", &shape);
  g_assert_cmpuint (shape.sliding_window_layers, ==, 32);
  kf_fit_request_init (&req);
  req.weight_bytes = 14483464192ull;
  req.shape = &shape;
  req.context_length = 32768;
  kf_memory_fit_estimate (&req, 1, H100_MEM, &e);
  assert_bytes (e.kv_cache_bytes, 536870912.0);

  /* Qwen2 declares a window but disables it. */
  parse_shape ("{\"hidden_size\":3584,\"num_hidden_layers\":28,\"num_attention_heads\":28,"
               "\"num_key_value_heads\":4,\"sliding_window\":131072,\"use_sliding_window\":false}", &shape);
  g_assert_cmpuint (shape.sliding_window, ==, 0);

  /* Gemma 2 alternates local and global layers; explicit head_dim 256
   * (not 3584 / 16 = 224). */
  parse_shape ("{\"hidden_size\":3584,\"num_hidden_layers\":42,\"num_attention_heads\":16,"
               "\"num_key_value_heads\":8,\"head_dim\":256,\"sliding_window\":4096,\"model_type\":\"gemma2\"}",
               &shape);
  g_assert_cmpuint (shape.sliding_window_layers, ==, 21);
  g_assert_cmpuint (shape.head_dim, ==, 256);
}

static void
test_config_errors (void)
{
  static const char *const bad[] = {
    "{\"hidden_size\":4096,\"num_attention_heads\":32}",
    "{\"num_hidden_layers\":32,\"hidden_size\":4096}",
    "{\"num_hidden_layers\":32,\"num_attention_heads\":32}",
    "{\"num_hidden_layers\":\"many\",\"num_attention_heads\":32,\"hidden_size\":4096}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) o = parse_object (bad[i]);
      g_autoptr(GError) error = NULL;
      KfModelShape shape;

      g_assert_false (kf_model_shape_from_config (o, &shape, &error));
      g_assert_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "config.json has "));
    }
}

static void
test_unknowns (void)
{
  KfFitRequest req;
  KfFitEstimate e;

  /* Nothing known about the model → unknown, not "fits". */
  kf_fit_request_init (&req);
  kf_memory_fit_estimate (&req, 1, H100_MEM, &e);
  g_assert_cmpint (e.verdict, ==, KF_FIT_UNKNOWN);

  /* Size from the name only, no config: judged on weights + overhead,
   * confidence "estimated", KV flagged as not counted. */
  req.parameter_count = 8000000000ull;
  req.confidence = KF_FIT_CONFIDENCE_ESTIMATED;
  kf_memory_fit_estimate (&req, 1, H100_MEM, &e);
  g_assert_cmpint (e.verdict, ==, KF_FIT_FITS);
  g_assert_false (e.kv_known);
  g_assert_cmpint (e.confidence, ==, KF_FIT_CONFIDENCE_ESTIMATED);

  /* GPU memory unknown. */
  kf_memory_fit_estimate (&req, 1, 0, &e);
  g_assert_cmpint (e.verdict, ==, KF_FIT_UNKNOWN);
}

static void
test_dtypes (void)
{
  gboolean known = TRUE;
  g_autoptr(JsonObject) odd = parse_object ("{\"BF16\": 100, \"Q9\": 10, \"I32\": 5}");

  g_assert_cmpfloat (kf_dtype_bytes ("BF16"), ==, 2);
  g_assert_cmpfloat (kf_dtype_bytes ("F32"), ==, 4);
  g_assert_cmpfloat (kf_dtype_bytes ("F8_E4M3"), ==, 1);
  g_assert_cmpfloat (kf_dtype_bytes ("U8"), ==, 1);
  g_assert_cmpfloat (kf_dtype_bytes ("F4"), ==, 0.5);
  g_assert_cmpfloat (kf_dtype_bytes ("nope"), ==, 0);
  /* 100 × 2 + 10 × 2 (unknown: assumed 2) + 5 × 4 = 240. */
  g_assert_cmpuint (kf_weight_bytes_from_safetensors (odd, &known), ==, 240);
  g_assert_false (known);

  g_assert_cmpfloat (kf_gguf_bits_per_weight ("q8_0"), ==, 8.5);
  g_assert_cmpfloat (kf_gguf_bits_per_weight ("Q6_K"), ==, 6.56);
  g_assert_cmpfloat (kf_gguf_bits_per_weight ("Q5_K_S"), ==, 5.5);   /* base block */
  g_assert_cmpfloat (kf_gguf_bits_per_weight ("Q11"), ==, 0);
  {
    g_autofree char *a = kf_gguf_quant_from_filename ("model.IQ2_XXS.gguf");
    g_autofree char *b = kf_gguf_quant_from_filename ("qwen2-7b-instruct-q8_0.gguf");
    g_autofree char *c = kf_gguf_quant_from_filename ("ggml-model-f16.gguf");
    g_autofree char *d = kf_gguf_quant_from_filename ("README.md");
    g_assert_cmpstr (a, ==, "IQ2_XXS");
    g_assert_cmpstr (b, ==, "Q8_0");
    g_assert_cmpstr (c, ==, "F16");
    g_assert_null (d);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/memory-fit/dense-llama-3.1-8b", test_dense_llama_8b);
  g_test_add_func ("/memory-fit/gqa-llama-3-70b", test_gqa_llama_70b);
  g_test_add_func ("/memory-fit/mla-deepseek-v3", test_mla_deepseek);
  g_test_add_func ("/memory-fit/moe-mixtral", test_moe_mixtral);
  g_test_add_func ("/memory-fit/gguf-q4-k-m", test_gguf_q4_k_m);
  g_test_add_func ("/memory-fit/sliding-window", test_sliding_window);
  g_test_add_func ("/memory-fit/config-errors", test_config_errors);
  g_test_add_func ("/memory-fit/unknowns", test_unknowns);
  g_test_add_func ("/memory-fit/dtypes", test_dtypes);
  return g_test_run ();
}
