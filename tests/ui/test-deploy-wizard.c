/* test-deploy-wizard.c: the deploy wizard against the simulated cluster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kf-deploy-wizard.h"
#include "kf-hf-client.h"
#include "kf-keyring.h"
#include "kf-kubeconfig.h"
#include "kf-test-sim.h"
#include "kf-window.h"

const char *__lsan_default_options (void);
const char *
__lsan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

#define WAIT_UNTIL(cond) G_STMT_START {                                  \
    gint64 wait_end_ = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;     \
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
snapshot (gpointer    window,
          const char *name)
{
  const char *dir = g_getenv ("KF_TEST_SCREENSHOT_DIR");
  GtkWidget *wizard = GTK_WIDGET (window);
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

/* The wizard's open AdwMessageDialog (the gated-model question), or NULL. */
static AdwMessageDialog *
find_dialog (KfDeployWizard *wizard)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          gtk_window_get_transient_for (window) == GTK_WINDOW (wizard))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks the dialog's response button labelled @label, as the user would. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), label);

  if (button == NULL)
    g_error ("the dialog has no button %s", label);
  g_assert_true (gtk_widget_get_visible (button) && gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (kf_keyring_store_finish (KF_KEYRING (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* A JSON member by a dotted path ("data.HF_TOKEN"), or NULL. */
static const char *
json_path (JsonNode   *node,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  for (guint i = 0; object != NULL && parts[i] != NULL; i++)
    {
      JsonNode *member = json_object_get_member (object, parts[i]);

      if (member == NULL)
        return NULL;
      if (parts[i + 1] == NULL)
        return JSON_NODE_HOLDS_VALUE (member) ? json_node_get_string (member) : NULL;
      object = JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
    }
  return NULL;
}

/* Whether any label or editable text under @widget shows @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  const char *shown = GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget))
                      : GTK_IS_EDITABLE (widget) ? gtk_editable_get_text (GTK_EDITABLE (widget)) : NULL;

  if (shown != NULL && strstr (shown, text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

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
  /* the reason shows on every step: inline and on Next's tooltip */
  g_assert_true (gtk_widget_get_visible (get (wizard, "reason-label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (get (wizard, "reason-label"))), "Fix 2 fields: Name, GPUs per replica"));
  g_assert_false (gtk_widget_get_visible (create));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (get (wizard, "next-button")), "Create is not possible yet: Fix 2 fields"));
  kf_deploy_wizard_set_step (wizard, "model");
  g_assert_true (gtk_widget_get_visible (get (wizard, "reason-label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (get (wizard, "reason-label"))), "Fix 2 fields"));
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


/* The server refuses the create with 422 (a validating webhook's causes): the
 * cause shows at its field (or at the top when no field matches), every input
 * is kept, and a retry after the fix creates the deployment. */
static void
test_server_422_keeps_input (void)
{
  g_autoptr(KfTestSim) sim = NULL;
  g_autoptr(KfClusterSession) session = NULL;
  g_autoptr(KfModel) model = NULL;
  g_autoptr(KfDeployWizard) wizard = NULL;
  g_auto(Created) created = { 0 };
  g_autoptr(JsonNode) node = NULL;
  GtkWidget *replicas_row;
  guint status;

  if (!has_display ())
    return;
  sim = kf_test_sim_new (NULL, 20.0, FALSE);
  session = connect_session (sim, NULL);
  model = qwen ();
  wizard = g_object_ref_sink (kf_deploy_wizard_new (NULL, session, model));
  g_signal_connect (wizard, "deployment-created", G_CALLBACK (created_cb), &created);
  gtk_window_present (GTK_WINDOW (wizard));
  set_text (wizard, "name-row", "rejected-one");
  set_text (wizard, "namespace-row", "reject-ns");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get (wizard, "replicas-spin")), 4);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get (wizard, "context-spin")), 8192);
  gtk_switch_set_active (GTK_SWITCH (get (wizard, "prefix-switch")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (get (wizard, "eager-switch")), FALSE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (get (wizard, "router-row")), 1);

  /* 1: a cause at a field the wizard shows: the worker's replicas */
  kf_sim_server_reject_next_create (sim->server, "dynamographdeployments", "spec.services.VllmWorker.replicas",
                                    "Invalid value: 4: must be no more than 3 replicas per worker in this cluster");
  to_review (wizard);
  click (wizard, "create-button");
  WAIT_UNTIL (!kf_deploy_wizard_get_busy (wizard) &&
              gtk_revealer_get_reveal_child (GTK_REVEALER (get (wizard, "error-revealer"))));
  snapshot (wizard, "6-invalid-from-server");
  replicas_row = get (wizard, "replicas-row");
  g_assert_true (gtk_widget_has_css_class (replicas_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (replicas_row), "must be no more than 3 replicas"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (get (wizard, "steps"))), ==, "configuration");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (get (wizard, "reason-label"))), "Worker replicas"));
  g_assert_false (gtk_widget_has_css_class (get (wizard, "name-row"), "error"));
  /* nothing typed is lost */
  g_assert_cmpstr (text_of (wizard, "name-row"), ==, "rejected-one");
  g_assert_cmpstr (text_of (wizard, "namespace-row"), ==, "reject-ns");
  g_assert_cmpstr (text_of (wizard, "model-row"), ==, "Qwen/Qwen3-0.6B");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (get (wizard, "replicas-spin"))), ==, 4);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (get (wizard, "context-spin"))), ==, 8192);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (get (wizard, "prefix-switch"))));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (get (wizard, "eager-switch"))));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (get (wizard, "router-row"))), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (wizard)));
  node = kf_test_sim_request (sim, "admin", "GET",
                              "/apis/nvidia.com/v1alpha1/namespaces/reject-ns/dynamographdeployments/rejected-one",
                              NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);

  /* the fix clears the error */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get (wizard, "replicas-spin")), 3);
  g_assert_false (gtk_widget_has_css_class (replicas_row, "error"));

  /* 2: a cause at a path no field stands for: at the top, the fields stay clean */
  kf_sim_server_reject_next_create (sim->server, "dynamographdeployments",
                                    "spec.services.Frontend.extraPodSpec.mainContainer.image",
                                    "Invalid value: \"nvcr.io/nvidia/ai-dynamo/vllm-runtime\": image must come from an approved registry");
  to_review (wizard);
  click (wizard, "create-button");
  WAIT_UNTIL (!kf_deploy_wizard_get_busy (wizard) &&
              gtk_revealer_get_reveal_child (GTK_REVEALER (get (wizard, "error-revealer"))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (get (wizard, "error-label"))), "approved registry"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (get (wizard, "error-label"))),
                            "spec.services.Frontend.extraPodSpec.mainContainer.image"));
  g_assert_false (gtk_widget_has_css_class (replicas_row, "error"));
  g_assert_cmpstr (text_of (wizard, "name-row"), ==, "rejected-one");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (get (wizard, "replicas-spin"))), ==, 3);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (get (wizard, "prefix-switch"))));

  /* 3: retry: created, with what was typed */
  kf_deploy_wizard_set_step (wizard, "review");
  click (wizard, "create-button");
  WAIT_UNTIL (created.name != NULL);
  g_assert_cmpstr (created.name, ==, "rejected-one");
  g_clear_pointer (&node, json_node_unref);
  node = kf_test_sim_request (sim, "admin", "GET",
                              "/apis/nvidia.com/v1alpha1/namespaces/reject-ns/dynamographdeployments/rejected-one",
                              NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonObject *services = json_object_get_object_member (json_object_get_object_member (json_node_get_object (node), "spec"), "services");

    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (services, "VllmWorker"), "replicas"), ==, 3);
  }
}

