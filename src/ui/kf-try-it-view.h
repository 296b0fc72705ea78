/* kf-try-it-view.h: send a prompt to a deployment and stream the reply
 *
 * POST /v1/chat/completions ("stream": true) through the API server's
 * service proxy (services/SERVICE:PORT/proxy/…), so it works off-cluster.
 * Shows the reply as it arrives, then the time to first token and the
 * tokens per second. Ctrl+Enter sends; the prompt stays on error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kf-kube-client.h"

G_BEGIN_DECLS

#define KF_TYPE_TRY_IT_VIEW (kf_try_it_view_get_type ())
G_DECLARE_FINAL_TYPE (KfTryItView, kf_try_it_view, KF, TRY_IT_VIEW, AdwBin)

GtkWidget  *kf_try_it_view_new          (void);
/* Properties "client", "namespace", "service", "port", "model" (all settable). */
void        kf_try_it_view_set_client   (KfTryItView  *self,
                                         KfKubeClient *client);
void        kf_try_it_view_set_target   (KfTryItView  *self,
                                         const char   *ns,
                                         const char   *service,
                                         const char   *port,
                                         const char   *model);
void        kf_try_it_view_set_prompt   (KfTryItView  *self,
                                         const char   *prompt);
char       *kf_try_it_view_dup_prompt   (KfTryItView  *self);
/* Sends the prompt (as the send button does); FALSE when busy or unset. */
gboolean    kf_try_it_view_send         (KfTryItView  *self);
void        kf_try_it_view_stop         (KfTryItView  *self);
gboolean    kf_try_it_view_get_busy     (KfTryItView  *self);   /* property "busy" */
const char *kf_try_it_view_get_reply    (KfTryItView  *self);
const char *kf_try_it_view_get_error_text (KfTryItView *self);  /* NULL: none */
/* After a reply: seconds to the first token (< 0 until known) and tokens/s. */
double      kf_try_it_view_get_ttft     (KfTryItView  *self);
double      kf_try_it_view_get_tokens_per_second (KfTryItView *self);

G_END_DECLS
