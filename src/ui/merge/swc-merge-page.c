/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Steps 2.1 and 2.2. Left the organisations (or packages), several selectable; right the workbench:
 * the record that remains and the records that go into it, filled by dragging (onto a slot, or one
 * row onto another in the list) or with the keyboard (select, then Alt+D / Alt+B); Preview opens
 * the merge view. Below, the history of merges with their report and Undo. */
#define G_LOG_DOMAIN "swc-merge-page"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-duplicates.h"
#include "swc-a11y.h"
#include "swc-merge-page.h"
#include "swc-merge-view.h"
#include "swc-merge.h"
#include "swc-org-list.h"
#include "swc-pane.h"
#include "swc-stack.h"
#include "swc-steps.h"

struct _SwcMergePage
{
  GtkBox parent_instance;

  SwcSession *session; /* owned */
  SwcContext *context; /* owned: construct-only */
  SwcKind kind;
  const char *schema; /* the store's name of the kind (swc_kind_slug) */
  GtkWidget *list;    /* SwcOrgList */

  /* from the template */
  GtkWidget *separator;
  GtkStack *stack;  /* "bench" or "view" */
  GtkWidget *bench; /* the workbench: the stack's "bench" (2.1), or its first tab (2.2) */
  GtkLabel *title;
  GtkListBox *target_box;
  GtkLabel *target_placeholder;
  GtkWidget *new_button;
  GtkListBox *source_box;
  GtkLabel *source_placeholder;
  GtkWidget *preview;
  GtkListBox *history;

  char *target; /* nullable */
  gboolean new_target;
  GPtrArray *sources; /* char* */
  char *history_shown;
  guint refresh_id;
  AdwViewStack *tabs;       /* 2.2: the workbench and the duplicate candidates */
  GtkDropDown *type_filter; /* 2.1: type, status, with usages */
  GStrv type_values;        /* the choices after "All types", shown by their labels */
  GtkDropDown *status_filter;
  GStrv status_values;
  GtkToggleButton *usage_filter;
  GtkListBox *candidates;
  GPtrArray *candidate_rows; /* Candidate: one per row of candidates, in their order */
  GCancellable *cancellable;
  gboolean candidates_stale;
  /* where the merge view was opened from, for Back: the candidate pair ("a|b"), or a widget of
   * another step (1.1's or 3.1's M); neither: the workbench */
  char *return_pair;
  GtkWidget *return_focus; /* weak */
};

G_DEFINE_FINAL_TYPE (SwcMergePage, swc_merge_page, GTK_TYPE_BOX)

/* 2.2: a row of the duplicate candidates, and the pair its buttons act on. */
typedef struct
{
  SwcMergePage *page;
  GtkWidget *row; /* in candidates */
  char *a;
  char *b;
} Candidate;

static void
candidate_free (Candidate *c)
{
  g_free (c->a);
  g_free (c->b);
  g_free (c);
}

/* pair as kept for Back: "a|b" */
static gboolean
is_pair (Candidate *c, const char *pair)
{
  g_autofree char *key = g_strdup_printf ("%s|%s", c->a, c->b);

  return g_strcmp0 (key, pair) == 0;
}

static void tab_changed_cb (SwcMergePage *self);

static gboolean
is_module (SwcMergePage *self)
{
  return self->kind == SWC_KIND_APPLICATION;
}

static char *
name_of (SwcMergePage *self, const char *uuid)
{
  return swc_merge_object_name (swc_session_get_store (self->session),
                                swc_session_get_schemas (self->session), uuid);
}

/* ---- the workbench ---- */

static void show_bench (SwcMergePage *self);

/* What a card's remove button takes off the workbench: its record, NULL for the new one. */
typedef struct
{
  SwcMergePage *page;
  char *uuid;
} Card;

static void
card_free (gpointer data, GClosure *closure)
{
  Card *card = data;

  g_free (card->uuid);
  g_free (card);
}

static void
remove_clicked_cb (GtkButton *button, gpointer data)
{
  Card *card = data;
  SwcMergePage *self = card->page;
  const char *uuid = card->uuid;

  if (uuid == NULL)
    {
      g_clear_pointer (&self->target, g_free);
      self->new_target = FALSE;
    }
  else
    for (guint i = 0; i < self->sources->len; i++)
      if (g_str_equal (g_ptr_array_index (self->sources, i), uuid))
        {
          g_ptr_array_remove_index (self->sources, i);
          break;
        }
  show_bench (self);
}

