/* kf-dynamo-provider.c: NVIDIA Dynamo — DynamoGraphDeployment (reference §4.1)
 *
 * Generates nvidia.com/v1alpha1 DynamoGraphDeployments as the original does:
 * a Frontend service plus one aggregated worker (VllmWorker, SglangWorker,
 * TrtllmWorker) or prefill/decode workers (VllmPrefillWorker, VllmDecodeWorker…).
 *
 * One deliberate difference: the original writes the router mode as a
 * "router-mode" member of the Frontend service, which the DynamoGraphDeployment
 * schema does not have (the API server drops it, or rejects it under strict field
 * validation). We set it the way Dynamo's own examples do: the Frontend's
 * DYN_ROUTER_MODE environment variable.
 *
 * Status parsing reads both v1alpha1 (spec.services map) and v1beta1
 * (spec.components list) resources.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-providers"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-dynamo-provider.h"
#include "kf-provider-private.h"

#define DYNAMO_VERSION       "0.7.1"
#define DYNAMO_IMAGE_PREFIX  "nvcr.io/nvidia/ai-dynamo/"
#define DYNAMO_FRONTEND_PORT 8000

struct _KfDynamoProvider
{
  GObject parent_instance;
};

static void kf_dynamo_provider_iface_init (KfProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KfDynamoProvider, kf_dynamo_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KF_TYPE_PROVIDER, kf_dynamo_provider_iface_init))

static const KfEngine dynamo_engines[] = { KF_ENGINE_VLLM, KF_ENGINE_SGLANG, KF_ENGINE_TRTLLM };

static const char * const dynamo_crds[] = {
  "dynamocomponentdeployments.nvidia.com",
  "dynamographdeploymentrequests.nvidia.com",
  "dynamomodels.nvidia.com",
  "dynamographdeployments.nvidia.com",
  NULL
};

static const char * const dynamo_uninstall_crds[] = {
  "dynamocomponentdeployments.nvidia.com",
  "dynamographdeploymentrequests.nvidia.com",
  "dynamomodels.nvidia.com",
  "dynamographdeployments.nvidia.com",
  "dynamodeployments.nvidia.com",
  "dynamojobs.nvidia.com",
  "dynamocomponentsets.nvidia.com",
  NULL
};

static const char * const dynamo_selectors[] = { "app.kubernetes.io/name=dynamo-operator", NULL };

static const KfHelmChart dynamo_charts[] = {
  {
    .release = "dynamo-crds",
    .chart = "https://helm.ngc.nvidia.com/nvidia/ai-dynamo/charts/dynamo-crds-" DYNAMO_VERSION ".tgz",
    .version = DYNAMO_VERSION,
    .namespace = "default",
    .create_namespace = FALSE,
  },
  {
    .release = "dynamo-platform",
    .chart = "https://helm.ngc.nvidia.com/nvidia/ai-dynamo/charts/dynamo-platform-" DYNAMO_VERSION ".tgz",
    .version = DYNAMO_VERSION,
    .namespace = "dynamo-system",
    .create_namespace = TRUE,
  },
};

static const KfInstallationStep dynamo_steps[] = {
  { N_("Set the namespace"), "export NAMESPACE=dynamo-system", NULL },
  { N_("Set the release version"), "export RELEASE_VERSION=" DYNAMO_VERSION, NULL },
  {
    N_("Install the Dynamo CRDs"),
    "helm fetch https://helm.ngc.nvidia.com/nvidia/ai-dynamo/charts/dynamo-crds-${RELEASE_VERSION}.tgz && "
    "helm install dynamo-crds dynamo-crds-${RELEASE_VERSION}.tgz --namespace default",
    NULL
  },
  {
    N_("Install the Dynamo platform"),
    "helm fetch https://helm.ngc.nvidia.com/nvidia/ai-dynamo/charts/dynamo-platform-${RELEASE_VERSION}.tgz && "
    "helm install dynamo-platform dynamo-platform-${RELEASE_VERSION}.tgz --namespace ${NAMESPACE} --create-namespace",
    NULL
  },
};

static const KfProviderInfo dynamo_info = {
  .id = "dynamo",
  .name = "NVIDIA Dynamo",
  .description = N_("High-performance GPU inference with KV-cache routing"),
  .default_namespace = "dynamo-system",
  .version = DYNAMO_VERSION,
  .crd = {
    .group = "nvidia.com",
    .version = "v1alpha1",
    .plural = "dynamographdeployments",
    .kind = "DynamoGraphDeployment",
    .api_version = "nvidia.com/v1alpha1",
    .crd_name = "dynamographdeployments.nvidia.com",
  },
  .engines = dynamo_engines,
  .n_engines = G_N_ELEMENTS (dynamo_engines),
  .supports_disaggregated = TRUE,
  .installation = {
    .crd_names = dynamo_crds,
    .operator_namespace = "dynamo-system",
    .operator_selectors = dynamo_selectors,
  },
  .helm_charts = dynamo_charts,
  .n_helm_charts = G_N_ELEMENTS (dynamo_charts),
  .steps = dynamo_steps,
  .n_steps = G_N_ELEMENTS (dynamo_steps),
  .uninstall_crds = dynamo_uninstall_crds,
  .uninstall_namespace = "dynamo-system",
  .metrics_service_suffix = "-frontend",
  .metrics_port = 8000,
  .metrics_path = "/metrics",
};

static const KfProviderInfo *
kf_dynamo_provider_get_info (KfProvider *provider)
{
  return &dynamo_info;
}

static void
kf_dynamo_provider_validate (KfProvider               *provider,
                             const KfDeploymentConfig *config,
                             GPtrArray                *issues)
{
  kf_validate_gpu_workers (config, issues);
}

/* "Vllm", "Sglang", "Trtllm" */
static char *
engine_prefix (KfEngine engine)
{
  const char *s = kf_engine_to_string (engine);
  char *prefix = g_strdup (s);

  prefix[0] = g_ascii_toupper (prefix[0]);
  return prefix;
}

