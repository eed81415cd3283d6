//! Calendars as a subscriber sees them across builds: Google, Outlook and Apple keep events
//! by UID and take an update only with a higher SEQUENCE (or, at the same one, a newer
//! DTSTAMP). For each change an author makes, the feeds of the next build (the previous
//! site kept) must parse, keep every UID that still names the same thing, never lower a
//! SEQUENCE, raise it whenever who or when changes, and leave every other event byte for
//! byte alone. A damaged previous feed must not fail the build, nor reset SEQUENCE
//! silently.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks.
const T0: u64 = 1_780_000_000;
const DAY: u64 = 86_400;

/// An event of a feed: its properties by name (parameters dropped), and its text.
#[derive(Clone, Debug)]
struct Event {
    props: BTreeMap<String, String>,
    text: String,
}

impl Event {
    fn get(&self, name: &str) -> &str {
        self.props.get(name).map_or("", String::as_str)
    }

    fn sequence(&self) -> u32 {
        self.get("SEQUENCE").parse().unwrap()
    }

    /// What a calendar shows of who and when.
    fn who_when(&self) -> (&str, &str, &str) {
        (self.get("DTSTART"), self.get("DTEND"), self.get("SUMMARY"))
    }
}

type Events = BTreeMap<(String, String), Event>;

fn build(root: &Path, epoch: u64) -> std::process::Output {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

/// Every event of every feed, by feed and UID; each feed must be a calendar the `ical`
/// crate reads whole, with as many events as it holds, and no UID twice.
fn events(public: &Path) -> Events {
    let mut out = Events::new();
    for feed in common::feed_files(public) {
        let name = feed.file_name().unwrap().to_string_lossy().into_owned();
        let raw = read(&feed);
        let cal = ical::IcalParser::new(raw.as_bytes())
            .next()
            .expect("a calendar")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = raw.replace("\r\n ", "");
        let mut count = 0;
        for block in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let block = &block[..block.find("END:VEVENT").unwrap()];
            let props: BTreeMap<String, String> = block
                .split("\r\n")
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.split(';').next().unwrap().to_string(), v.to_string()))
                .collect();
            let uid = props["UID"].clone();
            let old = out.insert(
                (name.clone(), uid.clone()),
                Event {
                    props,
                    text: block.to_string(),
                },
            );
            assert!(old.is_none(), "{name}: {uid} twice");
            count += 1;
        }
        assert_eq!(cal.events.len(), count, "{name}: ical reads every event");
    }
    out
}

/// How the events of `after` stand to those of `before`.
#[derive(Debug, Default)]
struct Churn {
    same: usize,
    /// Text changed, who and when did not: same SEQUENCE, newer DTSTAMP.
    text: usize,
    /// Who or when changed: SEQUENCE raised.
    moved: usize,
    added: Vec<(String, String)>,
    removed: Vec<(String, String)>,
}

/// Compares two builds' events, asserting what must hold of every change.
fn churn(before: &Events, after: &Events, what: &str) -> Churn {
    let mut c = Churn::default();
    for (key, new) in after {
        let Some(old) = before.get(key) else {
            c.added.push(key.clone());
            continue;
        };
        if old.text == new.text {
            c.same += 1;
            continue;
        }
        assert!(
            new.sequence() >= old.sequence(),
            "{what}: {key:?} SEQUENCE {} -> {}",
            old.sequence(),
            new.sequence()
        );
        assert!(
            new.get("DTSTAMP") > old.get("DTSTAMP"),
            "{what}: {key:?} changed without a newer DTSTAMP"
        );
        if old.who_when() == new.who_when() {
            c.text += 1;
        } else {
            assert!(
                new.sequence() > old.sequence(),
                "{what}: {key:?} moved {:?} -> {:?} at the same SEQUENCE",
                old.who_when(),
                new.who_when()
            );
            c.moved += 1;
        }
    }
    c.removed = before
        .keys()
        .filter(|k| !after.contains_key(*k))
        .cloned()
        .collect();
    c
}

