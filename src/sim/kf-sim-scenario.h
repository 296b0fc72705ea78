/* kf-sim-scenario.h: what a simulated cluster holds at start
 *
 * Loaded from a YAML file (documented in docs/simulated-cluster.md) or built in.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KF_SIM_SCENARIO_ERROR (kf_sim_scenario_error_quark ())

typedef enum
{
  KF_SIM_SCENARIO_ERROR_INVALID,   /* the file is not a valid scenario (message names the field) */
} KfSimScenarioError;

GQuark kf_sim_scenario_error_quark (void);

typedef enum
{
  KF_SIM_FAILURE_NONE,
  KF_SIM_FAILURE_CRASH_LOOP,    /* CrashLoopBackOff */
  KF_SIM_FAILURE_IMAGE_PULL,    /* ImagePullBackOff */
} KfSimFailure;

typedef struct
{
  char       *name;
  char       *token;          /* bearer token, or NULL */
  char       *client_cn;      /* CN of its client certificate, or NULL */
  char      **groups;
  /* rules: array of {verbs:[…], apiGroups:[…], resources:[…], namespaces:[…]}
   * as JSON, "*" wildcards; NULL = everything allowed */
  JsonNode   *rules;
} KfSimUser;

typedef struct _KfSimScenario KfSimScenario;

struct _KfSimScenario
{
  char       *name;
  GPtrArray  *nodes;          /* JsonNode* of kind Node, complete objects */
  char      **runtimes;       /* installed at start: "dynamo", "kuberay", "kaito" */
  JsonNode   *autoscaler_status; /* ConfigMap data "status" text, or NULL */
  GPtrArray  *users;          /* KfSimUser* */
  GHashTable *failing_models; /* model id (string) -> GINT_TO_POINTER (KfSimFailure) */
  GPtrArray  *objects;        /* extra JsonNode* objects to create at start */
  JsonNode   *faults;         /* the scenario's "faults" object (see docs/simulated-cluster.md), or NULL */
};

KfSimScenario *kf_sim_scenario_new_builtin (void);
KfSimScenario *kf_sim_scenario_load        (const char    *path,
                                            GError       **error);
/* Parses a scenario from YAML text; @base_dir resolves relative file names (may be NULL). */
KfSimScenario *kf_sim_scenario_load_data   (const char    *data,
                                            gssize         length,
                                            const char    *base_dir,
                                            GError       **error);
/* The user with that bearer token / client certificate CN / name, or NULL. Borrowed. */
KfSimUser     *kf_sim_scenario_find_user_by_token (KfSimScenario *self,
                                                   const char    *token);
KfSimUser     *kf_sim_scenario_find_user_by_cn    (KfSimScenario *self,
                                                   const char    *cn);
KfSimUser     *kf_sim_scenario_find_user          (KfSimScenario *self,
                                                   const char    *name);
/* Builds a complete Node object, as the kubelet and GPU Feature Discovery label it,
 * from the scenario's node shorthand (see docs/simulated-cluster.md). */
JsonNode      *kf_sim_scenario_build_node  (JsonNode      *shorthand,
                                            GError       **error);
void           kf_sim_user_free            (KfSimUser     *user);
KfSimFailure   kf_sim_scenario_model_failure (KfSimScenario *self,
                                              const char    *model_id);
void           kf_sim_scenario_free        (KfSimScenario *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfSimScenario, kf_sim_scenario_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfSimUser, kf_sim_user_free)

G_END_DECLS
