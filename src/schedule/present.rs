//! Who may be free in a slot, without asking about everyone.
//!
//! Looking for someone free in a slot walked the rotation and asked about each engineer:
//! a rotation of 9,990 engineers all away, in daily shifts over 20 years, asked 10,000
//! questions for every shift, for who takes it and again for its secondary. Time off
//! that covers a whole slot is known for every slot at once here, by one pass over the
//! slots that adds and removes people as their time off begins and ends: a walk for
//! someone free visits only those not away all through the slot, and asks each only
//! about the part of the slot their time off touches. Its cost is the number of
//! people whose time off begins or ends in the slot, not the size of the rotation.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::availability::Availability;
use super::time::Span;
use crate::model::{OnCall, Rotation};

/// The rotation's people numbered once.
pub(super) struct Roster<'a> {
    /// Everyone in the rotation's order once, in order of first appearance.
    pub people: Vec<&'a str>,
    /// `people`, then the secondary rotation's others: each rank's id.
    ids: Vec<&'a str>,
    /// Each one's place in `people`, then the secondary rotation's others after them.
    pub rank: HashMap<&'a str, usize>,
    /// Engineer number (see `Availability::number`) per rank.
    num: Vec<Option<usize>>,
    /// Rank per position of the rotation's order.
    pub order: Vec<usize>,
    /// Rank per position of the secondary rotation's order.
    second: Vec<usize>,
}

impl<'a> Roster<'a> {
    pub(super) fn new(rotation: &'a Rotation, oncall: &'a OnCall, avail: &Availability) -> Self {
        let mut seen = HashSet::new();
        let people: Vec<&str> = (rotation.order.iter())
            .map(String::as_str)
            .filter(|e| seen.insert(*e))
            .collect();
        let mut rank: HashMap<&str, usize> =
            people.iter().enumerate().map(|(i, p)| (*p, i)).collect();
        let mut ids = people.clone();
        let mut place = |id: &'a str| {
            *rank.entry(id).or_insert_with(|| {
                ids.push(id);
                ids.len() - 1
            })
        };
        let order = rotation.order.iter().map(|id| place(id)).collect();
        let second = (oncall.secondary.iter())
            .flat_map(|s| s.order.iter())
            .map(|id| place(id))
            .collect();
        let num = ids.iter().map(|id| avail.number(id)).collect();
        Roster {
            people,
            ids,
            rank,
            num,
            order,
            second,
        }
    }

    /// Whether the one of rank `r` is away during part of `s` no override covers.
    pub(super) fn away(&self, avail: &Availability, r: usize, s: Span) -> bool {
        avail.away_during_n(self.num[r], s).is_some()
    }

    fn off(&self, avail: &Availability, r: usize, s: Span) -> bool {
        avail.off_during_n(self.num[r], s)
    }

    fn free(&self, avail: &Availability, r: usize, s: Span, free: Free) -> bool {
        match free {
            Free::Away => !self.away(avail, r, s),
            Free::Off => !self.off(avail, r, s),
        }
    }

    /// The id of rank `r`.
    pub(super) fn id(&self, r: usize) -> &'a str {
        self.ids[r]
    }
}

/// Which question a walk asks of each one it visits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Free {
    /// Not away during any part of the span that no override covers (who takes a shift).
    Away,
    /// No time off during any part of the span (the secondary on call).
    Off,
}

/// A pass over the slots, knowing at each who of the roster has time off all through it.
pub(super) struct Present {
    /// Starts of the slots, and the end of the last.
    bounds: Vec<DateTime<Utc>>,
    /// Per slot: whether overrides cover all of it (then nobody is away in it for
    /// `Free::Away`, but for time off touching only part of it).
    overridden: Vec<bool>,
    /// Per slot: the ranks whose time off begins to cover whole slots there (`true`) or
    /// stops (`false`).
    changes: Vec<Vec<(usize, bool)>>,
    /// The slot the pass is at.
    at: usize,
    /// Per rank: time off covers all of slot `at`.
    off: Vec<bool>,
    /// The ranks of `people` not in `off`, for walking them in order.
    open: BTreeSet<usize>,
    people: usize,
}

