/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Datasets, deterministic from a fixed seed: empty, demo, national (--scale multiplies its counts).
 */
#define G_LOG_DOMAIN "swc-testserver"

#include "srv-dialect.h"

#include <gio/gio.h>
#include <string.h>

typedef struct
{
  Srv *srv;
  guint scale;
  GPtrArray *gemeenten; /* char* uuid */
  GPtrArray *samenwerkingen;
  GPtrArray *leveranciers;
  GPtrArray *concept_orgs;
  GPtrArray *all_orgs;
  GPtrArray *org_types; /* parallel to all_orgs: const char* */
  GPtrArray *modules;
  GPtrArray *module_supplier; /* parallel: char* supplier uuid */
  GPtrArray *products;        /* per supplier, same index as leveranciers */
  GHashTable *org_members;    /* org uuid -> GPtrArray of collaborations it is in */
  gint64 base_time;
} Seed;

static const char *suppliers[] = { "Centric",
                                   "PinkRoccade Local Government",
                                   "Visma Roxit",
                                   "Exxellence Group",
                                   "Conduction",
                                   "Decos",
                                   "Enable-U",
                                   "Unit4",
                                   "AFAS Software",
                                   "Topdesk",
                                   "Exact",
                                   "Microsoft Nederland",
                                   "Esri Nederland",
                                   "Cyclomedia",
                                   "Neuron",
                                   "Gouwe Academie",
                                   "iBurgerzaken",
                                   "Yard",
                                   "Procura",
                                   "Key2Finance",
                                   "Sim-Ci",
                                   "Tog Software",
                                   "Roxit",
                                   "Genetics",
                                   "Atos Nederland",
                                   "Ordina",
                                   "Circle Software",
                                   "Mozard",
                                   "Powerbrowser",
                                   "Zaaksysteem.nl",
                                   "Rx.Mission",
                                   "Enovation",
                                   "Green Valley",
                                   "Sociaal Domein Software",
                                   "Suites4Care",
                                   "Civision",
                                   "Dataland",
                                   "Geodan",
                                   "Antea Group",
                                   "Tensing",
                                   "Obsurv",
                                   "Kadaster Software",
                                   "GBTwente",
                                   "Bizzdesign",
                                   "Open Wave",
                                   "Maykin Media",
                                   "Acato",
                                   "Blink Digital",
                                   "Dimpact Services",
                                   "Nedap",
                                   NULL };
static const char *word_a[] = { "Ned",  "Civi",  "Gemeen",  "Data",  "Info", "Publi",
                                "Stad", "Loket", "Regio",   "Digi",  "Zaak", "Burger",
                                "Geo",  "Water", "Sociaal", "Archi", NULL };
static const char *word_b[] = { "soft", "tech", "ware",  "systems", "solutions", "logic", "point",
                                "net",  "link", "works", "base",    "flow",      NULL };
static const char *suffix[] = { "B.V.", "Nederland B.V.", "Software", "Groep", "ICT", NULL };
static const char *communities[] = {
  "Common Ground",      "Dimpact Community",          "Open Raadsinformatie", "Haal Centraal",
  "Signalen Community", "Open Formulieren Community", "Open Zaak Community",  "Digitale Balie",
  "GEMMA Community",    "Standaard Platform",         "Open Webconcept",      "NL Design System",
  "Developer Overheid", "Samen Organiseren",          "Gemeentelijke Inkoop", NULL
};
static const char *first_names[] = { "Anna",    "Bram",    "Carla",   "Daan",   "Eva",     "Femke",
                                     "Gijs",    "Hanneke", "Ivo",     "Joost",  "Karin",   "Lars",
                                     "Marieke", "Niels",   "Olga",    "Pieter", "Quinten", "Roos",
                                     "Sander",  "Tessa",   "Ufuk",    "Vera",   "Willem",  "Yara",
                                     "Zeynep",  "Fatima",  "Mohamed", "Sanne",  "Thijs",   "Linda",
                                     NULL };
