# SPDX-License-Identifier: GPL-3.0-or-later
"""Steps 2.1, 2.2 and 3.1 end to end: organisations and applications merged by drag and drop and undone, a
registration merged into its duplicate, concept packages handed over, rejected and merged; and work going on
while the server is away."""
import subprocess
import unittest
from urllib.parse import quote

import pyatspi

from uilib import OR, STEPS_NL, App, DemoServerTest, Server, open_review, wait_for, words


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
            _, p = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{uuid}/used?_offset={(page - 1) * 30}")
            if not p["results"]:
                return kinds
            for o in p["results"]:
                for prop, value in o.items():
                    if prop not in ("id", "@self") and uuid in (value if isinstance(value, list) else [value]):
                        key = f"{schemas.get(o['@self']['schema'], '?')}.{prop}"
                        kinds[key] = kinds.get(key, 0) + 1
            page += 1

    def merged_on_server(self, uuid, target):
        """The 2025 backend (OpenRegister's merge) deletes the source; the 2026 one (its app's merge) keeps it as
        a tombstone that names the survivor."""
        status, o = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{uuid}")
        if words.is_2026():
            return status == 200 and o.get("mergedInto") == target and o.get("status") == "samengevoegd"
        return status == 404

    def back_on_server(self, uuid):
        status, o = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{uuid}")
        return status == 200 and not o.get("mergedInto") and o.get("status") != "samengevoegd"

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
            wait_for(lambda: all(app.find_shown("row", n) for n in names), what="the three municipalities")
            # select two (a click, then Ctrl+click), drag them onto the third: that one remains
            x, y = app.settled(lambda: app.find_shown("row", first["naam"]))
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)
            x, y = app.settled(lambda: app.find_shown("row", second["naam"]))
            subprocess.run(["xdotool", "keydown", "ctrl", "mousemove", str(x), str(y), "click", "1", "keyup", "ctrl"],
                           check=True)
            app.drag(lambda: app.find_shown("row", second["naam"]), lambda: app.find_shown("row", target["naam"]),
                     dx=-80)
            for o in (target, first, second):
                app.wait_find(role="push button", name=f"Haal {o['naam']} van de werkbank")
            app.screenshot("merge-workbench-nl")
            subprocess.run(["xdotool", "key", "alt+v"], check=True)
            confirmed = self.merge_in_view(app, "Herindeling 2027")
            self.assertIn(f"Server bevestigt: {total} verwijzing", confirmed)
            if words.is_2026():  # the backend merges organisations itself: its dry run is shown beside ours
                self.assertRegex(confirmed, r"De eigen samenvoeging van de server verplaatst [^\n]*\bgebruik: [1-9]")
            app.wait_toast(f"Samengevoegd in {target['naam']}")
            app.screenshot("merge-report-nl")

            # on the server: the sources are gone and everything that pointed at them points at the target
            for o in (first, second):
                wait_for(lambda: self.merged_on_server(o["id"], target["id"]), what=f"{o['naam']} merged on the server")
                wait_for(lambda: self.referencing(o["id"]) == {}, timeout=60,
                         what=f"nothing pointing at {o['naam']} any more")
            after = self.referencing(target["id"])
            for kinds in before.values():
                for kind, n in kinds.items():
                    self.assertGreaterEqual(after.get(kind, 0), n, kind)

            # undone from the history: both are back, with every reference
            subprocess.run(["xdotool", "key", "Escape"], check=True)
            app.click(app.wait_find(role="push button", contains="Ongedaan maken"))
            app.wait_find(role="dialog", contains="Samenvoeging terugdraaien")
            app.wait_find(contains="2 gegevens worden opnieuw aangemaakt")
            app.click(app.wait_find(role="push button", contains="Samenvoeging ongedaan maken"))
            for o in (first, second):
                wait_for(lambda: self.back_on_server(o["id"]), timeout=60, what=f"{o['naam']} back on the server")
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
            wait_for(lambda: self.merged_on_server(registration["id"], existing["id"]),
                     what="the registration merged on the server")
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
            wait_for(lambda: app.find_shown("row", copy["naam"]) and app.find_shown("row", original["naam"]),
                     what="both applications in the list")
            app.drag(lambda: app.find_shown("row", copy["naam"]), lambda: app.find_shown("row", original["naam"]))
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
