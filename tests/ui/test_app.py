# SPDX-License-Identifier: GPL-3.0-or-later
"""The application: the welcome page when nobody is logged in; after a login, the journey in the sidebar
with its ten steps in Dutch, the pending registrations counted, and Ctrl+number to go to a step."""
import subprocess
import unittest
from urllib.parse import quote

import pyatspi

from uilib import OR, App, Server, wait_for

def open_review(app, waiting_for):
    """Waits for the journey and the first sync, then goes to step 1.1 by keyboard."""
    app.wait_find(role="list", name="Stappen van het beheerwerk")
    app.wait_find(role="label", name=waiting_for)
    subprocess.run(["xdotool", "key", "ctrl+1"], check=True)
    app.wait_find(role="list", name="Aangemelde organisaties")


STEPS_NL = [
    "Beoordeel aangemelde organisaties", "Voeg samenwerking of bijzondere organisatie toe",
    "Verwijder organisatie uit samenwerking", "Voeg gebruikers toe", "Voeg gefuseerde organisaties samen",
    "Voeg applicaties samen", "Controleer conceptpakketten", "Genereer rapportages",
    "Raadpleeg gebruikersoverzicht", "Menu items en teksten bewerken",
]


class DemoServerTest(unittest.TestCase):
    """Each test class gets its own swc-testserver with the demo dataset, so changes do not leak between classes."""
    @classmethod
    def setUpClass(cls):
        cls.srv = Server("demo")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()


class AppStarts(DemoServerTest):
    def test_journey_in_dutch_after_login(self):
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="frame", name="Catalogusbeheer")
            sidebar = app.wait_find(role="list", name="Stappen van het beheerwerk")
            rows = wait_for(lambda: [r.name for r in app.find_all("list item") if r.name in STEPS_NL] == STEPS_NL or None,
                            what="the ten steps in the sidebar")
            self.assertTrue(rows)
            _, concept = self.srv.objects("organisatie", "status=Concept&_limit=1")
            badge = app.wait_find(role="label", name=str(concept["total"]))
            self.assertIsNotNone(badge)
            app.wait_find(role="push button", name="Synchronisatie en wachtrij")
            subprocess.run(["xdotool", "key", "ctrl+8"], check=True)
            row = app.wait_find(role="list item", name="Genereer rapportages")
            wait_for(lambda: row.getState().contains(pyatspi.STATE_SELECTED), what="step 3.2 selected")
            page = app.wait_find(contains="nog niet beschikbaar")
            self.assertIsNone(app.find(role="push button", contains="Aanmelden via de browser"))
            app.screenshot("app-steps-nl")
        finally:
            app.close()

    def test_welcome_page_in_english(self):
        app = App(None, lang="C.UTF-8")
        try:
            app.wait_find(role="frame", name="Catalogusbeheer")
            app.wait_find(contains="Welcome to Catalogusbeheer")
            app.wait_find(role="push button", contains="Log In with the Browser")
            self.assertIsNone(app.find(role="list item", name="Review registered organisations"))
            app.screenshot("app-welcome-en")
        finally:
            app.close()


class Review(DemoServerTest):
    def test_approve_the_oldest_registration_by_keyboard(self):
        _, concept = self.srv.objects("organisatie", "status=Concept&_order[@self.created]=asc&_limit=1")
        oldest = concept["results"][0]
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            open_review(app, oldest["naam"])
            app.wait_find(role="push button", contains="Goedkeuren")
            app.screenshot("review-nl")
            subprocess.run(["xdotool", "key", "a"], check=True)
            app.wait_toast("goedgekeurd")  # the toast, with its Undo button
            app.screenshot("review-approved-nl")

            def approved():
                _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{oldest['id']}")
                return now["status"] == "Actief"
            wait_for(approved, timeout=30, what="the approval on the server")
            contacts = self.srv.objects("contactpersoon", f"organisatie={oldest['id']}&_limit=100")[1]["results"]
            self.assertTrue(contacts)
            for c in contacts:
                _, user = self.srv.json("GET", f"/ocs/v2.php/cloud/users/{c['username']}?format=json",
                                        headers={"OCS-APIRequest": "true"})
                self.assertTrue(user["ocs"]["data"]["enabled"])
        finally:
            app.close()


    def test_likely_duplicate_shown_before_approval(self):
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Stappen van het beheerwerk")
            subprocess.run(["xdotool", "key", "ctrl+1"], check=True)
            app.wait_find(role="list", name="Aangemelde organisaties")
            icons = wait_for(lambda: [i for i in app.find_all("image") if i.name == "Mogelijk dubbel"] or None,
                             what="the duplicate warnings in the list")
            self.assertEqual(len(icons), 2)  # Centric B.V. and PinkRoccade Local Government B.V.
            for _ in range(10):  # J moves down the queue until the re-registered supplier is selected
                if app.find(role="label", name="Centric B.V.") and app.find(contains="zelfde KvK-nummer"):
                    break
                subprocess.run(["xdotool", "key", "j"], check=True)
            row = app.wait_find(contains="zelfde KvK-nummer, zelfde websitedomein, zelfde naam")
            self.assertIsNotNone(app.find(role="label", name="Centric"))
            app.screenshot("review-duplicate-nl")
        finally:
            app.close()


