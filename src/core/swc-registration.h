/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-queue.h"

G_BEGIN_DECLS

GArray *swc_registration_decide (SwcQueue *queue, const char *uuid, gboolean approve, guint hold_ms,
                                 const char *label, GError **error);

G_END_DECLS
