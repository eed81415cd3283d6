//! Session 58: calendars that must not churn. Past backup duties moved between events of
//! more than ten duties (which name no pipeline in their UID) warn as they are.

mod common;

use common::duties::*;
use common::*;

/// Two events of many on Veterans Day: Data Engineer 4 backs up the 11 pipelines `a-*`
/// and two of the example's (13), Data Engineer 3 the 11 `b-*` and Unit-level profit (12).
/// `a-0`, whose primary is Data Engineer 1, has an event of its own in Data Engineer 4's
/// feed (Data Engineer 1 away on 17 and 18 Nov), so the previous feeds name it. Two
/// duties leave each event for Data Engineer 2's feed, `a-0`'s among them. On main the
/// warning said `A 0 (Veterans Day): none before` (it was Data Engineer 4's) and counted
/// one duty low of Data Engineer 3's event (`1 of the 12`, two left it), taking `a-0`'s
/// duty off the first event of the day by name, not its own: both events count 2 now,
/// and no duty is said to have had no backup before.
#[test]
fn duties_leaving_two_events_of_many_on_one_day_are_counted_with_their_own() {
    let extra = [
        pipeline("a-0", "de1", "de4"),
        pipelines("a", 11, "de2", "de4")
            .split_once("  - id: a-1\n")
            .map(|(_, rest)| format!("  - id: a-1\n{rest}"))
            .unwrap(),
        pipelines("b", 11, "de2", "de3"),
    ]
    .concat();
    let site = site_with(&extra);
    let root = site.path();
    time_off(root, "de1", "2026-11-17", "2026-11-18");
    let err = warnings_at(root, T0);
    assert!(!err.contains("backup dut"), "{err}");
    let de4 = read(&root.join("public/oncall/de4.ics"));
    assert!(de4.contains("UID:backups-holiday-20261111.de4@"), "{de4}");
    assert!(de4.contains("UID:backup-a-0-away-20261117.de4@"), "{de4}");
    let de3 = read(&root.join("public/oncall/de3.ics"));
    assert!(de3.contains("UID:backups-holiday-20261111.de3@"), "{de3}");
    let moves = [
        ("a-0", "de1", "de4", "de1", "de2"),
        ("a-1", "de2", "de4", "de4", "de2"),
        ("b-0", "de2", "de3", "de3", "de2"),
        ("b-1", "de2", "de3", "de3", "de2"),
    ];
    for (id, p, s, p2, s2) in moves {
        edit(
            root,
            "content/pipelines.yaml",
            &pipeline(id, p, s),
            &pipeline(id, p2, s2),
        );
    }
    let err = warnings_at(root, T0 + 60);
    assert!(
        read(&root.join("public/oncall/de2.ics")).contains("UID:backup-a-0-holiday-20261111.de2@")
    );
    assert!(!err.contains("none before"), "{err}");
    for (n, who) in [(13, 4), (12, 3)] {
        assert!(
            err.contains(&format!("Wed 11 Nov 2026, 2 of the {n} pipelines of one event: Data Engineer {who} before, other backups or none now")),
            "{err}"
        );
    }
    // `a-0`'s own event moved, and is named as it was.
    assert!(
        err.contains("Tue 17 Nov 2026 to Wed 18 Nov 2026, A 0 (Data Engineer 1 is away): Data Engineer 4 before, Data Engineer 2 now"),
        "{err}"
    );
}

/// Data Engineer 2 away on 17 and 18 Nov: Data Engineer 4 backs up their 12 pipelines in
/// one event. Aggregate engagement (of Data Engineer 1, named by an event of its own on
/// 3 and 4 Nov, when Data Engineer 1 was away) is given to Data Engineer 2: its duty of
/// 17 and 18 Nov, which no feed held, joins that event. On main nothing warned of it (the
/// event's record found the one duty that joined and said nothing); as an event of its
/// own it warned. It is named now, no backup before.
#[test]
fn a_past_duty_joining_an_event_of_many_from_nowhere_warns() {
    let site = site_with(&pipelines("a", 11, "de2", "de4"));
    let root = site.path();
    time_off(root, "de2", "2026-11-17", "2026-11-18");
    time_off(root, "de1", "2026-11-03", "2026-11-04");
    let err = warnings_at(root, T0);
    assert!(!err.contains("backup dut"), "{err}");
    let de4 = read(&root.join("public/oncall/de4.ics"));
    assert!(
        de4.contains("UID:backups-away-de2-20261117-20261118.de4@"),
        "{de4}"
    );
    assert!(
        de4.contains("UID:backup-aggregate-engagement-away-20261103.de4@"),
        "{de4}"
    );
    let yaml = read(&root.join("content/pipelines.yaml"));
    let at = yaml
        .find("  - id: aggregate-engagement\n")
        .expect("aggregate-engagement");
    let primary = at + yaml[at..].find("primary: de1").unwrap();
    let yaml = [&yaml[..primary], "primary: de2", &yaml[primary + 12..]].concat();
    std::fs::write(root.join("content/pipelines.yaml"), yaml).unwrap();
    let err = warnings_at(root, T0 + 60);
    assert!(
        err.contains("Tue 3 Nov 2026 to Wed 4 Nov 2026, Aggregate engagement (Data Engineer 1 is away): Data Engineer 4 before, none now"),
        "{err}"
    );
    assert!(
        err.contains("Tue 17 Nov 2026 to Wed 18 Nov 2026, Aggregate engagement (Data Engineer 2 is away): none before, Data Engineer 4 now"),
        "{err}"
    );
    // Built again, nothing more moves: no warning.
    let err = warnings_at(root, T0 + 120);
    assert!(!err.contains("backup dut"), "{err}");
}

