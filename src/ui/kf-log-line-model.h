/* kf-log-line-model.h: a GListModel over a bounded buffer of log lines
 *
 * Lines are appended to a KfLogBuffer (bounded by max-lines: the oldest go
 * first) at any rate; the model announces them only when the view calls
 * kf_log_line_model_flush() (once per frame): one items-changed for the lines
 * dropped at the head and one for the lines added at the end, however many
 * arrived meanwhile. Items are GtkStringObjects holding the raw line (ANSI
 * codes included), made on demand for the rows on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kf-log-buffer.h"

G_BEGIN_DECLS

#define KF_TYPE_LOG_LINE_MODEL (kf_log_line_model_get_type ())
G_DECLARE_FINAL_TYPE (KfLogLineModel, kf_log_line_model, KF, LOG_LINE_MODEL, GObject)

KfLogLineModel *kf_log_line_model_new            (guint           max_lines);

void            kf_log_line_model_set_max_lines  (KfLogLineModel *self,
                                                  guint           max_lines);
guint           kf_log_line_model_get_max_lines  (KfLogLineModel *self);

/* Stored at once, announced at the next flush. @len < 0: NUL-terminated. */
void            kf_log_line_model_append         (KfLogLineModel *self,
                                                  const char     *line,
                                                  gssize          len);
/* Removes every line (announced at once). */
void            kf_log_line_model_clear          (KfLogLineModel *self);
/* Announces what changed since the last flush. Returns the number of lines
 * added at the end; *@n_removed (may be NULL) gets the number dropped at the head. */
guint           kf_log_line_model_flush          (KfLogLineModel *self,
                                                  guint          *n_removed);
/* Lines stored but not announced yet. */
guint           kf_log_line_model_get_n_pending  (KfLogLineModel *self);

/* The serial (see KfLogBuffer) of the item at position 0, and of position @pos. */
guint64         kf_log_line_model_get_first_serial (KfLogLineModel *self);
/* The raw line at @position (NULL when out of range or already dropped). */
const char     *kf_log_line_model_get_line       (KfLogLineModel *self,
                                                  guint           position);
KfLogBuffer    *kf_log_line_model_get_buffer     (KfLogLineModel *self);

/* The announced lines at the positions in @selection (NULL: all), as shown
 * (valid UTF-8, without ANSI codes), each followed by "\n". */
char           *kf_log_line_model_dup_text       (KfLogLineModel *self,
                                                  GtkBitset      *selection);
/* Writes every kept line, as shown, to @file (replacing it) in a thread. */
void            kf_log_line_model_save_async     (KfLogLineModel     *self,
                                                  GFile              *file,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean        kf_log_line_model_save_finish    (KfLogLineModel *self,
                                                  GAsyncResult   *result,
                                                  GError        **error);

G_END_DECLS
