/* kf-provider-util.c: helpers shared by the provider implementations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-providers"

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kf-provider-private.h"

gboolean
kf_str_is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

gboolean
kf_issues_has_field (GPtrArray  *issues,
                     const char *field)
{
  for (guint i = 0; i < issues->len; i++)
    {
      const KfValidationIssue *issue = g_ptr_array_index (issues, i);

      if (g_str_equal (issue->field, field))
        return TRUE;
    }
  return FALSE;
}

void
kf_issues_add (GPtrArray  *issues,
               const char *field,
               const char *format,
               ...)
{
  KfValidationIssue *issue;
  va_list args;

  if (kf_issues_has_field (issues, field))
    return;

  issue = g_new0 (KfValidationIssue, 1);
  issue->field = g_strdup (field);
  va_start (args, format);
  issue->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (issues, issue);
}

void
kf_validate_replicas (GPtrArray  *issues,
                      const char *field,
                      guint       value,
                      const char *what)
{
  if (value < 1 || value > KF_MAX_REPLICAS)
    /* Translators: %s is "workers", "prefill workers", "decode workers" or "replicas" */
    kf_issues_add (issues, field, _("Use between 1 and %d %s (not %u)."),
                   KF_MAX_REPLICAS, what, value);
}

void
kf_validate_gpus (GPtrArray  *issues,
                  const char *field,
                  guint       value,
                  const char *what)
{
  if (value < 1)
    /* Translators: %s is "each replica", "each prefill worker", "each decode worker" */
    kf_issues_add (issues, field, _("Give %s at least one GPU."), what);
}

static gboolean
is_dns1123_subdomain (const char *s)
{
  gsize len = strlen (s);

  if (len == 0 || len > 253)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '.'))
      return FALSE;
  return g_ascii_isalnum (s[0]) && g_ascii_isalnum (s[len - 1]);
}

void
kf_validate_gpu_workers (const KfDeploymentConfig *config,
                         GPtrArray                *issues)
{
  if (kf_str_is_blank (config->model_id))
    kf_issues_add (issues, "model_id", _("Choose a model to deploy."));

  if (config->mode == KF_DEPLOYMENT_MODE_DISAGGREGATED)
    {
      kf_validate_replicas (issues, "prefill_replicas", config->prefill_replicas, _("prefill workers"));
      kf_validate_gpus (issues, "prefill_gpus", config->prefill_gpus, _("each prefill worker"));
      kf_validate_replicas (issues, "decode_replicas", config->decode_replicas, _("decode workers"));
      kf_validate_gpus (issues, "decode_gpus", config->decode_gpus, _("each decode worker"));
    }
  else
    {
      kf_validate_replicas (issues, "replicas", config->replicas, _("worker replicas"));
      kf_validate_gpus (issues, "gpus_per_replica", config->gpus_per_replica, _("each replica"));
    }

  if (config->hf_token_secret == NULL || config->hf_token_secret[0] == '\0')
    kf_issues_add (issues, "hf_token_secret",
                   _("Name the Secret that holds the HuggingFace token (usually “%s”)."),
                   KF_DEFAULT_HF_TOKEN_SECRET);
  else if (!is_dns1123_subdomain (config->hf_token_secret))
    kf_issues_add (issues, "hf_token_secret",
                   _("“%s” is not a valid Secret name: use lower-case letters, digits, “-” and “.”."),
                   config->hf_token_secret);
}

JsonObject *
kf_json_child_object (JsonObject *parent,
                      const char *member)
{
  JsonNode *node = json_object_get_member (parent, member);
  JsonObject *child;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  child = json_object_new ();
  json_object_set_object_member (parent, member, child);
  return child;
}

JsonArray *
kf_json_child_array (JsonObject *parent,
                     const char *member)
{
  JsonNode *node = json_object_get_member (parent, member);
  JsonArray *child;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  child = json_array_new ();
  json_object_set_array_member (parent, member, child);
  return child;
}

JsonObject *
kf_json_array_add_object (JsonArray *array)
{
  JsonObject *object = json_object_new ();

  json_array_add_object_element (array, object);
  return object;
}

void
kf_json_array_add_strings (JsonArray *array,
                           ...)
{
  va_list args;
  const char *s;

  va_start (args, array);
  while ((s = va_arg (args, const char *)) != NULL)
    json_array_add_string_element (array, s);
  va_end (args);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_sorted_strings (JsonObject *target,
                    GHashTable *table)
{
  g_autofree gpointer *keys = NULL;
  guint n = 0;

  if (table == NULL)
    return;
  keys = g_hash_table_get_keys_as_array (table, &n);
  qsort (keys, n, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n; i++)
    json_object_set_string_member (target, keys[i], g_hash_table_lookup (table, keys[i]));
}

JsonObject *
kf_manifest_new (const char               *api_version,
                 const char               *kind,
                 const char               *name,
                 const char               *namespace,
                 const char               *provider_id,
                 const KfDeploymentConfig *config)
{
  JsonObject *manifest = json_object_new ();
  JsonObject *metadata;
  JsonObject *labels;

  json_object_set_string_member (manifest, "apiVersion", api_version);
  json_object_set_string_member (manifest, "kind", kind);
  metadata = kf_json_child_object (manifest, "metadata");
  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "namespace", namespace);
  labels = kf_json_child_object (metadata, "labels");
  /* user labels first, so they cannot override the ones KubeFoundry relies on */
  add_sorted_strings (labels, config->labels);
  json_object_set_string_member (labels, KF_LABEL_APP_NAME, KF_LABEL_VALUE_KUBEFOUNDRY);
  json_object_set_string_member (labels, KF_LABEL_APP_INSTANCE, name);
  json_object_set_string_member (labels, KF_LABEL_MANAGED_BY, KF_LABEL_VALUE_KUBEFOUNDRY);
  json_object_set_string_member (labels, KF_LABEL_PROVIDER, provider_id);
  if (config->annotations != NULL && g_hash_table_size (config->annotations) > 0)
    add_sorted_strings (kf_json_child_object (metadata, "annotations"), config->annotations);
  return manifest;
}

