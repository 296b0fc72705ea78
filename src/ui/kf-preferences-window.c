/* kf-preferences-window.c: local preferences, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-preferences-window.h"

struct _KfPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkSwitch            *all_namespaces_switch;
  GtkSpinButton        *log_lines_spin;
  AdwEntryRow          *hf_client_id_row;
};

G_DEFINE_FINAL_TYPE (KfPreferencesWindow, kf_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
kf_preferences_window_dispose (GObject *object)
{
  KfPreferencesWindow *self = KF_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kf_preferences_window_parent_class)->dispose (object);
}

static void
kf_preferences_window_class_init (KfPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kf_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kf-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, all_namespaces_switch);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, log_lines_spin);
  gtk_widget_class_bind_template_child (widget_class, KfPreferencesWindow, hf_client_id_row);
}

static void
kf_preferences_window_init (KfPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "all-namespaces", self->all_namespaces_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "log-max-lines", self->log_lines_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "hf-client-id", self->hf_client_id_row, "text", G_SETTINGS_BIND_DEFAULT);
}

KfPreferencesWindow *
kf_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (KF_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}
