/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-context.h"

G_BEGIN_DECLS

#define SWC_UNDO_MS 5000

/* Queued changes (held for SWC_UNDO_MS) behind one toast: Undo cancels them all, otherwise they are
 * sent when the toast's time is up. Takes ids (an array of gint64 queue ids). */
void swc_undo_toast (SwcContext *context, const char *text, GArray *ids);
void swc_undo_last (SwcContext *context);

G_END_DECLS