JsonObject *
kf_manifest_get_labels (JsonObject *manifest)
{
  return kf_json_child_object (kf_json_child_object (manifest, "metadata"), "labels");
}

JsonNode *
kf_json_node_from_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
lookup_path (JsonObject *object,
             const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = NULL;

  if (object == NULL || path == NULL)
    return NULL;
  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL)
        return NULL;
      node = json_object_get_member (object, parts[i]);
      if (node == NULL)
        return NULL;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

const char *
kf_json_member_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  if (object == NULL || member == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
kf_json_get_object (JsonObject *object,
                    const char *path)
{
  JsonNode *node = lookup_path (object, path);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
kf_json_get_array (JsonObject *object,
                   const char *path)
{
  JsonNode *node = lookup_path (object, path);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
kf_json_get_string (JsonObject *object,
                    const char *path)
{
  JsonNode *node = lookup_path (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
kf_json_get_uint (JsonObject *object,
                  const char *path,
                  guint      *value)
{
  JsonNode *node = lookup_path (object, path);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      if (v < 0 || v > G_MAXUINT)
        return FALSE;
      *value = (guint) v;
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!(d >= 0 && d <= G_MAXUINT) || d != (double) (guint) d)
        return FALSE;
      *value = (guint) d;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT, &v, NULL))
        return FALSE;
      *value = (guint) v;
      return TRUE;
    }
  return FALSE;
}

static JsonObject *
find_condition (JsonObject *status,
                const char *type,
                gboolean    first_false)
{
  JsonArray *conditions = kf_json_get_array (status, "conditions");

  if (conditions == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (conditions); i++)
    {
      JsonNode *node = json_array_get_element (conditions, i);
      JsonObject *condition;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      condition = json_node_get_object (node);
      if (type != NULL)
        {
          if (g_strcmp0 (kf_json_get_string (condition, "type"), type) == 0)
            return condition;
        }
      else if (first_false && g_strcmp0 (kf_json_get_string (condition, "status"), "False") == 0 &&
               kf_json_get_string (condition, "message") != NULL &&
               kf_json_get_string (condition, "message")[0] != '\0')
        return condition;
    }
  return NULL;
}

gboolean
kf_conditions_true (JsonObject *status,
                    const char *type)
{
  JsonObject *condition = find_condition (status, type, FALSE);

  return condition != NULL && g_strcmp0 (kf_json_get_string (condition, "status"), "True") == 0;
}

const char *
kf_conditions_message (JsonObject *status,
                       const char *type)
{
  JsonObject *condition = find_condition (status, type, type == NULL);
  const char *message;

  if (condition == NULL)
    return NULL;
  message = kf_json_get_string (condition, "message");
  return message != NULL && message[0] != '\0' ? message : NULL;
}

GStrv
kf_split_command_line (const char *line)
{
  GStrv argv = NULL;

  if (line == NULL)
    return g_new0 (char *, 1);
  if (g_shell_parse_argv (line, NULL, &argv, NULL))
    return argv;
  /* unbalanced quotes and the like: plain whitespace splitting */
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) parts = g_strsplit_set (line, " \t\n", -1);

    for (guint i = 0; parts[i] != NULL; i++)
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    return g_strv_builder_end (builder);
  }
}

const char *
kf_argv_flag_value (const char * const *argv,
                    const char         *flag)
{
  gsize flag_len = strlen (flag);

  if (argv == NULL)
    return NULL;
  for (guint i = 0; argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], flag))
        return argv[i + 1] != NULL && argv[i + 1][0] != '-' ? argv[i + 1] : NULL;
      if (strncmp (argv[i], flag, flag_len) == 0 && argv[i][flag_len] == '=')
        return argv[i] + flag_len + 1;
    }
  return NULL;
}

void
kf_status_set_message (KfDeploymentStatus *status,
                       const char         *message)
{
  g_free (status->message);
  status->message = g_strdup (message);
}

void
kf_append_shell_word (GString    *line,
                      const char *word)
{
  gboolean plain = word[0] != '\0';

  for (const char *p = word; *p && plain; p++)
    plain = g_ascii_isalnum (*p) || strchr ("._/:=@+,-", *p) != NULL;

  if (line->len > 0)
    g_string_append_c (line, ' ');
  if (plain)
    g_string_append (line, word);
  else
    {
      g_autofree char *quoted = g_shell_quote (word);
      g_string_append (line, quoted);
    }
}
