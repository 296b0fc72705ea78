/* kf-backoff.c: reconnect delays, exponential with jitter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include "kf-backoff.h"

void
kf_backoff_init (KfBackoff *self,
                 guint      initial_ms,
                 guint      max_ms)
{
  g_return_if_fail (self != NULL);
  self->initial_ms = MAX (1, initial_ms);
  self->max_ms = MAX (self->initial_ms, max_ms);
  kf_backoff_reset (self);
}

guint
kf_backoff_next (KfBackoff *self)
{
  double delay;

  g_return_val_if_fail (self != NULL, 1);

  if (self->delay_ms == 0)
    self->delay_ms = self->initial_ms;
  else
    self->delay_ms = self->delay_ms > self->max_ms / 2 ? self->max_ms : self->delay_ms * 2;
  self->attempts++;
  delay = self->delay_ms * g_random_double_range (0.75, 1.25);   /* once: MAX() evaluates twice */
  return (guint) MAX (1.0, delay);
}

void
kf_backoff_reset (KfBackoff *self)
{
  g_return_if_fail (self != NULL);
  self->delay_ms = 0;
  self->attempts = 0;
}

guint
kf_backoff_get_attempts (const KfBackoff *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->attempts;
}
