/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 1.1: the organisations that registered and wait for review, oldest first. Approve (A) and
 * Reject (R) go through the change queue behind an Undo toast; J and K move through the list. */
#define G_LOG_DOMAIN "swc-review-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "swc-catalogue.h"
#include "swc-duplicates.h"
#include "swc-edit-window.h"
#include "swc-object-model.h"
#include "swc-org-list.h"
#include "swc-pane.h"
#include "swc-reason-dialog.h"
#include "swc-registration.h"
#include "swc-a11y.h"
#include "swc-review-page.h"
#include "swc-undo.h"

/* What the detail shows of a registration. */
static const struct
{
  SwcField field;
  const char *title;
} detail_fields[] = {
  { SWC_FIELD_TYPE, N_("Type") },
  { SWC_FIELD_KVK, N_("KvK number") },
  { SWC_FIELD_WEBSITE, N_("Website") },
  { SWC_FIELD_EMAIL, N_("E-mail address") },
  { SWC_FIELD_DESCRIPTION, N_("Description") },
};

struct _SwcReviewPage
{
  GtkWidget parent_instance;

  SwcSession *session; /* owned */
  SwcContext *context; /* owned: construct-only */
  GtkMultiSelection *selection;
  GtkButton *approve_button;
  GtkButton *reject_button;
  guint last_position;
  GHashTable *flagged; /* nullable: uuids with a likely duplicate */
  GPtrArray *bound;    /* the list items on screen */
  GCancellable *cancellable;
  GCancellable *detail_cancellable; /* the duplicates of the registration shown */
  GtkWidget *duplicates;            /* borrowed: the shown registration's duplicates group */
  char *duplicates_of;              /* the registration whose duplicates it shows */
  char *top_duplicate;              /* nullable: its most likely duplicate, once found */

  GtkLabel *count_label;
  GtkListView *list_view;
  GtkStack *detail_stack;
  GtkBox *detail_box;
};

G_DEFINE_FINAL_TYPE (SwcReviewPage, swc_review_page, GTK_TYPE_WIDGET)

/* The selected registrations (Ctrl+click, Shift+click add to the selection). */
static GPtrArray *
selected_all (SwcReviewPage *self)
{
  GtkBitset *set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint pos;

  if (gtk_bitset_iter_init_first (&iter, set, &pos))
    do
      {
        gpointer item = g_list_model_get_item (G_LIST_MODEL (self->selection), pos);
        if (item)
          g_ptr_array_add (items, item);
      }
    while (gtk_bitset_iter_next (&iter, &pos));
  gtk_bitset_unref (set);
  return items;
}

/* The one registration the detail shows (owned); NULL when none or several are selected. */
static SwcObject *
selected (SwcReviewPage *self)
{
  g_autoptr(GPtrArray) items = selected_all (self);

  return items->len == 1 ? g_object_ref (g_ptr_array_index (items, 0)) : NULL;
}

