/* kf-keyring.c: tokens in the Secret Service, with an in-memory fallback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-keyring"

#include "config.h"

#include <string.h>

#include "kf-keyring.h"

typedef enum
{
  STATE_UNKNOWN,
  STATE_PROBING,
  STATE_SERVICE,
  STATE_MEMORY,
} State;

typedef enum
{
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpType;

struct _KfKeyring
{
  GObject     parent_instance;

  State       state;
  char       *unavailable_reason;
  GQueue      waiting;   /* GTask*, until the probe answers */
  GHashTable *memory;    /* "kind\x1fcontext\x1fuser" → secret */
};

typedef struct
{
  OpType        type;
  KfSecretKind  kind;
  char         *context;
  char         *user;
  char         *secret;
} Op;

enum {
  PROP_0,
  PROP_AVAILABLE,
  PROP_UNAVAILABLE_REASON,
  N_PROPS
};

enum {
  SIGNAL_UNAVAILABLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KfKeyring, kf_keyring, G_TYPE_OBJECT)

static void run_op (KfKeyring *self, GTask *task);

void
kf_keyring_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
op_free (Op *op)
{
  g_free (op->context);
  g_free (op->user);
  kf_keyring_secret_free (op->secret);
  g_free (op);
}

const SecretSchema *
kf_keyring_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.kubefoundry.KubeFoundry.Token", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "context", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

const char *
kf_secret_kind_to_string (KfSecretKind kind)
{
  switch (kind)
    {
    case KF_SECRET_KIND_BEARER:
      return "bearer";
    case KF_SECRET_KIND_EXEC:
      return "exec";
    case KF_SECRET_KIND_OIDC_ID:
      return "oidc-id";
    case KF_SECRET_KIND_OIDC_REFRESH:
      return "oidc-refresh";
    case KF_SECRET_KIND_HUGGINGFACE:
      return "huggingface";
    default:
      g_return_val_if_reached ("bearer");
    }
}

static GHashTable *
op_attributes (Op *op)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "kind", (gpointer) kf_secret_kind_to_string (op->kind));
  g_hash_table_insert (attributes, (gpointer) "context", op->context);
  g_hash_table_insert (attributes, (gpointer) "user", op->user);
  return attributes;
}

static char *
op_memory_key (Op *op)
{
  return g_strjoin ("\x1f", kf_secret_kind_to_string (op->kind), op->context, op->user, NULL);
}

static void
mark_unavailable (KfKeyring  *self,
                  const char *reason)
{
  if (self->state == STATE_MEMORY)
    return;
  self->state = STATE_MEMORY;
  self->unavailable_reason = g_strdup (reason);
  g_message ("No Secret Service (%s): tokens are kept in memory only and forgotten when the app quits", reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAVAILABLE_REASON]);
  g_signal_emit (self, signals[SIGNAL_UNAVAILABLE], 0, reason);
}

static void
run_memory_op (KfKeyring *self,
               GTask     *task)
{
  Op *op = g_task_get_task_data (task);
  g_autofree char *key = op_memory_key (op);

  switch (op->type)
    {
    case OP_STORE:
      g_hash_table_replace (self->memory, g_steal_pointer (&key), g_strdup (op->secret));
      g_task_return_boolean (task, TRUE);
      break;
    case OP_LOOKUP:
      g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->memory, key)),
                             (GDestroyNotify) kf_keyring_secret_free);
      break;
    case OP_CLEAR:
    default:
      g_task_return_boolean (task, g_hash_table_remove (self->memory, key));
      break;
    }
}

/* A D-Bus failure means no usable service; anything else (a dismissed prompt,
 * cancellation) is the answer for this one operation. */
static gboolean
fall_back_on (KfKeyring    *self,
              GTask        *task,
              const GError *error)
{
  if (error->domain != G_DBUS_ERROR &&
      !(error->domain == G_IO_ERROR && error->code != G_IO_ERROR_CANCELLED))
    return FALSE;
  mark_unavailable (self, error->message);
  run_memory_op (self, task);
  return TRUE;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (!fall_back_on (g_task_get_source_object (task), task, error))
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error == NULL)
    g_task_return_pointer (task, secret, (GDestroyNotify) kf_keyring_secret_free);
  else if (!fall_back_on (g_task_get_source_object (task), task, error))
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean removed = secret_password_clear_finish (result, &error);

  if (error == NULL)
    g_task_return_boolean (task, removed);
  else if (!fall_back_on (g_task_get_source_object (task), task, error))
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
run_service_op (KfKeyring *self,
                GTask     *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = op_attributes (op);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (op->type)
    {
    case OP_STORE:
      {
        g_autofree char *label = NULL;

        if (op->kind == KF_SECRET_KIND_HUGGINGFACE)
          label = g_strdup ("KubeFoundry: Hugging Face token");
        else
          label = g_strdup_printf ("KubeFoundry: %s token for %s%s%s", kf_secret_kind_to_string (op->kind),
                                   op->user, *op->user ? " in " : "", op->context);
        secret_password_storev (kf_keyring_get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                                op->secret, cancellable, store_cb, g_object_ref (task));
      }
      break;
    case OP_LOOKUP:
      secret_password_lookupv (kf_keyring_get_schema (), attributes, cancellable, lookup_cb, g_object_ref (task));
      break;
    case OP_CLEAR:
    default:
      secret_password_clearv (kf_keyring_get_schema (), attributes, cancellable, clear_cb, g_object_ref (task));
      break;
    }
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KfKeyring) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_finish (result, &error);
  GTask *task;

  if (service != NULL)
    self->state = STATE_SERVICE;
  else
    mark_unavailable (self, error->message);

  while ((task = g_queue_pop_head (&self->waiting)) != NULL)
    {
      run_op (self, task);
      g_object_unref (task);
    }
}

