/* kf-sim-op-private.h: shared internals of the simulated operators
 *
 * KfSimOperators keeps, next to the store, what a kubelet and a controller
 * would know about the pods they run: a SimPod per pod it manages (its
 * lifecycle state, timers, log buffers and followers) and a SimWorkload per
 * owner (a DynamoGraphDeployment, RayService, Workspace or Deployment), which
 * also holds the serving metrics of the workload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "kf-sim-operators.h"

G_BEGIN_DECLS

#define KF_SIM_RES_DYNAMO     "dynamographdeployments.nvidia.com"
#define KF_SIM_RES_RAYSERVICE "rayservices.ray.io"
#define KF_SIM_RES_RAYCLUSTER "rayclusters.ray.io"
#define KF_SIM_RES_WORKSPACE  "workspaces.kaito.sh"
#define KF_SIM_RES_DEPLOYMENT "deployments.apps"

typedef enum
{
  SIM_POD_UNSCHEDULED,
  SIM_POD_CREATING,       /* bound to a node, sandbox being created */
  SIM_POD_PULLING,
  SIM_POD_IMAGE_BACKOFF,  /* ErrImagePull / ImagePullBackOff */
  SIM_POD_RUNNING,        /* started, not ready yet */
  SIM_POD_READY,
  SIM_POD_CRASH_BACKOFF,  /* CrashLoopBackOff */
} SimPodState;

typedef struct
{
  gint64  time_us;
  char   *text;
} SimLogLine;

typedef struct _SimPod      SimPod;
typedef struct _SimWorkload SimWorkload;

#define SIM_HIST_MAX 16

typedef struct
{
  const double *bounds;   /* static, n_bounds finite upper bounds */
  guint         n_bounds;
  guint64       counts[SIM_HIST_MAX + 1];   /* non-cumulative; last = +Inf */
  guint64       count;
  double        sum;
} SimHistogram;

struct _SimWorkload
{
  KfSimOperators *ops;
  char       *key;          /* resource \x1f ns \x1f name */
  char       *resource;
  char       *ns;
  char       *name;
  char       *uid;
  char       *kind;
  char       *api_version;
  char       *provider;     /* "dynamo", "kuberay", "kaito", "deployment", "pod" */
  char       *engine;       /* "vllm", "sglang", "trtllm", "llamacpp", "ray", "generic" */
  char       *model;        /* model id, or NULL */
  char       *served_name;  /* name served by /v1/models */
  char       *ray_cluster;  /* KubeRay: the RayCluster's name */
  GPtrArray  *services;     /* char* names of the services created */
  guint64     next_serial;

  /* serving metrics */
  gint64      start_us;
  int         running;
  int         waiting;
  guint64     requests;
  guint64     prompt_tokens;
  guint64     generation_tokens;
  guint64     prefix_queries;
  guint64     prefix_hits;
  guint64     errors;
  double      prompt_seconds;
  double      predict_seconds;
  SimHistogram ttft;
  SimHistogram itl;
  SimHistogram e2e;
  SimHistogram tpot;
  SimHistogram lat_ms;      /* Ray Serve's request latency, in ms */
  guint       traffic_id;   /* background traffic while ready */
  guint       traffic_n;
  guint       rr_entry;     /* round robin over the pods requests enter through */
  guint       rr_worker;    /* and over Dynamo's workers */
  guint       rr_scrape;    /* and over the endpoints a service proxy reaches */
};

typedef struct
{
  SoupServerMessage *msg;
  SimPod            *pod;
  gboolean           timestamps;
  gboolean           done;
} SimLogFollower;

struct _SimPod
{
  KfSimOperators *ops;
  char       *ns;
  char       *name;
  char       *uid;
  char       *owner_key;    /* SimWorkload key, or NULL */
  char       *group;        /* group within the owner */
  char       *role;         /* "frontend", "worker", "prefill", "decode", "head", "operator", ... */
  char       *engine;
  char       *model;
  char       *image;
  GStrv       containers;
  int         gpus;         /* nvidia.com/gpu requested by the pod */
  guint64     serial;       /* creation order within the owner */
  JsonNode   *spec;         /* the pod spec, for scheduling */

