# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs catalogusbeheer-cmd against a swc-testserver of its own, with a data folder of its own."""
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "server"))

from testlib import OR, Server, ServerTest, words  # noqa: E402,F401

CMD = os.environ.get("SWC_CMD", "catalogusbeheer-cmd")
ENQUEUE = os.environ.get("SWC_ENQUEUE", "swc-enqueue")


class CmdTest(ServerTest):
    password = "admin"

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.data = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def cmd_env(self, password=None):
        env = dict(os.environ, SWC_PASSWORD=password or self.password, LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("DISPLAY", None)
        return env

    def cmd(self, *args, password=None, check=True, server=None):
        r = subprocess.run([CMD, args[0], "--server", server or self.srv.url, "--user", "admin", "--data-dir",
                            self.data] + list(args[1:]), capture_output=True, text=True, env=self.cmd_env(password),
                           timeout=600)
        self.assertNotIn("Sanitizer", r.stderr)
        self.assertNotIn("runtime error", r.stderr)
        if check:
            self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def popen(self, *args):
        return subprocess.Popen([CMD, args[0], "--server", self.srv.url, "--user", "admin", "--data-dir", self.data]
                                + list(args[1:]), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=self.cmd_env())

    def store_path(self):
        files = [f for f in os.listdir(self.data) if f.endswith(".db")]
        self.assertEqual(len(files), 1)
        return os.path.join(self.data, files[0])

    def store_query(self, sql, *args):
        conn = sqlite3.connect(self.store_path(), timeout=30)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def enqueue(self, *args, check=True, hold_ms=None):
        env = dict(os.environ)
        if hold_ms is not None:
            env["SWC_HOLD_MS"] = str(hold_ms)
        r = subprocess.run([ENQUEUE, self.store_path()] + list(args), capture_output=True, text=True, env=env,
                           timeout=60)
        self.assertNotIn("Sanitizer", r.stderr)
        if check:
            self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def server_total(self):
        _, counts = self.srv.json("GET", "/index.php/apps/softwarecatalog/api/objects/counts")
        return sum(counts["counts"].values())
