/* kf-kube-log-stream.c: a pod's log as a stream of lines (pods/log)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include <string.h>

#include "kf-kube-log-stream.h"
#include "kf-kube-line-reader.h"

struct _KfKubeLogStream
{
  GObject           parent_instance;

  KfKubeClient     *client;
  char             *ns;
  char             *pod;
  char             *container;
  gboolean          follow;
  gint64            tail_lines;
  gint64            since_seconds;
  gboolean          timestamps;
  gboolean          previous;

  gboolean          running;
  GCancellable     *cancellable;
  GCancellable     *client_cancellable;
  gulong            client_cancel_id;
  KfKubeLineReader *reader;
  guint             retry_id;
  guint             initial_ms, max_ms, delay_ms, max_attempts, failures;
  guint             n_reconnects;
  guint             lines_this_stream;
  gboolean          ended_once;     /* a clean end seen: one more try, then done */

  /* resume point */
  char             *last_ts;          /* as the server wrote it */
  gint64            last_ts_ns;       /* -1: none yet */
  guint             count_at_last_ts; /* lines delivered with exactly last_ts */
  gboolean          resuming;
  guint             skipped_at_last_ts;
};

G_DEFINE_FINAL_TYPE (KfKubeLogStream, kf_kube_log_stream, G_TYPE_OBJECT)

enum { PROP_0, PROP_RUNNING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_LINE, SIGNAL_ERROR, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void connect_stream (KfKubeLogStream *self);

static void
drop_reader (KfKubeLogStream *self)
{
  if (self->reader != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->reader, self);
      kf_kube_line_reader_stop (self->reader);
      g_clear_object (&self->reader);
    }
}

static void
disconnect_client (KfKubeLogStream *self)
{
  if (self->client_cancel_id != 0)
    g_signal_handler_disconnect (self->client_cancellable, self->client_cancel_id);
  self->client_cancel_id = 0;
  g_clear_object (&self->client_cancellable);
}

