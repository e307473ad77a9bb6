/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-context.h"

G_BEGIN_DECLS

#define SWC_TYPE_USERS_PAGE (swc_users_page_get_type ())
G_DECLARE_FINAL_TYPE (SwcUsersPage, swc_users_page, SWC, USERS_PAGE, GtkBox)

GtkWidget *swc_users_page_new (SwcContext *context);
void swc_users_page_show (SwcUsersPage *self, const char *uuid);

G_END_DECLS
