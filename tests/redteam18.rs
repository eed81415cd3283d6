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
