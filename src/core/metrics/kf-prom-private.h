/* kf-prom-private.h: what the kf-prom-*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kf-prom-parser.h"

G_BEGIN_DECLS

struct _KfPromScrape
{
  gatomicrefcount ref;
  GStringChunk   *chunk;
  KfPromFamily   *families;
  guint           n_families;
  KfPromSample   *samples;
  guint           n_samples;
  KfPromLabel    *labels;
  GHashTable     *by_name;   /* name -> KfPromFamily* */
  char           *source;
  gint64          time_us;
};

G_GNUC_INTERNAL void     kf_prom_scrape_free  (KfPromScrape *scrape);

/* Go's strconv.ParseFloat / ParseInt(s, 10, 64) on a token (kf-prom-number.c) */
G_GNUC_INTERNAL gboolean kf_prom_parse_float  (const char   *s,
                                               gsize         n,
                                               double       *out);
G_GNUC_INTERNAL gboolean kf_prom_parse_int64  (const char   *s,
                                               gsize         n,
                                               gint64       *out);

G_END_DECLS
