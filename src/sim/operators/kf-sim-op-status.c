/* kf-sim-op-status.c: the status each simulated operator writes, and the
 * runtime operators' own Deployments
 *
 * Shapes follow the CRDs' status schemas (../shared/fixtures/crds):
 * DynamoGraphDeployment state/conditions/services (v1alpha1) or components
 * (v1beta1); RayService serviceStatus, conditions Ready/UpgradeInProgress,
 * pending/activeServiceStatus; Workspace conditions ResourceReady,
 * InferenceReady, WorkspaceSucceeded and workerNodes; Deployment replicas
 * and Available/Progressing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <math.h>
#include <string.h>

#include "kf-sim-op-private.h"
#include "kf-yaml.h"

void
sim_count_pods (GPtrArray    *pods,
                const char   *group,
                SimPodCounts *c)
{
  memset (c, 0, sizeof *c);
  for (guint i = 0; i < pods->len; i++)
    {
      SimPod *pod = g_ptr_array_index (pods, i);

      if (group != NULL && g_strcmp0 (pod->group, group) != 0)
        continue;
      c->total++;
      if (pod->state != SIM_POD_UNSCHEDULED)
        c->scheduled++;
      else if (c->first_problem == NULL)
        c->first_problem = pod;
      if (pod->state == SIM_POD_RUNNING || pod->state == SIM_POD_READY)
        c->running++;
      if (pod->state == SIM_POD_READY)
        c->ready++;
      if (pod->state == SIM_POD_CRASH_BACKOFF || pod->state == SIM_POD_IMAGE_BACKOFF)
        {
          c->failing++;
          if (c->first_problem == NULL || c->first_problem->state == SIM_POD_UNSCHEDULED)
            c->first_problem = pod;
        }
    }
}

/* A metav1.Condition; keeps lastTransitionTime from @old when status is unchanged. */
void
sim_status_condition (JsonArray  *out,
                      JsonNode   *old_conditions,
                      const char *type,
                      const char *status,
                      const char *reason,
                      const char *message,
                      gint64      generation)
{
  JsonObject *c = json_object_new ();
  g_autofree char *now = sim_time_format (g_get_real_time (), FALSE);
  const char *since = NULL;

  if (old_conditions != NULL && JSON_NODE_HOLDS_ARRAY (old_conditions))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (old_conditions)); i++)
      {
        JsonNode *o = json_array_get_element (json_node_get_array (old_conditions), i);

        if (g_strcmp0 (sim_json_string (o, "type", NULL), type) == 0 &&
            g_strcmp0 (sim_json_string (o, "status", NULL), status) == 0)
          since = sim_json_string (o, "lastTransitionTime", NULL);
      }
  json_object_set_string_member (c, "type", type);
  json_object_set_string_member (c, "status", status);
  json_object_set_string_member (c, "reason", reason);
  json_object_set_string_member (c, "message", message ? message : "");
  json_object_set_string_member (c, "lastTransitionTime", since ? since : now);
  if (generation > 0)
    json_object_set_int_member (c, "observedGeneration", generation);
  json_array_add_object_element (out, c);
}

char *
sim_problem_text (SimPod *pod)
{
  if (pod == NULL)
    return NULL;
  if (pod->state == SIM_POD_UNSCHEDULED)
    return g_strdup_printf ("pod %s is Pending: %s", pod->name,
                            pod->sched_message ? pod->sched_message : "waiting to be scheduled");
  return g_strdup_printf ("pod %s container %s is waiting: %s", pod->name, pod->containers[0],
                          sim_pod_state_reason (pod) ?: "Unknown");
}

/* ------------------------------------------------------------- KubeRay */

