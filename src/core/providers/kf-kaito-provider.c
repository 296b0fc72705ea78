/* kf-kaito-provider.c: KAITO — kaito.sh/v1beta1 Workspace (reference §4.3, §5)
 *
 * Four ways to get a model: vLLM (kaito-base image, plus a "<name>-vllm" Service
 * because KAITO's own Service targets port 5000), a pre-made AIKit GGUF image,
 * a HuggingFace GGUF file the runner downloads at start, or a HuggingFace GGUF
 * built into an image in the in-cluster registry.
 *
 * Difference from the original, on purpose: the HF_TOKEN secret reference is
 * optional, so a vLLM workspace for a non-gated model starts without a Secret.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-providers"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-kaito-provider.h"
#include "kf-provider-private.h"

#define KAITO_VERSION      "0.8.0"
#define KAITO_BASE_IMAGE   "mcr.microsoft.com/aks/kaito/kaito-base:0.1.1"
#define RUNNER_IMAGE       "docker.io/sozercan/runner:latest"
#define REGISTRY_PULL_HOST "localhost:30500"
#define LLAMACPP_PORT      5000
#define KAITO_SERVICE_PORT 80
#define VLLM_PORT          8000

#define LABEL_COMPUTE_TYPE "kubefoundry.io/compute-type"
#define LABEL_MODEL_SOURCE "kubefoundry.io/model-source"
#define LABEL_RUN_MODE     "kubefoundry.io/run-mode"
#define LABEL_SERVICE_TYPE "kubefoundry.io/service-type"
#define LABEL_WORKSPACE    "kaito.sh/workspace"

struct _KfKaitoProvider
{
  GObject parent_instance;
};

static void kf_kaito_provider_iface_init (KfProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KfKaitoProvider, kf_kaito_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KF_TYPE_PROVIDER, kf_kaito_provider_iface_init))

static const KfKaitoPremadeModel premade_models[] = {
  { "llama3.2:1b", "ghcr.io/kaito-project/aikit/llama3.2:1b", "llama-3.2-1b-instruct", "Llama" },
  { "llama3.2:3b", "ghcr.io/kaito-project/aikit/llama3.2:3b", "llama-3.2-3b-instruct", "Llama" },
  { "llama3.1:8b", "ghcr.io/kaito-project/aikit/llama3.1:8b", "llama-3.1-8b-instruct", "Llama" },
  { "llama3.3:70b", "ghcr.io/kaito-project/aikit/llama3.3:70b", "llama-3.3-70b-instruct", "Llama" },
  { "mixtral:8x7b", "ghcr.io/kaito-project/aikit/mixtral:8x7b", "mixtral-8x7b-instruct", "Apache" },
  { "phi4:14b", "ghcr.io/kaito-project/aikit/phi4:14b", "phi-4-14b-instruct", "MIT" },
  { "gemma2:2b", "ghcr.io/kaito-project/aikit/gemma2:2b", "gemma-2-2b-instruct", "Gemma" },
  { "qwq:32b", "ghcr.io/kaito-project/aikit/qwq:32b", "qwq-32b", "Apache 2.0" },
  { "codestral:22b", "ghcr.io/kaito-project/aikit/codestral:22b", "codestral-22b", "MNLP" },
  { "gpt-oss:20b", "ghcr.io/kaito-project/aikit/gpt-oss:20b", "gpt-oss-20b", "Apache 2.0" },
};

static const KfEngine kaito_engines[] = { KF_ENGINE_VLLM, KF_ENGINE_LLAMACPP };
static const char * const kaito_crds[] = { "workspaces.kaito.sh", NULL };
static const char * const kaito_uninstall_crds[] = { "workspaces.kaito.sh", "ragengines.kaito.sh", NULL };
static const char * const kaito_selectors[] = { "app.kubernetes.io/name=kaito-workspace", NULL };
static const char * const kaito_name_hints[] = { "kaito", "workspace", NULL };

static const KfHelmRepo kaito_repos[] = {
  { "kaito", "https://kaito-project.github.io/kaito/charts/kaito" },
};

static const char * const kaito_pre_crds[] = {
  "https://raw.githubusercontent.com/kubernetes-sigs/karpenter/main/pkg/apis/crds/karpenter.sh_nodeclaims.yaml",
  "https://raw.githubusercontent.com/kubernetes-sigs/karpenter/main/pkg/apis/crds/karpenter.sh_nodepools.yaml",
  "https://raw.githubusercontent.com/kaito-project/kaito/v" KAITO_VERSION "/charts/kaito/workspace/crds/kaito.sh_workspaces.yaml",
  "https://raw.githubusercontent.com/kaito-project/kaito/v" KAITO_VERSION "/charts/kaito/workspace/crds/kaito.sh_inferencesets.yaml",
  NULL
};

static const char * const kaito_set_json[] = {
  "featureGates.disableNodeAutoProvisioning=true",
  "localCSIDriver.useLocalCSIDriver=false",
  "gpu-feature-discovery.enabled=false",
  NULL
};

static const KfHelmChart kaito_charts[] = {
  {
    .release = "kaito-workspace",
    .chart = "kaito/workspace",
    .version = KAITO_VERSION,
    .namespace = "kaito-workspace",
    .create_namespace = TRUE,
    .skip_crds = TRUE,
    .set_json = kaito_set_json,
    .pre_crd_urls = kaito_pre_crds,
  },
};

static const KfInstallationStep kaito_steps[] = {
  { N_("Add the KAITO Helm repository"), "helm repo add kaito https://kaito-project.github.io/kaito/charts/kaito", NULL },
  { N_("Update the Helm repositories"), "helm repo update", NULL },
  {
    N_("Install the Karpenter CRDs"),
    "kubectl apply -f https://raw.githubusercontent.com/kubernetes-sigs/karpenter/main/pkg/apis/crds/karpenter.sh_nodeclaims.yaml "
    "-f https://raw.githubusercontent.com/kubernetes-sigs/karpenter/main/pkg/apis/crds/karpenter.sh_nodepools.yaml",
    N_("KAITO needs them even with node auto-provisioning disabled.")
  },
  {
    N_("Install the KAITO CRDs"),
    "kubectl apply -f https://raw.githubusercontent.com/kaito-project/kaito/v" KAITO_VERSION "/charts/kaito/workspace/crds/kaito.sh_workspaces.yaml "
    "-f https://raw.githubusercontent.com/kaito-project/kaito/v" KAITO_VERSION "/charts/kaito/workspace/crds/kaito.sh_inferencesets.yaml",
    NULL
  },
  {
    N_("Install the KAITO workspace operator"),
    "helm install kaito-workspace kaito/workspace --namespace kaito-workspace --create-namespace --version " KAITO_VERSION
    " --skip-crds --set-json 'featureGates.disableNodeAutoProvisioning=true' --set-json 'localCSIDriver.useLocalCSIDriver=false'"
    " --set-json 'gpu-feature-discovery.enabled=false' --wait",
    N_("GPU feature discovery comes from the NVIDIA GPU Operator.")
  },
};

static const KfProviderInfo kaito_info = {
  .id = "kaito",
  .name = "KAITO",
  .description = N_("CPU-capable inference with pre-built GGUF models, or vLLM on GPUs"),
  .default_namespace = "kaito-workspace",
  .version = KAITO_VERSION,
  .crd = {
    .group = "kaito.sh",
    .version = "v1beta1",
    .plural = "workspaces",
    .kind = "Workspace",
    .api_version = "kaito.sh/v1beta1",
    .crd_name = "workspaces.kaito.sh",
  },
  .engines = kaito_engines,
  .n_engines = G_N_ELEMENTS (kaito_engines),
  .supports_disaggregated = FALSE,
  .installation = {
    .crd_names = kaito_crds,
    .operator_namespace = "kaito-workspace",
    .operator_selectors = kaito_selectors,
    .operator_name_hints = kaito_name_hints,
  },
  .helm_repos = kaito_repos,
  .n_helm_repos = G_N_ELEMENTS (kaito_repos),
  .helm_charts = kaito_charts,
  .n_helm_charts = G_N_ELEMENTS (kaito_charts),
  .steps = kaito_steps,
  .n_steps = G_N_ELEMENTS (kaito_steps),
  .uninstall_crds = kaito_uninstall_crds,
  .uninstall_namespace = "kaito-workspace",
  .metrics_service_suffix = "",
  .metrics_port = 5000,
  .metrics_path = "/metrics",
};

const KfKaitoPremadeModel *
kf_kaito_premade_models (guint *n_models)
{
  if (n_models != NULL)
    *n_models = G_N_ELEMENTS (premade_models);
  return premade_models;
}

const KfKaitoPremadeModel *
kf_kaito_premade_lookup (const char *id)
{
  g_autofree char *mapped = NULL;

  if (id == NULL)
    return NULL;
  if (g_str_has_prefix (id, "kaito/"))
    {
      char *dash;

      mapped = g_strdup (id + strlen ("kaito/"));
      dash = strchr (mapped, '-');
      if (dash != NULL)
        *dash = ':';
      id = mapped;
    }
  for (guint i = 0; i < G_N_ELEMENTS (premade_models); i++)
    if (g_str_equal (premade_models[i].id, id))
      return &premade_models[i];
  return NULL;
}

char *
kf_kaito_quantization_tag (const char *gguf_file)
{
  static const char * const patterns[] = {
    "IQ[0-9]+_[A-Z]+",
    "Q[0-9]+_K_[A-Z]+",
    "Q[0-9]+_K",
    "Q[0-9]+_[0-9]+",
    "BF16|F16|F32",
    "Q[0-9]+",
  };
  g_autofree char *base = NULL;

  if (gguf_file == NULL)
    return g_strdup ("custom");
  base = g_path_get_basename (gguf_file);
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autofree char *pattern = g_strdup_printf ("(?i)(?<![A-Za-z0-9])(%s)(?![A-Za-z0-9])", patterns[i]);
      g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (regex != NULL && g_regex_match (regex, base, 0, &match))
        {
          g_autofree char *found = g_match_info_fetch (match, 1);

          return g_ascii_strup (found, -1);
        }
    }
  return g_strdup ("custom");
}

char *
kf_kaito_build_image_name (const char *repo_id)
{
  g_autoptr(GString) name = g_string_new ("aikit-");

  for (const char *p = repo_id != NULL ? repo_id : ""; *p; p++)
    {
      char c = g_ascii_tolower (*p);

      if (!(g_ascii_islower (c) || g_ascii_isdigit (c) || c == '-'))
        c = '-';
      if (c == '-' && name->str[name->len - 1] == '-')
        continue;  /* collapse runs */
      g_string_append_c (name, c);
    }
  if (name->len > 63)
    g_string_truncate (name, 63);
  while (name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

char *
kf_kaito_build_image_ref (const char *repo_id,
                          const char *gguf_file)
{
  g_autofree char *name = kf_kaito_build_image_name (repo_id);
  g_autofree char *tag = kf_kaito_quantization_tag (gguf_file);

  return g_strdup_printf (REGISTRY_PULL_HOST "/%s:%s", name, tag);
}

static const KfProviderInfo *
kf_kaito_provider_get_info (KfProvider *provider)
{
  return &kaito_info;
}

static gboolean
uses_gpu (const KfDeploymentConfig *config)
{
  return config->kaito_source == KF_KAITO_SOURCE_VLLM || config->compute_type == KF_COMPUTE_GPU;
}

static const KfKaitoPremadeModel *
config_premade (const KfDeploymentConfig *config)
{
  if (!kf_str_is_blank (config->kaito_preset))
    return kf_kaito_premade_lookup (config->kaito_preset);
  return kf_kaito_premade_lookup (config->model_id);
}

static void
kf_kaito_provider_validate (KfProvider               *provider,
                            const KfDeploymentConfig *config,
                            GPtrArray                *issues)
{
  /* the extra "<name>-vllm" Service must stay a 63-character label */
  if (config->kaito_source == KF_KAITO_SOURCE_VLLM && config->name != NULL && strlen (config->name) > 63 - strlen ("-vllm"))
    kf_issues_add (issues, "name", _("Use at most %d characters: KAITO adds “-vllm” for the model's Service."),
                   (int) (63 - strlen ("-vllm")));
  kf_validate_replicas (issues, "replicas", config->replicas, _("replicas"));
  if (uses_gpu (config))
    kf_validate_gpus (issues, "gpus_per_replica", config->gpus_per_replica, _("each replica"));

  switch (config->kaito_source)
    {
    case KF_KAITO_SOURCE_VLLM:
      if (kf_str_is_blank (config->model_id))
        kf_issues_add (issues, "model_id", _("Choose a model to deploy."));
      if (config->engine != KF_ENGINE_VLLM)
        kf_issues_add (issues, "engine", _("KAITO runs HuggingFace models with vLLM; choose vLLM, or a GGUF model for llama.cpp."));
      break;

    case KF_KAITO_SOURCE_PREMADE:
      if (config_premade (config) == NULL)
        {
          const char *id = !kf_str_is_blank (config->kaito_preset) ? config->kaito_preset : config->model_id;

          if (kf_str_is_blank (id))
            kf_issues_add (issues, "kaito_preset", _("Choose a pre-made model."));
          else
            kf_issues_add (issues, "kaito_preset", _("“%s” is not one of the pre-made models (for example “%s”)."),
                           id, premade_models[1].id);
        }
      if (config->engine != KF_ENGINE_LLAMACPP)
        kf_issues_add (issues, "engine", _("Pre-made GGUF models run with llama.cpp."));
      break;

    case KF_KAITO_SOURCE_HUGGINGFACE_DIRECT:
    case KF_KAITO_SOURCE_HUGGINGFACE_BUILD:
      if (kf_str_is_blank (config->model_id))
        kf_issues_add (issues, "model_id", _("Choose a HuggingFace repository with GGUF files."));
      else if (strchr (config->model_id, '/') == NULL || strpbrk (config->model_id, " \t\n\"'") != NULL)
        kf_issues_add (issues, "model_id", _("“%s” is not a HuggingFace repository id (owner/name)."), config->model_id);
      if (kf_str_is_blank (config->gguf_file))
        kf_issues_add (issues, "gguf_file", _("Select a GGUF file."));
      else if (!g_str_has_suffix (config->gguf_file, ".gguf") || strpbrk (config->gguf_file, " \t\n\"'") != NULL)
        kf_issues_add (issues, "gguf_file", _("“%s” is not a GGUF file name (it must end with .gguf)."), config->gguf_file);
      if (config->engine != KF_ENGINE_LLAMACPP)
        kf_issues_add (issues, "engine", _("GGUF models run with llama.cpp."));
      break;

    default:
      kf_issues_add (issues, "kaito_source", _("Choose where KAITO gets the model from."));
      break;
    }

  if (!kf_str_is_blank (config->hf_token_secret))
    {
      for (const char *p = config->hf_token_secret; *p; p++)
        if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '.'))
          {
            kf_issues_add (issues, "hf_token_secret",
                           _("“%s” is not a valid Secret name: use lower-case letters, digits, “-” and “.”."),
                           config->hf_token_secret);
            break;
          }
    }
}

