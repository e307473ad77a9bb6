#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmarks of the core's sync (issue 3). Reports figures; never fails on a timing.
Usage: tests/bench/bench-sync.py [--scales 1,10]   (run from the source root after building _build)

For each scale: first sync wall time and CPU time of catalogusbeheer-cmd, peak memory, curl fetching the
same pages one after another on one connection, json-glib's CPU time to parse those bytes, a delta sync
after 100 changes, and search times."""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
BUILD = os.path.join(ROOT, "_build")
sys.path.insert(0, os.path.join(ROOT, "tests", "server"))
os.environ.setdefault("SWC_TESTSERVER", os.path.join(BUILD, "tests", "server", "swc-testserver"))
from testlib import OR, Server  # noqa: E402

CMD = os.path.join(BUILD, "src", "catalogusbeheer-cmd")
PARSE = os.path.join(BUILD, "tests", "bench", "bench-parse")
PAGE = 1000  # the sync's page size for a first sync (swc-sync.c)


def run_child(args, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert r.returncode == 0, r.stderr
    return wall, cpu, after.ru_maxrss, r.stdout


def page_urls(srv):
    _, counts = srv.json("GET", "/index.php/apps/softwarecatalog/api/objects/counts")
    _, schemas = srv.json("GET", f"{OR}/schemas")
    regs = {s["slug"]: ("publication" if s["id"] >= 40 else "voorzieningen") for s in schemas["results"]}
    urls = []
    for schema, n in counts["counts"].items():
        for page in range(1, (n + PAGE - 1) // PAGE + 1):
            urls.append(f"{srv.url}{OR}/objects/{regs[schema]}/{schema}?_limit={PAGE}&_page={page}")
    return urls


def curl_and_parse(urls, tmp):
    files = [os.path.join(tmp, f"p{i}.json") for i in range(len(urls))]
    args = ["curl", "-s", "-u", "admin:admin"]
    for u, f in zip(urls, files):
        args += [u, "-o", f]
    t0 = time.monotonic()
    subprocess.run(args, check=True)
    curl = time.monotonic() - t0
    cpu, size = subprocess.run([PARSE] + files, capture_output=True, text=True, check=True).stdout.split()
    return curl, float(cpu), int(size)


def bench(scale):
    srv = Server("national") if scale == 1 else None
    if srv is None:
        tmpdir = tempfile.TemporaryDirectory()
        proc = subprocess.Popen([os.environ["SWC_TESTSERVER"], "--port", "0", "--dataset", "national", "--scale",
                                 str(scale), "--db", os.path.join(tmpdir.name, "c.db")], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        srv = Server.__new__(Server)
        srv.proc, srv.tmp, srv.url = proc, tmpdir, proc.stdout.readline().strip()
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, SWC_PASSWORD="admin")
        base = [CMD, "sync", "--server", srv.url, "--user", "admin", "--data-dir", data]
        wall, cpu, rss, out = run_child(base, env)
        urls = page_urls(srv)
        curl, parse_cpu, size = curl_and_parse(urls, data)
        _, mods = srv.objects("module", "_limit=100")
        for m in mods["results"]:
            srv.json("PATCH", f"{OR}/objects/voorzieningen/module/{m['id']}", {"beschrijvingKort": "gewijzigd"})
        delta, _, _, delta_out = run_child(base, env)
        search = []
        for q in ["sudwest", "gemeente", "zaaksysteem", "centric"]:
            t0 = time.monotonic()
            subprocess.run([CMD, "search", "--server", srv.url, "--user", "admin", "--data-dir", data, q],
                           capture_output=True, check=True)
            search.append(time.monotonic() - t0)
    srv.stop()
    return dict(scale=scale, objects=out.strip().splitlines()[-1], wall=wall, cpu=cpu, rss_kb=rss, curl=curl,
                parse_cpu=parse_cpu, bytes=size, pages=len(urls), delta=delta, delta_out=delta_out.strip(),
                search_ms=min(search) * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", default="1")
    args = ap.parse_args()
    results = [bench(int(s)) for s in args.scales.split(",")]
    for r in results:
        print(f"scale {r['scale']}: {r['objects']}")
        print(f"  first sync {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, peak RSS {r['rss_kb'] / 1024:.0f} MiB")
        print(f"  curl, same {r['pages']} pages on one connection: {r['curl']:.2f} s -> ratio {r['wall'] / r['curl']:.2f}"
              " (goal <= 1.5)")
        print(f"  json-glib parse of the same {r['bytes'] / 1e6:.1f} MB: {r['parse_cpu']:.2f} s CPU -> ratio "
              f"{r['cpu'] / r['parse_cpu']:.2f} (goal <= 2.5)")
        print(f"  delta sync after 100 changes: {r['delta']:.2f} s ({r['delta_out']})")
        print(f"  search (process start included): {r['search_ms']:.1f} ms")
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"scale {b['scale']} / scale {a['scale']}: sync time x{b['wall'] / a['wall']:.1f} (goal <= 11), "
              f"peak memory x{b['rss_kb'] / a['rss_kb']:.2f} (goal <= 1.5), search x{b['search_ms'] / a['search_ms']:.2f}")


if __name__ == "__main__":
    main()
