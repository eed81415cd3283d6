//! How the schedule shares duty (issue 15, must-hold 2): holiday turns, holiday counts over
//! the years with and without time off, and covers and shifts in return that avoid putting
//! anyone on call two shifts in a row.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use common::away;
use pipebook::model::{Horizon, OnCall, Pipelines, Rotation, Team};
use pipebook::schedule::{self, Change, Schedule, Shift};
use proptest::prelude::*;

#[path = "schedule_common/mod.rs"]
mod common;

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

fn start(t: &Crew) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + Duration::days(t.start)
}

fn rotation(t: &Crew) -> Rotation {
    let time = NaiveTime::from_hms_opt(t.hour, 0, 0).unwrap();
    common::rotation(&t.order, start(t), time, ZONES[t.zone], t.days)
}

/// The data: `holidays` and `time_off` (engineer, first day, days) in days from the start.
fn build(t: &Crew, holidays: &[i64], time_off: &[(usize, i64, i64)]) -> (OnCall, Team) {
    let s = start(t);
    let horizon = Horizon {
        past_weeks: 4,
        future_weeks: 520,
    };
    let oncall = common::oncall(rotation(t), common::holidays(s, holidays), horizon);
    let mut team = common::team(t.order.len());
    for &off in time_off {
        common::time_off(&mut team, s, off);
    }
    (oncall, team)
}

fn resolve(t: &Crew, oncall: &OnCall, team: &Team) -> Schedule {
    let now = Utc.from_utc_datetime(&start(t).and_hms_opt(12, 0, 0).unwrap());
    schedule::resolve(oncall, team, &Pipelines::default(), now).schedule
}

/// The first holiday of a holiday shift: its turn goes by it, and it counts in its year.
fn first_holiday(oncall: &OnCall, shift: &Shift) -> Option<NaiveDate> {
    shift
        .holidays
        .iter()
        .map(|&i| oncall.holidays[i].date)
        .min()
}

