/* kf-model.c: one model of the catalog or of a HuggingFace search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-model"

#include "config.h"

#include <string.h>
#include <math.h>

#include "kf-model.h"

G_DEFINE_QUARK (kf-model-error-quark, kf_model_error)

/* g_set_str() is GLib 2.76; we target 2.74. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static const GFlagsValue engine_values[] = {
  { KF_ENGINES_VLLM, "KF_ENGINES_VLLM", "vllm" },
  { KF_ENGINES_SGLANG, "KF_ENGINES_SGLANG", "sglang" },
  { KF_ENGINES_TRTLLM, "KF_ENGINES_TRTLLM", "trtllm" },
  { KF_ENGINES_LLAMACPP, "KF_ENGINES_LLAMACPP", "llamacpp" },
  { 0, NULL, NULL },
};

GType
kf_engines_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_flags_register_static (g_intern_static_string ("KfEngines"), engine_values));
  return type;
}

static const GEnumValue source_values[] = {
  { KF_MODEL_SOURCE_CURATED, "KF_MODEL_SOURCE_CURATED", "curated" },
  { KF_MODEL_SOURCE_HUGGINGFACE, "KF_MODEL_SOURCE_HUGGINGFACE", "huggingface" },
  { 0, NULL, NULL },
};

GType
kf_model_source_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static (g_intern_static_string ("KfModelSource"), source_values));
  return type;
}

KfEngines
kf_engines_from_name (const char *name)
{
  if (name == NULL)
    return KF_ENGINES_NONE;
  if (g_ascii_strcasecmp (name, "vllm") == 0)
    return KF_ENGINES_VLLM;
  if (g_ascii_strcasecmp (name, "sglang") == 0)
    return KF_ENGINES_SGLANG;
  if (g_ascii_strcasecmp (name, "trtllm") == 0 || g_ascii_strcasecmp (name, "tensorrt-llm") == 0 ||
      g_ascii_strcasecmp (name, "tensorrt_llm") == 0)
    return KF_ENGINES_TRTLLM;
  if (g_ascii_strcasecmp (name, "llamacpp") == 0 || g_ascii_strcasecmp (name, "llama.cpp") == 0 ||
      g_ascii_strcasecmp (name, "llama-cpp") == 0)
    return KF_ENGINES_LLAMACPP;
  return KF_ENGINES_NONE;
}

const char *
kf_engines_name (KfEngines engine)
{
  switch (engine)
    {
    case KF_ENGINES_VLLM: return "vllm";
    case KF_ENGINES_SGLANG: return "sglang";
    case KF_ENGINES_TRTLLM: return "trtllm";
    case KF_ENGINES_LLAMACPP: return "llamacpp";
    case KF_ENGINES_NONE:
    default: return NULL;
    }
}

const char *
kf_engines_display_name (KfEngines engine)
{
  switch (engine)
    {
    case KF_ENGINES_VLLM: return "vLLM";
    case KF_ENGINES_SGLANG: return "SGLang";
    case KF_ENGINES_TRTLLM: return "TensorRT-LLM";
    case KF_ENGINES_LLAMACPP: return "llama.cpp";
    case KF_ENGINES_NONE:
    default: return NULL;
    }
}

char *
kf_engines_to_display_list (KfEngines engines)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint bit = KF_ENGINES_VLLM; bit <= KF_ENGINES_LLAMACPP; bit <<= 1)
    if (engines & bit)
      {
        if (s->len > 0)
          g_string_append (s, ", ");
        g_string_append (s, kf_engines_display_name (bit));
      }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

struct _KfModel
{
  GObject        parent_instance;

  char          *id;
  char          *name;
  char          *description;
  char          *size;
  guint64        parameter_count;
  guint          context_length;
  KfEngines       engines;
  char          *task;
  gboolean       gated;
  guint64        min_gpu_memory;
  guint          min_gpus;
  KfModelSource  source;
  char          *license;
  char          *architecture;
  char          *author;
  char          *library_name;
  guint64        downloads;
  guint64        likes;

  JsonObject    *safetensors;
  JsonObject    *config;

  char          *search_key;   /* lower-cased "name\nid\ndescription", built on first match */
  GStrv          files;

  char          *premade_id;
  char          *premade_image;
  char          *premade_model_name;
  gboolean       premade_deprecated;
  char          *premade_replacement;
};

