/* kf-sim-registry.c: the API resource types the simulated cluster serves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kf-schema.h"
#include "kf-sim-json.h"
#include "kf-sim-registry.h"

#define CRD_KEY "customresourcedefinitions.apiextensions.k8s.io"

struct _KfSimRegistry
{
  GObject     parent_instance;

  KfSimStore *store;
  gulong      changed_id;
  GPtrArray  *types;       /* KfSimResourceType*, owned, registration order */
  GHashTable *by_path;     /* "group/version/plural" -> type (borrowed) */
};

G_DEFINE_TYPE (KfSimRegistry, kf_sim_registry, G_TYPE_OBJECT)

static const char *all_verbs[] = { "create", "delete", "deletecollection", "get", "list", "patch",
                                   "update", "watch", NULL };

static void
type_free (KfSimResourceType *t)
{
  g_free (t->group);
  g_free (t->version);
  g_free (t->plural);
  g_free (t->singular);
  g_free (t->kind);
  g_free (t->store_key);
  g_strfreev (t->verbs);
  g_strfreev (t->short_names);
  g_strfreev (t->categories);
  g_strfreev (t->subresources);
  g_clear_pointer (&t->columns, json_node_unref);
  g_clear_pointer (&t->schema, json_node_unref);
  g_clear_pointer (&t->crd, json_node_unref);
  g_free (t->spec_replicas_path);
  g_free (t->status_replicas_path);
  g_free (t->label_selector_path);
  g_free (t);
}

static char *
path_key (const char *group,
          const char *version,
          const char *plural)
{
  return g_strconcat (group, "/", version, "/", plural, NULL);
}

static void
add_type (KfSimRegistry     *self,
          KfSimResourceType *t)
{
  g_hash_table_replace (self->by_path, path_key (t->group, t->version, t->plural), t);
  g_ptr_array_add (self->types, t);
  if (t->stored)
    kf_sim_store_set_has_status (self->store, t->store_key, t->has_status);
}

static void
add_builtin (KfSimRegistry *self,
             const char    *group,
             const char    *version,
             const char    *plural,
             const char    *singular,
             const char    *kind,
             gboolean       namespaced,
             const char    *short_names,   /* comma-separated or NULL */
             const char    *subresources,  /* comma-separated or NULL */
             const char    *categories)
{
  KfSimResourceType *t = g_new0 (KfSimResourceType, 1);

  t->group = g_strdup (group);
  t->version = g_strdup (version);
  t->plural = g_strdup (plural);
  t->singular = g_strdup (singular);
  t->kind = g_strdup (kind);
  t->store_key = *group ? g_strconcat (plural, ".", group, NULL) : g_strdup (plural);
  t->namespaced = namespaced;
  t->stored = TRUE;
  t->verbs = g_strdupv ((char **) all_verbs);
  t->short_names = short_names ? g_strsplit (short_names, ",", -1) : g_new0 (char *, 1);
  t->categories = categories ? g_strsplit (categories, ",", -1) : g_new0 (char *, 1);
  t->subresources = subresources ? g_strsplit (subresources, ",", -1) : g_new0 (char *, 1);
  t->has_status = g_strv_contains ((const char * const *) t->subresources, "status");
  t->has_scale = g_strv_contains ((const char * const *) t->subresources, "scale");
  if (t->has_scale)
    {
      t->spec_replicas_path = g_strdup (".spec.replicas");
      t->status_replicas_path = g_strdup (".status.replicas");
      t->label_selector_path = g_strdup (".status.selector");
    }
  add_type (self, t);
}

static void
add_review (KfSimRegistry *self,
            const char    *group,
            const char    *plural,
            const char    *singular,
            const char    *kind)
{
  KfSimResourceType *t = g_new0 (KfSimResourceType, 1);

  t->group = g_strdup (group);
  t->version = g_strdup ("v1");
  t->plural = g_strdup (plural);
  t->singular = g_strdup (singular);
  t->kind = g_strdup (kind);
  t->store_key = g_strconcat (plural, ".", group, NULL);
  t->verbs = g_strsplit ("create", ",", -1);
  t->short_names = g_new0 (char *, 1);
  t->categories = g_new0 (char *, 1);
  t->subresources = g_new0 (char *, 1);
  add_type (self, t);
}

