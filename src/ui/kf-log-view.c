/* kf-log-view.c: a pod's log, streamed into a bounded GtkTextBuffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-log-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-ansi.h"
#include "kf-kube-error.h"
#include "kf-kube-log-stream.h"
#include "kf-kube-object.h"
#include "kf-log-buffer.h"
#include "kf-log-view.h"

#define FRAME_MS          16
#define FRAME_BUDGET_US   6000   /* time spent inserting per frame */
#define FRAME_MAX_LINES   2000   /* and lines */
#define MAX_MATCHES       10000  /* highlighted matches (the count stops there) */

/* The 16 terminal colours (Tango-like: readable on light and dark backgrounds). */
static const char *const palette[16] = {
  "#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
  "#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec",
};

struct _KfLogView
{
  AdwBin           parent_instance;

  GtkDropDown     *pod_dropdown;
  GtkDropDown     *container_dropdown;
  GtkToggleButton *follow_toggle;
  GtkToggleButton *previous_toggle;
  GtkSpinButton   *tail_spin;
  GtkToggleButton *timestamps_toggle;
  GtkButton       *copy_button;
  GtkButton       *save_button;
  GtkSearchEntry  *search_entry;
  GtkButton       *prev_match_button;
  GtkButton       *next_match_button;
  GtkLabel        *match_label;
  GtkLabel        *status_label;
  GtkToggleButton *wrap_toggle;
  GtkToggleButton *colors_toggle;
  GtkToggleButton *pause_toggle;
  GtkWidget       *error_box;
  GtkLabel        *error_label;
  GtkButton       *retry_button;
  GtkScrolledWindow *scrolled;
  GtkTextView     *text_view;
  GtkButton       *resume_button;

  KfKubeClient    *client;
  char            *ns;
  GListModel      *pods;
  GtkStringList   *containers;
  GSettings       *settings;

  KfKubeLogStream *stream;
  char            *pod;          /* the pod being streamed */
  char            *container;

  KfLogBuffer     *lines;        /* received lines (raw), bounded */
  guint64          next_insert;  /* serial of the next line to insert */
  guint            n_text_lines; /* lines in the text buffer */
  guint            max_lines;
  guint            flush_id;
  KfAnsiState      ansi;
  GtkTextTag      *fg_tags[16];
  GtkTextTag      *bg_tags[16];
  GtkTextTag      *bold_tag;
  GtkTextTag      *match_tag;
  GtkTextTag      *current_tag;
  GtkTextMark     *end_mark;

  char            *search;
  guint            n_matches;
  GtkTextMark     *match_start;
  GtkTextMark     *match_end;

  gboolean         paused;
  double           last_value;
  gboolean         programmatic_scroll;
  gboolean         updating_containers;
  char            *status_text;
  char            *error_text;
};

G_DEFINE_FINAL_TYPE (KfLogView, kf_log_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_CLIENT, PROP_NAMESPACE, PROP_PODS, PROP_MAX_LINES, PROP_PAUSED, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void restart_stream (KfLogView *self);
static void update_matches_in_range (KfLogView *self, GtkTextIter *start, GtkTextIter *end);

/* ------------------------------------------------------------------------ */
/* status and errors                                                         */

static void
set_status (KfLogView  *self,
            const char *text)
{
  if (g_strcmp0 (self->status_text, text) == 0)
    return;
  g_free (self->status_text);
  self->status_text = g_strdup (text);
  gtk_label_set_label (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
set_error (KfLogView  *self,
           const char *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_label (self->error_label, text ? text : "");
  gtk_widget_set_visible (self->error_box, text != NULL);
}

static char *
describe_error (KfLogView    *self,
                const GError *error)
{
  const KfKubeStatus *st = kf_kube_error_get_status (error);

  if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_REQUEST) &&
      gtk_toggle_button_get_active (self->previous_toggle) && st != NULL && st->message != NULL &&
      strstr (st->message, "previous terminated container") != NULL)
    return g_strdup_printf (_("No previous container: it has not restarted (%s)."), st->message);
  if (st != NULL && st->message != NULL)
    return g_strdup (st->message);
  return g_strdup (error->message);
}

/* ------------------------------------------------------------------------ */
/* inserting lines, once per frame                                           */

static gboolean
at_bottom (KfLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 4;
}

static void
scroll_to_end (KfLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  /* the (hidden) cursor follows the end, or focusing the view would scroll
   * back to where it was */
  if (!gtk_text_buffer_get_has_selection (buffer))
    {
      GtkTextIter end;
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_place_cursor (buffer, &end);
    }

  self->programmatic_scroll = TRUE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->last_value = gtk_adjustment_get_value (adj);
  self->programmatic_scroll = FALSE;
}

/* The content grew or shrank (layout is validated in steps): stay at the end. */
static void
vadjustment_changed_cb (KfLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);

  if (self->paused || at_bottom (self))
    return;
  self->programmatic_scroll = TRUE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->last_value = gtk_adjustment_get_value (adj);
  self->programmatic_scroll = FALSE;
}

