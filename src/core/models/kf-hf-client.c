/* kf-hf-client.c: the HuggingFace Hub API (search, model info, config, whoami)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-hf-client"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "kf-hf-client.h"
#include "kf-hf-model.h"

G_DEFINE_QUARK (kf-hf-error-quark, kf_hf_error)

/* Answers larger than this are not a model listing: refuse them. */
#define MAX_BODY (64 * 1024 * 1024)

/* What a search result needs (Hub API `expand[]`; the expandable keys are
 * listed in @huggingface/hub list-models.ts MODEL_EXPANDABLE_KEYS). */
static const char *const search_expand[] = {
  "author", "downloads", "likes", "gated", "pipeline_tag", "library_name",
  "tags", "config", "safetensors", "lastModified", NULL
};

struct _KfHfClient
{
  GObject      parent_instance;

  char        *endpoint;    /* no trailing slash */
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (KfHfClient, kf_hf_client, G_TYPE_OBJECT)

typedef enum
{
  REQUEST_SEARCH,
  REQUEST_MODEL,
  REQUEST_CONFIG,
  REQUEST_WHOAMI,
  REQUEST_TOKEN,
} RequestKind;

typedef struct
{
  RequestKind  kind;
  SoupMessage *msg;
  char        *model_id;
  gboolean     with_token;
} RequestData;

static void
request_data_free (gpointer data)
{
  RequestData *r = data;

  g_clear_object (&r->msg);
  g_free (r->model_id);
  g_free (r);
}

void
kf_hf_search_page_free (KfHfSearchPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->models, g_ptr_array_unref);
  g_free (page->next_url);
  g_free (page);
}

void
kf_hf_user_free (KfHfUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user->fullname);
  g_free (user->email);
  g_free (user->avatar_url);
  g_free (user);
}

static void
kf_hf_client_finalize (GObject *object)
{
  KfHfClient *self = KF_HF_CLIENT (object);

  g_free (self->endpoint);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (kf_hf_client_parent_class)->finalize (object);
}

static void
kf_hf_client_class_init (KfHfClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_hf_client_finalize;
}

static void
kf_hf_client_init (KfHfClient *self)
{
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "user-agent", "KubeFoundry/" PACKAGE_VERSION,
                                                 NULL);
}

KfHfClient *
kf_hf_client_new (const char *endpoint)
{
  KfHfClient *self = g_object_new (KF_TYPE_HF_CLIENT, NULL);
  const char *env = g_getenv ("HF_ENDPOINT");

  if (endpoint == NULL || *endpoint == '\0')
    endpoint = (env && *env) ? env : KF_HF_DEFAULT_ENDPOINT;
  self->endpoint = g_strdup (endpoint);
  while (g_str_has_suffix (self->endpoint, "/"))
    self->endpoint[strlen (self->endpoint) - 1] = '\0';
  return self;
}

const char *
kf_hf_client_get_endpoint (KfHfClient *self)
{
  g_return_val_if_fail (KF_IS_HF_CLIENT (self), NULL);
  return self->endpoint;
}

void
kf_hf_client_set_timeout (KfHfClient *self,
                          guint       seconds)
{
  g_return_if_fail (KF_IS_HF_CLIENT (self));
  soup_session_set_timeout (self->session, seconds);
}

gboolean
kf_hf_model_id_is_valid (const char *model_id)
{
  guint slashes = 0;

  if (model_id == NULL || *model_id == '\0' || strlen (model_id) > 200)
    return FALSE;
  for (const char *p = model_id; *p; p++)
    {
      if (*p == '/')
        {
          if (++slashes > 1 || p == model_id || p[1] == '\0')
            return FALSE;
          continue;
        }
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        return FALSE;
    }
  /* No "." or ".." path segments. */
  return strstr (model_id, "..") == NULL && !g_str_has_prefix (model_id, ".") && strstr (model_id, "/.") == NULL;
}

