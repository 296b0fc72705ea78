/* kf-deployment-status.c: one provider-neutral view of a deployed custom resource
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-providers"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-deployment-status.h"

static const char * const phase_names[] = {
  [KF_DEPLOYMENT_PHASE_PENDING] = "Pending",
  [KF_DEPLOYMENT_PHASE_DEPLOYING] = "Deploying",
  [KF_DEPLOYMENT_PHASE_RUNNING] = "Running",
  [KF_DEPLOYMENT_PHASE_FAILED] = "Failed",
  [KF_DEPLOYMENT_PHASE_TERMINATING] = "Terminating",
  [KF_DEPLOYMENT_PHASE_UNKNOWN] = "Unknown",
};

const char *
kf_deployment_phase_to_string (KfDeploymentPhase phase)
{
  if ((guint) phase >= G_N_ELEMENTS (phase_names))
    phase = KF_DEPLOYMENT_PHASE_UNKNOWN;
  return phase_names[phase];
}

const char *
kf_deployment_phase_display_name (KfDeploymentPhase phase)
{
  switch (phase)
    {
    case KF_DEPLOYMENT_PHASE_PENDING: return C_("deployment phase", "Pending");
    case KF_DEPLOYMENT_PHASE_DEPLOYING: return C_("deployment phase", "Deploying");
    case KF_DEPLOYMENT_PHASE_RUNNING: return C_("deployment phase", "Running");
    case KF_DEPLOYMENT_PHASE_FAILED: return C_("deployment phase", "Failed");
    case KF_DEPLOYMENT_PHASE_TERMINATING: return C_("deployment phase", "Terminating");
    case KF_DEPLOYMENT_PHASE_UNKNOWN:
    default:
      return C_("deployment phase", "Unknown");
    }
}

gboolean
kf_deployment_phase_from_string (const char        *str,
                                 KfDeploymentPhase *phase)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (phase_names); i++)
    if (g_ascii_strcasecmp (phase_names[i], str) == 0)
      {
        *phase = i;
        return TRUE;
      }
  return FALSE;
}

KfDeploymentStatus *
kf_deployment_status_new (void)
{
  KfDeploymentStatus *status = g_new0 (KfDeploymentStatus, 1);

  status->phase = KF_DEPLOYMENT_PHASE_UNKNOWN;
  status->mode = KF_DEPLOYMENT_MODE_AGGREGATED;
  status->engine = KF_ENGINE_UNKNOWN;
  return status;
}

KfDeploymentStatus *
kf_deployment_status_copy (const KfDeploymentStatus *status)
{
  KfDeploymentStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);

  copy = g_new0 (KfDeploymentStatus, 1);
  *copy = *status;
  copy->name = g_strdup (status->name);
  copy->namespace = g_strdup (status->namespace);
  copy->provider_id = g_strdup (status->provider_id);
  copy->creation_timestamp = g_strdup (status->creation_timestamp);
  copy->message = g_strdup (status->message);
  copy->model_id = g_strdup (status->model_id);
  copy->served_model_name = g_strdup (status->served_model_name);
  copy->frontend_service = g_strdup (status->frontend_service);
  return copy;
}

void
kf_deployment_status_free (KfDeploymentStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->name);
  g_free (status->namespace);
  g_free (status->provider_id);
  g_free (status->creation_timestamp);
  g_free (status->message);
  g_free (status->model_id);
  g_free (status->served_model_name);
  g_free (status->frontend_service);
  g_free (status);
}

G_DEFINE_BOXED_TYPE (KfDeploymentStatus, kf_deployment_status,
                     kf_deployment_status_copy, kf_deployment_status_free)

char *
kf_deployment_status_format_replicas (const KfDeploymentStatus *status)
{
  g_return_val_if_fail (status != NULL, NULL);

  if (status->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED)
    return g_strdup_printf ("P: %u/%u, D: %u/%u",
                            status->prefill_ready, status->prefill_desired,
                            status->decode_ready, status->decode_desired);
  return g_strdup_printf ("%u/%u", status->ready_replicas, status->desired_replicas);
}