G_DEFINE_FINAL_TYPE (KfModel, kf_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_SIZE,
  PROP_PARAMETER_COUNT,
  PROP_CONTEXT_LENGTH,
  PROP_ENGINES,
  PROP_TASK,
  PROP_GATED,
  PROP_SOURCE,
  PROP_LICENSE,
  PROP_ARCHITECTURE,
  PROP_AUTHOR,
  PROP_DOWNLOADS,
  PROP_LIKES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kf_model_finalize (GObject *object)
{
  KfModel *self = KF_MODEL (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->size);
  g_free (self->task);
  g_free (self->license);
  g_free (self->architecture);
  g_free (self->author);
  g_free (self->library_name);
  g_clear_pointer (&self->safetensors, json_object_unref);
  g_clear_pointer (&self->config, json_object_unref);
  g_free (self->search_key);
  g_strfreev (self->files);
  g_free (self->premade_id);
  g_free (self->premade_image);
  g_free (self->premade_model_name);
  g_free (self->premade_replacement);

  G_OBJECT_CLASS (kf_model_parent_class)->finalize (object);
}

static void
kf_model_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KfModel *self = KF_MODEL (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_SIZE: g_value_set_string (value, self->size); break;
    case PROP_PARAMETER_COUNT: g_value_set_uint64 (value, self->parameter_count); break;
    case PROP_CONTEXT_LENGTH: g_value_set_uint (value, self->context_length); break;
    case PROP_ENGINES: g_value_set_flags (value, self->engines); break;
    case PROP_TASK: g_value_set_string (value, self->task); break;
    case PROP_GATED: g_value_set_boolean (value, self->gated); break;
    case PROP_SOURCE: g_value_set_enum (value, self->source); break;
    case PROP_LICENSE: g_value_set_string (value, self->license); break;
    case PROP_ARCHITECTURE: g_value_set_string (value, self->architecture); break;
    case PROP_AUTHOR: g_value_set_string (value, self->author); break;
    case PROP_DOWNLOADS: g_value_set_uint64 (value, self->downloads); break;
    case PROP_LIKES: g_value_set_uint64 (value, self->likes); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_model_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  KfModel *self = KF_MODEL (object);

  switch (prop_id)
    {
    case PROP_ID: g_free (self->id); self->id = g_value_dup_string (value); break;
    case PROP_NAME: g_free (self->name); self->name = g_value_dup_string (value); break;
    case PROP_DESCRIPTION: kf_model_set_description (self, g_value_get_string (value)); break;
    case PROP_SIZE: kf_model_set_size (self, g_value_get_string (value)); break;
    case PROP_PARAMETER_COUNT: kf_model_set_parameter_count (self, g_value_get_uint64 (value)); break;
    case PROP_CONTEXT_LENGTH: kf_model_set_context_length (self, g_value_get_uint (value)); break;
    case PROP_ENGINES: kf_model_set_engines (self, g_value_get_flags (value)); break;
    case PROP_TASK: kf_model_set_task (self, g_value_get_string (value)); break;
    case PROP_GATED: kf_model_set_gated (self, g_value_get_boolean (value)); break;
    case PROP_SOURCE: kf_model_set_source (self, g_value_get_enum (value)); break;
    case PROP_LICENSE: kf_model_set_license (self, g_value_get_string (value)); break;
    case PROP_ARCHITECTURE: kf_model_set_architecture (self, g_value_get_string (value)); break;
    case PROP_AUTHOR: kf_model_set_author (self, g_value_get_string (value)); break;
    case PROP_DOWNLOADS: kf_model_set_downloads (self, g_value_get_uint64 (value)); break;
    case PROP_LIKES: kf_model_set_likes (self, g_value_get_uint64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_model_class_init (KfModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ctor = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kf_model_finalize;
  object_class->get_property = kf_model_get_property;
  object_class->set_property = kf_model_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ctor);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ctor);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);
  properties[PROP_SIZE] = g_param_spec_string ("size", NULL, NULL, NULL, rw);
  properties[PROP_PARAMETER_COUNT] = g_param_spec_uint64 ("parameter-count", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_CONTEXT_LENGTH] = g_param_spec_uint ("context-length", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_ENGINES] = g_param_spec_flags ("engines", NULL, NULL, KF_TYPE_ENGINES, KF_ENGINES_NONE, rw);
  properties[PROP_TASK] = g_param_spec_string ("task", NULL, NULL, NULL, rw);
  properties[PROP_GATED] = g_param_spec_boolean ("gated", NULL, NULL, FALSE, rw);
  properties[PROP_SOURCE] = g_param_spec_enum ("source", NULL, NULL, KF_TYPE_MODEL_SOURCE, KF_MODEL_SOURCE_CURATED, rw);
  properties[PROP_LICENSE] = g_param_spec_string ("license", NULL, NULL, NULL, rw);
  properties[PROP_ARCHITECTURE] = g_param_spec_string ("architecture", NULL, NULL, NULL, rw);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, rw);
  properties[PROP_DOWNLOADS] = g_param_spec_uint64 ("downloads", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_LIKES] = g_param_spec_uint64 ("likes", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_model_init (KfModel *self)
{
  self->min_gpus = 1;
}

KfModel *
kf_model_new (const char *id,
              const char *name)
{
  g_return_val_if_fail (id != NULL, NULL);
  return g_object_new (KF_TYPE_MODEL, "id", id, "name", name ? name : id, NULL);
}

/* Setters: store and notify only on change. */
#define STRING_SETTER(field, PROP)                                       \
  void                                                                   \
  kf_model_set_##field (KfModel *self, const char *value)               \
  {                                                                      \
    g_return_if_fail (KF_IS_MODEL (self));                               \
    if (set_str (&self->field, value))                                 \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);      \
  }
#define VALUE_SETTER(field, type, PROP)                                  \
  void                                                                   \
  kf_model_set_##field (KfModel *self, type value)                      \
  {                                                                      \
    g_return_if_fail (KF_IS_MODEL (self));                               \
    if (self->field == value)                                            \
      return;                                                            \
    self->field = value;                                                 \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);        \
  }

