/* kf-deployment-diagnosis.c: why a deployment is not running, in plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deployments"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kf-deployment-diagnosis.h"

#define GPU_RESOURCE "nvidia.com/gpu"

/* node labels naming the pool a node belongs to, most specific first */
static const char *const pool_labels[] = {
  "kubernetes.azure.com/agentpool", "agentpool", "cloud.google.com/gke-nodepool",
  "eks.amazonaws.com/nodegroup", "karpenter.sh/nodepool", "node.kubernetes.io/pool", "pool",
};

/* ---- JSON helpers (tolerant of anything) ---- */

static JsonArray *
items_of (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *items = json_object_get_member (json_node_get_object (node), "items");

      if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
        return json_node_get_array (items);
    }
  return NULL;
}

/* The member at a dotted path of @node, or NULL. */
static JsonNode *
member (JsonNode   *node,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  return node;
}

static const char *
string_at (JsonNode   *node,
           const char *path)
{
  JsonNode *m = member (node, path);

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (m);
}

static gint64
int_at (JsonNode   *node,
        const char *path,
        gint64      fallback)
{
  JsonNode *m = member (node, path);

  if (m == NULL || !JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (m);
}

/* ---- quantities ---- */

gboolean
kf_quantity_parse (const char *text,
                   double     *value)
{
  static const struct { const char *suffix; double mult; } suffixes[] = {
    { "Ki", 1024.0 }, { "Mi", 1048576.0 }, { "Gi", 1073741824.0 }, { "Ti", 1099511627776.0 },
    { "Pi", 1125899906842624.0 }, { "Ei", 1152921504606846976.0 },
    { "n", 1e-9 }, { "u", 1e-6 }, { "m", 1e-3 }, { "k", 1e3 }, { "M", 1e6 }, { "G", 1e9 },
    { "T", 1e12 }, { "P", 1e15 }, { "E", 1e18 },
  };
  char *end = NULL;
  double v;

  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (v) || v < 0)
    return FALSE;
  if (*end == '\0')
    {
      *value = v;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (strcmp (end, suffixes[i].suffix) == 0)
      {
        *value = v * suffixes[i].mult;
        return TRUE;
      }
  return FALSE;
}

static double
quantity_of (JsonNode *q)
{
  double v = 0;

  if (q == NULL || !JSON_NODE_HOLDS_VALUE (q))
    return 0;
  if (json_node_get_value_type (q) == G_TYPE_INT64)
    return (double) json_node_get_int (q);
  if (json_node_get_value_type (q) == G_TYPE_DOUBLE)
    return json_node_get_double (q);
  if (json_node_get_value_type (q) == G_TYPE_STRING && kf_quantity_parse (json_node_get_string (q), &v))
    return v;
  return 0;
}

/* What a pod requests of @resource (requests, else limits; containers summed,
 * init containers as a maximum, as the scheduler counts them). */
static double
pod_request (JsonNode   *pod,
             const char *resource)
{
  JsonArray *containers = items_of (member (pod, "spec.containers"));
  JsonArray *inits = items_of (member (pod, "spec.initContainers"));
  double sum = 0, init_max = 0;

  for (guint i = 0; containers && i < json_array_get_length (containers); i++)
    {
      JsonNode *c = json_array_get_element (containers, i);
      JsonNode *res = member (c, "resources.requests");
      JsonNode *q = res && JSON_NODE_HOLDS_OBJECT (res) ? json_object_get_member (json_node_get_object (res), resource) : NULL;

      if (q == NULL)
        {
          res = member (c, "resources.limits");
          q = res && JSON_NODE_HOLDS_OBJECT (res) ? json_object_get_member (json_node_get_object (res), resource) : NULL;
        }
      sum += quantity_of (q);
    }
  for (guint i = 0; inits && i < json_array_get_length (inits); i++)
    {
      JsonNode *c = json_array_get_element (inits, i);
      JsonNode *res = member (c, "resources.requests");
      JsonNode *q = res && JSON_NODE_HOLDS_OBJECT (res) ? json_object_get_member (json_node_get_object (res), resource) : NULL;

      init_max = MAX (init_max, quantity_of (q));
    }
  return MAX (sum, init_max);
}

/* ---- FailedScheduling text ---- */

void
kf_scheduling_failure_free (KfSchedulingFailure *failure)
{
  if (failure == NULL)
    return;
  g_ptr_array_unref (failure->reasons);
  g_free (failure);
}

static void
scheduling_reason_free (KfSchedulingReason *r)
{
  g_free (r->reason);
  g_free (r);
}

KfSchedulingFailure *
kf_scheduling_failure_parse (const char *message)
{
  g_autoptr(KfSchedulingFailure) failure = NULL;
  g_autofree char *body = NULL;
  const char *p, *colon, *end;
  GString *current = NULL;
  int depth = 0;

  if (message == NULL)
    return NULL;
  p = strstr (message, "nodes are available");
  if (p == NULL)
    p = strstr (message, "node is available");
  if (p == NULL)
    return NULL;

  failure = g_new0 (KfSchedulingFailure, 1);
  failure->reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) scheduling_reason_free);
  {
    const char *slash = p;

    /* "0/6 nodes": walk back over "6" to the '/' */
    while (slash > message && slash[-1] == ' ')
      slash--;
    while (slash > message && g_ascii_isdigit (slash[-1]))
      slash--;
    if (slash > message && slash[-1] == '/')
      failure->total_nodes = (guint) strtoul (slash, NULL, 10);
  }
  colon = strchr (p, ':');
  if (colon == NULL)
    return g_steal_pointer (&failure);
  end = strstr (colon, ". preemption:");
  if (end == NULL)
    end = colon + strlen (colon);
  body = g_strndup (colon + 1, (gsize) (end - colon - 1));
  g_strstrip (body);
  while (*body != '\0' && body[strlen (body) - 1] == '.')
    body[strlen (body) - 1] = '\0';

  /* split on ", " outside braces; a piece without a leading count continues
   * the previous one (", that the pod didn't tolerate") */
  for (const char *c = body;; c++)
    {
      if (*c == '\0' || (depth == 0 && c[0] == ',' && c[1] == ' '))
        {
          if (current != NULL && current->len > 0)
            {
              const char *s = current->str;
              char *num_end = NULL;
              guint64 count = g_ascii_strtoull (s, &num_end, 10);

              if (num_end != s && *num_end == ' ')
                {
                  KfSchedulingReason *r = g_new0 (KfSchedulingReason, 1);

                  r->count = (guint) MIN (count, G_MAXUINT);
                  r->reason = g_strdup (num_end + 1);
                  g_ptr_array_add (failure->reasons, r);
                }
              else if (failure->reasons->len > 0 && g_str_has_prefix (s, "that "))
                {
                  KfSchedulingReason *r = g_ptr_array_index (failure->reasons, failure->reasons->len - 1);
                  char *joined = g_strconcat (r->reason, ", ", s, NULL);

                  g_free (r->reason);
                  r->reason = joined;
                }
              else
                {
                  KfSchedulingReason *r = g_new0 (KfSchedulingReason, 1);

                  r->reason = g_strdup (s);
                  g_ptr_array_add (failure->reasons, r);
                }
            }
          if (current != NULL)
            g_string_free (current, TRUE);
          current = NULL;
          if (*c == '\0')
            break;
          c++;  /* skip the space after the comma */
          continue;
        }
      if (*c == '{')
        depth++;
      else if (*c == '}' && depth > 0)
        depth--;
      if (current == NULL)
        current = g_string_new (NULL);
      g_string_append_c (current, *c);
    }
  return g_steal_pointer (&failure);
}

