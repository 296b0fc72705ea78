/* kf-cli-delete.c: `kubefoundry-cli delete NAME` (and KAITO's extra Service)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "kf-cli-delete.h"
#include "kf-cli-list.h"
#include "kf-cli-whoami.h"
#include "kf-deployment-actions.h"

int
kf_cli_delete (KfCliGlobals  *globals,
               int            argc,
               char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rest = kf_cli_parse_args (globals, argc, argv);
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(KfDeployment) d = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (rest == NULL)
    return 2;
  if (rest[0] == NULL || rest[1] != NULL)
    {
      g_printerr ("Usage: kubefoundry-cli delete NAME [--namespace NS]\n");
      return 2;
    }
  d = kf_cli_connect_and_find (globals, rest[0], &client, &error);
  if (d == NULL)
    return kf_cli_fail (error);
  kf_deployment_delete_async (client, kf_deployment_get_provider (d), kf_deployment_get_namespace (d),
                              kf_deployment_get_name (d), NULL, kf_cli_store_cb, &result);
  kf_cli_wait (&result);
  if (!kf_deployment_delete_finish (client, result, &error))
    return kf_cli_fail (error);
  if (globals->output != KF_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonNode) json = kf_cli_deployment_to_json (d);
      return kf_cli_print_structured (globals, json);
    }
  printf ("%s/%s deleted\n", kf_deployment_get_namespace (d), kf_deployment_get_name (d));
  return 0;
}
