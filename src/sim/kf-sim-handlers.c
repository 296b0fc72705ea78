/* kf-sim-handlers.c: get, list, create, update, patch, delete and the
 * status and scale subresources, as the API server answers them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <string.h>

#include "kf-schema.h"
#include "kf-sim-json.h"
#include "kf-sim-protobuf.h"
#include "kf-sim-server-private.h"
#include "kf-yaml.h"
#ifdef KF_SIM_HAVE_OPERATORS
#include "kf-sim-operators.h"
#endif

/* ---- errors ---- */

static JsonNode *
details_for (KfSimRequest *req,
             const char   *name,
             const char   *kind)
{
  JsonObject *d = json_object_new ();

  if (name != NULL)
    json_object_set_string_member (d, "name", name);
  if (req->type && *req->type->group)
    json_object_set_string_member (d, "group", req->type->group);
  json_object_set_string_member (d, "kind", kind ? kind : (req->type ? req->type->plural : req->resource));
  return json_node_init_object (json_node_alloc (), d);
}

void
kf_sim_respond_store_error (KfSimRequest *req,
                            GError       *error)
{
  const char *name = req->name;

  if (error->domain != KF_SIM_STORE_ERROR)
    {
      kf_sim_respond_status (req->msg, 500, "InternalError", error->message, NULL);
      return;
    }
  switch (error->code)
    {
    case KF_SIM_STORE_ERROR_NOT_FOUND:
      kf_sim_respond_status (req->msg, 404, "NotFound", error->message, details_for (req, name, NULL));
      break;
    case KF_SIM_STORE_ERROR_ALREADY_EXISTS:
      kf_sim_respond_status (req->msg, 409, "AlreadyExists", error->message, details_for (req, name, NULL));
      break;
    case KF_SIM_STORE_ERROR_CONFLICT:
      kf_sim_respond_status (req->msg, 409, "Conflict", error->message, details_for (req, name, NULL));
      break;
    case KF_SIM_STORE_ERROR_INVALID:
      kf_sim_respond_status (req->msg, 422, "Invalid", error->message, details_for (req, name, req->type ? req->type->kind : NULL));
      break;
    case KF_SIM_STORE_ERROR_GONE:
      kf_sim_respond_status (req->msg, 410, "Expired", error->message, NULL);
      break;
    case KF_SIM_STORE_ERROR_BAD_REQUEST:
    default:
      kf_sim_respond_status (req->msg, 400, "BadRequest", error->message, NULL);
      break;
    }
}

static void
bad_request (KfSimRequest *req,
             const char   *message)
{
  kf_sim_respond_status (req->msg, 400, "BadRequest", message, NULL);
}

static void
respond_invalid (KfSimRequest *req,
                 const char   *name,
                 GPtrArray    *causes)
{
  g_autofree char *message = kf_schema_invalid_message (req->type->kind, req->type->group, name ? name : "", causes);
  JsonNode *details = details_for (req, name, req->type->kind);
  JsonArray *arr = json_array_new ();

  for (guint i = 0; i < causes->len; i++)
    {
      KfSchemaCause *c = causes->pdata[i];
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "reason", c->type);
      json_object_set_string_member (o, "message", c->message);
      json_object_set_string_member (o, "field", c->field);
      json_array_add_object_element (arr, o);
    }
  json_object_set_array_member (json_node_get_object (details), "causes", arr);
  kf_sim_respond_status (req->msg, 422, "Invalid", message, details);
}

static void
add_cause (GPtrArray  *causes,
           const char *type,
           const char *field,
           const char *message)
{
  KfSchemaCause *c = g_new0 (KfSchemaCause, 1);

  c->type = g_strdup (type);
  c->field = g_strdup (field);
  c->message = g_strdup (message);
  g_ptr_array_add (causes, c);
}

/* ---- names ---- */

static gboolean
is_dns1123_label (const char *s,
                  gboolean    rfc1035)
{
  gsize len = strlen (s);

  if (len == 0 || len > 63)
    return FALSE;
  if (!(g_ascii_islower (s[0]) || (!rfc1035 && g_ascii_isdigit (s[0]))))
    return FALSE;
  if (!(g_ascii_islower (s[len - 1]) || g_ascii_isdigit (s[len - 1])))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_islower (s[i]) || g_ascii_isdigit (s[i]) || s[i] == '-'))
      return FALSE;
  return TRUE;
}

