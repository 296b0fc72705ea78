/* kf-deployment-status.h: one provider-neutral view of a deployed custom resource
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kf-deployment-config.h"

G_BEGIN_DECLS

typedef enum
{
  KF_DEPLOYMENT_PHASE_PENDING,
  KF_DEPLOYMENT_PHASE_DEPLOYING,
  KF_DEPLOYMENT_PHASE_RUNNING,
  KF_DEPLOYMENT_PHASE_FAILED,
  KF_DEPLOYMENT_PHASE_TERMINATING,
  KF_DEPLOYMENT_PHASE_UNKNOWN,
} KfDeploymentPhase;

/* "Pending", "Deploying", "Running", "Failed", "Terminating", "Unknown" (the original's words) */
const char *kf_deployment_phase_to_string    (KfDeploymentPhase phase);
/* the same, translated, for display */
const char *kf_deployment_phase_display_name (KfDeploymentPhase phase);
/* case-insensitive; FALSE on anything else */
gboolean    kf_deployment_phase_from_string  (const char       *str,
                                              KfDeploymentPhase *phase);

#define KF_TYPE_DEPLOYMENT_STATUS (kf_deployment_status_get_type ())

typedef struct
{
  char             *name;
  char             *namespace;
  char             *provider_id;       /* "dynamo", "kuberay", "kaito" */
  char             *creation_timestamp; /* metadata.creationTimestamp as given, may be NULL */

  KfDeploymentPhase phase;
  char             *message;           /* why (condition message, error), may be NULL */

  guint             desired_replicas;
  guint             ready_replicas;
  guint             available_replicas;

  KfDeploymentMode  mode;
  /* meaningful when mode is disaggregated */
  guint             prefill_desired;
  guint             prefill_ready;
  guint             decode_desired;
  guint             decode_ready;

  KfEngine          engine;            /* KF_ENGINE_UNKNOWN if it cannot be told */
  char             *model_id;          /* may be NULL */
  char             *served_model_name; /* may be NULL */

  char             *frontend_service;  /* Service that answers OpenAI requests */
  guint             frontend_port;
} KfDeploymentStatus;

GType               kf_deployment_status_get_type (void) G_GNUC_CONST;
KfDeploymentStatus *kf_deployment_status_new      (void);
KfDeploymentStatus *kf_deployment_status_copy     (const KfDeploymentStatus *status);
void                kf_deployment_status_free     (KfDeploymentStatus       *status);

/* "ready/desired", or "P: r/d, D: r/d" when disaggregated (the deployments table). */
char               *kf_deployment_status_format_replicas (const KfDeploymentStatus *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfDeploymentStatus, kf_deployment_status_free)

G_END_DECLS
