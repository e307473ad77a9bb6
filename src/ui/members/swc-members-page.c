/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 1.3: a collaboration's members. Left the collaborations, in the middle the selected one's
 * members, right all organisations to drag onto it (or pick with Enter). Remove asks first, naming
 * what the removal affects, then waits behind an Undo toast; both sides of the membership change
 * together. */
#define G_LOG_DOMAIN "swc-members-page"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-catalogue.h"
#include "swc-members-page.h"
#include "swc-membership.h"
#include "swc-org-list.h"
#include "swc-pane.h"
#include "swc-undo.h"

struct _SwcMembersPage
{
  GtkBox parent_instance;

  SwcSession *session;       /* owned */
  SwcContext *context;       /* owned: construct-only */
  char *collaboration;       /* nullable: the selected one */
  GtkWidget *collaborations; /* SwcOrgList */
  GtkWidget *all;            /* SwcOrgList */
  guint refresh_id;
  char *shown;        /* the collaboration and members the rows show */
  GPtrArray *members; /* uuids: the member of each row, in the rows' order */

  /* from the template */
  GtkStack *stack; /* "none" or "members" */
  AdwPreferencesGroup *group;
  GtkLabel *title;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (SwcMembersPage, swc_members_page, GTK_TYPE_BOX)

static char *
name_of (SwcMembersPage *self, const char *uuid)
{
  char *name = swc_store_object_name (swc_session_get_store (self->session), uuid);

  return name ? name : g_strdup (_("(unknown organisation)"));
}

/* ---- changing the membership ---- */

static void
change (SwcMembersPage *self, const char *member, gboolean member_of)
{
  SwcQueue *queue = swc_session_get_queue (self->session);
  g_autofree char *member_name = name_of (self, member);
  g_autofree char *collab_name = name_of (self, self->collaboration);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GArray *ids;

  if (queue == NULL || self->collaboration == NULL || g_str_equal (member, self->collaboration))
    return;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!swc_membership_set (queue, swc_session_get_store (self->session),
                           swc_session_get_schemas (self->session), self->collaboration, member,
                           member_of, SWC_UNDO_MS, ids, &error))
    {
      for (guint i = ids->len; i > 0; i--)
        swc_queue_cancel (queue, g_array_index (ids, gint64, i - 1), NULL);
      g_array_unref (ids);
      swc_context_toast (self->context, error->message);
      return;
    }
  if (ids->len == 0)
    {
      g_array_unref (ids);
      return; /* already so on both sides */
    }
  text = member_of ? g_strdup_printf (_("%s added to %s"), member_name, collab_name)
                   : g_strdup_printf (_("%s removed from %s"), member_name, collab_name);
  swc_undo_toast (self->context, text, ids);
}

typedef struct
{
  SwcMembersPage *page;
  char *member;
} Removal;

static void
removal_response_cb (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  Removal *r = data;

  if (g_str_equal (response, "remove"))
    change (r->page, r->member, FALSE);
  g_object_unref (r->page);
  g_free (r->member);
  g_free (r);
}

