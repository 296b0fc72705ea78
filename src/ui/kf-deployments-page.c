/* kf-deployments-page.c: every KubeFoundry deployment of the cluster, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-deployment-actions.h"
#include "kf-deployment-widgets.h"
#include "kf-deployments-page.h"
#include "kf-provider-registry.h"

typedef enum
{
  COL_NAME, COL_NAMESPACE, COL_RUNTIME, COL_MODEL, COL_ENGINE, COL_PHASE, COL_REPLICAS, COL_AGE, COL_ACTIONS,
  N_COLUMNS
} Column;

/* Below these widths (of the page) secondary columns give way to a subtitle
 * under the name: namespace, engine and age first, then runtime and model. */
#define MEDIUM_WIDTH 800
#define NARROW_WIDTH 560
/* The narrowest the page asks for (the window folds its sidebar at 360 px). */
#define MIN_WIDTH 320

struct _KfDeploymentsPage
{
  GtkWidget                parent_instance;

  AdwToastOverlay         *toast_overlay;
  AdwLeaflet              *leaflet;
  GtkStack                *stack;
  AdwStatusPage           *not_connected_page;
  GtkButton               *browse_models_button;
  GtkSpinner              *spinner;
  GtkBox                  *toolbar;
  GtkBox                  *filter_box;
  GtkScrolledWindow       *scrolled_window;
  GtkSearchEntry          *search_entry;
  GtkDropDown             *runtime_dropdown;
  GtkDropDown             *phase_dropdown;
  GtkToggleButton         *all_namespaces_button;
  GtkLabel                *summary_label;
  GtkLabel                *error_label;
  GtkStack                *results_stack;
  GtkColumnView           *column_view;
  KfDeploymentDetailsPage *details_page;

  KfClusterSession        *session;
  KfKubeClient            *client;
  KfDeploymentList        *list;
  GListStore              *empty_store;
  GtkFilterListModel      *filter_model;
  GtkSortListModel        *sort_model;
  GtkSingleSelection      *selection;
  GtkCustomFilter         *filter;
  GCancellable            *cancellable;
  GPtrArray               *age_labels;   /* bound age and name cells, refreshed each 30 s */
  GtkColumnViewColumn     *columns[N_COLUMNS];
  KfDeploymentsLayout      layout;
  guint                    age_timer;
  guint                    clear_source;

  char                    *search;
  char                    *runtime_filter;
  int                      phase_filter;
};

G_DEFINE_FINAL_TYPE (KfDeploymentsPage, kf_deployments_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_OPEN_DEPLOYMENT, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *const runtime_ids[] = { NULL, "dynamo", "kuberay", "kaito" };
static const int phase_values[] = {
  -1, KF_DEPLOYMENT_PHASE_RUNNING, KF_DEPLOYMENT_PHASE_DEPLOYING, KF_DEPLOYMENT_PHASE_PENDING,
  KF_DEPLOYMENT_PHASE_FAILED, KF_DEPLOYMENT_PHASE_TERMINATING,
};

/* ---- state ---- */

static void
update_state (KfDeploymentsPage *self)
{
  guint total = self->list ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  guint shown = self->sort_model ? g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) : 0;
  const char *error = self->list ? kf_deployment_list_get_error (self->list) : NULL;
  const char *page;

  if (self->stack == NULL)
    return;
  if (self->session == NULL || self->client == NULL)
    {
      const char *detail = self->session ? kf_cluster_session_get_detail (self->session) : NULL;

      adw_status_page_set_description (self->not_connected_page,
                                       detail && *detail ? detail : _("Connect to a cluster to see its deployments."));
      page = "not-connected";
    }
  else if (!kf_deployment_list_get_synced (self->list) && total == 0)
    page = error ? "list" : "loading";
  else if (total == 0 && error == NULL)
    page = "empty";
  else
    page = "list";

  gtk_spinner_set_spinning (self->spinner, g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_stack_set_visible_child_name (self->results_stack, shown == 0 && total > 0 ? "no-match" : "table");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_label_set_text (self->error_label, error ? error : "");
  {
    g_autofree char *summary = NULL;

    if (shown == total)
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deployment", "%u deployments", total), total);
    else
      summary = g_strdup_printf (_("%u of %u deployments"), shown, total);
    gtk_label_set_text (self->summary_label, summary);
  }
}

const char *
kf_deployments_page_get_state (KfDeploymentsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENTS_PAGE (self), NULL);
  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "details") == 0)
    return "details";
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
list_changed_cb (KfDeploymentsPage *self)
{
  update_state (self);
}

