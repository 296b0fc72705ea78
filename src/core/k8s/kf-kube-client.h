/* kf-kube-client.h: the Kubernetes REST client (libsoup3)
 *
 * One KfKubeClient (and one SoupSession) per KfRestConfig, i.e. per context.
 * It verifies the server against the config's CA (and tls-server-name, or not
 * at all when insecure), presents the client certificate, goes through
 * proxy-url or HTTPS_PROXY/NO_PROXY, adds the Authorization header from
 * kf_rest_config_get_authorization_async() and retries once after renewing
 * credentials on 401, and waits out 429 Retry-After a bounded number of times.
 *
 * All calls are async (GTask): objects come back as JsonNode (transfer full),
 * failures as KF_KUBE_ERROR (kf-kube-error.h). Cancel the GCancellable on a
 * context switch; kf_kube_client_cancel_all() cancels every request and stream
 * of the client at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kf-rest-config.h"
#include "kf-kube-error.h"
#include "kf-kube-request.h"

G_BEGIN_DECLS

#define KF_TYPE_KUBE_CLIENT (kf_kube_client_get_type ())
G_DECLARE_FINAL_TYPE (KfKubeClient, kf_kube_client, KF, KUBE_CLIENT, GObject)

typedef enum
{
  KF_KUBE_PATCH_MERGE,            /* application/merge-patch+json */
  KF_KUBE_PATCH_STRATEGIC_MERGE,  /* application/strategic-merge-patch+json */
  KF_KUBE_PATCH_JSON,             /* application/json-patch+json */
} KfKubePatchType;

typedef enum
{
  KF_KUBE_PROPAGATION_DEFAULT,     /* let the server decide */
  KF_KUBE_PROPAGATION_FOREGROUND,
  KF_KUBE_PROPAGATION_BACKGROUND,
  KF_KUBE_PROPAGATION_ORPHAN,
} KfKubePropagation;

KfKubeClient *kf_kube_client_new            (KfRestConfig  *config);
KfRestConfig *kf_kube_client_get_config     (KfKubeClient  *self);

/* Seconds a request may take before it fails with KF_KUBE_ERROR_TIMEOUT
 * (streams: until the response headers arrive). Default 30; 0 = none. */
void          kf_kube_client_set_timeout    (KfKubeClient  *self,
                                             guint          seconds);
guint         kf_kube_client_get_timeout    (KfKubeClient  *self);
/* How many times a 429 is retried after its Retry-After (default 3, each
 * wait capped at 10 s). */
void          kf_kube_client_set_max_retries (KfKubeClient *self,
                                              guint         retries);

/* Cancels every running request, watch and stream of this client (context switch). */
void          kf_kube_client_cancel_all     (KfKubeClient  *self);
/* The cancellable that kf_kube_client_cancel_all() cancels; a new one after each call. */
GCancellable *kf_kube_client_get_cancellable (KfKubeClient *self);

/* ---- low level: any path, raw bytes or a stream ---- */

/* @path_and_query starts with "/". @body may be NULL. Returns the body (2xx). */
void          kf_kube_client_send_async     (KfKubeClient        *self,
                                             const char          *method,
                                             const char          *path_and_query,
                                             const char          *content_type,
                                             GBytes              *body,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GBytes       *kf_kube_client_send_finish    (KfKubeClient        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Like send, but returns the response body as a stream once the headers
 * arrived with a 2xx status (watch, logs, server-sent events). */
void          kf_kube_client_send_stream_async  (KfKubeClient        *self,
                                                 const char          *method,
                                                 const char          *path_and_query,
                                                 const char          *content_type,
                                                 GBytes              *body,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GInputStream *kf_kube_client_send_stream_finish (KfKubeClient        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* JSON in, JSON out (@body may be NULL). */
void          kf_kube_client_request_async  (KfKubeClient        *self,
                                             const char          *method,
                                             const char          *path_and_query,
                                             const char          *content_type,
                                             JsonNode            *body,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* Every JSON-returning call below finishes with this. */
JsonNode     *kf_kube_client_request_finish (KfKubeClient        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* ---- typed verbs (all finish with kf_kube_client_request_finish) ---- */
/* @ns: NULL for cluster-scoped resources (and, for list, all namespaces). */

void kf_kube_client_get_async         (KfKubeClient *self, const KfKubeResource *resource,
                                       const char *ns, const char *name,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
/* One page (honours options->limit / continue_token). */
void kf_kube_client_list_async        (KfKubeClient *self, const KfKubeResource *resource,
                                       const char *ns, const KfKubeListOptions *options,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
/* Every page (options->limit per page, default 500), items collected into one
 * List object whose metadata.resourceVersion is the list's. */
void kf_kube_client_list_all_async    (KfKubeClient *self, const KfKubeResource *resource,
                                       const char *ns, const KfKubeListOptions *options,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void kf_kube_client_create_async      (KfKubeClient *self, const KfKubeResource *resource,
                                       const char *ns, JsonNode *object,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
/* PUT; the object's metadata.name names it. */
void kf_kube_client_update_async      (KfKubeClient *self, const KfKubeResource *resource,
                                       const char *ns, JsonNode *object,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void kf_kube_client_patch_async       (KfKubeClient *self, const KfKubeResource *resource,
                                       const char *ns, const char *name, KfKubePatchType type,
                                       JsonNode *patch,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
/* Returns the deleted object or the server's Status. */
void kf_kube_client_delete_async      (KfKubeClient *self, const KfKubeResource *resource,
                                       const char *ns, const char *name, KfKubePropagation propagation,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void kf_kube_client_get_status_async  (KfKubeClient *self, const KfKubeResource *resource,
                                       const char *ns, const char *name,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void kf_kube_client_update_status_async (KfKubeClient *self, const KfKubeResource *resource,
                                         const char *ns, JsonNode *object,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);

/* GET /version (JSON: major, minor, gitVersion, …). */
void kf_kube_client_get_version_async (KfKubeClient *self,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);

/* ---- services/NAME:PORT/proxy/PATH ---- */

/* @port is a number or a port name; @path starts with "/" and may carry a
 * query; @body (JSON) may be NULL for GET. Returns the body bytes. */
void    kf_kube_client_proxy_async  (KfKubeClient *self, const char *ns, const char *service,
                                     const char *port, const char *method, const char *path,
                                     JsonNode *body,
                                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
GBytes *kf_kube_client_proxy_finish (KfKubeClient *self, GAsyncResult *result, GError **error);
/* The streaming variant: finish with kf_kube_client_send_stream_finish() and
 * read it with KfKubeLineReader (kf-kube-line-reader.h). */
void    kf_kube_client_proxy_stream_async (KfKubeClient *self, const char *ns, const char *service,
                                           const char *port, const char *method, const char *path,
                                           JsonNode *body,
                                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);

/* Parses JSON bytes; a NULL root or a syntax error is KF_KUBE_ERROR_BAD_RESPONSE. */
JsonNode *kf_kube_parse_json (const char *data, gsize length, GError **error);

G_END_DECLS
