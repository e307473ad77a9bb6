/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *swc_paths_data_dir (const char *override_dir);
char *swc_paths_store_file (const char *data_dir, const char *server, const char *user);
void swc_paths_init_i18n (void);

G_END_DECLS
