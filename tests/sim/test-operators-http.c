/* test-operators-http.c: pod logs and the workloads behind services, through
 * a real SoupServer on loopback and a plain SoupSession
 *
 * The server routes the two paths the simulated API server hands to the
 * operators: GET /api/v1/namespaces/NS/pods/NAME/log and
 * /api/v1/namespaces/NS/services/NAME[:PORT]/proxy/PATH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "test-operators-util.h"

#define DGD "dynamographdeployments.nvidia.com"
#define WAIT_MS 20000

typedef struct
{
  OpFixture    op;
  SoupServer  *server;
  SoupSession *session;
  char        *base;
} HttpFixture;

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  HttpFixture *f = data;
  g_auto(GStrv) parts = g_strsplit (path, "/", 8);

  /* "", api, v1, namespaces, NS, pods|services, NAME, log|proxy/PATH */
  if (g_strv_length (parts) >= 8 && g_str_equal (parts[5], "pods") && g_str_equal (parts[7], "log"))
    {
      kf_sim_operators_handle_log (f->op.ops, msg, parts[4], parts[6], query);
      return;
    }
  if (g_strv_length (parts) >= 8 && g_str_equal (parts[5], "services") && g_str_has_prefix (parts[7], "proxy"))
    {
      g_auto(GStrv) name_port = g_strsplit (parts[6], ":", 2);
      const char *rest = parts[7] + strlen ("proxy");

      kf_sim_operators_handle_proxy (f->op.ops, msg, parts[4], name_port[0], name_port[1],
                                     *rest ? rest : "/");
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

static void
http_setup (HttpFixture   *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  op_fixture_setup (&f->op, data);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/api/v1/namespaces", server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->session = soup_session_new ();
}

static void
http_teardown (HttpFixture   *f,
               gconstpointer  data)
{
  g_clear_object (&f->session);
  /* operators first: they end their log streams */
  g_clear_object (&f->op.ops);
  op_spin (20);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_free (f->base);
  op_fixture_teardown (&f->op, data);
}

/* ---- async HTTP helpers ---- */

typedef struct
{
  GBytes  *body;
  GError  *error;
  gboolean done;
} Reply;

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Reply *r = data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
reply_done (OpFixture *f,
            gpointer   data)
{
  return ((Reply *) data)->done;
}

/* Sends a request and returns the body; @status and @type are set. */
static char *
request (HttpFixture *f,
         const char  *method,
         const char  *path,
         const char  *json_body,
         guint       *status,
         char       **type)
{
  g_autofree char *url = g_strdup_printf ("%s%s", f->base, path + 1);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Reply r = { 0 };
  gsize len = 0;
  const char *data;
  char *out;

  g_assert_nonnull (msg);
  if (json_body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, send_done_cb, &r);
  g_assert_true (op_wait (&f->op, reply_done, &r, WAIT_MS));
  g_assert_no_error (r.error);
  *status = soup_message_get_status (msg);
  if (type)
    *type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  data = g_bytes_get_data (r.body, &len);
  out = g_strndup (data ? data : "", len);
  g_bytes_unref (r.body);
  return out;
}

static char *
get_ok (HttpFixture *f,
        const char  *path)
{
  guint status = 0;
  char *body = request (f, "GET", path, NULL, &status, NULL);

  if (status != 200)
    g_test_message ("GET %s: %u %s", path, status, body);
  g_assert_cmpuint (status, ==, 200);
  return body;
}

/* The Status object's message of a failed request, checking code and reason. */
static char *
status_message (HttpFixture *f,
                const char  *path,
                guint        code,
                const char  *reason)
{
  guint status = 0;
  g_autofree char *body = request (f, "GET", path, NULL, &status, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kf_sim_json_from_data (body, strlen (body), &error);

  g_assert_cmpuint (status, ==, code);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_sim_json_get_string (node, "kind"), ==, "Status");
  g_assert_cmpstr (kf_sim_json_get_string (node, "reason"), ==, reason);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (node, "code")), ==, code);
  return g_strdup (kf_sim_json_get_string (node, "message"));
}

/* ---- workloads ---- */

static gboolean
state_successful (OpFixture *f,
                  gpointer   name)
{
  g_autoptr(JsonNode) dgd = op_get (f, DGD, "demo", name);

  return g_strcmp0 (kf_sim_json_get_string (dgd, "status.state"), "successful") == 0;
}