static const char *last_names[] = {
  "de Vries",     "Jansen", "van den Berg", "Bakker", "Visser",    "Smit",   "Meijer",
  "de Boer",      "Mulder", "de Groot",     "Bos",    "Vos",       "Peters", "Hendriks",
  "van Leeuwen",  "Dekker", "Brouwer",      "de Wit", "Dijkstra",  "Smits",  "de Graaf",
  "van der Meer", "Kok",    "Jacobs",       "Yilmaz", "El Amrani", NULL
};
static const char *app_words[] = { "Zaak",         "Burger",    "Belasting", "Vergunning",
                                   "Klant",        "Document",  "Archief",   "Financiën",
                                   "Personeel",    "Sociaal",   "Jeugd",     "WMO",
                                   "Participatie", "GIS",       "Beheer",    "Raads",
                                   "Afval",        "Parkeer",   "Subsidie",  "Inkoop",
                                   "Contract",     "Meldingen", "Omgevings", "Basisregistratie",
                                   "Verkiezingen", NULL };
static const char *app_suffix[] = { "systeem",     "suite",      "portaal",  "module",
                                    "registratie", "applicatie", "platform", "manager",
                                    "loket",       "koppeling",  NULL };
static const char *gebruik_status[] = { "Verwerving",     "Gepland",      "In productie",
                                        "Uit te faseren", "Uitgefaseerd", NULL };
static const char *koppeling_types[] = {
  "bestandsoverdracht", "digikoppeling", "webservices", "api", "n.v.t.", NULL
};

static const char *
pick (Seed *s, const char **list)
{
  return list[g_rand_int_range (s->srv->rand, 0, g_strv_length ((GStrv) list))];
}

static const char *
pick_ptr (Seed *s, GPtrArray *a)
{
  return g_ptr_array_index (a, g_rand_int_range (s->srv->rand, 0, a->len));
}

static char *
slugify (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

/* The name of a seeded object as stored (naam, or name in the 2026 dialect). */
static const char *
name_of (Seed *s, SrvObject *obj)
{
  return json_object_get_string_member (obj->data,
                                        srv_dialect_prop (s->srv, "organisatie", "naam"));
}

/* Writes an object with its created/updated time; audit only when asked. The seed is written in
 * 2025 words; in the 2026 dialect each object is translated by the word table as it is stored. */
static char *
put (Seed *s, const char *schema_slug, JsonObject *data, const char *owner,
     const char *organisation, gint64 created, gboolean audit)
{
  SrvObject *obj =
      srv_object_new (srv_schema_find (s->srv, srv_dialect_slug (s->srv, schema_slug)));
  gint64 updated;
  char *uuid;

  json_object_unref (obj->data);
  obj->data = srv_dialect_seed_data (s->srv, schema_slug, data);
  obj->created = srv_time_format (created);
  obj->owner = g_strdup (owner ? owner : "admin");
  obj->organisation = g_strdup (organisation);
  updated = created + g_rand_int_range (s->srv->rand, 0, 86400 * 30);
  /* never in the future: a later real change must sort after every seeded one */
  s->srv->clock_offset = MIN (updated, s->base_time) - g_get_real_time () / G_USEC_PER_SEC;
  srv_object_store (s->srv, obj, obj->owner, "create", NULL, audit, NULL);
  s->srv->clock_offset = 0;
  uuid = g_strdup (obj->uuid);
  srv_object_free (obj);
  return uuid;
}

static gint64
past (Seed *s, int max_days)
{
  return s->base_time - g_rand_int_range (s->srv->rand, 3600, max_days * 86400);
}

static JsonObject *
org_data (const char *name, const char *type, const char *status, const char *website)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "naam", name);
  json_object_set_string_member (o, "type", type);
  json_object_set_string_member (o, "status", status);
  json_object_set_string_member (o, "website", website);
  return o;
}

static char *
add_org (Seed *s, JsonObject *o, const char *type, gint64 created)
{
  char *uuid = put (s, "organisatie", o, "admin", NULL, created, TRUE);

  g_ptr_array_add (s->all_orgs, uuid);
  g_ptr_array_add (s->org_types, (gpointer) type);
  return uuid;
}