char *
kf_hf_parse_link_next (const char *link_header)
{
  const char *p = link_header;

  if (link_header == NULL)
    return NULL;

  /* link-value = "<" URI ">" *( ";" link-param ), separated by commas; a
   * URI may itself contain commas, so scan by angle brackets. */
  while ((p = strchr (p, '<')) != NULL)
    {
      const char *end = strchr (p, '>');
      const char *params, *next;
      g_autofree char *param_text = NULL;
      g_auto(GStrv) parts = NULL;

      if (end == NULL)
        return NULL;
      params = end + 1;
      next = strchr (params, '<');
      param_text = next ? g_strndup (params, (gsize) (next - params)) : g_strdup (params);
      parts = g_strsplit_set (param_text, ";,", -1);
      for (guint i = 0; parts[i]; i++)
        {
          g_autofree char *t = g_strstrip (g_strdup (parts[i]));
          if (g_ascii_strcasecmp (t, "rel=\"next\"") == 0 || g_ascii_strcasecmp (t, "rel=next") == 0)
            return g_strndup (p + 1, (gsize) (end - p - 1));
        }
      p = end + 1;
    }
  return NULL;
}

char *
kf_hf_client_build_search_url (KfHfClient *self,
                               const char *query,
                               guint       limit)
{
  g_autoptr(GString) url = g_string_new (self->endpoint);
  g_autofree char *q = g_uri_escape_string (query ? query : "", NULL, FALSE);

  g_string_append_printf (url, "/api/models?search=%s&filter=text-generation&sort=downloads&direction=-1&limit=%u",
                          q, CLAMP (limit, 1, 1000));
  for (guint i = 0; search_expand[i]; i++)
    g_string_append_printf (url, "&expand%%5B%%5D=%s", search_expand[i]);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

/* ---- errors ------------------------------------------------------------ */

/* Seconds to wait from Retry-After (delta-seconds or an HTTP date); -1 if absent. */
static gint64
retry_after_seconds (SoupMessage *msg)
{
  const char *v = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  char *end = NULL;
  gint64 s;

  if (v == NULL)
    return -1;
  s = g_ascii_strtoll (v, &end, 10);
  if (end != v && *end == '\0' && s >= 0)
    return s;
  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (v);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    if (when != NULL)
      return MAX (g_date_time_difference (when, now) / G_TIME_SPAN_SECOND, 0);
  }
  return -1;
}

/* The Hub's own explanation (X-Error-Message), printable ASCII, shortened. */
static char *
hub_message (SoupMessage *msg)
{
  const char *v = soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Error-Message");
  GString *s;

  if (v == NULL || *v == '\0')
    return NULL;
  s = g_string_new (NULL);
  for (const char *p = v; *p && s->len < 300; p++)
    g_string_append_c (s, g_ascii_isprint (*p) ? *p : ' ');
  return g_string_free (s, FALSE);
}

