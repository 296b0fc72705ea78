/* kf-provider.c: an inference runtime KubeFoundry deploys to (Dynamo, KubeRay, KAITO)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-providers"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-provider-private.h"

G_DEFINE_QUARK (kf-provider-error-quark, kf_provider_error)

G_DEFINE_INTERFACE (KfProvider, kf_provider, G_TYPE_OBJECT)

static void
kf_provider_default_init (KfProviderInterface *iface)
{
}

void
kf_validation_issue_free (KfValidationIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->field);
  g_free (issue->message);
  g_free (issue);
}

void
kf_installation_status_free (KfInstallationStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->message);
  g_free (status);
}

const KfProviderInfo *
kf_provider_get_info (KfProvider *self)
{
  g_return_val_if_fail (KF_IS_PROVIDER (self), NULL);

  return KF_PROVIDER_GET_IFACE (self)->get_info (self);
}

const char *
kf_provider_get_id (KfProvider *self)
{
  return kf_provider_get_info (self)->id;
}

const char *
kf_provider_get_name (KfProvider *self)
{
  return kf_provider_get_info (self)->name;
}

const char *
kf_provider_get_description (KfProvider *self)
{
  return _(kf_provider_get_info (self)->description);
}

const char *
kf_provider_get_default_namespace (KfProvider *self)
{
  return kf_provider_get_info (self)->default_namespace;
}

const KfCrdConfig *
kf_provider_get_crd_config (KfProvider *self)
{
  return &kf_provider_get_info (self)->crd;
}

gboolean
kf_provider_supports_engine (KfProvider *self,
                             KfEngine    engine)
{
  const KfProviderInfo *info = kf_provider_get_info (self);

  for (guint i = 0; i < info->n_engines; i++)
    if (info->engines[i] == engine)
      return TRUE;
  return FALSE;
}

gboolean
kf_provider_supports_mode (KfProvider       *self,
                           KfDeploymentMode  mode)
{
  return mode == KF_DEPLOYMENT_MODE_AGGREGATED || kf_provider_get_info (self)->supports_disaggregated;
}

static char *
engine_list (const KfProviderInfo *info)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < info->n_engines; i++)
    {
      if (i > 0)
        g_string_append (list, i + 1 == info->n_engines ? _(" or ") : ", ");
      g_string_append (list, kf_engine_display_name (info->engines[i]));
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* [A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?, at most 63 characters (label names and values) */
static gboolean
is_qualified_name_part (const char *s,
                        gsize       len)
{
  if (len == 0 || len > 63 || !g_ascii_isalnum (s[0]) || !g_ascii_isalnum (s[len - 1]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
      return FALSE;
  return TRUE;
}

/* "name" or "prefix/name", prefix a DNS subdomain (Kubernetes label and annotation keys) */
static gboolean
is_metadata_key (const char *key)
{
  const char *slash = strchr (key, '/');

  if (slash == NULL)
    return is_qualified_name_part (key, strlen (key));
  if (slash == key || slash - key > 253)
    return FALSE;
  for (const char *p = key; p < slash; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '.'))
      return FALSE;
  return is_qualified_name_part (slash + 1, strlen (slash + 1));
}

static void
validate_metadata (GHashTable *table,
                   const char *field,
                   gboolean    check_values,
                   GPtrArray  *issues)
{
  GHashTableIter iter;
  gpointer k, v;

  if (table == NULL)
    return;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      const char *value = v;

      if (!is_metadata_key (k))
        kf_issues_add (issues, field, _("“%s” is not a valid key: use letters, digits, “-”, “_” and “.”, "
                                        "optionally after a DNS prefix and “/”."), (const char *) k);
      else if (check_values && value[0] != '\0' && !is_qualified_name_part (value, strlen (value)))
        kf_issues_add (issues, field, _("“%s” is not a valid label value: at most 63 letters, digits, “-”, “_” "
                                        "and “.”, starting and ending with a letter or digit."), value);
    }
}

/* Kubernetes resource quantities as users write them: 4, 0.5, 500m, 64Gi, 1e3 */
static gboolean
is_quantity (const char *s)
{
  return g_regex_match_simple ("^[0-9]+(\\.[0-9]+)?([eE][0-9]+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", s, 0, 0);
}

