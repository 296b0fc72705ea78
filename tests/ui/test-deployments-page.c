/* test-deployments-page.c: the deployments page and the details page against
 * the simulated cluster (under Xvfb)
 *
 * With KF_SCREENSHOT_DIR set, the window is also saved as PNGs there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "kf-cluster-session.h"
#include "kf-deployment-details-page.h"
#include "kf-demo-cluster.h"
#include "kf-deployments-page.h"
#include "kf-window.h"
#include "kf-test-sim.h"

#define WAIT_MS 60000

typedef struct
{
  KfTestSim         *ts;
  KfClusterSession  *session;
  GtkWindow         *window;
  KfDeploymentsPage *page;
} Fixture;

static gboolean
session_connected (gpointer data)
{
  return kf_cluster_session_get_state (data) == KF_CLUSTER_STATE_CONNECTED;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *paths[2] = { NULL, NULL };
  g_autoptr(KfKubeconfig) kc = NULL;

  f->ts = kf_test_sim_new (NULL, 100.0, FALSE);
  paths[0] = f->ts->kubeconfig;
  kc = kf_kubeconfig_new_for_paths (paths);
  f->session = kf_cluster_session_new (kc);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 760);
  f->page = KF_DEPLOYMENTS_PAGE (kf_deployments_page_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* close any dialog left open */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i - 1);
      if (w != f->window)
        gtk_window_destroy (w);
    }
  gtk_window_destroy (f->window);
  kf_cluster_session_shutdown (f->session);
  kf_test_sim_spin (50);
  g_clear_object (&f->session);
  kf_test_sim_free (f->ts);
}

static void
connect_session (Fixture *f)
{
  kf_cluster_session_start (f->session, "kubefoundry-sim");
  g_assert_true (kf_test_sim_wait_for (session_connected, f->session, WAIT_MS));
  kf_deployments_page_set_session (f->page, f->session);
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  const char *dir = g_getenv ("KF_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w, h;

  if (dir == NULL)
    return;
  kf_test_sim_spin (300);
  w = gtk_widget_get_width (GTK_WIDGET (f->window));
  h = gtk_widget_get_height (GTK_WIDGET (f->window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (f->window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  KfDeploymentsPage *page;
  const char        *state;
  guint              n;
} PageWait;

static gboolean
page_state_is (gpointer data)
{
  PageWait *w = data;

  return g_strcmp0 (kf_deployments_page_get_state (w->page), w->state) == 0 &&
         (w->n == G_MAXUINT || g_list_model_get_n_items (kf_deployments_page_get_visible_model (w->page)) == w->n);
}

static void
test_not_connected_and_empty (Fixture       *f,
                              gconstpointer  data)
{
  PageWait empty = { f->page, "empty", 0 };
  GtkWidget *button;

  g_assert_cmpstr (kf_deployments_page_get_state (f->page), ==, "not-connected");
  screenshot (f, "deployments-not-connected.png");
  connect_session (f);
  g_assert_true (kf_test_sim_wait_for (page_state_is, &empty, WAIT_MS));
  screenshot (f, "deployments-empty.png");
  /* the empty state's button goes to the Models page */
  button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->page), KF_TYPE_DEPLOYMENTS_PAGE,
                                                      "browse_models_button"));
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.show-page");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), NULL), ==,
                   "models");
}

static KfDeployment *
visible_item (Fixture    *f,
              const char *name)
{
  GListModel *model = kf_deployments_page_get_visible_model (f->page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KfDeployment) d = g_list_model_get_item (model, i);
      if (g_str_equal (kf_deployment_get_name (d), name))
        return d;
    }
  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

/* what a click on a response button does: emit the response, then close */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
service_gone (gpointer data)
{
  KfTestSim *ts = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) svc = kf_test_sim_client_request (ts, "GET", "/api/v1/namespaces/kaito-ns/services/gamma-vllm",
                                                 NULL, NULL, &error);

  return svc == NULL && g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND);
}

