/* kf-sim-op-sched.c: the simulated kube-scheduler's filters
 *
 * The filters the default scheduler runs, in its order (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit for nvidia.com/gpu, cpu and
 * memory), and its FitError text: "0/6 nodes are available: 1 node(s) had
 * untolerated taint {k: v}, 5 Insufficient nvidia.com/gpu. preemption: 0/6
 * nodes are available: 1 Preemption is not helpful for scheduling, 5 No
 * preemption victims found for incoming pod.."
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim-operators"

#include "config.h"

#include <string.h>

#include "kf-sim-op-private.h"

enum { RES_GPU, RES_CPU, RES_MEM, N_RES };
static const char *const res_names[N_RES] = { "nvidia.com/gpu", "cpu", "memory" };

static void
pod_requests (JsonNode *spec,
              double    out[N_RES])
{
  JsonNode *containers = sim_json_member (spec, "containers", NULL);

  for (guint r = 0; r < N_RES; r++)
    out[r] = 0;
  if (containers == NULL || !JSON_NODE_HOLDS_ARRAY (containers))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (containers)); i++)
    {
      JsonNode *c = json_array_get_element (json_node_get_array (containers), i);

      for (guint r = 0; r < N_RES; r++)
        {
          JsonNode *q = sim_json_member (c, "resources", "requests", res_names[r], NULL);

          if (q == NULL)
            q = sim_json_member (c, "resources", "limits", res_names[r], NULL);
          out[r] += sim_json_quantity (q);
        }
    }
}

/* node name -> double[N_RES] requested by the non-terminated pods bound to it */
GHashTable *
sim_sched_usage (KfSimOperators *ops)
{
  GHashTable *usage = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) pods = kf_sim_store_list (kf_sim_operators_get_store (ops), "pods",
                                                 NULL, NULL, NULL, NULL);

  for (guint i = 0; pods != NULL && i < pods->len; i++)
    {
      JsonNode *p = g_ptr_array_index (pods, i);
      const char *node = sim_json_string (p, "spec", "nodeName", NULL);
      const char *phase = sim_json_string (p, "status", "phase", NULL);
      double req[N_RES];
      double *u;

      if (node == NULL || g_strcmp0 (phase, "Succeeded") == 0 || g_strcmp0 (phase, "Failed") == 0)
        continue;
      pod_requests (sim_json_member (p, "spec", NULL), req);
      u = g_hash_table_lookup (usage, node);
      if (u == NULL)
        {
          u = g_new0 (double, N_RES);
          g_hash_table_insert (usage, g_strdup (node), u);
        }
      for (guint r = 0; r < N_RES; r++)
        u[r] += req[r];
    }
  return usage;
}