static char *
start_dynamo (HttpFixture *f,
              const char  *name,
              const char  *worker_gpus)
{
  g_autoptr(JsonNode) in = op_load_fixture ("examples/dynamo/v1alpha1/vllm-agg.yaml");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autofree char *sel = g_strdup_printf ("nvidia.com/dynamo-graph-deployment-name=%s,"
                                          "nvidia.com/dynamo-component=VllmDecodeWorker", name);

  json_object_set_string_member (kf_sim_json_ensure_object (in, "metadata"), "name", name);
  if (worker_gpus)
    json_object_set_string_member (kf_sim_json_ensure_object (in, "spec.services.VllmDecodeWorker.resources.limits"),
                                   "gpu", worker_gpus);
  created = op_create (&f->op, DGD, "demo", in);
  if (worker_gpus == NULL)
    g_assert_true (op_wait (&f->op, state_successful, (gpointer) name, WAIT_MS));
  else
    op_spin (100);
  pods = op_list (&f->op, "pods", "demo", sel, NULL);
  g_assert_cmpuint (pods->len, ==, 1);
  return g_strdup (kf_sim_json_get_string (g_ptr_array_index (pods, 0), "metadata.name"));
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* ---- logs ---- */

static void
test_log_basic (HttpFixture   *f,
                gconstpointer  data)
{
  g_autofree char *worker = NULL;
  g_autofree char *path = NULL;
  g_autofree char *all = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *stamped = NULL;
  g_autoptr(GRegex) re = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z .+$",
                                      G_REGEX_MULTILINE, 0, NULL);
  g_auto(GStrv) lines = NULL;

  op_fixture_start (&f->op);
  worker = start_dynamo (f, "logs", NULL);
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log", worker);
  all = get_ok (f, path);
  g_assert_nonnull (strstr (all, "Automatically detected platform cuda."));
  g_assert_nonnull (strstr (all, "Starting to load model Qwen/Qwen3-0.6B..."));
  g_assert_nonnull (strstr (all, "Loading weights took"));

  g_free (path);
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log?tailLines=2", worker);
  tail = get_ok (f, path);
  g_assert_cmpuint (count_lines (tail), ==, 2);
  /* the last two lines (the pod keeps logging: compare with a later full read) */
  {
    g_autofree char *full_path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log", worker);
    g_autofree char *later = get_ok (f, full_path);

    g_assert_nonnull (strstr (later, tail));
  }

  g_free (path);
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log?timestamps=true&tailLines=5", worker);
  stamped = get_ok (f, path);
  lines = g_strsplit (g_strchomp (stamped), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_true (g_regex_match (re, lines[i], 0, NULL));

  /* sinceSeconds far in the past: everything; bad values: a clear 400 */
  {
    g_autofree char *since_path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log?sinceSeconds=3600", worker);
    g_autofree char *since = get_ok (f, since_path);
    g_autofree char *bad_path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log?tailLines=ten", worker);
    g_autofree char *bad = status_message (f, bad_path, 400, "BadRequest");

    g_assert_cmpuint (count_lines (since), >=, count_lines (all));
    g_assert_nonnull (strstr (bad, "tailLines"));
  }
}

typedef struct
{
  GInputStream *stream;
  GString      *text;
  GCancellable *cancellable;
  char          buf[4096];
  gboolean      eof;
  gboolean      reading;
} Follow;

static void read_more (Follow *fl);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Follow *fl = data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  fl->reading = FALSE;
  if (n <= 0)
    {
      fl->eof = TRUE;
      return;
    }
  g_string_append_len (fl->text, fl->buf, n);
  read_more (fl);
}

static void
read_more (Follow *fl)
{
  fl->reading = TRUE;
  g_input_stream_read_async (fl->stream, fl->buf, sizeof fl->buf, G_PRIORITY_DEFAULT,
                             fl->cancellable, read_cb, fl);
}

typedef struct
{
  GInputStream *stream;
  GError       *error;
  gboolean      done;
} Sent;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Sent *s = data;

  s->stream = soup_session_send_finish (SOUP_SESSION (source), result, &s->error);
  s->done = TRUE;
}

static gboolean
sent_done (OpFixture *f,
           gpointer   data)
{
  return ((Sent *) data)->done;
}

typedef struct
{
  Follow *fl;
  gsize   from;
} FollowWait;

static gboolean
follow_has_data (OpFixture *f,
                 gpointer   data)
{
  Follow *fl = data;

  return fl->text->len > 0 || fl->eof;
}