static void
rebuild (KfDeploymentsPage *self)
{
  KfKubeClient *client = self->session ? kf_cluster_session_get_client (self->session) : NULL;

  if (self->list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->list, self);
      kf_deployment_list_stop (self->list);
      g_clear_object (&self->list);
    }
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      const char *ns = gtk_toggle_button_get_active (self->all_namespaces_button)
                       ? NULL : kf_cluster_session_get_namespace (self->session);

      self->list = kf_deployment_list_new (client, ns);
      g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (list_changed_cb), self);
      g_signal_connect_swapped (self->list, "notify::synced", G_CALLBACK (list_changed_cb), self);
      g_signal_connect_swapped (self->list, "notify::error", G_CALLBACK (list_changed_cb), self);
      gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->list));
      kf_deployment_list_start (self->list);
    }
  else
    gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->empty_store));
  update_state (self);
}

static void
session_changed_cb (KfDeploymentsPage *self)
{
  KfKubeClient *client = self->session ? kf_cluster_session_get_client (self->session) : NULL;

  if (client != self->client)
    {
      kf_deployments_page_show_list (self);
      rebuild (self);
    }
  else
    update_state (self);
}

/* ---- filter ---- */

static gboolean
contains_ci (const char *haystack,
             const char *needle)
{
  g_autofree char *h = NULL;
  g_autofree char *n = NULL;

  if (haystack == NULL)
    return FALSE;
  h = g_utf8_casefold (haystack, -1);
  n = g_utf8_casefold (needle, -1);
  return strstr (h, n) != NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  KfDeploymentsPage *self = user_data;
  KfDeployment *d = item;

  if (self->runtime_filter && g_strcmp0 (kf_deployment_get_provider_id (d), self->runtime_filter) != 0)
    return FALSE;
  if (self->phase_filter >= 0 && (int) kf_deployment_get_phase (d) != self->phase_filter)
    return FALSE;
  if (self->search && *self->search &&
      !contains_ci (kf_deployment_get_name (d), self->search) &&
      !contains_ci (kf_deployment_get_namespace (d), self->search) &&
      !contains_ci (kf_deployment_get_model (d), self->search) &&
      !contains_ci (kf_deployment_get_runtime_name (d), self->search))
    return FALSE;
  return TRUE;
}

static void
refilter (KfDeploymentsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

void
kf_deployments_page_set_search (KfDeploymentsPage *self,
                                const char        *text)
{
  g_return_if_fail (KF_IS_DEPLOYMENTS_PAGE (self));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  g_free (self->search);
  self->search = g_strdup (text);
  refilter (self);
}

void
kf_deployments_page_set_runtime_filter (KfDeploymentsPage *self,
                                        const char        *provider_id)
{
  g_return_if_fail (KF_IS_DEPLOYMENTS_PAGE (self));
  for (guint i = 0; i < G_N_ELEMENTS (runtime_ids); i++)
    if (g_strcmp0 (runtime_ids[i], provider_id) == 0 && gtk_drop_down_get_selected (self->runtime_dropdown) != i)
      gtk_drop_down_set_selected (self->runtime_dropdown, i);
  g_free (self->runtime_filter);
  self->runtime_filter = g_strdup (provider_id);
  refilter (self);
}

void
kf_deployments_page_set_phase_filter (KfDeploymentsPage *self,
                                      int                phase)
{
  g_return_if_fail (KF_IS_DEPLOYMENTS_PAGE (self));
  for (guint i = 0; i < G_N_ELEMENTS (phase_values); i++)
    if (phase_values[i] == phase && gtk_drop_down_get_selected (self->phase_dropdown) != i)
      gtk_drop_down_set_selected (self->phase_dropdown, i);
  self->phase_filter = phase;
  refilter (self);
}

static void
search_changed_cb (KfDeploymentsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_strcmp0 (text, self->search) != 0)
    kf_deployments_page_set_search (self, text);
}

static void
runtime_selected_cb (KfDeploymentsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->runtime_dropdown);

  if (i < G_N_ELEMENTS (runtime_ids) && g_strcmp0 (runtime_ids[i], self->runtime_filter) != 0)
    kf_deployments_page_set_runtime_filter (self, runtime_ids[i]);
}