/// The example site built at `T0`, then changed by `change` and built a day later.
fn before_and_after(change: impl FnOnce(&Path)) -> (tempfile::TempDir, Events, Events) {
    let site = example_site();
    let root = site.path();
    build(root, T0);
    let before = events(&root.join("public"));
    change(root);
    build(root, T0 + DAY);
    let after = events(&root.join("public"));
    (site, before, after)
}

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let old = read(&path);
    std::fs::write(&path, old + text).unwrap();
}

fn team_event<'a>(events: &'a Events, slot: &str) -> &'a Event {
    &events[&(
        "oncall.ics".to_string(),
        format!("shift-{slot}@pipebook-example.netlify.app"),
    )]
}

fn hours(e: &Event) -> i64 {
    let at = |s: &str| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
            .unwrap()
            .and_utc()
    };
    (at(e.get("DTEND")) - at(e.get("DTSTART"))).num_hours()
}

const SWAP: &str = "overrides:
  - { from: \"2026-06-08 09:00\", to: \"2026-06-15 09:00\", engineer: de2, reason: \"swap with de3\" }
  - { from: \"2026-06-15 09:00\", to: \"2026-06-22 09:00\", engineer: de3, reason: \"swap with de2\" }
";

#[test]
fn a_swap_of_two_shifts_touches_only_their_events() {
    let (_site, before, after) = before_and_after(|root| append(root, "content/oncall.yaml", SWAP));
    let c = churn(&before, &after, "swap");
    // The two weeks' events in the team feed, and in the feeds of de2, de3 and of the
    // secondaries of those weeks; nothing else.
    let touched = |k: &(String, String)| {
        let e = before.get(k).or_else(|| after.get(k)).unwrap();
        e.get("DTSTART").starts_with("202606")
    };
    assert!(c.added.iter().all(touched), "{c:?}");
    assert!(c.removed.iter().all(touched), "{c:?}");
    assert!(c.moved + c.added.len() > 0, "{c:?}");
    assert_eq!(c.text, 0, "{c:?}");
    assert!(c.same > 200, "{c:?}");
}

#[test]
fn an_override_added_then_removed_leaves_the_feeds_as_they_were_but_newer() {
    let site = example_site();
    let root = site.path();
    build(root, T0);
    let first = events(&root.join("public"));
    let oncall = read(&root.join("content/oncall.yaml"));
    append(
        root,
        "content/oncall.yaml",
        "overrides:\n  - { from: \"2026-06-10 18:00\", to: \"2026-06-12 09:00\", engineer: de1, reason: \"cover\" }\n",
    );
    build(root, T0 + DAY);
    let with = events(&root.join("public"));
    let c = churn(&first, &with, "override added");
    assert!(!c.added.is_empty() && c.moved > 0, "{c:?}");
    std::fs::write(root.join("content/oncall.yaml"), oncall).unwrap();
    build(root, T0 + 2 * DAY);
    let without = events(&root.join("public"));
    churn(&with, &without, "override removed");
    // Every event is back where it was: same UIDs, same who and when; those the override
    // touched have a higher SEQUENCE than they had, the others are byte for byte the same.
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        without.keys().collect::<Vec<_>>()
    );
    let mut raised = 0;
    for (key, old) in &first {
        let new = &without[key];
        assert_eq!(old.who_when(), new.who_when(), "{key:?}");
        if old.text != new.text {
            assert!(new.sequence() > old.sequence(), "{key:?}");
            raised += 1;
        }
    }
    assert!(raised > 0 && raised < 10, "{raised} events raised");
}

#[test]
fn an_engineer_renamed_keeps_every_uid_and_raises_only_their_events() {
    let (_site, before, after) = before_and_after(|root| {
        edit(
            root,
            "content/team.yaml",
            "name: Data Engineer 2",
            "name: Dana Engineer",
        )
    });
    let c = churn(&before, &after, "rename");
    assert!(c.added.is_empty() && c.removed.is_empty(), "{c:?}");
    assert!(c.moved > 0, "{c:?}");
    for (key, new) in &after {
        let old = &before[key];
        if old.text != new.text {
            assert!(
                old.text.contains("Data Engineer 2") && new.text.contains("Dana Engineer"),
                "{key:?} changed without naming the engineer"
            );
        }
    }
}

#[test]
fn a_time_zone_change_or_a_midnight_handoff_moves_every_shift_under_its_uid() {
    for (from, to, offset) in [
        (
            "timezone: America/New_York\n  shift",
            "timezone: America/Chicago\n  shift",
            1,
        ),
        ("time: \"09:00\"", "time: \"00:00\"", -9),
    ] {
        let (_site, before, after) =
            before_and_after(|root| edit(root, "content/oncall.yaml", from, to));
        let c = churn(&before, &after, to);
        assert!(c.added.is_empty() && c.removed.is_empty(), "{to}: {c:?}");
        let (old, new) = (team_event(&before, "22"), team_event(&after, "22"));
        let at = |e: &Event| {
            chrono::NaiveDateTime::parse_from_str(e.get("DTSTART"), "%Y%m%dT%H%M%SZ").unwrap()
        };
        assert_eq!((at(new) - at(old)).num_hours(), offset, "{to}");
        assert!(new.sequence() > old.sequence(), "{to}");
        assert_eq!(u64::from(new.sequence()), sequence_floor(T0 + DAY), "{to}");
    }
}

#[test]
fn handoffs_across_daylight_saving_keep_their_local_time_in_the_feed() {
    let site = example_site();
    let root = site.path();
    // Handoffs on Sundays at 02:30, the hour New York skips on 14 March 2027.
    edit(
        root,
        "content/oncall.yaml",
        "start: 2026-01-05",
        "start: 2026-01-04",
    );
    edit(
        root,
        "content/oncall.yaml",
        "handoff: { weekday: monday, time: \"09:00\" }",
        "handoff: { weekday: sunday, time: \"02:30\" }",
    );
    build(root, T0);
    let all = events(&root.join("public"));
    let team: Vec<&Event> = all
        .iter()
        .filter(|(k, _)| k.0 == "oncall.ics" && k.1.starts_with("shift-"))
        .map(|(_, e)| e)
        .collect();
    let starting = |day: &str| {
        *team
            .iter()
            .find(|e| e.get("DTSTART").starts_with(day))
            .unwrap_or_else(|| panic!("no shift starting {day}"))
    };
    // Clocks go back on 1 November 2026: that week is 169 hours; forward on 14 March
    // 2027, where 02:30 is read as RFC 5545 reads it (03:30 EDT, 07:30 UTC, the instant
    // 02:30 EST would be), so the week after it is the short one.
    assert_eq!(hours(starting("20261025")), 169);
    assert_eq!(starting("20261101").get("DTSTART"), "20261101T073000Z");
    assert_eq!(hours(starting("20270307")), 168);
    assert_eq!(starting("20270314").get("DTSTART"), "20270314T073000Z");
    assert_eq!(hours(starting("20270314")), 167);
    assert_eq!(starting("20270321").get("DTSTART"), "20270321T063000Z");
    // Every other shift is a week.
    let weeks = team.iter().filter(|e| hours(e) == 168).count();
    assert_eq!(weeks + 2, team.len());
}

#[test]
fn a_rotation_that_starts_later_keeps_uids_unique_and_sequences_rising() {
    let (_site, before, after) = before_and_after(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "start: 2026-01-05",
            "start: 2026-02-02",
        )
    });
    // Slots are counted from the start, so every slot's UID names another week now:
    // its event moves, with a higher SEQUENCE (asserted by `churn`).
    let c = churn(&before, &after, "later start");
    assert!(c.moved > 0, "{c:?}");
}