static gboolean
all_running (gpointer data)
{
  Fixture *f = data;
  KfDeployment *a = visible_item (f, "alpha");

  return a != NULL && kf_deployment_get_phase (a) == KF_DEPLOYMENT_PHASE_RUNNING;
}

static void
test_list_filter_delete (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) a = kf_test_sim_deploy (f->ts, "dynamo", "team-a", "alpha", "Qwen/Qwen3-0.6B", 1);
  g_autoptr(JsonNode) b = kf_test_sim_deploy (f->ts, "kuberay", "team-b", "beta", "Qwen/Qwen3-0.6B", 1);
  g_autoptr(JsonNode) c = kf_test_sim_deploy (f->ts, "kaito", "kaito-ns", "gamma", "Qwen/Qwen3-0.6B", 1);
  PageWait four = { f->page, "list", 4 }, three = { f->page, "list", 3 };
  PageWait one = { f->page, "list", 1 }, two = { f->page, "list", 2 };
  g_autoptr(JsonNode) d = kf_test_sim_deploy (f->ts, "dynamo", "team-a", "delta", "meta-llama/Llama-3.1-8B-Instruct", 2);
  AdwMessageDialog *dialog;
  KfDeployment *gamma;

  connect_session (f);
  g_assert_true (kf_test_sim_wait_for (page_state_is, &four, WAIT_MS));
  /* sorted by name */
  {
    g_autoptr(KfDeployment) first = g_list_model_get_item (kf_deployments_page_get_visible_model (f->page), 0);
    g_assert_cmpstr (kf_deployment_get_name (first), ==, "alpha");
  }
  g_assert_true (kf_test_sim_wait_for (all_running, f, WAIT_MS));
  screenshot (f, "deployments-list.png");

  kf_deployments_page_set_search (f->page, "GAM");
  g_assert_true (page_state_is (&one));
  g_assert_nonnull (visible_item (f, "gamma"));
  kf_deployments_page_set_search (f->page, "llama");    /* the model matches too */
  g_assert_true (page_state_is (&one));
  g_assert_nonnull (visible_item (f, "delta"));
  kf_deployments_page_set_search (f->page, NULL);
  kf_deployments_page_set_runtime_filter (f->page, "dynamo");
  g_assert_true (page_state_is (&two));
  g_assert_null (visible_item (f, "beta"));
  kf_deployments_page_set_runtime_filter (f->page, NULL);
  kf_deployments_page_set_phase_filter (f->page, KF_DEPLOYMENT_PHASE_FAILED);
  g_assert_cmpuint (g_list_model_get_n_items (kf_deployments_page_get_visible_model (f->page)), ==, 0);
  kf_deployments_page_set_phase_filter (f->page, -1);
  g_assert_true (page_state_is (&four));

  /* delete asks first; cancel keeps it */
  gamma = visible_item (f, "gamma");
  kf_deployments_page_delete (f->page, gamma);
  g_assert_true (kf_test_sim_wait_for (dialog_shown, NULL, WAIT_MS));
  dialog = find_dialog ();
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "gamma-vllm"));
  screenshot (f, "deployments-delete-dialog.png");
  respond (dialog, "cancel");
  g_assert_true (kf_test_sim_wait_for (no_dialog, NULL, WAIT_MS));
  g_assert_true (page_state_is (&four));

  kf_deployments_page_delete (f->page, visible_item (f, "gamma"));
  g_assert_true (kf_test_sim_wait_for (dialog_shown, NULL, WAIT_MS));
  respond (find_dialog (), "delete");
  g_assert_true (kf_test_sim_wait_for (page_state_is, &three, WAIT_MS));
  g_assert_null (visible_item (f, "gamma"));
  /* KAITO's extra Service went with it */
  g_assert_true (kf_test_sim_wait_for (service_gone, f->ts, WAIT_MS));
}

typedef struct
{
  KfDeploymentDetailsPage *details;
  KfDiagnosisKind          kind;
} FindingWait;

static gboolean
has_finding (gpointer data)
{
  FindingWait *w = data;
  GPtrArray *findings = kf_deployment_details_page_get_findings (w->details);

  for (guint i = 0; i < findings->len; i++)
    if (((KfDiagnosisFinding *) g_ptr_array_index (findings, i))->kind == w->kind)
      return TRUE;
  return FALSE;
}

