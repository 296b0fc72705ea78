/* test-secret-mask.c: secret values never reach the manifest view or an export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kf-kube-client.h"
#include "kf-secret-mask.h"
#include "kf-yaml.h"

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kf_kube_parse_json (text, strlen (text), &error);

  g_assert_no_error (error);
  return node;
}

static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

#define TOKEN "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"

static void
test_secret_object (void)
{
  g_autoptr(JsonNode) in = json (
    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"hf-token-secret\",\"annotations\":"
    "{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"data\\\":{\\\"HF_TOKEN\\\":\\\"aGZf\\\"}}\"}},"
    "\"type\":\"Opaque\",\"data\":{\"HF_TOKEN\":\"aGZfc2VjcmV0\",\"other\":\"eA==\"},\"stringData\":{\"plain\":\"pw\"}}");
  g_autofree char *before = to_text (in);
  g_autoptr(JsonNode) out = kf_secret_mask_json (in);
  g_autofree char *after = to_text (out);
  g_autofree char *before_again = to_text (in);
  JsonObject *o = json_node_get_object (out);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "data"), "HF_TOKEN"), ==, KF_SECRET_MASK);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "data"), "other"), ==, KF_SECRET_MASK);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "stringData"), "plain"), ==, KF_SECRET_MASK);
  g_assert_null (strstr (after, "aGZf"));
  g_assert_null (strstr (after, "\"pw\""));
  /* the keys stay visible, and so does the rest */
  g_assert_nonnull (strstr (after, "HF_TOKEN"));
  g_assert_nonnull (strstr (after, "hf-token-secret"));
  /* the input is untouched */
  g_assert_cmpstr (before, ==, before_again);
  g_assert_nonnull (strstr (before, "aGZfc2VjcmV0"));
}

static void
test_env_and_tokens (void)
{
  g_autoptr(JsonNode) in = json (
    "{\"kind\":\"List\",\"items\":[{\"apiVersion\":\"kaito.sh/v1beta1\",\"kind\":\"Workspace\","
    "\"metadata\":{\"name\":\"w\"},\"inference\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"model\","
    "\"args\":[\"--model\",\"Qwen/Qwen3-0.6B\",\"--hf-token=" TOKEN "\"],"
    "\"env\":[{\"name\":\"HF_TOKEN\",\"value\":\"plain-secret\"},{\"name\":\"API_KEY\",\"value\":\"k\"},"
    "{\"name\":\"DB_PASSWORD\",\"value\":\"p\"},{\"name\":\"MODEL\",\"value\":\"Qwen/Qwen3-0.6B\"},"
    "{\"name\":\"FROM_SECRET\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"s\",\"key\":\"HF_TOKEN\"}}}]}]}}}}]}");
  g_autoptr(JsonNode) out = kf_secret_mask_json (in);
  g_autofree char *after = to_text (out);
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = kf_yaml_emit (out, &error);

  g_assert_no_error (error);
  g_assert_null (strstr (after, "plain-secret"));
  g_assert_null (strstr (after, TOKEN));
  g_assert_null (strstr (after, "\"k\""));
  g_assert_null (strstr (after, "\"p\""));
  /* ordinary values and references to secrets are kept */
  g_assert_nonnull (strstr (after, "{\"name\":\"MODEL\",\"value\":\"Qwen/Qwen3-0.6B\"}"));
  g_assert_nonnull (strstr (after, "secretKeyRef"));
  g_assert_nonnull (strstr (after, "\"--model\""));
  g_assert_null (strstr (yaml, "plain-secret"));
  g_assert_nonnull (strstr (yaml, KF_SECRET_MASK));
}

static void
test_names (void)
{
  g_assert_true (kf_secret_mask_is_secret_name ("HF_TOKEN"));
  g_assert_true (kf_secret_mask_is_secret_name ("hugging_face_hub_token"));
  g_assert_true (kf_secret_mask_is_secret_name ("OPENAI_API_KEY"));
  g_assert_true (kf_secret_mask_is_secret_name ("password"));
  g_assert_false (kf_secret_mask_is_secret_name ("MODEL_ID"));
  g_assert_false (kf_secret_mask_is_secret_name ("VLLM_USE_V1"));
  g_assert_false (kf_secret_mask_is_secret_name (NULL));
  g_assert_null (kf_secret_mask_json (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deployments/secret-mask/secret", test_secret_object);
  g_test_add_func ("/deployments/secret-mask/env-and-tokens", test_env_and_tokens);
  g_test_add_func ("/deployments/secret-mask/names", test_names);
  return g_test_run ();
}
