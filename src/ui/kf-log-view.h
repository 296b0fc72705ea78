/* kf-log-view.h: a pod's log, streamed, searchable, bounded
 *
 * Bind "client", "namespace" and "pods" (a GListModel of KfKubeObject pods,
 * e.g. the details page's live pods model); the pod and container dropdowns
 * follow them. The view streams the chosen container's log (KfKubeLogStream:
 * follow, previous, tail, timestamps; reconnects after a drop without
 * repeating lines), keeps at most "max-lines" lines (bound to the GSettings
 * key log-max-lines), inserts arriving lines at most once per frame within
 * a time budget, renders or strips ANSI colours, highlights search matches,
 * pauses autoscroll when scrolled up, saves and copies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-kube-client.h"

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
gboolean       kf_log_view_search_next    (KfLogView    *self);
gboolean       kf_log_view_search_previous (KfLogView   *self);

/* Appends a line as if the stream had delivered it (shown at the next frame). */
void           kf_log_view_append_line    (KfLogView    *self,
                                           const char   *line);
/* Lines received but not yet in the text buffer. */
guint          kf_log_view_get_n_pending  (KfLogView    *self);
GtkTextBuffer *kf_log_view_get_buffer     (KfLogView    *self);
/* The inline status ("Reconnecting…") or error text, NULL when none. */
const char    *kf_log_view_get_status_text (KfLogView   *self);
const char    *kf_log_view_get_error_text (KfLogView    *self);

G_END_DECLS
