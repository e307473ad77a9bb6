# SPDX-License-Identifier: GPL-3.0-or-later
"""catalogusbeheer-cmd sync, status, search and merge --dry-run against swc-testserver."""
import http.server
import os
import re
import signal
import sqlite3
import time
import unittest

from cmdlib import OR, CmdTest, Server

SUMMARY = re.compile(r"^synced (\d+) objects \((\d+) added, (\d+) updated, (\d+) deleted\) in [\d.]+ s$")


def summary(stdout):
    m = SUMMARY.match(stdout.strip().splitlines()[-1])
    assert m, stdout
    return tuple(int(x) for x in m.groups())


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Sync(CmdTest):
    dataset = "national"

    def test_first_sync_delta_and_deletions(self):
        total = self.server_total()
        n, added, updated, deleted = summary(self.cmd("sync").stdout)
        self.assertEqual((n, added, updated, deleted), (total, total, 0, 0))
        self.assertEqual(summary(self.cmd("sync").stdout), (total, 0, 0, 0))
        # someone changes, deletes and adds on the server
        org = self.one("organisatie", "type=Gemeente&_order[naam]=asc")
        self.srv.json("PATCH", f"{OR}/objects/voorzieningen/organisatie/{org['id']}", {"naam": "Gemeente Hernoemd"})
        usage = self.one("gebruik")
        self.srv.request("DELETE", f"{OR}/objects/voorzieningen/gebruik/{usage['id']}")
        self.srv.json("POST", f"{OR}/objects/voorzieningen/module", {"naam": "Nieuwe applicatie"})
        self.assertEqual(summary(self.cmd("sync").stdout), (total, 1, 1, 1))
        hits = self.cmd("search", "hernoemd").stdout.strip().splitlines()
        self.assertEqual(hits, [f"organisatie\tGemeente Hernoemd\t{org['id']}"])
        status = self.cmd("status").stdout
        self.assertIn(f"gebruik          {40000 - 1}", status)
        self.assertIn(f"total            {total}", status)

    def test_search_and_merge_dry_run(self):
        self.cmd("sync")
        hits = self.cmd("search", "sudwest").stdout.splitlines()
        self.assertEqual(hits[0].split("\t")[:2], ["organisatie", "Gemeente Súdwest-Fryslân"])
        gemeenten = self.all("organisatie", "type=Gemeente&_order[naam]=asc")
        sources, target = [gemeenten[3]["id"], gemeenten[4]["id"]], gemeenten[5]["id"]
        lines = self.cmd("merge", "--dry-run", *sources, "--into", target).stdout.strip().splitlines()
        self.assertTrue(lines[-1].startswith("total "))
        counted = {}
        for line in lines[:-1]:
            key, n = line.rsplit(" ", 1)
            counted[key] = int(n)
        self.assertEqual(int(lines[-1].split()[1]), sum(counted.values()))
        # the server's own count: every object that references a source, paged to the end
        expected = {}
        for source in sources:
            page = 1
            while True:
                _, p = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{source}/used?_offset={(page - 1) * 30}")
                if not p["results"]:
                    break
                for o in p["results"]:
                    if o["id"] in sources or o["id"] == target:
                        continue
                    schema = {"10": "organisatie", "11": "contactpersoon", "14": "gebruik"}[o["@self"]["schema"]]
                    for prop, value in o.items():
                        values = value if isinstance(value, list) else [value]
                        if source in values and prop not in ("id", "@self"):
                            expected[f"{schema}.{prop}"] = expected.get(f"{schema}.{prop}", 0) + 1
                page += 1
        self.assertEqual(counted, expected)

class KillDuringSync(CmdTest):
    dataset = "demo"
    faults = "latency=300"

    def test_kill_during_sync_then_resume(self):
        proc = self.popen("sync")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait until some pages are stored, then kill
            if os.path.exists(self.data) and any(f.endswith(".db") for f in os.listdir(self.data)):
                try:
                    if self.store_query("SELECT COUNT(*) FROM objects")[0][0] > 0:
                        break
                except sqlite3.OperationalError:
                    pass
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stored = self.store_query("SELECT COUNT(*) FROM objects")[0][0]
        self.assertEqual(self.store_query("PRAGMA integrity_check")[0][0], "ok")
        self.assertGreater(stored, 0)
        self.assertLess(stored, self.server_total())  # it was stopped half-way
        n, added, _, _ = summary(self.cmd("sync").stdout)
        self.assertEqual(n, self.server_total())
        self.assertLess(added, n)  # resumed: what was stored was not fetched and added again



class Faults(CmdTest):
    dataset = "demo"
    faults = "error-rate=0.15,reset-rate=0.1,malformed-rate=0.1"

    def test_sync_survives_faults_with_the_exact_count(self):
        clean = Server("demo")
        try:
            _, counts = clean.json("GET", "/index.php/apps/softwarecatalog/api/objects/counts")
            total = sum(counts["counts"].values())
        finally:
            clean.stop()
        r = self.cmd("sync", check=False)
        if r.returncode != 0:  # every retry of one page can fail at these rates; the next run goes on
            r = self.cmd("sync")
        self.assertEqual(summary(r.stdout)[0], total)
        self.assertEqual(self.store_query("PRAGMA integrity_check")[0][0], "ok")


class CutOffAtLogin(CmdTest):
    dataset = "demo"
    faults = "malformed-first=2"

    def test_a_cut_off_status_answer_is_asked_again(self):
        r = self.cmd("sync")
        _, counts = self.srv.json("GET", "/index.php/apps/softwarecatalog/api/objects/counts")
        self.assertEqual(summary(r.stdout)[0], sum(counts["counts"].values()))


class Errors(CmdTest):
    dataset = "demo"

    def test_wrong_password(self):
        r = self.cmd("sync", password="wrong", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("log in again", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1)

    def test_no_server_there(self):
        r = self.cmd("sync", check=False, server="http://127.0.0.1:9")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Cannot reach the server", r.stderr)

    def test_a_web_server_that_is_not_nextcloud(self):
        import functools
        import tempfile
        import threading
        with tempfile.TemporaryDirectory() as root:
            with open(os.path.join(root, "status.php"), "w") as f:
                f.write("<html><body>Welkom op onze website</body></html>")
            handler = functools.partial(QuietHandler, directory=root)
            with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as web:
                threading.Thread(target=web.serve_forever, daemon=True).start()
                r = self.cmd("sync", check=False, server=f"http://127.0.0.1:{web.server_address[1]}")
                web.shutdown()
        self.assertEqual(r.returncode, 1)
        self.assertIn("There is no Nextcloud server at this address", r.stderr)

    def test_usage(self):
        import subprocess
        from cmdlib import CMD
        self.assertEqual(subprocess.run([CMD], capture_output=True).returncode, 2)
        self.assertEqual(subprocess.run([CMD, "frobnicate"], capture_output=True).returncode, 2)
        r = self.cmd("merge", "--dry-run", "x", check=False)
        self.assertEqual(r.returncode, 2)
        r = self.cmd("search", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(subprocess.run([CMD, "sync", "--help"], capture_output=True).returncode, 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
