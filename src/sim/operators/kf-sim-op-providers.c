/* kf-sim-op-providers.c: what each simulated operator creates
 *
 * For a DynamoGraphDeployment, RayService, Workspace or Deployment: the pod
 * groups (names, labels, pod spec) and Services the real controller creates.
 * The status each writes is in kf-sim-op-status.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <string.h>

#include "kf-sim-op-private.h"
#include "kf-yaml.h"

static void
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

static JsonNode *
new_object_node (JsonObject *obj)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), obj);

  json_object_unref (obj);
  return node;
}

/* The command and args of a container as one argv; an element with spaces
 * (the `sh -c "python3 -m dynamo.vllm --model X"` form) is split as a shell would. */
GStrv
sim_container_argv (JsonNode *container)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  static const char *const parts[] = { "command", "args" };

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      JsonNode *arr = sim_json_member (container, parts[p], NULL);

      if (arr == NULL || !JSON_NODE_HOLDS_ARRAY (arr))
        continue;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (arr)); i++)
        {
          JsonNode *e = json_array_get_element (json_node_get_array (arr), i);
          const char *s;
          g_auto(GStrv) split = NULL;

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            continue;
          s = json_node_get_string (e);
          if (strchr (s, ' ') != NULL && g_shell_parse_argv (s, NULL, &split, NULL))
            g_strv_builder_addv (out, (const char **) split);
          else
            g_strv_builder_add (out, s);
        }
    }
  return g_strv_builder_end (out);
}

/* The value following @flag ("--model X" or "--model=X"), or NULL. */
char *
sim_argv_value (GStrv       argv,
                const char *flag)
{
  gsize flag_len = strlen (flag);

  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    {
      if (g_strcmp0 (argv[i], flag) == 0 && argv[i + 1] != NULL)
        return g_strdup (argv[i + 1]);
      if (strncmp (argv[i], flag, flag_len) == 0 && argv[i][flag_len] == '=')
        return g_strdup (argv[i] + flag_len + 1);
    }
  return NULL;
}

JsonObject *
sim_labels_with_hash (JsonObject *labels,
                  const char *hash)
{
  json_object_set_string_member (labels, "pod-template-hash", hash);
  return labels;
}

SimPodGroup *
sim_group_new (const char *group,
           const char *prefix,
           const char *role,
           const char *engine,
           const char *model,
           int         replicas,
           JsonObject *labels,
           JsonNode   *spec)
{
  SimPodGroup *g = g_new0 (SimPodGroup, 1);

  g->group = g_strdup (group);
  g->prefix = g_strdup (prefix);
  g->role = g_strdup (role);
  g->engine = g_strdup (engine);
  g->model = g_strdup (model);
  if (replicas > SIM_MAX_REPLICAS)
    g_message ("%s: %d replicas asked, the simulated cluster runs at most %d", prefix, replicas, SIM_MAX_REPLICAS);
  g->replicas = CLAMP (replicas, 0, SIM_MAX_REPLICAS);
  g->labels = new_object_node (labels);
  g->spec = spec;
  return g;
}

/* Pods requesting nvidia.com/gpu tolerate the nvidia.com/gpu taint, as the
 * ExtendedResourceToleration admission plugin (on by default in AKS and GKE)
 * adds it. */
