/* kf-deployment-config.c: everything the deploy wizard collects about a deployment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-providers"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-deployment-config.h"

#define AUTO_NAME_BASE_MAX 40
#define DNS1123_LABEL_MAX  63

typedef struct
{
  int         value;
  const char *str;
} EnumName;

static const EnumName engine_names[] = {
  { KF_ENGINE_VLLM, "vllm" },
  { KF_ENGINE_SGLANG, "sglang" },
  { KF_ENGINE_TRTLLM, "trtllm" },
  { KF_ENGINE_LLAMACPP, "llamacpp" },
  { KF_ENGINE_UNKNOWN, "unknown" },
};

static const EnumName mode_names[] = {
  { KF_DEPLOYMENT_MODE_AGGREGATED, "aggregated" },
  { KF_DEPLOYMENT_MODE_DISAGGREGATED, "disaggregated" },
};

static const EnumName router_names[] = {
  { KF_ROUTER_MODE_NONE, "none" },
  { KF_ROUTER_MODE_KV, "kv" },
  { KF_ROUTER_MODE_ROUND_ROBIN, "round-robin" },
};

static const EnumName source_names[] = {
  { KF_KAITO_SOURCE_VLLM, "vllm" },
  { KF_KAITO_SOURCE_PREMADE, "premade" },
  { KF_KAITO_SOURCE_HUGGINGFACE_DIRECT, "huggingface" },
  { KF_KAITO_SOURCE_HUGGINGFACE_BUILD, "huggingface-build" },
};

static const EnumName compute_names[] = {
  { KF_COMPUTE_CPU, "cpu" },
  { KF_COMPUTE_GPU, "gpu" },
};

static const char *
enum_to_string (const EnumName *names,
                gsize           n,
                int             value)
{
  for (gsize i = 0; i < n; i++)
    if (names[i].value == value)
      return names[i].str;
  return NULL;
}

static gboolean
enum_from_string (const EnumName *names,
                  gsize           n,
                  const char     *str,
                  int            *value)
{
  if (str == NULL)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (g_ascii_strcasecmp (names[i].str, str) == 0)
      {
        *value = names[i].value;
        return TRUE;
      }
  return FALSE;
}

const char *
kf_engine_to_string (KfEngine engine)
{
  return enum_to_string (engine_names, G_N_ELEMENTS (engine_names), engine);
}

const char *
kf_engine_display_name (KfEngine engine)
{
  switch (engine)
    {
    case KF_ENGINE_VLLM: return "vLLM";
    case KF_ENGINE_SGLANG: return "SGLang";
    case KF_ENGINE_TRTLLM: return "TensorRT-LLM";
    case KF_ENGINE_LLAMACPP: return "llama.cpp";
    case KF_ENGINE_UNKNOWN:
    default:
      return _("Unknown");
    }
}

gboolean
kf_engine_from_string (const char *str,
                       KfEngine   *engine)
{
  int v;

  /* "unknown" is not something a user can ask for */
  if (!enum_from_string (engine_names, G_N_ELEMENTS (engine_names) - 1, str, &v))
    {
      /* the catalog and the original also say "llama.cpp" and "tensorrt-llm" */
      if (str != NULL && g_ascii_strcasecmp (str, "llama.cpp") == 0)
        v = KF_ENGINE_LLAMACPP;
      else if (str != NULL && g_ascii_strcasecmp (str, "tensorrt-llm") == 0)
        v = KF_ENGINE_TRTLLM;
      else
        return FALSE;
    }
  *engine = v;
  return TRUE;
}

const char *
kf_deployment_mode_to_string (KfDeploymentMode mode)
{
  return enum_to_string (mode_names, G_N_ELEMENTS (mode_names), mode);
}

gboolean
kf_deployment_mode_from_string (const char       *str,
                                KfDeploymentMode *mode)
{
  int v;

  if (!enum_from_string (mode_names, G_N_ELEMENTS (mode_names), str, &v))
    return FALSE;
  *mode = v;
  return TRUE;
}

const char *
kf_router_mode_to_string (KfRouterMode mode)
{
  return enum_to_string (router_names, G_N_ELEMENTS (router_names), mode);
}

gboolean
kf_router_mode_from_string (const char   *str,
                            KfRouterMode *mode)
{
  int v;

  if (!enum_from_string (router_names, G_N_ELEMENTS (router_names), str, &v))
    return FALSE;
  *mode = v;
  return TRUE;
}

