/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-client.h"
#include "swc-queue.h"

G_BEGIN_DECLS

/* The user accounts behind contact persons, through the softwarecatalog app's endpoints (api.md
 * §3.6). */
typedef struct
{
  char *contact; /* the contactpersoon's uuid */
  gboolean has_user;
  char *username; /* nullable */
  GStrv groups;
  gboolean disabled;
} SwcUserInfo;

char *swc_users_path (const char *app_path, const char *rest);
const char *swc_users_role_group (const char *role);
void swc_users_fetch_async (SwcClient *client, SwcStore *store, const char *app_path,
                            const char *organisation, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
GHashTable *swc_users_fetch_finish (GAsyncResult *result, char **notice, GError **error);
GHashTable *swc_users_parse (const char *text, gsize length, GError **error);
gint64 swc_users_queue_enabled (SwcQueue *queue, const char *app_path, const char *contact,
                                const char *name, gboolean enabled, guint hold_ms, GError **error);
gint64 swc_users_queue_groups (SwcQueue *queue, const char *app_path, const char *contact,
                               const char *username, const char *const *groups, const char *name,
                               guint hold_ms, GError **error);
gint64 swc_users_queue_convert (SwcQueue *queue, const char *app_path, const char *contact,
                                const char *name, guint hold_ms, GError **error);
void swc_users_set_password_async (SwcClient *client, const char *app_path, const char *username,
                                   const char *password, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
gboolean swc_users_set_password_finish (SwcClient *client, GAsyncResult *result, GError **error);
void swc_user_info_free (SwcUserInfo *info);

G_END_DECLS
