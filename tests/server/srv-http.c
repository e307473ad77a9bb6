/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP plumbing: query parsing, replies, Basic auth, and routing to the APIs. */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-dialect.h"

#include <string.h>

static void
param_free (gpointer data)
{
  SrvParam *p = data;

  g_free (p->key);
  g_free (p->value);
  g_free (p);
}

static char *
form_unescape (const char *s, gssize len)
{
  g_autofree char *copy = g_strndup (s, len < 0 ? strlen (s) : (gsize) len);
  char *out;

  for (char *p = copy; *p; p++)
    if (*p == '+')
      *p = ' ';
  out = g_uri_unescape_string (copy, NULL);
  return out ? out : g_strdup (copy);
}

/* Keeps repeated keys (f[]=a&f[]=b) in order, which a hash table would lose. */
GPtrArray *
srv_params_parse (const char *query)
{
  GPtrArray *params = g_ptr_array_new_with_free_func (param_free);
  g_auto(GStrv) pairs = NULL;

  if (query == NULL || *query == '\0')
    return params;
  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i]; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      SrvParam *p;

      if (pairs[i][0] == '\0')
        continue;
      p = g_new0 (SrvParam, 1);
      p->key = form_unescape (pairs[i], eq ? eq - pairs[i] : -1);
      p->value = eq ? form_unescape (eq + 1, -1) : g_strdup ("");
      g_ptr_array_add (params, p);
    }
  return params;
}

const char *
srv_param (GPtrArray *params, const char *key)
{
  for (guint i = 0; i < params->len; i++)
    {
      SrvParam *p = g_ptr_array_index (params, i);
      if (g_str_equal (p->key, key))
        return p->value;
    }
  return NULL;
}

void
srv_reply_json_text (SoupServerMessage *msg, guint status, const char *text, gssize len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, text,
                                    len < 0 ? strlen (text) : (gsize) len);
}

void
srv_reply_json_node (SoupServerMessage *msg, guint status, JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  srv_reply_json_text (msg, status, text, -1);
}

/* {"<key>": "<text>"}: OpenRegister answers "message" or "error" depending on the code path. */
void
srv_reply_error (SoupServerMessage *msg, guint status, const char *key, const char *text)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  srv_reply_json_node (msg, status, node);
}