static KfModel *
gated_llama (void)
{
  KfModel *model = kf_model_new ("meta-llama/Llama-3.2-1B-Instruct", "Llama 3.2 1B Instruct");

  kf_model_set_engines (model, KF_ENGINES_VLLM | KF_ENGINES_SGLANG);
  kf_model_set_parameter_count (model, 1240000000);
  kf_model_set_size (model, "1B");
  kf_model_set_gated (model, TRUE);
  return model;
}

/* Opens a wizard for @model into @ns/@name and clicks Create; returns it. */
static KfDeployWizard *
create_gated (KfClusterSession *session,
              KfModel          *model,
              KfKeyring        *keyring,
              const char       *ns,
              const char       *name,
              Created          *created)
{
  KfDeployWizard *wizard = g_object_ref_sink (kf_deploy_wizard_new (NULL, session, model));

  kf_deploy_wizard_set_keyring (wizard, keyring);
  g_signal_connect (wizard, "deployment-created", G_CALLBACK (created_cb), created);
  gtk_window_present (GTK_WINDOW (wizard));
  g_assert_true (gtk_widget_get_visible (get (wizard, "gated-label")));
  set_text (wizard, "name-row", name);
  set_text (wizard, "namespace-row", ns);
  to_review (wizard);
  click (wizard, "create-button");
  WAIT_UNTIL (find_dialog (wizard) != NULL);
  g_assert_nonnull (find_dialog (wizard));
  return wizard;
}

