/* test-kube-client.c: KfKubeClient against an HTTPS API server on loopback:
 * CRUD, Status errors, pagination, 401 renewal, 429, timeouts, TLS, proxies,
 * identity and permissions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-kube-client.h"
#include "kf-kube-identity.h"
#include "kf-test-apiserver.h"

static const KfKubeResource dgd = { "nvidia.com", "v1alpha1", "dynamographdeployments" };

#define RUN(client, err, expr) ({                                          \
    KfTestResult _r = { 0 };                                               \
    KfTestResult *r = &_r;                                                 \
    JsonNode *_n;                                                          \
    expr;                                                                  \
    _n = kf_kube_client_request_finish ((client), kf_test_result_wait (r), (err)); \
    kf_test_result_clear (r);                                              \
    _n; })

static const char *
name_of (JsonNode *node)
{
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "metadata"), "name");
}

static void
test_paths (void)
{
  g_autofree char *a = kf_kube_build_path (&kf_kube_resource_pods, "default", "web-0", "log");
  g_autofree char *b = kf_kube_build_path (&kf_kube_resource_nodes, NULL, NULL, NULL);
  g_autofree char *c = kf_kube_build_path (&dgd, "team a", "x", NULL);
  g_autofree char *d = kf_kube_build_path (&kf_kube_resource_deployments, NULL, NULL, NULL);
  KfKubeListOptions o = { .label_selector = "app=x,tier in (a,b)", .limit = 500, .continue_token = "abc" };
  g_autofree char *q = kf_kube_build_list_query (&o, FALSE);
  g_autofree char *w = kf_kube_build_list_query (&o, TRUE);

  g_assert_cmpstr (a, ==, "/api/v1/namespaces/default/pods/web-0/log");
  g_assert_cmpstr (b, ==, "/api/v1/nodes");
  g_assert_cmpstr (c, ==, "/apis/nvidia.com/v1alpha1/namespaces/team%20a/dynamographdeployments/x");
  g_assert_cmpstr (d, ==, "/apis/apps/v1/deployments");
  g_assert_cmpstr (q, ==, "?labelSelector=app%3Dx%2Ctier%20in%20%28a%2Cb%29&limit=500&continue=abc");
  g_assert_cmpstr (w, ==, "?watch=1&allowWatchBookmarks=true&labelSelector=app%3Dx%2Ctier%20in%20%28a%2Cb%29");
}

static void
test_crud (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  g_autoptr(JsonNode) obj = kf_test_json ("{\"apiVersion\":\"nvidia.com/v1alpha1\",\"kind\":\"DynamoGraphDeployment\","
                                          "\"metadata\":{\"name\":\"llama\",\"labels\":{\"app\":\"kf\"}},"
                                          "\"spec\":{\"replicas\":1}}");
  g_autoptr(JsonNode) created = NULL, got = NULL, list = NULL, patched = NULL, updated = NULL, deleted = NULL;
  g_autoptr(JsonNode) patch = kf_test_json ("{\"spec\":{\"replicas\":3},\"metadata\":{\"labels\":{\"tier\":\"gpu\"}}}");
  g_autoptr(JsonNode) status = NULL, status_got = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *spec;

  created = RUN (client, &error, kf_kube_client_create_async (client, &dgd, "ml", obj, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpstr (name_of (created), ==, "llama");

  got = RUN (client, &error, kf_kube_client_get_async (client, &dgd, "ml", "llama", NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (got), "metadata"), "namespace"), ==, "ml");

  patched = RUN (client, &error, kf_kube_client_patch_async (client, &dgd, "ml", "llama", KF_KUBE_PATCH_MERGE, patch,
                                                             NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  spec = json_object_get_object_member (json_node_get_object (patched), "spec");
  g_assert_cmpint (json_object_get_int_member (spec, "replicas"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (json_node_get_object (patched), "metadata"), "labels"), "app"), ==, "kf");

  /* PUT with the current resourceVersion */
  json_object_set_int_member (json_object_get_object_member (json_node_get_object (patched), "spec"), "replicas", 5);
  updated = RUN (client, &error, kf_kube_client_update_async (client, &dgd, "ml", patched, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (updated), "spec"), "replicas"), ==, 5);

  /* status subresource */
  status = json_node_copy (updated);
  json_object_set_member (json_node_get_object (status), "status", kf_test_json ("{\"state\":\"successful\"}"));
  status_got = RUN (client, &error, kf_kube_client_update_status_async (client, &dgd, "ml", status, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (status_got), "status"), "state"), ==, "successful");
  g_clear_pointer (&got, json_node_unref);
  got = RUN (client, &error, kf_kube_client_get_status_async (client, &dgd, "ml", "llama", NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (got), "status"));

  {
    KfKubeListOptions opts = { .label_selector = "tier=gpu" };
    list = RUN (client, &error, kf_kube_client_list_async (client, &dgd, NULL, &opts, NULL, kf_test_result_cb, r));
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (list), "items")), ==, 1);
  }

  deleted = RUN (client, &error, kf_kube_client_delete_async (client, &dgd, "ml", "llama", KF_KUBE_PROPAGATION_FOREGROUND,
                                                              NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/apis/nvidia.com/v1alpha1/namespaces/ml/dynamographdeployments/llama",
                                                      "propagationPolicy=Foreground"), ==, 1);
  g_clear_pointer (&got, json_node_unref);
  got = RUN (client, &error, kf_kube_client_get_async (client, &dgd, "ml", "llama", NULL, kf_test_result_cb, r));
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "llama"));
  g_assert_cmpuint (kf_kube_error_get_status (error)->code, ==, 404);
  g_assert_null (got);

  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

