/* test-hf-client.c: the HuggingFace client against a loopback Hub
 *
 * A SoupServer on 127.0.0.1 answers like the Hub with the real model-info
 * JSON of ../shared/fixtures/huggingface (search listings are built from
 * them, as the fixtures' SOURCES.md prescribes: no real listing exists
 * there), pages with Link headers, gates meta-llama's files, rate-limits,
 * sends broken JSON, or never answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "kf-hf-client.h"
#include "kf-hf-oauth.h"

#define GOOD_TOKEN "hf_good_token_123"
#define NO_ACCESS_TOKEN "hf_valid_but_no_access"

static const char *const fixture_files[] = {
  "model-info-HuggingFaceH4-zephyr-7b-beta.json",
  "model-info-google-bert-bert-base-uncased.json",
  "model-info-meta-llama-Llama-3.1-8B-Instruct.json",
  "model-info-meta-llama-Meta-Llama-3-70B-Instruct.json",
  "model-info-openai-community-gpt2.json",
  "model-info-sentence-transformers-paraphrase-albert-small-v2.json",
  "model-info-stabilityai-stable-diffusion-2-1.json",
};

/* Llama-3.1-8B-Instruct's published config.json (the numbers the fit uses). */
static const char llama_config[] =
  "{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":4096,\"num_hidden_layers\":32,"
  "\"num_attention_heads\":32,\"num_key_value_heads\":8,\"max_position_embeddings\":131072,"
  "\"model_type\":\"llama\",\"torch_dtype\":\"bfloat16\",\"vocab_size\":128256}";

typedef struct
{
  SoupServer *server;
  char       *base;            /* http://127.0.0.1:PORT */
  GPtrArray  *models;          /* JsonObject, sorted by downloads, descending */
  GPtrArray  *paused;          /* SoupServerMessage never answered */
  GHashTable *last_query;      /* of the last /api/models request */
  char       *last_raw_query;
  char       *last_auth;       /* Authorization of the last request (NULL if none) */
  guint       n_requests;
  GMainLoop  *loop;
  GAsyncResult *result;
} Hub;

static int
by_downloads (gconstpointer a,
              gconstpointer b)
{
  JsonObject *x = *(JsonObject * const *) a, *y = *(JsonObject * const *) b;
  gint64 dx = json_object_get_int_member_with_default (x, "downloads", 0);
  gint64 dy = json_object_get_int_member_with_default (y, "downloads", 0);

  return dx < dy ? 1 : dx > dy ? -1 : 0;
}

static JsonObject *
find_model (Hub        *hub,
            const char *id)
{
  for (guint i = 0; i < hub->models->len; i++)
    {
      JsonObject *o = g_ptr_array_index (hub->models, i);
      if (g_strcmp0 (json_object_get_string_member (o, "id"), id) == 0)
        return o;
    }
  return NULL;
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
respond_object (SoupServerMessage *msg,
                JsonNode          *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  respond_json (msg, 200, text);
}

static void
handle_search (Hub               *hub,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *search = query ? g_hash_table_lookup (query, "search") : NULL;
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint limit = limit_s ? (guint) g_ascii_strtoull (limit_s, NULL, 10) : 20;
  guint start = cursor ? (guint) g_ascii_strtoull (cursor, NULL, 10) : 0;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint i;

  if (g_strcmp0 (search, "ratelimit") == 0)
    {
      soup_message_headers_replace (headers, "Retry-After", "17");
      respond_json (msg, 429, "{\"error\":\"rate limited\"}");
      json_array_unref (array);
      return;
    }
  if (g_strcmp0 (search, "garbage") == 0)
    {
      respond_json (msg, 200, "[{\"id\": \"broken\", ");
      json_array_unref (array);
      return;
    }
  if (g_strcmp0 (search, "hang") == 0)
    {
      g_ptr_array_add (hub->paused, g_object_ref (msg));
      soup_server_message_pause (msg);
      json_array_unref (array);
      return;
    }

  for (i = 0; i < hub->models->len; i++)
    {
      JsonObject *o = g_ptr_array_index (hub->models, i);
      g_autofree char *id = g_ascii_strdown (json_object_get_string_member (o, "id"), -1);
      if (search == NULL || *search == '\0' || g_strcmp0 (search, "offsite") == 0 || strstr (id, search))
        g_ptr_array_add (matches, o);
    }
  for (i = start; i < matches->len && i < start + limit; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (matches, i)));
  json_node_take_array (out, array);

  if (i < matches->len)
    {
      g_autofree char *link = NULL;
      if (g_strcmp0 (search, "offsite") == 0)
        link = g_strdup_printf ("<http://evil.example/api/models?cursor=%u>; rel=\"next\"", i);
      else
        link = g_strdup_printf ("<%s/api/models?search=%s&limit=%u&cursor=%u>; rel=\"next\"",
                                hub->base, search ? search : "", limit, i);
      soup_message_headers_replace (headers, "Link", link);
    }
  respond_object (msg, out);
}