static gboolean
is_dns1123_subdomain (const char *s)
{
  g_auto(GStrv) labels = NULL;

  if (strlen (s) == 0 || strlen (s) > 253)
    return FALSE;
  labels = g_strsplit (s, ".", -1);
  for (guint i = 0; labels[i]; i++)
    if (!is_dns1123_label (labels[i], FALSE))
      return FALSE;
  return TRUE;
}

/* Checks metadata.name as the API server's ValidateObjectMeta does. */
static gboolean
check_name (KfSimRequest *req,
            JsonNode     *object)
{
  const char *name = kf_sim_json_get_string (object, "metadata.name");
  g_autoptr(GPtrArray) causes = NULL;
  g_autofree char *message = NULL;
  const char *resource = req->type->plural;

  if (name == NULL || *name == '\0')
    {
      if (kf_sim_json_get_string (object, "metadata.generateName") != NULL)
        return TRUE;
      causes = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_schema_cause_free);
      add_cause (causes, "FieldValueRequired", "metadata.name", "Required value: name or generateName is required");
      respond_invalid (req, "", causes);
      return FALSE;
    }
  if (g_str_equal (resource, "namespaces") && !is_dns1123_label (name, FALSE))
    message = g_strdup_printf ("Invalid value: \"%s\": a lowercase RFC 1123 label must consist of lower case "
                               "alphanumeric characters or '-', and must start and end with an alphanumeric "
                               "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                               "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')", name);
  else if (g_str_equal (resource, "services") && !is_dns1123_label (name, TRUE))
    message = g_strdup_printf ("Invalid value: \"%s\": a DNS-1035 label must consist of lower case alphanumeric "
                               "characters or '-', start with an alphabetic character, and end with an "
                               "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation "
                               "is '[a-z]([-a-z0-9]*[a-z0-9])?')", name);
  else if (!g_str_equal (resource, "namespaces") && !g_str_equal (resource, "services") &&
           !g_str_equal (resource, "clusterroles") && !g_str_equal (resource, "roles") &&
           !g_str_equal (resource, "clusterrolebindings") && !g_str_equal (resource, "rolebindings") &&
           !is_dns1123_subdomain (name))
    message = g_strdup_printf ("Invalid value: \"%s\": a lowercase RFC 1123 subdomain must consist of lower case "
                               "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
                               "character (e.g. 'example.com', regex used for validation is "
                               "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", name);
  if (message == NULL)
    return TRUE;
  causes = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_schema_cause_free);
  add_cause (causes, "FieldValueInvalid", "metadata.name", message);
  respond_invalid (req, name, causes);
  return FALSE;
}

/* ---- bodies ---- */

static JsonNode *
read_body (KfSimRequest *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  const char *ctype = soup_message_headers_get_content_type (soup_server_message_get_request_headers (req->msg), NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (ctype != NULL && g_str_equal (ctype, "application/vnd.kubernetes.protobuf"))
    {
      node = kf_sim_protobuf_decode ((const guint8 *) data, len);
      if (node == NULL)
        kf_sim_respond_status (req->msg, 415, "UnsupportedMediaType",
                               "the body of the request was in an unknown format - accepted media types include: "
                               "application/json, application/yaml", NULL);
      return node;
    }
  if (ctype != NULL && (g_str_has_suffix (ctype, "yaml")))
    node = kf_yaml_parse (data ? data : "", len, &error);
  else
    node = kf_sim_json_from_data (data, len, &error);
  if (node == NULL)
    {
      g_autofree char *message = g_strdup_printf ("the request body could not be decoded: %s", error->message);
      bad_request (req, message);
    }
  return node;
}

void
kf_sim_present (KfSimResourceType *type,
                JsonNode          *object)
{
  JsonObject *o = json_node_get_object (object);
  g_autofree char *gv = *type->group ? g_strconcat (type->group, "/", type->version, NULL)
                                     : g_strdup (type->version);

  json_object_set_string_member (o, "apiVersion", gv);
  json_object_set_string_member (o, "kind", type->kind);
}

static void
respond_object (KfSimRequest *req,
                guint         status,
                JsonNode     *object)
{
  kf_sim_present (req->type, object);
  if (req->want_table && g_str_equal (req->verb, "get"))
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autoptr(JsonNode) table = NULL;

      g_ptr_array_add (one, object);
      table = kf_sim_table_new (req->type, one, TRUE);
      kf_sim_respond_json (req->msg, status, table);
      return;
    }
  kf_sim_respond_json (req->msg, status, object);
}

