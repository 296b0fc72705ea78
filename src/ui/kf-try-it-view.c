/* kf-try-it-view.c: a chat completion, streamed through the service proxy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-try-it"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "kf-chat-stream.h"
#include "kf-kube-error.h"
#include "kf-kube-line-reader.h"
#include "kf-try-it-view.h"

struct _KfTryItView
{
  AdwBin            parent_instance;

  GtkLabel         *target_label;
  GtkTextView      *prompt_view;
  GtkButton        *send_button;
  GtkSpinner       *spinner;
  GtkLabel         *stats_label;
  GtkWidget        *error_box;
  GtkLabel         *error_label;
  GtkTextView      *reply_view;

  KfKubeClient     *client;
  char             *ns;
  char             *service;
  char             *port;
  char             *model;

  GCancellable     *cancellable;
  KfKubeLineReader *reader;
  KfChatStream     *chat;
  gint64            sent_at;
  gint64            first_at;
  gint64            last_at;
  double            ttft;
  double            tps;
  char             *error_text;
};

G_DEFINE_FINAL_TYPE (KfTryItView, kf_try_it_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_CLIENT, PROP_NAMESPACE, PROP_SERVICE, PROP_PORT, PROP_MODEL, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
set_error (KfTryItView *self,
           const char  *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_label (self->error_label, text ? text : "");
  gtk_widget_set_visible (self->error_box, text != NULL);
}

static void
update_target (KfTryItView *self)
{
  g_autofree char *text = NULL;

  if (self->service == NULL)
    text = g_strdup (_("No service to send to"));
  else
    text = g_strdup_printf (_("POST /v1/chat/completions to %s/%s:%s, model %s"),
                            self->ns ? self->ns : "default", self->service,
                            self->port ? self->port : "80", self->model ? self->model : _("(server default)"));
  gtk_label_set_label (self->target_label, text);
}

gboolean
kf_try_it_view_get_busy (KfTryItView *self)
{
  return self->cancellable != NULL;
}

static void
set_busy (KfTryItView *self,
          gboolean     busy)
{
  gtk_button_set_label (self->send_button, busy ? _("_Stop") : _("_Send"));
  if (busy)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->send_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->send_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->send_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->send_button), "suggested-action");
    }
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
append_reply (KfTryItView *self,
              const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reply_view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
}

static void
update_stats (KfTryItView *self,
              gboolean     final)
{
  g_autofree char *text = NULL;
  guint tokens = self->chat ? kf_chat_stream_get_completion_tokens (self->chat) : 0;

  if (self->first_at == 0)
    return;
  self->ttft = (self->first_at - self->sent_at) / 1e6;
  if (final && tokens > 1 && self->last_at > self->first_at)
    self->tps = (tokens - 1) / ((self->last_at - self->first_at) / 1e6);
  if (final && !isnan (self->tps))
    text = g_strdup_printf (_("First token after %.0f ms · %u tokens · %.1f tokens/s"),
                            self->ttft * 1000, tokens, self->tps);
  else
    text = g_strdup_printf (_("First token after %.0f ms · %u tokens"), self->ttft * 1000, tokens);
  gtk_label_set_label (self->stats_label, text);
}

static gboolean
unref_idle_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
finish_request (KfTryItView *self)
{
  if (self->reader != NULL)
    {
      KfKubeLineReader *reader = g_steal_pointer (&self->reader);

      /* may run inside the reader's own signal: let go of it afterwards */
      g_signal_handlers_disconnect_by_data (reader, self);
      if (kf_kube_line_reader_is_running (reader))
        kf_kube_line_reader_stop (reader);
      g_idle_add (unref_idle_cb, reader);
    }
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
}

static char *
describe_error (KfTryItView  *self,
                const GError *error)
{
  const KfKubeStatus *st = kf_kube_error_get_status (error);
  const char *detail = st && st->message ? st->message : error->message;

  if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_SERVICE_UNAVAILABLE))
    return g_strdup_printf (_("The deployment is not serving yet (no ready pod behind service %s): %s"),
                            self->service, detail);
  if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND))
    return g_strdup_printf (_("Not found (the service, or the model “%s”): %s"),
                            self->model ? self->model : "", detail);
  return g_strdup_printf (_("The request failed: %s"), detail);
}

