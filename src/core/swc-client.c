/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The connection to the backend: one SoupSession, async only, Basic auth with an app password and
 * no cookies. Reads are retried with backoff on network trouble, time-outs and 5xx; writes never
 * are. */
#define G_LOG_DOMAIN "swc-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "swc-client-private.h"
#include "swc-page.h"
#include "swc-error.h"

struct _SwcClient
{
  GObject parent_instance;

  SoupSession *session; /* owned */
  char *base_url;       /* owned, without trailing slash */
  char *user;           /* owned */
  char *password;       /* owned, never logged */
  guint retry_delay_ms;
  guint max_retries;
  SwcWords *words; /* owned, nullable: the backend's dialect, once its schemas are known */
  char *app_path; /* owned, nullable: where the catalogue app answers ("softwarecatalog", "stackiq")
                   */
};

G_DEFINE_FINAL_TYPE (SwcClient, swc_client, G_TYPE_OBJECT)

static void
swc_client_finalize (GObject *object)
{
  SwcClient *self = SWC_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->words, _swc_words_unref);
  g_free (self->app_path);
  g_free (self->base_url);
  g_free (self->user);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  G_OBJECT_CLASS (swc_client_parent_class)->finalize (object);
}

static void
swc_client_class_init (SwcClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = swc_client_finalize;
}

static void
swc_client_init (SwcClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", "Catalogusbeheer/" PACKAGE_VERSION,
                                                 "max-conns-per-host", 6, "timeout", 0, NULL);
  self->retry_delay_ms = 500;
  self->max_retries = 5;
  if (g_getenv ("SWC_RETRY_DELAY_MS") != NULL) /* for tests of servers that fail on purpose */
    self->retry_delay_ms =
        (guint) CLAMP (g_ascii_strtoull (g_getenv ("SWC_RETRY_DELAY_MS"), NULL, 10), 1, 500);
}

SwcClient *
swc_client_new (const char *base_url, const char *user, const char *password)
{
  SwcClient *self = g_object_new (SWC_TYPE_CLIENT, NULL);
  gsize len = strlen (base_url);

  while (len > 0 && base_url[len - 1] == '/')
    len--;
  self->base_url = g_strndup (base_url, len);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  return self;
}

const char *
swc_client_get_base_url (SwcClient *self)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), NULL);

  return self->base_url;
}

const char *
swc_client_get_user (SwcClient *self)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), NULL);

  return self->user;
}

void
swc_client_set_password (SwcClient *self, const char *password)
{
  g_return_if_fail (SWC_IS_CLIENT (self));

  g_free (self->password);
  self->password = g_strdup (password);
}

void
swc_client_set_retry_delay (SwcClient *self, guint first_delay_ms)
{
  g_return_if_fail (SWC_IS_CLIENT (self));

  self->retry_delay_ms = first_delay_ms;
}

/* Which backend this is, from its schemas (read at login, or kept in the store): from then on the
 * calls to the objects API are translated (swc-client-words.c). */
void
swc_client_set_schemas (SwcClient *self, SwcSchemaSet *schemas)
{
  g_return_if_fail (SWC_IS_CLIENT (self));

  g_clear_pointer (&self->words, _swc_words_unref);
  if (schemas != NULL)
    self->words = _swc_words_new (schemas);
}

SwcDialect
swc_client_get_dialect (SwcClient *self)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), 0);

  return _swc_words_dialect (self->words);
}

/* Where the catalogue app answers, found at login: a call to the app under either of its names (a
 * queued one, made before the backend was renamed) goes there. */
void
swc_client_set_app_path (SwcClient *self, const char *app_path)
{
  g_return_if_fail (SWC_IS_CLIENT (self));

  g_free (self->app_path);
  self->app_path = g_strdup (app_path);
}

/* "softwarecatalog", "stackiq", or NULL when the server has no catalogue app. */
const char *
swc_client_get_app_path (SwcClient *self)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), NULL);

  return self->app_path;
}

static char *
app_path_now (SwcClient *self, const char *path)
{
  static const char *const names[] = { "/index.php/apps/softwarecatalog/api/",
                                       "/index.php/apps/stackiq/api/" };

  for (guint i = 0; self->app_path && i < G_N_ELEMENTS (names); i++)
    if (g_str_has_prefix (path, names[i]))
      return g_strdup_printf ("/index.php/apps/%s/api/%s", self->app_path,
                              path + strlen (names[i]));
  return g_strdup (path);
}

