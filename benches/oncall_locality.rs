//! How far a change in the on-call data reaches, and how fair holiday duty is, over ten
//! years: `cargo bench --bench oncall_locality [-- SCHEDULES]` (release build; issue 15).
//!
//! A team with a weekly rotation from Monday 2026-01-05 09:00 New York time, the US
//! federal holidays of 2026 to 2036 (as the example site lists them) and, for most
//! figures, random time off: each engineer 2 to 5 absences a year of 1 to 14 days. For
//! SCHEDULES such schedules per team size (4 by default) it prints:
//!
//! - **Locality**: for every week of the ten years, the schedule with one more week of
//!   time off (Monday to Sunday, for whoever holds that week), with one more day off
//!   (its Wednesday), with one more holiday (its Wednesday), with one more override (the
//!   whole week, taken by the next engineer in the order), and for every absence of up to
//!   a week and every holiday the schedule without it: how many shifts change hands, how
//!   many cases change more than 4 shifts, and how far (in weeks) the farthest changed
//!   shift lies from the change.
//! - **Holiday duty**: holiday shifts per engineer, max minus min in each calendar year and
//!   over the ten years, with and without time off, on the US holidays and on random
//!   calendars (40 × SCHEDULES of each kind): holidays that come back each year, drawn as
//!   `tests/schedule_fairness.rs` draws them, and 11 random dates a year.
//! - **Back-to-back**: shifts held by the engineer who holds the one before, per ten years.
//!
//! The data are generated from a fixed seed, so two runs print the same figures; the
//! numbers in `bench/README.md` come from it.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use common::id;
use pipebook::model::{Holiday, Horizon, OnCall, Override, Pipelines, Team, TimeOff};
use pipebook::schedule::{self, Schedule};

#[path = "../tests/schedule_common/mod.rs"]
mod common;

const YEARS: std::ops::Range<i32> = 2026..2036;
const WEEKS: i64 = 522;

/// A small deterministic generator (xorshift64*), so the figures repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The `n`th `wd` of a month (1-based), or the last one with `n = 0`.
fn weekday_of(y: i32, m: u32, wd: Weekday, n: u32) -> NaiveDate {
    if n == 0 {
        let next = if m == 12 {
            date(y + 1, 1, 1)
        } else {
            date(y, m + 1, 1)
        };
        let mut d = next - Duration::days(1);
        while d.weekday() != wd {
            d -= Duration::days(1);
        }
        return d;
    }
    let mut d = date(y, m, 1);
    while d.weekday() != wd {
        d += Duration::days(1);
    }
    d + Duration::weeks(i64::from(n) - 1)
}

/// A fixed-date holiday on a weekend is observed on the Friday before or Monday after.
fn observed(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Duration::days(1),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

fn us_federal(y: i32) -> Vec<(NaiveDate, &'static str)> {
    vec![
        (observed(date(y, 1, 1)), "New Year's Day"),
        (
            weekday_of(y, 1, Weekday::Mon, 3),
            "Birthday of Martin Luther King, Jr.",
        ),
        (weekday_of(y, 2, Weekday::Mon, 3), "Washington's Birthday"),
        (weekday_of(y, 5, Weekday::Mon, 0), "Memorial Day"),
        (observed(date(y, 6, 19)), "Juneteenth"),
        (observed(date(y, 7, 4)), "Independence Day"),
        (weekday_of(y, 9, Weekday::Mon, 1), "Labor Day"),
        (weekday_of(y, 10, Weekday::Mon, 2), "Columbus Day"),
        (observed(date(y, 11, 11)), "Veterans Day"),
        (weekday_of(y, 11, Weekday::Thu, 4), "Thanksgiving Day"),
        (observed(date(y, 12, 25)), "Christmas Day"),
    ]
}

fn start() -> NaiveDate {
    date(2026, 1, 5)
}

/// The holidays of a calendar for the ten years.
#[derive(Clone, Copy)]
enum Calendar {
    /// The US federal holidays, as the example site lists them.
    UsFederal,
    /// 3 to 15 holidays that come back each year on the same date or the same weekday of
    /// a month, in weeks of their month at least two apart (as
    /// `tests/schedule_fairness.rs` draws them), from a seed.
    Yearly(u64),
    /// 11 random dates a year, from a seed.
    Anywhere(u64),
}

fn last_weekday(y: i32, m: u32, wd: Weekday) -> NaiveDate {
    weekday_of(y, m, wd, 0)
}

impl Calendar {
    fn dates(self) -> Vec<(NaiveDate, String)> {
        match self {
            Calendar::UsFederal => (2026..=2036)
                .flat_map(us_federal)
                .map(|(d, name)| (d, name.to_string()))
                .collect(),
            Calendar::Yearly(seed) => {
                let mut rng = Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) | 1);
                // k cells at least two apart: k sorted spots of 48 - k, the i-th moved i on.
                let k = rng.range(3, 15) as usize;
                let mut spots: Vec<u32> = (0..48 - k as u32).collect();
                for i in 0..k {
                    let j = rng.range(i as i64, spots.len() as i64 - 1) as usize;
                    spots.swap(i, j);
                }
                spots.truncate(k);
                spots.sort_unstable();
                let kinds: Vec<(u32, bool, u32, u32, bool)> = spots
                    .iter()
                    .enumerate()
                    .map(|(i, &spot)| {
                        let cell = spot + i as u32;
                        let fixed = rng.below(2) == 0;
                        (
                            cell,
                            fixed,
                            rng.below(7) as u32,
                            rng.below(7) as u32,
                            rng.below(2) == 0,
                        )
                    })
                    .collect();
                (2026..=2036)
                    .flat_map(|y| {
                        kinds.iter().map(move |&(cell, fixed, day, wd, last)| {
                            let (m, week) = (cell / 4 + 1, cell % 4);
                            let wd = Weekday::try_from(wd as u8).expect("weekday");
                            let d = if fixed {
                                date(y, m, 7 * week + 1 + day)
                            } else if week == 3 && last && m != 12 {
                                last_weekday(y, m, wd)
                            } else {
                                weekday_of(y, m, wd, week + 1)
                            };
                            (d, format!("Y{cell}"))
                        })
                    })
                    .collect()
            }
            Calendar::Anywhere(seed) => {
                let mut rng = Rng(seed.wrapping_mul(0xA24B_AED4_963E_E407) | 1);
                (2026..=2036)
                    .flat_map(|y| {
                        (0..11)
                            .map(|_| date(y, 1, 1) + Duration::days(rng.range(0, 364)))
                            .collect::<Vec<_>>()
                    })
                    .map(|d| (d, "Random".to_string()))
                    .collect()
            }
        }
    }
}

