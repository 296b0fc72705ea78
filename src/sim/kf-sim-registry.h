/* kf-sim-registry.h: the API resource types the simulated cluster serves
 *
 * The built-in types (core v1, apps/v1, rbac, apiextensions, authentication,
 * authorization, storage) are registered at creation; custom resources come
 * and go with their CustomResourceDefinition objects in the store (the
 * registry listens to the store's ::changed signal), as on a real API server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kf-sim-store.h"

G_BEGIN_DECLS

typedef struct
{
  char      *group;          /* "" for core */
  char      *version;
  char      *plural;
  char      *singular;
  char      *kind;
  char      *store_key;      /* "pods", "deployments.apps": the KfSimStore resource name */
  gboolean   namespaced;
  gboolean   has_status;
  gboolean   has_scale;
  gboolean   stored;         /* FALSE for reviews (create-only, never stored) */
  char     **verbs;
  char     **short_names;
  char     **categories;
  char     **subresources;   /* "status", "scale", "log", "proxy"... */
  JsonNode  *schema;         /* CRs: openAPIV3Schema of this version (borrowed from crd) */
  JsonNode  *columns;        /* CRs: additionalPrinterColumns of this version, or NULL */
  JsonNode  *crd;            /* CRs: the CRD (sealed) */
  char      *spec_replicas_path;   /* scale: ".spec.replicas" */
  char      *status_replicas_path;
  char      *label_selector_path;
} KfSimResourceType;

#define KF_TYPE_SIM_REGISTRY (kf_sim_registry_get_type ())
G_DECLARE_FINAL_TYPE (KfSimRegistry, kf_sim_registry, KF, SIM_REGISTRY, GObject)

KfSimRegistry     *kf_sim_registry_new             (KfSimStore    *store);

/* The type served at GROUP/VERSION/PLURAL ("" group for core), or NULL. Borrowed. */
KfSimResourceType *kf_sim_registry_lookup          (KfSimRegistry *self,
                                                    const char    *group,
                                                    const char    *version,
                                                    const char    *plural);
/* By store key and (optional) version; the preferred version when @version is NULL. */
KfSimResourceType *kf_sim_registry_lookup_store_key (KfSimRegistry *self,
                                                     const char    *store_key,
                                                     const char    *version);
/* By group and kind (any served version: the preferred one). */
KfSimResourceType *kf_sim_registry_lookup_kind     (KfSimRegistry *self,
                                                    const char    *group,
                                                    const char    *kind);

/* Groups, in discovery order, and their served versions, preferred first. */
GPtrArray         *kf_sim_registry_get_groups      (KfSimRegistry *self);   /* char* (borrowed) */
char             **kf_sim_registry_get_versions    (KfSimRegistry *self,
                                                    const char    *group);
/* Types of one group/version, in registration order. Borrowed KfSimResourceType*. */
GPtrArray         *kf_sim_registry_get_types       (KfSimRegistry *self,
                                                    const char    *group,
                                                    const char    *version);

/* Checks a CRD before it is stored: returns FALSE and KfSchemaCause*s
 * (FieldValueRequired/FieldValueInvalid on spec.group, spec.names.plural…). */
gboolean           kf_sim_registry_check_crd       (KfSimRegistry *self,
                                                    JsonNode      *crd,
                                                    GPtrArray    **causes);

/* Sets a CRD's status as the apiextensions server does once it is
 * established (acceptedNames, NamesAccepted/Established, storedVersions). */
void               kf_sim_registry_prepare_crd     (JsonNode      *crd);

G_END_DECLS
