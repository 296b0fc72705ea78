/* kf-sim-json.c: JSON helpers of the simulated cluster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "kf-sim-json.h"

JsonNode *
kf_sim_json_copy (JsonNode *node)
{
  if (node == NULL)
    return NULL;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *src = json_node_get_object (node);
        g_autoptr(JsonObject) dst = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, src);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (dst, name, kf_sim_json_copy (member));
        return json_node_init_object (json_node_alloc (), dst);
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *src = json_node_get_array (node);
        g_autoptr(JsonArray) dst = json_array_sized_new (json_array_get_length (src));

        for (guint i = 0; i < json_array_get_length (src); i++)
          json_array_add_element (dst, kf_sim_json_copy (json_array_get_element (src, i)));
        return json_node_init_array (json_node_alloc (), dst);
      }
    case JSON_NODE_VALUE:
      {
        JsonNode *copy = json_node_new (JSON_NODE_VALUE);
        GValue value = G_VALUE_INIT;

        json_node_get_value (node, &value);
        json_node_set_value (copy, &value);
        g_value_unset (&value);
        return copy;
      }
    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

JsonNode *
kf_sim_json_lookup (JsonNode   *node,
                    const char *path)
{
  const char *p = path;
  char part[256];

  if (node == NULL || path == NULL)
    return NULL;
  while (TRUE)
    {
      const char *dot = strchr (p, '.');
      gsize len = dot ? (gsize) (dot - p) : strlen (p);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      if (len >= sizeof part)
        {
          g_autofree char *big = g_strndup (p, len);
          node = json_object_get_member (json_node_get_object (node), big);
        }
      else
        {
          memcpy (part, p, len);
          part[len] = '\0';
          node = json_object_get_member (json_node_get_object (node), part);
        }
      if (node == NULL || dot == NULL)
        return node;
      p = dot + 1;
    }
}

const char *
kf_sim_json_get_string (JsonNode   *node,
                        const char *path)
{
  JsonNode *member = kf_sim_json_lookup (node, path);

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

JsonObject *
kf_sim_json_ensure_object (JsonNode   *node,
                           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *obj;

  g_return_val_if_fail (JSON_NODE_HOLDS_OBJECT (node), NULL);
  obj = json_node_get_object (node);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      JsonNode *member = json_object_get_member (obj, parts[i]);

      if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
        {
          JsonObject *child = json_object_new ();
          json_object_set_object_member (obj, parts[i], child);
          obj = child;
        }
      else
        obj = json_node_get_object (member);
    }
  return obj;
}

static gboolean
value_equal (JsonNode *a,
             JsonNode *b)
{
  GType ta = json_node_get_value_type (a);
  GType tb = json_node_get_value_type (b);
  gboolean na = ta == G_TYPE_INT64 || ta == G_TYPE_DOUBLE;
  gboolean nb = tb == G_TYPE_INT64 || tb == G_TYPE_DOUBLE;

  if (na && nb)
    {
      if (ta == G_TYPE_INT64 && tb == G_TYPE_INT64)
        return json_node_get_int (a) == json_node_get_int (b);
      return json_node_get_double (a) == json_node_get_double (b);
    }
  if (ta != tb)
    return FALSE;
  if (ta == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
  if (ta == G_TYPE_BOOLEAN)
    return json_node_get_boolean (a) == json_node_get_boolean (b);
  return FALSE;
}

gboolean
kf_sim_json_equal (JsonNode *a,
                   JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (json_object_get_size (oa) != json_object_get_size (ob))
          return FALSE;
        json_object_iter_init (&iter, oa);
        while (json_object_iter_next (&iter, &name, &member))
          if (!kf_sim_json_equal (member, json_object_get_member (ob, name)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ab = json_node_get_array (b);

        if (json_array_get_length (aa) != json_array_get_length (ab))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (aa); i++)
          if (!kf_sim_json_equal (json_array_get_element (aa, i), json_array_get_element (ab, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return value_equal (a, b);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

JsonNode *
kf_sim_json_merge_patch (JsonNode *target,
                         JsonNode *patch)
{
  JsonNode *result;
  JsonObject *robj;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (patch == NULL || !JSON_NODE_HOLDS_OBJECT (patch))
    return kf_sim_json_copy (patch);

  if (target != NULL && JSON_NODE_HOLDS_OBJECT (target))
    result = kf_sim_json_copy (target);
  else
    result = json_node_init_object (json_node_alloc (), json_object_new ());
  robj = json_node_get_object (result);

  json_object_iter_init_ordered (&iter, json_node_get_object (patch));
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (JSON_NODE_HOLDS_NULL (member))
        json_object_remove_member (robj, name);
      else
        json_object_set_member (robj, name,
                                kf_sim_json_merge_patch (json_object_get_member (robj, name), member));
    }
  return result;
}

/* ---- strategic merge patch ---- */

