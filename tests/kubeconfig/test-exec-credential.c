/* test-exec-credential.c: exec credential plugins, run for real (a shell script
 * written by the test, started as an argv)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "kf-exec-credential.h"
#include "kf-keyring.h"
#include "kf-kubeconfig.h"
#include "kf-kubeconfig-private.h"
#include "kc-test-util.h"

/* Records its argv, environment, stdin and runs; then acts as KF_TEST_MODE says. */
static const char plugin_script[] =
  "#!/bin/sh\n"
  "echo run >> \"$KF_TEST_DIR/runs\"\n"
  "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$KF_TEST_DIR/args\"\n"
  "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$KF_TEST_DIR/exec-info\"\n"
  "printf '%s' \"$FOO\" > \"$KF_TEST_DIR/foo\"\n"
  "readlink /proc/$$/fd/0 > \"$KF_TEST_DIR/stdin\"\n"
  "case \"$KF_TEST_MODE\" in\n"
  "  fail) echo 'some progress output' >&2\n"
  "        echo 'error: AADSTS700016: application not found in the directory' >&2\n"
  "        echo '{\"status\":{\"token\":\"do-not-show-this\"}}'\n"
  "        exit 3 ;;\n"
  "  hang) exec sleep 30 ;;\n"
  "esac\n"
  "cat \"$KF_TEST_OUTPUT\"\n";

typedef struct
{
  char *dir;
  char *script;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = kc_tmpdir ();
  f->script = kc_write (f->dir, "kf-test-plugin", plugin_script);
  g_chmod (f->script, 0755);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kc_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->script);
}

static char *
shared_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "kubeconfig", name, NULL);

  return g_canonicalize_filename (path, NULL);
}

static guint
count_runs (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "runs", NULL);
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  for (const char *p = contents; (p = strstr (p, "run")) != NULL; p += 3)
    n++;
  return n;
}

static char *
read_in (Fixture    *f,
         const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  return kc_read (path);
}

/* A kubeconfig whose user runs the plugin; output is the file the plugin prints. */
static KfKubeconfig *
make_kubeconfig (Fixture    *f,
                 const char *api_version,
                 const char *mode,
                 const char *output,
                 const char *extra_exec)
{
  g_autofree char *yaml = g_strdup_printf (
    "clusters:\n"
    "- name: c\n"
    "  cluster:\n"
    "    server: http://127.0.0.1:1\n"
    "    tls-server-name: api.internal\n"
    "    proxy-url: socks5://127.0.0.1:1080\n"
    "    extensions:\n"
    "    - name: client.authentication.k8s.io/exec\n"
    "      extension: {audience: kf-test, regions: [a, b]}\n"
    "users:\n"
    "- name: plugin-user\n"
    "  user:\n"
    "    exec:\n"
    "      apiVersion: %s\n"
    "      command: ./kf-test-plugin\n"
    "      args: [get-token, --client-secret=s3cr3t, 'two words; $(touch pwned)']\n"
    "      env:\n"
    "      - {name: KF_TEST_DIR, value: '%s'}\n"
    "      - {name: KF_TEST_MODE, value: '%s'}\n"
    "      - {name: KF_TEST_OUTPUT, value: '%s'}\n"
    "      - {name: FOO, value: bar}\n"
    "      installHint: 'Install it with: apt install kf-test-plugin'\n"
    "      provideClusterInfo: true\n"
    "%s"
    "contexts:\n"
    "- name: ctx\n"
    "  context: {cluster: c, user: plugin-user}\n"
    "current-context: ctx\n",
    api_version, f->dir, mode, output ? output : "/nonexistent",
    extra_exec ? extra_exec : "      interactiveMode: Never\n");
  g_autofree char *path = kc_write (f->dir, "config", yaml);
  const char *paths[] = { path, NULL };
  KfKubeconfig *kubeconfig = kf_kubeconfig_new_for_paths (paths);
  g_autoptr(KfKeyring) keyring = kf_keyring_new (FALSE);

  kf_kubeconfig_set_keyring (kubeconfig, keyring);
  kf_kubeconfig_load (kubeconfig);
  return kubeconfig;
}

