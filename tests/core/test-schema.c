/* test-schema.c: CRD schema validation, pruning and defaulting
 *
 * Real CRDs and examples from ../shared/fixtures (KF_FIXTURES_DIR); the
 * expected messages are the API server's (kube-openapi + apimachinery).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-schema.h"
#include "kf-yaml.h"

/* ------------------------------------------------------------------------ */
/* helpers                                                                   */

typedef struct
{
  char     *group;
  char     *kind;
  JsonNode *crd;
} Crd;

static GPtrArray *crds;   /* Crd*, loaded once */

static void
crd_free (Crd *c)
{
  g_free (c->group);
  g_free (c->kind);
  json_node_unref (c->crd);
  g_free (c);
}

static const char *
fixtures_dir (void)
{
  const char *dir = g_getenv ("KF_FIXTURES_DIR");

  g_assert_nonnull (dir);
  return dir;
}

static void
load_crds (void)
{
  static const char *files[] = {
    "dynamo-dynamographdeployment.yaml", "dynamo-dynamocomponentdeployment.yaml",
    "kaito-workspace.yaml", "kaito-inferenceset.yaml",
    "kuberay-raycluster.yaml", "kuberay-rayservice.yaml",
  };

  if (crds != NULL)
    return;
  crds = g_ptr_array_new_with_free_func ((GDestroyNotify) crd_free);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (fixtures_dir (), "crds", files[i], NULL);
      g_autoptr(GError) error = NULL;
      JsonNode *node = kf_yaml_parse_file (path, &error);
      JsonObject *spec;
      Crd *c;

      g_assert_no_error (error);
      spec = json_object_get_object_member (json_node_get_object (node), "spec");
      c = g_new0 (Crd, 1);
      c->group = g_strdup (json_object_get_string_member (spec, "group"));
      c->kind = g_strdup (json_object_get_string_member (json_object_get_object_member (spec, "names"), "kind"));
      c->crd = node;
      g_ptr_array_add (crds, c);
    }
}

/* The schema for an object's apiVersion/kind, from the real CRDs. */
static JsonNode *
schema_for (JsonNode *object)
{
  JsonObject *o = json_node_get_object (object);
  const char *api_version = json_object_get_string_member (o, "apiVersion");
  const char *kind = json_object_get_string_member (o, "kind");
  const char *slash = strchr (api_version, '/');
  g_autofree char *group = NULL;

  if (slash == NULL)
    return NULL;   /* core group: not a custom resource */
  group = g_strndup (api_version, slash - api_version);
  load_crds ();
  for (guint i = 0; i < crds->len; i++)
    {
      Crd *c = crds->pdata[i];

      if (g_str_equal (c->group, group) && g_str_equal (c->kind, kind))
        return kf_schema_from_crd (c->crd, slash + 1);
    }
  return NULL;
}

static JsonNode *
load_example (const char *relpath)
{
  g_autofree char *path = g_build_filename (fixtures_dir (), "examples", relpath, NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *node = kf_yaml_parse_file (path, &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
yaml (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kf_yaml_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

/* Walks "a.b[0].c" (keys may not contain '.' or '['); returns the node. */
static JsonNode *
at (JsonNode   *root,
    const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *n = root;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *bracket = strchr (parts[i], '[');
      g_autofree char *key = g_strndup (parts[i], bracket ? (gsize) (bracket - parts[i]) : strlen (parts[i]));

      n = json_object_get_member (json_node_get_object (n), key);
      g_assert_nonnull (n);
      while (bracket != NULL)
        {
          n = json_array_get_element (json_node_get_array (n), atoi (bracket + 1));
          bracket = strchr (bracket + 1, '[');
        }
    }
  return n;
}

static void
set_member (JsonNode   *root,
            const char *parent,
            const char *key,
            JsonNode   *value) /* owned */
{
  json_object_set_member (json_node_get_object (at (root, parent)), key, value);
}

static JsonNode *
str_node (const char *s)
{
  JsonNode *n = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (n, s);
  return n;
}

static JsonNode *
int_node (gint64 i)
{
  JsonNode *n = json_node_new (JSON_NODE_VALUE);
  json_node_set_int (n, i);
  return n;
}

static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *json = json_to_string (node, FALSE);
  JsonNode *copy = json_from_string (json, NULL);

  g_assert_nonnull (copy);
  return copy;
}

static char *
causes_to_string (GPtrArray *causes)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      KfSchemaCause *c = causes->pdata[i];
      g_string_append_printf (s, "[%s] %s: %s\n", c->type, c->field, c->message);
    }
  return g_string_free (s, FALSE);
}

/* Asserts @object is invalid with exactly one cause of @type at @field (and,
 * when not NULL, with @message). */
static void
assert_one_cause (JsonNode   *schema,
                  JsonNode   *object,
                  const char *type,
                  const char *field,
                  const char *message)
{
  g_autoptr(GPtrArray) causes = NULL;
  g_autofree char *dump = NULL;
  KfSchemaCause *c;

  g_assert_false (kf_schema_validate (schema, object, &causes));
  dump = causes_to_string (causes);
  g_test_message ("%s", dump);
  g_assert_cmpuint (causes->len, ==, 1);
  c = causes->pdata[0];
  g_assert_cmpstr (c->type, ==, type);
  g_assert_cmpstr (c->field, ==, field);
  if (message != NULL)
    g_assert_cmpstr (c->message, ==, message);
}

