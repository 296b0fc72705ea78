/* kf-kube-watch.c: list+watch of one resource type, resumable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include "kf-backoff.h"
#include "kf-kube-watch.h"
#include "kf-kube-line-reader.h"

struct _KfKubeWatch
{
  GObject           parent_instance;

  KfKubeClient     *client;
  char             *group, *version, *plural;
  KfKubeResource    resource;
  char             *ns;
  char             *label_selector;
  char             *field_selector;
  char             *resource_version;

  KfBackoff         backoff;
  guint             stream_timeout;
  gboolean          running;
  gboolean          connected;
  guint             n_connects;
  guint             events_this_stream;

  GCancellable     *cancellable;
  GCancellable     *client_cancellable;
  gulong            client_cancel_id;
  KfKubeLineReader *reader;
  guint             retry_id;
};

G_DEFINE_FINAL_TYPE (KfKubeWatch, kf_kube_watch, G_TYPE_OBJECT)

enum { PROP_0, PROP_RUNNING, PROP_CONNECTED, PROP_RESOURCE_VERSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_LISTED, SIGNAL_EVENT, SIGNAL_ERROR, N_SIGNALS };
static guint signals[N_SIGNALS];

static void connect_stream (KfKubeWatch *self);
static void relist (KfKubeWatch *self);

static void
set_connected (KfKubeWatch *self,
               gboolean     connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
set_resource_version (KfKubeWatch *self,
                      const char  *rv)
{
  if (rv == NULL || g_strcmp0 (rv, self->resource_version) == 0)
    return;
  g_free (self->resource_version);
  self->resource_version = g_strdup (rv);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCE_VERSION]);
}

static void
drop_reader (KfKubeWatch *self)
{
  if (self->reader != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->reader, self);
      kf_kube_line_reader_stop (self->reader);
      g_clear_object (&self->reader);
    }
}

static void
halt (KfKubeWatch *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client_cancel_id != 0)
    g_signal_handler_disconnect (self->client_cancellable, self->client_cancel_id);
  self->client_cancel_id = 0;
  g_clear_object (&self->client_cancellable);
  drop_reader (self);
  set_connected (self, FALSE);
  if (self->running)
    {
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
kf_kube_watch_dispose (GObject *object)
{
  KfKubeWatch *self = KF_KUBE_WATCH (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client_cancel_id != 0)
    g_signal_handler_disconnect (self->client_cancellable, self->client_cancel_id);
  self->client_cancel_id = 0;
  g_clear_object (&self->client_cancellable);
  drop_reader (self);
  self->running = FALSE;
  g_clear_object (&self->client);

  G_OBJECT_CLASS (kf_kube_watch_parent_class)->dispose (object);
}

static void
kf_kube_watch_finalize (GObject *object)
{
  KfKubeWatch *self = KF_KUBE_WATCH (object);

  g_free (self->group);
  g_free (self->version);
  g_free (self->plural);
  g_free (self->ns);
  g_free (self->label_selector);
  g_free (self->field_selector);
  g_free (self->resource_version);

  G_OBJECT_CLASS (kf_kube_watch_parent_class)->finalize (object);
}

static void
kf_kube_watch_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KfKubeWatch *self = KF_KUBE_WATCH (object);

  switch (prop_id)
    {
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_CONNECTED: g_value_set_boolean (value, self->connected); break;
    case PROP_RESOURCE_VERSION: g_value_set_string (value, self->resource_version); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_kube_watch_class_init (KfKubeWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kf_kube_watch_dispose;
  object_class->finalize = kf_kube_watch_finalize;
  object_class->get_property = kf_kube_watch_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RESOURCE_VERSION] = g_param_spec_string ("resource-version", NULL, NULL, NULL,
                                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LISTED] = g_signal_new ("listed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        G_TYPE_INT, JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kf_kube_watch_init (KfKubeWatch *self)
{
  kf_backoff_init (&self->backoff, 500, 30000);
}

KfKubeWatch *
kf_kube_watch_new (KfKubeClient         *client,
                   const KfKubeResource *resource,
                   const char           *ns,
                   const char           *label_selector,
                   const char           *field_selector)
{
  KfKubeWatch *self;

  g_return_val_if_fail (KF_IS_KUBE_CLIENT (client), NULL);
  g_return_val_if_fail (resource != NULL, NULL);

  self = g_object_new (KF_TYPE_KUBE_WATCH, NULL);
  self->client = g_object_ref (client);
  self->group = g_strdup (resource->group);
  self->version = g_strdup (resource->version);
  self->plural = g_strdup (resource->plural);
  self->resource.group = self->group;
  self->resource.version = self->version;
  self->resource.plural = self->plural;
  self->ns = g_strdup (ns);
  self->label_selector = g_strdup (label_selector);
  self->field_selector = g_strdup (field_selector);
  return self;
}

void
kf_kube_watch_set_resource_version (KfKubeWatch *self,
                                    const char  *resource_version)
{
  g_return_if_fail (KF_IS_KUBE_WATCH (self));
  set_resource_version (self, resource_version);
}

const char *
kf_kube_watch_get_resource_version (KfKubeWatch *self)
{
  g_return_val_if_fail (KF_IS_KUBE_WATCH (self), NULL);
  return self->resource_version;
}

void
kf_kube_watch_set_backoff (KfKubeWatch *self,
                           guint        initial_ms,
                           guint        max_ms)
{
  g_return_if_fail (KF_IS_KUBE_WATCH (self));
  kf_backoff_init (&self->backoff, initial_ms, max_ms);
}

void
kf_kube_watch_set_stream_timeout (KfKubeWatch *self,
                                  guint        seconds)
{
  g_return_if_fail (KF_IS_KUBE_WATCH (self));
  self->stream_timeout = seconds;
}

gboolean
kf_kube_watch_is_running (KfKubeWatch *self)
{
  g_return_val_if_fail (KF_IS_KUBE_WATCH (self), FALSE);
  return self->running;
}

gboolean
kf_kube_watch_is_connected (KfKubeWatch *self)
{
  g_return_val_if_fail (KF_IS_KUBE_WATCH (self), FALSE);
  return self->connected;
}

guint
kf_kube_watch_get_n_connects (KfKubeWatch *self)
{
  g_return_val_if_fail (KF_IS_KUBE_WATCH (self), 0);
  return self->n_connects;
}

/* ---------------------------------------------------------------- retry */

