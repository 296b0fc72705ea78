/* test-window.c: the main window, its pages, actions and dialogs (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kf-application.h"
#include "kf-cluster-status-button.h"
#include "kf-context-switcher.h"
#include "kf-preferences-window.h"
#include "kf-window.h"

/* LeakSanitizer's defaults for this program (LSAN_OPTIONS from the environment
 * still win).  GTK's font caches are suppressed by library name (tests/lsan.supp),
 * which only matches with full stacks: Debian's libraries have no frame pointers,
 * so the fast unwinder stops after a frame or two. */
const char *__lsan_default_options (void);
const char *
__lsan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

static const char * const page_names[] = { "models", "deployments", "runtimes", "cluster" };

static KfApplication *app;

/* Runs the main loop until COND holds, for at most 20 s: no fixed sleeps, so the
 * tests neither flake on a loaded machine or under ASan nor wait for nothing.
 * The caller asserts COND afterwards. */
#define WAIT_UNTIL(cond) G_STMT_START {                                  \
    gint64 wait_end_ = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;     \
    while (!(cond) && g_get_monotonic_time () < wait_end_)                \
      {                                                                   \
        if (!g_main_context_iteration (NULL, FALSE))                      \
          g_usleep (1000);                                                \
      }                                                                   \
  } G_STMT_END

static KfWindow *
new_window (void)
{
  KfWindow *window = kf_window_new (ADW_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)) && gtk_widget_get_width (GTK_WIDGET (window)) > 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
    }
  return NULL;
}

typedef gboolean (*WidgetPredicate) (GtkWidget *widget, gconstpointer data);

/* Depth-first, in widget order; popovers are children of their buttons. */
static GtkWidget *
find_descendant (GtkWidget       *widget,
                 GType            type,
                 WidgetPredicate  predicate,
                 gconstpointer    data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (predicate == NULL || predicate (widget, data)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, predicate, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_descendants (GtkWidget *widget,
                     GType      type,
                     GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_descendants (child, type, out);
}

static gboolean
not_in_popover (GtkWidget     *widget,
                gconstpointer  unused)
{
  return gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) == NULL;
}

static gboolean
is_sidebar (GtkWidget     *widget,
            gconstpointer  unused)
{
  return not_in_popover (widget, NULL) && g_strcmp0 (gtk_widget_get_name (widget), "sidebar") == 0;
}

/* The sidebar's list of pages (pages hold list boxes of their own; the
 * context switcher's list sits in a popover). */
static GtkListBox *
find_sidebar (KfWindow *window)
{
  return GTK_LIST_BOX (find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, is_sidebar, NULL));
}

static gboolean
has_action_name (GtkWidget     *widget,
                 gconstpointer  name)
{
  return g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), name) == 0;
}

/* The content header's title: the page on show. */
static const char *
window_title (KfWindow *window)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, titles);
  g_assert_cmpuint (titles->len, ==, 1);
  return adw_window_title_get_title (g_ptr_array_index (titles, 0));
}

static void
test_pages_exist (void)
{
  KfWindow *window = new_window ();
  AdwViewStack *stack = ADW_VIEW_STACK (find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL, NULL));
  GtkListBox *sidebar = find_sidebar (window);
  const char *titles[] = { "Models", "Deployments", "Runtimes", "Cluster" };

  g_assert_nonnull (stack);
  g_assert_nonnull (sidebar);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, page_names[i]);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (sidebar, i);

      /* a page per sidebar row, in the same order, with a title */
      g_assert_nonnull (child);
      g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (stack, child)), ==, titles[i]);
      g_assert_nonnull (row);
      g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (row)), ==, page_names[i]);

      kf_window_set_page (window, page_names[i]);
      g_assert_cmpstr (kf_window_get_page (window), ==, page_names[i]);
      g_assert_true (adw_view_stack_get_visible_child (stack) == child);
      g_assert_cmpstr (window_title (window), ==, titles[i]);
      /* selection kept in sync with the page */
      g_assert_true (gtk_list_box_get_selected_row (sidebar) == row);
    }
  g_assert_null (gtk_list_box_get_row_at_index (sidebar, G_N_ELEMENTS (page_names)));

  /* picking a row in the sidebar shows its page */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (sidebar, 1), "activate");
  g_assert_cmpstr (kf_window_get_page (window), ==, "deployments");
  gtk_list_box_select_row (sidebar, gtk_list_box_get_row_at_index (sidebar, 2));
  g_assert_cmpstr (kf_window_get_page (window), ==, "runtimes");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_accelerators (void)
{
  static const struct { const char *action; const char *accel; } expected[] = {
    { "app.quit", "<Control>q" },
    { "app.preferences", "<Control>comma" },
    { "win.show-help-overlay", "<Control>question" },
    { "window.close", "<Control>w" },
    { "win.show-page::models", "<Control>1" },
    { "win.show-page::deployments", "<Control>2" },
    { "win.show-page::runtimes", "<Control>3" },
    { "win.show-page::cluster", "<Control>4" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), expected[i].action);
      g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), expected[i].accel);

      g_assert_nonnull (accels);
      g_assert_cmpstr (accels[0], ==, expected[i].accel);
      /* and no other action claims the same key */
      g_assert_cmpuint (g_strv_length (actions), ==, 1);
    }
}

