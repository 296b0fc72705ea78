/* kf-sim-store.c: the simulated cluster's object store
 *
 * Each resource is a GTree of sealed (immutable) JsonNodes ordered by
 * (namespace, name); an update replaces the node, so the event history can
 * share nodes with the tree. Every change gets the next cluster-wide
 * resourceVersion, is appended to a bounded history (what watches replay)
 * and emitted as ::changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <string.h>

#include "kf-sim-json.h"
#include "kf-sim-selector.h"
#include "kf-sim-store.h"

#define DEFAULT_HISTORY_SIZE 20000

struct _KfSimStore
{
  GObject     parent_instance;

  guint64     revision;
  GHashTable *resources;     /* resource -> GTree (key "NS/NAME" -> sealed JsonNode) */
  GHashTable *has_status;    /* resource set */
  GQueue      history;       /* KfSimStoreEvent*, oldest first */
  guint       history_size;
  guint64     compacted;     /* history covers revisions > compacted */
};

G_DEFINE_TYPE (KfSimStore, kf_sim_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (kf-sim-store-error-quark, kf_sim_store_error)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
kf_sim_store_event_free (KfSimStoreEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->resource);
  g_free (event->ns);
  g_clear_pointer (&event->object, json_node_unref);
  g_clear_pointer (&event->old_object, json_node_unref);
  g_free (event);
}

static KfSimStoreEvent *
event_dup (const KfSimStoreEvent *event)
{
  KfSimStoreEvent *copy = g_new0 (KfSimStoreEvent, 1);

  copy->type = event->type;
  copy->resource = g_strdup (event->resource);
  copy->ns = g_strdup (event->ns);
  copy->revision = event->revision;
  copy->object = json_node_ref (event->object);
  copy->old_object = event->old_object ? json_node_ref (event->old_object) : NULL;
  return copy;
}

/* Orders keys "NS/NAME" (namespaced) and "NAME" (cluster-scoped) by namespace then name. */
static int
key_compare (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const char *ka = a, *kb = b;
  const char *sa = strchr (ka, '/'), *sb = strchr (kb, '/');
  gsize la = sa ? (gsize) (sa - ka) : 0, lb = sb ? (gsize) (sb - kb) : 0;
  int c;

  c = strncmp (ka, kb, MIN (la, lb));
  if (c == 0 && la != lb)
    c = la < lb ? -1 : 1;
  if (c != 0)
    return c;
  return strcmp (sa ? sa + 1 : ka, sb ? sb + 1 : kb);
}

static char *
make_key (const char *ns,
          const char *name)
{
  return ns != NULL && *ns ? g_strconcat (ns, "/", name, NULL) : g_strdup (name);
}

char *
kf_sim_store_key_for (JsonNode *object)
{
  return make_key (kf_sim_json_get_string (object, "metadata.namespace"),
                   kf_sim_json_get_string (object, "metadata.name"));
}

static GTree *
table_for (KfSimStore *self,
           const char *resource,
           gboolean    create)
{
  GTree *tree = g_hash_table_lookup (self->resources, resource);

  if (tree == NULL && create)
    {
      tree = g_tree_new_full (key_compare, NULL, g_free, (GDestroyNotify) json_node_unref);
      g_hash_table_insert (self->resources, g_strdup (resource), tree);
    }
  return tree;
}

static void
kf_sim_store_finalize (GObject *object)
{
  KfSimStore *self = KF_SIM_STORE (object);

  g_hash_table_unref (self->resources);
  g_hash_table_unref (self->has_status);
  g_queue_clear_full (&self->history, (GDestroyNotify) kf_sim_store_event_free);
  G_OBJECT_CLASS (kf_sim_store_parent_class)->finalize (object);
}

static void
kf_sim_store_class_init (KfSimStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kf_sim_store_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_INT,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
kf_sim_store_init (KfSimStore *self)
{
  self->resources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_tree_unref);
  self->has_status = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->history);
  self->history_size = DEFAULT_HISTORY_SIZE;
}

KfSimStore *
kf_sim_store_new (void)
{
  return g_object_new (KF_TYPE_SIM_STORE, NULL);
}

guint64
kf_sim_store_get_revision (KfSimStore *self)
{
  g_return_val_if_fail (KF_IS_SIM_STORE (self), 0);
  return self->revision;
}

void
kf_sim_store_set_has_status (KfSimStore *self,
                             const char *resource,
                             gboolean    has_status)
{
  g_return_if_fail (KF_IS_SIM_STORE (self));
  if (has_status)
    g_hash_table_add (self->has_status, g_strdup (resource));
  else
    g_hash_table_remove (self->has_status, resource);
}