void
sim_add_gpu_toleration (JsonNode *spec)
{
  JsonObject *s = json_node_get_object (spec);
  JsonNode *containers = sim_json_member (spec, "containers", NULL);
  JsonArray *tols;
  JsonObject *t;
  double gpus = 0;

  if (containers != NULL && JSON_NODE_HOLDS_ARRAY (containers))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (containers)); i++)
      {
        JsonNode *c = json_array_get_element (json_node_get_array (containers), i);

        gpus += sim_json_quantity (sim_json_member (c, "resources", "limits", "nvidia.com/gpu", NULL));
        gpus += sim_json_quantity (sim_json_member (c, "resources", "requests", "nvidia.com/gpu", NULL));
      }
  if (gpus <= 0)
    return;
  if (!json_object_has_member (s, "tolerations") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (s, "tolerations")))
    json_object_set_array_member (s, "tolerations", json_array_new ());
  tols = json_object_get_array_member (s, "tolerations");
  for (guint i = 0; i < json_array_get_length (tols); i++)
    if (g_strcmp0 (sim_json_string (json_array_get_element (tols, i), "key", NULL), "nvidia.com/gpu") == 0)
      return;
  t = json_object_new ();
  json_object_set_string_member (t, "key", "nvidia.com/gpu");
  json_object_set_string_member (t, "operator", "Exists");
  json_object_set_string_member (t, "effect", "NoSchedule");
  json_array_add_object_element (tols, t);
}

JsonNode *
sim_port_object (const char *name,
             int         port,
             int         target)
{
  JsonObject *p = json_object_new ();

  json_object_set_string_member (p, "name", name);
  json_object_set_string_member (p, "protocol", "TCP");
  json_object_set_int_member (p, "port", port);
  json_object_set_int_member (p, "targetPort", target);
  return new_object_node (p);
}

JsonNode *
sim_service_new (SimWorkload *wl,
             const char  *name,
             JsonObject  *labels,
             JsonObject  *selector,
             JsonArray   *ports)
{
  JsonObject *svc = json_object_new ();
  JsonObject *meta = sim_json_ensure_object (svc, "metadata");
  JsonObject *spec = sim_json_ensure_object (svc, "spec");
  JsonArray *refs = json_array_new ();
  guint h = g_str_hash (name) ^ g_str_hash (wl->ns);
  g_autofree char *ip = g_strdup_printf ("10.0.%u.%u", (h >> 8) % 250, 2 + h % 250);
  JsonArray *ips = json_array_new ();
  JsonArray *families = json_array_new ();

  json_object_set_string_member (svc, "apiVersion", "v1");
  json_object_set_string_member (svc, "kind", "Service");
  json_object_set_string_member (meta, "name", name);
  json_object_set_string_member (meta, "namespace", wl->ns);
  json_object_set_object_member (meta, "labels", labels);
  json_array_add_element (refs, sim_owner_reference (wl));
  json_object_set_array_member (meta, "ownerReferences", refs);
  json_object_set_string_member (spec, "type", "ClusterIP");
  json_object_set_string_member (spec, "clusterIP", ip);
  json_array_add_string_element (ips, ip);
  json_object_set_array_member (spec, "clusterIPs", ips);
  json_array_add_string_element (families, "IPv4");
  json_object_set_array_member (spec, "ipFamilies", families);
  json_object_set_string_member (spec, "ipFamilyPolicy", "SingleStack");
  json_object_set_string_member (spec, "sessionAffinity", "None");
  json_object_set_string_member (spec, "internalTrafficPolicy", "Cluster");
  json_object_set_object_member (spec, "selector", selector);
  json_object_set_array_member (spec, "ports", ports);
  json_object_set_object_member (svc, "status", json_object_new ());
  json_object_set_object_member (sim_json_ensure_object (svc, "status"), "loadBalancer", json_object_new ());
  return new_object_node (svc);
}

/* ------------------------------------------------------------- KubeRay */

static JsonNode *
ray_serve_config (JsonNode *object)
{
  const char *text = sim_json_string (object, "spec", "serveConfigV2", NULL);

  return text ? kf_yaml_parse (text, -1, NULL) : NULL;
}