/* ---- findings ---- */

void
kf_diagnosis_finding_free (KfDiagnosisFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->summary);
  g_free (finding->action);
  g_free (finding->detail);
  g_ptr_array_unref (finding->pods);
  g_free (finding);
}

/* Adds a finding, or the pod to an identical one. Takes the strings. */
static void
add_finding (GPtrArray       *findings,
             KfDiagnosisKind  kind,
             const char      *pod,
             char            *summary,
             char            *action,
             const char      *detail)
{
  KfDiagnosisFinding *f;

  for (guint i = 0; i < findings->len; i++)
    {
      f = g_ptr_array_index (findings, i);
      if (f->kind == kind && g_strcmp0 (f->summary, summary) == 0)
        {
          if (pod != NULL && !g_ptr_array_find_with_equal_func (f->pods, pod, g_str_equal, NULL))
            g_ptr_array_add (f->pods, g_strdup (pod));
          g_free (summary);
          g_free (action);
          return;
        }
    }
  f = g_new0 (KfDiagnosisFinding, 1);
  f->kind = kind;
  f->summary = summary;
  f->action = action;
  f->detail = g_strdup (detail);
  f->pods = g_ptr_array_new_with_free_func (g_free);
  if (pod != NULL)
    g_ptr_array_add (f->pods, g_strdup (pod));
  g_ptr_array_add (findings, f);
}

