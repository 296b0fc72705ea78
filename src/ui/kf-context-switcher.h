/* kf-context-switcher.h: the header's kubeconfig context menu button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KF_TYPE_CONTEXT_SWITCHER (kf_context_switcher_get_type ())

G_DECLARE_FINAL_TYPE (KfContextSwitcher, kf_context_switcher, KF, CONTEXT_SWITCHER, GtkWidget)

GtkWidget  *kf_context_switcher_new          (void);
GListModel *kf_context_switcher_get_contexts (KfContextSwitcher *self);
void        kf_context_switcher_set_contexts (KfContextSwitcher *self,
                                              GListModel        *contexts);
const char *kf_context_switcher_get_current  (KfContextSwitcher *self);
void        kf_context_switcher_set_current  (KfContextSwitcher *self,
                                              const char        *current);

G_END_DECLS
