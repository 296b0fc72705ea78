/* kf-gguf-files.c: the .gguf files of a HuggingFace repository
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-gguf-files"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "kf-gguf-files.h"

G_DEFINE_QUARK (kf-gguf-files-error-quark, kf_gguf_files_error)

void
kf_gguf_file_free (KfGgufFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file);
}

static guint64
member_size (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "size");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      gint64 value = json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node)
                                                                      : (gint64) json_node_get_double (node);
      return value > 0 ? (guint64) value : 0;
    }
  return 0;
}

GPtrArray *
kf_gguf_files_parse (const char  *json,
                     gssize       length,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  GPtrArray *files;
  JsonNode *root;
  JsonArray *entries;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local))
    {
      g_set_error (error, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_PARSE,
                   _("The HuggingFace file list is not valid JSON: %s"), local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_PARSE,
                           _("The HuggingFace file list is not a list of files"));
      return NULL;
    }
  entries = json_node_get_array (root);
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_gguf_file_free);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *entry = json_array_get_element (entries, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry) : NULL;
      JsonNode *lfs;
      const char *path, *type;
      KfGgufFile *file;
      g_autofree char *lower = NULL;

      if (object == NULL)
        continue;
      type = json_object_get_string_member_with_default (object, "type", "file");
      path = json_object_get_string_member_with_default (object, "path", NULL);
      if (path == NULL || g_strcmp0 (type, "file") != 0)
        continue;
      lower = g_ascii_strdown (path, -1);
      if (!g_str_has_suffix (lower, ".gguf"))
        continue;
      file = g_new0 (KfGgufFile, 1);
      file->path = g_strdup (path);
      lfs = json_object_get_member (object, "lfs");
      if (lfs != NULL && JSON_NODE_HOLDS_OBJECT (lfs))
        file->size = member_size (json_node_get_object (lfs));
      if (file->size == 0)
        file->size = member_size (object);
      g_ptr_array_add (files, file);
    }
  return files;
}

int
kf_gguf_files_pick_default (GPtrArray *files)
{
  g_return_val_if_fail (files != NULL, -1);

  for (guint i = 0; i < files->len; i++)
    {
      KfGgufFile *file = g_ptr_array_index (files, i);
      g_autofree char *lower = g_ascii_strdown (file->path, -1);

      if (strstr (lower, "q4_k_m") != NULL)
        return (int) i;
    }
  return files->len > 0 ? 0 : -1;
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  const char *repo = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status;
  GPtrArray *files;

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_task_return_new_error (task, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_NOT_FOUND,
                               _("HuggingFace has no repository %s that you may read (HTTP %u)"), repo, status);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_HTTP,
                               _("Listing the files of %s failed: HTTP %u %s"), repo, status,
                               soup_message_get_reason_phrase (msg) != NULL ? soup_message_get_reason_phrase (msg) : "");
      return;
    }
  files = kf_gguf_files_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  if (files == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, files, (GDestroyNotify) g_ptr_array_unref);
}

void
kf_gguf_files_list_async (KfHfClient          *client,
                          const char          *repo,
                          const char          *token,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (KF_IS_HF_CLIENT (client));
  g_return_if_fail (repo != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_gguf_files_list_async);
  g_task_set_task_data (task, g_strdup (repo), g_free);
  if (!kf_hf_model_id_is_valid (repo))
    {
      g_task_return_new_error (task, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_NOT_FOUND,
                               _("“%s” is not a HuggingFace repository id (owner/name)"), repo);
      return;
    }
  /* the id is owner/name of [A-Za-z0-9._-]: the slash stays a path separator */
  escaped = g_uri_escape_string (repo, "/", FALSE);
  url = g_strdup_printf ("%s/api/models/%s/tree/main", kf_hf_client_get_endpoint (client), escaped);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_HTTP,
                               _("Cannot build a request for %s"), repo);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (token != NULL && *token != '\0')
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      memset (auth, 0, strlen (auth));
    }
  session = soup_session_new_with_options ("timeout", 20, "user-agent", "KubeFoundry/" PACKAGE_VERSION, NULL);
  g_object_set_data_full (G_OBJECT (task), "kf-session", g_object_ref (session), g_object_unref);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable, list_cb, g_steal_pointer (&task));
}

GPtrArray *
kf_gguf_files_list_finish (KfHfClient    *client,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
