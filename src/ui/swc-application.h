/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SWC_TYPE_APPLICATION (swc_application_get_type ())
G_DECLARE_FINAL_TYPE (SwcApplication, swc_application, SWC, APPLICATION, AdwApplication)

SwcApplication *swc_application_new (void);
const char *swc_application_get_server (SwcApplication *self);
const char *swc_application_get_user (SwcApplication *self);
const char *swc_application_get_data_dir (SwcApplication *self);

G_END_DECLS
