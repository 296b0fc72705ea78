/* test-sim-kubectl.c: real kubectl against the simulated cluster
 *
 * Each test skips with a message when kubectl is not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kf-sim-json.h"
#include "kf-test-sim.h"
#include "kf-yaml.h"

static KfTestSim *sim;

static gboolean
need_kubectl (void)
{
  if (kf_test_sim_kubectl_path () != NULL)
    return TRUE;
  g_test_skip ("kubectl is not installed (/usr/bin/kubectl or $KF_TEST_KUBECTL)");
  return FALSE;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("expected \"%s\" in:\n%s", needle, haystack ? haystack : "(null)");
}

static void
test_get_nodes (void)
{
  g_autofree char *out = NULL, *err = NULL, *raw = NULL, *raw_err = NULL;
  g_autoptr(JsonNode) list = NULL;
  int rc;

  if (!need_kubectl ())
    return;
  rc = kf_test_sim_kubectl (sim, NULL, &out, &err, "get", "nodes", NULL);
  g_assert_cmpint (rc, ==, 0);
  assert_contains (out, "NAME");
  assert_contains (out, "aks-h100pool-38102744-vmss000000");
  assert_contains (out, "gke-demo-l4-pool-5f2c9a1e-x7k2");
  assert_contains (out, "Ready");
  assert_contains (out, "v1.32.2");

  rc = kf_test_sim_kubectl (sim, NULL, &raw, &raw_err, "get", "--raw", "/api/v1/nodes?labelSelector=nvidia.com%2Fgpu.present%3Dtrue", NULL);
  g_assert_cmpint (rc, ==, 0);
  list = kf_test_sim_json (raw);
  g_assert_cmpstr (kf_sim_json_get_string (list, "kind"), ==, "NodeList");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (kf_sim_json_lookup (list, "items"))), ==, 4);
}

static void
test_api_resources_and_auth (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *yes = NULL, *no = NULL, *no_err = NULL, *who = NULL, *forbidden = NULL, *forbidden_err = NULL;
  int rc;

  if (!need_kubectl ())
    return;
  rc = kf_test_sim_kubectl (sim, NULL, &out, &err, "api-resources", NULL);
  g_assert_cmpint (rc, ==, 0);
  assert_contains (out, "dynamographdeployments");
  assert_contains (out, "dgd");
  assert_contains (out, "rayservices");
  assert_contains (out, "workspaces");
  assert_contains (out, "selfsubjectaccessreviews");

  rc = kf_test_sim_kubectl (sim, NULL, &yes, NULL, "auth", "can-i", "create", "rayservices.ray.io", "-n", "default", NULL);
  g_assert_cmpint (rc, ==, 0);
  assert_contains (yes, "yes");
  rc = kf_test_sim_kubectl (sim, NULL, &no, &no_err, "--context", "kubefoundry-sim-viewer",
                            "auth", "can-i", "delete", "pods", "-n", "default", NULL);
  g_assert_cmpint (rc, !=, 0);
  assert_contains (no, "no");

  rc = kf_test_sim_kubectl (sim, NULL, &who, NULL, "--context", "kubefoundry-sim-cert", "auth", "whoami", NULL);
  g_assert_cmpint (rc, ==, 0);
  assert_contains (who, "cert-admin");

  rc = kf_test_sim_kubectl (sim, NULL, &forbidden, &forbidden_err, "--context", "kubefoundry-sim-viewer",
                            "create", "namespace", "nope", NULL);
  g_assert_cmpint (rc, !=, 0);
  assert_contains (forbidden_err, "namespaces is forbidden: User \"viewer\" cannot create resource \"namespaces\" "
                                  "in API group \"\" at the cluster scope");
}

/* The examples a real API server with the current CRDs rejects under
 * kubectl's strict field validation (see ../shared/fixtures/SOURCES.md). */
