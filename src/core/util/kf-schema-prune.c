/* kf-schema-prune.c: pruning of undeclared fields and defaulting, as the
 * API server does to custom resources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-schema"

#include "config.h"

#include <string.h>

#include "kf-schema.h"
#include "kf-schema-private.h"

/* ------------------------------------------------------------------------ */
/* Pruning and defaulting                                                    */

typedef struct
{
  GPtrArray *pruned;
  guint      count;
} PruneState;

static void prune_node (PruneState *st,
                        JsonObject *schema,
                        GString    *path,
                        JsonNode   *data,
                        guint       depth,
                        gboolean    keep_meta);

static gboolean
schema_nullable (JsonObject *schema)
{
  return member_true (schema, "nullable");
}

static void
prune_node (PruneState *st,
            JsonObject *schema,
            GString    *path,
            JsonNode   *data,
            guint       depth,
            gboolean    keep_meta)
{
  if (depth > KF_SCHEMA_MAX_DEPTH || schema == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *obj = json_node_get_object (data);
      JsonObject *props = member_object (schema, "properties");
      JsonNode *additional = json_object_get_member (schema, "additionalProperties");
      gboolean preserve = member_true (schema, "x-kubernetes-preserve-unknown-fields");
      gboolean embedded = member_true (schema, "x-kubernetes-embedded-resource");
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          JsonNode *value = json_object_get_member (obj, key);
          JsonObject *sub = props != NULL ? member_object (props, key) : NULL;
          gsize len = path->len;

          if (sub == NULL && additional != NULL && JSON_NODE_HOLDS_OBJECT (additional))
            sub = json_node_get_object (additional);

          if ((keep_meta || embedded) &&
              (g_str_equal (key, "apiVersion") || g_str_equal (key, "kind") || g_str_equal (key, "metadata")))
            {
              /* kept as is; metadata is ObjectMeta, not the schema's business */
              if (sub != NULL && !g_str_equal (key, "metadata"))
                {
                  g_string_append_printf (path, "%s%s", path->len > 0 ? "." : "", key);
                  prune_node (st, sub, path, value, depth + 1, FALSE);
                  g_string_truncate (path, len);
                }
              continue;
            }

          if (sub != NULL)
            {
              if (JSON_NODE_HOLDS_NULL (value) && !schema_nullable (sub) && !preserve)
                {
                  json_object_remove_member (obj, key);
                  continue;
                }
              g_string_append_printf (path, "%s%s", path->len > 0 ? "." : "", key);
              prune_node (st, sub, path, value, depth + 1, FALSE);
              g_string_truncate (path, len);
              continue;
            }

          if (preserve ||
              (additional != NULL && JSON_NODE_HOLDS_VALUE (additional) &&
               json_node_get_value_type (additional) == G_TYPE_BOOLEAN && json_node_get_boolean (additional)))
            continue;

          st->count++;
          if (st->pruned != NULL)
            g_ptr_array_add (st->pruned, g_strdup_printf ("%s%s%s", path->str, path->len > 0 ? "." : "", key));
          json_object_remove_member (obj, key);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (data))
    {
      JsonArray *array = json_node_get_array (data);
      JsonObject *items = member_object (schema, "items");

      for (guint i = 0; items != NULL && i < json_array_get_length (array); i++)
        {
          gsize len = path->len;

          g_string_append_printf (path, "[%u]", i);
          prune_node (st, items, path, json_array_get_element (array, i), depth + 1, FALSE);
          g_string_truncate (path, len);
        }
    }
}

guint
kf_schema_prune (JsonNode   *schema,
                 JsonNode   *object,
                 GPtrArray **pruned)
{
  g_autoptr(GString) path = g_string_new (NULL);
  PruneState st = { NULL, 0 };

  g_return_val_if_fail (pruned == NULL || *pruned == NULL, 0);

  if (pruned != NULL)
    st.pruned = g_ptr_array_new_with_free_func (g_free);
  if (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema) && object != NULL)
    prune_node (&st, json_node_get_object (schema), path, object, 0, TRUE);
  if (pruned != NULL)
    *pruned = st.pruned;
  return st.count;
}

