# SPDX-License-Identifier: GPL-3.0-or-later
"""The application opens its window, in Dutch and in English, and names the server it was given."""
import unittest

from uilib import App, Server


class AppStarts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = Server("demo")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def test_dutch_window_names_the_server(self):
        app = App(self.srv.url, lang="nl_NL.UTF-8")
        try:
            frame = app.wait_find(role="frame", name="Catalogusbeheer")
            self.assertIsNotNone(frame)
            app.wait_find(contains=f"Verbonden met {self.srv.url}")
            app.wait_find(role="push button", name="Hoofdmenu")
            app.screenshot("app-start-nl")
        finally:
            app.close()

    def test_english_without_server(self):
        app = App(None, lang="C.UTF-8")
        try:
            app.wait_find(role="frame", name="Catalogusbeheer")
            app.wait_find(contains="Not connected to a catalogue server yet.")
            app.wait_find(role="push button", name="Main Menu")
        finally:
            app.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