#[test]
fn ten_years_of_shifts_grow_the_feeds_linearly() {
    let sizes: Vec<(usize, u64)> = [52, 520]
        .into_iter()
        .map(|weeks| {
            let site = example_site();
            let root = site.path();
            append(
                root,
                "content/oncall.yaml",
                &format!("horizon: {{ past_weeks: 4, future_weeks: {weeks} }}\n"),
            );
            build(root, T0);
            let public = root.join("public");
            let all = events(&public);
            let bytes = common::feed_files(&public)
                .iter()
                .map(|f| std::fs::metadata(f).unwrap().len())
                .sum();
            (all.len(), bytes)
        })
        .collect();
    let per_event = |(n, bytes): (usize, u64)| bytes as f64 / n as f64;
    assert!(sizes[1].0 > 5 * sizes[0].0, "{sizes:?}");
    assert!(
        per_event(sizes[1]) < 1.1 * per_event(sizes[0]),
        "bytes per event grow: {sizes:?}"
    );
}

/// Builds the example site twice, the second time with every engineer renamed, so
/// that most events stand at the second build's floor, above the first's: a reset shows.
fn site_at_sequence_one() -> (tempfile::TempDir, Events) {
    let site = example_site();
    let root = site.path();
    build(root, T0);
    for n in 1..=4 {
        edit(
            root,
            "content/team.yaml",
            &format!("name: Data Engineer {n}"),
            &format!("name: Engineer No. {n}"),
        );
    }
    build(root, T0 + DAY);
    let events = events(&root.join("public"));
    let risen = |e: &&Event| u64::from(e.sequence()) == sequence_floor(T0 + DAY);
    assert!(events.values().filter(risen).count() > 100);
    (site, events)
}

