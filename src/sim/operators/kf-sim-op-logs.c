/* kf-sim-op-logs.c: the simulated containers' logs and GET pods/NAME/log
 *
 * Each engine writes the lines its real counterpart writes (vLLM, SGLang,
 * TensorRT-LLM, the Dynamo frontend, Ray, llama.cpp, a controller manager):
 * start-up when the container starts, "server started" when it turns ready,
 * throughput lines every few simulated seconds, access lines for each request
 * served, and a traceback when it crashes. The text is deterministic; only the
 * timestamps are the wall clock's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <string.h>

#include "kf-sim-op-private.h"

#define MAX_LOG_LINES 20000

void
sim_log_line_free (SimLogLine *line)
{
  g_free (line->text);
  g_free (line);
}

/* "06-10 12:00:01", vLLM's logger prefix */
static char *
vllm_time (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_now_utc ();

  return g_date_time_format (dt, "%m-%d %H:%M:%S");
}

static char *
ray_time (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_now_utc ();
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");

  return g_strdup_printf ("%s,%03d", base, g_date_time_get_microsecond (dt) / 1000);
}

static char *
line_with_timestamp (SimLogLine *line)
{
  g_autofree char *ts = sim_time_format (line->time_us, TRUE);

  return g_strdup_printf ("%s %s\n", ts, line->text);
}

static void
follower_write (SimLogFollower *f,
                SimLogLine     *line)
{
  g_autofree char *text = f->timestamps ? line_with_timestamp (line) : g_strdup_printf ("%s\n", line->text);
  SoupMessageBody *body = soup_server_message_get_response_body (f->msg);

  soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
  soup_server_message_unpause (f->msg);
}

void
sim_pod_append_log (SimPod     *pod,
                    const char *text)
{
  SimLogLine *line = g_new0 (SimLogLine, 1);

  line->time_us = g_get_real_time ();
  line->text = g_strdup (text);
  g_ptr_array_add (pod->log, line);
  for (guint i = 0; i < pod->followers->len; i++)
    follower_write (g_ptr_array_index (pod->followers, i), line);
  if (pod->log->len > MAX_LOG_LINES)
    g_ptr_array_remove_range (pod->log, 0, pod->log->len - MAX_LOG_LINES);
}

G_GNUC_PRINTF (2, 3)
static void
plog (SimPod     *pod,
      const char *format,
      ...)
{
  va_list ap;
  g_autofree char *text = NULL;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  sim_pod_append_log (pod, text);
}

static void
vllm_line (SimPod     *pod,
           const char *where,
           const char *text)
{
  g_autofree char *t = vllm_time ();

  plog (pod, "INFO %s [%s] %s", t, where, text);
}

static const char *
model_of (SimPod *pod)
{
  return pod->model ? pod->model : "model";
}

static void
iso_line (SimPod     *pod,
          const char *level,
          const char *target,
          const char *text)
{
  g_autofree char *ts = sim_time_format (g_get_real_time (), TRUE);

  plog (pod, "%s  %s %s: %s", ts, level, target, text);
}

/* ---------------------------------------------------------- start-up */