static void
ray_identify (SimWorkload *wl,
              JsonNode    *object)
{
  g_autoptr(JsonNode) config = ray_serve_config (object);
  JsonNode *apps = sim_json_member (config, "applications", NULL);

  set_str (&wl->provider, "kuberay");
  set_str (&wl->engine, "ray");
  if (apps != NULL && JSON_NODE_HOLDS_ARRAY (apps))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (apps)); i++)
      {
        JsonNode *app = json_array_get_element (json_node_get_array (apps), i);
        JsonNode *cfgs = sim_json_member (app, "args", "llm_configs", NULL);
        JsonNode *cfg = NULL;

        if (cfgs != NULL && JSON_NODE_HOLDS_ARRAY (cfgs) && json_array_get_length (json_node_get_array (cfgs)) > 0)
          cfg = json_array_get_element (json_node_get_array (cfgs), 0);
        if (cfg == NULL)
          cfg = sim_json_member (app, "args", "decode_config", NULL);
        if (cfg != NULL)
          {
            const char *id = sim_json_string (cfg, "model_loading_config", "model_id", NULL);
            const char *src = sim_json_string (cfg, "model_loading_config", "model_source", NULL);

            set_str (&wl->model, src ? src : id);
            set_str (&wl->served_name, id ? id : src);
            break;
          }
      }
  if (wl->ray_cluster == NULL)
    {
      g_autofree char *suffix = sim_pod_suffix (wl->uid, 5);

      wl->ray_cluster = g_strdup_printf ("%s-raycluster-%s", wl->name, suffix);
    }
}

static JsonObject *
ray_labels (SimWorkload *wl,
            const char  *type,
            const char  *group)
{
  JsonObject *labels = json_object_new ();
  g_autofree char *ident = g_strdup_printf ("%s-%s", wl->ray_cluster, type);

  json_object_set_string_member (labels, "ray.io/cluster", wl->ray_cluster);
  json_object_set_string_member (labels, "ray.io/node-type", type);
  json_object_set_string_member (labels, "ray.io/group", group);
  json_object_set_string_member (labels, "ray.io/identifier", ident);
  json_object_set_string_member (labels, "ray.io/is-ray-node", "yes");
  json_object_set_string_member (labels, "ray.io/serve", "true");
  json_object_set_string_member (labels, "app.kubernetes.io/name", "kuberay");
  json_object_set_string_member (labels, "app.kubernetes.io/created-by", "kuberay-operator");
  json_object_set_string_member (labels, "ray.io/originated-from-crd", "RayService");
  json_object_set_string_member (labels, "ray.io/originated-from-cr-name", wl->name);
  return labels;
}

static JsonNode *
template_spec (JsonNode   *tmpl,
               const char *fallback_name,
               const char *fallback_image)
{
  JsonNode *spec = sim_json_member (tmpl, "spec", NULL);
  JsonNode *copy;

  if (spec != NULL && JSON_NODE_HOLDS_OBJECT (spec) &&
      sim_json_member (spec, "containers", NULL) != NULL)
    copy = sim_json_deep_copy (spec);
  else
    {
      JsonObject *s = json_object_new ();
      JsonArray *cs = json_array_new ();
      JsonObject *c = json_object_new ();

      json_object_set_string_member (c, "name", fallback_name);
      json_object_set_string_member (c, "image", fallback_image);
      json_array_add_object_element (cs, c);
      json_object_set_array_member (s, "containers", cs);
      copy = new_object_node (s);
    }
  sim_add_gpu_toleration (copy);
  return copy;
}