static void
line_cb (KfKubeLineReader *reader,
         const char       *line,
         guint64           length,
         KfTryItView      *self)
{
  g_autoptr(GError) error = NULL;
  KfChatEvent ev = kf_chat_stream_feed_line (self->chat, line, &error);

  if (ev == KF_CHAT_EVENT_DELTA)
    {
      self->last_at = g_get_monotonic_time ();
      if (self->first_at == 0)
        self->first_at = self->last_at;
      append_reply (self, kf_chat_stream_get_delta (self->chat));
      update_stats (self, FALSE);
    }
  else if (ev == KF_CHAT_EVENT_ERROR)
    {
      set_error (self, error->message);
      finish_request (self);
    }
}

static void
finished_cb (KfKubeLineReader *reader,
             GError           *error,
             KfTryItView      *self)
{
  g_autoptr(GError) parse_error = NULL;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_request (self);
      return;
    }
  if (error != NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("The connection dropped: %s"), error->message);
      set_error (self, msg);
    }
  else if (kf_chat_stream_finish (self->chat, &parse_error) == KF_CHAT_EVENT_ERROR)
    set_error (self, parse_error->message);
  else if (kf_chat_stream_get_delta (self->chat)[0] != '\0' && self->first_at == 0)
    {
      self->first_at = self->last_at = g_get_monotonic_time ();
      append_reply (self, kf_chat_stream_get_delta (self->chat));
    }
  update_stats (self, TRUE);
  finish_request (self);
}

static void
stream_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KfTryItView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = kf_kube_client_send_stream_finish (KF_KUBE_CLIENT (source), result, &error);

  if (stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *msg = describe_error (self, error);
          set_error (self, msg);
        }
      if (self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable))
        finish_request (self);
      else if (self->cancellable != NULL)
        finish_request (self);
      return;
    }
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  self->reader = kf_kube_line_reader_new (stream);
  g_signal_connect (self->reader, "line", G_CALLBACK (line_cb), self);
  g_signal_connect (self->reader, "finished", G_CALLBACK (finished_cb), self);
  kf_kube_line_reader_start (self->reader, self->cancellable);
}

gboolean
kf_try_it_view_send (KfTryItView *self)
{
  g_autofree char *prompt = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_val_if_fail (KF_IS_TRY_IT_VIEW (self), FALSE);

  if (self->cancellable != NULL)
    return FALSE;
  if (self->client == NULL || self->service == NULL)
    {
      set_error (self, _("Not connected to a deployment's service."));
      return FALSE;
    }
  prompt = kf_try_it_view_dup_prompt (self);
  if (g_strstrip (prompt)[0] == '\0')
    return FALSE;

  set_error (self, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view), "", 0);
  gtk_label_set_label (self->stats_label, _("Waiting for the first token…"));
  g_clear_pointer (&self->chat, kf_chat_stream_free);
  self->chat = kf_chat_stream_new ();
  self->first_at = self->last_at = 0;
  self->ttft = -1;
  self->tps = NAN;
  self->sent_at = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  body = kf_chat_request_new (self->model, prompt, 512);
  kf_kube_client_proxy_stream_async (self->client, self->ns ? self->ns : "default", self->service,
                                     self->port, "POST", "/v1/chat/completions", body,
                                     self->cancellable, stream_ready_cb, g_object_ref (self));
  return TRUE;
}

void
kf_try_it_view_stop (KfTryItView *self)
{
  g_return_if_fail (KF_IS_TRY_IT_VIEW (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  finish_request (self);
  gtk_label_set_label (self->stats_label, _("Stopped"));
}

static void
send_clicked_cb (KfTryItView *self)
{
  if (self->cancellable != NULL)
    kf_try_it_view_stop (self);
  else
    kf_try_it_view_send (self);
}

static gboolean
prompt_key_cb (GtkEventControllerKey *ctrl,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               KfTryItView           *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK))
    {
      kf_try_it_view_send (self);
      return TRUE;
    }
  return FALSE;
}

void
kf_try_it_view_set_prompt (KfTryItView *self,
                           const char  *prompt)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view), prompt ? prompt : "", -1);
}

char *
kf_try_it_view_dup_prompt (KfTryItView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  return gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
}

const char *
kf_try_it_view_get_reply (KfTryItView *self)
{
  return self->chat ? kf_chat_stream_get_content (self->chat) : "";
}

