/* test-kube-sim.c: the REST client, watch and informer against the simulated
 * cluster (src/sim) over TLS, connected through a kubeconfig it wrote:
 * bearer-token, read-only and client-certificate users; CRUD and Status
 * errors with causes; pagination; watch resume after dropped streams, 410
 * after compaction; an expired token renewed; 429 Retry-After; cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-informer.h"
#include "kf-kube-identity.h"
#include "kf-kubeconfig.h"
#include "kf-test-apiserver.h"
#include "kf-test-sim.h"

static const KfKubeResource dgd = { "nvidia.com", "v1alpha1", "dynamographdeployments" };

static KfKubeClient *
client_for (KfTestSim  *sim,
            const char *context)
{
  g_autofree char *paths[] = { g_strdup (sim->kubeconfig), NULL };
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths ((const char * const *) paths);
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  kf_kubeconfig_load (kubeconfig);
  config = kf_kubeconfig_build_rest_config (kubeconfig, context, &error);
  g_assert_no_error (error);
  return kf_kube_client_new (config);
}

#define RUN(client, err, expr) ({                                          \
    KfTestResult _r = { 0 };                                               \
    KfTestResult *r = &_r;                                                 \
    JsonNode *_n;                                                          \
    expr;                                                                  \
    _n = kf_kube_client_request_finish ((client), kf_test_result_wait (r), (err)); \
    kf_test_result_clear (r);                                              \
    _n; })

static JsonNode *
graph (const char *name,
       int         replicas)
{
  g_autofree char *text = g_strdup_printf (
    "{\"apiVersion\":\"nvidia.com/v1alpha1\",\"kind\":\"DynamoGraphDeployment\",\"metadata\":{\"name\":\"%s\","
    "\"labels\":{\"app.kubernetes.io/managed-by\":\"kubefoundry\"}},"
    "\"spec\":{\"services\":{\"Frontend\":{\"componentType\":\"frontend\",\"replicas\":%d}}}}", name, replicas);
  return kf_test_json (text);
}

static void
test_crud_errors (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfKubeClient) client = client_for (sim, "kubefoundry-sim");
  g_autoptr(KfKubeClient) viewer = client_for (sim, "kubefoundry-sim-viewer");
  g_autoptr(JsonNode) obj = graph ("llama", 1);
  g_autoptr(JsonNode) created = NULL, got = NULL, patched = NULL;
  g_autoptr(JsonNode) patch = kf_test_json ("{\"metadata\":{\"labels\":{\"tier\":\"gpu\"}}}");
  g_autoptr(JsonNode) bad = kf_test_json ("{\"apiVersion\":\"nvidia.com/v1alpha1\",\"kind\":\"DynamoGraphDeployment\","
                                          "\"metadata\":{\"name\":\"bad\"},\"spec\":{\"services\":\"not-a-map\"}}");
  GError *error = NULL;
  JsonNode *n;
  GPtrArray *causes;

  created = RUN (client, &error, kf_kube_client_create_async (client, &dgd, "default", obj, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  got = RUN (client, &error, kf_kube_client_get_async (client, &dgd, "default", "llama", NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  patched = RUN (client, &error, kf_kube_client_patch_async (client, &dgd, "default", "llama", KF_KUBE_PATCH_MERGE, patch,
                                                             NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (patched), "metadata"), "labels"), "tier"), ==, "gpu");

  n = RUN (client, &error, kf_kube_client_create_async (client, &dgd, "default", obj, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_ALREADY_EXISTS);
  g_clear_error (&error);

  n = RUN (client, &error, kf_kube_client_create_async (client, &dgd, "default", bad, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_INVALID);
  causes = kf_kube_error_get_causes (error);
  g_assert_nonnull (causes);
  g_assert_cmpuint (causes->len, >=, 1);
  g_test_message ("invalid: %s; first cause %s: %s", error->message,
                  ((KfKubeStatusCause *) causes->pdata[0])->field, ((KfKubeStatusCause *) causes->pdata[0])->message);
  g_assert_true (g_str_has_prefix (((KfKubeStatusCause *) causes->pdata[0])->field, "spec.services"));
  g_clear_error (&error);

  n = RUN (viewer, &error, kf_kube_client_delete_async (viewer, &dgd, "default", "llama", 0, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  n = RUN (client, &error, kf_kube_client_delete_async (client, &dgd, "default", "llama", KF_KUBE_PROPAGATION_BACKGROUND,
                                                        NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  json_node_unref (n);
  n = RUN (client, &error, kf_kube_client_get_async (client, &dgd, "default", "llama", NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_pagination (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfKubeClient) client = client_for (sim, "kubefoundry-sim");
  KfKubeListOptions opts = { .limit = 25, .label_selector = "bench=yes" };
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-%03u\","
                                               "\"labels\":{\"bench\":\"%s\"}}}", i, i % 13 == 0 ? "no" : "yes");
      g_autoptr(JsonNode) cm = kf_test_json (text);
      g_autoptr(JsonNode) stored = kf_sim_store_create (kf_sim_server_get_store (sim->server), "configmaps", "default", cm, &error);
      g_assert_no_error (error);
    }
  kf_sim_server_reset_request_counts (sim->server);
  all = RUN (client, &error, kf_kube_client_list_all_async (client, &kf_kube_resource_configmaps, "default", &opts, NULL,
                                                            kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (all), "items")), ==, 120);
  g_assert_cmpuint (kf_sim_server_count_requests (sim->server, "list", "/api/v1/namespaces/default/configmaps"), ==, 5);
}

typedef struct { KfInformer *inf; const char *want; } NamesAre;

static gboolean
names_are (gpointer data)
{
  NamesAre *n = data;
  GString *s = g_string_new (NULL);
  gboolean same;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (n->inf)); i++)
    {
      g_autoptr(KfKubeObject) o = g_list_model_get_item (G_LIST_MODEL (n->inf), i);
      g_string_append_printf (s, "%s%s", i ? " " : "", kf_kube_object_get_name (o));
    }
  same = g_str_equal (s->str, n->want);
  g_string_free (s, TRUE);
  return same;
}

static gboolean
informer_ready (gpointer data)
{
  return kf_informer_get_synced (data) && kf_kube_watch_is_connected (kf_informer_get_watch (data));
}

static gboolean
no_watches (gpointer data)
{
  return kf_sim_server_get_watch_count (data) == 0;
}

static void
test_informer_faults (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfKubeClient) client = client_for (sim, "kubefoundry-sim");
  g_autoptr(KfInformer) inf = kf_informer_new (client, &dgd, "default", NULL, NULL);
  g_autoptr(GError) error = NULL;
  NamesAre n = { inf, NULL };
  KfSimStore *store = kf_sim_server_get_store (sim->server);
  JsonNode *x;

  kf_kube_watch_set_backoff (kf_informer_get_watch (inf), 20, 200);
  kf_informer_start (inf);
  g_assert_true (kf_test_wait_until (informer_ready, inf, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (inf)), ==, 0);

  /* create through the client, watch it arrive */
  {
    g_autoptr(JsonNode) b = graph ("b", 1);
    g_autoptr(JsonNode) a = graph ("a", 1);
    x = RUN (client, &error, kf_kube_client_create_async (client, &dgd, "default", b, NULL, kf_test_result_cb, r));
    g_assert_no_error (error);
    json_node_unref (x);
    x = RUN (client, &error, kf_kube_client_create_async (client, &dgd, "default", a, NULL, kf_test_result_cb, r));
    g_assert_no_error (error);
    json_node_unref (x);
  }
  n.want = "a b";
  g_assert_true (kf_test_wait_until (names_are, &n, 10000));

  /* the sim drops every watch; a change happens meanwhile */
  kf_sim_server_drop_watches (sim->server);
  {
    g_autoptr(JsonNode) c = graph ("c", 1);
    g_autoptr(JsonNode) stored = kf_sim_store_create (store, "dynamographdeployments.nvidia.com", "default", c, &error);
    g_assert_no_error (error);
  }
  n.want = "a b c";
  g_assert_true (kf_test_wait_until (names_are, &n, 10000));
  g_assert_cmpuint (kf_kube_watch_get_n_connects (kf_informer_get_watch (inf)), >=, 2);

  /* compaction: resuming from an old resourceVersion is 410 → relist */
  kf_sim_server_compact (sim->server);
  kf_sim_server_drop_watches (sim->server);
  {
    g_autoptr(JsonNode) gone = kf_sim_store_delete (store, "dynamographdeployments.nvidia.com", "default", "a", &error);
    g_assert_no_error (error);
  }
  n.want = "b c";
  g_assert_true (kf_test_wait_until (names_are, &n, 10000));
  g_assert_true (kf_test_wait_until (informer_ready, inf, 10000));

  /* a context switch cancels the old client's watches */
  kf_kube_client_cancel_all (client);
  kf_test_run_for (100);
  g_assert_false (kf_kube_watch_is_running (kf_informer_get_watch (inf)));
  g_assert_true (kf_test_wait_until (no_watches, sim->server, 10000));
}