static GPtrArray *
ray_groups (SimWorkload *wl,
            JsonNode    *object)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_pod_group_free);
  JsonNode *cluster = sim_json_member (object, "spec", "rayClusterConfig", NULL);
  JsonNode *head_tmpl = sim_json_member (cluster, "headGroupSpec", "template", NULL);
  JsonNode *workers = sim_json_member (cluster, "workerGroupSpecs", NULL);
  g_autofree char *head_prefix = g_strdup_printf ("%s-head", wl->ray_cluster);

  g_ptr_array_add (groups, sim_group_new ("headgroup", head_prefix, "head", "ray", wl->model, 1,
                                      ray_labels (wl, "head", "headgroup"),
                                      template_spec (head_tmpl, "ray-head", "rayproject/ray:2.52.0")));
  if (workers != NULL && JSON_NODE_HOLDS_ARRAY (workers))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (workers)); i++)
      {
        JsonNode *w = json_array_get_element (json_node_get_array (workers), i);
        const char *gname = sim_json_string (w, "groupName", NULL) ?: "workergroup";
        gint64 replicas = sim_json_int (w, sim_json_int (w, 1, "minReplicas", NULL), "replicas", NULL);
        gint64 hosts = sim_json_int (w, 1, "numOfHosts", NULL);
        gint64 max = sim_json_int (w, G_MAXINT32, "maxReplicas", NULL);
        g_autofree char *prefix = g_strdup_printf ("%s-%s-worker", wl->ray_cluster, gname);

        if (!JSON_NODE_HOLDS_OBJECT (w))
          continue;

        if (sim_json_true (sim_json_member (w, "suspend", NULL)))
          replicas = 0;
        replicas = CLAMP (MIN (replicas, max), 0, SIM_MAX_REPLICAS);
        hosts = CLAMP (hosts, 1, SIM_MAX_REPLICAS);
        g_ptr_array_add (groups, sim_group_new (gname, prefix, "worker", "ray", wl->model,
                                            (int) (replicas * MAX (hosts, 1)),
                                            ray_labels (wl, "worker", gname),
                                            template_spec (sim_json_member (w, "template", NULL),
                                                           "ray-worker", "rayproject/ray:2.52.0")));
      }
  return groups;
}

static GPtrArray *
ray_services (SimWorkload *wl,
              JsonNode    *object)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonNode *containers = sim_json_member (object, "spec", "rayClusterConfig", "headGroupSpec",
                                          "template", "spec", "containers", NULL);
  JsonNode *ports = NULL;
  JsonArray *head_ports = json_array_new ();
  JsonArray *serve_ports = json_array_new ();
  JsonObject *sel = json_object_new ();
  JsonObject *serve_sel = json_object_new ();
  JsonObject *labels = json_object_new ();
  JsonObject *serve_labels = json_object_new ();
  g_autofree char *head_name = g_strdup_printf ("%s-head-svc", wl->name);
  g_autofree char *serve_name = g_strdup_printf ("%s-serve-svc", wl->name);
  gboolean has_metrics = FALSE, has_serve = FALSE;

  if (containers != NULL && JSON_NODE_HOLDS_ARRAY (containers) &&
      json_array_get_length (json_node_get_array (containers)) > 0)
    ports = sim_json_member (json_array_get_element (json_node_get_array (containers), 0), "ports", NULL);
  if (ports != NULL && JSON_NODE_HOLDS_ARRAY (ports))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (ports)); i++)
      {
        JsonNode *p = json_array_get_element (json_node_get_array (ports), i);
        const char *pname = sim_json_string (p, "name", NULL);
        gint64 num = sim_json_int (p, 0, "containerPort", NULL);

        if (pname == NULL || num <= 0)
          continue;
        if (g_strcmp0 (pname, "metrics") == 0)
          has_metrics = TRUE;
        if (g_strcmp0 (pname, "serve") == 0)
          has_serve = TRUE;
        json_array_add_element (head_ports, sim_port_object (pname, (int) num, (int) num));
      }
  if (json_array_get_length (head_ports) == 0)
    {
      json_array_add_element (head_ports, sim_port_object ("gcs-server", 6379, 6379));
      json_array_add_element (head_ports, sim_port_object ("dashboard", 8265, 8265));
      json_array_add_element (head_ports, sim_port_object ("client", 10001, 10001));
    }
  if (!has_serve)
    json_array_add_element (head_ports, sim_port_object ("serve", 8000, 8000));
  if (!has_metrics)
    json_array_add_element (head_ports, sim_port_object ("metrics", 8080, 8080));
  json_array_add_element (serve_ports, sim_port_object ("serve", 8000, 8000));

  json_object_set_string_member (labels, "ray.io/cluster", wl->ray_cluster);
  json_object_set_string_member (labels, "ray.io/node-type", "head");
  json_object_set_string_member (labels, "app.kubernetes.io/name", "kuberay");
  json_object_set_string_member (labels, "app.kubernetes.io/created-by", "kuberay-operator");
  json_object_set_string_member (labels, "ray.io/originated-from-crd", "RayService");
  json_object_set_string_member (labels, "ray.io/originated-from-cr-name", wl->name);
  json_object_set_string_member (sel, "ray.io/cluster", wl->ray_cluster);
  json_object_set_string_member (sel, "ray.io/node-type", "head");
  json_object_set_string_member (serve_labels, "ray.io/serve", serve_name);
  json_object_set_string_member (serve_labels, "app.kubernetes.io/name", "kuberay");
  json_object_set_string_member (serve_labels, "ray.io/originated-from-crd", "RayService");
  json_object_set_string_member (serve_labels, "ray.io/originated-from-cr-name", wl->name);
  json_object_set_string_member (serve_sel, "ray.io/cluster", wl->ray_cluster);
  json_object_set_string_member (serve_sel, "ray.io/serve", "true");
  g_ptr_array_add (out, sim_service_new (wl, head_name, labels, sel, head_ports));
  g_ptr_array_add (out, sim_service_new (wl, serve_name, serve_labels, serve_sel, serve_ports));
  return out;
}

