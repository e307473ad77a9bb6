# SPDX-License-Identifier: GPL-3.0-or-later
"""A damaged store through catalogusbeheer-cmd: reported in one line (never as an empty store), rebuilt by
`repair` with every queued change kept, and each change sent exactly once by the next sync."""
import json
import os
import random
import sqlite3
import stat
import unittest

from cmdlib import OR, CmdTest

# what only the client holds: these pages are spared when the test damages "the cache"
KEPT = ("queue", "merges", "merge_steps", "duplicate_dismissals", "meta", "schemas")


class Damage(CmdTest):
    """The steps every kind of damage shares; each kind is a class of its own, with a server of its own (at its
    shutdown, swc-testserver can log a critical per connection it still holds, enough to fill its stderr pipe)."""
    dataset = "demo"

    def setUp(self):
        super().setUp()
        self.cmd("sync")
        self.total = int(self.cmd("status").stdout.split("total")[1].split()[0])
        self.orgs = self.all("organisatie", "type=Leverancier&_order[naam]=asc")[:3]
        for i, org in enumerate(self.orgs):
            self.enqueue("patch", org["id"], json.dumps({"beschrijvingKort": f"hersteld {i}"}))

    @classmethod
    def setUpClass(cls):
        if cls is Damage:
            raise unittest.SkipTest("the shared steps")
        super().setUpClass()

    def audit(self, uuid, action):
        _, trail = self.srv.json("GET", f"{OR}/audit-trails?object={uuid}&action={action}&_limit=1000")
        return trail["total"]

    def pages(self, *tables):
        """The pages of the given tables and their indexes (dbstat), and the page size."""
        conn = sqlite3.connect(self.store_path())
        try:
            size = conn.execute("PRAGMA page_size").fetchone()[0]
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name IN (%s)"
                                                % ",".join("?" * len(tables)), tables)]
            names.append("sqlite_schema")
            rows = conn.execute("SELECT name, pageno FROM dbstat").fetchall()
            return {p for n, p in rows if n in names}, {n: p for n, p in rows}, size
        finally:
            conn.close()

    def overwrite(self, offset, data):
        with open(self.store_path(), "r+b") as f:
            f.seek(offset)
            f.write(data)

    def assert_reported(self, *args, kept=3):
        r = self.cmd(*args, check=False)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertNotIn("total 0", r.stdout)
        self.assertNotIn("empty", r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("catalogusbeheer-cmd: The local copy of the catalogue is damaged ("),
                        lines[0])
        self.assertIn(f"Your {kept} queued change{'s are' if kept != 1 else ' is'} kept; "
                      "run “catalogusbeheer-cmd repair”", lines[0])

    def repair_and_sync(self):
        for args in (("status",), ("queue", "list"), ("search", "gemeente"), ("merge", "--history")):
            self.assert_reported(*args)
        path = self.store_path()
        r = self.cmd("repair")
        self.assertIn("queue: 3 rows kept", r.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(path + ".damaged").st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        listing = self.cmd("queue", "list").stdout.splitlines()
        self.assertEqual(len(listing), 3, listing)
        self.assertTrue(all("\tpending\tpatch\t" in line for line in listing), listing)
        self.assertIn("total            0", self.cmd("status").stdout)  # honest: rebuilt and not yet synced
        self.cmd("sync")
        for i, org in enumerate(self.orgs):
            _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org['id']}")
            self.assertEqual(now["beschrijvingKort"], f"hersteld {i}")
            self.assertEqual(self.audit(org["id"], "update"), 1)
        self.assertIn(f"total            {self.total}", self.cmd("status").stdout)
        self.assertEqual(self.store_query("SELECT COUNT(*) FROM queue WHERE state != 'done'")[0][0], 0)
        self.cmd("sync")  # nothing is sent twice
        for org in self.orgs:
            self.assertEqual(self.audit(org["id"], "update"), 1)


class RandomBytes(Damage):
    def test_random_bytes_in_the_middle(self):
        kept, _, size = self.pages(*KEPT)
        npages = os.path.getsize(self.store_path()) // size
        middle = [p for p in range(npages // 2, npages) if p not in kept][:4]
        rng = random.Random(19)
        for p in middle:
            self.overwrite((p - 1) * size, rng.randbytes(size))
        self.repair_and_sync()


class ZeroedHeader(Damage):
    def test_zeroed_header(self):
        self.overwrite(0, bytes(100))
        self.repair_and_sync()


class Truncated(Damage):
    def test_truncated_to_half(self):
        kept, _, size = self.pages(*KEPT)
        npages = os.path.getsize(self.store_path()) // size
        self.assertLess(max(kept), npages // 2, "the queue's pages are in the half that is cut off")
        with open(self.store_path(), "r+b") as f:
            f.truncate(npages // 2 * size)
        self.repair_and_sync()


class ObjectsDamaged(Damage):
    def test_objects_damaged_queue_intact(self):
        _, first, size = self.pages()
        self.overwrite((first["objects"] - 1) * size, bytes(size))
        self.assertEqual(self.store_query("PRAGMA quick_check(queue)")[0][0], "ok")
        self.repair_and_sync()


class QueuePageDamaged(Damage):
    def test_damaged_queue_page_is_reported_not_dropped(self):
        _, first, size = self.pages()
        self.overwrite((first["queue"] - 1) * size + 8, b"\xff" * 64)
        r = self.cmd("status", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("The local copy of the catalogue is damaged", r.stderr)
        r = self.cmd("repair")
        self.assertRegex(r.stderr, r"queue: \d+ rows kept, (\d+|a damaged part) could not be read")



class InDoubtWhenDamaged(Damage):
    def test_a_change_that_was_being_sent_is_not_sent_twice(self):
        self.cmd("queue", "send")
        # the answer to the last one got lost: it is still "sending" (in doubt) when the file is damaged
        conn = sqlite3.connect(self.store_path())
        conn.execute("UPDATE queue SET state = 'sending' WHERE id = (SELECT MAX(id) FROM queue)")
        conn.commit()
        conn.close()
        self.overwrite(0, bytes(100))
        self.assert_reported("queue", "list", kept=1)
        self.cmd("repair")
        listing = self.cmd("queue", "list").stdout.splitlines()
        self.assertEqual(len(listing), 1, listing)
        self.assertIn("\tsending\tpatch\t", listing[0])
        self.cmd("sync")
        for i, org in enumerate(self.orgs):
            _, now = self.srv.json("GET", f"{OR}/objects/voorzieningen/organisatie/{org['id']}")
            self.assertEqual(now["beschrijvingKort"], f"hersteld {i}")
            self.assertEqual(self.audit(org["id"], "update"), 1)
        self.assertEqual(self.cmd("queue", "list").stdout, "")


if __name__ == "__main__":
    unittest.main()
