/* kf-informer.h: a live GListModel of one resource type (list + watch)
 *
 * Items are KfKubeObject, sorted by (namespace, name). A MODIFIED event
 * replaces the item's JSON in place and emits items-changed (pos, 1, 1) for
 * it; ADDED/DELETED insert/remove at the sorted position; a relist (first
 * sync, 410 Gone) reconciles the whole list with minimal changes. "synced"
 * turns TRUE after the first list; "last-error" holds the latest failure
 * (NULL again once the watch is connected) for a status line in the UI.
 *
 *   informer = kf_informer_new (client, &kf_kube_resource_pods, "default", "app=x", NULL);
 *   gtk_list_view_set_model (…, G_LIST_MODEL (informer));
 *   kf_informer_start (informer);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-kube-client.h"
#include "kf-kube-object.h"
#include "kf-kube-watch.h"

G_BEGIN_DECLS

#define KF_TYPE_INFORMER (kf_informer_get_type ())
G_DECLARE_FINAL_TYPE (KfInformer, kf_informer, KF, INFORMER, GObject)

/* @ns NULL: all namespaces (or a cluster-scoped resource). */
KfInformer   *kf_informer_new            (KfKubeClient         *client,
                                          const KfKubeResource *resource,
                                          const char           *ns,
                                          const char           *label_selector,
                                          const char           *field_selector);
void          kf_informer_start          (KfInformer           *self);
void          kf_informer_stop           (KfInformer           *self);
gboolean      kf_informer_get_synced     (KfInformer           *self);
/* The latest failure, or NULL (borrowed). */
const GError *kf_informer_get_last_error (KfInformer           *self);
/* The item for (ns, name), or NULL (borrowed). */
KfKubeObject *kf_informer_lookup         (KfInformer           *self,
                                          const char           *ns,
                                          const char           *name);
/* The underlying watch (to tune backoff in tests, count reconnects). */
KfKubeWatch  *kf_informer_get_watch      (KfInformer           *self);

/* Properties: "synced" (bool), "last-error" (GError boxed), "n-items" (uint).
 * Signals: GListModel::items-changed. */

G_END_DECLS
