/* test-ansi.c: ANSI SGR parsing and stripping of log lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-ansi.h"
#include "kf-log-buffer.h"

static GArray *
new_spans (void)
{
  return g_array_new (FALSE, FALSE, sizeof (KfAnsiSpan));
}

#define SPAN(a, i) (&g_array_index ((a), KfAnsiSpan, (i)))

static void
test_plain (void)
{
  g_autoptr(GArray) spans = new_spans ();
  g_autofree char *out = kf_ansi_parse ("INFO 10-26 ready", -1, NULL, spans);

  g_assert_cmpstr (out, ==, "INFO 10-26 ready");
  g_assert_cmpuint (spans->len, ==, 0);
  g_assert_false (kf_ansi_has_escapes ("plain", -1));
}

static void
test_colours_and_bold (void)
{
  /* uvicorn's coloured level name, then a bold bright-red word on blue */
  const char *line = "\033[32mINFO\033[0m:     Started \033[1;91;44mERR\033[22mx\033[0m end";
  g_autoptr(GArray) spans = new_spans ();
  g_autofree char *out = kf_ansi_parse (line, -1, NULL, spans);

  g_assert_cmpstr (out, ==, "INFO:     Started ERRx end");
  g_assert_cmpuint (spans->len, ==, 3);
  g_assert_cmpuint (SPAN (spans, 0)->start, ==, 0);
  g_assert_cmpuint (SPAN (spans, 0)->end, ==, 4);
  g_assert_cmpint (SPAN (spans, 0)->fg, ==, 2);
  g_assert_cmpint (SPAN (spans, 0)->bg, ==, -1);
  g_assert_false (SPAN (spans, 0)->bold);

  g_assert_cmpuint (SPAN (spans, 1)->start, ==, 18);
  g_assert_cmpuint (SPAN (spans, 1)->end, ==, 21);
  g_assert_cmpint (SPAN (spans, 1)->fg, ==, 9);   /* bright red */
  g_assert_cmpint (SPAN (spans, 1)->bg, ==, 4);
  g_assert_true (SPAN (spans, 1)->bold);

  g_assert_cmpuint (SPAN (spans, 2)->start, ==, 21);
  g_assert_cmpuint (SPAN (spans, 2)->end, ==, 22);
  g_assert_false (SPAN (spans, 2)->bold);
  g_assert_cmpint (SPAN (spans, 2)->fg, ==, 9);
}

static void
test_state_carries_over (void)
{
  KfAnsiState st = KF_ANSI_STATE_INIT;
  g_autoptr(GArray) a = new_spans ();
  g_autoptr(GArray) b = new_spans ();
  g_autofree char *l1 = kf_ansi_parse ("\033[33mwarning starts", -1, &st, a);
  g_autofree char *l2 = kf_ansi_parse ("still yellow\033[m plain", -1, &st, b);

  g_assert_cmpstr (l2, ==, "still yellow plain");
  g_assert_cmpuint (b->len, ==, 1);
  g_assert_cmpuint (SPAN (b, 0)->start, ==, 0);
  g_assert_cmpuint (SPAN (b, 0)->end, ==, 12);
  g_assert_cmpint (SPAN (b, 0)->fg, ==, 3);
  g_assert_cmpint (st.fg, ==, -1);
}

static void
test_extended_and_other_sequences (void)
{
  g_autoptr(GArray) spans = new_spans ();
  /* 256-colour index 1 is red; 196 is not one of the 16; true colour stripped;
   * cursor movement, OSC title and a charset designation stripped */
  const char *line = "\033[38;5;1mA\033[38;5;196mB\033[38;2;10;20;30mC\033[0m\033[2K\033]0;title\aD\033(BE";
  g_autofree char *out = kf_ansi_parse (line, -1, NULL, spans);

  g_assert_cmpstr (out, ==, "ABCDE");
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpint (SPAN (spans, 0)->fg, ==, 1);
  g_assert_cmpuint (SPAN (spans, 0)->end, ==, 1);
}

static void
test_malformed_never_crashes (void)
{
  const char *inputs[] = {
    "\033", "\033[", "\033[31", "abc\033[999999999999999m", "\033[;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;1m",
    "\033]unterminated osc", "\033[38;5m", "\033[48;2;1m", "x\033\033\033[0m",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GArray) spans = new_spans ();
      g_autofree char *out = kf_ansi_parse (inputs[i], -1, NULL, spans);
      g_autofree char *stripped = kf_ansi_strip (inputs[i], -1);

      g_assert_nonnull (out);
      g_assert_null (strchr (out, '\033'));
      g_assert_cmpstr (out, ==, stripped);
      for (guint j = 0; j < spans->len; j++)
        g_assert_cmpuint (SPAN (spans, j)->end, <=, strlen (out));
    }
}

static void
test_buffer_cap (void)
{
  g_autoptr(KfLogBuffer) buf = kf_log_buffer_new (3);
  g_autofree char *text = NULL;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *l = g_strdup_printf ("line %d", i);
      g_assert_cmpuint (kf_log_buffer_append (buf, l, -1), ==, i);
    }
  g_assert_cmpuint (kf_log_buffer_get_n_lines (buf), ==, 3);
  g_assert_cmpuint (kf_log_buffer_get_n_dropped (buf), ==, 2);
  g_assert_cmpuint (kf_log_buffer_get_first_serial (buf), ==, 2);
  g_assert_cmpuint (kf_log_buffer_get_end_serial (buf), ==, 5);
  g_assert_null (kf_log_buffer_get (buf, 1));
  g_assert_cmpstr (kf_log_buffer_get (buf, 2), ==, "line 2");
  g_assert_cmpstr (kf_log_buffer_get (buf, 4), ==, "line 4");
  g_assert_null (kf_log_buffer_get (buf, 5));
  text = kf_log_buffer_dup_text (buf, NULL);
  g_assert_cmpstr (text, ==, "line 2\nline 3\nline 4\n");

  /* shrinking drops the oldest, growing keeps them */
  kf_log_buffer_set_max_lines (buf, 2);
  g_assert_cmpstr (kf_log_buffer_get (buf, 3), ==, "line 3");
  g_assert_null (kf_log_buffer_get (buf, 2));
  kf_log_buffer_set_max_lines (buf, 100);
  for (int i = 0; i < 150; i++)
    kf_log_buffer_append (buf, "x", 1);
  g_assert_cmpuint (kf_log_buffer_get_n_lines (buf), ==, 100);
  g_assert_cmpuint (kf_log_buffer_get_end_serial (buf), ==, 155);
  g_assert_cmpstr (kf_log_buffer_get (buf, 154), ==, "x");

  kf_log_buffer_clear (buf);
  g_assert_cmpuint (kf_log_buffer_get_n_lines (buf), ==, 0);
  /* serials keep growing after a clear */
  g_assert_cmpuint (kf_log_buffer_append (buf, "after", -1), ==, 155);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ansi/plain", test_plain);
  g_test_add_func ("/ansi/colours-bold", test_colours_and_bold);
  g_test_add_func ("/ansi/state-carries-over", test_state_carries_over);
  g_test_add_func ("/ansi/extended-and-other-sequences", test_extended_and_other_sequences);
  g_test_add_func ("/ansi/malformed", test_malformed_never_crashes);
  g_test_add_func ("/log-buffer/cap", test_buffer_cap);
  return g_test_run ();
}
