/* kf-ansi.h: ANSI escape sequences in log lines (SGR colours and bold)
 *
 * kf_ansi_parse() strips every escape sequence from a line (CSI, OSC and
 * two-byte ESC sequences) and returns the styled ranges of the remaining
 * text: foreground and background as one of the 16 terminal colours (0-7
 * normal, 8-15 bright; 38;5;N / 48;5;N with N < 16 too) or -1 for the
 * default, and bold. The SGR state carries over from one line to the next
 * through a KfAnsiState (a program may colour several lines with one code).
 * 256-colour and true-colour codes are stripped without a colour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint8    fg;    /* -1: default, 0..15 */
  gint8    bg;    /* -1: default, 0..15 */
  gboolean bold;
} KfAnsiState;

#define KF_ANSI_STATE_INIT { -1, -1, FALSE }

typedef struct
{
  guint    start;  /* byte offsets into the stripped text */
  guint    end;
  gint8    fg;
  gint8    bg;
  gboolean bold;
} KfAnsiSpan;

/* Returns the text without escape sequences; appends to @spans (KfAnsiSpan,
 * may be NULL) the ranges whose style is not the default. @state (may be
 * NULL: start from the default) is read and updated. @len < 0: NUL-terminated. */
char     *kf_ansi_parse        (const char  *text,
                                gssize       len,
                                KfAnsiState *state,
                                GArray      *spans);
/* The text without escape sequences. */
char     *kf_ansi_strip        (const char  *text,
                                gssize       len);
/* TRUE when @text contains an ESC byte (a fast check before parsing). */
gboolean  kf_ansi_has_escapes  (const char  *text,
                                gssize       len);

G_END_DECLS
