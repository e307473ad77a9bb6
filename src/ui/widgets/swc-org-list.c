/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The organisations of the catalogue as a list to pick from: a search field over the local store
 * (every word, accents folded) and a GtkListView over a lazy model, so ten thousand organisations
 * cost the rows on screen. Rows are drag sources; Enter in the search field or on a row picks it
 * without a mouse. */
#define G_LOG_DOMAIN "swc-org-list"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-object-model.h"
#include "swc-a11y.h"
#include "swc-org-list.h"

struct _SwcOrgList
{
  GtkBox parent_instance;

  SwcStore *store;
  SwcKind kind;
  SwcObjectModel *model;
  GtkSelectionModel *selection; /* single, or multiple for swc_org_list_new_multiple */
  GtkLabel *heading;
  GtkSearchEntry *search;
  GtkListView *list_view;
  char *searched; /* what the model was last narrowed to */
  char *selected; /* the last answer of swc_org_list_get_selected */
  gboolean accept_drops;
};

enum
{
  ACTIVATED,
  SELECTED,
  DROPPED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SwcOrgList, swc_org_list, GTK_TYPE_BOX)

/* A selected row drags every selected one (their uuids, one per line); another row drags itself. */
static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source, double x, double y, gpointer data)
{
  GtkListItem *item = data;
  SwcObject *o = gtk_list_item_get_item (item);
  GtkWidget *list =
      gtk_widget_get_ancestor (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source)),
                               SWC_TYPE_ORG_LIST);
  g_auto(GStrv) selected = NULL;
  g_autofree char *text = NULL;

  if (o == NULL)
    return NULL;
  if (list && gtk_list_item_get_selected (item))
    selected = swc_org_list_get_selected_all (SWC_ORG_LIST (list));
  text = selected && selected[0] ? g_strjoinv ("\n", selected) : g_strdup (swc_object_get_uuid (o));
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
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
  GtkWidget *list =
      gtk_widget_get_ancestor (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)),
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
  swc_list_item_remember (item);
}

/* A package's line: its kind and its supplier. */
static char *
module_line (SwcOrgList *self, SwcObject *o)
{
  const char *type = swc_labels_value (swc_object_get_string (o, swc_field_key (SWC_FIELD_TYPE)));
  const char *provider = swc_object_get_string (o, swc_field_key (SWC_FIELD_PROVIDER));
  g_autofree char *name = provider ? swc_store_object_name (self->store, provider) : NULL;

  return g_strdup_printf ("%s · %s", type && *type ? type : "—", name ? name : _("no supplier"));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  SwcOrgList *self = data;
  SwcObject *o = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *sub = gtk_widget_get_next_sibling (name);
  const char *type = swc_labels_value (swc_object_get_string (o, swc_field_key (SWC_FIELD_TYPE)));
  const char *status =
      swc_labels_value (swc_object_get_string (o, swc_field_key (SWC_FIELD_STATUS)));
  /* the backend writes the default status in lower case ("concept"): shown as the others are */
  g_autofree char *shown = status && *status
                               ? g_strdup_printf ("%c%s", g_ascii_toupper (*status), status + 1)
                               : g_strdup ("—");
  g_autofree char *line = self->kind == SWC_KIND_APPLICATION
                              ? module_line (self, o)
                              : g_strdup_printf ("%s · %s", type ? type : "—", shown);

  gtk_label_set_label (GTK_LABEL (name), swc_object_get_name (o));
  gtk_label_set_label (GTK_LABEL (sub), line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  swc_object_get_name (o), -1);
  swc_a11y_name_row (item, swc_object_get_name (o), line);
}

static void
select_only (SwcOrgList *self, guint position)
{
  if (position < g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    gtk_selection_model_select_item (self->selection, position, TRUE);
}

static void
emit_selected (SwcOrgList *self)
{
  const char *uuid = swc_org_list_get_selected (self);

  if (uuid != NULL)
    g_signal_emit (self, signals[ACTIVATED], 0, uuid);
}

static void
activate_cb (GtkListView *view, guint position, gpointer data)
{
  SwcOrgList *self = data;

  g_autoptr(SwcObject) o = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (!gtk_selection_model_is_selected (self->selection, position))
    select_only (self, position);
  if (o != NULL)
    g_signal_emit (self, signals[ACTIVATED], 0,
                   swc_object_get_uuid (o)); /* the row itself, not the first selected */
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
    select_only (self, 0);
}

/* Shows and selects one organisation (a jump from the global search): the list is narrowed to its
 * name. */
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
          select_only (self, i);
          return;
        }
    }
}

