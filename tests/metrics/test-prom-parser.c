/* test-prom-parser.c: Prometheus text format parser
 *
 * Fixtures from ../shared/fixtures/prometheus (see SOURCES.md there): real
 * scrapes (vLLM, llama.cpp, Prometheus itself), prometheus/common's test
 * inputs, and its parse-error corpus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kf-prom-parser.h"

static char *
fixture (const char *name,
         gsize      *len)
{
  const char *dir = g_getenv ("KF_FIXTURES_DIR");
  g_autofree char *path = NULL;
  char *data = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "prometheus", name, NULL);
  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  return data;
}

static KfPromScrape *
parse_ok (const char       *text,
          KfPromParseFlags  flags)
{
  g_autoptr(GError) error = NULL;
  KfPromScrape *s = kf_prom_scrape_parse (text, strlen (text), flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static void
assert_parse_error (const char       *text,
                    KfPromParseFlags  flags,
                    const char       *message)
{
  g_autoptr(GError) error = NULL;
  KfPromScrape *s = kf_prom_scrape_parse (text, strlen (text), flags, &error);

  g_assert_null (s);
  g_assert_error (error, KF_PROM_ERROR, KF_PROM_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, message);
}

/* ------------------------------------------------------------------------ */

/* Expected counts: "# TYPE" lines and sample lines of each file (grep), and
 * the same families/samples/types as prometheus_client's parser reports. */
static const struct
{
  const char *file;
  guint       families, samples, counters, gauges, histograms, summaries;
} fixtures[] = {
  { "vllm-metrics-opt-125m.prom", 50, 185, 17, 16, 17, 0 },
  { "llamacpp-server-metrics.prom", 10, 10, 4, 6, 0, 0 },
  { "prometheus-common-expfmt-text.prom", 37, 248, 9, 18, 0, 10 },
  { "prometheus-textparse-alltypes-237mfs.prom", 237, 1857, 112, 97, 15, 13 },
  { "prometheus-textparse-1histogram.openmetrics.txt", 1, 42, 0, 0, 1, 0 },
};

static void
test_fixtures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      gsize len;
      g_autofree char *data = fixture (fixtures[i].file, &len);
      g_autoptr(GError) error = NULL;
      g_autoptr(KfPromScrape) s = kf_prom_scrape_parse (data, len, KF_PROM_PARSE_DEFAULT, &error);
      guint types[8] = { 0 };
      guint total = 0;

      g_test_message ("%s", fixtures[i].file);
      g_assert_no_error (error);
      g_assert_cmpuint (kf_prom_scrape_get_n_families (s), ==, fixtures[i].families);
      g_assert_cmpuint (kf_prom_scrape_get_n_samples (s), ==, fixtures[i].samples);
      for (guint f = 0; f < kf_prom_scrape_get_n_families (s); f++)
        {
          const KfPromFamily *fam = kf_prom_scrape_get_family (s, f);

          types[fam->type]++;
          total += fam->n_samples;
          g_assert_true (kf_prom_scrape_lookup (s, fam->name) == fam);
          for (guint j = 0; j < fam->n_samples; j++)
            {
              /* every sample is named after its family */
              g_assert_true (g_str_has_prefix (fam->samples[j].name, fam->name));
              if (fam->samples[j].kind == KF_PROM_SAMPLE_BUCKET)
                g_assert_false (isnan (fam->samples[j].bound));
            }
        }
      g_assert_cmpuint (total, ==, fixtures[i].samples);
      g_assert_cmpuint (types[KF_PROM_TYPE_COUNTER], ==, fixtures[i].counters);
      g_assert_cmpuint (types[KF_PROM_TYPE_GAUGE], ==, fixtures[i].gauges);
      g_assert_cmpuint (types[KF_PROM_TYPE_HISTOGRAM], ==, fixtures[i].histograms);
      g_assert_cmpuint (types[KF_PROM_TYPE_SUMMARY], ==, fixtures[i].summaries);
    }
}

