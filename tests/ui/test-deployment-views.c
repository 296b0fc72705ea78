/* test-deployment-views.c: the log, metrics and try-it views (under Xvfb)
 * against the simulated cluster, plus the log view's cap, search and
 * autoscroll with lines fed directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kf-deployment-details-page.h"
#include "kf-kube-object.h"
#include "kf-kubeconfig.h"
#include "kf-log-view.h"
#include "kf-metrics-view.h"
#include "kf-test-sim.h"
#include "kf-try-it-view.h"
#include "kf-yaml.h"

#define SPEED 50.0

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

typedef gboolean (*Pred) (gpointer data);

static gboolean
wait_for (Pred pred, gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (pred (data))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return pred (data);
}

static GtkWindow *
show_in_window (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 1000, 600);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  spin (50);
  return window;
}

typedef struct { GtkWidget *window; int width; } SizeWait;

static gboolean
has_width (gpointer data)
{
  SizeWait *w = data;
  return gtk_widget_get_width (w->window) == w->width;
}

/* Resizes @window to @width and waits until it is laid out at that width. */
static void
resize_to (GtkWindow *window,
           int        width)
{
  SizeWait w = { GTK_WIDGET (window), width };

  gtk_window_set_default_size (window, width, 600);
  g_assert_true (wait_for (has_width, &w, 10000));
  spin (100);
}

/* With KF_SCREENSHOT_DIR set, saves the window (or a popover: any GtkNative) as
 * NAME.png there (to look at). */
static void
screenshot_native (GtkWidget  *window,
                   const char *name)
{
  const char *dir = g_getenv ("KF_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snap = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int w, h;

  if (dir == NULL)
    return;
  spin (300);
  w = gtk_widget_get_width (window);
  h = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snap = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snap, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snap));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}

static void
screenshot (GtkWindow  *window,
            const char *name)
{
  screenshot_native (GTK_WIDGET (window), name);
}

static char *
buffer_text (KfLogView *view)
{
  return kf_log_view_dup_text (view, FALSE);
}

/* The first descendant of @root of @type (depth first); for a GtkListView,
 * the log's (not a drop-down's). */
static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (type != GTK_TYPE_LIST_VIEW || gtk_widget_has_css_class (root, "kf-log-lines")))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *w = find_widget (c, type);
      if (w != NULL)
        return w;
    }
  return NULL;
}

/* The row label showing exactly @text, if it is on screen (within the list's
 * viewport). */
static GtkLabel *
visible_row (KfLogView  *view,
             const char *text)
{
  GtkWidget *list = find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW);
  GtkWidget *sw = gtk_widget_get_parent (list);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_widget_get_first_child (row);
      graphene_rect_t b;

      if (!GTK_IS_LABEL (label) || !gtk_widget_get_mapped (label) ||
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0)
        continue;
      if (!gtk_widget_compute_bounds (label, sw, &b))
        continue;
      if (b.origin.y >= 0 && b.origin.y + b.size.height <= gtk_widget_get_height (sw))
        return GTK_LABEL (label);
    }
  return NULL;
}

/* Does @label carry a @type attribute over [start, end) with that colour? */
static gboolean
has_color_attr (GtkLabel      *label,
                PangoAttrType  type,
                guint          start,
                guint          end,
                guint16        red)
{
  PangoAttrList *attrs = gtk_label_get_attributes (label);
  g_autoptr(GSList) list = attrs ? pango_attr_list_get_attributes (attrs) : NULL;
  gboolean found = FALSE;

  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *a = l->data;
      if (a->klass->type == type && a->start_index <= start && a->end_index >= end &&
          ((PangoAttrColor *) a)->color.red == red)
        found = TRUE;
    }
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
  return found;
}

/* ------------------------------------------------------------------------ */
/* fed lines                                                                 */

static gboolean
no_pending (gpointer data)
{
  return kf_log_view_get_n_pending (data) == 0;
}

static gboolean
search_done (gpointer data)
{
  return kf_log_view_get_search_done (data);
}

static gboolean
row_visible (gpointer data)
{
  gpointer *d = data;
  return visible_row (d[0], d[1]) != NULL;
}

