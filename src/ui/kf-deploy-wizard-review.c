/* kf-deploy-wizard-review.c: the deploy wizard's review step: the fit verdict, capacity and the manifest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deploy-wizard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-deploy-wizard-private.h"
#include "kf-memory-fit.h"
#include "kf-yaml.h"

/* ---- the review step ---- */

static char *
gb (guint64 bytes)
{
  return g_strdup_printf ("%.1f GB", bytes / 1e9);
}

static void
add_fit_row (KfDeployWizard *self,
             const char     *title,
             const char     *subtitle,
             const char     *icon,
             const char     *css)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_icon_name (icon);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (css != NULL)
    gtk_widget_add_css_class (image, css);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  gtk_list_box_append (self->fit_list, row);
}

static void
update_fit (KfDeployWizard           *self,
            const KfDeploymentConfig *config)
{
  GtkWidget *child;
  gboolean disaggregated = config->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED;
  guint per_pod = disaggregated ? MAX (config->prefill_gpus, config->decode_gpus) : config->gpus_per_replica;
  guint total = disaggregated ? config->prefill_replicas * config->prefill_gpus + config->decode_replicas * config->decode_gpus
                              : config->replicas * config->gpus_per_replica;
  KfGpuInventory *inventory = kf_deploy_wizard_get_inventory (self);
  gboolean cpu_only = kf_deploy_wizard_is_kaito (self) && config->kaito_source != KF_KAITO_SOURCE_VLLM && config->compute_type == KF_COMPUTE_CPU;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fit_list))) != NULL)
    gtk_list_box_remove (self->fit_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->capacity_label), FALSE);

  if (cpu_only)
    {
      add_fit_row (self, _("Runs on CPUs"), _("llama.cpp on CPU nodes: no GPU needed."), "emblem-ok-symbolic", "success");
      return;
    }
  if (inventory == NULL)
    {
      add_fit_row (self, _("GPU fit unknown"),
                   self->session != NULL && kf_cluster_session_get_client (self->session) != NULL
                   ? _("Reading the cluster’s GPUs…") : _("Connect to a cluster to check the fit against its GPUs."),
                   "dialog-question-symbolic", NULL);
      return;
    }

  /* capacity against free GPUs per node (reference §2 "Capacity warning") */
  {
    GPtrArray *pools = kf_gpu_inventory_get_pools (inventory);
    guint max_node = 0;
    guint free = kf_gpu_inventory_get_free (inventory);

    for (guint i = 0; i < pools->len; i++)
      max_node = MAX (max_node, ((KfGpuPool *) g_ptr_array_index (pools, i))->max_per_node);
    if (per_pod > max_node)
      {
        g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "Deployment will not fit on any node: each worker needs %u GPU, the largest node has %u.",
                                                                             "Deployment will not fit on any node: each worker needs %u GPUs, the largest node has %u.",
                                                                             per_pod),
                                                 per_pod, max_node);
        gtk_label_set_label (self->capacity_label, text);
        gtk_widget_remove_css_class (GTK_WIDGET (self->capacity_label), "warning");
        gtk_widget_add_css_class (GTK_WIDGET (self->capacity_label), "error");
        gtk_widget_set_visible (GTK_WIDGET (self->capacity_label), TRUE);
      }
    else if (total > free)
      {
        g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "Insufficient GPU capacity: the deployment needs %u GPU, %u are free now.",
                                                                             "Insufficient GPU capacity: the deployment needs %u GPUs, %u are free now.",
                                                                             total),
                                                 total, free);
        gtk_label_set_label (self->capacity_label, text);
        gtk_widget_remove_css_class (GTK_WIDGET (self->capacity_label), "error");
        gtk_widget_add_css_class (GTK_WIDGET (self->capacity_label), "warning");
        gtk_widget_set_visible (GTK_WIDGET (self->capacity_label), TRUE);
      }
  }

  if (self->model == NULL)
    {
      add_fit_row (self, _("GPU fit unknown"), _("Pick the model from the catalog to estimate its memory."),
                   "dialog-question-symbolic", NULL);
      return;
    }

  {
    KfFitRequest request;
    g_autoptr(KfFitPlan) plan = NULL;

    kf_fit_request_init (&request);
    kf_fit_request_set_model (&request, self->model, NULL);
    request.engine = KF_ENGINES_FROM_ENGINE (config->engine);
    request.context_length = config->context_length;
    request.gpus = per_pod;
    plan = kf_memory_fit_plan (&request, inventory);
    add_fit_row (self, kf_model_get_name (self->model), plan->summary,
                 plan->verdict == KF_FIT_FITS ? "emblem-ok-symbolic"
                 : plan->verdict == KF_FIT_TIGHT ? "dialog-warning-symbolic"
                 : plan->verdict == KF_FIT_DOES_NOT_FIT ? "dialog-error-symbolic" : "dialog-question-symbolic",
                 plan->verdict == KF_FIT_FITS ? "success"
                 : plan->verdict == KF_FIT_TIGHT ? "warning"
                 : plan->verdict == KF_FIT_DOES_NOT_FIT ? "error" : NULL);
    for (guint i = 0; i < plan->options->len; i++)
      {
        KfFitOption *option = g_ptr_array_index (plan->options, i);
        g_autofree char *w = gb (option->estimate.weights_bytes);
        g_autofree char *kv = gb (option->estimate.kv_cache_bytes);
        g_autofree char *ov = gb (option->estimate.overhead_bytes);
        g_autofree char *usable = gb (option->estimate.usable_bytes);
        g_autofree char *where = option->node != NULL
          ? g_strdup_printf (_("free on node %s"), option->node)
          : g_strdup_printf (_("no node has %u GPUs free (at most %u)"), option->estimate.gpus, option->max_free_on_node);
        g_autofree char *subtitle = g_strdup_printf (_("%u × GPU: weights %s + KV cache %s + overhead %s of %s usable per GPU; %s"),
                                                     option->estimate.gpus, w, kv, ov, usable, where);

        add_fit_row (self, option->gpu_product != NULL ? option->gpu_product : _("GPU"), subtitle,
                     option->verdict == KF_FIT_FITS ? "emblem-ok-symbolic"
                     : option->verdict == KF_FIT_TIGHT ? "dialog-warning-symbolic" : "dialog-error-symbolic",
                     option->verdict == KF_FIT_FITS ? "success" : option->verdict == KF_FIT_TIGHT ? "warning" : "error");
      }
  }
}

