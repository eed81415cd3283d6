//! The holidays that most likely moved served shifts, for [`super::served`]'s warning:
//! one added or moved for days already served, one taken out of `holidays` while its
//! shifts are still published (the previous feeds' holiday backup duties name its
//! date), or the one the previous feed's event said a shift was the turn for.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::diagnostics::Location;
use crate::model::{Revisions, Site};
use crate::schedule::{Schedule, Segment};

use super::served::Cause;

/// The dates of holidays the previous feeds held (a holiday backup duty's UID names its
/// date: `backup-<pipeline>-holiday-20261111.<id>@host`, `backups-holiday-…`) that the
/// data no longer lists, sorted. A site without pipelines has no such events, and its
/// pruned holidays are taken for a change of the rotation.
pub(super) fn removed_holidays(
    site: &Site,
    previous: &Revisions,
    hosts: &super::remember::Hosts,
) -> Vec<NaiveDate> {
    let listed: std::collections::HashSet<NaiveDate> =
        site.oncall.holidays.iter().map(|h| h.date).collect();
    let mut dates: Vec<NaiveDate> = (previous.keys())
        .filter(|uid| hosts.hold(uid))
        .filter_map(|uid| {
            let uid = super::uid::Uid::parse(uid).filter(|u| u.key.is_some())?;
            let (_, date) = uid.kind.rsplit_once("-holiday-")?;
            NaiveDate::parse_from_str(date, "%Y%m%d").ok()
        })
        .filter(|d| !listed.contains(d))
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}

/// The listed holidays by name, each name's by date (with their index in
/// `site.oncall.holidays`), and the lengths of the names, for [`named_holiday`].
pub(super) struct ByName<'a> {
    dates: HashMap<&'a str, Vec<(NaiveDate, usize)>>,
    lengths: std::collections::HashSet<usize>,
}

impl<'a> ByName<'a> {
    pub(super) fn new(site: &'a Site) -> Self {
        let mut dates: HashMap<&str, Vec<(NaiveDate, usize)>> = HashMap::new();
        for (i, h) in site.oncall.holidays.iter().enumerate() {
            dates.entry(h.name.as_str()).or_default().push((h.date, i));
        }
        dates.values_mut().for_each(|v| v.sort_unstable());
        let lengths = dates.keys().map(|n| n.len()).collect();
        ByName { dates, lengths }
    }

    /// The holiday named `name` nearest `day`, within half a year: (its date, its index).
    fn nearest(&self, name: &str, day: NaiveDate) -> Option<(NaiveDate, usize)> {
        let dates = self.dates.get(name)?;
        let i = dates.partition_point(|&(d, _)| d < day);
        let near = (i.checked_sub(1).map(|j| dates[j]).into_iter()).chain(dates.get(i).copied());
        near.map(|(d, i)| ((d - day).num_days().abs(), d, i))
            .filter(|&(away, ..)| away <= 183)
            .min()
            .map(|(_, d, i)| (d, i))
    }
}

/// Where the holiday that the previous feed said served shift `seg` was the turn (or the
/// shift in return) for is now, as said (`said`: its name, or the names of its holidays
/// as `wording::listed` joins them, `A, B and C`): the listed holiday of the longest name
/// `said` begins with, nearest the shift within half a year (a holiday moved; the same
/// holiday a year on is another), else `holidays` (one taken out); none when that holiday
/// is still on the shift's days (its turn is the rotation's now: the rotation moved).
/// Only a plain shift now is asked about. Each cut of `said` looked up has the length of
/// a listed name, so a long list of names costs no more than the names do.
pub(super) fn named_holiday(
    site: &Site,
    by_name: &ByName,
    schedule: &Schedule,
    seg: &Segment,
    said: &str,
) -> Option<(Location, Cause)> {
    let local = |t: DateTime<Utc>| t.with_timezone(&schedule.tz).date_naive();
    let (day, last) = (
        local(seg.start),
        local(seg.end - chrono::Duration::seconds(1)),
    );
    let mut cuts: Vec<usize> = (said.match_indices(", ").chain(said.match_indices(" and ")))
        .map(|(k, _)| k)
        .chain([said.len()])
        .filter(|k| by_name.lengths.contains(k))
        .collect();
    cuts.sort_unstable_by(|a, b| b.cmp(a));
    let found = (cuts.into_iter()).find_map(|k| by_name.nearest(&said[..k], day));
    let oncall = &site.sources.oncall;
    match found {
        // Still on the shift's days: the holiday stayed, and the rotation moved.
        Some((date, _)) if day <= date && date <= last => None,
        Some((date, i)) => {
            let listed = site.oncall.holidays.len() - site.oncall.imported_holidays;
            let path = match i < listed {
                true => format!("holidays[{i}]"),
                false => "calendars.holidays".to_string(),
            };
            let name = site.oncall.holidays[i].name.clone();
            Some((oncall.locate(&path), Cause::HolidayNamed(name, Some(date))))
        }
        None => {
            let cause = Cause::HolidayNamed(said.to_string(), None);
            Some((oncall.locate("holidays"), cause))
        }
    }
}

