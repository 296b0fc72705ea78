/* kf-prom-parser.c: Prometheus text exposition format parser
 *
 * One pass over the bytes with a hand-written scanner (the rules and error
 * cases of prometheus/common's expfmt TextParser). Strings are interned in a
 * per-scrape GStringChunk through an open-addressing table keyed by byte
 * slices, so a label value repeated over thousands of samples ("le" bounds,
 * model names) is stored once and compared by pointer. Samples and labels
 * go to flat arrays; at the end samples are grouped by family with a
 * counting sort and pointers are fixed up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-prom"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kf-prom-parser.h"
#include "kf-prom-private.h"

G_DEFINE_QUARK (kf-prom-error-quark, kf_prom_error)


/* ------------------------------------------------------------------------ */
/* Interning                                                                 */

typedef struct
{
  const char *str;
  guint32     len;
  guint32     hash;
} Slot;

typedef struct
{
  Slot         *slots;
  guint32       mask;
  guint32       used;
  GStringChunk *chunk;
} Intern;

/* Word-at-a-time multiplicative hash (names and label values are short). */
static inline guint32
hash_bytes (const char *p,
            gsize       n)
{
  guint64 h = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ n;
  guint64 w = 0;

  while (n >= 8)
    {
      memcpy (&w, p, 8);
      h = (h ^ w) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      h ^= h >> 32;
      p += 8;
      n -= 8;
    }
  w = 0;
  memcpy (&w, p, n);
  h = (h ^ w) * G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 29;
  return (guint32) h;
}

static void
intern_init (Intern       *t,
             GStringChunk *chunk)
{
  t->mask = 1023;
  t->used = 0;
  t->slots = g_new0 (Slot, t->mask + 1);
  t->chunk = chunk;
}

static void
intern_grow (Intern *t)
{
  guint32 new_mask = t->mask * 2 + 1;
  Slot *slots = g_new0 (Slot, new_mask + 1);

  for (guint32 i = 0; i <= t->mask; i++)
    {
      guint32 j;

      if (t->slots[i].str == NULL)
        continue;
      j = t->slots[i].hash & new_mask;
      while (slots[j].str != NULL)
        j = (j + 1) & new_mask;
      slots[j] = t->slots[i];
    }
  g_free (t->slots);
  t->slots = slots;
  t->mask = new_mask;
}

/* Returns the interned copy of p[0..n), or NULL if absent and !insert. */
static const char *
intern (Intern     *t,
        const char *p,
        gsize       n,
        gboolean    insert)
{
  guint32 h = hash_bytes (p, n);
  guint32 i = h & t->mask;

  while (t->slots[i].str != NULL)
    {
      const Slot *s = &t->slots[i];

      if (s->hash == h && s->len == n && memcmp (s->str, p, n) == 0)
        return s->str;
      i = (i + 1) & t->mask;
    }
  if (!insert)
    return NULL;
  if ((t->used + 1) * 4 > (t->mask + 1) * 3)
    {
      intern_grow (t);
      i = h & t->mask;
      while (t->slots[i].str != NULL)
        i = (i + 1) & t->mask;
    }
  t->slots[i].str = g_string_chunk_insert_len (t->chunk, p, n);
  t->slots[i].len = n;
  t->slots[i].hash = h;
  t->used++;
  return t->slots[i].str;
}

/* ------------------------------------------------------------------------ */
/* Parser state                                                              */

typedef struct
{
  const char *name;
  const char *help;
  const char *unit;
  KfPromType  type;
  gboolean    has_type;
  guint       n_samples;
} PFamily;

typedef struct
{
  const char      *name;
  guint            family;
  guint            label_off;
  guint            n_labels;
  KfPromSampleKind kind;
  double           value;
  double           bound;
  gint64           ts;
  gboolean         has_ts;
} PSample;

