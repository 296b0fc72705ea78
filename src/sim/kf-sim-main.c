/* kf-sim-main.c: kubefoundry-sim, the simulated cluster as a program
 *
 *   kubefoundry-sim [--port N] [--kubeconfig PATH] [--scenario PATH]
 *                   [--speed FACTOR] [--plain-http] [--crds DIR]
 *
 * Prints exactly one line "listening on URL" on stdout once ready and serves
 * until SIGINT or SIGTERM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "kf-sim-server.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KfSimServer) server = NULL;
  g_autoptr(KfSimScenario) scenario = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *written = NULL;
  int port = 0;
  double speed = 1.0;
  gboolean plain_http = FALSE;
  g_autofree char *kubeconfig = NULL;
  g_autofree char *scenario_path = NULL;
  g_autofree char *crds_dir = NULL;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port to listen on (0: a free one)", "N" },
    { "kubeconfig", 0, 0, G_OPTION_ARG_FILENAME, &kubeconfig, "Write a kubeconfig for this cluster to PATH", "PATH" },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path, "Scenario file (YAML); default: the built-in one", "PATH" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Simulated time runs FACTOR times faster", "FACTOR" },
    { "plain-http", 0, 0, G_OPTION_ARG_NONE, &plain_http, "Serve plain HTTP instead of HTTPS", NULL },
    { "crds", 0, 0, G_OPTION_ARG_FILENAME, &crds_dir, "Folder of the runtimes' CRD files (default: $KF_SIM_CRDS_DIR or the installed ones)", "DIR" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("- a simulated Kubernetes cluster with GPU nodes and LLM operators");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kubefoundry-sim: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || speed <= 0 || speed > 10000)
    {
      g_printerr ("kubefoundry-sim: --port must be 0-65535 and --speed between 0 and 10000\n");
      return 2;
    }
  if (scenario_path != NULL)
    {
      scenario = kf_sim_scenario_load (scenario_path, &error);
      if (scenario == NULL)
        {
          g_printerr ("kubefoundry-sim: %s\n", error->message);
          return 1;
        }
    }

  server = kf_sim_server_new (g_steal_pointer (&scenario), speed, plain_http);
  if (crds_dir != NULL)
    kf_sim_server_set_crds_dir (server, crds_dir);
  if (!kf_sim_server_start (server, (guint) port, &error))
    {
      g_printerr ("kubefoundry-sim: %s\n", error->message);
      return 1;
    }
  if (kubeconfig != NULL)
    {
      written = kf_sim_server_write_kubeconfig (server, kubeconfig, &error);
      if (written == NULL)
        {
          g_printerr ("kubefoundry-sim: cannot write the kubeconfig: %s\n", error->message);
          return 1;
        }
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  printf ("listening on %s\n", kf_sim_server_get_url (server));
  fflush (stdout);
  g_main_loop_run (loop);
  kf_sim_server_stop (server);
  return 0;
}
