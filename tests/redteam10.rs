//! A tenth adversarial review (session 15): what session 14 left (`README.MD`, a `srcset`
//! of `data:` images, CDATA after a removed script, names Windows reserves), and hostile
//! input or forge syntax tried against main. Each test builds a small site in a temporary
//! folder.

mod common;

use common::{build_ok, pipebook, read, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

/// `README.MD` (an upper-case extension, as Windows tools and old repositories write it) is
/// its folder's page, as on GitHub and GitLab, which render any case of `.md`; links to it
/// reach that page. Before, it was copied as a file, unrendered, and the folder had no page.
/// `.markdown` is still a file, with its warning.
#[test]
fn an_upper_case_md_is_a_runbook_and_its_folders_page() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/README.md",
            "# Home\n\nSee [ops](ops/README.MD#usage) and [db](ops/db.Md).\n",
        ),
        (
            "content/runbooks/ops/README.MD",
            "# Operations\n\n## Usage\n\nRestart it.\n",
        ),
        ("content/runbooks/ops/db.Md", "# Database\n"),
        ("content/runbooks/notes.markdown", "# Notes\n"),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let public = site.path().join("public/runbooks");
    let ops = read(&public.join("ops/index.html"));
    assert!(ops.contains(">Operations</h1>"), "{ops}");
    assert!(ops.contains("id=\"usage\""), "{ops}");
    assert!(read(&public.join("ops/db/index.html")).contains(">Database</h1>"));
    assert!(!public.join("ops/README.MD").exists());
    let home = read(&public.join("index.html"));
    assert!(home.contains("href=\"/runbooks/ops/#usage\""), "{home}");
    assert!(home.contains("href=\"/runbooks/ops/db/\""), "{home}");
    assert!(!err.contains("README.MD"), "{err}");
    assert!(
        err.contains("`content/runbooks/notes.markdown` is Markdown"),
        "{err}"
    );
}

/// A `srcset` address runs to the next white space, as browsers read it: the comma of a
/// `data:` image is its own. Before, `data:image/png;base64,iVBOR…` was reported as a
/// broken link `iVBOR…`, and an SVG written into one as a broken link `<svg` (an error
/// under `broken_links: error`). A missing file in a `srcset` is still reported.
#[test]
fn a_srcset_of_data_images_is_no_broken_link() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# A\n\n<img srcset=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'></svg> 1x\" alt=\"x\">\n\n<img srcset=\"data:image/png;base64,iVBORw0KGgo= 1x, pic.png 2x,gone.png 3x\" src=\"pic.png\">\n",
        ),
        ("content/runbooks/pic.png", "png"),
    ]);
    let err = stderr(&build_ok(site.path()));
    assert!(!err.contains("link `<svg`"), "{err}");
    assert!(!err.contains("link `iVBOR"), "{err}");
    assert!(!err.contains("link `pic.png`"), "{err}");
    assert!(
        err.contains("link `gone.png` points to `content/runbooks/gone.png`, which does not exist"),
        "{err}"
    );
}

/// A CDATA section outside SVG and MathML ends, for browsers and the cleaner, at its first
/// `>`: `<![CDATA[<script>alert(4)</script>]]>` showed "alert(4)]]>" on the page, with no
/// word to its author. Now no part of it shows, and the build says so at its line, in a
/// block, inline, and inside a `<div>`.
#[test]
fn a_cdata_section_shows_nothing_and_is_reported() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# A\n\n<![CDATA[<script>alert(4)</script>]]>\n\ntext <![CDATA[ <b>x</b> > y ]]> after\n\n<div>\n<![CDATA[<script>alert(5)</script>]]>\n</div>\n\nEnd.\n",
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    let page = read(&site.path().join("public/runbooks/a/index.html"));
    let body = &page[page.find("<article").unwrap()..page.find("</article>").unwrap()];
    for leaked in ["alert", "]]", "CDATA", "y "] {
        assert!(!body.contains(leaked), "{leaked}: {body}");
    }
    assert!(body.contains("text") && body.contains("after") && body.contains("End."));
    for line in [3, 5, 8] {
        assert!(
            err.contains(&format!("content/runbooks/a.md:{line}:")) && err.contains("CDATA"),
            "line {line}: {err}"
        );
    }
}