typedef struct
{
  const char *p;
  const char *end;
  const char *line_start;
  guint       line;
  gboolean    strict;
  gboolean    om;          /* OpenMetrics (lenient mode, input ends with # EOF) */
  gboolean    eof_seen;
  Intern      intern;
  GArray     *families;    /* PFamily */
  GArray     *samples;     /* KfPromSample, labels holding an offset until the end */
  GArray     *sample_families;  /* guint, parallel to samples */
  guint       max_family;
  gboolean    grouped;     /* samples already come family by family */
  GArray     *labels;      /* KfPromLabel */
  GHashTable *family_index;  /* interned name -> index + 1 */
  GHashTable *resolved;      /* interned sample name -> (family + 1) << 3 | kind */
  const char *name_le;       /* interned "le", "quantile", "__name__" */
  const char *name_quantile;
  const char *name_reserved;
  GString    *scratch;
  GError    **error;
  /* last resolved sample name */
  const char      *last_name;
  const char      *prev_name;     /* previous sample's name and labels: */
  guint            prev_label_off;  /* consecutive samples mostly repeat */
  guint            prev_n_labels;   /* them, and the input is in cache */
  guint            last_family;
  KfPromSampleKind last_kind;
} Parser;

static gboolean G_GNUC_PRINTF (3, 4)
fail (Parser     *P,
      const char *at,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (P->error, KF_PROM_ERROR, KF_PROM_ERROR_SYNTAX, "line %u, column %u: %s",
               P->line, (guint) (at - P->line_start) + 1, msg);
  return FALSE;
}

/* "'+'", "end of line", "end of input" */
static const char *
describe (Parser     *P,
          const char *at,
          char        buf[16])
{
  if (at >= P->end)
    return "end of input";
  if (*at == '\n')
    return "end of line";
  if (g_ascii_isprint (*at))
    g_snprintf (buf, 16, "'%c'", *at);
  else
    g_snprintf (buf, 16, "'\\x%02x'", (guchar) *at);
  return buf;
}

/* A token quoted for an error message (Go %q-ish, truncated). */
static char *
quote_token (const char *p,
             gsize       n)
{
  GString *s = g_string_new ("\"");

  for (gsize i = 0; i < n && i < 64; i++)
    {
      guchar c = p[i];
      if (c == '"' || c == '\\')
        g_string_append_printf (s, "\\%c", c);
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (s, "\\x%02x", c);
      else
        g_string_append_c (s, c);
    }
  if (n > 64)
    g_string_append (s, "…");
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

static inline gboolean
is_blank (Parser *P,
          char    c)
{
  return c == ' ' || c == '\t' || (c == '\r' && !P->strict);
}

static inline void
skip_blank (Parser *P)
{
  while (P->p < P->end && is_blank (P, *P->p))
    P->p++;
}

static inline gboolean
at_eol (Parser *P)
{
  return P->p >= P->end || *P->p == '\n';
}

/* Consumes the end of the line. */
static gboolean
end_line (Parser *P)
{
  if (P->p >= P->end)
    {
      if (P->strict)
        return fail (P, P->p, "unexpected end of input stream");
      return TRUE;
    }
  g_assert (*P->p == '\n');
  P->p++;
  P->line++;
  P->line_start = P->p;
  return TRUE;
}

static void
skip_to_eol (Parser *P)
{
  const char *nl = memchr (P->p, '\n', P->end - P->p);

  P->p = nl != NULL ? nl : P->end;
}

static inline gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_' || c == ':';
}

static inline gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == ':';
}

static inline gboolean
is_label_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static inline gboolean
is_label_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* ------------------------------------------------------------------------ */
/* Families                                                                  */

static guint
family_get (Parser     *P,
            const char *name,
            gboolean    create)
{
  gpointer idx = g_hash_table_lookup (P->family_index, name);
  PFamily f = { name, NULL, NULL, KF_PROM_TYPE_UNTYPED, FALSE, 0 };

  if (idx != NULL)
    return GPOINTER_TO_UINT (idx) - 1;
  if (!create)
    return G_MAXUINT;
  g_array_append_val (P->families, f);
  g_hash_table_insert (P->family_index, (gpointer) name, GUINT_TO_POINTER (P->families->len));
  return P->families->len - 1;
}

typedef struct
{
  const char      *suffix;
  guint            len;
  KfPromSampleKind kind;
  guint            types;     /* bit per KfPromType */
  gboolean         om_only;
} Suffix;