static char *
write_credential (Fixture    *f,
                  const char *name,
                  const char *api_version,
                  const char *token,
                  gint64      expires_in_seconds,
                  const char *cert_pem,
                  const char *key_pem)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "apiVersion");
  json_builder_add_string_value (b, api_version);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "ExecCredential");
  json_builder_set_member_name (b, "status");
  json_builder_begin_object (b);
  if (token != NULL)
    {
      json_builder_set_member_name (b, "token");
      json_builder_add_string_value (b, token);
    }
  if (cert_pem != NULL)
    {
      json_builder_set_member_name (b, "clientCertificateData");
      json_builder_add_string_value (b, cert_pem);
      json_builder_set_member_name (b, "clientKeyData");
      json_builder_add_string_value (b, key_pem);
    }
  if (expires_in_seconds != 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) then = g_date_time_add_seconds (now, expires_in_seconds);
      g_autofree char *ts = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");

      json_builder_set_member_name (b, "expirationTimestamp");
      json_builder_add_string_value (b, ts);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, TRUE);
  return kc_write (f->dir, name, text);
}

static KfRestConfig *
build (KfKubeconfig *kubeconfig)
{
  g_autoptr(GError) error = NULL;
  KfRestConfig *config = kf_kubeconfig_build_rest_config (kubeconfig, NULL, &error);

  g_assert_no_error (error);
  return config;
}

/* ------------------------------------------------------------------ tests -- */

static void
test_token_cached_until_invalidated (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *output = shared_fixture ("execcredential-v1-token.json");
  g_autoptr(KfKubeconfig) kubeconfig = make_kubeconfig (f, "client.authentication.k8s.io/v1", "ok", output, NULL);
  g_autoptr(KfRestConfig) config = build (kubeconfig);
  g_autoptr(GError) error = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *a3 = NULL;
  g_autofree char *args = NULL;
  g_autofree char *stdin_target = NULL;
  g_autofree char *foo = NULL;
  g_autofree char *pwned = g_build_filename (f->dir, "pwned", NULL);

  a1 = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a1, ==, "Bearer my-bearer-token");
  g_assert_cmpuint (count_runs (f), ==, 1);

  /* no expirationTimestamp: cached until the server says 401 */
  a2 = kc_get_authorization (config, &error);
  g_assert_cmpstr (a2, ==, "Bearer my-bearer-token");
  g_assert_cmpuint (count_runs (f), ==, 1);
  kf_rest_config_invalidate_credentials (config);
  a3 = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a3, ==, "Bearer my-bearer-token");
  g_assert_cmpuint (count_runs (f), ==, 2);

  /* an argv, never a shell: each argument arrives as written */
  args = read_in (f, "args");
  g_assert_cmpstr (args, ==, "get-token\n--client-secret=s3cr3t\ntwo words; $(touch pwned)\n");
  g_assert_false (g_file_test (pwned, G_FILE_TEST_EXISTS));
  /* the kubeconfig's env is added to ours; stdin is not connected */
  foo = read_in (f, "foo");
  g_assert_cmpstr (foo, ==, "bar");
  stdin_target = read_in (f, "stdin");
  g_assert_cmpstr (g_strstrip (stdin_target), ==, "/dev/null");
}

static void
test_exec_info (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *output = shared_fixture ("execcredential-v1-token.json");
  g_autofree char *reference_path = shared_fixture ("execcredential-v1-input-cluster-info.json");
  g_autoptr(KfKubeconfig) kubeconfig = make_kubeconfig (f, "client.authentication.k8s.io/v1", "ok", output, NULL);
  g_autoptr(KfRestConfig) config = build (kubeconfig);
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = kc_get_authorization (config, &error);
  g_autofree char *info = read_in (f, "exec-info");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) reference = json_parser_new ();
  JsonObject *root;
  JsonObject *spec;
  JsonObject *cluster;
  JsonObject *ref_cluster;
  g_autoptr(GList) ref_members = NULL;

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, info, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "apiVersion"), ==, "client.authentication.k8s.io/v1");
  g_assert_cmpstr (json_object_get_string_member (root, "kind"), ==, "ExecCredential");
  spec = json_object_get_object_member (root, "spec");
  g_assert_false (json_object_get_boolean_member (spec, "interactive"));
  cluster = json_object_get_object_member (spec, "cluster");
  g_assert_cmpstr (json_object_get_string_member (cluster, "server"), ==, "http://127.0.0.1:1");
  g_assert_cmpstr (json_object_get_string_member (cluster, "tls-server-name"), ==, "api.internal");
  g_assert_cmpstr (json_object_get_string_member (cluster, "proxy-url"), ==, "socks5://127.0.0.1:1080");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (cluster, "config"), "audience"), ==, "kf-test");

  /* every member of the Kubernetes documentation's example is there, same types */
  g_assert_true (json_parser_load_from_file (reference, reference_path, &error));
  ref_cluster = json_object_get_object_member (json_object_get_object_member (
    json_node_get_object (json_parser_get_root (reference)), "spec"), "cluster");
  ref_members = json_object_get_members (ref_cluster);
  for (GList *l = ref_members; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "certificate-authority-data"))
        continue;  /* the cluster is plain http: no CA (checked below with one) */
      g_assert_true (json_object_has_member (cluster, l->data));
      g_assert_cmpint (JSON_NODE_TYPE (json_object_get_member (cluster, l->data)), ==,
                       JSON_NODE_TYPE (json_object_get_member (ref_cluster, l->data)));
    }
}

