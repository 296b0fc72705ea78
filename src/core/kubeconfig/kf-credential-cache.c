/* kf-credential-cache.c: token cache, single flight and credential source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kubeconfig"

#include "config.h"

#include <string.h>

#include "kf-credential-cache.h"
#include "kf-kubeconfig-private.h"

GError *
kf_cred_error_new (const char *format,
                   ...)
{
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS, format, args);
  va_end (args);
  return error;
}

void
kf_credential_cache_clear (KfCredentialCache *cache)
{
  g_clear_pointer (&cache->token, kf_secret_free);
  g_clear_object (&cache->certificate);
  cache->expiry = 0;
  cache->stored = FALSE;
}

void
kf_credential_cache_destroy (KfCredentialCache *cache)
{
  g_assert (cache->waiters == NULL);
  kf_credential_cache_clear (cache);
}

void
kf_credential_cache_store (KfCredentialCache *cache,
                           const char        *token,
                           GTlsCertificate   *certificate,
                           gint64             expiry)
{
  kf_credential_cache_clear (cache);
  cache->token = g_strdup (token);
  g_set_object (&cache->certificate, certificate);
  cache->expiry = expiry;
  cache->stored = TRUE;
}

gboolean
kf_credential_cache_is_valid (KfCredentialCache *cache)
{
  return cache->stored && (cache->expiry == 0 || g_get_real_time () < cache->expiry - cache->margin);
}

gboolean
kf_credential_cache_is_fetching (KfCredentialCache *cache)
{
  return cache->waiters != NULL;
}

gboolean
kf_credential_cache_join (KfCredentialCache *cache,
                          GTask             *task)
{
  gboolean first = cache->waiters == NULL;

  if (first)
    cache->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (cache->waiters, task);
  return first;
}

void
kf_credential_cache_finish (KfCredentialCache *cache,
                            GError            *error,
                            void             (*return_cb) (GTask *task, gpointer data),
                            gpointer           data)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&cache->waiters);

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        return_cb (task, data);
    }
  g_clear_error (&error);
}

gboolean
kf_credential_cache_invalidate (KfCredentialCache *cache)
{
  if (cache->waiters != NULL)
    return FALSE;
  kf_credential_cache_clear (cache);
  return TRUE;
}

/* ------------------------------------------------------ credential source -- */

typedef struct
{
  GObject                    *credential;
  KfCredentialSourceGet         get;
  KfCredentialSourceFinish    finish;
  KfCredentialSourceInvalidate  invalidate;
} Source;

static void
source_free (gpointer data)
{
  Source *source = data;

  g_object_unref (source->credential);
  g_free (source);
}

static void
source_get_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Source *source = g_task_get_task_data (task);
  KfRestConfig *config = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *token = source->finish (object, config, result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, token ? g_strconcat ("Bearer ", token, NULL) : NULL, g_free);
  kf_secret_free (token);
}

static void
source_fetch (KfRestConfig        *config,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             func_data)
{
  Source *source = func_data;
  GTask *task = g_task_new (config, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_fetch);
  g_task_set_task_data (task, func_data, NULL);
  source->get (source->credential, cancellable, source_get_cb, task);
}

static char *
source_finish (KfRestConfig  *config,
               GAsyncResult  *result,
               GError       **error,
               gpointer       func_data)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
source_invalidate (KfRestConfig *config,
                   gpointer      func_data)
{
  Source *source = func_data;

  source->invalidate (source->credential);
}

void
kf_credential_source_attach (KfRestConfig               *config,
                             gpointer                    credential,
                             KfCredentialSourceGet         get,
                             KfCredentialSourceFinish    finish,
                             KfCredentialSourceInvalidate  invalidate)
{
  Source *source;

  g_return_if_fail (KF_IS_REST_CONFIG (config));
  g_return_if_fail (G_IS_OBJECT (credential));

  source = g_new0 (Source, 1);
  source->credential = g_object_ref (credential);
  source->get = get;
  source->finish = finish;
  source->invalidate = invalidate;
  kf_rest_config_set_credential_source (config, source_fetch, source_finish, source_invalidate, source, source_free);
}
