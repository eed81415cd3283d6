//! Session 31: an override longer than the published window keeps its calendar events
//! byte for byte as the clock moves (F3), and `/oncall/` stays small however many backup
//! duties the on-call data makes.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks.
const T0: u64 = 1_780_000_000;
const DAY: u64 = 86_400;
const WEEK: u64 = 7 * DAY;

fn build(root: &Path, epoch: u64) {
    let o = build_at(root, epoch);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
}

/// Every event of every feed whose UID starts with `prefix`, by feed and UID, unfolded.
fn events(public: &Path, prefix: &str) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for f in feed_files(public) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&f).replace("\r\n ", "");
        for e in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let e = &e[..e.find("END:VEVENT").unwrap()];
            let uid = e
                .split("\r\n")
                .find_map(|l| l.strip_prefix("UID:"))
                .unwrap();
            if uid.starts_with(prefix) {
                out.insert((name.clone(), uid.to_string()), e.to_string());
            }
        }
    }
    out
}

/// A parental-leave cover of three months that began seven weeks before the clock (past
/// the window's four weeks), and another running past the window's end: each event
/// holds the override's own start and end, and rebuilds a day and weeks later leave every
/// one of them (team feed, the holder's, the secondary's) byte for byte alone. Before,
/// DTSTART (or DTEND), SEQUENCE, DTSTAMP and the text followed the window's edge.
#[test]
fn an_override_longer_than_the_window_keeps_its_events_as_the_clock_moves() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/oncall.yaml",
        "\nrotation:\n",
        "\nhorizon: { past_weeks: 4, future_weeks: 8 }\nrotation:\n",
    );
    let path = root.join("content/oncall.yaml");
    std::fs::write(
        &path,
        read(&path)
            + "overrides:\n  - { from: \"2026-04-08 12:00\", to: \"2026-07-08 12:00\", engineer: de3, reason: \"de1's parental leave\" }\n  - { from: \"2026-07-08 12:00\", to: \"2026-10-07 12:00\", engineer: de4, reason: \"de1's parental leave, part two\" }\n",
    )
    .unwrap();
    let public = root.join("public");
    build(root, T0);
    let first = events(&public, "override-");
    let team = |all: &BTreeMap<(String, String), String>, uid: &str| -> String {
        all[&("oncall.ics".to_string(), uid.to_string())].clone()
    };
    let a = team(
        &first,
        "override-20260408T160000Z@pipebook-example.netlify.app",
    );
    assert!(a.contains("DTSTART:20260408T160000Z\r\n"), "{a}");
    assert!(a.contains("DTEND:20260708T160000Z\r\n"), "{a}");
    assert!(
        a.contains(" from Wed 8 Apr 2026 12:00 EDT to Wed 8 Jul 2026"),
        "{a}"
    );
    // The holidays of the whole cover, not those of the first shift the window shows.
    assert!(
        a.contains("\\nHolidays: Memorial Day (Mon 25 May 2026)\\; Juneteenth National Independence Day (Fri 19 Jun 2026)\\; Independence Day (observed\\, Fri 3 Jul 2026).\\n"),
        "{a}"
    );
    let b = team(
        &first,
        "override-20260708T160000Z@pipebook-example.netlify.app",
    );
    assert!(b.contains("DTSTART:20260708T160000Z\r\n"), "{b}");
    assert!(b.contains("DTEND:20261007T160000Z\r\n"), "{b}");
    // The holder's and the secondary's feeds have them too.
    assert!(first.len() >= 6, "{:#?}", first.keys());
    for (at, when) in [(DAY, "a day"), (WEEK, "a week"), (3 * WEEK, "three weeks")] {
        build(root, T0 + at);
        let now = events(&public, "override-");
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            first.keys().collect::<Vec<_>>(),
            "{when} later"
        );
        for (key, text) in &now {
            assert_eq!(&first[key], text, "{when} later: {key:?}");
        }
    }
}