static void
phase_selected_cb (KfDeploymentsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->phase_dropdown);

  if (i < G_N_ELEMENTS (phase_values) && phase_values[i] != self->phase_filter)
    kf_deployments_page_set_phase_filter (self, phase_values[i]);
}

/* ---- cells ---- */

/* The name cell: the name, then (when columns are hidden) what they would
 * show: "model · runtime" (narrow) and "namespace · engine · age". */
static void
refresh_name_cell (GtkWidget          *box,
                   KfDeployment       *d,
                   KfDeploymentsLayout layout)
{
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *line1 = gtk_widget_get_next_sibling (title);
  GtkWidget *line2 = gtk_widget_get_next_sibling (line1);

  gtk_label_set_text (GTK_LABEL (title), kf_deployment_get_name (d));
  gtk_widget_set_visible (line1, layout == KF_DEPLOYMENTS_LAYOUT_NARROW);
  gtk_widget_set_visible (line2, layout != KF_DEPLOYMENTS_LAYOUT_WIDE);
  if (layout == KF_DEPLOYMENTS_LAYOUT_NARROW)
    {
      g_autofree char *text = g_strdup_printf ("%s · %s", kf_deployment_get_model (d) ? kf_deployment_get_model (d) : "",
                                               kf_deployment_get_runtime_name (d));
      gtk_label_set_text (GTK_LABEL (line1), text);
    }
  if (layout != KF_DEPLOYMENTS_LAYOUT_WIDE)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *age = kf_deployment_format_age (d, now);
      g_autofree char *text = g_strdup_printf ("%s · %s · %s", kf_deployment_get_namespace (d),
                                               kf_deployment_get_engine_name (d), age);
      gtk_label_set_text (GTK_LABEL (line2), text);
    }
}

static void
refresh_cell (GtkListItem *list_item)
{
  KfDeployment *d = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  Column col = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "kf-column"));
  KfDeploymentsPage *self = g_object_get_data (G_OBJECT (list_item), "kf-page");

  if (d == NULL || child == NULL)
    return;
  switch (col)
    {
    case COL_NAME:
      refresh_name_cell (child, d, self ? self->layout : KF_DEPLOYMENTS_LAYOUT_WIDE);
      break;
    case COL_NAMESPACE: gtk_label_set_text (GTK_LABEL (child), kf_deployment_get_namespace (d)); break;
    case COL_RUNTIME:
      kf_runtime_badge_update (child, kf_deployment_get_provider_id (d), kf_deployment_get_runtime_name (d));
      break;
    case COL_MODEL:
      gtk_label_set_text (GTK_LABEL (child), kf_deployment_get_model (d));
      gtk_widget_set_tooltip_text (child, kf_deployment_get_model (d));
      break;
    case COL_ENGINE: gtk_label_set_text (GTK_LABEL (child), kf_deployment_get_engine_name (d)); break;
    case COL_PHASE:
      kf_phase_badge_update (child, kf_deployment_get_phase (d));
      gtk_widget_set_tooltip_text (child, kf_deployment_get_status (d)->message);
      break;
    case COL_REPLICAS: gtk_label_set_text (GTK_LABEL (child), kf_deployment_get_replicas (d)); break;
    case COL_AGE:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        g_autofree char *age = kf_deployment_format_age (d, now);

        gtk_label_set_text (GTK_LABEL (child), age);
      }
      break;
    case COL_ACTIONS:
    default:
      break;
    }
}

