/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "swc-client.h"
#include "swc-store.h"

G_BEGIN_DECLS

#define SWC_EXIT_OK 0
#define SWC_EXIT_FAILURE 1
#define SWC_EXIT_USAGE 2

/* What every command shares: its options, the connection, the store, a main loop to wait on. */
typedef struct
{
  char *name;
  char *summary;
  char *server;   /* --server, or the one saved at login */
  char *user;     /* --user, or the one saved at login */
  char *data_dir; /* --data-dir, or the XDG default */
  SwcClient *client;
  SwcStore *store;
  SwcSchemaSet *schemas;
  GMainLoop *loop;
  GAsyncResult *result;
} SwcCmd;

SwcCmd *swc_cmd_new (const char *name, const char *summary);
void swc_cmd_free (SwcCmd *cmd);
int swc_cmd_parse (SwcCmd *cmd, int *argc, char ***argv, const GOptionEntry *extra,
                   const char *parameter_string);
gboolean swc_cmd_resolve (SwcCmd *cmd, GError **error);
gboolean swc_cmd_create_store (SwcCmd *cmd, GError **error);
gboolean swc_cmd_open_store (SwcCmd *cmd, GError **error);
gboolean swc_cmd_check_store (SwcCmd *cmd, GError **error);
gboolean swc_cmd_load_schemas (SwcCmd *cmd, GError **error);
gboolean swc_cmd_connect (SwcCmd *cmd, gboolean need_password, GError **error);
GAsyncResult *swc_cmd_wait (SwcCmd *cmd);
void swc_cmd_wait_cb (GObject *source, GAsyncResult *result, gpointer data);
int swc_cmd_fail (GError *error);
void swc_cmd_save_connection (SwcCmd *cmd);

void swc_cmd_print_queue_summary (SwcCmd *cmd);
gboolean swc_cmd_send_queue (SwcCmd *cmd, GError **error);

int swc_cmd_login (SwcCmd *cmd, int argc, char **argv);
int swc_cmd_logout (SwcCmd *cmd, int argc, char **argv);
int swc_cmd_sync (SwcCmd *cmd, int argc, char **argv);
int swc_cmd_status (SwcCmd *cmd, int argc, char **argv);
int swc_cmd_search (SwcCmd *cmd, int argc, char **argv);
int swc_cmd_merge (SwcCmd *cmd, int argc, char **argv);
int swc_cmd_queue (SwcCmd *cmd, int argc, char **argv);
int swc_cmd_repair (SwcCmd *cmd, int argc, char **argv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwcCmd, swc_cmd_free)

G_END_DECLS
