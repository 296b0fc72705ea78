/* kf-sim-op-proxy.c: the workloads behind the services (services/NAME/proxy)
 *
 * /metrics (kf-sim-op-metrics.c: the counters of the pod answering, which a
 * service proxy picks round robin among the ready endpoints), /health, /v1/models and
 * /v1/chat/completions (also /v1/completions), streamed as server-sent events
 * when "stream": true. Requests served, including a little background traffic
 * while the workload is ready, move the counters and fill the histograms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <string.h>

#include "kf-sim-op-metrics.h"

/* ---- which pods answer ---- */

static gboolean
pod_object_ready (JsonNode *pod)
{
  JsonNode *conds = sim_json_member (pod, "status", "conditions", NULL);

  if (conds == NULL || !JSON_NODE_HOLDS_ARRAY (conds))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (conds)); i++)
    {
      JsonNode *c = json_array_get_element (json_node_get_array (conds), i);

      if (g_strcmp0 (sim_json_string (c, "type", NULL), "Ready") == 0)
        return g_strcmp0 (sim_json_string (c, "status", NULL), "True") == 0;
    }
  return FALSE;
}

/* The ready SimPods a Service selects, in name order. */
static GPtrArray *
endpoints (KfSimOperators *ops,
           const char     *ns,
           JsonNode       *service)
{
  GPtrArray *out = g_ptr_array_new ();
  JsonNode *selector = sim_json_member (service, "spec", "selector", NULL);
  g_autoptr(GString) sel = g_string_new (NULL);
  g_autoptr(GPtrArray) pods = NULL;
  JsonObjectIter it;
  const char *k;
  JsonNode *v;

  if (selector == NULL || !JSON_NODE_HOLDS_OBJECT (selector) ||
      json_object_get_size (json_node_get_object (selector)) == 0)
    return out;
  json_object_iter_init (&it, json_node_get_object (selector));
  while (json_object_iter_next (&it, &k, &v))
    g_string_append_printf (sel, "%s%s=%s", sel->len ? "," : "", k,
                            JSON_NODE_HOLDS_VALUE (v) ? json_node_get_string (v) : "");
  pods = kf_sim_store_list (kf_sim_operators_get_store (ops), "pods", ns, sel->str, NULL, NULL);
  for (guint i = 0; pods != NULL && i < pods->len; i++)
    {
      JsonNode *p = g_ptr_array_index (pods, i);
      g_autofree char *key = g_strdup_printf ("%s/%s", ns, sim_json_string (p, "metadata", "name", NULL));
      SimPod *pod = g_hash_table_lookup (kf_sim_operators_get_pods (ops), key);

      if (pod != NULL && sim_pod_is_ready (pod) && pod_object_ready (p))
        g_ptr_array_add (out, pod);
    }
  return out;
}

/* ---- background traffic ---- */

static SimPod *
serving_pod (SimWorkload *wl)
{
  SimPod *best = NULL;
  g_autoptr(GPtrArray) owned = kf_sim_operators_owned_pods (wl->ops, wl->key);

  for (guint i = 0; i < owned->len; i++)
    {
      SimPod *pod = g_ptr_array_index (owned, i);

      if (!sim_pod_is_ready (pod))
        continue;
      /* the pod a request enters through: Dynamo's frontend, Ray's head */
      if (g_strcmp0 (pod->role, "frontend") == 0 || g_strcmp0 (pod->role, "head") == 0)
        return pod;
      if (best == NULL || g_strcmp0 (pod->name, best->name) < 0)
        best = pod;
    }
  return best;
}

static gboolean
workload_ready (SimWorkload *wl)
{
  gboolean any = FALSE;
  g_autoptr(GPtrArray) owned = kf_sim_operators_owned_pods (wl->ops, wl->key);

  for (guint i = 0; i < owned->len; i++)
    {
      SimPod *pod = g_ptr_array_index (owned, i);

      if (!sim_pod_is_ready (pod))
        return FALSE;
      any = TRUE;
    }
  return any;
}