static void
assert_valid (JsonNode *schema,
              JsonNode *object)
{
  g_autoptr(GPtrArray) causes = NULL;
  gboolean ok = kf_schema_validate (schema, object, &causes);

  if (!ok)
    {
      g_autofree char *dump = causes_to_string (causes);
      g_test_message ("unexpected causes:\n%s", dump);
    }
  g_assert_true (ok);
  g_assert_cmpuint (causes->len, ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Real examples against real CRDs                                           */

static void
validate_examples_in (const char *dir,
                      guint      *n_objects,
                      GPtrArray  *pruned_report)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) docs = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          validate_examples_in (path, n_objects, pruned_report);
          continue;
        }
      if (!g_str_has_suffix (name, ".yaml"))
        continue;
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      docs = kf_yaml_parse_all (data, len, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < docs->len; i++)
        {
          JsonNode *doc = docs->pdata[i];
          JsonNode *schema = schema_for (doc);
          g_autoptr(GPtrArray) pruned = NULL;

          g_test_message ("%s #%u", name, i);
          if (schema == NULL)
            {
              /* only core objects (ConfigMaps...) ride along */
              g_assert_null (strchr (json_object_get_string_member (json_node_get_object (doc), "apiVersion"), '/'));
              continue;
            }
          /* as the server does: default (required fields may have a
           * default, e.g. KubeRay's minReplicas), then validate */
          kf_schema_apply_defaults (schema, doc);
          assert_valid (schema, doc);
          kf_schema_prune (schema, doc, &pruned);
          for (guint j = 0; j < pruned->len; j++)
            g_ptr_array_add (pruned_report, g_strdup_printf ("%s: %s", name, (char *) pruned->pdata[j]));
          /* still valid once pruned */
          assert_valid (schema, doc);
          (*n_objects)++;
        }
    }
}

static void
test_examples_valid (void)
{
  g_autofree char *root = g_build_filename (fixtures_dir (), "examples", NULL);
  g_autoptr(GPtrArray) pruned = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  validate_examples_in (root, &n, pruned);
  g_assert_cmpuint (n, >=, 30);
  for (guint i = 0; i < pruned->len; i++)
    g_test_message ("pruned %s", (char *) pruned->pdata[i]);
  /* SOURCES.md: the two v0.5.1 examples with the removed `pvc` service field
   * are what a Strict server rejects (prefill+decode, Planner); nothing else
   * has unknown fields. */
  g_assert_cmpuint (pruned->len, ==, 3);
  for (guint i = 0; i < pruned->len; i++)
    {
      const char *p = pruned->pdata[i];

      g_assert_true (g_str_has_prefix (p, "trtllm-disagg-multinode.yaml: spec.services.") ||
                     g_str_has_prefix (p, "vllm-disagg-planner.yaml: spec.services."));
      g_assert_true (g_str_has_suffix (p, ".pvc"));
    }
}

static void
test_crd_lookup (void)
{
  g_autoptr(JsonNode) dgd = load_example ("dynamo/v1alpha1/vllm-agg.yaml");
  JsonNode *crd;
  JsonNode *alpha, *beta, *storage;

  load_crds ();
  crd = ((Crd *) crds->pdata[0])->crd;
  alpha = kf_schema_from_crd (crd, "v1alpha1");
  beta = kf_schema_from_crd (crd, "v1beta1");
  storage = kf_schema_from_crd (crd, NULL);
  g_assert_nonnull (alpha);
  g_assert_nonnull (beta);
  g_assert_true (alpha != beta);
  g_assert_true (storage == beta);   /* v1beta1 is the storage version */
  g_assert_null (kf_schema_from_crd (crd, "v9"));
  g_assert_null (kf_schema_from_crd (NULL, "v1"));
  g_assert_true (schema_for (dgd) == alpha);

  /* a v1alpha1 object (spec.services) against the v1beta1 schema: unknown
   * fields do not fail validation, they are pruned */
  g_assert_cmpuint (kf_schema_prune (beta, dgd, NULL), >, 0);
  g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (dgd), "spec"),
                                          "services"));
}

