/* kf-deployment.c: one KubeFoundry-managed deployment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deployments"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-deployment.h"

struct _KfDeployment
{
  GObject             parent_instance;

  KfProvider         *provider;
  KfKubeObject       *object;
  KfDeploymentStatus *status;
  char               *replicas;
  char               *model;
  char               *engine;
};

G_DEFINE_FINAL_TYPE (KfDeployment, kf_deployment, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_OBJECT,
  PROP_PROVIDER,
  PROP_NAME,
  PROP_NAMESPACE,
  PROP_PROVIDER_ID,
  PROP_RUNTIME_NAME,
  PROP_MODEL,
  PROP_ENGINE_NAME,
  PROP_PHASE,
  PROP_PHASE_NAME,
  PROP_REPLICAS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
parse (KfDeployment *self,
       gboolean      notify)
{
  g_autoptr(KfDeploymentStatus) old = g_steal_pointer (&self->status);
  g_autofree char *old_replicas = g_steal_pointer (&self->replicas);
  g_autofree char *old_model = g_steal_pointer (&self->model);
  g_autofree char *old_engine = g_steal_pointer (&self->engine);

  self->status = kf_provider_parse_status (self->provider, kf_kube_object_get_json (self->object));
  self->replicas = kf_deployment_status_format_replicas (self->status);
  self->model = g_strdup (self->status->model_id != NULL ? self->status->model_id : "");
  self->engine = g_strdup (self->status->engine == KF_ENGINE_UNKNOWN ? "" : kf_engine_display_name (self->status->engine));

  if (!notify)
    return;
  if (old == NULL || old->phase != self->status->phase)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE_NAME]);
    }
  if (g_strcmp0 (old_replicas, self->replicas) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLICAS]);
  if (g_strcmp0 (old_model, self->model) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  if (g_strcmp0 (old_engine, self->engine) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_NAME]);
}

KfDeployment *
kf_deployment_new (KfProvider   *provider,
                   KfKubeObject *object)
{
  KfDeployment *self;

  g_return_val_if_fail (KF_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (object), NULL);

  self = g_object_new (KF_TYPE_DEPLOYMENT, NULL);
  self->provider = g_object_ref (provider);
  self->object = g_object_ref (object);
  parse (self, FALSE);
  return self;
}

void
kf_deployment_refresh (KfDeployment *self)
{
  g_return_if_fail (KF_IS_DEPLOYMENT (self));
  parse (self, TRUE);
}

static void
kf_deployment_finalize (GObject *object)
{
  KfDeployment *self = KF_DEPLOYMENT (object);

  g_clear_object (&self->provider);
  g_clear_object (&self->object);
  g_clear_pointer (&self->status, kf_deployment_status_free);
  g_free (self->replicas);
  g_free (self->model);
  g_free (self->engine);
  G_OBJECT_CLASS (kf_deployment_parent_class)->finalize (object);
}

static void
kf_deployment_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KfDeployment *self = KF_DEPLOYMENT (object);

  switch (prop_id)
    {
    case PROP_OBJECT: g_value_set_object (value, self->object); break;
    case PROP_PROVIDER: g_value_set_object (value, self->provider); break;
    case PROP_NAME: g_value_set_string (value, kf_deployment_get_name (self)); break;
    case PROP_NAMESPACE: g_value_set_string (value, kf_deployment_get_namespace (self)); break;
    case PROP_PROVIDER_ID: g_value_set_string (value, kf_deployment_get_provider_id (self)); break;
    case PROP_RUNTIME_NAME: g_value_set_string (value, kf_deployment_get_runtime_name (self)); break;
    case PROP_MODEL: g_value_set_string (value, self->model); break;
    case PROP_ENGINE_NAME: g_value_set_string (value, self->engine); break;
    case PROP_PHASE: g_value_set_int (value, self->status->phase); break;
    case PROP_PHASE_NAME: g_value_set_string (value, kf_deployment_get_phase_name (self)); break;
    case PROP_REPLICAS: g_value_set_string (value, self->replicas); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_deployment_class_init (KfDeploymentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = kf_deployment_finalize;
  object_class->get_property = kf_deployment_get_property;

  properties[PROP_OBJECT] = g_param_spec_object ("object", NULL, NULL, KF_TYPE_KUBE_OBJECT, flags);
  properties[PROP_PROVIDER] = g_param_spec_object ("provider", NULL, NULL, KF_TYPE_PROVIDER, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL, flags);
  properties[PROP_PROVIDER_ID] = g_param_spec_string ("provider-id", NULL, NULL, NULL, flags);
  properties[PROP_RUNTIME_NAME] = g_param_spec_string ("runtime-name", NULL, NULL, NULL, flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, flags);
  properties[PROP_ENGINE_NAME] = g_param_spec_string ("engine-name", NULL, NULL, NULL, flags);
  properties[PROP_PHASE] = g_param_spec_int ("phase", NULL, NULL, 0, KF_DEPLOYMENT_PHASE_UNKNOWN,
                                             KF_DEPLOYMENT_PHASE_UNKNOWN, flags);
  properties[PROP_PHASE_NAME] = g_param_spec_string ("phase-name", NULL, NULL, NULL, flags);
  properties[PROP_REPLICAS] = g_param_spec_string ("replicas", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_deployment_init (KfDeployment *self)
{
}

KfKubeObject *
kf_deployment_get_object (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return self->object;
}

JsonNode *
kf_deployment_get_json (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return kf_kube_object_get_json (self->object);
}

KfProvider *
kf_deployment_get_provider (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return self->provider;
}

const KfDeploymentStatus *
kf_deployment_get_status (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return self->status;
}

const char *
kf_deployment_get_name (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return kf_kube_object_get_name (self->object);
}

const char *
kf_deployment_get_namespace (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return kf_kube_object_get_namespace (self->object);
}

const char *
kf_deployment_get_provider_id (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return kf_provider_get_id (self->provider);
}

const char *
kf_deployment_get_runtime_name (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return kf_provider_get_name (self->provider);
}

const char *
kf_deployment_get_model (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return self->model;
}

const char *
kf_deployment_get_engine_name (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return self->engine;
}

KfDeploymentPhase
kf_deployment_get_phase (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), KF_DEPLOYMENT_PHASE_UNKNOWN);
  return self->status->phase;
}

const char *
kf_deployment_get_phase_name (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return kf_deployment_phase_display_name (self->status->phase);
}

const char *
kf_deployment_get_replicas (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return self->replicas;
}

GDateTime *
kf_deployment_dup_creation_time (KfDeployment *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  return kf_kube_object_dup_creation_time (self->object);
}

char *
kf_format_age (GDateTime *then,
               GDateTime *now)
{
  GTimeSpan span;
  gint64 s;

  if (then == NULL || now == NULL)
    return g_strdup ("");
  span = g_date_time_difference (now, then);
  s = MAX (span / G_TIME_SPAN_SECOND, 0);
  if (s < 120)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", s);
  if (s < 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", s / 60);
  if (s < 48 * 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT "h", s / 3600);
  return g_strdup_printf ("%" G_GINT64_FORMAT "d", s / 86400);
}

char *
kf_deployment_format_age (KfDeployment *self,
                          GDateTime    *now)
{
  g_autoptr(GDateTime) then = NULL;

  g_return_val_if_fail (KF_IS_DEPLOYMENT (self), NULL);
  then = kf_kube_object_dup_creation_time (self->object);
  return kf_format_age (then, now);
}