class EditBeforeApproving(DemoServerTest):
    def test_edit_the_website_with_validation(self):
        _, concept = self.srv.objects("organisatie", "status=Concept&_order[@self.created]=asc&_limit=1")
        oldest = concept["results"][0]
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            open_review(app, oldest["naam"])
            subprocess.run(["xdotool", "key", "e"], check=True)
            app.wait_find(role="push button", contains="Opslaan")
            # the first field is the name: empty it, and the form says it is required
            subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True)
            app.wait_find(contains="is verplicht")
            subprocess.run(["xdotool", "type", "--delay", "20", "Hernoemd B.V."], check=True)
            wait_for(lambda: app.find(contains="is verplicht") is None, what="the form valid again")
            app.screenshot("edit-nl")
            subprocess.run(["xdotool", "key", "ctrl+s"], check=True)

            def renamed():
                _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{oldest['id']}")
                return now["naam"] == "Hernoemd B.V."
            wait_for(renamed, timeout=30, what="the new name on the server")
            app.wait_find(role="label", name="Hernoemd B.V.")
        finally:
            app.close()


class BulkReject(DemoServerTest):
    def test_reject_two_with_a_reason(self):
        import glob
        import sqlite3
        import tempfile
        _, concept = self.srv.objects("organisatie", "status=Concept&_order[@self.created]=asc&_limit=2")
        two = concept["results"]
        home = tempfile.mkdtemp()
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin", home=home)
        try:
            open_review(app, two[0]["naam"])
            subprocess.run(["xdotool", "key", "shift+j"], check=True)
            app.wait_find(contains="2 aanmeldingen geselecteerd")
            app.wait_find(role="push button", contains="Afwijzen (2)")
            subprocess.run(["xdotool", "key", "r"], check=True)
            reason = app.wait_find(role="text", name="Reden")
            wait_for(lambda: reason.getState().contains(pyatspi.STATE_FOCUSED), what="the reason field focused")
            subprocess.run(["xdotool", "type", "--delay", "20", "Geen gemeentelijke organisatie"], check=True)
            subprocess.run(["xdotool", "key", "Return"], check=True)
            app.wait_toast("2 organisaties afgewezen")
            app.wait_find(role="label", name=f"{concept['total'] - 2} aanmeldingen")  # both left the queue
            app.screenshot("review-bulk-rejected-nl")

            def rejected():
                states = [self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{o['id']}")[1]["status"]
                          for o in two]
                return states == ["Deactief", "Deactief"]
            wait_for(rejected, timeout=30, what="both rejections on the server")
            # the 2025 backend has no field for the reason: the change history keeps it, with each rejection
            store = glob.glob(f"{home}/data/catalogusbeheer/*.db")[0]

            def history():
                conn = sqlite3.connect(store, timeout=10)
                try:
                    return [r[0] for r in conn.execute("SELECT label FROM queue WHERE state = 'done' ORDER BY id")]
                finally:
                    conn.close()
            expected = [f"Afwijzen {o['naam']}: Geen gemeentelijke organisatie" for o in two]
            wait_for(lambda: history() == expected, what="both rejections with their reason in the change history")
        finally:
            app.close()


class KillDuringApproval(DemoServerTest):
    def test_approval_reaches_the_server_once_after_a_crash(self):
        import glob
        import sqlite3
        import tempfile
        _, concept = self.srv.objects("organisatie", "status=Concept&_order[@self.created]=asc&_limit=1")
        oldest = concept["results"][0]
        home = tempfile.mkdtemp()
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin", home=home)
        try:
            open_review(app, oldest["naam"])
            subprocess.run(["xdotool", "key", "a"], check=True)
            store = glob.glob(f"{home}/data/catalogusbeheer/*.db")[0]

            def queued():
                conn = sqlite3.connect(store, timeout=10)
                try:
                    return conn.execute("SELECT COUNT(*) FROM queue WHERE state = 'held'").fetchone()[0] == 1
                finally:
                    conn.close()
            wait_for(queued, what="the approval in the queue")
            app.kill()  # within the Undo time: nothing was sent yet
        finally:
            app.close()
        _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{oldest['id']}")
        self.assertNotEqual(now["status"], "Actief")
        again = App(self.srv.url, lang="nl_NL.UTF-8", password="admin", home=home)
        try:
            def approved():
                _, o = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{oldest['id']}")
                return o["status"] == "Actief"
            wait_for(approved, timeout=30, what="the approval on the server after the restart")
            _, trail = self.srv.json("GET", f"{OR}/audit-trails?object={oldest['id']}&action=update")
            self.assertEqual(trail["total"], 1)  # exactly once
        finally:
            again.close()


