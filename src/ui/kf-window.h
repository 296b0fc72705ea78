/* kf-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-cluster-status-button.h"
#include "kf-context-switcher.h"

G_BEGIN_DECLS

#define KF_TYPE_WINDOW (kf_window_get_type ())

G_DECLARE_FINAL_TYPE (KfWindow, kf_window, KF, WINDOW, AdwApplicationWindow)

KfWindow   *kf_window_new              (AdwApplication *application);
void        kf_window_set_page         (KfWindow       *self,
                                        const char     *name);
const char *kf_window_get_page         (KfWindow       *self);
void        kf_window_add_toast        (KfWindow       *self,
                                        AdwToast       *toast);

KfClusterStatusButton *kf_window_get_status_button    (KfWindow *self);
KfContextSwitcher     *kf_window_get_context_switcher (KfWindow *self);

G_END_DECLS
