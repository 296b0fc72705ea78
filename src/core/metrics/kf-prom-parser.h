/* kf-prom-parser.h: the Prometheus text exposition format (0.0.4), and the
 * OpenMetrics text format as far as scrapes of inference servers need it
 * (`# EOF`, `# UNIT`, `_created`, `_total`, float timestamps, exemplars).
 *
 * kf_prom_scrape_parse() makes a single pass over the bytes (no regexes, no
 * per-line allocation: names and label strings are interned in the scrape)
 * and returns a read-only model: metric families in order of appearance,
 * each with its samples (grouped even when the input interleaves them).
 * Families that end up without samples (HELP/TYPE only) are dropped, as
 * Prometheus does.
 *
 * Malformed input gives KF_PROM_ERROR_SYNTAX with the position:
 * "line 12, column 18: expected '=' after label name, found '+'".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KF_PROM_ERROR (kf_prom_error_quark ())

typedef enum
{
  KF_PROM_ERROR_SYNTAX,     /* the text is not in the exposition format */
  KF_PROM_ERROR_TOO_LARGE,  /* more than KF_PROM_MAX_INPUT bytes */
} KfPromError;

#define KF_PROM_MAX_INPUT (256 * 1024 * 1024)

typedef enum
{
  KF_PROM_PARSE_DEFAULT = 0,
  /* Reject what prometheus/common's classic text parser rejects, including
   * a last line without '\n', unknown escapes in HELP, and OpenMetrics
   * extras. The default also accepts those (and detects OpenMetrics by its
   * "# EOF" line, which enables float timestamps and exemplars). */
  KF_PROM_PARSE_STRICT = 1 << 0,
  /* The text is OpenMetrics (Content-Type application/openmetrics-text):
   * float timestamps in seconds and exemplars. Ignored with STRICT. */
  KF_PROM_PARSE_OPENMETRICS = 1 << 1,
} KfPromParseFlags;

typedef enum
{
  KF_PROM_TYPE_UNTYPED,          /* also OpenMetrics "unknown" */
  KF_PROM_TYPE_COUNTER,
  KF_PROM_TYPE_GAUGE,
  KF_PROM_TYPE_HISTOGRAM,
  KF_PROM_TYPE_SUMMARY,
  KF_PROM_TYPE_GAUGE_HISTOGRAM,  /* OpenMetrics */
  KF_PROM_TYPE_INFO,             /* OpenMetrics */
  KF_PROM_TYPE_STATESET,         /* OpenMetrics */
} KfPromType;

/* What a sample is within its family, from its name's suffix. */
typedef enum
{
  KF_PROM_SAMPLE_VALUE,    /* name == family name (or a summary quantile) */
  KF_PROM_SAMPLE_BUCKET,   /* <name>_bucket{le="…"} */
  KF_PROM_SAMPLE_SUM,      /* <name>_sum (and _gsum) */
  KF_PROM_SAMPLE_COUNT,    /* <name>_count (and _gcount) */
  KF_PROM_SAMPLE_CREATED,  /* <name>_created */
  KF_PROM_SAMPLE_TOTAL,    /* <name>_total of an OpenMetrics counter */
  KF_PROM_SAMPLE_INFO,     /* <name>_info */
} KfPromSampleKind;

typedef struct
{
  const char *name;
  const char *value;
} KfPromLabel;

typedef struct
{
  const char        *name;          /* full sample name: "foo_bucket" */
  KfPromSampleKind   kind;
  guint              n_labels;
  const KfPromLabel *labels;        /* in input order */
  double             value;         /* NaN, ±Inf allowed */
  double             bound;         /* `le` of buckets, `quantile` of summaries; NaN otherwise */
  gint64             timestamp_ms;  /* valid when has_timestamp */
  gboolean           has_timestamp;
} KfPromSample;

typedef struct
{
  const char         *name;
  const char         *help;   /* unescaped; NULL when absent */
  const char         *unit;   /* OpenMetrics UNIT; NULL when absent */
  KfPromType          type;
  guint               n_samples;
  const KfPromSample *samples;
} KfPromFamily;

/* The result of parsing one /metrics response. Immutable; refcounted; all
 * strings and structs it hands out live as long as it does. */
typedef struct _KfPromScrape KfPromScrape;

GQuark              kf_prom_error_quark           (void);

KfPromScrape       *kf_prom_scrape_parse          (const char        *data,
                                                   gsize              length,
                                                   KfPromParseFlags   flags,
                                                   GError           **error);
KfPromScrape       *kf_prom_scrape_ref            (KfPromScrape      *scrape);
void                kf_prom_scrape_unref          (KfPromScrape      *scrape);

guint               kf_prom_scrape_get_n_families (KfPromScrape      *scrape);
const KfPromFamily *kf_prom_scrape_get_family     (KfPromScrape      *scrape,
                                                   guint              index);
/* By family name (as in TYPE/HELP, or the sample name for untyped ones). */
const KfPromFamily *kf_prom_scrape_lookup         (KfPromScrape      *scrape,
                                                   const char        *name);
guint               kf_prom_scrape_get_n_samples  (KfPromScrape      *scrape);

/* Identity and time of the scrape, for rates between two scrapes of the same
 * target. Time defaults to g_get_monotonic_time() at parse (microseconds). */
const char         *kf_prom_scrape_get_source     (KfPromScrape      *scrape);
void                kf_prom_scrape_set_source     (KfPromScrape      *scrape,
                                                   const char        *source);
gint64              kf_prom_scrape_get_time       (KfPromScrape      *scrape);
void                kf_prom_scrape_set_time       (KfPromScrape      *scrape,
                                                   gint64             time_us);

/* The value of label @name on @sample, or NULL. */
const char         *kf_prom_sample_get_label      (const KfPromSample *sample,
                                                   const char         *name);
/* Sum of the family's plain values (samples of kind VALUE or TOTAL) over all
 * label sets, NaN skipped; NaN when there is none. For a histogram or
 * summary, the sum of its _count samples. */
double              kf_prom_family_sum            (const KfPromFamily *family);

/* "counter", "gauge", "histogram", "summary", "untyped", … */
const char         *kf_prom_type_to_string        (KfPromType         type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfPromScrape, kf_prom_scrape_unref)

G_END_DECLS