/* A gated model asks before copying the keyring's token into the cluster:
 * accepted → the Secret holds it; declined → no Secret, and the question said
 * the download fails without it; no token → a way to sign in. The token is
 * never on screen. */
static void
test_gated_token (void)
{
  const char *token = "hf_TestTokenNeverShown0123456789";
  g_autoptr(KfTestSim) sim = NULL;
  g_autoptr(KfClusterSession) session = NULL;
  g_autoptr(KfModel) model = NULL;
  g_autoptr(KfKeyring) keyring = NULL;
  g_autoptr(KfKeyring) empty = NULL;
  g_autoptr(KfDeployWizard) wizard = NULL;
  g_autoptr(KfDeployWizard) second = NULL;
  g_autoptr(KfDeployWizard) third = NULL;
  g_autoptr(JsonNode) secret = NULL;
  g_auto(Created) created = { 0 };
  g_auto(Created) created2 = { 0 };
  g_auto(Created) created3 = { 0 };
  AdwMessageDialog *dialog;
  g_autofree guchar *decoded = NULL;
  gsize len = 0;
  gboolean done = FALSE;
  guint status;

  if (!has_display ())
    return;
  sim = kf_test_sim_new (NULL, 20.0, FALSE);
  session = connect_session (sim, NULL);
  model = gated_llama ();
  keyring = kf_keyring_new (FALSE);   /* memory-only: the user's keyring is not touched */
  kf_keyring_store_async (keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL, token, NULL, store_cb, &done);
  WAIT_UNTIL (done);

  /* accept: the Secret exists in the target namespace with the token */
  wizard = create_gated (session, model, keyring, "gated-ns", "llama-copied", &created);
  dialog = find_dialog (wizard);
  snapshot (dialog, "7-gated-ask");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Copy"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "hf-token-secret"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "gated-ns"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "fail to download"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), token));
  g_assert_true (adw_message_dialog_has_response (dialog, "skip"));
  g_assert_false (shows_text (GTK_WIDGET (dialog), token));
  g_assert_false (shows_text (GTK_WIDGET (wizard), token));
  click_response (dialog, "_Copy Token and Create");
  WAIT_UNTIL (find_dialog (wizard) == NULL);
  g_assert_null (find_dialog (wizard));
  WAIT_UNTIL (created.name != NULL);
  g_assert_cmpstr (created.name, ==, "llama-copied");
  secret = kf_test_sim_request (sim, "admin", "GET", "/api/v1/namespaces/gated-ns/secrets/hf-token-secret", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  decoded = g_base64_decode (json_path (secret, "data.HF_TOKEN"), &len);
  g_assert_cmpmem (decoded, len, token, strlen (token));
  {
    JsonObject *labels = json_object_get_object_member (json_object_get_object_member (json_node_get_object (secret), "metadata"), "labels");

    g_assert_cmpstr (json_object_get_string_member (labels, "kubefoundry.io/secret-type"), ==, "huggingface-token");
    g_assert_cmpstr (json_object_get_string_member (labels, "app.kubernetes.io/managed-by"), ==, "kubefoundry");
  }

  /* decline: created without a Secret */
  second = create_gated (session, model, keyring, "gated-skip", "llama-skipped", &created2);
  dialog = find_dialog (second);
  click_response (dialog, "Create _Without Token");
  WAIT_UNTIL (created2.name != NULL);
  g_clear_pointer (&secret, json_node_unref);
  secret = kf_test_sim_request (sim, "admin", "GET", "/api/v1/namespaces/gated-skip/secrets/hf-token-secret", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);

  /* no token stored: told so, with a way to sign in; cancel keeps everything */
  empty = kf_keyring_new (FALSE);
  third = create_gated (session, model, empty, "gated-none", "llama-none", &created3);
  dialog = find_dialog (third);
  snapshot (dialog, "8-gated-no-token");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Sign In"));
  g_assert_true (adw_message_dialog_has_response (dialog, "sign-in"));
  g_assert_true (adw_message_dialog_has_response (dialog, "create"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Preferences"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "fail to download"));
  click_response (dialog, "_Cancel");
  WAIT_UNTIL (find_dialog (third) == NULL);
  g_assert_null (find_dialog (third));
  g_assert_false (kf_deploy_wizard_get_busy (third));
  g_assert_null (created3.name);
  g_assert_cmpstr (text_of (third, "name-row"), ==, "llama-none");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (third)));
  gtk_window_destroy (GTK_WINDOW (third));
}

/* ---- a Hub on loopback for the GGUF picker ---- */

static char *hub_last_auth;

static void
hub_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  g_free (hub_last_auth);
  hub_last_auth = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization"));
  if (g_str_equal (path, "/api/models/Qwen/Qwen2.5-0.5B-Instruct-GGUF/tree/main"))
    {
      g_autofree char *file = g_build_filename (g_getenv ("KF_TEST_DATA_DIR"), "huggingface",
                                                "tree-qwen2.5-0.5b-instruct-gguf.json", NULL);
      g_autofree char *body = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (file, &body, &len, NULL));
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, len);
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  /* what huggingface.co answers for an unknown repo */
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    "{\"error\":\"Repository not found\"}", strlen ("{\"error\":\"Repository not found\"}"));
  soup_server_message_set_status (msg, 404, NULL);
}