/* a whole new engine line (a throughput line or an access line) after @from */
static gboolean
follow_has_new_line (OpFixture *f,
                     gpointer   data)
{
  FollowWait *w = data;
  const char *fresh = w->fl->text->str + w->from;

  return w->fl->eof || ((strstr (fresh, "Avg prompt throughput") || strstr (fresh, "POST /v1/chat/completions")) &&
                        g_str_has_suffix (fresh, "\n"));
}

static gboolean
follow_stopped (OpFixture *f,
                gpointer   data)
{
  return !((Follow *) data)->reading;
}

static void
test_log_follow (HttpFixture   *f,
                 gconstpointer  data)
{
  g_autofree char *worker = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  Sent sent = { 0 };
  Follow fl = { 0 };

  op_fixture_start (&f->op);
  worker = start_dynamo (f, "follow", NULL);
  url = g_strdup_printf ("%sapi/v1/namespaces/demo/pods/%s/log?follow=true", f->base, worker);
  msg = soup_message_new ("GET", url);
  soup_session_send_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &sent);
  g_assert_true (op_wait (&f->op, sent_done, &sent, WAIT_MS));
  g_assert_no_error (sent.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_response_headers (msg)), ==,
                   SOUP_ENCODING_CHUNKED);

  fl.stream = sent.stream;
  fl.text = g_string_new (NULL);
  fl.cancellable = g_cancellable_new ();
  read_more (&fl);
  g_assert_true (op_wait (&f->op, follow_has_data, &fl, WAIT_MS));
  g_assert_nonnull (strstr (fl.text->str, "Loading weights took"));
  /* new lines arrive while the pod runs: throughput and access lines */
  {
    FollowWait w = { &fl, fl.text->len };

    g_assert_true (op_wait (&f->op, follow_has_new_line, &w, WAIT_MS));
    g_assert_false (fl.eof);
    g_assert_cmpuint (fl.text->len, >, w.from);
  }

  /* the client goes away: the server must drop the stream */
  g_cancellable_cancel (fl.cancellable);
  g_assert_true (op_wait (&f->op, follow_stopped, &fl, WAIT_MS));
  g_clear_object (&fl.stream);
  op_spin (50);
  g_string_free (fl.text, TRUE);
  g_object_unref (fl.cancellable);
}

static gboolean
restarted (OpFixture *f,
           gpointer   data)
{
  g_autoptr(GPtrArray) pods = op_list (f, "pods", "demo", "nvidia.com/dynamo-component=VllmDecodeWorker", NULL);

  return pods->len == 1 && op_restart_count (g_ptr_array_index (pods, 0)) >= 1;
}

static void
test_log_previous (HttpFixture   *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) in = op_load_fixture ("examples/dynamo/v1alpha1/vllm-agg.yaml");
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autofree char *path = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *cur = NULL;
  const char *name;

  g_hash_table_insert (f->op.scenario->failing_models, g_strdup ("Qwen/Qwen3-0.6B"),
                       GINT_TO_POINTER (KF_SIM_FAILURE_CRASH_LOOP));
  op_fixture_start (&f->op);
  created = op_create (&f->op, DGD, "demo", in);
  g_assert_true (op_wait (&f->op, restarted, NULL, WAIT_MS));
  pods = op_list (&f->op, "pods", "demo", "nvidia.com/dynamo-component=VllmDecodeWorker", NULL);
  name = kf_sim_json_get_string (g_ptr_array_index (pods, 0), "metadata.name");

  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log?previous=true", name);
  prev = get_ok (f, path);
  g_assert_nonnull (strstr (prev, "torch.OutOfMemoryError: CUDA out of memory."));
  g_assert_nonnull (strstr (prev, "Engine core initialization failed"));
  g_free (path);
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log", name);
  cur = get_ok (f, path);
  g_assert_nonnull (strstr (cur, "Automatically detected platform cuda."));
}

