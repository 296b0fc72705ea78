/* kf-deploy-wizard-gguf.c: the deploy wizard's KAITO GGUF file picker
 *
 * For a HuggingFace GGUF source the wizard lists the repo's .gguf files (with
 * their sizes) in a drop-down and preselects the first "q4_k_m" one, as the
 * original does. While the list loads the drop-down says so; when listing
 * fails (no network, a gated or unknown repo, no .gguf files) the text entry
 * takes its place and the group says why. The keyring's HuggingFace token, if
 * any, goes with the request (gated repos).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deploy-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-deploy-wizard-private.h"

#define GGUF_DEBOUNCE_MS 300

static gboolean
gguf_wanted (KfDeployWizard *self)
{
  KfKaitoSource source = (KfKaitoSource) adw_combo_row_get_selected (self->kaito_source_row);

  return kf_deploy_wizard_is_kaito (self) &&
         (source == KF_KAITO_SOURCE_HUGGINGFACE_DIRECT || source == KF_KAITO_SOURCE_HUGGINGFACE_BUILD);
}

static gboolean
has_files (KfDeployWizard *self)
{
  return self->gguf_files != NULL && self->gguf_files->len > 0;
}

static void
show_rows (KfDeployWizard *self,
           gboolean        wanted)
{
  gboolean picker = wanted && (has_files (self) || self->gguf_listing);

  gtk_widget_set_visible (GTK_WIDGET (self->gguf_combo_row), picker);
  gtk_widget_set_sensitive (GTK_WIDGET (self->gguf_combo_row), has_files (self));
  gtk_widget_set_visible (GTK_WIDGET (self->gguf_row), wanted && !picker);
}

/* While listing, the picker's only (insensitive) item says so. */
static void
show_listing (KfDeployWizard *self)
{
  const char * const items[] = { _("Listing the repository’s files…"), NULL };
  g_autoptr(GtkStringList) list = gtk_string_list_new (items);

  self->updating = TRUE;
  adw_combo_row_set_model (self->gguf_combo_row, G_LIST_MODEL (list));
  self->updating = FALSE;
}

static void
set_description (KfDeployWizard *self,
                 const char     *text)
{
  adw_preferences_group_set_description (self->kaito_group, text);
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  KfDeployWizard *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = kf_gguf_files_list_finish (KF_HF_CLIENT (source), result, &error);
  g_autoptr(GtkStringList) names = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->gguf_listing = FALSE;
  g_clear_pointer (&self->gguf_files, g_ptr_array_unref);
  if (files == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not list the files of %s (%s). Type the .gguf file name."),
                                               self->gguf_repo, error->message);

      g_debug ("GGUF files of %s: %s", self->gguf_repo, error->message);
      set_description (self, text);
    }
  else if (files->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("%s has no .gguf files at its top level. Type the file name."),
                                               self->gguf_repo);
      set_description (self, text);
    }
  else
    {
      set_description (self, NULL);
      names = gtk_string_list_new (NULL);
      for (guint i = 0; i < files->len; i++)
        {
          KfGgufFile *file = g_ptr_array_index (files, i);
          g_autofree char *size = file->size > 0 ? g_format_size (file->size) : NULL;
          g_autofree char *label = size != NULL ? g_strdup_printf ("%s (%s)", file->path, size) : g_strdup (file->path);

          gtk_string_list_append (names, label);
        }
      self->gguf_files = g_steal_pointer (&files);
      self->updating = TRUE;
      adw_combo_row_set_model (self->gguf_combo_row, G_LIST_MODEL (names));
      adw_combo_row_set_selected (self->gguf_combo_row, kf_gguf_files_pick_default (self->gguf_files));
      self->updating = FALSE;
    }
  kf_deploy_wizard_update_all (self);
}

static void
token_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  KfDeployWizard *self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = kf_keyring_lookup_finish (KF_KEYRING (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("HuggingFace token lookup: %s", error->message);
  if (self->hf_client == NULL)
    self->hf_client = kf_hf_client_new (NULL);
  /* with the token, gated and private repos list too; it only goes in the header */
  kf_gguf_files_list_async (self->hf_client, self->gguf_repo, token, self->gguf_cancellable, list_cb, self);
  kf_keyring_secret_free (token);
}

static gboolean
list_timeout_cb (gpointer user_data)
{
  KfDeployWizard *self = user_data;

  self->gguf_timeout_id = 0;
  g_cancellable_cancel (self->gguf_cancellable);
  g_clear_object (&self->gguf_cancellable);
  self->gguf_cancellable = g_cancellable_new ();
  kf_keyring_lookup_async (self->keyring != NULL ? self->keyring : kf_keyring_get_default (),
                           KF_SECRET_KIND_HUGGINGFACE, NULL, NULL, self->gguf_cancellable, token_cb, self);
  return G_SOURCE_REMOVE;
}

void
kf_deploy_wizard_gguf_update (KfDeployWizard *self)
{
  gboolean wanted = gguf_wanted (self);
  g_autofree char *repo = kf_deploy_wizard_entry_dup (self->model_row);

  if (wanted && repo != NULL && g_strcmp0 (repo, self->gguf_repo) != 0)
    {
      /* another repo: list it once the typing stops */
      g_free (self->gguf_repo);
      self->gguf_repo = g_steal_pointer (&repo);
      g_clear_pointer (&self->gguf_files, g_ptr_array_unref);
      g_cancellable_cancel (self->gguf_cancellable);
      g_clear_handle_id (&self->gguf_timeout_id, g_source_remove);
      self->gguf_listing = TRUE;
      show_listing (self);
      set_description (self, NULL);
      self->gguf_timeout_id = g_timeout_add (GGUF_DEBOUNCE_MS, list_timeout_cb, self);
    }
  show_rows (self, wanted && self->gguf_repo != NULL);
}

char *
kf_deploy_wizard_gguf_dup_file (KfDeployWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->gguf_combo_row);

  if (gtk_widget_get_visible (GTK_WIDGET (self->gguf_combo_row)))
    {
      if (has_files (self) && selected < self->gguf_files->len)
        return g_strdup (((KfGgufFile *) g_ptr_array_index (self->gguf_files, selected))->path);
      return NULL;   /* still listing */
    }
  return kf_deploy_wizard_entry_dup (self->gguf_row);
}

void
kf_deploy_wizard_gguf_dispose (KfDeployWizard *self)
{
  g_cancellable_cancel (self->gguf_cancellable);
  g_clear_object (&self->gguf_cancellable);
  g_clear_handle_id (&self->gguf_timeout_id, g_source_remove);
  g_clear_pointer (&self->gguf_files, g_ptr_array_unref);
  g_clear_pointer (&self->gguf_repo, g_free);
}
