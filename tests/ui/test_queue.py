# SPDX-License-Identifier: GPL-3.0-or-later
"""The change queue in the sync popover: each change by its object's name and what it does, never an id; a
refused change tried again, a waiting one removed (after asking); with the server gone the sync button says
Offline within seconds, and when a server answers again on the same port and data the change goes out by
itself, exactly once."""
import os
import re
import subprocess
import tempfile
import time
import unittest

import pyatspi

from uilib import OR, App, Server, open_review, wait_for, words

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


class Restartable:
    """A swc-testserver whose data outlives it: stopped and started again on the same port and database."""
    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.tmp.name, "catalogue.db")
        self.srv = Server("demo", db=self.db)
        self.url = self.srv.url
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self):
        if self.srv is not None:
            self.srv.stop()
            self.srv = None

    def start(self):
        self.srv = Server("demo", db=self.db, port=self.port)
        assert self.srv.url == self.url, self.srv.url

    def close(self):
        self.stop()
        self.tmp.cleanup()


def oldest_concept(srv):
    _, found = srv.objects("organisatie", "status=Concept&_order[@self.created]=asc&_limit=1")
    return found["results"][0]


def approval_updates():
    """Updates one approval makes: the status, and on a 2026 backend its moderation (registrationStatus)."""
    return 2 if words.is_2026() else 1


def updates_on_server(srv, uuid):
    _, trail = srv.json("GET", f"{OR}/audit-trails?action=update&object={uuid}")
    return trail["total"]


def texts(node):
    """Every name and description under node."""
    out = []
    stack = [node]
    while stack:
        n = stack.pop()
        try:
            out += [t for t in (n.name, n.description) if t]
            stack += [n.getChildAtIndex(i) for i in range(n.childCount)]
        except Exception:
            continue
    return out


def find_under(node, role, ends_with):
    """A visible node under node of role whose name ends with ends_with (a mnemonic may name a button twice; a
    message dialog has its buttons twice, in a row and in a column, one of them hidden)."""
    stack = [node]
    while stack:
        n = stack.pop()
        try:
            if n.getRoleName() == role and (n.name or "").endswith(ends_with) and \
                    n.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width > 0:
                return n
            stack += [n.getChildAtIndex(i) for i in range(n.childCount)]
        except Exception:
            continue
    return None


class QueueTest(unittest.TestCase):
    def open_queue(self, app):
        """Opens the sync popover; returns the queue's list."""
        button = app.wait_find(role="push button", name="Synchronisatie en wachtrij")
        app.click(button)
        return app.wait_find(role="list", name="Wachtrij")

    def close_popover(self):
        subprocess.run(["xdotool", "key", "Escape"], check=True)