gboolean
sim_workload_traffic_cb (gpointer data)
{
  SimWorkload *wl = data;
  SimPod *pod;
  guint n;

  if (!workload_ready (wl) || (pod = serving_pod (wl)) == NULL)
    return G_SOURCE_CONTINUE;
  n = ++wl->traffic_n;
  sim_metrics_record (wl, 40 + (n * 37) % 200, 60 + (n * 53) % 300, (n % 3) * 16);
  sim_logs_request (pod, "/v1/chat/completions", 200);
  return G_SOURCE_CONTINUE;
}

/* ---- OpenAI endpoints ---- */

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
reply_openai_error (SoupServerMessage *msg,
                    guint              status,
                    const char        *type,
                    const char        *message)
{
  JsonObject *o = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (o, "object", "error");
  json_object_set_string_member (o, "message", message);
  json_object_set_string_member (o, "type", type);
  json_object_set_null_member (o, "param");
  json_object_set_int_member (o, "code", status);
  node = json_node_init_object (json_node_alloc (), o);
  json_object_unref (o);
  reply_json (msg, status, node);
}

static void
reply_text (SoupServerMessage *msg,
            guint              status,
            const char        *type,
            const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, text, strlen (text));
}

static void
serve_models (SoupServerMessage *msg,
              SimWorkload       *wl)
{
  JsonObject *list = json_object_new ();
  JsonArray *data = json_array_new ();
  JsonObject *m = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (m, "id", wl->served_name ? wl->served_name : "model");
  json_object_set_string_member (m, "object", "model");
  json_object_set_int_member (m, "created", wl->start_us / G_USEC_PER_SEC);
  json_object_set_string_member (m, "owned_by", g_strcmp0 (wl->engine, "llamacpp") == 0 ? "llamacpp" : "vllm");
  json_object_set_string_member (m, "root", wl->model ? wl->model : "model");
  json_object_set_null_member (m, "parent");
  json_object_set_int_member (m, "max_model_len", 40960);
  json_array_add_object_element (data, m);
  json_object_set_string_member (list, "object", "list");
  json_object_set_array_member (list, "data", data);
  node = json_node_init_object (json_node_alloc (), list);
  json_object_unref (list);
  reply_json (msg, 200, node);
}

typedef struct
{
  SoupServerMessage *msg;
  SimWorkload       *wl;      /* borrowed; NULL once the workload is gone */
  KfSimOperators    *ops;     /* a reference: the stream may outlive its caller's */
  char              *wl_key;
  char              *id;
  char              *model;
  GStrv              words;
  guint              next;
  guint              prompt_tokens;
  gboolean           include_usage;
  gboolean           chat;
  gboolean           length_cut;
  guint              timer_id;
} SseStream;