static void
halt (KfKubeLogStream *self)
{
  disconnect_client (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_reader (self);
  if (self->running)
    {
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
finish (KfKubeLogStream *self,
        const GError    *error)
{
  g_object_ref (self);
  halt (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error);
  g_object_unref (self);
}

static void
kf_kube_log_stream_dispose (GObject *object)
{
  KfKubeLogStream *self = KF_KUBE_LOG_STREAM (object);

  disconnect_client (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_reader (self);
  self->running = FALSE;
  g_clear_object (&self->client);
  G_OBJECT_CLASS (kf_kube_log_stream_parent_class)->dispose (object);
}

static void
kf_kube_log_stream_finalize (GObject *object)
{
  KfKubeLogStream *self = KF_KUBE_LOG_STREAM (object);

  g_free (self->ns);
  g_free (self->pod);
  g_free (self->container);
  g_free (self->last_ts);
  G_OBJECT_CLASS (kf_kube_log_stream_parent_class)->finalize (object);
}

static void
kf_kube_log_stream_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING: g_value_set_boolean (value, KF_KUBE_LOG_STREAM (object)->running); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_kube_log_stream_class_init (KfKubeLogStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kf_kube_log_stream_dispose;
  object_class->finalize = kf_kube_log_stream_finalize;
  object_class->get_property = kf_kube_log_stream_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LINE] = g_signal_new ("line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 2,
                                       G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                                       G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1,
                                           G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kf_kube_log_stream_init (KfKubeLogStream *self)
{
  self->initial_ms = 500;
  self->max_ms = 10000;
  self->max_attempts = 10;
  self->last_ts_ns = -1;
}

KfKubeLogStream *
kf_kube_log_stream_new (KfKubeClient           *client,
                        const char             *ns,
                        const char             *pod,
                        const KfKubeLogOptions *options)
{
  KfKubeLogStream *self;
  static const KfKubeLogOptions defaults = KF_KUBE_LOG_OPTIONS_INIT;

  g_return_val_if_fail (KF_IS_KUBE_CLIENT (client), NULL);
  g_return_val_if_fail (ns != NULL && pod != NULL, NULL);

  if (options == NULL)
    options = &defaults;
  self = g_object_new (KF_TYPE_KUBE_LOG_STREAM, NULL);
  self->client = g_object_ref (client);
  self->ns = g_strdup (ns);
  self->pod = g_strdup (pod);
  self->container = g_strdup (options->container);
  self->follow = options->follow;
  self->tail_lines = options->tail_lines;
  self->since_seconds = options->since_seconds;
  self->timestamps = options->timestamps;
  self->previous = options->previous;
  return self;
}

void
kf_kube_log_stream_set_backoff (KfKubeLogStream *self,
                                guint            initial_ms,
                                guint            max_ms,
                                guint            max_attempts)
{
  g_return_if_fail (KF_IS_KUBE_LOG_STREAM (self));
  self->initial_ms = MAX (1, initial_ms);
  self->max_ms = MAX (self->initial_ms, max_ms);
  self->max_attempts = max_attempts;
}

gboolean
kf_kube_log_stream_is_running (KfKubeLogStream *self)
{
  g_return_val_if_fail (KF_IS_KUBE_LOG_STREAM (self), FALSE);
  return self->running;
}

guint
kf_kube_log_stream_get_n_reconnects (KfKubeLogStream *self)
{
  g_return_val_if_fail (KF_IS_KUBE_LOG_STREAM (self), 0);
  return self->n_reconnects;
}

/* "2024-05-01T10:00:00.123456789Z" → nanoseconds since the epoch, or -1. */
static gint64
parse_timestamp_ns (const char *ts,
                    gsize       length)
{
  g_autofree char *copy = g_strndup (ts, length);
  g_autofree char *whole = NULL;
  g_autoptr(GDateTime) dt = NULL;
  char *dot = strchr (copy, '.');
  gint64 frac = 0;

  if (dot != NULL)
    {
      const char *p = dot + 1;
      int digits = 0;
      g_autofree char *rest = NULL;

      while (g_ascii_isdigit (*p))
        {
          if (digits < 9)
            {
              frac = frac * 10 + (*p - '0');
              digits++;
            }
          p++;
        }
      for (; digits < 9; digits++)
        frac *= 10;
      rest = g_strdup (p);
      *dot = '\0';
      whole = g_strconcat (copy, rest, NULL);
    }
  else
    whole = g_strdup (copy);

  dt = g_date_time_new_from_iso8601 (whole, NULL);
  if (dt == NULL)
    return -1;
  return g_date_time_to_unix (dt) * G_GINT64_CONSTANT (1000000000) + frac;
}

static void
line_cb (KfKubeLineReader *reader,
         const char       *line,
         guint64           length,
         KfKubeLogStream  *self)
{
  const char *space = memchr (line, ' ', length);
  g_autofree char *ts = NULL;
  const char *text = line;
  gint64 ns = -1;

  if (space != NULL)
    ns = parse_timestamp_ns (line, (gsize) (space - line));
  if (ns >= 0)
    {
      ts = g_strndup (line, (gsize) (space - line));
      text = space + 1;
    }

  if (ns >= 0 && self->last_ts_ns >= 0)
    {
      if (ns < self->last_ts_ns)
        return;  /* already delivered before the drop */
      if (ns == self->last_ts_ns && self->resuming && self->skipped_at_last_ts < self->count_at_last_ts)
        {
          self->skipped_at_last_ts++;
          return;
        }
    }
  if (ns >= 0)
    {
      if (ns != self->last_ts_ns)
        {
          self->last_ts_ns = ns;
          g_free (self->last_ts);
          self->last_ts = g_strdup (ts);
          self->count_at_last_ts = 0;
          self->resuming = FALSE;
        }
      self->count_at_last_ts++;
    }
  self->failures = 0;
  self->delay_ms = 0;
  self->lines_this_stream++;
  self->ended_once = FALSE;
  g_signal_emit (self, signals[SIGNAL_LINE], 0, self->timestamps ? line : text, ts);
}

static gboolean
retry_cb (gpointer user_data)
{
  KfKubeLogStream *self = user_data;

  self->retry_id = 0;
  self->n_reconnects++;
  connect_stream (self);
  return G_SOURCE_REMOVE;
}

static void
reconnect_later (KfKubeLogStream *self,
                 const GError    *error)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
  if (!self->running)
    return;
  if (++self->failures > self->max_attempts)
    {
      finish (self, error);
      return;
    }
  self->delay_ms = self->delay_ms == 0 ? self->initial_ms : MIN (self->max_ms, self->delay_ms * 2);
  self->retry_id = g_timeout_add ((guint) MAX (1.0, self->delay_ms * g_random_double_range (0.75, 1.25)),
                                  retry_cb, self);
}

static void
finished_cb (KfKubeLineReader *reader,
             const GError     *error,
             KfKubeLogStream  *self)
{
  drop_reader (self);
  if (!self->running || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error == NULL)
    {
      /* libsoup reports a chunked body cut short by a dropped connection as a
       * clean end: when following, check once whether the log goes on. */
      if (self->follow && !self->ended_once && self->last_ts != NULL)
        {
          self->ended_once = TRUE;
          g_clear_handle_id (&self->retry_id, g_source_remove);
          self->retry_id = g_timeout_add (self->initial_ms, retry_cb, self);
          return;
        }
      finish (self, NULL);
      return;
    }
  if (self->follow)
    {
      g_autoptr(GError) mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                                              "The log stream of %s was interrupted: %s", self->pod, error->message);
      reconnect_later (self, mapped);
      return;
    }
  finish (self, error);
}

static void
stream_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KfKubeLogStream) self = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = kf_kube_client_send_stream_finish (KF_KUBE_CLIENT (object), result, &error);
  if (!self->running || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stream == NULL)
    {
      /* a reconnect may meet a transient failure; the first attempt reports at once */
      if (self->last_ts != NULL && self->follow &&
          !g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND) &&
          !g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN) &&
          !g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_REQUEST))
        reconnect_later (self, error);
      else
        finish (self, error);
      return;
    }
  self->lines_this_stream = 0;
  self->reader = kf_kube_line_reader_new (stream);
  g_signal_connect (self->reader, "line", G_CALLBACK (line_cb), self);
  g_signal_connect (self->reader, "finished", G_CALLBACK (finished_cb), self);
  kf_kube_line_reader_start (self->reader, self->cancellable);
}

