//! The timeline: shifts with the overrides cut into them.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::availability::Availability;
use super::present::{Present, Roster};
use super::settle::{secondary, settle, slot_at};
use super::time::{handoff, local_datetime, Span};
use super::{Segment, Shift};
use crate::model::{OnCall, Rotation};

/// The timeline: each shift, with the overrides cut into it.
///
/// A segment's secondary is the shift's (for an override by the shift's secondary,
/// whoever it displaces) when that engineer is present all through the segment; else
/// the shift's rule applied to the segment: the next after its engineer (or in the
/// secondary rotation from its first slot) who has no time off during any part of it.
/// An override running across handoffs stays one segment (its calendar event is one), so
/// its secondary is someone present for all of it; for all of the override, as written,
/// and from the shift it begins in (`before`, when that is earlier than `shifts`), not
/// only the part the horizon shows.
pub(super) fn cut_overrides(
    shifts: &[Shift],
    before: Option<&Shift>,
    oncall: &OnCall,
    rotation: &Rotation,
    avail: &Availability,
) -> Vec<Segment> {
    let tz = rotation.timezone;
    let overrides: Vec<(Span, usize)> = oncall
        .overrides
        .iter()
        .enumerate()
        .map(|(i, o)| ((local_datetime(tz, o.from), local_datetime(tz, o.to)), i))
        .filter(|((a, b), _)| a < b)
        .collect();
    let mut segments: Vec<Segment> = Vec::new();
    let winners = winners(&overrides);
    for shift in shifts {
        // The shift's bounds and the overrides' starts and ends within it.
        let lo = winners.partition_point(|(t, _)| *t <= shift.start);
        let hi = winners.partition_point(|(t, _)| *t < shift.end);
        let inside = winners[lo..hi.max(lo)].iter().map(|(t, _)| *t);
        let cuts: Vec<DateTime<Utc>> = std::iter::once(shift.start)
            .chain(inside)
            .chain([shift.end])
            .collect();
        for w in cuts.windows(2) {
            let at = winners.partition_point(|(t, _)| *t <= w[0]);
            let ov = at.checked_sub(1).and_then(|k| winners[k].1);
            let engineer = ov.map_or(shift.engineer.as_str(), |i| {
                oncall.overrides[i].engineer.as_str()
            });
            match segments.last_mut() {
                // An override running across a handoff stays one segment.
                Some(last) if last.end == w[0] && ov.is_some() && last.override_index == ov => {
                    last.end = w[1];
                }
                _ => segments.push(Segment {
                    slot: shift.slot,
                    engineer: engineer.to_string(),
                    start: w[0],
                    end: w[1],
                    override_index: ov,
                    // Whoever the override displaces is preferred second; whether they
                    // are free is checked below, once the segment has its whole length.
                    secondary: match &shift.secondary {
                        Some(s) if s == engineer => Some(shift.engineer.clone()),
                        other => other.clone(),
                    },
                }),
            }
        }
    }
    let roster = Roster::new(rotation, oncall, avail);
    let bounds = (shifts.iter().map(|s| s.start))
        .chain(shifts.last().map(|s| s.end))
        .collect();
    let mut present = Present::new(&roster, avail, bounds);
    let spans: HashMap<usize, Span> = overrides.iter().map(|(s, i)| (*i, *s)).collect();
    for seg in &mut segments {
        let own = (seg.start, seg.end);
        let own_slot = usize::try_from(seg.slot).unwrap_or(0);
        let (mut span, mut slot) = (own, own_slot);
        if let Some(s) = seg.override_index.and_then(|i| spans.get(&i)) {
            // The override's own span and first shift, not the part the horizon shows:
            // its secondary (and calendar event) must not move as the horizon does.
            span = *s;
            let at = span.0.max(handoff(rotation, 0));
            let first = shift_at(shifts, at).or(before.filter(|b| b.contains(at)));
            slot = first.map_or_else(|| slot_at(rotation, at), |f| f.slot as usize);
            seg.secondary = first.and_then(|f| match &f.secondary {
                Some(s) if *s == seg.engineer => Some(f.engineer.clone()),
                other => other.clone(),
            });
        }
        let free = |p: &str| p != seg.engineer && !avail.off_during(p, span);
        if seg.secondary.as_deref().is_some_and(free) {
            continue;
        }
        let mut choose = |span: Span, slot: usize| {
            let at = present.slot_of(span.0);
            let asked = (&roster, avail, &mut present);
            secondary(oncall, asked, &seg.engineer, slot, (at, span)).map(str::to_string)
        };
        // Nobody present all through a long override: someone present through the part
        // of it shown, rather than no secondary while someone is free (rule 6).
        seg.secondary = choose(span, slot).or_else(|| {
            if span == own {
                None
            } else {
                choose(own, own_slot)
            }
        });
    }
    segments
}

