/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 1.4: the people of an organisation and their accounts. Left the organisations; right the
 * selected one's contact persons from the local store, with their accounts read live from the
 * server (enabled, groups). Add a person (who becomes a user with the chosen role), enable or
 * disable an account, or all of them at once; every change waits behind an Undo toast in the change
 * queue. */
#define G_LOG_DOMAIN "swc-users-page"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-catalogue.h"
#include "swc-form-window.h"
#include "swc-org-list.h"
#include "swc-pane.h"
#include "swc-schema-form.h"
#include "swc-undo.h"
#include "swc-users.h"
#include "swc-users-page.h"

#define REFRESH_MS 800

static const SwcField person_fields[] = { SWC_FIELD_FIRST_NAME, SWC_FIELD_INFIX,
                                          SWC_FIELD_LAST_NAME, SWC_FIELD_EMAIL,
                                          SWC_FIELD_JOB_TITLE };

struct _SwcUsersPage
{
  GtkBox parent_instance;

  SwcSession *session; /* owned */
  SwcContext *context; /* owned: construct-only */
  char *organisation;
  GHashTable *accounts; /* nullable: contact uuid → SwcUserInfo, from the server */
  char *accounts_error;
  GCancellable *fetching;
  GtkStack *stack;
  GtkLabel *title;
  AdwPreferencesGroup *group;
  GtkListBox *list;
  GtkLabel *status;
  guint refresh_id;
  char *shown;              /* what the rows show now (people_signature) */
  GPtrArray *people;        /* nullable: the uuids of the rows, in order */
  gboolean accounts_stale;  /* the queue changed something: read the accounts again */
  GtkWidget *organisations; /* SwcOrgList */
  gboolean filling;         /* switches set from data, not by the user */
};

G_DEFINE_FINAL_TYPE (SwcUsersPage, swc_users_page, GTK_TYPE_BOX)

static void fetch_accounts (SwcUsersPage *self);

/* ---- the people, from the local store ---- */

/* "Petra de Vries" from voornaam, tussenvoegsel, achternaam; the e-mail address when there is no
 * name. */
static char *
full_name (JsonObject *o)
{
  g_autoptr(GString) s = g_string_new (NULL);
  static const SwcField parts[] = { SWC_FIELD_FIRST_NAME, SWC_FIELD_INFIX, SWC_FIELD_LAST_NAME };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *v = swc_field_string (o, parts[i]);
      if (v && *v)
        g_string_append_printf (s, "%s%s", s->len ? " " : "", v);
    }
  if (s->len == 0)
    g_string_append (s,
                     json_object_get_string_member_with_default (o, swc_field_key (SWC_FIELD_EMAIL),
                                                                 "?"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static GPtrArray *
people_of (SwcUsersPage *self)
{
  GPtrArray *people = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contacts =
      swc_catalogue_contact_persons (swc_session_get_store (self->session), self->organisation);

  for (guint i = 0; i < contacts->len; i++)
    g_ptr_array_add (people, g_strdup (((SwcContact *) g_ptr_array_index (contacts, i))->uuid));
  return people;
}

/* ---- accounts: enable, disable ---- */

static gboolean
queue_enabled (SwcUsersPage *self, const char *contact, gboolean enabled, GArray *ids,
               GError **error)
{
  SwcStore *store = swc_session_get_store (self->session);
  g_autoptr(JsonObject) o = swc_store_object (store, contact);
  g_autofree char *name = o ? full_name (o) : g_strdup (contact);
  g_autofree char *app = swc_session_dup_app_path (self->session);
  gint64 id = swc_users_queue_enabled (swc_session_get_queue (self->session), app, contact, name,
                                       enabled, SWC_UNDO_MS, error);

  if (id == 0)
    return FALSE;
  g_array_append_val (ids, id);
  return TRUE;
}

/* A person's account switch: whose it is. */
typedef struct
{
  SwcUsersPage *page; /* borrowed: the switch is in it */
  char *contact;
  char *name;
} Account;

static void
account_free (gpointer data, GClosure *closure)
{
  Account *a = data;

  g_free (a->contact);
  g_free (a->name);
  g_free (a);
}

static gboolean
switch_state_cb (GtkSwitch *sw, gboolean state, gpointer data)
{
  Account *a = data;
  SwcUsersPage *self = a->page;
  const char *contact = a->contact;
  const char *name = a->name;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->filling || swc_session_get_queue (self->session) == NULL)
    {
      g_array_unref (ids);
      return FALSE;
    }
  if (!queue_enabled (self, contact, state, ids, &error))
    {
      g_array_unref (ids);
      swc_context_toast (self->context, error->message);
      return TRUE; /* refused: the switch stays as it was */
    }
  text = state ? g_strdup_printf (_("The account of %s is enabled"), name)
               : g_strdup_printf (_("The account of %s is disabled"), name);
  swc_undo_toast (self->context, text, ids);
  return FALSE;
}

/* Bulk: every account of the organisation that is not yet so. */
static void
set_all (SwcUsersPage *self, gboolean enabled)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  SwcUserInfo *info;

  if (self->accounts == NULL || swc_session_get_queue (self->session) == NULL)
    {
      g_array_unref (ids);
      return;
    }
  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &info))
    if (info->has_user && info->disabled == enabled &&
        !queue_enabled (self, info->contact, enabled, ids, &error))
      break;
  if (error != NULL)
    {
      for (guint i = ids->len; i > 0; i--)
        swc_queue_cancel (swc_session_get_queue (self->session), g_array_index (ids, gint64, i - 1),
                          NULL);
      g_array_unref (ids);
      swc_context_toast (self->context, error->message);
      return;
    }
  text = enabled
             ? g_strdup_printf (ngettext ("%u account enabled", "%u accounts enabled", ids->len),
                                ids->len)
             : g_strdup_printf (ngettext ("%u account disabled", "%u accounts disabled", ids->len),
                                ids->len);
  swc_undo_toast (self->context, text, ids);
}