void
kf_model_set_description (KfModel *self, const char *value)
{
  g_return_if_fail (KF_IS_MODEL (self));
  if (!set_str (&self->description, value))
    return;
  g_clear_pointer (&self->search_key, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

STRING_SETTER (size, PROP_SIZE)
STRING_SETTER (task, PROP_TASK)
STRING_SETTER (license, PROP_LICENSE)
STRING_SETTER (architecture, PROP_ARCHITECTURE)
STRING_SETTER (author, PROP_AUTHOR)
VALUE_SETTER (parameter_count, guint64, PROP_PARAMETER_COUNT)
VALUE_SETTER (context_length, guint, PROP_CONTEXT_LENGTH)
VALUE_SETTER (engines, KfEngines, PROP_ENGINES)
VALUE_SETTER (source, KfModelSource, PROP_SOURCE)
VALUE_SETTER (downloads, guint64, PROP_DOWNLOADS)
VALUE_SETTER (likes, guint64, PROP_LIKES)

void
kf_model_set_gated (KfModel *self, gboolean gated)
{
  g_return_if_fail (KF_IS_MODEL (self));
  gated = !!gated;
  if (self->gated == gated)
    return;
  self->gated = gated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GATED]);
}

void
kf_model_set_library_name (KfModel *self, const char *library_name)
{
  g_return_if_fail (KF_IS_MODEL (self));
  set_str (&self->library_name, library_name);
}

void
kf_model_set_min_gpu_memory (KfModel *self, guint64 bytes)
{
  g_return_if_fail (KF_IS_MODEL (self));
  self->min_gpu_memory = bytes;
}

void
kf_model_set_min_gpus (KfModel *self, guint min_gpus)
{
  g_return_if_fail (KF_IS_MODEL (self));
  self->min_gpus = min_gpus;
}

