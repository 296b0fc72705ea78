/* kf-schema-format.c: the string formats the API server checks
 * (date-time, date, uuid, ipv4, ipv6, cidr, hostname, byte, email)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-schema"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "kf-schema.h"
#include "kf-schema-private.h"

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
gboolean
kf_schema_check_format (const char *format,
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
