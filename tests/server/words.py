# SPDX-License-Identifier: GPL-3.0-or-later
"""The tests' own copy of the 2025 <-> 2026 word table (api-2026.md §2), so a test written in the 2025 words
checks a 2026 server the same way: what it sends to the objects API goes out in 2026 words, what comes back is
read in 2025 words. Independent of the client's table (src/core/swc-vocab.c) and the server's
(tests/server), so a mistake in one of them shows."""
import os
import urllib.parse

DIALECT = os.environ.get("SWC_TESTSERVER_DIALECT", "2025")
OBJECTS = "/index.php/apps/openregister/api/objects/"

REGISTERS = {"voorzieningen": "stackiq"}
SCHEMAS = {"organisatie": "organization", "contactpersoon": "contactPerson", "gebruik": "usage",
           "koppeling": "connection", "moduleVersie": "moduleVersion", "dienst": "service",
           "kwetsbaarheid": "vulnerability", "beoordeeling": "assessment"}
ANY = {"naam": "name", "beschrijvingKort": "shortDescription", "beschrijvingLang": "longDescription",
       "aanbieder": "provider"}
PROPERTIES = {
    "organisatie": {"deelnemers": "participants"},
    "contactpersoon": {"organisatie": "organization", "functie": "role", "rollen": "roles",
                       "notificaties": "notifications"},
    "gebruik": {"afnemer": "consumer", "deelnemers": "participants", "moduleVersie": "moduleVersion",
                "startDatumVerwerving": "startDateAcquisition", "startDatumGepland": "startDatePlanned",
                "startDatumInProductie": "startDateInProduction", "startDatumUitTeFaseren": "startDateOutPhasing",
                "startDatumUitGefaseerd": "startDateOutPhased", "interneAantekening": "interneAnnotation"},
    "module": {"licentie": "licence", "referentieComponenten": "referenceComponents"},
    "contract": {"contractNummer": "contractNumber", "startDatum": "startDate", "eindDatum": "endDate",
                 "kostenPeriode": "costPeriod"},
}
_STATUS_VERSION = {"in ontwikkeling": "in development", "in gebruik": "in use",
                   "einde ondersteuning": "end of support", "teruggetrokken": "withdrawn"}
_REGISTERED_BY = {"Gemeente": "Municipality", "Applicatie": "Application", "Samenwerking": "Collaboration",
                  "Leverancier": "Supplier"}
VALUES = {
    ("organisatie", "type"): {"Gemeente": "Municipality", "Leverancier": "Supplier",
                              "Samenwerking": "Collaboration", "Community": "Community"},
    ("organisatie", "status"): {"Concept": "Draft", "Actief": "Active", "Deactief": "Inactive",
                                "samengevoegd": "merged"},
    ("gebruik", "status"): {"Verwerving": "Acquisition", "Gepland": "Planned", "In productie": "In production",
                            "Uit te faseren": "To be phased out", "Uitgefaseerd": "Phased out"},
    ("koppeling", "status"): _STATUS_VERSION,
    ("moduleVersie", "status"): _STATUS_VERSION,
    ("koppeling", "type"): {"n.v.t.": "n/a", "bestandsoverdracht": "file transfer",
                            "upload naar portaal": "upload to portal"},
    ("module", "type"): {"Applicatie": "Application", "Systeemsoftware": "System software"},
    ("contract", "contractType"): {"Licentie": "Licence", "Onderhoud": "Maintenance"},
    ("contract", "status"): {"Actief": "Active", "Verlopen": "Expired", "In onderhandeling": "In negotiation"},
    ("contract", "kostenPeriode"): {"Maandelijks": "Monthly", "Jaarlijks": "Annually", "Eenmalig": "One-off"},
}
SCHEMAS_IN = {v: k for k, v in SCHEMAS.items()}
CATALOGUE = "stackiq" if DIALECT == "2026" else "voorzieningen"  # the catalogue register's slug on the server


def is_2026():
    return DIALECT == "2026"


def prop_out(schema, name):
    return PROPERTIES.get(schema, {}).get(name) or ANY.get(name) or name


def prop_in(schema, name):
    for k, v in list(PROPERTIES.get(schema, {}).items()) + list(ANY.items()):
        if v == name:
            return k
    return name