static void
apply_spans (KfLogView  *self,
             GtkTextBuffer *buffer,
             int         line_offset,
             const char *text,
             GArray     *spans)
{
  for (guint i = 0; i < spans->len; i++)
    {
      KfAnsiSpan *sp = &g_array_index (spans, KfAnsiSpan, i);
      GtkTextIter a, b;
      int so = line_offset + (int) g_utf8_pointer_to_offset (text, text + sp->start);
      int eo = line_offset + (int) g_utf8_pointer_to_offset (text, text + sp->end);

      gtk_text_buffer_get_iter_at_offset (buffer, &a, so);
      gtk_text_buffer_get_iter_at_offset (buffer, &b, eo);
      if (sp->fg >= 0)
        gtk_text_buffer_apply_tag (buffer, self->fg_tags[sp->fg], &a, &b);
      if (sp->bg >= 0)
        gtk_text_buffer_apply_tag (buffer, self->bg_tags[sp->bg], &a, &b);
      if (sp->bold)
        gtk_text_buffer_apply_tag (buffer, self->bold_tag, &a, &b);
    }
}

static void
trim_text (KfLogView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  guint batch = MAX (self->max_lines / 20, 100);
  GtkTextIter start, cut;
  guint drop;

  /* drop in batches: deleting from the top re-lays out little, but not each frame */
  if (self->n_text_lines <= self->max_lines + batch && self->n_text_lines <= self->max_lines * 2)
    return;
  drop = self->n_text_lines - self->max_lines;
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_get_iter_at_line (buffer, &cut, (int) drop);
  gtk_text_buffer_delete (buffer, &start, &cut);
  self->n_text_lines -= drop;
}