static void
remove_crd_types (KfSimRegistry *self,
                  const char    *store_key)
{
  for (guint i = self->types->len; i > 0; i--)
    {
      KfSimResourceType *t = self->types->pdata[i - 1];

      if (t->crd != NULL && g_strcmp0 (t->store_key, store_key) == 0)
        {
          g_autofree char *key = path_key (t->group, t->version, t->plural);
          g_hash_table_remove (self->by_path, key);
          g_ptr_array_remove_index (self->types, i - 1);
        }
    }
}

static char **
string_list (JsonNode   *node,
             const char *path)
{
  JsonNode *arr = kf_sim_json_lookup (node, path);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (arr != NULL && JSON_NODE_HOLDS_ARRAY (arr))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (arr)); i++)
      {
        JsonNode *el = json_array_get_element (json_node_get_array (arr), i);
        if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
          g_strv_builder_add (b, json_node_get_string (el));
      }
  return g_strv_builder_end (b);
}

static void
register_crd (KfSimRegistry *self,
              JsonNode      *crd)
{
  const char *group = kf_sim_json_get_string (crd, "spec.group");
  const char *plural = kf_sim_json_get_string (crd, "spec.names.plural");
  JsonNode *versions = kf_sim_json_lookup (crd, "spec.versions");
  g_autofree char *store_key = NULL;
  g_autoptr(JsonNode) sealed = NULL;

  if (group == NULL || plural == NULL || versions == NULL || !JSON_NODE_HOLDS_ARRAY (versions))
    return;
  store_key = g_strconcat (plural, ".", group, NULL);
  remove_crd_types (self, store_key);
  /* the store hands out sealed nodes: share it */
  sealed = json_node_is_immutable (crd) ? json_node_ref (crd) : kf_sim_json_copy (crd);
  json_node_seal (sealed);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (versions)); i++)
    {
      JsonNode *v = json_array_get_element (json_node_get_array (versions), i);
      KfSimResourceType *t;
      JsonNode *subres, *columns, *schema;
      const char *vname = kf_sim_json_get_string (v, "name");

      if (vname == NULL || !json_object_get_boolean_member_with_default (json_node_get_object (v), "served", TRUE))
        continue;
      t = g_new0 (KfSimResourceType, 1);
      t->group = g_strdup (group);
      t->version = g_strdup (vname);
      t->plural = g_strdup (plural);
      t->singular = g_strdup (kf_sim_json_get_string (crd, "spec.names.singular"));
      if (t->singular == NULL)
        t->singular = g_ascii_strdown (kf_sim_json_get_string (crd, "spec.names.kind"), -1);
      t->kind = g_strdup (kf_sim_json_get_string (crd, "spec.names.kind"));
      t->store_key = g_strdup (store_key);
      t->namespaced = g_strcmp0 (kf_sim_json_get_string (crd, "spec.scope"), "Cluster") != 0;
      t->stored = TRUE;
      t->verbs = g_strdupv ((char **) all_verbs);
      t->short_names = string_list (crd, "spec.names.shortNames");
      t->categories = string_list (crd, "spec.names.categories");
      subres = kf_sim_json_lookup (v, "subresources");
      t->has_status = kf_sim_json_lookup (subres, "status") != NULL;
      t->has_scale = kf_sim_json_lookup (subres, "scale") != NULL;
      {
        g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
        if (t->has_status)
          g_strv_builder_add (b, "status");
        if (t->has_scale)
          g_strv_builder_add (b, "scale");
        t->subresources = g_strv_builder_end (b);
      }
      if (t->has_scale)
        {
          t->spec_replicas_path = g_strdup (kf_sim_json_get_string (subres, "scale.specReplicasPath"));
          t->status_replicas_path = g_strdup (kf_sim_json_get_string (subres, "scale.statusReplicasPath"));
          t->label_selector_path = g_strdup (kf_sim_json_get_string (subres, "scale.labelSelectorPath"));
        }
      columns = kf_sim_json_lookup (json_array_get_element (json_node_get_array (
                                      kf_sim_json_lookup (sealed, "spec.versions")), i),
                                    "additionalPrinterColumns");
      t->columns = columns ? json_node_ref (columns) : NULL;
      schema = kf_schema_from_crd (sealed, vname);
      t->schema = schema ? json_node_ref (schema) : NULL;
      t->crd = json_node_ref (sealed);
      add_type (self, t);
    }
}

