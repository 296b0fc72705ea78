/* kf-sim-op-dynamo.c: the simulated NVIDIA Dynamo operator
 *
 * A DynamoGraphDeployment's components (v1alpha1 `spec.services` map with
 * `extraPodSpec.mainContainer`, or v1beta1 `spec.components` list with
 * `podTemplate`) become Deployment-like pod groups named
 * `<dgd>-<lower-case component>-<hash>-<suffix>`, labelled as the operator
 * labels them; frontends get a Service `<dgd>-<lower-case component>` on 8000.
 * Status: `state` (pending/successful/failed), a Ready condition and
 * per-component replica counts (`services` in v1alpha1, `components` in v1beta1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <string.h>

#include "kf-sim-op-private.h"

typedef struct
{
  char     *key;        /* component name: "Frontend", "VllmDecodeWorker" */
  char     *ctype;      /* frontend, worker, planner, prefill, decode, main */
  char     *sub;        /* prefill / decode, or NULL */
  char     *dyn_ns;
  int       replicas;
  JsonNode *spec;       /* PodSpec, main container first */
} DynComp;

static void
dyn_comp_free (DynComp *c)
{
  g_free (c->key);
  g_free (c->ctype);
  g_free (c->sub);
  g_free (c->dyn_ns);
  g_clear_pointer (&c->spec, json_node_unref);
  g_free (c);
}

static gboolean
is_beta (JsonNode *object)
{
  return g_str_has_suffix (sim_json_string (object, "apiVersion", NULL) ?: "", "/v1beta1");
}

/* v1alpha1: a PodSpec from extraPodSpec, its mainContainer and resources {gpu, cpu, memory} */
static JsonNode *
alpha_spec (JsonNode *svc,
            gboolean  frontend)
{
  JsonNode *extra = sim_json_member (svc, "extraPodSpec", NULL);
  JsonNode *main = sim_json_member (svc, "extraPodSpec", "mainContainer", NULL);
  JsonObject *spec = json_object_new ();
  JsonObject *container;
  JsonObject *resources = json_object_new ();
  JsonArray *containers = json_array_new ();
  JsonArray *ports = json_array_new ();
  JsonObject *port = json_object_new ();
  JsonNode *node;
  static const char *const res_keys[][2] = {
    { "gpu", "nvidia.com/gpu" }, { "cpu", "cpu" }, { "memory", "memory" },
  };

  if (extra != NULL && JSON_NODE_HOLDS_OBJECT (extra))
    {
      JsonObjectIter it;
      const char *k;
      JsonNode *v;

      json_object_iter_init (&it, json_node_get_object (extra));
      while (json_object_iter_next (&it, &k, &v))
        if (g_strcmp0 (k, "mainContainer") != 0)
          json_object_set_member (spec, k, sim_json_deep_copy (v));
    }
  if (main != NULL && JSON_NODE_HOLDS_OBJECT (main))
    {
      g_autoptr(JsonNode) copy = sim_json_deep_copy (main);

      container = json_node_dup_object (copy);
    }
  else
    container = json_object_new ();
  json_object_set_string_member (container, "name", "main");
  if (!json_object_has_member (container, "image"))
    json_object_set_string_member (container, "image", "nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.7.1");
  for (guint r = 0; r < 2; r++)
    {
      const char *which = r == 0 ? "limits" : "requests";
      JsonNode *src = sim_json_member (svc, "resources", which, NULL);
      JsonObject *dst = json_object_new ();

      if (src != NULL && JSON_NODE_HOLDS_OBJECT (src))
        for (guint k = 0; k < G_N_ELEMENTS (res_keys); k++)
          {
            JsonNode *v = sim_json_member (src, res_keys[k][0], NULL);

            if (v != NULL)
              json_object_set_member (dst, res_keys[k][1], sim_json_deep_copy (v));
          }
      json_object_set_object_member (resources, which, dst);
    }
  /* a GPU limit without a request: Kubernetes defaults the request to the limit */
  {
    JsonObject *lim = json_object_get_object_member (resources, "limits");
    JsonObject *req = json_object_get_object_member (resources, "requests");

    if (json_object_has_member (lim, "nvidia.com/gpu") && !json_object_has_member (req, "nvidia.com/gpu"))
      json_object_set_member (req, "nvidia.com/gpu", sim_json_deep_copy (json_object_get_member (lim, "nvidia.com/gpu")));
  }
  json_object_set_object_member (container, "resources", resources);
  json_object_set_string_member (port, "name", frontend ? "http" : "system");
  json_object_set_int_member (port, "containerPort", frontend ? 8000 : 9090);
  json_object_set_string_member (port, "protocol", "TCP");
  json_array_add_object_element (ports, port);
  json_object_set_array_member (container, "ports", ports);
  if (sim_json_string (svc, "envFromSecret", NULL))
    {
      JsonArray *env_from = json_array_new ();
      JsonObject *ref = json_object_new ();
      JsonObject *sref = json_object_new ();

      json_object_set_string_member (sref, "name", sim_json_string (svc, "envFromSecret", NULL));
      json_object_set_object_member (ref, "secretRef", sref);
      json_array_add_object_element (env_from, ref);
      json_object_set_array_member (container, "envFrom", env_from);
    }
  json_array_add_object_element (containers, container);
  json_object_set_array_member (spec, "containers", containers);
  node = json_node_init_object (json_node_alloc (), spec);
  json_object_unref (spec);
  return node;
}

