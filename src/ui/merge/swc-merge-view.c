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

  SwcSession *session;     /* owned */
  AdwToastOverlay *toasts; /* borrowed */
  SwcMergePlan *plan;      /* owned */
  GCancellable *cancellable;
  GHashTable
      *field_widgets;  /* field -> GPtrArray of the row's widgets (hidden by "only differences") */
  GHashTable *results; /* field -> GtkLabel of the result column */
  GtkSwitch *only_diff;
  AdwEntryRow *name; /* a new target's name, else NULL */
  AdwPreferencesGroup *moves;
  AdwActionRow *check_row;
  GtkWidget *check_spinner;
  AdwPreferencesGroup *blockers;
  AdwEntryRow *reason;
  GtkButton *merge;
  GtkProgressBar *progress;
  AdwPreferencesGroup *report_group;
  GtkListBox *report; /* a row per step: what moved, per kind */
  gint64 merge_id;
  gulong changed_id;
  GtkScrolledWindow *scroller;
  guint scroll_id;
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

static void
choice_toggled_cb (GtkCheckButton *button, gpointer data)
{
  SwcMergeView *self = data;
  const char *field = g_object_get_data (G_OBJECT (button), "field");

  if (!gtk_check_button_get_active (button))
    return;
  swc_merge_plan_choose (self->plan, field,
                         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "column")));
  update_result (self, field);
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
  gint choice = swc_merge_plan_get_choice (self->plan, field);
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
      if (choice == SWC_MERGE_UNION)
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
          gtk_check_button_set_active (GTK_CHECK_BUTTON (cell), (gint) c == choice);
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          a11y, -1);
          g_object_set_data_full (G_OBJECT (cell), "field", g_strdup (field), g_free);
          g_object_set_data (G_OBJECT (cell), "column", GINT_TO_POINTER (c));
          g_signal_connect (cell, "toggled", G_CALLBACK (choice_toggled_cb), self);
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

static GtkWidget *
build_fields (SwcMergeView *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *diff = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *diff_label = gtk_label_new_with_mnemonic (_("Only _differences"));
  GPtrArray *fields = swc_merge_plan_fields (self->plan);
  guint n = swc_merge_plan_n_records (self->plan);
  guint first = swc_merge_plan_is_new_target (self->plan) ? 1 : 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Fields"));
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (group),
      _("Choose per field which value remains. Lists of links are taken together."));
  self->only_diff = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->only_diff), GTK_ALIGN_CENTER);
  gtk_label_set_mnemonic_widget (GTK_LABEL (diff_label), GTK_WIDGET (self->only_diff));
  gtk_box_append (GTK_BOX (diff), diff_label);
  gtk_box_append (GTK_BOX (diff), GTK_WIDGET (self->only_diff));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), diff);
  g_signal_connect (self->only_diff, "notify::active", G_CALLBACK (only_diff_cb), self);

  gtk_grid_set_column_spacing (grid, 18);
  gtk_grid_set_row_spacing (grid, 10);
  gtk_widget_set_margin_top (GTK_WIDGET (grid), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (grid), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (grid), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (grid), 12);
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
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (grid));
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  return group;
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
  GtkWidget *child;
  g_autofree char *total =
      g_strdup_printf (ngettext ("%lld reference moves to the record that remains",
                                 "%lld references move to the record that remains",
                                 swc_merge_plan_total (self->plan)),
                       (long long) swc_merge_plan_total (self->plan));

  /* keep the server check's row, rebuild the kinds */
  while ((child = g_object_get_data (G_OBJECT (self->moves), "first-move")) != NULL)
    {
      g_object_set_data (G_OBJECT (self->moves), "first-move",
                         g_object_get_data (G_OBJECT (child), "next-move"));
      adw_preferences_group_remove (self->moves, child);
    }
  adw_preferences_group_set_description (self->moves, total);
  for (guint i = moves->len; i > 0; i--)
    {
      GtkWidget *row = move_row (self, g_ptr_array_index (moves, i - 1));
      g_object_set_data (G_OBJECT (row), "next-move",
                         g_object_get_data (G_OBJECT (self->moves), "first-move"));
      g_object_set_data (G_OBJECT (self->moves), "first-move", row);
    }
  for (child = g_object_get_data (G_OBJECT (self->moves), "first-move"); child;
       child = g_object_get_data (G_OBJECT (child), "next-move"))
    adw_preferences_group_add (self->moves, child);
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

static GtkWidget *
build_moves (SwcMergeView *self)
{
  self->moves = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->moves, _("What Moves"));
  self->check_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->check_row), _("Server check"));
  self->check_spinner = gtk_spinner_new ();
  adw_action_row_add_suffix (self->check_row, self->check_spinner);
  adw_preferences_group_add (self->moves, GTK_WIDGET (self->check_row));
  fill_moves (self);
  return GTK_WIDGET (self->moves);
}

/* ---- blockers, reason, merge ---- */

