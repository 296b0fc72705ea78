/* kf-metrics-scrape.c: /metrics of every ready pod behind a Service, through
 * the API server's pod proxy, with the service proxy as the fallback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-metrics"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-metrics-scrape.h"

typedef struct
{
  KfKubeClient          *client;
  char                  *ns;
  char                  *service;
  char                  *port;
  char                  *path;
  JsonNode              *svc;            /* the Service */
  KfMetricsScrapeResult *result;
  guint                  pending;
  guint                  n_forbidden;
  GError                *first_error;    /* of a pod scrape */
} ScrapeData;

typedef struct
{
  GTask *task;
  char  *pod;
  char  *source;
} PodRequest;

void
kf_metrics_scrape_result_free (KfMetricsScrapeResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->scrapes, g_ptr_array_unref);
  g_clear_pointer (&result->pods, g_ptr_array_unref);
  g_free (result->failure);
  g_free (result->fallback_reason);
  g_free (result);
}

static void
scrape_data_free (ScrapeData *d)
{
  g_clear_object (&d->client);
  g_free (d->ns);
  g_free (d->service);
  g_free (d->port);
  g_free (d->path);
  g_clear_pointer (&d->svc, json_node_unref);
  kf_metrics_scrape_result_free (d->result);
  g_clear_error (&d->first_error);
  g_free (d);
}

char *
kf_metrics_pod_proxy_path (const char *ns,
                           const char *pod,
                           const char *port,
                           const char *path)
{
  g_autofree char *target = port != NULL && *port ? g_strdup_printf ("%s:%s", pod, port) : g_strdup (pod);
  KfKubeResource pods = kf_kube_resource_pods;
  g_autofree char *base = kf_kube_build_path (&pods, ns, target, "proxy");

  if (path == NULL || *path == '\0')
    path = "/";
  return g_strconcat (base, path[0] == '/' ? "" : "/", path, NULL);
}

/* ---- JSON helpers ---- */

static JsonNode *
member (JsonNode   *node,
        const char *first,
        ...)
{
  va_list ap;
  const char *key = first;

  va_start (ap, first);
  while (key != NULL && node != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        node = NULL;
      else
        node = json_object_get_member (json_node_get_object (node), key);
      key = va_arg (ap, const char *);
    }
  va_end (ap);
  return node;
}

