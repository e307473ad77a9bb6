/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first page: the server's address, then the Nextcloud login in the browser (Login Flow v2) or
 * a user name and app password typed in. Emits "logged-in" with what it found; errors stay on the
 * page. */
#define G_LOG_DOMAIN "swc-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-client.h"
#include "swc-stack.h"
#include "swc-welcome-page.h"

struct _SwcWelcomePage
{
  GtkWidget parent_instance;

  AdwPreferencesGroup *server_group;
  AdwEntryRow *server_row;
  AdwActionRow *preset_row; /* the address the organisation set, shown instead of server_row */
  AdwEntryRow *user_row;
  AdwEntryRow *password_row;
  GtkStack *action_stack;
  GtkLabel *error_label;
  GCancellable *cancellable; /* owned, nullable: a login in progress */
  SwcClient *client;         /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (SwcWelcomePage, swc_welcome_page, GTK_TYPE_WIDGET)

enum
{
  LOGGED_IN,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

void
swc_welcome_page_set_error (SwcWelcomePage *self, const char *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  swc_stack_show_only (self->action_stack, "idle");
}

/* locked: the organisation set the address (swc-window.c, the preset-server settings); it is shown,
 * not edited. */
void
swc_welcome_page_set_server (SwcWelcomePage *self, const char *server, gboolean locked)
{
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server ? server : "");
  adw_action_row_set_subtitle (self->preset_row, server ? server : "");
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), !locked);
  gtk_widget_set_visible (GTK_WIDGET (self->preset_row), locked);
  adw_preferences_group_set_description (self->server_group,
                                         locked ? _("Set by your organisation") : NULL);
}

static char *
server_address (SwcWelcomePage *self)
{
  g_autofree char *text =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  g_autoptr(GUri) uri = NULL;

  if (*text && !g_str_has_prefix (text, "http://") && !g_str_has_prefix (text, "https://"))
    {
      char *with_scheme = g_strconcat ("https://", text, NULL);
      g_free (text);
      text = with_scheme;
    }
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || !*g_uri_get_host (uri))
    {
      swc_welcome_page_set_error (self, _("Enter the address of the catalogue server, for example"
                                           " https://softwarecatalogus.example.nl"));
      return NULL;
    }
  return g_steal_pointer (&text);
}

static void
open_url (const char *url, gpointer data)
{
  g_app_info_launch_default_for_uri_async (url, NULL, NULL, NULL, NULL);
}

static void
logged_in (SwcWelcomePage *self, const char *user, const char *password)
{
  g_autofree char *server = g_strdup (swc_client_get_base_url (self->client));

  swc_stack_show_only (self->action_stack, "idle");
  g_signal_emit (self, signals[LOGGED_IN], 0, server, user, password);
}

static void
flow_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SwcWelcomePage *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *password = NULL;

  if (!swc_client_login_flow_finish (SWC_CLIENT (source), result, &user, &password, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        swc_welcome_page_set_error (self, error->message);
      else
        swc_welcome_page_set_error (self, NULL);
    }
  else
    logged_in (self, user, password);
  g_object_unref (self);
}

static void
browser_login_cb (SwcWelcomePage *self)
{
  g_autofree char *server = server_address (self);

  if (server == NULL)
    return;
  swc_welcome_page_set_error (self, NULL);
  g_set_object (&self->client, NULL);
  self->client = swc_client_new (server, NULL, NULL);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  swc_stack_show_only (self->action_stack, "waiting");
  swc_client_login_flow_async (self->client, open_url, self, self->cancellable, flow_done_cb,
                               g_object_ref (self));
}

static void
checked_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SwcWelcomePage *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SwcCapabilities) caps = swc_client_detect_finish (SWC_CLIENT (source), result, &error);

  if (caps == NULL)
    swc_welcome_page_set_error (self, error->message);
  else
    logged_in (self, gtk_editable_get_text (GTK_EDITABLE (self->user_row)),
               gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  g_object_unref (self);
}

/* A typed app password is tried on the server before it is kept. */
static void
password_login_cb (SwcWelcomePage *self)
{
  g_autofree char *server = server_address (self);
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (server == NULL)
    return;
  if (!*user || !*password)
    {
      swc_welcome_page_set_error (self, _("Enter your user name and app password"));
      return;
    }
  swc_welcome_page_set_error (self, NULL);
  g_set_object (&self->client, NULL);
  self->client = swc_client_new (server, user, password);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  swc_client_detect_async (self->client, self->cancellable, checked_cb, g_object_ref (self));
}

static void
cancel_cb (SwcWelcomePage *self)
{
  g_cancellable_cancel (self->cancellable);
}

static void
swc_welcome_page_dispose (GObject *object)
{
  SwcWelcomePage *self = SWC_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), SWC_TYPE_WELCOME_PAGE);
  G_OBJECT_CLASS (swc_welcome_page_parent_class)->dispose (object);
}

static void
swc_welcome_page_class_init (SwcWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = swc_welcome_page_dispose;
  /* logged-in (server, user, app password) */
  signals[LOGGED_IN] =
      g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/vng/Catalogusbeheer/swc-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SwcWelcomePage, server_group);
  gtk_widget_class_bind_template_child (widget_class, SwcWelcomePage, server_row);
  gtk_widget_class_bind_template_child (widget_class, SwcWelcomePage, preset_row);
  gtk_widget_class_bind_template_child (widget_class, SwcWelcomePage, user_row);
  gtk_widget_class_bind_template_child (widget_class, SwcWelcomePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SwcWelcomePage, action_stack);
  gtk_widget_class_bind_template_child (widget_class, SwcWelcomePage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, browser_login_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_login_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
}

static void
swc_welcome_page_init (SwcWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  swc_stack_show_only (self->action_stack, "idle");
}
