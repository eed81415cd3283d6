//! Dates as the pages and feeds show them (`Thu 26 Nov 2026`), written without chrono's
//! formatter, which reads its format string anew on every call and grows the string
//! piece by piece: about 2,300 instructions a date, where a call here takes about 250,
//! its allocation included. At 10,000 runbooks the backups' days alone
//! (`schedule::Backup::days`, 18,000 calls in the pages and feeds) were 42 M
//! instructions, 0.7 % of the build.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Appends `d` as chrono's `%a %-d %b %Y` writes it, without the weekday (`%a `) unless
/// `weekday` and without the year (` %Y`) unless `year`. Years past four digits or
/// before year 0 are left to chrono, which writes them with a sign.
pub(crate) fn push_date(out: &mut String, d: NaiveDate, weekday: bool, year: bool) {
    let y = d.year();
    if year && !(0..=9999).contains(&y) {
        let format = if weekday { "%a %-d %b %Y" } else { "%-d %b %Y" };
        out.push_str(&d.format(format).to_string());
        return;
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    if weekday {
        out.push_str(WEEKDAYS[d.weekday().num_days_from_monday() as usize]);
        out.push(' ');
    }
    let day = d.day();
    if day >= 10 {
        out.push(digit(day / 10));
    }
    out.push(digit(day));
    out.push(' ');
    out.push_str(MONTHS[d.month0() as usize]);
    if year {
        out.push(' ');
        let y = y as u32;
        for place in [1000, 100, 10, 1] {
            out.push(digit(y / place));
        }
    }
}

/// `d.format("%-d %b %Y")` (`7 Mar 2026`): the review dates of runbook, pipeline and
/// coverage pages.
pub(super) fn day_month_year(d: NaiveDate) -> String {
    let mut out = String::with_capacity(11);
    push_date(&mut out, d, false, true);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_as_chrono_writes_them() {
        let mut dates: Vec<NaiveDate> = (0..=9_999)
            .step_by(7)
            .chain([
                0, 1, 9, 10, 99, 100, 999, 1000, 9998, 9999, 10_000, -1, -44, 262_142,
            ])
            .filter_map(|y| NaiveDate::from_ymd_opt(y, 1, 1))
            .collect();
        // Every day of a leap year and of the year after it.
        let mut d = NaiveDate::from_ymd_opt(2028, 1, 1).unwrap_or_default();
        for _ in 0..731 {
            dates.push(d);
            d = d.succ_opt().unwrap_or(d);
        }
        dates.extend([NaiveDate::MIN, NaiveDate::MAX]);
        for d in dates {
            for (weekday, year, format) in [
                (false, true, "%-d %b %Y"),
                (true, true, "%a %-d %b %Y"),
                (true, false, "%a %-d %b"),
                (false, false, "%-d %b"),
            ] {
                let mut ours = String::from("x");
                push_date(&mut ours, d, weekday, year);
                assert_eq!(ours, format!("x{}", d.format(format)), "{d:?} {format}");
            }
            assert_eq!(day_month_year(d), d.format("%-d %b %Y").to_string());
        }
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap_or_default();
        assert_eq!(day_month_year(d), "7 Mar 2026");
    }
}
