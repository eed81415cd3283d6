"""Tests of check_output.py and source_links.py on small hand-made trees, so that they are
known to catch what they look for. Run: python3 -m unittest tests/corpora/test_check_output.py
(tests/corpora/run.sh runs them first). source_links.py needs markdown-it-py."""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_output  # noqa: E402
import source_links  # noqa: E402

BASE = "https://example.org/docs/"


def write(root, rel, text):
    path = os.path.join(root, *rel.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def page(title, body, h1=None):
    h1 = title if h1 is None else h1
    return (
        f"<!doctype html><html><head><title>{title} · Site</title>"
        f'<link rel="stylesheet" href="/docs/static/style.css"></head>'
        f"<body><h1>{h1}</h1>{body}</body></html>"
    )


class OutputChecks(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.public = os.path.join(self.tmp.name, "public")
        self.source = os.path.join(self.tmp.name, "src")
        os.makedirs(self.public)
        os.makedirs(self.source)
        write(self.public, "static/style.css", "")
        write(self.public, "index.html", page("Home", '<a href="runbooks/">runbooks</a>'))

    def tearDown(self):
        self.tmp.cleanup()

    def run_check(self, known=None, **kw):
        return check_output.check(self.public, BASE, kw.get("source"), ".", "runbooks/", known)

    def broken_urls(self, r, in_source=None):
        return sorted(
            b["url"] for b in r["broken"] if in_source is None or b["in_source"] == in_source
        )

    def test_a_good_link_and_a_broken_one(self):
        write(self.public, "runbooks/index.html", page("Runbooks",
              '<a href="disk/">good</a> <a href="nope/">broken</a> <a href="../runbooks/disk/index.html">good</a>'))
        write(self.public, "runbooks/disk/index.html", page("Disk", '<a href="../">up</a>'))
        r = self.run_check()
        self.assertEqual(self.broken_urls(r), ["nope/"])
        self.assertIn("no file `runbooks/nope/index.html`", r["broken"][0]["why"])
        self.assertEqual(r["counts"]["pages"], 3)

    def test_anchors_good_and_bad(self):
        write(self.public, "runbooks/index.html", page("Runbooks",
              '<h2 id="steps">Steps</h2><a name="legacy"></a>'
              '<a href="#steps">1</a> <a href="#legacy">2</a> <a href="#missing">3</a>'
              '<a href="disk/#check">4</a> <a href="disk/#Check">5</a> <a href="#">6</a> <a href="#top">7</a>'
              '<a href="disk/#check:~:text=x">8</a> <a href="#:~:text=x">9</a> <a href="#gone:~:text=x">10</a>'))
        write(self.public, "runbooks/disk/index.html", page("Disk", '<p id="check">x</p>'))
        r = self.run_check()
        # ids are compared exactly, as browsers do
        self.assertEqual(self.broken_urls(r), ["#gone:~:text=x", "#missing", "disk/#Check"])

    def test_an_anchor_of_the_runbook_is_found_in_lower_case_as_site_js_finds_it(self):
        write(self.public, "runbooks/index.html", page("Runbooks",
              '<a href="disk/#Check">1</a> <a href="disk/#R%C3%89SUM%C3%89">2</a> <a href="disk/#Mixed">3</a>'
              ' <a href="disk/#Nav">4</a> <a href="disk/#Gone">5</a>'))
        write(self.public, "runbooks/disk/index.html", page("Disk",
              '<nav id="nav"></nav><article class="runbook"><h2 id="check">x</h2>'
              '<h2 id="résumé">y</h2><h2 id="MiXed">z</h2></article>'))
        r = self.run_check()
        # Only an id of the article, and only in lower case.
        self.assertEqual(self.broken_urls(r), ["disk/#Gone", "disk/#Mixed", "disk/#Nav"])

    def test_percent_encoded_names_are_decoded(self):
        write(self.public, "runbooks/a b+c/index.html", page("ABC", ""))
        write(self.public, "runbooks/é/index.html", page("E", '<h2 id="déjà vu">x</h2>'))
        write(self.public, "runbooks/a%2Bb/index.html", page("Literally encoded", ""))
        write(self.public, "runbooks/index.html", page("Runbooks",
              '<a href="a%20b%2Bc/">1</a> <a href="a%20b+c/">2</a> <a href="%C3%A9/#d%C3%A9j%C3%A0%20vu">3</a>'
              '<a href="a+b/">4</a> <a href="a%2Bb/">5</a> <a href="a%252Bb/">6</a>'))
        r = self.run_check()
        # `a%2Bb/` means the folder `a+b`, which does not exist; `a%252Bb/` is the folder `a%2Bb`.
        self.assertEqual(self.broken_urls(r), ["a%2Bb/", "a+b/"])

    def test_src_srcset_and_base_path(self):
        write(self.public, "runbooks/img/x.png", "png")
        write(self.public, "runbooks/index.html", page("Runbooks",
              '<img src="img/x.png" srcset="img/x.png 1x, img/y.png 2x">'
              '<img src="/docs/runbooks/img/x.png"> <img src="/runbooks/img/x.png">'
              '<a href="https://example.org/docs/runbooks/img/x.png">abs</a>'
              '<a href="https://elsewhere.example/x">ext</a> <a href="mailto:a@b.c">mail</a>'
              '<a href="../../outside/">out</a>'))
        r = self.run_check()
        self.assertEqual(self.broken_urls(r), ["../../outside/", "/runbooks/img/x.png", "img/y.png"])
        reasons = {b["url"]: b["why"] for b in r["broken"]}
        self.assertIn("outside the site's base path /docs/", reasons["/runbooks/img/x.png"])
        self.assertEqual(r["counts"]["external"], 1)
        self.assertEqual(r["counts"]["other-scheme"], 1)

    def test_titles_multiple_h1_missing_pages_and_known_broken(self):
        write(self.source, "README.md", "[[_TOC_]]\n\n<!-- c -->\n# Team runbooks\n\n## Part\n")
        write(self.source, "disk.md", "---\ntitle: ignored\n---\n![badge](b.svg)\n\nDisk *full*\n===\n\n[gone](gone.md) [typo](#nowhere) [ok](README.md)\n")
        write(self.source, "net.md", "## Only level two\n\n# Late title\n")
        write(self.source, "fm.md", "---\ntitle: \"From front matter\"\n---\nText.\n")
        write(self.source, "code.md", "```\n# not a heading\n```\n# Real\n")
        write(self.source, "lost.md", "# Lost\n")
        write(self.source, "content/site.yaml", "")  # not a runbook
        write(self.public, "runbooks/index.html", page("README", "", h1="README"))
        write(self.public, "runbooks/disk/index.html", page("Disk full",
              '<span id="disk-full"></span><a href="../gone/">gone</a> <a href="#nowhere">typo</a> <a href="#other">other</a> <a href="../">ok</a>',
              h1='Disk full<a class="anchor" href="#disk-full">#</a>'))
        write(self.public, "runbooks/net/index.html", page("net", "<h1>Late title</h1>", h1="net"))
        write(self.public, "runbooks/fm/index.html", page("From front matter", ""))
        write(self.public, "runbooks/code/index.html", page("Real", ""))
        known = os.path.join(self.tmp.name, "known-broken.txt")
        write(self.tmp.name, "known-broken.txt",
              "# comment\ndisk.md\tgone.md\tno such file\ndisk.md\t#nowhere\tno such heading\n")
        r = check_output.check(self.public, BASE, self.source, ".", "runbooks/", known)
        self.assertEqual(self.broken_urls(r, in_source=True), ["#nowhere", "../gone/"])
        self.assertEqual(self.broken_urls(r, in_source=False), ["#other"])
        self.assertEqual([m["source"] for m in r["missing_pages"]], ["lost.md"])
        wrong = {t["source"]: t["expected"] for t in r["titles"]}
        # the README's heading after a TOC marker and a comment; disk.md's setext heading with
        # its emphasis; net.md has no level-1 heading before a level-2 one, so no title expected
        self.assertEqual(wrong, {"README.md": "Team runbooks"})
        self.assertEqual(r["untitled_sources"], 1)
        self.assertEqual([m["page"] for m in r["multi_h1"]], ["runbooks/net/index.html"])

    def test_an_emoji_shortcode_in_a_title_may_show_as_the_emoji(self):
        # nais-doc's `# :wave: Hello Nais`: GitHub shows 👋, and so does pipebook; the check
        # reported both pages as titled wrongly. A word in its place is still wrong.
        write(self.source, "hello.md", "# :wave: Hello :+1:\n")
        write(self.source, "wrong.md", "# :wave: Hello\n")
        write(self.source, "kept.md", "# :wave: Kept\n")
        write(self.public, "runbooks/hello/index.html", page("\U0001F44B Hello \U0001F44D", ""))
        write(self.public, "runbooks/wrong/index.html", page("wave Hello", ""))
        write(self.public, "runbooks/kept/index.html", page(":wave: Kept", ""))
        r = check_output.check(self.public, BASE, self.source, ".", "runbooks/", None)
        self.assertEqual([t["source"] for t in r["titles"]], ["wrong.md"])

    def test_a_title_after_a_deeper_heading_or_beside_a_badge(self):
        # Artsy's playbooks/README.md opens `### How to ...` over `# Goals ...`: no title
        # heading (README, "Titles"), so its page's folder name is not flagged; its README's
        # `# Artsy Engineering [![CircleCI](...)](...)` is titled without the badge's alt.
        write(self.source, "README.md", "# Artsy Engineering [![CircleCI](b.svg)](https://ci.example/)\n")
        write(self.source, "playbooks/README.md", "### How to do tasks\n\n# Goals of these documents\n")
        write(self.source, "logo.md", "# [![Payments](l.svg)](https://pay.example/)\n")
        write(self.public, "runbooks/index.html", page("Artsy Engineering", ""))
        write(self.public, "runbooks/playbooks/index.html", page("Playbooks", ""))
        write(self.public, "runbooks/logo/index.html", page("Payments", ""))
        r = check_output.check(self.public, BASE, self.source, ".", "runbooks/", None)
        self.assertEqual(r["titles"], [])
        self.assertEqual(r["untitled_sources"], 1)

    def test_the_home_page_carries_the_top_readmes_known_broken_links(self):
        # A collection's home page shows its README's text: the README's own breakage is
        # the source's there too, and a link broken on the home page alone is not.
        write(self.source, "README.md", "# Team runbooks\n\n<a href=\"gone.md\">gone</a>\n")
        write(self.public, "runbooks/index.html", page("Team runbooks", '<a href="gone.md">gone</a>'))
        write(self.public, "index.html", page("Home", '<a href="runbooks/gone.md">gone</a> <a href="nope/">nope</a>'))
        known = os.path.join(self.tmp.name, "known-broken.txt")
        write(self.tmp.name, "known-broken.txt", "README.md\tgone.md\tno such file\n")
        r = check_output.check(self.public, BASE, self.source, ".", "runbooks/", known)
        self.assertEqual(self.broken_urls(r, in_source=True), ["gone.md", "runbooks/gone.md"])
        self.assertEqual(self.broken_urls(r, in_source=False), ["nope/"])

    def test_a_known_broken_html_link_is_its_page_with_the_same_anchor(self):
        # The GitLab handbook links `merge_requests.html#workflow` (broken on GitHub: no such
        # file); the generator reads it as the page of merge_requests.md, whose heading is
        # gone: the same breakage, the source's own.
        write(self.source, "build.md", "[mr](merge_requests.html#workflow) [other](merge_requests.html#other)\n")
        write(self.source, "merge_requests.md", "# MR\n")
        write(self.public, "runbooks/build/index.html", page("Build",
              '<a href="../merge_requests/#workflow">mr</a> <a href="../merge_requests/#other">other</a>'))
        write(self.public, "runbooks/merge_requests/index.html", page("MR", ""))
        write(self.public, "runbooks/index.html", page("Runbooks", ""))
        known = os.path.join(self.tmp.name, "known-broken.txt")
        write(self.tmp.name, "known-broken.txt", "build.md\tmerge_requests.html#workflow\tno such file\n")
        r = check_output.check(self.public, BASE, self.source, ".", "runbooks/", known)
        self.assertEqual(self.broken_urls(r, in_source=True), ["../merge_requests/#workflow"])
        self.assertEqual(self.broken_urls(r, in_source=False), ["../merge_requests/#other"])

    def test_a_known_broken_address_of_the_page_itself_may_become_a_link_to_it(self):
        # GitLab's handbook links `/handbook/…/change-management/#recent-pcls` from
        # change-management/_index.md (broken on GitHub); the generator reads the Hugo
        # site's address as the page itself: the same breakage.
        write(self.source, "cm/_index.md", "[pcl](/handbook/cm/#recent-pcls) [other](/handbook/cm/#other)\n")
        write(self.public, "runbooks/cm/index.html", page("CM",
              '<a href="/docs/runbooks/cm/#recent-pcls">pcl</a> <a href="/docs/runbooks/cm/#other">other</a>'))
        write(self.public, "runbooks/index.html", page("Runbooks", ""))
        known = os.path.join(self.tmp.name, "known-broken.txt")
        write(self.tmp.name, "known-broken.txt", "cm/_index.md\t/handbook/cm/#recent-pcls\tno such folder\n")
        r = check_output.check(self.public, BASE, self.source, ".", "runbooks/", known)
        self.assertEqual(self.broken_urls(r, in_source=True), ["/docs/runbooks/cm/#recent-pcls"])
        self.assertEqual(self.broken_urls(r, in_source=False), ["/docs/runbooks/cm/#other"])
        # The runbook folder by its own name is the site's runbooks/.
        write(self.source, "ops/p.md", "[top](/handbook/ops/#mission)\n")
        write(self.public, "runbooks/p/index.html", page("P", '<a href="/docs/runbooks/#mission">top</a>'))
        write(self.tmp.name, "known-broken.txt", "ops/p.md\t/handbook/ops/#mission\tno such folder\n")
        r = check_output.check(self.public, BASE, self.source, "ops", "runbooks/", known)
        self.assertEqual(self.broken_urls(r, in_source=True), ["/docs/runbooks/#mission"])

    def test_exit_status_and_report_mode(self):
        write(self.public, "runbooks/index.html", page("Runbooks", '<a href="x/">x</a>'))
        with redirect_stdout(io.StringIO()) as out:
            self.assertEqual(check_output.main([self.public, "--base-url", BASE]), 1)
            self.assertEqual(check_output.main([self.public, "--base-url", BASE, "--report"]), 0)
        self.assertIn("not broken in the source: 1", out.getvalue())
        os.remove(os.path.join(self.public, "runbooks/index.html"))
        write(self.public, "runbooks/index.html", page("Runbooks", '<a href="../">x</a>'))
        with redirect_stdout(io.StringIO()):
            self.assertEqual(check_output.main([self.public, "--base-url", BASE]), 0)

    def test_a_known_broken_line_needs_a_reason(self):
        write(self.tmp.name, "kb.txt", "disk.md\tgone.md\n")
        with self.assertRaises(SystemExit):
            check_output.read_known_broken(os.path.join(self.tmp.name, "kb.txt"))


class ExpectedTitles(unittest.TestCase):
    def test_cases(self):
        t = check_output.expected_title
        self.assertEqual(t("# `kubectl` and [links](x.md) &amp; **bold**\n"), ("kubectl and links & bold", "heading"))
        self.assertEqual(t("<!--\n# commented out\n-->\n# Real\n"), ("Real", "heading"))
        self.assertEqual(t("Title\n=====\n"), ("Title", "heading"))
        self.assertEqual(t("## Two\n# One\n"), (None, None))
        self.assertEqual(t("    # indented code\n"), (None, None))
        self.assertEqual(t("# Closing hashes ##\n"), ("Closing hashes", "heading"))
        # `_` inside a word is no emphasis (CommonMark), `*` is
        self.assertEqual(t("# Blue_Green_Deployment and _x_ and a*b*c\n"), ("Blue_Green_Deployment and x and abc", "heading"))


class SourceLinks(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        write(self.root, "README.md", "# Top\n\n[docs](docs/) [bin](bin) [script](bin/x.sh#L3) [abs](/docs/a.md#a---b)\n")
        write(self.root, "bin/x.sh", "echo\n")
        write(self.root, "docs/README.md", "# Docs\n\n## A - B\n\n## A - B\n")
        write(self.root, "docs/a.md",
              "# A\n\n## A - B\n\n<a name=\"Raw\"></a>\n\n"
              "[1](#a---b) [2](#a-b) [3](README.md#a---b-1) [4](#Raw) [5](#A---B) [6](missing.md)"
              " [7](../../up.md) `[8](not-a-link.md)` <img src=\"img/y.png\"> [9](./#a---b)\n")

    def tearDown(self):
        self.tmp.cleanup()

    def broken(self, forge):
        return {(p, u) for p, u, _ in source_links.broken_links(self.root, forge)}

    def test_github(self):
        self.assertEqual(self.broken("github"), {
            ("docs/a.md", "#a-b"), ("docs/a.md", "missing.md"), ("docs/a.md", "../../up.md"),
            ("docs/a.md", "img/y.png"),
        })

    def test_gitlab(self):
        # GitLab squeezes `---` to `-`, and matches fragments exactly (`#A---B` is broken).
        self.assertEqual(self.broken("gitlab"), {
            ("README.md", "/docs/a.md#a---b"), ("docs/a.md", "#a---b"), ("docs/a.md", "README.md#a---b-1"),
            ("docs/a.md", "#A---B"), ("docs/a.md", "missing.md"), ("docs/a.md", "../../up.md"),
            ("docs/a.md", "img/y.png"), ("docs/a.md", "./#a---b"),
        })

    def test_links_in_mkdocs_admonitions_are_read_as_pipebook_shows_them(self):
        write(self.root, "m.md",
              "# M\n\n???+ question \"Why?\"\n\n    See [a](gone.md).\n\n"
              "    !!! note\n        [b](deeper.md)\n\n"
              "!!! unknown\n\n    [c](code.md)\n\n```\n!!! note\n    [d](fenced.md)\n```\n\n"
              "=== \"Tab\"\n\n    [e](tabbed.md)\n")
        broken = {u for p, u in self.broken("github") if p == "m.md"}
        self.assertEqual(broken, {"gone.md", "deeper.md", "tabbed.md"})

    def test_a_text_fragment_is_checked_by_its_element(self):
        write(self.root, "t.md", "# T\n\n[a](docs/README.md#a---b:~:text=x) [b](#t:~:text=T) [c](#:~:text=T) [d](#no:~:text=T)\n")
        broken = {u for p, u in self.broken("github") if p == "t.md"}
        self.assertEqual(broken, {"#no:~:text=T"})

    def test_a_fragment_on_a_folder_without_readme_and_ids_in_another_case(self):
        # Sourcegraph's handbook: folders of `index.md` (no README.md) linked with anchors;
        # `#m5` for `<th id="M5">`, which GitHub's script (looking in lower case) misses.
        write(self.root, "f/index.md", "# F\n\n## Perks\n")
        write(self.root, "g.md", "# G\n\n<th id=\"M5\">M5</th>\n\n[a](f/#perks) [b](f/) [c](#m5) [d](#M5) [e](#G)\n")
        broken = {u for p, u in self.broken("github") if p == "g.md"}
        self.assertEqual(broken, {"f/#perks", "#m5"})

    def test_check_mode(self):
        listed = os.path.join(self.root, "kb.txt")
        with redirect_stdout(io.StringIO()):
            source_links.main([self.root, "--forge", "github", "--write", listed])
        with open(listed, encoding="utf-8") as f:
            lines = f.read()
        self.assertIn("docs/a.md\tmissing.md\t`docs/missing.md` does not exist in the repository (line 7)", lines)
        with redirect_stdout(io.StringIO()):
            self.assertEqual(source_links.main([self.root, "--forge", "github", "--check", listed]), 0)
        with open(listed, "a", encoding="utf-8") as f:
            f.write("docs/a.md\t#a---b\tlisted wrongly: it works\n")
        with redirect_stdout(io.StringIO()), redirect_stdout(io.StringIO()):
            import contextlib
            with contextlib.redirect_stderr(io.StringIO()) as err:
                self.assertEqual(source_links.main([self.root, "--forge", "github", "--check", listed]), 1)
        self.assertIn("is listed but works on the forge", err.getvalue())


if __name__ == "__main__":
    unittest.main()
