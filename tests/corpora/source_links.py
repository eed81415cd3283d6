#!/usr/bin/env python3
"""Which links of a runbook tree are broken *on the forge itself* (GitHub or GitLab).

    source_links.py ROOT --forge github|gitlab [--runbooks DIR] [--files LIST]
                    [--write FILE | --check FILE] [--targets]

ROOT is a repository's root as the forge shows it; DIR (default `.`) the folder of Markdown
that pipebook builds, relative to ROOT. Every `.md` file under DIR (hidden folders and, when
DIR is the root, `content/` and `themes/` left out, as pipebook leaves them out) is parsed
as CommonMark (markdown-it-py, with GFM tables and strike-through), and every link and image
in Markdown and in raw HTML (`href`, `src`, `srcset`) that is not absolute is resolved as the
forge resolves it:

* a path is relative to the file's folder, or to the repository's root when it starts with
  `/`; it is percent-decoded; a query is ignored; a path that climbs above the root is broken;
* it works when a file or folder of that name exists in the repository (`--files` names a
  list of every file of the repository at the commit, one per line, for a fixture that kept
  only part of the tree; by default the tree under ROOT is the repository);
* a link in an MkDocs admonition's or content tab's body (`!!! note`, `=== "macOS"` over
  an indented body) is read as Markdown, as pipebook shows it (GitHub and GitLab show an
  indented code block);
* a `#fragment` is checked when the target is a Markdown file (a folder: its README.md; no
  path: the file itself) against the ids the forge gives that file: heading ids by the
  forge's rule (below) and raw HTML `id` and `<a name>`; a folder without a README.md shows
  its list of files, where no fragment leads. GitHub, failing a fragment as written, looks
  for it in lower case (its page script does: `#FAQ` finds `## FAQ`, `#m5` no `id="M5"`);
  GitLab matches them exactly. GitHub's `#readme` is the element holding the rendered
  file (on the file's page and under its folder's listing): it is found on every Markdown
  file. A text fragment's
  directive (`#claims:~:text=groups`) is left out: browsers go to the element before it. A fragment on any
  other file (`script.sh#L10`) is not checked.

Heading ids: the heading's text (text, code and link text; tags and image alt left out) in
lower case; GitHub (github-slugger) removes every character that is not a letter, digit,
mark, `_`, `-` or space and turns each space into `-`; GitLab (Banzai's table of contents
filter) removes every character that is not a word character, `-` or space, turns spaces
into `-` and squeezes runs of `-` into one. A repeated id gets `-1`, `-2`, ... on both.

Without --write/--check it prints every broken link, one a line:
`FILE<TAB>LINK<TAB>WHY`, the format of `known-broken.txt`. --write FILE writes that list
(with a header); --check FILE fails unless FILE lists exactly the broken links found
(comments and blank lines aside), so a known-broken list can never hide a link that works
on the forge. --targets prints instead every path inside the repository that a link
reaches (to choose which files a fixture keeps).
"""

import argparse
import html.parser
import os
import posixpath
import re
import sys
import unicodedata
import urllib.parse

try:
    from markdown_it import MarkdownIt
except ImportError:  # pragma: no cover - run.sh installs it
    sys.exit("source_links.py needs markdown-it-py: python3 -m pip install 'markdown-it-py>=3,<5'")

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# An MkDocs admonition's first line (`!!! warning "Title"`, `???+ note`), of a type
# pipebook reads (src/markdown/admonitions.rs).
ADMONITION = re.compile(
    r"^(?:!!!|\?\?\?\+?) ?(?:note|seealso|abstract|summary|tldr|info|todo|example|question|help"
    r"|faq|quote|cite|tip|hint|success|check|done|important|warning|attention|caution|danger"
    r"|error|failure|fail|missing|bug)(?: [A-Za-z0-9_ -]*)?(?:\"[^\"]*\")?[ \t]*$",
    re.I,
)
TAB = re.compile(r'^===[+!]? +"[^"]+"[ \t]*$')  # pymdownx.tabbed's content tab, read alike
FENCE = re.compile(r"^(`{3,}|~{3,})")


def unwrap_admonitions(text):
    """`text` with each MkDocs admonition's first line blanked and its body (indented by
    4) moved left, line for line: pipebook shows the body as Markdown in a callout, where
    GitHub and GitLab show an indented code block; a link in it works, or is broken, as
    its author wrote it. Code fences are passed over; four levels at most, as pipebook."""
    lines = text.split("\n")
    out, depth, fence = [], 0, None
    for i, line in enumerate(lines):
        if not line.strip():
            out.append("")
            continue
        ind = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        while depth and ind < depth * 4 and fence is None:
            depth -= 1
        rest = line.expandtabs(4)[depth * 4:] if depth else line
        if fence is not None:
            if rest.lstrip(" ").startswith(fence):
                fence = None
            out.append(rest)
            continue
        m = FENCE.match(rest.lstrip(" "))
        if m:
            fence = m.group(1)
        elif depth < 4 and (ADMONITION.match(rest) or TAB.match(rest)):
            body = next((x for x in lines[i + 1:] if x.strip()), "")
            if len(body.expandtabs(4)) - len(body.expandtabs(4).lstrip(" ")) >= (depth + 1) * 4:
                out.append("")
                depth += 1
                continue
        out.append(rest)
    return "\n".join(out)