class AddCollaboration(DemoServerTest):
    def fill(self, app, field, text, over):
        """Clicks a field of the form (scrolling to it) and types; checks the text landed there."""
        node = app.wait_find(role="text", name=field)
        app.scroll_to(node, over)
        app.click(node)
        subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)
        try:
            wait_for(lambda: app.text_of(node) == text, timeout=10, what=f"{text!r} in {field!r}")
        except AssertionError as e:
            raise AssertionError(f"{e}\n{app.describe_failure()}") from None
        return node

    def test_create_a_collaboration_with_three_members_by_drag_and_drop(self):
        members = ["Gemeente Aa en Hunze", "Gemeente Aalsmeer", "Gemeente Aalten"]
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Stappen van het beheerwerk")
            app.wait_find(role="label", name="6")  # the first sync is in: six registrations wait
            subprocess.run(["xdotool", "key", "ctrl+2"], check=True)
            name = app.wait_find(role="text", name="Naam *")
            subprocess.run(["xdotool", "type", "--delay", "20", "Regio Noord ICT"], check=True)
            wait_for(lambda: app.text_of(name) == "Regio Noord ICT", what="typing to start in the name")
            subprocess.run(["xdotool", "key", "Tab"], check=True)
            subprocess.run(["xdotool", "type", "--delay", "20", "regio-noord"], check=True)
            app.wait_find(contains="is geen geldig webadres")  # checked while typing
            subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True)
            subprocess.run(["xdotool", "type", "--delay", "20", "https://www.regionoordict.nl"], check=True)
            wait_for(lambda: app.find(contains="is geen geldig webadres") is None, what="the website accepted")

            search = app.wait_find(role="entry", name="Zoek organisaties")
            drop = app.wait_find(role="label", name="Deelnemers")
            for i, member in enumerate(members):
                subprocess.run(["xdotool", "mousemove", *map(str, app.centre(search)), "click", "1"], check=True)
                subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True)
                subprocess.run(["xdotool", "type", "--delay", "20", member], check=True)
                wait_for(lambda: app.find_shown("panel", member), what=f"{member} in the list")
                app.drag(lambda: app.find_shown("panel", member), drop)
                app.wait_find(role="push button", name=f"Verwijder {member}")
            app.wait_find(role="label", name="3 deelnemers")
            app.screenshot("add-collaboration-nl")

            # the first administrator, in the same flow
            form = app.wait_find(name="Nieuwe organisatie")
            self.fill(app, "Voornaam", "Petra", over=form)
            self.fill(app, "Achternaam", "Visser", over=form)
            self.fill(app, "E-mailadres *", "p.visser@regionoordict.nl", over=form)
            subprocess.run(["xdotool", "key", "ctrl+Return"], check=True)
            app.wait_toast("Regio Noord ICT aangemaakt")

            def created():
                _, found = self.srv.objects("organisatie", "naam=" + quote("Regio Noord ICT"))
                return found["results"][0] if found["total"] == 1 else None
            org = wait_for(created, timeout=30, what="the collaboration on the server")
            self.assertEqual((org["type"], org["status"]), ("Samenwerking", "Actief"))
            _, found = self.srv.objects("organisatie", "_limit=100&naam[in]=" + quote(",".join(members)))
            ids = {o["naam"]: o["id"] for o in found["results"]}
            self.assertEqual(sorted(org["deelnemers"]), sorted(ids[m] for m in members))

            def both_sides():
                for m in members:
                    _, o = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{ids[m]}")
                    if org["id"] not in (o.get("deelnames") or []):
                        return False
                return True
            wait_for(both_sides, timeout=30, what="each member's side of the membership on the server")
            _, people = self.srv.objects("contactpersoon", f"organisatie={org['id']}")
            self.assertEqual(people["total"], 1)
            person = people["results"][0]
            self.assertEqual((person["achternaam"], person["e-mailadres"], person["rollen"]),
                             ("Visser", "p.visser@regionoordict.nl", ["Gebruik-beheerder"]))
        finally:
            app.close()


class CollaborationMembers(DemoServerTest):
    def sides(self, collab_id, member_id):
        """Whether the server has the membership on the collaboration's side and on the member's."""
        _, c = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{collab_id}")
        _, m = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{member_id}")
        return member_id in (c.get("deelnemers") or []), collab_id in (m.get("deelnames") or [])

    def test_remove_with_undo_then_remove_and_add_by_drag(self):
        _, found = self.srv.objects("organisatie", "type=Samenwerking&_order[naam]=asc&_limit=1")
        collab = found["results"][0]
        _, found = self.srv.objects("organisatie", "_limit=100&_ids=" + ",".join(collab["deelnemers"]))
        members = sorted(found["results"], key=lambda o: o["naam"])
        first, second = members[0], members[1]
        self.assertEqual(self.sides(collab["id"], first["id"]), (True, True))
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Stappen van het beheerwerk")
            app.wait_find(role="label", name="6")
            subprocess.run(["xdotool", "key", "ctrl+3"], check=True)
            app.wait_find(role="label", name=collab["naam"])
            app.screenshot("members-nl")

            # remove the first member, then undo: it is back, and nothing reaches the server
            app.click(lambda: app.find(role="push button", name=f"Verwijder {first['naam']}"))
            app.wait_find(role="push button", contains="Verwijderen")
            app.wait_find(contains="registraties van gebruik lopen via deze samenwerking")
            app.click(app.wait_find(role="push button", contains="Verwijderen"))  # Enter is Cancel: the safe default
            app.wait_toast(f"{first['naam']} verwijderd uit {collab['naam']}")
            wait_for(lambda: app.find(role="push button", name=f"Verwijder {first['naam']}") is None,
                     what="the member gone from the list")
            app.click(app.toast_button("Ongedaan maken"))
            app.wait_find(role="push button", name=f"Verwijder {first['naam']}")

            # remove the second for real: it reaches the server on both sides, and the undone one never did
            app.click(lambda: app.find(role="push button", name=f"Verwijder {second['naam']}"))
            app.click(app.wait_find(role="push button", contains="Verwijderen"))
            app.wait_toast(f"{second['naam']} verwijderd uit {collab['naam']}")
            wait_for(lambda: self.sides(collab["id"], second["id"]) == (False, False), timeout=30,
                     what="the removal on both sides on the server")
            self.assertEqual(self.sides(collab["id"], first["id"]), (True, True))

            # drag an organisation from all organisations onto the members
            newcomer = "Gemeente Aa en Hunze"
            searches = [n for n in app.find_all("entry") if n.name == "Zoek organisaties"]
            app.click(searches[-1])  # the list of all organisations, on the right
            subprocess.run(["xdotool", "type", "--delay", "20", newcomer], check=True)
            wait_for(lambda: app.find_shown("panel", newcomer), what=f"{newcomer} in the list")
            app.drag(lambda: app.find_shown("panel", newcomer),
                     lambda: app.find(role="push button", name=f"Verwijder {first['naam']}"))
            app.wait_toast(f"{newcomer} toegevoegd aan {collab['naam']}")
            app.wait_find(role="push button", name=f"Verwijder {newcomer}")
            _, found = self.srv.objects("organisatie", "naam=" + quote(newcomer))
            wait_for(lambda: self.sides(collab["id"], found["results"][0]["id"]) == (True, True), timeout=30,
                     what="the new member on both sides on the server")
        finally:
            app.close()


