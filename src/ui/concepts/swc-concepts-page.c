/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 3.1: the concept packages — packages a municipality or collaboration registered instead of
 * their supplier (swc-concepts.c says how they are recognised), oldest first. Beside the one
 * selected: the packages it looks like, the best one side by side, and the active suppliers it may
 * belong to. M merges it into the package it duplicates (step 2.2's merge view), O hands it over to
 * the supplier (its aanbieder is set; behind an Undo toast), R rejects it with a reason (the
 * package is deleted: modules have no status; not while organisations use it — those usages move
 * with a merge), E edits it; J and K move through the list. */
#define G_LOG_DOMAIN "swc-concepts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-concepts.h"
#include "swc-a11y.h"
#include "swc-concepts-page.h"
#include "swc-edit-window.h"
#include "swc-object-model.h"
#include "swc-pane.h"
#include "swc-org-list.h"
#include "swc-reason-dialog.h"
#include "swc-undo.h"

static const SwcQuery active_suppliers = {
  .kind = SWC_KIND_ORGANISATION,
  .org_type = SWC_ORG_TYPE_SUPPLIER,
  .org_status = SWC_ORG_STATUS_ACTIVE,
};

struct _SwcConceptsPage
{
  GtkWidget parent_instance;

  SwcSession *session;   /* owned */
  SwcContext *context;   /* owned: construct-only */
  SwcObjectModel *model; /* owned */
  GtkSingleSelection *selection;
  guint last_position;
  gboolean refreshing; /* the list is changing: selection changes are not the user's */
  gboolean picked;     /* the user chose a package: until then the oldest one is shown */
  gboolean searching;
  GCancellable *cancellable;  /* the matches of the package shown */
  SwcConceptMatches *matches; /* nullable: of the package shown, once computed */
  char *shown;                /* nullable: the text of the package the detail shows */

  /* the template's */
  GtkLabel *count_label;
  GtkListView *list_view;
  GtkStack *detail_stack;
  GtkBox *detail_box;
  GtkWidget *packages_group; /* borrowed: in the detail shown */
  GtkWidget *suppliers_group;
  GtkWidget *compare_group;
};

G_DEFINE_FINAL_TYPE (SwcConceptsPage, swc_concepts_page, GTK_TYPE_WIDGET)

static const char *
supplier_field (SwcConceptsPage *self)
{
  return swc_schema_set_field (swc_session_get_schemas (self->session), SWC_FIELD_PROVIDER);
}

static SwcObject *
selected (SwcConceptsPage *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);

  return item ? g_object_ref (item) : NULL;
}

/* The name of what a field of the package points at ("?" when the store does not know it). */
static char *
referenced_name (SwcConceptsPage *self, SwcObject *o, const char *field)
{
  const char *uuid = swc_object_get_string (o, field);
  char *name = uuid ? swc_store_object_name (swc_session_get_store (self->session), uuid) : NULL;

  return name ? name : g_strdup (uuid);
}

/* ---- the list ---- */

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_item_set_child (item, box);
  swc_list_item_remember (item);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  SwcConceptsPage *self = data;
  SwcObject *o = gtk_list_item_get_item (item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  g_autofree char *supplier = referenced_name (self, o, supplier_field (self));
  /* Translators: a concept package's line in the list: "registered with <supplier>" */
  g_autofree char *line = g_strdup_printf (_("registered with %s"), supplier ? supplier : "?");

  gtk_label_set_label (GTK_LABEL (title), swc_object_get_name (o));
  gtk_label_set_label (GTK_LABEL (subtitle), swc_object_get_pending (o) ? _("being sent…") : line);
  swc_a11y_name_row (item, swc_object_get_name (o), gtk_label_get_label (GTK_LABEL (subtitle)));
}

static void
update_count (SwcConceptsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autofree char *text =
      g_strdup_printf (ngettext ("%u concept package", "%u concept packages", n), n);

  gtk_label_set_label (self->count_label, text);
}

static void
search_changed_cb (GtkSearchEntry *entry, gpointer data)
{
  SwcConceptsPage *self = data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  self->searching = *text != '\0';
  self->picked = FALSE; /* a new search shows its oldest hit */
  swc_object_model_set_search (self->model, text);
}

/* ---- the detail ---- */

