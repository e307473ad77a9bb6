/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-session.h"

G_BEGIN_DECLS

#define SWC_TYPE_SEARCH_WINDOW (swc_search_window_get_type ())
G_DECLARE_FINAL_TYPE (SwcSearchWindow, swc_search_window, SWC, SEARCH_WINDOW, AdwWindow)

/* The global search over session's store, modal over parent. "jump" (schema, uuid) says which
 * object a person picked; the window has closed by then. */
GtkWidget *swc_search_window_new (GtkWindow *parent, SwcSession *session);

G_END_DECLS
