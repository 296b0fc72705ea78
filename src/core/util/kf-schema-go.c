/* kf-schema-go.c: values printed the way Go's fmt prints them, so that
 * messages match the API server's byte for byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-schema"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kf-schema.h"
#include "kf-schema-private.h"

/* ------------------------------------------------------------------------ */
/* Go formatting: %q, %v of float64, %#v of JSON values                      */

void
kf_schema_go_quote (GString    *out,
          const char *s)
{
  const char *p = s;

  g_string_append_c (out, '"');
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\a': g_string_append (out, "\\a"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\v': g_string_append (out, "\\v"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\x%02x", c);
          else if (c >= 0x80 && !g_unichar_isprint (c))
            g_string_append_printf (out, c < 0x10000 ? "\\u%04x" : "\\U%08x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
      p = g_utf8_next_char (p);
    }
  g_string_append_c (out, '"');
}

/* strconv.FormatFloat(v, 'g', -1, 64) as fmt's %v prints it. */
void
kf_schema_go_float (GString *out,
          double   v)
{
  char buf[64];
  char digits[32];
  int nd = 0, exp10 = 0, dp;

  if (isnan (v))
    {
      g_string_append (out, "NaN");
      return;
    }
  if (isinf (v))
    {
      g_string_append (out, v > 0 ? "+Inf" : "-Inf");
      return;
    }
  if (v == 0)
    {
      g_string_append (out, signbit (v) ? "-0" : "0");
      return;
    }
  if (v < 0)
    {
      g_string_append_c (out, '-');
      v = -v;
    }
  /* shortest digits that read back exactly */
  for (int prec = 1; prec <= 17; prec++)
    {
      snprintf (buf, sizeof buf, "%.*e", prec - 1, v);
      if (strtod (buf, NULL) == v)
        break;
    }
  for (const char *p = buf; *p != '\0' && *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && nd < (int) sizeof digits - 1)
      digits[nd++] = *p;
  digits[nd] = '\0';
  exp10 = atoi (strchr (buf, 'e') + 1);
  while (nd > 1 && digits[nd - 1] == '0')
    digits[--nd] = '\0';

  if (exp10 < -4 || exp10 >= 6)
    {
      g_string_append_c (out, digits[0]);
      if (nd > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%02d", exp10 < 0 ? '-' : '+', ABS (exp10));
      return;
    }
  dp = exp10 + 1;
  if (dp <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -dp; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else if (dp >= nd)
    {
      g_string_append (out, digits);
      for (int i = nd; i < dp; i++)
        g_string_append_c (out, '0');
    }
  else
    {
      g_string_append_len (out, digits, dp);
      g_string_append_c (out, '.');
      g_string_append (out, digits + dp);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Go's %#v of a decoded JSON value inside an interface{} (maps sorted by key). */
void
kf_schema_go_sharp_v (GString  *out,
            JsonNode *node,
            guint     depth)
{
  if (depth > 16)
    {
      g_string_append (out, "...");
      return;
    }
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (o);
        g_autoptr(GPtrArray) keys = g_ptr_array_new ();

        for (GList *l = names; l != NULL; l = l->next)
          g_ptr_array_add (keys, l->data);
        g_ptr_array_sort (keys, compare_strings);
        g_string_append (out, "map[string]interface {}{");
        for (guint i = 0; i < keys->len; i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            kf_schema_go_quote (out, keys->pdata[i]);
            g_string_append_c (out, ':');
            kf_schema_go_sharp_v (out, json_object_get_member (o, keys->pdata[i]), depth + 1);
          }
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);

        g_string_append (out, "[]interface {}{");
        for (guint i = 0; i < json_array_get_length (a); i++)
          {
            if (i > 0)
              g_string_append (out, ", ");
            kf_schema_go_sharp_v (out, json_array_get_element (a, i), depth + 1);
          }
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_NULL:
      g_string_append (out, "interface {}(nil)");
      break;
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          kf_schema_go_quote (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          kf_schema_go_float (out, json_node_get_double (node));
          break;
        default:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        }
      break;
    }
}
