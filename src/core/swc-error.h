/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SWC_ERROR (swc_error_quark ())

typedef enum
{
  SWC_ERROR_FAILED,
  SWC_ERROR_NETWORK, /* no connection, connection reset, DNS */
  SWC_ERROR_TIMEOUT,
  SWC_ERROR_UNAUTHORIZED,  /* 401: log in again */
  SWC_ERROR_FORBIDDEN,     /* 403 */
  SWC_ERROR_NOT_FOUND,     /* 404 */
  SWC_ERROR_CONFLICT,      /* 409, 423 */
  SWC_ERROR_INVALID,       /* 400, 422: the server refused the data */
  SWC_ERROR_SERVER,        /* 5xx */
  SWC_ERROR_MALFORMED,     /* the answer is not the JSON we expect */
  SWC_ERROR_NOT_A_BACKEND, /* no catalogue backend at this address */
  SWC_ERROR_STORE,         /* the local store */
  SWC_ERROR_NO_KEYRING,    /* no keyring service: the secret lives for this session only */
  SWC_ERROR_OFFLINE,       /* the request never left: no route, refused, no name */
  SWC_ERROR_CERTIFICATE,   /* TLS: the server's certificate was refused (nothing was sent) */
  SWC_ERROR_STORE_DAMAGED, /* the local store's file is damaged: the message says how, plainly */
} SwcErrorCode;

GQuark swc_error_quark (void);
GError *swc_error_from_http (guint status, const char *method, GBytes *body);
char *swc_error_server_message (GBytes *body);
gboolean swc_error_is_transient (const GError *error);

G_END_DECLS
