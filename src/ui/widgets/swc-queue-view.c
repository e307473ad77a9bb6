/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The change queue as a list the administrator can act on, in the sync popover: every change that
 * waits, was refused or conflicts, by its object's name ("Gemeente Aalten · goedkeuren"), with its
 * state and the server's message. A refresh replaces only the rows that changed, so the focus stays
 * where it was. */
#define G_LOG_DOMAIN "swc-queue-view"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-conflict-window.h"
#include "swc-queue-view.h"

/* ---- one change as a list item ---- */

#define SWC_TYPE_QUEUE_ITEM (swc_queue_item_get_type ())
G_DECLARE_FINAL_TYPE (SwcQueueItem, swc_queue_item, SWC, QUEUE_ITEM, GObject)

struct _SwcQueueItem
{
  GObject parent_instance;
  SwcChange *change;
};

G_DEFINE_FINAL_TYPE (SwcQueueItem, swc_queue_item, G_TYPE_OBJECT)

static void
swc_queue_item_finalize (GObject *object)
{
  g_clear_pointer (&SWC_QUEUE_ITEM (object)->change, swc_change_free);
  G_OBJECT_CLASS (swc_queue_item_parent_class)->finalize (object);
}

static void
swc_queue_item_class_init (SwcQueueItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = swc_queue_item_finalize;
}

static void
swc_queue_item_init (SwcQueueItem *self)
{
}

static SwcQueueItem *
swc_queue_item_new (SwcChange *change)
{
  SwcQueueItem *self = g_object_new (SWC_TYPE_QUEUE_ITEM, NULL);

  self->change = change;
  return self;
}

/* ---- the view ---- */

struct _SwcQueueView
{
  GtkWidget parent_instance;

  GtkListBox *list;
  GListStore *items;
  SwcSession *session; /* weak */
  gint64 discarding;   /* the change the open "Remove?" dialog asks about */
};

G_DEFINE_FINAL_TYPE (SwcQueueView, swc_queue_view, GTK_TYPE_WIDGET)

static gboolean
is_state (SwcChange *c, SwcChangeState state)
{
  return c->state == state;
}

/* The row's name: the object first, then what the change does; never an id. */
static char *
change_title (SwcChange *c)
{
  if (c->name != NULL)
    return g_strdup_printf ("%s · %s", c->name, c->what);
  return g_strdup (c->label ? c->label : c->what);
}

static char *
change_state (SwcChange *c)
{
  if (is_state (c, SWC_CHANGE_STATE_HELD))
    return g_strdup (_("Can still be undone"));
  if (is_state (c, SWC_CHANGE_STATE_SENDING))
    return g_strdup (_("Being sent…"));
  if (is_state (c, SWC_CHANGE_STATE_FAILED))
    return g_strdup_printf (_("Refused: %s"), c->error ? c->error : _("no reason given"));
  if (is_state (c, SWC_CHANGE_STATE_CONFLICT))
    return g_strdup_printf (_("Conflict: %s"), c->error ? c->error : "");
  if (c->error != NULL)
    return g_strdup_printf (_("Waiting to be sent: %s"), c->error);
  return g_strdup (_("Waiting to be sent"));
}

/* The change of a row, by its queue id (the target of the row's buttons); NULL when it is gone. */
static SwcChange *
change_of (SwcQueueView *self, GVariant *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwcQueueItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      if (item->change->id == g_variant_get_int64 (id))
        return item->change; /* the store holds it */
    }
  return NULL;
}

/* A dialog over a popover: the popover would take the first click in it. */
static void
close_popover (GtkWidget *widget)
{
  GtkWidget *popover = gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER);

  if (popover)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
retry_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcQueueView *self = SWC_QUEUE_VIEW (widget);
  SwcChange *c = change_of (self, param);
  SwcQueue *queue = self->session ? swc_session_get_queue (self->session) : NULL;

  if (queue == NULL || c == NULL)
    return;
  if (is_state (c, SWC_CHANGE_STATE_FAILED) || is_state (c, SWC_CHANGE_STATE_CONFLICT))
    swc_queue_retry (queue, c->id);
  swc_session_retry_now (self->session);
}

static void
discard_response_cb (AdwMessageDialog *dialog, const char *response, SwcQueueView *self)
{
  SwcQueue *queue = self->session ? swc_session_get_queue (self->session) : NULL;

  if (g_str_equal (response, "discard") && queue != NULL)
    swc_queue_discard (queue, self->discarding);
}

/* Dropping a change drops work: asked first, with Cancel as the default. */
static void
discard_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcQueueView *self = SWC_QUEUE_VIEW (widget);
  SwcChange *c = change_of (self, param);
  g_autofree char *title = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (c == NULL)
    return;
  title = change_title (c);
  self->discarding = c->id;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Remove Queued Change?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will not be sent; the change is lost."), title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "discard",
                                    _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  close_popover (GTK_WIDGET (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
resolve_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  SwcQueueView *self = SWC_QUEUE_VIEW (widget);
  SwcChange *c = change_of (self, param);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *window;

  if (self->session == NULL || c == NULL)
    return;
  window = swc_conflict_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session,
                                    c->id, c->schema, c->label);
  close_popover (GTK_WIDGET (self));
  if (window)
    gtk_window_present (GTK_WINDOW (window));
}

