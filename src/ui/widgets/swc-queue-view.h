/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-session.h"

G_BEGIN_DECLS

#define SWC_TYPE_QUEUE_VIEW (swc_queue_view_get_type ())
G_DECLARE_FINAL_TYPE (SwcQueueView, swc_queue_view, SWC, QUEUE_VIEW, GtkWidget)

/* The change queue, one row per change that waits, was refused or conflicts: the object's name and
 * what the change does, its state and the server's message; per row Try Again, Remove from Queue
 * (after asking) and, for a conflict, Resolve…. Hidden while nothing waits. */
GtkWidget *swc_queue_view_new (void);
void swc_queue_view_refresh (SwcQueueView *self, SwcSession *session);
guint swc_queue_view_count (SwcQueueView *self);

G_END_DECLS
