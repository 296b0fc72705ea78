/* kf-deployment-diagnosis.h: why a deployment is not running, in plain words
 *
 * Pure functions over what the API returns (no I/O): the deployment's Pods,
 * the Events about them and, when known, the cluster's Nodes and all Pods
 * (to tell how many GPUs are free where). Each finding says what is wrong
 * and what to do:
 *
 *   "No node has 16 free GPUs; the largest free block is 8 on pool h100pool."
 *   "Reduce GPUs per replica or free capacity."
 *
 * Every JsonNode argument may be NULL, a JSON array, or a List object with
 * "items"; anything malformed inside is skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  KF_DIAGNOSIS_INSUFFICIENT_GPU,
  KF_DIAGNOSIS_INSUFFICIENT_CPU,
  KF_DIAGNOSIS_INSUFFICIENT_MEMORY,
  KF_DIAGNOSIS_INSUFFICIENT_OTHER,  /* any other extended resource */
  KF_DIAGNOSIS_TAINT,
  KF_DIAGNOSIS_NODE_SELECTOR,
  KF_DIAGNOSIS_PVC_PENDING,
  KF_DIAGNOSIS_UNSCHEDULABLE,       /* scheduling failed for another reason */
  KF_DIAGNOSIS_IMAGE_PULL,
  KF_DIAGNOSIS_CRASH_LOOP,
  KF_DIAGNOSIS_OOM_KILLED,
  KF_DIAGNOSIS_CONFIG_ERROR,        /* CreateContainerConfigError: a missing Secret/ConfigMap */
} KfDiagnosisKind;

typedef struct
{
  KfDiagnosisKind kind;
  char           *summary;   /* one sentence: what is wrong (translated) */
  char           *action;    /* one sentence: what to do (translated) */
  char           *detail;    /* the raw message it came from, may be NULL */
  GPtrArray      *pods;      /* names of the pods it affects (char*), never NULL */
} KfDiagnosisFinding;

void kf_diagnosis_finding_free (KfDiagnosisFinding *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfDiagnosisFinding, kf_diagnosis_finding_free)

/* One "N reason" entry of a FailedScheduling message. */
typedef struct
{
  guint  count;      /* nodes it applies to (0 when the entry has no count) */
  char  *reason;     /* "Insufficient nvidia.com/gpu", "node(s) had untolerated taint {k: v}" */
} KfSchedulingReason;

typedef struct
{
  guint      total_nodes;  /* the "/6" of "0/6 nodes are available" (0 if absent) */
  GPtrArray *reasons;      /* KfSchedulingReason*, preemption part excluded */
} KfSchedulingFailure;

void                 kf_scheduling_failure_free  (KfSchedulingFailure *failure);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfSchedulingFailure, kf_scheduling_failure_free)

/* Parses the scheduler's FitError text ("0/6 nodes are available: 2
 * Insufficient nvidia.com/gpu, 1 node(s) had untolerated taint {k: v}.
 * preemption: …"), old and new wordings. NULL when it is not such a text. */
KfSchedulingFailure *kf_scheduling_failure_parse (const char *message);

/* A resource quantity ("500m", "64Gi", "2", "1e3") as a number (cores,
 * bytes, devices). FALSE on malformed text. */
gboolean             kf_quantity_parse           (const char *text,
                                                  double     *value);

/* The findings (KfDiagnosisFinding*, free func set), most blocking first;
 * empty when nothing explains a problem. @nodes and @all_pods are optional:
 * with them, insufficient-GPU findings name the largest free block. */
GPtrArray           *kf_deployment_diagnose      (JsonNode   *pods,
                                                  JsonNode   *events,
                                                  JsonNode   *nodes,
                                                  JsonNode   *all_pods);

/* Whether any pod is Pending unschedulable (worth fetching nodes for). */
gboolean             kf_diagnosis_needs_nodes    (JsonNode   *pods);

G_END_DECLS
