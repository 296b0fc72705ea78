/* kf-cli-list.c: `kubefoundry-cli list`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-cli-list.h"
#include "kf-cli-whoami.h"
#include "kf-deployment-actions.h"
#include "kf-deployment-list.h"
#include "kf-provider-registry.h"

GStrv
kf_cli_parse_args (KfCliGlobals  *globals,
                   int            argc,
                   char         **argv)
{
  g_autoptr(GStrvBuilder) rest = g_strv_builder_new ();

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if ((g_str_equal (arg, "-n") || g_str_equal (arg, "--namespace")) && i + 1 < argc)
        {
          g_free (globals->namespace);
          globals->namespace = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (arg, "--namespace="))
        {
          g_free (globals->namespace);
          globals->namespace = g_strdup (arg + strlen ("--namespace="));
        }
      else if ((g_str_equal (arg, "-o") || g_str_equal (arg, "--output")) && i + 1 < argc)
        {
          const char *v = argv[++i];

          if (g_str_equal (v, "json"))
            globals->output = KF_CLI_OUTPUT_JSON;
          else if (g_str_equal (v, "yaml"))
            globals->output = KF_CLI_OUTPUT_YAML;
          else if (g_str_equal (v, "text") || g_str_equal (v, "wide"))
            globals->output = KF_CLI_OUTPUT_TEXT;
          else
            {
              g_printerr ("kubefoundry-cli: unknown output format “%s” (use text, json or yaml)\n", v);
              return NULL;
            }
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        {
          g_printerr ("kubefoundry-cli: %s: unknown option “%s”\n", argv[0], arg);
          return NULL;
        }
      else
        g_strv_builder_add (rest, arg);
    }
  return g_strv_builder_end (rest);
}

GPtrArray *
kf_cli_list_deployments (KfKubeClient  *client,
                         const char    *ns,
                         GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *providers = kf_provider_registry_list (kf_provider_registry_get_default ());
  KfKubeListOptions options = { .label_selector = KF_DEPLOYMENT_LIST_SELECTOR };

  for (guint i = 0; i < providers->len; i++)
    {
      KfProvider *p = g_ptr_array_index (providers, i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) local = NULL;
      g_autoptr(JsonNode) list = NULL;
      KfKubeResource resource;
      JsonNode *items;

      kf_deployment_resource_for_provider (p, &resource);
      kf_kube_client_list_all_async (client, &resource, ns, &options, NULL, kf_cli_store_cb, &result);
      kf_cli_wait (&result);
      list = kf_kube_client_request_finish (client, result, &local);
      if (list == NULL)
        {
          if (g_error_matches (local, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND))
            continue;   /* the runtime is not installed */
          g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", kf_provider_get_name (p));
          return NULL;
        }
      items = JSON_NODE_HOLDS_OBJECT (list) ? json_object_get_member (json_node_get_object (list), "items") : NULL;
      for (guint j = 0; items && JSON_NODE_HOLDS_ARRAY (items) && j < json_array_get_length (json_node_get_array (items)); j++)
        {
          g_autoptr(KfKubeObject) obj = kf_kube_object_new (json_array_get_element (json_node_get_array (items), j));

          if (obj != NULL)
            g_ptr_array_add (out, kf_deployment_new (p, obj));
        }
    }
  return g_steal_pointer (&out);
}

