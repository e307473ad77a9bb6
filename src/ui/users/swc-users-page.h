/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-session.h"

G_BEGIN_DECLS

#define SWC_TYPE_USERS_PAGE (swc_users_page_get_type ())
G_DECLARE_FINAL_TYPE (SwcUsersPage, swc_users_page, SWC, USERS_PAGE, GtkBox)

GtkWidget *swc_users_page_new (SwcSession *session, AdwToastOverlay *toasts);
void swc_users_page_show (SwcUsersPage *self, const char *uuid);

G_END_DECLS