class AddUser(DemoServerTest):
    def accounts(self, org_id):
        _, answer = self.srv.json("GET", f"/index.php/apps/softwarecatalog/api/contactpersonen/organisation/{org_id}"
                                         "/with-user-details")
        return {c["data"].get("e-mailadres"): c["user"] for c in answer["contactpersonen"]}

    def test_add_a_user_with_a_role_then_disable_the_account(self):
        _, found = self.srv.objects("organisatie", "naam=" + quote("Gemeente Achtkarspelen"))
        org = found["results"][0]
        email = "s.devries@achtkarspelen.nl"
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Stappen van het beheerwerk")
            app.wait_find(role="label", name="6")
            subprocess.run(["xdotool", "key", "ctrl+4"], check=True)
            search = wait_for(lambda: [n for n in app.find_all("entry") if n.name == "Zoek organisaties"] or None,
                              what="the organisations' search field")[0]
            app.click(search)
            subprocess.run(["xdotool", "type", "--delay", "20", "Achtkarspelen"], check=True)
            app.wait_find(role="label", name=org["naam"])
            app.wait_find(role="label", contains="contactpersoon")
            subprocess.run(["xdotool", "key", "ctrl+n"], check=True)
            app.wait_find(role="push button", contains="Toevoegen")
            for field, text in [("Voornaam", "Sanne"), ("Tussenvoegsel", "de"), ("Achternaam", "Vries"),
                                ("E-mailadres *", email)]:
                node = app.wait_find(role="text", name=field)
                app.click(node)
                subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)
                wait_for(lambda: app.text_of(node) == text, timeout=10, what=f"{text!r} in {field!r}")
            app.click(app.wait_find(role="label", name="Gebruik-beheerder"))  # the role, preset by the type
            app.click(wait_for(lambda: app.find_shown("label", "Gebruik-raadpleger"), what="the roles to choose from"))
            wait_for(lambda: app.find_shown("label", "Gebruik-beheerder") is None or
                     app.find_shown("label", "Gebruik-raadpleger"), what="the role chosen")
            app.screenshot("users-add-nl")
            subprocess.run(["xdotool", "key", "ctrl+Return"], check=True)
            app.wait_toast("Sanne de Vries toegevoegd")

            def user():
                return self.accounts(org["id"]).get(email)
            account = wait_for(lambda: (user() or {}).get("hasUser") and "gebruik-raadpleger" in user()["groups"]
                               and user(), timeout=30, what="the new user with the role's group on the server")
            self.assertFalse(account["disabled"])
            _, people = self.srv.objects("contactpersoon", f"organisatie={org['id']}&_limit=50")
            person = [p for p in people["results"] if p.get("e-mailadres") == email][0]
            self.assertEqual(person["rollen"], ["Gebruik-raadpleger"])

            app.wait_find(name="Account van Sanne de Vries ingeschakeld")
            app.screenshot("users-nl")

            # a password, sent at once (never queued), and the person can log in with it
            app.click(app.wait_find(role="push button", name="Meer voor Sanne de Vries"))
            app.press(app.wait_find(contains="Wachtwoord instellen"))  # in the menu's popover
            password = app.wait_find(name="Nieuw wachtwoord")
            subprocess.run(["xdotool", "type", "--delay", "20", "geheim-en-lang-genoeg"], check=True)
            subprocess.run(["xdotool", "key", "Return"], check=True)
            app.wait_toast("Het wachtwoord van Sanne de Vries is ingesteld")
            status, _ = self.srv.json("GET", "/index.php/apps/softwarecatalog/api/me",
                                      user=email, password="geheim-en-lang-genoeg")
            self.assertEqual(status, 200)

            # roles: on the contact person and, in order after it, on the account's groups
            app.click(lambda: app.find(role="push button", name="Meer voor Sanne de Vries"))
            app.press(app.wait_find(contains="Rollen wijzigen"))
            check = app.wait_find(role="check box", name="Gebruik-beheerder")
            app.click(check)
            wait_for(lambda: check.getState().contains(pyatspi.STATE_CHECKED), what="the role ticked")
            app.click(app.wait_find(role="push button", contains="Wijzigen"))
            app.wait_toast("De rollen van Sanne de Vries zijn gewijzigd")
            wait_for(lambda: sorted(g for g in user()["groups"] if g.startswith("gebruik")) ==
                     ["gebruik-beheerder", "gebruik-raadpleger"], timeout=30, what="both role groups on the server")
            _, people = self.srv.objects("contactpersoon", f"organisatie={org['id']}&_limit=50")
            person = [p for p in people["results"] if p.get("e-mailadres") == email][0]
            self.assertEqual(sorted(person["rollen"]), ["Gebruik-beheerder", "Gebruik-raadpleger"])

            # drag the person onto another organisation: access there too, with the same account
            other = "Werkorganisatie Alblasserdam Achtkarspelen"
            _, found = self.srv.objects("organisatie", "naam=" + quote(other))
            other_id = found["results"][0]["id"]
            app.drag(lambda: app.find(role="list item", name="Sanne de Vries") or app.find(name="Sanne de Vries"),
                     lambda: app.find_shown("panel", other))
            app.wait_toast(f"Sanne de Vries heeft nu ook toegang bij {other}")
            wait_for(lambda: (self.accounts(other_id).get(email) or {}).get("hasUser"), timeout=30,
                     what="the person with their account at the other organisation on the server")

            app.click(lambda: app.find(name="Account van Sanne de Vries ingeschakeld"))
            app.wait_toast("Het account van Sanne de Vries is uitgeschakeld")
            wait_for(lambda: user()["disabled"], timeout=30, what="the account disabled on the server")
        finally:
            app.close()


