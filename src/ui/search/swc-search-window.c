/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The global search (Ctrl+K): every word of the query against names and texts in the local store,
 * accents folded, as you type; Enter takes the first hit, Down goes into the list, Escape closes.
 * The hit is handed to the window, which opens it in its step. */
#define G_LOG_DOMAIN "swc-search-window"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-pane.h"
#include "swc-search-window.h"

#define MAX_HITS 50

typedef struct
{
  SwcSession *session;
  SwcSearchJump jump;
  gpointer jump_data;
  GtkWidget *window;
  GtkSearchEntry *entry;
  GtkListBox *list;
} Search;

static void
search_free (gpointer data)
{
  Search *s = data;

  g_object_unref (s->session);
  g_free (s);
}

static void
row_activated_cb (GtkListBox *list, GtkListBoxRow *row, gpointer data)
{
  Search *s = data;
  SwcSearchJump jump = s->jump;
  gpointer jump_data = s->jump_data;
  g_autofree char *schema = g_strdup (g_object_get_data (G_OBJECT (row), "schema"));
  g_autofree char *uuid = g_strdup (g_object_get_data (G_OBJECT (row), "uuid"));

  gtk_window_destroy (GTK_WINDOW (s->window));
  jump (schema, uuid, jump_data);
}

static void
pick (Search *s, GtkListBoxRow *row)
{
  if (row != NULL)
    row_activated_cb (s->list, row, s);
}

static gboolean
close_cb (GtkWidget *widget, GVariant *args, gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (((Search *) data)->window));
  return TRUE;
}

static void
changed_cb (GtkSearchEntry *entry, gpointer data)
{
  Search *s = data;
  g_autoptr(GPtrArray) hits = NULL;

  swc_list_box_clear (s->list);
  hits = swc_store_search (swc_session_get_store (s->session),
                           gtk_editable_get_text (GTK_EDITABLE (entry)), MAX_HITS, NULL);
  for (guint i = 0; hits && i < hits->len; i++)
    {
      SwcSearchHit *hit = g_ptr_array_index (hits, i);
      GtkWidget *r = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r), hit->name ? hit->name : "?");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (r), swc_labels_schema (hit->schema, NULL));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (r), TRUE);
      g_object_set_data_full (G_OBJECT (r), "schema", g_strdup (hit->schema), g_free);
      g_object_set_data_full (G_OBJECT (r), "uuid", g_strdup (hit->uuid), g_free);
      gtk_list_box_append (s->list, r);
    }
}

static void
activate_cb (GtkSearchEntry *entry, gpointer data)
{
  Search *s = data;

  pick (s, gtk_list_box_get_row_at_index (s->list, 0));
}

static void
stop_cb (GtkSearchEntry *entry, gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (((Search *) data)->window));
}

static gboolean
key_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
        gpointer data)
{
  Search *s = data;
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (s->list, 0);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || first == NULL)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

GtkWidget *
swc_search_window_new (GtkWindow *parent, SwcSession *session, SwcSearchJump jump,
                       gpointer user_data)
{
  Search *s = g_new0 (Search, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *placeholder =
      gtk_label_new (_("Type to search organisations, people, packages and pages"));
  GtkEventController *key = gtk_event_controller_key_new ();

  s->session = g_object_ref (session);
  s->jump = jump;
  s->jump_data = user_data;
  s->window = adw_window_new ();
  g_object_set_data_full (G_OBJECT (s->window), "swc-search", s, search_free);
  gtk_window_set_title (GTK_WINDOW (s->window), _("Search"));
  gtk_window_set_transient_for (GTK_WINDOW (s->window), parent);
  gtk_window_set_modal (GTK_WINDOW (s->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (s->window), 560, 520);
  s->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (s->entry, "placeholder-text", _("Search the catalogue"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (s->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the catalogue"), -1);
  gtk_widget_set_hexpand (GTK_WIDGET (s->entry), TRUE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (s->entry));
  gtk_box_append (GTK_BOX (box), header);
  s->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (s->list, GTK_SELECTION_BROWSE);
  gtk_widget_add_css_class (GTK_WIDGET (s->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (s->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search results"), -1);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_list_box_set_placeholder (s->list, placeholder);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (s->list));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (s->window), box);
  g_signal_connect (s->entry, "search-changed", G_CALLBACK (changed_cb), s);
  g_signal_connect (s->entry, "activate", G_CALLBACK (activate_cb), s);
  g_signal_connect (s->entry, "stop-search", G_CALLBACK (stop_cb), s);
  g_signal_connect (s->list, "row-activated", G_CALLBACK (row_activated_cb), s);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_cb), s);
  gtk_widget_add_controller (GTK_WIDGET (s->entry), key);
  {
    GtkEventController *c = gtk_shortcut_controller_new ();
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (c),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                                "Escape"),
                                                            gtk_callback_action_new (close_cb, s,
                                                                                     NULL)));
    gtk_widget_add_controller (s->window, c);
  }
  gtk_widget_grab_focus (GTK_WIDGET (s->entry));
  return s->window;
}
