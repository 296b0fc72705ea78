/* kf-log-search.h: case-insensitive search through a log's kept lines
 *
 * A KfLogSearch scans a KfLogBuffer incrementally (within a time budget per
 * call, so a large log never stalls the main loop), keeps the lines with
 * matches (serial and count), follows the buffer as lines are dropped at the
 * head and added at the end, and steps a current match forward or backward,
 * occurrence by occurrence, wrapping around.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kf-log-buffer.h"

G_BEGIN_DECLS

typedef struct _KfLogSearch KfLogSearch;

/* NULL when @needle is NULL or empty. */
KfLogSearch *kf_log_search_new          (const char  *needle);
void         kf_log_search_free         (KfLogSearch *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfLogSearch, kf_log_search_free)

const char  *kf_log_search_get_needle   (KfLogSearch *self);

/* Appends to @ranges (pairs of guint byte offsets: start, end; may be NULL)
 * every match in @text (already stripped of ANSI codes); returns the count. */
guint        kf_log_search_find         (KfLogSearch *self,
                                         const char  *text,
                                         GArray      *ranges);

/* Scans @buffer's lines not scanned yet until @deadline_us (monotonic time;
 * 0: no limit), forgetting lines the buffer dropped. TRUE when up to date. */
gboolean     kf_log_search_scan         (KfLogSearch *self,
                                         KfLogBuffer *buffer,
                                         gint64       deadline_us);
gboolean     kf_log_search_is_done      (KfLogSearch *self,
                                         KfLogBuffer *buffer);
/* Matches in the kept lines (occurrences, not lines). */
guint        kf_log_search_get_n_matches (KfLogSearch *self);

/* Moves the current match; FALSE when there is none. @serial and
 * @occurrence (the n-th match of that line) get the new current match. */
gboolean     kf_log_search_step         (KfLogSearch *self,
                                         gboolean     forward,
                                         guint64     *serial,
                                         guint       *occurrence);
/* The current match (FALSE when none, e.g. its line was dropped). */
gboolean     kf_log_search_get_current  (KfLogSearch *self,
                                         guint64     *serial,
                                         guint       *occurrence);

G_END_DECLS
