/* kf-deployment-widgets.c: small pieces shared by the deployments pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-deployment-widgets.h"

static const char *const phase_classes[] = { "success", "warning", "error", "dim" };
static const char *const runtime_classes[] = { "runtime-dynamo", "runtime-kuberay", "runtime-kaito" };

void
kf_phase_badge_update (GtkWidget         *label,
                       KfDeploymentPhase  phase)
{
  const char *cls;

  switch (phase)
    {
    case KF_DEPLOYMENT_PHASE_RUNNING: cls = "success"; break;
    case KF_DEPLOYMENT_PHASE_PENDING:
    case KF_DEPLOYMENT_PHASE_DEPLOYING: cls = "warning"; break;
    case KF_DEPLOYMENT_PHASE_FAILED: cls = "error"; break;
    case KF_DEPLOYMENT_PHASE_TERMINATING:
    case KF_DEPLOYMENT_PHASE_UNKNOWN:
    default: cls = "dim"; break;
    }
  for (guint i = 0; i < G_N_ELEMENTS (phase_classes); i++)
    gtk_widget_remove_css_class (label, phase_classes[i]);
  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, cls);
  gtk_label_set_text (GTK_LABEL (label), kf_deployment_phase_display_name (phase));
}

void
kf_runtime_badge_update (GtkWidget  *label,
                         const char *provider_id,
                         const char *runtime_name)
{
  g_autofree char *cls = g_strconcat ("runtime-", provider_id ? provider_id : "", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (runtime_classes); i++)
    gtk_widget_remove_css_class (label, runtime_classes[i]);
  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, cls);
  gtk_label_set_text (GTK_LABEL (label), runtime_name ? runtime_name : "");
}

AdwMessageDialog *
kf_deployment_delete_dialog_new (GtkWidget  *parent,
                                 const char *ns,
                                 const char *name,
                                 const char *provider_id)
{
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), name);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (g_strcmp0 (provider_id, "kaito") == 0)
    body = g_strdup_printf (_("The deployment and its Service “%s-vllm” in namespace %s will be deleted, "
                              "with their pods. This cannot be undone."), name, ns);
  else
    body = g_strdup_printf (_("The deployment in namespace %s will be deleted, with its pods and services. "
                              "This cannot be undone."), ns);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}
