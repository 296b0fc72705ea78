/* kf-log-row.h: how one log line shows in a row of the log view
 *
 * A row is a GtkLabel (single line or wrapped): the line's text without ANSI
 * escape codes, with Pango attributes for its colours (when rendered), the
 * search matches and the current match.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kf-log-search.h"

G_BEGIN_DECLS

GtkWidget *kf_log_row_new          (void);
/* @current: the n-th match in this line is the current one (-1: none). */
void       kf_log_row_render       (GtkLabel    *label,
                                    const char  *raw,
                                    gboolean     colors,
                                    KfLogSearch *search,
                                    int          current);
void       kf_log_row_set_wrap     (GtkLabel    *label,
                                    gboolean     wrap);
/* The line as shown: valid UTF-8, without escape codes. */
char      *kf_log_row_dup_text     (const char  *raw);

G_END_DECLS
