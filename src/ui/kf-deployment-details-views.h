/* kf-deployment-details-views.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-deployment-details-page.h"

G_BEGIN_DECLS

/* Puts the log, metrics and try-it views in the details page's tabs and keeps
 * them pointed at the deployment shown. Called once from the page's init. */
void _kf_deployment_details_attach_views (KfDeploymentDetailsPage *page);

G_END_DECLS
