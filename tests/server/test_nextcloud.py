# SPDX-License-Identifier: GPL-3.0-or-later
"""Auth, Login Flow v2, OCS users, the softwarecatalog app's endpoints, side effects and faults."""
import json
import re
import urllib.error

from testlib import OR, Server, ServerTest, main

OCS = {"OCS-APIRequest": "true"}


class Auth(ServerTest):
    def test_roles(self):
        status, _ = self.srv.objects("organisatie", "_limit=1", user=None)
        self.assertEqual(status, 200)  # anonymous may read organisations
        status, _ = self.srv.objects("organisatie", "_limit=1", user="admin", password="wrong")
        self.assertEqual(status, 401)  # a wrong password is 401 even on public routes
        org = self.one("organisatie")
        status, body = self.srv.json("PATCH", f"{OR}/objects/voorzieningen/organisatie/{org['id']}", {"naam": "X"},
                                     user="bezoeker")
        self.assertEqual(status, 500)  # ObjectsController::patch answers every exception 500, a refusal too
        self.assertIn("does not have permission to 'update'", body["error"])
        status, _ = self.srv.json("GET", "/ocs/v2.php/cloud/users?format=json", user="gebruik", headers=OCS)
        self.assertEqual(status, 403)
        status, _ = self.srv.json("GET", f"{OR}/audit-trails", user=None)
        self.assertEqual(status, 401)

    def test_login_flow_v2_end_to_end(self):
        status, start = self.srv.json("POST", "/index.php/login/v2", user=None)
        self.assertEqual(status, 200)
        token, endpoint = start["poll"]["token"], start["poll"]["endpoint"]
        path = endpoint[len(self.srv.url):]
        status, _ = self.srv.json("POST", path, form={"token": token}, user=None)
        self.assertEqual(status, 404)  # not logged in yet
        login_path = start["login"][len(self.srv.url):]
        status, page, _ = self.srv.request("GET", login_path, user=None)
        self.assertIn(b"<form", page)
        status, _, _ = self.srv.request("POST", login_path, form={"user": "admin", "password": "admin"}, user=None)
        self.assertEqual(status, 200)
        status, done = self.srv.json("POST", path, form={"token": token}, user=None)
        self.assertEqual((status, done["loginName"], done["server"]), (200, "admin", self.srv.url))
        app_password = done["appPassword"]
        status, _ = self.srv.objects("organisatie", "_limit=1", user="admin", password=app_password)
        self.assertEqual(status, 200)
        status, _ = self.srv.json("DELETE", "/ocs/v2.php/core/apppassword?format=json", user="admin", password=app_password,
                                  headers=OCS)
        self.assertEqual(status, 200)
        status, _ = self.srv.objects("organisatie", "_limit=1", user="admin", password=app_password)
        self.assertEqual(status, 401)  # revoked
        status, _ = self.srv.json("POST", path, form={"token": token}, user=None)
        self.assertEqual(status, 404)  # a flow answers once

    def test_ocs_users(self):
        status, body = self.srv.json("GET", "/ocs/v2.php/cloud/users/details?format=json", headers=OCS)
        users = body["ocs"]["data"]["users"]
        self.assertIn("admin", users["admin"]["groups"])
        self.assertIn("functioneel-beheerder", users["admin"]["groups"])
        status, body = self.srv.json("POST", "/ocs/v2.php/cloud/users?format=json", headers=OCS,
                                     form={"userid": "nieuw@x.nl", "password": "geheim12345"})
        self.assertEqual(body["ocs"]["data"]["id"], "nieuw@x.nl")
        status, body = self.srv.json("POST", "/ocs/v2.php/cloud/users?format=json", headers=OCS,
                                     form={"userid": "nieuw@x.nl", "password": "x"})
        self.assertEqual((status, body["ocs"]["meta"]["statuscode"]), (400, 102))
        self.srv.json("POST", "/ocs/v2.php/cloud/users/nieuw@x.nl/groups?format=json", headers=OCS,
                      form={"groupid": "vng-raadpleger"})
        self.srv.json("PUT", "/ocs/v2.php/cloud/users/nieuw@x.nl/disable?format=json", headers=OCS)
        _, body = self.srv.json("GET", "/ocs/v2.php/cloud/users/nieuw@x.nl?format=json", headers=OCS)
        self.assertEqual((body["ocs"]["data"]["groups"], body["ocs"]["data"]["enabled"]), (["vng-raadpleger"], False))
        status, raw, headers = self.srv.request("GET", "/ocs/v2.php/cloud/users", headers=OCS)
        self.assertIn("xml", headers["Content-Type"])  # without format=json OCS answers XML
        status, _ = self.srv.json("GET", "/ocs/v2.php/cloud/users?format=json")
        self.assertEqual(status, 401)  # OCS needs the OCS-APIRequest header