/* Checks apiVersion/kind and namespace of a body against the URL; fills them in when absent. */
static gboolean
check_body (KfSimRequest *req,
            JsonNode     *object)
{
  JsonObject *o;
  const char *api_version, *kind, *ns;
  g_autofree char *gv = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (object))
    {
      bad_request (req, "the request body must be a JSON object");
      return FALSE;
    }
  o = json_node_get_object (object);
  gv = *req->type->group ? g_strconcat (req->type->group, "/", req->type->version, NULL)
                         : g_strdup (req->type->version);
  api_version = kf_sim_json_get_string (object, "apiVersion");
  kind = kf_sim_json_get_string (object, "kind");
  if (api_version != NULL && !g_str_equal (api_version, gv))
    {
      /* another served version of the same group is accepted (no conversion needed here) */
      const char *slash = strrchr (api_version, '/');
      g_autofree char *group = slash ? g_strndup (api_version, slash - api_version) : g_strdup ("");
      if (!g_str_equal (group, req->type->group) ||
          kf_sim_registry_lookup (req->server->registry, group, slash ? slash + 1 : api_version, req->type->plural) == NULL)
        {
          g_autofree char *message = g_strdup_printf ("the API version in the data (%s) does not match the "
                                                      "expected API version (%s)", api_version, gv);
          bad_request (req, message);
          return FALSE;
        }
    }
  if (kind != NULL && !g_str_equal (kind, req->type->kind))
    {
      g_autofree char *message = g_strdup_printf ("the kind in the data (%s) does not match the expected kind (%s)",
                                                  kind, req->type->kind);
      bad_request (req, message);
      return FALSE;
    }
  if (api_version == NULL)
    json_object_set_string_member (o, "apiVersion", gv);
  if (kind == NULL)
    json_object_set_string_member (o, "kind", req->type->kind);
  if (!JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "metadata") ? json_object_get_member (o, "metadata") : object))
    {
      bad_request (req, "metadata must be an object");
      return FALSE;
    }
  ns = kf_sim_json_get_string (object, "metadata.namespace");
  if (req->type->namespaced && ns != NULL && *ns && g_strcmp0 (ns, req->ns) != 0)
    {
      bad_request (req, "the namespace of the provided object does not match the namespace sent on the request");
      return FALSE;
    }
  return TRUE;
}

/* Defaulting, pruning and validation of a custom resource (see kf-schema.h). */
static gboolean
check_custom (KfSimRequest *req,
              JsonNode     *object)
{
  g_autoptr(GPtrArray) pruned = NULL;
  g_autoptr(GPtrArray) causes = NULL;
  const char *validation = kf_sim_request_query (req, "fieldValidation");
  JsonNode *schema = req->type->schema;

  if (req->type->crd == NULL || schema == NULL)
    return TRUE;
  kf_schema_apply_defaults (schema, object);
  if (kf_schema_prune (schema, object, &pruned) > 0 && validation != NULL)
    {
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < pruned->len; i++)
        g_string_append_printf (s, "%sunknown field \"%s\"", i ? ", " : "", (char *) pruned->pdata[i]);
      if (g_str_equal (validation, "Strict"))
        {
          g_autofree char *message = g_strdup_printf ("strict decoding error: %s", s->str);
          g_string_free (s, TRUE);
          bad_request (req, message);
          return FALSE;
        }
      if (g_str_equal (validation, "Warn"))
        for (guint i = 0; i < pruned->len; i++)
          {
            g_autofree char *warning = g_strdup_printf ("299 - \"unknown field \\\"%s\\\"\"", (char *) pruned->pdata[i]);
            soup_message_headers_append (soup_server_message_get_response_headers (req->msg), "Warning", warning);
          }
      g_string_free (s, TRUE);
    }
  if (!kf_schema_validate (schema, object, &causes))
    {
      respond_invalid (req, kf_sim_json_get_string (object, "metadata.name"), causes);
      return FALSE;
    }
  return TRUE;
}

static gboolean
namespace_exists (KfSimRequest *req)
{
  g_autoptr(JsonNode) ns = NULL;
  g_autofree char *message = NULL;

  if (!req->type->namespaced)
    return TRUE;
  ns = kf_sim_store_get (req->server->store, "namespaces", NULL, req->ns, NULL);
  if (ns != NULL)
    return TRUE;
  message = g_strdup_printf ("namespaces \"%s\" not found", req->ns);
  {
    JsonObject *d = json_object_new ();
    json_object_set_string_member (d, "name", req->ns);
    json_object_set_string_member (d, "kind", "namespaces");
    kf_sim_respond_status (req->msg, 404, "NotFound", message, json_node_init_object (json_node_alloc (), d));
  }
  return FALSE;
}

