/* kf-kube-request.h: resource descriptors, API paths and list options
 *
 * A KfKubeResource names a resource type by (group, version, plural): the
 * core group is "" or NULL. Paths:
 *   core, namespaced      /api/v1/namespaces/NS/PLURAL[/NAME[/SUB]]
 *   core, cluster/all-ns  /api/v1/PLURAL[/NAME[/SUB]]
 *   group                 /apis/GROUP/VERSION/…  (same shape)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *group;    /* "" or NULL for the core group */
  const char *version;  /* "v1" */
  const char *plural;   /* "pods" */
} KfKubeResource;

#define KF_KUBE_RESOURCE_INIT(g, v, p) { (g), (v), (p) }

/* Well-known resources. */
extern const KfKubeResource kf_kube_resource_pods;
extern const KfKubeResource kf_kube_resource_services;
extern const KfKubeResource kf_kube_resource_events;
extern const KfKubeResource kf_kube_resource_namespaces;
extern const KfKubeResource kf_kube_resource_nodes;
extern const KfKubeResource kf_kube_resource_configmaps;
extern const KfKubeResource kf_kube_resource_secrets;
extern const KfKubeResource kf_kube_resource_deployments;
extern const KfKubeResource kf_kube_resource_crds;
extern const KfKubeResource kf_kube_resource_dynamo_graph_deployments;
extern const KfKubeResource kf_kube_resource_ray_services;
extern const KfKubeResource kf_kube_resource_kaito_workspaces;

/* Options of list and watch requests; every field is optional (NULL / 0). */
typedef struct
{
  const char *label_selector;
  const char *field_selector;
  guint       limit;
  const char *continue_token;
  const char *resource_version;
  guint       timeout_seconds;  /* watch: the server ends the stream after this */
} KfKubeListOptions;

/* The path of a collection (@name NULL) or an object, with an optional
 * subresource ("status", "log", "scale"). @ns NULL: cluster-scoped resource,
 * or all namespaces for a list. Each segment is percent-encoded. */
char *kf_kube_build_path (const KfKubeResource *resource,
                          const char           *ns,
                          const char           *name,
                          const char           *subresource);

/* Appends "?k=v&…" for the options (and @watch) to @path; returns a new string. */
char *kf_kube_build_list_query (const KfKubeListOptions *options,
                                gboolean                 watch);

/* A query string from NULL-terminated key, value pairs (NULL values skipped). */
char *kf_kube_build_query (const char *first_key,
                           ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