static JsonNode *
crd_condition (const char *type,
               const char *reason,
               const char *message,
               const char *now)
{
  JsonObject *c = json_object_new ();

  json_object_set_string_member (c, "type", type);
  json_object_set_string_member (c, "status", "True");
  json_object_set_string_member (c, "lastTransitionTime", now);
  json_object_set_string_member (c, "reason", reason);
  json_object_set_string_member (c, "message", message);
  return json_node_init_object (json_node_alloc (), c);
}

void
kf_sim_registry_prepare_crd (JsonNode *copy)
{
  g_autofree char *now = kf_sim_json_timestamp_now ();
  JsonObject *status;
  JsonArray *conditions, *stored;
  JsonNode *versions;
  JsonNode *crd = copy;

  status = kf_sim_json_ensure_object (copy, "status");
  json_object_set_member (status, "acceptedNames", kf_sim_json_copy (kf_sim_json_lookup (crd, "spec.names")));
  conditions = json_array_new ();
  json_array_add_element (conditions, crd_condition ("NamesAccepted", "NoConflicts", "no conflicts found", now));
  json_array_add_element (conditions, crd_condition ("Established", "InitialNamesAccepted",
                                                     "the initial names have been accepted", now));
  json_object_set_array_member (status, "conditions", conditions);
  stored = json_array_new ();
  versions = kf_sim_json_lookup (crd, "spec.versions");
  for (guint i = 0; versions && JSON_NODE_HOLDS_ARRAY (versions) && i < json_array_get_length (json_node_get_array (versions)); i++)
    {
      JsonNode *v = json_array_get_element (json_node_get_array (versions), i);
      if (json_object_get_boolean_member_with_default (json_node_get_object (v), "storage", FALSE))
        json_array_add_string_element (stored, kf_sim_json_get_string (v, "name"));
    }
  json_object_set_array_member (status, "storedVersions", stored);
}

static void
establish_crd (KfSimRegistry *self,
               JsonNode      *crd)
{
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(GError) error = NULL;

  if (kf_sim_json_lookup (crd, "status.acceptedNames.kind") != NULL)
    return;
  copy = kf_sim_json_copy (crd);
  kf_sim_registry_prepare_crd (copy);
  updated = kf_sim_store_update (self->store, CRD_KEY, NULL, copy, TRUE, &error);
  if (updated == NULL)
    g_warning ("could not establish CRD: %s", error->message);
}