static GtkWidget *
target_button (const char *mnemonic, const char *tip, const char *action, const char *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tip);
  swc_a11y_set_name (button, tip); /* each row has one: the name says which supplier or package */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

static GtkWidget *
value_label (const char *text, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text && *text ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, heading ? "heading" : "body");
  return label;
}

/* A member of an object when it is text (a backend may write a number or an object where a string
 * is expected), else NULL. */
static const char *
text_member (JsonObject *o, const char *key)
{
  JsonNode *n = o ? json_object_get_member (o, key) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

/* The concept package and the package it looks most like, field by field. */
static void
fill_compare (SwcConceptsPage *self, SwcObject *concept, const char *match_uuid)
{
  static const struct
  {
    SwcField field;
    const char *title;
  } fields[] = {
    { SWC_FIELD_TYPE, N_("Type") },
    { SWC_FIELD_WEBSITE, N_("Website") },
    { SWC_FIELD_LICENCE_TYPE, N_("Licence") },
    { SWC_FIELD_DESCRIPTION, N_("Description") },
  };
  SwcStore *store = swc_session_get_store (self->session);
  g_autoptr(JsonObject) match = swc_store_object (store, match_uuid);
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *mine = referenced_name (self, concept, supplier_field (self));
  const char *their_uuid = text_member (match, supplier_field (self));
  g_autofree char *theirs = their_uuid ? swc_store_object_name (store, their_uuid) : NULL;
  g_autofree char *match_name = swc_store_object_name (store, match_uuid);
  int row = 1;

  if (match == NULL)
    return;
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  g_object_set (grid, "margin-start", 12, "margin-end", 12, "margin-top", 12, "margin-bottom", 12,
                NULL);
  gtk_grid_attach (GTK_GRID (grid), value_label (_("This package"), TRUE), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), value_label (_("Looks like"), TRUE), 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), value_label (_("Name"), TRUE), 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), value_label (swc_object_get_name (concept), FALSE), 1, row, 1,
                   1);
  gtk_grid_attach (GTK_GRID (grid), value_label (match_name, FALSE), 2, row++, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), value_label (_("Supplier"), TRUE), 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), value_label (mine, FALSE), 1, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), value_label (theirs, FALSE), 2, row++, 1, 1);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++, row++)
    {
      const char *key = swc_field_key (fields[i].field);
      const char *ours = swc_labels_value (swc_object_get_string (concept, key));
      const char *other = swc_labels_value (text_member (match, key));
      gtk_grid_attach (GTK_GRID (grid), value_label (_(fields[i].title), TRUE), 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value_label (ours, FALSE), 1, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value_label (other, FALSE), 2, row, 1, 1);
    }
  {
    g_autofree char *a =
        g_strdup_printf ("%u", swc_concept_usage_count (store, swc_object_get_uuid (concept)));
    g_autofree char *b = g_strdup_printf ("%u", swc_concept_usage_count (store, match_uuid));
    gtk_grid_attach (GTK_GRID (grid), value_label (_("Used by"), TRUE), 0, row, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), value_label (a, FALSE), 1, row, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), value_label (b, FALSE), 2, row, 1, 1);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Side by side"), -1);
  {
    GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_add_css_class (card, "card");
    gtk_box_append (GTK_BOX (card), grid);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->compare_group), card);
  }
  gtk_widget_set_visible (self->compare_group, TRUE);
}

static char *
merge_tip (const char *name)
{
  /* Translators: %s is a package's name */
  return g_strdup_printf (_("Merge this package into %s (M for the first)"), name);
}

static char *
hand_over_tip (const char *name)
{
  /* Translators: %s is a supplier's name */
  return g_strdup_printf (_("Hand this package over to %s (O for the first)"), name);
}

static void
fill_matches (AdwPreferencesGroup *group, GPtrArray *found, const char *none, const char *mnemonic,
              char *(*tip_for) (const char *name), const char *action)
{
  adw_preferences_group_set_description (group, found->len ? NULL : none);
  for (guint i = 0; i < found->len; i++)
    {
      SwcDuplicate *d = g_ptr_array_index (found, i);
      g_autofree char *why = swc_duplicate_explain (d);
      g_autofree char *line = g_strdup_printf (_("%s · score %u"), why, d->score);
      g_autofree char *tip = tip_for (d->name);
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 target_button (mnemonic, tip, action, d->uuid));
      adw_preferences_group_add (group, row);
    }
}