static void
sse_free (SseStream *s)
{
  g_clear_handle_id (&s->timer_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (s->msg, s);
  g_object_unref (s->msg);
  g_object_unref (s->ops);
  g_free (s->wl_key);
  g_free (s->id);
  g_free (s->model);
  g_strfreev (s->words);
  g_free (s);
}

static void
sse_send (SseStream  *s,
          const char *text)
{
  g_autofree char *line = g_strdup_printf ("data: %s\n\n", text);

  soup_message_body_append (soup_server_message_get_response_body (s->msg), SOUP_MEMORY_COPY,
                            line, strlen (line));
  soup_server_message_unpause (s->msg);
}

static char *
chunk_json (SseStream  *s,
            const char *content,
            const char *finish,
            gboolean    role)
{
  JsonObject *o = json_object_new ();
  JsonArray *choices = json_array_new ();
  JsonObject *c = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (o, "id", s->id);
  json_object_set_string_member (o, "object", s->chat ? "chat.completion.chunk" : "text_completion");
  json_object_set_int_member (o, "created", g_get_real_time () / G_USEC_PER_SEC);
  json_object_set_string_member (o, "model", s->model);
  json_object_set_int_member (c, "index", 0);
  if (s->chat)
    {
      JsonObject *delta = json_object_new ();

      if (role)
        json_object_set_string_member (delta, "role", "assistant");
      if (content)
        json_object_set_string_member (delta, "content", content);
      json_object_set_object_member (c, "delta", delta);
    }
  else
    json_object_set_string_member (c, "text", content ? content : "");
  json_object_set_null_member (c, "logprobs");
  if (finish)
    json_object_set_string_member (c, "finish_reason", finish);
  else
    json_object_set_null_member (c, "finish_reason");
  json_array_add_object_element (choices, c);
  json_object_set_array_member (o, "choices", choices);
  node = json_node_init_object (json_node_alloc (), o);
  json_object_unref (o);
  return json_to_string (node, FALSE);
}

static SimWorkload *
sse_workload (SseStream *s)
{
  return kf_sim_operators_lookup_workload (s->ops, s->wl_key) == s->wl ? s->wl : NULL;
}

static gboolean
sse_tick_cb (gpointer data)
{
  SseStream *s = data;
  guint n = g_strv_length (s->words);

  if (s->next < n)
    {
      g_autofree char *piece = g_strdup_printf ("%s%s", s->next ? " " : "", s->words[s->next]);
      g_autofree char *json = chunk_json (s, piece, NULL, FALSE);

      s->next++;
      sse_send (s, json);
      return G_SOURCE_CONTINUE;
    }

  {
    g_autofree char *last = chunk_json (s, s->chat ? NULL : "", s->length_cut ? "length" : "stop", FALSE);
    SimWorkload *wl = sse_workload (s);

    sse_send (s, last);
    if (s->include_usage)
      {
        g_autofree char *usage = g_strdup_printf ("{\"id\":\"%s\",\"object\":\"%s\",\"created\":%" G_GINT64_FORMAT ","
                                                  "\"model\":\"%s\",\"choices\":[],\"usage\":{\"prompt_tokens\":%u,"
                                                  "\"total_tokens\":%u,\"completion_tokens\":%u}}",
                                                  s->id, s->chat ? "chat.completion.chunk" : "text_completion",
                                                  g_get_real_time () / G_USEC_PER_SEC, s->model, s->prompt_tokens,
                                                  s->prompt_tokens + n, n);
        sse_send (s, usage);
      }
    sse_send (s, "[DONE]");
    soup_message_body_complete (soup_server_message_get_response_body (s->msg));
    soup_server_message_unpause (s->msg);
    if (wl != NULL)
      {
        SimPod *pod = serving_pod (wl);

        wl->running = MAX (wl->running - 1, 0);
        sim_metrics_record (wl, s->prompt_tokens, n, 0);
        if (pod)
          sim_logs_request (pod, s->chat ? "/v1/chat/completions" : "/v1/completions", 200);
      }
    s->wl = NULL;
    s->timer_id = 0;
    return G_SOURCE_REMOVE;
  }
}

static void
sse_finished_cb (SoupServerMessage *msg,
                 SseStream         *s)
{
  SimWorkload *wl = sse_workload (s);

  /* the stream completed ("finished"), or the client went away mid-stream
   * ("disconnected", which comes first and leaves the message without I/O) */
  if (wl != NULL)
    wl->running = MAX (wl->running - 1, 0);
  sse_free (s);
}

static const char *
message_text (JsonNode *message)
{
  JsonNode *content = sim_json_member (message, "content", NULL);

  if (content == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (content) && json_node_get_value_type (content) == G_TYPE_STRING)
    return json_node_get_string (content);
  if (JSON_NODE_HOLDS_ARRAY (content))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (content)); i++)
      {
        const char *t = sim_json_string (json_array_get_element (json_node_get_array (content), i), "text", NULL);

        if (t)
          return t;
      }
  return NULL;
}

