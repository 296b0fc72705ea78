/* kf-metrics-chart.c: a sparkline drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-metrics-view"

#include "config.h"

#include <math.h>

#include "kf-metrics-chart.h"

#define CAPACITY 512

typedef struct { double t, v; } Point;

struct _KfMetricsChart
{
  GtkWidget parent_instance;

  Point     points[CAPACITY];
  guint     head;   /* oldest */
  guint     n;
  double    window;
  double    lower;
  double    upper;
};

G_DEFINE_FINAL_TYPE (KfMetricsChart, kf_metrics_chart, GTK_TYPE_WIDGET)

static const Point *
point_at (KfMetricsChart *self, guint i)
{
  return &self->points[(self->head + i) % CAPACITY];
}

static void
kf_metrics_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  KfMetricsChart *self = KF_METRICS_CHART (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GdkRGBA color;
  cairo_t *cr;
  double t_end, t_start, span, lo, hi;
  gboolean pen = FALSE, any = FALSE;
  double first_x = 0, last_x = 0;

  if (w <= 2 || h <= 2)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  /* baseline */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.15);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 0, h - 0.5);
  cairo_line_to (cr, w, h - 0.5);
  cairo_stroke (cr);

  if (self->n == 0)
    {
      cairo_destroy (cr);
      return;
    }

  /* the window, or less while the data is young (at least 30 s) */
  t_end = point_at (self, self->n - 1)->t;
  span = MIN (self->window, MAX (30.0, t_end - point_at (self, 0)->t));
  t_start = t_end - span;
  lo = self->lower;
  hi = self->upper;
  if (isnan (lo) || isnan (hi))
    {
      double dmin = INFINITY, dmax = -INFINITY;
      for (guint i = 0; i < self->n; i++)
        {
          const Point *p = point_at (self, i);
          if (p->t < t_start || !isfinite (p->v))
            continue;
          dmin = MIN (dmin, p->v);
          dmax = MAX (dmax, p->v);
        }
      if (isnan (lo))
        lo = isfinite (dmin) ? dmin : 0;
      if (isnan (hi))
        hi = isfinite (dmax) ? dmax : 1;
    }
  if (hi <= lo)
    hi = lo + (lo == 0 ? 1 : fabs (lo) * 0.1);
  hi += (hi - lo) * 0.1;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < self->n; i++)
    {
      const Point *p = point_at (self, i);
      double x, y;

      if (p->t < t_start)
        continue;
      if (!isfinite (p->v))
        {
          pen = FALSE;
          continue;
        }
      x = (p->t - t_start) / span * (w - 2) + 1;
      y = h - 1 - (p->v - lo) / (hi - lo) * (h - 3);
      if (!pen)
        {
          cairo_move_to (cr, x, y);
          if (!any)
            first_x = x;
        }
      else
        cairo_line_to (cr, x, y);
      pen = any = TRUE;
      last_x = x;
    }
  if (any)
    {
      cairo_path_t *path = cairo_copy_path (cr);

      cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.9);
      cairo_stroke (cr);
      /* a light fill under a single unbroken line */
      cairo_append_path (cr, path);
      cairo_line_to (cr, last_x, h);
      cairo_line_to (cr, first_x, h);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.12);
      cairo_fill (cr);
      cairo_path_destroy (path);
    }
  cairo_destroy (cr);
}

static void
kf_metrics_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 80 : 32;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 48;
}

static void
kf_metrics_chart_class_init (KfMetricsChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = kf_metrics_chart_snapshot;
  widget_class->measure = kf_metrics_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "kf-metrics-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kf_metrics_chart_init (KfMetricsChart *self)
{
  self->window = 300;
  self->lower = 0;
  self->upper = NAN;
}

GtkWidget *
kf_metrics_chart_new (void)
{
  return g_object_new (KF_TYPE_METRICS_CHART, NULL);
}

void
kf_metrics_chart_add_point (KfMetricsChart *self,
                            double          time,
                            double          value)
{
  g_return_if_fail (KF_IS_METRICS_CHART (self));

  if (self->n == CAPACITY)
    {
      self->head = (self->head + 1) % CAPACITY;
      self->n--;
    }
  self->points[(self->head + self->n) % CAPACITY] = (Point) { time, value };
  self->n++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kf_metrics_chart_clear (KfMetricsChart *self)
{
  self->n = self->head = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
kf_metrics_chart_get_n_points (KfMetricsChart *self)
{
  return self->n;
}

void
kf_metrics_chart_set_window (KfMetricsChart *self,
                             double          seconds)
{
  self->window = MAX (seconds, 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kf_metrics_chart_set_range (KfMetricsChart *self,
                            double          lower,
                            double          upper)
{
  self->lower = lower;
  self->upper = upper;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
