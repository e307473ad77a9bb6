# SPDX-License-Identifier: GPL-3.0-or-later
"""The durable change queue through catalogusbeheer-cmd: sent in order and exactly once, conflicts kept,
validation before queueing, offline and expired logins survived, a kill during replay survived."""
import json
import os
import signal
import time
import unittest

from cmdlib import OR, CmdTest, Server


class Queue(CmdTest):
    dataset = "demo"

    def setUp(self):
        super().setUp()
        self.cmd("sync")

    def audit(self, uuid, action):
        _, trail = self.srv.json("GET", f"{OR}/audit-trails?object={uuid}&action={action}&_limit=1000")
        return trail["total"]

    def states(self):
        return dict(self.store_query("SELECT id, state FROM queue"))

    def test_patches_are_sent_in_order_and_confirmed(self):
        org = self.one("organisatie", "type=Leverancier&_order[naam]=asc")
        self.enqueue("patch", org["id"], json.dumps({"beschrijvingKort": "eerste"}))
        self.enqueue("patch", org["id"], json.dumps({"beschrijvingKort": "tweede"}))
        view = json.loads(self.store_query("SELECT json FROM objects WHERE uuid = ?", org["id"])[0][0])
        self.assertEqual(view["beschrijvingKort"], "tweede")  # applied locally at once
        self.assertIn("pending", self.cmd("queue", "list").stdout)
        self.cmd("queue", "send")
        _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org['id']}")
        self.assertEqual(now["beschrijvingKort"], "tweede")
        self.assertEqual(self.audit(org["id"], "update"), 2)
        self.assertEqual(set(self.states().values()), {"done"})
        pending = self.store_query("SELECT pending, server_json IS NULL FROM objects WHERE uuid = ?", org["id"])[0]
        self.assertEqual(pending, (0, 1))

    def test_create_with_client_uuid_is_sent_once_even_when_in_doubt(self):
        supplier = self.one("organisatie", "type=Leverancier")
        out = self.enqueue("create", "contactpersoon", json.dumps({
            "organisatie": supplier["id"], "voornaam": "Piet", "achternaam": "Puk", "e-mailadres": "piet@puk.example"}))
        self.cmd("queue", "send")
        uuid = self.store_query("SELECT uuid FROM queue WHERE id = ?", int(out.stdout))[0][0]
        # pretend the answer got lost after the server stored it: the entry is in doubt
        import sqlite3
        conn = sqlite3.connect(self.store_path())
        conn.execute("UPDATE queue SET state = 'sending' WHERE id = ?", (int(out.stdout),))
        conn.commit()
        conn.close()
        self.cmd("queue", "send")
        self.assertEqual(self.audit(uuid, "create"), 1)
        self.assertEqual(len(self.all("contactpersoon", "e-mailadres=piet@puk.example")), 1)

    def test_validation_before_queueing(self):
        supplier = self.one("organisatie", "type=Leverancier")
        r = self.enqueue("create", "contactpersoon", json.dumps({"organisatie": supplier["id"], "e-mailadres": "geen-adres"}),
                         check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("e-mail", r.stderr)
        r = self.enqueue("patch", supplier["id"], json.dumps({"type": "Fabrikant"}), check=False)
        self.assertIn("allowed", r.stderr)
        r = self.enqueue("patch", supplier["id"], json.dumps({"naam": ""}), check=False)
        self.assertIn("required", r.stderr)
        self.assertEqual(self.store_query("SELECT COUNT(*) FROM queue")[0][0], 0)

    def test_conflict_is_kept_not_overwritten(self):
        org = self.one("organisatie", "type=Gemeente&_order[naam]=desc")
        self.enqueue("patch", org["id"], json.dumps({"e-mailadres": "mijn@gemeente.example"}))
        self.srv.json("PATCH", f"{OR}/objects/voorzieningen/organisatie/{org['id']}", {"e-mailadres": "hun@gemeente.example"},
                      user="gebruik")
        self.cmd("queue", "send")
        _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org['id']}")
        self.assertEqual(now["e-mailadres"], "hun@gemeente.example")
        listing = self.cmd("queue", "list").stdout
        self.assertIn("conflict", listing)
        self.assertIn("e-mailadres", listing)
        view = json.loads(self.store_query("SELECT json FROM objects WHERE uuid = ?", org["id"])[0][0])
        self.assertEqual(view["e-mailadres"], "hun@gemeente.example")
        self.cmd("queue", "retry")  # mine wins, on purpose
        self.cmd("queue", "send")
        _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org['id']}")
        self.assertEqual(now["e-mailadres"], "mijn@gemeente.example")

    def test_refused_change_is_rolled_back_with_the_reason(self):
        page = self.one_cms()
        self.enqueue("patch", page["id"], json.dumps({"title": "Nieuw"}))
        self.srv.request("DELETE", f"{OR}/objects/publication/page/{page['id']}")
        self.cmd("queue", "send")
        listing = self.cmd("queue", "list").stdout
        self.assertIn("failed", listing)
        self.assertIn("deleted on the server", listing)
        view = json.loads(self.store_query("SELECT json FROM objects WHERE uuid = ?", page["id"])[0][0])
        self.assertNotEqual(view["title"], "Nieuw")

    def one_cms(self):
        return self.all("page", register="publication")[0]

    def test_undo_during_hold(self):
        org = self.one("organisatie", "type=Community")
        out = self.enqueue("patch", org["id"], json.dumps({"beschrijvingKort": "wacht"}), hold_ms=600000)
        r = self.cmd("queue", "send")
        self.assertEqual(self.audit(org["id"], "update"), 0)  # still held
        self.assertIn("held 1", self.cmd("status").stdout)
        self.cmd("queue", "discard", out.stdout.strip())
        view = json.loads(self.store_query("SELECT json FROM objects WHERE uuid = ?", org["id"])[0][0])
        self.assertNotEqual(view.get("beschrijvingKort"), "wacht")


