#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark of a merge's dry run (issue 5). Reports figures; never fails on a timing.
Usage: tests/bench/bench-merge.py [--scale 10] [--references 10000]   (from the source root, after building)

Seeds swc-testserver at the scale, gives one municipality `--references` extra usages (bulk save), syncs with
catalogusbeheer-cmd, then times `merge --dry-run` of that municipality into another (local reference index
only) and `merge --dry-run --check` (plus the server's counts by property filters)."""
import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
BUILD = os.path.join(ROOT, "_build")
sys.path.insert(0, os.path.join(ROOT, "tests", "server"))
os.environ.setdefault("SWC_TESTSERVER", os.path.join(BUILD, "tests", "server", "swc-testserver"))
from testlib import OR, Server  # noqa: E402

CMD = os.path.join(BUILD, "src", "catalogusbeheer-cmd")


def timed(args, env, repeat=5):
    best = None
    for _ in range(repeat):
        t0 = time.monotonic()
        r = subprocess.run(args, capture_output=True, text=True, env=env)
        wall = time.monotonic() - t0
        assert r.returncode == 0, r.stderr
        best = wall if best is None else min(best, wall)
    return best, r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--references", type=int, default=10000)
    a = ap.parse_args()
    srv = Server("national", scale=a.scale)
    try:
        _, found = srv.json("GET", f"{OR}/objects/voorzieningen/organisatie?type=Gemeente&_order[naam]=asc&_limit=2")
        source, target = found["results"][0]["id"], found["results"][1]["id"]
        _, usage = srv.json("GET", f"{OR}/objects/voorzieningen/gebruik?_limit=1")
        product = usage["results"][0]["product"]
        for start in range(0, a.references, 1000):
            batch = [{"id": str(uuid.uuid4()), "afnemer": source, "product": product, "status": "In productie"}
                     for _ in range(min(1000, a.references - start))]
            status, _ = srv.json("POST", f"{OR}/bulk/voorzieningen/gebruik/save", {"objects": batch})
            assert status in (200, 201), status
        with tempfile.TemporaryDirectory() as data:
            env = dict(os.environ, SWC_PASSWORD="admin")
            base = ["--server", srv.url, "--user", "admin", "--data-dir", data]
            t0 = time.monotonic()
            subprocess.run([CMD, "sync"] + base, capture_output=True, check=True, env=env)
            sync = time.monotonic() - t0
            local, out = timed([CMD, "merge"] + base + ["--dry-run", source, "--into", target], env)
            checked, _ = timed([CMD, "merge"] + base + ["--dry-run", "--check", source, "--into", target], env)
            total = out.strip().splitlines()[-1]
            print(f"scale {a.scale}: sync {sync:.1f} s; dry run of a municipality with {total.split()[1]} "
                  f"references: {local * 1000:.0f} ms (local index, whole command), "
                  f"{checked * 1000:.0f} ms with the server's counts")
            # the merge itself: the server's time, and what the client adds (journal, re-pointing the store)
            t0 = time.monotonic()
            r = subprocess.run([CMD, "merge"] + base + ["--execute", "--reason", "bench", source, "--into", target],
                               capture_output=True, text=True, env=dict(env, G_MESSAGES_DEBUG="swc-merge"))
            execute = time.monotonic() - t0
            assert r.returncode == 0, r.stderr
            applied = [line for line in (r.stdout + r.stderr).splitlines() if "applied in" in line]
            print(f"execute: {execute:.2f} s in all; {applied[-1].split('swc-merge-DEBUG')[-1].strip() if applied else ''}")
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
