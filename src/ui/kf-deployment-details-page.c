/* kf-deployment-details-page.c: one deployment, live
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

G_DEFINE_FINAL_TYPE (KfDeploymentDetailsPage, kf_deployment_details_page, GTK_TYPE_WIDGET)

GParamSpec *kf_details_properties[N_PROPS];
guint kf_details_signals[N_SIGNALS];

/* ---- small helpers ---- */

void
kf_details_toast (KfDeploymentDetailsPage *self,
                  const char              *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

JsonNode *
kf_details_member (JsonNode   *node,
                   const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  return node;
}

const char *
kf_details_string_at (JsonNode   *node,
                      const char *path)
{
  JsonNode *m = kf_details_member (node, path);

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (m);
}

char *
kf_details_age_of (const char *timestamp)
{
  g_autoptr(GDateTime) then = timestamp ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return kf_format_age (then, now);
}

void
kf_details_clear_list_box (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

void
kf_details_update_actions (KfDeploymentDetailsPage *self)
{
  gboolean have = self->cr != NULL && self->client != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.scale", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.delete", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.export", self->cr != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-port-forward",
                                 self->status != NULL && self->status->frontend_service != NULL);
}
/* ---- show / clear ---- */

void
kf_deployment_details_page_clear (KfDeploymentDetailsPage *self)
{
  g_return_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self));

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->diagnose_source, g_source_remove);
  if (self->pods_list != NULL)
    gtk_list_box_bind_model (self->pods_list, NULL, NULL, NULL, NULL);
  if (self->events_list != NULL)
    gtk_list_box_bind_model (self->events_list, NULL, NULL, NULL, NULL);
  for (KfInformer **inf = (KfInformer *[]) { self->cr_informer, self->pods_informer, self->events_informer, NULL };
       *inf; inf++)
    {
      g_signal_handlers_disconnect_by_data (*inf, self);
      kf_informer_stop (*inf);
    }
  g_clear_object (&self->cr_informer);
  g_clear_object (&self->events_sorted);
  g_clear_object (&self->events_filtered);
  g_clear_object (&self->events_filter);
  g_clear_object (&self->events_informer);
  if (self->pods_informer != NULL)
    {
      g_clear_object (&self->pods_informer);
      g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_PODS_MODEL]);
    }
  g_clear_pointer (&self->nodes, json_node_unref);
  g_clear_pointer (&self->all_pods, json_node_unref);
  self->nodes_time = 0;
  self->fetching_nodes = FALSE;
  self->seen_cr = FALSE;
  g_ptr_array_set_size (self->findings, 0);
  kf_details_render_findings (self);
  kf_details_set_cr (self, NULL);
}

void
kf_deployment_details_page_show (KfDeploymentDetailsPage *self,
                                 const char              *ns,
                                 const char              *name,
                                 const char              *provider_id)
{
  KfProvider *provider;
  g_autofree char *field = NULL;
  g_autofree char *selector = NULL;

  g_return_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self));
  g_return_if_fail (ns != NULL && name != NULL);

  provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), provider_id);
  kf_deployment_details_page_clear (self);
  g_free (self->ns);
  self->ns = g_strdup (ns);
  g_free (self->name);
  self->name = g_strdup (name);
  g_set_object (&self->provider, provider);
  g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_NAMESPACE]);
  g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_PROVIDER_ID]);
  adw_view_stack_set_visible_child_name (self->view_stack, "overview");
  kf_details_update_header (self);

  if (provider == NULL || self->client == NULL)
    {
      kf_details_update_actions (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  kf_deployment_resource_for_provider (provider, &self->resource);
  field = g_strdup_printf ("metadata.name=%s", name);
  self->cr_informer = kf_informer_new (self->client, &self->resource, ns, NULL, field);
  g_signal_connect (self->cr_informer, "items-changed", G_CALLBACK (kf_details_cr_changed_cb), self);

  selector = kf_deployment_pod_selector (provider, name);
  self->pods_informer = kf_informer_new (self->client, &kf_kube_resource_pods, ns, selector, NULL);
  g_signal_connect_swapped (self->pods_informer, "items-changed", G_CALLBACK (kf_details_pods_changed_cb), self);
  gtk_list_box_bind_model (self->pods_list, G_LIST_MODEL (self->pods_informer), kf_details_create_pod_row, NULL, NULL);

  self->events_informer = kf_informer_new (self->client, &kf_kube_resource_events, ns, NULL, NULL);
  self->events_filter = gtk_custom_filter_new (kf_details_event_filter_func, self, NULL);
  self->events_filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->events_informer)),
                                                     GTK_FILTER (g_object_ref (self->events_filter)));
  self->events_sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->events_filtered)),
                                                 GTK_SORTER (gtk_custom_sorter_new (kf_details_event_compare, NULL, NULL)));
  g_signal_connect_swapped (self->events_filtered, "items-changed", G_CALLBACK (kf_details_schedule_diagnosis), self);
  gtk_list_box_bind_model (self->events_list, G_LIST_MODEL (self->events_sorted), kf_details_create_event_row, NULL, NULL);

  kf_informer_start (self->cr_informer);
  kf_informer_start (self->pods_informer);
  kf_informer_start (self->events_informer);
  g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_PODS_MODEL]);
  kf_details_update_actions (self);
}

