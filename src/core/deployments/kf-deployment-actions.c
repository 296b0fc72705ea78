/* kf-deployment-actions.c: what can be done to a deployment, per provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deployments"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-deployment-actions.h"

G_DEFINE_QUARK (kf-deployment-error-quark, kf_deployment_error)

void
kf_deployment_resource_for_provider (KfProvider     *provider,
                                     KfKubeResource *resource)
{
  const KfCrdConfig *crd = kf_provider_get_crd_config (provider);

  resource->group = crd->group;
  resource->version = crd->version;
  resource->plural = crd->plural;
}

char *
kf_deployment_pod_selector (KfProvider *provider,
                            const char *name)
{
  const char *id = kf_provider_get_id (provider);

  if (g_strcmp0 (id, "dynamo") == 0)
    return g_strdup_printf ("nvidia.com/dynamo-graph-deployment-name=%s", name);
  if (g_strcmp0 (id, "kuberay") == 0)
    return g_strdup_printf ("ray.io/originated-from-cr-name=%s", name);
  if (g_strcmp0 (id, "kaito") == 0)
    return g_strdup_printf ("kaito.sh/workspace=%s", name);
  return g_strdup_printf ("app.kubernetes.io/instance=%s", name);
}

static JsonObject *
child (JsonObject *parent,
       const char *name)
{
  JsonNode *n = json_object_get_member (parent, name);

  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n))
    return json_node_get_object (n);
  return NULL;
}

static JsonNode *
node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
dynamo_patch (JsonObject *cr,
              guint       replicas,
              GError    **error)
{
  JsonObject *spec = child (cr, "spec");
  JsonObject *services = spec ? child (spec, "services") : NULL;
  JsonObject *patch_services = json_object_new ();
  JsonObject *patch_spec = json_object_new ();
  JsonObject *patch = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  guint n = 0;

  if (services != NULL)
    {
      json_object_iter_init (&iter, services);
      while (json_object_iter_next (&iter, &key, &value))
        {
          JsonObject *svc = JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;
          const char *type = svc ? json_object_get_string_member_with_default (svc, "componentType", NULL) : NULL;
          JsonObject *entry;

          if (svc == NULL)
            continue;
          if (g_strcmp0 (type, "worker") != 0 && (type != NULL || strstr (key, "Worker") == NULL))
            continue;
          entry = json_object_new ();
          json_object_set_int_member (entry, "replicas", replicas);
          json_object_set_object_member (patch_services, key, entry);
          n++;
        }
    }
  json_object_set_object_member (patch_spec, "services", patch_services);
  json_object_set_object_member (patch, "spec", patch_spec);
  if (n == 0)
    {
      json_object_unref (patch);
      g_set_error (error, KF_DEPLOYMENT_ERROR, KF_DEPLOYMENT_ERROR_CANNOT_SCALE,
                   _("This DynamoGraphDeployment has no worker service to scale."));
      return NULL;
    }
  return node_take_object (patch);
}

static JsonObject *
json_patch_op (const char *path,
               gint64      value)
{
  JsonObject *op = json_object_new ();

  json_object_set_string_member (op, "op", "replace");
  json_object_set_string_member (op, "path", path);
  json_object_set_int_member (op, "value", value);
  return op;
}

static JsonNode *
kuberay_patch (JsonObject *cr,
               guint       replicas,
               GError    **error)
{
  JsonObject *spec = child (cr, "spec");
  JsonObject *cluster = spec ? child (spec, "rayClusterConfig") : NULL;
  JsonNode *groups = cluster ? json_object_get_member (cluster, "workerGroupSpecs") : NULL;
  JsonObject *group;
  JsonArray *ops;
  JsonNode *node;

  if (groups == NULL || !JSON_NODE_HOLDS_ARRAY (groups) || json_array_get_length (json_node_get_array (groups)) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (groups), 0)))
    {
      g_set_error (error, KF_DEPLOYMENT_ERROR, KF_DEPLOYMENT_ERROR_CANNOT_SCALE,
                   _("This RayService has no worker group to scale."));
      return NULL;
    }
  group = json_array_get_object_element (json_node_get_array (groups), 0);
  ops = json_array_new ();
  if (json_object_has_member (group, "maxReplicas") &&
      json_object_get_int_member_with_default (group, "maxReplicas", 0) < replicas)
    json_array_add_object_element (ops, json_patch_op ("/spec/rayClusterConfig/workerGroupSpecs/0/maxReplicas", replicas));
  if (json_object_has_member (group, "minReplicas") &&
      json_object_get_int_member_with_default (group, "minReplicas", 0) > replicas)
    json_array_add_object_element (ops, json_patch_op ("/spec/rayClusterConfig/workerGroupSpecs/0/minReplicas", replicas));
  {
    JsonObject *op = json_patch_op ("/spec/rayClusterConfig/workerGroupSpecs/0/replicas", replicas);

    if (!json_object_has_member (group, "replicas"))
      json_object_set_string_member (op, "op", "add");
    json_array_add_object_element (ops, op);
  }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, ops);
  return node;
}

static JsonNode *
kaito_patch (guint replicas)
{
  JsonObject *resource = json_object_new ();
  JsonObject *patch = json_object_new ();

  json_object_set_int_member (resource, "count", replicas);
  json_object_set_object_member (patch, "resource", resource);
  return node_take_object (patch);
}

JsonNode *
kf_deployment_build_scale_patch (KfProvider      *provider,
                                 JsonNode        *cr,
                                 guint            replicas,
                                 KfKubePatchType *type,
                                 GError         **error)
{
  const char *id;

  g_return_val_if_fail (KF_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  id = kf_provider_get_id (provider);
  if (replicas > KF_MAX_REPLICAS || (replicas == 0 && g_strcmp0 (id, "kaito") == 0))
    {
      g_set_error (error, KF_DEPLOYMENT_ERROR, KF_DEPLOYMENT_ERROR_INVALID_REPLICAS,
                   _("Replicas must be between %u and %u."), g_strcmp0 (id, "kaito") == 0 ? 1u : 0u,
                   (guint) KF_MAX_REPLICAS);
      return NULL;
    }
  if (cr == NULL || !JSON_NODE_HOLDS_OBJECT (cr))
    {
      g_set_error (error, KF_DEPLOYMENT_ERROR, KF_DEPLOYMENT_ERROR_CANNOT_SCALE,
                   _("The deployment's resource could not be read."));
      return NULL;
    }
  if (g_strcmp0 (id, "dynamo") == 0)
    {
      *type = KF_KUBE_PATCH_MERGE;
      return dynamo_patch (json_node_get_object (cr), replicas, error);
    }
  if (g_strcmp0 (id, "kuberay") == 0)
    {
      *type = KF_KUBE_PATCH_JSON;
      return kuberay_patch (json_node_get_object (cr), replicas, error);
    }
  if (g_strcmp0 (id, "kaito") == 0)
    {
      *type = KF_KUBE_PATCH_MERGE;
      return kaito_patch (replicas);
    }
  g_set_error (error, KF_DEPLOYMENT_ERROR, KF_DEPLOYMENT_ERROR_UNKNOWN_PROVIDER,
               _("Unknown runtime “%s”."), id);
  return NULL;
}

char *
kf_deployment_port_forward_command (const char *ns,
                                    const char *service,
                                    guint       port)
{
  if (service == NULL || *service == '\0')
    return NULL;
  return g_strdup_printf ("kubectl port-forward -n %s svc/%s 8000:%u", ns ? ns : "default", service,
                          port ? port : 8000);
}

/* ---- scale ---- */

