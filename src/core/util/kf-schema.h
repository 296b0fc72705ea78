/* kf-schema.h: validation of JSON objects against an OpenAPI v3 schema, as the
 * Kubernetes API server validates custom resources against their CRD's
 * openAPIV3Schema (structural schemas).
 *
 * What the API server does with a custom resource, and what we offer for it:
 *
 *  1. Defaulting: kf_schema_apply_defaults() fills absent (and null,
 *     non-nullable) properties from their schema's `default`.
 *  2. Pruning: fields the schema does not declare are *removed*, not
 *     rejected, unless an enclosing schema sets
 *     `x-kubernetes-preserve-unknown-fields: true` or declares
 *     `additionalProperties`. kf_schema_prune() does exactly that and reports
 *     the removed paths: with `kubectl apply`'s default field validation
 *     (Strict) the server rejects the request instead, with
 *     `strict decoding error: unknown field "spec.services.Frontend.pvc"`;
 *     callers that emulate Strict use those paths. Root `apiVersion`, `kind`
 *     and `metadata` (and the same in `x-kubernetes-embedded-resource`
 *     objects) are always kept. Null values of non-nullable fields without a
 *     default are dropped, as the server does.
 *  3. Validation: kf_schema_validate() never fails on unknown fields (prune
 *     first if they matter); it checks type (integer only accepts whole
 *     numbers; x-kubernetes-int-or-string means "integer,string"), nullable,
 *     required, enum, properties/additionalProperties, items,
 *     minimum/maximum (+ exclusive), multipleOf, minLength/maxLength,
 *     pattern, minItems/maxItems, uniqueItems, minProperties/maxProperties,
 *     format (date-time, date, byte, uuid, ipv4, ipv6, cidr, hostname, email),
 *     anyOf/oneOf/allOf/not, x-kubernetes-embedded-resource (apiVersion and
 *     kind required). Root `metadata` is only checked for being an object
 *     (the server validates ObjectMeta itself). x-kubernetes-validations (CEL)
 *     rules are not evaluated.
 *
 * Causes come out as the API server prints them (kube-openapi messages run
 * through apiextensions-apiserver's conversion to field.Error, ErrorBody()):
 *   field   "spec.replicas"
 *   message "Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""
 *   field   "spec.services.Frontend.componentType"        message "Unsupported value: \"x\": supported values: \"a\", \"b\""
 *   field   "spec.workerGroupSpecs[0].groupName"          message "Required value"
 * anyOf/oneOf/allOf/not failures have field "<nil>", as the server prints them.
 *
 * Hostile input never crashes: recursion is bounded (KF_SCHEMA_MAX_DEPTH),
 * so is the total work, and at most KF_SCHEMA_MAX_CAUSES causes are kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KF_SCHEMA_MAX_DEPTH   128
#define KF_SCHEMA_MAX_CAUSES  1000

/* One violation, shaped like a Kubernetes StatusCause. */
typedef struct
{
  char *type;     /* the apimachinery field.ErrorType strings: "FieldValueRequired",
                   * "FieldValueInvalid", "FieldValueNotSupported", "FieldValueTypeInvalid",
                   * "FieldValueTooLong", "FieldValueTooMany", ... */
  char *field;    /* "spec.services.Frontend.replicas" (JSON path, as the API server prints it) */
  char *message;  /* "Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"" */
} KfSchemaCause;

void       kf_schema_cause_free (KfSchemaCause *cause);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfSchemaCause, kf_schema_cause_free)

/* Validates @object against @schema (the value of a CRD version's
 * schema.openAPIV3Schema). Returns TRUE when valid; otherwise FALSE and, when
 * @causes is not NULL, a new array of KfSchemaCause (element free func set),
 * one per violation, in document order. Never fails on hostile input. */
gboolean   kf_schema_validate   (JsonNode   *schema,
                                 JsonNode   *object,
                                 GPtrArray **causes);

/* Finds the openAPIV3Schema of @version in a CRD object (apiextensions.k8s.io/v1),
 * or of its storage version when @version is NULL. Borrowed; NULL if absent. */
JsonNode  *kf_schema_from_crd   (JsonNode   *crd,
                                 const char *version);

/* Removes from @object (modified in place) every field that @schema does not
 * declare, as the API server prunes custom resources (see above). Returns the
 * number of fields removed; when @pruned is not NULL, sets it to a new array of
 * their paths ("spec.services.Frontend.pvc", "spec.items[2].x"), in document
 * order. Null values of non-nullable fields are removed without being reported. */
guint      kf_schema_prune      (JsonNode   *schema,
                                 JsonNode   *object,
                                 GPtrArray **pruned);

/* Sets, in @object (modified in place), the `default` of every property that
 * is absent or null-but-not-nullable, recursively (defaults are deep-copied),
 * as the API server defaults custom resources. Returns the number of values set. */
guint      kf_schema_apply_defaults (JsonNode *schema,
                                     JsonNode *object);

/* "field: message" as the server prints one cause (field.Error.Error()). */
char      *kf_schema_cause_to_string (const KfSchemaCause *cause);

/* The message of the API server's 422 Invalid Status for @causes:
 * `DynamoGraphDeployment.nvidia.com "demo" is invalid: spec.x: Required value`
 * (several causes are joined as "[a, b]", duplicates dropped).
 * @group may be NULL or "" for the core group. */
char      *kf_schema_invalid_message (const char *kind,
                                      const char *group,
                                      const char *name,
                                      GPtrArray  *causes);

G_END_DECLS
