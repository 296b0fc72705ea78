/* test-kube-cli.c: `kubefoundry-cli whoami` and `status` against an HTTPS API
 * server on loopback, through a kubeconfig written by the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "kf-test-apiserver.h"

static KfTestApiserver *server;
static char *kubeconfig_path;

static void
write_kubeconfig (const char *dir)
{
  g_autofree char *ca_path = g_strdup_printf ("%s/k8s/ca.pem", g_getenv ("KF_TEST_DATA_DIR"));
  g_autofree char *text = g_strdup_printf (
    "apiVersion: v1\nkind: Config\ncurrent-context: sim-admin\n"
    "clusters:\n"
    "- name: sim\n  cluster:\n    server: %s\n    certificate-authority: %s\n"
    "- name: dead\n  cluster:\n    server: https://127.0.0.1:9\n    certificate-authority: %s\n"
    "users:\n"
    "- name: admin\n  user:\n    token: admin-token\n"
    "- name: viewer\n  user:\n    token: viewer-token\n"
    "contexts:\n"
    "- name: sim-admin\n  context:\n    cluster: sim\n    user: admin\n"
    "- name: sim-viewer\n  context:\n    cluster: sim\n    user: viewer\n    namespace: ml\n"
    "- name: dead\n  context:\n    cluster: dead\n    user: admin\n",
    kf_test_apiserver_get_url (server), ca_path, ca_path);

  kubeconfig_path = g_build_filename (dir, "kubeconfig", NULL);
  g_assert_true (g_file_set_contents (kubeconfig_path, text, -1, NULL));
}

static void
test_whoami (void)
{
  KfTestCliRun run;
  g_autoptr(JsonNode) node = NULL;

  kf_test_cli_run (&run, kubeconfig_path, "whoami", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "admin\n"));
  kf_test_cli_run_clear (&run);

  kf_test_cli_run (&run, kubeconfig_path, "--context", "sim-viewer", "-o", "json", "whoami", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = kf_test_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "username"), ==, "viewer");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "source"), ==, "SelfSubjectReview");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "context"), ==, "sim-viewer");
  kf_test_cli_run_clear (&run);

  kf_test_cli_run (&run, kubeconfig_path, "--context", "dead", "whoami", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "https://127.0.0.1:9"));
  kf_test_cli_run_clear (&run);

  kf_test_cli_run (&run, kubeconfig_path, "--context", "nosuch", "whoami", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "nosuch"));
  kf_test_cli_run_clear (&run);
}

static void
test_status (void)
{
  KfTestCliRun run;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) crd = kf_test_json ("{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
                                          "\"metadata\":{\"name\":\"rayservices.ray.io\"}}");
  JsonArray *rts;

  kf_test_apiserver_put (server, "apiextensions.k8s.io", "customresourcedefinitions", crd);
  kf_test_cli_run (&run, kubeconfig_path, "-o", "json", "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = kf_test_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "version"), "gitVersion"),
                   ==, "v1.31.0-kftest");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "user"), ==, "admin");
  rts = json_object_get_array_member (json_node_get_object (node), "runtimes");
  g_assert_cmpuint (json_array_get_length (rts), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rts, 1), "name"), ==, "kuberay");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (rts, 1), "installed"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (rts, 0), "installed"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (rts, 2), "installed"));
  kf_test_cli_run_clear (&run);

  kf_test_cli_run (&run, kubeconfig_path, "status", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Kubernetes v1.31.0-kftest"));
  g_assert_nonnull (strstr (run.out, "KubeRay        installed"));
  g_assert_nonnull (strstr (run.out, "KAITO          missing"));
  kf_test_cli_run_clear (&run);

  kf_test_cli_run (&run, kubeconfig_path, "--context", "dead", "status", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Cannot reach"));
  kf_test_cli_run_clear (&run);
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("KF_CLI") == NULL)
    {
      g_test_skip ("KF_CLI is not set");
      return 0;
    }
  dir = g_dir_make_tmp ("kf-cli-XXXXXX", NULL);
  server = kf_test_apiserver_new ("server");
  write_kubeconfig (dir);

  g_test_add_func ("/k8s/cli/whoami", test_whoami);
  g_test_add_func ("/k8s/cli/status", test_status);
  status = g_test_run ();

  g_unlink (kubeconfig_path);
  g_rmdir (dir);
  g_free (kubeconfig_path);
  kf_test_apiserver_free (server);
  kf_test_stop_threads ();
  return status;
}