static void
handle_config (Hub               *hub,
               SoupServerMessage *msg,
               const char        *id)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (find_model (hub, id) == NULL)
    {
      soup_message_headers_replace (headers, "X-Error-Code", "RepoNotFound");
      respond_json (msg, 404, "{\"error\":\"Repository not found\"}");
      return;
    }
  if (g_str_has_prefix (id, "meta-llama/"))
    {
      if (hub->last_auth == NULL)
        {
          soup_message_headers_replace (headers, "X-Error-Code", "GatedRepo");
          soup_message_headers_replace (headers, "X-Error-Message",
                                        "Access to model is restricted. Please log in.");
          respond_json (msg, 401, "{\"error\":\"gated\"}");
          return;
        }
      if (g_strcmp0 (hub->last_auth, "Bearer " NO_ACCESS_TOKEN) == 0)
        {
          soup_message_headers_replace (headers, "X-Error-Code", "GatedRepo");
          soup_message_headers_replace (headers, "X-Error-Message",
                                        "Access to model is restricted and you are not in the authorized list.");
          respond_json (msg, 403, "{\"error\":\"gated\"}");
          return;
        }
    }
  respond_json (msg, 200, llama_config);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Hub *hub = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  hub->n_requests++;
  g_free (hub->last_auth);
  hub->last_auth = g_strdup (auth);

  if (g_str_equal (path, "/api/models"))
    {
      g_clear_pointer (&hub->last_query, g_hash_table_unref);
      if (query)
        hub->last_query = g_hash_table_ref (query);
      g_free (hub->last_raw_query);
      hub->last_raw_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
      handle_search (hub, msg, query);
    }
  else if (g_str_has_prefix (path, "/api/models/"))
    {
      JsonObject *o = find_model (hub, path + strlen ("/api/models/"));
      if (o == NULL)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-Error-Code", "RepoNotFound");
          respond_json (msg, 404, "{\"error\":\"Repository not found\"}");
        }
      else if (g_str_has_suffix (path, "/gpt2"))
        respond_json (msg, 200, "\"just a string\"");   /* valid JSON, not a model */
      else
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          json_node_set_object (node, o);
          respond_object (msg, node);
        }
    }
  else if (g_str_has_suffix (path, "/resolve/main/config.json"))
    {
      g_autofree char *id = g_strndup (path + 1, strlen (path) - 1 - strlen ("/resolve/main/config.json"));
      handle_config (hub, msg, id);
    }
  else if (g_str_equal (path, "/api/whoami-v2"))
    {
      if (g_strcmp0 (auth, "Bearer " GOOD_TOKEN) == 0)
        respond_json (msg, 200, "{\"type\":\"user\",\"name\":\"alice\",\"fullname\":\"Alice Example\","
                                "\"email\":\"alice@example.com\",\"avatarUrl\":\"https://example.com/a.png\"}");
      else
        respond_json (msg, 401, "{\"error\":\"Invalid credentials in Authorization header\"}");
    }
  else if (g_str_equal (path, "/oauth/token") && soup_server_message_get_method (msg) == SOUP_METHOD_POST)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr(GHashTable) form = soup_form_decode (text);

      if (g_strcmp0 (g_hash_table_lookup (form, "grant_type"), "authorization_code") == 0 &&
          g_strcmp0 (g_hash_table_lookup (form, "code"), "code-1") == 0 &&
          g_hash_table_lookup (form, "code_verifier") != NULL &&
          strlen (g_hash_table_lookup (form, "code_verifier")) == 64)
        respond_json (msg, 200, "{\"access_token\":\"hf_oauth_token\",\"token_type\":\"bearer\",\"expires_in\":28800}");
      else
        respond_json (msg, 400, "{\"error\":\"invalid_grant\"}");
    }
  else
    respond_json (msg, 404, "{\"error\":\"not found\"}");
}