static void
test_errors (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfRestConfig) viewer_config = kf_test_config_new (kf_test_apiserver_get_url (server), "viewer-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  g_autoptr(KfKubeClient) viewer = kf_kube_client_new (viewer_config);
  g_autoptr(JsonNode) cm = kf_test_json ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
  g_autoptr(JsonNode) bad = kf_test_json ("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":-2}}");
  g_autoptr(JsonNode) first = NULL;
  GError *error = NULL;
  JsonNode *n;

  first = RUN (client, &error, kf_kube_client_create_async (client, &kf_kube_resource_configmaps, "default", cm, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);

  /* 409 AlreadyExists */
  n = RUN (client, &error, kf_kube_client_create_async (client, &kf_kube_resource_configmaps, "default", cm, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_ALREADY_EXISTS);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  /* 409 Conflict: a stale resourceVersion */
  json_object_set_string_member (json_object_get_object_member (json_node_get_object (first), "metadata"), "resourceVersion", "1");
  n = RUN (client, &error, kf_kube_client_update_async (client, &kf_kube_resource_configmaps, "default", first, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* 422 Invalid: the cause names the field */
  n = RUN (client, &error, kf_kube_client_create_async (client, &kf_kube_resource_deployments, "default", bad, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_INVALID);
  g_assert_cmpuint (kf_kube_error_get_causes (error)->len, ==, 1);
  g_assert_cmpstr (kf_kube_error_get_cause_for_field (error, "spec.replicas"), ==,
                   "Invalid value: must be greater than or equal to 0");
  g_assert_null (kf_kube_error_get_cause_for_field (error, "metadata.name"));
  {
    /* the status survives a copy of the error (GTask propagation copies) */
    g_autoptr(GError) copy = g_error_copy (error);
    g_assert_cmpstr (kf_kube_error_get_status (copy)->reason, ==, "Invalid");
    g_assert_cmpuint (kf_kube_error_get_causes (copy)->len, ==, 1);
  }
  g_clear_error (&error);

  /* 403 Forbidden for a read-only user, 200 for its reads */
  n = RUN (viewer, &error, kf_kube_client_delete_async (viewer, &kf_kube_resource_configmaps, "default", "c", 0, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "viewer"));
  g_clear_error (&error);
  n = RUN (viewer, &error, kf_kube_client_get_async (viewer, &kf_kube_resource_configmaps, "default", "c", NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  json_node_unref (n);

  g_clear_object (&client);
  g_clear_object (&viewer);
  kf_test_apiserver_free (server);
}

static void
test_pagination (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  KfKubeListOptions opts = { .limit = 100 };
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;

  for (guint i = 0; i < 1234; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"metadata\":{\"name\":\"pod-%04u\",\"namespace\":\"ns\"}}", i);
      g_autoptr(JsonNode) o = kf_test_json (text);
      kf_test_apiserver_put (server, "", "pods", o);
    }

  page = RUN (client, &error, kf_kube_client_list_async (client, &kf_kube_resource_pods, "ns", &opts, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "items")), ==, 100);
  g_assert_true (json_object_has_member (json_object_get_object_member (json_node_get_object (page), "metadata"), "continue"));

  all = RUN (client, &error, kf_kube_client_list_all_async (client, &kf_kube_resource_pods, "ns", &opts, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (all), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1234);
  g_assert_cmpstr (name_of (json_array_get_element (items, 0)), ==, "pod-0000");
  g_assert_cmpstr (name_of (json_array_get_element (items, 1233)), ==, "pod-1233");
  g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (all), "metadata"), "continue"));
  /* 1 single page + 13 pages, each asking for 100 */
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/api/v1/namespaces/ns/pods", "limit=100"), ==, 14);
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/api/v1/namespaces/ns/pods", "continue="), ==, 12);

  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

/* a credential source whose first token the server does not know */
typedef struct
{
  guint fetches;
  guint invalidations;
  gboolean always_bad;
} Creds;

static void
creds_fetch (KfRestConfig *config, GCancellable *cancellable, GAsyncReadyCallback callback,
             gpointer user_data, gpointer func_data)
{
  Creds *c = func_data;
  g_autoptr(GTask) task = g_task_new (config, cancellable, callback, user_data);

  c->fetches++;
  g_task_return_pointer (task, g_strdup (c->invalidations == 0 || c->always_bad ? "Bearer expired-token" : "Bearer admin-token"), g_free);
}

static char *
creds_finish (KfRestConfig *config, GAsyncResult *result, GError **error, gpointer func_data)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
creds_invalidate (KfRestConfig *config, gpointer func_data)
{
  ((Creds *) func_data)->invalidations++;
}

static void
test_unauthorized_renews (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), NULL);
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  Creds creds = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) v = NULL;
  JsonNode *n;

  kf_rest_config_set_credential_source (config, creds_fetch, creds_finish, creds_invalidate, &creds, NULL);
  v = RUN (client, &error, kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpuint (creds.invalidations, ==, 1);
  g_assert_cmpuint (creds.fetches, ==, 2);
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/version", NULL), ==, 2);

  /* still rejected after renewing: one retry only, then Unauthorized */
  creds.always_bad = TRUE;
  n = RUN (client, &error, kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (creds.invalidations, ==, 2);
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/version", NULL), ==, 4);

  g_clear_object (&client);
  g_clear_object (&config);
  kf_test_apiserver_free (server);
}

static void
test_too_many_requests (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) v = NULL;
  JsonNode *n;
  gint64 start = g_get_monotonic_time ();

  kf_test_apiserver_throttle (server, 2, 1);
  v = RUN (client, &error, kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/version", NULL), ==, 3);
  /* it waited for Retry-After (1 s) twice */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC - 100000);

  kf_kube_client_set_max_retries (client, 1);
  kf_test_apiserver_throttle (server, 5, 1);
  n = RUN (client, &error, kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_TOO_MANY_REQUESTS);
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/version", NULL), ==, 5);

  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

static void
test_timeout (void)
{
  guint16 port;
  g_autoptr(GSocketService) silent = kf_test_silent_server_new (&port);
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u", port);
  g_autoptr(KfRestConfig) config = kf_test_config_new (url, "admin-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config2 = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
  g_autoptr(KfKubeClient) client2 = kf_kube_client_new (config2);
  g_autoptr(GError) error = NULL;
  JsonNode *n;

  /* a server that accepts the connection and never speaks (not even TLS) */
  kf_kube_client_set_timeout (client, 1);
  n = RUN (client, &error, kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, url));
  g_clear_error (&error);

  /* a server that reads the request and never answers */
  kf_kube_client_set_timeout (client2, 1);
  n = RUN (client2, &error, kf_kube_client_request_async (client2, "GET", "/api/v1/hang", NULL, NULL, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_TIMEOUT);
  g_clear_error (&error);

  /* cancelled by the caller: G_IO_ERROR_CANCELLED, not a timeout */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    KfTestResult res = { 0 };

    kf_kube_client_set_timeout (client2, 30);
    kf_kube_client_request_async (client2, "GET", "/api/v1/hang", NULL, NULL, cancellable, kf_test_result_cb, &res);
    g_cancellable_cancel (cancellable);
    n = kf_kube_client_request_finish (client2, kf_test_result_wait (&res), &error);
    kf_test_result_clear (&res);
    g_assert_null (n);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* nobody listening */
  {
    g_autoptr(KfRestConfig) dead = kf_test_config_new ("https://127.0.0.1:9", "x");
    g_autoptr(KfKubeClient) dead_client = kf_kube_client_new (dead);

    n = RUN (dead_client, &error, kf_kube_client_get_version_async (dead_client, NULL, kf_test_result_cb, r));
    g_assert_null (n);
    g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE);
    g_assert_nonnull (strstr (error->message, "https://127.0.0.1:9"));
  }

  g_socket_service_stop (silent);
  g_clear_object (&client);
  g_clear_object (&client2);
  kf_test_apiserver_free (server);
}

static JsonNode *
get_version (KfRestConfig *config,
             GError      **error)
{
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);

  kf_kube_client_set_timeout (client, 10);
  return RUN (client, error, kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, r));
}

