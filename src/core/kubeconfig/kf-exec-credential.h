/* kf-exec-credential.h: client.authentication.k8s.io exec plugins (v1, v1beta1)
 *
 * Runs the plugin with GSubprocess (an argv, never a shell; stdin not connected),
 * environment = ours + the kubeconfig's env + KUBERNETES_EXEC_INFO; inside
 * Flatpak through `flatpak-spawn --host`. The credential (token, or client
 * certificate and key) is cached until its expirationTimestamp, or until
 * kf_exec_credential_invalidate() (the server said 401). Tokens with an
 * expiry are also cached in the keyring so that a restart does not re-run
 * the plugin. Errors (KF_REST_CONFIG_ERROR_CREDENTIALS) carry the plugin's
 * stderr (trimmed; never its stdout, args or env values) and its installHint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kf-keyring.h"
#include "kf-kubeconfig-private.h"
#include "kf-rest-config.h"

G_BEGIN_DECLS

#define KF_EXEC_CREDENTIAL_DEFAULT_TIMEOUT 60

#define KF_TYPE_EXEC_CREDENTIAL (kf_exec_credential_get_type ())
G_DECLARE_FINAL_TYPE (KfExecCredential, kf_exec_credential, KF, EXEC_CREDENTIAL, GObject)

/* cluster_info: the spec.cluster object sent when provideClusterInfo is set (may be NULL). */
KfExecCredential *kf_exec_credential_new          (const KfExecConfig  *config,
                                                   const char          *context,
                                                   const char          *user,
                                                   JsonNode            *cluster_info);
void              kf_exec_credential_set_keyring  (KfExecCredential    *self,
                                                   KfKeyring           *keyring);
void              kf_exec_credential_set_timeout  (KfExecCredential    *self,
                                                   guint                seconds);
/* Runs through flatpak-spawn --host; defaults to whether /.flatpak-info exists. */
void              kf_exec_credential_set_flatpak  (KfExecCredential    *self,
                                                   gboolean             flatpak);

void              kf_exec_credential_get_async    (KfExecCredential    *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* token and certificate may be NULL; on success at least one of them is set. */
gboolean          kf_exec_credential_get_finish   (KfExecCredential    *self,
                                                   GAsyncResult        *result,
                                                   char               **token,
                                                   GTlsCertificate    **certificate,
                                                   GError             **error);
void              kf_exec_credential_invalidate   (KfExecCredential    *self);
/* How many times the plugin has been started (tests, diagnostics). */
guint             kf_exec_credential_get_run_count (KfExecCredential   *self);

/* Makes this the credential source of config: the Authorization header is
 * "Bearer <token>"; a client certificate from the plugin is set on config. */
void              kf_exec_credential_attach       (KfExecCredential    *self,
                                                   KfRestConfig        *config);

/* The argv and environment the plugin is started with (exposed for tests). */
void              kf_exec_credential_build_command (KfExecCredential   *self,
                                                    GStrv              *argv,
                                                    GStrv              *envp);

G_END_DECLS