static void
test_exec_info_ca_and_no_cluster_info (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *output = shared_fixture ("execcredential-v1-token.json");
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca64 = NULL;
  KfExecConfig exec = { 0 };
  char *args[] = { NULL };
  char *names[] = { "KF_TEST_DIR", "KF_TEST_OUTPUT", NULL };
  char *values[] = { f->dir, output, NULL };
  g_autoptr(KfExecCredential) credential = NULL;
  g_autoptr(JsonNode) cluster_info = NULL;
  g_autoptr(GError) error = NULL;
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token = NULL;
  g_autofree char *info = NULL;

  if (!kc_have_openssl ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  kc_make_cert (f->dir, "rsa-pkcs8", &cert, &key);
  ca64 = kc_base64_file (cert);
  {
    g_autofree char *yaml = g_strdup_printf (
      "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:6443', certificate-authority-data: %s}\n"
      "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
      "      command: %s\n      provideClusterInfo: true\n"
      "      env: [{name: KF_TEST_DIR, value: '%s'}, {name: KF_TEST_OUTPUT, value: '%s'}]\n"
      "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\n", ca64, f->script, f->dir, output);
    g_autofree char *path = kc_write (f->dir, "ca-config", yaml);
    const char *paths[] = { path, NULL };
    g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);
    g_autoptr(KfKeyring) keyring = kf_keyring_new (FALSE);
    g_autoptr(KfRestConfig) config = NULL;
    g_autofree char *auth = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *cluster;

    kf_kubeconfig_set_keyring (kubeconfig, keyring);
    config = kf_kubeconfig_build_rest_config (kubeconfig, "ctx", &error);
    g_assert_no_error (error);
    /* the plugin answers v1 while v1beta1 is configured: refused, as client-go does */
    auth = kc_get_authorization (config, &error);
    g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
    g_assert_nonnull (strstr (error->message, "is configured for client.authentication.k8s.io/v1beta1 but returned apiVersion “client.authentication.k8s.io/v1”"));
    g_clear_error (&error);

    info = read_in (f, "exec-info");
    g_assert_true (json_parser_load_from_data (parser, info, -1, NULL));
    cluster = json_object_get_object_member (json_object_get_object_member (
      json_node_get_object (json_parser_get_root (parser)), "spec"), "cluster");
    g_assert_cmpstr (json_object_get_string_member (cluster, "certificate-authority-data"), ==, ca64);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "apiVersion"),
                     ==, "client.authentication.k8s.io/v1beta1");
    g_clear_pointer (&info, g_free);
  }

  /* without provideClusterInfo, spec has no cluster */
  exec.api_version = (char *) "client.authentication.k8s.io/v1";
  exec.command = f->script;
  exec.args = args;
  exec.env_names = names;
  exec.env_values = values;
  exec.interactive_mode = KF_EXEC_INTERACTIVE_IF_AVAILABLE;
  cluster_info = json_from_string ("{\"server\": \"https://x\"}", NULL);
  credential = kf_exec_credential_new (&exec, "ctx", "u", cluster_info);
  kf_exec_credential_get_async (credential, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  g_assert_true (kf_exec_credential_get_finish (credential, result, &token, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "my-bearer-token");
  info = read_in (f, "exec-info");
  g_assert_cmpstr (info, ==, "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}");
}

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *expired = shared_fixture ("execcredential-v1-token-expiry.json");
  g_autofree char *fresh = write_credential (f, "fresh.json", "client.authentication.k8s.io/v1", "fresh-token", 3600, NULL, NULL);
  g_autoptr(KfKubeconfig) kubeconfig = make_kubeconfig (f, "client.authentication.k8s.io/v1", "ok", expired, NULL);
  g_autoptr(KfRestConfig) config = build (kubeconfig);
  g_autoptr(GError) error = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;

  /* the documentation's example expired in 2018: every request runs the plugin again */
  a1 = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a1, ==, "Bearer my-bearer-token");
  a2 = kc_get_authorization (config, &error);
  g_assert_cmpstr (a2, ==, "Bearer my-bearer-token");
  g_assert_cmpuint (count_runs (f), ==, 2);
  g_clear_object (&config);
  g_clear_object (&kubeconfig);

  /* valid for an hour: run once, then cached, also in the keyring for the next build */
  {
    g_autoptr(KfKubeconfig) k2 = make_kubeconfig (f, "client.authentication.k8s.io/v1", "ok", fresh, NULL);
    g_autoptr(KfRestConfig) c1 = build (k2);
    g_autoptr(KfRestConfig) c2 = NULL;
    g_autofree char *b1 = NULL;
    g_autofree char *b2 = NULL;
    g_autofree char *b3 = NULL;
    g_autofree char *b4 = NULL;

    b1 = kc_get_authorization (c1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (b1, ==, "Bearer fresh-token");
    b2 = kc_get_authorization (c1, &error);
    g_assert_cmpstr (b2, ==, "Bearer fresh-token");
    g_assert_cmpuint (count_runs (f), ==, 3);

    c2 = build (k2);  /* same keyring: the cached token is found there */
    b3 = kc_get_authorization (c2, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (b3, ==, "Bearer fresh-token");
    g_assert_cmpuint (count_runs (f), ==, 3);

    /* a 401 drops it, from the keyring too */
    kf_rest_config_invalidate_credentials (c2);
    b4 = kc_get_authorization (c2, &error);
    g_assert_cmpstr (b4, ==, "Bearer fresh-token");
    g_assert_cmpuint (count_runs (f), ==, 4);
  }
}

static void
test_concurrent_requests_run_once (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *output = shared_fixture ("execcredential-v1-token.json");
  g_autoptr(KfKubeconfig) kubeconfig = make_kubeconfig (f, "client.authentication.k8s.io/v1", "ok", output, NULL);
  g_autoptr(KfRestConfig) config = build (kubeconfig);
  KcAsync a = { 0 };
  KcAsync b = { 0 };
  g_autoptr(GAsyncResult) ra = NULL;
  g_autoptr(GAsyncResult) rb = NULL;
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  kf_rest_config_get_authorization_async (config, NULL, kc_async_cb, &a);
  kf_rest_config_get_authorization_async (config, NULL, kc_async_cb, &b);
  ra = kc_async_wait (&a);
  rb = kc_async_wait (&b);
  ta = kf_rest_config_get_authorization_finish (config, ra, NULL);
  tb = kf_rest_config_get_authorization_finish (config, rb, NULL);
  g_assert_cmpstr (ta, ==, "Bearer my-bearer-token");
  g_assert_cmpstr (tb, ==, "Bearer my-bearer-token");
  g_assert_cmpuint (count_runs (f), ==, 1);
}

static void
test_failure_shows_stderr_and_hint (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(KfKubeconfig) kubeconfig = make_kubeconfig (f, "client.authentication.k8s.io/v1", "fail", NULL, NULL);
  g_autoptr(KfRestConfig) config = build (kubeconfig);
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = kc_get_authorization (config, &error);
  g_autofree char *command = g_build_filename (f->dir, "kf-test-plugin", NULL);
  g_autofree char *expected = g_strdup_printf ("exec plugin “%s” failed with exit code 3:\n", command);

  g_assert_null (auth);
  g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_nonnull (strstr (error->message, "error: AADSTS700016: application not found in the directory"));
  g_assert_true (g_str_has_suffix (error->message, "\n\nInstall it with: apt install kf-test-plugin"));
  /* neither its stdout nor its arguments (a secret here) are echoed */
  g_assert_null (strstr (error->message, "do-not-show-this"));
  g_assert_null (strstr (error->message, "s3cr3t"));
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  KfExecConfig exec = { 0 };
  char *empty[] = { NULL };
  g_autoptr(KfExecCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  exec.api_version = (char *) "client.authentication.k8s.io/v1";
  exec.command = (char *) "kf-no-such-plugin";
  exec.args = empty;
  exec.env_names = empty;
  exec.env_values = empty;
  exec.install_hint = (char *) "kf-no-such-plugin is required to authenticate.\n";
  credential = kf_exec_credential_new (&exec, "ctx", "u", NULL);
  kf_exec_credential_set_flatpak (credential, FALSE);
  kf_exec_credential_get_async (credential, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  g_assert_false (kf_exec_credential_get_finish (credential, result, NULL, NULL, &error));
  g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
  g_assert_true (g_str_has_prefix (error->message, "exec plugin “kf-no-such-plugin” was not found in PATH ("));
  g_assert_true (g_str_has_suffix (error->message, "~/.local/bin)\n\nkf-no-such-plugin is required to authenticate."));
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  KfExecConfig exec = { 0 };
  char *args[] = { NULL };
  char *names[] = { "KF_TEST_DIR", "KF_TEST_MODE", NULL };
  char *values[] = { f->dir, "hang", NULL };
  g_autoptr(KfExecCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start;

  exec.api_version = (char *) "client.authentication.k8s.io/v1";
  exec.command = f->script;
  exec.args = args;
  exec.env_names = names;
  exec.env_values = values;
  credential = kf_exec_credential_new (&exec, "ctx", "u", NULL);
  kf_exec_credential_set_timeout (credential, 1);
  start = g_get_monotonic_time ();
  kf_exec_credential_get_async (credential, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  g_assert_false (kf_exec_credential_get_finish (credential, result, NULL, NULL, &error));
  g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "did not finish within 1 seconds"));
  /* not a timing assertion: only that the 30 s sleep was cut short */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 25 * G_USEC_PER_SEC);
}

static void
test_interactive_always (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KfKubeconfig) kubeconfig = make_kubeconfig (f, "client.authentication.k8s.io/v1", "ok", NULL,
                                                        "      interactiveMode: Always\n");
  g_autoptr(KfRestConfig) config = build (kubeconfig);
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = kc_get_authorization (config, &error);

  g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "needs a terminal (interactiveMode: Always)"));
  g_assert_cmpuint (count_runs (f), ==, 0);
}

