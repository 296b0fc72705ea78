/* kf-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KF_TYPE_PREFERENCES_WINDOW (kf_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KfPreferencesWindow, kf_preferences_window, KF, PREFERENCES_WINDOW, AdwPreferencesWindow)

KfPreferencesWindow *kf_preferences_window_new (GtkWindow *parent);

G_END_DECLS
