/* kf-cli-models.c: `kubefoundry-cli models` — the curated catalog or a HuggingFace search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-cli-models.h"
#include "kf-model-catalog.h"
#include "kf-hf-client.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static void
print_models (KfCliGlobals *globals,
              GPtrArray    *models)
{
  if (globals->output != KF_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < models->len; i++)
        json_array_add_element (array, kf_model_to_json (g_ptr_array_index (models, i)));
      json_node_take_array (root, array);
      kf_cli_print_json (root);   /* YAML is a superset of JSON */
      return;
    }

  printf ("%-44s %-8s %-8s %-36s %s\n", "ID", "SIZE", "CONTEXT", "ENGINES", "NOTES");
  for (guint i = 0; i < models->len; i++)
    {
      KfModel *m = g_ptr_array_index (models, i);
      g_autofree char *engines = kf_engines_to_display_list (kf_model_get_engines (m));
      g_autofree char *context = kf_model_get_context_length (m) ? g_strdup_printf ("%u", kf_model_get_context_length (m))
                                                                : g_strdup ("-");
      g_autoptr(GString) notes = g_string_new (NULL);

      if (kf_model_get_gated (m))
        g_string_append (notes, "gated ");
      if (kf_model_get_premade_deprecated (m))
        g_string_append_printf (notes, "deprecated image (use %s) ", kf_model_get_premade_replacement (m));
      if (kf_model_get_source (m) == KF_MODEL_SOURCE_HUGGINGFACE)
        g_string_append_printf (notes, "%" G_GUINT64_FORMAT " downloads", kf_model_get_downloads (m));
      printf ("%-44s %-8s %-8s %-36s %s\n", kf_model_get_id (m),
              kf_model_get_size (m) ? kf_model_get_size (m) : "-", context, engines, notes->str);
    }
}

int
kf_cli_models (KfCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *search = NULL;
  g_auto(GStrv) engines = NULL;
  gboolean hf = FALSE;
  int limit = 20;
  KfEngines engine_mask = KF_ENGINES_NONE;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("- list the curated models or search HuggingFace");
  GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, "only models whose name, id or description match", "QUERY" },
    { "engine", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &engines, "only models this engine serves (vllm, sglang, trtllm, llamacpp; repeatable)", "ENGINE" },
    { "hf", 0, 0, G_OPTION_ARG_NONE, &hf, "search HuggingFace ($HF_ENDPOINT) instead of the curated catalog", NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "HuggingFace results per page (default 20)", "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return kf_cli_fail (error);
  for (guint i = 0; engines && engines[i]; i++)
    {
      KfEngines e = kf_engines_from_name (engines[i]);
      if (e == KF_ENGINES_NONE)
        {
          g_printerr ("kubefoundry-cli: unknown engine “%s” (use vllm, sglang, trtllm or llamacpp)\n", engines[i]);
          return 2;
        }
      engine_mask |= e;
    }

  if (hf)
    {
      g_autoptr(KfHfClient) client = kf_hf_client_new (NULL);
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(KfHfSearchPage) page = NULL;
      Wait w = { loop, NULL };

      if (search == NULL || strlen (search) < 2)
        {
          g_printerr ("kubefoundry-cli: --hf needs --search with at least 2 characters\n");
          return 2;
        }
      kf_hf_client_search_async (client, search, (guint) CLAMP (limit, 1, 100), g_getenv ("HF_TOKEN"),
                                 NULL, wait_cb, &w);
      g_main_loop_run (loop);
      page = kf_hf_client_search_finish (client, w.result, &error);
      g_clear_object (&w.result);
      if (page == NULL)
        return kf_cli_fail (error);
      for (guint i = 0; i < page->models->len; i++)
        if (kf_model_matches (g_ptr_array_index (page->models, i), NULL, engine_mask))
          g_ptr_array_add (out, g_object_ref (g_ptr_array_index (page->models, i)));
    }
  else
    {
      g_autoptr(GListStore) catalog = kf_model_catalog_load (&error);

      if (catalog == NULL)
        return kf_cli_fail (error);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
        {
          g_autoptr(KfModel) m = g_list_model_get_item (G_LIST_MODEL (catalog), i);
          if (kf_model_matches (m, search, engine_mask))
            g_ptr_array_add (out, g_steal_pointer (&m));
        }
    }

  print_models (globals, out);
  return 0;
}