static void
delete_clicked_cb (GtkButton   *button,
                   GtkListItem *list_item)
{
  KfDeploymentsPage *self = KF_DEPLOYMENTS_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (button), KF_TYPE_DEPLOYMENTS_PAGE));
  KfDeployment *d = gtk_list_item_get_item (list_item);

  if (self != NULL && d != NULL)
    kf_deployments_page_delete (self, d);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  data)
{
  Column col = GPOINTER_TO_INT (data);
  GtkWidget *child;

  g_object_set_data (G_OBJECT (list_item), "kf-column", data);
  if (col == COL_ACTIONS)
    {
      child = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_add_css_class (child, "flat");
      gtk_widget_set_tooltip_text (child, _("Delete"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Delete"), -1);
      g_signal_connect (child, "clicked", G_CALLBACK (delete_clicked_cb), list_item);
      gtk_list_item_set_activatable (list_item, FALSE);
    }
  else if (col == COL_NAME)
    {
      child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      for (guint i = 0; i < 3; i++)
        {
          GtkWidget *label = gtk_label_new (NULL);

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_widget_add_css_class (label, i == 0 ? "heading" : "caption");
          if (i > 0)
            {
              gtk_widget_add_css_class (label, "dim-label");
              gtk_widget_set_visible (label, FALSE);
            }
          gtk_box_append (GTK_BOX (child), label);
        }
    }
  else
    {
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
      if (col == COL_RUNTIME || col == COL_PHASE)
        gtk_widget_set_halign (child, GTK_ALIGN_START);
      if (col == COL_MODEL)
        gtk_label_set_max_width_chars (GTK_LABEL (child), 32);
      if (col == COL_REPLICAS || col == COL_AGE)
        gtk_widget_add_css_class (child, "numeric");
    }
  gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (list_item, child);
}

static void
item_notify_cb (GObject     *item,
                GParamSpec  *pspec,
                GtkListItem *list_item)
{
  refresh_cell (list_item);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         KfDeploymentsPage        *self)
{
  KfDeployment *d = gtk_list_item_get_item (list_item);
  Column col = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "kf-column"));

  g_object_set_data (G_OBJECT (list_item), "kf-page", self);
  refresh_cell (list_item);
  g_signal_connect_object (d, "notify", G_CALLBACK (item_notify_cb), list_item, 0);
  if (col == COL_AGE || col == COL_NAME)
    g_ptr_array_add (self->age_labels, list_item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           KfDeploymentsPage        *self)
{
  KfDeployment *d = gtk_list_item_get_item (list_item);

  if (d != NULL)
    g_signal_handlers_disconnect_by_func (d, item_notify_cb, list_item);
  g_ptr_array_remove_fast (self->age_labels, list_item);
}

static gboolean
age_tick_cb (gpointer data)
{
  KfDeploymentsPage *self = data;

  for (guint i = 0; i < self->age_labels->len; i++)
    refresh_cell (g_ptr_array_index (self->age_labels, i));
  return G_SOURCE_CONTINUE;
}

static int
age_compare (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  g_autoptr(GDateTime) ta = kf_deployment_dup_creation_time ((KfDeployment *) a);
  g_autoptr(GDateTime) tb = kf_deployment_dup_creation_time ((KfDeployment *) b);

  /* younger first when ascending, like sorting by age */
  if (ta == NULL || tb == NULL)
    return (ta == NULL) - (tb == NULL);
  return -g_date_time_compare (ta, tb);
}

static void
add_column (KfDeploymentsPage *self,
            const char        *title,
            Column             col,
            GtkSorter         *sorter,
            gboolean           expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (col));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, col != COL_ACTIONS);
  if (sorter != NULL)
    gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (self->column_view, column);
  self->columns[col] = column;
  g_clear_object (&sorter);
}

static GtkSorter *
string_sorter (const char *property)
{
  return GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (KF_TYPE_DEPLOYMENT, NULL, property)));
}

static void
build_columns (KfDeploymentsPage *self)
{
  add_column (self, _("Name"), COL_NAME, string_sorter ("name"), TRUE);
  add_column (self, _("Namespace"), COL_NAMESPACE, string_sorter ("namespace"), FALSE);
  add_column (self, _("Runtime"), COL_RUNTIME, string_sorter ("runtime-name"), FALSE);
  add_column (self, _("Model"), COL_MODEL, string_sorter ("model"), TRUE);
  add_column (self, _("Engine"), COL_ENGINE, string_sorter ("engine-name"), FALSE);
  add_column (self, _("Phase"), COL_PHASE,
              GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (KF_TYPE_DEPLOYMENT, NULL, "phase"))),
              FALSE);
  add_column (self, _("Replicas"), COL_REPLICAS, string_sorter ("replicas"), FALSE);
  add_column (self, _("Age"), COL_AGE, GTK_SORTER (gtk_custom_sorter_new (age_compare, NULL, NULL)), FALSE);
  add_column (self, NULL, COL_ACTIONS, NULL, FALSE);
}

/* ---- adaptive layout ---- */

