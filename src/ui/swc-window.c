/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the welcome page until someone is logged in; then the journey in a sidebar
 * (three phases, ten steps), the step's page beside it, and the sync state in the header. */
#define G_LOG_DOMAIN "swc-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "swc-add-page.h"
#include "swc-credentials.h"
#include "swc-error.h"
#include "swc-members-page.h"
#include "swc-concepts.h"
#include "swc-concepts-page.h"
#include "swc-merge-page.h"
#include "swc-object-model.h"
#include "swc-paths.h"
#include "swc-queue-view.h"
#include "swc-edit-window.h"
#include "swc-review-page.h"
#include "swc-search-window.h"
#include "swc-session.h"
#include "swc-stack.h"
#include "swc-users-page.h"
#include "swc-steps.h"
#include "swc-welcome-page.h"
#include "swc-undo.h"
#include "swc-window.h"

struct _SwcWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings; /* owned */
  SwcSession *session; /* owned, nullable: nobody logged in */
  SwcContext *context; /* owned, nullable: the pages' (made with the session's pages) */
  GCancellable *cancellable;
  GListModel *pending;  /* owned, nullable: registrations waiting (step 1.1's badge) */
  GListModel *concepts; /* owned, nullable: concept packages waiting (step 3.1's badge) */
  GtkLabel *badge_1_1;
  GtkLabel *badge_3_1;
  guint periodic_id;

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  SwcWelcomePage *welcome_page;
  GtkProgressBar *first_sync_progress;
  AdwLeaflet *leaflet;
  GtkListBox *sidebar;
  GtkStack *step_stack;
  AdwWindowTitle *step_title;
  GtkLabel *last_sync_label;
  GtkMenuButton *sync_button;
  char
      *sync_error; /* why the last sync failed (not for want of a server), NULL when it went well */
  GtkProgressBar *sync_progress;
  GtkLabel *queue_label;
  SwcQueueView *queue_view;
  AdwStatusPage *damaged_page;
  GtkButton *repair_button;
  char **opened; /* server, user, password: the session opened again by a repair */
};

G_DEFINE_FINAL_TYPE (SwcWindow, swc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
toast (SwcWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* The catalogue's backend was upgraded (or rolled back) between two syncs: said once, while
 * everything is read again; changes that wait are sent in the new words. */
static void
backend_changed_cb (SwcWindow *self)
{
  toast (self, _("The catalogue's server has a new version: everything is being read again"));
}

/* ---- the sidebar ---- */

static GtkWidget *
step_row (const SwcStep *step, GtkLabel **badge)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(step->title));
  GtkWidget *count = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (step->icon));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_set_visible (count, FALSE);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, step->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(step->title), -1);
  *badge = GTK_LABEL (count);
  return row;
}

/* A phase title above the first step of each phase. */
static void
phase_header_cb (GtkListBoxRow *row, GtkListBoxRow *before, gpointer data)
{
  const SwcStep *step = swc_step_by_id (gtk_widget_get_name (GTK_WIDGET (row)));
  const SwcStep *prev = before ? swc_step_by_id (gtk_widget_get_name (GTK_WIDGET (before))) : NULL;
  GtkWidget *header;

  if (prev != NULL && g_str_equal (prev->phase, step->phase))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (_(step->phase));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, prev ? 18 : 6);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
placeholder_page (const SwcStep *step)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), step->icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _(step->title));
  adw_status_page_set_description (
      ADW_STATUS_PAGE (page),
      _("This step is not available yet. It comes with a later version of Catalogusbeheer."));
  return page;
}

static void
build_steps (SwcWindow *self)
{
  guint n;
  const SwcStep *steps = swc_steps (&n);

  gtk_list_box_set_header_func (self->sidebar, phase_header_cb, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      GtkLabel *badge;
      gtk_list_box_append (self->sidebar, step_row (&steps[i], &badge));
      if (g_str_equal (steps[i].id, "1.1"))
        self->badge_1_1 = badge;
      else if (g_str_equal (steps[i].id, "3.1"))
        self->badge_3_1 = badge;
      gtk_stack_add_named (self->step_stack, placeholder_page (&steps[i]), steps[i].id);
    }
}

