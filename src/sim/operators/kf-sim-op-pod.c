/* kf-sim-op-pod.c: the scheduler and kubelet side of the simulated operators
 *
 * A SimPod walks Pending (unschedulable, or bound and creating) → pulling →
 * Running → Ready, or into ImagePullBackOff / CrashLoopBackOff for a model the
 * scenario marks bad. Every step writes the pod's status as the kubelet does
 * and emits the kubelet's and the scheduler's Events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <string.h>

#include "kf-sim-op-private.h"

static gboolean pod_step_cb (gpointer data);

static char *
pod_key (SimPod *pod)
{
  return g_strdup_printf ("%s/%s", pod->ns, pod->name);
}

static JsonNode *
pod_get (SimPod *pod)
{
  return kf_sim_store_get (kf_sim_operators_get_store (pod->ops), "pods", pod->ns, pod->name, NULL);
}

void
sim_pod_gone (SimPod *pod)
{
  g_clear_handle_id (&pod->timer_id, g_source_remove);
  g_clear_handle_id (&pod->tick_id, g_source_remove);
  sim_logs_end_followers (pod);
}

void
sim_pod_free (SimPod *pod)
{
  sim_pod_gone (pod);
  kf_sim_operators_forget_pod (pod->ops, pod);
  g_free (pod->ns);
  g_free (pod->name);
  g_free (pod->uid);
  g_free (pod->owner_key);
  g_free (pod->group);
  g_free (pod->role);
  g_free (pod->engine);
  g_free (pod->model);
  g_free (pod->image);
  g_strfreev (pod->containers);
  g_clear_pointer (&pod->spec, json_node_unref);
  g_free (pod->node);
  g_free (pod->host_ip);
  g_free (pod->pod_ip);
  g_free (pod->container_id);
  g_free (pod->last_container_id);
  g_free (pod->sched_message);
  g_clear_pointer (&pod->followers, g_ptr_array_unref);
  g_clear_pointer (&pod->log, g_ptr_array_unref);
  g_clear_pointer (&pod->prev_log, g_ptr_array_unref);
  g_clear_pointer (&pod->metrics, sim_pod_metrics_free);
  g_free (pod);
}

gboolean
sim_pod_is_ready (SimPod *pod)
{
  return pod->state == SIM_POD_READY;
}

/* Removes the pod from the store; the ::changed handler frees the SimPod. */
void
sim_pod_delete (SimPod *pod)
{
  KfSimOperators *ops = pod->ops;
  GHashTable *pods = kf_sim_operators_get_pods (ops);
  g_autofree char *key = pod_key (pod);
  g_autoptr(JsonNode) gone = NULL;

  sim_pod_gone (pod);
  gone = kf_sim_store_delete (kf_sim_operators_get_store (ops), "pods", pod->ns, pod->name, NULL);
  if (g_hash_table_lookup (pods, key) == pod)
    g_hash_table_remove (pods, key);
  kf_sim_operators_queue_schedule (ops);
}

static void
fill_from_spec (SimPod   *pod,
                JsonNode *spec)
{
  JsonNode *containers = sim_json_member (spec, "containers", NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  double gpus = 0;

  pod->spec = spec ? sim_json_deep_copy (spec) : sim_json_take_object (json_object_new ());
  if (containers != NULL && JSON_NODE_HOLDS_ARRAY (containers))
    {
      JsonArray *arr = json_node_get_array (containers);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *c = json_array_get_element (arr, i);
          JsonNode *req = sim_json_member (c, "resources", "requests", "nvidia.com/gpu", NULL);

          if (req == NULL)
            req = sim_json_member (c, "resources", "limits", "nvidia.com/gpu", NULL);
          gpus += sim_json_quantity (req);
          g_strv_builder_add (names, sim_json_string (c, "name", NULL) ?: "main");
          if (i == 0)
            pod->image = g_strdup (sim_json_string (c, "image", NULL) ?: "busybox:latest");
        }
    }
  pod->containers = g_strv_builder_end (names);
  if (pod->containers[0] == NULL)
    {
      g_strfreev (pod->containers);
      pod->containers = g_strsplit ("main", ",", -1);
    }
  if (pod->image == NULL)
    pod->image = g_strdup ("busybox:latest");
  pod->gpus = (int) gpus;
}

