/* kf-cli-deploy.c: kubefoundry-cli deploy — generate (and later create) a deployment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kf-cli-deploy.h"
#include "kf-deployer.h"
#include "kf-kaito-provider.h"
#include "kf-keyring.h"
#include "kf-kubeconfig.h"
#include "kf-model-catalog.h"
#include "kf-provider-registry.h"
#include "kf-yaml.h"

/* The config field each validation issue names → the option that sets it. */
static const struct { const char *field; const char *option; } field_options[] = {
  { "name", "--name" },
  { "namespace", "--namespace" },
  { "model_id", "--model" },
  { "provider_id", "--provider" },
  { "engine", "--engine" },
  { "mode", "--mode" },
  { "replicas", "--replicas" },
  { "gpus_per_replica", "--gpus" },
  { "prefill_replicas", "--prefill-replicas" },
  { "prefill_gpus", "--prefill-gpus" },
  { "decode_replicas", "--decode-replicas" },
  { "decode_gpus", "--decode-gpus" },
  { "router_mode", "--router-mode" },
  { "hf_token_secret", "--hf-token-secret" },
  { "context_length", "--context-length" },
  { "engine_args", "--engine-arg" },
  { "kaito_source", "--kaito-source" },
  { "kaito_preset", "--model" },
  { "gguf_file", "--gguf-file" },
  { "compute_type", "--compute" },
  { "labels", "--label" },
  { "memory", "--memory" },
  { "served_model_name", "--served-model-name" },
  { "instance_type", "--instance-type" },
};

static const char *
option_for_field (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_options); i++)
    if (g_str_equal (field_options[i].field, field))
      return field_options[i].option;
  return field;
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *created;
  GError    *error;
} ApplyWait;

static void
apply_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ApplyWait *wait = user_data;

  wait->created = kf_deployer_apply_finish (KF_DEPLOYER (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

gboolean
kf_cli_deploy_apply (GPtrArray  *manifests,
                     gpointer    client,
                     GError    **error)
{
  return kf_cli_deploy_apply_with_token (manifests, client, NULL, NULL, error);
}

gboolean
kf_cli_deploy_apply_with_token (GPtrArray   *manifests,
                                gpointer     client,
                                const char  *hf_secret_name,
                                const char  *hf_token,
                                GError     **error)
{
  g_autoptr(KfDeployer) deployer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  ApplyWait wait = { 0 };

  g_return_val_if_fail (manifests != NULL, FALSE);

  if (client == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("Creating a deployment needs a cluster connection. Use --dry-run to print "
                             "the manifests and apply them with kubectl apply -f -."));
      return FALSE;
    }
  g_return_val_if_fail (KF_IS_KUBE_CLIENT (client), FALSE);

  deployer = kf_deployer_new (client);
  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  kf_deployer_apply_async (deployer, manifests, hf_secret_name, hf_token, NULL, apply_cb, &wait);
  g_main_loop_run (loop);
  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return FALSE;
    }
  if (hf_token != NULL && *hf_token != '\0')
    g_print ("Secret/%s created or updated in namespace %s (key HF_TOKEN)\n",
             hf_secret_name != NULL ? hf_secret_name : KF_DEFAULT_HF_TOKEN_SECRET,
             wait.created->len > 0
             ? json_object_get_string_member_with_default (json_object_get_object_member (
                 json_node_get_object (g_ptr_array_index (wait.created, 0)), "metadata"), "namespace", "?")
             : "?");
  for (guint i = 0; i < wait.created->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (wait.created, i));
      JsonObject *metadata = json_object_get_object_member (object, "metadata");

      g_print ("%s/%s created in namespace %s\n",
               json_object_get_string_member_with_default (object, "kind", "?"),
               json_object_get_string_member_with_default (metadata, "name", "?"),
               json_object_get_string_member_with_default (metadata, "namespace", "?"));
    }
  g_ptr_array_unref (wait.created);
  return TRUE;
}

/* The client for --context (NULL: the kubeconfig's current context). */
static KfKubeClient *
client_for_context (const char  *context,
                    GError     **error)
{
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new ();
  g_autoptr(KfRestConfig) rest = NULL;

  kf_kubeconfig_load (kubeconfig);
  rest = kf_kubeconfig_build_rest_config (kubeconfig, context, error);
  if (rest == NULL)
    return NULL;
  return kf_kube_client_new (rest);
}

