/* kf-cluster-session.h: the cluster the app is talking to right now
 *
 * One KfClusterSession per window: it loads the kubeconfig (all contexts of a
 * multi-file KUBECONFIG), picks a context, builds its KfRestConfig and
 * KfKubeClient, checks the connection (GET /version, then who am I) and says
 * how it went in a state plus a human-readable detail. Switching the context
 * cancels everything the old client was doing (requests, watches, streams)
 * before the new client is announced through notify::client; views bind to
 * that and rebuild their informers. A kubeconfig change on disk reloads the
 * contexts and reconnects when the current context's settings changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-kube-client.h"
#include "kf-kube-identity.h"
#include "kf-kubeconfig.h"

G_BEGIN_DECLS

typedef enum
{
  KF_CLUSTER_STATE_NOT_CONFIGURED,  /* no kubeconfig or no context in it */
  KF_CLUSTER_STATE_CONNECTING,
  KF_CLUSTER_STATE_CONNECTED,
  KF_CLUSTER_STATE_UNREACHABLE,     /* refused, DNS, proxy, timeout, 5xx */
  KF_CLUSTER_STATE_UNAUTHORIZED,    /* 401/403, or the credential source failed */
  KF_CLUSTER_STATE_TLS_ERROR,       /* the server's certificate could not be verified */
  KF_CLUSTER_STATE_CONFIG_ERROR,    /* the context's kubeconfig entries are unusable */
} KfClusterState;

GType       kf_cluster_state_get_type  (void);
#define KF_TYPE_CLUSTER_STATE (kf_cluster_state_get_type ())

#define KF_TYPE_CLUSTER_SESSION (kf_cluster_session_get_type ())
G_DECLARE_FINAL_TYPE (KfClusterSession, kf_cluster_session, KF, CLUSTER_SESSION, GObject)

KfClusterSession *kf_cluster_session_new                (KfKubeconfig     *kubeconfig);

/* Loads the kubeconfig (async) and connects to @context_name, or to the
 * kubeconfig's current context when it is NULL or unknown. */
void              kf_cluster_session_start              (KfClusterSession *self,
                                                         const char       *context_name);
/* Cancels the old context's work and connects to another context. */
void              kf_cluster_session_set_context        (KfClusterSession *self,
                                                         const char       *context_name);
/* Tries the current context again (after a failure, or a pasted token). */
void              kf_cluster_session_reconnect          (KfClusterSession *self);
/* Stops everything (window closing). */
void              kf_cluster_session_shutdown           (KfClusterSession *self);

KfKubeconfig     *kf_cluster_session_get_kubeconfig     (KfClusterSession *self);
/* The contexts (KfKubeContext), for a context switcher. */
GListModel       *kf_cluster_session_get_contexts       (KfClusterSession *self);
const char       *kf_cluster_session_get_context_name   (KfClusterSession *self);
KfClusterState    kf_cluster_session_get_state          (KfClusterSession *self);
/* One line for a tooltip or popover: "Kubernetes v1.32.0 · signed in as admin",
 * or what went wrong and what to do. */
const char       *kf_cluster_session_get_detail         (KfClusterSession *self);
/* NULL until connected; then the context's client (a new one after each switch). */
KfKubeClient     *kf_cluster_session_get_client         (KfClusterSession *self);
/* The context's namespace ("default" when the context has none). */
const char       *kf_cluster_session_get_namespace      (KfClusterSession *self);
const char       *kf_cluster_session_get_server_version (KfClusterSession *self);
/* Who the server says we are; NULL until known. */
const char       *kf_cluster_session_get_username       (KfClusterSession *self);
/* TLS verification is off for this context (insecure-skip-tls-verify). */
gboolean          kf_cluster_session_get_insecure       (KfClusterSession *self);

/* Stores @token in the keyring as the bearer token of @context_name (the
 * current context when NULL) and reconnects when it is the current one. */
void              kf_cluster_session_set_token_async    (KfClusterSession    *self,
                                                         const char          *context_name,
                                                         const char          *token,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean          kf_cluster_session_set_token_finish   (KfClusterSession    *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