static void
clipboard_text_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  char **out = data;
  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("(none)");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_log_lines_cap_search (void)
{
  KfLogView *view = KF_LOG_VIEW (kf_log_view_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (view));
  GListModel *lines = kf_log_view_get_lines (view);
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  GtkLabel *row;
  gpointer match[2];
  guint expected = 0;

  kf_log_view_set_max_lines (view, 1000);
  for (int i = 0; i < 5000; i++)
    {
      g_autofree char *l = g_strdup_printf (i % 100 == 7 ? "line %d \033[31mERROR\033[0m here" : "line %d ok", i);
      kf_log_view_append_line (view, l);
    }
  /* nothing reaches the list synchronously: the lines arrive in frames */
  g_assert_cmpuint (kf_log_view_get_n_pending (view), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 0);
  g_assert_true (wait_for (no_pending, view, 10000));

  /* the cap: exactly max-lines kept, the newest last */
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 1000);
  text = buffer_text (view);
  g_assert_true (g_str_has_prefix (text, "line 4000 ok\n"));
  g_assert_true (g_str_has_suffix (text, "line 4999 ok\n"));
  g_assert_null (strstr (text, "line 0 ok\n"));
  /* ANSI codes rendered as attributes, not shown */
  g_assert_null (strchr (text, '\033'));
  g_assert_nonnull (strstr (text, "line 4907 ERROR here"));
  /* following: the last line is on screen */
  spin (200);
  screenshot (window, "log-view-follow");
  g_assert_nonnull (visible_row (view, "line 4999 ok"));

  /* search highlights every match, case-insensitively */
  kf_log_view_set_search (view, "error");
  spin (400);   /* the search entry's delay */
  kf_log_view_set_search (view, "error");
  g_assert_true (wait_for (search_done, view, 5000));
  for (int i = 4000; i < 5000; i++)
    if (i % 100 == 7)
      expected++;
  g_assert_cmpuint (kf_log_view_get_n_matches (view), ==, expected);

  /* the first match is scrolled to, its row on screen, red and highlighted */
  g_assert_true (kf_log_view_search_next (view));
  match[0] = view;
  match[1] = (gpointer) "line 4007 ERROR here";
  g_assert_true (wait_for (row_visible, match, 5000));
  screenshot (window, "log-view-search");
  row = visible_row (view, "line 4007 ERROR here");
  g_assert_true (has_color_attr (row, PANGO_ATTR_FOREGROUND, 10, 15, 0xcccc) ||   /* ANSI red… */
                 has_color_attr (row, PANGO_ATTR_FOREGROUND, 10, 15, 0));         /* …under the match colours */
  g_assert_true (has_color_attr (row, PANGO_ATTR_BACKGROUND, 10, 15, 0xffff));   /* the current match */
  /* looking at a match pauses autoscroll */
  g_assert_true (kf_log_view_get_paused (view));
  /* next, then previous: back to the same row */
  g_assert_true (kf_log_view_search_next (view));
  match[1] = (gpointer) "line 4107 ERROR here";
  g_assert_true (wait_for (row_visible, match, 5000));
  g_assert_true (kf_log_view_search_previous (view));
  g_assert_true (kf_log_view_search_previous (view));
  match[1] = (gpointer) "line 4907 ERROR here";   /* wrapped around */
  g_assert_true (wait_for (row_visible, match, 5000));

  /* colours off: the same row without the ANSI red */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.colors", NULL));   /* (in the options menu) */
  kf_log_view_set_search (view, NULL);
  spin (400);
  kf_log_view_set_search (view, NULL);
  row = visible_row (view, "line 4907 ERROR here");
  g_assert_nonnull (row);
  g_assert_false (has_color_attr (row, PANGO_ATTR_FOREGROUND, 10, 15, 0xcccc));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.colors", NULL));
  g_assert_true (has_color_attr (row, PANGO_ATTR_FOREGROUND, 10, 15, 0xcccc));

  /* wrap: rows wrap long lines */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.wrap", NULL));
  g_assert_true (gtk_label_get_wrap (row));

  /* new lines while paused are still added (and searched) */
  kf_log_view_set_search (view, "error");
  spin (400);
  kf_log_view_set_search (view, "error");
  kf_log_view_append_line (view, "late ERROR line");
  g_assert_true (wait_for (no_pending, view, 5000));
  g_assert_true (wait_for (search_done, view, 5000));
  g_assert_cmpuint (kf_log_view_get_n_matches (view), ==, expected + 1);
  kf_log_view_set_paused (view, FALSE);
  g_assert_false (kf_log_view_get_paused (view));

  /* copy: the selected lines, else all */
  gtk_selection_model_select_range (kf_log_view_get_selection (view), 7, 2, TRUE);
  kf_log_view_copy (view);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (view)), NULL, clipboard_text_cb, &copied);
  g_assert_true (wait_for (is_set, &copied, 5000));
  g_assert_cmpstr (copied, ==, "line 4008 ok\nline 4009 ok\n");
  gtk_selection_model_unselect_all (kf_log_view_get_selection (view));
  g_free (text);
  text = kf_log_view_dup_text (view, TRUE);
  g_assert_true (g_str_has_prefix (text, "line 4001 ok\n"));   /* the oldest (line 4000) made room for the late one */
  g_assert_true (g_str_has_suffix (text, "line 4999 ok\nlate ERROR line\n"));

  /* save: the lines as shown, in a file */
  dir = g_dir_make_tmp ("kf-log-XXXXXX", NULL);
  path = g_build_filename (dir, "pod.log", NULL);
  file = g_file_new_for_path (path);
  kf_log_view_save_to_file (view, file);
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (!g_file_test (path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
    spin (100);
  }
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, text);
  g_assert_null (kf_log_view_get_error_text (view));
  g_unlink (path);
  g_rmdir (dir);

  gtk_window_destroy (window);
}

