#!/usr/bin/env python3
"""Checks a built static site on its own terms, independently of the generator that wrote it.

    check_output.py PUBLIC [--base-url URL]
                    [--source ROOT [--runbooks DIR] [--pages PREFIX]]
                    [--known-broken FILE] [--report] [--show N] [--json FILE]

Python 3 standard library only. Every `*.html` file under PUBLIC is parsed (html.parser), and

Links. Every `href` (a, area, link), `src` (img, script, iframe, source, video, audio, track,
embed, input), `poster` (video) and every URL of a `srcset` (img, source) is resolved against
the page's address (`--base-url` joined with the page's path, percent-encoded, `x/index.html`
addressed as `x/`), as a browser resolves it. A URL on another host, or with a scheme other
than http(s) (`mailto:`, `tel:`), is external: counted, not followed. A same-site URL must
lie under the base URL's path; its path, percent-decoded, names a file under PUBLIC, and a
path ending in `/` (or naming a folder) names that folder's `index.html`. A `#fragment` on an
HTML page (the page itself when the URL has no path) must be the `id` of an element or the
`name` of an `<a>` in that page, compared as HTML does (the fragment as written, then
percent-decoded; a text fragment's directive `:~:…` left out, as browsers leave it), or,
as the theme's site.js goes on to it, the id in lower case of an element of the page's
`<article>` (`#Responsibilities` for `<h2 id="responsibilities">`, as on GitHub); an
empty fragment and `#top` always work; a fragment on another kind of file is not checked.
`<link rel=canonical|alternate>` is checked like any link when it is same-site.

Pages and titles (with --source). ROOT is the repository the site was built from, DIR (default
`.`) its folder of Markdown, and PREFIX (default `runbooks/`) where its pages are in the output.
A Markdown file `a/b.md` (under DIR) is expected at `PREFIX a/b/index.html`, with its real name
(no percent-encoding in the file system); `a/README.md` (any case), else `a/index.md`, else
`a/_index.md`, else `a/index.html.md` (Middleman's), is the page of the folder, `PREFIX a/index.html` (`PREFIX index.html` for DIR
itself); the others of those names are pages of their own. Hidden folders are left out, and
when DIR is ROOT so are `content/`, `themes/` and `public/`, as pipebook leaves them out. For each
file the expected title is its first level-1 heading when no other heading comes before it, wherever it
stands: an ATX `# ` or setext `===` heading at the top level, outside fenced code, HTML
comments and YAML front matter; its text with the Markdown marks of links, images, emphasis,
code and inline HTML removed and entities decoded; an image's alt text is left out, as a
browser shows none in the `<h1>`, unless the heading is images alone. Without such a heading the front matter's
`title:` (a plain one-line value) is expected, and without that no title is checked. A page
"has its heading as title" when the text of its first `<h1>` (leaving out the text of links
to a fragment and of `aria-hidden` elements inside it: a heading's own anchor link) and the
start of its `<title>` both equal the expected title, whitespace collapsed. A page that a
generator not knowing folder pages would write for a README (`PREFIX a/README/index.html`) is
still taken as that README's page for known-broken links. Pages with more than one `<h1>` are
reported, as are files with no page.

Known-broken links. FILE lists links broken in the source itself (tests/corpora/source_links.py
writes it): `SOURCE<TAB>LINK<TAB>WHY`, SOURCE relative to ROOT. A broken link of the page of
SOURCE is accepted when it matches LINK: both reduced to their last path segment
(percent-decoded, without `index.html`, a trailing `/` or `.md`; a README, index or _index
file stands for its folder; empty when the link is to the page itself) and their fragment
(without regard to case) must be equal. How the generator rewrote the link does not matter.

Exit status: 1 when a link is broken that FILE does not accept, or a Markdown file has no
page; 0 otherwise, or always with --report; 2 on usage errors. It prints the figures and up
to N (default 20) examples of each kind of problem; --json writes every finding.
"""