static void
add_http_probe (JsonObject *container,
                const char *member,
                guint       initial_delay)
{
  JsonObject *probe = kf_json_child_object (container, member);
  JsonObject *get = kf_json_child_object (probe, "httpGet");

  json_object_set_string_member (get, "path", "/health");
  json_object_set_int_member (get, "port", VLLM_PORT);
  json_object_set_int_member (probe, "initialDelaySeconds", initial_delay);
  json_object_set_int_member (probe, "periodSeconds", 10);
  json_object_set_int_member (probe, "failureThreshold", 3);
}

static void
add_container_port (JsonObject *container,
                    guint       port)
{
  JsonObject *p = kf_json_array_add_object (kf_json_child_array (container, "ports"));

  json_object_set_int_member (p, "containerPort", port);
  json_object_set_string_member (p, "protocol", "TCP");
}

static void
fill_vllm_container (JsonObject               *pod_spec,
                     JsonObject               *container,
                     const KfDeploymentConfig *config)
{
  JsonArray *args;
  g_autofree char *gpus = g_strdup_printf ("%u", config->gpus_per_replica);
  JsonObject *resources;
  JsonObject *mount;
  JsonObject *volume;

  json_object_set_string_member (container, "image", KAITO_BASE_IMAGE);
  kf_json_array_add_strings (kf_json_child_array (container, "command"), "python", NULL);
  args = kf_json_child_array (container, "args");
  kf_json_array_add_strings (args, "-m", "vllm.entrypoints.openai.api_server",
                             "--model", config->model_id,
                             "--tensor-parallel-size", gpus,
                             "--trust-remote-code", NULL);
  if (config->context_length > 0)
    {
      g_autofree char *len = g_strdup_printf ("%u", config->context_length);

      kf_json_array_add_strings (args, "--max-model-len", len, NULL);
    }
  if (!kf_str_is_blank (config->hf_token_secret))
    {
      JsonObject *env = kf_json_array_add_object (kf_json_child_array (container, "env"));
      JsonObject *ref;

      json_object_set_string_member (env, "name", "HF_TOKEN");
      ref = kf_json_child_object (kf_json_child_object (env, "valueFrom"), "secretKeyRef");
      json_object_set_string_member (ref, "name", config->hf_token_secret);
      json_object_set_string_member (ref, "key", "HF_TOKEN");
      json_object_set_boolean_member (ref, "optional", TRUE);
    }
  add_container_port (container, VLLM_PORT);
  add_http_probe (container, "livenessProbe", 600);
  add_http_probe (container, "readinessProbe", 30);

  resources = kf_json_child_object (container, "resources");
  json_object_set_string_member (kf_json_child_object (resources, "requests"), "nvidia.com/gpu", gpus);
  json_object_set_string_member (kf_json_child_object (resources, "limits"), "nvidia.com/gpu", gpus);

  mount = kf_json_array_add_object (kf_json_child_array (container, "volumeMounts"));
  json_object_set_string_member (mount, "name", "dshm");
  json_object_set_string_member (mount, "mountPath", "/dev/shm");
  volume = kf_json_array_add_object (kf_json_child_array (pod_spec, "volumes"));
  json_object_set_string_member (volume, "name", "dshm");
  json_object_set_string_member (kf_json_child_object (volume, "emptyDir"), "medium", "Memory");
}

