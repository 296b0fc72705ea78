/* kf-test-sim.h: a simulated cluster for any module's tests
 *
 *   g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
 *   guint status;
 *   g_autoptr(JsonNode) nodes = kf_test_sim_request (sim, "admin", "GET", "/api/v1/nodes", NULL, NULL, &status);
 *   // sim->kubeconfig: a kubeconfig for it (contexts kubefoundry-sim, -cert, -viewer)
 *
 * Everything runs on the thread-default main context; the synchronous
 * helpers iterate it until their answer arrives (for tests only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kf-kube-client.h"
#include "kf-sim-server.h"

G_BEGIN_DECLS

typedef struct
{
  KfSimServer *server;
  char        *dir;          /* a private temporary folder, removed by kf_test_sim_free */
  char        *kubeconfig;   /* DIR/kubeconfig */
  char        *ca_file;      /* DIR/ca.pem (NULL with plain HTTP) */
  SoupSession *session;      /* trusts the simulated cluster's CA */
  SoupSession *cert_session; /* same, for client-certificate users (TLS connections carry the identity) */
  KfKubeClient *client;      /* made by kf_test_sim_get_client; cancelled and freed by kf_test_sim_free */
} KfTestSim;

/* Starts a server on a free port (asserting it works); takes @scenario (NULL: built-in). */
KfTestSim  *kf_test_sim_new          (KfSimScenario *scenario,
                                      double         speed,
                                      gboolean       plain_http);
 /* Same for a server you configured (not started yet); takes it. */
KfTestSim  *kf_test_sim_new_for_server (KfSimServer *server,
                                        gboolean     plain_http);
/* The API server alone (HTTPS, built-in scenario, no simulated operators):
 * objects stay as created, nothing else runs on the main loop. */
KfTestSim  *kf_test_sim_new_api_only (void);
void        kf_test_sim_free         (KfTestSim     *sim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfTestSim, kf_test_sim_free)

/* A request as scenario user @user (NULL: no credentials; a user with a
 * client certificate and no token authenticates with its certificate).
 * Returns the parsed JSON answer (NULL if not JSON) and sets *@status. */
JsonNode   *kf_test_sim_request      (KfTestSim     *sim,
                                      const char    *user,
                                      const char    *method,
                                      const char    *path,
                                      const char    *content_type,
                                      const char    *body,
                                      guint         *status);
/* Same, also returning the raw body and the response headers (owned). */
JsonNode   *kf_test_sim_request_full (KfTestSim           *sim,
                                      const char          *user,
                                      const char          *method,
                                      const char          *path,
                                      const char          *content_type,
                                      const char          *body,
                                      guint               *status,
                                      char               **raw_body,
                                      SoupMessageHeaders **headers);

/* Sends a message you built (headers of your choice) on sim->session and
 * waits for the whole answer body. */
GBytes     *kf_test_sim_send         (KfTestSim     *sim,
                                      SoupMessage   *msg);

/* A watch stream: kf_test_sim_watch_next returns the next event
 * ({"type", "object"}), or NULL when the stream ends or after @timeout_ms. */
typedef struct _KfTestSimWatch KfTestSimWatch;
KfTestSimWatch *kf_test_sim_watch       (KfTestSim      *sim,
                                         const char     *user,
                                         const char     *path_with_query);
JsonNode       *kf_test_sim_watch_next  (KfTestSimWatch *watch,
                                         guint           timeout_ms);
gboolean        kf_test_sim_watch_ended (KfTestSimWatch *watch);
void            kf_test_sim_watch_free  (KfTestSimWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfTestSimWatch, kf_test_sim_watch_free)

/* Real kubectl (/usr/bin/kubectl or $KF_TEST_KUBECTL); NULL when absent. */
const char *kf_test_sim_kubectl_path (void);
/* Runs kubectl --kubeconfig SIM-KUBECONFIG ARGS… (NULL-terminated) with
 * @stdin_text, asynchronously (the main context iterates meanwhile); returns
 * its exit status and its output. */
int         kf_test_sim_kubectl      (KfTestSim     *sim,
                                      const char    *stdin_text,
                                      char         **out,
                                      char         **err,
                                      ...) G_GNUC_NULL_TERMINATED;
/* Same with a NULL-terminated argument vector. */
int         kf_test_sim_kubectlv     (KfTestSim          *sim,
                                      const char         *stdin_text,
                                      char              **out,
                                      char              **err,
                                      const char * const *args);
/* Starts kubectl without waiting (e.g. "get -w"); stdout is piped. */
GSubprocess *kf_test_sim_kubectl_spawn (KfTestSim   *sim,
                                        ...) G_GNUC_NULL_TERMINATED;

/* Iterates the main context until *@flag is TRUE or @timeout_ms passes; returns *@flag. */
gboolean    kf_test_sim_wait         (gboolean      *flag,
                                      guint          timeout_ms);

/* Parses JSON text (asserting it parses). */
JsonNode   *kf_test_sim_json         (const char    *text);

/* ---- through the app's own client (KfKubeClient, context kubefoundry-sim) ---- */

/* A KfKubeClient for the admin context, made on first use (owned by @sim). */
KfKubeClient *kf_test_sim_get_client (KfTestSim            *sim);
/* Synchronous requests through that client (they iterate the main context). */
JsonNode     *kf_test_sim_client_request (KfTestSim            *sim,
                                          const char           *method,
                                          const char           *path,
                                          const char           *content_type,
                                          JsonNode             *body,
                                          GError              **error);
/* Creates @object (asserting it works); returns it as created. */
JsonNode     *kf_test_sim_create     (KfTestSim            *sim,
                                      const KfKubeResource *resource,
                                      const char           *ns,
                                      JsonNode             *object);
/* Generates a provider's manifests for a small config (@gpus per replica)
 * and creates them all, and the namespace if needed; returns the custom
 * resource as created. */
JsonNode     *kf_test_sim_deploy     (KfTestSim            *sim,
                                      const char           *provider_id,
                                      const char           *ns,
                                      const char           *name,
                                      const char           *model_id,
                                      guint                 gpus);

typedef gboolean (*KfTestSimPredicate) (gpointer data);
/* Iterates the main context until @pred holds; FALSE after @timeout_ms. */
gboolean      kf_test_sim_wait_for   (KfTestSimPredicate    pred,
                                      gpointer              data,
                                      guint                 timeout_ms);
/* Iterates the main context for @ms. */
void          kf_test_sim_spin       (guint                 ms);

G_END_DECLS
