/* test-deploy-wizard.c: the deploy wizard against the simulated cluster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kf-deploy-wizard.h"
#include "kf-keyring.h"
#include "kf-kubeconfig.h"
#include "kf-test-sim.h"

const char *__lsan_default_options (void);
const char *
__lsan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

#define WAIT_UNTIL(cond) G_STMT_START {                                  \
    gint64 wait_end_ = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;     \
    while (!(cond) && g_get_monotonic_time () < wait_end_)                \
      {                                                                   \
        if (!g_main_context_iteration (NULL, FALSE))                      \
          g_usleep (1000);                                                \
      }                                                                   \
  } G_STMT_END

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
get (KfDeployWizard *wizard,
     const char     *name)
{
  GtkWidget *widget = find_named (GTK_WIDGET (wizard), name);

  if (widget == NULL)
    g_error ("no widget named %s", name);
  return widget;
}

static const char *
text_of (KfDeployWizard *wizard,
         const char     *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (get (wizard, name)));
}

static void
set_text (KfDeployWizard *wizard,
          const char     *name,
          const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (get (wizard, name)), text);
}

static void
click (KfDeployWizard *wizard,
       const char     *name)
{
  GtkWidget *button = get (wizard, name);

  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static char *
yaml_of (KfDeployWizard *wizard)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (get (wizard, "yaml-view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* KF_TEST_SCREENSHOT_DIR set: renders the wizard to DIR/wizard-NAME.png (to look at it). */
static void
snapshot (KfDeployWizard *wizard,
          const char     *name)
{
  const char *dir = g_getenv ("KF_TEST_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snap = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w, h;

  if (dir == NULL)
    return;
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (wizard)) > 0);
  {
    gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;   /* transitions settle */

    while (g_get_monotonic_time () < end)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }
  w = gtk_widget_get_width (GTK_WIDGET (wizard));
  h = gtk_widget_get_height (GTK_WIDGET (wizard));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (wizard));
  snap = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snap, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snap));
  g_test_message ("snapshot %s: %dx%d %s", name, w, h, node != NULL ? "rendered" : "empty");
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (wizard)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_strdup_printf ("%s/wizard-%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}

static KfClusterSession *
connect_session (KfTestSim  *sim,
                 const char *context)
{
  const char *paths[] = { sim->kubeconfig, NULL };
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);
  KfClusterSession *session;

  kf_kubeconfig_set_keyring (kubeconfig, kf_keyring_new (FALSE));
  session = kf_cluster_session_new (kubeconfig);
  kf_cluster_session_start (session, context);
  WAIT_UNTIL (kf_cluster_session_get_client (session) != NULL &&
              kf_cluster_session_get_state (session) == KF_CLUSTER_STATE_CONNECTED);
  g_assert_nonnull (kf_cluster_session_get_client (session));
  return session;
}

static KfModel *
qwen (void)
{
  KfModel *model = kf_model_new ("Qwen/Qwen3-0.6B", "Qwen3 0.6B");

  kf_model_set_engines (model, KF_ENGINES_VLLM | KF_ENGINES_SGLANG);
  kf_model_set_parameter_count (model, 600000000);
  kf_model_set_size (model, "0.6B");
  return model;
}

typedef struct
{
  char *namespace, *name, *provider;
} Created;

static void
created_cb (KfDeployWizard *wizard,
            const char     *namespace,
            const char     *name,
            const char     *provider,
            Created        *created)
{
  created->namespace = g_strdup (namespace);
  created->name = g_strdup (name);
  created->provider = g_strdup (provider);
}

static void
created_clear (Created *created)
{
  g_free (created->namespace);
  g_free (created->name);
  g_free (created->provider);
}

/* Goes to the review step and waits until the cluster's runtimes are known. */
static void
to_review (KfDeployWizard *wizard)
{
  while (gtk_widget_get_visible (get (wizard, "next-button")))
    click (wizard, "next-button");
  WAIT_UNTIL (gtk_widget_get_sensitive (get (wizard, "create-button")) ||
              strstr (gtk_label_get_label (GTK_LABEL (get (wizard, "reason-label"))), "Fix") != NULL);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Created, created_clear)

static gboolean
has_display (void)
{
  if (gdk_display_get_default () == NULL)
    {
      g_test_skip ("no display");
      return FALSE;
    }
  return TRUE;
}

