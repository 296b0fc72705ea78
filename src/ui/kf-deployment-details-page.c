/* kf-deployment-details-page.c: one deployment, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-deployment-actions.h"
#include "kf-deployment-details-page.h"
#include "kf-deployment-details-views.h"
#include "kf-deployment-widgets.h"
#include "kf-deployment.h"
#include "kf-informer.h"
#include "kf-provider-registry.h"
#include "kf-secret-mask.h"
#include "kf-yaml.h"

/* how long fetched nodes and pods stay good for the free-GPU figures */
#define NODES_CACHE_SECONDS 20

struct _KfDeploymentDetailsPage
{
  GtkWidget           parent_instance;

  AdwToastOverlay    *toast_overlay;
  GtkLabel           *title_label;
  GtkLabel           *phase_label;
  GtkLabel           *runtime_label;
  GtkLabel           *subtitle_label;
  AdwViewStack       *view_stack;
  GtkBox             *diagnosis_box;
  GtkBox             *diagnosis_list;
  AdwActionRow       *replicas_row;
  AdwActionRow       *model_row;
  AdwActionRow       *engine_row;
  AdwActionRow       *endpoint_row;
  AdwActionRow       *message_row;
  GtkListBox         *conditions_list;
  GtkListBox         *pods_list;
  GtkListBox         *events_list;
  GtkTextView        *manifest_view;
  GtkBox             *logs_box;
  GtkBox             *metrics_box;
  GtkBox             *tryit_box;

  KfClusterSession   *session;
  KfKubeClient       *client;
  char               *ns;
  char               *name;
  KfProvider         *provider;
  KfKubeResource      resource;
  GCancellable       *cancellable;

  KfInformer         *cr_informer;
  KfInformer         *pods_informer;
  KfInformer         *events_informer;
  GtkCustomFilter    *events_filter;
  GtkFilterListModel *events_filtered;
  GtkSortListModel   *events_sorted;

  JsonNode           *cr;
  KfDeploymentStatus *status;
  gboolean            seen_cr;
  GPtrArray          *findings;
  guint               diagnose_source;
  JsonNode           *nodes;
  JsonNode           *all_pods;
  gint64              nodes_time;
  gboolean            fetching_nodes;
  guint               tick_source;
};

