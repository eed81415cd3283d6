//! Session 40's hostile pull request: compact dates and ranges of times in names pass the
//! rule against phone numbers in names, which still refuses "call 0200 400 555"; git's
//! merge conflict markers left in a runbook or a YAML file are an error at their line
//! (both sides of a conflict were published as the text). Each test builds a small site
//! in a temporary folder.

mod common;

use common::{pipebook, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);
const TEAM: (&str, &str) = (
    "content/team.yaml",
    "engineers:\n  - id: de1\n    name: One\n  - id: de2\n    name: Dana Lee\n",
);

/// A pipelines.yaml with one domain and one pipeline per name, and an oncall.yaml with
/// one holiday per name.
fn named(names: &[&str]) -> [(&'static str, String); 2] {
    let mut p = String::from("domains:\n");
    for (i, n) in names.iter().enumerate() {
        p += &format!("  - id: d{i}\n    name: \"{n}\"\n");
    }
    p += "pipelines:\n";
    for (i, n) in names.iter().enumerate() {
        p += &format!("  - id: p{i}\n    name: \"{n}\"\n    domain: d{i}\n    audience: ops\n    primary: de1\n    secondary: de2\n");
    }
    let mut o = String::from("rotation:\n  order: [de1, de2]\n  start: 2024-01-01\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\nholidays:\n");
    for (i, n) in names.iter().enumerate() {
        o += &format!("  - {{ date: 2024-03-{:02}, name: \"{n}\" }}\n", i + 1);
    }
    [("content/pipelines.yaml", p), ("content/oncall.yaml", o)]
}

fn build(files: &[(&str, &str)]) -> (tempfile::TempDir, std::process::Output) {
    let site = site_of(files);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    (site, out)
}

/// Compact ISO dates, ranges of them and ranges of times written as four digits each. On
/// main's binary all six were refused as phone numbers in each of the three places (18
/// errors, exit 1).
#[test]
fn compact_dates_and_time_ranges_in_names_pass() {
    let honest = [
        "Backfill 20240101",
        "Backfill 20240101-20240131",
        "Batch 0200-0400 UTC",
        "Batch 2300–0100",
        "Windows 0200-0400 / 1400-1600",
        "Export 20240229",
    ];
    let [p, o] = named(&honest);
    let (_site, out) = build(&[SITE, TEAM, (p.0, &p.1), (o.0, &o.1)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("phone"), "{err}");
}

/// What reads as a phone number beside them stays refused, in each place: a space
/// between the groups, a third group, a date that is no date of the calendar.
#[test]
fn phone_numbers_written_like_them_stay_refused() {
    let bad = [
        "call 0200 400 555",
        "call 0200 0400",
        "call 0200-0400-5550",
        "0200-0400 555 0199",
        "call 20241301",
        "call 20240230",
        "Backfill 20240101 555 0199",
    ];
    let [p, o] = named(&bad);
    let (site, out) = build(&[SITE, TEAM, (p.0, &p.1), (o.0, &o.1)]);
    let found = problems(&stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{found:#?}");
    assert!(!site.path().join("public").exists());
    for i in 0..bad.len() {
        for (file, path) in [
            ("pipelines.yaml", format!("pipelines[{i}].name")),
            ("pipelines.yaml", format!("domains[{i}].name")),
            ("oncall.yaml", format!("holidays[{i}].name")),
        ] {
            let want = format!("`{path}` holds what reads as a phone number");
            assert!(
                found
                    .iter()
                    .any(|f| f.starts_with(&format!("content/{file}:")) && f.contains(&want)),
                "{want}\n{found:#?}"
            );
        }
    }
}

/// A minimal site around the given runbook text.
fn with_runbook(md: &str) -> (tempfile::TempDir, std::process::Output) {
    let [p, o] = named(&["Orders"]);
    build(&[
        SITE,
        TEAM,
        (p.0, &p.1),
        (o.0, &o.1),
        ("content/runbooks/r.md", md),
    ])
}

/// A runbook merged with its conflict unresolved: on main it built (exit 0) and the page
/// showed both sides, "Restart with --force" as a heading (`=======` underlines it) and
/// "pr-7" seven block quotes deep. Now the first marker of the page is an error at its
/// line, wherever the conflict stands.
#[test]
fn conflict_markers_in_a_runbook_are_an_error_at_their_line() {
    let sides = "Restart with --force.\n=======\nDo not restart: page the owner.\n>>>>>>> pr-7\n";
    for (md, line, marker) in [
        (
            format!("# R\n\n1. Check the lag.\n<<<<<<< HEAD\n{sides}"),
            4,
            "<<<<<<<",
        ),
        (
            format!("# R\n\nText.\n\n<<<<<<< HEAD\n{sides}"),
            5,
            "<<<<<<<",
        ),
        // The first marker taken out by hand, the rest left: a pair in git's order
        // (red41: a lone marker is text, see tests/red41.rs).
        (format!("# R\n\nText.\n\n{sides}"), 6, "======="),
        (
            "# R\n\n||||||| base\nold\n=======\nnew\n".to_string(),
            3,
            "|||||||",
        ),
    ] {
        let (site, out) = with_runbook(&md);
        let found = problems(&stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{md}\n{found:#?}");
        assert!(!site.path().join("public").exists());
        let want = format!("content/runbooks/r.md:{line} a merge conflict marker `{marker}`");
        assert!(
            found.iter().any(|f| f.starts_with(&want)),
            "{want}\n{found:#?}"
        );
    }
}

/// Markers that are not git's, a runbook quotes in code, or a heading of seven letters
/// underlined with seven `=`, build as before.
#[test]
fn quoted_markers_and_setext_headings_build() {
    let md = "# R\n\nRestart\n=======\n\n```\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> b\n```\n\n    <<<<<<< HEAD\n\n`<<<<<<< HEAD` in a line, and <<<<<<<< eight.\n\nHeading\n========\n";
    let (_site, out) = with_runbook(md);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("conflict"), "{err}");
}

/// In YAML the markers broke the parse a line or more on: main's binary said "could not
/// find expected ':'" at team.yaml:5 (the `- id` after `<<<<<<< HEAD` at line 4) and
/// nothing of a conflict. In front matter the same. Now the marker's own line is named.
#[test]
fn conflict_markers_in_yaml_are_named_at_their_line() {
    let team = "engineers:\n  - id: de1\n    name: One\n<<<<<<< HEAD\n  - id: de2\n    name: Dana Lee\n=======\n  - id: de2\n    name: Mallory\n>>>>>>> pr-7\n";
    let [p, o] = named(&["Orders"]);
    let (_site, out) = build(&[SITE, ("content/team.yaml", team), (p.0, &p.1), (o.0, &o.1)]);
    let found = problems(&stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{found:#?}");
    let want = "content/team.yaml:4 a merge conflict marker `<<<<<<<`";
    assert!(found.iter().any(|f| f.starts_with(want)), "{found:#?}");

    let md = "---\ntitle: R\n<<<<<<< HEAD\npipelines: [p0]\n=======\npipelines: []\n>>>>>>> pr-7\n---\n# R\n";
    let (_site, out) = with_runbook(md);
    let found = problems(&stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{found:#?}");
    let want = "content/runbooks/r.md:3 a merge conflict marker `<<<<<<<`";
    assert!(found.iter().any(|f| f.starts_with(want)), "{found:#?}");
}

/// In the alert rule files and the iCalendar files the markers were refused a line late
/// or in other words: main's binary said "`content/h.ics` is not a valid iCalendar file:
/// ... Missing property name" at h.ics:5 (the marker is at line 4), and "is not valid
/// YAML or JSON: simple key expect ':'" at rules.yaml:5:14. Now each names the marker.
#[test]
fn conflict_markers_in_rules_and_calendars_are_named_at_their_line() {
    let event = |day: u32| {
        format!("BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:202401{day}\r\nSUMMARY:Company day\r\nEND:VEVENT\r\n")
    };
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n<<<<<<< HEAD\r\n{}=======\r\n{}>>>>>>> pr-7\r\nEND:VCALENDAR\r\n",
        event(11),
        event(18)
    );
    let rules = "groups:\n  - name: g\n    rules:\n<<<<<<< HEAD\n      - alert: DiskFull\n        expr: up == 0\n=======\n      - alert: DiskFull\n        expr: up == 1\n>>>>>>> pr-7\n";
    let [p, o] = named(&["Orders"]);
    let oncall = o.1 + "calendars:\n  holidays: [h.ics]\n";
    let (_site, out) = build(&[
        (
            SITE.0,
            "title: Ops\nbase_url: https://ops.example/\nalert_rules: [content/rules.yaml]\n",
        ),
        TEAM,
        (p.0, &p.1),
        (o.0, &oncall),
        ("content/h.ics", &ics),
        ("content/rules.yaml", rules),
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for file in ["h.ics", "rules.yaml"] {
        let want = format!("error: a merge conflict marker `<<<<<<<`: both sides of an unresolved conflict would be published as the text\n  --> content/{file}:4:1\n");
        assert!(err.contains(&want), "{want}\n{err}");
    }
}

/// What git's merge tools leave beside a conflicted file, committed with the merge: on
/// main's binary the 4 below built without a word, `r_REMOTE_1234.md` as a second runbook
/// page (other steps, in the tree and the search) and the backups at addresses of their
/// own. Now each is a warning naming it; a name that only looks alike is not.
#[test]
fn merge_tool_leftovers_are_warned_of() {
    let [p, o] = named(&["Orders"]);
    let leftovers = [
        "content/runbooks/r_REMOTE_1234.md",
        "content/runbooks/r_BASE_1234.md",
        "content/runbooks/r.md.orig",
        "content/runbooks/r.md.rej",
    ];
    let mut files = vec![
        SITE,
        TEAM,
        (p.0, p.1.as_str()),
        (o.0, o.1.as_str()),
        ("content/runbooks/r.md", "# R\n\nPage the owner.\n"),
        ("content/runbooks/DB_BASE_TABLES.md", "# Base tables\n"),
    ];
    files.extend(leftovers.map(|f| (f, "# R\n\nRestart with --force.\n")));
    let (_site, out) = build(&files);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for f in leftovers {
        let want = format!("warning: `{f}` is named as a ");
        assert!(err.contains(&want), "{want}\n{err}");
    }
    assert_eq!(err.matches("is named as a").count(), 4, "{err}");
}
