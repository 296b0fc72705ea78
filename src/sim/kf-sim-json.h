/* kf-sim-json.h: JSON helpers of the simulated cluster (deep copies, paths,
 * JSON merge patch, strategic merge patch, JSON patch, timestamps)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A deep, mutable (unsealed) copy of @node. NULL for NULL. */
JsonNode   *kf_sim_json_copy            (JsonNode    *node);

/* The member at a dotted @path ("metadata.name", "spec.nodeName") or NULL. Borrowed. */
JsonNode   *kf_sim_json_lookup          (JsonNode    *node,
                                         const char  *path);
/* The string at a dotted path, or NULL. Borrowed. */
const char *kf_sim_json_get_string      (JsonNode    *node,
                                         const char  *path);
/* The object at a dotted path, created (with intermediate objects) when absent. */
JsonObject *kf_sim_json_ensure_object   (JsonNode    *node,
                                         const char  *path);

/* Structural equality (object member order ignored, numbers compared by value). */
gboolean    kf_sim_json_equal           (JsonNode    *a,
                                         JsonNode    *b);

/* RFC 7386 JSON merge patch: returns the patched copy of @target. */
JsonNode   *kf_sim_json_merge_patch     (JsonNode    *target,
                                         JsonNode    *patch);

/* Kubernetes strategic merge patch, good enough for kubectl apply/scale/
 * label/annotate: like a merge patch, except that lists of objects with a
 * known merge key ("name" for containers, env, ports, volumes..., "type" for
 * conditions) are merged by key, and the "$patch": "delete"/"replace" and
 * "$retainKeys"/"$setElementOrder" directives are honoured or dropped. */
JsonNode   *kf_sim_json_strategic_merge (JsonNode    *target,
                                         JsonNode    *patch);

/* RFC 6902 JSON patch (add, remove, replace, move, copy, test). */
JsonNode   *kf_sim_json_patch           (JsonNode    *target,
                                         JsonNode    *patch,
                                         GError     **error);

/* "2026-01-02T03:04:05Z" for now (UTC). */
char       *kf_sim_json_timestamp_now   (void);

/* Serializes compactly. */
char       *kf_sim_json_to_string       (JsonNode    *node,
                                         gsize       *length);
/* Parses; NULL root, or a parse error, gives an error. */
JsonNode   *kf_sim_json_from_data       (const char  *data,
                                         gsize        length,
                                         GError     **error);

/* A list's continue token, as the API server encodes it (base64 of
 * {"v":"meta.k8s.io/v1","rv":RV,"start":KEY}); decode returns the key or NULL. */
char       *kf_sim_json_continue_encode (guint64     rv,
                                         const char *key);
char       *kf_sim_json_continue_decode (const char *token,
                                         guint64    *rv);

G_END_DECLS
