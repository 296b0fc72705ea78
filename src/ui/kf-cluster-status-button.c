/* kf-cluster-status-button.c: the header's cluster connection indicator
 *
 * A coloured dot and a short label ("Connected", "Unreachable", …) in a menu
 * button whose popover explains the state.  The connection code drives it
 * with kf_cluster_status_button_set_status(); it knows nothing about networking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-cluster-status"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-cluster-status-button.h"

struct _KfClusterStatusButton
{
  GtkWidget       parent_instance;

  KfClusterState  state;
  char           *detail;
  gboolean        compact;

  /* template children */
  GtkMenuButton  *button;
  GtkWidget      *dot;
  GtkSpinner     *spinner;
  GtkLabel       *label;
  GtkLabel       *title_label;
  GtkLabel       *detail_label;
  GtkWidget      *retry_button;
  GtkWidget      *token_button;
};

G_DEFINE_FINAL_TYPE (KfClusterStatusButton, kf_cluster_status_button, GTK_TYPE_WIDGET)


enum {
  PROP_0,
  PROP_STATE,
  PROP_DETAIL,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The dot's style classes; exactly one is set at a time. */
static const char * const dot_classes[] = { "neutral", "connecting", "connected", "error" };

/**
 * kf_cluster_state_to_label:
 * @state: a #KfClusterState
 *
 * Returns: (transfer none): the short, translated label shown in the header
 */
const char *
kf_cluster_state_to_label (KfClusterState state)
{
  switch (state)
    {
    case KF_CLUSTER_STATE_NOT_CONFIGURED:
      return _("Not Configured");
    case KF_CLUSTER_STATE_CONNECTING:
      return _("Connecting…");
    case KF_CLUSTER_STATE_CONNECTED:
      return _("Connected");
    case KF_CLUSTER_STATE_UNREACHABLE:
      return _("Unreachable");
    case KF_CLUSTER_STATE_UNAUTHORIZED:
      return _("Unauthorized");
    case KF_CLUSTER_STATE_TLS_ERROR:
      return _("TLS Error");
    case KF_CLUSTER_STATE_CONFIG_ERROR:
      return _("Kubeconfig Error");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What the popover says when the caller gave no detail text. */
static const char *
default_detail (KfClusterState state)
{
  switch (state)
    {
    case KF_CLUSTER_STATE_NOT_CONFIGURED:
      return _("No cluster is configured. Add a context to your kubeconfig (~/.kube/config or $KUBECONFIG), then choose it with the context button above the page list.");
    case KF_CLUSTER_STATE_CONNECTING:
      return _("Contacting the cluster’s API server…");
    case KF_CLUSTER_STATE_CONNECTED:
      return _("The cluster’s API server accepted your credentials.");
    case KF_CLUSTER_STATE_UNREACHABLE:
      return _("The cluster’s API server did not answer. Check the network, VPN or proxy settings.");
    case KF_CLUSTER_STATE_UNAUTHORIZED:
      return _("The cluster rejected your credentials. Log in again or refresh the kubeconfig’s token.");
    case KF_CLUSTER_STATE_TLS_ERROR:
      return _("The cluster’s certificate could not be verified. Check the certificate authority in your kubeconfig.");
    case KF_CLUSTER_STATE_CONFIG_ERROR:
      return _("This context’s kubeconfig entries cannot be used. Fix the kubeconfig or choose another context.");
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
dot_class (KfClusterState state)
{
  switch (state)
    {
    case KF_CLUSTER_STATE_NOT_CONFIGURED:
      return "neutral";
    case KF_CLUSTER_STATE_CONNECTING:
      return "connecting";
    case KF_CLUSTER_STATE_CONNECTED:
      return "connected";
    case KF_CLUSTER_STATE_UNREACHABLE:
    case KF_CLUSTER_STATE_UNAUTHORIZED:
    case KF_CLUSTER_STATE_TLS_ERROR:
    case KF_CLUSTER_STATE_CONFIG_ERROR:
    default:
      return "error";
    }
}

static void
token_clicked_cb (KfClusterStatusButton *self)
{
  /* the token dialog takes over: the popover must not stay above it */
  gtk_menu_button_popdown (self->button);
}

static void
update_display (KfClusterStatusButton *self)
{
  const char *label = kf_cluster_state_to_label (self->state);
  const char *detail = self->detail != NULL && *self->detail != '\0' ? self->detail : default_detail (self->state);
  gboolean connecting = self->state == KF_CLUSTER_STATE_CONNECTING;
  g_autofree char *tooltip = NULL;

  gtk_label_set_label (self->label, label);
  gtk_label_set_label (self->title_label, label);
  gtk_label_set_label (self->detail_label, detail);

  for (guint i = 0; i < G_N_ELEMENTS (dot_classes); i++)
    gtk_widget_remove_css_class (self->dot, dot_classes[i]);
  gtk_widget_add_css_class (self->dot, dot_class (self->state));

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), connecting);
  gtk_spinner_set_spinning (self->spinner, connecting);
  gtk_widget_set_visible (self->dot, !connecting);
  gtk_widget_set_visible (GTK_WIDGET (self->label), !self->compact);
  /* win.reconnect / win.paste-token are the window's; elsewhere they stay insensitive */
  gtk_widget_set_visible (self->retry_button, self->state != KF_CLUSTER_STATE_CONNECTING &&
                                              self->state != KF_CLUSTER_STATE_NOT_CONFIGURED);
  gtk_widget_set_visible (self->token_button, self->state == KF_CLUSTER_STATE_UNAUTHORIZED);

  /* Translators: tooltip and accessible name of the header's status button; %s is e.g. "Connected" */
  tooltip = g_strdup_printf (_("Cluster status: %s"), label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail,
                                  -1);
}

static void
kf_cluster_status_button_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  KfClusterStatusButton *self = KF_CLUSTER_STATUS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_cluster_status_button_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  KfClusterStatusButton *self = KF_CLUSTER_STATUS_BUTTON (object);

  switch (prop_id)
    {
    case PROP_STATE:
      kf_cluster_status_button_set_state (self, g_value_get_enum (value));
      break;
    case PROP_DETAIL:
      kf_cluster_status_button_set_detail (self, g_value_get_string (value));
      break;
    case PROP_COMPACT:
      kf_cluster_status_button_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_cluster_status_button_dispose (GObject *object)
{
  KfClusterStatusButton *self = KF_CLUSTER_STATUS_BUTTON (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_CLUSTER_STATUS_BUTTON);

  G_OBJECT_CLASS (kf_cluster_status_button_parent_class)->dispose (object);
}

static void
kf_cluster_status_button_finalize (GObject *object)
{
  KfClusterStatusButton *self = KF_CLUSTER_STATUS_BUTTON (object);

  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (kf_cluster_status_button_parent_class)->finalize (object);
}

static void
kf_cluster_status_button_class_init (KfClusterStatusButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kf_cluster_status_button_get_property;
  object_class->set_property = kf_cluster_status_button_set_property;
  object_class->dispose = kf_cluster_status_button_dispose;
  object_class->finalize = kf_cluster_status_button_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       KF_TYPE_CLUSTER_STATE, KF_CLUSTER_STATE_NOT_CONFIGURED,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kf-cluster-status-button.ui");
  gtk_widget_class_bind_template_child (widget_class, KfClusterStatusButton, button);
  gtk_widget_class_bind_template_child (widget_class, KfClusterStatusButton, dot);
  gtk_widget_class_bind_template_child (widget_class, KfClusterStatusButton, spinner);
  gtk_widget_class_bind_template_child (widget_class, KfClusterStatusButton, label);
  gtk_widget_class_bind_template_child (widget_class, KfClusterStatusButton, title_label);
  gtk_widget_class_bind_template_child (widget_class, KfClusterStatusButton, detail_label);
  gtk_widget_class_bind_template_child (widget_class, KfClusterStatusButton, retry_button);
  gtk_widget_class_bind_template_child (widget_class, KfClusterStatusButton, token_button);
  gtk_widget_class_bind_template_callback (widget_class, token_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "clusterstatusbutton");
}

static void
kf_cluster_status_button_init (KfClusterStatusButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->state = KF_CLUSTER_STATE_NOT_CONFIGURED;
  update_display (self);
}

GtkWidget *
kf_cluster_status_button_new (void)
{
  return g_object_new (KF_TYPE_CLUSTER_STATUS_BUTTON, NULL);
}

KfClusterState
kf_cluster_status_button_get_state (KfClusterStatusButton *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_STATUS_BUTTON (self), KF_CLUSTER_STATE_NOT_CONFIGURED);

  return self->state;
}

void
kf_cluster_status_button_set_state (KfClusterStatusButton *self,
                                    KfClusterState         state)
{
  g_return_if_fail (KF_IS_CLUSTER_STATUS_BUTTON (self));
  g_return_if_fail (state <= KF_CLUSTER_STATE_CONFIG_ERROR);

  if (self->state == state)
    return;

  self->state = state;
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * kf_cluster_status_button_get_detail:
 *
 * Returns: (nullable): the detail text set by the caller, or %NULL when the
 *   popover shows the state's default explanation
 */
const char *
kf_cluster_status_button_get_detail (KfClusterStatusButton *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_STATUS_BUTTON (self), NULL);

  return self->detail;
}

/**
 * kf_cluster_status_button_set_detail:
 * @detail: (nullable): what the popover says, e.g. the server address and the
 *   error message; %NULL for the state's default explanation.  Never a secret.
 */
void
kf_cluster_status_button_set_detail (KfClusterStatusButton *self,
                                     const char            *detail)
{
  g_return_if_fail (KF_IS_CLUSTER_STATUS_BUTTON (self));

  if (g_strcmp0 (self->detail, detail) == 0)
    return;

  g_free (self->detail);
  self->detail = g_strdup (detail);
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

/**
 * kf_cluster_status_button_set_status:
 *
 * Sets the state and the detail text together (one redraw, two notifications at most).
 */
void
kf_cluster_status_button_set_status (KfClusterStatusButton *self,
                                     KfClusterState         state,
                                     const char            *detail)
{
  g_return_if_fail (KF_IS_CLUSTER_STATUS_BUTTON (self));

  g_object_freeze_notify (G_OBJECT (self));
  kf_cluster_status_button_set_state (self, state);
  kf_cluster_status_button_set_detail (self, detail);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
kf_cluster_status_button_get_compact (KfClusterStatusButton *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_STATUS_BUTTON (self), FALSE);

  return self->compact;
}

/**
 * kf_cluster_status_button_set_compact:
 * @compact: %TRUE to show only the dot (narrow windows); the label stays in
 *   the tooltip, the accessible name and the popover
 */
void
kf_cluster_status_button_set_compact (KfClusterStatusButton *self,
                                      gboolean               compact)
{
  g_return_if_fail (KF_IS_CLUSTER_STATUS_BUTTON (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}