static gboolean
dry_run (KfSimRequest *req)
{
  const char *d = kf_sim_request_query (req, "dryRun");
  return d != NULL && g_str_equal (d, "All");
}

/* ---- verbs ---- */

static void
handle_get (KfSimRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) object = kf_sim_store_get (req->server->store, req->type->store_key, req->ns, req->name, &error);

  if (object == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }
  respond_object (req, 200, object);
}

static void
handle_list (KfSimRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *start = NULL;
  g_autofree char *next = NULL;
  g_autofree char *list_rv = NULL;
  const char *limit_s = kf_sim_request_query (req, "limit");
  const char *cont = kf_sim_request_query (req, "continue");
  guint64 limit = limit_s ? g_ascii_strtoull (limit_s, NULL, 10) : 0;
  guint64 rv = kf_sim_store_get_revision (req->server->store);
  guint remaining = 0;
  g_autoptr(JsonNode) list = NULL;
  JsonObject *o, *meta;

  if (cont != NULL && *cont)
    {
      start = kf_sim_json_continue_decode (cont, &rv);
      if (start == NULL)
        {
          bad_request (req, "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
          return;
        }
    }
  items = kf_sim_store_list_page_sealed (req->server->store, req->type->store_key, req->ns,
                                  kf_sim_request_query (req, "labelSelector"),
                                  kf_sim_request_query (req, "fieldSelector"),
                                  start, (guint) MIN (limit, G_MAXUINT), &next, &remaining, &error);
  if (items == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }
  /* the stored nodes are shared and immutable: copy only those served under another version */
  {
    g_autofree char *gv = *req->type->group ? g_strconcat (req->type->group, "/", req->type->version, NULL)
                                            : g_strdup (req->type->version);
    for (guint i = 0; i < items->len; i++)
      {
        JsonNode *item = items->pdata[i];
        if (g_strcmp0 (kf_sim_json_get_string (item, "apiVersion"), gv) != 0 ||
            g_strcmp0 (kf_sim_json_get_string (item, "kind"), req->type->kind) != 0)
          {
            JsonNode *copy = kf_sim_json_copy (item);
            kf_sim_present (req->type, copy);
            items->pdata[i] = copy;
            json_node_unref (item);
          }
      }
  }

  list_rv = g_strdup_printf ("%" G_GUINT64_FORMAT, rv);
  if (req->want_table)
    {
      list = kf_sim_table_new (req->type, items, TRUE);
      meta = kf_sim_json_ensure_object (list, "metadata");
    }
  else
    {
      JsonArray *arr = json_array_sized_new (items->len);
      g_autofree char *gv = *req->type->group ? g_strconcat (req->type->group, "/", req->type->version, NULL)
                                              : g_strdup (req->type->version);
      g_autofree char *kind = g_strconcat (req->type->kind, "List", NULL);

      list = json_node_init_object (json_node_alloc (), json_object_new ());
      o = json_node_get_object (list);
      json_object_set_string_member (o, "kind", kind);
      json_object_set_string_member (o, "apiVersion", gv);
      meta = kf_sim_json_ensure_object (list, "metadata");
      for (guint i = 0; i < items->len; i++)
        json_array_add_element (arr, json_node_ref (items->pdata[i]));
      json_object_set_array_member (o, "items", arr);
    }
  json_object_set_string_member (meta, "resourceVersion", list_rv);
  if (next != NULL)
    {
      g_autofree char *token = kf_sim_json_continue_encode (rv, next);
      json_object_set_string_member (meta, "continue", token);
      json_object_set_int_member (meta, "remainingItemCount", remaining);
    }
  kf_sim_respond_json (req->msg, 200, list);
}

static void
handle_create (KfSimRequest *req)
{
  g_autoptr(JsonNode) body = read_body (req);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(GError) error = NULL;

  if (body == NULL || !check_body (req, body) || !namespace_exists (req) || !check_name (req, body))
    return;
  if (req->type->crd != NULL && req->type->has_status)
    json_object_remove_member (json_node_get_object (body), "status");
  if (g_str_equal (req->type->store_key, "namespaces"))
    {
      /* what the namespace controller and admission add */
      const char *name = kf_sim_json_get_string (body, "metadata.name");
      if (name != NULL)
        json_object_set_string_member (kf_sim_json_ensure_object (body, "metadata.labels"),
                                       "kubernetes.io/metadata.name", name);
      json_object_set_string_member (kf_sim_json_ensure_object (body, "status"), "phase", "Active");
    }
  if (!check_custom (req, body))
    return;
  if (req->server->reject_plural != NULL && g_str_equal (req->server->reject_plural, req->type->plural))
    {
      /* the fault switch: a validating webhook or CEL rule said no, once */
      g_autoptr(GPtrArray) causes = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_schema_cause_free);

      add_cause (causes, "FieldValueInvalid", req->server->reject_field, req->server->reject_message);
      g_clear_pointer (&req->server->reject_plural, g_free);
      respond_invalid (req, kf_sim_json_get_string (body, "metadata.name"), causes);
      return;
    }
  if (g_str_equal (req->type->store_key, "customresourcedefinitions.apiextensions.k8s.io"))
    {
      g_autoptr(GPtrArray) causes = NULL;
      if (!kf_sim_registry_check_crd (req->server->registry, body, &causes))
        {
          respond_invalid (req, kf_sim_json_get_string (body, "metadata.name"), causes);
          return;
        }
    }
  if (dry_run (req))
    {
      respond_object (req, 201, body);
      return;
    }
  created = kf_sim_store_create (req->server->store, req->type->store_key, req->type->namespaced ? req->ns : NULL,
                                 body, &error);
  if (created == NULL)
    {
      g_free (req->name);
      req->name = g_strdup (kf_sim_json_get_string (body, "metadata.name"));
      kf_sim_respond_store_error (req, error);
      return;
    }
  respond_object (req, 201, created);
}