static void
run_op (KfKeyring *self,
        GTask     *task)
{
  switch (self->state)
    {
    case STATE_UNKNOWN:
      self->state = STATE_PROBING;
      g_queue_push_tail (&self->waiting, g_object_ref (task));
      secret_service_get (SECRET_SERVICE_NONE, NULL, probe_cb, g_object_ref (self));
      break;
    case STATE_PROBING:
      g_queue_push_tail (&self->waiting, g_object_ref (task));
      break;
    case STATE_SERVICE:
      run_service_op (self, task);
      break;
    case STATE_MEMORY:
    default:
      run_memory_op (self, task);
      break;
    }
}

static void
start_op (KfKeyring           *self,
          OpType               type,
          KfSecretKind         kind,
          const char          *context,
          const char          *user,
          const char          *secret,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  op->type = type;
  op->kind = kind;
  op->context = g_strdup (context ? context : "");
  op->user = g_strdup (user ? user : "");
  op->secret = g_strdup (secret);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  run_op (self, task);
}

static void
kf_keyring_finalize (GObject *object)
{
  KfKeyring *self = KF_KEYRING (object);

  g_clear_pointer (&self->memory, g_hash_table_unref);
  g_clear_pointer (&self->unavailable_reason, g_free);
  G_OBJECT_CLASS (kf_keyring_parent_class)->finalize (object);
}

static void
kf_keyring_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KfKeyring *self = KF_KEYRING (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, kf_keyring_get_available (self));
      break;
    case PROP_UNAVAILABLE_REASON:
      g_value_set_string (value, self->unavailable_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_keyring_class_init (KfKeyringClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kf_keyring_finalize;
  object_class->get_property = kf_keyring_get_property;

  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UNAVAILABLE_REASON] =
    g_param_spec_string ("unavailable-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KfKeyring::unavailable:
   * @reason: why the Secret Service could not be used
   *
   * Emitted once, when tokens start being kept in memory only.
   */
  signals[SIGNAL_UNAVAILABLE] =
    g_signal_new ("unavailable", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kf_keyring_init (KfKeyring *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) kf_keyring_secret_free);
  g_queue_init (&self->waiting);
}

KfKeyring *
kf_keyring_get_default (void)
{
  static KfKeyring *keyring;

  if (g_once_init_enter (&keyring))
    g_once_init_leave (&keyring, kf_keyring_new (TRUE));
  return keyring;
}

KfKeyring *
kf_keyring_new (gboolean use_secret_service)
{
  KfKeyring *self = g_object_new (KF_TYPE_KEYRING, NULL);

  if (!use_secret_service)
    {
      self->state = STATE_MEMORY;
      self->unavailable_reason = g_strdup ("memory-only keyring");
    }
  return self;
}

gboolean
kf_keyring_get_available (KfKeyring *self)
{
  g_return_val_if_fail (KF_IS_KEYRING (self), FALSE);
  return self->state != STATE_MEMORY;
}

const char *
kf_keyring_get_unavailable_reason (KfKeyring *self)
{
  g_return_val_if_fail (KF_IS_KEYRING (self), NULL);
  return self->unavailable_reason;
}

void
kf_keyring_store_async (KfKeyring           *self,
                        KfSecretKind         kind,
                        const char          *context,
                        const char          *user,
                        const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KF_IS_KEYRING (self));
  g_return_if_fail (secret != NULL);
  start_op (self, OP_STORE, kind, context, user, secret, cancellable, callback, user_data, kf_keyring_store_async);
}

gboolean
kf_keyring_store_finish (KfKeyring     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kf_keyring_lookup_async (KfKeyring           *self,
                         KfSecretKind         kind,
                         const char          *context,
                         const char          *user,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (KF_IS_KEYRING (self));
  start_op (self, OP_LOOKUP, kind, context, user, NULL, cancellable, callback, user_data, kf_keyring_lookup_async);
}

char *
kf_keyring_lookup_finish (KfKeyring     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kf_keyring_clear_async (KfKeyring           *self,
                        KfSecretKind         kind,
                        const char          *context,
                        const char          *user,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KF_IS_KEYRING (self));
  start_op (self, OP_CLEAR, kind, context, user, NULL, cancellable, callback, user_data, kf_keyring_clear_async);
}

gboolean
kf_keyring_clear_finish (KfKeyring     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
