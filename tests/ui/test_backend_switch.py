# SPDX-License-Identifier: GPL-3.0-or-later
"""The catalogue's server is upgraded from the 2025 backend to the 2026 one while the app is open (same address):
the administrator is told, everything is read again, and an approval made meanwhile arrives once, in the new
words, moderated as the new backend moderates registrations."""
import subprocess
import unittest

from uilib import OR, App, Server, open_review, wait_for


def queue_states(app):
    """The app's queued changes (label, state, error), from its store."""
    import glob
    import sqlite3
    conn = sqlite3.connect(glob.glob(f"{app.home}/data/catalogusbeheer/*.db")[0], timeout=10)
    try:
        return conn.execute("SELECT label, state, error, path FROM queue ORDER BY id").fetchall()
    finally:
        conn.close()


class BackendSwitch(unittest.TestCase):
    def test_upgrade_between_two_syncs(self):
        srv = Server("demo", dialect="2025")
        port = int(srv.url.rsplit(":", 1)[1])
        _, concept = srv.json("GET", f"{OR}/objects/voorzieningen/organisatie?status=Concept"
                                     "&_order[@self.created]=asc&_limit=1")
        oldest = concept["results"][0]
        app = App(srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            sync = app.wait_find(role="push button", name="Synchronisatie en wachtrij")
            wait_for(lambda: sync.description == "Gesynchroniseerd", timeout=60, what="the first sync")
            srv.stop()
            srv = Server("demo", dialect="2026", port=port)
            open_review(app, oldest["naam"])
            subprocess.run(["xdotool", "key", "a"], check=True)
            app.wait_toast("goedgekeurd")
            subprocess.run(["xdotool", "key", "F5"], check=True)
            app.wait_toast("nieuwe versie")  # said once, while everything is read again
            app.screenshot("backend-switch-nl")

            def arrived():
                _, now = srv.json("GET", f"{OR}/objects/stackiq/organization/{oldest['id']}")
                return now["status"] == "Active" and now.get("registrationStatus") == "active"
            try:
                wait_for(arrived, timeout=60, what="the approval on the 2026 server, in its words")
            except AssertionError:
                app.screenshot("backend-switch-failed")
                raise AssertionError(f"the queue: {queue_states(app)}\n{app.describe_failure()}") from None
            wait_for(lambda: sync.description == "Gesynchroniseerd", timeout=60, what="the full re-read")
            _, trail = srv.json("GET", f"{OR}/audit-trails?object={oldest['id']}&action=update&_limit=100")
            self.assertEqual(trail["total"], 2)  # the moderation and the status, once each
            # the catalogue reads as before: the step titles and the organisation's name from the 2026 fields
            app.wait_find(role="list item", contains="aangemeld")
        finally:
            app.close()
            srv.stop()


if __name__ == "__main__":
    unittest.main()