/// Ten years of the team's schedule, with random time off when `seed` is given.
fn world(n: usize, seed: Option<u64>) -> (OnCall, Team) {
    world_with(n, Calendar::UsFederal, seed)
}

/// Ten years of the team's schedule on a calendar, with random time off when `seed` is
/// given.
fn world_with(n: usize, calendar: Calendar, seed: Option<u64>) -> (OnCall, Team) {
    let holidays: Vec<Holiday> = calendar
        .dates()
        .into_iter()
        .filter(|(d, _)| *d >= start() - Duration::days(7))
        .map(|(date, name)| Holiday { date, name })
        .collect();
    let order: Vec<usize> = (0..n).collect();
    let time = NaiveTime::from_hms_opt(9, 0, 0).expect("time");
    let rotation = common::rotation(&order, start(), time, chrono_tz::America::New_York, 7);
    // The clock in the middle, so the horizon holds the ten years.
    let horizon = Horizon {
        past_weeks: 266,
        future_weeks: 266,
    };
    let oncall = common::oncall(rotation, holidays, horizon);
    let mut team = common::team(n);
    if let Some(seed) = seed {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        for e in &mut team.engineers {
            for y in YEARS {
                for _ in 0..rng.range(2, 5) {
                    let from = date(y, 1, 1) + Duration::days(rng.range(0, 364));
                    let to = from + Duration::days(rng.range(0, 13));
                    e.time_off.push(TimeOff {
                        from,
                        to,
                        reason: None,
                    });
                }
            }
        }
    }
    (oncall, team)
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2031, 1, 1, 12, 0, 0)
        .single()
        .expect("clock")
}

fn resolve(oncall: &OnCall, team: &Team) -> Schedule {
    schedule::resolve(oncall, team, &Pipelines::default(), now()).schedule
}

/// Who holds each slot of the ten years.
fn holders(s: &Schedule) -> BTreeMap<i64, String> {
    s.shifts
        .iter()
        .filter(|x| (0..WEEKS).contains(&x.slot))
        .map(|x| (x.slot, x.engineer.clone()))
        .collect()
}

/// Changed slots between two schedules, and the farthest one's distance (in slots) from
/// the slots of the change.
fn compare(a: &BTreeMap<i64, String>, b: &BTreeMap<i64, String>, at: &[i64]) -> (usize, i64) {
    let changed: Vec<i64> = a
        .iter()
        .filter(|(k, v)| b.get(k).is_some_and(|w| w != *v))
        .map(|(k, _)| *k)
        .collect();
    let far = changed
        .iter()
        .map(|k| at.iter().map(|s| (k - s).abs()).min().unwrap_or(0))
        .max()
        .unwrap_or(0);
    (changed.len(), far)
}

#[derive(Default)]
struct Tally {
    cases: usize,
    changed: usize,
    most: usize,
    over_four: usize,
    farthest: i64,
    over_eight_weeks: usize,
}