const char *
kf_try_it_view_get_error_text (KfTryItView *self)
{
  return self->error_text;
}

double
kf_try_it_view_get_ttft (KfTryItView *self)
{
  return self->ttft;
}

double
kf_try_it_view_get_tokens_per_second (KfTryItView *self)
{
  return self->tps;
}

void
kf_try_it_view_set_client (KfTryItView  *self,
                           KfKubeClient *client)
{
  g_return_if_fail (KF_IS_TRY_IT_VIEW (self));
  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
set_string (KfTryItView *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  update_target (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
kf_try_it_view_set_target (KfTryItView *self,
                           const char  *ns,
                           const char  *service,
                           const char  *port,
                           const char  *model)
{
  g_return_if_fail (KF_IS_TRY_IT_VIEW (self));
  set_string (self, &self->ns, ns, PROP_NAMESPACE);
  set_string (self, &self->service, service, PROP_SERVICE);
  set_string (self, &self->port, port, PROP_PORT);
  set_string (self, &self->model, model, PROP_MODEL);
}

static void
kf_try_it_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KfTryItView *self = KF_TRY_IT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_NAMESPACE: g_value_set_string (value, self->ns); break;
    case PROP_SERVICE: g_value_set_string (value, self->service); break;
    case PROP_PORT: g_value_set_string (value, self->port); break;
    case PROP_MODEL: g_value_set_string (value, self->model); break;
    case PROP_BUSY: g_value_set_boolean (value, self->cancellable != NULL); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_try_it_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KfTryItView *self = KF_TRY_IT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT: kf_try_it_view_set_client (self, g_value_get_object (value)); break;
    case PROP_NAMESPACE: set_string (self, &self->ns, g_value_get_string (value), prop_id); break;
    case PROP_SERVICE: set_string (self, &self->service, g_value_get_string (value), prop_id); break;
    case PROP_PORT: set_string (self, &self->port, g_value_get_string (value), prop_id); break;
    case PROP_MODEL: set_string (self, &self->model, g_value_get_string (value), prop_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_try_it_view_dispose (GObject *object)
{
  KfTryItView *self = KF_TRY_IT_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->reader != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->reader, self);
      kf_kube_line_reader_stop (self->reader);
      g_clear_object (&self->reader);
    }
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_TRY_IT_VIEW);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (kf_try_it_view_parent_class)->dispose (object);
}

static void
kf_try_it_view_finalize (GObject *object)
{
  KfTryItView *self = KF_TRY_IT_VIEW (object);

  g_clear_pointer (&self->chat, kf_chat_stream_free);
  g_free (self->ns);
  g_free (self->service);
  g_free (self->port);
  g_free (self->model);
  g_free (self->error_text);
  G_OBJECT_CLASS (kf_try_it_view_parent_class)->finalize (object);
}

static void
kf_try_it_view_class_init (KfTryItViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = kf_try_it_view_get_property;
  object_class->set_property = kf_try_it_view_set_property;
  object_class->dispose = kf_try_it_view_dispose;
  object_class->finalize = kf_try_it_view_finalize;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, KF_TYPE_KUBE_CLIENT, rw);
  properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL, rw);
  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, NULL, rw);
  properties[PROP_PORT] = g_param_spec_string ("port", NULL, NULL, NULL, rw);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, rw);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kubefoundry/KubeFoundry/ui/kf-try-it-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KfTryItView, target_label);
  gtk_widget_class_bind_template_child (widget_class, KfTryItView, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, KfTryItView, send_button);
  gtk_widget_class_bind_template_child (widget_class, KfTryItView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KfTryItView, stats_label);
  gtk_widget_class_bind_template_child (widget_class, KfTryItView, error_box);
  gtk_widget_class_bind_template_child (widget_class, KfTryItView, error_label);
  gtk_widget_class_bind_template_child (widget_class, KfTryItView, reply_view);
}

static void
kf_try_it_view_init (KfTryItView *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->ttft = -1;
  self->tps = NAN;
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (prompt_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->prompt_view), keys);
  g_signal_connect_swapped (self->send_button, "clicked", G_CALLBACK (send_clicked_cb), self);
  update_target (self);
}

GtkWidget *
kf_try_it_view_new (void)
{
  return g_object_new (KF_TYPE_TRY_IT_VIEW, NULL);
}