/* Enter in the search field takes the first (selected) match: type a few letters, Enter, and it is
 * added. */
static void
search_activate_cb (GtkSearchEntry *entry, gpointer data)
{
  emit_selected (data);
}

/* Down from the search field goes into the list. */
static gboolean
search_key_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
               gpointer data)
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
  g_clear_object (&self->store);
  g_clear_pointer (&self->searched, g_free);
  g_clear_pointer (&self->selected, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_ORG_LIST);
  G_OBJECT_CLASS (swc_org_list_parent_class)->dispose (object);
}

static void
swc_org_list_class_init (SwcOrgListClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_org_list_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-org-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcOrgList, heading);
  gtk_widget_class_bind_template_child (widget_class, SwcOrgList, search);
  gtk_widget_class_bind_template_child (widget_class, SwcOrgList, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  signals[ACTIVATED] =
      g_signal_new ("organisation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DROPPED] = g_signal_new ("dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SELECTED] =
      g_signal_new ("organisation-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
swc_org_list_init (SwcOrgList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
selected_cb (SwcOrgList *self)
{
  g_signal_emit (self, signals[SELECTED], 0, swc_org_list_get_selected (self));
}

/* The uuid of the (first) selected row, or NULL. */
const char *
swc_org_list_get_selected (SwcOrgList *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (self->selection);
  g_autoptr(SwcObject) o = NULL;

  g_clear_pointer (&self->selected, g_free);
  if (!gtk_bitset_is_empty (set))
    o = g_list_model_get_item (G_LIST_MODEL (self->model), gtk_bitset_get_minimum (set));
  self->selected = o ? g_strdup (swc_object_get_uuid (o)) : NULL;
  return self->selected;
}

/* Every selected row's uuid, in list order. */
GStrv
swc_org_list_get_selected_all (SwcOrgList *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (self->selection);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(SwcObject) o = g_list_model_get_item (G_LIST_MODEL (self->model), position);
      if (o)
        g_strv_builder_add (b, swc_object_get_uuid (o));
    }
  return g_strv_builder_end (b);
}

static GtkWidget *
org_list_new (SwcStore *store, const SwcQuery *query, const char *title, gboolean multiple)
{
  SwcOrgList *self = g_object_new (SWC_TYPE_ORG_LIST, NULL);
  const char *placeholder =
      query->kind == SWC_KIND_APPLICATION ? _("Search applications") : _("Search organisations");

  self->store = g_object_ref (store);
  self->kind = query->kind;
  self->model = swc_object_model_new (store, query);
  if (multiple)
    self->selection =
        GTK_SELECTION_MODEL (gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
  else
    {
      GtkSingleSelection *single =
          gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_single_selection_set_can_unselect (single, FALSE);
      self->selection = GTK_SELECTION_MODEL (single);
    }
  /* a single selection moves with the rows (a search, a sync) without "selection-changed" */
  g_signal_connect_swapped (self->selection,
                            multiple ? "selection-changed" : "notify::selected-item",
                            G_CALLBACK (selected_cb), self);
  gtk_label_set_label (self->heading, title);
  g_object_set (self->search, "placeholder-text", placeholder, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  placeholder, -1);
  gtk_list_view_set_model (self->list_view, self->selection);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  return GTK_WIDGET (self);
}

/* query: nullable (every organisation), or the organisations a page asks for. */
GtkWidget *
swc_org_list_new (SwcStore *store, const char *title, const SwcQuery *query)
{
  return org_list_new (store, query ? query : &(SwcQuery){ .kind = SWC_KIND_ORGANISATION }, title,
                       FALSE);
}

/* Records of one schema (organisations, or packages: "module"); Ctrl and Shift select several, and
 * dragging a selected row drags them all. */
GtkWidget *
swc_org_list_new_multiple (SwcStore *store, SwcKind kind, const char *title)
{
  return org_list_new (store, &(SwcQuery){ .kind = kind }, title, TRUE);
}

/* Rows take drops (a uuid as text): "dropped" says onto which organisation. Call before the list is
 * shown. */
void
swc_org_list_set_accept_drops (SwcOrgList *self, gboolean accept)
{
  self->accept_drops = accept;
}

/* Asks the list another question of its kind (a filter of the page: type, status, …). */
void
swc_org_list_set_query (SwcOrgList *self, const SwcQuery *query)
{
  swc_object_model_set_query (self->model, query);
  select_only (self, 0);
}

/* Puts a row of filters under the list. */
void
swc_org_list_add_filters (SwcOrgList *self, GtkWidget *filters)
{
  gtk_widget_set_margin_start (filters, 12);
  gtk_widget_set_margin_end (filters, 12);
  gtk_widget_set_margin_top (filters, 6);
  gtk_widget_set_margin_bottom (filters, 6);
  gtk_box_append (GTK_BOX (self), filters);
}

/* ---- the focus on a list's rows ---- */

/* Call in a factory's "setup" after gtk_list_item_set_child (swc_list_view_focus needs it). */
void
swc_list_item_remember (GtkListItem *item)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "swc-list-item", item);
}

/* The keyboard focus on the row at position (scrolled into view), so the focus ring and the
 * selection are on the same row; the list itself when the row has no widget. */
void
swc_list_view_focus (GtkListView *view, guint position)
{
  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_widget_grab_focus (GTK_WIDGET (view));
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (view), "list.scroll-to-item", "u", position);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (view)); c;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *row = gtk_widget_get_first_child (c);
      GtkListItem *item = row ? g_object_get_data (G_OBJECT (row), "swc-list-item") : NULL;
      if (item && gtk_list_item_get_position (item) == position && gtk_widget_grab_focus (c))
        return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