gboolean
kf_sim_store_get_has_status (KfSimStore *self,
                             const char *resource)
{
  g_return_val_if_fail (KF_IS_SIM_STORE (self), FALSE);
  return g_hash_table_contains (self->has_status, resource);
}

static void
trim_history (KfSimStore *self)
{
  while (self->history.length > self->history_size)
    {
      KfSimStoreEvent *old = g_queue_pop_head (&self->history);
      self->compacted = old->revision;
      kf_sim_store_event_free (old);
    }
}

void
kf_sim_store_set_history_size (KfSimStore *self,
                               guint       size)
{
  g_return_if_fail (KF_IS_SIM_STORE (self));
  self->history_size = MAX (size, 1);
  trim_history (self);
}

void
kf_sim_store_compact (KfSimStore *self)
{
  g_return_if_fail (KF_IS_SIM_STORE (self));
  g_queue_clear_full (&self->history, (GDestroyNotify) kf_sim_store_event_free);
  self->compacted = self->revision;
}

static gboolean deletion_done (JsonNode *object);

/* Records and emits a change; @object is the sealed node as stored/deleted. */
static void
record (KfSimStore     *self,
        KfSimEventType  type,
        const char     *resource,
        JsonNode       *object,
        JsonNode       *old_object)
{
  KfSimStoreEvent *event = g_new0 (KfSimStoreEvent, 1);

  event->type = type;
  event->resource = g_strdup (resource);
  event->ns = g_strdup (kf_sim_json_get_string (object, "metadata.namespace"));
  event->revision = self->revision;
  event->object = json_node_ref (object);
  event->old_object = old_object ? json_node_ref (old_object) : NULL;
  g_queue_push_tail (&self->history, event);
  trim_history (self);

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, (int) type, resource, object);
}

static void
set_not_found (GError    **error,
               const char *resource,
               const char *name)
{
  g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_NOT_FOUND,
               "%s \"%s\" not found", resource, name ? name : "");
}

JsonNode *
kf_sim_store_get (KfSimStore  *self,
                  const char  *resource,
                  const char  *ns,
                  const char  *name,
                  GError     **error)
{
  GTree *tree;
  g_autofree char *key = NULL;
  JsonNode *node = NULL;

  g_return_val_if_fail (KF_IS_SIM_STORE (self), NULL);
  g_return_val_if_fail (resource != NULL, NULL);

  tree = table_for (self, resource, FALSE);
  if (tree != NULL && name != NULL)
    {
      key = make_key (ns, name);
      node = g_tree_lookup (tree, key);
    }
  if (node == NULL)
    {
      set_not_found (error, resource, name);
      return NULL;
    }
  return kf_sim_json_copy (node);
}

static gboolean
in_namespace (const char *key,
              const char *ns,
              gsize       ns_len)
{
  return strncmp (key, ns, ns_len) == 0 && key[ns_len] == '/';
}

static GPtrArray *
list_page (KfSimStore  *self,
           const char  *resource,
           const char  *ns,
           const char  *label_selector,
           const char  *field_selector,
           const char  *start_after,
           guint        limit,
           char       **next_key,
           guint       *remaining,
           gboolean     copy,
           GError     **error)
{
  g_autoptr(KfSimSelector) selector = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  GTree *tree;
  GTreeNode *node;
  gsize ns_len = ns ? strlen (ns) : 0;
  const char *last_key = NULL;
  guint left = 0;
  gboolean select;

  if (next_key != NULL)
    *next_key = NULL;
  if (remaining != NULL)
    *remaining = 0;

  selector = kf_sim_selector_new (label_selector, field_selector, error);
  if (selector == NULL)
    return NULL;
  select = !kf_sim_selector_is_empty (selector);

  tree = table_for (self, resource, FALSE);
  if (tree == NULL)
    return g_steal_pointer (&items);

  if (start_after != NULL)
    node = g_tree_upper_bound (tree, start_after);
  else if (ns != NULL)
    {
      g_autofree char *first = g_strconcat (ns, "/", NULL);
      node = g_tree_lower_bound (tree, first);
    }
  else
    node = g_tree_node_first (tree);

  for (; node != NULL; node = g_tree_node_next (node))
    {
      const char *key = g_tree_node_key (node);
      JsonNode *object = g_tree_node_value (node);

      if (ns != NULL && !in_namespace (key, ns, ns_len))
        break;   /* keys are ordered by namespace: past ours */
      if (select && !kf_sim_selector_matches (selector, object))
        continue;
      if (limit > 0 && items->len >= limit)
        {
          left++;
          if (remaining == NULL)
            break;
          continue;
        }
      g_ptr_array_add (items, copy ? kf_sim_json_copy (object) : json_node_ref (object));
      last_key = key;
    }

  if (left > 0 && next_key != NULL && last_key != NULL)
    *next_key = g_strdup (last_key);
  if (remaining != NULL)
    *remaining = left;
  return g_steal_pointer (&items);
}

