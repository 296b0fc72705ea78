/* kf-log-view.c: a pod's log, streamed into a virtualized list of lines
 *
 * The lines live in a KfLogLineModel (a bounded KfLogBuffer behind a
 * GListModel); a GtkListView shows them, creating row widgets only for the
 * lines on screen, so the cost of a frame does not grow with the log. Lines
 * are announced to the list once per frame, whatever the stream's rate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-log-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-kube-error.h"
#include "kf-kube-log-stream.h"
#include "kf-kube-object.h"
#include "kf-log-line-model.h"
#include "kf-log-row.h"
#include "kf-log-search.h"
#include "kf-log-view.h"
#include "kf-log-view-private.h"

#define FRAME_MS          16
#define SEARCH_BUDGET_US  4000   /* time spent searching per frame */


G_DEFINE_FINAL_TYPE (KfLogView, kf_log_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_CLIENT, PROP_NAMESPACE, PROP_PODS, PROP_MAX_LINES, PROP_PAUSED,
       PROP_PREVIOUS, PROP_TIMESTAMPS, PROP_WRAP, PROP_COLORS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void update_match_label (KfLogView *self);

/* ------------------------------------------------------------------------ */
/* rows                                                                      */

static void
render_item (KfLogView   *self,
             GtkListItem *item)
{
  GtkStringObject *line = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint64 serial, cur_serial;
  guint cur_occ;
  int current = -1;

  if (line == NULL || label == NULL)
    return;
  serial = kf_log_line_model_get_first_serial (self->lines) + gtk_list_item_get_position (item);
  if (kf_log_search_get_current (self->search, &cur_serial, &cur_occ) && cur_serial == serial)
    current = (int) cur_occ;
  kf_log_row_set_wrap (GTK_LABEL (label), self->wrap);
  kf_log_row_render (GTK_LABEL (label), gtk_string_object_get_string (line), self->colors, self->search, current);
}

static void
rerender_rows (KfLogView *self)
{
  GHashTableIter it;
  gpointer item;

  g_hash_table_iter_init (&it, self->bound);
  while (g_hash_table_iter_next (&it, &item, NULL))
    render_item (self, item);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KfLogView                *self)
{
  gtk_list_item_set_child (item, kf_log_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             KfLogView                *self)
{
  g_hash_table_add (self->bound, item);
  render_item (self, item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               KfLogView                *self)
{
  g_hash_table_remove (self->bound, item);
}

/* ------------------------------------------------------------------------ */
/* announcing lines, once per frame                                          */

static gboolean
at_bottom (KfLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 4;
}

static void
scroll_to_position (KfLogView *self,
                    guint      position)
{
  self->programmatic_scroll = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  self->programmatic_scroll = FALSE;
}

static void
set_value (KfLogView *self,
           double     value)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);

  self->programmatic_scroll = TRUE;
  gtk_adjustment_set_value (adj, value);
  self->programmatic_scroll = FALSE;
}

/* Following: once per frame, before layout, back to the end (the list's
 * height grows as it lays out the new rows: a few frames). Removed once there. */
static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  KfLogView *self = KF_LOG_VIEW (user_data);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);

  if (self->paused || (at_bottom (self) && kf_log_line_model_get_n_pending (self->lines) == 0 &&
                       ++self->follow_settled > 2))
    {
      self->follow_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (!at_bottom (self))
    self->follow_settled = 0;
  set_value (self, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  return G_SOURCE_CONTINUE;
}

/* (list.scroll-to-item, GTK 4.8, leaves new rows unallocated when they were
 * added in the same frame: the end is followed through the adjustment) */
static void
scroll_to_end (KfLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);

  set_value (self, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->follow_settled = 0;
  if (self->follow_tick_id == 0)
    self->follow_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), follow_tick_cb, self, NULL);
}

