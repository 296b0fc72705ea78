/* kf-test-sim.c: a simulated cluster for any module's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kf-kubeconfig.h"
#include "kf-provider-registry.h"
#include "kf-test-sim.h"

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
kf_test_sim_wait (gboolean *flag,
                  guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

JsonNode *
kf_test_sim_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

KfTestSim *
kf_test_sim_new (KfSimScenario *scenario,
                 double         speed,
                 gboolean       plain_http)
{
  return kf_test_sim_new_for_server (kf_sim_server_new (scenario, speed, plain_http), plain_http);
}

KfTestSim *
kf_test_sim_new_api_only (void)
{
  KfSimServer *server = kf_sim_server_new (NULL, 1.0, FALSE);

  kf_sim_server_set_operators_enabled (server, FALSE);
  return kf_test_sim_new_for_server (server, FALSE);
}

KfTestSim *
kf_test_sim_new_for_server (KfSimServer *server,
                            gboolean     plain_http)
{
  KfTestSim *sim = g_new0 (KfTestSim, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;

  sim->dir = g_dir_make_tmp ("kf-test-sim-XXXXXX", &error);
  g_assert_no_error (error);
  sim->server = server;
  if (!kf_sim_server_start (sim->server, 0, &error))
    g_error ("cannot start the simulated cluster: %s", error->message);
  sim->kubeconfig = g_build_filename (sim->dir, "kubeconfig", NULL);
  written = kf_sim_server_write_kubeconfig (sim->server, sim->kubeconfig, &error);
  g_assert_no_error (error);

  /* watches hold their connection: allow many per host */
  sim->session = soup_session_new_with_options ("max-conns-per-host", 64, "max-conns", 128, NULL);
  soup_session_set_timeout (sim->session, 30);
  if (!plain_http)
    {
      g_autoptr(GTlsDatabase) db = NULL;

      sim->ca_file = g_build_filename (sim->dir, "ca.pem", NULL);
      g_assert_true (g_file_set_contents (sim->ca_file, kf_sim_server_get_ca_pem (sim->server), -1, &error));
      db = g_tls_file_database_new (sim->ca_file, &error);
      g_assert_no_error (error);
      soup_session_set_tls_database (sim->session, db);
      sim->cert_session = soup_session_new_with_options ("max-conns-per-host", 64, "max-conns", 128, NULL);
      soup_session_set_timeout (sim->cert_session, 30);
      soup_session_set_tls_database (sim->cert_session, db);
    }
  return sim;
}

void
kf_test_sim_free (KfTestSim *sim)
{
  if (sim == NULL)
    return;
  if (sim->client != NULL)
    {
      kf_kube_client_cancel_all (sim->client);
      kf_test_sim_spin (50);
      g_clear_object (&sim->client);
    }
  g_clear_object (&sim->session);
  g_clear_object (&sim->cert_session);
  if (sim->server != NULL)
    kf_sim_server_stop (sim->server);
  /* let pending I/O callbacks run before the server goes */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&sim->server);
  if (sim->dir)
    remove_tree (sim->dir);
  g_free (sim->kubeconfig);
  g_free (sim->ca_file);
  g_free (sim->dir);
  g_free (sim);
}

static SoupSession *
session_for (KfTestSim  *sim,
             const char *user)
{
  if (user != NULL && kf_sim_server_get_token (sim->server, user) == NULL && sim->cert_session != NULL)
    return sim->cert_session;
  return sim->session;
}

static SoupMessage *
make_message (KfTestSim  *sim,
              const char *user,
              const char *method,
              const char *path)
{
  g_autofree char *url = g_strconcat (kf_sim_server_get_url (sim->server), path, NULL);
  SoupMessage *msg = soup_message_new (method, url);
  const char *token = user ? kf_sim_server_get_token (sim->server, user) : NULL;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  else if (user != NULL)
    {
      g_autofree char *cert = NULL, *key = NULL, *both = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsCertificate) tls = NULL;

      g_assert_true (kf_sim_server_get_client_certificate (sim->server, user, &cert, &key, &error));
      both = g_strconcat (cert, key, NULL);
      tls = g_tls_certificate_new_from_pem (both, -1, &error);
      g_assert_no_error (error);
      soup_message_set_tls_client_certificate (msg, tls);
    }
  return msg;
}