/// Each instant where an override starts or ends, in time order, with the override that
/// holds from it to the next (the one listed last where two overlap, which validation
/// rejects), if any: one sort, where looking through every override for each shift cost
/// shifts x overrides.
fn winners(overrides: &[(Span, usize)]) -> Vec<(DateTime<Utc>, Option<usize>)> {
    let mut events: Vec<(DateTime<Utc>, bool, usize)> = (overrides.iter())
        .flat_map(|((a, b), i)| [(*a, true, *i), (*b, false, *i)])
        .collect();
    events.sort_unstable();
    let mut holding = std::collections::BTreeSet::new();
    let mut out: Vec<(DateTime<Utc>, Option<usize>)> = Vec::new();
    for (t, starts, i) in events {
        if starts {
            holding.insert(i);
        } else {
            holding.remove(&i);
        }
        let winner = holding.last().copied();
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 = winner,
            _ => out.push((t, winner)),
        }
    }
    out
}

/// The shift holding instant `t`, if among `shifts`.
fn shift_at(shifts: &[Shift], t: DateTime<Utc>) -> Option<&Shift> {
    let i = shifts.partition_point(|s| s.end <= t);
    shifts.get(i).filter(|s| s.contains(t))
}

/// The shift in which the override holding the first shift's start begins, when it begins
/// before the shifts worked out: worked out on its own, from the weeks around it (as
/// `settle` does every shift), so that the override's secondary does not depend on the
/// horizon. Overrides do not overlap, so one at most.
pub(super) fn shift_before(
    shifts: &[Shift],
    oncall: &OnCall,
    rotation: &Rotation,
    avail: &Availability,
) -> Option<Shift> {
    let first = shifts.first()?.start;
    let tz = rotation.timezone;
    let (from, _) = oncall
        .overrides
        .iter()
        .map(|o| (local_datetime(tz, o.from), local_datetime(tz, o.to)))
        .rev()
        .find(|(a, b)| *a <= first && first < *b)?;
    let at = from.max(handoff(rotation, 0));
    if at >= first {
        return None;
    }
    let mut ignored = Vec::new();
    settle(
        rotation,
        oncall,
        avail,
        at,
        at + Duration::seconds(1),
        &mut ignored,
    )
    .into_iter()
    .find(|s| s.contains(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::hours(h)
    }

    #[test]
    fn the_override_listed_last_wins_where_overrides_overlap() {
        // 0 over 0..10, 1 over 2..4, 2 over 3..12, 3 over 20..21.
        let overrides = [
            ((t(0), t(10)), 0),
            ((t(2), t(4)), 1),
            ((t(3), t(12)), 2),
            ((t(20), t(21)), 3),
        ];
        assert_eq!(
            winners(&overrides),
            [
                (t(0), Some(0)),
                (t(2), Some(1)),
                (t(3), Some(2)),
                (t(4), Some(2)),
                (t(10), Some(2)),
                (t(12), None),
                (t(20), Some(3)),
                (t(21), None),
            ]
        );
        assert!(winners(&[]).is_empty());
    }
}