static guint
count_tokens (const char *text)
{
  return text ? (guint) (strlen (text) + 3) / 4 : 0;
}

static void
serve_completion (SoupServerMessage *msg,
                  SimWorkload       *wl,
                  gboolean           chat)
{
  SoupMessageBody *req = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (req);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *id = NULL;
  g_auto(GStrv) words = NULL;
  JsonNode *root, *messages;
  const char *model, *prompt = NULL;
  const char *served = wl->served_name ? wl->served_name : "model";
  guint prompt_tokens = 0, max_tokens;
  gboolean stream, cut = FALSE;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      reply_text (msg, 405, "application/json", "{\"detail\":\"Method Not Allowed\"}");
      return;
    }
  if (len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *m = g_strdup_printf ("The request body is not a JSON object: %s",
                                            error ? error->message : "empty body");

      reply_openai_error (msg, 400, "BadRequestError", m);
      return;
    }
  model = sim_json_string (root, "model", NULL);
  if (model != NULL && g_strcmp0 (model, served) != 0 && g_strcmp0 (model, wl->model) != 0)
    {
      g_autofree char *m = g_strdup_printf ("The model `%s` does not exist.", model);

      reply_openai_error (msg, 404, "NotFoundError", m);
      return;
    }
  if (chat)
    {
      messages = sim_json_member (root, "messages", NULL);
      if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages) ||
          json_array_get_length (json_node_get_array (messages)) == 0)
        {
          reply_openai_error (msg, 400, "BadRequestError", "\"messages\" must be a non-empty list of messages");
          return;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (messages)); i++)
        {
          JsonNode *m = json_array_get_element (json_node_get_array (messages), i);
          const char *t = message_text (m);

          prompt_tokens += count_tokens (t) + 4;
          if (t && g_strcmp0 (sim_json_string (m, "role", NULL), "user") == 0)
            prompt = t;
        }
    }
  else
    {
      prompt = sim_json_string (root, "prompt", NULL);
      if (prompt == NULL)
        {
          reply_openai_error (msg, 400, "BadRequestError", "\"prompt\" is required");
          return;
        }
      prompt_tokens = count_tokens (prompt) + 1;
    }
  stream = sim_json_true (sim_json_member (root, "stream", NULL));
  max_tokens = (guint) CLAMP (sim_json_int (root, sim_json_int (root, 4096, "max_completion_tokens", NULL),
                                            "max_tokens", NULL), 1, 65536);

  /* a short deterministic reply built from the prompt */
  snippet = g_utf8_substring (prompt ? prompt : "", 0, MIN (g_utf8_strlen (prompt ? prompt : "", -1), 48));
  g_strdelimit (snippet, "\n\r\t", ' ');
  reply = g_strdup_printf ("Hello! You asked: \"%s\". This is %s answering from the KubeFoundry simulated cluster.",
                           snippet, served);
  words = g_strsplit (reply, " ", -1);
  if (g_strv_length (words) > max_tokens)
    {
      g_free (words[max_tokens]);
      words[max_tokens] = NULL;
      for (guint i = max_tokens + 1; words[i] != NULL; i++)
        g_clear_pointer (&words[i], g_free);
      cut = TRUE;
    }
  {
    g_autofree char *seed = g_strdup_printf ("%s/%" G_GUINT64_FORMAT "/%s", wl->uid, wl->requests + (guint64) wl->running,
                                             prompt ? prompt : "");
    g_autofree char *hex = sim_hex_id (seed, 32);

    id = g_strdup_printf ("%s-%s", chat ? "chatcmpl" : "cmpl", hex);
  }

  if (!stream)
    {
      JsonObject *o = json_object_new ();
      JsonArray *choices = json_array_new ();
      JsonObject *c = json_object_new ();
      JsonObject *usage = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = g_strjoinv (" ", words);
      guint n = g_strv_length (words);
      SimPod *pod = serving_pod (wl);

      json_object_set_string_member (o, "id", id);
      json_object_set_string_member (o, "object", chat ? "chat.completion" : "text_completion");
      json_object_set_int_member (o, "created", g_get_real_time () / G_USEC_PER_SEC);
      json_object_set_string_member (o, "model", served);
      json_object_set_int_member (c, "index", 0);
      if (chat)
        {
          JsonObject *m = json_object_new ();

          json_object_set_string_member (m, "role", "assistant");
          json_object_set_string_member (m, "content", text);
          json_object_set_array_member (m, "tool_calls", json_array_new ());
          json_object_set_object_member (c, "message", m);
        }
      else
        json_object_set_string_member (c, "text", text);
      json_object_set_null_member (c, "logprobs");
      json_object_set_string_member (c, "finish_reason", cut ? "length" : "stop");
      json_object_set_null_member (c, "stop_reason");
      json_array_add_object_element (choices, c);
      json_object_set_array_member (o, "choices", choices);
      json_object_set_int_member (usage, "prompt_tokens", prompt_tokens);
      json_object_set_int_member (usage, "total_tokens", prompt_tokens + n);
      json_object_set_int_member (usage, "completion_tokens", n);
      json_object_set_object_member (o, "usage", usage);
      node = json_node_init_object (json_node_alloc (), o);
      json_object_unref (o);
      sim_metrics_record (wl, prompt_tokens, n, 0);
      if (pod)
        sim_logs_request (pod, chat ? "/v1/chat/completions" : "/v1/completions", 200);
      reply_json (msg, 200, node);
      return;
    }

  {
    SseStream *s = g_new0 (SseStream, 1);
    SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
    SoupMessageBody *body = soup_server_message_get_response_body (msg);
    g_autofree char *first = NULL;

    s->msg = g_object_ref (msg);
    s->wl = wl;
    s->ops = g_object_ref (wl->ops);
    s->wl_key = g_strdup (wl->key);
    s->id = g_steal_pointer (&id);
    s->model = g_strdup (served);
    s->words = g_steal_pointer (&words);
    s->prompt_tokens = prompt_tokens;
    s->chat = chat;
    s->length_cut = cut;
    s->include_usage = sim_json_true (sim_json_member (root, "stream_options", "include_usage", NULL));
    wl->running++;
    soup_server_message_set_status (msg, 200, NULL);
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
    soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
    soup_message_headers_replace (headers, "Cache-Control", "no-cache");
    soup_message_body_set_accumulate (body, FALSE);
    first = chunk_json (s, chat ? "" : NULL, NULL, chat);
    if (chat)
      {
        g_autofree char *line = g_strdup_printf ("data: %s\n\n", first);

        soup_message_body_append (body, SOUP_MEMORY_COPY, line, strlen (line));
      }
    g_signal_connect (msg, "finished", G_CALLBACK (sse_finished_cb), s);
    g_signal_connect (msg, "disconnected", G_CALLBACK (sse_finished_cb), s);
    s->timer_id = kf_sim_operators_timeout_add (wl->ops, 0.015, sse_tick_cb, s);
  }
}