static void
hub_setup (Hub           *hub,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (hub, 0, sizeof *hub);
  hub->models = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  hub->paused = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (fixture_files); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "huggingface", fixture_files[i], NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      g_ptr_array_add (hub->models, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  g_ptr_array_sort (hub->models, by_downloads);

  hub->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hub->server, NULL, handle_cb, hub, NULL);
  soup_server_listen_local (hub->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hub->server);
  hub->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  hub->loop = g_main_loop_new (NULL, FALSE);
}

static void
hub_teardown (Hub           *hub,
              gconstpointer  data)
{
  soup_server_disconnect (hub->server);
  g_clear_object (&hub->server);
  g_ptr_array_unref (hub->paused);
  g_ptr_array_unref (hub->models);
  g_clear_pointer (&hub->last_query, g_hash_table_unref);
  g_free (hub->last_raw_query);
  g_free (hub->last_auth);
  g_free (hub->base);
  g_main_loop_unref (hub->loop);
  g_clear_object (&hub->result);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Hub *hub = user_data;

  hub->result = g_object_ref (result);
  g_main_loop_quit (hub->loop);
}

static GAsyncResult *
wait_result (Hub *hub)
{
  g_clear_object (&hub->result);
  g_main_loop_run (hub->loop);
  return hub->result;
}

static KfHfSearchPage *
search (Hub         *hub,
        KfHfClient  *client,
        const char  *query,
        guint        limit,
        const char  *next,
        GError     **error)
{
  if (next)
    kf_hf_client_search_next_async (client, next, NULL, NULL, done_cb, hub);
  else
    kf_hf_client_search_async (client, query, limit, NULL, NULL, done_cb, hub);
  return kf_hf_client_search_finish (client, wait_result (hub), error);
}

static void
test_endpoint (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfClient) env = NULL, given = NULL;

  /* The test environment sets HF_ENDPOINT (to a dead port). */
  env = kf_hf_client_new (NULL);
  g_assert_cmpstr (kf_hf_client_get_endpoint (env), ==, g_getenv ("HF_ENDPOINT"));
  given = kf_hf_client_new ("https://hub.example.org/");
  g_assert_cmpstr (kf_hf_client_get_endpoint (given), ==, "https://hub.example.org");
}

static void
test_search_paging (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfClient) client = kf_hf_client_new (hub->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *next = NULL;
  guint pages = 0, received = 0;

  do
    {
      g_autoptr(KfHfSearchPage) page = search (hub, client, "", 3, next, &error);

      g_assert_no_error (error);
      g_assert_nonnull (page);
      pages++;
      received += page->n_received;
      for (guint i = 0; i < page->models->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (page->models, i)));
      g_free (next);
      next = g_strdup (page->next_url);
      if (pages == 1)
        {
          /* The request the Hub saw. */
          g_assert_cmpstr (g_hash_table_lookup (hub->last_query, "filter"), ==, "text-generation");
          g_assert_cmpstr (g_hash_table_lookup (hub->last_query, "sort"), ==, "downloads");
          g_assert_cmpstr (g_hash_table_lookup (hub->last_query, "direction"), ==, "-1");
          g_assert_cmpstr (g_hash_table_lookup (hub->last_query, "limit"), ==, "3");
          g_assert_nonnull (strstr (hub->last_raw_query, "expand%5B%5D=safetensors"));
          g_assert_nonnull (strstr (hub->last_raw_query, "expand%5B%5D=gated"));
          g_assert_null (hub->last_auth);   /* no token given → none sent */
        }
    }
  while (next != NULL);

  /* 7 fixture models in pages of 3 → 3 pages; 4 are LLMs (zephyr, two
   * Llamas, gpt2); BERT, ALBERT and Stable Diffusion are left out. */
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (received, ==, 7);
  g_assert_cmpuint (all->len, ==, 4);
  for (guint i = 0; i < all->len; i++)
    {
      KfModel *m = g_ptr_array_index (all, i);
      g_assert_cmpuint (kf_model_get_engines (m), !=, KF_ENGINES_NONE);
      g_assert_false (g_str_has_prefix (kf_model_get_id (m), "google/"));
      if (g_str_equal (kf_model_get_id (m), "meta-llama/Meta-Llama-3-70B-Instruct"))
        {
          g_assert_true (kf_model_get_gated (m));
          g_assert_cmpuint (kf_model_get_parameter_count (m), ==, 70553706496ull);
        }
    }
  /* Most downloaded first across pages. */
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpuint (kf_model_get_downloads (g_ptr_array_index (all, i - 1)), >=,
                      kf_model_get_downloads (g_ptr_array_index (all, i)));
}

