/* test-hf-account.c: HuggingFace sign-in against a loopback Hub
 *
 * A SoupServer on 127.0.0.1 answers /api/whoami-v2 (one good token) and
 * /oauth/token (one good code with a PKCE verifier); the test plays the
 * browser for the OAuth redirect. Tokens go to an in-memory keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "kf-hf-account.h"
#include "kf-hf-oauth.h"

#define GOOD_TOKEN  "hf_good_token_123"
#define OAUTH_TOKEN "hf_oauth_token_456"

typedef struct
{
  SoupServer   *server;
  char         *base;
  char         *last_verifier;
  char         *last_redirect;
  guint         n_whoami;
  GMainLoop    *loop;
  GAsyncResult *result;
  KfKeyring    *keyring;
  KfHfClient   *client;
} Hub;

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
hub_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Hub *hub = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (g_str_equal (path, "/api/whoami-v2"))
    {
      hub->n_whoami++;
      if (g_strcmp0 (auth, "Bearer " GOOD_TOKEN) == 0)
        respond_json (msg, 200, "{\"type\":\"user\",\"name\":\"alice\",\"fullname\":\"Alice Example\","
                                "\"avatarUrl\":\"https://cdn.example/alice.png\"}");
      else if (g_strcmp0 (auth, "Bearer " OAUTH_TOKEN) == 0)
        respond_json (msg, 200, "{\"type\":\"user\",\"name\":\"bob\",\"fullname\":\"Bob Oauth\"}");
      else
        respond_json (msg, 401, "{\"error\":\"Invalid credentials in Authorization header\"}");
    }
  else if (g_str_equal (path, "/oauth/token") && soup_server_message_get_method (msg) == SOUP_METHOD_POST)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr(GHashTable) form = soup_form_decode (text);

      g_free (hub->last_verifier);
      hub->last_verifier = g_strdup (g_hash_table_lookup (form, "code_verifier"));
      g_free (hub->last_redirect);
      hub->last_redirect = g_strdup (g_hash_table_lookup (form, "redirect_uri"));
      if (g_strcmp0 (g_hash_table_lookup (form, "code"), "code-1") == 0 && hub->last_verifier != NULL)
        respond_json (msg, 200, "{\"access_token\":\"" OAUTH_TOKEN "\",\"token_type\":\"bearer\"}");
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
  hub->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hub->server, NULL, hub_cb, hub, NULL);
  soup_server_listen_local (hub->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hub->server);
  hub->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  hub->loop = g_main_loop_new (NULL, FALSE);
  hub->keyring = kf_keyring_new (FALSE);
  hub->client = kf_hf_client_new (hub->base);
}

static void
hub_teardown (Hub           *hub,
              gconstpointer  data)
{
  soup_server_disconnect (hub->server);
  g_clear_object (&hub->server);
  g_clear_object (&hub->client);
  g_clear_object (&hub->keyring);
  g_clear_object (&hub->result);
  g_free (hub->base);
  g_free (hub->last_verifier);
  g_free (hub->last_redirect);
  g_main_loop_unref (hub->loop);
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

/* The stored token, or NULL. */
static char *
stored_token (Hub *hub)
{
  g_autoptr(GError) error = NULL;
  char *token;

  kf_keyring_lookup_async (hub->keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL, NULL, done_cb, hub);
  token = kf_keyring_lookup_finish (hub->keyring, wait_result (hub), &error);
  g_assert_no_error (error);
  return token;
}

