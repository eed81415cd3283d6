//! The calendar's guarantees as properties, over random rotations built by the binary.
//!
//! 1. `oncall.json` (which the "on call now" boxes read), the schedule page and the
//!    feeds name the same engineer for every instant, and each shift starts at its
//!    handoff's local time read as RFC 5545 reads it, across daylight-saving changes in
//!    Berlin, São Paulo's (historical, to 2019), Lord Howe's (30 minutes) and New York.
//! 2. A rotation edited between two builds (an engineer added or removed, two swapped,
//!    the shift length or the start changed): README, "Calendar feeds", promises no
//!    effective time for such an edit (rule 1 renumbers every shift, served ones too);
//!    it promises that every event keeps its UID, no `SEQUENCE` falls, one rises wherever
//!    who or when changed, an event whose text is unchanged is left byte for byte, and
//!    the build warns of every served shift that now shows someone else, and of no other.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use common::*;
use proptest::prelude::*;

const ZONES: [(&str, i32); 4] = [
    ("Europe/Berlin", 2026),
    ("America/Sao_Paulo", 2015),
    ("Australia/Lord_Howe", 2026),
    ("America/New_York", 2026),
];
const NAMES: [&str; 6] = ["Ana A", "Ben B", "Cy C", "Di D", "Ed E", "Flo F"];

#[derive(Debug, Clone)]
struct Rotation {
    order: Vec<usize>,
    zone: usize,
    hour: u32,
    minute: u32,
    /// Days per shift: 1, 3 or 7.
    days: i64,
    /// Days from the zone's base year's 5 January to `start`.
    start: i64,
}

impl Rotation {
    fn start_date(&self) -> NaiveDate {
        let base = NaiveDate::from_ymd_opt(ZONES[self.zone].1, 1, 5).unwrap();
        base + Duration::days(self.start)
    }

    fn oncall_yaml(&self) -> String {
        let start = self.start_date();
        let order: Vec<String> = self.order.iter().map(|i| format!("e{i}")).collect();
        let shift = match self.days {
            7 => "weekly".to_string(),
            1 => "daily".to_string(),
            n => format!("\"{n} days\""),
        };
        format!(
            "rotation:\n  order: [{}]\n  start: {start}\n  handoff: {{ weekday: {}, time: \"{:02}:{:02}\" }}\n  timezone: {}\n  shift: {shift}\nhorizon: {{ past_weeks: 8, future_weeks: 30 }}\n",
            order.join(", "),
            start.format("%A").to_string().to_lowercase(),
            self.hour,
            self.minute,
            ZONES[self.zone].0,
        )
    }

    /// When shift `k` begins: its local date and handoff time in the zone, a time in a
    /// gap read with the offset before it, a repeated one at its first occurrence.
    fn handoff(&self, k: i64) -> DateTime<Utc> {
        let tz: Tz = ZONES[self.zone].0.parse().unwrap();
        let date = self.start_date() + Duration::days(k * self.days);
        let local = date.and_time(NaiveTime::from_hms_opt(self.hour, self.minute, 0).unwrap());
        match tz.from_local_datetime(&local).earliest() {
            Some(t) => t.with_timezone(&Utc),
            None => {
                let before = tz.from_local_datetime(&(local - Duration::hours(12)));
                let offset = before.earliest().unwrap().offset().fix();
                (local - Duration::seconds(i64::from(offset.local_minus_utc()))).and_utc()
            }
        }
    }
}

fn rotation() -> impl Strategy<Value = Rotation> {
    (
        2usize..=5,
        0..ZONES.len(),
        // Half the time an hour daylight saving skips or repeats in one of the zones.
        prop_oneof![0u32..24, 0u32..3, Just(23)],
        prop_oneof![Just(0u32), Just(30)],
        prop_oneof![Just(1i64), Just(3), Just(7)],
        0i64..120,
    )
        .prop_flat_map(|(n, zone, hour, minute, days, start)| {
            Just((0..6).collect::<Vec<_>>())
                .prop_shuffle()
                .prop_map(move |all| Rotation {
                    order: all[..n].to_vec(),
                    zone,
                    hour,
                    minute,
                    days,
                    start,
                })
        })
}