typedef struct
{
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
} SendData;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendData *d = user_data;

  d->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &d->error);
  d->done = TRUE;
}

GBytes *
kf_test_sim_send (KfTestSim   *sim,
                  SoupMessage *msg)
{
  SendData d = { 0 };

  soup_session_send_and_read_async (sim->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &d);
  g_assert_true (kf_test_sim_wait (&d.done, 30000));
  if (d.error != NULL)
    g_error ("%s %s: %s", soup_message_get_method (msg), g_uri_get_path (soup_message_get_uri (msg)), d.error->message);
  return d.bytes;
}

JsonNode *
kf_test_sim_request_full (KfTestSim           *sim,
                          const char          *user,
                          const char          *method,
                          const char          *path,
                          const char          *content_type,
                          const char          *body,
                          guint               *status,
                          char               **raw_body,
                          SoupMessageHeaders **headers)
{
  g_autoptr(SoupMessage) msg = make_message (sim, user, method, path);
  SendData d = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  gsize len = 0;
  JsonNode *result = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", bytes);
    }
  soup_session_send_and_read_async (session_for (sim, user), msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &d);
  g_assert_true (kf_test_sim_wait (&d.done, 30000));
  if (d.error != NULL)
    g_error ("%s %s: %s", method, path, d.error->message);
  if (status)
    *status = soup_message_get_status (msg);
  if (headers)
    *headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  data = g_bytes_get_data (d.bytes, &len);
  if (raw_body)
    *raw_body = g_strndup (data, len);
  if (len > 0 && json_parser_load_from_data (parser, data, len, NULL) && json_parser_get_root (parser))
    result = json_node_copy (json_parser_get_root (parser));
  g_bytes_unref (d.bytes);
  return result;
}

JsonNode *
kf_test_sim_request (KfTestSim  *sim,
                     const char *user,
                     const char *method,
                     const char *path,
                     const char *content_type,
                     const char *body,
                     guint      *status)
{
  return kf_test_sim_request_full (sim, user, method, path, content_type, body, status, NULL, NULL);
}

/* ---- watches ---- */

struct _KfTestSimWatch
{
  SoupMessage      *msg;
  GCancellable     *cancellable;
  GDataInputStream *lines;
  GQueue            events;    /* JsonNode* */
  gboolean          ended;
  gboolean          reading;
};

static void read_next (KfTestSimWatch *w);

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  KfTestSimWatch *w = user_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, &len, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  w->reading = FALSE;
  if (line == NULL)
    {
      w->ended = TRUE;
      return;
    }
  if (len > 0)
    g_queue_push_tail (&w->events, kf_test_sim_json (line));
  read_next (w);
}

static void
read_next (KfTestSimWatch *w)
{
  w->reading = TRUE;
  g_data_input_stream_read_line_async (w->lines, G_PRIORITY_DEFAULT, w->cancellable, line_cb, w);
}

typedef struct
{
  gboolean      done;
  GInputStream *stream;
  GError       *error;
} OpenData;

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenData *d = user_data;

  d->stream = soup_session_send_finish (SOUP_SESSION (source), result, &d->error);
  d->done = TRUE;
}