/* "aangemeld 3 dagen geleden" */
static char *
registered_when (const char *created)
{
  g_autoptr(GDateTime) t = created ? g_date_time_new_from_iso8601 (created, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 days;

  if (t == NULL)
    return g_strdup (_("registered"));
  days = g_date_time_difference (now, t) / G_TIME_SPAN_DAY;
  if (days < 1)
    return g_strdup (_("registered today"));
  return g_strdup_printf (ngettext ("registered %d day ago", "registered %d days ago",
                                    (gulong) days),
                          (int) days);
}

/* ---- the list ---- */

static void
update_flag (SwcReviewPage *self, GtkListItem *item)
{
  SwcObject *o = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_last_child (row);
  gboolean flagged =
      o && self->flagged && g_hash_table_contains (self->flagged, swc_object_get_uuid (o));

  gtk_widget_set_visible (icon, flagged);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (row), box);
  gtk_widget_set_tooltip_text (icon, _("Possible duplicate"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Possible duplicate"), -1);
  gtk_widget_set_visible (icon, FALSE);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_list_item_set_child (item, row);
  swc_list_item_remember (item);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  SwcReviewPage *self = data;
  SwcObject *o = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  g_autofree char *when = registered_when (swc_object_get_string (o, "@self.created"));
  const char *type = swc_object_get_string (o, swc_field_key (SWC_FIELD_TYPE));
  g_autofree char *line = g_strdup_printf ("%s · %s", type ? swc_labels_value (type) : "?", when);

  gtk_label_set_label (GTK_LABEL (title), swc_object_get_name (o));
  gtk_label_set_label (GTK_LABEL (subtitle), swc_object_get_pending (o) ? _("being sent…") : line);
  swc_a11y_name_row (item, swc_object_get_name (o), gtk_label_get_label (GTK_LABEL (subtitle)));
  update_flag (self, item);
  g_ptr_array_add (self->bound, item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  SwcReviewPage *self = data;

  g_ptr_array_remove_fast (self->bound, item);
}

static void
flagged_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  GHashTable *flagged = swc_duplicates_flagged_finish (result, &error);
  SwcReviewPage *self;

  if (flagged == NULL)
    return; /* cancelled: the page is gone, or a newer count is on its way */
  self = data;
  g_clear_pointer (&self->flagged, g_hash_table_unref);
  g_clear_pointer (&self->duplicates_of, g_free);
  g_clear_pointer (&self->top_duplicate, g_free);
  self->flagged = flagged;
  for (guint i = 0; i < self->bound->len; i++)
    update_flag (self, g_ptr_array_index (self->bound, i));
}

/* Which rows get the warning icon: worked out off the main thread, the icons follow. */
static void
refresh_flags (SwcReviewPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  swc_duplicates_flagged_async (swc_session_get_store (self->session), self->cancellable,
                                flagged_cb, self);
}

static void
update_count (SwcReviewPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autofree char *text = g_strdup_printf (ngettext ("%u registration", "%u registrations", n), n);

  gtk_label_set_label (self->count_label, text);
}

/* ---- the detail ---- */

static GtkWidget *
contacts_group (SwcReviewPage *self, const char *uuid)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autoptr(GPtrArray) people =
      swc_catalogue_contact_persons (swc_session_get_store (self->session), uuid);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Contact persons"));
  for (guint i = 0; i < people->len; i++)
    {
      SwcContact *c = g_ptr_array_index (people, i);
      swc_pane_property (ADW_PREFERENCES_GROUP (group), c->name, c->email);
    }
  if (people->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("No contact persons registered"));
  return group;
}

/* "Merge with this one": the registration goes into the existing organisation, in step 2.1's merge
 * view. */
static GtkWidget *
merge_with_button (const char *source, const char *target, const char *name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Merge With This One"));
  g_autofree char *tip =
      g_strdup_printf (_("Merge the registration into %s (M for the first)"), name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tip);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", source, target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.merge-into");
  return button;
}

/* The duplicates search of one registration: the page, and the group that shows the answer (held:
 * the detail may have been rebuilt, or the page disposed, before the answer is in). */
typedef struct
{
  SwcReviewPage *page;
  AdwPreferencesGroup *group;
  char *source; /* the registration */
} Found;

static void
found_free (Found *f)
{
  g_object_unref (f->page);
  g_object_unref (f->group);
  g_free (f->source);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Found, found_free)

static void
duplicates_found_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(Found) f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = swc_duplicates_find_finish (result, &error);

  if (found == NULL || f->page->session == NULL || f->page->duplicates != GTK_WIDGET (f->group))
    return; /* another registration is shown now, or the page is gone */
  adw_preferences_group_set_description (f->group, found->len
                                                       ? NULL
                                                       : _("No organisation looks like this one"));
  for (guint i = 0; i < found->len; i++)
    {
      SwcDuplicate *d = g_ptr_array_index (found, i);
      g_autofree char *why = swc_duplicate_explain (d);
      g_autofree char *line = g_strdup_printf (_("%s · score %u"), why, d->score);
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 merge_with_button (f->source, d->uuid, d->name));
      adw_preferences_group_add (f->group, row);
    }
  if (found->len > 0)
    {
      g_free (f->page->top_duplicate);
      f->page->top_duplicate = g_strdup (((SwcDuplicate *) g_ptr_array_index (found, 0))->uuid);
    }
}

/* Likely duplicates, so an existing organisation is not approved a second time; compared with every
 * organisation on a worker thread, the group filled when the answer is in. */
static GtkWidget *
duplicates_group (SwcReviewPage *self, const char *uuid)
{
  GtkWidget *group = adw_preferences_group_new ();
  Found *found;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Possible duplicates"));
  self->duplicates = group;
  g_free (self->duplicates_of);
  self->duplicates_of = g_strdup (uuid);
  g_clear_pointer (&self->top_duplicate, g_free);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Comparing with every organisation…"));
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  self->detail_cancellable = g_cancellable_new ();
  found = g_new0 (Found, 1);
  found->page = g_object_ref (self);
  found->group = g_object_ref (ADW_PREFERENCES_GROUP (group));
  found->source = g_strdup (uuid);
  swc_duplicates_find_async (swc_session_get_store (self->session), uuid, NULL, NULL, NULL, 5,
                             self->detail_cancellable, duplicates_found_cb, found);
  return group;
}

