/* kf-sim-selector.h: Kubernetes label and field selectors
 *
 * Label selectors: "app=x,tier!=y,env in (a,b),env notin (c),present,!absent"
 * ("==" as "="). Field selectors: "metadata.name=x,status.phase!=Failed"; a
 * missing field compares as the empty string, as the API server does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _KfSimSelector KfSimSelector;

/* Parses both selectors (either may be NULL or empty). Fails with
 * KF_SIM_STORE_ERROR_BAD_REQUEST and the API server's message on bad syntax. */
KfSimSelector *kf_sim_selector_new     (const char    *label_selector,
                                        const char    *field_selector,
                                        GError       **error);
gboolean       kf_sim_selector_matches (KfSimSelector *self,
                                        JsonNode      *object);
gboolean       kf_sim_selector_is_empty (KfSimSelector *self);
void           kf_sim_selector_free    (KfSimSelector *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfSimSelector, kf_sim_selector_free)

G_END_DECLS