static void
enable_all_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  set_all (SWC_USERS_PAGE (widget), TRUE);
}

static void
disable_all_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  set_all (SWC_USERS_PAGE (widget), FALSE);
}

/* ---- showing the people ---- */

static GtkWidget *
account_widget (SwcUsersPage *self, const char *uuid, const char *name)
{
  SwcUserInfo *info = self->accounts ? g_hash_table_lookup (self->accounts, uuid) : NULL;
  g_autofree char *label = NULL;
  GtkWidget *sw;
  Account *a;

  if (info == NULL || !info->has_user)
    {
      GtkWidget *l = gtk_label_new (info ? _("No account") : "");
      gtk_widget_add_css_class (l, "dim-label");
      return l;
    }
  sw = gtk_switch_new ();
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (sw), !info->disabled);
  label = g_strdup_printf (_("Account of %s enabled"), name);
  gtk_widget_set_tooltip_text (sw, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  a = g_new0 (Account, 1);
  a->page = self;
  a->contact = g_strdup (uuid);
  a->name = g_strdup (name);
  g_signal_connect_data (sw, "state-set", G_CALLBACK (switch_state_cb), a, account_free, 0);
  return sw;
}

static void
uuid_free (gpointer data, GClosure *closure)
{
  g_free (data);
}

/* data: the person's uuid */
static GdkContentProvider *
person_drag_prepare_cb (GtkDragSource *source, double x, double y, gpointer data)
{
  return gdk_content_provider_new_typed (G_TYPE_STRING, (const char *) data);
}

/* The row's menu: set a password for an account, or make an account for a person without one. */
static GtkWidget *
actions_button (SwcUsersPage *self, const char *uuid, const char *name)
{
  SwcUserInfo *info = self->accounts ? g_hash_table_lookup (self->accounts, uuid) : NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *label = g_strdup_printf (_("More for %s"), name);
  GtkWidget *button = gtk_menu_button_new ();
  g_autoptr(GMenuItem) item = NULL;

  if (info != NULL && info->has_user)
    item = g_menu_item_new (_("Set _Password…"), NULL);
  else
    item = g_menu_item_new (_("_Make a User"), NULL);
  g_menu_item_set_action_and_target_value (item,
                                           info != NULL && info->has_user ? "users.set-password"
                                                                          : "users.make-user",
                                           g_variant_new_string (uuid));
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("Change _Roles…"), NULL);
  g_menu_item_set_action_and_target_value (item, "users.change-roles", g_variant_new_string (uuid));
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("Give _Access at Another Organisation…"), NULL);
  g_menu_item_set_action_and_target_value (item, "users.give-access", g_variant_new_string (uuid));
  g_menu_append_item (menu, item);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_sensitive (button, info != NULL);
  return button;
}

