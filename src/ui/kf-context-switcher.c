/* kf-context-switcher.c: the header's kubeconfig context menu button
 *
 * Shows the current context's name ("No Cluster" when there is none) and a
 * popover listing every context of a GListModel of GtkStringObject.  Picking
 * one emits ::context-activated; the caller switches, then sets :current.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-context-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-context-switcher.h"
#include "kf-kube-context.h"

struct _KfContextSwitcher
{
  GtkWidget      parent_instance;

  GListModel    *contexts;
  char          *current;

  /* template children */
  GtkMenuButton *button;
  GtkLabel      *label;
  GtkPopover    *popover;
  GtkListBox    *list;
};

G_DEFINE_FINAL_TYPE (KfContextSwitcher, kf_context_switcher, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXTS,
  PROP_CURRENT,
  N_PROPS
};

enum {
  CONTEXT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  KfContextSwitcher *self = user_data;
  const char *name;
  const char *error = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  /* GtkStringList reports G_TYPE_OBJECT as its item type in GTK 4.8, so the
   * item type is checked here rather than in set_contexts() */
  if (KF_IS_KUBE_CONTEXT (item))
    {
      KfKubeContext *context = item;
      const char *ns = kf_kube_context_get_namespace (context);

      name = kf_kube_context_get_name (context);
      error = kf_kube_context_get_error (context);
      /* Translators: a context's subtitle: "CLUSTER · namespace NAMESPACE" */
      subtitle = g_strdup_printf (_("%s · namespace %s"),
                                  kf_kube_context_get_cluster (context) != NULL ? kf_kube_context_get_cluster (context) : "?",
                                  ns != NULL ? ns : "default");
    }
  else
    name = gtk_string_object_get_string (GTK_STRING_OBJECT (item));

  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_box_append (GTK_BOX (texts), label);
  if (subtitle != NULL || error != NULL)
    {
      GtkWidget *sub = gtk_label_new (error != NULL ? error : subtitle);

      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      /* one line each: wrapped labels confuse the popover's natural height */
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (sub), 40);
      gtk_widget_set_tooltip_text (sub, error != NULL ? error : subtitle);
      gtk_widget_add_css_class (sub, "caption");
      gtk_widget_add_css_class (sub, error != NULL ? "error" : "dim-label");
      gtk_box_append (GTK_BOX (texts), sub);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);

  gtk_widget_set_opacity (check, g_strcmp0 (name, self->current) == 0 ? 1.0 : 0.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Current context"),
                                  -1);
  gtk_box_append (GTK_BOX (box), check);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* a context whose kubeconfig entries are broken can't be chosen; its row says why */
  if (error != NULL)
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (row), "kf-context", g_strdup (name), g_free);
  return row;
}

static void
rebind (KfContextSwitcher *self)
{
  gtk_list_box_bind_model (self->list, self->contexts, create_row_cb, self, NULL);
}

static void
row_activated_cb (KfContextSwitcher *self,
                  GtkListBoxRow     *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "kf-context");

  gtk_popover_popdown (self->popover);
  if (name != NULL)
    g_signal_emit (self, signals[CONTEXT_ACTIVATED], 0, name);
}

static void
update_label (KfContextSwitcher *self)
{
  gboolean have = self->current != NULL && *self->current != '\0';
  const char *shown = have ? self->current : _("No Cluster");
  g_autofree char *a11y = NULL;

  gtk_label_set_label (self->label, shown);
  /* Translators: accessible name of the header's context button; %s is a kubeconfig context or "No Cluster" */
  a11y = g_strdup_printf (_("Cluster context: %s"), shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  -1);
}

