/* kf-application.c: the AdwApplication, its app.* actions and accelerators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "kf-application.h"
#include "kf-demo-cluster.h"
#include "kf-preferences-window.h"
#include "kf-window.h"

struct _KfApplication
{
  AdwApplication parent_instance;

  gboolean       demo;
  KfDemoCluster *demo_cluster;
  KfHfAccount   *hf_account;
  GSettings     *settings;
};

G_DEFINE_FINAL_TYPE (KfApplication, kf_application, ADW_TYPE_APPLICATION)

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* close windows first so that they save their state */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (app);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  KfPreferencesWindow *prefs = kf_preferences_window_new (parent);

  kf_preferences_window_set_hf_account (prefs, kf_application_get_hf_account (KF_APPLICATION (app)));

  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The KubeFoundry developers", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);

  adw_show_about_window (parent,
                         "application-name", _("KubeFoundry"),
                         "application-icon", APP_ID,
                         "developer-name", _("The KubeFoundry developers"),
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_URL,
                         "issue-url", PACKAGE_URL "/issues",
                         "comments", _("Deploy and operate large language models on Kubernetes with NVIDIA Dynamo, KubeRay or KAITO."),
                         "developers", developers,
                         /* Translators: replace with your names, one per line */
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 The KubeFoundry developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static void
kf_application_startup (GApplication *app)
{
  static const struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.show-page::models", { "<Control>1", NULL } },
    { "win.show-page::deployments", { "<Control>2", NULL } },
    { "win.show-page::runtimes", { "<Control>3", NULL } },
    { "win.show-page::cluster", { "<Control>4", NULL } },
  };

  G_APPLICATION_CLASS (kf_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

/* Ctrl+C or a plain kill still ends the demo cleanly (server stopped,
 * kubeconfig removed). */
static gboolean
quit_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
demo_seeded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KfWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  if (kf_demo_cluster_seed_finish (KF_DEMO_CLUSTER (source), result, &error) < 0 &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s is the reason */
      g_autofree char *text = g_strdup_printf (_("The demo deployments could not be created: %s"), error->message);

      kf_window_add_toast (window, adw_toast_new (text));
    }
}

static void
kf_application_activate (GApplication *app)
{
  KfApplication *self = KF_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (self->demo && self->demo_cluster == NULL)
        {
          self->demo_cluster = kf_demo_cluster_new (4.0);
          if (!kf_demo_cluster_start (self->demo_cluster, &error))
            g_clear_object (&self->demo_cluster);
          else
            {
              g_unix_signal_add (SIGINT, quit_signal_cb, app);
              g_unix_signal_add (SIGTERM, quit_signal_cb, app);
            }
        }

      if (self->demo_cluster != NULL)
        {
          g_autoptr(KfClusterSession) session = kf_demo_cluster_new_session (self->demo_cluster);

          window = GTK_WINDOW (kf_window_new_for_session (ADW_APPLICATION (app), session));
          kf_window_set_cluster_description (KF_WINDOW (window), _("Simulated demo cluster (kubefoundry --demo)"));
          /* the demo's context is not the user's: keep their remembered one */
          kf_window_set_remember_context (KF_WINDOW (window), FALSE);
          /* some deployments for the simulated operators to run */
          kf_demo_cluster_seed_async (self->demo_cluster, NULL, demo_seeded_cb, g_object_ref (window));
        }
      else
        window = GTK_WINDOW (kf_window_new (ADW_APPLICATION (app)));

      /* the Models page uses the HuggingFace token for gated models */
      kf_application_follow_hf_account (KF_MODELS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), KF_TYPE_WINDOW,
                                                                                      "models_page")),
                                        kf_application_get_hf_account (self));

      if (error != NULL)
        {
          /* Translators: %s is the reason */
          g_autofree char *text = g_strdup_printf (_("The demo cluster could not start: %s"), error->message);
          AdwToast *toast = adw_toast_new (text);

          adw_toast_set_timeout (toast, 0);
          kf_window_add_toast (KF_WINDOW (window), toast);
        }
    }
  gtk_window_present (window);
}

static void
kf_application_shutdown (GApplication *app)
{
  KfApplication *self = KF_APPLICATION (app);

  G_APPLICATION_CLASS (kf_application_parent_class)->shutdown (app);
  /* windows are gone (their sessions shut down): stop the demo server */
  if (self->demo_cluster != NULL)
    kf_demo_cluster_stop (self->demo_cluster);
  g_clear_object (&self->demo_cluster);
}

static int
kf_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  KfApplication *self = KF_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("kubefoundry %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;

  return -1;
}

static void
kf_application_dispose (GObject *object)
{
  KfApplication *self = KF_APPLICATION (object);

  g_clear_object (&self->hf_account);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (kf_application_parent_class)->dispose (object);
}

static void
kf_application_class_init (KfApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kf_application_dispose;

  app_class->startup = kf_application_startup;
  app_class->activate = kf_application_activate;
  app_class->shutdown = kf_application_shutdown;
  app_class->handle_local_options = kf_application_handle_local_options;
}

static void
kf_application_init (KfApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Connect to a simulated demo cluster started in-process instead of your kubeconfig"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

KfApplication *
kf_application_new (void)
{
  return g_object_new (KF_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * kf_application_get_demo:
 *
 * Returns: %TRUE when the app was started with `--demo`
 */
gboolean
kf_application_get_demo (KfApplication *self)
{
  g_return_val_if_fail (KF_IS_APPLICATION (self), FALSE);

  return self->demo;
}

static void
hf_account_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Not fatal: the Preferences window shows the state; the token is never logged. */
  if (!kf_hf_account_load_finish (KF_HF_ACCOUNT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("HuggingFace sign-in not restored: %s", error->message);
}

/**
 * kf_application_get_hf_account:
 *
 * Returns: (transfer none): the HuggingFace account, created and loaded on first use
 */
KfHfAccount *
kf_application_get_hf_account (KfApplication *self)
{
  g_return_val_if_fail (KF_IS_APPLICATION (self), NULL);

  if (self->hf_account == NULL)
    {
      self->hf_account = kf_hf_account_new (NULL, NULL);
      self->settings = g_settings_new (APP_ID);
      g_settings_bind (self->settings, "hf-client-id", self->hf_account, "client-id", G_SETTINGS_BIND_GET);
      kf_hf_account_load_async (self->hf_account, NULL, hf_account_loaded_cb, NULL);
    }
  return self->hf_account;
}

static void
push_hf_token (KfHfAccount  *account,
               GParamSpec   *pspec,
               KfModelsPage *page)
{
  char *token = kf_hf_account_dup_token (account);

  kf_models_page_set_hf_token (page, token);
  if (token)
    kf_keyring_secret_free (token);
}

void
kf_application_follow_hf_account (KfModelsPage *page,
                                  KfHfAccount  *account)
{
  g_return_if_fail (KF_IS_MODELS_PAGE (page));
  g_return_if_fail (KF_IS_HF_ACCOUNT (account));

  kf_models_page_set_hf_client (page, kf_hf_account_get_client (account));
  push_hf_token (account, NULL, page);
  g_signal_connect_object (account, "notify::token-available", G_CALLBACK (push_hf_token), page, 0);
}
