/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-context.h"

G_BEGIN_DECLS

#define SWC_TYPE_CONCEPTS_PAGE (swc_concepts_page_get_type ())
G_DECLARE_FINAL_TYPE (SwcConceptsPage, swc_concepts_page, SWC, CONCEPTS_PAGE, GtkWidget)

GtkWidget *swc_concepts_page_new (SwcContext *context);

G_END_DECLS
