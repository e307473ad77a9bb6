/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 1.2: add a collaboration, supplier, community or municipality. The form comes from the
 * organisatie schema (its titles, help texts, enums and required fields), is checked while typing,
 * warns when the new organisation looks like one that exists, takes its first administrator in the
 * same flow, and for a collaboration its members: dragged from the list of all organisations, or
 * found there by typing and Enter. Create queues everything behind one Undo toast; both sides of
 * each membership are written. */
#define G_LOG_DOMAIN "swc-add-page"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-add-page.h"
#include "swc-catalogue.h"
#include "swc-duplicates.h"
#include "swc-labels.h"
#include "swc-membership.h"
#include "swc-org-list.h"
#include "swc-pane.h"
#include "swc-schema-form.h"
#include "swc-undo.h"

#define DUPLICATE_CHECK_MS 300
#define COLLABORATION swc_org_type_value (SWC_ORG_TYPE_COLLABORATION)

static const SwcField org_fields[] = { SWC_FIELD_NAME,  SWC_FIELD_WEBSITE, SWC_FIELD_KVK,
                                       SWC_FIELD_EMAIL, SWC_FIELD_PHONE,   SWC_FIELD_DESCRIPTION };
static const SwcField admin_fields[] = { SWC_FIELD_FIRST_NAME, SWC_FIELD_INFIX, SWC_FIELD_LAST_NAME,
                                         SWC_FIELD_EMAIL, SWC_FIELD_JOB_TITLE };

struct _SwcAddPage
{
  GtkBox parent_instance;

  SwcSession *session;   /* owned */
  SwcContext *context;   /* owned: construct-only */
  SwcSchemaSet *schemas; /* borrowed: the session's */
  GStrv types;
  SwcSchemaForm *org_form;
  GPtrArray *members; /* uuids, in the order of the rows of members_list */
  SwcSchemaForm *admin_form;
  AdwComboRow *role_row;
  GStrv roles;
  GtkWidget *org_list; /* SwcOrgList */
  guint duplicate_id;
  GCancellable *checking; /* the duplicate check running */

  /* from the template */
  GtkBox *form;
  GtkWidget *kind_group;
  AdwComboRow *type_row;
  GtkWidget *duplicates; /* AdwPreferencesGroup */
  GtkListBox *duplicate_list;
  GtkWidget *members_group;
  GtkListBox *members_list;
  GtkLabel *members_count;
};

G_DEFINE_FINAL_TYPE (SwcAddPage, swc_add_page, GTK_TYPE_BOX)

/* ---- choices from the schemas ---- */

static void
set_choices (AdwComboRow *row, const char *const *values, const char *preferred)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; values[i]; i++)
    gtk_string_list_append (list, swc_labels_value (values[i]));
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  g_object_unref (list);
  for (guint i = 0; values[i]; i++)
    if (g_strcmp0 (values[i], preferred) == 0)
      adw_combo_row_set_selected (row, i);
}

static const char *
selected_value (AdwComboRow *row, GStrv values)
{
  guint i = adw_combo_row_get_selected (row);

  return i < g_strv_length (values) ? values[i] : NULL;
}

static gboolean
is_collaboration (SwcAddPage *self)
{
  return g_strcmp0 (selected_value (self->type_row, self->types), COLLABORATION) == 0;
}

/* ---- validity ---- */

static gboolean
can_create (SwcAddPage *self)
{
  return swc_schema_form_get_valid (self->org_form) && swc_schema_form_get_valid (self->admin_form);
}

static void
update_create (SwcAddPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.create", can_create (self));
}

/* ---- likely duplicates, checked a moment after typing stops ---- */

static void
duplicates_found_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = swc_duplicates_find_finish (result, &error);
  SwcAddPage *self = data;

  if (found == NULL)
    return; /* cancelled: a newer check runs, or the page is gone */
  swc_list_box_clear (self->duplicate_list);
  for (guint i = 0; i < found->len; i++)
    {
      SwcDuplicate *d = g_ptr_array_index (found, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *why = swc_duplicate_explain (d);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_list_box_append (self->duplicate_list, row);
    }
  gtk_widget_set_visible (self->duplicates, found->len > 0);
}