static void
vllm_startup (SimPod *pod)
{
  g_autofree char *args = g_strdup_printf ("non-default args: {'model': '%s', 'enforce_eager': True}", model_of (pod));
  g_autofree char *init = g_strdup_printf ("Initializing a V1 LLM engine (v0.9.1) with config: model='%s', "
                                           "speculative_config=None, tokenizer='%s', skip_tokenizer_init=False, "
                                           "tokenizer_mode=auto, trust_remote_code=False, dtype=torch.bfloat16, "
                                           "max_seq_len=40960, download_dir=None, load_format=auto, "
                                           "tensor_parallel_size=%d, pipeline_parallel_size=1, quantization=None, "
                                           "enforce_eager=True, kv_cache_dtype=auto, device_config=cuda, seed=0",
                                           model_of (pod), model_of (pod), MAX (pod->gpus, 1));
  g_autofree char *load = g_strdup_printf ("Starting to load model %s...", model_of (pod));

  if (g_strcmp0 (pod->role, "frontend") != 0 && pod->owner_key && strstr (pod->owner_key, "nvidia.com"))
    iso_line (pod, "INFO", "dynamo_runtime::distributed", "Initializing distributed runtime (etcd: dynamo-platform-etcd.dynamo-system:2379, nats: nats://dynamo-platform-nats.dynamo-system:4222)");
  vllm_line (pod, "__init__.py:244", "Automatically detected platform cuda.");
  vllm_line (pod, "api_server.py:1395", "vLLM API server version 0.9.1");
  vllm_line (pod, "cli_args.py:325", args);
  vllm_line (pod, "config.py:823", "This model supports multiple tasks: {'embed', 'classify', 'reward', 'generate'}. Defaulting to 'generate'.");
  vllm_line (pod, "config.py:2195", "Chunked prefill is enabled with max_num_batched_tokens=8192.");
  vllm_line (pod, "core.py:455", "Waiting for init message from front-end.");
  vllm_line (pod, "core.py:70", init);
  vllm_line (pod, "parallel_state.py:1065", "rank 0 in world size 1 is assigned as DP rank 0, PP rank 0, TP rank 0, EP rank 0");
  vllm_line (pod, "gpu_model_runner.py:1595", load);
  vllm_line (pod, "gpu_model_runner.py:1600", "Loading model from scratch...");
  vllm_line (pod, "cuda.py:252", "Using Flash Attention backend on V1 engine.");
  vllm_line (pod, "weight_utils.py:292", "Using model weights format ['*.safetensors']");
  plog (pod, "Loading safetensors checkpoint shards:   0%% Completed | 0/4 [00:00<?, ?it/s]");
}

static void
vllm_ready (SimPod *pod)
{
  g_autofree char *took = g_strdup_printf ("Model loading took %.4f GiB and %.6f seconds",
                                           1.1 + (g_str_hash (model_of (pod)) % 1500) / 100.0, 4.812731);

  plog (pod, "Loading safetensors checkpoint shards: 100%% Completed | 4/4 [00:03<00:00,  1.21it/s]");
  vllm_line (pod, "default_loader.py:272", "Loading weights took 3.31 seconds");
  vllm_line (pod, "gpu_model_runner.py:1624", took);
  vllm_line (pod, "gpu_worker.py:227", "Available KV cache memory: 58.34 GiB");
  vllm_line (pod, "kv_cache_utils.py:715", "GPU KV cache size: 546,192 tokens");
  vllm_line (pod, "kv_cache_utils.py:719", "Maximum concurrency for 40,960 tokens per request: 13.33x");
  vllm_line (pod, "core.py:171", "init engine (profile, create kv cache, warmup model) took 9.87 seconds");
  if (pod->owner_key && strstr (pod->owner_key, "nvidia.com"))
    {
      g_autofree char *m = g_strdup_printf ("Registered endpoint 'dynamo.backend.generate' for model %s", model_of (pod));

      iso_line (pod, "INFO", "dynamo.vllm", m);
      return;
    }
  vllm_line (pod, "api_server.py:1289", "Starting vLLM API server 0 on http://0.0.0.0:8000");
  vllm_line (pod, "launcher.py:29", "Available routes are:");
  vllm_line (pod, "launcher.py:37", "Route: /health, Methods: GET");
  vllm_line (pod, "launcher.py:37", "Route: /metrics, Methods: GET");
  vllm_line (pod, "launcher.py:37", "Route: /v1/models, Methods: GET");
  vllm_line (pod, "launcher.py:37", "Route: /v1/chat/completions, Methods: POST");
  vllm_line (pod, "launcher.py:37", "Route: /v1/completions, Methods: POST");
  plog (pod, "INFO:     Started server process [1]");
  plog (pod, "INFO:     Waiting for application startup.");
  plog (pod, "INFO:     Application startup complete.");
  plog (pod, "INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)");
}

static void
frontend_startup (SimPod *pod)
{
  iso_line (pod, "INFO", "dynamo_runtime::distributed", "Initializing distributed runtime (etcd: dynamo-platform-etcd.dynamo-system:2379, nats: nats://dynamo-platform-nats.dynamo-system:4222)");
  iso_line (pod, "INFO", "dynamo_llm::discovery::watcher", "Watching for model registrations in the dynamo namespace");
}

