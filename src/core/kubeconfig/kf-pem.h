/* kf-pem.h: certificates and keys from PEM, with OpenSSL where GLib cannot read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A client certificate (with its chain, if the PEM has several certificates) and its
 * private key: RSA or EC, PKCS#1 / SEC1 / PKCS#8 (unencrypted). The key is converted to
 * PKCS#8 with OpenSSL and checked against the certificate. Errors are in
 * KF_REST_CONFIG_ERROR_INVALID and say "certificate" or "key". */
GTlsCertificate *kf_pem_client_certificate_new (const char  *cert_pem,
                                                gsize        cert_len,
                                                const char  *key_pem,
                                                gsize        key_len,
                                                GError     **error);

/* Checks that data holds at least one PEM certificate (a CA bundle). */
gboolean         kf_pem_check_certificates     (const char  *pem,
                                                gsize        len,
                                                GError     **error);

/* A GTlsDatabase trusting exactly the certificates of a PEM bundle. */
GTlsDatabase    *kf_pem_tls_database_new       (const char  *pem,
                                                gsize        len,
                                                GError     **error);

G_END_DECLS