/* Mutated copies of real examples fail with the server's cause. */
static void
test_mutations_dynamo (void)
{
  g_autoptr(JsonNode) obj = load_example ("dynamo/v1alpha1/vllm-agg.yaml");
  JsonNode *schema = schema_for (obj);
  g_autoptr(JsonNode) orig = deep_copy (obj);

  assert_valid (schema, obj);

  /* wrong type */
  set_member (obj, "spec.services.Frontend", "replicas", str_node ("two"));
  assert_one_cause (schema, obj, "FieldValueTypeInvalid", "spec.services.Frontend.replicas",
                    "Invalid value: \"string\": spec.services.Frontend.replicas in body must be of type integer: \"string\"");

  /* integer accepts whole numbers only */
  {
    JsonNode *d = json_node_new (JSON_NODE_VALUE);
    json_node_set_double (d, 1.5);
    set_member (obj, "spec.services.Frontend", "replicas", d);
    assert_one_cause (schema, obj, "FieldValueTypeInvalid", "spec.services.Frontend.replicas",
                      "Invalid value: \"number\": spec.services.Frontend.replicas in body must be of type integer: \"number\"");
    d = json_node_new (JSON_NODE_VALUE);
    json_node_set_double (d, 2.0);
    set_member (obj, "spec.services.Frontend", "replicas", d);
    assert_valid (schema, obj);
  }

  /* minimum */
  set_member (obj, "spec.services.Frontend", "replicas", int_node (-1));
  assert_one_cause (schema, obj, "FieldValueInvalid", "spec.services.Frontend.replicas",
                    "Invalid value: -1: spec.services.Frontend.replicas in body should be greater than or equal to 0");

  /* enum */
  json_node_unref (obj);
  obj = deep_copy (orig);
  set_member (obj, "spec", "backendFramework", str_node ("pytorch"));
  assert_one_cause (schema, obj, "FieldValueNotSupported", "spec.backendFramework",
                    "Unsupported value: \"pytorch\": supported values: \"sglang\", \"vllm\", \"trtllm\"");

  /* wrong type of a whole section */
  json_node_unref (obj);
  obj = deep_copy (orig);
  set_member (obj, "", "spec", str_node ("oops"));
  assert_one_cause (schema, obj, "FieldValueTypeInvalid", "spec",
                    "Invalid value: \"string\": spec in body must be of type object: \"string\"");
}

static void
test_mutations_kuberay (void)
{
  g_autoptr(JsonNode) obj = load_example ("kuberay/raycluster-sample.yaml");
  JsonNode *schema = schema_for (obj);
  g_autoptr(JsonNode) orig = deep_copy (obj);
  JsonNode *cond;

  assert_valid (schema, obj);

  /* required, inside an array item */
  json_object_remove_member (json_node_get_object (at (obj, "spec.workerGroupSpecs[0]")), "groupName");
  assert_one_cause (schema, obj, "FieldValueRequired", "spec.workerGroupSpecs[0].groupName", "Required value");

  /* required at the top of spec */
  json_node_unref (obj);
  obj = deep_copy (orig);
  json_object_remove_member (json_node_get_object (at (obj, "spec")), "headGroupSpec");
  assert_one_cause (schema, obj, "FieldValueRequired", "spec.headGroupSpec", "Required value");

  /* array index in the path */
  json_node_unref (obj);
  obj = deep_copy (orig);
  set_member (obj, "spec.workerGroupSpecs[0]", "replicas", str_node ("1"));
  assert_one_cause (schema, obj, "FieldValueTypeInvalid", "spec.workerGroupSpecs[0].replicas",
                    "Invalid value: \"string\": spec.workerGroupSpecs[0].replicas in body must be of type integer: \"string\"");

  /* pattern on a quantity (x-kubernetes-int-or-string + anyOf + pattern) */
  json_node_unref (obj);
  obj = deep_copy (orig);
  set_member (obj, "spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits", "cpu",
              str_node ("lots"));
  assert_one_cause (schema, obj, "FieldValueInvalid",
                    "spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits.cpu",
                    "Invalid value: \"lots\": spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits.cpu"
                    " in body should match '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'");
  /* ... while integers and valid quantities pass */
  set_member (obj, "spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits", "cpu", int_node (2));
  assert_valid (schema, obj);
  set_member (obj, "spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits", "cpu",
              str_node ("500m"));
  assert_valid (schema, obj);

  /* metav1.Condition in status: enum, pattern, maxLength, format, required */
  cond = yaml ("{type: Ready, status: Maybe, reason: 'has space', message: m,"
               " lastTransitionTime: '2024-01-02T03:04:05Z'}");
  set_member (obj, "", "status", yaml ("{conditions: []}"));
  json_array_add_element (json_node_get_array (at (obj, "status.conditions")), cond);
  {
    g_autoptr(GPtrArray) causes = NULL;
    g_autofree char *dump = NULL;
    KfSchemaCause *c0, *c1;

    g_assert_false (kf_schema_validate (schema, obj, &causes));
    dump = causes_to_string (causes);
    g_test_message ("%s", dump);
    g_assert_cmpuint (causes->len, ==, 2);
    c0 = causes->pdata[0];
    c1 = causes->pdata[1];
    /* document order: status before reason? no: members in object order */
    g_assert_cmpstr (c0->field, ==, "status.conditions[0].status");
    g_assert_cmpstr (c0->type, ==, "FieldValueNotSupported");
    g_assert_cmpstr (c0->message, ==, "Unsupported value: \"Maybe\": supported values: \"True\", \"False\", \"Unknown\"");
    g_assert_cmpstr (c1->field, ==, "status.conditions[0].reason");
    g_assert_cmpstr (c1->type, ==, "FieldValueInvalid");
    g_assert_true (g_str_has_prefix (c1->message, "Invalid value: \"has space\": status.conditions[0].reason in body should match '"));
  }
  json_object_set_string_member (json_node_get_object (cond), "status", "True");
  json_object_set_string_member (json_node_get_object (cond), "reason", "Fine");
  json_object_set_string_member (json_node_get_object (cond), "lastTransitionTime", "yesterday");
  assert_one_cause (schema, obj, "FieldValueTypeInvalid", "status.conditions[0].lastTransitionTime",
                    "Invalid value: \"yesterday\": status.conditions[0].lastTransitionTime in body must be of type date-time: \"yesterday\"");
  json_object_set_string_member (json_node_get_object (cond), "lastTransitionTime", "2024-01-02T03:04:05Z");
  {
    g_autofree char *longtype = g_strnfill (317, 'A');
    json_object_set_string_member (json_node_get_object (cond), "type", longtype);
    assert_one_cause (schema, obj, "FieldValueTooLong", "status.conditions[0].type",
                      "Too long: may not be longer than 316");
  }
  json_object_set_string_member (json_node_get_object (cond), "type", "Ready");
  json_object_remove_member (json_node_get_object (cond), "message");
  assert_one_cause (schema, obj, "FieldValueRequired", "status.conditions[0].message", "Required value");
}

