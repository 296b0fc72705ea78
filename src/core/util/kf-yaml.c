/* kf-yaml.c: YAML <-> JsonNode through libyaml
 *
 * Parsing walks libyaml's event stream and builds json-glib nodes, resolving
 * plain scalars with the YAML 1.2 core schema (what Kubernetes' sigs.k8s.io/yaml
 * sees for the documents KubeFoundry reads). Aliases are expanded with a budget,
 * so hostile input ("billion laughs") fails with an error instead of eating memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-yaml"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "kf-yaml.h"

#define MAX_DEPTH        256
#define MAX_ALIAS_NODES  100000

G_DEFINE_QUARK (kf-yaml-error-quark, kf_yaml_error)

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (yaml_parser_t, yaml_parser_delete)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (yaml_event_t, yaml_event_delete)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (yaml_emitter_t, yaml_emitter_delete)

typedef struct
{
  yaml_parser_t parser;
  GHashTable   *anchors;      /* name -> JsonNode */
  gsize         alias_nodes;  /* nodes copied through aliases so far */
} ParseState;

static gsize
count_nodes (JsonNode *node)
{
  gsize n = 1;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        n += count_nodes (member);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        n += count_nodes (json_array_get_element (array, i));
    }

  return n;
}

static gboolean
set_parser_error (ParseState  *state,
                  GError     **error)
{
  const yaml_parser_t *p = &state->parser;
  const yaml_mark_t *mark = p->problem ? &p->problem_mark : &p->mark;

  g_set_error (error, KF_YAML_ERROR, KF_YAML_ERROR_PARSE,
               "line %zu, column %zu: %s%s%s",
               mark->line + 1, mark->column + 1,
               p->problem ? p->problem : "invalid YAML",
               p->context ? " " : "",
               p->context ? p->context : "");
  return FALSE;
}

static gboolean
parse_int (const char *s,
           gint64     *out)
{
  const char *digits = s;
  int base = 10;
  char *end = NULL;
  gboolean neg = FALSE;
  guint64 v;

  if (*digits == '+' || *digits == '-')
    {
      neg = *digits == '-';
      digits++;
    }
  if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
    {
      base = 16;
      digits += 2;
    }
  else if (digits[0] == '0' && digits[1] == 'o')
    {
      base = 8;
      digits += 2;
    }
  if (*digits == '\0')
    return FALSE;
  for (const char *c = digits; *c; c++)
    if (!g_ascii_isxdigit (*c) || (base == 10 && !g_ascii_isdigit (*c)) || (base == 8 && (*c < '0' || *c > '7')))
      return FALSE;

  errno = 0;
  v = g_ascii_strtoull (digits, &end, base);
  if (errno != 0 || *end != '\0' || v > (guint64) G_MAXINT64 + (neg ? 1 : 0))
    return FALSE;
  *out = neg ? (gint64) (0 - v) : (gint64) v;
  return TRUE;
}

static gboolean
parse_float (const char *s,
             double     *out)
{
  static GRegex *float_re;
  char *end = NULL;

  if (g_str_equal (s, ".inf") || g_str_equal (s, ".Inf") || g_str_equal (s, ".INF") ||
      g_str_equal (s, "+.inf") || g_str_equal (s, "+.Inf") || g_str_equal (s, "+.INF"))
    {
      *out = INFINITY;
      return TRUE;
    }
  if (g_str_equal (s, "-.inf") || g_str_equal (s, "-.Inf") || g_str_equal (s, "-.INF"))
    {
      *out = -INFINITY;
      return TRUE;
    }
  if (g_str_equal (s, ".nan") || g_str_equal (s, ".NaN") || g_str_equal (s, ".NAN"))
    {
      *out = NAN;
      return TRUE;
    }

  if (g_once_init_enter (&float_re))
    g_once_init_leave (&float_re,
                       g_regex_new ("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$",
                                    G_REGEX_OPTIMIZE, 0, NULL));
  if (!g_regex_match (float_re, s, 0, NULL))
    return FALSE;
  *out = g_ascii_strtod (s, &end);
  return end != NULL && *end == '\0';
}

