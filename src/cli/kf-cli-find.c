/* kf-cli-find.c: finding a deployment by name for the CLI's commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-cli-find.h"
#include "kf-cli-list.h"
#include "kf-cli-whoami.h"
#include "kf-deployment-actions.h"
#include "kf-kube-error.h"
#include "kf-provider-registry.h"

/* "RUNTIME/NAME": the provider (NULL for a plain name) and the name. */
static const char *
split_name (const char  *qualified,
            KfProvider **provider)
{
  const char *slash = strchr (qualified, '/');
  g_autofree char *id = NULL;

  *provider = NULL;
  if (slash == NULL)
    return qualified;
  id = g_strndup (qualified, (gsize) (slash - qualified));
  *provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), id);
  return *provider != NULL ? slash + 1 : qualified;
}

static gboolean
matches (KfDeployment *d,
         const char   *name,
         KfProvider   *provider)
{
  return g_str_equal (kf_deployment_get_name (d), name) &&
         (provider == NULL || kf_deployment_get_provider (d) == provider);
}

/* Edit distance, for "did you mean" (names are short). */
static guint
distance (const char *a,
          const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + (a[i - 1] == b[j - 1] ? 0 : 1));
          diag = up;
        }
    }
  return row[lb];
}

static gboolean
similar (const char *a,
         const char *b)
{
  return g_ascii_strcasecmp (a, b) == 0 || g_str_has_prefix (a, b) || g_str_has_prefix (b, a) ||
         distance (a, b) <= (strlen (b) <= 3 ? 1 : MAX (2, strlen (b) / 4));
}

/* "; did you mean …?" from the deployments @all (may be NULL): @name in
 * other namespaces first, else similar names (in @ns when given). */
static char *
suggest (GPtrArray  *all,
         const char *ns,
         const char *name,
         KfProvider *provider)
{
  g_autoptr(GString) same = g_string_new (NULL);
  g_autoptr(GString) near = g_string_new (NULL);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      KfDeployment *d = g_ptr_array_index (all, i);
      const char *d_ns = kf_deployment_get_namespace (d);

      if (matches (d, name, provider))
        g_string_append_printf (same, "%s“%s” in namespace %s (--namespace %s)", same->len ? " or " : "",
                                name, d_ns, d_ns);
      else if ((ns == NULL || g_str_equal (ns, d_ns)) && similar (kf_deployment_get_name (d), name) && near->len < 200)
        g_string_append_printf (near, "%s“%s”%s%s", near->len ? " or " : "", kf_deployment_get_name (d),
                                ns == NULL ? " in namespace " : "", ns == NULL ? d_ns : "");
    }
  if (same->len > 0)
    return g_strdup_printf ("; did you mean %s?", same->str);
  if (near->len > 0)
    return g_strdup_printf ("; did you mean %s?", near->str);
  return g_strdup (" (see kubefoundry-cli list)");
}

/* "dynamo/x in team-a, kuberay/x in team-b" */
static char *
describe_matches (GPtrArray *found)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    {
      KfDeployment *d = g_ptr_array_index (found, i);

      g_string_append_printf (s, "%s%s/%s in %s", i ? ", " : "", kf_deployment_get_provider_id (d),
                              kf_deployment_get_name (d), kf_deployment_get_namespace (d));
    }
  return g_string_free (s, FALSE);
}

static KfDeployment *
pick_one (GPtrArray   *found,
          const char  *name,
          GError     **error)
{
  g_autofree char *where = NULL;
  gboolean one_namespace = TRUE;

  if (found->len == 1)
    return g_object_ref (g_ptr_array_index (found, 0));
  for (guint i = 1; i < found->len; i++)
    one_namespace &= g_str_equal (kf_deployment_get_namespace (g_ptr_array_index (found, i)),
                                  kf_deployment_get_namespace (g_ptr_array_index (found, 0)));
  where = describe_matches (found);
  if (one_namespace)
    g_set_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FAILED,
                 "“%s” is a deployment of several runtimes (%s): name one as RUNTIME/%s", name, where, name);
  else
    g_set_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FAILED,
                 "“%s” exists in several namespaces (%s): choose one with --namespace", name, where);
  return NULL;
}

