//! How the schedule shares duty (issue 15, must-hold 2): holiday turns, holiday counts over
//! the years with and without time off, and covers and shifts in return that avoid putting
//! anyone on call two shifts in a row.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use pipebook::model::{
    Engineer, Handoff, Holiday, Horizon, OnCall, Pipelines, Rotation, ShiftLength, Team, TimeOff,
};
use pipebook::schedule::{self, Change, Schedule, Shift};
use proptest::prelude::*;

const ZONES: [Tz; 3] = [
    chrono_tz::America::New_York,
    chrono_tz::Australia::Sydney,
    chrono_tz::UTC,
];

#[derive(Debug, Clone)]
struct Crew {
    order: Vec<usize>,
    days: u32,
    zone: usize,
    hour: u32,
    /// Days after 2025-01-06 of the rotation's start.
    start: i64,
}

fn team_of(days: impl Strategy<Value = u32>) -> impl Strategy<Value = Crew> {
    (2usize..=6, days, 0usize..3, 0u32..24, 0i64..366).prop_flat_map(
        |(n, days, zone, hour, start)| {
            (Just((0..n).collect::<Vec<_>>()).prop_shuffle()).prop_map(move |order| Crew {
                order,
                days,
                zone,
                hour,
                start,
            })
        },
    )
}

fn id(i: usize) -> String {
    format!("e{i}")
}

fn start(t: &Crew) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + Duration::days(t.start)
}

fn rotation(t: &Crew) -> Rotation {
    let s = start(t);
    Rotation {
        order: t.order.iter().map(|&i| id(i)).collect(),
        start: s,
        handoff: Handoff {
            weekday: s.weekday(),
            time: NaiveTime::from_hms_opt(t.hour, 0, 0).unwrap(),
        },
        timezone: ZONES[t.zone],
        shift: ShiftLength(t.days),
    }
}

/// The data: `holidays` and `time_off` (engineer, first day, days) in days from the start.
fn build(t: &Crew, holidays: &[i64], time_off: &[(usize, i64, i64)]) -> (OnCall, Team) {
    let s = start(t);
    let mut holidays: Vec<Holiday> = holidays
        .iter()
        .map(|d| Holiday {
            date: s + Duration::days(*d),
            name: format!("H{d}"),
        })
        .collect();
    holidays.sort_by_key(|h| h.date);
    holidays.dedup_by_key(|h| h.date);
    let oncall = OnCall {
        rotation: Some(rotation(t)),
        holidays,
        overrides: Vec::new(),
        horizon: Horizon {
            past_weeks: 4,
            future_weeks: 520,
        },
        secondary: None,
        reminder_hours: 24,
        calendars: Default::default(),
        imported_holidays: 0,
    };
    let mut team = Team {
        engineers: (0..t.order.len())
            .map(|i| Engineer {
                id: id(i),
                name: id(i),
                contact: Default::default(),
                github: None,
                time_off: Vec::new(),
            })
            .collect(),
    };
    for &(who, from, len) in time_off {
        team.engineers[who].time_off.push(TimeOff {
            from: s + Duration::days(from),
            to: s + Duration::days(from + len - 1),
            reason: None,
        });
    }
    (oncall, team)
}

fn resolve(t: &Crew, oncall: &OnCall, team: &Team) -> Schedule {
    let now = Utc.from_utc_datetime(&start(t).and_hms_opt(12, 0, 0).unwrap());
    schedule::resolve(oncall, team, &Pipelines::default(), now).schedule
}

fn away(team: &Team, tz: Tz, who: &str, a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    team.engineers
        .iter()
        .filter(|e| e.id == who)
        .flat_map(|e| &e.time_off)
        .any(|off| {
            let s = schedule::local_instant(tz, off.from, NaiveTime::MIN);
            let e = schedule::local_instant(tz, off.to + Duration::days(1), NaiveTime::MIN);
            s < b && a < e
        })
}

/// The calendar year a holiday shift counts in: its first holiday's.
fn year_of(oncall: &OnCall, shift: &Shift) -> Option<i32> {
    shift
        .holidays
        .iter()
        .map(|&i| oncall.holidays[i].date.year())
        .min()
}

/// Holiday shifts per calendar year and engineer.
fn counts(oncall: &OnCall, s: &Schedule) -> BTreeMap<i32, BTreeMap<String, usize>> {
    let mut out: BTreeMap<i32, BTreeMap<String, usize>> = BTreeMap::new();
    for shift in &s.shifts {
        if let Some(y) = year_of(oncall, shift) {
            *out.entry(y)
                .or_default()
                .entry(shift.engineer.clone())
                .or_default() += 1;
        }
    }
    out
}

