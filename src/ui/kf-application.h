/* kf-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KF_TYPE_APPLICATION (kf_application_get_type ())

G_DECLARE_FINAL_TYPE (KfApplication, kf_application, KF, APPLICATION, AdwApplication)

KfApplication *kf_application_new      (void);
gboolean       kf_application_get_demo (KfApplication *self);

G_END_DECLS