/* ---- the proxy ---- */

static JsonNode *
find_port (JsonNode   *service,
           const char *port)
{
  JsonNode *ports = sim_json_member (service, "spec", "ports", NULL);

  if (ports == NULL || !JSON_NODE_HOLDS_ARRAY (ports) || json_array_get_length (json_node_get_array (ports)) == 0)
    return NULL;
  if (port == NULL || *port == '\0')
    return json_array_get_element (json_node_get_array (ports), 0);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (ports)); i++)
    {
      JsonNode *p = json_array_get_element (json_node_get_array (ports), i);
      g_autofree char *num_text = g_strdup_printf ("%" G_GINT64_FORMAT, sim_json_int (p, -1, "port", NULL));

      if (g_strcmp0 (sim_json_string (p, "name", NULL), port) == 0 || g_strcmp0 (num_text, port) == 0)
        return p;
    }
  return NULL;
}

/* What @pod (of a workload) answers on @port_num (named @port_name, or NULL)
 * for @p (the path without its leading '/'). */
static void
serve_pod (SoupServerMessage *msg,
           SimPod            *pod,
           gint64             port_num,
           const char        *port_name,
           const char        *p)
{
  SimWorkload *wl = kf_sim_operators_lookup_workload (pod->ops, pod->owner_key);

  if (wl == NULL || g_strcmp0 (wl->engine, "generic") == 0)
    {
      /* an ordinary pod: a tiny web server */
      if (*p == '\0' || g_strcmp0 (p, "healthz") == 0 || g_strcmp0 (p, "health") == 0)
        reply_text (msg, 200, "text/plain", "ok");
      else
        reply_text (msg, 404, "text/plain", "404 page not found\n");
      return;
    }

  if (g_strcmp0 (p, "metrics") == 0)
    {
      g_autofree char *text = NULL;

      if (g_strcmp0 (wl->engine, "ray") == 0 && port_num != 8080 && g_strcmp0 (port_name, "metrics") != 0)
        {
          reply_text (msg, 404, "text/plain", "Path '/metrics' not found. Ping http://.../-/routes for available routes.");
          return;
        }
      text = sim_metrics_text (wl, pod);
      reply_text (msg, 200, "text/plain; version=0.0.4; charset=utf-8", text);
      return;
    }
  if (g_strcmp0 (p, "health") == 0 || g_strcmp0 (p, "-/healthz") == 0)
    {
      if (g_strcmp0 (wl->engine, "llamacpp") == 0)
        reply_text (msg, 200, "application/json", "{\"status\":\"ok\"}");
      else if (g_strcmp0 (wl->engine, "ray") == 0)
        reply_text (msg, 200, "text/plain", "success");
      else
        reply_text (msg, 200, "application/json", "");
      return;
    }
  if (g_strcmp0 (wl->engine, "ray") == 0 && port_num != 8000 && g_strcmp0 (port_name, "serve") != 0)
    {
      reply_text (msg, 404, "text/plain", "404: Not Found");
      return;
    }
  if (g_strcmp0 (p, "v1/models") == 0)
    {
      serve_models (msg, wl);
      return;
    }
  if (g_strcmp0 (p, "v1/chat/completions") == 0)
    {
      serve_completion (msg, wl, TRUE);
      return;
    }
  if (g_strcmp0 (p, "v1/completions") == 0)
    {
      serve_completion (msg, wl, FALSE);
      return;
    }
  reply_text (msg, 404, "application/json", "{\"detail\":\"Not Found\"}");
}