static void
test_tls (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  KfTestApiserver *internal = kf_test_apiserver_new ("server-internal");
  g_autofree char *other_ca = NULL;
  g_autofree char *other_path = g_strdup_printf ("%s/k8s/other-ca.pem", g_getenv ("KF_TEST_DATA_DIR"));
  g_autoptr(GError) error = NULL;
  JsonNode *n;

  g_assert_true (g_file_get_contents (other_path, &other_ca, NULL, NULL));

  /* the wrong CA */
  {
    g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
    g_assert_true (kf_rest_config_set_ca_pem (config, other_ca, -1, NULL));
    n = get_version (config, &error);
    g_assert_null (n);
    g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, "unknown certificate authority"));
    g_test_message ("wrong CA: %s", error->message);
    g_clear_error (&error);

    /* insecure-skip-tls-verify accepts it */
    kf_rest_config_set_insecure (config, TRUE);
    n = get_version (config, &error);
    g_assert_no_error (error);
    json_node_unref (n);
  }

  /* a certificate for kubernetes.internal reached at 127.0.0.1 */
  {
    g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (internal), "admin-token");

    n = get_version (config, &error);
    g_assert_null (n);
    g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, "not valid for the server's name"));
    g_test_message ("wrong name: %s", error->message);
    g_clear_error (&error);

    kf_rest_config_set_tls_server_name (config, "kubernetes.internal");
    n = get_version (config, &error);
    g_assert_no_error (error);
    json_node_unref (n);

    kf_rest_config_set_tls_server_name (config, "other.internal");
    n = get_version (config, &error);
    g_assert_null (n);
    g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, "not valid for the server's name"));
    g_clear_error (&error);

    /* tls-server-name does not rescue an untrusted CA */
    kf_rest_config_set_tls_server_name (config, "kubernetes.internal");
    g_assert_true (kf_rest_config_set_ca_pem (config, other_ca, -1, NULL));
    n = get_version (config, &error);
    g_assert_null (n);
    g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, "unknown certificate authority"));
  }

  kf_test_apiserver_free (server);
  kf_test_apiserver_free (internal);
}

