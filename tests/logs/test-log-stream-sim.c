/* test-log-stream-sim.c: a followed pod log on the simulated cluster survives
 * a cut stream (the sim's kf_sim_server_cut_log_streams fault switch): it
 * shows the reconnecting state, goes on with new lines, and delivers every
 * line of the server's log once, in order. Plus the shared reconnect
 * backoff (KfBackoff).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-backoff.h"
#include "kf-kube-log-stream.h"
#include "kf-kubeconfig.h"
#include "kf-test-sim.h"
#include "kf-yaml.h"

#define SPEED 50.0

static void
iterate_until (gboolean (*pred) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!pred (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (500);
}

/* The decode worker's name once every pod of the deployment is Ready. */
static char *
ready_worker (KfTestSim *sim)
{
  guint status = 0;
  g_autoptr(JsonNode) list = kf_test_sim_request (sim, "admin", "GET",
                                                  "/api/v1/namespaces/demo/pods?labelSelector=nvidia.com%2Fdynamo-graph-deployment-name%3Dvllm-agg",
                                                  NULL, NULL, &status);
  JsonArray *items;
  char *worker = NULL;
  guint ready = 0;

  if (list == NULL || status != 200)
    return NULL;
  items = json_object_get_array_member (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *pod = json_array_get_object_element (items, i);
      JsonObject *st = json_object_get_object_member (pod, "status");
      JsonArray *conds = st && json_object_has_member (st, "conditions") ? json_object_get_array_member (st, "conditions") : NULL;
      const char *name = json_object_get_string_member (json_object_get_object_member (pod, "metadata"), "name");

      for (guint j = 0; conds && j < json_array_get_length (conds); j++)
        {
          JsonObject *c = json_array_get_object_element (conds, j);
          if (g_strcmp0 (json_object_get_string_member (c, "type"), "Ready") == 0 &&
              g_strcmp0 (json_object_get_string_member (c, "status"), "True") == 0)
            ready++;
        }
      if (strstr (name, "vllmdecodeworker") != NULL)
        {
          g_free (worker);
          worker = g_strdup (name);
        }
    }
  if (ready < 2 || ready != json_array_get_length (items))
    g_clear_pointer (&worker, g_free);
  return worker;
}

static KfKubeClient *
client_for_kubeconfig (const char *path)
{
  g_autofree char *paths[] = { g_strdup (path), NULL };
  g_autoptr(KfKubeconfig) kc = kf_kubeconfig_new_for_paths ((const char * const *) paths);
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  kf_kubeconfig_load (kc);
  config = kf_kubeconfig_build_rest_config (kc, NULL, &error);
  g_assert_no_error (error);
  return kf_kube_client_new (config);
}

typedef struct
{
  GPtrArray *lines;            /* with timestamps */
  guint      n_reconnecting;   /* times "reconnecting" turned TRUE */
  guint      lines_while_reconnecting;
  gboolean   finished;
  KfKubeLogStream *stream;
  guint      want;
} Rec;

static void
line_cb (KfKubeLogStream *s, const char *line, const char *ts, Rec *rec)
{
  g_ptr_array_add (rec->lines, g_strdup (line));
}

static void
reconnecting_cb (KfKubeLogStream *s, GParamSpec *pspec, Rec *rec)
{
  if (kf_kube_log_stream_get_reconnecting (s))
    rec->n_reconnecting++;
}

static void
finished_cb (KfKubeLogStream *s, GError *error, Rec *rec)
{
  rec->finished = TRUE;
}

static gboolean
has_lines (gpointer data)
{
  Rec *rec = data;
  return rec->lines->len >= rec->want;
}

static gboolean
reconnected_with_lines (gpointer data)
{
  Rec *rec = data;
  return rec->n_reconnecting > 0 && !kf_kube_log_stream_get_reconnecting (rec->stream) &&
         kf_kube_log_stream_get_n_reconnects (rec->stream) > 0 && rec->lines->len >= rec->want;
}

