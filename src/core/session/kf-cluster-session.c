/* kf-cluster-session.c: the cluster the app is talking to right now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-cluster-session"

#include "config.h"

#include <glib/gi18n.h>

#include "kf-cluster-session.h"

struct _KfClusterSession
{
  GObject          parent_instance;

  KfKubeconfig    *kubeconfig;
  char            *context_name;
  char            *requested_context;
  KfClusterState   state;
  char            *detail;
  KfKubeClient    *client;
  char            *namespace;
  char            *server_version;
  char            *username;
  gboolean         insecure;
  gboolean         loaded;

  /* cancelled on every switch: the connection attempt and the old client's work */
  GCancellable    *cancellable;
  gulong           changed_id;
  /* the context's settings at connect time, to tell whether a reload changed them */
  char            *fingerprint;
};

G_DEFINE_FINAL_TYPE (KfClusterSession, kf_cluster_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KfClusterState, kf_cluster_state,
  G_DEFINE_ENUM_VALUE (KF_CLUSTER_STATE_NOT_CONFIGURED, "not-configured"),
  G_DEFINE_ENUM_VALUE (KF_CLUSTER_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (KF_CLUSTER_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (KF_CLUSTER_STATE_UNREACHABLE, "unreachable"),
  G_DEFINE_ENUM_VALUE (KF_CLUSTER_STATE_UNAUTHORIZED, "unauthorized"),
  G_DEFINE_ENUM_VALUE (KF_CLUSTER_STATE_TLS_ERROR, "tls-error"),
  G_DEFINE_ENUM_VALUE (KF_CLUSTER_STATE_CONFIG_ERROR, "config-error"))

enum {
  PROP_0,
  PROP_KUBECONFIG,
  PROP_CONTEXT_NAME,
  PROP_STATE,
  PROP_DETAIL,
  PROP_CLIENT,
  PROP_NAMESPACE,
  PROP_SERVER_VERSION,
  PROP_USERNAME,
  PROP_INSECURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void connect_context (KfClusterSession *self);

static void
set_string (KfClusterSession  *self,
            char             **field,
            const char        *value,
            guint              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (KfClusterSession *self,
           KfClusterState    state,
           const char       *detail)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  set_string (self, &self->detail, detail, PROP_DETAIL);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_client (KfClusterSession *self,
            KfKubeClient     *client)
{
  if (self->client == client)
    return;
  if (self->client != NULL)
    kf_kube_client_cancel_all (self->client);
  g_set_object (&self->client, client);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static char *
context_fingerprint (KfKubeContext *context)
{
  if (context == NULL)
    return NULL;
  return g_strjoin ("\x1f",
                    kf_kube_context_get_cluster (context) ?: "",
                    kf_kube_context_get_server (context) ?: "",
                    kf_kube_context_get_user (context) ?: "",
                    kf_kube_context_get_namespace (context) ?: "",
                    kf_kube_context_get_error (context) ?: "",
                    kf_kube_context_get_insecure (context) ? "1" : "0",
                    NULL);
}

/* Maps a connection failure to a state and a sentence that says what to do. */
static void
fail_with (KfClusterSession *self,
           const GError     *error)
{
  KfClusterState state = KF_CLUSTER_STATE_UNREACHABLE;
  g_autofree char *detail = NULL;

  if (error->domain == KF_KUBE_ERROR)
    {
      switch (error->code)
        {
        case KF_KUBE_ERROR_UNAUTHORIZED:
          state = KF_CLUSTER_STATE_UNAUTHORIZED;
          detail = g_strdup_printf (_("The server did not accept the credentials of context “%s”: %s. "
                                      "Paste a bearer token, or renew the login of your kubeconfig’s user."),
                                    self->context_name, error->message);
          break;
        case KF_KUBE_ERROR_FORBIDDEN:
          state = KF_CLUSTER_STATE_UNAUTHORIZED;
          detail = g_strdup_printf (_("Signed in, but not allowed: %s"), error->message);
          break;
        case KF_KUBE_ERROR_TLS:
          /* the client's message already names the certificate problem and the kubeconfig field */
          state = KF_CLUSTER_STATE_TLS_ERROR;
          detail = g_strdup (error->message);
          break;
        default:
          detail = g_strdup (error->message);
          break;
        }
    }
  else if (error->domain == KF_KUBECONFIG_ERROR)
    {
      state = KF_CLUSTER_STATE_CONFIG_ERROR;
      detail = g_strdup (error->message);
    }
  else if (error->domain == KF_REST_CONFIG_ERROR && error->code == KF_REST_CONFIG_ERROR_CREDENTIALS)
    {
      state = KF_CLUSTER_STATE_UNAUTHORIZED;
      detail = g_strdup (error->message);
    }
  else if (error->domain == KF_REST_CONFIG_ERROR)
    {
      state = KF_CLUSTER_STATE_CONFIG_ERROR;
      detail = g_strdup (error->message);
    }
  else
    detail = g_strdup (error->message);

  set_client (self, NULL);
  set_state (self, state, detail);
}

static void
whoami_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KfKubeClient *client = KF_KUBE_CLIENT (object);
  g_autoptr(KfClusterSession) self = user_data;
  g_autoptr(KfKubeIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  identity = kf_kube_client_whoami_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || client != self->client)
    return;

  /* Not knowing who we are is no reason to refuse the connection. */
  if (identity != NULL)
    set_string (self, &self->username, identity->username, PROP_USERNAME);
  else
    g_debug ("who am I failed: %s", error->message);

  if (self->username != NULL)
    detail = g_strdup_printf (_("Kubernetes %s · signed in as %s"), self->server_version, self->username);
  else
    detail = g_strdup_printf (_("Kubernetes %s"), self->server_version);
  set_state (self, KF_CLUSTER_STATE_CONNECTED, detail);
}

static void
version_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  KfKubeClient *client = KF_KUBE_CLIENT (object);
  g_autoptr(KfClusterSession) self = user_data;
  g_autoptr(JsonNode) version = NULL;
  g_autoptr(GError) error = NULL;
  const char *git_version = NULL;

  version = kf_kube_client_request_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || client != self->client)
    return;
  if (version == NULL)
    {
      fail_with (self, error);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (version))
    git_version = json_object_get_string_member_with_default (json_node_get_object (version), "gitVersion", NULL);
  set_string (self, &self->server_version, git_version ? git_version : _("(unknown version)"), PROP_SERVER_VERSION);

  kf_kube_client_whoami_async (client, self->cancellable, whoami_cb, g_object_ref (self));
}

static void
rest_config_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KfClusterSession) self = user_data;
  g_autoptr(KfRestConfig) config = NULL;
  g_autoptr(KfKubeClient) client = NULL;
  g_autoptr(GError) error = NULL;

  config = kf_kubeconfig_build_rest_config_finish (KF_KUBECONFIG (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (config == NULL)
    {
      fail_with (self, error);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->namespace, kf_rest_config_get_namespace (config) ?: "default", PROP_NAMESPACE);
  if (self->insecure != kf_rest_config_get_insecure (config))
    {
      self->insecure = kf_rest_config_get_insecure (config);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSECURE]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  client = kf_kube_client_new (config);
  /* Announce the client only once it answered; until then views keep their empty state. */
  g_set_object (&self->client, client);
  kf_kube_client_get_version_async (client, self->cancellable, version_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
connect_context (KfClusterSession *self)
{
  KfKubeContext *context;
  g_autofree char *connecting = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_client (self, NULL);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->server_version, NULL, PROP_SERVER_VERSION);
  set_string (self, &self->username, NULL, PROP_USERNAME);

  if (self->context_name == NULL)
    {
      g_autofree char *detail = NULL;
      const char * const *errors = kf_kubeconfig_get_errors (self->kubeconfig);

      if (errors != NULL && errors[0] != NULL)
        detail = g_strdup_printf (_("No usable context: %s"), errors[0]);
      else
        detail = g_strdup (_("No cluster is configured. Add a context to your kubeconfig "
                             "(~/.kube/config or $KUBECONFIG), or start the app with --demo "
                             "to explore a simulated cluster."));
      set_state (self, KF_CLUSTER_STATE_NOT_CONFIGURED, detail);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  context = kf_kubeconfig_lookup_context (self->kubeconfig, self->context_name);
  g_free (self->fingerprint);
  self->fingerprint = context_fingerprint (context);
  if (context != NULL && kf_kube_context_get_error (context) != NULL)
    {
      set_state (self, KF_CLUSTER_STATE_CONFIG_ERROR, kf_kube_context_get_error (context));
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  connecting = g_strdup_printf (_("Connecting to %s…"),
                                context && kf_kube_context_get_server (context)
                                  ? kf_kube_context_get_server (context) : self->context_name);
  set_state (self, KF_CLUSTER_STATE_CONNECTING, connecting);
  g_object_thaw_notify (G_OBJECT (self));

  kf_kubeconfig_build_rest_config_async (self->kubeconfig, self->context_name, self->cancellable,
                                         rest_config_cb, g_object_ref (self));
}

static const char *
choose_context (KfClusterSession *self,
                const char       *wanted)
{
  if (wanted != NULL && *wanted != '\0' && kf_kubeconfig_lookup_context (self->kubeconfig, wanted) != NULL)
    return wanted;
  if (kf_kubeconfig_get_current_context (self->kubeconfig) != NULL &&
      kf_kubeconfig_lookup_context (self->kubeconfig, kf_kubeconfig_get_current_context (self->kubeconfig)) != NULL)
    return kf_kubeconfig_get_current_context (self->kubeconfig);
  if (g_list_model_get_n_items (kf_kubeconfig_get_contexts (self->kubeconfig)) > 0)
    {
      g_autoptr(KfKubeContext) first = g_list_model_get_item (kf_kubeconfig_get_contexts (self->kubeconfig), 0);
      return kf_kube_context_get_name (first);
    }
  return NULL;
}

static void
kubeconfig_changed_cb (KfClusterSession *self)
{
  const char *name;
  g_autofree char *fingerprint = NULL;

  if (!self->loaded)
    return;

  name = choose_context (self, self->context_name);
  fingerprint = context_fingerprint (name ? kf_kubeconfig_lookup_context (self->kubeconfig, name) : NULL);
  if (g_strcmp0 (name, self->context_name) == 0 && g_strcmp0 (fingerprint, self->fingerprint) == 0)
    return;

  g_debug ("kubeconfig changed: reconnecting to %s", name ? name : "(none)");
  set_string (self, &self->context_name, name, PROP_CONTEXT_NAME);
  connect_context (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KfClusterSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kf_kubeconfig_load_finish (KF_KUBECONFIG (object), result, &error))
    return;  /* cancelled */

  self->loaded = TRUE;
  set_string (self, &self->context_name, choose_context (self, self->requested_context), PROP_CONTEXT_NAME);
  connect_context (self);
}

static void
kf_cluster_session_dispose (GObject *object)
{
  KfClusterSession *self = KF_CLUSTER_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    kf_kube_client_cancel_all (self->client);
  g_clear_signal_handler (&self->changed_id, self->kubeconfig);
  g_clear_object (&self->client);
  g_clear_object (&self->kubeconfig);

  G_OBJECT_CLASS (kf_cluster_session_parent_class)->dispose (object);
}

static void
kf_cluster_session_finalize (GObject *object)
{
  KfClusterSession *self = KF_CLUSTER_SESSION (object);

  g_clear_object (&self->cancellable);
  g_free (self->context_name);
  g_free (self->requested_context);
  g_free (self->detail);
  g_free (self->namespace);
  g_free (self->server_version);
  g_free (self->username);
  g_free (self->fingerprint);

  G_OBJECT_CLASS (kf_cluster_session_parent_class)->finalize (object);
}

static void
kf_cluster_session_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KfClusterSession *self = KF_CLUSTER_SESSION (object);

  switch (prop_id)
    {
    case PROP_KUBECONFIG:
      g_value_set_object (value, self->kubeconfig);
      break;
    case PROP_CONTEXT_NAME:
      g_value_set_string (value, self->context_name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, kf_cluster_session_get_client (self));
      break;
    case PROP_NAMESPACE:
      g_value_set_string (value, kf_cluster_session_get_namespace (self));
      break;
    case PROP_SERVER_VERSION:
      g_value_set_string (value, self->server_version);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_INSECURE:
      g_value_set_boolean (value, self->insecure);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_cluster_session_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KfClusterSession *self = KF_CLUSTER_SESSION (object);

  switch (prop_id)
    {
    case PROP_KUBECONFIG:
      self->kubeconfig = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_cluster_session_constructed (GObject *object)
{
  KfClusterSession *self = KF_CLUSTER_SESSION (object);

  G_OBJECT_CLASS (kf_cluster_session_parent_class)->constructed (object);

  if (self->kubeconfig == NULL)
    self->kubeconfig = kf_kubeconfig_new ();
  self->changed_id = g_signal_connect_swapped (self->kubeconfig, "changed",
                                               G_CALLBACK (kubeconfig_changed_cb), self);
}

static void
kf_cluster_session_class_init (KfClusterSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = kf_cluster_session_constructed;
  object_class->dispose = kf_cluster_session_dispose;
  object_class->finalize = kf_cluster_session_finalize;
  object_class->get_property = kf_cluster_session_get_property;
  object_class->set_property = kf_cluster_session_set_property;

  properties[PROP_KUBECONFIG] =
    g_param_spec_object ("kubeconfig", NULL, NULL, KF_TYPE_KUBECONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTEXT_NAME] = g_param_spec_string ("context-name", NULL, NULL, NULL, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KF_TYPE_CLUSTER_STATE, KF_CLUSTER_STATE_NOT_CONFIGURED, ro);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, ro);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, KF_TYPE_KUBE_CLIENT, ro);
  properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL, ro);
  properties[PROP_SERVER_VERSION] = g_param_spec_string ("server-version", NULL, NULL, NULL, ro);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, ro);
  properties[PROP_INSECURE] = g_param_spec_boolean ("insecure", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_cluster_session_init (KfClusterSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->state = KF_CLUSTER_STATE_CONNECTING;
}

KfClusterSession *
kf_cluster_session_new (KfKubeconfig *kubeconfig)
{
  return g_object_new (KF_TYPE_CLUSTER_SESSION, "kubeconfig", kubeconfig, NULL);
}

void
kf_cluster_session_start (KfClusterSession *self,
                          const char       *context_name)
{
  g_return_if_fail (KF_IS_CLUSTER_SESSION (self));

  g_free (self->requested_context);
  self->requested_context = g_strdup (context_name);
  set_state (self, KF_CLUSTER_STATE_CONNECTING, _("Reading kubeconfig…"));
  kf_kubeconfig_load_async (self->kubeconfig, self->cancellable, load_cb, g_object_ref (self));
}

void
kf_cluster_session_set_context (KfClusterSession *self,
                                const char       *context_name)
{
  g_return_if_fail (KF_IS_CLUSTER_SESSION (self));

  if (!self->loaded)
    {
      kf_cluster_session_start (self, context_name);
      return;
    }
  if (context_name != NULL && kf_kubeconfig_lookup_context (self->kubeconfig, context_name) == NULL)
    {
      g_warning ("No context named “%s”", context_name);
      return;
    }
  set_string (self, &self->context_name, context_name, PROP_CONTEXT_NAME);
  connect_context (self);
}

void
kf_cluster_session_reconnect (KfClusterSession *self)
{
  g_return_if_fail (KF_IS_CLUSTER_SESSION (self));

  if (!self->loaded)
    kf_cluster_session_start (self, self->requested_context);
  else
    connect_context (self);
}

void
kf_cluster_session_shutdown (KfClusterSession *self)
{
  g_return_if_fail (KF_IS_CLUSTER_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  set_client (self, NULL);
}

KfKubeconfig *
kf_cluster_session_get_kubeconfig (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), NULL);
  return self->kubeconfig;
}

GListModel *
kf_cluster_session_get_contexts (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), NULL);
  return kf_kubeconfig_get_contexts (self->kubeconfig);
}

const char *
kf_cluster_session_get_context_name (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), NULL);
  return self->context_name;
}

