/* kf-kubeconfig-data.c: reading kubeconfig files and merging them as kubectl does
 *
 * Runs in a worker thread (blocking file reads are fine here). Every problem is
 * turned into a message naming the file and the field; a bad entry is kept with
 * its error so that the contexts that do not use it stay usable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kubeconfig"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "kf-kubeconfig.h"
#include "kf-kubeconfig-private.h"
#include "kf-yaml.h"

#define EXEC_EXTENSION_NAME "client.authentication.k8s.io/exec"

void
kf_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* ---------------------------------------------------------------- entries -- */

KfExecConfig *
kf_exec_config_copy (const KfExecConfig *config)
{
  KfExecConfig *copy;

  if (config == NULL)
    return NULL;
  copy = g_new0 (KfExecConfig, 1);
  copy->api_version = g_strdup (config->api_version);
  copy->command = g_strdup (config->command);
  copy->args = g_strdupv (config->args);
  copy->env_names = g_strdupv (config->env_names);
  copy->env_values = g_strdupv (config->env_values);
  copy->install_hint = g_strdup (config->install_hint);
  copy->provide_cluster_info = config->provide_cluster_info;
  copy->interactive_mode = config->interactive_mode;
  return copy;
}

void
kf_exec_config_free (KfExecConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->api_version);
  g_free (config->command);
  g_strfreev (config->args);
  g_strfreev (config->env_names);
  g_strfreev (config->env_values);
  g_free (config->install_hint);
  g_free (config);
}

KfOidcConfig *
kf_oidc_config_copy (const KfOidcConfig *config)
{
  KfOidcConfig *copy;

  if (config == NULL)
    return NULL;
  copy = g_new0 (KfOidcConfig, 1);
  copy->id_token = g_strdup (config->id_token);
  copy->refresh_token = g_strdup (config->refresh_token);
  copy->issuer_url = g_strdup (config->issuer_url);
  copy->client_id = g_strdup (config->client_id);
  copy->client_secret = g_strdup (config->client_secret);
  copy->idp_ca_file = g_strdup (config->idp_ca_file);
  copy->idp_ca_data = config->idp_ca_data ? g_bytes_ref (config->idp_ca_data) : NULL;
  return copy;
}

void
kf_oidc_config_free (KfOidcConfig *config)
{
  if (config == NULL)
    return;
  kf_secret_free (config->id_token);
  kf_secret_free (config->refresh_token);
  g_free (config->issuer_url);
  g_free (config->client_id);
  kf_secret_free (config->client_secret);
  g_free (config->idp_ca_file);
  g_clear_pointer (&config->idp_ca_data, g_bytes_unref);
  g_free (config);
}

static void
cluster_entry_free (KfKubeClusterEntry *e)
{
  g_free (e->name);
  g_free (e->file);
  g_free (e->where);
  g_free (e->server);
  g_free (e->ca_file);
  g_clear_pointer (&e->ca_data, g_bytes_unref);
  g_free (e->tls_server_name);
  g_free (e->proxy_url);
  g_clear_pointer (&e->exec_extension, json_node_unref);
  g_free (e->error);
  g_free (e);
}

static void
user_entry_free (KfKubeUserEntry *e)
{
  g_free (e->name);
  g_free (e->file);
  g_free (e->where);
  kf_secret_free (e->token);
  g_free (e->token_file);
  g_free (e->client_cert_file);
  g_clear_pointer (&e->client_cert_data, g_bytes_unref);
  g_free (e->client_key_file);
  g_clear_pointer (&e->client_key_data, g_bytes_unref);
  g_free (e->username);
  kf_secret_free (e->password);
  g_clear_pointer (&e->exec, kf_exec_config_free);
  g_clear_pointer (&e->oidc, kf_oidc_config_free);
  g_free (e->error);
  g_free (e);
}

static void
context_entry_free (KfKubeContextEntry *e)
{
  g_free (e->name);
  g_free (e->file);
  g_free (e->where);
  g_free (e->cluster);
  g_free (e->user);
  g_free (e->namespace);
  g_free (e->error);
  g_free (e);
}

/* ---------------------------------------------------------------- helpers -- */

