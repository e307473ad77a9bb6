/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-context.h"

G_BEGIN_DECLS

#define SWC_TYPE_ADD_PAGE (swc_add_page_get_type ())
G_DECLARE_FINAL_TYPE (SwcAddPage, swc_add_page, SWC, ADD_PAGE, GtkBox)

GtkWidget *swc_add_page_new (SwcContext *context);

G_END_DECLS
