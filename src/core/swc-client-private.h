/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-client.h"

G_BEGIN_DECLS

void _swc_client_send_form_async (SwcClient *self, const char *url_or_path, GHashTable *form,
                                  gboolean anonymous, GCancellable *cancellable, gpointer tag,
                                  GAsyncReadyCallback callback, gpointer user_data);
JsonNode *_swc_parse_bytes (GBytes *bytes, GError **error);
const char *_swc_path_string (JsonNode *root, const char *member, const char *submember);

/* swc-client-words.c: the vocabulary at the HTTP boundary */
typedef struct _SwcWords SwcWords;

SwcWords *_swc_words_new (SwcSchemaSet *schemas);
SwcWords *_swc_words_ref (SwcWords *words);
void _swc_words_unref (SwcWords *words);
SwcDialect _swc_words_dialect (SwcWords *words);
char *_swc_words_path_out (SwcWords *words, const char *path, char **slug);
GBytes *_swc_words_body_out (SwcWords *words, const char *slug, JsonNode *body);
GBytes *_swc_words_answer_in (SwcWords *words, const char *slug, GBytes *answer);

G_END_DECLS