static GtkWidget *
person_row (SwcUsersPage *self, const char *uuid)
{
  g_autoptr(JsonObject) o = swc_store_object (swc_session_get_store (self->session), uuid);
  g_autofree char *name = o ? full_name (o) : g_strdup (uuid);
  g_auto(GStrv) role_list = swc_json_strings (o, swc_field_key (SWC_FIELD_ROLES));
  g_autofree char *roles = g_strjoinv (", ", role_list);
  const char *email =
      o ? json_object_get_string_member_with_default (o, swc_field_key (SWC_FIELD_EMAIL), "") : "";
  g_autofree char *sub = g_strdup_printf ("%s%s%s", email, *email && *roles ? " · " : "", roles);
  GtkWidget *row = adw_action_row_new ();
  GtkDragSource *drag =
      gtk_drag_source_new (); /* drop the person on an organisation: access there too */

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect_data (drag, "prepare", G_CALLBACK (person_drag_prepare_cb), g_strdup (uuid),
                         uuid_free, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), account_widget (self, uuid, name));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), actions_button (self, uuid, name));
  return row;
}

/* What the rows show, in one string: the rows are built again only when it changes, so a refresh
 * does not close a menu someone has open or move the focus. */
static char *
people_signature (SwcUsersPage *self, GPtrArray *people)
{
  GString *s = g_string_new (self->organisation);

  for (guint i = 0; i < people->len; i++)
    {
      const char *uuid = g_ptr_array_index (people, i);
      g_autofree char *json = swc_store_object_json (swc_session_get_store (self->session), uuid);
      SwcUserInfo *info = self->accounts ? g_hash_table_lookup (self->accounts, uuid) : NULL;
      g_string_append_printf (s, "\n%s %s %d %d %d", uuid, json ? json : "", self->accounts != NULL,
                              info && info->has_user, info && info->disabled);
    }
  return g_string_free (s, FALSE);
}

static void
show_people (SwcUsersPage *self)
{
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(JsonObject) org = NULL;
  g_autofree char *count = NULL;
  g_autofree char *signature = NULL;

  if (self->organisation == NULL)
    {
      swc_list_box_clear (self->list);
      g_clear_pointer (&self->shown, g_free);
      g_clear_pointer (&self->people, g_ptr_array_unref);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  org = swc_store_object (swc_session_get_store (self->session), self->organisation);
  gtk_label_set_label (self->title, org && swc_field_string (org, SWC_FIELD_NAME)
                                        ? swc_field_string (org, SWC_FIELD_NAME)
                                        : "");
  people = people_of (self);
  signature = people_signature (self, people);
  if (g_strcmp0 (signature, self->shown) != 0)
    {
      /* the focus stays on the person (and switch) it was on: the next Tab+Enter acts on them */
      SwcFocusMark *focus = swc_list_box_focus_save (self->list, self->people);
      swc_list_box_clear (self->list);
      self->filling = TRUE;
      for (guint i = 0; i < people->len; i++)
        gtk_list_box_append (self->list, person_row (self, g_ptr_array_index (people, i)));
      self->filling = FALSE;
      swc_list_box_focus_restore (self->list, focus, people);
      g_free (self->shown);
      self->shown = g_steal_pointer (&signature);
      g_clear_pointer (&self->people, g_ptr_array_unref);
      self->people = g_ptr_array_ref (people);
    }
  count = g_strdup_printf (ngettext ("%u contact person", "%u contact persons", people->len),
                           people->len);
  adw_preferences_group_set_description (self->group, count);
  gtk_label_set_label (self->status, self->accounts_error ? self->accounts_error
                                     : self->accounts == NULL
                                         ? _("Reading the accounts from the server…")
                                         : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status),
                          self->accounts_error != NULL || self->accounts == NULL);
  gtk_stack_set_visible_child_name (self->stack, "people");
}

static void
accounts_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SwcUsersPage *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;
  GHashTable *accounts = swc_users_fetch_finish (result, &notice, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->fetching);
  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_pointer (&self->accounts_error, g_free);
  self->accounts = accounts;
  if (error != NULL)
    self->accounts_error =
        g_strdup_printf (_("The accounts could not be read: %s"), error->message);
  else
    self->accounts_error = g_steal_pointer (&notice); /* read another way: said, and shown */
  show_people (self);
  g_object_unref (self);
}

static void
fetch_accounts (SwcUsersPage *self)
{
  g_autofree char *app = swc_session_dup_app_path (self->session);

  if (self->fetching)
    g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  if (self->organisation == NULL)
    return;
  if (app == NULL)
    {
      g_free (self->accounts_error);
      self->accounts_error =
          g_strdup (_("This server has no softwarecatalog app: accounts cannot be managed here."));
      return;
    }
  self->fetching = g_cancellable_new ();
  swc_users_fetch_async (swc_session_get_client (self->session),
                         swc_session_get_store (self->session), app, self->organisation,
                         self->fetching, accounts_cb, g_object_ref (self));
}

static gboolean
refresh_cb (gpointer data)
{
  SwcUsersPage *self = data;

  self->refresh_id = 0;
  show_people (self);
  if (self->accounts_stale)
    fetch_accounts (self);
  self->accounts_stale = FALSE;
  return G_SOURCE_REMOVE;
}