static gboolean
sign_in (Hub         *hub,
         KfHfAccount *account,
         const char  *token,
         GError     **error)
{
  kf_hf_account_sign_in_with_token_async (account, token, NULL, done_cb, hub);
  return kf_hf_account_sign_in_with_token_finish (account, wait_result (hub), error);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_token_good (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfAccount) account = kf_hf_account_new (hub->client, hub->keyring);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *token = NULL;
  guint n_token_notify = 0;

  g_assert_false (kf_hf_account_get_signed_in (account));
  g_assert_null (kf_hf_account_dup_token (account));
  g_signal_connect (account, "notify::token-available", G_CALLBACK (count_notify_cb), &n_token_notify);

  /* Surrounding blanks from a paste are dropped. */
  g_assert_true (sign_in (hub, account, "  " GOOD_TOKEN "\n", &error));
  g_assert_no_error (error);
  g_assert_true (kf_hf_account_get_signed_in (account));
  g_assert_true (kf_hf_account_get_token_available (account));
  g_assert_cmpuint (n_token_notify, ==, 1);
  g_assert_cmpstr (kf_hf_account_get_username (account), ==, "alice");
  g_assert_cmpstr (kf_hf_account_get_fullname (account), ==, "Alice Example");
  g_assert_cmpstr (kf_hf_account_get_avatar_url (account), ==, "https://cdn.example/alice.png");
  token = kf_hf_account_dup_token (account);
  g_assert_cmpstr (token, ==, GOOD_TOKEN);
  stored = stored_token (hub);
  g_assert_cmpstr (stored, ==, GOOD_TOKEN);

  /* A second account on the same keyring finds it (the next start of the app). */
  {
    g_autoptr(KfHfAccount) again = kf_hf_account_new (hub->client, hub->keyring);

    kf_hf_account_load_async (again, NULL, done_cb, hub);
    g_assert_true (kf_hf_account_load_finish (again, wait_result (hub), &error));
    g_assert_no_error (error);
    g_assert_true (kf_hf_account_get_signed_in (again));
    g_assert_cmpstr (kf_hf_account_get_username (again), ==, "alice");
  }
}

static void
test_token_bad (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfAccount) account = kf_hf_account_new (hub->client, hub->keyring);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;

  g_assert_false (sign_in (hub, account, "hf_revoked", &error));
  g_assert_error (error, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_TOKEN_REJECTED);
  g_assert_true (g_str_has_prefix (error->message, "The token was rejected by HuggingFace"));
  g_assert_null (strstr (error->message, "hf_revoked"));   /* never echoed */
  g_assert_cmpuint (hub->n_whoami, ==, 1);
  g_assert_false (kf_hf_account_get_signed_in (account));
  g_assert_false (kf_hf_account_get_token_available (account));
  stored = stored_token (hub);
  g_assert_null (stored);
  g_clear_error (&error);

  /* Nothing typed: no request. */
  g_assert_false (sign_in (hub, account, "   ", &error));
  g_assert_error (error, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_EMPTY_TOKEN);
  g_assert_cmpuint (hub->n_whoami, ==, 1);
  g_clear_error (&error);

  /* A bad token does not sign out a signed-in user. */
  g_assert_true (sign_in (hub, account, GOOD_TOKEN, NULL));
  g_assert_false (sign_in (hub, account, "hf_other_bad", &error));
  g_assert_true (kf_hf_account_get_signed_in (account));
  g_clear_pointer (&stored, g_free);
  stored = stored_token (hub);
  g_assert_cmpstr (stored, ==, GOOD_TOKEN);
}

