/* test-cli-deploy-sim.c: kubefoundry-cli deploy (without --dry-run) on the simulated cluster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-test-sim.h"

static const char *cli_path;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
}

/* Runs the CLI with KUBECONFIG = the sim's, while the sim serves (main loop). */
static void
run_cli_env (KfTestSim          *sim,
             Run                *run,
             const char         *hf_token,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  guint first = 0;

  g_ptr_array_add (argv, (char *) cli_path);
  if (g_strcmp0 (args[0], "--context") == 0)
    {
      /* a global option: before the subcommand */
      g_ptr_array_add (argv, (char *) args[0]);
      g_ptr_array_add (argv, (char *) args[1]);
      first = 2;
    }
  g_ptr_array_add (argv, (char *) "deploy");
  for (guint i = first; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", sim->kubeconfig, TRUE);
  if (hf_token != NULL)
    g_subprocess_launcher_setenv (launcher, "HF_TOKEN", hf_token, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "HF_TOKEN");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (proc, NULL, run_done_cb, &done);
  g_assert_true (kf_test_sim_wait (&done, 60000));
  {
    g_autoptr(GInputStream) out = g_object_ref (g_subprocess_get_stdout_pipe (proc));
    g_autoptr(GInputStream) err = g_object_ref (g_subprocess_get_stderr_pipe (proc));
    char buf[16384];
    gssize n;

    n = g_input_stream_read (out, buf, sizeof buf - 1, NULL, NULL);
    run->out = g_strndup (buf, MAX (n, 0));
    n = g_input_stream_read (err, buf, sizeof buf - 1, NULL, NULL);
    run->err = g_strndup (buf, MAX (n, 0));
  }
  run->status = g_subprocess_get_exit_status (proc);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

static void
run_cli (KfTestSim          *sim,
         Run                *run,
         const char * const *args)
{
  run_cli_env (sim, run, NULL, args);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
test_creates (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  const char *args[] = { "--provider", "kaito", "--model", "Qwen/Qwen3-0.6B", "--engine", "vllm",
                         "--name", "cli-made", "--namespace", "cli-ns", NULL };
  const char *viewer[] = { "--context", "kubefoundry-sim-viewer", "--provider", "dynamo", "--model",
                           "Qwen/Qwen3-0.6B", "--name", "nope", NULL };
  Run run = { 0 };
  guint status;
  g_autoptr(JsonNode) ws = NULL;
  g_autoptr(JsonNode) svc = NULL;

  run_cli (sim, &run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Workspace/cli-made created in namespace cli-ns"));
  g_assert_nonnull (strstr (run.out, "Service/"));
  ws = kf_test_sim_request (sim, "admin", "GET", "/apis/kaito.sh/v1beta1/namespaces/cli-ns/workspaces/cli-made",
                            NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  run_clear (&run);

  /* the second time: 409, reported at --name, exit 1 */
  run_cli (sim, &run, args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--name: A deployment named cli-made already exists in cli-ns"));
  run_clear (&run);

  /* --context: the read-only viewer is refused */
  run_cli (sim, &run, viewer);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "may not create"));
  run_clear (&run);
}


static char *
secret_token (KfTestSim  *sim,
              const char *ns,
              const char *name,
              guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/namespaces/%s/secrets/%s", ns, name);
  g_autoptr(JsonNode) secret = kf_test_sim_request (sim, "admin", "GET", path, NULL, NULL, status);
  JsonObject *data;
  gsize len;
  g_autofree guchar *decoded = NULL;

  if (*status != 200)
    return NULL;
  data = json_object_get_object_member (json_node_get_object (secret), "data");
  decoded = g_base64_decode (json_object_get_string_member (data, "HF_TOKEN"), &len);
  return g_strndup ((const char *) decoded, len);
}

/* Gated models get the token Secret (from HF_TOKEN), under --hf-token-secret's
 * name; the token is never printed; without a token the user is warned. */
static void
test_hf_secret (void)
{
  const char *token = "hf_CliTokenNeverPrinted42";
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  const char *gated[] = { "--provider", "dynamo", "--model", "meta-llama/Llama-3.2-1B-Instruct",
                          "--name", "llama-cli", "--namespace", "cli-gated", NULL };
  const char *named[] = { "--provider", "kuberay", "--model", "meta-llama/Llama-3.2-1B-Instruct",
                          "--name", "llama-ray", "--namespace", "cli-named", "--hf-token-secret", "my-hf", NULL };
  const char *open_model[] = { "--provider", "dynamo", "--model", "Qwen/Qwen3-0.6B",
                               "--name", "qwen-cli", "--namespace", "cli-open", NULL };
  const char *asked[] = { "--provider", "dynamo", "--model", "Qwen/Qwen3-0.6B", "--create-hf-secret",
                          "--name", "qwen-asked", "--namespace", "cli-asked", NULL };
  const char *no_token[] = { "--provider", "dynamo", "--model", "mistralai/Mistral-7B-Instruct-v0.3",
                             "--name", "mistral-cli", "--namespace", "cli-none", NULL };
  g_autofree char *got = NULL;
  g_autoptr(JsonNode) dgd = NULL;
  Run run = { 0 };
  guint status;

  /* gated (catalog) + HF_TOKEN: the default Secret, referenced by the CR */
  run_cli_env (sim, &run, token, gated);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Secret/hf-token-secret created or updated in namespace cli-gated"));
  g_assert_null (strstr (run.out, token));
  g_assert_null (strstr (run.err, token));
  got = secret_token (sim, "cli-gated", "hf-token-secret", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (got, ==, token);
  g_clear_pointer (&got, g_free);
  dgd = kf_test_sim_request (sim, "admin", "GET", "/apis/nvidia.com/v1alpha1/namespaces/cli-gated/dynamographdeployments/llama-cli",
                             NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  run_clear (&run);

  /* --hf-token-secret names it (and the RayService refers to that name) */
  run_cli_env (sim, &run, token, named);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Secret/my-hf"));
  got = secret_token (sim, "cli-named", "my-hf", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (got, ==, token);
  g_clear_pointer (&got, g_free);
  got = secret_token (sim, "cli-named", "hf-token-secret", &status);
  g_assert_cmpuint (status, ==, 404);
  run_clear (&run);

  /* a model that is not gated: no Secret, unless asked for */
  run_cli_env (sim, &run, token, open_model);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "Secret/"));
  got = secret_token (sim, "cli-open", "hf-token-secret", &status);
  g_assert_cmpuint (status, ==, 404);
  run_clear (&run);
  run_cli_env (sim, &run, token, asked);
  g_assert_cmpint (run.status, ==, 0);
  got = secret_token (sim, "cli-asked", "hf-token-secret", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (got, ==, token);
  g_clear_pointer (&got, g_free);
  run_clear (&run);

  /* gated, no HF_TOKEN and nothing in the (test) keyring: created, with a warning */
  run_cli_env (sim, &run, NULL, no_token);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "needs a HuggingFace token and none was found"));
  g_assert_nonnull (strstr (run.err, "fail to download"));
  got = secret_token (sim, "cli-none", "hf-token-secret", &status);
  g_assert_cmpuint (status, ==, 404);
  run_clear (&run);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  cli_path = argv[1];
  g_test_add_func ("/cli/deploy/on-sim", test_creates);
  g_test_add_func ("/cli/deploy/hf-secret", test_hf_secret);
  return g_test_run ();
}
