/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "swc-queue.h"

G_BEGIN_DECLS

/* Membership of a collaboration is kept on both sides: the collaboration's participants
 * (deelnemers) and each member's memberships (deelnames). These read and change both sides
 * together. */

GPtrArray *swc_membership_members (SwcStore *store, SwcSchemaSet *schemas,
                                   const char *collaboration);
gint64 swc_membership_usages (SwcStore *store, const char *collaboration);
gboolean swc_membership_set (SwcQueue *queue, SwcStore *store, SwcSchemaSet *schemas,
                             const char *collaboration, const char *member, gboolean member_of,
                             guint hold_ms, GArray *ids, GError **error);
gboolean swc_membership_set_side (SwcQueue *queue, SwcStore *store, const char *object,
                                  const char *property, const char *other, gboolean present,
                                  guint hold_ms, const char *label, GArray *ids, GError **error);

G_END_DECLS
