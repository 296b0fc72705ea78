/* test-cli-find.c: how kubefoundry-cli finds a deployment by name
 *
 * Deployments of the three runtimes in several namespaces of the simulated
 * cluster; `describe` names them plainly, with --namespace and as
 * RUNTIME/NAME, and the errors say what to type instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-deployment-config.h"
#include "kf-kube-client.h"
#include "kf-kubeconfig.h"
#include "kf-provider-registry.h"
#include "kf-test-apiserver.h"
#include "kf-test-sim.h"

static KfTestSim *sim;
static KfKubeClient *client;

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
create (const KfKubeResource *resource,
        const char           *ns,
        JsonNode             *object,
        gboolean              may_exist)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;

  kf_kube_client_create_async (client, resource, ns, object, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  created = kf_kube_client_request_finish (client, result, &error);
  if (may_exist && g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_ALREADY_EXISTS))
    return;
  g_assert_no_error (error);
}

/* The runtime's manifests for a small deployment, created as the deploy wizard would. */
static void
deploy (const char *provider_id,
        const char *ns,
        const char *name)
{
  KfProvider *provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), provider_id);
  g_autoptr(KfDeploymentConfig) config = kf_deployment_config_new ();
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ns_json = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"}}", ns);
  g_autoptr(JsonNode) ns_node = kf_kube_parse_json (ns_json, strlen (ns_json), NULL);
  const KfCrdConfig *crd = kf_provider_get_crd_config (provider);
  KfKubeResource cr_resource = { crd->group, crd->version, crd->plural };

  g_free (config->name);
  config->name = g_strdup (name);
  g_free (config->namespace);
  config->namespace = g_strdup (ns);
  g_free (config->model_id);
  config->model_id = g_strdup ("Qwen/Qwen3-0.6B");
  config->gpus_per_replica = 1;
  if (g_str_equal (provider_id, "kaito"))
    config->kaito_source = KF_KAITO_SOURCE_VLLM;
  manifests = kf_provider_generate_manifests (provider, config, &error);
  g_assert_no_error (error);
  create (&kf_kube_resource_namespaces, NULL, ns_node, TRUE);
  for (guint i = 0; i < manifests->len; i++)
    {
      JsonNode *m = g_ptr_array_index (manifests, i);
      const char *kind = json_object_get_string_member (json_node_get_object (m), "kind");

      create (g_str_equal (kind, "Service") ? &kf_kube_resource_services : &cr_resource, ns, m, FALSE);
    }
}

/* Runs kubefoundry-cli on the sim's kubeconfig; returns its exit status,
 * *err its stderr. */
static int
cli (char       **err,
     const char  *first,
     ...) G_GNUC_NULL_TERMINATED;

static int
cli (char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  KfTestCliRun run;
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  kf_test_cli_runv (&run, sim->kubeconfig, (const char * const *) argv->pdata);
  *err = g_steal_pointer (&run.err);
  kf_test_cli_run_clear (&run);
  return run.status;
}

static void
test_find (void)
{
  g_autofree char *err = NULL;

  deploy ("dynamo", "team-a", "chat");
  deploy ("kuberay", "team-b", "chat");
  deploy ("kaito", "team-a", "summarize");

  /* a name in two namespaces: the user has to choose, and is told how */
  g_assert_cmpint (cli (&err, "describe", "chat", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "“chat” exists in several namespaces"));
  g_assert_nonnull (strstr (err, "dynamo/chat in team-a"));
  g_assert_nonnull (strstr (err, "kuberay/chat in team-b"));
  g_assert_nonnull (strstr (err, "--namespace"));
  g_clear_pointer (&err, g_free);

  /* … which either namespace, or the runtime, settles */
  g_assert_cmpint (cli (&err, "describe", "chat", "-n", "team-b", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (&err, "describe", "dynamo/chat", NULL), ==, 0);
  g_clear_pointer (&err, g_free);

  /* the wrong namespace: where it is instead */
  g_assert_cmpint (cli (&err, "describe", "summarize", "-n", "team-b", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no deployment “summarize” in namespace team-b; "
                                 "did you mean “summarize” in namespace team-a (--namespace team-a)?"));
  g_clear_pointer (&err, g_free);

  /* a typo: the similar name */
  g_assert_cmpint (cli (&err, "describe", "sumarize", "-n", "team-a", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no deployment “sumarize” in namespace team-a; did you mean “summarize”?"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (&err, "scale", "chta", "2", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no deployment “chta” in any namespace; did you mean “chat” in namespace"));
  g_clear_pointer (&err, g_free);

  /* nothing like it */
  g_assert_cmpint (cli (&err, "delete", "zzz-nothing", "-n", "team-a", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no deployment “zzz-nothing” in namespace team-a (see kubefoundry-cli list)"));
  g_clear_pointer (&err, g_free);

  /* one name, two runtimes, one namespace: RUNTIME/NAME picks one */
  deploy ("kaito", "team-a", "chat");
  g_assert_cmpint (cli (&err, "describe", "chat", "-n", "team-a", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "“chat” is a deployment of several runtimes"));
  g_assert_nonnull (strstr (err, "name one as RUNTIME/chat"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (&err, "describe", "kaito/chat", "-n", "team-a", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  /* logs finds it the same way */
  g_assert_cmpint (cli (&err, "-n", "team-a", "logs", "chat", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is a deployment of several runtimes"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("KF_CLI") == NULL)
    {
      g_print ("1..0 # SKIP KF_CLI is not set\n");
      return 0;
    }
  sim = kf_test_sim_new (NULL, 20.0, FALSE);
  {
    const char *paths[] = { sim->kubeconfig, NULL };
    g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new_for_paths (paths);
    g_autoptr(KfRestConfig) config = NULL;
    g_autoptr(GError) error = NULL;

    kf_kubeconfig_load (kubeconfig);
    config = kf_kubeconfig_build_rest_config (kubeconfig, "kubefoundry-sim", &error);
    g_assert_no_error (error);
    client = kf_kube_client_new (config);
  }
  g_test_add_func ("/k8s/cli/find-deployment", test_find);
  ret = g_test_run ();
  g_clear_object (&client);
  kf_test_sim_free (sim);
  return ret;
}
