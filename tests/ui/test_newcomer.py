# SPDX-License-Identifier: GPL-3.0-or-later
"""What a newcomer noticed in a first day: Preferences knows who is logged in, and step 3.1 shows the oldest
concept package first and says "no results" (not "no concept packages") for a search that finds nothing."""
import subprocess
import unittest

from uilib import App, Server, wait_for, walk


def first_row_title(app, list_node):
    """The name on the first row of a list view, as a person reads it."""
    def title():
        try:
            for n in walk(list_node.getChildAtIndex(0)):
                if n.getRoleName() == "label" and n.name:
                    return n.name
        except Exception:
            return None  # the list re-bound its rows while we looked
        return None
    return wait_for(title, what="the first row's title")


class Newcomer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = Server("demo")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def setUp(self):
        self.app = App(self.srv.url, password="admin")
        self.app.wait_find(role="list", name="Stappen van het beheerwerk")

    def tearDown(self):
        self.app.close()

    def test_preferences_name_the_server_and_the_user(self):
        subprocess.run(["xdotool", "key", "ctrl+comma"], check=True)
        self.app.wait_find(role="label", name=f"{self.srv.url}, aangemeld als admin")
        self.assertIsNone(self.app.find(role="label", name="Niet aangemeld"))

    def test_concepts_oldest_first_and_a_search_without_hits(self):
        app = self.app
        _, concept = self.srv.objects("organisatie", "status=Concept&_limit=1")
        app.wait_find(role="label", name=str(concept["total"]))  # the first sync is in
        subprocess.run(["xdotool", "key", "ctrl+7"], check=True)
        packages = app.wait_find(role="list", name="Conceptpakketten")
        oldest = first_row_title(app, packages)
        # the detail beside the list is the first row's package
        wait_for(lambda: app.find(role="label", name=oldest) and
                 len([n for n in app.find_all("label") if n.name == oldest]) >= 2, what="the oldest package's detail")
        search = app.wait_find(role="entry", name="Zoek conceptpakketten")
        app.click(search)
        subprocess.run(["xdotool", "type", "--delay", "60", "qqqzzz"], check=True)
        wait_for(lambda: app.find_shown("label", "Geen resultaten"), what="the search's empty state")
        self.assertIsNone(app.find_shown("label", "Geen conceptpakketten"))
        app.screenshot("concepts-no-hits-nl")
        subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True)
        wait_for(lambda: len([n for n in app.find_all("label") if n.name == oldest]) >= 2,
                 what="the oldest package again once the search is cleared")


if __name__ == "__main__":
    unittest.main(verbosity=2)
