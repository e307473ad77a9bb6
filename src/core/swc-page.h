/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One object of a list answer: where its JSON text starts in the body, and how long it is. */
typedef struct
{
  gsize offset;
  gsize length;
} SwcSlice;

typedef struct
{
  GArray *objects; /* SwcSlice: the members of "results", in order */
  gint64 total;    /* -1 when absent */
  gint64 page;
  gint64 pages;
} SwcPage;

gboolean swc_page_scan (const char *body, gsize length, SwcPage *page, GError **error);
void swc_page_clear (SwcPage *page);
gboolean swc_json_valid (const char *text, gsize length);

/* One member of a JSON object, as spans of the text (the key without quotes, the value as written).
 */
typedef struct
{
  const char *key;
  gsize key_len;
  const char *value;
  gsize value_len;
} SwcMember;

gboolean swc_json_members (const char *text, gsize length, GArray *members);
const SwcMember *swc_json_member (GArray *members, const char *key);
char *swc_json_string (const char *value, gsize length);
void swc_json_array_strings (const char *value, gsize length, GPtrArray *out);

G_END_DECLS
