/* kf-hf-model.h: HuggingFace Hub model JSON → KfModel, engine compatibility
 *
 * The architecture allowlists of the original (modelCompatibility.ts,
 * reference §7) decide which engines can serve a Hub model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kf-model.h"

G_BEGIN_DECLS

/* Engines whose allowlist contains @architecture ("LlamaForCausalLM"). */
KfEngines     kf_engines_for_architecture      (const char  *architecture);
/* The architecture guessed from a repo id ("…/Mixtral-8x7B…" →
 * "MixtralForCausalLM"), for results without config; NULL if none. */
const char  *kf_architecture_from_model_id    (const char  *id);

/* A model from an /api/models item or an /api/models/{id} answer: id,
 * author, downloads, likes, gated ("auto"/"manual"/true), pipeline tag,
 * library, licence (cardData.license or a "license:" tag), architecture
 * (config.architectures[0], else from the id), safetensors parameters,
 * files (siblings), and the engines: llama.cpp only for GGUF repos, else
 * the allowlists (minus llama.cpp). Source is KF_MODEL_SOURCE_HUGGINGFACE.
 * Fails (KF_MODEL_ERROR_INVALID) only when there is no "id". */
KfModel     *kf_model_new_from_hf_json        (JsonObject  *object,
                                               GError     **error);

/* Whether the Hub model can be deployed: a text-generation-like pipeline
 * with a usable library and at least one engine, or a known architecture
 * with an engine, or a GGUF repo (the original's rule). */
gboolean     kf_hf_model_is_compatible        (KfModel     *model,
                                               const char  *pipeline_tag);

G_END_DECLS
