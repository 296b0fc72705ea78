/* kf-deploy-wizard-private.h: what the deploy wizard's source files share
 *
 * The wizard is one GObject (KfDeployWizard) whose code is split by
 * responsibility: kf-deploy-wizard.c (the object, steps, change handling,
 * cluster queries), -form.c (config, fields, validation, runtimes, engines),
 * -review.c (fit verdict, manifest, copy and save), -create.c (Create, the
 * gated-model token dialogs, errors at the fields) and -gguf.c (the KAITO
 * GGUF file picker).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-cluster-session.h"
#include "kf-deploy-wizard.h"
#include "kf-gguf-files.h"
#include "kf-gpu-watcher.h"
#include "kf-hf-client.h"
#include "kf-keyring.h"
#include "kf-provider-registry.h"

G_BEGIN_DECLS

typedef struct
{
  const char *field;     /* KfDeploymentConfig member */
  const char *title;     /* N_() */
  const char *page;
  GtkWidget  *row;
  GtkWidget  *error_label;
} FieldInfo;

struct _KfDeployWizard
{
  AdwWindow          parent_instance;

  KfClusterSession  *session;
  KfModel           *model;
  KfGpuWatcher      *gpu_watcher;     /* live GPU inventory (the window's, or our own) */
  gboolean           own_watcher;     /* we made gpu_watcher: shut it down on dispose */
  KfKeyring         *keyring;         /* the HuggingFace token (default: the process-wide one) */
  KfHfClient        *hf_client;       /* GGUF file lists (default: $HF_ENDPOINT or the Hub) */
  GCancellable      *cancellable;     /* cluster queries */
  GCancellable      *create_cancellable;
  GHashTable        *crds;            /* names present, NULL until known */
  GHashTable        *server_issues;   /* field → message from the last failed create */
  GArray            *engines;         /* KfEngine shown in engine_row */
  GArray            *fields;          /* FieldInfo */
  GPtrArray         *runtime_rows;    /* AdwActionRow per provider */
  GPtrArray         *runtime_checks;  /* GtkCheckButton per provider */
  GPtrArray         *installed_labels;
  GPtrArray         *compatible_labels;
  int                provider_index;  /* -1: none */
  gboolean           name_auto;
  gboolean           updating;
  gboolean           busy;
  gboolean           is_constructed;

  /* GGUF picker (kf-deploy-wizard-gguf.c) */
  GCancellable      *gguf_cancellable;
  GPtrArray         *gguf_files;      /* KfGgufFile shown in gguf_combo_row, NULL: not listed */
  char              *gguf_repo;       /* the repo gguf_files (or the failure) is for */
  guint              gguf_timeout_id; /* debounce of model id edits */
  gboolean           gguf_listing;

  /* template */
  AdwWindowTitle    *window_title;
  GtkWidget         *back_button, *next_button, *create_button, *spinner;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label, *reason_label, *gated_label, *capacity_label;
  GtkStack          *stack;
  AdwEntryRow       *model_row, *name_row, *namespace_row, *gguf_row, *hf_secret_row;
  AdwComboRow       *gguf_combo_row;
  AdwActionRow      *model_summary_row;
  AdwPreferencesGroup *runtime_group, *kaito_group;
  AdwComboRow       *engine_row, *mode_row, *kaito_source_row, *compute_row, *router_row;
  AdwActionRow      *replicas_row, *gpus_row, *prefill_replicas_row, *prefill_gpus_row;
  AdwActionRow      *decode_replicas_row, *decode_gpus_row, *context_row;
  GtkSpinButton     *replicas_spin, *gpus_spin, *prefill_replicas_spin, *prefill_gpus_spin;
  GtkSpinButton     *decode_replicas_spin, *decode_gpus_spin, *context_spin;
  GtkSwitch         *eager_switch, *prefix_switch, *trust_switch;
  GtkListBox        *fit_list;
  GtkTextView       *yaml_view;
};

/* kf-deploy-wizard.c */
void        kf_deploy_wizard_update_all           (KfDeployWizard *self);
guint       kf_deploy_wizard_step_index           (KfDeployWizard *self);
void        kf_deploy_wizard_notify_busy          (KfDeployWizard *self);
void        kf_deploy_wizard_emit_created         (KfDeployWizard *self,
                                                   const char     *namespace,
                                                   const char     *name,
                                                   const char     *provider_id);
KfGpuInventory *kf_deploy_wizard_get_inventory    (KfDeployWizard *self);

/* kf-deploy-wizard-form.c */
KfProvider *kf_deploy_wizard_current_provider     (KfDeployWizard *self);
gboolean    kf_deploy_wizard_is_kaito             (KfDeployWizard *self);
KfEngines   kf_deploy_wizard_model_engines        (KfDeployWizard *self);
int         kf_deploy_wizard_provider_installed   (KfDeployWizard *self,
                                                   KfProvider     *provider);
const char *kf_deploy_wizard_entry_text           (AdwEntryRow    *row);
char       *kf_deploy_wizard_entry_dup            (AdwEntryRow    *row);
void        kf_deploy_wizard_set_string_model     (AdwComboRow        *row,
                                                   const char * const *items);
FieldInfo  *kf_deploy_wizard_find_field           (KfDeployWizard *self,
                                                   const char     *field);
void        kf_deploy_wizard_add_field            (KfDeployWizard *self,
                                                   const char     *field,
                                                   const char     *title,
                                                   const char     *page,
                                                   gpointer        row);
gboolean    kf_deploy_wizard_field_shown          (FieldInfo      *info);
void        kf_deploy_wizard_update_visibility    (KfDeployWizard *self);
void        kf_deploy_wizard_update_validation    (KfDeployWizard *self);
void        kf_deploy_wizard_rebuild_engines      (KfDeployWizard *self);
void        kf_deploy_wizard_update_runtime_badges (KfDeployWizard *self);
void        kf_deploy_wizard_choose_default_provider (KfDeployWizard *self);
void        kf_deploy_wizard_build_runtime_rows   (KfDeployWizard *self);
void        kf_deploy_wizard_update_model_summary (KfDeployWizard *self);
void        kf_deploy_wizard_regenerate_name      (KfDeployWizard *self);

/* kf-deploy-wizard-review.c */
void        kf_deploy_wizard_update_review        (KfDeployWizard           *self,
                                                   const KfDeploymentConfig *config,
                                                   gboolean                  valid);
void        copy_clicked_cb                       (KfDeployWizard *self);
void        save_clicked_cb                       (KfDeployWizard *self);

/* kf-deploy-wizard-create.c */
void        kf_deploy_wizard_set_busy             (KfDeployWizard *self,
                                                   gboolean        busy);
void        create_clicked_cb                     (KfDeployWizard *self);

/* kf-deploy-wizard-gguf.c */
/* Shows the picker or the entry for the KAITO GGUF file, listing the repo's
 * files when the model id changed (debounced). */
void        kf_deploy_wizard_gguf_update          (KfDeployWizard *self);
/* The chosen file: the picker's when it lists files, else the entry's; NULL if none. */
char       *kf_deploy_wizard_gguf_dup_file        (KfDeployWizard *self);
void        kf_deploy_wizard_gguf_dispose         (KfDeployWizard *self);

G_END_DECLS