/* The narrowest the view lays out (its minimum width). */
static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* The actions of @menu's items, in order, each followed by a space. */
static void
collect_actions (GMenuModel *menu,
                 GString    *out)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_string_append_printf (out, "%s ", action);
      if (section != NULL)
        collect_actions (section, out);
    }
}

#define LONG_LINE_ANSI "INFO \033[32mstarted\033[0m a rather long line of a log that goes on well past the width of a narrow window"

/* The log view fits where the window folds (360 px): its toolbar keeps the
 * pod, container, Follow and search; the rest is in the view options menu. */
static void
test_log_narrow (void)
{
  KfLogView *view = KF_LOG_VIEW (kf_log_view_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (view));
  g_autoptr(GString) actions = g_string_new (NULL);
  GtkWidget *menu_button, *popover;
  gboolean wrap;
  int min;

  for (int i = 0; i < 100; i++)
    kf_log_view_append_line (view, i % 10 == 3 ? LONG_LINE_ANSI : "INFO a short line");
  g_assert_true (wait_for (no_pending, view, 10000));
  spin (200);
  min = min_width (GTK_WIDGET (view));
  g_test_message ("log view minimum width: %d px", min);
  g_assert_cmpint (min, <=, 360);
  /* and with a match count next to the search */
  kf_log_view_set_search (view, "short");   /* the entry's text, then (after its delay) the search */
  spin (400);
  kf_log_view_set_search (view, "short");
  g_assert_true (wait_for (search_done, view, 10000));
  g_assert_cmpuint (kf_log_view_get_n_matches (view), ==, 90);
  spin (50);
  min = min_width (GTK_WIDGET (view));
  g_test_message ("log view minimum width, searching: %d px", min);
  g_assert_cmpint (min, <=, 360);
  kf_log_view_set_search (view, NULL);
  spin (400);
  kf_log_view_set_search (view, NULL);

  /* the rest is in the view options menu: the options, the tail, copy and save */
  menu_button = find_widget (GTK_WIDGET (view), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (menu_button), ==, "View Options");
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  collect_actions (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)), actions);
  g_assert_cmpstr (actions->str, ==, "log.previous log.timestamps log.wrap log.colors log.copy log.save ");
  g_assert_nonnull (find_widget (popover, GTK_TYPE_SPIN_BUTTON));
  /* log.search (Ctrl+F) goes to the search entry */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.search", NULL));
  g_assert_nonnull (gtk_window_get_focus (window));
  g_assert_nonnull (gtk_widget_get_ancestor (gtk_window_get_focus (window), GTK_TYPE_SEARCH_ENTRY));
  /* the actions are the properties, on and off */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.wrap", NULL));
  g_object_get (view, "wrap", &wrap, NULL);
  g_assert_true (wrap);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.wrap", NULL));
  g_object_get (view, "wrap", &wrap, NULL);
  g_assert_false (wrap);

  resize_to (window, 1200);
  screenshot (window, "log-view-1200");
  resize_to (window, 400);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), <=, 400);
  screenshot (window, "log-view-400");
  /* the menu, open */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  spin (200);
  g_assert_true (gtk_widget_get_mapped (popover));
  screenshot_native (popover, "log-view-options-menu");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  gtk_window_destroy (window);
}

/* Is there a GtkScrolledWindow between @widget and @top that may scroll sideways? */
static gboolean
scrolls_sideways (GtkWidget *widget,
                  GtkWidget *top)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && w != top; w = gtk_widget_get_parent (w))
    {
      GtkPolicyType hpolicy;

      if (!GTK_IS_SCROLLED_WINDOW (w))
        continue;
      gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (w), &hpolicy, NULL);
      if (hpolicy != GTK_POLICY_NEVER && hpolicy != GTK_POLICY_EXTERNAL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
content_fits_360 (gpointer page)
{
  return min_width (gtk_widget_get_first_child (page)) <= 360;
}

/* The details page's Logs, Metrics and Try It tabs each fit where the window
 * folds (360 px), in no sideways scroller: so does the page. */
static void
test_details_tabs_narrow (void)
{
  GtkWidget *page = kf_deployment_details_page_new ();
  GtkWindow *window = show_in_window (page);
  GType types[] = { KF_TYPE_LOG_VIEW, KF_TYPE_METRICS_VIEW, KF_TYPE_TRY_IT_VIEW };
  GtkWidget *views[G_N_ELEMENTS (types)];
  AdwViewStack *stack = ADW_VIEW_STACK (find_widget (page, ADW_TYPE_VIEW_STACK));
  int min;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      views[i] = find_widget (page, types[i]);
      g_assert_nonnull (views[i]);
      min = min_width (views[i]);
      g_test_message ("%s minimum width: %d px", g_type_name (types[i]), min);
      g_assert_cmpint (min, <=, 360);
      g_assert_false (scrolls_sideways (views[i], page));
    }

  /* narrow: the header stacks, the switcher narrows; then the content fits
   * (the page itself never asks for more than 320 px: it clips its content) */
  resize_to (window, 360);
  adw_view_stack_set_visible_child_name (stack, "logs");
  g_assert_true (wait_for (content_fits_360, page, 10000));
  min = min_width (gtk_widget_get_first_child (page));
  g_test_message ("details page content minimum width: %d px", min);
  g_assert_cmpint (min, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (page), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (views[0]), <=, 360);
  screenshot (window, "details-logs-360");
  adw_view_stack_set_visible_child_name (stack, "metrics");
  spin (200);
  g_assert_cmpint (gtk_widget_get_width (views[1]), <=, 360);
  screenshot (window, "details-metrics-360");
  adw_view_stack_set_visible_child_name (stack, "tryit");
  spin (200);
  g_assert_cmpint (gtk_widget_get_width (views[2]), <=, 360);
  screenshot (window, "details-tryit-360");
  gtk_window_destroy (window);
}