static void
matches_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  SwcConceptMatches *m = swc_concept_matches_finish (result, &error);
  SwcConceptsPage *self = data;
  g_autoptr(SwcObject) o = NULL;

  if (m == NULL)
    return; /* cancelled: another package is shown, or the page is gone */
  g_clear_pointer (&self->matches, swc_concept_matches_free);
  self->matches = m;
  o = selected (self);
  fill_matches (ADW_PREFERENCES_GROUP (self->packages_group), m->packages,
                _("No package looks like this one"), _("_Merge…"), merge_tip,
                "concepts.merge-with");
  fill_matches (
      ADW_PREFERENCES_GROUP (self->suppliers_group), m->suppliers,
      _("No active supplier looks like the one registered with it: choose one with Other Supplier"),
      _("_Hand Over"), hand_over_tip, "concepts.hand-over-to");
  if (o && m->packages->len)
    fill_compare (self, o, ((SwcDuplicate *) g_ptr_array_index (m->packages, 0))->uuid);
}

/* The header suffix of a package's suppliers (the action bar's buttons are the template's). */
static GtkWidget *
action_button (const char *mnemonic, const char *tip, const char *a11y, const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_tooltip_text (button, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static GtkWidget *
group_new (const char *title, const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

/* "31 augustus 2026": the day of an ISO 8601 time, in the desktop's language */
static char *
day_of (const char *iso)
{
  g_autoptr(GDateTime) t = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = t ? g_date_time_to_local (t) : NULL;

  return local ? g_date_time_format (local, "%-e %B %Y") : g_strdup (iso);
}

static GtkWidget *
facts_group (SwcConceptsPage *self, SwcObject *o)
{
  GtkWidget *group = group_new (swc_object_get_name (o),
                                _("Registered by a municipality or collaboration, not by "
                                   "its supplier"));
  g_autofree char *supplier = referenced_name (self, o, supplier_field (self));
  guint used =
      swc_concept_usage_count (swc_session_get_store (self->session), swc_object_get_uuid (o));
  g_autofree char *usage =
      g_strdup_printf (ngettext ("%u registration of usage", "%u registrations of usage", used),
                       used);
  g_autofree char *registered = day_of (swc_object_get_string (o, "@self.created"));

  swc_pane_property (ADW_PREFERENCES_GROUP (group), _("Registered with supplier"), supplier);
  swc_pane_property (ADW_PREFERENCES_GROUP (group), _("Type"),
                     swc_labels_value (swc_object_get_string (o, swc_field_key (SWC_FIELD_TYPE))));
  swc_pane_property (ADW_PREFERENCES_GROUP (group), _("Website"),
                     swc_object_get_string (o, swc_field_key (SWC_FIELD_WEBSITE)));
  swc_pane_property (ADW_PREFERENCES_GROUP (group), _("Description"),
                     swc_object_get_string (o, swc_field_key (SWC_FIELD_DESCRIPTION)));
  swc_pane_property (ADW_PREFERENCES_GROUP (group), _("Used by"), usage);
  swc_pane_property (ADW_PREFERENCES_GROUP (group), _("Registered"), registered);
  swc_pane_property (ADW_PREFERENCES_GROUP (group), _("Registered by"),
                     swc_object_get_string (o, "@self.owner"));
  return group;
}

static void
show_detail (SwcConceptsPage *self)
{
  g_autoptr(SwcObject) o = selected (self);
  GtkWidget *page, *old;

  /* a refresh of the list (a sync page, a queued change elsewhere) leaves an unchanged package's
   * detail alone, so it does not flicker while it is read */
  if (o != NULL && g_strcmp0 (self->shown, swc_object_get_text (o)) == 0)
    return;
  g_free (self->shown);
  self->shown = o ? g_strdup (swc_object_get_text (o)) : NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->matches, swc_concept_matches_free);
  if ((old = gtk_widget_get_first_child (GTK_WIDGET (self->detail_box))) != NULL)
    gtk_box_remove (self->detail_box, old);
  if (o == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, self->searching ? "no-hits" : "empty");
      return;
    }
  page = adw_preferences_page_new ();
  gtk_widget_set_hexpand (page, TRUE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (facts_group (self, o)));
  self->packages_group = group_new (_("Looks like"), _("Comparing with every package…"));
  self->compare_group = group_new (_("Side by side"), NULL);
  gtk_widget_set_visible (self->compare_group, FALSE);
  self->suppliers_group =
      group_new (_("Hand over to a supplier"), _("Comparing with every supplier…"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->suppliers_group),
                                           action_button (_("_Other Supplier…"),
                                                          _("Choose any active supplier"),
                                                          _("Choose another supplier"),
                                                          "concepts.choose-supplier"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (self->packages_group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (self->compare_group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (self->suppliers_group));
  gtk_box_append (self->detail_box, page);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  self->cancellable = g_cancellable_new ();
  swc_concept_matches_async (swc_session_get_store (self->session), swc_object_get_uuid (o),
                             self->cancellable, matches_cb, self);
}

static void
selection_changed_cb (SwcConceptsPage *self)
{
  guint pos = gtk_single_selection_get_selected (self->selection);

  if (pos != GTK_INVALID_LIST_POSITION)
    self->last_position = pos;
  if (!self->refreshing)
    self->picked = TRUE;
  show_detail (self);
}

static void
refresh_started_cb (SwcConceptsPage *self)
{
  self->refreshing = TRUE;
}

static void
refresh_ended_cb (SwcConceptsPage *self)
{
  self->refreshing = FALSE;
}

/* Until the user chooses, the oldest package is the one shown (packages arriving during a sync
 * would otherwise leave an arbitrary one selected). A package handed over or merged leaves the
 * list; the next one is selected, so the check goes on. */
static void
items_changed_cb (SwcConceptsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint at = gtk_single_selection_get_selected (self->selection);
  gboolean focused = swc_focus_within_or_lost (GTK_WIDGET (self->list_view));

  if (n > 0 && !self->picked && at != 0)
    gtk_single_selection_set_selected (self->selection, 0);
  else if (n > 0 && at == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, MIN (self->last_position, n - 1));
  if (focused) /* the focused package left the list: the focus goes with the selection */
    swc_list_view_focus (self->list_view, gtk_single_selection_get_selected (self->selection));
  update_count (self);
  show_detail (self);
}

/* ---- actions ---- */

static void
hand_over (SwcConceptsPage *self, SwcObject *o, const char *supplier)
{
  SwcQueue *queue = swc_session_get_queue (self->session);
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = swc_store_object_name (swc_session_get_store (self->session), supplier);
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;
  GArray *ids;
  gint64 id;

  if (queue == NULL)
    return;
  json_object_set_string_member (change, supplier_field (self), supplier);
  /* Translators: the change queue's line: "Hand <package> over to <supplier>" */
  label =
      g_strdup_printf (_("Hand %s over to %s"), swc_object_get_name (o), name ? name : supplier);
  if ((id = swc_queue_patch (queue, swc_object_get_uuid (o), change, SWC_UNDO_MS, label, &error)) ==
      0)
    {
      swc_context_toast (self->context, error->message);
      return;
    }
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  text =
      g_strdup_printf (_("%s handed over to %s"), swc_object_get_name (o), name ? name : supplier);
  swc_undo_toast (self->context, text, ids);
}

static void
merge_with (SwcConceptsPage *self, const char *target)
{
  g_autoptr(SwcObject) o = selected (self);

  if (o != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.merge-into", "(ss)",
                                swc_object_get_uuid (o), target);
}

static const char *
first_match (SwcConceptsPage *self, gboolean supplier)
{
  GPtrArray *list =
      self->matches ? (supplier ? self->matches->suppliers : self->matches->packages) : NULL;

  return list && list->len ? ((SwcDuplicate *) g_ptr_array_index (list, 0))->uuid : NULL;
}

static void
hand_over_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (widget);
  const char *supplier = param ? g_variant_get_string (param, NULL) : first_match (self, TRUE);
  g_autoptr(SwcObject) o = selected (self);

  if (supplier == NULL)
    swc_context_toast (self->context, _("No supplier suggested: choose one with Other Supplier"));
  else if (o != NULL)
    hand_over (self, o, supplier);
}

static void
merge_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (widget);
  const char *target = param ? g_variant_get_string (param, NULL) : first_match (self, FALSE);

  if (target == NULL)
    swc_context_toast (self->context, _("No package looks like this one"));
  else
    merge_with (self, target);
}

/* The reason given (NULL: the user cancelled): the package is deleted behind an Undo toast. */
static void
reject_answered (GObject *source, GAsyncResult *result, gpointer data)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (source);
  g_autoptr(SwcObject) package = data;
  g_autofree char *reason = swc_reason_dialog_run_finish (result, NULL);
  SwcQueue *queue = swc_session_get_queue (self->session);
  g_autoptr(GError) error = NULL;
  const char *name = swc_object_get_name (package);
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;
  GArray *ids;
  gint64 id;

  if (reason == NULL || queue == NULL)
    return;
  /* Translators: the change queue's line: "Reject <package>: <reason>" */
  label = g_strdup_printf (_("Reject %s: %s"), name, reason);
  if ((id = swc_queue_delete (queue, swc_object_get_uuid (package), SWC_UNDO_MS, label, &error)) ==
      0)
    {
      swc_context_toast (self->context, error->message);
      return;
    }
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  text = g_strdup_printf (_("%s rejected"), name);
  swc_undo_toast (self->context, text, ids);
}

/* R: a concept package that is no package at all is deleted, with the reason in the change queue;
 * one that organisations use is merged instead, so their usage is kept. */
static void
reject_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (widget);
  g_autoptr(SwcObject) o = selected (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint used;

  if (o == NULL)
    return;
  used = swc_concept_usage_count (swc_session_get_store (self->session), swc_object_get_uuid (o));
  if (used > 0)
    {
      dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                       _("Reject Concept Package?"), NULL);
      adw_message_dialog_format_body (
          ADW_MESSAGE_DIALOG (dialog),
          ngettext ("%u registration of usage points at %s. Merge it into the package "
                    "it looks like instead, so the usage is kept.",
                    "%u registrations of usage point at %s. Merge it into the package "
                    "it looks like instead, so the usage is kept.",
                    used),
          used, swc_object_get_name (o));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), NULL);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  body = g_strdup_printf (_("%s is removed from the catalogue. Give the reason."),
                          swc_object_get_name (o));
  swc_reason_dialog_run_async (widget, _("Reject Concept Package?"), body, NULL, NULL, NULL,
                               reject_answered, g_object_ref (o));
}

