/* kf-deployer.c: creates a deployment in the cluster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deployer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kf-deployer.h"
#include "kf-provider-registry.h"

G_DEFINE_QUARK (kf-deployer-error-quark, kf_deployer_error)

struct _KfDeployer
{
  GObject       parent_instance;
  KfKubeClient *client;
};

G_DEFINE_FINAL_TYPE (KfDeployer, kf_deployer, G_TYPE_OBJECT)

static void
kf_deployer_finalize (GObject *object)
{
  KfDeployer *self = KF_DEPLOYER (object);

  g_clear_object (&self->client);
  G_OBJECT_CLASS (kf_deployer_parent_class)->finalize (object);
}

static void
kf_deployer_class_init (KfDeployerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_deployer_finalize;
}

static void
kf_deployer_init (KfDeployer *self)
{
}

KfDeployer *
kf_deployer_new (KfKubeClient *client)
{
  KfDeployer *self;

  g_return_val_if_fail (KF_IS_KUBE_CLIENT (client), NULL);
  self = g_object_new (KF_TYPE_DEPLOYER, NULL);
  self->client = g_object_ref (client);
  return self;
}

KfKubeClient *
kf_deployer_get_client (KfDeployer *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYER (self), NULL);
  return self->client;
}

/* ---- apply ---- */

typedef struct
{
  GPtrArray *manifests;   /* JsonNode */
  GPtrArray *created;     /* JsonNode */
  char      *namespace;
  char      *secret_name;
  char      *token;       /* wiped on free */
  guint      index;
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  g_clear_pointer (&data->manifests, g_ptr_array_unref);
  g_clear_pointer (&data->created, g_ptr_array_unref);
  g_free (data->namespace);
  g_free (data->secret_name);
  if (data->token != NULL)
    {
      memset (data->token, 0, strlen (data->token));
      g_free (data->token);
    }
  g_free (data);
}

static const char *
object_string (JsonNode   *node,
               const char *section,
               const char *member)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  if (section != NULL)
    {
      JsonNode *child = json_object_get_member (object, section);

      if (child == NULL || !JSON_NODE_HOLDS_OBJECT (child))
        return NULL;
      object = json_node_get_object (child);
    }
  {
    JsonNode *value = json_object_get_member (object, member);

    if (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING)
      return NULL;
    return json_node_get_string (value);
  }
}

/* The resource of a manifest; @storage holds a provider's CR descriptor. */
static gboolean
resource_for_manifest (JsonNode        *manifest,
                       KfKubeResource  *storage,
                       GError         **error)
{
  const char *api_version = object_string (manifest, NULL, "apiVersion");
  const char *kind = object_string (manifest, NULL, "kind");
  KfProvider *provider;

  if (g_strcmp0 (api_version, "v1") == 0 && g_strcmp0 (kind, "Service") == 0)
    {
      *storage = kf_kube_resource_services;
      return TRUE;
    }
  if (g_strcmp0 (api_version, "v1") == 0 && g_strcmp0 (kind, "ConfigMap") == 0)
    {
      *storage = kf_kube_resource_configmaps;
      return TRUE;
    }
  provider = kf_provider_registry_lookup_for_node (kf_provider_registry_get_default (), manifest);
  if (provider != NULL)
    {
      const KfCrdConfig *crd = kf_provider_get_crd_config (provider);

      storage->group = crd->group;
      storage->version = crd->version;
      storage->plural = crd->plural;
      return TRUE;
    }
  g_set_error (error, KF_DEPLOYER_ERROR, KF_DEPLOYER_ERROR_UNKNOWN_KIND,
               _("Cannot create an object of kind “%s” (%s)"),
               kind != NULL ? kind : "?", api_version != NULL ? api_version : "?");
  return FALSE;
}

static void create_next (GTask *task);

static void
create_manifest_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  JsonNode *created = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);

  if (created == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_add (data->created, created);
  data->index++;
  create_next (g_steal_pointer (&task));
}