static void
scale_patched_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *node = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);

  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

void
kf_deployment_scale_async (KfKubeClient        *client,
                           KfProvider          *provider,
                           JsonNode            *cr,
                           guint                replicas,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) patch = NULL;
  GError *error = NULL;
  KfKubePatchType type = KF_KUBE_PATCH_MERGE;
  KfKubeResource resource;
  JsonObject *meta;

  g_return_if_fail (KF_IS_KUBE_CLIENT (client));
  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_deployment_scale_async);

  patch = kf_deployment_build_scale_patch (provider, cr, replicas, &type, &error);
  if (patch == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  meta = json_object_get_object_member (json_node_get_object (cr), "metadata");
  kf_deployment_resource_for_provider (provider, &resource);
  kf_kube_client_patch_async (client, &resource,
                              meta ? json_object_get_string_member_with_default (meta, "namespace", NULL) : NULL,
                              meta ? json_object_get_string_member_with_default (meta, "name", "") : "",
                              type, patch, cancellable, scale_patched_cb, g_steal_pointer (&task));
}

JsonNode *
kf_deployment_scale_finish (KfKubeClient  *client,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- delete ---- */

typedef struct
{
  char *ns;
  char *name;
} DeleteData;

static void
delete_data_free (DeleteData *d)
{
  g_free (d->ns);
  g_free (d->name);
  g_free (d);
}

static void
service_deleted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);

  if (node == NULL && !g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
cr_deleted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) node = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), result, &error);
  DeleteData *d = g_task_get_task_data (task);
  KfProvider *provider = g_object_get_data (G_OBJECT (task), "provider");
  g_autofree char *service = NULL;
  GCancellable *cancellable;

  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_strcmp0 (kf_provider_get_id (provider), "kaito") != 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  service = g_strconcat (d->name, "-vllm", NULL);
  cancellable = g_task_get_cancellable (task);
  kf_kube_client_delete_async (KF_KUBE_CLIENT (source), &kf_kube_resource_services, d->ns, service,
                               KF_KUBE_PROPAGATION_DEFAULT, cancellable,
                               service_deleted_cb, g_steal_pointer (&task));
}

void
kf_deployment_delete_async (KfKubeClient        *client,
                            KfProvider          *provider,
                            const char          *ns,
                            const char          *name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DeleteData *d;
  KfKubeResource resource;

  g_return_if_fail (KF_IS_KUBE_CLIENT (client));
  g_return_if_fail (KF_IS_PROVIDER (provider));
  g_return_if_fail (name != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_deployment_delete_async);
  d = g_new0 (DeleteData, 1);
  d->ns = g_strdup (ns);
  d->name = g_strdup (name);
  g_task_set_task_data (task, d, (GDestroyNotify) delete_data_free);
  g_object_set_data_full (G_OBJECT (task), "provider", g_object_ref (provider), g_object_unref);
  kf_deployment_resource_for_provider (provider, &resource);
  kf_kube_client_delete_async (client, &resource, ns, name, KF_KUBE_PROPAGATION_BACKGROUND, cancellable,
                               cr_deleted_cb, g_steal_pointer (&task));
}

gboolean
kf_deployment_delete_finish (KfKubeClient  *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