static const char *
expected_rejection (const char *path)
{
  if (g_str_has_suffix (path, "v1alpha1/trtllm-disagg-multinode.yaml"))
    return "unknown field \"spec.services.decode.pvc\"";
  if (g_str_has_suffix (path, "v1alpha1/vllm-disagg-planner.yaml"))
    return "unknown field \"spec.services.Planner.pvc\"";
  return NULL;
}

static void
collect_examples (const char *dir,
                  GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_examples (path, out);
      else if (g_str_has_suffix (name, ".yaml"))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* Runs kubectl VERB -f F1 -f F2… [-n NS] once for a batch of files; returns its status. */
static int
kubectl_files (const char  *verb,
               GPtrArray   *files,
               const char  *ns,
               char       **out,
               char       **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) verb);
  for (guint i = 0; i < files->len; i++)
    {
      g_ptr_array_add (args, (char *) "-f");
      g_ptr_array_add (args, files->pdata[i]);
    }
  if (ns != NULL)
    {
      g_ptr_array_add (args, (char *) "-n");
      g_ptr_array_add (args, (char *) ns);
    }
  g_ptr_array_add (args, NULL);
  return kf_test_sim_kubectlv (sim, NULL, out, err, (const char * const *) args->pdata);
}

static guint
count_lines_with (const char *text,
                  const char *word)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], word) != NULL)
      n++;
  return n;
}

static void
run_examples (const char *verb)
{
  g_autofree char *root = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *batches[3] = { g_ptr_array_new (), g_ptr_array_new (), g_ptr_array_new () };
  g_autofree char *ns = g_strdup_printf ("examples-%s", verb);
  g_autofree char *ns_beta = g_strdup_printf ("examples-%s-beta", verb);
  const char *namespaces[3] = { ns, ns_beta, NULL };
  const char *done_word = "created";
  guint expected_objects = 0, accepted = 0, rejected = 0;

  collect_examples (root, files);
  g_ptr_array_sort (files, compare_paths);
  g_assert_cmpuint (files->len, >=, 30);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *o = NULL;
      g_assert_cmpint (kf_test_sim_kubectl (sim, NULL, &o, NULL, "create", "namespace", namespaces[i], NULL), ==, 0);
    }

  /* v1alpha1 and v1beta1 Dynamo examples share names: separate namespaces;
   * files naming their own namespace are applied as they are */
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) docs = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      docs = kf_yaml_parse_all (text, -1, NULL);
      g_assert_nonnull (docs);
      expected_objects += docs->len;   /* all but the rejected object of a rejected file */
      if (strstr (text, "\n  namespace:") != NULL)
        g_ptr_array_add (batches[2], (gpointer) path);
      else if (strstr (path, "/v1beta1/") != NULL)
        g_ptr_array_add (batches[1], (gpointer) path);
      else
        g_ptr_array_add (batches[0], (gpointer) path);
    }

  for (guint b = 0; b < 3; b++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int rc = kubectl_files (verb, batches[b], namespaces[b], &out, &err);

      accepted += count_lines_with (out, done_word);
      if (g_str_equal (verb, "apply"))   /* objects the create test left behind */
        accepted += count_lines_with (out, "configured") + count_lines_with (out, "unchanged");
      for (guint i = 0; i < batches[b]->len; i++)
        {
          const char *reject = expected_rejection (batches[b]->pdata[i]);
          if (reject != NULL)
            {
              assert_contains (err, reject);
              rejected++;
            }
        }
      /* kubectl fails as a whole when one file fails */
      if (rc != 0 && count_lines_with (err, "Error from server") != (guint) (b == 0 ? 2 : 0))
        g_error ("%s batch %u failed (%d): %s", verb, b, rc, err);
    }
  g_test_message ("%s: %u objects from %u example files accepted, %u files rejected as a real server does",
                  verb, accepted, files->len, rejected);
  g_assert_cmpuint (accepted, ==, expected_objects - rejected);
  g_assert_cmpuint (rejected, ==, 2);
  for (guint b = 0; b < 3; b++)
    g_ptr_array_unref (batches[b]);
}

