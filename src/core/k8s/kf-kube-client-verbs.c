/* kf-kube-client-verbs.c: JSON requests and the typed verbs of KfKubeClient
 *
 * Every verb is one JSON request built by resource_request() and carried by
 * kf_kube_client_send_async() (kf-kube-client.c: auth, TLS, retries); all of
 * them finish with kf_kube_client_request_finish(). Also: list-all paging
 * and services/NAME:PORT/proxy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include "kf-kube-client-private.h"

/* ---------------------------------------------------------------- JSON */

static void
request_bytes_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  JsonNode *node;

  bytes = kf_kube_client_send_finish (KF_KUBE_CLIENT (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  node = kf_kube_parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static GBytes *
json_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = NULL;
  gsize length = 0;
  char *data;

  if (node == NULL)
    return NULL;
  gen = json_generator_new ();
  json_generator_set_root (gen, node);
  data = json_generator_to_data (gen, &length);
  return g_bytes_new_take (data, length);
}

/* The one request/response path of every JSON call: @body (may be NULL) goes
 * out as @content_type, the 2xx body comes back parsed. */
static void
request_json (KfKubeClient        *self,
              const char          *method,
              const char          *path,
              const char          *content_type,
              JsonNode            *body,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GBytes) bytes = json_to_bytes (body);

  g_task_set_source_tag (task, source_tag);
  kf_kube_client_send_async (self, method, path, body != NULL ? content_type : NULL, bytes,
                             cancellable, request_bytes_cb, task);
}

/* A verb on a resource path: /…/PLURAL[/NAME[/SUBRESOURCE]][QUERY]. */
typedef struct
{
  const char *method;
  const char *name;
  const char *subresource;
  const char *query;          /* "?…" or NULL */
  const char *content_type;   /* of @body */
} Verb;

static void
resource_request (KfKubeClient         *self,
                  const Verb           *verb,
                  const KfKubeResource *resource,
                  const char           *ns,
                  JsonNode             *body,
                  GCancellable         *cancellable,
                  GAsyncReadyCallback   callback,
                  gpointer              user_data,
                  gpointer              source_tag)
{
  g_autofree char *path = kf_kube_build_path (resource, ns, verb->name, verb->subresource);
  g_autofree char *full = g_strconcat (path, verb->query, NULL);

  request_json (self, verb->method, full, verb->content_type, body, cancellable, callback, user_data, source_tag);
}

/* Fails @source_tag's task at once (bad arguments found before any request). */
static void
fail_request (KfKubeClient        *self,
              const char          *message,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_new_error (task, KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_REQUEST, "%s", message);
}

void
kf_kube_client_request_async (KfKubeClient        *self,
                              const char          *method,
                              const char          *path_and_query,
                              const char          *content_type,
                              JsonNode            *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KF_IS_KUBE_CLIENT (self));
  request_json (self, method, path_and_query, content_type ? content_type : "application/json", body,
                cancellable, callback, user_data, kf_kube_client_request_async);
}

JsonNode *
kf_kube_client_request_finish (KfKubeClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------- typed verbs */

void
kf_kube_client_get_async (KfKubeClient         *self,
                          const KfKubeResource *resource,
                          const char           *ns,
                          const char           *name,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  const Verb verb = { .method = "GET", .name = name };

  g_return_if_fail (name != NULL);
  resource_request (self, &verb, resource, ns, NULL, cancellable, callback, user_data, kf_kube_client_get_async);
}

void
kf_kube_client_get_status_async (KfKubeClient         *self,
                                 const KfKubeResource *resource,
                                 const char           *ns,
                                 const char           *name,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  const Verb verb = { .method = "GET", .name = name, .subresource = "status" };

  g_return_if_fail (name != NULL);
  resource_request (self, &verb, resource, ns, NULL, cancellable, callback, user_data,
                    kf_kube_client_get_status_async);
}

void
kf_kube_client_list_async (KfKubeClient            *self,
                           const KfKubeResource    *resource,
                           const char              *ns,
                           const KfKubeListOptions *options,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  g_autofree char *query = kf_kube_build_list_query (options, FALSE);
  const Verb verb = { .method = "GET", .query = query };

  resource_request (self, &verb, resource, ns, NULL, cancellable, callback, user_data, kf_kube_client_list_async);
}

void
kf_kube_client_create_async (KfKubeClient         *self,
                             const KfKubeResource *resource,
                             const char           *ns,
                             JsonNode             *object,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  const Verb verb = { .method = "POST", .content_type = "application/json" };

  g_return_if_fail (object != NULL);
  resource_request (self, &verb, resource, ns, object, cancellable, callback, user_data,
                    kf_kube_client_create_async);
}

static const char *
metadata_name (JsonNode *object)
{
  JsonObject *obj, *meta;

  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    return NULL;
  obj = json_node_get_object (object);
  if (!json_object_has_member (obj, "metadata") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "metadata")))
    return NULL;
  meta = json_object_get_object_member (obj, "metadata");
  return json_object_get_string_member_with_default (meta, "name", NULL);
}