static void
frontend_ready (SimPod *pod)
{
  g_autofree char *m = g_strdup_printf ("added model model_name=\"%s\"", model_of (pod));

  iso_line (pod, "INFO", "dynamo_llm::discovery::watcher", m);
  iso_line (pod, "INFO", "dynamo_llm::http::service::service_v2", "Starting HTTP service on: 0.0.0.0:8000 address=\"0.0.0.0:8000\"");
}

static void
sglang_startup (SimPod *pod)
{
  g_autofree char *t = ray_time ();

  plog (pod, "[%s] server_args=ServerArgs(model_path='%s', tokenizer_path='%s', host='0.0.0.0', port=8000, "
        "tp_size=%d, dtype='auto', mem_fraction_static=0.88)", t, model_of (pod), model_of (pod), MAX (pod->gpus, 1));
  plog (pod, "[%s TP0] Init torch distributed begin.", t);
  plog (pod, "[%s TP0] Load weight begin. avail mem=78.53 GB", t);
}

static void
sglang_ready (SimPod *pod)
{
  g_autofree char *t = ray_time ();

  plog (pod, "[%s TP0] Load weight end. type=Qwen3ForCausalLM, dtype=torch.bfloat16, avail mem=76.98 GB, mem usage=1.55 GB.", t);
  plog (pod, "[%s TP0] KV Cache is allocated. #tokens: 589021, K size: 31.46 GB, V size: 31.46 GB", t);
  plog (pod, "[%s] INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)", t);
  plog (pod, "[%s] The server is fired up and ready to roll!", t);
}

static void
trtllm_startup (SimPod *pod)
{
  plog (pod, "[TensorRT-LLM] TensorRT-LLM version: 0.20.0");
  plog (pod, "[TensorRT-LLM][INFO] Loading model %s with tensor parallel size %d", model_of (pod), MAX (pod->gpus, 1));
}

static void
trtllm_ready (SimPod *pod)
{
  plog (pod, "[TensorRT-LLM][INFO] Loaded engine size: 1434 MiB");
  plog (pod, "[TensorRT-LLM][INFO] Allocated 58.12 GiB for max tokens in paged KV cache (512768).");
  plog (pod, "[TensorRT-LLM][INFO] Executor instance created by worker");
}

static void
llamacpp_startup (SimPod *pod)
{
  plog (pod, "build: 5572 (7675c555) with cc (Debian 12.2.0-14) 12.2.0 for x86_64-linux-gnu");
  plog (pod, "system info: n_threads = 8, n_threads_batch = 8, total_threads = 16");
  plog (pod, "main: binding port with default address family");
  plog (pod, "main: HTTP server is listening, hostname: 0.0.0.0, port: 5000, http threads: 15");
  plog (pod, "main: loading model");
  plog (pod, "srv    load_model: loading model '/models/%s'", model_of (pod));
  plog (pod, "llama_model_loader: loaded meta data with 30 key-value pairs and 255 tensors from /models/%s (version GGUF V3 (latest))",
        model_of (pod));
  plog (pod, "print_info: file format = GGUF V3 (latest)");
  plog (pod, "print_info: file type   = Q4_K - Medium");
}

static void
llamacpp_ready (SimPod *pod)
{
  plog (pod, "load_tensors:   CPU_Mapped model buffer size =  1918.35 MiB");
  plog (pod, "llama_context: n_ctx         = 4096");
  plog (pod, "llama_kv_cache_unified:        CPU KV buffer size =   448.00 MiB");
  plog (pod, "main: model loaded");
  plog (pod, "main: server is listening on http://0.0.0.0:5000 - starting the main loop");
  plog (pod, "srv  update_slots: all slots are idle");
}