static void
fill_llamacpp_container (JsonObject               *container,
                         const KfDeploymentConfig *config)
{
  JsonArray *args = NULL;
  JsonObject *requests = NULL;
  JsonObject *resources = NULL;

  switch (config->kaito_source)
    {
    case KF_KAITO_SOURCE_PREMADE:
      json_object_set_string_member (container, "image", config_premade (config)->image);
      args = kf_json_child_array (container, "args");
      kf_json_array_add_strings (args, "run", "--address=:5000", NULL);
      break;
    case KF_KAITO_SOURCE_HUGGINGFACE_BUILD:
      {
        g_autofree char *image = kf_str_is_blank (config->kaito_image)
                                 ? kf_kaito_build_image_ref (config->model_id, config->gguf_file)
                                 : g_strdup (config->kaito_image);

        json_object_set_string_member (container, "image", image);
        args = kf_json_child_array (container, "args");
        kf_json_array_add_strings (args, "run", "--address=:5000", NULL);
      }
      break;
    case KF_KAITO_SOURCE_HUGGINGFACE_DIRECT:
    case KF_KAITO_SOURCE_VLLM:
    default:
      {
        g_autofree char *uri = g_strdup_printf ("huggingface://%s/%s", config->model_id, config->gguf_file);

        json_object_set_string_member (container, "image", RUNNER_IMAGE);
        args = kf_json_child_array (container, "args");
        kf_json_array_add_strings (args, uri, "--address=:5000", NULL);
      }
      break;
    }
  add_container_port (container, LLAMACPP_PORT);

  if (!kf_str_is_blank (config->memory) || !kf_str_is_blank (config->cpu) || config->compute_type == KF_COMPUTE_GPU)
    resources = kf_json_child_object (container, "resources");
  if (!kf_str_is_blank (config->memory))
    json_object_set_string_member (requests = kf_json_child_object (resources, "requests"), "memory", config->memory);
  if (!kf_str_is_blank (config->cpu))
    json_object_set_string_member (requests = kf_json_child_object (resources, "requests"), "cpu", config->cpu);
  if (config->compute_type == KF_COMPUTE_GPU)
    {
      g_autofree char *gpus = g_strdup_printf ("%u", config->gpus_per_replica);

      json_object_set_string_member (kf_json_child_object (resources, "limits"), "nvidia.com/gpu", gpus);
    }
  (void) requests;
}

