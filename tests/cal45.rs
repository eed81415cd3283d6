//! Session 45: calendars that must not churn, and the warnings that say why they do.

mod common;

use common::*;

/// 2026-11-30T00:53:20Z, a Monday before the handoff (Data Engineer 3's week).
const T0: u64 = 1_796_000_000;

/// Asserts that `err` warns at line `at` of oncall.yaml, not at line `not_at` (the
/// rotation's order, unchanged), and says each of `said`.
fn assert_named_at(err: &str, at: usize, not_at: Option<usize>, said: &[&str]) {
    assert!(err.contains(&format!("content/oncall.yaml:{at}:")), "{err}");
    if let Some(not_at) = not_at {
        assert!(
            !err.contains(&format!("content/oncall.yaml:{not_at}:")),
            "{err}"
        );
    }
    for s in said {
        assert!(err.contains(s), "{s:?} not in {err}");
    }
}

/// Columbus Day 2026 (Mon 12 Oct, Data Engineer 1's week) goes by turn to Data Engineer
/// 3, and Data Engineer 1 takes Data Engineer 3's week of 26 Oct in return, the first of
/// the published weeks at T0. Moved to 30 Sep (a typo's fix, say), its own week stays
/// before the published weeks, so no feed event names its date, and on main the served
/// week of 26 Oct given back to Data Engineer 3 was blamed on `rotation.order`, which had
/// not changed (session 44's leftover). The previous event's description said which
/// holiday it was the shift in return for: the warning is at that holiday's line now.
#[test]
fn a_holiday_moved_before_the_published_weeks_is_named_at_its_line() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let order = line_of(root, "order: [");
    let columbus = line_of(root, "2026-10-12, name: \"Columbus Day\"");
    edit(
        root,
        "content/oncall.yaml",
        "2026-10-12, name: \"Columbus Day\"",
        "2026-09-30, name: \"Columbus Day\"",
    );
    let err = warnings_at(root, T0);
    assert_named_at(
        &err,
        columbus,
        Some(order),
        &["1 shift already served now shows someone else on call than the site this build replaces: Mon 26 Oct 2026 09:00 to Mon 2 Nov 2026 09:00 (Data Engineer 1 before, Data Engineer 3 now)", "Columbus Day is on 2026-09-30 now"],
    );
}

/// The same holiday taken out rather than moved: at `holidays`, by its name.
#[test]
fn a_holiday_pruned_before_the_published_weeks_is_named() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let order = line_of(root, "order: [");
    let first = line_of(root, "holidays:") + 1;
    edit(
        root,
        "content/oncall.yaml",
        "  - { date: 2026-10-12, name: \"Columbus Day\" }\n",
        "",
    );
    let err = warnings_at(root, T0);
    assert_named_at(
        &err,
        first,
        Some(order),
        &[
            "Mon 26 Oct 2026 09:00 to Mon 2 Nov 2026 09:00",
            "Columbus Day is not in `holidays` near it now",
        ],
    );
}

/// A site without pipelines has no holiday backup duties, whose UIDs told session 44 of
/// a pruned holiday's date: Veterans Day 2026 taken out of such a site was blamed on
/// `rotation.order` on main (session 44's other leftover). The served week's event
/// said it was Veterans Day's turn, so the warning is at `holidays` and names it.
#[test]
fn a_holiday_pruned_from_a_site_without_pipelines_is_named() {
    let site = example_site();
    let root = site.path();
    std::fs::remove_dir_all(root.join("content/runbooks")).unwrap();
    std::fs::remove_dir_all(root.join("content/rules")).unwrap();
    std::fs::write(
        root.join("content/pipelines.yaml"),
        "domains: []\npipelines: []\n",
    )
    .unwrap();
    edit(
        root,
        "content/site.yaml",
        "alert_rules: [content/rules/*.yaml]",
        "",
    );
    warnings_at(root, T0);
    let order = line_of(root, "order: [");
    let first = line_of(root, "holidays:") + 1;
    edit(
        root,
        "content/oncall.yaml",
        "  - { date: 2026-11-11, name: \"Veterans Day\" }\n",
        "",
    );
    let err = warnings_at(root, T0);
    assert_named_at(
        &err,
        first,
        Some(order),
        &["Mon 9 Nov 2026 09:00 to Mon 16 Nov 2026 09:00 (Data Engineer 3 before, Data Engineer 1 now)", "Veterans Day is not in `holidays` near it now"],
    );
}

/// Veterans Day moved within its year (to 21 Oct, a week before the published ones):
/// the backup duties' date said 2026-11-11 was no longer listed, at `holidays`' first
/// line; the holiday is still listed, at another date, and the warning is at its line.
#[test]
fn a_holiday_moved_out_of_a_served_week_is_named_at_its_line() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let veterans = line_of(root, "2026-11-11, name: \"Veterans Day\"");
    edit(
        root,
        "content/oncall.yaml",
        "2026-11-11, name: \"Veterans Day\"",
        "2026-10-21, name: \"Veterans Day\"",
    );
    let err = warnings_at(root, T0);
    assert_named_at(
        &err,
        veterans,
        None,
        &[
            "Mon 9 Nov 2026 09:00 to Mon 16 Nov 2026 09:00",
            "Veterans Day is on 2026-10-21 now",
        ],
    );
}

/// A backup duty while a primary owner is away is titled by who is away ("Backup for
/// Unit-level profit: Data Engineer 1 is away"), but its `SEQUENCE` went by the backup
/// alone: Data Engineer 1 renamed retitled it at the same `SEQUENCE` (a year of weekly
/// edits replayed by tests/feeds/subscriber.py flagged 18 such events in 3 runs), which
/// a client going by `SEQUENCE` takes for no news. A title changed raises it now; an
/// event whose title stayed keeps it.
#[test]
fn a_backup_retitled_by_a_rename_raises_its_sequence() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "  - id: de1\n",
        "  - id: de1\n    time_off: [{ from: 2026-12-15, to: 2026-12-16 }]\n",
    );
    warnings_at(root, T0);
    let uid = "backup-unit-level-profit-away-20261215.de3@pipebook-example.netlify.app";
    let before = event_of(root, "oncall/de3.ics", uid);
    assert_eq!(
        prop(&before, "SUMMARY"),
        "Backup for Unit-level profit: Data Engineer 1 is away"
    );
    let shift = "shift-47.de3@pipebook-example.netlify.app";
    let kept = event_of(root, "oncall/de3.ics", shift);
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 1\n",
        "name: Ana\n",
    );
    warnings_at(root, T0 + 3600);
    let after = event_of(root, "oncall/de3.ics", uid);
    assert_eq!(
        prop(&after, "SUMMARY"),
        "Backup for Unit-level profit: Ana is away"
    );
    let (was, now) = (prop(&before, "SEQUENCE"), prop(&after, "SEQUENCE"));
    assert!(
        now.parse::<u64>().unwrap() > was.parse::<u64>().unwrap(),
        "retitled at SEQUENCE {was} -> {now}"
    );
    assert_eq!(event_of(root, "oncall/de3.ics", shift), kept);
}
