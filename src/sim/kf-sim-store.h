/* kf-sim-store.h: the simulated cluster's object store
 *
 * Objects are JSON (JsonNode, as the API server would serve them), keyed by
 * resource, namespace and name. Resources are named "PLURAL" for the core
 * group and "PLURAL.GROUP" otherwise: "pods", "services", "events", "nodes",
 * "deployments.apps", "dynamographdeployments.nvidia.com", "rayservices.ray.io",
 * "workspaces.kaito.sh". The store assigns metadata.uid, resourceVersion (one
 * cluster-wide counter, as etcd's revision), creationTimestamp and generation,
 * and handles generateName. Every change emits ::changed, which watches and
 * the simulated operators listen to. All calls are main-thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KF_SIM_STORE_ERROR (kf_sim_store_error_quark ())

/* Each maps to the Kubernetes Status reason of the same name. */
typedef enum
{
  KF_SIM_STORE_ERROR_NOT_FOUND,       /* 404 NotFound */
  KF_SIM_STORE_ERROR_ALREADY_EXISTS,  /* 409 AlreadyExists */
  KF_SIM_STORE_ERROR_CONFLICT,        /* 409 Conflict (stale resourceVersion) */
  KF_SIM_STORE_ERROR_INVALID,         /* 422 Invalid */
  KF_SIM_STORE_ERROR_GONE,            /* 410 Gone (watch from a compacted resourceVersion) */
  KF_SIM_STORE_ERROR_BAD_REQUEST,     /* 400 BadRequest (malformed selector or continue token) */
} KfSimStoreError;

typedef enum
{
  KF_SIM_EVENT_ADDED,
  KF_SIM_EVENT_MODIFIED,
  KF_SIM_EVENT_DELETED,
} KfSimEventType;

#define KF_TYPE_SIM_STORE (kf_sim_store_get_type ())
G_DECLARE_FINAL_TYPE (KfSimStore, kf_sim_store, KF, SIM_STORE, GObject)

GQuark      kf_sim_store_error_quark     (void);

KfSimStore *kf_sim_store_new             (void);

/* Current cluster-wide resourceVersion. */
guint64     kf_sim_store_get_revision    (KfSimStore  *self);

/* A deep copy of the stored object, or NULL with KF_SIM_STORE_ERROR_NOT_FOUND.
 * @ns is NULL for cluster-scoped resources. */
JsonNode   *kf_sim_store_get             (KfSimStore  *self,
                                          const char  *resource,
                                          const char  *ns,
                                          const char  *name,
                                          GError     **error);

/* Deep copies of the objects of @resource in @ns (NULL: all namespaces),
 * sorted by namespace then name. @label_selector and @field_selector use the
 * Kubernetes syntax ("app=x,tier!=y,env in (a,b),!gone"; "metadata.name=x,
 * status.phase!=Failed,spec.nodeName=n1,involvedObject.name=p"); NULL for none. */
GPtrArray  *kf_sim_store_list            (KfSimStore  *self,
                                          const char  *resource,
                                          const char  *ns,
                                          const char  *label_selector,
                                          const char  *field_selector,
                                          GError     **error);

/* Stores a new object and returns a copy of what was stored. */
JsonNode   *kf_sim_store_create          (KfSimStore  *self,
                                          const char  *resource,
                                          const char  *ns,
                                          JsonNode    *object,
                                          GError     **error);

/* Like kf_sim_store_create, but takes ownership of @object (a mutable node
 * the store completes and seals) instead of copying it, and returns nothing:
 * for large objects such as CRDs. */
gboolean    kf_sim_store_add             (KfSimStore  *self,
                                          const char  *resource,
                                          const char  *ns,
                                          JsonNode    *object,
                                          GError     **error);

/* Replaces an object. When @object carries metadata.resourceVersion it must
 * match the stored one (else CONFLICT). With @status_only, only .status is
 * taken from @object (the status subresource); otherwise .status is kept from
 * the stored object for resources that have a status subresource. Bumps
 * metadata.generation when .spec changes. */
JsonNode   *kf_sim_store_update          (KfSimStore  *self,
                                          const char  *resource,
                                          const char  *ns,
                                          JsonNode    *object,
                                          gboolean     status_only,
                                          GError     **error);

/* Deletes an object; returns the deleted object. Deleting a namespace deletes
 * everything in it. */
JsonNode   *kf_sim_store_delete          (KfSimStore  *self,
                                          const char  *resource,
                                          const char  *ns,
                                          const char  *name,
                                          GError     **error);