#define BIT(t) (1u << (t))

static const Suffix suffixes[] = {
  { "_bucket", 7, KF_PROM_SAMPLE_BUCKET, BIT (KF_PROM_TYPE_HISTOGRAM) | BIT (KF_PROM_TYPE_GAUGE_HISTOGRAM), FALSE },
  { "_sum", 4, KF_PROM_SAMPLE_SUM, BIT (KF_PROM_TYPE_HISTOGRAM) | BIT (KF_PROM_TYPE_SUMMARY), FALSE },
  { "_count", 6, KF_PROM_SAMPLE_COUNT, BIT (KF_PROM_TYPE_HISTOGRAM) | BIT (KF_PROM_TYPE_SUMMARY), FALSE },
  { "_gsum", 5, KF_PROM_SAMPLE_SUM, BIT (KF_PROM_TYPE_GAUGE_HISTOGRAM), TRUE },
  { "_gcount", 7, KF_PROM_SAMPLE_COUNT, BIT (KF_PROM_TYPE_GAUGE_HISTOGRAM), TRUE },
  { "_created", 8, KF_PROM_SAMPLE_CREATED,
    BIT (KF_PROM_TYPE_COUNTER) | BIT (KF_PROM_TYPE_HISTOGRAM) | BIT (KF_PROM_TYPE_SUMMARY) |
    BIT (KF_PROM_TYPE_GAUGE_HISTOGRAM), TRUE },
  { "_total", 6, KF_PROM_SAMPLE_TOTAL, BIT (KF_PROM_TYPE_COUNTER), TRUE },
  { "_info", 5, KF_PROM_SAMPLE_INFO, BIT (KF_PROM_TYPE_INFO), TRUE },
};

/* The family a sample name belongs to: a histogram/summary (or OpenMetrics)
 * base family when the suffix fits its type, else the family of that exact
 * name, created untyped if needed. */
static void
resolve_family (Parser           *P,
                const char       *name,
                gsize             len,
                guint            *family,
                KfPromSampleKind *kind)
{
  guintptr packed;

  if (name == P->last_name)
    {
      *family = P->last_family;
      *kind = P->last_kind;
      return;
    }
  packed = GPOINTER_TO_SIZE (g_hash_table_lookup (P->resolved, name));
  if (packed != 0)
    {
      *family = (packed >> 3) - 1;
      *kind = packed & 7;
      goto done;
    }
  *kind = KF_PROM_SAMPLE_VALUE;
  *family = family_get (P, name, FALSE);
  /* a family declared (TYPE) under the exact name wins */
  if (*family != G_MAXUINT && !g_array_index (P->families, PFamily, *family).has_type)
    *family = G_MAXUINT;
  for (guint i = 0; *family == G_MAXUINT && i < G_N_ELEMENTS (suffixes); i++)
    {
      const Suffix *s = &suffixes[i];
      const char *base;
      guint idx;

      if (len <= s->len || (s->om_only && P->strict) || memcmp (name + len - s->len, s->suffix, s->len) != 0)
        continue;
      base = intern (&P->intern, name, len - s->len, FALSE);
      if (base == NULL || (idx = family_get (P, base, FALSE)) == G_MAXUINT)
        continue;
      if (s->types & BIT (g_array_index (P->families, PFamily, idx).type))
        {
          *family = idx;
          *kind = s->kind;
          break;
        }
    }
  if (*family == G_MAXUINT)
    *family = family_get (P, name, TRUE);
  g_hash_table_insert (P->resolved, (gpointer) name, GSIZE_TO_POINTER (((guintptr) *family + 1) << 3 | *kind));
done:
  P->last_name = name;
  P->last_family = *family;
  P->last_kind = *kind;
}

/* ------------------------------------------------------------------------ */
/* Lines                                                                     */

static const char *
read_word (Parser *P,
           gsize  *len)
{
  const char *start = P->p;

  while (P->p < P->end && *P->p != '\n' && !is_blank (P, *P->p))
    P->p++;
  *len = P->p - start;
  return start;
}