/* ---- session ---- */

static void
client_changed_cb (KfDeploymentDetailsPage *self)
{
  KfKubeClient *client = self->session ? kf_cluster_session_get_client (self->session) : NULL;

  if (client == self->client || self->title_label == NULL)
    return;
  g_set_object (&self->client, client);
  if (self->name != NULL)
    {
      kf_deployment_details_page_clear (self);
      g_signal_emit (self, kf_details_signals[SIGNAL_BACK], 0);
    }
}

void
kf_deployment_details_page_set_session (KfDeploymentDetailsPage *self,
                                        KfClusterSession        *session)
{
  g_return_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_swapped (session, "notify::client", G_CALLBACK (client_changed_cb), self);
  client_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_SESSION]);
}

/* ---- getters ---- */

GtkWidget *
kf_deployment_details_page_new (void)
{
  return g_object_new (KF_TYPE_DEPLOYMENT_DETAILS_PAGE, NULL);
}

KfClusterSession *
kf_deployment_details_page_get_session (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->session;
}

const char *
kf_deployment_details_page_get_namespace (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->ns;
}

const char *
kf_deployment_details_page_get_name (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->name;
}

const char *
kf_deployment_details_page_get_provider_id (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->provider ? kf_provider_get_id (self->provider) : NULL;
}

JsonNode *
kf_deployment_details_page_get_object (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->cr;
}

GListModel *
kf_deployment_details_page_get_pods_model (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->pods_informer ? G_LIST_MODEL (self->pods_informer) : NULL;
}

const char *
kf_deployment_details_page_get_frontend_service (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->status ? self->status->frontend_service : NULL;
}

guint
kf_deployment_details_page_get_frontend_port (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), 0);
  return self->status ? self->status->frontend_port : 0;
}

KfEngine
kf_deployment_details_page_get_engine (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), KF_ENGINE_UNKNOWN);
  return self->status ? self->status->engine : KF_ENGINE_UNKNOWN;
}

const char *
kf_deployment_details_page_get_model (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->status ? self->status->model_id : NULL;
}

GPtrArray *
kf_deployment_details_page_get_findings (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->findings;
}

AdwViewStack *
kf_deployment_details_page_get_view_stack (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->view_stack;
}

GtkBox *
kf_deployment_details_page_get_logs_box (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->logs_box;
}

GtkBox *
kf_deployment_details_page_get_metrics_box (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->metrics_box;
}

GtkBox *
kf_deployment_details_page_get_tryit_box (KfDeploymentDetailsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  return self->tryit_box;
}

/* ---- adaptive layout ---- */

/* The narrowest the page asks for (the window folds its sidebar at 360 px);
 * below NARROW_WIDTH the actions go under the title and the tab switcher
 * puts its labels under the icons. */
#define MIN_WIDTH 320
#define NARROW_WIDTH 600

static void
kf_deployment_details_page_measure (GtkWidget      *widget,
                                    GtkOrientation  orientation,
                                    int             for_size,
                                    int            *minimum,
                                    int            *natural,
                                    int            *minimum_baseline,
                                    int            *natural_baseline)
{
  KfDeploymentDetailsPage *self = KF_DEPLOYMENT_DETAILS_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN (*minimum, MIN_WIDTH);
      *natural = MAX (*natural, *minimum);
    }
}

static void
kf_deployment_details_page_size_allocate (GtkWidget *widget,
                                          int        width,
                                          int        height,
                                          int        baseline)
{
  KfDeploymentDetailsPage *self = KF_DEPLOYMENT_DETAILS_PAGE (widget);
  AdwViewSwitcherPolicy policy = width < NARROW_WIDTH ? ADW_VIEW_SWITCHER_POLICY_NARROW : ADW_VIEW_SWITCHER_POLICY_WIDE;
  GtkOrientation header = width < NARROW_WIDTH ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;
  int min_width = 0;

  if (adw_view_switcher_get_policy (self->view_switcher) != policy)
    adw_view_switcher_set_policy (self->view_switcher, policy);
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->header_box)) != header)
    gtk_orientable_set_orientation (GTK_ORIENTABLE (self->header_box), header);
  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  /* narrower than its content can go: clip rather than overlap */
  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), MAX (width, min_width), height, baseline, NULL);
}

/* ---- GObject ---- */