impl Tally {
    fn add(&mut self, (changed, far): (usize, i64)) {
        self.cases += 1;
        self.changed += changed;
        self.most = self.most.max(changed);
        self.over_four += usize::from(changed > 4);
        self.farthest = self.farthest.max(far);
        self.over_eight_weeks += usize::from(far > 8);
    }

    fn print(&self, what: &str) {
        println!(
            "  {what:<34} {:>6} cases  mean {:>5.2}  max {:>4}  >4 shifts: {:>5}  farthest {:>4} wk  >8 wk: {:>5}",
            self.cases,
            self.changed as f64 / self.cases.max(1) as f64,
            self.most,
            self.over_four,
            self.farthest,
            self.over_eight_weeks
        );
    }
}

/// The slots an absence of whole local days touches (handoff Monday 09:00).
fn slots_of(from: NaiveDate, to: NaiveDate) -> Vec<i64> {
    let first = (from - start()).num_days().div_euclid(7);
    // A Monday before the handoff still belongs to the shift before.
    let first = if from.weekday() == Weekday::Mon {
        first - 1
    } else {
        first
    };
    let last = (to - start()).num_days().div_euclid(7);
    (first..=last).collect()
}

fn week_start(k: i64) -> NaiveDate {
    start() + Duration::weeks(k)
}

fn locality(n: usize, schedules: u64) {
    let mut week_off = Tally::default();
    let mut day_off = Tally::default();
    let mut no_off = Tally::default();
    let mut holiday = Tally::default();
    let mut no_holiday = Tally::default();
    let mut overrides = Tally::default();
    for seed in 1..=schedules {
        let (oncall, team) = world(n, Some(seed));
        let base = holders(&resolve(&oncall, &team));
        for k in 0..WEEKS - 2 {
            let Some(who) = base.get(&k) else { continue };
            let e = team
                .engineers
                .iter()
                .position(|e| &e.id == who)
                .unwrap_or(0);
            for (days, tally) in [((0, 6), &mut week_off), ((2, 2), &mut day_off)] {
                let mut t = team.clone();
                let (from, to) = (
                    week_start(k) + Duration::days(days.0),
                    week_start(k) + Duration::days(days.1),
                );
                t.engineers[e].time_off.push(TimeOff {
                    from,
                    to,
                    reason: None,
                });
                tally.add(compare(
                    &base,
                    &holders(&resolve(&oncall, &t)),
                    &slots_of(from, to),
                ));
            }
            let wednesday = week_start(k) + Duration::days(2);
            if !oncall.holidays.iter().any(|h| h.date == wednesday) {
                let mut o = oncall.clone();
                o.holidays.push(Holiday {
                    date: wednesday,
                    name: "Added".into(),
                });
                o.holidays.sort_by_key(|h| h.date);
                holiday.add(compare(&base, &holders(&resolve(&o, &team)), &[k]));
            }
            let mut o = oncall.clone();
            let at = |d: NaiveDate| d.and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("time"));
            o.overrides.push(Override {
                from: at(week_start(k)),
                to: at(week_start(k + 1)),
                engineer: id((e + 1) % n),
                reason: "bench".into(),
            });
            overrides.add(compare(&base, &holders(&resolve(&o, &team)), &[k]));
        }
        for (e, eng) in team.engineers.iter().enumerate() {
            for (i, off) in eng.time_off.iter().enumerate() {
                if (off.to - off.from).num_days() > 6 {
                    continue;
                }
                let mut t = team.clone();
                t.engineers[e].time_off.remove(i);
                no_off.add(compare(
                    &base,
                    &holders(&resolve(&oncall, &t)),
                    &slots_of(off.from, off.to),
                ));
            }
        }
        for i in 0..oncall.holidays.len() {
            let mut o = oncall.clone();
            let h = o.holidays.remove(i);
            let k = slots_of(h.date, h.date)[0];
            no_holiday.add(compare(&base, &holders(&resolve(&o, &team)), &[k + 1]));
        }
    }
    println!("team of {n}, {schedules} random ten-year schedules: shifts that change hands");
    week_off.print("+ one week off (holder of the week)");
    day_off.print("+ one day off (its Wednesday)");
    no_off.print("- an absence of up to a week");
    holiday.print("+ one holiday (a Wednesday)");
    no_holiday.print("- one holiday");
    overrides.print("+ one override (a whole week)");
}

/// Holiday shifts per engineer and year, back-to-back pairs by cause, and shifts per engineer
/// over the ten years.
struct Duty {
    years: BTreeMap<i32, Vec<usize>>,
    b2b: BTreeMap<String, usize>,
    shifts: Vec<usize>,
}

