/* kf-kube-identity.c: who am I, may I, on a cluster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include <string.h>

#include "kf-kube-identity.h"

G_DEFINE_BOXED_TYPE (KfKubeIdentity, kf_kube_identity, kf_kube_identity_copy, kf_kube_identity_free)

KfKubeIdentity *
kf_kube_identity_copy (const KfKubeIdentity *identity)
{
  KfKubeIdentity *copy = g_new0 (KfKubeIdentity, 1);

  copy->username = g_strdup (identity->username);
  copy->uid = g_strdup (identity->uid);
  copy->groups = g_strdupv (identity->groups);
  copy->source = identity->source;
  return copy;
}

void
kf_kube_identity_free (KfKubeIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->username);
  g_free (identity->uid);
  g_strfreev (identity->groups);
  g_free (identity);
}

const char *
kf_kube_identity_source_to_string (KfKubeIdentitySource source)
{
  switch (source)
    {
    case KF_KUBE_IDENTITY_SELF_SUBJECT_REVIEW: return "SelfSubjectReview";
    case KF_KUBE_IDENTITY_TOKEN_REVIEW: return "TokenReview";
    case KF_KUBE_IDENTITY_KUBECONFIG: return "kubeconfig";
    default: return "unknown";
    }
}

static JsonObject *
object_member (JsonObject *obj,
               const char *name)
{
  if (obj == NULL || !json_object_has_member (obj, name) || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, name)))
    return NULL;
  return json_object_get_object_member (obj, name);
}

static KfKubeIdentity *
identity_from_user_info (JsonObject           *user,
                         KfKubeIdentitySource  source)
{
  KfKubeIdentity *id;
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();

  if (user == NULL || json_object_get_string_member_with_default (user, "username", NULL) == NULL)
    return NULL;
  id = g_new0 (KfKubeIdentity, 1);
  id->username = g_strdup (json_object_get_string_member (user, "username"));
  id->uid = g_strdup (json_object_get_string_member_with_default (user, "uid", NULL));
  id->source = source;
  if (json_object_has_member (user, "groups") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (user, "groups")))
    {
      JsonArray *arr = json_object_get_array_member (user, "groups");
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *n = json_array_get_element (arr, i);
          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
            g_ptr_array_add (groups, g_strdup (json_node_get_string (n)));
        }
    }
  g_ptr_array_add (groups, NULL);
  id->groups = (char **) g_ptr_array_steal (groups, NULL);
  return id;
}

static JsonNode *
review_body (const char *api_version,
             const char *kind,
             JsonObject *spec)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (obj, "apiVersion", api_version);
  json_object_set_string_member (obj, "kind", kind);
  json_object_set_object_member (obj, "metadata", json_object_new ());
  if (spec != NULL)
    json_object_set_object_member (obj, "spec", spec);
  json_node_take_object (node, obj);
  return node;
}

static gboolean
may_fall_back (const GError *error)
{
  return g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND) ||
         g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN) ||
         (error->domain == KF_KUBE_ERROR && kf_kube_error_get_status (error) != NULL &&
          kf_kube_error_get_status (error)->code == 405);
}

static void
fall_back_to_kubeconfig (GTask  *task,
                         GError *error)
{
  KfKubeClient *self = g_task_get_source_object (task);
  const char *user = kf_rest_config_get_user_name (kf_kube_client_get_config (self));

  if (user != NULL && *user != '\0')
    {
      KfKubeIdentity *id = g_new0 (KfKubeIdentity, 1);

      id->username = g_strdup (user);
      id->groups = g_new0 (char *, 1);
      id->source = KF_KUBE_IDENTITY_KUBECONFIG;
      g_task_return_pointer (task, id, (GDestroyNotify) kf_kube_identity_free);
      g_error_free (error);
    }
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
token_review_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  JsonObject *status;
  KfKubeIdentity *id = NULL;

  node = kf_kube_client_request_finish (KF_KUBE_CLIENT (object), result, &error);
  if (node == NULL)
    {
      if (may_fall_back (error))
        fall_back_to_kubeconfig (task, error);
      else
        {
          g_task_return_error (task, error);
          g_object_unref (task);
        }
      return;
    }
  status = object_member (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, "status");
  if (status != NULL && json_object_get_boolean_member_with_default (status, "authenticated", FALSE))
    id = identity_from_user_info (object_member (status, "user"), KF_KUBE_IDENTITY_TOKEN_REVIEW);
  if (id == NULL)
    {
      fall_back_to_kubeconfig (task, g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNAUTHORIZED,
                                                  "The cluster does not recognise the token: %s",
                                                  status ? json_object_get_string_member_with_default (status, "error", "not authenticated")
                                                         : "no status in the TokenReview"));
      return;
    }
  g_task_return_pointer (task, id, (GDestroyNotify) kf_kube_identity_free);
  g_object_unref (task);
}

static void
authorization_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  KfKubeClient *self = g_task_get_source_object (task);
  GError *first_error = g_task_get_task_data (task);
  g_autofree char *authorization = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *spec;

  authorization = kf_rest_config_get_authorization_finish (KF_REST_CONFIG (object), result, &error);
  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    {
      fall_back_to_kubeconfig (task, g_error_copy (first_error));
      return;
    }
  spec = json_object_new ();
  json_object_set_string_member (spec, "token", authorization + strlen ("Bearer "));
  memset (authorization, 0, strlen (authorization));
  body = review_body ("authentication.k8s.io/v1", "TokenReview", spec);
  kf_kube_client_request_async (self, "POST", "/apis/authentication.k8s.io/v1/tokenreviews", NULL, body,
                                g_task_get_cancellable (task), token_review_cb, task);
  /* the token is in the body: scrub our copy of it */
  {
    JsonObject *s = json_object_get_object_member (json_node_get_object (body), "spec");
    const char *tok = json_object_get_string_member (s, "token");
    memset ((char *) tok, 0, strlen (tok));
  }
}