static void
kf_deployment_details_page_dispose (GObject *object)
{
  KfDeploymentDetailsPage *self = KF_DEPLOYMENT_DETAILS_PAGE (object);

  kf_deployment_details_page_clear (self);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_DEPLOYMENT_DETAILS_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->provider);
  G_OBJECT_CLASS (kf_deployment_details_page_parent_class)->dispose (object);
}

static void
kf_deployment_details_page_finalize (GObject *object)
{
  KfDeploymentDetailsPage *self = KF_DEPLOYMENT_DETAILS_PAGE (object);

  g_clear_pointer (&self->cr, json_node_unref);
  g_clear_pointer (&self->status, kf_deployment_status_free);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_free (self->ns);
  g_free (self->name);
  G_OBJECT_CLASS (kf_deployment_details_page_parent_class)->finalize (object);
}

static void
kf_deployment_details_page_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  KfDeploymentDetailsPage *self = KF_DEPLOYMENT_DETAILS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    case PROP_NAMESPACE: g_value_set_string (value, self->ns); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_PROVIDER_ID: g_value_set_string (value, kf_deployment_details_page_get_provider_id (self)); break;
    case PROP_PODS_MODEL: g_value_set_object (value, kf_deployment_details_page_get_pods_model (self)); break;
    case PROP_FRONTEND_SERVICE: g_value_set_string (value, kf_deployment_details_page_get_frontend_service (self)); break;
    case PROP_FRONTEND_PORT: g_value_set_uint (value, kf_deployment_details_page_get_frontend_port (self)); break;
    case PROP_ENGINE: g_value_set_int (value, kf_deployment_details_page_get_engine (self)); break;
    case PROP_MODEL: g_value_set_string (value, kf_deployment_details_page_get_model (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_deployment_details_page_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      kf_deployment_details_page_set_session (KF_DEPLOYMENT_DETAILS_PAGE (object), g_value_get_object (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_deployment_details_page_class_init (KfDeploymentDetailsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = kf_deployment_details_page_dispose;
  object_class->finalize = kf_deployment_details_page_finalize;
  object_class->get_property = kf_deployment_details_page_get_property;
  object_class->set_property = kf_deployment_details_page_set_property;

  kf_details_properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, KF_TYPE_CLUSTER_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  kf_details_properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL, ro);
  kf_details_properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  kf_details_properties[PROP_PROVIDER_ID] = g_param_spec_string ("provider-id", NULL, NULL, NULL, ro);
  kf_details_properties[PROP_PODS_MODEL] = g_param_spec_object ("pods-model", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  kf_details_properties[PROP_FRONTEND_SERVICE] = g_param_spec_string ("frontend-service", NULL, NULL, NULL, ro);
  kf_details_properties[PROP_FRONTEND_PORT] = g_param_spec_uint ("frontend-port", NULL, NULL, 0, 65535, 0, ro);
  kf_details_properties[PROP_ENGINE] = g_param_spec_int ("engine", NULL, NULL, 0, KF_ENGINE_UNKNOWN, KF_ENGINE_UNKNOWN, ro);
  kf_details_properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, kf_details_properties);

  kf_details_signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
  kf_details_signals[SIGNAL_DELETED] = g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kubefoundry/KubeFoundry/ui/kf-deployment-details-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, phase_label);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, runtime_label);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, header_box);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, diagnosis_box);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, diagnosis_list);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, replicas_row);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, engine_row);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, message_row);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, conditions_list);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, pods_list);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, events_list);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, manifest_view);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, logs_box);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, metrics_box);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, tryit_box);

  gtk_widget_class_install_action (widget_class, "details.back", NULL, kf_details_back_action);
  gtk_widget_class_install_action (widget_class, "details.scale", NULL, kf_details_scale_action);
  gtk_widget_class_install_action (widget_class, "details.delete", NULL, kf_details_delete_action);
  gtk_widget_class_install_action (widget_class, "details.copy-port-forward", NULL, kf_details_copy_port_forward_action);
  gtk_widget_class_install_action (widget_class, "details.export", NULL, kf_details_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "details.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "details.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "details.export", NULL);
  widget_class->measure = kf_deployment_details_page_measure;
  widget_class->size_allocate = kf_deployment_details_page_size_allocate;
}

static void
kf_deployment_details_page_init (KfDeploymentDetailsPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_diagnosis_finding_free);
  placeholder = gtk_label_new (_("No pods yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->pods_list, placeholder);
  placeholder = gtk_label_new (_("No events"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->events_list, placeholder);
  placeholder = gtk_label_new (_("No conditions reported"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->conditions_list, placeholder);
  self->tick_source = g_timeout_add_seconds (30, kf_details_tick_cb, self);
  kf_details_update_header (self);
  kf_details_update_status (self);
  kf_details_update_actions (self);
  _kf_deployment_details_attach_views (self);
}

