/* kf-kubeconfig.c: kubeconfig files merged as kubectl does, watched for changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kubeconfig"

#include "config.h"

#include "kf-kubeconfig.h"
#include "kf-kubeconfig-private.h"

#define RELOAD_DELAY_MS 250

struct _KfKubeconfig
{
  GObject           parent_instance;

  GStrv             paths;
  KfKubeconfigData *data;
  GListStore       *contexts;
  GStrv             errors;
  KfKeyring        *keyring;

  GPtrArray        *monitors;       /* GFileMonitor* */
  guint             reload_id;
  GCancellable     *reload_cancellable;
  gboolean          reloading;
  gboolean          reload_again;
};

enum {
  PROP_0,
  PROP_CURRENT_CONTEXT,
  PROP_CONTEXTS,
  PROP_ERRORS,
  PROP_KEYRING,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KfKubeconfig, kf_kubeconfig, G_TYPE_OBJECT)
G_DEFINE_QUARK (kf-kubeconfig-error-quark, kf_kubeconfig_error)

static void start_monitors (KfKubeconfig *self);

GStrv
kf_kubeconfig_get_default_paths (void)
{
  const char *env = g_getenv ("KUBECONFIG");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (env != NULL && *env != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          /* kubectl drops empty entries and duplicates */
          if (*parts[i] == '\0' || g_hash_table_contains (seen, parts[i]))
            continue;
          g_hash_table_add (seen, parts[i]);
          g_strv_builder_add (builder, parts[i]);
        }
    }
  else
    kf_strv_builder_take (builder, g_build_filename (g_get_home_dir (), ".kube", "config", NULL));
  return g_strv_builder_end (builder);
}

/* ------------------------------------------------------------------ data -- */

