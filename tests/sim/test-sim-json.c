/* test-sim-json.c: merge patch, strategic merge patch and JSON patch as kubectl sends them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "kf-sim-json.h"

static JsonNode *
obj (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kf_sim_json_from_data (json, strlen (json), &error);

  g_assert_no_error (error);
  return node;
}

static void
assert_json (JsonNode   *node,
             const char *expected)
{
  g_autoptr(JsonNode) want = obj (expected);

  if (!kf_sim_json_equal (node, want))
    {
      g_autofree char *got = kf_sim_json_to_string (node, NULL);
      g_error ("got %s, expected %s", got, expected);
    }
}

static void
test_merge_patch (void)
{
  g_autoptr(JsonNode) target = obj ("{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"spec\":{\"replicas\":1,\"x\":[1,2]}}");
  g_autoptr(JsonNode) patch = obj ("{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"}},\"spec\":{\"replicas\":3,\"x\":[9]}}");
  g_autoptr(JsonNode) out = kf_sim_json_merge_patch (target, patch);

  assert_json (out, "{\"metadata\":{\"labels\":{\"b\":\"2\",\"c\":\"3\"}},\"spec\":{\"replicas\":3,\"x\":[9]}}");
  /* the target is untouched */
  assert_json (target, "{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"spec\":{\"replicas\":1,\"x\":[1,2]}}");
}

static void
test_strategic_merge (void)
{
  g_autoptr(JsonNode) target = obj (
    "{\"spec\":{\"template\":{\"spec\":{\"containers\":["
    "{\"name\":\"a\",\"image\":\"a:1\",\"env\":[{\"name\":\"X\",\"value\":\"1\"}]},"
    "{\"name\":\"b\",\"image\":\"b:1\"}]}},\"args\":[\"x\"]}}");
  /* what kubectl apply sends: change one container's image, add an env var,
   * delete container b, replace a plain list */
  g_autoptr(JsonNode) patch = obj (
    "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"a\"}],"
    "\"containers\":[{\"name\":\"a\",\"image\":\"a:2\",\"env\":[{\"name\":\"Y\",\"value\":\"2\"}]},"
    "{\"name\":\"b\",\"$patch\":\"delete\"}]}},\"args\":[\"y\"]}}");
  g_autoptr(JsonNode) out = kf_sim_json_strategic_merge (target, patch);

  assert_json (out,
    "{\"spec\":{\"template\":{\"spec\":{\"containers\":["
    "{\"name\":\"a\",\"image\":\"a:2\",\"env\":[{\"name\":\"X\",\"value\":\"1\"},{\"name\":\"Y\",\"value\":\"2\"}]}]}},"
    "\"args\":[\"y\"]}}");
}

static void
test_json_patch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) target = obj ("{\"spec\":{\"replicas\":1,\"list\":[\"a\",\"b\"]},\"metadata\":{\"labels\":{\"a/b\":\"x\"}}}");
  g_autoptr(JsonNode) patch = obj (
    "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4},"
    "{\"op\":\"add\",\"path\":\"/spec/list/1\",\"value\":\"z\"},"
    "{\"op\":\"add\",\"path\":\"/spec/list/-\",\"value\":\"end\"},"
    "{\"op\":\"remove\",\"path\":\"/metadata/labels/a~1b\"},"
    "{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":4},"
    "{\"op\":\"copy\",\"from\":\"/spec/replicas\",\"path\":\"/spec/copy\"}]");
  g_autoptr(JsonNode) out = kf_sim_json_patch (target, patch, &error);
  g_autoptr(JsonNode) bad = obj ("[{\"op\":\"replace\",\"path\":\"/spec/missing/x\",\"value\":1}]");
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) badtest = obj ("[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":2}]");

  g_assert_no_error (error);
  assert_json (out, "{\"spec\":{\"replicas\":4,\"list\":[\"a\",\"z\",\"b\",\"end\"],\"copy\":4},\"metadata\":{\"labels\":{}}}");

  failed = kf_sim_json_patch (target, bad, &error);
  g_assert_null (failed);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/spec/missing/x"));
  g_clear_error (&error);
  failed = kf_sim_json_patch (target, badtest, &error);
  g_assert_null (failed);
  g_assert_nonnull (error);
}

static void
test_equal_and_copy (void)
{
  g_autoptr(JsonNode) a = obj ("{\"x\":1,\"y\":[true,null,\"s\",2.5]}");
  g_autoptr(JsonNode) b = obj ("{\"y\":[true,null,\"s\",2.5],\"x\":1.0}");
  g_autoptr(JsonNode) c = obj ("{\"y\":[true,null,\"s\",2.5],\"x\":\"1\"}");
  g_autoptr(JsonNode) copy = NULL;

  g_assert_true (kf_sim_json_equal (a, b));
  g_assert_false (kf_sim_json_equal (a, c));
  json_node_seal (a);
  copy = kf_sim_json_copy (a);
  g_assert_false (json_node_is_immutable (copy));
  json_object_set_int_member (json_node_get_object (copy), "x", 5);
  g_assert_false (kf_sim_json_equal (a, copy));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/json/merge-patch", test_merge_patch);
  g_test_add_func ("/sim/json/strategic-merge", test_strategic_merge);
  g_test_add_func ("/sim/json/json-patch", test_json_patch);
  g_test_add_func ("/sim/json/equal-copy", test_equal_and_copy);
  return g_test_run ();
}