static gboolean
flush_cb (gpointer user_data)
{
  KfLogView *self = KF_LOG_VIEW (user_data);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  gboolean colors = gtk_toggle_button_get_active (self->colors_toggle);
  gint64 deadline = g_get_monotonic_time () + FRAME_BUDGET_US;
  guint64 end = kf_log_buffer_get_end_serial (self->lines);
  g_autoptr(GString) batch = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (KfAnsiSpan));
  GtkTextIter iter;
  int batch_offset;
  guint n = 0;

  if (self->next_insert < kf_log_buffer_get_first_serial (self->lines))
    self->next_insert = kf_log_buffer_get_first_serial (self->lines);   /* dropped before shown */

  gtk_text_buffer_get_end_iter (buffer, &iter);
  batch_offset = gtk_text_iter_get_offset (&iter);

  while (self->next_insert < end)
    {
      const char *raw = kf_log_buffer_get (self->lines, self->next_insert++);
      g_autofree char *valid = g_utf8_make_valid (raw, -1);
      g_autofree char *text = NULL;

      g_array_set_size (spans, 0);
      if (kf_ansi_has_escapes (valid, -1))
        text = kf_ansi_parse (valid, -1, &self->ansi, colors ? spans : NULL);
      else if (colors && (self->ansi.fg >= 0 || self->ansi.bg >= 0 || self->ansi.bold))
        {
          KfAnsiSpan sp = { 0, (guint) strlen (valid), self->ansi.fg, self->ansi.bg, self->ansi.bold };
          g_array_append_val (spans, sp);
        }

      if (spans->len > 0)
        {
          /* styled line: insert what we have, then this line with its tags */
          int line_offset;

          if (batch->len > 0)
            {
              gtk_text_buffer_insert (buffer, &iter, batch->str, (int) batch->len);
              g_string_truncate (batch, 0);
            }
          line_offset = gtk_text_iter_get_offset (&iter);
          gtk_text_buffer_insert (buffer, &iter, text ? text : valid, -1);
          gtk_text_buffer_insert (buffer, &iter, "\n", 1);
          apply_spans (self, buffer, line_offset, text ? text : valid, spans);
          gtk_text_buffer_get_end_iter (buffer, &iter);
        }
      else
        {
          g_string_append (batch, text ? text : valid);
          g_string_append_c (batch, '\n');
        }
      self->n_text_lines++;
      n++;

      if (n >= FRAME_MAX_LINES || ((n & 63) == 0 && g_get_monotonic_time () > deadline))
        break;
    }
  if (batch->len > 0)
    gtk_text_buffer_insert (buffer, &iter, batch->str, (int) batch->len);

  if (n > 0)
    {
      if (self->search != NULL)
        {
          GtkTextIter a, b;
          gtk_text_buffer_get_iter_at_offset (buffer, &a, batch_offset);
          gtk_text_buffer_get_end_iter (buffer, &b);
          /* a match may span the old end: start one line earlier */
          gtk_text_iter_backward_line (&a);
          update_matches_in_range (self, &a, &b);
        }
      trim_text (self);
      if (!self->paused)
        {
          scroll_to_end (self);
        }
    }

  if (self->next_insert >= kf_log_buffer_get_end_serial (self->lines))
    {
      self->flush_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
schedule_flush (KfLogView *self)
{
  if (self->flush_id == 0)
    self->flush_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, FRAME_MS, flush_cb, self, NULL);
}

static void
clear_text (KfLogView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_text_buffer_set_text (buffer, "", 0);
  self->n_text_lines = 0;
  self->n_matches = 0;
  self->ansi = (KfAnsiState) KF_ANSI_STATE_INIT;
  gtk_label_set_label (self->match_label, "");
}

/* Shows every kept line again (colours switched). */
static void
rerender (KfLogView *self)
{
  clear_text (self);
  self->next_insert = kf_log_buffer_get_first_serial (self->lines);
  schedule_flush (self);
}

void
kf_log_view_append_line (KfLogView  *self,
                         const char *line)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));

  kf_log_buffer_append (self->lines, line, -1);
  schedule_flush (self);
}

/* ------------------------------------------------------------------------ */
/* search                                                                    */

static void
update_match_label (KfLogView *self)
{
  g_autofree char *text = NULL;

  if (self->search == NULL)
    text = g_strdup ("");
  else if (self->n_matches >= MAX_MATCHES)
    text = g_strdup_printf (_("%u+ matches"), MAX_MATCHES);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", self->n_matches), self->n_matches);
  gtk_label_set_label (self->match_label, text);
}

static void
update_matches_in_range (KfLogView   *self,
                         GtkTextIter *start,
                         GtkTextIter *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter pos = *start, ms, me;

  gtk_text_buffer_remove_tag (buffer, self->match_tag, start, end);
  /* recount the range: count matches already there first */
  while (self->n_matches < MAX_MATCHES &&
         gtk_text_iter_forward_search (&pos, self->search, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, end))
    {
      gtk_text_buffer_apply_tag (buffer, self->match_tag, &ms, &me);
      self->n_matches++;
      pos = me;
    }
  update_match_label (self);
}

static void
recount_matches (KfLogView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  gtk_text_buffer_remove_tag (buffer, self->match_tag, &a, &b);
  gtk_text_buffer_remove_tag (buffer, self->current_tag, &a, &b);
  self->n_matches = 0;
  if (self->search != NULL)
    update_matches_in_range (self, &a, &b);
  else
    update_match_label (self);
}

void
kf_log_view_set_search (KfLogView  *self,
                        const char *text)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
      return;   /* search-changed comes back here, after its delay */
    }
  g_free (self->search);
  self->search = (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
  recount_matches (self);
}