/// The year a holiday shift counts in: its first holiday's (31 December counting in the
/// next, as New Year's Day observed).
fn year_of(oncall: &OnCall, shift: &Shift) -> Option<i32> {
    first_holiday(oncall, shift).map(schedule::holiday_year)
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

/// A holiday that comes back every year, in a cell of its own (see `yearly`).
#[derive(Debug, Clone, Copy)]
enum Yearly {
    /// Month (1 to 12) and day (1 to 28).
    Date(u32, u32),
    /// Month, weekday (0 is Monday) and which one: 1 to 4, or 5 for the last.
    Weekday(u32, u8, u8),
}

impl Yearly {
    fn on(self, y: i32) -> NaiveDate {
        match self {
            Yearly::Date(m, d) => NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            Yearly::Weekday(m, wd, nth) => {
                let wd = chrono::Weekday::try_from(wd).unwrap();
                if nth <= 4 {
                    NaiveDate::from_weekday_of_month_opt(y, m, wd, nth).unwrap()
                } else {
                    let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                    let mut d =
                        NaiveDate::from_ymd_opt(next.0, next.1, 1).unwrap() - Duration::days(1);
                    while d.weekday() != wd {
                        d -= Duration::days(1);
                    }
                    d
                }
            }
        }
    }
}

/// A calendar of 3 to 15 yearly holidays, fixed dates or weekdays of a month, in weeks of
/// their month (1–7, 8–14, 15–21, 22 to the end) at least two apart, so that any two lie
/// at least 8 days apart and never share a weekly shift.
fn yearly() -> impl Strategy<Value = Vec<Yearly>> {
    (3usize..=15)
        .prop_flat_map(|k| {
            (
                proptest::collection::btree_set(0u32..48 - k as u32, k..=k),
                proptest::collection::vec((any::<bool>(), 0u32..7, 0u8..7, any::<bool>()), k..=k),
            )
        })
        .prop_map(|(spots, picks)| {
            spots
                .into_iter()
                .zip(picks)
                .enumerate()
                .map(|(i, (spot, (fixed, day, wd, last)))| {
                    // Stars and bars: the i-th of k sorted spots, moved i further, leaves a
                    // cell free between any two (and between December's and January's).
                    let cell = spot + i as u32;
                    let (month, week) = (cell / 4 + 1, cell % 4);
                    if fixed {
                        Yearly::Date(month, 7 * week + 1 + day)
                    } else if week == 3 && last && month != 12 {
                        // (The last weekday of December is the 31st one year in seven, which
                        // counts as the next year's first week: see `holiday_year`.)
                        Yearly::Weekday(month, wd, 5)
                    } else {
                        Yearly::Weekday(month, wd, week as u8 + 1)
                    }
                })
                .collect()
        })
}

/// max − min of the engineers' counts (an engineer without any counts 0).
fn spread(order: &[String], by: Option<&BTreeMap<String, usize>>) -> usize {
    let c: Vec<usize> = order
        .iter()
        .map(|e| by.and_then(|m| m.get(e)).copied().unwrap_or(0))
        .collect();
    c.iter().max().unwrap_or(&0) - c.iter().min().unwrap_or(&0)
}

/// The holiday shifts per year whose turn fell to an engineer away during it.
fn missed(oncall: &OnCall, team: &Team, s: &Schedule) -> BTreeMap<i32, usize> {
    let r = oncall.rotation.as_ref().unwrap();
    let mut out: BTreeMap<i32, usize> = BTreeMap::new();
    for shift in s.shifts.iter().filter(|x| !x.holidays.is_empty()) {
        let first = first_holiday(oncall, shift).unwrap();
        let turn = &r.order[schedule::holiday_turn(r, first)];
        if away(team, r.timezone, turn, shift.start, shift.end) {
            *out.entry(schedule::holiday_year(first)).or_default() += 1;
        }
    }
    out
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
            let turn = schedule::holiday_turn(&r, first_holiday(&oncall, shift).unwrap());
            let first_free = (0..n)
                .map(|i| &r.order[(turn + i) % n])
                .find(|p| !away(&team, r.timezone, p, shift.start, shift.end));
            match first_free {
                Some(p) => prop_assert_eq!(&shift.engineer, p, "slot {}", shift.slot),
                None => prop_assert_eq!(&shift.engineer, &shift.planned),
            }
        }
    }

    /// Holidays that come back each year on the same date or the same weekday of the same
    /// week of their month, teams of 2 to 6, ten years. Without time off: every `n`
    /// consecutive years give everyone as many holiday shifts, each year's counts are the
    /// year before's moved one place along the order (so every year has the same spread
    /// `s`), and the ten years stay within `min(r, n - r) * s`, `r` being `10 % n`. With
    /// random time off, each bound grows by at most twice the holiday shifts whose turn fell
    /// to someone away (per year, and over the ten years).
    #[test]
    fn yearly_holidays_rotate_through_the_team(
        (t, calendar, time_off) in team_of(prop_oneof![Just(7u32), Just(1), Just(3)])
            .prop_flat_map(|t| {
                let n = t.order.len();
                let time_off = (0usize..=5).prop_flat_map(move |per_year| {
                    proptest::collection::vec((0..n, 0i64..4400, 1i64..=21), per_year * n * 12)
                });
                (Just(t), yearly(), time_off)
            })
    ) {
        let n = t.order.len();
        let y0 = start(&t).year() + 1;
        let dates: Vec<i64> = (y0..y0 + 10)
            .flat_map(|y| calendar.iter().map(move |h| h.on(y)))
            .map(|d| (d - start(&t)).num_days())
            .collect();
        let (mut oncall, team) = build(&t, &dates, &time_off);
        oncall.horizon.future_weeks = 52 * 12;
        prop_assert_eq!(oncall.holidays.len(), 10 * calendar.len(), "dates collide");
        let (_, nobody_away) = build(&t, &dates, &[]);
        let free = counts(&oncall, &resolve(&t, &oncall, &nobody_away));
        let r = rotation(&t);
        let m = calendar.len();
        let count = |by: &BTreeMap<i32, BTreeMap<String, usize>>, y: i32, e: &String| {
            by.get(&y).and_then(|c| c.get(e)).copied().unwrap_or(0)
        };
        for y in y0..y0 + 10 {
            prop_assert_eq!(r.order.iter().map(|e| count(&free, y, e)).sum::<usize>(), m);
            if y + 1 < y0 + 10 {
                for i in 0..n {
                    prop_assert_eq!(count(&free, y + 1, &r.order[(i + 1) % n]), count(&free, y, &r.order[i]), "{} to {}", y, y + 1);
                }
            }
            if y + n as i32 <= y0 + 10 {
                for e in &r.order {
                    let total: usize = (y..y + n as i32).map(|z| count(&free, z, e)).sum();
                    prop_assert_eq!(total, m, "{} in {}..{}", e, y, y + n as i32);
                }
            }
        }
        let s = spread(&r.order, free.get(&y0));
        let ten = |by: &BTreeMap<i32, BTreeMap<String, usize>>| {
            let totals: BTreeMap<String, usize> = r
                .order
                .iter()
                .map(|e| (e.clone(), (y0..y0 + 10).map(|y| count(by, y, e)).sum()))
                .collect();
            spread(&r.order, Some(&totals))
        };
        let rest = 10 % n;
        let bound = rest.min(n - rest) * s;
        prop_assert!(ten(&free) <= bound, "ten years: {} > {} (s = {})", ten(&free), bound, s);
        // With time off.
        let sched = resolve(&t, &oncall, &team);
        let with = counts(&oncall, &sched);
        let missed = missed(&oncall, &team, &sched);
        for y in y0..y0 + 10 {
            let k = missed.get(&y).copied().unwrap_or(0);
            prop_assert!(spread(&r.order, with.get(&y)) <= s + 2 * k, "{}: {:?}, s = {}, {} missed", y, with.get(&y), s, k);
        }
        let k: usize = missed.values().sum();
        prop_assert!(ten(&with) <= bound + 2 * k, "ten years: {} > {} + 2 * {}", ten(&with), bound, k);
    }

    /// Time off moves a holiday shift only away from an engineer who is away, for any
    /// calendar: in each year and over the ten years, an engineer's holiday shifts differ
    /// from those they have without time off by at most the number of holiday shifts whose
    /// turn fell to an engineer away then, and the spread grows by at most twice that.
    #[test]
    fn time_off_moves_holiday_shifts_only_from_engineers_away(
        (t, (holidays, time_off)) in team_of(Just(7u32))
            .prop_flat_map(|t| { let d = data(t.order.len()); (Just(t), d) })
    ) {
        let (oncall, team) = build(&t, &holidays, &time_off);
        let (_, nobody_away) = build(&t, &holidays, &[]);
        let s = resolve(&t, &oncall, &team);
        let with = counts(&oncall, &s);
        let without = counts(&oncall, &resolve(&t, &oncall, &nobody_away));
        let r = rotation(&t);
        let moved = missed(&oncall, &team, &s);
        let get = |by: &BTreeMap<i32, BTreeMap<String, usize>>, y: &i32, e: &String| {
            by.get(y).and_then(|m| m.get(e)).copied().unwrap_or(0)
        };
        let years: Vec<i32> = with.keys().chain(without.keys()).copied().collect();
        for y in &years {
            let limit = moved.get(y).copied().unwrap_or(0);
            for e in r.order.iter() {
                let (a, b) = (get(&with, y, e), get(&without, y, e));
                prop_assert!(a.abs_diff(b) <= limit, "{y}: {e} has {a} with time off, {b} without, {limit} turns away");
            }
            prop_assert!(spread(&r.order, with.get(y)) <= spread(&r.order, without.get(y)) + 2 * limit);
        }
        let total = |by: &BTreeMap<i32, BTreeMap<String, usize>>| -> BTreeMap<String, usize> {
            r.order.iter().map(|e| (e.clone(), by.values().map(|m| m.get(e).copied().unwrap_or(0)).sum())).collect()
        };
        let (a, b) = (total(&with), total(&without));
        let limit: usize = moved.values().sum();
        for e in r.order.iter() {
            prop_assert!(a[e].abs_diff(b[e]) <= limit, "ten years: {e} has {} with time off, {} without, {limit} turns away", a[e], b[e]);
        }
        prop_assert!(spread(&r.order, Some(&a)) <= spread(&r.order, Some(&b)) + 2 * limit);
    }

    /// Nobody is put on call two shifts in a row by a choice that had an alternative: a
    /// cover goes to an engineer not on call by the rotation the shift before or after
    /// whenever one is free, and the shift given in return is, of those that fit, one that
    /// puts the two engineers beside a rotation shift of their own the fewest times.
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
        let next_to = |who: &str, k: i64, except: i64| [k - 1, k + 1].into_iter().filter(|&j| j != except && base(j) == Some(who)).count();
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
            let pairs = |t: i64| next_to(d, other, t) + next_to(x, t, other);
            if pairs(k) == 0 {
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
                prop_assert!(!fits || pairs(t) >= pairs(k), "slot {k} given back for {other} with {} back-to-back pairs, though slot {t} fitted with {}", pairs(k), pairs(t));
            }
        }
    }
}