static const char *
merge_key_for (const char *field)
{
  static const struct { const char *field, *key; } keys[] = {
    { "containers", "name" }, { "initContainers", "name" }, { "ephemeralContainers", "name" },
    { "env", "name" }, { "volumes", "name" }, { "volumeMounts", "mountPath" },
    { "ports", "containerPort" }, { "conditions", "type" }, { "imagePullSecrets", "name" },
    { "tolerations", "key" }, { "hostAliases", "ip" }, { "volumeDevices", "devicePath" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_strcmp0 (keys[i].field, field) == 0)
      return keys[i].key;
  return NULL;
}

static JsonNode *strategic_merge (JsonNode *target, JsonNode *patch);

static JsonNode *
find_by_key (JsonArray  *array,
             const char *key,
             JsonNode   *value,
             guint      *index)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      JsonNode *kv;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        continue;
      kv = json_object_get_member (json_node_get_object (el), key);
      if (kv != NULL && kf_sim_json_equal (kv, value))
        {
          *index = i;
          return el;
        }
    }
  return NULL;
}

static JsonNode *
merge_list (JsonNode   *target,
            JsonNode   *patch,
            const char *key)
{
  JsonArray *parr = json_node_get_array (patch);
  g_autoptr(JsonArray) out = json_array_new ();

  if (target != NULL && JSON_NODE_HOLDS_ARRAY (target))
    {
      JsonArray *tarr = json_node_get_array (target);
      for (guint i = 0; i < json_array_get_length (tarr); i++)
        json_array_add_element (out, kf_sim_json_copy (json_array_get_element (tarr, i)));
    }

  for (guint i = 0; i < json_array_get_length (parr); i++)
    {
      JsonNode *el = json_array_get_element (parr, i);
      JsonObject *eobj;
      JsonNode *kv;
      JsonNode *existing;
      guint index = 0;
      const char *directive;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        continue;
      eobj = json_node_get_object (el);
      kv = json_object_get_member (eobj, key);
      if (kv == NULL)
        continue;
      existing = find_by_key (out, key, kv, &index);
      directive = json_object_has_member (eobj, "$patch") ?
        json_object_get_string_member_with_default (eobj, "$patch", NULL) : NULL;
      if (g_strcmp0 (directive, "delete") == 0)
        {
          if (existing != NULL)
            json_array_remove_element (out, index);
          continue;
        }
      if (existing != NULL)
        {
          JsonNode *merged = strategic_merge (existing, el);
          /* replace in place */
          g_autoptr(JsonArray) rebuilt = json_array_new ();
          for (guint j = 0; j < json_array_get_length (out); j++)
            json_array_add_element (rebuilt, j == index ? merged
                                    : kf_sim_json_copy (json_array_get_element (out, j)));
          json_array_unref (out);
          out = g_steal_pointer (&rebuilt);
        }
      else
        json_array_add_element (out, strategic_merge (NULL, el));
    }
  return json_node_init_array (json_node_alloc (), out);
}

static JsonNode *
strategic_merge (JsonNode *target,
                 JsonNode *patch)
{
  JsonNode *result;
  JsonObject *robj;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  JsonObject *pobj;

  if (patch == NULL || !JSON_NODE_HOLDS_OBJECT (patch))
    return kf_sim_json_copy (patch);

  pobj = json_node_get_object (patch);
  if (g_strcmp0 (json_object_get_string_member_with_default (pobj, "$patch", ""), "replace") == 0)
    target = NULL;

  if (target != NULL && JSON_NODE_HOLDS_OBJECT (target))
    result = kf_sim_json_copy (target);
  else
    result = json_node_init_object (json_node_alloc (), json_object_new ());
  robj = json_node_get_object (result);

  json_object_iter_init_ordered (&iter, pobj);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      const char *key;

      if (name[0] == '$')
        continue;   /* $patch, $retainKeys, $setElementOrder/..., $deleteFromPrimitiveList/... */
      if (JSON_NODE_HOLDS_NULL (member))
        {
          json_object_remove_member (robj, name);
          continue;
        }
      key = merge_key_for (name);
      if (JSON_NODE_HOLDS_ARRAY (member) && key != NULL)
        json_object_set_member (robj, name,
                                merge_list (json_object_get_member (robj, name), member, key));
      else
        json_object_set_member (robj, name,
                                strategic_merge (json_object_get_member (robj, name), member));
    }
  return result;
}