static const char *
node_pool (JsonNode *node)
{
  JsonNode *labels = member (node, "metadata.labels");

  if (labels != NULL && JSON_NODE_HOLDS_OBJECT (labels))
    for (guint i = 0; i < G_N_ELEMENTS (pool_labels); i++)
      {
        JsonNode *v = json_object_get_member (json_node_get_object (labels), pool_labels[i]);

        if (v != NULL && JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
          return json_node_get_string (v);
      }
  return NULL;
}

static gboolean
pod_tolerates (JsonNode *pod,
               JsonNode *taint)
{
  JsonArray *tols = items_of (member (pod, "spec.tolerations"));
  const char *key = string_at (taint, "key");
  const char *value = string_at (taint, "value");
  const char *effect = string_at (taint, "effect");

  for (guint i = 0; tols && i < json_array_get_length (tols); i++)
    {
      JsonNode *t = json_array_get_element (tols, i);
      const char *tkey = string_at (t, "key");
      const char *op = string_at (t, "operator");
      const char *teffect = string_at (t, "effect");

      if (teffect != NULL && *teffect && g_strcmp0 (teffect, effect) != 0)
        continue;
      if (tkey == NULL || *tkey == '\0')
        {
          if (g_strcmp0 (op, "Exists") == 0)
            return TRUE;
          continue;
        }
      if (g_strcmp0 (tkey, key) != 0)
        continue;
      if (g_strcmp0 (op, "Exists") == 0 || g_strcmp0 (string_at (t, "value"), value) == 0 ||
          ((string_at (t, "value") == NULL || !*string_at (t, "value")) && (value == NULL || !*value)))
        return TRUE;
    }
  return FALSE;
}

/* Could the pod go on this node, resources aside? (unschedulable, taints, nodeSelector) */
static gboolean
node_eligible (JsonNode *pod,
               JsonNode *node)
{
  JsonNode *unsched = member (node, "spec.unschedulable");
  JsonArray *taints = items_of (member (node, "spec.taints"));
  JsonNode *selector = member (pod, "spec.nodeSelector");
  JsonNode *labels = member (node, "metadata.labels");

  if (unsched && JSON_NODE_HOLDS_VALUE (unsched) && json_node_get_value_type (unsched) == G_TYPE_BOOLEAN &&
      json_node_get_boolean (unsched))
    return FALSE;
  for (guint i = 0; taints && i < json_array_get_length (taints); i++)
    {
      JsonNode *t = json_array_get_element (taints, i);
      const char *effect = string_at (t, "effect");

      if ((g_strcmp0 (effect, "NoSchedule") == 0 || g_strcmp0 (effect, "NoExecute") == 0) && !pod_tolerates (pod, t))
        return FALSE;
    }
  if (selector && JSON_NODE_HOLDS_OBJECT (selector))
    {
      JsonObjectIter iter;
      const char *k;
      JsonNode *v;

      json_object_iter_init (&iter, json_node_get_object (selector));
      while (json_object_iter_next (&iter, &k, &v))
        {
          JsonNode *have = labels && JSON_NODE_HOLDS_OBJECT (labels) ? json_object_get_member (json_node_get_object (labels), k) : NULL;

          if (have == NULL || !JSON_NODE_HOLDS_VALUE (have) || !JSON_NODE_HOLDS_VALUE (v) ||
              g_strcmp0 (json_node_get_string (have), json_node_get_string (v)) != 0)
            return FALSE;
        }
    }
  return TRUE;
}

/* The largest free amount of @resource on a node the pod could use. */
static gboolean
largest_free (JsonNode    *pod,
              const char  *resource,
              JsonArray   *nodes,
              JsonArray   *all_pods,
              double      *best,
              const char **best_node,
              const char **best_pool)
{
  gboolean any = FALSE;

  *best = 0;
  *best_node = NULL;
  *best_pool = NULL;
  for (guint i = 0; nodes && i < json_array_get_length (nodes); i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);
      const char *name = string_at (node, "metadata.name");
      JsonNode *alloc = member (node, "status.allocatable");
      double have, used = 0;

      if (name == NULL || alloc == NULL || !JSON_NODE_HOLDS_OBJECT (alloc) || !node_eligible (pod, node))
        continue;
      have = quantity_of (json_object_get_member (json_node_get_object (alloc), resource));
      for (guint j = 0; all_pods && j < json_array_get_length (all_pods); j++)
        {
          JsonNode *p = json_array_get_element (all_pods, j);
          const char *phase = string_at (p, "status.phase");

          if (g_strcmp0 (string_at (p, "spec.nodeName"), name) != 0 ||
              g_strcmp0 (phase, "Succeeded") == 0 || g_strcmp0 (phase, "Failed") == 0)
            continue;
          used += pod_request (p, resource);
        }
      if (!any || have - used > *best)
        {
          *best = MAX (have - used, 0);
          *best_node = name;
          *best_pool = node_pool (node);
        }
      any = TRUE;
    }
  return any;
}

