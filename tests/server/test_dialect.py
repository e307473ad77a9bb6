# SPDX-License-Identifier: GPL-3.0-or-later
"""--dialect 2026: the stackiq register (same dataset as 2025, in 2026 words) and the stackiq app's endpoints."""
import os
import subprocess

from testlib import OR, SERVER, Server, ServerTest, main

APP = "/index.php/apps/stackiq/api"
OCS = {"OCS-APIRequest": "true"}
SLUGS = {"organisatie": "organization", "contactpersoon": "contactPerson", "gebruik": "usage",
         "koppeling": "connection", "moduleVersie": "moduleVersion", "dienst": "service",
         "module": "module", "product": "product", "contract": "contract", "compliancy": "compliancy"}
ORG_TYPE = {"Gemeente": "Municipality", "Leverancier": "Supplier", "Samenwerking": "Collaboration",
            "Community": "Community"}
ORG_STATUS = {"Concept": "Draft", "concept": "draft", "Actief": "Active", "Deactief": "Inactive"}
USAGE_STATUS = {"Verwerving": "Acquisition", "Gepland": "Planned", "In productie": "In production",
                "Uit te faseren": "To be phased out", "Uitgefaseerd": "Phased out"}
CONN_TYPE = {"n.v.t.": "n/a", "bestandsoverdracht": "file transfer", "upload naar portaal": "upload to portal"}
CONN_STATUS = {"in ontwikkeling": "in development", "in gebruik": "in use", "einde ondersteuning": "end of support",
               "teruggetrokken": "withdrawn"}
MODULE_TYPE = {"Applicatie": "Application", "Systeemsoftware": "System software"}


def fetch_all(srv, register, schema):
    status, body = srv.objects(schema, "_limit=100000", register)
    assert status == 200, (schema, status)
    return {o["id"]: o for o in body["results"]}


