/* kf-log-view.h: a pod's log, streamed, searchable, bounded
 *
 * Bind "client", "namespace" and "pods" (a GListModel of KfKubeObject pods,
 * e.g. the details page's live pods model); the pod and container dropdowns
 * follow them. The view streams the chosen container's log (KfKubeLogStream:
 * follow, previous, tail, timestamps; reconnects after a drop without
 * repeating lines, showing "Reconnecting…" meanwhile), keeps at most
 * "max-lines" lines (bound to the GSettings key log-max-lines) in a
 * KfLogLineModel shown by a virtualized GtkListView (one row per line, rows
 * made only for the lines on screen; arriving lines announced once per
 * frame), renders or strips ANSI colours, highlights search matches (searched
 * incrementally, a few milliseconds per frame), pauses autoscroll when
 * scrolled up, saves and copies (the selected lines, or all).
 *
 * The toolbar keeps the pod, the container, Follow and the search (it fits
 * 360 px); the rest is in its View Options menu, made of the view's actions:
 * log.previous, log.timestamps, log.wrap, log.colors (stateful, the boolean
 * properties "previous", "timestamps", "wrap", "colors"), log.copy,
 * log.save, and the tail lines. Ctrl+F (log.search) goes to the search; Alt+P/T/W/C
 * toggle the options (as the toolbar buttons' mnemonics did).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-kube-client.h"
#include "kf-kube-log-stream.h"

G_BEGIN_DECLS

#define KF_TYPE_LOG_VIEW (kf_log_view_get_type ())
G_DECLARE_FINAL_TYPE (KfLogView, kf_log_view, KF, LOG_VIEW, AdwBin)

GtkWidget     *kf_log_view_new            (void);

void           kf_log_view_set_client     (KfLogView    *self,
                                           KfKubeClient *client);
KfKubeClient  *kf_log_view_get_client     (KfLogView    *self);
void           kf_log_view_set_namespace  (KfLogView    *self,
                                           const char   *ns);
const char    *kf_log_view_get_namespace  (KfLogView    *self);
/* A GListModel of KfKubeObject pods (may be NULL). */
void           kf_log_view_set_pods       (KfLogView    *self,
                                           GListModel   *pods);
GListModel    *kf_log_view_get_pods       (KfLogView    *self);
/* Selects the pod by name (when it is in the model). */
gboolean       kf_log_view_select_pod     (KfLogView    *self,
                                           const char   *pod);
const char    *kf_log_view_get_pod        (KfLogView    *self);

void           kf_log_view_set_max_lines  (KfLogView    *self,
                                           guint         max_lines);
guint          kf_log_view_get_max_lines  (KfLogView    *self);

/* Restarts the stream with the current choices. */
void           kf_log_view_reload         (KfLogView    *self);
/* Stops streaming (also done on dispose). */
void           kf_log_view_stop           (KfLogView    *self);

/* Autoscroll: paused when the user scrolls up, resumed at the bottom. */
gboolean       kf_log_view_get_paused     (KfLogView    *self);
void           kf_log_view_set_paused     (KfLogView    *self,
                                           gboolean      paused);

/* Search (the same as typing in the search entry). */
void           kf_log_view_set_search     (KfLogView    *self,
                                           const char   *text);
guint          kf_log_view_get_n_matches  (KfLogView    *self);
/* FALSE while the search is still going through the kept lines. */
gboolean       kf_log_view_get_search_done (KfLogView   *self);
gboolean       kf_log_view_search_next    (KfLogView    *self);
gboolean       kf_log_view_search_previous (KfLogView   *self);

/* Appends a line as if the stream had delivered it (shown at the next frame). */
void           kf_log_view_append_line    (KfLogView    *self,
                                           const char   *line);
/* Lines received but not yet in the list. */
guint          kf_log_view_get_n_pending  (KfLogView    *self);
/* The lines in the list: GtkStringObjects holding each raw line (ANSI codes
 * included); the selection model over it (which lines are selected). */
GListModel    *kf_log_view_get_lines      (KfLogView    *self);
GtkSelectionModel *kf_log_view_get_selection (KfLogView *self);
/* The lines as shown (without ANSI codes), each followed by "\n": the
 * selected ones when @selected_only and some are, else all. */
char          *kf_log_view_dup_text       (KfLogView    *self,
                                           gboolean      selected_only);
/* Copies kf_log_view_dup_text (self, TRUE) to the clipboard (Copy, Ctrl+C). */
void           kf_log_view_copy           (KfLogView    *self);
/* Writes the kept lines as shown to @file, in a thread (errors are shown inline). */
void           kf_log_view_save_to_file   (KfLogView    *self,
                                           GFile        *file);
/* The current stream (NULL when none). */
KfKubeLogStream *kf_log_view_get_stream   (KfLogView    *self);
/* The inline status ("Reconnecting…") or error text, NULL when none. */
const char    *kf_log_view_get_status_text (KfLogView   *self);
const char    *kf_log_view_get_error_text (KfLogView    *self);

G_END_DECLS
