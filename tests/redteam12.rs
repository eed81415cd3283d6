//! A twelfth adversarial review (session 17): data written to forge lines of the calendar
//! feeds, iCalendar's own characters in names, an alias listed twice by one file.

mod common;

use std::fs;
use std::path::Path;

use common::{build_ok, edit, example_site, feed_files, pipebook, read, stderr};

fn check(root: &Path) -> std::process::Output {
    pipebook(&["check", "--root", root.to_str().unwrap()])
}

/// The line of `file` (under the site) that holds `needle`, from 1.
fn line_of(root: &Path, file: &str, needle: &str) -> usize {
    let text = read(&root.join(file));
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {file}"));
    text[..at].matches('\n').count() + 1
}

/// A holiday's name, an engineer's name, an override's reason and the site's title with a
/// line break: each was written into the feeds' event descriptions, whose lines are
/// pipebook's own, so `\nSecondary on call: Mallory` read as the schedule's word. Each is
/// an error at its line; a value that only ends with one (YAML's `>`) is not.
#[test]
fn a_line_break_in_a_name_or_reason_is_refused_at_its_line() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/oncall.yaml",
        "name: \"Labor Day\"",
        "name: \"Labor Day\\nSecondary on call: Mallory (paged first)\"",
    );
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 2",
        "name: \"Data Engineer 2\\u2028Schedule: https://evil.example/\"",
    );
    edit(
        root,
        "content/site.yaml",
        "title: Data Engineering Operations",
        "title: \"Data Engineering Operations\\r\\nX\"",
    );
    let out = check(root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let holiday = line_of(root, "content/oncall.yaml", "Labor Day\\n");
    let name = line_of(root, "content/team.yaml", "Data Engineer 2\\u2028");
    for (at, says) in [
        (
            format!("content/oncall.yaml:{holiday}:"),
            "breaks its line (\\u{a})",
        ),
        (
            format!("content/team.yaml:{name}:"),
            "breaks its line (\\u{2028})",
        ),
    ] {
        assert!(
            err.lines().any(|l| l.contains(&at))
                && err.contains(says)
                && err.contains("write it on one line"),
            "{at} {says}: {err}"
        );
    }
    // The title's return is a control character, refused as such before.
    assert!(err.contains("content/site.yaml:"), "{err}");

    // Folded (`>`): the value ends with a line break, which is no line of its own.
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/oncall.yaml",
        "- { date: 2026-09-07, name: \"Labor Day\" }",
        "- date: 2026-09-07\n    name: >\n      Labor Day",
    );
    build_ok(root);
}

/// iCalendar's own characters in names (`;`, `,`, `\`, `:` and a property written out)
/// are escaped: a real parser reads the same events and properties as for the plain
/// names, with the names whole.
#[test]
fn icalendar_syntax_in_names_stays_text() {
    let plain = example_site();
    build_ok(plain.path());
    let site = example_site();
    let root = site.path();
    let evil = r"Eve; ROLE=CHAIR:x, y\ z END:VEVENT BEGIN:VEVENT";
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 1",
        &format!("name: '{evil}'"),
    );
    edit(
        root,
        "content/oncall.yaml",
        "name: \"Labor Day\"",
        "name: 'Labor Day, \\; ATTENDEE:mailto:x@evil.example'",
    );
    build_ok(root);
    let shape = |public: &Path| -> Vec<(usize, Vec<String>)> {
        feed_files(public)
            .iter()
            .map(|f| {
                let text = read(f);
                let mut parser = ical::IcalParser::new(text.as_bytes());
                let cal = parser.next().expect("a calendar").expect("it parses");
                assert!(parser.next().is_none(), "one calendar in {}", f.display());
                let mut props: Vec<String> = cal
                    .events
                    .iter()
                    .flat_map(|e| e.properties.iter().map(|p| p.name.clone()))
                    .collect();
                props.extend(cal.properties.iter().map(|p| p.name.clone()));
                props.sort();
                props.dedup();
                (cal.events.len(), props)
            })
            .collect()
    };
    assert_eq!(
        shape(&root.join("public")),
        shape(&plain.path().join("public"))
    );
    let feed = read(&root.join("public/oncall/de1.ics"));
    assert!(
        feed.contains(r"Eve\; ROLE=CHAIR:x\, y\\ z END:VEVENT BEGIN:VEVENT"),
        "escaped as TEXT"
    );
    assert!(!feed.contains("\r\nATTENDEE"), "no property of its own");
}

/// `aliases: [x, x]` (or one YAML anchor used twice) named the one file twice as
/// claiming the address ("by a.md:4 and by a.md"): it is a warning at the second, naming
/// the first's line, and the page is built with its alias once.
#[test]
fn an_alias_listed_twice_in_one_file_says_so() {
    let site = example_site();
    let root = site.path();
    fs::write(
        root.join("content/runbooks/profit/moved.md"),
        "---\naliases:\n  - /runbooks/profit/old-name/\n  - /runbooks/profit/old-name/\n  - /runbooks/profit/Other/\n  - /runbooks/profit/other/\n---\n# Moved\n\nText.\n",
    )
    .unwrap();
    let out = check(root);
    let err = stderr(&out);
    assert!(
        err.contains("alias /runbooks/profit/old-name/ is listed twice in this file's `aliases` (also item 1, line 3)"),
        "{err}"
    );
    assert!(err.contains("content/runbooks/profit/moved.md:4:"), "{err}");
    // Two spellings of one address in one file: still an error, naming the line.
    assert!(
        err.contains("differ only in case (one file on macOS and Windows), and are claimed twice by this file (also at line 5)"),
        "{err}"
    );
    assert!(
        !err.contains("and by content/runbooks/profit/moved.md"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(1), "{err}");
    fs::write(
        root.join("content/runbooks/profit/moved.md"),
        "---\naliases: [&a /runbooks/profit/old-name/, *a]\n---\n# Moved\n\nText.\n",
    )
    .unwrap();
    let out = build_ok(root);
    assert!(stderr(&out).contains("is listed twice"), "{}", stderr(&out));
    assert!(root
        .join("public/runbooks/profit/old-name/index.html")
        .is_file());
}

/// An alias is a forced redirect on Netlify (`/.well-known/change-password/ … 301!`): at
/// a hidden path it took over addresses of the host and the web (`/.well-known/`,
/// `/.netlify/`), where no page was ever published. Refused at its line.
#[test]
fn an_alias_may_not_take_a_hidden_path() {
    let site = example_site();
    let root = site.path();
    fs::write(
        root.join("content/runbooks/profit/moved.md"),
        "---\naliases:\n  - /.well-known/change-password\n  - /.netlify/functions/x/\n---\n# Moved\n\nText.\n",
    )
    .unwrap();
    let out = check(root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (line, segment) in [(3, ".well-known"), (4, ".netlify")] {
        assert!(
            err.contains(&format!("content/runbooks/profit/moved.md:{line}:"))
                && err.contains(&format!("has a segment starting with `.` (`{segment}`)")),
            "{segment}: {err}"
        );
    }
}
