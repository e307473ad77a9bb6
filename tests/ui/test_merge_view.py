# SPDX-License-Identifier: GPL-3.0-or-later
"""The merge view of steps 2.1 and 2.2 as a person reads it: every object in "Wat verhuist" by its name (never a
UUID), the report with the same Dutch kind labels and not drawn selected, the sidebar still there after a
three-way merge view at 1280 pixels, Terug back to where the merge was started, and 2.2's candidate pairs with
both packages' suppliers."""
import re
import subprocess
import unittest

import pyatspi

from uilib import OR, App, Server, walk, wait_for

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
    """Drawn on screen: visible and with a size (GTK 4.8 reports no SHOWING state)."""
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE) and \
            node.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width > 0
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

    def sidebar_state(self):
        """"shown" beside the content, "button" when the window folded it away and "Stappen tonen" brings it
        back (the button shows exactly when folded), None when it cannot be reached."""
        button = self.app.find(role="push button", name="Stappen tonen")
        if button is not None:
            return "button" if shown(button) else None
        steps = self.app.find(role="list", name=SIDEBAR)
        return "shown" if steps is not None and shown(steps) else None

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
        wait_for(lambda: all(app.find_shown("row", n) for n in names), what="the three municipalities")
        app.settled(lambda: app.find_shown("row", target["naam"]))
        app.click(lambda: app.find_shown("row", target["naam"]))
        key("alt+d")
        app.wait_find(role="push button", name=f"Haal {target['naam']} van de werkbank")
        x, y = app.settled(lambda: app.find_shown("row", first["naam"]))
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)
        x, y = app.settled(lambda: app.find_shown("row", second["naam"]))
        subprocess.run(["xdotool", "keydown", "ctrl", "mousemove", str(x), str(y), "click", "1", "keyup", "ctrl"],
                       check=True)
        key("alt+b")
        for o in (first, second):
            app.wait_find(role="push button", name=f"Haal {o['naam']} van de werkbank")
        return target, first, second

    def kinds(self, view):
        """The rows of "Wat verhuist": one per kind of reference ("Gebruik · Afnemer")."""
        return [n for n in walk(view) if n.getRoleName() == "list item" and " · " in (n.name or "")]

    def expand_what_moves(self, view):
        """Opens every kind as a person does: scrolled into view, clicked; its objects appear below it."""
        for name in [k.name for k in self.kinds(view)]:
            row = self.app.find(role="list item", name=name)
            self.app.scroll_to(row, view)
            self.app.click(row)
        return wait_for(lambda: next((n for n in walk(view) if n.getRoleName() == "label" and shown(n) and
                                      " gebruikt " in (n.name or "")), None), what="a usage by its name")

    def test_three_way_merge_view_names_report_and_sidebar(self):
        app = self.app
        target, first, second = self.three_on_the_workbench()
        key("alt+v")
        view = app.wait_find(name="Samenvoegweergave")
        app.wait_find(contains="Server bevestigt")
        app.screenshot("merge-view-three-way-1280")
        self.assertEqual(self.sidebar_state(), "shown", "the sidebar folded away at 1280 pixels")
        # every kind of reference expanded: objects by name, nothing UUID-shaped anywhere in the view
        kinds = [k.name for k in self.kinds(view)]
        self.assertIn("Gebruik · Afnemer", kinds)
        usage = self.expand_what_moves(view)
        app.scroll_to(usage, view)
        app.screenshot("merge-view-what-moves-expanded")
        found = [t for t in texts(view) if UUID.search(t)]
        self.assertEqual(found, [], "UUIDs in the merge view")

        # the report: the same kind labels, no raw paths, nothing selected
        reason = app.wait_find(role="text", name="Reden (verplicht)")
        app.scroll_to(reason, view)
        app.click(reason)
        subprocess.run(["xdotool", "type", "--delay", "20", "Herindeling"], check=True)
        button = app.wait_find(role="push button", contains="Samenvoegen")
        wait_for(lambda: button.getState().contains(pyatspi.STATE_SENSITIVE), what="Merge enabled")
        key("ctrl+Return")
        report = app.wait_find(role="list", name="Rapport")
        wait_for(lambda: any("verplaatst" in (n.name or "") for n in walk(report)), timeout=60, what="the report")
        lines = [t for t in texts(report) if t]
        app.screenshot("merge-report-labels")
        self.assertFalse([t for t in lines if RAW_PATH.search(t) or UUID.search(t)], lines)
        self.assertTrue(any(k in t for k in kinds for t in lines), (kinds, lines))
        selected = [n for n in walk(report) if n.getRoleName() == "label" and n.queryText().getNSelections() > 0]
        self.assertEqual(selected, [], "the report is drawn selected")
        self.assertEqual(self.sidebar_state(), "shown")

        # Terug: the workbench of 2.1, the sidebar there
        app.press(app.wait_find(role="push button", name="Terug"))  # scrolled out of sight by the report
        app.wait_find(contains="Sleep hier de organisatie die blijft")
        self.assertIsNone(app.find(name="Samenvoegweergave"))
        self.assertEqual(self.sidebar_state(), "shown")

        # a narrow window folds the sidebar away; a visible button brings it back
        subprocess.run(["xdotool", "search", "--name", "Catalogusbeheer", "windowsize", "%@", "600", "700"], check=True)
        wait_for(lambda: self.sidebar_state() == "button", what="the sidebar folded, with its button")
        app.screenshot("merge-folded-sidebar-button")
        app.click(app.find(role="push button", name="Stappen tonen"))
        wait_for(lambda: shown(app.find(role="list", name=SIDEBAR)), what="the sidebar back")
        app.screenshot("merge-folded-sidebar-shown")

    def test_candidate_pairs_show_suppliers_and_back_returns_to_them(self):
        app = self.app
        _, found = self.srv.objects("module", "_limit=1&_order[naam]=asc")
        original = found["results"][0]
        _, supplier = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{original['aanbieder']}")
        status, copy = self.srv.json("POST", f"{OR}/objects/voorzieningen/module",
                                     {"naam": original["naam"], "aanbieder": original["aanbieder"]})
        self.assertEqual(status, 201, copy)
        title = f"{original['naam']} ↔ {original['naam']}"
        key("F5")  # the copy arrives with the next synchronisation
        key("ctrl+6")
        app.wait_find(contains="Sleep hier de applicatie die blijft")
        app.click(wait_for(lambda: app.find_shown("label", "Mogelijke dubbele"), what="the tab"))
        pairs = app.wait_find(role="list", name="Mogelijke dubbele")
        same = wait_for(lambda: app.find(role="list item", name=title), timeout=60, what="the pair of one supplier")
        rows = [n for n in walk(pairs) if n.getRoleName() == "list item" and "↔" in (n.name or "")]
        described = [" ".join(texts(r)) for r in rows]
        app.screenshot("merge-candidates-suppliers")
        # the pair that agrees on its supplier first, with its supplier; pairs of two suppliers below, said so
        self.assertIn(f"Leverancier: {supplier['naam']}", described[rows.index(same)] if same in rows else
                      " ".join(texts(same)))
        self.assertEqual(rows[0].name, title, described[:3])
        others = [d for d in described if "andere leverancier" in d]
        self.assertTrue(others, described)
        for d in others:
            self.assertRegex(d, r"Leveranciers: .+ ↔ .+")
            self.assertLess(int(re.search(r"score (\d+)", d).group(1)), 50, d)

        # Samenvoegen… on the pair, then Terug: back on the candidates, on that pair's row
        merge = next(n for n in walk(same) if n.getRoleName() == "push button" and "Samenvoegen" in (n.name or ""))
        app.click(merge)
        view = app.wait_find(name="Samenvoegweergave")
        app.wait_find(contains="Server bevestigt")
        omvat = [n for n in walk(view) if n.getRoleName() == "label" and n.name == "Omvat"]
        self.assertLessEqual(len(omvat), 1, "a field shown more than once")
        self.assertEqual(self.sidebar_state(), "shown")
        self.assertFalse([t for t in texts(view) if UUID.search(t)])
        key("Escape")
        wait_for(lambda: shown(app.find(role="list", name="Mogelijke dubbele")), what="the candidates tab again")
        wait_for(lambda: (app.focused() is not None and app.focused().name == title), what="the focus on the pair")

    def test_back_from_a_merge_started_in_step_1_1(self):
        app = self.app
        key("ctrl+1")
        queue = app.wait_find(role="list", name="Aangemelde organisaties")
        for _ in range(10):  # J moves down the queue until the re-registered supplier is shown
            if app.find(role="label", name="Centric B.V.") and app.find(contains="zelfde KvK-nummer"):
                break
            key("j")
        app.wait_find(role="push button", contains="Samenvoegen met deze")
        key("m")
        app.wait_find(role="label", name="Samenvoegen in Centric")
        self.assertEqual(self.sidebar_state(), "shown")
        key("Escape")
        wait_for(lambda: shown(app.find(role="list", name="Aangemelde organisaties")), what="step 1.1 again")
        self.assertIsNone(app.find(name="Samenvoegweergave"))
        focus = wait_for(app.focused, what="the focus back in 1.1")
        ancestors, n = [], focus
        while n is not None and len(ancestors) < 40:
            ancestors.append(n)
            n = n.parent
        self.assertIn(queue, ancestors, f"the focus is on {focus.getRoleName()} {focus.name!r}, not in the list")


if __name__ == "__main__":
    unittest.main()