JsonNode *
kf_sim_json_strategic_merge (JsonNode *target,
                             JsonNode *patch)
{
  return strategic_merge (target, patch);
}

/* ---- JSON patch (RFC 6902) ---- */

static char *
unescape_token (const char *token)
{
  GString *s = g_string_new (NULL);

  for (const char *p = token; *p; p++)
    {
      if (p[0] == '~' && p[1] == '1')
        g_string_append_c (s, '/'), p++;
      else if (p[0] == '~' && p[1] == '0')
        g_string_append_c (s, '~'), p++;
      else
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

/* Resolves all but the last token of @pointer; returns the parent node and the last token. */
static JsonNode *
resolve_parent (JsonNode    *root,
                const char  *pointer,
                char       **last,
                GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint n;
  JsonNode *node = root;

  if (pointer == NULL || pointer[0] != '/')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid JSON pointer \"%s\"", pointer ? pointer : "");
      return NULL;
    }
  parts = g_strsplit (pointer + 1, "/", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autofree char *tok = unescape_token (parts[i]);
      JsonNode *next = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        next = json_object_get_member (json_node_get_object (node), tok);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          char *end = NULL;
          guint64 idx = g_ascii_strtoull (tok, &end, 10);
          if (end != tok && *end == '\0' && idx < json_array_get_length (json_node_get_array (node)))
            next = json_array_get_element (json_node_get_array (node), (guint) idx);
        }
      if (next == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "doc is missing path: \"%s\"", pointer);
          return NULL;
        }
      node = next;
    }
  *last = unescape_token (parts[n - 1]);
  return node;
}

static JsonNode *
pointer_get (JsonNode   *root,
             const char *pointer,
             GError    **error)
{
  g_autofree char *last = NULL;
  JsonNode *parent;
  JsonNode *found = NULL;

  if (g_strcmp0 (pointer, "") == 0)
    return root;
  parent = resolve_parent (root, pointer, &last, error);
  if (parent == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (parent))
    found = json_object_get_member (json_node_get_object (parent), last);
  else if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      char *end = NULL;
      guint64 idx = g_ascii_strtoull (last, &end, 10);
      if (end != last && *end == '\0' && idx < json_array_get_length (json_node_get_array (parent)))
        found = json_array_get_element (json_node_get_array (parent), (guint) idx);
    }
  if (found == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "doc is missing path: \"%s\"", pointer);
  return found;
}

static JsonArray *
array_with (JsonArray *src,
            gint       insert_at,
            JsonNode  *value,
            gint       remove_at)
{
  JsonArray *out = json_array_new ();
  guint len = json_array_get_length (src);

  for (guint i = 0; i <= len; i++)
    {
      if ((gint) i == insert_at && value != NULL)
        json_array_add_element (out, value);
      if (i < len && (gint) i != remove_at)
        json_array_add_element (out, kf_sim_json_copy (json_array_get_element (src, i)));
    }
  return out;
}

static gboolean
pointer_set (JsonNode    *root,
             const char  *pointer,
             JsonNode    *value,     /* owned; NULL = remove */
             gboolean     insert,
             GError     **error)
{
  g_autofree char *last = NULL;
  JsonNode *parent = resolve_parent (root, pointer, &last, error);

  if (parent == NULL)
    {
      g_clear_pointer (&value, json_node_unref);
      return FALSE;
    }
  if (JSON_NODE_HOLDS_OBJECT (parent))
    {
      JsonObject *obj = json_node_get_object (parent);
      if (value == NULL)
        {
          if (!json_object_has_member (obj, last))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "unable to remove nonexistent key: %s", last);
              return FALSE;
            }
          json_object_remove_member (obj, last);
        }
      else
        json_object_set_member (obj, last, value);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      JsonArray *arr = json_node_get_array (parent);
      guint len = json_array_get_length (arr);
      gint64 idx;
      char *end = NULL;
      JsonArray *out;

      if (g_strcmp0 (last, "-") == 0)
        idx = len;
      else
        {
          idx = (gint64) g_ascii_strtoull (last, &end, 10);
          if (end == last || *end != '\0')
            idx = -1;
        }
      if (idx < 0 || idx > (gint64) len || (idx == (gint64) len && (!insert || value == NULL)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "index out of range in \"%s\"", pointer);
          g_clear_pointer (&value, json_node_unref);
          return FALSE;
        }
      if (value == NULL)
        out = array_with (arr, -1, NULL, (gint) idx);
      else if (insert)
        out = array_with (arr, (gint) idx, value, -1);
      else
        out = array_with (arr, (gint) idx, value, (gint) idx);
      json_node_take_array (parent, out);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "doc is missing path: \"%s\"", pointer);
  g_clear_pointer (&value, json_node_unref);
  return FALSE;
}

