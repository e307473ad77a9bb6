# SPDX-License-Identifier: GPL-3.0-or-later
"""Whatever a server sends, the sync ends: lists without paging keys or with absurd ones, broken, empty, HTML or
hostile answers, and 5 % of every transient fault at once. Every refusal is one clear line, names its cause and
leaves nothing wrong in the store; certificates are refused by their kind; the command line refuses bad ids and
creates no store when it only reads."""
import datetime
import http.server
import os
import ssl
import stat
import subprocess
import tempfile
import threading
import unittest

from cmdlib import CMD, CmdTest, Server, words

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

LISTS = f"/objects/{words.CATALOGUE}/"


def demo_total():
    clean = Server("demo")
    try:
        _, counts = clean.json("GET", "/index.php/apps/softwarecatalog/api/objects/counts")
        return sum(counts["counts"].values())
    finally:
        clean.stop()


class HostileCase(CmdTest):
    """A sync against a server whose answers are mutated; quick retries so a broken server fails fast."""
    dataset = "demo"

    def cmd_env(self, password=None):
        return dict(super().cmd_env(password), SWC_RETRY_DELAY_MS="5", G_DEBUG="fatal-criticals")

    def sync(self):
        r = subprocess.run([CMD, "sync", "--server", self.srv.url, "--user", "admin", "--data-dir", self.data],
                           capture_output=True, text=True, env=self.cmd_env(), timeout=180)
        self.assertNotIn("CRITICAL", r.stderr)
        self.assertNotIn("Sanitizer", r.stderr)
        return r

    def objects_stored(self):
        files = [f for f in os.listdir(self.data) if f.endswith(".db")]
        return self.store_query("SELECT COUNT(*) FROM objects WHERE deleted = 0")[0][0] if files else 0


def refused(mutation):
    """A test class whose server mutates every list answer in one way that must be refused."""
    class Refused(HostileCase):
        faults = f"mutate={mutation},mutate-path={LISTS}"

        def test_refused_with_one_clear_line_and_nothing_stored(self):
            r = self.sync()
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            errors = [l for l in r.stderr.splitlines() if not l.startswith("sync:")]
            self.assertEqual(len(errors), 1, r.stderr)
            self.assertTrue(errors[0].startswith("catalogusbeheer-cmd: "), errors[0])
            self.assertRegex(errors[0], r"(empty|incomplete or not valid JSON).*page 1 of the list of \w+")
            self.assertEqual(self.objects_stored(), 0)
    Refused.__name__ = Refused.__qualname__ = "Refused_" + mutation.replace("-", "_")
    return Refused


for _m in ("negative-pages", "wrong-types", "duplicate-keys", "empty-body", "truncate", "html"):
    globals()["Refused_" + _m.replace("-", "_")] = refused(_m)


class WithoutPagingKeys(HostileCase):
    """No total, page or pages in any list: the lists end at their first empty page, with every object."""
    faults = f"mutate=no-paging,mutate-path={LISTS}"

    def test_sync_ends_with_every_object(self):
        r = self.sync()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"synced {demo_total()} objects", r.stdout)
        r = self.sync()  # and a delta sync ends too
        self.assertEqual(r.returncode, 0, r.stderr)


class HugePages(HostileCase):
    """pages = 2^31, total = 2^40: the lists still end where the objects do."""
    faults = f"mutate=huge-pages,mutate-path={LISTS}"

    def test_sync_ends_with_every_object(self):
        r = self.sync()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"synced {demo_total()} objects", r.stdout)


class FivePercentOfEveryFault(HostileCase):
    """5 % HTTP 500, 5 % resets, 5 % cut-off bodies and 5 % bodies cut at a random byte: one sync completes."""
    dataset = "national"
    faults = "error-rate=0.05,reset-rate=0.05,malformed-rate=0.05,mutate=truncate,mutate-rate=0.05"

    def cmd_env(self, password=None):
        return dict(super().cmd_env(password), SWC_RETRY_DELAY_MS="20")

    def test_one_sync_completes_with_the_exact_count(self):
        clean = Server("national")
        try:
            _, counts = clean.json("GET", "/index.php/apps/softwarecatalog/api/objects/counts")
            total = sum(counts["counts"].values())
        finally:
            clean.stop()
        r = self.sync()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"synced {total} objects", r.stdout)


