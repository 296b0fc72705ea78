/* kf-deployment-details-views.c: the details page's Logs, Metrics and Try It
 * tabs, kept pointed at the deployment on show
 *
 * The details page exposes what it knows (pods, frontend service, engine,
 * model, the session's client) as properties; this binds the three views to
 * them so that each follows the deployment and the context as they change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-deployment-details"

#include "config.h"

#include "kf-deployment-details-page.h"
#include "kf-deployment-details-views.h"
#include "kf-log-view.h"
#include "kf-metrics-view.h"
#include "kf-provider-registry.h"
#include "kf-try-it-view.h"

typedef struct
{
  KfDeploymentDetailsPage *page;     /* unowned: the views die with it */
  KfLogView               *logs;
  KfMetricsView           *metrics;
  KfTryItView             *try_it;
} Views;

static KfKubeClient *
page_client (KfDeploymentDetailsPage *page)
{
  KfClusterSession *session = kf_deployment_details_page_get_session (page);

  return session != NULL ? kf_cluster_session_get_client (session) : NULL;
}

static void
update_views (Views *views)
{
  KfDeploymentDetailsPage *page = views->page;
  KfKubeClient *client = page_client (page);
  const char *ns = kf_deployment_details_page_get_namespace (page);
  const char *name = kf_deployment_details_page_get_name (page);
  const char *service = kf_deployment_details_page_get_frontend_service (page);
  guint port = kf_deployment_details_page_get_frontend_port (page);
  KfEngine engine = kf_deployment_details_page_get_engine (page);
  const char *provider_id = kf_deployment_details_page_get_provider_id (page);
  KfProvider *provider = provider_id ? kf_provider_registry_lookup (kf_provider_registry_get_default (), provider_id) : NULL;
  g_autofree char *port_text = port > 0 ? g_strdup_printf ("%u", port) : NULL;
  g_autofree char *metrics_service = NULL;
  g_autofree char *metrics_port_text = NULL;
  const char *engine_name = engine != KF_ENGINE_UNKNOWN ? kf_engine_to_string (engine) : NULL;

  kf_log_view_set_client (views->logs, client);
  kf_log_view_set_namespace (views->logs, ns);
  kf_log_view_set_pods (views->logs, kf_deployment_details_page_get_pods_model (page));

  /* metrics come from the provider's metrics Service (the frontend for vLLM
   * behind Dynamo and KAITO), falling back to the frontend */
  if (provider != NULL && name != NULL)
    {
      guint metrics_port = 0;

      metrics_service = kf_provider_get_metrics_service (provider, name, &metrics_port, NULL);
      if (metrics_port > 0)
        metrics_port_text = g_strdup_printf ("%u", metrics_port);
    }
  kf_metrics_view_set_client (views->metrics, client);
  kf_metrics_view_set_target (views->metrics, ns,
                              metrics_service ? metrics_service : service,
                              metrics_port_text ? metrics_port_text : port_text,
                              engine_name);

  kf_try_it_view_set_client (views->try_it, client);
  kf_try_it_view_set_target (views->try_it, ns, service, port_text,
                             kf_deployment_details_page_get_model (page));
}

static void
changed_cb (GObject    *object,
            GParamSpec *pspec,
            Views      *views)
{
  update_views (views);
}

static void
client_changed_cb (KfDeploymentDetailsPage *page)
{
  Views *views = g_object_get_data (G_OBJECT (page), "kf-details-views");

  /* only the page's current session counts */
  if (views != NULL)
    update_views (views);
}

static void
session_changed_cb (KfDeploymentDetailsPage *page,
                    GParamSpec              *pspec,
                    Views                   *views)
{
  KfClusterSession *session = kf_deployment_details_page_get_session (page);

  if (session != NULL)
    g_signal_connect_object (session, "notify::client", G_CALLBACK (client_changed_cb), page, G_CONNECT_SWAPPED);
  update_views (views);
}

static void
append (GtkBox    *box,
        GtkWidget *view)
{
  gtk_widget_set_vexpand (view, TRUE);
  gtk_widget_set_hexpand (view, TRUE);
  gtk_box_append (box, view);
}

void
_kf_deployment_details_attach_views (KfDeploymentDetailsPage *page)
{
  static const char * const props[] = {
    "notify::namespace", "notify::name", "notify::provider-id", "notify::pods-model",
    "notify::frontend-service", "notify::frontend-port", "notify::engine", "notify::model",
  };
  Views *views = g_new0 (Views, 1);

  views->page = page;
  views->logs = KF_LOG_VIEW (kf_log_view_new ());
  views->metrics = KF_METRICS_VIEW (kf_metrics_view_new ());
  views->try_it = KF_TRY_IT_VIEW (kf_try_it_view_new ());
  append (kf_deployment_details_page_get_logs_box (page), GTK_WIDGET (views->logs));
  append (kf_deployment_details_page_get_metrics_box (page), GTK_WIDGET (views->metrics));
  append (kf_deployment_details_page_get_tryit_box (page), GTK_WIDGET (views->try_it));

  /* the Views struct lives as long as the page */
  g_object_set_data_full (G_OBJECT (page), "kf-details-views", views, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect (page, props[i], G_CALLBACK (changed_cb), views);
  g_signal_connect (page, "notify::session", G_CALLBACK (session_changed_cb), views);
}
