/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every page needs of the window, handed down as one construct-only "context" property (the
 * way gnome-calendar hands down its GcalContext): the session it works in, and where its toasts
 * go, with the toasts whose changes can still be undone (swc-undo.c). One context lives as long as
 * its session; the window makes a new one, and new pages, when another session opens. */
#define G_LOG_DOMAIN "swc-context"

#include "config.h"

#include "swc-context.h"

struct _SwcContext
{
  GObject parent_instance;

  SwcSession *session; /* owned */
  GWeakRef toasts;     /* AdwToastOverlay: the window's */
  GPtrArray *undoable; /* AdwToast, newest last */
};

G_DEFINE_FINAL_TYPE (SwcContext, swc_context, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_TOASTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
swc_context_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SwcContext *self = SWC_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_TOASTS:
      g_value_take_object (value, g_weak_ref_get (&self->toasts));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_context_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SwcContext *self = SWC_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_TOASTS:
      g_weak_ref_set (&self->toasts, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
swc_context_finalize (GObject *object)
{
  SwcContext *self = SWC_CONTEXT (object);

  g_clear_object (&self->session);
  g_weak_ref_clear (&self->toasts);
  g_ptr_array_unref (self->undoable);
  G_OBJECT_CLASS (swc_context_parent_class)->finalize (object);
}

static void
swc_context_class_init (SwcContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = swc_context_get_property;
  object_class->set_property = swc_context_set_property;
  object_class->finalize = swc_context_finalize;
  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, SWC_TYPE_SESSION,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOASTS] =
      g_param_spec_object ("toasts", NULL, NULL, ADW_TYPE_TOAST_OVERLAY,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
swc_context_init (SwcContext *self)
{
  g_weak_ref_init (&self->toasts, NULL);
  self->undoable = g_ptr_array_new_with_free_func (g_object_unref);
}

SwcContext *
swc_context_new (SwcSession *session, AdwToastOverlay *toasts)
{
  g_return_val_if_fail (SWC_IS_SESSION (session), NULL);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (toasts), NULL);

  return g_object_new (SWC_TYPE_CONTEXT, "session", session, "toasts", toasts, NULL);
}

SwcSession *
swc_context_get_session (SwcContext *self)
{
  g_return_val_if_fail (SWC_IS_CONTEXT (self), NULL);

  return self->session;
}

/* Shows toast (taking it); dropped when the window has gone meanwhile. */
void
swc_context_add_toast (SwcContext *self, AdwToast *toast)
{
  g_autoptr(AdwToastOverlay) toasts = NULL;

  g_return_if_fail (SWC_IS_CONTEXT (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  toasts = g_weak_ref_get (&self->toasts);
  if (toasts != NULL)
    adw_toast_overlay_add_toast (toasts, toast);
  else
    g_object_unref (toast);
}

/* A message for the user: what happened, in a toast. */
void
swc_context_toast (SwcContext *self, const char *text)
{
  g_return_if_fail (SWC_IS_CONTEXT (self));
  g_return_if_fail (text != NULL);

  swc_context_add_toast (self, adw_toast_new (text));
}

/* The toasts whose changes can still be undone, newest last: swc-undo.c's to keep. */
GPtrArray *
swc_context_get_undoable (SwcContext *self)
{
  g_return_val_if_fail (SWC_IS_CONTEXT (self), NULL);

  return self->undoable;
}

/* The "context" property every page and view has: construct-only, the one way its services come. */
GParamSpec *
swc_context_param_spec (void)
{
  return g_param_spec_object ("context", NULL, NULL, SWC_TYPE_CONTEXT,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
}
