/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The journey: three phases and ten steps, titled exactly as in the journey (Dutch through
 * po/nl.po). */
typedef struct
{
  const char *id;    /* "1.1" … "3.4" */
  const char *phase; /* untranslated phase title */
  const char *title; /* untranslated step title */
  const char *icon;
} SwcStep;

const SwcStep *swc_steps (guint *n_steps);
const SwcStep *swc_step_by_id (const char *id);

G_END_DECLS