static void
ray_startup (SimPod *pod)
{
  g_autofree char *t = ray_time ();

  if (g_strcmp0 (pod->role, "head") == 0)
    {
      plog (pod, "%s\tINFO usage_lib.py:467 -- Usage stats collection is enabled by default without user confirmation "
            "because this terminal is detected to be non-interactive.", t);
      plog (pod, "%s\tINFO scripts.py:865 -- Local node IP: %s", t, pod->pod_ip ? pod->pod_ip : "127.0.0.1");
      plog (pod, "%s\tSUCC scripts.py:902 -- --------------------", t);
      plog (pod, "%s\tSUCC scripts.py:903 -- Ray runtime started.", t);
      plog (pod, "%s\tINFO scripts.py:930 -- To terminate the Ray runtime, run", t);
      plog (pod, "%s\tINFO scripts.py:931 --   ray stop", t);
    }
  else
    {
      plog (pod, "%s\tINFO scripts.py:1047 -- Local node IP: %s", t, pod->pod_ip ? pod->pod_ip : "127.0.0.1");
      plog (pod, "%s\tSUCC scripts.py:1063 -- Ray runtime started.", t);
      if (pod->model)
        plog (pod, "(ServeReplica:llms:LLMServer pid=412) INFO %s [gpu_model_runner.py:1595] Starting to load model %s...",
              t, pod->model);
    }
}

static void
ray_ready (SimPod *pod)
{
  g_autofree char *t = ray_time ();

  if (g_strcmp0 (pod->role, "head") == 0)
    {
      plog (pod, "INFO %s controller 214 -- Started Serve in namespace \"serve\".", t);
      plog (pod, "INFO %s controller 214 -- Deploying new app 'llms'.", t);
      plog (pod, "INFO %s proxy %s -- Proxy starting on node (HTTP port: 8000).", t, pod->pod_ip ? pod->pod_ip : "");
      plog (pod, "INFO %s controller 214 -- Application 'llms' is ready at http://0.0.0.0:8000/.", t);
    }
  else if (pod->model)
    plog (pod, "(ServeReplica:llms:LLMServer pid=412) INFO %s [default_loader.py:272] Loading weights took 6.12 seconds", t);
}

static void
operator_startup (SimPod *pod)
{
  g_autofree char *ts = sim_time_format (g_get_real_time (), FALSE);

  plog (pod, "{\"level\":\"info\",\"ts\":\"%s\",\"logger\":\"setup\",\"msg\":\"starting manager\"}", ts);
  plog (pod, "{\"level\":\"info\",\"ts\":\"%s\",\"logger\":\"controller-runtime.metrics\",\"msg\":\"Starting metrics server\"}", ts);
  plog (pod, "{\"level\":\"info\",\"ts\":\"%s\",\"msg\":\"attempting to acquire leader lease %s/%s...\"}", ts, pod->ns, pod->name);
}

static void
operator_ready (SimPod *pod)
{
  g_autofree char *ts = sim_time_format (g_get_real_time (), FALSE);

  plog (pod, "{\"level\":\"info\",\"ts\":\"%s\",\"msg\":\"successfully acquired lease\"}", ts);
  plog (pod, "{\"level\":\"info\",\"ts\":\"%s\",\"msg\":\"Starting workers\",\"worker count\":1}", ts);
}

static gboolean
is (SimPod *pod, const char *engine)
{
  return g_strcmp0 (pod->engine, engine) == 0;
}

void
sim_logs_container_started (SimPod *pod)
{
  if (g_strcmp0 (pod->role, "operator") == 0)
    operator_startup (pod);
  else if (is (pod, "dynamo-frontend"))
    frontend_startup (pod);
  else if (is (pod, "vllm"))
    vllm_startup (pod);
  else if (is (pod, "sglang"))
    sglang_startup (pod);
  else if (is (pod, "trtllm"))
    trtllm_startup (pod);
  else if (is (pod, "llamacpp"))
    llamacpp_startup (pod);
  else if (is (pod, "ray"))
    ray_startup (pod);
}

void
sim_logs_container_ready (SimPod *pod)
{
  if (g_strcmp0 (pod->role, "operator") == 0)
    operator_ready (pod);
  else if (is (pod, "dynamo-frontend"))
    frontend_ready (pod);
  else if (is (pod, "vllm"))
    vllm_ready (pod);
  else if (is (pod, "sglang"))
    sglang_ready (pod);
  else if (is (pod, "trtllm"))
    trtllm_ready (pod);
  else if (is (pod, "llamacpp"))
    llamacpp_ready (pod);
  else if (is (pod, "ray"))
    ray_ready (pod);
}

