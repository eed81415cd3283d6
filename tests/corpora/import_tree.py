#!/usr/bin/env python3
"""Writes a corpus fixture from a local git clone of a runbook repository (not run by CI).

    import_tree.py GIT_DIR COMMIT OUT --forge github|gitlab [--runbooks DIR]
                   [--all] [--max-bytes N]

Keeps, at their paths in the repository: its LICENSE/COPYING files, every Markdown file under
DIR (hidden folders left out), and every file a link of those files reaches as the forge
resolves it (source_links.py --targets), plus one file of each linked folder that would
otherwise be empty, so that the folder exists. With --all, every file of the commit is kept.
A linked image larger than --max-bytes (default 100,000) is replaced by a placeholder of the
same name and format (a 1x1 image), and a blob missing from the clone likewise; both are
listed in placeholders.txt beside OUT. Other linked files larger than that are kept as they are.
Prints what it kept and its size. OUT must not exist.
"""

import argparse
import base64
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import source_links  # noqa: E402

PLACEHOLDERS = {
    ".png": base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
    ),
    ".gif": base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="),
    ".jpg": base64.b64decode(
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////"
        "////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/a"
        "AAgBAQABPxA="
    ),
    ".svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n',
}
PLACEHOLDERS[".jpeg"] = PLACEHOLDERS[".jpg"]


def git(git_dir, *args, **kw):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True, **kw).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("git_dir")
    ap.add_argument("commit")
    ap.add_argument("out")
    ap.add_argument("--forge", choices=["github", "gitlab"], required=True)
    ap.add_argument("--runbooks", default=".")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--max-bytes", type=int, default=100_000)
    a = ap.parse_args()
    if os.path.exists(a.out):
        sys.exit(f"{a.out} exists")

    listing = git(a.git_dir, "ls-tree", "-r", "-z", a.commit).split(b"\0")
    blobs = {}
    for entry in filter(None, listing):
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            blobs[path.decode()] = (mode.decode(), sha.decode())
    present = set()
    check = subprocess.run(
        ["git", "--git-dir", a.git_dir, "cat-file", "--batch-check"],
        input="".join(s + "\n" for _, s in blobs.values()),
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    for line in check:
        if not line.endswith(" missing"):
            present.add(line.split()[0])

    # The whole tree in a scratch folder (missing blobs as empty files), to resolve links.
    with tempfile.TemporaryDirectory() as scratch:
        for path, (mode, sha) in blobs.items():
            dest = os.path.join(scratch, path)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            if mode == "120000":
                continue  # symbolic links are not kept
            if path.endswith(".md") and sha in present:
                with open(dest, "wb") as f:
                    f.write(git(a.git_dir, "cat-file", "blob", sha))
            else:
                open(dest, "wb").close()
        targets = set()
        source_links.broken_links(scratch, a.forge, a.runbooks, None, targets)

    def is_md(p):
        parts = p.split("/")
        inside = a.runbooks == "." or p.startswith(a.runbooks.rstrip("/") + "/")
        return p.endswith(".md") and inside and not any(x.startswith(".") for x in parts)

    keep = set()
    for path, (mode, _) in blobs.items():
        if mode == "120000":
            continue
        base = path.rsplit("/", 1)[-1]
        if a.all or is_md(path) or (("/" not in path) and base.upper().startswith(("LICENSE", "LICENCE", "COPYING"))):
            keep.add(path)
    for t in targets:
        if t in blobs:
            keep.add(t)
    for t in sorted(targets):
        if t not in blobs and not any(k.startswith(t.rstrip("/") + "/") or t == "." for k in keep):
            inside = sorted((p for p in blobs if p.startswith(t + "/") and blobs[p][0] != "120000"),
                            key=lambda p: (p.count("/"), int(git(a.git_dir, "cat-file", "-s", blobs[p][1]) or 0) if blobs[p][1] in present else 0, p))
            if inside:
                keep.add(inside[0])

    placeholders = []
    total = 0
    for path in sorted(keep):
        mode, sha = blobs[path]
        ext = os.path.splitext(path)[1].lower()
        dest = os.path.join(a.out, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        size = int(git(a.git_dir, "cat-file", "-s", sha)) if sha in present else None
        if size is None or (size > a.max_bytes and ext in PLACEHOLDERS and not path.endswith(".md")):
            if ext not in PLACEHOLDERS:
                sys.exit(f"{path}: blob missing from the clone and no placeholder for {ext}")
            data = PLACEHOLDERS[ext]
            placeholders.append((path, "missing from the clone" if size is None else f"{size} bytes"))
        else:
            data = git(a.git_dir, "cat-file", "blob", sha)
        with open(dest, "wb") as f:
            f.write(data)
        if mode == "100755":
            os.chmod(dest, 0o755)
        total += len(data)
    if placeholders:
        with open(os.path.join(os.path.dirname(os.path.abspath(a.out)), "placeholders.txt"), "w") as f:
            f.write("# Linked images replaced by a 1x1 image of the same name and format (see SOURCE.md):\n")
            for p, why in placeholders:
                f.write(f"{p}\t{why}\n")
    md = sum(1 for p in keep if p.endswith(".md"))
    print(f"kept {len(keep)} of {len(blobs)} files ({md} Markdown), {total} bytes; "
          f"{len(placeholders)} placeholders; {len(targets)} link targets")


if __name__ == "__main__":
    main()