static void
test_search_query (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfClient) client = kf_hf_client_new (hub->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfHfSearchPage) page = search (hub, client, "llama", 20, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (page->models->len, ==, 2);
  g_assert_null (page->next_url);
  g_assert_cmpstr (g_hash_table_lookup (hub->last_query, "search"), ==, "llama");

  /* A Link to another host is dropped: the token must never leave the endpoint. */
  {
    g_autoptr(KfHfSearchPage) off = search (hub, client, "offsite", 2, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (off->next_url);
  }
  {
    g_autoptr(KfHfSearchPage) bad = search (hub, client, NULL, 0, "http://evil.example/api/models", &error);
    g_assert_null (bad);
    g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_INVALID_ARGUMENT);
  }
}

static void
test_rate_limit_and_garbage (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfClient) client = kf_hf_client_new (hub->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfHfSearchPage) page = search (hub, client, "ratelimit", 20, NULL, &error);

  g_assert_null (page);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "try again in 17 seconds"));
  g_clear_error (&error);

  page = search (hub, client, "garbage", 20, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "not valid JSON"));
}

static void
test_model_info (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfClient) client = kf_hf_client_new (hub->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfModel) m = NULL;

  kf_hf_client_get_model_async (client, "meta-llama/Llama-3.1-8B-Instruct", NULL, NULL, done_cb, hub);
  m = kf_hf_client_get_model_finish (client, wait_result (hub), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kf_model_get_parameter_count (m), ==, 8030261248ull);
  g_assert_cmpint (json_object_get_int_member (kf_model_get_safetensors (m), "BF16"), ==, 8030261248);
  g_assert_true (kf_model_get_gated (m));
  g_assert_true (g_strv_contains (kf_model_get_files (m), "model-00001-of-00004.safetensors"));

  /* Unknown repo → 404 with the Hub's RepoNotFound. */
  kf_hf_client_get_model_async (client, "nobody/nothing", NULL, NULL, done_cb, hub);
  g_clear_object (&m);
  m = kf_hf_client_get_model_finish (client, wait_result (hub), &error);
  g_assert_null (m);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nobody/nothing"));
  g_clear_error (&error);

  /* Valid JSON that is not a model. */
  kf_hf_client_get_model_async (client, "openai-community/gpt2", NULL, NULL, done_cb, hub);
  m = kf_hf_client_get_model_finish (client, wait_result (hub), &error);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  /* Ids that would escape the API path are refused before any request. */
  {
    guint before = hub->n_requests;
    kf_hf_client_get_model_async (client, "../../etc/passwd", NULL, NULL, done_cb, hub);
    m = kf_hf_client_get_model_finish (client, wait_result (hub), &error);
    g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_INVALID_ARGUMENT);
    g_assert_cmpuint (hub->n_requests, ==, before);
  }
}