static gboolean
names_free_block (gpointer data)
{
  FindingWait *w = data;
  GPtrArray *findings = kf_deployment_details_page_get_findings (w->details);

  for (guint i = 0; i < findings->len; i++)
    {
      KfDiagnosisFinding *f = g_ptr_array_index (findings, i);

      if (f->kind == w->kind && strstr (f->summary, "the largest free block is") != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_pods (gpointer data)
{
  GListModel *pods = kf_deployment_details_page_get_pods_model (data);

  return pods != NULL && g_list_model_get_n_items (pods) >= 2;
}

typedef struct
{
  KfTestSim *ts;
  gint64     want;
} ReplicasWait;

static gboolean
worker_replicas_is (gpointer data)
{
  ReplicasWait *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dgd = kf_test_sim_client_request (w->ts, "GET",
    "/apis/nvidia.com/v1alpha1/namespaces/team-a/dynamographdeployments/too-big", NULL, NULL, &error);
  JsonObject *spec, *services, *worker;

  if (dgd == NULL)
    return FALSE;
  spec = json_object_get_object_member (json_node_get_object (dgd), "spec");
  services = spec ? json_object_get_object_member (spec, "services") : NULL;
  worker = services ? json_object_get_object_member (services, "VllmWorker") : NULL;
  return worker != NULL && json_object_get_int_member_with_default (worker, "replicas", -1) == w->want;
}

static void
test_details_unschedulable (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) big = kf_test_sim_deploy (f->ts, "dynamo", "team-a", "too-big", "Qwen/Qwen3-0.6B", 16);
  PageWait one = { f->page, "list", 1 };
  KfDeploymentDetailsPage *details = kf_deployments_page_get_details_page (f->page);
  FindingWait gpu = { details, KF_DIAGNOSIS_INSUFFICIENT_GPU };
  KfDiagnosisFinding *finding = NULL;
  GPtrArray *findings;
  g_autofree char *yaml = NULL;

  connect_session (f);
  g_assert_true (kf_test_sim_wait_for (page_state_is, &one, WAIT_MS));
  kf_deployments_page_open_deployment (f->page, "team-a", "too-big", "dynamo");
  g_assert_cmpstr (kf_deployments_page_get_state (f->page), ==, "details");
  g_assert_cmpstr (kf_deployment_details_page_get_name (details), ==, "too-big");

  /* the frontend pod and the pending worker */
  g_assert_true (kf_test_sim_wait_for (has_pods, details, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (has_finding, &gpu, WAIT_MS));
  /* once the nodes arrive the largest free block is named */
  g_assert_true (kf_test_sim_wait_for (names_free_block, &gpu, WAIT_MS));
  findings = kf_deployment_details_page_get_findings (details);
  for (guint i = 0; i < findings->len; i++)
    if (((KfDiagnosisFinding *) g_ptr_array_index (findings, i))->kind == KF_DIAGNOSIS_INSUFFICIENT_GPU)
      finding = g_ptr_array_index (findings, i);
  g_assert_nonnull (finding);
  g_test_message ("%s %s", finding->summary, finding->action);
  g_assert_true (g_str_has_prefix (finding->summary, "No node has 16 free GPUs"));
  g_assert_nonnull (strstr (finding->summary, "the largest free block is 8 on pool"));

  g_assert_cmpstr (kf_deployment_details_page_get_frontend_service (details), ==, "too-big-frontend");
  g_assert_cmpuint (kf_deployment_details_page_get_frontend_port (details), ==, 8000);
  g_assert_cmpint (kf_deployment_details_page_get_engine (details), ==, KF_ENGINE_VLLM);
  g_assert_cmpstr (kf_deployment_details_page_get_model (details), ==, "Qwen/Qwen3-0.6B");
  yaml = kf_deployment_details_page_dup_manifest_yaml (details);
  g_assert_nonnull (strstr (yaml, "name: too-big"));
  g_assert_null (strstr (yaml, "managedFields"));
  screenshot (f, "deployment-details.png");
  if (g_getenv ("KF_SCREENSHOT_DIR") != NULL)
    {
      GtkWidget *scrolled = adw_view_stack_get_child_by_name (kf_deployment_details_page_get_view_stack (details),
                                                              "overview");
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adj, 560);
      screenshot (f, "deployment-details-2.png");
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      screenshot (f, "deployment-details-3.png");
      gtk_adjustment_set_value (adj, 0);
    }

  /* scale: a spin button dialog, then a patch of the worker's replicas */
  {
    AdwMessageDialog *dialog;
    GtkSpinButton *spin;
    ReplicasWait two = { f->ts, 2 };

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (details), "details.scale", NULL));
    g_assert_true (kf_test_sim_wait_for (dialog_shown, NULL, WAIT_MS));
    dialog = find_dialog ();
    spin = g_object_get_data (G_OBJECT (dialog), "kf-spin");
    g_assert_nonnull (spin);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 1);
    gtk_spin_button_set_value (spin, 2);
    respond (dialog, "scale");
    g_assert_true (kf_test_sim_wait_for (worker_replicas_is, &two, WAIT_MS));
    g_assert_true (kf_test_sim_wait_for (no_dialog, NULL, WAIT_MS));
  }

  /* back with the keyboard action */
  gtk_widget_activate_action (GTK_WIDGET (details), "details.back", NULL);
  g_assert_cmpstr (kf_deployments_page_get_state (f->page), ==, "list");

  /* delete from the details page: confirmation, then back to an empty list */
  {
    PageWait empty = { f->page, "empty", 0 };

    kf_deployments_page_open_deployment (f->page, "team-a", "too-big", "dynamo");
    kf_test_sim_spin (500);
    g_test_message ("state %s, pods model %p, n %u", kf_deployments_page_get_state (f->page),
                    (void *) kf_deployment_details_page_get_pods_model (details),
                    kf_deployment_details_page_get_pods_model (details) ? g_list_model_get_n_items (kf_deployment_details_page_get_pods_model (details)) : 0);
    g_assert_true (kf_test_sim_wait_for (has_pods, details, WAIT_MS));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (details), "details.delete", NULL));
    g_assert_true (kf_test_sim_wait_for (dialog_shown, NULL, WAIT_MS));
    respond (find_dialog (), "delete");
    if (!kf_test_sim_wait_for (page_state_is, &empty, WAIT_MS))
      {
        KfDeployment *left = visible_item (f, "too-big");
        g_test_message ("state %s, n %u, phase %s", kf_deployments_page_get_state (f->page),
                        g_list_model_get_n_items (kf_deployments_page_get_visible_model (f->page)),
                        left ? kf_deployment_get_phase_name (left) : "-");
        g_assert_not_reached ();
      }
  }
}

