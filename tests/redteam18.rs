//! A thirteenth adversarial review (session 18): repositories written for Hugo, GitHub and
//! GitLab, and what earlier reviews left alone (TOML front matter, UTF-16 files,
//! site-absolute links, `https:\\host`, controls in imported calendars). Each test builds
//! a small site in a temporary folder.

mod common;

use std::fs;
use std::path::Path;

use common::{build_ok, pipebook, read, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

fn check(root: &Path) -> std::process::Output {
    pipebook(&["check", "--root", root.to_str().unwrap()])
}

/// Hugo's default front matter (`+++ … +++`, TOML) is not read: the page is built as
/// before, but the author is told so at the file's first line, with what to write.
/// Before, its fields were a paragraph at the top of the page without a word. A `+++`
/// never closed, or not on the first line, is no front matter and says nothing.
#[test]
fn toml_front_matter_is_named_at_its_line() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/disk.md",
            "+++\ntitle = \"Disk full\"\ndate = 2024-01-01\n+++\n\nFree some space.\n",
        ),
        ("content/runbooks/plus.md", "+++\n\nA line of pluses.\n"),
        ("content/runbooks/later.md", "# Later\n\n+++\nx\n+++\n"),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(err.contains("TOML front matter"), "{err}");
    assert!(err.contains("content/runbooks/disk.md:1:1"), "{err}");
    assert!(err.contains("YAML between two `---` lines"), "{err}");
    assert_eq!(err.matches("TOML front matter").count(), 1, "{err}");
    // The page is what it was: its body, fields included, as text.
    let page = read(&site.path().join("public/runbooks/disk/index.html"));
    assert!(page.contains("Free some space."), "{page}");
}

/// A runbook or data file saved as UTF-16 (Notepad's "Unicode", PowerShell's `>`), with
/// or without a byte order mark, is refused with its encoding named and what to do.
/// Before: "not valid UTF-8" with a byte order mark, and without one (ASCII text with a
/// zero byte after each character, which is valid UTF-8) no word about the encoding.
#[test]
fn a_utf16_file_is_named_as_such() {
    let utf16 = |bom: &[u8], text: &str, big: bool| {
        let mut bytes = bom.to_vec();
        for unit in text.encode_utf16() {
            bytes.extend(if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    };
    for (bom, big, says) in [
        (
            &[0xFF, 0xFE][..],
            false,
            "is UTF-16 (little-endian, with a byte order mark)",
        ),
        (
            &[0xFE, 0xFF][..],
            true,
            "is UTF-16 (big-endian, with a byte order mark)",
        ),
        (&[][..], false, "is UTF-16 (little-endian)"),
        (&[][..], true, "is UTF-16 (big-endian)"),
    ] {
        let site = site_of(&[SITE, ("content/runbooks/ok.md", "# Ok\n")]);
        fs::write(
            site.path().join("content/runbooks/notepad.md"),
            utf16(bom, "# Disk full\r\n\r\nFree some space.\r\n", big),
        )
        .unwrap();
        fs::write(
            site.path().join("content/team.yaml"),
            utf16(bom, "engineers: []\r\n", big),
        )
        .unwrap();
        let out = check(site.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{says}: {err}");
        for file in ["content/runbooks/notepad.md", "content/team.yaml"] {
            assert!(
                err.contains(&format!("`{file}` {says}, not UTF-8")),
                "{file} {says}: {err}"
            );
        }
        assert!(err.contains("save the file as UTF-8"), "{err}");
    }
}

/// A link written as an address of the site (`/runbooks/nope/`, `/owners/ghost/`) is
/// checked against its pages, copied files and routes (aliases, alerts, retired
/// addresses), and reported at its line when it leads nowhere, as a relative link is.
/// Before, none was checked. pipebook's own files are not judged, and under a base path
/// (`/docs/`) neither is an address outside it.
#[test]
fn site_absolute_links_are_checked_against_the_site() {
    let ok = "[1](/runbooks/db/disk/) [2](/runbooks/db/) [3](/runbooks/) [4](/) [5](/runbooks/db/chart.png) [6](/runbooks/old-disk/) [7](/legacy/disk/) [8](/alerts/diskfull/) [9](/oncall/) [10](/static/style.css) [11](/search/?q=x) [12](/runbooks/db/disk/#top) [13](/runbooks/db/disk) [14](/runbooks/db/disk/index.html) [15](/sitemap.xml)";
    let bad = "[b1](/runbooks/nope/) [b2](/owners/ghost/) [b3](/engineers/ghost/) [b4](/pipelines/ghost/) [b5](/alerts/Ghost/) [b6](/runbooks/gone/) [b7](/docs/setup.md) ![b8](/runbooks/db/missing.png)";
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nretired_urls: [/runbooks/gone/]\n",
        ),
        (
            "content/runbooks/db/disk.md",
            "---\naliases: [/runbooks/old-disk/, /legacy/disk/]\nalerts: [DiskFull]\n---\n# Disk\n",
        ),
        ("content/runbooks/db/chart.png", "x"),
        (
            "content/runbooks/a.md",
            &format!("# A\n\nok: {ok}\n\nbad: {bad}\n"),
        ),
    ]);
    let out = check(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let reported: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("warning: link `/"))
        .collect();
    assert_eq!(reported.len(), 8, "{err}");
    for (i, written) in [
        "/runbooks/nope/",
        "/owners/ghost/",
        "/engineers/ghost/",
        "/pipelines/ghost/",
        "/alerts/Ghost/",
        "/runbooks/gone/",
        "/docs/setup.md",
        "/runbooks/db/missing.png",
    ]
    .iter()
    .enumerate()
    {
        assert!(
            reported[i].starts_with(&format!("warning: link `{written}` ")),
            "{written}: {err}"
        );
    }
    assert!(reported[5].contains("retired_urls"), "{err}");
    assert!(err.contains("content/runbooks/a.md:5:"), "{err}");
    assert!(!err.contains("content/runbooks/a.md:3:"), "{err}");

    // `broken_links: error` makes them errors; under a base path only its addresses
    // are judged.
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/docs/\nbroken_links: error\n",
        ),
        ("content/runbooks/disk.md", "# Disk\n"),
        (
            "content/runbooks/a.md",
            "# A\n\n[x](/docs/runbooks/disk/) [y](/docs) [z](/other-app/) [w](/docs/runbooks/nope/)\n",
        ),
    ]);
    let out = check(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: link `/docs/runbooks/nope/` leads to no page of this site"),
        "{err}"
    );
    assert_eq!(err.matches("leads to no page").count(), 1, "{err}");
}
