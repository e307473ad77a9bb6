/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The accounts behind contact persons against a real swc-testserver on loopback: an organisation's
 * contact persons with their accounts, as the catalogue app lists them; a password set for an
 * account works at once and the old one no longer does; the app's answer read strictly (broken
 * JSON, no list: an error, not a guess); the roles' groups. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "swc-error.h"
#include "swc-store-db.h"
#include "swc-sync.h"
#include "swc-test-server.h"
#include "swc-users.h"

typedef struct
{
  SwcTestServer server;
  SwcStore *store;
  SwcClient *client;
  SwcSchemaSet *schemas;
  const char *app_path;
  char *contact;      /* a contact person */
  char *email;        /* theirs: their account's name */
  char *organisation; /* theirs */
} Fixture;

/* The first contact person with an e-mail address, and their organisation. */
static void
pick_contact (Fixture *f)
{
  sqlite3_stmt *s = NULL;

  sqlite3_prepare_v2 (swc_store_get_db (f->store),
                      "SELECT uuid, json_extract (json, '$.\"e-mailadres\"'),"
                      " json_extract (json, '$.organisatie') FROM objects"
                      " WHERE schema = 'contactpersoon' AND deleted = 0"
                      " AND json_extract (json, '$.\"e-mailadres\"') IS NOT NULL"
                      " AND json_extract (json, '$.organisatie') IS NOT NULL ORDER BY uuid LIMIT 1",
                      -1, &s, NULL);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  f->contact = g_strdup ((const char *) sqlite3_column_text (s, 0));
  f->email = g_strdup ((const char *) sqlite3_column_text (s, 1));
  f->organisation = g_strdup ((const char *) sqlite3_column_text (s, 2));
  sqlite3_finalize (s);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SwcSync) sync = NULL;
  GAsyncResult *res = NULL;

  swc_test_server_run (&f->server);
  path = g_build_filename (f->server.dir, "store.db", NULL);
  f->store = swc_store_open (path, &error);
  g_assert_no_error (error);
  f->client = swc_client_new (f->server.url, "admin", "admin");
  f->schemas = swc_test_detect (f->client, f->store);
  f->app_path = f->schemas->dialect == SWC_DIALECT_2026 ? "stackiq" : "softwarecatalog";
  sync = swc_sync_new (f->client, f->store, f->schemas);
  swc_sync_run_async (sync, FALSE, NULL, swc_test_done_cb, &res);
  g_assert_true (swc_sync_run_finish (sync, swc_test_wait (&res), NULL, &error));
  g_assert_no_error (error);
  g_object_unref (res);
  pick_contact (f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->client);
  g_clear_pointer (&f->schemas, swc_schema_set_free);
  g_assert_finalize_object (f->store);
  g_free (f->contact);
  g_free (f->email);
  g_free (f->organisation);
  swc_test_server_stop (&f->server);
}

static void
test_fetch (Fixture *f, gconstpointer data)
{
  GAsyncResult *res = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;
  g_autoptr(GHashTable) users = NULL;
  SwcUserInfo *info;

  swc_users_fetch_async (f->client, f->store, f->app_path, f->organisation, NULL, swc_test_done_cb,
                         &res);
  users = swc_users_fetch_finish (swc_test_wait (&res), &notice, &error);
  g_object_unref (res);
  g_assert_no_error (error);
  g_assert_null (notice); /* the app answered itself */
  info = g_hash_table_lookup (users, f->contact);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->contact, ==, f->contact);
  g_assert_true (info->has_user);
  g_assert_cmpstr (info->username, ==, f->email);
  g_assert_false (info->disabled);
}

/* GET the signed-in user as username with password: NULL when it worked, the error otherwise. */
static GError *
sign_in (Fixture *f, const char *username, const char *password)
{
  g_autoptr(SwcClient) client = swc_client_new (f->server.url, username, password);
  GAsyncResult *res = NULL;
  GError *error = NULL;
  g_autoptr(GBytes) body = NULL;

  swc_client_get_async (client, "/ocs/v2.php/cloud/user?format=json", 0, NULL, swc_test_done_cb,
                        &res);
  body = swc_client_get_finish (client, swc_test_wait (&res), &error);
  g_object_unref (res);
  return error;
}

static void
test_set_password (Fixture *f, gconstpointer data)
{
  GAsyncResult *res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) before = sign_in (f, f->email, "welkom123");
  g_autoptr(GError) with_new = NULL, with_old = NULL;

  g_assert_no_error (before);
  swc_users_set_password_async (f->client, f->app_path, f->email, "Nieuw-Wachtwoord-2026", NULL,
                                swc_test_done_cb, &res);
  g_assert_true (swc_users_set_password_finish (f->client, swc_test_wait (&res), &error));
  g_object_unref (res);
  g_assert_no_error (error);
  with_new = sign_in (f, f->email, "Nieuw-Wachtwoord-2026");
  g_assert_no_error (with_new);
  with_old = sign_in (f, f->email, "welkom123");
  g_assert_error (with_old, SWC_ERROR, SWC_ERROR_UNAUTHORIZED);
}

static void
test_parse (void)
{
  static const char answer[] =
      "{\"success\":true,\"contactpersonen\":["
      " {\"uuid\":\"c1\",\"user\":{\"hasUser\":true,\"username\":\"a@b.nl\","
      "  \"groups\":[\"gebruik-beheerder\"],\"disabled\":true}},"
      " {\"uuid\":\"c2\",\"user\":{\"hasUser\":false,\"username\":null}},"
      " {\"user\":{\"hasUser\":true}}, 42]}";
  static const char *const broken[] = {
    "", "{", "[]", "{\"success\":true}", "{\"contactpersonen\":{}}", "<html>error</html>",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) users = swc_users_parse (answer, strlen (answer), &error);
  SwcUserInfo *one, *two;

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (users), ==, 2); /* without a uuid: not a contact person */
  one = g_hash_table_lookup (users, "c1");
  g_assert_true (one->has_user);
  g_assert_cmpstr (one->username, ==, "a@b.nl");
  g_assert_cmpstrv (one->groups, ((const char *const[]){ "gebruik-beheerder", NULL }));
  g_assert_true (one->disabled);
  two = g_hash_table_lookup (users, "c2");
  g_assert_false (two->has_user);
  g_assert_null (two->username);
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(GHashTable) none = swc_users_parse (broken[i], strlen (broken[i]), &e);
      g_assert_null (none);
      g_assert_error (e, SWC_ERROR, SWC_ERROR_MALFORMED);
    }
}

static void
test_role_groups (void)
{
  g_assert_nonnull (swc_users_role_group ("Gebruik-beheerder"));
  g_assert_cmpstr (swc_users_role_group ("gebruik-beheerder"), ==,
                   swc_users_role_group ("Gebruik-beheerder"));
  g_assert_nonnull (swc_users_role_group ("Aanbod-beheerder"));
  g_assert_cmpstr (swc_users_role_group ("Aanbod-beheerder"), !=,
                   swc_users_role_group ("Gebruik-beheerder"));
  g_assert_null (swc_users_role_group ("Koning"));
  g_assert_null (swc_users_role_group (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/users/parse", test_parse);
  g_test_add_func ("/users/role-groups", test_role_groups);
  g_test_add ("/users/fetch", Fixture, NULL, setup, test_fetch, teardown);
  g_test_add ("/users/set-password", Fixture, NULL, setup, test_set_password, teardown);
  return g_test_run ();
}
