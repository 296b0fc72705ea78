/* kf-exec-credential.c: client.authentication.k8s.io exec plugins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-exec-credential"

#include "config.h"

#include <string.h>

#include "kf-credential-cache.h"
#include "kf-exec-credential.h"
#include "kf-pem.h"

#define MAX_STDERR_CHARS 2000
#define MAX_STDERR_LINES 20

struct _KfExecCredential
{
  GObject          parent_instance;

  KfExecConfig    *config;
  char            *context;
  char            *user;
  JsonNode        *cluster_info;
  KfKeyring       *keyring;
  guint            timeout_seconds;
  gboolean         flatpak;

  /* the credential, the keyring check and the waiters of a run in progress */
  KfCredentialCache cache;

  /* a run in progress */
  GCancellable    *run_cancellable;
  GSubprocess     *process;
  guint            timeout_id;
  gboolean         timed_out;
  guint            run_count;
};

G_DEFINE_FINAL_TYPE (KfExecCredential, kf_exec_credential, G_TYPE_OBJECT)

static const char *
command_name (KfExecCredential *self)
{
  return self->config->command;
}

static char *
with_install_hint (KfExecCredential *self,
                   const char       *message)
{
  g_autofree char *hint = self->config->install_hint ? g_strstrip (g_strdup (self->config->install_hint)) : NULL;

  if (hint == NULL || *hint == '\0')
    return g_strdup (message);
  return g_strdup_printf ("%s\n\n%s", message, hint);
}

/* The last lines of stderr, at most MAX_STDERR_CHARS. */
static char *
trim_stderr (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);
  guint n = g_strv_length (lines);
  guint first = n > MAX_STDERR_LINES ? n - MAX_STDERR_LINES : 0;
  g_autofree char *joined = g_strjoinv ("\n", lines + first);
  gsize len = strlen (joined);

  if (len > MAX_STDERR_CHARS)
    {
      const char *start = g_utf8_find_next_char (joined + len - MAX_STDERR_CHARS, NULL);
      return g_strconcat ("…", start ? start : "", NULL);
    }
  return g_steal_pointer (&joined);
}

/* ------------------------------------------------------------------- runs -- */

static void
return_true (GTask    *task,
             gpointer  data)
{
  g_task_return_boolean (task, TRUE);
}

static void
finish_run (KfExecCredential *self,
            GError           *error)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->process);
  g_clear_object (&self->run_cancellable);
  kf_credential_cache_finish (&self->cache, error, return_true, NULL);
}

static GError *
parse_output (KfExecCredential *self,
              const char       *stdout_text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *obj;
  JsonObject *status;
  const char *api_version;
  const char *token;
  const char *cert;
  const char *key;
  const char *expiry;
  gint64 expiry_us = 0;
  g_autoptr(GTlsCertificate) certificate = NULL;

  if (!json_parser_load_from_data (parser, stdout_text, strlen (stdout_text), &error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return kf_cred_error_new ("exec plugin “%s” did not print an ExecCredential JSON object%s%s",
                              command_name (self), error ? ": " : "", error ? error->message : "");
  obj = json_node_get_object (root);
  api_version = json_object_get_string_member_with_default (obj, "apiVersion", "");
  if (g_strcmp0 (api_version, self->config->api_version) != 0)
    return kf_cred_error_new ("exec plugin “%s” is configured for %s but returned apiVersion “%s”",
                              command_name (self), self->config->api_version, api_version);
  if (g_strcmp0 (json_object_get_string_member_with_default (obj, "kind", ""), "ExecCredential") != 0)
    return kf_cred_error_new ("exec plugin “%s” returned an object whose kind is not ExecCredential", command_name (self));
  if (!json_object_has_member (obj, "status") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "status")))
    return kf_cred_error_new ("exec plugin “%s” returned an ExecCredential without status", command_name (self));

  status = json_object_get_object_member (obj, "status");
  token = json_object_get_string_member_with_default (status, "token", NULL);
  cert = json_object_get_string_member_with_default (status, "clientCertificateData", NULL);
  key = json_object_get_string_member_with_default (status, "clientKeyData", NULL);
  expiry = json_object_get_string_member_with_default (status, "expirationTimestamp", NULL);

  if (token != NULL && *token == '\0')
    token = NULL;
  if ((cert == NULL) != (key == NULL))
    return kf_cred_error_new ("exec plugin “%s” returned %s without %s", command_name (self),
                              cert ? "clientCertificateData" : "clientKeyData",
                              cert ? "clientKeyData" : "clientCertificateData");
  if (token == NULL && cert == NULL)
    return kf_cred_error_new ("exec plugin “%s” returned neither a token nor a client certificate and key",
                              command_name (self));
  if (expiry != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (expiry, NULL);

      if (dt == NULL)
        return kf_cred_error_new ("exec plugin “%s” returned an invalid expirationTimestamp “%s” (expected RFC 3339)",
                                  command_name (self), expiry);
      expiry_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
    }
  if (cert != NULL)
    {
      g_autoptr(GError) cert_error = NULL;

      certificate = kf_pem_client_certificate_new (cert, strlen (cert), key, strlen (key), &cert_error);
      if (certificate == NULL)
        return kf_cred_error_new ("exec plugin “%s”: %s", command_name (self), cert_error->message);
    }

  kf_credential_cache_store (&self->cache, token, certificate, expiry_us);
  return NULL;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kf_keyring_store_finish (KF_KEYRING (object), result, &error))
    g_debug ("could not cache the exec credential in the keyring: %s", error->message);
}

