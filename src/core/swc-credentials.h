/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *swc_credentials_lookup (const char *server, const char *user, GError **error);
gboolean swc_credentials_store (const char *server, const char *user, const char *password,
                                GError **error);
gboolean swc_credentials_clear (const char *server, const char *user, GError **error);

G_END_DECLS

G_BEGIN_DECLS

void swc_credentials_lookup_async (const char *server, const char *user, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
char *swc_credentials_lookup_finish (GAsyncResult *result, GError **error);
void swc_credentials_store_async (const char *server, const char *user, const char *password,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean swc_credentials_store_finish (GAsyncResult *result, GError **error);

G_END_DECLS
