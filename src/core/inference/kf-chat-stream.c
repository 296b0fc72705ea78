/* kf-chat-stream.c: SSE chat completion chunks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-inference"

#include "config.h"

#include <string.h>

#include "kf-chat-stream.h"

G_DEFINE_QUARK (kf-chat-stream-error-quark, kf_chat_stream_error)

struct _KfChatStream
{
  GString  *data;          /* the pending event's data lines */
  gboolean  has_data;
  GString  *content;
  char     *delta;
  char     *finish_reason;
  char     *model;
  guint     n_content_chunks;
  guint     completion_tokens;
  gboolean  has_usage;
  gboolean  done;
};

KfChatStream *
kf_chat_stream_new (void)
{
  KfChatStream *self = g_new0 (KfChatStream, 1);

  self->data = g_string_new (NULL);
  self->content = g_string_new (NULL);
  return self;
}

void
kf_chat_stream_free (KfChatStream *self)
{
  if (self == NULL)
    return;
  g_string_free (self->data, TRUE);
  g_string_free (self->content, TRUE);
  g_free (self->delta);
  g_free (self->finish_reason);
  g_free (self->model);
  g_free (self);
}

static const char *
object_string (JsonObject *o,
               const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;

  if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  return NULL;
}

static JsonObject *
object_object (JsonObject *o,
               const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static KfChatEvent
dispatch (KfChatStream *self,
          GError      **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *payload = NULL;
  JsonNode *root;
  JsonObject *o, *err, *usage;
  JsonArray *choices;
  GString *delta;

  if (!self->has_data)
    return KF_CHAT_EVENT_NONE;

  payload = g_strdup (self->data->str);
  g_string_truncate (self->data, 0);
  self->has_data = FALSE;
  g_clear_pointer (&self->delta, g_free);

  g_strstrip (payload);
  if (strcmp (payload, "[DONE]") == 0)
    {
      self->done = TRUE;
      return KF_CHAT_EVENT_DONE;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, payload, strlen (payload), &local_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, KF_CHAT_STREAM_ERROR, KF_CHAT_STREAM_ERROR_MALFORMED,
                   "The server sent a chunk that is not a JSON object: %.80s%s",
                   payload, strlen (payload) > 80 ? "…" : "");
      return KF_CHAT_EVENT_ERROR;
    }
  o = json_node_get_object (root);

  if (json_object_has_member (o, "error"))
    {
      const char *msg = NULL;

      err = object_object (o, "error");
      msg = err != NULL ? object_string (err, "message") : object_string (o, "error");
      if (msg == NULL)
        msg = object_string (o, "message");
      g_set_error (error, KF_CHAT_STREAM_ERROR, KF_CHAT_STREAM_ERROR_SERVER,
                   "The model server reported an error: %s", msg ? msg : "(no message)");
      return KF_CHAT_EVENT_ERROR;
    }

  if (self->model == NULL && object_string (o, "model") != NULL)
    self->model = g_strdup (object_string (o, "model"));

  usage = object_object (o, "usage");
  if (usage != NULL && json_object_has_member (usage, "completion_tokens"))
    {
      JsonNode *ct = json_object_get_member (usage, "completion_tokens");
      if (JSON_NODE_HOLDS_VALUE (ct))
        {
          self->completion_tokens = (guint) MAX (json_node_get_int (ct), 0);
          self->has_usage = TRUE;
        }
    }

  {
    JsonNode *cn = json_object_get_member (o, "choices");
    choices = cn != NULL && JSON_NODE_HOLDS_ARRAY (cn) ? json_node_get_array (cn) : NULL;
  }
  if (choices == NULL)
    {
      if (usage != NULL)
        return KF_CHAT_EVENT_NONE;
      g_set_error (error, KF_CHAT_STREAM_ERROR, KF_CHAT_STREAM_ERROR_MALFORMED,
                   "The server sent a chunk without \"choices\": %.80s%s",
                   payload, strlen (payload) > 80 ? "…" : "");
      return KF_CHAT_EVENT_ERROR;
    }

  delta = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (choices); i++)
    {
      JsonNode *cn = json_array_get_element (choices, i);
      JsonObject *choice = JSON_NODE_HOLDS_OBJECT (cn) ? json_node_get_object (cn) : NULL;
      JsonObject *d = object_object (choice, "delta");
      const char *text = d != NULL ? object_string (d, "content") : object_string (choice, "text");
      const char *finish = object_string (choice, "finish_reason");

      /* only the first choice is shown (n = 1) */
      if (choice == NULL || (json_object_has_member (choice, "index") &&
                             json_object_get_int_member (choice, "index") != 0))
        continue;
      if (text != NULL)
        g_string_append (delta, text);
      if (finish != NULL)
        {
          g_free (self->finish_reason);
          self->finish_reason = g_strdup (finish);
        }
    }

  if (delta->len == 0)
    {
      g_string_free (delta, TRUE);
      return KF_CHAT_EVENT_NONE;
    }
  g_string_append (self->content, delta->str);
  self->n_content_chunks++;
  self->delta = g_string_free (delta, FALSE);
  return KF_CHAT_EVENT_DELTA;
}