static char *
format_amount (const char *resource,
               double      value)
{
  if (g_strcmp0 (resource, "memory") == 0)
    {
      if (value >= 1073741824.0)
        return g_strdup_printf ("%.3g GiB", value / 1073741824.0);
      return g_strdup_printf ("%.3g MiB", value / 1048576.0);
    }
  if (g_strcmp0 (resource, "cpu") == 0)
    return g_strdup_printf ("%g", round (value * 1000) / 1000);
  return g_strdup_printf ("%g", round (value * 1000) / 1000);
}

static void
diagnose_insufficient (GPtrArray  *findings,
                       JsonNode   *pod,
                       const char *pod_name,
                       const char *resource,
                       guint       count,
                       guint       total,
                       JsonArray  *nodes,
                       JsonArray  *all_pods,
                       const char *message)
{
  double want = pod_request (pod, resource);
  g_autofree char *want_text = format_amount (resource, want);
  double free_amount = 0;
  const char *node = NULL, *pool = NULL;
  gboolean known = largest_free (pod, resource, nodes, all_pods, &free_amount, &node, &pool);
  g_autofree char *free_text = format_amount (resource, free_amount);
  g_autofree char *where = NULL;
  KfDiagnosisKind kind;
  char *summary, *action;

  if (known)
    where = pool != NULL ? g_strdup_printf (_("pool %s"), pool) : g_strdup_printf (_("node %s"), node);

  if (g_strcmp0 (resource, GPU_RESOURCE) == 0)
    {
      kind = KF_DIAGNOSIS_INSUFFICIENT_GPU;
      if (known && free_amount >= 1)
        summary = g_strdup_printf (_("No node has %s free GPUs; the largest free block is %s on %s."),
                                   want_text, free_text, where);
      else if (known)
        summary = g_strdup_printf (_("No node has %s free GPUs; every GPU the pod could use is taken."), want_text);
      else if (want > 0)
        summary = g_strdup_printf (_("No node has %s free GPUs (%u of %u nodes lack them)."), want_text, count, total);
      else
        summary = g_strdup_printf (_("No node has enough free GPUs (%u of %u nodes lack them)."), count, total);
      action = g_strdup (_("Reduce GPUs per replica or free capacity (delete or scale down other deployments), "
                           "or add GPU nodes."));
    }
  else if (g_strcmp0 (resource, "cpu") == 0)
    {
      kind = KF_DIAGNOSIS_INSUFFICIENT_CPU;
      if (known)
        summary = g_strdup_printf (_("No node has %s free CPUs; the most free is %s on %s."), want_text, free_text, where);
      else
        summary = g_strdup_printf (_("No node has %s free CPUs (%u of %u nodes lack them)."), want_text, count, total);
      action = g_strdup (_("Lower the CPU request, free capacity, or add nodes."));
    }
  else if (g_strcmp0 (resource, "memory") == 0)
    {
      kind = KF_DIAGNOSIS_INSUFFICIENT_MEMORY;
      if (known)
        summary = g_strdup_printf (_("No node has %s of free memory; the most free is %s on %s."),
                                   want_text, free_text, where);
      else
        summary = g_strdup_printf (_("No node has %s of free memory (%u of %u nodes lack it)."), want_text, count, total);
      action = g_strdup (_("Lower the memory request, free capacity, or add nodes with more memory."));
    }
  else
    {
      kind = KF_DIAGNOSIS_INSUFFICIENT_OTHER;
      summary = g_strdup_printf (_("No node has enough %s (%u of %u nodes lack it)."), resource, count, total);
      action = g_strdup (_("Lower the request, free capacity, or add nodes that offer it."));
    }
  add_finding (findings, kind, pod_name, summary, action, message);
}

