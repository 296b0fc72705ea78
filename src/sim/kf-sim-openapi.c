/* kf-sim-openapi.c: /openapi/v3 and /openapi/v3/api(s)/GROUP/VERSION
 *
 * Just enough OpenAPI v3 for kubectl: it checks, before `create`/`apply`
 * with --validate=strict (its default), that the PATCH operation of the
 * object's GroupVersionKind accepts the fieldValidation query parameter;
 * without /openapi it refuses to go on. Custom resources get their CRD
 * schema under components/schemas (kubectl explain reads it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include "kf-sim-json.h"
#include "kf-sim-server-private.h"

static char *
gv_path (const char *group,
         const char *version)
{
  return *group ? g_strconcat ("apis/", group, "/", version, NULL) : g_strconcat ("api/", version, NULL);
}

static char *
gv_hash (KfSimRegistry *registry,
         const char    *group,
         const char    *version)
{
  g_autoptr(GPtrArray) types = kf_sim_registry_get_types (registry, group, version);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *hex = NULL;

  for (guint i = 0; i < types->len; i++)
    {
      KfSimResourceType *t = types->pdata[i];
      g_checksum_update (sum, (const guchar *) t->plural, -1);
      g_checksum_update (sum, (const guchar *) t->kind, -1);
      if (t->crd != NULL)
        g_checksum_update (sum, (const guchar *) kf_sim_json_get_string (t->crd, "metadata.resourceVersion"), -1);
    }
  hex = g_strdup (g_checksum_get_string (sum));
  hex[32] = '\0';
  return g_ascii_strup (hex, -1);
}

JsonNode *
kf_sim_openapi_root (KfSimRegistry *registry)
{
  JsonObject *root = json_object_new ();
  JsonObject *paths = json_object_new ();
  g_autoptr(GPtrArray) groups = kf_sim_registry_get_groups (registry);

  for (guint g = 0; g < groups->len; g++)
    {
      g_auto(GStrv) versions = kf_sim_registry_get_versions (registry, groups->pdata[g]);

      for (guint v = 0; versions[v]; v++)
        {
          g_autofree char *path = gv_path (groups->pdata[g], versions[v]);
          g_autofree char *hash = gv_hash (registry, groups->pdata[g], versions[v]);
          g_autofree char *url = g_strdup_printf ("/openapi/v3/%s?hash=%s", path, hash);
          JsonObject *entry = json_object_new ();

          json_object_set_string_member (entry, "serverRelativeURL", url);
          json_object_set_object_member (paths, path, entry);
        }
    }
  json_object_set_object_member (root, "paths", paths);
  return json_node_init_object (json_node_alloc (), root);
}

static JsonObject *
gvk_object (KfSimResourceType *t)
{
  JsonObject *gvk = json_object_new ();

  json_object_set_string_member (gvk, "group", t->group);
  json_object_set_string_member (gvk, "version", t->version);
  json_object_set_string_member (gvk, "kind", t->kind);
  return gvk;
}

static JsonObject *
operation (KfSimResourceType *t,
           const char        *action,
           gboolean           with_field_validation)
{
  JsonObject *op = json_object_new ();
  JsonArray *params = json_array_new ();
  const char *names[] = { "dryRun", "fieldManager", "fieldValidation", NULL };
  g_autofree char *id = g_strdup_printf ("%s%s", action, t->kind);

  json_object_set_string_member (op, "operationId", id);
  json_object_set_string_member (op, "x-kubernetes-action", action);
  json_object_set_object_member (op, "x-kubernetes-group-version-kind", gvk_object (t));
  for (guint i = 0; names[i]; i++)
    {
      JsonObject *p;
      if (!with_field_validation && i == 2)
        continue;
      p = json_object_new ();
      json_object_set_string_member (p, "name", names[i]);
      json_object_set_string_member (p, "in", "query");
      json_object_set_boolean_member (p, "uniqueItems", TRUE);
      json_object_set_object_member (p, "schema", json_object_new ());
      json_object_set_string_member (json_object_get_object_member (p, "schema"), "type", "string");
      json_array_add_object_element (params, p);
    }
  json_object_set_array_member (op, "parameters", params);
  json_object_set_object_member (op, "responses", json_object_new ());
  return op;
}

JsonNode *
kf_sim_openapi_group_version (KfSimRegistry *registry,
                              const char    *group,
                              const char    *version)
{
  g_autoptr(GPtrArray) types = kf_sim_registry_get_types (registry, group, version);
  JsonObject *doc, *info, *paths, *schemas, *components;
  g_autofree char *prefix = NULL;

  if (types->len == 0)
    return NULL;
  doc = json_object_new ();
  info = json_object_new ();
  paths = json_object_new ();
  schemas = json_object_new ();
  components = json_object_new ();
  prefix = gv_path (group, version);
  json_object_set_string_member (doc, "openapi", "3.0.0");
  json_object_set_string_member (info, "title", "Kubernetes");
  json_object_set_string_member (info, "version", "v1.32.2");
  json_object_set_object_member (doc, "info", info);

  for (guint i = 0; i < types->len; i++)
    {
      KfSimResourceType *t = types->pdata[i];
      g_autofree char *collection = NULL, *item = NULL, *schema_name = NULL;
      JsonObject *cpath = json_object_new (), *ipath = json_object_new ();

      collection = t->namespaced ? g_strdup_printf ("/%s/namespaces/{namespace}/%s", prefix, t->plural)
                                 : g_strdup_printf ("/%s/%s", prefix, t->plural);
      item = g_strdup_printf ("%s/{name}", collection);
      json_object_set_object_member (cpath, "post", operation (t, "post", TRUE));
      if (t->stored)
        {
          json_object_set_object_member (cpath, "get", operation (t, "list", FALSE));
          json_object_set_object_member (ipath, "get", operation (t, "get", FALSE));
          json_object_set_object_member (ipath, "put", operation (t, "put", TRUE));
          json_object_set_object_member (ipath, "patch", operation (t, "patch", TRUE));
          json_object_set_object_member (ipath, "delete", operation (t, "delete", FALSE));
          json_object_set_object_member (paths, item, ipath);
        }
      else
        json_object_unref (ipath);
      json_object_set_object_member (paths, collection, cpath);

      if (t->schema != NULL)
        {
          JsonNode *schema = kf_sim_json_copy (t->schema);
          JsonArray *gvks = json_array_new ();
          const char *dot_group = t->group;
          g_auto(GStrv) parts = g_strsplit (dot_group, ".", -1);
          GString *rev = g_string_new (NULL);

          /* "io.ray.v1.RayService": the group reversed, as the server names CRD schemas */
          for (int k = (int) g_strv_length (parts) - 1; k >= 0; k--)
            g_string_append_printf (rev, "%s.", parts[k]);
          schema_name = g_strdup_printf ("%s%s.%s", rev->str, t->version, t->kind);
          g_string_free (rev, TRUE);
          json_array_add_object_element (gvks, gvk_object (t));
          if (JSON_NODE_HOLDS_OBJECT (schema))
            json_object_set_array_member (json_node_get_object (schema), "x-kubernetes-group-version-kind", gvks);
          else
            json_array_unref (gvks);
          json_object_set_member (schemas, schema_name, schema);
        }
    }
  json_object_set_object_member (doc, "paths", paths);
  json_object_set_object_member (components, "schemas", schemas);
  json_object_set_object_member (doc, "components", components);
  return json_node_init_object (json_node_alloc (), doc);
}
