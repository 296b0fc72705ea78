/* kf-cli-describe.c: `kubefoundry-cli describe NAME`: status, pods, why it is
 * not running, recent events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "kf-cli-describe.h"
#include "kf-cli-list.h"
#include "kf-cli-whoami.h"
#include "kf-deployment-actions.h"
#include "kf-deployment-diagnosis.h"

#define MAX_EVENTS 15

static JsonNode *
list_sync (KfKubeClient         *client,
           const KfKubeResource *resource,
           const char           *ns,
           const char           *selector,
           GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  KfKubeListOptions options = { .label_selector = selector };

  kf_kube_client_list_all_async (client, resource, ns, &options, NULL, kf_cli_store_cb, &result);
  kf_cli_wait (&result);
  return kf_kube_client_request_finish (client, result, error);
}

static JsonArray *
items (JsonNode *list)
{
  JsonNode *i = list && JSON_NODE_HOLDS_OBJECT (list) ? json_object_get_member (json_node_get_object (list), "items") : NULL;

  return i && JSON_NODE_HOLDS_ARRAY (i) ? json_node_get_array (i) : NULL;
}

static const char *
str (JsonObject *o,
     const char *a,
     const char *b)
{
  JsonNode *n;

  if (o == NULL)
    return NULL;
  if (b != NULL)
    {
      n = json_object_get_member (o, a);
      if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
        return NULL;
      o = json_node_get_object (n);
      a = b;
    }
  n = json_object_get_member (o, a);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING ? json_node_get_string (n) : NULL;
}

static const char *
event_time (JsonObject *e)
{
  const char *t = str (e, "lastTimestamp", NULL);

  if (t == NULL)
    t = str (e, "eventTime", NULL);
  if (t == NULL)
    t = str (e, "metadata", "creationTimestamp");
  return t ? t : "";
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (event_time (*(JsonObject **) b), event_time (*(JsonObject **) a));
}

/* The events about the deployment or one of its pods, newest first (JsonObject*). */
static GPtrArray *
related_events (JsonNode   *events,
                JsonNode   *pods,
                const char *kind,
                const char *name)
{
  GPtrArray *out = g_ptr_array_new ();
  g_autoptr(GHashTable) pod_names = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *p = items (pods), *e = items (events);

  for (guint i = 0; p && i < json_array_get_length (p); i++)
    {
      const char *n = str (json_array_get_object_element (p, i), "metadata", "name");
      if (n)
        g_hash_table_add (pod_names, (gpointer) n);
    }
  for (guint i = 0; e && i < json_array_get_length (e); i++)
    {
      JsonObject *ev = json_array_get_object_element (e, i);
      const char *k = str (ev, "involvedObject", "kind"), *n = str (ev, "involvedObject", "name");

      if (n == NULL)
        continue;
      if ((g_strcmp0 (k, kind) == 0 && g_str_equal (n, name)) ||
          (g_strcmp0 (k, "Pod") == 0 && g_hash_table_contains (pod_names, n)))
        g_ptr_array_add (out, ev);
    }
  g_ptr_array_sort (out, newest_first);
  return out;
}

static void
pod_summary (JsonObject *pod,
             guint      *ready,
             guint      *total,
             gint64     *restarts,
             const char **waiting)
{
  JsonObject *status = json_object_get_object_member (pod, "status");
  JsonNode *cs = status ? json_object_get_member (status, "containerStatuses") : NULL;

  *ready = *total = 0;
  *restarts = 0;
  *waiting = NULL;
  if (cs == NULL || !JSON_NODE_HOLDS_ARRAY (cs))
    {
      /* not started yet: count the containers it will have */
      JsonObject *spec = json_object_get_object_member (pod, "spec");
      JsonNode *containers = spec ? json_object_get_member (spec, "containers") : NULL;

      if (containers != NULL && JSON_NODE_HOLDS_ARRAY (containers))
        *total = json_array_get_length (json_node_get_array (containers));
      return;
    }
  for (guint i = 0; cs && JSON_NODE_HOLDS_ARRAY (cs) && i < json_array_get_length (json_node_get_array (cs)); i++)
    {
      JsonObject *c = json_array_get_object_element (json_node_get_array (cs), i);

      if (c == NULL)
        continue;
      (*total)++;
      if (json_object_get_boolean_member_with_default (c, "ready", FALSE))
        (*ready)++;
      *restarts += json_object_get_int_member_with_default (c, "restartCount", 0);
      if (*waiting == NULL && json_object_has_member (c, "state") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (c, "state")))
        *waiting = str (json_object_get_object_member (c, "state"), "waiting", "reason");
    }
}