static void
test_narrow_folds (void)
{
  KfWindow *window = kf_window_new (ADW_APPLICATION (app));
  AdwLeaflet *leaflet;
  GtkWidget *back;
  GtkListBox *sidebar;
  KfClusterStatusButton *status = kf_window_get_status_button (window);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  leaflet = ADW_LEAFLET (find_descendant (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL, NULL));
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) > 0 && adw_leaflet_get_folded (leaflet));

  back = find_descendant (GTK_WIDGET (window), GTK_TYPE_BUTTON, has_action_name, "win.back");
  sidebar = find_sidebar (window);
  g_assert_nonnull (back);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  /* folded: the status indicator shrinks to its dot */
  g_assert_true (kf_cluster_status_button_get_compact (status));

  /* a narrow window opens on the remembered page, with a back button */
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  g_assert_true (gtk_widget_get_visible (back));

  /* the back button leads to the list of pages, focus on the page we came from */
  kf_window_set_page (window, "deployments");
  gtk_widget_activate (back);
  /* a button emits ::clicked when its 250 ms "pressed" look ends */
  WAIT_UNTIL (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "sidebar") == 0);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar, 1))));
  /* folded, no row stays highlighted: the list is a list of destinations */
  g_assert_null (gtk_list_box_get_selected_row (sidebar));

  /* picking a page slides to it; focus follows to the back button */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (sidebar, 3), "activate");
  g_assert_cmpstr (kf_window_get_page (window), ==, "cluster");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  g_assert_true (gtk_widget_has_focus (back));

  gtk_widget_activate (back);
  WAIT_UNTIL (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "sidebar") == 0);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");

  /* navigating back some other way (Alt+←, a swipe) moves focus too */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (sidebar, 0), "activate");
  g_assert_true (gtk_widget_has_focus (back));
  g_assert_true (adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar, 0))));

  /* accelerators navigate too */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "runtimes"));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  g_assert_cmpstr (kf_window_get_page (window), ==, "runtimes");

  /* widening unfolds it: both panes, and the row of the page on show is highlighted again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "runtimes"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  WAIT_UNTIL (!adw_leaflet_get_folded (leaflet));
  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_false (kf_cluster_status_button_get_compact (status));
  g_assert_true (gtk_list_box_get_selected_row (sidebar) == gtk_list_box_get_row_at_index (sidebar, 2));

  gtk_window_destroy (GTK_WINDOW (window));

  /* a wide window shows both panes, no back button, and the full status label */
  window = new_window ();
  leaflet = ADW_LEAFLET (find_descendant (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL, NULL));
  back = find_descendant (GTK_WIDGET (window), GTK_TYPE_BUTTON, has_action_name, "win.back");
  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_false (gtk_widget_get_visible (back));
  g_assert_false (kf_cluster_status_button_get_compact (kf_window_get_status_button (window)));
  g_assert_nonnull (gtk_list_box_get_selected_row (find_sidebar (window)));
  /* Back does nothing when both panes show */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_icon_buttons_labelled (void)
{
  KfWindow *window = new_window ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  guint n_icon_only = 0;

  collect_descendants (GTK_WIDGET (window), GTK_TYPE_BUTTON, buttons);
  collect_descendants (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GtkWidget *parent = gtk_widget_get_parent (button);
      const char *tooltip = gtk_widget_get_tooltip_text (button);
      gboolean icon_only = GTK_IS_BUTTON (button)
        ? gtk_button_get_icon_name (GTK_BUTTON (button)) != NULL && gtk_button_get_label (GTK_BUTTON (button)) == NULL
        : gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)) != NULL;

      /* the toggle button inside a GtkMenuButton inherits its tooltip */
      if (tooltip == NULL && GTK_IS_MENU_BUTTON (parent))
        tooltip = gtk_widget_get_tooltip_text (parent);
      /* libadwaita's own window controls carry their tooltips; a spin
       * button's +/- are GTK's own, named by the spin button */
      if (gtk_widget_get_ancestor (button, GTK_TYPE_WINDOW_CONTROLS) != NULL ||
          gtk_widget_get_ancestor (button, GTK_TYPE_SPIN_BUTTON) != NULL)
        continue;
      /* a hidden button (GtkInfoBar's unused close button) is never seen */
      if (!gtk_widget_get_visible (button))
        continue;
      if (icon_only)
        {
          n_icon_only++;
          if (tooltip == NULL)
            g_test_message ("icon-only button without a tooltip: %s icon %s in %s",
                            G_OBJECT_TYPE_NAME (button),
                            GTK_IS_BUTTON (button) ? gtk_button_get_icon_name (GTK_BUTTON (button)) : "",
                            G_OBJECT_TYPE_NAME (gtk_widget_get_ancestor (button, GTK_TYPE_WIDGET) ?
                                                gtk_widget_get_parent (gtk_widget_get_parent (button)) : button));
          g_assert_nonnull (tooltip);
          g_assert_cmpstr (tooltip, !=, "");
        }
    }
  /* back and main menu at least */
  g_assert_cmpuint (n_icon_only, >=, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_status_button (void)
{
  KfWindow *window = new_window ();
  KfClusterStatusButton *status = kf_window_get_status_button (window);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *menu_button = find_descendant (GTK_WIDGET (status), GTK_TYPE_MENU_BUTTON, NULL, NULL);
  GtkWidget *dot = find_descendant (GTK_WIDGET (status), GTK_TYPE_WIDGET, (WidgetPredicate) gtk_widget_has_css_class, "cluster-status-dot");
  GtkLabel *label, *title, *detail;
  guint notified = 0;
  static const struct { KfClusterState state; const char *label; const char *dot_class; } states[] = {
    { KF_CLUSTER_STATE_CONNECTING, "Connecting…", "connecting" },
    { KF_CLUSTER_STATE_CONNECTED, "Connected", "connected" },
    { KF_CLUSTER_STATE_UNREACHABLE, "Unreachable", "error" },
    { KF_CLUSTER_STATE_UNAUTHORIZED, "Unauthorized", "error" },
    { KF_CLUSTER_STATE_TLS_ERROR, "TLS Error", "error" },
    { KF_CLUSTER_STATE_NOT_CONFIGURED, "Not Configured", "neutral" },
  };

  g_assert_nonnull (status);
  g_assert_nonnull (menu_button);
  g_assert_nonnull (dot);
  collect_descendants (GTK_WIDGET (status), GTK_TYPE_LABEL, labels);
  /* the button's label, the popover's title and detail (then its buttons') */
  g_assert_cmpuint (labels->len, >=, 3);
  label = g_ptr_array_index (labels, 0);
  title = g_ptr_array_index (labels, 1);
  detail = g_ptr_array_index (labels, 2);

  /* a new window has no cluster */
  g_assert_cmpint (kf_cluster_status_button_get_state (status), ==, KF_CLUSTER_STATE_NOT_CONFIGURED);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Not Configured");
  g_assert_nonnull (strstr (gtk_label_get_label (detail), "kubeconfig"));

  g_signal_connect (status, "notify::state", G_CALLBACK (notify_count_cb), &notified);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *tooltip = g_strdup_printf ("Cluster status: %s", states[i].label);

      kf_cluster_status_button_set_state (status, states[i].state);
      g_assert_cmpint (kf_cluster_status_button_get_state (status), ==, states[i].state);
      g_assert_cmpstr (gtk_label_get_label (label), ==, states[i].label);
      g_assert_cmpstr (gtk_label_get_label (title), ==, states[i].label);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (menu_button), ==, tooltip);
      g_assert_true (gtk_widget_has_css_class (dot, states[i].dot_class));
      /* every state explains itself in the popover */
      g_assert_cmpstr (gtk_label_get_label (detail), !=, "");
      /* the spinner replaces the dot while connecting */
      g_assert_cmpint (gtk_widget_get_visible (dot), ==, states[i].state != KF_CLUSTER_STATE_CONNECTING);
    }
  g_assert_cmpuint (notified, ==, G_N_ELEMENTS (states));

  /* notify only on change */
  kf_cluster_status_button_set_state (status, KF_CLUSTER_STATE_NOT_CONFIGURED);
  g_assert_cmpuint (notified, ==, G_N_ELEMENTS (states));

  /* the caller's detail replaces the default, and NULL restores it */
  kf_cluster_status_button_set_status (status, KF_CLUSTER_STATE_UNREACHABLE,
                                       "https://10.0.0.1:6443: Connection refused");
  g_assert_cmpstr (gtk_label_get_label (detail), ==, "https://10.0.0.1:6443: Connection refused");
  g_assert_cmpstr (kf_cluster_status_button_get_detail (status), ==, "https://10.0.0.1:6443: Connection refused");
  g_assert_true (gtk_widget_has_css_class (dot, "error"));
  g_assert_false (gtk_widget_has_css_class (dot, "neutral"));
  kf_cluster_status_button_set_detail (status, NULL);
  g_assert_null (kf_cluster_status_button_get_detail (status));
  g_assert_nonnull (strstr (gtk_label_get_label (detail), "did not answer"));

  /* compact: only the dot shows, the name stays in the tooltip */
  kf_cluster_status_button_set_compact (status, TRUE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (label)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (menu_button), ==, "Cluster status: Unreachable");
  kf_cluster_status_button_set_compact (status, FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));

  /* the property is an enum GType with stable nicks, usable from .ui files and bindings */
  {
    g_autoptr(GEnumClass) klass = g_type_class_ref (KF_TYPE_CLUSTER_STATE);
    const char *nicks[] = { "not-configured", "connecting", "connected", "unreachable", "unauthorized", "tls-error", "config-error" };

    g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (nicks));
    for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
      g_assert_cmpint (g_enum_get_value_by_nick (klass, nicks[i])->value, ==, (int) i);
  }
  g_object_set (status, "state", KF_CLUSTER_STATE_CONNECTED, NULL);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Connected");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