JsonNode *
kf_cli_deployment_to_json (KfDeployment *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const KfDeploymentStatus *st = kf_deployment_get_status (d);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *age = kf_deployment_format_age (d, now);
  JsonNode *created = json_object_get_member (json_object_get_object_member (json_node_get_object (
                                                kf_deployment_get_json (d)), "metadata"), "creationTimestamp");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, kf_deployment_get_name (d));
  json_builder_set_member_name (b, "namespace");
  json_builder_add_string_value (b, kf_deployment_get_namespace (d));
  json_builder_set_member_name (b, "provider");
  json_builder_add_string_value (b, kf_deployment_get_provider_id (d));
  json_builder_set_member_name (b, "runtime");
  json_builder_add_string_value (b, kf_deployment_get_runtime_name (d));
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, kf_deployment_get_model (d));
  json_builder_set_member_name (b, "engine");
  json_builder_add_string_value (b, st->engine == KF_ENGINE_UNKNOWN ? "" : kf_engine_to_string (st->engine));
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, kf_deployment_mode_to_string (st->mode));
  json_builder_set_member_name (b, "phase");
  json_builder_add_string_value (b, kf_deployment_phase_to_string (st->phase));
  json_builder_set_member_name (b, "replicas");
  json_builder_add_string_value (b, kf_deployment_get_replicas (d));
  json_builder_set_member_name (b, "readyReplicas");
  json_builder_add_int_value (b, st->ready_replicas);
  json_builder_set_member_name (b, "desiredReplicas");
  json_builder_add_int_value (b, st->desired_replicas);
  json_builder_set_member_name (b, "age");
  json_builder_add_string_value (b, age);
  json_builder_set_member_name (b, "creationTimestamp");
  if (created != NULL && JSON_NODE_HOLDS_VALUE (created))
    json_builder_add_string_value (b, json_node_get_string (created));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "frontendService");
  if (st->frontend_service)
    json_builder_add_string_value (b, st->frontend_service);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "frontendPort");
  json_builder_add_int_value (b, st->frontend_port);
  json_builder_set_member_name (b, "message");
  if (st->message)
    json_builder_add_string_value (b, st->message);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
compare_deployments (gconstpointer a,
                     gconstpointer b)
{
  KfDeployment *da = *(KfDeployment **) a, *db = *(KfDeployment **) b;

  return kf_kube_object_compare_key (kf_deployment_get_namespace (da), kf_deployment_get_name (da),
                                     kf_deployment_get_namespace (db), kf_deployment_get_name (db));
}

int
kf_cli_list (KfCliGlobals  *globals,
             int            argc,
             char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rest = kf_cli_parse_args (globals, argc, argv);
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(GPtrArray) all = NULL;

  if (rest == NULL)
    return 2;
  if (rest[0] != NULL)
    {
      g_printerr ("kubefoundry-cli: list takes no arguments (got “%s”)\n", rest[0]);
      return 2;
    }
  client = kf_cli_connect (globals, &error);
  if (client == NULL)
    return kf_cli_fail (error);
  all = kf_cli_list_deployments (client, globals->namespace, &error);
  if (all == NULL)
    return kf_cli_fail (error);
  g_ptr_array_sort (all, compare_deployments);

  if (globals->output != KF_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < all->len; i++)
        json_array_add_element (array, kf_cli_deployment_to_json (g_ptr_array_index (all, i)));
      json_node_take_array (root, array);
      return kf_cli_print_structured (globals, root);
    }

  if (all->len == 0)
    {
      if (globals->namespace)
        g_printerr ("No deployments in namespace %s.\n", globals->namespace);
      else
        g_printerr ("No deployments.\n");
      return 0;
    }
  printf ("%-24s %-16s %-14s %-36s %-9s %-12s %-14s %s\n", "NAME", "NAMESPACE", "RUNTIME", "MODEL", "ENGINE",
          "PHASE", "REPLICAS", "AGE");
  for (guint i = 0; i < all->len; i++)
    {
      KfDeployment *d = g_ptr_array_index (all, i);
      const KfDeploymentStatus *st = kf_deployment_get_status (d);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *age = kf_deployment_format_age (d, now);

      printf ("%-24s %-16s %-14s %-36s %-9s %-12s %-14s %s\n", kf_deployment_get_name (d),
              kf_deployment_get_namespace (d), kf_deployment_get_provider_id (d),
              *kf_deployment_get_model (d) ? kf_deployment_get_model (d) : "-",
              st->engine == KF_ENGINE_UNKNOWN ? "-" : kf_engine_to_string (st->engine),
              kf_deployment_phase_to_string (st->phase), kf_deployment_get_replicas (d), *age ? age : "-");
    }
  return 0;
}