static SimPod *
pod_track (KfSimOperators *ops,
           JsonNode       *stored)
{
  SimPod *pod = g_new0 (SimPod, 1);
  KfSimScenario *scenario = kf_sim_operators_get_scenario (ops);

  pod->ops = ops;
  pod->ns = g_strdup (sim_json_string (stored, "metadata", "namespace", NULL));
  pod->name = g_strdup (sim_json_string (stored, "metadata", "name", NULL));
  pod->uid = g_strdup (sim_json_string (stored, "metadata", "uid", NULL));
  pod->state = SIM_POD_UNSCHEDULED;
  pod->created_us = g_get_real_time ();
  pod->log = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_log_line_free);
  pod->followers = g_ptr_array_new ();
  fill_from_spec (pod, sim_json_member (stored, "spec", NULL));
  (void) scenario;
  g_hash_table_insert (kf_sim_operators_get_pods (ops), pod_key (pod), pod);
  kf_sim_operators_queue_schedule_new (ops);
  return pod;
}

SimPod *
sim_pod_create (KfSimOperators *ops,
                SimWorkload    *owner,
                SimPodGroup    *group,
                const char     *name,
                GError        **error)
{
  KfSimScenario *scenario = kf_sim_operators_get_scenario (ops);
  JsonObject *pod = json_object_new ();
  JsonObject *meta = sim_json_ensure_object (pod, "metadata");
  JsonObject *spec;
  JsonArray *refs = json_array_new ();
  JsonArray *tolerations;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) stored = NULL;
  SimPod *sp;
  static const char *const default_tol[] = { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" };

  json_object_set_string_member (pod, "apiVersion", "v1");
  json_object_set_string_member (pod, "kind", "Pod");
  json_object_set_string_member (meta, "name", name);
  json_object_set_string_member (meta, "namespace", owner->ns);
  json_object_set_member (meta, "labels", group->labels ? sim_json_deep_copy (group->labels)
                                                        : sim_json_take_object (json_object_new ()));
  json_array_add_element (refs, sim_owner_reference (owner));
  json_object_set_array_member (meta, "ownerReferences", refs);

  json_object_set_member (pod, "spec", sim_json_deep_copy (group->spec));
  spec = json_object_get_object_member (pod, "spec");
  if (!json_object_has_member (spec, "restartPolicy"))
    json_object_set_string_member (spec, "restartPolicy", "Always");
  if (!json_object_has_member (spec, "schedulerName"))
    json_object_set_string_member (spec, "schedulerName", "default-scheduler");
  if (!json_object_has_member (spec, "serviceAccountName"))
    json_object_set_string_member (spec, "serviceAccountName", "default");
  if (!json_object_has_member (spec, "dnsPolicy"))
    json_object_set_string_member (spec, "dnsPolicy", "ClusterFirst");
  if (!json_object_has_member (spec, "terminationGracePeriodSeconds"))
    json_object_set_int_member (spec, "terminationGracePeriodSeconds", 30);
  json_object_set_int_member (spec, "priority", 0);
  json_object_set_boolean_member (spec, "enableServiceLinks", TRUE);
  json_object_set_string_member (spec, "preemptionPolicy", "PreemptLowerPriority");
  if (!json_object_has_member (spec, "tolerations") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (spec, "tolerations")))
    json_object_set_array_member (spec, "tolerations", json_array_new ());
  tolerations = json_object_get_array_member (spec, "tolerations");
  for (guint i = 0; i < G_N_ELEMENTS (default_tol); i++)
    {
      JsonObject *t = json_object_new ();

      json_object_set_string_member (t, "key", default_tol[i]);
      json_object_set_string_member (t, "operator", "Exists");
      json_object_set_string_member (t, "effect", "NoExecute");
      json_object_set_int_member (t, "tolerationSeconds", 300);
      json_array_add_object_element (tolerations, t);
    }

  node = json_node_init_object (json_node_alloc (), pod);
  json_object_unref (pod);
  stored = kf_sim_store_create (kf_sim_operators_get_store (ops), "pods", owner->ns, node, error);
  if (stored == NULL)
    return NULL;

  sp = pod_track (ops, stored);
  kf_sim_operators_set_pod_owner (ops, sp, owner->key);
  sp->group = g_strdup (group->group);
  sp->role = g_strdup (group->role);
  sp->engine = g_strdup (group->engine ? group->engine : "generic");
  sp->model = g_strdup (group->model);
  sp->serial = owner->next_serial++;
  if (scenario != NULL && sp->model != NULL && g_strcmp0 (sp->role, "frontend") != 0)
    sp->failure = kf_sim_scenario_model_failure (scenario, sp->model);
  return sp;
}

