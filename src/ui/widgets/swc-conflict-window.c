/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Resolving a conflict: someone else changed the fields of a queued change meanwhile. Per field the
 * value it had when the person started, theirs and mine, with a choice between the last two (theirs
 * first: nothing of someone else's work is overwritten unless chosen). Resolve sends the chosen
 * values. */
#define G_LOG_DOMAIN "swc-conflict-window"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-conflict-window.h"

typedef struct
{
  SwcSession *session;
  gint64 id;
  GtkWidget *window;
  JsonObject *mine;
  JsonObject *theirs;
  GPtrArray *choices; /* GtkCheckButton "mine" per field, with "property" data */
} Conflict;

static void
conflict_free (gpointer data)
{
  Conflict *c = data;

  g_object_unref (c->session);
  json_object_unref (c->mine);
  json_object_unref (c->theirs);
  g_ptr_array_unref (c->choices);
  g_free (c);
}

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
resolve_clicked_cb (GtkButton *button, gpointer data)
{
  Conflict *c = data;
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GError) error = NULL;
  SwcQueue *queue = swc_session_get_queue (c->session);

  for (guint i = 0; i < c->choices->len; i++)
    {
      GtkCheckButton *mine = g_ptr_array_index (c->choices, i);
      const char *property = g_object_get_data (G_OBJECT (mine), "property");
      JsonObject *from = gtk_check_button_get_active (mine) ? c->mine : c->theirs;
      json_object_set_member (result, property,
                              json_object_has_member (from, property)
                                  ? json_node_copy (json_object_get_member (from, property))
                                  : json_node_new (JSON_NODE_NULL));
    }
  if (queue == NULL || !swc_queue_resolve (queue, c->id, result, &error))
    {
      GtkWidget *dialog =
          adw_message_dialog_new (GTK_WINDOW (c->window), _("Not Resolved"),
                                  error ? error->message : _("The change queue is not open"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  swc_session_send_later (c->session, 0);
  gtk_window_destroy (GTK_WINDOW (c->window));
}

static void
cancel_clicked_cb (GtkButton *button, gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (((Conflict *) data)->window));
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
field_group (Conflict *c, SwcSchema *schema, const char *property, JsonObject *base)
{
  const char *title = schema ? swc_schema_property_label (schema, property) : property;
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *was = shown (base ? json_object_get_member (base, property) : NULL);
  g_autofree char *theirs = shown (json_object_get_member (c->theirs, property));
  g_autofree char *mine = shown (json_object_get_member (c->mine, property));
  g_autofree char *description = g_strdup_printf (_("Before: %s"), was);
  GtkCheckButton *theirs_button, *mine_button;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             choice_row (_("Theirs (on the server now)"), theirs, NULL,
                                         &theirs_button));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             choice_row (_("Mine"), mine, theirs_button, &mine_button));
  gtk_check_button_set_active (theirs_button, TRUE);
  g_object_set_data_full (G_OBJECT (mine_button), "property", g_strdup (property), g_free);
  g_ptr_array_add (c->choices, mine_button);
  return group;
}

GtkWidget *
swc_conflict_window_new (GtkWindow *parent, SwcSession *session, gint64 change_id,
                         const char *schema_slug, const char *label)
{
  SwcQueue *queue = swc_session_get_queue (session);
  SwcSchema *schema =
      schema_slug ? swc_schema_set_lookup (swc_session_get_schemas (session), schema_slug) : NULL;
  g_autoptr(JsonObject) base = NULL;
  JsonObject *mine = NULL, *theirs = NULL;
  GtkWidget *box, *header, *cancel, *resolve, *page;
  g_autoptr(GList) fields = NULL;
  Conflict *c;

  if (queue == NULL || !swc_queue_get_conflict (queue, change_id, &base, &mine, &theirs))
    return NULL;
  c = g_new0 (Conflict, 1);
  c->session = g_object_ref (session);
  c->id = change_id;
  c->mine = mine;
  c->theirs = theirs;
  c->choices = g_ptr_array_new ();
  c->window = adw_window_new ();
  g_object_set_data_full (G_OBJECT (c->window), "swc-conflict", c, conflict_free);
  gtk_window_set_title (GTK_WINDOW (c->window), _("Resolve Conflict"));
  gtk_window_set_transient_for (GTK_WINDOW (c->window), parent);
  gtk_window_set_modal (GTK_WINDOW (c->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (c->window), 600, 560);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  resolve = gtk_button_new_with_mnemonic (_("_Resolve"));
  gtk_widget_add_css_class (resolve, "suggested-action");
  g_signal_connect (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), c);
  g_signal_connect (resolve, "clicked", G_CALLBACK (resolve_clicked_cb), c);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), resolve);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_box_append (GTK_BOX (box), header);
  page = adw_preferences_page_new ();
  {
    GtkWidget *intro = adw_preferences_group_new ();
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (intro), label ? label : "");
    adw_preferences_group_set_description (
        ADW_PREFERENCES_GROUP (intro),
        _("Someone else changed these fields on the server after you started. Choose per field"
           " what stays."));
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (intro));
  }
  fields = json_object_get_members (mine);
  for (GList *l = fields; l; l = l->next)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                              ADW_PREFERENCES_GROUP (field_group (c, schema, l->data, base)));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (c->window), box);
  return c->window;
}