static void
sum_requests (JsonNode *spec,
              double   *cpu,
              double   *gpu,
              double   *mem,
              int       times)
{
  JsonNode *cs = sim_json_member (spec, "containers", NULL);

  if (cs == NULL || !JSON_NODE_HOLDS_ARRAY (cs))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (cs)); i++)
    {
      JsonNode *c = json_array_get_element (json_node_get_array (cs), i);

      *cpu += times * sim_json_quantity (sim_json_member (c, "resources", "requests", "cpu", NULL));
      *gpu += times * sim_json_quantity (sim_json_member (c, "resources", "limits", "nvidia.com/gpu", NULL));
      *mem += times * sim_json_quantity (sim_json_member (c, "resources", "requests", "memory", NULL));
    }
}

static char *
quantity_text (double v,
               gboolean memory)
{
  if (memory && v >= 1073741824.0 && fmod (v, 1073741824.0) == 0)
    return g_strdup_printf ("%.0fGi", v / 1073741824.0);
  if (memory && v >= 1048576.0 && fmod (v, 1048576.0) == 0)
    return g_strdup_printf ("%.0fMi", v / 1048576.0);
  if (fmod (v, 1.0) != 0)
    return g_strdup_printf ("%.0fm", v * 1000);
  return g_strdup_printf ("%.0f", v);
}

static JsonObject *
ray_app_statuses (JsonNode   *object,
                  SimWorkload *wl,
                  gboolean     running,
                  gboolean     failing)
{
  JsonObject *apps_out = json_object_new ();
  g_autoptr(JsonNode) config = NULL;
  JsonNode *apps;
  const char *text = sim_json_string (object, "spec", "serveConfigV2", NULL);
  const char *app_status = running ? "RUNNING" : failing ? "DEPLOY_FAILED" : "DEPLOYING";
  const char *dep_status = running ? "HEALTHY" : failing ? "UNHEALTHY" : "UPDATING";

  if (text != NULL)
    config = kf_yaml_parse (text, -1, NULL);
  apps = sim_json_member (config, "applications", NULL);
  if (apps == NULL || !JSON_NODE_HOLDS_ARRAY (apps))
    return apps_out;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (apps)); i++)
    {
      JsonNode *app = json_array_get_element (json_node_get_array (apps), i);
      const char *name = sim_json_string (app, "name", NULL) ?: "default";
      JsonObject *a = json_object_new ();
      JsonObject *deps = json_object_new ();
      JsonNode *dlist = sim_json_member (app, "deployments", NULL);
      const char *import_path = sim_json_string (app, "import_path", NULL) ?: "";

      if (dlist != NULL && JSON_NODE_HOLDS_ARRAY (dlist))
        for (guint d = 0; d < json_array_get_length (json_node_get_array (dlist)); d++)
          {
            JsonObject *ds = json_object_new ();

            json_object_set_string_member (ds, "status", dep_status);
            json_object_set_object_member (deps,
                                           sim_json_string (json_array_get_element (json_node_get_array (dlist), d),
                                                            "name", NULL) ?: "Deployment", ds);
          }
      else if (strstr (import_path, "ray.serve.llm"))
        {
          g_autofree char *server = g_strdup_printf ("LLMServer:%s", wl->served_name ? wl->served_name : "model");
          JsonObject *d1 = json_object_new ();
          JsonObject *d2 = json_object_new ();

          json_object_set_string_member (d1, "status", dep_status);
          json_object_set_string_member (d2, "status", dep_status);
          json_object_set_object_member (deps, server, d1);
          json_object_set_object_member (deps, "OpenAiIngress", d2);
        }
      json_object_set_string_member (a, "status", app_status);
      if (failing)
        json_object_set_string_member (a, "message", "Deploying app failed: the replica actor died unexpectedly.");
      json_object_set_object_member (a, "serveDeploymentStatuses", deps);
      json_object_set_object_member (apps_out, name, a);
    }
  return apps_out;
}