/* PUT of the object (or its @subresource) that metadata.name names. */
static void
replace_request (KfKubeClient         *self,
                 const KfKubeResource *resource,
                 const char           *ns,
                 JsonNode             *object,
                 const char           *subresource,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data,
                 gpointer              source_tag)
{
  const Verb verb = {
    .method = "PUT", .name = metadata_name (object), .subresource = subresource,
    .content_type = "application/json",
  };

  if (verb.name == NULL)
    fail_request (self, "Cannot update an object without metadata.name", cancellable, callback, user_data,
                  source_tag);
  else
    resource_request (self, &verb, resource, ns, object, cancellable, callback, user_data, source_tag);
}

void
kf_kube_client_update_async (KfKubeClient         *self,
                             const KfKubeResource *resource,
                             const char           *ns,
                             JsonNode             *object,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  replace_request (self, resource, ns, object, NULL, cancellable, callback, user_data, kf_kube_client_update_async);
}

void
kf_kube_client_update_status_async (KfKubeClient         *self,
                                    const KfKubeResource *resource,
                                    const char           *ns,
                                    JsonNode             *object,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  replace_request (self, resource, ns, object, "status", cancellable, callback, user_data,
                   kf_kube_client_update_status_async);
}

static const char *
patch_content_type (KfKubePatchType type)
{
  switch (type)
    {
    case KF_KUBE_PATCH_STRATEGIC_MERGE: return "application/strategic-merge-patch+json";
    case KF_KUBE_PATCH_JSON: return "application/json-patch+json";
    case KF_KUBE_PATCH_MERGE:
    default: return "application/merge-patch+json";
    }
}

void
kf_kube_client_patch_async (KfKubeClient         *self,
                            const KfKubeResource *resource,
                            const char           *ns,
                            const char           *name,
                            KfKubePatchType       type,
                            JsonNode             *patch,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  const Verb verb = { .method = "PATCH", .name = name, .content_type = patch_content_type (type) };

  g_return_if_fail (name != NULL && patch != NULL);
  resource_request (self, &verb, resource, ns, patch, cancellable, callback, user_data, kf_kube_client_patch_async);
}

static const char *
propagation_policy (KfKubePropagation propagation)
{
  switch (propagation)
    {
    case KF_KUBE_PROPAGATION_FOREGROUND: return "Foreground";
    case KF_KUBE_PROPAGATION_BACKGROUND: return "Background";
    case KF_KUBE_PROPAGATION_ORPHAN: return "Orphan";
    case KF_KUBE_PROPAGATION_DEFAULT:
    default: return NULL;
    }
}

void
kf_kube_client_delete_async (KfKubeClient         *self,
                             const KfKubeResource *resource,
                             const char           *ns,
                             const char           *name,
                             KfKubePropagation     propagation,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autofree char *query = kf_kube_build_query ("propagationPolicy", propagation_policy (propagation), NULL);
  const Verb verb = { .method = "DELETE", .name = name, .query = query };

  g_return_if_fail (name != NULL);
  resource_request (self, &verb, resource, ns, NULL, cancellable, callback, user_data,
                    kf_kube_client_delete_async);
}

void
kf_kube_client_get_version_async (KfKubeClient        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  request_json (self, "GET", "/version", NULL, NULL, cancellable, callback, user_data,
                kf_kube_client_get_version_async);
}

/* ---------------------------------------------------------------- list all pages */

typedef struct
{
  KfKubeResource     resource;
  char              *group, *version, *plural;
  char              *ns;
  char              *label_selector;
  char              *field_selector;
  char              *resource_version;
  guint              limit;
  char              *continue_token;
  JsonNode          *result;   /* the first page, items appended */
  gboolean           restarted;
} ListAll;

static void
list_all_free (gpointer data)
{
  ListAll *la = data;

  g_free (la->group);
  g_free (la->version);
  g_free (la->plural);
  g_free (la->ns);
  g_free (la->label_selector);
  g_free (la->field_selector);
  g_free (la->resource_version);
  g_free (la->continue_token);
  g_clear_pointer (&la->result, json_node_unref);
  g_free (la);
}

static void list_all_next (GTask *task);

static const char *
list_continue (JsonObject *list)
{
  JsonObject *meta;

  if (!json_object_has_member (list, "metadata") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (list, "metadata")))
    return NULL;
  meta = json_object_get_object_member (list, "metadata");
  return json_object_get_string_member_with_default (meta, "continue", NULL);
}

