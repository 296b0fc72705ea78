/* test-gguf-files.c: the .gguf files of a HuggingFace repo, from a Hub on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "kf-gguf-files.h"

static char *
tree_json (gsize *len)
{
  g_autofree char *path = g_build_filename (g_getenv ("KF_TEST_DATA_DIR"), "huggingface",
                                            "tree-qwen2.5-0.5b-instruct-gguf.json", NULL);
  char *body = NULL;

  g_assert_true (g_file_get_contents (path, &body, len, NULL));
  return body;
}

static void
test_parse (void)
{
  gsize len;
  g_autofree char *json = tree_json (&len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = kf_gguf_files_parse (json, len, &error);
  KfGgufFile *file;

  g_assert_no_error (error);
  /* README, LICENSE, .gitattributes and the imatrix folder are left out */
  g_assert_cmpuint (files->len, ==, 4);
  file = g_ptr_array_index (files, 1);
  g_assert_cmpstr (file->path, ==, "qwen2.5-0.5b-instruct-q4_k_m.gguf");
  g_assert_cmpuint (file->size, ==, 491400032);
  file = g_ptr_array_index (files, 3);
  g_assert_cmpstr (file->path, ==, "qwen2.5-0.5b-instruct-fp16.gguf");
  g_assert_cmpuint (file->size, ==, 1269742016);
  g_assert_cmpint (kf_gguf_files_pick_default (files), ==, 1);
}

static void
test_parse_hostile (void)
{
  const char *bad[] = { "", "{", "{\"error\":\"Repository not found\"}", "null", "42", NULL };
  g_autoptr(GPtrArray) odd = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(GPtrArray) files = kf_gguf_files_parse (bad[i], -1, &e);

      g_assert_null (files);
      g_assert_error (e, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_PARSE);
      g_assert_true (strstr (e->message, "HuggingFace file list") != NULL);
    }

  /* odd entries are skipped or sized 0, never a crash; .GGUF in any case counts */
  odd = kf_gguf_files_parse ("[1, \"x.gguf\", null, {\"path\": 7}, {\"type\":\"file\"},"
                             " {\"type\":\"file\",\"path\":\"A.GGUF\",\"size\":\"big\"},"
                             " {\"type\":\"file\",\"path\":\"b.gguf\",\"size\":-5,\"lfs\":[]},"
                             " {\"type\":\"file\",\"path\":\"c.gguf\",\"size\":1.5e9}]", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (odd->len, ==, 3);
  g_assert_cmpuint (((KfGgufFile *) g_ptr_array_index (odd, 0))->size, ==, 0);
  g_assert_cmpuint (((KfGgufFile *) g_ptr_array_index (odd, 1))->size, ==, 0);
  g_assert_cmpuint (((KfGgufFile *) g_ptr_array_index (odd, 2))->size, ==, 1500000000);
}

static void
test_pick_default (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_gguf_file_free);
  KfGgufFile *file;

  g_assert_cmpint (kf_gguf_files_pick_default (files), ==, -1);
  file = g_new0 (KfGgufFile, 1);
  file->path = g_strdup ("model-Q8_0.gguf");
  g_ptr_array_add (files, file);
  g_assert_cmpint (kf_gguf_files_pick_default (files), ==, 0);   /* no q4_k_m: the first */
  file = g_new0 (KfGgufFile, 1);
  file->path = g_strdup ("model-Q4_K_M.gguf");
  g_ptr_array_add (files, file);
  g_assert_cmpint (kf_gguf_files_pick_default (files), ==, 1);   /* any case */
}

/* ---- the Hub on loopback ---- */

typedef struct
{
  SoupServer *server;
  char       *base;
  char       *last_auth;
} Hub;

static void
hub_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Hub *hub = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  g_free (hub->last_auth);
  hub->last_auth = g_strdup (auth);
  if (g_str_equal (path, "/api/models/Qwen/Qwen2.5-0.5B-Instruct-GGUF/tree/main"))
    {
      gsize len;
      char *body = tree_json (&len);

      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, len);
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/api/models/Broken/Repo/tree/main"))
    {
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>oops</html>", 17);
      soup_server_message_set_status (msg, 200, NULL);
    }
  else if (g_str_equal (path, "/api/models/Busy/Repo/tree/main"))
    soup_server_message_set_status (msg, 503, NULL);
  else
    {
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"error\":\"Repository not found\"}", 32);
      soup_server_message_set_status (msg, 404, NULL);
    }
}

static void
hub_start (Hub *hub)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  hub->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hub->server, NULL, hub_cb, hub, NULL);
  soup_server_listen_local (hub->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hub->server);
  hub->base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
hub_stop (Hub *hub)
{
  g_clear_object (&hub->server);
  g_clear_pointer (&hub->base, g_free);
  g_clear_pointer (&hub->last_auth, g_free);
}

static void
list_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GPtrArray *
list (KfHfClient  *client,
      const char  *repo,
      const char  *token,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kf_gguf_files_list_async (client, repo, token, NULL, list_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kf_gguf_files_list_finish (client, result, error);
}

static void
test_list (void)
{
  Hub hub = { 0 };
  g_autoptr(KfHfClient) client = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  hub_start (&hub);
  client = kf_hf_client_new (hub.base);

  files = list (client, "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "hf_secret_token", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 4);
  g_assert_cmpstr (hub.last_auth, ==, "Bearer hf_secret_token");
  g_clear_pointer (&files, g_ptr_array_unref);

  files = list (client, "Nobody/Missing", NULL, &error);
  g_assert_null (files);
  g_assert_null (hub.last_auth);   /* no token: no header */
  g_assert_error (error, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nobody/Missing"));
  g_clear_error (&error);

  files = list (client, "Busy/Repo", NULL, &error);
  g_assert_error (error, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "503"));
  g_clear_error (&error);

  files = list (client, "Broken/Repo", NULL, &error);
  g_assert_error (error, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_PARSE);
  g_clear_error (&error);

  /* not a repo id: refused before any request */
  g_clear_pointer (&hub.last_auth, g_free);
  files = list (client, "../../etc/passwd", "tok", &error);
  g_assert_error (error, KF_GGUF_FILES_ERROR, KF_GGUF_FILES_ERROR_NOT_FOUND);
  g_assert_null (hub.last_auth);
  g_clear_error (&error);
  hub_stop (&hub);
}

static void
test_dead_hub (void)
{
  Hub hub = { 0 };
  g_autoptr(KfHfClient) client = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  hub_start (&hub);
  base = g_strdup (hub.base);
  hub_stop (&hub);   /* nobody listens there now */
  client = kf_hf_client_new (base);
  files = list (client, "Qwen/Qwen2.5-0.5B-Instruct-GGUF", NULL, &error);
  g_assert_null (files);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gguf-files/parse", test_parse);
  g_test_add_func ("/gguf-files/parse-hostile", test_parse_hostile);
  g_test_add_func ("/gguf-files/pick-default", test_pick_default);
  g_test_add_func ("/gguf-files/list", test_list);
  g_test_add_func ("/gguf-files/dead-hub", test_dead_hub);
  return g_test_run ();
}
