/* test-cli-logs-metrics.c: `kubefoundry-cli logs` and `metrics` against the
 * simulated cluster, and a pod log followed through a connection that drops
 * (a TCP relay on loopback between the client and the simulated API server)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-kube-log-stream.h"
#include "kf-kubeconfig.h"
#include "kf-test-sim.h"
#include "kf-yaml.h"

#define SPEED 50.0

typedef struct
{
  gboolean done;
  char    *out;
  char    *err;
  int      status;
} Run;

static void
communicate_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

static void
run_cli (KfTestSim *sim, Run *run, ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *a;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("KF_CLI"));
  va_start (ap, run);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", sim->kubeconfig, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, run);
  g_assert_true (kf_test_sim_wait (&run->done, 60000));
  if (run->status != 0)
    g_test_message ("kubefoundry-cli exited %d: %s", run->status, run->err);
}

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  memset (run, 0, sizeof *run);
}

static gboolean
pods_ready (KfTestSim *sim)
{
  guint status = 0;
  g_autoptr(JsonNode) list = kf_test_sim_request (sim, "admin", "GET",
                                                  "/api/v1/namespaces/demo/pods?labelSelector=nvidia.com%2Fdynamo-graph-deployment-name%3Dvllm-agg",
                                                  NULL, NULL, &status);
  g_autofree char *text = list ? json_to_string (list, FALSE) : NULL;
  JsonArray *items;
  guint ready = 0;

  if (list == NULL)
    return FALSE;
  items = json_object_get_array_member (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autofree char *pod = json_to_string (json_array_get_element (items, i), FALSE);
      if (strstr (pod, "\"type\":\"Ready\",\"status\":\"True\"") != NULL)
        ready++;
    }
  return ready >= 2 && ready == json_array_get_length (items);
}

static KfTestSim *
sim_with_deployment (void)
{
  g_autofree char *file = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", "dynamo", "v1alpha1", "vllm-agg.yaml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dgd = kf_yaml_parse_file (file, &error);
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  KfTestSim *sim = kf_test_sim_new (NULL, SPEED, FALSE);
  guint status = 0;
  gint64 end;

  g_assert_no_error (error);
  r1 = kf_test_sim_request (sim, "admin", "POST", "/api/v1/namespaces", "application/json",
                            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"demo\"}}", &status);
  g_assert_cmpuint (status, ==, 201);
  body = json_to_string (dgd, FALSE);
  r2 = kf_test_sim_request (sim, "admin", "POST", "/apis/nvidia.com/v1alpha1/namespaces/demo/dynamographdeployments",
                            "application/json", body, &status);
  g_assert_cmpuint (status, ==, 201);
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!pods_ready (sim) && g_get_monotonic_time () < end)
    for (int i = 0; i < 50; i++)
      g_main_context_iteration (NULL, FALSE);
  g_assert_true (pods_ready (sim));
  return sim;
}

static void
test_cli (void)
{
  g_autoptr(KfTestSim) sim = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  JsonObject *o;

  if (g_getenv ("KF_CLI") == NULL)
    {
      g_test_skip ("KF_CLI is not set");
      return;
    }
  sim = sim_with_deployment ();

  /* the worker's log (not the frontend's), last lines only */
  run_cli (sim, &run, "-n", "demo", "logs", "vllm-agg", "--tail", "5", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "INFO"));
  g_assert_cmpint (g_strv_length (g_strsplit (run.out, "\n", -1)), <=, 6);
  run_clear (&run);

  run_cli (sim, &run, "-n", "demo", "logs", "vllm-agg", "--timestamps", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T", run.out, 0, 0));
  g_assert_nonnull (strstr (run.out, "Loading weights took"));
  run_clear (&run);

  /* the API server's own words when there is no previous container */
  run_cli (sim, &run, "-n", "demo", "logs", "vllm-agg", "--previous", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "previous terminated container"));
  run_clear (&run);

  run_cli (sim, &run, "-n", "demo", "logs", "nope", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no deployment “nope” in namespace demo"));
  run_clear (&run);

  /* two scrapes, one second apart: rates from the simulated engine's counters */
  run_cli (sim, &run, "-n", "demo", "-o", "json", "metrics", "vllm-agg", "--interval", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "engine"), ==, "vLLM");
  g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "services/vllm-agg-frontend:8000/proxy/metrics");
  g_assert_false (json_node_is_null (json_object_get_member (o, "kvCacheUsage")));
  g_assert_false (json_node_is_null (json_object_get_member (o, "generationTokensPerSecond")));
  g_assert_cmpfloat (json_object_get_double_member (o, "generationTokensPerSecond"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "windowSeconds"), >, 0.5);
  run_clear (&run);

  run_cli (sim, &run, "-n", "demo", "metrics", "vllm-agg", "--interval", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "generation tokens/s"));
  g_assert_nonnull (strstr (run.out, "KV-cache usage"));
  run_clear (&run);
}