/// The US federal holidays of year `y` (observed dates), as the example site lists them.
fn us_federal(y: i32) -> Vec<NaiveDate> {
    let d = |m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let observed = |x: NaiveDate| match x.weekday() {
        chrono::Weekday::Sat => x - Duration::days(1),
        chrono::Weekday::Sun => x + Duration::days(1),
        _ => x,
    };
    let nth = |m, wd, n| NaiveDate::from_weekday_of_month_opt(y, m, wd, n).unwrap();
    let last_monday_of_may = (25..=31)
        .map(|day| d(5, day))
        .find(|x| x.weekday() == chrono::Weekday::Mon)
        .unwrap();
    use chrono::Weekday::{Mon, Thu};
    vec![
        observed(d(1, 1)),
        nth(1, Mon, 3),
        nth(2, Mon, 3),
        last_monday_of_may,
        observed(d(6, 19)),
        observed(d(7, 4)),
        nth(9, Mon, 1),
        nth(10, Mon, 2),
        observed(d(11, 11)),
        nth(11, Thu, 4),
        observed(d(12, 25)),
    ]
}

/// A small deterministic generator (xorshift64*), so the cases repeat.
struct Rng(u64);

impl Rng {
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        lo + (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % (hi - lo + 1) as u64) as i64
    }
}

