/* kf-sim-op-json.c: JSON, time, name and quantity helpers of the simulated operators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kf-sim-op-private.h"

static JsonNode *
member_va (JsonNode   *node,
           const char *first,
           va_list     ap)
{
  const char *key = first;

  while (key != NULL)
    {
      JsonObject *obj;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      obj = json_node_get_object (node);
      node = json_object_get_member (obj, key);
      key = va_arg (ap, const char *);
    }
  return node;
}

/* The member at a path of object keys, or NULL. */
JsonNode *
sim_json_member (JsonNode *node,
                 ...)
{
  va_list ap;
  const char *first;
  JsonNode *ret;

  va_start (ap, node);
  first = va_arg (ap, const char *);
  ret = member_va (node, first, ap);
  va_end (ap);
  return ret;
}

/* The string at a path of object keys, or NULL when absent or not a string. */
const char *
sim_json_string (JsonNode *node,
                 ...)
{
  va_list ap;
  const char *first;
  JsonNode *ret;

  va_start (ap, node);
  first = va_arg (ap, const char *);
  ret = member_va (node, first, ap);
  va_end (ap);
  if (ret == NULL || !JSON_NODE_HOLDS_VALUE (ret) ||
      json_node_get_value_type (ret) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (ret);
}

/* An integer at a path (numbers and numeric strings accepted), else @fallback. */
gint64
sim_json_int (JsonNode *node,
              gint64    fallback,
              ...)
{
  va_list ap;
  const char *first;
  JsonNode *ret;
  GType t;

  va_start (ap, fallback);
  first = va_arg (ap, const char *);
  ret = member_va (node, first, ap);
  va_end (ap);
  if (ret == NULL || !JSON_NODE_HOLDS_VALUE (ret))
    return fallback;
  t = json_node_get_value_type (ret);
  if (t == G_TYPE_INT64)
    return json_node_get_int (ret);
  if (t == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (ret);
  if (t == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (ret);
      char *end = NULL;
      gint64 v = g_ascii_strtoll (s, &end, 10);

      if (end != s && *end == '\0')
        return v;
    }
  return fallback;
}

JsonObject *
sim_json_ensure_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_set_object_member (object, member, json_object_new ());
      node = json_object_get_member (object, member);
    }
  return json_node_get_object (node);
}

/* RFC 3339 in UTC: "2025-01-02T03:04:05Z", or with nanoseconds as the kubelet
 * prefixes log lines: "2025-01-02T03:04:05.123456789Z". */
char *
sim_time_format (gint64   real_us,
                 gboolean nano)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (real_us / G_USEC_PER_SEC);
  g_autofree char *base = NULL;

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  if (!nano)
    return g_strdup_printf ("%sZ", base);
  return g_strdup_printf ("%s.%06d000Z", base, (int) (real_us % G_USEC_PER_SEC));
}

/* A deterministic lower-case hex string of @length characters. */
char *
sim_hex_id (const char *seed,
            guint       length)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint round = 0;

  while (out->len < length)
    {
      g_autofree char *salted = g_strdup_printf ("%u:%s", round++, seed);
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, salted, -1);

      g_string_append (out, sum);
    }
  g_string_truncate (out, length);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Characters Kubernetes uses for generated names and pod-template-hash. */
char *
sim_pod_suffix (const char *seed,
                guint       length)
{
  static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  g_autofree char *hex = sim_hex_id (seed, length * 2);
  char *out = g_malloc0 (length + 1);

  for (guint i = 0; i < length; i++)
    {
      guint v = (guint) g_ascii_xdigit_value (hex[2 * i]) * 16u +
                (guint) g_ascii_xdigit_value (hex[2 * i + 1]);

      out[i] = alphabet[v % (sizeof alphabet - 1)];
    }
  return out;
}

/* A Kubernetes resource quantity ("2", "500m", "64Gi", "1e3", "1.5G") as a number. */
double
sim_quantity_parse (const char *text)
{
  static const struct { const char *suffix; double factor; } units[] = {
    { "Ki", 1024.0 }, { "Mi", 1048576.0 }, { "Gi", 1073741824.0 },
    { "Ti", 1099511627776.0 }, { "Pi", 1125899906842624.0 }, { "Ei", 1152921504606846976.0 },
    { "n", 1e-9 }, { "u", 1e-6 }, { "m", 1e-3 }, { "k", 1e3 }, { "M", 1e6 },
    { "G", 1e9 }, { "T", 1e12 }, { "P", 1e15 }, { "E", 1e18 },
  };
  char *end = NULL;
  double v;

  if (text == NULL || *text == '\0')
    return 0;
  v = g_ascii_strtod (text, &end);
  if (end == text)
    return 0;
  if (*end == '\0')
    return v;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (end, units[i].suffix) == 0)
      return v * units[i].factor;
  return 0;
}

double
sim_json_quantity (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    case G_TYPE_STRING:
      return sim_quantity_parse (json_node_get_string (node));
    default:
      return 0;
    }
}

/* json_node_copy() shares objects and arrays; this copies them. */
JsonNode *
sim_json_deep_copy (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *out = json_object_new ();
      JsonObjectIter it;
      const char *k;
      JsonNode *v;

      json_object_iter_init (&it, json_node_get_object (node));
      while (json_object_iter_next (&it, &k, &v))
        json_object_set_member (out, k, sim_json_deep_copy (v));
      node = json_node_init_object (json_node_alloc (), out);
      json_object_unref (out);
      return node;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      JsonArray *out = json_array_sized_new (json_array_get_length (in));

      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (out, sim_json_deep_copy (json_array_get_element (in, i)));
      node = json_node_init_array (json_node_alloc (), out);
      json_array_unref (out);
      return node;
    }
  return json_node_copy (node);
}

/* A node holding @object, taking the caller's reference. */
JsonNode *
sim_json_take_object (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

/* TRUE only for a JSON true (anything else, e.g. the string "yes", is FALSE). */
gboolean
sim_json_true (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}
