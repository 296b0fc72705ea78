/* kf-deployment-list.c: every KubeFoundry-managed deployment, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deployments"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-deployment-list.h"
#include "kf-informer.h"
#include "kf-provider-registry.h"

typedef struct
{
  KfDeploymentList *list;       /* unowned */
  KfProvider       *provider;   /* borrowed from the default registry */
  KfKubeResource    resource;   /* static strings of the provider info */
  KfInformer       *informer;
  GPtrArray        *items;      /* KfDeployment, mirrors the informer */
  gboolean          missing;    /* the CRD answered 404 */
  gboolean          synced;
} Group;

struct _KfDeploymentList
{
  GObject       parent_instance;

  KfKubeClient *client;
  char         *ns;
  GPtrArray    *groups;   /* Group* */
  char         *error;
  gboolean      synced;
  gboolean      started;
};

static void kf_deployment_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KfDeploymentList, kf_deployment_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kf_deployment_list_model_init))

enum
{
  PROP_0,
  PROP_SYNCED,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
group_free (Group *g)
{
  if (g->informer != NULL)
    {
      g_signal_handlers_disconnect_by_data (g->informer, g);
      kf_informer_stop (g->informer);
      g_clear_object (&g->informer);
    }
  g_ptr_array_unref (g->items);
  g_free (g);
}

static guint
group_offset (KfDeploymentList *self,
              Group            *group)
{
  guint offset = 0;

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);

      if (g == group)
        break;
      offset += g->items->len;
    }
  return offset;
}

static guint
total_items (KfDeploymentList *self)
{
  guint n = 0;

  for (guint i = 0; self->groups != NULL && i < self->groups->len; i++)
    n += ((Group *) g_ptr_array_index (self->groups, i))->items->len;
  return n;
}

static void
update_synced (KfDeploymentList *self)
{
  gboolean synced = self->started;

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);

      if (!g->synced && !g->missing)
        synced = FALSE;
    }
  if (synced != self->synced)
    {
      self->synced = synced;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
    }
}

static void
update_error (KfDeploymentList *self)
{
  g_autoptr(GString) text = NULL;

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);
      const GError *e = g->informer != NULL ? kf_informer_get_last_error (g->informer) : NULL;

      if (e == NULL || g->missing)
        continue;
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append (text, "\n");
      g_string_append_printf (text, _("%s: %s"), kf_provider_get_name (g->provider), e->message);
    }
  if (g_strcmp0 (self->error, text ? text->str : NULL) != 0)
    {
      g_free (self->error);
      self->error = text ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
}

static void
informer_items_changed_cb (GListModel *model,
                           guint       position,
                           guint       removed,
                           guint       added,
                           Group      *g)
{
  KfDeploymentList *self = g->list;
  guint offset = group_offset (self, g);

  /* a MODIFIED event: the informer replaced the object's JSON in place */
  if (removed == 1 && added == 1 && position < g->items->len)
    {
      g_autoptr(KfKubeObject) obj = g_list_model_get_item (model, position);
      KfDeployment *d = g_ptr_array_index (g->items, position);

      if (kf_deployment_get_object (d) == obj)
        {
          kf_deployment_refresh (d);
          g_list_model_items_changed (G_LIST_MODEL (self), offset + position, 1, 1);
          return;
        }
    }

  g_ptr_array_remove_range (g->items, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(KfKubeObject) obj = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (g->items, (int) (position + i), kf_deployment_new (g->provider, obj));
    }
  g_list_model_items_changed (G_LIST_MODEL (self), offset + position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
informer_synced_cb (KfInformer *informer,
                    GParamSpec *pspec,
                    Group      *g)
{
  g->synced = kf_informer_get_synced (informer);
  update_synced (g->list);
}

static void
informer_error_cb (KfInformer *informer,
                   GParamSpec *pspec,
                   Group      *g)
{
  const GError *e = kf_informer_get_last_error (informer);

  /* no such resource: the runtime is not installed; stop asking */
  if (e != NULL && g_error_matches (e, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND) && !g->synced)
    {
      g_debug ("%s is not installed (no %s)", kf_provider_get_id (g->provider), g->resource.plural);
      g->missing = TRUE;
      kf_informer_stop (informer);
      update_synced (g->list);
    }
  update_error (g->list);
}

KfDeploymentList *
kf_deployment_list_new (KfKubeClient *client,
                        const char   *ns)
{
  KfDeploymentList *self;
  GPtrArray *providers;

  g_return_val_if_fail (KF_IS_KUBE_CLIENT (client), NULL);

  self = g_object_new (KF_TYPE_DEPLOYMENT_LIST, NULL);
  self->client = g_object_ref (client);
  self->ns = g_strdup (ns);

  providers = kf_provider_registry_list (kf_provider_registry_get_default ());
  for (guint i = 0; i < providers->len; i++)
    {
      KfProvider *p = g_ptr_array_index (providers, i);
      const KfCrdConfig *crd = kf_provider_get_crd_config (p);
      Group *g = g_new0 (Group, 1);

      g->list = self;
      g->provider = p;
      g->resource.group = crd->group;
      g->resource.version = crd->version;
      g->resource.plural = crd->plural;
      g->items = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->groups, g);
    }
  return self;
}

void
kf_deployment_list_start (KfDeploymentList *self)
{
  g_return_if_fail (KF_IS_DEPLOYMENT_LIST (self));

  if (self->started)
    return;
  self->started = TRUE;
  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);

      g->informer = kf_informer_new (self->client, &g->resource, self->ns, KF_DEPLOYMENT_LIST_SELECTOR, NULL);
      g_signal_connect (g->informer, "items-changed", G_CALLBACK (informer_items_changed_cb), g);
      g_signal_connect (g->informer, "notify::synced", G_CALLBACK (informer_synced_cb), g);
      g_signal_connect (g->informer, "notify::last-error", G_CALLBACK (informer_error_cb), g);
      kf_informer_start (g->informer);
    }
  update_synced (self);
}