static GtkWidget *
card (SwcMergePage *self, const char *uuid)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  Card *c = g_new (Card, 1);
  g_autofree char *name =
      uuid ? name_of (self, uuid)
           : g_strdup (is_module (self) ? _("New application") : _("New organisation"));
  g_autofree char *label = g_strdup_printf (_("Take %s off the workbench"), name);
  g_autoptr(JsonObject) o =
      uuid ? swc_store_object (swc_session_get_store (self->session), uuid) : NULL;
  const char *type = o ? swc_field_string (o, SWC_FIELD_TYPE) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (type)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), swc_labels_value (type));
  else if (uuid == NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("Made by the merge; you name it in the preview"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  c->page = self;
  c->uuid = g_strdup (uuid);
  g_signal_connect_data (remove, "clicked", G_CALLBACK (remove_clicked_cb), c, card_free, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
show_bench (SwcMergePage *self)
{
  swc_list_box_clear (self->target_box);
  swc_list_box_clear (self->source_box);
  if (self->target || self->new_target)
    gtk_list_box_append (self->target_box, card (self, self->target));
  for (guint i = 0; i < self->sources->len; i++)
    gtk_list_box_append (self->source_box, card (self, g_ptr_array_index (self->sources, i)));
  gtk_widget_set_sensitive (self->preview,
                            (self->target || self->new_target) && self->sources->len > 0);
}

static void
add_source (SwcMergePage *self, const char *uuid)
{
  if (g_strcmp0 (uuid, self->target) == 0)
    return;
  for (guint i = 0; i < self->sources->len; i++)
    if (g_str_equal (g_ptr_array_index (self->sources, i), uuid))
      return;
  g_ptr_array_add (self->sources, g_strdup (uuid));
}

static void
set_target (SwcMergePage *self, const char *uuid)
{
  for (guint i = 0; uuid && i < self->sources->len; i++)
    if (g_str_equal (g_ptr_array_index (self->sources, i), uuid))
      g_ptr_array_remove_index (self->sources, i--);
  g_free (self->target);
  self->target = g_strdup (uuid);
  self->new_target = uuid == NULL;
}

static gboolean
drop_sources_cb (GtkDropTarget *drop, const GValue *value, double x, double y, gpointer data)
{
  SwcMergePage *self = data;
  g_auto(GStrv) uuids =
      G_VALUE_HOLDS_STRING (value) ? g_strsplit (g_value_get_string (value), "\n", -1) : NULL;

  for (guint i = 0; uuids && uuids[i]; i++)
    if (*uuids[i])
      add_source (self, uuids[i]);
  show_bench (self);
  return uuids != NULL;
}

/* Onto the target slot: the first becomes what remains, any others go into it. */
static gboolean
drop_target_cb (GtkDropTarget *drop, const GValue *value, double x, double y, gpointer data)
{
  SwcMergePage *self = data;
  g_auto(GStrv) uuids =
      G_VALUE_HOLDS_STRING (value) ? g_strsplit (g_value_get_string (value), "\n", -1) : NULL;

  if (uuids == NULL || uuids[0] == NULL || !*uuids[0])
    return FALSE;
  if (self->target == NULL && !self->new_target)
    set_target (self, uuids[0]);
  else
    add_source (self, uuids[0]);
  for (guint i = 1; uuids[i]; i++)
    if (*uuids[i])
      add_source (self, uuids[i]);
  show_bench (self);
  return TRUE;
}

/* One row (or several selected) dropped onto another row of the list: that one remains. */
static void
list_dropped_cb (SwcOrgList *list, const char *target, const char *value, gpointer data)
{
  SwcMergePage *self = data;
  g_auto(GStrv) uuids = g_strsplit (value, "\n", -1);

  set_target (self, target);
  for (guint i = 0; uuids[i]; i++)
    if (*uuids[i])
      add_source (self, uuids[i]);
  show_bench (self);
}

static void
selected_as_target_cb (SwcMergePage *self)
{
  const char *uuid = swc_org_list_get_selected (SWC_ORG_LIST (self->list));

  if (uuid)
    {
      set_target (self, uuid);
      show_bench (self);
    }
}

static void
selected_as_sources_cb (SwcMergePage *self)
{
  g_auto(GStrv) uuids = swc_org_list_get_selected_all (SWC_ORG_LIST (self->list));

  for (guint i = 0; uuids[i]; i++)
    add_source (self, uuids[i]);
  show_bench (self);
}

static void
new_target_cb (SwcMergePage *self)
{
  set_target (self, NULL);
  show_bench (self);
}

/* Records dropped on "New organisation": they go into a record the merge creates (a herindeling).
 */
static gboolean
drop_new_cb (GtkDropTarget *drop, const GValue *value, double x, double y, gpointer data)
{
  SwcMergePage *self = data;

  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  set_target (self, NULL);
  return drop_sources_cb (drop, value, x, y, self);
}

static void
clear_cb (SwcMergePage *self)
{
  g_clear_pointer (&self->target, g_free);
  self->new_target = FALSE;
  g_ptr_array_set_size (self->sources, 0);
  show_bench (self);
}

/* Enter on a row: the first becomes what remains, the next ones go into it. */
static void
activated_cb (SwcOrgList *list, const char *uuid, gpointer data)
{
  SwcMergePage *self = data;

  if (self->target == NULL && !self->new_target)
    set_target (self, uuid);
  else
    add_source (self, uuid);
  show_bench (self);
}

/* ---- the merge view ---- */

/* The merge view is a page of its own: the list makes room for the records side by side. The page
 * not shown is hidden, so that it neither widens the window (folding the sidebar away) nor shows in
 * the accessibility tree. */
static void
show_view (SwcMergePage *self, gboolean view)
{
  gtk_widget_set_visible (self->list, !view);
  gtk_widget_set_visible (self->separator, !view);
  swc_stack_show_only (self->stack, view ? "view" : "bench");
}

static void
forget_return (SwcMergePage *self)
{
  g_clear_pointer (&self->return_pair, g_free);
  g_clear_weak_pointer (&self->return_focus);
}

/* The step whose page holds widget (a sibling of this page in the window's stack of steps), or -1.
 */
static int
step_of (SwcMergePage *self, GtkWidget *widget)
{
  GtkWidget *steps = gtk_widget_get_parent (GTK_WIDGET (self));
  guint n;
  const SwcStep *all = swc_steps (&n);

  while (widget && gtk_widget_get_parent (widget) != steps)
    widget = gtk_widget_get_parent (widget);
  if (widget == NULL || widget == GTK_WIDGET (self) || !GTK_IS_STACK (steps))
    return -1;
  for (guint i = 0; i < n; i++)
    if (gtk_stack_get_child_by_name (GTK_STACK (steps), all[i].id) == widget)
      return (int) i;
  return -1;
}

/* Back on the candidates tab, on the pair's row (or the first, when the merge took it away). */
static void
back_to_pair (SwcMergePage *self)
{
  GtkWidget *row = NULL, *first;

  adw_view_stack_set_visible_child_name (self->tabs, "candidates");
  first = GTK_WIDGET (gtk_list_box_get_row_at_index (self->candidates, 0));
  for (guint i = 0; row == NULL && i < self->candidate_rows->len; i++)
    if (is_pair (g_ptr_array_index (self->candidate_rows, i), self->return_pair))
      row = ((Candidate *) g_ptr_array_index (self->candidate_rows, i))->row;
  gtk_widget_grab_focus (row ? row : first ? first : GTK_WIDGET (self->candidates));
}

/* Back where the merge view was opened: the candidate pair, the step that sent it here (its row),
 * or the workbench's Preview. */
static void
view_back_cb (SwcMergePage *self)
{
  int step = step_of (self, self->return_focus);

  show_view (self, FALSE);
  if (self->return_pair && self->tabs)
    back_to_pair (self);
  else if (step >= 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-step", "i", step);
      if (self->return_focus && gtk_widget_get_mapped (self->return_focus))
        gtk_widget_grab_focus (self->return_focus);
    }
  else
    gtk_widget_grab_focus (self->preview);
  forget_return (self);
}

static void
view_merged_cb (SwcMergePage *self, gint64 id)
{
  /* the workbench is free for the next merge; the view stays open with its progress and report */
  g_clear_pointer (&self->target, g_free);
  self->new_target = FALSE;
  g_ptr_array_set_size (self->sources, 0);
  show_bench (self);
}

static void
open_view (SwcMergePage *self)
{
  GtkWidget *old = gtk_stack_get_child_by_name (self->stack, "view");
  g_autoptr(SwcMergePlan) plan = NULL;
  GtkWidget *view;

  if ((self->target == NULL && !self->new_target) || self->sources->len == 0)
    return;
  g_ptr_array_add (self->sources, NULL);
  plan = swc_merge_plan_new (swc_session_get_store (self->session),
                             swc_session_get_schemas (self->session),
                             (const char *const *) self->sources->pdata, self->target);
  g_ptr_array_remove_index (self->sources, self->sources->len - 1);
  if (old)
    gtk_stack_remove (self->stack, old);
  view = swc_merge_view_new (self->context, plan);
  g_signal_connect_swapped (view, "back", G_CALLBACK (view_back_cb), self);
  g_signal_connect_swapped (view, "merged", /* not a backend word */
                            G_CALLBACK (view_merged_cb), self);
  gtk_stack_add_named (self->stack, view, "view");
  show_view (self, TRUE);
  gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
}

/* Preview on the workbench: Back comes back to it. */
static void
preview_cb (SwcMergePage *self)
{
  forget_return (self);
  open_view (self);
}

/* ---- the history ---- */

/* A merge of the history: what a row's button acts on (page borrowed), or the merge an Undo dialog
 * asks about (page owned). */
typedef struct
{
  SwcMergePage *page;
  gint64 id;
} Reversal;

static void
reversal_free (gpointer data, GClosure *closure)
{
  g_free (data);
}

static void
undo_response_cb (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  Reversal *r = data;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "undo"))
    {
      SwcSession *session = r->page->session;
      if (!swc_merge_reverse (swc_session_get_store (session), swc_session_get_queue (session),
                              r->id, &error))
        swc_context_toast (r->page->context, error->message);
      else
        {
          swc_context_toast (r->page->context, _("The merge is being undone"));
          swc_session_send_later (session, 0);
        }
    }
  g_object_unref (r->page);
  g_free (r);
}

static char *
reversal_text (SwcMergeReversal *rev)
{
  GString *s = g_string_new (NULL);
  gint64 refs = 0;

  for (guint i = 0; i < rev->moves->len; i++)
    refs += ((SwcMergeMove *) g_ptr_array_index (rev->moves, i))->references;
  g_string_append_printf (s,
                          ngettext ("%u record is created again with its own id and fields",
                                    "%u records are created again with their own ids and fields",
                                    rev->recreate),
                          rev->recreate);
  g_string_append (s, "; ");
  g_string_append_printf (s,
                          ngettext ("%lld reference points back", "%lld references point back",
                                    refs),
                          (long long) refs);
  if (rev->target_fields->len > 0)
    {
      g_string_append (s, "; ");
      g_string_append_printf (s,
                              ngettext ("%u field of the record that remained is set back",
                                        "%u fields of the record that remained are set back",
                                        rev->target_fields->len),
                              rev->target_fields->len);
    }
  if (rev->delete_target)
    g_string_append_printf (s, "; %s", _("the record made by the merge is deleted"));
  g_string_append (s, ".");
  if (rev->problems->len > 0)
    {
      g_string_append_printf (s, "\n\n%s", _("Changed since the merge, and left as it is now:"));
      for (guint i = 0; i < MIN (rev->problems->len, 10); i++)
        g_string_append_printf (s, "\n• %s", (char *) g_ptr_array_index (rev->problems, i));
      if (rev->problems->len > 10)
        g_string_append_printf (s, "\n• %s", _("…and more"));
    }
  return g_string_free (s, FALSE);
}

static void
undo_clicked_cb (GtkButton *button, gpointer data)
{
  SwcMergePage *self = ((Reversal *) data)->page;
  gint64 id = ((Reversal *) data)->id;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcMergeReversal) rev =
      swc_merge_reversal_new (swc_session_get_store (self->session),
                              swc_session_get_schemas (self->session), id, &error);
  g_autofree char *body = rev ? reversal_text (rev) : NULL;
  GtkWidget *dialog;
  Reversal *r;

  if (rev == NULL)
    {
      swc_context_toast (self->context, error->message);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Undo This Merge?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "undo",
                                    _("_Undo Merge"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "undo",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  r = g_new0 (Reversal, 1);
  r->page = g_object_ref (self);
  r->id = id;
  g_signal_connect (dialog, "response", G_CALLBACK (undo_response_cb), r);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
report_clicked_cb (GtkButton *button, gpointer data)
{
  SwcMergePage *self = ((Reversal *) data)->page;
  gint64 id = ((Reversal *) data)->id;
  g_autofree char *text = swc_merge_report_text (swc_session_get_store (self->session), id);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Merge Report"), text);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
state_text (SwcMergeState state)
{
  switch (state)
    {
    case SWC_MERGE_RUNNING:
      return _("Being carried out");
    case SWC_MERGE_DONE:
      return _("Merged");
    case SWC_MERGE_FAILED:
      return _("Not everything merged");
    case SWC_MERGE_REVERSING:
      return _("Being undone");
    case SWC_MERGE_REVERSED:
      return _("Undone");
    default:
      return "";
    }
}

static GtkWidget *
row_button (SwcMergePage *self, const char *label, gint64 id, GCallback cb)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  Reversal *merge = g_new (Reversal, 1);

  merge->page = self;
  merge->id = id;
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_data (button, "clicked", cb, merge, reversal_free, 0);
  return button;
}

static GtkWidget *
history_row (SwcMergePage *self, SwcMergeRecord *r)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *sources = g_strjoinv (", ", r->source_names);
  g_autofree char *title = g_strdup_printf ("%s → %s", sources, r->target_name);
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (r->created, NULL);
  g_autoptr(GDateTime) local = when ? g_date_time_to_local (when) : NULL;
  g_autofree char *date =
      local ? g_date_time_format (local, "%-e %b %Y, %H:%M") : g_strdup (r->created);
  g_autofree char *refs =
      g_strdup_printf (ngettext ("%lld reference", "%lld references", r->references),
                       (long long) r->references);
  g_autofree char *sub = g_strdup_printf ("%s · %s · %s · %s", g_strstrip (date),
                                          state_text (r->state), refs, r->reason);
  GtkWidget *report = row_button (self, _("_Report"), r->id, G_CALLBACK (report_clicked_cb));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
  gtk_widget_add_css_class (report, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), report);
  if (r->state == SWC_MERGE_DONE || r->state == SWC_MERGE_FAILED)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (self, _("_Undo"), r->id, G_CALLBACK (undo_clicked_cb)));
  return row;
}