static void
step_selected_cb (SwcWindow *self, GtkListBoxRow *row)
{
  const SwcStep *step;

  if (row == NULL)
    return;
  step = swc_step_by_id (gtk_widget_get_name (GTK_WIDGET (row)));
  swc_stack_show_only (self->step_stack, step->id);
  adw_window_title_set_title (self->step_title, _(step->title));
  adw_window_title_set_subtitle (self->step_title, _(step->phase));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Folded (a narrow window): the step already chosen is opened again from the sidebar... */
static void
step_activated_cb (SwcWindow *self, GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* ...and the sidebar is always one button (or Alt+Left) away. */
static void
show_sidebar_cb (SwcWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->sidebar));
}

static void
show_step_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcWindow *self = SWC_WINDOW (widget);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, g_variant_get_int32 (param));

  if (row != NULL && g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "workspace"))
    {
      GtkWidget *page;

      gtk_list_box_select_row (self->sidebar, row);
      page = gtk_stack_get_visible_child (self->step_stack);
      /* straight into the step, so its keys (A, R, J, K) work at once (unless the page took it) */
      if (gtk_widget_get_focus_child (page) == NULL &&
          !gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD))
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

/* ---- the sync state ---- */

static void
set_badge (GtkLabel *badge, guint n, const char *description)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_label (badge, text);
  gtk_widget_set_visible (GTK_WIDGET (badge), n > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
}

static void
update_badge (SwcWindow *self)
{
  guint n = self->pending ? g_list_model_get_n_items (self->pending) : 0;
  guint c = self->concepts ? g_list_model_get_n_items (self->concepts) : 0;
  g_autofree char *waiting =
      g_strdup_printf (ngettext ("%u registration waits", "%u registrations wait", n), n);
  g_autofree char *concepts =
      g_strdup_printf (ngettext ("%u concept package waits", "%u concept packages wait", c), c);

  set_badge (self->badge_1_1, n, waiting);
  set_badge (self->badge_3_1, c, concepts);
}

static void
pending_changed_cb (GListModel *model, guint pos, guint removed, guint added, gpointer data)
{
  update_badge (data);
}

static void update_sync_state (SwcWindow *self);

/* The sync button says the state at a glance: syncing, offline, changes that need attention,
 * changes that wait, or all well ("Synchronised" only when nothing waits). */
static void
update_sync_button (SwcWindow *self, gint waiting, gint failed)
{
  g_autofree char *text = NULL;
  const char *icon = "emblem-ok-symbolic";
  const char *state = _("Synchronised");

  if (swc_session_get_syncing (self->session))
    icon = "emblem-synchronizing-symbolic", state = _("Synchronising…");
  else if (swc_session_get_offline (self->session))
    icon = "network-offline-symbolic", state = waiting ? _("Offline: changes wait in the queue")
                                                       : _("Offline: the server does not answer");
  else if (failed > 0)
    icon = "dialog-warning-symbolic", state = _("Changes need attention");
  else if (self->sync_error)
    icon = "dialog-warning-symbolic", state = self->sync_error;
  else if (waiting > 0)
    icon = "document-send-symbolic",
    state = text = g_strdup_printf (ngettext ("%d change waits to be sent",
                                              "%d changes wait to be sent", waiting),
                                    waiting);
  gtk_menu_button_set_icon_name (self->sync_button, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button), state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, state, -1);
}

static void
queue_changed_cb (SwcWindow *self)
{
  update_sync_state (self);
}