/* ---------------------------------------------------------------- KAITO */

static void
kaito_identify (SimWorkload *wl,
                JsonNode    *object)
{
  const char *preset = sim_json_string (object, "inference", "preset", "name", NULL);
  JsonNode *containers = sim_json_member (object, "inference", "template", "spec", "containers", NULL);

  set_str (&wl->provider, "kaito");
  if (preset != NULL)
    {
      set_str (&wl->engine, "vllm");
      set_str (&wl->model, preset);
      set_str (&wl->served_name, preset);
      return;
    }
  if (containers != NULL && JSON_NODE_HOLDS_ARRAY (containers) &&
      json_array_get_length (json_node_get_array (containers)) > 0)
    {
      JsonNode *c = json_array_get_element (json_node_get_array (containers), 0);
      const char *image = sim_json_string (c, "image", NULL) ?: "";
      g_auto(GStrv) argv = sim_container_argv (c);
      g_autofree char *cmd = g_strjoinv (" ", argv);
      g_autofree char *model = sim_argv_value (argv, "--model");

      if (model != NULL || strstr (image, "kaito-base") || strstr (cmd, "vllm"))
        {
          set_str (&wl->engine, "vllm");
          set_str (&wl->model, model ? model : image);
          set_str (&wl->served_name, model ? model : image);
          return;
        }
      set_str (&wl->engine, "llamacpp");
      {
        const char *hf = strstr (cmd, "huggingface://");

        if (hf != NULL)
          {
            g_autofree char *uri = g_strndup (hf, strcspn (hf, " "));
            const char *file = strrchr (uri, '/');

            set_str (&wl->model, uri + strlen ("huggingface://"));
            set_str (&wl->served_name, file ? file + 1 : uri);
          }
        else
          {
            const char *last = strrchr (image, '/');

            set_str (&wl->model, last ? last + 1 : image);
            set_str (&wl->served_name, last ? last + 1 : image);
          }
      }
    }
  else
    set_str (&wl->engine, "vllm");
}

