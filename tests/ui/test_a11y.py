# SPDX-License-Identifier: GPL-3.0-or-later
"""Every step, as a screen reader meets it: each control and list row on screen has one good accessible name —
not empty, not a widget class ("GtkToggleButton"), not a mnemonic label read twice ("_Rapport Rapport")."""
import re
import subprocess
import unittest

import pyatspi

from uilib import STEPS_NL, App, Server, wait_for, walk

NAMED_ROLES = {"push button", "toggle button", "check box", "radio button", "entry", "text", "spin button",
               "combo box", "list item", "menu item", "switch", "list", "table", "tree table", "slider"}
STEP_KEYS = ["ctrl+1", "ctrl+2", "ctrl+3", "ctrl+4", "ctrl+5", "ctrl+6", "ctrl+7"]  # the steps built so far


def in_combo_box(node):
    p = node.parent
    for _ in range(6):
        if p is None:
            return False
        if p.getRoleName() == "combo box":
            return True
        p = p.parent
    return False


def problem(node):
    """What is wrong with a node's name, or None."""
    try:
        role = node.getRoleName()
        if role not in NAMED_ROLES:
            return None
        if node.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width <= 0:
            return None  # not drawn: an unbound row of a list
        if role in ("list", "list item") and in_combo_box(node):
            return None  # the choices of a closed drop-down: the toolkit's own popover
        name = (node.name or "").strip()
    except Exception:
        return None  # it went away while we looked
    if not name:
        return f"{role} without a name"
    if re.fullmatch(r"(Gtk|Adw)[A-Za-z]+", name):
        return f"{role} named by its class: {name}"
    if "_" in name:
        return f"{role} named with its mnemonic: {name!r}"
    words = name.split()
    half = len(words) // 2
    if len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return f"{role} named twice: {name!r}"
    return None


def where(node):
    """A few ancestors' roles and names, to find the widget in the code."""
    path = []
    try:
        p = node.parent
        for _ in range(4):
            if p is None:
                break
            path.append(f"{p.getRoleName()}:{p.name or ''}")
            p = p.parent
    except Exception:
        pass
    try:
        kids = [f"{node.getChildAtIndex(i).getRoleName()}:{node.getChildAtIndex(i).name}"
                for i in range(min(node.childCount, 3))]
    except Exception:
        kids = []
    return " < ".join(path) + "; holds " + ", ".join(kids)


class EveryStepNamed(unittest.TestCase):
    def test_every_control_and_row_has_one_good_name(self):
        srv = Server("demo")
        app = App(srv.url, password="admin")
        try:
            app.wait_find(role="list", name="Stappen van het beheerwerk")
            _, concept = srv.objects("organisatie", "status=Concept&_limit=1")
            app.wait_find(role="label", name=str(concept["total"]))
            found = []
            for key, title in zip(STEP_KEYS, STEPS_NL):
                subprocess.run(["xdotool", "key", key], check=True)
                row = app.wait_find(role="list item", name=title)
                wait_for(lambda: row.getState().contains(pyatspi.STATE_SELECTED), what=f"{title} selected")
                # read everything on screen until two readings agree (the page has drawn its rows)
                last = [None]

                def settled():
                    now = sorted(f"{key}: {p}  [{where(n)}]" for n in walk(app.node) if (p := problem(n)))
                    same = now == last[0]
                    last[0] = now
                    return same
                wait_for(settled, what=f"{title} drawn")
                found += last[0]
            self.assertEqual(sorted(set(found)), [], "\n".join(sorted(set(found))))
        finally:
            app.close()
            srv.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
