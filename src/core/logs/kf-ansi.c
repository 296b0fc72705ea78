/* kf-ansi.c: ANSI SGR parsing and stripping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-logs"

#include "config.h"

#include <string.h>

#include "kf-ansi.h"

#define ESC '\033'

static void
apply_sgr (KfAnsiState *st,
           const int   *params,
           guint        n)
{
  if (n == 0)
    {
      st->fg = st->bg = -1;
      st->bold = FALSE;
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      int p = params[i];

      if (p == 0)
        {
          st->fg = st->bg = -1;
          st->bold = FALSE;
        }
      else if (p == 1)
        st->bold = TRUE;
      else if (p == 22 || p == 21)
        st->bold = FALSE;
      else if (p >= 30 && p <= 37)
        st->fg = p - 30;
      else if (p >= 90 && p <= 97)
        st->fg = p - 90 + 8;
      else if (p == 39)
        st->fg = -1;
      else if (p >= 40 && p <= 47)
        st->bg = p - 40;
      else if (p >= 100 && p <= 107)
        st->bg = p - 100 + 8;
      else if (p == 49)
        st->bg = -1;
      else if (p == 38 || p == 48)
        {
          gint8 *target = p == 38 ? &st->fg : &st->bg;

          if (i + 2 < n && params[i + 1] == 5)
            {
              int c = params[i + 2];
              *target = (c >= 0 && c < 16) ? (gint8) c : -1;
              i += 2;
            }
          else if (i + 4 < n && params[i + 1] == 2)
            {
              *target = -1;   /* true colour: not one of ours */
              i += 4;
            }
          else
            break;   /* malformed: ignore the rest */
        }
      /* anything else (italic, underline, blink…) is ignored */
    }
}

static gboolean
state_is_default (const KfAnsiState *st)
{
  return st->fg < 0 && st->bg < 0 && !st->bold;
}

static void
close_span (GArray            *spans,
            const KfAnsiState *st,
            guint              start,
            guint              end)
{
  KfAnsiSpan span;

  if (spans == NULL || end <= start || state_is_default (st))
    return;

  if (spans->len > 0)
    {
      KfAnsiSpan *last = &g_array_index (spans, KfAnsiSpan, spans->len - 1);
      if (last->end == start && last->fg == st->fg && last->bg == st->bg && last->bold == st->bold)
        {
          last->end = end;
          return;
        }
    }
  span.start = start;
  span.end = end;
  span.fg = st->fg;
  span.bg = st->bg;
  span.bold = st->bold;
  g_array_append_val (spans, span);
}

/* Skips the escape sequence at text[i] (text[i] == ESC); returns the index
 * after it. For a CSI 'm' sequence, applies it to @st. */
static gsize
skip_escape (const char  *text,
             gsize        len,
             gsize        i,
             KfAnsiState *st)
{
  gsize j = i + 1;

  if (j >= len)
    return len;

  if (text[j] == '[')
    {
      int params[32];
      guint n = 0;
      int cur = -1;
      gboolean overflow = FALSE;

      for (j++; j < len; j++)
        {
          guchar c = (guchar) text[j];

          if (c >= '0' && c <= '9')
            {
              if (cur < 0)
                cur = 0;
              if (cur < 100000)
                cur = cur * 10 + (c - '0');
            }
          else if (c == ';' || c == ':')
            {
              if (n < G_N_ELEMENTS (params))
                params[n++] = cur < 0 ? 0 : cur;
              else
                overflow = TRUE;
              cur = -1;
            }
          else if (c >= 0x20 && c <= 0x3f)
            ;   /* other parameter / intermediate bytes (?, <, space…) */
          else if (c >= 0x40 && c <= 0x7e)
            {
              if (c == 'm' && !overflow)
                {
                  if (cur >= 0 || n > 0)
                    {
                      if (n < G_N_ELEMENTS (params))
                        params[n++] = cur < 0 ? 0 : cur;
                    }
                  apply_sgr (st, params, n);
                }
              return j + 1;
            }
          else
            return j;   /* broken sequence: stop at the odd byte */
        }
      return len;
    }
  else if (text[j] == ']')
    {
      /* OSC … BEL or ESC \ */
      for (j++; j < len; j++)
        {
          if (text[j] == '\a')
            return j + 1;
          if (text[j] == ESC && j + 1 < len && text[j + 1] == '\\')
            return j + 2;
        }
      return len;
    }
  else if (text[j] == '(' || text[j] == ')')
    return MIN (j + 2, len);   /* charset designation */

  return j + 1;   /* two-byte sequence */
}

char *
kf_ansi_parse (const char  *text,
               gssize       len,
               KfAnsiState *state,
               GArray      *spans)
{
  KfAnsiState local = KF_ANSI_STATE_INIT;
  KfAnsiState *st = state != NULL ? state : &local;
  GString *out;
  gsize n, i = 0;
  guint span_start = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (spans == NULL || g_array_get_element_size (spans) == sizeof (KfAnsiSpan), NULL);

  n = len < 0 ? strlen (text) : (gsize) len;
  out = g_string_sized_new (n);

  while (i < n)
    {
      const char *esc = memchr (text + i, ESC, n - i);
      gsize stop = esc != NULL ? (gsize) (esc - text) : n;

      g_string_append_len (out, text + i, stop - i);
      if (esc == NULL)
        break;

      /* the style changes only at escapes: close the run so far */
      {
        KfAnsiState before = *st;
        i = skip_escape (text, n, stop, st);
        if (before.fg != st->fg || before.bg != st->bg || before.bold != st->bold)
          {
            close_span (spans, &before, span_start, out->len);
            span_start = out->len;
          }
      }
    }
  close_span (spans, st, span_start, out->len);

  return g_string_free (out, FALSE);
}

char *
kf_ansi_strip (const char *text,
               gssize      len)
{
  return kf_ansi_parse (text, len, NULL, NULL);
}

gboolean
kf_ansi_has_escapes (const char *text,
                     gssize      len)
{
  gsize n = len < 0 ? strlen (text) : (gsize) len;

  return memchr (text, ESC, n) != NULL;
}
