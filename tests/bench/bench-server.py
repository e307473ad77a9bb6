#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark of swc-testserver: seeding time and the time to answer a page of 500 objects.
Usage: tests/bench/bench-server.py [SCALE]   (reports figures; never fails on a timing)"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "server"))
os.environ.setdefault("SWC_TESTSERVER", os.path.join(os.path.dirname(__file__), "..", "..", "_build", "tests",
                                                     "server", "swc-testserver"))
from testlib import OR, Server  # noqa: E402


def main():
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    t0 = time.monotonic()
    srv = Server("national", env=None) if scale == 1 else None
    if srv is None:
        import subprocess, tempfile
        srv = Server.__new__(Server)
        srv.tmp = tempfile.TemporaryDirectory()
        srv.proc = subprocess.Popen([os.environ["SWC_TESTSERVER"], "--port", "0", "--dataset", "national",
                                     "--scale", str(scale), "--db", os.path.join(srv.tmp.name, "c.db")],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        srv.url = srv.proc.stdout.readline().strip()
    seeded = time.monotonic() - t0
    _, body = srv.objects("gebruik", "_limit=1")
    pages = body["total"] // 500
    times = {}
    for name, query in [("page 500 (default order)", "_limit=500&_page={p}"),
                        ("page 500 (by @self.updated desc)", "_limit=500&_page={p}&_order[@self.updated]=desc"),
                        ("page 500 (filter status)", "_limit=500&_page=1&status=In%20productie")]:
        samples = []
        for i in range(20):
            p = 1 + (i * 7) % max(pages, 1)
            t = time.monotonic()
            status, raw, _ = srv.request("GET", f"{OR}/objects/voorzieningen/gebruik?" + query.format(p=p))
            samples.append((time.monotonic() - t) * 1000)
            assert status == 200
        times[name] = statistics.median(samples)
    srv.stop()
    print(f"scale {scale}: {body['total']} gebruik; server ready after {seeded:.1f} s (seeding included)")
    for name, ms in times.items():
        print(f"  {name}: median {ms:.1f} ms over 20 requests")


if __name__ == "__main__":
    main()