GPtrArray *
kf_sim_store_list_page (KfSimStore  *self,
                        const char  *resource,
                        const char  *ns,
                        const char  *label_selector,
                        const char  *field_selector,
                        const char  *start_after,
                        guint        limit,
                        char       **next_key,
                        guint       *remaining,
                        GError     **error)
{
  g_return_val_if_fail (KF_IS_SIM_STORE (self), NULL);
  return list_page (self, resource, ns, label_selector, field_selector, start_after, limit,
                    next_key, remaining, TRUE, error);
}

GPtrArray *
kf_sim_store_list_page_sealed (KfSimStore  *self,
                               const char  *resource,
                               const char  *ns,
                               const char  *label_selector,
                               const char  *field_selector,
                               const char  *start_after,
                               guint        limit,
                               char       **next_key,
                               guint       *remaining,
                               GError     **error)
{
  g_return_val_if_fail (KF_IS_SIM_STORE (self), NULL);
  return list_page (self, resource, ns, label_selector, field_selector, start_after, limit,
                    next_key, remaining, FALSE, error);
}

GPtrArray *
kf_sim_store_list (KfSimStore  *self,
                   const char  *resource,
                   const char  *ns,
                   const char  *label_selector,
                   const char  *field_selector,
                   GError     **error)
{
  return kf_sim_store_list_page (self, resource, ns, label_selector, field_selector,
                                 NULL, 0, NULL, NULL, error);
}

guint
kf_sim_store_count (KfSimStore *self,
                    const char *resource)
{
  GTree *tree;

  g_return_val_if_fail (KF_IS_SIM_STORE (self), 0);
  tree = table_for (self, resource, FALSE);
  return tree ? (guint) g_tree_nnodes (tree) : 0;
}

static char *
random_suffix (void)
{
  static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  char s[6];

  for (guint i = 0; i < 5; i++)
    s[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  s[5] = '\0';
  return g_strdup (s);
}

static void
set_revision (JsonObject *meta,
              guint64     revision)
{
  g_autofree char *rv = g_strdup_printf ("%" G_GUINT64_FORMAT, revision);
  json_object_set_string_member (meta, "resourceVersion", rv);
}

static JsonNode *
store_create (KfSimStore  *self,
              const char  *resource,
              const char  *ns,
              JsonNode    *owned,
              gboolean     want_copy,
              GError     **error)
{
  g_autoptr(JsonNode) copy = owned;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *now = NULL;
  g_autofree char *uid = NULL;
  JsonObject *meta;
  GTree *tree;

  if (copy == NULL || !JSON_NODE_HOLDS_OBJECT (copy))
    {
      g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_INVALID,
                   "%s: the object must be a JSON object", resource);
      return NULL;
    }
  meta = kf_sim_json_ensure_object (copy, "metadata");
  tree = table_for (self, resource, TRUE);

  name = g_strdup (json_object_get_string_member_with_default (meta, "name", ""));
  if (*name == '\0')
    {
      const char *prefix = json_object_get_string_member_with_default (meta, "generateName", "");

      if (*prefix == '\0')
        {
          g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_INVALID,
                       "%s: metadata.name: Required value: name or generateName is required",
                       resource);
          return NULL;
        }
      for (guint attempt = 0; attempt < 100; attempt++)
        {
          g_autofree char *suffix = random_suffix ();
          g_free (name);
          name = g_strconcat (prefix, suffix, NULL);
          g_free (key);
          key = make_key (ns, name);
          if (g_tree_lookup (tree, key) == NULL)
            break;
        }
      json_object_set_string_member (meta, "name", name);
    }

  g_free (key);
  key = make_key (ns, name);
  if (g_tree_lookup (tree, key) != NULL)
    {
      g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_ALREADY_EXISTS,
                   "%s \"%s\" already exists", resource, name);
      return NULL;
    }

  if (ns != NULL)
    json_object_set_string_member (meta, "namespace", ns);
  else if (json_object_has_member (meta, "namespace"))
    json_object_remove_member (meta, "namespace");

  self->revision++;
  uid = g_uuid_string_random ();
  now = kf_sim_json_timestamp_now ();
  json_object_set_string_member (meta, "uid", uid);
  set_revision (meta, self->revision);
  json_object_set_string_member (meta, "creationTimestamp", now);
  json_object_set_int_member (meta, "generation", 1);

  json_node_seal (copy);
  g_tree_insert (tree, g_steal_pointer (&key), json_node_ref (copy));
  record (self, KF_SIM_EVENT_ADDED, resource, copy, NULL);
  return want_copy ? kf_sim_json_copy (copy) : json_node_ref (copy);
}

