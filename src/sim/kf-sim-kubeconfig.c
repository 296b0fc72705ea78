/* kf-sim-kubeconfig.c: the kubeconfig the simulated cluster writes for itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "kf-sim-json.h"
#include "kf-sim-server-private.h"
#include "kf-yaml.h"

static void
add_context (JsonArray  *contexts,
             const char *name,
             const char *user)
{
  JsonObject *c = json_object_new ();
  JsonObject *ctx = json_object_new ();

  json_object_set_string_member (ctx, "cluster", "kubefoundry-sim");
  json_object_set_string_member (ctx, "user", user);
  json_object_set_string_member (ctx, "namespace", "default");
  json_object_set_string_member (c, "name", name);
  json_object_set_object_member (c, "context", ctx);
  json_array_add_object_element (contexts, c);
}

static char *
b64 (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

char *
kf_sim_server_write_kubeconfig (KfSimServer *self,
                                const char  *path,
                                GError     **error)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *o = json_node_get_object (root);
  JsonArray *clusters = json_array_new ();
  JsonArray *contexts = json_array_new ();
  JsonArray *users = json_array_new ();
  JsonObject *cluster = json_object_new ();
  JsonObject *cluster_entry = json_object_new ();
  g_autofree char *text = NULL;
  g_autofree char *out_path = NULL;
  gboolean have_token = FALSE, have_cert = FALSE;
  const char *current = NULL;

  g_return_val_if_fail (KF_IS_SIM_SERVER (self), NULL);
  if (self->url == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "the simulated cluster is not started");
      return NULL;
    }

  json_object_set_string_member (o, "apiVersion", "v1");
  json_object_set_string_member (o, "kind", "Config");
  json_object_set_string_member (cluster, "server", self->url);
  if (self->ca != NULL)
    {
      g_autofree char *ca = b64 (kf_sim_ca_get_ca_pem (self->ca));
      json_object_set_string_member (cluster, "certificate-authority-data", ca);
    }
  json_object_set_string_member (cluster_entry, "name", "kubefoundry-sim");
  json_object_set_object_member (cluster_entry, "cluster", cluster);
  json_array_add_object_element (clusters, cluster_entry);

  for (guint i = 0; i < self->scenario->users->len; i++)
    {
      KfSimUser *u = self->scenario->users->pdata[i];
      JsonObject *entry = json_object_new ();
      JsonObject *creds = json_object_new ();
      g_autofree char *user_name = g_strconcat ("kubefoundry-sim-", u->name, NULL);
      g_autofree char *context = NULL;

      if (u->token != NULL)
        json_object_set_string_member (creds, "token", u->token);
      else if (self->ca != NULL)
        {
          g_autofree char *cert = NULL, *key = NULL, *cert64 = NULL, *key64 = NULL;

          if (!kf_sim_server_get_client_certificate (self, u->name, &cert, &key, error))
            {
              json_object_unref (creds);
              json_object_unref (entry);
              json_array_unref (clusters);
              json_array_unref (contexts);
              json_array_unref (users);
              return NULL;
            }
          cert64 = b64 (cert);
          key64 = b64 (key);
          json_object_set_string_member (creds, "client-certificate-data", cert64);
          json_object_set_string_member (creds, "client-key-data", key64);
        }
      else
        {
          /* a certificate user has no way in over plain HTTP */
          json_object_unref (creds);
          json_object_unref (entry);
          continue;
        }
      json_object_set_string_member (entry, "name", user_name);
      json_object_set_object_member (entry, "user", creds);
      json_array_add_object_element (users, entry);

      if (u->token != NULL && !have_token)
        {
          context = g_strdup ("kubefoundry-sim");
          have_token = TRUE;
        }
      else if (u->token == NULL && !have_cert)
        {
          context = g_strdup ("kubefoundry-sim-cert");
          have_cert = TRUE;
        }
      else
        context = g_strconcat ("kubefoundry-sim-", u->name, NULL);
      add_context (contexts, context, user_name);
      if (current == NULL || g_str_equal (context, "kubefoundry-sim"))
        current = json_object_get_string_member (json_array_get_object_element (contexts,
                                                   json_array_get_length (contexts) - 1), "name");
    }

  json_object_set_array_member (o, "clusters", clusters);
  json_object_set_array_member (o, "contexts", contexts);
  json_object_set_string_member (o, "current-context", current ? current : "kubefoundry-sim");
  json_object_set_object_member (o, "preferences", json_object_new ());
  json_object_set_array_member (o, "users", users);

  text = kf_yaml_emit (root, error);
  if (text == NULL)
    return NULL;
  if (path == NULL)
    {
      int fd = g_file_open_tmp ("kubefoundry-sim-XXXXXX.kubeconfig", &out_path, error);
      if (fd < 0)
        return NULL;
      close (fd);
    }
  else
    out_path = g_strdup (path);
  if (!g_file_set_contents_full (out_path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  return g_steal_pointer (&out_path);
}
