/* kf-deployment-details-header.c: header, status, conditions and manifest of the details page
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

void
kf_details_update_header (KfDeploymentDetailsPage *self)
{
  g_autofree char *age = kf_details_age_of (self->cr ? kf_details_string_at (self->cr, "metadata.creationTimestamp") : NULL);
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

void
kf_details_update_status (KfDeploymentDetailsPage *self)
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
      kf_details_clear_list_box (self->conditions_list);
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

  kf_details_clear_list_box (self->conditions_list);
  conds = kf_details_member (self->cr, "status.conditions");
  if (conds != NULL && JSON_NODE_HOLDS_ARRAY (conds))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (conds)); i++)
      {
        JsonNode *c = json_array_get_element (json_node_get_array (conds), i);
        AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
        g_autofree char *sub = NULL;
        const char *reason = kf_details_string_at (c, "reason"), *message = kf_details_string_at (c, "message");
        GtkWidget *badge = gtk_label_new (kf_details_string_at (c, "status") ?: "?");

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kf_details_string_at (c, "type") ?: "?");
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        sub = g_strdup_printf ("%s%s%s", reason ? reason : "", reason && message ? ": " : "", message ? message : "");
        adw_action_row_set_subtitle (row, sub);
        adw_action_row_set_subtitle_lines (row, 0);
        gtk_widget_add_css_class (badge, "badge");
        gtk_widget_add_css_class (badge, g_strcmp0 (kf_details_string_at (c, "status"), "True") == 0 ? "success" : "dim");
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

void
kf_details_set_cr (KfDeploymentDetailsPage *self,
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
  kf_details_update_header (self);
  kf_details_update_status (self);
  update_manifest (self);
  kf_details_update_actions (self);
  if (g_strcmp0 (old_service, self->status ? self->status->frontend_service : NULL) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_FRONTEND_SERVICE]);
  if (old_port != (self->status ? self->status->frontend_port : 0))
    g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_FRONTEND_PORT]);
  if (old_engine != (self->status ? self->status->engine : KF_ENGINE_UNKNOWN))
    g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_ENGINE]);
  if (g_strcmp0 (old_model, self->status ? self->status->model_id : NULL) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), kf_details_properties[PROP_MODEL]);
  /* the events filter follows the resource's uid */
  if (self->events_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->events_filter), GTK_FILTER_CHANGE_DIFFERENT);
  kf_details_schedule_diagnosis (self);
}

void
kf_details_cr_changed_cb (GListModel              *model,
                          guint                    position,
                          guint                    removed,
                          guint                    added,
                          KfDeploymentDetailsPage *self)
{
  g_autoptr(KfKubeObject) obj = g_list_model_get_item (model, 0);

  if (obj == NULL && self->seen_cr)
    {
      kf_details_set_cr (self, NULL);
      return;
    }
  if (obj != NULL)
    kf_details_set_cr (self, kf_kube_object_get_json (obj));
}

