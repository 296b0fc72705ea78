/* kf-log-view-source.c: where KfLogView's lines come from: the pod and container choice, the
 * stream, its status and errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-log-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kf-kube-error.h"
#include "kf-kube-log-stream.h"
#include "kf-kube-object.h"
#include "kf-log-line-model.h"
#include "kf-log-view.h"
#include "kf-log-view-private.h"

/* ------------------------------------------------------------------------ */
/* status and errors                                                         */

void
kf_log_view_set_status_ (KfLogView  *self,
            const char *text)
{
  if (g_strcmp0 (self->status_text, text) == 0)
    return;
  g_free (self->status_text);
  self->status_text = g_strdup (text);
  gtk_label_set_label (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

void
kf_log_view_set_error_ (KfLogView  *self,
           const char *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_label (self->error_label, text ? text : "");
  gtk_widget_set_visible (self->error_box, text != NULL);
}

static char *
describe_error (KfLogView    *self,
                const GError *error)
{
  const KfKubeStatus *st = kf_kube_error_get_status (error);

  if (g_error_matches (error, KF_KUBE_ERROR, KF_KUBE_ERROR_BAD_REQUEST) &&
      self->previous && st != NULL && st->message != NULL &&
      strstr (st->message, "previous terminated container") != NULL)
    return g_strdup_printf (_("No previous container: it has not restarted (%s)."), st->message);
  if (st != NULL && st->message != NULL)
    return g_strdup (st->message);
  return g_strdup (error->message);
}

/* ------------------------------------------------------------------------ */
/* the stream                                                                */

static void
stream_line_cb (KfKubeLogStream *stream,
                const char      *line,
                const char      *timestamp,
                KfLogView       *self)
{
  kf_log_line_model_append (self->lines, line, -1);
  kf_log_view_schedule_flush_ (self);
}

static void
stream_reconnecting_cb (KfKubeLogStream *stream,
                        GParamSpec      *pspec,
                        KfLogView       *self)
{
  if (kf_kube_log_stream_get_reconnecting (stream))
    kf_log_view_set_status_ (self, _("Reconnecting…"));
  else if (g_strcmp0 (self->status_text, _("Reconnecting…")) == 0)
    kf_log_view_set_status_ (self, NULL);
}

static void
stream_finished_cb (KfKubeLogStream *stream,
                    GError          *error,
                    KfLogView       *self)
{
  kf_log_view_set_status_ (self, NULL);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *msg = describe_error (self, error);
      kf_log_view_set_error_ (self, msg);
    }
  else if (error == NULL && gtk_toggle_button_get_active (self->follow_toggle) &&
           !self->previous)
    kf_log_view_set_status_ (self, _("The log ended"));
}

void
kf_log_view_stop_stream_ (KfLogView *self)
{
  if (self->stream == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->stream, self);
  kf_kube_log_stream_stop (self->stream);
  g_clear_object (&self->stream);
}

void
kf_log_view_stop (KfLogView *self)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));
  kf_log_view_stop_stream_ (self);
}

void
kf_log_view_restart_stream_ (KfLogView *self)
{
  KfKubeLogOptions opts = KF_KUBE_LOG_OPTIONS_INIT;
  int tail;

  kf_log_view_stop_stream_ (self);
  kf_log_view_clear_lines_ (self);
  kf_log_view_set_error_ (self, NULL);
  kf_log_view_set_status_ (self, NULL);

  if (self->client == NULL || self->ns == NULL || self->pod == NULL)
    return;

  tail = gtk_spin_button_get_value_as_int (self->tail_spin);
  opts.container = self->container;
  opts.follow = gtk_toggle_button_get_active (self->follow_toggle);
  opts.previous = self->previous;
  opts.timestamps = self->timestamps;
  opts.tail_lines = tail > 0 ? tail : -1;
  if (opts.previous)
    opts.follow = FALSE;

  self->stream = kf_kube_log_stream_new (self->client, self->ns, self->pod, &opts);
  g_signal_connect (self->stream, "line", G_CALLBACK (stream_line_cb), self);
  g_signal_connect (self->stream, "notify::reconnecting", G_CALLBACK (stream_reconnecting_cb), self);
  g_signal_connect (self->stream, "finished", G_CALLBACK (stream_finished_cb), self);
  kf_kube_log_stream_start (self->stream);
}

void
kf_log_view_reload (KfLogView *self)
{
  g_return_if_fail (KF_IS_LOG_VIEW (self));
  kf_log_view_restart_stream_ (self);
}

KfKubeLogStream *
kf_log_view_get_stream (KfLogView *self)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), NULL);
  return self->stream;
}

/* ------------------------------------------------------------------------ */
/* pod and container choice                                                  */

static KfKubeObject *
selected_pod (KfLogView *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->pod_dropdown);

  return KF_IS_KUBE_OBJECT (item) ? KF_KUBE_OBJECT (item) : NULL;
}

