/* kf-sim-table.c: meta.k8s.io/v1 Table answers, for `kubectl get`
 *
 * kubectl asks for "application/json;as=Table;v=v1;g=meta.k8s.io"; a CRD's
 * additionalPrinterColumns (simple JSONPath: .a.b, .a[0].b and
 * .a[?(@.k=="v")].b) give its columns, built-in kinds get their usual ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <string.h>

#include "kf-sim-json.h"
#include "kf-sim-server-private.h"

gboolean
kf_sim_table_wanted (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept");

  return accept != NULL && strstr (accept, "as=Table") != NULL;
}

static char *
human_age (const char *timestamp)
{
  g_autoptr(GDateTime) then = timestamp ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 s, m, h, d;

  if (then == NULL)
    return g_strdup ("<unknown>");
  s = g_date_time_difference (now, then) / G_USEC_PER_SEC;
  if (s < 0)
    return g_strdup ("0s");
  m = s / 60, h = s / 3600, d = s / 86400;
  if (s < 120)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", s);
  if (m < 10)
    return s % 60 ? g_strdup_printf ("%" G_GINT64_FORMAT "m%" G_GINT64_FORMAT "s", m, s % 60)
                  : g_strdup_printf ("%" G_GINT64_FORMAT "m", m);
  if (m < 180)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", m);
  if (h < 8)
    return h % 1 == 0 && m % 60 ? g_strdup_printf ("%" G_GINT64_FORMAT "h%" G_GINT64_FORMAT "m", h, m % 60)
                                : g_strdup_printf ("%" G_GINT64_FORMAT "h", h);
  if (h < 48)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", h);
  if (d < 8)
    return h % 24 ? g_strdup_printf ("%" G_GINT64_FORMAT "d%" G_GINT64_FORMAT "h", d, h % 24)
                  : g_strdup_printf ("%" G_GINT64_FORMAT "d", d);
  return g_strdup_printf ("%" G_GINT64_FORMAT "d", d);
}

/* A small JSONPath: ".a.b", ".a[0].b", ".a[?(@.type==\"Ready\")].status". */
static JsonNode *
json_path (JsonNode   *node,
           const char *path)
{
  const char *p = path;

  if (p == NULL)
    return NULL;
  if (*p == '{')
    p++;
  while (node != NULL && *p && *p != '}')
    {
      if (*p == '.')
        {
          const char *start = ++p;
          g_autofree char *key = NULL;

          while (*p && *p != '.' && *p != '[' && *p != '}')
            p++;
          key = g_strndup (start, p - start);
          node = JSON_NODE_HOLDS_OBJECT (node) ? json_object_get_member (json_node_get_object (node), key) : NULL;
        }
      else if (*p == '[')
        {
          const char *end = strchr (p, ']');
          g_autofree char *inner = NULL;

          if (end == NULL || !JSON_NODE_HOLDS_ARRAY (node))
            return NULL;
          inner = g_strndup (p + 1, end - p - 1);
          p = end + 1;
          if (inner[0] == '?')
            {
              /* ?(@.key=="value") */
              char *at = strstr (inner, "@.");
              char *eq = strstr (inner, "==");
              g_autofree char *key = NULL, *value = NULL;
              JsonArray *arr = json_node_get_array (node);
              JsonNode *match = NULL;

              if (at == NULL || eq == NULL)
                return NULL;
              key = g_strndup (at + 2, eq - at - 2);
              value = g_strdup (eq + 2);
              g_strstrip (value);
              if (g_str_has_suffix (value, ")"))
                value[strlen (value) - 1] = '\0';
              g_strstrip (value);
              if (value[0] == '"' || value[0] == '\'')
                {
                  memmove (value, value + 1, strlen (value));
                  if (*value)
                    value[strlen (value) - 1] = '\0';
                }
              for (guint i = 0; i < json_array_get_length (arr) && match == NULL; i++)
                if (g_strcmp0 (kf_sim_json_get_string (json_array_get_element (arr, i), key), value) == 0)
                  match = json_array_get_element (arr, i);
              node = match;
            }
          else
            {
              guint64 idx = g_ascii_strtoull (inner, NULL, 10);
              node = idx < json_array_get_length (json_node_get_array (node)) ?
                     json_array_get_element (json_node_get_array (node), (guint) idx) : NULL;
            }
        }
      else
        return NULL;
    }
  return node;
}

static JsonNode *
cell_for (JsonNode   *value,
          const char *type)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return json_node_new (JSON_NODE_NULL);
  if (g_strcmp0 (type, "date") == 0 && JSON_NODE_HOLDS_VALUE (value) &&
      json_node_get_value_type (value) == G_TYPE_STRING)
    {
      g_autofree char *age = human_age (json_node_get_string (value));
      return json_node_init_string (json_node_alloc (), age);
    }
  if (JSON_NODE_HOLDS_VALUE (value))
    return kf_sim_json_copy (value);
  {
    g_autofree char *text = kf_sim_json_to_string (value, NULL);
    return json_node_init_string (json_node_alloc (), text);
  }
}

typedef struct
{
  const char *name, *type, *path, *description;
  int priority;
} Column;

