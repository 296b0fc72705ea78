/* kf-schema.h: validation of JSON objects against an OpenAPI v3 schema, as the
 * Kubernetes API server validates custom resources against their CRD's
 * openAPIV3Schema (structural schemas).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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

G_END_DECLS
