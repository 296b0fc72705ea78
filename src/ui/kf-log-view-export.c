/* kf-log-view-export.c: KfLogView's copy (the selected lines, or all) and save to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-log-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-kube-error.h"
#include "kf-kube-log-stream.h"
#include "kf-kube-object.h"
#include "kf-log-line-model.h"
#include "kf-log-view.h"
#include "kf-log-view-private.h"

/* ------------------------------------------------------------------------ */
/* copy and save                                                             */

char *
kf_log_view_dup_text (KfLogView *self,
                      gboolean   selected_only)
{
  g_autoptr(GtkBitset) selection = NULL;

  g_return_val_if_fail (KF_IS_LOG_VIEW (self), NULL);

  if (selected_only)
    {
      selection = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      if (gtk_bitset_is_empty (selection))
        g_clear_pointer (&selection, gtk_bitset_unref);
    }
  return kf_log_line_model_dup_text (self->lines, selection);
}

/* The selected lines, or every line when none is selected. */
void
kf_log_view_copy (KfLogView *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KF_IS_LOG_VIEW (self));
  text = kf_log_view_dup_text (self, TRUE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

gboolean
kf_log_view_copy_shortcut_ (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  kf_log_view_copy (KF_LOG_VIEW (user_data));
  return TRUE;
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KfLogView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kf_log_line_model_save_finish (KF_LOG_LINE_MODEL (source), result, &error))
    {
      g_autofree char *msg = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      msg = g_strdup_printf (_("Could not save the log: %s"), error->message);
      kf_log_view_set_error_ (self, msg);
    }
}

void
kf_log_view_save_to_file (KfLogView *self,
                          GFile     *file)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  kf_log_line_model_save_async (self->lines, file, NULL, save_done_cb, g_object_ref (self));
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  KfLogView       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        kf_log_view_save_to_file (self, file);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

void
kf_log_view_save_clicked_ (KfLogView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  g_autofree char *name = g_strdup_printf ("%s.log", self->pod ? self->pod : "log");

  dialog = gtk_file_chooser_native_new (_("Save Log"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

