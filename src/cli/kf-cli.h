/* kf-cli.h: shared bits of the kubefoundry-cli subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  KF_CLI_OUTPUT_TEXT,
  KF_CLI_OUTPUT_JSON,
  KF_CLI_OUTPUT_YAML,
} KfCliOutput;

typedef struct
{
  char        *context;     /* --context */
  char        *namespace;   /* --namespace / -n */
  KfCliOutput  output;      /* -o text|json|yaml */
} KfCliGlobals;

/* A subcommand: argv[0] is the subcommand name; returns the exit status. */
typedef int (*KfCliCommandFunc) (KfCliGlobals  *globals,
                                 int            argc,
                                 char         **argv);

typedef struct
{
  const char       *name;
  const char       *summary;
  KfCliCommandFunc  func;
} KfCliCommand;

/* Prints a JSON node to stdout, pretty, with a trailing newline. */
void kf_cli_print_json  (JsonNode     *node);
/* Prints "kubefoundry-cli: <message>" to stderr; returns 1. */
int  kf_cli_fail        (const GError *error);

G_END_DECLS
