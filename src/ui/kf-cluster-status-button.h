/* kf-cluster-status-button.h: the header's cluster connection indicator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * KfClusterState:
 * @KF_CLUSTER_STATE_NOT_CONFIGURED: no kubeconfig context is selected
 * @KF_CLUSTER_STATE_CONNECTING: the API server is being contacted
 * @KF_CLUSTER_STATE_CONNECTED: the API server answered and accepted our credentials
 * @KF_CLUSTER_STATE_UNREACHABLE: the API server did not answer (DNS, refused, timeout)
 * @KF_CLUSTER_STATE_UNAUTHORIZED: the API server rejected the credentials (401/403)
 * @KF_CLUSTER_STATE_TLS_ERROR: the server certificate could not be verified
 *
 * What the header shows about the current cluster connection.
 */
typedef enum
{
  KF_CLUSTER_STATE_NOT_CONFIGURED,
  KF_CLUSTER_STATE_CONNECTING,
  KF_CLUSTER_STATE_CONNECTED,
  KF_CLUSTER_STATE_UNREACHABLE,
  KF_CLUSTER_STATE_UNAUTHORIZED,
  KF_CLUSTER_STATE_TLS_ERROR,
} KfClusterState;

#define KF_TYPE_CLUSTER_STATE (kf_cluster_state_get_type ())
GType kf_cluster_state_get_type (void);

const char *kf_cluster_state_to_label (KfClusterState state);

#define KF_TYPE_CLUSTER_STATUS_BUTTON (kf_cluster_status_button_get_type ())

G_DECLARE_FINAL_TYPE (KfClusterStatusButton, kf_cluster_status_button, KF, CLUSTER_STATUS_BUTTON, GtkWidget)

GtkWidget      *kf_cluster_status_button_new         (void);
KfClusterState  kf_cluster_status_button_get_state   (KfClusterStatusButton *self);
void            kf_cluster_status_button_set_state   (KfClusterStatusButton *self,
                                                      KfClusterState         state);
const char     *kf_cluster_status_button_get_detail  (KfClusterStatusButton *self);
void            kf_cluster_status_button_set_detail  (KfClusterStatusButton *self,
                                                      const char            *detail);
void            kf_cluster_status_button_set_status  (KfClusterStatusButton *self,
                                                      KfClusterState         state,
                                                      const char            *detail);
gboolean        kf_cluster_status_button_get_compact (KfClusterStatusButton *self);
void            kf_cluster_status_button_set_compact (KfClusterStatusButton *self,
                                                      gboolean               compact);

G_END_DECLS