  SimPodState state;
  KfSimFailure failure;
  char       *node;
  char       *host_ip;
  char       *pod_ip;
  int         restarts;
  int         backoff_s;
  int         last_exit;
  gint64      created_us;
  gint64      scheduled_us;
  gint64      started_us;
  gint64      ready_us;
  gint64      last_started_us;
  gint64      last_finished_us;
  char       *container_id;
  char       *last_container_id;
  char       *sched_message;  /* last FailedScheduling message */
  guint64     sched_failed_gen; /* the scheduling generation it last failed in (0: never) */
  gboolean    image_err;      /* ErrImagePull shown, BackOff next */

  guint       timer_id;
  guint       tick_id;
  guint       tick_n;
  GPtrArray  *log;          /* SimLogLine*, current container */
  GPtrArray  *prev_log;     /* previous container, or NULL */
  GPtrArray  *followers;    /* SimLogFollower* */
  struct _SimPodMetrics *metrics;  /* serving counters of its current container (kf-sim-op-proxy.c) */
};

/* a group of identical pods an owner wants */
typedef struct
{
  char       *group;        /* unique within the owner */
  char       *prefix;       /* pod name prefix (Deployment/ReplicaSet-like name) */
  gboolean    ordinal;      /* StatefulSet-like names: PREFIX-0, PREFIX-1 */
  char       *role;
  char       *engine;
  char       *model;
  int         replicas;
  JsonNode   *labels;       /* object */
  JsonNode   *spec;         /* PodSpec */
} SimPodGroup;

void          sim_pod_group_free (SimPodGroup *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimPodGroup, sim_pod_group_free)

/* kf-sim-operators.c */
KfSimStore    *kf_sim_operators_get_store    (KfSimOperators *self);
KfSimScenario *kf_sim_operators_get_scenario (KfSimOperators *self);
double         kf_sim_operators_get_speed    (KfSimOperators *self);
GHashTable    *kf_sim_operators_get_pods     (KfSimOperators *self);  /* "ns/name" -> SimPod */
void           kf_sim_operators_set_pod_owner (KfSimOperators *self,
                                               SimPod         *pod,
                                               const char     *owner_key);
void           kf_sim_operators_forget_pod    (KfSimOperators *self,
                                               SimPod         *pod);
GPtrArray     *kf_sim_operators_owned_pods    (KfSimOperators *self,
                                               const char     *owner_key);  /* SimPod*, oldest first */
SimWorkload   *kf_sim_operators_lookup_workload (KfSimOperators *self,
                                                 const char     *key);
void           kf_sim_operators_queue_owner  (KfSimOperators *self,
                                              const char     *key);
void           kf_sim_operators_queue_schedule (KfSimOperators *self);  /* room may have been made */
void           kf_sim_operators_queue_schedule_new (KfSimOperators *self);  /* only a new pod to place */
guint64        kf_sim_operators_get_sched_generation (KfSimOperators *self);
guint          kf_sim_operators_timeout_add  (KfSimOperators *self,
                                              double          sim_seconds,
                                              GSourceFunc     func,
                                              gpointer        data);
void           kf_sim_operators_emit_event   (KfSimOperators *self,
                                              JsonNode       *involved,
                                              const char     *field_path,
                                              const char     *type,
                                              const char     *reason,
                                              const char     *message,
                                              const char     *component,
                                              const char     *host);

/* kf-sim-op-json.c: small JSON helpers */
const char *sim_json_string   (JsonNode *node, ...) G_GNUC_NULL_TERMINATED;
JsonNode   *sim_json_member   (JsonNode *node, ...) G_GNUC_NULL_TERMINATED;
gint64      sim_json_int      (JsonNode *node, gint64 fallback, ...) G_GNUC_NULL_TERMINATED;
JsonObject *sim_json_ensure_object (JsonObject *object, const char *member);
JsonNode   *sim_json_deep_copy (JsonNode *node);
JsonNode   *sim_json_take_object (JsonObject *object);
gboolean    sim_json_true     (JsonNode *node);

/* at most this many pods per group, whatever a resource asks for */
#define SIM_MAX_REPLICAS 64
char       *sim_time_format   (gint64 real_us, gboolean nano);
char       *sim_hex_id        (const char *seed, guint length);
char       *sim_pod_suffix    (const char *seed, guint length);
double      sim_quantity_parse (const char *text);
double      sim_json_quantity (JsonNode *node);

/* kf-sim-op-pod.c: the kubelet and scheduler side */
SimPod     *sim_pod_create    (KfSimOperators *ops,
                               SimWorkload    *owner,
                               SimPodGroup    *group,
                               const char     *name,
                               GError        **error);