static void
test_log_errors (HttpFixture   *f,
                 gconstpointer  data)
{
  g_autofree char *worker = NULL;
  g_autofree char *frontend_path = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *path = NULL;
  g_autofree char *log_a = NULL;
  g_autoptr(GPtrArray) fronts = NULL;
  g_autoptr(GError) error = NULL;
  static const char two_json[] =
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"two\"},\"spec\":{\"containers\":["
    "{\"name\":\"a\",\"image\":\"busybox\"},{\"name\":\"b\",\"image\":\"busybox\"}]}}";
  g_autoptr(JsonNode) two = kf_sim_json_from_data (two_json, strlen (two_json), &error);
  g_autofree char *want_waiting = NULL;
  g_autofree char *want_previous = NULL;
  g_autoptr(JsonNode) created = NULL;
  const char *fname;

  g_assert_no_error (error);
  op_fixture_start (&f->op);
  /* a worker that does not fit stays Pending */
  worker = start_dynamo (f, "stuck", "64");
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log", worker);
  msg = status_message (f, path, 400, "BadRequest");
  want_waiting = g_strdup_printf ("container \"main\" in pod \"%s\" is waiting to start: ContainerCreating", worker);
  g_assert_cmpstr (msg, ==, want_waiting);
  g_clear_pointer (&msg, g_free);

  msg = status_message (f, "/api/v1/namespaces/demo/pods/nope/log", 404, "NotFound");
  g_assert_cmpstr (msg, ==, "pods \"nope\" not found");
  g_clear_pointer (&msg, g_free);

  /* the frontend runs and never restarted */
  fronts = op_list (&f->op, "pods", "demo", "nvidia.com/dynamo-component=Frontend", NULL);
  fname = kf_sim_json_get_string (g_ptr_array_index (fronts, 0), "metadata.name");
  frontend_path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log?previous=true", fname);
  msg = status_message (f, frontend_path, 400, "BadRequest");
  want_previous = g_strdup_printf ("previous terminated container \"main\" in pod \"%s\" not found", fname);
  g_assert_cmpstr (msg, ==, want_previous);
  g_clear_pointer (&msg, g_free);

  /* a pod with two containers needs ?container= */
  created = op_create (&f->op, "pods", "demo", two);
  op_spin (100);
  msg = status_message (f, "/api/v1/namespaces/demo/pods/two/log", 400, "BadRequest");
  g_assert_cmpstr (msg, ==, "a container name must be specified for pod two, choose one of: [a b]");
  g_clear_pointer (&msg, g_free);
  msg = status_message (f, "/api/v1/namespaces/demo/pods/two/log?container=c", 400, "BadRequest");
  g_assert_cmpstr (msg, ==, "container c is not valid for pod two");
  log_a = get_ok (f, "/api/v1/namespaces/demo/pods/two/log?container=a");
  g_assert_cmpstr (log_a, ==, "");
}

/* ---- the workload proxy ---- */

static double
metric_value (const char *text,
              const char *name)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], name) && (lines[i][strlen (name)] == '{' || lines[i][strlen (name)] == ' '))
      return g_ascii_strtod (strrchr (lines[i], ' ') + 1, NULL);
  g_test_message ("no %s in:\n%s", name, text);
  g_assert_not_reached ();
  return 0;
}