void
kf_deployment_list_stop (KfDeploymentList *self)
{
  g_return_if_fail (KF_IS_DEPLOYMENT_LIST (self));

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);

      if (g->informer != NULL)
        kf_informer_stop (g->informer);
    }
}

gboolean
kf_deployment_list_get_synced (KfDeploymentList *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_LIST (self), FALSE);
  return self->synced;
}

const char *
kf_deployment_list_get_error (KfDeploymentList *self)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_LIST (self), NULL);
  return self->error;
}

GStrv
kf_deployment_list_dup_installed_providers (KfDeploymentList *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_return_val_if_fail (KF_IS_DEPLOYMENT_LIST (self), NULL);
  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);

      if (g->synced && !g->missing)
        g_strv_builder_add (b, kf_provider_get_id (g->provider));
    }
  return g_strv_builder_end (b);
}

gboolean
kf_deployment_list_is_provider_missing (KfDeploymentList *self,
                                        const char       *provider_id)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_LIST (self), FALSE);
  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);

      if (g_strcmp0 (kf_provider_get_id (g->provider), provider_id) == 0)
        return g->missing;
    }
  return FALSE;
}

KfDeployment *
kf_deployment_list_lookup (KfDeploymentList *self,
                           const char       *ns,
                           const char       *name,
                           const char       *provider_id)
{
  g_return_val_if_fail (KF_IS_DEPLOYMENT_LIST (self), NULL);
  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);

      if (provider_id != NULL && g_strcmp0 (kf_provider_get_id (g->provider), provider_id) != 0)
        continue;
      for (guint j = 0; j < g->items->len; j++)
        {
          KfDeployment *d = g_ptr_array_index (g->items, j);

          if (g_strcmp0 (kf_deployment_get_name (d), name) == 0 &&
              g_strcmp0 (kf_deployment_get_namespace (d), ns) == 0)
            return d;
        }
    }
  return NULL;
}

/* ---- GListModel ---- */

static GType
kf_deployment_list_get_item_type (GListModel *model)
{
  return KF_TYPE_DEPLOYMENT;
}

static guint
kf_deployment_list_get_n_items (GListModel *model)
{
  return total_items (KF_DEPLOYMENT_LIST (model));
}

static gpointer
kf_deployment_list_get_item (GListModel *model,
                             guint       position)
{
  KfDeploymentList *self = KF_DEPLOYMENT_LIST (model);

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *g = g_ptr_array_index (self->groups, i);

      if (position < g->items->len)
        return g_object_ref (g_ptr_array_index (g->items, position));
      position -= g->items->len;
    }
  return NULL;
}

static void
kf_deployment_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kf_deployment_list_get_item_type;
  iface->get_n_items = kf_deployment_list_get_n_items;
  iface->get_item = kf_deployment_list_get_item;
}

static void
kf_deployment_list_dispose (GObject *object)
{
  KfDeploymentList *self = KF_DEPLOYMENT_LIST (object);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  self->groups = g_ptr_array_new ();
  G_OBJECT_CLASS (kf_deployment_list_parent_class)->dispose (object);
}

static void
kf_deployment_list_finalize (GObject *object)
{
  KfDeploymentList *self = KF_DEPLOYMENT_LIST (object);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->client);
  g_free (self->ns);
  g_free (self->error);
  G_OBJECT_CLASS (kf_deployment_list_parent_class)->finalize (object);
}

static void
kf_deployment_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KfDeploymentList *self = KF_DEPLOYMENT_LIST (object);

  switch (prop_id)
    {
    case PROP_SYNCED: g_value_set_boolean (value, self->synced); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    case PROP_N_ITEMS: g_value_set_uint (value, total_items (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_deployment_list_class_init (KfDeploymentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = kf_deployment_list_dispose;
  object_class->finalize = kf_deployment_list_finalize;
  object_class->get_property = kf_deployment_list_get_property;

  properties[PROP_SYNCED] = g_param_spec_boolean ("synced", NULL, NULL, FALSE, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_deployment_list_init (KfDeploymentList *self)
{
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
}
