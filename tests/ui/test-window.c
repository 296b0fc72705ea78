/* test-window.c: the main window, its pages, actions and dialogs (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "kf-application.h"
#include "kf-preferences-window.h"
#include "kf-window.h"

static KfApplication *app;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static KfWindow *
new_window (void)
{
  KfWindow *window = kf_window_new (ADW_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  spin (50);
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

static void
test_pages_exist (void)
{
  KfWindow *window = new_window ();
  const char *pages[] = { "models", "deployments", "runtimes", "cluster" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      kf_window_set_page (window, pages[i]);
      g_assert_cmpstr (kf_window_get_page (window), ==, pages[i]);
    }
  gtk_window_destroy (GTK_WINDOW (window));
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
  spin (50);
  prefs = find_toplevel (KF_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (prefs) == GTK_WINDOW (window));
  gtk_window_destroy (prefs);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  spin (50);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  spin (50);
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
  gtk_window_close (GTK_WINDOW (window));
  spin (50);
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
  g_test_add_func ("/window/actions-switch-pages", test_actions_switch_pages);
  g_test_add_func ("/window/dialogs-open", test_dialogs_open);
  g_test_add_func ("/window/size-saved", test_window_size_saved);

  return g_test_run ();
}