static gboolean
parse_key_values (char       **items,
                  GHashTable **table,
                  const char  *option,
                  GError     **error)
{
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      const char *eq = strchr (items[i], '=');
      g_autofree char *key = NULL;

      if (eq == NULL || eq == items[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s expects KEY=VALUE, not “%s”"), option, items[i]);
          return FALSE;
        }
      if (*table == NULL)
        *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      key = g_strndup (items[i], eq - items[i]);
      g_hash_table_insert (*table, g_steal_pointer (&key), g_strdup (eq + 1));
    }
  return TRUE;
}

static gboolean
set_count (int         value,
           guint      *target,
           const char *option,
           GError    **error)
{
  if (value == -1)
    return TRUE;  /* not given */
  if (value < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s must be a number of 0 or more"), option);
      return FALSE;
    }
  *target = (guint) value;
  return TRUE;
}

static void
print_manifests (GPtrArray   *manifests,
                 KfCliOutput  output)
{
  if (output == KF_CLI_OUTPUT_JSON)
    {
      if (manifests->len == 1)
        kf_cli_print_json (g_ptr_array_index (manifests, 0));
      else
        {
          g_autoptr(JsonNode) list = json_node_new (JSON_NODE_OBJECT);
          JsonObject *object = json_object_new ();
          JsonArray *items = json_array_new ();

          for (guint i = 0; i < manifests->len; i++)
            json_array_add_element (items, json_node_copy (g_ptr_array_index (manifests, i)));
          json_object_set_string_member (object, "apiVersion", "v1");
          json_object_set_string_member (object, "kind", "List");
          json_object_set_array_member (object, "items", items);
          json_node_take_object (list, object);
          kf_cli_print_json (list);
        }
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *yaml = kf_yaml_emit_all (manifests, &error);

      if (yaml == NULL)
        kf_cli_fail (error);
      else
        fputs (yaml, stdout);
    }
}

/* Whether the curated catalog says @model_id is gated. */
static gboolean
model_is_gated (const char *model_id)
{
  g_autoptr(GListStore) catalog = NULL;
  KfModel *model;

  if (model_id == NULL)
    return FALSE;
  catalog = kf_model_catalog_load (NULL);
  model = catalog != NULL ? kf_model_catalog_lookup (G_LIST_MODEL (catalog), model_id) : NULL;
  return model != NULL && kf_model_get_gated (model);
}

typedef struct
{
  GMainLoop *loop;
  char      *token;
  GError    *error;
} LookupWait;

