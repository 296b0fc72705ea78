/* kf-backoff.h: reconnect delays, exponential with jitter
 *
 *   KfBackoff b;
 *   kf_backoff_init (&b, 500, 10000);
 *   g_timeout_add (kf_backoff_next (&b), retry_cb, self);   // 500, 1000, 2000… ±25 %
 *   kf_backoff_reset (&b);                                   // after a success
 *
 * A plain struct (embed it); no allocation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint initial_ms;
  guint max_ms;
  guint delay_ms;   /* the last delay before jitter; 0: none since the reset */
  guint attempts;   /* delays handed out since the reset */
} KfBackoff;

/* @initial_ms >= 1; @max_ms is raised to @initial_ms when smaller. */
void     kf_backoff_init         (KfBackoff *self,
                                  guint      initial_ms,
                                  guint      max_ms);
/* The next delay: @initial_ms, then doubling up to @max_ms, each times a
 * random factor in [0.75, 1.25) (never below 1 ms). Counts an attempt. */
guint    kf_backoff_next         (KfBackoff *self);
/* Back to the first delay (a connection worked). */
void     kf_backoff_reset        (KfBackoff *self);
guint    kf_backoff_get_attempts (const KfBackoff *self);

G_END_DECLS