static JsonNode *
scalar_to_node (const yaml_event_t *event)
{
  const char *value = (const char *) event->data.scalar.value;
  const char *tag = (const char *) event->data.scalar.tag;
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  gint64 i;
  double d;

  if (tag != NULL && g_str_equal (tag, YAML_STR_TAG))
    {
      json_node_set_string (node, value);
      return node;
    }

  if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE && tag == NULL)
    {
      json_node_set_string (node, value);
      return node;
    }

  if ((tag != NULL && g_str_equal (tag, YAML_NULL_TAG)) ||
      *value == '\0' || g_str_equal (value, "~") ||
      g_str_equal (value, "null") || g_str_equal (value, "Null") || g_str_equal (value, "NULL"))
    {
      json_node_init_null (node);
      return node;
    }
  if (g_str_equal (value, "true") || g_str_equal (value, "True") || g_str_equal (value, "TRUE"))
    {
      json_node_set_boolean (node, TRUE);
      return node;
    }
  if (g_str_equal (value, "false") || g_str_equal (value, "False") || g_str_equal (value, "FALSE"))
    {
      json_node_set_boolean (node, FALSE);
      return node;
    }
  if (parse_int (value, &i))
    {
      json_node_set_int (node, i);
      return node;
    }
  if (parse_float (value, &d))
    {
      json_node_set_double (node, d);
      return node;
    }

  json_node_set_string (node, value);
  return node;
}

static void
remember_anchor (ParseState    *state,
                 const yaml_char_t *anchor,
                 JsonNode      *node)
{
  if (anchor == NULL)
    return;
  g_hash_table_replace (state->anchors,
                        g_strdup ((const char *) anchor),
                        json_node_ref (node));
}

static char *
scalar_key (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return g_strdup (json_node_get_string (node));
        case G_TYPE_INT64:
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        case G_TYPE_BOOLEAN:
          return g_strdup (json_node_get_boolean (node) ? "true" : "false");
        case G_TYPE_DOUBLE:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
          }
        default:
          return NULL;
        }
    }
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  return NULL;
}

static JsonNode *parse_node (ParseState *state, yaml_event_t *event, guint depth, GError **error);

static gboolean
next_event (ParseState    *state,
            yaml_event_t  *event,
            GError       **error)
{
  if (!yaml_parser_parse (&state->parser, event))
    return set_parser_error (state, error);
  return TRUE;
}

static JsonNode *
parse_mapping (ParseState    *state,
               yaml_event_t  *start,
               guint          depth,
               GError       **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();

  json_node_set_object (node, object);
  remember_anchor (state, start->data.mapping_start.anchor, node);

  for (;;)
    {
      g_auto(yaml_event_t) key_event = { 0 };
      g_autoptr(JsonNode) key_node = NULL;
      g_autoptr(JsonNode) value_node = NULL;
      g_autofree char *key = NULL;
      yaml_mark_t mark;

      if (!next_event (state, &key_event, error))
        return NULL;
      if (key_event.type == YAML_MAPPING_END_EVENT)
        break;

      mark = key_event.start_mark;
      key_node = parse_node (state, &key_event, depth + 1, error);
      if (key_node == NULL)
        return NULL;

      key = scalar_key (key_node);
      if (key == NULL)
        {
          g_set_error (error, KF_YAML_ERROR, KF_YAML_ERROR_PARSE,
                       "line %zu, column %zu: mapping keys must be scalars",
                       mark.line + 1, mark.column + 1);
          return NULL;
        }

      {
        g_auto(yaml_event_t) value_event = { 0 };

        if (!next_event (state, &value_event, error))
          return NULL;
        value_node = parse_node (state, &value_event, depth + 1, error);
        if (value_node == NULL)
          return NULL;
      }

      /* YAML merge keys ("<<: *base") are how hand-written kubeconfigs reuse blocks */
      if (g_str_equal (key, "<<") && JSON_NODE_HOLDS_OBJECT (value_node))
        {
          JsonObjectIter iter;
          const char *member_name;
          JsonNode *member;

          json_object_iter_init (&iter, json_node_get_object (value_node));
          while (json_object_iter_next (&iter, &member_name, &member))
            if (!json_object_has_member (object, member_name))
              json_object_set_member (object, member_name, json_node_copy (member));
          continue;
        }

      json_object_set_member (object, key, g_steal_pointer (&value_node));
    }

  return g_steal_pointer (&node);
}