/* A deployment relabelled out of "managed-by=kubefoundry" leaves the list
 * (the watch sends DELETED, as the API server does) and comes back when
 * relabelled; all without listing again. */
static void
test_relabel (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) a = kf_test_sim_deploy (f->ts, "dynamo", "team-a", "alpha", "Qwen/Qwen3-0.6B", 1);
  g_autoptr(JsonNode) b = kf_test_sim_deploy (f->ts, "kaito", "kaito-ns", "gamma", "Qwen/Qwen3-0.6B", 1);
  g_autoptr(JsonNode) away = NULL, back = NULL;
  g_autoptr(JsonNode) patch_away = kf_test_sim_json ("{\"metadata\":{\"labels\":{\"app.kubernetes.io/managed-by\":\"helm\"}}}");
  g_autoptr(JsonNode) patch_back = kf_test_sim_json ("{\"metadata\":{\"labels\":{\"app.kubernetes.io/managed-by\":\"kubefoundry\"}}}");
  g_autoptr(GError) error = NULL;
  PageWait two = { f->page, "list", 2 }, one = { f->page, "list", 1 };
  const char *path = "/apis/nvidia.com/v1alpha1/namespaces/team-a/dynamographdeployments/alpha";
  guint lists;

  connect_session (f);
  g_assert_true (kf_test_sim_wait_for (page_state_is, &two, WAIT_MS));
  lists = kf_sim_server_count_requests (f->ts->server, "list", NULL);

  away = kf_test_sim_client_request (f->ts, "PATCH", path, "application/merge-patch+json", patch_away, &error);
  g_assert_no_error (error);
  g_assert_true (kf_test_sim_wait_for (page_state_is, &one, WAIT_MS));
  g_assert_null (visible_item (f, "alpha"));
  g_assert_nonnull (visible_item (f, "gamma"));

  back = kf_test_sim_client_request (f->ts, "PATCH", path, "application/merge-patch+json", patch_back, &error);
  g_assert_no_error (error);
  g_assert_true (kf_test_sim_wait_for (page_state_is, &two, WAIT_MS));
  g_assert_nonnull (visible_item (f, "alpha"));
  g_assert_cmpuint (kf_sim_server_count_requests (f->ts->server, "list", NULL), ==, lists);
}