static JsonNode *
ray_status (SimWorkload *wl,
            JsonNode    *object,
            GPtrArray   *pods)
{
  JsonObject *st = json_object_new ();
  JsonObject *svc = json_object_new ();
  JsonObject *cl = json_object_new ();
  JsonObject *head = json_object_new ();
  JsonArray *conds = json_array_new ();
  JsonNode *old = sim_json_member (object, "status", "conditions", NULL);
  JsonNode *workers = sim_json_member (object, "spec", "rayClusterConfig", "workerGroupSpecs", NULL);
  JsonNode *head_spec = sim_json_member (object, "spec", "rayClusterConfig", "headGroupSpec", "template", "spec", NULL);
  gint64 gen = sim_json_int (object, 0, "metadata", "generation", NULL);
  g_autofree char *now = sim_time_format (g_get_real_time (), FALSE);
  g_autofree char *head_svc = g_strdup_printf ("%s-head-svc", wl->name);
  int desired = 0, min_w = 0, max_w = 0, ready_w = 0;
  double cpu = 0, gpu = 0, mem = 0;
  SimPodCounts all;
  SimPod *head_pod = NULL;
  gboolean ready;

  sim_count_pods (pods, NULL, &all);
  ready = all.total > 0 && all.ready == all.total;
  sum_requests (head_spec, &cpu, &gpu, &mem, 1);
  if (workers != NULL && JSON_NODE_HOLDS_ARRAY (workers))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (workers)); i++)
      {
        JsonNode *w = json_array_get_element (json_node_get_array (workers), i);
        int r = (int) sim_json_int (w, sim_json_int (w, 1, "minReplicas", NULL), "replicas", NULL);
        SimPodCounts c;

        if (!JSON_NODE_HOLDS_OBJECT (w))
          continue;

        sim_count_pods (pods, sim_json_string (w, "groupName", NULL) ?: "workergroup", &c);
        desired += r;
        min_w += (int) sim_json_int (w, 0, "minReplicas", NULL);
        max_w += (int) sim_json_int (w, r, "maxReplicas", NULL);
        ready_w += c.ready;
        sum_requests (sim_json_member (w, "template", "spec", NULL), &cpu, &gpu, &mem, r);
      }
  for (guint i = 0; i < pods->len; i++)
    if (g_strcmp0 (((SimPod *) g_ptr_array_index (pods, i))->role, "head") == 0)
      head_pod = g_ptr_array_index (pods, i);

  json_object_set_int_member (cl, "desiredWorkerReplicas", desired);
  json_object_set_int_member (cl, "availableWorkerReplicas", ready_w);
  json_object_set_int_member (cl, "readyWorkerReplicas", ready_w);
  json_object_set_int_member (cl, "minWorkerReplicas", min_w);
  json_object_set_int_member (cl, "maxWorkerReplicas", max_w);
  {
    g_autofree char *qc = quantity_text (cpu, FALSE);
    g_autofree char *qg = quantity_text (gpu, FALSE);
    g_autofree char *qm = quantity_text (mem, TRUE);

    json_object_set_string_member (cl, "desiredCPU", qc);
    json_object_set_string_member (cl, "desiredGPU", qg);
    json_object_set_string_member (cl, "desiredMemory", qm);
  }
  json_object_set_string_member (cl, "desiredTPU", "0");
  json_object_set_string_member (cl, "lastUpdateTime", now);
  if (ready)
    json_object_set_string_member (cl, "state", "ready");
  if (head_pod != NULL)
    {
      json_object_set_string_member (head, "podName", head_pod->name);
      if (head_pod->pod_ip && head_pod->state != SIM_POD_UNSCHEDULED && head_pod->state != SIM_POD_CREATING)
        json_object_set_string_member (head, "podIP", head_pod->pod_ip);
      json_object_set_string_member (head, "serviceName", head_svc);
    }
  json_object_set_object_member (cl, "head", head);
  {
    JsonObject *ep = json_object_new ();

    json_object_set_string_member (ep, "client", "10001");
    json_object_set_string_member (ep, "dashboard", "8265");
    json_object_set_string_member (ep, "gcs-server", "6379");
    json_object_set_string_member (ep, "metrics", "8080");
    json_object_set_string_member (ep, "serve", "8000");
    json_object_set_object_member (cl, "endpoints", ep);
  }
  if (gen > 0)
    json_object_set_int_member (cl, "observedGeneration", gen);

  json_object_set_object_member (svc, "applicationStatuses", ray_app_statuses (object, wl, ready, all.failing > 0));
  json_object_set_string_member (svc, "rayClusterName", wl->ray_cluster);
  json_object_set_object_member (svc, "rayClusterStatus", cl);
  if (ready)
    {
      json_object_set_int_member (svc, "targetCapacity", 100);
      json_object_set_int_member (svc, "trafficRoutedPercent", 100);
      json_object_set_object_member (st, "activeServiceStatus", svc);
      json_object_set_object_member (st, "pendingServiceStatus", json_object_new ());
      json_object_set_string_member (st, "serviceStatus", "Running");
      json_object_set_int_member (st, "numServeEndpoints", all.ready);
      sim_status_condition (conds, old, "Ready", "True", "NonZeroServeEndpoints",
                     "Number of serve endpoints is greater than 0", gen);
      sim_status_condition (conds, old, "UpgradeInProgress", "False", "NoPendingCluster",
                     "Active Ray cluster exists and no pending Ray cluster", gen);
    }
  else
    {
      g_autofree char *problem = sim_problem_text (all.first_problem);

      json_object_set_object_member (st, "activeServiceStatus", json_object_new ());
      json_object_set_object_member (st, "pendingServiceStatus", svc);
      json_object_set_int_member (st, "numServeEndpoints", 0);
      sim_status_condition (conds, old, "Ready", "False", "Initializing",
                     problem ? problem : "RayService is initializing", gen);
      sim_status_condition (conds, old, "UpgradeInProgress", "False", "NoActiveCluster",
                     "The service is initializing: no active Ray cluster yet", gen);
    }
  json_object_set_array_member (st, "conditions", conds);
  json_object_set_string_member (st, "lastUpdateTime", now);
  if (gen > 0)
    json_object_set_int_member (st, "observedGeneration", gen);
  return sim_json_take_object (st);
}