static void
seed_gemeenten (Seed *s, guint limit)
{
  g_autoptr(GBytes) bytes =
      g_resources_lookup_data ("/nl/vng/Catalogusbeheer/testserver/data/gemeenten.txt", 0, NULL);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint copy = 0; copy < s->scale; copy++)
    for (guint i = 0; lines[i] && i < limit; i++)
      {
        g_auto(GStrv) f = g_strsplit (lines[i], "|", 2);
        g_autofree char *name = NULL, *site = NULL, *slug = NULL, *mail = NULL;
        JsonObject *o;
        if (g_strv_length (f) != 2)
          continue;
        name = copy ? g_strdup_printf ("Gemeente %s (%u)", f[1], copy + 1)
                    : g_strdup_printf ("Gemeente %s", f[1]);
        slug = slugify (f[1]);
        site = copy ? g_strdup_printf ("https://www.%s%u.nl", slug, copy + 1)
                    : g_strdup_printf ("https://www.%s.nl", slug);
        mail = g_strdup_printf ("info@%s.nl", slug);
        o = org_data (name, "Gemeente", "Actief", site);
        json_object_set_int_member (o, "cbsCode", g_ascii_strtoll (f[0], NULL, 10));
        json_object_set_string_member (o, "e-mailadres", mail);
        json_object_set_string_member (o, "beschrijvingKort", "Gemeente");
        g_ptr_array_add (s->gemeenten, add_org (s, o, "Gemeente", past (s, 900)));
      }
}

static char *
kvk (Seed *s)
{
  return g_strdup_printf ("%08u", g_rand_int_range (s->srv->rand, 10000000, 99999999));
}

static void
seed_leveranciers (Seed *s, guint count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *name = NULL, *slug = NULL, *site = NULL, *k = kvk (s);
      JsonObject *o;
      if (i < g_strv_length ((GStrv) suppliers) && s->scale == 1)
        name = g_strdup (suppliers[i]);
      else
        name =
            g_strdup_printf ("%s%s %s %u", pick (s, word_a), pick (s, word_b), pick (s, suffix), i);
      slug = slugify (name);
      site = g_strdup_printf ("https://www.%s.nl", slug);
      o = org_data (name, "Leverancier", "Actief", site);
      json_object_set_string_member (o, "kvkNummer", k);
      json_object_set_string_member (o, "beschrijvingKort",
                                     "Leverancier van software voor gemeenten");
      g_ptr_array_add (s->leveranciers, add_org (s, o, "Leverancier", past (s, 900)));
    }
}

static void
seed_communities (Seed *s, guint count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *name =
          i < 15 ? g_strdup (communities[i]) : g_strdup_printf ("%s %u", communities[i % 15], i);
      g_autofree char *slug = slugify (name);
      g_autofree char *site = g_strdup_printf ("https://%s.community.nl", slug);
      add_org (s, org_data (name, "Community", "Actief", site), "Community", past (s, 900));
    }
}

static void
add_membership (Seed *s, const char *member, const char *collab)
{
  GPtrArray *list = g_hash_table_lookup (s->org_members, member);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (s->org_members, (gpointer) member, list);
    }
  g_ptr_array_add (list, (gpointer) collab);
}

static void
seed_samenwerkingen (Seed *s, guint count)
{
  static const char *forms[] = { "ICT Samenwerking %s-%s",
                                 "Werkorganisatie %s %s",
                                 "Servicecentrum %s en %s",
                                 "GR %s %s",
                                 "Belastingsamenwerking %s-%s",
                                 "Shared Service Center %s %s",
                                 NULL };

  for (guint i = 0; i < count; i++)
    {
      const char *a = pick_ptr (s, s->gemeenten), *b = pick_ptr (s, s->gemeenten);
      SrvObject *ga = srv_object_load (s->srv, a, FALSE), *gb = srv_object_load (s->srv, b, FALSE);
      const char *na = name_of (s, ga) + strlen ("Gemeente ");
      const char *nb = name_of (s, gb) + strlen ("Gemeente ");
      g_autofree char *name = NULL;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      name = g_strdup_printf (forms[i % 6], na, nb); /* forms are the literals above */
#pragma GCC diagnostic pop
      g_autofree char *full = g_strdup_printf ("%s %u", name, i / 6 + 1);
      g_autofree char *slug = slugify (full);
      g_autofree char *site = g_strdup_printf ("https://www.%s.nl", slug);
      JsonObject *o = org_data (i < 6 ? name : full, "Samenwerking", "Actief", site);
      JsonArray *members = json_array_new ();
      guint n = g_rand_int_range (s->srv->rand, 2, 9);
      char *uuid;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) chosen = g_ptr_array_new (); /* strings owned by s->gemeenten */

      for (guint j = 0; j < n; j++)
        {
          const char *m = j == 0 ? a : j == 1 ? b : pick_ptr (s, s->gemeenten);
          if (g_hash_table_add (seen, (gpointer) m))
            {
              json_array_add_string_element (members, m);
              g_ptr_array_add (chosen, (gpointer) m);
            }
        }
      json_object_set_array_member (o, "deelnemers", members);
      uuid = add_org (s, o, "Samenwerking", past (s, 700));
      g_ptr_array_add (s->samenwerkingen, uuid);
      for (guint j = 0; j < chosen->len; j++)
        add_membership (s, g_ptr_array_index (chosen, j), uuid);
      srv_object_free (ga);
      srv_object_free (gb);
    }
}

