/* kf-kube-context.h: one context of the merged kubeconfig, for context switchers
 *
 * Immutable; a reload replaces the objects in kf_kubeconfig_get_contexts().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KF_TYPE_KUBE_CONTEXT (kf_kube_context_get_type ())
G_DECLARE_FINAL_TYPE (KfKubeContext, kf_kube_context, KF, KUBE_CONTEXT, GObject)

const char *kf_kube_context_get_name       (KfKubeContext *self);
const char *kf_kube_context_get_cluster    (KfKubeContext *self);  /* cluster name */
const char *kf_kube_context_get_server     (KfKubeContext *self);  /* NULL if the cluster is missing */
const char *kf_kube_context_get_user       (KfKubeContext *self);  /* NULL: anonymous */
const char *kf_kube_context_get_namespace  (KfKubeContext *self);  /* NULL: "default" */
const char *kf_kube_context_get_file       (KfKubeContext *self);  /* the file that defines it */
gboolean    kf_kube_context_get_is_current (KfKubeContext *self);
gboolean    kf_kube_context_get_insecure   (KfKubeContext *self);  /* insecure-skip-tls-verify */
/* Why the context cannot be used ("FILE: users[2].user.exec: …"), or NULL. */
const char *kf_kube_context_get_error      (KfKubeContext *self);

KfKubeContext *_kf_kube_context_new (const char *name,
                                     const char *cluster,
                                     const char *server,
                                     const char *user,
                                     const char *namespace,
                                     const char *file,
                                     gboolean    is_current,
                                     gboolean    insecure,
                                     const char *error);

G_END_DECLS