static void
test_gated_config (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfClient) client = kf_hf_client_new (hub->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = NULL;
  const char *id = "meta-llama/Llama-3.1-8B-Instruct";

  /* No token → 401: sign in and accept the licence. */
  kf_hf_client_get_config_async (client, id, NULL, NULL, done_cb, hub);
  config = kf_hf_client_get_config_finish (client, wait_result (hub), &error);
  g_assert_null (config);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_AUTH_REQUIRED);
  g_assert_nonnull (strstr (error->message, "accept the license"));
  g_assert_nonnull (strstr (error->message, "sign in"));
  g_clear_error (&error);

  /* A valid token without access → 403: accept the licence. */
  kf_hf_client_get_config_async (client, id, NO_ACCESS_TOKEN, NULL, done_cb, hub);
  config = kf_hf_client_get_config_finish (client, wait_result (hub), &error);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_GATED);
  g_assert_nonnull (strstr (error->message, "accept the license"));
  g_assert_nonnull (strstr (error->message, "not in the authorized list"));
  /* The token is never echoed in an error. */
  g_assert_null (strstr (error->message, NO_ACCESS_TOKEN));
  g_clear_error (&error);

  /* With access → the config, bearer sent. */
  kf_hf_client_get_config_async (client, id, GOOD_TOKEN, NULL, done_cb, hub);
  config = kf_hf_client_get_config_finish (client, wait_result (hub), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hub->last_auth, ==, "Bearer " GOOD_TOKEN);
  g_assert_cmpint (json_object_get_int_member (config, "num_key_value_heads"), ==, 8);
}

static void
test_whoami_and_oauth (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfClient) client = kf_hf_client_new (hub->base);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfHfUser) user = NULL;
  g_autofree char *token = NULL;
  g_autofree char *verifier = kf_hf_oauth_new_code_verifier ();

  kf_hf_client_whoami_async (client, GOOD_TOKEN, NULL, done_cb, hub);
  user = kf_hf_client_whoami_finish (client, wait_result (hub), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->name, ==, "alice");
  g_assert_cmpstr (user->fullname, ==, "Alice Example");
  g_assert_cmpstr (user->avatar_url, ==, "https://example.com/a.png");

  kf_hf_client_whoami_async (client, "hf_wrong", NULL, done_cb, hub);
  g_clear_pointer (&user, kf_hf_user_free);
  user = kf_hf_client_whoami_finish (client, wait_result (hub), &error);
  g_assert_null (user);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, "hf_wrong"));
  g_clear_error (&error);

  kf_hf_client_exchange_code_async (client, KF_HF_OAUTH_CLIENT_ID, "code-1", "http://127.0.0.1:1/cb",
                                    verifier, NULL, done_cb, hub);
  token = kf_hf_client_exchange_code_finish (client, wait_result (hub), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "hf_oauth_token");

  kf_hf_client_exchange_code_async (client, KF_HF_OAUTH_CLIENT_ID, "stale-code", "http://127.0.0.1:1/cb",
                                    verifier, NULL, done_cb, hub);
  g_clear_pointer (&token, g_free);
  token = kf_hf_client_exchange_code_finish (client, wait_result (hub), &error);
  g_assert_null (token);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_UNAUTHORIZED);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_hang_cancel_and_timeout (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfClient) client = kf_hf_client_new (hub->base);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KfHfSearchPage) page = NULL;

  /* A server that never answers; the caller gives up. */
  g_timeout_add (100, cancel_cb, cancellable);
  kf_hf_client_search_async (client, "hang", 20, NULL, cancellable, done_cb, hub);
  page = kf_hf_client_search_finish (client, wait_result (hub), &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* … or the client's timeout does. */
  kf_hf_client_set_timeout (client, 1);
  kf_hf_client_search_async (client, "hang", 20, NULL, NULL, done_cb, hub);
  page = kf_hf_client_search_finish (client, wait_result (hub), &error);
  g_assert_null (page);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, hub->base));
}