import argparse
import html
import html.parser
import json
import os
import posixpath
import re
import sys
import urllib.parse
from collections import Counter, defaultdict

LINK_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "input": ("src",),
}
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
FOLDER_PAGES = ("readme.md", "index.md", "_index.md", "index.html.md")


# ---------------------------------------------------------------- parsing HTML


class Page(html.parser.HTMLParser):
    """Ids, links and headings of one HTML file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.article_ids = set()  # ids inside an <article> (a runbook's text)
        self._in_article = 0
        self.links = []  # (tag, attr, url, line)
        self.h1 = []  # text of each <h1>
        self.title = None
        self._in_h1 = 0
        self._h1_text = []
        self._skip = []  # open elements inside an <h1> whose text is not the heading's
        self._in_title = False
        self._title_text = []

    def handle_starttag(self, tag, attrs):
        a = {}
        for k, v in attrs:
            a.setdefault(k, v if v is not None else "")
        if "id" in a and a["id"] != "":
            self.ids.add(a["id"])
            if self._in_article:
                self.article_ids.add(a["id"])
        if tag == "article":
            self._in_article += 1
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        line = self.getpos()[0]
        for attr in LINK_ATTRS.get(tag, ()):
            if attr not in a:
                continue
            if attr == "srcset":
                for cand in a[attr].split(","):
                    cand = cand.strip()
                    if cand:
                        self.links.append((tag, attr, cand.split()[0], line))
            else:
                self.links.append((tag, attr, a[attr].strip(), line))
        if self._in_h1 and (
            (tag == "a" and a.get("href", "").startswith("#")) or a.get("aria-hidden") == "true"
        ):
            self._skip.append(tag)
        if tag == "h1":
            self._in_h1 += 1
            if self._in_h1 == 1:
                self._h1_text = []
                self._skip = []
        if tag == "title" and self.title is None:
            self._in_title = True
            self._title_text = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("h1", "title"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "article" and self._in_article:
            self._in_article -= 1
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()
        if tag == "h1" and self._in_h1:
            self._in_h1 -= 1
            if self._in_h1 == 0:
                self.h1.append(collapse("".join(self._h1_text)))
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = collapse("".join(self._title_text))

    def handle_data(self, data):
        if self._in_h1 and not self._skip:
            self._h1_text.append(data)
        if self._in_title:
            self._title_text.append(data)


def collapse(text):
    return " ".join(text.split())


# --------------------------------------------------------- Markdown titles

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT1 = re.compile(r"^ {0,3}=+[ \t]*$")
SETEXT2 = re.compile(r"^ {0,3}-+[ \t]*$")


def inline_text(md, alt=False):
    """The text of a line of inline Markdown, as a reader sees it: an image's alt text only
    when there is nothing else (a badge beside the words is no text of the heading)."""
    if not alt:
        without = inline_text(re.sub(r"!\[[^\]]*\](\([^)]*\)|\[[^\]]*\])", "", md), alt=True)
        if re.search(r"[^\W_]", without):
            return without
    t = md
    t = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", t)  # images: their alt text
    t = re.sub(r"!\[([^\]]*)\]\[[^\]]*\]", r"\1", t)
    t = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t)  # links: their text
    t = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", t)
    t = re.sub(r"<[A-Za-z/!][^>]*>", "", t)  # inline HTML
    t = re.sub(r"`+([^`]*)`+", r"\1", t)  # code spans
    t = re.sub(r"(\*\*|\*|~~)(?=\S)(.+?)(?<=\S)\1", r"\2", t)  # emphasis
    t = re.sub(r"(?<![^\W_])(__|_)(?=\S)(.+?)(?<=\S)\1(?![^\W_])", r"\2", t)  # not inside words
    t = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", t)  # backslash escapes
    return collapse(html.unescape(t))


SHORTCODE = re.compile(r":[a-z0-9_+-]+:")


def shows(want, text, whole=True):
    """Whether `text` (all of it, or its start) reads as the title `want`, where each emoji
    shortcode of `want` (`:wave:`, as GitHub and GitLab show it) may be shown as an emoji:
    a run of characters outside ASCII."""
    parts = SHORTCODE.split(want)
    codes = SHORTCODE.findall(want)
    pattern = re.escape(parts[0])
    for code, part in zip(codes, parts[1:]):
        pattern += f"(?:{re.escape(code)}|[^\\x00-\\x7f\\s]+)" + re.escape(part)
    return (re.fullmatch if whole else re.match)(pattern, text) is not None


def front_matter_title(text):
    """The `title:` of a Markdown file's YAML front matter (a plain one-line value), or None."""
    return expected_title(text, front_only=True)