static char *
selector_text (JsonNode *pod)
{
  JsonNode *selector = member (pod, "spec.nodeSelector");
  g_autoptr(GString) s = g_string_new (NULL);

  if (selector && JSON_NODE_HOLDS_OBJECT (selector))
    {
      JsonObjectIter iter;
      const char *k;
      JsonNode *v;

      json_object_iter_init (&iter, json_node_get_object (selector));
      while (json_object_iter_next (&iter, &k, &v))
        g_string_append_printf (s, "%s%s=%s", s->len ? ", " : "", k,
                                JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING
                                ? json_node_get_string (v) : "?");
    }
  return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

static void
diagnose_scheduling (GPtrArray  *findings,
                     JsonNode   *pod,
                     const char *pod_name,
                     const char *message,
                     JsonArray  *nodes,
                     JsonArray  *all_pods)
{
  g_autoptr(KfSchedulingFailure) failure = kf_scheduling_failure_parse (message);
  guint before = findings->len;

  if (failure != NULL)
    for (guint i = 0; i < failure->reasons->len; i++)
      {
        KfSchedulingReason *r = g_ptr_array_index (failure->reasons, i);
        const char *taint;

        if (g_str_has_prefix (r->reason, "Insufficient "))
          diagnose_insufficient (findings, pod, pod_name, r->reason + strlen ("Insufficient "),
                                 r->count, failure->total_nodes, nodes, all_pods, message);
        else if ((taint = strstr (r->reason, "taint {")) != NULL)
          {
            const char *close = strchr (taint, '}');
            g_autofree char *text = close ? g_strndup (taint + 7, (gsize) (close - taint - 7)) : g_strdup (taint + 7);
            g_auto(GStrv) kv = g_strsplit (text, ": ", 2);
            g_autofree char *pretty = kv[1] && *kv[1] ? g_strdup_printf ("%s=%s", kv[0], kv[1]) : g_strdup (kv[0]);

            add_finding (findings, KF_DIAGNOSIS_TAINT, pod_name,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u node has the taint %s, which the pod does not tolerate.",
                                                       "%u nodes have the taint %s, which the pod does not tolerate.",
                                                       r->count), r->count, pretty),
                         g_strdup_printf (_("Add a toleration for “%s” to the deployment, or use nodes without the taint."),
                                          kv[0]),
                         message);
          }
        else if (strstr (r->reason, "node affinity") != NULL || strstr (r->reason, "node selector") != NULL ||
                 strstr (r->reason, "MatchNodeSelector") != NULL)
          {
            g_autofree char *sel = selector_text (pod);

            add_finding (findings, KF_DIAGNOSIS_NODE_SELECTOR, pod_name,
                         sel ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u node does not match the pod's node selector (%s).",
                                                             "%u nodes do not match the pod's node selector (%s).",
                                                             r->count), r->count, sel)
                             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u node does not match the pod's node affinity.",
                                                             "%u nodes do not match the pod's node affinity.",
                                                             r->count), r->count),
                         g_strdup (_("Check the labels of your nodes (kubectl get nodes --show-labels) "
                                     "and change the deployment's node selector to match them.")),
                         message);
          }
        else if (strstr (r->reason, "PersistentVolumeClaim") != NULL || strstr (r->reason, "volume") != NULL)
          add_finding (findings, KF_DIAGNOSIS_PVC_PENDING, pod_name,
                       g_strdup (_("A volume the pod needs is not bound yet.")),
                       g_strdup (_("Check the PersistentVolumeClaims (kubectl get pvc) and that a StorageClass "
                                   "can provision them.")),
                       message);
      }

  if (findings->len == before && message != NULL)
    {
      const char *m = message;

      if (strstr (m, "PersistentVolumeClaim") != NULL)
        add_finding (findings, KF_DIAGNOSIS_PVC_PENDING, pod_name,
                     g_strdup (_("A volume the pod needs is not bound yet.")),
                     g_strdup (_("Check the PersistentVolumeClaims (kubectl get pvc) and that a StorageClass "
                                 "can provision them.")),
                     message);
      else if (strstr (m, "no nodes available") != NULL)
        add_finding (findings, KF_DIAGNOSIS_UNSCHEDULABLE, pod_name,
                     g_strdup (_("The cluster has no nodes to run the pod on.")),
                     g_strdup (_("Add nodes to the cluster.")), message);
      else
        add_finding (findings, KF_DIAGNOSIS_UNSCHEDULABLE, pod_name,
                     g_strdup_printf (_("The pod cannot be scheduled: %s"), message),
                     g_strdup (_("Check the nodes' capacity, taints and labels against what the pod asks for.")),
                     message);
    }
}

