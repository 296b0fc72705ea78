/* kf-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-hf-account.h"
#include "kf-models-page.h"

G_BEGIN_DECLS

#define KF_TYPE_APPLICATION (kf_application_get_type ())

G_DECLARE_FINAL_TYPE (KfApplication, kf_application, KF, APPLICATION, AdwApplication)

KfApplication *kf_application_new      (void);
gboolean       kf_application_get_demo (KfApplication *self);

/* The HuggingFace sign-in shared by the Preferences window and the Models
 * page (created, with its client id bound to the hf-client-id setting and
 * the saved token loaded, at startup). */
KfHfAccount   *kf_application_get_hf_account (KfApplication *self);
/* Gives @page the account's token now and whenever it changes, for as long
 * as the page lives. */
void           kf_application_follow_hf_account (KfModelsPage *page,
                                                 KfHfAccount  *account);

G_END_DECLS