G_DEFINE_FINAL_TYPE (KfDeploymentDetailsPage, kf_deployment_details_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_NAMESPACE,
  PROP_NAME,
  PROP_PROVIDER_ID,
  PROP_PODS_MODEL,
  PROP_FRONTEND_SERVICE,
  PROP_FRONTEND_PORT,
  PROP_ENGINE,
  PROP_MODEL,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_BACK, SIGNAL_DELETED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void schedule_diagnosis (KfDeploymentDetailsPage *self);

/* ---- small helpers ---- */

static void
toast (KfDeploymentDetailsPage *self,
       const char              *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static JsonNode *
member (JsonNode   *node,
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

static const char *
string_at (JsonNode   *node,
           const char *path)
{
  JsonNode *m = member (node, path);

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (m);
}

static char *
age_of (const char *timestamp)
{
  g_autoptr(GDateTime) then = timestamp ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return kf_format_age (then, now);
}

static void
clear_list_box (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

static void
update_actions (KfDeploymentDetailsPage *self)
{
  gboolean have = self->cr != NULL && self->client != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.scale", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.delete", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.export", self->cr != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-port-forward",
                                 self->status != NULL && self->status->frontend_service != NULL);
}

/* ---- header, status, conditions, manifest ---- */

char *
kf_deployment_details_page_dup_manifest_yaml (KfDeploymentDetailsPage *self)
{
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  g_return_val_if_fail (KF_IS_DEPLOYMENT_DETAILS_PAGE (self), NULL);
  if (self->cr == NULL)
    return NULL;
  masked = kf_secret_mask_json (self->cr);
  kf_kube_object_strip (masked);
  text = kf_yaml_emit (masked, &error);
  if (text == NULL)
    return g_strdup_printf (_("# The manifest could not be shown: %s\n"), error->message);
  return text;
}

static void
update_header (KfDeploymentDetailsPage *self)
{
  g_autofree char *age = age_of (self->cr ? string_at (self->cr, "metadata.creationTimestamp") : NULL);
  g_autofree char *subtitle = NULL;

  gtk_label_set_text (self->title_label, self->name ? self->name : "");
  kf_runtime_badge_update (GTK_WIDGET (self->runtime_label), self->provider ? kf_provider_get_id (self->provider) : NULL,
                           self->provider ? kf_provider_get_name (self->provider) : NULL);
  if (self->status != NULL)
    kf_phase_badge_update (GTK_WIDGET (self->phase_label), self->status->phase);
  gtk_widget_set_visible (GTK_WIDGET (self->phase_label), self->status != NULL);
  if (*age)
    subtitle = g_strdup_printf (_("Namespace %s · created %s ago"), self->ns ? self->ns : "", age);
  else if (self->seen_cr && self->cr == NULL)
    subtitle = g_strdup_printf (_("Namespace %s · deleted"), self->ns ? self->ns : "");
  else
    subtitle = g_strdup_printf (_("Namespace %s"), self->ns ? self->ns : "");
  gtk_label_set_text (self->subtitle_label, subtitle);
}

static void
update_status (KfDeploymentDetailsPage *self)
{
  KfDeploymentStatus *st = self->status;
  g_autofree char *replicas = NULL;
  g_autofree char *engine = NULL;
  g_autofree char *endpoint = NULL;
  JsonNode *conds;

  if (st == NULL)
    {
      adw_action_row_set_subtitle (self->replicas_row, "—");
      adw_action_row_set_subtitle (self->model_row, "—");
      adw_action_row_set_subtitle (self->engine_row, "—");
      adw_action_row_set_subtitle (self->endpoint_row, "—");
      gtk_widget_set_visible (GTK_WIDGET (self->message_row), FALSE);
      clear_list_box (self->conditions_list);
      return;
    }
  {
    g_autofree char *r = kf_deployment_status_format_replicas (st);
    replicas = g_strdup_printf (_("%s ready"), r);
  }
  adw_action_row_set_subtitle (self->replicas_row, replicas);
  adw_action_row_set_subtitle (self->model_row, st->model_id ? st->model_id : "—");
  engine = g_strdup_printf ("%s · %s", st->engine == KF_ENGINE_UNKNOWN ? "—" : kf_engine_display_name (st->engine),
                            st->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED ? _("disaggregated (prefill/decode)")
                                                                         : _("aggregated"));
  adw_action_row_set_subtitle (self->engine_row, engine);
  if (st->frontend_service)
    endpoint = g_strdup_printf ("svc/%s:%u", st->frontend_service, st->frontend_port);
  adw_action_row_set_subtitle (self->endpoint_row, endpoint ? endpoint : "—");
  gtk_widget_set_visible (GTK_WIDGET (self->message_row), st->message != NULL && *st->message);
  adw_action_row_set_subtitle (self->message_row, st->message ? st->message : "");

  clear_list_box (self->conditions_list);
  conds = member (self->cr, "status.conditions");
  if (conds != NULL && JSON_NODE_HOLDS_ARRAY (conds))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (conds)); i++)
      {
        JsonNode *c = json_array_get_element (json_node_get_array (conds), i);
        AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
        g_autofree char *sub = NULL;
        const char *reason = string_at (c, "reason"), *message = string_at (c, "message");
        GtkWidget *badge = gtk_label_new (string_at (c, "status") ?: "?");

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), string_at (c, "type") ?: "?");
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        sub = g_strdup_printf ("%s%s%s", reason ? reason : "", reason && message ? ": " : "", message ? message : "");
        adw_action_row_set_subtitle (row, sub);
        adw_action_row_set_subtitle_lines (row, 0);
        gtk_widget_add_css_class (badge, "badge");
        gtk_widget_add_css_class (badge, g_strcmp0 (string_at (c, "status"), "True") == 0 ? "success" : "dim");
        gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
        adw_action_row_add_suffix (row, badge);
        gtk_list_box_append (self->conditions_list, GTK_WIDGET (row));
      }
}

static void
update_manifest (KfDeploymentDetailsPage *self)
{
  g_autofree char *yaml = kf_deployment_details_page_dup_manifest_yaml (self);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->manifest_view), yaml ? yaml : "", -1);
}

