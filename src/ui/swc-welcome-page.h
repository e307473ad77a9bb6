/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SWC_TYPE_WELCOME_PAGE (swc_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (SwcWelcomePage, swc_welcome_page, SWC, WELCOME_PAGE, GtkWidget)

void swc_welcome_page_set_server (SwcWelcomePage *self, const char *server, gboolean locked);
void swc_welcome_page_set_error (SwcWelcomePage *self, const char *message);

G_END_DECLS
