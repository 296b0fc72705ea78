/* kf-kube-identity.h: who am I, may I, on a cluster
 *
 * whoami: SelfSubjectReview (authentication.k8s.io/v1, Kubernetes ≥ 1.28);
 * when the cluster does not serve it (404) or forbids it (403), TokenReview
 * with the bearer token (when there is one); failing that, the user name the
 * kubeconfig gives (KfKubeIdentity.source says which). Connection, TLS and
 * 401 errors are reported as such: they matter more than the fallback.
 *
 * may I: SelfSubjectAccessReview (authorization.k8s.io/v1), so that the UI can
 * disable an action and say why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-kube-client.h"

G_BEGIN_DECLS

typedef enum
{
  KF_KUBE_IDENTITY_SELF_SUBJECT_REVIEW,
  KF_KUBE_IDENTITY_TOKEN_REVIEW,
  KF_KUBE_IDENTITY_KUBECONFIG,
} KfKubeIdentitySource;

#define KF_TYPE_KUBE_IDENTITY (kf_kube_identity_get_type ())

typedef struct
{
  char                 *username;
  char                 *uid;      /* may be NULL */
  char                **groups;   /* NULL-terminated, never NULL */
  KfKubeIdentitySource  source;
} KfKubeIdentity;

GType           kf_kube_identity_get_type (void);
KfKubeIdentity *kf_kube_identity_copy     (const KfKubeIdentity *identity);
void            kf_kube_identity_free     (KfKubeIdentity       *identity);
const char     *kf_kube_identity_source_to_string (KfKubeIdentitySource source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfKubeIdentity, kf_kube_identity_free)

void            kf_kube_client_whoami_async  (KfKubeClient        *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
KfKubeIdentity *kf_kube_client_whoami_finish (KfKubeClient        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* @group "" for the core group; @ns NULL for cluster-wide; @name and
 * @subresource may be NULL. */
void            kf_kube_client_can_i_async   (KfKubeClient        *self,
                                              const char          *verb,
                                              const char          *group,
                                              const char          *resource,
                                              const char          *subresource,
                                              const char          *ns,
                                              const char          *name,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Returns FALSE with @error when the review itself failed; otherwise TRUE,
 * with @allowed and @reason (the authorizer's words, may be NULL). */
gboolean        kf_kube_client_can_i_finish  (KfKubeClient        *self,
                                              GAsyncResult        *result,
                                              gboolean            *allowed,
                                              char               **reason,
                                              GError             **error);

G_END_DECLS
