/* test-keyring.c: tokens in the Secret Service (tools/run-tests.sh starts an unlocked
 * gnome-keyring), and the in-memory fallback when there is none
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kf-keyring.h"
#include "kc-test-util.h"

static gboolean
store (KfKeyring    *keyring,
       KfSecretKind  kind,
       const char   *context,
       const char   *user,
       const char   *secret)
{
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  kf_keyring_store_async (keyring, kind, context, user, secret, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  ok = kf_keyring_store_finish (keyring, result, &error);
  g_assert_no_error (error);
  return ok;
}

static char *
lookup (KfKeyring    *keyring,
        KfSecretKind  kind,
        const char   *context,
        const char   *user)
{
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  kf_keyring_lookup_async (keyring, kind, context, user, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  secret = kf_keyring_lookup_finish (keyring, result, &error);
  g_assert_no_error (error);
  return secret;
}

static gboolean
clear (KfKeyring    *keyring,
       KfSecretKind  kind,
       const char   *context,
       const char   *user)
{
  KcAsync async = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean removed;

  kf_keyring_clear_async (keyring, kind, context, user, NULL, kc_async_cb, &async);
  result = kc_async_wait (&async);
  removed = kf_keyring_clear_finish (keyring, result, &error);
  g_assert_no_error (error);
  return removed;
}

/* store / lookup / clear, keyed by kind, context and user */
static void
exercise (KfKeyring *keyring)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  g_autofree char *hf = NULL;

  g_assert_true (store (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "alice", "token-a"));
  g_assert_true (store (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "bob", "token-b"));
  g_assert_true (store (keyring, KF_SECRET_KIND_OIDC_ID, "kf-test-ctx", "alice", "id-a"));
  g_assert_true (store (keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL, "hf_kf_test"));

  a = lookup (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "alice");
  b = lookup (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "bob");
  c = lookup (keyring, KF_SECRET_KIND_OIDC_ID, "kf-test-ctx", "alice");
  hf = lookup (keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL);
  g_assert_cmpstr (a, ==, "token-a");
  g_assert_cmpstr (b, ==, "token-b");
  g_assert_cmpstr (c, ==, "id-a");
  g_assert_cmpstr (hf, ==, "hf_kf_test");

  /* replacing keeps one item */
  g_assert_true (store (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "alice", "token-a2"));
  d = lookup (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "alice");
  g_assert_cmpstr (d, ==, "token-a2");

  g_assert_true (clear (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "alice"));
  e = lookup (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "alice");
  g_assert_null (e);
  g_assert_false (clear (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "alice"));
  /* the others stay */
  g_clear_pointer (&b, g_free);
  b = lookup (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "bob");
  g_assert_cmpstr (b, ==, "token-b");

  clear (keyring, KF_SECRET_KIND_BEARER, "kf-test-ctx", "bob");
  clear (keyring, KF_SECRET_KIND_OIDC_ID, "kf-test-ctx", "alice");
  clear (keyring, KF_SECRET_KIND_HUGGINGFACE, NULL, NULL);
}

static void
unavailable_cb (KfKeyring  *keyring,
                const char *reason,
                gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_secret_service (void)
{
  g_autoptr(KfKeyring) keyring = kf_keyring_new (TRUE);
  g_autoptr(KfKeyring) other = NULL;
  g_autofree char *shared = NULL;
  guint unavailable = 0;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no D-Bus session (run through tools/run-tests.sh)");
      return;
    }
  g_signal_connect (keyring, "unavailable", G_CALLBACK (unavailable_cb), &unavailable);
  exercise (keyring);
  if (!kf_keyring_get_available (keyring))
    {
      g_test_skip ("no Secret Service on this session bus (run through tools/run-tests.sh)");
      return;
    }
  g_assert_cmpuint (unavailable, ==, 0);

  /* really in the Secret Service: another keyring object (another process, in effect) sees it */
  g_assert_true (store (keyring, KF_SECRET_KIND_EXEC, "kf-test-ctx", "carol", "{\"token\":\"t\"}"));
  other = kf_keyring_new (TRUE);
  shared = lookup (other, KF_SECRET_KIND_EXEC, "kf-test-ctx", "carol");
  g_assert_cmpstr (shared, ==, "{\"token\":\"t\"}");
  g_assert_true (clear (other, KF_SECRET_KIND_EXEC, "kf-test-ctx", "carol"));
}

static void
test_memory_fallback (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KfKeyring) keyring = NULL;
      g_autoptr(KfKeyring) other = NULL;
      g_autofree char *leaked = NULL;
      guint unavailable = 0;

      /* no session bus at all */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kf-test-bus", TRUE);
      keyring = kf_keyring_new (TRUE);
      g_signal_connect (keyring, "unavailable", G_CALLBACK (unavailable_cb), &unavailable);
      g_assert_true (kf_keyring_get_available (keyring));  /* not known yet */

      exercise (keyring);
      /* said once, however many operations fell back */
      g_assert_false (kf_keyring_get_available (keyring));
      g_assert_cmpuint (unavailable, ==, 1);
      g_assert_nonnull (kf_keyring_get_unavailable_reason (keyring));
      g_print ("reason: %s\n", kf_keyring_get_unavailable_reason (keyring));

      /* memory is per keyring object: nothing persisted anywhere */
      g_assert_true (store (keyring, KF_SECRET_KIND_BEARER, "c", "u", "in-memory"));
      other = kf_keyring_new (TRUE);
      leaked = lookup (other, KF_SECRET_KIND_BEARER, "c", "u");
      g_assert_null (leaked);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*reason: *");
  /* the values never reach the log */
  g_test_trap_assert_stderr_unmatched ("*token-a*");
  g_test_trap_assert_stderr_unmatched ("*hf_kf_test*");
}

static void
test_memory_only (void)
{
  g_autoptr(KfKeyring) keyring = kf_keyring_new (FALSE);

  g_assert_false (kf_keyring_get_available (keyring));
  exercise (keyring);
  g_assert_cmpstr (kf_keyring_get_schema ()->name, ==, "io.github.kubefoundry.KubeFoundry.Token");
  g_assert_cmpstr (kf_secret_kind_to_string (KF_SECRET_KIND_OIDC_REFRESH), ==, "oidc-refresh");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/secret-service", test_secret_service);
  g_test_add_func ("/keyring/memory-fallback", test_memory_fallback);
  g_test_add_func ("/keyring/memory-only", test_memory_only);

  return g_test_run ();
}