JsonNode *
srv_body_json (SoupServerMessage *msg, GError **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (g_bytes_get_size (bytes) == 0)
    return json_node_init_object (json_node_alloc (), json_object_new ());
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

GHashTable *
srv_body_form (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const char *ctype =
      soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  if (ctype != NULL && g_str_equal (ctype, "application/json"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      GHashTable *form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (json_parser_load_from_data (parser, text, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *o = json_node_get_object (json_parser_get_root (parser));
          GList *names = json_object_get_members (o);
          for (GList *l = names; l; l = l->next)
            {
              JsonNode *n = json_object_get_member (o, l->data);
              if (JSON_NODE_HOLDS_VALUE (n))
                g_hash_table_insert (form, g_strdup (l->data), g_strdup (json_node_get_string (n)));
            }
          g_list_free (names);
        }
      return form;
    }
  return soup_form_decode (text);
}

static gboolean
parse_basic (SoupServerMessage *msg, char **uid, char **password)
{
  const char *header =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree guchar *decoded = NULL;
  gsize len = 0;
  char *colon;

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return FALSE;
  decoded = g_base64_decode (header + 6, &len);
  if (decoded == NULL)
    return FALSE;
  decoded = g_realloc (decoded, len + 1);
  decoded[len] = '\0';
  colon = strchr ((char *) decoded, ':');
  if (colon == NULL)
    return FALSE;
  *uid = g_strndup ((char *) decoded, colon - (char *) decoded);
  *password = g_strdup (colon + 1);
  return TRUE;
}

/* The app password of the request's Basic auth, when the password is one. */
char *
srv_auth_app_password (SoupServerMessage *msg)
{
  g_autofree char *uid = NULL;
  char *password = NULL;

  if (!parse_basic (msg, &uid, &password))
    return NULL;
  return password;
}

SrvUser *
srv_authenticate (Srv *srv, SoupServerMessage *msg, gboolean *bad_credentials)
{
  g_autofree char *uid = NULL;
  g_autofree char *password = NULL;
  gboolean is_app = FALSE;

  *bad_credentials = FALSE;
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                    "Authorization") == NULL)
    return NULL;
  if (!parse_basic (msg, &uid, &password) ||
      !srv_users_check_password (srv, uid, password, &is_app))
    {
      *bad_credentials = TRUE;
      return NULL;
    }
  return srv_user_load (srv, uid);
}

static void
reply_not_found_page (SoupServerMessage *msg)
{
  static const char page[] = "<!DOCTYPE html><html><head><title>Nextcloud</title></head>"
                             "<body><h2>Page not found</h2></body></html>";

  soup_server_message_set_status (msg, 404, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC, page,
                                    strlen (page));
}

static void
reply_status_php (SoupServerMessage *msg)
{
  static const char text[] =
      "{\"installed\":true,\"maintenance\":false,\"needsDbUpgrade\":false,"
      "\"version\":\"32.0.0.13\","
      "\"versionstring\":\"32.0.0\",\"edition\":\"\",\"productname\":\"Nextcloud\","
      "\"extendedSupport\":false}";

  srv_reply_json_text (msg, 200, text, -1);
}

static gboolean
route_app (Srv *srv, SoupServerMessage *msg, const char *path, SrvUser *user, GPtrArray *params)
{
  static const char or_prefix[] = "/index.php/apps/openregister/api/";
  g_autofree char *sc_prefix = g_strdup_printf ("/index.php/apps/%s/api/", srv_dialect_app (srv));
  g_auto(GStrv) parts = NULL;

  if (g_str_has_prefix (path, or_prefix))
    {
      parts = g_strsplit (path + strlen (or_prefix), "/", -1);
      return srv_api_openregister (srv, msg, parts, g_strv_length (parts), user, params);
    }
  if (g_str_has_prefix (path, sc_prefix))
    {
      parts = g_strsplit (path + strlen (sc_prefix), "/", -1);
      return srv_api_softwarecatalog (srv, msg, parts, g_strv_length (parts), user, params);
    }
  return FALSE;
}

static gboolean
is_login_flow_path (const char *path)
{
  return g_str_has_prefix (path, "/index.php/login/v2") || g_str_has_prefix (path, "/login/v2");
}

void
srv_handle_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
                    gpointer user_data)
{
  Srv *srv = user_data;
  g_autoptr(GPtrArray) params =
      srv_params_parse (g_uri_get_query (soup_server_message_get_uri (msg)));
  gboolean bad = FALSE;
  SrvUser *user = NULL;
  gboolean handled = FALSE;

  if (g_str_equal (path, "/status.php"))
    {
      reply_status_php (msg);
      srv_faults_mutate (srv, msg, path);
      return;
    }
  if (!is_login_flow_path (path) && srv_faults_apply (srv, msg))
    return;
  user = srv_authenticate (srv, msg, &bad);
  if (bad && !is_login_flow_path (path))
    {
      if (g_str_has_prefix (path, "/ocs/"))
        handled = srv_api_nextcloud (srv, msg, "/ocs/unauthorised", NULL, params);
      else
        srv_reply_error (msg, 401, "message", "Current user is not logged in");
      return;
    }
  sqlite3_exec (srv->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  handled =
      route_app (srv, msg, path, user, params) || srv_api_nextcloud (srv, msg, path, user, params);
  sqlite3_exec (srv->db, "COMMIT", NULL, NULL, NULL);
  if (!handled)
    reply_not_found_page (msg);
  else
    srv_faults_mutate (srv, msg, path);
  srv_user_free (user);
}