static void
show_history (SwcMergePage *self)
{
  g_autoptr(GPtrArray) list =
      swc_merge_history (swc_session_get_store (self->session), self->schema);
  GString *sig = g_string_new (NULL);
  g_autofree char *signature = NULL;

  for (guint i = 0; i < list->len; i++)
    {
      SwcMergeRecord *r = g_ptr_array_index (list, i);
      g_string_append_printf (sig, "%" G_GINT64_FORMAT ":%d:%u:%" G_GINT64_FORMAT ";", r->id,
                              r->state, r->steps_done, r->references);
    }
  signature = g_string_free (sig, FALSE);
  if (g_strcmp0 (signature, self->history_shown) == 0)
    return;
  g_free (self->history_shown);
  self->history_shown = g_steal_pointer (&signature);
  swc_list_box_clear (self->history);
  for (guint i = 0; i < list->len; i++)
    gtk_list_box_append (self->history, history_row (self, g_ptr_array_index (list, i)));
}

static gboolean
refresh_cb (gpointer data)
{
  SwcMergePage *self = data;

  self->refresh_id = 0;
  show_history (self);
  if (self->tabs)
    tab_changed_cb (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (SwcStore *store, const char *schema, gpointer data)
{
  SwcMergePage *self = data;

  self->candidates_stale = self->tabs != NULL;
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (200, refresh_cb, self);
}

/* ---- 2.2: scored duplicate candidates ---- */

static gint64
references_to (SwcMergePage *self, const char *uuid)
{
  const char *targets[] = { uuid, NULL };
  g_autoptr(GPtrArray) counts =
      swc_store_reference_counts (swc_session_get_store (self->session), targets, targets);
  gint64 n = 0;

  for (guint i = 0; i < counts->len; i++)
    n += ((SwcRefCount *) g_ptr_array_index (counts, i))->count;
  return n;
}

/* "Merge": the one more is pointing at remains; the preview opens. */
static void
candidate_merge_cb (GtkButton *button, gpointer data)
{
  Candidate *c = data;
  SwcMergePage *self = c->page;
  const char *a = c->a, *b = c->b;
  gboolean a_remains = references_to (self, a) >= references_to (self, b);
  g_autofree char *pair = g_strdup_printf ("%s|%s", a, b); /* Back returns to this row */

  adw_view_stack_set_visible_child_name (self->tabs, "bench");
  swc_merge_page_start (self, a_remains ? b : a, a_remains ? a : b, NULL);
  self->return_pair = g_steal_pointer (&pair);
}

static void
candidate_dismiss_cb (GtkButton *button, gpointer data)
{
  Candidate *c = data;
  SwcMergePage *self = c->page;

  swc_duplicates_dismiss (swc_session_get_store (self->session), c->a, c->b);
  gtk_list_box_remove (self->candidates, c->row);
  g_ptr_array_remove (self->candidate_rows, c);
}

static GtkWidget *
pair_button (Candidate *c, const char *mnemonic, const char *a11y, GCallback cb)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_signal_connect (button, "clicked", cb, c); /* c lives as long as its row */
  return button;
}

static GtkWidget *
candidate_row (SwcMergePage *self, SwcDuplicatePair *pair)
{
  GtkWidget *row = adw_action_row_new ();
  Candidate *c = g_new (Candidate, 1);
  SwcDuplicate reasons = { .reasons = pair->reasons };
  g_autofree char *why = swc_duplicate_explain (&reasons);
  g_autofree char *title = g_strdup_printf ("%s ↔ %s", pair->a_name, pair->b_name);
  g_autofree char *suppliers =
      g_strcmp0 (pair->a_supplier, pair->b_supplier) == 0 && pair->a_supplier
          ? g_strdup_printf (_("Supplier: %s"), pair->a_supplier)
          : g_strdup_printf (_("Suppliers: %s ↔ %s"),
                             pair->a_supplier ? pair->a_supplier : _("no supplier"),
                             pair->b_supplier ? pair->b_supplier : _("no supplier"));
  g_autofree char *sub = g_strdup_printf (_("%s\n%s · score %u"), suppliers, why, pair->score);
  g_autofree char *not_label =
      g_strdup_printf (_("%s and %s are not duplicates"), pair->a_name, pair->b_name);
  g_autofree char *merge_label =
      g_strdup_printf (_("Merge %s and %s"), pair->a_name, pair->b_name);
  GtkWidget *dismiss;

  c->page = self;
  c->row = row;
  c->a = g_strdup (pair->a);
  c->b = g_strdup (pair->b);
  g_ptr_array_add (self->candidate_rows, c);
  dismiss = pair_button (c, _("_Not a Duplicate"), not_label, G_CALLBACK (candidate_dismiss_cb));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
  gtk_widget_add_css_class (dismiss, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dismiss);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), pair_button (c, _("_Merge…"), merge_label,
                                                                G_CALLBACK (candidate_merge_cb)));
  return row;
}