static void
update_sync_state (SwcWindow *self)
{
  g_autofree char *last = NULL;
  guint counts[SWC_CHANGE_N_STATES];
  gint waiting, failed;
  g_autofree char *queue_text = NULL;

  if (self->session == NULL)
    return;
  if (swc_session_get_last_sync (self->session))
    {
      g_autoptr(GDateTime) t =
          g_date_time_new_from_iso8601 (swc_session_get_last_sync (self->session), NULL);
      g_autofree char *when = t ? g_date_time_format (t, "%-e %B %Y, %H:%M") : NULL;
      last = g_strdup_printf (_("Last synchronised: %s"), when ? g_strstrip (when) : "?");
    }
  if (self->sync_error || swc_session_get_offline (self->session))
    {
      const char *why =
          self->sync_error ? self->sync_error
                           : _("Offline: the server does not answer. The app tries again in a few "
                                "seconds and sends what waits as soon as it answers.");
      g_autofree char *with_error =
          g_strdup_printf ("%s\n%s", last ? last : _("Not synchronised yet"), why);
      gtk_label_set_label (self->last_sync_label, with_error);
    }
  else
    gtk_label_set_label (self->last_sync_label, last ? last : _("Not synchronised yet"));
  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress),
                          swc_session_get_syncing (self->session));
  gtk_progress_bar_set_fraction (self->sync_progress, swc_session_get_progress (self->session));
  gtk_progress_bar_set_fraction (self->first_sync_progress,
                                 swc_session_get_progress (self->session));
  swc_queue_counts (swc_session_get_store (self->session), counts);
  waiting = counts[SWC_CHANGE_STATE_PENDING] + counts[SWC_CHANGE_STATE_HELD] +
            counts[SWC_CHANGE_STATE_SENDING];
  failed = counts[SWC_CHANGE_STATE_FAILED] + counts[SWC_CHANGE_STATE_CONFLICT];
  queue_text = g_strdup_printf (_("Change queue: %d waiting, %d need attention"), waiting, failed);
  gtk_label_set_label (self->queue_label, queue_text);
  swc_queue_view_refresh (self->queue_view, self->session);
  update_sync_button (self, waiting, failed);
}

static void
session_notify_cb (SwcWindow *self, GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "last-sync"))
    g_clear_pointer (&self->sync_error,
                     g_free); /* a sync went well, also one the session started itself */
  update_sync_state (self);
}

/* ---- the global search ---- */

static void
go_to_step (SwcWindow *self, const char *step)
{
  guint n_steps;
  const SwcStep *steps = swc_steps (&n_steps);

  for (guint i = 0; i < n_steps; i++)
    if (g_str_equal (steps[i].id, step))
      gtk_list_box_select_row (self->sidebar,
                               gtk_list_box_get_row_at_index (self->sidebar, (int) i));
}

/* An organisation opens where its work is: a registration in 1.1, a collaboration in 1.3, any other
 * in 1.4; a person opens with their organisation in 1.4; anything else in an edit window. */
static void
jump_cb (SwcSearchWindow *search, const char *schema, const char *uuid, gpointer data)
{
  SwcWindow *self = data;
  g_autoptr(JsonObject) o = swc_store_object (swc_session_get_store (self->session), uuid);
  SwcKind kind = swc_kind_from_slug (schema);
  const char *org =
      kind == SWC_KIND_ORGANISATION ? uuid : swc_field_string (o, SWC_FIELD_ORGANISATION);

  if (o == NULL)
    return;
  if (kind == SWC_KIND_ORGANISATION && swc_org_is_waiting (o))
    {
      go_to_step (self, "1.1");
      swc_review_page_show (SWC_REVIEW_PAGE (gtk_stack_get_child_by_name (self->step_stack, "1.1")),
                            uuid);
    }
  else if (kind == SWC_KIND_ORGANISATION && swc_org_type (o) == SWC_ORG_TYPE_COLLABORATION)
    {
      go_to_step (self, "1.3");
      swc_members_page_show (SWC_MEMBERS_PAGE (
                                 gtk_stack_get_child_by_name (self->step_stack, "1.3")),
                             uuid);
    }
  else if (kind == SWC_KIND_ORGANISATION ||
           (kind == SWC_KIND_CONTACT_PERSON &&
            json_object_has_member (o, swc_field_key (SWC_FIELD_ORGANISATION))))
    {
      go_to_step (self, "1.4");
      swc_users_page_show (SWC_USERS_PAGE (gtk_stack_get_child_by_name (self->step_stack, "1.4")),
                           org ? org : "");
    }
  else
    {
      g_autofree char *name = swc_store_object_name (swc_session_get_store (self->session), uuid);
      swc_edit_window_open (GTK_WIDGET (self), self->session, uuid, name ? name : uuid, NULL);
    }
}

