/* test-operators-util.h: a store, the built-in scenario and the simulated
 * operators in-process, for the test-operators-* tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kf-sim-json.h"
#include "kf-sim-operators.h"
#include "kf-sim-scenario.h"
#include "kf-sim-store.h"

G_BEGIN_DECLS

/* simulated seconds per real second: an 8 s model load takes 40 ms */
#define OP_TEST_SPEED 200.0

typedef struct
{
  KfSimStore     *store;
  KfSimScenario  *scenario;
  KfSimOperators *ops;
} OpFixture;

void        op_fixture_setup      (OpFixture     *f,
                                   gconstpointer  data);
void        op_fixture_teardown   (OpFixture     *f,
                                   gconstpointer  data);
/* Starts the operators (after the test has tuned the scenario). */
void        op_fixture_start      (OpFixture     *f);

/* The first document of a YAML file under $KF_FIXTURES_DIR. */
JsonNode   *op_load_fixture       (const char    *relpath);
JsonNode   *op_create             (OpFixture     *f,
                                   const char    *resource,
                                   const char    *ns,
                                   JsonNode      *object);
JsonNode   *op_get                (OpFixture     *f,
                                   const char    *resource,
                                   const char    *ns,
                                   const char    *name);
GPtrArray  *op_list               (OpFixture     *f,
                                   const char    *resource,
                                   const char    *ns,
                                   const char    *label_selector,
                                   const char    *field_selector);

typedef gboolean (*OpPredicate) (OpFixture *f, gpointer data);
/* Runs the main loop until @pred holds; FALSE after @timeout_ms. */
gboolean    op_wait               (OpFixture     *f,
                                   OpPredicate    pred,
                                   gpointer       data,
                                   guint          timeout_ms);
/* Runs the main loop for @ms. */
void        op_spin               (guint          ms);

gboolean    op_pod_ready          (JsonNode      *pod);
/* The string at a dotted path of the first container status. */
const char *op_container_string   (JsonNode      *pod,
                                   const char    *path);
gint64      op_restart_count      (JsonNode      *pod);
/* The condition of @type in status.conditions, or NULL. */
JsonNode   *op_condition          (JsonNode      *object,
                                   const char    *type);
/* Validates @object against its CRD in $KF_FIXTURES_DIR/crds/@crd_file, and
 * checks the server would prune nothing from its status. */
void        op_assert_valid_status (JsonNode     *object,
                                    const char   *crd_file);
/* The messages of the Events about @name with @reason, joined by "\n". */
char       *op_event_messages     (OpFixture     *f,
                                   const char    *ns,
                                   const char    *name,
                                   const char    *reason);

G_END_DECLS