/* Stores @object as an update of req->name; answers the request. */
static void
store_update (KfSimRequest *req,
              JsonNode     *object,
              gboolean      status_only)
{
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = kf_sim_json_get_string (object, "metadata.name");

  if (name == NULL || !g_str_equal (name, req->name))
    {
      g_autofree char *message = g_strdup_printf ("the name of the object (%s) does not match the name on the URL (%s)",
                                                  name ? name : "", req->name);
      bad_request (req, message);
      return;
    }
  if (status_only)
    {
      /* validate what will be stored: the stored object with the new status */
      g_autoptr(JsonNode) current = kf_sim_store_get (req->server->store, req->type->store_key,
                                                      req->type->namespaced ? req->ns : NULL, req->name, &error);
      JsonNode *status, *rv;

      if (current == NULL)
        {
          kf_sim_respond_store_error (req, error);
          return;
        }
      status = kf_sim_json_lookup (object, "status");
      rv = kf_sim_json_lookup (object, "metadata.resourceVersion");
      if (status != NULL)
        json_object_set_member (json_node_get_object (current), "status", kf_sim_json_copy (status));
      else
        json_object_remove_member (json_node_get_object (current), "status");
      if (rv != NULL)
        json_object_set_member (kf_sim_json_ensure_object (current, "metadata"), "resourceVersion", kf_sim_json_copy (rv));
      kf_sim_present (req->type, current);
      if (!check_custom (req, current))
        return;
      updated = kf_sim_store_update (req->server->store, req->type->store_key, req->type->namespaced ? req->ns : NULL,
                                     current, TRUE, &error);
      if (updated == NULL)
        kf_sim_respond_store_error (req, error);
      else
        respond_object (req, 200, updated);
      return;
    }
  if (!check_custom (req, object))
    return;
  if (dry_run (req))
    {
      respond_object (req, 200, object);
      return;
    }
  updated = kf_sim_store_update (req->server->store, req->type->store_key, req->type->namespaced ? req->ns : NULL,
                                 object, status_only, &error);
  if (updated == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }
  respond_object (req, 200, updated);
}

static void
handle_update (KfSimRequest *req,
               gboolean      status_only)
{
  g_autoptr(JsonNode) body = read_body (req);

  if (body == NULL || !check_body (req, body))
    return;
  store_update (req, body, status_only);
}

