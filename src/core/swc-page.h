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
  GArray *objects;  /* SwcSlice: the members of "results", in order */
  gint64  total;    /* -1 when absent */
  gint64  page;
  gint64  pages;
} SwcPage;

gboolean swc_page_scan  (const char *body, gsize length, SwcPage *page, GError **error);
void     swc_page_clear (SwcPage *page);

G_END_DECLS
