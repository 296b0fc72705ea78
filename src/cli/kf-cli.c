/* kf-cli.c: kubefoundry-cli, the core library for scripts and headless checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "kf-cli.h"
#include "kf-cli-contexts.h"
#include "kf-cli-deploy.h"
#include "kf-cli-models.h"

static const KfCliCommand commands[] = {
  /* subcommands register here, sorted by name */
  { "contexts", "list the kubeconfig contexts (current marked, errors shown)", kf_cli_contexts },
  { "deploy", "generate a deployment on Dynamo, KubeRay or KAITO (--dry-run prints it)", kf_cli_deploy },
  { "fit", "estimate the GPU memory a model needs and where it fits", kf_cli_fit },
  { "models", "list the curated models or search HuggingFace", kf_cli_models },
  { NULL, NULL, NULL }
};

void
kf_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

int
kf_cli_fail (const GError *error)
{
  g_printerr ("kubefoundry-cli: %s\n", error->message);
  return 1;
}

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage: kubefoundry-cli [--context NAME] [-n NAMESPACE] [-o text|json|yaml] COMMAND [ARGS…]\n"
           "\n"
           "Deploy and operate large language models on Kubernetes from scripts.\n"
           "\n"
           "Global options:\n"
           "  --context NAME      use this kubeconfig context instead of the current one\n"
           "  -n, --namespace NS  work in this namespace\n"
           "  -o, --output FMT    text (default), json or yaml\n"
           "  --version           print the version and exit\n"
           "  -h, --help          print this help and exit\n"
           "\n"
           "Commands:\n");
  for (const KfCliCommand *c = commands; c->name != NULL; c++)
    fprintf (out, "  %-14s %s\n", c->name, c->summary);
  if (commands[0].name == NULL)
    fprintf (out, "  (none yet)\n");
}

static gboolean
parse_output (const char  *value,
              KfCliOutput *output)
{
  if (g_str_equal (value, "text") || g_str_equal (value, "wide"))
    *output = KF_CLI_OUTPUT_TEXT;
  else if (g_str_equal (value, "json"))
    *output = KF_CLI_OUTPUT_JSON;
  else if (g_str_equal (value, "yaml"))
    *output = KF_CLI_OUTPUT_YAML;
  else
    return FALSE;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  KfCliGlobals globals = { 0 };
  int i;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the subcommand; the subcommand parses the rest. */
  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--version"))
        {
          printf ("kubefoundry-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else if (g_str_equal (arg, "-h") || g_str_equal (arg, "--help") || g_str_equal (arg, "help"))
        {
          print_usage (stdout);
          return 0;
        }
      else if ((g_str_equal (arg, "--context") || g_str_equal (arg, "-n") || g_str_equal (arg, "--namespace") ||
                g_str_equal (arg, "-o") || g_str_equal (arg, "--output")) && i + 1 < argc)
        {
          const char *value = argv[++i];

          if (g_str_equal (arg, "--context"))
            globals.context = g_strdup (value);
          else if (arg[1] == 'n' || g_str_equal (arg, "--namespace"))
            globals.namespace = g_strdup (value);
          else if (!parse_output (value, &globals.output))
            {
              fprintf (stderr, "kubefoundry-cli: unknown output format “%s” (use text, json or yaml)\n", value);
              return 2;
            }
        }
      else if (g_str_has_prefix (arg, "--context="))
        globals.context = g_strdup (arg + strlen ("--context="));
      else if (g_str_has_prefix (arg, "-o") && arg[2] != '\0' && parse_output (arg + 2, &globals.output))
        ;
      else if (arg[0] == '-')
        {
          fprintf (stderr, "kubefoundry-cli: unknown option “%s”\n\n", arg);
          print_usage (stderr);
          return 2;
        }
      else
        break;
    }

  if (i >= argc)
    {
      print_usage (stderr);
      return 2;
    }

  status = -1;
  for (const KfCliCommand *c = commands; c->name != NULL; c++)
    if (g_str_equal (c->name, argv[i]))
      {
        status = c->func (&globals, argc - i, argv + i);
        break;
      }

  if (status == -1)
    {
      fprintf (stderr, "kubefoundry-cli: unknown command “%s”\n\n", argv[i]);
      print_usage (stderr);
      status = 2;
    }

  g_free (globals.context);
  g_free (globals.namespace);
  return status;
}
