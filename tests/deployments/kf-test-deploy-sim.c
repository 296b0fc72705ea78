/* kf-test-sim.c: the simulated cluster in-process, and a client for it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kf-kubeconfig.h"
#include "kf-provider-registry.h"
#include "kf-test-deploy-sim.h"

KfDeploySim *
kf_deploy_sim_start (double      speed,
                   const char *failing_model,
                   int         failure)
{
  KfDeploySim *ts = g_new0 (KfDeploySim, 1);
  g_autoptr(GError) error = NULL;
  KfSimScenario *scenario = kf_sim_scenario_new_builtin ();
  g_autoptr(KfKubeconfig) kc = NULL;
  g_autoptr(KfRestConfig) config = NULL;
  const char *paths[2] = { NULL, NULL };

  if (failing_model != NULL)
    g_hash_table_insert (scenario->failing_models, g_strdup (failing_model), GINT_TO_POINTER (failure));
  ts->sim = kf_sim_server_new (scenario, speed, FALSE);
  g_assert_true (kf_sim_server_start (ts->sim, 0, &error));
  g_assert_no_error (error);
  ts->kubeconfig_path = kf_sim_server_write_kubeconfig (ts->sim, NULL, &error);
  g_assert_no_error (error);
  paths[0] = ts->kubeconfig_path;
  kc = kf_kubeconfig_new_for_paths (paths);
  kf_kubeconfig_load (kc);
  config = kf_kubeconfig_build_rest_config (kc, "kubefoundry-sim", &error);
  g_assert_no_error (error);
  ts->client = kf_kube_client_new (config);
  return ts;
}

void
kf_deploy_sim_free (KfDeploySim *ts)
{
  if (ts == NULL)
    return;
  kf_kube_client_cancel_all (ts->client);
  kf_deploy_sim_spin (50);
  g_clear_object (&ts->client);
  kf_sim_server_stop (ts->sim);
  g_clear_object (&ts->sim);
  if (ts->kubeconfig_path)
    g_unlink (ts->kubeconfig_path);
  g_free (ts->kubeconfig_path);
  g_free (ts);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

JsonNode *
kf_deploy_sim_request (KfDeploySim   *ts,
                     const char  *method,
                     const char  *path,
                     const char  *content_type,
                     JsonNode    *body,
                     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kf_kube_client_request_async (ts->client, method, path, content_type, body, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kf_kube_client_request_finish (ts->client, result, error);
}

JsonNode *
kf_deploy_sim_create (KfDeploySim            *ts,
                    const KfKubeResource *resource,
                    const char           *ns,
                    JsonNode             *object)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *created;

  kf_kube_client_create_async (ts->client, resource, ns, object, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  created = kf_kube_client_request_finish (ts->client, result, &error);
  g_assert_no_error (error);
  return created;
}

JsonNode *
kf_deploy_sim_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kf_kube_parse_json (text, strlen (text), &error);

  g_assert_no_error (error);
  return node;
}

static void
ensure_namespace (KfDeploySim  *ts,
                  const char *ns)
{
  g_autofree char *text = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"}}", ns);
  g_autoptr(JsonNode) body = kf_deploy_sim_json (text);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;

  kf_kube_client_create_async (ts->client, &kf_kube_resource_namespaces, NULL, body, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  created = kf_kube_client_request_finish (ts->client, result, &error);
  if (error != NULL)
    g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_ALREADY_EXISTS);
}

JsonNode *
kf_deploy_sim_deploy (KfDeploySim  *ts,
                    const char *provider_id,
                    const char *ns,
                    const char *name,
                    const char *model_id,
                    guint       gpus)
{
  KfProvider *provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), provider_id);
  g_autoptr(KfDeploymentConfig) config = kf_deployment_config_new ();
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *cr = NULL;

  g_assert_nonnull (provider);
  g_free (config->name);
  config->name = g_strdup (name);
  g_free (config->namespace);
  config->namespace = g_strdup (ns);
  g_free (config->model_id);
  config->model_id = g_strdup (model_id);
  config->gpus_per_replica = gpus;
  if (g_str_equal (provider_id, "kaito"))
    config->kaito_source = KF_KAITO_SOURCE_VLLM;
  manifests = kf_provider_generate_manifests (provider, config, &error);
  g_assert_no_error (error);
  ensure_namespace (ts, ns);
  for (guint i = 0; i < manifests->len; i++)
    {
      JsonNode *m = g_ptr_array_index (manifests, i);
      const char *kind = json_object_get_string_member (json_node_get_object (m), "kind");
      KfKubeResource resource = { NULL, NULL, NULL };
      JsonNode *created;

      if (g_str_equal (kind, "Service"))
        resource = kf_kube_resource_services;
      else
        {
          const KfCrdConfig *crd = kf_provider_get_crd_config (provider);
          resource.group = crd->group;
          resource.version = crd->version;
          resource.plural = crd->plural;
        }
      created = kf_deploy_sim_create (ts, &resource, ns, m);
      if (i == 0)
        cr = created;
      else
        json_node_unref (created);
    }
  return cr;
}

gboolean
kf_deploy_sim_wait_for (KfDeploySimPredicate pred,
              gpointer        data,
              guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!pred (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

void
kf_deploy_sim_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}
