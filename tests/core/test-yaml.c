/* test-yaml.c: YAML <-> JsonNode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "kf-yaml.h"


static void
test_scalars (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kf_yaml_parse (
    "s: hello\n"
    "quoted: 'true'\n"
    "i: 42\n"
    "neg: -7\n"
    "hex: 0x1F\n"
    "f: 0.9\n"
    "exp: 1e3\n"
    "b: true\n"
    "n: null\n"
    "tilde: ~\n"
    "empty:\n"
    "inf: .inf\n"
    "version: \"1.20\"\n"
    "plainver: 1.20.3\n"
    "str: !!str 123\n",
    -1, &error);
  JsonObject *o;

  g_assert_no_error (error);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "s"), ==, "hello");
  g_assert_cmpstr (json_object_get_string_member (o, "quoted"), ==, "true");
  g_assert_cmpint (json_object_get_int_member (o, "i"), ==, 42);
  g_assert_cmpint (json_object_get_int_member (o, "neg"), ==, -7);
  g_assert_cmpint (json_object_get_int_member (o, "hex"), ==, 31);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "f"), 0.9, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "exp"), 1000.0, 1e-12);
  g_assert_true (json_object_get_boolean_member (o, "b"));
  g_assert_true (json_object_get_null_member (o, "n"));
  g_assert_true (json_object_get_null_member (o, "tilde"));
  g_assert_true (json_object_get_null_member (o, "empty"));
  g_assert_true (isinf (json_object_get_double_member (o, "inf")));
  g_assert_cmpstr (json_object_get_string_member (o, "version"), ==, "1.20");
  g_assert_cmpstr (json_object_get_string_member (o, "plainver"), ==, "1.20.3");
  g_assert_cmpstr (json_object_get_string_member (o, "str"), ==, "123");
}

static void
test_structure_and_merge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kf_yaml_parse (
    "base: &b {a: 1, b: 2}\n"
    "derived:\n"
    "  <<: *b\n"
    "  b: 3\n"
    "list:\n"
    "- x\n"
    "- {y: [1, 2]}\n",
    -1, &error);
  JsonObject *derived;
  JsonArray *list;

  g_assert_no_error (error);
  derived = json_object_get_object_member (json_node_get_object (node), "derived");
  g_assert_cmpint (json_object_get_int_member (derived, "a"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (derived, "b"), ==, 3);
  list = json_object_get_array_member (json_node_get_object (node), "list");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==, "x");
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  /* a "billion laughs" document */
  const char *laughs =
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";

  node = kf_yaml_parse ("a: [1, 2\nb: 3\n", -1, &error);
  g_assert_null (node);
  g_assert_error (error, KF_YAML_ERROR, KF_YAML_ERROR_PARSE);
  g_assert_true (strstr (error->message, "line ") != NULL);
  g_clear_error (&error);

  node = kf_yaml_parse (laughs, -1, &error);
  g_assert_null (node);
  g_assert_error (error, KF_YAML_ERROR, KF_YAML_ERROR_TOO_LARGE);
  g_clear_error (&error);

  for (int i = 0; i < 1000; i++)
    g_string_append_c (deep, '[');
  node = kf_yaml_parse (deep->str, -1, &error);
  g_assert_null (node);
  g_assert_nonnull (error);
  g_clear_error (&error);

  node = kf_yaml_parse ("", -1, &error);
  g_assert_error (error, KF_YAML_ERROR, KF_YAML_ERROR_EMPTY);
  g_clear_error (&error);

  node = kf_yaml_parse ("a: 1\n---\nb: 2\n", -1, &error);
  g_assert_error (error, KF_YAML_ERROR, KF_YAML_ERROR_MULTIPLE);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *yaml = NULL;
  JsonObject *o;

  node = json_from_string ("{\"apiVersion\":\"v1\",\"s\":\"true\",\"n\":\"123\",\"e\":\"\","
                           "\"d\":2.0,\"i\":3,\"nil\":null,\"multi\":\"line1\\nline2\\n\","
                           "\"list\":[],\"obj\":{\"k\":\"v: x\"},\"colon\":\"a: b\"}", &error);
  g_assert_no_error (error);
  yaml = kf_yaml_emit (node, &error);
  g_assert_no_error (error);
  g_test_message ("%s", yaml);

  again = kf_yaml_parse (yaml, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, again));
  o = json_node_get_object (again);
  /* strings that look like other types stay strings */
  g_assert_cmpstr (json_object_get_string_member (o, "s"), ==, "true");
  g_assert_cmpstr (json_object_get_string_member (o, "n"), ==, "123");
  g_assert_cmpstr (json_object_get_string_member (o, "e"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (o, "multi"), ==, "line1\nline2\n");
}

static void
test_real_crds_and_examples (void)
{
  const char *fixtures = g_getenv ("KF_FIXTURES_DIR");
  const char *files[] = {
    "crds/dynamo-dynamographdeployment.yaml",
    "crds/kuberay-rayservice.yaml",
    "crds/kaito-workspace.yaml",
    "kaito/supported_models.yaml",
  };

  if (fixtures == NULL || !g_file_test (fixtures, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/fixtures not found");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (fixtures, files[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      docs = kf_yaml_parse_all (contents, len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (docs->len, >=, 1);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (g_ptr_array_index (docs, 0)));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/yaml/scalars", test_scalars);
  g_test_add_func ("/yaml/structure-and-merge", test_structure_and_merge);
  g_test_add_func ("/yaml/errors", test_errors);
  g_test_add_func ("/yaml/round-trip", test_round_trip);
  g_test_add_func ("/yaml/real-crds-and-examples", test_real_crds_and_examples);

  return g_test_run ();
}