static void
set_cr (KfDeploymentDetailsPage *self,
        JsonNode                *cr)
{
  g_autofree char *old_service = self->status ? g_strdup (self->status->frontend_service) : NULL;
  g_autofree char *old_model = self->status ? g_strdup (self->status->model_id) : NULL;
  guint old_port = self->status ? self->status->frontend_port : 0;
  KfEngine old_engine = self->status ? self->status->engine : KF_ENGINE_UNKNOWN;

  g_clear_pointer (&self->cr, json_node_unref);
  g_clear_pointer (&self->status, kf_deployment_status_free);
  if (cr != NULL)
    {
      self->cr = json_node_ref (cr);
      self->status = kf_provider_parse_status (self->provider, cr);
      self->seen_cr = TRUE;
    }
  if (self->title_label == NULL)
    return;
  update_header (self);
  update_status (self);
  update_manifest (self);
  update_actions (self);
  if (g_strcmp0 (old_service, self->status ? self->status->frontend_service : NULL) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRONTEND_SERVICE]);
  if (old_port != (self->status ? self->status->frontend_port : 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRONTEND_PORT]);
  if (old_engine != (self->status ? self->status->engine : KF_ENGINE_UNKNOWN))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
  if (g_strcmp0 (old_model, self->status ? self->status->model_id : NULL) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  /* the events filter follows the resource's uid */
  if (self->events_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->events_filter), GTK_FILTER_CHANGE_DIFFERENT);
  schedule_diagnosis (self);
}

static void
cr_changed_cb (GListModel              *model,
               guint                    position,
               guint                    removed,
               guint                    added,
               KfDeploymentDetailsPage *self)
{
  g_autoptr(KfKubeObject) obj = g_list_model_get_item (model, 0);

  if (obj == NULL && self->seen_cr)
    {
      set_cr (self, NULL);
      return;
    }
  if (obj != NULL)
    set_cr (self, kf_kube_object_get_json (obj));
}

/* ---- pods ---- */

static GtkWidget *
create_pod_row (gpointer item,
                gpointer user_data)
{
  KfKubeObject *pod = item;
  JsonNode *json = kf_kube_object_get_json (pod);
  JsonNode *statuses = member (json, "status.containerStatuses");
  const char *phase = string_at (json, "status.phase");
  const char *node = string_at (json, "spec.nodeName");
  guint total = 0, ready = 0;
  gint64 restarts = 0;
  const char *waiting = NULL;
  g_autofree char *age = age_of (string_at (json, "metadata.creationTimestamp"));
  g_autofree char *ready_text = NULL;
  g_autofree char *restarts_text = NULL;
  g_autofree char *subtitle = NULL;
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *badge;

  if (statuses != NULL && JSON_NODE_HOLDS_ARRAY (statuses))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (statuses)); i++)
      {
        JsonNode *cs = json_array_get_element (json_node_get_array (statuses), i);
        JsonNode *r = member (cs, "ready");
        JsonNode *rc = member (cs, "restartCount");

        total++;
        if (r && JSON_NODE_HOLDS_VALUE (r) && json_node_get_value_type (r) == G_TYPE_BOOLEAN && json_node_get_boolean (r))
          ready++;
        if (rc && JSON_NODE_HOLDS_VALUE (rc) && json_node_get_value_type (rc) == G_TYPE_INT64)
          restarts += json_node_get_int (rc);
        if (waiting == NULL)
          waiting = string_at (cs, "state.waiting.reason");
      }
  else
    {
      JsonNode *containers = member (json, "spec.containers");
      total = containers && JSON_NODE_HOLDS_ARRAY (containers) ? json_array_get_length (json_node_get_array (containers)) : 0;
    }
  ready_text = g_strdup_printf (_("%u/%u ready"), ready, total);
  restarts_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " restart",
                                                "%" G_GINT64_FORMAT " restarts", (gulong) restarts), restarts);
  subtitle = g_strdup_printf ("%s · %s · %s · %s", ready_text, restarts_text,
                              node ? node : _("not scheduled"), age);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kf_kube_object_get_name (pod));
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_name (GTK_WIDGET (row), kf_kube_object_get_name (pod));

  badge = gtk_label_new (waiting ? waiting : phase ? phase : "?");
  gtk_widget_add_css_class (badge, "badge");
  if (waiting != NULL || g_strcmp0 (phase, "Failed") == 0)
    gtk_widget_add_css_class (badge, "error");
  else if (g_strcmp0 (phase, "Running") == 0 && ready == total)
    gtk_widget_add_css_class (badge, "success");
  else if (g_strcmp0 (phase, "Succeeded") == 0)
    gtk_widget_add_css_class (badge, "dim");
  else
    gtk_widget_add_css_class (badge, "warning");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (row, badge);
  return GTK_WIDGET (row);
}

