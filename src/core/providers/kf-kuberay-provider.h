/* kf-kuberay-provider.h: the Kuberay provider (reference §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-provider.h"

G_BEGIN_DECLS

#define KF_TYPE_KUBERAY_PROVIDER (kf_kuberay_provider_get_type ())
G_DECLARE_FINAL_TYPE (KfKuberayProvider, kf_kuberay_provider, KF, KUBERAY_PROVIDER, GObject)

KfProvider *kf_kuberay_provider_new (void);

G_END_DECLS