static void
test_dead_endpoint (void)
{
  /* HF_ENDPOINT points at a closed port in the test environment. */
  g_autoptr(KfHfClient) client = kf_hf_client_new (NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Hub hub = { .loop = loop };
  g_autoptr(GError) error = NULL;
  g_autoptr(KfHfSearchPage) page = NULL;

  kf_hf_client_search_async (client, "llama", 20, NULL, NULL, done_cb, &hub);
  g_main_loop_run (loop);
  page = kf_hf_client_search_finish (client, hub.result, &error);
  g_clear_object (&hub.result);
  g_assert_null (page);
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "Could not reach HuggingFace"));
}

static void
test_pkce (void)
{
  /* RFC 7636 appendix B. */
  g_autofree char *challenge = kf_hf_oauth_code_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_autofree char *v1 = kf_hf_oauth_new_code_verifier ();
  g_autofree char *v2 = kf_hf_oauth_new_code_verifier ();
  g_autofree char *state = kf_hf_oauth_new_state ();
  g_autofree char *url = NULL;

  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  g_assert_cmpuint (strlen (v1), ==, 64);
  g_assert_cmpstr (v1, !=, v2);
  g_assert_cmpuint (strlen (state), ==, 32);

  url = kf_hf_oauth_authorize_url ("https://huggingface.co/", NULL, "http://127.0.0.1:4321/callback",
                                   NULL, "st", challenge);
  g_assert_cmpstr (url, ==,
                   "https://huggingface.co/oauth/authorize?client_id=e05817a1-7053-4b9e-b292-29cd219fccf8"
                   "&redirect_uri=http%3A%2F%2F127.0.0.1%3A4321%2Fcallback&response_type=code"
                   "&scope=openid%20profile%20read-repos&state=st"
                   "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
}

static void
test_link_header (void)
{
  g_autofree char *a = kf_hf_parse_link_next ("<https://huggingface.co/api/models?cursor=eyJ,x>; rel=\"next\"");
  g_autofree char *b = kf_hf_parse_link_next ("<https://h/a>; rel=\"prev\", <https://h/b>; rel=next");
  g_autofree char *c = kf_hf_parse_link_next ("<https://h/a>; rel=\"prev\"");
  g_autofree char *d = kf_hf_parse_link_next ("<unterminated; rel=\"next\"");

  g_assert_cmpstr (a, ==, "https://huggingface.co/api/models?cursor=eyJ,x");
  g_assert_cmpstr (b, ==, "https://h/b");
  g_assert_null (c);
  g_assert_null (d);
  g_assert_true (kf_hf_model_id_is_valid ("meta-llama/Llama-3.1-8B-Instruct"));
  g_assert_true (kf_hf_model_id_is_valid ("gpt2"));
  g_assert_false (kf_hf_model_id_is_valid ("a/b/c"));
  g_assert_false (kf_hf_model_id_is_valid ("a/.."));
  g_assert_false (kf_hf_model_id_is_valid ("a b/c"));
  g_assert_false (kf_hf_model_id_is_valid ("/x"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hf-client/endpoint", Hub, NULL, hub_setup, test_endpoint, hub_teardown);
  g_test_add ("/hf-client/search-paging", Hub, NULL, hub_setup, test_search_paging, hub_teardown);
  g_test_add ("/hf-client/search-query", Hub, NULL, hub_setup, test_search_query, hub_teardown);
  g_test_add ("/hf-client/rate-limit-garbage", Hub, NULL, hub_setup, test_rate_limit_and_garbage, hub_teardown);
  g_test_add ("/hf-client/model-info", Hub, NULL, hub_setup, test_model_info, hub_teardown);
  g_test_add ("/hf-client/gated-config", Hub, NULL, hub_setup, test_gated_config, hub_teardown);
  g_test_add ("/hf-client/whoami-oauth", Hub, NULL, hub_setup, test_whoami_and_oauth, hub_teardown);
  g_test_add ("/hf-client/hang-cancel-timeout", Hub, NULL, hub_setup, test_hang_cancel_and_timeout, hub_teardown);
  g_test_add_func ("/hf-client/dead-endpoint", test_dead_endpoint);
  g_test_add_func ("/hf-client/pkce", test_pkce);
  g_test_add_func ("/hf-client/link-header", test_link_header);
  return g_test_run ();
}
