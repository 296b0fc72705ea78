/* test-kube-streams.c: pod logs (follow, tail, timestamps, reconnect after a
 * drop without duplicates) and services/proxy requests (bytes, JSON, SSE lines).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-kube-line-reader.h"
#include "kf-kube-log-stream.h"
#include "kf-test-apiserver.h"

typedef struct
{
  GPtrArray *lines;
  gboolean   finished;
  GError    *error;
  guint      n_errors;
  guint      n_reconnecting;   /* times "reconnecting" turned TRUE */
} LogRec;

static void
log_reconnecting_cb (KfKubeLogStream *stream, GParamSpec *pspec, LogRec *rec)
{
  if (kf_kube_log_stream_get_reconnecting (stream))
    rec->n_reconnecting++;
}

static void
log_line_cb (KfKubeLogStream *stream, const char *line, const char *ts, LogRec *rec)
{
  g_ptr_array_add (rec->lines, g_strdup (line));
}

static void
log_error_cb (KfKubeLogStream *stream, GError *error, LogRec *rec)
{
  rec->n_errors++;
}

static void
log_finished_cb (KfKubeLogStream *stream, GError *error, LogRec *rec)
{
  rec->finished = TRUE;
  if (error != NULL)
    rec->error = g_error_copy (error);
}

static KfKubeLogStream *
recorded_log (KfKubeClient *client, const char *pod, const KfKubeLogOptions *opts, LogRec *rec)
{
  KfKubeLogStream *s = kf_kube_log_stream_new (client, "ml", pod, opts);

  rec->lines = g_ptr_array_new_with_free_func (g_free);
  kf_kube_log_stream_set_backoff (s, 10, 100, 5);
  g_signal_connect (s, "line", G_CALLBACK (log_line_cb), rec);
  g_signal_connect (s, "error", G_CALLBACK (log_error_cb), rec);
  g_signal_connect (s, "finished", G_CALLBACK (log_finished_cb), rec);
  g_signal_connect (s, "notify::reconnecting", G_CALLBACK (log_reconnecting_cb), rec);
  return s;
}

/* Pod @name in namespace ml with one container "main": running (as
 * instance @container_id, restarted @restarts times) or terminated. */
static void
put_pod (KfTestApiserver *server,
         const char      *name,
         const char      *container_id,
         int              restarts,
         gboolean         running)
{
  g_autofree char *json = g_strdup_printf (
    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"ml\"},"
    "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"x\"}]},"
    "\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"main\",\"containerID\":\"containerd://%s\","
    "\"restartCount\":%d,\"state\":%s}]}}",
    name, container_id, restarts,
    running ? "{\"running\":{\"startedAt\":\"2026-01-01T00:00:00Z\"}}"
            : "{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}");
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  kf_test_apiserver_put (server, "", "pods", node);
}

typedef struct { LogRec *rec; guint n; } NLines;

static gboolean
has_lines (gpointer data)
{
  NLines *n = data;
  return n->rec->lines->len >= n->n;
}

static char *
joined (LogRec *rec)
{
  g_ptr_array_add (rec->lines, NULL);
  {
    char *s = g_strjoinv ("|", (char **) rec->lines->pdata);
    g_ptr_array_remove_index (rec->lines, rec->lines->len - 1);
    return s;
  }
}

