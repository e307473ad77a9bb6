# SPDX-License-Identifier: GPL-3.0-or-later
"""The screenshots the metainfo shows (Flathub, GNOME Software): the main steps of the journey on the national
dataset, in Dutch, at one window size. The test takes them into the artifacts folder and checks each shows its
step; `build-aux/dev screenshots` runs it with SWC_SCREENSHOTS=data/screenshots to renew the kept ones. Every
screenshot the metainfo names must be kept in data/screenshots/, and every step shot here named there."""
import os
import re
import subprocess
import unittest

from uilib import ARTIFACTS, SOURCE_ROOT, App, Server, wait_for, x_geometry, x_windows

WIDTH, HEIGHT = 1280, 800
METAINFO = os.path.join(SOURCE_ROOT, "data", "nl.vng.Catalogusbeheer.metainfo.xml.in")
KEPT = os.path.join(SOURCE_ROOT, "data", "screenshots")

# name, the key that opens the step, and what shows that the step is on screen with its data
SHOTS = [
    ("review", "ctrl+1", dict(role="list", name="Aangemelde organisaties")),
    ("members", "ctrl+3", dict(role="label", name="Samenwerkingen")),
    ("merge", "ctrl+5", dict(contains="Sleep hier de organisatie die blijft")),
    ("concepts", "ctrl+7", dict(role="label", contains="conceptpakketten")),
]


def named_in_metainfo():
    with open(METAINFO) as f:
        return re.findall(r"<image>[^<]*/([a-z-]+)\.png</image>", f.read())


def main_window():
    found = x_windows("Catalogusbeheer")
    return found[0] if found else None


def colours(path):
    out = subprocess.run(["identify", "-format", "%k", path], capture_output=True, text=True, check=True).stdout
    return int(out)


def size(path):
    out = subprocess.run(["identify", "-format", "%w %h", path], capture_output=True, text=True, check=True).stdout
    return tuple(int(v) for v in out.split())


class Screenshots(unittest.TestCase):
    def test_metainfo_names_the_kept_screenshots_of_the_main_steps(self):
        names = named_in_metainfo()
        self.assertEqual(sorted(names), sorted(name for name, _, _ in SHOTS))
        for name in names:
            path = os.path.join(KEPT, name + ".png")
            self.assertTrue(os.path.exists(path), f"{path} is named in the metainfo but not kept")
            self.assertEqual(size(path), (WIDTH, HEIGHT), f"{path} is not {WIDTH}×{HEIGHT}")

    def test_main_steps_on_the_national_dataset(self):
        target = os.environ.get("SWC_SCREENSHOTS") or os.path.join(ARTIFACTS, "screenshots")
        os.makedirs(target, exist_ok=True)
        srv = Server("national")
        app = App(srv.url, lang="nl_NL.UTF-8", password="admin")
        try:
            app.wait_find(role="list", name="Aangemelde organisaties")
            window = wait_for(main_window, what="the main window on the X server")
            subprocess.run(["xdotool", "windowsize", window, str(WIDTH), str(HEIGHT)], check=True)
            wait_for(lambda: size_of(window) == (WIDTH, HEIGHT), what=f"the window at {WIDTH}×{HEIGHT}")
            for name, keys, shows in SHOTS:
                subprocess.run(["xdotool", "key", keys], check=True)
                app.wait_find(**shows)
                path = os.path.join(target, name + ".png")
                # a frame drawn with the step's data: the picture stops changing
                wait_for(lambda: steady(window, path), what=f"the {name} step drawn")
                self.assertEqual(size(path), (WIDTH, HEIGHT))
                self.assertGreater(colours(path), 200, f"{path} looks empty")
        finally:
            app.close()
            srv.stop()


def size_of(window):
    where = x_geometry(window)
    return where.get("WIDTH", 0), where.get("HEIGHT", 0)


def steady(window, path):
    """Takes the window twice; true when both pictures are the same (the page has finished drawing)."""
    subprocess.run(["import", "-window", window, path], check=True, capture_output=True)
    again = path + ".again.png"
    subprocess.run(["import", "-window", window, again], check=True, capture_output=True)
    same = subprocess.run(["compare", "-metric", "AE", path, again, "null:"], capture_output=True, text=True)
    os.unlink(again)
    return same.stderr.strip().split()[0] == "0"


if __name__ == "__main__":
    unittest.main(verbosity=2)