KfTestSimWatch *
kf_test_sim_watch (KfTestSim  *sim,
                   const char *user,
                   const char *path_with_query)
{
  KfTestSimWatch *w = g_new0 (KfTestSimWatch, 1);
  OpenData d = { 0 };

  w->msg = make_message (sim, user, "GET", path_with_query);
  w->cancellable = g_cancellable_new ();
  g_queue_init (&w->events);
  soup_session_send_async (session_for (sim, user), w->msg, G_PRIORITY_DEFAULT, w->cancellable, opened_cb, &d);
  g_assert_true (kf_test_sim_wait (&d.done, 30000));
  g_assert_no_error (d.error);
  g_assert_cmpuint (soup_message_get_status (w->msg), ==, 200);
  w->lines = g_data_input_stream_new (d.stream);
  g_object_unref (d.stream);
  read_next (w);
  return w;
}

JsonNode *
kf_test_sim_watch_next (KfTestSimWatch *w,
                        guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (w->events.length == 0 && !w->ended && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return g_queue_pop_head (&w->events);
}

gboolean
kf_test_sim_watch_ended (KfTestSimWatch *w)
{
  return w->ended && w->events.length == 0;
}

void
kf_test_sim_watch_free (KfTestSimWatch *w)
{
  if (w == NULL)
    return;
  g_cancellable_cancel (w->cancellable);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&w->lines);
  g_clear_object (&w->cancellable);
  g_clear_object (&w->msg);
  g_queue_clear_full (&w->events, (GDestroyNotify) json_node_unref);
  g_free (w);
}

/* ---- kubectl ---- */

const char *
kf_test_sim_kubectl_path (void)
{
  const char *env = g_getenv ("KF_TEST_KUBECTL");
  const char *path = env && *env ? env : "/usr/bin/kubectl";

  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) ? path : NULL;
}

static GPtrArray *
kubectl_argv (KfTestSim *sim,
              va_list    args)
{
  GPtrArray *argv = g_ptr_array_new ();
  const char *arg;

  g_ptr_array_add (argv, (char *) kf_test_sim_kubectl_path ());
  g_ptr_array_add (argv, (char *) "--kubeconfig");
  g_ptr_array_add (argv, sim->kubeconfig);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static GSubprocessLauncher *
kubectl_launcher (KfTestSim      *sim,
                  GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *cache = g_build_filename (sim->dir, "kube-cache", NULL);

  /* a private discovery/openapi cache, so each test sees its own server */
  g_subprocess_launcher_setenv (launcher, "KUBECACHEDIR", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", sim->dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "KUBECONFIG");
  return launcher;
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} RunData;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RunData *d = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &d->out, &d->err, &d->error);
  d->done = TRUE;
}

int
kf_test_sim_kubectlv (KfTestSim          *sim,
                      const char         *stdin_text,
                      char              **out,
                      char              **err,
                      const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = kubectl_launcher (sim, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                    G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                    G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  RunData d = { 0 };
  int status;

  g_ptr_array_add (argv, (char *) kf_test_sim_kubectl_path ());
  g_ptr_array_add (argv, (char *) "--kubeconfig");
  g_ptr_array_add (argv, sim->kubeconfig);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, stdin_text ? stdin_text : "", NULL, communicated_cb, &d);
  g_assert_true (kf_test_sim_wait (&d.done, 120000));
  g_assert_no_error (d.error);
  status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  if (out)
    *out = g_steal_pointer (&d.out);
  if (err)
    *err = g_steal_pointer (&d.err);
  g_free (d.out);
  g_free (d.err);
  return status;
}

int
kf_test_sim_kubectl (KfTestSim   *sim,
                     const char  *stdin_text,
                     char       **out,
                     char       **err,
                     ...)
{
  va_list args;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return kf_test_sim_kubectlv (sim, stdin_text, out, err, (const char * const *) argv->pdata);
}