static char *
runtime_image (KfEngine engine)
{
  const char *name = engine == KF_ENGINE_SGLANG ? "sglang-runtime"
                   : engine == KF_ENGINE_TRTLLM ? "tensorrtllm-runtime"
                   : "vllm-runtime";

  return g_strconcat (DYNAMO_IMAGE_PREFIX, name, ":", DYNAMO_VERSION, NULL);
}

/* python3 -m dynamo.<engine> --model … (reference §4.1, "Worker command string") */
static char *
worker_command (const KfDeploymentConfig *config,
                const char               *role)  /* NULL, "prefill", "decode" */
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *module = g_strconcat ("dynamo.", kf_engine_to_string (config->engine), NULL);

  kf_append_shell_word (line, "python3");
  kf_append_shell_word (line, "-m");
  kf_append_shell_word (line, module);
  kf_append_shell_word (line, "--model");
  kf_append_shell_word (line, config->model_id);
  kf_append_shell_word (line, "--served-model-name");
  kf_append_shell_word (line, kf_deployment_config_get_served_name (config));
  if (config->enforce_eager)
    kf_append_shell_word (line, "--enforce-eager");
  if (config->enable_prefix_caching)
    kf_append_shell_word (line, "--enable-prefix-caching");
  if (config->trust_remote_code)
    kf_append_shell_word (line, "--trust-remote-code");
  if (config->context_length > 0)
    {
      g_autofree char *len = g_strdup_printf ("%u", config->context_length);

      kf_append_shell_word (line, "--max-model-len");
      kf_append_shell_word (line, len);
    }
  if (role != NULL)
    {
      if (config->engine == KF_ENGINE_VLLM)
        {
          if (g_str_equal (role, "prefill"))
            kf_append_shell_word (line, "--is-prefill-worker");
        }
      else
        {
          kf_append_shell_word (line, "--disaggregation-mode");
          kf_append_shell_word (line, role);
        }
    }
  for (guint i = 0; config->engine_args != NULL && i < config->engine_args->len; i++)
    {
      const KfEngineArg *arg = g_ptr_array_index (config->engine_args, i);
      g_autofree char *flag = g_strconcat ("--", arg->key, NULL);

      kf_append_shell_word (line, flag);
      if (arg->value != NULL && !g_str_equal (arg->value, "true"))
        kf_append_shell_word (line, arg->value);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
set_resources (JsonObject               *service,
               const KfDeploymentConfig *config,
               guint                     gpus)
{
  JsonObject *resources = kf_json_child_object (service, "resources");
  const char *sections[] = { "limits", "requests" };
  g_autofree char *gpu = g_strdup_printf ("%u", gpus);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      JsonObject *section = kf_json_child_object (resources, sections[i]);

      json_object_set_string_member (section, "gpu", gpu);
      if (config->memory != NULL && config->memory[0] != '\0')
        json_object_set_string_member (section, "memory", config->memory);
    }
}