/// Holidays anywhere in ten years, and time off: up to 5 absences a year per engineer.
fn data(n: usize) -> impl Strategy<Value = (Vec<i64>, Vec<(usize, i64, i64)>)> {
    (
        proptest::collection::btree_set(0i64..3650, 0..110).prop_map(|s| s.into_iter().collect()),
        (0usize..=5).prop_flat_map(move |per_year| {
            proptest::collection::vec((0..n, 0i64..3650, 1i64..=21), per_year * n * 10)
        }),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A holiday shift goes to the first engineer in its turn order who is free all
    /// through it: `order[turn]`, then the next ones, `turn` depending only on the slot
    /// and the holiday's year.
    #[test]
    fn a_holiday_shift_goes_to_the_first_free_engineer_in_its_turn(
        (t, (holidays, time_off)) in team_of(prop_oneof![Just(7u32), Just(1), Just(3), Just(14)])
            .prop_flat_map(|t| { let d = data(t.order.len()); (Just(t), d) })
    ) {
        let (oncall, team) = build(&t, &holidays, &time_off);
        let s = resolve(&t, &oncall, &team);
        let r = rotation(&t);
        let n = r.order.len();
        for shift in s.shifts.iter().filter(|x| !x.holidays.is_empty()) {
            let turn = schedule::holiday_turn(&r, shift.slot, year_of(&oncall, shift).unwrap());
            let first_free = (0..n)
                .map(|i| &r.order[(turn + i) % n])
                .find(|p| !away(&team, r.timezone, p, shift.start, shift.end));
            match first_free {
                Some(p) => prop_assert_eq!(&shift.engineer, p, "slot {}", shift.slot),
                None => prop_assert_eq!(&shift.engineer, &shift.planned),
            }
        }
    }

    /// Without time off, a holiday that falls on the same shift of the rotation each year
    /// goes to a different engineer each year and to every engineer once in `n` years: over
    /// any `n` consecutive years of such a calendar, everyone has as many holiday shifts.
    #[test]
    fn over_n_years_everyone_has_the_same_number_of_holiday_shifts(
        (t, weeks) in team_of(prop_oneof![Just(7u32), Just(1), Just(14)])
            .prop_flat_map(|t| (Just(t), proptest::collection::btree_set(0i64..19, 1..8)))
    ) {
        let n = t.order.len();
        // Shifts a year, as the turns count them, and days from one year's holiday to the
        // next on the same shift of the rotation.
        let per_year = (365.2425 / f64::from(t.days)).round() as i64;
        let gap = per_year * i64::from(t.days);
        // Dates two weeks apart from the middle of February, so that n years of drift keep
        // each in its own calendar year and its own shift.
        let first = NaiveDate::from_ymd_opt(start(&t).year() + 1, 2, 15).unwrap();
        let offset = (first - start(&t)).num_days();
        let holidays: Vec<i64> = weeks
            .iter()
            .flat_map(|w| (0..n as i64).map(move |y| offset + 14 * w + y * gap))
            .collect();
        let (oncall, team) = build(&t, &holidays, &[]);
        let s = resolve(&t, &oncall, &team);
        let mut total: BTreeMap<&str, usize> = BTreeMap::new();
        for shift in s.shifts.iter().filter(|x| !x.holidays.is_empty()) {
            *total.entry(shift.engineer.as_str()).or_default() += 1;
        }
        prop_assert_eq!(total.len(), n, "{:?}", total);
        prop_assert!(total.values().all(|&c| c == weeks.len()), "{:?}", total);
    }

    /// Time off moves a holiday shift only away from an engineer who is away: in each year,
    /// an engineer's holiday shifts differ from those they have without time off by at most
    /// the number of that year's holiday shifts whose turn is an engineer away then.
    #[test]
    fn time_off_moves_holiday_shifts_only_from_engineers_away(
        (t, (holidays, time_off)) in team_of(Just(7u32))
            .prop_flat_map(|t| { let d = data(t.order.len()); (Just(t), d) })
    ) {
        let (oncall, team) = build(&t, &holidays, &time_off);
        let (_, nobody_away) = build(&t, &holidays, &[]);
        let with = counts(&oncall, &resolve(&t, &oncall, &team));
        let without = counts(&oncall, &resolve(&t, &oncall, &nobody_away));
        let r = rotation(&t);
        let s = resolve(&t, &oncall, &team);
        let mut moved: BTreeMap<i32, usize> = BTreeMap::new();
        for shift in s.shifts.iter().filter(|x| !x.holidays.is_empty()) {
            let y = year_of(&oncall, shift).unwrap();
            let turn = &r.order[schedule::holiday_turn(&r, shift.slot, y)];
            if away(&team, r.timezone, turn, shift.start, shift.end) {
                *moved.entry(y).or_default() += 1;
            }
        }
        for (y, by) in &with {
            let limit = moved.get(y).copied().unwrap_or(0);
            for e in r.order.iter() {
                let (a, b) = (by.get(e).copied().unwrap_or(0), without.get(y).and_then(|m| m.get(e)).copied().unwrap_or(0));
                prop_assert!(a.abs_diff(b) <= limit, "{y}: {e} has {a} with time off, {b} without, {limit} turns away");
            }
        }
    }

    /// Nobody is put on call two shifts in a row by a choice that had an alternative: a
    /// cover goes to an engineer not on call by the rotation the shift before or after
    /// whenever one is free, and the shift given in return is one that puts neither
    /// engineer next to a shift of theirs by the rotation whenever one fits.
    #[test]
    fn covers_and_shifts_in_return_avoid_back_to_back_when_they_can(
        (t, (holidays, time_off)) in team_of(prop_oneof![Just(7u32), Just(1), Just(14)])
            .prop_flat_map(|t| { let d = data(t.order.len()); (Just(t), d) })
    ) {
        let (oncall, team) = build(&t, &holidays, &time_off);
        let s = resolve(&t, &oncall, &team);
        let r = rotation(&t);
        let n = r.order.len() as i64;
        let base = |k: i64| (k >= 0).then(|| r.order[(k % n) as usize].as_str());
        let free = |who: &str, k: i64| s.shift(k).is_some_and(|x| !away(&team, r.timezone, who, x.start, x.end));
        let beside = |who: &str, k: i64, except: i64| [k - 1, k + 1].into_iter().any(|j| j != except && base(j) == Some(who));
        let days = i64::from(t.days);
        for shift in &s.shifts {
            let k = shift.slot;
            // A slot given to someone else because its engineer is away (not the shift
            // given in return, whose engineer is free).
            let covered = matches!(shift.change, Some(Change::Cover { .. } | Change::TimeOffSwap { .. }))
                && away(&team, r.timezone, &shift.planned, shift.start, shift.end)
                && shift.holidays.is_empty();
            if covered && beside(&shift.engineer, k, i64::MIN) {
                for p in r.order.iter().filter(|p| **p != shift.planned && **p != shift.engineer) {
                    prop_assert!(!free(p, k) || beside(p, k, i64::MIN), "slot {k}: {} covers next to their own shift though {p} was free", shift.engineer);
                }
            }
            // A shift given in return: its holder is the engineer of the slot it repays.
            let other = match &shift.change {
                Some(Change::TimeOffSwap { with_slot, .. } | Change::HolidaySwap { with_slot, .. }) => *with_slot,
                _ => continue,
            };
            // (Its own engineer is free and it holds no holiday; the slot it repays is the
            // one whose engineer is away or whose holiday went by turn.)
            if shift.engineer != base(other).unwrap_or("")
                || !shift.holidays.is_empty()
                || away(&team, r.timezone, &shift.planned, shift.start, shift.end)
            {
                continue;
            }
            let (x, d) = (shift.engineer.as_str(), shift.planned.as_str());
            let twice = |t: i64| beside(d, other, t) || beside(x, t, other);
            if !twice(k) {
                continue;
            }
            let holiday = s.shift(other).is_some_and(|o| !o.holidays.is_empty());
            let (lo, hi) = if holiday {
                let around = (28 / days).max(1);
                (other - around, other + around)
            } else {
                (other + 1, other + (56 / days).max(1))
            };
            for t in lo..=hi {
                let Some(c) = s.shift(t) else { continue };
                // Taken from its engineer: a holiday turn or a cover (a shift given in
                // return has a free engineer and no holiday).
                let repaired = c.engineer != c.planned
                    && (!c.holidays.is_empty() || away(&team, r.timezone, &c.planned, c.start, c.end));
                let fits = t != other && base(t) == Some(d) && c.holidays.is_empty() && !repaired && free(x, t);
                prop_assert!(!fits || twice(t), "slot {k} given back for {other} next to a shift of theirs, though slot {t} fitted");
            }
        }
    }
}