/* Changes to people (a sync, an edit): shown again once things settle. The accounts are read from
 * the server again only after the queue changed something (an account action may have been sent),
 * not per sync page. */
static void
store_changed_cb (SwcStore *store, const char *schema, gpointer data)
{
  SwcUsersPage *self = data;

  if (schema != NULL && !g_str_equal (schema, swc_kind_slug (SWC_KIND_CONTACT_PERSON)))
    return;
  if (self->refresh_id == 0 && self->organisation != NULL &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
}

/* Something in the queue was sent, refused or cancelled (an account action among them): the
 * accounts are read from the server again. */
static void
queue_changed_cb (SwcSession *session, gint64 id, gpointer data)
{
  SwcUsersPage *self = data;

  self->accounts_stale = TRUE;
  store_changed_cb (NULL, NULL, self);
}

static void
organisation_selected_cb (SwcOrgList *list, const char *uuid, gpointer data)
{
  SwcUsersPage *self = data;

  g_free (self->organisation);
  self->organisation = g_strdup (uuid);
  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_pointer (&self->accounts_error, g_free);
  fetch_accounts (self);
  show_people (self);
}

/* ---- an account's password, a person's account ---- */

static void
make_user_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcUsersPage *self = SWC_USERS_PAGE (widget);
  const char *contact = g_variant_get_string (param, NULL);
  g_autoptr(JsonObject) o = swc_store_object (swc_session_get_store (self->session), contact);
  g_autofree char *name = o ? full_name (o) : g_strdup (contact);
  g_autofree char *app = swc_session_dup_app_path (self->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GArray *ids;
  gint64 id;

  if (swc_session_get_queue (self->session) == NULL)
    return;
  id = swc_users_queue_convert (swc_session_get_queue (self->session), app, contact, name,
                                SWC_UNDO_MS, &error);
  if (id == 0)
    {
      swc_context_toast (self->context, error->message);
      return;
    }
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  text = g_strdup_printf (_("%s becomes a user"), name);
  swc_undo_toast (self->context, text, ids);
}

typedef struct
{
  SwcUsersPage *page;
  char *name;
  char *username;
  GtkEditable *password;
} Password;

static void
password_free (Password *p)
{
  g_object_unref (p->page);
  g_free (p->name);
  g_free (p->username);
  g_free (p);
}

static void
password_set_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Password *p = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (swc_users_set_password_finish (SWC_CLIENT (source), result, &error))
    text = g_strdup_printf (_("The password of %s is set"), p->name);
  else
    text = g_strdup_printf (_("The password of %s is not set: %s"), p->name, error->message);
  swc_context_toast (p->page->context, text);
  password_free (p);
}

static void
password_response_cb (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  Password *p = data;
  g_autofree char *app = NULL;

  if (!g_str_equal (response, "set"))
    {
      password_free (p);
      return;
    }
  app = swc_session_dup_app_path (p->page->session);
  swc_users_set_password_async (swc_session_get_client (p->page->session), app, p->username,
                                gtk_editable_get_text (p->password), NULL, password_set_cb, p);
}

static void
password_changed_cb (GtkEditable *entry, gpointer data)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (data), "set",
                                           g_utf8_strlen (gtk_editable_get_text (entry), -1) >= 10);
}