static void
test_flatpak_command (Fixture       *f,
                      gconstpointer  data)
{
  KfExecConfig exec = { 0 };
  char *args[] = { "eks", "get-token", NULL };
  char *names[] = { "AWS_PROFILE", NULL };
  char *values[] = { "dev", NULL };
  g_autoptr(KfExecCredential) credential = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = NULL;

  exec.api_version = (char *) "client.authentication.k8s.io/v1beta1";
  exec.command = (char *) "kf-cloud-cli";
  exec.args = args;
  exec.env_names = names;
  exec.env_values = values;
  credential = kf_exec_credential_new (&exec, "ctx", "u", NULL);

  kf_exec_credential_set_flatpak (credential, FALSE);
  kf_exec_credential_build_command (credential, &argv, &envp);
  g_assert_cmpstrv (argv, ((const char *[]) { "kf-cloud-cli", "eks", "get-token", NULL }));  /* not installed here */
  g_assert_cmpstr (g_environ_getenv (envp, "AWS_PROFILE"), ==, "dev");
  g_assert_cmpstr (g_environ_getenv (envp, "KUBERNETES_EXEC_INFO"), ==,
                   "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}");
  g_assert_true (g_str_has_prefix (g_environ_getenv (envp, "PATH"), g_getenv ("PATH")));
  g_clear_pointer (&argv, g_strfreev);
  g_clear_pointer (&envp, g_strfreev);

  /* inside Flatpak the host runs it, with the variables passed explicitly */
  kf_exec_credential_set_flatpak (credential, TRUE);
  kf_exec_credential_build_command (credential, &argv, &envp);
  g_assert_cmpstrv (argv, ((const char *[]) {
    "flatpak-spawn", "--host", "--watch-bus", "--env=AWS_PROFILE=dev",
    "--env=KUBERNETES_EXEC_INFO={\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}",
    "kf-cloud-cli", "eks", "get-token", NULL }));
}