/* A button of a row, named by its label without the mnemonic (an icon-only one by its tooltip),
 * with the row's name as its description. */
static GtkWidget *
row_button (SwcChange *c, const char *icon, const char *label, const char *row_title,
            const char *action)
{
  GtkWidget *button =
      icon ? gtk_button_new_from_icon_name (icon) : gtk_button_new_with_mnemonic (label);
  g_autoptr(GString) name = g_string_new (label);

  g_string_replace (name, "_", "", 1);
  if (icon)
    {
      gtk_widget_set_tooltip_text (button, label);
      gtk_widget_add_css_class (button, "flat");
    }
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name->str,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, row_title, -1);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (c->id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static GtkWidget *
create_row (gpointer data, gpointer user_data)
{
  SwcQueueItem *item = data;
  SwcChange *c = item->change;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = change_title (c);
  g_autofree char *state = change_state (c);
  g_autofree char *name = g_strdup_printf ("%s, %s", title, state);
  gboolean refused =
      is_state (c, SWC_CHANGE_STATE_FAILED) || is_state (c, SWC_CHANGE_STATE_CONFLICT);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state);
  if (c->label && g_strcmp0 (c->label, title) != 0)
    gtk_widget_set_tooltip_text (row, c->label);
  /* one name, the object first: not also the title label the row says it is labelled by */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (is_state (c, SWC_CHANGE_STATE_CONFLICT))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (c, NULL, _("Re_solve…"), title, "queue.resolve"));
  if (refused || is_state (c, SWC_CHANGE_STATE_PENDING))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (c, "view-refresh-symbolic", _("Try Again"), title,
                                           "queue.retry"));
  if (!is_state (c, SWC_CHANGE_STATE_SENDING))
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (c, "user-trash-symbolic", _("Remove from Queue"), title,
                                           "queue.discard"));
  return row;
}

static void
swc_queue_view_dispose (GObject *object)
{
  SwcQueueView *self = SWC_QUEUE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_QUEUE_VIEW);
  g_clear_object (&self->items);
  g_clear_weak_pointer (&self->session);
  G_OBJECT_CLASS (swc_queue_view_parent_class)->dispose (object);
}

static void
swc_queue_view_class_init (SwcQueueViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_queue_view_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-queue-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcQueueView, list);
  gtk_widget_class_install_action (widget_class, "queue.retry", "x", retry_activated);
  gtk_widget_class_install_action (widget_class, "queue.discard", "x", discard_activated);
  gtk_widget_class_install_action (widget_class, "queue.resolve", "x", resolve_activated);
}

static void
swc_queue_view_init (SwcQueueView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->items = g_list_store_new (SWC_TYPE_QUEUE_ITEM);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->items), create_row, NULL, NULL);
}

GtkWidget *
swc_queue_view_new (void)
{
  return g_object_new (SWC_TYPE_QUEUE_VIEW, NULL);
}

static gboolean
same_change (gpointer item, SwcChange *b)
{
  SwcChange *a = SWC_QUEUE_ITEM (item)->change;
  gboolean same = a->id == b->id && a->state == b->state && g_strcmp0 (a->error, b->error) == 0 &&
                  g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->what, b->what) == 0;

  g_object_unref (item);
  return same;
}

/* Reads the queue again; only the rows between the unchanged first and last ones are replaced. */
void
swc_queue_view_refresh (SwcQueueView *self, SwcSession *session)
{
  SwcQueue *queue = session ? swc_session_get_queue (session) : NULL;
  g_autoptr(GPtrArray) list = queue ? swc_queue_list (queue, FALSE) : g_ptr_array_new ();
  GListModel *model = G_LIST_MODEL (self->items);
  guint n_old = g_list_model_get_n_items (model), n_new, head = 0, tail = 0;
  gsize n = 0;
  g_autofree gpointer *changes = g_ptr_array_steal (list, &n);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  g_set_weak_pointer (&self->session, session);
  n_new = n;
  while (head < MIN (n_old, n_new) &&
         same_change (g_list_model_get_item (model, head), changes[head]))
    head++;
  while (tail < MIN (n_old, n_new) - head &&
         same_change (g_list_model_get_item (model, n_old - 1 - tail), changes[n_new - 1 - tail]))
    tail++;
  for (guint i = 0; i < n_new; i++)
    if (i >= head && i < n_new - tail)
      g_ptr_array_add (added, swc_queue_item_new (changes[i]));
    else
      swc_change_free (changes[i]);
  if (added->len > 0 || n_old - head - tail > 0)
    g_list_store_splice (self->items, head, n_old - head - tail, added->pdata, added->len);
  gtk_widget_set_visible (GTK_WIDGET (self), n_new > 0);
}

guint
swc_queue_view_count (SwcQueueView *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}