static void
test_create_examples (void)
{
  if (!need_kubectl ())
    return;
  run_examples ("create");
}

static void
test_apply_examples (void)
{
  g_autofree char *first = NULL, *err = NULL, *again = NULL, *changed = NULL;
  const char *cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: default\ndata:\n  a: '1'\n";
  const char *cm2 = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: default\ndata:\n  b: '2'\n";
  guint status = 0;
  g_autoptr(JsonNode) got = NULL;

  if (!need_kubectl ())
    return;
  run_examples ("apply");
  /* applying the same thing again changes nothing; a changed file is patched
   * (a custom resource whose lists get defaults is "configured" again, as on a real server) */
  g_assert_cmpint (kf_test_sim_kubectl (sim, cm, &first, &err, "apply", "-f", "-", NULL), ==, 0);
  assert_contains (first, "configmap/applied created");
  g_assert_cmpint (kf_test_sim_kubectl (sim, cm, &again, &err, "apply", "-f", "-", NULL), ==, 0);
  assert_contains (again, "configmap/applied unchanged");
  g_assert_cmpint (kf_test_sim_kubectl (sim, cm2, &changed, &err, "apply", "-f", "-", NULL), ==, 0);
  assert_contains (changed, "configmap/applied configured");
  got = kf_test_sim_request (sim, "admin", "GET", "/api/v1/namespaces/default/configmaps/applied", NULL, NULL, &status);
  g_assert_null (kf_sim_json_lookup (got, "data.a"));
  g_assert_cmpstr (kf_sim_json_get_string (got, "data.b"), ==, "2");
}

static void
test_invalid_example (void)
{
  g_autofree char *path = NULL, *yaml = NULL, *out = NULL, *err = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *groups;
  int rc;

  if (!need_kubectl ())
    return;
  path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", "kuberay", "rayservice-sample-fruit.yaml", NULL);
  doc = kf_yaml_parse_file (path, &error);
  g_assert_no_error (error);
  /* replicas must be an integer */
  groups = kf_sim_json_lookup (doc, "spec.rayClusterConfig.workerGroupSpecs");
  g_assert_nonnull (groups);
  json_object_set_string_member (json_array_get_object_element (json_node_get_array (groups), 0), "replicas", "many");
  json_object_set_string_member (kf_sim_json_ensure_object (doc, "metadata"), "name", "mutated");
  yaml = kf_yaml_emit (doc, &error);
  g_assert_no_error (error);

  rc = kf_test_sim_kubectl (sim, yaml, &out, &err, "create", "-f", "-", "-n", "default", NULL);
  g_assert_cmpint (rc, !=, 0);
  assert_contains (err, "The RayService \"mutated\" is invalid");
  assert_contains (err, "spec.rayClusterConfig.workerGroupSpecs[0].replicas");
}

static void
test_label_scale_delete (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", "kaito", "inferenceset-phi-4-mini.yaml", NULL);
  g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL, *o5 = NULL, *e5 = NULL, *o6 = NULL, *o0 = NULL;
  guint status = 0;
  g_autoptr(JsonNode) got = NULL;
  int rc;

  if (!need_kubectl ())
    return;
  /* the file says namespace: default */
  /* created by the examples tests, or now */
  g_assert_cmpint (kf_test_sim_kubectl (sim, NULL, &o0, NULL, "apply", "-f", path, NULL), ==, 0);
  g_assert_cmpint (kf_test_sim_kubectl (sim, NULL, &o1, NULL, "label", "inferenceset", "phi-4-mini", "team=ml", NULL), ==, 0);
  g_assert_cmpint (kf_test_sim_kubectl (sim, NULL, &o2, NULL, "annotate", "isets", "phi-4-mini", "note=hi", NULL), ==, 0);
  g_assert_cmpint (kf_test_sim_kubectl (sim, NULL, &o3, NULL, "scale", "inferenceset", "phi-4-mini", "--replicas=3", NULL), ==, 0);
  got = kf_test_sim_request (sim, "admin", "GET", "/apis/kaito.sh/v1beta1/namespaces/default/inferencesets/phi-4-mini", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kf_sim_json_get_string (got, "metadata.labels.team"), ==, "ml");
  g_assert_cmpstr (kf_sim_json_get_string (got, "metadata.annotations.note"), ==, "hi");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (got, "spec.replicas")), ==, 3);

  g_assert_cmpint (kf_test_sim_kubectl (sim, NULL, &o4, NULL, "delete", "-f", path, NULL), ==, 0);
  assert_contains (o4, "deleted");
  rc = kf_test_sim_kubectl (sim, NULL, &o5, &e5, "get", "inferenceset", "phi-4-mini", NULL);
  g_assert_cmpint (rc, !=, 0);
  assert_contains (e5, "NotFound");
  assert_contains (e5, "\"phi-4-mini\" not found");
}

