/* kf-model-catalog.c: the curated model catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-model-catalog"

#include "config.h"

#include <string.h>
#include <math.h>

#include "kf-model-catalog.h"
#include "kf-models-resources.h"

#define CATALOG_PATH "/io/github/kubefoundry/KubeFoundry/core/kf-models-catalog.json"

void
kf_models_resources_ensure (void)
{
  static gsize registered = 0;

  /* Compiled with --manual-register and registered here explicitly: in a
   * static library nothing may rely on a resource constructor running. */
  if (g_once_init_enter (&registered))
    {
      kf_models_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

guint64
kf_parse_memory_size (const char *text)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return 0;
  value = g_ascii_strtod (text, &end);
  if (end == text || value < 0 || !isfinite (value))
    return 0;
  while (*end == ' ')
    end++;
  if (g_ascii_strcasecmp (end, "GB") == 0 || g_ascii_strcasecmp (end, "G") == 0)
    return (guint64) llround (value * 1e9);
  if (g_ascii_strcasecmp (end, "GiB") == 0 || g_ascii_strcasecmp (end, "Gi") == 0)
    return (guint64) llround (value * 1073741824.0);
  if (g_ascii_strcasecmp (end, "MB") == 0)
    return (guint64) llround (value * 1e6);
  if (g_ascii_strcasecmp (end, "MiB") == 0 || g_ascii_strcasecmp (end, "Mi") == 0)
    return (guint64) llround (value * 1048576.0);
  return 0;
}

static const char *
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            const char  *entry,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                     "Catalog entry %s has no “%s”", entry ? entry : "(without id)", member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                   "Catalog entry %s: “%s” must be a string", entry ? entry : "(without id)", member);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
get_uint (JsonObject  *object,
          const char  *member,
          guint       *out,
          const char  *entry,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (v = json_node_get_int (node)) < 0 || v > G_MAXUINT)
    {
      g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                   "Catalog entry %s: “%s” must be a non-negative integer", entry, member);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

KfModel *
kf_model_new_from_catalog_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(KfModel) model = NULL;
  GError *local = NULL;
  const char *id, *name, *s;
  JsonNode *node;
  guint context = 0, min_gpus = 1;
  KfEngines engines = KF_ENGINES_NONE;

  id = get_string (object, "id", TRUE, NULL, error);
  if (id == NULL)
    return NULL;
  name = get_string (object, "name", TRUE, id, error);
  if (name == NULL)
    return NULL;

  model = kf_model_new (id, name);
  kf_model_set_source (model, KF_MODEL_SOURCE_CURATED);

#define OPT_STRING(member, setter)                                  \
  s = get_string (object, member, FALSE, id, &local);               \
  if (local) { g_propagate_error (error, local); return NULL; }     \
  setter (model, s);

  OPT_STRING ("description", kf_model_set_description);
  OPT_STRING ("size", kf_model_set_size);
  OPT_STRING ("task", kf_model_set_task);
  OPT_STRING ("license", kf_model_set_license);
  OPT_STRING ("architecture", kf_model_set_architecture);
#undef OPT_STRING

  if (!get_uint (object, "contextLength", &context, id, error) ||
      !get_uint (object, "minGpus", &min_gpus, id, error))
    return NULL;
  kf_model_set_context_length (model, context);
  kf_model_set_min_gpus (model, min_gpus);

  s = get_string (object, "minGpuMemory", FALSE, id, &local);
  if (local)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (s != NULL)
    {
      guint64 bytes = kf_parse_memory_size (s);
      if (bytes == 0)
        {
          g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                       "Catalog entry %s: “minGpuMemory” “%s” is not a size such as “16GB”", id, s);
          return NULL;
        }
      kf_model_set_min_gpu_memory (model, bytes);
    }

  node = json_object_get_member (object, "parameterCount");
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_int (node) > 0)
    kf_model_set_parameter_count (model, (guint64) json_node_get_int (node));

  node = json_object_get_member (object, "gated");
  if (node && JSON_NODE_HOLDS_VALUE (node))
    kf_model_set_gated (model, json_node_get_boolean (node));

  node = json_object_get_member (object, "engines");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                   "Catalog entry %s: “engines” must be a non-empty list", id);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      const char *e = json_array_get_string_element (json_node_get_array (node), i);
      KfEngines flag = kf_engines_from_name (e);

      if (flag == KF_ENGINES_NONE)
        {
          g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                       "Catalog entry %s: unknown engine “%s” (use vllm, sglang, trtllm or llamacpp)",
                       id, e ? e : "(not a string)");
          return NULL;
        }
      engines |= flag;
    }
  kf_model_set_engines (model, engines);

  node = json_object_get_member (object, "config");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    kf_model_set_config (model, json_node_get_object (node));

  node = json_object_get_member (object, "premade");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *p = json_node_get_object (node);
      const char *pid = json_object_get_string_member_with_default (p, "id", NULL);
      const char *image = json_object_get_string_member_with_default (p, "image", NULL);

      if (pid == NULL || image == NULL)
        {
          g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                       "Catalog entry %s: “premade” needs an “id” and an “image”", id);
          return NULL;
        }
      kf_model_set_premade (model, pid, image,
                            json_object_get_string_member_with_default (p, "modelName", NULL),
                            json_object_get_boolean_member_with_default (p, "deprecated", FALSE),
                            json_object_get_string_member_with_default (p, "replacement", NULL));
    }

  return g_steal_pointer (&model);
}

GListStore *
kf_model_catalog_load_from_data (const char  *data,
                                 gssize       length,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GListStore) store = g_list_store_new (KF_TYPE_MODEL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GError *local = NULL;
  JsonNode *root, *models;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                   "The model catalog is not valid JSON: %s", local->message);
      g_error_free (local);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                           "The model catalog must be a JSON object with a “models” list");
      return NULL;
    }
  models = json_object_get_member (json_node_get_object (root), "models");
  if (models == NULL || !JSON_NODE_HOLDS_ARRAY (models))
    {
      g_set_error_literal (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                           "The model catalog has no “models” list");
      return NULL;
    }
  array = json_node_get_array (models);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autoptr(KfModel) model = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                       "Model catalog entry %u is not an object", i + 1);
          return NULL;
        }
      model = kf_model_new_from_catalog_json (json_node_get_object (item), error);
      if (model == NULL)
        return NULL;
      if (!g_hash_table_add (seen, (gpointer) kf_model_get_id (model)))
        {
          g_set_error (error, KF_MODEL_ERROR, KF_MODEL_ERROR_INVALID,
                       "Model catalog lists %s twice", kf_model_get_id (model));
          return NULL;
        }
      g_list_store_append (store, model);
    }
  return g_steal_pointer (&store);
}

GListStore *
kf_model_catalog_load (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  kf_models_resources_ensure ();
  bytes = g_resources_lookup_data (CATALOG_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return kf_model_catalog_load_from_data (data, (gssize) size, error);
}

KfModel *
kf_model_catalog_lookup (GListModel *models,
                         const char *id)
{
  guint n = g_list_model_get_n_items (models);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KfModel) m = g_list_model_get_item (models, i);
      if (g_strcmp0 (kf_model_get_id (m), id) == 0)
        return m;   /* the list keeps it alive */
    }
  return NULL;
}