SimPod *
sim_pod_adopt (KfSimOperators *ops,
               JsonNode       *object)
{
  SimPod *pod = pod_track (ops, object);

  pod->role = g_strdup ("pod");
  pod->engine = g_strdup ("generic");
  return pod;
}

/* ---- status ---- */

static const char *
waiting_reason (SimPod *pod)
{
  switch (pod->state)
    {
    case SIM_POD_UNSCHEDULED:
    case SIM_POD_CREATING:
    case SIM_POD_PULLING:
      return "ContainerCreating";
    case SIM_POD_IMAGE_BACKOFF:
      return pod->image_err ? "ErrImagePull" : "ImagePullBackOff";
    case SIM_POD_CRASH_BACKOFF:
      return "CrashLoopBackOff";
    case SIM_POD_RUNNING:
    case SIM_POD_READY:
    default:
      return NULL;
    }
}

const char *
sim_pod_state_reason (SimPod *pod)
{
  return waiting_reason (pod);
}

static void
add_condition (JsonArray  *conditions,
               const char *type,
               gboolean    status,
               gint64      since_us,
               const char *reason,
               const char *message)
{
  JsonObject *c = json_object_new ();
  g_autofree char *ts = sim_time_format (since_us, FALSE);

  json_object_set_string_member (c, "type", type);
  json_object_set_string_member (c, "status", status ? "True" : "False");
  json_object_set_null_member (c, "lastProbeTime");
  json_object_set_string_member (c, "lastTransitionTime", ts);
  if (reason)
    json_object_set_string_member (c, "reason", reason);
  if (message)
    json_object_set_string_member (c, "message", message);
  json_array_add_object_element (conditions, c);
}

static const char *
qos_class (SimPod *pod)
{
  JsonNode *containers = sim_json_member (pod->spec, "containers", NULL);
  gboolean any = FALSE, guaranteed = TRUE;

  if (containers == NULL || !JSON_NODE_HOLDS_ARRAY (containers))
    return "BestEffort";
  for (guint i = 0; i < json_array_get_length (json_node_get_array (containers)); i++)
    {
      JsonNode *c = json_array_get_element (json_node_get_array (containers), i);
      static const char *const res[] = { "cpu", "memory" };

      for (guint r = 0; r < G_N_ELEMENTS (res); r++)
        {
          JsonNode *req = sim_json_member (c, "resources", "requests", res[r], NULL);
          JsonNode *lim = sim_json_member (c, "resources", "limits", res[r], NULL);

          if (req || lim)
            any = TRUE;
          if (lim == NULL || (req != NULL && sim_json_quantity (req) != sim_json_quantity (lim)))
            guaranteed = FALSE;
        }
    }
  return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
}