JsonNode *
kf_sim_json_patch (JsonNode  *target,
                   JsonNode  *patch,
                   GError   **error)
{
  g_autoptr(JsonNode) doc = kf_sim_json_copy (target);
  JsonArray *ops;

  if (patch == NULL || !JSON_NODE_HOLDS_ARRAY (patch))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "a JSON patch must be an array of operations");
      return NULL;
    }
  ops = json_node_get_array (patch);
  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonNode *opn = json_array_get_element (ops, i);
      JsonObject *op;
      const char *kind, *path, *from;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (opn))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "operation %u is not an object", i);
          return NULL;
        }
      op = json_node_get_object (opn);
      kind = json_object_get_string_member_with_default (op, "op", "");
      path = json_object_get_string_member_with_default (op, "path", NULL);
      from = json_object_get_string_member_with_default (op, "from", NULL);
      value = json_object_get_member (op, "value");

      if (g_str_equal (kind, "add") || g_str_equal (kind, "replace"))
        {
          if (value == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "operation %u has no value", i);
              return NULL;
            }
          if (g_str_equal (kind, "replace") && pointer_get (doc, path, error) == NULL)
            return NULL;
          if (!pointer_set (doc, path, kf_sim_json_copy (value), g_str_equal (kind, "add"), error))
            return NULL;
        }
      else if (g_str_equal (kind, "remove"))
        {
          if (!pointer_set (doc, path, NULL, FALSE, error))
            return NULL;
        }
      else if (g_str_equal (kind, "move") || g_str_equal (kind, "copy"))
        {
          JsonNode *src = pointer_get (doc, from, error);
          g_autoptr(JsonNode) moved = NULL;
          if (src == NULL)
            return NULL;
          moved = kf_sim_json_copy (src);
          if (g_str_equal (kind, "move") && !pointer_set (doc, from, NULL, FALSE, error))
            return NULL;
          if (!pointer_set (doc, path, g_steal_pointer (&moved), TRUE, error))
            return NULL;
        }
      else if (g_str_equal (kind, "test"))
        {
          JsonNode *cur = pointer_get (doc, path, error);
          if (cur == NULL)
            return NULL;
          if (!kf_sim_json_equal (cur, value))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "testing value %s failed", path);
              return NULL;
            }
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Unexpected kind: %s", kind);
          return NULL;
        }
    }
  return g_steal_pointer (&doc);
}

char *
kf_sim_json_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
kf_sim_json_to_string (JsonNode *node,
                       gsize    *length)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, length);
}

JsonNode *
kf_sim_json_from_data (const char *data,
                       gsize       length,
                       GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data ? data : "", length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty JSON body");
      return NULL;
    }
  return json_node_copy (root);
}

/* ---- list continue tokens ---- */

char *
kf_sim_json_continue_encode (guint64     rv,
                             const char *key)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "v");
  json_builder_add_string_value (b, "meta.k8s.io/v1");
  json_builder_set_member_name (b, "rv");
  json_builder_add_int_value (b, (gint64) rv);
  json_builder_set_member_name (b, "start");
  json_builder_add_string_value (b, key);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = kf_sim_json_to_string (root, NULL);
  return g_base64_encode ((const guchar *) json, strlen (json));
}

char *
kf_sim_json_continue_decode (const char *token,
                             guint64    *rv)
{
  gsize len = 0;
  g_autofree guchar *json = g_base64_decode (token, &len);
  g_autoptr(JsonNode) node = NULL;
  const char *start;

  if (json == NULL || len == 0)
    return NULL;
  node = kf_sim_json_from_data ((const char *) json, len, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  start = kf_sim_json_get_string (node, "start");
  if (start == NULL || kf_sim_json_lookup (node, "rv") == NULL)
    return NULL;
  *rv = (guint64) json_node_get_int (kf_sim_json_lookup (node, "rv"));
  return g_strdup (start);
}