/// For each moved shift (segment, previous holder, whether an override held it), the
/// removed holiday (of `removed`, sorted) that most likely moved it: a plain shift now
/// whose days hold one (its holiday turn undone), or the plain shift whose holders are
/// that one's swapped (its shift in return given back). A holiday of the weeks before
/// the published ones left no event to see, and its shift in return is taken for the
/// rotation's.
pub(super) fn pruned(
    removed: &[NaiveDate],
    moved: &[(&Segment, &str, bool, Option<&str>)],
    schedule: &Schedule,
) -> Vec<Option<NaiveDate>> {
    let day = |t: DateTime<Utc>| t.with_timezone(&schedule.tz).date_naive();
    let plain = |seg: &Segment| schedule.shift(seg.slot).is_some_and(|s| s.change.is_none());
    let held: Vec<Option<NaiveDate>> = (moved.iter())
        .map(|&(seg, _, was_override, _)| {
            let (first, last) = (day(seg.start), day(seg.end - chrono::Duration::seconds(1)));
            let i = removed.partition_point(|d| *d < first);
            let date = removed.get(i).copied().filter(|d| *d <= last);
            date.filter(|_| !was_override && plain(seg))
        })
        .collect();
    // The holiday shifts by (holder before, holder now): a shift in return has them swapped.
    let swapped: HashMap<(&str, &str), NaiveDate> = (moved.iter().zip(&held))
        .filter_map(|(&(seg, before, ..), d)| Some(((before, seg.engineer.as_str()), (*d)?)))
        .collect();
    (moved.iter().zip(held))
        .map(|(&(seg, before, was_override, _), d)| {
            d.or_else(|| {
                let pair = swapped.get(&(seg.engineer.as_str(), before)).copied();
                pair.filter(|_| !was_override && plain(seg))
            })
        })
        .collect()
}

/// The holiday that moved served shift `slot`, when it went by a holiday's turn (and no
/// plain shift moved: see [`super::served::warn_rewritten`]): the first holiday it holds, or that its
/// other half of the swap holds. A holiday added for days already served (or its date
/// corrected) moves them so; on main the warning pointed at `rotation.order`, which had
/// not changed.
pub(super) fn holiday(site: &Site, schedule: &Schedule, slot: i64) -> Option<Location> {
    use crate::schedule::Change;
    let shift = schedule.shift(slot)?;
    let i = match shift.change.as_ref()? {
        Change::HolidayTurn { .. } => shift.holidays.first().copied(),
        Change::HolidaySwap {
            with_slot,
            with_start,
            holidays,
            ..
        } => (shift.holidays.first().copied())
            .or_else(|| schedule.shift(*with_slot)?.holidays.first().copied())
            .or_else(|| {
                // The other half before the weeks worked out: its holiday by name, within
                // one shift from its start.
                let (from, length) = (*with_start, shift.end - shift.start);
                let day = |t: DateTime<Utc>| t.with_timezone(&schedule.tz).date_naive();
                let (first, last) = (day(from), day(from + length));
                (site.oncall.holidays.iter()).position(|h| {
                    holidays.first() == Some(&h.name) && first <= h.date && h.date <= last
                })
            }),
        Change::TimeOffSwap { .. } | Change::Cover { .. } => None,
    }?;
    let listed = site.oncall.holidays.len() - site.oncall.imported_holidays;
    let path = match i < listed {
        true => format!("holidays[{i}]"),
        false => "calendars.holidays".to_string(),
    };
    Some(site.sources.oncall.locate(&path))
}
