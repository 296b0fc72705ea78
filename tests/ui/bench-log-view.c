/* bench-log-view.c: lines/s into KfLogView and the longest main-loop stall
 * while a fast stream feeds it, next to the same lines appended to a plain
 * GString (the floor) in the same run.
 *
 * The stream is simulated by a 1 ms timeout at the default priority (where
 * socket reads run) handing CHUNK lines to the view each time, as fast as the
 * main loop lets it; a high-priority 1 ms timeout measures the longest gap
 * between its runs (the longest stall: nothing, input included, is handled
 * meanwhile), and a frame-clock tick callback counts the frames drawn. The
 * view is measured twice: plain, and with a search highlighting 2 % of the
 * lines, after an unmeasured warm-up (5,000 lines: fonts and glyph caches
 * loaded as when the Logs tab has shown something). BENCH_CAP=N sets the view's line cap (default 100,000, the GSettings
 * default); BENCH_LINES=N the number of lines (default 200,000).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <adwaita.h>

#include "kf-log-view.h"

#define CHUNK    2000      /* lines per network read, roughly */

typedef struct
{
  KfLogView *view;
  char     **lines;
  guint      n_lines;
  guint      next;
  gint64     last_tick;
  gint64     max_gap;
  gint64     last_frame;
  gint64     max_frame_gap;
  guint      n_frames;
  gboolean   fed;
} Bench;

static gboolean
tick_cb (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();

  if (b->last_tick != 0 && now - b->last_tick > b->max_gap)
    b->max_gap = now - b->last_tick;
  b->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
frame_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();

  if (b->last_frame != 0 && now - b->last_frame > b->max_frame_gap)
    b->max_frame_gap = now - b->last_frame;
  b->last_frame = now;
  b->n_frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
feed_cb (gpointer data)
{
  Bench *b = data;
  for (guint i = 0; i < CHUNK && b->next < b->n_lines; i++)
    kf_log_view_append_line (b->view, b->lines[b->next++]);
  if (b->next < b->n_lines)
    return G_SOURCE_CONTINUE;
  b->fed = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
run (Bench      *b,
     guint       cap,
     const char *search,
     const char *label,
     gboolean    print)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  g_autofree char *row = NULL;
  gint64 t0, t1;
  guint tick_id, frame_id;
  double secs;

  gtk_window_set_default_size (window, 1200, 700);
  b->view = KF_LOG_VIEW (kf_log_view_new ());
  kf_log_view_set_max_lines (b->view, cap);
  gtk_window_set_child (window, GTK_WIDGET (b->view));
  gtk_window_present (window);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  if (search != NULL)
    {
      kf_log_view_set_search (b->view, search);
      t0 = g_get_monotonic_time ();
      while (g_get_monotonic_time () - t0 < 500000)   /* the search entry's delay */
        g_main_context_iteration (NULL, FALSE);
      kf_log_view_set_search (b->view, search);
    }

  b->next = 0;
  b->fed = FALSE;
  b->last_tick = b->max_gap = b->last_frame = b->max_frame_gap = 0;
  b->n_frames = 0;
  t0 = g_get_monotonic_time ();
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, b, NULL);
  frame_id = gtk_widget_add_tick_callback (GTK_WIDGET (b->view), frame_cb, b, NULL);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 1, feed_cb, b, NULL);
  while (!b->fed || kf_log_view_get_n_pending (b->view) > 0 || !kf_log_view_get_search_done (b->view))
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();
  g_source_remove (tick_id);
  gtk_widget_remove_tick_callback (GTK_WIDGET (b->view), frame_id);

  secs = (t1 - t0) / 1e6;
  if (!print)
    {
      spin (300);   /* drawn too */
      gtk_window_destroy (window);
      return;
    }
  row = g_strdup_printf ("%s (cap %u)", label, kf_log_view_get_max_lines (b->view));
  g_print ("%-40s %9.3f %12.0f %11.1f ms %8u %11.1f ms\n", row, secs, b->n_lines / secs,
           b->max_gap / 1000.0, b->n_frames, b->max_frame_gap / 1000.0);
  g_print ("%-40s lines kept: %u; matches: %u\n", "", g_list_model_get_n_items (kf_log_view_get_lines (b->view)),
           kf_log_view_get_n_matches (b->view));
  gtk_window_destroy (window);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int argc, char **argv)
{
  Bench b = { 0 };
  gint64 g0, g1;
  g_autoptr(GString) floor_s = g_string_new (NULL);
  guint cap = g_getenv ("BENCH_CAP") ? (guint) atoi (g_getenv ("BENCH_CAP")) : 100000;
  double gstring_s;

  if (!gtk_init_check ())
    {
      g_print ("bench-log-view: no display, skipped\n");
      return 77;
    }
  adw_init ();

  b.n_lines = g_getenv ("BENCH_LINES") ? (guint) atoi (g_getenv ("BENCH_LINES")) : 200000;
  b.lines = g_new0 (char *, b.n_lines + 1);
  for (guint i = 0; i < b.n_lines; i++)
    b.lines[i] = g_strdup_printf (i % 50 == 0
                                    ? "\033[33mWARNING\033[0m 11-26 14:%02u:%02u [engine.py:%u] Engine 000: Avg prompt throughput: %u.0 tokens/s, \033[1mRunning: %u reqs\033[0m"
                                    : "INFO 11-26 14:%02u:%02u [metrics.py:%u] Engine 000: Avg prompt throughput: %u.0 tokens/s, Running: %u reqs, Waiting: 0 reqs",
                                  (i / 60) % 60, i % 60, i % 997, i % 1000, i % 17);

  /* the floor: the same lines into a GString */
  g0 = g_get_monotonic_time ();
  for (guint i = 0; i < b.n_lines; i++)
    {
      g_string_append (floor_s, b.lines[i]);
      g_string_append_c (floor_s, '\n');
    }
  g1 = g_get_monotonic_time ();
  gstring_s = (g1 - g0) / 1e6;

  g_print ("\n%u log lines (2%% with ANSI), fed %u per 1 ms read\n", b.n_lines, CHUNK);
  /* a warm-up (not measured): fonts, glyph caches, the widget types */
  {
    guint n = b.n_lines;
    b.n_lines = MIN (n, 5000);
    run (&b, cap, NULL, NULL, FALSE);
    b.n_lines = n;
  }
  g_print ("%-40s %9s %12s %14s %8s %14s\n", "", "seconds", "lines/s", "longest stall", "frames", "longest frame");
  run (&b, cap, NULL, "KfLogView (GtkListView)", TRUE);
  run (&b, cap, "warning", "KfLogView, searching \"warning\"", TRUE);
  g_print ("%-40s %9.3f %12.0f %14s\n", "GString append (floor)", gstring_s, b.n_lines / gstring_s, "—");

  g_strfreev (b.lines);
  return 0;
}