static JsonNode *
vllm_service (const KfDeploymentConfig *config,
              const char               *namespace)
{
  g_autofree char *name = g_strconcat (config->name, "-vllm", NULL);
  JsonObject *service = kf_manifest_new ("v1", "Service", name, namespace, kaito_info.id, config);
  JsonObject *spec = kf_json_child_object (service, "spec");
  JsonObject *port;

  /* the instance label names the deployment, not the Service */
  json_object_set_string_member (kf_manifest_get_labels (service), KF_LABEL_APP_INSTANCE, config->name);
  json_object_set_string_member (kf_manifest_get_labels (service), LABEL_SERVICE_TYPE, "vllm");
  json_object_set_string_member (spec, "type", "ClusterIP");
  port = kf_json_array_add_object (kf_json_child_array (spec, "ports"));
  json_object_set_string_member (port, "name", "http");
  json_object_set_int_member (port, "port", VLLM_PORT);
  json_object_set_int_member (port, "targetPort", VLLM_PORT);
  json_object_set_string_member (port, "protocol", "TCP");
  json_object_set_string_member (kf_json_child_object (spec, "selector"), LABEL_WORKSPACE, config->name);
  return kf_json_node_from_object (service);
}

static GPtrArray *
kf_kaito_provider_generate_manifests (KfProvider               *provider,
                                      const KfDeploymentConfig *config,
                                      const char               *namespace)
{
  GPtrArray *manifests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonObject *cr = kf_manifest_new (kaito_info.crd.api_version, kaito_info.crd.kind,
                                    config->name, namespace, kaito_info.id, config);
  JsonObject *labels = kf_manifest_get_labels (cr);
  JsonObject *resource = kf_json_child_object (cr, "resource");
  JsonObject *match_labels;
  JsonObject *pod_spec;
  JsonObject *container;
  gboolean vllm = config->kaito_source == KF_KAITO_SOURCE_VLLM;
  const char *source = vllm ? "vllm" : config->kaito_source == KF_KAITO_SOURCE_PREMADE ? "premade" : "huggingface";

  json_object_set_string_member (labels, LABEL_COMPUTE_TYPE, uses_gpu (config) ? "gpu" : "cpu");
  json_object_set_string_member (labels, LABEL_MODEL_SOURCE, source);
  if (config->kaito_source == KF_KAITO_SOURCE_HUGGINGFACE_DIRECT)
    json_object_set_string_member (labels, LABEL_RUN_MODE, "direct");
  else if (config->kaito_source == KF_KAITO_SOURCE_HUGGINGFACE_BUILD)
    json_object_set_string_member (labels, LABEL_RUN_MODE, "build");

  json_object_set_int_member (resource, "count", config->replicas);
  if (!kf_str_is_blank (config->instance_type))
    json_object_set_string_member (resource, "instanceType", config->instance_type);
  match_labels = kf_json_child_object (kf_json_child_object (resource, "labelSelector"), "matchLabels");
  if (config->node_selector != NULL && g_hash_table_size (config->node_selector) > 0)
    {
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, config->node_selector);
      while (g_hash_table_iter_next (&iter, &k, &v))
        json_object_set_string_member (match_labels, k, v);
    }
  else if (uses_gpu (config))
    json_object_set_string_member (match_labels, "nvidia.com/gpu.present", "true");
  else
    json_object_set_string_member (match_labels, "kubernetes.io/os", "linux");

  pod_spec = kf_json_child_object (kf_json_child_object (kf_json_child_object (cr, "inference"), "template"), "spec");
  container = kf_json_array_add_object (kf_json_child_array (pod_spec, "containers"));
  json_object_set_string_member (container, "name", "model");
  if (vllm)
    fill_vllm_container (pod_spec, container, config);
  else
    fill_llamacpp_container (container, config);

  g_ptr_array_add (manifests, kf_json_node_from_object (cr));
  if (vllm)
    g_ptr_array_add (manifests, vllm_service (config, namespace));
  return manifests;
}

