/* kf-deployer.h: creates a deployment in the cluster
 *
 * Given a provider's manifests (kf_provider_generate_manifests(): the custom
 * resource first, then extra objects such as KAITO's Service), the deployer
 * creates, in order:
 *   1. the target namespace when it is missing (404 on GET → create);
 *   2. the HuggingFace token Secret "hf-token-secret" (key HF_TOKEN, labels
 *      managed-by=kubefoundry, kubefoundry.io/secret-type=huggingface-token) in that
 *      namespace when a token is given (an existing one is updated);
 *   3. each manifest.
 * Failures are KF_KUBE_ERROR errors as the client reports them (422 keeps its
 * causes); kf_deployer_explain_error() turns one into messages per wizard field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kf-kube-client.h"
#include "kf-provider.h"

G_BEGIN_DECLS

#define KF_DEPLOYER_ERROR (kf_deployer_error_quark ())

typedef enum
{
  KF_DEPLOYER_ERROR_UNKNOWN_KIND,   /* a manifest of a kind the deployer cannot create */
  KF_DEPLOYER_ERROR_NO_NAMESPACE,   /* a manifest without metadata.namespace */
} KfDeployerError;

GQuark kf_deployer_error_quark (void);

#define KF_TYPE_DEPLOYER (kf_deployer_get_type ())
G_DECLARE_FINAL_TYPE (KfDeployer, kf_deployer, KF, DEPLOYER, GObject)

KfDeployer   *kf_deployer_new        (KfKubeClient *client);
KfKubeClient *kf_deployer_get_client (KfDeployer   *self);

/* Creates @manifests (JsonNode objects; the namespace comes from the first one's
 * metadata.namespace). @hf_token (may be NULL: no Secret) is copied and wiped
 * after use; @hf_secret_name NULL means KF_DEFAULT_HF_TOKEN_SECRET. */
void       kf_deployer_apply_async   (KfDeployer          *self,
                                      GPtrArray           *manifests,
                                      const char          *hf_secret_name,
                                      const char          *hf_token,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* The created objects as the server returned them (JsonNode, the CR first;
 * the namespace and Secret are not included), or NULL with the error. */
GPtrArray *kf_deployer_apply_finish  (KfDeployer          *self,
                                      GAsyncResult        *result,
                                      GError             **error);

/* Validates @config with @provider, generates the manifests and applies them.
 * An invalid config fails with KF_PROVIDER_ERROR_INVALID_CONFIG before any request. */
void       kf_deployer_deploy_async  (KfDeployer               *self,
                                      KfProvider               *provider,
                                      const KfDeploymentConfig *config,
                                      const char               *hf_token,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data);
GPtrArray *kf_deployer_deploy_finish (KfDeployer               *self,
                                      GAsyncResult             *result,
                                      GError                  **error);

/* The KfDeploymentConfig member a server-side field path is about, for the
 * provider of @config ("spec.services.VllmDecodeWorker.replicas" → "replicas"
 * aggregated, "decode_replicas" disaggregated), or NULL if none. */
const char *kf_deployer_field_for_path (const KfDeploymentConfig *config,
                                        const char               *path);

/* What a creation error means for the form: a new array of KfValidationIssue
 * whose field is a KfDeploymentConfig member, or NULL for a message at the top
 * (never empty). 422 → one per cause; 409 AlreadyExists → "name"; 403 and
 * transport errors → the top. */
GPtrArray  *kf_deployer_explain_error  (const GError             *error,
                                        const KfDeploymentConfig *config);

G_END_DECLS
