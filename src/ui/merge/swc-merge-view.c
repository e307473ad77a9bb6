/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The merge view: one column per record and the result, a radio per value; "only differences"; what
 * moves, per kind of reference, expandable to the objects by name, with the server's count beside
 * it; blockers with their fix; the required reason; Merge (destructive), then the steps' progress
 * and the report. */
#define G_LOG_DOMAIN "swc-merge-view"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-merge-view.h"
#include "swc-pane.h"

#define MAX_NAMES 50 /* objects listed per kind; the count says the rest */

struct _SwcMergeView
{
  GtkBox parent_instance;

  SwcSession *session; /* owned */
  SwcContext *context; /* owned: construct-only */
  SwcMergePlan *plan;  /* owned */
  GCancellable *cancellable;
  GHashTable
      *field_widgets;   /* field -> GPtrArray of the row's widgets (hidden by "only differences") */
  GHashTable *results;  /* field -> GtkLabel of the result column */
  GPtrArray *move_rows; /* the rows of moves after the server check's, a row per kind */
  GPtrArray *blocker_rows; /* the rows of blockers */
  gint64 merge_id;
  gulong changed_id;
  guint scroll_id;

  /* from the template */
  GtkScrolledWindow *scroller;
  GtkLabel *title;
  GtkWidget *name_group; /* shown for a merge into a new record only */
  AdwEntryRow *name;     /* the new record's name */
  GtkSwitch *only_diff;
  GtkGrid *grid;
  AdwPreferencesGroup *moves;
  AdwActionRow *check_row;
  GtkWidget *check_spinner;
  AdwPreferencesGroup *blockers;
  AdwEntryRow *reason;
  GtkButton *merge;
  GtkProgressBar *progress;
  AdwPreferencesGroup *report_group;
  GtkListBox *report; /* a row per step: what moved, per kind */
};

enum
{
  BACK,
  MERGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SwcMergeView, swc_merge_view, GTK_TYPE_BOX)

/* ---- values as text ---- */

/* A reference by the name of what it points at (a usage by what it joins), else the text itself. */
static char *
ref_or_text (SwcMergeView *self, const char *s)
{
  if (g_uuid_string_is_valid (s))
    return swc_merge_object_name (swc_session_get_store (self->session),
                                  swc_session_get_schemas (self->session), s);
  s = swc_labels_value (s); /* a choice by its label ("Concept" for "concept") */
  return g_utf8_substring (s, 0, MIN (g_utf8_strlen (s, -1), 120));
}

static char *
value_text (SwcMergeView *self, JsonNode *n)
{
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return g_strdup ("—");
  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      guint len = json_array_get_length (a);
      GString *s = g_string_new (NULL);
      for (guint i = 0; i < MIN (len, 2); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          g_autofree char *t =
              JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
                  ? ref_or_text (self, json_node_get_string (e))
                  : g_strdup ("…");
          g_string_append_printf (s, "%s%s", i ? ", " : "", t);
        }
      if (len > 2)
        g_string_append_printf (s, _(" and %u more"), len - 2);
      return len ? g_string_free (s, FALSE) : (g_string_free (s, TRUE), g_strdup ("—"));
    }
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return *json_node_get_string (n) ? ref_or_text (self, json_node_get_string (n))
                                     : g_strdup ("—");
  if (JSON_NODE_HOLDS_VALUE (n))
    {
      g_autoptr(JsonGenerator) g = json_generator_new ();
      json_generator_set_root (g, n);
      return json_generator_to_data (g, NULL);
    }
  return g_strdup ("…");
}

static const char *
field_title (SwcMergeView *self, const char *field)
{
  return swc_merge_field_label (swc_session_get_schemas (self->session),
                                swc_merge_plan_get_schema (self->plan), field);
}

/* ---- the fields ---- */

static void set_cell_text (GtkLabel *label, const char *text);

static void
update_result (SwcMergeView *self, const char *field)
{
  g_autoptr(JsonObject) result = swc_merge_plan_result (self->plan);
  GtkLabel *label = g_hash_table_lookup (self->results, field);
  g_autofree char *text = value_text (self, json_object_get_member (result, field));

  set_cell_text (label, text);
}

static void update_blockers (SwcMergeView *self);
static void update_merge_button (SwcMergeView *self);

/* A value's radio: which record's value of field remains. */
typedef struct
{
  SwcMergeView *view;
  char *field;
  guint column;
} Choice;

