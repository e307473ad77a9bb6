# SPDX-License-Identifier: GPL-3.0-or-later
"""The keyboard and the focus: the step's list has the focus from the start and after a dialog, the focus
stays on the row someone was on when the list is refreshed, Ctrl+Z undoes the newest waiting change, the
reject dialog starts in its reason field and says why it cannot reject yet, and the shortcuts window lists
every key and fits a 1280-pixel screen."""
import shutil
import subprocess
import unittest

import pyatspi

from uilib import OR, App, Server, toplevel, type_text, wait_for, walk


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


def store_queue(app, uuid):
    """The states of the app's queued changes to one object, from its store (the change queue's history)."""
    import glob
    import sqlite3
    path = glob.glob(f"{app.home}/data/catalogusbeheer/*.db")[0]
    conn = sqlite3.connect(path, timeout=10)
    try:
        return [r[0] for r in conn.execute("SELECT state FROM queue WHERE uuid = ? ORDER BY id", (uuid,))]
    finally:
        conn.close()


class UndoWithCtrlZ(ServerTest):
    def test_approve_then_ctrl_z_in_review(self):
        first = self.oldest(1)[0]
        app = self.start(first["naam"])
        try:
            wait_for(lambda: self.focused_name(app) == first["naam"], what="the oldest registration focused")
            key("a")
            app.wait_toast(f"{first['naam']} goedgekeurd")
            wait_for(lambda: app.find(role="label", name=first["naam"]) is None, what="the approved row gone")
            key("ctrl+z")
            app.wait_toast("Ongedaan gemaakt")
            app.wait_find(role="label", name=first["naam"])  # back in the list
            # cancelled before its time was up: nothing of it waits to be sent, and the server never saw it
            self.assertFalse([st for st in store_queue(app, first["id"]) if st != "discarded"])
            self.assertEqual(self.status(first["id"]).lower(), "concept")
            key("ctrl+z")
            app.wait_toast("Er is niets om ongedaan te maken")
        finally:
            app.close()

    def test_remove_member_then_ctrl_z(self):
        _, found = self.srv.objects("organisatie", "type=Samenwerking&_order[naam]=asc&_limit=1")
        collab = found["results"][0]
        _, found = self.srv.objects("organisatie", "_limit=100&_ids=" + ",".join(collab["deelnemers"]))
        first = sorted(found["results"], key=lambda o: o["naam"])[0]
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Aangemelde organisaties")
            key("ctrl+3")
            app.wait_find(role="label", name=collab["naam"])
            app.click(lambda: app.find(role="push button", name=f"Verwijder {first['naam']}"))
            app.wait_find(role="push button", contains="Verwijderen")
            # the safe choice is the default: Enter cancels, the member stays
            key("Return")
            wait_for(lambda: app.find(role="push button", contains="Verwijderen") is None, what="the dialog closed")
            self.assertIsNotNone(app.find(role="push button", name=f"Verwijder {first['naam']}"))
            app.click(lambda: app.find(role="push button", name=f"Verwijder {first['naam']}"))
            app.click(app.wait_find(role="push button", contains="Verwijderen"))
            app.wait_toast(f"{first['naam']} verwijderd uit {collab['naam']}")
            wait_for(lambda: app.find(role="push button", name=f"Verwijder {first['naam']}") is None,
                     what="the member gone from the list")
            key("ctrl+z")
            app.wait_toast("Ongedaan gemaakt")
            app.wait_find(role="push button", name=f"Verwijder {first['naam']}")
            waiting = [st for u in (collab["id"], first["id"]) for st in store_queue(app, u) if st != "discarded"]
            self.assertFalse(waiting)
            _, c = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{collab['id']}")
            self.assertIn(first["id"], c["deelnemers"])
        finally:
            app.close()


