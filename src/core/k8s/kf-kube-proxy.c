/* kf-kube-proxy.c: which proxy a KfKubeClient goes through (proxy-url, HTTPS_PROXY, NO_PROXY)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include <string.h>

#include "kf-kube-client-private.h"


static gboolean
host_matches_no_proxy (const char *host,
                       guint16     port,
                       const char *no_proxy)
{
  g_auto(GStrv) entries = NULL;

  if (no_proxy == NULL || *no_proxy == '\0')
    return FALSE;
  entries = g_strsplit (no_proxy, ",", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autofree char *entry = g_strstrip (g_ascii_strdown (entries[i], -1));
      char *colon;

      if (*entry == '\0')
        continue;
      if (g_str_equal (entry, "*"))
        return TRUE;
      /* host:port entries only match that port */
      colon = strrchr (entry, ':');
      if (colon != NULL && strchr (entry, ':') == colon && g_ascii_isdigit (colon[1]))
        {
          if ((guint16) g_ascii_strtoull (colon + 1, NULL, 10) != port)
            continue;
          *colon = '\0';
        }
      if (strchr (entry, '/') != NULL)
        {
          g_autoptr(GInetAddressMask) mask = g_inet_address_mask_new_from_string (entry, NULL);
          g_autoptr(GInetAddress) addr = g_inet_address_new_from_string (host);

          if (mask != NULL && addr != NULL && g_inet_address_mask_matches (mask, addr))
            return TRUE;
          continue;
        }
      {
        const char *suffix = entry[0] == '.' ? entry + 1 : entry;
        gsize hl = strlen (host), sl = strlen (suffix);

        if (g_ascii_strcasecmp (host, suffix) == 0)
          return TRUE;
        if (hl > sl && host[hl - sl - 1] == '.' && g_ascii_strcasecmp (host + hl - sl, suffix) == 0)
          return TRUE;
      }
    }
  return FALSE;
}

static const char *
getenv_either (const char *upper,
               const char *lower)
{
  const char *value = g_getenv (upper);

  if (value == NULL || *value == '\0')
    value = g_getenv (lower);
  return (value != NULL && *value != '\0') ? value : NULL;
}

static gboolean
check_proxy_url (const char  *url,
                 const char  *origin,
                 GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                   "The proxy URL “%s” (%s) is not a valid URL", url, origin);
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0 &&
      g_ascii_strcasecmp (scheme, "socks5") != 0)
    {
      g_set_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                   "The proxy URL “%s” (%s) has an unsupported scheme “%s” (use http, https or socks5)",
                   url, origin, scheme);
      return FALSE;
    }
  return TRUE;
}

GProxyResolver *
kf_kube_proxy_resolver_new (KfRestConfig  *config,
                            const char    *server_host,
                            guint16        server_port,
                            gboolean       https,
                            GError       **error)
{
  const char *proxy_url = kf_rest_config_get_proxy_url (config);
  const char *env;

  if (proxy_url != NULL && *proxy_url != '\0')
    {
      if (!check_proxy_url (proxy_url, "proxy-url in the kubeconfig", error))
        return NULL;
      return g_simple_proxy_resolver_new (proxy_url, NULL);
    }

  env = https ? getenv_either ("HTTPS_PROXY", "https_proxy") : getenv_either ("HTTP_PROXY", "http_proxy");
  if (env == NULL)
    return NULL;
  if (host_matches_no_proxy (server_host, server_port, getenv_either ("NO_PROXY", "no_proxy")))
    return NULL;
  if (!check_proxy_url (env, https ? "HTTPS_PROXY" : "HTTP_PROXY", error))
    return NULL;
  return g_simple_proxy_resolver_new (env, NULL);
}