static void
test_log_pause_on_scroll_up (void)
{
  KfLogView *view = KF_LOG_VIEW (kf_log_view_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (view));
  GtkScrolledWindow *sw;
  GtkAdjustment *adj;

  for (int i = 0; i < 2000; i++)
    kf_log_view_append_line (view, "a line that fills the view");
  g_assert_true (wait_for (no_pending, view, 10000));
  spin (300);

  /* the log's scrolled window (the list's parent) */
  sw = GTK_SCROLLED_WINDOW (gtk_widget_get_parent (find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW)));
  adj = gtk_scrolled_window_get_vadjustment (sw);
  g_assert_false (kf_log_view_get_paused (view));
  /* following: at the bottom */
  g_assert_cmpfloat (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj), >=,
                     gtk_adjustment_get_upper (adj) - 4);

  /* paused (as a scroll up with the wheel does), the user looks at the top:
   * new lines do not move the view */
  kf_log_view_set_paused (view, TRUE);
  gtk_adjustment_set_value (adj, 0);
  g_assert_true (kf_log_view_get_paused (view));
  for (int i = 0; i < 200; i++)
    kf_log_view_append_line (view, "more");
  g_assert_true (wait_for (no_pending, view, 5000));
  spin (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, 1);

  /* back at the bottom: resumed */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  g_assert_false (kf_log_view_get_paused (view));
  gtk_window_destroy (window);
}

/* ------------------------------------------------------------------------ */
/* against the simulated cluster                                             */

typedef struct
{
  KfTestSim    *sim;
  KfKubeClient *client;
  GListStore   *pods;
  char         *worker;
} SimFixture;

static KfKubeClient *
client_for_kubeconfig (const char *path)
{
  g_autofree char *paths[] = { g_strdup (path), NULL };
  g_autoptr(KfKubeconfig) kc = kf_kubeconfig_new_for_paths ((const char * const *) paths);
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  kf_kubeconfig_load (kc);
  config = kf_kubeconfig_build_rest_config (kc, NULL, &error);
  g_assert_no_error (error);
  return kf_kube_client_new (config);
}

static gboolean
pods_ready (gpointer data)
{
  SimFixture *f = data;
  guint status = 0;
  g_autoptr(JsonNode) list = kf_test_sim_request (f->sim, "admin", "GET",
                                                  "/api/v1/namespaces/demo/pods?labelSelector=nvidia.com%2Fdynamo-graph-deployment-name%3Dvllm-agg",
                                                  NULL, NULL, &status);
  JsonArray *items;
  guint ready = 0;

  if (list == NULL || status != 200)
    return FALSE;
  items = json_object_get_array_member (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *pod = json_array_get_object_element (items, i);
      JsonObject *st = json_object_get_object_member (pod, "status");
      JsonArray *conds = st && json_object_has_member (st, "conditions") ? json_object_get_array_member (st, "conditions") : NULL;

      for (guint j = 0; conds && j < json_array_get_length (conds); j++)
        {
          JsonObject *c = json_array_get_object_element (conds, j);
          if (g_strcmp0 (json_object_get_string_member (c, "type"), "Ready") == 0 &&
              g_strcmp0 (json_object_get_string_member (c, "status"), "True") == 0)
            ready++;
        }
    }
  if (ready < 2 || ready != json_array_get_length (items))
    return FALSE;

  g_list_store_remove_all (f->pods);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *n = json_array_get_element (items, i);
      g_autoptr(KfKubeObject) o = kf_kube_object_new (n);
      g_list_store_append (f->pods, o);
      if (strstr (kf_kube_object_get_name (o), "vllmdecodeworker") != NULL)
        {
          g_free (f->worker);
          f->worker = g_strdup (kf_kube_object_get_name (o));
        }
    }
  return TRUE;
}

