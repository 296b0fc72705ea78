/* kf-log-row.c: how one log line shows in a row of the log view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-log-view"

#include "config.h"

#include <string.h>

#include "kf-ansi.h"
#include "kf-log-row.h"

/* The 16 terminal colours (Tango-like: readable on light and dark backgrounds). */
static const guint16 palette[16][3] = {
  { 0x2e, 0x34, 0x36 }, { 0xcc, 0x00, 0x00 }, { 0x4e, 0x9a, 0x06 }, { 0xc4, 0xa0, 0x00 },
  { 0x34, 0x65, 0xa4 }, { 0x75, 0x50, 0x7b }, { 0x06, 0x98, 0x9a }, { 0xd3, 0xd7, 0xcf },
  { 0x55, 0x57, 0x53 }, { 0xef, 0x29, 0x29 }, { 0x8a, 0xe2, 0x34 }, { 0xfc, 0xe9, 0x4f },
  { 0x72, 0x9f, 0xcf }, { 0xad, 0x7f, 0xa8 }, { 0x34, 0xe2, 0xe2 }, { 0xee, 0xee, 0xec },
};

GtkWidget *
kf_log_row_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_use_underline (GTK_LABEL (label), FALSE);
  gtk_label_set_single_line_mode (GTK_LABEL (label), FALSE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

void
kf_log_row_set_wrap (GtkLabel *label,
                     gboolean  wrap)
{
  if (gtk_label_get_wrap (label) != wrap)
    gtk_label_set_wrap (label, wrap);
}

static void
add_color (PangoAttrList *attrs,
           gboolean       background,
           int            color,
           guint          start,
           guint          end)
{
  PangoAttribute *a;

  if (color < 0 || color > 15)
    return;
  a = background
    ? pango_attr_background_new (palette[color][0] * 257, palette[color][1] * 257, palette[color][2] * 257)
    : pango_attr_foreground_new (palette[color][0] * 257, palette[color][1] * 257, palette[color][2] * 257);
  a->start_index = start;
  a->end_index = end;
  pango_attr_list_insert (attrs, a);
}

static void
add_match (PangoAttrList *attrs,
           gboolean       current,
           guint          start,
           guint          end)
{
  PangoAttribute *bg = current ? pango_attr_background_new (0xffff, 0x7800, 0x0000)
                               : pango_attr_background_new (0xf6f6, 0xd3d3, 0x2d2d);
  PangoAttribute *fg = pango_attr_foreground_new (0, 0, 0);

  bg->start_index = fg->start_index = start;
  bg->end_index = fg->end_index = end;
  pango_attr_list_insert (attrs, bg);
  pango_attr_list_insert (attrs, fg);
}

char *
kf_log_row_dup_text (const char *raw)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (raw, -1, NULL))
    raw = valid = g_utf8_make_valid (raw, -1);
  if (kf_ansi_has_escapes (raw, -1))
    return kf_ansi_strip (raw, -1);
  return g_strdup (raw);
}

void
kf_log_row_render (GtkLabel    *label,
                   const char  *raw,
                   gboolean     colors,
                   KfLogSearch *search,
                   int          current)
{
  g_autofree char *valid = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GArray) ranges = NULL;
  PangoAttrList *attrs = NULL;
  const char *text = raw;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  if (kf_ansi_has_escapes (text, -1))
    {
      /* each row starts from the default style (rows are rendered one by one,
       * in any order) */
      KfAnsiState state = KF_ANSI_STATE_INIT;

      if (colors)
        spans = g_array_new (FALSE, FALSE, sizeof (KfAnsiSpan));
      text = stripped = kf_ansi_parse (text, -1, &state, spans);
    }

  if ((spans != NULL && spans->len > 0) || search != NULL)
    attrs = pango_attr_list_new ();
  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      KfAnsiSpan *sp = &g_array_index (spans, KfAnsiSpan, i);

      add_color (attrs, FALSE, sp->fg, sp->start, sp->end);
      add_color (attrs, TRUE, sp->bg, sp->start, sp->end);
      if (sp->bold)
        {
          PangoAttribute *a = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
          a->start_index = sp->start;
          a->end_index = sp->end;
          pango_attr_list_insert (attrs, a);
        }
    }
  if (search != NULL)
    {
      ranges = g_array_new (FALSE, FALSE, sizeof (guint));
      kf_log_search_find (search, text, ranges);
      for (guint i = 0; i + 1 < ranges->len; i += 2)
        add_match (attrs, (int) (i / 2) == current,
                   g_array_index (ranges, guint, i), g_array_index (ranges, guint, i + 1));
    }

  gtk_label_set_text (label, text);
  gtk_label_set_attributes (label, attrs);
  if (attrs != NULL)
    pango_attr_list_unref (attrs);
}