/* KAITO from a HuggingFace GGUF repo: the file is picked from the repo's .gguf
 * files (with sizes; q4_k_m preselected); when listing fails, it is typed. */
static void
test_gguf_picker (void)
{
  g_autoptr(SoupServer) hub = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KfHfClient) client = NULL;
  g_autoptr(KfKeyring) keyring = NULL;
  gboolean stored = FALSE;
  g_autoptr(KfDeployWizard) wizard = NULL;
  g_autoptr(KfDeploymentConfig) config = NULL;
  g_autoptr(KfDeploymentConfig) typed = NULL;
  g_autofree char *base = NULL;
  g_autofree char *yaml = NULL;
  GSList *uris;
  GtkWidget *combo;
  GListModel *items;

  if (!has_display ())
    return;
  hub = soup_server_new (NULL, NULL);
  soup_server_add_handler (hub, NULL, hub_cb, NULL, NULL);
  soup_server_listen_local (hub, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hub);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  client = kf_hf_client_new (base);
  keyring = kf_keyring_new (FALSE);
  kf_keyring_store_async (keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL, "hf_GgufListToken", NULL, store_cb, &stored);
  WAIT_UNTIL (stored);

  wizard = g_object_ref_sink (kf_deploy_wizard_new (NULL, NULL, NULL));
  kf_deploy_wizard_set_keyring (wizard, keyring);
  kf_deploy_wizard_set_hf_client (wizard, client);
  gtk_window_present (GTK_WINDOW (wizard));
  set_text (wizard, "model-row", "Qwen/Qwen2.5-0.5B-Instruct-GGUF");
  gtk_widget_activate (get (wizard, "runtime-kaito"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (get (wizard, "kaito-source-row")), KF_KAITO_SOURCE_HUGGINGFACE_DIRECT);
  kf_deploy_wizard_set_step (wizard, "configuration");
  combo = get (wizard, "gguf-combo-row");
  g_assert_true (gtk_widget_get_visible (combo));   /* listing */
  g_assert_false (gtk_widget_get_visible (get (wizard, "gguf-row")));
  WAIT_UNTIL (gtk_widget_get_sensitive (combo));
  g_assert_true (gtk_widget_get_sensitive (combo));
  g_assert_cmpstr (hub_last_auth, ==, "Bearer hf_GgufListToken");   /* gated repos list too */
  g_assert_false (shows_text (GTK_WIDGET (wizard), "hf_GgufListToken"));
  snapshot (wizard, "9-gguf-picker");

  /* only the .gguf files, with sizes; the q4_k_m one chosen */
  items = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const char *label = gtk_string_list_get_string (GTK_STRING_LIST (items), i);

      g_assert_true (g_str_has_prefix (label, "qwen2.5-0.5b-instruct-"));
      g_assert_nonnull (strstr (label, ".gguf ("));
      g_assert_true (g_str_has_suffix (label, "B)"));
    }
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (items), adw_combo_row_get_selected (ADW_COMBO_ROW (combo))),
                   ==, "qwen2.5-0.5b-instruct-q4_k_m.gguf (491.4\u00a0MB)");   /* g_format_size: a no-break space */
  config = kf_deploy_wizard_get_config (wizard);
  g_assert_cmpstr (config->gguf_file, ==, "qwen2.5-0.5b-instruct-q4_k_m.gguf");

  /* another pick reaches the manifest */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 2);
  kf_deploy_wizard_set_step (wizard, "review");
  yaml = yaml_of (wizard);
  g_assert_nonnull (strstr (yaml, "huggingface://Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q8_0.gguf"));

  /* a repo the Hub does not know: the entry is the fallback, and the group says why */
  kf_deploy_wizard_set_step (wizard, "configuration");
  set_text (wizard, "model-row", "Nobody/Missing-GGUF");
  WAIT_UNTIL (gtk_widget_get_visible (get (wizard, "gguf-row")));
  g_assert_true (gtk_widget_get_visible (get (wizard, "gguf-row")));
  g_assert_false (gtk_widget_get_visible (combo));
  g_assert_true (shows_text (GTK_WIDGET (wizard), "Could not list the files of Nobody/Missing-GGUF"));
  set_text (wizard, "gguf-row", "missing-q4_k_m.gguf");
  typed = kf_deploy_wizard_get_config (wizard);
  g_assert_cmpstr (typed->gguf_file, ==, "missing-q4_k_m.gguf");
  snapshot (wizard, "10-gguf-fallback");
  gtk_window_destroy (GTK_WINDOW (wizard));
  g_clear_pointer (&hub_last_auth, g_free);
}