/* From step 1.1 (a registration that is an existing organisation) or 3.1 (a concept package that is
 * an existing package): straight into the merge view of 2.1 or 2.2. */
static void
merge_into_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcWindow *self = SWC_WINDOW (widget);
  const char *source = NULL, *target = NULL;
  GtkWidget *from = gtk_root_get_focus (GTK_ROOT (self)); /* the merge view's Back returns there */
  const char *step;

  g_variant_get (param, "(&s&s)", &source, &target);
  step = swc_object_kind (swc_session_get_store (self->session), source) == SWC_KIND_APPLICATION
             ? "2.2"
             : "2.1";
  go_to_step (self, step);
  swc_merge_page_start (SWC_MERGE_PAGE (gtk_stack_get_child_by_name (self->step_stack, step)),
                        source, target, from);
}

static void
search_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcWindow *self = SWC_WINDOW (widget);
  GtkWidget *search;

  if (self->session == NULL ||
      !g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "workspace"))
    return;
  search = swc_search_window_new (GTK_WINDOW (self), self->session);
  g_signal_connect_object (search, "jump", G_CALLBACK (jump_cb), self, 0);
  gtk_window_present (GTK_WINDOW (search));
}

static void
install_step_page (SwcWindow *self, const char *step, GtkWidget *page)
{
  GtkWidget *old = gtk_stack_get_child_by_name (self->step_stack, step);
  gboolean showing = gtk_stack_get_visible_child (self->step_stack) == old;

  gtk_stack_remove (self->step_stack, old);
  gtk_stack_add_named (self->step_stack, page, step);
  if (showing)
    swc_stack_show_only (self->step_stack, step);
  else
    gtk_widget_set_visible (page, FALSE);
}

/* "win.undo" (Ctrl+Z) undoes the newest change that still waits behind its toast. The shortcut
 * comes after the focused widget's own (a text field's Ctrl+Z undoes the typing). */
static void
undo_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  SwcWindow *self = data;

  if (self->context != NULL)
    swc_undo_last (self->context);
  else
    toast (self, _("Nothing to undo"));
}

static void
install_undo (SwcWindow *self)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("undo", NULL);
  GtkEventController *c = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut;

  g_signal_connect_object (action, "activate", G_CALLBACK (undo_activated), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>z"),
                               gtk_named_action_new ("win.undo"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (c), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), c);
}

/* The steps that are built replace their placeholder once a session is open. */
static void
install_step_pages (SwcWindow *self)
{
  g_clear_object (&self->context);
  self->context = swc_context_new (self->session, self->toast_overlay);
  install_step_page (self, "1.1", swc_review_page_new (self->context));
  install_step_page (self, "1.2", swc_add_page_new (self->context));
  install_step_page (self, "1.3", swc_members_page_new (self->context));
  install_step_page (self, "1.4", swc_users_page_new (self->context));
  install_step_page (self, "2.1", swc_merge_page_new (self->context, SWC_KIND_ORGANISATION));
  install_step_page (self, "2.2", swc_merge_page_new (self->context, SWC_KIND_APPLICATION));
  install_step_page (self, "3.1", swc_concepts_page_new (self->context));
}

static void open_session (SwcWindow *self, const char *server, const char *user,
                          const char *password);

