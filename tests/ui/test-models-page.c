/* test-models-page.c: the Models page, typed into as a user would (under Xvfb)
 *
 * The HuggingFace tab talks to a loopback SoupServer serving the real
 * model-info JSON of ../shared/fixtures/huggingface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "kf-models-page.h"

typedef struct
{
  SoupServer *server;
  char       *base;
  guint       n_search;        /* /api/models requests */
  char       *last_search;
  GPtrArray  *bodies;          /* fixture JSON texts */
  GPtrArray  *paused;
} Hub;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Spins until @cond holds or 5 s pass; returns whether it held. */
#define spin_until(cond) \
  G_STMT_START { \
    gint64 _end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < _end) \
      g_main_context_iteration (NULL, FALSE); \
    g_assert_true (cond); \
  } G_STMT_END

static void
hub_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Hub *hub = user_data;
  const char *search = query ? g_hash_table_lookup (query, "search") : NULL;
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  g_autoptr(GString) body = g_string_new ("[");
  guint start = cursor ? (guint) g_ascii_strtoull (cursor, NULL, 10) : 0, n = 0, i;

  if (!g_str_equal (path, "/api/models"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  hub->n_search++;
  g_free (hub->last_search);
  hub->last_search = g_strdup (search);

  if (g_strcmp0 (search, "slow") == 0)
    {
      g_ptr_array_add (hub->paused, g_object_ref (msg));
      soup_server_message_pause (msg);
      return;
    }
  if (g_strcmp0 (search, "busy") == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
      soup_server_message_set_status (msg, 429, NULL);
      return;
    }
  /* "llama" → the fixtures whose id mentions it, one per page. */
  for (i = 0; i < hub->bodies->len; i++)
    {
      const char *b = g_ptr_array_index (hub->bodies, i);
      g_autofree char *lower = g_ascii_strdown (b, 200);

      if (search == NULL || strstr (lower, search) == NULL)
        continue;
      if (n >= start && n < start + 1)
        g_string_append_printf (body, "%s%s", body->len > 1 ? "," : "", b);
      n++;
    }
  g_string_append (body, "]");
  if (start + 1 < n)
    {
      g_autofree char *link = g_strdup_printf ("<%s/api/models?search=%s&cursor=%u>; rel=\"next\"",
                                               hub->base, search, start + 1);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Link", link);
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body->str, body->len);
}

static void
hub_start (Hub *hub)
{
  static const char *const files[] = {
    "model-info-meta-llama-Llama-3.1-8B-Instruct.json",
    "model-info-meta-llama-Meta-Llama-3-70B-Instruct.json",
    "model-info-HuggingFaceH4-zephyr-7b-beta.json",
    "model-info-openai-community-gpt2.json",
    "model-info-google-bert-bert-base-uncased.json",
  };
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (hub, 0, sizeof *hub);
  hub->bodies = g_ptr_array_new_with_free_func (g_free);
  hub->paused = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "huggingface", files[i], NULL);
      char *text = NULL;

      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (hub->bodies, text);
    }
  hub->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hub->server, NULL, hub_cb, hub, NULL);
  soup_server_listen_local (hub->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hub->server);
  hub->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
hub_stop (Hub *hub)
{
  soup_server_disconnect (hub->server);
  g_clear_object (&hub->server);
  g_ptr_array_unref (hub->bodies);
  g_ptr_array_unref (hub->paused);
  g_free (hub->base);
  g_free (hub->last_search);
}

static GtkWindow *
page_window (KfModelsPage **page)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  *page = KF_MODELS_PAGE (kf_models_page_new ());
  gtk_window_set_child (window, GTK_WIDGET (*page));
  gtk_window_set_default_size (window, 900, 700);
  gtk_window_present (window);
  spin (50);
  return window;
}

static guint
count_labels (GtkWidget  *widget,
              const char *text)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    n++;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    n += count_labels (c, text);
  return n;
}

static void
test_fit_badges (void)
{
  KfModelsPage *page;
  GtkWindow *window = page_window (&page);
  g_autoptr(KfGpuInventory) l4 = kf_gpu_inventory_new_synthetic ("NVIDIA-L4", 0, 1);

  /* No cluster: every visible badge says the fit is unknown. */
  spin (100);
  g_assert_cmpuint (count_labels (GTK_WIDGET (page), "Fit unknown"), >, 0);
  g_assert_cmpuint (count_labels (GTK_WIDGET (page), "Fits"), ==, 0);

  /* A cluster with one L4: the badges follow; Qwen3 0.6B fits on it. */
  kf_models_page_set_gpu_inventory (page, l4);
  spin (100);
  g_assert_cmpuint (count_labels (GTK_WIDGET (page), "Fit unknown"), ==, 0);
  g_assert_cmpuint (count_labels (GTK_WIDGET (page), "Fits"), >, 0);

  /* Disconnected again. */
  kf_models_page_set_gpu_inventory (page, NULL);
  spin (100);
  g_assert_cmpuint (count_labels (GTK_WIDGET (page), "Fits"), ==, 0);
  gtk_window_destroy (window);
  spin (20);
}

static void
deploy_requested_cb (KfModel **out,
                     KfModel  *model)
{
  *out = model;
}

