/* kf-metrics-chart.h: a small line chart of one metric over the last minutes
 *
 * Holds a ring buffer of (time, value) points and draws the points of the
 * last "window" seconds with cairo (through GtkSnapshot), in the widget's
 * foreground colour (so it follows light and dark styles). NaN values leave
 * a gap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KF_TYPE_METRICS_CHART (kf_metrics_chart_get_type ())
G_DECLARE_FINAL_TYPE (KfMetricsChart, kf_metrics_chart, KF, METRICS_CHART, GtkWidget)

GtkWidget *kf_metrics_chart_new          (void);
/* @time in seconds (monotonic or wall clock; only differences matter). */
void       kf_metrics_chart_add_point    (KfMetricsChart *self,
                                          double          time,
                                          double          value);
void       kf_metrics_chart_clear        (KfMetricsChart *self);
guint      kf_metrics_chart_get_n_points (KfMetricsChart *self);
/* Seconds shown (default 300). */
void       kf_metrics_chart_set_window   (KfMetricsChart *self,
                                          double          seconds);
/* Fixed lower/upper bounds (NaN: from the data; default lower 0, upper auto). */
void       kf_metrics_chart_set_range    (KfMetricsChart *self,
                                          double          lower,
                                          double          upper);

G_END_DECLS