static void
list_all_page_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListAll *la = g_task_get_task_data (task);
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *obj;
  const char *cont;

  page = kf_kube_client_request_finish (KF_KUBE_CLIENT (object), result, &error);
  if (page == NULL)
    {
      /* the continue token expired: start over in one request, as client-go does */
      if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_GONE) && la->continue_token != NULL && !la->restarted)
        {
          la->restarted = TRUE;
          la->limit = 0;
          g_clear_pointer (&la->continue_token, g_free);
          g_clear_pointer (&la->result, json_node_unref);
          list_all_next (g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (page) ||
      !json_object_has_member (json_node_get_object (page), "items") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (page), "items")))
    {
      g_task_return_new_error (task, KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_RESPONSE,
                               "The API server answered a list request without an items array");
      return;
    }
  obj = json_node_get_object (page);

  if (la->result == NULL)
    la->result = json_node_ref (page);
  else
    {
      JsonArray *all = json_object_get_array_member (json_node_get_object (la->result), "items");
      JsonArray *items = json_object_get_array_member (obj, "items");

      for (guint i = 0; i < json_array_get_length (items); i++)
        json_array_add_element (all, json_node_ref (json_array_get_element (items, i)));
      if (json_object_has_member (obj, "metadata"))
        json_object_set_member (json_node_get_object (la->result), "metadata",
                                json_node_ref (json_object_get_member (obj, "metadata")));
    }

  cont = list_continue (obj);
  g_clear_pointer (&la->continue_token, g_free);
  if (cont != NULL && *cont != '\0')
    {
      la->continue_token = g_strdup (cont);
      list_all_next (g_steal_pointer (&task));
      return;
    }
  {
    JsonObject *meta = json_object_get_object_member (json_node_get_object (la->result), "metadata");
    if (meta != NULL)
      json_object_remove_member (meta, "continue");
  }
  g_task_return_pointer (task, g_steal_pointer (&la->result), (GDestroyNotify) json_node_unref);
}

static void
list_all_next (GTask *task)
{
  ListAll *la = g_task_get_task_data (task);
  KfKubeListOptions options = {
    .label_selector = la->label_selector,
    .field_selector = la->field_selector,
    .limit = la->limit,
    .continue_token = la->continue_token,
    .resource_version = la->continue_token == NULL ? la->resource_version : NULL,
  };

  kf_kube_client_list_async (g_task_get_source_object (task), &la->resource, la->ns, &options,
                             g_task_get_cancellable (task), list_all_page_cb, task);
}

void
kf_kube_client_list_all_async (KfKubeClient            *self,
                               const KfKubeResource    *resource,
                               const char              *ns,
                               const KfKubeListOptions *options,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ListAll *la = g_new0 (ListAll, 1);

  g_task_set_source_tag (task, kf_kube_client_list_all_async);
  la->group = g_strdup (resource->group);
  la->version = g_strdup (resource->version);
  la->plural = g_strdup (resource->plural);
  la->resource.group = la->group;
  la->resource.version = la->version;
  la->resource.plural = la->plural;
  la->ns = g_strdup (ns);
  if (options != NULL)
    {
      la->label_selector = g_strdup (options->label_selector);
      la->field_selector = g_strdup (options->field_selector);
      la->resource_version = g_strdup (options->resource_version);
      la->limit = options->limit;
    }
  if (la->limit == 0)
    la->limit = 500;
  g_task_set_task_data (task, la, list_all_free);
  list_all_next (task);
}

/* ---------------------------------------------------------------- services proxy */

static char *
proxy_path (const char *ns,
            const char *service,
            const char *port,
            const char *path)
{
  g_autofree char *target = port != NULL ? g_strdup_printf ("%s:%s", service, port) : g_strdup (service);
  KfKubeResource services = kf_kube_resource_services;
  g_autofree char *base = kf_kube_build_path (&services, ns, target, "proxy");

  if (path == NULL || *path == '\0')
    path = "/";
  return g_strconcat (base, path[0] == '/' ? "" : "/", path, NULL);
}

/* Both proxy calls: @send is kf_kube_client_send_async or its streaming twin. */
static void
proxy_request (KfKubeClient        *self,
               const char          *ns,
               const char          *service,
               const char          *port,
               const char          *method,
               const char          *path,
               JsonNode            *body,
               void               (*send) (KfKubeClient *, const char *, const char *, const char *, GBytes *,
                                           GCancellable *, GAsyncReadyCallback, gpointer),
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autofree char *full = proxy_path (ns, service, port, path);
  g_autoptr(GBytes) bytes = json_to_bytes (body);

  send (self, method ? method : "GET", full, bytes ? "application/json" : NULL, bytes, cancellable, callback, user_data);
}

void
kf_kube_client_proxy_async (KfKubeClient        *self,
                            const char          *ns,
                            const char          *service,
                            const char          *port,
                            const char          *method,
                            const char          *path,
                            JsonNode            *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  proxy_request (self, ns, service, port, method, path, body, kf_kube_client_send_async,
                 cancellable, callback, user_data);
}

GBytes *
kf_kube_client_proxy_finish (KfKubeClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return kf_kube_client_send_finish (self, result, error);
}

void
kf_kube_client_proxy_stream_async (KfKubeClient        *self,
                                   const char          *ns,
                                   const char          *service,
                                   const char          *port,
                                   const char          *method,
                                   const char          *path,
                                   JsonNode            *body,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  proxy_request (self, ns, service, port, method, path, body, kf_kube_client_send_stream_async,
                 cancellable, callback, user_data);
}