static KfDeploymentPhase
phase_from_string (const char *value,
                   gboolean   *known)
{
  g_autofree char *s = g_ascii_strdown (value, -1);

  *known = TRUE;
  if (g_str_equal (s, "running") || g_str_equal (s, "ready"))
    return KF_DEPLOYMENT_PHASE_RUNNING;
  if (g_str_equal (s, "pending") || g_str_equal (s, "waiting") || g_str_equal (s, "creating"))
    return KF_DEPLOYMENT_PHASE_PENDING;
  if (g_str_equal (s, "deploying") || g_str_equal (s, "provisioning"))
    return KF_DEPLOYMENT_PHASE_DEPLOYING;
  if (g_str_equal (s, "failed") || g_str_equal (s, "error"))
    return KF_DEPLOYMENT_PHASE_FAILED;
  if (g_str_equal (s, "terminating") || g_str_equal (s, "deleting"))
    return KF_DEPLOYMENT_PHASE_TERMINATING;
  *known = FALSE;
  return KF_DEPLOYMENT_PHASE_PENDING;
}

static JsonObject *
first_container (JsonObject *cr)
{
  JsonArray *containers = kf_json_get_array (cr, "inference.template.spec.containers");

  if (containers == NULL || json_array_get_length (containers) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (containers, 0)))
    return NULL;
  return json_node_get_object (json_array_get_element (containers, 0));
}

