//! Session 30's feed findings: hostile on-call data cannot make the feeds grow with
//! pipelines × holidays × shifts (F5); an absence listed twice (team.yaml and a PTO
//! calendar) gives one backup event, not two with one UID, and rebuilds leave the feeds
//! alone (F2); a backup while both owners are away keeps its UID as the horizon moves
//! (F4).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks.
const T0: u64 = 1_780_000_000;
const WEEK: u64 = 7 * 86_400;

fn build(root: &Path, epoch: u64) {
    let o = build_at(root, epoch);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
}

/// The events of a feed, unfolded, each as its lines.
fn events(feed: &Path) -> Vec<Vec<String>> {
    let text = read(feed).replace("\r\n ", "");
    text.split("BEGIN:VEVENT\r\n")
        .skip(1)
        .map(|e| {
            e.split("\r\n")
                .take_while(|l| *l != "END:VEVENT")
                .map(String::from)
                .collect()
        })
        .collect()
}

fn uid(event: &[String]) -> &str {
    event
        .iter()
        .find_map(|l| l.strip_prefix("UID:"))
        .expect("a UID")
}

/// Adds `lines` as engineer `id`'s time off in team.yaml.
fn time_off(root: &Path, id: &str, lines: &str) {
    let github = format!("    github: example-{id}\n");
    edit(
        root,
        "content/team.yaml",
        &github,
        &format!("{github}    time_off:\n{lines}"),
    );
}

/// Every UID of every feed, by feed.
fn uids(public: &Path) -> BTreeMap<String, Vec<String>> {
    feed_files(public)
        .iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, events(f).iter().map(|e| uid(e).to_string()).collect())
        })
        .collect()
}

/// 300 pipelines, 60 holidays and one owner's 20 days off, with daily shifts: the
/// backups number 300 × 80, but the feeds hold an event per holiday and per day off in
/// the backup's feed, and no event's text names more than a few of them.
#[test]
fn hostile_oncall_data_gives_bounded_feeds() {
    let site = example_site();
    let root = site.path();
    let mut pipelines = String::new();
    for i in 0..300 {
        pipelines.push_str(&format!(
            "  - {{ id: p{i}, name: \"Pipeline number {i} with a long name\", domain: profit, audience: x, primary: de1, secondary: de2 }}\n"
        ));
    }
    let path = root.join("content/pipelines.yaml");
    std::fs::write(&path, read(&path) + &pipelines).unwrap();
    edit(root, "content/oncall.yaml", "shift: weekly", "shift: daily");
    let taken = read(&root.join("content/oncall.yaml"));
    let start = chrono::NaiveDate::from_ymd_opt(2026, 5, 26).unwrap();
    let mut holidays = String::new();
    let mut n = 0;
    for d in start.iter_days().take(70) {
        if n < 60 && !taken.contains(&d.to_string()) {
            holidays.push_str(&format!("  - {{ date: {d}, name: \"Holiday {n}\" }}\n"));
            n += 1;
        }
    }
    edit(
        root,
        "content/oncall.yaml",
        "\nholidays:\n",
        &format!("\nholidays:\n{holidays}"),
    );
    edit(
        root,
        "content/oncall.yaml",
        "\nrotation:\n",
        "\nhorizon: { past_weeks: 1, future_weeks: 12 }\nrotation:\n",
    );
    let offs: String = (0..20)
        .map(|i| {
            let d = start + chrono::Duration::days(3 * i + 1);
            format!("      - {{ from: {d}, to: {d} }}\n")
        })
        .collect();
    time_off(root, "de1", &offs);
    build(root, T0);

    let public = root.join("public");
    let de2 = events(&public.join("oncall/de2.ics"));
    let backups = de2.iter().filter(|e| uid(e).starts_with("backup")).count();
    // 60 holidays and 20 days off (the example's own duties besides); a backup event per
    // pipeline as well would be 24,000.
    assert!((80..=200).contains(&backups), "{backups} backup events");
    let mut total = 0;
    for feed in feed_files(&public) {
        total += std::fs::metadata(&feed).unwrap().len();
        for e in events(&feed) {
            let description = e.iter().find(|l| l.starts_with("DESCRIPTION:")).unwrap();
            assert!(
                description.len() < 3_000,
                "{}: {} bytes of description",
                uid(&e),
                description.len()
            );
        }
    }
    // Each holiday shift once named all 300 backups, and each day off 300 more.
    assert!(total < 1_500_000, "{total} bytes of feeds");
    let team = read(&public.join("oncall.ics")).replace("\r\n ", "");
    assert!(
        team.contains("and 295 more pipelines: see "),
        "a holiday's backups counted"
    );
    let mine = read(&public.join("oncall/de2.ics")).replace("\r\n ", "");
    // de2 is the secondary owner of the 300 and of one of the example's five.
    assert!(
        mine.contains("SUMMARY:Backup for 301 pipelines: Holiday 0\r\n"),
        "{}",
        &mine[..mine.len().min(20_000)]
    );
}

