/* kf-sim-protobuf.c: decoding the protobuf bodies kubectl's typed clients send
 *
 * Field numbers from k8s.io/api/{authorization,authentication,core}/v1/generated.proto
 * and k8s.io/apimachinery/pkg/{runtime,apis/meta/v1}/generated.proto.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <string.h>

#include "kf-sim-protobuf.h"

typedef struct
{
  const guint8 *p;
  gsize         len;
} Slice;

static gboolean
read_varint (const guint8 **p,
             const guint8  *end,
             guint64       *out)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64 && *p < end; shift += 7)
    {
      guint8 b = *(*p)++;
      v |= (guint64) (b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        {
          *out = v;
          return TRUE;
        }
    }
  return FALSE;
}

/* Calls @cb for each length-delimited field; skips the others. FALSE on malformed input. */
static gboolean
each_field (Slice      msg,
            gboolean (*cb) (guint field, Slice value, gpointer data),
            gpointer   data)
{
  const guint8 *p = msg.p, *end = msg.p + msg.len;

  while (p < end)
    {
      guint64 key, len;
      guint wire;

      if (!read_varint (&p, end, &key))
        return FALSE;
      wire = key & 7;
      switch (wire)
        {
        case 0:
          if (!read_varint (&p, end, &len))
            return FALSE;
          break;
        case 1:
          if (end - p < 8)
            return FALSE;
          p += 8;
          break;
        case 5:
          if (end - p < 4)
            return FALSE;
          p += 4;
          break;
        case 2:
          {
            Slice value;
            if (!read_varint (&p, end, &len) || len > (guint64) (end - p))
              return FALSE;
            value.p = p;
            value.len = (gsize) len;
            p += len;
            if (!cb ((guint) (key >> 3), value, data))
              return FALSE;
          }
          break;
        default:
          return FALSE;
        }
    }
  return TRUE;
}

static char *
slice_string (Slice s)
{
  return g_utf8_make_valid ((const char *) s.p, s.len);
}

typedef struct
{
  JsonObject  *obj;
  const char **names;   /* field number n -> names[n], NULL-terminated */
  guint        n_names;
} StringFields;

static gboolean
string_field_cb (guint    field,
                 Slice    value,
                 gpointer data)
{
  StringFields *sf = data;

  if (field < sf->n_names && sf->names[field] != NULL)
    {
      g_autofree char *s = slice_string (value);
      json_object_set_string_member (sf->obj, sf->names[field], s);
    }
  return TRUE;
}

static JsonObject *
decode_strings (Slice        msg,
                const char **names,
                guint        n_names)
{
  StringFields sf = { json_object_new (), names, n_names };

  each_field (msg, string_field_cb, &sf);
  return sf.obj;
}

/* SubjectAccessReviewSpec / SelfSubjectAccessReviewSpec */
typedef struct
{
  JsonObject *spec;
  gboolean    self;
} SpecCtx;

static gboolean
access_spec_cb (guint    field,
                Slice    value,
                gpointer data)
{
  SpecCtx *ctx = data;
  static const char *resource[] = { NULL, "namespace", "verb", "group", "version", "resource", "subresource", "name" };
  static const char *non_resource[] = { NULL, "path", "verb" };

  if (field == 1)
    json_object_set_object_member (ctx->spec, "resourceAttributes",
                                   decode_strings (value, resource, G_N_ELEMENTS (resource)));
  else if (field == 2)
    json_object_set_object_member (ctx->spec, "nonResourceAttributes",
                                   decode_strings (value, non_resource, G_N_ELEMENTS (non_resource)));
  else if (!ctx->self && field == 3)
    {
      g_autofree char *user = slice_string (value);
      json_object_set_string_member (ctx->spec, "user", user);
    }
  return TRUE;
}

/* map<string,string> entries: {key = 1, value = 2} */
static gboolean
map_entry_cb (guint    field,
              Slice    value,
              gpointer data)
{
  static const char *kv[] = { NULL, "key", "value" };
  g_autoptr(JsonObject) entry = decode_strings (value, kv, G_N_ELEMENTS (kv));

  if (json_object_has_member (entry, "key"))
    json_object_set_string_member (data, json_object_get_string_member (entry, "key"),
                                   json_object_get_string_member_with_default (entry, "value", ""));
  return TRUE;
}

typedef struct
{
  JsonObject *obj;
  guint       map_field;
  const char *map_name;
  gboolean    base64;
} MapCtx;

/* Collects the entries of one map field of a message into obj[map_name]. */
static gboolean
collect_map_cb (guint    field,
                Slice    value,
                gpointer data)
{
  MapCtx *ctx = data;
  JsonObject *map;

  if (field != ctx->map_field)
    return TRUE;
  if (!json_object_has_member (ctx->obj, ctx->map_name))
    json_object_set_object_member (ctx->obj, ctx->map_name, json_object_new ());
  map = json_object_get_object_member (ctx->obj, ctx->map_name);
  if (ctx->base64)
    {
      /* map<string,bytes>: the value is raw bytes, JSON carries base64 */
      static const char *kv[] = { NULL, "key", "value" };
      g_autoptr(JsonObject) entry = decode_strings (value, kv, G_N_ELEMENTS (kv));
      /* decode_strings made the bytes valid UTF-8; re-read the raw value instead */
      const guint8 *p = value.p, *end = value.p + value.len;
      g_autofree char *key = g_strdup (json_object_get_string_member_with_default (entry, "key", ""));
      while (p < end)
        {
          guint64 k, len;
          if (!read_varint (&p, end, &k) || (k & 7) != 2 || !read_varint (&p, end, &len) || len > (guint64) (end - p))
            break;
          if ((k >> 3) == 2)
            {
              g_autofree char *b64 = g_base64_encode (p, (gsize) len);
              json_object_set_string_member (map, key, b64);
            }
          p += len;
        }
      return TRUE;
    }
  return map_entry_cb (field, value, map);
}

