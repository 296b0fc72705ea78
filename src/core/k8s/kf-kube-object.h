/* kf-kube-object.h: one Kubernetes object, as an informer's list item
 *
 * Holds the object's JSON compactly (as text, managedFields dropped) with the
 * fields lists show and sort by extracted; the JsonNode tree is built on the
 * first kf_kube_object_get_json() and kept. The content is replaced in place
 * when the object changes (KfInformer emits items-changed for its position
 * and "notify::json" on the object).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KF_TYPE_KUBE_OBJECT (kf_kube_object_get_type ())
G_DECLARE_FINAL_TYPE (KfKubeObject, kf_kube_object, KF, KUBE_OBJECT, GObject)

/* Copies what it needs from @json (an object with metadata.name; left
 * unchanged); managedFields are dropped. Returns NULL for a node without a name. */
KfKubeObject *kf_kube_object_new                  (JsonNode     *json);
/* Replaces the JSON (same rules as new); notifies "json" and the changed accessors. */
void          kf_kube_object_set_json             (KfKubeObject *self,
                                                   JsonNode     *json);
/* The object as JSON (borrowed; valid until the next set_json). */
JsonNode     *kf_kube_object_get_json             (KfKubeObject *self);
/* The object as compact JSON text (borrowed). */
GBytes       *kf_kube_object_get_bytes            (KfKubeObject *self);
const char   *kf_kube_object_get_name             (KfKubeObject *self);
const char   *kf_kube_object_get_namespace        (KfKubeObject *self);  /* NULL: cluster-scoped */
const char   *kf_kube_object_get_uid              (KfKubeObject *self);
const char   *kf_kube_object_get_resource_version (KfKubeObject *self);
const char   *kf_kube_object_get_kind             (KfKubeObject *self);
/* metadata.labels (borrowed; NULL when none) and one label's value. */
JsonObject   *kf_kube_object_get_labels           (KfKubeObject *self);
const char   *kf_kube_object_get_label            (KfKubeObject *self,
                                                   const char   *key);
/* metadata.creationTimestamp as GDateTime (new ref), or NULL. */
GDateTime    *kf_kube_object_dup_creation_time    (KfKubeObject *self);

/* Sort order of informers: namespace (cluster-scoped first), then name. */
int           kf_kube_object_compare_key          (const char   *ns_a,
                                                   const char   *name_a,
                                                   const char   *ns_b,
                                                   const char   *name_b);

/* Strips metadata.managedFields in place (what informers keep). */
void          kf_kube_object_strip                (JsonNode     *json);

G_END_DECLS