/// The US federal holidays of 2026 to 2035 with random time off (each engineer 2 to 5
/// absences a year of 1 to 14 days), 40 schedules for each team of 2 to 6 (200 in all):
/// each year and the ten years stay within the spread without time off plus twice the
/// holiday shifts whose turn fell to someone away, and within the largest spreads these
/// 200 schedules reach (per team size: the tightest bound that holds on them, which the
/// README quotes; a change of rule that widens any fails here).
#[test]
fn us_holidays_with_random_time_off_stay_within_their_bounds() {
    // (team size, worst year, worst ten years)
    let bounds = [(2, 7, 15), (3, 5, 14), (4, 5, 12), (5, 5, 9), (6, 4, 11)];
    let mut seen = Vec::new();
    for (n, year_bound, ten_bound) in bounds {
        let t = Crew {
            order: (0..n).collect(),
            days: 7,
            zone: 0,
            hour: 9,
            start: 364, // Monday 2026-01-05
        };
        let s0 = start(&t);
        assert_eq!(s0, NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());
        let dates: Vec<i64> = (2026..=2036)
            .flat_map(us_federal)
            .map(|d| (d - s0).num_days())
            .filter(|d| *d >= 0)
            .collect();
        let (mut worst_year, mut worst_ten) = (0, 0);
        for seed in 1..=40u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ n as u64 | 1);
            let mut time_off = Vec::new();
            for e in 0..n {
                for y in 0..10 {
                    for _ in 0..rng.range(2, 5) {
                        time_off.push((e, y * 365 + rng.range(0, 364), rng.range(1, 14)));
                    }
                }
            }
            let (mut oncall, team) = build(&t, &dates, &time_off);
            // Through Christmas 2035.
            oncall.horizon.future_weeks = 530;
            let (_, nobody_away) = build(&t, &dates, &[]);
            let r = rotation(&t);
            let sched = resolve(&t, &oncall, &team);
            let with = counts(&oncall, &sched);
            let without = counts(&oncall, &resolve(&t, &oncall, &nobody_away));
            let missed = missed(&oncall, &team, &sched);
            let mut totals: BTreeMap<String, usize> = BTreeMap::new();
            let mut free_totals: BTreeMap<String, usize> = BTreeMap::new();
            for y in 2026..2036 {
                let (a, b) = (
                    spread(&r.order, with.get(&y)),
                    spread(&r.order, without.get(&y)),
                );
                let k = missed.get(&y).copied().unwrap_or(0);
                assert!(
                    a <= b + 2 * k,
                    "team of {n}, seed {seed}, {y}: {a} > {b} + 2 * {k}"
                );
                worst_year = worst_year.max(a);
                for e in &r.order {
                    let get = |by: &BTreeMap<i32, BTreeMap<String, usize>>| {
                        by.get(&y).and_then(|m| m.get(e)).copied().unwrap_or(0)
                    };
                    *totals.entry(e.clone()).or_default() += get(&with);
                    *free_totals.entry(e.clone()).or_default() += get(&without);
                }
            }
            let k: usize = (2026..2036)
                .map(|y| missed.get(&y).copied().unwrap_or(0))
                .sum();
            let (a, b) = (
                spread(&r.order, Some(&totals)),
                spread(&r.order, Some(&free_totals)),
            );
            assert!(
                a <= b + 2 * k,
                "team of {n}, seed {seed}, ten years: {a} > {b} + 2 * {k}"
            );
            worst_ten = worst_ten.max(a);
        }
        seen.push((n, worst_year, worst_ten));
        assert!(
            worst_year <= year_bound && worst_ten <= ten_bound,
            "team of {n}: worst year {worst_year} (bound {year_bound}), ten years {worst_ten} (bound {ten_bound})"
        );
    }
    eprintln!("(team size, worst year, worst ten years): {seen:?}");
}
