/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-session.h"

G_BEGIN_DECLS

/* Called with the object a person picked: its schema and uuid. */
typedef void (*SwcSearchJump) (const char *schema, const char *uuid, gpointer user_data);

GtkWidget *swc_search_window_new (GtkWindow *parent, SwcSession *session, SwcSearchJump jump,
                                  gpointer user_data);

G_END_DECLS