static GError *
http_error (KfHfClient  *self,
            RequestData *r)
{
  guint status = soup_message_get_status (r->msg);
  const char *code = soup_message_headers_get_one (soup_message_get_response_headers (r->msg), "X-Error-Code");
  g_autofree char *hub = hub_message (r->msg);
  const char *what = r->model_id ? r->model_id : "HuggingFace";
  g_autofree char *detail = hub ? g_strdup_printf (" (HuggingFace says: %s)", hub) : g_strdup ("");

  if (status == SOUP_STATUS_NOT_FOUND || g_strcmp0 (code, "RepoNotFound") == 0 ||
      g_strcmp0 (code, "EntryNotFound") == 0)
    {
      if (r->kind == REQUEST_CONFIG)
        return g_error_new (KF_HF_ERROR, KF_HF_ERROR_NOT_FOUND,
                            "%s has no config.json on HuggingFace", what);
      return g_error_new (KF_HF_ERROR, KF_HF_ERROR_NOT_FOUND,
                          "Model %s was not found on HuggingFace (or it is private and you are not signed in)", what);
    }
  if (status == SOUP_STATUS_UNAUTHORIZED && r->kind == REQUEST_WHOAMI)
    return g_error_new (KF_HF_ERROR, KF_HF_ERROR_UNAUTHORIZED,
                        "HuggingFace rejected the token: paste a valid access token or sign in again%s", detail);
  if (status == SOUP_STATUS_UNAUTHORIZED && r->with_token)
    return g_error_new (KF_HF_ERROR, KF_HF_ERROR_UNAUTHORIZED,
                        "HuggingFace rejected the token for %s: sign in again%s", what, detail);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (KF_HF_ERROR, KF_HF_ERROR_AUTH_REQUIRED,
                        "%s is gated: you need to accept the license on %s/%s and sign in to HuggingFace",
                        what, self->endpoint, what);
  if (status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (KF_HF_ERROR, KF_HF_ERROR_GATED,
                        "You need to accept the license of %s on %s/%s before you can use it%s",
                        what, self->endpoint, what, detail);
  if (status == 429)
    {
      gint64 wait = retry_after_seconds (r->msg);
      if (wait >= 0)
        return g_error_new (KF_HF_ERROR, KF_HF_ERROR_RATE_LIMITED,
                            "HuggingFace is limiting requests: try again in %" G_GINT64_FORMAT " second%s",
                            wait, wait == 1 ? "" : "s");
      return g_error_new_literal (KF_HF_ERROR, KF_HF_ERROR_RATE_LIMITED,
                                  "HuggingFace is limiting requests: try again in a minute");
    }
  if (r->kind == REQUEST_TOKEN && status == SOUP_STATUS_BAD_REQUEST)
    return g_error_new (KF_HF_ERROR, KF_HF_ERROR_UNAUTHORIZED,
                        "HuggingFace refused the sign-in code: start the sign-in again%s", detail);
  return g_error_new (KF_HF_ERROR, KF_HF_ERROR_SERVER,
                      "HuggingFace answered %u %s%s", status,
                      soup_message_get_reason_phrase (r->msg) ? soup_message_get_reason_phrase (r->msg) : "",
                      detail);
}

/* ---- the request machinery --------------------------------------------- */

static JsonNode *
parse_json (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, &local))
    {
      g_set_error (error, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE,
                   "HuggingFace sent an answer that is not valid JSON%s%s",
                   local ? ": " : "", local ? local->message : " (empty body)");
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE,
                           "HuggingFace sent an empty JSON document");
      return NULL;
    }
  return json_node_copy (root);
}

static KfHfSearchPage *
parse_search (KfHfClient  *self,
              RequestData *r,
              JsonNode    *root,
              GError     **error)
{
  g_autoptr(KfHfSearchPage) page = g_new0 (KfHfSearchPage, 1);
  const char *link;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE,
                           "HuggingFace search did not answer with a list of models");
      return NULL;
    }
  page->models = g_ptr_array_new_with_free_func (g_object_unref);
  array = json_node_get_array (root);
  page->n_received = json_array_get_length (array);
  for (guint i = 0; i < page->n_received; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autoptr(KfModel) model = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      model = kf_model_new_from_hf_json (json_node_get_object (item), NULL);
      if (model && kf_hf_model_is_compatible (model, NULL))
        g_ptr_array_add (page->models, g_steal_pointer (&model));
    }

  link = soup_message_headers_get_one (soup_message_get_response_headers (r->msg), "Link");
  page->next_url = kf_hf_parse_link_next (link);
  /* Never follow a link (and send the token) off the endpoint. */
  if (page->next_url && !g_str_has_prefix (page->next_url, self->endpoint))
    {
      if (page->next_url[0] == '/')
        {
          char *abs = g_strconcat (self->endpoint, page->next_url, NULL);
          g_free (page->next_url);
          page->next_url = abs;
        }
      else
        g_clear_pointer (&page->next_url, g_free);
    }
  return g_steal_pointer (&page);
}