void
kf_sim_operators_handle_proxy (KfSimOperators    *self,
                               SoupServerMessage *msg,
                               const char        *ns,
                               const char        *service,
                               const char        *port,
                               const char        *path)
{
  g_autoptr(JsonNode) svc = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autofree char *unavailable = NULL;
  JsonNode *port_node;
  SimPod *pod;
  SimWorkload *wl;
  const char *p = path ? path : "/";

  g_return_if_fail (KF_IS_SIM_OPERATORS (self));

  while (*p == '/')
    p++;
  svc = kf_sim_store_get (kf_sim_operators_get_store (self), "services", ns, service, NULL);
  if (svc == NULL)
    {
      g_autofree char *m = g_strdup_printf ("services \"%s\" not found", service);

      sim_reply_status (msg, 404, "NotFound", m, service, "services");
      return;
    }
  unavailable = g_strdup_printf ("no endpoints available for service \"%s\"", service);
  port_node = find_port (svc, port);
  pods = endpoints (self, ns, svc);
  if (port_node == NULL || pods->len == 0)
    {
      sim_reply_status (msg, 503, "ServiceUnavailable", unavailable, NULL, NULL);
      return;
    }
  /* like kube-proxy, each request may reach another endpoint */
  pod = g_ptr_array_index (pods, 0);
  wl = kf_sim_operators_lookup_workload (self, pod->owner_key);
  if (wl != NULL)
    pod = g_ptr_array_index (pods, wl->rr_scrape++ % pods->len);
  serve_pod (msg, pod, sim_json_int (port_node, 0, "port", NULL), sim_json_string (port_node, "name", NULL), p);
}