/* In one namespace: a GET per runtime, so that any custom resource of that
 * name is found (not only labelled ones). */
static KfDeployment *
find_in_namespace (KfKubeClient  *client,
                   const char    *ns,
                   const char    *name,
                   KfProvider    *only,
                   GError       **error)
{
  GPtrArray *providers = kf_provider_registry_list (kf_provider_registry_get_default ());
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) elsewhere = NULL;
  g_autoptr(GError) other = NULL;
  g_autofree char *hint = NULL;

  for (guint i = 0; i < providers->len; i++)
    {
      KfProvider *p = g_ptr_array_index (providers, i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) local = NULL;
      g_autoptr(JsonNode) cr = NULL;
      g_autoptr(KfKubeObject) obj = NULL;
      KfKubeResource resource;

      if (only != NULL && p != only)
        continue;
      kf_deployment_resource_for_provider (p, &resource);
      kf_kube_client_get_async (client, &resource, ns, name, NULL, kf_cli_store_cb, &result);
      kf_cli_wait (&result);
      cr = kf_kube_client_request_finish (client, result, &local);
      if (cr != NULL && (obj = kf_kube_object_new (cr)) != NULL)
        g_ptr_array_add (found, kf_deployment_new (p, obj));
      /* a runtime that is not installed answers NotFound too; keep the first other error */
      else if (local != NULL && !g_error_matches (local, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND) && other == NULL)
        other = g_steal_pointer (&local);
    }
  if (found->len > 0)
    return pick_one (found, name, error);
  if (other != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&other));
      return NULL;
    }

  /* where else it is, if the user may list all namespaces; else what is here */
  elsewhere = kf_cli_list_deployments (client, NULL, NULL);
  if (elsewhere == NULL)
    elsewhere = kf_cli_list_deployments (client, ns, NULL);
  hint = suggest (elsewhere, ns, name, only);
  g_set_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND, "no deployment “%s” in namespace %s%s", name, ns, hint);
  return NULL;
}

static KfDeployment *
find_anywhere (KfKubeClient  *client,
               const char    *name,
               KfProvider    *only,
               GError       **error)
{
  g_autoptr(GPtrArray) all = kf_cli_list_deployments (client, NULL, error);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *hint = NULL;

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    if (matches (g_ptr_array_index (all, i), name, only))
      g_ptr_array_add (found, g_object_ref (g_ptr_array_index (all, i)));
  if (found->len > 0)
    return pick_one (found, name, error);
  hint = suggest (all, NULL, name, only);
  g_set_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND, "no deployment “%s” in any namespace%s", name, hint);
  return NULL;
}

KfDeployment *
kf_cli_find_deployment (KfKubeClient  *client,
                        const char    *ns,
                        const char    *name,
                        GError       **error)
{
  KfProvider *only = NULL;
  const char *plain;

  g_return_val_if_fail (KF_IS_KUBE_CLIENT (client), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  plain = split_name (name, &only);
  if (ns != NULL)
    return find_in_namespace (client, ns, plain, only, error);
  return find_anywhere (client, plain, only, error);
}

KfDeployment *
kf_cli_connect_and_find (KfCliGlobals  *globals,
                         const char    *name,
                         KfKubeClient **client,
                         GError       **error)
{
  g_autoptr(KfKubeClient) connected = kf_cli_connect (globals, error);
  KfDeployment *d;

  if (connected == NULL)
    return NULL;
  d = kf_cli_find_deployment (connected, globals->namespace, name, error);
  if (d != NULL)
    *client = g_steal_pointer (&connected);
  return d;
}

JsonNode *
kf_cli_find_deployment_cr (KfKubeClient  *client,
                           const char    *ns,
                           const char    *name,
                           KfProvider   **provider,
                           GError       **error)
{
  g_autoptr(KfDeployment) d = kf_cli_find_deployment (client, ns, name, error);

  if (d == NULL)
    return NULL;
  *provider = kf_deployment_get_provider (d);
  return json_node_ref (kf_deployment_get_json (d));
}
