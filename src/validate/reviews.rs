//! Runbook reviews: each page shows when it was last reviewed and when it is next due,
//! and one past its date is a warning. A date a pull request's author makes up is told:
//! `last_reviewed: 2999-12-31` showed "Last reviewed 31 Dec 2999" and never came due
//! without a word (now a warning), and an interval of 4,000,000,000 days passed every
//! date pipebook can write ("next review by ." on the page; now an error).

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::Diagnostics;
use crate::model::Site;

/// The longest review interval, in days: ten years.
pub const MAX_INTERVAL_DAYS: u32 = 3660;

/// A review dated this many days after the build's day is still taken: the reviewer's
/// time zone may be a day ahead of the build's.
const AHEAD_DAYS: u64 = 1;

/// The first year a build's clock can honestly say: pipebook is younger. A clock before it
/// was reset (to 1970, the epoch, on a board without a clock battery; to 2000 by some
/// firmware) or is a `SOURCE_DATE_EPOCH` of 0, and every date of the content was told
/// as not yet happened, or the schedule as starting after it ends, without a word of it.
const EARLIEST_CLOCK_YEAR: i32 = 2020;

/// What to add to the hint of a warning that weighs the content's dates against
/// `today`, when `today` is before [`EARLIEST_CLOCK_YEAR`].
pub fn clock_hint(today: NaiveDate) -> Option<String> {
    (today.year() < EARLIEST_CLOCK_YEAR).then(|| {
        format!("; the build's clock says {today}: if that is not today, set the machine's clock (or SOURCE_DATE_EPOCH, when it is set) and build again")
    })
}

/// Checks every runbook's review date against `today` (the build's day) and the review
/// intervals against [`MAX_INTERVAL_DAYS`].
pub(super) fn check(site: &Site, today: NaiveDate, diags: &mut Diagnostics) {
    let interval_hint =
        format!("review runbooks at least every ten years: write at most {MAX_INTERVAL_DAYS} days");
    if site.config.review_interval_days > MAX_INTERVAL_DAYS {
        diags.error(
            site.sources.site.locate("review_interval_days"),
            too_long(site.config.review_interval_days),
            interval_hint.clone(),
        );
    }
    let latest = today.checked_add_days(chrono::Days::new(AHEAD_DAYS));
    // Told once, at the first review after today: on a reset clock that is every one.
    let mut clock = clock_hint(today);
    for rb in &site.runbooks {
        if let Some(days) = rb
            .front
            .review_interval_days
            .filter(|&d| d > MAX_INTERVAL_DAYS)
        {
            diags.error(
                rb.source.locate("review_interval_days"),
                too_long(days),
                interval_hint.clone(),
            );
        }
        let Some(reviewed) = rb.front.last_reviewed else {
            continue;
        };
        // A warning, not an error: a build at an earlier clock (SOURCE_DATE_EPOCH set
        // back) is honest, and `--deny-warnings` fails a pull request's.
        if latest.is_some_and(|latest| reviewed > latest) {
            diags.warning(
                rb.source.locate("last_reviewed"),
                format!("last_reviewed {reviewed} is after today ({today}): the page shows a review that has not happened, and the runbook does not come due for review"),
                format!(
                    "set `last_reviewed` to the day the steps were last checked against the pipeline{}",
                    clock.take().unwrap_or_default()
                ),
            );
            continue;
        }
        if let Some(due) = rb
            .review_due(site.config.review_interval_days)
            .filter(|d| *d <= today)
        {
            diags.warning(
                rb.source.locate("last_reviewed"),
                format!("runbook is due for review since {due} (last reviewed {reviewed})"),
                "check the steps against the pipeline as it runs today, then set `last_reviewed` to today's date",
            );
        }
    }
}

fn too_long(days: u32) -> String {
    format!("review_interval_days {days} is more than {MAX_INTERVAL_DAYS} (ten years): the runbook would never come due for review")
}
