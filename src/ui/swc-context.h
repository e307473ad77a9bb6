/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-session.h"

G_BEGIN_DECLS

#define SWC_TYPE_CONTEXT (swc_context_get_type ())
G_DECLARE_FINAL_TYPE (SwcContext, swc_context, SWC, CONTEXT, GObject)

SwcContext *swc_context_new (SwcSession *session, AdwToastOverlay *toasts);
SwcSession *swc_context_get_session (SwcContext *self);
void swc_context_toast (SwcContext *self, const char *text);
void swc_context_add_toast (SwcContext *self, AdwToast *toast);
GPtrArray *swc_context_get_undoable (SwcContext *self);
GParamSpec *swc_context_param_spec (void);

G_END_DECLS
