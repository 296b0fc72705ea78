/* test-sim-main.c: the kubefoundry-sim program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kf-test-sim.h"

typedef struct
{
  gboolean  done;
  char     *line;
} LineData;

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  LineData *d = user_data;

  d->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  d->done = TRUE;
}

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
test_serves_until_sigterm (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kf-sim-main-XXXXXX", &error);
  g_autofree char *kubeconfig = g_build_filename (dir, "config", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  LineData d = { 0 };
  gboolean exited = FALSE;
  guint port = 0;
  g_autofree char *server_line = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("KF_SIM_BINARY"),
                           "--port", "0", "--kubeconfig", kubeconfig, "--speed", "5", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_cb, &d);
  g_assert_true (kf_test_sim_wait (&d.done, 60000));
  g_assert_nonnull (d.line);
  g_assert_true (g_str_has_prefix (d.line, "listening on https://127.0.0.1:"));
  port = (guint) g_ascii_strtoull (d.line + strlen ("listening on https://127.0.0.1:"), NULL, 10);
  g_assert_cmpuint (port, >, 0);

  /* the kubeconfig is written before the line, private, and points at the server */
  g_assert_true (g_file_get_contents (kubeconfig, &text, NULL, &error));
  server_line = g_strdup_printf ("server: https://127.0.0.1:%u", port);
  g_assert_nonnull (strstr (text, server_line));
  g_assert_nonnull (strstr (text, "name: kubefoundry-sim"));
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (kubeconfig, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0077, ==, 0);
  }

  if (kf_test_sim_kubectl_path () != NULL)
    {
      const char *argv[] = { kf_test_sim_kubectl_path (), "--kubeconfig", kubeconfig, "get", "nodes", "-o", "name", NULL };
      g_autoptr(GSubprocess) kubectl = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      g_autofree char *nodes = NULL;
      gboolean done = FALSE;

      g_assert_no_error (error);
      g_subprocess_wait_async (kubectl, NULL, waited_cb, &done);
      g_assert_true (kf_test_sim_wait (&done, 60000));
      g_assert_true (g_subprocess_get_successful (kubectl));
      {
        g_autoptr(GBytes) bytes = g_input_stream_read_bytes (g_subprocess_get_stdout_pipe (kubectl), 65536, NULL, NULL);
        nodes = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      }
      g_assert_nonnull (strstr (nodes, "node/aks-h100pool-38102744-vmss000000"));
    }

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait_async (proc, NULL, waited_cb, &exited);
  g_assert_true (kf_test_sim_wait (&exited, 30000));
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  g_unlink (kubeconfig);
  g_rmdir (dir);
  g_free (d.line);
}

static void
test_bad_arguments (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kf-sim-main-XXXXXX", &error);
  g_autofree char *scenario = g_build_filename (dir, "bad.yaml", NULL);
  const struct { const char *arg1, *arg2; int status; const char *message; } cases[] = {
    { "--speed", "-1", 2, "--speed" },
    { "--scenario", scenario, 1, "unknown runtime \"openshift\"" },
    { "--scenario", "/nonexistent/scenario.yaml", 1, "/nonexistent/scenario.yaml" },
  };

  g_assert_true (g_file_set_contents (scenario, "runtimes: [openshift]\n", -1, &error));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                                      g_getenv ("KF_SIM_BINARY"), cases[i].arg1, cases[i].arg2, NULL);
      g_autofree char *out = NULL, *err = NULL;

      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, cases[i].status);
      g_assert_cmpstr (out, ==, "");
      if (strstr (err, cases[i].message) == NULL)
        g_error ("case %u: \"%s\" does not mention %s", i, err, cases[i].message);
    }
  g_unlink (scenario);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/main/serves-until-sigterm", test_serves_until_sigterm);
  g_test_add_func ("/sim/main/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
