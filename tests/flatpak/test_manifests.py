# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifests, read as a Flathub reviewer would and checked against the project: a supported GNOME
runtime, only the permissions the app needs (no D-Bus hole for secrets: libsecret uses the Secret portal in the
sandbox; no file system: exports go through the file chooser portal), every meson option they pass exists,
every library the build links is in the runtime or built as a pinned module, and flatpak-builder parses them."""
import glob
import json
import os
import re
import subprocess
import unittest

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
MANIFESTS = sorted(glob.glob(os.path.join(TOP, "flatpak", "*.json")))

# GNOME 51 (September 2026) is the newest runtime Flathub serves; 50 is still supported, 49 and older are not.
RUNTIME = "org.gnome.Platform"
RUNTIME_VERSION = "51"
# pkg-config names the org.gnome.Platform 51 runtime ships (those a catalogue app may link; from the runtime's
# gnome-build-meta elements). Anything else must be a module of the manifest.
RUNTIME_LIBRARIES = {
    "glib-2.0", "gio-2.0", "gio-unix-2.0", "gobject-2.0", "gmodule-2.0", "gtk4", "libadwaita-1", "libsoup-3.0",
    "json-glib-1.0", "sqlite3", "libsecret-1", "libxml-2.0", "cairo", "pango", "gdk-pixbuf-2.0", "graphene-1.0",
    "gtksourceview-5", "webkitgtk-6.0", "javascriptcoregtk-6.0", "libportal", "libportal-gtk4", "zlib",
}
ALLOWED_FINISH_ARGS = {"--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"}
CLEANUP = {"/include", "/lib/pkgconfig", "*.a"}


def meson_options():
    text = open(os.path.join(TOP, "meson_options.txt")).read()
    return set(re.findall(r"option\(\s*'([^']+)'", text))


def meson_dependencies():
    """Every dependency('name') of the project's meson files."""
    names = set()
    for root, dirs, files in os.walk(TOP):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_build")) and d != "subprojects"]
        if "meson.build" in files:
            text = open(os.path.join(root, "meson.build")).read()
            names |= set(re.findall(r"\bdependency\(\s*'([^']+)'", text))
    return names


class Manifests(unittest.TestCase):
    def setUp(self):
        self.assertEqual(len(MANIFESTS), 2, MANIFESTS)  # the release and the .Devel one
        self.manifests = {os.path.basename(p): json.load(open(p)) for p in MANIFESTS}

    def test_a_supported_runtime(self):
        for name, m in self.manifests.items():
            self.assertEqual((m["runtime"], m["runtime-version"], m["sdk"]),
                             (RUNTIME, RUNTIME_VERSION, "org.gnome.Sdk"), name)
            self.assertEqual(m["id"] + ".json", name)
            self.assertEqual(m["command"], "catalogusbeheer", name)

    def test_only_portal_permissions(self):
        for name, m in self.manifests.items():
            args = set(m["finish-args"])
            self.assertEqual(args - ALLOWED_FINISH_ARGS, set(), name)
            self.assertFalse([a for a in args if a.startswith(("--talk-name", "--filesystem", "--system-talk-name"))])
            self.assertIn("--socket=fallback-x11", args)  # never --socket=x11 beside wayland

    def test_headers_and_static_libraries_cleaned_up(self):
        for name, m in self.manifests.items():
            self.assertLessEqual(CLEANUP, set(m.get("cleanup", [])), name)

    def test_every_option_passed_exists(self):
        options = meson_options()
        for name, m in self.manifests.items():
            for module in m["modules"]:
                if module.get("buildsystem") != "meson":
                    continue
                for opt in module.get("config-opts", []):
                    key = opt[2:].split("=", 1)[0] if opt.startswith("-D") else None
                    if key is not None:
                        self.assertIn(key, options, f"{name}: {opt}")
        # and the release build is not the development one
        self.assertNotIn("-Ddevelopment=true", self.manifests["nl.vng.Catalogusbeheer.json"]["modules"][-1]
                         .get("config-opts", []))
        self.assertIn("-Ddevelopment=true", self.manifests["nl.vng.Catalogusbeheer.Devel.json"]["modules"][-1]
                      .get("config-opts", []))

    def test_every_library_in_the_runtime_or_a_pinned_module(self):
        deps = meson_dependencies()
        self.assertIn("gtk4", deps)  # the walk found the project's meson files
        for name, m in self.manifests.items():
            modules = m["modules"]
            self.assertEqual(modules[-1]["name"], "catalogusbeheer", name)  # the app is built last
            built = {mod["name"] for mod in modules[:-1]}
            for dep in sorted(deps):
                self.assertTrue(dep in RUNTIME_LIBRARIES or dep in built or dep.removeprefix("lib") in built,
                                f"{name}: {dep} is neither in {RUNTIME} {RUNTIME_VERSION} nor a module")
            for mod in modules[:-1]:
                for src in mod.get("sources", []):
                    if src.get("type") in ("archive", "file"):
                        self.assertRegex(src.get("sha256", ""), r"^[0-9a-f]{64}$", f"{name}: {mod['name']}")
                    elif src.get("type") == "git":
                        self.assertRegex(src.get("commit", ""), r"^[0-9a-f]{40}$", f"{name}: {mod['name']}")

    def test_flatpak_builder_reads_them(self):
        for path in MANIFESTS:
            r = subprocess.run(["flatpak-builder", "--show-manifest", path], capture_output=True, text=True,
                               timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["runtime-version"], RUNTIME_VERSION)


if __name__ == "__main__":
    unittest.main(verbosity=2)