/* ---- a pod deleted with a grace period shows as Terminating ---- */

typedef struct
{
  KfDeploymentDetailsPage *details;
  const char              *pod;
  const char              *badge;   /* NULL: the row is gone */
} PodRowWait;

static gboolean
label_in (GtkWidget  *widget,
          const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (label_in (c, text))
      return TRUE;
  return FALSE;
}

static gboolean
pod_row_is (gpointer data)
{
  PodRowWait *w = data;
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (w->details), KF_TYPE_DEPLOYMENT_DETAILS_PAGE,
                                                               "pods_list"));

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), w->pod) == 0)
      return w->badge != NULL && label_in (row, w->badge);
  return w->badge == NULL;
}

static void
test_pod_terminating (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) a = kf_test_sim_deploy (f->ts, "dynamo", "team-a", "alpha", "Qwen/Qwen3-0.6B", 1);
  KfDeploymentDetailsPage *details = kf_deployments_page_get_details_page (f->page);
  PageWait one = { f->page, "list", 1 };
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  GListModel *pods;

  connect_session (f);
  g_assert_true (kf_test_sim_wait_for (page_state_is, &one, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (all_running, f, WAIT_MS));
  kf_deployments_page_open_deployment (f->page, "team-a", "alpha", "dynamo");
  g_assert_true (kf_test_sim_wait_for (has_pods, details, WAIT_MS));
  pods = kf_deployment_details_page_get_pods_model (details);
  {
    g_autoptr(KfKubeObject) first = g_list_model_get_item (pods, 0);

    name = g_strdup (kf_kube_object_get_name (first));
  }
  {
    PodRowWait running = { details, name, "Running" };

    g_assert_true (kf_test_sim_wait_for (pod_row_is, &running, WAIT_MS));
  }

  /* 300 s of grace in simulated time (3 s here): Terminating meanwhile, then gone */
  path = g_strdup_printf ("/api/v1/namespaces/team-a/pods/%s?gracePeriodSeconds=300", name);
  deleted = kf_test_sim_client_request (f->ts, "DELETE", path, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    PodRowWait terminating = { details, name, "Terminating" };
    PodRowWait gone = { details, name, NULL };

    g_assert_true (kf_test_sim_wait_for (pod_row_is, &terminating, WAIT_MS));
    screenshot (f, "deployment-pod-terminating.png");
    g_assert_true (kf_test_sim_wait_for (pod_row_is, &gone, WAIT_MS));
  }
}

/* ---- the --demo cluster ---- */