JsonNode *
kf_sim_store_create (KfSimStore  *self,
                     const char  *resource,
                     const char  *ns,
                     JsonNode    *object,
                     GError     **error)
{
  g_return_val_if_fail (KF_IS_SIM_STORE (self), NULL);
  g_return_val_if_fail (resource != NULL, NULL);
  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    {
      g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_INVALID,
                   "%s: the object must be a JSON object", resource);
      return NULL;
    }
  return store_create (self, resource, ns, kf_sim_json_copy (object), TRUE, error);
}

gboolean
kf_sim_store_add (KfSimStore  *self,
                  const char  *resource,
                  const char  *ns,
                  JsonNode    *object,
                  GError     **error)
{
  g_autoptr(JsonNode) stored = NULL;

  g_return_val_if_fail (KF_IS_SIM_STORE (self), FALSE);
  g_return_val_if_fail (resource != NULL, FALSE);
  if (object != NULL && json_node_is_immutable (object))
    {
      g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_INVALID,
                   "%s: kf_sim_store_add needs a mutable object", resource);
      json_node_unref (object);
      return FALSE;
    }
  stored = store_create (self, resource, ns, object, FALSE, error);
  return stored != NULL;
}

/* TRUE when anything outside metadata and status differs. */
static gboolean
spec_changed (JsonNode *a,
              JsonNode *b)
{
  JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
  g_autoptr(GList) names = json_object_get_members (oa);
  g_autoptr(GList) names_b = json_object_get_members (ob);

  for (GList *l = names; l; l = l->next)
    if (!g_str_equal (l->data, "metadata") && !g_str_equal (l->data, "status") &&
        !kf_sim_json_equal (json_object_get_member (oa, l->data), json_object_get_member (ob, l->data)))
      return TRUE;
  for (GList *l = names_b; l; l = l->next)
    if (!g_str_equal (l->data, "metadata") && !g_str_equal (l->data, "status") &&
        !json_object_has_member (oa, l->data))
      return TRUE;
  return FALSE;
}

static void
copy_member (JsonObject *dst,
             JsonObject *src,
             const char *name)
{
  JsonNode *member = json_object_get_member (src, name);

  if (member != NULL)
    json_object_set_member (dst, name, kf_sim_json_copy (member));
  else if (json_object_has_member (dst, name))
    json_object_remove_member (dst, name);
}

