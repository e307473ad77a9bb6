#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The house style (issue 12): every C file of src/ and tests/ as clang-format 14 writes it with the project's
.clang-format, and no line past 100 columns (characters, not bytes).

clang-format 14 cannot leave out the space before the parenthesis for gettext's _(), N_(), C_(), NC_() and
GLib's g_autoptr() family, which GNOME code writes without one; those are taken as written. Each file that
differs is listed with the first lines clang-format would change; `build-aux/dev format` rewrites them."""
import difflib
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT = 100
NO_SPACE = re.compile(r'(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_autoptr|g_auto|g_autolist|g_autoslist|g_autoqueue) \(')


def sources():
    for top in ('src', 'tests'):
        for d, _, names in os.walk(os.path.join(ROOT, top)):
            for n in sorted(names):
                if n.endswith(('.c', '.h')):
                    yield os.path.join(d, n)


def formatted(binary, path):
    out = subprocess.run([binary, '--style=file', path], cwd=ROOT, capture_output=True, text=True, check=True)
    return NO_SPACE.sub(r'\1\2(', out.stdout)


def main():
    binary = shutil.which('clang-format-14')
    if binary is None:
        # the style is what Debian 12's clang-format 14 writes; another version lays some lines out otherwise
        print('format: skipped: clang-format 14 is not installed (build-aux/dev installs it on Debian 12)')
        return 77
    write = '--fix' in sys.argv
    bad = 0
    for path in sources():
        rel = os.path.relpath(path, ROOT)
        text = open(path, encoding='utf-8').read()
        want = formatted(binary, path)
        if want != text:
            if write:
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(want)
                text = want
            else:
                bad += 1
                diff = list(difflib.unified_diff(text.splitlines(), want.splitlines(), rel, rel + ' (formatted)',
                                                 n=0, lineterm=''))
                print('\n'.join(diff[:12]))
        for number, line in enumerate(text.splitlines(), 1):
            if len(line) > LIMIT:
                bad += 1
                print(f'{rel}:{number}: {len(line)} columns (at most {LIMIT})')
    if bad:
        print(f'format: {bad} problem(s); `build-aux/dev format` rewrites the files clang-format would change')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