class GlobalSearch(DemoServerTest):
    def search(self, app, text):
        subprocess.run(["xdotool", "key", "ctrl+k"], check=True)
        entry = app.wait_find(role="entry", name="Zoek in de catalogus")
        subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)
        wait_for(lambda: app.text_of(entry) == text, what="the query typed")
        app.wait_find(role="list", name="Zoekresultaten")
        wait_for(lambda: app.find(role="label", name="Organisatie") or app.find(role="label", name="Contactpersoon"),
                 what="the hits")
        app.screenshot("search-nl")
        subprocess.run(["xdotool", "key", "Return"], check=True)
        wait_for(lambda: app.find(role="entry", name="Zoek in de catalogus") is None, what="the search to close")

    def test_jump_to_a_collaboration_and_to_a_person(self):
        _, found = self.srv.objects("organisatie", "type=Samenwerking&status=Actief&_order[naam]=desc&_limit=1")
        collab = found["results"][0]
        _, found = self.srv.objects("organisatie", "naam=" + quote("Gemeente Aalten"))
        org = found["results"][0]
        _, people = self.srv.objects("contactpersoon", f"organisatie={org['id']}&_limit=1")
        person = people["results"][0]
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Stappen van het beheerwerk")
            app.wait_find(role="label", name="6")
            self.search(app, collab["naam"])  # the last collaboration: not the one a step shows first
            row = app.wait_find(role="list item", name="Verwijder organisatie uit samenwerking")
            wait_for(lambda: row.getState().contains(pyatspi.STATE_SELECTED), what="step 1.3 selected")
            app.wait_find(role="label", name=collab["naam"])
            app.wait_find(role="label", contains="deelnemer")

            self.search(app, f"{person['voornaam']} {person['achternaam']}")
            row = app.wait_find(role="list item", name="Voeg gebruikers toe")
            wait_for(lambda: row.getState().contains(pyatspi.STATE_SELECTED), what="step 1.4 selected")
            app.wait_find(role="label", name=org["naam"])
            app.wait_find(role="label", name=f"{person['voornaam']} {person['achternaam']}")
        finally:
            app.close()


class ResolveConflict(DemoServerTest):
    def test_someone_else_changed_the_website_meanwhile(self):
        _, concept = self.srv.objects("organisatie", "status=Concept&_order[@self.created]=asc&_limit=1")
        oldest = concept["results"][0]
        path = f"{OR}/objects/voorzieningen/organisatie/{oldest['id']}"
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            open_review(app, oldest["naam"])
            # someone else, in the web back-end, after our copy was synced
            self.srv.json("PATCH", path, {"website": "https://www.hun-wijziging.nl"})
            subprocess.run(["xdotool", "key", "e"], check=True)
            field = app.wait_find(role="text", name="Website *")
            app.click(field)
            subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True)
            subprocess.run(["xdotool", "type", "--delay", "20", "https://www.mijn-wijziging.nl"], check=True)
            wait_for(lambda: app.text_of(field) == "https://www.mijn-wijziging.nl", what="my website typed")
            subprocess.run(["xdotool", "key", "ctrl+s"], check=True)

            app.click(app.wait_find(role="push button", name="Synchronisatie en wachtrij"))
            app.press(app.wait_find(role="push button", contains="Oplossen…"))  # in the popover
            app.wait_find(contains="Iemand anders wijzigde deze velden")
            app.wait_find(role="label", name="https://www.hun-wijziging.nl")
            app.wait_find(role="label", name="https://www.mijn-wijziging.nl")
            app.screenshot("conflict-nl")
            self.assertEqual(self.srv.json("GET", path)[1]["website"], "https://www.hun-wijziging.nl")  # untouched
            mine = app.wait_find(role="check box", contains="Mijn waarde")
            app.click(mine)
            wait_for(lambda: mine.getState().contains(pyatspi.STATE_CHECKED), what="my value chosen")
            app.press(wait_for(lambda: [n for n in app.find_all("push button")
                                        if "Oplossen" in (n.name or "") and "…" not in n.name] or None,
                               what="the resolve button")[0])
            wait_for(lambda: self.srv.json("GET", path)[1]["website"] == "https://www.mijn-wijziging.nl", timeout=30,
                     what="my value on the server after resolving")
        finally:
            app.close()