static KfHfUser *
parse_user (JsonNode  *root,
            GError   **error)
{
  KfHfUser *user;
  JsonObject *o;

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      json_object_get_string_member_with_default (json_node_get_object (root), "name", NULL) == NULL)
    {
      g_set_error_literal (error, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE,
                           "HuggingFace whoami answer has no user name");
      return NULL;
    }
  o = json_node_get_object (root);
  user = g_new0 (KfHfUser, 1);
  user->name = g_strdup (json_object_get_string_member_with_default (o, "name", NULL));
  user->fullname = g_strdup (json_object_get_string_member_with_default (o, "fullname", NULL));
  user->email = g_strdup (json_object_get_string_member_with_default (o, "email", NULL));
  user->avatar_url = g_strdup (json_object_get_string_member_with_default (o, "avatarUrl", NULL));
  return user;
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KfHfClient *self = g_task_get_source_object (task);
  RequestData *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, KF_HF_ERROR, KF_HF_ERROR_NETWORK,
                                 "Could not reach HuggingFace at %s: %s", self->endpoint, error->message);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (r->msg)))
    {
      g_task_return_error (task, http_error (self, r));
      return;
    }
  if (g_bytes_get_size (body) > MAX_BODY)
    {
      g_task_return_new_error (task, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE,
                               "HuggingFace sent an answer larger than %d MiB", MAX_BODY >> 20);
      return;
    }
  root = parse_json (body, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (r->kind)
    {
    case REQUEST_SEARCH:
      {
        KfHfSearchPage *page = parse_search (self, r, root, &error);
        if (page)
          g_task_return_pointer (task, page, (GDestroyNotify) kf_hf_search_page_free);
        else
          g_task_return_error (task, g_steal_pointer (&error));
      }
      break;
    case REQUEST_MODEL:
      {
        KfModel *model = NULL;
        if (JSON_NODE_HOLDS_OBJECT (root))
          model = kf_model_new_from_hf_json (json_node_get_object (root), NULL);
        if (model)
          g_task_return_pointer (task, model, g_object_unref);
        else
          g_task_return_new_error (task, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE,
                                   "HuggingFace's answer for %s is not a model", r->model_id);
      }
      break;
    case REQUEST_CONFIG:
      if (JSON_NODE_HOLDS_OBJECT (root))
        g_task_return_pointer (task, json_object_ref (json_node_get_object (root)), (GDestroyNotify) json_object_unref);
      else
        g_task_return_new_error (task, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE,
                                 "config.json of %s is not a JSON object", r->model_id);
      break;
    case REQUEST_WHOAMI:
      {
        KfHfUser *user = parse_user (root, &error);
        if (user)
          g_task_return_pointer (task, user, (GDestroyNotify) kf_hf_user_free);
        else
          g_task_return_error (task, g_steal_pointer (&error));
      }
      break;
    case REQUEST_TOKEN:
      {
        const char *token = JSON_NODE_HOLDS_OBJECT (root)
          ? json_object_get_string_member_with_default (json_node_get_object (root), "access_token", NULL) : NULL;
        if (token && *token)
          g_task_return_pointer (task, g_strdup (token), g_free);
        else
          g_task_return_new_error (task, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE,
                                   "HuggingFace's token answer has no access_token");
      }
      break;
    default:
      g_assert_not_reached ();
    }
}


static void
fail (KfHfClient          *self,
      gpointer             tag,
      GError              *error,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_return_error (task, error);
}

/* The one path of every call: builds the message for @url (a form body makes
 * it a POST), or fails @source_tag's task with a message naming the problem. */
static void
request (KfHfClient          *self,
         RequestKind          kind,
         const char          *url,
         const char          *form,
         const char          *model_id,
         const char          *token,
         GCancellable        *cancellable,
         gpointer             source_tag,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  SoupMessage *msg = soup_message_new (form != NULL ? SOUP_METHOD_POST : SOUP_METHOD_GET, url);
  GTask *task;
  RequestData *r;

  if (msg == NULL)
    {
      fail (self, source_tag,
            g_error_new (KF_HF_ERROR, KF_HF_ERROR_INVALID_ARGUMENT, "“%s” is not a valid HuggingFace address", url),
            callback, user_data);
      return;
    }
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, SOUP_FORM_MIME_TYPE_URLENCODED, body);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  r = g_new0 (RequestData, 1);
  r->kind = kind;
  r->msg = msg;
  r->model_id = g_strdup (model_id);
  r->with_token = token != NULL && *token != '\0';
  g_task_set_task_data (task, r, request_data_free);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (r->with_token)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable, send_cb, task);
}