/* Whether @pod declares container port @port (or declares none). */
static gboolean
pod_has_port (KfSimOperators *self,
              SimPod         *pod,
              gint64          port)
{
  g_autoptr(JsonNode) obj = kf_sim_store_get (kf_sim_operators_get_store (self), "pods", pod->ns, pod->name, NULL);
  JsonNode *containers = sim_json_member (obj, "spec", "containers", NULL);
  gboolean any = FALSE;

  for (guint i = 0; containers && JSON_NODE_HOLDS_ARRAY (containers) &&
                    i < json_array_get_length (json_node_get_array (containers)); i++)
    {
      JsonNode *ports = sim_json_member (json_array_get_element (json_node_get_array (containers), i), "ports", NULL);

      for (guint j = 0; ports && JSON_NODE_HOLDS_ARRAY (ports) && j < json_array_get_length (json_node_get_array (ports)); j++)
        {
          any = TRUE;
          if (sim_json_int (json_array_get_element (json_node_get_array (ports), j), -1, "containerPort", NULL) == port)
            return TRUE;
        }
    }
  return !any;
}

void
kf_sim_operators_handle_pod_proxy (KfSimOperators    *self,
                                   SoupServerMessage *msg,
                                   const char        *ns,
                                   const char        *name,
                                   const char        *port,
                                   const char        *path)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", ns, name);
  g_autoptr(JsonNode) obj = NULL;
  SimPod *pod = g_hash_table_lookup (kf_sim_operators_get_pods (self), key);
  const char *p = path ? path : "/";
  gint64 port_num = 80;
  char *end = NULL;

  g_return_if_fail (KF_IS_SIM_OPERATORS (self));

  while (*p == '/')
    p++;
  if (port != NULL && *port != '\0')
    {
      port_num = g_ascii_strtoll (port, &end, 10);
      if (end == NULL || *end != '\0' || port_num <= 0 || port_num > 65535)
        {
          /* a named port: the real API server looks it up in the pod spec; the sim's pods are proxied by number */
          g_autofree char *m = g_strdup_printf ("invalid port \"%s\": use the container port number", port);

          sim_reply_status (msg, 400, "BadRequest", m, NULL, NULL);
          return;
        }
    }
  obj = kf_sim_store_get (kf_sim_operators_get_store (self), "pods", ns, name, NULL);
  if (obj == NULL)
    {
      g_autofree char *m = g_strdup_printf ("pods \"%s\" not found", name);

      sim_reply_status (msg, 404, "NotFound", m, name, "pods");
      return;
    }
  /* a Ray head exports its metrics on 8080 whether or not the pod spec lists it */
  if (pod == NULL || pod->state != SIM_POD_READY || pod->pod_ip == NULL ||
      !(pod_has_port (self, pod, port_num) || (g_strcmp0 (pod->role, "head") == 0 && port_num == 8080)))
    {
      g_autofree char *m = g_strdup_printf ("error trying to reach service: dial tcp %s:%" G_GINT64_FORMAT
                                            ": connect: connection refused",
                                            pod && pod->pod_ip ? pod->pod_ip : "<none>", port_num);

      sim_reply_status (msg, 503, "ServiceUnavailable", m, NULL, NULL);
      return;
    }
  serve_pod (msg, pod, port_num, NULL, p);
}
