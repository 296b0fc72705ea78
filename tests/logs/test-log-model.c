/* test-log-model.c: the log view's line model (KfLogLineModel: a GListModel
 * over the bounded buffer, announcing changes in batches) and its search
 * (KfLogSearch). No display needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "kf-log-line-model.h"
#include "kf-log-search.h"

typedef struct
{
  GString *log;     /* "pos,removed,added;" per items-changed */
  gboolean consistent;
} Changes;

static void
items_changed_cb (GListModel *model, guint pos, guint removed, guint added, Changes *c)
{
  g_string_append_printf (c->log, "%u,%u,%u;", pos, removed, added);
  /* at each emission the model already is what the change says, and every
   * item a list view may ask for exists */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      if (item == NULL)
        c->consistent = FALSE;
    }
}

static char *
item_text (GListModel *model, guint pos)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (model, pos);
  return item ? g_strdup (gtk_string_object_get_string (item)) : NULL;
}

static void
test_model_batches (void)
{
  g_autoptr(KfLogLineModel) m = kf_log_line_model_new (5);
  GListModel *model = G_LIST_MODEL (m);
  Changes c = { g_string_new (NULL), TRUE };
  g_autofree char *t0 = NULL;
  g_autofree char *t4 = NULL;
  g_autofree char *text = NULL;
  guint removed = 99;

  g_signal_connect (m, "items-changed", G_CALLBACK (items_changed_cb), &c);
  g_assert_true (g_list_model_get_item_type (model) == GTK_TYPE_STRING_OBJECT);

  /* appended lines are pending until a flush; the cap holds the newest */
  for (int i = 0; i < 8; i++)
    {
      g_autofree char *l = g_strdup_printf ("line %d", i);
      kf_log_line_model_append (m, l, -1);
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (kf_log_line_model_get_n_pending (m), ==, 5);
  g_assert_cmpstr (c.log->str, ==, "");
  g_assert_cmpuint (kf_log_line_model_flush (m, &removed), ==, 5);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpstr (c.log->str, ==, "0,0,5;");   /* one signal for the whole batch */
  t0 = item_text (model, 0);
  t4 = item_text (model, 4);
  g_assert_cmpstr (t0, ==, "line 3");
  g_assert_cmpstr (t4, ==, "line 7");
  g_assert_null (g_list_model_get_item (model, 5));

  /* three more: three dropped at the head, three added at the end */
  g_string_truncate (c.log, 0);
  kf_log_line_model_append (m, "line 8", -1);
  kf_log_line_model_append (m, "line 9\033[0m", -1);
  kf_log_line_model_append (m, "line 10 \xff", -1);   /* invalid UTF-8 */
  g_assert_cmpuint (kf_log_line_model_flush (m, &removed), ==, 3);
  g_assert_cmpuint (removed, ==, 3);
  g_assert_cmpstr (c.log->str, ==, "0,3,0;2,0,3;");
  g_assert_true (c.consistent);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_cmpuint (kf_log_line_model_get_first_serial (m), ==, 6);
  g_assert_cmpstr (kf_log_line_model_get_line (m, 0), ==, "line 6");

  /* nothing new: no signal */
  g_string_truncate (c.log, 0);
  g_assert_cmpuint (kf_log_line_model_flush (m, NULL), ==, 0);
  g_assert_cmpstr (c.log->str, ==, "");

  /* more lines than the cap between two flushes: everything replaced */
  for (int i = 0; i < 12; i++)
    kf_log_line_model_append (m, "flood", -1);
  kf_log_line_model_flush (m, &removed);
  g_assert_cmpuint (removed, ==, 5);
  g_assert_cmpstr (c.log->str, ==, "0,5,0;0,0,5;");

  /* the text as shown: no escape codes, valid UTF-8; a selection */
  kf_log_line_model_append (m, "line 9\033[0m", -1);
  kf_log_line_model_append (m, "line 10 \xff", -1);
  kf_log_line_model_flush (m, NULL);
  text = kf_log_line_model_dup_text (m, NULL);
  g_assert_true (g_str_has_suffix (text, "flood\nline 9\nline 10 \xef\xbf\xbd\n"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  {
    g_autoptr(GtkBitset) sel = gtk_bitset_new_range (3, 1);
    g_autofree char *one = kf_log_line_model_dup_text (m, sel);
    g_assert_cmpstr (one, ==, "line 9\n");
  }

  /* a smaller cap drops the oldest at the next flush */
  g_string_truncate (c.log, 0);
  kf_log_line_model_set_max_lines (m, 2);
  kf_log_line_model_flush (m, NULL);
  g_assert_cmpstr (c.log->str, ==, "0,3,0;");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* clear: announced at once */
  g_string_truncate (c.log, 0);
  kf_log_line_model_clear (m);
  g_assert_cmpstr (c.log->str, ==, "0,2,0;");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (c.consistent);
  g_string_free (c.log, TRUE);
}

/* A colour set on one line and reset lines later colours the lines between
 * (each row is rendered alone: the model writes the carried style in front). */
static void
test_model_carried_colour (void)
{
  g_autoptr(KfLogLineModel) m = kf_log_line_model_new (10);
  g_autofree char *text = NULL;

  kf_log_line_model_append (m, "plain", -1);
  kf_log_line_model_append (m, "\033[31;1mred starts", -1);
  kf_log_line_model_append (m, "still red", -1);
  kf_log_line_model_append (m, "\033[0mreset", -1);
  kf_log_line_model_append (m, "plain again", -1);
  kf_log_line_model_flush (m, NULL);
  g_assert_cmpstr (kf_log_line_model_get_line (m, 0), ==, "plain");
  g_assert_cmpstr (kf_log_line_model_get_line (m, 2), ==, "\033[0;1;31mstill red");
  g_assert_cmpstr (kf_log_line_model_get_line (m, 3), ==, "\033[0;1;31m\033[0mreset");
  g_assert_cmpstr (kf_log_line_model_get_line (m, 4), ==, "plain again");
  /* shown (copied, saved) without any of it */
  text = kf_log_line_model_dup_text (m, NULL);
  g_assert_cmpstr (text, ==, "plain\nred starts\nstill red\nreset\nplain again\n");
}

static void
test_search (void)
{
  g_autoptr(KfLogBuffer) buf = kf_log_buffer_new (100);
  g_autoptr(KfLogSearch) s = kf_log_search_new ("Error");
  g_autoptr(KfLogSearch) u = kf_log_search_new ("ÉCHEC");
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 serial;
  guint occ;

  g_assert_null (kf_log_search_new (""));
  g_assert_null (kf_log_search_new (NULL));

  kf_log_buffer_append (buf, "ok", -1);                                  /* 0 */
  kf_log_buffer_append (buf, "ERROR one, error two", -1);                /* 1: 2 matches */
  kf_log_buffer_append (buf, "E\033[31mrror\033[0m split by a colour", -1); /* 2: matches once stripped */
  kf_log_buffer_append (buf, "échec: Échec", -1);                        /* 3 */
  kf_log_buffer_append (buf, "fine", -1);                                /* 4 */

  g_assert_true (kf_log_search_scan (s, buf, 0));
  g_assert_true (kf_log_search_is_done (s, buf));
  g_assert_cmpuint (kf_log_search_get_n_matches (s), ==, 3);
  g_assert_cmpuint (kf_log_search_find (s, "an error, an ERROR", ranges), ==, 2);
  g_assert_cmpuint (g_array_index (ranges, guint, 0), ==, 3);
  g_assert_cmpuint (g_array_index (ranges, guint, 1), ==, 8);
  g_assert_cmpuint (g_array_index (ranges, guint, 2), ==, 13);

  /* case-insensitive beyond ASCII */
  kf_log_search_scan (u, buf, 0);
  g_assert_cmpuint (kf_log_search_get_n_matches (u), ==, 2);
  g_array_set_size (ranges, 0);
  g_assert_cmpuint (kf_log_search_find (u, "échec: Échec", ranges), ==, 2);
  g_assert_cmpuint (g_array_index (ranges, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (ranges, guint, 1), ==, strlen ("échec"));

  /* stepping: occurrence by occurrence, wrapping both ways */
  g_assert_false (kf_log_search_get_current (s, NULL, NULL));
  g_assert_true (kf_log_search_step (s, TRUE, &serial, &occ));
  g_assert_cmpuint (serial, ==, 1); g_assert_cmpuint (occ, ==, 0);
  g_assert_true (kf_log_search_step (s, TRUE, &serial, &occ));
  g_assert_cmpuint (serial, ==, 1); g_assert_cmpuint (occ, ==, 1);
  g_assert_true (kf_log_search_step (s, TRUE, &serial, &occ));
  g_assert_cmpuint (serial, ==, 2); g_assert_cmpuint (occ, ==, 0);
  g_assert_true (kf_log_search_step (s, TRUE, &serial, &occ));
  g_assert_cmpuint (serial, ==, 1); g_assert_cmpuint (occ, ==, 0);   /* wrapped */
  g_assert_true (kf_log_search_step (s, FALSE, &serial, &occ));
  g_assert_cmpuint (serial, ==, 2); g_assert_cmpuint (occ, ==, 0);   /* wrapped back */

  /* new lines are scanned incrementally; dropped lines are forgotten */
  kf_log_buffer_set_max_lines (buf, 3);   /* keeps 2, 3, 4 */
  kf_log_buffer_append (buf, "another error", -1);   /* 5; drops 2 */
  kf_log_search_scan (s, buf, 0);
  g_assert_cmpuint (kf_log_search_get_n_matches (s), ==, 1);
  g_assert_false (kf_log_search_get_current (s, NULL, NULL));   /* its line is gone */
  g_assert_true (kf_log_search_step (s, TRUE, &serial, NULL));
  g_assert_cmpuint (serial, ==, 5);

  /* a deadline already past: one slice, then the rest later */
  {
    g_autoptr(KfLogBuffer) big = kf_log_buffer_new (100000);
    g_autoptr(KfLogSearch) b = kf_log_search_new ("needle");
    guint slices = 0;

    for (int i = 0; i < 100000; i++)
      kf_log_buffer_append (big, i % 10 == 0 ? "a needle" : "hay", -1);
    while (!kf_log_search_scan (b, big, 1))
      slices++;
    g_assert_cmpuint (slices, >, 10);
    g_assert_cmpuint (kf_log_search_get_n_matches (b), ==, 10000);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/logs/line-model/batches", test_model_batches);
  g_test_add_func ("/logs/line-model/carried-colour", test_model_carried_colour);
  g_test_add_func ("/logs/search", test_search);
  return g_test_run ();
}