/* Applies the request's patch to @current; NULL after answering on error. */
static JsonNode *
apply_patch (KfSimRequest *req,
             JsonNode     *current)
{
  const char *ctype = soup_message_headers_get_content_type (soup_server_message_get_request_headers (req->msg), NULL);
  g_autoptr(JsonNode) patch = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *result = NULL;

  if (ctype == NULL || (!g_str_equal (ctype, "application/merge-patch+json") &&
                        !g_str_equal (ctype, "application/strategic-merge-patch+json") &&
                        !g_str_equal (ctype, "application/json-patch+json")) ||
      (g_str_equal (ctype, "application/strategic-merge-patch+json") && req->type->crd != NULL))
    {
      g_autofree char *message = g_strdup_printf ("the body of the request was in an unknown format - accepted media "
                                                  "types include: application/json-patch+json, "
                                                  "application/merge-patch+json%s",
                                                  req->type->crd ? "" : ", application/strategic-merge-patch+json");
      kf_sim_respond_status (req->msg, 415, "UnsupportedMediaType", message, NULL);
      return NULL;
    }
  patch = read_body (req);
  if (patch == NULL)
    return NULL;
  if (g_str_equal (ctype, "application/json-patch+json"))
    {
      result = kf_sim_json_patch (current, patch, &error);
      if (result == NULL)
        {
          g_autofree char *message = g_strdup_printf ("the server rejected our request due to an error in our request: %s",
                                                      error->message);
          kf_sim_respond_status (req->msg, 422, "Invalid", message, NULL);
        }
      return result;
    }
  if (!JSON_NODE_HOLDS_OBJECT (patch))
    {
      bad_request (req, "a merge patch must be a JSON object");
      return NULL;
    }
  if (g_str_equal (ctype, "application/merge-patch+json"))
    return kf_sim_json_merge_patch (current, patch);
  return kf_sim_json_strategic_merge (current, patch);
}

static void
handle_patch (KfSimRequest *req,
              gboolean      status_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) current = kf_sim_store_get (req->server->store, req->type->store_key, req->ns, req->name, &error);
  g_autoptr(JsonNode) patched = NULL;

  if (current == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }
  kf_sim_present (req->type, current);
  patched = apply_patch (req, current);
  if (patched == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (patched))
    {
      bad_request (req, "the patch turned the object into something else than an object");
      return;
    }
  store_update (req, patched, status_only);
}

static void
handle_delete (KfSimRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  gboolean gone = FALSE;
  gint64 grace;

  if (dry_run (req))
    {
      handle_get (req);
      return;
    }
  current = kf_sim_store_get (req->server->store, req->type->store_key, req->ns, req->name, &error);
  if (current == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }
  grace = kf_sim_grace_period (req, current);
  deleted = kf_sim_store_delete_graceful (req->server->store, req->type->store_key, req->ns, req->name, grace,
                                          &gone, &error);
  if (deleted == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }
  /* a terminating pod: the simulated kubelet takes its grace period (in simulated time) */
  if (!gone && g_str_equal (req->type->store_key, "pods") && grace > 0)
    kf_sim_grace_schedule (req->server, deleted, grace);
  respond_object (req, 200, deleted);
}

static void
handle_delete_collection (KfSimRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = kf_sim_store_list (req->server->store, req->type->store_key, req->ns,
                                                  kf_sim_request_query (req, "labelSelector"),
                                                  kf_sim_request_query (req, "fieldSelector"), &error);
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *kind = NULL;
  JsonArray *arr;

  if (items == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }
  arr = json_array_new ();
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(JsonNode) gone = kf_sim_store_delete (req->server->store, req->type->store_key,
                                                      kf_sim_json_get_string (items->pdata[i], "metadata.namespace"),
                                                      kf_sim_json_get_string (items->pdata[i], "metadata.name"), NULL);
      if (gone != NULL)
        {
          kf_sim_present (req->type, gone);
          json_array_add_element (arr, g_steal_pointer (&gone));
        }
    }
  list = json_node_init_object (json_node_alloc (), json_object_new ());
  kind = g_strconcat (req->type->kind, "List", NULL);
  json_object_set_string_member (json_node_get_object (list), "kind", kind);
  json_object_set_string_member (json_node_get_object (list), "apiVersion",
                                 *req->type->group ? req->type->group : "v1");
  json_object_set_array_member (json_node_get_object (list), "items", arr);
  kf_sim_respond_json (req->msg, 200, list);
}

/* ---- scale ---- */

static JsonNode *
get_path (JsonNode   *object,
          const char *path)
{
  return kf_sim_json_lookup (object, path && path[0] == '.' ? path + 1 : path);
}

