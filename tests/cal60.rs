//! Session 60: calendars that must not churn. An event whose text did not change keeps
//! its `SEQUENCE` and `DTSTAMP`, whatever ids the data gives its people.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::served::with_override;
use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// Every event of the feed at `path`, by UID, its lines unfolded.
fn events_of(path: &Path) -> BTreeMap<String, String> {
    let text = read(path).replace("\r\n ", "");
    (text.split("BEGIN:VEVENT\r\n").skip(1))
        .map(|e| {
            let uid = e.split("\r\n").find_map(|l| l.strip_prefix("UID:"));
            (uid.unwrap().to_string(), e.to_string())
        })
        .collect()
}

/// What a subscriber's app reads of an event, less its version: every line but
/// `DTSTAMP`, `SEQUENCE`, `LAST-MODIFIED` and pipebook's own records.
fn text(event: &str) -> String {
    let volatile = ["DTSTAMP:", "SEQUENCE:", "LAST-MODIFIED:", "X-PIPEBOOK-"];
    (event.split("\r\n"))
        .filter(|l| !volatile.iter().any(|v| l.starts_with(v)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The events, of feeds `before` and `after` by UID, whose text is the same and whose
/// `SEQUENCE` or `DTSTAMP` is not; and how many events the two share.
fn churned(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> (usize, usize) {
    let mut churned = 0;
    let mut shared = 0;
    for (uid, old) in before {
        let Some(new) = after.get(uid) else { continue };
        shared += 1;
        let version = |e: &str| {
            (
                prop(e, "SEQUENCE").to_string(),
                prop(e, "DTSTAMP").to_string(),
            )
        };
        if text(old) == text(new) && version(old) != version(new) {
            churned += 1;
        }
    }
    (churned, shared)
}

/// Gives `de3` of the example the id `dana` in every file, without `formerly`.
fn rename_de3(root: &Path) {
    edit(root, "content/team.yaml", "  - id: de3\n", "  - id: dana\n");
    edit(
        root,
        "content/oncall.yaml",
        "de2, de3, de4",
        "de2, dana, de4",
    );
    let pipelines = root.join("content/pipelines.yaml");
    let text = read(&pipelines).replace(": de3\n", ": dana\n");
    std::fs::write(&pipelines, text).unwrap();
}

/// An engineer's id changed without `formerly` (`de3` to `dana`, name and shifts as they
/// were): on main 27 of the team feed's 57 events, and 27 of the others' personal feeds
/// ("Secondary on call" while Data Engineer 3 is on call), took a new `SEQUENCE` and
/// `DTSTAMP` with every line a calendar shows unchanged: the record's "who" holds ids.
/// An event whose text is unchanged now keeps both; its own feed still moves
/// (`oncall/dana.ics`, new UIDs), which `formerly` avoids (`tests/cal39.rs`).
#[test]
fn an_id_changed_without_formerly_churns_no_unchanged_event() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    assert!(build_at(root, T0).status.success());
    let feeds = [
        "oncall.ics",
        "oncall/de1.ics",
        "oncall/de2.ics",
        "oncall/de4.ics",
    ];
    let before: Vec<_> = feeds.iter().map(|f| events_of(&public.join(f))).collect();
    rename_de3(root);
    let out = build_at(root, T0 + DAY);
    assert!(out.status.success(), "{}", stderr(&out));
    let counts: Vec<_> = (feeds.iter().zip(&before))
        .map(|(feed, before)| churned(before, &events_of(&public.join(feed))))
        .collect();
    assert!(counts.iter().all(|&(_, shared)| shared > 20), "{counts:?}");
    assert!(
        counts.iter().all(|&(churned, _)| churned == 0),
        "{counts:?}"
    );
    // A real change still raises SEQUENCE: dana's name changed too.
    let team = events_of(&public.join("oncall.ics"));
    edit(root, "content/team.yaml", "Data Engineer 3", "Dana Lee");
    assert!(build_at(root, T0 + 2 * DAY).status.success());
    let renamed = events_of(&public.join("oncall.ics"));
    let raised = team
        .iter()
        .filter(|(uid, e)| {
            let now = &renamed[*uid];
            text(e) != text(now) && prop(e, "SEQUENCE") < prop(now, "SEQUENCE")
        })
        .count();
    assert_eq!(raised, 27, "{raised}");
}

/// The warnings of served shifts rewritten in `err`, each with its first line.
fn rewritten(err: &str) -> Vec<String> {
    let lines: Vec<&str> = err.lines().collect();
    (lines.iter().enumerate())
        .filter(|(_, l)| l.contains("already served now show"))
        .map(|(i, l)| format!("{l} {}", lines.get(i + 1).unwrap_or(&"")))
        .collect()
}

const DAY_OFF: &str =
    "  - { from: \"2026-11-09 09:00\", to: \"2026-11-10 09:00\", engineer: de2, reason: \"de1 away\" }";
const WEEK: &str =
    "  - { from: \"2026-11-09 09:00\", to: \"2026-11-16 09:00\", engineer: de2, reason: \"de1 away\" }";

/// A served override of one day, Monday 9 November (the week is Data Engineer 3's: the
/// Veterans Day turn), edited after it passed: its engineer changed (Data Engineer 2 to
/// 4), then taken out. Each rewrote who was on call that day in every subscriber's
/// calendar, and on main nothing warned: served shifts were compared by their middle,
/// which a one-day override does not hold, and the time an override holds now was not
/// compared at all. Each warns now, the first at the override's `engineer`.
#[test]
fn a_served_override_of_one_day_edited_or_taken_out_warns() {
    let site = example_site();
    let root = site.path();
    with_override(root, DAY_OFF);
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    edit(
        root,
        "content/oncall.yaml",
        "engineer: de2",
        "engineer: de4",
    );
    let err = warnings_at(root, T0 + 60);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    let day = "Mon 9 Nov 2026 09:00 to Tue 10 Nov 2026 09:00";
    assert!(
        warned[0].contains(&format!(
            "{day} (Data Engineer 2 before, Data Engineer 4 now)"
        )),
        "{err}"
    );
    let line = line_of(root, "de1 away");
    assert!(
        warned[0].contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
    assert!(err.contains("keep it as it was"), "{err}");
    // Built again unchanged: nothing more.
    assert!(rewritten(&warnings_at(root, T0 + 120)).is_empty());
    edit(
        root,
        "content/oncall.yaml",
        DAY_OFF.replace("de2", "de4").as_str(),
        "",
    );
    let err = warnings_at(root, T0 + 180);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    assert!(
        warned[0].contains(&format!(
            "{day} (Data Engineer 4 before, Data Engineer 3 now)"
        )),
        "{err}"
    );
    assert!(
        err.contains("an override taken out of oncall.yaml"),
        "{err}"
    );
}

/// A served override of a whole week: its engineer changed warns once, at its line (on
/// main, nothing); taken out, it warns once, as before (not twice).
#[test]
fn a_served_override_of_a_week_warns_once() {
    let site = example_site();
    let root = site.path();
    with_override(root, WEEK);
    warnings_at(root, T0);
    edit(
        root,
        "content/oncall.yaml",
        "engineer: de2",
        "engineer: de1",
    );
    let err = warnings_at(root, T0 + 60);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    let week = "Mon 9 Nov 2026 09:00 to Mon 16 Nov 2026 09:00";
    assert!(
        warned[0].contains(&format!(
            "{week} (Data Engineer 2 before, Data Engineer 1 now)"
        )),
        "{err}"
    );
    edit(
        root,
        "content/oncall.yaml",
        WEEK.replace("de2", "de1").as_str(),
        "",
    );
    let err = warnings_at(root, T0 + 120);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    assert!(
        warned[0].contains(&format!(
            "{week} (Data Engineer 1 before, Data Engineer 3 now)"
        )),
        "{err}"
    );
}

/// A served override of two days cut short to one after it passed: the second day goes
/// back to the rotation's holder in subscribers' calendars. On main nothing warned; now
/// it warns at the override's `to`, saying its times changed.
#[test]
fn a_served_override_cut_short_warns_at_its_end() {
    let site = example_site();
    let root = site.path();
    with_override(root, &DAY_OFF.replace("11-10 09:00", "11-11 09:00"));
    warnings_at(root, T0);
    edit(root, "content/oncall.yaml", "11-11 09:00", "11-10 09:00");
    let err = warnings_at(root, T0 + 60);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    let days = "Mon 9 Nov 2026 09:00 to Wed 11 Nov 2026 09:00";
    assert!(
        warned[0].contains(&format!(
            "{days} (Data Engineer 2 before, Data Engineer 3 now)"
        )),
        "{err}"
    );
    let line = line_of(root, "de1 away");
    assert!(warned[0].contains(&format!("oncall.yaml:{line}:")), "{err}");
    assert!(err.contains("a change of its times"), "{err}");
}

/// Three events of many on Veterans Day (Data Engineer 4's, 3's and 2's, backing up the
/// 11 pipelines `a-*`, `b-*`, `c-*` and some of the example's), two duties of each moved
/// round to the next (`a-0`, `a-1` to Data Engineer 3, `b-*` to 2, `c-*` to 4): each event
/// holds as many as before. On main each warned "… before, other backups or none now",
/// though the duties it lost went to the other two; now it names them.
#[test]
fn duties_swapped_round_three_events_of_many_name_where_they_went() {
    use common::duties::{pipeline, pipelines, site_with, T0};
    let extra = [
        pipelines("a", 11, "de1", "de4"),
        pipelines("b", 11, "de1", "de3"),
        pipelines("c", 11, "de1", "de2"),
    ]
    .concat();
    let site = site_with(&extra);
    let root = site.path();
    let err = warnings_at(root, T0);
    assert!(!err.contains("backup dut"), "{err}");
    let moves = [
        ("a", "de4", "de3"),
        ("b", "de3", "de2"),
        ("c", "de2", "de4"),
    ];
    for (p, from, to) in moves
        .into_iter()
        .flat_map(|m| [(0, m), (1, m)])
        .map(|(i, (p, f, t))| (format!("{p}-{i}"), f, t))
    {
        let id = p.as_str();
        edit(
            root,
            "content/pipelines.yaml",
            &pipeline(id, "de1", from),
            &pipeline(id, "de1", to),
        );
    }
    let err = warnings_at(root, T0 + 60);
    let day = "Wed 11 Nov 2026";
    for (before, now) in [(4, "2 or Data Engineer 3"), (3, "2 or Data Engineer 4")] {
        let said = format!(
            "pipelines of one event: Data Engineer {before} before, Data Engineer {now} now"
        );
        assert!(err.contains(&said), "{said}\n{err}");
    }
    assert!(err.contains(day), "{err}");
    assert!(!err.contains("other backups or none"), "{err}");
}

/// An override in progress (Wednesday 25 to Friday 27 November, the build on Thursday
/// at 07:01 New York time) whose engineer is changed: its part served is rewritten, and
/// it warns, with a hint that ends it where the served part ends (overrides may not
/// overlap, so "keep it and add another" could not be followed); the split it suggests,
/// made instead, warns of nothing.
#[test]
fn an_override_in_progress_edited_is_split_where_its_served_part_ends() {
    let line = "  - { from: \"2026-11-25 09:00\", to: \"2026-11-27 09:00\", engineer: de2, reason: \"de3 away\" }";
    let kept =
        "- { from: \"2026-11-25 09:00\", to: \"2026-11-26 08:00\", engineer: de2, reason: served }";
    let rest = "  - { from: \"2026-11-26 08:00\", to: \"2026-11-27 09:00\", engineer: de4, reason: \"de3 away\" }";
    let site = example_site();
    let root = site.path();
    with_override(root, line);
    warnings_at(root, T0);
    edit(
        root,
        "content/oncall.yaml",
        "engineer: de2",
        "engineer: de4",
    );
    let err = warnings_at(root, T0 + 60);
    assert_eq!(rewritten(&err).len(), 1, "{err}");
    assert!(err.contains(kept), "{err}");
    assert!(
        err.contains("an override of its own from 2026-11-26 08:00"),
        "{err}"
    );
    let site = example_site();
    let root = site.path();
    with_override(root, line);
    warnings_at(root, T0);
    edit(
        root,
        "content/oncall.yaml",
        line,
        &format!("  {kept}\n{rest}"),
    );
    let err = warnings_at(root, T0 + 60);
    assert!(rewritten(&err).is_empty(), "{err}");
}

/// Who was second on call in the example's served weeks, rewritten: time off entered
/// late for Data Engineer 3 (17 and 18 November), second on call in the week of 16
/// November, gave that week's secondary to Data Engineer 4; a `secondary.order` added
/// moved two more. On main the team feed's events and the personal feeds' "Secondary on
/// call" events of those weeks changed, and nothing warned of it; now each warns, at
/// the time off, then at `secondary.order`; built again unchanged, nothing.
#[test]
fn a_served_shift_s_secondary_rewritten_warns() {
    let site = example_site();
    let root = site.path();
    let err = warnings_at(root, T0);
    assert!(!err.contains("second on call"), "{err}");
    edit(
        root,
        "content/team.yaml",
        "github: example-de3\n",
        "github: example-de3\n    time_off:\n      - { from: 2026-11-17, to: 2026-11-18 }\n",
    );
    let err = warnings_at(root, T0 + 60);
    let week = "Mon 16 Nov 2026 09:00 to Mon 23 Nov 2026 09:00";
    let said = format!("1 shift already served now shows someone else second on call than the site this build replaces: {week} (Data Engineer 3 before, Data Engineer 4 now)");
    assert!(err.contains(&said), "{err}");
    let line = 1 + read(&root.join("content/team.yaml"))
        .lines()
        .position(|l| l.contains("2026-11-17"))
        .unwrap();
    let at = err.find(&said).unwrap();
    assert!(
        err[at..].contains(&format!("content/team.yaml:{line}:")),
        "{err}"
    );
    let err = warnings_at(root, T0 + 120);
    assert!(!err.contains("second on call"), "{err}");
    let oncall = root.join("content/oncall.yaml");
    let text = read(&oncall) + "secondary: { order: [de4, de3, de2, de1] }\n";
    std::fs::write(&oncall, text).unwrap();
    let err = warnings_at(root, T0 + 180);
    assert!(
        err.contains(&format!(
            "{week} (Data Engineer 4 before, Data Engineer 1 now)"
        )),
        "{err}"
    );
    let line = line_of(root, "secondary: { order");
    assert!(
        err.contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
}