/* The package a supplier is being chosen for, as long as the chooser's list lives. */
typedef struct
{
  SwcConceptsPage *page; /* borrowed */
  SwcObject *package;
} Choice;

static void
choice_free (gpointer data, GClosure *closure)
{
  Choice *c = data;

  g_object_unref (c->package);
  g_free (c);
}

static void
supplier_chosen_cb (SwcOrgList *list, const char *uuid, gpointer data)
{
  Choice *c = data;
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_WINDOW);

  hand_over (c->page, c->package, uuid);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Any active supplier, found by typing its name: Enter (or a double click) hands the package over
 * to it. */
static void
choose_supplier_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (widget);
  g_autoptr(SwcObject) o = selected (self);
  GtkWidget *window, *box, *header, *list;
  g_autofree char *title = NULL;
  Choice *c;

  if (o == NULL)
    return;
  window = adw_window_new ();
  title = g_strdup_printf (_("Hand %s Over To"), swc_object_get_name (o));
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 560);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (title, _("Enter hands it over")));
  gtk_box_append (GTK_BOX (box), header);
  list = swc_org_list_new (swc_session_get_store (self->session), _("Active suppliers"),
                           &active_suppliers);
  gtk_widget_set_vexpand (list, TRUE);
  c = g_new0 (Choice, 1);
  c->page = self;
  c->package = g_object_ref (o);
  g_signal_connect_data (list, "organisation-activated", G_CALLBACK (supplier_chosen_cb), c,
                         choice_free, 0);
  gtk_box_append (GTK_BOX (box), list);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  swc_org_list_focus_search (SWC_ORG_LIST (list));
}