class Dialect2026(ServerTest):
    env = {"SWC_TESTSERVER_DIALECT": "2026"}  # the environment variable is the default of --dialect

    def all26(self, schema, query=""):
        return self.all(schema, query, register="stackiq")

    def one26(self, schema, query=""):
        return self.all26(schema, query)[0]

    def app(self, method, path, body=None, user="admin", headers=OCS):
        return self.srv.json(method, APP + path, body, user=user, headers=headers)

    # ---- the register ----

    def test_register_and_schemas(self):
        status, regs = self.srv.json("GET", f"{OR}/registers")
        self.assertEqual(status, 200)
        cat = [r for r in regs["results"] if r["id"] == 3][0]
        self.assertEqual((cat["slug"], cat["title"]), ("stackiq", "Voorzieningen"))
        status, _ = self.srv.objects("organisatie", "_limit=1", "voorzieningen")
        self.assertEqual(status, 404)  # the 2025 slugs are gone
        status, schemas = self.srv.json("GET", f"{OR}/schemas")
        by_slug = {s["slug"]: s for s in schemas["results"]}
        for old, new in SLUGS.items():
            self.assertIn(new, by_slug, old)
        org = by_slug["organization"]["properties"]
        self.assertEqual(org["type"]["enum"], ["Municipality", "Supplier", "Collaboration", "Community"])
        self.assertEqual(org["status"]["enum"], ["Draft", "Active", "Inactive", "merged"])
        self.assertEqual(org["registrationStatus"]["enum"], ["pending", "active", "rejected"])
        for name in ("name", "shortDescription", "longDescription", "participants", "deelnames", "mergedInto",
                     "contactsUid", "publicationDate", "contactpersonen", "website", "kvkNummer"):
            self.assertIn(name, org)
        self.assertNotIn("naam", org)
        self.assertTrue(org["participants"]["writeBack"])
        self.assertEqual(org["participants"]["items"]["$ref"], "organization")
        self.assertEqual(org["contactpersonen"]["items"]["inversedBy"], "organization")
        self.assertIn("name", by_slug["organization"]["required"])
        usage = by_slug["usage"]["properties"]
        for name in ("consumer", "participants", "moduleVersion", "startDateInProduction", "interneAnnotation"):
            self.assertIn(name, usage)
        self.assertEqual(usage["consumer"]["$ref"], "organization")
        self.assertEqual(usage["status"]["enum"], list(USAGE_STATUS.values()))
        self.assertEqual(by_slug["connection"]["properties"]["type"]["enum"],
                         ["n/a", "file transfer", "digikoppeling", "message que", "upload to portal", "webservices",
                          "api"])
        self.assertEqual(by_slug["contract"]["properties"]["contractType"]["enum"], ["SLA", "Licence", "Maintenance"])
        self.assertIn("costPeriod", by_slug["contract"]["properties"])
        self.assertEqual(by_slug["contactPerson"]["properties"]["organization"]["$ref"], "organization")
        self.assertIn("roles", by_slug["contactPerson"]["properties"])
        self.assertEqual(by_slug["module"]["properties"]["type"]["enum"],
                         ["Application", "System software", "Suite", "Component"])
        self.assertIn("licence", by_slug["module"]["properties"])

    def test_objects_in_2026_words(self):
        org = self.one26("organization", "type=Municipality")
        self.assertEqual((org["type"], org["status"], org["registrationStatus"]), ("Municipality", "Active", "active"))
        self.assertEqual(org["@self"]["name"], org["name"])
        self.assertNotIn("naam", org)
        usage = self.one26("usage")
        self.assertIn(usage["status"], USAGE_STATUS.values())
        self.assertIn("consumer", usage)
        self.assertEqual(usage["@self"]["relations"]["consumer"], usage["consumer"])
        person = self.one26("contactPerson")
        self.assertIn(person["role"], ("Informatiemanager", "Applicatiebeheerder"))
        self.assertIn(person["roles"][0], ("Aanbod-beheerder", "Gebruik-beheerder"))  # role values stay Dutch
        conn = self.one26("connection")
        self.assertEqual(conn["status"], "in use")
        self.assertIn("provider", conn)
        drafts = self.all26("organization", "status=Draft")  # other tests may have moderated some
        self.assertTrue(any(o["status"] == "draft" for o in drafts))  # the lower-case outlier stays lower case
        self.assertTrue(all(o["status"].lower() == "draft" for o in self.all26("organization", "registrationStatus=pending")))
        self.assertTrue(all(o["registrationStatus"] == "active" for o in self.all26("organization", "status=Active")))

    def test_filters_search_and_order_on_translated_fields(self):
        municipalities = self.all26("organization", "type=Municipality")
        self.assertEqual(len(municipalities), 12)
        self.assertEqual(len(self.all26("organization", "type=Gemeente")), 0)
        names = [o["name"] for o in self.all26("organization", "type=Municipality&_order[name]=desc")]
        self.assertEqual(names, sorted(names, reverse=True))
        self.assertTrue(self.all26("usage", "status=In%20production"))
        hit = self.all26("organization", "_search=Aalsmeer")
        self.assertIn("Gemeente Aalsmeer", [o["name"] for o in hit])
        self.assertTrue(all("aalsmeer" in o["name"].lower() for o in hit))
        one = self.all26("organization", f"name={municipalities[0]['name'].replace(' ', '%20')}")
        self.assertEqual(len(one), 1)
        consumer = self.one26("usage")["consumer"]
        self.assertTrue(all(u["consumer"] == consumer for u in self.all26("usage", f"consumer={consumer}")))

    def test_participants_written_back_to_deelnames(self):
        collab = self.one26("organization", "type=Collaboration")
        municipalities = self.all26("organization", "type=Municipality")
        outsider = [m for m in municipalities if m["id"] not in collab["participants"]][0]
        leaving = collab["participants"][0]
        new = [p for p in collab["participants"] if p != leaving] + [outsider["id"]]
        status, _ = self.srv.json("PATCH", f"{OR}/objects/stackiq/organization/{collab['id']}", {"participants": new})
        self.assertEqual(status, 200)
        status, joined = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{outsider['id']}")
        self.assertIn(collab["id"], joined["deelnames"])
        status, left = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{leaving}")
        self.assertNotIn(collab["id"], left.get("deelnames") or [])
        status, trail = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{outsider['id']}/audit-trails")
        self.assertTrue(any("deelnames" in (e.get("changed") or {}) for e in trail["results"]))

    # ---- auth and CSRF ----

    def test_unauthenticated_and_csrf(self):
        org = self.one26("organization")
        for method, path in (("POST", f"/organisaties/{org['id']}/merge/dry-run"), ("GET", "/moderation/pending"),
                             ("POST", f"/organisations/{org['id']}/members"),
                             ("GET", f"/contactpersonen/organisation/{org['id']}")):
            status, body = self.app(method, path, {}, user=None)
            self.assertEqual((status, body), (401, {"message": "Current user is not logged in"}), path)
        for method, path in (("POST", f"/organisaties/{org['id']}/merge/dry-run"),
                             ("POST", f"/organisaties/{org['id']}/merge"), ("GET", "/moderation/pending"),
                             ("POST", f"/moderation/{org['id']}/approve")):
            status, body = self.app(method, path, {"targetUuid": org["id"]}, headers={})
            self.assertEqual((status, body), (412, {"message": "CSRF check failed"}), path)
        status, _, _ = self.srv.request("GET", "/index.php/apps/softwarecatalog/api/me")
        self.assertEqual(status, 404)  # 2026 serves the app as stackiq only

    # ---- merge ----

    def test_merge_dry_run_blockers(self):
        a, b = self.all26("organization", "type=Supplier")[:2]
        unknown = "00000000-0000-4000-8000-000000000000"
        zero = {"groupMembers": 0, "usage": 0, "contactPerson": 0, "aanbod": 0, "contract": 0, "compliancy": 0}
        status, body = self.app("POST", f"/organisaties/{a['id']}/merge/dry-run", {"targetUuid": a["id"]})
        self.assertEqual(status, 200)
        self.assertEqual(body, {"sourceUuid": a["id"], "targetUuid": a["id"], "counts": zero,
                                "blockers": [{"type": "self-merge",
                                              "message": "Source and target organisation cannot be the same."}]})
        status, body = self.app("POST", f"/organisaties/{unknown}/merge/dry-run", {"targetUuid": unknown[:-1] + "1"})
        self.assertEqual(status, 200)
        self.assertEqual(body["blockers"], [
            {"type": "source-not-found", "message": "Source organisation not found."},
            {"type": "target-not-found", "message": "Target organisation not found."}])
        self.assertEqual(body["counts"], zero)
        status, body = self.app("POST", f"/organisaties/{a['id']}/merge", {"targetUuid": unknown})
        self.assertEqual(status, 409)
        self.assertEqual(body, {"message": "Merge request rejected.",
                                "blockers": [{"type": "target-not-found", "message": "Target organisation not found."}]})
        status, body = self.app("POST", f"/organisaties/{a['id']}/merge/dry-run", {"targetUuid": b["id"]}, user="gebruik")
        self.assertEqual((status, body), (403, {"message": "Only administrators may merge organisations"}))
        status, body = self.app("POST", f"/organisaties/{a['id']}/merge", {"targetUuid": b["id"]}, user="gebruik")
        self.assertEqual((status, body), (403, {"message": "Only administrators may merge organisations"}))

    def test_merge_execute_repoints_moves_members_and_tombstones(self):
        municipalities = self.all26("organization", "type=Municipality")
        usages = self.all26("usage")
        source = max(municipalities, key=lambda m: sum(u["consumer"] == m["id"] for u in usages))
        target = [m for m in municipalities if m["id"] != source["id"]][0]
        n_usage = sum(u["consumer"] == source["id"] or source["id"] in (u.get("participants") or []) for u in usages)
        n_people = len(self.all26("contactPerson", f"organization={source['id']}"))
        status, body = self.app("POST", f"/organisations/{source['id']}/members", {"userId": "bezoeker"},
                                user="maintainer", headers={})
        self.assertEqual(status, 200)
        status, dry = self.app("POST", f"/organisaties/{source['id']}/merge/dry-run", {"targetUuid": target["id"]})
        self.assertEqual(status, 200)
        self.assertEqual(dry["blockers"], [])
        self.assertEqual(dry["counts"], {"groupMembers": 1, "usage": n_usage, "contactPerson": n_people, "aanbod": 0,
                                         "contract": 0, "compliancy": 0})
        status, done = self.app("POST", f"/organisaties/{source['id']}/merge", {"targetUuid": target["id"]})
        self.assertEqual(status, 200)
        self.assertEqual(sorted(done), ["counts", "ok", "operationId", "sourceUuid", "status", "targetUuid"])
        self.assertEqual((done["ok"], done["status"], done["counts"]), (True, "completed", dry["counts"]))
        self.assertEqual(self.all26("usage", f"consumer={source['id']}"), [])
        self.assertEqual(len(self.all26("contactPerson", f"organization={target['id']}")) >= n_people, True)
        status, tomb = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{source['id']}")
        self.assertEqual((tomb["status"], tomb["mergedInto"]), ("merged", target["id"]))
        status, groups = self.srv.json("GET", "/ocs/v2.php/cloud/users/bezoeker/groups?format=json", headers=OCS)
        self.assertIn(target["id"], groups["ocs"]["data"]["groups"])
        self.assertNotIn(source["id"], groups["ocs"]["data"]["groups"])
        status, trail = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{source['id']}/audit-trails")
        self.assertTrue(any(e["action"] == "update" and "mergedInto" in (e.get("changed") or {})
                            for e in trail["results"]))
        # the same merge again: no blocker, nothing left to do
        status, again = self.app("POST", f"/organisaties/{source['id']}/merge/dry-run", {"targetUuid": target["id"]})
        self.assertEqual((status, again["blockers"]), (200, []))
        self.assertEqual(set(again["counts"].values()), {0})
        status, again = self.app("POST", f"/organisaties/{source['id']}/merge", {"targetUuid": target["id"]})
        self.assertEqual((status, again["status"]), (200, "already_completed"))
        # merged away: a source into another target, or anything into the tombstone
        other = municipalities[2]
        status, body = self.app("POST", f"/organisaties/{source['id']}/merge/dry-run", {"targetUuid": other["id"]})
        self.assertEqual(body["blockers"], [{"type": "source-already-merged", "message":
                                             "Source organisation has already been merged into a different target."}])
        status, body = self.app("POST", f"/organisaties/{other['id']}/merge/dry-run", {"targetUuid": source["id"]})
        self.assertEqual(body["blockers"], [{"type": "target-already-merged", "message":
                                             "Target organisation has already been merged into another organisation."}])
        self.assertEqual(set(body["counts"].values()), {0})

    # ---- moderation ----

    def test_moderation(self):
        status, body = self.app("GET", "/moderation/pending?type=organization")
        self.assertEqual(status, 200)
        self.assertEqual((body["ok"], body["reason"]), (True, "ok"))
        drafts = self.all26("organization", "registrationStatus=pending")
        self.assertEqual(sorted(i["id"] for i in body["items"]), sorted(o["id"] for o in drafts))
        self.assertNotIn("@self", body["items"][0])
        first, second = body["items"][0]["id"], body["items"][1]["id"]
        status, body = self.app("POST", f"/moderation/{first}/approve?type=organization")
        self.assertEqual((status, body), (200, {"ok": True, "reason": "approved", "status": "active"}))
        status, org = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{first}")
        self.assertEqual(org["registrationStatus"], "active")
        self.assertTrue(org["publicationDate"].endswith("+00:00"))
        self.assertIn(org["status"], ("Draft", "draft"))  # status is the client's to PATCH
        status, body = self.app("POST", f"/moderation/{second}/reject?type=organization")
        self.assertEqual((status, body), (200, {"ok": True, "reason": "rejected", "status": "rejected"}))
        status, org = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{second}")
        self.assertEqual((org["registrationStatus"], org.get("publicationDate")), ("rejected", None))
        status, body = self.app("POST", f"/moderation/{first}/approve?type=organization")
        self.assertEqual((status, body), (400, {"message": "entry is not pending moderation"}))
        status, body = self.app("POST", "/moderation/00000000-0000-4000-8000-000000000000/reject?type=organization")
        self.assertEqual((status, body), (400, {"message": "entry not found"}))
        status, body = self.app("GET", "/moderation/pending?type=gemeente")
        self.assertEqual((status, body), (400, {"message": "register/schema not configured"}))
        status, body = self.app("POST", f"/moderation/{first}/approve?type=gemeente")
        self.assertEqual((status, body), (400, {"message": "register/schema not configured"}))
        status, _ = self.app("GET", "/moderation/pending?type=organization", user="gebruik")
        self.assertEqual(status, 403)

    # ---- intake ----

    def test_intake(self):
        body = {"organisation": {"name": "Nieuwe Leverancier B.V.", "website": "https://nieuw.example",
                                 "registrationStatus": "active", "publicationDate": "2020-01-01T00:00:00+00:00",
                                 "type": "Supplier", "contactsUid": "abc", "status": "Active"}}
        status, answer = self.app("POST", "/intake/register", body, user=None, headers={})
        self.assertEqual(status, 202)
        self.assertEqual(sorted(answer), ["message", "ok", "status", "uuid"])
        self.assertEqual((answer["ok"], answer["status"]), (True, "pending"))
        status, org = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{answer['uuid']}")
        self.assertEqual((org["name"], org["status"], org["registrationStatus"]),
                         ("Nieuwe Leverancier B.V.", "Draft", "pending"))
        for key in ("type", "contactsUid", "publicationDate"):
            self.assertNotIn(key, org)
        status, again = self.app("POST", "/intake/register", body, user=None, headers={})
        self.assertEqual(status, 400)
        self.assertEqual(sorted(again), ["message"])
        status, bad = self.app("POST", "/intake/register", {"organisation": {}}, user=None, headers={})
        self.assertEqual(status, 400)
        self.assertIn("message", bad)

    # ---- members ----

    def test_members(self):
        org = self.one26("organization", "type=Supplier")
        path = f"/organisations/{org['id']}/members"
        for user in ("admin", "gebruik"):
            status, body = self.app("POST", path, {"userId": "aanbod"}, user=user, headers={})
            self.assertEqual((status, body), (403, {"error": "Only a beheerder of this organisation may grant or "
                                                             "revoke access"}))
        status, body = self.app("POST", path, {"userId": "nobody"}, user="maintainer", headers={})
        self.assertEqual((status, body), (404, {"error": "User not found"}))
        status, body = self.app("POST", path, {"userId": "aanbod"}, user="maintainer", headers={})
        self.assertEqual((status, body), (200, {"message": "Successfully granted organisation access",
                                                "userId": "aanbod"}))
        status, body = self.app("DELETE", f"{path}/aanbod", user="maintainer", headers={})
        self.assertEqual((status, body), (200, {"message": "Successfully revoked organisation access",
                                                "userId": "aanbod"}))
        status, body = self.app("DELETE", f"{path}/nobody", user="maintainer", headers={})
        self.assertEqual((status, body), (404, {"error": "User not found"}))

    # ---- contactpersonen ----

    def test_contactpersonen_groups_are_objects(self):
        status, body = self.app("GET", "/contactpersonen/available-groups")
        self.assertEqual(status, 200)
        self.assertTrue(body["success"])
        self.assertEqual([g["id"] for g in body["groups"]], ["gebruik-beheerder", "aanbod-beheerder",
                                                              "gebruik-raadpleger"])
        self.assertEqual(sorted(body["groups"][0]), ["description", "id", "name"])
        org = self.one26("organization", "type=Municipality")
        status, body = self.app("GET", f"/contactpersonen/organisation/{org['id']}")
        self.assertEqual(status, 200)
        self.assertTrue(body["success"])
        self.assertGreaterEqual(body["total"], 1)
        person = body["contactpersonen"][0]
        self.assertEqual(person["data"]["organization"], org["id"])
        status, info = self.app("GET", f"/contactpersonen/{person['uuid']}/user-info")
        self.assertEqual(status, 200)
        self.assertEqual(sorted(info["userInfo"]), ["disabled", "groups", "hasUser", "username"])
        self.assertEqual(sorted(info["availableGroups"][0]), ["description", "id", "name"])
        status, tenant = self.srv.json("GET", f"{OR}/organisations/{org['id']}")
        self.assertEqual((status, tenant["name"], tenant["active"]), (200, org["name"], True))

    def test_new_contact_person_becomes_user(self):
        org = self.one26("organization", "type=Supplier")
        status, person = self.srv.json("POST", f"{OR}/objects/stackiq/contactPerson",
                                       {"voornaam": "Nina", "achternaam": "Nieuw", "organization": org["id"],
                                        "e-mailadres": "nina@nieuw.example", "roles": ["Aanbod-beheerder"]})
        self.assertEqual(status, 201)
        status, groups = self.srv.json("GET", "/ocs/v2.php/cloud/users/nina@nieuw.example/groups?format=json",
                                       headers=OCS)
        self.assertEqual(status, 200)
        self.assertIn("aanbod-beheerder", groups["ocs"]["data"]["groups"])


