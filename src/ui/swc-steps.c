/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "swc-steps"

#include "config.h"

#include <glib/gi18n.h>

#include "swc-steps.h"

static const SwcStep steps[] = {
  { "1.1", N_("Registration and management"), N_("Review registered organisations"),
    "mail-unread-symbolic" },
  { "1.2", N_("Registration and management"), N_("Add a collaboration or special organisation"),
    "list-add-symbolic" },
  { "1.3", N_("Registration and management"), N_("Remove an organisation from a collaboration"),
    "list-remove-symbolic" },
  { "1.4", N_("Registration and management"), N_("Add users"), "system-users-symbolic" },
  { "2.1", N_("Merging organisations"), N_("Merge merged organisations"),
    "emblem-shared-symbolic" },
  { "2.2", N_("Merging organisations"), N_("Merge applications"),
    "application-x-addon-symbolic" },
  { "3.1", N_("Insight and monitoring"), N_("Check concept packages"),
    "emblem-important-symbolic" },
  { "3.2", N_("Insight and monitoring"), N_("Generate reports"),
    "x-office-spreadsheet-symbolic" },
  { "3.3", N_("Insight and monitoring"), N_("User overview"), "avatar-default-symbolic" },
  { "3.4", N_("Insight and monitoring"), N_("Edit menus and texts"), "document-edit-symbolic" },
};

const SwcStep *
swc_steps (guint *n_steps)
{
  *n_steps = G_N_ELEMENTS (steps);
  return steps;
}

const SwcStep *
swc_step_by_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_str_equal (steps[i].id, id))
      return &steps[i];
  return NULL;
}
