/* test-connection.c: the window's cluster connection against the simulated cluster
 *
 * The header's status button and context switcher follow a real
 * KfClusterSession talking HTTPS to the simulated cluster on loopback; the
 * TLS banner, the token dialog, the live GPU inventory and the --demo cluster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kf-application.h"
#include "kf-demo-cluster.h"
#include "kf-test-sim.h"
#include "kf-window.h"

const char *__lsan_default_options (void);
const char *
__lsan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

static KfApplication *app;
/* every KfKubeClient a window's session announced, weakly: a closed window is
 * done with the cluster once they are all gone (each request holds its client) */
static GPtrArray *clients;

#define WAIT_UNTIL(cond) G_STMT_START {                                  \
    gint64 wait_end_ = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;     \
    while (!(cond) && g_get_monotonic_time () < wait_end_)                \
      {                                                                   \
        if (!g_main_context_iteration (NULL, FALSE))                      \
          g_usleep (1000);                                                \
      }                                                                   \
  } G_STMT_END

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
    }
  return NULL;
}

static KfClusterSession *
session_for (const char *kubeconfig_path)
{
  const char *paths[] = { kubeconfig_path, NULL };
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);

  kf_kubeconfig_set_keyring (kubeconfig, kf_keyring_new (FALSE));
  return kf_cluster_session_new (kubeconfig);
}

static void
client_changed_cb (KfClusterSession *session)
{
  KfKubeClient *client = kf_cluster_session_get_client (session);
  GWeakRef *ref;

  if (client == NULL)
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, client);
  g_ptr_array_add (clients, ref);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static gboolean
clients_gone (void)
{
  for (guint i = 0; i < clients->len; i++)
    {
      g_autoptr(KfKubeClient) client = g_weak_ref_get (g_ptr_array_index (clients, i));

      if (client != NULL)
        return FALSE;
    }
  return TRUE;
}

static KfWindow *
new_window (KfClusterSession *session)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KfWindow *window;

  /* each test starts from the kubeconfig's own current context */
  g_settings_set_string (settings, "current-context", "");
  g_ptr_array_set_size (clients, 0);
  g_signal_connect (session, "notify::client", G_CALLBACK (client_changed_cb), NULL);
  window = kf_window_new_for_session (ADW_APPLICATION (app), session);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

