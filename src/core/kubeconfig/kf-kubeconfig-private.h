/* kf-kubeconfig-private.h: the parsed, merged kubeconfig shared by the module's files
 *
 * Immutable once parsed (it is built in a worker thread and then handed to the
 * main thread), reference counted so that credential sources may outlive a reload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  KF_EXEC_INTERACTIVE_NEVER,
  KF_EXEC_INTERACTIVE_IF_AVAILABLE,
  KF_EXEC_INTERACTIVE_ALWAYS,
} KfExecInteractiveMode;

typedef struct
{
  char                  *api_version;
  char                  *command;       /* resolved against the file when it has a slash */
  GStrv                  args;
  GStrv                  env_names;
  GStrv                  env_values;
  char                  *install_hint;
  gboolean               provide_cluster_info;
  KfExecInteractiveMode  interactive_mode;
} KfExecConfig;

typedef struct
{
  char   *id_token;
  char   *refresh_token;
  char   *issuer_url;
  char   *client_id;
  char   *client_secret;
  char   *idp_ca_file;
  GBytes *idp_ca_data;
} KfOidcConfig;

typedef struct
{
  char     *name;
  char     *file;            /* the file that defines it */
  char     *where;           /* "clusters[2].cluster" */
  char     *server;
  char     *ca_file;
  GBytes   *ca_data;
  gboolean  insecure;
  char     *tls_server_name;
  char     *proxy_url;
  JsonNode *exec_extension;  /* extensions[name=client.authentication.k8s.io/exec].extension */
  char     *error;           /* "FILE: clusters[2].cluster.server: …" or NULL */
} KfKubeClusterEntry;

typedef struct
{
  char         *name;
  char         *file;
  char         *where;       /* "users[1].user" */
  char         *token;
  char         *token_file;
  char         *client_cert_file;
  GBytes       *client_cert_data;
  char         *client_key_file;
  GBytes       *client_key_data;
  char         *username;
  char         *password;
  KfExecConfig *exec;
  KfOidcConfig *oidc;
  char         *error;
} KfKubeUserEntry;

typedef struct
{
  char *name;
  char *file;
  char *where;
  char *cluster;
  char *user;
  char *namespace;
  char *error;
} KfKubeContextEntry;

typedef struct
{
  GStrv       paths;           /* the files asked for, in order (missing ones included) */
  GHashTable *clusters;        /* name → KfKubeClusterEntry, first file wins */
  GHashTable *users;           /* name → KfKubeUserEntry */
  GHashTable *contexts;        /* name → KfKubeContextEntry */
  GPtrArray  *context_order;   /* KfKubeContextEntry*, in file order (not owned) */
  char       *current_context;
  char       *current_context_file;
  GPtrArray  *errors;          /* char*: file-level and entry-level messages */
} KfKubeconfigData;

KfKubeconfigData *kf_kubeconfig_data_load    (const char * const *paths);
KfKubeconfigData *kf_kubeconfig_data_ref     (KfKubeconfigData   *data);
void              kf_kubeconfig_data_unref   (KfKubeconfigData   *data);
/* The problem that makes a context unusable (its own, its cluster's or its user's), or NULL. */
char             *kf_kubeconfig_data_context_error (KfKubeconfigData   *data,
                                                    KfKubeContextEntry *context);

KfExecConfig     *kf_exec_config_copy        (const KfExecConfig *config);
void              kf_exec_config_free        (KfExecConfig       *config);
KfOidcConfig     *kf_oidc_config_copy        (const KfOidcConfig *config);
void              kf_oidc_config_free        (KfOidcConfig       *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfKubeconfigData, kf_kubeconfig_data_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfExecConfig, kf_exec_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfOidcConfig, kf_oidc_config_free)

/* kf-kubeconfig-build.c */
typedef struct _KfKeyring KfKeyring;
typedef struct _KfRestConfig KfRestConfig;
KfRestConfig     *kf_kubeconfig_data_build   (KfKubeconfigData   *data,
                                              const char         *context_name,
                                              KfKeyring          *keyring,
                                              GError            **error);

/* g_strv_builder_take() is GLib 2.80 */
static inline void
kf_strv_builder_take (GStrvBuilder *builder,
                      char         *value)
{
  g_strv_builder_add (builder, value);
  g_free (value);
}

/* Overwrites then frees a string holding a secret. */
void              kf_secret_free             (char               *secret);

G_END_DECLS