static void
seeded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  int *count = user_data;
  g_autoptr(GError) error = NULL;

  *count = kf_demo_cluster_seed_finish (KF_DEMO_CLUSTER (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
seed_done (gpointer data)
{
  return *(int *) data != -2;
}

typedef struct
{
  KfDeploymentsPage *page;
  const char        *name;
  KfDeploymentPhase  phase;
} DemoPhaseWait;

static gboolean
demo_phase_is (gpointer data)
{
  DemoPhaseWait *w = data;
  KfDeploymentList *list = kf_deployments_page_get_list (w->page);
  KfDeployment *d = list ? kf_deployment_list_lookup (list, "demo", w->name, NULL) : NULL;

  if (d == NULL)
    return FALSE;
  /* "not running": Pending, or Deploying (Dynamo's state "pending": some pods up) */
  if (w->phase == KF_DEPLOYMENT_PHASE_PENDING)
    return kf_deployment_get_phase (d) == KF_DEPLOYMENT_PHASE_PENDING ||
           kf_deployment_get_phase (d) == KF_DEPLOYMENT_PHASE_DEPLOYING;
  return kf_deployment_get_phase (d) == w->phase;
}

static gboolean
window_connected (gpointer data)
{
  return kf_cluster_session_get_state (kf_window_get_session (data)) == KF_CLUSTER_STATE_CONNECTED;
}

static void
start_demo (KfDemoCluster *demo)
{
  g_autoptr(GError) error = NULL;
  int count = -2;

  g_assert_true (kf_demo_cluster_start (demo, &error));
  g_assert_no_error (error);
  kf_demo_cluster_seed_async (demo, NULL, seeded_cb, &count);
  g_assert_true (kf_test_sim_wait_for (seed_done, &count, WAIT_MS));
  g_assert_cmpint (count, ==, 3);
}

/* `kubefoundry --demo`: the seeded deployments show the app at work: one
 * running on Dynamo, a KAITO workspace, one not running for lack of GPUs,
 * with the reason in its details. */
static void
test_demo_seeded (void)
{
  g_autoptr(KfDemoCluster) demo = kf_demo_cluster_new (100.0);
  g_autoptr(KfClusterSession) session = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  KfDeploymentsPage *page = KF_DEPLOYMENTS_PAGE (kf_deployments_page_new ());
  DemoPhaseWait running = { page, "qwen3-chat", KF_DEPLOYMENT_PHASE_RUNNING };
  DemoPhaseWait kaito = { page, "phi-4-mini", KF_DEPLOYMENT_PHASE_RUNNING };
  DemoPhaseWait pending = { page, "llama-70b", KF_DEPLOYMENT_PHASE_PENDING };
  FindingWait gpu = { kf_deployments_page_get_details_page (page), KF_DIAGNOSIS_INSUFFICIENT_GPU };
  PageWait three = { page, "list", 3 };

  start_demo (demo);
  session = kf_demo_cluster_new_session (demo);
  gtk_window_set_default_size (window, 1000, 700);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  kf_cluster_session_start (session, NULL);
  g_assert_true (kf_test_sim_wait_for (session_connected, session, WAIT_MS));
  kf_deployments_page_set_session (page, session);

  g_assert_true (kf_test_sim_wait_for (page_state_is, &three, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (demo_phase_is, &running, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (demo_phase_is, &kaito, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (demo_phase_is, &pending, WAIT_MS));
  kf_test_sim_spin (1000);
  g_assert_true (demo_phase_is (&pending));   /* and it stays so */

  kf_deployments_page_open_deployment (page, "demo", "llama-70b", "dynamo");
  g_assert_true (kf_test_sim_wait_for (has_finding, &gpu, WAIT_MS));

  gtk_window_destroy (window);
  kf_cluster_session_shutdown (session);
  kf_test_sim_spin (100);
  kf_demo_cluster_stop (demo);
}

/* Choosing the demo's context leaves the user's remembered one alone. */
static void
test_demo_context (void)
{
  g_autoptr(KfDemoCluster) demo = kf_demo_cluster_new (100.0);
  g_autoptr(KfClusterSession) session = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *remembered = NULL;
  KfWindow *window;

  g_settings_set_string (settings, "current-context", "my-production");
  start_demo (demo);
  session = kf_demo_cluster_new_session (demo);
  window = kf_window_new_for_session (NULL, session);
  kf_window_set_remember_context (window, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  /* choosing the demo's context (before it connected, so it switches) */
  g_signal_emit_by_name (kf_window_get_context_switcher (window), "context-activated", "kubefoundry-sim");
  g_assert_true (kf_test_sim_wait_for (window_connected, window, WAIT_MS));
  remembered = g_settings_get_string (settings, "current-context");
  g_assert_cmpstr (remembered, ==, "my-production");

  gtk_window_destroy (GTK_WINDOW (window));
  kf_test_sim_spin (100);
  kf_demo_cluster_stop (demo);
}

/* ---- adaptive layout ---- */

typedef struct
{
  Fixture *f;
  int      width;
} WidthWait;

static gboolean
window_width_is (gpointer data)
{
  WidthWait *w = data;

  return gtk_widget_get_width (GTK_WIDGET (w->f->window)) == w->width &&
         gtk_widget_get_width (GTK_WIDGET (w->f->page)) == w->width;
}

static void
resize (Fixture *f,
        int      width)
{
  WidthWait w = { f, width };

  gtk_window_set_default_size (f->window, width, 600);
  g_assert_true (kf_test_sim_wait_for (window_width_is, &w, WAIT_MS));
  kf_test_sim_spin (100);   /* the layout pass after the columns changed */
}

static gboolean
column_shown (Fixture    *f,
              const char *title)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->page), KF_TYPE_DEPLOYMENTS_PAGE,
                                                                         "column_view"));
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (c), title) == 0)
        return gtk_column_view_column_get_visible (c);
    }
  g_assert_not_reached ();
}