/// What `Duty` holds, for one schedule.
fn duty(s: &Schedule, oncall: &OnCall, n: usize) -> Duty {
    let mut years: BTreeMap<i32, Vec<usize>> = YEARS.map(|y| (y, vec![0; n])).collect();
    for shift in &s.shifts {
        let Some(first) = shift
            .holidays
            .iter()
            .map(|&i| oncall.holidays[i].date)
            .min()
        else {
            continue;
        };
        let e = shift.engineer[1..].parse::<usize>().unwrap_or(0);
        if let Some(counts) = years.get_mut(&schedule::holiday_year(first)) {
            counts[e] += 1;
        }
    }
    let mut b2b: BTreeMap<String, usize> = BTreeMap::new();
    for (a, _, why) in s.back_to_back() {
        if (0..WEEKS).contains(&a.slot) {
            *b2b.entry(format!("{why:?}")).or_default() += 1;
        }
    }
    let mut shifts = vec![0; n];
    for shift in s.shifts.iter().filter(|x| (0..WEEKS).contains(&x.slot)) {
        shifts[shift.engineer[1..].parse::<usize>().unwrap_or(0)] += 1;
    }
    Duty { years, b2b, shifts }
}

fn spread(v: &[usize]) -> usize {
    v.iter().max().unwrap_or(&0) - v.iter().min().unwrap_or(&0)
}

fn fairness(n: usize, schedules: u64) {
    let line = |label: &str, worlds: Vec<(Calendar, Option<u64>)>| {
        let (mut year_max, mut year_sum, mut years, mut cum_max, mut cum_sum, mut b2b_max) =
            (0, 0, 0, 0, 0, 0);
        let mut b2b_sum = 0;
        let (mut shifts_max, mut shifts_sum) = (0, 0);
        let mut causes: BTreeMap<String, usize> = BTreeMap::new();
        for (calendar, seed) in &worlds {
            let (oncall, team) = world_with(n, *calendar, *seed);
            let Duty {
                years: per_year,
                b2b,
                shifts,
            } = duty(&resolve(&oncall, &team), &oncall, n);
            shifts_max = shifts_max.max(spread(&shifts));
            shifts_sum += spread(&shifts);
            let mut total = vec![0; n];
            for counts in per_year.values() {
                year_max = year_max.max(spread(counts));
                year_sum += spread(counts);
                years += 1;
                for (t, c) in total.iter_mut().zip(counts) {
                    *t += c;
                }
            }
            cum_max = cum_max.max(spread(&total));
            cum_sum += spread(&total);
            let pairs: usize = b2b.values().sum();
            b2b_max = b2b_max.max(pairs);
            b2b_sum += pairs;
            for (why, k) in b2b {
                *causes.entry(why).or_default() += k;
            }
        }
        let runs = worlds.len().max(1) as f64;
        println!(
            "  {label:<18} holiday shifts max-min: per year max {year_max} (mean {:.2}), over 10 years max {cum_max} (mean {:.2});  back-to-back per 10 years: max {b2b_max} (mean {:.1})",
            year_sum as f64 / years.max(1) as f64,
            cum_sum as f64 / runs,
            b2b_sum as f64 / runs
        );
        if !causes.is_empty() {
            let by: Vec<String> = causes
                .iter()
                .map(|(why, k)| format!("{why} {:.1}", *k as f64 / runs))
                .collect();
            println!(
                "  {:<18} back-to-back by cause (mean): {}",
                "",
                by.join(", ")
            );
        }
        println!(
            "  {:<18} shifts per engineer over 10 years, max-min: max {shifts_max} (mean {:.2})",
            "",
            shifts_sum as f64 / runs
        );
    };
    println!("team of {n}: holiday duty and back-to-back shifts, 2026 to 2035");
    let us = Calendar::UsFederal;
    line("no time off", vec![(us, None)]);
    let runs = schedules * 5;
    line(
        &format!("{runs} with time off"),
        (1..=runs).map(|s| (us, Some(s))).collect(),
    );
    let calendars = schedules * 10;
    for (what, calendar) in [
        ("yearly", Calendar::Yearly as fn(u64) -> Calendar),
        ("anywhere", Calendar::Anywhere),
    ] {
        line(
            &format!("{calendars} {what}"),
            (1..=calendars).map(|c| (calendar(c), None)).collect(),
        );
        line(
            &format!("{calendars} {what}, off"),
            (1..=calendars).map(|c| (calendar(c), Some(c))).collect(),
        );
    }
}

fn main() {
    let schedules: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(4);
    let t = std::time::Instant::now();
    for n in [4, 3, 5, 6, 2] {
        locality(
            n,
            if n == 4 {
                schedules
            } else {
                schedules.div_ceil(2)
            },
        );
        fairness(n, schedules * 4);
        println!();
    }
    println!("({:.1} s)", t.elapsed().as_secs_f64());
}
