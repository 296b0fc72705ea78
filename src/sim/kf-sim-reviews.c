/* kf-sim-reviews.c: SelfSubjectReview, TokenReview, SelfSubjectAccessReview
 * and SubjectAccessReview (create-only, never stored)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include "kf-sim-json.h"
#include "kf-sim-server-private.h"

static JsonObject *
user_info (KfSimUser *user)
{
  JsonObject *info = json_object_new ();
  JsonArray *groups = json_array_new ();

  json_object_set_string_member (info, "username", user->name);
  for (guint i = 0; user->groups && user->groups[i]; i++)
    json_array_add_string_element (groups, user->groups[i]);
  json_object_set_array_member (info, "groups", groups);
  return info;
}

static const char *
str_or_null (JsonNode   *node,
             const char *path)
{
  const char *s = kf_sim_json_get_string (node, path);
  return s && *s ? s : NULL;
}

static void
access_review (KfSimRequest *req,
               JsonNode     *review,
               KfSimUser    *user)
{
  JsonObject *status = kf_sim_json_ensure_object (review, "status");
  JsonNode *attrs_node = kf_sim_json_lookup (review, "spec.resourceAttributes");
  KfSimAttributes attrs = { 0 };
  gboolean allowed;

  if (attrs_node != NULL && JSON_NODE_HOLDS_OBJECT (attrs_node))
    {
      attrs.verb = str_or_null (attrs_node, "verb");
      attrs.group = kf_sim_json_get_string (attrs_node, "group");
      attrs.resource = str_or_null (attrs_node, "resource");
      attrs.subresource = str_or_null (attrs_node, "subresource");
      attrs.ns = str_or_null (attrs_node, "namespace");
      attrs.name = str_or_null (attrs_node, "name");
      if (attrs.verb == NULL)
        attrs.verb = "";
      if (attrs.resource == NULL)
        attrs.resource = "";
      allowed = user != NULL && kf_sim_auth_allows (user, &attrs);
    }
  else if (kf_sim_json_lookup (review, "spec.nonResourceAttributes") != NULL)
    allowed = user != NULL;   /* discovery, /version, /healthz: every authenticated user */
  else
    {
      kf_sim_respond_status (req->msg, 422, "Invalid",
                             "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: "
                             "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
                             NULL);
      return;
    }
  json_object_set_boolean_member (status, "allowed", allowed);
  if (allowed && user && user->rules == NULL)
    json_object_set_string_member (status, "reason", "RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\"");
  else if (!allowed)
    json_object_set_string_member (status, "reason", "");
  kf_sim_present (req->type, review);
  kf_sim_respond_json (req->msg, 201, review);
}

void
kf_sim_handle_review (KfSimRequest *req,
                      JsonNode     *body)
{
  const char *plural = req->type->plural;
  g_autoptr(JsonNode) review = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      kf_sim_respond_status (req->msg, 400, "BadRequest", "the request body must be a JSON object", NULL);
      return;
    }
  review = kf_sim_json_copy (body);
  kf_sim_json_ensure_object (review, "metadata");

  if (g_str_equal (plural, "selfsubjectreviews"))
    {
      json_object_set_object_member (kf_sim_json_ensure_object (review, "status"), "userInfo", user_info (req->user));
      kf_sim_present (req->type, review);
      kf_sim_respond_json (req->msg, 201, review);
    }
  else if (g_str_equal (plural, "tokenreviews"))
    {
      const char *token = kf_sim_json_get_string (review, "spec.token");
      KfSimUser *user = token ? kf_sim_server_authenticate_token (req->server, token) : NULL;
      JsonObject *status = kf_sim_json_ensure_object (review, "status");
      JsonArray *audiences = json_array_new ();

      json_object_set_boolean_member (status, "authenticated", user != NULL);
      if (user != NULL)
        {
          json_object_set_object_member (status, "user", user_info (user));
          json_array_add_string_element (audiences, "https://kubernetes.default.svc");
        }
      else
        json_object_set_string_member (status, "error", "invalid bearer token");
      json_object_set_array_member (status, "audiences", audiences);
      kf_sim_present (req->type, review);
      kf_sim_respond_json (req->msg, 201, review);
    }
  else if (g_str_equal (plural, "selfsubjectaccessreviews"))
    access_review (req, review, req->user);
  else
    {
      /* SubjectAccessReview: about another user, named in spec.user */
      const char *name = kf_sim_json_get_string (review, "spec.user");
      access_review (req, review, kf_sim_scenario_find_user (req->server->scenario, name));
    }
}
