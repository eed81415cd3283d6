//! Property tests of the schedule engine over random rotations, holidays and time off.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use common::{away, away_on, id};
use pipebook::model::{Horizon, OnCall, Override, Pipeline, Pipelines, Team};
use pipebook::schedule::{self, Resolved};
use proptest::prelude::*;

#[path = "schedule_common/mod.rs"]
mod common;

const ZONES: [Tz; 4] = [
    chrono_tz::America::New_York,
    chrono_tz::Europe::Berlin,
    chrono_tz::Australia::Sydney,
    chrono_tz::UTC,
];

#[derive(Debug, Clone)]
struct Case {
    people: usize,
    order: Vec<usize>,
    days: u32,
    zone: usize,
    hour: u32,
    start_offset: i64,
    now_offset: i64,
    holidays: Vec<i64>,
    time_off: Vec<(usize, i64, i64)>,
    /// (engineer, start in hours from the rotation's start, length in hours).
    overrides: Vec<(usize, i64, i64)>,
    /// Cover for an absence: (index into `time_off`, engineer), over its days exactly, as
    /// overrides are usually written.
    covers: Vec<(usize, usize)>,
}

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 6).unwrap()
}

fn case(with_time_off: bool) -> impl Strategy<Value = Case> {
    case_with(with_time_off, false)
}

/// Cases with time off and, when `with_overrides`, overrides over the same weeks: some
/// anywhere (up to three weeks long, so across handoffs), some covering an absence.
fn case_with(with_time_off: bool, with_overrides: bool) -> impl Strategy<Value = Case> {
    (
        2usize..=6,
        prop_oneof![Just(7u32), Just(1), Just(14), Just(3)],
        0usize..4,
        0u32..24,
    )
        .prop_flat_map(move |(people, days, zone, hour)| {
            let order = proptest::collection::vec(0..people, people..=people + 2)
                .prop_map(move |mut o| {
                    // Everyone appears at least once.
                    for (i, slot) in o.iter_mut().enumerate().take(people) {
                        *slot = i;
                    }
                    o
                })
                .prop_shuffle();
            let cycle = i64::from(days) * (people as i64 + 2);
            // Holidays at most one per rotation cycle, as real calendars are.
            let holidays = proptest::collection::vec(0i64..12, 0..20).prop_map(move |gaps| {
                let mut at = 0;
                gaps.into_iter()
                    .map(|g| {
                        at += cycle + g;
                        at
                    })
                    .collect::<Vec<_>>()
            });
            let time_off = if with_time_off {
                proptest::collection::vec((0..people, 0i64..800, 1i64..25), 0..8).boxed()
            } else {
                Just(Vec::new()).boxed()
            };
            let overrides = if with_overrides {
                (
                    proptest::collection::vec((0..people, 0i64..800 * 24, 1i64..21 * 24), 0..6),
                    proptest::collection::vec((0usize..8, 0..people), 0..6),
                )
                    .boxed()
            } else {
                Just((Vec::new(), Vec::new())).boxed()
            };
            (
                Just(people),
                order,
                Just(days),
                Just(zone),
                Just(hour),
                0i64..60,
                0i64..500,
                holidays,
                time_off,
                overrides,
            )
        })
        .prop_map(
            |(
                people,
                order,
                days,
                zone,
                hour,
                start_offset,
                now_offset,
                holidays,
                time_off,
                (overrides, covers),
            )| {
                Case {
                    people,
                    order,
                    days,
                    zone,
                    hour,
                    start_offset,
                    now_offset,
                    holidays,
                    time_off,
                    overrides,
                    covers,
                }
            },
        )
}

fn build(c: &Case) -> (OnCall, Team, DateTime<Utc>) {
    let start = base() + Duration::days(c.start_offset);
    let time = NaiveTime::from_hms_opt(c.hour, 30, 0).unwrap();
    let rotation = common::rotation(&c.order, start, time, ZONES[c.zone], c.days);
    let mut oncall = common::oncall(
        rotation,
        common::holidays(start, &c.holidays),
        Horizon::default(),
    );
    let mut team = common::team(c.people);
    for &off in &c.time_off {
        common::time_off(&mut team, start, off);
    }
    add_overrides(c, &mut oncall, &team, start);
    let now = Utc.from_utc_datetime(
        &(base() + Duration::days(c.now_offset))
            .and_hms_opt(15, 0, 0)
            .unwrap(),
    );
    (oncall, team, now)
}

