//! Overrides already served that this build shows otherwise: an override's engineer
//! changed after its time passed, or an override of part of a shift taken out. The
//! comparison of [`super::served`] matches each whole shift now with the previous event
//! that held its middle, and skips the time overrides hold now: a one-day override taken
//! out (the shift whole again, its middle still its holder's) or a served override's
//! `engineer` changed rewrote who was on call in every subscriber's calendar, and
//! nothing warned (`tests/cal60.rs`). An override whose `from` moved after it was
//! served, or whose engineer has left the team since, is told as such
//! (`tests/cal61.rs`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::diagnostics::Location;
use crate::model::Site;
use crate::schedule::{local_datetime, Schedule, Segment};

use super::served::{Cause, Moved, Shown};
use super::served_names::Names;

/// The served overrides of the previous team feed (`shown`, by start) that now show
/// someone else at the middle of their served part, each with the line most likely
/// changed and its cause: the override of the same start (its `engineer` edited, or
/// its `to` when its engineer is the one shown: cut short), else `overrides` (one taken
/// out or moved). Those whose middle is a whole shift's that
/// [`super::served::warn_rewritten`] compares already (a whole-week override taken out)
/// are left to it. `by_name` gives the id of a name the previous feed showed, else
/// `departed` (someone who left since: their served override given to someone else is
/// rewritten as much); a name no one has now otherwise (a rename) is left alone. An
/// override of no start now whose times meet the served one's, of the same engineer, or
/// one of its length the previous feed did not show, is that override moved (on main:
/// "taken out", though it was still there): warned at its `from`.
pub(super) fn moved_overrides<'a>(
    site: &Site,
    schedule: &'a Schedule,
    shown: &[Shown<'a>],
    (by_name, departed): (&Names<'a>, &HashMap<&str, &'a str>),
) -> Vec<(Location, Cause, Moved<'a>)> {
    let tz = schedule.tz;
    let starts: HashMap<DateTime<Utc>, usize> = (site.oncall.overrides.iter().enumerate())
        .map(|(i, o)| (local_datetime(tz, o.from), i))
        .collect();
    let spans = Spans::new(site, schedule, shown);
    let segments = &schedule.segments;
    let mut found = Vec::new();
    for &(start, end, name, was_override, _) in shown {
        if !was_override || start >= schedule.now {
            continue;
        }
        let middle = start + (end.min(schedule.now) - start) / 2;
        let i = segments.partition_point(|s| s.start <= middle);
        let Some(seg) = i.checked_sub(1).map(|i| &segments[i]) else {
            continue;
        };
        let before = by_name.holder(name, start);
        let Some(before) = before.or_else(|| departed.get(name).copied()) else {
            continue;
        };
        if !seg.contains(middle) || seg.engineer == before || compared(schedule, seg, start, end) {
            continue;
        }
        let (location, cause) = match starts.get(&start) {
            Some(&i) => {
                let engineer = site.oncall.overrides[i].engineer != before;
                let field = if engineer { "engineer" } else { "to" };
                let path = format!("overrides[{i}].{field}");
                (
                    site.sources.oncall.locate(&path),
                    Cause::OverrideEdited(engineer),
                )
            }
            None => match spans.moved(site, start, end, before) {
                Some(i) => (
                    site.sources.oncall.locate(&format!("overrides[{i}].from")),
                    Cause::OverrideEdited(false),
                ),
                None => (site.sources.oncall.locate("overrides"), Cause::Override),
            },
        };
        found.push((location, cause, (start, end, before, seg.engineer.as_str())));
    }
    found
}

/// Whether [`super::served::warn_rewritten`] compares `seg` with the previous event
/// from `start` to `end`: `seg` is a whole shift, not an override, whose middle (of its
/// part served, for the shift on call now) that event held.
fn compared(schedule: &Schedule, seg: &Segment, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    let whole = schedule
        .shift(seg.slot)
        .is_some_and(|s| s.start == seg.start && s.end == seg.end);
    let middle = seg.start + (seg.end.min(schedule.now) - seg.start) / 2;
    seg.override_index.is_none() && whole && start <= middle && middle < end
}

/// The overrides' times now, in UTC, by start (overrides do not overlap, so by end too),
/// each with its index, and their indexes by end: what an override moved is looked up
/// in, in logarithmic time.
struct Spans<'a> {
    by_start: Vec<(DateTime<Utc>, DateTime<Utc>, usize)>,
    ends: HashMap<DateTime<Utc>, usize>,
    /// The overrides the previous team feed did not show, within the times it showed
    /// (an override moved there, or added), by engineer and length, each by start.
    fresh: HashMap<(&'a str, chrono::Duration), Starts>,
}

/// Overrides by start, each with its index.
type Starts = Vec<(DateTime<Utc>, usize)>;

