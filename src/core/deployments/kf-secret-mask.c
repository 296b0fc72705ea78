/* kf-secret-mask.c: hide secret values before an object is shown or saved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deployments"

#include "config.h"

#include <string.h>

#include "kf-secret-mask.h"

static const char *const secret_words[] = {
  "TOKEN", "PASSWORD", "PASSWD", "SECRET", "KEY", "CREDENTIAL", "PRIVATE", "AUTH", "PWD", "CERT",
};

gboolean
kf_secret_mask_is_secret_name (const char *name)
{
  g_autofree char *upper = NULL;

  if (name == NULL)
    return FALSE;
  upper = g_ascii_strup (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (secret_words); i++)
    if (strstr (upper, secret_words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* "hf_" followed by at least 30 letters/digits, anywhere in the string */
static gboolean
looks_like_hf_token (const char *s)
{
  for (const char *p = strstr (s, "hf_"); p != NULL; p = strstr (p + 1, "hf_"))
    {
      guint n = 0;

      if (p > s && g_ascii_isalnum (p[-1]))
        continue;
      for (const char *q = p + 3; g_ascii_isalnum (*q); q++)
        n++;
      if (n >= 30)
        return TRUE;
    }
  return FALSE;
}

static void mask_node (JsonNode *node);

static void
mask_all_values (JsonObject *object)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    json_node_set_string (value, KF_SECRET_MASK);
}

static void
mask_object (JsonObject *object)
{
  JsonNode *kind = json_object_get_member (object, "kind");
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (kind != NULL && JSON_NODE_HOLDS_VALUE (kind) && g_strcmp0 (json_node_get_string (kind), "Secret") == 0)
    {
      JsonNode *meta = json_object_get_member (object, "metadata");

      for (const char *const *m = (const char *const[]) { "data", "stringData", NULL }; *m; m++)
        {
          JsonNode *data = json_object_get_member (object, *m);

          if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
            mask_all_values (json_node_get_object (data));
          else if (data != NULL)
            json_node_set_string (data, KF_SECRET_MASK);
        }
      if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
        {
          JsonNode *ann = json_object_get_member (json_node_get_object (meta), "annotations");

          if (ann != NULL && JSON_NODE_HOLDS_OBJECT (ann) &&
              json_object_has_member (json_node_get_object (ann), "kubectl.kubernetes.io/last-applied-configuration"))
            json_object_set_string_member (json_node_get_object (ann),
                                           "kubectl.kubernetes.io/last-applied-configuration", KF_SECRET_MASK);
        }
    }

  /* env: [{name: HF_TOKEN, value: …}] */
  {
    JsonNode *name = json_object_get_member (object, "name");
    JsonNode *val = json_object_get_member (object, "value");

    if (name != NULL && val != NULL && JSON_NODE_HOLDS_VALUE (name) &&
        json_node_get_value_type (name) == G_TYPE_STRING && JSON_NODE_HOLDS_VALUE (val) &&
        kf_secret_mask_is_secret_name (json_node_get_string (name)))
      json_node_set_string (val, KF_SECRET_MASK);
  }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    mask_node (value);
}

static void
mask_node (JsonNode *node)
{
  if (node == NULL)
    return;
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      mask_object (json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (a); i++)
          mask_node (json_array_get_element (a, i));
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING && looks_like_hf_token (json_node_get_string (node)))
        json_node_set_string (node, KF_SECRET_MASK);
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

JsonNode *
kf_secret_mask_json (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;
  copy = json_node_copy (node);
  /* json_node_copy shares object/array contents: rebuild deeply */
  {
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *text = NULL;
    gsize len = 0;

    json_generator_set_root (gen, copy);
    text = json_generator_to_data (gen, &len);
    json_node_unref (copy);
    if (!json_parser_load_from_data (parser, text, (gssize) len, NULL) || json_parser_get_root (parser) == NULL)
      return json_node_new (JSON_NODE_NULL);
    copy = json_node_copy (json_parser_get_root (parser));
  }
  mask_node (copy);
  return copy;
}