static void
test_mutations_kaito (void)
{
  g_autoptr(JsonNode) obj = load_example ("kaito/workspace-phi-4-mini.yaml");
  JsonNode *schema = schema_for (obj);

  assert_valid (schema, obj);
  set_member (obj, "resource", "count", str_node ("1"));
  assert_one_cause (schema, obj, "FieldValueTypeInvalid", "resource.count",
                    "Invalid value: \"string\": resource.count in body must be of type integer: \"string\"");
  set_member (obj, "resource", "count", int_node (2));
  set_member (obj, "", "metadata", str_node ("x"));
  assert_one_cause (schema, obj, "FieldValueTypeInvalid", "metadata",
                    "Invalid value: \"string\": metadata in body must be of type object: \"string\"");
}

/* ------------------------------------------------------------------------ */
/* One test per rule, on small schemas                                       */

static void
test_rule_type (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  s: {type: string}\n"
    "  i: {type: integer}\n"
    "  n: {type: number}\n"
    "  b: {type: boolean}\n"
    "  a: {type: array}\n"
    "  o: {type: object}\n");
  g_autoptr(JsonNode) ok = yaml ("{s: x, i: 3, n: 2, b: false, a: [1], o: {}}");
  g_autoptr(JsonNode) ok2 = yaml ("{i: 3.0, n: 2.5}");
  g_autoptr(JsonNode) bad = yaml ("{s: 1, i: true, n: x, b: 'true', a: {}, o: []}");
  g_autoptr(GPtrArray) causes = NULL;
  static const char *expected[][2] = {
    { "s", "Invalid value: \"integer\": s in body must be of type string: \"integer\"" },
    { "i", "Invalid value: \"boolean\": i in body must be of type integer: \"boolean\"" },
    { "n", "Invalid value: \"string\": n in body must be of type number: \"string\"" },
    { "b", "Invalid value: \"string\": b in body must be of type boolean: \"string\"" },
    { "a", "Invalid value: \"object\": a in body must be of type array: \"object\"" },
    { "o", "Invalid value: \"array\": o in body must be of type object: \"array\"" },
  };

  assert_valid (schema, ok);
  assert_valid (schema, ok2);
  g_assert_false (kf_schema_validate (schema, bad, &causes));
  g_assert_cmpuint (causes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KfSchemaCause *c = causes->pdata[i];
      g_assert_cmpstr (c->type, ==, "FieldValueTypeInvalid");
      g_assert_cmpstr (c->field, ==, expected[i][0]);
      g_assert_cmpstr (c->message, ==, expected[i][1]);
    }
  /* validate without asking for causes */
  g_assert_false (kf_schema_validate (schema, bad, NULL));
  g_assert_true (kf_schema_validate (schema, ok, NULL));
}

static void
test_rule_nullable (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  a: {type: string, nullable: true}\n"
    "  b: {type: string}\n"
    "  c: {x-kubernetes-preserve-unknown-fields: true}\n");
  g_autoptr(JsonNode) ok = yaml ("{a: null, c: null}");
  g_autoptr(JsonNode) bad = yaml ("{b: null}");

  assert_valid (schema, ok);
  assert_one_cause (schema, bad, "FieldValueTypeInvalid", "b",
                    "Invalid value: \"null\": b in body must be of type string: \"null\"");
  /* pruning drops non-nullable nulls, as the server does */
  kf_schema_prune (schema, bad, NULL);
  g_assert_false (json_object_has_member (json_node_get_object (bad), "b"));
  assert_valid (schema, bad);
}