/* Before removing: what it affects, in words. */
static void
ask_removal (SwcMembersPage *self, const char *member)
{
  g_autofree char *member_name = name_of (self, member);
  g_autofree char *collab_name = name_of (self, self->collaboration);
  guint usages =
      (guint) swc_membership_usages (swc_session_get_store (self->session), self->collaboration);
  g_autofree char *usage_line =
      g_strdup_printf (ngettext ("%u registration of usage goes through this collaboration.",
                                 "%u registrations of usage go through this collaboration.",
                                 usages),
                       usages);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Remove Member?"), NULL);
  Removal *r = g_new0 (Removal, 1);

  /* the names go in the body, which wraps: a heading is short (newer libadwaita will not squeeze
   * it) */
  adw_message_dialog_format_body (
      ADW_MESSAGE_DIALOG (dialog), _("%s is then no longer a member of %s. %s"), member_name,
      collab_name,
      usages > 0 ? usage_line : _("No registrations of usage go through this collaboration."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove",
                                    _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Enter and Escape are the safe choice; removing takes a deliberate press */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  r->page = g_object_ref (self);
  r->member = g_strdup (member);
  g_signal_connect (dialog, "response", G_CALLBACK (removal_response_cb), r);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The member a widget of the list belongs to (its row's); NULL outside a member's row. */
static const char *
member_of_widget (SwcMembersPage *self, GtkWidget *widget)
{
  GtkWidget *row = widget ? gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW) : NULL;
  int index;

  if (row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (self->list) ||
      self->members == NULL)
    return NULL;
  index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  return index >= 0 && (guint) index < self->members->len ? g_ptr_array_index (self->members, index)
                                                          : NULL;
}

static void
remove_clicked_cb (GtkButton *button, gpointer data)
{
  const char *member = member_of_widget (data, GTK_WIDGET (button));

  if (member != NULL)
    ask_removal (data, member);
}

/* Delete on a member's row: the keyboard equal of its remove button. */
static gboolean
list_key_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
             gpointer data)
{
  SwcMembersPage *self = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  const char *member = member_of_widget (self, focus);

  if (keyval != GDK_KEY_Delete || member == NULL)
    return FALSE;
  ask_removal (self, member);
  return TRUE;
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, gpointer data)
{
  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  change (data, g_value_get_string (value), TRUE);
  return TRUE;
}

static void
organisation_activated_cb (SwcOrgList *list, const char *uuid, gpointer data)
{
  change (data, uuid, TRUE);
}

/* ---- showing the members ---- */

static GtkWidget *
member_row (SwcMembersPage *self, const char *uuid)
{
  g_autofree char *json = swc_store_object_json (swc_session_get_store (self->session), uuid);
  g_autoptr(JsonParser) p = json_parser_new ();
  JsonObject *o = json && json_parser_load_from_data (p, json, -1, NULL) &&
                          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (p))
                      ? json_node_get_object (json_parser_get_root (p))
                      : NULL;
  g_autofree char *name = name_of (self, uuid);
  g_autofree char *label = g_strdup_printf (_("Remove %s"), name);
  const char *type =
      swc_field_string (o, SWC_FIELD_TYPE) ? swc_field_string (o, SWC_FIELD_TYPE) : "";
  const char *status =
      swc_field_string (o, SWC_FIELD_STATUS) ? swc_field_string (o, SWC_FIELD_STATUS) : "";
  g_autofree char *sub = g_strdup_printf ("%s%s%s", swc_labels_value (type),
                                          *type && *status ? " · " : "", swc_labels_value (status));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static char *
members_signature (SwcMembersPage *self, GPtrArray *members)
{
  GString *s = g_string_new (self->collaboration);

  for (guint i = 0; i < members->len; i++)
    {
      g_autofree char *json = swc_store_object_json (swc_session_get_store (self->session),
                                                     g_ptr_array_index (members, i));
      g_string_append_printf (s, "\n%s %s", (const char *) g_ptr_array_index (members, i),
                              json ? json : "");
    }
  return g_string_free (s, FALSE);
}

static void
show_members (SwcMembersPage *self)
{
  SwcStore *store = swc_session_get_store (self->session);
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *collab_name = NULL;
  g_autofree char *summary = NULL, *usage = NULL, *both = NULL, *signature = NULL;
  guint usages;

  if (self->collaboration == NULL || swc_session_get_schemas (self->session) == NULL)
    {
      swc_list_box_clear (self->list);
      g_clear_pointer (&self->shown, g_free);
      g_clear_pointer (&self->members, g_ptr_array_unref);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  collab_name = name_of (self, self->collaboration);
  members =
      swc_membership_members (store, swc_session_get_schemas (self->session), self->collaboration);
  usages = (guint) swc_membership_usages (store, self->collaboration);
  /* rebuilt only when what the rows show changes: a refresh does not take the focus from a row */
  signature = members_signature (self, members);
  if (g_strcmp0 (signature, self->shown) != 0)
    {
      /* the focus stays on its member, or goes to the one now in its place (after a removal) */
      SwcFocusMark *focus = swc_list_box_focus_save (self->list, self->members);
      swc_list_box_clear (self->list);
      for (guint i = 0; i < members->len; i++)
        gtk_list_box_append (self->list, member_row (self, g_ptr_array_index (members, i)));
      swc_list_box_focus_restore (self->list, focus, members);
      g_free (self->shown);
      self->shown = g_steal_pointer (&signature);
      g_clear_pointer (&self->members, g_ptr_array_unref);
      self->members = g_ptr_array_ref (members);
    }
  summary = g_strdup_printf (ngettext ("%u member", "%u members", members->len), members->len);
  usage = g_strdup_printf (ngettext ("%u registration of usage through it",
                                     "%u registrations of usage through it", usages),
                           usages);
  both = g_strdup_printf ("%s · %s", summary, usage);
  gtk_label_set_label (self->title, collab_name);
  adw_preferences_group_set_description (self->group, both);
  gtk_stack_set_visible_child_name (self->stack, "members");
}

static gboolean
refresh_cb (gpointer data)
{
  SwcMembersPage *self = data;

  self->refresh_id = 0;
  show_members (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (SwcStore *store, const char *schema, gpointer data)
{
  SwcMembersPage *self = data;

  if (schema != NULL && swc_kind_from_slug (schema) != SWC_KIND_ORGANISATION)
    return;
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_cb, self);
}

static void
collaboration_selected_cb (SwcOrgList *list, const char *uuid, gpointer data)
{
  SwcMembersPage *self = data;

  g_free (self->collaboration);
  self->collaboration = g_strdup (uuid);
  show_members (self);
}

/* ---- building the page ---- */

static void
swc_members_page_constructed (GObject *object)
{
  SwcMembersPage *self = SWC_MEMBERS_PAGE (object);
  SwcStore *store;

  G_OBJECT_CLASS (swc_members_page_parent_class)->constructed (object);
  self->session = g_object_ref (swc_context_get_session (self->context));
  store = swc_session_get_store (self->session);
  self->collaborations = swc_org_list_new (store, _("Collaborations"),
                                           &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                                                        .org_type = SWC_ORG_TYPE_COLLABORATION });
  gtk_widget_set_size_request (self->collaborations, 300, -1);
  g_signal_connect (self->collaborations, "organisation-selected",
                    G_CALLBACK (collaboration_selected_cb), self);
  gtk_box_prepend (GTK_BOX (self), self->collaborations);
  self->all = swc_org_list_new (store, _("All Organisations"), NULL);
  gtk_widget_set_size_request (self->all, 300, -1);
  g_signal_connect (self->all, "organisation-activated", G_CALLBACK (organisation_activated_cb),
                    self);
  gtk_box_append (GTK_BOX (self), self->all);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  self->collaboration = g_strdup (swc_org_list_get_selected (SWC_ORG_LIST (self->collaborations)));
  show_members (self);
}

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
swc_members_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcMembersPage *self = SWC_MEMBERS_PAGE (object);

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
swc_members_page_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  SwcMembersPage *self = SWC_MEMBERS_PAGE (object);

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
swc_members_page_dispose (GObject *object)
{
  SwcMembersPage *self = SWC_MEMBERS_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->context);
  g_clear_pointer (&self->collaboration, g_free);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_MEMBERS_PAGE);
  G_OBJECT_CLASS (swc_members_page_parent_class)->dispose (object);
}

/* The page shown (Ctrl+3) or Tab into it: the focus on the selected collaboration. */
static gboolean
swc_members_page_grab_focus (GtkWidget *widget)
{
  swc_org_list_focus_selected (SWC_ORG_LIST (SWC_MEMBERS_PAGE (widget)->collaborations));
  return TRUE;
}

static gboolean
swc_members_page_focus (GtkWidget *widget, GtkDirectionType direction)
{
  if (gtk_widget_get_focus_child (widget) == NULL && direction == GTK_DIR_TAB_FORWARD)
    return swc_members_page_grab_focus (widget);
  return GTK_WIDGET_CLASS (swc_members_page_parent_class)->focus (widget, direction);
}

static void
swc_members_page_class_init (SwcMembersPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = swc_members_page_grab_focus;
  widget_class->focus = swc_members_page_focus;
  G_OBJECT_CLASS (klass)->dispose = swc_members_page_dispose;
  G_OBJECT_CLASS (klass)->constructed = swc_members_page_constructed;
  G_OBJECT_CLASS (klass)->get_property = swc_members_page_get_property;
  G_OBJECT_CLASS (klass)->set_property = swc_members_page_set_property;
  properties[PROP_CONTEXT] = swc_context_param_spec ();
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcMembersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SwcMembersPage, group);
  gtk_widget_class_bind_template_child (widget_class, SwcMembersPage, title);
  gtk_widget_class_bind_template_child (widget_class, SwcMembersPage, list);
  gtk_widget_class_bind_template_callback (widget_class, drop_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_key_cb);
}

static void
swc_members_page_init (SwcMembersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
swc_members_page_new (SwcContext *context)
{
  g_return_val_if_fail (SWC_IS_CONTEXT (context), NULL);

  return g_object_new (SWC_TYPE_MEMBERS_PAGE, "context", context, NULL);
}

/* A jump from the global search: this collaboration, selected. */
void
swc_members_page_show (SwcMembersPage *self, const char *uuid)
{
  g_autofree char *name = swc_store_object_name (swc_session_get_store (self->session), uuid);

  swc_org_list_show (SWC_ORG_LIST (self->collaborations), uuid, name ? name : "");
}
