/* kf-sim-operators.c: the reconcile loop of the simulated operators
 *
 * Listens to the store's ::changed signal and queues work for an idle
 * callback (never touching the store from inside the signal). For every
 * owner (DynamoGraphDeployment, RayService, Workspace, Deployment) the
 * reconcile computes the pod groups and services the real controller would
 * create, creates or deletes pods to match, and writes the owner's status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <string.h>

#include "kf-sim-op-private.h"

struct _KfSimOperators
{
  GObject        parent_instance;

  KfSimStore    *store;
  KfSimScenario *scenario;
  double         speed;
  gulong         changed_id;

  GHashTable    *workloads;     /* key -> SimWorkload* */
  GHashTable    *pods;          /* "ns/name" -> SimPod* */
  GHashTable    *pods_by_owner; /* owner key -> GPtrArray of its SimPod* (not owned) */
  GHashTable    *queue;         /* owner keys to reconcile */
  GHashTable    *events;        /* dedup key -> event name */
  guint          idle_id;
  gboolean       schedule_queued;
  guint          resched_id;
  guint64        event_serial;
  guint64        sched_generation;  /* bumped whenever room may have been made */
};

G_DEFINE_FINAL_TYPE (KfSimOperators, kf_sim_operators, G_TYPE_OBJECT)

static void workload_teardown (KfSimOperators *self, SimWorkload *wl, gboolean delete_objects);

static gboolean
is_owner_resource (const char *resource)
{
  return g_strcmp0 (resource, KF_SIM_RES_DYNAMO) == 0 ||
         g_strcmp0 (resource, KF_SIM_RES_RAYSERVICE) == 0 ||
         g_strcmp0 (resource, KF_SIM_RES_WORKSPACE) == 0 ||
         g_strcmp0 (resource, KF_SIM_RES_DEPLOYMENT) == 0;
}

static char *
owner_key (const char *resource,
           const char *ns,
           const char *name)
{
  return g_strdup_printf ("%s\x1f%s\x1f%s", resource, ns ? ns : "", name);
}

static void
sim_workload_free (SimWorkload *wl)
{
  g_clear_handle_id (&wl->traffic_id, g_source_remove);
  g_free (wl->key);
  g_free (wl->resource);
  g_free (wl->ns);
  g_free (wl->name);
  g_free (wl->uid);
  g_free (wl->kind);
  g_free (wl->api_version);
  g_free (wl->provider);
  g_free (wl->engine);
  g_free (wl->model);
  g_free (wl->served_name);
  g_free (wl->ray_cluster);
  g_clear_pointer (&wl->services, g_ptr_array_unref);
  g_free (wl);
}

void
sim_pod_group_free (SimPodGroup *group)
{
  g_free (group->group);
  g_free (group->prefix);
  g_free (group->role);
  g_free (group->engine);
  g_free (group->model);
  g_clear_pointer (&group->labels, json_node_unref);
  g_clear_pointer (&group->spec, json_node_unref);
  g_free (group);
}

/* ---- accessors for the other files ---- */

KfSimStore *
kf_sim_operators_get_store (KfSimOperators *self)
{
  return self->store;
}

KfSimScenario *
kf_sim_operators_get_scenario (KfSimOperators *self)
{
  return self->scenario;
}

double
kf_sim_operators_get_speed (KfSimOperators *self)
{
  return self->speed;
}

GHashTable *
kf_sim_operators_get_pods (KfSimOperators *self)
{
  return self->pods;
}

SimWorkload *
kf_sim_operators_lookup_workload (KfSimOperators *self,
                                  const char     *key)
{
  return key ? g_hash_table_lookup (self->workloads, key) : NULL;
}

guint
kf_sim_operators_timeout_add (KfSimOperators *self,
                              double          sim_seconds,
                              GSourceFunc     func,
                              gpointer        data)
{
  double ms = sim_seconds * 1000.0 / self->speed;

  return g_timeout_add ((guint) CLAMP (ms, 1.0, 3600000.0), func, data);
}