/* ---- events ---- */

static gboolean
event_filter_func (gpointer item,
                   gpointer user_data)
{
  KfDeploymentDetailsPage *self = user_data;
  JsonNode *e = kf_kube_object_get_json (item);
  const char *kind = string_at (e, "involvedObject.kind");
  const char *name = string_at (e, "involvedObject.name");
  const char *uid = string_at (e, "involvedObject.uid");
  const char *cr_uid = self->cr ? string_at (self->cr, "metadata.uid") : NULL;

  if (uid != NULL && cr_uid != NULL && g_str_equal (uid, cr_uid))
    return TRUE;
  if (self->provider && g_strcmp0 (kind, kf_provider_get_crd_config (self->provider)->kind) == 0 &&
      g_strcmp0 (name, self->name) == 0)
    return TRUE;
  if (g_strcmp0 (kind, "Pod") == 0 && self->pods_informer != NULL && name != NULL)
    return kf_informer_lookup (self->pods_informer, self->ns, name) != NULL;
  return FALSE;
}

static const char *
event_time (JsonNode *e)
{
  const char *t = string_at (e, "lastTimestamp");

  if (t == NULL)
    t = string_at (e, "eventTime");
  if (t == NULL)
    t = string_at (e, "metadata.creationTimestamp");
  return t ? t : "";
}

static int
event_compare (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  int c = g_strcmp0 (event_time (kf_kube_object_get_json ((KfKubeObject *) b)),
                     event_time (kf_kube_object_get_json ((KfKubeObject *) a)));

  if (c != 0)
    return c;
  return -g_strcmp0 (kf_kube_object_get_resource_version ((KfKubeObject *) a),
                     kf_kube_object_get_resource_version ((KfKubeObject *) b));
}

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  JsonNode *e = kf_kube_object_get_json (item);
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *age = age_of (event_time (e));
  g_autofree char *title = NULL;
  const char *count_text = NULL;
  JsonNode *count = member (e, "count");
  g_autofree char *times = NULL;
  gboolean warning = g_strcmp0 (string_at (e, "type"), "Warning") == 0;
  GtkWidget *icon;

  if (count && JSON_NODE_HOLDS_VALUE (count) && json_node_get_value_type (count) == G_TYPE_INT64 &&
      json_node_get_int (count) > 1)
    {
      times = g_strdup_printf (_(" (×%" G_GINT64_FORMAT ")"), json_node_get_int (count));
      count_text = times;
    }
  title = g_strdup_printf ("%s · %s/%s · %s%s", string_at (e, "reason") ?: "?",
                           string_at (e, "involvedObject.kind") ?: "?", string_at (e, "involvedObject.name") ?: "?",
                           *age ? age : "—", count_text ? count_text : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, string_at (e, "message") ?: "");
  adw_action_row_set_subtitle_lines (row, 0);
  icon = gtk_image_new_from_icon_name (warning ? "dialog-warning-symbolic" : "dialog-information-symbolic");
  if (warning)
    gtk_widget_add_css_class (icon, "warning");
  else
    gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (row, icon);
  return GTK_WIDGET (row);
}

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

static void
render_findings (KfDeploymentDetailsPage *self)
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
  render_findings (self);
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

static void
schedule_diagnosis (KfDeploymentDetailsPage *self)
{
  if (self->diagnose_source == 0 && self->name != NULL)
    self->diagnose_source = g_timeout_add (150, diagnose_cb, self);
}

static void
pods_changed_cb (KfDeploymentDetailsPage *self)
{
  if (self->events_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->events_filter), GTK_FILTER_CHANGE_DIFFERENT);
  schedule_diagnosis (self);
}