/* What the change queue did to the registration (an edit, an approval undone, a rejection with its
 * reason): each change's line with its date. */
static void
queue_history (SwcReviewPage *self, AdwPreferencesGroup *group, const char *uuid)
{
  SwcQueue *queue = swc_session_get_queue (self->session);
  g_autoptr(GPtrArray) changes = queue ? swc_queue_list (queue, TRUE) : NULL;

  for (guint i = 0; changes && i < changes->len; i++)
    {
      SwcChange *c = g_ptr_array_index (changes, i);
      g_autoptr(GDateTime) t = c->created ? g_date_time_new_from_iso8601 (c->created, NULL) : NULL;
      g_autoptr(GDateTime) local = t ? g_date_time_to_local (t) : NULL;
      g_autofree char *when = local ? g_date_time_format (local, "%-d-%-m-%Y %H:%M") : NULL;

      if (g_strcmp0 (c->uuid, uuid) == 0 && c->label && c->state != SWC_CHANGE_STATE_DISCARDED)
        swc_pane_property (group, c->label, when ? when : c->created);
    }
}

static void
update_action_labels (SwcReviewPage *self, guint n)
{
  g_autofree char *approve =
      n > 1 ? g_strdup_printf (_("_Approve (%u)"), n) : g_strdup (_("_Approve"));
  g_autofree char *reject =
      n > 1 ? g_strdup_printf (_("_Reject (%u)…"), n) : g_strdup (_("_Reject…"));

  gtk_button_set_label (self->approve_button, approve);
  gtk_button_set_label (self->reject_button, reject);
}

static void
show_many (SwcReviewPage *self, guint n)
{
  GtkWidget *page = adw_status_page_new ();
  g_autofree char *title =
      g_strdup_printf (ngettext ("%u registration selected", "%u registrations selected", n), n);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "edit-select-all-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("Approve or reject them together; each one's outcome "
                                      "shows in the change queue."));
  gtk_widget_set_hexpand (page, TRUE);
  gtk_box_append (self->detail_box, page);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
show_detail (SwcReviewPage *self)
{
  g_autoptr(SwcObject) o = selected (self);
  g_autoptr(GPtrArray) all = selected_all (self);
  GtkWidget *page, *facts, *history, *old;
  g_autofree char *when = NULL;

  if ((old = gtk_widget_get_first_child (GTK_WIDGET (self->detail_box))) != NULL)
    gtk_box_remove (self->detail_box, old);
  update_action_labels (self, all->len);
  if (all->len > 1)
    {
      show_many (self, all->len);
      return;
    }
  if (o == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }
  page = adw_preferences_page_new ();
  gtk_widget_set_hexpand (page, TRUE);
  facts = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (facts), swc_object_get_name (o));
  for (guint i = 0; i < G_N_ELEMENTS (detail_fields); i++)
    {
      const char *value = swc_object_get_string (o, swc_field_key (detail_fields[i].field));
      swc_pane_property (ADW_PREFERENCES_GROUP (facts), _(detail_fields[i].title),
                         detail_fields[i].field == SWC_FIELD_TYPE ? swc_labels_value (value)
                                                                  : value);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (facts));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (
                                duplicates_group (self, swc_object_get_uuid (o))));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (contacts_group (self, swc_object_get_uuid (o))));
  history = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (history), _("History"));
  when = registered_when (swc_object_get_string (o, "@self.created"));
  swc_pane_property (ADW_PREFERENCES_GROUP (history), _("Registered"), when);
  swc_pane_property (ADW_PREFERENCES_GROUP (history), _("Registered by"),
                     swc_object_get_string (o, "@self.owner"));
  queue_history (self, ADW_PREFERENCES_GROUP (history), swc_object_get_uuid (o));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (history));
  gtk_box_append (self->detail_box, page);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
selection_changed_cb (SwcReviewPage *self)
{
  GtkBitset *set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (!gtk_bitset_is_empty (set))
    self->last_position = gtk_bitset_get_minimum (set);
  gtk_bitset_unref (set);
  show_detail (self);
}