JsonNode *
kf_sim_store_update (KfSimStore  *self,
                     const char  *resource,
                     const char  *ns,
                     JsonNode    *object,
                     gboolean     status_only,
                     GError     **error)
{
  const char *name;
  const char *rv;
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) updated = NULL;
  JsonNode *stored;
  JsonObject *meta, *stored_meta;
  GTree *tree;

  g_return_val_if_fail (KF_IS_SIM_STORE (self), NULL);

  if (object == NULL || !JSON_NODE_HOLDS_OBJECT (object))
    {
      g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_INVALID,
                   "%s: the object must be a JSON object", resource);
      return NULL;
    }
  name = kf_sim_json_get_string (object, "metadata.name");
  tree = table_for (self, resource, FALSE);
  key = name ? make_key (ns, name) : NULL;
  stored = tree && key ? g_tree_lookup (tree, key) : NULL;
  if (stored == NULL)
    {
      set_not_found (error, resource, name);
      return NULL;
    }

  rv = kf_sim_json_get_string (object, "metadata.resourceVersion");
  if (rv != NULL && *rv != '\0' &&
      g_strcmp0 (rv, kf_sim_json_get_string (stored, "metadata.resourceVersion")) != 0)
    {
      g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_CONFLICT,
                   "Operation cannot be fulfilled on %s \"%s\": the object has been modified; "
                   "please apply your changes to the latest version and try again",
                   resource, name);
      return NULL;
    }

  if (status_only)
    {
      updated = kf_sim_json_copy (stored);
      copy_member (json_node_get_object (updated), json_node_get_object (object), "status");
    }
  else
    {
      updated = kf_sim_json_copy (object);
      if (g_hash_table_contains (self->has_status, resource))
        copy_member (json_node_get_object (updated), json_node_get_object (stored), "status");
    }

  /* Metadata the server owns. */
  meta = kf_sim_json_ensure_object (updated, "metadata");
  stored_meta = json_node_get_object (json_object_get_member (json_node_get_object (stored), "metadata"));
  copy_member (meta, stored_meta, "uid");
  copy_member (meta, stored_meta, "creationTimestamp");
  copy_member (meta, stored_meta, "generation");
  copy_member (meta, stored_meta, "namespace");
  copy_member (meta, stored_meta, "resourceVersion");
  if (!json_object_has_member (meta, "generateName"))
    copy_member (meta, stored_meta, "generateName");
  /* once set, a deletion mark stays (its grace period may only be shortened) */
  if (json_object_has_member (stored_meta, "deletionTimestamp"))
    {
      copy_member (meta, stored_meta, "deletionTimestamp");
      if (!json_object_has_member (meta, "deletionGracePeriodSeconds"))
        copy_member (meta, stored_meta, "deletionGracePeriodSeconds");
    }

  if (kf_sim_json_equal (updated, stored))
    return kf_sim_json_copy (stored);   /* a no-op update changes nothing, as in etcd */

  if (spec_changed (updated, stored))
    json_object_set_int_member (meta, "generation",
                                json_object_get_int_member_with_default (stored_meta, "generation", 1) + 1);

  self->revision++;
  set_revision (meta, self->revision);
  json_node_seal (updated);
  if (deletion_done (updated))
    {
      /* the last finalizer went (or the grace period ended): the update is the delete */
      g_tree_remove (tree, key);
      record (self, KF_SIM_EVENT_DELETED, resource, updated, NULL);
      return kf_sim_json_copy (updated);
    }
  {
    g_autoptr(JsonNode) old = json_node_ref (stored);   /* the tree drops its reference */

    g_tree_replace (tree, g_steal_pointer (&key), json_node_ref (updated));
    record (self, KF_SIM_EVENT_MODIFIED, resource, updated, old);
  }
  return kf_sim_json_copy (updated);
}

/* Marked for deletion, with no finalizer left and no grace period to wait. */
static gboolean
deletion_done (JsonNode *object)
{
  JsonNode *finalizers = kf_sim_json_lookup (object, "metadata.finalizers");
  JsonNode *grace = kf_sim_json_lookup (object, "metadata.deletionGracePeriodSeconds");

  if (kf_sim_json_lookup (object, "metadata.deletionTimestamp") == NULL)
    return FALSE;
  if (finalizers != NULL && JSON_NODE_HOLDS_ARRAY (finalizers) &&
      json_array_get_length (json_node_get_array (finalizers)) > 0)
    return FALSE;
  return grace == NULL || !JSON_NODE_HOLDS_VALUE (grace) || json_node_get_int (grace) <= 0;
}

JsonNode *
kf_sim_store_delete_graceful (KfSimStore  *self,
                              const char  *resource,
                              const char  *ns,
                              const char  *name,
                              gint64       grace_seconds,
                              gboolean    *gone,
                              GError     **error)
{
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *stamp = NULL;
  JsonNode *finalizers;
  JsonObject *meta;
  gboolean has_finalizers;

  g_return_val_if_fail (KF_IS_SIM_STORE (self), NULL);

  if (gone != NULL)
    *gone = FALSE;
  current = kf_sim_store_get (self, resource, ns, name, error);
  if (current == NULL)
    return NULL;
  /* already being deleted: nothing changes (a shorter grace period is not applied) */
  if (kf_sim_json_lookup (current, "metadata.deletionTimestamp") != NULL)
    return g_steal_pointer (&current);
  finalizers = kf_sim_json_lookup (current, "metadata.finalizers");
  has_finalizers = finalizers != NULL && JSON_NODE_HOLDS_ARRAY (finalizers) &&
                   json_array_get_length (json_node_get_array (finalizers)) > 0;
  if (!has_finalizers && grace_seconds <= 0)
    {
      if (gone != NULL)
        *gone = TRUE;
      return kf_sim_store_delete (self, resource, ns, name, error);
    }

  now = g_date_time_new_now_utc ();
  when = g_date_time_add_seconds (now, (double) MAX (grace_seconds, 0));
  stamp = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
  meta = kf_sim_json_ensure_object (current, "metadata");
  json_object_set_string_member (meta, "deletionTimestamp", stamp);
  json_object_set_int_member (meta, "deletionGracePeriodSeconds", MAX (grace_seconds, 0));
  return kf_sim_store_update (self, resource, ns, current, FALSE, error);
}

