/* kc-test-util.h: helpers shared by the kubeconfig tests (header-only, static)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

/* A fresh temporary directory, removed by kc_rm_rf(). */
static inline char *
kc_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kf-kubeconfig-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
kc_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        kc_rm_rf (child);
      }
  g_remove (path);
}

/* Writes a file in dir; returns its path. */
static inline char *
kc_write (const char *dir,
          const char *name,
          const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static inline char *
kc_read (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static inline char *
kc_base64_file (const char *path)
{
  g_autofree char *contents = kc_read (path);
  return g_base64_encode ((const guchar *) contents, strlen (contents));
}

/* Runs a command (an argv, in dir) and asserts it succeeds. */
static inline void
kc_run (const char *dir,
        const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static inline gboolean
kc_have_openssl (void)
{
  g_autofree char *path = g_find_program_in_path ("openssl");
  return path != NULL;
}

/* Spins the default main context until *flag is TRUE (or 20 s pass: a failure). */
static inline void
kc_wait (gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!*flag)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting");
      g_main_context_iteration (NULL, FALSE);
      if (!*flag)
        g_usleep (1000);
    }
}

/* An async result captured for the synchronous style of the tests. */
typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} KcAsync;

static inline void
kc_async_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KcAsync *async = user_data;

  async->result = g_object_ref (result);
  async->done = TRUE;
}

static inline GAsyncResult *
kc_async_wait (KcAsync *async)
{
  kc_wait (&async->done);
  async->done = FALSE;
  return async->result;
}

#include "kf-rest-config.h"

/* The Authorization header a config resolves to (runs the main loop). */
static inline char *
kc_get_authorization (KfRestConfig  *config,
                      GError       **error)
{
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  kf_rest_config_get_authorization_async (config, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  return kf_rest_config_get_authorization_finish (config, result, error);
}

/* openssl: a key of the given kind and a self-signed certificate for it. kind is one of
 * rsa-pkcs1, rsa-pkcs8, ec-sec1, ec-pkcs8. */
static inline void
kc_make_cert (const char *dir,
              const char *kind,
              char      **cert_path,
              char      **key_path)
{
  g_autofree char *key = g_strdup_printf ("%s.key", kind);
  g_autofree char *cert = g_strdup_printf ("%s.crt", kind);

  if (g_str_equal (kind, "rsa-pkcs1"))
    {
      const char *argv[] = { "openssl", "genrsa", "-traditional", "-out", key, "2048", NULL };
      kc_run (dir, argv);
    }
  else if (g_str_equal (kind, "rsa-pkcs8"))
    {
      const char *argv[] = { "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key, NULL };
      kc_run (dir, argv);
    }
  else if (g_str_equal (kind, "ec-sec1"))
    {
      const char *argv[] = { "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key, NULL };
      kc_run (dir, argv);
    }
  else
    {
      const char *argv[] = { "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key, NULL };
      kc_run (dir, argv);
    }
  {
    const char *argv[] = { "openssl", "req", "-x509", "-new", "-key", key, "-subj", "/CN=kf-test-user", "-days", "2", "-out", cert, NULL };
    kc_run (dir, argv);
  }
  *cert_path = g_build_filename (dir, cert, NULL);
  *key_path = g_build_filename (dir, key, NULL);
}

/* openssl: a CA, and a server certificate it signed for the given subjectAltName
 * (e.g. "IP:127.0.0.1,DNS:idp.test"). */
static inline void
kc_make_ca_and_server (const char *dir,
                       const char *alt_names,
                       char      **ca_path,
                       char      **server_cert_path,
                       char      **server_key_path)
{
  g_autofree char *ext = g_strdup_printf ("subjectAltName=%s\nbasicConstraints=CA:FALSE\n", alt_names);
  g_autofree char *ext_path = kc_write (dir, "server.ext", ext);
  const char *ca_argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
                            "-out", "ca.pem", "-subj", "/CN=kf-test-ca", "-days", "2", NULL };
  const char *csr_argv[] = { "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
                             "-out", "server.csr", "-subj", "/CN=kf-test-server", NULL };
  const char *sign_argv[] = { "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                              "-CAcreateserial", "-days", "2", "-extfile", ext_path, "-out", "server.pem", NULL };

  kc_run (dir, ca_argv);
  kc_run (dir, csr_argv);
  kc_run (dir, sign_argv);
  *ca_path = g_build_filename (dir, "ca.pem", NULL);
  *server_cert_path = g_build_filename (dir, "server.pem", NULL);
  *server_key_path = g_build_filename (dir, "server.key", NULL);
}

/* openssl: an EC (SEC1) client certificate signed by the CA of kc_make_ca_and_server(). */
static inline void
kc_make_client_cert (const char *dir,
                     char      **cert_path,
                     char      **key_path)
{
  g_autofree char *ext_path = kc_write (dir, "client.ext", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
  const char *key_argv[] = { "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client.key", NULL };
  const char *csr_argv[] = { "openssl", "req", "-new", "-key", "client.key", "-out", "client.csr",
                             "-subj", "/O=system:masters/CN=kf-test-user", NULL };
  const char *sign_argv[] = { "openssl", "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                              "-CAcreateserial", "-days", "2", "-extfile", ext_path, "-out", "client.crt", NULL };

  kc_run (dir, key_argv);
  kc_run (dir, csr_argv);
  kc_run (dir, sign_argv);
  *cert_path = g_build_filename (dir, "client.crt", NULL);
  *key_path = g_build_filename (dir, "client.key", NULL);
}
