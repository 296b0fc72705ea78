/* bench-model-filter.c: filtering 5,000 search results as the user types
 *
 * For each keystroke of a query, kf_model_matches() over 5,000 synthetic
 * models (name, id, description; engine filter off), next to a plain
 * strstr() scan of the same three strings (case-sensitive, no word split:
 * the floor any filter has to pay), measured in the same run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-model.h"

#define N_MODELS 5000
#define ROUNDS 25

static const char *const families[] = { "Llama", "Qwen", "Mistral", "Phi", "Gemma", "DeepSeek", "Falcon", "Granite" };
static const char *const authors[] = { "meta-llama", "Qwen", "mistralai", "microsoft", "google", "deepseek-ai", "tiiuae", "ibm-granite", "bartowski", "TheBloke" };
static const char *const sizes[] = { "0.5B", "1B", "3B", "7B", "8B", "14B", "32B", "70B" };
static const char *const suffixes[] = { "Instruct", "Chat", "Base", "Coder", "Instruct-GGUF", "AWQ" };

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (void)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  const char *query = "llama 3.1 instruct";
  g_autofree char *q = NULL;
  g_autofree char *quoted = NULL;
  double total_kf = 0, total_ref = 0;
  guint len = strlen (query);

  for (guint i = 0; i < N_MODELS; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s/%s-%u.%u-%s-%s-v%u", authors[i % G_N_ELEMENTS (authors)],
                                             families[(i / 3) % G_N_ELEMENTS (families)], 1 + i % 4, i % 3,
                                             sizes[(i / 7) % G_N_ELEMENTS (sizes)],
                                             suffixes[(i / 11) % G_N_ELEMENTS (suffixes)], i);
      KfModel *m = kf_model_new (id, strchr (id, '/') + 1);
      g_autofree char *desc = g_strdup_printf ("A %s model fine-tuned for %s tasks, %u downloads",
                                               families[(i / 3) % G_N_ELEMENTS (families)],
                                               i % 2 ? "chat" : "code", i * 37);
      kf_model_set_description (m, desc);
      kf_model_set_engines (m, KF_ENGINES_VLLM);
      g_ptr_array_add (models, m);
    }

  printf ("Filtering %d models per keystroke (median of %d rounds, µs)\n", N_MODELS, ROUNDS);
  printf ("%-20s %8s %12s %8s %14s\n", "query", "matches", "kf_matches", "strstr", "strstr matches");
  for (guint k = 1; k <= len; k++)
    {
      double t_kf[ROUNDS], t_ref[ROUNDS];
      guint n_kf = 0, n_ref = 0;

      g_free (q);
      q = g_strndup (query, k);
      for (guint r = 0; r < ROUNDS; r++)
        {
          gint64 t0 = g_get_monotonic_time ();
          guint n = 0;

          for (guint i = 0; i < models->len; i++)
            n += kf_model_matches (g_ptr_array_index (models, i), q, KF_ENGINES_NONE);
          t_kf[r] = (double) (g_get_monotonic_time () - t0);
          n_kf = n;

          t0 = g_get_monotonic_time ();
          n = 0;
          for (guint i = 0; i < models->len; i++)
            {
              KfModel *m = g_ptr_array_index (models, i);
              n += strstr (kf_model_get_name (m), q) || strstr (kf_model_get_id (m), q) ||
                   strstr (kf_model_get_description (m), q);
            }
          t_ref[r] = (double) (g_get_monotonic_time () - t0);
          n_ref = n;
        }
      qsort (t_kf, ROUNDS, sizeof (double), compare_double);
      qsort (t_ref, ROUNDS, sizeof (double), compare_double);
      g_free (quoted);
      quoted = g_strdup_printf ("\"%s\"", q);
      printf ("%-20s %8u %12.0f %8.0f %14u\n", quoted, n_kf, t_kf[ROUNDS / 2], t_ref[ROUNDS / 2], n_ref);
      total_kf += t_kf[ROUNDS / 2];
      total_ref += t_ref[ROUNDS / 2];
    }
  printf ("mean per keystroke: kf_model_matches %.0f µs, strstr %.0f µs (budget for 60 fps: 16,667 µs)\n",
          total_kf / len, total_ref / len);
  return 0;
}