static const char *
describe_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "a mapping";
    case JSON_NODE_ARRAY:
      return "a list";
    case JSON_NODE_NULL:
      return "nothing";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_STRING:
      return "a string";
    default:
      return "a number";
    }
}

G_GNUC_PRINTF (4, 5)
static gboolean
fail (GError     **error,
      const char  *file,
      const char  *where,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_INVALID,
               "%s: %s%s%s", file, where ? where : "", where && *where ? ": " : "", message);
  return FALSE;
}

typedef struct
{
  const char *file;
  const char *dir;
} Source;

static gboolean
get_member (JsonObject  *obj,
            const char  *member,
            JsonNode   **out)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  *out = (node == NULL || JSON_NODE_HOLDS_NULL (node)) ? NULL : node;
  return *out != NULL;
}

static gboolean
get_string (const Source  *src,
            JsonObject    *obj,
            const char    *where,
            const char    *member,
            char         **out,
            GError       **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (obj, member, &node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, src->file, NULL, "%s.%s: expected a string, found %s",
                 where, member, describe_node (node));
  *out = g_strdup (json_node_get_string (node));
  if (**out == '\0')
    g_clear_pointer (out, g_free);
  return TRUE;
}

static gboolean
get_bool (const Source  *src,
          JsonObject    *obj,
          const char    *where,
          const char    *member,
          gboolean      *out,
          GError       **error)
{
  JsonNode *node;

  *out = FALSE;
  if (!get_member (obj, member, &node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, src->file, NULL, "%s.%s: expected true or false, found %s",
                 where, member, describe_node (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_object (const Source  *src,
            JsonObject    *obj,
            const char    *where,
            const char    *member,
            JsonObject   **out,
            GError       **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (obj, member, &node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, src->file, NULL, "%s.%s: expected a mapping, found %s",
                 where, member, describe_node (node));
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (const Source  *src,
           JsonObject    *obj,
           const char    *where,
           const char    *member,
           JsonArray    **out,
           GError       **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (obj, member, &node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, src->file, NULL, "%s.%s: expected a list, found %s",
                 where, member, describe_node (node));
  *out = json_node_get_array (node);
  return TRUE;
}

/* Standard base64 as Go's encoding/json reads []byte: strict alphabet and padding
 * (line breaks tolerated, as people paste wrapped output). */
static gboolean
get_base64 (const Source  *src,
            JsonObject    *obj,
            const char    *where,
            const char    *member,
            GBytes       **out,
            GError       **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GString) clean = NULL;
  guchar *decoded;
  gsize len = 0;
  gsize pad = 0;

  *out = NULL;
  if (!get_string (src, obj, where, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  clean = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p++)
    {
      if (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
        continue;
      if (*p == '=')
        pad++;
      else if (pad > 0 || !(g_ascii_isalnum (*p) || *p == '+' || *p == '/'))
        {
          memset (text, 0, strlen (text));
          return fail (error, src->file, NULL, "%s.%s: invalid base64 (unexpected character at offset %ld)",
                       where, member, (long) (p - text));
        }
      g_string_append_c (clean, *p);
    }
  memset (text, 0, strlen (text));
  if (clean->len % 4 != 0 || pad > 2)
    {
      memset (clean->str, 0, clean->len);
      return fail (error, src->file, NULL, "%s.%s: invalid base64 (truncated or bad padding)", where, member);
    }
  decoded = g_base64_decode (clean->str, &len);
  memset (clean->str, 0, clean->len);
  *out = g_bytes_new_take (decoded, len);
  return TRUE;
}

static char *
resolve_path (const Source *src,
              const char   *path)
{
  if (path == NULL)
    return NULL;
  return g_canonicalize_filename (path, src->dir);
}

static gboolean
get_path (const Source  *src,
          JsonObject    *obj,
          const char    *where,
          const char    *member,
          char         **out,
          GError       **error)
{
  g_autofree char *raw = NULL;

  if (!get_string (src, obj, where, member, &raw, error))
    return FALSE;
  *out = resolve_path (src, raw);
  return TRUE;
}

static gboolean
check_readable (const Source  *src,
                const char    *where,
                const char    *member,
                const char    *path,
                GError       **error)
{
  if (path == NULL || g_access (path, R_OK) == 0)
    return TRUE;
  return fail (error, src->file, NULL, "%s.%s: cannot read %s: %s",
               where, member, path, g_strerror (errno));
}

static gboolean
check_url (const Source  *src,
           const char    *where,
           const char    *member,
           const char    *url,
           const char    *const *schemes,
           GError       **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;

  if (url == NULL)
    return TRUE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return fail (error, src->file, NULL, "%s.%s: “%s” is not a URL with a host", where, member, url);
  if (!g_strv_contains (schemes, g_uri_get_scheme (uri)))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) schemes);
      return fail (error, src->file, NULL, "%s.%s: unsupported scheme “%s” (use %s)",
                   where, member, g_uri_get_scheme (uri), list);
    }
  return TRUE;
}

static gboolean
get_strv (const Source  *src,
          JsonObject    *obj,
          const char    *where,
          const char    *member,
          GStrv         *out,
          GError       **error)
{
  JsonArray *array;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  *out = NULL;
  if (!get_array (src, obj, where, member, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return fail (error, src->file, NULL, "%s.%s[%u]: expected a string, found %s",
                     where, member, i, describe_node (node));
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* --------------------------------------------------------------- clusters -- */

static gboolean
parse_cluster (const Source        *src,
               JsonObject          *obj,
               KfKubeClusterEntry  *e,
               GError             **error)
{
  static const char *const server_schemes[] = { "https", "http", NULL };
  static const char *const proxy_schemes[] = { "http", "https", "socks5", NULL };
  const char *w = e->where;
  JsonArray *extensions;

  if (obj == NULL)
    return fail (error, src->file, w, "\"server\" is required");

  if (!get_string (src, obj, w, "server", &e->server, error) ||
      !get_path (src, obj, w, "certificate-authority", &e->ca_file, error) ||
      !get_base64 (src, obj, w, "certificate-authority-data", &e->ca_data, error) ||
      !get_bool (src, obj, w, "insecure-skip-tls-verify", &e->insecure, error) ||
      !get_string (src, obj, w, "tls-server-name", &e->tls_server_name, error) ||
      !get_string (src, obj, w, "proxy-url", &e->proxy_url, error) ||
      !get_array (src, obj, w, "extensions", &extensions, error))
    return FALSE;

  for (guint i = 0; extensions != NULL && i < json_array_get_length (extensions); i++)
    {
      JsonNode *node = json_array_get_element (extensions, i);
      JsonObject *ext;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, src->file, NULL, "%s.extensions[%u]: expected a mapping, found %s",
                     w, i, describe_node (node));
      ext = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (ext, "name", ""), EXEC_EXTENSION_NAME) == 0 &&
          json_object_has_member (ext, "extension"))
        e->exec_extension = json_node_copy (json_object_get_member (ext, "extension"));
    }

  if (e->server == NULL)
    return fail (error, src->file, w, "\"server\" is required");
  if (!check_url (src, w, "server", e->server, server_schemes, error) ||
      !check_url (src, w, "proxy-url", e->proxy_url, proxy_schemes, error))
    return FALSE;
  if (e->ca_file != NULL && e->ca_data != NULL)
    return fail (error, src->file, w, "both \"certificate-authority\" and \"certificate-authority-data\" are set; keep one");
  if (!check_readable (src, w, "certificate-authority", e->ca_file, error))
    return FALSE;
  /* as kubectl: only matters when TLS is used */
  if (e->insecure && (e->ca_file != NULL || e->ca_data != NULL) && g_str_has_prefix (e->server, "https:"))
    return fail (error, src->file, w,
                 "\"insecure-skip-tls-verify\" cannot be combined with a certificate authority "
                 "(kubectl refuses this too); remove one of them");
  return TRUE;
}

/* ------------------------------------------------------------------ users -- */

static gboolean
parse_exec (const Source  *src,
            JsonObject    *obj,
            const char    *user_where,
            KfExecConfig **out,
            GError       **error)
{
  g_autoptr(KfExecConfig) exec = g_new0 (KfExecConfig, 1);
  g_autofree char *w = g_strconcat (user_where, ".exec", NULL);
  g_autofree char *mode = NULL;
  g_autofree char *command = NULL;
  JsonArray *env;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();

  if (!get_string (src, obj, w, "command", &command, error) ||
      !get_string (src, obj, w, "apiVersion", &exec->api_version, error) ||
      !get_strv (src, obj, w, "args", &exec->args, error) ||
      !get_array (src, obj, w, "env", &env, error) ||
      !get_string (src, obj, w, "installHint", &exec->install_hint, error) ||
      !get_bool (src, obj, w, "provideClusterInfo", &exec->provide_cluster_info, error) ||
      !get_string (src, obj, w, "interactiveMode", &mode, error))
    return FALSE;

  if (command == NULL)
    return fail (error, src->file, w, "\"command\" is required");
  /* kubectl: a command with a path separator is relative to the kubeconfig file */
  exec->command = strchr (command, '/') != NULL ? resolve_path (src, command) : g_steal_pointer (&command);

  if (exec->api_version == NULL)
    return fail (error, src->file, w, "\"apiVersion\" is required");
  if (g_str_equal (exec->api_version, "client.authentication.k8s.io/v1alpha1"))
    return fail (error, src->file, w,
                 "apiVersion client.authentication.k8s.io/v1alpha1 was removed in Kubernetes 1.24; "
                 "regenerate this kubeconfig with a current version of the cloud CLI");
  if (!g_str_equal (exec->api_version, "client.authentication.k8s.io/v1") &&
      !g_str_equal (exec->api_version, "client.authentication.k8s.io/v1beta1"))
    return fail (error, src->file, w,
                 "unsupported apiVersion “%s” (use client.authentication.k8s.io/v1 or v1beta1)",
                 exec->api_version);

  /* kubectl requires interactiveMode for v1; without a terminal IfAvailable and Never
   * behave the same here, so a missing one is accepted. */
  if (mode == NULL || g_str_equal (mode, "IfAvailable"))
    exec->interactive_mode = KF_EXEC_INTERACTIVE_IF_AVAILABLE;
  else if (g_str_equal (mode, "Never"))
    exec->interactive_mode = KF_EXEC_INTERACTIVE_NEVER;
  else if (g_str_equal (mode, "Always"))
    exec->interactive_mode = KF_EXEC_INTERACTIVE_ALWAYS;
  else
    return fail (error, src->file, w, "invalid interactiveMode “%s” (use Never, IfAvailable or Always)", mode);

  for (guint i = 0; env != NULL && i < json_array_get_length (env); i++)
    {
      JsonNode *node = json_array_get_element (env, i);
      g_autofree char *ew = g_strdup_printf ("%s.env[%u]", w, i);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, src->file, ew, "expected a mapping with name and value, found %s", describe_node (node));
      if (!get_string (src, json_node_get_object (node), ew, "name", &name, error) ||
          !get_string (src, json_node_get_object (node), ew, "value", &value, error))
        return FALSE;
      if (name == NULL)
        return fail (error, src->file, ew, "\"name\" is required");
      if (strchr (name, '=') != NULL)
        return fail (error, src->file, ew, "\"name\" cannot contain “=”");
      g_strv_builder_add (names, name);
      g_strv_builder_add (values, value ? value : "");
    }
  exec->env_names = g_strv_builder_end (names);
  exec->env_values = g_strv_builder_end (values);
  if (exec->args == NULL)
    exec->args = g_new0 (char *, 1);

  *out = g_steal_pointer (&exec);
  return TRUE;
}

static gboolean
parse_auth_provider (const Source  *src,
                     JsonObject    *obj,
                     const char    *user_where,
                     KfOidcConfig **out,
                     GError       **error)
{
  g_autofree char *w = g_strconcat (user_where, ".auth-provider", NULL);
  g_autofree char *cw = g_strconcat (w, ".config", NULL);
  g_autofree char *name = NULL;
  g_autoptr(KfOidcConfig) oidc = g_new0 (KfOidcConfig, 1);
  JsonObject *config;

  if (!get_string (src, obj, w, "name", &name, error) ||
      !get_object (src, obj, w, "config", &config, error))
    return FALSE;
  if (name == NULL)
    return fail (error, src->file, w, "\"name\" is required");
  if (!g_str_equal (name, "oidc"))
    return fail (error, src->file, w,
                 "auth-provider “%s” is not supported (the gcp and azure providers were removed "
                 "from Kubernetes; use their exec plugins, e.g. gke-gcloud-auth-plugin or kubelogin)",
                 name);
  if (!get_string (src, config, cw, "id-token", &oidc->id_token, error) ||
      !get_string (src, config, cw, "refresh-token", &oidc->refresh_token, error) ||
      !get_string (src, config, cw, "idp-issuer-url", &oidc->issuer_url, error) ||
      !get_string (src, config, cw, "client-id", &oidc->client_id, error) ||
      !get_string (src, config, cw, "client-secret", &oidc->client_secret, error) ||
      !get_path (src, config, cw, "idp-certificate-authority", &oidc->idp_ca_file, error) ||
      !get_base64 (src, config, cw, "idp-certificate-authority-data", &oidc->idp_ca_data, error))
    return FALSE;
  if (oidc->issuer_url == NULL)
    return fail (error, src->file, cw, "\"idp-issuer-url\" is required");
  if (oidc->client_id == NULL)
    return fail (error, src->file, cw, "\"client-id\" is required");
  {
    static const char *const schemes[] = { "https", "http", NULL };
    if (!check_url (src, cw, "idp-issuer-url", oidc->issuer_url, schemes, error))
      return FALSE;
  }
  *out = g_steal_pointer (&oidc);
  return TRUE;
}

static gboolean
parse_user (const Source     *src,
            JsonObject       *obj,
            KfKubeUserEntry  *e,
            GError          **error)
{
  const char *w = e->where;
  JsonObject *exec;
  JsonObject *provider;

  if (obj == NULL)
    return TRUE;  /* an empty user: no credentials */

  if (!get_string (src, obj, w, "token", &e->token, error) ||
      !get_path (src, obj, w, "tokenFile", &e->token_file, error) ||
      !get_path (src, obj, w, "client-certificate", &e->client_cert_file, error) ||
      !get_base64 (src, obj, w, "client-certificate-data", &e->client_cert_data, error) ||
      !get_path (src, obj, w, "client-key", &e->client_key_file, error) ||
      !get_base64 (src, obj, w, "client-key-data", &e->client_key_data, error) ||
      !get_string (src, obj, w, "username", &e->username, error) ||
      !get_string (src, obj, w, "password", &e->password, error) ||
      !get_object (src, obj, w, "exec", &exec, error) ||
      !get_object (src, obj, w, "auth-provider", &provider, error))
    return FALSE;

  if (exec != NULL && !parse_exec (src, exec, w, &e->exec, error))
    return FALSE;
  if (provider != NULL && !parse_auth_provider (src, provider, w, &e->oidc, error))
    return FALSE;

  if (e->exec != NULL && e->oidc != NULL)
    return fail (error, src->file, w, "\"exec\" and \"auth-provider\" cannot both be set");
  if (e->client_cert_file != NULL && e->client_cert_data != NULL)
    return fail (error, src->file, w, "both \"client-certificate\" and \"client-certificate-data\" are set; keep one");
  if (e->client_key_file != NULL && e->client_key_data != NULL)
    return fail (error, src->file, w, "both \"client-key\" and \"client-key-data\" are set; keep one");
  if ((e->client_cert_file || e->client_cert_data) && !(e->client_key_file || e->client_key_data))
    return fail (error, src->file, w, "a client certificate needs \"client-key\" or \"client-key-data\"");
  if ((e->client_key_file || e->client_key_data) && !(e->client_cert_file || e->client_cert_data))
    return fail (error, src->file, w, "a client key needs \"client-certificate\" or \"client-certificate-data\"");
  if ((e->token || e->token_file) && (e->username || e->password))
    return fail (error, src->file, w, "more than one authentication method: a token and a username/password; keep one");
  if (e->password != NULL && e->username == NULL)
    return fail (error, src->file, w, "\"password\" is set without \"username\"");

  return check_readable (src, w, "client-certificate", e->client_cert_file, error) &&
         check_readable (src, w, "client-key", e->client_key_file, error);
}

/* --------------------------------------------------------------- contexts -- */

static gboolean
parse_context (const Source        *src,
               JsonObject          *obj,
               KfKubeContextEntry  *e,
               GError             **error)
{
  const char *w = e->where;

  if (obj == NULL)
    return fail (error, src->file, w, "\"cluster\" is required");
  if (!get_string (src, obj, w, "cluster", &e->cluster, error) ||
      !get_string (src, obj, w, "user", &e->user, error) ||
      !get_string (src, obj, w, "namespace", &e->namespace, error))
    return FALSE;
  if (e->cluster == NULL)
    return fail (error, src->file, w, "\"cluster\" is required");
  return TRUE;
}

/* ------------------------------------------------------------------ files -- */

typedef enum { KIND_CLUSTER, KIND_USER, KIND_CONTEXT } Kind;

static void
parse_list (KfKubeconfigData *data,
            const Source     *src,
            JsonObject       *root,
            Kind              kind)
{
  static const char *const lists[] = { "clusters", "users", "contexts" };
  static const char *const inner[] = { "cluster", "user", "context" };
  const char *list = lists[kind];
  GHashTable *table = kind == KIND_CLUSTER ? data->clusters : kind == KIND_USER ? data->users : data->contexts;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (!get_array (src, root, "", list, &array, &error))
    {
      /* get_array wrote ": .clusters"; say it plainly */
      g_ptr_array_add (data->errors, g_strdup_printf ("%s: %s: expected a list, found %s", src->file, list,
                                                      describe_node (json_object_get_member (root, list))));
      return;
    }

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *item_where = g_strdup_printf ("%s[%u]", list, i);
      g_autofree char *where = g_strdup_printf ("%s.%s", item_where, inner[kind]);
      g_autofree char *name = NULL;
      JsonObject *body = NULL;
      gboolean ok;
      char **error_slot;
      gpointer entry;

      g_clear_error (&error);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_ptr_array_add (data->errors, g_strdup_printf ("%s: %s: expected a mapping with name and %s, found %s",
                                                          src->file, item_where, inner[kind], describe_node (node)));
          continue;
        }
      if (!get_string (src, json_node_get_object (node), item_where, "name", &name, &error))
        {
          g_ptr_array_add (data->errors, g_strdup (error->message));
          continue;
        }
      if (name == NULL)
        {
          g_ptr_array_add (data->errors, g_strdup_printf ("%s: %s: \"name\" is required", src->file, item_where));
          continue;
        }
      if (g_hash_table_contains (seen, name))
        {
          g_ptr_array_add (data->errors, g_strdup_printf ("%s: %s: another entry in this file is already named “%s”; the first one is used",
                                                          src->file, item_where, name));
          continue;
        }
      g_hash_table_add (seen, (gpointer) json_object_get_string_member (json_node_get_object (node), "name"));
      if (g_hash_table_contains (table, name))
        continue;  /* kubectl: the first file to define a name wins */

      ok = get_object (src, json_node_get_object (node), item_where, inner[kind], &body, &error);
      switch (kind)
        {
        case KIND_CLUSTER:
          {
            KfKubeClusterEntry *e = g_new0 (KfKubeClusterEntry, 1);
            e->where = g_steal_pointer (&where);
            ok = ok && parse_cluster (src, body, e, &error);
            error_slot = &e->error;
            entry = e;
          }
          break;
        case KIND_USER:
          {
            KfKubeUserEntry *e = g_new0 (KfKubeUserEntry, 1);
            e->where = g_steal_pointer (&where);
            ok = ok && parse_user (src, body, e, &error);
            error_slot = &e->error;
            entry = e;
          }
          break;
        case KIND_CONTEXT:
        default:
          {
            KfKubeContextEntry *e = g_new0 (KfKubeContextEntry, 1);
            e->where = g_steal_pointer (&where);
            ok = ok && parse_context (src, body, e, &error);
            error_slot = &e->error;
            entry = e;
            g_ptr_array_add (data->context_order, e);
          }
          break;
        }
      /* name and file are the first two members of every entry struct */
      ((KfKubeContextEntry *) entry)->name = g_strdup (name);
      ((KfKubeContextEntry *) entry)->file = g_strdup (src->file);
      if (!ok)
        {
          *error_slot = g_strdup (error->message);
          g_ptr_array_add (data->errors, g_strdup (error->message));
        }
      g_hash_table_insert (table, g_steal_pointer (&name), entry);
    }
}

