/* test-hf-sign-in.c: HuggingFace search and sign-in, driven as a user would (under Xvfb)
 *
 * A loopback SoupServer plays the Hub with the real model-info JSON of
 * ../shared/fixtures/huggingface: search, model info, a gated config.json
 * (401 without a token), /api/whoami-v2 and an avatar image. The user types
 * a query in the Models page's HuggingFace tab, opens a result, then signs
 * in from Preferences with a pasted token (a wrong one first).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "kf-application.h"
#include "kf-hf-account.h"
#include "kf-models-page.h"
#include "kf-preferences-window.h"

#define GOOD_TOKEN "hf_good_token_123"

const char *__lsan_default_options (void);
const char *
__lsan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

typedef struct
{
  SoupServer *server;
  char       *base;
  GPtrArray  *bodies;          /* fixture JSON texts */
  GPtrArray  *ids;
  guint       n_search;
  guint       n_info;
  guint       n_config;
  char       *config_auth;     /* Authorization of the last config.json request */
  gboolean    config_ok;       /* the last config.json was served */
  guint       n_avatar;
  GBytes     *avatar_png;
} Hub;

static Hub hub;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop until COND holds, for at most 20 s (slow under ASan). */
#define spin_until(cond) \
  G_STMT_START { \
    gint64 _end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < _end) \
      if (!g_main_context_iteration (NULL, FALSE)) \
        g_usleep (1000); \
    g_assert_true (cond); \
  } G_STMT_END

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body,
         gsize              len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, len);
}

static void
hub_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (g_str_equal (path, "/api/models"))
    {
      const char *search = query ? g_hash_table_lookup (query, "search") : NULL;
      g_autoptr(GString) body = g_string_new ("[");

      hub.n_search++;
      for (guint i = 0; i < hub.bodies->len; i++)
        {
          g_autofree char *id = g_ascii_strdown (g_ptr_array_index (hub.ids, i), -1);

          if (search && strstr (id, search))
            g_string_append_printf (body, "%s%s", body->len > 1 ? "," : "", (char *) g_ptr_array_index (hub.bodies, i));
        }
      g_string_append (body, "]");
      respond (msg, 200, "application/json", body->str, body->len);
    }
  else if (g_str_has_prefix (path, "/api/models/"))
    {
      hub.n_info++;
      for (guint i = 0; i < hub.ids->len; i++)
        if (g_str_equal (path + strlen ("/api/models/"), g_ptr_array_index (hub.ids, i)))
          {
            const char *b = g_ptr_array_index (hub.bodies, i);
            respond (msg, 200, "application/json", b, strlen (b));
            return;
          }
      respond (msg, 404, "application/json", "{}", 2);
    }
  else if (g_str_has_suffix (path, "/resolve/main/config.json"))
    {
      static const char config[] =
        "{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":4096,\"num_hidden_layers\":32,"
        "\"num_attention_heads\":32,\"num_key_value_heads\":8,\"max_position_embeddings\":131072,"
        "\"model_type\":\"llama\",\"torch_dtype\":\"bfloat16\",\"vocab_size\":128256}";

      hub.n_config++;
      g_free (hub.config_auth);
      hub.config_auth = g_strdup (auth);
      hub.config_ok = g_strcmp0 (auth, "Bearer " GOOD_TOKEN) == 0;
      if (hub.config_ok)
        respond (msg, 200, "application/json", config, strlen (config));
      else
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-Error-Code", "GatedRepo");
          respond (msg, 401, "application/json", "{\"error\":\"gated\"}", 17);
        }
    }
  else if (g_str_equal (path, "/api/whoami-v2"))
    {
      if (g_strcmp0 (auth, "Bearer " GOOD_TOKEN) == 0)
        {
          g_autofree char *body = g_strdup_printf ("{\"type\":\"user\",\"name\":\"alice\",\"fullname\":\"Alice Example\","
                                                   "\"avatarUrl\":\"%s/avatars/alice.png\"}", hub.base);
          respond (msg, 200, "application/json", body, strlen (body));
        }
      else
        respond (msg, 401, "application/json", "{\"error\":\"Invalid credentials\"}", 31);
    }
  else if (g_str_equal (path, "/avatars/alice.png"))
    {
      hub.n_avatar++;
      respond (msg, 200, "image/png", g_bytes_get_data (hub.avatar_png, NULL), g_bytes_get_size (hub.avatar_png));
    }
  else
    respond (msg, 404, "application/json", "{}", 2);
}

