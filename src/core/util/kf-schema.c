/* kf-schema.c: OpenAPI v3 (structural CRD schema) validation, pruning and
 * defaulting of custom resources, with the API server's messages.
 *
 * The validator follows kube-openapi's SchemaValidator (what
 * apiextensions-apiserver runs): for each schema node the type, schema-props
 * (anyOf/oneOf/allOf/not), string, format, number, slice, enum and object
 * validators run in that order, and each kube-openapi error is turned into a
 * field.Error the way apiextensions-apiserver's validation.go does. Paths are
 * built the same way ("a.b", "a[0]"), so messages match byte for byte.
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

#define MAX_VISITS       4000000
#define MAX_REGEX_CACHE  512

/* field.ErrorType strings */
#define T_REQUIRED      "FieldValueRequired"
#define T_INVALID       "FieldValueInvalid"
#define T_NOT_SUPPORTED "FieldValueNotSupported"
#define T_TYPE_INVALID  "FieldValueTypeInvalid"
#define T_TOO_LONG      "FieldValueTooLong"
#define T_TOO_MANY      "FieldValueTooMany"
#define T_INTERNAL      "InternalError"

typedef struct
{
  guint    visits;
  gboolean aborted;
} Ctx;

/* A kube-openapi Result: errors plus the number of checks performed
 * (MatchCount, used to pick the "best" failing anyOf/oneOf branch). */
typedef struct
{
  GPtrArray *errors;
  guint      matches;
} Result;

static void
result_init (Result *r)
{
  r->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_schema_cause_free);
  r->matches = 0;
}

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->errors, g_ptr_array_unref);
}

static void
result_merge (Result *into,
              Result *from)
{
  for (guint i = 0; i < from->errors->len; i++)
    {
      if (into->errors->len >= KF_SCHEMA_MAX_CAUSES)
        break;
      g_ptr_array_add (into->errors, g_steal_pointer (&from->errors->pdata[i]));
    }
  into->matches += from->matches;
  g_ptr_array_set_size (from->errors, 0);
}

void
kf_schema_cause_free (KfSchemaCause *cause)
{
  if (cause == NULL)
    return;
  g_free (cause->type);
  g_free (cause->field);
  g_free (cause->message);
  g_free (cause);
}

/* ------------------------------------------------------------------------ */
/* Go formatting: %q, %v of float64, %#v of JSON values                      */