static void
load_file (KfKubeconfigData *data,
           const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *current = NULL;
  Source src;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;  /* kubectl skips missing files in KUBECONFIG */
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (data->errors, g_strdup_printf ("%s: is a directory, not a kubeconfig file", path));
      return;
    }

  root = kf_yaml_parse_file (path, &error);
  if (root == NULL)
    {
      if (g_error_matches (error, KF_YAML_ERROR, KF_YAML_ERROR_EMPTY))
        return;  /* an empty file is an empty config */
      if (g_str_has_prefix (error->message, path))
        g_ptr_array_add (data->errors, g_strdup (error->message));
      else
        g_ptr_array_add (data->errors, g_strdup_printf ("%s: %s", path, error->message));
      return;
    }
  if (JSON_NODE_HOLDS_NULL (root))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_ptr_array_add (data->errors, g_strdup_printf ("%s: not a kubeconfig (the document is %s, not a mapping)",
                                                      path, describe_node (root)));
      return;
    }

  dir = g_path_get_dirname (path);
  src.file = path;
  src.dir = dir;

  parse_list (data, &src, json_node_get_object (root), KIND_CLUSTER);
  parse_list (data, &src, json_node_get_object (root), KIND_USER);
  parse_list (data, &src, json_node_get_object (root), KIND_CONTEXT);

  if (!get_string (&src, json_node_get_object (root), "", "current-context", &current, &error))
    g_ptr_array_add (data->errors, g_strdup_printf ("%s: current-context: expected a string", path));
  else if (current != NULL && data->current_context == NULL)
    {
      data->current_context = g_steal_pointer (&current);
      data->current_context_file = g_strdup (path);
    }
}