static gboolean
retry_cb (gpointer user_data)
{
  KfKubeWatch *self = user_data;

  self->retry_id = 0;
  if (self->resource_version == NULL)
    relist (self);
  else
    connect_stream (self);
  return G_SOURCE_REMOVE;
}

/* Reports @error (unless NULL) and tries again after the backoff delay. */
static void
retry_later (KfKubeWatch  *self,
             const GError *error)
{
  guint delay;

  set_connected (self, FALSE);
  if (error != NULL)
    {
      g_debug ("watch %s: %s", self->plural, error->message);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
      if (!self->running)
        return;
    }
  delay = kf_backoff_next (&self->backoff);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, retry_cb, self);
}

/* ---------------------------------------------------------------- list */

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KfKubeWatch) self = user_data;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *meta;

  list = kf_kube_client_request_finish (KF_KUBE_CLIENT (object), result, &error);
  if (!self->running || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (list == NULL)
    {
      retry_later (self, error);
      return;
    }
  meta = json_object_get_object_member (json_node_get_object (list), "metadata");
  g_clear_pointer (&self->resource_version, g_free);
  set_resource_version (self, meta ? json_object_get_string_member_with_default (meta, "resourceVersion", NULL) : NULL);
  g_signal_emit (self, signals[SIGNAL_LISTED], 0, list);
  if (!self->running)
    return;
  if (self->resource_version == NULL)
    {
      g_autoptr(GError) no_rv = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_RESPONSE,
                                             "The list of %s has no resourceVersion to watch from", self->plural);
      retry_later (self, no_rv);
      return;
    }
  connect_stream (self);
}

static void
relist (KfKubeWatch *self)
{
  KfKubeListOptions options = {
    .label_selector = self->label_selector,
    .field_selector = self->field_selector,
    .limit = 500,
  };

  set_connected (self, FALSE);
  kf_kube_client_list_all_async (self->client, &self->resource, self->ns, &options,
                                 self->cancellable, list_cb, g_object_ref (self));
}

/* ---------------------------------------------------------------- stream */

static KfKubeWatchEventType
parse_type (const char *type,
            gboolean   *ok)
{
  *ok = TRUE;
  if (g_strcmp0 (type, "ADDED") == 0) return KF_KUBE_WATCH_ADDED;
  if (g_strcmp0 (type, "MODIFIED") == 0) return KF_KUBE_WATCH_MODIFIED;
  if (g_strcmp0 (type, "DELETED") == 0) return KF_KUBE_WATCH_DELETED;
  if (g_strcmp0 (type, "BOOKMARK") == 0) return KF_KUBE_WATCH_BOOKMARK;
  *ok = FALSE;
  return KF_KUBE_WATCH_ADDED;
}

