/* kf-gguf-files.h: the .gguf files of a HuggingFace repository
 *
 * For KAITO's "HuggingFace GGUF" sources the user picks one file of the repo.
 * The list comes from the Hub's tree API (GET {endpoint}/api/models/{repo}/tree/main),
 * whose entries are {"type": "file"|"directory", "path", "size", "lfs": {"size"}};
 * only files ending in .gguf are kept, with their size (the LFS size when
 * there is one). Files in sub-folders are not listed (the tree is not recursive).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kf-hf-client.h"

G_BEGIN_DECLS

#define KF_GGUF_FILES_ERROR (kf_gguf_files_error_quark ())

typedef enum
{
  KF_GGUF_FILES_ERROR_NOT_FOUND,    /* no such repo (or gated/private without a token) */
  KF_GGUF_FILES_ERROR_HTTP,         /* another HTTP failure */
  KF_GGUF_FILES_ERROR_PARSE,        /* not the tree JSON */
} KfGgufFilesError;

GQuark kf_gguf_files_error_quark (void);

typedef struct
{
  char    *path;   /* relative to the repo root, e.g. "qwen2.5-0.5b-instruct-q4_k_m.gguf" */
  guint64  size;   /* bytes; 0 when the Hub did not say */
} KfGgufFile;

void        kf_gguf_file_free         (KfGgufFile   *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KfGgufFile, kf_gguf_file_free)

/* The .gguf files in a tree answer (a new array of KfGgufFile, possibly empty),
 * or NULL with KF_GGUF_FILES_ERROR_PARSE. */
GPtrArray  *kf_gguf_files_parse       (const char   *json,
                                       gssize        length,
                                       GError      **error);
/* The index of the file to preselect, as the original does: the first whose
 * name contains "q4_k_m" (any case), else 0; -1 for an empty list. */
int         kf_gguf_files_pick_default (GPtrArray   *files);

/* Lists @repo's .gguf files on @client's endpoint; @token (may be NULL) is sent
 * as a bearer token (gated repos) and never logged. */
void        kf_gguf_files_list_async  (KfHfClient          *client,
                                       const char          *repo,
                                       const char          *token,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray  *kf_gguf_files_list_finish (KfHfClient          *client,
                                       GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
