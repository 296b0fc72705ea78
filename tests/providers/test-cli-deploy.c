/* test-cli-deploy.c: runs `kubefoundry-cli deploy` (path in argv) and checks what it prints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "kf-yaml.h"

static const char *cli_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, (char *) "deploy");
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* a test process may block: this is not a main loop */
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

static JsonObject *
doc_object (GPtrArray *docs,
            guint      i)
{
  JsonNode *node = g_ptr_array_index (docs, i);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static void
test_dry_run_yaml (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *cr;
  JsonObject *services;

  run_cli (&run, "--provider", "dynamo", "--model", "Qwen/Qwen3-0.6B", "--name", "qwen",
           "--mode", "disaggregated", "--prefill-replicas", "2", "--prefill-gpus", "1",
           "--decode-replicas", "1", "--decode-gpus", "2", "--engine", "sglang", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  docs = kf_yaml_parse_all (run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  cr = doc_object (docs, 0);
  g_assert_cmpstr (json_object_get_string_member (cr, "kind"), ==, "DynamoGraphDeployment");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (cr, "metadata"), "name"), ==, "qwen");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (cr, "metadata"), "namespace"), ==, "dynamo-system");
  services = json_object_get_object_member (json_object_get_object_member (cr, "spec"), "services");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (services, "SglangPrefillWorker"), "replicas"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
                     json_object_get_object_member (services, "SglangDecodeWorker"), "resources"), "limits"), "gpu"), ==, "2");
}

static void
test_dry_run_json_kaito (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *list;
  JsonArray *items;

  run_cli (&run, "--provider", "kaito", "--model", "microsoft/Phi-4-mini-instruct", "--name", "phi",
           "-n", "models", "--context-length", "4096", "--dry-run", "-o", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  list = json_node_get_object (json_parser_get_root (parser));
  /* the Workspace and its vLLM Service, as a List */
  g_assert_cmpstr (json_object_get_string_member (list, "kind"), ==, "List");
  items = json_object_get_array_member (list, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "kind"), ==, "Workspace");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "kind"), ==, "Service");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (items, 1), "metadata"),
                                                  "namespace"), ==, "models");
  g_assert_nonnull (strstr (run.out, "\"4096\""));
}

static void
test_dry_run_kaito_gguf (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;

  /* no --engine: a GGUF source means llama.cpp; no --name: the automatic one */
  run_cli (&run, "--provider", "kaito", "--kaito-source", "huggingface", "--model", "Qwen/Qwen2.5-0.5B-Instruct-GGUF",
           "--gguf-file", "qwen2.5-0.5b-instruct-q4_k_m.gguf", "--compute", "cpu", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  docs = kf_yaml_parse_all (run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_nonnull (strstr (run.out, "huggingface://Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf"));
  g_assert_true (g_regex_match_simple ("name: qwen2-5-0-5b-instruct-gguf-[a-z0-9]{4}\n", run.out, 0, 0));

  /* pre-made: the model is the AIKit id */
  {
    g_auto(Run) premade = { 0 };

    run_cli (&premade, "--provider", "kaito", "--kaito-source", "premade", "--model", "llama3.2:1b", "--name", "l", "--dry-run", NULL);
    g_assert_cmpint (premade.status, ==, 0);
    g_assert_nonnull (strstr (premade.out, "image: ghcr.io/kaito-project/aikit/llama3.2:1b"));
  }
}

static void
test_validation_errors (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&run, "--provider", "kuberay", "--model", "Qwen/Qwen3-0.6B", "--name", "Bad_Name",
           "--engine", "sglang", "--gpus", "0", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  lines = g_strsplit (g_strchomp (run.err), "\n", -1);
  /* one line per field, named by the option to change */
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "kubefoundry-cli deploy: --name: "));
  g_assert_true (g_str_has_prefix (lines[1], "kubefoundry-cli deploy: --engine: "));
  g_assert_true (g_str_has_prefix (lines[2], "kubefoundry-cli deploy: --gpus: "));
}