static void
decode_map (Slice       msg,
            JsonObject *obj,
            guint       field,
            const char *name,
            gboolean    base64)
{
  MapCtx ctx = { obj, field, name, base64 };
  each_field (msg, collect_map_cb, &ctx);
}

typedef struct
{
  JsonObject *root;
  const char *kind;
} ObjCtx;

static gboolean
object_cb (guint    field,
           Slice    value,
           gpointer data)
{
  ObjCtx *ctx = data;

  if (field == 1)
    {
      /* ObjectMeta: name = 1, generateName = 2, namespace = 3 */
      static const char *meta[] = { NULL, "name", "generateName", "namespace" };
      JsonObject *m = decode_strings (value, meta, G_N_ELEMENTS (meta));

      decode_map (value, m, 11, "labels", FALSE);
      decode_map (value, m, 12, "annotations", FALSE);
      json_object_set_object_member (ctx->root, "metadata", m);
      return TRUE;
    }
  if (g_str_equal (ctx->kind, "ConfigMap") || g_str_equal (ctx->kind, "Secret"))
    {
      /* ConfigMap: data = 2, binaryData = 3; Secret: data = 2 (bytes), type = 3, stringData = 4 */
      return TRUE;
    }
  else if (field == 2)
    {
      JsonObject *spec = json_object_new ();

      if (g_str_equal (ctx->kind, "SelfSubjectAccessReview") || g_str_equal (ctx->kind, "SubjectAccessReview"))
        {
          SpecCtx sc = { spec, g_str_equal (ctx->kind, "SelfSubjectAccessReview") };
          each_field (value, access_spec_cb, &sc);
        }
      else if (g_str_equal (ctx->kind, "TokenReview"))
        {
          static const char *token[] = { NULL, "token" };
          json_object_unref (spec);
          spec = decode_strings (value, token, G_N_ELEMENTS (token));
        }
      json_object_set_object_member (ctx->root, "spec", spec);
    }
  return TRUE;
}

typedef struct
{
  Slice  raw;
  char  *api_version;
  char  *kind;
} UnknownCtx;

static gboolean
unknown_cb (guint    field,
            Slice    value,
            gpointer data)
{
  UnknownCtx *u = data;

  if (field == 1)
    {
      static const char *tm[] = { NULL, "apiVersion", "kind" };
      g_autoptr(JsonObject) o = decode_strings (value, tm, G_N_ELEMENTS (tm));
      g_free (u->api_version);
      g_free (u->kind);
      u->api_version = g_strdup (json_object_get_string_member_with_default (o, "apiVersion", ""));
      u->kind = g_strdup (json_object_get_string_member_with_default (o, "kind", ""));
    }
  else if (field == 2)
    u->raw = value;
  return TRUE;
}

JsonNode *
kf_sim_protobuf_decode (const guint8 *data,
                        gsize         length)
{
  UnknownCtx u = { { NULL, 0 }, NULL, NULL };
  Slice all;
  JsonObject *root;
  ObjCtx ctx;
  const char *supported[] = { "SelfSubjectAccessReview", "SubjectAccessReview", "SelfSubjectReview",
                              "TokenReview", "Namespace", "ConfigMap", "Secret", NULL };

  if (data == NULL || length < 4 || memcmp (data, "k8s\0", 4) != 0)
    return NULL;
  all.p = data + 4;
  all.len = length - 4;
  if (!each_field (all, unknown_cb, &u) || u.kind == NULL || !g_strv_contains (supported, u.kind))
    {
      g_free (u.api_version);
      g_free (u.kind);
      return NULL;
    }
  root = json_object_new ();
  json_object_set_string_member (root, "apiVersion", u.api_version);
  json_object_set_string_member (root, "kind", u.kind);
  ctx.root = root;
  ctx.kind = u.kind;
  if (u.raw.p != NULL)
    {
      each_field (u.raw, object_cb, &ctx);
      if (g_str_equal (u.kind, "ConfigMap"))
        {
          decode_map (u.raw, root, 2, "data", FALSE);
          decode_map (u.raw, root, 3, "binaryData", TRUE);
        }
      else if (g_str_equal (u.kind, "Secret"))
        {
          static const char *type[] = { NULL, NULL, NULL, "type" };
          g_autoptr(JsonObject) t = decode_strings (u.raw, type, G_N_ELEMENTS (type));
          decode_map (u.raw, root, 2, "data", TRUE);
          decode_map (u.raw, root, 4, "stringData", FALSE);
          if (json_object_has_member (t, "type"))
            json_object_set_string_member (root, "type", json_object_get_string_member (t, "type"));
        }
    }
  if (!json_object_has_member (root, "metadata"))
    json_object_set_object_member (root, "metadata", json_object_new ());
  g_free (u.api_version);
  g_free (u.kind);
  return json_node_init_object (json_node_alloc (), root);
}