static JsonNode *
scale_of (KfSimRequest *req,
          JsonNode     *object)
{
  g_autoptr(JsonNode) scale = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *o = json_node_get_object (scale);
  JsonObject *meta = kf_sim_json_ensure_object (scale, "metadata");
  JsonNode *spec = get_path (object, req->type->spec_replicas_path);
  JsonNode *status = get_path (object, req->type->status_replicas_path);
  JsonNode *selector = get_path (object, req->type->label_selector_path);
  const char *fields[] = { "name", "namespace", "uid", "resourceVersion", "creationTimestamp", NULL };

  json_object_set_string_member (o, "kind", "Scale");
  json_object_set_string_member (o, "apiVersion", "autoscaling/v1");
  for (guint i = 0; fields[i]; i++)
    {
      JsonNode *v = kf_sim_json_lookup (kf_sim_json_lookup (object, "metadata"), fields[i]);
      if (v != NULL)
        json_object_set_member (meta, fields[i], kf_sim_json_copy (v));
    }
  json_object_set_int_member (kf_sim_json_ensure_object (scale, "spec"), "replicas",
                              spec && JSON_NODE_HOLDS_VALUE (spec) ? json_node_get_int (spec) : 0);
  json_object_set_int_member (kf_sim_json_ensure_object (scale, "status"), "replicas",
                              status && JSON_NODE_HOLDS_VALUE (status) ? json_node_get_int (status) : 0);
  if (selector != NULL && JSON_NODE_HOLDS_VALUE (selector))
    json_object_set_string_member (kf_sim_json_ensure_object (scale, "status"), "selector",
                                   json_node_get_string (selector));
  return g_steal_pointer (&scale);
}

static void
handle_scale (KfSimRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) object = kf_sim_store_get (req->server->store, req->type->store_key, req->ns, req->name, &error);
  g_autoptr(JsonNode) scale = NULL;
  g_autoptr(JsonNode) wanted = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autofree char *path = NULL;
  char *dot;
  JsonNode *replicas;

  if (object == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }
  scale = scale_of (req, object);
  if (g_str_equal (req->verb, "get"))
    {
      kf_sim_respond_json (req->msg, 200, scale);
      return;
    }
  if (g_str_equal (req->verb, "update"))
    wanted = read_body (req);
  else if (g_str_equal (req->verb, "patch"))
    wanted = apply_patch (req, scale);
  else
    {
      kf_sim_respond_status (req->msg, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource", NULL);
      return;
    }
  if (wanted == NULL)
    return;
  replicas = kf_sim_json_lookup (wanted, "spec.replicas");
  if (replicas == NULL || !JSON_NODE_HOLDS_VALUE (replicas) || json_node_get_value_type (replicas) != G_TYPE_INT64 ||
      json_node_get_int (replicas) < 0)
    {
      g_autoptr(GPtrArray) causes = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_schema_cause_free);
      add_cause (causes, "FieldValueInvalid", "spec.replicas", "Invalid value: must be greater than or equal to 0");
      respond_invalid (req, req->name, causes);
      return;
    }
  path = g_strdup (req->type->spec_replicas_path[0] == '.' ? req->type->spec_replicas_path + 1
                                                           : req->type->spec_replicas_path);
  dot = strrchr (path, '.');
  if (dot != NULL)
    {
      *dot = '\0';
      json_object_set_int_member (kf_sim_json_ensure_object (object, path), dot + 1, json_node_get_int (replicas));
    }
  else
    json_object_set_int_member (json_node_get_object (object), path, json_node_get_int (replicas));
  updated = kf_sim_store_update (req->server->store, req->type->store_key, req->ns, object, FALSE, &error);
  if (updated == NULL)
    {
      kf_sim_respond_store_error (req, error);
      return;
    }
  g_clear_pointer (&scale, json_node_unref);
  scale = scale_of (req, updated);
  kf_sim_respond_json (req->msg, 200, scale);
}

/* ---- entry point ---- */

static void
service_unavailable (KfSimRequest *req,
                     const char   *what)
{
  g_autofree char *message = g_strdup_printf ("%s is not available: the simulated operators are not running", what);
  kf_sim_respond_status (req->msg, 503, "ServiceUnavailable", message, NULL);
}

