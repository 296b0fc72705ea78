/* kf-schema-private.h: what the kf-schema-*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Go's fmt as the API server prints values in messages (kf-schema-go.c) */
G_GNUC_INTERNAL void     kf_schema_go_quote     (GString    *out,
                                                 const char *s);
G_GNUC_INTERNAL void     kf_schema_go_float     (GString    *out,
                                                 double      v);
G_GNUC_INTERNAL void     kf_schema_go_sharp_v   (GString    *out,
                                                 JsonNode   *node,
                                                 guint       depth);

/* string formats (kf-schema-format.c): FALSE when @s does not have @format;
 * formats without a check pass */
G_GNUC_INTERNAL gboolean kf_schema_check_format (const char *format,
                                                 const char *s);

/* schema access */
static inline JsonObject *
member_object (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return (n != NULL && JSON_NODE_HOLDS_OBJECT (n)) ? json_node_get_object (n) : NULL;
}

static inline JsonArray *
member_array (JsonObject *o,
              const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return (n != NULL && JSON_NODE_HOLDS_ARRAY (n)) ? json_node_get_array (n) : NULL;
}

static inline const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  return NULL;
}

static inline gboolean
member_true (JsonObject *o,
             const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) &&
         json_node_get_value_type (n) == G_TYPE_BOOLEAN && json_node_get_boolean (n);
}

static inline gboolean
is_number (JsonNode *n)
{
  GType t;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  t = json_node_get_value_type (n);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

G_END_DECLS
