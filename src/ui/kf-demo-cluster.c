/* kf-demo-cluster.c: the simulated cluster behind `kubefoundry --demo`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-demo-cluster"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "kf-demo-cluster.h"
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
