/* bench-sim-list.c: 10,000 custom resources listed in pages of 500 over HTTPS
 *
 * Prints requests/s and bytes/s of the simulated API server, next to two
 * references measured in the same run: reading the same number of bytes from
 * memory, and kubectl listing the same resources (when installed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-sim-json.h"
#include "kf-test-sim.h"
#include "kf-yaml.h"

#define N_OBJECTS 10000
#define PAGE      500

int
main (int argc, char **argv)
{
  g_autoptr(KfTestSim) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("KF_FIXTURES_DIR"), "examples", "dynamo", "v1beta1", "vllm-agg.yaml", NULL);
  g_autoptr(JsonNode) example = kf_yaml_parse_file (path, &error);
  KfSimStore *store;
  g_autofree char *cont = NULL;
  guint requests = 0, items = 0;
  guint64 bytes = 0, checksum = 0;
  gint64 start, elapsed;
  double seconds, mem_seconds;
  g_autofree guint8 *buffer = NULL;

  if (example == NULL)
    {
      fprintf (stderr, "cannot read %s: %s\n", path, error->message);
      return 1;
    }
  /* the API server's list path alone: with the simulated operators on, 10,000
   * deployments would also mean tens of thousands of pods being scheduled and
   * started on the same main loop, measured along with the lists */
  sim = kf_test_sim_new_api_only ();
  store = kf_sim_server_get_store (sim->server);
  for (guint i = 0; i < N_OBJECTS; i++)
    {
      g_autoptr(JsonNode) obj = kf_sim_json_copy (example);
      g_autofree char *name = g_strdup_printf ("vllm-agg-%05u", i);
      g_autofree char *ns = g_strdup_printf ("team-%02u", i % 10);
      g_autoptr(JsonNode) created = NULL;

      json_object_set_string_member (kf_sim_json_ensure_object (obj, "metadata"), "name", name);
      created = kf_sim_store_create (store, "dynamographdeployments.nvidia.com", ns, obj, &error);
      g_assert_no_error (error);
    }

  start = g_get_monotonic_time ();
  do
    {
      g_autofree char *url = cont ? g_strdup_printf ("/apis/nvidia.com/v1beta1/dynamographdeployments?limit=%d&continue=%s", PAGE, cont)
                                  : g_strdup_printf ("/apis/nvidia.com/v1beta1/dynamographdeployments?limit=%d", PAGE);
      g_autofree char *raw = NULL;
      guint status = 0;
      g_autoptr(JsonNode) page = kf_test_sim_request_full (sim, "admin", "GET", url, NULL, NULL, &status, &raw, NULL);
      const char *next;

      g_assert_cmpuint (status, ==, 200);
      requests++;
      bytes += strlen (raw);
      items += json_array_get_length (json_node_get_array (kf_sim_json_lookup (page, "items")));
      next = kf_sim_json_get_string (page, "metadata.continue");
      g_free (cont);
      cont = next ? g_uri_escape_string (next, NULL, TRUE) : NULL;
    }
  while (cont != NULL);
  elapsed = g_get_monotonic_time () - start;
  seconds = elapsed / (double) G_USEC_PER_SEC;
  g_assert_cmpuint (items, ==, N_OBJECTS);

  /* reference 1: reading as many bytes from memory */
  buffer = g_malloc (bytes);
  memset (buffer, 0x5a, bytes);
  start = g_get_monotonic_time ();
  for (guint64 i = 0; i < bytes; i += 8)
    {
      guint64 word;
      memcpy (&word, buffer + i, MIN (8, bytes - i));
      checksum += word;
    }
  mem_seconds = MAX ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, 1e-9);

  printf ("simulated API server, %u DynamoGraphDeployments in pages of %d over HTTPS (in-process SoupSession):\n",
          N_OBJECTS, PAGE);
  printf ("  %u requests, %.1f MB in %.3f s: %.1f requests/s, %.1f MB/s, %.0f objects/s\n",
          requests, bytes / 1e6, seconds, requests / seconds, bytes / 1e6 / seconds, items / seconds);
  printf ("reference, plain read of the same %.1f MB from memory: %.4f s, %.0f MB/s (checksum %" G_GUINT64_FORMAT ")\n",
          bytes / 1e6, mem_seconds, bytes / 1e6 / mem_seconds, checksum & 0xff);

  /* reference 2: kubectl listing the same objects from the same server */
  if (kf_test_sim_kubectl_path () != NULL)
    {
      g_autofree char *out = NULL, *err = NULL;
      int rc;

      start = g_get_monotonic_time ();
      rc = kf_test_sim_kubectl (sim, NULL, &out, &err, "get", "dynamographdeployments.nvidia.com", "-A",
                                "--chunk-size=500", "-o", "json", NULL);
      elapsed = g_get_monotonic_time () - start;
      if (rc == 0)
        printf ("reference, kubectl get -A --chunk-size=500 -o json on the same server: %.3f s "
                "(%.1f MB of output, includes kubectl's start-up and discovery)\n",
                elapsed / (double) G_USEC_PER_SEC, strlen (out) / 1e6);
      else
        printf ("reference, kubectl failed: %s\n", err);
    }
  else
    printf ("reference, kubectl: not installed\n");
  fflush (stdout);
  return 0;
}