static void
test_sign_out_and_load (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfAccount) account = kf_hf_account_new (hub->client, hub->keyring);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;

  /* Nothing stored: loading leaves the user signed out, without error. */
  kf_hf_account_load_async (account, NULL, done_cb, hub);
  g_assert_true (kf_hf_account_load_finish (account, wait_result (hub), &error));
  g_assert_no_error (error);
  g_assert_false (kf_hf_account_get_signed_in (account));
  g_assert_cmpuint (hub->n_whoami, ==, 0);

  g_assert_true (sign_in (hub, account, GOOD_TOKEN, NULL));
  kf_hf_account_sign_out_async (account, NULL, done_cb, hub);
  g_assert_true (kf_hf_account_sign_out_finish (account, wait_result (hub), &error));
  g_assert_no_error (error);
  g_assert_false (kf_hf_account_get_signed_in (account));
  g_assert_null (kf_hf_account_get_username (account));
  g_assert_null (kf_hf_account_dup_token (account));
  stored = stored_token (hub);
  g_assert_null (stored);

  /* A stored token the Hub now rejects: signed out, and it is removed. */
  kf_keyring_store_async (hub->keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL, "hf_revoked", NULL, done_cb, hub);
  g_assert_true (kf_keyring_store_finish (hub->keyring, wait_result (hub), NULL));
  kf_hf_account_load_async (account, NULL, done_cb, hub);
  g_assert_false (kf_hf_account_load_finish (account, wait_result (hub), &error));
  g_assert_error (error, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_TOKEN_REJECTED);
  g_assert_false (kf_hf_account_get_token_available (account));
  stored = stored_token (hub);
  g_assert_null (stored);
  g_clear_error (&error);

  /* The Hub unreachable at start: the token is kept (unconfirmed). */
  {
    g_autoptr(KfHfClient) dead = kf_hf_client_new ("http://127.0.0.1:9");
    g_autoptr(KfHfAccount) offline = kf_hf_account_new (dead, hub->keyring);
    g_autofree char *token = NULL;

    kf_keyring_store_async (hub->keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL, GOOD_TOKEN, NULL, done_cb, hub);
    g_assert_true (kf_keyring_store_finish (hub->keyring, wait_result (hub), NULL));
    kf_hf_account_load_async (offline, NULL, done_cb, hub);
    g_assert_false (kf_hf_account_load_finish (offline, wait_result (hub), &error));
    g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_NETWORK);
    g_assert_false (kf_hf_account_get_signed_in (offline));
    token = kf_hf_account_dup_token (offline);
    g_assert_cmpstr (token, ==, GOOD_TOKEN);
  }
}

/* ---- OAuth: the test plays the browser ---- */

typedef struct
{
  Hub          *hub;
  guint         status;
  char         *body;
  gboolean      done;
} Browser;

static void
browser_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Browser *b = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  b->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  b->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  b->done = TRUE;
}

/* GETs the redirect URI of @authorize_url with @code and @state, as the
 * browser does after the user approved; runs the loop until both the
 * browser has its page and the flow has ended. */