/* The member side of each membership: deelnames on every member. */
static void
write_deelnames (Seed *s)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, s->org_members);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SrvObject *obj = srv_object_load (s->srv, key, FALSE);
      GPtrArray *list = value;
      JsonArray *a = json_array_new ();
      g_autofree char *created = g_strdup (obj->created);
      for (guint i = 0; i < list->len; i++)
        json_array_add_string_element (a, g_ptr_array_index (list, i));
      json_object_set_array_member (obj->data, "deelnames", a);
      srv_object_store (s->srv, obj, "admin", "update", NULL, FALSE, NULL);
      srv_object_free (obj);
    }
}

/* Registrations waiting for review, some of them near-duplicates of existing organisations. */
static void
seed_concepts (Seed *s, guint count)
{
  for (guint i = 0; i < count; i++)
    {
      JsonObject *o;
      g_autofree char *name = NULL, *site = NULL, *k = NULL;
      const char *type = i % 3 == 2 ? "Samenwerking" : "Leverancier";
      if (i % 4 == 0 && i / 4 < s->leveranciers->len)
        {
          /* the same supplier again: "B.V." added, same KvK number and website domain */
          SrvObject *orig =
              srv_object_load (s->srv, g_ptr_array_index (s->leveranciers, i / 4), FALSE);
          name = g_strdup_printf ("%s B.V.", name_of (s, orig));
          site = g_strdup_printf ("%s/over-ons",
                                  json_object_get_string_member (orig->data, "website"));
          k = g_strdup (json_object_get_string_member_with_default (orig->data, "kvkNummer", ""));
          type = "Leverancier";
          srv_object_free (orig);
        }
      else
        {
          name = g_strdup_printf ("%s%s %s %u", pick (s, word_a), pick (s, word_b),
                                  i % 3 == 2 ? "Samenwerking" : "B.V.", i);
          g_autofree char *slug = slugify (name);
          site = g_strdup_printf ("https://www.%s.nl", slug);
          k = kvk (s);
        }
      o = org_data (name, type, i % 5 == 0 ? "concept" : "Concept", site);
      json_object_set_string_member (o, "kvkNummer", k);
      json_object_set_string_member (o, "beschrijvingKort",
                                     "Aangemeld via het registratieformulier");
      g_ptr_array_add (s->concept_orgs,
                       add_org (s, o, type,
                                s->base_time - g_rand_int_range (s->srv->rand, 3600, 40 * 86400)));
    }
}