static void
store_in_keyring (KfExecCredential *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *timestamp = NULL;
  char *json;

  /* only tokens with an expiry: the rest is cached for the life of the process */
  if (self->keyring == NULL || self->cache.token == NULL || self->cache.expiry == 0 || self->cache.certificate != NULL)
    return;
  dt = g_date_time_new_from_unix_utc (self->cache.expiry / G_USEC_PER_SEC);
  timestamp = g_date_time_format_iso8601 (dt);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, self->cache.token);
  json_builder_set_member_name (builder, "expirationTimestamp");
  json_builder_add_string_value (builder, timestamp);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  json = json_to_string (node, FALSE);
  kf_keyring_store_async (self->keyring, KF_SECRET_KIND_EXEC, self->context, self->user, json,
                          NULL, store_cb, NULL);
  kf_keyring_secret_free (json);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KfExecCredential) self = user_data;
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *message = NULL;
  GError *result_error;

  if (!g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error))
    {
      g_subprocess_force_exit (process);
      if (self->timed_out)
        {
          g_autofree char *base = g_strdup_printf ("exec plugin “%s” did not finish within %u seconds",
                                                   command_name (self), self->timeout_seconds);
          message = with_install_hint (self, base);
          finish_run (self, kf_cred_error_new ("%s", message));
        }
      else
        finish_run (self, kf_cred_error_new ("exec plugin “%s”: %s", command_name (self), error->message));
      if (out != NULL)
        memset (out, 0, strlen (out));
      return;
    }

  trimmed = trim_stderr (err);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_autofree char *base = NULL;

      if (g_subprocess_get_if_exited (process))
        base = g_strdup_printf ("exec plugin “%s” failed with exit code %d%s%s", command_name (self),
                                g_subprocess_get_exit_status (process), *trimmed ? ":\n" : "", trimmed);
      else
        base = g_strdup_printf ("exec plugin “%s” was killed by signal %d%s%s", command_name (self),
                                g_subprocess_get_term_sig (process), *trimmed ? ":\n" : "", trimmed);
      message = with_install_hint (self, base);
      result_error = kf_cred_error_new ("%s", message);
    }
  else
    {
      result_error = parse_output (self, out ? out : "");
      if (result_error == NULL)
        store_in_keyring (self);
    }
  if (out != NULL)
    memset (out, 0, strlen (out));
  finish_run (self, result_error);
}

static gboolean
timeout_cb (gpointer user_data)
{
  KfExecCredential *self = user_data;

  self->timeout_id = 0;
  self->timed_out = TRUE;
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  g_cancellable_cancel (self->run_cancellable);
  return G_SOURCE_REMOVE;
}