guint
kf_log_view_get_n_matches (KfLogView *self)
{
  return self->n_matches;
}

static gboolean
search_step (KfLogView *self,
             gboolean   forward)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter from, ms, me, a, b;
  gboolean found;

  if (self->search == NULL)
    return FALSE;

  if (forward)
    gtk_text_buffer_get_iter_at_mark (buffer, &from, self->match_end);
  else
    gtk_text_buffer_get_iter_at_mark (buffer, &from, self->match_start);

  found = forward
    ? gtk_text_iter_forward_search (&from, self->search, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL)
    : gtk_text_iter_backward_search (&from, self->search, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL);
  if (!found)
    {
      /* wrap around */
      if (forward)
        gtk_text_buffer_get_start_iter (buffer, &from);
      else
        gtk_text_buffer_get_end_iter (buffer, &from);
      found = forward
        ? gtk_text_iter_forward_search (&from, self->search, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL)
        : gtk_text_iter_backward_search (&from, self->search, GTK_TEXT_SEARCH_CASE_INSENSITIVE, &ms, &me, NULL);
    }
  if (!found)
    return FALSE;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  gtk_text_buffer_remove_tag (buffer, self->current_tag, &a, &b);
  gtk_text_buffer_apply_tag (buffer, self->current_tag, &ms, &me);
  gtk_text_buffer_move_mark (buffer, self->match_start, &ms);
  gtk_text_buffer_move_mark (buffer, self->match_end, &me);

  /* looking at a match: stop following the end */
  kf_log_view_set_paused (self, TRUE);
  gtk_text_view_scroll_to_mark (self->text_view, self->match_start, 0.1, FALSE, 0.0, 0.5);
  return TRUE;
}

gboolean
kf_log_view_search_next (KfLogView *self)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), FALSE);
  return search_step (self, TRUE);
}

gboolean
kf_log_view_search_previous (KfLogView *self)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), FALSE);
  return search_step (self, FALSE);
}

static void
search_changed_cb (KfLogView *self)
{
  kf_log_view_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* ------------------------------------------------------------------------ */
/* autoscroll                                                                */

gboolean
kf_log_view_get_paused (KfLogView *self)
{
  return self->paused;
}

void
kf_log_view_set_paused (KfLogView *self,
                        gboolean   paused)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  gtk_toggle_button_set_active (self->pause_toggle, paused);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), paused);
  if (!paused)
    {
      scroll_to_end (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

static void
vadjustment_value_changed_cb (KfLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);

  self->last_value = gtk_adjustment_get_value (adj);
  if (self->programmatic_scroll)
    return;
  /* back at the end: follow again */
  if (self->paused && at_bottom (self) && gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj))
    kf_log_view_set_paused (self, FALSE);
}

/* The user scrolls up (wheel, touchpad): stop following. Only input counts:
 * the text view moves the value by itself while it lays out lines. */
static gboolean
scroll_cb (GtkEventControllerScroll *ctrl,
           double                    dx,
           double                    dy,
           KfLogView                *self)
{
  if (dy < 0)
    kf_log_view_set_paused (self, TRUE);
  return FALSE;
}

static gboolean
key_cb (GtkEventControllerKey *ctrl,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        KfLogView             *self)
{
  if (keyval == GDK_KEY_Up || keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_Home ||
      keyval == GDK_KEY_KP_Up || keyval == GDK_KEY_KP_Page_Up)
    kf_log_view_set_paused (self, TRUE);
  return FALSE;
}

static void
pause_toggled_cb (KfLogView *self)
{
  kf_log_view_set_paused (self, gtk_toggle_button_get_active (self->pause_toggle));
}

static void
resume_clicked_cb (KfLogView *self)
{
  kf_log_view_set_paused (self, FALSE);
}

/* ------------------------------------------------------------------------ */
/* the stream                                                                */

static void
stream_line_cb (KfKubeLogStream *stream,
                const char      *line,
                const char      *timestamp,
                KfLogView       *self)
{
  if (self->status_text != NULL)
    set_status (self, NULL);   /* reconnected */
  kf_log_buffer_append (self->lines, line, -1);
  schedule_flush (self);
}