static void
go_quote (GString    *out,
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
static void
go_float (GString *out,
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
static void
go_sharp_v (GString  *out,
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
            go_quote (out, keys->pdata[i]);
            g_string_append_c (out, ':');
            go_sharp_v (out, json_object_get_member (o, keys->pdata[i]), depth + 1);
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
            go_sharp_v (out, json_array_get_element (a, i), depth + 1);
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
          go_quote (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          go_float (out, json_node_get_double (node));
          break;
        default:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        }
      break;
    }
}

/* How ErrorBody() prints a bad value taken from the object. */
static void
go_bad_value (GString  *out,
              JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    go_quote (out, "null");
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    go_quote (out, json_node_get_string (node));
  else
    go_sharp_v (out, node, 0);
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */

/* kube-openapi error name -> field path: TrimPrefix(".") or "<nil>". */
static char *
field_of (const char *name)
{
  if (name[0] == '\0' || g_str_equal (name, "."))
    return g_strdup ("<nil>");
  return g_strdup (name[0] == '.' ? name + 1 : name);
}

static void
add_cause (Result     *r,
           const char *type,
           char       *field,   /* owned */
           char       *message) /* owned */
{
  KfSchemaCause *cause;

  if (r->errors->len >= KF_SCHEMA_MAX_CAUSES)
    {
      g_free (field);
      g_free (message);
      return;
    }
  cause = g_new0 (KfSchemaCause, 1);
  cause->type = g_strdup (type);
  cause->field = field;
  cause->message = message;
  g_ptr_array_add (r->errors, cause);
}

/* field.Invalid / field.TypeInvalid with a bad value node and a detail. */
static void
add_invalid (Result     *r,
             const char *type,
             const char *name,
             JsonNode   *value,
             const char *detail)
{
  GString *msg = g_string_new ("Invalid value: ");

  go_bad_value (msg, value);
  g_string_append_printf (msg, ": %s", detail);
  add_cause (r, type, field_of (name), g_string_free (msg, FALSE));
}

static void
add_invalid_string (Result     *r,
                    const char *type,
                    const char *name,
                    const char *value,
                    const char *detail)
{
  GString *msg = g_string_new ("Invalid value: ");

  go_quote (msg, value);
  g_string_append_printf (msg, ": %s", detail);
  add_cause (r, type, field_of (name), g_string_free (msg, FALSE));
}

static void
add_invalid_int (Result     *r,
                 const char *name,
                 gint64      value,
                 const char *detail)
{
  add_cause (r, T_INVALID, field_of (name),
             g_strdup_printf ("Invalid value: %" G_GINT64_FORMAT ": %s", value, detail));
}

/* Composite (anyOf/oneOf/allOf/not) errors are not *Validation errors: the
 * server reports them as field.Invalid(nil path, "", err.Error()). */
static void
add_composite (Result     *r,
               const char *path,
               const char *what,
               const char *extra)
{
  GString *msg = g_string_new ("Invalid value: \"\": ");

  go_quote (msg, path);
  g_string_append_printf (msg, " %s%s", what, extra ? extra : "");
  add_cause (r, T_INVALID, g_strdup ("<nil>"), g_string_free (msg, FALSE));
}

static void
add_type_error (Result     *r,
                const char *path,
                const char *expected,
                const char *actual)
{
  g_autoptr(GString) detail = g_string_new (NULL);

  g_string_append_printf (detail, "%s in body must be of type %s: ", path, expected);
  go_quote (detail, actual);
  add_invalid_string (r, T_TYPE_INVALID, path, actual, detail->str);
}

/* ------------------------------------------------------------------------ */
/* Schema access                                                             */

static JsonObject *
member_object (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return (n != NULL && JSON_NODE_HOLDS_OBJECT (n)) ? json_node_get_object (n) : NULL;
}

static JsonArray *
member_array (JsonObject *o,
              const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return (n != NULL && JSON_NODE_HOLDS_ARRAY (n)) ? json_node_get_array (n) : NULL;
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  return NULL;
}

static gboolean
member_true (JsonObject *o,
             const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) &&
         json_node_get_value_type (n) == G_TYPE_BOOLEAN && json_node_get_boolean (n);
}

static gboolean
is_number (JsonNode *n)
{
  GType t;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  t = json_node_get_value_type (n);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
member_number (JsonObject *o,
               const char *name,
               double     *out)
{
  JsonNode *n = json_object_get_member (o, name);

  if (!is_number (n))
    return FALSE;
  *out = json_node_get_double (n);
  return TRUE;
}

static gboolean
member_int (JsonObject *o,
            const char *name,
            gint64     *out)
{
  JsonNode *n = json_object_get_member (o, name);

  if (!is_number (n))
    return FALSE;
  *out = json_node_get_value_type (n) == G_TYPE_INT64 ? json_node_get_int (n)
                                                     : (gint64) json_node_get_double (n);
  return TRUE;
}

/* The JSON type name kube-openapi infers for decoded data. */
static const char *
data_type_name (JsonNode *n)
{
  switch (JSON_NODE_TYPE (n))
    {
    case JSON_NODE_OBJECT: return "object";
    case JSON_NODE_ARRAY: return "array";
    case JSON_NODE_NULL: return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (n))
        {
        case G_TYPE_STRING: return "string";
        case G_TYPE_BOOLEAN: return "boolean";
        case G_TYPE_DOUBLE: return "number";
        default: return "integer";
        }
    }
}

static gboolean
is_json_integer (double d)
{
  /* swag.IsFloat64AJSONInteger */
  return isfinite (d) && d == floor (d) && fabs (d) < 9007199254740992.0;
}

static const char * const supported_formats[] = {
  "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid",
  "uuid3", "uuid4", "uuid5", "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor",
  "rgbcolor", "byte", "password", "date", "duration", "datetime", "date-time", NULL,
};

/* apiextensions strips formats it does not support before validating. */
static const char *
schema_format (JsonObject *schema)
{
  const char *format = member_string (schema, "format");

  if (format != NULL && g_strv_contains (supported_formats, format))
    return format;
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Regex cache (patterns are compiled once per process)                      */

G_LOCK_DEFINE_STATIC (regex_cache);
static GHashTable *regex_cache;

static GRegex *
get_regex (const char *pattern)
{
  GRegex *regex;
  g_autoptr(GError) error = NULL;

  G_LOCK (regex_cache);
  if (regex_cache == NULL)
    regex_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_regex_unref);
  regex = g_hash_table_lookup (regex_cache, pattern);
  if (regex != NULL)
    {
      g_regex_ref (regex);
      G_UNLOCK (regex_cache);
      return regex;
    }
  G_UNLOCK (regex_cache);

  regex = g_regex_new (pattern, G_REGEX_DOLLAR_ENDONLY, 0, &error);
  if (regex == NULL)
    {
      g_debug ("schema pattern %s does not compile: %s", pattern, error->message);
      return NULL;
    }

  G_LOCK (regex_cache);
  if (g_hash_table_size (regex_cache) >= MAX_REGEX_CACHE)
    g_hash_table_remove_all (regex_cache);
  g_hash_table_replace (regex_cache, g_strdup (pattern), g_regex_ref (regex));
  G_UNLOCK (regex_cache);
  return regex;
}

/* ------------------------------------------------------------------------ */
/* Formats                                                                   */

static gboolean
check_date (const char *s)
{
  int y, m, d;
  char tail;

  if (strlen (s) != 10 || sscanf (s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return g_date_valid_dmy (d, m, y);
}

static gboolean
check_date_time (const char *s)
{
  g_autoptr(GDateTime) dt = NULL;

  if (strlen (s) < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
    return FALSE;
  dt = g_date_time_new_from_iso8601 (s, NULL);
  if (dt == NULL)
    {
      /* strfmt also accepts a date-time without a zone */
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      dt = g_date_time_new_from_iso8601 (s, utc);
    }
  return dt != NULL;
}

static gboolean
check_uuid (const char *s)
{
  static const int groups[] = { 8, 4, 4, 4, 12 };
  const char *p = s;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      for (int i = 0; i < groups[g]; i++, p++)
        if (!g_ascii_isxdigit (*p))
          return FALSE;
      if (g < G_N_ELEMENTS (groups) - 1 && *p++ != '-')
        return FALSE;
    }
  return *p == '\0';
}

static gboolean
check_ipv4 (const char *s)
{
  int parts = 0;
  const char *p = s;

  while (TRUE)
    {
      int value = 0, digits = 0;

      while (g_ascii_isdigit (*p) && digits < 4)
        value = value * 10 + (*p++ - '0'), digits++;
      if (digits == 0 || digits > 3 || value > 255)
        return FALSE;
      parts++;
      if (*p == '\0')
        break;
      if (*p++ != '.' || parts == 4)
        return FALSE;
    }
  return parts == 4;
}

static gboolean
check_ipv6 (const char *s)
{
  g_autoptr(GInetAddress) addr = NULL;

  if (strchr (s, ':') == NULL)
    return FALSE;
  addr = g_inet_address_new_from_string (s);
  return addr != NULL && g_inet_address_get_family (addr) == G_SOCKET_FAMILY_IPV6;
}

static gboolean
check_cidr (const char *s)
{
  g_autoptr(GInetAddressMask) mask = g_inet_address_mask_new_from_string (s, NULL);

  return mask != NULL && strchr (s, '/') != NULL;
}

static gboolean
check_hostname (const char *s)
{
  gsize len = strlen (s);
  gsize label = 0;

  if (len == 0 || len > 255)
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (label == 0 || p[-1] == '-')
            return FALSE;
          label = 0;
          continue;
        }
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
      if (label == 0 && *p == '-')
        return FALSE;
      if (++label > 63)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_byte (const char *s)
{
  gsize len = strlen (s);

  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];
      if (c == '=')
        {
          if (i < len - 2 || (i == len - 2 && s[len - 1] != '='))
            return FALSE;
        }
      else if (!g_ascii_isalnum (c) && c != '+' && c != '/')
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_email (const char *s)
{
  const char *at = strchr (s, '@');

  return at != NULL && at != s && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
         strchr (s, ' ') == NULL;
}

/* Returns FALSE when @s does not have @format; unchecked formats pass. */
static gboolean
check_format (const char *format,
              const char *s)
{
  if (g_str_equal (format, "date-time") || g_str_equal (format, "datetime"))
    return check_date_time (s);
  if (g_str_equal (format, "date"))
    return check_date (s);
  if (g_str_has_prefix (format, "uuid"))
    return check_uuid (s);
  if (g_str_equal (format, "ipv4"))
    return check_ipv4 (s);
  if (g_str_equal (format, "ipv6"))
    return check_ipv6 (s);
  if (g_str_equal (format, "cidr"))
    return check_cidr (s);
  if (g_str_equal (format, "hostname"))
    return check_hostname (s);
  if (g_str_equal (format, "byte"))
    return check_byte (s);
  if (g_str_equal (format, "email"))
    return check_email (s);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Validation                                                                */

static void validate_node (Ctx        *ctx,
                           JsonObject *schema,
                           GString    *path,
                           JsonNode   *data,
                           guint       depth,
                           gboolean    root,
                           Result     *out);

/* Validates @data against a sub-schema at @path + @suffix, restoring @path. */
static void
validate_child (Ctx        *ctx,
                JsonObject *schema,
                GString    *path,
                const char *sep,
                const char *name,
                JsonNode   *data,
                guint       depth,
                Result     *out)
{
  gsize len = path->len;

  g_string_append (path, sep);
  g_string_append (path, name);
  validate_node (ctx, schema, path, data, depth + 1, FALSE, out);
  g_string_truncate (path, len);
}

static gboolean
validate_type (JsonObject *schema,
               const char *path,
               JsonNode   *data,
               Result     *out)
{
  const char *type = member_string (schema, "type");
  gboolean int_or_string = member_true (schema, "x-kubernetes-int-or-string");
  const char *expected;
  const char *actual;
  const char *format;

  if (int_or_string)
    type = "integer,string";
  if (type == NULL || *type == '\0')
    return TRUE;
  out->matches++;

  actual = data_type_name (data);
  expected = type;

  if (JSON_NODE_HOLDS_NULL (data))
    {
      if (member_true (schema, "nullable") || g_str_equal (type, "null"))
        return TRUE;
      add_type_error (out, path, expected, "null");
      return FALSE;
    }

  /* A string (or array) with a format and a non-numeric type passes. */
  format = schema_format (schema);
  if (format != NULL && !strstr (type, "integer") && !strstr (type, "number") &&
      (g_str_equal (actual, "string") || g_str_equal (actual, "array")))
    return TRUE;

  if (int_or_string)
    {
      if (g_str_equal (actual, "integer") || g_str_equal (actual, "string") ||
          (g_str_equal (actual, "number") && is_json_integer (json_node_get_double (data))))
        return TRUE;
    }
  else if (g_str_equal (type, actual) ||
           (g_str_equal (type, "integer") && g_str_equal (actual, "number") &&
            is_json_integer (json_node_get_double (data))) ||
           (g_str_equal (type, "number") && g_str_equal (actual, "integer")))
    return TRUE;

  add_type_error (out, path, expected, actual);
  return FALSE;
}

static void
validate_schema_props (Ctx        *ctx,
                       JsonObject *schema,
                       GString    *path,
                       JsonNode   *data,
                       guint       depth,
                       gboolean    root,
                       Result     *out)
{
  JsonArray *any_of = member_array (schema, "anyOf");
  JsonArray *one_of = member_array (schema, "oneOf");
  JsonArray *all_of = member_array (schema, "allOf");
  JsonObject *not = member_object (schema, "not");

  if (any_of == NULL && one_of == NULL && all_of == NULL && not == NULL)
    return;
  out->matches++;

  if (any_of != NULL && json_array_get_length (any_of) > 0)
    {
      Result best = { NULL, 0 };
      gboolean ok = FALSE;

      for (guint i = 0; i < json_array_get_length (any_of); i++)
        {
          JsonNode *sub = json_array_get_element (any_of, i);
          Result r;

          if (!JSON_NODE_HOLDS_OBJECT (sub))
            continue;
          result_init (&r);
          validate_node (ctx, json_node_get_object (sub), path, data, depth + 1, root, &r);
          if (r.errors->len == 0)
            {
              ok = TRUE;
              out->matches += r.matches;
              result_clear (&r);
              break;
            }
          if (best.errors == NULL || r.matches > best.matches)
            {
              result_clear (&best);
              best = r;
            }
          else
            result_clear (&r);
        }
      if (!ok)
        {
          add_composite (out, path->str, "must validate at least one schema (anyOf)", NULL);
          if (best.errors != NULL)
            result_merge (out, &best);
        }
      result_clear (&best);
    }

  if (one_of != NULL && json_array_get_length (one_of) > 0)
    {
      Result best = { NULL, 0 };
      guint valid = 0;

      for (guint i = 0; i < json_array_get_length (one_of); i++)
        {
          JsonNode *sub = json_array_get_element (one_of, i);
          Result r;

          if (!JSON_NODE_HOLDS_OBJECT (sub))
            continue;
          result_init (&r);
          validate_node (ctx, json_node_get_object (sub), path, data, depth + 1, root, &r);
          if (r.errors->len == 0)
            {
              valid++;
              result_clear (&best);
              result_clear (&r);
              continue;
            }
          if (valid == 0 && (best.errors == NULL || r.matches > best.matches))
            {
              result_clear (&best);
              best = r;
            }
          else
            result_clear (&r);
        }
      if (valid != 1)
        {
          g_autofree char *extra = valid == 0 ? g_strdup ("Found none valid")
                                              : g_strdup_printf ("Found %u valid alternatives", valid);
          add_composite (out, path->str, "must validate one and only one schema (oneOf). ", extra);
          if (best.errors != NULL)
            result_merge (out, &best);
        }
      result_clear (&best);
    }

  if (all_of != NULL && json_array_get_length (all_of) > 0)
    {
      guint valid = 0, n = 0;

      for (guint i = 0; i < json_array_get_length (all_of); i++)
        {
          JsonNode *sub = json_array_get_element (all_of, i);
          Result r;

          if (!JSON_NODE_HOLDS_OBJECT (sub))
            continue;
          n++;
          result_init (&r);
          validate_node (ctx, json_node_get_object (sub), path, data, depth + 1, root, &r);
          if (r.errors->len == 0)
            valid++;
          result_merge (out, &r);
          result_clear (&r);
        }
      if (valid != n)
        add_composite (out, path->str, "must validate all the schemas (allOf)",
                       valid == 0 ? ". None validated" : "");
    }

  if (not != NULL)
    {
      Result r;

      result_init (&r);
      validate_node (ctx, not, path, data, depth + 1, root, &r);
      if (r.errors->len == 0)
        add_composite (out, path->str, "must not validate the schema (not)", NULL);
      result_clear (&r);
    }
}

static void
validate_string (JsonObject *schema,
                 const char *path,
                 JsonNode   *data,
                 Result     *out)
{
  const char *s = json_node_get_string (data);
  const char *pattern = member_string (schema, "pattern");
  gint64 limit;
  glong len;

  if (!json_object_has_member (schema, "maxLength") &&
      !json_object_has_member (schema, "minLength") && pattern == NULL)
    return;
  out->matches++;
  len = g_utf8_validate (s, -1, NULL) ? g_utf8_strlen (s, -1) : (glong) strlen (s);

  if (member_int (schema, "maxLength", &limit) && len > limit)
    {
      add_cause (out, T_TOO_LONG, field_of (path),
                 g_strdup_printf ("Too long: may not be longer than %" G_GINT64_FORMAT, limit));
      return;
    }
  if (member_int (schema, "minLength", &limit) && len < limit)
    {
      g_autofree char *detail = g_strdup_printf ("%s in body should be at least %" G_GINT64_FORMAT " chars long",
                                                 path, limit);
      add_invalid (out, T_INVALID, path, data, detail);
      return;
    }
  if (pattern != NULL)
    {
      g_autoptr(GRegex) regex = get_regex (pattern);

      if (regex != NULL && !g_regex_match (regex, s, 0, NULL))
        {
          g_autofree char *detail = g_strdup_printf ("%s in body should match '%s'", path, pattern);
          add_invalid (out, T_INVALID, path, data, detail);
        }
    }
}

static void
validate_format (JsonObject *schema,
                 const char *path,
                 JsonNode   *data,
                 Result     *out)
{
  const char *format = schema_format (schema);
  const char *s = json_node_get_string (data);

  if (format == NULL)
    return;
  out->matches++;
  if (!check_format (format, s))
    {
      g_autoptr(GString) detail = g_string_new (NULL);

      g_string_append_printf (detail, "%s in body must be of type %s: ", path, format);
      go_quote (detail, s);
      add_invalid (out, T_TYPE_INVALID, path, data, detail->str);
    }
}

/* "should be greater than or equal to %v" with the bound printed as Go does
 * for the value's native type (int64 for integers, float64 otherwise). */
static void
add_bound_error (Result     *out,
                 const char *path,
                 JsonNode   *data,
                 const char *what,
                 double      bound)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  gboolean is_int = json_node_get_value_type (data) == G_TYPE_INT64;

  g_string_append_printf (detail, "%s in body should be %s ", path, what);
  if (is_int)
    g_string_append_printf (detail, "%" G_GINT64_FORMAT, (gint64) bound);
  else
    go_float (detail, bound);
  add_invalid (out, T_INVALID, path, data, detail->str);
}

static void
validate_number (JsonObject *schema,
                 const char *path,
                 JsonNode   *data,
                 Result     *out)
{
  double v = json_node_get_double (data);
  gboolean is_int = json_node_get_value_type (data) == G_TYPE_INT64;
  double bound;

  if (!json_object_has_member (schema, "maximum") && !json_object_has_member (schema, "minimum") &&
      !json_object_has_member (schema, "multipleOf"))
    return;
  out->matches++;

  if (member_number (schema, "multipleOf", &bound) && bound > 0)
    {
      gboolean ok;

      if (is_int && bound == floor (bound))
        ok = json_node_get_int (data) % (gint64) bound == 0;
      else
        {
          double q = v / bound;
          ok = fabs (q - round (q)) < 1e-9 * MAX (1.0, fabs (q));
        }
      if (!ok)
        add_bound_error (out, path, data, "a multiple of", bound);
    }
  if (member_number (schema, "maximum", &bound))
    {
      gboolean excl = member_true (schema, "exclusiveMaximum");
      double cmp = is_int ? (double) (gint64) bound : bound;

      if (excl ? v >= cmp : v > cmp)
        add_bound_error (out, path, data, excl ? "less than" : "less than or equal to", bound);
    }
  if (member_number (schema, "minimum", &bound))
    {
      gboolean excl = member_true (schema, "exclusiveMinimum");
      double cmp = is_int ? (double) (gint64) bound : bound;

      if (excl ? v <= cmp : v < cmp)
        add_bound_error (out, path, data, excl ? "greater than" : "greater than or equal to", bound);
    }
}

static void
validate_slice (Ctx        *ctx,
                JsonObject *schema,
                GString    *path,
                JsonNode   *data,
                guint       depth,
                Result     *out)
{
  JsonArray *array = json_node_get_array (data);
  guint n = json_array_get_length (array);
  JsonObject *items = member_object (schema, "items");
  gint64 limit;

  out->matches++;
  if (items != NULL)
    {
      for (guint i = 0; i < n && !ctx->aborted; i++)
        {
          char index[24];

          g_snprintf (index, sizeof index, "[%u]", i);
          validate_child (ctx, items, path, "", index, json_array_get_element (array, i), depth, out);
        }
    }
  if (member_int (schema, "minItems", &limit) && n < limit)
    {
      g_autofree char *detail = g_strdup_printf ("%s in body should have at least %" G_GINT64_FORMAT " items",
                                                 path->str, limit);
      add_invalid_int (out, path->str, n, detail);
    }
  if (member_int (schema, "maxItems", &limit) && n > limit)
    add_cause (out, T_TOO_MANY, field_of (path->str),
               g_strdup_printf ("Too many: %u: must have at most %" G_GINT64_FORMAT " items", n, limit));
  if (member_true (schema, "uniqueItems") && n > 1)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (json_node_hash, json_node_equal);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *e = json_array_get_element (array, i);

          if (!g_hash_table_add (seen, e))
            {
              g_autofree char *detail = g_strdup_printf ("%s in body shouldn't contain duplicates", path->str);
              add_invalid_string (out, T_INVALID, path->str, "", detail);
              break;
            }
        }
    }
}

static gboolean
json_values_equal (JsonNode *a,
                   JsonNode *b)
{
  if (is_number (a) && is_number (b))
    return json_node_get_double (a) == json_node_get_double (b);
  return json_node_equal (a, b);
}

static void
validate_enum (JsonObject *schema,
               const char *path,
               JsonNode   *data,
               Result     *out)
{
  JsonArray *values = member_array (schema, "enum");
  GString *msg;
  guint n;

  if (values == NULL || (n = json_array_get_length (values)) == 0)
    return;
  out->matches++;
  for (guint i = 0; i < n; i++)
    if (json_values_equal (json_array_get_element (values, i), data))
      return;

  msg = g_string_new ("Unsupported value: ");
  if (JSON_NODE_HOLDS_VALUE (data) && json_node_get_value_type (data) == G_TYPE_STRING)
    go_quote (msg, json_node_get_string (data));
  else if (JSON_NODE_HOLDS_NULL (data))
    go_quote (msg, "null");
  else if (JSON_NODE_HOLDS_VALUE (data) && json_node_get_value_type (data) == G_TYPE_DOUBLE)
    go_float (msg, json_node_get_double (data));
  else
    go_sharp_v (msg, data, 0);
  g_string_append (msg, ": supported values: ");
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (values, i);

      if (i > 0)
        g_string_append (msg, ", ");
      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        go_quote (msg, json_node_get_string (e));
      else
        {
          g_autofree char *json = json_to_string (e, FALSE);
          go_quote (msg, json);
        }
    }
  add_cause (out, T_NOT_SUPPORTED, field_of (path), g_string_free (msg, FALSE));
}

