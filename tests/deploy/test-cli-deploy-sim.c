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
run_cli (KfTestSim          *sim,
         Run                *run,
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  cli_path = argv[1];
  g_test_add_func ("/cli/deploy/on-sim", test_creates);
  return g_test_run ();
}