typedef struct
{
  GString  *text;
  gboolean  saw;
  gboolean  eof;
  const char *want;
} WatchOut;

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  WatchOut *w = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      w->eof = TRUE;
      return;
    }
  g_string_append_len (w->text, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (strstr (w->text->str, w->want) != NULL)
    w->saw = TRUE;
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 4096, G_PRIORITY_DEFAULT, NULL, read_cb, w);
}

static void
test_get_watch (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *o = NULL;
  WatchOut w = { g_string_new (NULL), FALSE, FALSE, "configmap/watched-one" };
  gboolean watching = FALSE;
  guint status = 0;
  g_autoptr(JsonNode) created = NULL;
  gint64 deadline;

  if (!need_kubectl ())
    return;
  g_assert_cmpint (kf_test_sim_kubectl (sim, NULL, &o, NULL, "create", "namespace", "kubectl-watch", NULL), ==, 0);
  proc = kf_test_sim_kubectl_spawn (sim, "get", "configmaps", "-n", "kubectl-watch", "-w", "-o", "name", NULL);
  g_input_stream_read_bytes_async (g_subprocess_get_stdout_pipe (proc), 4096, G_PRIORITY_DEFAULT, NULL, read_cb, &w);

  /* wait until kubectl's watch request is open on the server */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (kf_sim_server_count_requests (sim->server, "watch", "/api/v1/namespaces/kubectl-watch/configmaps") == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (kf_sim_server_count_requests (sim->server, "watch", "/api/v1/namespaces/kubectl-watch/configmaps"), ==, 1);

  created = kf_test_sim_request (sim, "admin", "POST", "/api/v1/namespaces/kubectl-watch/configmaps", NULL,
                                 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"watched-one\"}}", &status);
  g_assert_cmpuint (status, ==, 201);
  watching = kf_test_sim_wait (&w.saw, 30000);
  g_subprocess_force_exit (proc);
  if (!watching)
    g_error ("kubectl get -w printed: %s", w.text->str);
  /* a watch, not polling: one list, one watch */
  g_assert_cmpuint (kf_sim_server_count_requests (sim->server, "list", "/api/v1/namespaces/kubectl-watch/configmaps"), ==, 1);
  while (!w.eof)
    g_main_context_iteration (NULL, TRUE);
  g_string_free (w.text, TRUE);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  sim = kf_test_sim_new (NULL, 10.0, FALSE);
  g_test_add_func ("/sim/kubectl/get-nodes", test_get_nodes);
  g_test_add_func ("/sim/kubectl/api-resources-auth", test_api_resources_and_auth);
  g_test_add_func ("/sim/kubectl/create-examples", test_create_examples);
  g_test_add_func ("/sim/kubectl/apply-examples", test_apply_examples);
  g_test_add_func ("/sim/kubectl/invalid-example", test_invalid_example);
  g_test_add_func ("/sim/kubectl/label-scale-delete", test_label_scale_delete);
  g_test_add_func ("/sim/kubectl/get-watch", test_get_watch);
  ret = g_test_run ();
  kf_test_sim_free (sim);
  return ret;
}