class StatusAnswers(HostileCase):
    """What /status.php answers is named by its cause, not as "no Nextcloud here"."""
    faults = "mutate=truncate,mutate-path=/status.php"

    def test_a_cut_off_status_is_a_broken_answer(self):
        r = self.sync()
        self.assertEqual(r.returncode, 1)
        self.assertIn("incomplete or not valid JSON", r.stderr)
        self.assertNotIn("no Nextcloud", r.stderr)
        self.assertEqual(os.listdir(self.data), [])  # a refused sync leaves no store behind

    def test_login_and_access_rules_in_front_of_it(self):
        for code, words in ((401, "asks for a login"), (403, "refuses access")):
            with Answering(code) as url:
                r = subprocess.run([CMD, "sync", "--server", url, "--user", "admin", "--data-dir", self.data],
                                   capture_output=True, text=True, env=self.cmd_env(), timeout=60)
                self.assertEqual(r.returncode, 1)
                self.assertIn(words, r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1, r.stderr)


class Answering:
    """A web server that answers every request with one status code."""
    def __init__(self, code):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(code)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html>no</html>")

            def log_message(self, *args):
                pass
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def certificate(tmp, name, days_from, days_to):
    """A self-signed certificate for name, valid between two days relative to today."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    alt = x509.IPAddress(__import__("ipaddress").ip_address(name)) if name[0].isdigit() else x509.DNSName(name)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + datetime.timedelta(days=days_from))
            .not_valid_after(now + datetime.timedelta(days=days_to))
            .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
            .sign(key, hashes.SHA256()))
    path = os.path.join(tmp, f"{name}-{days_from}.pem")
    with open(path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return path


class Certificates(unittest.TestCase):
    """Each certificate problem is named by its kind, and nothing is sent."""
    def serve(self, pem):
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(pem)
        httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        self.addCleanup(httpd.server_close)
        self.addCleanup(httpd.shutdown)
        return f"https://127.0.0.1:{httpd.server_address[1]}"

    def test_each_kind_named(self):
        with tempfile.TemporaryDirectory() as tmp:
            cases = [
                (certificate(tmp, "127.0.0.1", -1, 30), "not signed by an authority this computer trusts"),
                (certificate(tmp, "elders.example.org", -1, 30), "for another name than this address"),
                (certificate(tmp, "127.0.0.1", -30, -1), "has expired"),
            ]
            for pem, words in cases:
                url = self.serve(pem)
                data = os.path.join(tmp, "data")
                r = subprocess.run([CMD, "sync", "--server", url, "--user", "admin", "--data-dir", data],
                                   capture_output=True, text=True, timeout=60,
                                   env=dict(os.environ, SWC_PASSWORD="admin", LANG="C.UTF-8", LC_ALL="C.UTF-8"))
                self.assertEqual(r.returncode, 1)
                self.assertIn("not safe, so nothing was sent", r.stderr)
                self.assertIn(words, r.stderr)
                self.assertFalse(os.path.exists(data))


class CommandLine(CmdTest):
    dataset = "demo"

    def test_bad_queue_ids_are_usage_errors(self):
        self.cmd("sync")
        for bad in ("abc", "99999999999999999999999", "0", "-3"):
            r = self.cmd("queue", "discard", bad, check=False)
            self.assertEqual(r.returncode, 2, (bad, r.stdout, r.stderr))
            self.assertNotIn("discarded", r.stdout)

    def test_read_only_commands_create_nothing(self):
        missing = os.path.join(self.data, "nergens")
        for args in (["status"], ["search", "aalten"], ["queue", "list"]):
            r = subprocess.run([CMD, args[0], "--server", self.srv.url, "--user", "admin", "--data-dir", missing]
                               + args[1:], capture_output=True, text=True, env=self.cmd_env())
            self.assertEqual(r.returncode, 1, args)
            self.assertIn("no local copy", r.stderr)
            self.assertNotIn("total 0", r.stdout)
            self.assertFalse(os.path.exists(missing), args)

    def test_connection_file_is_private(self):
        r = self.cmd("login")
        self.assertEqual(r.returncode, 0, r.stderr)
        for name in os.listdir(self.data):
            mode = stat.S_IMODE(os.stat(os.path.join(self.data, name)).st_mode)
            self.assertEqual(mode, 0o600, name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
