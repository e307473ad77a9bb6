# SPDX-License-Identifier: GPL-3.0-or-later
"""swc-testserver answers as OpenRegister v1.0.1 (and Nextcloud's middleware) do: status and body shape per
area of issue 11's fidelity check. The source of each answer is named in docs/backend-behaviour.md."""
import uuid

from testlib import OR, ServerTest, main

ORG = f"{OR}/objects/voorzieningen/organisatie"


class Fidelity(ServerTest):
    def new_org(self, **extra):
        body = {"naam": "Fideliteit " + uuid.uuid4().hex[:6], "type": "Leverancier", "website": "https://f.example"}
        body.update(extra)
        status, obj = self.srv.json("POST", ORG, body)
        self.assertEqual(status, 201)
        return obj

    # (1) error bodies per route and status
    def test_error_bodies_per_route(self):
        missing = f"{ORG}/{uuid.uuid4()}"
        self.assertEqual(self.srv.json("GET", missing), (404, {"error": "Not Found"}))
        self.assertEqual(self.srv.json("PUT", missing, {"naam": "x"}), (404, {"error": "Not Found"}))
        self.assertEqual(self.srv.json("PATCH", missing, {"naam": "x"}), (404, {"error": "Object not found"}))
        self.assertEqual(self.srv.json("POST", missing, {"naam": "x"}), (404, {"error": "Object not found"}))
        self.assertEqual(self.srv.json("POST", missing + "/lock", {}), (404, {"error": "Object not found"}))
        status, body = self.srv.json("DELETE", missing)
        self.assertEqual((status, list(body)), (403, ["error"]))
        self.assertIn("not found", body["error"])
        status, body = self.srv.json("GET", f"{OR}/objects/nope/organisatie")
        self.assertEqual((status, body), (404, {"message": "Register not found: 'nope'"}))

    def test_permission_texts_and_statuses(self):
        obj = self.one("organisatie", "type=Gemeente")
        path = f"{ORG}/{obj['id']}"
        status, body = self.srv.json("POST", f"{OR}/objects/voorzieningen/koppeling", {"naam": "x"}, user=None)
        self.assertEqual(status, 403)
        self.assertRegex(body["error"], r"^User 'Anonymous' does not have permission to 'create' objects in schema '.+'$")
        status, body = self.srv.json("POST", path, {"naam": "x"}, user=None)  # postPatch is public: a 500
        self.assertEqual(status, 500)
        self.assertIn("does not have permission to 'update'", body["error"])

    # (2) a write without credentials
    def test_write_without_credentials(self):
        obj = self.one("organisatie")
        path = f"{ORG}/{obj['id']}"
        for method in ["PUT", "PATCH", "DELETE"]:
            self.assertEqual(self.srv.json(method, path, {"naam": "x"}, user=None),
                             (401, {"message": "Current user is not logged in"}), method)
        for action in ["lock", "unlock", "merge", "revert"]:
            self.assertEqual(self.srv.json("POST", f"{path}/{action}", {}, user=None)[0], 401, action)
        self.assertEqual(self.srv.json("POST", f"{OR}/bulk/voorzieningen/module/save", {"objects": [{}]},
                                       user=None)[0], 401)
        status, body = self.srv.json("POST", ORG, {"naam": "x", "type": "Gemeente"}, user=None)
        self.assertEqual(status, 403)  # create is a @PublicPage: the schema's rights answer
        self.assertEqual(list(body), ["error"])

    # (3) GET of a soft-deleted object
    def test_get_of_soft_deleted_object(self):
        obj = self.new_org()
        path = f"{ORG}/{obj['id']}"
        self.assertEqual(self.srv.request("DELETE", path)[0], 204)
        self.assertEqual(self.srv.json("GET", path), (404, {"error": "Not Found"}))
        self.assertEqual(self.srv.request("DELETE", path)[0], 204)  # found with the deleted ones, deleted again

    # (4) paging keys of /uses, /used and /api/deleted
    def test_paging_keys_of_relations_and_trash(self):
        gemeente = self.one("organisatie", "type=Gemeente&_order[naam]=asc")
        _, used = self.srv.json("GET", f"{ORG}/{gemeente['id']}/used")
        self.assertEqual(set(used), {"results", "total", "limit", "offset"})
        self.assertEqual((used["limit"], used["offset"], used["total"]), (30, 0, len(used["results"])))
        _, page = self.srv.json("GET", f"{ORG}/{gemeente['id']}/used?_limit=2&_offset=1")
        self.assertEqual((page["limit"], page["offset"], len(page["results"])), ("2", "1", 2))
        self.assertEqual(page["results"][0]["id"], used["results"][1]["id"])
        contact = self.one("contactpersoon")
        _, uses = self.srv.json("GET", f"{OR}/objects/voorzieningen/contactpersoon/{contact['id']}/uses?_limit=0")
        self.assertEqual(set(uses), {"results", "total", "limit", "offset"})
        self.assertGreaterEqual(uses["total"], 1)  # every match counted, whatever the page holds
        _, trash = self.srv.json("GET", f"{OR}/deleted")
        self.assertEqual(set(trash), {"results", "total", "page", "pages", "limit", "offset"})
        self.assertEqual((trash["page"], trash["limit"], trash["offset"]), (1, 20, None))
        _, trash = self.srv.json("GET", f"{OR}/deleted?_page=2&_limit=5")
        self.assertEqual((trash["page"], trash["limit"], trash["offset"]), (2, 5, 5))

    # (5) the _ids filter
    def test_ids_filter(self):
        a, b = self.srv.objects("organisatie", "_limit=2")[1]["results"]
        _, body = self.srv.objects("organisatie", f"_ids={a['id']},%20{b['id']}")
        self.assertEqual({o["id"] for o in body["results"]}, {a["id"], b["id"]})
        _, body = self.srv.objects("organisatie", f"_ids[]={a['id']}&_ids[]={b['id']}")
        self.assertEqual(body["total"], 2)
        _, everything = self.srv.objects("organisatie", "_limit=1")
        _, body = self.srv.objects("organisatie", "_ids=&_limit=1")
        self.assertEqual(body["total"], everything["total"])  # an empty list filters nothing

    # (6) a filter on a property the schema does not have
    def test_unknown_property_filter(self):
        _, body = self.srv.objects("organisatie", "kleur=rood")
        self.assertEqual((body["results"], body["total"]), ([], 0))
        self.assertEqual(body["@self"]["ignoredFilters"], ["kleur"])
        self.assertNotIn("hint", body["@self"])
        _, body = self.srv.objects("organisatie", "fields=naam")
        self.assertEqual(body["@self"]["ignoredFilters"], ["fields"])
        self.assertEqual(body["@self"]["hint"],
                         "Query returned 0 results because fields was treated as an object property filter. "
                         "Did you mean _fields? Control parameters require an underscore prefix "
                         "(e.g. _limit, _offset, _page).")

    # (7) empty values in @self
    def test_empty_values_left_out_of_self(self):
        obj = self.new_org()
        self.assertIn("slug", obj["@self"])  # a write answers the entity unstripped
        self.assertIsNone(obj["@self"]["slug"])
        _, got = self.srv.json("GET", f"{ORG}/{obj['id']}")
        _, listed = self.srv.objects("organisatie", f"_ids={obj['id']}")
        for me in [got["@self"], listed["results"][0]["@self"]]:
            for key, value in me.items():
                self.assertNotIn(value, [None, "", [], {}], key)
            self.assertNotIn("slug", me)
            self.assertNotIn("files", me)
            self.assertEqual(me["id"], obj["id"])
        _, full = self.srv.json("GET", f"{ORG}/{obj['id']}?_empty=true")
        self.assertIsNone(full["@self"]["slug"])

    # (8) bad requests to merge and revert
    def test_bad_merge_and_revert(self):
        a, b = self.new_org(), self.new_org()
        merge = f"{ORG}/{a['id']}/merge"
        self.assertEqual(self.srv.json("POST", merge, {"object": {"naam": "x"}}),
                         (400, {"error": "Target object ID is required"}))
        self.assertEqual(self.srv.json("POST", merge, {"target": b["id"]}), (400, {"error": "Object data is required"}))
        self.assertEqual(self.srv.json("POST", merge, {"target": b["id"], "object": {}}),
                         (400, {"error": "Object data is required"}))
        self.assertEqual(self.srv.json("POST", merge, {"target": str(uuid.uuid4()), "object": {"naam": "x"}}),
                         (404, {"error": "Object not found"}))
        contact = self.one("contactpersoon")
        self.assertEqual(self.srv.json("POST", merge, {"target": contact["id"], "object": {"naam": "x"}}),
                         (400, {"error": "Objects must conform to the same schema"}))
        revert = f"{ORG}/{a['id']}/revert"
        self.assertEqual(self.srv.json("POST", revert, {}),
                         (400, {"error": "Must specify either datetime, auditTrailId, or version"}))
        self.assertEqual(self.srv.json("POST", revert, {"version": "0.0.1"}), (404, {"error": "Object not found"}))

    # (9) the unlock answer
    def test_unlock_answer(self):
        obj = self.new_org()
        path = f"{ORG}/{obj['id']}"
        self.assertEqual(self.srv.json("POST", path + "/lock", {"duration": 60}),
                         (200, {"uuid": obj["id"], "locked": True}))
        self.assertEqual(self.srv.json("POST", path + "/unlock"),
                         (200, {"message": "Object unlocked successfully", "locked": False, "uuid": obj["id"]}))

    # (10) the answer of a bulk save
    def test_bulk_save_answer(self):
        status, body = self.srv.json("POST", f"{OR}/bulk/voorzieningen/module/save",
                                     {"objects": [{"naam": "Getrouw A"}, {"beschrijvingKort": "geen naam"}]})
        self.assertEqual(status, 200)
        self.assertEqual(set(body), {"success", "message", "saved_count", "saved_objects", "requested_count"})
        self.assertEqual((body["success"], body["saved_count"], body["requested_count"]), (True, 1, 2))
        saved = body["saved_objects"]
        self.assertTrue({"saved", "updated", "unchanged", "invalid", "errors", "statistics", "performance"} <= set(saved))
        self.assertEqual(saved["saved"][0]["naam"], "Getrouw A")
        self.assertEqual((saved["statistics"]["saved"], saved["statistics"]["invalid"]), (1, 1))
        again = dict(saved["saved"][0], naam="Getrouw B")
        _, body = self.srv.json("POST", f"{OR}/bulk/voorzieningen/module/save", {"objects": [again]})
        self.assertEqual((body["saved_count"], body["saved_objects"]["statistics"]["updated"]), (1, 1))
        self.assertEqual(self.srv.json("POST", f"{OR}/bulk/voorzieningen/module/save", {"objects": []}),
                         (400, {"error": 'Invalid input. "objects" array is required.'}))
        status, body = self.srv.json("POST", f"{OR}/bulk/voorzieningen/module/delete", {"uuids": [again["id"]]})
        self.assertEqual((body["deleted_count"], body["deleted_uuids"], body["skipped_count"]), (1, [again["id"]], 0))

    # (11) the audit trail's hash chain
    def test_audit_hash_chain(self):
        obj = self.new_org()
        _, trail = self.srv.json("GET", f"{ORG}/{obj['id']}/audit-trails")
        entry = trail["results"][0]
        self.assertIn("hash", entry)
        self.assertIn("previousHash", entry)
        self.assertIsNone(entry["hash"])  # v1.0.1 stores no hash when it writes an entry
        status, verify = self.srv.json("GET", f"{OR}/audit-trails/verify")
        self.assertEqual(status, 200)
        self.assertEqual((verify["valid"], verify["entriesVerified"], verify["brokenAt"]), (True, 0, None))
        self.assertGreater(verify["skippedNullHashes"], 0)
        _, ranged = self.srv.json("GET", f"{OR}/audit-trails/verify?from=1&to=2")
        self.assertEqual(ranged["range"], {"from": 1, "to": 2})


if __name__ == "__main__":
    main()
