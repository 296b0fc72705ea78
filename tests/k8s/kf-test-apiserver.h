/* kf-test-apiserver.h: a small Kubernetes API server on loopback for tests/k8s
 *
 * A real HTTPS SoupServer speaking enough of the API for the REST client's
 * tests, with fault switches the simulated cluster does not have (yet):
 * dropping streams, compaction (410), throttling (429), a token that expired.
 * Users: bearer tokens and client certificates (CN), "viewer" may only read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _KfTestApiserver KfTestApiserver;

/* @cert_name: "server" (127.0.0.1) or "server-internal" (kubernetes.internal),
 * files in KF_TEST_DATA_DIR/k8s. */
KfTestApiserver *kf_test_apiserver_new            (const char      *cert_name);
void             kf_test_apiserver_free           (KfTestApiserver *self);
const char      *kf_test_apiserver_get_url        (KfTestApiserver *self);
guint16          kf_test_apiserver_get_port       (KfTestApiserver *self);

/* tokens: "admin-token" → admin, "viewer-token" → viewer (read-only); more: */
void             kf_test_apiserver_add_token      (KfTestApiserver *self,
                                                   const char      *token,
                                                   const char      *user);
/* The next @n requests answer 429 with Retry-After: @seconds. */
void             kf_test_apiserver_throttle       (KfTestApiserver *self,
                                                   guint            n,
                                                   guint            seconds);
/* Closes every open watch and log stream abruptly (mid-chunk). */
void             kf_test_apiserver_drop_streams   (KfTestApiserver *self);
/* Forgets history: watches from an older resourceVersion get 410 (as an
 * ERROR event when @as_event, else HTTP 410). Drops open watches too. */
void             kf_test_apiserver_compact        (KfTestApiserver *self,
                                                   gboolean         as_event);
/* When FALSE, selfsubjectreviews answers 404 (an old cluster). */
void             kf_test_apiserver_set_self_subject_review (KfTestApiserver *self,
                                                            gboolean         enabled);

/* Direct store access (emits watch events). @group "" for core. */
void             kf_test_apiserver_put            (KfTestApiserver *self,
                                                   const char      *group,
                                                   const char      *plural,
                                                   JsonNode        *object);
void             kf_test_apiserver_remove         (KfTestApiserver *self,
                                                   const char      *group,
                                                   const char      *plural,
                                                   const char      *ns,
                                                   const char      *name);
/* Appends a log line (timestamp @ts, RFC 3339 with nanoseconds). */
void             kf_test_apiserver_append_log     (KfTestApiserver *self,
                                                   const char      *ns,
                                                   const char      *pod,
                                                   const char      *ts,
                                                   const char      *text);
/* Requests seen whose path starts with @prefix and whose query contains
 * @query_part (NULL: any). */
guint            kf_test_apiserver_count_requests (KfTestApiserver *self,
                                                   const char      *prefix,
                                                   const char      *query_part);
guint            kf_test_apiserver_n_watchers     (KfTestApiserver *self);

/* A TCP server on loopback that accepts connections and never answers. */
GSocketService  *kf_test_silent_server_new        (guint16         *port);

/* A CONNECT proxy on loopback (threads); counts the tunnels it opened. */
typedef struct _KfTestProxy KfTestProxy;
KfTestProxy     *kf_test_proxy_new                (void);
guint16          kf_test_proxy_get_port           (KfTestProxy     *self);
guint            kf_test_proxy_get_n_tunnels      (KfTestProxy     *self);
void             kf_test_proxy_free               (KfTestProxy     *self);

/* Iterates the default main context until @flag is TRUE or @timeout_ms pass. */
gboolean         kf_test_wait_for                 (gboolean        *flag,
                                                   guint            timeout_ms);
gboolean         kf_test_wait_until               (gboolean (*predicate) (gpointer),
                                                   gpointer         data,
                                                   guint            timeout_ms);

/* Ends idle thread-pool threads before exit (LeakSanitizer and dynamic TLS). */
void          kf_test_stop_threads   (void);
/* Iterates the default main context for @ms milliseconds. */
void          kf_test_run_for        (guint         ms);

G_END_DECLS

/* ---- helpers shared by the tests ---- */
#include "kf-kube-client.h"

/* A config for @server's URL trusting the test CA, with @token (may be NULL). */
KfRestConfig *kf_test_config_new     (const char   *url,
                                      const char   *token);
/* Runs an async call to completion: pass kf_test_result_cb and &result, then
 * kf_test_result_wait (&result) returns the GAsyncResult (owned by result). */
typedef struct
{
  GAsyncResult *result;
} KfTestResult;
void          kf_test_result_cb      (GObject      *source,
                                      GAsyncResult *result,
                                      gpointer      user_data);
GAsyncResult *kf_test_result_wait    (KfTestResult *result);
void          kf_test_result_clear   (KfTestResult *result);
/* Runs $KF_CLI with KUBECONFIG=@kubeconfig and the NULL-terminated
 * arguments while this main loop keeps the test's servers answering;
 * g_test_message()s its output. Free with kf_test_cli_run_clear(). */
typedef struct
{
  gboolean done;
  char    *out;
  char    *err;
  int      status;
} KfTestCliRun;
void          kf_test_cli_run        (KfTestCliRun *run,
                                      const char   *kubeconfig,
                                      const char   *first,
                                      ...) G_GNUC_NULL_TERMINATED;
/* The same with the arguments in a NULL-terminated array. */
void          kf_test_cli_runv       (KfTestCliRun       *run,
                                      const char         *kubeconfig,
                                      const char * const *args);
void          kf_test_cli_run_clear  (KfTestCliRun *run);
/* A JSON object from text (asserts it parses). */
JsonNode     *kf_test_json           (const char   *text);