/// The case's overrides, as `check` accepts them: none overlapping another, none
/// putting someone on call during their own time off.
fn add_overrides(c: &Case, oncall: &mut OnCall, team: &Team, start: NaiveDate) {
    let at = start.and_time(NaiveTime::MIN);
    let covers = c.covers.iter().filter_map(|&(i, who)| {
        let (_, from, len) = *c.time_off.get(i)?;
        Some((who, from * 24, len * 24))
    });
    for (who, from, len) in c.overrides.iter().copied().chain(covers) {
        let (from, to) = (at + Duration::hours(from), at + Duration::hours(from + len));
        let overlaps = oncall.overrides.iter().any(|o| o.from < to && from < o.to);
        let away = team.engineers[who].time_off.iter().any(|off| {
            off.from.and_time(NaiveTime::MIN) < to
                && from < (off.to + Duration::days(1)).and_time(NaiveTime::MIN)
        });
        if !overlaps && !away {
            oncall.overrides.push(Override {
                from,
                to,
                engineer: id(who),
                reason: "cover".into(),
            });
        }
    }
}

/// A pipeline per engineer, owned by them and backed by the next.
fn pipelines(people: usize) -> Pipelines {
    Pipelines {
        domains: Vec::new(),
        pipelines: (0..people)
            .map(|i| Pipeline {
                id: format!("p{i}"),
                name: format!("P{i}"),
                description: None,
                domain: "d".into(),
                audience: "a".into(),
                primary: id(i),
                secondary: id((i + 1) % people),
                runbook: None,
                job: Vec::new(),
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_cases(300), ..ProptestConfig::default() })]

    /// Every instant of the horizon has exactly one engineer on call.
    #[test]
    fn every_instant_is_covered_once(c in case_with(true, true)) {
        let (oncall, team, now) = build(&c);
        let Resolved { schedule: s, .. } = schedule::resolve(&oncall, &team, &Pipelines::default(), now);
        let rotation_start = schedule::handoff(oncall.rotation.as_ref().unwrap(), 0);
        prop_assert!(!s.segments.is_empty() || s.to <= rotation_start);
        if let (Some(first), Some(last)) = (s.segments.first(), s.segments.last()) {
            prop_assert!(first.start <= s.from.max(rotation_start));
            prop_assert!(last.end >= s.to);
            for w in s.segments.windows(2) {
                prop_assert_eq!(w[0].end, w[1].start);
                prop_assert!(w[0].start < w[0].end);
            }
            // Spot checks: `at` finds exactly the covering segment.
            let span = (last.end - first.start).num_seconds();
            for k in 0..20 {
                let t = first.start + Duration::seconds(span * k / 20);
                let seg = s.at(t).unwrap();
                prop_assert!(seg.contains(t));
                prop_assert_eq!(s.segments.iter().filter(|x| x.contains(t)).count(), 1);
            }
        }
    }

    /// Nobody is on call during their own time off whenever someone else is free.
    #[test]
    fn nobody_is_on_call_while_away(c in case(true)) {
        let (oncall, team, now) = build(&c);
        let r = schedule::resolve(&oncall, &team, &Pipelines::default(), now);
        let tz = r.schedule.tz;
        let people: Vec<String> = (0..c.people).map(id).collect();
        for shift in &r.schedule.shifts {
            if away(&team, tz, &shift.engineer, shift.start, shift.end) {
                let anyone_free = people.iter().any(|p| !away(&team, tz, p, shift.start, shift.end));
                prop_assert!(!anyone_free, "slot {} given to {} while away, though someone was free", shift.slot, shift.engineer);
                prop_assert!(r.conflicts.iter().any(|x| x.slot == shift.slot), "no conflict reported for slot {}", shift.slot);
            }
        }
        for conflict in &r.conflicts {
            prop_assert!(people.iter().all(|p| away(&team, tz, p, conflict.start, conflict.end)));
        }
    }

    /// Every shift has a secondary on call who is not its holder and is not away during
    /// any part of it; there is none only when everyone else is away. The same holds for
    /// every segment, overrides included (one running across handoffs, or covering the
    /// holder's time off), with time off and overrides generated together.
    #[test]
    fn the_secondary_is_present(c in case_with(true, true)) {
        let (oncall, team, now) = build(&c);
        let r = schedule::resolve(&oncall, &team, &Pipelines::default(), now);
        let tz = r.schedule.tz;
        for shift in &r.schedule.shifts {
            match &shift.secondary {
                Some(s) => {
                    prop_assert_ne!(s, &shift.engineer);
                    prop_assert!(!away(&team, tz, s, shift.start, shift.end), "slot {}: {} away", shift.slot, s);
                }
                None => prop_assert!((0..c.people).map(id).all(|p| p == shift.engineer || away(&team, tz, &p, shift.start, shift.end))),
            }
        }
        for seg in &r.schedule.segments {
            match &seg.secondary {
                Some(s) => {
                    prop_assert_ne!(s, &seg.engineer);
                    prop_assert!(
                        !away(&team, tz, s, seg.start, seg.end),
                        "segment {}..{} of {} (override {:?}): secondary {} away",
                        seg.start, seg.end, seg.engineer, seg.override_index, s
                    );
                }
                None => prop_assert!(
                    (0..c.people).map(id).all(|p| p == seg.engineer || away(&team, tz, &p, seg.start, seg.end)),
                    "segment {}..{} has no secondary though someone is free", seg.start, seg.end
                ),
            }
        }
    }

    /// A backup is never away on any of its days, and every holiday and every day a
    /// primary owner is away has a backup for each pipeline concerned, or a conflict.
    #[test]
    fn backups_are_present(c in case(true)) {
        let (oncall, team, now) = build(&c);
        let pipelines = pipelines(c.people);
        let r = schedule::resolve(&oncall, &team, &pipelines, now);
        let s = &r.schedule;
        for b in &s.backups {
            for d in b.from.iter_days().take_while(|d| *d <= b.to) {
                let in_view = s.shifts.first().is_some_and(|f| f.start.with_timezone(&s.tz).date_naive() <= d)
                    && s.shifts.last().is_some_and(|l| d <= l.end.with_timezone(&s.tz).date_naive());
                if in_view {
                    prop_assert!(!away_on(&team, &b.engineer, d), "{} backs up {} on {} while away", b.engineer, b.pipeline, d);
                }
            }
        }
        let (Some(first), Some(last)) = (s.shifts.first(), s.shifts.last()) else { return Ok(()); };
        let (first, last) = (first.start.with_timezone(&s.tz).date_naive(), last.end.with_timezone(&s.tz).date_naive());
        for p in &pipelines.pipelines {
            for d in first.iter_days().take_while(|d| *d <= last) {
                let holiday = oncall.holidays.iter().any(|h| h.date == d);
                if !holiday && !away_on(&team, &p.primary, d) {
                    continue;
                }
                let covered = s.backups.iter().any(|b| b.pipeline == p.id && b.from <= d && d <= b.to);
                let conflict = r.backup_conflicts.iter().any(|x| x.pipeline == p.id && x.from <= d && d <= x.to);
                // The day of the last handoff (or the first) may belong at noon to a shift
                // not shown: when both owners are away, its secondary on call is not known.
                let noon = schedule::local_instant(s.tz, d, chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap());
                let unknown = !s.shifts.iter().any(|x| x.contains(noon))
                    && away_on(&team, &p.primary, d)
                    && away_on(&team, &p.secondary, d);
                prop_assert!(covered || conflict || unknown, "{} has no backup on {}", p.id, d);
            }
        }
    }

    /// Who holds a shift does not depend on the build's clock: builds at two clocks agree
    /// on every shift, secondary and segment both publish.
    #[test]
    fn the_clock_does_not_move_shifts(c in case(true), later in 1i64..400) {
        let (oncall, team, now) = build(&c);
        let a = schedule::resolve(&oncall, &team, &Pipelines::default(), now).schedule;
        let b = schedule::resolve(&oncall, &team, &Pipelines::default(), now + Duration::days(later)).schedule;
        let mut common = 0;
        for s in &b.shifts {
            if let Some(t) = a.shift(s.slot) {
                prop_assert_eq!(t, s);
                common += 1;
            }
        }
        let overlap = a.shifts.last().is_some_and(|l| b.shifts.first().is_some_and(|f| f.slot <= l.slot));
        prop_assert!(common > 0 || !overlap);
    }
}
