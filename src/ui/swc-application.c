/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "swc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-a11y.h"
#include "swc-application.h"
#include "swc-window.h"

struct _SwcApplication
{
  AdwApplication parent_instance;

  char *server;   /* owned, nullable: --server */
  char *user;     /* owned, nullable: --user */
  char *data_dir; /* owned, nullable: --data-dir */
};

G_DEFINE_FINAL_TYPE (SwcApplication, swc_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Address of the catalogue server"), N_("URL") },
  { "user", 0, 0, G_OPTION_ARG_STRING, NULL, N_("User name on the server"), N_("NAME") },
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Folder for the local store and the change queue"), N_("DIR") },
  { NULL }
};

static int
swc_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  SwcApplication *self = SWC_APPLICATION (app);

  g_variant_dict_lookup (options, "server", "s", &self->server);
  g_variant_dict_lookup (options, "user", "s", &self->user);
  g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir);
  return -1;
}

static void
swc_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (swc_window_new (SWC_APPLICATION (app)));
  gtk_window_present (window);
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "Catalogusbeheer contributors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app), "application-name",
                         _("Catalogusbeheer"), "application-icon", APPLICATION_ID, "version",
                         PACKAGE_VERSION, "comments", _("Manage the GEMMA Softwarecatalogus"),
                         "developers", developers, "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"), NULL);
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *server = adw_action_row_new ();
  GtkWidget *interval = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 1440, 1);
  g_autofree char *address = g_settings_get_string (settings, "server");
  g_autofree char *user = g_settings_get_string (settings, "user");
  g_autofree char *account = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Catalogue server"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (server), _("Server address"));
  /* TRANSLATORS: the server's address, then the user logged in there */
  account = *address && *user ? g_strdup_printf (_("%s, logged in as %s"), address, user) : NULL;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (server), account ? account : _("Not logged in"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (interval), _("Synchronise every (minutes)"));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Synchronise every (minutes)"), -1);
  g_settings_bind (settings, "sync-interval", spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (interval), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), server);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), interval);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_set_transient_for (GTK_WINDOW (window), gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (window));
}

/* The shortcuts window, made when asked for and gone when closed. Not GtkApplication's help
 * overlay: that one is made with every window and kept hidden, and newer GTK (4.18) crashes when a
 * screen reader asks for a window that has just closed while a hidden one is left among the
 * toplevels. */
static void
shortcuts_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autoptr(GtkBuilder) builder =
      gtk_builder_new_from_resource ("/nl/vng/Catalogusbeheer/swc-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (window,
                                gtk_application_get_active_window (GTK_APPLICATION (user_data)));
  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "shortcuts", shortcuts_activated },
  { "quit", quit_activated },
};

static void
swc_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (swc_application_parent_class)->startup (app);
  swc_a11y_init ();
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.shortcuts", shortcuts_accels);
}

static void
swc_application_finalize (GObject *object)
{
  SwcApplication *self = SWC_APPLICATION (object);

  g_free (self->server);
  g_free (self->user);
  g_free (self->data_dir);
  G_OBJECT_CLASS (swc_application_parent_class)->finalize (object);
}

static void
swc_application_class_init (SwcApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = swc_application_finalize;
  app_class->activate = swc_application_activate;
  app_class->startup = swc_application_startup;
  app_class->handle_local_options = swc_application_handle_local_options;
}

static void
swc_application_init (SwcApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

SwcApplication *
swc_application_new (void)
{
  return g_object_new (SWC_TYPE_APPLICATION, "application-id", APPLICATION_ID, "flags",
                       G_APPLICATION_NON_UNIQUE, "resource-base-path", "/nl/vng/Catalogusbeheer",
                       NULL);
}

const char *
swc_application_get_server (SwcApplication *self)
{
  g_return_val_if_fail (SWC_IS_APPLICATION (self), NULL);
  return self->server;
}

const char *
swc_application_get_user (SwcApplication *self)
{
  g_return_val_if_fail (SWC_IS_APPLICATION (self), NULL);
  return self->user;
}

const char *
swc_application_get_data_dir (SwcApplication *self)
{
  g_return_val_if_fail (SWC_IS_APPLICATION (self), NULL);
  return self->data_dir;
}