/* Compares with every organisation on a worker thread: the catalogue can hold tens of thousands. */
static gboolean
check_duplicates_cb (gpointer data)
{
  SwcAddPage *self = data;
  const char *name_field = swc_schema_set_field (self->schemas, SWC_FIELD_NAME);
  g_autofree char *kvk = swc_schema_form_get_value (self->org_form, swc_field_key (SWC_FIELD_KVK));
  g_autofree char *website =
      swc_schema_form_get_value (self->org_form, swc_field_key (SWC_FIELD_WEBSITE));
  g_autofree char *name = swc_schema_form_get_value (self->org_form, name_field);

  self->duplicate_id = 0;
  g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  if (!*kvk && !*website && !*name)
    {
      swc_list_box_clear (self->duplicate_list);
      gtk_widget_set_visible (self->duplicates, FALSE);
      return G_SOURCE_REMOVE;
    }
  self->checking = g_cancellable_new ();
  swc_duplicates_find_async (swc_session_get_store (self->session), NULL, kvk, website, name, 5,
                             self->checking, duplicates_found_cb, self);
  return G_SOURCE_REMOVE;
}

static void
org_form_changed_cb (SwcAddPage *self)
{
  g_clear_handle_id (&self->duplicate_id, g_source_remove);
  self->duplicate_id = g_timeout_add (DUPLICATE_CHECK_MS, check_duplicates_cb, self);
  update_create (self);
}

/* ---- members of a collaboration ---- */

static void member_remove_cb (GtkButton *button, gpointer data);

static void
show_members (SwcAddPage *self)
{
  SwcStore *store = swc_session_get_store (self->session);

  swc_list_box_clear (self->members_list);
  for (guint i = 0; i < self->members->len; i++)
    {
      const char *uuid = g_ptr_array_index (self->members, i);
      g_autofree char *name = swc_store_object_name (store, uuid);
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : uuid);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      g_signal_connect (remove, "clicked", G_CALLBACK (member_remove_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->members_list, row);
    }
  {
    g_autofree char *count =
        g_strdup_printf (ngettext ("%u member", "%u members", self->members->len),
                         self->members->len);
    gtk_label_set_label (self->members_count, self->members->len ? count : "");
  }
}

static gboolean
has_member (SwcAddPage *self, const char *uuid)
{
  for (guint i = 0; i < self->members->len; i++)
    if (g_str_equal (g_ptr_array_index (self->members, i), uuid))
      return TRUE;
  return FALSE;
}

static void
add_member (SwcAddPage *self, const char *uuid)
{
  SwcKind kind = swc_object_kind (swc_session_get_store (self->session), uuid);

  if (!is_collaboration (self) || kind != SWC_KIND_ORGANISATION || has_member (self, uuid))
    return;
  g_ptr_array_add (self->members, g_strdup (uuid));
  show_members (self);
}

/* A row's remove button: the row's place in the list is the member's in self->members. */
static void
member_remove_cb (GtkButton *button, gpointer data)
{
  SwcAddPage *self = data;
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  int index = row ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;

  if (index >= 0 && (guint) index < self->members->len)
    g_ptr_array_remove_index (self->members, index);
  show_members (self);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, gpointer data)
{
  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  add_member (data, g_value_get_string (value));
  return TRUE;
}

static void
organisation_activated_cb (SwcOrgList *list, const char *uuid, gpointer data)
{
  add_member (data, uuid);
}

/* ---- the type decides the role and whether there are members ---- */

static void
type_changed_cb (SwcAddPage *self)
{
  const char *type;
  gboolean supplier;
  const char *role;

  if (self->org_list == NULL)
    return; /* the page is being built: the choices go in; constructed calls this at its end */
  type = selected_value (self->type_row, self->types);
  supplier = swc_org_type_offers (swc_org_type_from_value (type));
  role = supplier ? "Aanbod-beheerder" : "Gebruik-beheerder";

  for (guint i = 0; self->roles[i]; i++)
    if (g_str_equal (self->roles[i], role))
      adw_combo_row_set_selected (self->role_row, i);
  gtk_widget_set_visible (self->members_group, is_collaboration (self));
  gtk_widget_set_visible (self->org_list, is_collaboration (self));
}

/* ---- create ---- */