static void
test_proxy_vllm (HttpFixture   *f,
                 gconstpointer  data)
{
  g_autofree char *worker = NULL;
  g_autofree char *models = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *type = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *base = "/api/v1/namespaces/demo/services/proxied-frontend:8000/proxy";
  g_autofree char *p_models = g_strdup_printf ("%s/v1/models", base);
  g_autofree char *p_metrics = g_strdup_printf ("%s/metrics", base);
  g_autofree char *p_chat = g_strdup_printf ("%s/v1/chat/completions", base);
  g_autofree char *p_health = g_strdup_printf ("%s/health", base);
  g_autofree char *health = NULL;
  guint status = 0;
  gint64 completion;

  op_fixture_start (&f->op);
  worker = start_dynamo (f, "proxied", NULL);
  models = get_ok (f, p_models);
  node = kf_sim_json_from_data (models, strlen (models), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_sim_json_get_string (node, "object"), ==, "list");
  g_assert_cmpstr (kf_sim_json_get_string (json_array_get_element (json_node_get_array (
                     kf_sim_json_lookup (node, "data")), 0), "id"), ==, "Qwen/Qwen3-0.6B");
  g_clear_pointer (&node, json_node_unref);
  health = get_ok (f, p_health);

  before = get_ok (f, p_metrics);
  g_assert_nonnull (strstr (before, "# TYPE vllm:time_to_first_token_seconds histogram"));
  g_assert_nonnull (strstr (before, "vllm:kv_cache_usage_perc{model_name=\"Qwen/Qwen3-0.6B\"}"));
  g_assert_nonnull (strstr (before, "vllm:num_requests_waiting{"));
  g_assert_nonnull (strstr (before, "vllm:inter_token_latency_seconds_bucket{le=\"+Inf\""));

  reply = request (f, "POST", p_chat,
                   "{\"model\":\"Qwen/Qwen3-0.6B\",\"messages\":[{\"role\":\"user\",\"content\":\"What is Kubernetes?\"}]}",
                   &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "application/json");
  node = kf_sim_json_from_data (reply, strlen (reply), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_sim_json_get_string (node, "object"), ==, "chat.completion");
  g_assert_nonnull (strstr (kf_sim_json_get_string (json_array_get_element (json_node_get_array (
                      kf_sim_json_lookup (node, "choices")), 0), "message.content"), "What is Kubernetes?"));
  completion = json_node_get_int (kf_sim_json_lookup (node, "usage.completion_tokens"));
  g_assert_cmpint (completion, >, 0);

  after = get_ok (f, p_metrics);
  g_assert_cmpfloat (metric_value (after, "vllm:generation_tokens_total"), >=,
                     metric_value (before, "vllm:generation_tokens_total") + completion);
  g_assert_cmpfloat (metric_value (after, "vllm:e2e_request_latency_seconds_count"), >,
                     metric_value (before, "vllm:e2e_request_latency_seconds_count"));
  g_assert_cmpfloat (metric_value (after, "vllm:prompt_tokens_total"), >,
                     metric_value (before, "vllm:prompt_tokens_total"));

  /* a model it does not serve */
  g_free (reply);
  reply = request (f, "POST", p_chat, "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                   &status, NULL);
  g_assert_cmpuint (status, ==, 404);
  g_assert_nonnull (strstr (reply, "The model `other` does not exist."));
  g_free (reply);
  reply = request (f, "POST", p_chat, "{not json", &status, NULL);
  g_assert_cmpuint (status, ==, 400);
}

static void
test_proxy_stream (HttpFixture   *f,
                   gconstpointer  data)
{
  g_autofree char *worker = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *sse = NULL;
  g_autofree char *type = NULL;
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(GStrv) events = NULL;
  const char *chat = "/api/v1/namespaces/demo/services/streamed-frontend/proxy/v1/chat/completions";
  guint status = 0, chunks = 0;

  op_fixture_start (&f->op);
  worker = start_dynamo (f, "streamed", NULL);
  plain = request (f, "POST", chat, "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  node = kf_sim_json_from_data (plain, strlen (plain), &error);
  g_assert_no_error (error);

  sse = request (f, "POST", chat, "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],\"stream\":true}",
                 &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/event-stream");
  g_assert_true (g_str_has_suffix (sse, "data: [DONE]\n\n"));
  events = g_strsplit (sse, "\n\n", -1);
  for (guint i = 0; events[i] != NULL && *events[i]; i++)
    {
      g_autoptr(JsonNode) chunk = NULL;
      JsonNode *delta;

      g_assert_true (g_str_has_prefix (events[i], "data: "));
      if (g_str_equal (events[i], "data: [DONE]"))
        {
          g_assert_null (events[i + 1] && *events[i + 1] ? events[i + 1] : NULL);
          break;
        }
      chunk = kf_sim_json_from_data (events[i] + 6, strlen (events[i] + 6), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kf_sim_json_get_string (chunk, "object"), ==, "chat.completion.chunk");
      delta = kf_sim_json_lookup (json_array_get_element (json_node_get_array (kf_sim_json_lookup (chunk, "choices")), 0),
                                  "delta.content");
      if (delta)
        g_string_append (content, json_node_get_string (delta));
      chunks++;
    }
  g_assert_cmpuint (chunks, >, 3);
  /* the streamed text is the same deterministic reply */
  g_assert_cmpstr (content->str, ==,
                   kf_sim_json_get_string (json_array_get_element (json_node_get_array (
                     kf_sim_json_lookup (node, "choices")), 0), "message.content"));
}

static gboolean
workspace_ready (OpFixture *f,
                 gpointer   name)
{
  g_autoptr(JsonNode) ws = op_get (f, "workspaces.kaito.sh", "kaito-workspace", name);

  return g_strcmp0 (kf_sim_json_get_string (op_condition (ws, "WorkspaceSucceeded"), "status"), "True") == 0;
}

static void
test_proxy_llamacpp_and_unavailable (HttpFixture   *f,
                                     gconstpointer  data)
{
  g_autoptr(JsonNode) aikit = op_load_fixture ("examples/kaito/workspace-aikit-llama-3.2-3b-cpu.yaml");
  g_autoptr(JsonNode) phi = op_load_fixture ("examples/kaito/workspace-phi-4-mini.yaml");
  g_autoptr(JsonNode) c1 = NULL;
  g_autoptr(JsonNode) c2 = NULL;
  g_autofree char *metrics = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *missing = NULL;
  JsonObject *match;

  match = kf_sim_json_ensure_object (aikit, "resource.labelSelector");
  json_object_remove_member (match, "matchLabels");
  json_object_set_string_member (kf_sim_json_ensure_object (aikit, "resource.labelSelector.matchLabels"),
                                 "kubernetes.io/os", "linux");
  op_fixture_start (&f->op);
  c1 = op_create (&f->op, "workspaces.kaito.sh", "kaito-workspace", aikit);
  c2 = op_create (&f->op, "workspaces.kaito.sh", "kaito-workspace", phi);
  g_assert_true (op_wait (&f->op, workspace_ready, "workspace-llama-3point2-3b", WAIT_MS));

  metrics = get_ok (f, "/api/v1/namespaces/kaito-workspace/services/workspace-llama-3point2-3b:80/proxy/metrics");
  g_assert_nonnull (strstr (metrics, "# TYPE llamacpp:prompt_tokens_total counter\nllamacpp:prompt_tokens_total "));
  g_assert_nonnull (strstr (metrics, "llamacpp:requests_processing "));
  g_assert_nonnull (strstr (metrics, "llamacpp:kv_cache_usage_ratio "));
  g_assert_null (strstr (metrics, "vllm:"));

  /* phi-4 matches no node: its Service has no ready endpoints */
  msg = status_message (f, "/api/v1/namespaces/kaito-workspace/services/workspace-phi-4-mini:80/proxy/v1/models",
                        503, "ServiceUnavailable");
  g_assert_cmpstr (msg, ==, "no endpoints available for service \"workspace-phi-4-mini\"");
  missing = status_message (f, "/api/v1/namespaces/kaito-workspace/services/nothing/proxy/metrics", 404, "NotFound");
  g_assert_cmpstr (missing, ==, "services \"nothing\" not found");
}

static gboolean
ray_running (OpFixture *f,
             gpointer   data)
{
  g_autoptr(JsonNode) rs = op_get (f, "rayservices.ray.io", "llm", "ray-serve-llm");

  return g_strcmp0 (kf_sim_json_get_string (rs, "status.serviceStatus"), "Running") == 0;
}

static void
test_proxy_ray (HttpFixture   *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) in = op_load_fixture ("examples/kuberay/rayservice-llm-serve-qwen.yaml");
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *models = NULL;
  g_autofree char *metrics = NULL;

  op_fixture_start (&f->op);
  created = op_create (&f->op, "rayservices.ray.io", "llm", in);
  g_assert_true (op_wait (&f->op, ray_running, NULL, WAIT_MS));
  models = get_ok (f, "/api/v1/namespaces/llm/services/ray-serve-llm-serve-svc:8000/proxy/v1/models");
  g_assert_nonnull (strstr (models, "\"id\":\"qwen2.5-7b-instruct\""));
  metrics = get_ok (f, "/api/v1/namespaces/llm/services/ray-serve-llm-head-svc:metrics/proxy/metrics");
  g_assert_nonnull (strstr (metrics, "ray_serve_num_http_requests_total{"));
  g_assert_nonnull (strstr (metrics, "ray_serve_deployment_processing_latency_ms_bucket{"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, HttpFixture, NULL, http_setup, fn, http_teardown)
  ADD ("/sim/operators/log/basic", test_log_basic);
  ADD ("/sim/operators/log/follow", test_log_follow);
  ADD ("/sim/operators/log/previous", test_log_previous);
  ADD ("/sim/operators/log/errors", test_log_errors);
  ADD ("/sim/operators/proxy/vllm", test_proxy_vllm);
  ADD ("/sim/operators/proxy/stream", test_proxy_stream);
  ADD ("/sim/operators/proxy/llamacpp-unavailable", test_proxy_llamacpp_and_unavailable);
  ADD ("/sim/operators/proxy/ray", test_proxy_ray);
#undef ADD
  return g_test_run ();
}
