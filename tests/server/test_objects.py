# SPDX-License-Identifier: GPL-3.0-or-later
"""OpenRegister object API of swc-testserver over real HTTP: lists, writes, trash, locks, merge, audit."""
import math
import uuid

from testlib import OR, ServerTest, main


class Discovery(ServerTest):
    def test_registers_and_schemas_by_slug_and_id(self):
        status, regs = self.srv.json("GET", f"{OR}/registers")
        self.assertEqual(status, 200)
        slugs = {r["slug"]: r for r in regs["results"]}
        self.assertEqual(set(slugs), {"voorzieningen", "publication"})
        status, schemas = self.srv.json("GET", f"{OR}/schemas")
        by_slug = {s["slug"]: s for s in schemas["results"]}
        for name in ["organisatie", "contactpersoon", "module", "moduleVersie", "gebruik", "koppeling", "dienst",
                     "page", "menu", "glossary", "theme"]:
            self.assertIn(name, by_slug)
        org = by_slug["organisatie"]
        self.assertEqual(org["properties"]["type"]["enum"], ["Gemeente", "Leverancier", "Samenwerking", "Community"])
        self.assertFalse(org["hardValidation"])
        self.assertTrue(by_slug["page"]["hardValidation"])
        reg_id, schema_id = slugs["voorzieningen"]["id"], org["id"]
        s1, by_id = self.srv.objects(str(schema_id), "_limit=1", register=str(reg_id))
        s2, by_name = self.srv.objects("organisatie", "_limit=1")
        self.assertEqual((s1, s2), (200, 200))
        self.assertEqual(by_id["total"], by_name["total"])

    def test_unknown_register_and_schema(self):
        status, body = self.srv.objects("organisatie", register="nope")
        self.assertEqual(status, 404)
        self.assertIn("Register not found", body["message"])
        status, body = self.srv.objects("nope")
        self.assertEqual(status, 500)