KfChatEvent
kf_chat_stream_feed_line (KfChatStream *self,
                          const char   *line,
                          GError      **error)
{
  const char *value;

  g_return_val_if_fail (self != NULL, KF_CHAT_EVENT_NONE);
  g_return_val_if_fail (line != NULL, KF_CHAT_EVENT_NONE);

  if (line[0] == '\0')
    return dispatch (self, error);
  if (line[0] == ':')
    return KF_CHAT_EVENT_NONE;   /* comment / keep-alive */

  if (g_str_has_prefix (line, "data:"))
    {
      value = line + 5;
      if (*value == ' ')
        value++;
      if (self->has_data)
        g_string_append_c (self->data, '\n');
      g_string_append (self->data, value);
      self->has_data = TRUE;
      return KF_CHAT_EVENT_NONE;
    }

  /* event:, id:, retry: and unknown fields: ignored */
  return KF_CHAT_EVENT_NONE;
}

KfChatEvent
kf_chat_stream_finish (KfChatStream *self,
                       GError      **error)
{
  KfChatEvent ev = dispatch (self, error);

  if (ev != KF_CHAT_EVENT_NONE)
    return ev;
  if (!self->done && self->finish_reason == NULL)
    {
      g_set_error (error, KF_CHAT_STREAM_ERROR, KF_CHAT_STREAM_ERROR_TRUNCATED,
                   self->content->len > 0
                     ? "The connection closed before the reply was complete"
                     : "The connection closed before the model answered");
      return KF_CHAT_EVENT_ERROR;
    }
  return KF_CHAT_EVENT_NONE;
}

const char *
kf_chat_stream_get_delta (KfChatStream *self)
{
  return self->delta != NULL ? self->delta : "";
}

const char *
kf_chat_stream_get_content (KfChatStream *self)
{
  return self->content->str;
}

gboolean
kf_chat_stream_is_done (KfChatStream *self)
{
  return self->done;
}

guint
kf_chat_stream_get_n_content_chunks (KfChatStream *self)
{
  return self->n_content_chunks;
}

guint
kf_chat_stream_get_completion_tokens (KfChatStream *self)
{
  return self->has_usage ? self->completion_tokens : self->n_content_chunks;
}

gboolean
kf_chat_stream_has_usage (KfChatStream *self)
{
  return self->has_usage;
}

const char *
kf_chat_stream_get_finish_reason (KfChatStream *self)
{
  return self->finish_reason;
}

const char *
kf_chat_stream_get_model (KfChatStream *self)
{
  return self->model;
}

JsonNode *
kf_chat_request_new (const char *model,
                     const char *prompt,
                     guint       max_tokens)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  if (model != NULL && *model != '\0')
    {
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, model);
    }
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, "user");
  json_builder_set_member_name (b, "content");
  json_builder_add_string_value (b, prompt != NULL ? prompt : "");
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "stream");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "stream_options");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "include_usage");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
  if (max_tokens > 0)
    {
      json_builder_set_member_name (b, "max_tokens");
      json_builder_add_int_value (b, max_tokens);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