int
kf_cli_describe (KfCliGlobals  *globals,
                 int            argc,
                 char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rest = kf_cli_parse_args (globals, argc, argv);
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(KfDeployment) d = NULL;
  g_autoptr(JsonNode) pods = NULL, events = NULL, nodes = NULL, all_pods = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) related = NULL;
  g_autofree char *selector = NULL;
  const KfDeploymentStatus *st;
  const char *ns;
  JsonArray *pod_items;

  if (rest == NULL)
    return 2;
  if (rest[0] == NULL || rest[1] != NULL)
    {
      g_printerr ("Usage: kubefoundry-cli describe NAME [--namespace NS] [-o json]\n");
      return 2;
    }
  d = kf_cli_connect_and_find (globals, rest[0], &client, &error);
  if (d == NULL)
    return kf_cli_fail (error);
  ns = kf_deployment_get_namespace (d);
  st = kf_deployment_get_status (d);

  selector = kf_deployment_pod_selector (kf_deployment_get_provider (d), kf_deployment_get_name (d));
  pods = list_sync (client, &kf_kube_resource_pods, ns, selector, &error);
  if (pods == NULL)
    return kf_cli_fail (error);
  events = list_sync (client, &kf_kube_resource_events, ns, NULL, &error);
  if (events == NULL)
    return kf_cli_fail (error);
  if (kf_diagnosis_needs_nodes (pods))
    {
      /* where GPUs are free; without permission to list nodes the findings say less */
      g_autoptr(GError) ignored = NULL;

      nodes = list_sync (client, &kf_kube_resource_nodes, NULL, NULL, &ignored);
      if (nodes != NULL)
        all_pods = list_sync (client, &kf_kube_resource_pods, NULL, NULL, &ignored);
      if (all_pods == NULL)
        g_clear_pointer (&nodes, json_node_unref);
    }
  findings = kf_deployment_diagnose (pods, events, nodes, all_pods);
  related = related_events (events, pods, kf_provider_get_crd_config (kf_deployment_get_provider (d))->kind,
                            kf_deployment_get_name (d));
  pod_items = items (pods);

  if (globals->output != KF_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "deployment");
      json_builder_add_value (b, kf_cli_deployment_to_json (d));
      json_builder_set_member_name (b, "pods");
      json_builder_begin_array (b);
      for (guint i = 0; pod_items && i < json_array_get_length (pod_items); i++)
        {
          JsonObject *p = json_array_get_object_element (pod_items, i);
          guint ready, total;
          gint64 restarts;
          const char *waiting;

          pod_summary (p, &ready, &total, &restarts, &waiting);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, str (p, "metadata", "name"));
          json_builder_set_member_name (b, "phase");
          json_builder_add_string_value (b, str (p, "status", "phase") ?: "Unknown");
          json_builder_set_member_name (b, "ready");
          json_builder_add_int_value (b, ready);
          json_builder_set_member_name (b, "containers");
          json_builder_add_int_value (b, total);
          json_builder_set_member_name (b, "restarts");
          json_builder_add_int_value (b, restarts);
          json_builder_set_member_name (b, "waiting");
          if (waiting)
            json_builder_add_string_value (b, waiting);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "node");
          if (str (p, "spec", "nodeName"))
            json_builder_add_string_value (b, str (p, "spec", "nodeName"));
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "diagnosis");
      json_builder_begin_array (b);
      for (guint i = 0; i < findings->len; i++)
        {
          KfDiagnosisFinding *f = g_ptr_array_index (findings, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "summary");
          json_builder_add_string_value (b, f->summary);
          json_builder_set_member_name (b, "action");
          json_builder_add_string_value (b, f->action);
          json_builder_set_member_name (b, "pods");
          json_builder_begin_array (b);
          for (guint j = 0; j < f->pods->len; j++)
            json_builder_add_string_value (b, g_ptr_array_index (f->pods, j));
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "events");
      json_builder_begin_array (b);
      for (guint i = 0; i < related->len && i < MAX_EVENTS; i++)
        {
          JsonObject *e = g_ptr_array_index (related, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "time");
          json_builder_add_string_value (b, event_time (e));
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, str (e, "type", NULL) ?: "");
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, str (e, "reason", NULL) ?: "");
          json_builder_set_member_name (b, "object");
          json_builder_add_string_value (b, str (e, "involvedObject", "name") ?: "");
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, str (e, "message", NULL) ?: "");
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      return kf_cli_print_structured (globals, root);
    }

  printf ("Name:       %s\n", kf_deployment_get_name (d));
  printf ("Namespace:  %s\n", ns);
  printf ("Runtime:    %s\n", kf_deployment_get_runtime_name (d));
  printf ("Phase:      %s\n", kf_deployment_phase_to_string (st->phase));
  printf ("Replicas:   %s\n", kf_deployment_get_replicas (d));
  printf ("Model:      %s\n", *kf_deployment_get_model (d) ? kf_deployment_get_model (d) : "-");
  printf ("Engine:     %s (%s)\n", st->engine == KF_ENGINE_UNKNOWN ? "-" : kf_engine_to_string (st->engine),
          kf_deployment_mode_to_string (st->mode));
  if (st->frontend_service)
    printf ("Endpoint:   svc/%s:%u  (kubectl port-forward -n %s svc/%s 8000:%u)\n", st->frontend_service,
            st->frontend_port, ns, st->frontend_service, st->frontend_port);
  if (st->message)
    printf ("Message:    %s\n", st->message);

  printf ("\nPods:\n");
  if (pod_items == NULL || json_array_get_length (pod_items) == 0)
    printf ("  (none)\n");
  for (guint i = 0; pod_items && i < json_array_get_length (pod_items); i++)
    {
      JsonObject *p = json_array_get_object_element (pod_items, i);
      guint ready, total;
      gint64 restarts;
      const char *waiting;

      pod_summary (p, &ready, &total, &restarts, &waiting);
      printf ("  %-48s %-18s %u/%u ready  %" G_GINT64_FORMAT " restarts  %s\n", str (p, "metadata", "name") ?: "?",
              waiting ? waiting : str (p, "status", "phase") ?: "Unknown", ready, total, restarts,
              str (p, "spec", "nodeName") ?: "(not scheduled)");
    }

  if (findings->len > 0)
    {
      printf ("\nWhy it is not running:\n");
      for (guint i = 0; i < findings->len; i++)
        {
          KfDiagnosisFinding *f = g_ptr_array_index (findings, i);

          printf ("  - %s\n    %s\n", f->summary, f->action);
        }
    }

  printf ("\nEvents (newest first):\n");
  if (related->len == 0)
    printf ("  (none)\n");
  for (guint i = 0; i < related->len && i < MAX_EVENTS; i++)
    {
      JsonObject *e = g_ptr_array_index (related, i);

      printf ("  %-20s %-8s %-18s %s: %s\n", event_time (e), str (e, "type", NULL) ?: "",
              str (e, "reason", NULL) ?: "", str (e, "involvedObject", "name") ?: "", str (e, "message", NULL) ?: "");
    }
  return 0;
}