static void
test_log_follow_drop (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  KfKubeLogOptions opts = KF_KUBE_LOG_OPTIONS_INIT;
  LogRec rec = { 0 };
  g_autoptr(KfKubeLogStream) s = NULL;
  NLines want = { &rec, 3 };
  g_autofree char *all = NULL;

  kf_test_apiserver_append_log (server, "ml", "web-0", "2026-01-01T00:00:01.100000000Z", "one");
  kf_test_apiserver_append_log (server, "ml", "web-0", "2026-01-01T00:00:01.200000000Z", "two");
  kf_test_apiserver_append_log (server, "ml", "web-0", "2026-01-01T00:00:01.200000000Z", "two bis");
  put_pod (server, "web-0", "abc", 0, TRUE);
  opts.follow = TRUE;
  s = recorded_log (client, "web-0", &opts, &rec);
  kf_kube_log_stream_start (s);
  g_assert_true (kf_test_wait_until (has_lines, &want, 20000));

  kf_test_apiserver_append_log (server, "ml", "web-0", "2026-01-01T00:00:01.300000000Z", "three");
  want.n = 4;
  g_assert_true (kf_test_wait_until (has_lines, &want, 20000));

  /* the connection drops (libsoup sees a clean end); the container still
   * runs, so the stream reconnects; the log goes on meanwhile, in the same
   * second too */
  kf_test_apiserver_drop_streams (server);
  kf_test_apiserver_append_log (server, "ml", "web-0", "2026-01-01T00:00:01.300000000Z", "three bis");
  kf_test_apiserver_append_log (server, "ml", "web-0", "2026-01-01T00:00:01.900000000Z", "four");
  kf_test_apiserver_append_log (server, "ml", "web-0", "2026-01-01T00:00:02.000000000Z", "five");
  want.n = 7;
  g_assert_true (kf_test_wait_until (has_lines, &want, 20000));
  kf_test_run_for (100);

  all = joined (&rec);
  g_assert_cmpstr (all, ==, "one|two|two bis|three|three bis|four|five");
  g_assert_cmpuint (kf_kube_log_stream_get_n_reconnects (s), >=, 1);
  g_assert_cmpuint (rec.n_reconnecting, >=, 1);
  g_assert_false (kf_kube_log_stream_get_reconnecting (s));   /* lines flow again */
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/api/v1/namespaces/ml/pods/web-0/log",
                                                      "sinceTime=2026-01-01T00%3A00%3A01.300000000Z"), >=, 1);
  g_assert_true (kf_kube_log_stream_is_running (s));

  /* live lines keep coming after the reconnect */
  kf_test_apiserver_append_log (server, "ml", "web-0", "2026-01-01T00:00:03.000000000Z", "six");
  want.n = 8;
  g_assert_true (kf_test_wait_until (has_lines, &want, 20000));
  g_assert_cmpstr (g_ptr_array_index (rec.lines, 7), ==, "six");

  kf_kube_log_stream_stop (s);
  g_assert_false (kf_kube_log_stream_is_running (s));
  g_ptr_array_unref (rec.lines);
  g_clear_object (&s);
  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

/* A follow stream that ends because the container ended (or was replaced
 * by a restart) finishes: no reconnect. */