static GStrv
string_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static void
kf_kaito_provider_parse_status (KfProvider         *provider,
                                JsonObject         *cr,
                                KfDeploymentStatus *st)
{
  JsonObject *status = kf_json_get_object (cr, "status");
  JsonObject *container = first_container (cr);
  JsonObject *labels = kf_json_get_object (cr, "metadata.labels");
  const char *source = kf_json_member_string (labels, LABEL_MODEL_SOURCE);
  const char *image = kf_json_get_string (container, "image");
  const char *preset = kf_json_get_string (cr, "inference.preset.name");
  const char *value;
  g_auto(GStrv) args = string_array (kf_json_get_array (container, "args"));
  JsonArray *workers = kf_json_get_array (status, "workerNodes");
  gboolean known = FALSE;
  guint desired = 1;

  st->mode = KF_DEPLOYMENT_MODE_AGGREGATED;
  if (g_strcmp0 (source, "vllm") == 0 || (image != NULL && strstr (image, "kaito-base") != NULL) ||
      (container == NULL && preset != NULL))
    st->engine = KF_ENGINE_VLLM;  /* KAITO presets run on vLLM by default */
  else
    st->engine = KF_ENGINE_LLAMACPP;

  value = kf_argv_flag_value ((const char * const *) args, "--model");
  if (value != NULL)
    st->model_id = g_strdup (value);
  for (guint i = 0; st->model_id == NULL && args[i] != NULL; i++)
    if (g_str_has_prefix (args[i], "huggingface://"))
      st->model_id = g_path_get_basename (args[i] + strlen ("huggingface://"));
  if (st->model_id == NULL && image != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (premade_models); i++)
        if (g_str_equal (premade_models[i].image, image))
          st->model_id = g_strdup (premade_models[i].model_name);
      if (st->model_id == NULL && !(strstr (image, "kaito-base") != NULL))
        st->model_id = g_strdup (image);
    }
  if (st->model_id == NULL && preset != NULL)
    st->model_id = g_strdup (preset);

  if (!kf_json_get_uint (cr, "resource.count", &desired) || desired == 0)
    desired = 1;
  st->desired_replicas = desired;

  if (st->engine == KF_ENGINE_VLLM && g_strcmp0 (source, "vllm") == 0)
    {
      st->frontend_service = g_strdup_printf ("%s-vllm", st->name != NULL ? st->name : "");
      st->frontend_port = VLLM_PORT;
    }
  else
    {
      st->frontend_service = g_strdup (st->name != NULL ? st->name : "");
      st->frontend_port = KAITO_SERVICE_PORT;
    }

  /* Phase (the original's map, case-insensitive); no phase → Pending, upgraded to
   * Running once WorkspaceSucceeded and InferenceReady are both True. */
  value = kf_json_get_string (status, "phase");
  if (value == NULL)
    value = kf_json_get_string (status, "state");
  st->phase = value != NULL ? phase_from_string (value, &known) : KF_DEPLOYMENT_PHASE_PENDING;
  if (st->phase == KF_DEPLOYMENT_PHASE_PENDING &&
      kf_conditions_true (status, "WorkspaceSucceeded") && kf_conditions_true (status, "InferenceReady"))
    st->phase = KF_DEPLOYMENT_PHASE_RUNNING;

  if (st->phase == KF_DEPLOYMENT_PHASE_RUNNING)
    {
      guint nodes = workers != NULL ? json_array_get_length (workers) : 0;

      st->ready_replicas = MIN (nodes > 0 ? nodes : desired, desired);
      st->available_replicas = st->ready_replicas;
    }

  kf_status_set_message (st, kf_conditions_message (status, NULL));
}

static void
kf_kaito_provider_iface_init (KfProviderInterface *iface)
{
  iface->get_info = kf_kaito_provider_get_info;
  iface->validate = kf_kaito_provider_validate;
  iface->generate_manifests = kf_kaito_provider_generate_manifests;
  iface->parse_status = kf_kaito_provider_parse_status;
}

static void
kf_kaito_provider_class_init (KfKaitoProviderClass *klass)
{
}

static void
kf_kaito_provider_init (KfKaitoProvider *self)
{
}

KfProvider *
kf_kaito_provider_new (void)
{
  return g_object_new (KF_TYPE_KAITO_PROVIDER, NULL);
}