/* ---------------------------------------------------------------- KAITO */

static int
str_ptr_cmp (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static JsonNode *
kaito_status (SimWorkload *wl,
              JsonNode    *object,
              GPtrArray   *pods)
{
  JsonObject *st = json_object_new ();
  JsonArray *conds = json_array_new ();
  JsonArray *nodes = json_array_new ();
  JsonNode *old = sim_json_member (object, "status", "conditions", NULL);
  gint64 gen = sim_json_int (object, 0, "metadata", "generation", NULL);
  gint64 count = sim_json_int (object, 1, "resource", "count", NULL);
  gboolean beta = g_str_has_suffix (wl->api_version, "v1beta1");
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *problem = NULL;
  SimPodCounts c;
  gboolean resource_ok, inference_ok;

  sim_count_pods (pods, NULL, &c);
  problem = sim_problem_text (c.first_problem);
  for (guint i = 0; i < pods->len; i++)
    {
      SimPod *pod = g_ptr_array_index (pods, i);
      gboolean seen = FALSE;

      if (pod->node == NULL)
        continue;
      for (guint j = 0; j < names->len; j++)
        if (g_strcmp0 (g_ptr_array_index (names, j), pod->node) == 0)
          seen = TRUE;
      if (!seen)
        g_ptr_array_add (names, pod->node);
    }
  g_ptr_array_sort (names, str_ptr_cmp);
  for (guint j = 0; j < names->len; j++)
    json_array_add_string_element (nodes, g_ptr_array_index (names, j));

  resource_ok = c.total >= count && c.scheduled == c.total;
  inference_ok = c.total >= count && c.ready >= count;
  if (resource_ok)
    sim_status_condition (conds, old, "ResourceReady", "True", "workspaceResourceStatusSuccess",
                   "workspace resource is ready", gen);
  else
    sim_status_condition (conds, old, "ResourceReady", "False", "workspaceResourceStatusFailed",
                   problem ? problem : "waiting for nodes matching the label selector", gen);
  if (inference_ok)
    sim_status_condition (conds, old, "InferenceReady", "True", "WorkspaceInferenceStatusSuccess",
                   "Inference has been deployed successfully", gen);
  else
    {
      g_autofree char *msg = g_strdup_printf ("inference is not ready: %d/%d replicas ready%s%s", c.ready,
                                              (int) count, problem ? "; " : "", problem ? problem : "");

      sim_status_condition (conds, old, "InferenceReady", "False", "WorkspaceInferenceStatusFailed", msg, gen);
    }
  if (resource_ok && inference_ok)
    sim_status_condition (conds, old, "WorkspaceSucceeded", "True", "workspaceSucceeded", "workspace succeeds", gen);
  else
    sim_status_condition (conds, old, "WorkspaceSucceeded", "False", c.failing ? "workspaceFailed" : "workspacePending",
                   c.failing ? "workspace failed: inference pods are failing" : "workspace is not ready yet", gen);
  json_object_set_array_member (st, "conditions", conds);
  json_object_set_array_member (st, "workerNodes", nodes);
  if (beta)
    json_object_set_int_member (st, "targetNodeCount", count);
  return sim_json_take_object (st);
}

/* ----------------------------------------------------------- Deployment */

static void
add_deploy_condition (JsonArray  *out,
                      JsonNode   *old,
                      const char *type,
                      const char *status,
                      const char *reason,
                      const char *message)
{
  JsonObject *c;
  g_autofree char *now = sim_time_format (g_get_real_time (), FALSE);
  const char *since = NULL;

  sim_status_condition (out, old, type, status, reason, message, 0);
  c = json_array_get_object_element (out, json_array_get_length (out) - 1);
  if (old != NULL && JSON_NODE_HOLDS_ARRAY (old))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (old)); i++)
      {
        JsonNode *o = json_array_get_element (json_node_get_array (old), i);

        if (g_strcmp0 (sim_json_string (o, "type", NULL), type) == 0 &&
            g_strcmp0 (sim_json_string (o, "reason", NULL), reason) == 0)
          since = sim_json_string (o, "lastUpdateTime", NULL);
      }
  json_object_set_string_member (c, "lastUpdateTime", since ? since : now);
}