/* The path of a schema's objects, in the store's words: the client turns it into the backend's. */
char *
swc_client_objects_path (SwcClient *self, const char *register_slug, const char *schema_slug)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), NULL);

  return g_strdup_printf ("/index.php/apps/openregister/api/objects/%s/%s", register_slug,
                          schema_slug);
}

/* ---- one request ---- */

typedef struct
{
  char *method;
  char *path;
  GBytes *body; /* nullable */
  const char *content_type;
  guint timeout_s;
  guint attempt;
  gboolean retry;     /* a read: may be sent again */
  gboolean json;      /* a JSON answer is expected: a broken one is a fault, asked again */
  gboolean anonymous; /* no Authorization header (login flow) */
  GCancellable *op;   /* cancelled by the caller's cancellable or by the time-out */
  gulong cancel_id;
  GCancellable *outer;
  guint timeout_id;
  gboolean timed_out;
  SwcWords *words;        /* nullable: translate the answer into the store's words */
  char *slug;             /* the store's slug of the schema whose objects the call is about */
  GBytes *answer;         /* a successful answer on its way to translation */
  JsonNode *pending_body; /* a JSON body, until the path's words are known */
} Request;

static void
request_free (Request *r)
{
  if (r->outer && r->cancel_id)
    g_cancellable_disconnect (r->outer, r->cancel_id);
  g_clear_handle_id (&r->timeout_id, g_source_remove);
  g_clear_object (&r->outer);
  g_clear_object (&r->op);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->answer, g_bytes_unref);
  g_clear_pointer (&r->words, _swc_words_unref);
  g_free (r->slug);
  g_free (r->method);
  g_free (r->path);
  g_free (r);
}

static void send_attempt (GTask *task);

static void
outer_cancelled_cb (GCancellable *outer, gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static gboolean
timeout_cb (gpointer data)
{
  Request *r = data;

  r->timeout_id = 0;
  r->timed_out = TRUE;
  g_cancellable_cancel (r->op);
  return G_SOURCE_REMOVE;
}

static SoupMessage *
build_message (SwcClient *self, Request *r)
{
  g_autofree char *url = g_strconcat (self->base_url, r->path, NULL);
  SoupMessage *msg = soup_message_new (r->method, url);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    return NULL;
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "OCS-APIRequest", "true");
  if (!r->anonymous && self->user && self->password)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", self->user, self->password);
      g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strconcat ("Basic ", b64, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
      memset (pair, 0, strlen (pair));
    }
  if (r->body)
    soup_message_set_request_body_from_bytes (msg, r->content_type, r->body);
  return msg;
}

/* A certificate the connection refused, by what is wrong with it. */
static GError *
certificate_error (SoupMessage *msg, GError *error)
{
  GTlsCertificateFlags flags = msg ? soup_message_get_tls_peer_certificate_errors (msg) : 0;
  const char *why;

  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    why = _("the server's certificate is for another name than this address");
  else if (flags & G_TLS_CERTIFICATE_EXPIRED)
    why = _("the server's certificate has expired");
  else if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    why = _("the server's certificate is not valid yet; check this computer's clock");
  else if (flags & G_TLS_CERTIFICATE_REVOKED)
    why = _("the server's certificate has been revoked");
  else if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    why = _("the server's certificate is not signed by an authority this computer trusts");
  else if (flags & G_TLS_CERTIFICATE_INSECURE)
    why = _("the server's certificate uses an insecure algorithm");
  else
    why = error->message;
  return g_error_new (SWC_ERROR, SWC_ERROR_CERTIFICATE,
                      _("The connection is not safe, so nothing was sent: %s"), why);
}

static GError *
transport_error (Request *r, SoupMessage *msg, GError *error)
{
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) ||
      (msg && soup_message_get_tls_peer_certificate_errors (msg) != 0))
    return certificate_error (msg, error);
  if (r->timed_out)
    return g_error_new (SWC_ERROR, SWC_ERROR_TIMEOUT,
                        _("The server did not answer within %u seconds"), r->timeout_s);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      error->domain == G_RESOLVER_ERROR)
    return g_error_new (SWC_ERROR, SWC_ERROR_OFFLINE, _("Cannot reach the server: %s"),
                        error->message);
  return g_error_new (SWC_ERROR, SWC_ERROR_NETWORK,
                      _("The connection to the server broke off: %s"), error->message);
}