/* ---- events ---- */

void
kf_sim_operators_emit_event (KfSimOperators *self,
                             JsonNode       *involved,
                             const char     *field_path,
                             const char     *type,
                             const char     *reason,
                             const char     *message,
                             const char     *component,
                             const char     *host)
{
  const char *ns = sim_json_string (involved, "metadata", "namespace", NULL);
  const char *name = sim_json_string (involved, "metadata", "name", NULL);
  const char *uid = sim_json_string (involved, "metadata", "uid", NULL);
  g_autofree char *dedup = g_strdup_printf ("%s|%s|%s|%s", uid, reason, message,
                                            field_path ? field_path : "");
  g_autofree char *now = sim_time_format (g_get_real_time (), FALSE);
  const char *existing = g_hash_table_lookup (self->events, dedup);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) stored = NULL;
  JsonObject *ev, *meta, *obj, *src;
  g_autofree char *ev_name = NULL;

  if (ns == NULL || name == NULL)
    return;

  if (existing != NULL)
    {
      node = kf_sim_store_get (self->store, "events", ns, existing, NULL);
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          ev = json_node_get_object (node);
          json_object_set_int_member (ev, "count", sim_json_int (node, 1, "count", NULL) + 1);
          json_object_set_string_member (ev, "lastTimestamp", now);
          json_object_remove_member (sim_json_ensure_object (ev, "metadata"), "resourceVersion");
          stored = kf_sim_store_update (self->store, "events", ns, node, FALSE, NULL);
          return;
        }
      g_clear_pointer (&node, json_node_unref);
    }

  ev_name = g_strdup_printf ("%s.%" G_GINT64_MODIFIER "x", name,
                             g_get_real_time () * 1000 + (gint64) (self->event_serial++ % 1000));
  ev = json_object_new ();
  json_object_set_string_member (ev, "apiVersion", "v1");
  json_object_set_string_member (ev, "kind", "Event");
  meta = sim_json_ensure_object (ev, "metadata");
  json_object_set_string_member (meta, "name", ev_name);
  json_object_set_string_member (meta, "namespace", ns);
  obj = sim_json_ensure_object (ev, "involvedObject");
  json_object_set_string_member (obj, "apiVersion",
                                 sim_json_string (involved, "apiVersion", NULL) ?: "v1");
  json_object_set_string_member (obj, "kind", sim_json_string (involved, "kind", NULL) ?: "Pod");
  json_object_set_string_member (obj, "name", name);
  json_object_set_string_member (obj, "namespace", ns);
  if (uid)
    json_object_set_string_member (obj, "uid", uid);
  if (sim_json_string (involved, "metadata", "resourceVersion", NULL))
    json_object_set_string_member (obj, "resourceVersion",
                                   sim_json_string (involved, "metadata", "resourceVersion", NULL));
  if (field_path)
    json_object_set_string_member (obj, "fieldPath", field_path);
  json_object_set_string_member (ev, "reason", reason);
  json_object_set_string_member (ev, "message", message);
  src = sim_json_ensure_object (ev, "source");
  json_object_set_string_member (src, "component", component);
  if (host)
    json_object_set_string_member (src, "host", host);
  json_object_set_string_member (ev, "firstTimestamp", now);
  json_object_set_string_member (ev, "lastTimestamp", now);
  json_object_set_int_member (ev, "count", 1);
  json_object_set_string_member (ev, "type", type);
  json_object_set_null_member (ev, "eventTime");
  json_object_set_string_member (ev, "reportingComponent", component);
  json_object_set_string_member (ev, "reportingInstance", host ? host : "");

  node = json_node_init_object (json_node_alloc (), ev);
  json_object_unref (ev);
  stored = kf_sim_store_create (self->store, "events", ns, node, NULL);
  if (stored != NULL)
    g_hash_table_replace (self->events, g_steal_pointer (&dedup), g_steal_pointer (&ev_name));
}

