/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "swc-schema.h"

G_BEGIN_DECLS

#define SWC_TYPE_CLIENT (swc_client_get_type ())
G_DECLARE_FINAL_TYPE (SwcClient, swc_client, SWC, CLIENT, GObject)

/* What the server offers, found at login. */
typedef struct
{
  SwcSchemaSet *schemas;
  char *registers_json; /* the answers as sent, for the store's offline copy */
  char *schemas_json;
  char *app_path; /* "softwarecatalog", "stackiq" or NULL when the app is not there */
  gboolean is_admin;
  char *display_name;
} SwcCapabilities;

typedef void (*SwcOpenUrlFunc) (const char *url, gpointer user_data);

/* The timeouts per kind of call, in seconds. */
#define SWC_TIMEOUT_READ 60
#define SWC_TIMEOUT_WRITE 120
#define SWC_TIMEOUT_LONG 900 /* activations and merges can take minutes */

SwcClient *swc_client_new (const char *base_url, const char *user, const char *password);
const char *swc_client_get_base_url (SwcClient *self);
const char *swc_client_get_user (SwcClient *self);
void swc_client_set_password (SwcClient *self, const char *password);
void swc_client_set_retry_delay (SwcClient *self, guint first_delay_ms);

gboolean swc_client_retry_delay (SwcClient *self, const GError *error, guint attempt,
                                 guint *delay_ms);
void swc_client_get_async (SwcClient *self, const char *path, guint timeout_s,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data);
void swc_client_get_json_async (SwcClient *self, const char *path, guint timeout_s,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
GBytes *swc_client_get_finish (SwcClient *self, GAsyncResult *result, GError **error);

void swc_client_send_async (SwcClient *self, const char *method, const char *path, JsonNode *body,
                            guint timeout_s, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
GBytes *swc_client_send_finish (SwcClient *self, GAsyncResult *result, GError **error);

void swc_client_detect_async (SwcClient *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
SwcCapabilities *swc_client_detect_finish (SwcClient *self, GAsyncResult *result, GError **error);
void swc_capabilities_free (SwcCapabilities *caps);

void swc_client_login_flow_async (SwcClient *self, SwcOpenUrlFunc open_url, gpointer open_url_data,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean swc_client_login_flow_finish (SwcClient *self, GAsyncResult *result, char **login_name,
                                       char **app_password, GError **error);

void swc_client_logout_async (SwcClient *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
gboolean swc_client_logout_finish (SwcClient *self, GAsyncResult *result, GError **error);

char *swc_client_objects_path (SwcClient *self, const char *register_slug, const char *schema_slug);
void swc_client_set_schemas (SwcClient *self, SwcSchemaSet *schemas);
SwcDialect swc_client_get_dialect (SwcClient *self);
void swc_client_set_app_path (SwcClient *self, const char *app_path);
const char *swc_client_get_app_path (SwcClient *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwcCapabilities, swc_capabilities_free)

G_END_DECLS