static GAsyncResult *
browse_back (Hub         *hub,
             const char  *authorize_url,
             const char  *code,
             const char  *state,
             Browser     *b)
{
  g_autoptr(GUri) uri = g_uri_parse (authorize_url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = soup_form_decode (g_uri_get_query (uri));
  const char *redirect = g_hash_table_lookup (params, "redirect_uri");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *e_state = g_uri_escape_string (state ? state : g_hash_table_lookup (params, "state"), NULL, FALSE);
  g_autofree char *target = g_strdup_printf ("%s?code=%s&state=%s", redirect, code, e_state);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", target);

  g_assert_true (g_str_has_prefix (redirect, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (redirect, "/callback"));
  memset (b, 0, sizeof *b);
  b->hub = hub;
  g_clear_object (&hub->result);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, browser_cb, b);
  while (!b->done || hub->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return hub->result;
}

static void
test_oauth_flow (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfAccount) account = kf_hf_account_new (hub->client, hub->keyring);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *url = NULL;
  g_autofree char *stored = NULL;
  Browser b;

  /* No client id: a clear error, no server. */
  kf_hf_account_begin_oauth_async (account, NULL, done_cb, hub);
  g_assert_null (kf_hf_account_get_oauth_url (account));
  g_assert_false (kf_hf_account_begin_oauth_finish (account, wait_result (hub), &error));
  g_assert_error (error, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_NO_CLIENT_ID);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_clear_error (&error);

  kf_hf_account_set_client_id (account, "my-client");
  kf_hf_account_begin_oauth_async (account, NULL, done_cb, hub);
  url = g_strdup (kf_hf_account_get_oauth_url (account));
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, hub->base));
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/oauth/authorize");
  params = soup_form_decode (g_uri_get_query (uri));
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "my-client");
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");

  /* A second sign-in while this one waits is refused. */
  kf_hf_account_begin_oauth_async (account, NULL, done_cb, hub);
  g_assert_false (kf_hf_account_begin_oauth_finish (account, wait_result (hub), &error));
  g_assert_error (error, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_BUSY);
  g_clear_error (&error);

  g_assert_true (kf_hf_account_begin_oauth_finish (account, browse_back (hub, url, "code-1", NULL, &b), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (b.status, ==, 200);
  g_assert_nonnull (strstr (b.body, "You can close this tab"));
  g_free (b.body);
  /* The code was exchanged with the verifier matching the challenge, and the same redirect. */
  {
    g_autofree char *challenge = kf_hf_oauth_code_challenge (hub->last_verifier);
    g_assert_cmpstr (challenge, ==, g_hash_table_lookup (params, "code_challenge"));
    g_assert_cmpstr (hub->last_redirect, ==, g_hash_table_lookup (params, "redirect_uri"));
  }
  g_assert_true (kf_hf_account_get_signed_in (account));
  g_assert_cmpstr (kf_hf_account_get_username (account), ==, "bob");
  stored = stored_token (hub);
  g_assert_cmpstr (stored, ==, OAUTH_TOKEN);
  g_assert_null (kf_hf_account_get_oauth_url (account));
}

static void
test_oauth_rejected (Hub *hub, gconstpointer data)
{
  g_autoptr(KfHfAccount) account = kf_hf_account_new (hub->client, hub->keyring);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *url = NULL;
  Browser b;

  kf_hf_account_set_client_id (account, "my-client");

  /* A state that is not ours (a forged redirect): refused, nothing exchanged. */
  kf_hf_account_begin_oauth_async (account, NULL, done_cb, hub);
  url = g_strdup (kf_hf_account_get_oauth_url (account));
  g_assert_false (kf_hf_account_begin_oauth_finish (account, browse_back (hub, url, "code-1", "forged", &b), &error));
  g_assert_error (error, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_STATE_MISMATCH);
  g_assert_cmpuint (b.status, ==, 400);
  g_free (b.body);
  g_assert_null (hub->last_verifier);
  g_assert_false (kf_hf_account_get_signed_in (account));
  g_clear_error (&error);

  /* A stale code: the Hub refuses the exchange; the browser is told. */
  kf_hf_account_begin_oauth_async (account, NULL, done_cb, hub);
  g_free (url);
  url = g_strdup (kf_hf_account_get_oauth_url (account));
  g_assert_false (kf_hf_account_begin_oauth_finish (account, browse_back (hub, url, "stale", NULL, &b), &error));
  g_assert_error (error, KF_HF_ERROR, KF_HF_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (b.status, ==, 403);
  g_assert_nonnull (strstr (b.body, "Sign-in failed"));
  g_free (b.body);
  g_assert_false (kf_hf_account_get_signed_in (account));
  stored = stored_token (hub);
  g_assert_null (stored);
  g_clear_error (&error);

  /* Cancelled while waiting for the browser: the port is closed. */
  cancellable = g_cancellable_new ();
  kf_hf_account_begin_oauth_async (account, cancellable, done_cb, hub);
  g_assert_nonnull (kf_hf_account_get_oauth_url (account));
  g_cancellable_cancel (cancellable);
  g_assert_false (kf_hf_account_begin_oauth_finish (account, wait_result (hub), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (kf_hf_account_get_oauth_url (account));
  g_clear_error (&error);

  /* The browser never comes back. */
  kf_hf_account_set_oauth_timeout (account, 1);
  kf_hf_account_begin_oauth_async (account, NULL, done_cb, hub);
  g_assert_false (kf_hf_account_begin_oauth_finish (account, wait_result (hub), &error));
  g_assert_error (error, KF_HF_ACCOUNT_ERROR, KF_HF_ACCOUNT_ERROR_TIMED_OUT);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hf-account/token-good", Hub, NULL, hub_setup, test_token_good, hub_teardown);
  g_test_add ("/hf-account/token-bad", Hub, NULL, hub_setup, test_token_bad, hub_teardown);
  g_test_add ("/hf-account/sign-out-and-load", Hub, NULL, hub_setup, test_sign_out_and_load, hub_teardown);
  g_test_add ("/hf-account/oauth-flow", Hub, NULL, hub_setup, test_oauth_flow, hub_teardown);
  g_test_add ("/hf-account/oauth-rejected", Hub, NULL, hub_setup, test_oauth_rejected, hub_teardown);
  return g_test_run ();
}