static void
test_validation_kaito (void)
{
  g_auto(Run) gguf = { 0 };
  g_auto(Run) disagg = { 0 };

  run_cli (&gguf, "--provider", "kaito", "--kaito-source", "huggingface", "--model", "org/repo-GGUF", "--name", "x", "--dry-run", NULL);
  g_assert_cmpint (gguf.status, ==, 1);
  g_assert_nonnull (strstr (gguf.err, "--gguf-file: "));

  run_cli (&disagg, "--provider", "kaito", "--model", "org/m", "--name", "x", "--mode", "disaggregated", "--dry-run", NULL);
  g_assert_cmpint (disagg.status, ==, 1);
  g_assert_nonnull (strstr (disagg.err, "--mode: "));
}

static void
test_usage_errors (void)
{
  const char *cases[][8] = {
    { "--model", "m/x", "--dry-run", NULL },                                   /* no provider */
    { "--provider", "tgi", "--model", "m/x", "--dry-run", NULL },              /* unknown provider */
    { "--provider", "dynamo", "--model", "m/x", "--engine", "tgi", NULL },     /* unknown engine */
    { "--provider", "dynamo", "--model", "m/x", "--replicas", "many", NULL },  /* not a number */
    { "--provider", "dynamo", "--model", "m/x", "--replicas", "-2", NULL },    /* negative */
    { "--provider", "dynamo", "--model", "m/x", "-o", "xml", "--dry-run", NULL },
    { "--provider", "dynamo", "--model", "m/x", "--mode", "split", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, cases[i][0], cases[i][1], cases[i][2], cases[i][3], cases[i][4], cases[i][5], cases[i][6], cases[i][7]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "kubefoundry-cli deploy: "));
    }
}

static void
test_without_dry_run (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "kf-no-such-kubeconfig", NULL);

  /* no kubeconfig: a clear error pointing at --dry-run */
  g_setenv ("KUBECONFIG", missing, TRUE);
  run_cli (&run, "--provider", "dynamo", "--model", "Qwen/Qwen3-0.6B", "--name", "q", NULL);
  g_unsetenv ("KUBECONFIG");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "cannot connect to a cluster"));
  g_assert_nonnull (strstr (run.err, "--dry-run"));
}

/* --hf-token-secret names the Secret the manifest refers to; --dry-run never
 * reads, creates or prints the token, even for a gated model with HF_TOKEN set. */
static void
test_dry_run_hf_token_secret (void)
{
  const char *token = "hf_DryRunTokenNeverPrinted";
  g_auto(Run) run = { 0 };
  g_auto(Run) old_name = { 0 };
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *services;

  g_setenv ("HF_TOKEN", token, TRUE);
  run_cli (&run, "--provider", "dynamo", "--model", "meta-llama/Llama-3.2-1B-Instruct", "--name", "llama",
           "--hf-token-secret", "team-hf", "--dry-run", NULL);
  g_unsetenv ("HF_TOKEN");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, token));
  g_assert_null (strstr (run.err, token));
  g_assert_null (strstr (run.out, "kind: Secret"));
  docs = kf_yaml_parse_all (run.out, -1, &error);
  g_assert_no_error (error);
  services = json_object_get_object_member (json_object_get_object_member (doc_object (docs, 0), "spec"), "services");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (services, "VllmWorker"), "envFromSecret"), ==, "team-hf");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (services, "Frontend"), "envFromSecret"), ==, "team-hf");

  /* the old spelling still works */
  run_cli (&old_name, "--provider", "dynamo", "--model", "Qwen/Qwen3-0.6B", "--name", "q",
           "--hf-secret", "legacy-hf", "--dry-run", NULL);
  g_assert_cmpint (old_name.status, ==, 0);
  g_assert_nonnull (strstr (old_name.out, "envFromSecret: legacy-hf"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-kubefoundry-cli\n", argv[0]);
      return 1;
    }
  cli_path = argv[1];

  g_test_add_func ("/cli/deploy/dry-run-yaml", test_dry_run_yaml);
  g_test_add_func ("/cli/deploy/dry-run-json-kaito", test_dry_run_json_kaito);
  g_test_add_func ("/cli/deploy/dry-run-kaito-gguf", test_dry_run_kaito_gguf);
  g_test_add_func ("/cli/deploy/validation-errors", test_validation_errors);
  g_test_add_func ("/cli/deploy/validation-kaito", test_validation_kaito);
  g_test_add_func ("/cli/deploy/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/deploy/without-dry-run", test_without_dry_run);
  g_test_add_func ("/cli/deploy/dry-run-hf-token-secret", test_dry_run_hf_token_secret);

  return g_test_run ();
}