/* Queues the organisation, its first administrator and each member's side of the membership. */
static gboolean
queue_all (SwcAddPage *self, const char *uuid, const char *name, GArray *ids, GError **error)
{
  SwcQueue *queue = swc_session_get_queue (self->session);
  SwcStore *store = swc_session_get_store (self->session);
  const char *participants = swc_schema_set_field (self->schemas, SWC_FIELD_PARTICIPANTS);
  const char *memberships = swc_schema_set_field (self->schemas, SWC_FIELD_MEMBERSHIPS);
  g_autoptr(JsonObject) org = swc_schema_form_get_changes (self->org_form);
  g_autofree char *label = g_strdup_printf (_("Create %s"), name);
  gint64 id;

  json_object_set_string_member (org, "id", uuid);
  json_object_set_string_member (org, swc_field_key (SWC_FIELD_TYPE),
                                 selected_value (self->type_row, self->types));
  json_object_set_string_member (org, swc_field_key (SWC_FIELD_STATUS),
                                 swc_org_status_value (SWC_ORG_STATUS_ACTIVE));
  if (is_collaboration (self) && self->members->len > 0)
    {
      JsonArray *list = json_array_new ();
      for (guint i = 0; i < self->members->len; i++)
        json_array_add_string_element (list, g_ptr_array_index (self->members, i));
      json_object_set_array_member (org, participants, list);
    }
  if ((id = swc_queue_create (queue, swc_kind_slug (SWC_KIND_ORGANISATION), org, SWC_UNDO_MS, label,
                              error)) == 0)
    return FALSE;
  g_array_append_val (ids, id);

  if (!swc_schema_form_is_empty (self->admin_form))
    {
      g_autoptr(JsonObject) person = swc_schema_form_get_changes (self->admin_form);
      g_autofree char *person_label =
          g_strdup_printf (_("Add the first administrator of %s"), name);
      JsonArray *roles = json_array_new ();
      json_array_add_string_element (roles, selected_value (self->role_row, self->roles));
      json_object_set_string_member (person, swc_field_key (SWC_FIELD_ORGANISATION), uuid);
      json_object_set_array_member (person, swc_field_key (SWC_FIELD_ROLES), roles);
      if ((id = swc_queue_create (queue, swc_kind_slug (SWC_KIND_CONTACT_PERSON), person,
                                  SWC_UNDO_MS, person_label, error)) == 0)
        return FALSE;
      g_array_append_val (ids, id);
    }

  for (guint i = 0; is_collaboration (self) && i < self->members->len; i++)
    {
      const char *member = g_ptr_array_index (self->members, i);
      g_autofree char *member_name = swc_store_object_name (store, member);
      g_autofree char *member_label = g_strdup_printf (_("Add %s to %s"), member_name, name);
      if (!swc_membership_set_side (queue, store, member, memberships, uuid, TRUE, SWC_UNDO_MS,
                                    member_label, ids, error))
        return FALSE;
    }
  return TRUE;
}

static void
clear_page (SwcAddPage *self)
{
  swc_schema_form_clear (self->org_form);
  swc_schema_form_clear (self->admin_form);
  g_ptr_array_set_size (self->members, 0);
  show_members (self);
  type_changed_cb (self);
  swc_schema_form_focus_first (self->org_form);
}

static void
create_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcAddPage *self = SWC_ADD_PAGE (widget);
  const char *name_field = swc_schema_set_field (self->schemas, SWC_FIELD_NAME);
  g_autofree char *name = swc_schema_form_get_value (self->org_form, name_field);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GArray *ids;

  if (!can_create (self) || swc_session_get_queue (self->session) == NULL)
    return;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!queue_all (self, uuid, name, ids, &error))
    {
      /* all or nothing: what was queued before the refusal is taken back */
      for (guint i = ids->len; i > 0; i--)
        swc_queue_cancel (swc_session_get_queue (self->session), g_array_index (ids, gint64, i - 1),
                          NULL);
      g_array_unref (ids);
      swc_context_toast (self->context, error->message);
      return;
    }
  text = g_strdup_printf (_("%s created"), name);
  swc_undo_toast (self->context, text, ids);
  clear_page (self);
}

/* ---- building the page ---- */

