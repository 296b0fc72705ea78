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

static gint64
int_at (JsonNode   *object,
        const char *path)
{
  JsonNode *n = kf_sim_json_lookup (object, path);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64 ? json_node_get_int (n) : 0;
}

/* The columns kubectl's printers compute rather than read. */
static JsonNode *
computed_cell (JsonNode   *object,
               const char *name)
{
  g_autofree char *text = NULL;
  JsonNode *statuses = kf_sim_json_lookup (object, "status.containerStatuses");
  JsonArray *cs = statuses && JSON_NODE_HOLDS_ARRAY (statuses) ? json_node_get_array (statuses) : NULL;
  JsonNode *containers = kf_sim_json_lookup (object, "spec.containers");
  guint n_containers = containers && JSON_NODE_HOLDS_ARRAY (containers) ?
                       json_array_get_length (json_node_get_array (containers)) : 0;

  if (g_str_equal (name, "@node-status"))
    {
      JsonNode *ready = json_path (object, ".status.conditions[?(@.type==\"Ready\")].status");
      const char *v = ready && JSON_NODE_HOLDS_VALUE (ready) ? json_node_get_string (ready) : NULL;
      text = g_strdup (g_strcmp0 (v, "True") == 0 ? "Ready" : "NotReady");
      if (kf_sim_json_lookup (object, "spec.unschedulable") != NULL)
        {
          g_autofree char *t = g_steal_pointer (&text);
          text = g_strconcat (t, ",SchedulingDisabled", NULL);
        }
    }
  else if (g_str_equal (name, "@node-roles"))
    {
      JsonNode *labels = kf_sim_json_lookup (object, "metadata.labels");
      GString *roles = g_string_new (NULL);
      if (labels && JSON_NODE_HOLDS_OBJECT (labels))
        {
          g_autoptr(GList) keys = json_object_get_members (json_node_get_object (labels));
          for (GList *l = keys; l; l = l->next)
            if (g_str_has_prefix (l->data, "node-role.kubernetes.io/"))
              g_string_append_printf (roles, "%s%s", roles->len ? "," : "", (char *) l->data + strlen ("node-role.kubernetes.io/"));
        }
      text = roles->len ? g_string_free (roles, FALSE) : (g_string_free (roles, TRUE), g_strdup ("<none>"));
    }
  else if (g_str_equal (name, "@pod-ready"))
    {
      guint ready = 0;
      for (guint i = 0; cs && i < json_array_get_length (cs); i++)
        if (json_object_get_boolean_member_with_default (json_array_get_object_element (cs, i), "ready", FALSE))
          ready++;
      text = g_strdup_printf ("%u/%u", ready, n_containers);
    }
  else if (g_str_equal (name, "@pod-status"))
    {
      const char *reason = NULL;
      for (guint i = 0; cs && i < json_array_get_length (cs) && reason == NULL; i++)
        {
          JsonNode *c = json_array_get_element (cs, i);
          reason = kf_sim_json_get_string (c, "state.waiting.reason");
          if (reason == NULL)
            reason = kf_sim_json_get_string (c, "state.terminated.reason");
        }
      if (reason == NULL && kf_sim_json_lookup (object, "metadata.deletionTimestamp") != NULL)
        reason = "Terminating";
      if (reason == NULL)
        reason = kf_sim_json_get_string (object, "status.reason");
      if (reason == NULL)
        reason = kf_sim_json_get_string (object, "status.phase");
      text = g_strdup (reason ? reason : "Pending");
    }
  else if (g_str_equal (name, "@pod-restarts"))
    {
      gint64 restarts = 0;
      for (guint i = 0; cs && i < json_array_get_length (cs); i++)
        restarts += json_object_get_int_member_with_default (json_array_get_object_element (cs, i), "restartCount", 0);
      return json_node_init_int (json_node_alloc (), restarts);
    }
  else if (g_str_equal (name, "@deployment-ready"))
    text = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                            int_at (object, "status.readyReplicas"), int_at (object, "spec.replicas"));
  return json_node_init_string (json_node_alloc (), text ? text : "");
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
  { "Status", "string", "@node-status", "The status of the node", 0 },
  { "Roles", "string", "@node-roles", "The roles of the node", 0 },
  { "Age", "date", ".metadata.creationTimestamp", "", 0 },
  { "Version", "string", ".status.nodeInfo.kubeletVersion", "Kubelet Version reported by the node.", 0 },
  { "Internal-IP", "string", ".status.addresses[?(@.type==\"InternalIP\")].address", "", 1 },
  { "OS-Image", "string", ".status.nodeInfo.osImage", "", 1 },
  { NULL }
};
static const Column pod_columns[] = {
  { "Ready", "string", "@pod-ready", "The aggregate readiness state of this pod for accepting traffic.", 0 },
  { "Status", "string", "@pod-status", "The aggregate status of the containers in this pod.", 0 },
  { "Restarts", "string", "@pod-restarts", "The number of times the containers in this pod have been restarted.", 0 },
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
  { "Ready", "string", "@deployment-ready", "Number of the pod with ready state", 0 },
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
        {
          const char *path = paths->pdata[c];
          if (path != NULL && path[0] == '@')
            json_array_add_element (cells, computed_cell (object, path));
          else
            json_array_add_element (cells, cell_for (json_path (object, path), types->pdata[c]));
        }
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