static JsonNode *
parse_sequence (ParseState    *state,
                yaml_event_t  *start,
                guint          depth,
                GError       **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();

  json_node_set_array (node, array);
  remember_anchor (state, start->data.sequence_start.anchor, node);

  for (;;)
    {
      g_auto(yaml_event_t) event = { 0 };
      JsonNode *item;

      if (!next_event (state, &event, error))
        return NULL;
      if (event.type == YAML_SEQUENCE_END_EVENT)
        break;
      item = parse_node (state, &event, depth + 1, error);
      if (item == NULL)
        return NULL;
      json_array_add_element (array, item);
    }

  return g_steal_pointer (&node);
}

static JsonNode *
parse_node (ParseState    *state,
            yaml_event_t  *event,
            guint          depth,
            GError       **error)
{
  if (depth > MAX_DEPTH)
    {
      g_set_error (error, KF_YAML_ERROR, KF_YAML_ERROR_TOO_DEEP,
                   "line %zu, column %zu: nesting deeper than %d levels",
                   event->start_mark.line + 1, event->start_mark.column + 1, MAX_DEPTH);
      return NULL;
    }

  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      {
        JsonNode *node = scalar_to_node (event);
        remember_anchor (state, event->data.scalar.anchor, node);
        return node;
      }

    case YAML_MAPPING_START_EVENT:
      return parse_mapping (state, event, depth, error);

    case YAML_SEQUENCE_START_EVENT:
      return parse_sequence (state, event, depth, error);

    case YAML_ALIAS_EVENT:
      {
        const char *name = (const char *) event->data.alias.anchor;
        JsonNode *target = g_hash_table_lookup (state->anchors, name);

        if (target == NULL)
          {
            g_set_error (error, KF_YAML_ERROR, KF_YAML_ERROR_PARSE,
                         "line %zu, column %zu: unknown alias *%s",
                         event->start_mark.line + 1, event->start_mark.column + 1, name);
            return NULL;
          }
        state->alias_nodes += count_nodes (target);
        if (state->alias_nodes > MAX_ALIAS_NODES)
          {
            g_set_error (error, KF_YAML_ERROR, KF_YAML_ERROR_TOO_LARGE,
                         "line %zu, column %zu: aliases expand to more than %d nodes",
                         event->start_mark.line + 1, event->start_mark.column + 1, MAX_ALIAS_NODES);
            return NULL;
          }
        return json_node_copy (target);
      }

    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
    default:
      g_set_error (error, KF_YAML_ERROR, KF_YAML_ERROR_PARSE,
                   "line %zu, column %zu: unexpected YAML event",
                   event->start_mark.line + 1, event->start_mark.column + 1);
      return NULL;
    }
}