static void
stream_error_cb (KfKubeLogStream *stream,
                 GError          *error,
                 KfLogView       *self)
{
  set_status (self, _("Reconnecting…"));
}

static void
stream_finished_cb (KfKubeLogStream *stream,
                    GError          *error,
                    KfLogView       *self)
{
  set_status (self, NULL);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *msg = describe_error (self, error);
      set_error (self, msg);
    }
  else if (error == NULL && gtk_toggle_button_get_active (self->follow_toggle))
    set_status (self, _("The log ended"));
}

static void
stop_stream (KfLogView *self)
{
  if (self->stream == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->stream, self);
  kf_kube_log_stream_stop (self->stream);
  g_clear_object (&self->stream);
}

void
kf_log_view_stop (KfLogView *self)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));
  stop_stream (self);
}

static void
restart_stream (KfLogView *self)
{
  KfKubeLogOptions opts = KF_KUBE_LOG_OPTIONS_INIT;
  int tail;

  stop_stream (self);
  kf_log_buffer_clear (self->lines);
  self->next_insert = kf_log_buffer_get_end_serial (self->lines);
  clear_text (self);
  set_error (self, NULL);
  set_status (self, NULL);

  if (self->client == NULL || self->ns == NULL || self->pod == NULL)
    return;

  tail = gtk_spin_button_get_value_as_int (self->tail_spin);
  opts.container = self->container;
  opts.follow = gtk_toggle_button_get_active (self->follow_toggle);
  opts.previous = gtk_toggle_button_get_active (self->previous_toggle);
  opts.timestamps = gtk_toggle_button_get_active (self->timestamps_toggle);
  opts.tail_lines = tail > 0 ? tail : -1;
  if (opts.previous)
    opts.follow = FALSE;

  self->stream = kf_kube_log_stream_new (self->client, self->ns, self->pod, &opts);
  g_signal_connect (self->stream, "line", G_CALLBACK (stream_line_cb), self);
  g_signal_connect (self->stream, "error", G_CALLBACK (stream_error_cb), self);
  g_signal_connect (self->stream, "finished", G_CALLBACK (stream_finished_cb), self);
  kf_kube_log_stream_start (self->stream);
}

void
kf_log_view_reload (KfLogView *self)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));
  restart_stream (self);
}

/* ------------------------------------------------------------------------ */
/* pod and container choice                                                  */

static KfKubeObject *
selected_pod (KfLogView *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->pod_dropdown);

  return KF_IS_KUBE_OBJECT (item) ? KF_KUBE_OBJECT (item) : NULL;
}

static void
fill_containers (KfLogView    *self,
                 KfKubeObject *pod)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonNode *json = pod ? kf_kube_object_get_json (pod) : NULL;
  JsonObject *spec = NULL;
  guint keep = GTK_INVALID_LIST_POSITION;

  if (json != NULL && JSON_NODE_HOLDS_OBJECT (json) &&
      json_object_has_member (json_node_get_object (json), "spec"))
    spec = json_object_get_object_member (json_node_get_object (json), "spec");

  for (guint k = 0; spec != NULL && k < 2; k++)
    {
      const char *member = k == 0 ? "containers" : "initContainers";
      JsonNode *arr = json_object_get_member (spec, member);

      if (arr == NULL || !JSON_NODE_HOLDS_ARRAY (arr))
        continue;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (arr)); i++)
        {
          JsonNode *c = json_array_get_element (json_node_get_array (arr), i);
          if (JSON_NODE_HOLDS_OBJECT (c) && json_object_has_member (json_node_get_object (c), "name"))
            g_ptr_array_add (names, (gpointer) json_object_get_string_member (json_node_get_object (c), "name"));
        }
    }
  g_ptr_array_add (names, NULL);

  self->updating_containers = TRUE;
  gtk_string_list_splice (self->containers, 0, g_list_model_get_n_items (G_LIST_MODEL (self->containers)),
                          (const char *const *) names->pdata);
  for (guint i = 0; i + 1 < names->len; i++)
    if (g_strcmp0 (names->pdata[i], self->container) == 0)
      keep = i;
  if (keep == GTK_INVALID_LIST_POSITION && names->len > 1)
    keep = 0;
  gtk_drop_down_set_selected (self->container_dropdown, keep);
  self->updating_containers = FALSE;

  g_free (self->container);
  self->container = keep != GTK_INVALID_LIST_POSITION ? g_strdup (names->pdata[keep]) : NULL;
}