static void
test_rule_required (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "required: [spec]\n"
    "properties:\n"
    "  spec:\n"
    "    type: object\n"
    "    required: [name, size]\n"
    "    properties: {name: {type: string}, size: {type: integer}}\n");
  g_autoptr(JsonNode) none = yaml ("{kind: X}");
  g_autoptr(JsonNode) partial = yaml ("{spec: {name: a}}");
  g_autoptr(GPtrArray) causes = NULL;

  assert_one_cause (schema, none, "FieldValueRequired", "spec", "Required value");
  assert_one_cause (schema, partial, "FieldValueRequired", "spec.size", "Required value");
  json_object_remove_member (json_object_get_object_member (json_node_get_object (partial), "spec"), "name");
  g_assert_false (kf_schema_validate (schema, partial, &causes));
  g_assert_cmpuint (causes->len, ==, 2);
  g_assert_cmpstr (((KfSchemaCause *) causes->pdata[0])->field, ==, "spec.name");
  g_assert_cmpstr (((KfSchemaCause *) causes->pdata[1])->field, ==, "spec.size");
}

static void
test_rule_enum (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  mode: {type: string, enum: [fast, slow]}\n"
    "  level: {type: integer, enum: [1, 2]}\n");
  g_autoptr(JsonNode) ok = yaml ("{mode: slow, level: 2}");
  g_autoptr(JsonNode) bad1 = yaml ("{mode: medium}");
  g_autoptr(JsonNode) bad2 = yaml ("{level: 3}");

  assert_valid (schema, ok);
  assert_one_cause (schema, bad1, "FieldValueNotSupported", "mode",
                    "Unsupported value: \"medium\": supported values: \"fast\", \"slow\"");
  assert_one_cause (schema, bad2, "FieldValueNotSupported", "level",
                    "Unsupported value: 3: supported values: \"1\", \"2\"");
}

static void
test_rule_min_max (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  r: {type: integer, minimum: 1, maximum: 10}\n"
    "  x: {type: number, minimum: 0, maximum: 1, exclusiveMinimum: true, exclusiveMaximum: true}\n"
    "  m: {type: integer, multipleOf: 4}\n");
  g_autoptr(JsonNode) ok = yaml ("{r: 10, x: 0.5, m: 8}");
  g_autoptr(JsonNode) lo = yaml ("{r: 0}");
  g_autoptr(JsonNode) hi = yaml ("{r: 11}");
  g_autoptr(JsonNode) xlo = yaml ("{x: 0}");
  g_autoptr(JsonNode) xhi = yaml ("{x: 1.0}");
  g_autoptr(JsonNode) mul = yaml ("{m: 6}");

  assert_valid (schema, ok);
  assert_one_cause (schema, lo, "FieldValueInvalid", "r",
                    "Invalid value: 0: r in body should be greater than or equal to 1");
  assert_one_cause (schema, hi, "FieldValueInvalid", "r",
                    "Invalid value: 11: r in body should be less than or equal to 10");
  assert_one_cause (schema, xlo, "FieldValueInvalid", "x",
                    "Invalid value: 0: x in body should be greater than 0");
  assert_one_cause (schema, xhi, "FieldValueInvalid", "x",
                    "Invalid value: 1: x in body should be less than 1");
  assert_one_cause (schema, mul, "FieldValueInvalid", "m",
                    "Invalid value: 6: m in body should be a multiple of 4");
}

static void
test_rule_strings (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  name: {type: string, minLength: 2, maxLength: 5, pattern: '^[a-z]+$'}\n"
    "  when: {type: string, format: date-time}\n"
    "  day: {type: string, format: date}\n"
    "  id: {type: string, format: uuid}\n"
    "  ip: {type: string, format: ipv4}\n"
    "  data: {type: string, format: byte}\n"
    "  n: {type: integer, format: int32}\n");
  g_autoptr(JsonNode) ok = yaml ("{name: abc, when: '2025-03-01T10:00:00+01:00', day: '2025-02-28',"
                                 " id: 123e4567-e89b-12d3-a456-426614174000, ip: 10.0.0.1, data: aGVsbG8=, n: 5}");
  g_autoptr(JsonNode) short_ = yaml ("{name: a}");
  g_autoptr(JsonNode) long_ = yaml ("{name: abcdef}");
  g_autoptr(JsonNode) upper = yaml ("{name: ABC}");
  g_autoptr(JsonNode) unicode = yaml ("{name: \"\\u00e9t\\u00e9\"}");
  g_autoptr(JsonNode) day = yaml ("{day: '2025-02-30'}");
  g_autoptr(JsonNode) id = yaml ("{id: not-a-uuid}");
  g_autoptr(JsonNode) ip = yaml ("{ip: 256.1.1.1}");
  g_autoptr(JsonNode) data = yaml ("{data: 'a?'}");

  assert_valid (schema, ok);
  assert_one_cause (schema, short_, "FieldValueInvalid", "name",
                    "Invalid value: \"a\": name in body should be at least 2 chars long");
  assert_one_cause (schema, long_, "FieldValueTooLong", "name", "Too long: may not be longer than 5");
  assert_one_cause (schema, upper, "FieldValueInvalid", "name",
                    "Invalid value: \"ABC\": name in body should match '^[a-z]+$'");
  /* lengths count characters, not bytes; the pattern is ASCII-only */
  assert_one_cause (schema, unicode, "FieldValueInvalid", "name", NULL);
  assert_one_cause (schema, day, "FieldValueTypeInvalid", "day",
                    "Invalid value: \"2025-02-30\": day in body must be of type date: \"2025-02-30\"");
  assert_one_cause (schema, id, "FieldValueTypeInvalid", "id", NULL);
  assert_one_cause (schema, ip, "FieldValueTypeInvalid", "ip", NULL);
  assert_one_cause (schema, data, "FieldValueTypeInvalid", "data", NULL);
}