static JsonNode *
deployment_status (SimWorkload *wl,
                   JsonNode    *object,
                   GPtrArray   *pods)
{
  JsonObject *st = json_object_new ();
  JsonArray *conds = json_array_new ();
  JsonNode *old = sim_json_member (object, "status", "conditions", NULL);
  gint64 want = sim_json_int (object, 1, "spec", "replicas", NULL);
  gint64 gen = sim_json_int (object, 1, "metadata", "generation", NULL);
  const char *hash = pods->len > 0 ? ((SimPod *) g_ptr_array_index (pods, 0))->group : "";
  g_autofree char *rs = g_strdup_printf ("%s-%s", wl->name, hash);
  g_autofree char *progress = NULL;
  SimPodCounts c;

  sim_count_pods (pods, NULL, &c);
  json_object_set_int_member (st, "observedGeneration", gen);
  json_object_set_int_member (st, "replicas", c.total);
  json_object_set_int_member (st, "updatedReplicas", c.total);
  json_object_set_int_member (st, "readyReplicas", c.ready);
  json_object_set_int_member (st, "availableReplicas", c.ready);
  if (c.total - c.ready > 0)
    json_object_set_int_member (st, "unavailableReplicas", c.total - c.ready);
  if (c.ready >= want)
    add_deploy_condition (conds, old, "Available", "True", "MinimumReplicasAvailable",
                          "Deployment has minimum availability.");
  else
    add_deploy_condition (conds, old, "Available", "False", "MinimumReplicasUnavailable",
                          "Deployment does not have minimum availability.");
  if (c.ready >= want)
    {
      progress = g_strdup_printf ("ReplicaSet \"%s\" has successfully progressed.", rs);
      add_deploy_condition (conds, old, "Progressing", "True", "NewReplicaSetAvailable", progress);
    }
  else
    {
      progress = g_strdup_printf ("ReplicaSet \"%s\" is progressing.", rs);
      add_deploy_condition (conds, old, "Progressing", "True", "ReplicaSetUpdated", progress);
    }
  json_object_set_array_member (st, "conditions", conds);
  return sim_json_take_object (st);
}

