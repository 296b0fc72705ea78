/* kf-kube-line-reader.c: newline-delimited reading of a response stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include "kf-kube-line-reader.h"

struct _KfKubeLineReader
{
  GObject           parent_instance;

  GDataInputStream *data;
  GCancellable     *cancellable;
  gulong            cancel_id;
  GCancellable     *outer;
  gboolean          running;
};

G_DEFINE_FINAL_TYPE (KfKubeLineReader, kf_kube_line_reader, G_TYPE_OBJECT)

enum { SIGNAL_LINE, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void abort_stream (KfKubeLineReader *self);

static void
kf_kube_line_reader_dispose (GObject *object)
{
  KfKubeLineReader *self = KF_KUBE_LINE_READER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (!self->running)
    abort_stream (self);
  if (self->cancel_id != 0)
    g_cancellable_disconnect (self->outer, self->cancel_id);
  self->cancel_id = 0;
  g_clear_object (&self->outer);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->data);

  G_OBJECT_CLASS (kf_kube_line_reader_parent_class)->dispose (object);
}

static void
kf_kube_line_reader_class_init (KfKubeLineReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kf_kube_line_reader_dispose;

  /* ::line (const char *line, gsize length) */
  signals[SIGNAL_LINE] = g_signal_new ("line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                       G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT64);
  /* ::finished (const GError *error_or_null) */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                           G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kf_kube_line_reader_init (KfKubeLineReader *self)
{
}

KfKubeLineReader *
kf_kube_line_reader_new (GInputStream *stream)
{
  KfKubeLineReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (KF_TYPE_KUBE_LINE_READER, NULL);
  self->data = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (self->data, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (self->data), 64 * 1024);
  return self;
}

static void
forward_cancel_cb (GCancellable *outer,
                   GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static void read_next (KfKubeLineReader *self);

/* Closing an HTTP body before its end makes libsoup read the rest (forever,
 * for a watch): close with a cancelled cancellable, which drops the
 * connection instead and returns at once. */
static void
abort_stream (KfKubeLineReader *self)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  if (self->data == NULL || g_input_stream_is_closed (G_INPUT_STREAM (self->data)) ||
      g_input_stream_has_pending (G_INPUT_STREAM (self->data)))
    return;
  g_cancellable_cancel (cancelled);
  g_input_stream_close (G_INPUT_STREAM (self->data), cancelled, NULL);
}

static void
finish (KfKubeLineReader *self,
        GError           *error)
{
  self->running = FALSE;
  if (error == NULL)
    g_input_stream_close_async (G_INPUT_STREAM (self->data), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  else
    abort_stream (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KfKubeLineReader) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, &length, &error);
  if (self->data == NULL)
    return;  /* disposed */
  if (error != NULL)
    {
      finish (self, error);
      return;
    }
  if (line == NULL)
    {
      finish (self, NULL);
      return;
    }
  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';
  g_signal_emit (self, signals[SIGNAL_LINE], 0, line, (guint64) length);
  if (self->data == NULL)
    return;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
      finish (self, cancelled);
      return;
    }
  read_next (self);
}

static void
read_next (KfKubeLineReader *self)
{
  g_data_input_stream_read_line_async (self->data, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, g_object_ref (self));
}

void
kf_kube_line_reader_start (KfKubeLineReader *self,
                           GCancellable     *cancellable)
{
  g_return_if_fail (KF_IS_KUBE_LINE_READER (self));
  g_return_if_fail (!self->running && self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->outer = g_object_ref (cancellable);
      self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb), self->cancellable, NULL);
    }
  self->running = TRUE;
  read_next (self);
}

void
kf_kube_line_reader_stop (KfKubeLineReader *self)
{
  g_return_if_fail (KF_IS_KUBE_LINE_READER (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
kf_kube_line_reader_is_running (KfKubeLineReader *self)
{
  g_return_val_if_fail (KF_IS_KUBE_LINE_READER (self), FALSE);
  return self->running;
}