static void
seed_contacts (Seed *s, guint count)
{
  g_autoptr(GHashTable) emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *org_status =
      srv_prepare (s->srv, "SELECT json_extract(data, '$.status'), json_extract(data, '$.type'),"
                           " json_extract(data, '$.website') FROM objects WHERE uuid = ?");

  for (guint i = 0; i < count; i++)
    {
      const char *org =
          i < s->all_orgs->len ? g_ptr_array_index (s->all_orgs, i) : pick_ptr (s, s->all_orgs);
      const char *fn = pick (s, first_names), *ln = pick (s, last_names);
      g_autofree char *domain = NULL, *email = NULL, *local = NULL, *status = NULL, *type = NULL;
      JsonObject *o = json_object_new ();
      JsonArray *roles = json_array_new ();
      gboolean enabled;

      sqlite3_reset (org_status);
      sqlite3_bind_text (org_status, 1, org, -1, SQLITE_TRANSIENT);
      sqlite3_step (org_status);
      status = g_strdup ((const char *) sqlite3_column_text (org_status, 0));
      type = g_strdup ((const char *) sqlite3_column_text (org_status, 1));
      domain = g_strdup ((const char *) sqlite3_column_text (org_status, 2));
      local = slugify (ln);
      email = g_strdup_printf ("%c.%s%u@%s", g_ascii_tolower (fn[0]), local, i,
                               domain ? strstr (domain, "://") + 3 : "example.nl");
      if (g_str_has_prefix (strrchr (email, '@') + 1, "www."))
        memmove (strrchr (email, '@') + 1, strrchr (email, '@') + 5,
                 strlen (strrchr (email, '@') + 5) + 1);
      if (strchr (strrchr (email, '@'), '/'))
        *strchr (strrchr (email, '@'), '/') = '\0';
      json_object_set_string_member (o, "voornaam", fn);
      json_object_set_string_member (o, "achternaam", ln);
      json_object_set_string_member (o, "functie",
                                     i % 2 ? "Informatiemanager" : "Applicatiebeheerder");
      json_object_set_string_member (o, "organisatie", org);
      json_object_set_string_member (o, "e-mailadres", email);
      json_object_set_string_member (o, "username", email);
      json_object_set_boolean_member (o, "isAanspreekpunt", i < s->all_orgs->len);
      json_array_add_string_element (roles, g_str_equal (srv_role_group_for_type (type),
                                                         "aanbod-beheerder")
                                                ? "Aanbod-beheerder"
                                                : "Gebruik-beheerder");
      json_object_set_array_member (o, "rollen", roles);
      g_free (put (s, "contactpersoon", o, "admin", org, past (s, 600), FALSE));
      enabled = srv_dialect_is_value ("organisatie", "status", "Actief", status);
      srv_user_create (s->srv, email, "welkom123", NULL, email, enabled);
      srv_user_add_group (s->srv, email, srv_role_group_for_type (type));
    }
  sqlite3_finalize (org_status);
}

static void
seed_products (Seed *s)
{
  for (guint i = 0; i < s->leveranciers->len; i++)
    {
      const char *sup = g_ptr_array_index (s->leveranciers, i);
      SrvObject *o = srv_object_load (s->srv, sup, FALSE);
      JsonObject *d = json_object_new ();
      g_autofree char *name = g_strdup_printf ("Productportfolio %s", name_of (s, o));
      json_object_set_string_member (d, "naam", name);
      json_object_set_string_member (d, "website",
                                     json_object_get_string_member (o->data, "website"));
      json_object_set_string_member (d, "aanbieder", sup);
      g_ptr_array_add (s->products, put (s, "product", d, "admin", sup, past (s, 800), FALSE));
      srv_object_free (o);
    }
}

static JsonObject *
module_data (Seed *s, const char *name, const char *supplier)
{
  JsonObject *d = json_object_new ();

  json_object_set_string_member (d, "naam", name);
  json_object_set_string_member (d, "beschrijvingKort", "Applicatie voor gemeentelijke taken");
  json_object_set_string_member (d, "type",
                                 g_rand_int_range (s->srv->rand, 0, 10) ? "Applicatie"
                                                                        : "Component");
  json_object_set_string_member (d, "licentietype",
                                 g_rand_int_range (s->srv->rand, 0, 5) ? "Closed source"
                                                                       : "Open source");
  json_object_set_string_member (d, "aanbieder", supplier);
  return d;
}

/* Supplier packages, then concept packages registered by municipalities under a concept supplier.
 */
