/* kf-provider-registry.c: the providers KubeFoundry knows (dynamo, kuberay, kaito)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-providers"

#include "config.h"

#include <string.h>

#include "kf-dynamo-provider.h"
#include "kf-kaito-provider.h"
#include "kf-kuberay-provider.h"
#include "kf-provider-registry.h"

struct _KfProviderRegistry
{
  GObject    parent_instance;
  GPtrArray *providers;
};

G_DEFINE_FINAL_TYPE (KfProviderRegistry, kf_provider_registry, G_TYPE_OBJECT)

static void
kf_provider_registry_finalize (GObject *object)
{
  KfProviderRegistry *self = KF_PROVIDER_REGISTRY (object);

  g_clear_pointer (&self->providers, g_ptr_array_unref);
  G_OBJECT_CLASS (kf_provider_registry_parent_class)->finalize (object);
}

static void
kf_provider_registry_class_init (KfProviderRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_provider_registry_finalize;
}

static void
kf_provider_registry_init (KfProviderRegistry *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->providers, kf_dynamo_provider_new ());
  g_ptr_array_add (self->providers, kf_kuberay_provider_new ());
  g_ptr_array_add (self->providers, kf_kaito_provider_new ());
}

KfProviderRegistry *
kf_provider_registry_new (void)
{
  return g_object_new (KF_TYPE_PROVIDER_REGISTRY, NULL);
}

KfProviderRegistry *
kf_provider_registry_get_default (void)
{
  static KfProviderRegistry *registry;

  if (g_once_init_enter (&registry))
    g_once_init_leave (&registry, kf_provider_registry_new ());
  return registry;
}

GPtrArray *
kf_provider_registry_list (KfProviderRegistry *self)
{
  g_return_val_if_fail (KF_IS_PROVIDER_REGISTRY (self), NULL);

  return self->providers;
}

KfProvider *
kf_provider_registry_lookup (KfProviderRegistry *self,
                             const char         *id)
{
  g_return_val_if_fail (KF_IS_PROVIDER_REGISTRY (self), NULL);

  if (id == NULL)
    return NULL;
  for (guint i = 0; i < self->providers->len; i++)
    {
      KfProvider *provider = g_ptr_array_index (self->providers, i);

      if (g_str_equal (kf_provider_get_id (provider), id))
        return provider;
    }
  return NULL;
}

KfProvider *
kf_provider_registry_lookup_resource (KfProviderRegistry *self,
                                      const char         *api_version,
                                      const char         *kind)
{
  const char *slash;
  gsize group_len;

  g_return_val_if_fail (KF_IS_PROVIDER_REGISTRY (self), NULL);

  if (api_version == NULL || kind == NULL)
    return NULL;
  slash = strchr (api_version, '/');
  group_len = slash != NULL ? (gsize) (slash - api_version) : 0;

  for (guint i = 0; i < self->providers->len; i++)
    {
      KfProvider *provider = g_ptr_array_index (self->providers, i);
      const KfCrdConfig *crd = kf_provider_get_crd_config (provider);

      if (g_str_equal (crd->kind, kind) && strlen (crd->group) == group_len &&
          strncmp (crd->group, api_version, group_len) == 0)
        return provider;
    }
  return NULL;
}

KfProvider *
kf_provider_registry_lookup_for_node (KfProviderRegistry *self,
                                      JsonNode           *resource)
{
  JsonObject *object;
  JsonNode *api_version, *kind;

  if (resource == NULL || !JSON_NODE_HOLDS_OBJECT (resource))
    return NULL;
  object = json_node_get_object (resource);
  api_version = json_object_get_member (object, "apiVersion");
  kind = json_object_get_member (object, "kind");
  if (api_version == NULL || kind == NULL ||
      json_node_get_value_type (api_version) != G_TYPE_STRING || json_node_get_value_type (kind) != G_TYPE_STRING)
    return NULL;
  return kf_provider_registry_lookup_resource (self, json_node_get_string (api_version), json_node_get_string (kind));
}
