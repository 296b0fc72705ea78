/* kf-provider.h: an inference runtime KubeFoundry deploys to (Dynamo, KubeRay, KAITO)
 *
 * A provider turns a KfDeploymentConfig into Kubernetes objects, tells whether a
 * config is acceptable (one user-facing message per field), reads a deployed
 * custom resource back into a KfDeploymentStatus, and describes how it is
 * installed (Helm repos/charts, manual steps, what to look for in a cluster).
 * Everything here is pure: no I/O, no cluster access.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kf-deployment-config.h"
#include "kf-deployment-status.h"

G_BEGIN_DECLS

#define KF_PROVIDER_ERROR (kf_provider_error_quark ())

typedef enum
{
  KF_PROVIDER_ERROR_INVALID_CONFIG,  /* message: "<field>: <message>" of the first issue */
  KF_PROVIDER_ERROR_GENERATE,
} KfProviderError;

GQuark kf_provider_error_quark (void);

/* Label keys and values the original puts on what it creates (reference §4). */
#define KF_LABEL_PROVIDER        "kubefoundry.io/provider"
#define KF_LABEL_APP_NAME        "app.kubernetes.io/name"
#define KF_LABEL_APP_INSTANCE    "app.kubernetes.io/instance"
#define KF_LABEL_MANAGED_BY      "app.kubernetes.io/managed-by"
#define KF_LABEL_VALUE_KUBEFOUNDRY "kubefoundry"

/* The custom resource a provider creates. Static data. */
typedef struct
{
  const char *group;       /* "nvidia.com" */
  const char *version;     /* "v1alpha1" */
  const char *plural;      /* "dynamographdeployments" */
  const char *kind;        /* "DynamoGraphDeployment" */
  const char *api_version; /* "nvidia.com/v1alpha1" */
  const char *crd_name;    /* "dynamographdeployments.nvidia.com" */
} KfCrdConfig;

/* A validation finding. @field is the KfDeploymentConfig member name ("name",
 * "model_id", "gpus_per_replica", "prefill_replicas", "engine", "mode",
 * "gguf_file", ...) so the wizard can put the message under the right row. */
typedef struct
{
  char *field;
  char *message;   /* translated, a sentence the user can act on */
} KfValidationIssue;

void kf_validation_issue_free (KfValidationIssue *issue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfValidationIssue, kf_validation_issue_free)

/* Helm data for the Runtimes page (reference §4.5). Static data. */
typedef struct
{
  const char *name;   /* "kuberay" */
  const char *url;    /* "https://ray-project.github.io/kuberay-helm/" */
} KfHelmRepo;

typedef struct
{
  const char        *release;          /* "kuberay-operator" */
  const char        *chart;            /* "kuberay/kuberay-operator", or a .tgz URL */
  const char        *version;          /* NULL: latest */
  const char        *namespace;
  gboolean           create_namespace;
  gboolean           skip_crds;
  const char * const *set_json;        /* "key=json" for --set-json; NULL-terminated, may be NULL */
  const char * const *pre_crd_urls;    /* kubectl apply -f before the chart; NULL-terminated, may be NULL */
} KfHelmChart;

/* title and description are marked N_(): pass them through gettext (_()) to display. */
typedef struct
{
  const char *title;
  const char *command;      /* shell command to copy, may be NULL */
  const char *description;  /* may be NULL */
} KfInstallationStep;

/* What a cluster must contain for the provider to count as installed. The cluster
 * query is the client's job: list CRDs (apiextensions) and the workloads in
 * @operator_namespace, then call kf_provider_decide_installation(). Static data. */
typedef struct
{
  const char * const *crd_names;          /* any one of these present → CRD installed */
  const char         *operator_namespace;
  const char * const *operator_selectors; /* "key=value" label selectors, tried in order */
  const char * const *operator_name_hints;/* last resort: a running workload whose name contains one */
} KfInstallationCheck;

typedef struct
{
  gboolean  crd_installed;
  gboolean  operator_running;
  gboolean  installed;       /* both */
  char     *message;         /* translated summary */
} KfInstallationStatus;

void kf_installation_status_free (KfInstallationStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfInstallationStatus, kf_installation_status_free)