static void
candidates_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(SwcMergePage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = swc_duplicates_pairs_finish (result, &error);

  if (pairs == NULL)
    return; /* cancelled: the page went away */
  swc_list_box_clear (self->candidates);
  g_ptr_array_set_size (self->candidate_rows, 0);
  for (guint i = 0; i < pairs->len; i++)
    gtk_list_box_append (self->candidates, candidate_row (self, g_ptr_array_index (pairs, i)));
}

static void
load_candidates (SwcMergePage *self)
{
  self->candidates_stale = FALSE;
  swc_duplicates_pairs_async (swc_session_get_store (self->session), self->schema, 200,
                              self->cancellable, candidates_cb, g_object_ref (self));
}

static void
tab_changed_cb (SwcMergePage *self)
{
  if (self->candidates_stale &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->tabs), "candidates") == 0)
    load_candidates (self);
}

static GtkWidget *
build_candidates (SwcMergePage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *group = adw_preferences_group_new ();

  self->candidates = swc_pane_boxed_list (_("Possible duplicates"), _("No likely duplicates."));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Possible Duplicates"));
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (group),
      _("Scored on name, supplier and website. “Not a duplicate” is remembered "
         "until one of the two changes."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->candidates));
  gtk_box_append (GTK_BOX (box), group);
  return swc_pane_scrolled (box, 0);
}

