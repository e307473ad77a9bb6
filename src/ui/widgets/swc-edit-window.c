/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Edit before approving (and elsewhere): a form from the schema in a form window. Save (Ctrl+S)
 * queues the changed properties through the change queue and sends them; Escape cancels. */
#define G_LOG_DOMAIN "swc-edit-window"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-edit-window.h"
#include "swc-form-window.h"
#include "swc-schema-form.h"

typedef struct
{
  SwcSession *session;
  char *uuid;
  char *title;
  SwcSchemaForm *form;
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
save (gpointer data, GError **error)
{
  Edit *e = data;
  g_autoptr(JsonObject) changes = swc_schema_form_get_changes (e->form);
  g_autofree char *label = NULL;

  if (json_object_get_size (changes) == 0)
    return TRUE;
  label = g_strdup_printf (_("Edit %s"), e->title);
  if (swc_queue_patch (swc_session_get_queue (e->session), e->uuid, changes, 0, label, error) == 0)
    return FALSE;
  swc_session_send_later (e->session, 0);
  return TRUE;
}

/* Every text property of the schema, in its order. */
/* JSON Schema's keyword for a property's type (not the catalogue's field "type"). */
#define JSON_SCHEMA_TYPE "type" /* not a backend word */

static GStrv
text_properties (SwcSchema *schema)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GList) names = json_object_get_members (schema->properties);

  for (GList *l = names; l; l = l->next)
    {
      JsonObject *prop = swc_schema_property (schema, l->data);
      if (prop &&
          g_strcmp0 (json_object_get_string_member_with_default (prop, JSON_SCHEMA_TYPE, ""),
                     "string") == 0)
        g_strv_builder_add (b, l->data);
    }
  return g_strv_builder_end (b);
}

GtkWidget *
swc_edit_window_new (GtkWindow *parent, SwcSession *session, const char *uuid, const char *title,
                     const char *const *props)
{
  g_autofree char *schema_slug = NULL;
  g_autoptr(JsonObject) object = swc_store_object (swc_session_get_store (session), uuid);
  g_auto(GStrv) all = NULL;
  SwcSchema *schema;
  GtkWidget *page;
  Edit *e;

  schema_slug = object ? swc_store_object_schema (swc_session_get_store (session), uuid) : NULL;
  if (schema_slug == NULL ||
      (schema = swc_schema_set_lookup (swc_session_get_schemas (session), schema_slug)) == NULL)
    return NULL;
  if (props == NULL)
    props = (const char *const *) (all = text_properties (schema));
  e = g_new0 (Edit, 1);
  e->session = g_object_ref (session);
  e->uuid = g_strdup (uuid);
  e->title = g_strdup (title);
  e->form = swc_schema_form_new (schema, props, object);
  page = adw_preferences_page_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (e->form));
  return swc_form_window_new (parent, title, _("_Save"), page, e->form, save, e, edit_free);
}

/* The edit window over the window of from, shown at once. */
void
swc_edit_window_open (GtkWidget *from, SwcSession *session, const char *uuid, const char *title,
                      const char *const *properties)
{
  GtkWidget *window = swc_edit_window_new (GTK_WINDOW (gtk_widget_get_root (from)), session, uuid,
                                           title, properties);

  if (window)
    gtk_window_present (GTK_WINDOW (window));
}
