/* kf-kube-line-reader.h: newline-delimited reading of a response stream
 *
 * Reads a (chunked) HTTP body line by line without blocking: watch events,
 * pod logs and server-sent events from a service proxy. Partial lines are
 * kept until their newline arrives; a line may be arbitrarily long (a huge
 * object in a watch event). ::line is emitted for each line (without the
 * "\n" or "\r\n"); ::finished once, with NULL on a clean end of the stream or
 * the error (G_IO_ERROR_CANCELLED after a cancel). A last line without a
 * newline is delivered before ::finished.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KF_TYPE_KUBE_LINE_READER (kf_kube_line_reader_get_type ())
G_DECLARE_FINAL_TYPE (KfKubeLineReader, kf_kube_line_reader, KF, KUBE_LINE_READER, GObject)

KfKubeLineReader *kf_kube_line_reader_new   (GInputStream     *stream);
void              kf_kube_line_reader_start (KfKubeLineReader *self,
                                             GCancellable     *cancellable);
/* Stops reading; ::finished is emitted with G_IO_ERROR_CANCELLED. */
void              kf_kube_line_reader_stop  (KfKubeLineReader *self);
gboolean          kf_kube_line_reader_is_running (KfKubeLineReader *self);

G_END_DECLS
