/* kf-sim-selector.c: Kubernetes label and field selectors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <string.h>

#include "kf-sim-json.h"
#include "kf-sim-selector.h"
#include "kf-sim-store.h"

typedef enum
{
  OP_EQUALS,
  OP_NOT_EQUALS,
  OP_IN,
  OP_NOT_IN,
  OP_EXISTS,
  OP_NOT_EXISTS,
} Op;

typedef struct
{
  Op     op;
  char  *key;
  char **values;
} Requirement;

struct _KfSimSelector
{
  GArray *labels;   /* Requirement */
  GArray *fields;   /* Requirement (OP_EQUALS / OP_NOT_EQUALS) */
};

static void
requirement_clear (gpointer data)
{
  Requirement *r = data;

  g_free (r->key);
  g_strfreev (r->values);
}

static gboolean
is_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '/';
}

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

static gboolean
bad_selector (GError    **error,
              const char *kind,
              const char *selector,
              const char *why)
{
  g_set_error (error, KF_SIM_STORE_ERROR, KF_SIM_STORE_ERROR_BAD_REQUEST,
               "unable to parse requirement: %s selector \"%s\": %s", kind, selector, why);
  return FALSE;
}

static gboolean
parse_labels (const char *selector,
              GArray     *out,
              GError    **error)
{
  const char *p = selector;

  while (TRUE)
    {
      Requirement r = { 0 };
      const char *start;
      gboolean negate = FALSE;

      p = skip_space (p);
      if (*p == '\0')
        break;
      if (*p == '!')
        {
          negate = TRUE;
          p = skip_space (p + 1);
        }
      start = p;
      while (is_key_char (*p))
        p++;
      if (p == start)
        return bad_selector (error, "label", selector, "expected a label key");
      r.key = g_strndup (start, p - start);
      p = skip_space (p);
      if (negate)
        r.op = OP_NOT_EXISTS;
      else if (*p == ',' || *p == '\0')
        r.op = OP_EXISTS;
      else if (p[0] == '=' || (p[0] == '!' && p[1] == '='))
        {
          r.op = p[0] == '!' ? OP_NOT_EQUALS : OP_EQUALS;
          p += (p[0] == '!' || p[1] == '=') ? 2 : 1;
          p = skip_space (p);
          start = p;
          while (is_key_char (*p))
            p++;
          r.values = g_new0 (char *, 2);
          r.values[0] = g_strndup (start, p - start);
        }
      else if (g_str_has_prefix (p, "in") || g_str_has_prefix (p, "notin"))
        {
          g_autoptr(GPtrArray) values = g_ptr_array_new ();

          r.op = p[0] == 'i' ? OP_IN : OP_NOT_IN;
          p = skip_space (p + (r.op == OP_IN ? 2 : 5));
          if (*p != '(')
            {
              requirement_clear (&r);
              return bad_selector (error, "label", selector, "expected '(' after in/notin");
            }
          p++;
          while (TRUE)
            {
              p = skip_space (p);
              start = p;
              while (is_key_char (*p))
                p++;
              g_ptr_array_add (values, g_strndup (start, p - start));
              p = skip_space (p);
              if (*p == ',')
                {
                  p++;
                  continue;
                }
              if (*p == ')')
                {
                  p++;
                  break;
                }
              g_ptr_array_add (values, NULL);
              r.values = (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
              requirement_clear (&r);
              return bad_selector (error, "label", selector, "expected ',' or ')'");
            }
          g_ptr_array_add (values, NULL);
          r.values = (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
        }
      else
        {
          requirement_clear (&r);
          return bad_selector (error, "label", selector, "expected an operator");
        }
      g_array_append_val (out, r);
      p = skip_space (p);
      if (*p == ',')
        p++;
      else if (*p != '\0')
        return bad_selector (error, "label", selector, "expected ','");
    }
  return TRUE;
}

static gboolean
parse_fields (const char *selector,
              GArray     *out,
              GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (selector, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      Requirement r = { 0 };
      char *term = g_strstrip (parts[i]);
      char *op;
      const char *value;

      if (*term == '\0')
        continue;
      if ((op = strstr (term, "!=")) != NULL)
        {
          r.op = OP_NOT_EQUALS;
          value = op + 2;
        }
      else if ((op = strstr (term, "==")) != NULL)
        {
          r.op = OP_EQUALS;
          value = op + 2;
        }
      else if ((op = strchr (term, '=')) != NULL)
        {
          r.op = OP_EQUALS;
          value = op + 1;
        }
      else
        return bad_selector (error, "field", selector, "invalid selector: expected an operator");
      r.key = g_strstrip (g_strndup (term, op - term));
      if (r.key[0] == '\0')
        {
          requirement_clear (&r);
          return bad_selector (error, "field", selector, "invalid selector: empty field name");
        }
      r.values = g_new0 (char *, 2);
      r.values[0] = g_strdup (value);
      g_strstrip (r.values[0]);
      g_array_append_val (out, r);
    }
  return TRUE;
}

KfSimSelector *
kf_sim_selector_new (const char  *label_selector,
                     const char  *field_selector,
                     GError     **error)
{
  g_autoptr(KfSimSelector) self = g_new0 (KfSimSelector, 1);

  self->labels = g_array_new (FALSE, TRUE, sizeof (Requirement));
  g_array_set_clear_func (self->labels, requirement_clear);
  self->fields = g_array_new (FALSE, TRUE, sizeof (Requirement));
  g_array_set_clear_func (self->fields, requirement_clear);

  if (label_selector != NULL && !parse_labels (label_selector, self->labels, error))
    return NULL;
  if (field_selector != NULL && !parse_fields (field_selector, self->fields, error))
    return NULL;
  return g_steal_pointer (&self);
}

static char *
field_value (JsonNode   *object,
             const char *path)
{
  JsonNode *node = kf_sim_json_lookup (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      return g_strdup ("");
    }
}

gboolean
kf_sim_selector_matches (KfSimSelector *self,
                         JsonNode      *object)
{
  JsonNode *labels_node = kf_sim_json_lookup (object, "metadata.labels");
  JsonObject *labels = labels_node && JSON_NODE_HOLDS_OBJECT (labels_node) ?
                       json_node_get_object (labels_node) : NULL;

  for (guint i = 0; i < self->labels->len; i++)
    {
      Requirement *r = &g_array_index (self->labels, Requirement, i);
      JsonNode *v = labels ? json_object_get_member (labels, r->key) : NULL;
      const char *value = v && JSON_NODE_HOLDS_VALUE (v) &&
                          json_node_get_value_type (v) == G_TYPE_STRING ?
                          json_node_get_string (v) : NULL;
      gboolean in;

      switch (r->op)
        {
        case OP_EXISTS:
          if (v == NULL)
            return FALSE;
          break;
        case OP_NOT_EXISTS:
          if (v != NULL)
            return FALSE;
          break;
        case OP_EQUALS:
          if (value == NULL || g_strcmp0 (value, r->values[0]) != 0)
            return FALSE;
          break;
        case OP_NOT_EQUALS:
          if (value != NULL && g_strcmp0 (value, r->values[0]) == 0)
            return FALSE;
          break;
        case OP_IN:
        case OP_NOT_IN:
          in = value != NULL && g_strv_contains ((const char * const *) r->values, value);
          if ((r->op == OP_IN) != in)
            return FALSE;
          break;
        default:
          return FALSE;
        }
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      Requirement *r = &g_array_index (self->fields, Requirement, i);
      g_autofree char *value = field_value (object, r->key);
      gboolean eq = g_strcmp0 (value, r->values[0]) == 0;

      if ((r->op == OP_EQUALS) != eq)
        return FALSE;
    }
  return TRUE;
}

gboolean
kf_sim_selector_is_empty (KfSimSelector *self)
{
  return self->labels->len == 0 && self->fields->len == 0;
}

void
kf_sim_selector_free (KfSimSelector *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->labels, g_array_unref);
  g_clear_pointer (&self->fields, g_array_unref);
  g_free (self);
}
