/* kf-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-cluster-status-button.h"
#include "kf-context-switcher.h"
#include "kf-cluster-session.h"
#include "kf-gpu-watcher.h"

G_BEGIN_DECLS

#define KF_TYPE_WINDOW (kf_window_get_type ())

G_DECLARE_FINAL_TYPE (KfWindow, kf_window, KF, WINDOW, AdwApplicationWindow)

KfWindow   *kf_window_new              (AdwApplication *application);
KfWindow   *kf_window_new_for_session  (AdwApplication   *application,
                                        KfClusterSession *session);
void        kf_window_set_page         (KfWindow       *self,
                                        const char     *name);
const char *kf_window_get_page         (KfWindow       *self);
void        kf_window_add_toast        (KfWindow       *self,
                                        AdwToast       *toast);

KfClusterStatusButton *kf_window_get_status_button    (KfWindow *self);
KfContextSwitcher     *kf_window_get_context_switcher (KfWindow *self);
KfClusterSession      *kf_window_get_session          (KfWindow *self);
KfGpuWatcher          *kf_window_get_gpu_watcher      (KfWindow *self);
/* A line shown above the connection detail ("Simulated demo cluster"); NULL for none. */
/* TRUE by default: a context chosen in the switcher is remembered in GSettings. */
void                   kf_window_set_remember_context (KfWindow   *self,
                                                       gboolean    remember);
void                   kf_window_set_cluster_description (KfWindow   *self,
                                                          const char *description);

G_END_DECLS
