/* kf-sim-scenario.h: what a simulated cluster holds at start
 *
 * Loaded from a YAML file (documented in docs/simulated-cluster.md) or built in.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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
};

KfSimScenario *kf_sim_scenario_new_builtin (void);
KfSimScenario *kf_sim_scenario_load        (const char    *path,
                                            GError       **error);
KfSimFailure   kf_sim_scenario_model_failure (KfSimScenario *self,
                                              const char    *model_id);
void           kf_sim_scenario_free        (KfSimScenario *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfSimScenario, kf_sim_scenario_free)

G_END_DECLS