static void
close_window (KfWindow *window)
{
  KfClusterSession *session = kf_window_get_session (window);
  gint64 start = g_get_monotonic_time ();
  gpointer alive = window;

  g_signal_handlers_disconnect_by_func (session, client_changed_cb, NULL);
  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  gtk_window_destroy (GTK_WINDOW (window));
  /* and until the window itself is gone: its widgets' frame-clock callbacks
   * must not run into the next test's window */
  WAIT_UNTIL (alive == NULL);
  g_assert_null (alive);
  /* Closing cancels every request; wait until they all completed and their
   * clients (with their connections) are gone. Stopping the in-process
   * server before that can block: its TLS close waits for a handshake whose
   * client end only moves on when this main loop runs. */
  WAIT_UNTIL (clients_gone ());
  g_assert_true (clients_gone ());
  g_test_message ("the closed window's requests ended after %.2f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static KfClusterState
status_state (KfWindow *window)
{
  return kf_cluster_status_button_get_state (kf_window_get_status_button (window));
}

static const char *
status_detail (KfWindow *window)
{
  const char *detail = kf_cluster_status_button_get_detail (kf_window_get_status_button (window));

  return detail != NULL ? detail : "";
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
  g_autoptr(KfClusterSession) session = session_for (sim->kubeconfig);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *remembered = NULL;
  KfWindow *window = new_window (session);
  KfContextSwitcher *switcher = kf_window_get_context_switcher (window);
  GtkWidget *row;

  g_assert_true (kf_window_get_session (window) == session);

  WAIT_UNTIL (status_state (window) == KF_CLUSTER_STATE_CONNECTED);
  g_assert_cmpint (status_state (window), ==, KF_CLUSTER_STATE_CONNECTED);
  g_test_message ("connected: %s", status_detail (window));
  g_assert_nonnull (strstr (status_detail (window), "admin"));
  g_assert_cmpstr (kf_context_switcher_get_current (switcher), ==, "kubefoundry-sim");
  g_assert_cmpuint (g_list_model_get_n_items (kf_context_switcher_get_contexts (switcher)), >=, 3);

  /* the GPU nodes of the simulated cluster reach the fit badges */
  WAIT_UNTIL (kf_gpu_watcher_get_inventory (kf_window_get_gpu_watcher (window)) != NULL);
  g_assert_nonnull (kf_gpu_watcher_get_inventory (kf_window_get_gpu_watcher (window)));
  g_assert_cmpuint (kf_gpu_inventory_get_total (kf_gpu_watcher_get_inventory (kf_window_get_gpu_watcher (window))), >, 0);

  /* the user picks the viewer context in the switcher's popover */
  row = find_descendant (GTK_WIDGET (switcher), GTK_TYPE_LIST_BOX_ROW, "kubefoundry-sim-viewer");
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  WAIT_UNTIL (status_state (window) == KF_CLUSTER_STATE_CONNECTED && strstr (status_detail (window), "viewer") != NULL);
  g_test_message ("switched: %s", status_detail (window));
  g_assert_nonnull (strstr (status_detail (window), "viewer"));
  g_assert_cmpstr (kf_context_switcher_get_current (switcher), ==, "kubefoundry-sim-viewer");
  remembered = g_settings_get_string (settings, "current-context");
  g_assert_cmpstr (remembered, ==, "kubefoundry-sim-viewer");

  close_window (window);
}

static void
test_unreachable_insecure_banner (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KfClusterSession) session = NULL;
  KfWindow *window;
  GtkWidget *banner;
  GtkWidget *broken_row;
  guint16 dead_port;

  dead_port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  config = g_strdup_printf ("apiVersion: v1\nkind: Config\ncurrent-context: dead\n"
                            "clusters:\n- name: dead\n  cluster:\n    server: https://127.0.0.1:%u\n"
                            "    insecure-skip-tls-verify: true\n"
                            "users:\n- name: u\n  user:\n    token: abc\n"
                            "contexts:\n- name: dead\n  context:\n    cluster: dead\n    user: u\n"
                            "- name: broken\n  context:\n    cluster: nowhere\n    user: u\n",
                            dead_port);
  path = write_file (sim, "dead.yaml", config);
  session = session_for (path);
  window = new_window (session);

  WAIT_UNTIL (status_state (window) == KF_CLUSTER_STATE_UNREACHABLE);
  g_assert_cmpint (status_state (window), ==, KF_CLUSTER_STATE_UNREACHABLE);
  g_assert_nonnull (strstr (status_detail (window), "127.0.0.1"));

  banner = find_descendant (GTK_WIDGET (window), GTK_TYPE_INFO_BAR, NULL);
  g_assert_nonnull (banner);
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_true (gtk_info_bar_get_revealed (GTK_INFO_BAR (banner)));

  /* a context whose cluster is missing is listed with its error and can't be picked */
  broken_row = find_descendant (GTK_WIDGET (kf_window_get_context_switcher (window)), GTK_TYPE_LIST_BOX_ROW, "broken");
  g_assert_nonnull (broken_row);
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (broken_row)));

  close_window (window);
}

