/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One good accessible name per control, on GTK 4.8 as on newer GTK.
 *
 * GTK 4.8 names a widget by everything that names it at once: its label property, the labels it is
 * "labelled by", and their text. A button with a mnemonic ("_Goedkeuren") is labelled by its own
 * label, whose name keeps the underscore, so a screen reader hears "_Goedkeuren Goedkeuren". The
 * cure is one name, set on the widget, and no labelled-by relation beside it. List rows of a
 * GtkListView and the button inside a GtkDropDown have no API for a name before GTK 4.12; they are
 * named here too. */
#include "config.h"

#include "swc-a11y.h"

#include <adwaita.h>

/* The widget's accessible name is name, and nothing else: a name that says more than the visible
 * label (a row's "Overdragen" button named "Draag dit pakket over aan X"). */
void
swc_a11y_set_name (GtkWidget *widget, const char *name)
{
  g_object_set_data (G_OBJECT (widget), "swc-a11y-named", GINT_TO_POINTER (TRUE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

typedef void (*Fix) (gpointer widget);

static void
changed_cb (GObject *object, GParamSpec *pspec, gpointer fix)
{
  ((Fix) fix) (object);
}

/* A name made from a text is made again when the text changes: fix runs on notify, connected once.
 */
static void
follow (gpointer widget, const char *notify, Fix fix)
{
  if (g_object_get_data (G_OBJECT (widget), "swc-a11y-watched"))
    return;
  g_object_set_data (G_OBJECT (widget), "swc-a11y-watched", GINT_TO_POINTER (TRUE));
  g_signal_connect (widget, notify, G_CALLBACK (changed_cb), (gpointer) fix);
}

/* A label with a mnemonic names the widget it activates by its text without the underscore, unless
 * that widget was given a name of its own (swc_a11y_set_name): then only the label's part is taken
 * away. The name follows the label when its text changes ("_Afwijzen (2)…" after a second selected
 * row). */
static void
fix_label (gpointer widget)
{
  GtkLabel *label = widget;
  GtkWidget *target = gtk_label_get_mnemonic_widget (label);

  if (target == NULL || !gtk_label_get_use_underline (label))
    return;
  follow (label, "notify::label", fix_label);
  if (g_object_get_data (G_OBJECT (target), "swc-a11y-named"))
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  else
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_label_get_text (label), -1);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
}

/* An entry row is named by its title alone. Newer GTK names a row without a name of its own by its
 * content, the title and the entry the title labels: "Naam Naam"; GTK 4.8 reads a name beside the
 * title that labels the row twice too, so the relation goes. The name follows the title. */
static void
fix_entry_row (gpointer widget)
{
  AdwPreferencesRow *row = widget;
  const char *title = adw_preferences_row_get_title (row);
  g_autoptr(GString) name = g_string_new (title ? title : "");

  follow (row, "notify::title", fix_entry_row);
  if (adw_preferences_row_get_use_underline (row))
    g_string_replace (name, "_", "", 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name->str,
                                  -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static gboolean
label_mapped_cb (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  GObject *widget = g_value_get_object (&values[0]);

  if (GTK_IS_LABEL (widget))
    fix_label (widget);
  else if (ADW_IS_ENTRY_ROW (widget) && !g_object_get_data (widget, "swc-a11y-named"))
    fix_entry_row (widget);
  return TRUE; /* stay installed */
}

/* Every mnemonic label that is shown (buttons "_Goedkeuren", rows with a mnemonic title) names its
 * widget once, and every entry row is named by its title: one hook on GtkWidget::map for the whole
 * application, so parts built later are named too. */
void
swc_a11y_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_type_class_ref (GTK_TYPE_WIDGET); /* its signals exist once its class does */
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, label_mapped_cb,
                                  NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

/* A row of a GtkListView is read by the item's name, with its line of facts as description (call
 * from the factory's bind). */
void
swc_a11y_name_row (GtkListItem *item, const char *name, const char *description)
{
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkWidget *row = child ? gtk_widget_get_parent (child) : NULL;

  if (row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    name ? name : "", GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    description ? description : "", -1);
}

/* A GtkDropDown and the button it shows (which GTK 4.8 names "GtkToggleButton") carry one name. */
void
swc_a11y_name_drop_down (GtkWidget *drop_down, const char *name)
{
  swc_a11y_set_name (drop_down, name);
  for (GtkWidget *c = gtk_widget_get_first_child (drop_down); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_TOGGLE_BUTTON (c))
      swc_a11y_set_name (c, name);
}
