/* kf-provider-registry.h: the providers KubeFoundry knows (dynamo, kuberay, kaito)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-provider.h"

G_BEGIN_DECLS

#define KF_DEFAULT_PROVIDER_ID "dynamo"

#define KF_TYPE_PROVIDER_REGISTRY (kf_provider_registry_get_type ())
G_DECLARE_FINAL_TYPE (KfProviderRegistry, kf_provider_registry, KF, PROVIDER_REGISTRY, GObject)

/* A registry holding the three built-in providers, in the original's order
 * (dynamo, kuberay, kaito). */
KfProviderRegistry *kf_provider_registry_new             (void);
/* The process-wide registry (created on first use; never freed). */
KfProviderRegistry *kf_provider_registry_get_default     (void);

/* Borrowed array of KfProvider, in order. */
GPtrArray          *kf_provider_registry_list            (KfProviderRegistry *self);
/* Borrowed; NULL if unknown. */
KfProvider         *kf_provider_registry_lookup          (KfProviderRegistry *self,
                                                          const char         *id);
/* The provider that owns resources of this apiVersion ("nvidia.com/v1beta1": any
 * version of the provider's group) and kind. Borrowed; NULL if none. */
KfProvider         *kf_provider_registry_lookup_resource (KfProviderRegistry *self,
                                                          const char         *api_version,
                                                          const char         *kind);
/* The same, reading apiVersion and kind from a resource. */
KfProvider         *kf_provider_registry_lookup_for_node (KfProviderRegistry *self,
                                                          JsonNode           *resource);

G_END_DECLS
