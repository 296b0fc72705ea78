/* kf-log-line-model.c: a GListModel over a bounded buffer of log lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-log-view"

#include "config.h"

#include <string.h>

#include "kf-ansi.h"
#include "kf-log-line-model.h"
#include "kf-log-row.h"

struct _KfLogLineModel
{
  GObject      parent_instance;

  KfLogBuffer *buffer;
  guint64      first;   /* serial of item 0 (as announced) */
  guint        n;       /* items announced */
  KfAnsiState  ansi;    /* the SGR state after the last line appended */
};

static void kf_log_line_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KfLogLineModel, kf_log_line_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kf_log_line_model_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
get_n_items (GListModel *model)
{
  return KF_LOG_LINE_MODEL (model)->n;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  KfLogLineModel *self = KF_LOG_LINE_MODEL (model);
  const char *line;

  if (position >= self->n)
    return NULL;
  /* a line dropped by the cap since the last flush is still an item until
   * the next one announces its removal: it shows empty meanwhile */
  line = kf_log_buffer_get (self->buffer, self->first + position);
  return gtk_string_object_new (line != NULL ? line : "");
}

static void
kf_log_line_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
kf_log_line_model_finalize (GObject *object)
{
  KfLogLineModel *self = KF_LOG_LINE_MODEL (object);

  g_clear_pointer (&self->buffer, kf_log_buffer_free);
  G_OBJECT_CLASS (kf_log_line_model_parent_class)->finalize (object);
}

static void
kf_log_line_model_class_init (KfLogLineModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_log_line_model_finalize;
}

static void
kf_log_line_model_init (KfLogLineModel *self)
{
}

KfLogLineModel *
kf_log_line_model_new (guint max_lines)
{
  KfLogLineModel *self = g_object_new (KF_TYPE_LOG_LINE_MODEL, NULL);

  self->buffer = kf_log_buffer_new (max_lines);
  self->ansi = (KfAnsiState) KF_ANSI_STATE_INIT;
  self->first = kf_log_buffer_get_first_serial (self->buffer);
  return self;
}

void
kf_log_line_model_set_max_lines (KfLogLineModel *self,
                                 guint           max_lines)
{
  g_return_if_fail (KF_IS_LOG_LINE_MODEL (self));
  kf_log_buffer_set_max_lines (self->buffer, max_lines);
}

guint
kf_log_line_model_get_max_lines (KfLogLineModel *self)
{
  g_return_val_if_fail (KF_IS_LOG_LINE_MODEL (self), 0);
  return kf_log_buffer_get_max_lines (self->buffer);
}

/* The SGR sequence that sets @st (from the default). */
static void
append_sgr (GString           *out,
            const KfAnsiState *st)
{
  g_string_append (out, "\033[0");
  if (st->bold)
    g_string_append (out, ";1");
  if (st->fg >= 0)
    g_string_append_printf (out, ";%d", st->fg < 8 ? 30 + st->fg : 90 + st->fg - 8);
  if (st->bg >= 0)
    g_string_append_printf (out, ";%d", st->bg < 8 ? 40 + st->bg : 100 + st->bg - 8);
  g_string_append_c (out, 'm');
}

void
kf_log_line_model_append (KfLogLineModel *self,
                          const char     *line,
                          gssize          len)
{
  KfAnsiState before;

  g_return_if_fail (KF_IS_LOG_LINE_MODEL (self));

  if (len < 0)
    len = (gssize) strlen (line);
  before = self->ansi;
  if (kf_ansi_has_escapes (line, len))
    g_free (kf_ansi_parse (line, len, &self->ansi, NULL));
  /* rows are rendered one by one: a style an earlier line set and did not
   * reset is written in front of the lines it still applies to */
  if (before.fg >= 0 || before.bg >= 0 || before.bold)
    {
      g_autoptr(GString) styled = g_string_new (NULL);

      append_sgr (styled, &before);
      g_string_append_len (styled, line, len);
      kf_log_buffer_append (self->buffer, styled->str, (gssize) styled->len);
    }
  else
    kf_log_buffer_append (self->buffer, line, len);
}

