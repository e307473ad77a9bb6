/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "swc-catalogue.h"
#include "swc-store.h"

G_BEGIN_DECLS

#define SWC_TYPE_ORG_LIST (swc_org_list_get_type ())
G_DECLARE_FINAL_TYPE (SwcOrgList, swc_org_list, SWC, ORG_LIST, GtkBox)

/* Every organisation in the local store, searchable; a row can be dragged (its uuid as text) and
 * Enter or a double click on it emits "organisation-activated" with its uuid: the keyboard equal of
 * the drag. "organisation-selected" says which one is selected (a uuid, or NULL). */
GtkWidget *swc_org_list_new (SwcStore *store, const char *title, const SwcQuery *query);
GtkWidget *swc_org_list_new_multiple (SwcStore *store, SwcKind kind, const char *title);
GStrv swc_org_list_get_selected_all (SwcOrgList *self);
void swc_org_list_focus_search (SwcOrgList *self);
void swc_org_list_focus_selected (SwcOrgList *self);

void swc_list_item_remember (GtkListItem *item);
void swc_list_view_focus (GtkListView *view, guint position);
guint swc_selection_first (GtkSelectionModel *selection);
gboolean swc_focus_within_or_lost (GtkWidget *widget);

typedef struct _SwcFocusMark SwcFocusMark;
SwcFocusMark *swc_list_box_focus_save (GtkListBox *list, GPtrArray *keys);
void swc_list_box_focus_restore (GtkListBox *list, SwcFocusMark *mark, GPtrArray *keys);
const char *swc_org_list_get_selected (SwcOrgList *self);
void swc_org_list_show (SwcOrgList *self, const char *uuid, const char *name);
void swc_org_list_set_accept_drops (SwcOrgList *self, gboolean accept);
void swc_org_list_set_query (SwcOrgList *self, const SwcQuery *query);
void swc_org_list_add_filters (SwcOrgList *self, GtkWidget *filters);

G_END_DECLS
