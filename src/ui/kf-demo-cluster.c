/* kf-demo-cluster.c: the simulated cluster behind `kubefoundry --demo`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-demo-cluster"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "kf-demo-cluster.h"
#include "kf-deployer.h"
#include "kf-provider-registry.h"
#include "kf-sim-server.h"

struct _KfDemoCluster
{
  GObject      parent_instance;

  double       speed;
  KfSimServer *server;
  char        *dir;
  char        *kubeconfig_path;
};

G_DEFINE_FINAL_TYPE (KfDemoCluster, kf_demo_cluster, G_TYPE_OBJECT)

static void
kf_demo_cluster_dispose (GObject *object)
{
  kf_demo_cluster_stop (KF_DEMO_CLUSTER (object));

  G_OBJECT_CLASS (kf_demo_cluster_parent_class)->dispose (object);
}

static void
kf_demo_cluster_class_init (KfDemoClusterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kf_demo_cluster_dispose;
}

static void
kf_demo_cluster_init (KfDemoCluster *self)
{
}

/**
 * kf_demo_cluster_new:
 * @speed: how fast simulated time runs (4.0: pods start in seconds)
 */
KfDemoCluster *
kf_demo_cluster_new (double speed)
{
  KfDemoCluster *self = g_object_new (KF_TYPE_DEMO_CLUSTER, NULL);

  self->speed = speed > 0 ? speed : 1.0;
  return self;
}

/* A private folder (0700) for the kubeconfig: under $XDG_RUNTIME_DIR when there
 * is one (tmpfs, the user's only), else a fresh temporary folder. */
static char *
make_private_dir (GError **error)
{
  const char *runtime = g_get_user_runtime_dir ();
  g_autofree char *parent = g_build_filename (runtime, "kubefoundry", NULL);
  g_autofree char *template = NULL;

  if (g_mkdir_with_parents (parent, 0700) == 0)
    {
      template = g_build_filename (parent, "demo-XXXXXX", NULL);
      if (g_mkdtemp_full (template, 0700) != NULL)
        return g_steal_pointer (&template);
    }
  return g_dir_make_tmp ("kubefoundry-demo-XXXXXX", error);
}

gboolean
kf_demo_cluster_start (KfDemoCluster  *self,
                       GError        **error)
{
  g_autoptr(KfSimServer) server = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *written = NULL;

  g_return_val_if_fail (KF_IS_DEMO_CLUSTER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  server = kf_sim_server_new (kf_sim_scenario_new_builtin (), self->speed, FALSE);
  if (!kf_sim_server_start (server, 0, error))
    return FALSE;

  dir = make_private_dir (error);
  if (dir == NULL)
    {
      kf_sim_server_stop (server);
      return FALSE;
    }
  path = g_build_filename (dir, "kubeconfig", NULL);
  written = kf_sim_server_write_kubeconfig (server, path, error);
  if (written == NULL)
    {
      kf_sim_server_stop (server);
      g_rmdir (dir);
      return FALSE;
    }
  g_chmod (written, 0600);

  self->server = g_steal_pointer (&server);
  self->dir = g_steal_pointer (&dir);
  self->kubeconfig_path = g_steal_pointer (&written);
  g_debug ("demo cluster at %s, kubeconfig %s", kf_sim_server_get_url (self->server), self->kubeconfig_path);
  return TRUE;
}

void
kf_demo_cluster_stop (KfDemoCluster *self)
{
  g_return_if_fail (KF_IS_DEMO_CLUSTER (self));

  if (self->server != NULL)
    kf_sim_server_stop (self->server);
  g_clear_object (&self->server);
  if (self->kubeconfig_path != NULL && g_unlink (self->kubeconfig_path) != 0 && errno != ENOENT)
    g_warning ("Could not remove the demo kubeconfig %s: %s", self->kubeconfig_path, g_strerror (errno));
  if (self->dir != NULL)
    g_rmdir (self->dir);
  g_clear_pointer (&self->kubeconfig_path, g_free);
  g_clear_pointer (&self->dir, g_free);
}

const char *
kf_demo_cluster_get_kubeconfig_path (KfDemoCluster *self)
{
  g_return_val_if_fail (KF_IS_DEMO_CLUSTER (self), NULL);

  return self->kubeconfig_path;
}

const char *
kf_demo_cluster_get_url (KfDemoCluster *self)
{
  g_return_val_if_fail (KF_IS_DEMO_CLUSTER (self), NULL);

  return self->server != NULL ? kf_sim_server_get_url (self->server) : NULL;
}

KfClusterSession *
kf_demo_cluster_new_session (KfDemoCluster *self)
{
  const char *paths[2] = { NULL, NULL };
  g_autoptr(KfKubeconfig) kubeconfig = NULL;

  g_return_val_if_fail (KF_IS_DEMO_CLUSTER (self), NULL);
  g_return_val_if_fail (self->kubeconfig_path != NULL, NULL);

  paths[0] = self->kubeconfig_path;
  kubeconfig = kf_kubeconfig_new_for_paths (paths);
  return kf_cluster_session_new (kubeconfig);
}

/* ---- demo deployments ---- */

typedef struct
{
  const char *provider_id;
  const char *name;
  const char *model_id;
  guint       gpus;
} DemoDeployment;

static const DemoDeployment demo_deployments[] = {
  { "dynamo", "qwen3-chat", "Qwen/Qwen3-0.6B", 1 },
  { "kaito", "phi-4-mini", "microsoft/Phi-4-mini-instruct", 1 },
  /* no node has 16 GPUs: Pending, with the insufficient-GPU reason */
  { "dynamo", "llama-70b", "meta-llama/Llama-3.3-70B-Instruct", 16 },
};

#define DEMO_NAMESPACE "demo"

typedef struct
{
  KfKubeconfig *kubeconfig;
  KfDeployer   *deployer;
  guint         next;
} SeedData;

static void
seed_data_free (SeedData *data)
{
  g_clear_object (&data->kubeconfig);
  g_clear_object (&data->deployer);
  g_free (data);
}

static void seed_next (GTask *task);

static void
deployed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeedData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) created = kf_deployer_deploy_finish (KF_DEPLOYER (source), result, &error);

  if (created == NULL)
    {
      g_prefix_error (&error, "%s: ", demo_deployments[data->next].name);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->next++;
  seed_next (g_steal_pointer (&task));
}

