/* kf-sim-auth.c: authorization of the simulated cluster's users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include "kf-sim-auth.h"
#include "kf-sim-json.h"

/* TRUE when @value is in the rule's list @member ("*" matches all; absent = all). */
static gboolean
rule_has (JsonNode   *rule,
          const char *member,
          const char *value)
{
  JsonNode *list = kf_sim_json_lookup (rule, member);
  JsonArray *arr;

  if (list == NULL || JSON_NODE_HOLDS_NULL (list))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (list))
    return FALSE;
  arr = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *el = json_array_get_element (arr, i);
      const char *s;

      if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING)
        continue;
      s = json_node_get_string (el);
      if (g_str_equal (s, "*") || g_strcmp0 (s, value) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
kf_sim_auth_allows (KfSimUser             *user,
                    const KfSimAttributes *attrs)
{
  g_autofree char *resource = NULL;
  JsonArray *rules;

  if (user == NULL)
    return FALSE;
  if (user->rules == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (user->rules))
    return FALSE;

  resource = attrs->subresource ? g_strconcat (attrs->resource, "/", attrs->subresource, NULL)
                                : g_strdup (attrs->resource);
  rules = json_node_get_array (user->rules);
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonNode *rule = json_array_get_element (rules, i);
      JsonNode *names;

      if (!rule_has (rule, "verbs", attrs->verb) || kf_sim_json_lookup (rule, "verbs") == NULL)
        continue;
      if (!rule_has (rule, "apiGroups", attrs->group ? attrs->group : ""))
        continue;
      if (!rule_has (rule, "resources", resource))
        continue;
      /* a namespace list restricts to those namespaces; cluster-wide requests need "*" */
      if (kf_sim_json_lookup (rule, "namespaces") != NULL &&
          !rule_has (rule, "namespaces", attrs->ns ? attrs->ns : "\x01cluster"))
        continue;
      names = kf_sim_json_lookup (rule, "resourceNames");
      if (names != NULL && (attrs->name == NULL || !rule_has (rule, "resourceNames", attrs->name)))
        continue;
      return TRUE;
    }
  return FALSE;
}

char *
kf_sim_auth_forbidden_message (KfSimUser             *user,
                               const KfSimAttributes *attrs)
{
  g_autofree char *what = NULL;
  g_autofree char *resource = NULL;
  g_autofree char *scope = NULL;
  const char *group = attrs->group ? attrs->group : "";

  what = *group ? g_strconcat (attrs->resource, ".", group, NULL) : g_strdup (attrs->resource);
  if (attrs->name != NULL)
    {
      g_autofree char *tmp = g_steal_pointer (&what);
      what = g_strdup_printf ("%s \"%s\"", tmp, attrs->name);
    }
  resource = attrs->subresource ? g_strconcat (attrs->resource, "/", attrs->subresource, NULL)
                                : g_strdup (attrs->resource);
  scope = attrs->ns ? g_strdup_printf ("in the namespace \"%s\"", attrs->ns) : g_strdup ("at the cluster scope");
  return g_strdup_printf ("%s is forbidden: User \"%s\" cannot %s resource \"%s\" in API group \"%s\" %s",
                          what, user ? user->name : "system:anonymous", attrs->verb, resource, group, scope);
}