class RejectDialog(ServerTest):
    def fake_mail_program(self, home):
        """The desktop's mail program, as GIO finds it (mimeapps.list): it writes the mailto: URI to a file."""
        import os
        apps = os.path.join(home, "data", "applications")
        os.makedirs(apps, exist_ok=True)
        os.makedirs(os.path.join(home, "config"), exist_ok=True)
        script = os.path.join(home, "fake-mail.sh")
        with open(script, "w") as f:
            f.write(f'#!/bin/sh\nprintf "%s" "$1" > "{home}/mailto.txt"\n')
        os.chmod(script, 0o755)
        with open(os.path.join(apps, "fake-mail.desktop"), "w") as f:
            f.write(f"[Desktop Entry]\nType=Application\nName=Fake Mail\nExec={script} %u\n"
                    "MimeType=x-scheme-handler/mailto;\n")
        with open(os.path.join(home, "config", "mimeapps.list"), "w") as f:
            f.write("[Default Applications]\nx-scheme-handler/mailto=fake-mail.desktop\n")
        return os.path.join(home, "mailto.txt")

    def test_reason_focused_empty_says_why_focus_back(self):
        import os
        import tempfile
        from urllib.parse import unquote
        two = self.oldest(2)
        _, people = self.srv.objects("contactpersoon", f"organisatie={two[0]['id']}&_limit=50")
        emails = sorted(p["e-mailadres"] for p in people["results"])
        self.assertTrue(emails)
        home = tempfile.mkdtemp()
        mailed = self.fake_mail_program(home)
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin", home=home)
        app.wait_find(role="list", name="Aangemelde organisaties")
        app.wait_find(role="label", name=two[0]["naam"])
        try:
            wait_for(lambda: self.focused_name(app) == two[0]["naam"], what="the oldest registration focused")
            key("r")
            app.wait_find(contains="Aanmelding afwijzen")
            app.wait_find(contains=f"{two[0]['naam']} krijgt geen toegang")  # the body names the organisation
            reason = app.wait_find(role="text", name="Reden")
            wait_for(lambda: reason.getState().contains(pyatspi.STATE_FOCUSED), what="the reason field focused")
            app.wait_find(name="Dubbele aanmelding")  # standard reasons
            app.wait_find(role="check box", name="Contactpersonen mailen")
            key("ctrl+Return")
            app.wait_find(role="label", name="Geef een reden op")
            self.assertTrue(reason.getState().contains(pyatspi.STATE_FOCUSED))
            self.assertEqual(self.status(two[0]["id"]).lower(), "concept")
            app.screenshot("keys-reject-empty-reason")
            key("Escape")
            try:
                wait_for(lambda: self.focused_name(app) == two[0]["naam"], what="the focus back on the row")
            except AssertionError:
                raise AssertionError(f"focused: {self.focused_name(app)}\n{app.describe_failure()}")

            key("r")
            reason = app.wait_find(role="text", name="Reden")
            wait_for(lambda: reason.getState().contains(pyatspi.STATE_FOCUSED), what="the reason field focused")
            # the standard reasons by keyboard: the third of the list below the field
            app.wait_find(name="Onvolledige gegevens")
            key("Tab", "Down", "Down", "Return")
            wait_for(lambda: app.text_of(reason) == "Onvolledige gegevens", what="the standard reason in the field")
            check = app.wait_find(role="check box", name="Contactpersonen mailen")
            key("alt+m")  # its mnemonic: the whole dialog by keyboard
            wait_for(lambda: check.getState().contains(pyatspi.STATE_CHECKED), what="the mail check ticked")
            key("ctrl+Return")
            app.wait_toast(f"{two[0]['naam']} afgewezen")
            # the mail program opened with the contact persons, a subject and the reason
            def mail():
                if not os.path.exists(mailed):
                    return None
                with open(mailed) as f:
                    return f.read()
            uri = unquote(wait_for(mail, what="the mail program"))
            self.assertTrue(uri.startswith("mailto:" + ",".join(emails) + "?") or
                            sorted(uri[7:uri.index("?")].split(",")) == emails, uri)
            self.assertIn("subject=Aanmelding in de GEMMA Softwarecatalogus", uri)
            self.assertIn(f"De aanmelding van {two[0]['naam']} in de GEMMA Softwarecatalogus is afgewezen.", uri)
            self.assertIn("Reden: Onvolledige gegevens", uri)
            # back on the list, on the registration now in the rejected one's place
            wait_for(lambda: self.focused_name(app) == two[1]["naam"], what="the focus on the next registration")
            wait_for(lambda: self.status(two[0]["id"]) == "Deactief", timeout=30, what="the rejection on the server")
        finally:
            app.close()
            shutil.rmtree(home, ignore_errors=True)


