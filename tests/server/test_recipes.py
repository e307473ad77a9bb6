# SPDX-License-Identifier: GPL-3.0-or-later
"""The smaller endpoints of shared/backend/recipes.md and the less common list parameters."""
from testlib import OR, ServerTest, main


class Recipes(ServerTest):
    def test_status_php_and_who_am_i(self):
        status, body = self.srv.json("GET", "/status.php", user=None)
        self.assertEqual((status, body["productname"], body["installed"]), (200, "Nextcloud", True))
        status, me = self.srv.json("GET", f"{OR}/user/me")
        self.assertTrue(me["isAdmin"])
        status, me = self.srv.json("GET", "/index.php/apps/softwarecatalog/api/me", user="gebruik")
        self.assertEqual((me["uid"], me["isAdmin"], me["groups"]), ("gebruik", False, ["gebruik-beheerder"]))
        status, me = self.srv.json("GET", "/ocs/v2.php/cloud/user?format=json", headers={"OCS-APIRequest": "true"})
        self.assertIn("functioneel-beheerder", me["ocs"]["data"]["groups"])

    def test_oas_export_counts_and_tenant(self):
        status, oas = self.srv.json("GET", f"{OR}/registers/voorzieningen/oas")
        self.assertIn("/objects/voorzieningen/organisatie", oas["paths"])
        status, raw, headers = self.srv.request("GET", f"{OR}/objects/voorzieningen/module/export?format=csv")
        self.assertEqual(status, 200)
        lines = raw.decode().strip().split("\r\n")
        self.assertEqual(len(lines) - 1, len(self.all("module")))
        self.assertTrue(lines[0].startswith('"id","naam"'))
        status, counts = self.srv.json("GET", "/index.php/apps/softwarecatalog/api/objects/counts")
        self.assertEqual(counts["counts"]["module"], len(self.all("module")))
        org = self.one("organisatie", "type=Gemeente&status=Actief")
        status, tenant = self.srv.json("GET", f"{OR}/organisations/{org['id']}")
        people = [c["username"] for c in self.all("contactpersoon", f"organisatie={org['id']}")]
        self.assertEqual(sorted(tenant["users"]), sorted(people))

    def test_offset_order_json_in_and_unset(self):
        _, by_page = self.srv.objects("gebruik", "_limit=5&_page=3")
        _, by_offset = self.srv.objects("gebruik", "_limit=5&_offset=10")
        self.assertEqual([o["id"] for o in by_page["results"]], [o["id"] for o in by_offset["results"]])
        self.assertEqual(by_offset["page"], 3)
        _, body = self.srv.objects("organisatie", '_limit=100&_order={"naam":"asc"}')
        names = [o["naam"] for o in body["results"]]
        self.assertEqual(names, sorted(names))
        _, body = self.srv.objects("organisatie", "_limit=100&type[in]=Community,Samenwerking")
        self.assertEqual({o["type"] for o in body["results"]}, {"Community", "Samenwerking"})
        _, body = self.srv.objects("organisatie", "_limit=3&_unset=website")
        self.assertTrue(all("website" not in o for o in body["results"]))

    def test_unlock(self):
        org = self.one("organisatie")
        path = f"{OR}/objects/voorzieningen/organisatie/{org['id']}"
        self.srv.json("POST", path + "/lock", {"duration": 600}, user="gebruik")
        status, body = self.srv.json("POST", path + "/unlock", user="gebruik")
        self.assertEqual(body, {"message": "Object unlocked successfully", "locked": False, "uuid": org["id"]})
        status, _ = self.srv.json("PUT", path, {"naam": org["naam"], "type": org["type"], "website": org["website"]})
        self.assertEqual(status, 200)


if __name__ == "__main__":
    main()