/* v1beta1: the podTemplate's spec, with a GPU limit defaulting the request */
static JsonNode *
beta_spec (JsonNode *comp)
{
  JsonNode *spec = sim_json_member (comp, "podTemplate", "spec", NULL);
  JsonNode *copy;
  JsonNode *containers;

  if (spec != NULL && JSON_NODE_HOLDS_OBJECT (spec))
    copy = sim_json_deep_copy (spec);
  else
    {
      JsonObject *o = json_object_new ();

      copy = json_node_init_object (json_node_alloc (), o);
      json_object_unref (o);
    }
  containers = sim_json_member (copy, "containers", NULL);
  if (containers == NULL || !JSON_NODE_HOLDS_ARRAY (containers) ||
      json_array_get_length (json_node_get_array (containers)) == 0)
    {
      JsonArray *cs = json_array_new ();
      JsonObject *c = json_object_new ();

      json_object_set_string_member (c, "name", "main");
      json_object_set_string_member (c, "image", "nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.7.1");
      json_array_add_object_element (cs, c);
      json_object_set_array_member (json_node_get_object (copy), "containers", cs);
    }
  else
    for (guint i = 0; i < json_array_get_length (json_node_get_array (containers)); i++)
      {
        JsonNode *c = json_array_get_element (json_node_get_array (containers), i);
        JsonNode *lim = sim_json_member (c, "resources", "limits", "nvidia.com/gpu", NULL);

        if (lim != NULL && sim_json_member (c, "resources", "requests", "nvidia.com/gpu", NULL) == NULL)
          {
            JsonObject *res = sim_json_ensure_object (json_node_get_object (c), "resources");

            json_object_set_member (sim_json_ensure_object (res, "requests"), "nvidia.com/gpu",
                                    sim_json_deep_copy (lim));
          }
      }
  return copy;
}

static GPtrArray *
dynamo_components (JsonNode *object)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) dyn_comp_free);

  if (is_beta (object))
    {
      JsonNode *list = sim_json_member (object, "spec", "components", NULL);

      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
        for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
          {
            JsonNode *comp = json_array_get_element (json_node_get_array (list), i);
            const char *name = sim_json_string (comp, "name", NULL);
            const char *type = sim_json_string (comp, "type", NULL) ?: "worker";
            DynComp *c;

            if (name == NULL)
              continue;
            c = g_new0 (DynComp, 1);
            c->key = g_strdup (name);
            c->ctype = g_strdup (type);
            if (g_strcmp0 (type, "prefill") == 0 || g_strcmp0 (type, "decode") == 0)
              c->sub = g_strdup (type);
            c->replicas = (int) sim_json_int (comp, 1, "replicas", NULL);
            c->spec = beta_spec (comp);
            g_ptr_array_add (out, c);
          }
      return out;
    }

  {
    JsonNode *services = sim_json_member (object, "spec", "services", NULL);
    JsonObjectIter it;
    const char *key;
    JsonNode *svc;

    if (services == NULL || !JSON_NODE_HOLDS_OBJECT (services))
      return out;
    json_object_iter_init (&it, json_node_get_object (services));
    while (json_object_iter_next (&it, &key, &svc))
      {
        DynComp *c = g_new0 (DynComp, 1);

        c->key = g_strdup (key);
        c->ctype = g_strdup (sim_json_string (svc, "componentType", NULL) ?: "main");
        c->sub = g_strdup (sim_json_string (svc, "subComponentType", NULL));
        c->dyn_ns = g_strdup (sim_json_string (svc, "dynamoNamespace", NULL));
        c->replicas = (int) sim_json_int (svc, 1, "replicas", NULL);
        c->spec = alpha_spec (svc, g_strcmp0 (c->ctype, "frontend") == 0);
        g_ptr_array_add (out, c);
      }
  }
  return out;
}