static void
fill_containers (KfLogView    *self,
                 KfKubeObject *pod)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonNode *json = pod ? kf_kube_object_get_json (pod) : NULL;
  JsonObject *spec = NULL;
  guint keep = GTK_INVALID_LIST_POSITION;

  if (json != NULL && JSON_NODE_HOLDS_OBJECT (json) &&
      json_object_has_member (json_node_get_object (json), "spec"))
    spec = json_object_get_object_member (json_node_get_object (json), "spec");

  for (guint k = 0; spec != NULL && k < 2; k++)
    {
      const char *member = k == 0 ? "containers" : "initContainers";
      JsonNode *arr = json_object_get_member (spec, member);

      if (arr == NULL || !JSON_NODE_HOLDS_ARRAY (arr))
        continue;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (arr)); i++)
        {
          JsonNode *c = json_array_get_element (json_node_get_array (arr), i);
          if (JSON_NODE_HOLDS_OBJECT (c) && json_object_has_member (json_node_get_object (c), "name"))
            g_ptr_array_add (names, (gpointer) json_object_get_string_member (json_node_get_object (c), "name"));
        }
    }
  g_ptr_array_add (names, NULL);

  self->updating_containers = TRUE;
  gtk_string_list_splice (self->containers, 0, g_list_model_get_n_items (G_LIST_MODEL (self->containers)),
                          (const char *const *) names->pdata);
  for (guint i = 0; i + 1 < names->len; i++)
    if (g_strcmp0 (names->pdata[i], self->container) == 0)
      keep = i;
  if (keep == GTK_INVALID_LIST_POSITION && names->len > 1)
    keep = 0;
  gtk_drop_down_set_selected (self->container_dropdown, keep);
  self->updating_containers = FALSE;

  g_free (self->container);
  self->container = keep != GTK_INVALID_LIST_POSITION ? g_strdup (names->pdata[keep]) : NULL;
}

void
kf_log_view_pod_selected_ (KfLogView *self)
{
  KfKubeObject *pod = selected_pod (self);
  const char *name = pod ? kf_kube_object_get_name (pod) : NULL;
  g_autofree char *old_container = g_strdup (self->container);

  if (g_strcmp0 (name, self->pod) == 0)
    {
      /* the same pod, updated: its containers may have changed */
      fill_containers (self, pod);
      if (g_strcmp0 (old_container, self->container) != 0)
        kf_log_view_restart_stream_ (self);
      return;
    }
  g_free (self->pod);
  self->pod = g_strdup (name);
  fill_containers (self, pod);
  kf_log_view_restart_stream_ (self);
}

void
kf_log_view_container_selected_ (KfLogView *self)
{
  GtkStringObject *item;

  if (self->updating_containers)
    return;
  item = gtk_drop_down_get_selected_item (self->container_dropdown);
  if (g_strcmp0 (item ? gtk_string_object_get_string (item) : NULL, self->container) == 0)
    return;
  g_free (self->container);
  self->container = item ? g_strdup (gtk_string_object_get_string (item)) : NULL;
  kf_log_view_restart_stream_ (self);
}

char *
kf_log_view_pod_name_ (KfKubeObject *pod)
{
  return g_strdup (pod ? kf_kube_object_get_name (pod) : "");
}

/* Pod names are long (deployment-component-hash-hash): the button shows
 * them ellipsized in the middle (the popup in full), so the toolbar fits. */
static void
pod_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);   /* (narrow windows) */
    }
  gtk_list_item_set_child (item, label);
}

static void
pod_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  ellipsize)
{
  KfKubeObject *pod = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *name = KF_IS_KUBE_OBJECT (pod) ? kf_kube_object_get_name (pod) : "";

  gtk_label_set_label (GTK_LABEL (label), name);
  gtk_widget_set_tooltip_text (label, GPOINTER_TO_INT (ellipsize) ? name : NULL);
}

void
kf_log_view_setup_pod_dropdown_ (KfLogView *self)
{
  for (int ellipsize = 0; ellipsize < 2; ellipsize++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (pod_setup_cb), GINT_TO_POINTER (ellipsize));
      g_signal_connect (factory, "bind", G_CALLBACK (pod_bind_cb), GINT_TO_POINTER (ellipsize));
      if (ellipsize)
        gtk_drop_down_set_factory (self->pod_dropdown, factory);
      else
        gtk_drop_down_set_list_factory (self->pod_dropdown, factory);
      g_object_unref (factory);
    }
}

gboolean
kf_log_view_select_pod (KfLogView  *self,
                        const char *pod)
{
  g_return_val_if_fail (KF_IS_LOG_VIEW (self), FALSE);

  for (guint i = 0; self->pods && i < g_list_model_get_n_items (self->pods); i++)
    {
      g_autoptr(KfKubeObject) o = g_list_model_get_item (self->pods, i);
      if (g_strcmp0 (kf_kube_object_get_name (o), pod) == 0)
        {
          gtk_drop_down_set_selected (self->pod_dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

const char *
kf_log_view_get_pod (KfLogView *self)
{
  return self->pod;
}