static void
set_password_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcUsersPage *self = SWC_USERS_PAGE (widget);
  const char *contact = g_variant_get_string (param, NULL);
  SwcUserInfo *info = self->accounts ? g_hash_table_lookup (self->accounts, contact) : NULL;
  g_autoptr(JsonObject) o = swc_store_object (swc_session_get_store (self->session), contact);
  GtkWidget *dialog, *entry;
  Password *p;

  if (info == NULL || info->username == NULL)
    return;
  p = g_new0 (Password, 1);
  p->page = g_object_ref (self);
  p->name = o ? full_name (o) : g_strdup (info->username);
  p->username = g_strdup (info->username);
  dialog =
      adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Set Password"), NULL);
  adw_message_dialog_format_body (
      ADW_MESSAGE_DIALOG (dialog),
      _("A new password for %s (user name %s), at least 10 characters. Tell it to them in "
         "a safe way; it is not kept here."),
      p->name, p->username);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New password"), -1);
  p->password = GTK_EDITABLE (entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "set",
                                    _("_Set"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "set", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "set");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_password_entry_set_extra_menu (GTK_PASSWORD_ENTRY (entry), NULL);
  g_object_set (entry, "activates-default", TRUE, NULL);
  g_signal_connect (entry, "changed", G_CALLBACK (password_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (password_response_cb), p);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- roles: on the contact person, and the account's groups where the app can set them ---- */

typedef struct
{
  SwcUsersPage *page;
  char *contact;
  GStrv roles;       /* the schema's roles */
  GPtrArray *checks; /* GtkCheckButton per role, in the same order */
} Roles;

static void
roles_free (Roles *r)
{
  g_object_unref (r->page);
  g_free (r->contact);
  g_strfreev (r->roles);
  g_ptr_array_unref (r->checks);
  g_free (r);
}

/* The new roles on the contact person, then (in order) the account's groups: one Undo for both. */
static gboolean
queue_roles (SwcUsersPage *self, const char *contact, GPtrArray *roles, GError **error)
{
  SwcQueue *queue = swc_session_get_queue (self->session);
  SwcUserInfo *info = self->accounts ? g_hash_table_lookup (self->accounts, contact) : NULL;
  g_autoptr(JsonObject) person = swc_store_object (swc_session_get_store (self->session), contact);
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  g_autofree char *name = person ? full_name (person) : g_strdup (contact);
  g_autofree char *label = g_strdup_printf (_("Change the roles of %s"), name);
  g_autofree char *text = NULL;
  JsonArray *list = json_array_new ();
  GArray *ids;
  gint64 id;

  for (guint i = 0; i < roles->len; i++)
    {
      json_array_add_string_element (list, g_ptr_array_index (roles, i));
      if (swc_users_role_group (g_ptr_array_index (roles, i)))
        g_ptr_array_add (groups, (gpointer) swc_users_role_group (g_ptr_array_index (roles, i)));
    }
  g_ptr_array_add (groups, NULL);
  json_object_set_array_member (change, swc_field_key (SWC_FIELD_ROLES), list);
  if (queue == NULL ||
      (id = swc_queue_patch (queue, contact, change, SWC_UNDO_MS, label, error)) == 0)
    return FALSE;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  if (info != NULL && info->has_user && info->username != NULL)
    {
      g_autofree char *app = swc_session_dup_app_path (self->session);
      if ((id = swc_users_queue_groups (queue, app, contact, info->username,
                                        (const char *const *) groups->pdata, name, SWC_UNDO_MS,
                                        error)) == 0)
        {
          swc_queue_cancel (queue, g_array_index (ids, gint64, 0), NULL);
          g_array_unref (ids);
          return FALSE;
        }
      g_array_append_val (ids, id);
    }
  text = g_strdup_printf (_("The roles of %s are changed"), name);
  swc_undo_toast (self->context, text, ids);
  return TRUE;
}

static void
roles_response_cb (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  Roles *r = data;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "change"))
    {
      for (guint i = 0; i < r->checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (r->checks, i)))
          g_ptr_array_add (chosen, r->roles[i]);
      if (!queue_roles (r->page, r->contact, chosen, &error))
        swc_context_toast (r->page->context, error->message);
    }
  roles_free (r);
}

/* A check per role of the schema; the ones the app cannot give an account say so. */
static void
change_roles_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcUsersPage *self = SWC_USERS_PAGE (widget);
  SwcSchema *schema = swc_schema_set_lookup (swc_session_get_schemas (self->session),
                                             swc_kind_slug (SWC_KIND_CONTACT_PERSON));
  g_auto(GStrv) roles = swc_schema_enum (schema, swc_field_key (SWC_FIELD_ROLES));
  Roles *r = g_new0 (Roles, 1);
  g_autoptr(JsonObject) person = NULL;
  g_auto(GStrv) current = NULL;
  g_autofree char *name = NULL;
  GtkWidget *dialog, *box;

  r->page = g_object_ref (self);
  r->contact = g_variant_dup_string (param, NULL);
  r->checks = g_ptr_array_new ();
  person = swc_store_object (swc_session_get_store (self->session), r->contact);
  name = person ? full_name (person) : g_strdup (r->contact);
  current = swc_json_strings (person, swc_field_key (SWC_FIELD_ROLES));
  dialog =
      adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Change Roles"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The roles of %s at this organisation."), name);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  for (guint i = 0; roles[i]; i++)
    {
      g_autofree char *label =
          swc_users_role_group (roles[i])
              ? g_strdup (roles[i])
              : g_strdup_printf (
                    _("%s (on the contact person only; the account's group is set in Nextcloud)"),
                    roles[i]);
      GtkWidget *check = gtk_check_button_new_with_label (label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strv_contains ((const char *const *) current, roles[i]));
      g_ptr_array_add (r->checks, check);
      gtk_box_append (GTK_BOX (box), check);
    }
  r->roles = g_steal_pointer (&roles);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "change",
                                    _("C_hange"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "change");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (roles_response_cb), r);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- access at another organisation: the same person as a contact person there ---- */

