/* kf-log-buffer.h: a bounded buffer of log lines
 *
 * Keeps at most max-lines lines; appending beyond drops the oldest. Every
 * line gets a serial number (0, 1, 2… in arrival order, never reused), so a
 * view can tell which lines it has shown and which ones were dropped before
 * it got to them. Lines are stored as given (ANSI codes included).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KfLogBuffer KfLogBuffer;

KfLogBuffer *kf_log_buffer_new             (guint        max_lines);
void         kf_log_buffer_free            (KfLogBuffer *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfLogBuffer, kf_log_buffer_free)

/* Shrinking drops the oldest lines at once. @max_lines >= 1. */
void         kf_log_buffer_set_max_lines   (KfLogBuffer *self,
                                            guint        max_lines);
guint        kf_log_buffer_get_max_lines   (KfLogBuffer *self);

/* Returns the new line's serial. @len < 0: NUL-terminated. */
guint64      kf_log_buffer_append          (KfLogBuffer *self,
                                            const char  *line,
                                            gssize       len);
void         kf_log_buffer_clear           (KfLogBuffer *self);

guint        kf_log_buffer_get_n_lines     (KfLogBuffer *self);
/* The serial of the oldest kept line, and the serial the next line will get. */
guint64      kf_log_buffer_get_first_serial (KfLogBuffer *self);
guint64      kf_log_buffer_get_end_serial   (KfLogBuffer *self);
/* Lines dropped since creation (or the last clear). */
guint64      kf_log_buffer_get_n_dropped   (KfLogBuffer *self);
/* The line with that serial, or NULL when dropped or not yet appended. */
const char  *kf_log_buffer_get             (KfLogBuffer *self,
                                            guint64      serial);
/* Every kept line, each followed by "\n". */
char        *kf_log_buffer_dup_text        (KfLogBuffer *self,
                                            gsize       *length);

G_END_DECLS