static void
handle_proxy_or_log (KfSimRequest *req)
{
#ifdef KF_SIM_HAVE_OPERATORS
  KfSimOperators *ops = (KfSimOperators *) req->server->operators;

  if (ops != NULL && g_str_equal (req->subresource, "log") && g_str_equal (req->resource, "pods"))
    {
      kf_sim_operators_handle_log (ops, req->msg, req->ns, req->name, req->query);
      return;
    }
  if (ops != NULL && g_str_equal (req->subresource, "proxy") &&
      (g_str_equal (req->resource, "services") || g_str_equal (req->resource, "pods")))
    {
      g_autofree char *name = g_strdup (req->name);
      char *colon = strchr (name, ':');
      const char *port = NULL;

      if (colon != NULL)
        {
          *colon = '\0';
          port = colon + 1;
        }
      if (g_str_equal (req->resource, "pods"))
        kf_sim_operators_handle_pod_proxy (ops, req->msg, req->ns, name, port, req->rest ? req->rest : "/");
      else
        kf_sim_operators_handle_proxy (ops, req->msg, req->ns, name, port, req->rest ? req->rest : "/");
      return;
    }
#endif
  service_unavailable (req, g_str_equal (req->subresource, "log") ? "pods/log" : "the service proxy");
}

void
kf_sim_handle_resource (KfSimRequest *req)
{
  KfSimResourceType *type = kf_sim_registry_lookup (req->server->registry, req->group, req->version, req->resource);
  KfSimAttributes attrs = { 0 };
  const char *sub = req->subresource;

  if (type == NULL || (!type->namespaced && req->ns != NULL))
    {
      kf_sim_respond_status (req->msg, 404, "NotFound", "the server could not find the requested resource", NULL);
      return;
    }
  req->type = type;
  req->want_table = kf_sim_table_wanted (req->msg);

  attrs.verb = req->verb;
  if (sub != NULL && g_str_equal (sub, "proxy"))
    attrs.verb = g_str_equal (req->method, "GET") ? "get" : g_str_equal (req->method, "POST") ? "create" : req->verb;
  attrs.group = type->group;
  attrs.resource = type->plural;
  attrs.subresource = sub;
  attrs.ns = req->ns;
  attrs.name = req->name;
  if (!(g_str_equal (type->plural, "selfsubjectaccessreviews") || g_str_equal (type->plural, "selfsubjectreviews")) &&
      !kf_sim_auth_allows (req->user, &attrs))
    {
      g_autofree char *message = kf_sim_auth_forbidden_message (req->user, &attrs);
      kf_sim_respond_status (req->msg, 403, "Forbidden", message, details_for (req, req->name, NULL));
      return;
    }

  if (!type->stored)
    {
      g_autoptr(JsonNode) body = NULL;

      if (!g_str_equal (req->verb, "create"))
        {
          kf_sim_respond_status (req->msg, 405, "MethodNotAllowed",
                                 "the server does not allow this method on the requested resource", NULL);
          return;
        }
      body = read_body (req);
      if (body != NULL)
        kf_sim_handle_review (req, body);
      return;
    }

  if (sub != NULL)
    {
      if (!g_strv_contains ((const char * const *) type->subresources, sub) || req->name == NULL)
        kf_sim_respond_status (req->msg, 404, "NotFound", "the server could not find the requested resource", NULL);
      else if (g_str_equal (sub, "log") || g_str_equal (sub, "proxy"))
        handle_proxy_or_log (req);
      else if (g_str_equal (sub, "status") && g_str_equal (req->verb, "get"))
        handle_get (req);
      else if (g_str_equal (sub, "status") && g_str_equal (req->verb, "update"))
        handle_update (req, TRUE);
      else if (g_str_equal (sub, "status") && g_str_equal (req->verb, "patch"))
        handle_patch (req, TRUE);
      else if (g_str_equal (sub, "scale"))
        handle_scale (req);
      else
        kf_sim_respond_status (req->msg, 405, "MethodNotAllowed",
                               "the server does not allow this method on the requested resource", NULL);
      return;
    }

  if (g_str_equal (req->verb, "get"))
    handle_get (req);
  else if (g_str_equal (req->verb, "list"))
    handle_list (req);
  else if (g_str_equal (req->verb, "watch"))
    kf_sim_watch_start (req);
  else if (g_str_equal (req->verb, "create") && req->name == NULL)
    handle_create (req);
  else if (g_str_equal (req->verb, "update") && req->name != NULL)
    handle_update (req, FALSE);
  else if (g_str_equal (req->verb, "patch") && req->name != NULL)
    handle_patch (req, FALSE);
  else if (g_str_equal (req->verb, "delete"))
    handle_delete (req);
  else if (g_str_equal (req->verb, "deletecollection"))
    handle_delete_collection (req);
  else
    kf_sim_respond_status (req->msg, 405, "MethodNotAllowed",
                           "the server does not allow this method on the requested resource", NULL);
}