KfClusterState
kf_cluster_session_get_state (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), KF_CLUSTER_STATE_NOT_CONFIGURED);
  return self->state;
}

const char *
kf_cluster_session_get_detail (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), NULL);
  return self->detail;
}

KfKubeClient *
kf_cluster_session_get_client (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), NULL);
  return self->client;
}

const char *
kf_cluster_session_get_namespace (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), NULL);
  return self->namespace ? self->namespace : "default";
}

const char *
kf_cluster_session_get_server_version (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), NULL);
  return self->server_version;
}

const char *
kf_cluster_session_get_username (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), NULL);
  return self->username;
}

gboolean
kf_cluster_session_get_insecure (KfClusterSession *self)
{
  g_return_val_if_fail (KF_IS_CLUSTER_SESSION (self), FALSE);
  return self->insecure;
}

static void
store_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KfClusterSession *self = g_task_get_source_object (task);
  const char *context_name = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!kf_keyring_store_finish (KF_KEYRING (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_strcmp0 (context_name, self->context_name) == 0)
    connect_context (self);
  g_task_return_boolean (task, TRUE);
}

void
kf_cluster_session_set_token_async (KfClusterSession    *self,
                                    const char          *context_name,
                                    const char          *token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *trimmed = NULL;
  KfKubeContext *context;

  g_return_if_fail (KF_IS_CLUSTER_SESSION (self));
  g_return_if_fail (token != NULL);

  if (context_name == NULL)
    context_name = self->context_name;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_cluster_session_set_token_async);
  g_task_set_task_data (task, g_strdup (context_name), g_free);

  context = context_name ? kf_kubeconfig_lookup_context (self->kubeconfig, context_name) : NULL;
  if (context == NULL)
    {
      g_task_return_new_error (task, KF_KUBECONFIG_ERROR, KF_KUBECONFIG_ERROR_NO_CONTEXT,
                               _("No context named “%s”"), context_name ? context_name : "");
      return;
    }

  trimmed = g_strstrip (g_strdup (token));
  kf_keyring_store_async (kf_kubeconfig_get_keyring (self->kubeconfig), KF_SECRET_KIND_BEARER,
                          context_name, kf_kube_context_get_user (context), trimmed,
                          cancellable, store_token_cb, g_steal_pointer (&task));
}

gboolean
kf_cluster_session_set_token_finish (KfClusterSession  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
