/* kf-gpu-watcher.h: the current cluster's GPU inventory, kept live
 *
 * Follows a KfClusterSession: while it has a client, two informers (nodes,
 * pods in all namespaces) feed kf_gpu_inventory_compute_from_lists(); changes
 * are coalesced (one recompute per burst) and announced through
 * notify::inventory. The inventory is NULL while not connected or before both
 * lists are synced. Shared by the Models page and the deploy wizard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-cluster-session.h"
#include "kf-gpu-inventory.h"

G_BEGIN_DECLS

#define KF_TYPE_GPU_WATCHER (kf_gpu_watcher_get_type ())
G_DECLARE_FINAL_TYPE (KfGpuWatcher, kf_gpu_watcher, KF, GPU_WATCHER, GObject)

KfGpuWatcher   *kf_gpu_watcher_new           (KfClusterSession *session);
/* (nullable) (transfer none): the latest inventory, NULL when unknown. */
KfGpuInventory *kf_gpu_watcher_get_inventory (KfGpuWatcher     *self);
/* Stops the informers and forgets the session (window closing). */
void            kf_gpu_watcher_shutdown      (KfGpuWatcher     *self);

G_END_DECLS
