/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-application.h"

G_BEGIN_DECLS

#define SWC_TYPE_WINDOW (swc_window_get_type ())
G_DECLARE_FINAL_TYPE (SwcWindow, swc_window, SWC, WINDOW, AdwApplicationWindow)

SwcWindow *swc_window_new (SwcApplication *app);

G_END_DECLS