static void
token_lookup_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LookupWait *wait = user_data;

  wait->token = kf_keyring_lookup_finish (KF_KEYRING (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* The HuggingFace token: $HF_TOKEN, else the one KubeFoundry keeps in the
 * keyring (after a sign-in); NULL if neither. *@from says where it came from.
 * Free with kf_keyring_secret_free(). */
static char *
find_hf_token (const char **from)
{
  const char *env = g_getenv ("HF_TOKEN");
  g_autoptr(GMainLoop) loop = NULL;
  LookupWait wait = { 0 };

  if (env != NULL && *env != '\0')
    {
      *from = "HF_TOKEN";
      return g_strdup (env);
    }
  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  kf_keyring_lookup_async (kf_keyring_get_default (), KF_SECRET_KIND_HUGGINGFACE, NULL, NULL, NULL,
                           token_lookup_cb, &wait);
  g_main_loop_run (loop);
  if (wait.error != NULL)
    {
      g_debug ("HuggingFace token lookup: %s", wait.error->message);
      g_clear_error (&wait.error);
    }
  *from = "keyring";
  return wait.token;
}

int
kf_cli_deploy (KfCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autofree char *provider_id = NULL;
  g_autofree char *model = NULL;
  g_autofree char *name = NULL;
  g_autofree char *namespace = NULL;
  g_autofree char *engine = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *router = NULL;
  g_autofree char *served = NULL;
  g_autofree char *hf_secret = NULL;
  g_autofree char *kaito_source = NULL;
  g_autofree char *run_mode = NULL;
  g_autofree char *gguf_file = NULL;
  g_autofree char *compute = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *instance_type = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) engine_args = NULL;
  g_auto(GStrv) labels = NULL;
  int replicas = -1, gpus = -1, prefill_replicas = -1, prefill_gpus = -1;
  int decode_replicas = -1, decode_gpus = -1, context_length = -1;
  gboolean create_hf_secret = FALSE;
  gboolean dry_run = FALSE, no_enforce_eager = FALSE, prefix_caching = FALSE, trust_remote_code = FALSE;
  const GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider_id, N_("Runtime: dynamo, kuberay or kaito"), "ID" },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("HuggingFace model id (KAITO pre-made: the AIKit id, e.g. llama3.2:3b)"), "ID" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Deployment name (default: derived from the model)"), "NAME" },
    { "namespace", 'n', 0, G_OPTION_ARG_STRING, &namespace, N_("Namespace (default: the runtime's)"), "NS" },
    { "engine", 0, 0, G_OPTION_ARG_STRING, &engine, N_("vllm, sglang, trtllm or llamacpp"), "ENGINE" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, N_("aggregated or disaggregated"), "MODE" },
    { "replicas", 0, 0, G_OPTION_ARG_INT, &replicas, N_("Worker replicas (1–10)"), "N" },
    { "gpus", 0, 0, G_OPTION_ARG_INT, &gpus, N_("GPUs per replica"), "N" },
    { "prefill-replicas", 0, 0, G_OPTION_ARG_INT, &prefill_replicas, N_("Prefill workers"), "N" },
    { "prefill-gpus", 0, 0, G_OPTION_ARG_INT, &prefill_gpus, N_("GPUs per prefill worker"), "N" },
    { "decode-replicas", 0, 0, G_OPTION_ARG_INT, &decode_replicas, N_("Decode workers"), "N" },
    { "decode-gpus", 0, 0, G_OPTION_ARG_INT, &decode_gpus, N_("GPUs per decode worker"), "N" },
    { "router-mode", 0, 0, G_OPTION_ARG_STRING, &router, N_("Dynamo router: none, kv or round-robin"), "MODE" },
    { "served-model-name", 0, 0, G_OPTION_ARG_STRING, &served, N_("Name the server answers to (default: the model id)"), "NAME" },
    { "hf-token-secret", 0, 0, G_OPTION_ARG_STRING, &hf_secret, N_("Secret holding HF_TOKEN (default hf-token-secret)"), "NAME" },
    { "hf-secret", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &hf_secret, N_("Same as --hf-token-secret"), "NAME" },
    { "create-hf-secret", 0, 0, G_OPTION_ARG_NONE, &create_hf_secret,
      N_("Create the token Secret even if the model is not known to be gated (token from $HF_TOKEN or the keyring; "
         "done anyway for gated models)"), NULL },
    { "no-enforce-eager", 0, 0, G_OPTION_ARG_NONE, &no_enforce_eager, N_("Allow CUDA graphs (no --enforce-eager)"), NULL },
    { "enable-prefix-caching", 0, 0, G_OPTION_ARG_NONE, &prefix_caching, N_("Enable prefix caching"), NULL },
    { "trust-remote-code", 0, 0, G_OPTION_ARG_NONE, &trust_remote_code, N_("Trust remote code"), NULL },
    { "context-length", 0, 0, G_OPTION_ARG_INT, &context_length, N_("Maximum model length"), "N" },
    { "engine-arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &engine_args, N_("Extra engine argument (repeatable)"), "KEY[=VALUE]" },
    { "memory", 0, 0, G_OPTION_ARG_STRING, &memory, N_("Memory request, e.g. 64Gi"), "SIZE" },
    { "kaito-source", 0, 0, G_OPTION_ARG_STRING, &kaito_source, N_("KAITO: vllm, premade or huggingface"), "SOURCE" },
    { "run-mode", 0, 0, G_OPTION_ARG_STRING, &run_mode, N_("KAITO huggingface: direct (default) or build"), "MODE" },
    { "gguf-file", 0, 0, G_OPTION_ARG_STRING, &gguf_file, N_("KAITO huggingface: the .gguf file"), "FILE" },
    { "compute", 0, 0, G_OPTION_ARG_STRING, &compute, N_("KAITO llama.cpp: cpu (default) or gpu"), "TYPE" },
    { "instance-type", 0, 0, G_OPTION_ARG_STRING, &instance_type, N_("KAITO: node instance type"), "TYPE" },
    { "label", 0, 0, G_OPTION_ARG_STRING_ARRAY, &labels, N_("Extra label (repeatable)"), "KEY=VALUE" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Print the manifests; do not touch the cluster"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &output, N_("yaml (default) or json"), "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(KfDeploymentConfig) config = kf_deployment_config_new ();
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GError) error = NULL;
  KfCliOutput out = globals->output;
  KfProvider *provider;

  g_option_context_set_summary (context, _("Generate a deployment of a model on NVIDIA Dynamo, KubeRay or KAITO."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  g_set_prgname ("kubefoundry-cli deploy");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kubefoundry-cli deploy: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr ("kubefoundry-cli deploy: unexpected argument “%s”\n", argv[1]);
      return 2;
    }

  if (output != NULL)
    {
      if (g_str_equal (output, "json"))
        out = KF_CLI_OUTPUT_JSON;
      else if (g_str_equal (output, "yaml"))
        out = KF_CLI_OUTPUT_YAML;
      else
        {
          g_printerr ("kubefoundry-cli deploy: unknown output format “%s” (use yaml or json)\n", output);
          return 2;
        }
    }

  if (provider_id == NULL)
    {
      g_printerr ("kubefoundry-cli deploy: --provider is required (dynamo, kuberay or kaito)\n");
      return 2;
    }
  provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), provider_id);
  if (provider == NULL)
    {
      g_printerr ("kubefoundry-cli deploy: unknown provider “%s” (use dynamo, kuberay or kaito)\n", provider_id);
      return 2;
    }

  config->provider_id = g_strdup (kf_provider_get_id (provider));
  config->model_id = g_strdup (model);
  config->namespace = g_strdup (namespace != NULL ? namespace : globals->namespace);
  config->served_model_name = g_strdup (served);
  if (hf_secret != NULL)
    {
      g_free (config->hf_token_secret);
      config->hf_token_secret = g_strdup (hf_secret);
    }
  config->enforce_eager = !no_enforce_eager;
  config->enable_prefix_caching = prefix_caching;
  config->trust_remote_code = trust_remote_code;
  config->memory = g_strdup (memory);
  config->gguf_file = g_strdup (gguf_file);
  config->instance_type = g_strdup (instance_type);

#define FAIL_OPTION(...) G_STMT_START { g_printerr ("kubefoundry-cli deploy: " __VA_ARGS__); g_printerr ("\n"); return 2; } G_STMT_END

  if (mode != NULL && !kf_deployment_mode_from_string (mode, &config->mode))
    FAIL_OPTION ("unknown --mode “%s” (use aggregated or disaggregated)", mode);
  if (router != NULL && !kf_router_mode_from_string (router, &config->router_mode))
    FAIL_OPTION ("unknown --router-mode “%s” (use none, kv or round-robin)", router);
  if (compute != NULL && !kf_compute_type_from_string (compute, &config->compute_type))
    FAIL_OPTION ("unknown --compute “%s” (use cpu or gpu)", compute);
  if (kaito_source != NULL && !kf_kaito_source_from_string (kaito_source, &config->kaito_source))
    FAIL_OPTION ("unknown --kaito-source “%s” (use vllm, premade or huggingface)", kaito_source);
  if (run_mode != NULL)
    {
      if (config->kaito_source != KF_KAITO_SOURCE_HUGGINGFACE_DIRECT && config->kaito_source != KF_KAITO_SOURCE_HUGGINGFACE_BUILD)
        FAIL_OPTION ("--run-mode applies to --kaito-source huggingface only");
      if (g_str_equal (run_mode, "build"))
        config->kaito_source = KF_KAITO_SOURCE_HUGGINGFACE_BUILD;
      else if (g_str_equal (run_mode, "direct"))
        config->kaito_source = KF_KAITO_SOURCE_HUGGINGFACE_DIRECT;
      else
        FAIL_OPTION ("unknown --run-mode “%s” (use direct or build)", run_mode);
    }
  if (config->kaito_source == KF_KAITO_SOURCE_PREMADE)
    config->kaito_preset = g_strdup (model);

  if (engine != NULL)
    {
      if (!kf_engine_from_string (engine, &config->engine))
        FAIL_OPTION ("unknown --engine “%s” (use vllm, sglang, trtllm or llamacpp)", engine);
    }
  else if (g_str_equal (config->provider_id, "kaito") && config->kaito_source != KF_KAITO_SOURCE_VLLM)
    config->engine = KF_ENGINE_LLAMACPP;  /* GGUF sources imply llama.cpp */

  if (!set_count (replicas, &config->replicas, "--replicas", &error) ||
      !set_count (gpus, &config->gpus_per_replica, "--gpus", &error) ||
      !set_count (prefill_replicas, &config->prefill_replicas, "--prefill-replicas", &error) ||
      !set_count (prefill_gpus, &config->prefill_gpus, "--prefill-gpus", &error) ||
      !set_count (decode_replicas, &config->decode_replicas, "--decode-replicas", &error) ||
      !set_count (decode_gpus, &config->decode_gpus, "--decode-gpus", &error) ||
      !set_count (context_length, &config->context_length, "--context-length", &error) ||
      !parse_key_values (labels, &config->labels, "--label", &error))
    FAIL_OPTION ("%s", error->message);
#undef FAIL_OPTION

  for (guint i = 0; engine_args != NULL && engine_args[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (engine_args[i], "=", 2);

      kf_deployment_config_add_engine_arg (config, kv[0], kv[1]);
    }

  if (name != NULL)
    config->name = g_strdup (name);
  else
    config->name = kf_deployment_name_generate (model != NULL ? model : "", NULL);

  issues = kf_provider_validate (provider, config);
  if (issues->len > 0)
    {
      for (guint i = 0; i < issues->len; i++)
        {
          const KfValidationIssue *issue = g_ptr_array_index (issues, i);

          g_printerr ("kubefoundry-cli deploy: %s: %s\n", option_for_field (issue->field), issue->message);
        }
      return 1;
    }

  manifests = kf_provider_generate_manifests (provider, config, &error);
  if (manifests == NULL)
    return kf_cli_fail (error);

  if (dry_run)
    {
      print_manifests (manifests, out);
      return 0;
    }

  {
    g_autoptr(KfKubeClient) client = client_for_context (globals->context, &error);
    g_autofree char *token = NULL;
    gboolean ok;

    if (client == NULL)
      {
        g_printerr (_("kubefoundry-cli deploy: cannot connect to a cluster: %s. Use --dry-run to print "
                      "the manifests without a cluster.\n"), error->message);
        return 1;
      }
    if (create_hf_secret || model_is_gated (config->model_id))
      {
        const char *from = NULL;

        token = find_hf_token (&from);
        if (token == NULL)
          g_printerr (_("kubefoundry-cli deploy: warning: %s needs a HuggingFace token and none was found "
                        "(set HF_TOKEN, or sign in to HuggingFace in KubeFoundry's Preferences). The deployment "
                        "will fail to download the model unless the Secret “%s” exists in “%s”.\n"),
                      config->model_id, config->hf_token_secret, config->namespace != NULL ? config->namespace : kf_provider_get_default_namespace (provider));
        else
          g_debug ("HuggingFace token from %s", from);
      }
    ok = kf_cli_deploy_apply_with_token (manifests, client, config->hf_token_secret, token, &error);
    if (token != NULL)
      {
        kf_keyring_secret_free (g_steal_pointer (&token));
      }
    if (!ok)
      {
        g_autoptr(GPtrArray) explained = kf_deployer_explain_error (error, config);

        for (guint i = 0; i < explained->len; i++)
          {
            const KfValidationIssue *issue = g_ptr_array_index (explained, i);

            if (issue->field != NULL)
              g_printerr ("kubefoundry-cli deploy: %s: %s\n", option_for_field (issue->field), issue->message);
            else
              g_printerr ("kubefoundry-cli deploy: %s\n", issue->message);
          }
        return 1;
      }
  }
  return 0;
}