/* ---- owners ---- */

JsonNode *
sim_owner_reference (SimWorkload *wl)
{
  JsonObject *ref = json_object_new ();

  json_object_set_string_member (ref, "apiVersion", wl->api_version);
  json_object_set_string_member (ref, "kind", wl->kind);
  json_object_set_string_member (ref, "name", wl->name);
  json_object_set_string_member (ref, "uid", wl->uid);
  json_object_set_boolean_member (ref, "controller", TRUE);
  json_object_set_boolean_member (ref, "blockOwnerDeletion", TRUE);
  return sim_json_take_object (ref);
}

/* the pods a workload owns, without walking every pod of the cluster (a scan
 * per reconcile made reconciling thousands of deployments quadratic) */
void
kf_sim_operators_set_pod_owner (KfSimOperators *self,
                                SimPod         *pod,
                                const char     *owner_key)
{
  GPtrArray *owned;

  g_return_if_fail (pod->owner_key == NULL);
  pod->owner_key = g_strdup (owner_key);
  owned = g_hash_table_lookup (self->pods_by_owner, owner_key);
  if (owned == NULL)
    {
      owned = g_ptr_array_new ();
      g_hash_table_insert (self->pods_by_owner, g_strdup (owner_key), owned);
    }
  g_ptr_array_add (owned, pod);
}

void
kf_sim_operators_forget_pod (KfSimOperators *self,
                             SimPod         *pod)
{
  GPtrArray *owned;

  if (pod->owner_key == NULL || self->pods_by_owner == NULL)
    return;
  owned = g_hash_table_lookup (self->pods_by_owner, pod->owner_key);
  if (owned == NULL)
    return;
  g_ptr_array_remove (owned, pod);
  if (owned->len == 0)
    g_hash_table_remove (self->pods_by_owner, pod->owner_key);
}

GPtrArray *
kf_sim_operators_owned_pods (KfSimOperators *self,
                             const char     *owner_key)
{
  GPtrArray *owned = g_hash_table_lookup (self->pods_by_owner, owner_key);
  GPtrArray *out = g_ptr_array_sized_new (owned ? owned->len : 0);

  for (guint i = 0; owned != NULL && i < owned->len; i++)
    g_ptr_array_add (out, g_ptr_array_index (owned, i));
  return out;
}


static int
pod_serial_cmp (gconstpointer a,
                gconstpointer b)
{
  const SimPod *pa = *(SimPod * const *) a;
  const SimPod *pb = *(SimPod * const *) b;

  return (pa->serial > pb->serial) - (pa->serial < pb->serial);
}

static void
ensure_services (KfSimOperators *self,
                 SimWorkload    *wl,
                 JsonNode       *object)
{
  g_autoptr(GPtrArray) services = sim_provider_services (wl, object);

  for (guint i = 0; i < services->len; i++)
    {
      JsonNode *svc = g_ptr_array_index (services, i);
      const char *name = sim_json_string (svc, "metadata", "name", NULL);
      g_autoptr(JsonNode) existing = NULL;
      g_autoptr(JsonNode) created = NULL;
      g_autoptr(GError) error = NULL;
      gboolean known = FALSE;

      for (guint j = 0; j < wl->services->len; j++)
        if (g_strcmp0 (g_ptr_array_index (wl->services, j), name) == 0)
          known = TRUE;
      existing = kf_sim_store_get (self->store, "services", wl->ns, name, NULL);
      if (existing == NULL)
        {
          created = kf_sim_store_create (self->store, "services", wl->ns, svc, &error);
          if (created == NULL)
            g_debug ("service %s/%s: %s", wl->ns, name, error->message);
        }
      if (!known && (existing != NULL || created != NULL))
        g_ptr_array_add (wl->services, g_strdup (name));
    }
}

