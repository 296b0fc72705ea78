/* kf-kube-error.h: errors of the Kubernetes REST client
 *
 * Every failure of src/core/k8s is a GError in the KF_KUBE_ERROR domain. When
 * the API server answered with a Status object, the error carries it (reason,
 * HTTP code, message and, for Invalid, the causes with the field each one is
 * about) so that a form can show each cause next to its field:
 *
 *   const KfKubeStatus *st = kf_kube_error_get_status (error);
 *   for (guint i = 0; st && i < st->causes->len; i++)
 *     { KfKubeStatusCause *c = g_ptr_array_index (st->causes, i); … c->field, c->message }
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KF_KUBE_ERROR (kf_kube_error_quark ())

typedef enum
{
  KF_KUBE_ERROR_FAILED,              /* any other Status reason / HTTP error */
  KF_KUBE_ERROR_BAD_REQUEST,         /* 400 BadRequest */
  KF_KUBE_ERROR_UNAUTHORIZED,        /* 401 Unauthorized (after renewing credentials once) */
  KF_KUBE_ERROR_FORBIDDEN,           /* 403 Forbidden */
  KF_KUBE_ERROR_NOT_FOUND,           /* 404 NotFound */
  KF_KUBE_ERROR_ALREADY_EXISTS,      /* 409 AlreadyExists */
  KF_KUBE_ERROR_CONFLICT,            /* 409 Conflict (stale resourceVersion) */
  KF_KUBE_ERROR_GONE,                /* 410 Gone / Expired (resourceVersion too old) */
  KF_KUBE_ERROR_INVALID,             /* 422 Invalid: see the causes */
  KF_KUBE_ERROR_TOO_MANY_REQUESTS,   /* 429 after the bounded Retry-After retries */
  KF_KUBE_ERROR_INTERNAL_ERROR,      /* 500 InternalError */
  KF_KUBE_ERROR_SERVICE_UNAVAILABLE, /* 503 ServiceUnavailable */
  KF_KUBE_ERROR_SERVER_TIMEOUT,      /* 504 / ServerTimeout / Timeout reason */
  KF_KUBE_ERROR_UNREACHABLE,         /* connection refused, DNS, proxy failure */
  KF_KUBE_ERROR_TLS,                 /* certificate problem, in words */
  KF_KUBE_ERROR_TIMEOUT,             /* no answer within the request timeout */
  KF_KUBE_ERROR_BAD_RESPONSE,        /* not JSON / not what the API promises */
} KfKubeError;

typedef struct
{
  char *field;    /* "spec.replicas", may be NULL */
  char *reason;   /* "FieldValueInvalid", may be NULL */
  char *message;
} KfKubeStatusCause;

#define KF_TYPE_KUBE_STATUS (kf_kube_status_get_type ())

typedef struct
{
  guint      code;         /* HTTP status code */
  char      *reason;       /* Status.reason ("NotFound"), may be NULL */
  char      *message;      /* Status.message, may be NULL */
  char      *kind;         /* details.kind, may be NULL */
  char      *name;         /* details.name, may be NULL */
  GPtrArray *causes;       /* KfKubeStatusCause*, never NULL */
  guint      retry_after;  /* seconds: details.retryAfterSeconds or Retry-After */
} KfKubeStatus;

GQuark        kf_kube_error_quark          (void);
GType         kf_kube_status_get_type      (void);

/* Parses a meta/v1 Status (the object may be NULL: then code alone decides). */
KfKubeStatus *kf_kube_status_new_from_json (guint          http_code,
                                            JsonNode      *node);
KfKubeStatus *kf_kube_status_copy          (const KfKubeStatus *status);
void          kf_kube_status_free          (KfKubeStatus  *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfKubeStatus, kf_kube_status_free)

/* The error for a Status (the status is copied into the error). */
GError             *kf_kube_error_new_from_status (const KfKubeStatus *status);
/* The Status an error carries, or NULL (transport errors, other domains). */
const KfKubeStatus *kf_kube_error_get_status      (const GError *error);
/* Shorthand: the causes (KfKubeStatusCause*) of an Invalid error, or NULL. */
GPtrArray          *kf_kube_error_get_causes      (const GError *error);
/* The message of the cause for @field (exact match), or NULL. */
const char         *kf_kube_error_get_cause_for_field (const GError *error,
                                                       const char   *field);

/* Maps a transport GError (GIO/TLS/Soup) to KF_KUBE_ERROR; cancellation is
 * passed through unchanged. @server names the API server in the message;
 * @tls_flags are the certificate problems seen during the handshake (0 if
 * none were recorded). Takes ownership of @error. */
GError *kf_kube_error_from_transport (GError               *error,
                                      const char           *server,
                                      GTlsCertificateFlags  tls_flags);
/* Words for certificate problems: "issued by an unknown authority", … */
char   *kf_kube_error_describe_tls_flags (GTlsCertificateFlags flags);

G_END_DECLS