class UsersFocus(ServerTest):
    def test_disabling_an_account_keeps_the_focus_on_that_person(self):
        _, people = self.srv.objects("contactpersoon", "_limit=1000")
        by_org = {}
        for p in people["results"]:
            by_org.setdefault(p["organisatie"], []).append(p)
        org = None
        for org_id, ps in by_org.items():
            _, o = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org_id}")
            if len(ps) >= 3 and (o.get("status") or "").lower() == "actief":
                org = o
                break
        self.assertIsNotNone(org)
        names = sorted(" ".join(x for x in (p.get("voornaam"), p.get("tussenvoegsel"), p.get("achternaam")) if x)
                       for p in by_org[org["id"]])
        target = names[1]  # not the first row: a rebuilt list used to put the focus there
        switch = f"Account van {target} ingeschakeld"
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Aangemelde organisaties")
            key("ctrl+4")
            search = wait_for(lambda: [n for n in app.find_all("entry") if n.name == "Zoek organisaties"] or None,
                              what="the organisations' search field")[0]
            app.click(search)
            subprocess.run(["xdotool", "type", "--delay", "20", org["naam"]], check=True)
            app.wait_find(role="label", name=org["naam"])
            app.wait_find(name=switch)  # the accounts are read
            for _ in range(40):  # Tab to the person's switch, as a keyboard user does
                focused = app.focused()
                if focused is not None and focused.name == switch:
                    break
                key("Tab")
            else:
                self.fail(f"Tab never reached {switch!r}")
            before = app.focused().path
            key("space")
            app.wait_toast(f"Het account van {target} is uitgeschakeld")
            # sent, the accounts read again and the rows built again: the focus is still on that person's switch
            def rebuilt():  # looked up once: the rows may be built again between two lookups
                node = app.find(name=switch)
                return node is not None and node.path != before
            wait_for(rebuilt, timeout=40, what="the rows built again after the change was sent")
            focused = app.focused()
            self.assertIsNotNone(focused)
            self.assertEqual(focused.name, switch)
            self.assertFalse(focused.getState().contains(pyatspi.STATE_CHECKED))
        finally:
            app.close()


class ShortcutsWindow(ServerTest):
    def keys_of(self, app, title):
        """The keys shown next to a shortcut's title; one in a section not shown (newer GTK leaves those out of
        what a screen reader reads) is looked up with the window's search, as a person would."""
        node = app.find(name=title)
        if node is None:
            key("ctrl+a")  # the search field holds the last search: typing replaces it
            type_text(title)
            node = app.wait_find(name=title)
        return [n.name for n in walk(node.parent.parent) if n.getRoleName() == "label" and n.name != title and n.name != "+"]

    def test_lists_ctrl_z_and_alt_v_and_fits_1280(self):
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Aangemelde organisaties")
            key("ctrl+question")
            title = app.wait_find(name="Zoek overal")
            window = toplevel(title)  # GTK 4.8 a frame, newer GTK a panel
            self.assertIsNotNone(window.parent)
            width = window.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width
            self.assertLessEqual(width, 1280, "the shortcuts window is wider than the screen")
            app.screenshot("keys-shortcuts")
            # each key next to its title, in Dutch, with the merge workbench's Dutch mnemonics
            self.assertEqual(self.keys_of(app, "Laatste wijziging ongedaan maken"),
                             ["Ctrl", "Z"])
            self.assertEqual(self.keys_of(app, "Voorbeeld van de samenvoeging"), ["Alt", "V"])
            self.assertEqual(self.keys_of(app, "Nieuw gegeven als doel"), ["Alt", "N"])
            self.assertEqual(self.keys_of(app, "Geselecteerde gegeven als doel"), ["Alt", "D"])
            self.assertEqual(self.keys_of(app, "Geselecteerde gegevens als bronnen"), ["Alt", "B"])
            self.assertEqual(self.keys_of(app, "Afwijzen (in de dialoog met de reden)"), ["Ctrl", "⏎"])
        finally:
            app.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