/* The newest event message with @reason about the pod. */
static const char *
latest_event (JsonArray  *events,
              const char *kind,
              const char *name,
              const char *reason)
{
  const char *best = NULL, *best_time = NULL;

  for (guint i = 0; events && i < json_array_get_length (events); i++)
    {
      JsonNode *e = json_array_get_element (events, i);
      const char *t;

      if (g_strcmp0 (string_at (e, "involvedObject.name"), name) != 0 ||
          (kind != NULL && g_strcmp0 (string_at (e, "involvedObject.kind"), kind) != 0) ||
          (reason != NULL && g_strcmp0 (string_at (e, "reason"), reason) != 0))
        continue;
      t = string_at (e, "lastTimestamp");
      if (t == NULL)
        t = string_at (e, "eventTime");
      if (t == NULL)
        t = string_at (e, "metadata.creationTimestamp");
      if (best == NULL || g_strcmp0 (t, best_time) >= 0)
        {
          best = string_at (e, "message");
          best_time = t;
        }
    }
  return best;
}

static const char *
pod_condition_message (JsonNode   *pod,
                       const char *type,
                       const char *status,
                       const char *reason)
{
  JsonArray *conds = items_of (member (pod, "status.conditions"));

  for (guint i = 0; conds && i < json_array_get_length (conds); i++)
    {
      JsonNode *c = json_array_get_element (conds, i);

      if (g_strcmp0 (string_at (c, "type"), type) == 0 && g_strcmp0 (string_at (c, "status"), status) == 0 &&
          (reason == NULL || g_strcmp0 (string_at (c, "reason"), reason) == 0))
        {
          const char *m = string_at (c, "message");
          return m != NULL ? m : "";
        }
    }
  return NULL;
}

