/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every error body shape the backend uses becomes one error with a plain sentence and the server's
 * words. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "swc-error.h"

static GError *
from (guint status, const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return swc_error_from_http (status, "GET", bytes);
}

static void
test_shapes (void)
{
  struct
  {
    guint status;
    const char *body;
    SwcErrorCode code;
    const char *words;
  } cases[] = {
    { 404, "{\"message\":\"Register not found: 'x'\"}", SWC_ERROR_NOT_FOUND, "Register not found" },
    { 403, "{\"error\":\"SQLSTATE[23000]: Column 'naam' cannot be null\"}", SWC_ERROR_FORBIDDEN,
      "cannot be null" },
    { 400, "\"Validation failed: slug\"", SWC_ERROR_INVALID, "Validation failed: slug" },
    { 400, "{\"success\":false,\"message\":\"Password too short\"}", SWC_ERROR_INVALID,
      "Password too short" },
    { 400, "{\"status\":\"error\",\"message\":\"Validation failed\",\"errors\":{}}",
      SWC_ERROR_INVALID, "Validation failed" },
    { 401,
      "{\"ocs\":{\"meta\":{\"status\":\"failure\",\"statuscode\":997,\"message\":\"Current user"
      " is not logged in\"},\"data\":[]}}",
      SWC_ERROR_UNAUTHORIZED, "not logged in" },
    { 423, "{\"error\":\"Object is locked by gebruik\",\"lockedBy\":\"gebruik\"}",
      SWC_ERROR_CONFLICT, "locked by gebruik" },
    /* OpenRegister v1.0.1: a refused PATCH is a 500, a DELETE of an unknown object a 403 */
    { 500,
      "{\"error\":\"User 'Bezoeker' does not have permission to 'update' objects in schema"
      " 'Organisatie'\"}",
      SWC_ERROR_FORBIDDEN, "does not have permission" },
    { 403, "{\"error\":\"Object with identifier 'x' not found in any magic table\"}",
      SWC_ERROR_NOT_FOUND, "not found" },
    { 404, "{\"error\":\"Not Found\"}", SWC_ERROR_NOT_FOUND, "Not Found" },
    { 400, "{\"error\":\"Object data is required\"}", SWC_ERROR_INVALID,
      "Object data is required" },
    { 500, "<html>oops</html>", SWC_ERROR_SERVER, NULL },
    { 502, "", SWC_ERROR_SERVER, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) e = from (cases[i].status, cases[i].body);
      g_assert_error (e, SWC_ERROR, (gint) cases[i].code);
      if (cases[i].words)
        g_assert_nonnull (strstr (e->message, cases[i].words));
      g_assert_nonnull (strstr (e->message, "HTTP"));
    }
}

static void
test_transient (void)
{
  g_autoptr(GError) server = from (503, "");
  g_autoptr(GError) forbidden = from (403, "{\"error\":\"no\"}");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");

  g_assert_true (swc_error_is_transient (server));
  g_assert_false (swc_error_is_transient (forbidden));
  g_assert_false (swc_error_is_transient (cancelled));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/error/shapes", test_shapes);
  g_test_add_func ("/error/transient", test_transient);
  return g_test_run ();
}
