/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A form built from the schema: the field's label in the user's language
 * (swc_schema_property_label) and its description as help; enums as a choice (shown by their
 * labels), other strings as text; required ones marked; every value checked while typing with the
 * same validation the change queue applies, so Save is offered only for what the queue will accept.
 */
#define G_LOG_DOMAIN "swc-schema-form"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-labels.h"
#include "swc-schema-form.h"
#include "swc-validate.h"

typedef struct
{
  char *property;
  GtkWidget *row;   /* AdwEntryRow or AdwComboRow */
  char *initial;    /* the value the form started with */
  GStrv choices;    /* nullable: the enum */
  gboolean touched; /* changed by the user: only then is a missing value pointed out */
} Field;

struct _SwcSchemaForm
{
  AdwPreferencesGroup parent_instance;

  SwcSchema *schema; /* borrowed: the session keeps the schemas */
  GPtrArray *fields; /* Field* */
  GtkLabel *message;
  gboolean valid;
  gboolean optional; /* nothing filled in is fine: required only once something is */
  gboolean clearing;
};

enum
{
  PROP_0,
  PROP_VALID,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];
enum
{
  CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SwcSchemaForm, swc_schema_form, ADW_TYPE_PREFERENCES_GROUP)

static void
field_free (gpointer data)
{
  Field *f = data;

  g_free (f->property);
  g_free (f->initial);
  g_strfreev (f->choices);
  g_free (f);
}

static const char *
prop_string (JsonObject *prop, const char *key)
{
  JsonNode *n = prop ? json_object_get_member (prop, key) : NULL;

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

static char *
current_value (Field *f)
{
  if (ADW_IS_COMBO_ROW (f->row))
    {
      guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (f->row));
      return i == GTK_INVALID_LIST_POSITION || i == 0 ? g_strdup ("")
                                                      : g_strdup (f->choices[i - 1]);
    }
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->row))));
}

/* Checks every field; marks the wrong ones and says what is wrong under the form. */
static void
validate (SwcSchemaForm *self)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  gboolean valid = TRUE;
  gboolean skip_required = self->optional && swc_schema_form_is_empty (self);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      g_autofree char *value = current_value (f);
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);
      g_autofree char *problem =
          *value ? swc_validate_value (self->schema, f->property, node) : NULL;
      gboolean required =
          !skip_required && g_hash_table_contains (self->schema->required, f->property);
      if (problem == NULL && required && !*value)
        {
          valid = FALSE;
          if (f->touched)
            problem = g_strdup (_("is required"));
        }
      if (problem)
        {
          g_autofree char *sentence = swc_validate_describe (self->schema, f->property, problem);
          g_string_append_printf (problems, "%s%s", problems->len ? "\n" : "", sentence);
          gtk_widget_add_css_class (f->row, "error");
          valid = FALSE;
        }
      else
        gtk_widget_remove_css_class (f->row, "error");
    }
  gtk_label_set_label (self->message, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->message), problems->len > 0);
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
field_touched (SwcSchemaForm *self, GtkWidget *row)
{
  Field *f = g_object_get_data (G_OBJECT (row), "swc-field");

  if (!self->clearing)
    f->touched = TRUE;
  validate (self);
}

static void
entry_changed_cb (GtkEditable *row, gpointer data)
{
  field_touched (data, GTK_WIDGET (row));
}

static void
choice_changed_cb (GObject *row, GParamSpec *pspec, gpointer data)
{
  field_touched (data, GTK_WIDGET (row));
}

