/* kf-deploy-wizard-create.c: the deploy wizard's Create: the gated-model token, the deployer, errors at the fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deploy-wizard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-deploy-wizard-private.h"
#include "kf-deployer.h"
#include "kf-keyring.h"

/* ---- create ---- */

void
kf_deploy_wizard_set_busy (KfDeployWizard *self,
                           gboolean        busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !busy);
  gtk_widget_set_sensitive (self->back_button, !busy);
  kf_deploy_wizard_update_validation (self);
  kf_deploy_wizard_notify_busy (self);
}

static void
deploy_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KfDeployWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) created = kf_deployer_deploy_finish (KF_DEPLOYER (source), result, &error);
  g_autoptr(KfDeploymentConfig) config = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  config = kf_deploy_wizard_get_config (self);
  kf_deploy_wizard_set_busy (self, FALSE);
  if (created == NULL)
    {
      g_autoptr(GPtrArray) issues = kf_deployer_explain_error (error, config);
      g_autoptr(GString) top = g_string_new (NULL);
      const char *page = NULL;

      for (guint i = 0; i < issues->len; i++)
        {
          KfValidationIssue *issue = g_ptr_array_index (issues, i);
          FieldInfo *info = kf_deploy_wizard_find_field (self, issue->field);

          if (info != NULL && kf_deploy_wizard_field_shown (info))
            {
              g_hash_table_insert (self->server_issues, g_strdup (issue->field), g_strdup (issue->message));
              if (page == NULL)
                page = info->page;
            }
          else
            {
              if (top->len > 0)
                g_string_append_c (top, '\n');
              g_string_append (top, issue->message);
            }
        }
      if (top->len == 0)
        g_string_append (top, _("The cluster refused the deployment: see the highlighted fields."));
      gtk_label_set_label (self->error_label, top->str);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      if (page != NULL)
        kf_deploy_wizard_set_step (self, page);
      else
        kf_deploy_wizard_update_validation (self);
      return;
    }

  kf_deploy_wizard_emit_created (self, config->namespace, config->name, config->provider_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_create (KfDeployWizard *self,
              const char     *hf_token)
{
  KfKubeClient *client = self->session != NULL ? kf_cluster_session_get_client (self->session) : NULL;
  g_autoptr(KfDeploymentConfig) config = kf_deploy_wizard_get_config (self);
  g_autoptr(KfDeployer) deployer = NULL;

  if (client == NULL || kf_deploy_wizard_current_provider (self) == NULL)
    return;
  g_hash_table_remove_all (self->server_issues);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  kf_deploy_wizard_set_busy (self, TRUE);
  deployer = kf_deployer_new (client);
  g_clear_object (&self->create_cancellable);
  self->create_cancellable = g_cancellable_new ();
  kf_deployer_deploy_async (deployer, kf_deploy_wizard_current_provider (self), config, hf_token,
                            self->create_cancellable, deploy_cb, g_object_ref (self));
}

/* ---- gated models: the HuggingFace token ---- */

typedef struct
{
  KfDeployWizard *self;
  char           *token;   /* wiped on free */
} AskData;

static void
ask_data_free (AskData *data)
{
  g_object_unref (data->self);
  kf_keyring_secret_free (data->token);
  g_free (data);
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 gpointer          user_data)
{
  AskData *data = user_data;

  if (g_str_equal (response, "copy"))
    start_create (data->self, data->token);
  else if (g_str_equal (response, "skip") || g_str_equal (response, "create"))
    start_create (data->self, NULL);
  else if (g_str_equal (response, "sign-in"))
    gtk_widget_activate_action (GTK_WIDGET (data->self), "app.preferences", NULL);
  ask_data_free (data);
}

/* The question for a gated model: @token NULL when none is stored (@why: the
 * keyring's error, may be NULL). */
static void
ask_about_token (KfDeployWizard *self,
                 char           *token,
                 const char     *why)
{
  g_autoptr(KfDeploymentConfig) config = kf_deploy_wizard_get_config (self);
  AdwMessageDialog *dialog;
  AskData *data;
  g_autofree char *fail = g_strdup_printf (_("Without it the deployment will fail to download the model, "
                                             "unless the Secret “%s” already exists in “%s”."),
                                           config->hf_token_secret, config->namespace);

  if (token != NULL)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Copy HuggingFace Token?"), NULL));
      adw_message_dialog_format_body (dialog,
                                      _("%s is gated: the runtime needs your HuggingFace token to download it. "
                                        "KubeFoundry can store the token from your keyring as the Secret “%s” "
                                        "in the namespace “%s”.\n\n%s"),
                                      config->model_id, config->hf_token_secret, config->namespace, fail);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "skip", _("Create _Without Token"),
                                        "copy", _("_Copy Token and Create"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "copy", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "copy");
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Sign In to HuggingFace"), NULL));
      adw_message_dialog_format_body (dialog,
                                      _("%s is gated: the runtime needs a HuggingFace token to download it, "
                                        "and none is stored%s%s. Sign in under Preferences → HuggingFace, "
                                        "then create the deployment again.\n\n%s"),
                                      config->model_id, why != NULL ? ": " : "", why != NULL ? why : "", fail);
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "create", _("Create _Anyway"),
                                        "sign-in", _("_Sign In…"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "sign-in", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "sign-in");
    }
  gtk_widget_set_name (GTK_WIDGET (dialog), "token-dialog");
  adw_message_dialog_set_close_response (dialog, "cancel");
  data = g_new0 (AskData, 1);
  data->self = g_object_ref (self);
  data->token = token;
  g_signal_connect (dialog, "response", G_CALLBACK (ask_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
token_lookup_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KfDeployWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = kf_keyring_lookup_finish (KF_KEYRING (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("HuggingFace token lookup: %s", error->message);
  ask_about_token (self, token, error != NULL ? error->message : NULL);
}

void
create_clicked_cb (KfDeployWizard *self)
{
  g_autoptr(KfDeploymentConfig) config = kf_deploy_wizard_get_config (self);

  if (!gtk_widget_get_sensitive (self->create_button) || self->busy)
    return;
  if (self->model != NULL && kf_model_get_gated (self->model) &&
      config->hf_token_secret != NULL && g_strcmp0 (config->model_id, kf_model_get_id (self->model)) == 0)
    {
      kf_keyring_lookup_async (self->keyring != NULL ? self->keyring : kf_keyring_get_default (),
                               KF_SECRET_KIND_HUGGINGFACE, NULL, NULL,
                               self->cancellable, token_lookup_cb, g_object_ref (self));
      return;
    }
  start_create (self, NULL);
}
