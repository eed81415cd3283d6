//! The shifts of the horizon: their slots and times, their holidays, who holds each
//! (`repair`) and who is second on call.
//!
//! Who holds a slot depends only on the data of the weeks around it, so the slots are
//! worked out from a margin before the horizon to a margin after it, never from the
//! rotation's first slot: the cost follows the horizon, and a slot's holder does not
//! depend on the build's clock.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveTime, Utc};

use super::availability::Availability;
use super::repair::Slots;
use super::time::{handoff, local_instant, overlaps, Span};
use super::{kept_away, turns, Conflict, Shift, MAX_SHIFT_CONFLICTS};
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

/// Everyone in the order once, in order of first appearance.
pub(super) fn people(rotation: &Rotation) -> Vec<&str> {
    let mut seen = HashSet::new();
    rotation
        .order
        .iter()
        .map(String::as_str)
        .filter(|e| seen.insert(*e))
        .collect()
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
    let people = people(rotation);
    let rank: HashMap<&str, usize> = people.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let slots = Slots {
        order: &rotation.order,
        people: &people,
        rank: &rank,
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
    let mut by_id = people.clone();
    by_id.sort_unstable();
    for i in (0..count).filter(|&i| overlaps(span(i), (from, to))) {
        let holder = repaired.holder[i];
        if repaired.nobody[i] {
            let (away, away_count) = if conflicts.len() < MAX_SHIFT_CONFLICTS {
                kept_away(
                    by_id
                        .iter()
                        .filter_map(|p| avail.away_during(p, span(i)).map(|(_, e, j)| (*p, e, j))),
                )
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
            secondary: secondary(oncall, (&people, &rank), avail, holder, first + i, span(i))
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
/// the holder and anyone with time off during any part of the slot. Walking the order
/// stops at the first who fits, so a large team costs little per shift. Also the rule of
/// an override's segment whose preferred secondary is away (`segments`), with its holder
/// and span.
pub(super) fn secondary<'a>(
    oncall: &'a OnCall,
    (people, rank): (&[&'a str], &HashMap<&str, usize>),
    avail: &Availability,
    holder: &str,
    k: usize,
    s: Span,
) -> Option<&'a str> {
    let fits = |p: &&str| *p != holder && !avail.off_during(p, s);
    match &oncall.secondary {
        Some(sec) if !sec.order.is_empty() => {
            let n = sec.order.len();
            (0..n).map(|i| sec.order[(k + i) % n].as_str()).find(fits)
        }
        _ => {
            let n = people.len();
            let at = rank.get(holder).map_or(0, |i| i + 1);
            (0..n).map(|i| people[(at + i) % n.max(1)]).find(fits)
        }
    }
}
