/* kf-kube-log-stream.c: a pod's log as a stream of lines (pods/log)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include <string.h>

#include "kf-backoff.h"
#include "kf-kube-error.h"
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
  KfBackoff         backoff;
  guint             max_attempts;
  guint             n_reconnects;
  guint             lines_this_stream;
  gboolean          reconnecting;

  /* the container followed, to tell a dropped stream from its end */
  char             *container_id;     /* NULL: not known */
  gint64            restart_count;    /* -1: not known */

  /* resume point */
  char             *last_ts;          /* as the server wrote it */
  gint64            last_ts_ns;       /* -1: none yet */
  guint             count_at_last_ts; /* lines delivered with exactly last_ts */
  gboolean          resuming;
  guint             skipped_at_last_ts;
};

G_DEFINE_FINAL_TYPE (KfKubeLogStream, kf_kube_log_stream, G_TYPE_OBJECT)

enum { PROP_0, PROP_RUNNING, PROP_RECONNECTING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_LINE, SIGNAL_ERROR, SIGNAL_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void connect_stream (KfKubeLogStream *self);

static void
set_reconnecting (KfKubeLogStream *self,
                  gboolean         reconnecting)
{
  if (self->reconnecting == reconnecting)
    return;
  self->reconnecting = reconnecting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTING]);
}

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
  set_reconnecting (self, FALSE);
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
  g_free (self->container_id);
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
    case PROP_RECONNECTING: g_value_set_boolean (value, KF_KUBE_LOG_STREAM (object)->reconnecting); break;
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
  properties[PROP_RECONNECTING] = g_param_spec_boolean ("reconnecting", NULL, NULL, FALSE,
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
  kf_backoff_init (&self->backoff, 500, 10000);
  self->max_attempts = 10;
  self->last_ts_ns = -1;
  self->restart_count = -1;
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
  kf_backoff_init (&self->backoff, initial_ms, max_ms);
  self->max_attempts = max_attempts;
}

gboolean
kf_kube_log_stream_is_running (KfKubeLogStream *self)
{
  g_return_val_if_fail (KF_IS_KUBE_LOG_STREAM (self), FALSE);
  return self->running;
}

gboolean
kf_kube_log_stream_get_reconnecting (KfKubeLogStream *self)
{
  g_return_val_if_fail (KF_IS_KUBE_LOG_STREAM (self), FALSE);
  return self->reconnecting;
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
  kf_backoff_reset (&self->backoff);
  self->lines_this_stream++;
  set_reconnecting (self, FALSE);
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

/* Tries again after the backoff delay (@error: the drop, reported as ::error). */
static void
reconnect_later (KfKubeLogStream *self,
                 const GError    *error)
{
  set_reconnecting (self, TRUE);
  if (error != NULL)
    {
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
      if (!self->running)
        return;
    }
  if (kf_backoff_get_attempts (&self->backoff) >= self->max_attempts)
    {
      if (error != NULL)
        finish (self, error);
      else
        {
          g_autoptr(GError) gave_up = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                                                   "The log stream of %s kept ending early; gave up after %u attempts",
                                                   self->pod, self->max_attempts);
          finish (self, gave_up);
        }
      return;
    }
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (kf_backoff_next (&self->backoff), retry_cb, self);
}

/* The status of the container followed in @pod (NULL when absent). */
static JsonObject *
find_container_status (KfKubeLogStream *self,
                       JsonNode        *pod)
{
  JsonObject *status;
  JsonArray *statuses;

  if (pod == NULL || !JSON_NODE_HOLDS_OBJECT (pod) ||
      (status = json_object_get_object_member (json_node_get_object (pod), "status")) == NULL ||
      !json_object_has_member (status, "containerStatuses") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (status, "containerStatuses")))
    return NULL;
  statuses = json_object_get_array_member (status, "containerStatuses");
  for (guint i = 0; i < json_array_get_length (statuses); i++)
    {
      JsonNode *n = json_array_get_element (statuses, i);
      JsonObject *cs;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      cs = json_node_get_object (n);
      /* no container named: the pod's only one */
      if (self->container == NULL
          ? json_array_get_length (statuses) == 1
          : g_strcmp0 (json_object_get_string_member_with_default (cs, "name", NULL), self->container) == 0)
        return cs;
    }
  return NULL;
}

static gboolean
container_running (JsonObject *cs)
{
  JsonNode *state = cs ? json_object_get_member (cs, "state") : NULL;

  return state != NULL && JSON_NODE_HOLDS_OBJECT (state) &&
         json_object_has_member (json_node_get_object (state), "running");
}

/* At the start: which container instance is followed. */
static void
baseline_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KfKubeLogStream) self = user_data;
  g_autoptr(JsonNode) pod = kf_kube_client_request_finish (KF_KUBE_CLIENT (object), result, NULL);
  JsonObject *cs;

  if (!self->running || (cs = find_container_status (self, pod)) == NULL || !container_running (cs))
    return;
  g_free (self->container_id);
  self->container_id = g_strdup (json_object_get_string_member_with_default (cs, "containerID", NULL));
  self->restart_count = json_object_get_int_member_with_default (cs, "restartCount", -1);
}

/* After a clean end: the same container still running means the stream was
 * cut (libsoup ends a chunked body cut short by a dropped connection as if
 * it were complete); else the log really ended. */
static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KfKubeLogStream) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) pod = kf_kube_client_request_finish (KF_KUBE_CLIENT (object), result, &error);
  JsonObject *cs;

  if (!self->running || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pod == NULL)
    {
      if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND))
        finish (self, NULL);   /* the pod is gone: so is its log */
      else
        reconnect_later (self, error);
      return;
    }
  cs = find_container_status (self, pod);
  if (cs == NULL || !container_running (cs) ||
      (self->container_id != NULL &&
       g_strcmp0 (json_object_get_string_member_with_default (cs, "containerID", NULL), self->container_id) != 0) ||
      (self->restart_count >= 0 &&
       json_object_get_int_member_with_default (cs, "restartCount", -1) != self->restart_count))
    {
      finish (self, NULL);
      return;
    }
  g_debug ("log stream of %s/%s ended while its container runs: reconnecting", self->ns, self->pod);
  reconnect_later (self, NULL);
}

static void
finished_cb (KfKubeLineReader *reader,
             const GError     *error,
             KfKubeLogStream  *self)
{
  drop_reader (self);
  if (!self->running || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!self->follow)
    {
      finish (self, error);
      return;
    }
  if (error == NULL)
    {
      set_reconnecting (self, TRUE);
      kf_kube_client_get_async (self->client, &kf_kube_resource_pods, self->ns, self->pod,
                                self->cancellable, check_cb, g_object_ref (self));
      return;
    }
  {
    g_autoptr(GError) mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                                            "The log stream of %s was interrupted: %s", self->pod, error->message);
    reconnect_later (self, mapped);
  }
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
  set_reconnecting (self, FALSE);   /* connected again: lines flow */
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
  kf_backoff_reset (&self->backoff);
  if (self->follow)
    kf_kube_client_get_async (self->client, &kf_kube_resource_pods, self->ns, self->pod,
                              self->cancellable, baseline_cb, g_object_ref (self));
  connect_stream (self);
}

void
kf_kube_log_stream_stop (KfKubeLogStream *self)
{
  g_return_if_fail (KF_IS_KUBE_LOG_STREAM (self));
  halt (self);
}
