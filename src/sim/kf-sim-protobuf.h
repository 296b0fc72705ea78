/* kf-sim-protobuf.h: the few protobuf request bodies kubectl sends for
 * built-in types the simulated cluster must understand
 *
 * kubectl's typed clients (auth can-i, auth whoami, create namespace…) post
 * "application/vnd.kubernetes.protobuf": the "k8s\0" magic, then a
 * runtime.Unknown {typeMeta, raw}. We decode SelfSubjectAccessReview,
 * SubjectAccessReview, SelfSubjectReview, TokenReview, Namespace, ConfigMap
 * and Secret (name, namespace, labels, annotations, data) into
 * their JSON form; anything else is not supported (the caller answers 415).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The JSON object for a protobuf-encoded body, or NULL when the type is not one we decode. */
JsonNode *kf_sim_protobuf_decode (const guint8 *data,
                                  gsize         length);

G_END_DECLS