static void
test_vllm_structure (void)
{
  gsize len;
  g_autofree char *data = fixture ("vllm-metrics-opt-125m.prom", &len);
  g_autoptr(KfPromScrape) s = kf_prom_scrape_parse (data, len, 0, NULL);
  const KfPromFamily *ttft = kf_prom_scrape_lookup (s, "vllm:time_to_first_token_seconds");
  const KfPromFamily *info = kf_prom_scrape_lookup (s, "vllm:cache_config_info");
  guint buckets = 0;

  g_assert_nonnull (ttft);
  g_assert_cmpint (ttft->type, ==, KF_PROM_TYPE_HISTOGRAM);
  g_assert_cmpstr (ttft->help, ==, "Histogram of time to first token in seconds.");
  /* 17 buckets (0.001 … 10.0, +Inf), _count and _sum */
  g_assert_cmpuint (ttft->n_samples, ==, 19);
  for (guint i = 0; i < ttft->n_samples; i++)
    if (ttft->samples[i].kind == KF_PROM_SAMPLE_BUCKET)
      buckets++;
  g_assert_cmpuint (buckets, ==, 17);
  g_assert_cmpstr (ttft->samples[0].name, ==, "vllm:time_to_first_token_seconds_bucket");
  g_assert_cmpfloat (ttft->samples[0].bound, ==, 0.001);
  g_assert_true (isinf (ttft->samples[16].bound) && ttft->samples[16].bound > 0);
  g_assert_cmpint (ttft->samples[17].kind, ==, KF_PROM_SAMPLE_COUNT);
  g_assert_cmpint (ttft->samples[18].kind, ==, KF_PROM_SAMPLE_SUM);
  /* a 17-digit value read exactly */
  g_assert_cmpfloat (ttft->samples[18].value, ==, 0.31326723098754883);
  g_assert_cmpstr (kf_prom_sample_get_label (&ttft->samples[3], "model_name"), ==, "facebook/opt-125m");
  g_assert_cmpstr (kf_prom_sample_get_label (&ttft->samples[3], "le"), ==, "0.02");
  g_assert_null (kf_prom_sample_get_label (&ttft->samples[3], "nope"));
  /* label strings are interned: one copy per distinct string */
  g_assert_true (kf_prom_sample_get_label (&ttft->samples[3], "model_name") ==
                 kf_prom_sample_get_label (&ttft->samples[4], "model_name"));

  /* one request observed; python_gc counters summed over 3 generations */
  g_assert_cmpfloat (kf_prom_family_sum (ttft), ==, 1);
  g_assert_cmpfloat (kf_prom_family_sum (kf_prom_scrape_lookup (s, "python_gc_collections_total")), ==, 1151 + 104 + 6);

  g_assert_cmpuint (info->samples[0].n_labels, ==, 10);
  g_assert_cmpstr (kf_prom_sample_get_label (&info->samples[0], "num_gpu_blocks"), ==, "7281");
}

static void
test_summary (void)
{
  gsize len;
  g_autofree char *data = fixture ("prometheus-common-expfmt-text.prom", &len);
  g_autoptr(KfPromScrape) s = kf_prom_scrape_parse (data, len, KF_PROM_PARSE_STRICT, NULL);
  const KfPromFamily *f = kf_prom_scrape_lookup (s, "http_response_size_bytes");
  const KfPromSample *q = NULL;

  g_assert_nonnull (f);
  g_assert_cmpint (f->type, ==, KF_PROM_TYPE_SUMMARY);
  for (guint i = 0; i < f->n_samples; i++)
    if (g_strcmp0 (kf_prom_sample_get_label (&f->samples[i], "handler"), "prometheus") == 0 &&
        f->samples[i].kind == KF_PROM_SAMPLE_VALUE && f->samples[i].bound == 0.9)
      q = &f->samples[i];
  g_assert_nonnull (q);
  g_assert_cmpfloat (q->value, ==, 2058);
  g_assert_cmpstr (kf_prom_type_to_string (f->type), ==, "summary");
}