static void
create_next (GTask *task)
{
  KfDeployer *self = g_task_get_source_object (task);
  ApplyData *data = g_task_get_task_data (task);
  KfKubeResource resource = { 0 };
  GError *error = NULL;
  JsonNode *manifest;

  if (data->index >= data->manifests->len)
    {
      g_task_return_pointer (task, g_steal_pointer (&data->created), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  manifest = g_ptr_array_index (data->manifests, data->index);
  if (!resource_for_manifest (manifest, &resource, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_debug ("creating %s %s/%s", object_string (manifest, NULL, "kind"), data->namespace,
           object_string (manifest, "metadata", "name"));
  kf_kube_client_create_async (self->client, &resource, data->namespace, manifest,
                               g_task_get_cancellable (task), create_manifest_cb, task);
}

static JsonNode *
secret_data_node (ApplyData *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *encoded = g_base64_encode ((const guchar *) data->token, strlen (data->token));
  JsonNode *node;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "HF_TOKEN");
  json_builder_add_string_value (builder, encoded);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  memset (encoded, 0, strlen (encoded));
  return node;
}

static void
secret_patch_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  create_next (g_steal_pointer (&task));
}

static void
secret_create_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);

  if (node == NULL && g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_ALREADY_EXISTS))
    {
      /* keep the Secret, refresh the token */
      g_autoptr(JsonNode) patch = secret_data_node (data);

      GCancellable *cancellable = g_task_get_cancellable (task);

      kf_kube_client_patch_async (KF_KUBE_CLIENT (source), &kf_kube_resource_secrets, data->namespace,
                                  data->secret_name, KF_KUBE_PATCH_MERGE, patch,
                                  cancellable, secret_patch_cb, g_steal_pointer (&task));
      return;
    }
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  create_next (g_steal_pointer (&task));
}

static void
create_secret_or_next (GTask *task)
{
  KfDeployer *self = g_task_get_source_object (task);
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) secret = NULL;
  JsonObject *object, *metadata, *labels;

  if (data->token == NULL)
    {
      create_next (task);
      return;
    }
  secret = secret_data_node (data);
  object = json_node_get_object (secret);
  json_object_set_string_member (object, "apiVersion", "v1");
  json_object_set_string_member (object, "kind", "Secret");
  json_object_set_string_member (object, "type", "Opaque");
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "name", data->secret_name);
  json_object_set_string_member (metadata, "namespace", data->namespace);
  labels = json_object_new ();
  json_object_set_string_member (labels, KF_LABEL_MANAGED_BY, KF_LABEL_VALUE_KUBEFOUNDRY);
  json_object_set_string_member (labels, "kubefoundry.io/secret-type", "huggingface-token");
  json_object_set_object_member (metadata, "labels", labels);
  json_object_set_object_member (object, "metadata", metadata);
  kf_kube_client_create_async (self->client, &kf_kube_resource_secrets, data->namespace, secret,
                               g_task_get_cancellable (task), secret_create_cb, task);
}

static void
namespace_create_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);

  /* AlreadyExists: someone created it meanwhile — fine */
  if (node == NULL && !g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_ALREADY_EXISTS))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  create_secret_or_next (g_steal_pointer (&task));
}

static void
namespace_get_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ApplyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);

  if (node == NULL && g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) ns = NULL;
      GCancellable *cancellable = g_task_get_cancellable (task);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "apiVersion");
      json_builder_add_string_value (builder, "v1");
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "Namespace");
      json_builder_set_member_name (builder, "metadata");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, data->namespace);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      ns = json_builder_get_root (builder);
      kf_kube_client_create_async (KF_KUBE_CLIENT (source), &kf_kube_resource_namespaces, NULL, ns,
                                   cancellable, namespace_create_cb,
                                   g_steal_pointer (&task));
      return;
    }
  /* Forbidden to read namespaces is common for namespace-scoped users: go on,
   * the objects' own creation tells whether they may write there. */
  if (node == NULL && !g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  create_secret_or_next (g_steal_pointer (&task));
}