/// What a schedule holds besides its rotation: one override and one absence.
#[derive(Debug, Clone, Default)]
struct Extras {
    /// (days from the zone's base year's 5 January, local start hour, hours, place in order)
    cover: Option<(i64, u32, i64, usize)>,
    /// (place in order, days from the base, days)
    away: Option<(usize, i64, i64)>,
}

fn extras() -> impl Strategy<Value = Extras> {
    (
        proptest::option::of((0i64..330, 0u32..24, 3i64..200, 0usize..6)),
        proptest::option::of((0usize..6, 0i64..330, 1i64..10)),
    )
        .prop_map(|(cover, away)| Extras { cover, away })
}

/// Writes the site of `r` at `root`.
fn write_site(root: &Path, r: &Rotation) {
    write_site_with(root, r, &Extras::default());
}

/// Writes the site of `r` at `root`, with `x`.
fn write_site_with(root: &Path, r: &Rotation, x: &Extras) {
    let base = NaiveDate::from_ymd_opt(ZONES[r.zone].1, 1, 5).unwrap();
    let n = r.order.len();
    let mut oncall = r.oncall_yaml();
    let mut away_id = None;
    if let Some((who, day, days)) = x.away {
        let from = base + Duration::days(day);
        away_id = Some((r.order[who % n], from, from + Duration::days(days - 1)));
    }
    if let Some((day, hour, hours, who)) = x.cover {
        // Not the one away (check refuses an override onto someone's own time off).
        let id = (0..n)
            .map(|i| r.order[(who + i) % n])
            .find(|i| away_id.is_none_or(|(a, _, _)| a != *i))
            .unwrap();
        let from = (base + Duration::days(day))
            .and_hms_opt(hour, 0, 0)
            .unwrap();
        let to = from + Duration::hours(hours);
        let f = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
        oncall += &format!(
            "overrides:\n  - {{ from: \"{}\", to: \"{}\", engineer: e{id}, reason: cover }}\n",
            f(from),
            f(to)
        );
    }
    let team: String = (0..6)
        .map(|i| {
            let off = match away_id {
                Some((a, from, to)) if a == i => {
                    format!("    time_off: [{{ from: {from}, to: {to} }}]\n")
                }
                _ => String::new(),
            };
            format!("  - id: e{i}\n    name: {}\n{off}", NAMES[i])
        })
        .collect();
    for (rel, text) in [
        (
            "content/site.yaml",
            "title: T\nbase_url: https://ops.example.com/\n".to_string(),
        ),
        ("content/team.yaml", format!("engineers:\n{team}")),
        ("content/oncall.yaml", oncall),
        (
            "content/runbooks/a.md",
            "---\ntitle: A\n---\n\nRun it.\n".to_string(),
        ),
    ] {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// The build's clock: 30 to 330 days after the zone's base year's 5 January.
fn clock(r: &Rotation, days: i64) -> u64 {
    let base = Utc
        .with_ymd_and_hms(ZONES[r.zone].1, 1, 5, 12, 0, 0)
        .unwrap();
    (base + Duration::days(days)).timestamp() as u64
}

fn parse_stamp(s: &str) -> DateTime<Utc> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ")
        .unwrap()
        .and_utc()
}

/// An event: its properties by name (parameters dropped), unfolded.
type Event = BTreeMap<String, String>;

/// Every event of every feed under `public`, by feed file name and UID.
fn feeds(public: &Path) -> BTreeMap<(String, String), Event> {
    let mut out = BTreeMap::new();
    for feed in feed_files(public) {
        let name = feed.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&feed).replace("\r\n ", "");
        for e in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let e = e.split("END:VEVENT").next().unwrap();
            // The event's own properties: its alarm's come after them, and do not count.
            let mut props = Event::new();
            for (k, v) in e.split("\r\n").filter_map(|l| l.split_once(':')) {
                let k = k.split(';').next().unwrap().to_string();
                props.entry(k).or_insert_with(|| v.to_string());
            }
            out.insert((name.clone(), props["UID"].clone()), props);
        }
    }
    out
}

