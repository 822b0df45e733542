#!/usr/bin/env python3
"""`make structure`: the house's own check (issue 25).

Reads the workspace from `cargo metadata` and, for every crate, counts the lines of
each module (a file below the crate's source folder) without its tests, and follows
the paths between modules (`crate::a::b`, `super::x`, `use crate::{a, b}`). It fails
when:
  - a module is over MODULE_LIMIT lines (tests and files marked `@generated` aside);
  - a crate is over CRATE_LIMIT lines;
  - modules of one crate depend on each other in a circle. A parent's use of its own
    children is how Rust lays modules out, and is not counted; a child's use of its
    parent is.

`--report` prints the table and exits 0 whatever it finds (for the closing note)."""

import json
import os
import re
import subprocess
import sys

MODULE_LIMIT = 600
CRATE_LIMIT = 4000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TEST_START = re.compile(r"^#\[cfg\(test\)\]\s*$")
TOP_MOD = re.compile(r"^(pub(\([a-z]+\))? )?mod [a-z_0-9]+ \{\s*$")
CRATE_PATH = re.compile(r"\bcrate::([a-z_0-9]+(?:::[a-z_0-9]+)*)")
SUPER_PATH = re.compile(r"\b((?:super::)+)([a-z_0-9]+(?:::[a-z_0-9]+)*)?")
USE_GROUP = re.compile(r"\buse (crate|super(?:::super)*)::\{", re.S)


def code_lines(text):
    """The file's lines without its `#[cfg(test)] mod … { … }` blocks (rustfmt closes
    a top-level module with a `}` at the start of a line) and without comments."""
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if TEST_START.match(line) and i + 1 < len(lines) and TOP_MOD.match(lines[i + 1]):
            i += 2
            while i < len(lines) and lines[i] != "}":
                i += 1
            i += 1
            continue
        out.append(line)
        i += 1
    return out


def counted(lines):
    """Lines that hold code or documentation; blank lines are not counted."""
    return sum(1 for line in lines if line.strip())


def module_of(rel):
    """`a/b.rs` → ("a", "b"); `a/mod.rs` → ("a",); `lib.rs`/`main.rs` → ()."""
    parts = rel[:-3].split("/")
    if parts[-1] == "mod":
        parts = parts[:-1]
    if parts in (["lib"], ["main"]):
        return ()
    return tuple(parts)


def strip_strings(text):
    """Code without its string literals and comments, so that a path in a message or a
    doc comment is not taken for a dependency."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'r#+"(?:.|\n)*?"#+', '""', text)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', text)


def group_paths(code, start):
    """The paths of a `use crate::{…}` group that opens at `start` (nested groups too)."""
    depth, i, buf, out = 1, start, "", []
    stack = [[]]
    while i < len(code) and depth:
        c = code[i]
        if c == "{":
            stack.append(stack[-1] + [p for p in buf.strip().strip(":").split("::") if p])
            buf = ""
            depth += 1
        elif c in ",}":
            item = buf.strip()
            if item and item not in ("self", "*"):
                out.append(stack[-1] + [p for p in item.split(" as ")[0].split("::") if p])
            elif item == "self":
                out.append(stack[-1])
            buf = ""
            if c == "}":
                depth -= 1
                stack.pop()
        else:
            buf += c
        i += 1
    return out


def resolve(path, modules):
    """The longest module that `path` (a tuple of names from the crate's root) names."""
    for n in range(len(path), 0, -1):
        if tuple(path[:n]) in modules:
            return tuple(path[:n])
    return None


def dependencies(mod, code, modules):
    found = set()
    for m in CRATE_PATH.finditer(code):
        found.add(resolve(m.group(1).split("::"), modules))
    for m in SUPER_PATH.finditer(code):
        ups = m.group(1).count("super::")
        base = list(mod[: max(len(mod) - ups, 0)])
        rest = m.group(2).split("::") if m.group(2) else []
        found.add(resolve(base + rest, modules) or (tuple(base) if tuple(base) in modules else None))
    for m in USE_GROUP.finditer(code):
        if m.group(1) == "crate":
            base = []
        else:
            base = list(mod[: max(len(mod) - m.group(1).count("super"), 0)])
        for p in group_paths(code, m.end()):
            found.add(resolve(base + p, modules))
    found.discard(None)
    found.discard(mod)
    # A parent's use of its own children is the module tree itself.
    return {d for d in found if d[: len(mod)] != mod}


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def crates():
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--no-deps", "--format-version", "1", "--offline"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    for pkg in meta["packages"]:
        roots = {os.path.dirname(t["src_path"]) for t in pkg["targets"]
                 if set(t["kind"]) & {"lib", "bin", "cdylib", "rlib"}}
        # A crate's modules live below the folder of its lib (or its main).
        src = min(roots, key=len)
        yield pkg["name"], src


def main():
    report = "--report" in sys.argv
    problems = []
    rows = []
    for name, src in sorted(crates()):
        files = {}
        for d, dirs, ns in os.walk(src):
            dirs[:] = [x for x in dirs if x != "bin"]
            for n in ns:
                if n.endswith(".rs"):
                    path = os.path.join(d, n)
                    files[os.path.relpath(path, src)] = open(path, encoding="utf-8").read()
        modules = {module_of(rel): rel for rel in files}
        total = 0
        graph = {}
        for rel, text in sorted(files.items()):
            mod = module_of(rel)
            lines = code_lines(text)
            n = counted(lines)
            generated = "@generated" in text[:500]
            if not generated:
                total += n
                if n > MODULE_LIMIT:
                    problems.append(f"{name}: {rel} has {n} lines (limit {MODULE_LIMIT})")
            graph[mod] = dependencies(mod, strip_strings("\n".join(lines)), modules)
        rows.append((name, total, len(files)))
        if total > CRATE_LIMIT:
            problems.append(f"{name}: {total} lines (limit {CRATE_LIMIT})")
        for comp in cycles(graph):
            shown = ", ".join("::".join(m) or "(root)" for m in comp)
            problems.append(f"{name}: modules in a circle: {shown}")
    width = max(len(r[0]) for r in rows)
    print(f"{'crate':{width}}  lines  modules   (without tests; limits: {CRATE_LIMIT} a crate, {MODULE_LIMIT} a module)")
    for name, total, n in rows:
        print(f"{name:{width}}  {total:5}  {n:7}")
    print(f"{'all':{width}}  {sum(r[1] for r in rows):5}  {sum(r[2] for r in rows):7}")
    if problems:
        print("\n" + "\n".join(problems))
        if not report:
            sys.exit(f"\nstructure: {len(problems)} problems")
    else:
        print("\nstructure: no module over the limit, no crate over the limit, no circle")


if __name__ == "__main__":
    main()