static void
update_blockers (SwcMergeView *self)
{
  GPtrArray *blockers = swc_merge_plan_blockers (self->plan);
  GtkWidget *row;

  while ((row = g_object_get_data (G_OBJECT (self->blockers), "row")) != NULL)
    {
      g_object_set_data (G_OBJECT (self->blockers), "row",
                         g_object_get_data (G_OBJECT (row), "next"));
      adw_preferences_group_remove (self->blockers, row);
    }
  for (guint i = 0; i < blockers->len; i++)
    {
      SwcMergeBlocker *b = g_ptr_array_index (blockers, i);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), b->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), b->fix);
      gtk_widget_add_css_class (icon, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->blockers, row);
      g_object_set_data (G_OBJECT (row), "next",
                         g_object_get_data (G_OBJECT (self->blockers), "row"));
      g_object_set_data (G_OBJECT (self->blockers), "row", row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->blockers), blockers->len > 0);
  update_merge_button (self);
}

static gboolean
ready (SwcMergeView *self)
{
  g_autofree char *reason =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason))));
  const char *name = self->name ? gtk_editable_get_text (GTK_EDITABLE (self->name)) : "x";
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
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
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
  adw_toast_overlay_add_toast (self->toasts, toast);
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
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
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

static GtkWidget *
build_finish (SwcMergeView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();

  self->blockers = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->blockers, _("Cannot Merge"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->blockers));

  self->reason = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason), _("Reason (required)"));
  g_signal_connect_swapped (self->reason, "changed", G_CALLBACK (update_merge_button), self);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->reason));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Reason"));
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (group),
      _("Kept with the merge in the history, for example “herindeling 2027”."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (GTK_BOX (box), group);

  self->merge = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Merge")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->merge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Merge"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->merge), "destructive-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->merge), "pill");
  gtk_widget_set_halign (GTK_WIDGET (self->merge), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->merge), _("Merge (Ctrl+Enter)"));
  g_signal_connect_swapped (self->merge, "clicked", G_CALLBACK (merge_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->merge));
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress));

  self->report_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->report = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->report, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->report), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->report), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Report"), -1);
  adw_preferences_group_add (self->report_group, GTK_WIDGET (self->report));
  gtk_widget_set_visible (GTK_WIDGET (self->report_group), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->report_group));
  return box;
}

/* ---- the view ---- */

static GtkWidget *
build_header (SwcMergeView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkLabel *title = swc_pane_title ();
  g_autofree char *text =
      swc_merge_plan_is_new_target (self->plan)
          ? g_strdup (_("Merge Into a New Record"))
          : g_strdup_printf (_("Merge Into %s"), swc_merge_plan_record_name (self->plan, 0));

  gtk_widget_set_tooltip_text (back, _("Back to where you came from (Escape)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"),
                                  -1);
  gtk_widget_set_valign (back, GTK_ALIGN_CENTER);
  gtk_label_set_label (title, text);
  gtk_box_append (GTK_BOX (box), back);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (title));
  return box;
}

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
  g_clear_pointer (&self->plan, swc_merge_plan_unref);
  g_clear_pointer (&self->field_widgets, g_hash_table_unref);
  g_clear_pointer (&self->results, g_hash_table_unref);
  G_OBJECT_CLASS (swc_merge_view_parent_class)->dispose (object);
}

static void
swc_merge_view_class_init (SwcMergeViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = swc_merge_view_dispose;
  /* a named group: newer GTK leaves a box, whose role is generic, out of what a screen reader reads
   */
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);
  signals[MERGED] = g_signal_new ("merged", /* not a backend word */
                                  G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
swc_merge_view_init (SwcMergeView *self)
{
  self->field_widgets =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

static GtkWidget *
build_name (SwcMergeView *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();

  self->name = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name),
                                 _("Name of the new record (required)"));
  g_signal_connect (self->name, "changed", G_CALLBACK (name_changed_cb), self);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->name));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("New Record"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  return group;
}

GtkWidget *
swc_merge_view_new (SwcSession *session, AdwToastOverlay *toasts, SwcMergePlan *plan)
{
  SwcMergeView *self =
      g_object_new (SWC_TYPE_MERGE_VIEW, "orientation", GTK_ORIENTATION_VERTICAL, NULL);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *header;
  GtkEventController *key = gtk_event_controller_key_new ();

  self->session = g_object_ref (session);
  self->toasts = toasts;
  self->plan = swc_merge_plan_ref (plan);
  header = build_header (self);
  g_signal_connect (gtk_widget_get_first_child (header), "clicked", G_CALLBACK (back_clicked_cb),
                    self);
  gtk_box_append (GTK_BOX (content), header);
  if (swc_merge_plan_is_new_target (plan))
    gtk_box_append (GTK_BOX (content), build_name (self));
  gtk_box_append (GTK_BOX (content), build_fields (self));
  gtk_box_append (GTK_BOX (content), build_moves (self));
  gtk_box_append (GTK_BOX (content), build_finish (self));
  self->scroller = GTK_SCROLLED_WINDOW (swc_pane_scrolled (content, 1200));
  /* many records side by side scroll sideways rather than widen the window, which would fold the
   * sidebar away */
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->scroller));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Merge view"), -1);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  update_blockers (self);
  start_check (self);
  return GTK_WIDGET (self);
}
