//! Holiday turns: who is asked first to take a holiday shift.
//!
//! The turn of a holiday depends only on its own date, never on the other holidays: that
//! is what keeps adding or removing a holiday from moving any other holiday's shift (a turn
//! that counted the holidays before it would move every later holiday of the year when
//! one is added; see the README, "What is not guaranteed, and why").
//!
//! A date falls in one of 48 cells a year: its month, and its day's place in the month
//! (1–7, 8–14, 15–21, 22 to the end). A holiday that comes back each year on the same date
//! or on the same weekday of the month (the third Monday, the fourth Thursday, the last
//! Monday) stays in its cell every year, even when its shift of the rotation drifts. The
//! cell's turn moves one engineer along the order each year, so such a holiday goes to
//! every engineer once in any `n` consecutive years. Cells are spread over the order in
//! bit-reversed order (van der Corput), so holidays a few cells apart, or spaced at any
//! regular interval, do not pile up on one engineer as `cell % n` would when the interval
//! shares a factor with `n`.
//!
//! 31 December belongs to the next year's first cell ([`holiday_year`]): New Year's Day on
//! a Saturday is observed on Friday 31 December, and counted in its own year it would leave
//! one year with two New Year's Days and the next with none, and share December's last cell
//! (and so its engineer) with Christmas. A holiday on 31 December every year (New Year's
//! Eve) keeps the cell all the same.

use chrono::{Datelike, NaiveDate};

/// Cells a year: four per month.
const CELLS: u32 = 48;

/// The calendar year a holiday on `date` counts in, for its turn and for fairness: its own,
/// except that 31 December counts in the next (New Year's Day observed on Friday 31
/// December is the next year's New Year's Day).
pub fn holiday_year(date: NaiveDate) -> i32 {
    if year_end(date) {
        date.year() + 1
    } else {
        date.year()
    }
}

/// 31 December: the first cell of the next holiday year.
fn year_end(date: NaiveDate) -> bool {
    date.month() == 12 && date.day() == 31
}

/// The cell of a date: `4 * (month - 1)` plus the day's week of the month, the days from
/// the 22nd to the end of the month making the fourth (so a "last Monday" stays in it); 31
/// December makes the next year's first.
pub(super) fn cell(date: NaiveDate) -> u32 {
    if year_end(date) {
        return 0;
    }
    4 * date.month0() + (date.day0() / 7).min(3)
}

/// The cell's place in `[0, 1)`: its bits read backwards after the point.
fn spread(cell: u32) -> f64 {
    let (mut c, mut x, mut unit) = (cell, 0.0, 0.5);
    while c > 0 {
        if c & 1 == 1 {
            x += unit;
        }
        c >>= 1;
        unit /= 2.0;
    }
    x
}

/// The position in an order of `n` whose engineer has the turn for a holiday on `date`,
/// for a rotation that starts in `first_year`.
pub(super) fn turn(date: NaiveDate, first_year: i32, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    let n = n as i64;
    let base = (spread(cell(date) % CELLS) * n as f64) as i64;
    let years = i64::from(holiday_year(date)) - i64::from(first_year);
    (base + years).rem_euclid(n) as usize
}

/// The position in `rotation.order` of the engineer whose turn it is to take a holiday on
/// `date`. A shift holding several holidays goes by its first.
pub fn holiday_turn(rotation: &crate::model::Rotation, date: NaiveDate) -> usize {
    turn(date, rotation.start.year(), rotation.order.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The `nth` Thursday of November of `y`.
    fn thursday(y: i32, nth: u32) -> NaiveDate {
        NaiveDate::from_weekday_of_month_opt(y, 11, chrono::Weekday::Thu, nth as u8).unwrap()
    }

    #[test]
    fn a_yearly_holiday_visits_every_engineer_once_in_n_years() {
        for n in 2..=12usize {
            for first in [2026, 2031] {
                let years = first..first + n as i32;
                let christmas: Vec<usize> =
                    years.clone().map(|y| turn(d(y, 12, 25), 2026, n)).collect();
                let thanksgiving: Vec<usize> =
                    years.map(|y| turn(thursday(y, 4), 2026, n)).collect();
                for turns in [christmas, thanksgiving] {
                    let mut seen = turns.clone();
                    seen.sort_unstable();
                    seen.dedup();
                    assert_eq!(seen.len(), n, "{n}: {turns:?}");
                    // One place along the order each year.
                    assert!(
                        turns.windows(2).all(|w| w[1] == (w[0] + 1) % n),
                        "{turns:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_weekday_of_the_month_keeps_its_cell_as_its_date_drifts() {
        for y in 2026..2040 {
            assert_eq!(cell(thursday(y, 4)), cell(d(2026, 11, 26)), "{y}");
            let last_monday_of_may = (25..=31)
                .map(|day| d(y, 5, day))
                .find(|x| x.weekday() == chrono::Weekday::Mon)
                .unwrap();
            assert_eq!(cell(last_monday_of_may), 4 * 4 + 3, "{y}");
        }
    }

    #[test]
    fn new_years_day_observed_on_31_december_keeps_its_turn_and_year() {
        // 1 January 2028 and 2033 are Saturdays, observed on Friday 31 December.
        for n in 2..=6usize {
            let days: Vec<NaiveDate> = (2026..2036)
                .map(|y| match d(y, 1, 1).weekday() {
                    chrono::Weekday::Sat => d(y - 1, 12, 31),
                    chrono::Weekday::Sun => d(y, 1, 2),
                    _ => d(y, 1, 1),
                })
                .collect();
            let years: Vec<i32> = days.iter().map(|x| holiday_year(*x)).collect();
            assert_eq!(years, (2026..2036).collect::<Vec<_>>());
            let turns: Vec<usize> = days.iter().map(|x| turn(*x, 2026, n)).collect();
            assert!(
                turns.windows(2).all(|w| w[1] == (w[0] + 1) % n),
                "{n}: {turns:?}"
            );
            // Not Christmas's cell.
            assert_ne!(cell(d(2027, 12, 31)), cell(d(2027, 12, 24)));
        }
        assert_eq!(holiday_year(d(2027, 12, 30)), 2027);
    }

    #[test]
    fn nearby_cells_are_spread_over_the_team() {
        for n in 2..=12usize {
            let mut per = vec![0; n];
            for c in 0..CELLS {
                per[(spread(c) * n as f64) as usize] += 1;
                // No engineer has more than two of any `n` consecutive cells, and with a
                // team of 2, 4 or 8 each has one.
                let most = (0..n)
                    .map(|e| {
                        (c..(c + n as u32).min(CELLS))
                            .filter(|&x| (spread(x) * n as f64) as usize == e)
                            .count()
                    })
                    .max()
                    .unwrap();
                assert!(
                    most <= if n.is_power_of_two() { 1 } else { 2 },
                    "{n} from {c}"
                );
            }
            let (lo, hi) = (per.iter().min().unwrap(), per.iter().max().unwrap());
            assert!(hi - lo <= 2, "{n}: {per:?}");
        }
    }
}