static JsonNode *
main_container (DynComp *c)
{
  JsonNode *cs = sim_json_member (c->spec, "containers", NULL);

  if (cs == NULL || !JSON_NODE_HOLDS_ARRAY (cs) || json_array_get_length (json_node_get_array (cs)) == 0)
    return NULL;
  return json_array_get_element (json_node_get_array (cs), 0);
}

void
sim_dynamo_identify (SimWorkload *wl,
                     JsonNode    *object)
{
  g_autoptr(GPtrArray) comps = dynamo_components (object);
  const char *fw = sim_json_string (object, "spec", "backendFramework", NULL);
  const char *engine = fw;

  g_free (wl->provider);
  wl->provider = g_strdup ("dynamo");
  for (guint i = 0; i < comps->len; i++)
    {
      DynComp *c = g_ptr_array_index (comps, i);
      g_auto(GStrv) argv = sim_container_argv (main_container (c));
      g_autofree char *lkey = g_ascii_strdown (c->key, -1);
      g_autofree char *model = sim_argv_value (argv, "--model");
      g_autofree char *served = sim_argv_value (argv, "--served-model-name");

      if (engine == NULL)
        {
          g_autofree char *joined = g_strjoinv (" ", argv);

          if (g_str_has_prefix (lkey, "vllm") || strstr (joined, "dynamo.vllm"))
            engine = "vllm";
          else if (g_str_has_prefix (lkey, "sglang") || strstr (joined, "dynamo.sglang"))
            engine = "sglang";
          else if (g_str_has_prefix (lkey, "trtllm") || strstr (joined, "dynamo.trtllm"))
            engine = "trtllm";
        }
      if (model == NULL)
        model = sim_argv_value (argv, "--model-path");
      if (model != NULL && wl->model == NULL)
        {
          wl->model = g_strdup (model);
          wl->served_name = g_strdup (served ? served : model);
        }
    }
  g_free (wl->engine);
  wl->engine = g_strdup (engine ? engine : "vllm");
}

GPtrArray *
sim_dynamo_groups (SimWorkload *wl,
                   JsonNode    *object)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_pod_group_free);
  g_autoptr(GPtrArray) comps = dynamo_components (object);

  for (guint i = 0; i < comps->len; i++)
    {
      DynComp *c = g_ptr_array_index (comps, i);
      g_autofree char *lkey = g_ascii_strdown (c->key, -1);
      g_autofree char *component = g_strdup_printf ("%s-%s", wl->name, lkey);
      g_autofree char *hash_seed = g_strdup_printf ("%s/%s", wl->uid, c->key);
      g_autofree char *hash = sim_pod_suffix (hash_seed, 10);
      g_autofree char *prefix = g_strdup_printf ("%s-%s", component, hash);
      gboolean frontend = g_strcmp0 (c->ctype, "frontend") == 0;
      const char *role = frontend ? "frontend" : c->sub ? c->sub :
                         g_strcmp0 (c->ctype, "planner") == 0 ? "planner" : "worker";
      JsonObject *labels = json_object_new ();
      JsonNode *spec = g_steal_pointer (&c->spec);

      json_object_set_string_member (labels, "nvidia.com/dynamo-graph-deployment-name", wl->name);
      json_object_set_string_member (labels, "nvidia.com/dynamo-component", c->key);
      json_object_set_string_member (labels, "nvidia.com/dynamo-component-type", c->ctype);
      if (c->sub)
        json_object_set_string_member (labels, "nvidia.com/dynamo-sub-component-type", c->sub);
      json_object_set_string_member (labels, "nvidia.com/dynamo-namespace", c->dyn_ns ? c->dyn_ns : wl->name);
      json_object_set_string_member (labels, "nvidia.com/selector", component);
      sim_labels_with_hash (labels, hash);
      sim_add_gpu_toleration (spec);
      g_ptr_array_add (groups, sim_group_new (c->key, prefix, role, frontend ? "dynamo-frontend" : wl->engine,
                                              wl->model, c->replicas, labels, spec));
    }
  return groups;
}