static void
kf_context_switcher_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KfContextSwitcher *self = KF_CONTEXT_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_CONTEXTS:
      g_value_set_object (value, self->contexts);
      break;
    case PROP_CURRENT:
      g_value_set_string (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_context_switcher_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KfContextSwitcher *self = KF_CONTEXT_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_CONTEXTS:
      kf_context_switcher_set_contexts (self, g_value_get_object (value));
      break;
    case PROP_CURRENT:
      kf_context_switcher_set_current (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_context_switcher_dispose (GObject *object)
{
  KfContextSwitcher *self = KF_CONTEXT_SWITCHER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_CONTEXT_SWITCHER);
  g_clear_object (&self->contexts);

  G_OBJECT_CLASS (kf_context_switcher_parent_class)->dispose (object);
}

static void
kf_context_switcher_finalize (GObject *object)
{
  KfContextSwitcher *self = KF_CONTEXT_SWITCHER (object);

  g_clear_pointer (&self->current, g_free);

  G_OBJECT_CLASS (kf_context_switcher_parent_class)->finalize (object);
}

static void
kf_context_switcher_class_init (KfContextSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kf_context_switcher_get_property;
  object_class->set_property = kf_context_switcher_set_property;
  object_class->dispose = kf_context_switcher_dispose;
  object_class->finalize = kf_context_switcher_finalize;

  properties[PROP_CONTEXTS] =
    g_param_spec_object ("contexts", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CURRENT] =
    g_param_spec_string ("current", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KfContextSwitcher::context-activated:
   * @name: the kubeconfig context the user picked
   *
   * The user picked a context.  The switcher does not change :current by
   * itself: the caller does once the switch has happened.
   */
  signals[CONTEXT_ACTIVATED] =
    g_signal_new ("context-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kf-context-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, KfContextSwitcher, button);
  gtk_widget_class_bind_template_child (widget_class, KfContextSwitcher, label);
  gtk_widget_class_bind_template_child (widget_class, KfContextSwitcher, popover);
  gtk_widget_class_bind_template_child (widget_class, KfContextSwitcher, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "contextswitcher");
}

static void
kf_context_switcher_init (KfContextSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->contexts = G_LIST_MODEL (gtk_string_list_new (NULL));
  rebind (self);
  update_label (self);
}

GtkWidget *
kf_context_switcher_new (void)
{
  return g_object_new (KF_TYPE_CONTEXT_SWITCHER, NULL);
}

/**
 * kf_context_switcher_get_contexts:
 *
 * Returns: (transfer none): the listed contexts, a #GListModel of #GtkStringObject
 */
GListModel *
kf_context_switcher_get_contexts (KfContextSwitcher *self)
{
  g_return_val_if_fail (KF_IS_CONTEXT_SWITCHER (self), NULL);

  return self->contexts;
}

/**
 * kf_context_switcher_set_contexts:
 * @contexts: (nullable): a #GListModel of #KfKubeContext (name, cluster and
 *   namespace shown; an erroneous one shown with its error, not activatable)
 *   or of #GtkStringObject (context names);
 *   %NULL for none.  Changes to the model show up in the popover.
 */
void
kf_context_switcher_set_contexts (KfContextSwitcher *self,
                                  GListModel        *contexts)
{
  g_autoptr(GListModel) empty = NULL;

  g_return_if_fail (KF_IS_CONTEXT_SWITCHER (self));
  g_return_if_fail (contexts == NULL || G_IS_LIST_MODEL (contexts));

  if (contexts == NULL)
    contexts = empty = G_LIST_MODEL (gtk_string_list_new (NULL));

  if (!g_set_object (&self->contexts, contexts))
    return;

  rebind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXTS]);
}

/**
 * kf_context_switcher_get_current:
 *
 * Returns: (nullable): the context shown as current
 */
const char *
kf_context_switcher_get_current (KfContextSwitcher *self)
{
  g_return_val_if_fail (KF_IS_CONTEXT_SWITCHER (self), NULL);

  return self->current;
}

void
kf_context_switcher_set_current (KfContextSwitcher *self,
                                 const char        *current)
{
  g_return_if_fail (KF_IS_CONTEXT_SWITCHER (self));

  if (current != NULL && *current == '\0')
    current = NULL;
  if (g_strcmp0 (self->current, current) == 0)
    return;

  g_free (self->current);
  self->current = g_strdup (current);
  update_label (self);
  rebind (self);  /* moves the check mark; context lists are short */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}
