/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A mail to the contact persons the dialog can offer: to addresses (in Bcc when bcc), subject, an
 * intro and the reason as the body. */
typedef struct
{
  const char *const *addresses;
  gboolean bcc;
  const char *subject;
  const char *intro;
} SwcReasonMail;

void swc_reason_dialog_run_async (GtkWidget *from, const char *heading, const char *body,
                                  const char *const *reasons, const SwcReasonMail *mail,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data);
char *swc_reason_dialog_run_finish (GAsyncResult *result, GError **error);

G_END_DECLS