static void
focus_selected (SwcReviewPage *self)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->selection);

  swc_list_view_focus (self->list_view, swc_selection_first (selection));
}

/* After approved rows leave the list, the next one is selected: triage goes on without a click. */
static void
items_changed_cb (SwcReviewPage *self)
{
  GtkBitset *set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  gboolean focused = swc_focus_within_or_lost (GTK_WIDGET (self->list_view));

  if (gtk_bitset_is_empty (set) && n > 0)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection),
                                     MIN (self->last_position, n - 1), TRUE);
  gtk_bitset_unref (set);
  /* the focused row left the list (approved, rejected): the focus goes with the selection */
  if (focused)
    focus_selected (self);
  update_count (self);
  show_detail (self);
  refresh_flags (self);
}

/* ---- actions ---- */

/* Queues the status change of every selected registration behind one toast with Undo; they are sent
 * when the toast's time is up, each with its own outcome in the change queue. */
static GArray *
set_status (SwcReviewPage *self, GPtrArray *items, gboolean approve, const char *verb,
            const char *reason)
{
  SwcQueue *queue = swc_session_get_queue (self->session);
  GArray *ids;

  if (items->len == 0 || queue == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < items->len; i++)
    {
      SwcObject *o = g_ptr_array_index (items, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *label =
          reason ? g_strdup_printf ("%s %s: %s", verb, swc_object_get_name (o), reason)
                 : g_strdup_printf ("%s %s", verb, swc_object_get_name (o));
      g_autoptr(GArray) queued = swc_registration_decide (queue, swc_object_get_uuid (o), approve,
                                                           SWC_UNDO_MS, label, &error);
      if (queued == NULL)
        swc_context_toast (self->context, error->message);
      else
        g_array_append_vals (ids, queued->data, queued->len);
    }
  return ids;
}

static void
approve_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcReviewPage *self = SWC_REVIEW_PAGE (widget);
  g_autoptr(GPtrArray) items = selected_all (self);

  g_autofree char *text = NULL;
  GArray *ids;

  /* Translators: the verb in the change queue's list: "Approve <organisation>" */
  if ((ids = set_status (self, items, TRUE, _("Approve"), NULL)) == NULL)
    return;
  text = items->len == 1 ? g_strdup_printf (_("%s approved"),
                                            swc_object_get_name (g_ptr_array_index (items, 0)))
                         : g_strdup_printf (ngettext ("%u organisation approved",
                                                      "%u organisations approved", items->len),
                                            items->len);
  swc_undo_toast (self->context, text, ids);
}

/* The reason given (NULL: the user cancelled): the registrations are rejected behind an Undo toast.
 */
static void
reject_answered (GObject *source, GAsyncResult *result, gpointer data)
{
  SwcReviewPage *self = SWC_REVIEW_PAGE (source);
  g_autoptr(GPtrArray) items = data;
  g_autofree char *reason = swc_reason_dialog_run_finish (result, NULL);
  g_autofree char *text = NULL;
  GArray *ids;

  if (reason == NULL || (ids = set_status (self, items, FALSE, _("Reject"), reason)) == NULL)
    return;
  text = items->len == 1 ? g_strdup_printf (_("%s rejected"),
                                            swc_object_get_name (g_ptr_array_index (items, 0)))
                         : g_strdup_printf (ngettext ("%u organisation rejected",
                                                      "%u organisations rejected", items->len),
                                            items->len);
  swc_undo_toast (self->context, text, ids);
}

/* The e-mail addresses of the contact persons of the registrations, each once. */
static GStrv
contact_emails (SwcReviewPage *self, GPtrArray *items)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < items->len; i++)
    {
      SwcObject *o = g_ptr_array_index (items, i);
      g_autoptr(GPtrArray) people =
          swc_catalogue_contact_persons (swc_session_get_store (self->session),
                                         swc_object_get_uuid (o));
      for (guint j = 0; j < people->len; j++)
        {
          const char *email = ((SwcContact *) g_ptr_array_index (people, j))->email;
          if (email && strchr (email, '@') && g_hash_table_add (seen, g_strdup (email)))
            g_strv_builder_add (b, email);
        }
    }
  return g_strv_builder_end (b);
}

/* "A, B, C" */
static char *
names_of (GPtrArray *items)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "",
                            swc_object_get_name (g_ptr_array_index (items, i)));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Rejecting needs a reason (a standard one or free text); it goes with the change into the queue's
 * history, and, when asked, in a mail to the contact persons (the backend keeps no reason the
 * applicant could read). */
