//! Who holds each slot: the rotation, repaired locally for holidays and time off.
//!
//! 1. **Who takes the slot** (its designee), from the slot's own data: for a holiday slot,
//!    the first engineer in its holiday turn order (`turns`) who is free all through it;
//!    for a slot whose rotation engineer is away, the first free engineer in its *line*:
//!    the others after them in the order, those not on call by the rotation the slot
//!    before or after first (so that nobody is on call two slots in a row when someone
//!    else could be).
//! 2. **A slot in return**, so that both keep their number of shifts, only when the
//!    designee is the first of the line (the turn, or the first engineer not beside the
//!    slot; the rotation's engineer left out), and only in one slot, fixed by the
//!    rotation and the slot's own data (`in_return`): of the designee's rotation slots
//!    within 8 weeks after (for time off; taking one before would rewrite a shift already
//!    served when time off is entered late), beginning after the absences of the rotation's
//!    engineer listed over the slot end, or 4 weeks either side (for a holiday), the one
//!    that puts the two on call two slots in a row by the rotation the fewest times, then
//!    after rather than before, then the nearest. The rotation's engineer takes it when it is a plain slot
//!    (no holiday, its own engineer free) and they are free then; of several slots wanting
//!    the same one, the earliest. Otherwise the slot stays a cover.
//!
//! **Locality, by construction.** A slot's holder is read from the data of that slot
//! (its designee, or whether it is plain and who is free in it) and from whether the
//! slots whose one slot in return it is have a designee first in line: the data of those
//! slots. So a change to the data of one slot (time off, an override or a holiday that
//! touches it) can change the holder of that slot and of its one slot in return before
//! and after the change; nothing else. Time off and overrides leave the designee of a
//! slot repaid both before and after alone (it is the first of a line the rotation
//! fixes), so they change at most 2 holders per slot they touch, none farther than the
//! window (8 weeks): a week touches at most two weekly slots, so at most 4 shifts change.
//! A holiday can change who takes its slot by turn (it becomes or stops being the slot's
//! first holiday, or the slot's engineer was away) with a slot in return either way: 3,
//! for the one slot it touches. Both limits on the slot in return are what this costs:
//!
//! - Repaying only the first of the line: when the designee goes away too, a slot repaid
//!   with a slot of theirs would need a new holder, its old slot in return given back and
//!   a new one taken, 3 changes for one slot; with the holder's own week beside it, 5 for
//!   a week off (22 of the benchmark's 2,080 weeks for a team of four did so). Any rule
//!   that repays every slot has such a case: removing the rotation engineer's absence
//!   must undo the repayment in one change besides the slot, so the repayment is one
//!   slot of the designee's, and a new designee then costs 3.
//! - One candidate: a rule that tries the next slot when the first does not fit moves the
//!   repayment when a slot's data change, and that slot's own repair with it (3 or more).
//!
//! A slot taken without a slot in return leaves the two engineers one shift apart;
//! `bench/README.md` measures how often.

use chrono::{DateTime, Utc};

use super::availability::Availability;
use super::present::{Free, Line, Present, Roster};
use super::time::Span;
use super::Change;
use crate::model::OnCall;

