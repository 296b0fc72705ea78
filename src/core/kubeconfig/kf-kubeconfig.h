/* kf-kubeconfig.h: kubeconfig files merged as kubectl does, and KfRestConfig from a context
 *
 * KUBECONFIG is a colon-separated list (default ~/.kube/config); for clusters,
 * users and contexts the first file to define a name wins, current-context
 * comes from the first file that sets one, missing files are skipped.
 * Relative paths are resolved against the file that names them. Nothing is
 * ever written back to these files (refreshed OIDC and exec tokens go to the
 * keyring).
 *
 * A malformed file or entry does not stop the others: its message, naming the
 * file and the field ("/home/u/.kube/config: users[2].user.exec: \"command\" is
 * required"), is listed in kf_kubeconfig_get_errors() and, for the contexts
 * that use it, in kf_kube_context_get_error().
 *
 * After the first load the files are watched (GFileMonitor, debounced): a
 * change reloads them and emits ::changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-keyring.h"
#include "kf-kube-context.h"
#include "kf-rest-config.h"

G_BEGIN_DECLS

#define KF_KUBECONFIG_ERROR (kf_kubeconfig_error_quark ())

typedef enum
{
  KF_KUBECONFIG_ERROR_INVALID,     /* a malformed file or entry; the message names file and field */
  KF_KUBECONFIG_ERROR_NO_CONTEXT,  /* no such context, or no current context */
} KfKubeconfigError;

#define KF_TYPE_KUBECONFIG (kf_kubeconfig_get_type ())
G_DECLARE_FINAL_TYPE (KfKubeconfig, kf_kubeconfig, KF, KUBECONFIG, GObject)

GQuark         kf_kubeconfig_error_quark          (void);

/* The files kubectl would read: $KUBECONFIG split on ':' (empty entries dropped), else ~/.kube/config. */
GStrv          kf_kubeconfig_get_default_paths    (void);

/* Nothing is read until kf_kubeconfig_load*(). */
KfKubeconfig  *kf_kubeconfig_new                  (void);
KfKubeconfig  *kf_kubeconfig_new_for_paths        (const char * const  *paths);

const char * const *kf_kubeconfig_get_paths       (KfKubeconfig        *self);

/* Blocking: for the CLI and worker threads. The UI uses the async variant. */
void           kf_kubeconfig_load                 (KfKubeconfig        *self);
void           kf_kubeconfig_load_async           (KfKubeconfig        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Fails only when cancelled: problems in the files are in get_errors(). */
gboolean       kf_kubeconfig_load_finish          (KfKubeconfig        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* A GListModel of KfKubeContext, in file order (first file first). */
GListModel    *kf_kubeconfig_get_contexts         (KfKubeconfig        *self);
KfKubeContext *kf_kubeconfig_lookup_context       (KfKubeconfig        *self,
                                                   const char          *name);
/* current-context, or NULL. */
const char    *kf_kubeconfig_get_current_context  (KfKubeconfig        *self);
/* Every problem found, file-level and per entry (NULL-terminated, may be empty). */
const char * const *kf_kubeconfig_get_errors      (KfKubeconfig        *self);

/* The keyring for tokens pasted in the app and cached exec/OIDC tokens
 * (default: kf_keyring_get_default()). */
KfKeyring     *kf_kubeconfig_get_keyring          (KfKubeconfig        *self);
void           kf_kubeconfig_set_keyring          (KfKubeconfig        *self,
                                                   KfKeyring           *keyring);

/* Builds the connection settings of a context (NULL: the current one): server,
 * CA (file or data), insecure, tls-server-name, proxy-url, client certificate,
 * and one credential: token, tokenFile (re-read after a minute or a 401), basic
 * auth, exec plugin, OIDC, or, when the user has none, a bearer token stored
 * in the keyring for this context (kind "bearer"). The namespace defaults to
 * "default". Reads local files: call it from a thread, or use the async variant. */
KfRestConfig  *kf_kubeconfig_build_rest_config    (KfKubeconfig        *self,
                                                   const char          *context_name,
                                                   GError             **error);
void           kf_kubeconfig_build_rest_config_async  (KfKubeconfig        *self,
                                                       const char          *context_name,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
KfRestConfig  *kf_kubeconfig_build_rest_config_finish (KfKubeconfig        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