static void
validate_object (Ctx        *ctx,
                 JsonObject *schema,
                 GString    *path,
                 JsonNode   *data,
                 guint       depth,
                 gboolean    root,
                 Result     *out)
{
  JsonObject *obj = json_node_get_object (data);
  JsonObject *props = member_object (schema, "properties");
  JsonNode *additional = json_object_get_member (schema, "additionalProperties");
  JsonArray *required = member_array (schema, "required");
  guint n_keys = json_object_get_size (obj);
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  gint64 limit;

  out->matches++;
  if (member_int (schema, "minProperties", &limit) && n_keys < limit)
    {
      g_autofree char *detail = g_strdup_printf ("%s in body should have at least %" G_GINT64_FORMAT " properties",
                                                 path->str, limit);
      add_invalid_int (out, path->str, n_keys, detail);
      return;
    }
  if (member_int (schema, "maxProperties", &limit) && n_keys > limit)
    {
      add_cause (out, T_TOO_MANY, field_of (path->str),
                 g_strdup_printf ("Too many: %u: must have at most %" G_GINT64_FORMAT " items", n_keys, limit));
      return;
    }

  json_object_iter_init_ordered (&iter, obj);
  while (json_object_iter_next_ordered (&iter, &key, &value) && !ctx->aborted)
    {
      JsonObject *prop = props != NULL ? member_object (props, key) : NULL;

      if (prop != NULL)
        {
          if (root && g_str_equal (key, "metadata"))
            {
              /* the server validates ObjectMeta itself */
              if (!JSON_NODE_HOLDS_OBJECT (value))
                add_type_error (out, "metadata", "object", data_type_name (value));
              continue;
            }
          validate_child (ctx, prop, path, path->len > 0 ? "." : "", key, value, depth, out);
        }
      else if (additional != NULL && JSON_NODE_HOLDS_OBJECT (additional))
        validate_child (ctx, json_node_get_object (additional), path, ".", key, value, depth, out);
      else if (additional != NULL && JSON_NODE_HOLDS_VALUE (additional) &&
               json_node_get_value_type (additional) == G_TYPE_BOOLEAN &&
               !json_node_get_boolean (additional))
        {
          g_autofree char *detail = g_strdup_printf ("%s.%s in body is a forbidden property", path->str, key);
          add_invalid_string (out, T_INVALID, path->str, key, detail);
        }
    }

  if (required != NULL)
    {
      for (guint i = 0; i < json_array_get_length (required); i++)
        {
          JsonNode *r = json_array_get_element (required, i);
          const char *name;

          if (!JSON_NODE_HOLDS_VALUE (r) || json_node_get_value_type (r) != G_TYPE_STRING)
            continue;
          name = json_node_get_string (r);
          if (!json_object_has_member (obj, name))
            add_cause (out, T_REQUIRED, g_strdup_printf ("%s%s%s", path->str, path->len > 0 ? "." : "", name),
                       g_strdup ("Required value"));
        }
    }

  if (member_true (schema, "x-kubernetes-embedded-resource"))
    {
      const char *names[] = { "kind", "apiVersion" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          JsonNode *v = json_object_get_member (obj, names[i]);

          if (v == NULL || (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING &&
                            *json_node_get_string (v) == '\0'))
            add_cause (out, T_REQUIRED,
                       g_strdup_printf ("%s%s%s", path->str, path->len > 0 ? "." : "", names[i]),
                       g_strdup ("Required value: must not be empty"));
        }
    }
}

