/* kf-kube-watch.h: list+watch of one resource type, resumable
 *
 * A KfKubeWatch keeps a watch stream (?watch=1&allowWatchBookmarks=true) open
 * for as long as it runs:
 *  - started without a resourceVersion, it first lists every page and emits
 *    ::listed, then watches from the list's resourceVersion;
 *  - after the stream ends or drops it resumes from the last resourceVersion
 *    it saw (events and bookmarks), with exponential backoff and jitter after
 *    failures (capped), emitting ::error for each failure so the UI can tell;
 *  - on 410 Gone (HTTP or an ERROR event) it relists and emits ::listed
 *    again: consumers replace what they hold with that list;
 *  - kf_kube_watch_stop(), or kf_kube_client_cancel_all() on its client,
 *    stops it at once (no more signals).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-kube-client.h"

G_BEGIN_DECLS

typedef enum
{
  KF_KUBE_WATCH_ADDED,
  KF_KUBE_WATCH_MODIFIED,
  KF_KUBE_WATCH_DELETED,
  KF_KUBE_WATCH_BOOKMARK,
} KfKubeWatchEventType;

#define KF_TYPE_KUBE_WATCH (kf_kube_watch_get_type ())
G_DECLARE_FINAL_TYPE (KfKubeWatch, kf_kube_watch, KF, KUBE_WATCH, GObject)

/* @ns NULL: all namespaces (or a cluster-scoped resource). */
KfKubeWatch *kf_kube_watch_new          (KfKubeClient         *client,
                                         const KfKubeResource *resource,
                                         const char           *ns,
                                         const char           *label_selector,
                                         const char           *field_selector);
/* Watch from @resource_version instead of listing first (before start). */
void         kf_kube_watch_set_resource_version (KfKubeWatch *self,
                                                 const char  *resource_version);
const char  *kf_kube_watch_get_resource_version (KfKubeWatch *self);
/* Reconnect delays: first @initial_ms, doubling up to @max_ms, ±25 % jitter.
 * Defaults 500 ms and 30 s. */
void         kf_kube_watch_set_backoff  (KfKubeWatch          *self,
                                         guint                 initial_ms,
                                         guint                 max_ms);
/* Seconds after which the server is asked to end each stream (resumed at
 * once); default a random 5–10 min, as client-go. */
void         kf_kube_watch_set_stream_timeout (KfKubeWatch *self,
                                               guint        seconds);
void         kf_kube_watch_start        (KfKubeWatch          *self);
void         kf_kube_watch_stop         (KfKubeWatch          *self);
gboolean     kf_kube_watch_is_running   (KfKubeWatch          *self);
/* TRUE while a stream is open. */
gboolean     kf_kube_watch_is_connected (KfKubeWatch          *self);
/* How many watch streams were opened (for tests and diagnostics). */
guint        kf_kube_watch_get_n_connects (KfKubeWatch        *self);

/* Signals:
 *  ::listed (JsonNode *list)                          a complete List (first sync, after 410)
 *  ::event  (KfKubeWatchEventType type, JsonNode *object)
 *  ::error  (GError *error)                           a failure; the watch retries
 * Properties: "running", "connected", "resource-version" (read-only, notify). */

G_END_DECLS