static GPtrArray *
kaito_groups (SimWorkload *wl,
              JsonNode    *object)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_pod_group_free);
  JsonNode *tmpl_spec = sim_json_member (object, "inference", "template", "spec", NULL);
  JsonNode *match = sim_json_member (object, "resource", "labelSelector", "matchLabels", NULL);
  gint64 count = sim_json_int (object, 1, "resource", "count", NULL);
  JsonObject *labels = json_object_new ();
  g_autofree char *hash = sim_pod_suffix (wl->uid, 10);
  g_autofree char *prefix = g_strdup_printf ("%s-%s", wl->name, hash);
  JsonNode *spec;

  if (tmpl_spec != NULL && JSON_NODE_HOLDS_OBJECT (tmpl_spec))
    spec = sim_json_deep_copy (tmpl_spec);
  else
    {
      /* a preset: KAITO's vLLM runtime on port 5000, one GPU per replica */
      JsonObject *s = json_object_new ();
      JsonArray *cs = json_array_new ();
      JsonObject *c = json_object_new ();
      JsonObject *res = json_object_new ();
      JsonObject *lim = json_object_new ();
      JsonObject *req = json_object_new ();
      JsonArray *ports = json_array_new ();
      JsonObject *port = json_object_new ();
      JsonArray *cmd = json_array_new ();
      g_autofree char *image = g_strdup_printf ("mcr.microsoft.com/aks/kaito/kaito-base:0.1.1");
      g_autofree char *args = g_strdup_printf ("python3 /workspace/vllm/inference_api.py --model=%s "
                                               "--served-model-name=%s --port=5000",
                                               wl->model, wl->served_name);

      json_object_set_string_member (c, "name", wl->name);
      json_object_set_string_member (c, "image", image);
      json_array_add_string_element (cmd, "/bin/sh");
      json_array_add_string_element (cmd, "-c");
      json_array_add_string_element (cmd, args);
      json_object_set_array_member (c, "command", cmd);
      json_object_set_int_member (lim, "nvidia.com/gpu", 1);
      json_object_set_int_member (req, "nvidia.com/gpu", 1);
      json_object_set_object_member (res, "limits", lim);
      json_object_set_object_member (res, "requests", req);
      json_object_set_object_member (c, "resources", res);
      json_object_set_int_member (port, "containerPort", 5000);
      json_object_set_string_member (port, "protocol", "TCP");
      json_array_add_object_element (ports, port);
      json_object_set_array_member (c, "ports", ports);
      json_array_add_object_element (cs, c);
      json_object_set_array_member (s, "containers", cs);
      spec = new_object_node (s);
    }
  /* BYO nodes: the pods go to nodes matching resource.labelSelector */
  if (match != NULL && JSON_NODE_HOLDS_OBJECT (match) &&
      json_object_get_size (json_node_get_object (match)) > 0)
    {
      JsonObject *aff = sim_json_ensure_object (json_node_get_object (spec), "affinity");
      JsonObject *na = sim_json_ensure_object (aff, "nodeAffinity");
      JsonObject *req = sim_json_ensure_object (na, "requiredDuringSchedulingIgnoredDuringExecution");
      JsonArray *terms = json_array_new ();
      JsonObject *term = json_object_new ();
      JsonArray *exprs = json_array_new ();
      JsonObjectIter it;
      const char *k;
      JsonNode *v;

      json_object_iter_init (&it, json_node_get_object (match));
      while (json_object_iter_next (&it, &k, &v))
        {
          JsonObject *e = json_object_new ();
          JsonArray *vals = json_array_new ();

          json_object_set_string_member (e, "key", k);
          json_object_set_string_member (e, "operator", "In");
          json_array_add_string_element (vals, JSON_NODE_HOLDS_VALUE (v) ? json_node_get_string (v) : "");
          json_object_set_array_member (e, "values", vals);
          json_array_add_object_element (exprs, e);
        }
      json_object_set_array_member (term, "matchExpressions", exprs);
      json_array_add_object_element (terms, term);
      json_object_set_array_member (req, "nodeSelectorTerms", terms);
    }
  sim_add_gpu_toleration (spec);
  json_object_set_string_member (labels, "kaito.sh/workspace", wl->name);
  sim_labels_with_hash (labels, hash);
  g_ptr_array_add (groups, sim_group_new ("inference", prefix, "inference", wl->engine, wl->model,
                                      (int) count, labels, spec));
  return groups;
}

