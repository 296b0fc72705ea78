/* kf-kube-log-stream.h: a pod's log as a stream of lines (pods/log)
 *
 * Follows a container's log line by line. After a dropped connection (while
 * following) it reconnects, with exponential backoff and jitter (KfBackoff),
 * with sinceTime set to the last timestamp it saw and skips the lines it
 * already delivered, so a drop neither loses nor repeats lines. A follow
 * stream that ends cleanly is checked against the pod: while the same
 * container (containerID, restartCount) still runs, the end was a cut
 * connection (libsoup reports a cut chunked body as a clean end) and it
 * reconnects; else the log ended. "reconnecting" is TRUE from the drop until
 * the log answers again. Internally it always asks for timestamps; ::line hands the text
 * without them unless options.timestamps is set, plus the timestamp apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-kube-client.h"

G_BEGIN_DECLS

typedef struct
{
  const char *container;      /* NULL: the pod's only/default container */
  gboolean    follow;
  gint64      tail_lines;     /* < 0: all */
  gint64      since_seconds;  /* 0: no limit */
  gboolean    timestamps;     /* keep the RFC 3339 timestamp in front of each line */
  gboolean    previous;       /* the previous (crashed) container */
} KfKubeLogOptions;

#define KF_KUBE_LOG_OPTIONS_INIT { NULL, FALSE, -1, 0, FALSE, FALSE }

#define KF_TYPE_KUBE_LOG_STREAM (kf_kube_log_stream_get_type ())
G_DECLARE_FINAL_TYPE (KfKubeLogStream, kf_kube_log_stream, KF, KUBE_LOG_STREAM, GObject)

KfKubeLogStream *kf_kube_log_stream_new   (KfKubeClient           *client,
                                           const char             *ns,
                                           const char             *pod,
                                           const KfKubeLogOptions *options);
/* Reconnect delays after a drop (default 500 ms doubling to 10 s); at most
 * @max_attempts consecutive failed reconnects (default 10) before ::finished. */
void             kf_kube_log_stream_set_backoff (KfKubeLogStream *self,
                                                 guint            initial_ms,
                                                 guint            max_ms,
                                                 guint            max_attempts);
void             kf_kube_log_stream_start (KfKubeLogStream        *self);
void             kf_kube_log_stream_stop  (KfKubeLogStream        *self);
gboolean         kf_kube_log_stream_is_running     (KfKubeLogStream *self);
gboolean         kf_kube_log_stream_get_reconnecting (KfKubeLogStream *self);
guint            kf_kube_log_stream_get_n_reconnects (KfKubeLogStream *self);

/* Signals:
 *  ::line     (const char *line, const char *timestamp_or_null)
 *  ::error    (GError *error)              a failed connection; it reconnects
 *  ::finished (GError *error_or_null)      the end (NULL: the log ended normally)
 * Properties: "running", "reconnecting". */

G_END_DECLS
