#!/usr/bin/env python3
"""Lists the Rust functions of at least LIMIT lines (the `fn` line to its closing brace),
longest first: the review's "functions under ~120 lines".

    python3 tools/fn_lengths/fn_lengths.py [LIMIT] [DIR...]   # default: 120 src tests

Braces are matched outside comments, strings (raw ones too) and character literals;
a `fn` without a body (a trait's or an extern one's) counts nothing. Standard library only.
"""

import os
import re
import sys

FN = re.compile(r"\bfn\s+([A-Za-z_][A-Za-z0-9_]*)")
RAW = re.compile(r'b?r(#*)"')
CHAR = re.compile(r"'(\\.[^']*|[^'\\])'")


def ident(c):
    return c.isalnum() or c == "_"


def lengths(src):
    """(lines, name, first line) of each function with a body in `src`."""
    out, stack = [], []
    i, n, depth, line, pending = 0, len(src), 0, 1, None
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            nest, i = 1, i + 2
            while i < n and nest:
                if src.startswith("/*", i):
                    nest, i = nest + 1, i + 2
                elif src.startswith("*/", i):
                    nest, i = nest - 1, i + 2
                else:
                    line += src[i] == "\n"
                    i += 1
        elif (m := RAW.match(src, i)) and (i == 0 or not ident(src[i - 1])):
            end = '"' + m.group(1)
            j = src.find(end, m.end())
            j = n if j < 0 else j
            line += src.count("\n", i, j)
            i = j + len(end)
        elif c == '"' or (c == "b" and src.startswith('"', i + 1) and not ident(src[i - 1])):
            i += 2 if c == "b" else 1
            while i < n and src[i] != '"':
                if src[i] == "\\":
                    i += 1
                line += i < n and src[i] == "\n"
                i += 1
            i += 1
        elif c == "'":
            m = CHAR.match(src, i)
            i = m.end() if m else i + 1  # a lifetime otherwise
        elif c == "f" and (m := FN.match(src, i)) and (i == 0 or not ident(src[i - 1])):
            pending = (m.group(1), line, depth)
            i = m.end()
        else:
            if c == ";" and pending and pending[2] == depth:
                pending = None
            elif c == "{":
                opens = pending if pending and pending[2] == depth else None
                stack.append(opens)
                pending = None if opens else pending
                depth += 1
            elif c == "}":
                depth -= 1
                top = stack.pop() if stack else None
                if top:
                    out.append((line - top[1] + 1, top[0], top[1]))
            i += 1
    return out


def main():
    args = sys.argv[1:]
    limit = int(args.pop(0)) if args and args[0].isdigit() else 120
    found = []
    for root in args or ["src", "tests"]:
        for folder, _, files in os.walk(root):
            for f in files:
                if f.endswith(".rs"):
                    path = os.path.join(folder, f)
                    with open(path, encoding="utf-8") as text:
                        found += [(size, path, start, name) for size, name, start in lengths(text.read())]
    for size, path, start, name in sorted(found, reverse=True):
        if size >= limit:
            print(f"{size:5d}  {path}:{start}  {name}")


if __name__ == "__main__":
    main()