static const char *
str_of (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static gboolean
int_of (JsonNode *node,
        gint64   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static JsonArray *
array_of (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The Service port that @port names: by name, by number, or by targetPort
 * number (a provider may know the container port rather than the Service's). */
static JsonNode *
find_service_port (JsonNode   *svc,
                   const char *port)
{
  JsonArray *ports = array_of (member (svc, "spec", "ports", NULL));
  guint n = ports ? json_array_get_length (ports) : 0;

  if (n == 0)
    return NULL;
  if (port == NULL || *port == '\0')
    return json_array_get_element (ports, 0);
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < n; i++)
      {
        JsonNode *p = json_array_get_element (ports, i);
        gint64 num = -1;
        g_autofree char *num_text = NULL;

        if (pass == 0 && g_strcmp0 (str_of (member (p, "name", NULL)), port) == 0)
          return p;
        if (pass == 1 && int_of (member (p, "port", NULL), &num) &&
            g_strcmp0 ((num_text = g_strdup_printf ("%" G_GINT64_FORMAT, num)), port) == 0)
          return p;
        if (pass == 2 && int_of (member (p, "targetPort", NULL), &num) &&
            g_strcmp0 ((num_text = g_strdup_printf ("%" G_GINT64_FORMAT, num)), port) == 0)
          return p;
      }
  return NULL;
}

/* The container port a Service port reaches on @pod, as text; NULL when a
 * named targetPort is not declared by the pod. */
static char *
pod_target_port (JsonNode *svc_port,
                 JsonNode *pod)
{
  JsonNode *target = member (svc_port, "targetPort", NULL);
  const char *name = str_of (target);
  JsonArray *containers;
  gint64 num;

  if (int_of (target, &num))
    return g_strdup_printf ("%" G_GINT64_FORMAT, num);
  if (name == NULL)
    {
      /* no targetPort: the same as port */
      if (int_of (member (svc_port, "port", NULL), &num))
        return g_strdup_printf ("%" G_GINT64_FORMAT, num);
      return NULL;
    }
  if (g_ascii_isdigit (name[0]))
    return g_strdup (name);
  containers = array_of (member (pod, "spec", "containers", NULL));
  for (guint i = 0; containers && i < json_array_get_length (containers); i++)
    {
      JsonArray *ports = array_of (member (json_array_get_element (containers, i), "ports", NULL));

      for (guint j = 0; ports && j < json_array_get_length (ports); j++)
        {
          JsonNode *p = json_array_get_element (ports, j);

          if (g_strcmp0 (str_of (member (p, "name", NULL)), name) == 0 &&
              int_of (member (p, "containerPort", NULL), &num))
            return g_strdup_printf ("%" G_GINT64_FORMAT, num);
        }
    }
  return NULL;
}

static gboolean
pod_is_ready (JsonNode *pod)
{
  JsonArray *conds = array_of (member (pod, "status", "conditions", NULL));

  if (member (pod, "metadata", "deletionTimestamp", NULL) != NULL &&
      !JSON_NODE_HOLDS_NULL (member (pod, "metadata", "deletionTimestamp", NULL)))
    return FALSE;
  for (guint i = 0; conds && i < json_array_get_length (conds); i++)
    {
      JsonNode *c = json_array_get_element (conds, i);

      if (g_strcmp0 (str_of (member (c, "type", NULL)), "Ready") == 0)
        return g_strcmp0 (str_of (member (c, "status", NULL)), "True") == 0;
    }
  return FALSE;
}

/* "NAME UID RESTARTS": a new container is a new source. */
static char *
pod_source (JsonNode *pod)
{
  JsonArray *statuses = array_of (member (pod, "status", "containerStatuses", NULL));
  const char *uid = str_of (member (pod, "metadata", "uid", NULL));
  gint64 restarts = 0;

  for (guint i = 0; statuses && i < json_array_get_length (statuses); i++)
    {
      gint64 r = 0;

      if (int_of (member (json_array_get_element (statuses, i), "restartCount", NULL), &r))
        restarts += r;
    }
  return g_strdup_printf ("%s %s %" G_GINT64_FORMAT, str_of (member (pod, "metadata", "name", NULL)),
                          uid ? uid : "-", restarts);
}

static char *
selector_of (JsonNode *svc)
{
  JsonNode *sel = member (svc, "spec", "selector", NULL);
  GString *out;
  JsonObjectIter it;
  const char *k;
  JsonNode *v;

  if (sel == NULL || !JSON_NODE_HOLDS_OBJECT (sel) || json_object_get_size (json_node_get_object (sel)) == 0)
    return NULL;
  out = g_string_new (NULL);
  json_object_iter_init (&it, json_node_get_object (sel));
  while (json_object_iter_next (&it, &k, &v))
    g_string_append_printf (out, "%s%s=%s", out->len ? "," : "", k, str_of (v) ? str_of (v) : "");
  return g_string_free (out, FALSE);
}

static KfPromScrape *
parse_bytes (GBytes      *bytes,
             const char  *source,
             GError     **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  KfPromScrape *scrape = kf_prom_scrape_parse (data ? data : "", len, KF_PROM_PARSE_DEFAULT, error);

  if (scrape != NULL)
    kf_prom_scrape_set_source (scrape, source);
  return scrape;
}

/* ---- the service proxy fallback ---- */

static void
service_scrape_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScrapeData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = kf_kube_client_proxy_finish (KF_KUBE_CLIENT (source), res, &error);
  g_autofree char *src = NULL;
  KfPromScrape *scrape;

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  src = g_strdup_printf ("service %s", d->service);
  scrape = parse_bytes (bytes, src, &error);
  if (scrape == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_add (d->result->scrapes, scrape);
  d->result->n_ready = 1;
  g_task_return_pointer (task, g_steal_pointer (&d->result), (GDestroyNotify) kf_metrics_scrape_result_free);
}

static void
fall_back (GTask      *task,
           const char *reason)
{
  ScrapeData *d = g_task_get_task_data (task);

  g_ptr_array_set_size (d->result->scrapes, 0);
  g_ptr_array_set_size (d->result->pods, 0);
  d->result->mode = KF_METRICS_SCRAPE_SERVICE;
  d->result->n_ready = d->result->n_failed = 0;
  g_clear_pointer (&d->result->failure, g_free);
  g_free (d->result->fallback_reason);
  d->result->fallback_reason = g_strdup (reason);
  kf_kube_client_proxy_async (d->client, d->ns, d->service, d->port, "GET", d->path, NULL,
                              g_task_get_cancellable (task), service_scrape_cb, g_object_ref (task));
}

static const char *
error_detail (const GError *error)
{
  const KfKubeStatus *st = kf_kube_error_get_status (error);

  return st && st->message ? st->message : error->message;
}

/* ---- pods ---- */

static int
compare_pods (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (str_of (member (*(JsonNode * const *) a, "metadata", "name", NULL)),
                    str_of (member (*(JsonNode * const *) b, "metadata", "name", NULL)));
}

static void
pod_request_free (PodRequest *r)
{
  g_clear_object (&r->task);
  g_free (r->pod);
  g_free (r->source);
  g_free (r);
}

static void
finish_pods (GTask *task)
{
  ScrapeData *d = g_task_get_task_data (task);
  KfMetricsScrapeResult *r = d->result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (r->scrapes->len == 0 && d->n_forbidden > 0 && d->n_forbidden == r->n_failed)
    {
      g_autofree char *why = g_strdup_printf (_("You may not use the pod proxy in %s (%s): scraped through the "
                                                "Service instead, which reaches one pod at a time, so rates mix "
                                                "pods when there are several."),
                                              d->ns, error_detail (d->first_error));
      fall_back (task, why);
      return;
    }
  if (r->scrapes->len == 0 && d->first_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&d->first_error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&d->result), (GDestroyNotify) kf_metrics_scrape_result_free);
}

static void
pod_scrape_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  PodRequest *req = user_data;
  GTask *task = req->task;
  ScrapeData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = kf_kube_client_send_finish (KF_KUBE_CLIENT (source), res, &error);
  KfPromScrape *scrape = NULL;

  if (bytes != NULL)
    scrape = parse_bytes (bytes, req->source, &error);
  if (scrape != NULL)
    {
      g_ptr_array_add (d->result->scrapes, scrape);
      g_ptr_array_add (d->result->pods, g_strdup (req->pod));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      d->result->n_failed++;
      if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN))
        d->n_forbidden++;
      if (d->result->failure == NULL)
        d->result->failure = g_strdup_printf (_("pod %s: %s"), req->pod, error_detail (error));
      if (d->first_error == NULL)
        {
          d->first_error = g_error_copy (error);
          g_prefix_error (&d->first_error, _("pod %s: "), req->pod);
        }
    }
  if (--d->pending == 0)
    finish_pods (task);
  pod_request_free (req);
}