/// A vacation in team.yaml and again in the PTO export, ending on another day: one
/// backup event per pipeline, no UID twice in any feed, and a rebuild with the same data
/// writes the same feeds.
#[test]
fn an_absence_listed_twice_gives_one_backup_and_stable_feeds() {
    let site = example_site();
    let root = site.path();
    time_off(
        root,
        "de2",
        "      - { from: 2026-08-03, to: 2026-08-07, reason: Vacation }\n",
    );
    std::fs::create_dir_all(root.join("content/calendars")).unwrap();
    std::fs::write(
        root.join("content/calendars/de2-pto.ics"),
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:hr\r\nBEGIN:VEVENT\r\nUID:pto1\r\n\
         DTSTART;VALUE=DATE:20260803\r\nDTEND;VALUE=DATE:20260811\r\nSUMMARY:Vacation\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let path = root.join("content/oncall.yaml");
    std::fs::write(
        &path,
        read(&path) + "calendars:\n  time_off: { de2: [calendars/de2-pto.ics] }\n",
    )
    .unwrap();
    let public = root.join("public");
    let mut feeds = Vec::new();
    for hour in 0..3 {
        build(root, T0 + hour * 3600);
        for (feed, list) in uids(&public) {
            let unique: BTreeSet<&String> = list.iter().collect();
            assert_eq!(unique.len(), list.len(), "a UID twice in {feed}");
        }
        feeds.push(
            feed_files(&public)
                .iter()
                .map(|f| (f.clone(), std::fs::read(f).unwrap()))
                .collect::<Vec<_>>(),
        );
    }
    let de4 = read(&public.join("oncall/de4.ics")).replace("\r\n ", "");
    assert!(de4.contains("UID:backup-aggregate-profit-away-20260803.de4@"));
    assert!(
        de4.contains("DTEND;VALUE=DATE:20260811"),
        "the longer of the two"
    );
    assert!(
        feeds[1] == feeds[2],
        "a rebuild with the same data changed a feed"
    );
}

/// Both owners of unit-level-profit away from before the horizon's start: the backups
/// (the secondaries on call) keep their UIDs as the clock moves a week, and only events
/// leaving the horizon go.
#[test]
fn a_backup_while_both_owners_are_away_keeps_its_uid_as_the_horizon_moves() {
    let site = example_site();
    let root = site.path();
    time_off(
        root,
        "de1",
        "      - { from: 2026-04-06, to: 2026-06-20 }\n",
    );
    time_off(
        root,
        "de3",
        "      - { from: 2026-04-06, to: 2026-06-20 }\n",
    );
    let public = root.join("public");
    let backups = |public: &Path| -> BTreeSet<String> {
        uids(public)
            .into_values()
            .flatten()
            .filter(|u| u.starts_with("backup-unit-level-profit-away-"))
            .collect()
    };
    // Every event of every feed, by feed and UID, as written.
    let texts = |public: &Path| -> BTreeMap<(String, String), String> {
        let mut out = BTreeMap::new();
        for f in feed_files(public) {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            for e in events(&f) {
                out.insert((name.clone(), uid(&e).to_string()), e.join("\n"));
            }
        }
        out
    };
    let t = 1_778_000_000;
    build(root, t + WEEK);
    let first = backups(&public);
    assert!(first.len() >= 2, "{first:?}");
    let mut last = texts(&public);
    for week in 2..4 {
        build(root, t + week * WEEK);
        // Nothing changed but the clock: an event in both builds is the same bytes (the
        // shifts' "Primary owners away" named the cut runs, and changed with them).
        let now = texts(&public);
        for (key, text) in &now {
            if let Some(before) = last.get(key) {
                assert_eq!(before, text, "week {week}: {key:?}");
            }
        }
        last = now;
        let next = backups(&public);
        assert!(!next.is_empty());
        let new: Vec<&String> = next.difference(&first).collect();
        assert!(
            new.is_empty(),
            "week {week}: new UIDs {new:?} (before: {first:?})"
        );
    }
}

/// A three-hour override at the very start of de1's week: the rest of the week keeps the
/// shift's UID (its event is edited, not deleted and made anew), in the team feed and in
/// de1's, as an override in the middle of the week does.
#[test]
fn an_override_at_the_start_of_a_shift_keeps_the_shift_uid() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    build(root, T0);
    let holder = |public: &Path| -> Vec<String> {
        uids(public)
            .into_values()
            .flatten()
            .filter(|u| u.starts_with("shift-28"))
            .collect()
    };
    let before = holder(&public);
    assert!(
        before.iter().any(|u| u.starts_with("shift-28@")),
        "{before:?}"
    );
    let path = root.join("content/oncall.yaml");
    std::fs::write(
        &path,
        read(&path)
            + "overrides:\n  - { from: \"2026-07-20 09:00\", to: \"2026-07-20 12:00\", engineer: de3, reason: dentist }\n",
    )
    .unwrap();
    build(root, T0 + 86_400);
    let after = holder(&public);
    assert_eq!(after, before, "the week's UIDs");
    let team = read(&public.join("oncall.ics")).replace("\r\n ", "");
    let event = team
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:shift-28@"))
        .unwrap();
    assert!(event.contains("DTSTART:20260720T160000Z"), "{event}");
    let risen = format!("SEQUENCE:{}\r\n", sequence_floor(T0 + 86_400));
    assert!(event.contains(&risen), "{event}");
    assert!(!team.contains("X-PIPEBOOK-RETIRED:0 20260727T130000Z shift-28@"));
}

/// Both owners of two pipelines away across the horizon's end: the day of the last
/// handoff belongs to a shift not shown, with no secondary on call; it is no conflict
/// (the build failed for it, and would have passed a week later).
#[test]
fn both_owners_away_across_the_horizon_end_is_no_conflict() {
    let site = example_site();
    let root = site.path();
    time_off(
        root,
        "de1",
        "      - { from: 2027-05-01, to: 2027-07-01 }\n",
    );
    time_off(
        root,
        "de3",
        "      - { from: 2027-05-01, to: 2027-07-01 }\n",
    );
    build(root, T0);
    let all: Vec<String> = uids(&root.join("public")).into_values().flatten().collect();
    assert!(all
        .iter()
        .any(|u| u.starts_with("backup-unit-level-profit-away-202705")));
}