static void
choice_free (gpointer data, GClosure *closure)
{
  Choice *choice = data;

  g_free (choice->field);
  g_free (choice);
}

static void
choice_toggled_cb (GtkCheckButton *button, gpointer data)
{
  Choice *choice = data;
  SwcMergeView *self = choice->view;

  if (!gtk_check_button_get_active (button))
    return;
  swc_merge_plan_choose (self->plan, choice->field, (int) choice->column);
  update_result (self, choice->field);
  update_blockers (self);
}

/* Headings wrap at words; values are cut short with the whole text in the tooltip, so that four
 * records side by side still fit beside the sidebar (more scroll sideways with the page). */
static GtkWidget *
cell_label (const char *text, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (heading)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
      gtk_widget_add_css_class (label, "heading");
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
      gtk_widget_set_tooltip_text (label, text);
    }
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static void
set_cell_text (GtkLabel *label, const char *text)
{
  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

static void
add_field_row (SwcMergeView *self, GtkGrid *grid, int row, const char *field)
{
  guint n = swc_merge_plan_n_records (self->plan);
  gint chosen = swc_merge_plan_get_choice (self->plan, field);
  GPtrArray *widgets = g_ptr_array_new ();
  GtkCheckButton *group = NULL;
  GtkWidget *title = cell_label (field_title (self, field), TRUE), *result;
  guint first = swc_merge_plan_is_new_target (self->plan) ? 1 : 0;

  gtk_widget_remove_css_class (title, "heading");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_set_hexpand (title, FALSE);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  g_ptr_array_add (widgets, title);
  for (guint c = first; c < n; c++)
    {
      JsonNode *v = json_object_get_member (swc_merge_plan_record (self->plan, c), field);
      g_autofree char *text = value_text (self, v);
      GtkWidget *cell;
      Choice *choice;
      if (chosen == SWC_MERGE_UNION)
        cell = cell_label (text, FALSE);
      else
        {
          g_autofree char *a11y =
              g_strdup_printf (_("%s of %s: %s"), field_title (self, field),
                               swc_merge_plan_record_name (self->plan, c), text);
          cell = gtk_check_button_new ();
          gtk_check_button_set_child (GTK_CHECK_BUTTON (cell), cell_label (text, FALSE));
          gtk_check_button_set_group (GTK_CHECK_BUTTON (cell), group);
          group = group ? group : GTK_CHECK_BUTTON (cell);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (cell), (gint) c == chosen);
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          a11y, -1);
          choice = g_new (Choice, 1);
          choice->view = self;
          choice->field = g_strdup (field);
          choice->column = c;
          g_signal_connect_data (cell, "toggled", G_CALLBACK (choice_toggled_cb), choice,
                                 choice_free, 0);
        }
      gtk_grid_attach (grid, cell, (int) (c - first) + 1, row, 1, 1);
      g_ptr_array_add (widgets, cell);
    }
  result = cell_label (NULL, FALSE);
  gtk_widget_add_css_class (result, "heading");
  gtk_grid_attach (grid, result, (int) (n - first) + 1, row, 1, 1);
  g_ptr_array_add (widgets, result);
  g_hash_table_insert (self->results, g_strdup (field), result);
  g_hash_table_insert (self->field_widgets, g_strdup (field), widgets);
  update_result (self, field);
}

static void
only_diff_cb (GtkSwitch *sw, GParamSpec *pspec, gpointer data)
{
  SwcMergeView *self = data;
  GHashTableIter iter;
  gpointer field, widgets;

  g_hash_table_iter_init (&iter, self->field_widgets);
  while (g_hash_table_iter_next (&iter, &field, &widgets))
    {
      gboolean show =
          !gtk_switch_get_active (sw) || swc_merge_plan_field_differs (self->plan, field);
      for (guint i = 0; i < ((GPtrArray *) widgets)->len; i++)
        gtk_widget_set_visible (g_ptr_array_index ((GPtrArray *) widgets, i), show);
    }
}