static void
pods_listed_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScrapeData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), res, &error);
  g_autoptr(GPtrArray) ready = g_ptr_array_new ();
  JsonNode *svc_port;
  JsonArray *items;

  if (list == NULL)
    {
      if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN))
        {
          g_autofree char *why = g_strdup_printf (_("You may not list pods in %s (%s): scraped through the "
                                                    "Service instead, which reaches one pod at a time, so "
                                                    "rates mix pods when there are several."),
                                                  d->ns, error_detail (error));
          fall_back (task, why);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  svc_port = find_service_port (d->svc, d->port);
  items = array_of (member (list, "items", NULL));
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      JsonNode *pod = json_array_get_element (items, i);

      if (str_of (member (pod, "metadata", "name", NULL)) != NULL && pod_is_ready (pod))
        g_ptr_array_add (ready, pod);
    }
  if (ready->len == 0)
    {
      g_task_return_new_error (task, KF_KUBE_ERROR, KF_KUBE_ERROR_SERVICE_UNAVAILABLE,
                               _("no ready pod behind service \"%s\""), d->service);
      return;
    }
  /* the first pods by name, when there are very many */
  g_ptr_array_sort (ready, compare_pods);
  d->result->n_ready = ready->len;
  d->pending = 1;   /* held until every request is sent */
  for (guint i = 0; i < ready->len && i < KF_METRICS_SCRAPE_MAX_PODS; i++)
    {
      JsonNode *pod = g_ptr_array_index (ready, i);
      g_autofree char *port = pod_target_port (svc_port, pod);
      g_autofree char *path = NULL;
      PodRequest *req;

      if (port == NULL)
        {
          d->result->n_failed++;
          if (d->result->failure == NULL)
            d->result->failure = g_strdup_printf (_("pod %s declares no port named %s"),
                                                  str_of (member (pod, "metadata", "name", NULL)),
                                                  str_of (member (svc_port, "targetPort", NULL)));
          continue;
        }
      req = g_new0 (PodRequest, 1);
      req->task = g_object_ref (task);
      req->pod = g_strdup (str_of (member (pod, "metadata", "name", NULL)));
      req->source = pod_source (pod);
      path = kf_metrics_pod_proxy_path (d->ns, req->pod, port, d->path);
      d->pending++;
      kf_kube_client_send_async (d->client, "GET", path, NULL, NULL, g_task_get_cancellable (task),
                                 pod_scrape_cb, req);
    }
  if (--d->pending == 0)
    {
      if (d->result->scrapes->len == 0 && d->first_error == NULL)
        {
          g_task_return_new_error (task, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND, "%s", d->result->failure);
          return;
        }
      finish_pods (task);
    }
}

