# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end UI helpers: the real app under Xvfb with a D-Bus session, read through the accessibility
tree (AT-SPI, python3-pyatspi). Waits poll for a condition; nothing sleeps for a fixed time."""
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "server"))

import pyatspi  # noqa: E402

from testlib import OR, Server, words  # noqa: E402,F401
import gi  # noqa: E402
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# Newer AT-SPI (Debian 13, the Flatpak's runtime) renamed some roles ("push button" is "button" there). The
# tests name roles as AT-SPI 2.46 does; the role itself (an Atspi.Role) is what they compare, through these
# names, on any version.
_ROLE_NAMES = {int(getattr(pyatspi, a)): a[len("ROLE_"):].lower().replace("_", " ")
               for a in dir(pyatspi) if a.startswith("ROLE_") and isinstance(getattr(pyatspi, a), int)}
_ROLE_NAMES[int(Atspi.Role.GROUPING)] = "panel"  # newer GTK gives a group the role grouping


# roles a test names that GTK versions call differently: a text box (newer GTK: entry), a row of a GtkListView
# (GTK 4.8 a panel, newer GTK a list item), a check button of a group (newer GTK: radio button)
_ROLE_ALIASES = {"text": ("text", "entry"), "row": ("panel", "list item"), "check box": ("check box", "radio button")}


def role_is(node, role):
    """Whether node has the role the test names."""
    return node.getRoleName() in _ROLE_ALIASES.get(role, (role,))
Atspi.Accessible.getRoleName = lambda self: _ROLE_NAMES.get(int(self.get_role()), self.get_role_name())

APP = os.environ.get("SWC_APP", "catalogusbeheer")
SOURCE_ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
ARTIFACTS = os.environ.get("SWC_ARTIFACTS", os.path.join(SOURCE_ROOT, "tests", "artifacts"))


def build_locale(tmp):
    """Compiles po/nl.po into a locale tree the app reads through SWC_LOCALEDIR."""
    target = os.path.join(tmp, "locale", "nl", "LC_MESSAGES")
    os.makedirs(target, exist_ok=True)
    subprocess.run(["msgfmt", "-o", os.path.join(target, "catalogusbeheer.mo"),
                    os.path.join(SOURCE_ROOT, "po", "nl.po")], check=True)
    return os.path.join(tmp, "locale")


def wait_for(predicate, timeout=30, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)  # a poll interval, not a wait for something to happen
    raise AssertionError(f"timed out waiting for {what}")


def walk(node, depth=0):
    """The nodes on screen: hidden widgets (other pages of a stack) are left out with what they hold."""
    if node is None or depth > 60:
        return
    try:
        if depth > 0 and not node.getState().contains(pyatspi.STATE_VISIBLE):
            return
    except Exception:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return  # the widget went away while we looked (a dialog that closed)
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def desktop_ready():
    try:
        desktop = pyatspi.Registry.getDesktop(0)
        return desktop is not None and desktop.childCount >= 0
    except Exception:
        return False


def type_text(text):
    """Types text as a hand does, a key at a time."""
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)


def toplevel(node):
    """The window that holds node: the child of the application it is under."""
    top = node
    while top.parent is not None and top.parent.getRoleName() != "application":
        top = top.parent
    return top


def x_windows(title):
    """The shown X windows with this title."""
    return subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^" + re.escape(title) + "$"],
                          capture_output=True, text=True).stdout.split()


def x_geometry(window):
    """Where an X window is and how big: a dict of X, Y, WIDTH, HEIGHT (empty when it is gone)."""
    shell = subprocess.run(["xdotool", "getwindowgeometry", "--shell", window], capture_output=True, text=True)
    return {k: int(v) for k, v in (line.split("=", 1) for line in shell.stdout.split() if "=" in line)
            if k in ("X", "Y", "WIDTH", "HEIGHT")}


def _window_origin(top):
    """Where X put the window of a toplevel, found by its title (Xvfb has no window manager: no frame)."""
    for window in x_windows(top.name or ""):
        where = x_geometry(window)
        if "X" in where:
            return where["X"], where["Y"]
    return 0, 0


def _actions(node):
    try:
        return node.queryAction().nActions
    except Exception:
        return 0


_CONTROLS = ("push button", "toggle button", "radio button", "check box", "page tab", "switch")


def _control(node):
    """The control a click on node works: node itself when it has an action, the button a label is in, the
    toggle inside a menu button; None for anything else (a row, a field), which takes a real click."""
    try:
        if node.getRoleName() in _CONTROLS and _actions(node):
            return node  # not a field: its action activates it (Enter), a click focuses it
        for up in (node.parent, node.parent.parent if node.parent else None):
            if up is not None and up.getRoleName() in _CONTROLS and _actions(up):
                return up
        if node.getRoleName() in _CONTROLS:
            return next((c for c in walk(node) if c.getRoleName() in _CONTROLS and _actions(c)), None)
    except Exception:
        pass
    return None


def _without_screen_coordinates(node):
    try:
        e = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return (e.x, e.y) == (0, 0)
    except Exception:
        return False


class _Extents:
    def __init__(self, x, y, width, height):
        self.x, self.y, self.width, self.height = x, y, width, height


def extents(node):
    """A node's place on the screen. Newer GTK (4.16, 4.18) reports no screen coordinates (all at 0, 0), and
    window coordinates that leave out the border and padding of every container around the node, the window's
    own (its frame says -5, -5: the border and padding of a window without a compositor) counted twice. Those
    two are put back; a header bar's or action bar's padding (6 px) is not, which a click on a button absorbs."""
    component = node.queryComponent()
    e = component.getExtents(pyatspi.DESKTOP_COORDS)
    if (e.x, e.y) != (0, 0):
        return e
    e = component.getExtents(pyatspi.WINDOW_COORDS)
    try:
        top = toplevel(node)
        frame = top.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        x, y = _window_origin(top)
    except Exception:
        return e
    if (e.x, e.y, e.width, e.height) == (frame.x, frame.y, frame.width, frame.height):  # the window itself
        return _Extents(x, y, e.width, e.height)
    return _Extents(e.x + x - 2 * frame.x, e.y + y - 2 * frame.y, e.width, e.height)


class App:
    NOTIFICATIONS = {"nl": "Meldingen", "C": "Notifications"}
    def __init__(self, server_url=None, lang="nl_NL.UTF-8", args=(), password=None, home=None, env=None):
        self.tmp = tempfile.TemporaryDirectory()
        self.NOTIFICATIONS = App.NOTIFICATIONS["nl" if lang.startswith("nl") else "C"]
        self.home = home or self.tmp.name  # a later App can share the data folder: a restart
        extra_env = env
        env = dict(os.environ, LANG=lang, LC_ALL=lang, LANGUAGE="", SWC_LOCALEDIR=build_locale(self.tmp.name),
                   GSETTINGS_BACKEND="memory", GTK_A11Y="atspi", NO_AT_BRIDGE="0",
                   XDG_DATA_HOME=os.path.join(self.home, "data"),
                   XDG_CONFIG_HOME=os.path.join(self.home, "config"))
        env.pop("SWC_PASSWORD", None)
        env.update(extra_env or {})
        if password:
            env["SWC_PASSWORD"] = password
        cmd = [APP] + (["--server", server_url, "--user", "admin"] if server_url else []) + list(args)
        # the accessibility bus and registry must be up before the app starts, or it never registers
        wait_for(desktop_ready, what="the accessibility registry")
        # stderr to a file: a full pipe nobody reads would stop the app
        self.log = open(os.path.join(self.tmp.name, "app.log"), "w+")
        self.proc = subprocess.Popen(cmd, env=env, stderr=self.log, text=True)
        try:
            self.node = wait_for(self._find_app, what="the application on the accessibility bus")
        except AssertionError:
            self.proc.kill()
            self.log.seek(0)
            raise AssertionError("the application did not appear on the accessibility bus; it said:\n" +
                                 self.log.read())

    def _find_app(self):
        try:
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                app = desktop.getChildAtIndex(i)
                if app is not None and app.get_process_id() == self.proc.pid:
                    return app
        except Exception:
            pass  # an application left the bus while we looked
        return None

    def find(self, role=None, name=None, contains=None):
        """The first node on screen that matches."""
        for n in walk(self.node):
            try:
                if role and not role_is(n, role):
                    continue
                if name is not None and n.name != name:
                    continue
                if contains is not None and contains not in (n.name or "") and contains not in (n.description or ""):
                    continue
                return n
            except Exception:
                continue
        return None

    def wait_find(self, **kw):
        try:
            return wait_for(lambda: self.find(**kw), what=str(kw))
        except AssertionError as e:
            raise AssertionError(f"{e}\n{self.describe_failure()}") from None

    def wait_toast(self, contains, timeout=30):
        """A toast lives a few seconds: look only among the toasts, not through the whole window, so a slow
        machine still sees it in time. Returns the toast's text."""
        overlay = self.wait_find(role="panel", name=self.NOTIFICATIONS)
        # a toast under the pointer never times out, so one left there by an earlier click would hide the rest
        subprocess.run(["xdotool", "mousemove", "1", "1"], check=False)

        def toast_text():
            try:
                for i in range(1, overlay.childCount):  # child 0 is the window's content
                    for n in walk(overlay.getChildAtIndex(i)):
                        if n.getRoleName() == "label" and contains in (n.name or ""):
                            return n.name
            except Exception:
                pass  # a toast went away while we looked
            return None
        try:
            return wait_for(toast_text, timeout=timeout, what=f"a toast saying {contains!r}")
        except AssertionError as e:
            raise AssertionError(f"{e}\n{self.describe_failure()}") from None

    def toast_button(self, contains, timeout=30):
        """A button on a toast (Undo), looked for among the toasts only."""
        overlay = self.wait_find(role="panel", name=self.NOTIFICATIONS)

        def button():
            try:
                for i in range(1, overlay.childCount):
                    for n in walk(overlay.getChildAtIndex(i)):
                        if n.getRoleName() == "push button" and contains in (n.name or ""):
                            return n
            except Exception:
                pass
            return None
        return wait_for(button, timeout=timeout, what=f"a toast button {contains!r}")

    def describe_failure(self):
        """What was on screen when a wait failed: a screenshot, the texts, the X focus, the app's log."""
        shot = self.screenshot(f"failure-{int(time.time())}")
        texts = []
        for n in walk(self.node):
            try:
                if n.name and n.getRoleName() in ("label", "push button", "text", "dialog", "frame"):
                    texts.append(f"{n.getRoleName()}:{n.name}")
            except Exception:
                continue
        focus = subprocess.run(["xdotool", "getwindowfocus", "getwindowname"], capture_output=True, text=True)
        self.log.flush()
        self.log.seek(0)
        return (f"screenshot: {shot}\non screen: {'; '.join(texts[:80])}\n"
                f"X focus: {focus.stdout.strip() or focus.stderr.strip()}\napp log:\n{self.log.read()[-3000:]}")

    def find_all(self, role):
        found = []
        for n in walk(self.node):
            try:
                if role_is(n, role):
                    found.append(n)
            except Exception:
                continue
        return found

    def centre(self, node):
        """Where a node is on the screen (Xvfb has no window manager: the window sits at the origin)."""
        e = extents(node)
        assert e.width > 0 and e.height > 0, f"{node.name!r} is not on screen"
        return e.x + e.width // 2, e.y + e.height // 2

    def where(self, node):
        """The centre of a node, or of what a function finds: lists re-bind their rows (a search settling, a
        refresh), so a node found a moment ago may be gone; the function is asked again."""
        def attempt():
            try:
                return self.centre(node() if callable(node) else node)
            except Exception:
                return None
        return wait_for(attempt, timeout=10, what="a place on the screen")

    def settled(self, node):
        """Where a node is once the list around it stopped moving (a search narrows in steps, each re-binding
        the rows): the same place twice, a third of a second apart."""
        last = [None]

        def same_twice():
            here = self.where(node)
            if here == last[0]:
                return here
            last[0] = here
            time.sleep(0.3)
            return None
        return wait_for(same_twice, timeout=30, what="the list to settle")

    def drag(self, source, target, dx=0):
        """A real mouse drag in steps, paced like a hand (as xdotool type paces keys): GTK starts a drag only
        after it has seen the pointer move past a threshold with the button down. dx moves the start sideways:
        a press where the last click was would be a double click."""
        (x0, y0), (x1, y1) = self.where(source), self.where(target)
        x0 += dx
        steps = 20
        # arrive on the source first and rest a moment, as a hand does, before pressing: a press that comes with
        # the pointer's jump from far away is sometimes taken before GTK has seen the pointer there
        args = ["xdotool", "mousemove", str(x0 + 3), str(y0), "sleep", "0.15", "mousemove", str(x0), str(y0),
                "sleep", "0.15", "mousedown", "1"]
        for i in range(1, steps + 1):
            args += ["sleep", "0.04", "mousemove", str(x0 + (x1 - x0) * i // steps), str(y0 + (y1 - y0) * i // steps)]
        args += ["sleep", "0.1", "mouseup", "1"]
        subprocess.run(args, check=True)

    def find_shown(self, role, name):
        """The first node with this role and name that is drawn (a list keeps unbound rows of size 0)."""
        for n in walk(self.node):
            try:
                if role_is(n, role) and n.name == name and \
                        n.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width > 0:
                    return n
            except Exception:
                continue  # a row went away while we looked
        return None

    def press(self, node):
        """Activates a button the way a keyboard or a screen reader does (its accessible action): for
        popovers, whose positions GTK 4.8 does not report on the screen."""
        action = node.queryAction()
        for i in range(action.nActions):
            if action.getName(i) in ("click", "activate", "press"):
                action.doAction(i)
                return
        action.doAction(0)

    def pick(self, menu_button, letter):
        """Opens a menu button's menu and picks the item whose underlined letter is given, from the keyboard as
        a user would: newer GTK names no item of a popover menu and reports no place for it."""
        self.click(menu_button)
        button = menu_button() if callable(menu_button) else menu_button
        wait_for(lambda: button.getState().contains(pyatspi.STATE_EXPANDED) and
                 role_is(self.focused() or button, "menu item"), what=f"the menu of {button.name!r} open")
        subprocess.run(["xdotool", "key", letter], check=True)
        wait_for(lambda: not button.getState().contains(pyatspi.STATE_EXPANDED), what="the menu closed")

    def _tab_to(self, node, most=20):
        """Moves the keyboard focus to node with Tab, as a keyboard user does (newer GTK only: 4.8 does not
        report the focus inside a dialog)."""
        wait_for(lambda: toplevel(node).getState().contains(pyatspi.STATE_ACTIVE),
                 what=f"the window of {node.name!r} active")
        for _ in range(most):
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                return
            before = self.focused()
            subprocess.run(["xdotool", "key", "Tab"], check=True)
            wait_for(lambda: self.focused() != before, timeout=5, what="the focus to move")
        raise AssertionError(f"Tab never reached {node.name!r}")

    def click(self, node):
        """A click with the mouse where the node is drawn. Newer GTK reports where a node is only roughly (its
        window coordinates leave out the padding of the containers around it: a dialog's some 30 px), so there a
        control with an accessible action (a button, a check box, a menu button's toggle) is pressed through it
        and a check box without one is reached with Tab and ticked with space; GTK 4.8 runs every click with the
        mouse."""
        if not callable(node) and _without_screen_coordinates(node):
            control = _control(node)
            if control is not None:
                return self.press(control)
            if node.getRoleName() == "check box":  # one without an action (in a dialog): from the keyboard; a
                # radio button (a check of a group) takes the arrows, not Tab, and the mouse finds it
                self._tab_to(node)
                subprocess.run(["xdotool", "key", "space"], check=True)
                return
        x, y = self.where(node)
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)

    def scroll_to(self, node, over, bottom=700):
        """Turns the mouse wheel over a scrolled area until node is on screen above bottom, as a person would."""
        def place():
            e = extents(node)
            return e.y if e.height > 0 else None
        for _ in range(40):
            y = place()
            if y is not None and 60 < y < bottom:
                return
            x0, y0 = self.centre(over)
            subprocess.run(["xdotool", "mousemove", str(x0), str(y0), "click", "5" if y is None or y >= bottom else "4"],
                           check=True)
            try:
                wait_for(lambda: place() != y, timeout=3, what="the area to scroll")
            except AssertionError:
                if y is not None and y > 0:
                    return  # at the end of the area: as far as it goes
                raise
        raise AssertionError(f"{node.name!r} did not scroll into view")

    def text_of(self, node):
        try:
            t = node.queryText()
            return t.getText(0, t.characterCount)
        except Exception:
            return None

    def focused(self):
        """The node that has the keyboard focus, or None."""
        for n in walk(self.node):
            try:
                if n.getState().contains(pyatspi.STATE_FOCUSED):
                    return n
            except Exception:
                continue
        return None

    def screenshot(self, name):
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, name + ".png")
        subprocess.run(["import", "-window", "root", path], check=False, capture_output=True)
        return path

    def kill(self):
        """The app dies at once (SIGKILL), as in a crash."""
        self.killed = True
        self.proc.kill()
        self.proc.wait()

    def close(self):
        died = self.proc.poll()
        if died is not None and not getattr(self, "killed", False):
            self.log.seek(0)
            sys.stderr.write(f"the application ended by itself (exit status {died}); it said:\n{self.log.read()[-5000:]}\n")
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        self.tmp.cleanup()


# ---- shared by the end-to-end test files ----

def open_review(app, waiting_for):
    """Waits for the journey and the first sync, then goes to step 1.1 by keyboard."""
    app.wait_find(role="list", name="Stappen van het beheerwerk")
    app.wait_find(role="label", name=waiting_for)
    subprocess.run(["xdotool", "key", "ctrl+1"], check=True)
    app.wait_find(role="list", name="Aangemelde organisaties")


STEPS_NL = [
    "Beoordeel aangemelde organisaties", "Voeg samenwerking of bijzondere organisatie toe",
    "Verwijder organisatie uit samenwerking", "Voeg gebruikers toe", "Voeg gefuseerde organisaties samen",
    "Voeg applicaties samen", "Controleer conceptpakketten", "Genereer rapportages",
    "Raadpleeg gebruikersoverzicht", "Menu items en teksten bewerken",
]


class DemoServerTest(unittest.TestCase):
    """Each test class gets its own swc-testserver with the demo dataset, so changes do not leak between classes."""
    @classmethod
    def setUpClass(cls):
        cls.srv = Server("demo")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