static void
show_workspace (SwcWindow *self)
{
  SwcStore *store = swc_session_get_store (self->session);

  if (self->pending == NULL)
    {
      self->pending =
          G_LIST_MODEL (swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_ORGANISATION,
                                                                  .subset = SWC_SUBSET_WAITING,
                                                                  .order = SWC_ORDER_CREATED }));
      g_signal_connect_object (self->pending, "items-changed", G_CALLBACK (pending_changed_cb),
                               self, 0);
      self->concepts = G_LIST_MODEL (
          swc_object_model_new (store, &(SwcQuery){ .kind = SWC_KIND_APPLICATION,
                                                    .subset = SWC_SUBSET_CONCEPT_PACKAGES }));
      g_signal_connect_object (self->concepts, "items-changed", G_CALLBACK (pending_changed_cb),
                               self, 0);
      g_signal_connect_object (swc_session_get_store (self->session), "changed",
                               G_CALLBACK (queue_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->session, "backend-changed", G_CALLBACK (backend_changed_cb),
                               self, G_CONNECT_SWAPPED);
      /* account actions change no object, only the queue */
      g_signal_connect_object (self->session, "queue-changed", G_CALLBACK (queue_changed_cb), self,
                               G_CONNECT_SWAPPED);
      install_step_pages (self);
    }
  update_badge (self);
  update_sync_state (self);
  swc_stack_show_only (self->main_stack, "workspace");
  if (gtk_list_box_get_selected_row (self->sidebar) == NULL)
    gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));
  /* the step's list has the focus from the start (not the sync button), so its keys work at once */
  if (gtk_widget_get_focus_child (GTK_WIDGET (self->step_stack)) == NULL)
    gtk_widget_child_focus (gtk_stack_get_visible_child (self->step_stack), GTK_DIR_TAB_FORWARD);
}

static void
synced_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(SwcWindow) self = data;
  g_autoptr(GError) error = NULL;
  SwcSyncStats stats = { 0 };

  g_clear_pointer (&self->sync_error, g_free);
  if (!swc_session_sync_finish (SWC_SESSION (source), result, &stats, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (!swc_session_get_offline (
              SWC_SESSION (source))) /* offline says it already, and passes by itself */
        self->sync_error = g_strdup (error->message);
      if (!swc_session_has_data (SWC_SESSION (source)))
        {
          swc_stack_show_only (self->main_stack, "welcome");
          swc_welcome_page_set_error (self->welcome_page, error->message);
        }
      else
        toast (self, error->message);
      update_sync_state (self);
      return;
    }
  show_workspace (self);
}

static void
start_sync (SwcWindow *self)
{
  if (self->session == NULL || swc_session_get_syncing (self->session))
    return;
  swc_session_sync_async (self->session, FALSE, self->cancellable, synced_cb, g_object_ref (self));
}

static void
sync_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  start_sync (SWC_WINDOW (widget));
}

/* ---- a damaged store ---- */

static char *
store_path (SwcWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *dir = swc_paths_data_dir (swc_application_get_data_dir (SWC_APPLICATION (app)));

  return swc_paths_store_file (dir, self->opened[0], self->opened[1]);
}

/* What is wrong, what is kept (NULL: still being counted), and what repairing does. */
static void
describe_damage (SwcWindow *self, const char *kept)
{
  const char *reason = g_object_get_data (G_OBJECT (self->damaged_page), "reason");
  g_autofree char *text = g_strdup_printf (_("What is wrong: %s."), reason);
  const char *repairing = _("Repairing fetches the catalogue from the server again.");
  g_autofree char *full =
      g_strconcat (text, kept ? " " : "", kept ? kept : "", " ", repairing, NULL);

  adw_status_page_set_description (self->damaged_page, full);
}

static void
counted_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(SwcWindow) self = data;
  gint kept = swc_store_count_kept_changes_finish (result);
  g_autofree char *text = NULL;

  if (kept < 0)
    text = g_strdup (_("Your queued changes are kept as far as they can be read."));
  else
    text = g_strdup_printf (ngettext ("Your %d queued change is kept.",
                                      "Your %d queued changes are kept.", kept),
                            kept);
  describe_damage (self, text);
}