static void
strip_times (JsonNode *node)
{
  static const char *const holders[] = { "activeServiceStatus", "pendingServiceStatus" };

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  json_object_remove_member (json_node_get_object (node), "lastUpdateTime");
  for (guint i = 0; i < G_N_ELEMENTS (holders); i++)
    {
      JsonNode *cl = sim_json_member (node, holders[i], "rayClusterStatus", NULL);

      if (cl != NULL && JSON_NODE_HOLDS_OBJECT (cl))
        json_object_remove_member (json_node_get_object (cl), "lastUpdateTime");
    }
}

/* Equal but for the "last updated" timestamps (which alone are no change). */
static gboolean
status_equal (JsonNode *a,
              JsonNode *b)
{
  g_autoptr(JsonNode) ca = sim_json_deep_copy (a);
  g_autoptr(JsonNode) cb = sim_json_deep_copy (b);

  strip_times (ca);
  strip_times (cb);
  return json_node_equal (ca, cb);
}

static void
reconcile_owner (KfSimOperators *self,
                 const char     *key)
{
  g_auto(GStrv) parts = g_strsplit (key, "\x1f", 3);
  g_autoptr(JsonNode) object = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) pods = NULL;
  g_autoptr(JsonNode) status = NULL;
  SimWorkload *wl;
  const char *uid;

  if (g_strv_length (parts) != 3)
    return;
  wl = g_hash_table_lookup (self->workloads, key);
  object = kf_sim_store_get (self->store, parts[0], parts[1][0] ? parts[1] : NULL, parts[2], NULL);
  uid = sim_json_string (object, "metadata", "uid", NULL);

  if (wl != NULL && (object == NULL || g_strcmp0 (wl->uid, uid) != 0))
    {
      workload_teardown (self, wl, TRUE);
      wl = NULL;
    }
  if (object == NULL || uid == NULL)
    return;
  if (sim_json_member (object, "metadata", "deletionTimestamp", NULL) != NULL)
    return;

  if (wl == NULL)
    {
      wl = g_new0 (SimWorkload, 1);
      wl->ops = self;
      wl->key = g_strdup (key);
      wl->resource = g_strdup (parts[0]);
      wl->ns = g_strdup (parts[1]);
      wl->name = g_strdup (parts[2]);
      wl->uid = g_strdup (uid);
      wl->kind = g_strdup (sim_json_string (object, "kind", NULL) ?: "Unknown");
      wl->api_version = g_strdup (sim_json_string (object, "apiVersion", NULL) ?: "v1");
      wl->services = g_ptr_array_new_with_free_func (g_free);
      wl->start_us = g_get_real_time ();
      sim_workload_init_metrics (wl);
      g_hash_table_insert (self->workloads, wl->key, wl);
    }
  sim_provider_identify (wl, object);
  ensure_services (self, wl, object);
  if (wl->traffic_id == 0 && g_strcmp0 (wl->provider, "deployment") != 0)
    wl->traffic_id = kf_sim_operators_timeout_add (self, 5.0, sim_workload_traffic_cb, wl);

  groups = sim_provider_groups (wl, object);
  pods = kf_sim_operators_owned_pods (self, wl->key);
  g_ptr_array_sort (pods, pod_serial_cmp);

  /* pods of groups that are no longer wanted */
  for (guint i = 0; i < pods->len; i++)
    {
      SimPod *pod = g_ptr_array_index (pods, i);
      gboolean wanted = FALSE;

      for (guint g = 0; g < groups->len; g++)
        if (g_strcmp0 (((SimPodGroup *) g_ptr_array_index (groups, g))->group, pod->group) == 0)
          wanted = TRUE;
      if (!wanted)
        sim_pod_delete (pod);
    }
  /* deleting frees SimPods (through ::changed): list again */
  g_clear_pointer (&pods, g_ptr_array_unref);
  pods = kf_sim_operators_owned_pods (self, wl->key);
  g_ptr_array_sort (pods, pod_serial_cmp);

  for (guint g = 0; g < groups->len; g++)
    {
      SimPodGroup *group = g_ptr_array_index (groups, g);
      g_autoptr(GPtrArray) mine = g_ptr_array_new ();
      int have;

      for (guint i = 0; i < pods->len; i++)
        {
          SimPod *pod = g_ptr_array_index (pods, i);

          if (g_strcmp0 (pod->group, group->group) == 0)
            g_ptr_array_add (mine, pod);
        }
      have = (int) mine->len;

      /* scale down: newest first (StatefulSet-like: highest ordinal first) */
      while (have > group->replicas)
        {
          SimPod *victim = g_ptr_array_index (mine, have - 1);

          /* prefer a pod that is not ready, as a ReplicaSet does */
          for (int i = have - 1; i >= 0; i--)
            if (!sim_pod_is_ready (g_ptr_array_index (mine, i)))
              {
                victim = g_ptr_array_index (mine, i);
                break;
              }
          /* deleting frees the SimPod: drop it from both lists first, the
           * next groups' loops walk @pods too */
          g_ptr_array_remove (mine, victim);
          g_ptr_array_remove (pods, victim);
          sim_pod_delete (victim);
          have--;
        }

      /* scale up */
      for (int n = 0; have < group->replicas && n < 1000; n++)
        {
          g_autofree char *name = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *pod_key = NULL;

          if (group->ordinal)
            name = g_strdup_printf ("%s-%d", group->prefix, n);
          else
            {
              g_autofree char *seed = g_strdup_printf ("%s/%s/%" G_GUINT64_FORMAT,
                                                       wl->uid, group->group, wl->next_serial + (guint64) n);
              g_autofree char *suffix = sim_pod_suffix (seed, 5);

              name = g_strdup_printf ("%s-%s", group->prefix, suffix);
            }
          pod_key = g_strdup_printf ("%s/%s", wl->ns, name);
          if (g_hash_table_contains (self->pods, pod_key))
            continue;
          if (sim_pod_create (self, wl, group, name, &error) != NULL)
            have++;
          else if (!g_error_matches (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_ALREADY_EXISTS))
            {
              g_debug ("pod %s: %s", pod_key, error->message);
              break;
            }
        }
    }

  g_clear_pointer (&pods, g_ptr_array_unref);
  pods = kf_sim_operators_owned_pods (self, wl->key);
  g_ptr_array_sort (pods, pod_serial_cmp);
  status = sim_provider_status (wl, object, pods);
  if (status != NULL)
    {
      JsonNode *old = sim_json_member (object, "status", NULL);

      if (old == NULL || !status_equal (old, status))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) stored = NULL;
          JsonObject *obj = json_node_get_object (object);

          json_object_set_member (obj, "status", sim_json_deep_copy (status));
          json_object_remove_member (sim_json_ensure_object (obj, "metadata"), "resourceVersion");
          stored = kf_sim_store_update (self->store, wl->resource, wl->ns[0] ? wl->ns : NULL,
                                        object, TRUE, &error);
          if (stored == NULL)
            g_debug ("status of %s/%s: %s", wl->ns, wl->name, error->message);
        }
    }
}

