/* kf-sim-discovery.c: /version, /api, /apis, /apis/GROUP, /api/v1, /apis/GROUP/VERSION
 *
 * The legacy (non-aggregated) discovery documents; kubectl falls back to them
 * when the server does not answer with apidiscovery.k8s.io/v2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include "kf-sim-json.h"
#include "kf-sim-server-private.h"

static JsonArray *
strv_array (char **strv)
{
  JsonArray *arr = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (arr, strv[i]);
  return arr;
}

JsonNode *
kf_sim_discovery_version (void)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "major", "1");
  json_object_set_string_member (o, "minor", "32");
  json_object_set_string_member (o, "gitVersion", "v1.32.2");
  json_object_set_string_member (o, "gitCommit", "67a30c0adcf52bd3f56ff0893ce19966be12991f");
  json_object_set_string_member (o, "gitTreeState", "clean");
  json_object_set_string_member (o, "buildDate", "2025-02-12T21:19:47Z");
  json_object_set_string_member (o, "goVersion", "go1.23.6");
  json_object_set_string_member (o, "compiler", "gc");
  json_object_set_string_member (o, "platform", "linux/amd64");
  return json_node_init_object (json_node_alloc (), o);
}

JsonNode *
kf_sim_discovery_api_versions (KfSimServer *server)
{
  JsonObject *o = json_object_new ();
  JsonArray *versions = json_array_new ();
  JsonArray *cidrs = json_array_new ();
  JsonObject *cidr = json_object_new ();
  g_autofree char *addr = g_strdup_printf ("127.0.0.1:%u", server->port);

  json_object_set_string_member (o, "kind", "APIVersions");
  json_array_add_string_element (versions, "v1");
  json_object_set_array_member (o, "versions", versions);
  json_object_set_string_member (cidr, "clientCIDR", "0.0.0.0/0");
  json_object_set_string_member (cidr, "serverAddress", addr);
  json_array_add_object_element (cidrs, cidr);
  json_object_set_array_member (o, "serverAddressByClientCIDRs", cidrs);
  return json_node_init_object (json_node_alloc (), o);
}

static JsonObject *
group_object (KfSimRegistry *registry,
              const char    *group)
{
  JsonObject *g = json_object_new ();
  JsonArray *versions = json_array_new ();
  g_auto(GStrv) names = kf_sim_registry_get_versions (registry, group);

  json_object_set_string_member (g, "name", group);
  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonObject *v = json_object_new ();
      g_autofree char *gv = g_strconcat (group, "/", names[i], NULL);

      json_object_set_string_member (v, "groupVersion", gv);
      json_object_set_string_member (v, "version", names[i]);
      json_array_add_object_element (versions, v);
      if (i == 0)
        json_object_set_object_member (g, "preferredVersion", json_object_ref (v));
    }
  json_object_set_array_member (g, "versions", versions);
  return g;
}

JsonNode *
kf_sim_discovery_group_list (KfSimRegistry *registry)
{
  JsonObject *o = json_object_new ();
  JsonArray *groups = json_array_new ();
  g_autoptr(GPtrArray) names = kf_sim_registry_get_groups (registry);

  json_object_set_string_member (o, "kind", "APIGroupList");
  json_object_set_string_member (o, "apiVersion", "v1");
  for (guint i = 0; i < names->len; i++)
    if (*(const char *) names->pdata[i] != '\0')
      json_array_add_object_element (groups, group_object (registry, names->pdata[i]));
  json_object_set_array_member (o, "groups", groups);
  return json_node_init_object (json_node_alloc (), o);
}

JsonNode *
kf_sim_discovery_group (KfSimRegistry *registry,
                        const char    *group)
{
  g_auto(GStrv) versions = kf_sim_registry_get_versions (registry, group);
  JsonObject *g;

  if (versions[0] == NULL)
    return NULL;
  g = group_object (registry, group);
  json_object_set_string_member (g, "kind", "APIGroup");
  json_object_set_string_member (g, "apiVersion", "v1");
  return json_node_init_object (json_node_alloc (), g);
}

static JsonObject *
resource_object (KfSimResourceType *t,
                 const char        *subresource)
{
  JsonObject *r = json_object_new ();
  g_autofree char *name = subresource ? g_strconcat (t->plural, "/", subresource, NULL) : g_strdup (t->plural);

  json_object_set_string_member (r, "name", name);
  json_object_set_string_member (r, "singularName", subresource ? "" : t->singular);
  json_object_set_boolean_member (r, "namespaced", t->namespaced);
  if (subresource == NULL)
    {
      json_object_set_string_member (r, "kind", t->kind);
      json_object_set_array_member (r, "verbs", strv_array (t->verbs));
      if (t->short_names && t->short_names[0])
        json_object_set_array_member (r, "shortNames", strv_array (t->short_names));
      if (t->categories && t->categories[0])
        json_object_set_array_member (r, "categories", strv_array (t->categories));
      if (t->stored)
        {
          /* a stable hash of the type, as the real server advertises for caching */
          g_autofree char *id = g_strdup_printf ("%s/%s/%s", t->group, t->version, t->plural);
          g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);
          g_autofree char *hash = g_base64_encode ((const guchar *) sum, 8);
          json_object_set_string_member (r, "storageVersionHash", hash);
        }
    }
  else
    {
      const char *verbs_status[] = { "get", "patch", "update", NULL };
      const char *verbs_get[] = { "get", NULL };
      const char *verbs_proxy[] = { "create", "delete", "get", "patch", "update", NULL };
      const char *verbs_create[] = { "create", "get", NULL };
      const char **verbs = verbs_status;
      const char *kind = t->kind;

      if (g_str_equal (subresource, "log"))
        verbs = verbs_get;
      else if (g_str_equal (subresource, "proxy"))
        verbs = verbs_proxy, kind = g_str_equal (t->plural, "pods") ? "PodProxyOptions" :
                                    g_str_equal (t->plural, "nodes") ? "NodeProxyOptions" : "ServiceProxyOptions";
      else if (g_str_equal (subresource, "exec") || g_str_equal (subresource, "portforward"))
        verbs = verbs_create, kind = g_str_equal (subresource, "exec") ? "PodExecOptions" : "PodPortForwardOptions";
      else if (g_str_equal (subresource, "scale"))
        kind = "Scale";
      if (g_str_equal (subresource, "log"))
        kind = "Pod";
      if (g_str_equal (subresource, "scale"))
        {
          json_object_set_string_member (r, "group", "autoscaling");
          json_object_set_string_member (r, "version", "v1");
        }
      json_object_set_string_member (r, "kind", kind);
      json_object_set_array_member (r, "verbs", strv_array ((char **) verbs));
    }
  return r;
}

JsonNode *
kf_sim_discovery_resource_list (KfSimRegistry *registry,
                                const char    *group,
                                const char    *version)
{
  g_autoptr(GPtrArray) types = kf_sim_registry_get_types (registry, group, version);
  JsonObject *o;
  JsonArray *resources;
  g_autofree char *gv = NULL;

  if (types->len == 0)
    return NULL;
  o = json_object_new ();
  resources = json_array_new ();
  gv = *group ? g_strconcat (group, "/", version, NULL) : g_strdup (version);
  json_object_set_string_member (o, "kind", "APIResourceList");
  json_object_set_string_member (o, "apiVersion", "v1");
  json_object_set_string_member (o, "groupVersion", gv);
  for (guint i = 0; i < types->len; i++)
    {
      KfSimResourceType *t = types->pdata[i];

      json_array_add_object_element (resources, resource_object (t, NULL));
      for (guint s = 0; t->subresources && t->subresources[s]; s++)
        json_array_add_object_element (resources, resource_object (t, t->subresources[s]));
    }
  json_object_set_array_member (o, "resources", resources);
  return json_node_init_object (json_node_alloc (), o);
}