GPtrArray *
kf_provider_validate (KfProvider               *self,
                      const KfDeploymentConfig *config)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_validation_issue_free);
  const KfProviderInfo *info;
  g_autofree char *message = NULL;

  g_return_val_if_fail (KF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  info = kf_provider_get_info (self);

  if (!kf_dns1123_label_validate (config->name, &message))
    kf_issues_add (issues, "name", "%s", message);
  g_clear_pointer (&message, g_free);

  if (config->namespace != NULL && !kf_dns1123_label_validate (config->namespace, &message))
    kf_issues_add (issues, "namespace", "%s", message);
  g_clear_pointer (&message, g_free);

  if (config->provider_id != NULL && !g_str_equal (config->provider_id, info->id))
    kf_issues_add (issues, "provider_id", _("This configuration is for “%s”, not %s."),
                   config->provider_id, info->name);

  if (!kf_provider_supports_engine (self, config->engine))
    {
      g_autofree char *engines = engine_list (info);

      if (config->engine == KF_ENGINE_UNKNOWN || kf_engine_to_string (config->engine) == NULL)
        kf_issues_add (issues, "engine", _("Choose an inference engine: %s."), engines);
      else
        /* Translators: "KubeRay cannot run SGLang; choose vLLM." */
        kf_issues_add (issues, "engine", _("%s cannot run %s; choose %s."),
                       info->name, kf_engine_display_name (config->engine), engines);
    }

  if (!kf_provider_supports_mode (self, config->mode))
    kf_issues_add (issues, "mode", _("%s runs aggregated deployments only."), info->name);
  else if (kf_deployment_mode_to_string (config->mode) == NULL)
    kf_issues_add (issues, "mode", _("Choose aggregated or disaggregated serving."));

  if (config->engine_args != NULL)
    for (guint i = 0; i < config->engine_args->len; i++)
      {
        const KfEngineArg *arg = g_ptr_array_index (config->engine_args, i);

        if (arg->key == NULL || arg->key[0] == '\0' || strpbrk (arg->key, " \t\n\"'`$;&|<>\\") != NULL)
          {
            kf_issues_add (issues, "engine_args", _("“%s” is not a valid engine argument name."),
                           arg->key != NULL ? arg->key : "");
            break;
          }
      }

  {
    const struct { const char *field; const char *value; } strings[] = {
      { "model_id", config->model_id },
      { "served_model_name", config->served_model_name },
      { "gguf_file", config->gguf_file },
      { "kaito_preset", config->kaito_preset },
      { "kaito_image", config->kaito_image },
      { "instance_type", config->instance_type },
    };

    for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
      if (strings[i].value != NULL && !g_utf8_validate (strings[i].value, -1, NULL))
        kf_issues_add (issues, strings[i].field, _("This text is not valid UTF-8."));
      else if (strings[i].value != NULL)
        for (const char *p = strings[i].value; *p; p++)
          if ((guchar) *p < 0x20 || *p == 0x7f)
            {
              kf_issues_add (issues, strings[i].field, _("Remove the control characters (line breaks, tabs…)."));
              break;
            }
  }

  if (config->memory != NULL && !is_quantity (config->memory))
    kf_issues_add (issues, "memory", _("“%s” is not a Kubernetes quantity (for example 64Gi or 512Mi)."), config->memory);
  if (config->cpu != NULL && !is_quantity (config->cpu))
    kf_issues_add (issues, "cpu", _("“%s” is not a Kubernetes quantity (for example 4 or 500m)."), config->cpu);

  validate_metadata (config->labels, "labels", TRUE, issues);
  validate_metadata (config->annotations, "annotations", FALSE, issues);
  validate_metadata (config->node_selector, "node_selector", TRUE, issues);

  KF_PROVIDER_GET_IFACE (self)->validate (self, config, issues);

  return g_steal_pointer (&issues);
}

