/* kf-cli-scale.c: `kubefoundry-cli scale NAME N`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "kf-cli-list.h"
#include "kf-cli-scale.h"
#include "kf-cli-whoami.h"
#include "kf-deployment-actions.h"

int
kf_cli_scale (KfCliGlobals  *globals,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rest = kf_cli_parse_args (globals, argc, argv);
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(KfDeployment) d = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) updated = NULL;
  guint64 replicas = 0;

  if (rest == NULL)
    return 2;
  if (rest[0] == NULL || rest[1] == NULL || rest[2] != NULL)
    {
      g_printerr ("Usage: kubefoundry-cli scale NAME REPLICAS [--namespace NS]\n");
      return 2;
    }
  if (!g_ascii_string_to_unsigned (rest[1], 10, 0, KF_MAX_REPLICAS, &replicas, &error))
    {
      g_printerr ("kubefoundry-cli: replicas “%s”: give a number from 0 to %d\n", rest[1], KF_MAX_REPLICAS);
      return 2;
    }
  d = kf_cli_connect_and_find (globals, rest[0], &client, &error);
  if (d == NULL)
    return kf_cli_fail (error);
  kf_deployment_scale_async (client, kf_deployment_get_provider (d), kf_deployment_get_json (d), (guint) replicas,
                             NULL, kf_cli_store_cb, &result);
  kf_cli_wait (&result);
  updated = kf_deployment_scale_finish (client, result, &error);
  if (updated == NULL)
    return kf_cli_fail (error);
  if (globals->output != KF_CLI_OUTPUT_TEXT)
    {
      g_autoptr(KfKubeObject) obj = kf_kube_object_new (updated);
      g_autoptr(KfDeployment) after = obj ? kf_deployment_new (kf_deployment_get_provider (d), obj) : NULL;
      g_autoptr(JsonNode) json = after ? kf_cli_deployment_to_json (after) : NULL;

      return json ? kf_cli_print_structured (globals, json) : 0;
    }
  printf ("%s/%s scaled to %" G_GUINT64_FORMAT " replicas\n", kf_deployment_get_namespace (d),
          kf_deployment_get_name (d), replicas);
  return 0;
}
