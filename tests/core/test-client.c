/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTTP client against a real swc-testserver on loopback: an answer as sent; each way a request
 * can fail as its own error (wrong password, server errors, broken JSON, a stalled answer, nobody
 * listening, cancelled), in words without the password; what detection finds on each backend (the
 * 2025 catalogue and the 2026 stackiq one); and the browser login flow with its logout. */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "swc-error.h"
#include "swc-test-server.h"

#define REGISTERS "/index.php/apps/openregister/api/registers"

typedef struct
{
  SwcTestServer server;
  SwcClient *client;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->server.faults = data;
  swc_test_server_run (&f->server);
  f->client = swc_client_new (f->server.url, "admin", "admin");
  swc_client_set_retry_delay (f->client, 5); /* retried faults: at once */
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->client);
  swc_test_server_stop (&f->server);
}

/* A GET through the client: the answer's body, or NULL and error. */
static GBytes *
get (SwcClient *client, const char *path, guint timeout_s, GCancellable *cancellable,
     GError **error)
{
  GAsyncResult *res = NULL;
  GBytes *body;

  swc_client_get_json_async (client, path, timeout_s, cancellable, swc_test_done_cb, &res);
  body = swc_client_get_finish (client, swc_test_wait (&res), error);
  g_object_unref (res);
  return body;
}

static void
test_get (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = get (f->client, REGISTERS, 0, NULL, &error);
  g_autoptr(JsonNode) root = NULL;

  g_assert_no_error (error);
  root = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_true (json_object_has_member (json_node_get_object (root), "results"));
  g_assert_cmpstr (swc_client_get_base_url (f->client), ==, f->server.url);
  g_assert_cmpstr (swc_client_get_user (f->client), ==, "admin");
}

/* A wrong password is said as such, and the password is in no message. */
static void
test_unauthorized (Fixture *f, gconstpointer data)
{
  g_autoptr(SwcClient) wrong = swc_client_new (f->server.url, "admin", "geheim-fout-42");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = get (wrong, REGISTERS, 0, NULL, &error);

  g_assert_null (body);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, "geheim-fout-42"));
  g_assert_false (swc_error_is_transient (error));
  /* the right one, set later (a password typed again), is used from then on */
  swc_client_set_password (wrong, "admin");
  g_clear_error (&error);
  g_clear_pointer (&body, g_bytes_unref);
  body = get (wrong, REGISTERS, 0, NULL, &error);
  g_assert_no_error (error);
}

/* The server fails every request: a server error once the retries are spent, one that a later
 * attempt may get past. */
static void
test_server_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = get (f->client, REGISTERS, 0, NULL, &error);
  guint delay = 0;

  g_assert_null (body);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_SERVER);
  g_assert_true (swc_error_is_transient (error));
  g_assert_true (swc_client_retry_delay (f->client, error, 0, &delay));
  g_assert_cmpuint (delay, >, 0);
  g_assert_cmpstr (error->message, !=, "");
}

/* Every answer is broken JSON: the caller is told the answer is not what it should be. */
static void
test_malformed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = get (f->client, REGISTERS, 0, NULL, &error);

  g_assert_null (body);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_MALFORMED);
}

/* An answer that never comes ends at the call's timeout, as a timeout. */
static void
test_stalled (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GBytes) body = get (f->client, REGISTERS, 1, NULL, &error);

  g_assert_null (body);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_TIMEOUT);
  /* not the read timeout of a minute: the one asked for, however often it was retried */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 50 * G_USEC_PER_SEC);
}