KfKubeconfigData *
kf_kubeconfig_data_load (const char * const *paths)
{
  KfKubeconfigData *data = g_atomic_rc_box_new0 (KfKubeconfigData);

  data->paths = g_strdupv ((char **) paths);
  data->clusters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cluster_entry_free);
  data->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) user_entry_free);
  data->contexts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) context_entry_free);
  data->context_order = g_ptr_array_new ();
  data->errors = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    load_file (data, paths[i]);

  if (data->current_context != NULL && !g_hash_table_contains (data->contexts, data->current_context))
    g_ptr_array_add (data->errors, g_strdup_printf ("%s: current-context: no context named “%s”",
                                                    data->current_context_file, data->current_context));
  return data;
}

static void
data_clear (KfKubeconfigData *data)
{
  g_strfreev (data->paths);
  g_ptr_array_unref (data->context_order);
  g_hash_table_unref (data->contexts);
  g_hash_table_unref (data->users);
  g_hash_table_unref (data->clusters);
  g_free (data->current_context);
  g_free (data->current_context_file);
  g_ptr_array_unref (data->errors);
}

KfKubeconfigData *
kf_kubeconfig_data_ref (KfKubeconfigData *data)
{
  return g_atomic_rc_box_acquire (data);
}

void
kf_kubeconfig_data_unref (KfKubeconfigData *data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) data_clear);
}

char *
kf_kubeconfig_data_context_error (KfKubeconfigData   *data,
                                  KfKubeContextEntry *context)
{
  KfKubeClusterEntry *cluster;
  KfKubeUserEntry *user;

  if (context->error != NULL)
    return g_strdup (context->error);
  cluster = g_hash_table_lookup (data->clusters, context->cluster);
  if (cluster == NULL)
    return g_strdup_printf ("%s: %s: cluster “%s” is not defined in any kubeconfig file",
                            context->file, context->where, context->cluster);
  if (cluster->error != NULL)
    return g_strdup (cluster->error);
  if (context->user == NULL)
    return NULL;
  user = g_hash_table_lookup (data->users, context->user);
  if (user == NULL)
    return g_strdup_printf ("%s: %s: user “%s” is not defined in any kubeconfig file",
                            context->file, context->where, context->user);
  return g_strdup (user->error);
}