/* json_node_copy() shares objects and arrays: defaults must not alias the schema. */
static JsonNode *
deep_copy (JsonNode *node,
           guint     depth)
{
  JsonNode *copy;

  if (depth > KF_SCHEMA_MAX_DEPTH)
    return json_node_new (JSON_NODE_NULL);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *src = json_node_get_object (node);
      JsonObject *dst = json_object_new ();
      JsonObjectIter iter;
      const char *key;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, src);
      while (json_object_iter_next_ordered (&iter, &key, &member))
        json_object_set_member (dst, key, deep_copy (member, depth + 1));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, dst);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *src = json_node_get_array (node);
      JsonArray *dst = json_array_sized_new (json_array_get_length (src));

      for (guint i = 0; i < json_array_get_length (src); i++)
        json_array_add_element (dst, deep_copy (json_array_get_element (src, i), depth + 1));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, dst);
      return copy;
    }
  return json_node_copy (node);
}

static guint
default_node (JsonObject *schema,
              JsonNode   *data,
              guint       depth)
{
  guint n = 0;

  if (depth > KF_SCHEMA_MAX_DEPTH || schema == NULL)
    return 0;

  if (JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *obj = json_node_get_object (data);
      JsonObject *props = member_object (schema, "properties");
      JsonNode *additional = json_object_get_member (schema, "additionalProperties");
      JsonObjectIter iter;
      const char *key;
      JsonNode *sub_node;

      if (props != NULL)
        {
          json_object_iter_init_ordered (&iter, props);
          while (json_object_iter_next_ordered (&iter, &key, &sub_node))
            {
              JsonObject *sub;
              JsonNode *def, *value;

              if (!JSON_NODE_HOLDS_OBJECT (sub_node))
                continue;
              sub = json_node_get_object (sub_node);
              def = json_object_get_member (sub, "default");
              value = json_object_get_member (obj, key);
              if (def != NULL && (value == NULL || (JSON_NODE_HOLDS_NULL (value) && !schema_nullable (sub))))
                {
                  json_object_set_member (obj, key, deep_copy (def, 0));
                  n++;
                }
            }
        }

      json_object_iter_init_ordered (&iter, obj);
      while (json_object_iter_next_ordered (&iter, &key, &sub_node))
        {
          JsonObject *sub = props != NULL ? member_object (props, key) : NULL;

          if (sub == NULL && additional != NULL && JSON_NODE_HOLDS_OBJECT (additional))
            sub = json_node_get_object (additional);
          if (sub != NULL)
            n += default_node (sub, sub_node, depth + 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (data))
    {
      JsonArray *array = json_node_get_array (data);
      JsonObject *items = member_object (schema, "items");

      for (guint i = 0; items != NULL && i < json_array_get_length (array); i++)
        n += default_node (items, json_array_get_element (array, i), depth + 1);
    }
  return n;
}

guint
kf_schema_apply_defaults (JsonNode *schema,
                          JsonNode *object)
{
  if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema) || object == NULL)
    return 0;
  return default_node (json_node_get_object (schema), object, 0);
}

char *
kf_schema_strict_error_message (GPtrArray *unknown_fields)
{
  GString *msg;

  if (unknown_fields == NULL || unknown_fields->len == 0)
    return NULL;
  msg = g_string_new ("strict decoding error: ");
  for (guint i = 0; i < unknown_fields->len; i++)
    {
      if (i > 0)
        g_string_append (msg, ", ");
      g_string_append (msg, "unknown field ");
      kf_schema_go_quote (msg, unknown_fields->pdata[i]);
    }
  return g_string_free (msg, FALSE);
}