/* The first selected position of a selection model, or GTK_INVALID_LIST_POSITION. */
guint
swc_selection_first (GtkSelectionModel *selection)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection);

  return gtk_bitset_is_empty (set) ? GTK_INVALID_LIST_POSITION : gtk_bitset_get_minimum (set);
}

/* Whether the keyboard focus is in widget, or nowhere (a focused row that left the list leaves it
 * nowhere). */
gboolean
swc_focus_within_or_lost (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (root == NULL || !gtk_widget_get_mapped (widget))
    return FALSE;
  return focus == NULL || focus == widget || gtk_widget_is_ancestor (focus, widget);
}

struct _SwcFocusMark
{
  char *uuid; /* the focused row's "uuid" */
  int index;  /* its place, for when it is gone */
  GType type; /* what in the row had the focus (a switch, a button), or 0 for the row */
};

/* Where the focus is in a list box, before its rows are built again: keys holds each row's key (a
 * uuid), in order (nullable: none). NULL when the focus is elsewhere. */
SwcFocusMark *
swc_list_box_focus_save (GtkListBox *list, GPtrArray *keys)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (list));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
  SwcFocusMark *mark;

  if (row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (list))
    return NULL;
  mark = g_new0 (SwcFocusMark, 1);
  mark->index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  if (keys != NULL && mark->index >= 0 && (guint) mark->index < keys->len)
    mark->uuid = g_strdup (g_ptr_array_index (keys, mark->index));
  /* a menu button's inner button: the menu button */
  if (focus != row)
    mark->type = gtk_widget_get_ancestor (focus, GTK_TYPE_MENU_BUTTON) ? GTK_TYPE_MENU_BUTTON
                                                                       : G_OBJECT_TYPE (focus);
  return mark;
}

static GtkWidget *
descendant_of_type (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = descendant_of_type (c, type);
      if (found)
        return found;
    }
  return NULL;
}

/* The focus back on the same row (its key, among keys: the new rows' in order), on the same control
 * in it; the row now at its place when it is gone. Frees mark. */
void
swc_list_box_focus_restore (GtkListBox *list, SwcFocusMark *mark, GPtrArray *keys)
{
  GtkListBoxRow *row = NULL;
  GtkWidget *target;

  if (mark == NULL)
    return;
  for (guint i = 0; mark->uuid != NULL && keys != NULL && i < keys->len && row == NULL; i++)
    if (g_strcmp0 (g_ptr_array_index (keys, i), mark->uuid) == 0)
      row = gtk_list_box_get_row_at_index (list, (int) i);
  if (row == NULL)
    {
      for (int i = mark->index; i >= 0 && row == NULL; i--)
        row = gtk_list_box_get_row_at_index (list, i);
      mark->type = 0;
    }
  target = row && mark->type ? descendant_of_type (GTK_WIDGET (row), mark->type) : NULL;
  if (target == NULL || !gtk_widget_grab_focus (target))
    {
      if (row == NULL || !gtk_widget_grab_focus (GTK_WIDGET (row)))
        gtk_widget_grab_focus (GTK_WIDGET (list));
    }
  g_free (mark->uuid);
  g_free (mark);
}

/* The focus on the selected row (a page shown, a dialog closed). */
void
swc_org_list_focus_selected (SwcOrgList *self)
{
  swc_list_view_focus (self->list_view, swc_selection_first (self->selection));
}

void
swc_org_list_focus_search (SwcOrgList *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}
