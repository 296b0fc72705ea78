/* test-cluster-session.c: connecting, switching contexts and failing clearly,
 * against the simulated cluster over TLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kf-cluster-session.h"
#include "kf-informer.h"
#include "kf-test-sim.h"

typedef struct
{
  KfClusterState wanted;
  gboolean       reached;
} StateWait;

static void
state_changed_cb (KfClusterSession *session,
                  GParamSpec       *pspec,
                  StateWait        *wait)
{
  if (kf_cluster_session_get_state (session) == wait->wanted)
    wait->reached = TRUE;
}

/* Waits for @session to reach @state; fails the test if it doesn't. */
static void
wait_for_state (KfClusterSession *session,
                KfClusterState    state)
{
  StateWait wait = { state, kf_cluster_session_get_state (session) == state };
  gulong id = g_signal_connect (session, "notify::state", G_CALLBACK (state_changed_cb), &wait);

  kf_test_sim_wait (&wait.reached, 10000);
  g_signal_handler_disconnect (session, id);
  if (!wait.reached)
    g_error ("state %d never came; stuck at %d: %s", state,
             kf_cluster_session_get_state (session), kf_cluster_session_get_detail (session));
}

static KfClusterSession *
new_session (const char *kubeconfig_path)
{
  const char *paths[] = { kubeconfig_path, NULL };
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);

  kf_kubeconfig_set_keyring (kubeconfig, kf_keyring_new (FALSE));
  return kf_cluster_session_new (kubeconfig);
}

static char *
write_file (KfTestSim  *sim,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (sim->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_connects_and_switches (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfClusterSession) session = new_session (sim->kubeconfig);
  g_autoptr(KfKubeClient) first_client = NULL;
  g_autoptr(KfInformer) informer = NULL;

  kf_cluster_session_start (session, NULL);
  wait_for_state (session, KF_CLUSTER_STATE_CONNECTED);

  g_assert_cmpstr (kf_cluster_session_get_context_name (session), ==, "kubefoundry-sim");
  g_assert_nonnull (kf_cluster_session_get_server_version (session));
  g_assert_cmpstr (kf_cluster_session_get_username (session), ==, "admin");
  g_assert_nonnull (strstr (kf_cluster_session_get_detail (session), "admin"));
  g_assert_false (kf_cluster_session_get_insecure (session));
  g_assert_cmpuint (g_list_model_get_n_items (kf_cluster_session_get_contexts (session)), >=, 2);

  /* a watch on the first context… */
  first_client = g_object_ref (kf_cluster_session_get_client (session));
  informer = kf_informer_new (first_client, &kf_kube_resource_nodes, NULL, NULL, NULL);
  kf_informer_start (informer);
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while ((!kf_informer_get_synced (informer) || kf_sim_server_get_watch_count (sim->server) == 0) &&
           g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (informer)), >, 0);
  g_assert_cmpuint (kf_sim_server_get_watch_count (sim->server), >=, 1);

  /* …is stopped by a switch, and the new context has its own client and identity */
  kf_cluster_session_set_context (session, "kubefoundry-sim-viewer");
  g_assert_null (kf_cluster_session_get_client (session));
  g_assert_cmpint (kf_cluster_session_get_state (session), ==, KF_CLUSTER_STATE_CONNECTING);
  wait_for_state (session, KF_CLUSTER_STATE_CONNECTED);
  g_assert_cmpstr (kf_cluster_session_get_context_name (session), ==, "kubefoundry-sim-viewer");
  g_assert_cmpstr (kf_cluster_session_get_username (session), ==, "viewer");
  g_assert_true (kf_cluster_session_get_client (session) != first_client);

  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (kf_sim_server_get_watch_count (sim->server) > 0 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (kf_sim_server_get_watch_count (sim->server), ==, 0);

  kf_cluster_session_shutdown (session);
}

static void
test_not_configured (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autofree char *missing = g_build_filename (sim->dir, "no-such-config", NULL);
  g_autoptr(KfClusterSession) session = new_session (missing);

  kf_cluster_session_start (session, NULL);
  wait_for_state (session, KF_CLUSTER_STATE_NOT_CONFIGURED);
  g_assert_null (kf_cluster_session_get_client (session));
  g_assert_nonnull (strstr (kf_cluster_session_get_detail (session), "--demo"));
}

static void
test_unreachable (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 dead_port;
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KfClusterSession) session = NULL;

  /* a port that was free a moment ago: nothing listens there */
  dead_port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);

  config = g_strdup_printf ("apiVersion: v1\nkind: Config\ncurrent-context: dead\n"
                            "clusters:\n- name: dead\n  cluster:\n    server: https://127.0.0.1:%u\n"
                            "    insecure-skip-tls-verify: true\n"
                            "users:\n- name: u\n  user:\n    token: abc\n"
                            "contexts:\n- name: dead\n  context:\n    cluster: dead\n    user: u\n",
                            dead_port);
  path = write_file (sim, "dead.yaml", config);
  session = new_session (path);
  kf_cluster_session_start (session, NULL);
  wait_for_state (session, KF_CLUSTER_STATE_UNREACHABLE);
  g_assert_true (kf_cluster_session_get_insecure (session));
  g_test_message ("unreachable: %s", kf_cluster_session_get_detail (session));
  g_assert_nonnull (strstr (kf_cluster_session_get_detail (session), "127.0.0.1"));
}

