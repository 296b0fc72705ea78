/* bench-prom-parser.c: parsing throughput of kf_prom_scrape_parse() against
 * prometheus_client's text parser (Debian's /usr/bin/python3) on the same
 * bytes, measured in the same run, with a plain read of the bytes as a floor.
 *
 * The input: the real scrapes in ../shared/fixtures/prometheus (vLLM,
 * llama.cpp, prometheus/common's text, Prometheus' 237-family scrape),
 * replicated with a per-copy name prefix (so that HELP/TYPE stay unique)
 * until it is a few MB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "kf-prom-parser.h"

#define TARGET_BYTES (4 * 1024 * 1024)
#define RUNS 7

static const char *files[] = {
  "vllm-metrics-opt-125m.prom",
  "llamacpp-server-metrics.prom",
  "prometheus-common-expfmt-text.prom",
  "prometheus-textparse-alltypes-237mfs.prom",
};

static const char python_script[] =
  "import sys, time\n"
  "from prometheus_client.parser import text_string_to_metric_families\n"
  "data = open(sys.argv[1], encoding='utf-8').read()\n"
  "best = None\n"
  "for _ in range(int(sys.argv[2])):\n"
  "    t = time.perf_counter()\n"
  "    fams = list(text_string_to_metric_families(data))\n"
  "    d = time.perf_counter() - t\n"
  "    best = d if best is None or d < best else best\n"
  "print(best, len(fams), sum(len(f.samples) for f in fams))\n";

/* Appends @text with every metric name prefixed by @prefix. */
static void
append_prefixed (GString    *out,
                 const char *text,
                 const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (*l == '\0' || g_str_has_prefix (l, "# EOF"))
        continue;
      if (g_str_has_prefix (l, "# HELP ") || g_str_has_prefix (l, "# TYPE "))
        g_string_append_printf (out, "%.7s%s%s\n", l, prefix, l + 7);
      else if (*l == '#')
        g_string_append_printf (out, "%s\n", l);
      else
        g_string_append_printf (out, "%s%s\n", prefix, l);
    }
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = g_getenv ("KF_FIXTURES_DIR");
  g_autoptr(GString) input = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  double best_c = G_MAXDOUBLE, best_read = G_MAXDOUBLE, best_scan = G_MAXDOUBLE;
  double mb, py_seconds = 0;
  guint families = 0, samples = 0, py_families = 0, py_samples = 0;
  gsize lines = 0;
  int fd;

  if (dir == NULL)
    {
      g_printerr ("KF_FIXTURES_DIR is not set\n");
      return 1;
    }

  for (guint copy = 0; input->len < TARGET_BYTES; copy++)
    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *file = g_build_filename (dir, "prometheus", files[i], NULL);
        g_autofree char *data = NULL;
        g_autofree char *prefix = g_strdup_printf ("r%u_f%u_", copy, i);

        if (!g_file_get_contents (file, &data, NULL, &error))
          {
            g_printerr ("%s\n", error->message);
            return 1;
          }
        append_prefixed (input, data, prefix);
      }
  mb = input->len / (1024.0 * 1024.0);

  fd = g_file_open_tmp ("kf-bench-prom-XXXXXX.prom", &path, &error);
  if (fd < 0 || !g_file_set_contents (path, input->str, input->len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_close (fd, NULL);

  for (int run = 0; run < RUNS; run++)
    {
      gint64 t0;
      g_autofree char *bytes = NULL;
      gsize len;
      KfPromScrape *s;
      const char *p, *end;

      /* floor 1: read the file */
      t0 = g_get_monotonic_time ();
      if (!g_file_get_contents (path, &bytes, &len, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      best_read = MIN (best_read, seconds_since (t0));

      /* floor 2: one pass over the bytes (count lines) */
      t0 = g_get_monotonic_time ();
      lines = 0;
      for (p = bytes, end = bytes + len; (p = memchr (p, '\n', end - p)) != NULL; p++)
        lines++;
      best_scan = MIN (best_scan, seconds_since (t0));

      t0 = g_get_monotonic_time ();
      s = kf_prom_scrape_parse (bytes, len, KF_PROM_PARSE_DEFAULT, &error);
      best_c = MIN (best_c, seconds_since (t0));
      if (s == NULL)
        {
          g_printerr ("parse failed: %s\n", error->message);
          return 1;
        }
      families = kf_prom_scrape_get_n_families (s);
      samples = kf_prom_scrape_get_n_samples (s);
      kf_prom_scrape_unref (s);
    }

  /* the reference, on the same file, timed inside Python (best of RUNS) */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *runs = g_strdup_printf ("%d", RUNS);
    const char *py_argv[] = { "/usr/bin/python3", "-c", python_script, path, runs, NULL };
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) py_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error) ||
        !g_spawn_check_wait_status (status, NULL) ||
        sscanf (out, "%lf %u %u", &py_seconds, &py_families, &py_samples) != 3)
      {
        g_print ("python3 prometheus_client reference unavailable: %s%s\n",
                 error ? error->message : "", err ? err : "");
        py_seconds = 0;
      }
  }
  g_unlink (path);

  g_print ("input: %.2f MB, %" G_GSIZE_FORMAT " lines; kf: %u families, %u samples", mb, lines, families, samples);
  if (py_seconds > 0)
    g_print ("; prometheus_client: %u families, %u samples", py_families, py_samples);
  g_print ("\n");
  g_print ("%-34s %10s %10s\n", "", "MB/s", "ms");
  g_print ("%-34s %10.1f %10.2f\n", "read file (floor)", mb / best_read, best_read * 1000);
  g_print ("%-34s %10.1f %10.2f\n", "memchr line count (floor)", mb / best_scan, best_scan * 1000);
  g_print ("%-34s %10.1f %10.2f\n", "kf_prom_scrape_parse", mb / best_c, best_c * 1000);
  if (py_seconds > 0)
    {
      g_print ("%-34s %10.1f %10.2f\n", "python prometheus_client parser", mb / py_seconds, py_seconds * 1000);
      g_print ("kf is %.1fx faster than prometheus_client\n", py_seconds / best_c);
    }
  return 0;
}