/* Nobody listens at the address: offline, not a server fault. */
static void
test_offline (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strdup (f->server.url);
  g_autoptr(SwcClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  swc_test_server_halt (&f->server);
  client = swc_client_new (url, "admin", "admin");
  swc_client_set_retry_delay (client, 5);
  body = get (client, REGISTERS, 0, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_OFFLINE);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  g_cancellable_cancel (cancellable);
  body = get (f->client, REGISTERS, 0, cancellable, &error);
  g_assert_null (body);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Detection on each backend: the schemas with the organisation among them, the app, the
 * administrator, and the words the client speaks from then on. */
static void
test_detect (Fixture *f, gconstpointer data)
{
  const char *dialect = g_getenv ("SWC_TESTSERVER_DIALECT");
  gboolean is_2026 = g_strcmp0 (dialect, "2026") == 0;
  GAsyncResult *res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcCapabilities) caps = NULL;

  swc_client_detect_async (f->client, NULL, swc_test_done_cb, &res);
  caps = swc_client_detect_finish (f->client, swc_test_wait (&res), &error);
  g_object_unref (res);
  g_assert_no_error (error);
  g_assert_nonnull (caps->schemas);
  g_assert_nonnull (swc_schema_set_lookup (caps->schemas, swc_kind_slug (SWC_KIND_ORGANISATION)));
  g_assert_cmpstr (caps->app_path, ==, is_2026 ? "stackiq" : "softwarecatalog");
  g_assert_true (caps->is_admin);
  g_assert_nonnull (caps->display_name);
  g_assert_nonnull (strstr (caps->schemas_json, "\"results\""));
  swc_client_set_schemas (f->client, caps->schemas);
  g_assert_cmpint (swc_client_get_dialect (f->client), ==,
                   is_2026 ? SWC_DIALECT_2026 : SWC_DIALECT_2025);
}

/* An address where no catalogue answers (here: a page the server does not have) is no backend. */
static void
test_detect_elsewhere (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strconcat (f->server.url, "/nowhere", NULL);
  g_autoptr(SwcClient) client = swc_client_new (url, "admin", "admin");
  GAsyncResult *res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcCapabilities) caps = NULL;

  swc_client_detect_async (client, NULL, swc_test_done_cb, &res);
  caps = swc_client_detect_finish (client, swc_test_wait (&res), &error);
  g_object_unref (res);
  g_assert_null (caps);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_NOT_A_BACKEND);
}

/* ---- the browser login ---- */

typedef struct
{
  SoupSession *browser;
  guint status;
} Browser;

/* What the person does in the browser: submit the login page's form with their account. */
static void
open_url (const char *url, gpointer data)
{
  Browser *b = data;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) page = NULL;
  GHashTable *form = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_hash_table_insert (form, "user", "admin");
  g_hash_table_insert (form, "password", "admin");
  msg = soup_message_new_from_encoded_form ("POST", url, soup_form_encode_hash (form));
  g_hash_table_unref (form);
  page = soup_session_send_and_read (b->browser, msg, NULL, NULL);
  b->status = soup_message_get_status (msg);
}

static void
test_login_flow (Fixture *f, gconstpointer data)
{
  Browser browser = { soup_session_new (), 0 };
  g_autoptr(SwcClient) anonymous = swc_client_new (f->server.url, NULL, NULL);
  g_autoptr(SwcClient) logged_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL, *password = NULL;
  g_autoptr(GBytes) body = NULL;
  GAsyncResult *res = NULL;

  swc_client_login_flow_async (anonymous, open_url, &browser, NULL, swc_test_done_cb, &res);
  g_assert_true (
      swc_client_login_flow_finish (anonymous, swc_test_wait (&res), &login, &password, &error));
  g_clear_object (&res);
  g_assert_no_error (error);
  g_assert_cmpuint (browser.status, ==, 200);
  g_assert_cmpstr (login, ==, "admin");
  g_assert_nonnull (password);
  g_assert_cmpstr (password, !=, "admin"); /* an app password, not the account's */

  /* the app password works, until the logout revokes it */
  logged_in = swc_client_new (f->server.url, login, password);
  body = get (logged_in, REGISTERS, 0, NULL, &error);
  g_assert_no_error (error);
  swc_client_logout_async (logged_in, NULL, swc_test_done_cb, &res);
  g_assert_true (swc_client_logout_finish (logged_in, swc_test_wait (&res), &error));
  g_clear_object (&res);
  g_assert_no_error (error);
  g_clear_pointer (&body, g_bytes_unref);
  body = get (logged_in, REGISTERS, 0, NULL, &error);
  g_assert_error (error, SWC_ERROR, SWC_ERROR_UNAUTHORIZED);
  g_object_unref (browser.browser);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/client/get", Fixture, NULL, setup, test_get, teardown);
  g_test_add ("/client/unauthorized", Fixture, NULL, setup, test_unauthorized, teardown);
  g_test_add ("/client/server-error", Fixture, "error-rate=1", setup, test_server_error, teardown);
  g_test_add ("/client/malformed", Fixture, "malformed-rate=1", setup, test_malformed, teardown);
  g_test_add ("/client/stalled", Fixture, "stall-rate=1", setup, test_stalled, teardown);
  g_test_add ("/client/offline", Fixture, NULL, setup, test_offline, teardown);
  g_test_add ("/client/cancelled", Fixture, NULL, setup, test_cancelled, teardown);
  g_test_add ("/client/detect", Fixture, NULL, setup, test_detect, teardown);
  g_test_add ("/client/detect-elsewhere", Fixture, NULL, setup, test_detect_elsewhere, teardown);
  g_test_add ("/client/login-flow", Fixture, NULL, setup, test_login_flow, teardown);
  return g_test_run ();
}
