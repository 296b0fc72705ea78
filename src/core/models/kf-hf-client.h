/* kf-hf-client.h: the HuggingFace Hub API (search, model info, config, whoami)
 *
 * Asynchronous (libsoup 3), one GCancellable per call. The endpoint is the
 * constructor's argument, else $HF_ENDPOINT, else https://huggingface.co.
 * A token, when given, is sent as "Authorization: Bearer …" on that call
 * only; it is never logged nor kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kf-model.h"

G_BEGIN_DECLS

#define KF_HF_DEFAULT_ENDPOINT "https://huggingface.co"

#define KF_HF_ERROR (kf_hf_error_quark ())

typedef enum
{
  KF_HF_ERROR_AUTH_REQUIRED,     /* 401 without a token: gated or private; sign in */
  KF_HF_ERROR_UNAUTHORIZED,      /* 401 with a token: the token was rejected */
  KF_HF_ERROR_GATED,             /* 403: the licence has not been accepted */
  KF_HF_ERROR_NOT_FOUND,         /* 404 (or RepoNotFound) */
  KF_HF_ERROR_RATE_LIMITED,      /* 429; the message says how long to wait */
  KF_HF_ERROR_SERVER,            /* other HTTP errors */
  KF_HF_ERROR_NETWORK,           /* unreachable, timed out, TLS */
  KF_HF_ERROR_INVALID_RESPONSE,  /* not JSON, or not the expected shape */
  KF_HF_ERROR_INVALID_ARGUMENT,  /* a model id that is not "owner/name" */
} KfHfError;

GQuark kf_hf_error_quark (void);

/* One page of search results. */
typedef struct
{
  GPtrArray *models;      /* KfModel, compatible ones only, in the Hub's order */
  guint      n_received;  /* entries the Hub sent (compatible or not) */
  char      *next_url;    /* from the Link: <…>; rel="next" header; NULL on the last page */
} KfHfSearchPage;

void kf_hf_search_page_free (KfHfSearchPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfHfSearchPage, kf_hf_search_page_free)

/* The signed-in user (/api/whoami-v2). */
typedef struct
{
  char *name;
  char *fullname;
  char *email;
  char *avatar_url;
} KfHfUser;

void kf_hf_user_free (KfHfUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfHfUser, kf_hf_user_free)

#define KF_TYPE_HF_CLIENT (kf_hf_client_get_type ())
G_DECLARE_FINAL_TYPE (KfHfClient, kf_hf_client, KF, HF_CLIENT, GObject)

/* NULL endpoint: $HF_ENDPOINT, else KF_HF_DEFAULT_ENDPOINT. */
KfHfClient     *kf_hf_client_new              (const char          *endpoint);
const char     *kf_hf_client_get_endpoint     (KfHfClient          *self);
/* Seconds before an unanswered request fails (default 30; 0 = none). */
void            kf_hf_client_set_timeout      (KfHfClient          *self,
                                               guint                seconds);

/* The search URL (exposed for tests and "open in browser"). */
char           *kf_hf_client_build_search_url (KfHfClient          *self,
                                               const char          *query,
                                               guint                limit);

/* Text-generation models matching @query, most downloaded first. */
void            kf_hf_client_search_async     (KfHfClient          *self,
                                               const char          *query,
                                               guint                limit,
                                               const char          *token,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* The following page: @next_url from a previous page (must be on the endpoint). */
void            kf_hf_client_search_next_async (KfHfClient         *self,
                                                const char         *next_url,
                                                const char         *token,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
KfHfSearchPage *kf_hf_client_search_finish    (KfHfClient          *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* /api/models/{id}: the model with safetensors, files, licence, gating. */
void            kf_hf_client_get_model_async  (KfHfClient          *self,
                                               const char          *model_id,
                                               const char          *token,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
KfModel        *kf_hf_client_get_model_finish (KfHfClient          *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* /{id}/resolve/main/config.json (gated models need a token). */
void            kf_hf_client_get_config_async (KfHfClient          *self,
                                               const char          *model_id,
                                               const char          *token,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonObject     *kf_hf_client_get_config_finish (KfHfClient         *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* /api/whoami-v2 with @token. */
void            kf_hf_client_whoami_async     (KfHfClient          *self,
                                               const char          *token,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
KfHfUser       *kf_hf_client_whoami_finish    (KfHfClient          *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* OAuth: POST /oauth/token (authorization_code + PKCE verifier); returns
 * the access token (the caller stores it in the keyring). */
void            kf_hf_client_exchange_code_async (KfHfClient       *self,
                                                  const char       *client_id,
                                                  const char       *code,
                                                  const char       *redirect_uri,
                                                  const char       *code_verifier,
                                                  GCancellable     *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer          user_data);
char           *kf_hf_client_exchange_code_finish (KfHfClient      *self,
                                                   GAsyncResult    *result,
                                                   GError         **error);

/* "owner/name" with the Hub's characters only. */
gboolean        kf_hf_model_id_is_valid       (const char          *model_id);

/* Parses an RFC 8288 Link header for rel="next"; NULL if absent. */
char           *kf_hf_parse_link_next         (const char          *link_header);

G_END_DECLS
