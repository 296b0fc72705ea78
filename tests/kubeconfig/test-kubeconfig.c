/* test-kubeconfig.c: kubeconfig files (fixtures, merging, paths, malformed input,
 * reload) and the KfRestConfig built from a context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-keyring.h"
#include "kf-kubeconfig.h"
#include "kf-kubeconfig-private.h"
#include "kc-test-util.h"

static char *
fixture (const char *name)
{
  const char *dir = g_getenv ("KF_FIXTURES_DIR");
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "kubeconfig", name, NULL);

  /* KfKubeconfig names files by their canonical path */
  return g_canonicalize_filename (path, NULL);
}

static KfKubeconfig *
load_paths (const char *first,
            ...)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  KfKubeconfig *kubeconfig;
  va_list args;

  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (paths, (gpointer) p);
  va_end (args);
  g_ptr_array_add (paths, NULL);

  kubeconfig = kf_kubeconfig_new_for_paths ((const char * const *) paths->pdata);
  kf_kubeconfig_load (kubeconfig);
  return kubeconfig;
}

/* A memory-only keyring so that these tests never touch the session's keyring. */
static KfKubeconfig *
with_memory_keyring (KfKubeconfig *kubeconfig)
{
  g_autoptr(KfKeyring) keyring = kf_keyring_new (FALSE);

  kf_kubeconfig_set_keyring (kubeconfig, keyring);
  return kubeconfig;
}