static void
store_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kf_cluster_session_set_token_finish (KF_CLUSTER_SESSION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_unauthorized_then_token (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autofree char *ca_b64 = NULL;
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KfClusterSession) session = NULL;
  gboolean stored = FALSE;
  const char *ca = kf_sim_server_get_ca_pem (sim->server);
  const char *token = kf_sim_server_get_token (sim->server, "admin");

  ca_b64 = g_base64_encode ((const guchar *) ca, strlen (ca));
  /* a user with no credential at all: the server answers 401 */
  config = g_strdup_printf ("apiVersion: v1\nkind: Config\ncurrent-context: sim\n"
                            "clusters:\n- name: sim\n  cluster:\n    server: %s\n"
                            "    certificate-authority-data: %s\n"
                            "users:\n- name: nobody\n  user: {}\n"
                            "contexts:\n- name: sim\n  context:\n    cluster: sim\n    user: nobody\n",
                            kf_sim_server_get_url (sim->server), ca_b64);
  path = write_file (sim, "nobody.yaml", config);
  session = new_session (path);
  kf_cluster_session_start (session, NULL);
  wait_for_state (session, KF_CLUSTER_STATE_UNAUTHORIZED);
  g_test_message ("unauthorized: %s", kf_cluster_session_get_detail (session));

  /* pasting the right token (kept in the keyring, not the file) connects */
  kf_cluster_session_set_token_async (session, NULL, token, NULL, store_token_cb, &stored);
  g_assert_true (kf_test_sim_wait (&stored, 5000));
  wait_for_state (session, KF_CLUSTER_STATE_CONNECTED);
  g_assert_cmpstr (kf_cluster_session_get_username (session), ==, "admin");
  {
    g_autofree char *written = NULL;
    g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
    g_assert_null (strstr (written, token));
  }
}

static void
test_tls_error (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfTestSim) other = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autofree char *wrong_ca = NULL;
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KfClusterSession) session = NULL;
  const char *ca = kf_sim_server_get_ca_pem (other->server);

  /* the other simulated cluster's CA does not vouch for this one */
  wrong_ca = g_base64_encode ((const guchar *) ca, strlen (ca));
  config = g_strdup_printf ("apiVersion: v1\nkind: Config\ncurrent-context: sim\n"
                            "clusters:\n- name: sim\n  cluster:\n    server: %s\n"
                            "    certificate-authority-data: %s\n"
                            "users:\n- name: admin\n  user:\n    token: %s\n"
                            "contexts:\n- name: sim\n  context:\n    cluster: sim\n    user: admin\n",
                            kf_sim_server_get_url (sim->server), wrong_ca,
                            kf_sim_server_get_token (sim->server, "admin"));
  path = write_file (sim, "wrong-ca.yaml", config);
  session = new_session (path);
  kf_cluster_session_start (session, NULL);
  wait_for_state (session, KF_CLUSTER_STATE_TLS_ERROR);
  g_test_message ("tls: %s", kf_cluster_session_get_detail (session));
  g_assert_nonnull (strstr (kf_cluster_session_get_detail (session), "certificate"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/connects-and-switches", test_connects_and_switches);
  g_test_add_func ("/session/not-configured", test_not_configured);
  g_test_add_func ("/session/unreachable", test_unreachable);
  g_test_add_func ("/session/unauthorized-then-token", test_unauthorized_then_token);
  g_test_add_func ("/session/tls-error", test_tls_error);

  return g_test_run ();
}