/* The grid: a column per record and the result, a row per field. */
static void
fill_fields (SwcMergeView *self)
{
  GtkGrid *grid = self->grid;
  GPtrArray *fields = swc_merge_plan_fields (self->plan);
  guint n = swc_merge_plan_n_records (self->plan);
  guint first = swc_merge_plan_is_new_target (self->plan) ? 1 : 0;

  gtk_grid_attach (grid, cell_label (_("Field"), TRUE), 0, 0, 1, 1);
  for (guint c = first; c < n; c++)
    {
      g_autofree char *head =
          c == 0 ? g_strdup_printf (_("%s (remains)"), swc_merge_plan_record_name (self->plan, c))
                 : g_strdup (swc_merge_plan_record_name (self->plan, c));
      gtk_grid_attach (grid, cell_label (head, TRUE), (int) (c - first) + 1, 0, 1, 1);
    }
  gtk_grid_attach (grid, cell_label (_("Result"), TRUE), (int) (n - first) + 1, 0, 1, 1);
  for (guint i = 0, row = 1; i < fields->len; i++)
    if (swc_merge_plan_field_shown (self->plan, g_ptr_array_index (fields, i)))
      add_field_row (self, grid, (int) row++, g_ptr_array_index (fields, i));
}

/* ---- what moves ---- */

/* A row that shows its title as it is (a name with "&" is no markup). */
static GtkWidget *
text_row (const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

/* "Gebruik · Afnemer": the same labels as the report's. */
static char *
kind_title (SwcMergeView *self, SwcMergeMove *m)
{
  return swc_merge_kind_label (swc_session_get_schemas (self->session), m->schema, m->property);
}

static GtkWidget *
move_row (SwcMergeView *self, SwcMergeMove *m)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *title = kind_title (self, m);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, m->references);
  g_autofree char *sub = NULL;
  GtkWidget *suffix = gtk_label_new (count);

  if (m->server >= 0 && m->server != m->references)
    sub = g_strdup_printf (_("%u objects · the server counts %lld references"), m->objects->len,
                           (long long) m->server);
  else if (m->server >= 0)
    sub = g_strdup_printf (_("%u objects · confirmed by the server"), m->objects->len);
  else
    sub = g_strdup_printf (ngettext ("%u object", "%u objects", m->objects->len), m->objects->len);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), sub);
  gtk_widget_add_css_class (suffix,
                            m->server >= 0 && m->server != m->references ? "error" : "numeric");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), suffix);
  for (guint i = 0; i < MIN (m->objects->len, MAX_NAMES); i++)
    {
      SwcMergeObject *o = g_ptr_array_index (m->objects, i);
      GtkWidget *child = text_row (o->name);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
    }
  if (m->objects->len > MAX_NAMES)
    {
      g_autofree char *text = g_strdup_printf (_("and %u more"), m->objects->len - MAX_NAMES);
      GtkWidget *more = text_row (text);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), more);
    }
  return row;
}

static void
fill_moves (SwcMergeView *self)
{
  GPtrArray *moves = swc_merge_plan_moves (self->plan);
  g_autofree char *total =
      g_strdup_printf (ngettext ("%lld reference moves to the record that remains",
                                 "%lld references move to the record that remains",
                                 swc_merge_plan_total (self->plan)),
                       (long long) swc_merge_plan_total (self->plan));

  /* keep the server check's row, rebuild the kinds */
  for (guint i = 0; i < self->move_rows->len; i++)
    adw_preferences_group_remove (self->moves, g_ptr_array_index (self->move_rows, i));
  g_ptr_array_set_size (self->move_rows, 0);
  adw_preferences_group_set_description (self->moves, total);
  for (guint i = 0; i < moves->len; i++)
    {
      GtkWidget *row = move_row (self, g_ptr_array_index (moves, i));
      g_ptr_array_add (self->move_rows, row);
      adw_preferences_group_add (self->moves, row);
    }
}

/* After the server check: "Gebruik · Afnemer: 2 here, 3 on the server", per kind that differs. */
static GPtrArray *
differences (SwcMergeView *self)
{
  GPtrArray *moves = swc_merge_plan_moves (self->plan),
            *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < moves->len; i++)
    {
      SwcMergeMove *m = g_ptr_array_index (moves, i);
      g_autofree char *kind = NULL;
      if (m->server < 0 || m->server == m->references)
        continue;
      kind = kind_title (self, m);
      g_ptr_array_add (out, g_strdup_printf (_("%s: %lld here, %lld on the server"), kind,
                                             (long long) m->references, (long long) m->server));
    }
  return out;
}

/* What a backend that merges organisations itself says its own merge will move ("usages: 5, …";
 * what it does not move is left out), NULL for any other backend. */