static void
workload_teardown (KfSimOperators *self,
                   SimWorkload    *wl,
                   gboolean        delete_objects)
{
  g_autoptr(GPtrArray) pods = kf_sim_operators_owned_pods (self, wl->key);

  for (guint i = 0; i < pods->len; i++)
    {
      SimPod *pod = g_ptr_array_index (pods, i);

      if (delete_objects)
        sim_pod_delete (pod);
      else
        {
          g_autofree char *k = g_strdup_printf ("%s/%s", pod->ns, pod->name);

          g_hash_table_remove (self->pods, k);
        }
    }
  if (delete_objects)
    {
      for (guint i = 0; i < wl->services->len; i++)
        {
          g_autoptr(JsonNode) gone = kf_sim_store_delete (self->store, "services", wl->ns,
                                                          g_ptr_array_index (wl->services, i), NULL);
        }
      if (wl->ray_cluster != NULL)
        {
          g_autoptr(JsonNode) gone = kf_sim_store_delete (self->store, KF_SIM_RES_RAYCLUSTER,
                                                          wl->ns, wl->ray_cluster, NULL);
        }
    }
  g_hash_table_remove (self->workloads, wl->key);
  kf_sim_operators_queue_schedule (self);
}

static gboolean
idle_cb (gpointer data)
{
  KfSimOperators *self = data;
  g_autoptr(GHashTable) queue = g_steal_pointer (&self->queue);
  GHashTableIter it;
  gpointer key;

  self->idle_id = 0;
  self->queue = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_iter_init (&it, queue);
  while (g_hash_table_iter_next (&it, &key, NULL))
    reconcile_owner (self, key);

  if (self->schedule_queued)
    {
      self->schedule_queued = FALSE;
      sim_pod_schedule_all (self);
    }
  return G_SOURCE_REMOVE;
}

