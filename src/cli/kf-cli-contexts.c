/* kf-cli-contexts.c: `kubefoundry-cli contexts`, the kubeconfig contexts as a table or JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-cli-contexts.h"
#include "kf-kubeconfig.h"
#include "kf-yaml.h"

static JsonNode *
contexts_to_json (KfKubeconfig *kubeconfig,
                  GPtrArray    *contexts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char * const *paths = kf_kubeconfig_get_paths (kubeconfig);
  const char * const *errors = kf_kubeconfig_get_errors (kubeconfig);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "currentContext");
  if (kf_kubeconfig_get_current_context (kubeconfig) != NULL)
    json_builder_add_string_value (builder, kf_kubeconfig_get_current_context (kubeconfig));
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; paths[i] != NULL; i++)
    json_builder_add_string_value (builder, paths[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "contexts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < contexts->len; i++)
    {
      KfKubeContext *c = g_ptr_array_index (contexts, i);
      const struct { const char *name; const char *value; } fields[] = {
        { "name", kf_kube_context_get_name (c) },
        { "cluster", kf_kube_context_get_cluster (c) },
        { "server", kf_kube_context_get_server (c) },
        { "user", kf_kube_context_get_user (c) },
        { "namespace", kf_kube_context_get_namespace (c) },
        { "file", kf_kube_context_get_file (c) },
        { "error", kf_kube_context_get_error (c) },
      };

      json_builder_begin_object (builder);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          json_builder_set_member_name (builder, fields[f].name);
          if (fields[f].value != NULL)
            json_builder_add_string_value (builder, fields[f].value);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_set_member_name (builder, "current");
      json_builder_add_boolean_value (builder, kf_kube_context_get_is_current (c));
      json_builder_set_member_name (builder, "insecureSkipTLSVerify");
      json_builder_add_boolean_value (builder, kf_kube_context_get_insecure (c));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; errors[i] != NULL; i++)
    json_builder_add_string_value (builder, errors[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_padded (const char *text,
              guint       width,
              gboolean    last)
{
  const char *value = text ? text : "";

  if (last)
    g_print ("%s\n", value);
  else
    g_print ("%s%*s", value, (int) (width - g_utf8_strlen (value, -1) + 3), "");
}

static void
print_table (KfKubeconfig *kubeconfig,
             GPtrArray    *contexts)
{
  static const char *const headers[] = { "CURRENT", "NAME", "CLUSTER", "SERVER", "USER", "NAMESPACE" };
  guint widths[G_N_ELEMENTS (headers)];
  gboolean any_error = FALSE;
  const char * const *errors = kf_kubeconfig_get_errors (kubeconfig);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
    widths[h] = strlen (headers[h]);
  for (guint i = 0; i < contexts->len; i++)
    {
      KfKubeContext *c = g_ptr_array_index (contexts, i);
      const char *cells[] = { NULL, kf_kube_context_get_name (c), kf_kube_context_get_cluster (c),
                              kf_kube_context_get_server (c), kf_kube_context_get_user (c),
                              kf_kube_context_get_namespace (c) };

      for (guint h = 1; h < G_N_ELEMENTS (headers); h++)
        widths[h] = MAX (widths[h], cells[h] ? (guint) g_utf8_strlen (cells[h], -1) : 0);
    }

  for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
    print_padded (headers[h], widths[h], h + 1 == G_N_ELEMENTS (headers));
  for (guint i = 0; i < contexts->len; i++)
    {
      KfKubeContext *c = g_ptr_array_index (contexts, i);
      const char *cells[] = { kf_kube_context_get_is_current (c) ? "*" : (kf_kube_context_get_error (c) ? "!" : ""),
                              kf_kube_context_get_name (c), kf_kube_context_get_cluster (c),
                              kf_kube_context_get_server (c), kf_kube_context_get_user (c),
                              kf_kube_context_get_namespace (c) };

      for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
        print_padded (cells[h], widths[h], h + 1 == G_N_ELEMENTS (headers));
      any_error |= kf_kube_context_get_error (c) != NULL;
    }

  if (any_error)
    {
      g_print ("\nContexts that cannot be used:\n");
      for (guint i = 0; i < contexts->len; i++)
        {
          KfKubeContext *c = g_ptr_array_index (contexts, i);

          if (kf_kube_context_get_error (c) == NULL)
            continue;
          g_print ("  %s: %s\n", kf_kube_context_get_name (c), kf_kube_context_get_error (c));
          g_hash_table_add (shown, (gpointer) kf_kube_context_get_error (c));
        }
    }
  /* problems that no listed context shows (unused entries, unreadable files) */
  for (guint i = 0; errors[i] != NULL; i++)
    if (!g_hash_table_contains (shown, errors[i]))
      g_printerr ("warning: %s\n", errors[i]);
}

int
kf_cli_contexts (KfCliGlobals  *globals,
                 int            argc,
                 char         **argv)
{
  g_autoptr(KfKubeconfig) kubeconfig = NULL;
  g_autoptr(GPtrArray) contexts = g_ptr_array_new_with_free_func (g_object_unref);
  const char *only = NULL;
  GListModel *model;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "--help"))
        {
          g_print ("Usage: kubefoundry-cli [-o text|json|yaml] contexts [NAME]\n\n"
                   "Lists the contexts of the kubeconfig files in $KUBECONFIG (default ~/.kube/config),\n"
                   "merged as kubectl does; the current one is marked with *, unusable ones with !.\n");
          return 0;
        }
      if (argv[i][0] == '-' || only != NULL)
        {
          g_printerr ("kubefoundry-cli contexts: unexpected argument “%s”\n", argv[i]);
          return 2;
        }
      only = argv[i];
    }
  if (only == NULL)
    only = globals->context;

  kubeconfig = kf_kubeconfig_new ();
  kf_kubeconfig_load (kubeconfig);
  model = kf_kubeconfig_get_contexts (kubeconfig);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KfKubeContext) c = g_list_model_get_item (model, i);

      if (only == NULL || g_strcmp0 (kf_kube_context_get_name (c), only) == 0)
        g_ptr_array_add (contexts, g_steal_pointer (&c));
    }
  if (only != NULL && contexts->len == 0)
    {
      g_autoptr(GError) error = g_error_new (KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_NO_CONTEXT,
                                             "no context named “%s”", only);
      return kf_cli_fail (error);
    }

  switch (globals->output)
    {
    case KF_CLI_OUTPUT_JSON:
      {
        g_autoptr(JsonNode) node = contexts_to_json (kubeconfig, contexts);
        kf_cli_print_json (node);
      }
      break;
    case KF_CLI_OUTPUT_YAML:
      {
        g_autoptr(JsonNode) node = contexts_to_json (kubeconfig, contexts);
        g_autoptr(GError) error = NULL;
        g_autofree char *text = kf_yaml_emit (node, &error);

        if (text == NULL)
          return kf_cli_fail (error);
        g_print ("%s", text);
      }
      break;
    case KF_CLI_OUTPUT_TEXT:
    default:
      if (g_list_model_get_n_items (model) == 0)
        {
          g_autofree char *files = g_strjoinv (":", (char **) kf_kubeconfig_get_paths (kubeconfig));
          g_printerr ("No contexts in %s\n", files);
        }
      print_table (kubeconfig, contexts);
      break;
    }
  return 0;
}
