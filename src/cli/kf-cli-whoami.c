/* kf-cli-whoami.c: `kubefoundry-cli whoami`: who the cluster says we are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kf-cli-whoami.h"
#include "kf-kube-identity.h"
#include "kf-kubeconfig.h"
#include "kf-yaml.h"

KfKubeClient *
kf_cli_connect (KfCliGlobals  *globals,
                GError       **error)
{
  g_autoptr(KfKubeconfig) kubeconfig = kf_kubeconfig_new ();
  g_autoptr(KfRestConfig) config = NULL;

  kf_kubeconfig_load (kubeconfig);
  config = kf_kubeconfig_build_rest_config (kubeconfig, globals->context, error);
  if (config == NULL)
    return NULL;
  return kf_kube_client_new (config);
}

void
kf_cli_store_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

void
kf_cli_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

int
kf_cli_print_structured (KfCliGlobals *globals,
                         JsonNode     *node)
{
  if (globals->output == KF_CLI_OUTPUT_YAML)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = kf_yaml_emit (node, &error);

      if (text == NULL)
        return kf_cli_fail (error);
      g_print ("%s", text);
    }
  else
    kf_cli_print_json (node);
  return 0;
}

static JsonNode *
identity_to_json (KfKubeIdentity *id,
                  KfKubeClient   *client)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  KfRestConfig *config = kf_kube_client_get_config (client);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, id->username);
  json_builder_set_member_name (b, "uid");
  if (id->uid != NULL)
    json_builder_add_string_value (b, id->uid);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint i = 0; id->groups[i] != NULL; i++)
    json_builder_add_string_value (b, id->groups[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, kf_kube_identity_source_to_string (id->source));
  json_builder_set_member_name (b, "context");
  if (kf_rest_config_get_context_name (config) != NULL)
    json_builder_add_string_value (b, kf_rest_config_get_context_name (config));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "server");
  json_builder_add_string_value (b, kf_rest_config_get_server (config));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

int
kf_cli_whoami (KfCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(KfKubeIdentity) id = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "--help"))
        {
          g_print ("Usage: kubefoundry-cli [--context NAME] [-o text|json|yaml] whoami\n\n"
                   "Asks the cluster who the context's credentials authenticate as\n"
                   "(SelfSubjectReview, else TokenReview, else the kubeconfig's user name).\n");
          return 0;
        }
      g_printerr ("kubefoundry-cli whoami: unexpected argument “%s”\n", argv[i]);
      return 2;
    }

  client = kf_cli_connect (globals, &error);
  if (client == NULL)
    return kf_cli_fail (error);
  kf_kube_client_whoami_async (client, NULL, kf_cli_store_cb, &result);
  kf_cli_wait (&result);
  id = kf_kube_client_whoami_finish (client, result, &error);
  if (id == NULL)
    return kf_cli_fail (error);

  if (globals->output != KF_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) node = identity_to_json (id, client);
      return kf_cli_print_structured (globals, node);
    }

  g_print ("%s\n", id->username);
  if (id->groups[0] != NULL)
    {
      g_autofree char *groups = g_strjoinv (", ", id->groups);
      g_print ("  groups: %s\n", groups);
    }
  if (id->source != KF_KUBE_IDENTITY_SELF_SUBJECT_REVIEW)
    g_print ("  (from %s)\n", id->source == KF_KUBE_IDENTITY_KUBECONFIG
                                ? "the kubeconfig: the cluster could not tell"
                                : kf_kube_identity_source_to_string (id->source));
  return 0;
}