static void
edit_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  static const SwcField edited[] = { SWC_FIELD_NAME,        SWC_FIELD_TYPE,
                                     SWC_FIELD_WEBSITE,     SWC_FIELD_LICENCE_TYPE,
                                     SWC_FIELD_DESCRIPTION, SWC_FIELD_LONG_DESCRIPTION };
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (widget);
  g_autoptr(SwcObject) o = selected (self);
  g_auto(GStrv) fields = swc_field_keys (edited, G_N_ELEMENTS (edited));

  if (o != NULL)
    swc_edit_window_open (widget, self->session, swc_object_get_uuid (o), swc_object_get_name (o),
                          (const char *const *) fields);
}

static void
move_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint at = gtk_single_selection_get_selected (self->selection);
  gint pos;

  if (n == 0)
    return;
  pos = at == GTK_INVALID_LIST_POSITION
            ? 0
            : CLAMP ((gint) at + g_variant_get_int32 (param), 0, (gint) n - 1);
  gtk_single_selection_set_selected (self->selection, pos);
  swc_list_view_focus (self->list_view, (guint) pos); /* the focus ring goes with the selection */
}

/* ---- the object ---- */

static void
swc_concepts_page_constructed (GObject *object)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (object);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  G_OBJECT_CLASS (swc_concepts_page_parent_class)->constructed (object);
  self->session = g_object_ref (swc_context_get_session (self->context));
  self->model = swc_object_model_new (swc_session_get_store (self->session),
                                      &(SwcQuery){ .kind = SWC_KIND_APPLICATION,
                                                   .subset = SWC_SUBSET_CONCEPT_PACKAGES,
                                                   .order = SWC_ORDER_CREATED });
  /* before the selection's own handler: what changes the selection from here on is the refresh, not
   * the user */
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (refresh_started_cb), self);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (refresh_ended_cb), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                            self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (items_changed_cb), self);
  update_count (self);
  show_detail (self);
}

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
swc_concepts_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_concepts_page_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_concepts_page_dispose (GObject *object)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->matches, swc_concept_matches_free);
  g_clear_pointer (&self->shown, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_CONCEPTS_PAGE);
  /* the template's root (a box) is not a bound child: unparent it too */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (swc_concepts_page_parent_class)->dispose (object);
}