static KfDeploymentsLayout
layout_for_width (int width)
{
  if (width < NARROW_WIDTH)
    return KF_DEPLOYMENTS_LAYOUT_NARROW;
  if (width < MEDIUM_WIDTH)
    return KF_DEPLOYMENTS_LAYOUT_MEDIUM;
  return KF_DEPLOYMENTS_LAYOUT_WIDE;
}

static void
set_layout (KfDeploymentsPage   *self,
            KfDeploymentsLayout  layout)
{
  gboolean wide = layout == KF_DEPLOYMENTS_LAYOUT_WIDE;
  gboolean narrow = layout == KF_DEPLOYMENTS_LAYOUT_NARROW;

  if (self->layout == layout)
    return;
  self->layout = layout;
  gtk_column_view_column_set_visible (self->columns[COL_NAMESPACE], wide);
  gtk_column_view_column_set_visible (self->columns[COL_ENGINE], wide);
  gtk_column_view_column_set_visible (self->columns[COL_AGE], wide);
  gtk_column_view_column_set_visible (self->columns[COL_RUNTIME], !narrow);
  gtk_column_view_column_set_visible (self->columns[COL_MODEL], !narrow);
  /* the toolbar: one row, then the filters under the search entry; the
   * namespaces toggle keeps only its icon (its tooltip and label stay) */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->toolbar),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->runtime_dropdown), narrow);
  gtk_widget_set_hexpand (GTK_WIDGET (self->phase_dropdown), narrow);
  if (wide)
    gtk_button_set_label (GTK_BUTTON (self->all_namespaces_button), _("All _Namespaces"));
  else
    gtk_button_set_icon_name (GTK_BUTTON (self->all_namespaces_button), "network-workgroup-symbolic");
  for (guint i = 0; i < self->age_labels->len; i++)
    refresh_cell (g_ptr_array_index (self->age_labels, i));
}

KfDeploymentsLayout
kf_deployments_page_get_layout (KfDeploymentsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENTS_PAGE (self), KF_DEPLOYMENTS_LAYOUT_WIDE);
  return self->layout;
}

static void
kf_deployments_page_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  KfDeploymentsPage *self = KF_DEPLOYMENTS_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size, minimum, natural, NULL, NULL);
  /* the layout adapts to any width down to MIN_WIDTH: never ask for more */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN (*minimum, MIN_WIDTH);
      *natural = MAX (*natural, *minimum);
    }
}

static void
kf_deployments_page_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  KfDeploymentsPage *self = KF_DEPLOYMENTS_PAGE (widget);
  GtkWidget *child = GTK_WIDGET (self->toast_overlay);
  int min_width = 0;

  set_layout (self, layout_for_width (width));
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  /* narrower than even the narrow layout: clip rather than overlap */
  gtk_widget_allocate (child, MAX (width, min_width), height, baseline, NULL);
}

/* ---- navigation ---- */

void
kf_deployments_page_open_deployment (KfDeploymentsPage *self,
                                     const char        *ns,
                                     const char        *name,
                                     const char        *provider_id)
{
  g_return_if_fail (KF_IS_DEPLOYMENTS_PAGE (self));

  g_clear_handle_id (&self->clear_source, g_source_remove);
  kf_deployment_details_page_show (self->details_page, ns, name, provider_id);
  adw_leaflet_set_visible_child_name (self->leaflet, "details");
  g_clear_handle_id (&self->clear_source, g_source_remove);
  g_signal_emit (self, signals[SIGNAL_OPEN_DEPLOYMENT], 0, ns, name, provider_id);
}

void
kf_deployments_page_show_list (KfDeploymentsPage *self)
{
  g_return_if_fail (KF_IS_DEPLOYMENTS_PAGE (self));

  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "list") != 0)
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "list");
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
    }
}

static gboolean
clear_details_cb (gpointer data)
{
  KfDeploymentsPage *self = data;

  self->clear_source = 0;
  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "list") == 0 &&
      !adw_leaflet_get_child_transition_running (self->leaflet))
    kf_deployment_details_page_clear (self->details_page);
  return G_SOURCE_REMOVE;
}

static void
leaflet_child_cb (KfDeploymentsPage *self)
{
  /* navigated back (Alt+←, swipe, Escape): stop the details' watches once the list shows */
  if (self->clear_source == 0 && g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "list") == 0)
    self->clear_source = g_timeout_add (500, clear_details_cb, self);
}

