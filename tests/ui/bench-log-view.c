/* bench-log-view.c: lines/s into KfLogView and the longest main-loop stall
 * while a fast stream feeds it, next to the same lines appended to a plain
 * GString (the floor) in the same run. BENCH_CAP=N sets the view's line cap
 * (default 100,000, the GSettings default).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <adwaita.h>

#include "kf-log-view.h"

#define N_LINES  200000
#define CHUNK    2000      /* lines per network read, roughly */

typedef struct
{
  KfLogView *view;
  char     **lines;
  guint      next;
  gint64     last_tick;
  gint64     max_gap;
  guint      n_ticks;
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
  b->n_ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
feed_cb (gpointer data)
{
  Bench *b = data;

  for (guint i = 0; i < CHUNK && b->next < N_LINES; i++)
    kf_log_view_append_line (b->view, b->lines[b->next++]);
  if (b->next < N_LINES)
    return G_SOURCE_CONTINUE;
  b->fed = TRUE;
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  Bench b = { 0 };
  GtkWindow *window;
  gint64 t0, t1, g0, g1;
  g_autoptr(GString) floor_s = g_string_new (NULL);
  guint tick_id, feed_id;
  double view_s, gstring_s;

  if (!gtk_init_check ())
    {
      g_print ("bench-log-view: no display, skipped\n");
      return 77;
    }
  adw_init ();

  b.lines = g_new0 (char *, N_LINES + 1);
  for (guint i = 0; i < N_LINES; i++)
    b.lines[i] = g_strdup_printf (i % 50 == 0
                                    ? "\033[33mWARNING\033[0m 11-26 14:%02u:%02u [engine.py:%u] Engine 000: Avg prompt throughput: %u.0 tokens/s, \033[1mRunning: %u reqs\033[0m"
                                    : "INFO 11-26 14:%02u:%02u [metrics.py:%u] Engine 000: Avg prompt throughput: %u.0 tokens/s, Running: %u reqs, Waiting: 0 reqs",
                                  (i / 60) % 60, i % 60, i % 997, i % 1000, i % 17);

  /* the floor: the same lines into a GString */
  g0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_LINES; i++)
    {
      g_string_append (floor_s, b.lines[i]);
      g_string_append_c (floor_s, '\n');
    }
  g1 = g_get_monotonic_time ();

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1200, 700);
  b.view = KF_LOG_VIEW (kf_log_view_new ());
  kf_log_view_set_max_lines (b.view, g_getenv ("BENCH_CAP") ? atoi (g_getenv ("BENCH_CAP")) : 100000);
  gtk_window_set_child (window, GTK_WIDGET (b.view));
  gtk_window_present (window);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  t0 = g_get_monotonic_time ();
  tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, &b, NULL);
  feed_id = g_idle_add_full (G_PRIORITY_DEFAULT, feed_cb, &b, NULL);
  while (!b.fed || kf_log_view_get_n_pending (b.view) > 0)
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();
  g_source_remove (tick_id);
  (void) feed_id;

  view_s = (t1 - t0) / 1e6;
  gstring_s = (g1 - g0) / 1e6;
  g_print ("\n%-34s %12s %14s %16s\n", "200,000 log lines (2% with ANSI)", "seconds", "lines/s", "longest stall");
  {
    g_autofree char *label = g_strdup_printf ("KfLogView (cap %u, on screen)", kf_log_view_get_max_lines (b.view));
    g_print ("%-34s %12.3f %14.0f %13.1f ms\n", label, view_s, N_LINES / view_s, b.max_gap / 1000.0);
  }
  g_print ("%-34s %12.3f %14.0f %16s\n", "GString append (floor)", gstring_s, N_LINES / gstring_s, "—");
  g_print ("lines kept in the view: %d; main-loop ticks seen: %u\n",
           (int) g_list_model_get_n_items (kf_log_view_get_lines (b.view)), b.n_ticks);

  gtk_window_destroy (window);
  g_strfreev (b.lines);
  return 0;
}