static void
self_subject_review_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  KfKubeClient *self = KF_KUBE_CLIENT (object);
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  JsonObject *status;
  KfKubeIdentity *id = NULL;

  node = kf_kube_client_request_finish (self, result, &error);
  if (node == NULL)
    {
      if (!may_fall_back (error))
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
      g_task_set_task_data (task, error, (GDestroyNotify) g_error_free);
      kf_rest_config_get_authorization_async (kf_kube_client_get_config (self), g_task_get_cancellable (task),
                                              authorization_cb, task);
      return;
    }
  status = object_member (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, "status");
  id = identity_from_user_info (object_member (status, "userInfo"), KF_KUBE_IDENTITY_SELF_SUBJECT_REVIEW);
  if (id == NULL)
    {
      fall_back_to_kubeconfig (task, g_error_new_literal (KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_RESPONSE,
                                                          "The SelfSubjectReview has no status.userInfo.username"));
      return;
    }
  g_task_return_pointer (task, id, (GDestroyNotify) kf_kube_identity_free);
  g_object_unref (task);
}

void
kf_kube_client_whoami_async (KfKubeClient        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonNode) body = review_body ("authentication.k8s.io/v1", "SelfSubjectReview", NULL);

  g_task_set_source_tag (task, kf_kube_client_whoami_async);
  kf_kube_client_request_async (self, "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", NULL, body,
                                cancellable, self_subject_review_cb, task);
}

KfKubeIdentity *
kf_kube_client_whoami_finish (KfKubeClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  gboolean  allowed;
  char     *reason;
} AccessResult;

static void
access_result_free (gpointer data)
{
  AccessResult *r = data;

  g_free (r->reason);
  g_free (r);
}

static void
access_review_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  JsonObject *status;
  AccessResult *r;

  node = kf_kube_client_request_finish (KF_KUBE_CLIENT (object), result, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  status = object_member (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, "status");
  if (status == NULL)
    {
      g_task_return_new_error (task, KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_RESPONSE,
                               "The SelfSubjectAccessReview came back without a status");
      return;
    }
  r = g_new0 (AccessResult, 1);
  r->allowed = json_object_get_boolean_member_with_default (status, "allowed", FALSE);
  r->reason = g_strdup (json_object_get_string_member_with_default (status, "reason", NULL));
  if (r->reason == NULL || *r->reason == '\0')
    {
      g_free (r->reason);
      r->reason = g_strdup (json_object_get_string_member_with_default (status, "evaluationError", NULL));
    }
  g_task_return_pointer (task, r, access_result_free);
}

void
kf_kube_client_can_i_async (KfKubeClient        *self,
                            const char          *verb,
                            const char          *group,
                            const char          *resource,
                            const char          *subresource,
                            const char          *ns,
                            const char          *name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  JsonObject *spec = json_object_new ();
  JsonObject *attrs = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (verb != NULL && resource != NULL);
  g_task_set_source_tag (task, kf_kube_client_can_i_async);

  json_object_set_string_member (attrs, "verb", verb);
  json_object_set_string_member (attrs, "group", group ? group : "");
  json_object_set_string_member (attrs, "resource", resource);
  if (subresource != NULL)
    json_object_set_string_member (attrs, "subresource", subresource);
  if (ns != NULL)
    json_object_set_string_member (attrs, "namespace", ns);
  if (name != NULL)
    json_object_set_string_member (attrs, "name", name);
  json_object_set_object_member (spec, "resourceAttributes", attrs);
  body = review_body ("authorization.k8s.io/v1", "SelfSubjectAccessReview", spec);
  kf_kube_client_request_async (self, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", NULL, body,
                                cancellable, access_review_cb, task);
}

gboolean
kf_kube_client_can_i_finish (KfKubeClient  *self,
                             GAsyncResult  *result,
                             gboolean      *allowed,
                             char         **reason,
                             GError       **error)
{
  AccessResult *r;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return FALSE;
  if (allowed != NULL)
    *allowed = r->allowed;
  if (reason != NULL)
    *reason = g_steal_pointer (&r->reason);
  access_result_free (r);
  return TRUE;
}
