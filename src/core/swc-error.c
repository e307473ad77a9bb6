/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One error domain for everything the backend can answer, with sentences a functional administrator
 * understands. The backend's error bodies differ per code path (api.md §3.4): {"message"},
 * {"error"}, a bare JSON string, {"success":false,"message"}, {"status","message","errors"}, OCS
 * envelopes. */
#define G_LOG_DOMAIN "swc-error"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "swc-error.h"

G_DEFINE_QUARK (swc - error - quark, swc_error)

static char *
dup_string_member (JsonObject *o, const char *key)
{
  JsonNode *n = json_object_get_member (o, key);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (n));
}

static char *
message_of_object (JsonObject *o)
{
  static const char *keys[] = { "message", "error", "detail", NULL };
  char *text;

  for (guint i = 0; keys[i]; i++)
    if ((text = dup_string_member (o, keys[i])) != NULL)
      return text;
  if (json_object_has_member (o, "ocs") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "ocs")))
    {
      JsonObject *ocs = json_object_get_object_member (o, "ocs");
      if (json_object_has_member (ocs, "meta") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (ocs, "meta")))
        return dup_string_member (json_object_get_object_member (ocs, "meta"), "message");
    }
  return NULL;
}

/* The server's own words, whatever shape the body has; NULL when there are none. */
char *
swc_error_server_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (body == NULL || g_bytes_get_size (body) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_VALUE (root) && json_node_get_value_type (root) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (root));
  if (JSON_NODE_HOLDS_OBJECT (root))
    return message_of_object (json_node_get_object (root));
  return NULL;
}

static SwcErrorCode
code_for_status (guint status)
{
  switch (status)
    {
    case 400:
    case 422:
      return SWC_ERROR_INVALID;
    case 401:
      return SWC_ERROR_UNAUTHORIZED;
    case 403:
      return SWC_ERROR_FORBIDDEN;
    case 404:
      return SWC_ERROR_NOT_FOUND;
    case 408:
    case 504:
      return SWC_ERROR_TIMEOUT;
    case 409:
    case 423:
      return SWC_ERROR_CONFLICT;
    default:
      return status >= 500 ? SWC_ERROR_SERVER : SWC_ERROR_FAILED;
    }
}

static const char *
sentence_for (SwcErrorCode code)
{
  switch (code)
    {
    case SWC_ERROR_INVALID:
      return _("The server refused the data");
    case SWC_ERROR_UNAUTHORIZED:
      return _("The server no longer accepts your login; log in again");
    case SWC_ERROR_FORBIDDEN:
      return _("Your account may not do this on the server");
    case SWC_ERROR_NOT_FOUND:
      return _("The server does not know this item; it may have been deleted");
    case SWC_ERROR_TIMEOUT:
      return _("The server took too long to answer");
    case SWC_ERROR_CONFLICT:
      return _("Someone else is working on this item");
    case SWC_ERROR_SERVER:
      return _("The server ran into a problem");
    default:
      return _("The server could not do this");
    }
}

/* A GError for an HTTP answer that is not a success: the plain sentence, the server's own words
 * when it gave any, and the status code. */
GError *
swc_error_from_http (guint status, const char *method, GBytes *body)
{
  SwcErrorCode code = code_for_status (status);
  g_autofree char *detail = swc_error_server_message (body);

  /* OpenRegister v1.0.1 answers a refused PATCH 500 (ObjectsController::patch catches every
   * exception), and a DELETE of an object it cannot find 403: the words say what it was */
  if (detail != NULL && code == SWC_ERROR_SERVER &&
      strstr (detail, "does not have permission to") != NULL)
    code = SWC_ERROR_FORBIDDEN;
  else if (detail != NULL && code == SWC_ERROR_FORBIDDEN && strstr (detail, "not found") != NULL)
    code = SWC_ERROR_NOT_FOUND;

  if (detail != NULL && strlen (detail) > 300)
    strcpy (detail + 297, "…");
  if (detail != NULL && *detail)
    return g_error_new (SWC_ERROR, code, "%s: %s (HTTP %u)", sentence_for (code), detail, status);
  return g_error_new (SWC_ERROR, code, "%s (HTTP %u)", sentence_for (code), status);
}

/* Worth trying again later: the network, a time-out or the server's own trouble. */
gboolean
swc_error_is_transient (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain == SWC_ERROR)
    return error->code == SWC_ERROR_NETWORK || error->code == SWC_ERROR_TIMEOUT ||
           error->code == SWC_ERROR_OFFLINE || error->code == SWC_ERROR_SERVER ||
           error->code == SWC_ERROR_MALFORMED;
  return error->domain == G_IO_ERROR && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}