static void
add_worker (JsonObject               *services,
            const KfDeploymentConfig *config,
            const char               *key,
            const char               *role,
            guint                     replicas,
            guint                     gpus)
{
  JsonObject *worker = kf_json_child_object (services, key);
  JsonObject *container;
  g_autofree char *image = runtime_image (config->engine);
  g_autofree char *workdir = g_strconcat ("/workspace/examples/backends/", kf_engine_to_string (config->engine), NULL);
  g_autofree char *command = worker_command (config, role);

  json_object_set_string_member (worker, "componentType", "worker");
  if (role != NULL)
    json_object_set_string_member (worker, "subComponentType", role);
  json_object_set_string_member (worker, "dynamoNamespace", config->name);
  json_object_set_int_member (worker, "replicas", replicas);
  json_object_set_string_member (worker, "envFromSecret", config->hf_token_secret);
  set_resources (worker, config, gpus);
  container = kf_json_child_object (kf_json_child_object (worker, "extraPodSpec"), "mainContainer");
  json_object_set_string_member (container, "image", image);
  json_object_set_string_member (container, "workingDir", workdir);
  kf_json_array_add_strings (kf_json_child_array (container, "command"), "/bin/sh", "-c", NULL);
  kf_json_array_add_strings (kf_json_child_array (container, "args"), command, NULL);
}

static GPtrArray *
kf_dynamo_provider_generate_manifests (KfProvider               *provider,
                                       const KfDeploymentConfig *config,
                                       const char               *namespace)
{
  GPtrArray *manifests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonObject *cr = kf_manifest_new (dynamo_info.crd.api_version, dynamo_info.crd.kind,
                                    config->name, namespace, dynamo_info.id, config);
  JsonObject *spec = kf_json_child_object (cr, "spec");
  JsonObject *services;
  JsonObject *frontend;
  JsonObject *container;
  g_autofree char *image = runtime_image (config->engine);
  g_autofree char *workdir = g_strconcat ("/workspace/examples/backends/", kf_engine_to_string (config->engine), NULL);
  g_autofree char *prefix = engine_prefix (config->engine);
  KfRouterMode router = config->router_mode;

  json_object_set_string_member (spec, "backendFramework", kf_engine_to_string (config->engine));
  services = kf_json_child_object (spec, "services");

  frontend = kf_json_child_object (services, "Frontend");
  json_object_set_string_member (frontend, "componentType", "frontend");
  json_object_set_string_member (frontend, "dynamoNamespace", config->name);
  json_object_set_int_member (frontend, "replicas", 1);
  /* disaggregated serving needs a router; the original falls back to round-robin */
  if (config->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED && router == KF_ROUTER_MODE_NONE)
    router = KF_ROUTER_MODE_ROUND_ROBIN;
  if (router != KF_ROUTER_MODE_NONE)
    {
      JsonObject *env = kf_json_array_add_object (kf_json_child_array (frontend, "envs"));

      json_object_set_string_member (env, "name", "DYN_ROUTER_MODE");
      json_object_set_string_member (env, "value", kf_router_mode_to_string (router));
    }
  json_object_set_string_member (frontend, "envFromSecret", config->hf_token_secret);
  container = kf_json_child_object (kf_json_child_object (frontend, "extraPodSpec"), "mainContainer");
  json_object_set_string_member (container, "image", image);
  json_object_set_string_member (container, "workingDir", workdir);

  if (config->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED)
    {
      g_autofree char *prefill_key = g_strconcat (prefix, "PrefillWorker", NULL);
      g_autofree char *decode_key = g_strconcat (prefix, "DecodeWorker", NULL);

      add_worker (services, config, prefill_key, "prefill", config->prefill_replicas, config->prefill_gpus);
      add_worker (services, config, decode_key, "decode", config->decode_replicas, config->decode_gpus);
    }
  else
    {
      g_autofree char *key = g_strconcat (prefix, "Worker", NULL);

      add_worker (services, config, key, NULL, config->replicas, config->gpus_per_replica);
    }

  g_ptr_array_add (manifests, kf_json_node_from_object (cr));
  return manifests;
}