#[test]
fn a_damaged_previous_feed_is_a_warning_and_what_it_holds_carries_on() {
    let (site, before) = site_at_sequence_one();
    let root = site.path();
    let team = root.join("public/oncall.ics");
    let text = read(&team);
    // Cut short, as by a full disk, after an event in its middle: half the events are lost.
    let at = text[text.len() / 2..].find("\r\nBEGIN:VEVENT").unwrap() + text.len() / 2 + 2;
    let cut = text[..at].to_string();
    let cut_line = cut.lines().count();
    std::fs::write(&team, &cut).unwrap();
    // Not UTF-8 from its middle on.
    let de1 = root.join("public/oncall/de1.ics");
    let mut bytes = std::fs::read(&de1).unwrap();
    let half = bytes.len() / 2;
    bytes[half] = 0xff;
    std::fs::write(&de1, &bytes).unwrap();

    let out = build(root, T0 + 2 * DAY);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("public/oncall.ics:{cut_line}:1")),
        "{err}"
    );
    assert!(
        err.contains("the previous site's feed is cut short"),
        "{err}"
    );
    assert!(
        err.contains("public/oncall/de1.ics:") && err.contains("is not UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("written as changed"),
        "the warning says what it costs: {err}"
    );
    let after = events(&root.join("public"));
    // The events read keep their SEQUENCE; the others start again, as warned.
    let kept = |feed: &str| {
        after
            .iter()
            .filter(|(k, e)| k.0 == feed && e.sequence() == before[*k].sequence())
            .count()
    };
    assert!(kept("oncall.ics") > 10, "{}", kept("oncall.ics"));
    assert!(kept("de1.ics") > 5, "{}", kept("de1.ics"));
    // Whole feeds were not damaged: no warning, no change.
    assert!(!err.contains("de2.ics"), "{err}");
    for (key, e) in &after {
        if key.0 == "de2.ics" {
            assert_eq!(e.text, before[key].text, "{key:?}");
        }
    }
}

