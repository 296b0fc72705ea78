/* kf-sim-server.h: the simulated cluster's Kubernetes API server
 *
 * A SoupServer on 127.0.0.1 (HTTPS with a CA generated at start, or plain
 * HTTP) serving discovery, CRUD, watch, patch, status/scale subresources,
 * reviews, pods/log and services/proxy (through the simulated operators,
 * when built in) over a KfSimStore. Tests start it in-process:
 *
 *   g_autoptr(KfSimServer) sim = kf_sim_server_new (NULL, 10.0, FALSE);
 *   kf_sim_server_start (sim, 0, &error);
 *   path = kf_sim_server_write_kubeconfig (sim, NULL, &error);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-sim-registry.h"
#include "kf-sim-scenario.h"
#include "kf-sim-store.h"

G_BEGIN_DECLS

#define KF_SIM_SERVER_ERROR (kf_sim_server_error_quark ())

typedef enum
{
  KF_SIM_SERVER_ERROR_CRDS,      /* the runtimes' CRD files could not be found or read */
  KF_SIM_SERVER_ERROR_SETUP,     /* the scenario's objects could not be created */
  KF_SIM_SERVER_ERROR_UNKNOWN_USER,
} KfSimServerError;

GQuark       kf_sim_server_error_quark (void);

#define KF_TYPE_SIM_SERVER (kf_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (KfSimServer, kf_sim_server, KF, SIM_SERVER, GObject)

/* Takes ownership of @scenario (NULL: the built-in one). @speed scales
 * simulated time (2.0 = twice as fast). */
KfSimServer   *kf_sim_server_new            (KfSimScenario *scenario,
                                             double         speed,
                                             gboolean       plain_http);

/* Where the runtimes' CRD YAML files are read from. Default, first found:
 * $KF_SIM_CRDS_DIR, PACKAGE_DATADIR/crds (installed), SOURCE_DIR/src/sim/crds. */
void           kf_sim_server_set_crds_dir   (KfSimServer   *self,
                                             const char    *dir);
/* Without the simulated operators, pods/log and services/proxy answer 503.
 * They are on by default when built in; call before start. */
void           kf_sim_server_set_operators_enabled (KfSimServer *self,
                                                    gboolean     enabled);

/* Installs the scenario (CRDs of its runtimes, nodes, namespaces, objects),
 * starts the operators and listens on 127.0.0.1:@port (0: a free port). */
gboolean       kf_sim_server_start          (KfSimServer   *self,
                                             guint          port,
                                             GError       **error);
void           kf_sim_server_stop           (KfSimServer   *self);

const char    *kf_sim_server_get_url        (KfSimServer   *self);   /* "https://127.0.0.1:PORT" */
guint          kf_sim_server_get_port       (KfSimServer   *self);
/* PEM of the CA that signed the server and client certificates; NULL with plain HTTP. */
const char    *kf_sim_server_get_ca_pem     (KfSimServer   *self);
/* Bearer token of a scenario user ("admin", "viewer" in the built-in one), or NULL. */
const char    *kf_sim_server_get_token      (KfSimServer   *self,
                                             const char    *user);
/* Issues (once) a client certificate for a scenario user that has clientCertificate. */
gboolean       kf_sim_server_get_client_certificate (KfSimServer *self,
                                                     const char  *user,
                                                     char       **cert_pem,
                                                     char       **key_pem,
                                                     GError     **error);
/* Writes a kubeconfig (context "kubefoundry-sim" with the first token user,
 * context "kubefoundry-sim-cert" with the first client-certificate user, one
 * context per other user "kubefoundry-sim-USER"), mode 0600. @path NULL: a
 * new temporary file. Returns the path written. */
char          *kf_sim_server_write_kubeconfig (KfSimServer *self,
                                               const char  *path,
                                               GError     **error);

KfSimStore    *kf_sim_server_get_store      (KfSimServer   *self);
KfSimRegistry *kf_sim_server_get_registry   (KfSimServer   *self);
KfSimScenario *kf_sim_server_get_scenario   (KfSimServer   *self);

/* Fault switches (also settable from the scenario's "faults"). */
void           kf_sim_server_set_delay      (KfSimServer   *self,
                                             guint          milliseconds);
/* The next @count requests (-1: all until cleared with 0) whose path starts
 * with @path_prefix (NULL: any) answer @status: 500 InternalError, 503
 * ServiceUnavailable or 429 TooManyRequests (with Retry-After). */
void           kf_sim_server_fail_requests  (KfSimServer   *self,
                                             guint          status,
                                             int            count,
                                             const char    *path_prefix);
/* The next create of a @plural resource (e.g. "dynamographdeployments"; NULL
 * clears the switch) is refused the way the API server refuses an object an
 * admission webhook or a CEL rule rejects: 422 Invalid, a Status whose
 * details.causes hold one FieldValueInvalid cause at @field saying @message. */
void           kf_sim_server_reject_next_create (KfSimServer *self,
                                                 const char  *plural,
                                                 const char  *field,
                                                 const char  *message);
void           kf_sim_server_set_retry_after (KfSimServer  *self,
                                              guint         seconds);
/* Ends every open watch stream now (clients see the stream end). */
void           kf_sim_server_drop_watches   (KfSimServer   *self);
/* Ends every open follow log stream (pods/log?follow=true) now while the
 * containers go on running: the chunked body just ends, which is how a
 * dropped connection looks to a libsoup client. Returns how many were cut. */
guint          kf_sim_server_cut_log_streams (KfSimServer  *self);
/* Ends each watch stream @seconds after it started (0: never). */
void           kf_sim_server_set_watch_lifetime (KfSimServer *self,
                                                 guint        seconds);
/* That user's bearer token is rejected with 401 from now on. */
void           kf_sim_server_expire_token   (KfSimServer   *self,
                                             const char    *user);
/* Compacts the event history: watches resuming from older resourceVersions get 410. */
void           kf_sim_server_compact        (KfSimServer   *self);
guint          kf_sim_server_get_watch_count (KfSimServer  *self);

/* Requests served since start (or the last reset) with Kubernetes verb @verb
 * ("get", "list", "watch", "create", "update", "patch", "delete",
 * "deletecollection"; NULL: any) whose path starts with @path_prefix (NULL: any). */
guint          kf_sim_server_count_requests (KfSimServer   *self,
                                             const char    *verb,
                                             const char    *path_prefix);
void           kf_sim_server_reset_request_counts (KfSimServer *self);

G_END_DECLS
