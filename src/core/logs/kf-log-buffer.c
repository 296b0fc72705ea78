/* kf-log-buffer.c: a bounded ring of log lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-logs"

#include "config.h"

#include <string.h>

#include "kf-log-buffer.h"

struct _KfLogBuffer
{
  char   **ring;       /* capacity slots */
  guint    capacity;   /* allocated slots (grows up to max_lines) */
  guint    max_lines;
  guint    head;       /* index of the oldest line */
  guint    n;          /* kept lines */
  guint64  first;      /* serial of the oldest kept line */
  guint64  n_dropped;
};

KfLogBuffer *
kf_log_buffer_new (guint max_lines)
{
  KfLogBuffer *self = g_new0 (KfLogBuffer, 1);

  self->max_lines = MAX (max_lines, 1);
  return self;
}

static void
drop_oldest (KfLogBuffer *self,
             guint        count)
{
  for (guint i = 0; i < count && self->n > 0; i++)
    {
      g_clear_pointer (&self->ring[self->head], g_free);
      self->head = (self->head + 1) % self->capacity;
      self->n--;
      self->first++;
      self->n_dropped++;
    }
}

/* Rearranges the ring into a fresh array of @capacity slots (oldest first). */
static void
resize (KfLogBuffer *self,
        guint        capacity)
{
  char **ring = g_new0 (char *, capacity);

  g_assert (capacity >= self->n);
  for (guint i = 0; i < self->n; i++)
    ring[i] = self->ring[(self->head + i) % self->capacity];
  g_free (self->ring);
  self->ring = ring;
  self->capacity = capacity;
  self->head = 0;
}

void
kf_log_buffer_free (KfLogBuffer *self)
{
  if (self == NULL)
    return;
  kf_log_buffer_clear (self);
  g_free (self->ring);
  g_free (self);
}

void
kf_log_buffer_set_max_lines (KfLogBuffer *self,
                             guint        max_lines)
{
  g_return_if_fail (self != NULL);

  max_lines = MAX (max_lines, 1);
  if (self->n > max_lines)
    drop_oldest (self, self->n - max_lines);
  self->max_lines = max_lines;
  if (self->capacity > max_lines)
    resize (self, max_lines);
}

guint
kf_log_buffer_get_max_lines (KfLogBuffer *self)
{
  return self->max_lines;
}

guint64
kf_log_buffer_append (KfLogBuffer *self,
                      const char  *line,
                      gssize       len)
{
  gsize n;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (line != NULL || len == 0, 0);

  n = len < 0 ? strlen (line) : (gsize) len;

  if (self->n == self->max_lines)
    drop_oldest (self, 1);
  if (self->n == self->capacity)
    resize (self, MIN (MAX (self->capacity * 2, 64), self->max_lines));

  self->ring[(self->head + self->n) % self->capacity] = g_strndup (line ? line : "", n);
  self->n++;
  return self->first + self->n - 1;
}

void
kf_log_buffer_clear (KfLogBuffer *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->n; i++)
    g_free (self->ring[(self->head + i) % self->capacity]);
  self->first += self->n;
  self->n = 0;
  self->head = 0;
  self->n_dropped = 0;
}

guint
kf_log_buffer_get_n_lines (KfLogBuffer *self)
{
  return self->n;
}

guint64
kf_log_buffer_get_first_serial (KfLogBuffer *self)
{
  return self->first;
}

guint64
kf_log_buffer_get_end_serial (KfLogBuffer *self)
{
  return self->first + self->n;
}

guint64
kf_log_buffer_get_n_dropped (KfLogBuffer *self)
{
  return self->n_dropped;
}

const char *
kf_log_buffer_get (KfLogBuffer *self,
                   guint64      serial)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (serial < self->first || serial >= self->first + self->n)
    return NULL;
  return self->ring[(self->head + (serial - self->first)) % self->capacity];
}

char *
kf_log_buffer_dup_text (KfLogBuffer *self,
                        gsize       *length)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->n; i++)
    {
      g_string_append (s, self->ring[(self->head + i) % self->capacity]);
      g_string_append_c (s, '\n');
    }
  if (length != NULL)
    *length = s->len;
  return g_string_free (s, FALSE);
}