static char *
build_exec_info (KfExecCredential *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "apiVersion");
  json_builder_add_string_value (builder, self->config->api_version);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "ExecCredential");
  json_builder_set_member_name (builder, "spec");
  json_builder_begin_object (builder);
  if (self->config->provide_cluster_info && self->cluster_info != NULL)
    {
      json_builder_set_member_name (builder, "cluster");
      json_builder_add_value (builder, json_node_copy (self->cluster_info));
    }
  /* a desktop app has no terminal to offer the plugin */
  json_builder_set_member_name (builder, "interactive");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Where plugins live that a desktop session's PATH often lacks (set by shell profiles):
 * kubectl run from a terminal finds them, so should we. */
static const char *const extra_path_dirs[] = {
  "~/.local/bin", "~/bin", "~/.krew/bin", "~/go/bin", "~/google-cloud-sdk/bin",
  "/usr/local/bin", "/snap/bin", "/home/linuxbrew/.linuxbrew/bin", NULL
};

static char *
extended_path (const char *path)
{
  g_auto(GStrv) dirs = g_strsplit (path ? path : "/usr/bin:/bin", G_SEARCHPATH_SEPARATOR_S, -1);
  g_autoptr(GString) result = g_string_new (path ? path : "/usr/bin:/bin");

  for (guint i = 0; extra_path_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_str_has_prefix (extra_path_dirs[i], "~/")
        ? g_build_filename (g_get_home_dir (), extra_path_dirs[i] + 2, NULL)
        : g_strdup (extra_path_dirs[i]);

      if (g_strv_contains ((const char * const *) dirs, dir) || !g_file_test (dir, G_FILE_TEST_IS_DIR))
        continue;
      g_string_append_printf (result, "%s%s", G_SEARCHPATH_SEPARATOR_S, dir);
    }
  return g_string_free (g_steal_pointer (&result), FALSE);
}

/* GSubprocess searches the parent's PATH, not the child's: look the command up ourselves. */
static char *
find_in_path (const char *command,
              const char *path)
{
  g_auto(GStrv) dirs = NULL;

  if (strchr (command, '/') != NULL)
    return g_strdup (command);
  dirs = g_strsplit (path, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = NULL;

      if (*dirs[i] == '\0')
        continue;
      candidate = g_build_filename (dirs[i], command, NULL);
      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (candidate, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&candidate);
    }
  return g_strdup (command);  /* spawning reports it missing */
}

void
kf_exec_credential_build_command (KfExecCredential *self,
                                  GStrv            *argv_out,
                                  GStrv            *envp_out)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *info = build_exec_info (self);

  g_return_if_fail (KF_IS_EXEC_CREDENTIAL (self));

  if (self->flatpak)
    {
      /* the host process gets the host's environment plus what we pass */
      g_strv_builder_add (argv, "flatpak-spawn");
      g_strv_builder_add (argv, "--host");
      g_strv_builder_add (argv, "--watch-bus");
      for (guint i = 0; self->config->env_names[i] != NULL; i++)
        kf_strv_builder_take (argv, g_strdup_printf ("--env=%s=%s", self->config->env_names[i],
                                                    self->config->env_values[i]));
      kf_strv_builder_take (argv, g_strdup_printf ("--env=KUBERNETES_EXEC_INFO=%s", info));
    }
  for (guint i = 0; self->config->env_names[i] != NULL; i++)
    envp = g_environ_setenv (envp, self->config->env_names[i], self->config->env_values[i], TRUE);
  envp = g_environ_setenv (envp, "KUBERNETES_EXEC_INFO", info, TRUE);

  if (self->flatpak)
    g_strv_builder_add (argv, self->config->command);  /* the host's PATH applies */
  else
    {
      g_autofree char *path = extended_path (g_environ_getenv (envp, "PATH"));

      envp = g_environ_setenv (envp, "PATH", path, TRUE);
      kf_strv_builder_take (argv, find_in_path (self->config->command, path));
    }
  g_strv_builder_addv (argv, (const char **) self->config->args);

  *argv_out = g_strv_builder_end (argv);
  *envp_out = g_steal_pointer (&envp);
}

