/* kf-sim-ca.c: the simulated cluster's certificate authority (OpenSSL)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kf-sim"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "kf-sim-ca.h"

struct _KfSimCa
{
  GObject          parent_instance;

  EVP_PKEY        *ca_key;
  X509            *ca_cert;
  char            *ca_pem;
  GTlsCertificate *server_cert;
  GTlsDatabase    *database;
  char            *database_path;   /* GTlsFileDatabase reads it lazily: kept until finalize */
  guint64          serial;
};

G_DEFINE_TYPE (KfSimCa, kf_sim_ca, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

static gboolean
ssl_error (GError    **error,
           const char *what)
{
  char buf[256] = "";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, buf, sizeof buf);
  ERR_clear_error ();
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "OpenSSL: %s failed%s%s", what,
               *buf ? ": " : "", buf);
  return FALSE;
}

static char *
bio_to_string (BIO *bio)
{
  char *data = NULL;
  long len = BIO_get_mem_data (bio, &data);

  return g_strndup (data, len);
}

static gboolean
add_ext (X509       *cert,
         X509       *issuer,
         int         nid,
         const char *value)
{
  X509V3_CTX ctx;
  X509_EXTENSION *ext;
  int ok;

  X509V3_set_ctx_nodb (&ctx);
  X509V3_set_ctx (&ctx, issuer, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  if (ext == NULL)
    return FALSE;
  ok = X509_add_ext (cert, ext, -1);
  X509_EXTENSION_free (ext);
  return ok == 1;
}

/* Builds and signs a certificate for @key, issued by (@issuer, @issuer_key), or self-signed. */
static X509 *
make_cert (KfSimCa            *self,
           EVP_PKEY           *key,
           const char         *cn,
           const char * const *orgs,
           X509               *issuer,
           EVP_PKEY           *issuer_key,
           const char         *basic,
           const char         *key_usage,
           const char         *ext_key_usage,
           const char         *san,
           long                days)
{
  g_autoptr(X509) cert = X509_new ();
  X509_NAME *name;

  if (cert == NULL || X509_set_version (cert, 2) != 1)
    return NULL;
  ASN1_INTEGER_set_uint64 (X509_get_serialNumber (cert), ++self->serial + (g_get_real_time () << 8));
  X509_gmtime_adj (X509_getm_notBefore (cert), -3600);
  X509_gmtime_adj (X509_getm_notAfter (cert), days * 24 * 3600);
  if (X509_set_pubkey (cert, key) != 1)
    return NULL;

  name = X509_get_subject_name (cert);
  for (guint i = 0; orgs != NULL && orgs[i] != NULL; i++)
    X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8, (const unsigned char *) orgs[i], -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const unsigned char *) cn, -1, -1, 0);
  X509_set_issuer_name (cert, issuer ? X509_get_subject_name (issuer) : name);

  if (!add_ext (cert, issuer ? issuer : cert, NID_basic_constraints, basic) ||
      !add_ext (cert, issuer ? issuer : cert, NID_key_usage, key_usage) ||
      !add_ext (cert, issuer ? issuer : cert, NID_subject_key_identifier, "hash"))
    return NULL;
  if (ext_key_usage && !add_ext (cert, issuer ? issuer : cert, NID_ext_key_usage, ext_key_usage))
    return NULL;
  if (issuer && !add_ext (cert, issuer, NID_authority_key_identifier, "keyid:always"))
    return NULL;
  if (san && !add_ext (cert, issuer ? issuer : cert, NID_subject_alt_name, san))
    return NULL;
  if (X509_sign (cert, issuer_key ? issuer_key : key, EVP_sha256 ()) == 0)
    return NULL;
  return g_steal_pointer (&cert);
}

static char *
cert_pem (X509 *cert)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());

  PEM_write_bio_X509 (bio, cert);
  return bio_to_string (bio);
}

static char *
key_pem (EVP_PKEY *key)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());

  PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL);
  return bio_to_string (bio);
}

static void
kf_sim_ca_finalize (GObject *object)
{
  KfSimCa *self = KF_SIM_CA (object);

  g_clear_pointer (&self->ca_key, EVP_PKEY_free);
  g_clear_pointer (&self->ca_cert, X509_free);
  if (self->ca_pem != NULL)
    g_free (self->ca_pem);
  g_clear_object (&self->server_cert);
  g_clear_object (&self->database);
  if (self->database_path != NULL)
    g_unlink (self->database_path);
  g_free (self->database_path);
  G_OBJECT_CLASS (kf_sim_ca_parent_class)->finalize (object);
}

static void
kf_sim_ca_class_init (KfSimCaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kf_sim_ca_finalize;
}

static void
kf_sim_ca_init (KfSimCa *self)
{
}

