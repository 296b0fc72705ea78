/* kf-sim-server-private.h: what the files of KfSimServer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "kf-sim-auth.h"
#include "kf-sim-ca.h"
#include "kf-sim-registry.h"
#include "kf-sim-selector.h"
#include "kf-sim-server.h"

G_BEGIN_DECLS

typedef struct _KfSimWatch KfSimWatch;

struct _KfSimServer
{
  GObject        parent_instance;

  KfSimScenario *scenario;
  double         speed;
  gboolean       plain_http;
  gboolean       operators_enabled;
  char          *crds_dir;

  SoupServer    *soup;
  GPtrArray     *sockets;         /* GWeakRef to each accepted connection's GSocket */
  KfSimCa       *ca;
  KfSimStore    *store;
  KfSimRegistry *registry;
  GObject       *operators;       /* KfSimOperators, when built in */
  char          *url;
  guint          port;
  gint64         started_at;

  GHashTable    *expired_users;   /* user name set */
  GHashTable    *client_certs;    /* user name -> "CERT\0KEY" pair (char*[2]) */

  /* faults */
  guint          delay_ms;
  guint          fail_status;
  int            fail_count;
  char          *fail_prefix;
  guint          retry_after;
  guint          watch_lifetime;
  guint          token_lifetime;
  char          *reject_plural;   /* kf_sim_server_reject_next_create() */
  char          *reject_field;
  char          *reject_message;

  GList         *watches;         /* KfSimWatch* */
  gulong         changed_id;
  GHashTable    *counts;          /* "verb\tpath" -> GUINT count */
  GHashTable    *terminating;     /* pod uid -> source id of the end of its grace period */
};

typedef struct
{
  KfSimServer       *server;
  SoupServerMessage *msg;
  KfSimUser         *user;
  const char        *method;
  const char        *verb;        /* the Kubernetes verb */
  char              *group;
  char              *version;
  char              *resource;
  char              *ns;
  char              *name;
  char              *subresource;
  char              *rest;        /* after services/NAME/proxy/ */
  GHashTable        *query;       /* borrowed, may be NULL */
  KfSimResourceType *type;
  gboolean           want_table;
} KfSimRequest;

/* kf-sim-server.c */
void        kf_sim_respond_json        (SoupServerMessage *msg,
                                        guint              status,
                                        JsonNode          *node);
void        kf_sim_respond_status      (SoupServerMessage *msg,
                                        guint              code,
                                        const char        *reason,
                                        const char        *message,
                                        JsonNode          *details);   /* owned, may be NULL */
const char *kf_sim_request_query       (KfSimRequest      *req,
                                        const char        *name);
KfSimUser  *kf_sim_server_authenticate_token (KfSimServer *self,
                                              const char  *token);

/* kf-sim-discovery.c */
JsonNode   *kf_sim_discovery_version        (void);
JsonNode   *kf_sim_discovery_api_versions   (KfSimServer   *server);
JsonNode   *kf_sim_discovery_group_list     (KfSimRegistry *registry);
JsonNode   *kf_sim_discovery_group          (KfSimRegistry *registry,
                                             const char    *group);
JsonNode   *kf_sim_discovery_resource_list  (KfSimRegistry *registry,
                                             const char    *group,
                                             const char    *version);

/* kf-sim-openapi.c */
JsonNode   *kf_sim_openapi_root             (KfSimRegistry *registry);
JsonNode   *kf_sim_openapi_group_version    (KfSimRegistry *registry,
                                             const char    *group,
                                             const char    *version);

/* kf-sim-handlers.c */
void        kf_sim_handle_resource     (KfSimRequest *req);
void        kf_sim_respond_store_error (KfSimRequest *req,
                                        GError       *error);
/* Sets apiVersion and kind as served at the request's version. */
void        kf_sim_present             (KfSimResourceType *type,
                                        JsonNode          *object);

/* kf-sim-reviews.c */
void        kf_sim_handle_review       (KfSimRequest *req,
                                        JsonNode     *body);

/* kf-sim-watch.c */
void        kf_sim_watch_start         (KfSimRequest *req);
void        kf_sim_watch_dispatch      (KfSimServer  *server,
                                        int           type,
                                        const char   *resource,
                                        JsonNode     *object);
void        kf_sim_watch_stop_all      (KfSimServer  *server);

/* kf-sim-table.c */
gboolean    kf_sim_table_wanted        (SoupServerMessage *msg);
JsonNode   *kf_sim_table_new           (KfSimResourceType *type,
                                        GPtrArray         *objects,
                                        gboolean           with_columns);

/* kf-sim-grace.c */
gint64      kf_sim_grace_period        (KfSimRequest *req,
                                        JsonNode     *object);
void        kf_sim_grace_schedule      (KfSimServer  *server,
                                        JsonNode     *pod,
                                        gint64        grace);

G_END_DECLS