/* One service/component, whatever the API version. */
typedef struct
{
  const char *key;
  const char *type;      /* componentType / type */
  const char *sub_type;  /* subComponentType */
  guint       replicas;
  gboolean    has_replicas;
  const char *image;
  GStrv       argv;      /* command + args, split */
  JsonArray  *env;       /* container env, for "$MODEL_PATH"-style arguments */
} Component;

static void
component_clear (Component *c)
{
  g_strfreev (c->argv);
}

static GStrv
container_argv (JsonObject *container)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *members[] = { "command", "args" };

  if (container == NULL)
    return g_new0 (char *, 1);
  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *array = kf_json_get_array (container, members[m]);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          g_auto(GStrv) words = NULL;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          /* "/bin/sh -c '<line>'": split the line into words too */
          words = kf_split_command_line (json_node_get_string (node));
          g_strv_builder_addv (builder, (const char **) words);
        }
    }
  return g_strv_builder_end (builder);
}

static GArray *
collect_components (JsonObject *spec)
{
  GArray *components = g_array_new (FALSE, TRUE, sizeof (Component));
  JsonObject *services;
  JsonArray *list;

  g_array_set_clear_func (components, (GDestroyNotify) component_clear);

  /* v1alpha1: spec.services.<key>; legacy: worker keys directly under spec */
  services = kf_json_get_object (spec, "services");
  if (services == NULL && spec != NULL)
    services = spec;
  if (services != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, services);
      while (json_object_iter_next (&iter, &key, &node))
        {
          Component c = { 0 };
          JsonObject *service;
          JsonObject *container;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          service = json_node_get_object (node);
          if (services == spec && kf_json_get_string (service, "componentType") == NULL &&
              kf_json_get_object (service, "extraPodSpec") == NULL)
            continue;  /* not a service (e.g. spec.envs-like members of the legacy layout) */
          c.key = key;
          c.type = kf_json_get_string (service, "componentType");
          c.sub_type = kf_json_get_string (service, "subComponentType");
          c.has_replicas = kf_json_get_uint (service, "replicas", &c.replicas);
          container = kf_json_get_object (service, "extraPodSpec.mainContainer");
          c.image = kf_json_get_string (container, "image");
          c.argv = container_argv (container);
          c.env = kf_json_get_array (container, "env");
          g_array_append_val (components, c);
        }
    }

  /* v1beta1: spec.components[] {name, type, replicas, podTemplate.spec.containers[]} */
  list = kf_json_get_array (spec, "components");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      Component c = { 0 };
      JsonObject *component;
      JsonArray *containers;
      JsonObject *container = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      component = json_node_get_object (node);
      c.key = kf_json_get_string (component, "name");
      if (c.key == NULL)
        continue;
      c.type = kf_json_get_string (component, "type");
      if (g_strcmp0 (c.type, "prefill") == 0 || g_strcmp0 (c.type, "decode") == 0)
        {
          c.sub_type = c.type;
          c.type = "worker";
        }
      c.has_replicas = kf_json_get_uint (component, "replicas", &c.replicas);
      containers = kf_json_get_array (component, "podTemplate.spec.containers");
      if (containers != NULL && json_array_get_length (containers) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (containers, 0)))
        container = json_node_get_object (json_array_get_element (containers, 0));
      c.image = kf_json_get_string (container, "image");
      c.argv = container_argv (container);
      c.env = kf_json_get_array (container, "env");
      g_array_append_val (components, c);
    }

  return components;
}

static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  g_autofree char *h = NULL;

  if (haystack == NULL)
    return FALSE;
  h = g_ascii_strdown (haystack, -1);
  return strstr (h, needle) != NULL;
}

static gboolean
component_is_worker (const Component *c)
{
  if (c->type != NULL)
    return g_str_equal (c->type, "worker") || g_str_equal (c->type, "main");
  return contains_ci (c->key, "worker") || contains_ci (c->key, "prefill") || contains_ci (c->key, "decode");
}

/* "prefill", "decode" or NULL */
static const char *
component_role (const Component *c)
{
  if (c->sub_type != NULL && (g_str_equal (c->sub_type, "prefill") || g_str_equal (c->sub_type, "decode")))
    return c->sub_type;
  if (contains_ci (c->key, "prefill"))
    return "prefill";
  if (contains_ci (c->key, "decode") && component_is_worker (c))
    {
      /* "VllmDecodeWorker" alone is the aggregated worker of Dynamo's own examples;
       * it is a decode role only next to a prefill worker (checked by the caller) */
      return "decode";
    }
  return NULL;
}