/* The crash: the container's last lines, then it exits with code 1. */
void
sim_logs_container_crashed (SimPod *pod)
{
  if (is (pod, "llamacpp"))
    {
      plog (pod, "llama_model_load: error loading model: tensor 'blk.0.attn_q.weight' data is not within the file bounds, model is corrupted or incomplete");
      plog (pod, "llama_model_load_from_file_impl: failed to load model");
      plog (pod, "srv    load_model: failed to load model, '/models/%s'", model_of (pod));
      plog (pod, "main: exiting due to model loading error");
    }
  else if (is (pod, "ray"))
    {
      g_autofree char *t = ray_time ();

      plog (pod, "(ServeReplica:llms:LLMServer pid=412) ERROR %s -- Exception in replica initialization", t);
      plog (pod, "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.19 GiB of which 1.02 GiB is free.");
      plog (pod, "%s\tERROR scripts.py:1121 -- Some Ray subprocesses exited unexpectedly: raylet [exit code=1]", t);
    }
  else
    {
      g_autofree char *t = vllm_time ();

      plog (pod, "ERROR %s [core.py:515] EngineCore failed to start.", t);
      plog (pod, "ERROR %s [core.py:515] Traceback (most recent call last):", t);
      plog (pod, "ERROR %s [core.py:515]   File \"/usr/local/lib/python3.12/dist-packages/vllm/v1/engine/core.py\", line 506, in run_engine_core", t);
      plog (pod, "ERROR %s [core.py:515]     engine_core = EngineCoreProc(*args, **kwargs)", t);
      plog (pod, "ERROR %s [core.py:515]   File \"/usr/local/lib/python3.12/dist-packages/vllm/v1/worker/gpu_worker.py\", line 230, in determine_available_memory", t);
      plog (pod, "ERROR %s [core.py:515] torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. "
            "GPU 0 has a total capacity of 79.19 GiB of which 1.02 GiB is free. Process 1 has 78.16 GiB memory in use.", t);
      plog (pod, "RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}");
    }
  /* a follow stream ends when the container exits */
  sim_logs_end_followers (pod);
  g_clear_pointer (&pod->prev_log, g_ptr_array_unref);
  pod->prev_log = g_steal_pointer (&pod->log);
  pod->log = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_log_line_free);
}

/* every 10 simulated seconds while the pod is ready */
void
sim_logs_tick (SimPod *pod)
{
  SimWorkload *wl = kf_sim_operators_lookup_workload (pod->ops, pod->owner_key);
  double prompt = 0, gen = 0, usage = 0, hit = 0;
  int running = 0, waiting = 0;

  if (wl != NULL)
    {
      double secs = MAX (1.0, (g_get_real_time () - wl->start_us) / 1e6 * kf_sim_operators_get_speed (pod->ops));

      prompt = wl->prompt_tokens / secs;
      gen = wl->generation_tokens / secs;
      running = wl->running;
      waiting = wl->waiting;
      usage = MIN (100.0, wl->running * 1.7 + (wl->requests % 7) * 0.1);
      hit = wl->prefix_queries ? 100.0 * wl->prefix_hits / wl->prefix_queries : 0;
    }
  if (is (pod, "vllm"))
    {
      g_autofree char *text = g_strdup_printf ("Engine 000: Avg prompt throughput: %.1f tokens/s, Avg generation throughput: %.1f tokens/s, "
                                               "Running: %d reqs, Waiting: %d reqs, GPU KV cache usage: %.1f%%, Prefix cache hit rate: %.1f%%",
                                               prompt, gen, running, waiting, usage, hit);

      vllm_line (pod, "loggers.py:118", text);
    }
  else if (is (pod, "sglang"))
    {
      g_autofree char *t = ray_time ();

      plog (pod, "[%s TP0] Decode batch. #running-req: %d, #token: %d, token usage: %.2f, gen throughput (token/s): %.2f, #queue-req: %d",
            t, running, (int) (wl ? wl->generation_tokens % 4096 : 0), usage / 100, gen, waiting);
    }
  else if (is (pod, "llamacpp") && pod->tick_n % 6 == 0)
    plog (pod, "srv  update_slots: all slots are idle");
  else if (g_strcmp0 (pod->role, "operator") == 0 && pod->tick_n % 3 == 0)
    {
      g_autofree char *ts = sim_time_format (g_get_real_time (), FALSE);

      plog (pod, "{\"level\":\"info\",\"ts\":\"%s\",\"msg\":\"Reconciling\",\"controller\":\"%s\"}", ts, pod->name);
    }
}