static gboolean
tick_cb (gpointer data)
{
  update_header (data);
  return G_SOURCE_CONTINUE;
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PODS_MODEL]);
    }
  g_clear_pointer (&self->nodes, json_node_unref);
  g_clear_pointer (&self->all_pods, json_node_unref);
  self->nodes_time = 0;
  self->fetching_nodes = FALSE;
  self->seen_cr = FALSE;
  g_ptr_array_set_size (self->findings, 0);
  render_findings (self);
  set_cr (self, NULL);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER_ID]);
  adw_view_stack_set_visible_child_name (self->view_stack, "overview");
  update_header (self);

  if (provider == NULL || self->client == NULL)
    {
      update_actions (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  kf_deployment_resource_for_provider (provider, &self->resource);
  field = g_strdup_printf ("metadata.name=%s", name);
  self->cr_informer = kf_informer_new (self->client, &self->resource, ns, NULL, field);
  g_signal_connect (self->cr_informer, "items-changed", G_CALLBACK (cr_changed_cb), self);

  selector = kf_deployment_pod_selector (provider, name);
  self->pods_informer = kf_informer_new (self->client, &kf_kube_resource_pods, ns, selector, NULL);
  g_signal_connect_swapped (self->pods_informer, "items-changed", G_CALLBACK (pods_changed_cb), self);
  gtk_list_box_bind_model (self->pods_list, G_LIST_MODEL (self->pods_informer), create_pod_row, NULL, NULL);

  self->events_informer = kf_informer_new (self->client, &kf_kube_resource_events, ns, NULL, NULL);
  self->events_filter = gtk_custom_filter_new (event_filter_func, self, NULL);
  self->events_filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->events_informer)),
                                                     GTK_FILTER (g_object_ref (self->events_filter)));
  self->events_sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->events_filtered)),
                                                 GTK_SORTER (gtk_custom_sorter_new (event_compare, NULL, NULL)));
  g_signal_connect_swapped (self->events_filtered, "items-changed", G_CALLBACK (schedule_diagnosis), self);
  gtk_list_box_bind_model (self->events_list, G_LIST_MODEL (self->events_sorted), create_event_row, NULL, NULL);

  kf_informer_start (self->cr_informer);
  kf_informer_start (self->pods_informer);
  kf_informer_start (self->events_informer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PODS_MODEL]);
  update_actions (self);
}

/* ---- actions ---- */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_BACK], 0);
}

static void
copy_port_forward_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  KfDeploymentDetailsPage *self = KF_DEPLOYMENT_DETAILS_PAGE (widget);
  g_autofree char *cmd = NULL;
  g_autofree char *text = NULL;

  if (self->status == NULL)
    return;
  cmd = kf_deployment_port_forward_command (self->ns, self->status->frontend_service, self->status->frontend_port);
  if (cmd == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), cmd);
  text = g_strdup_printf (_("Copied “%s”"), cmd);
  toast (self, text);
}

typedef struct
{
  KfDeploymentDetailsPage *self;
  char                    *name;
} Op;

static Op *
op_new (KfDeploymentDetailsPage *self)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->name = g_strdup (self->name);
  return op;
}