static void
ensure_idle (KfSimOperators *self)
{
  /* at the timers' priority: under load, an idle-priority reconcile would
   * starve behind the pods' timers */
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, idle_cb, self, NULL);
}

void
kf_sim_operators_queue_owner (KfSimOperators *self,
                              const char     *key)
{
  if (key == NULL)
    return;
  g_hash_table_add (self->queue, g_strdup (key));
  ensure_idle (self);
}

void
kf_sim_operators_queue_schedule (KfSimOperators *self)
{
  self->sched_generation++;
  self->schedule_queued = TRUE;
  ensure_idle (self);
}

void
kf_sim_operators_queue_schedule_new (KfSimOperators *self)
{
  self->schedule_queued = TRUE;
  ensure_idle (self);
}

guint64
kf_sim_operators_get_sched_generation (KfSimOperators *self)
{
  return self->sched_generation;
}

static gboolean
resched_cb (gpointer data)
{
  KfSimOperators *self = data;

  kf_sim_operators_queue_schedule (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
owned_by_controller (JsonNode *object)
{
  JsonNode *refs = sim_json_member (object, "metadata", "ownerReferences", NULL);

  return refs != NULL && JSON_NODE_HOLDS_ARRAY (refs) &&
         json_array_get_length (json_node_get_array (refs)) > 0;
}

static void
store_changed_cb (KfSimStore     *store,
                  KfSimEventType  type,
                  const char     *resource,
                  JsonNode       *object,
                  KfSimOperators *self)
{
  const char *ns = sim_json_string (object, "metadata", "namespace", NULL);
  const char *name = sim_json_string (object, "metadata", "name", NULL);

  if (resource == NULL || name == NULL)
    return;

  if (is_owner_resource (resource))
    {
      g_autofree char *key = owner_key (resource, ns, name);

      kf_sim_operators_queue_owner (self, key);
      return;
    }

  if (g_strcmp0 (resource, "pods") == 0)
    {
      g_autofree char *key = g_strdup_printf ("%s/%s", ns, name);
      SimPod *pod = g_hash_table_lookup (self->pods, key);
      const char *uid = sim_json_string (object, "metadata", "uid", NULL);

      if (type == KF_SIM_EVENT_DELETED)
        {
          if (pod != NULL && g_strcmp0 (pod->uid, uid) == 0)
            {
              g_autofree char *owner = g_strdup (pod->owner_key);

              g_hash_table_remove (self->pods, key);
              kf_sim_operators_queue_owner (self, owner);
            }
          kf_sim_operators_queue_schedule (self);
        }
      else if (type == KF_SIM_EVENT_ADDED && pod == NULL &&
               sim_json_string (object, "status", "phase", NULL) == NULL &&
               sim_json_string (object, "spec", "nodeName", NULL) == NULL &&
               !owned_by_controller (object))
        {
          /* a bare pod (kubectl run, a test): play scheduler and kubelet for it */
          sim_pod_adopt (self, object);
        }
      return;
    }

  if (g_strcmp0 (resource, "nodes") == 0)
    {
      kf_sim_operators_queue_schedule (self);
      return;
    }

  if (g_strcmp0 (resource, "namespaces") == 0 && type == KF_SIM_EVENT_DELETED)
    {
      GHashTableIter it;
      gpointer value;

      g_hash_table_iter_init (&it, self->workloads);
      while (g_hash_table_iter_next (&it, NULL, &value))
        {
          SimWorkload *wl = value;

          if (g_strcmp0 (wl->ns, name) == 0)
            kf_sim_operators_queue_owner (self, wl->key);
        }
    }
}

/* ---- GObject ---- */

static void
kf_sim_operators_dispose (GObject *object)
{
  KfSimOperators *self = KF_SIM_OPERATORS (object);

  if (self->store != NULL && self->changed_id != 0)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->resched_id, g_source_remove);
  if (self->pods != NULL)
    g_hash_table_remove_all (self->pods);
  if (self->workloads != NULL)
    g_hash_table_remove_all (self->workloads);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kf_sim_operators_parent_class)->dispose (object);
}