void
kf_deploy_wizard_update_review (KfDeployWizard           *self,
                                const KfDeploymentConfig *config,
                                gboolean                  valid)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->yaml_view);
  KfProvider *provider = kf_deploy_wizard_current_provider (self);
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = NULL;

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "review"))
    return;
  update_fit (self, config);
  if (provider != NULL && valid)
    manifests = kf_provider_generate_manifests (provider, config, &error);
  if (manifests != NULL)
    yaml = kf_yaml_emit_all (manifests, &error);
  gtk_text_buffer_set_text (buffer, yaml != NULL ? yaml
                            : error != NULL ? error->message
                            : _("Fix the highlighted fields to see the manifest."), -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->yaml_view), yaml != NULL);
}

/* ---- copy and save ---- */

static char *
yaml_text (KfDeployWizard *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->yaml_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
copy_clicked_cb (KfDeployWizard *self)
{
  g_autofree char *text = yaml_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KfDeployWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
    }
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  KfDeployWizard  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      char *text = yaml_text (self);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, len);

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           self->cancellable, save_done_cb, g_object_ref (self));
    }
  g_object_unref (dialog);
}

void
save_clicked_cb (KfDeployWizard *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Save Manifest"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autofree char *name = g_strdup_printf ("%s.yaml", kf_deploy_wizard_entry_text (self->name_row));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

