#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Above the core, code speaks meanings (issue 11): no backend word and no SQL in src/ui or src/cmd.

The words are read from the core's one table (src/core/swc-vocab.c): schema slugs, field names and stored
values of both dialects. A hit is a C string literal that is one of them, a literal that holds SQL, a
sqlite3 call or type outside the comments, or an include of a core-only header (swc-store-db.h,
*-private.h). Each hit is listed as file:line."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ['src/ui', 'src/cmd']
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
SQL = re.compile(r'\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WHERE|ORDER\s+BY|GROUP\s+BY|'
                 r'COUNT\s*\(|LIMIT\s+\d)\b|\b(json_extract|json_each|COLLATE\s+NOCASE)\b|%Q|\bjson\s*,\s*\'\$')
# English text for the user (_("Supplier"), N_("Licence")) may be spelt like a 2026 stored value.
TRANSLATABLE = re.compile(r'\b(?:N?_|C_\s*\(\s*"[^"]*"\s*,|g_dpgettext2\s*\([^,]*,\s*"[^"]*"\s*,)\s*\(?\s*$')
CODE_SQL = re.compile(r'\bsqlite3\w*|\bswc_store_get_db\b')
# The registers' words, which the table handles in code. (registrationStatus's pending/active/rejected are
# left out: the change queue's states are called so too.)
EXTRA = {'voorzieningen', 'stackiq'}
# A line whose literal is a word of the app's own that happens to be spelt like a backend word (a GObject
# data key, a signal, a key-file group, a JSON Schema keyword) says so in a comment on that line.
MARKER = '/* not a backend word */'


def table_words():
    src = open(os.path.join(ROOT, 'src', 'core', 'swc-vocab.c'), encoding='utf-8').read()
    words = set(EXTRA)
    for pattern in [r'static const \w+ slugs\[\] = \{(.*?)\n\};',
                    r'static const \w+ properties\[\] = \{(.*?)\n\};',
                    r'static const \w+ values\[\] = \{(.*?)\n\};',
                    r'fields\[SWC_N_FIELDS\] = \{(.*?)\n\};']:
        block = re.search(pattern, src, re.S)
        if block is None:
            sys.exit('no-backend-words: table not found in swc-vocab.c: ' + pattern)
        for lit in LITERAL.findall(block.group(1)):
            words.update(w for w in lit.split('|') if w)
    return words


def strip_comments(text):
    """Blanks out comments (keeping newlines and string literals) so line numbers stay."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif text[i] == '"':
            m = LITERAL.match(text, i)
            j = m.end() if m else i + 1
            out.append(text[i:j])
            i = j
        elif text[i] == "'":
            m = re.compile(r"'(?:[^'\\\n]|\\.)*'").match(text, i)
            j = m.end() if m else i + 1
            out.append(text[i:j])
            i = j
        else:
            out.append(text[i])
            i += 1
    return ''.join(out)


def scan(path, words):
    hits = []
    original = open(path, encoding='utf-8').read()
    text = strip_comments(original)
    marked = {n for n, line in enumerate(original.split('\n'), 1) if MARKER in line}
    for number, line in enumerate(text.split('\n'), 1):
        for m in CODE_SQL.finditer(LITERAL.sub('""', line)):
            hits.append((number, 'SQL handle or call', m.group(0)))
        for m in LITERAL.finditer(line):
            lit = m.group(1)
            if lit in words and number not in marked and not TRANSLATABLE.search(line[:m.start()]):
                hits.append((number, 'backend word', '"%s"' % lit))
            elif lit == 'swc-store-db.h' or lit.endswith('-private.h'):
                hits.append((number, 'core-only header', '"%s"' % lit))
            elif SQL.search(lit):
                hits.append((number, 'SQL text', '"%s"' % lit))
    return hits


def main():
    words = table_words()
    failures = 0
    for d in DIRS:
        for base, _, files in sorted(os.walk(os.path.join(ROOT, d))):
            for name in sorted(files):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(base, name)
                for number, what, text in scan(path, words):
                    print('%s:%d: %s %s' % (os.path.relpath(path, ROOT), number, what, text))
                    failures += 1
    if failures:
        print('no-backend-words: %d hit(s): src/ui and src/cmd speak meanings (swc-vocab.h), '
              'and ask the core typed questions instead of SQL' % failures)
        return 1
    print('no-backend-words: src/ui and src/cmd hold no backend word and no SQL')
    return 0


if __name__ == '__main__':
    sys.exit(main())