/* An access-log line for a request the workload served through this pod. */
void
sim_logs_request (SimPod     *pod,
                  const char *path,
                  int         status)
{
  guint port = 40000 + g_str_hash (path) % 20000 + pod->tick_n;

  if (is (pod, "vllm") || is (pod, "sglang"))
    plog (pod, "INFO:     10.244.0.1:%u - \"%s %s HTTP/1.1\" %d %s", port,
          g_str_has_prefix (path, "/v1/chat") || g_str_has_prefix (path, "/v1/completions") ? "POST" : "GET",
          path, status, soup_status_get_phrase (status));
  else if (is (pod, "dynamo-frontend"))
    {
      g_autofree char *m = g_strdup_printf ("request completed method=POST uri=%s status=%d model=\"%s\"",
                                            path, status, model_of (pod));

      iso_line (pod, "INFO", "http-request", m);
    }
  else if (is (pod, "llamacpp"))
    {
      plog (pod, "srv  log_server_r: request: POST %s 10.244.0.1 %d", path, status);
      plog (pod, "slot      release: id  0 | task %u | stop processing: n_past = 98, truncated = 0", pod->tick_n + port % 1000);
    }
  else if (is (pod, "ray"))
    {
      g_autofree char *t = ray_time ();

      plog (pod, "INFO %s proxy %s -- POST %s %d %.1fms", t, pod->pod_ip ? pod->pod_ip : "", path, status,
            800.0 + port % 700);
    }
}

/* ------------------------------------------------------- log streaming */

/* "finished" (the stream ended) or "disconnected" (the client went away:
 * libsoup drops the message's I/O at once, before "finished"); whichever
 * comes first ends the follower, and nothing touches the message after. */
static void
follower_finished_cb (SoupServerMessage *msg,
                      SimLogFollower    *f)
{
  if (f->pod != NULL)
    g_ptr_array_remove (f->pod->followers, f);
  g_signal_handlers_disconnect_by_data (msg, f);
  g_object_unref (f->msg);
  g_free (f);
}

/* Completes every follow stream of @pod (the container exited or the pod went away). */
void
sim_logs_end_followers (SimPod *pod)
{
  while (pod->followers != NULL && pod->followers->len > 0)
    {
      SimLogFollower *f = g_ptr_array_steal_index (pod->followers, pod->followers->len - 1);

      f->pod = NULL;
      soup_message_body_complete (soup_server_message_get_response_body (f->msg));
      soup_server_message_unpause (f->msg);
    }
}

guint
kf_sim_operators_cut_log_streams (KfSimOperators *self)
{
  GHashTableIter it;
  gpointer pod;
  guint n = 0;

  g_return_val_if_fail (KF_IS_SIM_OPERATORS (self), 0);

  g_hash_table_iter_init (&it, kf_sim_operators_get_pods (self));
  while (g_hash_table_iter_next (&it, NULL, &pod))
    {
      n += ((SimPod *) pod)->followers ? ((SimPod *) pod)->followers->len : 0;
      sim_logs_end_followers (pod);
    }
  return n;
}