static void
kf_sim_operators_finalize (GObject *object)
{
  KfSimOperators *self = KF_SIM_OPERATORS (object);

  g_clear_pointer (&self->pods, g_hash_table_unref);
  g_clear_pointer (&self->pods_by_owner, g_hash_table_unref);
  g_clear_pointer (&self->workloads, g_hash_table_unref);
  g_clear_pointer (&self->queue, g_hash_table_unref);
  g_clear_pointer (&self->events, g_hash_table_unref);

  G_OBJECT_CLASS (kf_sim_operators_parent_class)->finalize (object);
}

static void
kf_sim_operators_class_init (KfSimOperatorsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kf_sim_operators_dispose;
  object_class->finalize = kf_sim_operators_finalize;
}

static void
kf_sim_operators_init (KfSimOperators *self)
{
  self->speed = 1.0;
  self->sched_generation = 1;
  self->workloads = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) sim_workload_free);
  self->pods = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) sim_pod_free);
  self->pods_by_owner = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
  self->queue = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * kf_sim_operators_new:
 * @store: the cluster's object store
 * @scenario: (nullable): the scenario (runtimes to install, models that fail);
 *   borrowed, must outlive the operators
 * @speed: time scale; 2.0 runs simulated time twice as fast
 *
 * Starts the operators: installs the scenario's runtime operator pods and
 * reconciles every owner already in the store.
 */
KfSimOperators *
kf_sim_operators_new (KfSimStore    *store,
                      KfSimScenario *scenario,
                      double         speed)
{
  KfSimOperators *self;
  static const char *const owners[] = {
    KF_SIM_RES_DYNAMO, KF_SIM_RES_RAYSERVICE, KF_SIM_RES_WORKSPACE, KF_SIM_RES_DEPLOYMENT,
  };

  g_return_val_if_fail (KF_IS_SIM_STORE (store), NULL);

  self = g_object_new (KF_TYPE_SIM_OPERATORS, NULL);
  self->store = g_object_ref (store);
  self->scenario = scenario;
  self->speed = speed > 0.001 ? speed : 1.0;
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  self->resched_id = kf_sim_operators_timeout_add (self, 30.0, resched_cb, self);

  sim_provider_install_runtimes (self);

  for (guint r = 0; r < G_N_ELEMENTS (owners); r++)
    {
      g_autoptr(GPtrArray) existing = kf_sim_store_list (store, owners[r], NULL, NULL, NULL, NULL);

      for (guint i = 0; existing != NULL && i < existing->len; i++)
        {
          JsonNode *obj = g_ptr_array_index (existing, i);
          g_autofree char *key = owner_key (owners[r],
                                            sim_json_string (obj, "metadata", "namespace", NULL),
                                            sim_json_string (obj, "metadata", "name", NULL));

          kf_sim_operators_queue_owner (self, key);
        }
    }
  return self;
}
