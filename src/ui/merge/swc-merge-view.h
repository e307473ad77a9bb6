/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-merge.h"
#include "swc-context.h"

G_BEGIN_DECLS

#define SWC_TYPE_MERGE_VIEW (swc_merge_view_get_type ())
G_DECLARE_FINAL_TYPE (SwcMergeView, swc_merge_view, SWC, MERGE_VIEW, GtkBox)

/* The merge view of steps 2.1 and 2.2: the records side by side with the result, what moves
 * (checked with the server), blockers, the reason, and Merge with its progress and report. "back"
 * asks to leave it; "merged" (merge id) says the merge was queued. */
GtkWidget *swc_merge_view_new (SwcContext *context, SwcMergePlan *plan);

G_END_DECLS
