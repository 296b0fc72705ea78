/* test-sim-server.c: the simulated API server over HTTPS, with a plain SoupSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kf-sim-json.h"
#include "kf-test-sim.h"

static KfTestSim *sim;   /* one server for the file; each test uses its own namespace */

static JsonNode *
req (const char *method,
     const char *path,
     const char *body,
     guint      *status)
{
  return kf_test_sim_request (sim, "admin", method, path, NULL, body, status);
}

static const char *
str (JsonNode   *node,
     const char *path)
{
  return kf_sim_json_get_string (node, path);
}

static void
make_namespace (const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"}}", name);
  guint status = 0;
  g_autoptr(JsonNode) ns = req ("POST", "/api/v1/namespaces", body, &status);

  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (str (ns, "status.phase"), ==, "Active");
}

static gboolean
list_has (JsonNode   *list,
          const char *member,
          const char *key,
          const char *value)
{
  JsonArray *arr = json_node_get_array (kf_sim_json_lookup (list, member));

  for (guint i = 0; i < json_array_get_length (arr); i++)
    if (g_strcmp0 (str (json_array_get_element (arr, i), key), value) == 0)
      return TRUE;
  return FALSE;
}

static JsonNode *
find_in (JsonNode   *list,
         const char *member,
         const char *key,
         const char *value)
{
  JsonArray *arr = json_node_get_array (kf_sim_json_lookup (list, member));

  for (guint i = 0; i < json_array_get_length (arr); i++)
    if (g_strcmp0 (str (json_array_get_element (arr, i), key), value) == 0)
      return json_array_get_element (arr, i);
  return NULL;
}

static void
test_discovery (void)
{
  guint status = 0;
  g_autoptr(JsonNode) version = req ("GET", "/version", NULL, &status);
  g_autoptr(JsonNode) api = req ("GET", "/api", NULL, &status);
  g_autoptr(JsonNode) apis = req ("GET", "/apis", NULL, &status);
  g_autoptr(JsonNode) core = req ("GET", "/api/v1", NULL, &status);
  g_autoptr(JsonNode) apps = req ("GET", "/apis/apps/v1", NULL, &status);
  g_autoptr(JsonNode) nvidia = req ("GET", "/apis/nvidia.com", NULL, &status);
  g_autoptr(JsonNode) missing = NULL;
  JsonNode *deploy, *pods, *log, *scale, *ray;

  g_assert_cmpstr (str (version, "gitVersion"), ==, "v1.32.2");
  g_assert_cmpstr (str (api, "kind"), ==, "APIVersions");
  g_assert_cmpstr (str (apis, "kind"), ==, "APIGroupList");
  g_assert_true (list_has (apis, "groups", "name", "apps"));
  g_assert_true (list_has (apis, "groups", "name", "rbac.authorization.k8s.io"));
  g_assert_true (list_has (apis, "groups", "name", "ray.io"));
  g_assert_true (list_has (apis, "groups", "name", "kaito.sh"));
  g_assert_true (list_has (apis, "groups", "name", "authorization.k8s.io"));
  /* nvidia.com serves v1beta1 (preferred, the storage version) and v1alpha1 */
  g_assert_cmpstr (str (nvidia, "preferredVersion.version"), ==, "v1beta1");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (kf_sim_json_lookup (nvidia, "versions"))), ==, 2);

  pods = find_in (core, "resources", "name", "pods");
  g_assert_nonnull (pods);
  g_assert_cmpstr (str (pods, "kind"), ==, "Pod");
  g_assert_cmpstr (str (pods, "singularName"), ==, "pod");
  g_assert_true (json_node_get_boolean (kf_sim_json_lookup (pods, "namespaced")));
  log = find_in (core, "resources", "name", "pods/log");
  g_assert_nonnull (log);
  g_assert_false (list_has (core, "resources", "name", "deployments"));

  deploy = find_in (apps, "resources", "name", "deployments");
  g_assert_cmpstr (str (apps, "groupVersion"), ==, "apps/v1");
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (kf_sim_json_lookup (deploy, "shortNames")), 0), ==, "deploy");
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (kf_sim_json_lookup (deploy, "categories")), 0), ==, "all");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (kf_sim_json_lookup (deploy, "verbs"))), ==, 8);
  scale = find_in (apps, "resources", "name", "deployments/scale");
  g_assert_cmpstr (str (scale, "kind"), ==, "Scale");

  {
    g_autoptr(JsonNode) rayv1 = req ("GET", "/apis/ray.io/v1", NULL, &status);
    ray = find_in (rayv1, "resources", "name", "rayservices");
    g_assert_cmpstr (str (ray, "kind"), ==, "RayService");
    g_assert_nonnull (find_in (rayv1, "resources", "name", "rayservices/status"));
  }

  missing = req ("GET", "/apis/example.com/v1", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
}