static gboolean
flush_cb (gpointer user_data)
{
  KfLogView *self = KF_LOG_VIEW (user_data);
  guint removed = 0, added;
  gboolean search_done = TRUE;

  added = kf_log_line_model_flush (self->lines, &removed);
  if (self->search != NULL)
    {
      search_done = kf_log_search_scan (self->search, kf_log_line_model_get_buffer (self->lines),
                                        g_get_monotonic_time () + SEARCH_BUDGET_US);
      if (kf_log_search_get_n_matches (self->search) != self->shown_matches || search_done)
        update_match_label (self);
    }
  if ((added > 0 || removed > 0) && !self->paused)
    scroll_to_end (self);

  if (search_done && kf_log_line_model_get_n_pending (self->lines) == 0)
    {
      self->flush_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
kf_log_view_schedule_flush_ (KfLogView *self)
{
  if (self->flush_id == 0)
    /* the stream's priority: a fast stream does not starve it */
    self->flush_id = g_timeout_add_full (G_PRIORITY_DEFAULT, FRAME_MS, flush_cb, self, NULL);
}

void
kf_log_view_clear_lines_ (KfLogView *self)
{
  kf_log_line_model_clear (self->lines);
  if (self->search != NULL)
    {
      /* start the search over on the new lines */
      g_autoptr(KfLogSearch) search = kf_log_search_new (kf_log_search_get_needle (self->search));
      kf_log_search_free (self->search);
      self->search = g_steal_pointer (&search);
    }
  update_match_label (self);
}

void
kf_log_view_append_line (KfLogView  *self,
                         const char *line)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));

  kf_log_line_model_append (self->lines, line, -1);
  kf_log_view_schedule_flush_ (self);
}

/* ------------------------------------------------------------------------ */
/* search                                                                    */

static void
update_match_label (KfLogView *self)
{
  g_autofree char *text = NULL;
  guint n = self->search ? kf_log_search_get_n_matches (self->search) : 0;

  self->shown_matches = n;
  if (self->search == NULL)
    text = g_strdup ("");
  else if (!kf_log_search_is_done (self->search, kf_log_line_model_get_buffer (self->lines)))
    text = g_strdup_printf (_("%u+ matches"), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  gtk_label_set_label (self->match_label, text);
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
  g_clear_pointer (&self->search, kf_log_search_free);
  self->search = kf_log_search_new (text);
  if (self->search != NULL)
    {
      /* the first slice now, the rest frame by frame */
      kf_log_line_model_flush (self->lines, NULL);
      kf_log_search_scan (self->search, kf_log_line_model_get_buffer (self->lines),
                          g_get_monotonic_time () + SEARCH_BUDGET_US);
      kf_log_view_schedule_flush_ (self);
    }
  update_match_label (self);
  rerender_rows (self);
}

guint
kf_log_view_get_n_matches (KfLogView *self)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), 0);
  return self->search ? kf_log_search_get_n_matches (self->search) : 0;
}

gboolean
kf_log_view_get_search_done (KfLogView *self)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), TRUE);
  return self->search == NULL || kf_log_search_is_done (self->search, kf_log_line_model_get_buffer (self->lines));
}

static gboolean
search_step (KfLogView *self,
             gboolean   forward)
{
  guint64 serial, first;
  guint n;

  if (self->search == NULL)
    return FALSE;
  /* the lines a match may be on are all in the list */
  kf_log_line_model_flush (self->lines, NULL);
  if (!kf_log_search_step (self->search, forward, &serial, NULL))
    return FALSE;
  first = kf_log_line_model_get_first_serial (self->lines);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  /* looking at a match: stop following the end */
  kf_log_view_set_paused (self, TRUE);
  rerender_rows (self);
  if (serial >= first && serial - first < n)
    scroll_to_position (self, (guint) (serial - first));
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
    scroll_to_end (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

static void
vadjustment_value_changed_cb (KfLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled);

  if (self->programmatic_scroll)
    return;
  /* back at the end: follow again */
  if (self->paused && at_bottom (self) && gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj))
    kf_log_view_set_paused (self, FALSE);
}

/* The user scrolls up (wheel, touchpad): stop following. Only input counts:
 * the list moves the value by itself as rows are measured and dropped. */
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

/* Grabbing the scrollbar stops following too (back at the end resumes). */
static void
scrollbar_drag_cb (GtkGestureDrag *gesture,
                   double          x,
                   double          y,
                   KfLogView      *self)
{
  kf_log_view_set_paused (self, TRUE);
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
/* properties                                                                */

void
kf_log_view_set_client (KfLogView    *self,
                        KfKubeClient *client)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));

  if (!g_set_object (&self->client, client))
    return;
  kf_log_view_restart_stream_ (self);
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
  kf_log_view_restart_stream_ (self);
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
  kf_log_view_pod_selected_ (self);
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
  if (kf_log_line_model_get_max_lines (self->lines) == max_lines)
    return;
  /* shrinking drops the oldest lines now; the list hears of it at the next frame */
  kf_log_line_model_set_max_lines (self->lines, max_lines);
  kf_log_line_model_flush (self->lines, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_LINES]);
}

