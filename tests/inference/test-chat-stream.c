/* test-chat-stream.c: parsing streamed chat completions (SSE)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-chat-stream.h"

static KfChatEvent
feed (KfChatStream *s, const char *line, GError **error)
{
  return kf_chat_stream_feed_line (s, line, error);
}

static void
test_vllm_stream (void)
{
  /* as vLLM's OpenAI server sends it (role first, content, finish, usage) */
  const char *lines[] = {
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
    "",
    "data: {\"id\":\"chatcmpl-1\",\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}",
    "",
    ": keep-alive",
    "data: {\"id\":\"chatcmpl-1\",\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo ☃\"},\"finish_reason\":null}]}",
    "",
    "data: {\"id\":\"chatcmpl-1\",\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
    "",
    "data: {\"id\":\"chatcmpl-1\",\"model\":\"Qwen/Qwen3-0.6B\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}",
    "",
    "data: [DONE]",
    "",
  };
  g_autoptr(KfChatStream) s = kf_chat_stream_new ();
  guint deltas = 0;
  gboolean done = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      KfChatEvent ev = feed (s, lines[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (ev, !=, KF_CHAT_EVENT_ERROR);
      if (ev == KF_CHAT_EVENT_DELTA)
        {
          deltas++;
          g_assert_cmpstr (kf_chat_stream_get_delta (s), ==, deltas == 1 ? "Hel" : "lo ☃");
        }
      if (ev == KF_CHAT_EVENT_DONE)
        done = TRUE;
    }
  g_assert_true (done);
  g_assert_cmpuint (deltas, ==, 2);
  g_assert_cmpstr (kf_chat_stream_get_content (s), ==, "Hello ☃");
  g_assert_cmpstr (kf_chat_stream_get_finish_reason (s), ==, "stop");
  g_assert_cmpstr (kf_chat_stream_get_model (s), ==, "Qwen/Qwen3-0.6B");
  g_assert_true (kf_chat_stream_has_usage (s));
  g_assert_cmpuint (kf_chat_stream_get_completion_tokens (s), ==, 3);
  g_assert_cmpint (kf_chat_stream_finish (s, NULL), ==, KF_CHAT_EVENT_NONE);
}

static void
test_multiline_data_and_no_usage (void)
{
  g_autoptr(KfChatStream) s = kf_chat_stream_new ();
  g_autoptr(GError) error = NULL;

  /* one event split over two data: lines (joined with a newline: still JSON) */
  g_assert_cmpint (feed (s, "event: message", NULL), ==, KF_CHAT_EVENT_NONE);
  g_assert_cmpint (feed (s, "data: {\"choices\":[{\"index\":0,", NULL), ==, KF_CHAT_EVENT_NONE);
  g_assert_cmpint (feed (s, "data:\"delta\":{\"content\":\"a\"}}]}", NULL), ==, KF_CHAT_EVENT_NONE);
  g_assert_cmpint (feed (s, "", NULL), ==, KF_CHAT_EVENT_DELTA);
  g_assert_cmpint (feed (s, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"length\"}]}", NULL), ==, KF_CHAT_EVENT_NONE);
  /* the body ends without a blank line or [DONE]: the pending event still counts */
  g_assert_cmpint (kf_chat_stream_finish (s, &error), ==, KF_CHAT_EVENT_DELTA);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_chat_stream_get_content (s), ==, "ab");
  g_assert_false (kf_chat_stream_has_usage (s));
  g_assert_cmpuint (kf_chat_stream_get_completion_tokens (s), ==, 2);
  /* finished with a finish reason: not truncated */
  g_assert_cmpint (kf_chat_stream_finish (s, &error), ==, KF_CHAT_EVENT_NONE);
  g_assert_no_error (error);
}

static void
test_errors (void)
{
  g_autoptr(KfChatStream) s = kf_chat_stream_new ();
  g_autoptr(KfChatStream) t = kf_chat_stream_new ();
  g_autoptr(KfChatStream) u = kf_chat_stream_new ();
  g_autoptr(GError) error = NULL;

  feed (s, "data: {\"error\":{\"message\":\"The model `llama` does not exist.\",\"type\":\"NotFoundError\",\"code\":404}}", NULL);
  g_assert_cmpint (feed (s, "", &error), ==, KF_CHAT_EVENT_ERROR);
  g_assert_error (error, KF_CHAT_STREAM_ERROR, KF_CHAT_STREAM_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  feed (t, "data: {not json", NULL);
  g_assert_cmpint (feed (t, "", &error), ==, KF_CHAT_EVENT_ERROR);
  g_assert_error (error, KF_CHAT_STREAM_ERROR, KF_CHAT_STREAM_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "{not json"));
  g_clear_error (&error);

  /* a dropped connection after some text */
  feed (u, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}", NULL);
  feed (u, "", NULL);
  g_assert_cmpint (kf_chat_stream_finish (u, &error), ==, KF_CHAT_EVENT_ERROR);
  g_assert_error (error, KF_CHAT_STREAM_ERROR, KF_CHAT_STREAM_ERROR_TRUNCATED);
  g_assert_cmpstr (kf_chat_stream_get_content (u), ==, "partial");
}

static void
test_request_body (void)
{
  g_autoptr(JsonNode) body = kf_chat_request_new ("m", "Say \"hi\"", 64);
  g_autofree char *text = json_to_string (body, FALSE);

  g_assert_cmpstr (text, ==,
                   "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Say \\\"hi\\\"\"}],"
                   "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":64}");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chat-stream/vllm", test_vllm_stream);
  g_test_add_func ("/chat-stream/multiline-no-usage", test_multiline_data_and_no_usage);
  g_test_add_func ("/chat-stream/errors", test_errors);
  g_test_add_func ("/chat-stream/request-body", test_request_body);
  return g_test_run ();
}