static gboolean
retry_cb (gpointer data)
{
  send_attempt (G_TASK (data));
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* The one retry policy for every transient fault of a read (a 5xx, a reset, a time-out, a cut-off
 * or broken answer): again after 0.5, 1, 2, 4, 8 s, then give up. TRUE with the delay before the
 * next attempt. */
gboolean
swc_client_retry_delay (SwcClient *self, const GError *error, guint attempt, guint *delay_ms)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), FALSE);

  if (attempt >= self->max_retries || !swc_error_is_transient (error))
    return FALSE;
  *delay_ms = self->retry_delay_ms << MIN (attempt, 16u);
  return TRUE;
}

/* Retry-After (seconds, or an HTTP date) of a 429 or 503, at most a minute; 0 when absent. */
static guint
retry_after_ms (SoupMessage *msg)
{
  const char *value =
      msg ? soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After")
          : NULL;
  guint64 seconds = 0;

  if (value == NULL)
    return 0;
  if (!g_ascii_string_to_unsigned (value, 10, 0, 60, &seconds, NULL))
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      gint64 diff = when ? g_date_time_difference (when, now) / G_USEC_PER_SEC : 0;
      seconds = CLAMP (diff, 0, 60);
    }
  return (guint) seconds * 1000;
}

static gboolean
maybe_retry (GTask *task, GError *error, SoupMessage *msg)
{
  SwcClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  guint delay;

  if (!r->retry || g_cancellable_is_cancelled (r->outer) ||
      !swc_client_retry_delay (self, error, r->attempt, &delay))
    return FALSE;
  delay = MAX (delay, retry_after_ms (msg));
  g_debug ("Retrying %s %s in %u ms after: %s", r->method, r->path, delay, error->message);
  g_timeout_add (delay, retry_cb, g_object_ref (task));
  r->attempt++;
  return TRUE;
}

/* A JSON answer that is empty, cut off or not JSON is a fault like a reset (and is asked for
 * again); an answer that does not say it is JSON (a web server's HTML page) is handed over for the
 * caller to judge. */
static GError *
check_json (SoupMessage *msg, GBytes *body)
{
  const char *type =
      soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);

  if (type == NULL ||
      (!g_str_equal (type, "application/json") && !g_str_has_suffix (type, "+json")))
    return NULL;
  if (g_bytes_get_size (body) == 0)
    return g_error_new_literal (SWC_ERROR, SWC_ERROR_MALFORMED, _("The server's answer is empty"));
  if (!swc_json_valid (g_bytes_get_data (body, NULL), g_bytes_get_size (body)))
    return g_error_new_literal (SWC_ERROR, SWC_ERROR_MALFORMED,
                                _("The server's answer is incomplete or not valid JSON"));
  return NULL;
}

static void
translate_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Request *r = data;

  g_task_return_pointer (task, _swc_words_answer_in (r->words, r->slug, r->answer),
                         (GDestroyNotify) g_bytes_unref);
}

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) task = data;
  Request *r = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) mapped = NULL;
  g_autoptr(GBytes) body =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status;

  g_clear_handle_id (&r->timeout_id, g_source_remove);
  if (body == NULL)
    mapped = transport_error (r, msg, error);
  else if ((status = soup_message_get_status (msg)) < 200 || status >= 300)
    mapped = swc_error_from_http (status, r->method, body);
  else if (r->json)
    mapped = check_json (msg, body);
  if (mapped == NULL && r->slug != NULL)
    {
      r->answer = g_steal_pointer (&body);
      g_task_run_in_thread (task, translate_thread);
      return;
    }
  if (mapped == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (!maybe_retry (task, mapped, msg))
    g_task_return_error (task, g_steal_pointer (&mapped));
}

static void
send_attempt (GTask *task)
{
  SwcClient *self = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = build_message (self, r);

  if (msg == NULL)
    {
      g_task_return_new_error (task, SWC_ERROR, SWC_ERROR_NOT_A_BACKEND,
                               _("“%s” is not a valid server address"), self->base_url);
      return;
    }
  if (r->op)
    {
      if (r->outer && r->cancel_id)
        g_cancellable_disconnect (r->outer, r->cancel_id);
      r->cancel_id = 0;
      g_object_unref (r->op);
    }
  r->op = g_cancellable_new ();
  r->timed_out = FALSE;
  if (r->outer)
    r->cancel_id = g_cancellable_connect (r->outer, G_CALLBACK (outer_cancelled_cb), r->op, NULL);
  r->timeout_id = g_timeout_add_seconds (r->timeout_s, timeout_cb, r);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, r->op, sent_cb,
                                    g_object_ref (task));
}

