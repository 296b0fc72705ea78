/* kf-metrics-view.c: inference metrics scraped pod by pod through the API
 * server's pod proxy (the service proxy as the fallback)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-metrics-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kf-kube-error.h"
#include "kf-metrics-chart.h"
#include "kf-metrics-scrape.h"
#include "kf-metrics-view.h"
#include "kf-prom-parser.h"

typedef enum
{
  CARD_RUNNING, CARD_WAITING, CARD_PROMPT_TPS, CARD_GEN_TPS,
  CARD_TTFT, CARD_ITL, CARD_KV, CARD_PREFIX, N_CARDS
} CardId;

static const struct { const char *id; const char *title; } card_info[N_CARDS] = {
  { "running", N_("Requests running") },
  { "waiting", N_("Requests waiting") },
  { "prompt-tps", N_("Prompt tokens/s") },
  { "generation-tps", N_("Generation tokens/s") },
  { "ttft", N_("Time to first token p50 / p99") },
  { "itl", N_("Inter-token latency p50 / p99") },
  { "kv-cache", N_("KV-cache usage") },
  { "prefix-cache", N_("Prefix-cache hit rate") },
};

typedef struct
{
  GtkWidget      *box;
  GtkLabel       *value;
  GtkLabel       *detail;
  KfMetricsChart *chart;
} Card;

struct _KfMetricsView
{
  AdwBin              parent_instance;

  GtkLabel           *source_label;
  GtkLabel           *pods_label;
  GtkLabel           *updated_label;
  GtkWidget          *note_box;
  GtkLabel           *note_label;
  GtkWidget          *error_box;
  GtkLabel           *error_label;
  GtkFlowBox         *flow;

  Card                cards[N_CARDS];

  KfKubeClient       *client;
  char               *ns;
  char               *service;
  char               *port;
  char               *engine;
  guint               interval;

  guint               timer_id;
  GCancellable       *cancellable;
  GPtrArray          *previous;   /* KfPromScrape*, the last scrape of each pod */
  KfInferenceMetrics  metrics;
  guint               n_pods;
  char               *note_text;
  gboolean            has_metrics;
  guint               n_scrapes;
  char               *error_text;
  gint64              started_at;
};

