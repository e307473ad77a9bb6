# SPDX-License-Identifier: GPL-3.0-or-later
"""Field labels in the user's language: the backend's schema titles are English ("Chamber of Commerce Number",
"Email Address") or mixed, so the forms, their messages and the merge view name every field and kind by the
app's own translations; in English the same table gives the English labels."""
import subprocess
import unittest

from uilib import App, Server, type_text, walk, wait_for

# the backend's titles for the fields of step 1.2, as the test server gives them (registers.json)
ENGLISH_TITLES = {"Name", "Chamber of Commerce Number", "Email Address", "Short Description", "Phone Number",
                  "First Name", "Middle Name", "Last Name", "Function", "Organization", "Organization Type",
                  "Contact Person", "Participations", "License Type"}


def shown_names(app):
    names = set()
    for node in walk(app.node):
        try:
            names.add(node.name)
        except Exception:
            continue
    return names


class Labels(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = Server("demo")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def open_add(self, app, journey):
        app.wait_find(role="list", name=journey)
        app.wait_find(role="label", name="6")  # the first sync is in: six registrations wait
        subprocess.run(["xdotool", "key", "ctrl+2"], check=True)

    def field(self, app, name):
        """Clicks a field of the form, scrolled into view, and empties it."""
        node = app.wait_find(role="text", name=name)
        app.scroll_to(node, app.wait_find(name=self.form_name))
        app.click(node)
        subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True)
        return node

    def test_the_add_form_in_dutch(self):
        self.form_name = "Nieuwe organisatie"
        app = App(self.srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            self.open_add(app, "Stappen van het beheerwerk")
            app.wait_find(role="text", name="Naam *")
            for label in ("Website *", "KvK-nummer", "E-mailadres", "Telefoonnummer", "Korte beschrijving",
                          "Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres *", "Functie"):
                app.wait_find(role="text", name=label)
            names = shown_names(app)
            english = {n for n in names if n and n.removesuffix(" *") in ENGLISH_TITLES}
            self.assertEqual(english, set(), "English schema titles in the Dutch window")
            app.screenshot("labels-add-nl")

            # a wrong KvK number: the message names the field by its Dutch label, without the "*" marker
            kvk = self.field(app, "KvK-nummer")
            type_text("1234")
            wait_for(lambda: app.text_of(kvk) == "1234", what="the KvK number typed")
            message = app.wait_find(contains="moet uit 8 cijfers bestaan")
            self.assertIn("KvK-nummer moet uit 8 cijfers bestaan", message.name)
            self.assertNotIn("Chamber", message.name)
            website = self.field(app, "Website *")
            type_text("regio-noord")
            wait_for(lambda: app.text_of(website) == "regio-noord", what="the website typed")
            message = app.wait_find(contains="Website is geen geldig webadres")
            self.assertNotIn("*", message.name)
            app.screenshot("labels-add-messages-nl")
            subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], check=True)
            type_text("https://www.regionoord.nl")
            wait_for(lambda: app.find(contains="geen geldig webadres") is None, what="the website accepted")
            self.field(app, "KvK-nummer")
            type_text("12345678")
            wait_for(lambda: app.find(contains="moet uit 8 cijfers bestaan") is None, what="the KvK number accepted")
        finally:
            app.close()

    def test_the_merge_view_in_dutch(self):
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
            subprocess.run(["xdotool", "key", "m"], check=True)  # the merge view, into the likely duplicate
            app.wait_find(role="label", name="Samenvoegen in Centric")
            app.wait_find(contains="Contactpersoon · Organisatie")  # what moves, per kind
            for label in ("Naam", "KvK-nummer", "E-mailadres", "Deelnames"):  # the fields, side by side
                app.wait_find(role="label", name=label)
            names = shown_names(app)
            english = {n for n in names if n and any(t in n for t in ("Contact Person", "Organization",
                                                                       "Chamber of Commerce", "Email Address"))}
            self.assertEqual(english, set(), "English schema titles in the Dutch merge view")
            app.screenshot("labels-merge-view-nl")
        finally:
            app.close()

    def test_the_add_form_in_english(self):
        self.form_name = "New Organisation"
        app = App(self.srv.url, lang="C.UTF-8", password="admin")
        try:
            self.open_add(app, "Journey steps")
            for label in ("Name *", "Website *", "KvK Number", "Email Address", "First Name", "Last Name"):
                app.wait_find(role="text", name=label)
            self.assertNotIn("Chamber of Commerce Number", shown_names(app))
            kvk = self.field(app, "KvK Number")
            type_text("1234")
            wait_for(lambda: app.text_of(kvk) == "1234", what="the KvK number typed")
            app.wait_find(contains="KvK Number must be 8 digits")
        finally:
            app.close()


if __name__ == "__main__":
    unittest.main()