static void
give_access (SwcUsersPage *self, const char *organisation, const char *contact)
{
  static const SwcField copied_fields[] = { SWC_FIELD_FIRST_NAME, SWC_FIELD_INFIX,
                                            SWC_FIELD_LAST_NAME,  SWC_FIELD_EMAIL,
                                            SWC_FIELD_JOB_TITLE,  SWC_FIELD_PHONE,
                                            SWC_FIELD_ROLES };
  g_auto(GStrv) copied = swc_field_keys (copied_fields, G_N_ELEMENTS (copied_fields));
  SwcStore *store = swc_session_get_store (self->session);
  SwcKind kind = swc_object_kind (store, contact);
  g_autoptr(JsonObject) person = swc_store_object (store, contact);
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autofree char *org_name = swc_store_object_name (store, organisation);
  g_autofree char *name = NULL, *label = NULL, *text = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids;
  gint64 id;

  if (person == NULL || kind != SWC_KIND_CONTACT_PERSON ||
      swc_session_get_queue (self->session) == NULL)
    return;
  name = full_name (person);
  if (g_strcmp0 (swc_field_string (person, SWC_FIELD_ORGANISATION), organisation) == 0)
    {
      text = g_strdup_printf (_("%s is a contact person of %s already"), name, org_name);
      swc_context_toast (self->context, text);
      return;
    }
  for (guint i = 0; copied[i]; i++)
    if (json_object_has_member (person, copied[i]))
      json_object_set_member (copy, copied[i],
                              json_node_copy (json_object_get_member (person, copied[i])));
  json_object_set_string_member (copy, swc_field_key (SWC_FIELD_ORGANISATION), organisation);
  /* the server links the existing account (the same e-mail address) to the new contact person */
  label = g_strdup_printf (_("Give %s access at %s"), name, org_name);
  if ((id = swc_queue_create (swc_session_get_queue (self->session),
                              swc_kind_slug (SWC_KIND_CONTACT_PERSON), copy, SWC_UNDO_MS, label,
                              &error)) == 0)
    {
      swc_context_toast (self->context, error->message);
      return;
    }
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  text = g_strdup_printf (_("%s has access at %s too"), name, org_name);
  swc_undo_toast (self->context, text, ids);
}

static void
dropped_cb (SwcOrgList *list, const char *organisation, const char *contact, gpointer data)
{
  give_access (data, organisation, contact);
}

/* Whose access the chooser gives, as long as its list lives. */
typedef struct
{
  SwcUsersPage *page;
  char *contact;
} Access;

static void
access_free (gpointer data, GClosure *closure)
{
  Access *a = data;

  g_object_unref (a->page);
  g_free (a->contact);
  g_free (a);
}

static void
access_chosen_cb (SwcOrgList *list, const char *organisation, gpointer data)
{
  Access *a = data;

  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_WINDOW);

  give_access (a->page, organisation, a->contact);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The keyboard equal of dragging a person onto an organisation: pick it in a list, Enter. */
static void
give_access_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcUsersPage *self = SWC_USERS_PAGE (widget);
  Access *a = g_new0 (Access, 1);
  GtkWidget *window;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *list =
      swc_org_list_new (swc_session_get_store (self->session), _("Give Access At"), NULL);
  GtkEventController *c = gtk_shortcut_controller_new ();

  a->page = g_object_ref (self);
  a->contact = g_variant_dup_string (param, NULL);
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Give Access at Another Organisation"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 560);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (list, TRUE);
  gtk_box_append (GTK_BOX (box), list);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_signal_connect_data (list, "organisation-activated", G_CALLBACK (access_chosen_cb), a,
                         access_free, 0);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (c),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                              "Escape"),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, c);
  swc_org_list_focus_search (SWC_ORG_LIST (list));
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- adding a person ---- */

typedef struct
{
  SwcUsersPage *page;
  SwcSchemaForm *form;
  AdwComboRow *role;
  GStrv roles;
} Adding;

static void
adding_free (gpointer data)
{
  Adding *a = data;

  g_object_unref (a->page);
  g_strfreev (a->roles);
  g_free (a);
}