void
kf_deployer_apply_async (KfDeployer          *self,
                         GPtrArray           *manifests,
                         const char          *hf_secret_name,
                         const char          *hf_token,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ApplyData *data;
  const char *ns;

  g_return_if_fail (KF_IS_DEPLOYER (self));
  g_return_if_fail (manifests != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_deployer_apply_async);
  data = g_new0 (ApplyData, 1);
  data->manifests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  for (guint i = 0; i < manifests->len; i++)
    g_ptr_array_add (data->manifests, json_node_ref (g_ptr_array_index (manifests, i)));
  data->created = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  data->secret_name = g_strdup (hf_secret_name != NULL && *hf_secret_name != '\0'
                                ? hf_secret_name : KF_DEFAULT_HF_TOKEN_SECRET);
  data->token = hf_token != NULL && *hf_token != '\0' ? g_strdup (hf_token) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) apply_data_free);

  ns = manifests->len > 0 ? object_string (g_ptr_array_index (manifests, 0), "metadata", "namespace") : NULL;
  if (ns == NULL || *ns == '\0')
    {
      g_task_return_new_error (task, KF_DEPLOYER_ERROR, KF_DEPLOYER_ERROR_NO_NAMESPACE,
                               _("The deployment has no namespace"));
      return;
    }
  data->namespace = g_strdup (ns);
  kf_kube_client_get_async (self->client, &kf_kube_resource_namespaces, NULL, ns,
                            cancellable, namespace_get_cb, g_steal_pointer (&task));
}

GPtrArray *
kf_deployer_apply_finish (KfDeployer    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kf_deployer_deploy_async (KfDeployer               *self,
                          KfProvider               *provider,
                          const KfDeploymentConfig *config,
                          const char               *hf_token,
                          GCancellable             *cancellable,
                          GAsyncReadyCallback       callback,
                          gpointer                  user_data)
{
  g_autoptr(GPtrArray) manifests = NULL;
  GError *error = NULL;

  g_return_if_fail (KF_IS_DEPLOYER (self));
  g_return_if_fail (KF_IS_PROVIDER (provider));
  g_return_if_fail (config != NULL);

  manifests = kf_provider_generate_manifests (provider, config, &error);
  if (manifests == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, kf_deployer_apply_async);
      g_task_return_error (task, error);
      return;
    }
  kf_deployer_apply_async (self, manifests, config->hf_token_secret, hf_token,
                           cancellable, callback, user_data);
}

GPtrArray *
kf_deployer_deploy_finish (KfDeployer    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return kf_deployer_apply_finish (self, result, error);
}

/* ---- errors → fields ---- */

static gboolean
path_has (const char *path,
          const char *part)
{
  return strstr (path, part) != NULL;
}

static const char *
role_field (const KfDeploymentConfig *config,
            const char               *path,
            gboolean                  gpus)
{
  gboolean disaggregated = config->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED;
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (disaggregated && path_has (lower, "prefill"))
    return gpus ? "prefill_gpus" : "prefill_replicas";
  if (disaggregated && path_has (lower, "decode"))
    return gpus ? "decode_gpus" : "decode_replicas";
  return gpus ? "gpus_per_replica" : "replicas";
}

