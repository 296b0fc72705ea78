/* kf-cluster-status-button.h: the header's cluster connection indicator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kf-cluster-session.h"  /* KfClusterState */

G_BEGIN_DECLS


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