static void
test_rule_arrays (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  list:\n"
    "    type: array\n"
    "    minItems: 1\n"
    "    maxItems: 3\n"
    "    items: {type: object, required: [name], properties: {name: {type: string}}}\n"
    "  set: {type: array, uniqueItems: true, items: {type: string}}\n");
  g_autoptr(JsonNode) ok = yaml ("{list: [{name: a}], set: [a, b]}");
  g_autoptr(JsonNode) empty = yaml ("{list: []}");
  g_autoptr(JsonNode) many = yaml ("{list: [{name: a}, {name: b}, {name: c}, {name: d}]}");
  g_autoptr(JsonNode) item = yaml ("{list: [{name: a}, {}, {name: 3}]}");
  g_autoptr(JsonNode) dup = yaml ("{set: [a, b, a]}");
  g_autoptr(GPtrArray) causes = NULL;

  assert_valid (schema, ok);
  assert_one_cause (schema, empty, "FieldValueInvalid", "list",
                    "Invalid value: 0: list in body should have at least 1 items");
  assert_one_cause (schema, many, "FieldValueTooMany", "list", "Too many: 4: must have at most 3 items");
  assert_one_cause (schema, dup, "FieldValueInvalid", "set",
                    "Invalid value: \"\": set in body shouldn't contain duplicates");
  g_assert_false (kf_schema_validate (schema, item, &causes));
  g_assert_cmpuint (causes->len, ==, 2);
  g_assert_cmpstr (((KfSchemaCause *) causes->pdata[0])->field, ==, "list[1].name");
  g_assert_cmpstr (((KfSchemaCause *) causes->pdata[0])->type, ==, "FieldValueRequired");
  g_assert_cmpstr (((KfSchemaCause *) causes->pdata[1])->message, ==,
                   "Invalid value: \"integer\": list[2].name in body must be of type string: \"integer\"");
}

static void
test_rule_additional_properties (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  labels: {type: object, additionalProperties: {type: string}}\n"
    "  services:\n"
    "    type: object\n"
    "    additionalProperties:\n"
    "      type: object\n"
    "      properties: {replicas: {type: integer, minimum: 0}}\n"
    "  closed: {type: object, properties: {a: {type: string}}, additionalProperties: false}\n"
    "  open: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}\n");
  g_autoptr(JsonNode) ok = yaml ("{labels: {a: b}, services: {Frontend: {replicas: 1, extra: 1}}, open: {z: 1}}");
  g_autoptr(JsonNode) bad_label = yaml ("{labels: {a: 1}}");
  g_autoptr(JsonNode) bad_svc = yaml ("{services: {Frontend: {replicas: -2}}}");
  g_autoptr(JsonNode) closed = yaml ("{closed: {a: x, b: y}}");
  g_autoptr(JsonNode) unknown = yaml ("{apiVersion: v1, kind: X, metadata: {name: n, foo: 1}, zzz: 1,"
                                      " services: {F: {replicas: 1, pvc: {}}}, open: {z: 1}}");
  g_autoptr(GPtrArray) pruned = NULL;

  assert_valid (schema, ok);
  assert_one_cause (schema, bad_label, "FieldValueTypeInvalid", "labels.a",
                    "Invalid value: \"integer\": labels.a in body must be of type string: \"integer\"");
  assert_one_cause (schema, bad_svc, "FieldValueInvalid", "services.Frontend.replicas",
                    "Invalid value: -2: services.Frontend.replicas in body should be greater than or equal to 0");
  assert_one_cause (schema, closed, "FieldValueInvalid", "closed",
                    "Invalid value: \"b\": closed.b in body is a forbidden property");

  /* unknown fields: valid, and pruned as the server does */
  assert_valid (schema, unknown);
  g_assert_cmpuint (kf_schema_prune (schema, unknown, &pruned), ==, 2);
  g_assert_cmpuint (pruned->len, ==, 2);
  g_assert_cmpstr (pruned->pdata[0], ==, "zzz");
  g_assert_cmpstr (pruned->pdata[1], ==, "services.F.pvc");
  g_assert_true (json_object_has_member (json_node_get_object (unknown), "apiVersion"));
  g_assert_true (json_object_has_member (json_node_get_object (unknown), "kind"));
  g_assert_true (json_object_has_member (json_object_get_object_member (json_node_get_object (unknown), "metadata"), "foo"));
  g_assert_true (json_object_has_member (json_object_get_object_member (json_node_get_object (unknown), "open"), "z"));
}