static JsonNode *
build_status (SimPod *pod)
{
  JsonObject *st = json_object_new ();
  JsonArray *conditions = json_array_new ();
  gboolean bound = pod->state != SIM_POD_UNSCHEDULED;
  gboolean running = pod->state == SIM_POD_RUNNING || pod->state == SIM_POD_READY;
  gboolean ready = pod->state == SIM_POD_READY;
  gboolean started_ever = pod->started_us != 0;
  g_autofree char *unready = NULL;

  json_object_set_string_member (st, "phase", started_ever ? "Running" : "Pending");
  {
    g_autofree char *joined = g_strjoinv (" ", pod->containers);

    unready = g_strdup_printf ("containers with unready status: [%s]", joined);
  }

  if (!bound)
    add_condition (conditions, "PodScheduled", FALSE, pod->created_us, "Unschedulable",
                   pod->sched_message);
  else
    {
      add_condition (conditions, "PodReadyToStartContainers", pod->state != SIM_POD_CREATING,
                     pod->scheduled_us, NULL, NULL);
      add_condition (conditions, "Initialized", TRUE, pod->scheduled_us, NULL, NULL);
      add_condition (conditions, "Ready", ready, ready ? pod->ready_us : pod->scheduled_us,
                     ready ? NULL : "ContainersNotReady", ready ? NULL : unready);
      add_condition (conditions, "ContainersReady", ready, ready ? pod->ready_us : pod->scheduled_us,
                     ready ? NULL : "ContainersNotReady", ready ? NULL : unready);
      add_condition (conditions, "PodScheduled", TRUE, pod->scheduled_us, NULL, NULL);
    }
  json_object_set_array_member (st, "conditions", conditions);
  json_object_set_string_member (st, "qosClass", qos_class (pod));
  if (!bound)
    return sim_json_take_object (st);

  {
    g_autofree char *start = sim_time_format (pod->scheduled_us, FALSE);
    JsonArray *host_ips = json_array_new ();
    JsonObject *hip = json_object_new ();
    JsonArray *statuses = json_array_new ();

    json_object_set_string_member (st, "hostIP", pod->host_ip);
    json_object_set_string_member (hip, "ip", pod->host_ip);
    json_array_add_object_element (host_ips, hip);
    json_object_set_array_member (st, "hostIPs", host_ips);
    if (pod->state != SIM_POD_CREATING)
      {
        JsonArray *pod_ips = json_array_new ();
        JsonObject *pip = json_object_new ();

        json_object_set_string_member (st, "podIP", pod->pod_ip);
        json_object_set_string_member (pip, "ip", pod->pod_ip);
        json_array_add_object_element (pod_ips, pip);
        json_object_set_array_member (st, "podIPs", pod_ips);
      }
    json_object_set_string_member (st, "startTime", start);

    for (guint i = 0; pod->containers[i] != NULL; i++)
      {
        JsonObject *cs = json_object_new ();
        JsonObject *state = json_object_new ();
        JsonObject *last = json_object_new ();
        const char *image = pod->image;
        JsonNode *cont = sim_json_member (pod->spec, "containers", NULL);
        g_autofree char *digest = NULL;

        if (cont && JSON_NODE_HOLDS_ARRAY (cont) && i < json_array_get_length (json_node_get_array (cont)))
          image = sim_json_string (json_array_get_element (json_node_get_array (cont), i), "image", NULL) ?: pod->image;
        digest = sim_hex_id (image, 64);

        json_object_set_string_member (cs, "name", pod->containers[i]);
        json_object_set_string_member (cs, "image", image);
        if (started_ever)
          {
            g_autofree char *image_id = NULL;
            g_autofree char *base = g_strdup (image);
            char *colon = strrchr (base, ':');

            if (colon && !strchr (colon, '/'))
              *colon = '\0';
            image_id = g_strdup_printf ("%s@sha256:%s", base, digest);
            json_object_set_string_member (cs, "imageID", image_id);
          }
        else
          json_object_set_string_member (cs, "imageID", "");
        if (pod->container_id)
          {
            g_autofree char *cid_seed = g_strdup_printf ("%s/%s", pod->container_id, pod->containers[i]);
            g_autofree char *cid = sim_hex_id (cid_seed, 64);
            g_autofree char *full = g_strdup_printf ("containerd://%s", cid);

            json_object_set_string_member (cs, "containerID", full);
          }
        json_object_set_boolean_member (cs, "ready", ready);
        json_object_set_boolean_member (cs, "started", running);
        json_object_set_int_member (cs, "restartCount", pod->restarts);
        if (running)
          {
            JsonObject *r = json_object_new ();
            g_autofree char *at = sim_time_format (pod->started_us, FALSE);

            json_object_set_string_member (r, "startedAt", at);
            json_object_set_object_member (state, "running", r);
          }
        else
          {
            JsonObject *w = json_object_new ();
            const char *reason = waiting_reason (pod);

            json_object_set_string_member (w, "reason", reason);
            if (pod->state == SIM_POD_CRASH_BACKOFF)
              {
                g_autofree char *m = g_strdup_printf ("back-off %ds restarting failed container=%s pod=%s_%s(%s)",
                                                      pod->backoff_s, pod->containers[i], pod->name, pod->ns, pod->uid);
                json_object_set_string_member (w, "message", m);
              }
            else if (pod->state == SIM_POD_IMAGE_BACKOFF)
              {
                g_autofree char *m = pod->image_err
                  ? g_strdup_printf ("failed to pull and unpack image \"%s\": failed to resolve reference \"%s\": %s: not found",
                                     image, image, image)
                  : g_strdup_printf ("Back-off pulling image \"%s\"", image);
                json_object_set_string_member (w, "message", m);
              }
            json_object_set_object_member (state, "waiting", w);
          }
        json_object_set_object_member (cs, "state", state);
        if (pod->restarts > 0)
          {
            JsonObject *t = json_object_new ();
            g_autofree char *s = sim_time_format (pod->last_started_us, FALSE);
            g_autofree char *f = sim_time_format (pod->last_finished_us, FALSE);
            g_autofree char *cid_seed = g_strdup_printf ("%s/%s", pod->last_container_id, pod->containers[i]);
            g_autofree char *cid = sim_hex_id (cid_seed, 64);
            g_autofree char *full = g_strdup_printf ("containerd://%s", cid);

            json_object_set_int_member (t, "exitCode", pod->last_exit);
            json_object_set_string_member (t, "reason", "Error");
            json_object_set_string_member (t, "startedAt", s);
            json_object_set_string_member (t, "finishedAt", f);
            json_object_set_string_member (t, "containerID", full);
            json_object_set_object_member (last, "terminated", t);
          }
        json_object_set_object_member (cs, "lastState", last);
        json_array_add_object_element (statuses, cs);
      }
    json_object_set_array_member (st, "containerStatuses", statuses);
  }
  return sim_json_take_object (st);
}