static void
sim_setup (SimFixture *f)
{
  g_autofree char *file = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", "dynamo", "v1alpha1", "vllm-agg.yaml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dgd = kf_yaml_parse_file (file, &error);
  g_autofree char *body = NULL;
  guint status = 0;
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;

  g_assert_no_error (error);
  f->sim = kf_test_sim_new (NULL, SPEED, FALSE);
  r1 = kf_test_sim_request (f->sim, "admin", "POST", "/api/v1/namespaces", "application/json",
                            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"demo\"}}", &status);
  g_assert_cmpuint (status, ==, 201);
  body = json_to_string (dgd, FALSE);
  r2 = kf_test_sim_request (f->sim, "admin", "POST", "/apis/nvidia.com/v1alpha1/namespaces/demo/dynamographdeployments",
                            "application/json", body, &status);
  g_assert_cmpuint (status, ==, 201);
  f->pods = g_list_store_new (KF_TYPE_KUBE_OBJECT);
  g_assert_true (wait_for (pods_ready, f, 60000));
  g_assert_nonnull (f->worker);
  f->client = client_for_kubeconfig (f->sim->kubeconfig);
}

static void
sim_teardown (SimFixture *f)
{
  g_clear_object (&f->client);
  g_clear_object (&f->pods);
  g_clear_pointer (&f->worker, g_free);
  g_clear_pointer (&f->sim, kf_test_sim_free);
}

static gboolean
has_throughput_line (gpointer data)
{
  g_autofree char *text = buffer_text (data);
  return strstr (text, "Avg prompt throughput") != NULL;
}

static gboolean
has_error (gpointer data)
{
  return kf_log_view_get_error_text (data) != NULL;
}

static void
test_log_follow_sim (void)
{
  SimFixture f = { 0 };
  KfLogView *view;
  GtkWindow *window;
  g_autofree char *text = NULL;

  sim_setup (&f);
  view = KF_LOG_VIEW (kf_log_view_new ());
  window = show_in_window (GTK_WIDGET (view));
  g_object_set (view, "client", f.client, "namespace", "demo", "pods", f.pods, NULL);
  g_assert_true (kf_log_view_select_pod (view, f.worker));
  g_assert_cmpstr (kf_log_view_get_pod (view), ==, f.worker);

  /* the start-up lines, then new lines as the engine writes them (follow) */
  g_assert_true (wait_for (has_throughput_line, view, 20000));
  text = buffer_text (view);
  g_test_message ("log: %.1500s", text);
  g_assert_nonnull (strstr (text, "Loading weights took"));
  screenshot (window, "log-view-sim");
  g_assert_null (kf_log_view_get_error_text (view));
  /* with real pod and container names: wide, and narrow (they ellipsize) */
  resize_to (window, 1200);
  screenshot (window, "log-view-sim-1200");
  resize_to (window, 400);
  g_assert_cmpint (min_width (GTK_WIDGET (view)), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), <=, 400);
  screenshot (window, "log-view-sim-400");

  gtk_window_destroy (window);
  sim_teardown (&f);
}

static void
test_log_previous_error_sim (void)
{
  SimFixture f = { 0 };
  KfLogView *view;
  GtkWindow *window;

  sim_setup (&f);
  view = KF_LOG_VIEW (kf_log_view_new ());
  window = show_in_window (GTK_WIDGET (view));
  g_object_set (view, "client", f.client, "namespace", "demo", "pods", f.pods, NULL);
  g_assert_true (kf_log_view_select_pod (view, f.worker));

  /* Previous Container, in the view options menu */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.previous", NULL));
  g_assert_true (wait_for (has_error, view, 10000));
  g_assert_nonnull (strstr (kf_log_view_get_error_text (view), "previous terminated container"));
  screenshot (window, "log-view-previous-error");
  gtk_window_destroy (window);
  sim_teardown (&f);
}

typedef struct
{
  KfLogView *view;
  gboolean   saw_reconnecting;
  guint      want;
} ReconnectData;

static gboolean
reconnected (gpointer data)
{
  ReconnectData *d = data;

  if (g_strcmp0 (kf_log_view_get_status_text (d->view), "Reconnecting…") == 0)
    d->saw_reconnecting = TRUE;
  return d->saw_reconnecting && kf_log_view_get_status_text (d->view) == NULL &&
         kf_log_view_get_n_pending (d->view) == 0 &&
         g_list_model_get_n_items (kf_log_view_get_lines (d->view)) >= d->want;
}

/* The follow stream is cut while the container runs: the view says
 * "Reconnecting…", then goes on with new lines, none twice. */
