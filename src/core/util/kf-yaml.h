/* kf-yaml.h: YAML <-> JsonNode through libyaml
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KF_YAML_ERROR (kf_yaml_error_quark ())

typedef enum
{
  KF_YAML_ERROR_PARSE,
  KF_YAML_ERROR_TOO_DEEP,
  KF_YAML_ERROR_TOO_LARGE,
  KF_YAML_ERROR_EMPTY,
  KF_YAML_ERROR_MULTIPLE,
  KF_YAML_ERROR_EMIT,
} KfYamlError;

GQuark     kf_yaml_error_quark (void);

/* Parses exactly one document. Errors carry "line L, column C". */
JsonNode  *kf_yaml_parse       (const char  *data,
                                gssize       length,
                                GError     **error);
/* Parses a stream of documents ("---" separated); empty documents skipped. */
GPtrArray *kf_yaml_parse_all   (const char  *data,
                                gssize       length,
                                GError     **error);
JsonNode  *kf_yaml_parse_file  (const char  *path,
                                GError     **error);
/* Emits block-style YAML; strings that would read back as another type are quoted. */
char      *kf_yaml_emit        (JsonNode    *node,
                                GError     **error);
/* Emits several documents separated by "---". */
char      *kf_yaml_emit_all    (GPtrArray   *nodes,
                                GError     **error);

G_END_DECLS