static void
install_data (KfKubeconfig     *self,
              KfKubeconfigData *data)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *old_current = g_strdup (self->data ? self->data->current_context : NULL);
  g_autoptr(GStrvBuilder) errors = g_strv_builder_new ();
  g_auto(GStrv) new_errors = NULL;

  g_clear_pointer (&self->data, kf_kubeconfig_data_unref);
  self->data = kf_kubeconfig_data_ref (data);

  for (guint i = 0; i < data->context_order->len; i++)
    {
      KfKubeContextEntry *e = g_ptr_array_index (data->context_order, i);
      KfKubeClusterEntry *cluster = e->cluster ? g_hash_table_lookup (data->clusters, e->cluster) : NULL;
      g_autofree char *error = kf_kubeconfig_data_context_error (data, e);

      g_ptr_array_add (items, _kf_kube_context_new (e->name, e->cluster, cluster ? cluster->server : NULL,
                                                    e->user, e->namespace, e->file,
                                                    g_strcmp0 (e->name, data->current_context) == 0,
                                                    cluster ? cluster->insecure : FALSE, error));
    }
  g_list_store_splice (self->contexts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->contexts)),
                       items->pdata, items->len);

  for (guint i = 0; i < data->errors->len; i++)
    g_strv_builder_add (errors, g_ptr_array_index (data->errors, i));
  new_errors = g_strv_builder_end (errors);
  if (!g_strv_equal ((const char * const *) new_errors, (const char * const *) self->errors))
    {
      g_strfreev (self->errors);
      self->errors = g_steal_pointer (&new_errors);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERRORS]);
    }
  if (g_strcmp0 (old_current, data->current_context) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CONTEXT]);

  start_monitors (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KfKubeconfigData *data = kf_kubeconfig_data_load ((const char * const *) task_data);

  g_task_return_pointer (task, data, (GDestroyNotify) kf_kubeconfig_data_unref);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KfKubeconfig *self = KF_KUBECONFIG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(KfKubeconfigData) data = g_task_propagate_pointer (G_TASK (result), &error);

  if (data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  install_data (self, data);
  g_task_return_boolean (task, TRUE);
}

void
kf_kubeconfig_load_async (KfKubeconfig        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (KF_IS_KUBECONFIG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_kubeconfig_load_async);
  inner = g_task_new (self, cancellable, load_cb, g_steal_pointer (&task));
  g_task_set_task_data (inner, g_strdupv (self->paths), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (inner, load_thread);
}

gboolean
kf_kubeconfig_load_finish (KfKubeconfig  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kf_kubeconfig_load (KfKubeconfig *self)
{
  g_autoptr(KfKubeconfigData) data = NULL;

  g_return_if_fail (KF_IS_KUBECONFIG (self));
  data = kf_kubeconfig_data_load ((const char * const *) self->paths);
  install_data (self, data);
}

/* ---------------------------------------------------------------- reload -- */

static gboolean reload_timeout_cb (gpointer user_data);

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kf_kubeconfig_load_finish (KF_KUBECONFIG (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("reloading the kubeconfig: %s", error->message);
      return;  /* cancelled means disposed: self may be gone */
    }
  {
    KfKubeconfig *self = KF_KUBECONFIG (object);

    self->reloading = FALSE;
    if (self->reload_again)
      {
        self->reload_again = FALSE;
        if (self->reload_id == 0)
          self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
      }
  }
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  KfKubeconfig *self = user_data;

  self->reload_id = 0;
  if (self->reloading)
    {
      self->reload_again = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->reloading = TRUE;
  kf_kubeconfig_load_async (self, self->reload_cancellable, reload_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  KfKubeconfig *self = user_data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
      /* debounce: editors write in several steps */
      g_clear_handle_id (&self->reload_id, g_source_remove);
      self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
      break;
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

static void
start_monitors (KfKubeconfig *self)
{
  if (self->monitors != NULL)
    return;
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->paths[i]);
      g_autoptr(GError) error = NULL;
      GFileMonitor *monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);

      if (monitor == NULL)
        {
          g_debug ("cannot watch %s: %s", self->paths[i], error->message);
          continue;
        }
      g_signal_connect_object (monitor, "changed", G_CALLBACK (monitor_changed_cb), self, 0);
      g_ptr_array_add (self->monitors, monitor);
    }
}

/* --------------------------------------------------------------- GObject -- */

static void
kf_kubeconfig_dispose (GObject *object)
{
  KfKubeconfig *self = KF_KUBECONFIG (object);

  g_cancellable_cancel (self->reload_cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->monitors != NULL)
    for (guint i = 0; i < self->monitors->len; i++)
      g_file_monitor_cancel (g_ptr_array_index (self->monitors, i));
  g_clear_pointer (&self->monitors, g_ptr_array_unref);
  G_OBJECT_CLASS (kf_kubeconfig_parent_class)->dispose (object);
}

static void
kf_kubeconfig_finalize (GObject *object)
{
  KfKubeconfig *self = KF_KUBECONFIG (object);

  g_strfreev (self->paths);
  g_clear_pointer (&self->data, kf_kubeconfig_data_unref);
  g_clear_object (&self->contexts);
  g_strfreev (self->errors);
  g_clear_object (&self->keyring);
  g_clear_object (&self->reload_cancellable);
  G_OBJECT_CLASS (kf_kubeconfig_parent_class)->finalize (object);
}

static void
kf_kubeconfig_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KfKubeconfig *self = KF_KUBECONFIG (object);

  switch (prop_id)
    {
    case PROP_CURRENT_CONTEXT:
      g_value_set_string (value, kf_kubeconfig_get_current_context (self));
      break;
    case PROP_CONTEXTS:
      g_value_set_object (value, self->contexts);
      break;
    case PROP_ERRORS:
      g_value_set_boxed (value, self->errors);
      break;
    case PROP_KEYRING:
      g_value_set_object (value, kf_kubeconfig_get_keyring (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_kubeconfig_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KfKubeconfig *self = KF_KUBECONFIG (object);

  switch (prop_id)
    {
    case PROP_KEYRING:
      kf_kubeconfig_set_keyring (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_kubeconfig_class_init (KfKubeconfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kf_kubeconfig_dispose;
  object_class->finalize = kf_kubeconfig_finalize;
  object_class->get_property = kf_kubeconfig_get_property;
  object_class->set_property = kf_kubeconfig_set_property;

  properties[PROP_CURRENT_CONTEXT] =
    g_param_spec_string ("current-context", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONTEXTS] =
    g_param_spec_object ("contexts", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERRORS] =
    g_param_spec_boxed ("errors", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_KEYRING] =
    g_param_spec_object ("keyring", NULL, NULL, KF_TYPE_KEYRING,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KfKubeconfig::changed:
   *
   * Emitted after every load, including the reloads that follow a change
   * of one of the files.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kf_kubeconfig_init (KfKubeconfig *self)
{
  self->contexts = g_list_store_new (KF_TYPE_KUBE_CONTEXT);
  self->errors = g_new0 (char *, 1);
  self->reload_cancellable = g_cancellable_new ();
}

/* ------------------------------------------------------------ public API -- */

KfKubeconfig *
kf_kubeconfig_new (void)
{
  g_auto(GStrv) paths = kf_kubeconfig_get_default_paths ();

  return kf_kubeconfig_new_for_paths ((const char * const *) paths);
}

KfKubeconfig *
kf_kubeconfig_new_for_paths (const char * const *paths)
{
  KfKubeconfig *self = g_object_new (KF_TYPE_KUBECONFIG, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      kf_strv_builder_take (builder, g_canonicalize_filename (paths[i], NULL));
    }
  self->paths = g_strv_builder_end (builder);
  return self;
}

const char * const *
kf_kubeconfig_get_paths (KfKubeconfig *self)
{
  g_return_val_if_fail (KF_IS_KUBECONFIG (self), NULL);
  return (const char * const *) self->paths;
}

GListModel *
kf_kubeconfig_get_contexts (KfKubeconfig *self)
{
  g_return_val_if_fail (KF_IS_KUBECONFIG (self), NULL);
  return G_LIST_MODEL (self->contexts);
}

KfKubeContext *
kf_kubeconfig_lookup_context (KfKubeconfig *self,
                              const char   *name)
{
  guint n;

  g_return_val_if_fail (KF_IS_KUBECONFIG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->contexts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KfKubeContext) context = g_list_model_get_item (G_LIST_MODEL (self->contexts), i);

      if (g_strcmp0 (kf_kube_context_get_name (context), name) == 0)
        return context;  /* the store keeps a reference */
    }
  return NULL;
}

const char *
kf_kubeconfig_get_current_context (KfKubeconfig *self)
{
  g_return_val_if_fail (KF_IS_KUBECONFIG (self), NULL);
  return self->data ? self->data->current_context : NULL;
}

const char * const *
kf_kubeconfig_get_errors (KfKubeconfig *self)
{
  g_return_val_if_fail (KF_IS_KUBECONFIG (self), NULL);
  return (const char * const *) self->errors;
}

KfKeyring *
kf_kubeconfig_get_keyring (KfKubeconfig *self)
{
  g_return_val_if_fail (KF_IS_KUBECONFIG (self), NULL);
  return self->keyring ? self->keyring : kf_keyring_get_default ();
}

void
kf_kubeconfig_set_keyring (KfKubeconfig *self,
                           KfKeyring    *keyring)
{
  g_return_if_fail (KF_IS_KUBECONFIG (self));
  if (g_set_object (&self->keyring, keyring))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING]);
}

KfRestConfig *
kf_kubeconfig_build_rest_config (KfKubeconfig  *self,
                                 const char    *context_name,
                                 GError       **error)
{
  g_return_val_if_fail (KF_IS_KUBECONFIG (self), NULL);

  if (self->data == NULL)
    kf_kubeconfig_load (self);
  return kf_kubeconfig_data_build (self->data, context_name, kf_kubeconfig_get_keyring (self), error);
}

typedef struct
{
  KfKubeconfigData *data;
  char             *context_name;
  KfKeyring        *keyring;
} BuildData;

static void
build_data_free (BuildData *build)
{
  g_clear_pointer (&build->data, kf_kubeconfig_data_unref);
  g_free (build->context_name);
  g_clear_object (&build->keyring);
  g_free (build);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *build = task_data;
  GError *error = NULL;
  KfRestConfig *config;

  if (build->data == NULL)
    build->data = kf_kubeconfig_data_load ((const char * const *) KF_KUBECONFIG (source_object)->paths);
  config = kf_kubeconfig_data_build (build->data, build->context_name, build->keyring, &error);
  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, config, g_object_unref);
}

void
kf_kubeconfig_build_rest_config_async (KfKubeconfig        *self,
                                       const char          *context_name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildData *build;

  g_return_if_fail (KF_IS_KUBECONFIG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_kubeconfig_build_rest_config_async);
  build = g_new0 (BuildData, 1);
  build->data = self->data ? kf_kubeconfig_data_ref (self->data) : NULL;
  build->context_name = g_strdup (context_name);
  build->keyring = g_object_ref (kf_kubeconfig_get_keyring (self));
  g_task_set_task_data (task, build, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
}

KfRestConfig *
kf_kubeconfig_build_rest_config_finish (KfKubeconfig  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