class SameContent(ServerTest):
    """Both dialects serve the same dataset: same uuids, names, counts and references."""
    dataset = "demo"
    env = {"SWC_TESTSERVER_DIALECT": "2025"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv26 = Server(cls.dataset, env={"SWC_TESTSERVER_DIALECT": "2025"}, dialect="2026")

    @classmethod
    def tearDownClass(cls):
        cls.srv26.stop()
        super().tearDownClass()

    def test_same_uuids_names_counts_and_references(self):
        for old, new in SLUGS.items():
            a = fetch_all(self.srv, "voorzieningen", old)
            b = fetch_all(self.srv26, "stackiq", new)
            self.assertEqual(sorted(a), sorted(b), old)
            for uuid, o in a.items():
                n = b[uuid]
                self.assertEqual(o.get("naam"), n.get("name"), old)
                if old != "koppeling":  # a connection's @self.name is its (translated) type
                    self.assertEqual(o["@self"]["name"], n["@self"]["name"])
                self.assertEqual(sorted(o["@self"].get("relations", {}).values()),  # empty ones are left out
                             sorted(n["@self"].get("relations", {}).values()))
        orgs25 = fetch_all(self.srv, "voorzieningen", "organisatie")
        orgs26 = fetch_all(self.srv26, "stackiq", "organization")
        for uuid, o in orgs25.items():
            n = orgs26[uuid]
            self.assertEqual(ORG_TYPE[o["type"]], n["type"])
            self.assertEqual(ORG_STATUS[o["status"]], n["status"])
            self.assertEqual(n["registrationStatus"], "pending" if o["status"].lower() == "concept" else "active")
            self.assertEqual(o.get("deelnemers"), n.get("participants"))
            self.assertEqual(o.get("deelnames"), n.get("deelnames"))
        u25 = fetch_all(self.srv, "voorzieningen", "gebruik")
        u26 = fetch_all(self.srv26, "stackiq", "usage")
        for uuid, o in u25.items():
            self.assertEqual((o["afnemer"], USAGE_STATUS[o["status"]], o.get("deelnemers")),
                             (u26[uuid]["consumer"], u26[uuid]["status"], u26[uuid].get("participants")))
        c25 = fetch_all(self.srv, "voorzieningen", "koppeling")
        c26 = fetch_all(self.srv26, "stackiq", "connection")
        for uuid, o in c25.items():
            self.assertEqual(CONN_TYPE.get(o["type"], o["type"]), c26[uuid]["type"])
            self.assertEqual(CONN_STATUS[o["status"]], c26[uuid]["status"])
        m25 = fetch_all(self.srv, "voorzieningen", "module")
        m26 = fetch_all(self.srv26, "stackiq", "module")
        for uuid, o in m25.items():
            self.assertEqual((MODULE_TYPE.get(o["type"], o["type"]), o["aanbieder"]),
                             (m26[uuid]["type"], m26[uuid]["provider"]))
        for schema in ("menu", "page"):
            self.assertEqual(sorted(fetch_all(self.srv, "publication", schema)),
                             sorted(fetch_all(self.srv26, "publication", schema)))

    def test_same_filtered_counts(self):
        pairs = (("organisatie", "type=Gemeente", "organization", "type=Municipality"),
                 ("organisatie", "status=Concept", "organization", "status=Draft"),
                 ("organisatie", "type=Samenwerking", "organization", "type=Collaboration"),
                 ("gebruik", "status=In%20productie", "usage", "status=In%20production"))
        for s25, q25, s26, q26 in pairs:
            _, a = self.srv.objects(s25, q25 + "&_limit=1", "voorzieningen")
            _, b = self.srv26.objects(s26, q26 + "&_limit=1", "stackiq")
            self.assertEqual(a["total"], b["total"], q25)
            self.assertGreater(a["total"], 0, q25)

    def test_softwarecatalog_app_still_2025(self):
        status, body = self.srv.json("GET", "/index.php/apps/softwarecatalog/api/contactpersonen/available-groups")
        self.assertEqual((status, body["groups"]), (200, ["gebruik-beheerder", "aanbod-beheerder",
                                                          "gebruik-raadpleger"]))
        status, _, _ = self.srv.request("GET", "/index.php/apps/stackiq/api/moderation/pending", headers=OCS)
        self.assertEqual(status, 404)


class SameContentNational(SameContent):
    dataset = "national"

    def test_same_uuids_names_counts_and_references(self):
        """The national dataset: counts per schema and the uuids of every organisation and usage."""
        for old, new in SLUGS.items():
            _, a = self.srv.objects(old, "_limit=1", "voorzieningen")
            _, b = self.srv26.objects(new, "_limit=1", "stackiq")
            self.assertEqual(a["total"], b["total"], old)
        for old, new in (("organisatie", "organization"), ("gebruik", "usage")):
            _, a = self.srv.objects(old, "_limit=100000&_fields=id", "voorzieningen")
            _, b = self.srv26.objects(new, "_limit=100000&_fields=id", "stackiq")
            self.assertEqual([o["id"] for o in a["results"]], [o["id"] for o in b["results"]], old)


class Options(ServerTest):
    def test_help_and_bad_dialect(self):
        out = subprocess.run([SERVER, "--help"], capture_output=True, text=True).stdout
        self.assertIn("--dialect", out)
        self.assertIn("SWC_TESTSERVER_DIALECT", out)
        bad = subprocess.run([SERVER, "--dialect", "2024"], capture_output=True, text=True, timeout=30)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("2024", bad.stderr)

    def test_store_keeps_its_dialect(self):
        srv = Server("empty", dialect="2026")
        try:
            env = dict(os.environ, SWC_TESTSERVER_DIALECT="2025")
            again = subprocess.run([SERVER, "--db", srv.db, "--port", "0"], capture_output=True, text=True,
                                   timeout=30, env=env)
            self.assertEqual(again.returncode, 1)
            self.assertIn("dialect 2026", again.stderr)
        finally:
            srv.stop()


if __name__ == "__main__":
    main()
