/* kf-prom-scrape.c: the parsed model (families, samples, labels) and its
 * accessors; built by kf-prom-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-prom"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kf-prom-parser.h"
#include "kf-prom-private.h"

void
kf_prom_scrape_free (KfPromScrape *scrape)
{
  g_clear_pointer (&scrape->chunk, g_string_chunk_free);
  g_free (scrape->families);
  g_free (scrape->samples);
  g_free (scrape->labels);
  g_clear_pointer (&scrape->by_name, g_hash_table_unref);
  g_free (scrape->source);
  g_free (scrape);
}

KfPromScrape *
kf_prom_scrape_ref (KfPromScrape *scrape)
{
  g_return_val_if_fail (scrape != NULL, NULL);
  g_atomic_ref_count_inc (&scrape->ref);
  return scrape;
}

void
kf_prom_scrape_unref (KfPromScrape *scrape)
{
  g_return_if_fail (scrape != NULL);
  if (g_atomic_ref_count_dec (&scrape->ref))
    kf_prom_scrape_free (scrape);
}

guint
kf_prom_scrape_get_n_families (KfPromScrape *scrape)
{
  g_return_val_if_fail (scrape != NULL, 0);
  return scrape->n_families;
}

const KfPromFamily *
kf_prom_scrape_get_family (KfPromScrape *scrape,
                           guint         index)
{
  g_return_val_if_fail (scrape != NULL, NULL);
  g_return_val_if_fail (index < scrape->n_families, NULL);
  return &scrape->families[index];
}

const KfPromFamily *
kf_prom_scrape_lookup (KfPromScrape *scrape,
                       const char   *name)
{
  g_return_val_if_fail (scrape != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (scrape->by_name, name);
}

guint
kf_prom_scrape_get_n_samples (KfPromScrape *scrape)
{
  g_return_val_if_fail (scrape != NULL, 0);
  return scrape->n_samples;
}

const char *
kf_prom_scrape_get_source (KfPromScrape *scrape)
{
  g_return_val_if_fail (scrape != NULL, NULL);
  return scrape->source;
}

void
kf_prom_scrape_set_source (KfPromScrape *scrape,
                           const char   *source)
{
  g_return_if_fail (scrape != NULL);
  g_free (scrape->source);
  scrape->source = g_strdup (source);
}

gint64
kf_prom_scrape_get_time (KfPromScrape *scrape)
{
  g_return_val_if_fail (scrape != NULL, 0);
  return scrape->time_us;
}

void
kf_prom_scrape_set_time (KfPromScrape *scrape,
                         gint64        time_us)
{
  g_return_if_fail (scrape != NULL);
  scrape->time_us = time_us;
}

const char *
kf_prom_sample_get_label (const KfPromSample *sample,
                          const char         *name)
{
  g_return_val_if_fail (sample != NULL, NULL);
  for (guint i = 0; i < sample->n_labels; i++)
    if (strcmp (sample->labels[i].name, name) == 0)
      return sample->labels[i].value;
  return NULL;
}

double
kf_prom_family_sum (const KfPromFamily *family)
{
  gboolean histo;
  gboolean found = FALSE;
  double sum = 0;

  g_return_val_if_fail (family != NULL, NAN);
  histo = family->type == KF_PROM_TYPE_HISTOGRAM || family->type == KF_PROM_TYPE_SUMMARY ||
          family->type == KF_PROM_TYPE_GAUGE_HISTOGRAM;
  for (guint i = 0; i < family->n_samples; i++)
    {
      const KfPromSample *s = &family->samples[i];
      gboolean take = histo ? s->kind == KF_PROM_SAMPLE_COUNT
                            : (s->kind == KF_PROM_SAMPLE_VALUE || s->kind == KF_PROM_SAMPLE_TOTAL);

      if (take && !isnan (s->value))
        {
          sum += s->value;
          found = TRUE;
        }
    }
  return found ? sum : NAN;
}

const char *
kf_prom_type_to_string (KfPromType type)
{
  switch (type)
    {
    case KF_PROM_TYPE_COUNTER: return "counter";
    case KF_PROM_TYPE_GAUGE: return "gauge";
    case KF_PROM_TYPE_HISTOGRAM: return "histogram";
    case KF_PROM_TYPE_SUMMARY: return "summary";
    case KF_PROM_TYPE_GAUGE_HISTOGRAM: return "gaugehistogram";
    case KF_PROM_TYPE_INFO: return "info";
    case KF_PROM_TYPE_STATESET: return "stateset";
    case KF_PROM_TYPE_UNTYPED:
    default: return "untyped";
    }
}