static void
connect_stream (KfKubeLogStream *self)
{
  KfKubeResource pods = kf_kube_resource_pods;
  g_autofree char *path = kf_kube_build_path (&pods, self->ns, self->pod, "log");
  g_autofree char *tail = NULL;
  g_autofree char *since = NULL;
  g_autofree char *query = NULL;
  g_autofree char *full = NULL;

  if (self->last_ts != NULL)
    {
      /* resume: everything from the last timestamp on; the repeats are skipped */
      self->resuming = TRUE;
      self->skipped_at_last_ts = 0;
    }
  else
    {
      if (self->tail_lines >= 0)
        tail = g_strdup_printf ("%" G_GINT64_FORMAT, self->tail_lines);
      if (self->since_seconds > 0)
        since = g_strdup_printf ("%" G_GINT64_FORMAT, self->since_seconds);
    }
  query = kf_kube_build_query ("container", self->container,
                               "follow", self->follow ? "true" : NULL,
                               "previous", self->previous ? "true" : NULL,
                               "timestamps", "true",
                               "tailLines", tail,
                               "sinceSeconds", since,
                               "sinceTime", self->last_ts,
                               NULL);
  full = g_strconcat (path, query, NULL);
  kf_kube_client_send_stream_async (self->client, "GET", full, NULL, NULL, self->cancellable,
                                    stream_cb, g_object_ref (self));
}

static gboolean
stop_idle_cb (gpointer user_data)
{
  KfKubeLogStream *self = user_data;

  if (self->running)
    finish (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
client_cancelled_cb (GCancellable    *cancellable,
                     KfKubeLogStream *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_idle_add_full (G_PRIORITY_HIGH, stop_idle_cb, g_object_ref (self), g_object_unref);
}

void
kf_kube_log_stream_start (KfKubeLogStream *self)
{
  g_return_if_fail (KF_IS_KUBE_LOG_STREAM (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  self->client_cancellable = g_object_ref (kf_kube_client_get_cancellable (self->client));
  self->client_cancel_id = g_signal_connect (self->client_cancellable, "cancelled",
                                             G_CALLBACK (client_cancelled_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  connect_stream (self);
}

void
kf_kube_log_stream_stop (KfKubeLogStream *self)
{
  g_return_if_fail (KF_IS_KUBE_LOG_STREAM (self));
  halt (self);
}