static void
start_request (SwcClient *self, Request *r, GCancellable *cancellable, gpointer tag,
               GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  if (self->app_path != NULL)
    {
      char *path = app_path_now (self, r->path);
      g_free (r->path);
      r->path = path;
    }
  if (self->words != NULL)
    {
      char *path = _swc_words_path_out (self->words, r->path, &r->slug);
      g_free (r->path);
      r->path = path;
      r->words = _swc_words_ref (self->words);
    }
  if (r->pending_body != NULL)
    {
      r->body = _swc_words_body_out (r->words, r->slug, r->pending_body);
      r->content_type = "application/json";
      g_clear_pointer (&r->pending_body, json_node_unref);
    }
  r->outer = cancellable ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  send_attempt (task);
  g_object_unref (task);
}

static void
get_async (SwcClient *self, const char *path, guint timeout_s, gboolean json,
           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Request *r = g_new0 (Request, 1);

  r->method = g_strdup ("GET");
  r->path = g_strdup (path);
  r->timeout_s = timeout_s ? timeout_s : SWC_TIMEOUT_READ;
  r->retry = TRUE;
  r->json = json;
  start_request (self, r, cancellable, swc_client_get_async, callback, user_data);
}

void
swc_client_get_async (SwcClient *self, const char *path, guint timeout_s, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SWC_IS_CLIENT (self));

  get_async (self, path, timeout_s, FALSE, cancellable, callback, user_data);
}

/* A GET whose answer is read as a whole: a broken JSON answer is retried like any transient fault
 * (list pages are checked where they are split, on the sync's writer thread, and asked again from
 * there). */
void
swc_client_get_json_async (SwcClient *self, const char *path, guint timeout_s,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (SWC_IS_CLIENT (self));

  get_async (self, path, timeout_s, TRUE, cancellable, callback, user_data);
}

GBytes *
swc_client_get_finish (SwcClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
swc_client_send_async (SwcClient *self, const char *method, const char *path, JsonNode *body,
                       guint timeout_s, GCancellable *cancellable, GAsyncReadyCallback callback,
                       gpointer user_data)
{
  Request *r;

  g_return_if_fail (SWC_IS_CLIENT (self));

  r = g_new0 (Request, 1);
  r->method = g_strdup (method);
  r->path = g_strdup (path);
  r->timeout_s = timeout_s ? timeout_s : SWC_TIMEOUT_WRITE;
  r->retry = g_str_equal (method, "GET");
  r->pending_body = body ? json_node_ref (body) : NULL;
  start_request (self, r, cancellable, swc_client_send_async, callback, user_data);
}

GBytes *
swc_client_send_finish (SwcClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (SWC_IS_CLIENT (self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_swc_client_send_form_async (SwcClient *self, const char *url_or_path, GHashTable *form,
                             gboolean anonymous, GCancellable *cancellable, gpointer tag,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  Request *r = g_new0 (Request, 1);
  char *encoded = form ? soup_form_encode_hash (form) : g_strdup ("");

  r->method = g_strdup ("POST");
  /* the poll endpoint comes back as a full URL on the same server */
  r->path = g_str_has_prefix (url_or_path, self->base_url)
                ? g_strdup (url_or_path + strlen (self->base_url))
                : g_strdup (url_or_path);
  r->timeout_s = SWC_TIMEOUT_READ;
  r->anonymous = anonymous;
  r->body = g_bytes_new_take (encoded, strlen (encoded));
  r->content_type = "application/x-www-form-urlencoded";
  start_request (self, r, cancellable, tag, callback, user_data);
}

/* ---- JSON helpers ---- */

/* Every answer of the server that is read as a whole comes through here: an empty one, or one that
 * is not strictly JSON (swc_json_valid: a repeated key, a cut-off body, HTML), is refused before
 * json-glib sees it. */
JsonNode *
_swc_parse_bytes (GBytes *bytes, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = bytes ? g_bytes_get_size (bytes) : 0;
  const char *data = bytes ? g_bytes_get_data (bytes, NULL) : NULL;

  if (size == 0)
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED, _("The server's answer is empty"));
      return NULL;
    }
  if (!swc_json_valid (data, size) || !json_parser_load_from_data (parser, data, size, NULL))
    {
      g_set_error (error, SWC_ERROR, SWC_ERROR_MALFORMED,
                   _("The server's answer is not valid JSON"));
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

const char *
_swc_path_string (JsonNode *root, const char *a, const char *b)
{
  JsonObject *o = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *n;

  if (o && b)
    {
      n = json_object_get_member (o, a);
      o = n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      a = b;
    }
  n = o ? json_object_get_member (o, a) : NULL;
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}