static void
diagnose_container (GPtrArray  *findings,
                    JsonArray  *events,
                    const char *pod_name,
                    JsonNode   *cs)
{
  const char *name = string_at (cs, "name");
  const char *waiting = string_at (cs, "state.waiting.reason");
  const char *waiting_msg = string_at (cs, "state.waiting.message");
  const char *last_reason = string_at (cs, "lastState.terminated.reason");
  const char *term_reason = string_at (cs, "state.terminated.reason");
  const char *image = string_at (cs, "image");

  if (g_strcmp0 (waiting, "ErrImagePull") == 0 || g_strcmp0 (waiting, "ImagePullBackOff") == 0 ||
      g_strcmp0 (waiting, "InvalidImageName") == 0 || g_strcmp0 (waiting, "ErrImageNeverPull") == 0)
    {
      const char *why = latest_event (events, "Pod", pod_name, "Failed");

      /* the "Failed" events alternate with "Error: ErrImagePull": prefer the one naming the cause */
      for (guint i = 0; events && i < json_array_get_length (events); i++)
        {
          JsonNode *e = json_array_get_element (events, i);
          const char *m = string_at (e, "message");

          if (g_strcmp0 (string_at (e, "involvedObject.name"), pod_name) == 0 && m != NULL &&
              g_str_has_prefix (m, "Failed to pull image"))
            why = m;
        }
      if (waiting_msg != NULL && (why == NULL || g_str_has_prefix (why, "Error: ")))
        why = waiting_msg;
      add_finding (findings, KF_DIAGNOSIS_IMAGE_PULL, pod_name,
                   g_strdup_printf (_("The image %s of container %s cannot be pulled."),
                                    image ? image : "?", name ? name : "?"),
                   g_strdup (_("Check the image name and tag, that the registry is reachable from the cluster, "
                               "and add an imagePullSecret for a private registry.")),
                   why);
      return;
    }
  if (g_strcmp0 (last_reason, "OOMKilled") == 0 || g_strcmp0 (term_reason, "OOMKilled") == 0)
    {
      add_finding (findings, KF_DIAGNOSIS_OOM_KILLED, pod_name,
                   g_strdup_printf (_("Container %s ran out of memory and was killed (OOMKilled)."), name ? name : "?"),
                   g_strdup (_("Raise the container's memory limit, or use a smaller model, a shorter context "
                               "length or fewer concurrent sequences.")),
                   NULL);
      return;
    }
  if (g_strcmp0 (waiting, "CrashLoopBackOff") == 0)
    {
      gint64 code = int_at (cs, "lastState.terminated.exitCode", -1);
      gint64 restarts = int_at (cs, "restartCount", 0);
      g_autofree char *summary = NULL;

      if (code >= 0)
        summary = g_strdup_printf (_("Container %s keeps crashing (exit code %" G_GINT64_FORMAT ", restarted %"
                                     G_GINT64_FORMAT " times)."), name ? name : "?", code, restarts);
      else
        summary = g_strdup_printf (_("Container %s keeps crashing (restarted %" G_GINT64_FORMAT " times)."),
                                   name ? name : "?", restarts);
      add_finding (findings, KF_DIAGNOSIS_CRASH_LOOP, pod_name, g_steal_pointer (&summary),
                   g_strdup (_("Read the previous container's logs (Logs, “Previous container”) for the error: "
                               "often a wrong model name, a missing Hugging Face token or too little GPU memory.")),
                   waiting_msg);
      return;
    }
  if (g_strcmp0 (waiting, "CreateContainerConfigError") == 0 || g_strcmp0 (waiting, "CreateContainerError") == 0)
    add_finding (findings, KF_DIAGNOSIS_CONFIG_ERROR, pod_name,
                 g_strdup_printf (_("Container %s cannot be created: %s"), name ? name : "?",
                                  waiting_msg ? waiting_msg : waiting),
                 g_strdup (_("Create the Secret or ConfigMap it refers to (for example the Hugging Face token "
                             "Secret) in the deployment's namespace.")),
                 waiting_msg);
}

