# SPDX-License-Identifier: GPL-3.0-or-later
"""A backend that changes dialect between two syncs (OpenRegister v1.0 with the 2025 register, then stackiq
after the 2026 rename, at the same address): the client notices, reads everything again, and sends the changes
that waited in its queue once, in the new words."""
import json
import unittest

from cmdlib import OR, CmdTest, Server


def counts(status):
    """The objects per schema of `catalogusbeheer-cmd status`."""
    out = {}
    for line in status.split("queue:")[0].splitlines()[2:]:
        name, _, n = line.rpartition(" ")
        out[name.strip()] = int(n)
    return out


class DialectSwitch(CmdTest):
    def setUp(self):
        super().setUp()
        self.srv = Server("demo", dialect="2025")
        self.port = int(self.srv.url.rsplit(":", 1)[1])

    def tearDown(self):
        self.srv.stop()
        super().tearDown()

    def switch_to(self, dialect):
        self.srv.stop()
        self.srv = Server("demo", dialect=dialect, port=self.port)

    def test_switch_with_changes_waiting(self):
        self.cmd("sync")
        before = self.cmd("status").stdout
        _, orgs = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie?type=Leverancier&_order[naam]=asc")
        org = orgs["results"][0]
        _, people = self.srv.json("GET", f"{OR}/objects/voorzieningen/contactpersoon?organisatie={org['id']}")
        # changes made offline, in the store's words, waiting in the queue
        self.enqueue("patch", org["id"], json.dumps({"status": "Deactief", "beschrijvingKort": "opgeheven"}))
        self.enqueue("create", "contactpersoon", json.dumps({
            "organisatie": org["id"], "voornaam": "Nieuw", "achternaam": "Persoon", "functie": "Beheerder",
            "e-mailadres": "nieuw.persoon@example.org"}))
        self.switch_to("2026")
        r = self.cmd("sync")
        self.assertIn("2026", r.stderr)  # said, not silent
        # everything read again: the same catalogue, in the store's words, nothing lost or doubled
        after = self.cmd("status").stdout
        expected = counts(before)
        expected["contactpersoon"] += 1
        expected["total"] += 1
        self.assertEqual(counts(after), expected)
        self.assertIn("done 2", after)
        # the changes arrived once, in the 2026 words
        status, now = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{org['id']}")
        self.assertEqual(status, 200)
        self.assertEqual(now["status"], "Inactive")
        self.assertEqual(now["shortDescription"], "opgeheven")
        self.assertNotIn("beschrijvingKort", now)
        _, trail = self.srv.json("GET", f"{OR}/audit-trails?object={org['id']}&action=update&_limit=100")
        self.assertEqual(trail["total"], 1)
        _, created = self.srv.json("GET", f"{OR}/objects/stackiq/contactPerson?organization={org['id']}")
        self.assertEqual(created["total"], people["total"] + 1)
        person = [p for p in created["results"] if p.get("achternaam") == "Persoon"][0]
        self.assertEqual(person["role"], "Beheerder")
        self.assertNotIn("functie", person)
        # the store keeps its own words; the name is read from the 2026 fields
        stored = json.loads(self.store_query("SELECT json FROM objects WHERE uuid = ?", org["id"])[0][0])
        self.assertEqual(stored["status"], "Deactief")
        self.assertEqual(stored["naam"], org["naam"])
        hits = self.cmd("search", org["naam"]).stdout.splitlines()
        self.assertIn(f"organisatie\t{org['naam']}\t{org['id']}", hits)
        # and a sync after that is an ordinary one again
        self.assertNotIn("2026", self.cmd("sync").stderr)

    def oldest_registration(self):
        _, found = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie?status=Concept"
                                        "&_order[@self.created]=asc&_limit=1")
        return found["results"][0]

    def updates(self, uuid):
        _, trail = self.srv.json("GET", f"{OR}/audit-trails?object={uuid}&action=update&_limit=100")
        return trail["total"]

    def test_approval_waiting_across_an_upgrade_is_moderated(self):
        """Approved against the 2025 backend, sent to the 2026 one: its moderation is asked for too."""
        self.cmd("sync")
        org = self.oldest_registration()
        self.enqueue("approve", org["id"])
        self.switch_to("2026")
        self.cmd("sync")
        self.assertIn("done 2", self.cmd("status").stdout)
        _, now = self.srv.json("GET", f"{OR}/objects/stackiq/organization/{org['id']}")
        self.assertEqual((now["status"], now["registrationStatus"]), ("Active", "active"))
        self.assertEqual(self.updates(org["id"]), 2)  # the moderation and the status, once each
        # nothing waits for a moderation any more
        _, pending = self.srv.json("GET", "/index.php/apps/stackiq/api/moderation/pending?type=organization",
                                   headers={"OCS-APIRequest": "true"})
        self.assertNotIn(org["id"], [p["id"] for p in pending["items"]])

    def test_rejection_waiting_across_a_downgrade_asks_no_moderation(self):
        """Rejected against the 2026 backend, sent to a 2025 one: no moderation there, the status decides."""
        org = self.oldest_registration()
        self.switch_to("2026")
        self.cmd("sync")
        self.enqueue("reject", org["id"])
        self.switch_to("2025")
        self.cmd("sync")
        self.assertIn("failed 0, conflict 0, done 2", self.cmd("status").stdout)
        _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org['id']}")
        self.assertEqual(now["status"], "Deactief")
        self.assertEqual(self.updates(org["id"]), 1)


if __name__ == "__main__":
    unittest.main()
