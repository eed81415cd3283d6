//! Locality of the schedule (issue 15, must-hold 1): over random ten-year schedules,
//! adding or removing one absence of up to a week, one holiday or one override of up to a
//! week changes at most two shifts per shift it touches (three for a holiday, which touches
//! one), so at most 4 weekly shifts (a week touches two at most), none more than 8 weeks
//! from the shifts it touches.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use pipebook::model::{Horizon, OnCall, Override, Pipelines, Rotation, Team};
use pipebook::schedule::{self, Schedule};
use proptest::prelude::*;

#[path = "schedule_common/mod.rs"]
mod common;

const ZONES: [Tz; 3] = [
    chrono_tz::America::New_York,
    chrono_tz::Europe::Berlin,
    chrono_tz::UTC,
];

/// Ten years of a team's on-call data; days are counted from the rotation's start.
#[derive(Debug, Clone)]
struct World {
    order: Vec<usize>,
    days: u32,
    zone: usize,
    hour: u32,
    start: i64,
    holidays: Vec<i64>,
    /// (engineer, first day, length in days)
    time_off: Vec<(usize, i64, i64)>,
    /// (first hour, length in hours, engineer)
    overrides: Vec<(i64, i64, usize)>,
}

#[derive(Debug, Clone)]
enum Edit {
    AddOff(usize, i64, i64),
    /// A week off (7 days from the handoff's date) for whoever holds slot `k`: it straddles
    /// slot `k - 1` too, which the same engineer may hold (back to back).
    HolderWeekOff(i64),
    RemoveOff(usize),
    AddHoliday(i64),
    RemoveHoliday(usize),
    AddOverride(i64, i64, usize),
    RemoveOverride(usize),
}

const SPAN_DAYS: i64 = 3660;

fn world(days: impl Strategy<Value = u32>) -> impl Strategy<Value = World> {
    (2usize..=6, days, 0usize..3, 0u32..24, 0i64..366).prop_flat_map(
        |(n, days, zone, hour, start)| {
            let order = Just((0..n).collect::<Vec<_>>()).prop_shuffle();
            // A calendar that repeats every year (3 to 14 dates), or holidays anywhere.
            let recurring = proptest::collection::vec(0i64..365, 3..15)
                .prop_map(|dates| {
                    let mut all: Vec<i64> = (0..11)
                        .flat_map(|y| dates.iter().map(move |d| y * 365 + d))
                        .collect();
                    all.sort_unstable();
                    all.dedup();
                    all
                })
                .boxed();
            let scattered = proptest::collection::btree_set(0..SPAN_DAYS, 10..120)
                .prop_map(|s| s.into_iter().collect::<Vec<_>>())
                .boxed();
            let holidays = prop_oneof![recurring, scattered];
            // Up to 5 absences a year per engineer, of 1 to 21 days.
            let density = 0usize..=5;
            let time_off = density.prop_flat_map(move |per_year| {
                proptest::collection::vec(
                    (0..n, 0..SPAN_DAYS, 1i64..=21),
                    per_year * n * 10..=per_year * n * 10,
                )
            });
            let overrides = proptest::collection::btree_set(0..SPAN_DAYS / 7, 0..12)
                .prop_flat_map(move |weeks| {
                    let weeks: Vec<i64> = weeks.into_iter().collect();
                    let k = weeks.len();
                    (
                        Just(weeks),
                        proptest::collection::vec((0i64..168, 1i64..=168, 0..n), k..=k),
                    )
                })
                .prop_map(|(weeks, parts)| {
                    weeks
                        .into_iter()
                        .zip(parts)
                        .map(|(w, (at, len, who))| (w * 168 + at.min(167 - len.min(167)), len, who))
                        .collect::<Vec<_>>()
                });
            (
                order,
                Just(days),
                Just(zone),
                Just(hour),
                Just(start),
                holidays,
                time_off,
                overrides,
            )
                .prop_map(
                    |(order, days, zone, hour, start, holidays, time_off, overrides)| World {
                        order,
                        days,
                        zone,
                        hour,
                        start,
                        holidays,
                        time_off,
                        overrides,
                    },
                )
        },
    )
}