GPtrArray *
kf_yaml_parse_all (const char  *data,
                   gssize       length,
                   GError     **error)
{
  ParseState state = { 0 };
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GHashTable) anchors = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);

  anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  state.anchors = anchors;

  if (!yaml_parser_initialize (&state.parser))
    {
      g_set_error_literal (error, KF_YAML_ERROR, KF_YAML_ERROR_PARSE, "cannot initialise the YAML parser");
      return NULL;
    }
  yaml_parser_set_input_string (&state.parser, (const unsigned char *) data, length);

  for (;;)
    {
      g_auto(yaml_event_t) event = { 0 };

      if (!next_event (&state, &event, error))
        goto out;

      if (event.type == YAML_STREAM_END_EVENT)
        break;
      if (event.type == YAML_STREAM_START_EVENT || event.type == YAML_DOCUMENT_END_EVENT)
        continue;
      if (event.type == YAML_DOCUMENT_START_EVENT)
        {
          g_hash_table_remove_all (state.anchors);
          continue;
        }

      {
        JsonNode *node = parse_node (&state, &event, 0, error);

        if (node == NULL)
          goto out;
        if (JSON_NODE_HOLDS_NULL (node))
          json_node_unref (node);
        else
          g_ptr_array_add (docs, node);
      }
    }
  ok = TRUE;

out:
  yaml_parser_delete (&state.parser);
  return ok ? g_steal_pointer (&docs) : NULL;
}

JsonNode *
kf_yaml_parse (const char  *data,
               gssize       length,
               GError     **error)
{
  g_autoptr(GPtrArray) docs = kf_yaml_parse_all (data, length, error);

  if (docs == NULL)
    return NULL;
  if (docs->len == 0)
    {
      g_set_error_literal (error, KF_YAML_ERROR, KF_YAML_ERROR_EMPTY, "the document is empty");
      return NULL;
    }
  if (docs->len > 1)
    {
      g_set_error (error, KF_YAML_ERROR, KF_YAML_ERROR_MULTIPLE,
                   "expected one document, found %u", docs->len);
      return NULL;
    }
  return json_node_ref (g_ptr_array_index (docs, 0));
}

JsonNode *
kf_yaml_parse_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  node = kf_yaml_parse (contents, length, &local_error);
  if (node == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
  return node;
}

/* Emitting */

static gboolean
plain_would_change (const char *s)
{
  JsonNode *probe;
  yaml_event_t fake = { 0 };
  gboolean changes;

  if (*s == '\0')
    return TRUE;

  fake.type = YAML_SCALAR_EVENT;
  fake.data.scalar.value = (yaml_char_t *) s;
  fake.data.scalar.style = YAML_PLAIN_SCALAR_STYLE;
  probe = scalar_to_node (&fake);
  changes = !(JSON_NODE_HOLDS_VALUE (probe) && json_node_get_value_type (probe) == G_TYPE_STRING);
  json_node_unref (probe);
  return changes;
}

static gboolean
emit (yaml_emitter_t *emitter,
      yaml_event_t   *event,
      GError        **error)
{
  if (!yaml_emitter_emit (emitter, event))
    {
      g_set_error (error, KF_YAML_ERROR, KF_YAML_ERROR_EMIT, "cannot emit YAML: %s",
                   emitter->problem ? emitter->problem : "unknown error");
      return FALSE;
    }
  return TRUE;
}

static gboolean
emit_scalar (yaml_emitter_t       *emitter,
             const char           *value,
             yaml_scalar_style_t   style,
             GError              **error)
{
  yaml_event_t event;

  yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) value, strlen (value),
                                style == YAML_PLAIN_SCALAR_STYLE,
                                /* a plain string libyaml must quote ("{...}") stays
                                 * a string: no "!" tag needed */
                                TRUE, style);
  return emit (emitter, &event, error);
}

