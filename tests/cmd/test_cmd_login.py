# SPDX-License-Identifier: GPL-3.0-or-later
"""Login the Nextcloud way (Login Flow v2) with the app password in a real keyring (gnome-keyring on a
private D-Bus), logout revoking it; and a plain error where no keyring runs."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unittest
import urllib.parse
import urllib.request

from cmdlib import CMD, OR, ServerTest


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class Session:
    """A private D-Bus session, optionally with gnome-keyring's secret service on it."""

    def __init__(self, keyring):
        self.tmp = tempfile.mkdtemp()
        home, run = os.path.join(self.tmp, "home"), os.path.join(self.tmp, "run")
        os.makedirs(home)
        os.makedirs(run, mode=0o700)
        # no service activation: nothing starts a keyring behind the test's back
        config = os.path.join(self.tmp, "bus.conf")
        with open(config, "w") as f:
            f.write(BUS_CONFIG.format(dir=self.tmp))
        out = subprocess.run(["dbus-daemon", f"--config-file={config}", "--fork", "--print-address=1",
                              "--print-pid=1"], capture_output=True, text=True, check=True).stdout.split()
        self.address, self.pid = out[0], int(out[1])
        self.env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.address, HOME=home, XDG_RUNTIME_DIR=run,
                        XDG_DATA_HOME=os.path.join(home, ".local", "share"), LANG="C.UTF-8", LC_ALL="C.UTF-8")
        self.env.pop("SWC_PASSWORD", None)
        self.env.pop("DISPLAY", None)
        self.keyring = None
        if keyring:
            self.keyring = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
                                          input="test", capture_output=True, text=True, env=self.env, check=True)

    def close(self):
        # the keyring daemon outlives its bus: find it by the runtime folder in its environment
        marker = self.tmp.encode()
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    if marker in f.read():
                        os.kill(int(pid), signal.SIGTERM)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def log_in_through_browser(url, user, password):
    """What the person does in the browser: open the page and submit the form."""
    with urllib.request.urlopen(url) as page:
        assert b"<form" in page.read()
    data = urllib.parse.urlencode({"user": user, "password": password}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST")) as done:
        return done.status


class Login(ServerTest):
    def run_cmd(self, session, *args, data):
        return subprocess.run([CMD, args[0], "--server", self.srv.url, "--data-dir", data] + list(args[1:]),
                              capture_output=True, text=True, env=session.env, timeout=120)

    def login(self, session, data):
        proc = subprocess.Popen([CMD, "login", "--server", self.srv.url, "--data-dir", data],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=session.env)
        url = None
        for line in proc.stdout:
            m = re.search(r"(http://\S+/login/v2/flow/\S+)", line)
            if m:
                url = m.group(1)
                break
        self.assertIsNotNone(url)
        self.assertEqual(log_in_through_browser(url, "admin", "admin"), 200)
        out, err = proc.communicate(timeout=60)
        return proc.returncode, out, err

    def test_login_flow_keyring_and_logout(self):
        session = Session(keyring=True)
        data = tempfile.mkdtemp()
        try:
            code, out, err = self.login(session, data)
            self.assertEqual(code, 0, err)
            self.assertIn("Logged in as admin", out)
            r = self.run_cmd(session, "sync", data=data)  # no SWC_PASSWORD: the keyring has the app password
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(r.stdout.startswith("synced"))
            import configparser
            ini = configparser.ConfigParser()
            ini.read(os.path.join(data, "connection.ini"))
            self.assertEqual(set(ini["connection"]), {"server", "user"})  # no secret in files
            r = self.run_cmd(session, "logout", data=data)
            self.assertEqual(r.returncode, 0, r.stderr)
            r = self.run_cmd(session, "sync", data=data)
            self.assertEqual(r.returncode, 1)
            self.assertIn("Not logged in", r.stderr)
        finally:
            session.close()
            shutil.rmtree(data, ignore_errors=True)

    def test_no_keyring_says_so(self):
        session = Session(keyring=False)
        data = tempfile.mkdtemp()
        try:
            code, out, err = self.login(session, data)
            self.assertEqual(code, 1)
            self.assertIn("No keyring is available", err)
            self.assertNotIn("appPassword", out + err)
        finally:
            session.close()
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