/* The damaged page: what is wrong, in plain words, and what is kept (counted in the background). */
static void
show_damaged (SwcWindow *self, const char *reason)
{
  g_autofree char *path = store_path (self);

  g_object_set_data_full (G_OBJECT (self->damaged_page), "reason", g_strdup (reason), g_free);
  describe_damage (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->repair_button), TRUE);
  swc_stack_show_only (self->main_stack, "damaged");
  swc_store_count_kept_changes_async (path, NULL, counted_cb, g_object_ref (self));
}

static void
store_damaged_cb (SwcWindow *self, SwcStore *store)
{
  g_autofree char *reason = swc_store_dup_damage (store);

  if (self->session != NULL && swc_session_get_store (self->session) == store && reason != NULL)
    show_damaged (self, reason);
}

static void
rebuilt_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(SwcWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = swc_store_rebuild_finish (result, &error);
  g_auto(GStrv) opened = g_strdupv (self->opened); /* open_session replaces self->opened */

  if (report == NULL)
    {
      adw_status_page_set_description (self->damaged_page, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->repair_button), TRUE);
      return;
    }
  g_message ("Local store rebuilt:\n%s", report);
  /* opened again: empty, so the first sync fetches the catalogue and sends what waits */
  open_session (self, opened[0], opened[1], opened[2]);
}

typedef struct
{
  SwcWindow *window;
  GWeakRef store;
  guint tries;
} Closing;

/* Rebuilds once the last reader let go of the store (a sync winding down takes a moment). */
static gboolean
rebuild_when_closed (gpointer data)
{
  Closing *c = data;
  SwcStore *alive = g_weak_ref_get (&c->store);
  g_autofree char *path = NULL;

  if (alive != NULL)
    {
      g_object_unref (alive);
      if (++c->tries < 100)
        return G_SOURCE_CONTINUE;
      adw_status_page_set_description (c->window->damaged_page,
                                       _("Close Catalogusbeheer and start it again to repair."));
    }
  else
    {
      path = store_path (c->window);
      swc_store_rebuild_async (path, NULL, rebuilt_cb, g_object_ref (c->window));
    }
  g_weak_ref_clear (&c->store);
  g_object_unref (c->window);
  g_free (c);
  return G_SOURCE_REMOVE;
}

/* Closes everything that reads the store (no connection may be open while it is rebuilt), then
 * rebuilds it. */
static void
repair_clicked_cb (SwcWindow *self)
{
  guint n;
  const SwcStep *steps = swc_steps (&n);
  Closing *c = g_new0 (Closing, 1);

  gtk_widget_set_sensitive (GTK_WIDGET (self->repair_button), FALSE);
  c->window = g_object_ref (self);
  g_weak_ref_init (&c->store, self->session ? swc_session_get_store (self->session) : NULL);
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  g_clear_object (&self->pending);
  g_clear_object (&self->concepts);
  g_clear_object (&self->context);
  g_clear_object (&self->session);
  for (guint i = 0; i < n; i++)
    install_step_page (self, steps[i].id, placeholder_page (&steps[i]));
  if (rebuild_when_closed (c) == G_SOURCE_CONTINUE)
    g_timeout_add (100, rebuild_when_closed, c);
}

