# SPDX-License-Identifier: GPL-3.0-or-later
"""Starts swc-testserver on a loopback port for a test and speaks HTTP to it (standard library only)."""
import base64
import json
import os
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request

import words

SERVER = os.environ.get("SWC_TESTSERVER", "swc-testserver")
OR = "/index.php/apps/openregister/api"


class Server:
    def __init__(self, dataset="demo", faults=None, env=None, db=None, port=0, scale=1, dialect=None):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = db or os.path.join(self.tmp.name, "catalogue.db")
        args = [SERVER, "--port", str(port), "--db", self.db, "--dataset", dataset]
        if scale != 1:
            args += ["--scale", str(scale)]
        if faults:
            args += ["--faults", faults]
        if dialect:
            args += ["--dialect", dialect]
        # a test written in the 2025 words, run against the dialect of SWC_TESTSERVER_DIALECT: its calls to the
        # objects API and the app are translated both ways (words.py), so the same test checks either backend
        self.translate = dialect is None and words.is_2026()
        full_env = dict(os.environ, **(env or {}))
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env)
        self.url = self.proc.stdout.readline().strip()  # the first line once it serves
        if not self.url.startswith("http://127.0.0.1:"):
            raise RuntimeError("server did not start: " + self.proc.stderr.read())

    def stop(self):
        """Stops the server and fails when it did not stop cleanly or a sanitizer reported anything."""
        self.proc.terminate()
        code = self.proc.wait(timeout=60)
        err = self.proc.stderr.read()
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.tmp.cleanup()
        if "Sanitizer" in err or "runtime error" in err or "-CRITICAL **" in err or "-WARNING **" in err:
            raise AssertionError("swc-testserver reported:\n" + err)
        if code != 0:
            raise AssertionError(f"swc-testserver exited with {code}:\n{err}")

    def request(self, method, path, body=None, user="admin", password=None, headers=None, form=None, timeout=30):
        data = None
        hdrs = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        if user is not None:
            token = base64.b64encode(f"{user}:{password if password is not None else user}".encode()).decode()
            hdrs["Authorization"] = "Basic " + token
        if getattr(self, "translate", False):
            path = words.path_out(words.app_out(path))[0]
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read(), resp.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers

    def json(self, method, path, body=None, **kw):
        schema = None
        if getattr(self, "translate", False):
            path, schema = words.path_out(words.app_out(path))
            if schema is not None:
                body = words.object_out(schema, body)
        status, raw, _ = self.request(method, path, body, **kw)
        answer = json.loads(raw) if raw else None
        translate = getattr(self, "translate", False)
        return status, (words.answer_in(schema, answer, self.schema_ids()) if translate else answer)

    def schema_ids(self):
        """The server's schema ids and slugs (read once)."""
        if getattr(self, "_ids", None) is None:
            _, raw, _ = self.request("GET", f"{OR}/schemas")
            self._ids = {str(s["id"]): s["slug"] for s in json.loads(raw)["results"]}
        return self._ids

    def objects(self, schema, query="", register="voorzieningen", **kw):
        return self.json("GET", f"{OR}/objects/{register}/{schema}{'?' + query if query else ''}", **kw)


class ServerTest(unittest.TestCase):
    dataset = "demo"
    faults = None
    env = None

    @classmethod
    def setUpClass(cls):
        cls.srv = Server(cls.dataset, cls.faults, cls.env)

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()

    def all(self, schema, query="", register="voorzieningen"):
        status, body = self.srv.objects(schema, (query + "&" if query else "") + "_limit=100000", register)
        self.assertEqual(status, 200)
        return body["results"]

    def one(self, schema, query=""):
        return self.all(schema, query)[0]


def main():
    unittest.main(verbosity=2)