static void
pod_selected_cb (KfLogView *self)
{
  KfKubeObject *pod = selected_pod (self);
  const char *name = pod ? kf_kube_object_get_name (pod) : NULL;
  g_autofree char *old_container = g_strdup (self->container);

  if (g_strcmp0 (name, self->pod) == 0)
    {
      /* the same pod, updated: its containers may have changed */
      fill_containers (self, pod);
      if (g_strcmp0 (old_container, self->container) != 0)
        restart_stream (self);
      return;
    }
  g_free (self->pod);
  self->pod = g_strdup (name);
  fill_containers (self, pod);
  restart_stream (self);
}

static void
container_selected_cb (KfLogView *self)
{
  GtkStringObject *item;

  if (self->updating_containers)
    return;
  item = gtk_drop_down_get_selected_item (self->container_dropdown);
  if (g_strcmp0 (item ? gtk_string_object_get_string (item) : NULL, self->container) == 0)
    return;
  g_free (self->container);
  self->container = item ? g_strdup (gtk_string_object_get_string (item)) : NULL;
  restart_stream (self);
}

static char *
pod_name_cb (KfKubeObject *pod)
{
  return g_strdup (pod ? kf_kube_object_get_name (pod) : "");
}

gboolean
kf_log_view_select_pod (KfLogView  *self,
                        const char *pod)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), FALSE);

  for (guint i = 0; self->pods && i < g_list_model_get_n_items (self->pods); i++)
    {
      g_autoptr(KfKubeObject) o = g_list_model_get_item (self->pods, i);
      if (g_strcmp0 (kf_kube_object_get_name (o), pod) == 0)
        {
          gtk_drop_down_set_selected (self->pod_dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

const char *
kf_log_view_get_pod (KfLogView *self)
{
  return self->pod;
}

/* ------------------------------------------------------------------------ */
/* copy and save                                                             */

static char *
dup_visible_text (KfLogView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter a, b;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &a, &b))
    gtk_text_buffer_get_bounds (buffer, &a, &b);
  return gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
}

static void
copy_clicked_cb (KfLogView *self)
{
  g_autofree char *text = dup_visible_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KfLogView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *msg = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      msg = g_strdup_printf (_("Could not save the log: %s"), error->message);
      set_error (self, msg);
    }
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  KfLogView       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      GtkTextIter a, b;
      char *text;
      g_autoptr(GBytes) bytes = NULL;

      gtk_text_buffer_get_bounds (buffer, &a, &b);
      text = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
      bytes = g_bytes_new_take (text, strlen (text));
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL, save_done_cb, g_object_ref (self));
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_clicked_cb (KfLogView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  g_autofree char *name = g_strdup_printf ("%s.log", self->pod ? self->pod : "log");

  dialog = gtk_file_chooser_native_new (_("Save Log"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ------------------------------------------------------------------------ */
/* properties                                                                */

void
kf_log_view_set_client (KfLogView    *self,
                        KfKubeClient *client)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));

  if (!g_set_object (&self->client, client))
    return;
  restart_stream (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

KfKubeClient *
kf_log_view_get_client (KfLogView *self)
{
  return self->client;
}

void
kf_log_view_set_namespace (KfLogView  *self,
                           const char *ns)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));

  if (g_strcmp0 (self->ns, ns) == 0)
    return;
  g_free (self->ns);
  self->ns = g_strdup (ns);
  restart_stream (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);
}

const char *
kf_log_view_get_namespace (KfLogView *self)
{
  return self->ns;
}

void
kf_log_view_set_pods (KfLogView  *self,
                      GListModel *pods)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));

  if (!g_set_object (&self->pods, pods))
    return;
  gtk_drop_down_set_model (self->pod_dropdown, pods);
  pod_selected_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PODS]);
}