context_activated_cb (KfContextSwitcher *switcher,
                      const char        *name,
                      gpointer           user_data)
{
  g_free (*(char **) user_data);
  *(char **) user_data = g_strdup (name);
}

static void
test_context_switcher (void)
{
  KfWindow *window = new_window ();
  /* the widget on its own: the window's switcher follows its session (tests/ui/test-connection.c) */
  GtkWidget *holder = gtk_window_new ();
  KfContextSwitcher *switcher = KF_CONTEXT_SWITCHER (kf_context_switcher_new ());
  g_autoptr(GtkStringList) contexts = gtk_string_list_new ((const char * const[]) { "kind-dev", "prod-eu", NULL });
  GtkLabel *label = GTK_LABEL (find_descendant (GTK_WIDGET (switcher), GTK_TYPE_LABEL, NULL, NULL));
  GtkListBox *list = GTK_LIST_BOX (find_descendant (GTK_WIDGET (switcher), GTK_TYPE_LIST_BOX, NULL, NULL));
  g_autofree char *activated = NULL;

  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (switcher));
  g_assert_nonnull (switcher);
  g_assert_nonnull (list);
  /* empty for now: "No Cluster" and no rows */
  g_assert_cmpstr (gtk_label_get_label (label), ==, "No Cluster");
  g_assert_null (kf_context_switcher_get_current (switcher));
  g_assert_null (gtk_list_box_get_row_at_index (list, 0));

  kf_context_switcher_set_contexts (switcher, G_LIST_MODEL (contexts));
  kf_context_switcher_set_current (switcher, "prod-eu");
  g_assert_cmpstr (gtk_label_get_label (label), ==, "prod-eu");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));

  /* the list follows the model */
  gtk_string_list_append (contexts, "staging");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 2));

  /* picking a row asks for the switch; the caller decides */
  g_signal_connect (switcher, "context-activated", G_CALLBACK (context_activated_cb), &activated);
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (list, 0), "activate");
  g_assert_cmpstr (activated, ==, "kind-dev");
  g_assert_cmpstr (kf_context_switcher_get_current (switcher), ==, "prod-eu");

  kf_context_switcher_set_current (switcher, "");
  g_assert_null (kf_context_switcher_get_current (switcher));
  g_assert_cmpstr (gtk_label_get_label (label), ==, "No Cluster");
  kf_context_switcher_set_contexts (switcher, NULL);
  g_assert_null (gtk_list_box_get_row_at_index (list, 0));

  gtk_window_destroy (GTK_WINDOW (holder));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_finalizes (void)
{
  KfWindow *window = new_window ();

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  WAIT_UNTIL (G_OBJECT (window)->ref_count == 1);
  /* nothing (template children, bindings, settings) keeps the window alive */
  g_assert_finalize_object (window);
}