/* The new contact person, and the chosen role's group once the server has made them a user. */
static gboolean
add_person (gpointer data, GError **error)
{
  Adding *a = data;
  SwcUsersPage *self = a->page;
  SwcQueue *queue = swc_session_get_queue (self->session);
  g_autoptr(JsonObject) person = swc_schema_form_get_changes (a->form);
  g_autoptr(JsonObject) org =
      swc_store_object (swc_session_get_store (self->session), self->organisation);
  guint selected = adw_combo_row_get_selected (a->role);
  const char *role = selected < g_strv_length (a->roles) ? a->roles[selected] : NULL;
  const char *group = swc_users_role_group (role);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = NULL, *label = NULL, *text = NULL;
  GArray *ids;
  JsonArray *roles = json_array_new ();
  const char *email;
  gint64 id;

  if (queue == NULL)
    {
      json_array_unref (roles);
      return TRUE;
    }
  if (role != NULL)
    json_array_add_string_element (roles, role);
  json_object_set_string_member (person, "id", uuid);
  json_object_set_string_member (person, swc_field_key (SWC_FIELD_ORGANISATION),
                                 self->organisation);
  json_object_set_array_member (person, swc_field_key (SWC_FIELD_ROLES), roles);
  name = full_name (person);
  email = json_object_get_string_member_with_default (person, swc_field_key (SWC_FIELD_EMAIL), "");
  label = g_strdup_printf (_("Add %s to %s"), name,
                           org && swc_field_string (org, SWC_FIELD_NAME)
                               ? swc_field_string (org, SWC_FIELD_NAME)
                               : "");
  if ((id = swc_queue_create (queue, swc_kind_slug (SWC_KIND_CONTACT_PERSON), person, SWC_UNDO_MS,
                              label, error)) == 0)
    return FALSE;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  /* the server makes the new contact person a user (name: the e-mail address) in the group of the
   * organisation's type; the chosen role's group is set after that, in the same order */
  if (group != NULL)
    {
      g_autofree char *app = swc_session_dup_app_path (self->session);
      const char *groups[] = { group, NULL };
      if ((id = swc_users_queue_groups (queue, app, uuid, email, groups, name, SWC_UNDO_MS,
                                        error)) == 0)
        {
          swc_queue_cancel (queue, g_array_index (ids, gint64, 0), NULL);
          g_array_unref (ids);
          return FALSE;
        }
      g_array_append_val (ids, id);
    }
  text = g_strdup_printf (_("%s added"), name);
  swc_undo_toast (self->context, text, ids);
  return TRUE;
}

static void
add_person_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcUsersPage *self = SWC_USERS_PAGE (widget);
  SwcSchema *schema = swc_schema_set_lookup (swc_session_get_schemas (self->session),
                                             swc_kind_slug (SWC_KIND_CONTACT_PERSON));
  g_auto(GStrv) person_keys = swc_field_keys (person_fields, G_N_ELEMENTS (person_fields));
  g_autoptr(JsonObject) org = NULL;
  const char *preset;
  GtkWidget *page, *extra, *window;
  GtkStringList *roles;
  Adding *a;

  if (self->organisation == NULL || schema == NULL)
    return;
  org = swc_store_object (swc_session_get_store (self->session), self->organisation);
  preset = swc_org_type_offers (swc_org_type (org)) ? "Aanbod-beheerder" : "Gebruik-beheerder";
  a = g_new0 (Adding, 1);
  a->page = g_object_ref (self);
  a->form = swc_schema_form_new (schema, (const char *const *) person_keys, NULL);
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (a->form),
      _("The person becomes a user of the organisation with the role below; the user name is"
         " the e-mail address."));
  page = adw_preferences_page_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (a->form));
  a->roles = swc_schema_enum (schema, swc_field_key (SWC_FIELD_ROLES));
  roles = gtk_string_list_new ((const char *const *) a->roles);
  a->role = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (a->role), _("Role"));
  adw_combo_row_set_model (a->role, G_LIST_MODEL (roles));
  g_object_unref (roles);
  for (guint i = 0; a->roles[i]; i++)
    if (g_str_equal (a->roles[i], preset))
      adw_combo_row_set_selected (a->role, i);
  extra = adw_preferences_group_new ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (extra), GTK_WIDGET (a->role));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (extra));
  window = swc_form_window_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Add Person"),
                                _("_Add"), page, a->form, add_person, a, adding_free);
  gtk_window_present (GTK_WINDOW (window));
}

/* The page shown (Ctrl+4) or Tab into it: the focus on the selected organisation. */
static gboolean
swc_users_page_grab_focus (GtkWidget *widget)
{
  swc_org_list_focus_selected (SWC_ORG_LIST (SWC_USERS_PAGE (widget)->organisations));
  return TRUE;
}

