/* kf-cli-fit.c: `kubefoundry-cli fit` — will a model fit, and on what?
 *
 * The model comes from the curated catalog and/or HuggingFace ($HF_ENDPOINT,
 * token from $HF_TOKEN): safetensors parameter counts and config.json. The
 * GPUs come from a cluster's Node/Pod lists (--nodes/--pods: the JSON of
 * `kubectl get nodes -o json`; the live connection will feed the same
 * kf_gpu_inventory_compute()), else from a GPU type (--gpu-type), else a
 * table of common GPU types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-cli-models.h"
#include "kf-model-catalog.h"
#include "kf-hf-client.h"
#include "kf-memory-fit.h"
#include "kf-gpu-inventory.h"

#define GiB (1024.0 * 1024.0 * 1024.0)

/* Shown when no cluster and no --gpu-type are given. */
static const char *const common_gpus[] = {
  "NVIDIA-L4", "NVIDIA-A10G", "NVIDIA-L40S", "NVIDIA-A100-SXM4-40GB", "NVIDIA-A100-SXM4-80GB",
  "NVIDIA-H100-80GB-HBM3", "NVIDIA-H200", NULL
};

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static GAsyncResult *
wait_for (Wait *w)
{
  g_clear_object (&w->result);
  g_main_loop_run (w->loop);
  return w->result;
}

/* Items of a List object (kubectl get … -o json) or a bare array. */
static JsonArray *
load_items (const char  *path,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root && JSON_NODE_HOLDS_ARRAY (root))
    return json_array_ref (json_node_get_array (root));
  if (root && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "items") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "items")))
    return json_array_ref (json_object_get_array_member (json_node_get_object (root), "items"));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s is not a Kubernetes list (expected {\"items\": [...]}, as `kubectl get nodes -o json` prints)", path);
  return NULL;
}

/* A synthetic cluster: one node of @per_node GPUs for each product. */
static KfGpuInventory *
synthetic_inventory (const char *const *products,
                     guint64             memory_override,
                     guint               per_node)
{
  g_autoptr(JsonArray) nodes = json_array_new ();

  for (guint i = 0; products[i]; i++)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      guint64 mem = memory_override ? memory_override : kf_gpu_memory_for_product (products[i]);
      g_autofree char *mib = g_strdup_printf ("%" G_GUINT64_FORMAT, mem / (1024 * 1024));
      g_autofree char *count = g_strdup_printf ("%u", per_node);
      g_autofree char *name = g_strdup_printf ("%s-node", products[i]);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "metadata");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "labels");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "nvidia.com/gpu.product");
      json_builder_add_string_value (b, products[i]);
      if (mem > 0)
        {
          json_builder_set_member_name (b, "nvidia.com/gpu.memory");
          json_builder_add_string_value (b, mib);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "status");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "allocatable");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "nvidia.com/gpu");
      json_builder_add_string_value (b, count);
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_array_add_element (nodes, json_builder_get_root (b));
    }
  return kf_gpu_inventory_compute (nodes, NULL);
}

static void
add_estimate (JsonBuilder         *b,
              const KfFitEstimate *e)
{
#define INT(name, v) json_builder_set_member_name (b, name); json_builder_add_int_value (b, (gint64) (v));
  INT ("gpus", e->gpus);
  INT ("contextLength", e->context_length);
  INT ("concurrency", e->concurrency);
  INT ("gpuMemoryBytes", e->gpu_memory_bytes);
  INT ("usableBytes", e->usable_bytes);
  INT ("headroomBytes", e->headroom_bytes);
  INT ("weightsBytes", e->weights_bytes);
  INT ("kvCacheBytes", e->kv_cache_bytes);
  INT ("overheadBytes", e->overhead_bytes);
  INT ("requiredBytes", e->required_bytes);
  INT ("spareBytes", e->spare_bytes);
  INT ("kvBytesPerToken", e->kv_bytes_per_token);
  INT ("maxContextLength", e->max_context_length);
#undef INT
  json_builder_set_member_name (b, "kvCounted");
  json_builder_add_boolean_value (b, e->kv_known);
  json_builder_set_member_name (b, "kvUpperBound");
  json_builder_add_boolean_value (b, e->kv_upper_bound);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, kf_fit_verdict_to_string (e->verdict));
}

