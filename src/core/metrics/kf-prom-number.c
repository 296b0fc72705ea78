/* kf-prom-number.c: sample values and timestamps, with Go's syntax (what
 * Prometheus accepts): NaN, ±Inf, exponents, hex floats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-prom"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "kf-prom-parser.h"
#include "kf-prom-private.h"

/* ------------------------------------------------------------------------ */
/* Numbers                                                                   */

static const double pow10_table[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Go's strconv.ParseFloat on the token (NaN, ±Inf, exponents, hex).
 * Exact fast path for short decimals, libc otherwise. */
gboolean
kf_prom_parse_float (const char *s,
             gsize       n,
             double     *out)
{
  const char *p = s, *e = s + n;
  gboolean neg = FALSE, any = FALSE, truncated = FALSE;
  guint64 mant = 0;
  int sig = 0, exp10 = 0;
  char stack[64];
  char *buf, *endptr;
  double v;

  if (n == 0)
    return FALSE;
  if (*p == '+' || *p == '-')
    neg = *p++ == '-';
  for (; p < e && g_ascii_isdigit (*p); p++)
    {
      any = TRUE;
      if (sig < 19)
        {
          mant = mant * 10 + (*p - '0');
          if (mant != 0)
            sig++;
        }
      else
        truncated = TRUE;
    }
  if (p < e && *p == '.')
    {
      for (p++; p < e && g_ascii_isdigit (*p); p++)
        {
          any = TRUE;
          if (sig < 19)
            {
              mant = mant * 10 + (*p - '0');
              if (mant != 0)
                sig++;
              exp10--;
            }
          else
            truncated = TRUE;
        }
    }
  if (any && p < e && (*p == 'e' || *p == 'E'))
    {
      gboolean eneg = FALSE;
      int ex = 0;

      p++;
      if (p < e && (*p == '+' || *p == '-'))
        eneg = *p++ == '-';
      if (p >= e || !g_ascii_isdigit (*p))
        goto slow;
      for (; p < e && g_ascii_isdigit (*p); p++)
        if (ex < 100000)
          ex = ex * 10 + (*p - '0');
      exp10 += eneg ? -ex : ex;
    }
  if (any && p == e && !truncated && mant < (G_GUINT64_CONSTANT (1) << 53) && exp10 >= -22 && exp10 <= 22)
    {
      v = (double) mant;
      v = exp10 < 0 ? v / pow10_table[-exp10] : v * pow10_table[exp10];
      *out = neg ? -v : v;
      return TRUE;
    }

slow:
  buf = n < sizeof stack ? stack : g_malloc (n + 1);
  memcpy (buf, s, n);
  buf[n] = '\0';
  errno = 0;
  v = g_ascii_strtod (buf, &endptr);
  if (endptr != buf + n || g_ascii_isspace (buf[0]))
    {
      if (buf != stack)
        g_free (buf);
      return FALSE;
    }
  if (buf != stack)
    g_free (buf);
  *out = v;   /* ERANGE: ±Inf or 0, as Go's ParseFloat returns with its error… accepted */
  return TRUE;
}

gboolean
kf_prom_parse_int64 (const char *s,
             gsize       n,
             gint64     *out)
{
  const char *p = s, *e = s + n;
  gboolean neg = FALSE;
  guint64 v = 0;

  if (p < e && (*p == '+' || *p == '-'))
    neg = *p++ == '-';
  if (p >= e)
    return FALSE;
  for (; p < e; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (v > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      v = v * 10 + (*p - '0');
    }
  if (v > (guint64) G_MAXINT64 + (neg ? 1 : 0))
    return FALSE;
  *out = neg ? (gint64) (0 - v) : (gint64) v;
  return TRUE;
}