static void
start_run (KfExecCredential *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;

  if (self->config->interactive_mode == KF_EXEC_INTERACTIVE_ALWAYS)
    {
      g_autofree char *base = g_strdup_printf (
        "exec plugin “%s” needs a terminal (interactiveMode: Always), which a desktop app cannot "
        "provide; run kubectl with this context in a terminal once, or configure the plugin to "
        "log in without prompting", command_name (self));
      g_autofree char *message = with_install_hint (self, base);
      finish_run (self, kf_cred_error_new ("%s", message));
      return;
    }

  kf_exec_credential_build_command (self, &argv, &envp);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, envp);

  self->run_count++;
  self->timed_out = FALSE;
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  if (self->process == NULL)
    {
      g_autofree char *base = NULL;
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
        base = g_strdup_printf ("exec plugin “%s” was not found%s", argv[0],
                                self->flatpak ? " (flatpak-spawn is needed to run host commands)"
                                              : strchr (argv[0], '/') ? ""
                                              : " in PATH (an app started from the desktop may not see the PATH "
                                                "your shell sets: put an absolute path in the kubeconfig, or "
                                                "install the plugin in ~/.local/bin)");
      else
        base = g_strdup_printf ("exec plugin “%s” could not be started: %s", argv[0], error->message);
      message = with_install_hint (self, base);
      finish_run (self, kf_cred_error_new ("%s", message));
      return;
    }

  self->run_cancellable = g_cancellable_new ();
  self->timeout_id = g_timeout_add_seconds (self->timeout_seconds, timeout_cb, self);
  g_subprocess_communicate_utf8_async (self->process, NULL, self->run_cancellable,
                                       communicate_cb, g_object_ref (self));
}

/* ----------------------------------------------------------- keyring cache -- */

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KfExecCredential) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = kf_keyring_lookup_finish (KF_KEYRING (object), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (secret != NULL && json_parser_load_from_data (parser, secret, strlen (secret), NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *obj = json_node_get_object (json_parser_get_root (parser));
      const char *token = json_object_get_string_member_with_default (obj, "token", NULL);
      const char *ts = json_object_get_string_member_with_default (obj, "expirationTimestamp", NULL);
      g_autoptr(GDateTime) dt = ts ? g_date_time_new_from_iso8601 (ts, NULL) : NULL;

      if (token != NULL && dt != NULL && !self->cache.stored)
        kf_credential_cache_store (&self->cache, token, NULL, g_date_time_to_unix (dt) * G_USEC_PER_SEC);
    }
  kf_keyring_secret_free (secret);

  if (kf_credential_cache_is_valid (&self->cache))
    finish_run (self, NULL);
  else
    {
      kf_credential_cache_clear (&self->cache);
      start_run (self);
    }
}

/* --------------------------------------------------------------- GObject -- */

static void
kf_exec_credential_finalize (GObject *object)
{
  KfExecCredential *self = KF_EXEC_CREDENTIAL (object);

  kf_credential_cache_destroy (&self->cache);
  g_clear_pointer (&self->config, kf_exec_config_free);
  g_free (self->context);
  g_free (self->user);
  g_clear_pointer (&self->cluster_info, json_node_unref);
  g_clear_object (&self->keyring);
  G_OBJECT_CLASS (kf_exec_credential_parent_class)->finalize (object);
}

static void
kf_exec_credential_class_init (KfExecCredentialClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_exec_credential_finalize;
}

static void
kf_exec_credential_init (KfExecCredential *self)
{
  self->timeout_seconds = KF_EXEC_CREDENTIAL_DEFAULT_TIMEOUT;
  self->flatpak = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

KfExecCredential *
kf_exec_credential_new (const KfExecConfig *config,
                        const char         *context,
                        const char         *user,
                        JsonNode           *cluster_info)
{
  KfExecCredential *self;

  g_return_val_if_fail (config != NULL && config->command != NULL, NULL);

  self = g_object_new (KF_TYPE_EXEC_CREDENTIAL, NULL);
  self->config = kf_exec_config_copy (config);
  if (self->config->args == NULL)
    self->config->args = g_new0 (char *, 1);
  if (self->config->env_names == NULL)
    {
      self->config->env_names = g_new0 (char *, 1);
      g_strfreev (self->config->env_values);
      self->config->env_values = g_new0 (char *, 1);
    }
  self->context = g_strdup (context);
  self->user = g_strdup (user);
  self->cluster_info = cluster_info ? json_node_copy (cluster_info) : NULL;
  return self;
}

void
kf_exec_credential_set_keyring (KfExecCredential *self,
                                KfKeyring        *keyring)
{
  g_return_if_fail (KF_IS_EXEC_CREDENTIAL (self));
  g_set_object (&self->keyring, keyring);
}

void
kf_exec_credential_set_timeout (KfExecCredential *self,
                                guint             seconds)
{
  g_return_if_fail (KF_IS_EXEC_CREDENTIAL (self));
  self->timeout_seconds = MAX (seconds, 1);
}

void
kf_exec_credential_set_flatpak (KfExecCredential *self,
                                gboolean          flatpak)
{
  g_return_if_fail (KF_IS_EXEC_CREDENTIAL (self));
  self->flatpak = !!flatpak;
}

guint
kf_exec_credential_get_run_count (KfExecCredential *self)
{
  g_return_val_if_fail (KF_IS_EXEC_CREDENTIAL (self), 0);
  return self->run_count;
}

void
kf_exec_credential_get_async (KfExecCredential    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KF_IS_EXEC_CREDENTIAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_exec_credential_get_async);

  if (!kf_credential_cache_is_fetching (&self->cache) && kf_credential_cache_is_valid (&self->cache))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!kf_credential_cache_join (&self->cache, g_steal_pointer (&task)))
    return;  /* a run is on its way */

  kf_credential_cache_clear (&self->cache);
  if (self->keyring != NULL && !self->cache.keyring_checked)
    {
      self->cache.keyring_checked = TRUE;
      kf_keyring_lookup_async (self->keyring, KF_SECRET_KIND_EXEC, self->context, self->user,
                               NULL, lookup_cb, g_object_ref (self));
      return;
    }
  start_run (self);
}

