//! Who holds each slot: the rotation, repaired locally for holidays and time off.
//!
//! Every decision reads the data of a few weeks around its slot and never another
//! decision, so a change in the data (a week of time off, a holiday, an override) moves
//! only the shifts around it. Decisions that carried state through the whole schedule
//! (whose holiday turn it was, a swap taken by an earlier swap) made one day off move
//! shifts years away; see issue 15 and `bench/README.md`.
//!
//! 1. **Who takes the slot** (its designee), from the slot's own data: for a holiday slot,
//!    the first engineer in its holiday turn order (`turns`) who is free all through it;
//!    for a slot whose rotation engineer is away, the first free engineer who is not on
//!    call by the rotation the slot before or after (so that nobody is on call two slots
//!    in a row when someone else could be), nearest after them in the order.
//! 2. **A slot in return**: when the designee is not the rotation's engineer, that
//!    engineer takes one of the designee's rotation slots in return, so both keep their
//!    number of shifts: for time off the first fitting slot after (within `ahead`; taking
//!    a slot before would rewrite a shift already served when time off is entered late),
//!    for a holiday the nearest within `around` either side. A fitting slot is neither a
//!    holiday nor itself given to someone else, its engineer's rotation slot, and the
//!    returning engineer is free then; among those, the one that puts the two on call two
//!    slots in a row by the rotation the fewest times comes first. When two repaired slots want
//!    the same slot, the earlier gets it and the later has none in return.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::availability::Availability;
use super::time::Span;
use super::Change;
use crate::model::OnCall;

/// What the repair reads: the slots `first..first + count` and their data.
pub(super) struct Slots<'a> {
    pub order: &'a [String],
    /// Everyone in the order, once, in order of first appearance.
    pub people: &'a [&'a str],
    /// Each engineer's place in `people`.
    pub rank: &'a HashMap<&'a str, usize>,
    /// Absolute number of the first slot.
    pub first: usize,
    /// Starts of the slots, and the end of the last: `count + 1` instants.
    pub bounds: &'a [DateTime<Utc>],
    /// Per slot: indices into `OnCall::holidays`.
    pub holidays: &'a [Vec<usize>],
    /// Per slot with holidays: the position in `order` of its holiday turn (`turns`).
    pub turns: &'a [usize],
    /// Slots a slot in return for time off may lie ahead.
    pub ahead: usize,
    /// Slots a slot in return for a holiday may lie either side.
    pub around: usize,
    pub avail: &'a Availability,
    pub oncall: &'a OnCall,
}

/// The outcome per slot (same indices as `Slots::bounds`, last excluded).
pub(super) struct Repaired<'a> {
    pub holder: Vec<&'a str>,
    pub change: Vec<Option<Change>>,
    /// Slots nobody free could take: everyone is away.
    pub nobody: Vec<bool>,
    /// Slots whose holder is next to a shift of their own by the rotation for lack of
    /// choice (see `Shift::cornered`).
    pub cornered: Vec<bool>,
}

impl<'a> Slots<'a> {
    fn count(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    fn span(&self, i: usize) -> Span {
        (self.bounds[i], self.bounds[i + 1])
    }

    /// The rotation's engineer of slot index `i` (may lie outside the slots read: slot
    /// `first - 1` is still the rotation's).
    fn base(&self, i: isize) -> Option<&'a str> {
        let k = self.first as isize + i;
        (k >= 0).then(|| self.order[k as usize % self.order.len()].as_str())
    }

    fn free(&self, who: &str, i: usize) -> bool {
        self.avail.away_during(who, self.span(i)).is_none()
    }

    /// Whether `who` holds, by the rotation, a slot next to `i` other than `except`.
    fn beside(&self, who: &str, i: usize, except: usize) -> bool {
        [i as isize - 1, i as isize + 1]
            .into_iter()
            .filter(|&j| j != except as isize)
            .any(|j| self.base(j) == Some(who))
    }