class Refused(QueueTest):
    def test_refused_change_listed_by_name_then_tried_again(self):
        srv = Server("demo")
        org = oldest_concept(srv)
        path = f"{OR}/objects/voorzieningen/organisatie/{org['id']}"
        app = App(srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            open_review(app, org["naam"])
            srv.request("DELETE", path)  # someone removes it in the web back-end meanwhile
            subprocess.run(["xdotool", "key", "a"], check=True)
            app.wait_toast("goedgekeurd")
            button = app.wait_find(role="push button", name="Synchronisatie en wachtrij")
            wait_for(lambda: button.description == "Wijzigingen vragen aandacht", timeout=30,
                     what="the refusal on the sync button")
            queue = self.open_queue(app)
            row = app.wait_find(role="list item", contains="Geweigerd: Het object is op de server verwijderd")
            self.assertIn(f"{org['naam']} · goedkeuren", row.name)
            self.assertEqual([t for t in texts(queue) if UUID.search(t)], [])
            app.screenshot("queue-refused-nl")
            # it is back (re-created with its own id), and the change is tried again from its row
            again = {k: v for k, v in org.items() if k != "@self"}
            status, _ = srv.json("POST", f"{OR}/objects/voorzieningen/organisatie", again)
            self.assertEqual(status, 201)
            # by keyboard: Tab reaches the row's Try Again, Space presses it
            app.wait_find(role="push button", name="Opnieuw proberen", contains=f"{org['naam']} · goedkeuren")
            def where_focus():
                n = app.focused()
                return n and (n.getRoleName(), n.name, n.description)
            for _ in range(8):
                before = where_focus()
                if before and before[1] == "Opnieuw proberen":
                    break
                subprocess.run(["xdotool", "key", "Tab"], check=True)
                wait_for(lambda: where_focus() != before, timeout=5, what="the focus to move")
            self.assertEqual(where_focus(), ("push button", "Opnieuw proberen", f"{org['naam']} · goedkeuren"))
            subprocess.run(["xdotool", "key", "space"], check=True)
            if words.is_2026():  # the backend's moderation was refused too: its row is tried again as well
                app.press(app.wait_find(role="push button", name="Opnieuw proberen",
                                        contains=f"{org['naam']} · goedkeuren"))
            wait_for(lambda: srv.json("GET", path)[1]["status"] == "Actief", timeout=30,
                     what="the approval on the server after trying again")
            wait_for(lambda: button.description == "Gesynchroniseerd", timeout=30, what="all well again")
            self.assertEqual(updates_on_server(srv, org["id"]), approval_updates())
        finally:
            app.close()
            srv.stop()


class Offline(QueueTest):
    def setUp(self):
        self.srv = Restartable()
        self.org = oldest_concept(self.srv.srv)
        self.app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")

    def tearDown(self):
        self.app.close()
        self.srv.close()

    def approve_while_offline(self):
        """Approves the oldest registration with the server stopped; the button says Offline within seconds."""
        app = self.app
        open_review(app, self.org["naam"])
        button = app.wait_find(role="push button", name="Synchronisatie en wachtrij")
        wait_for(lambda: button.description == "Gesynchroniseerd", what="the button saying all is well")
        self.srv.stop()
        subprocess.run(["xdotool", "key", "a"], check=True)
        app.wait_toast("goedgekeurd")
        wait_for(lambda: button.description != "Gesynchroniseerd", timeout=3,
                 what="the button no longer saying all is well while a change waits")
        t0 = time.monotonic()
        wait_for(lambda: button.description.startswith("Offline"), timeout=15, what="the button saying offline")
        self.assertLess(time.monotonic() - t0, 10)  # the Undo time (5 s) and one refused connection; no F5
        return button

    def test_offline_within_seconds_then_sent_by_itself_exactly_once(self):
        app = self.app
        path = f"{OR}/objects/voorzieningen/organisatie/{self.org['id']}"
        button = self.approve_while_offline()
        self.open_queue(app)
        row = app.wait_find(role="list item", contains=f"{self.org['naam']} · goedkeuren")
        self.assertEqual(row.name, f"{self.org['naam']} · goedkeuren, Wacht op verzending")  # one name, the object first
        app.screenshot("queue-offline-nl")
        self.close_popover()
        self.srv.start()  # the same port and data: no F5, the app finds it by itself
        wait_for(lambda: self.srv.srv.json("GET", path)[1]["status"] == "Actief", timeout=60,
                 what="the approval on the server without F5")
        wait_for(lambda: button.description == "Gesynchroniseerd", timeout=30, what="the button saying all is well")
        self.assertEqual(updates_on_server(self.srv.srv, self.org["id"]), approval_updates())  # exactly once

    def test_waiting_change_removed_from_the_queue(self):
        app = self.app
        path = f"{OR}/objects/voorzieningen/organisatie/{self.org['id']}"
        button = self.approve_while_offline()
        self.open_queue(app)
        name = f"{self.org['naam']} · goedkeuren"
        app.wait_find(role="list item", contains=name)
        for i in range(2):  # the decision (the backend's moderation, where it has one) waits beside the status
            if i > 0:
                self.open_queue(app)
            app.press(app.wait_find(role="push button", name="Verwijderen uit wachtrij", contains=name))
            app.wait_find(contains="Wijziging uit wachtrij halen?")
            app.screenshot("queue-remove-nl")
            dialog = app.wait_find(role="dialog", name="Wijziging uit wachtrij halen?")
            app.click(wait_for(lambda: find_under(dialog, "push button", "Verwijderen"), what="the dialog's Remove"))
            wait_for(lambda: app.find(role="dialog", name="Wijziging uit wachtrij halen?") is None,
                     what="the dialog closed")
        try:
            wait_for(lambda: button.description == "Offline: de server antwoordt niet", timeout=10,
                     what="nothing waiting any more")
        except AssertionError:
            raise AssertionError(f"{button.description!r}\n{app.describe_failure()}") from None
        self.srv.start()
        wait_for(lambda: button.description == "Gesynchroniseerd", timeout=60, what="online again by itself")
        self.assertEqual(self.srv.srv.json("GET", path)[1]["status"], self.org["status"])  # nothing arrived
        self.assertEqual(updates_on_server(self.srv.srv, self.org["id"]), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