/* "$NAME" / "${NAME}" → the value of the container's env NAME; anything else as is */
static const char *
resolve_env (const Component *c,
             const char      *value)
{
  g_autofree char *name = NULL;

  if (value == NULL || value[0] != '$')
    return value;
  name = value[1] == '{' ? g_strndup (value + 2, strcspn (value + 2, "}")) : g_strdup (value + 1);
  for (guint i = 0; c->env != NULL && i < json_array_get_length (c->env); i++)
    {
      JsonNode *node = json_array_get_element (c->env, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (kf_json_member_string (json_node_get_object (node), "name"), name) == 0 &&
          kf_json_member_string (json_node_get_object (node), "value") != NULL)
        return kf_json_member_string (json_node_get_object (node), "value");
    }
  return value;
}

static KfEngine
engine_from_text (const char *text)
{
  if (contains_ci (text, "vllm"))
    return KF_ENGINE_VLLM;
  if (contains_ci (text, "sglang"))
    return KF_ENGINE_SGLANG;
  if (contains_ci (text, "trtllm") || contains_ci (text, "tensorrt"))
    return KF_ENGINE_TRTLLM;
  return KF_ENGINE_UNKNOWN;
}

static void
service_counts (JsonObject *status,
                const char *key,
                guint      *ready,
                guint      *available)
{
  JsonObject *s = kf_json_get_object (kf_json_get_object (status, "services"), key);
  guint v;

  if (s == NULL)
    return;
  /* the CRD says readyReplicas/availableReplicas; the original read ready/available */
  if (kf_json_get_uint (s, "readyReplicas", &v) || kf_json_get_uint (s, "ready", &v))
    *ready += v;
  if (kf_json_get_uint (s, "availableReplicas", &v) || kf_json_get_uint (s, "available", &v))
    *available += v;
}

