/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "swc-stack"

#include "config.h"

#include "swc-stack.h"

/* Shows one page of a stack and hides the others, so the accessibility tree holds what a person
 * sees (GTK 4.8 exposes every page of a stack otherwise, and the UI tests read that tree). */
void
swc_stack_show_only (GtkStack *stack, const char *name)
{
  GtkWidget *target = gtk_stack_get_child_by_name (stack, name);

  gtk_widget_set_visible (target, TRUE);
  gtk_stack_set_visible_child (stack, target);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (stack)); c;
       c = gtk_widget_get_next_sibling (c))
    if (c != target)
      gtk_widget_set_visible (c, FALSE);
}
