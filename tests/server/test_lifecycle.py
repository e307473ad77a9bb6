# SPDX-License-Identifier: GPL-3.0-or-later
"""swc-testserver as a process: the first stdout line, a clean stop on SIGTERM/SIGINT with a consistent
database that the next start serves again, --scale, bad options, and the 2026 app path."""
import os
import signal
import sqlite3
import subprocess
import tempfile
import http.client
import time
import unittest

from testlib import OR, SERVER, Server


class Lifecycle(unittest.TestCase):
    def test_sigterm_keeps_the_database_and_a_restart_serves_it(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "c.db")
            srv = Server("demo", db=db)
            status, created = srv.json("POST", f"{OR}/objects/voorzieningen/module", {"naam": "Blijft bestaan"})
            self.assertEqual(status, 201)
            srv.proc.send_signal(signal.SIGTERM)
            self.assertEqual(srv.proc.wait(timeout=30), 0)
            conn = sqlite3.connect(db)
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            self.assertEqual(os.stat(db).st_mode & 0o777, 0o600)
            conn.close()
            again = Server("demo", db=db)
            status, obj = again.json("GET", f"{OR}/objects/voorzieningen/module/{created['id']}")
            self.assertEqual((status, obj["naam"]), (200, "Blijft bestaan"))
            again.proc.send_signal(signal.SIGINT)
            self.assertEqual(again.proc.wait(timeout=30), 0)

    def test_scale_multiplies_and_keeps_names_unique(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.Popen([SERVER, "--port", "0", "--dataset", "national", "--scale", "2", "--db",
                                     os.path.join(tmp, "c.db")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)
            srv = Server.__new__(Server)
            srv.proc, srv.url, srv.tmp = proc, proc.stdout.readline().strip(), tempfile.TemporaryDirectory()
            try:
                status, body = srv.objects("gebruik", "_limit=1")
                self.assertEqual(body["total"], 80000)
                status, body = srv.objects("organisatie", "type=Gemeente&_limit=1000&_fields=naam")
                names = [o["naam"] for o in body["results"]]
                self.assertEqual(len(names), 684)
                self.assertEqual(len(set(names)), 684)
            finally:
                srv.stop()

    def test_bad_options(self):
        for args in (["--faults", "nonsense=1"], ["--dataset", "nope"]):
            with tempfile.TemporaryDirectory() as tmp:
                r = subprocess.run([SERVER, "--port", "0", "--db", os.path.join(tmp, "c.db")] + args,
                                   capture_output=True, text=True, timeout=30)
                self.assertNotEqual(r.returncode, 0)
                self.assertTrue(r.stderr.strip())

    def test_stackiq_app_path(self):
        srv = Server("demo", env={"SWC_TESTSERVER_SC_APP": "stackiq"})
        try:
            org = srv.objects("organisatie", "type=Gemeente&_limit=1")[1]["results"][0]
            status, body = srv.json("GET", f"/index.php/apps/stackiq/api/contactpersonen/organisation/{org['id']}")
            self.assertEqual((status, body["success"]), (200, True))
            status, _, _ = srv.request("GET", f"/index.php/apps/softwarecatalog/api/contactpersonen/organisation/{org['id']}")
            self.assertEqual(status, 404)
        finally:
            srv.stop()

    def test_connections_the_client_closed_are_closed(self):
        """A thousand keep-alive connections opened and closed by the client leave no descriptors behind (libsoup
        3.2 kept them all, and a long test run or benchmark stopped getting answers)."""
        srv = Server("demo")
        try:
            def descriptors():
                return len(os.listdir(f"/proc/{srv.proc.pid}/fd"))
            before = descriptors()
            host, port = srv.url[len("http://"):].split(":")
            for _ in range(1000):
                c = http.client.HTTPConnection(host, int(port), timeout=30)
                c.request("GET", "/status.php")
                c.getresponse().read()
                c.close()
            deadline = time.monotonic() + 20
            while descriptors() > before + 10 and time.monotonic() < deadline:
                time.sleep(0.2)  # the server looks at idle connections once a second
            self.assertLessEqual(descriptors(), before + 10)
            status, _, _ = srv.request("GET", "/status.php")
            self.assertEqual(status, 200)
        finally:
            srv.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