/* 2.2: the workbench and the candidates as two tabs. */
static GtkWidget *
with_candidates (SwcMergePage *self, GtkWidget *bench)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *switcher = adw_view_switcher_new ();
  AdwViewStackPage *page;

  self->tabs = ADW_VIEW_STACK (adw_view_stack_new ());
  page = adw_view_stack_add_titled (self->tabs, bench, "bench", _("Workbench"));
  adw_view_stack_page_set_icon_name (page, "emblem-shared-symbolic");
  page = adw_view_stack_add_titled (self->tabs, build_candidates (self), "candidates",
                                    _("Possible Duplicates"));
  adw_view_stack_page_set_icon_name (page, "edit-copy-symbolic");
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->tabs);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_widget_set_margin_bottom (switcher, 6);
  g_signal_connect_swapped (self->tabs, "notify::visible-child", G_CALLBACK (tab_changed_cb), self);
  gtk_box_append (GTK_BOX (box), switcher);
  gtk_widget_set_vexpand (GTK_WIDGET (self->tabs), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->tabs));
  self->candidates_stale = TRUE;
  return box;
}

/* ---- 2.1: filters on the list ---- */

/* values: what dropdown shows by their labels, after its first item ("All …") */
static const char *
chosen (GtkDropDown *dropdown, GStrv values)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  return i > 0 && i != GTK_INVALID_LIST_POSITION && i <= g_strv_length (values) ? values[i - 1]
                                                                                : NULL;
}

