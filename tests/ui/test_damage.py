# SPDX-License-Identifier: GPL-3.0-or-later
"""The app on a damaged store: it opens on a page that says so in Dutch and what is kept, and "Herstel:
opnieuw ophalen" fetches the catalogue again while the queued change still goes out, exactly once."""
import json
import os
import subprocess
import tempfile
import unittest

from uilib import OR, App, Server, wait_for

CMD = os.environ.get("SWC_CMD", "catalogusbeheer-cmd")
ENQUEUE = os.environ.get("SWC_ENQUEUE", "swc-enqueue")


def updates_on_server(srv, uuid):
    _, trail = srv.json("GET", f"{OR}/audit-trails?action=update&object={uuid}")
    return trail["total"]


class Damaged(unittest.TestCase):
    def test_opens_on_the_damaged_page_and_repairs(self):
        srv = Server("demo")
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
            with open(store, "r+b") as f:
                f.write(bytes(100))  # the header is gone
            app = App(srv.url, lang="nl_NL.UTF-8", password="admin", home=home.name)
            app.wait_find(name="De lokale kopie is beschadigd")
            app.wait_find(contains="Je 1 wijziging in de wachtrij blijft bewaard")
            button = app.wait_find(role="push button", name="Herstel: opnieuw ophalen")
            app.screenshot("damaged-nl")
            self.assertEqual(updates_on_server(srv, org["id"]), 0)
            app.click(button)
            try:
                wait_for(lambda: srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org['id']}")[1]
                         .get("beschrijvingKort") == "na herstel", timeout=60, what="the queued change on the server")
            except AssertionError:
                app.screenshot("repair-failed")
                app.log.seek(0)
                raise AssertionError("the change did not arrive; the app said:\n" + app.log.read()) from None
            # the catalogue is back: the workspace with its steps
            app.wait_find(role="push button", name="Synchronisatie en wachtrij")
            sync = app.wait_find(role="push button", name="Synchronisatie en wachtrij")
            wait_for(lambda: sync.description == "Gesynchroniseerd", timeout=60, what="the sync to finish")
            app.screenshot("repaired-nl")
            self.assertEqual(updates_on_server(srv, org["id"]), 1)
            self.assertTrue(os.path.exists(store + ".damaged"))
        finally:
            if app is not None:
                app.close()
            srv.stop()
            home.cleanup()


if __name__ == "__main__":
    unittest.main()
