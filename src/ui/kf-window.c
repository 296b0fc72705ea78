/* kf-window.c: the main window: a sidebar of pages and a content area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-cluster-status-button.h"
#include "kf-context-switcher.h"
#include "kf-window.h"
#include "kf-models-page.h"

struct _KfWindow
{
  AdwApplicationWindow   parent_instance;

  GSettings             *settings;

  /* template children */
  AdwToastOverlay       *toast_overlay;
  AdwLeaflet            *leaflet;
  GtkListBox            *sidebar_list;
  AdwViewStack          *stack;
  AdwWindowTitle        *window_title;
  GtkButton             *back_button;
  KfContextSwitcher     *context_switcher;
  KfClusterStatusButton *status_button;
};

G_DEFINE_FINAL_TYPE (KfWindow, kf_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const page_names[] = { "models", "deployments", "runtimes", "cluster" };

static gboolean
is_page_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    if (g_strcmp0 (name, page_names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
select_sidebar_row (KfWindow   *self,
                    const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
          return;
        }
    }
}

static void
stack_page_changed_cb (KfWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);
  AdwViewStackPage *page;

  if (name == NULL)
    return;

  page = adw_view_stack_get_page (self->stack, adw_view_stack_get_visible_child (self->stack));
  adw_window_title_set_title (self->window_title, adw_view_stack_page_get_title (page));
  select_sidebar_row (self, name);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-page", name);
}

static void
show_content (KfWindow *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* On a folded leaflet only one pane shows; whatever moved it (the back button,
 * a row, Ctrl+1…4, Alt+←, a swipe), keyboard focus follows so it never stays
 * on a widget that slid away: to the back button on the content side, to the
 * current page's row on the sidebar side. */
static void
leaflet_visible_child_changed_cb (KfWindow *self)
{
  const char *visible = adw_leaflet_get_visible_child_name (self->leaflet);

  if (!adw_leaflet_get_folded (self->leaflet) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (g_strcmp0 (visible, "content") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->back_button));
  else if (g_strcmp0 (visible, "sidebar") == 0)
    {
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (g_strcmp0 (gtk_widget_get_name (row), kf_window_get_page (self)) == 0)
          {
            gtk_widget_grab_focus (row);
            break;
          }
    }
}

/* Unfolded, moving the selection with the arrow keys (or AT-SPI) switches page
 * at once, so the highlighted row and the page on show never disagree. */
static void
sidebar_row_selected_cb (KfWindow      *self,
                         GtkListBoxRow *row)
{
  if (row != NULL)
    kf_window_set_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
sidebar_row_activated_cb (KfWindow      *self,
                          GtkListBoxRow *row)
{
  kf_window_set_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
  show_content (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KfWindow *self = KF_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static void
leaflet_folded_changed_cb (KfWindow *self)
{
  /* Folded, the sidebar is a plain list of destinations (as in GNOME Settings);
   * unfolded, the row of the page on show is highlighted. */
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_NONE);
  else
    {
      gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_SINGLE);
      select_sidebar_row (self, kf_window_get_page (self));
    }
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KfWindow *self = KF_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (!is_page_name (name))
    {
      g_warning ("win.show-page: no page named “%s”", name);
      return;
    }
  kf_window_set_page (self, name);
  show_content (self);
}

static void
save_window_state (KfWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
kf_window_close_request (GtkWindow *window)
{
  save_window_state (KF_WINDOW (window));
  return GTK_WINDOW_CLASS (kf_window_parent_class)->close_request (window);
}

static void
kf_window_dispose (GObject *object)
{
  KfWindow *self = KF_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kf_window_parent_class)->dispose (object);
}

static void
kf_window_class_init (KfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kf_window_dispose;
  window_class->close_request = kf_window_close_request;

  g_type_ensure (KF_TYPE_MODELS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, context_switcher);
  gtk_widget_class_bind_template_child (widget_class, KfWindow, status_button);
  gtk_widget_class_bind_template_callback (widget_class, stack_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_visible_child_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);

  g_type_ensure (KF_TYPE_CLUSTER_STATUS_BUTTON);
  g_type_ensure (KF_TYPE_CONTEXT_SWITCHER);
}

static void
kf_window_init (KfWindow *self)
{
  g_autofree char *last_page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (self->settings, "last-page");
  kf_window_set_page (self, is_page_name (last_page) ? last_page : "models");
  stack_page_changed_cb (self);
  /* A narrow window opens on the remembered page; Back leads to the others. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

KfWindow *
kf_window_new (AdwApplication *application)
{
  return g_object_new (KF_TYPE_WINDOW, "application", application, NULL);
}

void
kf_window_set_page (KfWindow   *self,
                    const char *name)
{
  g_return_if_fail (KF_IS_WINDOW (self));
  g_return_if_fail (is_page_name (name));

  adw_view_stack_set_visible_child_name (self->stack, name);
}

const char *
kf_window_get_page (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
kf_window_add_toast (KfWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (KF_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * kf_window_get_status_button:
 *
 * Returns: (transfer none): the header's cluster status indicator, for the
 *   connection code to drive with kf_cluster_status_button_set_status()
 */
KfClusterStatusButton *
kf_window_get_status_button (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);

  return self->status_button;
}

/**
 * kf_window_get_context_switcher:
 *
 * Returns: (transfer none): the header's kubeconfig context switcher
 */
KfContextSwitcher *
kf_window_get_context_switcher (KfWindow *self)
{
  g_return_val_if_fail (KF_IS_WINDOW (self), NULL);

  return self->context_switcher;
}