static void
test_actions_switch_pages (void)
{
  KfWindow *window = new_window ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *pages[] = { "deployments", "runtimes", "cluster", "models" };
  guint n_accels = 0;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *detailed = g_strdup_printf ("win.show-page::%s", pages[i]);
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), detailed);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      g_assert_cmpstr (kf_window_get_page (window), ==, pages[i]);
      /* the last page is remembered */
      {
        g_autofree char *saved = g_settings_get_string (settings, "last-page");
        g_assert_cmpstr (saved, ==, pages[i]);
      }
      n_accels += g_strv_length (accels);
    }
  /* Ctrl+1…4 */
  g_assert_cmpuint (n_accels, ==, 4);
  gtk_window_destroy (GTK_WINDOW (window));

  /* a new window opens on the last page */
  g_settings_set_string (settings, "last-page", "runtimes");
  window = new_window ();
  g_assert_cmpstr (kf_window_get_page (window), ==, "runtimes");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_dialogs_open (void)
{
  KfWindow *window = new_window ();
  GtkWindow *prefs, *about, *shortcuts;
  g_auto(GStrv) quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_auto(GStrv) prefs_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");

  g_assert_cmpstr (quit_accels[0], ==, "<Control>q");
  g_assert_cmpstr (prefs_accels[0], ==, "<Control>comma");

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  /* the actions open their windows synchronously */
  prefs = find_toplevel (KF_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (prefs) == GTK_WINDOW (window));
  gtk_window_destroy (prefs);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  /* the actions open their windows synchronously */
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  /* its icon resolves even uninstalled (bundled in the GResource), not the missing-image icon */
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()), APP_ID));
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  /* the actions open their windows synchronously */
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  gtk_window_close (shortcuts);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_size_saved (void)
{
  KfWindow *window = new_window ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  gtk_window_close (GTK_WINDOW (window));  /* ::close-request saves, synchronously */
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = kf_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  /* startup has run: app actions and accelerators exist */

  g_test_add_func ("/window/pages-exist", test_pages_exist);
  g_test_add_func ("/window/accelerators", test_accelerators);
  g_test_add_func ("/window/narrow-folds", test_narrow_folds);
  g_test_add_func ("/window/icon-buttons-labelled", test_icon_buttons_labelled);
  g_test_add_func ("/window/status-button", test_status_button);
  g_test_add_func ("/window/context-switcher", test_context_switcher);
  g_test_add_func ("/window/finalizes", test_window_finalizes);
  g_test_add_func ("/window/actions-switch-pages", test_actions_switch_pages);
  g_test_add_func ("/window/dialogs-open", test_dialogs_open);
  g_test_add_func ("/window/size-saved", test_window_size_saved);

  return g_test_run ();
}