def markdown_files(root, runbooks):
    base = os.path.normpath(os.path.join(root, runbooks))
    at_root = os.path.samefile(base, root)
    for folder, dirs, files in os.walk(base):
        rel_folder = os.path.relpath(folder, root)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and not (at_root and rel_folder == "." and d in ("content", "themes", "public"))
        )
        for f in sorted(files):
            if f.endswith(".md") and not f.startswith("."):
                yield posixpath.normpath(posixpath.join(rel_folder.replace(os.sep, "/"), f))


class _Attrs(html.parser.HTMLParser):
    """Collects the URLs and ids of a fragment of raw HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []
        self.ids = []

    def handle_starttag(self, tag, attrs):
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "name" in a:
            self.ids.append(a["name"])
        for key in ("href", "src"):
            if key in a:
                self.urls.append(a[key].strip())
        if "srcset" in a:
            for cand in a["srcset"].split(","):
                cand = cand.strip()
                if cand:
                    self.urls.append(cand.split()[0])

    handle_startendtag = handle_starttag


def inline_text(token):
    out = []
    for c in token.children or []:
        if c.type in ("text", "code_inline"):
            out.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


def slug(text, forge):
    text = text.lower()
    if forge == "gitlab":
        text = "".join(ch for ch in text if ch.isalnum() or ch in "_- " or unicodedata.category(ch).startswith("M"))
        text = re.sub(r"-+", "-", text.replace(" ", "-"))
    else:
        text = "".join(
            ch
            for ch in text
            if ch.isalnum() or ch in "_- " or unicodedata.category(ch)[0] in "M" or unicodedata.category(ch) == "Pc"
        )
        text = text.replace(" ", "-")
    return text


class Document:
    def __init__(self, text, forge):
        text = FRONT_MATTER.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
        text = unwrap_admonitions(text)
        md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        tokens = md.parse(text)
        self.links = []  # (line, url)
        self.ids = []
        seen = {}
        for i, t in enumerate(tokens):
            line = (t.map[0] + 1) if t.map else 0
            if t.type == "heading_open":
                base = slug(inline_text(tokens[i + 1]), forge)
                n = seen.get(base, 0)
                seen[base] = n + 1
                self.ids.append(base if n == 0 else f"{base}-{n}")
            if t.type == "html_block":
                self._html(t.content, line)
            if t.type == "inline":
                for c in t.children or []:
                    if c.type == "link_open":
                        self.links.append((line, c.attrs.get("href", "")))
                    elif c.type == "image":
                        self.links.append((line, c.attrs.get("src", "")))
                    elif c.type == "html_inline":
                        self._html(c.content, line)

    def _html(self, fragment, line):
        p = _Attrs()
        try:
            p.feed(fragment)
            p.close()
        except Exception:  # malformed HTML: the forge would not see a link either
            return
        self.links.extend((line, u) for u in p.urls)
        self.ids.extend(p.ids)


class Repository:
    def __init__(self, root, forge, files_list=None):
        self.root = root
        self.forge = forge
        if files_list:
            with open(files_list, encoding="utf-8") as f:
                files = {line.rstrip("\n") for line in f if line.strip()}
        else:
            files = set()
            for folder, dirs, names in os.walk(root):
                rel = os.path.relpath(folder, root).replace(os.sep, "/")
                for n in names:
                    files.add(posixpath.normpath(posixpath.join(rel, n)))
        self.files = files
        self.dirs = {"."}
        for f in files:
            d = posixpath.dirname(f)
            while d and d not in self.dirs:
                self.dirs.add(d)
                d = posixpath.dirname(d)
        self._docs = {}
        self.own = own_prefixes(root, forge)

    def doc(self, rel):
        if rel not in self._docs:
            path = os.path.join(self.root, rel)
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    self._docs[rel] = Document(f.read(), self.forge)
            except OSError:
                self._docs[rel] = None
        return self._docs[rel]

    def resolve(self, page, url):
        """(target path or None, why broken or None) for a link of file `page`."""
        url = self.own_path(url)
        if not url or SCHEME.match(url) or url.startswith("//"):
            return None, None
        path, _, frag = url.partition("#")
        frag = frag.split(":~:", 1)[0]  # a text fragment's directive: the element is before it
        path = path.split("?", 1)[0]
        path = urllib.parse.unquote(path)
        frag = urllib.parse.unquote(frag)
        if path == "":
            target = page
        else:
            start = "" if path.startswith("/") else posixpath.dirname(page)
            joined = posixpath.join(start, path.lstrip("/"))
            target = posixpath.normpath(joined) if joined else "."
            if target == ".." or target.startswith("../"):
                return None, f"climbs above the repository's root to `{target}`"
            if target not in self.files and target not in self.dirs:
                return target, f"`{target}` does not exist in the repository"
        if not frag:
            return target, None
        doc_path = target
        if target in self.dirs:
            doc_path = "README.md" if target == "." else f"{target}/README.md"
            if doc_path not in self.files:
                # The forge shows the folder's list of files, which has no anchors.
                return target, f"`#{frag}` is on `{target}`, a folder without a README.md"

        if not doc_path.endswith(".md"):
            return target, None
        doc = self.doc(doc_path)
        if doc is None:
            return target, None
        ids = doc.ids
        if frag in ids or (self.forge == "github" and frag.lower() in ids):
            return target, None
        if self.forge == "github" and frag.lower() == "readme":
            # GitHub's element holding the rendered file, on its page and under a folder's
            # listing: `/playbooks#readme` scrolls past the header to the text.
            return target, None
        rule = "GitHub's" if self.forge == "github" else "GitLab's"
        return target, f"`#{frag}` is no heading id ({rule} rule) nor raw id/name in `{doc_path}`"


    def own_path(self, url):
        """The repository's own web view of a file on the tree's branch
        (`https://gitlab.com/g/r/-/blob/main/docs/a.md#x`) as the path it shows
        (`/docs/a.md#x`), when the tree holds it: the forge shows that file, so the link is
        as broken as the path (its anchor, mostly), as pipebook's output is. Line anchors (`#L3`) and queries other than GitLab's `?ref_type=heads` are left."""
        for prefix in self.own:
            if url[: len(prefix)].lower() != prefix.lower():
                continue
            rest = url[len(prefix):]
            path, _, frag = rest.partition("#")
            path, _, query = path.partition("?")
            if query not in ("", "ref_type=heads") or re.match(r"L[0-9]", frag):
                return url
            # Only a file the tree holds: the trees here are the Markdown of a repository
            # and what it links to by path, not every file a full address names.
            target = posixpath.normpath(urllib.parse.unquote(path).strip("/") or ".")
            if target not in self.files and target not in self.dirs:
                return url
            return "/" + path + ("#" + frag if frag else "")
        return url


def own_prefixes(root, forge):
    """The addresses of `root`'s own files on its forge, from `content/site.yaml`'s
    `repository` and `branch` (`HEAD` when none), read line by line."""
    settings = {}
    try:
        with open(os.path.join(root, "content", "site.yaml"), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^(repository|branch):\s*(\S+)\s*$", line)
                if m:
                    settings[m.group(1)] = m.group(2).strip("'\"")
    except OSError:
        return []
    repo = settings.get("repository", "").rstrip("/")
    if not repo:
        return []
    branch = settings.get("branch", "HEAD")
    views = ["/blob/", "/tree/"] + (["/-/blob/", "/-/tree/"] if forge == "gitlab" else [])
    return [f"{repo}{v}{branch}/" for v in views]


def broken_links(root, forge, runbooks=".", files_list=None, targets=None):
    repo = Repository(root, forge, files_list)
    out = []
    for page in markdown_files(root, runbooks):
        doc = repo.doc(page)
        for line, url in doc.links:
            target, why = repo.resolve(page, url)
            if targets is not None and target is not None and why is None:
                targets.add(target)
            if why:
                out.append((page, url, f"{why} (line {line})"))
    return out


def read_list(path):
    entries = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 3:
                sys.exit(f"{path}:{n}: expected FILE<TAB>LINK<TAB>WHY")
            entries.setdefault((parts[0], parts[1]), parts[2])
    return entries


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root")
    ap.add_argument("--forge", choices=["github", "gitlab"], required=True)
    ap.add_argument("--runbooks", default=".")
    ap.add_argument("--files", help="every file of the repository, one per line")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", metavar="FILE")
    g.add_argument("--check", metavar="FILE")
    g.add_argument("--targets", action="store_true")
    a = ap.parse_args(argv)
    targets = set() if a.targets else None
    found = broken_links(a.root, a.forge, a.runbooks, a.files, targets)
    if a.targets:
        for t in sorted(targets):
            print(t)
        return 0
    lines = [f"{p}\t{u}\t{w}" for p, u, w in found]
    if a.write:
        with open(a.write, "w", encoding="utf-8") as f:
            f.write(
                "# Links broken in the source itself, as the forge resolves them: written by\n"
                f"# tests/corpora/source_links.py --forge {a.forge} (see its docstring for the rules).\n"
                "# FILE<TAB>LINK<TAB>WHY; check_output.py accepts these links broken in the output.\n"
            )
            for line in sorted(set(lines)):
                f.write(line + "\n")
        print(f"{len(set(lines))} broken links written to {a.write}")
        return 0
    if a.check:
        listed = read_list(a.check)
        now = {(p, u) for p, u, _ in found}
        wrong = sorted(set(listed) - now)
        unlisted = sorted(now - set(listed))
        for p, u in wrong:
            print(f"{a.check}: `{u}` in {p} is listed but works on the forge", file=sys.stderr)
        for p, u in unlisted:
            print(f"{a.check}: `{u}` in {p} is broken in the source but not listed", file=sys.stderr)
        print(f"{a.check}: {len(listed)} listed, {len(now)} broken in the source, {len(wrong)} listed wrongly, {len(unlisted)} unlisted")
        return 1 if wrong or unlisted else 0
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
