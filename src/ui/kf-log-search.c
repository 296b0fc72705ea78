/* kf-log-search.c: case-insensitive search through a log's kept lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-log-view"

#include "config.h"

#include <string.h>

#include "kf-ansi.h"
#include "kf-log-search.h"

typedef struct
{
  guint64 serial;
  guint   count;
} Match;

struct _KfLogSearch
{
  char    *needle;     /* as typed */
  char    *folded;     /* casefolded (non-ASCII needles) */
  gsize    needle_len;
  gboolean ascii;
  GArray  *matches;    /* Match, by serial; entries before @head are dropped */
  guint    head;
  guint    n_matches;
  guint64  scanned;    /* serial of the next line to scan */
  gboolean has_current;
  guint64  cur_serial;
  guint    cur_occ;
};

KfLogSearch *
kf_log_search_new (const char *needle)
{
  KfLogSearch *self;

  if (needle == NULL || *needle == '\0')
    return NULL;
  self = g_new0 (KfLogSearch, 1);
  self->needle = g_strdup (needle);
  self->needle_len = strlen (needle);
  self->ascii = TRUE;
  for (const char *p = needle; *p; p++)
    if ((guchar) *p >= 0x80)
      self->ascii = FALSE;
  if (!self->ascii)
    self->folded = g_utf8_casefold (needle, -1);
  self->matches = g_array_new (FALSE, FALSE, sizeof (Match));
  return self;
}

void
kf_log_search_free (KfLogSearch *self)
{
  if (self == NULL)
    return;
  g_free (self->needle);
  g_free (self->folded);
  g_array_unref (self->matches);
  g_free (self);
}

const char *
kf_log_search_get_needle (KfLogSearch *self)
{
  return self->needle;
}

static const char *
ascii_find (const char *hay,
            gsize       hay_len,
            const char *needle,
            gsize       needle_len)
{
  guchar lo = (guchar) g_ascii_tolower (needle[0]);
  guchar up = (guchar) g_ascii_toupper (needle[0]);

  if (needle_len > hay_len)
    return NULL;
  for (gsize i = 0; i + needle_len <= hay_len; i++)
    {
      guchar c = (guchar) hay[i];

      if ((c == lo || c == up) && g_ascii_strncasecmp (hay + i, needle, needle_len) == 0)
        return hay + i;
    }
  return NULL;
}

guint
kf_log_search_find (KfLogSearch *self,
                    const char  *text,
                    GArray      *ranges)
{
  guint count = 0;

  if (self->ascii)
    {
      gsize len = strlen (text);
      const char *p = text, *m;

      while ((m = ascii_find (p, len - (gsize) (p - text), self->needle, self->needle_len)) != NULL)
        {
          if (ranges != NULL)
            {
              guint r[2] = { (guint) (m - text), (guint) (m - text + self->needle_len) };
              g_array_append_vals (ranges, r, 2);
            }
          count++;
          p = m + self->needle_len;
        }
      return count;
    }
  else
    {
      /* compare casefolded text; map matches back by character offsets */
      g_autofree char *folded = g_utf8_casefold (text, -1);
      glong needle_chars = g_utf8_strlen (self->folded, -1);
      glong text_chars = g_utf8_strlen (text, -1);
      const char *p = folded, *m;

      while ((m = strstr (p, self->folded)) != NULL)
        {
          if (ranges != NULL)
            {
              glong so = MIN (g_utf8_pointer_to_offset (folded, m), text_chars);
              glong eo = MIN (so + needle_chars, text_chars);
              guint r[2] = { (guint) (g_utf8_offset_to_pointer (text, so) - text),
                             (guint) (g_utf8_offset_to_pointer (text, eo) - text) };
              g_array_append_vals (ranges, r, 2);
            }
          count++;
          p = m + strlen (self->folded);
        }
      return count;
    }
}