JsonNode *
sim_provider_status (SimWorkload *wl,
                     JsonNode    *object,
                     GPtrArray   *pods)
{
  if (g_strcmp0 (wl->provider, "dynamo") == 0)
    return sim_dynamo_status (wl, object, pods);
  if (g_strcmp0 (wl->provider, "kuberay") == 0)
    return ray_status (wl, object, pods);
  if (g_strcmp0 (wl->provider, "kaito") == 0)
    return kaito_status (wl, object, pods);
  if (g_strcmp0 (wl->provider, "deployment") == 0)
    return deployment_status (wl, object, pods);
  return NULL;
}

/* ------------------------------------------------- runtime operators */

typedef struct
{
  const char *runtime;
  const char *ns;
  const char *deployment;
  const char *container;
  const char *image;
  const char *labels[6];   /* key, value pairs */
} RuntimeOperator;

static const RuntimeOperator runtime_operators[] = {
  { "dynamo", "dynamo-system", "dynamo-platform-dynamo-operator-controller-manager", "manager",
    "nvcr.io/nvidia/ai-dynamo/kubernetes-operator:0.7.1",
    { "app.kubernetes.io/name", "dynamo-operator", "control-plane", "controller-manager",
      "app.kubernetes.io/instance", "dynamo-platform" } },
  { "dynamo", "dynamo-system", "dynamo-platform-nats", "nats", "nats:2.10.21-alpine",
    { "app.kubernetes.io/name", "nats", "app.kubernetes.io/instance", "dynamo-platform", NULL, NULL } },
  { "dynamo", "dynamo-system", "dynamo-platform-etcd", "etcd", "bitnami/etcd:3.5.18-debian-12-r5",
    { "app.kubernetes.io/name", "etcd", "app.kubernetes.io/instance", "dynamo-platform", NULL, NULL } },
  { "kuberay", "kuberay-system", "kuberay-operator", "kuberay-operator", "quay.io/kuberay/operator:v1.5.1",
    { "app.kubernetes.io/name", "kuberay-operator", "app.kubernetes.io/instance", "kuberay-operator",
      "app.kubernetes.io/component", "kuberay-operator" } },
  { "kaito", "kaito-workspace", "kaito-workspace", "manager", "mcr.microsoft.com/aks/kaito/workspace:0.8.0",
    { "app.kubernetes.io/name", "kaito-workspace", "app.kubernetes.io/instance", "kaito-workspace", NULL, NULL } },
};

static void
ensure_namespace (KfSimStore *store,
                  const char *ns)
{
  g_autoptr(JsonNode) existing = kf_sim_store_get (store, "namespaces", NULL, ns, NULL);
  g_autoptr(JsonNode) created = NULL;
  JsonObject *o, *meta, *labels;
  JsonArray *finalizers;
  g_autoptr(JsonNode) node = NULL;

  if (existing != NULL)
    return;
  o = json_object_new ();
  json_object_set_string_member (o, "apiVersion", "v1");
  json_object_set_string_member (o, "kind", "Namespace");
  meta = sim_json_ensure_object (o, "metadata");
  json_object_set_string_member (meta, "name", ns);
  labels = sim_json_ensure_object (meta, "labels");
  json_object_set_string_member (labels, "kubernetes.io/metadata.name", ns);
  finalizers = json_array_new ();
  json_array_add_string_element (finalizers, "kubernetes");
  json_object_set_array_member (sim_json_ensure_object (o, "spec"), "finalizers", finalizers);
  json_object_set_object_member (o, "status", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (o, "status"), "phase", "Active");
  node = json_node_init_object (json_node_alloc (), o);
  json_object_unref (o);
  created = kf_sim_store_create (store, "namespaces", NULL, node, NULL);
}

