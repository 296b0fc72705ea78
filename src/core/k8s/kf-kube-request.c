/* kf-kube-request.c: resource descriptors, API paths and list options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include <stdarg.h>

#include "kf-kube-request.h"

const KfKubeResource kf_kube_resource_pods = { "", "v1", "pods" };
const KfKubeResource kf_kube_resource_services = { "", "v1", "services" };
const KfKubeResource kf_kube_resource_events = { "", "v1", "events" };
const KfKubeResource kf_kube_resource_namespaces = { "", "v1", "namespaces" };
const KfKubeResource kf_kube_resource_nodes = { "", "v1", "nodes" };
const KfKubeResource kf_kube_resource_configmaps = { "", "v1", "configmaps" };
const KfKubeResource kf_kube_resource_secrets = { "", "v1", "secrets" };
const KfKubeResource kf_kube_resource_deployments = { "apps", "v1", "deployments" };
const KfKubeResource kf_kube_resource_crds = { "apiextensions.k8s.io", "v1", "customresourcedefinitions" };
const KfKubeResource kf_kube_resource_dynamo_graph_deployments = { "nvidia.com", "v1alpha1", "dynamographdeployments" };
const KfKubeResource kf_kube_resource_ray_services = { "ray.io", "v1", "rayservices" };
const KfKubeResource kf_kube_resource_kaito_workspaces = { "kaito.sh", "v1beta1", "workspaces" };

static void
append_segment (GString    *path,
                const char *segment)
{
  g_string_append_c (path, '/');
  g_string_append_uri_escaped (path, segment, ":@", FALSE);
}

char *
kf_kube_build_path (const KfKubeResource *resource,
                    const char           *ns,
                    const char           *name,
                    const char           *subresource)
{
  GString *path = g_string_new (NULL);

  g_return_val_if_fail (resource != NULL && resource->plural != NULL, NULL);

  if (resource->group == NULL || resource->group[0] == '\0')
    {
      g_string_append (path, "/api");
      append_segment (path, resource->version ? resource->version : "v1");
    }
  else
    {
      g_string_append (path, "/apis");
      append_segment (path, resource->group);
      append_segment (path, resource->version);
    }
  if (ns != NULL && ns[0] != '\0')
    {
      g_string_append (path, "/namespaces");
      append_segment (path, ns);
    }
  append_segment (path, resource->plural);
  if (name != NULL)
    {
      append_segment (path, name);
      if (subresource != NULL)
        append_segment (path, subresource);
    }
  return g_string_free (path, FALSE);
}

static void
append_param (GString    *query,
              const char *key,
              const char *value)
{
  if (value == NULL)
    return;
  g_string_append_c (query, query->len == 0 ? '?' : '&');
  g_string_append (query, key);
  g_string_append_c (query, '=');
  g_string_append_uri_escaped (query, value, NULL, FALSE);
}

char *
kf_kube_build_query (const char *first_key,
                     ...)
{
  GString *query = g_string_new (NULL);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    append_param (query, key, va_arg (args, const char *));
  va_end (args);
  return g_string_free (query, FALSE);
}

char *
kf_kube_build_list_query (const KfKubeListOptions *options,
                          gboolean                 watch)
{
  GString *query = g_string_new (NULL);
  static const KfKubeListOptions none = { 0 };

  if (options == NULL)
    options = &none;
  if (watch)
    {
      append_param (query, "watch", "1");
      append_param (query, "allowWatchBookmarks", "true");
    }
  append_param (query, "labelSelector", options->label_selector);
  append_param (query, "fieldSelector", options->field_selector);
  if (options->limit > 0 && !watch)
    {
      char buf[16];
      g_snprintf (buf, sizeof buf, "%u", options->limit);
      append_param (query, "limit", buf);
    }
  if (!watch)
    append_param (query, "continue", options->continue_token);
  append_param (query, "resourceVersion", options->resource_version);
  if (options->timeout_seconds > 0 && watch)
    {
      char buf[16];
      g_snprintf (buf, sizeof buf, "%u", options->timeout_seconds);
      append_param (query, "timeoutSeconds", buf);
    }
  return g_string_free (query, FALSE);
}
