/* kf-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-hf-account.h"

G_BEGIN_DECLS

#define KF_TYPE_PREFERENCES_WINDOW (kf_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KfPreferencesWindow, kf_preferences_window, KF, PREFERENCES_WINDOW, AdwPreferencesWindow)

KfPreferencesWindow *kf_preferences_window_new (GtkWindow *parent);

/* The HuggingFace account shown (and signed in/out) in the HuggingFace group. */
void                 kf_preferences_window_set_hf_account (KfPreferencesWindow *self,
                                                           KfHfAccount         *account);
KfHfAccount         *kf_preferences_window_get_hf_account (KfPreferencesWindow *self);
/* The "Paste Token…" dialog while it is open (for tests), else NULL. */
AdwMessageDialog    *kf_preferences_window_get_token_dialog (KfPreferencesWindow *self);

G_END_DECLS