#[test]
fn the_feeds_of_an_older_pipebook_never_lower_a_sequence() {
    // pipebook before X-PIPEBOOK-REVISION wrote events without it: their SEQUENCE must
    // still be the floor of the next one, or calendar apps ignore the next change.
    let (site, before) = site_at_sequence_one();
    let root = site.path();
    for feed in common::feed_files(&root.join("public")) {
        let text = read(&feed)
            .split_inclusive("\r\n")
            .filter(|l| !l.starts_with("X-PIPEBOOK-REVISION:"))
            .collect::<String>();
        std::fs::write(&feed, text).unwrap();
    }
    let out = build(root, T0 + 2 * DAY);
    // (The example's runbooks were reviewed after T0, which is said.)
    let err = stderr(&out);
    assert!(
        !err.lines()
            .any(|l| l.starts_with("warning") && !l.contains("last_reviewed")),
        "{err}"
    );
    let after = events(&root.join("public"));
    for (key, old) in &before {
        let new = &after[key];
        assert!(
            new.sequence() >= old.sequence(),
            "{key:?}: {} -> {}",
            old.sequence(),
            new.sequence()
        );
    }
    // And the build after that is at rest again: nothing changes.
    build(root, T0 + 3 * DAY);
    let again = events(&root.join("public"));
    for (key, e) in &after {
        assert_eq!(e.text, again[key].text, "{key:?}");
    }
}

/// The `X-PIPEBOOK-RETIRED` lines of the team feed: the events it remembers.
fn remembered(public: &Path) -> Vec<String> {
    read(&public.join("oncall.ics"))
        .replace("\r\n ", "")
        .split("\r\n")
        .filter_map(|l| l.strip_prefix("X-PIPEBOOK-RETIRED:"))
        .map(str::to_string)
        .collect()
}

#[test]
fn an_event_that_comes_back_takes_a_sequence_above_any_it_had() {
    // A client that kept an event the feed dropped (a shift replaced by a whole-week
    // override, an override removed) takes it back only at a higher SEQUENCE.
    let (site, first) = site_at_sequence_one();
    let root = site.path();
    let public = root.join("public");
    let oncall = read(&root.join("content/oncall.yaml"));
    append(root, "content/oncall.yaml", SWAP);
    build(root, T0 + 2 * DAY);
    let with = events(&public);
    let gone: Vec<_> = first.keys().filter(|k| !with.contains_key(*k)).collect();
    assert!(gone.len() >= 2, "{gone:?}");
    let at = |e: &Event, epoch: u64| u64::from(e.sequence()) == sequence_floor(epoch);
    assert!(gone.iter().all(|k| at(&first[*k], T0 + DAY)), "{gone:?}");
    assert!(!remembered(&public).is_empty());
    // The overrides' events raised to this build's floor, the shifts' still away.
    for n in 1..=4 {
        edit(
            root,
            "content/team.yaml",
            &format!("name: Engineer No. {n}"),
            &format!("name: Data Engineer {n}"),
        );
    }
    build(root, T0 + 3 * DAY);
    let renamed = events(&public);
    let overrides: Vec<_> = renamed.keys().filter(|k| !first.contains_key(*k)).collect();
    assert!(overrides.len() >= 2, "{overrides:?}");
    assert!(overrides.iter().all(|k| at(&renamed[*k], T0 + 3 * DAY)));

    std::fs::write(root.join("content/oncall.yaml"), &oncall).unwrap();
    build(root, T0 + 4 * DAY);
    let without = events(&public);
    for key in &gone {
        let (old, new) = (first[*key].sequence(), without[*key].sequence());
        assert!(new > old, "{key:?} came back at SEQUENCE {new}, had {old}");
    }

    append(root, "content/oncall.yaml", SWAP);
    build(root, T0 + 5 * DAY);
    let again = events(&public);
    for key in &overrides {
        let (old, new) = (renamed[*key].sequence(), again[*key].sequence());
        assert!(new > old, "{key:?} came back at SEQUENCE {new}, had {old}");
    }
    // At rest, the memory and every event stay byte for byte.
    let feed = read(&public.join("oncall.ics"));
    build(root, T0 + 5 * DAY);
    assert_eq!(read(&public.join("oncall.ics")), feed);
    // Remembered no longer than the events could come back: once their weeks are past
    // the horizon's start, forgotten.
    assert!(remembered(&public).iter().any(|r| r.contains(" 202606")));
    std::fs::write(root.join("content/oncall.yaml"), &oncall).unwrap();
    build(root, T0 + 200 * DAY);
    let later = remembered(&public);
    assert!(!later.iter().any(|r| r.contains(" 202606")), "{later:?}");
}