/* Sets every GPU node's allocatable nvidia.com/gpu to @count ("": back to @saved). */
static void
set_node_gpus (KfTestSim  *sim,
               GHashTable *saved,
               const char *count)
{
  g_autoptr(JsonNode) nodes = NULL;
  JsonArray *items;
  guint status;

  nodes = kf_test_sim_request (sim, "admin", "GET", "/api/v1/nodes", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (nodes), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *node = json_array_get_object_element (items, i);
      const char *name = json_object_get_string_member (json_object_get_object_member (node, "metadata"), "name");
      JsonObject *allocatable = json_object_get_object_member (json_object_get_object_member (node, "status"), "allocatable");
      const char *gpus = json_object_get_string_member_with_default (allocatable, "nvidia.com/gpu", NULL);
      const char *value = count != NULL ? count : g_hash_table_lookup (saved, name);
      g_autofree char *path = NULL;
      g_autofree char *body = NULL;
      g_autoptr(JsonNode) patched = NULL;

      if (gpus == NULL || value == NULL)
        continue;
      if (count != NULL)
        g_hash_table_insert (saved, g_strdup (name), g_strdup (gpus));
      path = g_strdup_printf ("/api/v1/nodes/%s/status", name);
      body = g_strdup_printf ("{\"status\":{\"allocatable\":{\"nvidia.com/gpu\":\"%s\"}}}", value);
      patched = kf_test_sim_request (sim, "admin", "PATCH", path, "application/merge-patch+json", body, &status);
      g_assert_cmpuint (status, ==, 200);
    }
}