static void
validate_node (Ctx        *ctx,
               JsonObject *schema,
               GString    *path,
               JsonNode   *data,
               guint       depth,
               gboolean    root,
               Result     *out)
{
  if (ctx->aborted)
    return;
  if (++ctx->visits > MAX_VISITS)
    {
      ctx->aborted = TRUE;
      add_cause (out, T_INTERNAL, field_of (path->str),
                 g_strdup ("Internal error: validation stopped: the object is too large for its schema"));
      return;
    }
  if (depth > KF_SCHEMA_MAX_DEPTH)
    {
      g_autofree char *detail = g_strdup_printf ("%s in body is nested deeper than %d levels",
                                                 path->str, KF_SCHEMA_MAX_DEPTH);
      add_invalid_string (out, T_INVALID, path->str, data_type_name (data), detail);
      return;
    }

  validate_type (schema, path->str, data, out);
  if (JSON_NODE_HOLDS_NULL (data))
    {
      /* kube-openapi only runs the type and enum validators on null */
      validate_enum (schema, path->str, data, out);
      return;
    }
  validate_schema_props (ctx, schema, path, data, depth, root, out);
  if (JSON_NODE_HOLDS_VALUE (data) && json_node_get_value_type (data) == G_TYPE_STRING)
    {
      validate_string (schema, path->str, data, out);
      validate_format (schema, path->str, data, out);
    }
  if (is_number (data))
    validate_number (schema, path->str, data, out);
  if (JSON_NODE_HOLDS_ARRAY (data))
    validate_slice (ctx, schema, path, data, depth, out);
  validate_enum (schema, path->str, data, out);
  if (JSON_NODE_HOLDS_OBJECT (data))
    validate_object (ctx, schema, path, data, depth, root, out);
  out->matches++;
}