gboolean
kf_exec_credential_get_finish (KfExecCredential  *self,
                               GAsyncResult      *result,
                               char             **token,
                               GTlsCertificate  **certificate,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (token != NULL)
    *token = NULL;
  if (certificate != NULL)
    *certificate = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (!self->cache.stored)
    {
      /* invalidated between the run and this callback */
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_CREDENTIALS,
                   "exec plugin “%s”: the credential was invalidated; try again", command_name (self));
      return FALSE;
    }
  if (token != NULL)
    *token = g_strdup (self->cache.token);
  if (certificate != NULL && self->cache.certificate != NULL)
    *certificate = g_object_ref (self->cache.certificate);
  return TRUE;
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  kf_keyring_clear_finish (KF_KEYRING (object), result, NULL);
}

void
kf_exec_credential_invalidate (KfExecCredential *self)
{
  g_return_if_fail (KF_IS_EXEC_CREDENTIAL (self));

  if (!kf_credential_cache_invalidate (&self->cache))
    return;  /* a fresh run is already on its way */
  self->cache.keyring_checked = TRUE;  /* what the keyring holds is what was just refused */
  if (self->keyring != NULL)
    kf_keyring_clear_async (self->keyring, KF_SECRET_KIND_EXEC, self->context, self->user,
                            NULL, clear_cb, NULL);
}

/* ------------------------------------------------------ credential source -- */

static char *
source_finish (gpointer       credential,
               KfRestConfig  *config,
               GAsyncResult  *result,
               GError       **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  char *token = NULL;

  if (!kf_exec_credential_get_finish (credential, result, &token, &certificate, error))
    return NULL;
  if (certificate != NULL)
    kf_rest_config_set_client_certificate (config, certificate);
  return token;
}

void
kf_exec_credential_attach (KfExecCredential *self,
                           KfRestConfig     *config)
{
  g_return_if_fail (KF_IS_EXEC_CREDENTIAL (self));
  g_return_if_fail (KF_IS_REST_CONFIG (config));

  kf_credential_source_attach (config, self, (KfCredentialSourceGet) kf_exec_credential_get_async, source_finish,
                               (KfCredentialSourceInvalidate) kf_exec_credential_invalidate);
}
