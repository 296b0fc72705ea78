/* kf-sim-grace.c: graceful pod termination
 *
 * A pod deleted with a grace period stays, marked (deletionTimestamp), for
 * that long in simulated time, as the kubelet stops its containers; then its
 * grace period is set to 0, which deletes it unless finalizers remain
 * (kf_sim_store_delete_graceful).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include "kf-sim-json.h"
#include "kf-sim-server-private.h"

typedef struct
{
  KfSimServer *server;
  char        *ns;
  char        *name;
  char        *uid;
} GraceEnd;

static void
grace_end_free (GraceEnd *g)
{
  g_free (g->ns);
  g_free (g->name);
  g_free (g->uid);
  g_free (g);
}

/* The kubelet has stopped the pod: its grace period ends (0), which deletes
 * it unless finalizers remain. */
static gboolean
grace_end_cb (gpointer data)
{
  GraceEnd *g = data;
  g_autoptr(JsonNode) pod = kf_sim_store_get (g->server->store, "pods", g->ns, g->name, NULL);
  g_autoptr(JsonNode) done = NULL;

  g_hash_table_steal (g->server->terminating, g->uid);
  if (pod != NULL && g_strcmp0 (kf_sim_json_get_string (pod, "metadata.uid"), g->uid) == 0)
    {
      json_object_set_int_member (kf_sim_json_ensure_object (pod, "metadata"), "deletionGracePeriodSeconds", 0);
      json_object_remove_member (kf_sim_json_ensure_object (pod, "metadata"), "resourceVersion");
      done = kf_sim_store_update (g->server->store, "pods", g->ns, pod, FALSE, NULL);
    }
  return G_SOURCE_REMOVE;
}

/* gracePeriodSeconds from the query or the DeleteOptions body; for pods by
 * default spec.terminationGracePeriodSeconds (30), for the rest 0. */
gint64
kf_sim_grace_period (KfSimRequest *req,
                     JsonNode     *object)
{
  const char *q = kf_sim_request_query (req, "gracePeriodSeconds");
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  gboolean pod = g_str_equal (req->type->store_key, "pods");

  if (q != NULL)
    return g_ascii_strtoll (q, NULL, 10);
  if (len > 0)
    {
      g_autoptr(JsonNode) options = kf_sim_json_from_data (data, len, NULL);
      JsonNode *grace = options ? kf_sim_json_lookup (options, "gracePeriodSeconds") : NULL;

      if (grace != NULL && JSON_NODE_HOLDS_VALUE (grace))
        return json_node_get_int (grace);
    }
  if (!pod)
    return 0;
  {
    JsonNode *spec = kf_sim_json_lookup (object, "spec.terminationGracePeriodSeconds");

    return spec != NULL && JSON_NODE_HOLDS_VALUE (spec) ? json_node_get_int (spec) : 30;
  }
}

/* Ends @pod's grace period after @grace seconds of simulated time (once per pod). */
void
kf_sim_grace_schedule (KfSimServer *server,
                       JsonNode    *pod,
                       gint64       grace)
{
  const char *uid = kf_sim_json_get_string (pod, "metadata.uid");
  guint ms = (guint) MAX (1.0, (double) grace * 1000.0 / MAX (server->speed, 0.001));
  GraceEnd *g;

  if (uid == NULL || g_hash_table_contains (server->terminating, uid))
    return;
  g = g_new0 (GraceEnd, 1);
  g->server = server;
  g->ns = g_strdup (kf_sim_json_get_string (pod, "metadata.namespace"));
  g->name = g_strdup (kf_sim_json_get_string (pod, "metadata.name"));
  g->uid = g_strdup (uid);
  g_hash_table_insert (server->terminating, g_strdup (uid),
                       GUINT_TO_POINTER (g_timeout_add_full (G_PRIORITY_DEFAULT, ms, grace_end_cb, g,
                                                             (GDestroyNotify) grace_end_free)));
}
