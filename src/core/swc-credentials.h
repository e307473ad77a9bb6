/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *swc_credentials_lookup (const char *server, const char *user, GError **error);
gboolean  swc_credentials_store  (const char *server, const char *user, const char *password, GError **error);
gboolean  swc_credentials_clear  (const char *server, const char *user, GError **error);

G_END_DECLS
