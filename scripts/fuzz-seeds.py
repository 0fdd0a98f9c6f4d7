#!/usr/bin/env python3
"""Writes the fuzz seed corpora (Fuzz/corpus/<target>/) from the string literals of the test fixtures.

csv: every string given to the CSV reader in Tests/PaladinCoreTests/CSV (readCSV(...), read(...)), plus every
literal in the tests that looks like a CSV file (a first line with a comma, then a line break), each prefixed with the option byte the fuzz entry reads (0: detect the delimiter).
rules: every rule text in Tests/PaladinAnalyticsTests/Rules (rule(...), parseError(...), parse(...)).
Run from the repository root; the corpora are committed, so this only needs running when the fixtures change.
"""
import glob, hashlib, os, re

LITERAL = r'"((?:[^"\\\n]|\\.)*)"'

def unescape(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == '\\' and i + 1 < len(body):
            n = body[i + 1]
            if n == 'u' and body[i + 2:i + 3] == '{':
                end = body.index('}', i)
                out.append(chr(int(body[i + 3:end], 16)))
                i = end + 1
                continue
            out.append({'n': '\n', 't': '\t', 'r': '\r', '0': '\0', '"': '"', "'": "'", '\\': '\\'}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)

def literals(paths, calls):
    found = []
    for path in paths:
        text = open(path, encoding='utf-8').read()
        for match in re.finditer(r'\b(?:%s)\(\s*' % '|'.join(calls) + LITERAL, text):
            found.append(unescape(match.group(1)))
    return found

def write(target, seeds):
    folder = os.path.join('Fuzz', 'corpus', target)
    os.makedirs(folder, exist_ok=True)
    for seed in seeds:
        name = hashlib.sha1(seed).hexdigest()[:16]
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(seed)
    print(f'{target}: {len(set(seeds))} seeds in {folder}')

csv = literals(sorted(glob.glob('Tests/PaladinCoreTests/CSV/*.swift') + glob.glob('Tests/PaladinCoreTests/Import/*.swift')),
               ['readCSV', 'read', 'readAll', 'table', 'rows'])
# Whole CSV files written as one literal anywhere in the tests (imports, exports, analytics inputs).
for path in sorted(glob.glob('Tests/**/*.swift', recursive=True)):
    for match in re.finditer(LITERAL, open(path, encoding='utf-8').read()):
        body = unescape(match.group(1))
        if '\n' in body and ',' in body.split('\n')[0] and not body.startswith(('{', '<')):
            csv.append(body)
write('csv', [b'\x00' + s.encode('utf-8') for s in csv] + [b'\x03' + s.encode('utf-8') for s in csv[:10]])
rules = literals(sorted(glob.glob('Tests/PaladinAnalyticsTests/Rules/*.swift') + glob.glob('Tests/PaladinAnalyticsTests/Derived/*.swift')),
                 ['rule', 'parseError', 'parse', 'Rule.parse'])
write('rules', [s.encode('utf-8') for s in rules])