static void
seed_modules (Seed *s, guint count, guint concepts)
{
  GPtrArray *concept_suppliers = g_ptr_array_new ();

  for (guint i = 0; i < s->concept_orgs->len; i++)
    if (i % 3 != 2)
      g_ptr_array_add (concept_suppliers, g_ptr_array_index (s->concept_orgs, i));
  for (guint i = 0; i < count; i++)
    {
      guint si = g_rand_int_range (s->srv->rand, 0, s->leveranciers->len);
      const char *sup = g_ptr_array_index (s->leveranciers, si);
      g_autofree char *name =
          g_strdup_printf ("%s%s %u", pick (s, app_words), pick (s, app_suffix), i + 1);
      g_ptr_array_add (s->modules, put (s, "module", module_data (s, name, sup), "admin", sup,
                                        past (s, 800), FALSE));
      g_ptr_array_add (s->module_supplier, (gpointer) sup);
    }
  for (guint i = 0; i < concepts && concept_suppliers->len; i++)
    {
      const char *gem = pick_ptr (s, s->gemeenten);
      const char *sup = pick_ptr (s, concept_suppliers);
      g_autofree char *name = NULL;
      if (i % 3 == 0)
        {
          /* a duplicate of an existing supplier package, typed in slightly differently */
          SrvObject *m = srv_object_load (s->srv, pick_ptr (s, s->modules), FALSE);
          name = g_ascii_strdown (name_of (s, m), -1);
          srv_object_free (m);
        }
      else
        name =
            g_strdup_printf ("%s%s (lokaal) %u", pick (s, app_words), pick (s, app_suffix), i + 1);
      g_free (put (s, "module", module_data (s, name, sup), "gebruik", gem,
                   s->base_time - g_rand_int_range (s->srv->rand, 3600, 90 * 86400), FALSE));
    }
  g_ptr_array_unref (concept_suppliers);
}

static void
seed_koppelingen (Seed *s, guint count)
{
  for (guint i = 0; i < count; i++)
    {
      guint a = g_rand_int_range (s->srv->rand, 0, s->modules->len);
      JsonObject *d = json_object_new ();
      g_autofree char *name = g_strdup_printf ("Koppeling %u", i + 1);
      json_object_set_string_member (d, "naam", name);
      json_object_set_string_member (d, "type", pick (s, koppeling_types));
      json_object_set_string_member (d, "status", "in gebruik");
      json_object_set_string_member (d, "gegevensuitwisselingRichting",
                                     i % 3 ? "AnaarB" : "bi-directioneel");
      json_object_set_string_member (d, "moduleA", g_ptr_array_index (s->modules, a));
      json_object_set_string_member (d, "moduleB", pick_ptr (s, s->modules));
      json_object_set_string_member (d, "aanbieder", g_ptr_array_index (s->module_supplier, a));
      g_free (put (s, "koppeling", d, "admin", NULL, past (s, 700), FALSE));
    }
}

static void
seed_gebruik (Seed *s, guint count)
{
  for (guint i = 0; i < count; i++)
    {
      const char *afnemer = pick_ptr (s, s->gemeenten);
      guint m = g_rand_int_range (s->srv->rand, 0, s->modules->len);
      const char *sup = g_ptr_array_index (s->module_supplier, m);
      JsonObject *d = json_object_new ();
      GPtrArray *collabs = g_hash_table_lookup (s->org_members, afnemer);
      guint si;

      for (si = 0; si < s->leveranciers->len && g_ptr_array_index (s->leveranciers, si) != sup;
           si++)
        ;
      json_object_set_string_member (d, "afnemer", afnemer);
      json_object_set_string_member (d, "module", g_ptr_array_index (s->modules, m));
      json_object_set_string_member (d, "product", g_ptr_array_index (s->products, si));
      json_object_set_string_member (d, "status", pick (s, gebruik_status));
      json_object_set_string_member (d, "startDatumInProductie", "2021-01-01");
      if (collabs != NULL && i % 4 == 0)
        {
          JsonArray *a = json_array_new ();
          json_array_add_string_element (a, g_ptr_array_index (collabs, 0));
          json_object_set_array_member (d, "deelnemers", a);
        }
      g_free (put (s, "gebruik", d, "gebruik", afnemer, past (s, 700), FALSE));
    }
}

static JsonObject *
menu_item (int order, const char *name, const char *link)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "order", order);
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "link", link);
  json_object_set_array_member (o, "items", json_array_new ());
  return o;
}

static void
seed_menu (Seed *s, const char *title, int position, const char **items, gboolean hide_after,
           gboolean hide_before)
{
  JsonObject *d = json_object_new ();
  JsonArray *a = json_array_new ();

  for (int i = 0; items[i]; i += 2)
    {
      JsonObject *it = menu_item (i / 2 + 1, items[i], items[i + 1]);
      if (hide_after)
        json_object_set_boolean_member (it, "hideAfterLogin", TRUE);
      json_array_add_object_element (a, it);
    }
  json_object_set_string_member (d, "title", title);
  json_object_set_int_member (d, "position", position);
  json_object_set_array_member (d, "items", a);
  if (hide_before)
    json_object_set_boolean_member (d, "hideBeforeLogin", TRUE);
  g_free (put (s, "menu", d, "admin", NULL, past (s, 300), TRUE));
}

