/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-client.h"

G_BEGIN_DECLS

void        _swc_client_send_form_async (SwcClient *self, const char *url_or_path, GHashTable *form,
                                         gboolean anonymous, GCancellable *cancellable, gpointer tag,
                                         GAsyncReadyCallback callback, gpointer user_data);
JsonNode   *_swc_parse_bytes            (GBytes *bytes, GError **error);
const char *_swc_path_string            (JsonNode *root, const char *member, const char *submember);

G_END_DECLS