static GtkWidget *
choice_row (Field *f, JsonArray *values, const char *current)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint n = json_array_get_length (values), selected = 0;

  f->choices = g_new0 (char *, n + 1);
  gtk_string_list_append (list, "—");
  for (guint i = 0; i < n; i++)
    {
      const char *v = json_array_get_string_element (values, i);
      f->choices[i] = g_strdup (v);
      gtk_string_list_append (list, swc_labels_value (v));
      if (current && g_ascii_strcasecmp (current, v) == 0)
        selected = i + 1;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

static void
add_field (SwcSchemaForm *self, const char *property, JsonObject *values)
{
  JsonObject *prop = swc_schema_property (self->schema, property);
  JsonNode *enums = prop ? json_object_get_member (prop, "enum") : NULL;
  JsonNode *v = values ? json_object_get_member (values, property) : NULL;
  const char *current =
      v && JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING
          ? json_node_get_string (v)
          : "";
  const char *title = swc_schema_property_label (self->schema, property);
  g_autofree char *label = NULL;
  Field *f = g_new0 (Field, 1);

  f->property = g_strdup (property);
  if (enums && JSON_NODE_HOLDS_ARRAY (enums))
    f->row = choice_row (f, json_node_get_array (enums), current);
  else
    {
      f->row = adw_entry_row_new ();
      gtk_editable_set_text (GTK_EDITABLE (f->row), current);
    }
  f->initial = g_strdup (current);
  label = g_strdup_printf ("%s%s", title,
                           g_hash_table_contains (self->schema->required, property) ? " *" : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->row), label);
  if (prop_string (prop, "description"))
    gtk_widget_set_tooltip_text (f->row, prop_string (prop, "description"));
  g_object_set_data (G_OBJECT (f->row), "swc-field", f);
  if (ADW_IS_COMBO_ROW (f->row))
    g_signal_connect (f->row, "notify::selected", G_CALLBACK (choice_changed_cb), self);
  else
    g_signal_connect (f->row, "changed", G_CALLBACK (entry_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), f->row);
  g_ptr_array_add (self->fields, f);
}

/* The properties whose value differs from where the form started. */
JsonObject *
swc_schema_form_get_changes (SwcSchemaForm *self)
{
  JsonObject *changes = json_object_new ();

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      g_autofree char *value = current_value (f);
      if (g_strcmp0 (value, f->initial) != 0)
        json_object_set_string_member (changes, f->property, value);
    }
  return changes;
}

/* The field's value as typed (trimmed), "" when empty or not in the form. */
char *
swc_schema_form_get_value (SwcSchemaForm *self, const char *property)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      if (g_str_equal (f->property, property))
        return current_value (f);
    }
  return g_strdup ("");
}

gboolean
swc_schema_form_is_empty (SwcSchemaForm *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      g_autofree char *value = current_value (g_ptr_array_index (self->fields, i));
      if (*value)
        return FALSE;
    }
  return TRUE;
}

/* For a part of a flow that may be left out (the first administrator): all empty is valid. */
void
swc_schema_form_set_optional (SwcSchemaForm *self, gboolean optional)
{
  self->optional = optional;
  validate (self);
}

/* Empties every field, for the next one. */
void
swc_schema_form_clear (SwcSchemaForm *self)
{
  self->clearing = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      if (ADW_IS_COMBO_ROW (f->row))
        adw_combo_row_set_selected (ADW_COMBO_ROW (f->row), 0);
      else
        gtk_editable_set_text (GTK_EDITABLE (f->row), "");
      f->touched = FALSE;
    }
  self->clearing = FALSE;
  validate (self);
}

/* Typing starts in the first field. */
void
swc_schema_form_focus_first (SwcSchemaForm *self)
{
  if (self->fields->len > 0)
    gtk_widget_grab_focus (((Field *) g_ptr_array_index (self->fields, 0))->row);
}

gboolean
swc_schema_form_get_valid (SwcSchemaForm *self)
{
  return self->valid;
}

static void
swc_schema_form_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  if (prop_id == PROP_VALID)
    g_value_set_boolean (value, SWC_SCHEMA_FORM (object)->valid);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
swc_schema_form_finalize (GObject *object)
{
  g_ptr_array_unref (SWC_SCHEMA_FORM (object)->fields);
  G_OBJECT_CLASS (swc_schema_form_parent_class)->finalize (object);
}

static void
swc_schema_form_class_init (SwcSchemaFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = swc_schema_form_get_property;
  object_class->finalize = swc_schema_form_finalize;
  properties[PROP_VALID] =
      g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
swc_schema_form_init (SwcSchemaForm *self)
{
  self->fields = g_ptr_array_new_with_free_func (field_free);
  self->valid = TRUE;
}

SwcSchemaForm *
swc_schema_form_new (SwcSchema *schema, const char *const *props, JsonObject *values)
{
  SwcSchemaForm *self = g_object_new (SWC_TYPE_SCHEMA_FORM, NULL);

  self->schema = schema;
  for (guint i = 0; props[i]; i++)
    if (swc_schema_property (schema, props[i]) != NULL)
      add_field (self, props[i], values);
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->message), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->message));
  validate (self);
  return self;
}
