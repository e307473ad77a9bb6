/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-context.h"

G_BEGIN_DECLS

#define SWC_TYPE_REVIEW_PAGE (swc_review_page_get_type ())
G_DECLARE_FINAL_TYPE (SwcReviewPage, swc_review_page, SWC, REVIEW_PAGE, GtkWidget)

GtkWidget *swc_review_page_new (SwcContext *context);
void swc_review_page_show (SwcReviewPage *self, const char *uuid);

G_END_DECLS