static void
kf_dynamo_provider_parse_status (KfProvider         *provider,
                                 JsonObject         *cr,
                                 KfDeploymentStatus *st)
{
  JsonObject *spec = kf_json_get_object (cr, "spec");
  JsonObject *status = kf_json_get_object (cr, "status");
  g_autoptr(GArray) components = collect_components (spec);
  const char *framework = kf_json_get_string (spec, "backendFramework");
  const char *state;
  const char *phase;
  gboolean has_prefill = FALSE;
  guint worker_desired = 0, prefill_desired = 0, decode_desired = 0;
  guint ready = 0, available = 0, prefill_ready = 0, decode_ready = 0;
  guint v;

  if (!kf_engine_from_string (framework, &st->engine))
    st->engine = KF_ENGINE_UNKNOWN;

  /* Disaggregated: prefill workers next to other workers. A lone "VllmDecodeWorker"
   * (Dynamo's own aggregated examples) or lone "VllmPrefillWorker" (its 70B
   * aggregated recipe) is an aggregated deployment. */
  {
    guint n_workers = 0, n_prefill = 0;

    for (guint i = 0; i < components->len; i++)
      {
        Component *c = &g_array_index (components, Component, i);
        const char *role = component_role (c);

        if (!component_is_worker (c) && role == NULL)
          continue;
        n_workers++;
        if (g_strcmp0 (role, "prefill") == 0)
          n_prefill++;
      }
    has_prefill = n_prefill > 0 && n_workers > n_prefill;
  }
  st->mode = has_prefill ? KF_DEPLOYMENT_MODE_DISAGGREGATED : KF_DEPLOYMENT_MODE_AGGREGATED;

  for (guint i = 0; i < components->len; i++)
    {
      Component *c = &g_array_index (components, Component, i);
      const char *role = component_role (c);
      guint r = 0, a = 0;
      guint replicas = c->has_replicas ? c->replicas : 1;

      if (!component_is_worker (c) && role == NULL)
        continue;

      /* "python3 -m dynamo.sglang …" names the engine */
      for (guint w = 0; st->engine == KF_ENGINE_UNKNOWN && c->argv[w] != NULL; w++)
        if (g_str_has_prefix (c->argv[w], "dynamo."))
          st->engine = engine_from_text (c->argv[w] + strlen ("dynamo."));
      if (st->engine == KF_ENGINE_UNKNOWN)
        st->engine = engine_from_text (c->key);
      if (st->engine == KF_ENGINE_UNKNOWN)
        st->engine = engine_from_text (c->image);
      if (st->model_id == NULL)
        {
          const char *model = kf_argv_flag_value ((const char * const *) c->argv, "--model");

          if (model == NULL)
            model = kf_argv_flag_value ((const char * const *) c->argv, "--model-path");
          st->model_id = g_strdup (resolve_env (c, model));
        }
      if (st->served_model_name == NULL)
        st->served_model_name = g_strdup (resolve_env (c, kf_argv_flag_value ((const char * const *) c->argv,
                                                                              "--served-model-name")));

      service_counts (status, c->key, &r, &a);
      ready += r;
      available += a;
      worker_desired += replicas;
      if (has_prefill && g_strcmp0 (role, "prefill") == 0)
        {
          prefill_desired += replicas;
          prefill_ready += r;
        }
      else if (has_prefill)
        {
          decode_desired += replicas;
          decode_ready += r;
        }
    }

  st->desired_replicas = worker_desired;
  if (kf_json_get_uint (status, "replicas.desired", &v))
    st->desired_replicas = v;
  st->ready_replicas = ready;
  st->available_replicas = available;
  if (st->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED)
    {
      st->prefill_desired = prefill_desired;
      st->prefill_ready = prefill_ready;
      st->decode_desired = decode_desired;
      st->decode_ready = decode_ready;
      /* the original's status.prefillReplicas/decodeReplicas, when an operator sets them */
      kf_json_get_uint (status, "prefillReplicas.desired", &st->prefill_desired);
      kf_json_get_uint (status, "prefillReplicas.ready", &st->prefill_ready);
      kf_json_get_uint (status, "decodeReplicas.desired", &st->decode_desired);
      kf_json_get_uint (status, "decodeReplicas.ready", &st->decode_ready);
    }

  st->frontend_service = g_strdup_printf ("%s-frontend", st->name != NULL ? st->name : "");
  st->frontend_port = DYNAMO_FRONTEND_PORT;

  /* Phase: state "successful" → Running (the original); "failed" → Failed (the
   * original fell through to Pending); status.phase when an operator reports one;
   * Ready condition True → Running; state "pending" (components created, not yet
   * ready) → Deploying; "initializing" or no status → Pending. */
  state = kf_json_get_string (status, "state");
  phase = kf_json_get_string (status, "phase");
  if (g_strcmp0 (state, "successful") == 0)
    st->phase = KF_DEPLOYMENT_PHASE_RUNNING;
  else if (g_strcmp0 (state, "failed") == 0)
    st->phase = KF_DEPLOYMENT_PHASE_FAILED;
  else if (phase != NULL && kf_deployment_phase_from_string (phase, &st->phase))
    ;
  else if (kf_conditions_true (status, "Ready"))
    st->phase = KF_DEPLOYMENT_PHASE_RUNNING;
  else if (g_strcmp0 (state, "pending") == 0)
    st->phase = KF_DEPLOYMENT_PHASE_DEPLOYING;
  else
    st->phase = KF_DEPLOYMENT_PHASE_PENDING;

  if (st->phase == KF_DEPLOYMENT_PHASE_RUNNING)
    kf_status_set_message (st, kf_conditions_message (status, "Ready"));
  else
    {
      const char *message = kf_conditions_message (status, NULL);

      kf_status_set_message (st, message != NULL ? message : kf_conditions_message (status, "Ready"));
    }
}

static void
kf_dynamo_provider_iface_init (KfProviderInterface *iface)
{
  iface->get_info = kf_dynamo_provider_get_info;
  iface->validate = kf_dynamo_provider_validate;
  iface->generate_manifests = kf_dynamo_provider_generate_manifests;
  iface->parse_status = kf_dynamo_provider_parse_status;
}

static void
kf_dynamo_provider_class_init (KfDynamoProviderClass *klass)
{
}

static void
kf_dynamo_provider_init (KfDynamoProvider *self)
{
}

KfProvider *
kf_dynamo_provider_new (void)
{
  return g_object_new (KF_TYPE_DYNAMO_PROVIDER, NULL);
}