class Offline(CmdTest):
    dataset = "demo"

    def test_changes_wait_while_offline_and_login_expired(self):
        self.cmd("sync")
        org = self.one("organisatie", "type=Leverancier")
        self.enqueue("patch", org["id"], json.dumps({"telefoonnummer": "0301234567"}))
        r = self.cmd("queue", "send", password="verlopen", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("log in again", r.stderr)
        self.assertIn("pending", self.cmd("queue", "list").stdout)
        # the server goes away, and comes back at the same address with the same data
        port = int(self.srv.url.rsplit(":", 1)[1])
        db = os.path.join(self.data, "server.db")
        import shutil
        self.srv.proc.terminate()
        self.srv.proc.wait(timeout=30)
        shutil.copy(self.srv.db, db)
        r = self.cmd("queue", "send", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("Cannot reach the server", r.stderr)
        self.assertIn("pending", self.cmd("queue", "list").stdout)
        back = Server("demo", db=db, port=port)
        try:
            self.cmd("queue", "send")
            _, now = back.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org['id']}")
            self.assertEqual(now["telefoonnummer"], "0301234567")
        finally:
            back.stop()
        type(self).srv = Server("demo")  # the one tearDownClass stops (the first was stopped above)

class KillDuringReplay(CmdTest):
    dataset = "demo"
    faults = "latency=150"

    def test_every_change_reaches_the_server_exactly_once(self):
        self.cmd("sync")
        modules = self.all("module")[:25]
        for i, m in enumerate(modules):
            self.enqueue("patch", m["id"], json.dumps({"beschrijvingKort": f"versie {i}"}))
        proc = self.popen("queue", "send")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.store_query("SELECT COUNT(*) FROM queue WHERE state = 'done'")[0][0] >= 5:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.assertEqual(self.store_query("PRAGMA integrity_check")[0][0], "ok")
        self.cmd("queue", "send")
        for i, m in enumerate(modules):
            _, trail = self.srv.json("GET", f"{OR}/audit-trails?object={m['id']}&action=update")
            self.assertEqual(trail["total"], 1, m["id"])
            _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/module/{m['id']}")
            self.assertEqual(now["beschrijvingKort"], f"versie {i}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