static void
seed_page (Seed *s, const char *title, const char *slug, const char *html)
{
  JsonObject *d = json_object_new ();
  JsonArray *contents = json_array_new ();
  JsonObject *block = json_object_new ();
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "content", html);
  json_object_set_string_member (block, "id", "b1");
  json_object_set_string_member (block, "type", "RichText");
  json_object_set_int_member (block, "order", 1);
  json_object_set_object_member (block, "data", data);
  json_array_add_object_element (contents, block);
  json_object_set_string_member (d, "title", title);
  json_object_set_string_member (d, "slug", slug);
  json_object_set_array_member (d, "contents", contents);
  g_free (put (s, "page", d, "admin", NULL, past (s, 300), TRUE));
}

static void
seed_cms (Seed *s)
{
  const char *user_menu[] = { "Aanmelden", "/register", "Inloggen", "/login", NULL };
  const char *main_nav[] = { "Home",
                             "/",
                             "Organisaties",
                             "/zoeken?_schema=organisatie",
                             "Applicaties",
                             "/zoeken?_schema=module",
                             NULL };
  const char *footer_left[] = { "GEMMA Online", "https://www.gemmaonline.nl", "NORA Online",
                                "https://www.noraonline.nl", NULL };
  const char *footer_center[] = { "VNG", "https://vng.nl", NULL };
  const char *footer_right[] = { "Commonground", "https://commonground.nl", NULL };
  const char *footer_sub[] = { "Privacy",
                               "/privacyverklaring",
                               "Algemene voorwaarden",
                               "/algemene-voorwaarden",
                               "Disclaimer",
                               "/disclaimer",
                               "FAQ",
                               "/faq",
                               NULL };
  const char *admin[] = { "Dashboard", "/beheer", "Uitloggen", "/logout", NULL };
  const char *dashboard[] = { "Dashboard",
                              "/beheer",
                              "Mijn account",
                              "/beheer/my-account",
                              "Mijn organisatie",
                              "/beheer/my-organisation",
                              "Diensten",
                              "/beheer/diensten",
                              "Contactpersonen",
                              "/beheer/contactpersoon",
                              "Applicaties",
                              "/beheer/applicaties",
                              "Gebruik",
                              "/beheer/gebruik",
                              "Koppelingen",
                              "/beheer/koppeling",
                              "Views",
                              "/beheer/view",
                              NULL };
  static const char *glossary[] = { "Addendum",
                                    "Convenant VNG",
                                    "Eindproduct-standaard",
                                    "Gegevensstandaard",
                                    "Leverancier",
                                    "Referentiecomponent",
                                    "SaaS",
                                    NULL };

  seed_menu (s, "User Menu", 1, user_menu, TRUE, FALSE);
  seed_menu (s, "Main nav", 2, main_nav, FALSE, FALSE);
  seed_menu (s, "Footer Left", 3, footer_left, FALSE, FALSE);
  seed_menu (s, "Footer Center", 4, footer_center, FALSE, FALSE);
  seed_menu (s, "Footer Right", 5, footer_right, FALSE, FALSE);
  seed_menu (s, "Footer Sub", 6, footer_sub, FALSE, FALSE);
  seed_menu (s, "Admin", 1, admin, FALSE, TRUE);
  seed_menu (s, "Dashboard", 7, dashboard, FALSE, TRUE);
  seed_page (s, "Home", "home", "<h1>DE PLEK WAAR GEMEENTEN EN LEVERANCIERS ELKAAR VINDEN</h1>");
  seed_page (s, "Over de Softwarecatalogus", "about",
             "<p>De Softwarecatalogus is van en voor gemeenten.</p>");
  seed_page (s, "Website", "website", "<p>Over deze website.</p>");
  seed_page (s, "Privacyverklaring", "privacyverklaring", "<p>Hoe wij met uw gegevens omgaan.</p>");
  seed_page (s, "Disclaimer", "disclaimer",
             "<p>Aan deze website kunnen geen rechten worden ontleend.</p>");
  seed_page (s, "Algemene voorwaarden", "algemene-voorwaarden",
             "<p>De voorwaarden voor gebruik.</p>");
  seed_page (s, "Veelgestelde vragen", "faq", "<p>Antwoorden op veelgestelde vragen.</p>");
  for (guint i = 0; glossary[i]; i++)
    {
      JsonObject *d = json_object_new ();
      json_object_set_string_member (d, "title", glossary[i]);
      json_object_set_string_member (d, "summary", "Begrip uit de Softwarecatalogus");
      g_free (put (s, "glossary", d, "admin", NULL, past (s, 300), FALSE));
    }
  {
    const char *themes[][2] = { { "Voor 342 gemeenten", "Gemeenten vinden hier software" },
                                { "Voor 336 leveranciers", "Leveranciers tonen hun aanbod" },
                                { "Voor 15 community's", "Communities delen kennis" } };
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *d = json_object_new ();
        json_object_set_string_member (d, "title", themes[i][0]);
        json_object_set_string_member (d, "summary", themes[i][1]);
        json_object_set_int_member (d, "sort", i + 1);
        g_free (put (s, "theme", d, "admin", NULL, past (s, 300), FALSE));
      }
  }
}

