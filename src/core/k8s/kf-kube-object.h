/* kf-kube-object.h: one Kubernetes object, as an informer's list item
 *
 * Wraps the object's JSON (managedFields dropped to save memory) with cheap
 * accessors for what lists show and sort by. The JSON is replaced in place
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

/* Takes a reference on @json (must be an object with metadata.name); strips
 * metadata.managedFields from it. Returns NULL for a node without a name. */
KfKubeObject *kf_kube_object_new                  (JsonNode     *json);
/* Replaces the JSON (same rules as new); notifies "json" and the changed accessors. */
void          kf_kube_object_set_json             (KfKubeObject *self,
                                                   JsonNode     *json);
JsonNode     *kf_kube_object_get_json             (KfKubeObject *self);
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
