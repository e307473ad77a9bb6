/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared pieces of the step pages: a scrolled, clamped column with the margins of a preferences
 * page, a heading that wraps rather than truncates, a status page for "nothing chosen yet", a boxed
 * list with a placeholder, a property row of a detail. */
#define G_LOG_DOMAIN "swc-pane"

#include "config.h"

#include "swc-pane.h"

/* content in a clamp (maximum_width, 0 for libadwaita's default) in a vertical scroller */
GtkWidget *
swc_pane_scrolled (GtkWidget *content, int maximum_width)
{
  /* a group, so that the name a page gives the pane is read (newer GTK leaves out a generic widget)
   */
  GtkWidget *scroller =
      g_object_new (GTK_TYPE_SCROLLED_WINDOW, "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP, NULL);
  GtkWidget *clamp = adw_clamp_new ();

  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  if (maximum_width > 0)
    adw_clamp_set_maximum_size (ADW_CLAMP (clamp), maximum_width);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

GtkLabel *
swc_pane_title (void)
{
  GtkLabel *title = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_wrap (title, TRUE);
  gtk_label_set_xalign (title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (title), "title-2");
  return title;
}

GtkWidget *
swc_pane_status (const char *icon, const char *title, const char *description)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  return page;
}

GtkListBox *
swc_pane_boxed_list (const char *accessible_name, const char *placeholder)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  GtkWidget *label = gtk_label_new (placeholder);

  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_set_placeholder (list, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return list;
}

/* Removes the rows, not the placeholder (GTK 4.8 has no gtk_list_box_remove_all). */
void
swc_list_box_clear (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* One property of the record a detail shows (title above, value below); nothing when the value is
 * empty. */
void
swc_pane_property (AdwPreferencesGroup *group, const char *title, const char *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}
