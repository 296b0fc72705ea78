/* kf-deployment-details-actions.c: the details page actions: back, scale, delete, port-forward, export
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

/* ---- actions ---- */

void
kf_details_back_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  g_signal_emit (widget, kf_details_signals[SIGNAL_BACK], 0);
}

void
kf_details_copy_port_forward_action (GtkWidget  *widget,
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
  kf_details_toast (self, text);
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

      kf_details_toast (op->self, text);
      g_signal_emit (op->self, kf_details_signals[SIGNAL_DELETED], 0);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not delete “%s”: %s"), op->name, error->message);
      kf_details_toast (op->self, text);
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

void
kf_details_delete_action (GtkWidget  *widget,
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
      kf_details_toast (op->self, text);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not scale “%s”: %s"), op->name, error->message);
      kf_details_toast (op->self, text);
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

void
kf_details_scale_action (GtkWidget  *widget,
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
      kf_details_toast (op->self, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Could not save: %s"), error->message);
      kf_details_toast (op->self, text);
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

void
kf_details_export_action (GtkWidget  *widget,
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