static void
test_log_reconnect_sim (void)
{
  SimFixture f = { 0 };
  ReconnectData d = { 0 };
  GtkWindow *window;
  g_autoptr(GHashTable) unique = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  sim_setup (&f);
  d.view = KF_LOG_VIEW (kf_log_view_new ());
  window = show_in_window (GTK_WIDGET (d.view));
  /* timestamps on: every line of the simulated log is then unique */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d.view), "log.timestamps", NULL));
  g_object_set (d.view, "client", f.client, "namespace", "demo", "pods", f.pods, NULL);
  g_assert_true (kf_log_view_select_pod (d.view, f.worker));
  g_assert_true (wait_for (has_throughput_line, d.view, 20000));
  g_assert_null (kf_log_view_get_status_text (d.view));

  g_assert_cmpuint (kf_sim_server_cut_log_streams (f.sim->server), ==, 1);
  d.want = g_list_model_get_n_items (kf_log_view_get_lines (d.view)) + 3;
  g_assert_true (wait_for (reconnected, &d, 20000));
  g_assert_true (d.saw_reconnecting);
  g_assert_null (kf_log_view_get_error_text (d.view));
  screenshot (window, "log-view-reconnected");

  text = buffer_text (d.view);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      /* each line starts with its RFC 3339 timestamp */
      if (!g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d", lines[i], 0, 0))
        g_error ("line without a timestamp: %s", lines[i]);
      if (!g_hash_table_add (unique, lines[i]))
        g_error ("line shown twice: %s", lines[i]);
    }

  gtk_window_destroy (window);
  sim_teardown (&f);
}

typedef struct { KfTryItView *view; } TryData;

static gboolean
not_busy (gpointer data)
{
  return !kf_try_it_view_get_busy (data);
}

static void
test_try_it_sim (void)
{
  SimFixture f = { 0 };
  KfTryItView *view;
  GtkWindow *window;
  g_autofree char *prompt = NULL;

  sim_setup (&f);
  view = KF_TRY_IT_VIEW (kf_try_it_view_new ());
  window = show_in_window (GTK_WIDGET (view));
  kf_try_it_view_set_client (view, f.client);
  kf_try_it_view_set_target (view, "demo", "vllm-agg-frontend", "8000", "Qwen/Qwen3-0.6B");
  kf_try_it_view_set_prompt (view, "What is a GPU?");
  g_assert_true (kf_try_it_view_send (view));
  g_assert_true (kf_try_it_view_get_busy (view));
  g_assert_true (wait_for (not_busy, view, 30000));
  g_assert_null (kf_try_it_view_get_error_text (view));
  /* the simulated engine quotes the prompt */
  g_assert_nonnull (strstr (kf_try_it_view_get_reply (view), "What is a GPU?"));
  g_assert_cmpfloat (kf_try_it_view_get_ttft (view), >, 0);
  g_assert_cmpfloat (kf_try_it_view_get_ttft (view), <, 30);
  g_assert_false (isnan (kf_try_it_view_get_tokens_per_second (view)));
  g_assert_cmpfloat (kf_try_it_view_get_tokens_per_second (view), >, 0);
  screenshot (window, "try-it");

  /* a service with no ready pod: 503 inline, the prompt kept */
  kf_try_it_view_set_target (view, "demo", "no-such-service", "8000", "Qwen/Qwen3-0.6B");
  g_assert_true (kf_try_it_view_send (view));
  g_assert_true (wait_for (not_busy, view, 30000));
  g_assert_nonnull (kf_try_it_view_get_error_text (view));
  screenshot (window, "try-it-error");
  prompt = kf_try_it_view_dup_prompt (view);
  g_assert_cmpstr (prompt, ==, "What is a GPU?");
  gtk_window_destroy (window);
  sim_teardown (&f);
}

static gboolean
two_scrapes (gpointer data)
{
  return kf_metrics_view_get_n_scrapes (data) >= 2;
}