static void
test_home_local_bin (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *output = shared_fixture ("execcredential-v1-token.json");
  g_autofree char *bin = g_build_filename (g_get_home_dir (), ".local", "bin", NULL);
  g_autofree char *plugin = g_build_filename (bin, "kf-test-home-plugin", NULL);
  g_autofree char *script = kc_read (f->script);
  KfExecConfig exec = { 0 };
  char *args[] = { NULL };
  char *names[] = { "KF_TEST_DIR", "KF_TEST_OUTPUT", NULL };
  char *values[] = { f->dir, output, NULL };
  g_autoptr(KfExecCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token = NULL;

  /* main() pointed HOME at a temporary folder; the test's PATH does not include it */
  g_assert_true (g_str_has_prefix (g_get_home_dir (), g_get_tmp_dir ()));
  g_assert_null (strstr (g_getenv ("PATH"), bin));
  g_mkdir_with_parents (bin, 0700);
  g_file_set_contents (plugin, script, -1, &error);
  g_assert_no_error (error);
  g_chmod (plugin, 0755);

  exec.api_version = (char *) "client.authentication.k8s.io/v1";
  exec.command = (char *) "kf-test-home-plugin";
  exec.args = args;
  exec.env_names = names;
  exec.env_values = values;
  credential = kf_exec_credential_new (&exec, "ctx", "u", NULL);
  kf_exec_credential_set_flatpak (credential, FALSE);
  kf_exec_credential_get_async (credential, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  g_assert_true (kf_exec_credential_get_finish (credential, result, &token, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "my-bearer-token");
  g_remove (plugin);
}

static void
test_client_certificate (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *cert_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *output = NULL;
  g_autoptr(KfKubeconfig) kubeconfig = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GTlsCertificate) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = NULL;

  if (!kc_have_openssl ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  kc_make_cert (f->dir, "rsa-pkcs1", &cert, &key);
  cert_pem = kc_read (cert);
  key_pem = kc_read (key);
  output = write_credential (f, "cert.json", "client.authentication.k8s.io/v1", NULL, 600, cert_pem, key_pem);
  kubeconfig = make_kubeconfig (f, "client.authentication.k8s.io/v1", "ok", output, NULL);
  config = build (kubeconfig);
  g_assert_null (kf_rest_config_get_client_certificate (config));

  auth = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_null (auth);  /* no header: the certificate authenticates */
  expected = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kf_rest_config_get_client_certificate (config));
  g_assert_true (g_tls_certificate_is_same (kf_rest_config_get_client_certificate (config), expected));
}

static void
test_bad_output (Fixture       *f,
                 gconstpointer  data)
{
  struct { const char *output; const char *expected; } cases[] = {
    /* the documentation's example has "..." for PEM */
    { "execcredential-v1-client-cert.json", "client certificate: not a PEM certificate" },
    { NULL, "did not print an ExecCredential JSON object" },
  };
  g_autofree char *garbage = kc_write (f->dir, "garbage.json", "Please open https://login.example/device and enter ABCD");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *output = cases[i].output ? shared_fixture (cases[i].output) : g_strdup (garbage);
      g_autoptr(KfKubeconfig) kubeconfig = make_kubeconfig (f, "client.authentication.k8s.io/v1", "ok", output, NULL);
      g_autoptr(KfRestConfig) config = build (kubeconfig);
      g_autoptr(GError) error = NULL;
      g_autofree char *auth = kc_get_authorization (config, &error);

      g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  /* a throw-away HOME, before GLib caches the real one */
  home = g_dir_make_tmp ("kf-exec-home-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/exec-credential/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("token-cached-until-invalidated", test_token_cached_until_invalidated);
  ADD ("exec-info", test_exec_info);
  ADD ("exec-info-ca-and-no-cluster-info", test_exec_info_ca_and_no_cluster_info);
  ADD ("expiry", test_expiry);
  ADD ("concurrent-requests-run-once", test_concurrent_requests_run_once);
  ADD ("failure-shows-stderr-and-hint", test_failure_shows_stderr_and_hint);
  ADD ("not-found", test_not_found);
  ADD ("timeout", test_timeout);
  ADD ("interactive-always", test_interactive_always);
  ADD ("flatpak-command", test_flatpak_command);
  ADD ("home-local-bin", test_home_local_bin);
  ADD ("client-certificate", test_client_certificate);
  ADD ("bad-output", test_bad_output);
#undef ADD

  status = g_test_run ();
  kc_rm_rf (home);
  return status;
}
