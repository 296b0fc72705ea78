/* test-cli-models.c: `kubefoundry-cli models` and `fit`, run as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

typedef struct
{
  GMainLoop *loop;
  char      *out;
  char      *err;
  int        status;
} Run;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  g_main_loop_quit (run->loop);
}

/* Runs the CLI while the main loop keeps serving (a loopback Hub may be
 * answering it). */
static void
run_cli (Run                *run,
         const char * const *args,
         const char         *hf_endpoint)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) KF_CLI_PATH);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (hf_endpoint)
    g_subprocess_launcher_setenv (launcher, "HF_ENDPOINT", hf_endpoint, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "HF_TOKEN");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  memset (run, 0, sizeof *run);
  run->loop = g_main_loop_new (NULL, FALSE);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, run);
  g_main_loop_run (run->loop);
  g_main_loop_unref (run->loop);
}

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_models (void)
{
  const char *json_args[] = { "-o", "json", "models", "--search", "llama 3.2", "--engine", "trtllm", NULL };
  const char *text_args[] = { "models", "--engine", "llamacpp", NULL };
  const char *bad_args[] = { "models", "--engine", "tgi", NULL };
  g_autoptr(JsonNode) root = NULL;
  Run run;

  run_cli (&run, json_args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (root), 0), "id"),
                   ==, "meta-llama/Llama-3.2-1B-Instruct");
  run_clear (&run);

  run_cli (&run, text_args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "kaito/gemma2-2b"));
  g_assert_nonnull (strstr (run.out, "deprecated image (use gemma4:e2b)"));
  g_assert_null (strstr (run.out, "Qwen/"));
  run_clear (&run);

  run_cli (&run, bad_args, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown engine “tgi”"));
  run_clear (&run);
}

static char *
write_nodes_file (void)
{
  /* One DGX node with the real GFD label set (A100-SXM4-40GB, 40537 MiB). */
  g_autofree char *labels_path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "k8s",
                                                   "gfd-node-labels-a100-sxm4-40gb-dgx.json", NULL);
  g_autofree char *labels = NULL;
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  g_file_get_contents (labels_path, &labels, NULL, &error);
  g_assert_no_error (error);
  doc = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"NodeList\",\"metadata\":{},\"items\":[{\"metadata\":"
                         "{\"name\":\"dgx-1\",\"labels\":%s},\"status\":{\"allocatable\":{\"nvidia.com/gpu\":\"1\"}}}]}",
                         labels);
  fd = g_file_open_tmp ("kf-nodes-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, doc, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_fit_on_nodes (void)
{
  g_autofree char *nodes = write_nodes_file ();
  const char *fits[] = { "-o", "json", "fit", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "--offline",
                         "--nodes", nodes, NULL };
  const char *too_big[] = { "fit", "kaito/llama3.3-70b", "--offline", "--engine", "vllm", "--nodes", nodes, NULL };
  const char *bad_nodes[] = { "fit", "kaito/llama3.1-8b", "--offline", "--nodes", KF_CLI_PATH, NULL };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o, *opt;
  Run run;

  /* 8B in BF16 at its catalog context (16,384): one 40 GB A100 holds it. */
  run_cli (&run, fits, NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse (run.out);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "fits");
  g_assert_cmpstr (json_object_get_string_member (o, "confidence"), ==, "estimated");   /* size from "8B" */
  opt = json_array_get_object_element (json_object_get_array_member (o, "options"), 0);
  g_assert_cmpstr (json_object_get_string_member (opt, "gpuProduct"), ==, "A100-SXM4-40GB");
  g_assert_cmpstr (json_object_get_string_member (opt, "node"), ==, "dgx-1");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (opt, "estimate"), "kvBytesPerToken"), ==, 131072);
  run_clear (&run);

  /* 70B in BF16 on one 40 GB GPU: does not fit (exit status 3). */
  run_cli (&run, too_big, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.out, "Verdict:     does-not-fit"));
  run_clear (&run);

  /* Not a node list: a clear error naming the file. */
  run_cli (&run, bad_nodes, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, KF_CLI_PATH));
  run_clear (&run);

  g_unlink (nodes);
}

static void
hub_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  static const char config[] =
    "{\"hidden_size\":4096,\"num_hidden_layers\":32,\"num_attention_heads\":32,\"num_key_value_heads\":8,"
    "\"max_position_embeddings\":131072,\"model_type\":\"llama\"}";

  if (g_str_equal (path, "/api/models/meta-llama/Llama-3.1-8B-Instruct"))
    {
      g_autofree char *file = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "huggingface",
                                                "model-info-meta-llama-Llama-3.1-8B-Instruct.json", NULL);
      g_autofree char *body = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (file, &body, &len, NULL));
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, len);
    }
  else if (g_str_equal (path, "/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, config, strlen (config));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static void
test_fit_from_hub (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autoptr(JsonNode) root = NULL;
  GSList *uris;
  JsonObject *o, *opt, *est;
  const char *args[] = { "-o", "json", "fit", "meta-llama/Llama-3.1-8B-Instruct", "--gpu-type", "L4",
                         "--gpus-per-node", "1", NULL };
  const char *missing[] = { "fit", "nobody/nothing", NULL };
  Run run;

  soup_server_add_handler (server, NULL, hub_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* Exact sizes from the Hub; 128k context on one L4 cannot fit (see
   * test-memory-fit: 34.3 GiB needed, 20.2 GiB usable). */
  run_cli (&run, args, base);
  g_assert_cmpint (run.status, ==, 3);
  root = parse (run.out);
  o = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (o, "parameterCount"), ==, 8030261248);
  g_assert_cmpstr (json_object_get_string_member (o, "confidence"), ==, "exact");
  g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "does-not-fit");
  opt = json_array_get_object_element (json_object_get_array_member (o, "options"), 0);
  est = json_object_get_object_member (opt, "estimate");
  g_assert_cmpint (json_object_get_int_member (est, "maxContextLength"), ==, 15771);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "naive"), "verdict"), ==, "tight");
  run_clear (&run);

  run_cli (&run, missing, base);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "nobody/nothing was not found"));
  run_clear (&run);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/models", test_models);
  g_test_add_func ("/cli/fit-on-nodes", test_fit_on_nodes);
  g_test_add_func ("/cli/fit-from-hub", test_fit_from_hub);
  return g_test_run ();
}
