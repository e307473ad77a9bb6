# SPDX-License-Identifier: GPL-3.0-or-later
"""The keyboard and the focus: the step's list has the focus from the start and after a dialog, the focus
stays on the row someone was on when the list is refreshed, Ctrl+Z undoes the newest waiting change, the
reject dialog starts in its reason field and says why it cannot reject yet, and the shortcuts window lists
every key and fits a 1280-pixel screen."""
import subprocess
import time
import unittest
from urllib.parse import quote

import pyatspi

from uilib import OR, App, Server, wait_for, walk


def key(*keys):
    subprocess.run(["xdotool", "key", "--delay", "60"] + list(keys), check=True)


class ServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = Server("demo")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def oldest(self, n):
        _, concept = self.srv.objects("organisatie", f"status=Concept&_order[@self.created]=asc&_limit={n}")
        return concept["results"]

    def status(self, uuid):
        return self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{uuid}")[1]["status"]

    def start(self, waiting_for):
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        app.wait_find(role="list", name="Aangemelde organisaties")
        app.wait_find(role="label", name=waiting_for)
        return app

    def focused_name(self, app):
        """The focused node's name, or the first label in it (a list row)."""
        node = app.focused()
        if node is None:
            return None
        if node.name:
            return node.name
        for i in range(node.childCount):
            for n in walk(node.getChildAtIndex(i)):
                if n.getRoleName() == "label" and n.name:
                    return n.name
        return f"({node.getRoleName()})"


class StartFocus(ServerTest):
    def test_j_then_a_acts_on_the_list_without_tab(self):
        two = self.oldest(2)
        app = self.start(two[0]["naam"])
        try:
            # no Tab: the list of registrations has the focus, on the selected (oldest) one
            try:
                wait_for(lambda: self.focused_name(app) == two[0]["naam"], what="the oldest registration focused")
            except AssertionError:
                raise AssertionError(f"focused: {self.focused_name(app)}\n{app.describe_failure()}")
            key("j")
            wait_for(lambda: self.focused_name(app) == two[1]["naam"], what="J moves the focus with the selection")
            app.wait_find(role="label", name=two[1]["naam"])
            key("a")
            app.wait_toast(f"{two[1]['naam']} goedgekeurd")
            # the approved row left the list: the focus went with the selection to the row now in its place
            wait_for(lambda: self.focused_name(app) not in (None, two[1]["naam"]), what="the focus on the next row")
            wait_for(lambda: self.status(two[1]["id"]) == "Actief", timeout=30, what="the approval on the server")
            self.assertEqual(self.status(two[0]["id"]).lower(), "concept")
        finally:
            app.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