fn edit(w: &World) -> impl Strategy<Value = Edit> {
    let n = w.order.len();
    let (offs, hols, ovs) = (w.time_off.len(), w.holidays.len(), w.overrides.len());
    let _ = offs;
    let mut choices: Vec<BoxedStrategy<Edit>> = vec![
        (0..n, 0..SPAN_DAYS, 1i64..=7)
            .prop_map(|(a, b, c)| Edit::AddOff(a, b, c))
            .boxed(),
        (0..SPAN_DAYS).prop_map(Edit::AddHoliday).boxed(),
        (0..SPAN_DAYS / i64::from(w.days))
            .prop_map(Edit::HolderWeekOff)
            .boxed(),
        (0..SPAN_DAYS * 24, 1i64..=168, 0..n)
            .prop_map(|(a, b, c)| Edit::AddOverride(a, b, c))
            .boxed(),
    ];
    // Only absences and overrides of up to a week: longer ones are not one change.
    let short: Vec<usize> = (0..offs).filter(|&i| w.time_off[i].2 <= 7).collect();
    if !short.is_empty() {
        choices.push(
            proptest::sample::select(short)
                .prop_map(Edit::RemoveOff)
                .boxed(),
        );
    }
    if hols > 0 {
        choices.push((0..hols).prop_map(Edit::RemoveHoliday).boxed());
    }
    let short: Vec<usize> = (0..ovs).filter(|&i| w.overrides[i].1 <= 168).collect();
    if !short.is_empty() {
        choices.push(
            proptest::sample::select(short)
                .prop_map(Edit::RemoveOverride)
                .boxed(),
        );
    }
    proptest::strategy::Union::new(choices)
}

fn start(w: &World) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + Duration::days(w.start)
}

fn at_hour(w: &World, h: i64) -> chrono::NaiveDateTime {
    start(w).and_time(NaiveTime::MIN) + Duration::hours(h)
}

fn build(w: &World) -> (OnCall, Team) {
    let s = start(w);
    let time = NaiveTime::from_hms_opt(w.hour, 0, 0).unwrap();
    let rotation = common::rotation(&w.order, s, time, ZONES[w.zone], w.days);
    let horizon = Horizon {
        past_weeks: 10,
        future_weeks: 530,
    };
    let mut oncall = common::oncall(rotation, common::holidays(s, &w.holidays), horizon);
    oncall.overrides = w
        .overrides
        .iter()
        .map(|&(from, len, who)| Override {
            from: at_hour(w, from),
            to: at_hour(w, from + len),
            engineer: common::id(who),
            reason: "cover".into(),
        })
        .collect();
    let mut team = common::team(w.order.len());
    for &off in &w.time_off {
        common::time_off(&mut team, s, off);
    }
    (oncall, team)
}

fn now(w: &World) -> DateTime<Utc> {
    Utc.from_utc_datetime(&start(w).and_hms_opt(12, 0, 0).unwrap())
}

fn resolve(w: &World) -> Schedule {
    let (oncall, team) = build(w);
    schedule::resolve(&oncall, &team, &Pipelines::default(), now(w)).schedule
}

/// The data after the edit, and the stretch of local time the edit touches.
fn apply(w: &World, e: &Edit) -> (World, (chrono::NaiveDateTime, chrono::NaiveDateTime)) {
    let mut v = w.clone();
    let days = |from: i64, len: i64| (at_hour(w, from * 24), at_hour(w, (from + len) * 24));
    let touched = match *e {
        Edit::HolderWeekOff(k) => {
            let (oncall, _) = build(w);
            let rotation = oncall.rotation.as_ref().unwrap();
            let at = schedule::handoff(rotation, k);
            let who = resolve(w)
                .shift(k)
                .map_or(0, |s| s.engineer[1..].parse::<usize>().unwrap_or(0));
            let from = (at.with_timezone(&ZONES[w.zone]).date_naive() - start(w)).num_days();
            v.time_off.push((who, from, 7));
            days(from, 7)
        }
        Edit::AddOff(who, from, len) => {
            v.time_off.push((who, from, len));
            days(from, len)
        }
        Edit::RemoveOff(i) => {
            let (_, from, len) = v.time_off.remove(i);
            days(from, len)
        }
        Edit::AddHoliday(d) => {
            v.holidays.push(d);
            days(d, 1)
        }
        Edit::RemoveHoliday(i) => {
            let d = v.holidays.remove(i);
            // Another holiday on the same date keeps it.
            if v.holidays.contains(&d) {
                return (v, days(d, 0));
            }
            days(d, 1)
        }
        Edit::AddOverride(from, len, who) => {
            v.overrides.push((from, len, who));
            (at_hour(w, from), at_hour(w, from + len))
        }
        Edit::RemoveOverride(i) => {
            let (from, len, _) = v.overrides.remove(i);
            (at_hour(w, from), at_hour(w, from + len))
        }
    };
    (v, touched)
}