GSubprocess *
kf_test_sim_kubectl_spawn (KfTestSim *sim,
                           ...)
{
  va_list args;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = kubectl_launcher (sim, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                    G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  va_start (args, sim);
  argv = kubectl_argv (sim, args);
  va_end (args);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

/* ---- through the app's own client ---- */

KfKubeClient *
kf_test_sim_get_client (KfTestSim *sim)
{
  if (sim->client == NULL)
    {
      const char *paths[2] = { sim->kubeconfig, NULL };
      g_autoptr(KfKubeconfig) kc = kf_kubeconfig_new_for_paths (paths);
      g_autoptr(KfRestConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      kf_kubeconfig_load (kc);
      config = kf_kubeconfig_build_rest_config (kc, "kubefoundry-sim", &error);
      g_assert_no_error (error);
      sim->client = kf_kube_client_new (config);
    }
  return sim->client;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

JsonNode *
kf_test_sim_client_request (KfTestSim   *sim,
                            const char  *method,
                            const char  *path,
                            const char  *content_type,
                            JsonNode    *body,
                            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kf_kube_client_request_async (kf_test_sim_get_client (sim), method, path, content_type, body, NULL,
                                store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kf_kube_client_request_finish (kf_test_sim_get_client (sim), result, error);
}

JsonNode *
kf_test_sim_create (KfTestSim            *sim,
                    const KfKubeResource *resource,
                    const char           *ns,
                    JsonNode             *object)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *created;

  kf_kube_client_create_async (kf_test_sim_get_client (sim), resource, ns, object, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  created = kf_kube_client_request_finish (kf_test_sim_get_client (sim), result, &error);
  g_assert_no_error (error);
  return created;
}

static void
ensure_namespace (KfTestSim  *sim,
                  const char *ns)
{
  g_autofree char *text = g_strdup_printf ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"}}", ns);
  g_autoptr(JsonNode) body = kf_test_sim_json (text);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;

  kf_kube_client_create_async (kf_test_sim_get_client (sim), &kf_kube_resource_namespaces, NULL, body, NULL,
                               store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  created = kf_kube_client_request_finish (kf_test_sim_get_client (sim), result, &error);
  if (error != NULL)
    g_assert_error (error, KF_KUBE_ERROR, KF_KUBE_ERROR_ALREADY_EXISTS);
}

JsonNode *
kf_test_sim_deploy (KfTestSim  *sim,
                    const char *provider_id,
                    const char *ns,
                    const char *name,
                    const char *model_id,
                    guint       gpus)
{
  KfProvider *provider = kf_provider_registry_lookup (kf_provider_registry_get_default (), provider_id);
  g_autoptr(KfDeploymentConfig) config = kf_deployment_config_new ();
  g_autoptr(GPtrArray) manifests = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *cr = NULL;

  g_assert_nonnull (provider);
  g_free (config->name);
  config->name = g_strdup (name);
  g_free (config->namespace);
  config->namespace = g_strdup (ns);
  g_free (config->model_id);
  config->model_id = g_strdup (model_id);
  config->gpus_per_replica = gpus;
  if (g_str_equal (provider_id, "kaito"))
    config->kaito_source = KF_KAITO_SOURCE_VLLM;
  manifests = kf_provider_generate_manifests (provider, config, &error);
  g_assert_no_error (error);
  ensure_namespace (sim, ns);
  for (guint i = 0; i < manifests->len; i++)
    {
      JsonNode *m = g_ptr_array_index (manifests, i);
      const char *kind = json_object_get_string_member (json_node_get_object (m), "kind");
      KfKubeResource resource = { NULL, NULL, NULL };
      JsonNode *created;

      if (g_str_equal (kind, "Service"))
        resource = kf_kube_resource_services;
      else
        {
          const KfCrdConfig *crd = kf_provider_get_crd_config (provider);
          resource.group = crd->group;
          resource.version = crd->version;
          resource.plural = crd->plural;
        }
      created = kf_test_sim_create (sim, &resource, ns, m);
      if (i == 0)
        cr = created;
      else
        json_node_unref (created);
    }
  return cr;
}

gboolean
kf_test_sim_wait_for (KfTestSimPredicate pred,
                      gpointer           data,
                      guint              timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!pred (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

void
kf_test_sim_spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}
