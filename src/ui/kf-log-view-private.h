/* kf-log-view-private.h: KfLogView's instance, shared by its source files
 *
 * kf-log-view.c (the list, autoscroll, search, properties),
 * kf-log-view-source.c (pod and container choice, the stream, status),
 * kf-log-view-export.c (copy and save).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-log-line-model.h"
#include "kf-log-search.h"
#include "kf-kube-object.h"
#include "kf-log-view.h"

G_BEGIN_DECLS

struct _KfLogView
{
  AdwBin           parent_instance;

  GtkDropDown     *pod_dropdown;
  GtkDropDown     *container_dropdown;
  GtkToggleButton *follow_toggle;
  GtkMenuButton   *options_button;   /* the view options: the rest of the choices */
  GtkPopoverMenu  *options_popover;
  GtkSpinButton   *tail_spin;        /* (in the options menu) */
  GtkSearchEntry  *search_entry;
  GtkButton       *prev_match_button;
  GtkButton       *next_match_button;
  GtkLabel        *match_label;
  GtkLabel        *status_label;
  GtkToggleButton *pause_toggle;
  GtkWidget       *error_box;
  GtkLabel        *error_label;
  GtkButton       *retry_button;
  GtkScrolledWindow *scrolled;
  GtkListView     *list_view;
  GtkButton       *resume_button;

  KfKubeClient    *client;
  char            *ns;
  GListModel      *pods;
  GtkStringList   *containers;
  GSettings       *settings;

  KfKubeLogStream *stream;
  char            *pod;          /* the pod being streamed */
  char            *container;

  KfLogLineModel  *lines;
  GtkMultiSelection *selection;
  GHashTable      *bound;        /* GtkListItem* on screen */
  guint            flush_id;
  /* the view options (properties, and the log.* actions of the menu) */
  gboolean         previous;
  gboolean         timestamps;
  gboolean         wrap;
  gboolean         colors;

  KfLogSearch     *search;
  guint            shown_matches;

  gboolean         paused;
  guint            follow_tick_id;
  guint            follow_settled;
  gboolean         programmatic_scroll;
  gboolean         updating_containers;
  char            *status_text;
  char            *error_text;
};

/* kf-log-view.c */
void      kf_log_view_clear_lines_        (KfLogView *self);
void      kf_log_view_schedule_flush_     (KfLogView *self);

/* kf-log-view-source.c */
void      kf_log_view_set_status_         (KfLogView  *self,
                                           const char *text);
void      kf_log_view_set_error_          (KfLogView  *self,
                                           const char *text);
void      kf_log_view_stop_stream_        (KfLogView *self);
void      kf_log_view_restart_stream_     (KfLogView *self);
void      kf_log_view_pod_selected_       (KfLogView *self);
void      kf_log_view_container_selected_ (KfLogView *self);
char     *kf_log_view_pod_name_           (KfKubeObject *pod);
void      kf_log_view_setup_pod_dropdown_ (KfLogView *self);

/* kf-log-view-export.c */
void      kf_log_view_save_clicked_       (KfLogView *self);
gboolean  kf_log_view_copy_shortcut_      (GtkWidget *widget,
                                           GVariant  *args,
                                           gpointer   user_data);

G_END_DECLS