void
kf_log_line_model_clear (KfLogLineModel *self)
{
  guint n;

  g_return_if_fail (KF_IS_LOG_LINE_MODEL (self));

  n = self->n;
  kf_log_buffer_clear (self->buffer);
  self->ansi = (KfAnsiState) KF_ANSI_STATE_INIT;
  self->first = kf_log_buffer_get_first_serial (self->buffer);
  self->n = 0;
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

guint
kf_log_line_model_flush (KfLogLineModel *self,
                         guint          *n_removed)
{
  guint64 first, end, old_end;
  guint removed, kept, added;

  g_return_val_if_fail (KF_IS_LOG_LINE_MODEL (self), 0);

  first = kf_log_buffer_get_first_serial (self->buffer);
  end = kf_log_buffer_get_end_serial (self->buffer);
  old_end = self->first + self->n;

  removed = first > self->first ? (guint) MIN (first - self->first, (guint64) self->n) : 0;
  kept = self->n - removed;
  added = (guint) (end - MAX (old_end, first));

  /* listeners see a consistent model at each emission */
  if (removed > 0)
    {
      self->first = first;
      self->n = kept;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
    }
  self->first = first;
  self->n = (guint) (end - first);
  g_assert (self->n == kept + added);
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), kept, 0, added);
  if (n_removed != NULL)
    *n_removed = removed;
  return added;
}

guint
kf_log_line_model_get_n_pending (KfLogLineModel *self)
{
  guint64 end, shown_end;

  g_return_val_if_fail (KF_IS_LOG_LINE_MODEL (self), 0);

  end = kf_log_buffer_get_end_serial (self->buffer);
  shown_end = MAX (self->first + self->n, kf_log_buffer_get_first_serial (self->buffer));
  return (guint) (end - shown_end);
}

guint64
kf_log_line_model_get_first_serial (KfLogLineModel *self)
{
  g_return_val_if_fail (KF_IS_LOG_LINE_MODEL (self), 0);
  return self->first;
}

const char *
kf_log_line_model_get_line (KfLogLineModel *self,
                            guint           position)
{
  g_return_val_if_fail (KF_IS_LOG_LINE_MODEL (self), NULL);

  if (position >= self->n)
    return NULL;
  return kf_log_buffer_get (self->buffer, self->first + position);
}

KfLogBuffer *
kf_log_line_model_get_buffer (KfLogLineModel *self)
{
  g_return_val_if_fail (KF_IS_LOG_LINE_MODEL (self), NULL);
  return self->buffer;
}

char *
kf_log_line_model_dup_text (KfLogLineModel *self,
                            GtkBitset      *selection)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (KF_IS_LOG_LINE_MODEL (self), NULL);

  for (guint i = 0; i < self->n; i++)
    {
      const char *raw;
      g_autofree char *text = NULL;

      if (selection != NULL && !gtk_bitset_contains (selection, i))
        continue;
      raw = kf_log_buffer_get (self->buffer, self->first + i);
      if (raw == NULL)
        continue;
      text = kf_log_row_dup_text (raw);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  char *raw = task_data;   /* every kept line, raw, "\n"-separated */
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GFile *file = g_object_get_data (G_OBJECT (task), "file");
  char *line = raw, *nl;

  while ((nl = strchr (line, '\n')) != NULL)
    {
      g_autofree char *text = NULL;

      *nl = '\0';
      text = kf_log_row_dup_text (line);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
      line = nl + 1;
    }
  if (!g_file_replace_contents (file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
kf_log_line_model_save_async (KfLogLineModel     *self,
                              GFile              *file,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KF_IS_LOG_LINE_MODEL (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_log_line_model_save_async);
  /* a copy of the lines: the buffer goes on changing meanwhile */
  g_task_set_task_data (task, kf_log_buffer_dup_text (self->buffer, NULL), g_free);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, save_thread);
}

gboolean
kf_log_line_model_save_finish (KfLogLineModel *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