class Merge(DemoServerTest):
    """Steps 2.1 and 2.2: drag one record onto another, check the counts against the server, merge with a
    reason, and find every reference moved on the server."""

    def referencing(self, uuid):
        """What references uuid on the server, per kind ("schema.property": count), from …/used paged to the end."""
        schemas = {}
        for slug in ("organisatie", "contactpersoon", "gebruik", "module", "koppeling", "dienst", "moduleVersie"):
            _, s = self.srv.json("GET", f"{OR}/schemas/{slug}")
            schemas[str(s["id"])] = slug
        kinds, page = {}, 1
        while True:
            _, p = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{uuid}/used?_page={page}")
            if not p["results"]:
                return kinds
            for o in p["results"]:
                for prop, value in o.items():
                    if prop not in ("id", "@self") and uuid in (value if isinstance(value, list) else [value]):
                        key = f"{schemas.get(o['@self']['schema'], '?')}.{prop}"
                        kinds[key] = kinds.get(key, 0) + 1
            page += 1

    def merge_in_view(self, app, reason):
        """In the merge view: the server's confirmation, a reason, Merge; returns the confirmation's text."""
        check = app.wait_find(contains="Server bevestigt")
        text = check.description if "Server bevestigt" in (check.description or "") else check.name
        reason_field = app.wait_find(role="text", name="Reden (verplicht)")
        app.scroll_to(reason_field, app.wait_find(name="Samenvoegweergave"))
        app.click(reason_field)
        subprocess.run(["xdotool", "type", "--delay", "20", reason], check=True)
        wait_for(lambda: app.text_of(reason_field) == reason, what="the reason typed")
        app.screenshot(f"merge-view-{reason.split()[0].lower()}-nl")
        button = app.wait_find(role="push button", contains="Samenvoegen")  # GTK 4.8 names it "label label"
        app.scroll_to(button, app.wait_find(name="Samenvoegweergave"))
        wait_for(lambda: button.getState().contains(pyatspi.STATE_SENSITIVE), what="Merge enabled by the reason")
        app.click(button)
        return text

    def test_drag_two_municipalities_onto_a_third_merge_and_undo(self):
        _, found = self.srv.objects("organisatie", "type=Gemeente&_order[naam]=asc&_limit=3")
        target, first, second = found["results"]
        before = {o["id"]: self.referencing(o["id"]) for o in (first, second)}
        total = sum(sum(k.values()) for k in before.values())
        self.assertGreater(total, 0)
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Stappen van het beheerwerk")
            app.wait_find(role="label", name="6")
            subprocess.run(["xdotool", "key", "ctrl+5"], check=True)
            app.wait_find(contains="Sleep hier de organisatie die blijft")
            search = app.wait_find(role="entry", name="Zoek organisaties")
            app.click(search)
            subprocess.run(["xdotool", "type", "--delay", "20", "Gemeente A"], check=True)
            names = (target["naam"], first["naam"], second["naam"])
            wait_for(lambda: all(app.find_shown("panel", n) for n in names), what="the three municipalities")
            # select two (a click, then Ctrl+click), drag them onto the third: that one remains
            x, y = app.settled(lambda: app.find_shown("panel", first["naam"]))
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)
            x, y = app.settled(lambda: app.find_shown("panel", second["naam"]))
            subprocess.run(["xdotool", "keydown", "ctrl", "mousemove", str(x), str(y), "click", "1", "keyup", "ctrl"],
                           check=True)
            app.drag(lambda: app.find_shown("panel", second["naam"]), lambda: app.find_shown("panel", target["naam"]),
                     dx=-80)
            for o in (target, first, second):
                app.wait_find(role="push button", name=f"Haal {o['naam']} van de werkbank")
            app.screenshot("merge-workbench-nl")
            subprocess.run(["xdotool", "key", "alt+v"], check=True)
            confirmed = self.merge_in_view(app, "Herindeling 2027")
            self.assertIn(f"Server bevestigt: {total} verwijzing", confirmed)
            app.wait_toast(f"Samengevoegd in {target['naam']}")
            app.screenshot("merge-report-nl")

            # on the server: the sources are gone and everything that pointed at them points at the target
            for o in (first, second):
                wait_for(lambda: self.srv.request("GET", f"{OR}/objects/voorzieningen/organisatie/{o['id']}")[0] == 404,
                         what=f"{o['naam']} merged on the server")
                self.assertEqual(self.referencing(o["id"]), {})
            after = self.referencing(target["id"])
            for kinds in before.values():
                for kind, n in kinds.items():
                    self.assertGreaterEqual(after.get(kind, 0), n, kind)

            # undone from the history: both are back, with every reference
            subprocess.run(["xdotool", "key", "Escape"], check=True)
            app.click(app.wait_find(role="push button", contains="Ongedaan maken"))
            app.wait_find(role="dialog", contains="ongedaan maken")
            app.wait_find(contains="2 gegevens worden opnieuw aangemaakt")
            app.click(app.wait_find(role="push button", contains="Samenvoeging ongedaan maken"))
            for o in (first, second):
                wait_for(lambda: self.srv.request("GET", f"{OR}/objects/voorzieningen/organisatie/{o['id']}")[0] == 200,
                         timeout=60, what=f"{o['naam']} back on the server")
            wait_for(lambda: {o["id"]: self.referencing(o["id"]) for o in (first, second)} == before, timeout=60,
                     what="every reference pointing back")
            app.wait_find(contains="Ongedaan gemaakt")
        finally:
            app.close()

    def test_registration_merged_into_its_duplicate_with_m(self):
        _, found = self.srv.objects("organisatie", "naam=" + quote("Centric B.V."))
        registration = found["results"][0]
        _, found = self.srv.objects("organisatie", "naam=Centric")
        existing = found["results"][0]
        _, people = self.srv.objects("contactpersoon", f"organisatie={registration['id']}&_limit=50")
        self.assertGreater(people["total"], 0)
        before = self.referencing(registration["id"])
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Stappen van het beheerwerk")
            subprocess.run(["xdotool", "key", "ctrl+1"], check=True)
            app.wait_find(role="list", name="Aangemelde organisaties")
            for _ in range(10):  # J moves down the queue until the re-registered supplier is shown
                if app.find(role="label", name="Centric B.V.") and app.find(contains="zelfde KvK-nummer"):
                    break
                subprocess.run(["xdotool", "key", "j"], check=True)
            app.wait_find(role="push button", contains="Samenvoegen met deze")
            subprocess.run(["xdotool", "key", "m"], check=True)  # into the most likely duplicate
            app.wait_find(role="label", name="Samenvoegen in Centric")
            confirmed = self.merge_in_view(app, "Dubbele aanmelding")
            self.assertIn(f"Server bevestigt: {sum(before.values())} verwijzing", confirmed)
            app.wait_toast("Samengevoegd in Centric")
            wait_for(lambda: self.srv.request("GET", f"{OR}/objects/voorzieningen/organisatie/{registration['id']}")[0]
                     == 404, what="the registration merged on the server")
            _, moved = self.srv.objects("contactpersoon", f"organisatie={existing['id']}&_limit=50")
            ids = {p["id"] for p in moved["results"]}
            self.assertTrue({p["id"] for p in people["results"]} <= ids)
        finally:
            app.close()

    def test_merge_two_duplicate_applications(self):
        _, found = self.srv.objects("gebruik", "_limit=1&_order[@self.created]=asc")
        usage = found["results"][0]
        _, original = self.srv.json("GET", f"{OR}/objects/voorzieningen/module/{usage['module']}")
        _, copy = self.srv.json("POST", f"{OR}/objects/voorzieningen/module",
                                {"naam": original["naam"] + " (dubbel)", "aanbieder": original.get("aanbieder")})
        status, moved = self.srv.json("POST", f"{OR}/objects/voorzieningen/gebruik",
                                      {"afnemer": usage["afnemer"], "product": usage["product"], "module": copy["id"],
                                       "status": "In productie"})
        self.assertEqual(status, 201, moved)
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Stappen van het beheerwerk")
            app.wait_find(role="label", name="6")
            subprocess.run(["xdotool", "key", "ctrl+6"], check=True)
            app.wait_find(contains="Sleep hier de applicatie die blijft")
            search = app.wait_find(role="entry", name="Zoek applicaties")
            app.click(search)
            subprocess.run(["xdotool", "type", "--delay", "20", original["naam"]], check=True)
            wait_for(lambda: app.find_shown("panel", copy["naam"]) and app.find_shown("panel", original["naam"]),
                     what="both applications in the list")
            app.drag(lambda: app.find_shown("panel", copy["naam"]), lambda: app.find_shown("panel", original["naam"]))
            app.wait_find(role="push button", name=f"Haal {copy['naam']} van de werkbank")
            subprocess.run(["xdotool", "key", "alt+v"], check=True)
            confirmed = self.merge_in_view(app, "Dubbele applicatie")
            self.assertIn("Server bevestigt: 1 verwijzing", confirmed)
            app.wait_toast(f"Samengevoegd in {original['naam']}")
            wait_for(lambda: self.srv.json("GET", f"{OR}/objects/voorzieningen/gebruik/{moved['id']}")[1].get("module")
                     == original["id"], what="the usage moved to the application that remains")
            self.assertEqual(self.srv.request("GET", f"{OR}/objects/voorzieningen/module/{copy['id']}")[0], 404)
        finally:
            app.close()