def expected_title(text, front_only=False):
    """(title, how) of a Markdown file: see the module's docstring."""
    lines = text.splitlines()
    i = 0
    front_title = None
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                for fm in lines[1:j]:
                    m = re.match(r"^title:[ \t]*(.+?)[ \t]*$", fm)
                    if m:
                        v = m.group(1)
                        if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
                            v = v[1:-1]
                        front_title = collapse(v)
                i = j + 1
                break
    if front_only:
        return front_title
    fence = None
    in_comment = False
    prev = None  # the previous line, when it could be a setext heading's text
    for line in lines[i:]:
        if in_comment:
            if "-->" in line:
                in_comment = False
            prev = None
            continue
        if fence:
            m = FENCE.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip()[len(m.group(1)):].strip():
                fence = None
            continue
        m = FENCE.match(line)
        if m:
            fence = m.group(1)
            prev = None
            continue
        if re.match(r"^ {0,3}<!--", line) and "-->" not in line.split("<!--", 1)[1]:
            in_comment = True
            prev = None
            continue
        m = ATX.match(line)
        if m:
            level = len(m.group(1))
            if level == 1:
                return inline_text(m.group(2) or ""), "heading"
            # Any other heading first: the page's title is no later `#` heading (README,
            # "Titles"; Artsy's playbooks/README.md opens with `### How to ...`).
            break
            prev = None
            continue
        if prev is not None and SETEXT1.match(line):
            return inline_text(prev), "heading"
        if prev is not None and SETEXT2.match(line) and line.strip():
            break
        if line.strip() and not line.startswith("    ") and not re.match(r"^ {0,3}([-*+>]|\d+[.)])[ \t]", line) and not re.match(r"^ {0,3}([-*_][ \t]*){3,}$", line) and not line.lstrip().startswith("|"):
            prev = line if prev is None else prev + " " + line.strip()
        else:
            prev = None
    if front_title:
        return front_title, "front matter"
    return None, None


# ------------------------------------------------------------ the source tree


def source_pages(root, runbooks, prefix):
    """{output page path: source path relative to root} for every Markdown file."""
    base = os.path.normpath(os.path.join(root, runbooks))
    at_root = os.path.samefile(base, root)
    pages = {}
    aliases = {}  # where a generator that does not know folder pages writes them
    folder_conflicts = []
    for folder, dirs, files in os.walk(base):
        rel = os.path.relpath(folder, base).replace(os.sep, "/")
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not (at_root and rel == "." and d in ("content", "themes", "public"))
        )
        mds = sorted(f for f in files if f.endswith(".md") and not f.startswith("."))
        folder_page = None
        for name in FOLDER_PAGES:
            hits = [f for f in mds if f.lower() == name] if name == "readme.md" else [f for f in mds if f == name]
            if hits:
                if folder_page is None:
                    folder_page = hits[0]
                else:
                    folder_conflicts.append(posixpath.join(rel, hits[0]))
        for f in mds:
            src = posixpath.normpath(posixpath.join(os.path.relpath(folder, root).replace(os.sep, "/"), f))
            own = posixpath.normpath(posixpath.join(prefix, rel, f[:-3])) + "/index.html"
            own = own[2:] if own.startswith("./") else own
            if f == folder_page:
                out = posixpath.normpath(posixpath.join(prefix, rel)) + "/index.html"
                out = out[2:] if out.startswith("./") else out
                aliases[own] = src
            else:
                out = own
            pages[out] = src
    return pages, aliases, folder_conflicts


