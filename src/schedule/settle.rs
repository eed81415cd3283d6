//! The shifts of the horizon: their slots and times, their holidays, who holds each
//! (`repair`) and who is second on call.
//!
//! Who holds a slot depends only on the data of the weeks around it, so the slots are
//! worked out from a margin before the horizon to a margin after it, never from the
//! rotation's first slot: the cost follows the horizon, and a slot's holder does not
//! depend on the build's clock.

use chrono::{DateTime, Datelike, NaiveTime, Utc};

use super::availability::Availability;
use super::present::{Free, Line, Present, Roster};
use super::repair::Slots;
use super::time::{handoff, local_instant, overlaps, Span};
use super::{kept_away, turns, Conflict, Shift, AWAY_KEPT, MAX_SHIFT_CONFLICTS};
use crate::model::{OnCall, Rotation};

/// The slot holding instant `t`: the last whose handoff is not after it (0 before the
/// rotation starts).
pub(super) fn slot_at(rotation: &Rotation, t: DateTime<Utc>) -> usize {
    let days = i64::from(rotation.shift.0.max(1));
    let guess = (t - handoff(rotation, 0))
        .num_days()
        .div_euclid(days)
        .max(0);
    let mut k = guess;
    // Daylight saving moves handoffs by an hour or two against the guess.
    while k > 0 && handoff(rotation, k) > t {
        k -= 1;
    }
    while handoff(rotation, k + 1) <= t {
        k += 1;
    }
    k as usize
}

/// The shifts overlapping `from..to`, and the conflicts among them.
pub(super) fn settle(
    rotation: &Rotation,
    oncall: &OnCall,
    avail: &Availability,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    conflicts: &mut Vec<Conflict>,
) -> Vec<Shift> {
    let tz = rotation.timezone;
    if handoff(rotation, 0) >= to {
        return Vec::new();
    }
    let days = rotation.shift.0.max(1) as usize;
    // A slot in return for time off lies within 8 weeks after, for a holiday within 4
    // weeks either side (at least one slot); a slot's holder reads the slots whose slot in
    // return it may be, and each of those needs its whole window worked out to name the
    // right one: twice both windows is more than enough.
    let ahead = (56 / days).max(1);
    let around = (28 / days).max(1);
    let margin = 2 * (ahead + around) + 2;
    let first = slot_at(rotation, from).saturating_sub(margin);
    let last = slot_at(rotation, to) + margin;
    let bounds: Vec<DateTime<Utc>> = (first..=last + 1)
        .map(|k| handoff(rotation, k as i64))
        .collect();
    let count = bounds.len() - 1;
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
    let mut holidays: Vec<Vec<usize>> = vec![Vec::new(); count];
    // Per slot with holidays: the first holiday's date, whose turn the slot goes by.
    let mut first_date = vec![None; count];
    for (h, holiday) in oncall.holidays.iter().enumerate() {
        let at = local_instant(tz, holiday.date, noon);
        let i = bounds.partition_point(|b| *b <= at);
        if (1..=count).contains(&i) {
            let f: &mut Option<chrono::NaiveDate> = &mut first_date[i - 1];
            if f.is_none_or(|d| holiday.date < d) {
                *f = Some(holiday.date);
            }
            holidays[i - 1].push(h);
        }
    }
    let n = rotation.order.len();
    let turns: Vec<usize> = first_date
        .iter()
        .map(|d| d.map_or(0, |d| turns::turn(d, rotation.start.year(), n)))
        .collect();
    let roster = Roster::new(rotation, oncall, avail);
    let slots = Slots {
        order: &rotation.order,
        roster: &roster,
        first,
        bounds: &bounds,
        holidays: &holidays,
        turns: &turns,
        ahead,
        around,
        avail,
        oncall,
    };
    let mut repaired = slots.repair();
    let span = |i: usize| -> Span { (bounds[i], bounds[i + 1]) };
    let mut shifts = Vec::new();
    let mut by_id = roster.people.clone();
    by_id.sort_unstable();
    let mut present = Present::new(&roster, avail, bounds.clone());
    for i in (0..count).filter(|&i| overlaps(span(i), (from, to))) {
        let holder = repaired.holder[i];
        if repaired.nobody[i] {
            // Nobody can take the slot when everyone in the rotation is away: the first
            // by id are the first of those away.
            let (away, away_count) =
                if conflicts.len() < MAX_SHIFT_CONFLICTS {
                    let (kept, _) =
                        kept_away(by_id.iter().take(AWAY_KEPT).filter_map(|p| {
                            avail.away_during(p, span(i)).map(|(_, e, j)| (*p, e, j))
                        }));
                    (kept, by_id.len())
                } else {
                    (Vec::new(), 0)
                };
            conflicts.push(Conflict {
                slot: (first + i) as i64,
                start: bounds[i],
                end: bounds[i + 1],
                away,
                away_count,
            });
        }
        shifts.push(Shift {
            slot: (first + i) as i64,
            engineer: holder.to_string(),
            planned: rotation.order[(first + i) % rotation.order.len()].clone(),
            secondary: secondary(
                oncall,
                (&roster, avail, &mut present),
                holder,
                first + i,
                (Some(i), span(i)),
            )
            .map(str::to_string),
            start: bounds[i],
            end: bounds[i + 1],
            holidays: holidays[i].clone(),
            change: repaired.change[i].take(),
            cornered: repaired.cornered[i],
        });
    }
    shifts
}

/// The secondary on call of slot `k` held by `holder`: from its own rotation when
/// oncall.yaml has one, else the next in the primary rotation after the holder; skipping
/// the holder and anyone with time off during any part of the span `s`, which meets slot
/// `i` of `present` when given. Walking the order stops at the first who fits and passes
/// over those away all through the slot unasked, so a large team costs little per shift.
/// Also the rule of an override's segment whose preferred secondary is away
/// (`segments`), with its holder and span.
pub(super) fn secondary<'a>(
    oncall: &OnCall,
    (roster, avail, present): (&Roster<'a>, &Availability, &mut Present),
    holder: &str,
    k: usize,
    (i, s): (Option<usize>, Span),
) -> Option<&'a str> {
    let own = roster.rank.get(holder).copied();
    let skip = |r: usize| Some(r) == own;
    let asked = (roster, avail);
    let r = match &oncall.secondary {
        Some(sec) if !sec.order.is_empty() => {
            let line = (Line::Second, k % sec.order.len(), Free::Off);
            present.first_in_line(asked, (i, s), line, &skip)
        }
        _ => {
            let n = roster.people.len().max(1);
            let start = own.filter(|&r| r < n).map_or(0, |r| (r + 1) % n);
            present.first_free(asked, (i, s), (start, Free::Off), &skip)
        }
    };
    r.map(|r| roster.id(r))
}