static guint
count_in_line (KfLogSearch *self,
               const char  *raw)
{
  g_autofree char *stripped = NULL;
  g_autofree char *valid = NULL;
  const char *text = raw;

  if (kf_ansi_has_escapes (raw, -1))
    text = stripped = kf_ansi_strip (raw, -1);
  if (!self->ascii && !g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  return kf_log_search_find (self, text, NULL);
}

static void
forget_dropped (KfLogSearch *self,
                guint64      first)
{
  while (self->head < self->matches->len &&
         g_array_index (self->matches, Match, self->head).serial < first)
    {
      self->n_matches -= g_array_index (self->matches, Match, self->head).count;
      self->head++;
    }
  /* compact now and then */
  if (self->head > 4096 && self->head * 2 > self->matches->len)
    {
      g_array_remove_range (self->matches, 0, self->head);
      self->head = 0;
    }
  if (self->has_current && self->cur_serial < first)
    self->has_current = FALSE;
  if (self->scanned < first)
    self->scanned = first;
}

gboolean
kf_log_search_scan (KfLogSearch *self,
                    KfLogBuffer *buffer,
                    gint64       deadline_us)
{
  guint64 end = kf_log_buffer_get_end_serial (buffer);
  guint n = 0;

  forget_dropped (self, kf_log_buffer_get_first_serial (buffer));
  while (self->scanned < end)
    {
      const char *raw = kf_log_buffer_get (buffer, self->scanned);
      guint c = raw != NULL ? count_in_line (self, raw) : 0;

      if (c > 0)
        {
          Match m = { self->scanned, c };
          g_array_append_val (self->matches, m);
          self->n_matches += c;
        }
      self->scanned++;
      if (deadline_us > 0 && (++n & 255) == 0 && g_get_monotonic_time () > deadline_us)
        break;
    }
  return self->scanned >= end;
}

gboolean
kf_log_search_is_done (KfLogSearch *self,
                       KfLogBuffer *buffer)
{
  return self->scanned >= kf_log_buffer_get_end_serial (buffer);
}

guint
kf_log_search_get_n_matches (KfLogSearch *self)
{
  return self->n_matches;
}

/* Index of the first match entry with serial >= @serial. */
static guint
lower_bound (KfLogSearch *self,
             guint64      serial)
{
  guint lo = self->head, hi = self->matches->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->matches, Match, mid).serial < serial)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
kf_log_search_step (KfLogSearch *self,
                    gboolean     forward,
                    guint64     *serial,
                    guint       *occurrence)
{
  guint first = self->head, last = self->matches->len;
  guint i;

  if (first >= last)
    return FALSE;

  if (!self->has_current)
    {
      /* no current match: the last one going backward, the first going forward */
      i = forward ? first : last - 1;
      self->cur_serial = g_array_index (self->matches, Match, i).serial;
      self->cur_occ = forward ? 0 : g_array_index (self->matches, Match, i).count - 1;
    }
  else
    {
      i = lower_bound (self, self->cur_serial);
      if (i >= last || g_array_index (self->matches, Match, i).serial != self->cur_serial)
        {
          /* the current line is gone: the next one after it (or wrap) */
          if (!forward)
            i = i == first ? last - 1 : i - 1;
          else if (i >= last)
            i = first;
          self->cur_occ = forward ? 0 : g_array_index (self->matches, Match, i).count - 1;
        }
      else if (forward)
        {
          if (self->cur_occ + 1 < g_array_index (self->matches, Match, i).count)
            self->cur_occ++;
          else
            {
              i = i + 1 < last ? i + 1 : first;
              self->cur_occ = 0;
            }
        }
      else
        {
          if (self->cur_occ > 0)
            self->cur_occ--;
          else
            {
              i = i > first ? i - 1 : last - 1;
              self->cur_occ = g_array_index (self->matches, Match, i).count - 1;
            }
        }
      self->cur_serial = g_array_index (self->matches, Match, i).serial;
    }
  self->has_current = TRUE;
  if (serial != NULL)
    *serial = self->cur_serial;
  if (occurrence != NULL)
    *occurrence = self->cur_occ;
  return TRUE;
}

gboolean
kf_log_search_get_current (KfLogSearch *self,
                           guint64     *serial,
                           guint       *occurrence)
{
  if (self == NULL || !self->has_current)
    return FALSE;
  if (serial != NULL)
    *serial = self->cur_serial;
  if (occurrence != NULL)
    *occurrence = self->cur_occ;
  return TRUE;
}