GListModel *
kf_log_view_get_pods (KfLogView *self)
{
  return self->pods;
}

void
kf_log_view_set_max_lines (KfLogView *self,
                           guint      max_lines)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));

  max_lines = MAX (max_lines, 1);
  if (self->max_lines == max_lines)
    return;
  self->max_lines = max_lines;
  kf_log_buffer_set_max_lines (self->lines, max_lines);
  if (self->n_text_lines > max_lines)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      GtkTextIter start, cut;
      guint drop = self->n_text_lines - max_lines;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &cut, (int) drop);
      gtk_text_buffer_delete (buffer, &start, &cut);
      self->n_text_lines = max_lines;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_LINES]);
}

guint
kf_log_view_get_max_lines (KfLogView *self)
{
  return self->max_lines;
}

guint
kf_log_view_get_n_pending (KfLogView *self)
{
  guint64 first = MAX (self->next_insert, kf_log_buffer_get_first_serial (self->lines));

  return (guint) (kf_log_buffer_get_end_serial (self->lines) - first);
}

GtkTextBuffer *
kf_log_view_get_buffer (KfLogView *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

const char *
kf_log_view_get_status_text (KfLogView *self)
{
  return self->status_text;
}

const char *
kf_log_view_get_error_text (KfLogView *self)
{
  return self->error_text;
}

static void
option_changed_cb (KfLogView *self)
{
  restart_stream (self);
}

static void
wrap_toggled_cb (KfLogView *self)
{
  gtk_text_view_set_wrap_mode (self->text_view,
                               gtk_toggle_button_get_active (self->wrap_toggle) ? GTK_WRAP_WORD_CHAR : GTK_WRAP_NONE);
}

static void
search_activate_cb (KfLogView *self)
{
  kf_log_view_search_next (self);
}

/* ------------------------------------------------------------------------ */

static void
kf_log_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KfLogView *self = KF_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_NAMESPACE: g_value_set_string (value, self->ns); break;
    case PROP_PODS: g_value_set_object (value, self->pods); break;
    case PROP_MAX_LINES: g_value_set_int (value, (int) self->max_lines); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_log_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KfLogView *self = KF_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT: kf_log_view_set_client (self, g_value_get_object (value)); break;
    case PROP_NAMESPACE: kf_log_view_set_namespace (self, g_value_get_string (value)); break;
    case PROP_PODS: kf_log_view_set_pods (self, g_value_get_object (value)); break;
    case PROP_MAX_LINES: kf_log_view_set_max_lines (self, (guint) MAX (g_value_get_int (value), 1)); break;
    case PROP_PAUSED: kf_log_view_set_paused (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_log_view_dispose (GObject *object)
{
  KfLogView *self = KF_LOG_VIEW (object);

  stop_stream (self);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_LOG_VIEW);
  g_clear_object (&self->client);
  g_clear_object (&self->pods);
  g_clear_object (&self->containers);

  G_OBJECT_CLASS (kf_log_view_parent_class)->dispose (object);
}

static void
kf_log_view_finalize (GObject *object)
{
  KfLogView *self = KF_LOG_VIEW (object);

  g_clear_pointer (&self->lines, kf_log_buffer_free);
  g_free (self->ns);
  g_free (self->pod);
  g_free (self->container);
  g_free (self->search);
  g_free (self->status_text);
  g_free (self->error_text);

  G_OBJECT_CLASS (kf_log_view_parent_class)->finalize (object);
}

static void
kf_log_view_class_init (KfLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kf_log_view_get_property;
  object_class->set_property = kf_log_view_set_property;
  object_class->dispose = kf_log_view_dispose;
  object_class->finalize = kf_log_view_finalize;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, KF_TYPE_KUBE_CLIENT,
                                                 G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PODS] = g_param_spec_object ("pods", NULL, NULL, G_TYPE_LIST_MODEL,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAX_LINES] = g_param_spec_int ("max-lines", NULL, NULL, 1, G_MAXINT, 100000,
                                                 G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kubefoundry/KubeFoundry/ui/kf-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KfLogView, pod_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, container_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, follow_toggle);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, previous_toggle);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, tail_spin);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, timestamps_toggle);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, save_button);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, prev_match_button);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, next_match_button);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, match_label);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, status_label);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, wrap_toggle);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, colors_toggle);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, pause_toggle);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, error_box);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, error_label);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, text_view);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, resume_button);
}