impl Present {
    pub(super) fn new(roster: &Roster, avail: &Availability, bounds: Vec<DateTime<Utc>>) -> Self {
        let count = bounds.len().saturating_sub(1);
        let mut changes: Vec<Vec<(usize, bool)>> = vec![Vec::new(); count + 1];
        for (r, n) in roster.num.iter().enumerate() {
            let spans = n.map_or(&[][..], |n| avail.spans(n));
            let (Some(first), Some(last)) = (bounds.first(), bounds.last()) else {
                break;
            };
            let lo = spans.partition_point(|s| s.1 <= *first);
            let hi = spans.partition_point(|s| s.0 < *last);
            for &(a, b) in &spans[lo..hi.max(lo)] {
                // The slots wholly within the span: from the first starting at or after
                // `a` to the last ending at or before `b`.
                let from = bounds.partition_point(|t| *t < a);
                let to = bounds.partition_point(|t| *t <= b).saturating_sub(1);
                if from < to {
                    changes[from].push((r, true));
                    changes[to].push((r, false));
                }
            }
        }
        let overridden = (0..count)
            .map(|i| avail.overridden((bounds[i], bounds[i + 1])))
            .collect();
        let mut present = Present {
            bounds,
            overridden,
            changes,
            at: 0,
            off: vec![false; roster.num.len()],
            open: BTreeSet::new(),
            people: roster.people.len(),
        };
        present.restart();
        present
    }

    fn restart(&mut self) {
        self.off.iter_mut().for_each(|o| *o = false);
        self.open = (0..self.people).collect();
        self.at = 0;
        self.apply(0);
    }

    fn apply(&mut self, i: usize) {
        for &(r, on) in self.changes.get(i).map_or(&[][..], |c| &c[..]) {
            self.off[r] = on;
            if r < self.people {
                if on {
                    self.open.remove(&r);
                } else {
                    self.open.insert(r);
                }
            }
        }
    }

    /// Moves the pass to slot `i` (back to the start first when `i` is behind it).
    fn seek(&mut self, i: usize) {
        if i < self.at {
            self.restart();
        }
        while self.at < i {
            self.at += 1;
            let at = self.at;
            self.apply(at);
        }
    }

    /// The slot holding `t`, if among those of the pass.
    pub(super) fn slot_of(&self, t: DateTime<Utc>) -> Option<usize> {
        let i = self.bounds.partition_point(|b| *b <= t).checked_sub(1)?;
        (i + 1 < self.bounds.len()).then_some(i)
    }

    /// Whether rank `r` may be free in slot `i` as `free` asks (else surely not).
    fn may_be(&self, i: Option<usize>, r: usize, free: Free) -> bool {
        match i {
            Some(i) => !self.off[r] || (free == Free::Away && self.overridden[i]),
            None => true,
        }
    }

    /// The first of `people` from rank `start` on (going round), but those `skip`
    /// names, who is free during `s` as `free` asks. `s` is slot `i` for `Free::Away`,
    /// and meets slot `i` for `Free::Off`; without a slot, everyone is asked.
    pub(super) fn first_free(
        &mut self,
        (roster, avail): (&Roster, &Availability),
        (i, s): (Option<usize>, Span),
        (start, free): (usize, Free),
        skip: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        let n = self.people;
        let fits = |r: usize| !skip(r) && roster.free(avail, r, s, free);
        let Some(i) = i.filter(|&i| free == Free::Off || !self.overridden[i]) else {
            // Overrides cover the slot: only those whose time off touches part of it can
            // be away in it, so the walk ends after them.
            return (0..n).map(|j| (start + j) % n).find(|&r| fits(r));
        };
        self.seek(i);
        let start = start.min(n);
        let open = &self.open;
        open.range(start..)
            .chain(open.range(..start))
            .copied()
            .find(|&r| fits(r))
    }

    /// The first position of `line` (walked from `start` going round) whose one is free
    /// during `s` as `free` asks, and not in `skip`: for the orders with a start of their
    /// own (holiday turns, the secondary rotation). Those away all through slot `i` are
    /// passed over without a question; when that is all of `people` and `line` is the
    /// rotation's order, nobody is visited.
    pub(super) fn first_in_line(
        &mut self,
        (roster, avail): (&Roster, &Availability),
        (i, s): (Option<usize>, Span),
        (line, start, free): (Line, usize, Free),
        skip: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        if let Some(i) = i {
            self.seek(i);
        }
        let open_tells = i.is_some_and(|i| free == Free::Off || !self.overridden[i]);
        let line = match line {
            Line::Order if open_tells && self.open.is_empty() => return None,
            Line::Order => &roster.order,
            Line::Second => &roster.second,
        };
        let n = line.len();
        (0..n)
            .map(|j| line[(start + j) % n])
            .find(|&r| self.may_be(i, r, free) && !skip(r) && roster.free(avail, r, s, free))
    }
}

/// An order walked by `Present::first_in_line`.
#[derive(Clone, Copy)]
pub(super) enum Line {
    /// The rotation's.
    Order,
    /// The secondary rotation's.
    Second,
}