static void
test_rule_int_or_string (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  port:\n"
    "    x-kubernetes-int-or-string: true\n"
    "    anyOf: [{type: integer}, {type: string}]\n");
  g_autoptr(JsonNode) ok1 = yaml ("{port: 8080}");
  g_autoptr(JsonNode) ok2 = yaml ("{port: http}");
  g_autoptr(JsonNode) bad = yaml ("{port: true}");
  g_autoptr(GPtrArray) causes = NULL;
  KfSchemaCause *c;

  assert_valid (schema, ok1);
  assert_valid (schema, ok2);
  g_assert_false (kf_schema_validate (schema, bad, &causes));
  c = causes->pdata[0];
  g_assert_cmpstr (c->field, ==, "port");
  g_assert_cmpstr (c->message, ==, "Invalid value: \"boolean\": port in body must be of type integer,string: \"boolean\"");
  /* then the anyOf failure, as kube-openapi adds it (a composite error) */
  c = causes->pdata[1];
  g_assert_cmpstr (c->field, ==, "<nil>");
  g_assert_cmpstr (c->message, ==, "Invalid value: \"\": \"port\" must validate at least one schema (anyOf)");
}

static void
test_rule_combinators (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  one: {type: integer, oneOf: [{minimum: 5}, {maximum: 10}]}\n"
    "  all: {type: integer, allOf: [{minimum: 5}, {maximum: 10}]}\n"
    "  neg: {type: string, not: {enum: [forbidden]}}\n");
  g_autoptr(JsonNode) ok = yaml ("{one: 20, all: 7, neg: fine}");
  g_autoptr(JsonNode) both = yaml ("{one: 7}");
  g_autoptr(JsonNode) all = yaml ("{all: 11}");
  g_autoptr(JsonNode) neg = yaml ("{neg: forbidden}");
  g_autoptr(GPtrArray) causes = NULL;

  assert_valid (schema, ok);
  assert_one_cause (schema, both, "FieldValueInvalid", "<nil>",
                    "Invalid value: \"\": \"one\" must validate one and only one schema (oneOf). Found 2 valid alternatives");
  assert_one_cause (schema, neg, "FieldValueInvalid", "<nil>",
                    "Invalid value: \"\": \"neg\" must not validate the schema (not)");
  g_assert_false (kf_schema_validate (schema, all, &causes));
  g_assert_cmpuint (causes->len, ==, 2);
  g_assert_cmpstr (((KfSchemaCause *) causes->pdata[0])->message, ==,
                   "Invalid value: 11: all in body should be less than or equal to 10");
  g_assert_cmpstr (((KfSchemaCause *) causes->pdata[1])->message, ==,
                   "Invalid value: \"\": \"all\" must validate all the schemas (allOf)");
}

static void
test_rule_embedded_resource (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  template:\n"
    "    type: object\n"
    "    x-kubernetes-embedded-resource: true\n"
    "    x-kubernetes-preserve-unknown-fields: true\n");
  g_autoptr(JsonNode) ok = yaml ("{template: {apiVersion: v1, kind: Pod, spec: {x: 1}}}");
  g_autoptr(JsonNode) bad = yaml ("{template: {apiVersion: v1}}");

  assert_valid (schema, ok);
  assert_one_cause (schema, bad, "FieldValueRequired", "template.kind", "Required value: must not be empty");
  g_assert_cmpuint (kf_schema_prune (schema, ok, NULL), ==, 0);
}

static void
test_defaults (void)
{
  g_autoptr(JsonNode) schema = yaml (
    "type: object\n"
    "properties:\n"
    "  spec:\n"
    "    type: object\n"
    "    properties:\n"
    "      replicas: {type: integer, default: 1}\n"
    "      mode: {type: string, default: fast}\n"
    "      opts: {type: object, default: {a: 1}}\n"
    "      groups:\n"
    "        type: array\n"
    "        items: {type: object, properties: {min: {type: integer, default: 0}}}\n");
  g_autoptr(JsonNode) obj = yaml ("{spec: {mode: slow, opts: null, groups: [{}, {min: 3}]}}");
  g_autofree char *json = NULL;

  g_assert_cmpuint (kf_schema_apply_defaults (schema, obj), ==, 3);
  json = json_to_string (obj, FALSE);
  /* the defaults are copies: changing the object leaves the schema alone */
  json_object_set_int_member (json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (obj), "spec"), "opts"), "a", 5);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (at (schema, "properties.spec.properties.opts.default")), "a"), ==, 1);
  g_assert_cmpstr (json, ==, "{\"spec\":{\"mode\":\"slow\",\"opts\":{\"a\":1},\"groups\":[{\"min\":0},{\"min\":3}],\"replicas\":1}}");
}

static void
test_messages (void)
{
  g_autoptr(JsonNode) schema = yaml ("type: object\nrequired: [a, b]\n");
  g_autoptr(JsonNode) obj = yaml ("{}");
  g_autoptr(GPtrArray) causes = NULL;
  g_autofree char *one = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *single = NULL;

  g_assert_false (kf_schema_validate (schema, obj, &causes));
  one = kf_schema_cause_to_string (causes->pdata[0]);
  g_assert_cmpstr (one, ==, "a: Required value");
  msg = kf_schema_invalid_message ("DynamoGraphDeployment", "nvidia.com", "demo", causes);
  g_assert_cmpstr (msg, ==, "DynamoGraphDeployment.nvidia.com \"demo\" is invalid: [a: Required value, b: Required value]");
  g_ptr_array_set_size (causes, 1);
  single = kf_schema_invalid_message ("ConfigMap", NULL, "x", causes);
  g_assert_cmpstr (single, ==, "ConfigMap \"x\" is invalid: a: Required value");
}