def link_key(path, frag, same_page):
    """What a link and the link it was written from have in common, however it was rewritten:
    the last segment of its resolved, percent-decoded path (a README, index or _index file
    standing for its folder; `index.html`, a trailing `/`, `.md` and `.html` left out, since
    the generator reads a Jekyll or Hugo link to `x.html` as one to the page of `x.md`;
    empty for a link to the page itself) and its fragment, in lower case."""
    frag = urllib.parse.unquote(frag).lower()
    if same_page:
        return ("", frag)
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    segs = [s for s in path.split("/") if s not in ("", ".")]
    while segs and segs[-1].lower() in ("readme.md", "readme", "index.md", "_index.md", "_index", "index.html.md"):
        segs.pop()
    last = segs[-1] if segs else ""
    if last.lower().endswith(".md"):
        last = last[:-3]
    elif last.lower().endswith(".html"):
        last = last[:-5]
    return (last, frag)


def read_known_broken(path):
    entries = defaultdict(list)
    if not path:
        return entries
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 3 or not parts[2].strip():
                raise SystemExit(f"{path}:{n}: expected SOURCE<TAB>LINK<TAB>WHY (why the source is broken)")
            entries[parts[0]].append(parts[1])
    return entries


# ----------------------------------------------------------------- checking


def page_url_path(rel):
    """The address path of output file `rel` (relative, no leading slash)."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return "/".join(urllib.parse.quote(s) for s in rel.split("/"))


def check(public, base_url, source=None, runbooks=".", prefix="runbooks/", known_broken=None):
    base = urllib.parse.urlsplit(base_url)
    if base.scheme not in ("http", "https") or not base.netloc:
        raise SystemExit(f"--base-url must be an absolute http(s) URL: {base_url}")
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    parsed = {}
    for folder, dirs, files in os.walk(public):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".html"):
                full = os.path.join(folder, f)
                rel = os.path.relpath(full, public).replace(os.sep, "/")
                p = Page()
                with open(full, encoding="utf-8", errors="replace") as fh:
                    p.feed(fh.read())
                p.close()
                parsed[rel] = p

    def target_of(page_rel, url):
        """(kind: 'external'|'other-scheme'|'site', file rel or None, fragment, why it is
        broken or None, the URL's path percent-decoded)."""
        page_url = urllib.parse.urlunsplit((base.scheme, base.netloc, base_path + page_url_path(page_rel), "", ""))
        absolute = urllib.parse.urljoin(page_url, url)
        parts = urllib.parse.urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return "other-scheme", None, None, None, None
        if parts.netloc.lower() != base.netloc.lower() or parts.scheme != base.scheme:
            return "external", None, None, None, None
        frag = parts.fragment.split(":~:", 1)[0]  # a text fragment: the element before `:~:`
        decoded_path = urllib.parse.unquote(parts.path)
        if not parts.path.startswith(base_path) and parts.path + "/" != base_path:
            return "site", None, frag, f"outside the site's base path {base_path}", decoded_path
        rest = parts.path[len(base_path):]
        decoded = urllib.parse.unquote(rest)
        segs = decoded.split("/")
        if any(s in ("..",) for s in segs):
            return "site", None, frag, "climbs out of the site", decoded_path
        file_rel = decoded
        full = os.path.join(public, *[s for s in segs if s])
        if decoded == "" or decoded.endswith("/") or os.path.isdir(full):
            file_rel = (decoded.rstrip("/") + "/index.html").lstrip("/")
            full = os.path.join(public, *[s for s in file_rel.split("/") if s])
        if not os.path.isfile(full):
            return "site", None, frag, f"no file `{file_rel}`", decoded_path
        return "site", file_rel, frag, None, decoded_path

    pages, aliases, folder_conflicts = ({}, {}, [])
    if source:
        pages, aliases, folder_conflicts = source_pages(source, runbooks, prefix)
    source_of = dict(aliases)
    source_of.update(pages)
    # A site of runbooks alone shows the runbook folder's own page (its README) on the home
    # page as well: that page's links broken in the source are the source's on both.
    top = source_of.get(prefix + "index.html")
    if top is not None and "index.html" not in source_of:
        source_of["index.html"] = top
    known = read_known_broken(known_broken)
    known_keys = {}
    top_name = posixpath.basename(posixpath.normpath(runbooks)).lower() if runbooks not in ("", ".") else ""
    for src, links in known.items():
        keys = set()
        own_name = link_key(base_path + prefix + posixpath.relpath(src, posixpath.normpath(runbooks)), "", False)[0]
        for link in links:
            # The repository's own web view of a file (`…/-/blob/master/docs/a.md#x`),
            # which the generator may write as the page's own address: the path it shows.
            own = re.match(r"^https?://[^?#]*?/(?:-/)?(?:blob|tree)/[^/?#]+/(.*)$", link)
            if own:
                link = "/" + own.group(1)
            lpath, _, frag = link.partition("#")
            frag = frag.split(":~:", 1)[0]
            lpath = urllib.parse.unquote(lpath.split("?", 1)[0])
            start = "" if lpath.startswith("/") else posixpath.dirname(src)
            resolved = posixpath.normpath(posixpath.join(start, lpath.lstrip("/"))) if lpath else src
            # where it would be on the site, so that a README at the top is named as its folder
            on_site = base_path + prefix + posixpath.relpath(resolved, posixpath.normpath(runbooks))
            key = link_key(on_site, frag, resolved == src)
            keys.add(key)
            # A link that names the page's own page another way (a Hugo site's address of
            # it, `/handbook/…/change-management/#x` in its `_index.md`) may be written as a
            # link to the page itself.
            if key[0] and key[0] == own_name:
                keys.add(("", key[1]))
            # Likewise the runbook folder by its name (`/handbook/…/infrastructure-platforms/`),
            # which is the site's `runbooks/`.
            if key[0] and key[0] == top_name:
                keys.add((prefix.strip("/").rsplit("/", 1)[-1], key[1]))
        known_keys[src] = keys

    counts = Counter()
    broken = []  # dicts
    for rel, p in parsed.items():
        counts["pages"] += 1
        for tag, attr, url, line in p.links:
            if url == "":
                continue
            kind, file_rel, frag, why, abs_path = target_of(rel, url)
            counts[kind] += 1
            if kind != "site":
                continue
            counts["checked"] += 1
            if why is None and frag and file_rel.endswith(".html"):
                t = parsed.get(file_rel)
                ids = t.ids if t else set()
                lower = urllib.parse.unquote(frag).lower()
                found = frag in ids or urllib.parse.unquote(frag) in ids
                if not found and lower not in (t.article_ids if t else ()) and frag.lower() != "top":
                    why = f"no id `{urllib.parse.unquote(frag)}` in `{file_rel}`"
            if why is None:
                continue
            src = source_of.get(rel)
            same = url.startswith("#") or file_rel == rel
            # A link broken in the source may also be left exactly as it was written (the
            # generator warns and keeps it): it is still the source's own breakage.
            accepted = src is not None and (
                link_key(abs_path, frag, same) in known_keys.get(src, ())
                or url in known.get(src, ())
            )
            broken.append({"page": rel, "line": line, "tag": tag, "attr": attr, "url": url,
                           "why": why, "source": src, "in_source": accepted})

    titles = []
    multi_h1 = [{"page": rel, "h1": p.h1} for rel, p in parsed.items() if len(p.h1) > 1]
    missing_pages = []
    untitled = 0
    for out, src in sorted(pages.items()):
        p = parsed.get(out)
        if p is None:
            missing_pages.append({"source": src, "expected": out})
            continue
        with open(os.path.join(source, src), encoding="utf-8", errors="replace") as f:
            text = f.read()
        want, how = expected_title(text)
        if want is None:
            untitled += 1
            continue
        h1 = p.h1[0] if p.h1 else None
        title_ok = p.title is not None and shows(want, p.title, whole=False)
        if h1 is None or not shows(want, h1) or not title_ok:
            fm = front_matter_title(text)
            titles.append({"page": out, "source": src, "expected": want, "from": how, "h1": h1,
                           "title": p.title, "front_matter_title_shown": fm is not None and h1 == fm})

    return {
        "counts": counts,
        "broken": broken,
        "titles": titles,
        "multi_h1": multi_h1,
        "missing_pages": missing_pages,
        "untitled_sources": untitled,
        "sources": len(pages),
        "folder_conflicts": folder_conflicts,
        "known_broken": sum(len(v) for v in known.values()),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("public")
    ap.add_argument("--base-url", default="http://localhost/")
    ap.add_argument("--source")
    ap.add_argument("--runbooks", default=".")
    ap.add_argument("--pages", default="runbooks/")
    ap.add_argument("--known-broken")
    ap.add_argument("--report", action="store_true", help="print the figures, exit 0 whatever they are")
    ap.add_argument("--show", type=int, default=20)
    ap.add_argument("--json")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.public):
        ap.error(f"no folder {a.public}")
    r = check(a.public, a.base_url, a.source, a.runbooks, a.pages, a.known_broken)
    c = r["counts"]
    unexpected = [b for b in r["broken"] if not b["in_source"]]
    expected = [b for b in r["broken"] if b["in_source"]]
    print(f"pages: {c['pages']} HTML files; links: {c['checked']} same-site checked, "
          f"{c['external']} external, {c['other-scheme']} other schemes (mailto:, tel:, ...)")
    print(f"broken links: {len(r['broken'])}, of which broken in the source too: {len(expected)}, "
          f"not broken in the source: {len(unexpected)}")
    if a.source:
        print(f"Markdown files: {r['sources']}; without a page: {len(r['missing_pages'])}; "
              f"page's <h1>/<title> is not the file's heading: {len(r['titles'])}; "
              f"without a heading or front matter title (not checked): {r['untitled_sources']}")
    print(f"pages with more than one <h1>: {len(r['multi_h1'])}")
    if r["folder_conflicts"]:
        print(f"folders with more than one of README.md, index.md, _index.md: {len(r['folder_conflicts'])}")

    def show(title, items, fmt):
        if not items:
            return
        print(f"\n{title} ({len(items)}):")
        for it in items[: a.show]:
            print("  " + fmt(it))
        if len(items) > a.show:
            print(f"  ... and {len(items) - a.show} more")

    show("broken links not broken in the source", unexpected,
         lambda b: f"{b['page']}:{b['line']}: <{b['tag']} {b['attr']}=\"{b['url']}\">: {b['why']}"
         + (f" [source {b['source']}]" if b["source"] else ""))
    show("Markdown files without a page", r["missing_pages"], lambda m: f"{m['source']}: expected {m['expected']}")
    fm = sum(1 for t in r["titles"] if t["front_matter_title_shown"])
    show(f"titles that are not the heading ({fm} of them the front matter's title, which"
         " must-hold 7 puts after the heading)", r["titles"],
         lambda t: f"{t['page']}: expected {t['expected']!r} ({t['from']}), <h1> {t['h1']!r}, <title> {t['title']!r}")
    show("more than one <h1>", r["multi_h1"], lambda m: f"{m['page']}: {m['h1']}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({k: v for k, v in r.items()}, f, indent=1, default=list)
    if a.report:
        return 0
    return 1 if unexpected or r["missing_pages"] else 0


if __name__ == "__main__":
    sys.exit(main())