G_DEFINE_FINAL_TYPE (KfMetricsView, kf_metrics_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_CLIENT, PROP_NAMESPACE, PROP_SERVICE, PROP_PORT, PROP_ENGINE, PROP_INTERVAL, PROP_RUNNING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void start_scraping (KfMetricsView *self);
static void stop_scraping (KfMetricsView *self);

static void
set_error (KfMetricsView *self,
           const char    *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_label (self->error_label, text ? text : "");
  gtk_widget_set_visible (self->error_box, text != NULL);
}

/* Why a value is missing, in words. */
static const char *
why_missing (KfMetricsView *self,
             gboolean       needs_two,
             gboolean       latency)
{
  if (!self->has_metrics)
    return _("Not scraped yet");
  if (self->metrics.engine == KF_INFERENCE_ENGINE_UNKNOWN)
    return _("This /metrics has none of the vLLM, SGLang, llama.cpp or Dynamo frontend metrics this is computed from");
  if (needs_two && !self->metrics.windowed)
    return _("A rate needs two scrapes: wait for the next one");
  if (latency)
    return _("No request finished between the last two scrapes");
  return _("The engine does not export this metric");
}

static void
set_card (KfMetricsView *self,
          CardId         id,
          double         value,
          double         value2,
          int            decimals,
          const char    *suffix,
          double         scale,
          gboolean       needs_two,
          gboolean       latency,
          const char    *source_metric)
{
  Card *c = &self->cards[id];
  g_autofree char *text = NULL;
  double t = (g_get_monotonic_time () - self->started_at) / 1e6;

  gtk_label_set_label (c->detail, "");
  if (isnan (value))
    {
      gtk_label_set_label (c->value, "—");
      gtk_widget_set_tooltip_text (c->box, why_missing (self, needs_two, latency));
      kf_metrics_chart_add_point (c->chart, t, NAN);
      return;
    }
  if (!isnan (value2))
    {
      g_autofree char *a = g_strdup_printf ("%.*f%s", decimals, value * scale, suffix);
      g_autofree char *b = g_strdup_printf ("%.*f%s", decimals, value2 * scale, suffix);
      text = g_strdup_printf ("%s / %s", a, b);
    }
  else
    text = g_strdup_printf ("%.*f%s", decimals, value * scale, suffix);
  gtk_label_set_label (c->value, text);
  if (source_metric != NULL)
    {
      g_autofree char *tip = g_strdup_printf (_("From %s"), source_metric);
      gtk_widget_set_tooltip_text (c->box, tip);
    }
  else
    gtk_widget_set_tooltip_text (c->box, NULL);
  kf_metrics_chart_add_point (c->chart, t, value * scale);
}

static void
update_cards (KfMetricsView *self)
{
  const KfInferenceMetrics *m = &self->metrics;

  set_card (self, CARD_RUNNING, m->requests_running, NAN, 0, "", 1, FALSE, FALSE, NULL);
  set_card (self, CARD_WAITING, m->requests_waiting, NAN, 0, "", 1, FALSE, FALSE, NULL);
  set_card (self, CARD_PROMPT_TPS, m->prompt_tokens_per_second, NAN, 1, "", 1, TRUE, FALSE, NULL);
  set_card (self, CARD_GEN_TPS, m->generation_tokens_per_second, NAN, 1, "", 1, TRUE, FALSE,
            m->generation_tokens_metric);
  set_card (self, CARD_TTFT, m->ttft_p50, m->ttft_p99, 0, " ms", 1000, FALSE, TRUE, NULL);
  set_card (self, CARD_ITL, m->itl_p50, m->itl_p99, 1, " ms", 1000, FALSE, TRUE, m->itl_metric);
  set_card (self, CARD_KV, m->kv_cache_usage, NAN, 1, " %", 100, FALSE, FALSE, m->kv_cache_metric);
  set_card (self, CARD_PREFIX, m->prefix_cache_hit_rate, NAN, 1, " %", 100, TRUE, FALSE, m->prefix_cache_metric);

  /* a line under the value: what the aggregate hides */
  if (m->n_sources > 1 && !isnan (m->kv_cache_usage_max))
    {
      g_autofree char *d = g_strdup_printf (_("mean of %u pods, fullest %.1f %%"), m->n_sources,
                                            m->kv_cache_usage_max * 100);
      gtk_label_set_label (self->cards[CARD_KV].detail, d);
    }
  if (!isnan (m->ttft_p90))
    {
      g_autofree char *d = g_strdup_printf (_("p90 %.0f ms"), m->ttft_p90 * 1000);
      gtk_label_set_label (self->cards[CARD_TTFT].detail, d);
    }
  if (!isnan (m->itl_p90))
    {
      g_autofree char *d = g_strdup_printf (_("p90 %.1f ms"), m->itl_p90 * 1000);
      gtk_label_set_label (self->cards[CARD_ITL].detail, d);
    }
  if (m->n_sources > 1 && !isnan (m->requests_running))
    {
      g_autofree char *d = g_strdup_printf (_("sum over %u pods"), m->n_sources);
      gtk_label_set_label (self->cards[CARD_RUNNING].detail, d);
      gtk_label_set_label (self->cards[CARD_GEN_TPS].detail, isnan (m->generation_tokens_per_second) ? "" : d);
    }
}

static void
set_note (KfMetricsView *self,
          const char    *text)
{
  g_free (self->note_text);
  self->note_text = g_strdup (text);
  gtk_label_set_label (self->note_label, text ? text : "");
  gtk_widget_set_visible (self->note_box, text != NULL);
}

static char *
describe_error (KfMetricsView *self,
                const GError  *error)
{
  const KfKubeStatus *st = kf_kube_error_get_status (error);
  const char *detail = st && st->message ? st->message : error->message;

  if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_SERVICE_UNAVAILABLE))
    return g_strdup_printf (_("No ready pod behind service %s yet, so no metrics (%s)."), self->service, detail);
  /* no such Service, no such port on it, or no /metrics on the pods: the detail says which */
  if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_NOT_FOUND))
    return g_strdup_printf (_("Nothing serves /metrics at service %s, port %s (%s)."), self->service,
                            self->port ? self->port : "?", detail);
  if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_FORBIDDEN))
    return g_strdup_printf (_("You may not proxy to services in %s (%s)."), self->ns, detail);
  if (error->domain == KF_PROM_ERROR)
    return g_strdup_printf (_("The /metrics answer is not in the Prometheus text format: %s"), error->message);
  return g_strdup_printf (_("Could not scrape the metrics: %s"), detail);
}