static void
hub_start (void)
{
  static const char *const files[] = {
    "model-info-meta-llama-Llama-3.1-8B-Instruct.json",
    "model-info-HuggingFaceH4-zephyr-7b-beta.json",
    "model-info-openai-community-gpt2.json",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) pixels = NULL;
  guint8 rgba[32 * 32 * 4];
  GSList *uris;

  memset (&hub, 0, sizeof hub);
  hub.bodies = g_ptr_array_new_with_free_func (g_free);
  hub.ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "huggingface", files[i], NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      char *text = NULL;
      gsize len;

      g_file_get_contents (path, &text, &len, &error);
      g_assert_no_error (error);
      json_parser_load_from_data (parser, text, (gssize) len, &error);
      g_assert_no_error (error);
      g_ptr_array_add (hub.ids, g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "id")));
      g_ptr_array_add (hub.bodies, text);
    }
  /* An orange square for the avatar. */
  for (guint i = 0; i < sizeof rgba; i += 4)
    {
      rgba[i] = 0xff; rgba[i + 1] = 0x9d; rgba[i + 2] = 0x00; rgba[i + 3] = 0xff;
    }
  pixels = g_bytes_new (rgba, sizeof rgba);
  texture = gdk_memory_texture_new (32, 32, GDK_MEMORY_R8G8B8A8, pixels, 32 * 4);
  hub.avatar_png = gdk_texture_save_to_png_bytes (texture);

  hub.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hub.server, NULL, hub_cb, NULL, NULL);
  soup_server_listen_local (hub.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hub.server);
  hub.base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
hub_stop (void)
{
  soup_server_disconnect (hub.server);
  g_clear_object (&hub.server);
  g_ptr_array_unref (hub.bodies);
  g_ptr_array_unref (hub.ids);
  g_bytes_unref (hub.avatar_png);
  g_free (hub.base);
  g_free (hub.config_auth);
}

/* The first mapped widget of @type under @widget whose label (button or label) is @text. */
static GtkWidget *
find_labelled (GtkWidget  *widget,
               GType       type,
               const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    {
      const char *label = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget))
                        : GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget)) : NULL;
      if (text == NULL || g_strcmp0 (label, text) == 0)
        return widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_labelled (c, type, text);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label_containing (c, text);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  return find_labelled (widget, GTK_TYPE_LABEL, text) != NULL;
}

static void
screenshot (const char *name)
{
  const char *dir = g_getenv ("KF_SCREENSHOT_DIR");
  g_autofree char *cmd = NULL;

  if (dir == NULL)
    return;
  spin (500);
  cmd = g_strdup_printf ("/usr/bin/import -window root %s/%s.png", dir, name);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
}