    /// Who takes slot `i`, if not its rotation engineer; `None` inside when nobody can.
    fn designee(&self, i: usize) -> Option<Option<&'a str>> {
        let x = self.base(i as isize)?;
        if !self.holidays[i].is_empty() {
            let n = self.order.len();
            let t = self.turns[i];
            let pick = (0..n)
                .map(|j| self.order[(t + j) % n].as_str())
                .find(|p| self.free(p, i));
            return (pick != Some(x)).then_some(pick);
        }
        if self.free(x, i) {
            return None;
        }
        // The first free engineer after `x` in the order who is not beside the slot, else
        // the first free one: walking the order stops at the first that fits.
        let n = self.people.len();
        let from = self.rank.get(x).copied().unwrap_or(0);
        let mut beside = None;
        for j in 1..n {
            let p = self.people[(from + j) % n];
            if !self.free(p, i) {
                continue;
            }
            if !self.beside(p, i, usize::MAX) {
                return Some(Some(p));
            }
            beside = beside.or(Some(p));
        }
        Some(beside)
    }

    /// How many slots next to `i`, other than `except`, `who` holds by the rotation.
    fn beside_count(&self, who: &str, i: usize, except: usize) -> usize {
        [i as isize - 1, i as isize + 1]
            .into_iter()
            .filter(|&j| j != except as isize && self.base(j) == Some(who))
            .count()
    }

    /// The pairs of shifts in a row by the rotation that `x` taking slot `t` in return for
    /// `d` taking slot `i` puts beside the two slots (0 to 4).
    ///
    /// Only the rotation is read, never the other slots' decisions: reading them (a
    /// neighbour's holiday taken by turn) cut the back-to-back pairs of a team of four on
    /// the US holidays without time off from 14 to 8, but then a change moves another
    /// swap's choice too: on the benchmark one day off changed 5 shifts in 8 of 2,080
    /// weeks, adding a holiday in 1 of 2,056, removing one in 2 of 484, over the 4 that
    /// locality allows.
    fn pairs(&self, i: usize, t: usize, (x, d): (&str, &str)) -> usize {
        self.beside_count(d, i, t) + self.beside_count(x, t, i)
    }

    /// The slot `x` takes in return for `d` taking slot `i`, if one fits: the fewest
    /// pairs in a row by the rotation (`pairs`), then after `i` rather than before, then
    /// the nearest.
    fn in_return(&self, i: usize, (x, d): (&str, &str), repaired: &[bool]) -> Option<usize> {
        let holiday = !self.holidays[i].is_empty();
        let (lo, hi) = if holiday {
            (i.saturating_sub(self.around), i + self.around)
        } else {
            (i + 1, i + self.ahead)
        };
        (lo..=hi.min(self.count().saturating_sub(1)))
            .filter(|&t| {
                t != i
                    && self.base(t as isize) == Some(d)
                    && !repaired[t]
                    && self.holidays[t].is_empty()
                    && self.free(x, t)
            })
            .min_by_key(|&t| (self.pairs(i, t, (x, d)), t < i, t.abs_diff(i)))
    }

    /// Why slot `i` went to `d`, naming the slot in return (if any).
    fn why(&self, i: usize, x: &str, d: &str, with: Option<usize>) -> Change {
        let time_off = self.avail.away_during(x, self.span(i));
        let names: Vec<String> = self.holidays[i]
            .iter()
            .filter_map(|&h| self.oncall.holidays.get(h).map(|h| h.name.clone()))
            .collect();
        match (time_off, with) {
            (Some((reason, ..)), Some(t)) => Change::TimeOffSwap {
                with_slot: (self.first + t) as i64,
                with_start: self.bounds[t],
                away: x.to_string(),
                reason: reason.map(str::to_string),
            },
            (Some((reason, ..)), None) => Change::Cover {
                away: x.to_string(),
                reason: reason.map(str::to_string),
            },
            (None, Some(t)) => Change::HolidaySwap {
                with_slot: (self.first + t) as i64,
                with_start: self.bounds[t],
                turn: d.to_string(),
                holidays: names,
            },
            (None, None) => Change::HolidayTurn {
                turn: d.to_string(),
                holidays: names,
            },
        }
    }

    /// Repairs every slot.
    pub(super) fn repair(&self) -> Repaired<'a> {
        let count = self.count();
        let mut holder: Vec<&'a str> = (0..count)
            .map(|i| self.base(i as isize).unwrap_or(""))
            .collect();
        let mut nobody = vec![false; count];
        let mut repaired = vec![false; count];
        for i in 0..count {
            match self.designee(i) {
                Some(Some(d)) => {
                    holder[i] = d;
                    repaired[i] = true;
                }
                Some(None) => nobody[i] = true,
                None => {}
            }
        }
        // Slots in return, the earlier repaired slot first when two want the same.
        let mut taken_by: Vec<Option<usize>> = vec![None; count];
        let mut given: Vec<Option<usize>> = vec![None; count];
        for i in (0..count).filter(|&i| repaired[i]) {
            let x = self.base(i as isize).unwrap_or("");
            if let Some(t) = self.in_return(i, (x, holder[i]), &repaired) {
                if taken_by[t].is_none() {
                    taken_by[t] = Some(i);
                    given[i] = Some(t);
                }
            }
        }
        let mut change: Vec<Option<Change>> = vec![None; count];
        let mut cornered = vec![false; count];
        for i in (0..count).filter(|&i| repaired[i]) {
            let x = self.base(i as isize).unwrap_or("");
            let d = holder[i];
            // Covers go first to engineers not beside the slot: one who is, had no choice.
            cornered[i] = self.holidays[i].is_empty() && self.beside(d, i, usize::MAX);
            let c = self.why(i, x, d, given[i]);
            if let Some(t) = given[i] {
                holder[t] = x;
                // Likewise the shift in return goes first to one beside neither's own.
                cornered[t] = self.pairs(i, t, (x, d)) > 0;
                change[t] = Some(c.with_slot((self.first + i) as i64, self.bounds[i]));
            }
            change[i] = Some(c);
        }
        Repaired {
            holder,
            change,
            nobody,
            cornered,
        }
    }
}