static gboolean
tolerates (JsonNode *tolerations,
           JsonNode *taint)
{
  const char *key = sim_json_string (taint, "key", NULL);
  const char *value = sim_json_string (taint, "value", NULL);
  const char *effect = sim_json_string (taint, "effect", NULL);

  if (tolerations == NULL || !JSON_NODE_HOLDS_ARRAY (tolerations))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (tolerations)); i++)
    {
      JsonNode *t = json_array_get_element (json_node_get_array (tolerations), i);
      const char *tkey = sim_json_string (t, "key", NULL);
      const char *op = sim_json_string (t, "operator", NULL) ?: "Equal";
      const char *teffect = sim_json_string (t, "effect", NULL);

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
      if (g_strcmp0 (op, "Exists") == 0)
        return TRUE;
      if (g_strcmp0 (sim_json_string (t, "value", NULL) ?: "", value ?: "") == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
match_expression (JsonNode *labels,
                  JsonNode *expr)
{
  const char *key = sim_json_string (expr, "key", NULL);
  const char *op = sim_json_string (expr, "operator", NULL);
  const char *have = key ? sim_json_string (labels, key, NULL) : NULL;
  JsonNode *values = sim_json_member (expr, "values", NULL);
  gboolean in = FALSE;

  if (values != NULL && JSON_NODE_HOLDS_ARRAY (values) && have != NULL)
    for (guint i = 0; i < json_array_get_length (json_node_get_array (values)); i++)
      if (g_strcmp0 (json_array_get_string_element (json_node_get_array (values), i), have) == 0)
        in = TRUE;
  if (g_strcmp0 (op, "In") == 0)
    return in;
  if (g_strcmp0 (op, "NotIn") == 0)
    return !in;
  if (g_strcmp0 (op, "Exists") == 0)
    return have != NULL;
  if (g_strcmp0 (op, "DoesNotExist") == 0)
    return have == NULL;
  if (g_strcmp0 (op, "Gt") == 0 || g_strcmp0 (op, "Lt") == 0)
    {
      const char *v = values && JSON_NODE_HOLDS_ARRAY (values) &&
                      json_array_get_length (json_node_get_array (values)) > 0
                      ? json_array_get_string_element (json_node_get_array (values), 0) : NULL;
      gint64 a, b;

      if (have == NULL || v == NULL)
        return FALSE;
      a = g_ascii_strtoll (have, NULL, 10);
      b = g_ascii_strtoll (v, NULL, 10);
      return op[0] == 'G' ? a > b : a < b;
    }
  return FALSE;
}

static gboolean
matches_affinity (JsonNode *spec,
                  JsonNode *node)
{
  JsonNode *labels = sim_json_member (node, "metadata", "labels", NULL);
  JsonNode *selector = sim_json_member (spec, "nodeSelector", NULL);
  JsonNode *terms = sim_json_member (spec, "affinity", "nodeAffinity",
                                     "requiredDuringSchedulingIgnoredDuringExecution",
                                     "nodeSelectorTerms", NULL);

  if (selector != NULL && JSON_NODE_HOLDS_OBJECT (selector))
    {
      JsonObjectIter it;
      const char *k;
      JsonNode *v;

      json_object_iter_init (&it, json_node_get_object (selector));
      while (json_object_iter_next (&it, &k, &v))
        {
          const char *want = JSON_NODE_HOLDS_VALUE (v) ? json_node_get_string (v) : NULL;

          if (g_strcmp0 (sim_json_string (labels, k, NULL), want) != 0)
            return FALSE;
        }
    }
  if (terms != NULL && JSON_NODE_HOLDS_ARRAY (terms) &&
      json_array_get_length (json_node_get_array (terms)) > 0)
    {
      gboolean any = FALSE;

      /* terms are ORed, expressions within a term ANDed */
      for (guint i = 0; i < json_array_get_length (json_node_get_array (terms)) && !any; i++)
        {
          JsonNode *term = json_array_get_element (json_node_get_array (terms), i);
          JsonNode *exprs = sim_json_member (term, "matchExpressions", NULL);
          gboolean all = TRUE;

          if (exprs != NULL && JSON_NODE_HOLDS_ARRAY (exprs))
            for (guint j = 0; j < json_array_get_length (json_node_get_array (exprs)); j++)
              if (!match_expression (labels, json_array_get_element (json_node_get_array (exprs), j)))
                all = FALSE;
          any = all;
        }
      if (!any)
        return FALSE;
    }
  return TRUE;
}

static void
count_reason (GHashTable *hist,
              const char *reason)
{
  int n = GPOINTER_TO_INT (g_hash_table_lookup (hist, reason));

  g_hash_table_replace (hist, g_strdup (reason), GINT_TO_POINTER (n + 1));
}

static int
str_ptr_cmp (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
histogram_text (GHashTable *hist)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter it;
  gpointer k, v;

  g_hash_table_iter_init (&it, hist);
  while (g_hash_table_iter_next (&it, &k, &v))
    g_ptr_array_add (parts, g_strdup_printf ("%d %s", GPOINTER_TO_INT (v), (char *) k));
  /* sort.Strings on the "count reason" strings, as the scheduler does */
  g_ptr_array_sort (parts, str_ptr_cmp);
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

/* Finds a node for @pod. On success sets @node_out and adds the pod's
 * requests to @used; otherwise sets @message_out to the scheduler's text. */
gboolean
sim_sched_fit (GPtrArray      *nodes,
               SimPod         *pod,
               GHashTable     *used,
               char          **node_out,
               char          **message_out)
{
  g_autoptr(GHashTable) hist = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) preempt = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *tolerations = sim_json_member (pod->spec, "tolerations", NULL);
  double req[N_RES];
  const char *best = NULL;
  double best_free = -1;
  guint n_nodes = nodes ? nodes->len : 0;

  pod_requests (pod->spec, req);
  *node_out = NULL;
  *message_out = NULL;

  for (guint i = 0; i < n_nodes; i++)
    {
      JsonNode *node = g_ptr_array_index (nodes, i);
      const char *name = sim_json_string (node, "metadata", "name", NULL);
      JsonNode *taints = sim_json_member (node, "spec", "taints", NULL);
      JsonNode *untolerated = NULL;
      JsonNode *unsched;
      double *u = name ? g_hash_table_lookup (used, name) : NULL;
      gboolean fits = TRUE;
      double free_gpu = 0;

      if (name == NULL)
        continue;
      unsched = sim_json_member (node, "spec", "unschedulable", NULL);
      if (unsched != NULL && JSON_NODE_HOLDS_VALUE (unsched) &&
          json_node_get_value_type (unsched) == G_TYPE_BOOLEAN && json_node_get_boolean (unsched))
        {
          count_reason (hist, "node(s) were unschedulable");
          count_reason (preempt, "Preemption is not helpful for scheduling");
          continue;
        }
      if (taints != NULL && JSON_NODE_HOLDS_ARRAY (taints))
        for (guint t = 0; t < json_array_get_length (json_node_get_array (taints)) && !untolerated; t++)
          {
            JsonNode *taint = json_array_get_element (json_node_get_array (taints), t);
            const char *effect = sim_json_string (taint, "effect", NULL);

            if ((g_strcmp0 (effect, "NoSchedule") == 0 || g_strcmp0 (effect, "NoExecute") == 0) &&
                !tolerates (tolerations, taint))
              untolerated = taint;
          }
      if (untolerated != NULL)
        {
          g_autofree char *r = g_strdup_printf ("node(s) had untolerated taint {%s: %s}",
                                                sim_json_string (untolerated, "key", NULL) ?: "",
                                                sim_json_string (untolerated, "value", NULL) ?: "");
          count_reason (hist, r);
          count_reason (preempt, "Preemption is not helpful for scheduling");
          continue;
        }
      if (!matches_affinity (pod->spec, node))
        {
          count_reason (hist, "node(s) didn't match Pod's node affinity/selector");
          count_reason (preempt, "Preemption is not helpful for scheduling");
          continue;
        }
      for (guint r = 0; r < N_RES; r++)
        {
          JsonNode *alloc = sim_json_member (node, "status", "allocatable", res_names[r], NULL);
          double have, avail;

          if (alloc == NULL && r != RES_GPU)
            continue;     /* a node without declared cpu/memory: not a constraint */
          have = sim_json_quantity (alloc);
          avail = have - (u ? u[r] : 0);
          if (r == RES_GPU)
            free_gpu = avail;
          if (req[r] > 0 && req[r] > avail + 1e-9)
            {
              g_autofree char *reason = g_strdup_printf ("Insufficient %s", res_names[r]);

              count_reason (hist, reason);
              fits = FALSE;
            }
        }
      if (!fits)
        {
          count_reason (preempt, "No preemption victims found for incoming pod");
          continue;
        }
      /* LeastAllocated-like: the node with the most free GPUs (GPU pods), or
       * for CPU pods the node with the fewest GPUs, then by name */
      {
        double score = req[RES_GPU] > 0 ? free_gpu : -free_gpu;

        if (best == NULL || score > best_free)
          {
            best = name;
            best_free = score;
          }
      }
    }

  if (best != NULL)
    {
      double *u = g_hash_table_lookup (used, best);

      if (u == NULL)
        {
          u = g_new0 (double, N_RES);
          g_hash_table_insert (used, g_strdup (best), u);
        }
      for (guint r = 0; r < N_RES; r++)
        u[r] += req[r];
      *node_out = g_strdup (best);
      return TRUE;
    }

  if (n_nodes == 0)
    *message_out = g_strdup ("no nodes available to schedule pods");
  else
    {
      g_autofree char *reasons = histogram_text (hist);
      g_autofree char *preemption = histogram_text (preempt);

      *message_out = g_strdup_printf ("0/%u nodes are available: %s. preemption: 0/%u nodes are available: %s..",
                                      n_nodes, reasons, n_nodes, preemption);
    }
  return FALSE;
}