static void
test_search_open_and_sign_in (void)
{
  g_autoptr(KfHfClient) client = NULL;
  g_autoptr(KfKeyring) keyring = kf_keyring_new (FALSE);
  g_autoptr(KfHfAccount) account = NULL;
  KfModelsPage *page;
  GtkWindow *window;
  KfPreferencesWindow *prefs;
  AdwMessageDialog *dialog;
  GtkWidget *entry, *error_label, *button;
  GListModel *results;
  guint n_config;

  hub_start ();
  client = kf_hf_client_new (hub.base);
  account = kf_hf_account_new (client, keyring);

  window = GTK_WINDOW (gtk_window_new ());
  page = KF_MODELS_PAGE (kf_models_page_new ());
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_set_default_size (window, 900, 700);
  kf_application_follow_hf_account (page, account);
  gtk_window_present (window);
  results = kf_models_page_get_hf_results (page);

  /* Type a query in the HuggingFace tab: results from the Hub. */
  kf_models_page_show_tab (page, "huggingface");
  kf_models_page_set_search_text (page, "llama");
  spin_until (g_strcmp0 (kf_models_page_get_hf_state (page), "results") == 0);
  g_assert_cmpuint (hub.n_search, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  spin_until (shows_label (GTK_WIDGET (page), "Llama-3.1-8B-Instruct") ||
              shows_label (GTK_WIDGET (page), "meta-llama/Llama-3.1-8B-Instruct"));

  /* Open it: its details come from the Hub; the gated config.json needs sign-in. */
  {
    g_autoptr(KfModel) model = g_list_model_get_item (results, 0);

    g_assert_cmpstr (kf_model_get_id (model), ==, "meta-llama/Llama-3.1-8B-Instruct");
    kf_models_page_show_details (page, model);
  }
  spin_until (hub.n_info == 1 && hub.n_config == 1);
  g_assert_null (hub.config_auth);
  g_assert_false (hub.config_ok);

  /* Preferences: signed out; no client id, so the browser sign-in is off. */
  prefs = kf_preferences_window_new (window);
  kf_preferences_window_set_hf_account (prefs, account);
  gtk_window_present (GTK_WINDOW (prefs));
  spin_until (gtk_widget_get_mapped (GTK_WIDGET (prefs)) && shows_label (GTK_WIDGET (prefs), "Not signed in"));
  button = find_labelled (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "Sign In…");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  kf_hf_account_set_client_id (account, "my-client");
  g_assert_true (gtk_widget_get_sensitive (button));
  kf_hf_account_set_client_id (account, "");
  g_assert_null (find_labelled (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "Sign Out"));
  screenshot ("prefs-signed-out");

  /* Paste Token… with a wrong token: the error shows in the dialog, the text stays. */
  button = find_labelled (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "Paste Token…");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  spin_until ((dialog = kf_preferences_window_get_token_dialog (prefs)) != NULL &&
              gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  entry = find_labelled (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY, NULL);
  g_assert_nonnull (entry);
  /* The token is never shown in clear: no peek icon, masked text. */
  g_assert_false (gtk_password_entry_get_show_peek_icon (GTK_PASSWORD_ENTRY (entry)));
  g_assert_false (gtk_text_get_visibility (GTK_TEXT (find_labelled (entry, GTK_TYPE_TEXT, NULL))));
  gtk_editable_set_text (GTK_EDITABLE (entry), "hf_wrong");
  button = find_labelled (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Sign In");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
  spin_until ((error_label = find_label_containing (GTK_WIDGET (dialog), "The token was rejected by HuggingFace")) != NULL);
  g_assert_true (kf_preferences_window_get_token_dialog (prefs) == dialog);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "hf_wrong");
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "hf_wrong"));
  g_assert_false (kf_hf_account_get_signed_in (account));
  g_assert_true (shows_label (GTK_WIDGET (prefs), "Not signed in"));
  screenshot ("token-dialog-error");

  /* Corrected: the dialog closes and Preferences shows the user. */
  gtk_editable_set_text (GTK_EDITABLE (entry), GOOD_TOKEN);
  gtk_widget_activate (button);
  spin_until (kf_preferences_window_get_token_dialog (prefs) == NULL);
  g_assert_true (kf_hf_account_get_signed_in (account));
  spin_until (shows_label (GTK_WIDGET (prefs), "Alice Example") && shows_label (GTK_WIDGET (prefs), "alice"));
  g_assert_false (shows_label (GTK_WIDGET (prefs), "Not signed in"));
  g_assert_nonnull (find_labelled (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "Sign Out"));
  g_assert_null (find_labelled (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "Paste Token…"));
  /* The avatar image is fetched from the Hub's host. */
  spin_until (hub.n_avatar == 1);
  {
    AdwAvatar *avatar = ADW_AVATAR (find_labelled (GTK_WIDGET (prefs), ADW_TYPE_AVATAR, NULL));
    g_assert_cmpstr (adw_avatar_get_text (avatar), ==, "Alice Example");
    spin_until (adw_avatar_get_custom_image (avatar) != NULL);
  }
  screenshot ("prefs-signed-in");

  /* The Models page now sends the token: the gated config.json opens. */
  n_config = hub.n_config;
  {
    g_autoptr(KfModel) model = g_list_model_get_item (results, 0);
    kf_models_page_show_details (page, model);
  }
  spin_until (hub.n_config > n_config && hub.config_ok);
  g_assert_cmpstr (hub.config_auth, ==, "Bearer " GOOD_TOKEN);

  /* Sign Out: back to signed out, and the page stops sending the token. */
  gtk_widget_activate (find_labelled (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "Sign Out"));
  spin_until (shows_label (GTK_WIDGET (prefs), "Not signed in"));
  g_assert_false (kf_hf_account_get_token_available (account));
  n_config = hub.n_config;
  {
    g_autoptr(KfModel) model = g_list_model_get_item (results, 0);
    kf_models_page_show_details (page, model);
  }
  spin_until (hub.n_config > n_config);
  g_assert_null (hub.config_auth);

  /* Paste Token… then Cancel: nothing changes. */
  gtk_widget_activate (find_labelled (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "Paste Token…"));
  spin_until ((dialog = kf_preferences_window_get_token_dialog (prefs)) != NULL &&
              gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  entry = find_labelled (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  gtk_widget_activate (find_labelled (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Cancel"));
  spin_until (kf_preferences_window_get_token_dialog (prefs) == NULL);
  g_assert_false (kf_hf_account_get_signed_in (account));

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (window);
  spin (50);
  hub_stop ();
}

int
main (int argc, char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/hf-sign-in/search-open-and-sign-in", test_search_open_and_sign_in);
  return g_test_run ();
}