/* Walk the wizard with a model and create the deployment on the cluster. */
static void
test_walk_and_create (void)
{
  g_autoptr(KfTestSim) sim = NULL;
  g_autoptr(KfClusterSession) session = NULL;
  g_autoptr(KfModel) model = NULL;
  g_autoptr(KfDeployWizard) wizard = NULL;
  g_autofree char *yaml = NULL;
  g_auto(Created) created = { 0 };
  g_autoptr(JsonNode) cr = NULL;
  guint status;

  if (!has_display ())
    return;
  sim = kf_test_sim_new (NULL, 20.0, FALSE);
  session = connect_session (sim, NULL);
  model = qwen ();
  wizard = g_object_ref_sink (kf_deploy_wizard_new (NULL, session, model));
  g_signal_connect (wizard, "deployment-created", G_CALLBACK (created_cb), &created);
  gtk_window_present (GTK_WINDOW (wizard));

  /* the original's defaults: automatic name, first installed+compatible runtime's namespace */
  g_assert_true (g_str_has_prefix (text_of (wizard, "name-row"), "qwen3-0-6b-"));
  g_assert_cmpuint (strlen (text_of (wizard, "name-row")), ==, strlen ("qwen3-0-6b-") + 4);
  g_assert_cmpstr (text_of (wizard, "namespace-row"), ==, "dynamo-system");

  snapshot (wizard, "1-runtime");
  kf_deploy_wizard_set_step (wizard, "model");
  snapshot (wizard, "0-model");
  kf_deploy_wizard_set_step (wizard, "configuration");
  snapshot (wizard, "2-configuration");
  kf_deploy_wizard_set_step (wizard, "runtime");

  /* choosing KubeRay resets the namespace to its default */
  gtk_widget_activate (get (wizard, "runtime-kuberay"));
  g_assert_cmpstr (text_of (wizard, "namespace-row"), ==, "kuberay-system");
  gtk_widget_activate (get (wizard, "runtime-dynamo"));
  g_assert_cmpstr (text_of (wizard, "namespace-row"), ==, "dynamo-system");

  set_text (wizard, "name-row", "wizard-made");
  set_text (wizard, "namespace-row", "wizard-ns");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get (wizard, "replicas-spin")), 2);
  to_review (wizard);
  g_assert_true (gtk_widget_get_sensitive (get (wizard, "create-button")));

  /* the review shows the manifest and a fit verdict against the cluster's GPUs */
  yaml = yaml_of (wizard);
  g_assert_nonnull (strstr (yaml, "kind: DynamoGraphDeployment"));
  g_assert_nonnull (strstr (yaml, "name: wizard-made"));
  WAIT_UNTIL (gtk_widget_get_first_child (get (wizard, "fit-list")) != NULL &&
              !g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                gtk_widget_get_first_child (get (wizard, "fit-list")))), "GPU fit unknown"));
  {
    GtkWidget *row = gtk_widget_get_first_child (get (wizard, "fit-list"));
    int n = 0;

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Qwen3 0.6B");
    for (; row != NULL; row = gtk_widget_get_next_sibling (row))
      n++;
    g_assert_cmpint (n, >=, 2);   /* the verdict and one row per GPU type */
  }

  snapshot (wizard, "3-review");
  click (wizard, "create-button");
  WAIT_UNTIL (created.name != NULL);
  g_assert_cmpstr (created.name, ==, "wizard-made");
  g_assert_cmpstr (created.namespace, ==, "wizard-ns");
  g_assert_cmpstr (created.provider, ==, "dynamo");
  cr = kf_test_sim_request (sim, "admin", "GET",
                            "/apis/nvidia.com/v1alpha1/namespaces/wizard-ns/dynamographdeployments/wizard-made",
                            NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (wizard)));   /* closed */
}

