/* kf-sim-crds.c: the runtimes' real CustomResourceDefinitions
 *
 * The files are copies of ../shared/fixtures/crds (see crds/SOURCES.md),
 * installed into PACKAGE_DATADIR/crds. They are large (up to 1.6 MB of YAML),
 * so each is parsed once per process and shared (sealed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include "kf-sim-crds.h"
#include "kf-yaml.h"

static GMutex cache_lock;
static GHashTable *cache;   /* path -> sealed JsonNode */

const char * const *
kf_sim_crds_files_for_runtime (const char *runtime)
{
  static const char * const dynamo[] = { "dynamo-dynamographdeployment.yaml",
                                         "dynamo-dynamocomponentdeployment.yaml", NULL };
  static const char * const kuberay[] = { "kuberay-raycluster.yaml", "kuberay-rayservice.yaml", NULL };
  static const char * const kaito[] = { "kaito-workspace.yaml", "kaito-inferenceset.yaml", NULL };

  if (g_strcmp0 (runtime, "dynamo") == 0)
    return dynamo;
  if (g_strcmp0 (runtime, "kuberay") == 0)
    return kuberay;
  if (g_strcmp0 (runtime, "kaito") == 0)
    return kaito;
  return NULL;
}

char *
kf_sim_crds_find_dir (const char *preferred)
{
  const char *env = g_getenv ("KF_SIM_CRDS_DIR");
  g_autofree char *installed = g_build_filename (PACKAGE_DATADIR, "crds", NULL);

  if (preferred != NULL)
    return g_strdup (preferred);
  if (env != NULL && *env)
    return g_strdup (env);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  return g_build_filename (SOURCE_DIR, "src", "sim", "crds", NULL);
}

JsonNode *
kf_sim_crds_load (const char  *dir,
                  const char  *file,
                  GError     **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  JsonNode *node;

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  node = g_hash_table_lookup (cache, path);
  if (node != NULL)
    {
      json_node_ref (node);
      g_mutex_unlock (&cache_lock);
      return node;
    }
  g_mutex_unlock (&cache_lock);

  node = kf_yaml_parse_file (path, error);
  if (node == NULL)
    return NULL;
  json_node_seal (node);
  g_mutex_lock (&cache_lock);
  g_hash_table_replace (cache, g_strdup (path), json_node_ref (node));
  g_mutex_unlock (&cache_lock);
  return node;
}