class SideEffects(ServerTest):
    def ocs_user(self, uid):
        _, body = self.srv.json("GET", f"/ocs/v2.php/cloud/users/{uid}?format=json", headers=OCS)
        return body["ocs"]["data"]

    def test_activation_enables_users_and_deactivation_disables(self):
        concept = self.one("organisatie", "status=Concept")
        contacts = self.all("contactpersoon", f"organisatie={concept['id']}")
        self.assertTrue(contacts)
        for c in contacts:
            self.assertFalse(self.ocs_user(c["username"])["enabled"])
        self.srv.json("PATCH", f"{OR}/objects/voorzieningen/organisatie/{concept['id']}", {"status": "Actief"})
        for c in contacts:
            self.assertTrue(self.ocs_user(c["username"])["enabled"])
        self.srv.json("PATCH", f"{OR}/objects/voorzieningen/organisatie/{concept['id']}", {"status": "Deactief"})
        for c in contacts:
            self.assertFalse(self.ocs_user(c["username"])["enabled"])

    def test_new_contact_becomes_a_user_in_the_role_group(self):
        supplier = self.one("organisatie", "type=Leverancier&status=Actief")
        status, cp = self.srv.json("POST", f"{OR}/objects/voorzieningen/contactpersoon",
                                   {"organisatie": supplier["id"], "voornaam": "An", "achternaam": "Jansen",
                                    "e-mailadres": "an.jansen@leverancier.example"})
        self.assertEqual(status, 201)
        _, cp = self.srv.json("GET", f"{OR}/objects/voorzieningen/contactpersoon/{cp['id']}")
        self.assertEqual(cp["username"], "an.jansen@leverancier.example")
        user = self.ocs_user("an.jansen@leverancier.example")
        self.assertIn("aanbod-beheerder", user["groups"])
        self.assertTrue(user["enabled"])

    def test_softwarecatalog_user_endpoints(self):
        gemeente = self.one("organisatie", "type=Gemeente")
        sc = "/index.php/apps/softwarecatalog/api/contactpersonen"
        status, body = self.srv.json("GET", f"{sc}/organisation/{gemeente['id']}/with-user-details")
        self.assertTrue(body["success"])
        person = body["contactpersonen"][0]
        username = person["user"]["username"]
        self.assertIn("gebruik-beheerder", person["user"]["groups"])
        status, body = self.srv.json("POST", f"{sc}/update-groups", {"username": username,
                                                                     "groups": ["gebruik-raadpleger"]})
        self.assertTrue(body["success"])
        self.assertEqual(self.ocs_user(username)["groups"], ["gebruik-raadpleger"])
        status, body = self.srv.json("POST", f"{sc}/update-groups", {"username": username, "groups": ["admin"]})
        self.assertEqual((status, body["success"]), (400, False))
        status, body = self.srv.json("POST", f"{sc}/change-password", {"username": username, "newPassword": "kort"})
        self.assertEqual(status, 400)
        self.srv.json("POST", f"{sc}/change-password", {"username": username, "newPassword": "lang-genoeg-123"})
        status, _ = self.srv.objects("module", "_limit=1", user=username, password="lang-genoeg-123")
        self.assertEqual(status, 200)
        self.srv.json("POST", f"{sc}/{person['uuid']}/disable")
        self.assertFalse(self.ocs_user(username)["enabled"])
        status, _ = self.srv.json("GET", f"{sc}/organisation/{gemeente['id']}", user="gebruik")
        self.assertEqual(status, 403)


class Faults(ServerTest):
    faults = "error-rate=0.3,malformed-rate=0.3,reset-rate=0.2"

    def test_each_fault_kind_shows_up(self):
        seen = set()
        for _ in range(200):
            try:
                status, raw, _ = self.srv.request("GET", f"{OR}/objects/voorzieningen/organisatie?_limit=2")
            except Exception:
                seen.add("reset")
                continue
            if status == 500:
                seen.add("error")
            else:
                try:
                    json.loads(raw)
                    seen.add("ok")
                except ValueError:
                    seen.add("malformed")
        self.assertEqual(seen, {"reset", "error", "malformed", "ok"})


class Latency(ServerTest):
    faults = "latency=300"

    def test_latency_delays_answers(self):
        import time
        t0 = time.monotonic()
        status, _ = self.srv.objects("organisatie", "_limit=1")
        self.assertEqual(status, 200)
        self.assertGreaterEqual(time.monotonic() - t0, 0.3)  # a lower bound: never flaky


class Stall(ServerTest):
    faults = "stall-rate=1"

    def test_stall_gives_no_answer(self):
        with self.assertRaises(Exception):
            self.srv.request("GET", f"{OR}/objects/voorzieningen/organisatie?_limit=1", timeout=2)


if __name__ == "__main__":
    main()