const char *
kf_kaito_source_to_string (KfKaitoSource source)
{
  return enum_to_string (source_names, G_N_ELEMENTS (source_names), source);
}

gboolean
kf_kaito_source_from_string (const char    *str,
                             KfKaitoSource *source)
{
  int v;

  if (!enum_from_string (source_names, G_N_ELEMENTS (source_names), str, &v))
    return FALSE;
  *source = v;
  return TRUE;
}

const char *
kf_compute_type_to_string (KfComputeType compute)
{
  return enum_to_string (compute_names, G_N_ELEMENTS (compute_names), compute);
}

gboolean
kf_compute_type_from_string (const char    *str,
                             KfComputeType *compute)
{
  int v;

  if (!enum_from_string (compute_names, G_N_ELEMENTS (compute_names), str, &v))
    return FALSE;
  *compute = v;
  return TRUE;
}

static void
engine_arg_free (gpointer data)
{
  KfEngineArg *arg = data;

  g_free (arg->key);
  g_free (arg->value);
  g_free (arg);
}

static GHashTable *
string_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static GHashTable *
string_table_copy (GHashTable *table)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer k, v;

  if (table == NULL)
    return NULL;
  copy = string_table_new ();
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy, g_strdup (k), g_strdup (v));
  return copy;
}

KfDeploymentConfig *
kf_deployment_config_new (void)
{
  KfDeploymentConfig *config = g_new0 (KfDeploymentConfig, 1);

  config->engine = KF_ENGINE_VLLM;
  config->mode = KF_DEPLOYMENT_MODE_AGGREGATED;
  config->replicas = 1;
  config->gpus_per_replica = 1;
  config->prefill_replicas = 1;
  config->prefill_gpus = 1;
  config->decode_replicas = 1;
  config->decode_gpus = 1;
  config->router_mode = KF_ROUTER_MODE_NONE;
  config->hf_token_secret = g_strdup (KF_DEFAULT_HF_TOKEN_SECRET);
  config->enforce_eager = TRUE;
  config->enable_prefix_caching = FALSE;
  config->trust_remote_code = FALSE;
  config->engine_args = g_ptr_array_new_with_free_func (engine_arg_free);
  config->compute_type = KF_COMPUTE_CPU;
  config->kaito_source = KF_KAITO_SOURCE_VLLM;
  return config;
}

KfDeploymentConfig *
kf_deployment_config_copy (const KfDeploymentConfig *config)
{
  KfDeploymentConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_new0 (KfDeploymentConfig, 1);
  *copy = *config;
  copy->name = g_strdup (config->name);
  copy->namespace = g_strdup (config->namespace);
  copy->model_id = g_strdup (config->model_id);
  copy->served_model_name = g_strdup (config->served_model_name);
  copy->provider_id = g_strdup (config->provider_id);
  copy->hf_token_secret = g_strdup (config->hf_token_secret);
  copy->memory = g_strdup (config->memory);
  copy->cpu = g_strdup (config->cpu);
  copy->gguf_file = g_strdup (config->gguf_file);
  copy->kaito_preset = g_strdup (config->kaito_preset);
  copy->kaito_image = g_strdup (config->kaito_image);
  copy->instance_type = g_strdup (config->instance_type);
  copy->node_selector = string_table_copy (config->node_selector);
  copy->labels = string_table_copy (config->labels);
  copy->annotations = string_table_copy (config->annotations);
  copy->engine_args = g_ptr_array_new_with_free_func (engine_arg_free);
  if (config->engine_args != NULL)
    for (guint i = 0; i < config->engine_args->len; i++)
      {
        const KfEngineArg *arg = g_ptr_array_index (config->engine_args, i);
        kf_deployment_config_add_engine_arg (copy, arg->key, arg->value);
      }
  return copy;
}

void
kf_deployment_config_free (KfDeploymentConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->name);
  g_free (config->namespace);
  g_free (config->model_id);
  g_free (config->served_model_name);
  g_free (config->provider_id);
  g_free (config->hf_token_secret);
  g_free (config->memory);
  g_free (config->cpu);
  g_free (config->gguf_file);
  g_free (config->kaito_preset);
  g_free (config->kaito_image);
  g_free (config->instance_type);
  g_clear_pointer (&config->node_selector, g_hash_table_unref);
  g_clear_pointer (&config->labels, g_hash_table_unref);
  g_clear_pointer (&config->annotations, g_hash_table_unref);
  g_clear_pointer (&config->engine_args, g_ptr_array_unref);
  g_free (config);
}

