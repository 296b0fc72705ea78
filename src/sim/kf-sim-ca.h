/* kf-sim-ca.h: the simulated cluster's certificate authority
 *
 * Generated at start with OpenSSL (EC P-256 keys): a CA, a server certificate
 * for 127.0.0.1 / localhost, and client certificates (CN = user name,
 * O = groups), as a kubeadm cluster's CA issues them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KF_TYPE_SIM_CA (kf_sim_ca_get_type ())
G_DECLARE_FINAL_TYPE (KfSimCa, kf_sim_ca, KF, SIM_CA, GObject)

KfSimCa         *kf_sim_ca_new                (GError      **error);
const char      *kf_sim_ca_get_ca_pem         (KfSimCa      *self);
/* The server's certificate with its private key (SAN IP 127.0.0.1, DNS localhost). */
GTlsCertificate *kf_sim_ca_get_server_certificate (KfSimCa  *self);
/* A GTlsDatabase trusting only this CA (to verify client certificates). */
GTlsDatabase    *kf_sim_ca_get_database       (KfSimCa      *self);
/* Issues a client certificate; returns TRUE and PEM texts of the certificate and its key. */
gboolean         kf_sim_ca_issue_client       (KfSimCa      *self,
                                               const char   *common_name,
                                               const char * const *groups,
                                               char        **cert_pem,
                                               char        **key_pem,
                                               GError      **error);
/* The subject CN of a certificate this CA issued, or NULL (not ours, expired, no CN). */
char            *kf_sim_ca_verify_client      (KfSimCa         *self,
                                               GTlsCertificate *certificate);

G_END_DECLS