KfSimCa *
kf_sim_ca_new (GError **error)
{
  g_autoptr(KfSimCa) self = g_object_new (KF_TYPE_SIM_CA, NULL);
  g_autoptr(EVP_PKEY) server_key = NULL;
  g_autoptr(X509) server = NULL;
  g_autofree char *server_pem = NULL, *server_key_pem = NULL, *chain = NULL;
  g_autofree char *db_path = NULL;
  int fd;

  self->ca_key = EVP_EC_gen ("P-256");
  if (self->ca_key == NULL)
    {
      ssl_error (error, "generating the CA key");
      return NULL;
    }
  self->ca_cert = make_cert (self, self->ca_key, "kubefoundry-sim-ca", NULL, NULL, NULL,
                             "critical,CA:TRUE", "critical,keyCertSign,cRLSign,digitalSignature",
                             NULL, NULL, 3650);
  if (self->ca_cert == NULL)
    {
      ssl_error (error, "creating the CA certificate");
      return NULL;
    }
  self->ca_pem = cert_pem (self->ca_cert);

  server_key = EVP_EC_gen ("P-256");
  if (server_key == NULL)
    {
      ssl_error (error, "generating the server key");
      return NULL;
    }
  server = make_cert (self, server_key, "kube-apiserver", NULL, self->ca_cert, self->ca_key,
                      "critical,CA:FALSE", "critical,digitalSignature,keyEncipherment",
                      "serverAuth", "IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default", 365);
  if (server == NULL)
    {
      ssl_error (error, "creating the server certificate");
      return NULL;
    }
  server_pem = cert_pem (server);
  server_key_pem = key_pem (server_key);
  chain = g_strconcat (server_pem, server_key_pem, NULL);
  self->server_cert = g_tls_certificate_new_from_pem (chain, -1, error);
  if (self->server_cert == NULL)
    return NULL;

  /* GTlsFileDatabase reads a file: write the CA (public) to a private temp file */
  fd = g_file_open_tmp ("kf-sim-ca-XXXXXX.pem", &db_path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  if (!g_file_set_contents (db_path, self->ca_pem, -1, error))
    {
      g_unlink (db_path);
      return NULL;
    }
  self->database = g_tls_file_database_new (db_path, error);
  self->database_path = g_steal_pointer (&db_path);
  if (self->database == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
kf_sim_ca_get_ca_pem (KfSimCa *self)
{
  g_return_val_if_fail (KF_IS_SIM_CA (self), NULL);
  return self->ca_pem;
}

GTlsCertificate *
kf_sim_ca_get_server_certificate (KfSimCa *self)
{
  g_return_val_if_fail (KF_IS_SIM_CA (self), NULL);
  return self->server_cert;
}

GTlsDatabase *
kf_sim_ca_get_database (KfSimCa *self)
{
  g_return_val_if_fail (KF_IS_SIM_CA (self), NULL);
  return self->database;
}

gboolean
kf_sim_ca_issue_client (KfSimCa             *self,
                        const char          *common_name,
                        const char * const  *groups,
                        char               **cert_pem_out,
                        char               **key_pem_out,
                        GError             **error)
{
  g_autoptr(EVP_PKEY) key = EVP_EC_gen ("P-256");
  g_autoptr(X509) cert = NULL;

  g_return_val_if_fail (KF_IS_SIM_CA (self), FALSE);
  if (key == NULL)
    return ssl_error (error, "generating a client key");
  cert = make_cert (self, key, common_name, groups, self->ca_cert, self->ca_key,
                    "critical,CA:FALSE", "critical,digitalSignature,keyEncipherment",
                    "clientAuth", NULL, 365);
  if (cert == NULL)
    return ssl_error (error, "creating a client certificate");
  *cert_pem_out = cert_pem (cert);
  *key_pem_out = key_pem (key);
  return TRUE;
}

char *
kf_sim_ca_verify_client (KfSimCa         *self,
                         GTlsCertificate *certificate)
{
  g_autofree char *pem = NULL;
  g_autoptr(BIO) bio = NULL;
  g_autoptr(X509) cert = NULL;
  EVP_PKEY *ca_pub;
  char cn[256];
  int len;

  g_return_val_if_fail (KF_IS_SIM_CA (self), NULL);
  if (certificate == NULL)
    return NULL;
  g_object_get (certificate, "certificate-pem", &pem, NULL);
  if (pem == NULL)
    return NULL;
  bio = BIO_new_mem_buf (pem, -1);
  cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  if (cert == NULL)
    {
      ERR_clear_error ();
      return NULL;
    }
  ca_pub = X509_get0_pubkey (self->ca_cert);
  if (X509_verify (cert, ca_pub) != 1 ||
      X509_cmp_current_time (X509_get0_notAfter (cert)) <= 0 ||
      X509_cmp_current_time (X509_get0_notBefore (cert)) >= 0)
    {
      ERR_clear_error ();
      return NULL;
    }
  len = X509_NAME_get_text_by_NID (X509_get_subject_name (cert), NID_commonName, cn, sizeof cn);
  if (len <= 0)
    return NULL;
  return g_strndup (cn, len);
}
