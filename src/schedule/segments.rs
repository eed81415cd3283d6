//! The timeline: shifts with the overrides cut into them.

use std::collections::HashMap;

use super::availability::Availability;
use super::settle::{people, secondary};
use super::time::{local_datetime, Span};
use super::{Segment, Shift};
use crate::model::{OnCall, Rotation};

/// The timeline: each shift, with the overrides cut into it.
///
/// A segment's secondary is the shift's (for an override by the shift's secondary,
/// whoever it displaces) when that engineer is present all through the segment; else
/// the shift's rule applied to the segment: the next after its engineer (or in the
/// secondary rotation from its first slot) who has no time off during any part of it.
/// An override running across handoffs stays one segment (its calendar event is one), so
/// its secondary is someone present for all of it.
pub(super) fn cut_overrides(
    shifts: &[Shift],
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
    for shift in shifts {
        let mut cuts = vec![shift.start, shift.end];
        for ((a, b), _) in &overrides {
            for t in [*a, *b] {
                if shift.start < t && t < shift.end {
                    cuts.push(t);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            // The override listed last wins where two overlap (validation rejects that).
            let ov = overrides
                .iter()
                .rev()
                .find(|((a, b), _)| *a <= w[0] && w[0] < *b)
                .map(|(_, i)| *i);
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
    let people = people(rotation);
    let rank: HashMap<&str, usize> = people.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    for seg in &mut segments {
        let span = (seg.start, seg.end);
        let present = |p: &str| p != seg.engineer && !avail.off_during(p, span);
        if seg.secondary.as_deref().is_some_and(present) {
            continue;
        }
        let slot = usize::try_from(seg.slot).unwrap_or(0);
        seg.secondary = secondary(oncall, (&people, &rank), avail, &seg.engineer, slot, span)
            .map(str::to_string);
    }
    segments
}
