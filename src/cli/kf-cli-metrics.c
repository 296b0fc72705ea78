/* kf-cli-metrics.c: `kubefoundry-cli metrics NAME [--interval S]`: two
 * scrapes of the /metrics of every ready pod behind the deployment's metrics
 * Service, through the API server's pod proxy (the service proxy when pods
 * cannot be proxied), a few seconds apart, for per-pod rates and windowed
 * latencies aggregated as the app's Metrics tab does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "kf-cli-logs.h"
#include "kf-cli-metrics.h"
#include "kf-cli-whoami.h"
#include "kf-inference-metrics.h"
#include "kf-kube-error.h"
#include "kf-metrics-scrape.h"
#include "kf-prom-parser.h"

static KfMetricsScrapeResult *
scrape (KfKubeClient *client,
        const char   *ns,
        const char   *service,
        guint         port,
        const char   *path,
        GError      **error)
{
  g_autofree char *port_s = g_strdup_printf ("%u", port);
  GAsyncResult *r = NULL;
  KfMetricsScrapeResult *result;

  kf_metrics_scrape_async (client, ns, service, port_s, path, NULL, kf_cli_store_cb, &r);
  kf_cli_wait (&r);
  result = kf_metrics_scrape_finish (client, r, error);
  g_object_unref (r);
  return result;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
add (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  if (isnan (v) || isinf (v))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, v);
}

static void
row (const char *label, double v, double scale, const char *unit)
{
  if (isnan (v))
    printf ("%-28s %s\n", label, "—");
  else
    printf ("%-28s %.2f%s\n", label, v * scale, unit);
}

int
kf_cli_metrics (KfCliGlobals  *globals,
                int            argc,
                char         **argv)
{
  int interval = 5;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("NAME");
  GOptionEntry entries[] = {
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval, "Seconds between the two scrapes (default 5)", "S" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(JsonNode) cr = NULL;
  g_autoptr(KfMetricsScrapeResult) first = NULL;
  g_autoptr(KfMetricsScrapeResult) second = NULL;
  const char *note = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *service = NULL;
  KfInferenceMetrics m;
  KfProvider *provider = NULL;
  const char *path = "/metrics";
  const char *ns = globals->namespace ? globals->namespace : "default";
  guint port = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_summary (ctx, "Scrapes the serving metrics of each of a deployment's pods twice and prints "
                                     "them, summed over the pods.");
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("kubefoundry-cli metrics: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || interval < 1 || interval > 600)
    {
      g_printerr ("Usage: kubefoundry-cli [-n NAMESPACE] [-o json] metrics NAME [--interval S]\n");
      return 2;
    }

  client = kf_cli_connect (globals, &error);
  if (client == NULL)
    return kf_cli_fail (error);
  cr = kf_cli_find_deployment_cr (client, ns, argv[1], &provider, &error);
  if (cr == NULL)
    return kf_cli_fail (error);
  service = kf_provider_get_metrics_service (provider, argv[1], &port, &path);

  first = scrape (client, ns, service, port, path, &error);
  if (first == NULL)
    {
      g_prefix_error (&error, "scraping %s/%s:%u%s: ", ns, service, port, path);
      return kf_cli_fail (error);
    }
  loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add_seconds (interval, quit_cb, loop);
  g_main_loop_run (loop);
  second = scrape (client, ns, service, port, path, &error);
  if (second == NULL)
    {
      g_prefix_error (&error, "scraping %s/%s:%u%s: ", ns, service, port, path);
      return kf_cli_fail (error);
    }
  kf_inference_metrics_compute ((KfPromScrape * const *) second->scrapes->pdata, second->scrapes->len,
                                (KfPromScrape * const *) first->scrapes->pdata, first->scrapes->len, &m);
  if (second->fallback_reason != NULL)
    note = second->fallback_reason;
  else if (second->failure != NULL)
    note = second->failure;

  if (globals->output != KF_CLI_OUTPUT_TEXT)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, argv[1]);
      json_builder_set_member_name (b, "namespace");
      json_builder_add_string_value (b, ns);
      json_builder_set_member_name (b, "source");
      {
        g_autofree char *src = g_strdup_printf ("services/%s:%u/proxy%s", service, port, path);
        json_builder_add_string_value (b, src);
      }
      json_builder_set_member_name (b, "scrapedThrough");
      json_builder_add_string_value (b, second->mode == KF_METRICS_SCRAPE_PODS ? "pods" : "service");
      json_builder_set_member_name (b, "pods");
      json_builder_begin_array (b);
      for (guint i = 0; i < second->pods->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (second->pods, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "readyPods");
      json_builder_add_int_value (b, second->n_ready);
      json_builder_set_member_name (b, "note");
      if (note != NULL)
        json_builder_add_string_value (b, note);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "engine");
      json_builder_add_string_value (b, kf_inference_engine_to_string (m.engine));
      add (b, "windowSeconds", m.window_seconds);
      add (b, "requestsRunning", m.requests_running);
      add (b, "requestsWaiting", m.requests_waiting);
      add (b, "requestsPerSecond", m.requests_per_second);
      add (b, "promptTokensPerSecond", m.prompt_tokens_per_second);
      add (b, "generationTokensPerSecond", m.generation_tokens_per_second);
      add (b, "ttftP50Seconds", m.ttft_p50);
      add (b, "ttftP90Seconds", m.ttft_p90);
      add (b, "ttftP99Seconds", m.ttft_p99);
      add (b, "itlP50Seconds", m.itl_p50);
      add (b, "itlP90Seconds", m.itl_p90);
      add (b, "itlP99Seconds", m.itl_p99);
      add (b, "kvCacheUsage", m.kv_cache_usage);
      add (b, "kvCacheUsageMax", m.kv_cache_usage_max);
      add (b, "prefixCacheHitRate", m.prefix_cache_hit_rate);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      return kf_cli_print_structured (globals, root);
    }

  if (second->mode == KF_METRICS_SCRAPE_PODS)
    printf ("%s/%s: %u of %u ready pod%s behind services/%s:%u, each through pods/NAME:PORT/proxy%s, %s, over %.1f s\n",
            ns, argv[1], second->pods->len, second->n_ready, second->n_ready == 1 ? "" : "s", service, port, path,
            kf_inference_engine_to_string (m.engine), m.window_seconds);
  else
    printf ("%s/%s: services/%s:%u/proxy%s, %s, over %.1f s\n", ns, argv[1], service, port, path,
            kf_inference_engine_to_string (m.engine), m.window_seconds);
  if (note != NULL)
    printf ("note: %s\n", note);
  row ("requests running", m.requests_running, 1, "");
  row ("requests waiting", m.requests_waiting, 1, "");
  row ("requests/s", m.requests_per_second, 1, "");
  row ("prompt tokens/s", m.prompt_tokens_per_second, 1, "");
  row ("generation tokens/s", m.generation_tokens_per_second, 1, "");
  row ("time to first token p50", m.ttft_p50, 1000, " ms");
  row ("time to first token p99", m.ttft_p99, 1000, " ms");
  row ("inter-token latency p50", m.itl_p50, 1000, " ms");
  row ("inter-token latency p99", m.itl_p99, 1000, " ms");
  row ("KV-cache usage", m.kv_cache_usage, 100, " %");
  if (m.n_sources > 1)
    row ("KV-cache usage (fullest pod)", m.kv_cache_usage_max, 100, " %");
  row ("prefix-cache hit rate", m.prefix_cache_hit_rate, 100, " %");
  return 0;
}