/* Clicks the mapped, sensitive button labelled "_Deploy…". */
static gboolean
emit_deploy_click (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Deploy…") == 0)
    {
      g_signal_emit_by_name (widget, "clicked");
      return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (emit_deploy_click (c))
      return TRUE;
  return FALSE;
}

static void
test_type_filters_curated (void)
{
  KfModel *requested = NULL;
  KfModelsPage *page;
  GtkWindow *window = page_window (&page);
  GListModel *results = kf_models_page_get_curated_results (page);

  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 18);

  /* Typing narrows the list keystroke by keystroke. */
  kf_models_page_set_search_text (page, "q");
  g_assert_cmpuint (g_list_model_get_n_items (results), <, 18);
  kf_models_page_set_search_text (page, "qwen");
  spin (20);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  {
    g_autoptr(KfModel) first = g_list_model_get_item (results, 0);
    g_assert_cmpstr (kf_model_get_id (first), ==, "Qwen/Qwen3-0.6B");
  }

  /* Engine toggles: any-match, combined with the text. */
  kf_models_page_set_search_text (page, "llama");
  kf_models_page_set_engine_filter (page, KF_ENGINES_TRTLLM);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);
  kf_models_page_set_search_text (page, "");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 6);
  kf_models_page_set_engine_filter (page, KF_ENGINES_NONE);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 18);

  /* Nothing matches: the list is empty (the page shows a status instead). */
  kf_models_page_set_search_text (page, "no such model");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  /* A model's details open, and the GGUF entry shows its image status. */
  kf_models_page_set_search_text (page, "");
  {
    g_autoptr(KfModel) gemma = NULL;
    for (guint i = 0; i < g_list_model_get_n_items (results) && gemma == NULL; i++)
      {
        g_autoptr(KfModel) m = g_list_model_get_item (results, i);
        if (g_str_equal (kf_model_get_id (m), "kaito/gemma2-2b"))
          gemma = g_steal_pointer (&m);
      }
    g_assert_nonnull (gemma);
    g_signal_connect_swapped (page, "deploy-requested", G_CALLBACK (deploy_requested_cb), &requested);
    kf_models_page_show_details (page, gemma);
    spin (20);
    /* Deploy hands the model to whoever listens (the wizard). */
    g_assert_true (emit_deploy_click (GTK_WIDGET (page)));
    g_assert_true (requested == gemma);
  }
  gtk_window_destroy (window);
  spin (20);
}

static void
test_hf_search (void)
{
  Hub hub;
  KfModelsPage *page;
  GtkWindow *window;
  g_autoptr(KfHfClient) client = NULL;
  GListModel *results;

  hub_start (&hub);
  window = page_window (&page);
  client = kf_hf_client_new (hub.base);
  kf_models_page_set_hf_client (page, client);
  results = kf_models_page_get_hf_results (page);

  /* On the HuggingFace tab, one character is not enough to search. */
  kf_models_page_show_tab (page, "huggingface");
  kf_models_page_set_search_text (page, "l");
  spin (700);
  g_assert_cmpstr (kf_models_page_get_hf_state (page), ==, "hint");
  g_assert_cmpuint (hub.n_search, ==, 0);

  /* Typing fast: one request, for the last text (debounced). */
  kf_models_page_set_search_text (page, "ll");
  spin (50);
  kf_models_page_set_search_text (page, "lla");
  spin (50);
  kf_models_page_set_search_text (page, "llama");
  spin_until (g_strcmp0 (kf_models_page_get_hf_state (page), "results") == 0);
  g_assert_cmpuint (hub.n_search, ==, 1);
  g_assert_cmpstr (hub.last_search, ==, "llama");
  /* Page 1: the first Llama fixture (this Hub pages by one). */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);

  /* Load More follows the Link header. */
  kf_models_page_load_more (page);
  spin_until (g_list_model_get_n_items (results) == 2);
  g_assert_cmpuint (hub.n_search, ==, 2);
  g_assert_cmpstr (kf_models_page_get_hf_state (page), ==, "results");
  {
    g_autoptr(KfModel) a = g_list_model_get_item (results, 0);
    g_autoptr(KfModel) b = g_list_model_get_item (results, 1);
    g_assert_cmpstr (kf_model_get_author (a), ==, "meta-llama");
    g_assert_cmpstr (kf_model_get_author (b), ==, "meta-llama");
    g_assert_cmpstr (kf_model_get_id (a), !=, kf_model_get_id (b));
  }

  /* A slow answer is cancelled by the next query. */
  kf_models_page_set_search_text (page, "slow");
  spin_until (hub.n_search == 3);
  g_assert_cmpstr (kf_models_page_get_hf_state (page), ==, "loading");
  kf_models_page_set_search_text (page, "gpt2");
  spin_until (g_strcmp0 (kf_models_page_get_hf_state (page), "results") == 0);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  {
    g_autoptr(KfModel) m = g_list_model_get_item (results, 0);
    g_assert_cmpstr (kf_model_get_id (m), ==, "openai-community/gpt2");
  }

  /* Errors are shown, with what to do. */
  kf_models_page_set_search_text (page, "busy");
  spin_until (g_strcmp0 (kf_models_page_get_hf_state (page), "error") == 0);
  g_assert_nonnull (strstr (kf_models_page_get_hf_error (page), "try again in 30 seconds"));

  gtk_window_destroy (window);
  spin (50);
  hub_stop (&hub);
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
  g_test_add_func ("/models-page/type-filters-curated", test_type_filters_curated);
  g_test_add_func ("/models-page/hf-search", test_hf_search);
  g_test_add_func ("/models-page/fit-badges", test_fit_badges);
  return g_test_run ();
}
