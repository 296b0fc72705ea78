/* kf-kube-object.c: one Kubernetes object, as an informer's list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include "kf-kube-object.h"

struct _KfKubeObject
{
  GObject     parent_instance;

  JsonNode   *json;
  JsonObject *metadata;   /* borrowed from json */
  const char *ns;         /* interned: few distinct values */
};

G_DEFINE_FINAL_TYPE (KfKubeObject, kf_kube_object, G_TYPE_OBJECT)

enum { PROP_0, PROP_JSON, PROP_NAME, PROP_NAMESPACE, PROP_RESOURCE_VERSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
kf_kube_object_finalize (GObject *object)
{
  KfKubeObject *self = KF_KUBE_OBJECT (object);

  g_clear_pointer (&self->json, json_node_unref);
  G_OBJECT_CLASS (kf_kube_object_parent_class)->finalize (object);
}

static void
kf_kube_object_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KfKubeObject *self = KF_KUBE_OBJECT (object);

  switch (prop_id)
    {
    case PROP_JSON: g_value_set_boxed (value, self->json); break;
    case PROP_NAME: g_value_set_string (value, kf_kube_object_get_name (self)); break;
    case PROP_NAMESPACE: g_value_set_string (value, self->ns); break;
    case PROP_RESOURCE_VERSION: g_value_set_string (value, kf_kube_object_get_resource_version (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kf_kube_object_class_init (KfKubeObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kf_kube_object_finalize;
  object_class->get_property = kf_kube_object_get_property;

  properties[PROP_JSON] = g_param_spec_boxed ("json", NULL, NULL, JSON_TYPE_NODE,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAMESPACE] = g_param_spec_string ("namespace", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RESOURCE_VERSION] = g_param_spec_string ("resource-version", NULL, NULL, NULL,
                                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kf_kube_object_init (KfKubeObject *self)
{
}

void
kf_kube_object_strip (JsonNode *json)
{
  JsonObject *obj;

  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    return;
  obj = json_node_get_object (json);
  if (json_object_has_member (obj, "metadata") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "metadata")))
    {
      JsonObject *meta = json_object_get_object_member (obj, "metadata");

      if (json_object_has_member (meta, "managedFields"))
        json_object_remove_member (meta, "managedFields");
    }
}

static JsonObject *
metadata_of (JsonNode *json)
{
  JsonObject *obj;

  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    return NULL;
  obj = json_node_get_object (json);
  if (!json_object_has_member (obj, "metadata") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "metadata")))
    return NULL;
  return json_object_get_object_member (obj, "metadata");
}

static gboolean
adopt (KfKubeObject *self,
       JsonNode     *json)
{
  JsonObject *meta = metadata_of (json);
  const char *ns;

  if (meta == NULL || json_object_get_string_member_with_default (meta, "name", NULL) == NULL)
    return FALSE;
  if (json_node_is_immutable (json))
    {
      /* parsed by an immutable parser: strip a private copy only if needed */
      if (json_object_has_member (meta, "managedFields"))
        {
          JsonNode *copy = json_node_copy (json);
          kf_kube_object_strip (copy);
          json = copy;
        }
      else
        json = json_node_ref (json);
    }
  else
    {
      kf_kube_object_strip (json);
      json = json_node_ref (json);
    }
  g_clear_pointer (&self->json, json_node_unref);
  self->json = json;
  self->metadata = metadata_of (json);
  ns = json_object_get_string_member_with_default (self->metadata, "namespace", NULL);
  self->ns = (ns != NULL && *ns != '\0') ? g_intern_string (ns) : NULL;
  return TRUE;
}

KfKubeObject *
kf_kube_object_new (JsonNode *json)
{
  KfKubeObject *self = g_object_new (KF_TYPE_KUBE_OBJECT, NULL);

  if (!adopt (self, json))
    {
      g_object_unref (self);
      return NULL;
    }
  return self;
}

void
kf_kube_object_set_json (KfKubeObject *self,
                         JsonNode     *json)
{
  g_autofree char *old_rv = NULL;

  g_return_if_fail (KF_IS_KUBE_OBJECT (self));

  old_rv = g_strdup (kf_kube_object_get_resource_version (self));
  if (!adopt (self, json))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JSON]);
  if (g_strcmp0 (old_rv, kf_kube_object_get_resource_version (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCE_VERSION]);
}

JsonNode *
kf_kube_object_get_json (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return self->json;
}

const char *
kf_kube_object_get_name (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return json_object_get_string_member_with_default (self->metadata, "name", NULL);
}

const char *
kf_kube_object_get_namespace (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return self->ns;
}

const char *
kf_kube_object_get_uid (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return json_object_get_string_member_with_default (self->metadata, "uid", NULL);
}

const char *
kf_kube_object_get_resource_version (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return json_object_get_string_member_with_default (self->metadata, "resourceVersion", NULL);
}

const char *
kf_kube_object_get_kind (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return json_object_get_string_member_with_default (json_node_get_object (self->json), "kind", NULL);
}

JsonObject *
kf_kube_object_get_labels (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  if (!json_object_has_member (self->metadata, "labels") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (self->metadata, "labels")))
    return NULL;
  return json_object_get_object_member (self->metadata, "labels");
}

const char *
kf_kube_object_get_label (KfKubeObject *self,
                          const char   *key)
{
  JsonObject *labels = kf_kube_object_get_labels (self);

  return labels != NULL ? json_object_get_string_member_with_default (labels, key, NULL) : NULL;
}

GDateTime *
kf_kube_object_dup_creation_time (KfKubeObject *self)
{
  const char *ts;

  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  ts = json_object_get_string_member_with_default (self->metadata, "creationTimestamp", NULL);
  return ts != NULL ? g_date_time_new_from_iso8601 (ts, NULL) : NULL;
}

int
kf_kube_object_compare_key (const char *ns_a,
                            const char *name_a,
                            const char *ns_b,
                            const char *name_b)
{
  int c = g_strcmp0 (ns_a, ns_b);

  return c != 0 ? c : g_strcmp0 (name_a, name_b);
}
