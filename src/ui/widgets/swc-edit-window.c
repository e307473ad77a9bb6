/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Edit before approving (and elsewhere): a form from the schema in a small window. Save (Ctrl+S) queues the
 * changed properties through the change queue and sends them; Escape cancels. */
#define G_LOG_DOMAIN "swc-edit-window"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-edit-window.h"
#include "swc-schema-form.h"

typedef struct
{
  SwcSession    *session;
  char          *uuid;
  char          *title;
  SwcSchemaForm *form;
  GtkWidget     *window;
  GtkLabel      *error;
} Edit;

static void
edit_free (gpointer data)
{
  Edit *e = data;

  g_object_unref (e->session);
  g_free (e->uuid);
  g_free (e->title);
  g_free (e);
}

static gboolean
save (GtkWidget *widget, GVariant *args, gpointer data)
{
  Edit *e = data;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (!swc_schema_form_get_valid (e->form))
    return TRUE;
  changes = swc_schema_form_get_changes (e->form);
  if (json_object_get_size (changes) > 0)
    {
      label = g_strdup_printf (_("Edit %s"), e->title);
      if (swc_queue_patch (swc_session_get_queue (e->session), e->uuid, changes, 0, label, &error) == 0)
        {
          gtk_label_set_label (e->error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (e->error), TRUE);
          return TRUE;
        }
      swc_session_send_later (e->session, 0);
    }
  gtk_window_destroy (GTK_WINDOW (e->window));
  return TRUE;
}

static void
save_clicked_cb (GtkButton *button, gpointer data)
{
  save (NULL, NULL, data);
}

static gboolean
cancel (GtkWidget *widget, GVariant *args, gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (((Edit *) data)->window));
  return TRUE;
}

static void
cancel_clicked_cb (GtkButton *button, gpointer data)
{
  cancel (NULL, NULL, data);
}

static GtkWidget *
header (Edit *e)
{
  GtkWidget *bar = adw_header_bar_new ();
  GtkWidget *cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save_button = gtk_button_new_with_mnemonic (_("_Save"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (bar), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cancel"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (save_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Save"), -1);
  gtk_widget_add_css_class (save_button, "suggested-action");
  g_object_bind_property (e->form, "valid", save_button, "sensitive", G_BINDING_SYNC_CREATE);
  g_signal_connect (cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), e);
  g_signal_connect (save_button, "clicked", G_CALLBACK (save_clicked_cb), e);
  adw_header_bar_pack_start (ADW_HEADER_BAR (bar), cancel_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (bar), save_button);
  return bar;
}

static void
add_shortcuts (Edit *e)
{
  GtkEventController *c = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (c),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>s"), gtk_callback_action_new (save, e, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (c),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"), gtk_callback_action_new (cancel, e, NULL)));
  gtk_event_controller_set_propagation_phase (c, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (e->window, c);
}

GtkWidget *
swc_edit_window_new (GtkWindow *parent, SwcSession *session, const char *uuid, const char *title,
                     const char *const *props)
{
  g_autofree char *schema_slug = NULL, *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) all = NULL;
  SwcSchema *schema;
  Edit *e;
  GtkWidget *box, *page;

  if (!swc_store_read_object (swc_store_get_db (swc_session_get_store (session)), uuid, &schema_slug, &json, NULL, NULL) ||
      (schema = swc_schema_set_lookup (swc_session_get_schemas (session), schema_slug)) == NULL ||
      !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  e = g_new0 (Edit, 1);
  e->session = g_object_ref (session);
  e->uuid = g_strdup (uuid);
  e->title = g_strdup (title);
  if (props == NULL)
    {
      /* every text property of the schema, in its order */
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_autoptr(GList) names = json_object_get_members (schema->properties);
      for (GList *l = names; l; l = l->next)
        {
          JsonObject *prop = swc_schema_property (schema, l->data);
          if (prop && g_strcmp0 (json_object_get_string_member_with_default (prop, "type", ""), "string") == 0)
            g_strv_builder_add (b, l->data);
        }
      all = g_strv_builder_end (b);
      props = (const char *const *) all;
    }
  e->form = swc_schema_form_new (schema, props, json_node_get_object (json_parser_get_root (parser)));
  e->window = adw_window_new ();
  g_object_set_data_full (G_OBJECT (e->window), "swc-edit", e, edit_free);
  gtk_window_set_title (GTK_WINDOW (e->window), title);
  gtk_window_set_transient_for (GTK_WINDOW (e->window), parent);
  gtk_window_set_modal (GTK_WINDOW (e->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (e->window), 560, 640);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header (e));
  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (e->form));
  gtk_box_append (GTK_BOX (box), page);
  e->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (e->error), "error");
  gtk_widget_set_visible (GTK_WIDGET (e->error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (e->error));
  adw_window_set_content (ADW_WINDOW (e->window), box);
  add_shortcuts (e);
  swc_schema_form_focus_first (e->form);
  return e->window;
}