static void
service_got_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScrapeData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *selector = NULL;
  KfKubeListOptions options = { 0 };
  KfKubeResource pods = kf_kube_resource_pods;

  d->svc = kf_kube_client_request_finish (KF_KUBE_CLIENT (source), res, &error);
  if (d->svc == NULL)
    {
      if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN))
        {
          g_autofree char *why = g_strdup_printf (_("You may not read services in %s (%s): scraped through the "
                                                    "Service proxy instead, which reaches one pod at a time."),
                                                  d->ns, error_detail (error));
          fall_back (task, why);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (find_service_port (d->svc, d->port) == NULL)
    {
      g_task_return_new_error (task, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND,
                               _("service \"%s\" has no port %s"), d->service, d->port ? d->port : "");
      return;
    }
  selector = selector_of (d->svc);
  if (selector == NULL)
    {
      fall_back (task, _("The Service selects no pods by label (it has no selector): scraped through the "
                         "Service proxy."));
      return;
    }
  options.label_selector = selector;
  kf_kube_client_list_async (d->client, &pods, d->ns, &options, g_task_get_cancellable (task),
                             pods_listed_cb, g_object_ref (task));
}

void
kf_metrics_scrape_async (KfKubeClient        *client,
                         const char          *ns,
                         const char          *service,
                         const char          *port,
                         const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ScrapeData *d;
  KfKubeResource services = kf_kube_resource_services;

  g_return_if_fail (KF_IS_KUBE_CLIENT (client));
  g_return_if_fail (ns != NULL && service != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, kf_metrics_scrape_async);
  d = g_new0 (ScrapeData, 1);
  d->client = g_object_ref (client);
  d->ns = g_strdup (ns);
  d->service = g_strdup (service);
  d->port = g_strdup (port);
  d->path = g_strdup (path && *path ? path : "/metrics");
  d->result = g_new0 (KfMetricsScrapeResult, 1);
  d->result->mode = KF_METRICS_SCRAPE_PODS;
  d->result->scrapes = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_prom_scrape_unref);
  d->result->pods = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, d, (GDestroyNotify) scrape_data_free);

  kf_kube_client_get_async (client, &services, ns, service, cancellable, service_got_cb, g_object_ref (task));
}

KfMetricsScrapeResult *
kf_metrics_scrape_finish (KfKubeClient  *client,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kf_metrics_scrape_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
