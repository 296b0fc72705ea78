/* kf-secret-mask.h: hide secret values before an object is shown or saved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KF_SECRET_MASK "••••••"

/* A deep copy of @node where every value that may be a secret reads
 * KF_SECRET_MASK: the data/stringData values of Secrets (and their
 * last-applied-configuration annotation), the "value" of env entries whose
 * name looks like a token, password or key, and strings that look like a
 * Hugging Face token (hf_…). Works on any JSON (Lists, nested templates). */
JsonNode *kf_secret_mask_json          (JsonNode   *node);

/* Whether an environment variable of that name likely holds a secret. */
gboolean  kf_secret_mask_is_secret_name (const char *name);

G_END_DECLS
