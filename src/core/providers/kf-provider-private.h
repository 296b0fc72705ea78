/* kf-provider-private.h: helpers shared by the provider implementations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-provider.h"

G_BEGIN_DECLS

gboolean     kf_str_is_blank             (const char *s);

/* Adds an issue unless @field already has one (one message per field). */
void         kf_issues_add               (GPtrArray  *issues,
                                          const char *field,
                                          const char *format,
                                          ...) G_GNUC_PRINTF (3, 4);
gboolean     kf_issues_has_field         (GPtrArray  *issues,
                                          const char *field);

/* Rules Dynamo and KubeRay share (the original's base schema): model, worker
 * replicas and GPUs (or prefill/decode workers), the HF token secret. */
void         kf_validate_gpu_workers     (const KfDeploymentConfig *config,
                                          GPtrArray                *issues);
void         kf_validate_replicas        (GPtrArray                *issues,
                                          const char               *field,
                                          guint                     value,
                                          const char               *what);
void         kf_validate_gpus            (GPtrArray                *issues,
                                          const char               *field,
                                          guint                     value,
                                          const char               *what);

/* Builders */
JsonObject  *kf_json_child_object        (JsonObject *parent,
                                          const char *member);   /* get or create */
JsonArray   *kf_json_child_array         (JsonObject *parent,
                                          const char *member);   /* get or create */
JsonObject  *kf_json_array_add_object    (JsonArray  *array);
void         kf_json_array_add_strings   (JsonArray  *array,
                                          ...) G_GNUC_NULL_TERMINATED;
/* apiVersion, kind, metadata {name, namespace, labels (common + @config's), annotations} */
JsonObject  *kf_manifest_new             (const char               *api_version,
                                          const char               *kind,
                                          const char               *name,
                                          const char               *namespace,
                                          const char               *provider_id,
                                          const KfDeploymentConfig *config);
JsonObject  *kf_manifest_get_labels      (JsonObject *manifest);
JsonNode    *kf_json_node_from_object    (JsonObject *object);   /* takes ownership */

/* Readers: tolerant of any shape; a dotted @path ("status.state") walks objects. */
JsonObject  *kf_json_get_object          (JsonObject *object,
                                          const char *path);
JsonArray   *kf_json_get_array           (JsonObject *object,
                                          const char *path);
const char  *kf_json_get_string          (JsonObject *object,
                                          const char *path);
/* one member, no path walking (label keys contain dots) */
const char  *kf_json_member_string       (JsonObject *object,
                                          const char *member);
/* integers, integral doubles and decimal strings; FALSE otherwise */
gboolean     kf_json_get_uint            (JsonObject *object,
                                          const char *path,
                                          guint      *value);
/* status.conditions[type=@type]: TRUE when status is "True" */
gboolean     kf_conditions_true          (JsonObject *status,
                                          const char *type);
/* the message of the first condition of @type (or, with @type NULL, of the first
 * condition whose status is "False" and has a message) */
const char  *kf_conditions_message       (JsonObject *status,
                                          const char *type);

/* Splits a command line the way /bin/sh would for simple cases (quotes honoured;
 * falls back to whitespace splitting). Never NULL. */
GStrv        kf_split_command_line       (const char *line);
/* The value following @flag ("--model") in @argv ("--model=X" also accepted); NULL if absent. */
const char  *kf_argv_flag_value          (const char * const *argv,
                                          const char         *flag);

/* Appends " word" to a /bin/sh command line, single-quoted when it needs it. */
void         kf_append_shell_word        (GString    *line,
                                          const char *word);

/* Builds a status' message from a string (steals nothing). */
void         kf_status_set_message       (KfDeploymentStatus *status,
                                          const char         *message);

G_END_DECLS
