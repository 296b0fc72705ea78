/* kf-kube-error.c: errors of the Kubernetes REST client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "kf-kube-error.h"

typedef struct
{
  KfKubeStatus *status;
} KfKubeErrorPrivate;

static void
kf_kube_error_private_init (KfKubeErrorPrivate *priv)
{
  priv->status = NULL;
}

static void
kf_kube_error_private_copy (const KfKubeErrorPrivate *src,
                            KfKubeErrorPrivate       *dest)
{
  dest->status = src->status != NULL ? kf_kube_status_copy (src->status) : NULL;
}

static void
kf_kube_error_private_clear (KfKubeErrorPrivate *priv)
{
  g_clear_pointer (&priv->status, kf_kube_status_free);
}

G_DEFINE_EXTENDED_ERROR (KfKubeError, kf_kube_error)
G_DEFINE_BOXED_TYPE (KfKubeStatus, kf_kube_status, kf_kube_status_copy, kf_kube_status_free)

static void
cause_free (gpointer data)
{
  KfKubeStatusCause *cause = data;

  g_free (cause->field);
  g_free (cause->reason);
  g_free (cause->message);
  g_free (cause);
}

static char *
dup_member (JsonObject *obj,
            const char *name)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, name))
    return NULL;
  node = json_object_get_member (obj, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

KfKubeStatus *
kf_kube_status_new_from_json (guint     http_code,
                              JsonNode *node)
{
  KfKubeStatus *status = g_new0 (KfKubeStatus, 1);
  JsonObject *obj = NULL;
  JsonObject *details = NULL;

  status->code = http_code;
  status->causes = g_ptr_array_new_with_free_func (cause_free);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    obj = json_node_get_object (node);
  if (obj == NULL)
    return status;

  status->reason = dup_member (obj, "reason");
  status->message = dup_member (obj, "message");
  if (json_object_has_member (obj, "code") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "code")) && http_code == 0)
    status->code = (guint) json_object_get_int_member (obj, "code");

  if (json_object_has_member (obj, "details") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "details")))
    details = json_object_get_object_member (obj, "details");
  if (details != NULL)
    {
      status->kind = dup_member (details, "kind");
      status->name = dup_member (details, "name");
      if (json_object_has_member (details, "retryAfterSeconds"))
        status->retry_after = (guint) MAX (0, json_object_get_int_member (details, "retryAfterSeconds"));
      if (json_object_has_member (details, "causes") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (details, "causes")))
        {
          JsonArray *causes = json_object_get_array_member (details, "causes");

          for (guint i = 0; i < json_array_get_length (causes); i++)
            {
              JsonNode *c = json_array_get_element (causes, i);
              KfKubeStatusCause *cause;

              if (!JSON_NODE_HOLDS_OBJECT (c))
                continue;
              cause = g_new0 (KfKubeStatusCause, 1);
              cause->field = dup_member (json_node_get_object (c), "field");
              cause->reason = dup_member (json_node_get_object (c), "reason");
              cause->message = dup_member (json_node_get_object (c), "message");
              g_ptr_array_add (status->causes, cause);
            }
        }
    }
  return status;
}

KfKubeStatus *
kf_kube_status_copy (const KfKubeStatus *status)
{
  KfKubeStatus *copy = g_new0 (KfKubeStatus, 1);

  copy->code = status->code;
  copy->reason = g_strdup (status->reason);
  copy->message = g_strdup (status->message);
  copy->kind = g_strdup (status->kind);
  copy->name = g_strdup (status->name);
  copy->retry_after = status->retry_after;
  copy->causes = g_ptr_array_new_with_free_func (cause_free);
  for (guint i = 0; i < status->causes->len; i++)
    {
      const KfKubeStatusCause *c = g_ptr_array_index (status->causes, i);
      KfKubeStatusCause *d = g_new0 (KfKubeStatusCause, 1);

      d->field = g_strdup (c->field);
      d->reason = g_strdup (c->reason);
      d->message = g_strdup (c->message);
      g_ptr_array_add (copy->causes, d);
    }
  return copy;
}

void
kf_kube_status_free (KfKubeStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->reason);
  g_free (status->message);
  g_free (status->kind);
  g_free (status->name);
  g_ptr_array_unref (status->causes);
  g_free (status);
}

static const struct
{
  const char  *reason;
  KfKubeError  code;
} reasons[] = {
  { "BadRequest", KF_KUBE_ERROR_BAD_REQUEST },
  { "Unauthorized", KF_KUBE_ERROR_UNAUTHORIZED },
  { "Forbidden", KF_KUBE_ERROR_FORBIDDEN },
  { "NotFound", KF_KUBE_ERROR_NOT_FOUND },
  { "AlreadyExists", KF_KUBE_ERROR_ALREADY_EXISTS },
  { "Conflict", KF_KUBE_ERROR_CONFLICT },
  { "Gone", KF_KUBE_ERROR_GONE },
  { "Expired", KF_KUBE_ERROR_GONE },
  { "Invalid", KF_KUBE_ERROR_INVALID },
  { "TooManyRequests", KF_KUBE_ERROR_TOO_MANY_REQUESTS },
  { "InternalError", KF_KUBE_ERROR_INTERNAL_ERROR },
  { "ServiceUnavailable", KF_KUBE_ERROR_SERVICE_UNAVAILABLE },
  { "ServerTimeout", KF_KUBE_ERROR_SERVER_TIMEOUT },
  { "Timeout", KF_KUBE_ERROR_SERVER_TIMEOUT },
};

static KfKubeError
code_for_status (const KfKubeStatus *status)
{
  if (status->reason != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
      if (g_str_equal (reasons[i].reason, status->reason))
        return reasons[i].code;

  switch (status->code)
    {
    case 400: return KF_KUBE_ERROR_BAD_REQUEST;
    case 401: return KF_KUBE_ERROR_UNAUTHORIZED;
    case 403: return KF_KUBE_ERROR_FORBIDDEN;
    case 404: return KF_KUBE_ERROR_NOT_FOUND;
    case 409: return KF_KUBE_ERROR_CONFLICT;
    case 410: return KF_KUBE_ERROR_GONE;
    case 422: return KF_KUBE_ERROR_INVALID;
    case 429: return KF_KUBE_ERROR_TOO_MANY_REQUESTS;
    case 500: return KF_KUBE_ERROR_INTERNAL_ERROR;
    case 503: return KF_KUBE_ERROR_SERVICE_UNAVAILABLE;
    case 504: return KF_KUBE_ERROR_SERVER_TIMEOUT;
    default:  return KF_KUBE_ERROR_FAILED;
    }
}

GError *
kf_kube_error_new_from_status (const KfKubeStatus *status)
{
  g_autoptr(GString) msg = g_string_new (NULL);
  KfKubeError code = code_for_status (status);
  GError *error;
  KfKubeErrorPrivate *priv;

  if (status->message != NULL && *status->message != '\0')
    g_string_append (msg, status->message);
  else if (status->reason != NULL)
    g_string_append_printf (msg, "The API server answered %s (HTTP %u)", status->reason, status->code);
  else
    g_string_append_printf (msg, "The API server answered HTTP %u %s", status->code,
                            soup_status_get_phrase (status->code) ? soup_status_get_phrase (status->code) : "");

  if (code == KF_KUBE_ERROR_INVALID && status->causes->len > 0 &&
      (status->message == NULL || *status->message == '\0'))
    for (guint i = 0; i < status->causes->len; i++)
      {
        const KfKubeStatusCause *c = g_ptr_array_index (status->causes, i);
        g_string_append_printf (msg, "%s%s: %s", i == 0 ? ": " : "; ",
                                c->field ? c->field : "(object)", c->message ? c->message : "invalid");
      }

  error = g_error_new_literal (KF_KUBE_ERROR, code, msg->str);
  priv = kf_kube_error_get_private (error);
  if (priv != NULL)
    priv->status = kf_kube_status_copy (status);
  return error;
}

const KfKubeStatus *
kf_kube_error_get_status (const GError *error)
{
  KfKubeErrorPrivate *priv;

  if (error == NULL || error->domain != KF_KUBE_ERROR)
    return NULL;
  priv = kf_kube_error_get_private (error);
  return priv != NULL ? priv->status : NULL;
}

GPtrArray *
kf_kube_error_get_causes (const GError *error)
{
  const KfKubeStatus *status = kf_kube_error_get_status (error);

  return status != NULL ? status->causes : NULL;
}

const char *
kf_kube_error_get_cause_for_field (const GError *error,
                                   const char   *field)
{
  GPtrArray *causes = kf_kube_error_get_causes (error);

  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      const KfKubeStatusCause *c = g_ptr_array_index (causes, i);

      if (c->field != NULL && g_str_equal (c->field, field))
        return c->message;
    }
  return NULL;
}

char *
kf_kube_error_describe_tls_flags (GTlsCertificateFlags flags)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_ptr_array_add (words, (gpointer) "it is issued by an unknown certificate authority (check certificate-authority in the kubeconfig)");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_ptr_array_add (words, (gpointer) "it is not valid for the server's name (check the server address or tls-server-name)");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_ptr_array_add (words, (gpointer) "it is not valid yet");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_ptr_array_add (words, (gpointer) "it has expired");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_ptr_array_add (words, (gpointer) "it has been revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_ptr_array_add (words, (gpointer) "it uses an insecure algorithm");
  if (flags & G_TLS_CERTIFICATE_GENERIC_ERROR || words->len == 0)
    g_ptr_array_add (words, (gpointer) "it could not be verified");
  g_ptr_array_add (words, NULL);
  return g_strjoinv ("; ", (char **) words->pdata);
}

GError *
kf_kube_error_from_transport (GError               *error,
                              const char           *server,
                              GTlsCertificateFlags  tls_flags)
{
  GError *mapped;

  if (error == NULL || error->domain == KF_KUBE_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (tls_flags != 0 || error->domain == G_TLS_ERROR)
    {
      g_autofree char *words = NULL;

      if (tls_flags != 0)
        {
          words = kf_kube_error_describe_tls_flags (tls_flags);
          mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_TLS,
                                "The certificate of %s was rejected: %s", server, words);
        }
      else
        mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_TLS,
                              "TLS connection to %s failed: %s", server, error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_TIMEOUT,
                          "%s did not answer in time", server);
  else if (error->domain == G_IO_ERROR &&
           (error->code == G_IO_ERROR_PROXY_FAILED || error->code == G_IO_ERROR_PROXY_AUTH_FAILED ||
            error->code == G_IO_ERROR_PROXY_NEED_AUTH || error->code == G_IO_ERROR_PROXY_NOT_ALLOWED))
    mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                          "Cannot reach %s through the proxy: %s", server, error->message);
  else if (error->domain == G_RESOLVER_ERROR || error->domain == G_IO_ERROR)
    mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                          "Cannot reach the API server at %s: %s", server, error->message);
  else
    mapped = g_error_new (KF_KUBE_ERROR, KF_KUBE_ERROR_UNREACHABLE,
                          "Request to %s failed: %s", server, error->message);

  g_error_free (error);
  return mapped;
}