const char *kf_model_get_id (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->id; }
const char *kf_model_get_name (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->name; }
const char *kf_model_get_description (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->description; }
const char *kf_model_get_size (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->size; }
guint64 kf_model_get_parameter_count (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), 0); return self->parameter_count; }
guint kf_model_get_context_length (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), 0); return self->context_length; }
KfEngines kf_model_get_engines (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), 0); return self->engines; }
const char *kf_model_get_task (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->task; }
gboolean kf_model_get_gated (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), FALSE); return self->gated; }
guint64 kf_model_get_min_gpu_memory (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), 0); return self->min_gpu_memory; }
guint kf_model_get_min_gpus (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), 0); return self->min_gpus; }
KfModelSource kf_model_get_source (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), 0); return self->source; }
const char *kf_model_get_license (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->license; }
const char *kf_model_get_architecture (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->architecture; }
const char *kf_model_get_author (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->author; }
const char *kf_model_get_library_name (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->library_name; }
guint64 kf_model_get_downloads (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), 0); return self->downloads; }
guint64 kf_model_get_likes (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), 0); return self->likes; }
JsonObject *kf_model_get_safetensors (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->safetensors; }
const char * const *kf_model_get_files (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return (const char * const *) self->files; }
const char *kf_model_get_premade_id (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->premade_id; }
const char *kf_model_get_premade_image (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->premade_image; }
const char *kf_model_get_premade_model_name (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->premade_model_name; }
gboolean kf_model_get_premade_deprecated (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), FALSE); return self->premade_deprecated; }
const char *kf_model_get_premade_replacement (KfModel *self) { g_return_val_if_fail (KF_IS_MODEL (self), NULL); return self->premade_replacement; }

void
kf_model_set_safetensors (KfModel    *self,
                          JsonObject *parameters)
{
  g_return_if_fail (KF_IS_MODEL (self));
  if (parameters)
    json_object_ref (parameters);
  g_clear_pointer (&self->safetensors, json_object_unref);
  g_clear_pointer (&self->config, json_object_unref);
  g_free (self->search_key);
  self->safetensors = parameters;
}

JsonObject *
kf_model_get_config (KfModel *self)
{
  g_return_val_if_fail (KF_IS_MODEL (self), NULL);
  return self->config;
}

void
kf_model_set_config (KfModel    *self,
                     JsonObject *config)
{
  g_return_if_fail (KF_IS_MODEL (self));
  if (config)
    json_object_ref (config);
  g_clear_pointer (&self->config, json_object_unref);
  g_free (self->search_key);
  self->config = config;
}

