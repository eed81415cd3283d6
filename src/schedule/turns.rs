//! Holiday turns: who is asked first to take a holiday shift.
//!
//! The turn of a holiday shift depends only on the shift's number and the holiday's year,
//! never on the other holidays: that is what keeps adding or removing a holiday from
//! moving any other holiday's shift. (A turn that counted the holidays before it, to
//! balance each year exactly, would move every later holiday of the year when one is
//! added; see the README, "What is guaranteed".)
//!
//! Shift `k` of calendar year `y` has turn `(k + step * (y - y0)) % n`, `y0` being the year
//! the rotation starts. With `step = 0` that is the rotation itself, and a weekly rotation
//! of four would give each holiday to the same engineer every year (52 weeks is a multiple
//! of four). `step` is the smallest shift of the turns per year that, added to the shifts
//! a year holds, shares no factor with the team's size, so a holiday that falls on the
//! same shift of the rotation each year visits every engineer once in `n` years; and that
//! does not give two consecutive shifts at the turn of the year the same turn.

use chrono::Datelike;

/// Shifts in a year, for a shift of `days` days: 52 for weekly, 365 for daily.
fn shifts_per_year(days: u32) -> u64 {
    (365.2425 / f64::from(days.max(1))).round().max(1.0) as u64
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// How many places the turns move along the order each year, beyond the shifts of a year.
pub(super) fn year_step(days: u32, n: usize) -> u64 {
    let n = n as u64;
    if n <= 1 {
        return 0;
    }
    let year = shifts_per_year(days);
    (0..n)
        .find(|j| gcd(year + j, n) == 1 && (n == 2 || (1 + j) % n != 0))
        .unwrap_or(0)
}

/// The position in `rotation.order` of the engineer whose turn it is to take a holiday
/// that falls in `slot` in calendar `year`.
pub fn holiday_turn(rotation: &crate::model::Rotation, slot: i64, year: i32) -> usize {
    let n = rotation.order.len();
    let step = year_step(rotation.shift.0, n);
    let years = i64::from(year) - i64::from(rotation.start.year());
    turn(slot.max(0) as usize, years, step, n)
}

/// The position in the order whose engineer has the turn for slot `k` of `year` (years
/// counted from the rotation's first).
pub(super) fn turn(k: usize, year: i64, step: u64, n: usize) -> usize {
    let n = n as i128;
    ((k as i128 + i128::from(step) * i128::from(year)).rem_euclid(n.max(1))) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_turns_move_one_engineer_along_each_year_for_a_weekly_team_of_four() {
        // 52 weeks is a multiple of 4: the rotation alone would repeat every year.
        assert_eq!(year_step(7, 4), 1);
        // Same shift of the rotation 52 weeks later: the next engineer.
        assert_eq!(turn(50 + 52, 1, 1, 4), (turn(50, 0, 1, 4) + 1) % 4);
        // A team of three already moves along by one each year (52 = 3 * 17 + 1).
        assert_eq!(year_step(7, 3), 0);
    }

    #[test]
    fn every_engineer_gets_every_turn_and_the_new_year_never_repeats_one() {
        for days in [1, 3, 7, 14, 30] {
            for n in 2..=12usize {
                let step = year_step(days, n);
                let per_year = shifts_per_year(days) + step;
                assert_eq!(gcd(per_year, n as u64), 1, "{days} days, {n} people");
                // The last shift of a year and the first of the next.
                if n > 2 {
                    assert_ne!(
                        turn(10, 0, step, n),
                        turn(11, 1, step, n),
                        "{days} days, {n}"
                    );
                }
            }
        }
    }
}