static void
test_log_follow_end (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  KfKubeLogOptions opts = KF_KUBE_LOG_OPTIONS_INIT;
  LogRec rec = { 0 }, rec2 = { 0 };
  g_autoptr(KfKubeLogStream) s = NULL;
  g_autoptr(KfKubeLogStream) s2 = NULL;
  NLines want = { &rec, 1 };
  NLines want2 = { &rec2, 1 };

  kf_test_apiserver_append_log (server, "ml", "job-0", "2026-01-01T00:00:01.1Z", "working");
  put_pod (server, "job-0", "c1", 0, TRUE);
  opts.follow = TRUE;
  s = recorded_log (client, "job-0", &opts, &rec);
  kf_kube_log_stream_start (s);
  g_assert_true (kf_test_wait_until (has_lines, &want, 20000));
  kf_test_run_for (100);   /* the stream has looked at which container it follows */

  /* the container exits, then the stream ends: the log ended */
  put_pod (server, "job-0", "c1", 0, FALSE);
  kf_test_apiserver_drop_streams (server);
  g_assert_true (kf_test_wait_for (&rec.finished, 20000));
  g_assert_no_error (rec.error);
  g_assert_cmpuint (kf_kube_log_stream_get_n_reconnects (s), ==, 0);
  g_assert_false (kf_kube_log_stream_get_reconnecting (s));

  /* running again, but a new instance (restarted): this stream's log ended too */
  kf_test_apiserver_append_log (server, "ml", "web-1", "2026-01-01T00:00:01.1Z", "serving");
  put_pod (server, "web-1", "c1", 0, TRUE);
  s2 = recorded_log (client, "web-1", &opts, &rec2);
  kf_kube_log_stream_start (s2);
  g_assert_true (kf_test_wait_until (has_lines, &want2, 20000));
  kf_test_run_for (100);
  put_pod (server, "web-1", "c2", 1, TRUE);
  kf_test_apiserver_drop_streams (server);
  g_assert_true (kf_test_wait_for (&rec2.finished, 20000));
  g_assert_no_error (rec2.error);
  g_assert_cmpuint (kf_kube_log_stream_get_n_reconnects (s2), ==, 0);

  g_ptr_array_unref (rec.lines);
  g_ptr_array_unref (rec2.lines);
  g_clear_object (&s);
  g_clear_object (&s2);
  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

static void
test_log_tail (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  KfKubeLogOptions opts = KF_KUBE_LOG_OPTIONS_INIT;
  LogRec rec = { 0 }, rec2 = { 0 };
  g_autoptr(KfKubeLogStream) s = NULL;
  g_autoptr(KfKubeLogStream) missing = NULL;
  g_autofree char *all = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *ts = g_strdup_printf ("2026-01-01T00:00:%02u.5Z", i);
      g_autofree char *text = g_strdup_printf ("line %u", i);
      kf_test_apiserver_append_log (server, "ml", "job", ts, text);
    }
  opts.tail_lines = 2;
  opts.timestamps = TRUE;
  opts.container = "main";
  s = recorded_log (client, "job", &opts, &rec);
  kf_kube_log_stream_start (s);
  g_assert_true (kf_test_wait_for (&rec.finished, 20000));
  g_assert_no_error (rec.error);
  all = joined (&rec);
  g_assert_cmpstr (all, ==, "2026-01-01T00:00:08.5Z line 8|2026-01-01T00:00:09.5Z line 9");
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/api/v1/namespaces/ml/pods/job/log", "container=main"), ==, 1);
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/api/v1/namespaces/ml/pods/job/log", "tailLines=2"), ==, 1);

  missing = recorded_log (client, "nope", NULL, &rec2);
  kf_kube_log_stream_start (missing);
  g_assert_true (kf_test_wait_for (&rec2.finished, 20000));
  g_assert_error (rec2.error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND);

  g_clear_error (&rec2.error);
  g_ptr_array_unref (rec.lines);
  g_ptr_array_unref (rec2.lines);
  g_clear_object (&s);
  g_clear_object (&missing);
  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

typedef struct
{
  GPtrArray *lines;
  gboolean   finished;
} SseRec;

static void
sse_line_cb (KfKubeLineReader *reader, const char *line, guint64 length, SseRec *rec)
{
  g_ptr_array_add (rec->lines, g_strndup (line, length));
}

static void
sse_finished_cb (KfKubeLineReader *reader, GError *error, SseRec *rec)
{
  g_assert_no_error (error);
  rec->finished = TRUE;
}

static void
test_service_proxy (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = kf_test_json ("{\"model\":\"llama\",\"messages\":[]}");
  g_autoptr(JsonNode) echo = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(KfKubeLineReader) reader = NULL;
  SseRec rec = { g_ptr_array_new_with_free_func (g_free), FALSE };
  KfTestResult r = { 0 };

  kf_kube_client_proxy_async (client, "ml", "llama-frontend", "8000", "GET", "/metrics", NULL, NULL, kf_test_result_cb, &r);
  bytes = kf_kube_client_proxy_finish (client, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "# proxied llama-frontend:8000 /metrics\nup 1\n", 44);
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/api/v1/namespaces/ml/services/llama-frontend:8000/proxy/metrics", NULL), ==, 1);
  g_clear_pointer (&bytes, g_bytes_unref);

  kf_kube_client_proxy_async (client, "ml", "llama-frontend", "http", "POST", "/v1/chat/completions", body,
                              NULL, kf_test_result_cb, &r);
  bytes = kf_kube_client_proxy_finish (client, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  echo = kf_kube_parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (echo), "echo"), "model"), ==, "llama");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (echo), "path"), ==, "/v1/chat/completions");

  kf_kube_client_proxy_stream_async (client, "ml", "llama-frontend", "8000", "POST", "/sse", body,
                                     NULL, kf_test_result_cb, &r);
  stream = kf_kube_client_send_stream_finish (client, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  reader = kf_kube_line_reader_new (stream);
  g_signal_connect (reader, "line", G_CALLBACK (sse_line_cb), &rec);
  g_signal_connect (reader, "finished", G_CALLBACK (sse_finished_cb), &rec);
  kf_kube_line_reader_start (reader, NULL);
  g_assert_true (kf_test_wait_for (&rec.finished, 20000));
  g_assert_cmpuint (rec.lines->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (rec.lines, 0), ==, "data: {\"n\":1}");
  g_assert_cmpstr (g_ptr_array_index (rec.lines, 2), ==, "data: {\"n\":2}");
  g_assert_cmpstr (g_ptr_array_index (rec.lines, 4), ==, "data: [DONE]");

  g_ptr_array_unref (rec.lines);
  g_clear_object (&reader);
  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/k8s/logs/follow-drop", test_log_follow_drop);
  g_test_add_func ("/k8s/logs/follow-end", test_log_follow_end);
  g_test_add_func ("/k8s/logs/tail", test_log_tail);
  g_test_add_func ("/k8s/proxy/service", test_service_proxy);
  {
    int status = g_test_run ();

    kf_test_stop_threads ();
    return status;
  }
}