static void
test_authentication (void)
{
  guint status = 0;
  g_autoptr(JsonNode) anon = kf_test_sim_request (sim, NULL, "GET", "/api/v1/namespaces", NULL, NULL, &status);
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(JsonNode) cert = NULL;
  g_autoptr(JsonNode) whoami = NULL;

  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (str (anon, "reason"), ==, "Unauthorized");
  g_assert_cmpstr (str (anon, "kind"), ==, "Status");

  {
    g_autofree char *url = g_strconcat (kf_sim_server_get_url (sim->server), "/api/v1/namespaces", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = NULL;
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer not-a-token");
    body = kf_test_sim_send (sim, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  }

  /* the client-certificate user gets in with its certificate */
  cert = kf_test_sim_request (sim, "cert-admin", "GET", "/api/v1/namespaces/default", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  whoami = kf_test_sim_request (sim, "cert-admin", "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", NULL,
                                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (str (whoami, "status.userInfo.username"), ==, "cert-admin");
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (kf_sim_json_lookup (whoami, "status.userInfo.groups")), 0),
                   ==, "system:masters");
}

static void
test_authorization (void)
{
  guint status = 0;
  g_autoptr(JsonNode) list = kf_test_sim_request (sim, "viewer", "GET", "/api/v1/nodes", NULL, NULL, &status);
  g_autoptr(JsonNode) denied = NULL;
  g_autoptr(JsonNode) ssar = NULL;
  g_autoptr(JsonNode) ssar_yes = NULL;
  g_autoptr(JsonNode) token_review = NULL;

  g_assert_cmpuint (status, ==, 200);
  denied = kf_test_sim_request (sim, "viewer", "POST", "/api/v1/namespaces/default/configmaps", NULL,
                                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}", &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (str (denied, "reason"), ==, "Forbidden");
  g_assert_cmpstr (str (denied, "message"), ==,
                   "configmaps is forbidden: User \"viewer\" cannot create resource \"configmaps\" in API group \"\" "
                   "in the namespace \"default\"");

  ssar = kf_test_sim_request (sim, "viewer", "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", NULL,
                              "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
                              "\"spec\":{\"resourceAttributes\":{\"verb\":\"delete\",\"group\":\"ray.io\","
                              "\"resource\":\"rayservices\",\"namespace\":\"default\"}}}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_false (json_node_get_boolean (kf_sim_json_lookup (ssar, "status.allowed")));
  ssar_yes = kf_test_sim_request (sim, "viewer", "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", NULL,
                                  "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
                                  "\"spec\":{\"resourceAttributes\":{\"verb\":\"watch\",\"group\":\"ray.io\","
                                  "\"resource\":\"rayservices\",\"namespace\":\"default\"}}}", &status);
  g_assert_true (json_node_get_boolean (kf_sim_json_lookup (ssar_yes, "status.allowed")));

  {
    g_autofree char *body = g_strdup_printf ("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\","
                                             "\"spec\":{\"token\":\"%s\"}}",
                                             kf_sim_server_get_token (sim->server, "viewer"));
    token_review = req ("POST", "/apis/authentication.k8s.io/v1/tokenreviews", body, &status);
    g_assert_cmpuint (status, ==, 201);
    g_assert_true (json_node_get_boolean (kf_sim_json_lookup (token_review, "status.authenticated")));
    g_assert_cmpstr (str (token_review, "status.user.username"), ==, "viewer");
  }
}

static void
test_crud (void)
{
  guint status = 0;
  g_autoptr(JsonNode) created = NULL, again = NULL, got = NULL, stale = NULL, updated = NULL;
  g_autoptr(JsonNode) merged = NULL, strategic = NULL, jsonpatched = NULL, deleted = NULL, gone = NULL;
  g_autoptr(JsonNode) generated = NULL, badname = NULL, nons = NULL, mismatch = NULL;
  g_autofree char *put = NULL;
  JsonNode *causes;

  make_namespace ("crud");
  created = req ("POST", "/api/v1/namespaces/crud/configmaps",
                 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\",\"labels\":{\"a\":\"1\"}},"
                 "\"data\":{\"k\":\"v\"}}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_nonnull (str (created, "metadata.uid"));
  g_assert_cmpstr (str (created, "metadata.namespace"), ==, "crud");

  again = req ("POST", "/api/v1/namespaces/crud/configmaps",
               "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"}}", &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (str (again, "reason"), ==, "AlreadyExists");
  g_assert_cmpstr (str (again, "message"), ==, "configmaps \"cfg\" already exists");
  g_assert_cmpstr (str (again, "details.name"), ==, "cfg");
  g_assert_cmpstr (str (again, "details.kind"), ==, "configmaps");

  generated = req ("POST", "/api/v1/namespaces/crud/configmaps",
                   "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"gen-\"}}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_true (g_str_has_prefix (str (generated, "metadata.name"), "gen-"));

  badname = req ("POST", "/api/v1/namespaces/crud/configmaps",
                 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Bad_Name\"}}", &status);
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (str (badname, "reason"), ==, "Invalid");
  g_assert_true (g_str_has_prefix (str (badname, "message"), "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value"));
  causes = kf_sim_json_lookup (badname, "details.causes");
  g_assert_cmpstr (str (json_array_get_element (json_node_get_array (causes), 0), "field"), ==, "metadata.name");
  g_assert_cmpstr (str (json_array_get_element (json_node_get_array (causes), 0), "reason"), ==, "FieldValueInvalid");

  nons = req ("POST", "/api/v1/namespaces/nowhere/configmaps",
              "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}", &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (str (nons, "message"), ==, "namespaces \"nowhere\" not found");

  mismatch = req ("POST", "/api/v1/namespaces/crud/configmaps",
                  "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (str (mismatch, "reason"), ==, "BadRequest");

  got = req ("GET", "/api/v1/namespaces/crud/configmaps/cfg", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (str (got, "kind"), ==, "ConfigMap");
  g_assert_cmpstr (str (got, "data.k"), ==, "v");

  /* update with the current resourceVersion works; with the old one it conflicts */
  json_object_set_string_member (kf_sim_json_ensure_object (got, "data"), "k", "v2");
  put = kf_sim_json_to_string (got, NULL);
  updated = req ("PUT", "/api/v1/namespaces/crud/configmaps/cfg", put, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (str (updated, "data.k"), ==, "v2");
  stale = req ("PUT", "/api/v1/namespaces/crud/configmaps/cfg", put, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (str (stale, "reason"), ==, "Conflict");

  merged = kf_test_sim_request (sim, "admin", "PATCH", "/api/v1/namespaces/crud/configmaps/cfg",
                                "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"a\":null,\"b\":\"2\"}}}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (kf_sim_json_lookup (merged, "metadata.labels.a"));
  g_assert_cmpstr (str (merged, "metadata.labels.b"), ==, "2");
  strategic = kf_test_sim_request (sim, "admin", "PATCH", "/api/v1/namespaces/crud/configmaps/cfg",
                                   "application/strategic-merge-patch+json", "{\"data\":{\"z\":\"26\"}}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (str (strategic, "data.z"), ==, "26");
  g_assert_cmpstr (str (strategic, "data.k"), ==, "v2");
  jsonpatched = kf_test_sim_request (sim, "admin", "PATCH", "/api/v1/namespaces/crud/configmaps/cfg",
                                     "application/json-patch+json", "[{\"op\":\"remove\",\"path\":\"/data/z\"}]", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (kf_sim_json_lookup (jsonpatched, "data.z"));

  deleted = req ("DELETE", "/api/v1/namespaces/crud/configmaps/cfg", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  gone = req ("GET", "/api/v1/namespaces/crud/configmaps/cfg", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (str (gone, "reason"), ==, "NotFound");
  g_assert_cmpstr (str (gone, "message"), ==, "configmaps \"cfg\" not found");
}

static void
test_list_pages_and_selectors (void)
{
  guint status = 0;
  g_autofree char *cont = NULL;
  guint seen = 0, pages = 0;
  g_autoptr(JsonNode) selected = NULL;
  g_autoptr(JsonNode) by_field = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(JsonNode) bad_token = NULL;

  make_namespace ("pages");
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
                                               "{\"name\":\"cm-%u\",\"labels\":{\"parity\":\"%s\"}}}",
                                               i, i % 2 ? "odd" : "even");
      g_autoptr(JsonNode) cm = req ("POST", "/api/v1/namespaces/pages/configmaps", body, &status);
      g_assert_cmpuint (status, ==, 201);
    }

  do
    {
      g_autofree char *path = cont ? g_strdup_printf ("/api/v1/namespaces/pages/configmaps?limit=3&continue=%s", cont)
                                   : g_strdup ("/api/v1/namespaces/pages/configmaps?limit=3");
      g_autoptr(JsonNode) page = req ("GET", path, NULL, &status);
      const char *next;

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (str (page, "kind"), ==, "ConfigMapList");
      g_assert_nonnull (str (page, "metadata.resourceVersion"));
      seen += json_array_get_length (json_node_get_array (kf_sim_json_lookup (page, "items")));
      next = str (page, "metadata.continue");
      if (pages == 0)
        g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (page, "metadata.remainingItemCount")), ==, 4);
      g_free (cont);
      cont = next ? g_uri_escape_string (next, NULL, TRUE) : NULL;
      pages++;
    }
  while (cont != NULL);
  g_assert_cmpuint (seen, ==, 7);
  g_assert_cmpuint (pages, ==, 3);

  selected = req ("GET", "/api/v1/namespaces/pages/configmaps?labelSelector=parity%3Dodd", NULL, &status);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (kf_sim_json_lookup (selected, "items"))), ==, 3);
  by_field = req ("GET", "/api/v1/configmaps?fieldSelector=metadata.name%3Dcm-4,metadata.namespace%3Dpages", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (kf_sim_json_lookup (by_field, "items"))), ==, 1);
  bad = req ("GET", "/api/v1/namespaces/pages/configmaps?labelSelector=a%20in%20(b", NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (str (bad, "reason"), ==, "BadRequest");
  bad_token = req ("GET", "/api/v1/namespaces/pages/configmaps?limit=2&continue=garbage", NULL, &status);
  g_assert_cmpuint (status, ==, 400);
}

static const char rayservice[] =
  "{\"apiVersion\":\"ray.io/v1\",\"kind\":\"RayService\",\"metadata\":{\"name\":\"%s\"},"
  "\"spec\":{\"rayClusterConfig\":{\"headGroupSpec\":{\"rayStartParams\":{},\"template\":{\"spec\":"
  "{\"containers\":[{\"name\":\"ray-head\",\"image\":\"rayproject/ray:2.9.0\"}]}}},"
  "\"workerGroupSpecs\":[{\"groupName\":\"gpu\",\"replicas\":%s,\"rayStartParams\":{},\"template\":{\"spec\":"
  "{\"containers\":[{\"name\":\"w\",\"image\":\"rayproject/ray:2.9.0\"}]}}}]}},"
  "\"status\":{\"serviceStatus\":\"Running\"}}";

static void
test_custom_resources (void)
{
  guint status = 0;
  g_autofree char *good = g_strdup_printf (rayservice, "llm", "1");
  g_autofree char *bad = g_strdup_printf (rayservice, "broken", "\"two\"");
  g_autoptr(JsonNode) created = NULL, invalid = NULL, with_status = NULL, after = NULL, table = NULL;
  JsonNode *cause;

  make_namespace ("crs");
  created = req ("POST", "/apis/ray.io/v1/namespaces/crs/rayservices", good, &status);
  g_assert_cmpuint (status, ==, 201);
  /* status is not taken on create when the CRD has the status subresource */
  g_assert_null (kf_sim_json_lookup (created, "status"));
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (created, "metadata.generation")), ==, 1);

  invalid = req ("POST", "/apis/ray.io/v1/namespaces/crs/rayservices", bad, &status);
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (str (invalid, "reason"), ==, "Invalid");
  g_assert_cmpstr (str (invalid, "details.kind"), ==, "RayService");
  g_assert_cmpstr (str (invalid, "details.group"), ==, "ray.io");
  cause = json_array_get_element (json_node_get_array (kf_sim_json_lookup (invalid, "details.causes")), 0);
  g_assert_cmpstr (str (cause, "field"), ==, "spec.rayClusterConfig.workerGroupSpecs[0].replicas");
  g_assert_nonnull (strstr (str (invalid, "message"), "RayService.ray.io \"broken\" is invalid"));

  /* the status subresource changes only .status */
  with_status = req ("PUT", "/apis/ray.io/v1/namespaces/crs/rayservices/llm/status",
                     "{\"apiVersion\":\"ray.io/v1\",\"kind\":\"RayService\",\"metadata\":{\"name\":\"llm\"},"
                     "\"spec\":{},\"status\":{\"serviceStatus\":\"Running\"}}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (str (with_status, "status.serviceStatus"), ==, "Running");
  g_assert_nonnull (kf_sim_json_lookup (with_status, "spec.rayClusterConfig"));

  after = kf_test_sim_request (sim, "admin", "PATCH", "/apis/ray.io/v1/namespaces/crs/rayservices/llm",
                               "application/merge-patch+json", "{\"spec\":{\"serviceUnhealthySecondThreshold\":90}}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (after, "metadata.generation")), ==, 2);
  g_assert_cmpstr (str (after, "status.serviceStatus"), ==, "Running");

  {
    g_autoptr(JsonNode) smp = kf_test_sim_request (sim, "admin", "PATCH", "/apis/ray.io/v1/namespaces/crs/rayservices/llm",
                                                   "application/strategic-merge-patch+json", "{}", &status);
    g_assert_cmpuint (status, ==, 415);
  }

  /* kubectl get asks for a Table; the CRD's printer columns come back */
  {
    g_autofree char *url = g_strconcat (kf_sim_server_get_url (sim->server), "/apis/ray.io/v1/namespaces/crs/rayservices", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autofree char *auth = g_strconcat ("Bearer ", kf_sim_server_get_token (sim->server, "admin"), NULL);
    g_autoptr(GBytes) body = NULL;
    JsonNode *first;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    body = kf_test_sim_send (sim, msg);
    table = kf_test_sim_json (g_bytes_get_data (body, NULL));
    g_assert_cmpstr (str (table, "kind"), ==, "Table");
    first = json_array_get_element (json_node_get_array (kf_sim_json_lookup (table, "columnDefinitions")), 1);
    g_assert_cmpstr (str (first, "name"), ==, "service status");
    g_assert_cmpstr (json_array_get_string_element (json_node_get_array (kf_sim_json_lookup (
                       json_array_get_element (json_node_get_array (kf_sim_json_lookup (table, "rows")), 0), "cells")), 1),
                     ==, "Running");
  }
}

static void
test_scale_subresource (void)
{
  guint status = 0;
  g_autoptr(JsonNode) dep = NULL, scale = NULL, scaled = NULL, after = NULL;

  make_namespace ("scale");
  dep = req ("POST", "/apis/apps/v1/namespaces/scale/deployments",
             "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},"
             "\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
             "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}",
             &status);
  g_assert_cmpuint (status, ==, 201);
  scale = req ("GET", "/apis/apps/v1/namespaces/scale/deployments/web/scale", NULL, &status);
  g_assert_cmpstr (str (scale, "kind"), ==, "Scale");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (scale, "spec.replicas")), ==, 1);
  scaled = kf_test_sim_request (sim, "admin", "PATCH", "/apis/apps/v1/namespaces/scale/deployments/web/scale",
                                "application/merge-patch+json", "{\"spec\":{\"replicas\":4}}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (scaled, "spec.replicas")), ==, 4);
  after = req ("GET", "/apis/apps/v1/namespaces/scale/deployments/web", NULL, &status);
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (after, "spec.replicas")), ==, 4);
}

static const char widget_crd[] =
  "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
  "\"metadata\":{\"name\":\"widgets.example.com\"},\"spec\":{\"group\":\"example.com\",\"scope\":\"Namespaced\","
  "\"names\":{\"plural\":\"widgets\",\"singular\":\"widget\",\"kind\":\"Widget\",\"shortNames\":[\"wg\"]},"
  "\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,\"subresources\":{\"status\":{}},"
  "\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\","
  "\"required\":[\"size\"],\"properties\":{\"size\":{\"type\":\"integer\",\"minimum\":1}}},"
  "\"status\":{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}}}}}]}}";

static void
test_crd_lifecycle (void)
{
  guint status = 0;
  g_autoptr(JsonNode) crd = NULL, before = NULL, disc = NULL, widget = NULL, invalid = NULL, deleted = NULL;
  g_autoptr(JsonNode) after = NULL, stored = NULL, badcrd = NULL;

  make_namespace ("widgets");
  before = req ("GET", "/apis/example.com/v1/namespaces/widgets/widgets", NULL, &status);
  g_assert_cmpuint (status, ==, 404);

  crd = req ("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", widget_crd, &status);
  g_assert_cmpuint (status, ==, 201);
  disc = req ("GET", "/apis/example.com/v1", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (find_in (disc, "resources", "name", "widgets"));
  g_assert_nonnull (find_in (disc, "resources", "name", "widgets/status"));
  stored = req ("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com", NULL, &status);
  g_assert_cmpstr (str (stored, "status.acceptedNames.kind"), ==, "Widget");

  widget = req ("POST", "/apis/example.com/v1/namespaces/widgets/widgets",
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"size\":2}}",
                &status);
  g_assert_cmpuint (status, ==, 201);
  invalid = req ("POST", "/apis/example.com/v1/namespaces/widgets/widgets",
                 "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w2\"},\"spec\":{\"size\":0}}",
                 &status);
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (str (json_array_get_element (json_node_get_array (kf_sim_json_lookup (invalid, "details.causes")), 0), "field"),
                   ==, "spec.size");

  badcrd = req ("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
                "\"metadata\":{\"name\":\"wrong.example.com\"},\"spec\":{\"group\":\"example.com\",\"scope\":\"Namespaced\","
                "\"names\":{\"plural\":\"gadgets\",\"kind\":\"Gadget\"},\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true}]}}",
                &status);
  g_assert_cmpuint (status, ==, 422);

  deleted = req ("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  after = req ("GET", "/apis/example.com/v1/namespaces/widgets/widgets", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpuint (kf_sim_store_count (kf_sim_server_get_store (sim->server), "widgets.example.com"), ==, 0);
}

static void
test_namespace_cascade (void)
{
  guint status = 0;
  g_autofree char *svc = g_strdup_printf (rayservice, "doomed", "1");
  g_autoptr(JsonNode) a = NULL, b = NULL, del = NULL, gone = NULL;

  make_namespace ("doomed");
  a = req ("POST", "/api/v1/namespaces/doomed/configmaps",
           "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}", &status);
  b = req ("POST", "/apis/ray.io/v1/namespaces/doomed/rayservices", svc, &status);
  g_assert_cmpuint (status, ==, 201);
  del = req ("DELETE", "/api/v1/namespaces/doomed", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  gone = req ("GET", "/apis/ray.io/v1/namespaces/doomed/rayservices/doomed", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&gone, json_node_unref);
  gone = req ("GET", "/api/v1/namespaces/doomed/configmaps/x", NULL, &status);
  g_assert_cmpuint (status, ==, 404);
}

static void
test_watch (void)
{
  guint status = 0;
  g_autoptr(KfTestSimWatch) watch = NULL;
  g_autoptr(KfTestSimWatch) resumed = NULL;
  g_autoptr(KfTestSimWatch) gone = NULL;
  g_autoptr(JsonNode) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, r1 = NULL, r2 = NULL, g1 = NULL;
  g_autoptr(JsonNode) list = NULL, c = NULL, p = NULL, d = NULL, other = NULL;
  g_autofree char *path = NULL;
  g_autofree char *rv = NULL;

  make_namespace ("watched");
  c = req ("POST", "/api/v1/namespaces/watched/configmaps",
           "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"first\",\"labels\":{\"w\":\"yes\"}}}", &status);
  list = req ("GET", "/api/v1/namespaces/watched/configmaps", NULL, &status);
  rv = g_strdup (str (list, "metadata.resourceVersion"));

  /* without a resourceVersion: the current objects first, as ADDED */
  watch = kf_test_sim_watch (sim, "admin", "/api/v1/namespaces/watched/configmaps?watch=1&labelSelector=w%3Dyes");
  e1 = kf_test_sim_watch_next (watch, 5000);
  g_assert_nonnull (e1);
  g_assert_cmpstr (str (e1, "type"), ==, "ADDED");
  g_assert_cmpstr (str (e1, "object.metadata.name"), ==, "first");

  other = req ("POST", "/api/v1/namespaces/watched/configmaps",
               "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"unlabelled\"}}", &status);
  p = kf_test_sim_request (sim, "admin", "PATCH", "/api/v1/namespaces/watched/configmaps/first",
                           "application/merge-patch+json", "{\"data\":{\"a\":\"b\"}}", &status);
  d = req ("DELETE", "/api/v1/namespaces/watched/configmaps/first", NULL, &status);
  e2 = kf_test_sim_watch_next (watch, 5000);
  e3 = kf_test_sim_watch_next (watch, 5000);
  g_assert_cmpstr (str (e2, "type"), ==, "MODIFIED");
  g_assert_cmpstr (str (e2, "object.data.a"), ==, "b");
  g_assert_cmpstr (str (e3, "type"), ==, "DELETED");
  g_assert_cmpstr (str (e3, "object.kind"), ==, "ConfigMap");
  /* the unlabelled one was filtered out */
  e4 = kf_test_sim_watch_next (watch, 200);
  g_assert_null (e4);

  /* resuming from the list's resourceVersion replays what happened since */
  path = g_strdup_printf ("/api/v1/namespaces/watched/configmaps?watch=1&resourceVersion=%s", rv);
  resumed = kf_test_sim_watch (sim, "admin", path);
  r1 = kf_test_sim_watch_next (resumed, 5000);
  r2 = kf_test_sim_watch_next (resumed, 5000);
  g_assert_cmpstr (str (r1, "type"), ==, "ADDED");
  g_assert_cmpstr (str (r1, "object.metadata.name"), ==, "unlabelled");
  g_assert_cmpstr (str (r2, "type"), ==, "MODIFIED");

  /* after a compaction, the same resourceVersion is too old: a 410 ERROR event, then the end */
  kf_sim_server_compact (sim->server);
  gone = kf_test_sim_watch (sim, "admin", path);
  g1 = kf_test_sim_watch_next (gone, 5000);
  g_assert_cmpstr (str (g1, "type"), ==, "ERROR");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (g1, "object.code")), ==, 410);
  g_assert_cmpstr (str (g1, "object.reason"), ==, "Expired");
  g_assert_null (kf_test_sim_watch_next (gone, 5000));
  g_assert_true (kf_test_sim_watch_ended (gone));
}

/* An update that moves an object out of a watch's label selection is a
 * DELETED for that watch, one that moves it in an ADDED, as the API server's
 * watch cache sends them; live and when resuming from a resourceVersion. */
static void
test_watch_selector_transitions (void)
{
  guint status = 0;
  g_autoptr(KfTestSimWatch) watch = NULL;
  g_autoptr(KfTestSimWatch) resumed = NULL;
  g_autoptr(JsonNode) c = NULL, list = NULL, e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL, e5 = NULL;
  g_autoptr(JsonNode) p1 = NULL, p2 = NULL, p3 = NULL, r1 = NULL, r2 = NULL, r3 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *rv = NULL;

  make_namespace ("relabel");
  c = req ("POST", "/api/v1/namespaces/relabel/configmaps",
           "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"moving\",\"labels\":{\"app\":\"kf\"}}}",
           &status);
  g_assert_cmpuint (status, ==, 201);
  list = req ("GET", "/api/v1/namespaces/relabel/configmaps", NULL, &status);
  rv = g_strdup (str (list, "metadata.resourceVersion"));

  watch = kf_test_sim_watch (sim, "admin", "/api/v1/namespaces/relabel/configmaps?watch=1&labelSelector=app%3Dkf");
  e1 = kf_test_sim_watch_next (watch, 5000);
  g_assert_cmpstr (str (e1, "type"), ==, "ADDED");

  /* relabelled away: DELETED, carrying its last matching state at the new resourceVersion */
  p1 = kf_test_sim_request (sim, "admin", "PATCH", "/api/v1/namespaces/relabel/configmaps/moving",
                            "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"app\":\"other\"}}}", &status);
  g_assert_cmpuint (status, ==, 200);
  e2 = kf_test_sim_watch_next (watch, 5000);
  g_assert_nonnull (e2);
  g_assert_cmpstr (str (e2, "type"), ==, "DELETED");
  g_assert_cmpstr (str (e2, "object.metadata.name"), ==, "moving");
  g_assert_cmpstr (str (e2, "object.metadata.labels.app"), ==, "kf");
  g_assert_cmpstr (str (e2, "object.metadata.resourceVersion"), ==, str (p1, "metadata.resourceVersion"));

  /* changes while outside the selection are not sent */
  p2 = kf_test_sim_request (sim, "admin", "PATCH", "/api/v1/namespaces/relabel/configmaps/moving",
                            "application/merge-patch+json", "{\"data\":{\"k\":\"v\"}}", &status);
  g_assert_null (kf_test_sim_watch_next (watch, 300));

  /* relabelled back: ADDED with the current state */
  p3 = kf_test_sim_request (sim, "admin", "PATCH", "/api/v1/namespaces/relabel/configmaps/moving",
                            "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"app\":\"kf\"}}}", &status);
  e3 = kf_test_sim_watch_next (watch, 5000);
  g_assert_cmpstr (str (e3, "type"), ==, "ADDED");
  g_assert_cmpstr (str (e3, "object.data.k"), ==, "v");
  e4 = req ("DELETE", "/api/v1/namespaces/relabel/configmaps/moving", NULL, &status);
  e5 = kf_test_sim_watch_next (watch, 5000);
  g_assert_cmpstr (str (e5, "type"), ==, "DELETED");

  /* the same story replayed from the list's resourceVersion */
  path = g_strdup_printf ("/api/v1/namespaces/relabel/configmaps?watch=1&labelSelector=app%%3Dkf&resourceVersion=%s", rv);
  resumed = kf_test_sim_watch (sim, "admin", path);
  r1 = kf_test_sim_watch_next (resumed, 5000);
  r2 = kf_test_sim_watch_next (resumed, 5000);
  r3 = kf_test_sim_watch_next (resumed, 5000);
  g_assert_cmpstr (str (r1, "type"), ==, "DELETED");
  g_assert_cmpstr (str (r2, "type"), ==, "ADDED");
  g_assert_cmpstr (str (r3, "type"), ==, "DELETED");
  g_assert_null (kf_test_sim_watch_next (resumed, 300));
}

typedef struct
{
  const char *path;
} GoneWait;

static gboolean
is_gone (gpointer data)
{
  guint status = 0;
  g_autoptr(JsonNode) got = req ("GET", ((GoneWait *) data)->path, NULL, &status);

  return status == 404;
}

/* Deletes honour finalizers and, for pods, a grace period: the object is
 * marked (deletionTimestamp, MODIFIED) and goes (DELETED) once its last
 * finalizer is removed or its grace period ends. */
static void
test_graceful_delete (void)
{
  guint status = 0;
  g_autoptr(KfTestSimWatch) watch = NULL;
  g_autoptr(JsonNode) cm = NULL, marked = NULL, still = NULL, put = NULL, cleared = NULL;
  g_autoptr(JsonNode) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;
  g_autoptr(JsonNode) pod = NULL, terminating = NULL, again = NULL, quick = NULL, quick_gone = NULL;
  GoneWait pod_gone = { "/api/v1/namespaces/graceful/pods/slow" };

  make_namespace ("graceful");
  watch = kf_test_sim_watch (sim, "admin", "/api/v1/namespaces/graceful/configmaps?watch=1");
  cm = req ("POST", "/api/v1/namespaces/graceful/configmaps",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"kept\","
            "\"finalizers\":[\"example.com/cleanup\"]}}", &status);
  g_assert_cmpuint (status, ==, 201);
  e1 = kf_test_sim_watch_next (watch, 5000);
  g_assert_cmpstr (str (e1, "type"), ==, "ADDED");

  /* a finalizer holds it: marked, still there */
  marked = req ("DELETE", "/api/v1/namespaces/graceful/configmaps/kept", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (str (marked, "metadata.deletionTimestamp"));
  still = req ("GET", "/api/v1/namespaces/graceful/configmaps/kept", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (str (still, "metadata.deletionTimestamp"));
  e2 = kf_test_sim_watch_next (watch, 5000);
  g_assert_cmpstr (str (e2, "type"), ==, "MODIFIED");
  g_assert_nonnull (str (e2, "object.metadata.deletionTimestamp"));

  /* the mark cannot be taken back */
  json_object_remove_member (json_node_get_object (kf_sim_json_lookup (still, "metadata")), "deletionTimestamp");
  json_object_set_member (json_node_get_object (still), "data", kf_test_sim_json ("{\"k\":\"v\"}"));
  {
    g_autofree char *body = json_to_string (still, FALSE);

    put = req ("PUT", "/api/v1/namespaces/graceful/configmaps/kept", body, &status);
  }
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (str (put, "metadata.deletionTimestamp"));
  e3 = kf_test_sim_watch_next (watch, 5000);
  g_assert_cmpstr (str (e3, "type"), ==, "MODIFIED");

  /* the controller removes its finalizer: now it goes */
  cleared = kf_test_sim_request (sim, "admin", "PATCH", "/api/v1/namespaces/graceful/configmaps/kept",
                                 "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}", &status);
  g_assert_cmpuint (status, ==, 200);
  e4 = kf_test_sim_watch_next (watch, 5000);
  g_assert_cmpstr (str (e4, "type"), ==, "DELETED");
  g_assert_cmpstr (str (e4, "object.metadata.name"), ==, "kept");
  g_assert_true (is_gone (&(GoneWait) { "/api/v1/namespaces/graceful/configmaps/kept" }));

  /* a pod terminates for its grace period (3 s of simulated time), then goes */
  pod = req ("POST", "/api/v1/namespaces/graceful/pods",
             "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"slow\"},"
             "\"spec\":{\"terminationGracePeriodSeconds\":3,\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}",
             &status);
  g_assert_cmpuint (status, ==, 201);
  terminating = req ("DELETE", "/api/v1/namespaces/graceful/pods/slow", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (str (terminating, "metadata.deletionTimestamp"));
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (terminating, "metadata.deletionGracePeriodSeconds")), ==, 3);
  again = req ("GET", "/api/v1/namespaces/graceful/pods/slow", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (kf_test_sim_wait_for (is_gone, &pod_gone, 10000));

  /* --grace-period=0 deletes at once */
  quick = req ("POST", "/api/v1/namespaces/graceful/pods",
               "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"quick\"},"
               "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}", &status);
  quick_gone = req ("DELETE", "/api/v1/namespaces/graceful/pods/quick?gracePeriodSeconds=0", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (is_gone (&(GoneWait) { "/api/v1/namespaces/graceful/pods/quick" }));
}

static void
test_watch_timeout_bookmarks_and_drop (void)
{
  g_autoptr(KfTestSimWatch) timed = NULL;
  g_autoptr(KfTestSimWatch) dropped = NULL;
  g_autoptr(KfTestSimWatch) bookmarks = NULL;
  g_autoptr(JsonNode) ev = NULL;
  g_autoptr(JsonNode) bm = NULL;
  gint64 start = g_get_monotonic_time ();
  guint open_before;

  make_namespace ("quiet");
  timed = kf_test_sim_watch (sim, "admin", "/api/v1/namespaces/quiet/configmaps?watch=1&timeoutSeconds=1");
  g_assert_null (kf_test_sim_watch_next (timed, 10000));
  g_assert_true (kf_test_sim_watch_ended (timed));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 9 * G_USEC_PER_SEC);

  /* the bookmark interval is 30 s of simulated time: 1 s at speed 30 */
  bookmarks = kf_test_sim_watch (sim, "admin", "/api/v1/namespaces/quiet/configmaps?watch=1&allowWatchBookmarks=true");
  bm = kf_test_sim_watch_next (bookmarks, 5000);
  g_assert_nonnull (bm);
  g_assert_cmpstr (str (bm, "type"), ==, "BOOKMARK");
  g_assert_nonnull (str (bm, "object.metadata.resourceVersion"));

  dropped = kf_test_sim_watch (sim, "admin", "/api/v1/namespaces/quiet/configmaps?watch=1");
  open_before = kf_sim_server_get_watch_count (sim->server);
  g_assert_cmpuint (open_before, >=, 1);
  kf_sim_server_drop_watches (sim->server);
  ev = kf_test_sim_watch_next (dropped, 5000);
  g_assert_null (ev);
  g_assert_true (kf_test_sim_watch_ended (dropped));
}

static void
test_faults (void)
{
  guint status = 0;
  g_autoptr(JsonNode) failed = NULL, ok = NULL, throttled = NULL, after = NULL, expired = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  gint64 start;

  kf_sim_server_fail_requests (sim->server, 500, 1, "/api/v1/nodes");
  failed = req ("GET", "/api/v1/nodes", NULL, &status);
  g_assert_cmpuint (status, ==, 500);
  g_assert_cmpstr (str (failed, "reason"), ==, "InternalError");
  ok = req ("GET", "/api/v1/nodes", NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  kf_sim_server_set_retry_after (sim->server, 3);
  kf_sim_server_fail_requests (sim->server, 429, -1, NULL);
  throttled = kf_test_sim_request_full (sim, "admin", "GET", "/api/v1/namespaces", NULL, NULL, &status, NULL, &headers);
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpstr (str (throttled, "reason"), ==, "TooManyRequests");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Retry-After"), ==, "3");
  g_assert_cmpint (json_node_get_int (kf_sim_json_lookup (throttled, "details.retryAfterSeconds")), ==, 3);
  kf_sim_server_fail_requests (sim->server, 0, 0, NULL);
  after = req ("GET", "/api/v1/namespaces", NULL, &status);
  g_assert_cmpuint (status, ==, 200);

  kf_sim_server_set_delay (sim->server, 300);
  start = g_get_monotonic_time ();
  g_clear_pointer (&after, json_node_unref);
  after = req ("GET", "/api/v1/namespaces/default", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  kf_sim_server_set_delay (sim->server, 0);
}

static void
test_expired_token (void)
{
  g_autoptr(KfTestSim) own = kf_test_sim_new (NULL, 1.0, FALSE);
  guint status = 0;
  g_autoptr(JsonNode) before = kf_test_sim_request (own, "viewer", "GET", "/api/v1/nodes", NULL, NULL, &status);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) admin = NULL;

  g_assert_cmpuint (status, ==, 200);
  kf_sim_server_expire_token (own->server, "viewer");
  after = kf_test_sim_request (own, "viewer", "GET", "/api/v1/nodes", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  admin = kf_test_sim_request (own, "admin", "GET", "/api/v1/nodes", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_request_counts (void)
{
  guint status = 0;
  guint lists;

  kf_sim_server_reset_request_counts (sim->server);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) l = req ("GET", "/api/v1/nodes", NULL, &status);
    }
  {
    g_autoptr(JsonNode) g = req ("GET", "/api/v1/nodes/gke-demo-l4-pool-5f2c9a1e-x7k2", NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  lists = kf_sim_server_count_requests (sim->server, "list", "/api/v1/nodes");
  g_assert_cmpuint (lists, ==, 3);
  g_assert_cmpuint (kf_sim_server_count_requests (sim->server, "get", "/api/v1/nodes"), ==, 1);
  g_assert_cmpuint (kf_sim_server_count_requests (sim->server, NULL, NULL), ==, 4);
  g_assert_cmpuint (kf_sim_server_count_requests (sim->server, "watch", NULL), ==, 0);
}

static void
test_without_operators (void)
{
  guint status = 0;
  KfSimServer *server = kf_sim_server_new (NULL, 1.0, TRUE);
  g_autoptr(KfTestSim) plain = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) log = NULL;

  kf_sim_server_set_operators_enabled (server, FALSE);
  plain = kf_test_sim_new_for_server (server, TRUE);

  g_assert_true (g_str_has_prefix (kf_sim_server_get_url (plain->server), "http://127.0.0.1:"));
  g_assert_null (kf_sim_server_get_ca_pem (plain->server));
  answer = kf_test_sim_request (plain, "admin", "GET", "/api/v1/namespaces/default/services/x:8000/proxy/metrics",
                                NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 503);
  g_assert_cmpstr (str (answer, "reason"), ==, "ServiceUnavailable");
  log = kf_test_sim_request (plain, "admin", "GET", "/api/v1/namespaces/default/pods/p/log", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 503);
}

static void
test_kubeconfig (void)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (sim->kubeconfig, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "current-context: kubefoundry-sim"));
  g_assert_nonnull (strstr (text, kf_sim_server_get_url (sim->server)));
  g_assert_nonnull (strstr (text, "certificate-authority-data:"));
  g_assert_nonnull (strstr (text, "client-certificate-data:"));
  g_assert_nonnull (strstr (text, "client-key-data:"));
  g_assert_nonnull (strstr (text, kf_sim_server_get_token (sim->server, "admin")));
  g_assert_true (g_str_has_prefix (kf_sim_server_get_ca_pem (sim->server), "-----BEGIN CERTIFICATE-----"));
}

/* ---- stopping while a client is mid-handshake ---- */

typedef struct
{
  gboolean checked;
  gboolean done;
} StopCase;

static KfSimServer *
start_own_server (void)
{
  g_autoptr(GError) error = NULL;
  KfSimServer *server = kf_sim_server_new (NULL, 30.0, FALSE);

  kf_sim_server_set_operators_enabled (server, FALSE);
  g_assert_true (kf_sim_server_start (server, 0, &error));
  g_assert_no_error (error);
  return server;
}

static GSocketConnection *
connect_raw (KfSimServer *server)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                             kf_sim_server_get_port (server), NULL, &error);

  g_assert_no_error (error);
  /* bounds the reads below: a server that never closes fails them with a timeout */
  g_socket_set_timeout (g_socket_connection_get_socket (conn), 10);
  return conn;
}

/* TRUE when the server closed STREAM's connection (end of stream, or reset) */
static gboolean
closed_by_server (GIOStream *stream)
{
  g_autoptr(GError) error = NULL;
  char byte;
  gssize n = g_input_stream_read (g_io_stream_get_input_stream (stream), &byte, 1, NULL, &error);

  if (n < 0)
    g_test_message ("read after stop: %s", error->message);
  return n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
}

/* A client that connected and said nothing: the server's TLS handshake waits for
 * its ClientHello; stopping must not wait with it. */
static void
stop_with_silent_client (void)
{
  g_autoptr(KfSimServer) server = start_own_server ();
  g_autoptr(GSocketConnection) conn = connect_raw (server);

  kf_test_sim_spin (300);   /* the server accepts and starts its handshake */
  kf_sim_server_stop (server);
  g_assert_true (closed_by_server (G_IO_STREAM (conn)));
}

static gboolean
accept_certificate_cb (GTlsConnection       *tls,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  ((StopCase *) user_data)->checked = TRUE;
  return TRUE;
}

static void
handshake_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  StopCase *c = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    g_test_message ("client handshake: %s", error->message);
  c->done = TRUE;
}

static gboolean
context_has_pending (gpointer context)
{
  return g_main_context_pending (context);
}

/* An in-process TLS client whose certificate check waits for a main context
 * (as KfKubeClient's does) that is not running while the server stops: the
 * server's handshake waits for that client; before the fix, stopping waited
 * for the server's handshake, for ever. The client's context is its own here
 * so that the test can stop exactly while the check is pending. */
static void
stop_with_client_checking_certificate (void)
{
  g_autoptr(KfSimServer) server = start_own_server ();
  g_autoptr(GSocketConnection) conn = connect_raw (server);
  g_autoptr(GMainContext) client_context = g_main_context_new ();
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  StopCase c = { FALSE, FALSE };

  tls = g_tls_client_connection_new (G_IO_STREAM (conn), NULL, &error);
  g_assert_no_error (error);
  /* no trust store: the server's certificate always goes to ::accept-certificate */
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), NULL);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), &c);
  g_main_context_push_thread_default (client_context);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL, handshake_done_cb, &c);
  g_main_context_pop_thread_default (client_context);

  /* run the server until the client's certificate check is queued */
  g_assert_true (kf_test_sim_wait_for (context_has_pending, client_context, 10000));
  g_assert_false (c.checked);
  kf_sim_server_stop (server);

  while (!c.done)
    g_main_context_iteration (client_context, TRUE);
  g_assert_true (c.checked);
  g_assert_true (closed_by_server (tls));
}

/* Each case runs in a subprocess with a deadline, so a deadlock fails the test
 * instead of hanging it. */
static void
run_bounded (void (*body) (void))
{
  if (g_test_subprocess ())
    {
      body ();
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_stop_with_silent_client (void)
{
  run_bounded (stop_with_silent_client);
}

static void
test_stop_with_client_checking_certificate (void)
{
  run_bounded (stop_with_client_checking_certificate);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  {
    /* the API server's own semantics: no operator writes statuses behind our back */
    KfSimServer *server = kf_sim_server_new (NULL, 30.0, FALSE);
    kf_sim_server_set_operators_enabled (server, FALSE);
    sim = kf_test_sim_new_for_server (server, FALSE);
  }
  g_test_add_func ("/sim/server/discovery", test_discovery);
  g_test_add_func ("/sim/server/authentication", test_authentication);
  g_test_add_func ("/sim/server/authorization", test_authorization);
  g_test_add_func ("/sim/server/crud", test_crud);
  g_test_add_func ("/sim/server/watch-selector-transitions", test_watch_selector_transitions);
  g_test_add_func ("/sim/server/graceful-delete", test_graceful_delete);
  g_test_add_func ("/sim/server/list-pages-selectors", test_list_pages_and_selectors);
  g_test_add_func ("/sim/server/custom-resources", test_custom_resources);
  g_test_add_func ("/sim/server/scale", test_scale_subresource);
  g_test_add_func ("/sim/server/crd-lifecycle", test_crd_lifecycle);
  g_test_add_func ("/sim/server/namespace-cascade", test_namespace_cascade);
  g_test_add_func ("/sim/server/watch", test_watch);
  g_test_add_func ("/sim/server/watch-timeout-bookmarks-drop", test_watch_timeout_bookmarks_and_drop);
  g_test_add_func ("/sim/server/faults", test_faults);
  g_test_add_func ("/sim/server/expired-token", test_expired_token);
  g_test_add_func ("/sim/server/request-counts", test_request_counts);
  g_test_add_func ("/sim/server/without-operators", test_without_operators);
  g_test_add_func ("/sim/server/kubeconfig", test_kubeconfig);
  g_test_add_func ("/sim/server/stop/silent-client", test_stop_with_silent_client);
  g_test_add_func ("/sim/server/stop/client-checking-certificate", test_stop_with_client_checking_certificate);
  ret = g_test_run ();
  kf_test_sim_free (sim);
  return ret;
}
