/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void swc_stack_show_only (GtkStack *stack, const char *name);

G_END_DECLS