static char *
app_counts_text (SwcMergeView *self)
{
  GPtrArray *counts = swc_merge_plan_app_counts (self->plan);
  GString *line = NULL;

  for (guint i = 0; i < counts->len; i++)
    {
      SwcMergeCount *c = g_ptr_array_index (counts, i);
      if (c->count == 0)
        continue;
      if (line == NULL)
        line = g_string_new (NULL);
      else
        g_string_append (line, ", ");
      /* TRANSLATORS: one of the server's own merge counts, e.g. "usages: 5" */
      g_string_append_printf (line, _("%s: %lld"), c->label, (long long) c->count);
    }
  if (line == NULL && counts->len > 0)
    /* TRANSLATORS: completes "The server's own merge moves %s" */
    return g_strdup (C_("server merge", "nothing"));
  return line ? g_string_free (line, FALSE) : NULL;
}

static void
checked_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(SwcMergeView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diff = NULL;
  g_autofree char *text = NULL;

  if (!swc_merge_check_finish (self->plan, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("The server could not be asked: %s"), error->message);
    }
  else if ((diff = differences (self))->len > 0)
    {
      g_autofree char *joined = NULL;
      g_ptr_array_add (diff, NULL);
      joined = g_strjoinv ("; ", (char **) diff->pdata);
      text = g_strdup_printf (
          _("The server counts differently (%s). Synchronise, then open the preview again."),
          joined);
    }
  else
    text = g_strdup_printf (ngettext ("The server confirms: %lld reference",
                                      "The server confirms: %lld references",
                                      swc_merge_plan_total (self->plan)),
                            (long long) swc_merge_plan_total (self->plan));
  if (error == NULL)
    {
      g_autofree char *app = app_counts_text (self);
      if (app)
        {
          /* TRANSLATORS: the server merges organisations itself; its dry run says what it will move
           */
          g_autofree char *line = g_strdup_printf (_("The server's own merge moves %s"), app);
          g_autofree char *both = g_strdup_printf ("%s\n%s", text, line);
          g_free (text);
          text = g_steal_pointer (&both);
        }
      update_blockers (self); /* the server's dry run may refuse what the store allowed */
    }
  gtk_widget_set_visible (self->check_spinner, FALSE);
  gtk_spinner_stop (GTK_SPINNER (self->check_spinner));
  adw_action_row_set_subtitle (self->check_row, text);
  if (error || diff->len > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->check_row), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  fill_moves (self);
  update_merge_button (self);
}

static void
start_check (SwcMergeView *self)
{
  SwcClient *client = swc_session_get_client (self->session);

  gtk_widget_remove_css_class (GTK_WIDGET (self->check_row), "error");
  if (client == NULL)
    {
      adw_action_row_set_subtitle (self->check_row,
                                   _("Offline: the server cannot confirm the counts now"));
      return;
    }
  adw_action_row_set_subtitle (self->check_row,
                               _("Asking the server to count the same references…"));
  gtk_widget_set_visible (self->check_spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->check_spinner));
  swc_merge_check_async (self->plan, client, self->cancellable, checked_cb, g_object_ref (self));
}

/* ---- blockers, reason, merge ---- */

static void
update_blockers (SwcMergeView *self)
{
  GPtrArray *blockers = swc_merge_plan_blockers (self->plan);

  for (guint i = 0; i < self->blocker_rows->len; i++)
    adw_preferences_group_remove (self->blockers, g_ptr_array_index (self->blocker_rows, i));
  g_ptr_array_set_size (self->blocker_rows, 0);
  for (guint i = 0; i < blockers->len; i++)
    {
      SwcMergeBlocker *b = g_ptr_array_index (blockers, i);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), b->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), b->fix);
      gtk_widget_add_css_class (icon, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->blockers, row);
      g_ptr_array_add (self->blocker_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->blockers), blockers->len > 0);
  update_merge_button (self);
}

static gboolean
ready (SwcMergeView *self)
{
  g_autofree char *reason =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason))));
  const char *name = swc_merge_plan_is_new_target (self->plan)
                         ? gtk_editable_get_text (GTK_EDITABLE (self->name))
                         : "x";
  g_autoptr(GPtrArray) diff = swc_merge_plan_differences (self->plan);

  return self->merge_id == 0 && swc_merge_plan_blockers (self->plan)->len == 0 &&
         swc_merge_plan_checked (self->plan) && diff->len == 0 && *reason != '\0' && *name != '\0';
}

static void
update_merge_button (SwcMergeView *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->merge), ready (self));
}