/* All static description of a provider. */
typedef struct
{
  const char                *id;                 /* "dynamo" */
  const char                *name;               /* "NVIDIA Dynamo" */
  const char                *description;        /* untranslated; use kf_provider_get_description() */
  const char                *default_namespace;  /* "dynamo-system" */
  const char                *version;            /* runtime version the manifests target */
  KfCrdConfig                crd;
  const KfEngine            *engines;            /* supported engines */
  guint                      n_engines;
  gboolean                   supports_disaggregated;
  KfInstallationCheck        installation;
  const KfHelmRepo          *helm_repos;
  guint                      n_helm_repos;
  const KfHelmChart         *helm_charts;
  guint                      n_helm_charts;
  const KfInstallationStep  *steps;
  guint                      n_steps;
  /* Uninstall (reference §4.1–4.3): CRDs removed only by an explicit "uninstall CRDs" */
  const char * const        *uninstall_crds;     /* NULL-terminated, may be NULL */
  const char                *uninstall_namespace;
  /* Prometheus metrics of a deployment: Service "<name><metrics_service_suffix>" */
  const char                *metrics_service_suffix; /* "-frontend", "-head-svc", "" */
  guint                      metrics_port;
  const char                *metrics_path;       /* "/metrics" */
} KfProviderInfo;

#define KF_TYPE_PROVIDER (kf_provider_get_type ())
G_DECLARE_INTERFACE (KfProvider, kf_provider, KF, PROVIDER, GObject)

struct _KfProviderInterface
{
  GTypeInterface parent_iface;

  const KfProviderInfo *(*get_info)          (KfProvider               *self);
  /* Adds provider-specific KfValidationIssues to @issues; the common rules (name,
   * namespace, model, replicas, secret) are already checked by kf_provider_validate(). */
  void                  (*validate)          (KfProvider               *self,
                                              const KfDeploymentConfig *config,
                                              GPtrArray                *issues);
  /* Called only with a config that validated; returns JsonNode objects, CR first. */
  GPtrArray            *(*generate_manifests)(KfProvider               *self,
                                              const KfDeploymentConfig *config,
                                              const char               *namespace);
  /* Fills @status (name, namespace, provider id and Terminating already set). */
  void                  (*parse_status)      (KfProvider               *self,
                                              JsonObject               *cr,
                                              KfDeploymentStatus       *status);
};

const KfProviderInfo *kf_provider_get_info              (KfProvider *self);
const char           *kf_provider_get_id                (KfProvider *self);
const char           *kf_provider_get_name              (KfProvider *self);
const char           *kf_provider_get_description       (KfProvider *self);  /* translated */
const char           *kf_provider_get_default_namespace (KfProvider *self);
const KfCrdConfig    *kf_provider_get_crd_config        (KfProvider *self);
gboolean              kf_provider_supports_engine       (KfProvider *self,
                                                         KfEngine    engine);
gboolean              kf_provider_supports_mode         (KfProvider *self,
                                                         KfDeploymentMode mode);

/* Returns a new array of KfValidationIssue (free func set), empty when valid.
 * At most one issue per field (the first rule that fails). */
GPtrArray            *kf_provider_validate              (KfProvider               *self,
                                                         const KfDeploymentConfig *config);

/* Validates, then returns a new array of JsonNode (free func set): the custom
 * resource first, then any extra objects (KAITO's vLLM Service). On an invalid
 * config: NULL and KF_PROVIDER_ERROR_INVALID_CONFIG. */
GPtrArray            *kf_provider_generate_manifests    (KfProvider               *self,
                                                         const KfDeploymentConfig *config,
                                                         GError                  **error);

/* Reads any JSON (hostile input included) as this provider's custom resource.
 * Never NULL: what cannot be read stays at its default (phase Unknown for a
 * non-object). metadata.deletionTimestamp always means Terminating. */
KfDeploymentStatus   *kf_provider_parse_status          (KfProvider               *self,
                                                         JsonNode                 *cr);

/* Decides from what the client found: @crds the names of the CRDs in the cluster
 * ("rayservices.ray.io"), @workloads a JSON array (or a List object with "items")
 * of Pods and/or Deployments in the operator namespace, as the API returns them.
 * A Pod counts when status.phase is Running, a Deployment when it has ≥1
 * available (or ready) replica. */
KfInstallationStatus *kf_provider_decide_installation   (KfProvider               *self,
                                                         const char * const       *crds,
                                                         JsonNode                 *workloads);

/* Where a deployment's metrics are scraped: Service name (new string), port, path. */
char                 *kf_provider_get_metrics_service   (KfProvider               *self,
                                                         const char               *deployment_name,
                                                         guint                    *port,
                                                         const char              **path);

/* "helm repo add …", "helm install …" lines for the Runtimes page, in order. */
GStrv                 kf_provider_get_helm_commands     (KfProvider               *self);

G_END_DECLS