/* Opens the store of server and user: at once when it has data, after a first sync otherwise. */
static void
open_session (SwcWindow *self, const char *server, const char *user, const char *password)
{
  g_autoptr(GError) error = NULL;
  const char *data_dir = swc_application_get_data_dir (
      SWC_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  char **opened = g_strdupv ((char *[]){ (char *) server, (char *) user, (char *) password, NULL });

  g_clear_object (&self->context);
  g_clear_object (&self->session);
  g_strfreev (self->opened);
  self->opened = opened;
  self->session = swc_session_open (server, user, password, data_dir, &error);
  if (g_error_matches (error, SWC_ERROR, SWC_ERROR_STORE_DAMAGED))
    {
      show_damaged (self, error->message);
      return;
    }
  if (self->session == NULL)
    {
      swc_welcome_page_set_error (self->welcome_page, error->message);
      swc_stack_show_only (self->main_stack, "welcome");
      return;
    }
  /* the session's server and user are the ones remembered (and shown in Preferences), however it
   * was opened */
  g_settings_set_string (self->settings, "server", server);
  g_settings_set_string (self->settings, "user", user);
  g_signal_connect_object (self->session, "notify", G_CALLBACK (session_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (swc_session_get_store (self->session), "damaged",
                           G_CALLBACK (store_damaged_cb), self, G_CONNECT_SWAPPED);
  if (swc_session_has_data (self->session))
    show_workspace (self);
  else
    swc_stack_show_only (self->main_stack, "first-sync");
  start_sync (self);
}

static void
stored_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(SwcWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!swc_credentials_store_finish (result, &error))
    toast (self, error->message); /* no keyring: the app password lives for this session only */
}

static void
logged_in_cb (SwcWindow *self, const char *server, const char *user, const char *password)
{
  swc_credentials_store_async (server, user, password, NULL, stored_cb, g_object_ref (self));
  open_session (self, server, user, password);
}

typedef struct
{
  SwcWindow *window;
  char *server;
  char *user;
} Lookup;

static void
looked_up_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Lookup *l = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = swc_credentials_lookup_finish (result, &error);

  if (password != NULL)
    open_session (l->window, l->server, l->user, password);
  else if (error != NULL)
    swc_welcome_page_set_error (l->window->welcome_page, error->message);
  g_object_unref (l->window);
  g_free (l->server);
  g_free (l->user);
  g_free (l);
}

/* The server an organisation that rolls the app out presets for its administrators, and whether
 * they may change it: the settings preset-server and server-locked (a system-wide override), or,
 * where those cannot be reached (a Flatpak: `flatpak override --env=…`), CATALOGUSBEHEER_SERVER and
 * CATALOGUSBEHEER_SERVER_LOCKED=1. NULL when there is none. */
static char *
preset_server (SwcWindow *self, gboolean *locked)
{
  const char *env = g_getenv ("CATALOGUSBEHEER_SERVER");
  const char *env_locked = g_getenv ("CATALOGUSBEHEER_SERVER_LOCKED");
  g_autofree char *preset =
      env && *env ? g_strdup (env) : g_settings_get_string (self->settings, "preset-server");

  *locked = env_locked
                ? g_strcmp0 (env_locked, "1") == 0 || g_ascii_strcasecmp (env_locked, "true") == 0
                : g_settings_get_boolean (self->settings, "server-locked");
  *locked = *locked && *preset != '\0';
  return *preset ? g_steal_pointer (&preset) : NULL;
}

/* Later starts: server and user from the command line or the settings (a locked preset wins over
 * the address saved last), the app password from the keyring. */
static void
resume_session (SwcWindow *self, SwcApplication *app)
{
  const char *server = swc_application_get_server (app);
  const char *user = swc_application_get_user (app);
  g_autofree char *saved_server = g_settings_get_string (self->settings, "server");
  g_autofree char *saved_user = g_settings_get_string (self->settings, "user");
  gboolean locked = FALSE;
  g_autofree char *preset = preset_server (self, &locked);
  Lookup *l;

  if (server == NULL)
    server = locked || !*saved_server ? preset : saved_server;
  user = user ? user : saved_user;
  swc_welcome_page_set_server (self->welcome_page, server,
                               locked && g_strcmp0 (server, preset) == 0);
  if (server == NULL || !*server || user == NULL || !*user)
    return;
  l = g_new0 (Lookup, 1);
  l->window = g_object_ref (self);
  l->server = g_strdup (server);
  l->user = g_strdup (user);
  swc_credentials_lookup_async (server, user, self->cancellable, looked_up_cb, l);
}

/* ---- logging out ---- */

static void
forget_account (SwcWindow *self, gboolean remove_data)
{
  g_autofree char *path = g_strdup (swc_store_get_path (swc_session_get_store (self->session)));

  swc_credentials_clear (swc_session_get_server (self->session),
                         swc_session_get_user (self->session), NULL);
  g_settings_set_string (self->settings, "user", "");
  g_clear_object (&self->pending);
  g_clear_object (&self->concepts);
  g_clear_object (&self->context);
  g_clear_object (&self->session);
  if (remove_data)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL),
                      *shm = g_strconcat (path, "-shm", NULL);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
  swc_stack_show_only (self->main_stack, "welcome");
  toast (self, remove_data
                   ? _("Logged out. The local copy of the catalogue is removed.")
                   : _("Logged out. The local copy of the catalogue stays on this computer."));
}