static void
push_status (SimPod *pod)
{
  g_autoptr(JsonNode) obj = pod_get (pod);
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;

  if (obj == NULL || g_strcmp0 (sim_json_string (obj, "metadata", "uid", NULL), pod->uid) != 0)
    return;
  o = json_node_get_object (obj);
  json_object_set_member (o, "status", build_status (pod));
  json_object_remove_member (sim_json_ensure_object (o, "metadata"), "resourceVersion");
  stored = kf_sim_store_update (kf_sim_operators_get_store (pod->ops), "pods", pod->ns, obj, TRUE, &error);
  if (stored == NULL)
    g_debug ("status of pod %s/%s: %s", pod->ns, pod->name, error->message);
  kf_sim_operators_queue_owner (pod->ops, pod->owner_key);
}

static void
pod_event (SimPod     *pod,
           const char *container,
           const char *type,
           const char *reason,
           const char *message)
{
  g_autoptr(JsonNode) obj = pod_get (pod);
  g_autofree char *field = container ? g_strdup_printf ("spec.containers{%s}", container) : NULL;

  if (obj == NULL)
    return;
  kf_sim_operators_emit_event (pod->ops, obj, field, type, reason, message,
                               container || pod->node ? "kubelet" : "default-scheduler",
                               container ? pod->node : NULL);
}

/* ---- the kubelet's state machine ---- */

static void
step_in (SimPod *pod,
         double  sim_seconds)
{
  g_clear_handle_id (&pod->timer_id, g_source_remove);
  pod->timer_id = kf_sim_operators_timeout_add (pod->ops, sim_seconds, pod_step_cb, pod);
}

static gboolean
is_big_engine (SimPod *pod)
{
  return g_strcmp0 (pod->role, "frontend") != 0 && g_strcmp0 (pod->engine, "generic") != 0 &&
         g_strcmp0 (pod->role, "operator") != 0;
}

static gboolean
tick_cb (gpointer data)
{
  SimPod *pod = data;

  pod->tick_n++;
  sim_logs_tick (pod);
  return G_SOURCE_CONTINUE;
}

static void
start_containers (SimPod *pod,
                  gboolean first)
{
  g_autofree char *seed = g_strdup_printf ("%s/%d", pod->uid, pod->restarts);

  for (guint i = 0; pod->containers[i] != NULL; i++)
    {
      g_autofree char *m1 = NULL;
      g_autofree char *m2 = g_strdup_printf ("Created container: %s", pod->containers[i]);
      g_autofree char *m3 = g_strdup_printf ("Started container %s", pod->containers[i]);

      if (first)
        {
          /* as long as the simulated pull took (see SIM_POD_PULLING) */
          double secs = is_big_engine (pod) ? 3.982 : 0.954;

          m1 = g_strdup_printf ("Successfully pulled image \"%s\" in %.3fs (%.3fs including waiting). Image size: %s bytes.",
                                pod->image, secs, secs, is_big_engine (pod) ? "9871265422" : "21473812");
        }
      else
        m1 = g_strdup_printf ("Container image \"%s\" already present on machine", pod->image);
      pod_event (pod, pod->containers[i], "Normal", "Pulled", m1);
      pod_event (pod, pod->containers[i], "Normal", "Created", m2);
      pod_event (pod, pod->containers[i], "Normal", "Started", m3);
    }
  g_free (pod->container_id);
  pod->container_id = g_steal_pointer (&seed);
  pod->started_us = g_get_real_time ();
  pod->state = SIM_POD_RUNNING;
  sim_logs_container_started (pod);
  push_status (pod);
  if (pod->failure == KF_SIM_FAILURE_CRASH_LOOP)
    step_in (pod, 6.0);
  else
    step_in (pod, is_big_engine (pod) ? 8.0 : 2.0);
}