static JsonNode *
plan_to_json (KfModel            *model,
              const KfFitRequest *req,
              const KfFitPlan    *plan)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, kf_model_get_id (model));
  json_builder_set_member_name (b, "parameterCount");
  json_builder_add_int_value (b, (gint64) req->parameter_count);
  json_builder_set_member_name (b, "weightBytes");
  json_builder_add_int_value (b, (gint64) req->weight_bytes);
  json_builder_set_member_name (b, "engine");
  json_builder_add_string_value (b, kf_engines_name (req->engine));
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, kf_fit_verdict_to_string (plan->verdict));
  json_builder_set_member_name (b, "confidence");
  json_builder_add_string_value (b, kf_fit_confidence_to_string (plan->confidence));
  json_builder_set_member_name (b, "summary");
  json_builder_add_string_value (b, plan->summary);
  json_builder_set_member_name (b, "naive");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "estimateGb");
  json_builder_add_double_value (b, plan->naive_gb);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, kf_fit_verdict_to_string (plan->naive_verdict));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "options");
  json_builder_begin_array (b);
  for (guint i = 0; i < plan->options->len; i++)
    {
      const KfFitOption *o = g_ptr_array_index (plan->options, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "gpuProduct");
      json_builder_add_string_value (b, o->gpu_product);
      json_builder_set_member_name (b, "gpusNeeded");
      json_builder_add_int_value (b, o->gpus_needed);
      json_builder_set_member_name (b, "maxGpusPerNode");
      json_builder_add_int_value (b, o->max_gpus_per_node);
      json_builder_set_member_name (b, "maxFreeOnNode");
      json_builder_add_int_value (b, o->max_free_on_node);
      json_builder_set_member_name (b, "node");
      if (o->node)
        json_builder_add_string_value (b, o->node);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "fit");
      json_builder_add_string_value (b, kf_fit_verdict_to_string (o->verdict));
      json_builder_set_member_name (b, "estimate");
      json_builder_begin_object (b);
      add_estimate (b, &o->estimate);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_plan_text (KfModel            *model,
                 const KfFitRequest *req,
                 const KfFitPlan    *plan,
                 double              fraction)
{
  const KfFitOption *best = plan->options->len ? g_ptr_array_index (plan->options, 0) : NULL;

  printf ("Model:       %s (%.2f B parameters, %.1f GiB of weights, %s)\n", kf_model_get_id (model),
          req->parameter_count / 1e9, (double) (req->weight_bytes ? req->weight_bytes : req->parameter_count * 2) / GiB,
          kf_fit_confidence_to_string (req->confidence));
  printf ("Engine:      %s (memory fraction %.2f)\n", kf_engines_display_name (req->engine), fraction);
  if (best)
    {
      printf ("Context:     %u tokens × %u sequence(s)", best->estimate.context_length, best->estimate.concurrency);
      if (best->estimate.kv_known)
        printf ("; KV cache %.1f KiB/token%s\n", best->estimate.kv_bytes_per_token / 1024.0,
                best->estimate.kv_upper_bound ? " (upper bound: hybrid layers)" : "");
      else
        printf ("; KV cache NOT counted (no config.json)\n");
    }
  printf ("Verdict:     %s — %s\n\n", kf_fit_verdict_to_string (plan->verdict), plan->summary);

  printf ("%-26s %7s %5s %-13s %9s %9s %9s %9s %9s %8s\n", "GPU", "MEMORY", "GPUS", "FIT",
          "NEED/GPU", "WEIGHTS", "KV", "OVERHEAD", "USABLE", "MAX CTX");
  for (guint i = 0; i < plan->options->len; i++)
    {
      const KfFitOption *o = g_ptr_array_index (plan->options, i);
      const KfFitEstimate *e = &o->estimate;
      g_autofree char *gpus = o->gpus_needed ? g_strdup_printf ("%u", o->gpus_needed)
                                             : g_strdup_printf (">%u", e->gpus);

      printf ("%-26.26s %6.1fG %5s %-13s %8.1fG %8.1fG %8.1fG %8.1fG %8.1fG %8u\n",
              o->gpu_product, o->gpu_memory_bytes / GiB, gpus, kf_fit_verdict_to_string (o->verdict),
              e->required_bytes / GiB, e->weights_bytes / GiB, e->kv_cache_bytes / GiB,
              e->overhead_bytes / GiB, e->usable_bytes / GiB, e->max_context_length);
    }
  printf ("\n(GiB per GPU. The original's rule, params × 2 B × 1.2 = %.1f GB against one GPU, says: %s.)\n",
          plan->naive_gb, kf_fit_verdict_to_string (plan->naive_verdict));
}