gboolean
kf_schema_validate (JsonNode   *schema,
                    JsonNode   *object,
                    GPtrArray **causes)
{
  g_autoptr(GString) path = g_string_new (NULL);
  Ctx ctx = { 0, FALSE };
  Result result;
  gboolean valid;

  g_return_val_if_fail (causes == NULL || *causes == NULL, FALSE);

  result_init (&result);
  if (object == NULL)
    add_cause (&result, T_INVALID, g_strdup ("<nil>"), g_strdup ("Invalid value: \"null\": no object"));
  else if (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema))
    validate_node (&ctx, json_node_get_object (schema), path, object, 0, TRUE, &result);

  valid = result.errors->len == 0;
  if (causes != NULL)
    *causes = g_steal_pointer (&result.errors);
  result_clear (&result);
  return valid;
}

/* ------------------------------------------------------------------------ */
/* CRD lookup                                                                */

JsonNode *
kf_schema_from_crd (JsonNode   *crd,
                    const char *version)
{
  JsonObject *spec, *validation, *schema_obj;
  JsonArray *versions;

  if (crd == NULL || !JSON_NODE_HOLDS_OBJECT (crd))
    return NULL;
  spec = member_object (json_node_get_object (crd), "spec");
  if (spec == NULL)
    return NULL;

  versions = member_array (spec, "versions");
  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    {
      JsonNode *vn = json_array_get_element (versions, i);
      JsonObject *v;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (vn))
        continue;
      v = json_node_get_object (vn);
      name = member_string (v, "name");
      if (version != NULL ? g_strcmp0 (name, version) != 0 : !member_true (v, "storage"))
        continue;
      schema_obj = member_object (v, "schema");
      if (schema_obj != NULL && json_object_has_member (schema_obj, "openAPIV3Schema"))
        return json_object_get_member (schema_obj, "openAPIV3Schema");
      break;  /* the version exists; maybe the schema is shared (v1beta1) */
    }

  /* apiextensions.k8s.io/v1beta1: one schema for all versions */
  if (version != NULL && versions != NULL)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < json_array_get_length (versions); i++)
        {
          JsonNode *vn = json_array_get_element (versions, i);
          if (JSON_NODE_HOLDS_OBJECT (vn) &&
              g_strcmp0 (member_string (json_node_get_object (vn), "name"), version) == 0)
            known = TRUE;
        }
      if (!known && g_strcmp0 (member_string (spec, "version"), version) != 0)
        return NULL;
    }
  validation = member_object (spec, "validation");
  if (validation != NULL && json_object_has_member (validation, "openAPIV3Schema"))
    return json_object_get_member (validation, "openAPIV3Schema");
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Pruning and defaulting                                                    */