static void
test_follow_survives_cut (void)
{
  g_autofree char *file = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", "dynamo", "v1alpha1", "vllm-agg.yaml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dgd = kf_yaml_parse_file (file, &error);
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, SPEED, FALSE);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(KfKubeLogStream) stream = NULL;
  g_autoptr(GHashTable) unique = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *body = NULL;
  g_autofree char *worker = NULL;
  g_autofree char *server_log = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) server_lines = NULL;
  KfKubeLogOptions opts = KF_KUBE_LOG_OPTIONS_INIT;
  Rec rec = { g_ptr_array_new_with_free_func (g_free) };
  guint status = 0, before, first = 0;
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
  while ((worker = ready_worker (sim)) == NULL && g_get_monotonic_time () < end)
    for (int i = 0; i < 50; i++)
      g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (worker);

  client = client_for_kubeconfig (sim->kubeconfig);
  opts.follow = TRUE;
  opts.timestamps = TRUE;
  opts.tail_lines = 10;
  stream = kf_kube_log_stream_new (client, "demo", worker, &opts);
  kf_kube_log_stream_set_backoff (stream, 200, 1000, 20);
  rec.stream = stream;
  g_signal_connect (stream, "line", G_CALLBACK (line_cb), &rec);
  g_signal_connect (stream, "notify::reconnecting", G_CALLBACK (reconnecting_cb), &rec);
  g_signal_connect (stream, "finished", G_CALLBACK (finished_cb), &rec);
  kf_kube_log_stream_start (stream);

  /* the tail, then followed lines (the engine logs every 10 simulated s) */
  rec.want = 15;
  iterate_until (has_lines, &rec, 20000);
  g_assert_cmpuint (rec.lines->len, >=, 15);
  g_assert_false (kf_kube_log_stream_get_reconnecting (stream));

  /* the stream is cut while the container runs */
  g_assert_cmpuint (kf_sim_server_cut_log_streams (sim->server), ==, 1);
  before = rec.lines->len;
  rec.want = before + 5;
  iterate_until (reconnected_with_lines, &rec, 20000);
  g_test_message ("reconnecting shown %u times, reconnects %u, lines %u → %u", rec.n_reconnecting,
                  kf_kube_log_stream_get_n_reconnects (stream), before, rec.lines->len);
  g_assert_cmpuint (rec.n_reconnecting, >=, 1);
  g_assert_cmpuint (kf_kube_log_stream_get_n_reconnects (stream), >=, 1);
  g_assert_cmpuint (rec.lines->len, >=, before + 5);
  g_assert_false (kf_kube_log_stream_get_reconnecting (stream));
  g_assert_true (kf_kube_log_stream_is_running (stream));
  g_assert_false (rec.finished);
  /* it opened the log again (and looked at the pod in between) */
  {
    g_autofree char *log_path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log", worker);
    g_assert_cmpuint (kf_sim_server_count_requests (sim->server, "get", log_path), >=, 2);
  }

  /* a second cut, the same */
  g_assert_cmpuint (kf_sim_server_cut_log_streams (sim->server), ==, 1);
  before = rec.lines->len;
  rec.want = before + 5;
  rec.n_reconnecting = 0;
  iterate_until (reconnected_with_lines, &rec, 20000);
  g_assert_cmpuint (rec.n_reconnecting, >=, 1);
  g_assert_cmpuint (rec.lines->len, >=, before + 5);
  kf_kube_log_stream_stop (stream);

  /* every line once, in the server's order, none lost: the received lines
   * are a contiguous run of the server's log (each has its own timestamp) */
  for (guint i = 0; i < rec.lines->len; i++)
    if (!g_hash_table_add (unique, rec.lines->pdata[i]))
      g_error ("line delivered twice: %s", (char *) rec.lines->pdata[i]);
  path = g_strdup_printf ("/api/v1/namespaces/demo/pods/%s/log?timestamps=true", worker);
  r3 = kf_test_sim_request_full (sim, "admin", "GET", path, NULL, NULL, &status, &server_log, NULL);
  g_assert_cmpuint (status, ==, 200);
  server_lines = g_strsplit (server_log, "\n", -1);
  while (server_lines[first] != NULL && g_strcmp0 (server_lines[first], rec.lines->pdata[0]) != 0)
    first++;
  g_assert_nonnull (server_lines[first]);
  for (guint i = 0; i < rec.lines->len; i++)
    {
      g_assert_nonnull (server_lines[first + i]);
      g_assert_cmpstr (rec.lines->pdata[i], ==, server_lines[first + i]);
    }

  g_ptr_array_unref (rec.lines);
}

static void
test_backoff (void)
{
  KfBackoff b;
  guint prev_base = 0;

  kf_backoff_init (&b, 100, 1000);
  for (guint i = 0; i < 8; i++)
    {
      guint d = kf_backoff_next (&b);
      guint base = MIN (100u << i, 1000u);

      /* doubling from the first delay up to the cap, each within ±25 % */
      g_assert_cmpuint (d, >=, base * 3 / 4);
      g_assert_cmpuint (d, <, base * 5 / 4 + 1);
      g_assert_cmpuint (base, >=, prev_base);
      prev_base = base;
    }
  g_assert_cmpuint (kf_backoff_get_attempts (&b), ==, 8);

  /* a success: from the start again */
  kf_backoff_reset (&b);
  g_assert_cmpuint (kf_backoff_get_attempts (&b), ==, 0);
  g_assert_cmpuint (kf_backoff_next (&b), <, 126);

  /* the delays are jittered (not all the same) */
  {
    gboolean differ = FALSE;
    guint first_d;

    kf_backoff_init (&b, 1000, 1000);
    first_d = kf_backoff_next (&b);
    for (int i = 0; i < 20 && !differ; i++)
      differ = kf_backoff_next (&b) != first_d;
    g_assert_true (differ);
  }

  /* nonsense bounds are fixed up: never 0 ms, never a cap below the start */
  kf_backoff_init (&b, 0, 0);
  g_assert_cmpuint (kf_backoff_next (&b), >=, 1);
  g_assert_cmpuint (b.max_ms, >=, b.initial_ms);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/logs/backoff", test_backoff);
  g_test_add_func ("/logs/stream/follow-survives-cut", test_follow_survives_cut);
  return g_test_run ();
}