/* The filters as a question: the values are the schema's choices as the core handed them out. */
static void
filters_changed_cb (SwcMergePage *self)
{
  SwcQuery query = {
    .kind = self->kind,
    .type_value = chosen (self->type_filter, self->type_values),
    .status_value = chosen (self->status_filter, self->status_values),
    .in_use = gtk_toggle_button_get_active (self->usage_filter),
  };

  swc_org_list_set_query (SWC_ORG_LIST (self->list), &query);
}

static GtkDropDown *
enum_dropdown (SwcMergePage *self, const char *field, const char *all, const char *a11y,
               GStrv *shown)
{
  SwcSchema *schema = swc_schema_set_lookup (swc_session_get_schemas (self->session), self->schema);
  g_auto(GStrv) values = schema ? swc_schema_enum (schema, field) : NULL;
  GtkStringList *list = gtk_string_list_new ((const char *[]){ all, NULL });
  GtkDropDown *dropdown;

  for (guint i = 0; values && values[i]; i++)
    gtk_string_list_append (list, swc_labels_value (values[i]));
  dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (list), NULL));
  *shown = values ? g_steal_pointer (&values) : g_new0 (char *, 1);
  swc_a11y_name_drop_down (GTK_WIDGET (dropdown), a11y);
  gtk_widget_set_hexpand (GTK_WIDGET (dropdown), TRUE);
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (filters_changed_cb), self);
  return dropdown;
}