static const Column generic_columns[] = {
  { "Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0 },
  { NULL }
};
static const Column node_columns[] = {
  { "Status", "string", ".status.conditions[?(@.type==\"Ready\")].status", "The status of the node", 0 },
  { "Age", "date", ".metadata.creationTimestamp", "", 0 },
  { "Version", "string", ".status.nodeInfo.kubeletVersion", "Kubelet Version reported by the node.", 0 },
  { "Internal-IP", "string", ".status.addresses[?(@.type==\"InternalIP\")].address", "", 1 },
  { "OS-Image", "string", ".status.nodeInfo.osImage", "", 1 },
  { NULL }
};
static const Column pod_columns[] = {
  { "Status", "string", ".status.phase", "The aggregate status of the containers in this pod.", 0 },
  { "Restarts", "string", ".status.containerStatuses[0].restartCount", "The number of times the containers in this pod have been restarted.", 0 },
  { "Age", "date", ".metadata.creationTimestamp", "", 0 },
  { "IP", "string", ".status.podIP", "", 1 },
  { "Node", "string", ".spec.nodeName", "", 1 },
  { NULL }
};
static const Column namespace_columns[] = {
  { "Status", "string", ".status.phase", "The status of the namespace", 0 },
  { "Age", "date", ".metadata.creationTimestamp", "", 0 },
  { NULL }
};
static const Column service_columns[] = {
  { "Type", "string", ".spec.type", "", 0 },
  { "Cluster-IP", "string", ".spec.clusterIP", "", 0 },
  { "Port(s)", "string", ".spec.ports[0].port", "", 0 },
  { "Age", "date", ".metadata.creationTimestamp", "", 0 },
  { NULL }
};
static const Column deployment_columns[] = {
  { "Ready", "string", ".status.readyReplicas", "Number of the pod with ready state", 0 },
  { "Up-to-date", "integer", ".status.updatedReplicas", "", 0 },
  { "Available", "integer", ".status.availableReplicas", "", 0 },
  { "Age", "date", ".metadata.creationTimestamp", "", 0 },
  { NULL }
};

static const Column *
builtin_columns (KfSimResourceType *type)
{
  if (g_str_equal (type->store_key, "nodes"))
    return node_columns;
  if (g_str_equal (type->store_key, "pods"))
    return pod_columns;
  if (g_str_equal (type->store_key, "namespaces"))
    return namespace_columns;
  if (g_str_equal (type->store_key, "services"))
    return service_columns;
  if (g_str_equal (type->store_key, "deployments.apps"))
    return deployment_columns;
  return generic_columns;
}

static JsonObject *
column_def (const char *name,
            const char *type,
            const char *format,
            const char *description,
            gint64      priority)
{
  JsonObject *c = json_object_new ();

  json_object_set_string_member (c, "name", name);
  json_object_set_string_member (c, "type", type ? type : "string");
  json_object_set_string_member (c, "format", format ? format : "");
  json_object_set_string_member (c, "description", description ? description : "");
  json_object_set_int_member (c, "priority", priority);
  return c;
}

JsonNode *
kf_sim_table_new (KfSimResourceType *type,
                  GPtrArray         *objects,
                  gboolean           with_columns)
{
  g_autoptr(JsonNode) table = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *o = json_node_get_object (table);
  JsonArray *defs = json_array_new ();
  JsonArray *rows = json_array_new ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();    /* const char* */
  g_autoptr(GPtrArray) types = g_ptr_array_new ();
  JsonArray *crd_columns = type->columns && JSON_NODE_HOLDS_ARRAY (type->columns) ?
                           json_node_get_array (type->columns) : NULL;

  json_object_set_string_member (o, "kind", "Table");
  json_object_set_string_member (o, "apiVersion", "meta.k8s.io/v1");
  json_object_set_object_member (o, "metadata", json_object_new ());

  json_array_add_object_element (defs, column_def ("Name", "string", "name",
                                                   "Name must be unique within a namespace.", 0));
  if (crd_columns != NULL && json_array_get_length (crd_columns) > 0)
    for (guint i = 0; i < json_array_get_length (crd_columns); i++)
      {
        JsonNode *c = json_array_get_element (crd_columns, i);
        JsonNode *prio = kf_sim_json_lookup (c, "priority");

        json_array_add_object_element (defs, column_def (kf_sim_json_get_string (c, "name"),
                                                         kf_sim_json_get_string (c, "type"),
                                                         kf_sim_json_get_string (c, "format"),
                                                         kf_sim_json_get_string (c, "description"),
                                                         prio ? json_node_get_int (prio) : 0));
        g_ptr_array_add (paths, (gpointer) kf_sim_json_get_string (c, "jsonPath"));
        g_ptr_array_add (types, (gpointer) kf_sim_json_get_string (c, "type"));
      }
  else
    for (const Column *c = builtin_columns (type); c->name; c++)
      {
        json_array_add_object_element (defs, column_def (c->name, c->type, NULL, c->description, c->priority));
        g_ptr_array_add (paths, (gpointer) c->path);
        g_ptr_array_add (types, (gpointer) c->type);
      }

  for (guint r = 0; r < objects->len; r++)
    {
      JsonNode *object = objects->pdata[r];
      JsonObject *row = json_object_new ();
      JsonArray *cells = json_array_new ();
      JsonObject *partial = json_object_new ();

      json_array_add_string_element (cells, kf_sim_json_get_string (object, "metadata.name"));
      for (guint c = 0; c < paths->len; c++)
        json_array_add_element (cells, cell_for (json_path (object, paths->pdata[c]), types->pdata[c]));
      json_object_set_array_member (row, "cells", cells);
      json_object_set_string_member (partial, "kind", "PartialObjectMetadata");
      json_object_set_string_member (partial, "apiVersion", "meta.k8s.io/v1");
      json_object_set_member (partial, "metadata", kf_sim_json_copy (kf_sim_json_lookup (object, "metadata")));
      json_object_set_object_member (row, "object", partial);
      json_array_add_object_element (rows, row);
    }
  if (with_columns)
    json_object_set_array_member (o, "columnDefinitions", defs);
  else
    {
      json_array_unref (defs);
      json_object_set_array_member (o, "columnDefinitions", json_array_new ());
    }
  json_object_set_array_member (o, "rows", rows);
  return g_steal_pointer (&table);
}
