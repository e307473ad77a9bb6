# SPDX-License-Identifier: GPL-3.0-or-later
"""catalogusbeheer-cmd merge against swc-testserver: execute, N-way into a new organisation, a kill in the
middle of an N-way plan, and reversal, each checked on the server."""
import signal
import time
import unittest

from cmdlib import OR, CmdTest, words

ORG = f"{OR}/objects/voorzieningen/organisatie"
SCHEMAS = {"10": "organisatie", "11": "contactpersoon", "14": "gebruik"}


def plain(o):
    """An object without its metadata or empty values, lists of references in a stable order."""
    return {k: (sorted(v, key=str) if isinstance(v, list) else v) for k, v in o.items()
            if k != "@self" and v is not None}


def counts(stdout):
    lines = stdout.strip().splitlines()
    total = [line for line in lines if line.startswith("total ")]
    kinds = {line.split()[0]: int(line.split()[1]) for line in lines if "." in line.split()[0] and line[0] != " "
             and not line.startswith("total")}
    return kinds, int(total[0].split()[1])


class MergeTest(CmdTest):
    dataset = "national"

    def referrers(self, source):
        """Every object that references source, from the server's …/used, paged to the end."""
        found, page = {}, 1
        while True:
            _, p = self.srv.json("GET", f"{ORG}/{source}/used?_offset={(page - 1) * 30}")
            if not p["results"]:
                return found
            for o in p["results"]:
                found[o["id"]] = (SCHEMAS.get(o["@self"]["schema"], o["@self"]["schema"]), o)
            page += 1

    def server_object(self, schema, uuid):
        status, body = self.srv.json("GET", f"{OR}/objects/voorzieningen/{schema}/{uuid}")
        return body if status == 200 else None

    def assert_merged_away(self, source, target):
        """The 2025 backend (OpenRegister's merge) deletes the source; the 2026 one (its app's merge) keeps it
        as a tombstone that names the survivor."""
        now = self.server_object("organisatie", source)
        if not words.is_2026():
            self.assertIsNone(now, source)
            return
        self.assertIsNotNone(now, source)
        self.assertEqual((now["status"], now.get("mergedInto")), ("samengevoegd", target), source)

    def merged_on_server(self, source, target):
        if words.is_2026():
            now = self.server_object("organisatie", source)
            return now is not None and now.get("mergedInto") == target
        return self.srv.request("GET", f"{ORG}/{source}")[0] == 404

    def merge_trail(self, source):
        """The audit entries of the source's merge: its deletion (2025), or its becoming a tombstone (2026)."""
        if words.is_2026():
            _, trail = self.srv.json("GET", f"{ORG}/{source}/audit-trails?action=update&_limit=100")
            return [e for e in trail["results"] if "mergedInto" in (e.get("changed") or {})]
        _, trail = self.srv.json("GET", f"{ORG}/{source}/audit-trails?action=delete")
        return [e for e in trail["results"] if e["action"] == "delete"]

    def municipalities(self, n):
        return [o["id"] for o in self.all("organisatie", "type=Gemeente&_order[naam]=asc")[10:10 + n]]

    def moved_kinds(self, sources, exclude):
        kinds = {}
        for source in sources:
            for uuid, (schema, o) in self.referrers(source).items():
                if uuid in exclude:
                    continue
                for prop, value in o.items():
                    if prop not in ("id", "@self") and source in (value if isinstance(value, list) else [value]):
                        kinds[f"{schema}.{prop}"] = kinds.get(f"{schema}.{prop}", 0) + 1
        return kinds

    def snapshot(self, sources):
        before = {}
        for s in sources:
            before.update({u: (schema, plain(o)) for u, (schema, o) in self.referrers(s).items()})
        return before

    def assert_repointed(self, before, sources, target):
        """Every object that referenced a source references the target instead, in the same property."""
        for uuid, (schema, old) in before.items():
            if uuid in sources or uuid == target:
                continue
            now = plain(self.server_object(schema, uuid))
            for prop, value in old.items():
                values = value if isinstance(value, list) else [value]
                if set(values) & set(sources):
                    new = now[prop] if isinstance(now[prop], list) else [now[prop]]
                    self.assertIn(target, new, f"{schema} {uuid} {prop}")
                    self.assertFalse(set(new) & set(sources), f"{schema} {uuid} {prop}")


