/* kf-cli-logs.c: `kubefoundry-cli logs NAME [-f] [--previous] [--container C]
 * [--tail N] [--timestamps] [--pod P]`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-cli-find.h"
#include "kf-cli-logs.h"
#include "kf-cli-whoami.h"
#include "kf-kube-error.h"
#include "kf-kube-log-stream.h"
#include "kf-provider-registry.h"

char *
kf_cli_pod_selector (KfProvider *provider,
                     const char *name)
{
  const char *id = kf_provider_get_id (provider);

  /* the operators' pod labels (docs/simulated-operators.md mirrors them) */
  if (g_str_equal (id, "dynamo"))
    return g_strdup_printf ("nvidia.com/dynamo-graph-deployment-name=%s", name);
  if (g_str_equal (id, "kuberay"))
    return g_strdup_printf ("ray.io/originated-from-cr-name=%s", name);
  return g_strdup_printf ("kaito.sh/workspace=%s", name);
}

/* The first pod of the deployment, preferring an inference worker (not a
 * frontend or Ray head) when there are several. */
static char *
first_pod (KfKubeClient *client,
           const char   *ns,
           KfProvider   *provider,
           const char   *name,
           GError      **error)
{
  g_autofree char *selector = kf_cli_pod_selector (provider, name);
  KfKubeListOptions opts = { 0 };
  GAsyncResult *r = NULL;
  g_autoptr(JsonNode) list = NULL;
  JsonArray *items;
  const char *best = NULL;

  opts.label_selector = selector;
  kf_kube_client_list_async (client, &kf_kube_resource_pods, ns, &opts, NULL, kf_cli_store_cb, &r);
  kf_cli_wait (&r);
  list = kf_kube_client_request_finish (client, r, error);
  g_object_unref (r);
  if (list == NULL)
    return NULL;
  items = json_object_get_array_member (json_node_get_object (list), "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *pod = json_array_get_object_element (items, i);
      JsonObject *meta = json_object_get_object_member (pod, "metadata");
      JsonObject *labels = json_object_get_object_member (meta, "labels");
      const char *pname = json_object_get_string_member (meta, "name");
      const char *type = labels ? json_object_get_string_member_with_default (labels, "nvidia.com/dynamo-component-type", NULL) : NULL;
      const char *node_type = labels ? json_object_get_string_member_with_default (labels, "ray.io/node-type", NULL) : NULL;
      gboolean worker = g_strcmp0 (type, "frontend") != 0 && g_strcmp0 (node_type, "head") != 0;

      if (worker)
        {
          best = pname;
          break;
        }
      if (best == NULL)
        best = pname;
    }
  if (best == NULL)
    {
      g_set_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND,
                   "deployment “%s” has no pods yet (selector %s)", name, selector);
      return NULL;
    }
  return g_strdup (best);
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} LogRun;

static void
line_cb (KfKubeLogStream *stream,
         const char      *line,
         const char      *timestamp,
         LogRun          *run)
{
  fputs (line, stdout);
  fputc ('\n', stdout);
}

static void
drop_cb (KfKubeLogStream *stream,
         GError          *error,
         LogRun          *run)
{
  fflush (stdout);
  g_printerr ("kubefoundry-cli logs: the stream dropped (%s); reconnecting\n", error->message);
}

static void
finished_cb (KfKubeLogStream *stream,
             GError          *error,
             LogRun          *run)
{
  if (error != NULL)
    run->error = g_error_copy (error);
  g_main_loop_quit (run->loop);
}

int
kf_cli_logs (KfCliGlobals  *globals,
             int            argc,
             char         **argv)
{
  gboolean follow = FALSE, previous = FALSE, timestamps = FALSE;
  g_autofree char *container = NULL;
  g_autofree char *pod = NULL;
  gint64 tail = -1;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("NAME");
  GOptionEntry entries[] = {
    { "follow", 'f', 0, G_OPTION_ARG_NONE, &follow, "Stream new lines as they are written", NULL },
    { "previous", 'p', 0, G_OPTION_ARG_NONE, &previous, "The previous (crashed) container's log", NULL },
    { "container", 'c', 0, G_OPTION_ARG_STRING, &container, "The container (default: the pod's first)", "C" },
    { "tail", 0, 0, G_OPTION_ARG_INT64, &tail, "Only the last N lines", "N" },
    { "timestamps", 0, 0, G_OPTION_ARG_NONE, &timestamps, "Each line's RFC 3339 timestamp in front", NULL },
    { "pod", 0, 0, G_OPTION_ARG_STRING, &pod, "This pod of the deployment instead of the first", "P" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(KfDeployment) deployment = NULL;
  g_autoptr(KfKubeLogStream) stream = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  KfKubeLogOptions opts = KF_KUBE_LOG_OPTIONS_INIT;
  KfProvider *provider = NULL;
  const char *ns = globals->namespace ? globals->namespace : "default";
  LogRun run = { 0 };

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, "Prints (or follows) the log of a deployment's first pod.");
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("kubefoundry-cli logs: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("Usage: kubefoundry-cli [-n NAMESPACE] logs NAME [-f] [--previous] [--container C] [--tail N] [--timestamps] [--pod P]\n");
      return 2;
    }

  client = kf_cli_connect (globals, &error);
  if (client == NULL)
    return kf_cli_fail (error);
  deployment = kf_cli_find_deployment (client, ns, argv[1], &error);
  if (deployment == NULL)
    return kf_cli_fail (error);
  provider = kf_deployment_get_provider (deployment);
  if (pod == NULL && (pod = first_pod (client, ns, provider, kf_deployment_get_name (deployment), &error)) == NULL)
    return kf_cli_fail (error);

  opts.container = container;
  opts.follow = follow;
  opts.previous = previous;
  opts.timestamps = timestamps;
  opts.tail_lines = tail;
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  stream = kf_kube_log_stream_new (client, ns, pod, &opts);
  g_signal_connect (stream, "line", G_CALLBACK (line_cb), &run);
  g_signal_connect (stream, "error", G_CALLBACK (drop_cb), &run);
  g_signal_connect (stream, "finished", G_CALLBACK (finished_cb), &run);
  kf_kube_log_stream_start (stream);
  g_main_loop_run (loop);
  fflush (stdout);
  if (run.error != NULL)
    {
      int status;
      const KfKubeStatus *st = kf_kube_error_get_status (run.error);
      if (st != NULL && st->message != NULL)
        g_printerr ("kubefoundry-cli: %s\n", st->message), status = 1;
      else
        status = kf_cli_fail (run.error);
      g_error_free (run.error);
      return status;
    }
  return 0;
}