static void
reply_status (SoupServerMessage *msg,
              guint              code,
              const char        *reason,
              const char        *message,
              const char        *name,
              const char        *kind)
{
  JsonObject *st = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (st, "kind", "Status");
  json_object_set_string_member (st, "apiVersion", "v1");
  json_object_set_object_member (st, "metadata", json_object_new ());
  json_object_set_string_member (st, "status", "Failure");
  json_object_set_string_member (st, "message", message);
  json_object_set_string_member (st, "reason", reason);
  if (name != NULL)
    {
      JsonObject *d = json_object_new ();

      json_object_set_string_member (d, "name", name);
      json_object_set_string_member (d, "kind", kind);
      json_object_set_object_member (st, "details", d);
    }
  json_object_set_int_member (st, "code", code);
  node = json_node_init_object (json_node_alloc (), st);
  json_object_unref (st);
  text = json_to_string (node, FALSE);
  soup_server_message_set_status (msg, code, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

void
sim_reply_status (SoupServerMessage *msg,
                  guint              code,
                  const char        *reason,
                  const char        *message,
                  const char        *name,
                  const char        *kind)
{
  reply_status (msg, code, reason, message, name, kind);
}

static gboolean
query_bool (GHashTable *query,
            const char *key)
{
  const char *v = query ? g_hash_table_lookup (query, key) : NULL;

  return v != NULL && (g_ascii_strcasecmp (v, "true") == 0 || strcmp (v, "1") == 0);
}

static gboolean
query_int (SoupServerMessage *msg,
           GHashTable        *query,
           const char        *key,
           gint64            *out)
{
  const char *v = query ? g_hash_table_lookup (query, key) : NULL;
  gint64 n;
  char *end = NULL;

  *out = -1;
  if (v == NULL)
    return TRUE;
  n = g_ascii_strtoll (v, &end, 10);
  if (end == v || *end != '\0' || n < 0)
    {
      g_autofree char *m = g_strdup_printf ("invalid value for %s: \"%s\": must be a non-negative integer", key, v);

      reply_status (msg, 400, "BadRequest", m, NULL, NULL);
      return FALSE;
    }
  *out = n;
  return TRUE;
}

void
kf_sim_operators_handle_log (KfSimOperators    *self,
                             SoupServerMessage *msg,
                             const char        *ns,
                             const char        *pod_name,
                             GHashTable        *query)
{
  g_autoptr(JsonNode) pod_obj = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *key = g_strdup_printf ("%s/%s", ns, pod_name);
  const char *container = query ? g_hash_table_lookup (query, "container") : NULL;
  gboolean previous = query_bool (query, "previous");
  gboolean follow = query_bool (query, "follow");
  gboolean timestamps = query_bool (query, "timestamps");
  gint64 tail, since, limit;
  JsonNode *containers;
  SimPod *pod;
  GPtrArray *lines = NULL;
  guint start = 0;
  gboolean live = FALSE;

  g_return_if_fail (KF_IS_SIM_OPERATORS (self));

  if (!query_int (msg, query, "tailLines", &tail) || !query_int (msg, query, "sinceSeconds", &since) ||
      !query_int (msg, query, "limitBytes", &limit))
    return;

  pod_obj = kf_sim_store_get (kf_sim_operators_get_store (self), "pods", ns, pod_name, NULL);
  if (pod_obj == NULL)
    {
      g_autofree char *m = g_strdup_printf ("pods \"%s\" not found", pod_name);

      reply_status (msg, 404, "NotFound", m, pod_name, "pods");
      return;
    }
  containers = sim_json_member (pod_obj, "spec", "containers", NULL);
  if (containers != NULL && JSON_NODE_HOLDS_ARRAY (containers))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (containers)); i++)
      {
        const char *n = sim_json_string (json_array_get_element (json_node_get_array (containers), i), "name", NULL);

        if (n)
          g_ptr_array_add (names, (gpointer) n);
      }
  if (container == NULL || *container == '\0')
    {
      if (names->len != 1)
        {
          g_autoptr(GString) m = g_string_new (NULL);

          g_string_append_printf (m, "a container name must be specified for pod %s, choose one of: [", pod_name);
          for (guint i = 0; i < names->len; i++)
            g_string_append_printf (m, "%s%s", i ? " " : "", (char *) g_ptr_array_index (names, i));
          g_string_append_c (m, ']');
          reply_status (msg, 400, "BadRequest", m->str, NULL, NULL);
          return;
        }
      container = g_ptr_array_index (names, 0);
    }
  else
    {
      gboolean found = FALSE;

      for (guint i = 0; i < names->len; i++)
        if (g_strcmp0 (g_ptr_array_index (names, i), container) == 0)
          found = TRUE;
      if (!found)
        {
          g_autofree char *m = g_strdup_printf ("container %s is not valid for pod %s", container, pod_name);

          reply_status (msg, 400, "BadRequest", m, NULL, NULL);
          return;
        }
    }

  pod = g_hash_table_lookup (kf_sim_operators_get_pods (self), key);
  if (previous)
    {
      if (pod == NULL || pod->restarts == 0 || pod->prev_log == NULL)
        {
          g_autofree char *m = g_strdup_printf ("previous terminated container \"%s\" in pod \"%s\" not found",
                                                container, pod_name);

          reply_status (msg, 400, "BadRequest", m, NULL, NULL);
          return;
        }
      lines = pod->prev_log;
    }
  else if (pod == NULL)
    {
      if (g_strcmp0 (sim_json_string (pod_obj, "status", "phase", NULL), "Running") != 0)
        {
          g_autofree char *m = g_strdup_printf ("container \"%s\" in pod \"%s\" is waiting to start: ContainerCreating",
                                                container, pod_name);

          reply_status (msg, 400, "BadRequest", m, NULL, NULL);
          return;
        }
    }
  else
    switch (pod->state)
      {
      case SIM_POD_UNSCHEDULED:
      case SIM_POD_CREATING:
      case SIM_POD_PULLING:
        {
          g_autofree char *m = g_strdup_printf ("container \"%s\" in pod \"%s\" is waiting to start: ContainerCreating",
                                                container, pod_name);

          reply_status (msg, 400, "BadRequest", m, NULL, NULL);
          return;
        }
      case SIM_POD_IMAGE_BACKOFF:
        {
          g_autofree char *m = g_strdup_printf ("container \"%s\" in pod \"%s\" is waiting to start: trying and failing to pull image",
                                                container, pod_name);

          reply_status (msg, 400, "BadRequest", m, NULL, NULL);
          return;
        }
      case SIM_POD_CRASH_BACKOFF:
        /* the kubelet serves the last terminated container's log */
        lines = pod->prev_log;
        break;
      case SIM_POD_RUNNING:
      case SIM_POD_READY:
      default:
        lines = pod->log;
        live = TRUE;
        break;
      }

  if (lines != NULL)
    {
      gint64 cutoff = since >= 0 ? g_get_real_time () - since * G_USEC_PER_SEC : G_MININT64;
      const char *since_time = query ? g_hash_table_lookup (query, "sinceTime") : NULL;

      if (since_time != NULL)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (since_time, NULL);

          if (dt == NULL)
            {
              g_autofree char *m = g_strdup_printf ("invalid value for sinceTime: \"%s\": must be RFC 3339", since_time);

              reply_status (msg, 400, "BadRequest", m, NULL, NULL);
              return;
            }
          cutoff = MAX (cutoff, g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt));
        }
      while (start < lines->len && ((SimLogLine *) g_ptr_array_index (lines, start))->time_us < cutoff)
        start++;
      if (tail >= 0 && lines->len - start > tail)
        start = lines->len - (guint) tail;
      for (guint i = start; i < lines->len; i++)
        {
          SimLogLine *line = g_ptr_array_index (lines, i);

          if (timestamps)
            {
              g_autofree char *t = line_with_timestamp (line);

              g_string_append (out, t);
            }
          else
            {
              g_string_append (out, line->text);
              g_string_append_c (out, '\n');
            }
        }
      if (limit >= 0 && out->len > (gsize) limit)
        g_string_truncate (out, (gsize) limit);
    }

  soup_server_message_set_status (msg, 200, NULL);
  if (!follow || !live || limit >= 0)
    {
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, out->str, out->len);
      return;
    }

  {
    SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
    SoupMessageBody *body = soup_server_message_get_response_body (msg);
    SimLogFollower *f = g_new0 (SimLogFollower, 1);

    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
    soup_message_headers_set_content_type (headers, "text/plain", NULL);
    soup_message_body_set_accumulate (body, FALSE);
    if (out->len > 0)
      soup_message_body_append (body, SOUP_MEMORY_COPY, out->str, out->len);
    f->msg = g_object_ref (msg);
    f->pod = pod;
    f->timestamps = timestamps;
    g_ptr_array_add (pod->followers, f);
    g_signal_connect (msg, "finished", G_CALLBACK (follower_finished_cb), f);
    g_signal_connect (msg, "disconnected", G_CALLBACK (follower_finished_cb), f);
  }
}