/* 403 as the viewer, then 409: the error shows, nothing typed is lost, retry works. */
static void
test_failures_keep_input (void)
{
  g_autoptr(KfTestSim) sim = NULL;
  g_autoptr(KfClusterSession) viewer = NULL;
  g_autoptr(KfClusterSession) admin = NULL;
  g_autoptr(KfModel) model = NULL;
  g_autoptr(KfDeployWizard) wizard = NULL;
  g_autoptr(KfDeployWizard) second = NULL;
  g_auto(Created) created = { 0 };
  GtkWidget *name_row;
  guint status;
  g_autoptr(JsonNode) node = NULL;

  if (!has_display ())
    return;
  sim = kf_test_sim_new (NULL, 20.0, FALSE);
  model = qwen ();

  /* 403 */
  viewer = connect_session (sim, "kubefoundry-sim-viewer");
  wizard = g_object_ref_sink (kf_deploy_wizard_new (NULL, viewer, model));
  gtk_window_present (GTK_WINDOW (wizard));
  set_text (wizard, "name-row", "kept-name");
  set_text (wizard, "namespace-row", "default");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get (wizard, "replicas-spin")), 3);
  gtk_switch_set_active (GTK_SWITCH (get (wizard, "prefix-switch")), TRUE);
  to_review (wizard);
  click (wizard, "create-button");
  WAIT_UNTIL (!kf_deploy_wizard_get_busy (wizard) &&
              gtk_revealer_get_reveal_child (GTK_REVEALER (get (wizard, "error-revealer"))));
  snapshot (wizard, "4-forbidden");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (get (wizard, "error-revealer"))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (get (wizard, "error-label"))), "may not create"));
  g_assert_cmpstr (text_of (wizard, "name-row"), ==, "kept-name");
  g_assert_cmpstr (text_of (wizard, "namespace-row"), ==, "default");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (get (wizard, "replicas-spin"))), ==, 3);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (get (wizard, "prefix-switch"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (wizard)));
  node = kf_test_sim_request (sim, "admin", "GET",
                              "/apis/nvidia.com/v1alpha1/namespaces/default/dynamographdeployments/kept-name",
                              NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  gtk_window_destroy (GTK_WINDOW (wizard));

  /* 409: a deployment of that name exists; the error is at the name row */
  admin = connect_session (sim, "kubefoundry-sim");
  g_clear_pointer (&node, json_node_unref);
  node = kf_test_sim_request (sim, "admin", "POST", "/apis/nvidia.com/v1alpha1/namespaces/default/dynamographdeployments",
                              "application/json",
                              "{\"apiVersion\":\"nvidia.com/v1alpha1\",\"kind\":\"DynamoGraphDeployment\","
                              "\"metadata\":{\"name\":\"kept-name\",\"namespace\":\"default\"},\"spec\":{\"services\":{}}}",
                              &status);
  g_assert_cmpuint (status, ==, 201);
  second = g_object_ref_sink (kf_deploy_wizard_new (NULL, admin, model));
  g_signal_connect (second, "deployment-created", G_CALLBACK (created_cb), &created);
  gtk_window_present (GTK_WINDOW (second));
  set_text (second, "name-row", "kept-name");
  set_text (second, "namespace-row", "default");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get (second, "replicas-spin")), 3);
  to_review (second);
  click (second, "create-button");
  WAIT_UNTIL (!kf_deploy_wizard_get_busy (second) &&
              gtk_revealer_get_reveal_child (GTK_REVEALER (get (second, "error-revealer"))));
  name_row = get (second, "name-row");
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (name_row), "already exists in default"));
  g_assert_cmpstr (text_of (second, "name-row"), ==, "kept-name");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (get (second, "replicas-spin"))), ==, 3);
  g_assert_false (gtk_widget_get_sensitive (get (second, "create-button")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (get (second, "reason-label"))), "Name"));
  snapshot (second, "4-conflict");

  /* retry with another name */
  set_text (second, "name-row", "kept-name-2");
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  kf_deploy_wizard_set_step (second, "review");
  click (second, "create-button");
  WAIT_UNTIL (created.name != NULL);
  g_assert_cmpstr (created.name, ==, "kept-name-2");
  g_clear_pointer (&node, json_node_unref);
  node = kf_test_sim_request (sim, "admin", "GET",
                              "/apis/nvidia.com/v1alpha1/namespaces/default/dynamographdeployments/kept-name-2",
                              NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* An invalid name: Create is disabled and says why. */
static void
test_invalid_name (void)
{
  g_autoptr(KfModel) model = NULL;
  g_autoptr(KfDeployWizard) wizard = NULL;
  GtkWidget *create;

  if (!has_display ())
    return;
  model = qwen ();
  wizard = g_object_ref_sink (kf_deploy_wizard_new (NULL, NULL, model));
  gtk_window_present (GTK_WINDOW (wizard));
  set_text (wizard, "name-row", "Bad_Name");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get (wizard, "gpus-spin")), 0);
  kf_deploy_wizard_set_step (wizard, "review");
  create = get (wizard, "create-button");
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (get (wizard, "reason-label"))), "Fix 2 fields: Name, GPUs per replica"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (create), ==, gtk_label_get_label (GTK_LABEL (get (wizard, "reason-label"))));
  g_assert_true (gtk_widget_has_css_class (get (wizard, "name-row"), "error"));
  kf_deploy_wizard_set_step (wizard, "configuration");
  snapshot (wizard, "5-invalid");
  kf_deploy_wizard_set_step (wizard, "review");

  /* fixed: only the missing connection remains */
  set_text (wizard, "name-row", "good-name");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get (wizard, "gpus-spin")), 1);
  g_assert_false (gtk_widget_has_css_class (get (wizard, "name-row"), "error"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (get (wizard, "reason-label"))), "Not connected"));
  g_assert_false (gtk_widget_get_sensitive (create));
  gtk_window_destroy (GTK_WINDOW (wizard));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (gtk_init_check ())
    adw_init ();
  g_test_add_func ("/deploy-wizard/walk-and-create", test_walk_and_create);
  g_test_add_func ("/deploy-wizard/failures-keep-input", test_failures_keep_input);
  g_test_add_func ("/deploy-wizard/invalid-name", test_invalid_name);
  return g_test_run ();
}