static GtkWidget *
build_filters (SwcMergePage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->type_filter = enum_dropdown (self, swc_field_key (SWC_FIELD_TYPE), _("All types"),
                                     _("Type"), &self->type_values);
  self->status_filter = enum_dropdown (self, swc_field_key (SWC_FIELD_STATUS), _("All statuses"),
                                       _("Status"), &self->status_values);
  self->usage_filter = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (_("In use")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->usage_filter),
                               _("Only organisations with registrations of usage"));
  g_signal_connect_swapped (self->usage_filter, "toggled", G_CALLBACK (filters_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->type_filter));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_filter));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->usage_filter));
  return box;
}

/* ---- building the page ---- */

static void
swc_merge_page_constructed (GObject *object)
{
  SwcMergePage *self = SWC_MERGE_PAGE (object);
  SwcStore *store;
  const gboolean module = is_module (self);

  G_OBJECT_CLASS (swc_merge_page_parent_class)->constructed (object);
  self->session = g_object_ref (swc_context_get_session (self->context));
  store = swc_session_get_store (self->session);
  self->schema = swc_kind_slug (self->kind);
  self->list = swc_org_list_new_multiple (store, self->kind,
                                          module ? _("Applications") : _("Organisations"));
  swc_org_list_set_accept_drops (SWC_ORG_LIST (self->list), TRUE);
  if (!module)
    swc_org_list_add_filters (SWC_ORG_LIST (self->list), build_filters (self));
  gtk_widget_set_size_request (self->list, 320, -1);
  g_signal_connect (self->list, "dropped", G_CALLBACK (list_dropped_cb), self);
  g_signal_connect (self->list, "organisation-activated", G_CALLBACK (activated_cb), self);
  gtk_box_prepend (GTK_BOX (self), self->list);
  gtk_label_set_label (self->title,
                       module ? _("Merge Applications") : _("Merge Merged Organisations"));
  gtk_button_set_label (GTK_BUTTON (self->new_button),
                        module ? _("_New application") : _("_New organisation"));
  gtk_label_set_label (self->target_placeholder,
                       module ? _("Drag the application that remains here")
                              : _("Drag the organisation that remains here"));
  gtk_label_set_label (self->source_placeholder,
                       module ? _("Drag the applications that go into it here")
                              : _("Drag the organisations that go into it here"));
  gtk_stack_add_named (self->stack, module ? with_candidates (self, self->bench) : self->bench,
                       "bench");
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  show_bench (self);
  show_history (self);
}

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
swc_merge_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcMergePage *self = SWC_MERGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_merge_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SwcMergePage *self = SWC_MERGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_merge_page_dispose (GObject *object)
{
  SwcMergePage *self = SWC_MERGE_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->context);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->history_shown, g_free);
  g_clear_pointer (&self->type_values, g_strfreev);
  g_clear_pointer (&self->status_values, g_strfreev);
  g_clear_pointer (&self->candidate_rows, g_ptr_array_unref);
  forget_return (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_MERGE_PAGE);
  G_OBJECT_CLASS (swc_merge_page_parent_class)->dispose (object);
}