int
kf_cli_fit (KfCliGlobals  *globals,
            int            argc,
            char         **argv)
{
  int context = 0, gpus = 0, concurrency = 1, per_node = 8;
  double gpu_memory_gib = 0, fraction = 0;
  g_autofree char *gpu_type = NULL, *engine_name = NULL, *kv_dtype = NULL;
  g_autofree char *config_path = NULL, *nodes_path = NULL, *pods_path = NULL;
  gboolean offline = FALSE;
  GOptionEntry entries[] = {
    { "context-length", 'c', 0, G_OPTION_ARG_INT, &context, "tokens per sequence (default: the model's maximum)", "N" },
    { "gpus", 'g', 0, G_OPTION_ARG_INT, &gpus, "exactly N GPUs (tensor parallel) instead of the smallest count that fits", "N" },
    { "gpu-type", 't', 0, G_OPTION_ARG_STRING, &gpu_type, "GPU product (H100, A100-80GB, L4…) when no cluster is given", "TYPE" },
    { "gpu-memory", 0, 0, G_OPTION_ARG_DOUBLE, &gpu_memory_gib, "memory of one GPU in GiB (overrides the product table)", "GIB" },
    { "gpus-per-node", 0, 0, G_OPTION_ARG_INT, &per_node, "GPUs per node for --gpu-type (default 8)", "N" },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency, "sequences resident at full context (default 1)", "N" },
    { "engine", 'e', 0, G_OPTION_ARG_STRING, &engine_name, "vllm (default), sglang, trtllm or llamacpp", "ENGINE" },
    { "memory-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &fraction, "engine memory fraction (vLLM gpu_memory_utilization, default 0.9)", "F" },
    { "kv-cache-dtype", 0, 0, G_OPTION_ARG_STRING, &kv_dtype, "auto (16-bit) or fp8", "DTYPE" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, "the model's config.json (instead of fetching it)", "FILE" },
    { "nodes", 0, 0, G_OPTION_ARG_FILENAME, &nodes_path, "the cluster's nodes (kubectl get nodes -o json)", "FILE" },
    { "pods", 0, 0, G_OPTION_ARG_FILENAME, &pods_path, "the cluster's pods (kubectl get pods -A -o json)", "FILE" },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, "do not contact HuggingFace", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("MODEL_ID - estimate the GPU memory a model needs and where it fits");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) catalog = NULL;
  g_autoptr(KfModel) model = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(KfGpuInventory) inventory = NULL;
  g_autoptr(KfFitPlan) plan = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait w = { loop, NULL };
  KfModelShape shape;
  gboolean have_shape = FALSE;
  KfFitRequest req;
  const char *model_id, *token = g_getenv ("HF_TOKEN");
  KfModel *curated;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return kf_cli_fail (error);
  if (argc != 2)
    {
      g_printerr ("kubefoundry-cli: fit needs one MODEL_ID (a curated id or a HuggingFace owner/name)\n");
      return 2;
    }
  if (context < 0 || gpus < 0 || concurrency < 1 || per_node < 1 || gpu_memory_gib < 0 || fraction < 0 || fraction > 1)
    {
      g_printerr ("kubefoundry-cli: --context-length, --gpus, --gpu-memory must be ≥ 0, --concurrency and "
                  "--gpus-per-node ≥ 1, --memory-fraction within 0–1\n");
      return 2;
    }
  model_id = argv[1];

  catalog = kf_model_catalog_load (&error);
  if (catalog == NULL)
    return kf_cli_fail (error);
  curated = kf_model_catalog_lookup (G_LIST_MODEL (catalog), model_id);
  if (curated)
    model = g_object_ref (curated);

  /* HuggingFace metadata: exact parameter counts and the architecture. */
  if (!offline && (curated == NULL || kf_model_get_premade_image (curated) == NULL))
    {
      g_autoptr(KfHfClient) client = kf_hf_client_new (NULL);
      g_autoptr(KfModel) hf = NULL;
      g_autoptr(GError) hf_error = NULL;

      kf_hf_client_get_model_async (client, model_id, token, NULL, wait_cb, &w);
      hf = kf_hf_client_get_model_finish (client, wait_for (&w), &hf_error);
      if (hf == NULL && model == NULL)
        return kf_cli_fail (hf_error);
      if (hf == NULL)
        g_printerr ("kubefoundry-cli: warning: using the catalog's size only: %s\n", hf_error->message);
      else
        {
          if (model != NULL)
            kf_model_set_context_length (hf, kf_model_get_context_length (model));
          g_set_object (&model, hf);
        }

      if (config_path == NULL && hf != NULL)
        {
          kf_hf_client_get_config_async (client, model_id, token, NULL, wait_cb, &w);
          config = kf_hf_client_get_config_finish (client, wait_for (&w), &hf_error);
          if (config == NULL)
            g_printerr ("kubefoundry-cli: warning: KV cache not counted: %s\n", hf_error->message);
        }
    }
  else if (model == NULL)
    {
      g_printerr ("kubefoundry-cli: “%s” is not in the curated catalog (and --offline was given)\n", model_id);
      return 1;
    }
  g_clear_object (&w.result);

  if (config_path != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (!json_parser_load_from_file (parser, config_path, &error))
        {
          g_prefix_error (&error, "%s: ", config_path);
          return kf_cli_fail (error);
        }
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_printerr ("kubefoundry-cli: %s is not a config.json object\n", config_path);
          return 1;
        }
      config = json_object_ref (json_node_get_object (root));
    }
  /* Offline or gated: the catalog's copy of the config numbers. */
  if (config == NULL && curated != NULL && kf_model_get_config (curated) != NULL)
    config = json_object_ref (kf_model_get_config (curated));
  if (config != NULL)
    {
      if (kf_model_shape_from_config (config, &shape, &error))
        have_shape = TRUE;
      else
        {
          g_printerr ("kubefoundry-cli: warning: KV cache not counted: %s\n", error->message);
          g_clear_error (&error);
        }
    }

  kf_fit_request_init (&req);
  if (engine_name)
    {
      req.engine = kf_engines_from_name (engine_name);
      if (req.engine == KF_ENGINES_NONE)
        {
          g_printerr ("kubefoundry-cli: unknown engine “%s” (use vllm, sglang, trtllm or llamacpp)\n", engine_name);
          return 2;
        }
    }
  req.context_length = (guint) context;
  req.concurrency = (guint) concurrency;
  req.memory_fraction = fraction;
  req.gpus = (guint) gpus;
  if (kv_dtype && g_ascii_strcasecmp (kv_dtype, "fp8") == 0)
    req.kv_dtype_bytes = 1;
  else if (kv_dtype && g_ascii_strcasecmp (kv_dtype, "auto") != 0)
    {
      g_printerr ("kubefoundry-cli: unknown --kv-cache-dtype “%s” (use auto or fp8)\n", kv_dtype);
      return 2;
    }
  kf_fit_request_set_model (&req, model, have_shape ? &shape : NULL);
  if (engine_name)
    req.engine = kf_engines_from_name (engine_name);

  /* The GPUs: a cluster's lists, a GPU type, or the common types. */
  if (nodes_path)
    {
      g_autoptr(JsonArray) nodes = load_items (nodes_path, &error);
      g_autoptr(JsonArray) pods = NULL;

      if (nodes == NULL)
        return kf_cli_fail (error);
      if (pods_path && (pods = load_items (pods_path, &error)) == NULL)
        return kf_cli_fail (error);
      inventory = kf_gpu_inventory_compute (nodes, pods);
    }
  else
    {
      const char *one[] = { gpu_type, NULL };
      guint64 mem = (guint64) (gpu_memory_gib * GiB);

      if (gpu_type && mem == 0 && kf_gpu_memory_for_product (gpu_type) == 0)
        {
          g_printerr ("kubefoundry-cli: unknown GPU type “%s”: give its memory with --gpu-memory GIB\n", gpu_type);
          return 2;
        }
      inventory = synthetic_inventory (gpu_type ? one : common_gpus, mem, (guint) MAX (per_node, gpus));
    }

  plan = kf_memory_fit_plan (&req, inventory);
  if (globals->output != KF_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = plan_to_json (model, &req, plan);
      kf_cli_print_json (node);
    }
  else
    print_plan_text (model, &req, plan,
                     fraction > 0 ? fraction : (req.engine == KF_ENGINES_LLAMACPP ? 1.0 : 0.9));
  return plan->verdict == KF_FIT_DOES_NOT_FIT ? 3 : 0;
}
