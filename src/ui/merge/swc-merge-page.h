/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-context.h"
#include "swc-enums.h"

G_BEGIN_DECLS

#define SWC_TYPE_MERGE_PAGE (swc_merge_page_get_type ())
G_DECLARE_FINAL_TYPE (SwcMergePage, swc_merge_page, SWC, MERGE_PAGE, GtkBox)

/* Steps 2.1 (SWC_KIND_ORGANISATION) and 2.2 (SWC_KIND_APPLICATION): the list, the workbench (what
 * remains, what goes into it), the merge view, and the history with reversal. */
GtkWidget *swc_merge_page_new (SwcContext *context, SwcKind kind);
void swc_merge_page_start (SwcMergePage *self, const char *source, const char *target,
                           GtkWidget *from);

G_END_DECLS