static void
store_changed_cb (KfSimStore *store,
                  int         type,
                  const char *resource,
                  JsonNode   *object,
                  gpointer    user_data)
{
  KfSimRegistry *self = user_data;
  const char *group, *plural;
  g_autofree char *store_key = NULL;

  if (g_strcmp0 (resource, CRD_KEY) != 0)
    return;
  group = kf_sim_json_get_string (object, "spec.group");
  plural = kf_sim_json_get_string (object, "spec.names.plural");
  if (group == NULL || plural == NULL)
    return;
  store_key = g_strconcat (plural, ".", group, NULL);

  if (type == KF_SIM_EVENT_DELETED)
    {
      g_autoptr(GPtrArray) items = NULL;

      remove_crd_types (self, store_key);
      /* the custom resources go with their definition */
      items = kf_sim_store_list (store, store_key, NULL, NULL, NULL, NULL);
      for (guint i = 0; items && i < items->len; i++)
        {
          g_autoptr(JsonNode) gone = kf_sim_store_delete (store, store_key,
                                                          kf_sim_json_get_string (items->pdata[i], "metadata.namespace"),
                                                          kf_sim_json_get_string (items->pdata[i], "metadata.name"),
                                                          NULL);
        }
      kf_sim_store_set_has_status (store, store_key, FALSE);
      return;
    }
  register_crd (self, object);
  if (type == KF_SIM_EVENT_ADDED)
    establish_crd (self, object);
}

static void
kf_sim_registry_dispose (GObject *object)
{
  KfSimRegistry *self = KF_SIM_REGISTRY (object);

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kf_sim_registry_parent_class)->dispose (object);
}

static void
kf_sim_registry_finalize (GObject *object)
{
  KfSimRegistry *self = KF_SIM_REGISTRY (object);

  g_hash_table_unref (self->by_path);
  g_ptr_array_unref (self->types);
  G_OBJECT_CLASS (kf_sim_registry_parent_class)->finalize (object);
}

static void
kf_sim_registry_class_init (KfSimRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kf_sim_registry_dispose;
  object_class->finalize = kf_sim_registry_finalize;
}