class Listing(ServerTest):
    def test_paging_arithmetic(self):
        status, first = self.srv.objects("gebruik", "_limit=7&_page=1")
        total = first["total"]
        self.assertEqual(first["pages"], math.ceil(total / 7))
        self.assertEqual(len(first["results"]), 7)
        _, last = self.srv.objects("gebruik", f"_limit=7&_page={first['pages']}")
        self.assertEqual(len(last["results"]), total - 7 * (first["pages"] - 1))
        seen = set()
        for page in range(1, first["pages"] + 1):
            _, p = self.srv.objects("gebruik", f"_limit=7&_page={page}")
            seen.update(o["id"] for o in p["results"])
        self.assertEqual(len(seen), total)

    def test_without_limit_every_match_but_says_20(self):
        _, body = self.srv.objects("gebruik")
        self.assertGreater(len(body["results"]), 20)
        self.assertEqual(body["limit"], 20)

    def test_order_by_property_and_updated(self):
        _, body = self.srv.objects("organisatie", "_limit=500&_order[naam]=desc")
        names = [o["naam"] for o in body["results"]]
        self.assertEqual(names, sorted(names, reverse=True))
        _, body = self.srv.objects("organisatie", "_limit=500&_order[@self.updated]=desc")
        stamps = [o["@self"]["updated"] for o in body["results"]]
        self.assertEqual(stamps, sorted(stamps, reverse=True))

    def test_filters(self):
        orgs = self.all("organisatie")
        gemeenten = [o for o in orgs if o["type"] == "Gemeente"]
        self.assertEqual(len(self.all("organisatie", "type=Gemeente")), len(gemeenten))
        both = self.all("organisatie", "type[]=Gemeente&type[]=Leverancier")
        self.assertEqual(len(both), len([o for o in orgs if o["type"] in ("Gemeente", "Leverancier")]))
        codes = sorted(o["cbsCode"] for o in gemeenten)
        pivot = codes[len(codes) // 2]
        self.assertEqual(len(self.all("organisatie", f"cbsCode[gte]={pivot}")), len([c for c in codes if c >= pivot]))
        self.assertEqual(len(self.all("organisatie", f"cbsCode[lt]={pivot}")), len([c for c in codes if c < pivot]))
        self.assertEqual(len(self.all("organisatie", f"cbsCode[gt]={pivot}")), len([c for c in codes if c > pivot]))
        self.assertEqual(len(self.all("organisatie", f"cbsCode[lte]={pivot}")), len([c for c in codes if c <= pivot]))
        collab = self.one("organisatie", "type=Samenwerking")
        member = collab["deelnemers"][0]
        members_of = self.all("organisatie", f"deelnames={collab['id']}")
        self.assertIn(member, [o["id"] for o in members_of])

    def test_unknown_filter_gives_nothing_and_a_hint(self):
        _, body = self.srv.objects("organisatie", "limit=3")
        self.assertEqual(body["results"], [])
        self.assertEqual(body["total"], 0)
        self.assertEqual(body["@self"]["ignoredFilters"], ["limit"])
        self.assertIn("_limit", body["@self"]["hint"])

    def test_search_folds_case_and_diacritics(self):
        hits = self.all("organisatie", "_search=AALSMEER")
        self.assertTrue(any(o["naam"] == "Gemeente Aalsmeer" for o in hits))

    def test_fields_extend_empty_ids_facets(self):
        _, body = self.srv.objects("organisatie", "_limit=2&_fields=naam")
        for o in body["results"]:
            self.assertEqual(set(o) - {"id", "@self"}, {"naam"})
        contact = self.one("contactpersoon")
        _, body = self.srv.objects("contactpersoon", f"_ids={contact['id']}&_extend=organisatie")
        self.assertEqual(len(body["results"]), 1)
        self.assertEqual(body["results"][0]["organisatie"]["id"], contact["organisatie"])
        self.assertNotIn("logo", self.one("organisatie"))
        self.assertIsNone(self.one("organisatie", "_empty=true")["logo"])
        _, body = self.srv.objects("organisatie", "_limit=1&_facets=type")
        buckets = {b["key"]: b["results"] for b in body["facets"]["type"]["buckets"]}
        self.assertEqual(buckets["Gemeente"], len(self.all("organisatie", "type=Gemeente")))


class Writing(ServerTest):
    def new_org(self, **extra):
        body = {"naam": "Testorganisatie", "type": "Leverancier", "website": "https://test.example", **extra}
        status, obj = self.srv.json("POST", f"{OR}/objects/voorzieningen/organisatie", body)
        self.assertEqual(status, 201)
        return obj

    def test_post_applies_defaults_and_honours_client_id(self):
        my_id = str(uuid.uuid4())
        obj = self.new_org(id=my_id)
        self.assertEqual(obj["id"], my_id)
        self.assertEqual(obj["status"], "concept")
        self.assertEqual(obj["@self"]["version"], "0.0.1")

    def test_post_with_existing_id_replaces(self):
        obj = self.new_org(beschrijvingKort="eerst")
        status, again = self.srv.json("POST", f"{OR}/objects/voorzieningen/organisatie",
                                      {"id": obj["id"], "naam": "Vervangen", "type": "Leverancier", "website": "https://x.example"})
        self.assertEqual(status, 201)
        status, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{obj['id']}")
        self.assertEqual(now["naam"], "Vervangen")
        self.assertNotIn("beschrijvingKort", now)
        self.assertEqual(len(self.all("organisatie", "naam=Vervangen")), 1)

    def test_patch_is_partial_put_replaces_with_defaults(self):
        obj = self.new_org(status="Actief", kvkNummer="12345678")
        status, patched = self.srv.json("PATCH", f"{OR}/objects/voorzieningen/organisatie/{obj['id']}", {"naam": "Nieuw"})
        self.assertEqual(status, 200)
        self.assertEqual((patched["naam"], patched["status"], patched["kvkNummer"]), ("Nieuw", "Actief", "12345678"))
        self.assertEqual(patched["@self"]["version"], "0.0.2")
        status, put = self.srv.json("PUT", f"{OR}/objects/voorzieningen/organisatie/{obj['id']}",
                                    {"naam": "Nieuw", "type": "Leverancier", "website": "https://x.example"})
        self.assertEqual(status, 200)
        self.assertEqual(put["status"], "concept")  # the default came back
        self.assertNotIn("kvkNummer", put)  # omitted: gone

    def test_missing_required_without_validation_is_a_database_403(self):
        status, body = self.srv.json("POST", f"{OR}/objects/voorzieningen/organisatie", {"type": "Gemeente"})
        self.assertEqual(status, 403)
        self.assertIn("cannot be null", body["error"])
        status, body = self.srv.json("POST", f"{OR}/objects/voorzieningen/organisatie",
                                     {"naam": "X", "type": "Geen-type", "website": "niet-een-url"})
        self.assertEqual(status, 201)  # no validation of catalogue objects

    def test_validation_when_hard_validation_is_on(self):
        status, body = self.srv.json("POST", f"{OR}/objects/publication/page", {"title": "Zonder slug"})
        self.assertEqual(status, 400)
        self.assertIsInstance(body, str)
        status, page = self.srv.json("POST", f"{OR}/objects/publication/page", {"title": "Nieuws", "slug": "nieuws"})
        self.assertEqual(status, 201)
        status, body = self.srv.json("PATCH", f"{OR}/objects/publication/page/{page['id']}", {"slug": "Geen Slug!"})
        self.assertEqual(status, 400)
        self.assertEqual(set(body), {"status", "message", "errors"})
        self.assertIn("slug", body["errors"])

    def test_soft_delete_and_the_trash(self):
        obj = self.new_org()
        status, _, _ = self.srv.request("DELETE", f"{OR}/objects/voorzieningen/organisatie/{obj['id']}")
        self.assertEqual(status, 204)
        status, _ = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{obj['id']}")
        self.assertEqual(status, 404)
        _, trash = self.srv.json("GET", f"{OR}/deleted")
        self.assertNotIn(obj["id"], [o["id"] for o in trash["results"]])  # catalogue objects never listed
        status, body = self.srv.json("POST", f"{OR}/deleted/{obj['id']}/restore")
        self.assertEqual((status, body["success"]), (200, True))
        status, _ = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{obj['id']}")
        self.assertEqual(status, 404)  # ... and not restored
        status, again = self.srv.json("POST", f"{OR}/objects/voorzieningen/organisatie",
                                      {"id": obj["id"], "naam": "Terug", "type": "Leverancier", "website": "https://t.example"})
        self.assertEqual(status, 201)  # re-creating with its own id restores it
        status, _ = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{obj['id']}")
        self.assertEqual(status, 200)
        status, cms = self.srv.json("POST", f"{OR}/objects/publication/glossary", {"title": "Proefbegrip"})
        self.srv.request("DELETE", f"{OR}/objects/publication/glossary/{cms['id']}")
        _, trash = self.srv.json("GET", f"{OR}/deleted")
        self.assertIn(cms["id"], [o["id"] for o in trash["results"]])  # CMS objects are
        self.srv.json("POST", f"{OR}/deleted/{cms['id']}/restore")
        status, _ = self.srv.json("GET", f"{OR}/objects/publication/glossary/{cms['id']}")
        self.assertEqual(status, 200)

    def test_lock_semantics(self):
        obj = self.new_org()
        path = f"{OR}/objects/voorzieningen/organisatie/{obj['id']}"
        status, body = self.srv.json("POST", path + "/lock", {"process": "test", "duration": 3600}, user="gebruik")
        self.assertEqual(body, {"uuid": obj["id"], "locked": True})
        status, body = self.srv.json("PUT", path, {"naam": "A", "type": "Leverancier", "website": "https://a.example"})
        self.assertEqual(status, 423)
        self.assertEqual(body["lockedBy"], "gebruik")
        status, body = self.srv.json("PATCH", path, {"naam": "B"})
        self.assertEqual(status, 200)  # another user's PATCH is not stopped
        status, body = self.srv.json("PATCH", path, {"naam": "C"}, user="gebruik")
        self.assertIsNone(body["@self"]["locked"])  # the owner's own write releases it
        self.srv.json("POST", path + "/lock", {}, user="gebruik")  # no duration: expires at once
        status, _ = self.srv.json("PUT", path, {"naam": "D", "type": "Leverancier", "website": "https://d.example"})
        self.assertEqual(status, 200)

    def test_uses_and_used(self):
        contact = self.one("contactpersoon")
        _, uses = self.srv.json("GET", f"{OR}/objects/voorzieningen/contactpersoon/{contact['id']}/uses")
        self.assertIn(contact["organisatie"], [o["id"] for o in uses["results"]])
        gemeente = self.one("organisatie", "type=Gemeente&_order[naam]=asc")
        usages = self.all("gebruik", f"afnemer={gemeente['id']}")
        _, used = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{gemeente['id']}/used")
        self.assertLessEqual(len(used["results"]), 30)
        self.assertEqual(used["total"], len(used["results"]))  # the page count, not the real total
        ids, offset = set(), 0
        while True:  # paged with _offset: _page is not read (RelationHandler::getUsedBy)
            _, p = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{gemeente['id']}/used?_offset={offset}")
            if not p["results"]:
                break
            ids.update(o["id"] for o in p["results"])
            offset += 30
        self.assertTrue({u["id"] for u in usages} <= ids)
        status, none = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{uuid.uuid4()}/used")
        self.assertEqual((status, none["results"]), (200, []))

    def test_merge_rewrites_every_reference(self):
        gemeenten = self.all("organisatie", "type=Gemeente&_order[naam]=asc")
        source, target = gemeenten[1], gemeenten[2]
        before = {s: len(self.all(s, f"afnemer={source['id']}")) for s in ["gebruik"]}
        contacts = len(self.all("contactpersoon", f"organisatie={source['id']}"))
        target_usages = len(self.all("gebruik", f"afnemer={target['id']}"))
        referencing, offset = set(), 0
        while True:  # everything that points at the source, paged to the end
            _, p = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{source['id']}/used?_offset={offset}")
            if not p["results"]:
                break
            referencing.update(o["id"] for o in p["results"] if o["id"] != target["id"])
            offset += 30
        status, report = self.srv.json("POST", f"{OR}/objects/voorzieningen/organisatie/{source['id']}/merge",
                                       {"target": target["id"], "object": {"naam": "Gemeente Samen"},
                                        "fileAction": "transfer", "relationAction": "transfer", "referenceAction": "transfer"})
        self.assertEqual(status, 200)
        self.assertTrue(report["success"])
        self.assertEqual(report["mergedObject"]["naam"], "Gemeente Samen")
        self.assertEqual(len(self.all("gebruik", f"afnemer={source['id']}")), 0)
        self.assertEqual(len(self.all("gebruik", f"afnemer={target['id']}")), target_usages + before["gebruik"])
        self.assertEqual(len(self.all("contactpersoon", f"organisatie={source['id']}")), 0)
        self.assertGreaterEqual(len(referencing), before["gebruik"] + contacts)
        self.assertEqual(report["statistics"]["referencesUpdated"], len(referencing))
        self.assertEqual({r["objectId"] for r in report["actions"]["references"]}, referencing)
        _, after = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{source['id']}/used")
        self.assertEqual(after["results"], [])
        status, _ = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{source['id']}")
        self.assertEqual(status, 404)  # the source is soft-deleted
        status, body = self.srv.json("POST", f"{OR}/objects/voorzieningen/organisatie/{target['id']}/merge", {})
        self.assertEqual(status, 400)

    def test_audit_trail_and_revert(self):
        obj = self.new_org()
        path = f"{OR}/objects/voorzieningen/organisatie/{obj['id']}"
        self.srv.json("PATCH", path, {"naam": "Gewijzigd"})
        self.srv.json("GET", path)
        _, trail = self.srv.json("GET", path + "/audit-trails")
        actions = [e["action"] for e in trail["results"]]
        self.assertEqual(actions, ["read", "update", "create"])
        update = trail["results"][1]
        self.assertEqual(update["changed"]["naam"], {"old": "Testorganisatie", "new": "Gewijzigd"})
        _, glob = self.srv.json("GET", f"{OR}/audit-trails?action=update&object={obj['id']}&register=ignored")
        self.assertEqual(glob["total"], 1)
        status, _ = self.srv.json("POST", path + "/revert", {"version": "0.0.1"})
        self.assertEqual(status, 404)
        status, _ = self.srv.json("POST", f"{OR}/objects/3/10/{obj['id']}/revert", {"version": "0.0.1"})
        self.assertEqual(status, 500)
        _, now = self.srv.json("GET", path)
        self.assertEqual(now["naam"], "Gewijzigd")  # nothing was reverted

    def test_bulk_save_and_delete(self):
        status, body = self.srv.json("POST", f"{OR}/bulk/voorzieningen/module/save",
                                     {"objects": [{"naam": "Bulk A"}, {"naam": "Bulk B"}, {"beschrijvingKort": "geen naam"}]})
        stats = body["saved_objects"]["statistics"]
        self.assertEqual((status, body["saved_count"], stats["saved"], stats["invalid"]), (200, 2, 2, 1))
        ids = [o["id"] for o in self.all("module", "_search=bulk")]
        self.assertEqual(len(ids), 2)
        status, body = self.srv.json("POST", f"{OR}/bulk/voorzieningen/module/delete", {"uuids": ids})
        self.assertEqual(body["deleted_count"], 2)
        self.assertEqual(self.all("module", "_search=bulk"), [])


if __name__ == "__main__":
    main()