guint
kf_log_view_get_max_lines (KfLogView *self)
{
  return kf_log_line_model_get_max_lines (self->lines);
}

guint
kf_log_view_get_n_pending (KfLogView *self)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), 0);
  return kf_log_line_model_get_n_pending (self->lines);
}

GListModel *
kf_log_view_get_lines (KfLogView *self)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), NULL);
  return G_LIST_MODEL (self->lines);
}

GtkSelectionModel *
kf_log_view_get_selection (KfLogView *self)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
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
  kf_log_view_restart_stream_ (self);
}

/* ------------------------------------------------------------------------ */
/* the view options (the menu's log.* actions are these properties)         */

static void
set_option (KfLogView *self,
            gboolean  *field,
            gboolean   value,
            guint      prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  if (prop == PROP_PREVIOUS || prop == PROP_TIMESTAMPS)
    kf_log_view_restart_stream_ (self);   /* the API gives these: fetch again */
  else
    rerender_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
copy_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kf_log_view_copy (KF_LOG_VIEW (widget));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kf_log_view_save_clicked_ (KF_LOG_VIEW (widget));
}

/* log.search (Ctrl+F): to the search entry */
static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KfLogView *self = KF_LOG_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* The tail spin, a row of the options menu (a custom item: menus hold no
 * spin buttons). */
static void
setup_tail_row (KfLogView *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("T_ail Lines"));
  GtkAdjustment *adj = gtk_adjustment_new (1000, 0, 1000000, 100, 1000, 0);

  self->tail_spin = GTK_SPIN_BUTTON (gtk_spin_button_new (adj, 0, 0));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tail_spin), _("Lines to fetch from the end of the log (0: all)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tail_spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tail lines"), -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->tail_spin));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (row, 34);   /* the label under the items' (past their checks) */
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_margin_top (row, 3);
  gtk_widget_set_margin_bottom (row, 3);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->tail_spin));
  if (!gtk_popover_menu_add_child (self->options_popover, row, "tail"))
    g_warning ("the options menu has no place for the tail lines");
}

/* The container drop-down's button ellipsizes (its list does not). */
static void
container_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 4);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
    }
  gtk_list_item_set_child (item, label);
}

static void
container_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  ellipsize)
{
  GtkStringObject *name = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = GTK_IS_STRING_OBJECT (name) ? gtk_string_object_get_string (name) : "";

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, GPOINTER_TO_INT (ellipsize) ? text : NULL);
}

static void
setup_container_dropdown (KfLogView *self)
{
  for (int ellipsize = 0; ellipsize < 2; ellipsize++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (container_setup_cb), GINT_TO_POINTER (ellipsize));
      g_signal_connect (factory, "bind", G_CALLBACK (container_bind_cb), GINT_TO_POINTER (ellipsize));
      if (ellipsize)
        gtk_drop_down_set_factory (self->container_dropdown, factory);
      else
        gtk_drop_down_set_list_factory (self->container_dropdown, factory);
      g_object_unref (factory);
    }
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
    case PROP_MAX_LINES: g_value_set_int (value, (int) kf_log_view_get_max_lines (self)); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_PREVIOUS: g_value_set_boolean (value, self->previous); break;
    case PROP_TIMESTAMPS: g_value_set_boolean (value, self->timestamps); break;
    case PROP_WRAP: g_value_set_boolean (value, self->wrap); break;
    case PROP_COLORS: g_value_set_boolean (value, self->colors); break;
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
    case PROP_PREVIOUS: set_option (self, &self->previous, g_value_get_boolean (value), prop_id); break;
    case PROP_TIMESTAMPS: set_option (self, &self->timestamps, g_value_get_boolean (value), prop_id); break;
    case PROP_WRAP: set_option (self, &self->wrap, g_value_get_boolean (value), prop_id); break;
    case PROP_COLORS: set_option (self, &self->colors, g_value_get_boolean (value), prop_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_log_view_dispose (GObject *object)
{
  KfLogView *self = KF_LOG_VIEW (object);

  kf_log_view_stop_stream_ (self);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->follow_tick_id != 0 && self->list_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->follow_tick_id);
  self->follow_tick_id = 0;
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_LOG_VIEW);
  g_clear_object (&self->client);
  g_clear_object (&self->pods);
  g_clear_object (&self->containers);
  g_clear_object (&self->selection);
  g_clear_object (&self->lines);

  G_OBJECT_CLASS (kf_log_view_parent_class)->dispose (object);
}