impl<'a> Spans<'a> {
    fn new(site: &'a Site, schedule: &Schedule, shown: &[Shown]) -> Self {
        let tz = schedule.tz;
        let mut by_start: Vec<_> = (site.oncall.overrides.iter().enumerate())
            .map(|(i, o)| (local_datetime(tz, o.from), local_datetime(tz, o.to), i))
            .collect();
        by_start.sort_unstable();
        let ends = by_start.iter().map(|&(_, to, i)| (to, i)).collect();
        let was: std::collections::HashSet<DateTime<Utc>> =
            (shown.iter()).filter(|s| s.3).map(|s| s.0).collect();
        let first = shown.first().map(|s| s.0);
        let last = shown.iter().map(|s| s.1).max();
        let mut fresh: HashMap<_, Vec<_>> = HashMap::new();
        for &(from, to, i) in &by_start {
            let within = first.is_some_and(|f| f <= from) && last.is_some_and(|l| to <= l);
            if within && !was.contains(&from) {
                let engineer = site.oncall.overrides[i].engineer.as_str();
                fresh
                    .entry((engineer, to - from))
                    .or_default()
                    .push((from, i));
            }
        }
        Spans {
            by_start,
            ends,
            fresh,
        }
    }

    /// The override of `engineer` now, of another start, that ends where the served one
    /// from `start` to `end` did (its `from` moved), else the first that overlaps it,
    /// else the one nearest it of the same length that the previous feed did not show
    /// (moved to other days: on main, "taken out… put it back", though it was there).
    fn moved(
        &self,
        site: &Site,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        engineer: &str,
    ) -> Option<usize> {
        let of = |i: &usize| site.oncall.overrides[*i].engineer == engineer;
        if let Some(i) = self.ends.get(&end).filter(|i| of(i)) {
            return Some(*i);
        }
        let j = self.by_start.partition_point(|&(_, to, _)| to <= start);
        let overlapping = (self.by_start.get(j))
            .filter(|&&(from, _, i)| from < end && of(&i))
            .map(|&(_, _, i)| i);
        overlapping.or_else(|| {
            let fresh = self.fresh.get(&(engineer, end - start))?;
            let k = fresh.partition_point(|&(from, _)| from < start);
            let near = k.checked_sub(1).map(|k| fresh[k]).into_iter();
            let near = near.chain(fresh.get(k).copied());
            near.min_by_key(|&(from, _)| (from - start).abs())
                .map(|(_, i)| i)
        })
    }
}

/// The served times of the overrides now that give them to someone other than the
/// previous team feed's shift events there (`shown`, by start; its overrides are
/// [`moved_overrides`]' to compare), each at the override's `engineer`: an override
/// added, or stretched, over days already served. An override is also how a team
/// records what was served, so one naming the holder the feed showed is quiet. On main
/// any override over served days was quiet, and a pull request could rewrite who held
/// a past day in every subscriber's calendar without a word (`tests/cal63.rs`). Linear:
/// overrides do not overlap each other, nor do the events, so each pair met is an
/// override's or an event's edge. All are told at the first such override's line.
pub(super) fn added_overrides<'a>(
    site: &'a Site,
    schedule: &Schedule,
    shown: &[Shown<'a>],
    (by_name, departed): (&Names<'a>, &HashMap<&str, &'a str>),
) -> Vec<(Location, Cause, Moved<'a>)> {
    let tz = schedule.tz;
    let shifts: Vec<&Shown> = shown.iter().filter(|s| !s.3).collect();
    let mut found = Vec::new();
    let mut first: Option<Location> = None;
    for (i, o) in site.oncall.overrides.iter().enumerate() {
        let from = local_datetime(tz, o.from);
        let to = local_datetime(tz, o.to).min(schedule.now);
        if from >= to {
            continue;
        }
        let j = shifts.partition_point(|s| s.1 <= from);
        for &&(start, end, name, _, _) in shifts[j..].iter().take_while(|s| s.0 < to) {
            let before = by_name.holder(name, start);
            let Some(before) = before.or_else(|| departed.get(name).copied()) else {
                continue;
            };
            if before == o.engineer {
                continue;
            }
            // One warning for them all, at the first: 10,000 overrides added over served
            // days made 753 warnings, one per line.
            let path = format!("overrides[{i}].engineer");
            let location = first.get_or_insert_with(|| site.sources.oncall.locate(&path));
            let part = (start.max(from), end.min(to), before, o.engineer.as_str());
            found.push((location.clone(), Cause::OverrideAdded, part));
        }
    }
    found
}

/// Where the served part of the override added that `moved[0]` (a part of it, of the
/// warning [`added_overrides`] made) begins ends: the last end of `moved` within that
/// override, and whether that is the override's own end (all of it served). The parts
/// of a warning are of several overrides (all are told at the first), so the last end
/// of them all named another override's end, even a later day than this override's.
pub(super) fn served_part(
    site: &Site,
    schedule: &Schedule,
    moved: &[Moved],
) -> (DateTime<Utc>, bool) {
    let tz = schedule.tz;
    let (start, end, ..) = moved[0];
    let within = (site.oncall.overrides.iter())
        .map(|o| (local_datetime(tz, o.from), local_datetime(tz, o.to)))
        .find(|&(from, to)| from <= start && start < to);
    let Some((from, to)) = within else {
        return (end, false);
    };
    let served = (moved.iter())
        .filter(|m| from <= m.0 && m.1 <= to)
        .map(|m| m.1)
        .max()
        .unwrap_or(end);
    (served, served >= to)
}