static JsonNode *
delete_one (KfSimStore *self,
            GTree      *tree,
            const char *resource,
            const char *key)
{
  JsonNode *stored = g_tree_lookup (tree, key);
  g_autoptr(JsonNode) deleted = kf_sim_json_copy (stored);

  g_tree_remove (tree, key);
  self->revision++;
  set_revision (kf_sim_json_ensure_object (deleted, "metadata"), self->revision);
  json_node_seal (deleted);
  record (self, KF_SIM_EVENT_DELETED, resource, deleted, NULL);
  return kf_sim_json_copy (deleted);
}

static void
delete_namespace_contents (KfSimStore *self,
                           const char *ns)
{
  g_autoptr(GPtrArray) resources = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer resource;
  gsize ns_len = strlen (ns);

  g_hash_table_iter_init (&iter, self->resources);
  while (g_hash_table_iter_next (&iter, &resource, NULL))
    g_ptr_array_add (resources, g_strdup (resource));

  for (guint i = 0; i < resources->len; i++)
    {
      const char *res = resources->pdata[i];
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *first = g_strconcat (ns, "/", NULL);
      GTree *tree = table_for (self, res, FALSE);

      if (tree == NULL)
        continue;
      for (GTreeNode *n = g_tree_lower_bound (tree, first); n; n = g_tree_node_next (n))
        {
          const char *key = g_tree_node_key (n);
          if (!in_namespace (key, ns, ns_len))
            break;
          g_ptr_array_add (keys, g_strdup (key));
        }
      for (guint k = 0; k < keys->len; k++)
        {
          /* a ::changed handler may have removed it already */
          tree = table_for (self, res, FALSE);
          if (tree != NULL && g_tree_lookup (tree, keys->pdata[k]) != NULL)
            json_node_unref (delete_one (self, tree, res, keys->pdata[k]));
        }
    }
}

JsonNode *
kf_sim_store_delete (KfSimStore  *self,
                     const char  *resource,
                     const char  *ns,
                     const char  *name,
                     GError     **error)
{
  g_autofree char *key = NULL;
  GTree *tree;

  g_return_val_if_fail (KF_IS_SIM_STORE (self), NULL);

  tree = table_for (self, resource, FALSE);
  key = name ? make_key (ns, name) : NULL;
  if (tree == NULL || key == NULL || g_tree_lookup (tree, key) == NULL)
    {
      set_not_found (error, resource, name);
      return NULL;
    }

  if (g_str_equal (resource, "namespaces"))
    {
      delete_namespace_contents (self, name);
      tree = table_for (self, resource, FALSE);
      if (g_tree_lookup (tree, key) == NULL)
        {
          set_not_found (error, resource, name);
          return NULL;
        }
    }
  return delete_one (self, tree, resource, key);
}

const KfSimStoreEvent *
kf_sim_store_peek_last_event (KfSimStore *self)
{
  g_return_val_if_fail (KF_IS_SIM_STORE (self), NULL);
  return g_queue_peek_tail (&self->history);
}

GPtrArray *
kf_sim_store_events_since (KfSimStore  *self,
                           const char  *resource,
                           const char  *ns,
                           guint64      since,
                           GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_sim_store_event_free);
  GList *l;

  g_return_val_if_fail (KF_IS_SIM_STORE (self), NULL);

  if (since < self->compacted)
    {
      g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_GONE,
                   "too old resource version: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT ")",
                   since, self->compacted + 1);
      return NULL;
    }

  /* walk back to the first event after @since, then forward */
  for (l = self->history.tail; l != NULL && ((KfSimStoreEvent *) l->data)->revision > since; l = l->prev)
    ;
  l = l ? l->next : self->history.head;
  for (; l != NULL; l = l->next)
    {
      KfSimStoreEvent *event = l->data;

      if (resource != NULL && g_strcmp0 (event->resource, resource) != 0)
        continue;
      if (ns != NULL && g_strcmp0 (event->ns, ns) != 0)
        continue;
      g_ptr_array_add (events, event_dup (event));
    }
  return g_steal_pointer (&events);
}