def _values(schema, prop):
    if prop == "registeredBy":
        return _REGISTERED_BY
    return VALUES.get((schema, prop), {})


def value_out(schema, prop, value):
    if isinstance(value, list):
        return [value_out(schema, prop, v) for v in value]
    if not isinstance(value, str):
        return value
    table = {k.lower(): v for k, v in _values(schema, prop).items()}
    word = table.get(value.lower(), value)
    return word.lower() if word != value and value.islower() else word


def value_in(schema, prop, value):
    if isinstance(value, list):
        return [value_in(schema, prop, v) for v in value]
    if not isinstance(value, str):
        return value
    back = {v.lower(): k for k, v in _values(schema, prop).items()}  # "draft" as well as "Draft"
    word = back.get(value.lower(), value)
    return word.lower() if value != word and value.islower() and word != value else word


def object_out(schema, obj):
    if not is_2026() or not isinstance(obj, dict):
        return obj
    return {prop_out(schema, k): value_out(schema, k, v) for k, v in obj.items()}


def object_in(schema, obj):
    if not is_2026() or not isinstance(obj, dict):
        return obj
    out = {}
    for k, v in obj.items():
        name = prop_in(schema, k)
        out[name] = value_in(schema, name, v)
    self = out.get("@self")
    if isinstance(self, dict):
        self = dict(self)
        if self.get("register") == "stackiq":
            self["register"] = "voorzieningen"
        if isinstance(self.get("schema"), str):
            self["schema"] = SCHEMAS_IN.get(self["schema"], self["schema"])
        out["@self"] = self
    return out


SCHEMAS_PATH = "/index.php/apps/openregister/api/schemas/"


def path_out(path):
    """A path of the objects API in 2025 words, in the server's words; and the 2025 schema, or None."""
    if is_2026() and path.startswith(SCHEMAS_PATH):
        slug, _, rest = path[len(SCHEMAS_PATH):].partition("/")
        return SCHEMAS_PATH + SCHEMAS.get(slug, slug) + ("/" + rest if rest else ""), None
    if not is_2026() or not path.startswith(OBJECTS):
        return path, None
    rest, _, query = path[len(OBJECTS):].partition("?")
    parts = rest.split("/", 2)
    if len(parts) < 2 or parts[0] != "voorzieningen":
        return path, None
    schema = parts[1]
    parts[0] = REGISTERS[parts[0]]
    parts[1] = SCHEMAS.get(schema, schema)
    out = OBJECTS + "/".join(parts)
    if query:
        params = []
        for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
            if key.startswith("_order[") and key.endswith("]"):
                key = "_order[" + prop_out(schema, key[7:-1]) + "]"
            elif not key.startswith("_") and not key.startswith("@"):
                name, bracket, op = key.partition("[")  # "naam[in]"
                value = value_out(schema, name, value) if not bracket else value
                key = prop_out(schema, name) + bracket + op
            params.append((key, value))
        out += "?" + urllib.parse.urlencode(params, safe="[]@,")
    return out, schema


def app_out(path):
    """The catalogue app's path: /apps/softwarecatalog in 2025, /apps/stackiq in 2026."""
    old = "/index.php/apps/softwarecatalog/"
    return "/index.php/apps/stackiq/" + path[len(old):] if is_2026() and path.startswith(old) else path


def answer_in(schema, answer, ids=None):
    """An answer of the objects API (a list or one object) in 2025 words; ids: schema id → 2026 slug, for
    answers that mix schemas (/used, /uses)."""
    if not is_2026() or schema is None or not isinstance(answer, dict):
        return answer
    if isinstance(answer.get("results"), list):
        return dict(answer, results=[object_in(_schema_of(o, schema, ids), o) for o in answer["results"]])
    return object_in(_schema_of(answer, schema, ids), answer)


def _schema_of(obj, fallback, ids):
    self = obj.get("@self") if isinstance(obj, dict) else None
    name = self.get("schema") if isinstance(self, dict) else None
    if isinstance(name, int) or (isinstance(name, str) and name.isdigit()):
        name = (ids or {}).get(str(name))
    return SCHEMAS_IN.get(name, name) if isinstance(name, str) else fallback