/* prometheus/common's TestTextParse inputs */
static void
test_valid_cases (void)
{
  for (int strict = 0; strict < 2; strict++)
    {
      gsize len;
      g_autofree char *d0 = fixture ("parser-cases/valid/from_test_parse_0.prom", &len);
      g_autoptr(KfPromScrape) s0 = kf_prom_scrape_parse (d0, len, strict, NULL);
      g_autofree char *d1 = fixture ("parser-cases/valid/from_test_parse_1.prom", &len);
      g_autoptr(KfPromScrape) s1 = kf_prom_scrape_parse (d1, len, strict, NULL);
      g_autofree char *d2 = fixture ("parser-cases/valid/from_test_parse_2.prom", &len);
      g_autoptr(KfPromScrape) s2 = kf_prom_scrape_parse (d2, len, strict, NULL);
      const KfPromFamily *f;

      g_assert_nonnull (s0);
      g_assert_cmpuint (kf_prom_scrape_get_n_families (s0), ==, 0);

      /* minimal_metric, another_metric, no_labels; the HELP-only family is dropped */
      g_assert_nonnull (s1);
      g_assert_cmpuint (kf_prom_scrape_get_n_families (s1), ==, 3);
      f = kf_prom_scrape_lookup (s1, "another_metric");
      g_assert_cmpfloat (f->samples[0].value, ==, -3e3);
      g_assert_true (f->samples[0].has_timestamp);
      g_assert_cmpint (f->samples[0].timestamp_ms, ==, 103948);
      g_assert_false (kf_prom_scrape_lookup (s1, "minimal_metric")->samples[0].has_timestamp);
      g_assert_cmpuint (kf_prom_scrape_lookup (s1, "no_labels")->samples[0].n_labels, ==, 0);
      g_assert_null (kf_prom_scrape_lookup (s1, "line"));

      g_assert_nonnull (s2);
      f = kf_prom_scrape_lookup (s2, "name");
      g_assert_cmpint (f->type, ==, KF_PROM_TYPE_COUNTER);
      g_assert_cmpstr (f->help, ==, "two-line\n doc  str\\ing");
      g_assert_cmpuint (f->n_samples, ==, 2);
      g_assert_true (isnan (f->samples[0].value));
      g_assert_cmpstr (kf_prom_sample_get_label (&f->samples[1], "basename"), ==, "base\"v\\al\nue");
      g_assert_cmpfloat (f->samples[1].value, ==, 0.23);
  g_assert_cmpfloat (kf_prom_family_sum (f), ==, 0.23);   /* NaN skipped */
      g_assert_cmpint (f->samples[1].timestamp_ms, ==, 1234567890);
      f = kf_prom_scrape_lookup (s2, "name2");
      g_assert_cmpint (f->type, ==, KF_PROM_TYPE_GAUGE);
      g_assert_cmpstr (f->help, ==, "doc str\"ing 2");
      g_assert_true (isinf (f->samples[0].value) && f->samples[0].value > 0);
      g_assert_cmpint (f->samples[0].timestamp_ms, ==, 54321);
      g_assert_cmpstr (kf_prom_sample_get_label (&f->samples[0], "basename"), ==, "basevalue2");
      /* "name2{ labelname = "val1" , }-Inf": trailing comma, no blank before the value */
      g_assert_true (isinf (f->samples[1].value) && f->samples[1].value < 0);
      g_assert_cmpstr (kf_prom_sample_get_label (&f->samples[1], "labelname"), ==, "val1");
    }
}