static void
kf_sim_registry_init (KfSimRegistry *self)
{
  self->types = g_ptr_array_new_with_free_func ((GDestroyNotify) type_free);
  self->by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

KfSimRegistry *
kf_sim_registry_new (KfSimStore *store)
{
  KfSimRegistry *self = g_object_new (KF_TYPE_SIM_REGISTRY, NULL);

  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);

  add_builtin (self, "", "v1", "namespaces", "namespace", "Namespace", FALSE, "ns", "status,finalize", NULL);
  add_builtin (self, "", "v1", "nodes", "node", "Node", FALSE, "no", "status,proxy", NULL);
  add_builtin (self, "", "v1", "pods", "pod", "Pod", TRUE, "po", "status,log,exec,portforward,proxy", "all");
  add_builtin (self, "", "v1", "services", "service", "Service", TRUE, "svc", "status,proxy", "all");
  add_builtin (self, "", "v1", "endpoints", "endpoints", "Endpoints", TRUE, "ep", NULL, NULL);
  add_builtin (self, "", "v1", "configmaps", "configmap", "ConfigMap", TRUE, "cm", NULL, NULL);
  add_builtin (self, "", "v1", "secrets", "secret", "Secret", TRUE, NULL, NULL, NULL);
  add_builtin (self, "", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", TRUE, "sa", NULL, NULL);
  add_builtin (self, "", "v1", "events", "event", "Event", TRUE, "ev", NULL, NULL);
  add_builtin (self, "", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", TRUE, "pvc", "status", NULL);
  add_builtin (self, "apps", "v1", "deployments", "deployment", "Deployment", TRUE, "deploy", "status,scale", "all");
  add_builtin (self, "apps", "v1", "replicasets", "replicaset", "ReplicaSet", TRUE, "rs", "status,scale", "all");
  add_builtin (self, "apps", "v1", "statefulsets", "statefulset", "StatefulSet", TRUE, "sts", "status,scale", "all");
  add_builtin (self, "apps", "v1", "daemonsets", "daemonset", "DaemonSet", TRUE, "ds", "status", "all");
  add_builtin (self, "rbac.authorization.k8s.io", "v1", "roles", "role", "Role", TRUE, NULL, NULL, NULL);
  add_builtin (self, "rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", TRUE, NULL, NULL, NULL);
  add_builtin (self, "rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", FALSE, NULL, NULL, NULL);
  add_builtin (self, "rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", FALSE, NULL, NULL, NULL);
  add_builtin (self, "apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
               "CustomResourceDefinition", FALSE, "crd,crds", "status", "api-extensions");
  add_builtin (self, "storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", FALSE, "sc", NULL, NULL);
  add_review (self, "authentication.k8s.io", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview");
  add_review (self, "authentication.k8s.io", "tokenreviews", "tokenreview", "TokenReview");
  add_review (self, "authorization.k8s.io", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview");
  add_review (self, "authorization.k8s.io", "subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview");
  return self;
}

KfSimResourceType *
kf_sim_registry_lookup (KfSimRegistry *self,
                        const char    *group,
                        const char    *version,
                        const char    *plural)
{
  g_autofree char *key = path_key (group ? group : "", version, plural);

  g_return_val_if_fail (KF_IS_SIM_REGISTRY (self), NULL);
  return g_hash_table_lookup (self->by_path, key);
}

/* Kubernetes version priority: GA > beta > alpha, then by number (v2 > v1, v1beta2 > v1beta1). */
static int
version_priority_compare (const char *a,
                          const char *b)
{
  int ma = 0, mb = 0, la = 3, lb = 3, na = 0, nb = 0;
  char ka[16] = "", kb[16] = "";

  sscanf (a, "v%d%15[a-z]%d", &ma, ka, &na);
  sscanf (b, "v%d%15[a-z]%d", &mb, kb, &nb);
  la = *ka == '\0' ? 3 : g_str_equal (ka, "beta") ? 2 : 1;
  lb = *kb == '\0' ? 3 : g_str_equal (kb, "beta") ? 2 : 1;
  if (la != lb)
    return lb - la;
  if (ma != mb)
    return mb - ma;
  if (na != nb)
    return nb - na;
  return g_strcmp0 (a, b);
}

static int
version_sort_cb (gconstpointer a,
                 gconstpointer b)
{
  return version_priority_compare (*(const char **) a, *(const char **) b);
}

char **
kf_sim_registry_get_versions (KfSimRegistry *self,
                              const char    *group)
{
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->types->len; i++)
    {
      KfSimResourceType *t = self->types->pdata[i];
      gboolean seen = FALSE;

      if (g_strcmp0 (t->group, group) != 0)
        continue;
      for (guint k = 0; k < versions->len; k++)
        seen = seen || g_str_equal (versions->pdata[k], t->version);
      if (!seen)
        g_ptr_array_add (versions, g_strdup (t->version));
    }
  g_ptr_array_sort (versions, version_sort_cb);
  g_ptr_array_add (versions, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&versions), FALSE);
}

KfSimResourceType *
kf_sim_registry_lookup_store_key (KfSimRegistry *self,
                                  const char    *store_key,
                                  const char    *version)
{
  KfSimResourceType *found = NULL;

  for (guint i = 0; i < self->types->len; i++)
    {
      KfSimResourceType *t = self->types->pdata[i];

      if (g_strcmp0 (t->store_key, store_key) != 0)
        continue;
      if (version != NULL && g_strcmp0 (t->version, version) == 0)
        return t;
      if (found == NULL || version_priority_compare (t->version, found->version) < 0)
        found = t;
    }
  return version == NULL ? found : NULL;
}

KfSimResourceType *
kf_sim_registry_lookup_kind (KfSimRegistry *self,
                             const char    *group,
                             const char    *kind)
{
  KfSimResourceType *found = NULL;

  for (guint i = 0; i < self->types->len; i++)
    {
      KfSimResourceType *t = self->types->pdata[i];

      if (g_strcmp0 (t->group, group) == 0 && g_strcmp0 (t->kind, kind) == 0 &&
          (found == NULL || version_priority_compare (t->version, found->version) < 0))
        found = t;
    }
  return found;
}

GPtrArray *
kf_sim_registry_get_groups (KfSimRegistry *self)
{
  GPtrArray *groups = g_ptr_array_new ();

  for (guint i = 0; i < self->types->len; i++)
    {
      KfSimResourceType *t = self->types->pdata[i];
      gboolean seen = FALSE;

      for (guint k = 0; k < groups->len; k++)
        seen = seen || g_str_equal (groups->pdata[k], t->group);
      if (!seen)
        g_ptr_array_add (groups, t->group);
    }
  return groups;
}

GPtrArray *
kf_sim_registry_get_types (KfSimRegistry *self,
                           const char    *group,
                           const char    *version)
{
  GPtrArray *types = g_ptr_array_new ();

  for (guint i = 0; i < self->types->len; i++)
    {
      KfSimResourceType *t = self->types->pdata[i];
      if (g_strcmp0 (t->group, group) == 0 && g_strcmp0 (t->version, version) == 0)
        g_ptr_array_add (types, t);
    }
  return types;
}

static void
add_cause (GPtrArray  *causes,
           const char *type,
           const char *field,
           const char *message)
{
  KfSchemaCause *c = g_new0 (KfSchemaCause, 1);

  c->type = g_strdup (type);
  c->field = g_strdup (field);
  c->message = g_strdup (message);
  g_ptr_array_add (causes, c);
}

gboolean
kf_sim_registry_check_crd (KfSimRegistry *self,
                           JsonNode      *crd,
                           GPtrArray    **causes_out)
{
  g_autoptr(GPtrArray) causes = g_ptr_array_new_with_free_func ((GDestroyNotify) kf_schema_cause_free);
  const char *group = kf_sim_json_get_string (crd, "spec.group");
  const char *plural = kf_sim_json_get_string (crd, "spec.names.plural");
  const char *kind = kf_sim_json_get_string (crd, "spec.names.kind");
  const char *name = kf_sim_json_get_string (crd, "metadata.name");
  const char *scope = kf_sim_json_get_string (crd, "spec.scope");
  JsonNode *versions = kf_sim_json_lookup (crd, "spec.versions");
  guint storage = 0;

  if (group == NULL || *group == '\0')
    add_cause (causes, "FieldValueRequired", "spec.group", "Required value");
  if (plural == NULL || *plural == '\0')
    add_cause (causes, "FieldValueRequired", "spec.names.plural", "Required value");
  if (kind == NULL || *kind == '\0')
    add_cause (causes, "FieldValueRequired", "spec.names.kind", "Required value");
  if (scope == NULL || (!g_str_equal (scope, "Namespaced") && !g_str_equal (scope, "Cluster")))
    add_cause (causes, "FieldValueNotSupported", "spec.scope",
               "Unsupported value: supported values: \"Cluster\", \"Namespaced\"");
  if (group && plural && name)
    {
      g_autofree char *expected = g_strconcat (plural, ".", group, NULL);
      if (!g_str_equal (expected, name))
        {
          g_autofree char *msg = g_strdup_printf ("Invalid value: \"%s\": must be spec.names.plural+\".\"+spec.group", name);
          add_cause (causes, "FieldValueInvalid", "metadata.name", msg);
        }
    }
  if (versions == NULL || !JSON_NODE_HOLDS_ARRAY (versions) || json_array_get_length (json_node_get_array (versions)) == 0)
    add_cause (causes, "FieldValueRequired", "spec.versions", "Required value: must have exactly one version marked as storage version");
  else
    {
      for (guint i = 0; i < json_array_get_length (json_node_get_array (versions)); i++)
        {
          JsonNode *v = json_array_get_element (json_node_get_array (versions), i);
          if (JSON_NODE_HOLDS_OBJECT (v) && json_object_get_boolean_member_with_default (json_node_get_object (v), "storage", FALSE))
            storage++;
        }
      if (storage != 1)
        add_cause (causes, "FieldValueInvalid", "spec.versions",
                   "Invalid value: \"\": must have exactly one version marked as storage version");
    }

  if (causes->len == 0)
    return TRUE;
  if (causes_out != NULL)
    *causes_out = g_steal_pointer (&causes);
  return FALSE;
}