static void
seed_next (GTask *task)
{
  SeedData *data = g_task_get_task_data (task);
  const DemoDeployment *d;
  KfProvider *provider;
  g_autoptr(KfDeploymentConfig) config = NULL;

  if (data->next >= G_N_ELEMENTS (demo_deployments))
    {
      g_task_return_int (task, (gssize) data->next);
      g_object_unref (task);
      return;
    }
  d = &demo_deployments[data->next];
  provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), d->provider_id);
  config = kf_deployment_config_new ();
  g_free (config->name);
  config->name = g_strdup (d->name);
  g_free (config->namespace);
  config->namespace = g_strdup (DEMO_NAMESPACE);
  g_free (config->model_id);
  config->model_id = g_strdup (d->model_id);
  config->gpus_per_replica = d->gpus;
  if (g_str_equal (d->provider_id, "kaito"))
    config->kaito_source = KF_KAITO_SOURCE_VLLM;
  kf_deployer_deploy_async (data->deployer, provider, config, NULL, g_task_get_cancellable (task), deployed_cb, task);
}

static void
rest_config_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeedData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfRestConfig) config = kf_kubeconfig_build_rest_config_finish (KF_KUBECONFIG (source), result, &error);
  g_autoptr(KfKubeClient) client = NULL;

  if (config == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  client = kf_kube_client_new (config);
  data->deployer = kf_deployer_new (client);
  seed_next (g_steal_pointer (&task));
}

static void
kubeconfig_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  KfKubeconfig *kubeconfig = KF_KUBECONFIG (source);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (!kf_kubeconfig_load_finish (kubeconfig, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  kf_kubeconfig_build_rest_config_async (kubeconfig, kf_kubeconfig_get_current_context (kubeconfig),
                                         cancellable, rest_config_cb, g_steal_pointer (&task));
}

/**
 * kf_demo_cluster_seed_async:
 *
 * Creates the demo deployments through the demo cluster's API (as the admin
 * user of the demo kubeconfig), one after the other.
 */
void
kf_demo_cluster_seed_async (KfDemoCluster       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SeedData *data;
  const char *paths[2] = { NULL, NULL };

  g_return_if_fail (KF_IS_DEMO_CLUSTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_demo_cluster_seed_async);
  if (self->kubeconfig_path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "The demo cluster is not running");
      return;
    }
  data = g_new0 (SeedData, 1);
  paths[0] = self->kubeconfig_path;
  data->kubeconfig = kf_kubeconfig_new_for_paths (paths);
  g_task_set_task_data (task, data, (GDestroyNotify) seed_data_free);
  kf_kubeconfig_load_async (data->kubeconfig, cancellable, kubeconfig_loaded_cb, g_steal_pointer (&task));
}

int
kf_demo_cluster_seed_finish (KfDemoCluster  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return (int) g_task_propagate_int (G_TASK (result), error);
}