/// A site of two future weeks (`horizon: { past_weeks: 4, future_weeks: 2 }`) last built
/// ten weeks before `T0`: its feeds ended eight weeks before, so they never held Veterans
/// Day or Thanksgiving. On main the build at `T0` warned of 10 duties "none before", at the
/// holidays' lines, as if each holiday had been added after it passed. The previous feeds'
/// last shift bounds the days they held: no warning; a change once they held the days
/// warns as before.
#[test]
fn weeks_without_a_build_past_the_horizon_add_no_duty_warning() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/oncall.yaml",
        "  shift: weekly\n",
        "  shift: weekly\nhorizon: { past_weeks: 4, future_weeks: 2 }\n",
    );
    warnings_at(root, T0 - 10 * 7 * 86_400);
    let team = read(&root.join("public/oncall.ics"));
    assert!(!team.contains("20261111"), "{team}");
    let err = warnings_at(root, T0);
    assert!(!err.contains("backup dut"), "{err}");
    assert!(read(&root.join("public/oncall/de4.ics"))
        .contains("UID:backup-aggregate-profit-holiday-20261111.de4@"));
    edit(
        root,
        "content/pipelines.yaml",
        "primary: de2\n    secondary: de4\n",
        "primary: de4\n    secondary: de2\n",
    );
    let err = warnings_at(root, T0 + 60);
    assert!(
        err.contains("Wed 11 Nov 2026, Aggregate profit (Veterans Day): Data Engineer 4 before, Data Engineer 2 now"),
        "{err}"
    );
}

/// Two events of many on Veterans Day (Data Engineer 4's of 13, Data Engineer 3's of 12),
/// and one duty of each moved to the other (`a-0`'s secondary owner is now Data Engineer
/// 3, `b-0`'s Data Engineer 4): both events hold as many duties as before, and on main
/// nothing warned (their records differ by two pipelines, which was taken for "many moved,
/// none left"). A record that lost one duty and gained one is read as such: both duties
/// are named, with their backups before and now.
#[test]
fn duties_swapped_between_two_events_of_many_warn() {
    let extra = [
        pipelines("a", 11, "de2", "de4"),
        pipelines("b", 11, "de2", "de3"),
    ]
    .concat();
    let site = site_with(&extra);
    let root = site.path();
    let err = warnings_at(root, T0);
    assert!(!err.contains("backup dut"), "{err}");
    for (id, s, s2) in [("a-0", "de4", "de3"), ("b-0", "de3", "de4")] {
        edit(
            root,
            "content/pipelines.yaml",
            &pipeline(id, "de2", s),
            &pipeline(id, "de2", s2),
        );
    }
    let err = warnings_at(root, T0 + 60);
    for (name, before, now) in [("A 0", 4, 3), ("B 0", 3, 4)] {
        for day in ["Wed 11 Nov 2026", "Thu 26 Nov 2026"] {
            let what = if day.starts_with("Wed") {
                "Veterans Day"
            } else {
                "Thanksgiving Day"
            };
            assert!(
                err.contains(&format!("{day}, {name} ({what}): Data Engineer {before} before, Data Engineer {now} now")),
                "{err}"
            );
        }
    }
    let err = warnings_at(root, T0 + 120);
    assert!(!err.contains("backup dut"), "{err}");
}

/// Data Engineer 2's time off on 3 and 4 Nov (Data Engineer 4's week) entered after it passed, on a site where
/// their pipelines' backup (Data Engineer 4) holds more than 10 on every holiday: the
/// 12 duties it adds are one new event of many. On main nothing warned: no previous
/// event named those pipelines one by one, so each was taken for a pipeline added (whose
/// past duties are published quietly, by decision). Pipelines of an event of many whose
/// record is unchanged were in the site the build replaces: the time off warns, at its
/// line, as it does on a site of few pipelines.
#[test]
fn time_off_entered_late_for_pipelines_only_ever_in_events_of_many_warns() {
    let site = site_with(&pipelines("a", 11, "de2", "de4"));
    let root = site.path();
    let err = warnings_at(root, T0);
    assert!(!err.contains("backup dut"), "{err}");
    time_off(root, "de2", "2026-11-03", "2026-11-04");
    // A pipeline added in the same push joins the holiday events (one duty in each):
    // its own past duties stay quiet, the others' are still known.
    let added = pipeline("added", "de1", "de4");
    edit(
        root,
        "content/pipelines.yaml",
        "pipelines:\n",
        &format!("pipelines:\n{added}"),
    );
    let err = warnings_at(root, T0 + 60);
    assert!(!err.contains("ADDED"), "{err}");
    assert!(read(&root.join("public/oncall/de4.ics"))
        .contains("UID:backups-away-de2-20261103-20261104.de4@"));
    let team = read(&root.join("content/team.yaml"));
    let at = 1 + team.lines().position(|l| l.contains("2026-11-03")).unwrap();
    assert!(err.contains(&format!("content/team.yaml:{at}:")), "{err}");
    assert!(
        err.contains("12 backup duties already past now show another backup"),
        "{err}"
    );
    assert!(
        err.contains("Tue 3 Nov 2026 to Wed 4 Nov 2026, A 0 (Data Engineer 2 is away): none before, Data Engineer 4 now"),
        "{err}"
    );
}
