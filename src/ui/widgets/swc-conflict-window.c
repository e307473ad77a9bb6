/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Resolving a conflict: someone else changed the fields of a queued change meanwhile. Per field the
 * value it had when the person started, theirs and mine, with a choice between the last two (theirs
 * first: nothing of someone else's work is overwritten unless chosen). Resolve sends the chosen
 * values. */
#define G_LOG_DOMAIN "swc-conflict-window"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-conflict-window.h"

/* A field's choice: "mine" ticked, or theirs. */
typedef struct
{
  char *property;
  GtkCheckButton *mine; /* borrowed: the window's */
} Choice;

static void
choice_free (Choice *choice)
{
  g_free (choice->property);
  g_free (choice);
}

struct _SwcConflictWindow
{
  AdwWindow parent_instance;

  SwcSession *session;
  gint64 id;
  JsonObject *mine;
  JsonObject *theirs;
  GPtrArray *choices; /* Choice, one per field */
  AdwPreferencesPage *page;
  AdwPreferencesGroup *intro;
};

G_DEFINE_FINAL_TYPE (SwcConflictWindow, swc_conflict_window, ADW_TYPE_WINDOW)

/* A value as a person reads it. */
static char *
shown (JsonNode *n)
{
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (n) &&
      json_node_get_value_type (n) == G_TYPE_STRING) /* a choice by its label */
    return *json_node_get_string (n) ? g_strdup (swc_labels_value (json_node_get_string (n)))
                                     : g_strdup (_("(empty)"));
  return json_to_string (n, FALSE);
}

static void
resolve_clicked_cb (SwcConflictWindow *c)
{
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GError) error = NULL;
  SwcQueue *queue = swc_session_get_queue (c->session);

  for (guint i = 0; i < c->choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (c->choices, i);
      const char *property = choice->property;
      JsonObject *from = gtk_check_button_get_active (choice->mine) ? c->mine : c->theirs;
      json_object_set_member (result, property,
                              json_object_has_member (from, property)
                                  ? json_node_copy (json_object_get_member (from, property))
                                  : json_node_new (JSON_NODE_NULL));
    }
  if (queue == NULL || !swc_queue_resolve (queue, c->id, result, &error))
    {
      GtkWidget *dialog =
          adw_message_dialog_new (GTK_WINDOW (c), _("Not Resolved"),
                                  error ? error->message : _("The change queue is not open"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  swc_session_send_later (c->session, 0);
  gtk_window_destroy (GTK_WINDOW (c));
}

static GtkWidget *
choice_row (const char *title, const char *value, GtkCheckButton *group, GtkCheckButton **button)
{
  GtkWidget *row = adw_action_row_new ();

  *button = GTK_CHECK_BUTTON (gtk_check_button_new ());
  if (group)
    gtk_check_button_set_group (*button, group);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*button), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (*button));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (*button));
  return row;
}

static GtkWidget *
field_group (SwcConflictWindow *c, SwcSchema *schema, const char *property, JsonObject *base)
{
  const char *title = schema ? swc_schema_property_label (schema, property) : property;
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *was = shown (base ? json_object_get_member (base, property) : NULL);
  g_autofree char *theirs = shown (json_object_get_member (c->theirs, property));
  g_autofree char *mine = shown (json_object_get_member (c->mine, property));
  g_autofree char *description = g_strdup_printf (_("Before: %s"), was);
  GtkCheckButton *theirs_button, *mine_button;
  Choice *choice = g_new0 (Choice, 1);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             choice_row (_("Theirs (on the server now)"), theirs, NULL,
                                         &theirs_button));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             choice_row (_("Mine"), mine, theirs_button, &mine_button));
  gtk_check_button_set_active (theirs_button, TRUE);
  choice->property = g_strdup (property);
  choice->mine = mine_button;
  g_ptr_array_add (c->choices, choice);
  return group;
}

static void
swc_conflict_window_dispose (GObject *object)
{
  SwcConflictWindow *self = SWC_CONFLICT_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->mine, json_object_unref);
  g_clear_pointer (&self->theirs, json_object_unref);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_CONFLICT_WINDOW);
  G_OBJECT_CLASS (swc_conflict_window_parent_class)->dispose (object);
}

static void
swc_conflict_window_class_init (SwcConflictWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_conflict_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-conflict-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcConflictWindow, page);
  gtk_widget_class_bind_template_child (widget_class, SwcConflictWindow, intro);
  gtk_widget_class_bind_template_callback (widget_class, resolve_clicked_cb);
}

static void
swc_conflict_window_init (SwcConflictWindow *self)
{
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
swc_conflict_window_new (GtkWindow *parent, SwcSession *session, gint64 change_id,
                         const char *schema_slug, const char *label)
{
  SwcQueue *queue;
  SwcSchema *schema;
  g_autoptr(JsonObject) base = NULL;
  JsonObject *mine = NULL, *theirs = NULL;
  g_autoptr(GList) fields = NULL;
  SwcConflictWindow *c;

  g_return_val_if_fail (SWC_IS_SESSION (session), NULL);

  queue = swc_session_get_queue (session);
  if (queue == NULL || !swc_queue_get_conflict (queue, change_id, &base, &mine, &theirs))
    return NULL;
  schema =
      schema_slug ? swc_schema_set_lookup (swc_session_get_schemas (session), schema_slug) : NULL;
  c = g_object_new (SWC_TYPE_CONFLICT_WINDOW, "transient-for", parent, NULL);
  c->session = g_object_ref (session);
  c->id = change_id;
  c->mine = mine;
  c->theirs = theirs;
  adw_preferences_group_set_title (c->intro, label ? label : "");
  fields = json_object_get_members (mine);
  for (GList *l = fields; l; l = l->next)
    adw_preferences_page_add (c->page,
                              ADW_PREFERENCES_GROUP (field_group (c, schema, l->data, base)));
  return GTK_WIDGET (c);
}
