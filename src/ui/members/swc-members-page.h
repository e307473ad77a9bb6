/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-context.h"

G_BEGIN_DECLS

#define SWC_TYPE_MEMBERS_PAGE (swc_members_page_get_type ())
G_DECLARE_FINAL_TYPE (SwcMembersPage, swc_members_page, SWC, MEMBERS_PAGE, GtkBox)

GtkWidget *swc_members_page_new (SwcContext *context);
void swc_members_page_show (SwcMembersPage *self, const char *uuid);

G_END_DECLS
