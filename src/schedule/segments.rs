//! The timeline: shifts with the overrides cut into them.

use chrono_tz::Tz;

use super::time::{local_datetime, Span};
use super::{Segment, Shift};
use crate::model::OnCall;

/// The timeline: each shift, with the overrides cut into it.
pub(super) fn cut_overrides(shifts: &[Shift], oncall: &OnCall, tz: Tz) -> Vec<Segment> {
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
                    // Whoever the override displaces stays second when free to be.
                    secondary: match &shift.secondary {
                        Some(s) if s == engineer => Some(shift.engineer.clone()),
                        other => other.clone(),
                    },
                }),
            }
        }
    }
    segments
}