static void
test_metrics_sim (void)
{
  SimFixture f = { 0 };
  KfMetricsView *view;
  GtkWindow *window;
  const KfInferenceMetrics *m;

  sim_setup (&f);
  view = KF_METRICS_VIEW (kf_metrics_view_new ());
  kf_metrics_view_set_interval (view, 1);
  kf_metrics_view_set_client (view, f.client);
  kf_metrics_view_set_target (view, "demo", "vllm-agg-frontend", "8000", "vllm");
  /* not shown: no scraping */
  spin (300);
  g_assert_false (kf_metrics_view_get_running (view));
  g_assert_cmpuint (kf_metrics_view_get_n_scrapes (view), ==, 0);

  window = show_in_window (GTK_WIDGET (view));
  g_assert_true (kf_metrics_view_get_running (view));
  g_assert_true (wait_for (two_scrapes, view, 15000));
  g_assert_null (kf_metrics_view_get_error_text (view));
  m = kf_metrics_view_get_metrics (view);
  g_assert_nonnull (m);
  g_assert_true (m->windowed);
  g_assert_false (isnan (m->kv_cache_usage));
  g_assert_false (isnan (m->generation_tokens_per_second));
  g_assert_cmpfloat (m->generation_tokens_per_second, >=, 0);
  g_assert_cmpstr (kf_metrics_view_get_card_text (view, "kv-cache"), !=, "—");
  g_assert_cmpstr (kf_metrics_view_get_card_text (view, "generation-tps"), !=, "—");
  /* one frontend behind the Service, scraped through its pod proxy */
  g_assert_cmpuint (kf_metrics_view_get_n_pods (view), ==, 1);
  g_assert_cmpstr (kf_metrics_view_get_pods_text (view), ==, "1 pod");
  g_assert_null (kf_metrics_view_get_note_text (view));
  if (g_getenv ("KF_SCREENSHOT_DIR") != NULL)
    {
      /* a few more points on the charts */
      gint64 end = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
      while (g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, FALSE);
    }
  screenshot (window, "metrics");

  /* hidden: stops */
  gtk_widget_set_visible (GTK_WIDGET (view), FALSE);
  g_assert_false (kf_metrics_view_get_running (view));

  /* a service without ready endpoints: an inline error */
  gtk_widget_set_visible (GTK_WIDGET (view), TRUE);
  kf_metrics_view_set_target (view, "demo", "nothing-here", "8000", "vllm");
  spin (50);
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (kf_metrics_view_get_error_text (view) == NULL && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_nonnull (kf_metrics_view_get_error_text (view));
  screenshot (window, "metrics-error");
  gtk_window_destroy (window);
  sim_teardown (&f);
}

static gboolean
frontends_ready (gpointer data)
{
  SimFixture *f = data;
  guint status = 0, ready = 0;
  g_autoptr(JsonNode) list = kf_test_sim_request (f->sim, "admin", "GET",
                                                  "/api/v1/namespaces/demo/pods?labelSelector=nvidia.com%2Fselector%3Dvllm-agg-frontend",
                                                  NULL, NULL, &status);
  JsonArray *items;

  if (list == NULL || status != 200)
    return FALSE;
  items = json_object_get_array_member (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *st = json_object_get_object_member (json_array_get_object_element (items, i), "status");
      JsonArray *conds = st && json_object_has_member (st, "conditions") ? json_object_get_array_member (st, "conditions") : NULL;

      for (guint j = 0; conds && j < json_array_get_length (conds); j++)
        {
          JsonObject *c = json_array_get_object_element (conds, j);
          if (g_strcmp0 (json_object_get_string_member (c, "type"), "Ready") == 0 &&
              g_strcmp0 (json_object_get_string_member (c, "status"), "True") == 0)
            ready++;
        }
    }
  return ready == 2 && json_array_get_length (items) == 2;
}

static gboolean
two_pod_scrapes (gpointer data)
{
  const KfInferenceMetrics *m = kf_metrics_view_get_metrics (data);

  return m != NULL && m->windowed && kf_metrics_view_get_n_pods (data) == 2 &&
         !isnan (m->generation_tokens_per_second);
}

/* Two frontends: each scraped through its pod proxy, rates summed per pod,
 * "2 pods" shown */
static void
test_metrics_replicas_sim (void)
{
  SimFixture f = { 0 };
  KfMetricsView *view;
  GtkWindow *window;
  const KfInferenceMetrics *m;
  g_autoptr(JsonNode) patched = NULL;
  guint status = 0;

  sim_setup (&f);
  patched = kf_test_sim_request (f.sim, "admin", "PATCH",
                                 "/apis/nvidia.com/v1alpha1/namespaces/demo/dynamographdeployments/vllm-agg",
                                 "application/merge-patch+json",
                                 "{\"spec\":{\"services\":{\"Frontend\":{\"replicas\":2}}}}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (wait_for (frontends_ready, &f, 60000));

  view = KF_METRICS_VIEW (kf_metrics_view_new ());
  kf_metrics_view_set_interval (view, 1);
  kf_metrics_view_set_client (view, f.client);
  kf_metrics_view_set_target (view, "demo", "vllm-agg-frontend", "8000", "vllm");
  window = show_in_window (GTK_WIDGET (view));
  g_assert_true (wait_for (two_pod_scrapes, view, 20000));
  g_assert_null (kf_metrics_view_get_error_text (view));
  g_assert_null (kf_metrics_view_get_note_text (view));
  m = kf_metrics_view_get_metrics (view);
  g_assert_cmpuint (m->n_sources, ==, 2);
  g_assert_cmpfloat (m->generation_tokens_per_second, >=, 0);
  g_assert_cmpfloat (m->prompt_tokens_per_second, >=, 0);
  g_assert_false (isnan (m->kv_cache_usage_max));
  g_assert_cmpfloat (m->kv_cache_usage_max + 1e-9, >=, m->kv_cache_usage);
  g_assert_cmpstr (kf_metrics_view_get_pods_text (view), ==, "2 pods");
  g_assert_cmpstr (kf_metrics_view_get_card_text (view, "running"), !=, "—");
  g_assert_cmpstr (kf_metrics_view_get_card_text (view, "generation-tps"), !=, "—");
  g_assert_cmpstr (kf_metrics_view_get_card_text (view, "kv-cache"), !=, "—");
  screenshot (window, "metrics-2-pods");
  gtk_window_destroy (window);
  sim_teardown (&f);
}

static guint
count_ready (SimFixture *f,
             const char *path)
{
  guint status = 0, ready = 0;
  g_autoptr(JsonNode) list = kf_test_sim_request (f->sim, "admin", "GET", path, NULL, NULL, &status);
  JsonArray *items;

  if (list == NULL || status != 200)
    return 0;
  items = json_object_get_array_member (json_node_get_object (list), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *st = json_object_get_object_member (json_array_get_object_element (items, i), "status");
      JsonArray *conds = st && json_object_has_member (st, "conditions") ? json_object_get_array_member (st, "conditions") : NULL;

      for (guint j = 0; conds && j < json_array_get_length (conds); j++)
        {
          JsonObject *c = json_array_get_object_element (conds, j);
          if (g_strcmp0 (json_object_get_string_member (c, "type"), "Ready") == 0 &&
              g_strcmp0 (json_object_get_string_member (c, "status"), "True") == 0)
            ready++;
        }
    }
  return ready == json_array_get_length (items) ? ready : 0;
}

static gboolean
sglang_ready (gpointer data)
{
  /* frontend and worker */
  return count_ready (data, "/api/v1/namespaces/demo/pods?labelSelector="
                            "nvidia.com%2Fdynamo-graph-deployment-name%3Dsglang-agg") == 2;
}

static gboolean
windowed_scrape (gpointer data)
{
  const KfInferenceMetrics *m = kf_metrics_view_get_metrics (data);

  return m != NULL && m->windowed;
}

/* SGLang behind Dynamo: the cards come from sglang:* names */
static void
test_metrics_sglang_sim (void)
{
  SimFixture f = { 0 };
  g_autofree char *file = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", "dynamo", "v1alpha1",
                                            "sglang-agg.yaml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dgd = kf_yaml_parse_file (file, &error);
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *body = NULL;
  KfMetricsView *view;
  GtkWindow *window;
  const KfInferenceMetrics *m;
  guint status = 0;

  g_assert_no_error (error);
  sim_setup (&f);
  body = json_to_string (dgd, FALSE);
  created = kf_test_sim_request (f.sim, "admin", "POST", "/apis/nvidia.com/v1alpha1/namespaces/demo/dynamographdeployments",
                                 "application/json", body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_true (wait_for (sglang_ready, &f, 60000));

  view = KF_METRICS_VIEW (kf_metrics_view_new ());
  kf_metrics_view_set_interval (view, 1);
  kf_metrics_view_set_client (view, f.client);
  kf_metrics_view_set_target (view, "demo", "sglang-agg-frontend", "8000", "sglang");
  window = show_in_window (GTK_WIDGET (view));
  g_assert_true (wait_for (windowed_scrape, view, 20000));
  g_assert_null (kf_metrics_view_get_error_text (view));
  m = kf_metrics_view_get_metrics (view);
  g_assert_cmpint (m->engine, ==, KF_INFERENCE_ENGINE_SGLANG);
  g_assert_cmpstr (m->kv_cache_metric, ==, "sglang:token_usage");
  g_assert_cmpstr (m->generation_tokens_metric, ==, "sglang:generation_tokens_total");
  g_assert_cmpstr (kf_metrics_view_get_pods_text (view), ==, "1 pod");
  g_assert_cmpstr (kf_metrics_view_get_card_text (view, "running"), !=, "—");
  g_assert_cmpstr (kf_metrics_view_get_card_text (view, "kv-cache"), !=, "—");
  g_assert_cmpstr (kf_metrics_view_get_card_text (view, "generation-tps"), !=, "—");
  gtk_window_destroy (window);
  sim_teardown (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();
  g_test_add_func ("/log-view/lines-cap-search", test_log_lines_cap_search);
  g_test_add_func ("/log-view/pause-on-scroll-up", test_log_pause_on_scroll_up);
  g_test_add_func ("/log-view/narrow", test_log_narrow);
  g_test_add_func ("/log-view/details-tabs-narrow", test_details_tabs_narrow);
  g_test_add_func ("/log-view/follow-sim", test_log_follow_sim);
  g_test_add_func ("/log-view/previous-error-sim", test_log_previous_error_sim);
  g_test_add_func ("/log-view/reconnect-sim", test_log_reconnect_sim);
  g_test_add_func ("/try-it/sim", test_try_it_sim);
  g_test_add_func ("/metrics-view/sim", test_metrics_sim);
  g_test_add_func ("/metrics-view/replicas-sim", test_metrics_replicas_sim);
  g_test_add_func ("/metrics-view/sglang-sim", test_metrics_sglang_sim);
  return g_test_run ();
}