/* ------------------------------------------------------------------------ */
/* Hostile input                                                             */

static void
test_hostile (void)
{
  g_autoptr(JsonNode) recursive_schema = NULL;
  g_autoptr(JsonNode) deep = NULL;
  g_autoptr(JsonNode) big = NULL;
  g_autoptr(JsonNode) big_schema = yaml ("type: object\nproperties: {list: {type: array, items: {type: string}}}\n");
  g_autoptr(GPtrArray) causes = NULL;
  JsonNode *node;
  JsonArray *array;

  /* a schema nested 2000 levels (each level "properties: {a: ...}") and an
   * object just as deep: bounded, with a clear cause */
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, json_object_new ());
  recursive_schema = node;
  for (int i = 0; i < 2000; i++)
    {
      JsonObject *props = json_object_new ();
      JsonObject *outer = json_object_new ();
      JsonNode *outer_node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_member (props, "a", recursive_schema);
      json_object_set_string_member (outer, "type", "object");
      json_object_set_object_member (outer, "properties", props);
      json_node_take_object (outer_node, outer);
      recursive_schema = outer_node;
    }
  deep = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (deep, json_object_new ());
  for (int i = 0; i < 2000; i++)
    {
      JsonObject *o = json_object_new ();
      JsonNode *n = json_node_new (JSON_NODE_OBJECT);

      json_object_set_member (o, "a", deep);
      json_node_take_object (n, o);
      deep = n;
    }
  g_assert_false (kf_schema_validate (recursive_schema, deep, &causes));
  g_assert_cmpuint (causes->len, ==, 1);
  g_assert_true (strstr (((KfSchemaCause *) causes->pdata[0])->message, "nested deeper than") != NULL);
  g_clear_pointer (&causes, g_ptr_array_unref);
  g_assert_cmpuint (kf_schema_prune (recursive_schema, deep, NULL), ==, 0);
  kf_schema_apply_defaults (recursive_schema, deep);

  /* a huge array of wrong items: the cause list is capped */
  big = yaml ("{list: []}");
  array = json_node_get_array (at (big, "list"));
  for (int i = 0; i < 200000; i++)
    json_array_add_int_element (array, i);
  g_assert_false (kf_schema_validate (big_schema, big, &causes));
  g_assert_cmpuint (causes->len, ==, KF_SCHEMA_MAX_CAUSES);
  g_assert_cmpstr (((KfSchemaCause *) causes->pdata[999])->field, ==, "list[999]");

  /* junk schema and junk data */
  {
    g_autoptr(JsonNode) junk_schema = yaml ("{type: 7, properties: [1], required: {a: 1}, items: x,"
                                            " enum: 3, pattern: '(', minimum: x, anyOf: [1, {}]}");
    g_autoptr(JsonNode) junk = yaml ("{a: [1, {b: null}], c: 'x'}");
    g_autoptr(JsonNode) scalar_schema = yaml ("true");

    kf_schema_validate (junk_schema, junk, NULL);
    kf_schema_validate (scalar_schema, junk, NULL);
    kf_schema_validate (junk_schema, NULL, NULL);
    kf_schema_validate (NULL, junk, NULL);
    kf_schema_prune (junk_schema, junk, NULL);
    kf_schema_apply_defaults (junk_schema, junk);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema/examples-valid", test_examples_valid);
  g_test_add_func ("/schema/crd-lookup", test_crd_lookup);
  g_test_add_func ("/schema/mutations/dynamo", test_mutations_dynamo);
  g_test_add_func ("/schema/mutations/kuberay", test_mutations_kuberay);
  g_test_add_func ("/schema/mutations/kaito", test_mutations_kaito);
  g_test_add_func ("/schema/rule/type", test_rule_type);
  g_test_add_func ("/schema/rule/nullable", test_rule_nullable);
  g_test_add_func ("/schema/rule/required", test_rule_required);
  g_test_add_func ("/schema/rule/enum", test_rule_enum);
  g_test_add_func ("/schema/rule/min-max", test_rule_min_max);
  g_test_add_func ("/schema/rule/strings", test_rule_strings);
  g_test_add_func ("/schema/rule/arrays", test_rule_arrays);
  g_test_add_func ("/schema/rule/additional-properties", test_rule_additional_properties);
  g_test_add_func ("/schema/rule/int-or-string", test_rule_int_or_string);
  g_test_add_func ("/schema/rule/combinators", test_rule_combinators);
  g_test_add_func ("/schema/rule/embedded-resource", test_rule_embedded_resource);
  g_test_add_func ("/schema/defaults", test_defaults);
  g_test_add_func ("/schema/messages", test_messages);
  g_test_add_func ("/schema/hostile", test_hostile);

  ret = g_test_run ();
  g_clear_pointer (&crds, g_ptr_array_unref);
  return ret;
}