/* Arriving in the step (Ctrl+7) or back from a dialog lands on the selected package, not in the
 * search field, so J, K, O and M work at once. */
static gboolean
swc_concepts_page_grab_focus (GtkWidget *widget)
{
  SwcConceptsPage *self = SWC_CONCEPTS_PAGE (widget);

  swc_list_view_focus (self->list_view, gtk_single_selection_get_selected (self->selection));
  return TRUE;
}

static gboolean
swc_concepts_page_focus (GtkWidget *widget, GtkDirectionType direction)
{
  if (gtk_widget_get_focus_child (widget) == NULL && direction == GTK_DIR_TAB_FORWARD)
    return swc_concepts_page_grab_focus (widget);
  return GTK_WIDGET_CLASS (swc_concepts_page_parent_class)->focus (widget, direction);
}

static void
swc_concepts_page_class_init (SwcConceptsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_concepts_page_dispose;
  G_OBJECT_CLASS (klass)->constructed = swc_concepts_page_constructed;
  G_OBJECT_CLASS (klass)->get_property = swc_concepts_page_get_property;
  G_OBJECT_CLASS (klass)->set_property = swc_concepts_page_set_property;
  properties[PROP_CONTEXT] = swc_context_param_spec ();
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  widget_class->focus = swc_concepts_page_focus;
  widget_class->grab_focus = swc_concepts_page_grab_focus;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-concepts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcConceptsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SwcConceptsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, SwcConceptsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SwcConceptsPage, detail_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_install_action (widget_class, "concepts.hand-over", NULL, hand_over_activated);
  gtk_widget_class_install_action (widget_class, "concepts.hand-over-to", "s", hand_over_activated);
  gtk_widget_class_install_action (widget_class, "concepts.merge", NULL, merge_activated);
  gtk_widget_class_install_action (widget_class, "concepts.merge-with", "s", merge_activated);
  gtk_widget_class_install_action (widget_class, "concepts.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "concepts.reject", NULL, reject_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "concepts.reject", NULL);
  gtk_widget_class_install_action (widget_class, "concepts.choose-supplier", NULL,
                                   choose_supplier_activated);
  gtk_widget_class_install_action (widget_class, "concepts.move", "i", move_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, 0, "concepts.hand-over", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "concepts.merge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "concepts.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "concepts.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "concepts.move", "i", -1);
}

static void
swc_concepts_page_init (SwcConceptsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
swc_concepts_page_new (SwcContext *context)
{
  g_return_val_if_fail (SWC_IS_CONTEXT (context), NULL);

  return g_object_new (SWC_TYPE_CONCEPTS_PAGE, "context", context, NULL);
}