static void
reject_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  static const char *reasons[] = { N_("Duplicate registration"),
                                   N_("Not a Dutch government organisation or supplier"),
                                   N_("Incomplete details"), N_("Registration not recognised"),
                                   NULL };
  SwcReviewPage *self = SWC_REVIEW_PAGE (widget);
  g_autoptr(GPtrArray) items = selected_all (self);
  g_autofree char *names = NULL, *heading = NULL, *body = NULL, *intro = NULL;
  g_auto(GStrv) emails = NULL;
  const char *translated[G_N_ELEMENTS (reasons)] = { NULL };
  SwcReasonMail mail = { .subject = _("Registration in the GEMMA Softwarecatalogus") };

  if (items->len == 0)
    return;
  names = names_of (items);
  /* the names go in the body, which wraps: a heading is short (newer libadwaita will not squeeze
   * it) */
  heading =
      g_strdup_printf (ngettext ("Reject Registration?", "Reject %u Registrations?", items->len),
                       items->len);
  body = items->len == 1
             ? g_strdup_printf (_("%s will not get access. Give the reason."), names)
             : g_strdup_printf (_("These organisations will not get access: %s. Give the reason."),
                                names);
  intro = g_strdup_printf (
      _("The registration of %s in the GEMMA Softwarecatalogus has been rejected."), names);
  for (guint i = 0; reasons[i]; i++)
    translated[i] = _(reasons[i]);
  emails = contact_emails (self, items);
  mail.addresses = (const char *const *) emails;
  mail.bcc = items->len > 1;
  mail.intro = intro;
  swc_reason_dialog_run_async (widget, heading, body, translated, &mail, self->cancellable,
                               reject_answered, g_ptr_array_ref (items));
}

/* The row J/K moved to is scrolled into view and gets the focus: focus ring and selection together.
 */
static void
show_position (SwcReviewPage *self, guint pos)
{
  swc_list_view_focus (self->list_view, pos);
}

static void
move_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcReviewPage *self = SWC_REVIEW_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  GtkBitset *set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gint step = g_variant_get_int32 (param);
  guint pos;

  if (n == 0)
    {
      gtk_bitset_unref (set);
      return;
    }
  if (gtk_bitset_is_empty (set))
    pos = 0;
  else
    pos = (guint) CLAMP ((gint) (step > 0 ? gtk_bitset_get_maximum (set)
                                          : gtk_bitset_get_minimum (set)) +
                             step,
                         0, (gint) n - 1);
  gtk_bitset_unref (set);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), pos, TRUE);
  show_position (self, pos);
}

/* E: edit the registration before approving it. */
/* M: merge the registration into its most likely duplicate. */
static void
merge_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcReviewPage *self = SWC_REVIEW_PAGE (widget);
  const char *top =
      self->duplicates && gtk_widget_get_root (self->duplicates) ? self->top_duplicate : NULL;

  if (top == NULL)
    {
      swc_context_toast (self->context, _("No likely duplicate to merge with"));
      return;
    }
  gtk_widget_activate_action (widget, "win.merge-into", "(ss)", self->duplicates_of, top);
}

static void
edit_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  static const SwcField edited[] = { SWC_FIELD_NAME,       SWC_FIELD_TYPE,  SWC_FIELD_KVK,
                                     SWC_FIELD_WEBSITE,    SWC_FIELD_EMAIL, SWC_FIELD_PHONE,
                                     SWC_FIELD_DESCRIPTION };
  SwcReviewPage *self = SWC_REVIEW_PAGE (widget);
  g_autoptr(SwcObject) o = selected (self);
  g_auto(GStrv) fields = swc_field_keys (edited, G_N_ELEMENTS (edited));

  if (o != NULL)
    swc_edit_window_open (widget, self->session, swc_object_get_uuid (o), swc_object_get_name (o),
                          (const char *const *) fields);
}

/* Shift+J / Shift+K: the next or previous registration joins the selection, for bulk actions. */
static void
extend_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcReviewPage *self = SWC_REVIEW_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  GtkBitset *set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gint step = g_variant_get_int32 (param);
  guint pos;

  if (n > 0 && !gtk_bitset_is_empty (set))
    {
      pos = (guint) CLAMP ((gint) (step > 0 ? gtk_bitset_get_maximum (set)
                                            : gtk_bitset_get_minimum (set)) +
                               step,
                           0, (gint) n - 1);
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), pos, FALSE);
      show_position (self, pos);
    }
  gtk_bitset_unref (set);
}