/* prometheus/common's TestTextParseError inputs: rejected, with the position. */
static void
test_invalid_cases (void)
{
  static const struct { const char *file; const char *message; } cases[] = {
    { "from_test_parse_error_0.prom", "line 1, column 9: unexpected end of input stream" },
    { "from_test_parse_error_1.prom", "line 1, column 15: invalid escape sequence '\\t'" },
    { "from_test_parse_error_2.prom", "line 2, column 18: label value \"new\" contains unescaped new-line" },
    { "from_test_parse_error_3.prom", "line 1, column 8: invalid label name for metric \"metric\", found '@'" },
    { "from_test_parse_error_4.prom", "line 1, column 8: label name \"__name__\" is reserved" },
    { "from_test_parse_error_5.prom", "line 1, column 13: expected '=' after label name, found '+'" },
    { "from_test_parse_error_6.prom", "line 1, column 14: expected '\"' at start of label value, found 'b'" },
    { "from_test_parse_error_7.prom", "line 3, column 18: expected float as value for 'quantile' label, got \"bla\"" },
    { "from_test_parse_error_8.prom", "line 1, column 19: expected ',' or '}' after label value, found '+'" },
    { "from_test_parse_error_9.prom", "line 1, column 26: expected integer as timestamp, got \"2.72\"" },
    { "from_test_parse_error_10.prom", "line 1, column 28: spurious string after timestamp: \"3\"" },
    { "from_test_parse_error_11.prom", "line 1, column 21: expected float as value, got \"blubb\"" },
    { "from_test_parse_error_12.prom", "line 3, column 8: second HELP line for metric name \"metric\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strconcat ("parser-cases/invalid/", cases[i].file, NULL);
      gsize len;
      g_autofree char *data = fixture (name, &len);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) lenient_error = NULL;
      g_autoptr(KfPromScrape) s = kf_prom_scrape_parse (data, len, KF_PROM_PARSE_STRICT, &error);
      g_autoptr(KfPromScrape) lenient = kf_prom_scrape_parse (data, len, KF_PROM_PARSE_DEFAULT, &lenient_error);

      g_test_message ("%s", cases[i].file);
      g_assert_null (s);
      g_assert_error (error, KF_PROM_ERROR, KF_PROM_ERROR_SYNTAX);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      /* by default only the missing final newline is forgiven */
      if (i == 0)
        {
          g_assert_no_error (lenient_error);
          g_assert_cmpfloat (kf_prom_scrape_lookup (lenient, "bla")->samples[0].value, ==, 3.14);
        }
      else
        {
          g_assert_null (lenient);
          g_assert_cmpstr (lenient_error->message, ==, cases[i].message);
        }
    }
}

static void
test_no_final_newline (void)
{
  gsize len;
  g_autofree char *data = fixture ("vllm-metrics-opt-125m.prom", &len);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfPromScrape) strict = NULL;

  /* the real vLLM scrape ends without '\n': the classic parser rejects it */
  g_assert_cmpint (data[len - 1], !=, '\n');
  strict = kf_prom_scrape_parse (data, len, KF_PROM_PARSE_STRICT, &error);
  g_assert_null (strict);
  g_assert_true (g_str_has_prefix (error->message, "line 285, column "));
  g_assert_true (g_str_has_suffix (error->message, "unexpected end of input stream"));
}

static void
test_escapes (void)
{
  g_autoptr(KfPromScrape) s = parse_ok (
    "# HELP m A \\\\ backslash\\nand a second line\n"
    "# TYPE m gauge\n"
    "m{path=\"C:\\\\dir\",q=\"say \\\"hi\\\"\",nl=\"a\\nb\",empty=\"\"} 1\n",
    KF_PROM_PARSE_STRICT);
  const KfPromFamily *f = kf_prom_scrape_lookup (s, "m");

  g_assert_cmpstr (f->help, ==, "A \\ backslash\nand a second line");
  g_assert_cmpstr (kf_prom_sample_get_label (&f->samples[0], "path"), ==, "C:\\dir");
  g_assert_cmpstr (kf_prom_sample_get_label (&f->samples[0], "q"), ==, "say \"hi\"");
  g_assert_cmpstr (kf_prom_sample_get_label (&f->samples[0], "nl"), ==, "a\nb");
  g_assert_cmpstr (kf_prom_sample_get_label (&f->samples[0], "empty"), ==, "");

  /* unknown escapes: an error in label values; kept literally in HELP by default */
  assert_parse_error ("m{a=\"x\\qy\"} 1\n", 0, "line 1, column 7: invalid escape sequence '\\q'");
  assert_parse_error ("# HELP m bad \\t escape\nm 1\n", KF_PROM_PARSE_STRICT,
                      "line 1, column 14: invalid escape sequence '\\t'");
  {
    g_autoptr(KfPromScrape) lenient = parse_ok ("# HELP m bad \\t escape\nm 1\n", 0);
    g_assert_cmpstr (kf_prom_scrape_lookup (lenient, "m")->help, ==, "bad \\t escape");
  }
}

