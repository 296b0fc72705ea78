/* kf-gpu-watcher.c: the current cluster's GPU inventory, kept live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-gpu-watcher"

#include "config.h"

#include "kf-gpu-watcher.h"
#include "kf-informer.h"
#include "kf-kube-request.h"

/* How long a burst of watch events may last before one recompute. */
#define RECOMPUTE_DELAY_MS 200

struct _KfGpuWatcher
{
  GObject           parent_instance;

  KfClusterSession *session;    /* weak: the session owns the client we watch */
  gulong            client_handler;
  KfInformer       *nodes;
  KfInformer       *pods;
  guint             recompute_id;
  KfGpuInventory   *inventory;
};

G_DEFINE_FINAL_TYPE (KfGpuWatcher, kf_gpu_watcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INVENTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_inventory (KfGpuWatcher   *self,
               KfGpuInventory *inventory)
{
  /* a recompute always gives a new object: pages re-evaluate fit on each */
  if (self->inventory == NULL && inventory == NULL)
    return;
  g_set_object (&self->inventory, inventory);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVENTORY]);
}

static JsonObject *
item_json_cb (gpointer item,
              gpointer user_data)
{
  JsonNode *node = kf_kube_object_get_json (KF_KUBE_OBJECT (item));

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
recompute_cb (gpointer user_data)
{
  KfGpuWatcher *self = user_data;
  g_autoptr(KfGpuInventory) inventory = NULL;

  self->recompute_id = 0;
  if (self->nodes == NULL || self->pods == NULL ||
      !kf_informer_get_synced (self->nodes) || !kf_informer_get_synced (self->pods))
    return G_SOURCE_REMOVE;

  inventory = kf_gpu_inventory_compute_from_lists (G_LIST_MODEL (self->nodes),
                                                   G_LIST_MODEL (self->pods),
                                                   item_json_cb, NULL);
  set_inventory (self, inventory);
  return G_SOURCE_REMOVE;
}

static void
schedule_recompute (KfGpuWatcher *self)
{
  if (self->recompute_id == 0)
    self->recompute_id = g_timeout_add (RECOMPUTE_DELAY_MS, recompute_cb, self);
}

static void
stop_informers (KfGpuWatcher *self)
{
  g_clear_handle_id (&self->recompute_id, g_source_remove);
  if (self->nodes != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->nodes, self);
      kf_informer_stop (self->nodes);
      g_clear_object (&self->nodes);
    }
  if (self->pods != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pods, self);
      kf_informer_stop (self->pods);
      g_clear_object (&self->pods);
    }
}

static KfInformer *
start_informer (KfGpuWatcher         *self,
                KfKubeClient         *client,
                const KfKubeResource *resource)
{
  KfInformer *informer = kf_informer_new (client, resource, NULL, NULL, NULL);

  g_signal_connect_swapped (informer, "items-changed", G_CALLBACK (schedule_recompute), self);
  g_signal_connect_swapped (informer, "notify::synced", G_CALLBACK (schedule_recompute), self);
  kf_informer_start (informer);
  return informer;
}

static void
client_changed_cb (KfGpuWatcher *self)
{
  KfKubeClient *client = self->session != NULL ? kf_cluster_session_get_client (self->session) : NULL;

  stop_informers (self);
  set_inventory (self, NULL);
  if (client == NULL)
    return;

  self->nodes = start_informer (self, client, &kf_kube_resource_nodes);
  self->pods = start_informer (self, client, &kf_kube_resource_pods);
}

static void
session_gone_cb (gpointer  user_data,
                 GObject  *where_the_object_was)
{
  KfGpuWatcher *self = user_data;

  self->session = NULL;
  self->client_handler = 0;
  stop_informers (self);
}

void
kf_gpu_watcher_shutdown (KfGpuWatcher *self)
{
  g_return_if_fail (KF_IS_GPU_WATCHER (self));

  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->client_handler, self->session);
      g_object_weak_unref (G_OBJECT (self->session), session_gone_cb, self);
      self->session = NULL;
    }
  stop_informers (self);
  set_inventory (self, NULL);
}

static void
kf_gpu_watcher_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KfGpuWatcher *self = KF_GPU_WATCHER (object);

  switch (prop_id)
    {
    case PROP_INVENTORY:
      g_value_set_object (value, self->inventory);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_gpu_watcher_dispose (GObject *object)
{
  KfGpuWatcher *self = KF_GPU_WATCHER (object);

  kf_gpu_watcher_shutdown (self);
  g_clear_object (&self->inventory);

  G_OBJECT_CLASS (kf_gpu_watcher_parent_class)->dispose (object);
}

static void
kf_gpu_watcher_class_init (KfGpuWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kf_gpu_watcher_get_property;
  object_class->dispose = kf_gpu_watcher_dispose;

  properties[PROP_INVENTORY] =
    g_param_spec_object ("inventory", NULL, NULL,
                         KF_TYPE_GPU_INVENTORY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_gpu_watcher_init (KfGpuWatcher *self)
{
}

/**
 * kf_gpu_watcher_new:
 * @session: the session to follow (not referenced: the watcher stops when it goes)
 */
KfGpuWatcher *
kf_gpu_watcher_new (KfClusterSession *session)
{
  KfGpuWatcher *self;

  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (session), NULL);

  self = g_object_new (KF_TYPE_GPU_WATCHER, NULL);
  self->session = session;
  g_object_weak_ref (G_OBJECT (session), session_gone_cb, self);
  self->client_handler = g_signal_connect_swapped (session, "notify::client",
                                                   G_CALLBACK (client_changed_cb), self);
  client_changed_cb (self);
  return self;
}

KfGpuInventory *
kf_gpu_watcher_get_inventory (KfGpuWatcher *self)
{
  g_return_val_if_fail (KF_IS_GPU_WATCHER (self), NULL);

  return self->inventory;
}