/* ------------------------------------------------------------------------ */
/* a TCP relay whose connections can be cut                                  */

typedef struct
{
  GSocketService *service;
  guint16         port;
  guint16         target;
  GPtrArray      *conns;   /* GIOStream pairs */
} Relay;

typedef struct { Relay *relay; GSocketConnection *in; } Pending;

static void
splice_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *p = user_data;
  g_autoptr(GSocketConnection) out = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, NULL);

  if (out != NULL)
    {
      g_ptr_array_add (p->relay->conns, g_object_ref (p->in));
      g_ptr_array_add (p->relay->conns, g_object_ref (out));
      g_io_stream_splice_async (G_IO_STREAM (p->in), G_IO_STREAM (out),
                                G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                                G_PRIORITY_DEFAULT, NULL, splice_cb, NULL);
    }
  g_object_unref (p->in);
  g_free (p);
}

static gboolean
incoming_cb (GSocketService *service, GSocketConnection *conn, GObject *source, gpointer user_data)
{
  Relay *relay = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  Pending *p = g_new0 (Pending, 1);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", relay->target);

  p->relay = relay;
  p->in = g_object_ref (conn);
  g_socket_client_connect_to_host_async (client, host, relay->target, NULL, connected_cb, p);
  return TRUE;
}

static void
relay_cut (Relay *relay)
{
  /* shut the sockets down under the splices: both ends see the connection end */
  for (guint i = 0; i < relay->conns->len; i++)
    g_socket_shutdown (g_socket_connection_get_socket (relay->conns->pdata[i]), TRUE, TRUE, NULL);
  g_ptr_array_set_size (relay->conns, 0);
}

typedef struct
{
  GPtrArray *lines;
  guint      drops;
} Seen;

static void
seen_line_cb (KfKubeLogStream *s, const char *line, const char *ts, Seen *seen)
{
  g_ptr_array_add (seen->lines, g_strdup_printf ("%s %s", ts ? ts : "-", line));
}

static void
seen_error_cb (KfKubeLogStream *s, GError *error, Seen *seen)
{
  seen->drops++;
}