typedef struct
{
  GPtrArray *pruned;
  guint      count;
} PruneState;

static void prune_node (PruneState *st,
                        JsonObject *schema,
                        GString    *path,
                        JsonNode   *data,
                        guint       depth,
                        gboolean    keep_meta);

static gboolean
schema_nullable (JsonObject *schema)
{
  return member_true (schema, "nullable");
}

static void
prune_node (PruneState *st,
            JsonObject *schema,
            GString    *path,
            JsonNode   *data,
            guint       depth,
            gboolean    keep_meta)
{
  if (depth > KF_SCHEMA_MAX_DEPTH || schema == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *obj = json_node_get_object (data);
      JsonObject *props = member_object (schema, "properties");
      JsonNode *additional = json_object_get_member (schema, "additionalProperties");
      gboolean preserve = member_true (schema, "x-kubernetes-preserve-unknown-fields");
      gboolean embedded = member_true (schema, "x-kubernetes-embedded-resource");
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          JsonNode *value = json_object_get_member (obj, key);
          JsonObject *sub = props != NULL ? member_object (props, key) : NULL;
          gsize len = path->len;

          if (sub == NULL && additional != NULL && JSON_NODE_HOLDS_OBJECT (additional))
            sub = json_node_get_object (additional);

          if ((keep_meta || embedded) &&
              (g_str_equal (key, "apiVersion") || g_str_equal (key, "kind") || g_str_equal (key, "metadata")))
            {
              /* kept as is; metadata is ObjectMeta, not the schema's business */
              if (sub != NULL && !g_str_equal (key, "metadata"))
                {
                  g_string_append_printf (path, "%s%s", path->len > 0 ? "." : "", key);
                  prune_node (st, sub, path, value, depth + 1, FALSE);
                  g_string_truncate (path, len);
                }
              continue;
            }

          if (sub != NULL)
            {
              if (JSON_NODE_HOLDS_NULL (value) && !schema_nullable (sub) && !preserve)
                {
                  json_object_remove_member (obj, key);
                  continue;
                }
              g_string_append_printf (path, "%s%s", path->len > 0 ? "." : "", key);
              prune_node (st, sub, path, value, depth + 1, FALSE);
              g_string_truncate (path, len);
              continue;
            }

          if (preserve ||
              (additional != NULL && JSON_NODE_HOLDS_VALUE (additional) &&
               json_node_get_value_type (additional) == G_TYPE_BOOLEAN && json_node_get_boolean (additional)))
            continue;

          st->count++;
          if (st->pruned != NULL)
            g_ptr_array_add (st->pruned, g_strdup_printf ("%s%s%s", path->str, path->len > 0 ? "." : "", key));
          json_object_remove_member (obj, key);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (data))
    {
      JsonArray *array = json_node_get_array (data);
      JsonObject *items = member_object (schema, "items");

      for (guint i = 0; items != NULL && i < json_array_get_length (array); i++)
        {
          gsize len = path->len;

          g_string_append_printf (path, "[%u]", i);
          prune_node (st, items, path, json_array_get_element (array, i), depth + 1, FALSE);
          g_string_truncate (path, len);
        }
    }
}