GPtrArray *
kf_provider_generate_manifests (KfProvider               *self,
                                const KfDeploymentConfig *config,
                                GError                  **error)
{
  g_autoptr(GPtrArray) issues = NULL;
  const char *namespace;

  g_return_val_if_fail (KF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  issues = kf_provider_validate (self, config);
  if (issues->len > 0)
    {
      const KfValidationIssue *first = g_ptr_array_index (issues, 0);

      g_set_error (error, KF_PROVIDER_ERROR, KF_PROVIDER_ERROR_INVALID_CONFIG,
                   "%s: %s", first->field, first->message);
      return NULL;
    }

  namespace = config->namespace != NULL ? config->namespace : kf_provider_get_default_namespace (self);
  return KF_PROVIDER_GET_IFACE (self)->generate_manifests (self, config, namespace);
}

KfDeploymentStatus *
kf_provider_parse_status (KfProvider *self,
                          JsonNode   *cr)
{
  g_autoptr(KfDeploymentStatus) status = kf_deployment_status_new ();
  JsonObject *object;

  g_return_val_if_fail (KF_IS_PROVIDER (self), NULL);

  status->provider_id = g_strdup (kf_provider_get_id (self));
  if (cr == NULL || !JSON_NODE_HOLDS_OBJECT (cr))
    {
      kf_status_set_message (status, _("The resource is not a JSON object."));
      return g_steal_pointer (&status);
    }

  object = json_node_get_object (cr);
  status->name = g_strdup (kf_json_get_string (object, "metadata.name"));
  status->namespace = g_strdup (kf_json_get_string (object, "metadata.namespace"));
  status->creation_timestamp = g_strdup (kf_json_get_string (object, "metadata.creationTimestamp"));
  status->phase = KF_DEPLOYMENT_PHASE_PENDING;

  KF_PROVIDER_GET_IFACE (self)->parse_status (self, object, status);

  if (kf_json_get_string (object, "metadata.deletionTimestamp") != NULL)
    {
      status->phase = KF_DEPLOYMENT_PHASE_TERMINATING;
      status->ready_replicas = MIN (status->ready_replicas, status->desired_replicas);
    }

  return g_steal_pointer (&status);
}

static gboolean
workload_running (JsonObject *workload)
{
  const char *kind = kf_json_get_string (workload, "kind");
  guint n = 0;

  if (g_strcmp0 (kind, "Pod") == 0 || (kind == NULL && kf_json_get_string (workload, "status.phase") != NULL))
    return g_strcmp0 (kf_json_get_string (workload, "status.phase"), "Running") == 0;

  /* Deployment, StatefulSet, DaemonSet-like: any available or ready replica */
  if (kf_json_get_uint (workload, "status.availableReplicas", &n) && n > 0)
    return TRUE;
  if (kf_json_get_uint (workload, "status.readyReplicas", &n) && n > 0)
    return TRUE;
  if (kf_json_get_uint (workload, "status.numberAvailable", &n) && n > 0)
    return TRUE;
  return FALSE;
}

static gboolean
workload_matches_selector (JsonObject *workload,
                           const char *selector)
{
  g_auto(GStrv) kv = g_strsplit (selector, "=", 2);
  const char *value;
  JsonObject *labels = kf_json_get_object (workload, "metadata.labels");

  if (kv[0] == NULL || kv[1] == NULL || labels == NULL)
    return FALSE;
  value = kf_json_member_string (labels, kv[0]);
  return g_strcmp0 (value, kv[1]) == 0;
}

KfInstallationStatus *
kf_provider_decide_installation (KfProvider         *self,
                                 const char * const *crds,
                                 JsonNode           *workloads)
{
  const KfInstallationCheck *check;
  KfInstallationStatus *result;
  JsonArray *items = NULL;

  g_return_val_if_fail (KF_IS_PROVIDER (self), NULL);

  check = &kf_provider_get_info (self)->installation;
  result = g_new0 (KfInstallationStatus, 1);

  for (guint i = 0; crds != NULL && crds[i] != NULL && !result->crd_installed; i++)
    result->crd_installed = g_strv_contains (check->crd_names, crds[i]);

  if (workloads != NULL && JSON_NODE_HOLDS_ARRAY (workloads))
    items = json_node_get_array (workloads);
  else if (workloads != NULL && JSON_NODE_HOLDS_OBJECT (workloads))
    items = kf_json_get_array (json_node_get_object (workloads), "items");

  if (items != NULL)
    {
      /* selectors in order of preference, then name hints */
      for (guint s = 0; check->operator_selectors != NULL && check->operator_selectors[s] != NULL &&
                        !result->operator_running; s++)
        for (guint i = 0; i < json_array_get_length (items) && !result->operator_running; i++)
          {
            JsonNode *node = json_array_get_element (items, i);

            if (JSON_NODE_HOLDS_OBJECT (node) &&
                workload_matches_selector (json_node_get_object (node), check->operator_selectors[s]) &&
                workload_running (json_node_get_object (node)))
              result->operator_running = TRUE;
          }

      for (guint h = 0; check->operator_name_hints != NULL && check->operator_name_hints[h] != NULL &&
                        !result->operator_running; h++)
        for (guint i = 0; i < json_array_get_length (items) && !result->operator_running; i++)
          {
            JsonNode *node = json_array_get_element (items, i);
            const char *name;

            if (!JSON_NODE_HOLDS_OBJECT (node))
              continue;
            name = kf_json_get_string (json_node_get_object (node), "metadata.name");
            if (name != NULL && strstr (name, check->operator_name_hints[h]) != NULL &&
                workload_running (json_node_get_object (node)))
              result->operator_running = TRUE;
          }
    }

  result->installed = result->crd_installed && result->operator_running;
  if (result->installed)
    result->message = g_strdup_printf (_("%s is installed and its operator is running."),
                                       kf_provider_get_name (self));
  else if (result->crd_installed)
    result->message = g_strdup_printf (_("The %s resource definitions are installed, but no running operator was found in “%s”."),
                                       kf_provider_get_name (self), check->operator_namespace);
  else if (result->operator_running)
    result->message = g_strdup_printf (_("The %s operator runs in “%s”, but its resource definitions (%s) are missing."),
                                       kf_provider_get_name (self), check->operator_namespace, check->crd_names[0]);
  else
    result->message = g_strdup_printf (_("%s is not installed."), kf_provider_get_name (self));
  return result;
}

/* g_strv_builder_take() is GLib 2.80 */
static void
builder_take (GStrvBuilder *builder,
              char         *str)
{
  g_strv_builder_add (builder, str);
  g_free (str);
}

GStrv
kf_provider_get_helm_commands (KfProvider *self)
{
  const KfProviderInfo *info;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (KF_IS_PROVIDER (self), NULL);

  info = kf_provider_get_info (self);
  for (guint i = 0; i < info->n_helm_repos; i++)
    builder_take (builder, g_strdup_printf ("helm repo add %s %s --force-update",
                                                   info->helm_repos[i].name, info->helm_repos[i].url));
  if (info->n_helm_repos > 0)
    g_strv_builder_add (builder, "helm repo update");

  for (guint i = 0; i < info->n_helm_charts; i++)
    {
      const KfHelmChart *chart = &info->helm_charts[i];
      g_autoptr(GString) cmd = g_string_new (NULL);
      gboolean is_url = g_str_has_prefix (chart->chart, "https://");
      g_autofree char *chart_ref = NULL;

      for (guint u = 0; chart->pre_crd_urls != NULL && chart->pre_crd_urls[u] != NULL; u++)
        builder_take (builder, g_strdup_printf ("kubectl apply -f %s", chart->pre_crd_urls[u]));

      if (is_url)
        {
          chart_ref = g_path_get_basename (chart->chart);
          g_string_append_printf (cmd, "helm fetch %s && ", chart->chart);
        }
      else
        chart_ref = g_strdup (chart->chart);

      g_string_append_printf (cmd, "helm install %s %s --namespace %s", chart->release, chart_ref, chart->namespace);
      if (chart->create_namespace)
        g_string_append (cmd, " --create-namespace");
      if (chart->version != NULL && !is_url)
        g_string_append_printf (cmd, " --version %s", chart->version);
      if (chart->skip_crds)
        g_string_append (cmd, " --skip-crds");
      for (guint v = 0; chart->set_json != NULL && chart->set_json[v] != NULL; v++)
        {
          g_autofree char *quoted = g_shell_quote (chart->set_json[v]);
          g_string_append_printf (cmd, " --set-json %s", quoted);
        }
      builder_take (builder, g_string_free (g_steal_pointer (&cmd), FALSE));
    }
  return g_strv_builder_end (builder);
}

char *
kf_provider_get_metrics_service (KfProvider  *self,
                                 const char  *deployment_name,
                                 guint       *port,
                                 const char **path)
{
  const KfProviderInfo *info;

  g_return_val_if_fail (KF_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (deployment_name != NULL, NULL);

  info = kf_provider_get_info (self);
  if (port != NULL)
    *port = info->metrics_port;
  if (path != NULL)
    *path = info->metrics_path;
  return g_strconcat (deployment_name, info->metrics_service_suffix, NULL);
}
