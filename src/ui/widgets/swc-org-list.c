/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The organisations of the catalogue as a list to pick from: a search field over the local store (every word,
 * accents folded) and a GtkListView over a lazy model, so ten thousand organisations cost the rows on screen.
 * Rows are drag sources; Enter in the search field or on a row picks it without a mouse. */
#define G_LOG_DOMAIN "swc-org-list"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-object-model.h"
#include "swc-org-list.h"

struct _SwcOrgList
{
  GtkBox              parent_instance;

  SwcObjectModel     *model;
  GtkSingleSelection *selection;
  GtkSearchEntry     *search;
  GtkListView        *list_view;
  char               *searched;  /* what the model was last narrowed to */
  gboolean            accept_drops;
};

enum { ACTIVATED, SELECTED, DROPPED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SwcOrgList, swc_org_list, GTK_TYPE_BOX)

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source, double x, double y, gpointer data)
{
  GtkListItem *item = data;
  SwcObject *o = gtk_list_item_get_item (item);

  return o ? gdk_content_provider_new_typed (G_TYPE_STRING, swc_object_get_uuid (o)) : NULL;
}

static void
drag_begin_cb (GtkDragSource *source, GdkDrag *drag, gpointer data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

static gboolean
row_drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, gpointer data)
{
  GtkListItem *item = data;
  SwcObject *o = gtk_list_item_get_item (item);
  GtkWidget *list = gtk_widget_get_ancestor (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)),
                                             SWC_TYPE_ORG_LIST);

  if (o == NULL || list == NULL || !G_VALUE_HOLDS_STRING (value))
    return FALSE;
  g_signal_emit (list, signals[DROPPED], 0, swc_object_get_uuid (o), g_value_get_string (value));
  return TRUE;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  SwcOrgList *self = data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *sub = gtk_label_new (NULL);
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE); /* long collaboration names are read whole */
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), item);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), NULL);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drag));
  if (self->accept_drops)
    {
      GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);
      g_signal_connect (drop, "drop", G_CALLBACK (row_drop_cb), item);
      gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drop));
    }
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  SwcObject *o = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *sub = gtk_widget_get_next_sibling (name);
  const char *type = swc_object_get_string (o, "type");
  const char *status = swc_object_get_string (o, "status");
  /* the backend writes the default status in lower case ("concept"): shown as the others are */
  g_autofree char *shown = status && *status ? g_strdup_printf ("%c%s", g_ascii_toupper (*status), status + 1)
                                             : g_strdup ("—");
  g_autofree char *line = g_strdup_printf ("%s · %s", type ? type : "—", shown);

  gtk_label_set_label (GTK_LABEL (name), swc_object_get_name (o));
  gtk_label_set_label (GTK_LABEL (sub), line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, swc_object_get_name (o), -1);
}

static void
emit_selected (SwcOrgList *self)
{
  SwcObject *o = gtk_single_selection_get_selected_item (self->selection);

  if (o != NULL)
    g_signal_emit (self, signals[ACTIVATED], 0, swc_object_get_uuid (o));
}

static void
activate_cb (GtkListView *view, guint position, gpointer data)
{
  SwcOrgList *self = data;

  gtk_single_selection_set_selected (self->selection, position);
  emit_selected (self);
}

static gboolean
narrow (SwcOrgList *self, const char *text)
{
  if (g_strcmp0 (text, self->searched) == 0)
    return FALSE;
  g_free (self->searched);
  self->searched = g_strdup (text);
  swc_object_model_set_search (self->model, text);
  return TRUE;
}

static void
search_changed_cb (GtkSearchEntry *entry, gpointer data)
{
  SwcOrgList *self = data;

  if (narrow (self, gtk_editable_get_text (GTK_EDITABLE (entry))))
    gtk_single_selection_set_selected (self->selection, 0);
}

/* Shows and selects one organisation (a jump from the global search): the list is narrowed to its name. */
void
swc_org_list_show (SwcOrgList *self, const char *uuid, const char *name)
{
  guint n;

  narrow (self, name);
  gtk_editable_set_text (GTK_EDITABLE (self->search), name);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwcObject) o = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      if (o && g_str_equal (swc_object_get_uuid (o), uuid))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

/* Enter in the search field takes the first (selected) match: type a few letters, Enter, and it is added. */
static void
search_activate_cb (GtkSearchEntry *entry, gpointer data)
{
  emit_selected (data);
}

/* Down from the search field goes into the list. */
static gboolean
search_key_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state, gpointer data)
{
  SwcOrgList *self = data;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
  return TRUE;
}

static void
swc_org_list_dispose (GObject *object)
{
  SwcOrgList *self = SWC_ORG_LIST (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_pointer (&self->searched, g_free);
  G_OBJECT_CLASS (swc_org_list_parent_class)->dispose (object);
}

static void
swc_org_list_class_init (SwcOrgListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = swc_org_list_dispose;
  signals[ACTIVATED] = g_signal_new ("organisation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                     NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DROPPED] = g_signal_new ("dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SELECTED] = g_signal_new ("organisation-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                    NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
swc_org_list_init (SwcOrgList *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
}

static void
selected_cb (SwcOrgList *self)
{
  g_signal_emit (self, signals[SELECTED], 0, swc_org_list_get_selected (self));
}

/* The uuid of the organisation selected in the list, or NULL. */
const char *
swc_org_list_get_selected (SwcOrgList *self)
{
  SwcObject *o = gtk_single_selection_get_selected_item (self->selection);

  return o ? swc_object_get_uuid (o) : NULL;
}

/* condition: nullable SQL over the objects table, written in the code (see swc_object_model_new). */
GtkWidget *
swc_org_list_new (SwcStore *store, const char *title, const char *condition)
{
  SwcOrgList *self = g_object_new (SWC_TYPE_ORG_LIST, NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *key = gtk_event_controller_key_new ();

  self->model = swc_object_model_new (store, "organisatie", condition, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selected_cb), self);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_top (heading, 12);
  gtk_box_append (GTK_BOX (self), heading);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Search organisations"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search organisations"), -1);
  gtk_widget_set_margin_start (GTK_WIDGET (self->search), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->search), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->search), 6);
  g_signal_connect (self->search, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect (self->search, "activate", G_CALLBACK (search_activate_cb), self);
  g_signal_connect (key, "key-pressed", G_CALLBACK (search_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search), key);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->search));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (g_object_ref (GTK_SELECTION_MODEL (self->selection)), factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (activate_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self), scroller);
  return GTK_WIDGET (self);
}

/* Rows take drops (a uuid as text): "dropped" says onto which organisation. Call before the list is shown. */
void
swc_org_list_set_accept_drops (SwcOrgList *self, gboolean accept)
{
  self->accept_drops = accept;
}

void
swc_org_list_focus_search (SwcOrgList *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}