/// 1,000 pipelines over every pair of the four engineers as owners and 200 daily
/// holidays: some 200,000 backup duties, well within the bound of 1,000,000.
/// `/oncall/` (and each engineer's page) linked every one: 15.3 MB here, 52.8 MB for
/// 2,000 pipelines and 365 holidays. Now a date names at most 10 pairs of backup and
/// primary, a pair 10 pipelines, and the page lists dates until 500 pipelines are named,
/// counting the rest.
#[test]
fn hostile_backup_duties_give_a_small_oncall_page() {
    let site = example_site();
    let root = site.path();
    let mut pipelines = String::new();
    for i in 0..1_000 {
        let (a, b) = (1 + i % 4, 1 + (i + 1 + i / 4 % 3) % 4);
        pipelines.push_str(&format!(
            "  - {{ id: p{i}, name: \"Pipeline number {i}\", domain: profit, audience: x, primary: de{a}, secondary: de{b} }}\n"
        ));
    }
    let path = root.join("content/pipelines.yaml");
    std::fs::write(&path, read(&path) + &pipelines).unwrap();
    let taken = read(&root.join("content/oncall.yaml"));
    let start = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let holidays: String = start
        .iter_days()
        .filter(|d| !taken.contains(&d.to_string()))
        .take(200)
        .enumerate()
        .map(|(n, d)| format!("  - {{ date: {d}, name: \"Holiday {n}\" }}\n"))
        .collect();
    edit(
        root,
        "content/oncall.yaml",
        "\nholidays:\n",
        &format!("\nholidays:\n{holidays}"),
    );
    build(root, T0);
    let public = root.join("public");
    let page = read(&public.join("oncall/index.html"));
    assert!(page.len() < 400_000, "/oncall/ is {} bytes", page.len());
    // The first dates name their first pipelines, and say what they leave out.
    assert!(page.contains(">Pipeline number 0</a>"));
    assert!(
        page.contains("<span class=\"more\">and "),
        "pipelines past 10 counted"
    );
    assert!(
        page.contains("<p class=\"backup-more-dates\">And "),
        "dates counted"
    );
    for e in ["de1", "de2", "de3", "de4"] {
        let len = std::fs::metadata(public.join(format!("engineers/{e}/index.html")))
            .unwrap()
            .len();
        assert!(len < 400_000, "{e}'s page is {len} bytes");
    }
}

/// Builds `root` expecting failure; returns stderr.
fn build_fails(root: &Path) -> String {
    let o = build_at(root, T0);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    stderr(&o)
}

/// 3,000 alike overrides (255 kB of YAML, within the 10,000 items a list may hold) were
/// each compared with, and reported against, every one before them: 4.5 million errors,
/// 1.9 GB of log and 5.4 GB of memory in 39 s. One error an override now, naming one it
/// overlaps; and an override across many time off of its engineer is said once.
#[test]
fn overlapping_overrides_and_time_off_are_each_said_once() {
    let site = example_site();
    let root = site.path();
    // The example's oncall.yaml has no overrides: each case below adds its own list.
    let base = read(&root.join("content/oncall.yaml"));
    assert!(!base.contains("overrides:"));
    let n = 3_000;
    let alike: String = (0..n)
        .map(|_| "  - { engineer: de1, from: \"2026-12-01 09:00\", to: \"2026-12-02 09:00\", reason: x }\n")
        .collect();
    std::fs::write(
        root.join("content/oncall.yaml"),
        format!("{base}overrides:\n{alike}"),
    )
    .unwrap();
    let err = build_fails(root);
    assert_eq!(err.matches("overlaps the override at line").count(), n - 1);
    assert!(err.len() < 2_000_000, "{} bytes of errors", err.len());

    // 2,000 one-hour overrides of de1, one after the other, inside 2,000 alike time off.
    let hourly: String = (0..2_000)
        .map(|h| {
            let (d, h) = (1 + h / 24, h % 24);
            format!(
                "  - {{ engineer: de1, from: \"2026-11-{d:02} {h:02}:00\", to: \"2026-11-{d:02} {h:02}:59\", reason: x }}\n"
            )
        })
        .take_while(|l| !l.contains("2026-11-31"))
        .collect();
    let hours = hourly.lines().count();
    std::fs::write(
        root.join("content/oncall.yaml"),
        format!("{base}overrides:\n{hourly}"),
    )
    .unwrap();
    let away: String = (0..2_000)
        .map(|_| "      - { from: 2026-10-01, to: 2026-12-31 }\n")
        .collect();
    edit(
        root,
        "content/team.yaml",
        "    github: example-de1\n",
        &format!("    github: example-de1\n    time_off:\n{away}"),
    );
    let err = build_fails(root);
    assert_eq!(
        err.matches("during their time off").count(),
        hours,
        "{}",
        &err[..2000.min(err.len())]
    );
    assert!(!err.contains("overlaps the override"));
}