static void
test_client_certificate (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), NULL);
  g_autoptr(KfKubeClient) client = NULL;
  g_autofree char *cert_path = g_strdup_printf ("%s/k8s/client-alice.pem", g_getenv ("KF_TEST_DATA_DIR"));
  g_autofree char *key_path = g_strdup_printf ("%s/k8s/client-alice.key", g_getenv ("KF_TEST_DATA_DIR"));
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (cert_path, key_path, NULL);
  g_autoptr(KfKubeIdentity) id = NULL;
  g_autoptr(GError) error = NULL;
  KfTestResult r = { 0 };

  g_assert_nonnull (cert);
  /* without a certificate or token: 401 */
  client = kf_kube_client_new (config);
  kf_kube_client_whoami_async (client, NULL, kf_test_result_cb, &r);
  id = kf_kube_client_whoami_finish (client, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_clear_object (&client);

  kf_rest_config_set_client_certificate (config, cert);
  client = kf_kube_client_new (config);
  kf_kube_client_whoami_async (client, NULL, kf_test_result_cb, &r);
  id = kf_kube_client_whoami_finish (client, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  g_assert_cmpstr (id->username, ==, "alice");
  g_assert_true (g_strv_contains ((const char * const *) id->groups, "kubefoundry:devs"));
  g_assert_cmpint (id->source, ==, KF_KUBE_IDENTITY_SELF_SUBJECT_REVIEW);

  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

static void
test_identity (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "viewer-token");
  g_autoptr(KfKubeClient) client = kf_kube_client_new (config);
  g_autoptr(GError) error = NULL;
  KfTestResult r = { 0 };
  KfKubeIdentity *id;
  gboolean allowed = TRUE;
  g_autofree char *reason = NULL;
  g_autoptr(JsonNode) version = NULL;

  kf_rest_config_set_user_name (config, "kubeconfig-viewer");

  kf_kube_client_whoami_async (client, NULL, kf_test_result_cb, &r);
  id = kf_kube_client_whoami_finish (client, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  g_assert_cmpstr (id->username, ==, "viewer");
  g_assert_cmpint (id->source, ==, KF_KUBE_IDENTITY_SELF_SUBJECT_REVIEW);
  kf_kube_identity_free (id);

  /* an older cluster: SelfSubjectReview 404 → TokenReview with the bearer token */
  kf_test_apiserver_set_self_subject_review (server, FALSE);
  kf_kube_client_whoami_async (client, NULL, kf_test_result_cb, &r);
  id = kf_kube_client_whoami_finish (client, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  g_assert_cmpstr (id->username, ==, "viewer");
  g_assert_cmpint (id->source, ==, KF_KUBE_IDENTITY_TOKEN_REVIEW);
  kf_kube_identity_free (id);
  g_assert_cmpuint (kf_test_apiserver_count_requests (server, "/apis/authentication.k8s.io/v1/tokenreviews", NULL), ==, 1);

  /* no token to review (client certificate): the kubeconfig's user name */
  {
    g_autoptr(KfRestConfig) cert_config = kf_test_config_new (kf_test_apiserver_get_url (server), NULL);
    g_autofree char *cert_path = g_strdup_printf ("%s/k8s/client-alice.pem", g_getenv ("KF_TEST_DATA_DIR"));
    g_autofree char *key_path = g_strdup_printf ("%s/k8s/client-alice.key", g_getenv ("KF_TEST_DATA_DIR"));
    g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (cert_path, key_path, NULL);
    g_autoptr(KfKubeClient) cert_client = NULL;

    kf_rest_config_set_client_certificate (cert_config, cert);
    kf_rest_config_set_user_name (cert_config, "alice@cluster");
    cert_client = kf_kube_client_new (cert_config);
    kf_kube_client_whoami_async (cert_client, NULL, kf_test_result_cb, &r);
    id = kf_kube_client_whoami_finish (cert_client, kf_test_result_wait (&r), &error);
    kf_test_result_clear (&r);
    g_assert_no_error (error);
    g_assert_cmpstr (id->username, ==, "alice@cluster");
    g_assert_cmpint (id->source, ==, KF_KUBE_IDENTITY_KUBECONFIG);
    kf_kube_identity_free (id);
  }

  /* may I */
  kf_kube_client_can_i_async (client, "create", "nvidia.com", "dynamographdeployments", NULL, "ml", NULL,
                              NULL, kf_test_result_cb, &r);
  g_assert_true (kf_kube_client_can_i_finish (client, kf_test_result_wait (&r), &allowed, &reason, &error));
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  g_assert_false (allowed);
  g_assert_cmpstr (reason, ==, "viewer may only read");
  g_clear_pointer (&reason, g_free);

  kf_kube_client_can_i_async (client, "list", "", "pods", NULL, "ml", NULL, NULL, kf_test_result_cb, &r);
  g_assert_true (kf_kube_client_can_i_finish (client, kf_test_result_wait (&r), &allowed, &reason, &error));
  kf_test_result_clear (&r);
  g_assert_true (allowed);

  kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, &r);
  version = kf_kube_client_request_finish (client, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (version), "gitVersion"), ==, "v1.31.0-kftest");

  g_clear_object (&client);
  kf_test_apiserver_free (server);
}

static void
test_proxy (void)
{
  KfTestApiserver *server = kf_test_apiserver_new ("server");
  KfTestProxy *proxy = kf_test_proxy_new ();
  g_autofree char *proxy_url = g_strdup_printf ("http://127.0.0.1:%u", kf_test_proxy_get_port (proxy));
  g_autoptr(GError) error = NULL;
  JsonNode *n;

  /* proxy-url from the kubeconfig */
  {
    g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
    kf_rest_config_set_proxy_url (config, proxy_url);
    n = get_version (config, &error);
    g_assert_no_error (error);
    json_node_unref (n);
    g_assert_cmpuint (kf_test_proxy_get_n_tunnels (proxy), ==, 1);
  }

  /* an unsupported scheme is named in the error */
  {
    g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
    kf_rest_config_set_proxy_url (config, "ftp://127.0.0.1:1");
    n = get_version (config, &error);
    g_assert_null (n);
    g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE);
    g_assert_nonnull (strstr (error->message, "ftp"));
    g_clear_error (&error);
  }

  /* HTTPS_PROXY from the environment … */
  g_setenv ("https_proxy", proxy_url, TRUE);
  g_unsetenv ("NO_PROXY");
  g_unsetenv ("no_proxy");
  {
    g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
    n = get_version (config, &error);
    g_assert_no_error (error);
    json_node_unref (n);
    g_assert_cmpuint (kf_test_proxy_get_n_tunnels (proxy), ==, 2);
  }
  /* … unless NO_PROXY names the server (a CIDR here; a dead proxy proves it is skipped) */
  g_setenv ("https_proxy", "http://127.0.0.1:9", TRUE);
  g_setenv ("NO_PROXY", "example.com,127.0.0.0/8", TRUE);
  {
    g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
    n = get_version (config, &error);
    g_assert_no_error (error);
    json_node_unref (n);
  }
  /* a proxy that is down: the error says so */
  g_setenv ("NO_PROXY", "example.com", TRUE);
  {
    g_autoptr(KfRestConfig) config = kf_test_config_new (kf_test_apiserver_get_url (server), "admin-token");
    n = get_version (config, &error);
    g_assert_null (n);
    g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE);
    g_test_message ("dead proxy: %s", error->message);
    g_clear_error (&error);
  }
  g_unsetenv ("https_proxy");
  g_unsetenv ("NO_PROXY");

  kf_test_proxy_free (proxy);
  kf_test_apiserver_free (server);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/k8s/client/paths", test_paths);
  g_test_add_func ("/k8s/client/crud", test_crud);
  g_test_add_func ("/k8s/client/errors", test_errors);
  g_test_add_func ("/k8s/client/pagination", test_pagination);
  g_test_add_func ("/k8s/client/unauthorized-renews", test_unauthorized_renews);
  g_test_add_func ("/k8s/client/too-many-requests", test_too_many_requests);
  g_test_add_func ("/k8s/client/timeout", test_timeout);
  g_test_add_func ("/k8s/client/tls", test_tls);
  g_test_add_func ("/k8s/client/client-certificate", test_client_certificate);
  g_test_add_func ("/k8s/client/identity", test_identity);
  g_test_add_func ("/k8s/client/proxy", test_proxy);
  return g_test_run ();
}