static gboolean
swc_users_page_focus (GtkWidget *widget, GtkDirectionType direction)
{
  if (gtk_widget_get_focus_child (widget) == NULL && direction == GTK_DIR_TAB_FORWARD)
    return swc_users_page_grab_focus (widget);
  return GTK_WIDGET_CLASS (swc_users_page_parent_class)->focus (widget, direction);
}

/* Shown: the accounts are read when the page is first seen (not when it is built, behind another
 * step). */
static void
swc_users_page_map (GtkWidget *widget)
{
  SwcUsersPage *self = SWC_USERS_PAGE (widget);

  GTK_WIDGET_CLASS (swc_users_page_parent_class)->map (widget);
  if (self->organisation != NULL && self->accounts == NULL && self->accounts_error == NULL &&
      self->fetching == NULL)
    fetch_accounts (self);
}

static void
swc_users_page_constructed (GObject *object)
{
  SwcUsersPage *self = SWC_USERS_PAGE (object);
  SwcStore *store;
  GtkWidget *orgs;

  G_OBJECT_CLASS (swc_users_page_parent_class)->constructed (object);
  self->session = g_object_ref (swc_context_get_session (self->context));
  store = swc_session_get_store (self->session);
  orgs = swc_org_list_new (store, _("Organisations"), NULL);
  self->organisations = orgs;
  swc_org_list_set_accept_drops (SWC_ORG_LIST (orgs), TRUE);
  g_signal_connect (orgs, "dropped", G_CALLBACK (dropped_cb), self);
  gtk_widget_set_size_request (orgs, 320, -1);
  g_signal_connect (orgs, "organisation-selected", G_CALLBACK (organisation_selected_cb), self);
  gtk_box_prepend (GTK_BOX (self), orgs);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  g_signal_connect_object (self->session, "queue-changed", G_CALLBACK (queue_changed_cb), self, 0);
  self->organisation = g_strdup (swc_org_list_get_selected (SWC_ORG_LIST (orgs)));
  show_people (self);
}

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
swc_users_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcUsersPage *self = SWC_USERS_PAGE (object);

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
swc_users_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SwcUsersPage *self = SWC_USERS_PAGE (object);

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
swc_users_page_dispose (GObject *object)
{
  SwcUsersPage *self = SWC_USERS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->fetching)
    g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  g_clear_object (&self->session);
  g_clear_object (&self->context);
  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_pointer (&self->accounts_error, g_free);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_USERS_PAGE);
  G_OBJECT_CLASS (swc_users_page_parent_class)->dispose (object);
}

static void
swc_users_page_class_init (SwcUsersPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_users_page_dispose;
  G_OBJECT_CLASS (klass)->constructed = swc_users_page_constructed;
  G_OBJECT_CLASS (klass)->get_property = swc_users_page_get_property;
  G_OBJECT_CLASS (klass)->set_property = swc_users_page_set_property;
  properties[PROP_CONTEXT] = swc_context_param_spec ();
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcUsersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SwcUsersPage, title);
  gtk_widget_class_bind_template_child (widget_class, SwcUsersPage, group);
  gtk_widget_class_bind_template_child (widget_class, SwcUsersPage, list);
  gtk_widget_class_bind_template_child (widget_class, SwcUsersPage, status);
  widget_class->map = swc_users_page_map;
  widget_class->grab_focus = swc_users_page_grab_focus;
  widget_class->focus = swc_users_page_focus;
  gtk_widget_class_install_action (widget_class, "users.add-person", NULL, add_person_activated);
  gtk_widget_class_install_action (widget_class, "users.enable-all", NULL, enable_all_activated);
  gtk_widget_class_install_action (widget_class, "users.set-password", "s", set_password_activated);
  gtk_widget_class_install_action (widget_class, "users.make-user", "s", make_user_activated);
  gtk_widget_class_install_action (widget_class, "users.change-roles", "s", change_roles_activated);
  gtk_widget_class_install_action (widget_class, "users.give-access", "s", give_access_activated);
  gtk_widget_class_install_action (widget_class, "users.disable-all", NULL, disable_all_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "users.add-person", NULL);
}

static void
swc_users_page_init (SwcUsersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
swc_users_page_new (SwcContext *context)
{
  g_return_val_if_fail (SWC_IS_CONTEXT (context), NULL);

  return g_object_new (SWC_TYPE_USERS_PAGE, "orientation", GTK_ORIENTATION_HORIZONTAL, "context",
                       context, NULL);
}

/* A jump from the global search: this organisation, selected. */
void
swc_users_page_show (SwcUsersPage *self, const char *uuid)
{
  g_autofree char *name = swc_store_object_name (swc_session_get_store (self->session), uuid);

  swc_org_list_show (SWC_ORG_LIST (self->organisations), uuid, name ? name : "");
}