static void
line_cb (KfKubeLineReader *reader,
         const char       *line,
         guint64           length,
         KfKubeWatch      *self)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *event, *object = NULL, *meta = NULL;
  const char *type;
  KfKubeWatchEventType etype;
  gboolean ok;

  if (length == 0)
    return;
  node = kf_kube_parse_json (line, length, &error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GError) bad = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_RESPONSE,
                                           "The watch of %s sent an unreadable event: %s", self->plural,
                                           error ? error->message : "not an object");
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, bad);
      return;
    }
  event = json_node_get_object (node);
  type = json_object_get_string_member_with_default (event, "type", NULL);
  if (json_object_has_member (event, "object") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (event, "object")))
    object = json_object_get_object_member (event, "object");
  if (object == NULL)
    return;

  if (g_strcmp0 (type, "ERROR") == 0)
    {
      g_autoptr(KfKubeStatus) st = kf_kube_status_new_from_json (0, json_object_get_member (event, "object"));
      g_autoptr(GError) status_error = kf_kube_error_new_from_status (st);

      drop_reader (self);
      if (st->code == 410 || g_error_matches (status_error, KF_KUBE_ERROR, KF_KUBE_ERROR_GONE))
        {
          g_debug ("watch %s: resourceVersion %s is gone, relisting", self->plural, self->resource_version);
          g_clear_pointer (&self->resource_version, g_free);
          relist (self);
        }
      else
        retry_later (self, status_error);
      return;
    }

  etype = parse_type (type, &ok);
  if (!ok)
    return;
  if (json_object_has_member (object, "metadata") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "metadata")))
    meta = json_object_get_object_member (object, "metadata");
  if (meta != NULL)
    set_resource_version (self, json_object_get_string_member_with_default (meta, "resourceVersion", NULL));
  self->events_this_stream++;
  kf_backoff_reset (&self->backoff);
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, (int) etype, json_object_get_member (event, "object"));
}

static void
finished_cb (KfKubeLineReader *reader,
             const GError     *error,
             KfKubeWatch      *self)
{
  gboolean productive = self->events_this_stream > 0;

  g_debug ("watch %s: stream ended: %s", self->plural, error ? error->message : "cleanly");

  drop_reader (self);
  if (!self->running || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_connected (self, FALSE);
  if (error == NULL && productive)
    {
      /* the server ended the stream (timeoutSeconds): resume at once */
      kf_backoff_reset (&self->backoff);
      connect_stream (self);
      return;
    }
  if (error != NULL)
    {
      g_autoptr(GError) mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                                              "The watch of %s was interrupted: %s", self->plural, error->message);
      retry_later (self, mapped);
    }
  else
    retry_later (self, NULL);
}

static void
stream_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KfKubeWatch) self = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = kf_kube_client_send_stream_finish (KF_KUBE_CLIENT (object), result, &error);
  if (!self->running || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stream == NULL)
    {
      if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_GONE))
        {
          g_clear_pointer (&self->resource_version, g_free);
          relist (self);
          return;
        }
      retry_later (self, error);
      return;
    }

  self->n_connects++;
  self->events_this_stream = 0;
  set_connected (self, TRUE);
  self->reader = kf_kube_line_reader_new (stream);
  g_signal_connect (self->reader, "line", G_CALLBACK (line_cb), self);
  g_signal_connect (self->reader, "finished", G_CALLBACK (finished_cb), self);
  kf_kube_line_reader_start (self->reader, self->cancellable);
}

static void
connect_stream (KfKubeWatch *self)
{
  KfKubeListOptions options = {
    .label_selector = self->label_selector,
    .field_selector = self->field_selector,
    .resource_version = self->resource_version,
    .timeout_seconds = self->stream_timeout > 0 ? self->stream_timeout : (guint) g_random_int_range (300, 600),
  };
  g_autofree char *path = kf_kube_build_path (&self->resource, self->ns, NULL, NULL);
  g_autofree char *query = kf_kube_build_list_query (&options, TRUE);
  g_autofree char *full = g_strconcat (path, query, NULL);

  kf_kube_client_send_stream_async (self->client, "GET", full, NULL, NULL, self->cancellable,
                                    stream_cb, g_object_ref (self));
}

static gboolean
stop_idle_cb (gpointer user_data)
{
  halt (KF_KUBE_WATCH (user_data));
  return G_SOURCE_REMOVE;
}

static void
client_cancelled_cb (GCancellable *cancellable,
                     KfKubeWatch  *self)
{
  /* stop reading at once; finish tearing down from the main loop */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_idle_add_full (G_PRIORITY_HIGH, stop_idle_cb, g_object_ref (self), g_object_unref);
}

void
kf_kube_watch_start (KfKubeWatch *self)
{
  g_return_if_fail (KF_IS_KUBE_WATCH (self));

  if (self->running)
    return;
  self->running = TRUE;
  kf_backoff_reset (&self->backoff);
  self->cancellable = g_cancellable_new ();
  self->client_cancellable = g_object_ref (kf_kube_client_get_cancellable (self->client));
  self->client_cancel_id = g_signal_connect (self->client_cancellable, "cancelled",
                                             G_CALLBACK (client_cancelled_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (self->resource_version == NULL)
    relist (self);
  else
    connect_stream (self);
}

void
kf_kube_watch_stop (KfKubeWatch *self)
{
  g_return_if_fail (KF_IS_KUBE_WATCH (self));
  halt (self);
}
