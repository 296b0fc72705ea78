/* kf-cli-status.c: `kubefoundry-cli status`: server version, identity and
 * which runtimes' CRDs the cluster has
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kf-cli-status.h"
#include "kf-cli-whoami.h"
#include "kf-kube-identity.h"

static const struct
{
  const char *runtime;
  const char *label;
  const char *crd;
} runtimes[] = {
  { "dynamo", "NVIDIA Dynamo", "dynamographdeployments.nvidia.com" },
  { "kuberay", "KubeRay", "rayservices.ray.io" },
  { "kaito", "KAITO", "workspaces.kaito.sh" },
};

typedef struct
{
  GAsyncResult *version;
  GAsyncResult *whoami;
  GAsyncResult *crds[G_N_ELEMENTS (runtimes)];
} Results;

static gboolean
all_done (Results *r)
{
  if (r->version == NULL || r->whoami == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (runtimes); i++)
    if (r->crds[i] == NULL)
      return FALSE;
  return TRUE;
}

int
kf_cli_status (KfCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) id_error = NULL;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(KfKubeIdentity) id = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *git_version = NULL;
  KfRestConfig *config;
  Results r = { 0 };
  int status = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "--help"))
        {
          g_print ("Usage: kubefoundry-cli [--context NAME] [-o text|json|yaml] status\n\n"
                   "Shows the cluster's version, who you are on it, and which inference\n"
                   "runtimes (NVIDIA Dynamo, KubeRay, KAITO) have their CRDs installed.\n");
          return 0;
        }
      g_printerr ("kubefoundry-cli status: unexpected argument “%s”\n", argv[i]);
      return 2;
    }

  client = kf_cli_connect (globals, &error);
  if (client == NULL)
    return kf_cli_fail (error);
  config = kf_kube_client_get_config (client);

  /* everything at once */
  kf_kube_client_get_version_async (client, NULL, kf_cli_store_cb, &r.version);
  kf_kube_client_whoami_async (client, NULL, kf_cli_store_cb, &r.whoami);
  for (guint i = 0; i < G_N_ELEMENTS (runtimes); i++)
    kf_kube_client_get_async (client, &kf_kube_resource_crds, NULL, runtimes[i].crd, NULL, kf_cli_store_cb, &r.crds[i]);
  while (!all_done (&r))
    g_main_context_iteration (NULL, TRUE);

  version = kf_kube_client_request_finish (client, r.version, &error);
  if (version == NULL)
    {
      /* not reachable, TLS, unauthorized: nothing else is worth showing */
      status = kf_cli_fail (error);
      goto out;
    }
  git_version = json_object_get_string_member_with_default (json_node_get_object (version), "gitVersion", NULL);
  id = kf_kube_client_whoami_finish (client, r.whoami, &id_error);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "context");
  if (kf_rest_config_get_context_name (config) != NULL)
    json_builder_add_string_value (b, kf_rest_config_get_context_name (config));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "server");
  json_builder_add_string_value (b, kf_rest_config_get_server (config));
  json_builder_set_member_name (b, "version");
  json_builder_add_value (b, json_node_ref (version));
  json_builder_set_member_name (b, "user");
  if (id != NULL)
    json_builder_add_string_value (b, id->username);
  else
    json_builder_add_null_value (b);
  if (id_error != NULL)
    {
      json_builder_set_member_name (b, "userError");
      json_builder_add_string_value (b, id_error->message);
    }
  json_builder_set_member_name (b, "insecureSkipTLSVerify");
  json_builder_add_boolean_value (b, kf_rest_config_get_insecure (config));
  json_builder_set_member_name (b, "runtimes");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (runtimes); i++)
    {
      g_autoptr(GError) crd_error = NULL;
      g_autoptr(JsonNode) crd = kf_kube_client_request_finish (client, r.crds[i], &crd_error);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, runtimes[i].runtime);
      json_builder_set_member_name (b, "crd");
      json_builder_add_string_value (b, runtimes[i].crd);
      json_builder_set_member_name (b, "installed");
      json_builder_add_boolean_value (b, crd != NULL);
      if (crd_error != NULL && !g_error_matches (crd_error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND))
        {
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, crd_error->message);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);

  if (globals->output != KF_CLI_OUTPUT_TEXT)
    {
      status = kf_cli_print_structured (globals, root);
      goto out;
    }

  {
    JsonArray *rts = json_object_get_array_member (json_node_get_object (root), "runtimes");

    g_print ("Context:   %s\n", kf_rest_config_get_context_name (config) ? kf_rest_config_get_context_name (config) : "(none)");
    g_print ("Server:    %s (Kubernetes %s)%s\n", kf_rest_config_get_server (config), git_version ? git_version : "?",
             kf_rest_config_get_insecure (config) ? " — TLS verification is OFF" : "");
    if (id != NULL)
      g_print ("User:      %s%s\n", id->username,
               id->source == KF_KUBE_IDENTITY_KUBECONFIG ? " (per the kubeconfig)" : "");
    else
      g_print ("User:      unknown (%s)\n", id_error->message);
    g_print ("Runtimes:\n");
    for (guint i = 0; i < json_array_get_length (rts); i++)
      {
        JsonObject *o = json_array_get_object_element (rts, i);
        const char *err = json_object_get_string_member_with_default (o, "error", NULL);

        g_print ("  %-14s %-10s %s%s%s\n", runtimes[i].label,
                 json_object_get_boolean_member (o, "installed") ? "installed" : (err ? "unknown" : "missing"),
                 runtimes[i].crd, err ? ": " : "", err ? err : "");
      }
  }

out:
  g_clear_object (&r.version);
  g_clear_object (&r.whoami);
  for (guint i = 0; i < G_N_ELEMENTS (runtimes); i++)
    g_clear_object (&r.crds[i]);
  return status;
}