static gboolean
pod_step_cb (gpointer data)
{
  SimPod *pod = data;

  pod->timer_id = 0;
  switch (pod->state)
    {
    case SIM_POD_CREATING:
      {
        g_autofree char *m = g_strdup_printf ("Pulling image \"%s\"", pod->image);

        pod->state = SIM_POD_PULLING;
        pod_event (pod, pod->containers[0], "Normal", "Pulling", m);
        push_status (pod);
        step_in (pod, is_big_engine (pod) ? 4.0 : 1.0);
      }
      break;

    case SIM_POD_PULLING:
      if (pod->failure == KF_SIM_FAILURE_IMAGE_PULL)
        {
          pod->state = SIM_POD_IMAGE_BACKOFF;
          pod->image_err = FALSE;
          pod->backoff_s = 0;
        }
      else
        {
          start_containers (pod, TRUE);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case SIM_POD_IMAGE_BACKOFF:
      if (!pod->image_err)
        {
          g_autofree char *m = g_strdup_printf ("Failed to pull image \"%s\": rpc error: code = NotFound desc = "
                                                "failed to pull and unpack image \"%s\": failed to resolve reference "
                                                "\"%s\": %s: not found", pod->image, pod->image, pod->image, pod->image);
          g_autofree char *pulling = g_strdup_printf ("Pulling image \"%s\"", pod->image);

          if (pod->backoff_s > 0)
            pod_event (pod, pod->containers[0], "Normal", "Pulling", pulling);
          pod_event (pod, pod->containers[0], "Warning", "Failed", m);
          pod_event (pod, pod->containers[0], "Warning", "Failed", "Error: ErrImagePull");
          pod->image_err = TRUE;
          push_status (pod);
          step_in (pod, 1.0);
        }
      else
        {
          g_autofree char *m = g_strdup_printf ("Back-off pulling image \"%s\"", pod->image);

          pod->backoff_s = pod->backoff_s == 0 ? 10 : MIN (pod->backoff_s * 2, 300);
          pod->image_err = FALSE;
          pod_event (pod, pod->containers[0], "Normal", "BackOff", m);
          pod_event (pod, pod->containers[0], "Warning", "Failed", "Error: ImagePullBackOff");
          push_status (pod);
          step_in (pod, pod->backoff_s);
        }
      break;

    case SIM_POD_RUNNING:
      if (pod->failure == KF_SIM_FAILURE_CRASH_LOOP)
        {
          g_autofree char *m = NULL;

          sim_logs_container_crashed (pod);
          g_clear_handle_id (&pod->tick_id, g_source_remove);
          pod->last_started_us = pod->started_us;
          pod->last_finished_us = g_get_real_time ();
          pod->last_exit = 1;
          g_free (pod->last_container_id);
          pod->last_container_id = g_steal_pointer (&pod->container_id);
          pod->restarts++;
          pod->backoff_s = MIN (10 << MIN (pod->restarts - 1, 5), 300);
          pod->state = SIM_POD_CRASH_BACKOFF;
          m = g_strdup_printf ("Back-off restarting failed container %s in pod %s_%s(%s)",
                               pod->containers[0], pod->name, pod->ns, pod->uid);
          pod_event (pod, pod->containers[0], "Warning", "BackOff", m);
          push_status (pod);
          step_in (pod, pod->backoff_s);
        }
      else
        {
          pod->state = SIM_POD_READY;
          pod->ready_us = g_get_real_time ();
          sim_logs_container_ready (pod);
          push_status (pod);
          if (pod->tick_id == 0)
            pod->tick_id = kf_sim_operators_timeout_add (pod->ops, 10.0, tick_cb, pod);
        }
      break;

    case SIM_POD_CRASH_BACKOFF:
      start_containers (pod, FALSE);
      break;

    case SIM_POD_UNSCHEDULED:
    case SIM_POD_READY:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

/* ---- scheduling ---- */

static int
pod_created_cmp (gconstpointer a,
                 gconstpointer b)
{
  const SimPod *pa = *(SimPod * const *) a;
  const SimPod *pb = *(SimPod * const *) b;

  if (pa->created_us != pb->created_us)
    return pa->created_us < pb->created_us ? -1 : 1;
  return g_strcmp0 (pa->name, pb->name);
}

static char *
node_internal_ip (KfSimOperators *ops,
                  const char     *node)
{
  g_autoptr(JsonNode) obj = kf_sim_store_get (kf_sim_operators_get_store (ops), "nodes", NULL, node, NULL);
  JsonNode *addrs = sim_json_member (obj, "status", "addresses", NULL);
  guint h = g_str_hash (node);

  if (addrs != NULL && JSON_NODE_HOLDS_ARRAY (addrs))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (addrs)); i++)
      {
        JsonNode *a = json_array_get_element (json_node_get_array (addrs), i);

        if (g_strcmp0 (sim_json_string (a, "type", NULL), "InternalIP") == 0 &&
            sim_json_string (a, "address", NULL) != NULL)
          return g_strdup (sim_json_string (a, "address", NULL));
      }
  return g_strdup_printf ("10.224.0.%u", 4 + h % 250);
}

static gboolean
bind_pod (SimPod     *pod,
          const char *node)
{
  KfSimStore *store = kf_sim_operators_get_store (pod->ops);
  g_autoptr(JsonNode) obj = pod_get (pod);
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;
  JsonObject *o;
  guint h;

  if (obj == NULL)
    return FALSE;
  o = json_node_get_object (obj);
  json_object_set_string_member (sim_json_ensure_object (o, "spec"), "nodeName", node);
  json_object_remove_member (sim_json_ensure_object (o, "metadata"), "resourceVersion");
  stored = kf_sim_store_update (store, "pods", pod->ns, obj, FALSE, &error);
  if (stored == NULL)
    {
      g_debug ("binding %s/%s: %s", pod->ns, pod->name, error->message);
      return FALSE;
    }
  pod->node = g_strdup (node);
  pod->host_ip = node_internal_ip (pod->ops, node);
  h = g_str_hash (pod->uid);
  pod->pod_ip = g_strdup_printf ("10.244.%u.%u", g_str_hash (node) % 200, 2 + h % 250);
  pod->scheduled_us = g_get_real_time ();
  pod->state = SIM_POD_CREATING;
  msg = g_strdup_printf ("Successfully assigned %s/%s to %s", pod->ns, pod->name, node);
  kf_sim_operators_emit_event (pod->ops, stored, NULL, "Normal", "Scheduled", msg,
                               "default-scheduler", NULL);
  push_status (pod);
  step_in (pod, 1.0);
  return TRUE;
}

void
sim_pod_schedule_all (KfSimOperators *ops)
{
  GHashTable *pods = kf_sim_operators_get_pods (ops);
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  g_autoptr(GHashTable) usage = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  guint64 generation;
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init (&it, pods);
  while (g_hash_table_iter_next (&it, NULL, &value))
    if (((SimPod *) value)->state == SIM_POD_UNSCHEDULED)
      g_ptr_array_add (pending, value);
  if (pending->len == 0)
    return;
  g_ptr_array_sort (pending, pod_created_cmp);
  usage = sim_sched_usage (ops);
  nodes = kf_sim_store_list (kf_sim_operators_get_store (ops), "nodes", NULL, NULL, NULL, NULL);
  generation = kf_sim_operators_get_sched_generation (ops);

  for (guint i = 0; i < pending->len; i++)
    {
      SimPod *pod = g_ptr_array_index (pending, i);
      g_autofree char *node = NULL;
      g_autofree char *message = NULL;

      /* as kube-scheduler's unschedulable queue: a pod that did not fit is
       * tried again only once room may have been made (a pod deleted, a node
       * changed) or at the periodic flush, not on every new pod */
      if (pod->sched_failed_gen == generation)
        continue;
      if (sim_sched_fit (nodes, pod, usage, &node, &message))
        bind_pod (pod, node);
      else
        {
          gboolean changed = g_strcmp0 (message, pod->sched_message) != 0;

          pod->sched_failed_gen = generation;
          g_free (pod->sched_message);
          pod->sched_message = g_strdup (message);
          if (changed)
            push_status (pod);
          pod_event (pod, NULL, "Warning", "FailedScheduling", message);
        }
    }
}