static void
name_changed_cb (GtkEditable *entry, gpointer data)
{
  SwcMergeView *self = data;
  SwcSchema *schema = swc_schema_set_lookup (swc_session_get_schemas (self->session),
                                             swc_merge_plan_get_schema (self->plan));
  const char *text = gtk_editable_get_text (entry);
  g_autoptr(JsonNode) value = *text ? json_node_init_string (json_node_alloc (), text) : NULL;
  const char *field =
      schema && schema->name_field ? schema->name_field : swc_field_key (SWC_FIELD_NAME);

  swc_merge_plan_set_value (self->plan, field, value);
  if (g_hash_table_contains (self->results, field))
    update_result (self, field);
  update_blockers (self);
}

static void
toast_undo_cb (AdwToast *toast, gpointer data)
{
  SwcMergeView *self = data;
  g_autoptr(GError) error = NULL;

  if (!swc_merge_reverse (swc_session_get_store (self->session),
                          swc_session_get_queue (self->session), self->merge_id, &error))
    swc_context_toast (self->context, error->message);
  else
    swc_session_send_later (self->session, 0);
}

/* The report is the last thing on the page: once it is laid out, scroll to the end. */
static gboolean
scroll_to_report_cb (gpointer data)
{
  SwcMergeView *self = data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->scroll_id = 0;
  gtk_adjustment_set_value (adj,
                            gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  return G_SOURCE_REMOVE;
}

/* Done: the report in view, and a toast whose Undo reverses the whole merge from its journal. */
static void
announce (SwcMergeView *self, SwcMergeRecord *r)
{
  g_autofree char *text = g_strdup_printf (_("Merged into %s"), r->target_name);
  AdwToast *toast = adw_toast_new (
      r->state == SWC_MERGE_DONE ? text : _("Not everything was merged: see the report"));

  if (r->state == SWC_MERGE_DONE)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
    }
  swc_context_add_toast (self->context, toast);
  /* the first line to the screen reader, nothing drawn selected */
  if (gtk_list_box_get_row_at_index (self->report, 0))
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (self->report, 0)));
  if (self->scroll_id == 0)
    self->scroll_id = g_timeout_add (100, scroll_to_report_cb, self);
}

/* The report's first line describes the group; then a row per step ("Gemeente X: 117 references
 * moved (Gebruik · Afnemer 111, …)"), its indented lines (fields set, warnings) as the row's
 * subtitle. */
static void
show_report (SwcMergeView *self, const char *report)
{
  g_auto(GStrv) lines = g_strsplit (report ? report : "", "\n", -1);
  GtkWidget *row = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *first = g_markup_escape_text (lines[0] ? lines[0] : "", -1);

  swc_list_box_clear (self->report);
  adw_preferences_group_set_description (self->report_group, first);
  for (guint i = 1; lines[0] && lines[i]; i++)
    {
      if (*lines[i] == '\0')
        continue;
      if (g_str_has_prefix (lines[i], " ") && row != NULL)
        {
          g_string_append_printf (details, "%s%s", details->len ? "\n" : "", g_strstrip (lines[i]));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details->str);
          continue;
        }
      row = text_row (lines[i]);
      g_string_truncate (details, 0);
      gtk_list_box_append (self->report, row);
    }
}

static void
show_progress (SwcMergeView *self)
{
  g_autoptr(SwcMergeRecord) r =
      swc_merge_record_get (swc_session_get_store (self->session), self->merge_id);
  g_autofree char *text = NULL, *report = NULL;

  if (r == NULL)
    return;
  text = g_strdup_printf (_("Step %u of %u done"), r->steps_done, r->steps);
  gtk_progress_bar_set_fraction (self->progress, r->steps ? (double) r->steps_done / r->steps : 0);
  gtk_progress_bar_set_text (self->progress, text);
  if (r->state == SWC_MERGE_RUNNING)
    return;
  report = swc_merge_report_text (swc_session_get_store (self->session), self->merge_id);
  show_report (self, report);
  gtk_widget_set_visible (GTK_WIDGET (self->report_group), TRUE);
  adw_preferences_group_set_title (self->report_group, r->state == SWC_MERGE_DONE
                                                           ? _("Merged")
                                                           : _("Not Everything Merged"));
  g_clear_signal_handler (&self->changed_id, swc_session_get_store (self->session));
  announce (self, r);
}

static void
store_changed_cb (SwcStore *store, const char *schema, gpointer data)
{
  show_progress (data);
}

