#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Member functions per class and lines per file in model/ (the size rule of doc/architecture.md).

Usage: /usr/bin/python3 tools/class-sizes.py [--over N] [--lines M]
Prints every class declaring more than N member functions (default 30) and every model/ file
longer than M lines (default 600), largest first. A member function is a declaration with a
parameter list at the class's own brace depth (constructors, overrides and templates count;
typedefs, using, friends and callback members do not). Exit status 0: it reports, it does not judge.
"""
import argparse
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent


def strip(text):
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


def member_counts(text):
    """Yields (class name, number of member functions) for each class or struct body."""
    for m in re.finditer(r"\b(class|struct)\s+(\w+)(\s+final)?\s*(:[^{;]*)?\{", text):
        i, depth, stmt, count = m.end(), 1, "", 0
        while i < len(text) and depth > 0:
            c = text[i]
            if c == "{":
                if depth == 1 and "(" in stmt:
                    count += 1  # a function defined in the class body
                depth += 1
            elif c == "}":
                depth -= 1
                stmt = ""
            elif c == ";" and depth == 1:
                s = stmt.strip()
                if ("(" in s and not s.startswith(("typedef", "using", "friend"))
                        and not re.match(r"^(TracedCallback|Callback|std::function)", s)):
                    count += 1
                stmt = ""
            elif depth == 1:
                stmt += c
                if re.search(r"(public|private|protected)\s*:$", stmt.strip()):
                    stmt = ""
            i += 1
        yield m.group(2), count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--over", type=int, default=30)
    parser.add_argument("--lines", type=int, default=600)
    args = parser.parse_args()
    classes = []
    for header in sorted((ROOT / "model").rglob("*.h")):
        for name, count in member_counts(strip(header.read_text())):
            if count > args.over:
                classes.append((count, name, header.relative_to(ROOT)))
    for count, name, path in sorted(classes, reverse=True):
        print(f"{count:4d} member functions  {name} ({path})")
    files = [(len(p.read_text().splitlines()), p.relative_to(ROOT))
             for p in (ROOT / "model").rglob("*") if p.suffix in (".h", ".cc")]
    for lines, path in sorted(f for f in files if f[0] > args.lines)[::-1]:
        print(f"{lines:4d} lines             {path}")


if __name__ == "__main__":
    main()
