/* bench-kubeconfig.c: loading a large kubeconfig, side by side with kubectl on the same file
 *
 * Prints: our in-process load (parse, merge, validate, context list), our CLI
 * (`kubefoundry-cli contexts -o json`, process start included) and
 * `kubectl config get-contexts -o name` (process start included), best of N runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-kubeconfig.h"
#include "kc-test-util.h"

#define N_CONTEXTS 1000
#define RUNS 5

static char *
make_config (const char *dir)
{
  g_autoptr(GString) yaml = g_string_new ("apiVersion: v1\nkind: Config\ncurrent-context: ctx-0\nclusters:\n");
  const char *pem = "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJ\n-----END CERTIFICATE-----\n";
  g_autofree char *ca = g_base64_encode ((const guchar *) pem, strlen (pem));

  for (guint i = 0; i < N_CONTEXTS; i++)
    g_string_append_printf (yaml, "- name: cluster-%u\n  cluster:\n    server: https://10.0.%u.%u:6443\n"
                                  "    certificate-authority-data: %s\n", i, i / 250, i % 250, ca);
  g_string_append (yaml, "users:\n");
  for (guint i = 0; i < N_CONTEXTS; i++)
    g_string_append_printf (yaml, "- name: user-%u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                                  "      command: aws\n      args: [eks, get-token, --cluster-name, c%u]\n"
                                  "      env: [{name: AWS_PROFILE, value: p%u}]\n", i, i, i);
  g_string_append (yaml, "contexts:\n");
  for (guint i = 0; i < N_CONTEXTS; i++)
    g_string_append_printf (yaml, "- name: ctx-%u\n  context: {cluster: cluster-%u, user: user-%u, namespace: ns-%u}\n",
                            i, i, i, i);
  return kc_write (dir, "config", yaml->str);
}

static double
time_process (const char * const *argv,
              const char         *kubeconfig)
{
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                           G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_subprocess_launcher_setenv (launcher, "KUBECONFIG", kubeconfig, TRUE);
      process = g_subprocess_launcher_spawnv (launcher, argv, &error);
      if (process == NULL || !g_subprocess_wait_check (process, NULL, &error))
        {
          fprintf (stderr, "%s: %s\n", argv[0], error->message);
          return -1;
        }
      best = MIN (best, (g_get_monotonic_time () - start) / 1000.0);
    }
  return best;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *path = make_config (dir);
  g_autofree char *cli = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "..", "src", "cli", "kubefoundry-cli", NULL);
  g_autofree char *kubectl = g_find_program_in_path ("kubectl");
  const char *paths[] = { path, NULL };
  double in_process = G_MAXDOUBLE;
  double ours_cli;
  double theirs = -1;
  guint n = 0;

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);
      gint64 start = g_get_monotonic_time ();

      kf_kubeconfig_load (kubeconfig);
      in_process = MIN (in_process, (g_get_monotonic_time () - start) / 1000.0);
      n = g_list_model_get_n_items (kf_kubeconfig_get_contexts (kubeconfig));
    }
  g_assert_cmpuint (n, ==, N_CONTEXTS);

  {
    const char *cli_argv[] = { cli, "-o", "json", "contexts", NULL };
    ours_cli = time_process (cli_argv, path);
  }
  if (kubectl != NULL)
    {
      const char *kubectl_argv[] = { kubectl, "config", "get-contexts", "-o", "name", NULL };
      theirs = time_process (kubectl_argv, path);
    }

  printf ("kubeconfig with %d clusters, users (exec) and contexts, best of %d runs\n", N_CONTEXTS, RUNS);
  printf ("  KfKubeconfig load (in process)             %8.1f ms\n", in_process);
  printf ("  kubefoundry-cli -o json contexts (process) %8.1f ms\n", ours_cli);
  if (theirs >= 0)
    printf ("  kubectl config get-contexts -o name        %8.1f ms   (ratio CLI/kubectl %.2f)\n", theirs, ours_cli / theirs);
  else
    printf ("  kubectl not found: no reference figure\n");

  kc_rm_rf (dir);
  return 0;
}