guint
kf_schema_prune (JsonNode   *schema,
                 JsonNode   *object,
                 GPtrArray **pruned)
{
  g_autoptr(GString) path = g_string_new (NULL);
  PruneState st = { NULL, 0 };

  g_return_val_if_fail (pruned == NULL || *pruned == NULL, 0);

  if (pruned != NULL)
    st.pruned = g_ptr_array_new_with_free_func (g_free);
  if (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema) && object != NULL)
    prune_node (&st, json_node_get_object (schema), path, object, 0, TRUE);
  if (pruned != NULL)
    *pruned = st.pruned;
  return st.count;
}

/* json_node_copy() shares objects and arrays: defaults must not alias the schema. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *src = json_node_get_object (node);
      JsonObject *dst = json_object_new ();
      JsonObjectIter iter;
      const char *key;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, src);
      while (json_object_iter_next_ordered (&iter, &key, &member))
        json_object_set_member (dst, key, deep_copy (member));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, dst);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *src = json_node_get_array (node);
      JsonArray *dst = json_array_sized_new (json_array_get_length (src));

      for (guint i = 0; i < json_array_get_length (src); i++)
        json_array_add_element (dst, deep_copy (json_array_get_element (src, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, dst);
      return copy;
    }
  return json_node_copy (node);
}

static guint
default_node (JsonObject *schema,
              JsonNode   *data,
              guint       depth)
{
  guint n = 0;

  if (depth > KF_SCHEMA_MAX_DEPTH || schema == NULL)
    return 0;

  if (JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *obj = json_node_get_object (data);
      JsonObject *props = member_object (schema, "properties");
      JsonNode *additional = json_object_get_member (schema, "additionalProperties");
      JsonObjectIter iter;
      const char *key;
      JsonNode *sub_node;

      if (props != NULL)
        {
          json_object_iter_init_ordered (&iter, props);
          while (json_object_iter_next_ordered (&iter, &key, &sub_node))
            {
              JsonObject *sub;
              JsonNode *def, *value;

              if (!JSON_NODE_HOLDS_OBJECT (sub_node))
                continue;
              sub = json_node_get_object (sub_node);
              def = json_object_get_member (sub, "default");
              value = json_object_get_member (obj, key);
              if (def != NULL && (value == NULL || (JSON_NODE_HOLDS_NULL (value) && !schema_nullable (sub))))
                {
                  json_object_set_member (obj, key, deep_copy (def));
                  n++;
                }
            }
        }

      json_object_iter_init_ordered (&iter, obj);
      while (json_object_iter_next_ordered (&iter, &key, &sub_node))
        {
          JsonObject *sub = props != NULL ? member_object (props, key) : NULL;

          if (sub == NULL && additional != NULL && JSON_NODE_HOLDS_OBJECT (additional))
            sub = json_node_get_object (additional);
          if (sub != NULL)
            n += default_node (sub, sub_node, depth + 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (data))
    {
      JsonArray *array = json_node_get_array (data);
      JsonObject *items = member_object (schema, "items");

      for (guint i = 0; items != NULL && i < json_array_get_length (array); i++)
        n += default_node (items, json_array_get_element (array, i), depth + 1);
    }
  return n;
}

guint
kf_schema_apply_defaults (JsonNode *schema,
                          JsonNode *object)
{
  if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema) || object == NULL)
    return 0;
  return default_node (json_node_get_object (schema), object, 0);
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                  */

char *
kf_schema_cause_to_string (const KfSchemaCause *cause)
{
  g_return_val_if_fail (cause != NULL, NULL);
  return g_strdup_printf ("%s: %s", cause->field, cause->message);
}

char *
kf_schema_invalid_message (const char *kind,
                           const char *group,
                           const char *name,
                           GPtrArray  *causes)
{
  GString *msg = g_string_new (kind);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();

  if (group != NULL && *group != '\0')
    g_string_append_printf (msg, ".%s", group);
  g_string_append_c (msg, ' ');
  go_quote (msg, name != NULL ? name : "");
  g_string_append (msg, " is invalid");

  for (guint i = 0; causes != NULL && i < causes->len; i++)
    {
      char *line = kf_schema_cause_to_string (causes->pdata[i]);

      if (g_hash_table_add (seen, line))
        g_ptr_array_add (lines, line);
    }
  if (lines->len == 1)
    g_string_append_printf (msg, ": %s", (char *) lines->pdata[0]);
  else if (lines->len > 1)
    {
      g_string_append (msg, ": [");
      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (msg, "%s%s", i > 0 ? ", " : "", (char *) lines->pdata[i]);
      g_string_append_c (msg, ']');
    }
  return g_string_free (msg, FALSE);
}