static void
kf_log_view_init (KfLogView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;
  GtkExpression *expr;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->max_lines = 100000;
  self->lines = kf_log_buffer_new (self->max_lines);
  self->ansi = (KfAnsiState) KF_ANSI_STATE_INIT;
  self->containers = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->container_dropdown, G_LIST_MODEL (self->containers));

  expr = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (pod_name_cb), NULL, NULL);
  gtk_drop_down_set_expression (self->pod_dropdown, expr);
  gtk_expression_unref (expr);

  buffer = gtk_text_view_get_buffer (self->text_view);
  for (int i = 0; i < 16; i++)
    {
      g_autofree char *fg = g_strdup_printf ("fg-%d", i);
      g_autofree char *bg = g_strdup_printf ("bg-%d", i);
      self->fg_tags[i] = gtk_text_buffer_create_tag (buffer, fg, "foreground", palette[i], NULL);
      self->bg_tags[i] = gtk_text_buffer_create_tag (buffer, bg, "background", palette[i], NULL);
    }
  self->bold_tag = gtk_text_buffer_create_tag (buffer, "bold", "weight", PANGO_WEIGHT_BOLD, NULL);
  self->match_tag = gtk_text_buffer_create_tag (buffer, "match", "background", "#f6d32d", "foreground", "#000000", NULL);
  self->current_tag = gtk_text_buffer_create_tag (buffer, "current-match", "background", "#ff7800", "foreground", "#000000", NULL);
  gtk_text_buffer_get_end_iter (buffer, &end);
  self->end_mark = gtk_text_buffer_create_mark (buffer, "log-end", &end, FALSE);
  self->match_start = gtk_text_buffer_create_mark (buffer, "match-start", &end, TRUE);
  self->match_end = gtk_text_buffer_create_mark (buffer, "match-end", &end, TRUE);

  g_signal_connect_swapped (self->pod_dropdown, "notify::selected-item", G_CALLBACK (pod_selected_cb), self);
  g_signal_connect_swapped (self->container_dropdown, "notify::selected-item", G_CALLBACK (container_selected_cb), self);
  g_signal_connect_swapped (self->follow_toggle, "toggled", G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (self->previous_toggle, "toggled", G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (self->timestamps_toggle, "toggled", G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (self->tail_spin, "value-changed", G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (self->wrap_toggle, "toggled", G_CALLBACK (wrap_toggled_cb), self);
  g_signal_connect_swapped (self->colors_toggle, "toggled", G_CALLBACK (rerender), self);
  g_signal_connect_swapped (self->pause_toggle, "toggled", G_CALLBACK (pause_toggled_cb), self);
  g_signal_connect_swapped (self->resume_button, "clicked", G_CALLBACK (resume_clicked_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  g_signal_connect_swapped (self->next_match_button, "clicked", G_CALLBACK (kf_log_view_search_next), self);
  g_signal_connect_swapped (self->prev_match_button, "clicked", G_CALLBACK (kf_log_view_search_previous), self);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (copy_clicked_cb), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scrolled), "value-changed",
                            G_CALLBACK (vadjustment_value_changed_cb), self);
  {
    GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
    g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->scrolled), scroll);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (key_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);
  }
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scrolled), "changed",
                            G_CALLBACK (vadjustment_changed_cb), self);

  /* the cap comes from the settings (when the schema is installed) */
  {
    GSettingsSchemaSource *src = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = src ? g_settings_schema_source_lookup (src, APP_ID, TRUE) : NULL;

    if (schema != NULL && g_settings_schema_has_key (schema, "log-max-lines"))
      {
        self->settings = g_settings_new (APP_ID);
        g_settings_bind (self->settings, "log-max-lines", self, "max-lines", G_SETTINGS_BIND_GET);
      }
  }
}

GtkWidget *
kf_log_view_new (void)
{
  return g_object_new (KF_TYPE_LOG_VIEW, NULL);
}
