/* kf-chat-stream.h: OpenAI-compatible chat completions, streamed (SSE)
 *
 * A parser for the server-sent events of POST /v1/chat/completions with
 * "stream": true, fed line by line (KfKubeLineReader gives the lines):
 *
 *   data: {"choices":[{"delta":{"content":"Hel"}}], …}
 *   (blank line)
 *   data: [DONE]
 *
 * Events follow the SSE rules (several data: lines joined with "\n", the
 * event dispatched at the blank line or at kf_chat_stream_finish(); comments
 * and other fields ignored). Each chunk's choices[0].delta.content (or
 * .text for /v1/completions) is appended to the reply; a final "usage"
 * object gives the completion token count; {"error": …} chunks become
 * errors. No I/O here: the caller measures the timings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KF_CHAT_STREAM_ERROR (kf_chat_stream_error_quark ())

typedef enum
{
  KF_CHAT_STREAM_ERROR_MALFORMED,   /* a data: payload that is not a chunk */
  KF_CHAT_STREAM_ERROR_SERVER,      /* the server sent an error object */
  KF_CHAT_STREAM_ERROR_TRUNCATED,   /* the stream ended before [DONE] / a finish reason */
} KfChatStreamError;

typedef enum
{
  KF_CHAT_EVENT_NONE,    /* nothing complete yet (or an event without content) */
  KF_CHAT_EVENT_DELTA,   /* new reply text: kf_chat_stream_get_delta() */
  KF_CHAT_EVENT_DONE,    /* [DONE] */
  KF_CHAT_EVENT_ERROR,   /* *error is set */
} KfChatEvent;

GQuark        kf_chat_stream_error_quark (void);

typedef struct _KfChatStream KfChatStream;

KfChatStream *kf_chat_stream_new         (void);
void          kf_chat_stream_free        (KfChatStream *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfChatStream, kf_chat_stream_free)

/* One line of the body, without its line end. */
KfChatEvent   kf_chat_stream_feed_line   (KfChatStream *self,
                                          const char   *line,
                                          GError      **error);
/* The end of the body: dispatches a pending event; an error if it ended
 * before [DONE] and without a finish reason. */
KfChatEvent   kf_chat_stream_finish      (KfChatStream *self,
                                          GError      **error);

/* The text the last DELTA event added. */
const char   *kf_chat_stream_get_delta   (KfChatStream *self);
/* The whole reply so far. */
const char   *kf_chat_stream_get_content (KfChatStream *self);
gboolean      kf_chat_stream_is_done     (KfChatStream *self);
/* Chunks that carried text. */
guint         kf_chat_stream_get_n_content_chunks (KfChatStream *self);
/* usage.completion_tokens when the server sent it, else the content chunks
 * (servers send about one token per chunk). */
guint         kf_chat_stream_get_completion_tokens (KfChatStream *self);
gboolean      kf_chat_stream_has_usage   (KfChatStream *self);
const char   *kf_chat_stream_get_finish_reason (KfChatStream *self);  /* may be NULL */
const char   *kf_chat_stream_get_model   (KfChatStream *self);        /* may be NULL */

/* The request body: {"model", "messages":[{"role":"user","content"}],
 * "stream": true, "stream_options": {"include_usage": true}, "max_tokens"}
 * (@max_tokens 0: omitted). */
JsonNode     *kf_chat_request_new        (const char   *model,
                                          const char   *prompt,
                                          guint         max_tokens);

G_END_DECLS