static void
swc_merge_page_class_init (SwcMergePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_merge_page_dispose;
  G_OBJECT_CLASS (klass)->constructed = swc_merge_page_constructed;
  G_OBJECT_CLASS (klass)->get_property = swc_merge_page_get_property;
  G_OBJECT_CLASS (klass)->set_property = swc_merge_page_set_property;
  properties[PROP_CONTEXT] = swc_context_param_spec ();
  properties[PROP_KIND] =
      g_param_spec_enum ("kind", NULL, NULL, SWC_TYPE_KIND, SWC_KIND_ORGANISATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-merge-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, separator);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, stack);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, bench);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, title);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, target_box);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, target_placeholder);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, new_button);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, source_box);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, source_placeholder);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, preview);
  gtk_widget_class_bind_template_child (widget_class, SwcMergePage, history);
  gtk_widget_class_bind_template_callback (widget_class, drop_target_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_sources_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_new_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_target_cb);
  gtk_widget_class_bind_template_callback (widget_class, selected_as_target_cb);
  gtk_widget_class_bind_template_callback (widget_class, selected_as_sources_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_cb);
}

static void
swc_merge_page_init (SwcMergePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sources = g_ptr_array_new_with_free_func (g_free);
  self->candidate_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  self->cancellable = g_cancellable_new ();
}

/* The merge step for kind: organisations (step 2.1) or applications (step 2.2). */
GtkWidget *
swc_merge_page_new (SwcContext *context, SwcKind kind)
{
  g_return_val_if_fail (SWC_IS_CONTEXT (context), NULL);

  return g_object_new (SWC_TYPE_MERGE_PAGE, "orientation", GTK_ORIENTATION_HORIZONTAL, "context",
                       context, "kind", kind, NULL);
}

/* From elsewhere (step 1.1's or 3.1's "Merge into…"): this one goes into that one; the preview
 * opens, and Back returns to from (the widget that had the focus there), if given. */
void
swc_merge_page_start (SwcMergePage *self, const char *source, const char *target, GtkWidget *from)
{
  forget_return (self);
  g_set_weak_pointer (&self->return_focus, from);
  g_clear_pointer (&self->target, g_free);
  g_ptr_array_set_size (self->sources, 0);
  set_target (self, target);
  add_source (self, source);
  show_bench (self);
  open_view (self);
}
