/* test-operators-util.c: in-process simulated operators for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kf-schema.h"
#include "kf-yaml.h"
#include "test-operators-util.h"

static const char *const status_resources[] = {
  "pods", "nodes", "deployments.apps", "dynamographdeployments.nvidia.com",
  "rayservices.ray.io", "rayclusters.ray.io", "workspaces.kaito.sh",
};

void
op_fixture_setup (OpFixture     *f,
                  gconstpointer  data)
{
  f->store = kf_sim_store_new ();
  f->scenario = kf_sim_scenario_new_builtin ();
  for (guint i = 0; i < G_N_ELEMENTS (status_resources); i++)
    kf_sim_store_set_has_status (f->store, status_resources[i], TRUE);
  for (guint i = 0; i < f->scenario->nodes->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) created = kf_sim_store_create (f->store, "nodes", NULL,
                                                         g_ptr_array_index (f->scenario->nodes, i), &error);

      g_assert_no_error (error);
    }
}

void
op_fixture_start (OpFixture *f)
{
  f->ops = kf_sim_operators_new (f->store, f->scenario, OP_TEST_SPEED);
  g_assert_nonnull (f->ops);
}

void
op_fixture_teardown (OpFixture     *f,
                     gconstpointer  data)
{
  g_clear_object (&f->ops);
  g_clear_object (&f->store);
  g_clear_pointer (&f->scenario, kf_sim_scenario_free);
  /* let the sources the operators removed go */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

JsonNode *
op_load_fixture (const char *relpath)
{
  const char *dir = g_getenv ("KF_FIXTURES_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  gsize len = 0;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, relpath, NULL);
  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  docs = kf_yaml_parse_all (text, (gssize) len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (docs->len, >, 0);
  return kf_sim_json_copy (g_ptr_array_index (docs, 0));
}

JsonNode *
op_create (OpFixture  *f,
           const char *resource,
           const char *ns,
           JsonNode   *object)
{
  g_autoptr(GError) error = NULL;
  JsonNode *created = kf_sim_store_create (f->store, resource, ns, object, &error);

  g_assert_no_error (error);
  return created;
}

JsonNode *
op_get (OpFixture  *f,
        const char *resource,
        const char *ns,
        const char *name)
{
  return kf_sim_store_get (f->store, resource, ns, name, NULL);
}

GPtrArray *
op_list (OpFixture  *f,
         const char *resource,
         const char *ns,
         const char *label_selector,
         const char *field_selector)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = kf_sim_store_list (f->store, resource, ns, label_selector, field_selector, &error);

  g_assert_no_error (error);
  return list;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
poll_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_CONTINUE;
}

/* The predicate is checked every 5 ms (it lists objects: checking it after
 * every main loop iteration would cost more than the simulation). */
gboolean
op_wait (OpFixture   *f,
         OpPredicate  pred,
         gpointer     data,
         guint        timeout_ms)
{
  gboolean timed_out = FALSE;
  gboolean check = TRUE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);
  guint poll = g_timeout_add (5, poll_cb, &check);
  gboolean ok = FALSE;

  for (;;)
    {
      if (check)
        {
          check = FALSE;
          if (pred (f, data))
            {
              ok = TRUE;
              break;
            }
        }
      if (timed_out)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (poll);
  if (!timed_out)
    g_source_remove (id);
  return ok;
}

void
op_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

JsonNode *
op_condition (JsonNode   *object,
              const char *type)
{
  JsonNode *conds = kf_sim_json_lookup (object, "status.conditions");

  if (conds == NULL || !JSON_NODE_HOLDS_ARRAY (conds))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (conds)); i++)
    {
      JsonNode *c = json_array_get_element (json_node_get_array (conds), i);

      if (g_strcmp0 (kf_sim_json_get_string (c, "type"), type) == 0)
        return c;
    }
  return NULL;
}

gboolean
op_pod_ready (JsonNode *pod)
{
  JsonNode *c = op_condition (pod, "Ready");

  return c != NULL && g_strcmp0 (kf_sim_json_get_string (c, "status"), "True") == 0;
}

static JsonNode *
first_container_status (JsonNode *pod)
{
  JsonNode *cs = kf_sim_json_lookup (pod, "status.containerStatuses");

  if (cs == NULL || !JSON_NODE_HOLDS_ARRAY (cs) || json_array_get_length (json_node_get_array (cs)) == 0)
    return NULL;
  return json_array_get_element (json_node_get_array (cs), 0);
}

const char *
op_container_string (JsonNode   *pod,
                     const char *path)
{
  return kf_sim_json_get_string (first_container_status (pod), path);
}

gint64
op_restart_count (JsonNode *pod)
{
  JsonNode *n = kf_sim_json_lookup (first_container_status (pod), "restartCount");

  return n ? json_node_get_int (n) : -1;
}

void
op_assert_valid_status (JsonNode   *object,
                        const char *crd_file)
{
  g_autofree char *rel = g_build_filename ("crds", crd_file, NULL);
  g_autoptr(JsonNode) crd = op_load_fixture (rel);
  const char *api_version = kf_sim_json_get_string (object, "apiVersion");
  const char *version = strrchr (api_version, '/') ? strrchr (api_version, '/') + 1 : api_version;
  JsonNode *schema = kf_schema_from_crd (crd, version);
  g_autoptr(GPtrArray) causes = NULL;
  g_autoptr(GPtrArray) pruned = NULL;
  gboolean valid;
  g_autoptr(JsonNode) copy = kf_sim_json_copy (object);

  g_assert_nonnull (schema);
  g_assert_nonnull (kf_sim_json_lookup (object, "status"));
  valid = kf_schema_validate (schema, object, &causes);
  for (guint i = 0; causes != NULL && i < causes->len; i++)
      {
        g_autofree char *text = kf_schema_cause_to_string (g_ptr_array_index (causes, i));

        g_test_message ("invalid: %s", text);
      }
  g_assert_true (valid);
  kf_schema_prune (schema, copy, &pruned);
  for (guint i = 0; pruned != NULL && i < pruned->len; i++)
    {
      const char *path = g_ptr_array_index (pruned, i);

      g_test_message ("pruned: %s", path);
      g_assert_false (g_str_has_prefix (path, "status"));
    }
}

char *
op_event_messages (OpFixture  *f,
                   const char *ns,
                   const char *name,
                   const char *reason)
{
  g_autofree char *field = g_strdup_printf ("involvedObject.name=%s", name);
  g_autoptr(GPtrArray) events = op_list (f, "events", ns, NULL, field);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < events->len; i++)
    {
      JsonNode *e = g_ptr_array_index (events, i);

      if (reason == NULL || g_strcmp0 (kf_sim_json_get_string (e, "reason"), reason) == 0)
        g_string_append_printf (out, "%s%s", out->len ? "\n" : "", kf_sim_json_get_string (e, "message"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
