/* kf-kube-context.c: one context of the merged kubeconfig
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kubeconfig"

#include "config.h"

#include "kf-kube-context.h"

struct _KfKubeContext
{
  GObject   parent_instance;

  char     *name;
  char     *cluster;
  char     *server;
  char     *user;
  char     *namespace;
  char     *file;
  gboolean  is_current;
  gboolean  insecure;
  char     *error;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_CLUSTER,
  PROP_SERVER,
  PROP_USER,
  PROP_NAMESPACE,
  PROP_FILE,
  PROP_IS_CURRENT,
  PROP_INSECURE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KfKubeContext, kf_kube_context, G_TYPE_OBJECT)

static void
kf_kube_context_finalize (GObject *object)
{
  KfKubeContext *self = KF_KUBE_CONTEXT (object);

  g_free (self->name);
  g_free (self->cluster);
  g_free (self->server);
  g_free (self->user);
  g_free (self->namespace);
  g_free (self->file);
  g_free (self->error);
  G_OBJECT_CLASS (kf_kube_context_parent_class)->finalize (object);
}

static void
kf_kube_context_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KfKubeContext *self = KF_KUBE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CLUSTER:
      g_value_set_string (value, self->cluster);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, self->namespace);
      break;
    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;
    case PROP_IS_CURRENT:
      g_value_set_boolean (value, self->is_current);
      break;
    case PROP_INSECURE:
      g_value_set_boolean (value, self->insecure);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_kube_context_class_init (KfKubeContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = kf_kube_context_finalize;
  object_class->get_property = kf_kube_context_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CLUSTER] = g_param_spec_string ("cluster", NULL, NULL, NULL, flags);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL, flags);
  properties[PROP_FILE] = g_param_spec_string ("file", NULL, NULL, NULL, flags);
  properties[PROP_IS_CURRENT] = g_param_spec_boolean ("is-current", NULL, NULL, FALSE, flags);
  properties[PROP_INSECURE] = g_param_spec_boolean ("insecure", NULL, NULL, FALSE, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_kube_context_init (KfKubeContext *self)
{
}

KfKubeContext *
_kf_kube_context_new (const char *name,
                      const char *cluster,
                      const char *server,
                      const char *user,
                      const char *namespace,
                      const char *file,
                      gboolean    is_current,
                      gboolean    insecure,
                      const char *error)
{
  KfKubeContext *self = g_object_new (KF_TYPE_KUBE_CONTEXT, NULL);

  self->name = g_strdup (name);
  self->cluster = g_strdup (cluster);
  self->server = g_strdup (server);
  self->user = g_strdup (user);
  self->namespace = g_strdup (namespace);
  self->file = g_strdup (file);
  self->is_current = is_current;
  self->insecure = insecure;
  self->error = g_strdup (error);
  return self;
}

#define GETTER(type, field)                                \
  type                                                     \
  kf_kube_context_get_##field (KfKubeContext *self)        \
  {                                                        \
    g_return_val_if_fail (KF_IS_KUBE_CONTEXT (self), 0);   \
    return self->field;                                    \
  }

GETTER (const char *, name)
GETTER (const char *, cluster)
GETTER (const char *, server)
GETTER (const char *, user)
GETTER (const char *, namespace)
GETTER (const char *, file)
GETTER (gboolean, is_current)
GETTER (gboolean, insecure)
GETTER (const char *, error)
