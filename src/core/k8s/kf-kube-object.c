/* kf-kube-object.c: one Kubernetes object, as an informer's list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-kube"

#include "config.h"

#include "kf-kube-object.h"

/* Memory: an informer may hold tens of thousands of these. The object is kept
 * as compact JSON text (about its wire size) with the fields lists show
 * extracted; the JsonNode tree (several times larger) is built on the first
 * kf_kube_object_get_json() and kept from then on. */
struct _KfKubeObject
{
  GObject     parent_instance;

  GBytes     *text;        /* compact JSON, managedFields dropped */
  JsonNode   *json;        /* parsed on demand */
  char       *name;
  const char *ns;          /* interned: few distinct values */
  const char *kind;        /* interned */
  char       *uid;
  char       *resource_version;
  char       *creation;
  char      **label_pairs; /* key, value, key, value, …, NULL; or NULL */
  JsonNode   *labels;      /* built from label_pairs on demand */
};

G_DEFINE_FINAL_TYPE (KfKubeObject, kf_kube_object, G_TYPE_OBJECT)

enum { PROP_0, PROP_JSON, PROP_NAME, PROP_NAMESPACE, PROP_RESOURCE_VERSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
kf_kube_object_finalize (GObject *object)
{
  KfKubeObject *self = KF_KUBE_OBJECT (object);

  g_clear_pointer (&self->text, g_bytes_unref);
  g_clear_pointer (&self->json, json_node_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->uid, g_free);
  g_clear_pointer (&self->resource_version, g_free);
  g_clear_pointer (&self->creation, g_free);
  g_clear_pointer (&self->labels, json_node_unref);
  g_clear_pointer (&self->label_pairs, g_strfreev);
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
    case PROP_JSON: g_value_set_boxed (value, kf_kube_object_get_json (self)); break;
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

static const char *
string_member (JsonObject *obj,
               const char *name)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, name))
    return NULL;
  node = json_object_get_member (obj, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
adopt (KfKubeObject *self,
       JsonNode     *json)
{
  JsonObject *meta = metadata_of (json);
  g_autoptr(JsonGenerator) gen = NULL;
  JsonNode *managed = NULL;
  const char *ns, *kind;
  gsize length = 0;
  char *text;

  if (meta == NULL || string_member (meta, "name") == NULL)
    return FALSE;

  /* serialise without managedFields, leaving the caller's node as it was */
  if (json_object_has_member (meta, "managedFields") && !json_node_is_immutable (json))
    {
      managed = json_node_ref (json_object_get_member (meta, "managedFields"));
      json_object_remove_member (meta, "managedFields");
    }
  gen = json_generator_new ();
  json_generator_set_root (gen, json);
  text = json_generator_to_data (gen, &length);
  if (managed != NULL)
    json_object_set_member (meta, "managedFields", managed);

  g_clear_pointer (&self->text, g_bytes_unref);
  g_clear_pointer (&self->json, json_node_unref);
  /* the generator's buffer has GString slack (up to 2×): trim it */
  text = g_realloc (text, length + 1);
  self->text = g_bytes_new_take (text, length);

  g_free (self->name);
  self->name = g_strdup (string_member (meta, "name"));
  ns = string_member (meta, "namespace");
  self->ns = (ns != NULL && *ns != '\0') ? g_intern_string (ns) : NULL;
  kind = string_member (json_node_get_object (json), "kind");
  self->kind = kind != NULL ? g_intern_string (kind) : NULL;
  g_free (self->uid);
  self->uid = g_strdup (string_member (meta, "uid"));
  g_free (self->resource_version);
  self->resource_version = g_strdup (string_member (meta, "resourceVersion"));
  g_free (self->creation);
  self->creation = g_strdup (string_member (meta, "creationTimestamp"));
  g_clear_pointer (&self->labels, json_node_unref);
  g_clear_pointer (&self->label_pairs, g_strfreev);
  if (json_object_has_member (meta, "labels") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (meta, "labels")))
    {
      JsonObject *labels = json_object_get_object_member (meta, "labels");
      g_autoptr(GList) keys = json_object_get_members (labels);
      GPtrArray *pairs = g_ptr_array_new ();

      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *value = string_member (labels, l->data);

          if (value == NULL)
            continue;
          g_ptr_array_add (pairs, g_strdup (l->data));
          g_ptr_array_add (pairs, g_strdup (value));
        }
      g_ptr_array_add (pairs, NULL);
      self->label_pairs = (char **) g_ptr_array_free (pairs, FALSE);
    }
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

  if (self->json == NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* our own output: it parses */
      if (json_parser_load_from_data (parser, g_bytes_get_data (self->text, NULL),
                                      (gssize) g_bytes_get_size (self->text), NULL) &&
          json_parser_get_root (parser) != NULL)
        self->json = json_node_ref (json_parser_get_root (parser));
      else
        self->json = json_node_new (JSON_NODE_NULL);
    }
  return self->json;
}

GBytes *
kf_kube_object_get_bytes (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return self->text;
}

const char *
kf_kube_object_get_name (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return self->name;
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
  return self->uid;
}

const char *
kf_kube_object_get_resource_version (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return self->resource_version;
}

const char *
kf_kube_object_get_kind (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return self->kind;
}

JsonObject *
kf_kube_object_get_labels (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);

  if (self->label_pairs == NULL)
    return NULL;
  if (self->labels == NULL)
    {
      JsonObject *obj = json_object_new ();

      for (guint i = 0; self->label_pairs[i] != NULL; i += 2)
        json_object_set_string_member (obj, self->label_pairs[i], self->label_pairs[i + 1]);
      self->labels = json_node_init_object (json_node_alloc (), obj);
      json_object_unref (obj);
    }
  return json_node_get_object (self->labels);
}

const char *
kf_kube_object_get_label (KfKubeObject *self,
                          const char   *key)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);

  for (guint i = 0; self->label_pairs != NULL && self->label_pairs[i] != NULL; i += 2)
    if (g_str_equal (self->label_pairs[i], key))
      return self->label_pairs[i + 1];
  return NULL;
}

GDateTime *
kf_kube_object_dup_creation_time (KfKubeObject *self)
{
  g_return_val_if_fail (KF_IS_KUBE_OBJECT (self), NULL);
  return self->creation != NULL ? g_date_time_new_from_iso8601 (self->creation, NULL) : NULL;
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