/* first the user's expired token, then (after invalidation) a valid one */
typedef struct
{
  const char *stale;
  const char *fresh;
  guint       invalidations;
} Creds;

static void
creds_fetch (KfRestConfig *config, GCancellable *cancellable, GAsyncReadyCallback callback,
             gpointer user_data, gpointer func_data)
{
  Creds *c = func_data;
  g_autoptr(GTask) task = g_task_new (config, cancellable, callback, user_data);

  g_task_return_pointer (task, g_strconcat ("Bearer ", c->invalidations == 0 ? c->stale : c->fresh, NULL), g_free);
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
test_auth_and_throttling (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfRestConfig) config = kf_rest_config_new (kf_sim_server_get_url (sim->server));
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(GError) error = NULL;
  Creds creds = { kf_sim_server_get_token (sim->server, "admin"), kf_sim_server_get_token (sim->server, "viewer"), 0 };
  g_autoptr(KfKubeIdentity) id = NULL;
  KfTestResult res = { 0 };
  JsonNode *n;

  g_assert_true (kf_rest_config_set_ca_pem (config, kf_sim_server_get_ca_pem (sim->server), -1, &error));
  kf_rest_config_set_credential_source (config, creds_fetch, creds_finish, creds_invalidate, &creds, NULL);
  client = kf_kube_client_new (config);

  /* the token expires: 401, credentials renewed, retried once */
  kf_sim_server_expire_token (sim->server, "admin");
  kf_kube_client_whoami_async (client, NULL, kf_test_result_cb, &res);
  id = kf_kube_client_whoami_finish (client, kf_test_result_wait (&res), &error);
  kf_test_result_clear (&res);
  g_assert_no_error (error);
  g_assert_cmpuint (creds.invalidations, ==, 1);
  g_assert_cmpstr (id->username, ==, "viewer");

  /* throttled twice with Retry-After: 1 */
  kf_sim_server_set_retry_after (sim->server, 1);
  kf_sim_server_fail_requests (sim->server, 429, 2, "/version");
  n = RUN (client, &error, kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, r));
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (n), "gitVersion"));
  json_node_unref (n);

  /* a 503 is reported as such */
  kf_sim_server_fail_requests (sim->server, 503, 1, "/version");
  n = RUN (client, &error, kf_kube_client_get_version_async (client, NULL, kf_test_result_cb, r));
  g_assert_null (n);
  g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_SERVICE_UNAVAILABLE);
}

