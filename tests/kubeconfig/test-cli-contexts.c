/* test-cli-contexts.c: `kubefoundry-cli contexts`, run as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "kc-test-util.h"

static char *
fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "kubeconfig", name, NULL);

  return g_canonicalize_filename (path, NULL);
}

static int
run_cli (const char  *kubeconfig,
         char       **out,
         char       **err,
         ...)
{
  g_autofree char *cli = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src", "cli", "kubefoundry-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, cli);
  va_start (args, err);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "KUBECONFIG", kubeconfig, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_json (void)
{
  g_autofree char *a = fixture ("client-cert-data-and-basic-auth.yaml");
  g_autofree char *b = fixture ("eks-aws-iam-authenticator-exec-v1alpha1.yaml");
  g_autofree char *list = g_strjoin (":", a, "/nonexistent/kubeconfig", b, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *contexts;
  JsonObject *c2;
  JsonObject *eks;

  g_assert_cmpint (run_cli (list, &out, &err, "-o", "json", "contexts", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "currentContext"), ==, "context2");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "files")), ==, 3);
  contexts = json_object_get_array_member (root, "contexts");
  g_assert_cmpuint (json_array_get_length (contexts), ==, 4);

  c2 = json_array_get_object_element (contexts, 1);
  g_assert_cmpstr (json_object_get_string_member (c2, "name"), ==, "context2");
  g_assert_cmpstr (json_object_get_string_member (c2, "cluster"), ==, "cluster2");
  g_assert_cmpstr (json_object_get_string_member (c2, "server"), ==, "http://example2.com");
  g_assert_cmpstr (json_object_get_string_member (c2, "user"), ==, "user2");
  g_assert_cmpstr (json_object_get_string_member (c2, "namespace"), ==, "namespace2");
  g_assert_cmpstr (json_object_get_string_member (c2, "file"), ==, a);
  g_assert_true (json_object_get_boolean_member (c2, "current"));
  g_assert_true (json_object_get_boolean_member (c2, "insecureSkipTLSVerify"));
  g_assert_true (json_object_get_null_member (c2, "error"));

  eks = json_array_get_object_element (contexts, 3);
  g_assert_false (json_object_get_boolean_member (eks, "current"));
  g_assert_nonnull (strstr (json_object_get_string_member (eks, "error"), "v1alpha1 was removed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "errors")), ==, 1);
}

static void
test_table (void)
{
  g_autofree char *a = fixture ("client-cert-data-and-basic-auth.yaml");
  g_autofree char *b = fixture ("eks-aws-iam-authenticator-exec-v1alpha1.yaml");
  g_autofree char *list = g_strjoin (":", b, a, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_cli (list, &out, &err, "contexts", NULL), ==, 0);
  g_test_message ("%s", out);
  lines = g_strsplit (out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "CURRENT   NAME "));
  g_assert_nonnull (strstr (lines[0], "CLUSTER"));
  g_assert_nonnull (strstr (lines[0], "SERVER"));
  g_assert_nonnull (strstr (lines[0], "NAMESPACE"));
  /* the eks file comes first now: its current-context wins, and it is unusable */
  g_assert_true (g_str_has_prefix (lines[1], "*         admin@cluster-one.us-west-2.eksctl.io"));
  g_assert_nonnull (strstr (lines[3], "context2"));
  g_assert_nonnull (strstr (lines[3], "namespace2"));
  g_assert_nonnull (strstr (out, "Contexts that cannot be used:\n  admin@cluster-one.us-west-2.eksctl.io: "));
  g_assert_nonnull (strstr (out, "users[0].user.exec: apiVersion client.authentication.k8s.io/v1alpha1 was removed"));
}

static void
test_filter_and_errors (void)
{
  g_autofree char *a = fixture ("client-cert-data-and-basic-auth.yaml");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *broken = kc_write (dir, "broken", "clusters: [\n");

  g_assert_cmpint (run_cli (a, &out, &err, "-o", "yaml", "contexts", "passwd", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "name: passwd"));
  g_assert_null (strstr (out, "name: context1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (a, &out, &err, "--context", "nope", "contexts", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "kubefoundry-cli: no context named “nope”\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* an unreadable file is reported on stderr; the rest is listed */
  {
    g_autofree char *list = g_strjoin (":", broken, a, NULL);

    g_assert_cmpint (run_cli (list, &out, &err, "contexts", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "context2"));
    g_assert_true (g_str_has_prefix (err, "warning: "));
    g_assert_nonnull (strstr (err, broken));
    g_assert_nonnull (strstr (err, "line "));
  }
  kc_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/contexts/json", test_json);
  g_test_add_func ("/cli/contexts/table", test_table);
  g_test_add_func ("/cli/contexts/filter-and-errors", test_filter_and_errors);

  return g_test_run ();
}