/// `oncall.json`'s shifts: start, end, engineer id.
fn json_shifts(public: &Path) -> Vec<(DateTime<Utc>, DateTime<Utc>, String)> {
    let json: serde_json::Value = serde_json::from_str(&read(&public.join("oncall.json"))).unwrap();
    json["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = |k: &str| s[k].as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
            (
                t("start"),
                t("end"),
                s["engineer"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn name_of(id: &str) -> &'static str {
    NAMES[id[1..].parse::<usize>().unwrap()]
}

/// Checks property 1 on the build at `public` of `r`; returns how many shifts it saw.
fn agree(public: &Path, r: &Rotation) -> Result<usize, TestCaseError> {
    agree_with(public, r, true)
}

/// [`agree`], the rotation's own handoffs and holders checked only when `plain` (no
/// override or absence moves them).
fn agree_with(public: &Path, r: &Rotation, plain: bool) -> Result<usize, TestCaseError> {
    let shifts = json_shifts(public);
    let events = feeds(public);
    prop_assert!(!shifts.is_empty());
    for w in shifts.windows(2) {
        prop_assert_eq!(w[0].1, w[1].0, "a gap or overlap in oncall.json");
    }
    for (start, end, id) in &shifts {
        // Its first, middle and last second: the team feed and the holder's feed, and no
        // other, have the holder on call.
        for t in [
            *start,
            *start + (*end - *start) / 2,
            *end - Duration::seconds(1),
        ] {
            let on = |f: &str| {
                let covering = events.iter().filter(|((file, _), ev)| {
                    file == f
                        && ev["SUMMARY"].starts_with("On call: ")
                        && parse_stamp(&ev["DTSTART"]) <= t
                        && t < parse_stamp(&ev["DTEND"])
                });
                covering
                    .map(|(_, ev)| {
                        let who = &ev["SUMMARY"]["On call: ".len()..];
                        who.trim_end_matches(" (override)").to_string()
                    })
                    .collect::<Vec<_>>()
            };
            let name = name_of(id).to_string();
            prop_assert_eq!(on("oncall.ics"), vec![name.clone()], "team feed at {}", t);
            for i in 0..6 {
                let mine = format!("e{i}") == *id;
                let expect = if mine { vec![name.clone()] } else { vec![] };
                prop_assert_eq!(on(&format!("e{i}.ics")), expect, "e{}.ics at {}", i, t);
            }
        }
        if !plain {
            continue;
        }
        // Which shift k this is, by the rotation's own rule, and its handoffs.
        let k = (0..100_000).find(|&k| r.handoff(k) >= *start).unwrap();
        prop_assert_eq!(r.handoff(k), *start, "shift {} of {:?}", k, r);
        prop_assert_eq!(r.handoff(k + 1), *end, "shift {} of {:?}", k, r);
        prop_assert_eq!(id, &format!("e{}", r.order[k as usize % r.order.len()]));
        let (s, e) = (
            start.format("%Y%m%dT%H%M%SZ").to_string(),
            end.format("%Y%m%dT%H%M%SZ").to_string(),
        );
        let summary = format!("On call: {}", name_of(id));
        let at = |feed: &str| {
            events.iter().any(|((f, _), ev)| {
                f == feed && ev["DTSTART"] == s && ev["DTEND"] == e && ev["SUMMARY"] == summary
            })
        };
        prop_assert!(at("oncall.ics"), "team feed lacks {} {} {}", s, e, summary);
        prop_assert!(at(&format!("{id}.ics")), "{}.ics lacks {} {}", id, s, e);
        // And no other engineer's feed has them on call then.
        for ((f, _), ev) in &events {
            if f != "oncall.ics" && ev["SUMMARY"].starts_with("On call: ") {
                let (a, b) = (parse_stamp(&ev["DTSTART"]), parse_stamp(&ev["DTEND"]));
                prop_assert!(
                    !(a < *end && *start < b) || f == &format!("{id}.ics"),
                    "{} overlaps {}'s {}",
                    f,
                    id,
                    s
                );
            }
        }
    }
    // The schedule page: each row's start and holder are a shift of oncall.json's, and
    // every shift not yet begun at the build has its row.
    let page = read(&public.join("oncall/index.html"));
    let mut rows = 0;
    for row in page.split("<li class=\"week").skip(1) {
        let start = row
            .split("datetime=\"")
            .nth(1)
            .and_then(|r| r.split('"').next());
        let who = row
            .split("class=\"who c")
            .nth(1)
            .and_then(|r| r.split("href=\"/engineers/").nth(1));
        let (Some(start), Some(who)) = (start, who) else {
            continue;
        };
        let start = start.parse::<DateTime<Utc>>().unwrap();
        let id = who.split('/').next().unwrap();
        prop_assert!(
            shifts.iter().any(|(s, _, e)| *s == start && e == id),
            "the page has {} at {}, oncall.json not",
            id,
            start
        );
        rows += 1;
    }
    let generated = read(&public.join("oncall.json"));
    let now = generated
        .split("\"generated\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let now = now.parse::<DateTime<Utc>>().unwrap();
    let coming = shifts.iter().filter(|(s, _, _)| *s > now).count();
    prop_assert!(
        rows >= coming,
        "{} rows for {} shifts to come",
        rows,
        coming
    );
    Ok(shifts.len())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// With an override (any hour, 3 to 200 hours: across daylight-saving changes too)
    /// and an absence, which move shifts: the same agreement, instant by instant.
    #[test]
    fn overrides_and_time_off_keep_json_page_and_feeds_in_agreement(
        r in rotation(),
        x in extras(),
        days in 30i64..330,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_site_with(root, &r, &x);
        let out = build_at(root, clock(&r, days));
        prop_assert!(out.status.success(), "{}", stderr(&out));
        agree_with(&root.join("public"), &r, false)?;
    }

    #[test]
    fn oncall_json_and_the_feeds_name_the_same_engineer_across_daylight_saving(
        r in rotation(),
        days in 30i64..330,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_site(root, &r);
        let out = build_at(root, clock(&r, days));
        prop_assert!(out.status.success(), "{}", stderr(&out));
        agree(&root.join("public"), &r)?;
    }
}

#[derive(Debug, Clone)]
enum Edit {
    /// An engineer not in `order` added at this place.
    Add(usize),
    /// The one at this place taken out (when two would remain).
    Remove(usize),
    /// The two at these places swapped.
    Swap(usize, usize),
    /// Shifts of these days.
    Length(i64),
    /// `start` this many weeks later.
    Later(i64),
    /// The handoff at this hour and minute.
    Handoff(u32, u32),
    /// This zone (of those whose base year is the same).
    Zone(usize),
}

fn apply(r: &Rotation, edit: &Edit) -> Rotation {
    let mut r = r.clone();
    let n = r.order.len();
    match *edit {
        Edit::Add(at) => {
            let new = (0..6).find(|i| !r.order.contains(i)).unwrap();
            r.order.insert(at % (n + 1), new);
        }
        Edit::Remove(at) if n > 2 => {
            r.order.remove(at % n);
        }
        Edit::Remove(_) => {}
        Edit::Swap(a, b) => r.order.swap(a % n, b % n),
        Edit::Length(days) => r.days = days,
        Edit::Later(weeks) => r.start += 7 * weeks,
        Edit::Handoff(hour, minute) => (r.hour, r.minute) = (hour, minute),
        Edit::Zone(zone) if ZONES[zone].1 == ZONES[r.zone].1 => r.zone = zone,
        Edit::Zone(_) => {}
    }
    r
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..6).prop_map(Edit::Add),
        (0usize..6).prop_map(Edit::Remove),
        (0usize..6, 0usize..6).prop_map(|(a, b)| Edit::Swap(a, b)),
        prop_oneof![Just(1i64), Just(3), Just(7), Just(14)].prop_map(Edit::Length),
        (1i64..4).prop_map(Edit::Later),
        (
            prop_oneof![0u32..24, 0u32..3],
            prop_oneof![Just(0u32), Just(30)]
        )
            .prop_map(|(h, m)| Edit::Handoff(h, m)),
        (0..ZONES.len()).prop_map(Edit::Zone),
    ]
}

/// Who `shifts` has on call at `t`.
fn holder(shifts: &[(DateTime<Utc>, DateTime<Utc>, String)], t: DateTime<Utc>) -> Option<&str> {
    (shifts.iter())
        .find(|(s, e, _)| *s <= t && t < *e)
        .map(|(_, _, id)| id.as_str())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_rotation_edit_keeps_uids_raises_sequence_where_it_moves_and_warns_of_served_shifts(
        r in rotation(),
        e in edit(),
        days in 30i64..200,
        later in 1i64..40,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_site(root, &r);
        let t0 = clock(&r, days);
        prop_assert!(build_at(root, t0).status.success());
        let before = feeds(&root.join("public"));
        let old = json_shifts(&root.join("public"));
        let edited = apply(&r, &e);
        write_site(root, &edited);
        let t1 = t0 + later as u64 * 86_400;
        let out = build_at(root, t1);
        prop_assert!(out.status.success(), "{}", stderr(&out));
        let after = feeds(&root.join("public"));
        let new = json_shifts(&root.join("public"));
        agree(&root.join("public"), &edited)?;
        for (key, b) in &before {
            let Some(a) = after.get(key) else { continue };
            let seq = |e: &Event| e["SEQUENCE"].parse::<u64>().unwrap();
            prop_assert!(seq(a) >= seq(b), "{:?}: SEQUENCE fell", key);
            let who_when = |e: &Event| (e["DTSTART"].clone(), e["DTEND"].clone(), e["SUMMARY"].clone());
            if who_when(a) != who_when(b) {
                prop_assert!(seq(a) > seq(b), "{:?}: moved, SEQUENCE kept", key);
            }
            if who_when(a) == who_when(b) && a["DESCRIPTION"] == b["DESCRIPTION"] {
                prop_assert_eq!(a, b, "{:?}: same text, event rewritten", key);
            }
        }
        // Shifts served (ended by t1) whose middle the site replaced held with someone
        // else: README, "a build that replaces a site compares the shifts already served
        // ... each with the shift or override event that held its middle".
        let t1 = DateTime::from_timestamp(t1 as i64, 0).unwrap();
        let moved = new
            .iter()
            .filter(|(_, e, _)| *e <= t1)
            .filter(|(s, e, id)| {
                holder(&old, *s + (*e - *s) / 2).is_some_and(|was| was != id.as_str())
            })
            .count();
        // Served shifts of the same holder and length whose times moved (a handoff or
        // zone changed): README, "a build that replaces a site ... warns of served
        // shifts whose holder is the one published but whose times moved".
        let retimed = new
            .iter()
            .filter(|(_, e, _)| *e <= t1)
            .filter(|(s, e, id)| {
                let middle = *s + (*e - *s) / 2;
                (old.iter()).any(|(os, oe, was)| {
                    *os <= middle && middle < *oe && was == id && *oe - *os == *e - *s && os != s
                })
            })
            .count();
        let err = stderr(&out);
        // The count a warning begins with, of the warning that says `said` (the holders'
        // warning, not the secondaries': "… now shows someone else second on call" also
        // says "already served now show", and its shifts are not `moved`'s).
        let count = |said: &str| {
            (err.lines())
                .filter_map(|l| l.strip_prefix("warning: "))
                .find(|l| l.contains(said))
                .and_then(|l| l.split(' ').next())
                .map_or(0, |n| n.parse::<usize>().unwrap())
        };
        let said = count(" someone else on call than the site");
        prop_assert_eq!(said, moved, "{:?} -> {:?}\n{}", r, edited, err);
        let said = count(" already served now start");
        prop_assert_eq!(said, retimed, "{:?} -> {:?}\n{}", r, edited, err);
    }
}