class Concepts(DemoServerTest):
    """Step 3.1: the concept packages (registered under a concept supplier) oldest first; O hands the package
    shown over to the first supplier suggested, M takes it into step 2.2's merge view with the package it looks
    like."""

    def concept_packages(self):
        _, orgs = self.srv.objects("organisatie", "status=Concept&_limit=500")
        concept = {o["id"] for o in orgs["results"]}
        _, mods = self.srv.objects("module", "_limit=1000")
        found = [m for m in mods["results"] if m.get("aanbieder") in concept]
        return sorted(found, key=lambda m: m["@self"]["created"])

    def open_concepts(self, app, n):
        app.wait_find(role="list", name="Stappen van het beheerwerk")
        app.wait_find(role="label", name=str(n))  # the step's badge, once the first sync is in
        subprocess.run(["xdotool", "key", "ctrl+7"], check=True)
        app.wait_find(role="label", name=f"{n} conceptpakketten")

    def test_hand_over_with_o(self):
        packages = self.concept_packages()
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            self.open_concepts(app, len(packages))
            app.wait_find(role="label", contains="Aangemeld door een gemeente of samenwerking")
            for _ in range(len(packages)):  # J moves down until a package with a suggested supplier is shown
                if app.find(role="push button", contains="Draag dit pakket over aan"):
                    break
                app.wait_find(role="label", contains="Geen actieve leverancier lijkt op")
                subprocess.run(["xdotool", "key", "j"], check=True)
            button = app.wait_find(role="push button", contains="Draag dit pakket over aan")
            supplier = button.name.split("over aan ", 1)[1].rsplit(" (O", 1)[0]
            _, found = self.srv.objects("organisatie", "naam=" + quote(supplier))
            self.assertEqual(found["results"][0]["status"], "Actief")
            supplier_id = found["results"][0]["id"]
            app.screenshot("concepts-nl")
            subprocess.run(["xdotool", "key", "o"], check=True)
            text = app.wait_toast(f"overgedragen aan {supplier}")
            package = next(p for p in packages if text == f"{p['naam']} overgedragen aan {supplier}")
            wait_for(lambda: self.srv.json("GET", f"{OR}/objects/voorzieningen/module/{package['id']}")[1]
                     .get("aanbieder") == supplier_id, timeout=60, what="the package's supplier on the server")
            app.wait_find(role="label", name=f"{len(packages) - 1} conceptpakketten")
        finally:
            app.close()

    def test_reject_with_r_deletes_it_on_the_server(self):
        packages = self.concept_packages()
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            self.open_concepts(app, len(packages))
            app.wait_find(role="label", contains="Aangemeld door een gemeente of samenwerking")
            subprocess.run(["xdotool", "key", "r"], check=True)
            app.wait_find(role="dialog", contains="Conceptpakket afwijzen")
            reason = app.wait_find(role="text", name="Reden")
            wait_for(lambda: reason.getState().contains(pyatspi.STATE_FOCUSED), what="the reason field focused")
            subprocess.run(["xdotool", "type", "--delay", "20", "Geen pakket"], check=True)
            subprocess.run(["xdotool", "key", "Return"], check=True)
            text = app.wait_toast("afgewezen")
            package = next(p for p in packages if text == f"{p['naam']} afgewezen")
            self.assertEqual(self.srv.request("GET", f"{OR}/objects/voorzieningen/module/{package['id']}")[0], 200)
            wait_for(lambda: self.srv.request("GET", f"{OR}/objects/voorzieningen/module/{package['id']}")[0] == 404,
                     timeout=60, what="the package gone from the server")
            app.wait_find(role="label", name=f"{len(packages) - 1} conceptpakketten")
        finally:
            app.close()

    def test_hand_over_to_another_supplier_found_by_typing(self):
        packages = self.concept_packages()
        _, found = self.srv.objects("organisatie", "naam=Centric")
        centric = found["results"][0]
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            self.open_concepts(app, len(packages))
            app.wait_find(role="label", contains="Aangemeld door een gemeente of samenwerking")
            app.click(app.wait_find(role="push button", name="Andere leverancier…"))
            chooser = app.wait_find(role="frame", contains="overdragen aan")
            search = wait_for(lambda: next((n for n in app.find_all("entry") if n.name == "Zoek organisaties"
                                            and n.getState().contains(pyatspi.STATE_FOCUSED)), None),
                              what="the chooser's search field focused")
            subprocess.run(["xdotool", "type", "--delay", "20", "Centric"], check=True)
            app.wait_find(role="label", name="Centric")
            subprocess.run(["xdotool", "key", "Return"], check=True)
            text = app.wait_toast("overgedragen aan Centric")
            package = next(p for p in packages if text == f"{p['naam']} overgedragen aan Centric")
            wait_for(lambda: self.srv.json("GET", f"{OR}/objects/voorzieningen/module/{package['id']}")[1]
                     .get("aanbieder") == centric["id"], timeout=60, what="the package's supplier on the server")
        finally:
            app.close()

    def test_merge_into_the_package_it_looks_like_with_m(self):
        packages = self.concept_packages()
        _, mods = self.srv.objects("module", "_limit=1000")
        names = {m["naam"].lower(): m for m in mods["results"] if m not in packages}
        concept = next(p for p in packages if p["naam"] in names)  # a supplier package typed in again
        existing = names[concept["naam"]]
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            self.open_concepts(app, len(packages))
            for _ in range(len(packages)):  # J moves down until that package is shown with its match
                if app.find(role="push button", contains=f"Voeg dit pakket samen met {existing['naam']}"):
                    break
                subprocess.run(["xdotool", "key", "j"], check=True)
            app.wait_find(role="push button", contains=f"Voeg dit pakket samen met {existing['naam']}")
            app.wait_find(role="label", name=concept["naam"])
            subprocess.run(["xdotool", "key", "m"], check=True)
            row = app.wait_find(role="list item", name="Voeg applicaties samen")
            wait_for(lambda: row.getState().contains(pyatspi.STATE_SELECTED), what="step 2.2 selected")
            app.wait_find(role="text", name="Reden (verplicht)")  # the merge view, the concept package going into the existing one
            app.wait_find(role="label", name=existing["naam"])
            app.screenshot("concepts-merge-nl")
        finally:
            app.close()


class Offline(unittest.TestCase):
    def test_the_server_goes_away(self):
        srv = Server("demo")
        _, concept = srv.objects("organisatie", "status=Concept&_order[@self.created]=asc&_limit=1")
        app = App(srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            open_review(app, concept["results"][0]["naam"])
            button = app.wait_find(role="push button", name="Synchronisatie en wachtrij")
            wait_for(lambda: button.description == "Gesynchroniseerd", what="the button saying all is well")
            srv.stop()
            srv = None
            subprocess.run(["xdotool", "key", "F5"], check=True)
            wait_for(lambda: button.description.startswith("Offline"), timeout=60, what="the button saying offline")
            # work goes on: an approval waits in the queue
            subprocess.run(["xdotool", "key", "a"], check=True)
            app.wait_toast("goedgekeurd")
            app.screenshot("offline-nl")
        finally:
            app.close()
            if srv is not None:
                srv.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