/// The slot holding instant `t`.
fn slot_at(rotation: &Rotation, t: DateTime<Utc>) -> i64 {
    let mut k = (t - schedule::handoff(rotation, 0)).num_days() / i64::from(rotation.shift.0);
    while k > 0 && schedule::handoff(rotation, k) > t {
        k -= 1;
    }
    while schedule::handoff(rotation, k + 1) <= t {
        k += 1;
    }
    k
}

/// Checks one edit: the shifts that change hands lie within 8 weeks (at least one shift)
/// of those the edit touches, and there are at most two per touched shift.
fn check(w: &World, e: &Edit) -> Result<(), TestCaseError> {
    let (v, (from, to)) = apply(w, e);
    let tz = ZONES[w.zone];
    let (a, b) = (resolve(w), resolve(&v));
    let (from, to) = (
        schedule::local_datetime(tz, from),
        schedule::local_datetime(tz, to),
    );
    // The slots the edit touches (the one at noon of a holiday, for a holiday), which
    // may lie just past the published schedule.
    let (oncall, _) = build(w);
    let rotation = oncall.rotation.as_ref().unwrap();
    let holiday = matches!(e, Edit::AddHoliday(_) | Edit::RemoveHoliday(_));
    let (from, to) = if holiday {
        (from + Duration::hours(12), from + Duration::hours(12))
    } else {
        (from, to)
    };
    let touched: Vec<i64> = (slot_at(rotation, from)
        ..=slot_at(rotation, to - Duration::seconds(1)).max(slot_at(rotation, from)))
        .collect();
    let changed: Vec<i64> = a
        .shifts
        .iter()
        .filter(|s| b.shift(s.slot).is_some_and(|t| t.engineer != s.engineer))
        .map(|s| s.slot)
        .collect();
    // The shifts around the change, before and after, to read a failure by.
    let around = |s: &Schedule| -> String {
        let (lo, hi) = (touched[0] - 12, touched[touched.len() - 1] + 12);
        s.shifts
            .iter()
            .filter(|x| (lo..=hi).contains(&x.slot))
            .map(|x| {
                format!(
                    "\n  {} {} (planned {}) {:?}",
                    x.slot,
                    x.engineer,
                    x.planned,
                    x.change
                        .as_ref()
                        .map(|c| c.describe(&|e| e.to_string(), chrono_tz::UTC))
                )
            })
            .collect()
    };
    let reach = (56 / i64::from(w.days)).max(1);
    for k in &changed {
        let far = touched
            .iter()
            .map(|t| (t - k).abs())
            .min()
            .unwrap_or(i64::MAX);
        prop_assert!(far <= reach, "shift {k} changed, {far} shifts from the edit {e:?} (touching {touched:?}); changed {changed:?}\nbefore:{}\nafter:{}", around(&a), around(&b));
    }
    // Each shift the edit touches may change hands, and so may the one shift given in
    // return for it: 2 for one shift, 4 for two (a week of weekly shifts). A holiday
    // touches one shift, and when it changes who takes it by turn (it becomes or stops
    // being the shift's first holiday, or its engineer was away) with a shift in return
    // either way, that shift moves too: 3.
    let bound = if holiday { 3 } else { 2 * touched.len() };
    if w.days == 7 {
        prop_assert!(touched.len() <= 2, "a week touches {touched:?}");
    }
    prop_assert!(
        changed.len() <= bound,
        "{} shifts changed for {e:?}: {changed:?} (touching {touched:?})\nbefore:{}\nafter:{}",
        changed.len(),
        around(&a),
        around(&b)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// One edit of up to a week changes at most 2 weekly shifts when it touches one shift
    /// (3 for a holiday) and 4 when it touches two, none more than 8 weeks from the shifts
    /// it touches.
    #[test]
    fn one_change_of_up_to_a_week_moves_at_most_four_weekly_shifts_within_eight_weeks(
        (w, e) in world(Just(7u32)).prop_flat_map(|w| { let e = edit(&w); (Just(w), e) })
    ) {
        check(&w, &e)?;
    }

    /// With daily, 3-day and 14-day shifts: at most two shifts per shift touched (three for
    /// a holiday), none more than 8 weeks (or one shift) away.
    #[test]
    fn other_shift_lengths_stay_local_too(
        (w, e) in world(prop_oneof![Just(1u32), Just(3), Just(14)])
            .prop_flat_map(|w| { let e = edit(&w); (Just(w), e) })
    ) {
        check(&w, &e)?;
    }
}