static void
kf_log_view_finalize (GObject *object)
{
  KfLogView *self = KF_LOG_VIEW (object);

  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->search, kf_log_search_free);
  g_free (self->ns);
  g_free (self->pod);
  g_free (self->container);
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
  /* the view options: the log of the previous container, timestamps (both
   * fetched again), wrapped lines, ANSI colours (off: stripped) */
  properties[PROP_PREVIOUS] = g_param_spec_boolean ("previous", NULL, NULL, FALSE,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TIMESTAMPS] = g_param_spec_boolean ("timestamps", NULL, NULL, FALSE,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WRAP] = g_param_spec_boolean ("wrap", NULL, NULL, FALSE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COLORS] = g_param_spec_boolean ("colors", NULL, NULL, TRUE,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the options menu's items */
  gtk_widget_class_install_property_action (widget_class, "log.previous", "previous");
  gtk_widget_class_install_property_action (widget_class, "log.timestamps", "timestamps");
  gtk_widget_class_install_property_action (widget_class, "log.wrap", "wrap");
  gtk_widget_class_install_property_action (widget_class, "log.colors", "colors");
  gtk_widget_class_install_action (widget_class, "log.copy", NULL, copy_action_cb);
  gtk_widget_class_install_action (widget_class, "log.save", NULL, save_action_cb);
  /* shortcuts within the view: Ctrl+F searches; the options keep the
   * Alt+letter they had as toolbar buttons */
  gtk_widget_class_install_action (widget_class, "log.search", NULL, search_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "log.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_ALT_MASK, "log.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_ALT_MASK, "log.timestamps", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_ALT_MASK, "log.wrap", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_ALT_MASK, "log.colors", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kubefoundry/KubeFoundry/ui/kf-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KfLogView, pod_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, container_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, follow_toggle);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, options_button);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, options_popover);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, prev_match_button);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, next_match_button);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, match_label);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, status_label);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, pause_toggle);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, error_box);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, error_label);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, KfLogView, resume_button);
}

static void
install_css (GtkWidget *widget)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) css = NULL;

  if (done)
    return;
  done = TRUE;
  /* rows as tight as lines of a terminal */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (css,
                                   "listview.kf-log-lines > row { padding: 0 8px; min-height: 0; border-radius: 0; }\n"
                                   "listview.kf-log-lines > row label { font-family: monospace; }\n", -1);
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (widget), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
kf_log_view_init (KfLogView *self)
{
  GtkExpression *expr;
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  install_css (GTK_WIDGET (self));

  self->lines = kf_log_line_model_new (100000);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->lines)));
  self->bound = g_hash_table_new (NULL, NULL);
  self->colors = TRUE;
  setup_tail_row (self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->containers = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->container_dropdown, G_LIST_MODEL (self->containers));
  setup_container_dropdown (self);

  expr = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (kf_log_view_pod_name_), NULL, NULL);
  gtk_drop_down_set_expression (self->pod_dropdown, expr);   /* (the search) */
  gtk_expression_unref (expr);
  kf_log_view_setup_pod_dropdown_ (self);

  g_signal_connect_swapped (self->pod_dropdown, "notify::selected-item", G_CALLBACK (kf_log_view_pod_selected_), self);
  g_signal_connect_swapped (self->container_dropdown, "notify::selected-item", G_CALLBACK (kf_log_view_container_selected_), self);
  g_signal_connect_swapped (self->follow_toggle, "toggled", G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (self->tail_spin, "value-changed", G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (self->pause_toggle, "toggled", G_CALLBACK (pause_toggled_cb), self);
  g_signal_connect_swapped (self->resume_button, "clicked", G_CALLBACK (resume_clicked_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  g_signal_connect_swapped (self->next_match_button, "clicked", G_CALLBACK (kf_log_view_search_next), self);
  g_signal_connect_swapped (self->prev_match_button, "clicked", G_CALLBACK (kf_log_view_search_previous), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scrolled), "value-changed",
                            G_CALLBACK (vadjustment_value_changed_cb), self);
  {
    GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
    GtkEventController *keys = gtk_event_controller_key_new ();
    GtkGesture *drag = gtk_gesture_drag_new ();
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
    g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->scrolled), scroll);
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (key_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
    g_signal_connect (drag, "drag-begin", G_CALLBACK (scrollbar_drag_cb), self);
    gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scrolled), GTK_EVENT_CONTROLLER (drag));
    /* Ctrl+C copies the selected lines (Ctrl+A selects all: the list's own) */
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>c"),
                                                            gtk_callback_action_new (kf_log_view_copy_shortcut_, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);
  }

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