static void
test_log_follow_survives_drop (void)
{
  g_autoptr(KfTestSim) sim = sim_with_deployment ();
  g_autoptr(GError) error = NULL;
  g_autofree char *kc_text = NULL;
  g_autofree char *kc_path = g_build_filename (sim->dir, "relay-kubeconfig", NULL);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(KfKubeconfig) kc = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(KfKubeLogStream) stream = NULL;
  g_autoptr(GHashTable) unique = g_hash_table_new (g_str_hash, g_str_equal);
  KfKubeLogOptions opts = KF_KUBE_LOG_OPTIONS_INIT;
  Relay relay = { 0 };
  Seen seen = { g_ptr_array_new_with_free_func (g_free), 0 };
  guint before;
  guint status = 0;
  g_autoptr(JsonNode) pods = kf_test_sim_request (sim, "admin", "GET",
                                                  "/api/v1/namespaces/demo/pods?labelSelector=nvidia.com%2Fdynamo-component-type%3Dworker",
                                                  NULL, NULL, &status);
  const char *pod = json_object_get_string_member (
      json_object_get_object_member (json_array_get_object_element (
          json_object_get_array_member (json_node_get_object (pods), "items"), 0), "metadata"), "name");
  gint64 end;

  /* the relay, and a kubeconfig pointing at it */
  relay.conns = g_ptr_array_new_with_free_func (g_object_unref);
  relay.target = (guint16) kf_sim_server_get_port (sim->server);
  relay.service = g_socket_service_new ();
  relay.port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (relay.service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (relay.service, "incoming", G_CALLBACK (incoming_cb), &relay);
  g_socket_service_start (relay.service);

  g_assert_true (g_file_get_contents (sim->kubeconfig, &kc_text, NULL, &error));
  from = g_strdup_printf ("127.0.0.1:%u", relay.target);
  to = g_strdup_printf ("127.0.0.1:%u", relay.port);
  g_assert_nonnull (strstr (kc_text, from));
  {
    g_auto(GStrv) parts = g_strsplit (kc_text, from, -1);
    g_autofree char *joined = g_strjoinv (to, parts);
    g_assert_true (g_file_set_contents (kc_path, joined, -1, &error));
  }
  {
    g_autofree char *paths[] = { g_strdup (kc_path), NULL };
    kc = kf_kubeconfig_new_for_paths ((const char * const *) paths);
  }
  kf_kubeconfig_load (kc);
  config = kf_kubeconfig_build_rest_config (kc, NULL, &error);
  g_assert_no_error (error);
  client = kf_kube_client_new (config);

  opts.follow = TRUE;
  opts.tail_lines = 20;
  stream = kf_kube_log_stream_new (client, "demo", pod, &opts);
  kf_kube_log_stream_set_backoff (stream, 50, 200, 20);
  g_signal_connect (stream, "line", G_CALLBACK (seen_line_cb), &seen);
  g_signal_connect (stream, "error", G_CALLBACK (seen_error_cb), &seen);
  kf_kube_log_stream_start (stream);

  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (seen.lines->len < 25 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen.lines->len, >=, 25);   /* the tail, then followed lines */

  /* cut the connection: the stream reconnects and goes on */
  relay_cut (&relay);
  before = seen.lines->len;
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((kf_kube_log_stream_get_n_reconnects (stream) == 0 || seen.lines->len < before + 10) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  /* (libsoup ends a cut chunked body cleanly: the stream checks whether the
   * log goes on and reconnects without an ::error; seen.drops may be 0) */
  g_test_message ("drops reported: %u, reconnects: %u", seen.drops, kf_kube_log_stream_get_n_reconnects (stream));
  g_assert_cmpuint (kf_kube_log_stream_get_n_reconnects (stream), >=, 1);
  g_assert_cmpuint (seen.lines->len, >=, before + 10);
  g_assert_true (kf_kube_log_stream_is_running (stream));

  /* no line delivered twice (each carries its nanosecond timestamp) */
  for (guint i = 0; i < seen.lines->len; i++)
    {
      if (!g_hash_table_add (unique, seen.lines->pdata[i]))
        g_error ("line delivered twice: %s", (char *) seen.lines->pdata[i]);
    }

  kf_kube_log_stream_stop (stream);
  g_socket_service_stop (relay.service);
  relay_cut (&relay);
  g_object_unref (relay.service);
  g_ptr_array_unref (relay.conns);
  g_ptr_array_unref (seen.lines);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/logs-metrics", test_cli);
  g_test_add_func ("/logs/follow-survives-drop", test_log_follow_survives_drop);
  return g_test_run ();
}