static const char *
first_fit_title (KfDeployWizard *wizard)
{
  GtkWidget *row = gtk_widget_get_first_child (get (wizard, "fit-list"));

  return row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "";
}

/* The Review step follows the live GPU inventory: GPUs taken away → the
 * capacity error shows; given back → it goes. */
static void
test_live_fit (void)
{
  g_autoptr(KfTestSim) sim = NULL;
  g_autoptr(KfClusterSession) session = NULL;
  g_autoptr(KfModel) model = NULL;
  g_autoptr(KfDeployWizard) wizard = NULL;
  g_autoptr(GHashTable) saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GtkWidget *capacity;

  if (!has_display ())
    return;
  sim = kf_test_sim_new (NULL, 20.0, FALSE);
  session = connect_session (sim, NULL);
  model = qwen ();
  wizard = g_object_ref_sink (kf_deploy_wizard_new (NULL, session, model));
  gtk_window_present (GTK_WINDOW (wizard));
  g_assert_nonnull (kf_deploy_wizard_get_gpu_watcher (wizard));
  to_review (wizard);
  WAIT_UNTIL (g_strcmp0 (first_fit_title (wizard), "Qwen3 0.6B") == 0);
  g_assert_cmpstr (first_fit_title (wizard), ==, "Qwen3 0.6B");
  capacity = get (wizard, "capacity-label");
  g_assert_false (gtk_widget_get_visible (capacity));

  set_node_gpus (sim, saved, "0");
  g_assert_cmpuint (g_hash_table_size (saved), >, 0);
  WAIT_UNTIL (gtk_widget_get_visible (capacity));
  g_assert_true (gtk_widget_get_visible (capacity));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (capacity)), "will not fit on any node"));
  g_assert_true (gtk_widget_has_css_class (capacity, "error"));
  snapshot (wizard, "11-live-no-gpus");

  set_node_gpus (sim, saved, NULL);
  WAIT_UNTIL (!gtk_widget_get_visible (capacity));
  g_assert_false (gtk_widget_get_visible (capacity));
  g_assert_cmpstr (first_fit_title (wizard), ==, "Qwen3 0.6B");
  gtk_window_destroy (GTK_WINDOW (wizard));

  /* opened from the window on the same session: it shares the window's watcher */
  {
    KfWindow *window = kf_window_new_for_session (NULL, session);
    g_autoptr(KfDeployWizard) child = NULL;

    child = g_object_ref_sink (kf_deploy_wizard_new (GTK_WINDOW (window), session, model));
    gtk_window_present (GTK_WINDOW (child));
    WAIT_UNTIL (gtk_widget_get_realized (GTK_WIDGET (child)));
    g_assert_nonnull (kf_window_get_gpu_watcher (window));
    g_assert_true (kf_deploy_wizard_get_gpu_watcher (child) == kf_window_get_gpu_watcher (window));
    gtk_window_destroy (GTK_WINDOW (child));
    gtk_window_destroy (GTK_WINDOW (window));
  }
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
  g_test_add_func ("/deploy-wizard/server-422-keeps-input", test_server_422_keeps_input);
  g_test_add_func ("/deploy-wizard/gated-token", test_gated_token);
  g_test_add_func ("/deploy-wizard/gguf-picker", test_gguf_picker);
  g_test_add_func ("/deploy-wizard/live-fit", test_live_fit);
  return g_test_run ();
}