/// What the repair reads: the slots `first..first + count` and their data.
pub(super) struct Slots<'a> {
    pub order: &'a [String],
    /// Everyone in the order numbered.
    pub roster: &'a Roster<'a>,
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

    /// The rank (in `roster.people`) of the rotation's engineer of slot index `i`.
    fn base_rank(&self, i: isize) -> Option<usize> {
        let k = self.first as isize + i;
        (k >= 0).then(|| self.roster.order[k as usize % self.order.len()])
    }

    /// Who takes slot `i`, if not its rotation engineer; `None` inside when nobody can.
    /// With it, whether that engineer is the first in the slot's line (see `Line`), the
    /// only case in which the slot is repaid with a slot in return. `present` is at most
    /// at slot `i` (see `Present`).
    fn designee(&self, i: usize, present: &mut Present) -> Option<(Option<&'a str>, bool)> {
        let x = self.base_rank(i as isize)?;
        let s = self.span(i);
        let asked = (self.roster, self.avail);
        let id = |r: Option<usize>| r.map(|r| self.roster.people[r]);
        if !self.holidays[i].is_empty() {
            let n = self.order.len();
            let t = self.turns[i];
            let first = (0..n)
                .map(|j| self.roster.order[(t + j) % n])
                .find(|p| *p != x);
            let line = (Line::Order, t, Free::Away);
            let pick = present.first_in_line(asked, (Some(i), s), line, &|_| false);
            return (pick != Some(x)).then_some((id(pick), pick.is_some() && pick == first));
        }
        if !self.roster.away(self.avail, x, s) {
            return None;
        }
        // The engineers after `x` in the order who are not beside the slot, then those who
        // are (at most two, nearest after `x` first): the first free one takes it.
        let n = self.roster.people.len();
        let after = |r: usize| (r + n - x) % n;
        let mut near: Vec<usize> = [-1, 1]
            .into_iter()
            .filter_map(|d| self.base_rank(i as isize + d))
            .filter(|&r| r != x)
            .collect();
        near.sort_unstable_by_key(|&r| after(r));
        near.dedup();
        let far = (1..n).map(|j| (x + j) % n).find(|r| !near.contains(r));
        let first = far.or(near.first().copied());
        if first.is_some_and(|r| !self.roster.away(self.avail, r, s)) {
            return Some((id(first), true));
        }
        let skip = |r: usize| r == x || near.contains(&r);
        let pick = present
            .first_free(asked, (Some(i), s), ((x + 1) % n, Free::Away), &skip)
            .or_else(|| (near.iter().copied()).find(|&r| !self.roster.away(self.avail, r, s)));
        Some((id(pick), false))
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

    /// The one slot `x` may take in return for `d` taking slot `i`: of `d`'s rotation slots
    /// within the window (after `i` for time off, either side for a holiday), those after
    /// `i` only when they begin after every absence of `x` listed over slot `i` has ended,
    /// the one with the fewest
    /// pairs in a row by the rotation (`pairs`), then after `i` rather than before, then
    /// the nearest. It reads the rotation and slot `i`'s own data only, so a change
    /// elsewhere cannot move it (whether `x` gets it is decided at that slot, from that
    /// slot's data: `repair`).
    fn in_return(&self, i: usize, (x, d): (&str, &str)) -> Option<usize> {
        let holiday = !self.holidays[i].is_empty();
        let (lo, hi) = if holiday {
            (i.saturating_sub(self.around), i + self.around)
        } else {
            (i + 1, i + self.ahead)
        };
        let back = self.avail.listed_end(x, self.span(i));
        (lo..=hi.min(self.count().saturating_sub(1)))
            .filter(|&t| t != i && self.base(t as isize) == Some(d))
            .filter(|&t| t < i || back.is_none_or(|b| self.bounds[t] >= b))
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
        let mut present = Present::new(self.roster, self.avail, self.bounds.to_vec());
        let mut holder: Vec<&'a str> = (0..count)
            .map(|i| self.base(i as isize).unwrap_or(""))
            .collect();
        let mut nobody = vec![false; count];
        // Slots whose own data call for someone other than their rotation engineer.
        let mut needs = vec![false; count];
        let mut repaired = vec![false; count];
        let mut first = vec![false; count];
        for i in 0..count {
            match self.designee(i, &mut present) {
                Some((Some(d), f)) => {
                    holder[i] = d;
                    repaired[i] = true;
                    needs[i] = true;
                    first[i] = f;
                }
                Some((None, _)) => {
                    nobody[i] = true;
                    needs[i] = true;
                }
                None => {}
            }
        }
        // Slots in return: only for a slot taken by the first in its line, only the one
        // candidate of `in_return`, and only when that slot is a plain one (no holiday, its
        // engineer free) where the returning engineer is free; the earliest such claim
        // gets it and the others none.
        let mut taken_by: Vec<Option<usize>> = vec![None; count];
        let mut given: Vec<Option<usize>> = vec![None; count];
        for i in (0..count).filter(|&i| repaired[i] && first[i]) {
            let x = self.base(i as isize).unwrap_or("");
            let Some(t) = self.in_return(i, (x, holder[i])) else {
                continue;
            };
            let fits = !needs[t] && self.holidays[t].is_empty() && self.free(x, t);
            if fits && taken_by[t].is_none() {
                taken_by[t] = Some(i);
                given[i] = Some(t);
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