class Merge(MergeTest):
    def test_merge_two_municipalities_and_undo(self):
        self.cmd("sync")
        a, b, target = self.municipalities(3)
        before = self.snapshot([a, b])
        records = {u: plain(self.server_object("organisatie", u)) for u in (a, b, target)}
        expected = self.moved_kinds([a, b], {a, b, target})
        dry, total = counts(self.cmd("merge", "--dry-run", a, b, "--into", target).stdout)
        self.assertEqual(dry, expected)
        self.assertGreater(total, 50)

        # without a reason nothing happens
        r = self.cmd("merge", "--execute", a, b, "--into", target, check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIsNotNone(self.server_object("organisatie", a))

        out = self.cmd("merge", "--execute", "--reason", "Herindeling", a, b, "--into", target).stdout
        self.assertIn("2 of 2 steps done", out)
        self.assert_merged_away(a, target)
        self.assert_merged_away(b, target)
        # every reference of each kind now points at the survivor
        self.assert_repointed(before, [a, b], target)
        # the survivor holds the memberships of both
        merged = self.server_object("organisatie", target)
        for s in (a, b):
            for m in records[s].get("deelnames", []):
                self.assertIn(m, merged.get("deelnames", []))
        history = self.cmd("merge", "--history").stdout.strip().splitlines()
        self.assertEqual(history[0].split("\t")[1], "done")
        self.assertEqual(int(history[0].split("\t")[5]), total)

        # reversal: the server's data is as it was before the merge
        self.cmd("merge", "--undo", history[0].split("\t")[0])
        for u in (a, b, target):
            self.assertEqual(plain(self.server_object("organisatie", u)), records[u], u)
        for uuid, (schema, old) in before.items():
            self.assertEqual(plain(self.server_object(schema, uuid)), old, f"{schema} {uuid}")
        self.assertEqual(self.cmd("merge", "--history").stdout.split("\t")[1], "reversed")
        # undone once only
        self.assertEqual(self.cmd("merge", "--undo", history[0].split("\t")[0], check=False).returncode, 1)

    def test_three_municipalities_into_a_new_one(self):
        self.cmd("sync")
        sources = self.municipalities(3)
        expected = self.moved_kinds(sources, set(sources))
        out = self.cmd("merge", "--execute", "--reason", "Herindeling 2027", *sources,
                       "--new-name", "Gemeente Nieuwland").stdout
        self.assertIn("3 of 3 steps done", out)
        made = self.all("organisatie", "naam=Gemeente%20Nieuwland")
        self.assertEqual(len(made), 1)
        new = made[0]["id"]
        self.assertEqual(made[0]["type"], "Gemeente")
        for s in sources:
            self.assert_merged_away(s, new)
        self.assertEqual(self.moved_kinds([new], {new}), expected)
        # undone: the sources are back, the new one is gone
        merge_id = self.cmd("merge", "--history").stdout.split("\t")[0]
        self.cmd("merge", "--undo", merge_id)
        self.assertIsNone(self.server_object("organisatie", new))
        for s in sources:
            self.assertIsNotNone(self.server_object("organisatie", s))
            self.assertIsNone(self.server_object("organisatie", s).get("mergedInto"))
        self.assertEqual(self.moved_kinds(sources, set(sources)), expected)

    def test_blockers_stop_a_merge(self):
        self.cmd("sync")
        a, b = self.municipalities(2)
        r = self.cmd("merge", "--execute", "--reason", "x", a, "--into", a, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("both the one that remains", r.stderr)
        self.assertEqual(r.stderr.count("\n"), 1, r.stderr)  # one line, with the program's name
        self.assertTrue(r.stderr.startswith("catalogusbeheer-cmd: "), r.stderr)
        collab = self.all("organisatie", "type=Samenwerking&_order[naam]=asc")
        with_members = [c for c in collab if c.get("deelnemers")][0]
        r = self.cmd("merge", "--dry-run", with_members["id"], "--into", a, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("has members of its own", r.stderr)
        self.assertTrue(r.stderr.startswith("catalogusbeheer-cmd: "), r.stderr)
        # the server counts what the store does not know yet: the difference is shown, execution refused
        self.srv.json("POST", f"{OR}/objects/voorzieningen/contactpersoon",
                      {"voornaam": "Nieuw", "achternaam": "Persoon", "e-mailadres": "nieuw@example.org", "organisatie": a})
        r = self.cmd("merge", "--execute", "--reason", "x", a, "--into", b, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("Contact Person · Organisation: ", r.stderr)
        self.assertIn("synchronise", r.stderr)
        self.assertIsNotNone(self.server_object("organisatie", a))


@unittest.skipUnless(words.is_2026(), "only the 2026 backend merges organisations itself")
class AppMerge(MergeTest):
    def test_the_servers_dry_run_counts_and_refuses(self):
        self.cmd("sync")
        a, b, c = self.municipalities(3)
        # the server's own merge says what it will move, beside the local count
        out = self.cmd("merge", "--dry-run", "--check", a, "--into", b).stdout
        _, dry = self.srv.json("POST", f"/index.php/apps/stackiq/api/organisaties/{a}/merge/dry-run",
                               {"targetUuid": b}, headers={"OCS-APIRequest": "true"})
        self.assertGreater(dry["counts"]["usage"], 0)
        self.assertIn(f"server merge: usages {dry['counts']['usage']}\n", out)
        self.assertIn(f"server merge: contact persons {dry['counts']['contactPerson']}\n", out)
        # someone merges a into c in the web back-end meanwhile: the store does not know, the server refuses
        status, _ = self.srv.json("POST", f"/index.php/apps/stackiq/api/organisaties/{a}/merge",
                                  {"targetUuid": c}, headers={"OCS-APIRequest": "true"})
        self.assertEqual(status, 200)
        r = self.cmd("merge", "--execute", "--reason", "x", a, "--into", b, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("already went into another one", r.stderr)
        self.assertIn("merge the organisation it went into instead", r.stderr)
        self.assertEqual(self.server_object("organisatie", a)["mergedInto"], c)  # nothing else happened
        self.assertEqual(self.cmd("merge", "--history").stdout.strip(), "")


class KillDuringMerge(MergeTest):
    faults = "latency=150"

    def test_kill_in_the_middle_and_resume(self):
        self.cmd("sync")
        orgs = [o["id"] for o in self.all("organisatie", "type=Gemeente&_order[naam]=asc")[20:24]]
        sources, target = orgs[:3], orgs[3]
        before = self.snapshot(sources)
        p = self.popen("merge", "--execute", "--reason", "Kill test", *sources, "--into", target)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.merged_on_server(sources[0], target):
                break
            time.sleep(0.02)
        p.send_signal(signal.SIGKILL)
        p.communicate()
        # killed in the middle: the first source is merged, the last one not yet
        self.assertTrue(self.merged_on_server(sources[0], target))
        self.assertFalse(self.merged_on_server(sources[2], target))
        self.cmd("queue", "send")
        history = self.cmd("merge", "--history").stdout.split("\t")
        self.assertEqual(history[1], "done")
        for s in sources:
            self.assert_merged_away(s, target)
            self.assertEqual(len(self.merge_trail(s)), 1, s)  # merged exactly once
        self.assert_repointed(before, sources, target)


if __name__ == "__main__":
    unittest.main()
