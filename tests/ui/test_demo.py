# SPDX-License-Identifier: GPL-3.0-or-later
"""`build-aux/dev demo` as a newcomer runs it on a Dutch desktop: it starts the local server with the national
dataset and opens the uninstalled app, which must find its own settings schema and translations (nothing
points it at them but the build tree) and speak Dutch; and the README's bare `_build/src/catalogusbeheer`
starts too."""
import os
import signal
import subprocess
import tempfile
import unittest

import pyatspi

from uilib import SOURCE_ROOT, STEPS_NL, App, Server, wait_for, words

BUILD = os.path.dirname(os.path.dirname(os.environ["SWC_APP"]))


def desktop_env(home, lang):
    """A desktop session's environment: its language and nothing that points at the build tree."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SWC_LOCALEDIR", "GSETTINGS_SCHEMA_DIR", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "SWC_PASSWORD")}
    env.update(LANG=lang, GSETTINGS_BACKEND="memory", GTK_A11Y="atspi", NO_AT_BRIDGE="0",
               XDG_STATE_HOME=os.path.join(home, "state"), XDG_DATA_HOME=os.path.join(home, "data"),
               XDG_CONFIG_HOME=os.path.join(home, "config"))
    return env


class Started(App):
    """An app that something else starts: found on the accessibility bus by its process group."""
    def __init__(self, cmd, env):
        self.tmp = tempfile.TemporaryDirectory()
        self.NOTIFICATIONS = App.NOTIFICATIONS["nl"]
        self.log = open(os.path.join(self.tmp.name, "app.log"), "w+")
        self.proc = subprocess.Popen(cmd, env=env, cwd=SOURCE_ROOT, stdout=self.log, stderr=self.log, text=True,
                                     start_new_session=True)
        try:
            self.node = wait_for(self._find_app, timeout=120, what="the application on the accessibility bus")
        except AssertionError:
            self.close()
            raise

    def _find_app(self):
        try:
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                app = desktop.getChildAtIndex(i)
                if app is not None and os.getpgid(app.get_process_id()) == self.proc.pid:
                    return app
        except Exception:
            pass  # an application left the bus while we looked, or its process is gone
        return None

    def close(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
        self.tmp.cleanup()


class Running(Server):
    """The server the demo started, at the address it wrote down."""
    def __init__(self, url):
        self.url = url
        self.translate = words.is_2026()  # the demo's server speaks the dialect of SWC_TESTSERVER_DIALECT


class Demo(unittest.TestCase):
    def test_demo_opens_the_app_in_dutch_on_the_national_dataset(self):
        with tempfile.TemporaryDirectory() as home:
            env = desktop_env(home, "nl_NL.UTF-8")
            env.update(SWC_BUILDDIR=BUILD, SWC_PASSWORD="admin")  # the password a person would type
            app = Started([os.path.join(SOURCE_ROOT, "build-aux", "dev"), "demo"], env)
            try:
                app.wait_find(role="list", name="Stappen van het beheerwerk")
                wait_for(lambda: [r.name for r in app.find_all("list item") if r.name in STEPS_NL] == STEPS_NL,
                         timeout=60, what="the ten steps in Dutch")
                # the server the demo started, with the national dataset, is the one the app synchronised
                with open(os.path.join(home, "state", "catalogusbeheer-demo", "server.out")) as f:
                    srv = Running(f.readline().strip())
                _, municipalities = srv.objects("organisatie", "type=Gemeente&_limit=1")
                self.assertGreaterEqual(municipalities["total"], 342)
                _, concept = srv.objects("organisatie", "status=Concept&_limit=1")
                app.wait_find(role="label", name=str(concept["total"]))
                app.screenshot("demo-nl")
            finally:
                app.close()

    def test_the_readme_command_starts_the_uninstalled_app(self):
        srv = Server("demo")
        try:
            with tempfile.TemporaryDirectory() as home:
                env = desktop_env(home, "nl_NL.UTF-8")
                app = Started([os.environ["SWC_APP"], "--server", srv.url, "--user", "admin"], env)
                try:
                    # not logged in yet: the welcome page, in Dutch
                    app.wait_find(role="frame", name="Catalogusbeheer")
                    app.wait_find(role="push button", contains="Aanmelden")
                finally:
                    app.close()
        finally:
            srv.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