static GPtrArray *
kaito_services (SimWorkload *wl,
                JsonNode    *object)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonObject *labels = json_object_new ();
  JsonObject *sel = json_object_new ();
  JsonArray *ports = json_array_new ();

  json_object_set_string_member (labels, "kaito.sh/workspace", wl->name);
  json_object_set_string_member (sel, "kaito.sh/workspace", wl->name);
  json_array_add_element (ports, sim_port_object ("http", 80, 5000));
  g_ptr_array_add (out, sim_service_new (wl, wl->name, labels, sel, ports));
  return out;
}

/* ----------------------------------------------------------- Deployment */

static GPtrArray *
deployment_groups (SimWorkload *wl,
                   JsonNode    *object)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_pod_group_free);
  JsonNode *tmpl = sim_json_member (object, "spec", "template", NULL);
  JsonNode *tlabels = sim_json_member (tmpl, "metadata", "labels", NULL);
  g_autofree char *tmpl_text = tmpl ? json_to_string (tmpl, FALSE) : g_strdup ("");
  g_autofree char *hash = sim_pod_suffix (tmpl_text, 10);
  g_autofree char *prefix = g_strdup_printf ("%s-%s", wl->name, hash);
  g_autoptr(JsonNode) tlabels_copy = tlabels && JSON_NODE_HOLDS_OBJECT (tlabels)
                                     ? sim_json_deep_copy (tlabels) : NULL;
  JsonObject *labels = tlabels_copy ? json_node_dup_object (tlabels_copy) : json_object_new ();
  gboolean runtime = g_strcmp0 (wl->ns, "dynamo-system") == 0 || g_strcmp0 (wl->ns, "kuberay-system") == 0 ||
                     g_strcmp0 (wl->ns, "kaito-workspace") == 0;

  sim_labels_with_hash (labels, hash);
  g_ptr_array_add (groups, sim_group_new (hash, prefix, runtime ? "operator" : "generic", "generic", NULL,
                                      (int) sim_json_int (object, 1, "spec", "replicas", NULL), labels,
                                      template_spec (tmpl, "main", "busybox:latest")));
  return groups;
}

/* ------------------------------------------------------------- dispatch */

void
sim_provider_identify (SimWorkload *wl,
                       JsonNode    *object)
{
  if (g_strcmp0 (wl->resource, KF_SIM_RES_DYNAMO) == 0)
    sim_dynamo_identify (wl, object);
  else if (g_strcmp0 (wl->resource, KF_SIM_RES_RAYSERVICE) == 0)
    ray_identify (wl, object);
  else if (g_strcmp0 (wl->resource, KF_SIM_RES_WORKSPACE) == 0)
    kaito_identify (wl, object);
  else
    {
      set_str (&wl->provider, "deployment");
      set_str (&wl->engine, "generic");
    }
}

GPtrArray *
sim_provider_groups (SimWorkload *wl,
                     JsonNode    *object)
{
  if (g_strcmp0 (wl->provider, "dynamo") == 0)
    return sim_dynamo_groups (wl, object);
  if (g_strcmp0 (wl->provider, "kuberay") == 0)
    return ray_groups (wl, object);
  if (g_strcmp0 (wl->provider, "kaito") == 0)
    return kaito_groups (wl, object);
  return deployment_groups (wl, object);
}

GPtrArray *
sim_provider_services (SimWorkload *wl,
                       JsonNode    *object)
{
  if (g_strcmp0 (wl->provider, "dynamo") == 0)
    return sim_dynamo_services (wl, object);
  if (g_strcmp0 (wl->provider, "kuberay") == 0)
    return ray_services (wl, object);
  if (g_strcmp0 (wl->provider, "kaito") == 0)
    return kaito_services (wl, object);
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}