SimPod     *sim_pod_adopt     (KfSimOperators *ops,
                               JsonNode       *pod);
void        sim_pod_free      (SimPod *pod);
void        sim_pod_delete    (SimPod *pod);    /* removes from the store; freed via ::changed */
void        sim_pod_gone      (SimPod *pod);    /* stops timers and ends log streams */
gboolean    sim_pod_is_ready  (SimPod *pod);
void        sim_pod_schedule_all (KfSimOperators *ops);
void        sim_pod_append_log (SimPod *pod, const char *text);
const char *sim_pod_state_reason (SimPod *pod);

/* kf-sim-op-sched.c */
gboolean    sim_sched_fit     (GPtrArray      *nodes,      /* JsonNode*, the store's nodes */
                               SimPod         *pod,
                               GHashTable     *used,       /* node name -> double[3] gpu,cpu,mem */
                               char          **node_out,
                               char          **message_out);
GHashTable *sim_sched_usage   (KfSimOperators *ops);

typedef struct
{
  int     total;
  int     scheduled;
  int     running;
  int     ready;
  int     failing;              /* crash-looping or failing to pull */
  SimPod *first_problem;        /* first unschedulable or failing pod */
} SimPodCounts;

/* kf-sim-op-providers.c */
SimPodGroup *sim_group_new        (const char *group,
                                   const char *prefix,
                                   const char *role,
                                   const char *engine,
                                   const char *model,
                                   int         replicas,
                                   JsonObject *labels,
                                   JsonNode   *spec);
void        sim_add_gpu_toleration (JsonNode *spec);
JsonNode   *sim_port_object       (const char *name, int port, int target);
JsonNode   *sim_service_new       (SimWorkload *wl,
                                   const char  *name,
                                   JsonObject  *labels,
                                   JsonObject  *selector,
                                   JsonArray   *ports);
JsonObject *sim_labels_with_hash  (JsonObject *labels, const char *hash);
GStrv       sim_container_argv    (JsonNode *container);
char       *sim_argv_value        (GStrv argv, const char *flag);

/* kf-sim-op-dynamo.c */
void        sim_dynamo_identify   (SimWorkload *wl, JsonNode *object);
GPtrArray  *sim_dynamo_groups     (SimWorkload *wl, JsonNode *object);
GPtrArray  *sim_dynamo_services   (SimWorkload *wl, JsonNode *object);
JsonNode   *sim_dynamo_status     (SimWorkload *wl, JsonNode *object, GPtrArray *pods);

/* kf-sim-op-status.c */
void        sim_count_pods        (GPtrArray *pods, const char *group, SimPodCounts *counts);
void        sim_status_condition  (JsonArray  *out,
                                   JsonNode   *old_conditions,
                                   const char *type,
                                   const char *status,
                                   const char *reason,
                                   const char *message,
                                   gint64      generation);
char       *sim_problem_text      (SimPod *pod);

GPtrArray  *sim_provider_groups   (SimWorkload *wl, JsonNode *object);   /* SimPodGroup* */
GPtrArray  *sim_provider_services (SimWorkload *wl, JsonNode *object);   /* JsonNode* Services */
void        sim_provider_identify (SimWorkload *wl, JsonNode *object);
JsonNode   *sim_provider_status   (SimWorkload *wl, JsonNode *object, GPtrArray *pods);
void        sim_provider_install_runtimes (KfSimOperators *ops);
JsonNode   *sim_owner_reference   (SimWorkload *wl);

/* kf-sim-op-logs.c */
void        sim_logs_container_started (SimPod *pod);
void        sim_logs_container_ready   (SimPod *pod);
void        sim_logs_container_crashed (SimPod *pod);
void        sim_logs_tick              (SimPod *pod);
void        sim_logs_request           (SimPod *pod, const char *path, int status);
void        sim_logs_end_followers     (SimPod *pod);
void        sim_log_line_free          (SimLogLine *line);

void        sim_reply_status           (SoupServerMessage *msg,
                                        guint              code,
                                        const char        *reason,
                                        const char        *message,
                                        const char        *name,
                                        const char        *kind);

/* kf-sim-op-proxy.c */
void        sim_workload_init_metrics  (SimWorkload *wl);
void        sim_pod_metrics_free       (struct _SimPodMetrics *metrics);
gboolean    sim_workload_traffic_cb    (gpointer data);   /* SimWorkload* */

G_END_DECLS