static int
finding_order (gconstpointer a,
               gconstpointer b)
{
  const KfDiagnosisFinding *fa = *(KfDiagnosisFinding **) a;
  const KfDiagnosisFinding *fb = *(KfDiagnosisFinding **) b;

  return (int) fa->kind - (int) fb->kind;
}

GPtrArray *
kf_deployment_diagnose (JsonNode *pods,
                        JsonNode *events,
                        JsonNode *nodes,
                        JsonNode *all_pods)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_diagnosis_finding_free);
  JsonArray *pod_items = items_of (pods);
  JsonArray *event_items = items_of (events);
  JsonArray *node_items = items_of (nodes);
  JsonArray *all_items = items_of (all_pods);

  for (guint i = 0; pod_items && i < json_array_get_length (pod_items); i++)
    {
      JsonNode *pod = json_array_get_element (pod_items, i);
      const char *name = string_at (pod, "metadata.name");
      const char *phase = string_at (pod, "status.phase");
      const char *unsched;

      if (name == NULL)
        continue;
      if (string_at (pod, "metadata.deletionTimestamp") != NULL)
        continue;
      unsched = pod_condition_message (pod, "PodScheduled", "False", "Unschedulable");
      if (g_strcmp0 (phase, "Pending") == 0 && string_at (pod, "spec.nodeName") == NULL)
        {
          const char *msg = latest_event (event_items, "Pod", name, "FailedScheduling");

          if (msg == NULL && unsched != NULL && *unsched)
            msg = unsched;
          if (msg != NULL)
            diagnose_scheduling (findings, pod, name, msg, node_items, all_items);
        }
      for (const char *const *key = (const char *const[]) { "status.initContainerStatuses",
                                                            "status.containerStatuses", NULL }; *key; key++)
        {
          JsonArray *statuses = items_of (member (pod, *key));

          for (guint j = 0; statuses && j < json_array_get_length (statuses); j++)
            diagnose_container (findings, event_items, name, json_array_get_element (statuses, j));
        }
    }

  /* claims that cannot be provisioned */
  for (guint i = 0; event_items && i < json_array_get_length (event_items); i++)
    {
      JsonNode *e = json_array_get_element (event_items, i);
      const char *reason = string_at (e, "reason");

      if (g_strcmp0 (string_at (e, "involvedObject.kind"), "PersistentVolumeClaim") == 0 &&
          (g_strcmp0 (reason, "ProvisioningFailed") == 0 || g_strcmp0 (reason, "FailedBinding") == 0))
        add_finding (findings, KF_DIAGNOSIS_PVC_PENDING, NULL,
                     g_strdup_printf (_("The volume claim %s cannot be bound: %s"),
                                      string_at (e, "involvedObject.name") ?: "?", string_at (e, "message") ?: ""),
                     g_strdup (_("Check the StorageClass and that the cluster can provision volumes of that size.")),
                     string_at (e, "message"));
    }

  g_ptr_array_sort (findings, finding_order);
  return findings;
}

gboolean
kf_diagnosis_needs_nodes (JsonNode *pods)
{
  JsonArray *items = items_of (pods);

  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonNode *pod = json_array_get_element (items, i);

      if (g_strcmp0 (string_at (pod, "status.phase"), "Pending") == 0 && string_at (pod, "spec.nodeName") == NULL)
        return TRUE;
    }
  return FALSE;
}
