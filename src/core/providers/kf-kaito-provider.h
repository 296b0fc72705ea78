/* kf-kaito-provider.h: the Kaito provider (reference §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-provider.h"

G_BEGIN_DECLS

#define KF_TYPE_KAITO_PROVIDER (kf_kaito_provider_get_type ())
G_DECLARE_FINAL_TYPE (KfKaitoProvider, kf_kaito_provider, KF, KAITO_PROVIDER, GObject)

KfProvider *kf_kaito_provider_new (void);

/* The pre-made AIKit GGUF images (reference §5). Static data. */
typedef struct
{
  const char *id;          /* "llama3.2:3b" */
  const char *image;       /* "ghcr.io/kaito-project/aikit/llama3.2:3b" */
  const char *model_name;  /* name the server answers to, "llama-3.2-3b-instruct" */
  const char *license;
} KfKaitoPremadeModel;

const KfKaitoPremadeModel *kf_kaito_premade_models  (guint      *n_models);
/* By premade id ("llama3.2:3b") or curated catalog id ("kaito/llama3.2-3b": prefix
 * stripped, first '-' becomes ':', as the original matches them). NULL if none. */
const KfKaitoPremadeModel *kf_kaito_premade_lookup  (const char *id);

/* HF GGUF built into an image: the quantization tag parsed from the file name
 * ("Q4_K_M", "Q8_0", "IQ2_XXS", "F16"…, else "custom"), the image name
 * "aikit-<repo>" and the reference the Workspace pulls
 * ("localhost:30500/aikit-<repo>:<tag>", the in-cluster registry's NodePort). */
char *kf_kaito_quantization_tag (const char *gguf_file);
char *kf_kaito_build_image_name (const char *repo_id);
char *kf_kaito_build_image_ref  (const char *repo_id,
                                 const char *gguf_file);

G_END_DECLS
