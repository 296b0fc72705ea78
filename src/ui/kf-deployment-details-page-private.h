/* kf-deployment-details-page-private.h: what the details page's files share
 *
 * The page is one GObject (kf-deployment-details-page.c) whose sections live
 * in their own files: -header.c (header, status, conditions, manifest),
 * -pods.c (pods and events rows), -diagnosis.c (why it is not running) and
 * -actions.c (scale, delete, port-forward, export).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-deployment-details-page.h"
#include "kf-informer.h"
#include "kf-provider.h"

G_BEGIN_DECLS

struct _KfDeploymentDetailsPage
{
  GtkWidget           parent_instance;

  AdwToastOverlay    *toast_overlay;
  GtkLabel           *title_label;
  GtkLabel           *phase_label;
  GtkLabel           *runtime_label;
  GtkLabel           *subtitle_label;
  GtkBox             *header_box;
  AdwViewSwitcher    *view_switcher;
  AdwViewStack       *view_stack;
  GtkBox             *diagnosis_box;
  GtkBox             *diagnosis_list;
  AdwActionRow       *replicas_row;
  AdwActionRow       *model_row;
  AdwActionRow       *engine_row;
  AdwActionRow       *endpoint_row;
  AdwActionRow       *message_row;
  GtkListBox         *conditions_list;
  GtkListBox         *pods_list;
  GtkListBox         *events_list;
  GtkTextView        *manifest_view;
  GtkBox             *logs_box;
  GtkBox             *metrics_box;
  GtkBox             *tryit_box;

  KfClusterSession   *session;
  KfKubeClient       *client;
  char               *ns;
  char               *name;
  KfProvider         *provider;
  KfKubeResource      resource;
  GCancellable       *cancellable;

  KfInformer         *cr_informer;
  KfInformer         *pods_informer;
  KfInformer         *events_informer;
  GtkCustomFilter    *events_filter;
  GtkFilterListModel *events_filtered;
  GtkSortListModel   *events_sorted;

  JsonNode           *cr;
  KfDeploymentStatus *status;
  gboolean            seen_cr;
  GPtrArray          *findings;
  guint               diagnose_source;
  JsonNode           *nodes;
  JsonNode           *all_pods;
  gint64              nodes_time;
  gboolean            fetching_nodes;
  guint               tick_source;
};


enum
{
  PROP_0,
  PROP_SESSION,
  PROP_NAMESPACE,
  PROP_NAME,
  PROP_PROVIDER_ID,
  PROP_PODS_MODEL,
  PROP_FRONTEND_SERVICE,
  PROP_FRONTEND_PORT,
  PROP_ENGINE,
  PROP_MODEL,
  N_PROPS
};
extern GParamSpec *kf_details_properties[N_PROPS];

enum { SIGNAL_BACK, SIGNAL_DELETED, N_SIGNALS };
extern guint kf_details_signals[N_SIGNALS];

void kf_details_toast (KfDeploymentDetailsPage *self, const char *text);
JsonNode *kf_details_member (JsonNode *node, const char *path);
const char *kf_details_string_at (JsonNode *node, const char *path);
char *kf_details_age_of (const char *timestamp);
void kf_details_clear_list_box (GtkListBox *box);
void kf_details_update_actions (KfDeploymentDetailsPage *self);
void kf_details_update_header (KfDeploymentDetailsPage *self);
void kf_details_update_status (KfDeploymentDetailsPage *self);
void kf_details_set_cr (KfDeploymentDetailsPage *self, JsonNode *cr);
void kf_details_cr_changed_cb (GListModel *model, guint position, guint removed, guint added, KfDeploymentDetailsPage *self);
GtkWidget *kf_details_create_pod_row (gpointer item, gpointer user_data);
gboolean kf_details_event_filter_func (gpointer item, gpointer user_data);
int kf_details_event_compare (gconstpointer a, gconstpointer b, gpointer data);
GtkWidget *kf_details_create_event_row (gpointer item, gpointer user_data);
void kf_details_render_findings (KfDeploymentDetailsPage *self);
void kf_details_schedule_diagnosis (KfDeploymentDetailsPage *self);
void kf_details_pods_changed_cb (KfDeploymentDetailsPage *self);
gboolean kf_details_tick_cb (gpointer data);
void kf_details_back_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kf_details_copy_port_forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kf_details_delete_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kf_details_scale_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void kf_details_export_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

G_END_DECLS
