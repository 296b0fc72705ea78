/* kf-deployment-details-pods.c: the pods and events rows of the details page
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

/* ---- pods ---- */

GtkWidget *
kf_details_create_pod_row (gpointer item,
                           gpointer user_data)
{
  KfKubeObject *pod = item;
  JsonNode *json = kf_kube_object_get_json (pod);
  JsonNode *statuses = kf_details_member (json, "status.containerStatuses");
  const char *phase = kf_details_string_at (json, "status.phase");
  const char *node = kf_details_string_at (json, "spec.nodeName");
  guint total = 0, ready = 0;
  gint64 restarts = 0;
  const char *waiting = NULL;
  g_autofree char *age = kf_details_age_of (kf_details_string_at (json, "metadata.creationTimestamp"));
  g_autofree char *ready_text = NULL;
  g_autofree char *restarts_text = NULL;
  g_autofree char *subtitle = NULL;
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *badge;
  gboolean terminating;

  if (statuses != NULL && JSON_NODE_HOLDS_ARRAY (statuses))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (statuses)); i++)
      {
        JsonNode *cs = json_array_get_element (json_node_get_array (statuses), i);
        JsonNode *r = kf_details_member (cs, "ready");
        JsonNode *rc = kf_details_member (cs, "restartCount");

        total++;
        if (r && JSON_NODE_HOLDS_VALUE (r) && json_node_get_value_type (r) == G_TYPE_BOOLEAN && json_node_get_boolean (r))
          ready++;
        if (rc && JSON_NODE_HOLDS_VALUE (rc) && json_node_get_value_type (rc) == G_TYPE_INT64)
          restarts += json_node_get_int (rc);
        if (waiting == NULL)
          waiting = kf_details_string_at (cs, "state.waiting.reason");
      }
  else
    {
      JsonNode *containers = kf_details_member (json, "spec.containers");
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

  /* as kubectl shows it: a pod marked for deletion is Terminating */
  terminating = kf_details_member (json, "metadata.deletionTimestamp") != NULL;
  badge = gtk_label_new (terminating ? _("Terminating") : waiting ? waiting : phase ? phase : "?");
  gtk_widget_add_css_class (badge, "badge");
  if (terminating)
    gtk_widget_add_css_class (badge, "warning");
  else if (waiting != NULL || g_strcmp0 (phase, "Failed") == 0)
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

gboolean
kf_details_event_filter_func (gpointer item,
                              gpointer user_data)
{
  KfDeploymentDetailsPage *self = user_data;
  JsonNode *e = kf_kube_object_get_json (item);
  const char *kind = kf_details_string_at (e, "involvedObject.kind");
  const char *name = kf_details_string_at (e, "involvedObject.name");
  const char *uid = kf_details_string_at (e, "involvedObject.uid");
  const char *cr_uid = self->cr ? kf_details_string_at (self->cr, "metadata.uid") : NULL;

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
  const char *t = kf_details_string_at (e, "lastTimestamp");

  if (t == NULL)
    t = kf_details_string_at (e, "eventTime");
  if (t == NULL)
    t = kf_details_string_at (e, "metadata.creationTimestamp");
  return t ? t : "";
}

int
kf_details_event_compare (gconstpointer a,
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

GtkWidget *
kf_details_create_event_row (gpointer item,
                             gpointer user_data)
{
  JsonNode *e = kf_kube_object_get_json (item);
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *age = kf_details_age_of (event_time (e));
  g_autofree char *title = NULL;
  const char *count_text = NULL;
  JsonNode *count = kf_details_member (e, "count");
  g_autofree char *times = NULL;
  gboolean warning = g_strcmp0 (kf_details_string_at (e, "type"), "Warning") == 0;
  GtkWidget *icon;

  if (count && JSON_NODE_HOLDS_VALUE (count) && json_node_get_value_type (count) == G_TYPE_INT64 &&
      json_node_get_int (count) > 1)
    {
      times = g_strdup_printf (_(" (×%" G_GINT64_FORMAT ")"), json_node_get_int (count));
      count_text = times;
    }
  title = g_strdup_printf ("%s · %s/%s · %s%s", kf_details_string_at (e, "reason") ?: "?",
                           kf_details_string_at (e, "involvedObject.kind") ?: "?", kf_details_string_at (e, "involvedObject.name") ?: "?",
                           *age ? age : "—", count_text ? count_text : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, kf_details_string_at (e, "message") ?: "");
  adw_action_row_set_subtitle_lines (row, 0);
  icon = gtk_image_new_from_icon_name (warning ? "dialog-warning-symbolic" : "dialog-information-symbolic");
  if (warning)
    gtk_widget_add_css_class (icon, "warning");
  else
    gtk_widget_add_css_class (icon, "dim-label");
  adw_action_row_add_prefix (row, icon);
  return GTK_WIDGET (row);
}