static void
test_identities (void)
{
  g_autoptr(KfTestSim) sim = kf_test_sim_new (NULL, 20.0, FALSE);
  g_autoptr(KfKubeClient) admin = client_for (sim, "kubefoundry-sim");
  g_autoptr(KfKubeClient) viewer = client_for (sim, "kubefoundry-sim-viewer");
  g_autoptr(KfKubeClient) cert = client_for (sim, "kubefoundry-sim-cert");
  g_autoptr(GError) error = NULL;
  KfTestResult r = { 0 };
  KfKubeIdentity *id;
  gboolean allowed = TRUE;
  g_autofree char *reason = NULL;

  kf_kube_client_whoami_async (admin, NULL, kf_test_result_cb, &r);
  id = kf_kube_client_whoami_finish (admin, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  g_assert_cmpstr (id->username, ==, "admin");
  kf_kube_identity_free (id);

  kf_kube_client_whoami_async (cert, NULL, kf_test_result_cb, &r);
  id = kf_kube_client_whoami_finish (cert, kf_test_result_wait (&r), &error);
  kf_test_result_clear (&r);
  g_assert_no_error (error);
  g_assert_cmpstr (id->username, ==, "cert-admin");
  kf_kube_identity_free (id);

  kf_kube_client_can_i_async (viewer, "create", "nvidia.com", "dynamographdeployments", NULL, "default", NULL,
                              NULL, kf_test_result_cb, &r);
  g_assert_true (kf_kube_client_can_i_finish (viewer, kf_test_result_wait (&r), &allowed, &reason, &error));
  kf_test_result_clear (&r);
  g_assert_false (allowed);
  g_test_message ("viewer may not create: %s", reason ? reason : "(no reason)");

  kf_kube_client_can_i_async (admin, "create", "nvidia.com", "dynamographdeployments", NULL, "default", NULL,
                              NULL, kf_test_result_cb, &r);
  g_assert_true (kf_kube_client_can_i_finish (admin, kf_test_result_wait (&r), &allowed, NULL, &error));
  kf_test_result_clear (&r);
  g_assert_true (allowed);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/k8s/sim/crud-errors", test_crud_errors);
  g_test_add_func ("/k8s/sim/pagination", test_pagination);
  g_test_add_func ("/k8s/sim/informer-faults", test_informer_faults);
  g_test_add_func ("/k8s/sim/auth-throttling", test_auth_and_throttling);
  g_test_add_func ("/k8s/sim/identities", test_identities);
  {
    int status = g_test_run ();

    kf_test_stop_threads ();
    return status;
  }
}