/* The texts of visible labels under @widget, joined by "|". */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

static void
assert_fits (Fixture *f,
             int      width)
{
  GtkScrolledWindow *sw = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (f->page),
                                                                              KF_TYPE_DEPLOYMENTS_PAGE,
                                                                              "scrolled_window"));
  GtkWidget *view = gtk_scrolled_window_get_child (sw);
  GtkWidget *toolbar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->page), KF_TYPE_DEPLOYMENTS_PAGE,
                                                                  "toolbar"));
  int min_view = 0, min_toolbar = 0;
  GtkPolicyType hpolicy;

  /* no sideways scrolling: never a scrollbar, and the table and the toolbar fit */
  g_test_message ("fits %d px?", width);
  gtk_scrolled_window_get_policy (sw, &hpolicy, NULL);
  g_assert_cmpint (hpolicy, ==, GTK_POLICY_NEVER);
  g_assert_cmpint (gtk_adjustment_get_upper (gtk_scrolled_window_get_hadjustment (sw)), <=,
                   gtk_adjustment_get_page_size (gtk_scrolled_window_get_hadjustment (sw)));
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &min_view, NULL, NULL, NULL);
  gtk_widget_measure (toolbar, GTK_ORIENTATION_HORIZONTAL, -1, &min_toolbar, NULL, NULL, NULL);
  g_assert_cmpint (min_view, <=, gtk_widget_get_width (GTK_WIDGET (sw)));
  g_assert_cmpint (min_toolbar + 24, <=, width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (sw)), <=, width);
}

/* The details page, shown, lays out within the page's width. */
static gboolean
details_fit (gpointer data)
{
  Fixture *f = data;
  GtkWidget *details = GTK_WIDGET (kf_deployments_page_get_details_page (f->page));
  int min_details = 0;

  gtk_widget_measure (gtk_widget_get_first_child (details), GTK_ORIENTATION_HORIZONTAL, -1, &min_details,
                      NULL, NULL, NULL);
  return gtk_widget_get_mapped (details) && min_details <= gtk_widget_get_width (GTK_WIDGET (f->page)) &&
         gtk_widget_get_width (details) <= gtk_widget_get_width (GTK_WIDGET (f->page));
}

