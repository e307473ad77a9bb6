/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The global search (Ctrl+K): every word of the query against names and texts in the local store,
 * accents folded, as you type; Enter takes the first hit, Down goes into the list, Escape closes.
 * The hit is handed to the window ("jump"), which opens it in its step. */
#define G_LOG_DOMAIN "swc-search-window"

#include "config.h"

#include "swc-pane.h"
#include "swc-search-window.h"

#define MAX_HITS 50

struct _SwcSearchWindow
{
  AdwWindow parent_instance;

  SwcSession *session; /* owned: construct-only */
  GPtrArray *hits;     /* SwcSearchHit: one per row, in order */
  GtkSearchEntry *entry;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (SwcSearchWindow, swc_search_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  JUMP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A row picked: the window closes, then says which object it was. */
static void
row_activated_cb (SwcSearchWindow *self, GtkListBoxRow *row)
{
  SwcSearchHit *hit = g_ptr_array_index (self->hits, gtk_list_box_row_get_index (row));
  g_autofree char *schema = g_strdup (hit->schema);
  g_autofree char *uuid = g_strdup (hit->uuid);

  g_object_ref (self);
  gtk_window_destroy (GTK_WINDOW (self));
  g_signal_emit (self, signals[JUMP], 0, schema, uuid);
  g_object_unref (self);
}

static void
changed_cb (SwcSearchWindow *self, GtkSearchEntry *entry)
{
  GPtrArray *hits = swc_store_search (swc_session_get_store (self->session),
                                      gtk_editable_get_text (GTK_EDITABLE (entry)), MAX_HITS, NULL);

  swc_list_box_clear (self->list);
  g_ptr_array_set_size (self->hits, 0);
  if (hits != NULL)
    g_ptr_array_extend_and_steal (self->hits, hits);
  for (guint i = 0; i < self->hits->len; i++)
    {
      SwcSearchHit *hit = g_ptr_array_index (self->hits, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hit->name ? hit->name : "?");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), swc_labels_schema (hit->schema, NULL));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->list, row);
    }
}

/* Enter in the field takes the first hit. */
static void
activate_cb (SwcSearchWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  if (first != NULL)
    row_activated_cb (self, first);
}

/* Down in the field goes into the list. */
static gboolean
key_cb (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
        SwcSearchWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || first == NULL)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

static void
swc_search_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcSearchWindow *self = SWC_SEARCH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_search_window_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  SwcSearchWindow *self = SWC_SEARCH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_search_window_dispose (GObject *object)
{
  SwcSearchWindow *self = SWC_SEARCH_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_SEARCH_WINDOW);
  G_OBJECT_CLASS (swc_search_window_parent_class)->dispose (object);
}

static void
swc_search_window_class_init (SwcSearchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = swc_search_window_get_property;
  object_class->set_property = swc_search_window_set_property;
  object_class->dispose = swc_search_window_dispose;
  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, SWC_TYPE_SESSION,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[JUMP] = g_signal_new ("jump", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-search-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcSearchWindow, entry);
  gtk_widget_class_bind_template_child (widget_class, SwcSearchWindow, list);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, gtk_window_close);
}

static void
swc_search_window_init (SwcSearchWindow *self)
{
  self->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) swc_search_hit_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

GtkWidget *
swc_search_window_new (GtkWindow *parent, SwcSession *session)
{
  g_return_val_if_fail (SWC_IS_SESSION (session), NULL);

  return g_object_new (SWC_TYPE_SEARCH_WINDOW, "transient-for", parent, "session", session, NULL);
}