static void
seed_free (Seed *s)
{
  g_ptr_array_unref (s->gemeenten);
  g_ptr_array_unref (s->samenwerkingen);
  g_ptr_array_unref (s->leveranciers);
  g_ptr_array_unref (s->concept_orgs);
  g_ptr_array_unref (s->all_orgs);
  g_ptr_array_unref (s->org_types);
  g_ptr_array_unref (s->modules);
  g_ptr_array_unref (s->module_supplier);
  g_ptr_array_unref (s->products);
  g_hash_table_unref (s->org_members);
}

gboolean
srv_seed (Srv *srv, const char *dataset, guint scale, GError **error)
{
  Seed s = { srv, MAX (scale, 1) };
  gboolean demo = g_str_equal (dataset, "demo");
  guint k = demo ? 1 : s.scale;
  sqlite3_stmt *meta;

  if (!demo && !g_str_equal (dataset, "national") && !g_str_equal (dataset, "empty"))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Unknown dataset '%s'",
                   dataset);
      return FALSE;
    }
  /* the start of today: ages look right ("3 days ago") and nothing is dated in the future */
  s.base_time = g_get_real_time () / G_USEC_PER_SEC / 86400 * 86400;
  s.gemeenten = g_ptr_array_new_with_free_func (NULL);
  s.samenwerkingen = g_ptr_array_new ();
  s.leveranciers = g_ptr_array_new ();
  s.concept_orgs = g_ptr_array_new ();
  s.all_orgs = g_ptr_array_new_with_free_func (g_free);
  s.org_types = g_ptr_array_new ();
  s.modules = g_ptr_array_new_with_free_func (g_free);
  s.module_supplier = g_ptr_array_new ();
  s.products = g_ptr_array_new_with_free_func (g_free);
  s.org_members =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  srv_exec (srv, "BEGIN");
  srv_users_seed_fixed (srv);
  if (!g_str_equal (dataset, "empty"))
    {
      seed_gemeenten (&s, demo ? 12 : 342);
      seed_leveranciers (&s, demo ? 8 : 340 * k);
      seed_communities (&s, demo ? 2 : 15 * k);
      seed_samenwerkingen (&s, demo ? 3 : 150 * k);
      write_deelnames (&s);
      seed_concepts (&s, demo ? 6 : 40 * k);
      seed_contacts (&s, demo ? 40 : 3000 * k);
      seed_products (&s);
      seed_modules (&s, demo ? 60 : 5950 * k, demo ? 6 : 150 * k);
      seed_koppelingen (&s, demo ? 30 : 3400 * k);
      seed_gebruik (&s, demo ? 200 : 40000 * k);
      seed_cms (&s);
    }
  meta = srv_prepare (srv, "INSERT OR REPLACE INTO meta (key, value) VALUES ('dataset', ?)");
  sqlite3_bind_text (meta, 1, dataset, -1, SQLITE_TRANSIENT);
  sqlite3_step (meta);
  sqlite3_finalize (meta);
  srv_exec (srv, "COMMIT");
  seed_free (&s);
  return TRUE;
}
