/* kf-kube-client-private.h: what the files of KfKubeClient share
 *
 *   kf-kube-client.c        the object and the transport: TLS verification,
 *                           credentials, 401 renewal, 429 retries, timeouts,
 *                           cancellation, streamed responses
 *   kf-kube-client-verbs.c  JSON requests and the typed verbs on top of
 *                           kf_kube_client_send_async()
 *   kf-kube-proxy.c         which proxy the client goes through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-kube-client.h"

G_BEGIN_DECLS

/* The resolver for proxy-url of @config, or else HTTPS_PROXY/HTTP_PROXY
 * unless NO_PROXY matches the server; NULL (no error) for a direct
 * connection. An unusable proxy URL is KF_KUBE_ERROR_UNREACHABLE. */
GProxyResolver *kf_kube_proxy_resolver_new (KfRestConfig  *config,
                                            const char    *server_host,
                                            guint16        server_port,
                                            gboolean       https,
                                            GError       **error);

G_END_DECLS