static void
op_free (Op *op)
{
  g_object_unref (op->self);
  g_free (op->name);
  g_free (op);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;

  if (kf_deployment_delete_finish (KF_KUBE_CLIENT (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Deleted “%s”"), op->name);

      toast (op->self, text);
      g_signal_emit (op->self, signals[SIGNAL_DELETED], 0);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not delete “%s”: %s"), op->name, error->message);
      toast (op->self, text);
    }
  op_free (op);
}

static void
delete_response_cb (AdwMessageDialog        *dialog,
                    const char              *response,
                    KfDeploymentDetailsPage *self)
{
  if (g_strcmp0 (response, "delete") != 0 || self->client == NULL || self->provider == NULL || self->name == NULL)
    return;
  kf_deployment_delete_async (self->client, self->provider, self->ns, self->name, NULL, deleted_cb, op_new (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KfDeploymentDetailsPage *self = KF_DEPLOYMENT_DETAILS_PAGE (widget);
  AdwMessageDialog *dialog;

  if (self->name == NULL || self->provider == NULL)
    return;
  dialog = kf_deployment_delete_dialog_new (widget, self->ns, self->name, kf_provider_get_id (self->provider));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
scaled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) updated = kf_deployment_scale_finish (KF_KUBE_CLIENT (source), result, &error);

  if (updated != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Scaling “%s”"), op->name);
      toast (op->self, text);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not scale “%s”: %s"), op->name, error->message);
      toast (op->self, text);
    }
  op_free (op);
}

static void
scale_response_cb (AdwMessageDialog        *dialog,
                   const char              *response,
                   KfDeploymentDetailsPage *self)
{
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), "kf-spin");

  if (g_strcmp0 (response, "scale") != 0 || self->client == NULL || self->cr == NULL)
    return;
  gtk_spin_button_update (spin);
  kf_deployment_scale_async (self->client, self->provider, self->cr, (guint) gtk_spin_button_get_value_as_int (spin),
                             NULL, scaled_cb, op_new (self));
}

static void
scale_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KfDeploymentDetailsPage *self = KF_DEPLOYMENT_DETAILS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *spin;
  gboolean kaito;

  if (self->cr == NULL || self->status == NULL)
    return;
  kaito = g_strcmp0 (kf_provider_get_id (self->provider), "kaito") == 0;
  heading = g_strdup_printf (_("Scale “%s”"), self->name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                                       self->status->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED
                                                       ? _("Worker replicas (each worker service is set to this number)")
                                                       : _("Worker replicas")));
  spin = gtk_spin_button_new_with_range (kaito ? 1 : 0, KF_MAX_REPLICAS, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), MAX (self->status->desired_replicas, kaito ? 1 : 0));
  gtk_widget_set_halign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Replicas"), -1);
  adw_message_dialog_set_extra_child (dialog, spin);
  g_object_set_data (G_OBJECT (dialog), "kf-spin", spin);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "scale", _("_Scale"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "scale", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "scale");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (scale_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *path = g_file_get_parse_name (G_FILE (source));
      g_autofree char *text = g_strdup_printf (_("Saved %s"), path);
      toast (op->self, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Could not save: %s"), error->message);
      toast (op->self, text);
    }
  op_free (op);
}

static void
export_response_cb (GtkNativeDialog         *chooser,
                    int                      response,
                    KfDeploymentDetailsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      char *yaml = kf_deployment_details_page_dup_manifest_yaml (self);
      g_autoptr(GBytes) bytes = g_bytes_new_take (yaml, yaml ? strlen (yaml) : 0);

      if (file != NULL && yaml != NULL)
        g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, saved_cb,
                                             op_new (self));
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KfDeploymentDetailsPage *self = KF_DEPLOYMENT_DETAILS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *filename = NULL;

  if (self->cr == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export YAML"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  filename = g_strdup_printf ("%s.yaml", self->name);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), filename);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
      g_signal_emit (self, signals[SIGNAL_BACK], 0);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
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

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, KF_TYPE_CLUSTER_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_PROVIDER_ID] = g_param_spec_string ("provider-id", NULL, NULL, NULL, ro);
  properties[PROP_PODS_MODEL] = g_param_spec_object ("pods-model", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_FRONTEND_SERVICE] = g_param_spec_string ("frontend-service", NULL, NULL, NULL, ro);
  properties[PROP_FRONTEND_PORT] = g_param_spec_uint ("frontend-port", NULL, NULL, 0, 65535, 0, ro);
  properties[PROP_ENGINE] = g_param_spec_int ("engine", NULL, NULL, 0, KF_ENGINE_UNKNOWN, KF_ENGINE_UNKNOWN, ro);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
  signals[SIGNAL_DELETED] = g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kubefoundry/KubeFoundry/ui/kf-deployment-details-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, phase_label);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, runtime_label);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentDetailsPage, subtitle_label);
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

  gtk_widget_class_install_action (widget_class, "details.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "details.scale", NULL, scale_action);
  gtk_widget_class_install_action (widget_class, "details.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "details.copy-port-forward", NULL, copy_port_forward_action);
  gtk_widget_class_install_action (widget_class, "details.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "details.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "details.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "details.export", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
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
  self->tick_source = g_timeout_add_seconds (30, tick_cb, self);
  update_header (self);
  update_status (self);
  update_actions (self);
  _kf_deployment_details_attach_views (self);
}