/// Names Windows reserves (`con.md`, `Aux.txt`, a folder `nul`, `COM1.png`, `LPT9.md`,
/// `x:y.md`), in any case and with any extension, build on Linux but cannot be checked out
/// on Windows: each is a warning naming it (`--deny-warnings` fails the pull request),
/// once for a folder, and `console.md` or `com10.md` is not.
#[cfg(unix)]
#[test]
fn names_windows_reserves_are_warned_of() {
    let site = site_of(&[
        SITE,
        ("content/runbooks/con.md", "# Con\n"),
        ("content/runbooks/Aux.txt", "aux\n"),
        ("content/runbooks/nul/a.md", "# A\n"),
        ("content/runbooks/nul/b.md", "# B\n"),
        ("content/runbooks/COM1.png", "png"),
        ("content/runbooks/LPT9.md", "# Printer\n"),
        ("content/runbooks/x:y.md", "# Colon\n"),
        ("content/runbooks/console.md", "# Console\n"),
        ("content/runbooks/com10.md", "# Com10\n"),
    ]);
    let root = site.path().to_str().unwrap();
    let err = stderr(&build_ok(site.path()));
    for name in ["con.md", "Aux.txt", "nul", "COM1.png", "LPT9.md", "x:y.md"] {
        let said = format!("`content/runbooks/{name}`: `{name}` is a ");
        assert_eq!(err.matches(&said).count(), 1, "{name}: {err}");
    }
    assert!(err.contains("`nul` is a folder name"), "{err}");
    assert!(
        !err.contains("console.md") && !err.contains("com10"),
        "{err}"
    );
    let strict = pipebook(&["check", "--root", root, "--deny-warnings"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

/// A link to a runbook's source with its lines marked (`b.md?plain=1#L3-L5`, GitHub's and
/// GitLab's way to point at lines of a Markdown file) opens the file on the forge; before,
/// it went to the page and `#L3-L5` was reported as a missing heading. Session 63: a plain
/// `b.md#L3` opens the source's lines too (tests/ops63.rs); it was reported as a missing
/// heading, though it names lines, never a heading.
#[test]
fn a_link_to_a_runbooks_lines_opens_its_source_on_the_forge() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nrepository: https://github.com/acme/ops\n",
        ),
        (
            "content/runbooks/a.md",
            "# A\n\nSee [lines](b.md?plain=1#L3-L5) and [line](b.md#L3).\n",
        ),
        ("content/runbooks/b.md", "# B\n\n1. one\n2. two\n"),
    ]);
    let err = stderr(&build_ok(site.path()));
    let page = read(&site.path().join("public/runbooks/a/index.html"));
    assert!(
        page.contains(
            "href=\"https://github.com/acme/ops/blob/HEAD/content/runbooks/b.md?plain=1#L3-L5\""
        ),
        "{page}"
    );
    assert!(!err.contains("link `b.md?plain=1"), "{err}");
    assert!(
        page.contains(
            "href=\"https://github.com/acme/ops/blob/HEAD/content/runbooks/b.md?plain=1#L3\""
        ),
        "{page}"
    );
    assert!(!err.contains("`b.md#L3`"), "{err}");
}

/// A runbook's or pipeline's description is its summary in listings and the search's
/// metadata, which every search downloads: one of 1 MB made its folder's page 1 MB. Over
/// 2,048 bytes it is refused at its line, naming the limit; nothing is written.
#[test]
fn a_description_of_a_megabyte_is_refused_at_its_line() {
    let long = "x".repeat(1_000_000);
    let front = format!("---\ntitle: Big\ndescription: \"{long}\"\n---\n# Big\n");
    let site = site_of(&[SITE, ("content/runbooks/big.md", &front)]);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/runbooks/big.md:3:") && err.contains("at most 2048"),
        "{err}"
    );
    assert!(!site.path().join("public").exists());
}

/// An engineer added with another's GitHub handle (CODEOWNERS would name one account for
/// two people), or with an e-mail that reads like another's (`ԁе1@example.com`, Cyrillic
/// `ԁ` and `е`), is warned of at its line, naming the other engineer. A team address that
/// two engineers share, written the same, is not. (One that mixes scripts in a word,
/// `dе1@…`, is an error since session 44: `tests/red44.rs`.)
#[test]
fn an_engineers_borrowed_or_lookalike_contact_is_warned_of() {
    let site = common::example_site();
    let team = site.path().join("content/team.yaml");
    let mut yaml = read(&team);
    yaml.push_str("  - id: de5\n    name: Data Engineer Five\n    contact: { email: \"\u{501}\u{435}1@example.com\", slack: \"@de5\" }\n    github: Example-DE1\n  - id: de6\n    name: Data Engineer Six\n    contact: { email: de6@example.com, phone: \"+1 555 0100\" }\n  - id: de7\n    name: Data Engineer Seven\n    contact: { email: de7@example.com, phone: \"+1 555 0100\" }\n");
    std::fs::write(&team, yaml).unwrap();
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains(
            "the github `Example-DE1` of engineer `de5` reads like that of engineer `de1`"
        ),
        "{err}"
    );
    assert!(
        err.contains("the contact.email `\\u{501}\\u{435}1@example.com` of engineer `de5` reads like that of engineer `de1`"),
        "{err}"
    );
    assert!(!err.contains("contact.phone"), "{err}");
}