/* What comes from the schemas: the choices of the type and the role, the two forms. */
static void
build_form (SwcAddPage *self)
{
  SwcSchema *org = swc_schema_set_lookup (self->schemas, swc_kind_slug (SWC_KIND_ORGANISATION));
  SwcSchema *person =
      swc_schema_set_lookup (self->schemas, swc_kind_slug (SWC_KIND_CONTACT_PERSON));
  g_auto(GStrv) org_keys = swc_field_keys (org_fields, G_N_ELEMENTS (org_fields));
  g_auto(GStrv) admin_keys = swc_field_keys (admin_fields, G_N_ELEMENTS (admin_fields));

  self->types = swc_schema_enum (org, swc_field_key (SWC_FIELD_TYPE));
  set_choices (self->type_row, (const char *const *) self->types, COLLABORATION);

  self->org_form = swc_schema_form_new (org, (const char *const *) org_keys, NULL);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->org_form), _("Details"));
  g_signal_connect_swapped (self->org_form, "changed", G_CALLBACK (org_form_changed_cb), self);
  gtk_box_insert_child_after (self->form, GTK_WIDGET (self->org_form), self->kind_group);

  self->admin_form = swc_schema_form_new (person, (const char *const *) admin_keys, NULL);
  swc_schema_form_set_optional (self->admin_form, TRUE);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->admin_form),
                                   _("First Administrator"));
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (self->admin_form),
      _("Becomes a user of the organisation with the role below. Leave empty to add people"
         " later."));
  g_signal_connect_swapped (self->admin_form, "notify::valid", G_CALLBACK (update_create), self);
  gtk_box_append (self->form, GTK_WIDGET (self->admin_form));
  self->roles = swc_schema_enum (person, swc_field_key (SWC_FIELD_ROLES));
  self->role_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->role_row), _("Role"));
  set_choices (self->role_row, (const char *const *) self->roles, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->admin_form), GTK_WIDGET (self->role_row));
}

/* Entering the page (Ctrl+2): typing starts in the name, not in the type above it. */
static gboolean
swc_add_page_focus (GtkWidget *widget, GtkDirectionType direction)
{
  SwcAddPage *self = SWC_ADD_PAGE (widget);

  if (direction == GTK_DIR_TAB_FORWARD && gtk_widget_get_focus_child (widget) == NULL)
    {
      swc_schema_form_focus_first (self->org_form);
      return TRUE;
    }
  return GTK_WIDGET_CLASS (swc_add_page_parent_class)->focus (widget, direction);
}

static void
swc_add_page_constructed (GObject *object)
{
  SwcAddPage *self = SWC_ADD_PAGE (object);

  G_OBJECT_CLASS (swc_add_page_parent_class)->constructed (object);
  self->session = g_object_ref (swc_context_get_session (self->context));
  self->schemas = swc_session_get_schemas (self->session);
  build_form (self);
  self->org_list =
      swc_org_list_new (swc_session_get_store (self->session), _("All Organisations"), NULL);
  gtk_widget_set_size_request (self->org_list, 320, -1);
  g_signal_connect (self->org_list, "organisation-activated",
                    G_CALLBACK (organisation_activated_cb), self);
  gtk_box_append (GTK_BOX (self), self->org_list);
  show_members (self);
  type_changed_cb (self);
  update_create (self);
}

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
swc_add_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcAddPage *self = SWC_ADD_PAGE (object);

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
swc_add_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SwcAddPage *self = SWC_ADD_PAGE (object);

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
swc_add_page_dispose (GObject *object)
{
  SwcAddPage *self = SWC_ADD_PAGE (object);

  g_clear_handle_id (&self->duplicate_id, g_source_remove);
  g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_object (&self->session);
  g_clear_object (&self->context);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->types, g_strfreev);
  g_clear_pointer (&self->roles, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_ADD_PAGE);
  G_OBJECT_CLASS (swc_add_page_parent_class)->dispose (object);
}

static void
swc_add_page_class_init (SwcAddPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_add_page_dispose;
  G_OBJECT_CLASS (klass)->constructed = swc_add_page_constructed;
  G_OBJECT_CLASS (klass)->get_property = swc_add_page_get_property;
  G_OBJECT_CLASS (klass)->set_property = swc_add_page_set_property;
  properties[PROP_CONTEXT] = swc_context_param_spec ();
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  widget_class->focus = swc_add_page_focus;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-add-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcAddPage, form);
  gtk_widget_class_bind_template_child (widget_class, SwcAddPage, kind_group);
  gtk_widget_class_bind_template_child (widget_class, SwcAddPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, SwcAddPage, duplicates);
  gtk_widget_class_bind_template_child (widget_class, SwcAddPage, duplicate_list);
  gtk_widget_class_bind_template_child (widget_class, SwcAddPage, members_group);
  gtk_widget_class_bind_template_child (widget_class, SwcAddPage, members_list);
  gtk_widget_class_bind_template_child (widget_class, SwcAddPage, members_count);
  gtk_widget_class_bind_template_callback (widget_class, type_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_cb);
  gtk_widget_class_install_action (widget_class, "add.create", NULL, create_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "add.create",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "add.create", NULL);
}

static void
swc_add_page_init (SwcAddPage *self)
{
  self->members = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
swc_add_page_new (SwcContext *context)
{
  g_return_val_if_fail (SWC_IS_CONTEXT (context), NULL);

  return g_object_new (SWC_TYPE_ADD_PAGE, "context", context, NULL);
}
