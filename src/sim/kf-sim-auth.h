/* kf-sim-auth.h: authorization of the simulated cluster's users
 *
 * A user's rules (from the scenario) are RBAC-like: {verbs, apiGroups,
 * resources, namespaces, resourceNames}, "*" wildcards, a missing list
 * meaning "*". Resources name subresources as "pods/log". NULL rules allow
 * everything (cluster-admin).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-sim-scenario.h"

G_BEGIN_DECLS

typedef struct
{
  const char *verb;          /* get, list, watch, create, update, patch, delete, deletecollection */
  const char *group;         /* "" for core */
  const char *resource;      /* plural */
  const char *subresource;   /* or NULL */
  const char *ns;            /* or NULL (cluster scope / all namespaces) */
  const char *name;          /* or NULL */
} KfSimAttributes;

gboolean  kf_sim_auth_allows            (KfSimUser             *user,
                                         const KfSimAttributes *attrs);
/* `pods "x" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"` */
char     *kf_sim_auth_forbidden_message (KfSimUser             *user,
                                         const KfSimAttributes *attrs);

G_END_DECLS