static gboolean
emit_node (yaml_emitter_t  *emitter,
           JsonNode        *node,
           GError         **error)
{
  yaml_event_t event;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        yaml_mapping_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
        if (!emit (emitter, &event, error))
          return FALSE;
        json_object_iter_init_ordered (&iter, json_node_get_object (node));  /* keep member order */
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!emit_scalar (emitter, name,
                              plain_would_change (name) ? YAML_SINGLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE,
                              error) ||
                !emit_node (emitter, member, error))
              return FALSE;
          }
        yaml_mapping_end_event_initialize (&event);
        return emit (emitter, &event, error);
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        yaml_sequence_start_event_initialize (&event, NULL, NULL, 1,
                                              n == 0 ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
        if (!emit (emitter, &event, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          if (!emit_node (emitter, json_array_get_element (array, i), error))
            return FALSE;
        yaml_sequence_end_event_initialize (&event);
        return emit (emitter, &event, error);
      }

    case JSON_NODE_NULL:
      return emit_scalar (emitter, "null", YAML_PLAIN_SCALAR_STYLE, error);

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          {
            const char *s = json_node_get_string (node);
            yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

            if (strchr (s, '\n') != NULL)
              style = YAML_LITERAL_SCALAR_STYLE;
            else if (plain_would_change (s))
              style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
            return emit_scalar (emitter, s, style, error);
          }
        case G_TYPE_INT64:
          {
            g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
            return emit_scalar (emitter, s, YAML_PLAIN_SCALAR_STYLE, error);
          }
        case G_TYPE_DOUBLE:
          {
            double d = json_node_get_double (node);
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            const char *s;

            if (isnan (d))
              s = ".nan";
            else if (isinf (d))
              s = d > 0 ? ".inf" : "-.inf";
            else
              {
                /* the shortest form that reads back the same: 0.9, not 0.90000000000000002 */
                for (int precision = 15; precision <= 17; precision++)
                  {
                    char format[8];

                    g_snprintf (format, sizeof format, "%%.%dg", precision);
                    s = g_ascii_formatd (buf, sizeof buf, format, d);
                    if (g_ascii_strtod (s, NULL) == d)
                      break;
                  }
                /* keep a double a double when it reads back */
                if (strpbrk (s, ".eE") == NULL)
                  {
                    g_strlcat (buf, ".0", sizeof buf);
                    s = buf;
                  }
              }
            return emit_scalar (emitter, s, YAML_PLAIN_SCALAR_STYLE, error);
          }
        case G_TYPE_BOOLEAN:
          return emit_scalar (emitter, json_node_get_boolean (node) ? "true" : "false",
                              YAML_PLAIN_SCALAR_STYLE, error);
        default:
          g_set_error_literal (error, KF_YAML_ERROR, KF_YAML_ERROR_EMIT, "unsupported JSON value type");
          return FALSE;
        }
    }
}

static int
write_to_string (void          *data,
                 unsigned char *buffer,
                 size_t         size)
{
  g_string_append_len (data, (const char *) buffer, size);
  return 1;
}

char *
kf_yaml_emit_all (GPtrArray  *nodes,
                  GError    **error)
{
  g_auto(yaml_emitter_t) emitter = { 0 };
  g_autoptr(GString) out = g_string_new (NULL);
  yaml_event_t event;

  if (!yaml_emitter_initialize (&emitter))
    {
      g_set_error_literal (error, KF_YAML_ERROR, KF_YAML_ERROR_EMIT, "cannot initialise the YAML emitter");
      return NULL;
    }
  yaml_emitter_set_output (&emitter, write_to_string, out);
  yaml_emitter_set_unicode (&emitter, 1);
  yaml_emitter_set_indent (&emitter, 2);
  yaml_emitter_set_width (&emitter, -1);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  if (!emit (&emitter, &event, error))
    return NULL;

  for (guint i = 0; i < nodes->len; i++)
    {
      yaml_document_start_event_initialize (&event, NULL, NULL, NULL, i == 0);
      if (!emit (&emitter, &event, error))
        return NULL;
      if (!emit_node (&emitter, g_ptr_array_index (nodes, i), error))
        return NULL;
      yaml_document_end_event_initialize (&event, 1);
      if (!emit (&emitter, &event, error))
        return NULL;
    }

  yaml_stream_end_event_initialize (&event);
  if (!emit (&emitter, &event, error))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
kf_yaml_emit (JsonNode  *node,
              GError   **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  g_return_val_if_fail (node != NULL, NULL);

  g_ptr_array_add (nodes, node);
  return kf_yaml_emit_all (nodes, error);
}