void
kf_model_set_files (KfModel            *self,
                    const char * const *files)
{
  g_return_if_fail (KF_IS_MODEL (self));
  g_strfreev (self->files);
  self->files = g_strdupv ((char **) files);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char **
kf_model_dup_gguf_files (KfModel *self)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  g_return_val_if_fail (KF_IS_MODEL (self), NULL);
  for (guint i = 0; self->files && self->files[i]; i++)
    {
      g_autofree char *lower = g_ascii_strdown (self->files[i], -1);
      if (g_str_has_suffix (lower, ".gguf"))
        g_ptr_array_add (out, g_strdup (self->files[i]));
    }
  if (out->len == 0)
    return NULL;
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

void
kf_model_set_premade (KfModel    *self,
                      const char *id,
                      const char *image,
                      const char *model_name,
                      gboolean    deprecated,
                      const char *replacement)
{
  g_return_if_fail (KF_IS_MODEL (self));
  set_str (&self->premade_id, id);
  set_str (&self->premade_image, image);
  set_str (&self->premade_model_name, model_name);
  self->premade_deprecated = !!deprecated;
  set_str (&self->premade_replacement, replacement);
}

static const char *
search_key (KfModel *self)
{
  /* Lower-cased once per model (ids and names never change; a new
   * description drops it), so each keystroke is a plain strstr(). */
  if (self->search_key == NULL)
    {
      g_autofree char *joined = g_strjoin ("\n", self->name ? self->name : "", self->id ? self->id : "",
                                          self->description ? self->description : "", NULL);
      self->search_key = g_ascii_strdown (joined, -1);
    }
  return self->search_key;
}

gboolean
kf_model_matches (KfModel    *self,
                  const char *query,
                  KfEngines    engines)
{
  char stack[256];
  g_autofree char *heap = NULL;
  const char *key;
  char *lower, *p;
  gsize len;

  g_return_val_if_fail (KF_IS_MODEL (self), FALSE);

  if (engines != KF_ENGINES_NONE && (self->engines & engines) == 0)
    return FALSE;
  if (query == NULL || *query == '\0')
    return TRUE;

  /* The query, lower-cased, split in place into words; every word must
   * occur in the name, the id or the description. ("\n" separates the
   * fields, and no word contains one, so a word never spans two fields.) */
  len = strlen (query);
  lower = len < sizeof stack ? stack : (heap = g_malloc (len + 1));
  for (gsize i = 0; i <= len; i++)
    lower[i] = g_ascii_tolower (query[i]);

  key = search_key (self);
  p = lower;
  while (*p)
    {
      char *word, saved;

      while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
      if (*p == '\0')
        break;
      word = p;
      while (*p && *p != ' ' && *p != '\t' && *p != '\n')
        p++;
      saved = *p;
      *p = '\0';
      if (strstr (key, word) == NULL)
        return FALSE;
      *p = saved;
    }
  return TRUE;
}

guint64
kf_parse_parameter_count (const char *text)
{
  if (text == NULL)
    return 0;

  for (const char *p = text; *p; p++)
    {
      const char *start = p;
      char *end = NULL;
      double experts = 1, value;

      if (!g_ascii_isdigit (*p))
        continue;
      if (p != text && !strchr ("-_./ ", p[-1]))
        {
          while (g_ascii_isdigit (p[1]) || p[1] == '.')
            p++;
          continue;
        }
      value = g_ascii_strtod (start, &end);
      if (end == NULL || end == start)
        continue;
      /* Mixture of experts written "8x7B": every expert is resident. */
      if ((*end == 'x' || *end == 'X') && g_ascii_isdigit (end[1]))
        {
          const char *estart = end + 1;
          experts = value;
          value = g_ascii_strtod (estart, &end);
        }
      if ((*end == 'B' || *end == 'b') && !g_ascii_isalnum (end[1]))
        return (guint64) llround (experts * value * 1e9);
      if ((*end == 'M' || *end == 'm') && !g_ascii_isalnum (end[1]))
        return (guint64) llround (experts * value * 1e6);
      p = end - 1;
    }
  return 0;
}

guint64
kf_model_get_effective_parameter_count (KfModel  *self,
                                        gboolean *exact)
{
  guint64 count;

  g_return_val_if_fail (KF_IS_MODEL (self), 0);

  if (exact)
    *exact = FALSE;
  if (self->parameter_count > 0)
    {
      if (exact)
        *exact = TRUE;
      return self->parameter_count;
    }
  count = kf_parse_parameter_count (self->size);
  if (count == 0)
    count = kf_parse_parameter_count (self->id);
  return count;
}

JsonNode *
kf_model_to_json (KfModel *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (KF_IS_MODEL (self), NULL);

#define STR(name, value) \
  if ((value) != NULL) { json_builder_set_member_name (b, name); json_builder_add_string_value (b, value); }
#define INT(name, value) \
  { json_builder_set_member_name (b, name); json_builder_add_int_value (b, (gint64) (value)); }

  json_builder_begin_object (b);
  STR ("id", self->id);
  STR ("name", self->name);
  STR ("description", self->description);
  STR ("size", self->size);
  STR ("task", self->task);
  if (self->context_length > 0)
    INT ("contextLength", self->context_length);
  json_builder_set_member_name (b, "supportedEngines");
  json_builder_begin_array (b);
  for (guint bit = KF_ENGINES_VLLM; bit <= KF_ENGINES_LLAMACPP; bit <<= 1)
    if (self->engines & bit)
      json_builder_add_string_value (b, kf_engines_name (bit));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "gated");
  json_builder_add_boolean_value (b, self->gated);
  if (self->min_gpu_memory > 0)
    INT ("minGpuMemoryBytes", self->min_gpu_memory);
  INT ("minGpus", self->min_gpus);
  STR ("license", self->license);
  STR ("architecture", self->architecture);
  if (self->parameter_count > 0)
    INT ("parameterCount", self->parameter_count);
  STR ("source", self->source == KF_MODEL_SOURCE_CURATED ? "curated" : "huggingface");
  STR ("author", self->author);
  if (self->source == KF_MODEL_SOURCE_HUGGINGFACE)
    {
      INT ("downloads", self->downloads);
      INT ("likes", self->likes);
    }
  if (self->premade_image != NULL)
    {
      json_builder_set_member_name (b, "premade");
      json_builder_begin_object (b);
      STR ("id", self->premade_id);
      STR ("image", self->premade_image);
      STR ("modelName", self->premade_model_name);
      json_builder_set_member_name (b, "deprecated");
      json_builder_add_boolean_value (b, self->premade_deprecated);
      STR ("replacement", self->premade_replacement);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
#undef STR
#undef INT
  return json_builder_get_root (b);
}