static void
test_values (void)
{
  static const struct { const char *text; double value; } cases[] = {
    { "NaN", NAN }, { "+Inf", INFINITY }, { "-Inf", -INFINITY }, { "Inf", INFINITY },
    { "1e3", 1000 }, { "-3e3", -3000 }, { "1.5E-3", 0.0015 }, { "+12", 12 }, { "0", 0 },
    { "6.634254336e+09", 6634254336.0 }, { ".5", 0.5 }, { "5.", 5 },
    { "10.950000000000001", 10.950000000000001 }, { "1.7976931348623157e308", 1.7976931348623157e308 },
    { "123456789012345678901234567890", 123456789012345678901234567890.0 }, { "4.9e-324", 4.9e-324 },
    { "0.1", 0.1 }, { "0.30000000000000004", 0.30000000000000004 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("m %s\n", cases[i].text);
      g_autoptr(KfPromScrape) s = parse_ok (text, KF_PROM_PARSE_STRICT);
      double v = kf_prom_scrape_lookup (s, "m")->samples[0].value;

      g_test_message ("%s", cases[i].text);
      if (isnan (cases[i].value))
        g_assert_true (isnan (v));
      else
        g_assert_cmpfloat (v, ==, cases[i].value);
    }
  assert_parse_error ("m 1e\n", 0, "line 1, column 3: expected float as value, got \"1e\"");
  assert_parse_error ("m --1\n", 0, "line 1, column 3: expected float as value, got \"--1\"");
  assert_parse_error ("m 1 99999999999999999999\n", 0,
                      "line 1, column 5: expected integer as timestamp, got \"99999999999999999999\"");
  {
    g_autoptr(KfPromScrape) s = parse_ok ("m 1 -5\n", 0);
    g_assert_cmpint (kf_prom_scrape_lookup (s, "m")->samples[0].timestamp_ms, ==, -5);
  }
}

static void
test_structure_errors (void)
{
  assert_parse_error ("m 1\n# TYPE m gauge\n", 0,
                      "line 2, column 8: second TYPE line for metric name \"m\", or TYPE reported after samples");
  assert_parse_error ("# TYPE m gauge\n# TYPE m counter\nm 1\n", 0,
                      "line 2, column 8: second TYPE line for metric name \"m\", or TYPE reported after samples");
  assert_parse_error ("# TYPE m meter\nm 1\n", 0, "line 1, column 10: unknown metric type \"meter\"");
  assert_parse_error ("# TYPE m! gauge\n", 0, "line 1, column 9: invalid metric name in comment");
  assert_parse_error ("m{a=\"1\",a=\"2\"} 1\n", 0, "line 1, column 9: duplicate label name \"a\" for metric \"m\"");
  assert_parse_error ("1m 1\n", 0, "line 1, column 1: invalid metric name, found '1'");
  assert_parse_error ("m{a=\"1\"}\n", 0, "line 1, column 9: expected a value after the metric, found end of line");
  assert_parse_error ("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", 0,
                      "line 2, column 14: expected float as value for 'le' label, got \"x\"");
  /* the example of the brief: an error deep in the text points at it */
  {
    GString *text = g_string_new (NULL);
    g_autoptr(GError) error = NULL;

    for (int i = 0; i < 11; i++)
      g_string_append_printf (text, "metric_%d{a=\"b\"} %d\n", i, i);
    g_string_append (text, "vllm:num_requests{x+=\"1\"} 1\n");
    g_assert_null (kf_prom_scrape_parse (text->str, text->len, 0, &error));
    g_assert_cmpstr (error->message, ==, "line 12, column 20: expected '=' after label name, found '+'");
    g_string_free (text, TRUE);
  }
}

static void
test_grouping (void)
{
  /* samples of a family come together even when the input interleaves them;
   * families keep their order of first appearance */
  g_autoptr(KfPromScrape) s = parse_ok (
    "# TYPE h histogram\n"
    "h_bucket{le=\"1\"} 1\n"
    "other 5\n"
    "h_bucket{le=\"+Inf\"} 2\n"
    "h_sum 3\n"
    "h_count 2\n"
    "# TYPE h2_count gauge\n"
    "h2_count 7\n"
    "h_total 1\n",
    0);
  const KfPromFamily *h;

  g_assert_cmpuint (kf_prom_scrape_get_n_families (s), ==, 4);
  g_assert_cmpstr (kf_prom_scrape_get_family (s, 0)->name, ==, "h");
  g_assert_cmpstr (kf_prom_scrape_get_family (s, 1)->name, ==, "other");
  g_assert_cmpstr (kf_prom_scrape_get_family (s, 2)->name, ==, "h2_count");
  g_assert_cmpstr (kf_prom_scrape_get_family (s, 3)->name, ==, "h_total");
  h = kf_prom_scrape_get_family (s, 0);
  g_assert_cmpuint (h->n_samples, ==, 4);
  g_assert_cmpfloat (h->samples[1].value, ==, 2);
  g_assert_cmpint (h->samples[2].kind, ==, KF_PROM_SAMPLE_SUM);
  /* a declared family under the exact name wins over the suffix rule */
  g_assert_cmpint (kf_prom_scrape_get_family (s, 2)->type, ==, KF_PROM_TYPE_GAUGE);
  g_assert_cmpint (kf_prom_scrape_get_family (s, 3)->type, ==, KF_PROM_TYPE_UNTYPED);
}

static void
test_openmetrics (void)
{
  gsize len;
  g_autofree char *data = fixture ("prometheus-textparse-1histogram.openmetrics.txt", &len);
  g_autoptr(KfPromScrape) s = kf_prom_scrape_parse (data, len, 0, NULL);
  g_autoptr(KfPromScrape) om = NULL;
  const KfPromFamily *f;

  g_assert_nonnull (s);
  f = kf_prom_scrape_lookup (s, "golang_manual_histogram_seconds");
  g_assert_cmpint (f->type, ==, KF_PROM_TYPE_HISTOGRAM);
  g_assert_cmpuint (f->n_samples, ==, 42);

  om = parse_ok (
    "# TYPE requests counter\n"
    "# UNIT requests_seconds seconds\n"
    "# HELP requests Requests.\n"
    "requests_total{path=\"/\"} 10 1520879607.789 # {trace_id=\"KOO5S4vxi0o\"} 0.67\n"
    "requests_created{path=\"/\"} 1520430000.123\n"
    "# TYPE requests_seconds histogram\n"
    "# UNIT requests_seconds seconds\n"
    "requests_seconds_bucket{le=\"1\"} 2 # {id=\"x\"} 0.5 123\n"
    "requests_seconds_bucket{le=\"+Inf\"} 3\n"
    "requests_seconds_count 3\n"
    "requests_seconds_sum 4.5\n"
    "requests_seconds_created 1520430000\n"
    "# TYPE build info\n"
    "build_info{version=\"1.0\"} 1\n"
    "# EOF\n"
    "ignored 1\n",
    0);
  g_assert_cmpuint (kf_prom_scrape_get_n_families (om), ==, 3);
  f = kf_prom_scrape_lookup (om, "requests");
  g_assert_cmpint (f->type, ==, KF_PROM_TYPE_COUNTER);
  g_assert_cmpuint (f->n_samples, ==, 2);
  g_assert_cmpint (f->samples[0].kind, ==, KF_PROM_SAMPLE_TOTAL);
  g_assert_cmpint (f->samples[0].timestamp_ms, ==, 1520879607789);
  g_assert_cmpint (f->samples[1].kind, ==, KF_PROM_SAMPLE_CREATED);
  f = kf_prom_scrape_lookup (om, "requests_seconds");
  g_assert_cmpstr (f->unit, ==, "seconds");
  g_assert_cmpuint (f->n_samples, ==, 5);
  g_assert_cmpint (f->samples[4].kind, ==, KF_PROM_SAMPLE_CREATED);
  g_assert_cmpint (kf_prom_scrape_lookup (om, "build")->type, ==, KF_PROM_TYPE_INFO);
  g_assert_null (kf_prom_scrape_lookup (om, "ignored"));

  /* the classic parser does not know these */
  assert_parse_error ("# TYPE build info\n", KF_PROM_PARSE_STRICT, "line 1, column 14: unknown metric type \"info\"");
}

static void
test_whitespace (void)
{
  g_autoptr(KfPromScrape) s = parse_ok ("\n   \n\t# comment\r\n# HELP m Help.\r\n# TYPE m gauge\r\nm{a=\"1\"}  2  \r\n\n", 0);

  g_assert_cmpfloat (kf_prom_scrape_lookup (s, "m")->samples[0].value, ==, 2);
  g_assert_cmpstr (kf_prom_scrape_lookup (s, "m")->help, ==, "Help.");
  g_assert_cmpint (kf_prom_scrape_lookup (s, "m")->type, ==, KF_PROM_TYPE_GAUGE);
  assert_parse_error ("m 2\r\n", KF_PROM_PARSE_STRICT, "line 1, column 3: expected float as value, got \"2\\x0d\"");
  {
    g_autoptr(KfPromScrape) empty = parse_ok ("", KF_PROM_PARSE_STRICT);
    g_assert_cmpuint (kf_prom_scrape_get_n_families (empty), ==, 0);
  }
}

static void
test_source_and_time (void)
{
  g_autoptr(KfPromScrape) s = parse_ok ("m 1\n", 0);
  gint64 before = g_get_monotonic_time ();

  g_assert_cmpint (kf_prom_scrape_get_time (s), <=, before);
  g_assert_null (kf_prom_scrape_get_source (s));
  kf_prom_scrape_set_source (s, "pod-a");
  kf_prom_scrape_set_time (s, 42);
  g_assert_cmpstr (kf_prom_scrape_get_source (s), ==, "pod-a");
  g_assert_cmpint (kf_prom_scrape_get_time (s), ==, 42);
  kf_prom_scrape_unref (kf_prom_scrape_ref (s));
  g_assert_cmpuint (kf_prom_scrape_get_n_samples (s), ==, 1);
}

/* Random mutations of every fixture: each parse either succeeds or reports
 * an error with a position inside the text; never a crash. */
static void
test_fuzz (void)
{
  static const char *files[] = {
    "vllm-metrics-opt-125m.prom", "llamacpp-server-metrics.prom", "prometheus-common-expfmt-text.prom",
    "prometheus-textparse-1histogram.openmetrics.txt", "parser-cases/valid/from_test_parse_2.prom",
  };
  static const char alphabet[] = "{}=\",\\\n #\t+-.e0123456789aZ_:\r\x01\xff";
  GRand *rand = g_rand_new_with_seed (20241126);
  guint n_ok = 0, n_err = 0;
  int iterations = g_test_slow () ? 20000 : 3000;

  for (int it = 0; it < iterations; it++)
    {
      gsize len;
      g_autofree char *orig = fixture (files[it % G_N_ELEMENTS (files)], &len);
      GString *text = g_string_new_len (orig, len);
      int n_mut = g_rand_int_range (rand, 1, 6);
      g_autoptr(GError) error = NULL;
      KfPromScrape *s;
      guint lines = 1;

      for (int m = 0; m < n_mut && text->len > 0; m++)
        {
          gsize pos = g_rand_int_range (rand, 0, text->len);

          switch (g_rand_int_range (rand, 0, 6))
            {
            case 5:
              g_string_insert_c (text, pos, '\0');   /* NUL bytes inside the text */
              break;
            case 0:
              text->str[pos] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
              break;
            case 1:
              g_string_insert_c (text, pos, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
              break;
            case 2:
              {
                gsize n = g_rand_int_range (rand, 1, 40);
                g_string_erase (text, pos, MIN (text->len - pos, n));
              }
              break;
            case 3:
              g_string_truncate (text, pos);
              break;
            default:
              {
                gsize want = g_rand_int_range (rand, 1, 80);
                gsize n = MIN (text->len - pos, want);
                g_autofree char *copy = g_strndup (text->str + pos, n);
                g_string_insert_len (text, g_rand_int_range (rand, 0, text->len), copy, n);
              }
              break;
            }
        }
      for (gsize i = 0; i < text->len; i++)
        if (text->str[i] == '\n')
          lines++;
      /* parse exactly text->len bytes, from a buffer without a NUL after it */
      {
        char *exact = g_memdup2 (text->str, MAX (text->len, 1));

        s = kf_prom_scrape_parse (exact, text->len, it % 2 ? KF_PROM_PARSE_STRICT : 0, &error);
        if (s != NULL)
          {
            guint total = 0;

            for (guint f = 0; f < kf_prom_scrape_get_n_families (s); f++)
              total += kf_prom_scrape_get_family (s, f)->n_samples;
            g_assert_cmpuint (total, ==, kf_prom_scrape_get_n_samples (s));
            kf_prom_scrape_unref (s);
            n_ok++;
          }
        else
          {
            guint line = 0, column = 0;

            g_assert_error (error, KF_PROM_ERROR, KF_PROM_ERROR_SYNTAX);
            g_assert_cmpint (sscanf (error->message, "line %u, column %u: ", &line, &column), ==, 2);
            g_assert_cmpuint (line, >=, 1);
            g_assert_cmpuint (line, <=, lines);
            g_assert_cmpuint (column, >=, 1);
            n_err++;
          }
        g_free (exact);
      }
      g_string_free (text, TRUE);
    }
  g_test_message ("%u parsed, %u rejected", n_ok, n_err);
  g_assert_cmpuint (n_ok, >, 0);
  g_assert_cmpuint (n_err, >, 0);
  g_rand_free (rand);
}

static void
test_hostile (void)
{
  /* many labels, a huge label value, deep braces, a very long line */
  GString *t = g_string_new ("m{");
  g_autoptr(GError) error = NULL;
  KfPromScrape *s;

  for (int i = 0; i < 5000; i++)
    g_string_append_printf (t, "l%d=\"%d\",", i, i);
  g_string_append (t, "big=\"");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (t, 'x');
  g_string_append (t, "\"} 1\n");
  s = kf_prom_scrape_parse (t->str, t->len, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kf_prom_scrape_lookup (s, "m")->samples[0].n_labels, ==, 5001);
  kf_prom_scrape_unref (s);

  g_string_assign (t, "");
  for (int i = 0; i < 10000; i++)
    g_string_append_c (t, '{');
  s = kf_prom_scrape_parse (t->str, t->len, 0, &error);
  g_assert_null (s);
  g_assert_cmpstr (error->message, ==, "line 1, column 1: invalid metric name, found '{'");
  g_clear_error (&error);

  s = kf_prom_scrape_parse ("m{a=\"", 5, 0, &error);
  g_assert_null (s);
  g_assert_cmpstr (error->message, ==, "line 1, column 6: label value not terminated: unexpected end of input");
  g_string_free (t, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prom/fixtures", test_fixtures);
  g_test_add_func ("/prom/vllm-structure", test_vllm_structure);
  g_test_add_func ("/prom/summary", test_summary);
  g_test_add_func ("/prom/valid-cases", test_valid_cases);
  g_test_add_func ("/prom/invalid-cases", test_invalid_cases);
  g_test_add_func ("/prom/no-final-newline", test_no_final_newline);
  g_test_add_func ("/prom/escapes", test_escapes);
  g_test_add_func ("/prom/values", test_values);
  g_test_add_func ("/prom/structure-errors", test_structure_errors);
  g_test_add_func ("/prom/grouping", test_grouping);
  g_test_add_func ("/prom/openmetrics", test_openmetrics);
  g_test_add_func ("/prom/whitespace", test_whitespace);
  g_test_add_func ("/prom/source-and-time", test_source_and_time);
  g_test_add_func ("/prom/fuzz", test_fuzz);
  g_test_add_func ("/prom/hostile", test_hostile);

  return g_test_run ();
}