static void
scrape_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KfMetricsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KfMetricsScrapeResult) r = kf_metrics_scrape_finish (KF_KUBE_CLIENT (source), result, &error);
  g_autofree char *updated = NULL;
  g_autofree char *pods = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GString) names = NULL;

  if (r == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (r == NULL)
    {
      g_autofree char *msg = describe_error (self, error);
      set_error (self, msg);
      return;
    }

  set_error (self, NULL);
  kf_inference_metrics_compute ((KfPromScrape * const *) r->scrapes->pdata, r->scrapes->len,
                                self->previous ? (KfPromScrape * const *) self->previous->pdata : NULL,
                                self->previous ? self->previous->len : 0, &self->metrics);
  self->has_metrics = TRUE;
  self->n_scrapes++;
  g_clear_pointer (&self->previous, g_ptr_array_unref);
  self->previous = g_ptr_array_ref (r->scrapes);
  update_cards (self);

  /* where the numbers come from */
  if (r->mode == KF_METRICS_SCRAPE_PODS)
    {
      self->n_pods = r->scrapes->len;
      if (r->n_ready > r->scrapes->len)
        pods = g_strdup_printf (g_dngettext (NULL, "%u of %u pod", "%u of %u pods", r->n_ready),
                                self->n_pods, r->n_ready);
      else
        pods = g_strdup_printf (g_dngettext (NULL, "%u pod", "%u pods", self->n_pods), self->n_pods);
      names = g_string_new (_("Scraped one by one through the pod proxy:"));
      for (guint i = 0; i < r->pods->len; i++)
        g_string_append_printf (names, "\n%s", (const char *) g_ptr_array_index (r->pods, i));
    }
  else
    {
      self->n_pods = 0;
      pods = g_strdup (_("through the Service"));
    }
  gtk_label_set_label (self->pods_label, pods);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pods_label), names ? names->str : r->fallback_reason);

  if (r->fallback_reason != NULL)
    set_note (self, r->fallback_reason);
  else if (r->n_failed > 0)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (NULL, "%u pod did not answer and is left out (%s).",
                                                            "%u pods did not answer and are left out (%s).",
                                                            r->n_failed),
                                               r->n_failed, r->failure ? r->failure : "");
      set_note (self, note);
    }
  else if (r->n_ready > KF_METRICS_SCRAPE_MAX_PODS)
    {
      g_autofree char *note = g_strdup_printf (_("Only the first %u of %u pods are scraped."),
                                               KF_METRICS_SCRAPE_MAX_PODS, r->n_ready);
      set_note (self, note);
    }
  else
    set_note (self, NULL);

  now = g_date_time_new_now_local ();
  updated = g_date_time_format (now, _("Updated %H:%M:%S"));
  gtk_label_set_label (self->updated_label, updated);
}

