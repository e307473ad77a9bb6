# SPDX-License-Identifier: GPL-3.0-or-later
"""The app on a damaged store (found when it opens, or by a read once open): a page that says so in Dutch and
what is kept, and "Herstel: opnieuw ophalen" fetches the catalogue again while the queued change goes out,
exactly once."""
import json
import os
import sqlite3
import subprocess
import tempfile
import threading
import unittest

from uilib import OR, App, Server, wait_for

CMD = os.environ.get("SWC_CMD", "catalogusbeheer-cmd")
ENQUEUE = os.environ.get("SWC_ENQUEUE", "swc-enqueue")


def updates_on_server(srv, uuid):
    _, trail = srv.json("GET", f"{OR}/audit-trails?action=update&object={uuid}")
    return trail["total"]


def zero_header(store):
    with open(store, "r+b") as f:
        f.write(bytes(100))  # the header is gone: found when the store is opened


def zero_objects_root(store):
    """The objects table's root page zeroed, the queue's pages intact: found by the first read of objects (or
    by the background check)."""
    conn = sqlite3.connect(store)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'objects'").fetchone()[0]
    conn.close()
    with open(store, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(bytes(size))


def drain(srv):
    """Reads the server's stderr as it comes: swc-testserver logs GLib criticals as clients drop connections
    (g_socket_send_with_timeout, g_source_unref, ...), and a pipe nobody reads would stop it mid-test."""
    lines = []
    threading.Thread(target=lambda: lines.extend(srv.proc.stderr), daemon=True).start()
    return lines


class Damaged(unittest.TestCase):
    def repair(self, damage, shot, found_at_start=True):
        srv = Server("demo")
        server_log = drain(srv)
        home = tempfile.TemporaryDirectory()
        data = os.path.join(home.name, "data", "catalogusbeheer")
        env = dict(os.environ, SWC_PASSWORD="admin", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        app = None
        try:
            subprocess.run([CMD, "sync", "--server", srv.url, "--user", "admin", "--data-dir", data], env=env,
                           check=True, capture_output=True, timeout=300)
            store = [os.path.join(data, f) for f in os.listdir(data) if f.endswith(".db")][0]
            _, found = srv.objects("organisatie", "type=Leverancier&_order[naam]=asc&_limit=1")
            org = found["results"][0]
            subprocess.run([ENQUEUE, store, "patch", org["id"], json.dumps({"beschrijvingKort": "na herstel"})],
                           check=True, capture_output=True, timeout=60)
            damage(store)
            app = App(srv.url, lang="nl_NL.UTF-8", password="admin", home=home.name)
            app.wait_find(name="De lokale kopie is beschadigd")
            button = app.wait_find(role="push button", name="Herstel: opnieuw ophalen")
            if found_at_start:
                app.wait_find(contains="Je 1 wijziging in de wachtrij blijft bewaard")
                self.assertEqual(updates_on_server(srv, org["id"]), 0)
            else:
                # open, the app may have sent the change before its first read met the damage
                app.wait_find(contains="in de wachtrij")
                self.assertLessEqual(updates_on_server(srv, org["id"]), 1)
            app.screenshot(shot)
            app.click(button)
            try:
                wait_for(lambda: srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org['id']}")[1]
                         .get("beschrijvingKort") == "na herstel", timeout=60, what="the queued change on the server")
            except AssertionError:
                app.screenshot(shot + "-failed")
                app.log.seek(0)
                raise AssertionError("the change did not arrive; the app said:\n" + app.log.read()) from None
            # the catalogue is back: the workspace, synchronised
            sync = app.wait_find(role="push button", name="Synchronisatie en wachtrij")
            wait_for(lambda: sync.description == "Gesynchroniseerd", timeout=60, what="the sync to finish")
            app.wait_find(role="list item", contains="aangemeld")
            app.screenshot(shot + "-repaired")
            self.assertEqual(updates_on_server(srv, org["id"]), 1)
            self.assertTrue(os.path.exists(store + ".damaged"))
            self.assertFalse([line for line in server_log if "Sanitizer" in line or "runtime error" in line])
        except AssertionError:
            print("".join(server_log[:20]))
            raise
        finally:
            if app is not None:
                app.close()
            srv.stop()
            home.cleanup()

    def test_opens_on_the_damaged_page_and_repairs(self):
        self.repair(zero_header, "damaged-nl")

    def test_damage_found_by_a_read_while_open(self):
        self.repair(zero_objects_root, "damaged-read-nl", found_at_start=False)


if __name__ == "__main__":
    unittest.main()