static void
activate_cb (GtkColumnView     *view,
             guint              position,
             KfDeploymentsPage *self)
{
  g_autoptr(KfDeployment) d = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (d != NULL)
    kf_deployments_page_open_deployment (self, kf_deployment_get_namespace (d), kf_deployment_get_name (d),
                                         kf_deployment_get_provider_id (d));
}

static void
details_back_cb (KfDeploymentsPage *self)
{
  kf_deployments_page_show_list (self);
}

static void
details_deleted_cb (KfDeploymentsPage *self)
{
  kf_deployments_page_show_list (self);
}

/* ---- delete ---- */

typedef struct
{
  KfDeploymentsPage *self;
  char              *name;
} DeleteOp;

static void
delete_op_free (DeleteOp *op)
{
  g_object_unref (op->self);
  g_free (op->name);
  g_free (op);
}

static void
toast (KfDeploymentsPage *self,
       const char        *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DeleteOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (kf_deployment_delete_finish (KF_KUBE_CLIENT (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Deleted “%s”"), op->name);
      toast (op->self, text);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not delete “%s”: %s"), op->name, error->message);
      toast (op->self, text);
    }
  delete_op_free (op);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  KfDeploymentsPage *self = KF_DEPLOYMENTS_PAGE (user_data);
  KfDeployment *d = g_object_get_data (G_OBJECT (dialog), "kf-deployment");
  DeleteOp *op;

  if (g_strcmp0 (response, "delete") != 0 || d == NULL || self->client == NULL)
    return;
  op = g_new0 (DeleteOp, 1);
  op->self = g_object_ref (self);
  op->name = g_strdup (kf_deployment_get_name (d));
  kf_deployment_delete_async (self->client, kf_deployment_get_provider (d), kf_deployment_get_namespace (d),
                              kf_deployment_get_name (d), self->cancellable, deleted_cb, op);
}

void
kf_deployments_page_delete (KfDeploymentsPage *self,
                            KfDeployment      *deployment)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (KF_IS_DEPLOYMENTS_PAGE (self));
  g_return_if_fail (KF_IS_DEPLOYMENT (deployment));

  dialog = kf_deployment_delete_dialog_new (GTK_WIDGET (self), kf_deployment_get_namespace (deployment),
                                            kf_deployment_get_name (deployment),
                                            kf_deployment_get_provider_id (deployment));
  g_object_set_data_full (G_OBJECT (dialog), "kf-deployment", g_object_ref (deployment), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KfDeploymentsPage *self = KF_DEPLOYMENTS_PAGE (widget);
  KfDeployment *d = gtk_single_selection_get_selected_item (self->selection);

  if (d != NULL && g_strcmp0 (kf_deployments_page_get_state (self), "list") == 0)
    kf_deployments_page_delete (self, d);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kf_deployments_page_show_list (KF_DEPLOYMENTS_PAGE (widget));
}

/* ---- public ---- */

GtkWidget *
kf_deployments_page_new (void)
{
  return g_object_new (KF_TYPE_DEPLOYMENTS_PAGE, NULL);
}

void
kf_deployments_page_set_session (KfDeploymentsPage *self,
                                 KfClusterSession  *session)
{
  g_return_if_fail (KF_IS_DEPLOYMENTS_PAGE (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_swapped (session, "notify::client", G_CALLBACK (session_changed_cb), self);
      g_signal_connect_swapped (session, "notify::state", G_CALLBACK (session_changed_cb), self);
      g_signal_connect_swapped (session, "notify::detail", G_CALLBACK (update_state), self);
    }
  kf_deployment_details_page_set_session (self->details_page, session);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

KfClusterSession *
kf_deployments_page_get_session (KfDeploymentsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENTS_PAGE (self), NULL);
  return self->session;
}

KfDeploymentList *
kf_deployments_page_get_list (KfDeploymentsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENTS_PAGE (self), NULL);
  return self->list;
}

GListModel *
kf_deployments_page_get_visible_model (KfDeploymentsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENTS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

KfDeploymentDetailsPage *
kf_deployments_page_get_details_page (KfDeploymentsPage *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENTS_PAGE (self), NULL);
  return self->details_page;
}

/* ---- GObject ---- */

static void
namespaces_toggled_cb (KfDeploymentsPage *self)
{
  if (self->client != NULL)
    rebuild (self);
}

static void
kf_deployments_page_dispose (GObject *object)
{
  KfDeploymentsPage *self = KF_DEPLOYMENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->age_timer, g_source_remove);
  g_clear_handle_id (&self->clear_source, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->list, self);
      kf_deployment_list_stop (self->list);
    }
  if (self->sort_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sort_model, self);
  if (self->details_page != NULL)
    g_signal_handlers_disconnect_by_data (self->details_page, self);
  if (self->leaflet != NULL)
    g_signal_handlers_disconnect_by_data (self->leaflet, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_DEPLOYMENTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->list);
  g_clear_object (&self->client);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (kf_deployments_page_parent_class)->dispose (object);
}