static void
scrape_now (KfMetricsView *self)
{
  if (self->client == NULL || self->service == NULL || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  kf_metrics_scrape_async (self->client, self->ns ? self->ns : "default", self->service, self->port, "/metrics",
                           self->cancellable, scrape_cb, g_object_ref (self));
}

static gboolean
timer_cb (gpointer user_data)
{
  scrape_now (KF_METRICS_VIEW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
start_scraping (KfMetricsView *self)
{
  if (self->timer_id != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  scrape_now (self);
  self->timer_id = g_timeout_add_seconds (self->interval, timer_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
stop_scraping (KfMetricsView *self)
{
  gboolean was = self->timer_id != 0;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  if (was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* A new target: forget the previous scrape and the charts. */
static void
reset (KfMetricsView *self)
{
  g_autofree char *src = NULL;

  stop_scraping (self);
  g_clear_pointer (&self->previous, g_ptr_array_unref);
  self->has_metrics = FALSE;
  self->n_pods = 0;
  memset (&self->metrics, 0, sizeof self->metrics);
  for (guint i = 0; i < N_CARDS; i++)
    {
      gtk_label_set_label (self->cards[i].value, "—");
      gtk_label_set_label (self->cards[i].detail, "");
      gtk_widget_set_tooltip_text (self->cards[i].box, _("Not scraped yet"));
      kf_metrics_chart_clear (self->cards[i].chart);
    }
  set_error (self, NULL);
  set_note (self, NULL);
  gtk_label_set_label (self->updated_label, "");
  gtk_label_set_label (self->pods_label, "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pods_label), NULL);
  if (self->service != NULL)
    src = g_strdup_printf (_("Pods of %s/%s:%s, /metrics (%s), every %u s while shown"), self->ns ? self->ns : "default",
                           self->service, self->port ? self->port : "?", self->engine ? self->engine : _("engine unknown"),
                           self->interval);
  gtk_label_set_label (self->source_label, src ? src : _("No metrics service"));
  start_scraping (self);
}

void
kf_metrics_view_refresh (KfMetricsView *self)
{
  g_return_if_fail (KF_IS_METRICS_VIEW (self));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    scrape_now (self);
}

gboolean
kf_metrics_view_get_running (KfMetricsView *self)
{
  return self->timer_id != 0;
}

guint
kf_metrics_view_get_n_scrapes (KfMetricsView *self)
{
  return self->n_scrapes;
}

const KfInferenceMetrics *
kf_metrics_view_get_metrics (KfMetricsView *self)
{
  return self->has_metrics ? &self->metrics : NULL;
}

const char *
kf_metrics_view_get_error_text (KfMetricsView *self)
{
  return self->error_text;
}

guint
kf_metrics_view_get_n_pods (KfMetricsView *self)
{
  return self->n_pods;
}

const char *
kf_metrics_view_get_pods_text (KfMetricsView *self)
{
  return gtk_label_get_label (self->pods_label);
}

const char *
kf_metrics_view_get_note_text (KfMetricsView *self)
{
  return self->note_text;
}

const char *
kf_metrics_view_get_card_text (KfMetricsView *self,
                               const char    *card)
{
  for (guint i = 0; i < N_CARDS; i++)
    if (g_strcmp0 (card_info[i].id, card) == 0)
      return gtk_label_get_label (self->cards[i].value);
  return NULL;
}

void
kf_metrics_view_set_client (KfMetricsView *self,
                            KfKubeClient  *client)
{
  g_return_if_fail (KF_IS_METRICS_VIEW (self));
  if (!g_set_object (&self->client, client))
    return;
  reset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static gboolean
set_str (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
kf_metrics_view_set_target (KfMetricsView *self,
                            const char    *ns,
                            const char    *service,
                            const char    *port,
                            const char    *engine)
{
  gboolean changed = FALSE;

  g_return_if_fail (KF_IS_METRICS_VIEW (self));
  g_object_freeze_notify (G_OBJECT (self));
  if (set_str (&self->ns, ns))
    changed = TRUE, g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACE]);
  if (set_str (&self->service, service))
    changed = TRUE, g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
  if (set_str (&self->port, port))
    changed = TRUE, g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  if (set_str (&self->engine, engine))
    changed = TRUE, g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
  if (changed)
    reset (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
kf_metrics_view_set_interval (KfMetricsView *self,
                              guint          seconds)
{
  g_return_if_fail (KF_IS_METRICS_VIEW (self));
  seconds = MAX (seconds, 1);
  if (self->interval == seconds)
    return;
  self->interval = seconds;
  if (self->timer_id != 0)
    {
      stop_scraping (self);
      start_scraping (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

static void
kf_metrics_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kf_metrics_view_parent_class)->map (widget);
  start_scraping (KF_METRICS_VIEW (widget));
}

static void
kf_metrics_view_unmap (GtkWidget *widget)
{
  stop_scraping (KF_METRICS_VIEW (widget));
  GTK_WIDGET_CLASS (kf_metrics_view_parent_class)->unmap (widget);
}

static void
kf_metrics_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KfMetricsView *self = KF_METRICS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    case PROP_NAMESPACE: g_value_set_string (value, self->ns); break;
    case PROP_SERVICE: g_value_set_string (value, self->service); break;
    case PROP_PORT: g_value_set_string (value, self->port); break;
    case PROP_ENGINE: g_value_set_string (value, self->engine); break;
    case PROP_INTERVAL: g_value_set_uint (value, self->interval); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->timer_id != 0); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_metrics_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KfMetricsView *self = KF_METRICS_VIEW (object);
  const char *s = G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;

  switch (prop_id)
    {
    case PROP_CLIENT: kf_metrics_view_set_client (self, g_value_get_object (value)); break;
    case PROP_NAMESPACE: kf_metrics_view_set_target (self, s, self->service, self->port, self->engine); break;
    case PROP_SERVICE: kf_metrics_view_set_target (self, self->ns, s, self->port, self->engine); break;
    case PROP_PORT: kf_metrics_view_set_target (self, self->ns, self->service, s, self->engine); break;
    case PROP_ENGINE: kf_metrics_view_set_target (self, self->ns, self->service, self->port, s); break;
    case PROP_INTERVAL: kf_metrics_view_set_interval (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_metrics_view_dispose (GObject *object)
{
  KfMetricsView *self = KF_METRICS_VIEW (object);

  stop_scraping (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KF_TYPE_METRICS_VIEW);
  g_clear_object (&self->client);
  g_clear_pointer (&self->previous, g_ptr_array_unref);
  G_OBJECT_CLASS (kf_metrics_view_parent_class)->dispose (object);
}

static void
kf_metrics_view_finalize (GObject *object)
{
  KfMetricsView *self = KF_METRICS_VIEW (object);

  g_free (self->ns);
  g_free (self->service);
  g_free (self->port);
  g_free (self->engine);
  g_free (self->error_text);
  g_free (self->note_text);
  G_OBJECT_CLASS (kf_metrics_view_parent_class)->finalize (object);
}

static void
kf_metrics_view_class_init (KfMetricsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = kf_metrics_view_get_property;
  object_class->set_property = kf_metrics_view_set_property;
  object_class->dispose = kf_metrics_view_dispose;
  object_class->finalize = kf_metrics_view_finalize;
  widget_class->map = kf_metrics_view_map;
  widget_class->unmap = kf_metrics_view_unmap;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, KF_TYPE_KUBE_CLIENT, rw);
  properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL, rw);
  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, NULL, rw);
  properties[PROP_PORT] = g_param_spec_string ("port", NULL, NULL, NULL, rw);
  properties[PROP_ENGINE] = g_param_spec_string ("engine", NULL, NULL, NULL, rw);
  properties[PROP_INTERVAL] = g_param_spec_uint ("interval", NULL, NULL, 1, 3600, 5, rw);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kubefoundry/KubeFoundry/ui/kf-metrics-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KfMetricsView, source_label);
  gtk_widget_class_bind_template_child (widget_class, KfMetricsView, pods_label);
  gtk_widget_class_bind_template_child (widget_class, KfMetricsView, updated_label);
  gtk_widget_class_bind_template_child (widget_class, KfMetricsView, note_box);
  gtk_widget_class_bind_template_child (widget_class, KfMetricsView, note_label);
  gtk_widget_class_bind_template_child (widget_class, KfMetricsView, error_box);
  gtk_widget_class_bind_template_child (widget_class, KfMetricsView, error_label);
  gtk_widget_class_bind_template_child (widget_class, KfMetricsView, flow);
}

static void
kf_metrics_view_init (KfMetricsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->interval = 5;
  self->started_at = g_get_monotonic_time ();

  for (guint i = 0; i < N_CARDS; i++)
    {
      Card *c = &self->cards[i];
      GtkWidget *title = gtk_label_new (_(card_info[i].title));

      c->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_widget_add_css_class (c->box, "card");
      gtk_widget_set_size_request (c->box, 200, -1);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (title, "dim-label");
      gtk_widget_add_css_class (title, "caption-heading");
      gtk_widget_set_margin_top (title, 10);
      gtk_widget_set_margin_start (title, 12);
      gtk_widget_set_margin_end (title, 12);
      c->value = GTK_LABEL (gtk_label_new ("—"));
      gtk_label_set_xalign (c->value, 0);
      gtk_widget_add_css_class (GTK_WIDGET (c->value), "title-2");
      gtk_widget_add_css_class (GTK_WIDGET (c->value), "numeric");
      gtk_widget_set_margin_start (GTK_WIDGET (c->value), 12);
      gtk_widget_set_margin_end (GTK_WIDGET (c->value), 12);
      gtk_label_set_ellipsize (c->value, PANGO_ELLIPSIZE_END);
      c->detail = GTK_LABEL (gtk_label_new (""));
      gtk_label_set_xalign (c->detail, 0);
      gtk_label_set_ellipsize (c->detail, PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (GTK_WIDGET (c->detail), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (c->detail), "caption");
      gtk_widget_add_css_class (GTK_WIDGET (c->detail), "numeric");
      gtk_widget_set_margin_start (GTK_WIDGET (c->detail), 12);
      gtk_widget_set_margin_end (GTK_WIDGET (c->detail), 12);
      c->chart = KF_METRICS_CHART (kf_metrics_chart_new ());
      gtk_widget_set_margin_start (GTK_WIDGET (c->chart), 12);
      gtk_widget_set_margin_end (GTK_WIDGET (c->chart), 12);
      gtk_widget_set_margin_bottom (GTK_WIDGET (c->chart), 10);
      gtk_widget_add_css_class (GTK_WIDGET (c->chart), "accent");
      if (i == CARD_KV || i == CARD_PREFIX)
        kf_metrics_chart_set_range (c->chart, 0, 100);
      gtk_box_append (GTK_BOX (c->box), title);
      gtk_box_append (GTK_BOX (c->box), GTK_WIDGET (c->value));
      gtk_box_append (GTK_BOX (c->box), GTK_WIDGET (c->detail));
      gtk_box_append (GTK_BOX (c->box), GTK_WIDGET (c->chart));
      gtk_widget_set_tooltip_text (c->box, _("Not scraped yet"));
      gtk_flow_box_append (self->flow, c->box);
    }
  gtk_label_set_label (self->source_label, _("No metrics service"));
}

GtkWidget *
kf_metrics_view_new (void)
{
  return g_object_new (KF_TYPE_METRICS_VIEW, NULL);
}