static void
test_adaptive (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) a = kf_test_sim_deploy (f->ts, "dynamo", "team-a", "alpha", "Qwen/Qwen3-0.6B", 1);
  g_autoptr(JsonNode) b = kf_test_sim_deploy (f->ts, "kaito", "kaito-ns", "gamma", "Qwen/Qwen3-0.6B", 1);
  PageWait two = { f->page, "list", 2 };
  g_autoptr(GString) labels = g_string_new (NULL);

  connect_session (f);
  g_assert_true (kf_test_sim_wait_for (page_state_is, &two, WAIT_MS));
  g_assert_true (kf_test_sim_wait_for (all_running, f, WAIT_MS));

  resize (f, 1200);
  g_assert_cmpint (kf_deployments_page_get_layout (f->page), ==, KF_DEPLOYMENTS_LAYOUT_WIDE);
  for (guint i = 0; i < 4; i++)
    g_assert_true (column_shown (f, (const char *[]) { "Namespace", "Engine", "Age", "Model" }[i]));
  collect_labels (GTK_WIDGET (f->page), labels);
  g_assert_null (strstr (labels->str, "team-a · "));   /* no subtitle while the column shows */
  assert_fits (f, 1200);
  screenshot (f, "deployments-1200.png");

  /* medium: namespace, engine and age move under the name */
  resize (f, 700);
  g_assert_cmpint (kf_deployments_page_get_layout (f->page), ==, KF_DEPLOYMENTS_LAYOUT_MEDIUM);
  g_assert_false (column_shown (f, "Namespace"));
  g_assert_false (column_shown (f, "Engine"));
  g_assert_false (column_shown (f, "Age"));
  g_assert_true (column_shown (f, "Model"));
  g_assert_true (column_shown (f, "Phase"));
  g_string_truncate (labels, 0);
  collect_labels (GTK_WIDGET (f->page), labels);
  g_assert_nonnull (strstr (labels->str, "|team-a · vLLM · "));
  assert_fits (f, 700);

  /* narrow, down to where the window folds: runtime and model join them */
  resize (f, 400);
  g_assert_cmpint (kf_deployments_page_get_layout (f->page), ==, KF_DEPLOYMENTS_LAYOUT_NARROW);
  g_assert_false (column_shown (f, "Model"));
  g_assert_false (column_shown (f, "Runtime"));
  g_assert_true (column_shown (f, "Name"));
  g_assert_true (column_shown (f, "Phase"));
  g_string_truncate (labels, 0);
  collect_labels (GTK_WIDGET (f->page), labels);
  g_assert_nonnull (strstr (labels->str, "|Qwen/Qwen3-0.6B · KAITO|"));
  g_assert_nonnull (strstr (labels->str, "|kaito-ns · vLLM · "));
  assert_fits (f, 400);
  screenshot (f, "deployments-400.png");
  resize (f, 360);
  assert_fits (f, 360);

  /* the details fit too */
  resize (f, 400);
  kf_deployments_page_open_deployment (f->page, "team-a", "alpha", "dynamo");
  g_assert_true (kf_test_sim_wait_for (details_fit, f, WAIT_MS));
  screenshot (f, "deployment-details-400.png");
  kf_deployments_page_show_list (f->page);

  /* and back */
  resize (f, 1200);
  g_assert_cmpint (kf_deployments_page_get_layout (f->page), ==, KF_DEPLOYMENTS_LAYOUT_WIDE);
  g_assert_true (column_shown (f, "Namespace"));
  g_assert_true (column_shown (f, "Model"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/kubefoundry/KubeFoundry/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/ui/deployments/not-connected-empty", Fixture, NULL, fixture_setup, test_not_connected_and_empty,
              fixture_teardown);
  g_test_add ("/ui/deployments/list-filter-delete", Fixture, NULL, fixture_setup, test_list_filter_delete,
              fixture_teardown);
  g_test_add ("/ui/deployments/details-unschedulable", Fixture, NULL, fixture_setup, test_details_unschedulable,
              fixture_teardown);
  g_test_add_func ("/ui/deployments/demo/seeded", test_demo_seeded);
  g_test_add_func ("/ui/deployments/demo/context", test_demo_context);
  g_test_add ("/ui/deployments/pod-terminating", Fixture, NULL, fixture_setup, test_pod_terminating, fixture_teardown);
  g_test_add ("/ui/deployments/relabel", Fixture, NULL, fixture_setup, test_relabel, fixture_teardown);
  g_test_add ("/ui/deployments/adaptive", Fixture, NULL, fixture_setup, test_adaptive, fixture_teardown);
  return g_test_run ();
}