/* A delete as the API server does it: an object with metadata.finalizers, or
 * one given a grace period (@grace_seconds > 0: pods), is only marked
 * (metadata.deletionTimestamp = now + grace, deletionGracePeriodSeconds; a
 * MODIFIED event) and goes (DELETED) by the update that leaves it with no
 * finalizer and a grace period of 0. Otherwise it is deleted at once. Returns
 * the object as marked or as deleted; *@gone (may be NULL) says which. */
JsonNode   *kf_sim_store_delete_graceful (KfSimStore  *self,
                                          const char  *resource,
                                          const char  *ns,
                                          const char  *name,
                                          gint64       grace_seconds,
                                          gboolean    *gone,
                                          GError     **error);

/* Tells the store that @resource has a status subresource (CRDs with
 * subresources.status, pods, deployments, nodes...). */
void        kf_sim_store_set_has_status  (KfSimStore  *self,
                                          const char  *resource,
                                          gboolean     has_status);

/* One entry of the event history (what a watch replays). */
typedef struct
{
  KfSimEventType  type;
  char           *resource;
  char           *ns;         /* NULL for cluster-scoped objects */
  guint64         revision;   /* the resourceVersion the event happened at */
  JsonNode       *object;     /* sealed (immutable); json_node_ref to keep */
  JsonNode       *old_object; /* MODIFIED: the version it replaced (sealed); else NULL */
} KfSimStoreEvent;

void        kf_sim_store_event_free      (KfSimStoreEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfSimStoreEvent, kf_sim_store_event_free)

/* TRUE when kf_sim_store_set_has_status said so. */
gboolean    kf_sim_store_get_has_status  (KfSimStore  *self,
                                          const char  *resource);

/* One page of a list, in the same order as kf_sim_store_list. @start_after
 * is the key ("NS/NAME" or "NAME") of the last object of the previous page
 * (NULL for the first page); @limit 0 means no limit. When more objects
 * follow, *@next_key is set to the key to continue after, else NULL;
 * *@remaining (may be NULL) counts the matching objects left after the page. */
GPtrArray  *kf_sim_store_list_page       (KfSimStore  *self,
                                          const char  *resource,
                                          const char  *ns,
                                          const char  *label_selector,
                                          const char  *field_selector,
                                          const char  *start_after,
                                          guint        limit,
                                          char       **next_key,
                                          guint       *remaining,
                                          GError     **error);

/* Same, without copying: the stored (sealed, immutable) nodes, referenced.
 * For read-only use (serializing a list answer). */
GPtrArray  *kf_sim_store_list_page_sealed (KfSimStore *self,
                                           const char *resource,
                                           const char *ns,
                                           const char *label_selector,
                                           const char *field_selector,
                                           const char *start_after,
                                           guint       limit,
                                           char      **next_key,
                                           guint      *remaining,
                                           GError    **error);

/* The key kf_sim_store_list_page orders by, for an object. */
char       *kf_sim_store_key_for         (JsonNode    *object);

/* The events of @resource (NULL: every resource) in @ns (NULL: all) that
 * happened after @since (a resourceVersion), oldest first, as
 * KfSimStoreEvent* (free func set). Fails with KF_SIM_STORE_ERROR_GONE when
 * the history no longer reaches back to @since. */
GPtrArray  *kf_sim_store_events_since    (KfSimStore  *self,
                                          const char  *resource,
                                          const char  *ns,
                                          guint64      since,
                                          GError     **error);

/* How many events the history keeps (default 20000); older ones are compacted. */
void        kf_sim_store_set_history_size (KfSimStore *self,
                                           guint       size);
/* Drops the whole history, as an etcd compaction would: any watch resuming
 * from an older resourceVersion gets 410 Gone. */
void        kf_sim_store_compact         (KfSimStore  *self);

/* During ::changed: the event being emitted (its old_object tells a watch
 * whether the object matched its selector before). NULL when the history is empty. */
const KfSimStoreEvent *kf_sim_store_peek_last_event (KfSimStore *self);

/* Number of objects of @resource (all namespaces). */
guint       kf_sim_store_count           (KfSimStore  *self,
                                          const char  *resource);

/* Signal "changed" (KfSimEventType type, const char *resource, JsonNode *object):
 * emitted after every create, update and delete, with the object as stored
 * (for DELETED: as it was, with the deletion's resourceVersion). Handlers must
 * not keep @object without json_node_ref/copy. */

G_END_DECLS
