/* kf-deployment-details-diagnosis.c: the "why it is not running" section of the details page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "config.h"
#include "kf-deployment-actions.h"
#include "kf-deployment-details-page-private.h"
#include "kf-deployment-details-views.h"
#include "kf-deployment-widgets.h"
#include "kf-deployment.h"
#include "kf-informer.h"
#include "kf-provider-registry.h"
#include "kf-secret-mask.h"
#include "kf-yaml.h"

/* how long fetched nodes and pods stay good for the free-GPU figures */
#define NODES_CACHE_SECONDS 20

/* ---- diagnosis ---- */

static JsonNode *
model_to_array (GListModel *model)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; model && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KfKubeObject) obj = g_list_model_get_item (model, i);
      json_array_add_element (array, json_node_ref (kf_kube_object_get_json (obj)));
    }
  json_node_take_array (node, array);
  return node;
}

void
kf_details_render_findings (KfDeploymentDetailsPage *self)
{
  GtkWidget *child;
  gboolean severe = FALSE;

  if (self->diagnosis_list == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->diagnosis_list))) != NULL)
    gtk_box_remove (self->diagnosis_list, child);
  for (guint i = 0; i < self->findings->len; i++)
    {
      KfDiagnosisFinding *f = g_ptr_array_index (self->findings, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *summary = gtk_label_new (f->summary);
      GtkWidget *action = gtk_label_new (f->action);

      if (f->kind >= KF_DIAGNOSIS_IMAGE_PULL)
        severe = TRUE;
      gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
      gtk_label_set_xalign (GTK_LABEL (summary), 0);
      gtk_label_set_selectable (GTK_LABEL (summary), TRUE);
      gtk_widget_add_css_class (summary, "heading");
      gtk_label_set_wrap (GTK_LABEL (action), TRUE);
      gtk_label_set_xalign (GTK_LABEL (action), 0);
      gtk_box_append (GTK_BOX (box), summary);
      gtk_box_append (GTK_BOX (box), action);
      if (f->pods->len > 0)
        {
          g_autofree char *joined = NULL;
          g_autofree char *text = NULL;
          GtkWidget *pods;

          g_ptr_array_add (f->pods, NULL);
          joined = g_strjoinv (", ", (char **) f->pods->pdata);
          g_ptr_array_remove_index (f->pods, f->pods->len - 1);
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Pod: %s", "Pods: %s", f->pods->len), joined);
          pods = gtk_label_new (text);
          gtk_label_set_wrap (GTK_LABEL (pods), TRUE);
          gtk_label_set_xalign (GTK_LABEL (pods), 0);
          gtk_widget_add_css_class (pods, "dim-label");
          gtk_widget_add_css_class (pods, "caption");
          gtk_box_append (GTK_BOX (box), pods);
        }
      if (f->detail != NULL)
        {
          GtkWidget *detail = gtk_label_new (f->detail);

          gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_xalign (GTK_LABEL (detail), 0);
          gtk_label_set_selectable (GTK_LABEL (detail), TRUE);
          gtk_widget_add_css_class (detail, "dim-label");
          gtk_widget_add_css_class (detail, "caption");
          gtk_widget_add_css_class (detail, "monospace");
          gtk_box_append (GTK_BOX (box), detail);
        }
      gtk_box_append (self->diagnosis_list, box);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->diagnosis_box), self->findings->len > 0);
  gtk_widget_remove_css_class (GTK_WIDGET (self->diagnosis_box), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->diagnosis_box), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->diagnosis_box), severe ? "error" : "warning");
}

static void
compute_diagnosis (KfDeploymentDetailsPage *self)
{
  g_autoptr(JsonNode) pods = model_to_array (self->pods_informer ? G_LIST_MODEL (self->pods_informer) : NULL);
  g_autoptr(JsonNode) events = model_to_array (self->events_filtered ? G_LIST_MODEL (self->events_filtered) : NULL);

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = kf_deployment_diagnose (pods, events, self->nodes, self->all_pods);
  kf_details_render_findings (self);
}

static void
all_pods_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  JsonNode *list = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);
  KfDeploymentDetailsPage *self;

  if (list == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KF_DEPLOYMENT_DETAILS_PAGE (user_data);
  self->fetching_nodes = FALSE;
  g_clear_pointer (&self->all_pods, json_node_unref);
  self->all_pods = list;
  if (list == NULL)
    g_clear_pointer (&self->nodes, json_node_unref);   /* free GPUs unknown: say less, not wrong */
  self->nodes_time = g_get_monotonic_time ();
  compute_diagnosis (self);
}

static void
nodes_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  JsonNode *list = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);
  KfDeploymentDetailsPage *self;

  if (list == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = KF_DEPLOYMENT_DETAILS_PAGE (user_data);
  g_clear_pointer (&self->nodes, json_node_unref);
  self->nodes = list;
  if (list == NULL)
    {
      /* no permission to list nodes: the findings go without free-GPU figures */
      g_debug ("nodes: %s", error->message);
      self->fetching_nodes = FALSE;
      self->nodes_time = g_get_monotonic_time ();
      compute_diagnosis (self);
      return;
    }
  kf_kube_client_list_all_async (self->client, &kf_kube_resource_pods, NULL, NULL, self->cancellable,
                                 all_pods_listed_cb, self);
}

static gboolean
diagnose_cb (gpointer data)
{
  KfDeploymentDetailsPage *self = data;
  g_autoptr(JsonNode) pods = NULL;

  self->diagnose_source = 0;
  pods = model_to_array (self->pods_informer ? G_LIST_MODEL (self->pods_informer) : NULL);
  if (self->client != NULL && kf_diagnosis_needs_nodes (pods) && !self->fetching_nodes &&
      (self->nodes_time == 0 || g_get_monotonic_time () - self->nodes_time > NODES_CACHE_SECONDS * G_USEC_PER_SEC))
    {
      /* one-off lists (not a watch) to tell where GPUs are free; refreshed at most every 20 s */
      self->fetching_nodes = TRUE;
      kf_kube_client_list_all_async (self->client, &kf_kube_resource_nodes, NULL, NULL, self->cancellable,
                                     nodes_listed_cb, self);
    }
  compute_diagnosis (self);
  return G_SOURCE_REMOVE;
}

void
kf_details_schedule_diagnosis (KfDeploymentDetailsPage *self)
{
  if (self->diagnose_source == 0 && self->name != NULL)
    self->diagnose_source = g_timeout_add (150, diagnose_cb, self);
}

void
kf_details_pods_changed_cb (KfDeploymentDetailsPage *self)
{
  if (self->events_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->events_filter), GTK_FILTER_CHANGE_DIFFERENT);
  kf_details_schedule_diagnosis (self);
}

gboolean
kf_details_tick_cb (gpointer data)
{
  kf_details_update_header (data);
  return G_SOURCE_CONTINUE;
}