static gboolean
errors_contain (KfKubeconfig *kubeconfig,
                const char   *needle)
{
  const char * const *errors = kf_kubeconfig_get_errors (kubeconfig);

  for (guint i = 0; errors[i] != NULL; i++)
    if (strstr (errors[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
dump_errors (KfKubeconfig *kubeconfig)
{
  const char * const *errors = kf_kubeconfig_get_errors (kubeconfig);

  for (guint i = 0; errors[i] != NULL; i++)
    g_test_message ("error: %s", errors[i]);
}

/* ------------------------------------------------------------- fixtures -- */

static void
test_fixture_aks_exec_v1beta1 (void)
{
  g_autofree char *path = fixture ("aks-kubelogin-exec-v1beta1.yaml");
  const char *paths[] = { path, NULL };
  g_autoptr(KfKubeconfigData) data = kf_kubeconfig_data_load (paths);
  g_autoptr(KfKubeconfig) kubeconfig = with_memory_keyring (load_paths (path, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  KfKubeUserEntry *user;
  KfKubeClusterEntry *cluster;

  g_assert_cmpuint (data->errors->len, ==, 0);
  g_assert_cmpstr (data->current_context, ==, "test-cluster");
  cluster = g_hash_table_lookup (data->clusters, "test-cluster");
  g_assert_nonnull (cluster);
  g_assert_cmpstr (cluster->server, ==, "https://test-cluster-12345.hcp.eastus.azmk8s.io:443");
  g_assert_true (g_str_has_prefix (g_bytes_get_data (cluster->ca_data, NULL), "-----BEGIN CERTIFICATE-----"));

  user = g_hash_table_lookup (data->users, "clusterUser_test-group_test-cluster");
  g_assert_nonnull (user);
  g_assert_nonnull (user->exec);
  g_assert_cmpstr (user->exec->api_version, ==, "client.authentication.k8s.io/v1beta1");
  g_assert_cmpstr (user->exec->command, ==, "kubelogin");  /* no slash: looked up in PATH */
  g_assert_cmpuint (g_strv_length (user->exec->args), ==, 13);
  g_assert_cmpstr (user->exec->args[0], ==, "get-token");
  g_assert_cmpstr (user->exec->args[12], ==, "spn");
  g_assert_cmpuint (g_strv_length (user->exec->env_names), ==, 0);  /* env: null */
  g_assert_nonnull (strstr (user->exec->install_hint, "kubelogin is not installed"));
  g_assert_false (user->exec->provide_cluster_info);
  g_assert_cmpint (user->exec->interactive_mode, ==, KF_EXEC_INTERACTIVE_IF_AVAILABLE);

  /* the CA in this upstream test file is a made-up certificate that OpenSSL (and kubectl)
   * cannot read: building says which field is wrong */
  config = kf_kubeconfig_build_rest_config (kubeconfig, NULL, &error);
  g_assert_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, ": clusters[0].cluster.certificate-authority-data: not a PEM certificate"));
  g_assert_null (config);
}

static void
test_fixture_client_cert_and_basic (void)
{
  g_autofree char *path = fixture ("client-cert-data-and-basic-auth.yaml");
  const char *paths[] = { path, NULL };
  g_autoptr(KfKubeconfigData) data = kf_kubeconfig_data_load (paths);
  g_autoptr(KfKubeconfig) kubeconfig = with_memory_keyring (load_paths (path, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  g_autofree char *auth = NULL;
  KfKubeClusterEntry *cluster;
  KfKubeUserEntry *user;
  KfKubeContext *context;
  GListModel *contexts = kf_kubeconfig_get_contexts (kubeconfig);

  g_assert_cmpuint (data->errors->len, ==, 0);
  cluster = g_hash_table_lookup (data->clusters, "cluster1");
  g_assert_cmpstr (cluster->proxy_url, ==, "socks5://localhost:1181");
  g_assert_cmpmem (g_bytes_get_data (cluster->ca_data, NULL), g_bytes_get_size (cluster->ca_data), "CADATA", 6);
  cluster = g_hash_table_lookup (data->clusters, "cluster2");
  g_assert_true (cluster->insecure);
  user = g_hash_table_lookup (data->users, "user1");
  g_assert_cmpmem (g_bytes_get_data (user->client_cert_data, NULL), g_bytes_get_size (user->client_cert_data), "USER_CADATA", 11);
  g_assert_cmpmem (g_bytes_get_data (user->client_key_data, NULL), g_bytes_get_size (user->client_key_data), "USER_CKDATA", 11);
  user = g_hash_table_lookup (data->users, "user3");
  g_assert_cmpstr (user->username, ==, "foo");
  g_assert_cmpstr (user->password, ==, "bar");

  /* the context list, in file order, current marked */
  g_assert_cmpuint (g_list_model_get_n_items (contexts), ==, 3);
  context = kf_kubeconfig_lookup_context (kubeconfig, "context2");
  g_assert_true (kf_kube_context_get_is_current (context));
  g_assert_cmpstr (kf_kube_context_get_namespace (context), ==, "namespace2");
  g_assert_cmpstr (kf_kube_context_get_server (context), ==, "http://example2.com");
  g_assert_cmpstr (kf_kube_context_get_cluster (context), ==, "cluster2");
  g_assert_cmpstr (kf_kube_context_get_user (context), ==, "user2");
  g_assert_null (kf_kube_context_get_error (context));
  g_assert_false (kf_kube_context_get_is_current (kf_kubeconfig_lookup_context (kubeconfig, "context1")));

  /* basic auth; the servers are plain http, so (as kubectl) the dummy CA is not read */
  config = kf_kubeconfig_build_rest_config (kubeconfig, "passwd", &error);
  g_assert_no_error (error);
  g_assert_true (kf_rest_config_get_insecure (config));
  auth = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (auth, ==, "Basic Zm9vOmJhcg==");  /* foo:bar */
  g_clear_object (&config);

  config = kf_kubeconfig_build_rest_config (kubeconfig, "context1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_rest_config_get_proxy_url (config), ==, "socks5://localhost:1181");
}

static void
test_fixture_empty_user (void)
{
  g_autofree char *path = fixture ("edge-empty-user.yaml");
  g_autoptr(KfKubeconfig) kubeconfig = with_memory_keyring (load_paths (path, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  g_autofree char *auth = NULL;

  dump_errors (kubeconfig);
  g_assert_cmpstr (kf_kubeconfig_get_errors (kubeconfig)[0], ==, NULL);
  /* trailing spaces in plain scalars are not part of the value */
  g_assert_cmpstr (kf_kubeconfig_get_current_context (kubeconfig), ==, "context2");
  g_assert_null (kf_kube_context_get_user (kf_kubeconfig_lookup_context (kubeconfig, "context2")));

  config = kf_kubeconfig_build_rest_config (kubeconfig, "context1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_rest_config_get_server (config), ==, "http://example.com");
  /* no credential at all: anonymous (nothing in the keyring either) */
  auth = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_null (auth);
}

static void
test_fixture_eks_v1alpha1 (void)
{
  g_autofree char *path = fixture ("eks-aws-iam-authenticator-exec-v1alpha1.yaml");
  g_autoptr(KfKubeconfig) kubeconfig = with_memory_keyring (load_paths (path, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  KfKubeContext *context = kf_kubeconfig_lookup_context (kubeconfig, "admin@cluster-one.us-west-2.eksctl.io");
  g_autofree char *expected = g_strdup_printf ("%s: users[0].user.exec: apiVersion client.authentication.k8s.io/v1alpha1 was removed", path);

  /* listed, marked unusable, with a message naming the file and the field */
  g_assert_nonnull (context);
  g_assert_true (kf_kube_context_get_is_current (context));
  g_assert_true (g_str_has_prefix (kf_kube_context_get_error (context), expected));
  g_assert_true (errors_contain (kubeconfig, expected));

  config = kf_kubeconfig_build_rest_config (kubeconfig, NULL, &error);
  g_assert_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_null (config);
}

static void
test_fixture_exec_v1_docs (void)
{
  g_autofree char *path = fixture ("exec-v1-k8s-docs.yaml");
  const char *paths[] = { path, NULL };
  g_autoptr(KfKubeconfigData) data = kf_kubeconfig_data_load (paths);
  KfKubeUserEntry *user = g_hash_table_lookup (data->users, "my-user");
  KfKubeClusterEntry *cluster = g_hash_table_lookup (data->clusters, "my-cluster");
  KfKubeContextEntry *context = g_hash_table_lookup (data->contexts, "my-cluster");
  g_autofree char *problem = NULL;
  g_autofree char *config_json = NULL;

  g_assert_nonnull (user->exec);
  g_assert_cmpstr (user->exec->command, ==, "example-client-go-exec-plugin");
  g_assert_cmpstr (user->exec->api_version, ==, "client.authentication.k8s.io/v1");
  g_assert_cmpstrv (user->exec->env_names, ((const char *[]) { "FOO", NULL }));
  g_assert_cmpstrv (user->exec->env_values, ((const char *[]) { "bar", NULL }));
  g_assert_cmpstrv (user->exec->args, ((const char *[]) { "arg1", "arg2", NULL }));
  g_assert_true (user->exec->provide_cluster_info);
  g_assert_cmpint (user->exec->interactive_mode, ==, KF_EXEC_INTERACTIVE_NEVER);
  g_assert_true (g_str_has_prefix (user->exec->install_hint, "example-client-go-exec-plugin is required"));

  /* the per-cluster exec extension becomes spec.cluster.config */
  g_assert_nonnull (cluster->exec_extension);
  config_json = json_to_string (cluster->exec_extension, FALSE);
  g_assert_nonnull (strstr (config_json, "\"arbitrary\":\"config\""));
  g_assert_cmpstr (cluster->server, ==, "https://172.17.4.100:6443");

  /* /etc/kubernetes/ca.pem does not exist here: the context says so (kubectl does too) */
  problem = kf_kubeconfig_data_context_error (data, context);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "clusters[0].cluster.certificate-authority: cannot read /etc/kubernetes/ca.pem"));
  g_assert_true (g_str_has_prefix (problem, path));
}

static void
test_fixture_exec_v1_minimal (void)
{
  g_autofree char *path = fixture ("exec-v1-minimal.yaml");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *expected_command = g_build_filename (dir, "token-generator", NULL);
  const char *paths[] = { path, NULL };
  g_autoptr(KfKubeconfigData) data = kf_kubeconfig_data_load (paths);
  KfKubeUserEntry *user = g_hash_table_lookup (data->users, "test");

  g_assert_cmpuint (data->errors->len, ==, 0);
  /* "./token-generator" has a slash: relative to the kubeconfig file */
  g_assert_cmpstr (user->exec->command, ==, expected_command);
  g_assert_cmpstrv (user->exec->env_names, ((const char *[]) { "PART1", NULL }));
  g_assert_cmpstrv (user->exec->env_values, ((const char *[]) { "hello", NULL }));
  g_assert_cmpstrv (user->exec->args, ((const char *[]) { "world", NULL }));
  /* kubectl insists on interactiveMode for v1; without a terminal IfAvailable is the same as Never */
  g_assert_cmpint (user->exec->interactive_mode, ==, KF_EXEC_INTERACTIVE_IF_AVAILABLE);
}

static void
test_fixture_token_and_oidc (void)
{
  g_autofree char *path = fixture ("token-and-oidc-auth-provider.yaml");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *expected_ca = g_build_filename (dir, "testns", "ca.pem", NULL);
  const char *paths[] = { path, NULL };
  g_autoptr(KfKubeconfigData) data = kf_kubeconfig_data_load (paths);
  KfKubeUserEntry *user = g_hash_table_lookup (data->users, "mmosley");
  KfKubeClusterEntry *cluster = g_hash_table_lookup (data->clusters, "172-28-128-4:8443");
  KfKubeContextEntry *context = g_hash_table_lookup (data->contexts, "production/172-28-128-4:8443/root");

  g_assert_cmpuint (g_hash_table_size (data->contexts), ==, 3);
  g_assert_cmpstr (data->current_context, ==, "testns/172-28-128-4:8443/user");
  g_assert_cmpstr (context->namespace, ==, "production");
  g_assert_cmpstr (((KfKubeUserEntry *) g_hash_table_lookup (data->users, "root/172-28-128-4:8443"))->token, ==, "supertoken");

  /* relative certificate-authority resolved against the file's folder */
  g_assert_cmpstr (cluster->ca_file, ==, expected_ca);
  g_assert_nonnull (cluster->error);
  g_assert_nonnull (strstr (cluster->error, "certificate-authority: cannot read"));

  g_assert_nonnull (user->oidc);
  g_assert_cmpstr (user->oidc->client_id, ==, "kubernetes");
  g_assert_cmpstr (user->oidc->client_secret, ==, "1db158f6-177d-4d9c-8a8b-d36869918ec5");
  g_assert_cmpstr (user->oidc->issuer_url, ==, "https://oidcidp.tremolo.lan:8443/auth/idp/OidcIdP");
  g_assert_cmpstr (user->oidc->idp_ca_file, ==, "/root/ca.pem");
  g_assert_true (g_str_has_prefix (user->oidc->refresh_token, "q1bKLFOyUiosTfawzA93"));
  g_assert_true (g_str_has_prefix (user->oidc->id_token, "eyJraWQiOiJDTj1vaWRjaWRwLnRyZW1vbG8ubGFu"));
}

/* ---------------------------------------------------------------- merging -- */

static void
test_merge_order (void)
{
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *a = kc_write (dir, "a.yaml",
    "apiVersion: v1\n"
    "kind: Config\n"
    "clusters:\n"
    "- name: shared\n"
    "  cluster: {server: https://a.example:6443}\n"
    "users:\n"
    "- name: alice\n"
    "  user: {token: token-from-a}\n"
    "contexts:\n"
    "- name: dev\n"
    "  context: {cluster: shared, user: alice, namespace: ns-a}\n");
  g_autofree char *b = kc_write (dir, "b.yaml",
    "apiVersion: v1\n"
    "kind: Config\n"
    "current-context: prod\n"
    "clusters:\n"
    "- name: shared\n"
    "  cluster: {server: https://b.example:6443}\n"
    "- name: only-b\n"
    "  cluster: {server: https://only-b.example}\n"
    "users:\n"
    "- name: alice\n"
    "  user: {token: token-from-b}\n"
    "- name: bob\n"
    "  user: {token: token-of-bob}\n"
    "contexts:\n"
    "- name: dev\n"
    "  context: {cluster: only-b, user: bob}\n"
    "- name: prod\n"
    "  context: {cluster: only-b, user: alice}\n");
  g_autofree char *c = kc_write (dir, "c.yaml",
    "current-context: dev\n"
    "contexts:\n"
    "- name: staging\n"
    "  context: {cluster: shared, user: bob}\n");
  g_autofree char *missing = g_build_filename (dir, "missing.yaml", NULL);
  g_autoptr(KfKubeconfig) kubeconfig = with_memory_keyring (load_paths (a, missing, b, c, NULL));
  GListModel *contexts = kf_kubeconfig_get_contexts (kubeconfig);
  g_autoptr(KfKubeContext) first = NULL;
  g_autoptr(KfKubeContext) last = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = NULL;
  KfKubeContext *dev;

  dump_errors (kubeconfig);
  g_assert_cmpstr (kf_kubeconfig_get_errors (kubeconfig)[0], ==, NULL);  /* the missing file is skipped */

  /* current-context from the first file that sets one (b), not the last (c) */
  g_assert_cmpstr (kf_kubeconfig_get_current_context (kubeconfig), ==, "prod");

  /* dev, prod, staging: dev once, from a */
  g_assert_cmpuint (g_list_model_get_n_items (contexts), ==, 3);
  first = g_list_model_get_item (contexts, 0);
  last = g_list_model_get_item (contexts, 2);
  g_assert_cmpstr (kf_kube_context_get_name (first), ==, "dev");
  g_assert_cmpstr (kf_kube_context_get_name (last), ==, "staging");
  dev = kf_kubeconfig_lookup_context (kubeconfig, "dev");
  g_assert_cmpstr (kf_kube_context_get_cluster (dev), ==, "shared");
  g_assert_cmpstr (kf_kube_context_get_namespace (dev), ==, "ns-a");
  g_assert_cmpstr (kf_kube_context_get_file (dev), ==, a);
  g_assert_true (kf_kube_context_get_is_current (kf_kubeconfig_lookup_context (kubeconfig, "prod")));

  /* the cluster "shared" and the user "alice" come from a, where they were first defined */
  g_assert_cmpstr (kf_kube_context_get_server (kf_kubeconfig_lookup_context (kubeconfig, "staging")), ==, "https://a.example:6443");
  config = kf_kubeconfig_build_rest_config (kubeconfig, "prod", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_rest_config_get_server (config), ==, "https://only-b.example");
  auth = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (auth, ==, "Bearer token-from-a");

  kc_rm_rf (dir);
}

static void
test_default_paths (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("KUBECONFIG"));
  g_auto(GStrv) paths = NULL;
  g_autofree char *home_config = g_build_filename (g_get_home_dir (), ".kube", "config", NULL);

  g_setenv ("KUBECONFIG", "/x/one::/x/two:/x/one", TRUE);
  paths = kf_kubeconfig_get_default_paths ();
  g_assert_cmpstrv (paths, ((const char *[]) { "/x/one", "/x/two", NULL }));
  g_clear_pointer (&paths, g_strfreev);

  g_unsetenv ("KUBECONFIG");
  paths = kf_kubeconfig_get_default_paths ();
  g_assert_cmpstrv (paths, ((const char *[]) { home_config, NULL }));

  if (saved != NULL)
    g_setenv ("KUBECONFIG", saved, TRUE);
}

static void
test_relative_paths (void)
{
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *token = NULL;
  g_autoptr(KfKubeconfig) kubeconfig = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *sub = g_build_filename (dir, "certs", NULL);

  if (!kc_have_openssl ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  g_mkdir (sub, 0700);
  kc_make_cert (sub, "ec-pkcs8", &cert, &key);
  token = kc_write (dir, "conf/token", "file-token\n");
  config_path = kc_write (dir, "conf/config",
    "clusters:\n"
    "- name: c\n"
    "  cluster:\n"
    "    server: https://127.0.0.1:6443\n"
    "    certificate-authority: ../certs/ec-pkcs8.crt\n"
    "users:\n"
    "- name: u\n"
    "  user:\n"
    "    client-certificate: ../certs/ec-pkcs8.crt\n"
    "    client-key: ../certs/ec-pkcs8.key\n"
    "    tokenFile: token\n"
    "contexts:\n"
    "- name: ctx\n"
    "  context: {cluster: c, user: u}\n"
    "current-context: ctx\n");

  kubeconfig = with_memory_keyring (load_paths (config_path, NULL));
  dump_errors (kubeconfig);
  config = kf_kubeconfig_build_rest_config (kubeconfig, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kf_rest_config_get_tls_database (config));
  g_assert_nonnull (kf_rest_config_get_client_certificate (config));
  auth = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (auth, ==, "Bearer file-token");

  kc_rm_rf (dir);
}

/* -------------------------------------------------------------- malformed -- */

typedef struct
{
  const char *name;
  const char *yaml;
  const char *expected;  /* after "FILE: " */
} Malformed;

static void
test_malformed (void)
{
  static const Malformed cases[] = {
    { "bad-yaml",
      "clusters:\n- name: x\n  cluster: {server: https://a\n",
      "line " },
    { "not-a-mapping",
      "- just\n- a list\n",
      "not a kubeconfig (the document is a list, not a mapping)" },
    { "clusters-not-a-list",
      "clusters: {name: x}\n",
      "clusters: expected a list, found a mapping" },
    { "server-wrong-type",
      "clusters:\n- name: broken\n  cluster: {server: [1, 2]}\ncontexts:\n- name: b\n  context: {cluster: broken}\n",
      "clusters[0].cluster.server: expected a string, found a list" },
    { "insecure-wrong-type",
      "clusters:\n- name: broken\n  cluster: {server: https://a, insecure-skip-tls-verify: please}\n",
      "clusters[0].cluster.insecure-skip-tls-verify: expected true or false, found a string" },
    { "server-missing",
      "clusters:\n- name: broken\n  cluster: {tls-server-name: x}\n",
      "clusters[0].cluster: \"server\" is required" },
    { "server-not-url",
      "clusters:\n- name: broken\n  cluster: {server: not a url}\n",
      "clusters[0].cluster.server: “not a url” is not a URL with a host" },
    { "proxy-scheme",
      "clusters:\n- name: broken\n  cluster: {server: https://a, proxy-url: 'ftp://proxy:21'}\n",
      "clusters[0].cluster.proxy-url: unsupported scheme “ftp” (use http, https, socks5)" },
    { "bad-base64",
      "clusters:\n- name: broken\n  cluster: {server: https://a, certificate-authority-data: 'LS0t@@@'}\n",
      "clusters[0].cluster.certificate-authority-data: invalid base64" },
    { "bad-base64-padding",
      "users:\n- name: broken\n  user: {client-certificate-data: QUJD, client-key-data: QUJ}\n",
      "users[0].user.client-key-data: invalid base64 (truncated or bad padding)" },
    { "exec-no-command",
      "users:\n- name: a\n  user: {}\n- name: b\n  user: {token: t}\n- name: broken\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1}\n",
      "users[2].user.exec: \"command\" is required" },
    { "exec-no-api-version",
      "users:\n- name: broken\n  user:\n    exec: {command: aws}\n",
      "users[0].user.exec: \"apiVersion\" is required" },
    { "exec-env-no-name",
      "users:\n- name: broken\n  user:\n    exec:\n      command: aws\n      apiVersion: client.authentication.k8s.io/v1\n      env: [{value: x}]\n",
      "users[0].user.exec.env[0]: \"name\" is required" },
    { "exec-bad-mode",
      "users:\n- name: broken\n  user:\n    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1, interactiveMode: Sometimes}\n",
      "users[0].user.exec: invalid interactiveMode “Sometimes”" },
    { "exec-args-not-strings",
      "users:\n- name: broken\n  user:\n    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1, args: [a, {b: c}]}\n",
      "users[0].user.exec.args[1]: expected a string, found a mapping" },
    { "auth-provider-gcp",
      "users:\n- name: broken\n  user:\n    auth-provider: {name: gcp}\n",
      "users[0].user.auth-provider: auth-provider “gcp” is not supported" },
    { "oidc-no-issuer",
      "users:\n- name: broken\n  user:\n    auth-provider: {name: oidc, config: {client-id: k}}\n",
      "users[0].user.auth-provider.config: \"idp-issuer-url\" is required" },
    { "cert-without-key",
      "users:\n- name: broken\n  user: {client-certificate-data: QUJD}\n",
      "users[0].user: a client certificate needs \"client-key\" or \"client-key-data\"" },
    { "token-and-basic",
      "users:\n- name: broken\n  user: {token: t, username: u, password: p}\n",
      "users[0].user: more than one authentication method" },
    { "token-number",
      "users:\n- name: broken\n  user: {token: 12345}\n",
      "users[0].user.token: expected a string, found a number" },
    { "context-no-cluster",
      "contexts:\n- name: broken\n  context: {user: u}\n",
      "contexts[0].context: \"cluster\" is required" },
    { "context-no-name",
      "contexts:\n- context: {cluster: c}\n",
      "contexts[0]: \"name\" is required" },
    { "entry-not-mapping",
      "users:\n- just-a-string\n",
      "users[0]: expected a mapping with name and user, found a string" },
    { "current-context-dangling",
      "current-context: nowhere\n",
      "current-context: no context named “nowhere”" },
  };
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *good = kc_write (dir, "good.yaml",
    "clusters:\n- name: good\n  cluster: {server: https://good.example}\n"
    "users:\n- name: good\n  user: {token: good-token}\n"
    "contexts:\n- name: good\n  context: {cluster: good, user: good}\n");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strconcat (cases[i].name, ".yaml", NULL);
      g_autofree char *path = kc_write (dir, name, cases[i].yaml);
      g_autofree char *expected = g_strdup_printf ("%s: %s", path, cases[i].expected);
      g_autoptr(KfKubeconfig) kubeconfig = with_memory_keyring (load_paths (path, good, NULL));
      g_autoptr(KfRestConfig) config = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *auth = NULL;

      g_test_message ("case %s", cases[i].name);
      dump_errors (kubeconfig);
      g_assert_true (errors_contain (kubeconfig, expected));

      /* the good file's context stays usable */
      config = kf_kubeconfig_build_rest_config (kubeconfig, "good", &error);
      g_assert_no_error (error);
      auth = kc_get_authorization (config, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (auth, ==, "Bearer good-token");
    }

  kc_rm_rf (dir);
}

static void
test_malformed_context_error (void)
{
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *path = kc_write (dir, "config",
    "clusters:\n- name: c\n  cluster: {server: https://c.example}\n"
    "users:\n- name: ok\n  user: {token: t}\n"
    "- name: broken\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1}\n"
    "contexts:\n"
    "- name: uses-broken\n  context: {cluster: c, user: broken}\n"
    "- name: missing-cluster\n  context: {cluster: nowhere, user: ok}\n"
    "- name: missing-user\n  context: {cluster: c, user: nobody}\n"
    "- name: fine\n  context: {cluster: c, user: ok}\n");
  g_autoptr(KfKubeconfig) kubeconfig = with_memory_keyring (load_paths (path, NULL));
  g_autofree char *expected = g_strdup_printf ("%s: users[1].user.exec: \"command\" is required", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfRestConfig) config = NULL;

  g_assert_cmpstr (kf_kube_context_get_error (kf_kubeconfig_lookup_context (kubeconfig, "uses-broken")), ==, expected);
  g_assert_nonnull (strstr (kf_kube_context_get_error (kf_kubeconfig_lookup_context (kubeconfig, "missing-cluster")),
                            "cluster “nowhere” is not defined"));
  g_assert_nonnull (strstr (kf_kube_context_get_error (kf_kubeconfig_lookup_context (kubeconfig, "missing-user")),
                            "user “nobody” is not defined"));
  g_assert_null (kf_kube_context_get_error (kf_kubeconfig_lookup_context (kubeconfig, "fine")));

  config = kf_kubeconfig_build_rest_config (kubeconfig, "uses-broken", &error);
  g_assert_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  config = kf_kubeconfig_build_rest_config (kubeconfig, "no-such-context", &error);
  g_assert_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_NO_CONTEXT);
  g_assert_null (config);
  g_clear_error (&error);

  /* no current-context */
  config = kf_kubeconfig_build_rest_config (kubeconfig, NULL, &error);
  g_assert_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_NO_CONTEXT);

  kc_rm_rf (dir);
}

static void
test_bad_pem (void)
{
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *not_pem = g_base64_encode ((const guchar *) "hello, not a certificate", 24);
  g_autofree char *rsa_cert = NULL;
  g_autofree char *rsa_key = NULL;
  g_autofree char *ec_cert = NULL;
  g_autofree char *ec_key = NULL;
  g_autofree char *yaml = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KfKubeconfig) kubeconfig = NULL;
  struct { const char *context; const char *expected; } cases[] = {
    { "bad-ca", "clusters[1].cluster.certificate-authority-data: not a PEM certificate" },
    { "bad-cert", "users[0].user.client-certificate-data: not a PEM certificate" },
    { "bad-key", "users[1].user.client-key-data: not a PEM private key" },
    { "wrong-key", "users[2].user.client-key: does not belong to the client certificate" },
  };

  if (!kc_have_openssl ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  kc_make_cert (dir, "rsa-pkcs1", &rsa_cert, &rsa_key);
  kc_make_cert (dir, "ec-sec1", &ec_cert, &ec_key);
  {
    g_autofree char *cert64 = kc_base64_file (rsa_cert);
    yaml = g_strdup_printf (
      "clusters:\n"
      "- name: ok\n  cluster: {server: https://ok.example}\n"
      "- name: bad-ca\n  cluster: {server: https://bad.example, certificate-authority-data: %s}\n"
      "users:\n"
      "- name: bad-cert\n  user: {client-certificate-data: %s, client-key: %s}\n"
      "- name: bad-key\n  user: {client-certificate-data: %s, client-key-data: %s}\n"
      "- name: wrong-key\n  user: {client-certificate: %s, client-key: %s}\n"
      "- name: good\n  user: {client-certificate: %s, client-key: %s}\n"
      "contexts:\n"
      "- name: bad-ca\n  context: {cluster: bad-ca}\n"
      "- name: bad-cert\n  context: {cluster: ok, user: bad-cert}\n"
      "- name: bad-key\n  context: {cluster: ok, user: bad-key}\n"
      "- name: wrong-key\n  context: {cluster: ok, user: wrong-key}\n"
      "- name: good\n  context: {cluster: ok, user: good}\n",
      not_pem, not_pem, rsa_key, cert64, not_pem, rsa_cert, ec_key, rsa_cert, rsa_key);
  }
  path = kc_write (dir, "config", yaml);
  kubeconfig = with_memory_keyring (load_paths (path, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KfRestConfig) config = kf_kubeconfig_build_rest_config (kubeconfig, cases[i].context, &error);
      g_autofree char *expected = g_strdup_printf ("%s: %s", path, cases[i].expected);

      g_test_message ("%s: %s", cases[i].context, error ? error->message : "(no error)");
      g_assert_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, expected));
      g_assert_null (config);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KfRestConfig) config = kf_kubeconfig_build_rest_config (kubeconfig, "good", &error);

    g_assert_no_error (error);
    g_assert_nonnull (kf_rest_config_get_client_certificate (config));
  }
  kc_rm_rf (dir);
}

/* ------------------------------------------------------ client certificates -- */

static void
test_client_cert_formats (void)
{
  static const char *const kinds[] = { "rsa-pkcs1", "rsa-pkcs8", "ec-sec1", "ec-pkcs8" };
  g_autofree char *dir = NULL;

  if (!kc_have_openssl ())
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  dir = kc_tmpdir ();
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *cert = NULL;
      g_autofree char *key = NULL;
      g_autofree char *cert64 = NULL;
      g_autofree char *key64 = NULL;
      g_autofree char *key_pem = NULL;
      g_autofree char *yaml = NULL;
      g_autofree char *name = g_strdup_printf ("%s.yaml", kinds[i]);
      g_autofree char *path = NULL;
      g_autoptr(KfKubeconfig) kubeconfig = NULL;
      g_autoptr(KfRestConfig) config = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsCertificate) expected = NULL;
      GTlsCertificate *tls;

      kc_make_cert (dir, kinds[i], &cert, &key);
      key_pem = kc_read (key);
      /* make sure each format really is the one named */
      if (g_str_equal (kinds[i], "rsa-pkcs1"))
        g_assert_true (g_str_has_prefix (key_pem, "-----BEGIN RSA PRIVATE KEY-----"));
      else if (g_str_equal (kinds[i], "ec-sec1"))
        g_assert_nonnull (strstr (key_pem, "-----BEGIN EC PRIVATE KEY-----"));
      else
        g_assert_true (g_str_has_prefix (key_pem, "-----BEGIN PRIVATE KEY-----"));

      cert64 = kc_base64_file (cert);
      key64 = kc_base64_file (key);
      yaml = g_strdup_printf (
        "clusters:\n- name: c\n  cluster: {server: https://127.0.0.1:1, tls-server-name: api.internal}\n"
        "users:\n- name: data\n  user: {client-certificate-data: %s, client-key-data: %s}\n"
        "- name: files\n  user: {client-certificate: %s, client-key: %s}\n"
        "contexts:\n- name: data\n  context: {cluster: c, user: data}\n"
        "- name: files\n  context: {cluster: c, user: files}\n",
        cert64, key64, cert, key);
      path = kc_write (dir, name, yaml);
      kubeconfig = with_memory_keyring (load_paths (path, NULL));

      expected = g_tls_certificate_new_from_file (cert, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < 2; j++)
        {
          g_autofree char *auth = NULL;

          config = kf_kubeconfig_build_rest_config (kubeconfig, j == 0 ? "data" : "files", &error);
          g_assert_no_error (error);
          tls = kf_rest_config_get_client_certificate (config);
          g_assert_nonnull (tls);
          g_assert_true (g_tls_certificate_is_same (tls, expected));
          g_assert_cmpstr (kf_rest_config_get_tls_server_name (config), ==, "api.internal");
          /* a client certificate is a credential: no keyring lookup, no header */
          auth = kc_get_authorization (config, &error);
          g_assert_no_error (error);
          g_assert_null (auth);
          g_clear_object (&config);
        }
    }
  kc_rm_rf (dir);
}

/* -------------------------------------------------------------- tokens -- */

static void
test_token_file_reread (void)
{
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *token = kc_write (dir, "token", "first-token\n");
  g_autofree char *path = kc_write (dir, "config",
    "clusters:\n- name: c\n  cluster: {server: https://c.example}\n"
    "users:\n- name: u\n  user: {tokenFile: token}\n"
    "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\n");
  g_autoptr(KfKubeconfig) kubeconfig = with_memory_keyring (load_paths (path, NULL));
  g_autoptr(KfRestConfig) config = kf_kubeconfig_build_rest_config (kubeconfig, "ctx", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *a3 = NULL;
  g_autofree char *a4 = NULL;

  a1 = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a1, ==, "Bearer first-token");

  /* rotated (as projected service-account tokens are): cached for a minute, as client-go… */
  g_free (kc_write (dir, "token", "second-token\n"));
  a2 = kc_get_authorization (config, &error);
  g_assert_cmpstr (a2, ==, "Bearer first-token");
  /* …and read again at once after a 401 */
  kf_rest_config_invalidate_credentials (config);
  a3 = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a3, ==, "Bearer second-token");

  /* a vanished token file is a clear error */
  g_remove (token);
  kf_rest_config_invalidate_credentials (config);
  a4 = kc_get_authorization (config, &error);
  g_assert_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, token));
  g_assert_null (a4);

  kc_rm_rf (dir);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kf_keyring_store_finish (KF_KEYRING (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_pasted_token (void)
{
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *path = kc_write (dir, "config",
    "clusters:\n- name: c\n  cluster: {server: https://c.example}\n"
    "users:\n- name: nobody\n  user: {}\n- name: has-token\n  user: {token: from-file}\n"
    "contexts:\n- name: needs-token\n  context: {cluster: c, user: nobody}\n"
    "- name: anonymous\n  context: {cluster: c}\n"
    "- name: has-token\n  context: {cluster: c, user: has-token}\n");
  g_autoptr(KfKeyring) keyring = kf_keyring_new (FALSE);
  g_autoptr(KfKubeconfig) kubeconfig = load_paths (path, NULL);
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *auth = NULL;
  gboolean stored = FALSE;

  kf_kubeconfig_set_keyring (kubeconfig, keyring);
  config = kf_kubeconfig_build_rest_config (kubeconfig, "needs-token", &error);
  g_assert_no_error (error);
  auth = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_null (auth);

  /* the "paste a bearer token" dialog stores it for the context and user */
  kf_keyring_store_async (keyring, KF_SECRET_KIND_BEARER, "needs-token", "nobody", "pasted-token", NULL, store_cb, &stored);
  kc_wait (&stored);
  auth = kc_get_authorization (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (auth, ==, "Bearer pasted-token");
  g_clear_pointer (&auth, g_free);

  /* for a context without a user too */
  stored = FALSE;
  kf_keyring_store_async (keyring, KF_SECRET_KIND_BEARER, "anonymous", NULL, "anon-token", NULL, store_cb, &stored);
  kc_wait (&stored);
  g_clear_object (&config);
  config = kf_kubeconfig_build_rest_config (kubeconfig, "anonymous", &error);
  auth = kc_get_authorization (config, &error);
  g_assert_cmpstr (auth, ==, "Bearer anon-token");
  g_clear_pointer (&auth, g_free);

  /* the kubeconfig's own credential wins over the keyring */
  stored = FALSE;
  kf_keyring_store_async (keyring, KF_SECRET_KIND_BEARER, "has-token", "has-token", "ignored", NULL, store_cb, &stored);
  kc_wait (&stored);
  g_clear_object (&config);
  config = kf_kubeconfig_build_rest_config (kubeconfig, "has-token", &error);
  auth = kc_get_authorization (config, &error);
  g_assert_cmpstr (auth, ==, "Bearer from-file");

  kc_rm_rf (dir);
}

static void
test_tls_settings (void)
{
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *path = kc_write (dir, "config",
    "clusters:\n"
    "- name: insecure\n  cluster: {server: https://i.example, insecure-skip-tls-verify: true, proxy-url: 'http://proxy.local:3128'}\n"
    "- name: both\n  cluster: {server: https://b.example, insecure-skip-tls-verify: true, certificate-authority-data: QUJD}\n"
    "contexts:\n- name: insecure\n  context: {cluster: insecure, namespace: team}\n"
    "- name: both\n  context: {cluster: both}\n");
  g_autoptr(KfKubeconfig) kubeconfig = with_memory_keyring (load_paths (path, NULL));
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = kf_kubeconfig_build_rest_config (kubeconfig, "insecure", &error);
  g_assert_no_error (error);
  g_assert_true (kf_rest_config_get_insecure (config));
  g_assert_null (kf_rest_config_get_tls_database (config));
  g_assert_cmpstr (kf_rest_config_get_proxy_url (config), ==, "http://proxy.local:3128");
  g_assert_cmpstr (kf_rest_config_get_namespace (config), ==, "team");
  g_assert_cmpstr (kf_rest_config_get_context_name (config), ==, "insecure");
  g_assert_true (kf_kube_context_get_insecure (kf_kubeconfig_lookup_context (kubeconfig, "insecure")));

  /* as kubectl: a CA and insecure-skip-tls-verify together are refused for https */
  g_assert_nonnull (strstr (kf_kube_context_get_error (kf_kubeconfig_lookup_context (kubeconfig, "both")),
                            "clusters[1].cluster: \"insecure-skip-tls-verify\" cannot be combined with a certificate authority"));
  kc_rm_rf (dir);
}

/* --------------------------------------------------------------- reload -- */

static void
changed_cb (KfKubeconfig *kubeconfig,
            gpointer      user_data)
{
  (*(guint *) user_data)++;
}

static void
test_reload_on_change (void)
{
  g_autofree char *dir = kc_tmpdir ();
  g_autofree char *first = kc_write (dir, "first",
    "clusters:\n- name: c\n  cluster: {server: https://c.example}\n"
    "contexts:\n- name: one\n  context: {cluster: c}\n"
    "current-context: one\n");
  g_autofree char *second = g_build_filename (dir, "second", NULL);
  const char *paths[] = { first, second, NULL };
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;
  gint64 deadline;

  g_signal_connect (kubeconfig, "changed", G_CALLBACK (changed_cb), &changes);
  kf_kubeconfig_load_async (kubeconfig, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  g_assert_true (kf_kubeconfig_load_finish (kubeconfig, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (kf_kubeconfig_get_contexts (kubeconfig)), ==, 1);

  /* edit the first file: a second context and a new current-context */
  g_free (kc_write (dir, "first",
    "clusters:\n- name: c\n  cluster: {server: https://c.example}\n"
    "contexts:\n- name: one\n  context: {cluster: c}\n- name: two\n  context: {cluster: c, namespace: n2}\n"
    "current-context: two\n"));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (changes < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (kf_kubeconfig_get_contexts (kubeconfig)), ==, 2);
  g_assert_cmpstr (kf_kubeconfig_get_current_context (kubeconfig), ==, "two");

  /* a file of the list that did not exist appears */
  g_free (kc_write (dir, "second",
    "clusters:\n- name: c2\n  cluster: {server: https://c2.example}\n"
    "contexts:\n- name: three\n  context: {cluster: c2}\n"));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (kf_kubeconfig_get_contexts (kubeconfig)) < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (kf_kubeconfig_get_contexts (kubeconfig)), ==, 3);
  g_assert_cmpstr (kf_kube_context_get_server (kf_kubeconfig_lookup_context (kubeconfig, "three")), ==, "https://c2.example");

  /* breaking the file keeps the others and reports the problem */
  g_free (kc_write (dir, "first", "clusters: [\n"));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (kf_kubeconfig_get_contexts (kubeconfig)) != 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (kf_kubeconfig_get_contexts (kubeconfig)), ==, 1);
  g_assert_true (errors_contain (kubeconfig, first));

  kc_rm_rf (dir);
}

static void
test_build_async (void)
{
  g_autofree char *good = fixture ("client-cert-data-and-basic-auth.yaml");
  g_autofree char *bad = fixture ("aks-kubelogin-exec-v1beta1.yaml");
  const char *paths[] = { good, bad, NULL };
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);
  g_autoptr(KfKeyring) keyring = kf_keyring_new (FALSE);
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  g_autofree char *auth = NULL;

  kf_kubeconfig_set_keyring (kubeconfig, keyring);
  /* not loaded yet: the worker thread loads the files itself */
  kf_kubeconfig_build_rest_config_async (kubeconfig, "passwd", NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  config = kf_kubeconfig_build_rest_config_finish (kubeconfig, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kf_rest_config_get_context_name (config), ==, "passwd");
  auth = kc_get_authorization (config, &error);
  g_assert_cmpstr (auth, ==, "Basic Zm9vOmJhcg==");
  g_clear_object (&result);

  kf_kubeconfig_build_rest_config_async (kubeconfig, "test-cluster", NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  g_assert_null (kf_kubeconfig_build_rest_config_finish (kubeconfig, result, &error));
  g_assert_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, bad));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kubeconfig/fixture/aks-exec-v1beta1", test_fixture_aks_exec_v1beta1);
  g_test_add_func ("/kubeconfig/fixture/client-cert-and-basic", test_fixture_client_cert_and_basic);
  g_test_add_func ("/kubeconfig/fixture/empty-user", test_fixture_empty_user);
  g_test_add_func ("/kubeconfig/fixture/eks-v1alpha1", test_fixture_eks_v1alpha1);
  g_test_add_func ("/kubeconfig/fixture/exec-v1-docs", test_fixture_exec_v1_docs);
  g_test_add_func ("/kubeconfig/fixture/exec-v1-minimal", test_fixture_exec_v1_minimal);
  g_test_add_func ("/kubeconfig/fixture/token-and-oidc", test_fixture_token_and_oidc);
  g_test_add_func ("/kubeconfig/merge-order", test_merge_order);
  g_test_add_func ("/kubeconfig/default-paths", test_default_paths);
  g_test_add_func ("/kubeconfig/relative-paths", test_relative_paths);
  g_test_add_func ("/kubeconfig/malformed", test_malformed);
  g_test_add_func ("/kubeconfig/malformed-context-error", test_malformed_context_error);
  g_test_add_func ("/kubeconfig/bad-pem", test_bad_pem);
  g_test_add_func ("/kubeconfig/client-cert-formats", test_client_cert_formats);
  g_test_add_func ("/kubeconfig/token-file-reread", test_token_file_reread);
  g_test_add_func ("/kubeconfig/pasted-token", test_pasted_token);
  g_test_add_func ("/kubeconfig/tls-settings", test_tls_settings);
  g_test_add_func ("/kubeconfig/reload-on-change", test_reload_on_change);
  g_test_add_func ("/kubeconfig/build-async", test_build_async);

  return g_test_run ();
}