static void
kf_deployments_page_finalize (GObject *object)
{
  KfDeploymentsPage *self = KF_DEPLOYMENTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->empty_store);
  g_ptr_array_unref (self->age_labels);
  g_free (self->search);
  g_free (self->runtime_filter);
  G_OBJECT_CLASS (kf_deployments_page_parent_class)->finalize (object);
}

static void
kf_deployments_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KfDeploymentsPage *self = KF_DEPLOYMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION: g_value_set_object (value, self->session); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_deployments_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KfDeploymentsPage *self = KF_DEPLOYMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION: kf_deployments_page_set_session (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_deployments_page_class_init (KfDeploymentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kf_deployments_page_dispose;
  object_class->finalize = kf_deployments_page_finalize;
  object_class->get_property = kf_deployments_page_get_property;
  object_class->set_property = kf_deployments_page_set_property;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, KF_TYPE_CLUSTER_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_OPEN_DEPLOYMENT] = g_signal_new ("open-deployment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (KF_TYPE_DEPLOYMENT_DETAILS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kubefoundry/KubeFoundry/ui/kf-deployments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, not_connected_page);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, browse_models_button);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, runtime_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, phase_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, all_namespaces_button);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KfDeploymentsPage, details_page);

  gtk_widget_class_install_action (widget_class, "deployments.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_install_action (widget_class, "deployments.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "deployments.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "deployments.back", NULL);
  widget_class->measure = kf_deployments_page_measure;
  widget_class->size_allocate = kf_deployments_page_size_allocate;
}

static void
kf_deployments_page_init (KfDeploymentsPage *self)
{
  g_autoptr(GtkStringList) runtimes = NULL;
  g_autoptr(GtkStringList) phases = NULL;
  GtkSorter *view_sorter;

  g_type_ensure (KF_TYPE_DEPLOYMENT);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->age_labels = g_ptr_array_new ();
  self->phase_filter = -1;
  self->empty_store = g_list_store_new (KF_TYPE_DEPLOYMENT);

  runtimes = gtk_string_list_new ((const char *const[]) { _("All Runtimes"), "NVIDIA Dynamo", "KubeRay", "KAITO", NULL });
  gtk_drop_down_set_model (self->runtime_dropdown, G_LIST_MODEL (runtimes));
  phases = gtk_string_list_new ((const char *const[]) { _("All Phases"), _("Running"), _("Deploying"), _("Pending"),
                                                        _("Failed"), _("Terminating"), NULL });
  gtk_drop_down_set_model (self->phase_dropdown, G_LIST_MODEL (phases));

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->empty_store)),
                                                  GTK_FILTER (g_object_ref (self->filter)));
  build_columns (self);
  view_sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                              g_object_ref (view_sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  {
    g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), 0);

    gtk_column_view_sort_by_column (self->column_view, first, GTK_SORT_ASCENDING);
  }

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->runtime_dropdown, "notify::selected", G_CALLBACK (runtime_selected_cb), self);
  g_signal_connect_swapped (self->phase_dropdown, "notify::selected", G_CALLBACK (phase_selected_cb), self);
  g_signal_connect_swapped (self->all_namespaces_button, "toggled", G_CALLBACK (namespaces_toggled_cb), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->sort_model, "items-changed", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->details_page, "back", G_CALLBACK (details_back_cb), self);
  g_signal_connect_swapped (self->details_page, "deleted", G_CALLBACK (details_deleted_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child", G_CALLBACK (leaflet_child_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::child-transition-running", G_CALLBACK (leaflet_child_cb), self);
  self->age_timer = g_timeout_add_seconds (30, age_tick_cb, self);
  update_state (self);
}