/* A request about one model: ENDPOINT/PREFIX/MODEL_ID/SUFFIX. */
static void
model_request (KfHfClient          *self,
               RequestKind          kind,
               const char          *prefix,
               const char          *model_id,
               const char          *suffix,
               const char          *token,
               GCancellable        *cancellable,
               gpointer             source_tag,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autofree char *url = NULL;

  if (!kf_hf_model_id_is_valid (model_id))
    {
      fail (self, source_tag,
            g_error_new (KF_HF_ERROR, KF_HF_ERROR_INVALID_ARGUMENT,
                         "“%s” is not a HuggingFace model id (expected owner/name)", model_id ? model_id : ""),
            callback, user_data);
      return;
    }
  url = g_strconcat (self->endpoint, prefix, model_id, suffix, NULL);
  request (self, kind, url, NULL, model_id, token, cancellable, source_tag, callback, user_data);
}

void
kf_hf_client_search_async (KfHfClient          *self,
                           const char          *query,
                           guint                limit,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (KF_IS_HF_CLIENT (self));
  url = kf_hf_client_build_search_url (self, query, limit ? limit : 20);
  request (self, REQUEST_SEARCH, url, NULL, NULL, token, cancellable, kf_hf_client_search_async, callback, user_data);
}

void
kf_hf_client_search_next_async (KfHfClient          *self,
                                const char          *next_url,
                                const char          *token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (KF_IS_HF_CLIENT (self));
  /* Same tag as the first page: one _finish for both. */
  if (next_url == NULL || !g_str_has_prefix (next_url, self->endpoint))
    fail (self, kf_hf_client_search_async,
          g_error_new (KF_HF_ERROR, KF_HF_ERROR_INVALID_ARGUMENT, "The next page is not on %s", self->endpoint),
          callback, user_data);
  else
    request (self, REQUEST_SEARCH, next_url, NULL, NULL, token, cancellable, kf_hf_client_search_async,
             callback, user_data);
}

KfHfSearchPage *
kf_hf_client_search_finish (KfHfClient    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kf_hf_client_search_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kf_hf_client_get_model_async (KfHfClient          *self,
                              const char          *model_id,
                              const char          *token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KF_IS_HF_CLIENT (self));
  model_request (self, REQUEST_MODEL, "/api/models/", model_id, NULL, token, cancellable,
                 kf_hf_client_get_model_async, callback, user_data);
}

KfModel *
kf_hf_client_get_model_finish (KfHfClient    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kf_hf_client_get_config_async (KfHfClient          *self,
                               const char          *model_id,
                               const char          *token,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (KF_IS_HF_CLIENT (self));
  model_request (self, REQUEST_CONFIG, "/", model_id, "/resolve/main/config.json", token, cancellable,
                 kf_hf_client_get_config_async, callback, user_data);
}

JsonObject *
kf_hf_client_get_config_finish (KfHfClient    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kf_hf_client_whoami_async (KfHfClient          *self,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (KF_IS_HF_CLIENT (self));
  if (token == NULL || *token == '\0')
    {
      fail (self, kf_hf_client_whoami_async,
            g_error_new_literal (KF_HF_ERROR, KF_HF_ERROR_UNAUTHORIZED, "No HuggingFace token: sign in first"),
            callback, user_data);
      return;
    }
  url = g_strconcat (self->endpoint, "/api/whoami-v2", NULL);
  request (self, REQUEST_WHOAMI, url, NULL, NULL, token, cancellable, kf_hf_client_whoami_async, callback, user_data);
}

KfHfUser *
kf_hf_client_whoami_finish (KfHfClient    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kf_hf_client_exchange_code_async (KfHfClient          *self,
                                  const char          *client_id,
                                  const char          *code,
                                  const char          *redirect_uri,
                                  const char          *code_verifier,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *url = NULL;
  g_autofree char *form = NULL;

  g_return_if_fail (KF_IS_HF_CLIENT (self));
  url = g_strconcat (self->endpoint, "/oauth/token", NULL);
  form = soup_form_encode ("grant_type", "authorization_code",
                           "client_id", client_id ? client_id : "",
                           "code", code ? code : "",
                           "redirect_uri", redirect_uri ? redirect_uri : "",
                           "code_verifier", code_verifier ? code_verifier : "",
                           NULL);
  request (self, REQUEST_TOKEN, url, form, NULL, NULL, cancellable, kf_hf_client_exchange_code_async,
           callback, user_data);
}

char *
kf_hf_client_exchange_code_finish (KfHfClient    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