const char *
kf_deployer_field_for_path (const KfDeploymentConfig *config,
                            const char               *path)
{
  const char *provider;

  g_return_val_if_fail (config != NULL, NULL);
  if (path == NULL)
    return NULL;

  if (g_str_equal (path, "metadata.name") || g_str_has_prefix (path, "metadata.name"))
    return "name";
  if (g_str_has_prefix (path, "metadata.namespace"))
    return "namespace";
  if (g_str_has_prefix (path, "metadata.labels"))
    return "labels";
  if (g_str_has_prefix (path, "metadata.annotations"))
    return "annotations";

  provider = config->provider_id != NULL ? config->provider_id : "";
  if (g_str_equal (provider, "dynamo"))
    {
      if (g_str_has_prefix (path, "spec.backendFramework"))
        return "engine";
      if (g_str_has_prefix (path, "spec.services.Frontend"))
        return path_has (path, "env") ? "router_mode" : NULL;
      if (g_str_has_prefix (path, "spec.services."))
        {
          if (path_has (path, "replicas"))
            return role_field (config, path, FALSE);
          if (path_has (path, "gpu"))
            return role_field (config, path, TRUE);
          if (path_has (path, "envFromSecret") || path_has (path, "secret"))
            return "hf_token_secret";
          if (path_has (path, "memory"))
            return "memory";
          if (path_has (path, "args") || path_has (path, "command"))
            return "engine_args";
        }
    }
  else if (g_str_equal (provider, "kuberay"))
    {
      if (g_str_has_prefix (path, "spec.serveConfigV2"))
        return "model_id";
      if (g_str_has_prefix (path, "spec.rayClusterConfig.workerGroupSpecs"))
        {
          if (path_has (path, "eplicas"))   /* replicas, minReplicas, maxReplicas */
            return role_field (config, path, FALSE);
          if (path_has (path, "gpu") || path_has (path, "num-gpus"))
            return role_field (config, path, TRUE);
          if (path_has (path, "secret") || path_has (path, "HF_TOKEN"))
            return "hf_token_secret";
        }
    }
  else if (g_str_equal (provider, "kaito"))
    {
      if (g_str_has_prefix (path, "resource.count"))
        return "replicas";
      if (g_str_has_prefix (path, "resource.instanceType"))
        return "instance_type";
      if (g_str_has_prefix (path, "resource.labelSelector"))
        return "node_selector";
      if (g_str_has_prefix (path, "inference.preset"))
        return "kaito_preset";
      if (g_str_has_prefix (path, "inference.template"))
        return path_has (path, "gpu") ? "gpus_per_replica" : "model_id";
    }
  return NULL;
}

static KfValidationIssue *
issue_new (const char *field,
           char       *message)
{
  KfValidationIssue *issue = g_new0 (KfValidationIssue, 1);

  issue->field = g_strdup (field);
  issue->message = message;
  return issue;
}

GPtrArray *
kf_deployer_explain_error (const GError             *error,
                           const KfDeploymentConfig *config)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_validation_issue_free);
  const KfKubeStatus *status;
  const char *ns;

  g_return_val_if_fail (error != NULL, issues);
  g_return_val_if_fail (config != NULL, issues);

  status = kf_kube_error_get_status (error);
  ns = config->namespace != NULL ? config->namespace : "";

  if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_INVALID) && status != NULL && status->causes->len > 0)
    {
      for (guint i = 0; i < status->causes->len; i++)
        {
          const KfKubeStatusCause *cause = g_ptr_array_index (status->causes, i);
          const char *field = kf_deployer_field_for_path (config, cause->field);
          char *message;

          if (field != NULL)
            message = g_strdup_printf (_("The cluster rejected this value: %s"), cause->message);
          else if (cause->field != NULL)
            message = g_strdup_printf (_("The cluster rejected %s: %s"), cause->field, cause->message);
          else
            message = g_strdup_printf (_("The cluster rejected the deployment: %s"), cause->message);
          g_ptr_array_add (issues, issue_new (field, message));
        }
    }
  else if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_ALREADY_EXISTS))
    {
      g_ptr_array_add (issues, issue_new ("name",
                                          g_strdup_printf (_("A deployment named %s already exists in %s. Choose another name."),
                                                           config->name != NULL ? config->name : "", ns)));
    }
  else if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN))
    {
      g_ptr_array_add (issues, issue_new (NULL,
                                          g_strdup_printf (_("Your account may not create this deployment in %s: %s"),
                                                           ns, error->message)));
    }
  else
    {
      g_ptr_array_add (issues, issue_new (NULL, g_strdup (error->message)));
    }
  return issues;
}