static JsonNode *
operator_deployment (const RuntimeOperator *op)
{
  JsonObject *d = json_object_new ();
  JsonObject *meta = sim_json_ensure_object (d, "metadata");
  JsonObject *spec = sim_json_ensure_object (d, "spec");
  JsonObject *sel = sim_json_ensure_object (spec, "selector");
  JsonObject *tmpl = sim_json_ensure_object (spec, "template");
  JsonObject *tmeta = sim_json_ensure_object (tmpl, "metadata");
  JsonObject *tspec = sim_json_ensure_object (tmpl, "spec");
  JsonObject *labels = json_object_new ();
  JsonObject *match = json_object_new ();
  JsonObject *tlabels = json_object_new ();
  JsonArray *cs = json_array_new ();
  JsonObject *c = json_object_new ();
  JsonObject *res = json_object_new ();
  JsonObject *req = json_object_new ();
  JsonObject *lim = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (op->labels) && op->labels[i] != NULL; i += 2)
    {
      json_object_set_string_member (labels, op->labels[i], op->labels[i + 1]);
      json_object_set_string_member (match, op->labels[i], op->labels[i + 1]);
      json_object_set_string_member (tlabels, op->labels[i], op->labels[i + 1]);
    }
  json_object_set_string_member (labels, "app.kubernetes.io/managed-by", "Helm");
  json_object_set_string_member (d, "apiVersion", "apps/v1");
  json_object_set_string_member (d, "kind", "Deployment");
  json_object_set_string_member (meta, "name", op->deployment);
  json_object_set_string_member (meta, "namespace", op->ns);
  json_object_set_object_member (meta, "labels", labels);
  json_object_set_int_member (spec, "replicas", 1);
  json_object_set_object_member (sel, "matchLabels", match);
  json_object_set_object_member (tmeta, "labels", tlabels);
  json_object_set_string_member (c, "name", op->container);
  json_object_set_string_member (c, "image", op->image);
  json_object_set_string_member (req, "cpu", "100m");
  json_object_set_string_member (req, "memory", "128Mi");
  json_object_set_string_member (lim, "cpu", "500m");
  json_object_set_string_member (lim, "memory", "512Mi");
  json_object_set_object_member (res, "requests", req);
  json_object_set_object_member (res, "limits", lim);
  json_object_set_object_member (c, "resources", res);
  json_array_add_object_element (cs, c);
  json_object_set_array_member (tspec, "containers", cs);
  json_object_set_string_member (tspec, "serviceAccountName", op->deployment);
  return sim_json_take_object (d);
}

/* A runtime installed by the scenario: the Deployments its Helm chart creates
 * in its namespace (their pods are made by the Deployment controller here). */
void
sim_provider_install_runtimes (KfSimOperators *ops)
{
  KfSimScenario *scenario = kf_sim_operators_get_scenario (ops);
  KfSimStore *store = kf_sim_operators_get_store (ops);

  if (scenario == NULL || scenario->runtimes == NULL)
    return;
  for (guint r = 0; scenario->runtimes[r] != NULL; r++)
    for (guint i = 0; i < G_N_ELEMENTS (runtime_operators); i++)
      {
        const RuntimeOperator *op = &runtime_operators[i];
        g_autoptr(JsonNode) existing = NULL;
        g_autoptr(JsonNode) node = NULL;
        g_autoptr(JsonNode) created = NULL;
        g_autoptr(GError) error = NULL;

        if (g_strcmp0 (op->runtime, scenario->runtimes[r]) != 0)
          continue;
        ensure_namespace (store, op->ns);
        existing = kf_sim_store_get (store, KF_SIM_RES_DEPLOYMENT, op->ns, op->deployment, NULL);
        if (existing != NULL)
          continue;
        node = operator_deployment (op);
        created = kf_sim_store_create (store, KF_SIM_RES_DEPLOYMENT, op->ns, node, &error);
        if (created == NULL)
          g_warning ("installing the %s runtime: %s", op->runtime, error->message);
      }
}