static void
merge_clicked_cb (SwcMergeView *self)
{
  g_autoptr(GError) error = NULL;
  SwcQueue *queue = swc_session_get_queue (self->session);

  if (!ready (self) || queue == NULL)
    return;
  self->merge_id = swc_merge_execute (self->plan, queue,
                                      gtk_editable_get_text (GTK_EDITABLE (self->reason)), &error);
  if (self->merge_id == 0)
    {
      swc_context_toast (self->context, error->message);
      return;
    }
  update_merge_button (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  self->changed_id = g_signal_connect (swc_session_get_store (self->session), "changed",
                                       G_CALLBACK (store_changed_cb), self);
  show_progress (self);
  swc_session_send_later (self->session, 0);
  g_signal_emit (self, signals[MERGED], 0, self->merge_id);
}

/* ---- the view ---- */

static void
back_clicked_cb (GtkButton *button, gpointer data)
{
  g_signal_emit (data, signals[BACK], 0);
}

static gboolean
key_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
        gpointer data)
{
  SwcMergeView *self = data;

  if (keyval == GDK_KEY_Escape)
    {
      g_signal_emit (self, signals[BACK], 0);
      return TRUE;
    }
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK))
    {
      merge_clicked_cb (self);
      return TRUE;
    }
  return FALSE;
}

static void
swc_merge_view_constructed (GObject *object)
{
  SwcMergeView *self = SWC_MERGE_VIEW (object);
  g_autofree char *title =
      swc_merge_plan_is_new_target (self->plan)
          ? g_strdup (_("Merge Into a New Record"))
          : g_strdup_printf (_("Merge Into %s"), swc_merge_plan_record_name (self->plan, 0));

  G_OBJECT_CLASS (swc_merge_view_parent_class)->constructed (object);
  self->session = g_object_ref (swc_context_get_session (self->context));
  gtk_label_set_label (self->title, title);
  gtk_widget_set_visible (self->name_group, swc_merge_plan_is_new_target (self->plan));
  fill_fields (self);
  fill_moves (self);
  update_blockers (self);
  start_check (self);
}

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_PLAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
swc_merge_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcMergeView *self = SWC_MERGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_PLAN:
      g_value_set_boxed (value, self->plan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_merge_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SwcMergeView *self = SWC_MERGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_PLAN:
      self->plan = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_merge_view_dispose (GObject *object)
{
  SwcMergeView *self = SWC_MERGE_VIEW (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  if (self->session)
    g_clear_signal_handler (&self->changed_id, swc_session_get_store (self->session));
  g_clear_object (&self->session);
  g_clear_object (&self->context);
  g_clear_pointer (&self->plan, swc_merge_plan_unref);
  g_clear_pointer (&self->field_widgets, g_hash_table_unref);
  g_clear_pointer (&self->results, g_hash_table_unref);
  g_clear_pointer (&self->move_rows, g_ptr_array_unref);
  g_clear_pointer (&self->blocker_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_MERGE_VIEW);
  G_OBJECT_CLASS (swc_merge_view_parent_class)->dispose (object);
}

static void
swc_merge_view_class_init (SwcMergeViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_merge_view_dispose;
  G_OBJECT_CLASS (klass)->constructed = swc_merge_view_constructed;
  G_OBJECT_CLASS (klass)->get_property = swc_merge_view_get_property;
  G_OBJECT_CLASS (klass)->set_property = swc_merge_view_set_property;
  properties[PROP_CONTEXT] = swc_context_param_spec ();
  properties[PROP_PLAN] =
      g_param_spec_boxed ("plan", NULL, NULL, SWC_TYPE_MERGE_PLAN,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  /* a named group: newer GTK leaves a box, whose role is generic, out of what a screen reader reads
   */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);
  signals[MERGED] = g_signal_new ("merged", /* not a backend word */
                                  G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-merge-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, title);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, name_group);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, name);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, only_diff);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, grid);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, moves);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, check_row);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, blockers);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, reason);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, merge);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, progress);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, report_group);
  gtk_widget_class_bind_template_child (widget_class, SwcMergeView, report);
  gtk_widget_class_bind_template_callback (widget_class, key_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, only_diff_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_merge_button);
  gtk_widget_class_bind_template_callback (widget_class, merge_clicked_cb);
}

static void
swc_merge_view_init (SwcMergeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->field_widgets =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->move_rows = g_ptr_array_new ();
  self->blocker_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

/* The merge of plan's records, to be checked and finished by the user. */
GtkWidget *
swc_merge_view_new (SwcContext *context, SwcMergePlan *plan)
{
  g_return_val_if_fail (SWC_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (plan != NULL, NULL);

  return g_object_new (SWC_TYPE_MERGE_VIEW, "orientation", GTK_ORIENTATION_VERTICAL, "context",
                       context, "plan", plan, NULL);
}