static void
test_unauthorized_then_token (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  const char *ca = kf_sim_server_get_ca_pem (sim->server);
  const char *token = kf_sim_server_get_token (sim->server, "admin");
  g_autofree char *ca_b64 = g_base64_encode ((const guchar *) ca, strlen (ca));
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;
  g_autofree char *written = NULL;
  g_autoptr(KfClusterSession) session = NULL;
  KfWindow *window;
  GtkWidget *banner;
  GtkWindow *dialog;
  GtkWidget *entry;

  config = g_strdup_printf ("apiVersion: v1\nkind: Config\ncurrent-context: sim\n"
                            "clusters:\n- name: sim\n  cluster:\n    server: %s\n"
                            "    certificate-authority-data: %s\n"
                            "users:\n- name: nobody\n  user: {}\n"
                            "contexts:\n- name: sim\n  context:\n    cluster: sim\n    user: nobody\n",
                            kf_sim_server_get_url (sim->server), ca_b64);
  path = write_file (sim, "nobody.yaml", config);
  session = session_for (path);
  window = new_window (session);

  WAIT_UNTIL (status_state (window) == KF_CLUSTER_STATE_UNAUTHORIZED);
  g_assert_cmpint (status_state (window), ==, KF_CLUSTER_STATE_UNAUTHORIZED);
  /* the certificate is verified here: no TLS banner */
  banner = find_descendant (GTK_WIDGET (window), GTK_TYPE_INFO_BAR, NULL);
  g_assert_false (gtk_widget_get_visible (banner));

  /* the status popover offers the token dialog */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-token", NULL));
  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  entry = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY, NULL);
  g_assert_nonnull (entry);
  g_assert_false (gtk_password_entry_get_show_peek_icon (GTK_PASSWORD_ENTRY (entry)));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect"));

  /* the user pastes the token and presses Enter */
  gtk_editable_set_text (GTK_EDITABLE (entry), token);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect"));
  g_object_ref (entry);
  g_signal_emit_by_name (find_descendant (entry, GTK_TYPE_TEXT, NULL), "activate");
  /* the entry no longer holds the token */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_object_unref (entry);

  WAIT_UNTIL (status_state (window) == KF_CLUSTER_STATE_CONNECTED);
  g_assert_cmpint (status_state (window), ==, KF_CLUSTER_STATE_CONNECTED);
  g_assert_nonnull (strstr (status_detail (window), "admin"));
  g_assert_null (strstr (status_detail (window), token));
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_null (strstr (written, token));

  WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  close_window (window);
}

static void
test_demo_cluster (void)
{
  g_autoptr(KfDemoCluster) demo = kf_demo_cluster_new (20.0);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfClusterSession) session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  GStatBuf st;
  KfWindow *window;

  g_assert_true (kf_demo_cluster_start (demo, &error));
  g_assert_no_error (error);
  path = g_strdup (kf_demo_cluster_get_kubeconfig_path (demo));
  dir = g_path_get_dirname (path);
  /* the kubeconfig (it holds the simulated admin's token) is private */
  g_assert_true (g_str_has_prefix (path, g_get_user_runtime_dir ()));
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  session = kf_demo_cluster_new_session (demo);
  window = new_window (session);
  kf_window_set_cluster_description (window, "Simulated demo cluster");
  WAIT_UNTIL (status_state (window) == KF_CLUSTER_STATE_CONNECTED);
  g_assert_cmpint (status_state (window), ==, KF_CLUSTER_STATE_CONNECTED);
  g_assert_true (g_str_has_prefix (status_detail (window), "Simulated demo cluster\n"));
  g_assert_nonnull (strstr (status_detail (window), "admin"));
  WAIT_UNTIL (kf_gpu_watcher_get_inventory (kf_window_get_gpu_watcher (window)) != NULL);
  g_assert_nonnull (kf_gpu_watcher_get_inventory (kf_window_get_gpu_watcher (window)));
  close_window (window);

  /* stopping removes the kubeconfig and its folder */
  kf_demo_cluster_stop (demo);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime_dir = NULL;
  g_autofree char *kf_runtime = NULL;
  int ret;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }

  /* the demo's kubeconfig goes under a runtime folder of our own */
  runtime_dir = g_dir_make_tmp ("kf-test-runtime-XXXXXX", NULL);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  clients = g_ptr_array_new_with_free_func (weak_ref_free);
  app = kf_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/connection/connects-and-switches", test_connects_and_switches);
  g_test_add_func ("/connection/unreachable-insecure-banner", test_unreachable_insecure_banner);
  g_test_add_func ("/connection/unauthorized-then-token", test_unauthorized_then_token);
  g_test_add_func ("/connection/demo-cluster", test_demo_cluster);

  ret = g_test_run ();
  g_clear_pointer (&clients, g_ptr_array_unref);
  g_clear_object (&app);
  kf_runtime = g_build_filename (runtime_dir, "kubefoundry", NULL);
  g_rmdir (kf_runtime);
  g_rmdir (runtime_dir);
  return ret;
}