/* HELP text: escapes \\ and \n. */
static gboolean
read_help (Parser *P)
{
  g_string_truncate (P->scratch, 0);
  while (P->p < P->end && *P->p != '\n')
    {
      char c = *P->p;

      if (c == '\\' && P->p + 1 < P->end)
        {
          char n = P->p[1];

          if (n == '\\')
            c = '\\';
          else if (n == 'n')
            c = '\n';
          else if (P->strict)
            return fail (P, P->p, "invalid escape sequence '\\%c'", n);
          else
            {
              g_string_append_c (P->scratch, '\\');
              c = n;
            }
          P->p++;
        }
      g_string_append_c (P->scratch, c);
      P->p++;
    }
  if (!P->strict && P->scratch->len > 0 && P->scratch->str[P->scratch->len - 1] == '\r')
    g_string_truncate (P->scratch, P->scratch->len - 1);   /* CRLF line ends */
  return TRUE;
}

static gboolean
parse_type_name (const char *s,
                 gsize       n,
                 gboolean    strict,
                 KfPromType *type)
{
  static const struct { const char *name; KfPromType type; gboolean om; } types[] = {
    { "counter", KF_PROM_TYPE_COUNTER, FALSE },
    { "gauge", KF_PROM_TYPE_GAUGE, FALSE },
    { "histogram", KF_PROM_TYPE_HISTOGRAM, FALSE },
    { "summary", KF_PROM_TYPE_SUMMARY, FALSE },
    { "untyped", KF_PROM_TYPE_UNTYPED, FALSE },
    { "unknown", KF_PROM_TYPE_UNTYPED, TRUE },
    { "gaugehistogram", KF_PROM_TYPE_GAUGE_HISTOGRAM, TRUE },
    { "info", KF_PROM_TYPE_INFO, TRUE },
    { "stateset", KF_PROM_TYPE_STATESET, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if ((!types[i].om || !strict) && strlen (types[i].name) == n &&
        g_ascii_strncasecmp (types[i].name, s, n) == 0)
      {
        *type = types[i].type;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_comment (Parser *P)
{
  const char *kw, *name_start;
  gsize kw_len;
  const char *name;
  PFamily *f;
  guint idx;
  enum { HELP, TYPE, UNIT } what;

  P->p++;  /* '#' */
  skip_blank (P);
  if (at_eol (P))
    return end_line (P);
  kw = read_word (P, &kw_len);
  if (kw_len == 4 && memcmp (kw, "HELP", 4) == 0)
    what = HELP;
  else if (kw_len == 4 && memcmp (kw, "TYPE", 4) == 0)
    what = TYPE;
  else if (kw_len == 4 && memcmp (kw, "UNIT", 4) == 0 && !P->strict)
    what = UNIT;
  else
    {
      if (!P->strict && kw_len == 3 && memcmp (kw, "EOF", 3) == 0)
        {
          skip_blank (P);
          if (at_eol (P))
            {
              P->eof_seen = TRUE;
              return TRUE;
            }
        }
      skip_to_eol (P);
      return end_line (P);
    }
  if (at_eol (P))
    return end_line (P);
  skip_blank (P);
  name_start = P->p;
  if (P->p < P->end && is_name_start (*P->p))
    while (P->p < P->end && is_name_char (*P->p))
      P->p++;
  if (at_eol (P))
    {
      /* "# HELP name" without text: not an error */
      if (P->p > name_start)
        family_get (P, intern (&P->intern, name_start, P->p - name_start, TRUE), TRUE);
      return end_line (P);
    }
  if (!is_blank (P, *P->p) || P->p == name_start)
    return fail (P, P->p, "invalid metric name in comment");
  name = intern (&P->intern, name_start, P->p - name_start, TRUE);
  idx = family_get (P, name, TRUE);   /* may grow the array: index first */
  f = &g_array_index (P->families, PFamily, idx);
  skip_blank (P);
  if (at_eol (P))
    return end_line (P);

  switch (what)
    {
    case HELP:
      if (f->help != NULL)
        return fail (P, name_start, "second HELP line for metric name \"%s\"", name);
      if (!read_help (P))
        return FALSE;
      f->help = g_string_chunk_insert_len (P->intern.chunk, P->scratch->str, P->scratch->len);
      break;
    case TYPE:
      {
        const char *t = P->p;
        const char *te;
        KfPromType type;

        skip_to_eol (P);
        te = P->p;
        if (!P->strict)
          while (te > t && is_blank (P, te[-1]))
            te--;
        if (f->has_type || f->n_samples > 0)
          return fail (P, name_start, "second TYPE line for metric name \"%s\", or TYPE reported after samples", name);
        if (!parse_type_name (t, te - t, P->strict, &type))
          {
            g_autofree char *q = quote_token (t, te - t);
            return fail (P, t, "unknown metric type %s", q);
          }
        f->type = type;
        f->has_type = TRUE;
        P->last_name = NULL;   /* resolution may change */
        g_hash_table_remove_all (P->resolved);
        break;
      }
    case UNIT:
    default:
      {
        const char *u = P->p;
        const char *ue;

        skip_to_eol (P);
        ue = P->p;
        while (ue > u && is_blank (P, ue[-1]))
          ue--;
        f->unit = g_string_chunk_insert_len (P->intern.chunk, u, ue - u);
        break;
      }
    }
  return end_line (P);
}

/* Reads a label value after its opening quote. The value is left in
 * @value and @len: a slice of the input when it has no escapes, else the scratch
 * buffer. */
static gboolean parse_label_value_slow (Parser *P);

static inline gboolean
parse_label_value (Parser      *P,
                   const char **value,
                   gsize       *len)
{
  const char *start = P->p;
  const char *q = start;

  while (q < P->end && *q != '"' && *q != '\\' && *q != '\n')
    q++;
  if (q < P->end && *q == '"')
    {
      *value = start;
      *len = q - start;
      P->p = q + 1;
      return TRUE;
    }
  if (!parse_label_value_slow (P))
    return FALSE;
  *value = P->scratch->str;
  *len = P->scratch->len;
  return TRUE;
}

static gboolean
parse_label_value_slow (Parser *P)
{
  g_string_truncate (P->scratch, 0);
  while (TRUE)
    {
      const char *run = P->p;
      char c;

      while (P->p < P->end && *P->p != '"' && *P->p != '\\' && *P->p != '\n')
        P->p++;
      g_string_append_len (P->scratch, run, P->p - run);
      if (P->p >= P->end)
        return fail (P, P->p, "label value not terminated: unexpected end of input");
      c = *P->p;
      if (c == '"')
        {
          P->p++;
          return TRUE;
        }
      if (c == '\n')
        {
          g_autofree char *q = quote_token (P->scratch->str, P->scratch->len);
          return fail (P, P->p, "label value %s contains unescaped new-line", q);
        }
      /* backslash */
      if (P->p + 1 >= P->end)
        return fail (P, P->p, "label value not terminated: unexpected end of input");
      switch (P->p[1])
        {
        case '\\': g_string_append_c (P->scratch, '\\'); break;
        case '"': g_string_append_c (P->scratch, '"'); break;
        case 'n': g_string_append_c (P->scratch, '\n'); break;
        default:
          if (g_ascii_isprint (P->p[1]))
            return fail (P, P->p, "invalid escape sequence '\\%c'", P->p[1]);
          return fail (P, P->p, "invalid escape sequence '\\\\x%02x'", (guchar) P->p[1]);
        }
      P->p += 2;
    }
}

/* Interns a label name or value, trying first the one at the same position
 * in the previous sample. */
static inline const char *
intern_like (Parser     *P,
             const char *p,
             gsize       n,
             guint       index,
             gboolean    value)
{
  if (index < P->prev_n_labels)
    {
      const KfPromLabel *prev = &g_array_index (P->labels, KfPromLabel, P->prev_label_off + index);
      const char *cand = value ? prev->value : prev->name;

      /* (the input may hold NUL bytes: compare lengths first) */
      if (strnlen (cand, n + 1) == n && memcmp (cand, p, n) == 0)
        return cand;
    }
  return intern (&P->intern, p, n, TRUE);
}

static gboolean
parse_labels (Parser     *P,
              PSample    *s,
              const char *metric)
{
  PFamily *f = &g_array_index (P->families, PFamily, s->family);
  char buf[16];

  P->p++;  /* '{' */
  while (TRUE)
    {
      const char *lstart;
      const char *vstart;
      const char *value;
      gsize value_len;
      KfPromLabel label;

      skip_blank (P);
      if (P->p < P->end && *P->p == '}')
        {
          P->p++;
          return TRUE;
        }
      lstart = P->p;
      if (P->p >= P->end || !is_label_start (*P->p))
        return fail (P, P->p, "invalid label name for metric \"%s\", found %s", metric, describe (P, P->p, buf));
      while (P->p < P->end && is_label_char (*P->p))
        P->p++;
      label.name = intern_like (P, lstart, P->p - lstart, s->n_labels, FALSE);
      skip_blank (P);
      if (P->p >= P->end || *P->p != '=')
        return fail (P, P->p, "expected '=' after label name, found %s", describe (P, P->p, buf));
      P->p++;
      skip_blank (P);
      if (P->p >= P->end || *P->p != '"')
        return fail (P, P->p, "expected '\"' at start of label value, found %s", describe (P, P->p, buf));
      P->p++;
      vstart = P->p;
      if (!parse_label_value (P, &value, &value_len))
        return FALSE;
      if (label.name == P->name_reserved)
        return fail (P, lstart, "label name \"__name__\" is reserved");
      for (guint i = 0; i < s->n_labels; i++)
        if (g_array_index (P->labels, KfPromLabel, s->label_off + i).name == label.name)
          return fail (P, lstart, "duplicate label name \"%s\" for metric \"%s\"", label.name, metric);
      label.value = intern_like (P, value, value_len, s->n_labels, TRUE);
      g_array_append_val (P->labels, label);
      s->n_labels++;

      if ((s->kind == KF_PROM_SAMPLE_BUCKET && label.name == P->name_le) ||
          (f->type == KF_PROM_TYPE_SUMMARY && s->kind == KF_PROM_SAMPLE_VALUE && label.name == P->name_quantile))
        {
          if (!kf_prom_parse_float (value, value_len, &s->bound))
            {
              g_autofree char *q = quote_token (value, value_len);
              return fail (P, vstart, "expected float as value for '%s' label, got %s", label.name, q);
            }
        }

      skip_blank (P);
      if (P->p < P->end && *P->p == ',')
        {
          P->p++;
          continue;
        }
      if (P->p < P->end && *P->p == '}')
        {
          P->p++;
          return TRUE;
        }
      return fail (P, P->p, "expected ',' or '}' after label value, found %s", describe (P, P->p, buf));
    }
}

static gboolean
parse_sample (Parser *P)
{
  const char *start = P->p;
  const char *tok;
  gsize len;
  PSample s = { 0 };
  PFamily *f;
  char buf[16];

  if (!is_name_start (*P->p))
    return fail (P, P->p, "invalid metric name, found %s", describe (P, P->p, buf));
  while (P->p < P->end && is_name_char (*P->p))
    P->p++;
  if (P->prev_name != NULL && strnlen (P->prev_name, P->p - start + 1) == (gsize) (P->p - start) &&
      memcmp (P->prev_name, start, P->p - start) == 0)
    s.name = P->prev_name;
  else
    s.name = intern (&P->intern, start, P->p - start, TRUE);
  resolve_family (P, s.name, P->p - start, &s.family, &s.kind);
  s.label_off = P->labels->len;
  s.bound = NAN;

  skip_blank (P);
  if (P->p < P->end && *P->p == '{')
    {
      if (!parse_labels (P, &s, s.name))
        return FALSE;
      skip_blank (P);
    }

  if (at_eol (P))
    {
      if (P->p >= P->end && P->strict)
        return fail (P, P->p, "unexpected end of input stream");
      return fail (P, P->p, "expected a value after the metric, found %s", describe (P, P->p, buf));
    }
  tok = read_word (P, &len);
  if (P->p >= P->end && P->strict)
    return fail (P, P->p, "unexpected end of input stream");
  if (!kf_prom_parse_float (tok, len, &s.value))
    {
      g_autofree char *q = quote_token (tok, len);
      return fail (P, tok, "expected float as value, got %s", q);
    }
  skip_blank (P);

  if (!at_eol (P) && !(P->om && *P->p == '#'))
    {
      tok = read_word (P, &len);
      if (P->p >= P->end && P->strict)
        return fail (P, P->p, "unexpected end of input stream");
      if (kf_prom_parse_int64 (tok, len, &s.ts))
        s.has_ts = TRUE;
      else
        {
          double secs;

          if (!P->om || !kf_prom_parse_float (tok, len, &secs) || !isfinite (secs) || fabs (secs) > 9e15)
            {
              g_autofree char *q = quote_token (tok, len);
              return fail (P, tok, "expected integer as timestamp, got %s", q);
            }
          s.ts = (gint64) llround (secs * 1000.0);
          s.has_ts = TRUE;
        }
      skip_blank (P);
    }
  if (!at_eol (P))
    {
      if (P->om && *P->p == '#')
        skip_to_eol (P);  /* exemplar */
      else
        {
          tok = read_word (P, &len);
          {
            g_autofree char *q = quote_token (tok, len);
            return fail (P, tok, "spurious string after timestamp: %s", q);
          }
        }
    }
  if (!end_line (P))
    return FALSE;

  f = &g_array_index (P->families, PFamily, s.family);
  f->n_samples++;
  {
    KfPromSample out = { s.name, s.kind, s.n_labels, GSIZE_TO_POINTER ((gsize) s.label_off),
                         s.value, s.bound, s.ts, s.has_ts };

    g_array_append_val (P->samples, out);
    g_array_append_val (P->sample_families, s.family);
    if (s.family < P->max_family)
      P->grouped = FALSE;
    P->max_family = MAX (P->max_family, s.family);
  }
  P->prev_name = s.name;
  P->prev_label_off = s.label_off;
  P->prev_n_labels = s.n_labels;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                               */

static gboolean
ends_with_eof_marker (const char *data,
                      gsize       length)
{
  const char *e = data + length;

  while (e > data && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
    e--;
  if (e - data >= 5 && memcmp (e - 5, "# EOF", 5) == 0)
    return TRUE;
  /* "# EOF" as a line of its own, followed by something */
  for (const char *p = data; (p = memchr (p, '#', data + length - p)) != NULL; p++)
    if ((p == data || p[-1] == '\n') && data + length - p >= 6 && memcmp (p, "# EOF", 5) == 0 &&
        (p[5] == '\n' || p[5] == '\r'))
      return TRUE;
  return FALSE;
}


KfPromScrape *
kf_prom_scrape_parse (const char        *data,
                      gsize              length,
                      KfPromParseFlags   flags,
                      GError           **error)
{
  KfPromScrape *scrape;
  Parser P = { 0 };
  gboolean ok = TRUE;
  guint *offsets;
  guint n_families = 0;
  guint *family_map;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > KF_PROM_MAX_INPUT)
    {
      g_set_error (error, KF_PROM_ERROR, KF_PROM_ERROR_TOO_LARGE,
                   "metrics text of %" G_GSIZE_FORMAT " bytes is larger than the %u bytes accepted",
                   length, (guint) KF_PROM_MAX_INPUT);
      return NULL;
    }

  scrape = g_new0 (KfPromScrape, 1);
  g_atomic_ref_count_init (&scrape->ref);
  scrape->chunk = g_string_chunk_new (MAX (4096, MIN (length / 4, 1024 * 1024)));
  scrape->time_us = g_get_monotonic_time ();

  P.p = data;
  P.end = data + length;
  P.line_start = data;
  P.line = 1;
  P.strict = (flags & KF_PROM_PARSE_STRICT) != 0;
  P.om = !P.strict && ((flags & KF_PROM_PARSE_OPENMETRICS) != 0 || ends_with_eof_marker (data, length));
  P.error = error;
  intern_init (&P.intern, scrape->chunk);
  P.families = g_array_new (FALSE, FALSE, sizeof (PFamily));
  P.samples = g_array_sized_new (FALSE, FALSE, sizeof (KfPromSample), length / 96 + 16);
  P.sample_families = g_array_sized_new (FALSE, FALSE, sizeof (guint), length / 96 + 16);
  P.labels = g_array_sized_new (FALSE, FALSE, sizeof (KfPromLabel), length / 48 + 16);
  P.grouped = TRUE;
  P.family_index = g_hash_table_new (g_direct_hash, g_direct_equal);
  P.resolved = g_hash_table_new (g_direct_hash, g_direct_equal);
  P.name_le = intern (&P.intern, "le", 2, TRUE);
  P.name_quantile = intern (&P.intern, "quantile", 8, TRUE);
  P.name_reserved = intern (&P.intern, "__name__", 8, TRUE);
  P.scratch = g_string_sized_new (256);

  while (ok && P.p < P.end && !P.eof_seen)
    {
      skip_blank (&P);
      if (P.p >= P.end)
        break;
      if (*P.p == '\n')
        ok = end_line (&P);
      else if (*P.p == '#')
        ok = parse_comment (&P);
      else
        ok = parse_sample (&P);
    }

  g_free (P.intern.slots);
  g_hash_table_unref (P.family_index);
  g_hash_table_unref (P.resolved);
  g_string_free (P.scratch, TRUE);
  if (!ok)
    {
      g_array_unref (P.families);
      g_array_unref (P.samples);
      g_array_unref (P.sample_families);
      g_array_unref (P.labels);
      kf_prom_scrape_free (scrape);
      return NULL;
    }

  /* families with samples, in order of appearance */
  family_map = g_new (guint, P.families->len + 1);
  for (guint i = 0; i < P.families->len; i++)
    family_map[i] = g_array_index (P.families, PFamily, i).n_samples > 0 ? n_families++ : G_MAXUINT;
  scrape->n_families = n_families;
  scrape->families = g_new0 (KfPromFamily, n_families);
  scrape->n_samples = P.samples->len;
  scrape->labels = (KfPromLabel *) g_array_free (P.labels, FALSE);
  scrape->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  /* family j's samples start at offsets[j] */
  offsets = g_new0 (guint, n_families + 1);
  for (guint i = 0; i < P.families->len; i++)
    {
      PFamily *pf = &g_array_index (P.families, PFamily, i);
      guint j = family_map[i];
      KfPromFamily *f;

      if (j == G_MAXUINT)
        continue;
      f = &scrape->families[j];
      f->name = pf->name;
      f->help = pf->help;
      f->unit = pf->unit;
      f->type = pf->type;
      f->n_samples = pf->n_samples;
      offsets[j + 1] = pf->n_samples;
    }
  for (guint j = 0; j < n_families; j++)
    offsets[j + 1] += offsets[j];

  if (P.grouped)
    scrape->samples = (KfPromSample *) g_array_free (P.samples, FALSE);
  else
    {
      /* counting sort by family (stable) */
      KfPromSample *src = (KfPromSample *) (void *) P.samples->data;
      guint *next = g_memdup2 (offsets, (n_families + 1) * sizeof (guint));

      scrape->samples = g_new (KfPromSample, MAX (P.samples->len, 1));
      for (guint i = 0; i < P.samples->len; i++)
        scrape->samples[next[family_map[g_array_index (P.sample_families, guint, i)]]++] = src[i];
      g_free (next);
      g_array_unref (P.samples);
    }
  for (guint i = 0; i < scrape->n_samples; i++)
    {
      KfPromSample *smp = &scrape->samples[i];

      smp->labels = smp->n_labels > 0 ? scrape->labels + GPOINTER_TO_SIZE (smp->labels) : NULL;
    }
  for (guint j = 0; j < n_families; j++)
    {
      scrape->families[j].samples = scrape->samples + offsets[j];
      g_hash_table_insert (scrape->by_name, (gpointer) scrape->families[j].name, &scrape->families[j]);
    }
  g_free (offsets);
  g_free (family_map);
  g_array_unref (P.families);
  g_array_unref (P.sample_families);
  return scrape;
}
