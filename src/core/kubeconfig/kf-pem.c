/* kf-pem.c: certificates and keys from PEM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kf-pem"

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "kf-pem.h"
#include "kf-rest-config.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)

/* Never prompt on a terminal for a passphrase: encrypted keys are refused. */
static int
no_passphrase_cb (char *buf, int size, int rwflag, void *u)
{
  return -1;
}

static char *
openssl_reason (void)
{
  unsigned long code = ERR_peek_last_error ();
  const char *reason = code ? ERR_reason_error_string (code) : NULL;
  char *text = g_strdup (reason ? reason : "no PEM data found");

  ERR_clear_error ();
  return text;
}

gboolean
kf_pem_check_certificates (const char  *pem,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(BIO) bio = NULL;
  g_autoptr(X509) cert = NULL;

  if (len > G_MAXINT)
    {
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID, "certificate bundle too large");
      return FALSE;
    }
  bio = BIO_new_mem_buf (pem, (int) len);
  cert = PEM_read_bio_X509 (bio, NULL, no_passphrase_cb, NULL);
  if (cert == NULL)
    {
      g_autofree char *reason = openssl_reason ();
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                   "not a PEM certificate (%s)", reason);
      return FALSE;
    }
  return TRUE;
}

static char *
key_to_pkcs8 (const char  *key_pem,
              gsize        key_len,
              EVP_PKEY   **out_key,
              GError     **error)
{
  g_autoptr(BIO) in = NULL;
  g_autoptr(BIO) out = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  char *data = NULL;
  long len;
  char *result;

  if (key_len > G_MAXINT)
    {
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID, "key too large");
      return NULL;
    }
  if (g_strstr_len (key_pem, key_len, "ENCRYPTED") != NULL)
    {
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                   "the key is encrypted with a passphrase, which kubeconfig files cannot provide");
      return NULL;
    }
  in = BIO_new_mem_buf (key_pem, (int) key_len);
  key = PEM_read_bio_PrivateKey (in, NULL, no_passphrase_cb, NULL);
  if (key == NULL)
    {
      g_autofree char *reason = openssl_reason ();
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                   "not a PEM private key (an unencrypted RSA or EC key in PKCS#1, SEC1 or PKCS#8 form "
                   "is expected; OpenSSL says: %s)", reason);
      return NULL;
    }
  out = BIO_new (BIO_s_mem ());
  if (!PEM_write_bio_PKCS8PrivateKey (out, key, NULL, NULL, 0, NULL, NULL))
    {
      g_autofree char *reason = openssl_reason ();
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                   "cannot convert the private key (%s)", reason);
      return NULL;
    }
  len = BIO_get_mem_data (out, &data);
  result = g_strndup (data, len);
  OPENSSL_cleanse (data, len);
  *out_key = g_steal_pointer (&key);
  return result;
}

GTlsCertificate *
kf_pem_client_certificate_new (const char  *cert_pem,
                               gsize        cert_len,
                               const char  *key_pem,
                               gsize        key_len,
                               GError     **error)
{
  g_autoptr(BIO) bio = NULL;
  g_autoptr(X509) cert = NULL;
  g_autoptr(EVP_PKEY) key = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pkcs8 = NULL;
  g_autofree char *combined = NULL;
  GTlsCertificate *tls;

  if (cert_len > G_MAXINT)
    {
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID, "certificate too large");
      return NULL;
    }
  bio = BIO_new_mem_buf (cert_pem, (int) cert_len);
  cert = PEM_read_bio_X509 (bio, NULL, no_passphrase_cb, NULL);
  if (cert == NULL)
    {
      g_autofree char *reason = openssl_reason ();
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                   "client certificate: not a PEM certificate (%s)", reason);
      return NULL;
    }

  pkcs8 = key_to_pkcs8 (key_pem, key_len, &key, &local_error);
  if (pkcs8 == NULL)
    {
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                   "client key: %s", local_error->message);
      return NULL;
    }
  if (X509_check_private_key (cert, key) != 1)
    {
      ERR_clear_error ();
      memset (pkcs8, 0, strlen (pkcs8));
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                   "client key: does not belong to the client certificate");
      return NULL;
    }

  combined = g_strdup_printf ("%.*s\n%s", (int) cert_len, cert_pem, pkcs8);
  memset (pkcs8, 0, strlen (pkcs8));
  tls = g_tls_certificate_new_from_pem (combined, -1, &local_error);
  memset (combined, 0, strlen (combined));
  if (tls == NULL)
    {
      g_set_error (error, KF_REST_CONFIG_ERROR, KF_REST_CONFIG_ERROR_INVALID,
                   "client certificate: %s", local_error->message);
      return NULL;
    }
  return tls;
}

static void
unlink_and_free (gpointer path)
{
  g_unlink (path);
  g_free (path);
}

GTlsDatabase *
kf_pem_tls_database_new (const char  *pem,
                         gsize        len,
                         GError     **error)
{
  g_autofree char *tmp_path = NULL;
  GTlsDatabase *db;
  int fd;

  if (!kf_pem_check_certificates (pem, len, error))
    return NULL;

  /* GTlsFileDatabase reads a file: write the bundle to a private temporary file. */
  fd = g_file_open_tmp ("kf-ca-XXXXXX.pem", &tmp_path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  if (!g_file_set_contents_full (tmp_path, pem, len, G_FILE_SET_CONTENTS_NONE, 0600, error))
    {
      g_unlink (tmp_path);
      return NULL;
    }
  db = g_tls_file_database_new (tmp_path, error);
  if (db == NULL)
    {
      g_unlink (tmp_path);
      return NULL;
    }
  /* glib-networking reads the file again before handshakes: it must live as long as
   * the database (a CA bundle is public; the file is private to the user anyway) */
  g_object_set_data_full (G_OBJECT (db), "kf-ca-file", g_steal_pointer (&tmp_path), unlink_and_free);
  return db;
}