/* ---- the object ---- */

/* The page shown (at start, Ctrl+1) or a dialog closed: the focus on the selected registration, so
 * A, R, J and K work at once. */
static gboolean
swc_review_page_grab_focus (GtkWidget *widget)
{
  focus_selected (SWC_REVIEW_PAGE (widget));
  return TRUE;
}

/* Arriving by Tab or Ctrl+1 lands on the selected registration too. */
static gboolean
swc_review_page_focus (GtkWidget *widget, GtkDirectionType direction)
{
  if (gtk_widget_get_focus_child (widget) == NULL && direction == GTK_DIR_TAB_FORWARD)
    return swc_review_page_grab_focus (widget);
  return GTK_WIDGET_CLASS (swc_review_page_parent_class)->focus (widget, direction);
}

static void
swc_review_page_constructed (GObject *object)
{
  SwcReviewPage *self = SWC_REVIEW_PAGE (object);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  SwcObjectModel *model;

  G_OBJECT_CLASS (swc_review_page_parent_class)->constructed (object);
  self->session = g_object_ref (swc_context_get_session (self->context));
  model = swc_object_model_new (swc_session_get_store (self->session),
                                &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                                             .subset = SWC_SUBSET_WAITING,
                                             .order = SWC_ORDER_CREATED });
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (model));
  self->bound = g_ptr_array_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb),
                            self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (items_changed_cb), self);
  update_count (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
  show_detail (self);
  refresh_flags (self);
}

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
swc_review_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcReviewPage *self = SWC_REVIEW_PAGE (object);

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
swc_review_page_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  SwcReviewPage *self = SWC_REVIEW_PAGE (object);

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
swc_review_page_dispose (GObject *object)
{
  SwcReviewPage *self = SWC_REVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  self->duplicates = NULL; /* a search that answers after all finds no page to fill */
  g_clear_pointer (&self->flagged, g_hash_table_unref);
  g_clear_pointer (&self->duplicates_of, g_free);
  g_clear_pointer (&self->top_duplicate, g_free);
  g_clear_pointer (&self->bound, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->session);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_REVIEW_PAGE);
  {
    GtkWidget *child; /* the template's root (a paned) is not a bound child: unparent it too */
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (swc_review_page_parent_class)->dispose (object);
}

static void
swc_review_page_class_init (SwcReviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_review_page_dispose;
  G_OBJECT_CLASS (klass)->constructed = swc_review_page_constructed;
  G_OBJECT_CLASS (klass)->get_property = swc_review_page_get_property;
  G_OBJECT_CLASS (klass)->set_property = swc_review_page_set_property;
  properties[PROP_CONTEXT] = swc_context_param_spec ();
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  widget_class->grab_focus = swc_review_page_grab_focus;
  widget_class->focus = swc_review_page_focus;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcReviewPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SwcReviewPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, SwcReviewPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, SwcReviewPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, SwcReviewPage, approve_button);
  gtk_widget_class_bind_template_child (widget_class, SwcReviewPage, reject_button);
  gtk_widget_class_install_action (widget_class, "review.approve", NULL, approve_activated);
  gtk_widget_class_install_action (widget_class, "review.reject", NULL, reject_activated);
  gtk_widget_class_install_action (widget_class, "review.move", "i", move_activated);
  gtk_widget_class_install_action (widget_class, "review.extend", "i", extend_activated);
  gtk_widget_class_install_action (widget_class, "review.edit", NULL, edit_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "review.edit", NULL);
  gtk_widget_class_install_action (widget_class, "review.merge", NULL, merge_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "review.merge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_J, GDK_SHIFT_MASK, "review.extend",
                                       "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_K, GDK_SHIFT_MASK, "review.extend",
                                       "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "review.approve", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "review.reject", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "review.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "review.move", "i", -1);
}

static void
swc_review_page_init (SwcReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
swc_review_page_new (SwcContext *context)
{
  g_return_val_if_fail (SWC_IS_CONTEXT (context), NULL);

  return g_object_new (SWC_TYPE_REVIEW_PAGE, "context", context, NULL);
}

/* A jump from the global search: this registration, selected. */
void
swc_review_page_show (SwcReviewPage *self, const char *uuid)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwcObject) o = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      if (o && g_str_equal (swc_object_get_uuid (o), uuid))
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          return;
        }
    }
}
