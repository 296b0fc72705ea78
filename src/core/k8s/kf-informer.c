/* kf-informer.c: a live GListModel of one resource type (list + watch)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include "kf-informer.h"

struct _KfInformer
{
  GObject      parent_instance;

  KfKubeWatch *watch;
  GPtrArray   *items;     /* KfKubeObject*, sorted */
  gboolean     synced;
  GError      *last_error;
};

static void kf_informer_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KfInformer, kf_informer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kf_informer_list_model_init))

enum { PROP_0, PROP_SYNCED, PROP_LAST_ERROR, PROP_N_ITEMS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GType
kf_informer_get_item_type (GListModel *model)
{
  return KF_TYPE_KUBE_OBJECT;
}

static guint
kf_informer_get_n_items (GListModel *model)
{
  return KF_INFORMER (model)->items->len;
}

static gpointer
kf_informer_get_item (GListModel *model,
                      guint       position)
{
  KfInformer *self = KF_INFORMER (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
kf_informer_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kf_informer_get_item_type;
  iface->get_n_items = kf_informer_get_n_items;
  iface->get_item = kf_informer_get_item;
}

static void
items_changed (KfInformer *self,
               guint       position,
               guint       removed,
               guint       added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_last_error (KfInformer   *self,
                const GError *error)
{
  if (error == NULL && self->last_error == NULL)
    return;
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* Binary search: the position of (ns, name), or where it would go. */
static guint
find_position (KfInformer *self,
               const char *ns,
               const char *name,
               gboolean   *found)
{
  guint lo = 0, hi = self->items->len;

  *found = FALSE;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      KfKubeObject *obj = g_ptr_array_index (self->items, mid);
      int c = kf_kube_object_compare_key (kf_kube_object_get_namespace (obj), kf_kube_object_get_name (obj), ns, name);

      if (c == 0)
        {
          *found = TRUE;
          return mid;
        }
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
key_of (JsonNode    *json,
        const char **ns,
        const char **name)
{
  JsonObject *meta = NULL;
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (json) ? json_node_get_object (json) : NULL;

  *ns = *name = NULL;
  if (obj != NULL && json_object_has_member (obj, "metadata") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "metadata")))
    meta = json_object_get_object_member (obj, "metadata");
  if (meta == NULL)
    return;
  *name = json_object_get_string_member_with_default (meta, "name", NULL);
  *ns = json_object_get_string_member_with_default (meta, "namespace", NULL);
  if (*ns != NULL && **ns == '\0')
    *ns = NULL;
}

static void
event_cb (KfKubeWatch          *watch,
          KfKubeWatchEventType  type,
          JsonNode             *object,
          KfInformer           *self)
{
  const char *ns, *name;
  gboolean found;
  guint pos;

  if (type == KF_KUBE_WATCH_BOOKMARK)
    return;
  key_of (object, &ns, &name);
  if (name == NULL)
    return;
  pos = find_position (self, ns, name, &found);

  switch (type)
    {
    case KF_KUBE_WATCH_ADDED:
    case KF_KUBE_WATCH_MODIFIED:
      if (found)
        {
          kf_kube_object_set_json (g_ptr_array_index (self->items, pos), object);
          items_changed (self, pos, 1, 1);
        }
      else
        {
          KfKubeObject *item = kf_kube_object_new (object);

          if (item == NULL)
            return;
          g_ptr_array_insert (self->items, (int) pos, item);
          items_changed (self, pos, 0, 1);
        }
      break;
    case KF_KUBE_WATCH_DELETED:
      if (found)
        {
          g_ptr_array_remove_index (self->items, pos);
          items_changed (self, pos, 1, 0);
        }
      break;
    case KF_KUBE_WATCH_BOOKMARK:
    default:
      break;
    }
}

static int
compare_json_keys (gconstpointer a,
                   gconstpointer b)
{
  const char *ns_a, *name_a, *ns_b, *name_b;

  key_of (*(JsonNode **) a, &ns_a, &name_a);
  key_of (*(JsonNode **) b, &ns_b, &name_b);
  return kf_kube_object_compare_key (ns_a, name_a, ns_b, name_b);
}

static void
listed_cb (KfKubeWatch *watch,
           JsonNode    *list,
           KfInformer  *self)
{
  g_autoptr(GPtrArray) incoming = g_ptr_array_new ();
  JsonArray *items = json_object_get_array_member (json_node_get_object (list), "items");
  guint n = json_array_get_length (items);
  guint i = 0, j = 0;

  for (guint k = 0; k < n; k++)
    {
      JsonNode *node = json_array_get_element (items, k);
      const char *ns, *name;

      key_of (node, &ns, &name);
      if (name != NULL)
        g_ptr_array_add (incoming, node);
    }
  g_ptr_array_sort (incoming, compare_json_keys);

  if (self->items->len == 0)
    {
      for (guint k = 0; k < incoming->len; k++)
        {
          KfKubeObject *item = kf_kube_object_new (g_ptr_array_index (incoming, k));
          if (item != NULL)
            g_ptr_array_add (self->items, item);
        }
      if (self->items->len > 0)
        items_changed (self, 0, 0, self->items->len);
    }
  else
    {
      /* merge the sorted lists, emitting minimal changes */
      while (i < self->items->len || j < incoming->len)
        {
          KfKubeObject *have = i < self->items->len ? g_ptr_array_index (self->items, i) : NULL;
          JsonNode *want = j < incoming->len ? g_ptr_array_index (incoming, j) : NULL;
          int c;

          if (have == NULL)
            c = 1;
          else if (want == NULL)
            c = -1;
          else
            {
              const char *ns, *name;
              key_of (want, &ns, &name);
              c = kf_kube_object_compare_key (kf_kube_object_get_namespace (have), kf_kube_object_get_name (have),
                                              ns, name);
            }

          if (c < 0)
            {
              g_ptr_array_remove_index (self->items, i);
              items_changed (self, i, 1, 0);
            }
          else if (c > 0)
            {
              KfKubeObject *item = kf_kube_object_new (want);
              g_ptr_array_insert (self->items, (int) i, item);
              items_changed (self, i, 0, 1);
              i++;
              j++;
            }
          else
            {
              JsonObject *meta = json_object_get_object_member (json_node_get_object (want), "metadata");
              const char *rv = json_object_get_string_member_with_default (meta, "resourceVersion", NULL);

              if (g_strcmp0 (rv, kf_kube_object_get_resource_version (have)) != 0)
                {
                  kf_kube_object_set_json (have, want);
                  items_changed (self, i, 1, 1);
                }
              i++;
              j++;
            }
        }
    }

  if (!self->synced)
    {
      self->synced = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
    }
}

static void
error_cb (KfKubeWatch  *watch,
          const GError *error,
          KfInformer   *self)
{
  set_last_error (self, error);
}

static void
connected_cb (KfKubeWatch *watch,
              GParamSpec  *pspec,
              KfInformer  *self)
{
  if (kf_kube_watch_is_connected (watch))
    set_last_error (self, NULL);
}

static void
kf_informer_dispose (GObject *object)
{
  KfInformer *self = KF_INFORMER (object);

  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      kf_kube_watch_stop (self->watch);
      g_clear_object (&self->watch);
    }
  G_OBJECT_CLASS (kf_informer_parent_class)->dispose (object);
}

static void
kf_informer_finalize (GObject *object)
{
  KfInformer *self = KF_INFORMER (object);

  g_ptr_array_unref (self->items);
  g_clear_error (&self->last_error);
  G_OBJECT_CLASS (kf_informer_parent_class)->finalize (object);
}

static void
kf_informer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KfInformer *self = KF_INFORMER (object);

  switch (prop_id)
    {
    case PROP_SYNCED: g_value_set_boolean (value, self->synced); break;
    case PROP_LAST_ERROR: g_value_set_boxed (value, self->last_error); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->items->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_informer_class_init (KfInformerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kf_informer_dispose;
  object_class->finalize = kf_informer_finalize;
  object_class->get_property = kf_informer_get_property;

  properties[PROP_SYNCED] = g_param_spec_boolean ("synced", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_ERROR] = g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_informer_init (KfInformer *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

KfInformer *
kf_informer_new (KfKubeClient         *client,
                 const KfKubeResource *resource,
                 const char           *ns,
                 const char           *label_selector,
                 const char           *field_selector)
{
  KfInformer *self = g_object_new (KF_TYPE_INFORMER, NULL);

  self->watch = kf_kube_watch_new (client, resource, ns, label_selector, field_selector);
  g_signal_connect (self->watch, "listed", G_CALLBACK (listed_cb), self);
  g_signal_connect (self->watch, "event", G_CALLBACK (event_cb), self);
  g_signal_connect (self->watch, "error", G_CALLBACK (error_cb), self);
  g_signal_connect (self->watch, "notify::connected", G_CALLBACK (connected_cb), self);
  return self;
}

void
kf_informer_start (KfInformer *self)
{
  g_return_if_fail (KF_IS_INFORMER (self));
  kf_kube_watch_start (self->watch);
}

void
kf_informer_stop (KfInformer *self)
{
  g_return_if_fail (KF_IS_INFORMER (self));
  kf_kube_watch_stop (self->watch);
}

gboolean
kf_informer_get_synced (KfInformer *self)
{
  g_return_val_if_fail (KF_IS_INFORMER (self), FALSE);
  return self->synced;
}

const GError *
kf_informer_get_last_error (KfInformer *self)
{
  g_return_val_if_fail (KF_IS_INFORMER (self), NULL);
  return self->last_error;
}

KfKubeObject *
kf_informer_lookup (KfInformer *self,
                    const char *ns,
                    const char *name)
{
  gboolean found;
  guint pos;

  g_return_val_if_fail (KF_IS_INFORMER (self), NULL);
  if (ns != NULL && *ns == '\0')
    ns = NULL;
  pos = find_position (self, ns, name, &found);
  return found ? g_ptr_array_index (self->items, pos) : NULL;
}

KfKubeWatch *
kf_informer_get_watch (KfInformer *self)
{
  g_return_val_if_fail (KF_IS_INFORMER (self), NULL);
  return self->watch;
}
