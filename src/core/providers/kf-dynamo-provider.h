/* kf-dynamo-provider.h: the Dynamo provider (reference §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-provider.h"

G_BEGIN_DECLS

#define KF_TYPE_DYNAMO_PROVIDER (kf_dynamo_provider_get_type ())
G_DECLARE_FINAL_TYPE (KfDynamoProvider, kf_dynamo_provider, KF, DYNAMO_PROVIDER, GObject)

KfProvider *kf_dynamo_provider_new (void);

G_END_DECLS