G_DEFINE_BOXED_TYPE (KfDeploymentConfig, kf_deployment_config,
                     kf_deployment_config_copy, kf_deployment_config_free)

void
kf_deployment_config_add_engine_arg (KfDeploymentConfig *config,
                                     const char         *key,
                                     const char         *value)
{
  KfEngineArg *arg;

  g_return_if_fail (config != NULL);
  g_return_if_fail (key != NULL);

  if (config->engine_args == NULL)
    config->engine_args = g_ptr_array_new_with_free_func (engine_arg_free);
  arg = g_new0 (KfEngineArg, 1);
  /* accept "--foo" as well as "foo" */
  while (*key == '-')
    key++;
  arg->key = g_strdup (key);
  arg->value = g_strdup (value);
  g_ptr_array_add (config->engine_args, arg);
}

void
kf_deployment_config_set_label (KfDeploymentConfig *config,
                                const char         *key,
                                const char         *value)
{
  g_return_if_fail (config != NULL && key != NULL && value != NULL);

  if (config->labels == NULL)
    config->labels = string_table_new ();
  g_hash_table_insert (config->labels, g_strdup (key), g_strdup (value));
}

void
kf_deployment_config_set_annotation (KfDeploymentConfig *config,
                                     const char         *key,
                                     const char         *value)
{
  g_return_if_fail (config != NULL && key != NULL && value != NULL);

  if (config->annotations == NULL)
    config->annotations = string_table_new ();
  g_hash_table_insert (config->annotations, g_strdup (key), g_strdup (value));
}

const char *
kf_deployment_config_get_served_name (const KfDeploymentConfig *config)
{
  if (config->served_model_name != NULL && config->served_model_name[0] != '\0')
    return config->served_model_name;
  return config->model_id;
}

char *
kf_deployment_name_generate (const char *model_id,
                             GRand      *rand)
{
  static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  g_autoptr(GString) base = g_string_new (NULL);
  const char *segment;
  const char *end;

  if (model_id == NULL)
    model_id = "";
  /* last path segment, ignoring trailing slashes */
  end = model_id + strlen (model_id);
  while (end > model_id && end[-1] == '/')
    end--;
  segment = end;
  while (segment > model_id && segment[-1] != '/')
    segment--;

  for (const char *p = segment; p < end && base->len < AUTO_NAME_BASE_MAX; p++)
    {
      char c = g_ascii_tolower (*p);

      /* multi-byte UTF-8 sequences become one '-' per byte, as in the original */
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        g_string_append_c (base, c);
      else
        g_string_append_c (base, '-');
    }

  /* the original can start with '-' ("_model"): trim so the name stays valid */
  while (base->len > 0 && base->str[0] == '-')
    g_string_erase (base, 0, 1);
  while (base->len > 0 && base->str[base->len - 1] == '-')
    g_string_truncate (base, base->len - 1);
  if (base->len == 0)
    g_string_assign (base, "model");

  g_string_append_c (base, '-');
  for (int i = 0; i < 4; i++)
    {
      gint32 r = rand != NULL ? g_rand_int_range (rand, 0, 36) : g_random_int_range (0, 36);
      g_string_append_c (base, alphabet[r]);
    }
  return g_string_free (g_steal_pointer (&base), FALSE);
}

gboolean
kf_dns1123_label_validate (const char  *name,
                           char       **message)
{
  gsize len;

  if (name == NULL || name[0] == '\0')
    {
      if (message != NULL)
        *message = g_strdup (_("Enter a name."));
      return FALSE;
    }

  len = strlen (name);
  if (len > DNS1123_LABEL_MAX)
    {
      if (message != NULL)
        *message = g_strdup_printf (_("Use at most %d characters (this name has %" G_GSIZE_FORMAT ")."),
                                    DNS1123_LABEL_MAX, len);
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p++)
    {
      char c = *p;

      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
        {
          if (message != NULL)
            {
              if (c >= 'A' && c <= 'Z')
                *message = g_strdup (_("Use lower-case letters only."));
              else
                *message = g_strdup (_("Use only lower-case letters, digits and “-”."));
            }
          return FALSE;
        }
    }

  if (name[0] == '-' || name[len - 1] == '-')
    {
      if (message != NULL)
        *message = g_strdup (_("Start and end with a lower-case letter or a digit."));
      return FALSE;
    }

  return TRUE;
}