GPtrArray *
sim_dynamo_services (SimWorkload *wl,
                     JsonNode    *object)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) comps = dynamo_components (object);

  for (guint i = 0; i < comps->len; i++)
    {
      DynComp *c = g_ptr_array_index (comps, i);
      g_autofree char *lkey = NULL;
      g_autofree char *name = NULL;
      JsonObject *labels, *selector;
      JsonArray *ports;

      if (g_strcmp0 (c->ctype, "frontend") != 0)
        continue;
      lkey = g_ascii_strdown (c->key, -1);
      name = g_strdup_printf ("%s-%s", wl->name, lkey);
      labels = json_object_new ();
      selector = json_object_new ();
      ports = json_array_new ();
      json_object_set_string_member (labels, "nvidia.com/dynamo-graph-deployment-name", wl->name);
      json_object_set_string_member (labels, "nvidia.com/dynamo-component", c->key);
      json_object_set_string_member (selector, "nvidia.com/selector", name);
      json_array_add_element (ports, sim_port_object ("http", 8000, 8000));
      g_ptr_array_add (out, sim_service_new (wl, name, labels, selector, ports));
    }
  return out;
}

JsonNode *
sim_dynamo_status (SimWorkload *wl,
                   JsonNode    *object,
                   GPtrArray   *pods)
{
  JsonObject *st = json_object_new ();
  JsonObject *svcs = json_object_new ();
  JsonArray *conds = json_array_new ();
  JsonNode *old = sim_json_member (object, "status", "conditions", NULL);
  gint64 gen = sim_json_int (object, 0, "metadata", "generation", NULL);
  gboolean beta = is_beta (object);
  gboolean all_ready = TRUE;
  g_autoptr(GPtrArray) comps = dynamo_components (object);
  g_autoptr(GString) not_ready = g_string_new (NULL);
  JsonNode *node;
  SimPodCounts all;

  sim_count_pods (pods, NULL, &all);
  for (guint i = 0; i < comps->len; i++)
    {
      DynComp *c = g_ptr_array_index (comps, i);
      JsonObject *s = json_object_new ();
      g_autofree char *lkey = g_ascii_strdown (c->key, -1);
      g_autofree char *cname = g_strdup_printf ("%s-%s", wl->name, lkey);
      SimPodCounts n;

      sim_count_pods (pods, c->key, &n);
      json_object_set_string_member (s, "componentKind", "Deployment");
      if (beta)
        {
          JsonArray *names = json_array_new ();

          json_array_add_string_element (names, cname);
          json_object_set_array_member (s, "componentNames", names);
        }
      else
        json_object_set_string_member (s, "componentName", cname);
      json_object_set_int_member (s, "replicas", n.total);
      json_object_set_int_member (s, "updatedReplicas", n.total);
      json_object_set_int_member (s, "readyReplicas", n.ready);
      json_object_set_int_member (s, "availableReplicas", n.ready);
      json_object_set_object_member (svcs, c->key, s);
      if (n.ready < c->replicas)
        {
          all_ready = FALSE;
          g_string_append_printf (not_ready, "%s%s: %d/%d ready", not_ready->len ? ", " : "",
                                  cname, n.ready, c->replicas);
        }
    }

  json_object_set_string_member (st, "state", all_ready ? "successful" : all.failing > 0 ? "failed" : "pending");
  if (all_ready)
    sim_status_condition (conds, old, "Ready", "True", "AllResourcesAreReady", "All resources are ready", gen);
  else
    {
      g_autofree char *problem = sim_problem_text (all.first_problem);
      g_autofree char *msg = g_strdup_printf ("Resources not ready: %s%s%s", not_ready->str,
                                              problem ? "; " : "", problem ? problem : "");

      sim_status_condition (conds, old, "Ready", "False", "SomeResourcesAreNotReady", msg, gen);
    }
  json_object_set_array_member (st, "conditions", conds);
  json_object_set_object_member (st, beta ? "components" : "services", svcs);
  if (gen > 0)
    json_object_set_int_member (st, "observedGeneration", gen);
  node = json_node_init_object (json_node_alloc (), st);
  json_object_unref (st);
  return node;
}