static void
remove_data_response_cb (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  g_autoptr(SwcWindow) self = data;

  if (self->session != NULL && !g_str_equal (response, "cancel"))
    forget_account (self, g_str_equal (response, "remove"));
}

static void
revoked_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(SwcWindow) self = data;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  /* offline, or already revoked: the app password is still forgotten here */
  if (!swc_client_logout_finish (SWC_CLIENT (source), result, &error))
    g_debug ("Revoking the app password: %s", error->message);
  if (self->session == NULL)
    return;
  dialog = adw_message_dialog_new (
      GTK_WINDOW (self), _("Remove the Local Copy?"),
      _("The catalogue and the change queue are kept on this computer for the next login. "
         "Remove them if someone else uses this computer."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep"), "remove",
                                    _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (dialog, "response", G_CALLBACK (remove_data_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Revokes the app password on the server, forgets it, and offers to remove the local data. */
static void
logout_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcWindow *self = SWC_WINDOW (widget);

  if (self->session == NULL)
    return;
  swc_client_logout_async (swc_session_get_client (self->session), NULL, revoked_cb,
                           g_object_ref (self));
}

/* ---- background sync ---- */

static gboolean
periodic_sync_cb (gpointer data)
{
  SwcWindow *self = data;

  if (self->session != NULL && swc_session_has_data (self->session))
    start_sync (self);
  return G_SOURCE_CONTINUE;
}

static void
schedule_periodic_sync (SwcWindow *self)
{
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  self->periodic_id =
      g_timeout_add_seconds (60 * MAX (1, g_settings_get_uint (self->settings, "sync-interval")),
                             periodic_sync_cb, self);
}

/* ---- the object ---- */

static void
swc_window_dispose (GObject *object)
{
  SwcWindow *self = SWC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  g_clear_object (&self->concepts);
  g_clear_object (&self->context);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sync_error, g_free);
  g_clear_pointer (&self->opened, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_WINDOW);
  G_OBJECT_CLASS (swc_window_parent_class)->dispose (object);
}

static void
swc_window_class_init (SwcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_window_dispose;
  g_type_ensure (SWC_TYPE_WELCOME_PAGE);
  g_type_ensure (SWC_TYPE_QUEUE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, first_sync_progress);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, step_stack);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, step_title);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, queue_label);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, damaged_page);
  gtk_widget_class_bind_template_child (widget_class, SwcWindow, repair_button);
  gtk_widget_class_bind_template_callback (widget_class, repair_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_sidebar_cb);
  gtk_widget_class_bind_template_callback (widget_class, logged_in_cb);
  gtk_widget_class_install_action (widget_class, "win.show-step", "i", show_step_activated);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.merge-into", "(ss)", merge_into_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.logout", NULL, logout_activated);
  for (int i = 0; i < 10; i++)
    gtk_widget_class_add_binding_action (widget_class, i == 9 ? GDK_KEY_0 : GDK_KEY_1 + i,
                                         GDK_CONTROL_MASK, "win.show-step", "i", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync", NULL);
}

static void
swc_window_init (SwcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  install_undo (self);
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  build_steps (self);
  swc_stack_show_only (self->main_stack, "welcome");
  g_signal_connect_swapped (self->settings, "changed::sync-interval",
                            G_CALLBACK (schedule_periodic_sync), self);
  schedule_periodic_sync (self);
}

SwcWindow *
swc_window_new (SwcApplication *app)
{
  SwcWindow *self = g_object_new (SWC_TYPE_WINDOW, "application", app, NULL);

  resume_session (self, app);
  return self;
}
