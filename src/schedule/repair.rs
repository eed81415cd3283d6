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
//! 2. **Slots in return**: when the designee is not the rotation's engineer, the slot is
//!    passed along its line, from the rotation's engineer through everyone ahead of the
//!    designee who is away then, to the designee; each of them takes one of the next one's
//!    rotation slots in return, so everyone keeps their number of shifts: for time off
//!    the first fitting slot after (within `ahead`; taking a slot before would rewrite a
//!    shift already served when time off is entered late), for a holiday the nearest
//!    within `around` either side. A fitting slot is neither a holiday nor itself given to
//!    someone else, its engineer's rotation slot, and the taker is free then; among those,
//!    the one that puts the two on call two slots in a row by the rotation the fewest
//!    times comes first. When two links want the same slot, the earlier gets it and the
//!    later has none in return, except twins (`choices`). Passing along the line is what
//!    keeps a week off local: when the designee goes away too, only the slot and one more
//!    swap change, where giving the slot straight to the new designee (as before) also
//!    undid the old swap and made a new one, 5 or 6 shifts for a week off.

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

    /// Who takes slot `i`, if not its rotation engineer, with the engineers passed over
    /// on the way (ahead of them in line but away then); `None` inside when nobody can.
    fn designee(&self, i: usize) -> Option<Option<(&'a str, Vec<&'a str>)>> {
        let x = self.base(i as isize)?;
        // The line for the slot: its holiday turn order, or for time off the engineers after
        // `x` in the order, first those not beside the slot. The first free one takes it.
        let line: Vec<&'a str> = if !self.holidays[i].is_empty() {
            let n = self.order.len();
            let t = self.turns[i];
            let mut seen = Vec::new();
            for j in 0..n {
                let p = self.order[(t + j) % n].as_str();
                if !seen.contains(&p) {
                    seen.push(p);
                }
            }
            seen
        } else {
            if self.free(x, i) {
                return None;
            }
            let n = self.people.len();
            let from = self.rank.get(x).copied().unwrap_or(0);
            let after = (1..n).map(|j| self.people[(from + j) % n]);
            let (far, near): (Vec<&'a str>, Vec<&'a str>) =
                after.partition(|p| !self.beside(p, i, usize::MAX));
            far.into_iter().chain(near).collect()
        };
        // Walking the line stops at the first who is free, so a large team costs little.
        let mut passed = Vec::new();
        for p in line {
            if self.free(p, i) {
                return (p != x).then_some(Some((p, passed)));
            }
            if p != x {
                passed.push(p);
            }
        }
        Some(None)
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

    /// The slots where a slot in return for slot `i` may lie.
    fn window(&self, i: usize) -> (usize, usize) {
        let (lo, hi) = if self.holidays[i].is_empty() {
            (i + 1, i + self.ahead)
        } else {
            (i.saturating_sub(self.around), i + self.around)
        };
        (lo, hi.min(self.count().saturating_sub(1)))
    }

    /// The slot `x` takes in return for `d` taking slot `i`, if one fits: the fewest
    /// pairs in a row by the rotation (`pairs`), then after `i` rather than before, then
    /// the nearest.
    fn in_return(
        &self,
        i: usize,
        (x, d): (&str, &str),
        repaired: &[bool],
        skip: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        let (lo, hi) = self.window(i);
        (lo..=hi)
            .filter(|&t| {
                t != i
                    && self.base(t as isize) == Some(d)
                    && !repaired[t]
                    && self.holidays[t].is_empty()
                    && self.free(x, t)
                    && !skip(t)
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

    /// The slot in return each link of the chains (slot, taker, giver) would take, decided
    /// from its own weeks. Links of consecutive slots between the same two engineers (one
    /// away two shifts in a row, both passed to the same engineer) are twins: the later
    /// takes the best slot its earlier twins did not, within the window of the twin before
    /// it too (so that a change at that twin's slot moves nothing further than its own
    /// window), and the same two engineers swap twice instead of one going without.
    fn choices(&self, links: &[(usize, &str, &str)], repaired: &[bool]) -> Vec<Option<usize>> {
        let mut choice: Vec<Option<usize>> = vec![None; links.len()];
        for l in 0..links.len() {
            let (i, u, v) = links[l];
            let own = self.in_return(i, (u, v), repaired, &|_| false);
            let mut twins = Vec::new();
            let mut at = i;
            let mut k = l;
            while let Some(tw) = (0..k)
                .rev()
                .take_while(|&m| links[m].0 + 1 >= at)
                .find(|&m| links[m].0 + 1 == at && (links[m].1, links[m].2) == (u, v))
            {
                twins.push(tw);
                at = links[tw].0;
                k = tw;
            }
            let taken: Vec<usize> = twins.iter().filter_map(|&m| choice[m]).collect();
            choice[l] = match (own, twins.first()) {
                (Some(f), Some(&tw)) if taken.contains(&f) => {
                    let (lo, hi) = self.window(links[tw].0);
                    self.in_return(i, (u, v), repaired, &|t| {
                        taken.contains(&t) || t < lo || t > hi
                    })
                }
                _ => own,
            };
        }
        choice
    }

    /// Repairs every slot.
    ///
    /// A slot taken from its engineer `x` by `h` past the engineers `p1 … pm` (next in line
    /// but away then) is a chain of swaps `x → p1 → … → pm → h`: each takes a slot of the
    /// next one's in return, so everyone keeps their number of shifts. When `h` goes away
    /// too, the chain only grows by `h → h'`: the slot and one slot in return change hands,
    /// and every earlier swap stays as it was (the star `x → h'` moved three slots; see
    /// `bench/README.md`).
    pub(super) fn repair(&self) -> Repaired<'a> {
        let count = self.count();
        let mut holder: Vec<&'a str> = (0..count)
            .map(|i| self.base(i as isize).unwrap_or(""))
            .collect();
        let mut nobody = vec![false; count];
        let mut repaired = vec![false; count];
        // Per repaired slot: the chain's links, (slot, taker, giver) in slot order.
        let mut links: Vec<(usize, &'a str, &'a str)> = Vec::new();
        for i in 0..count {
            match self.designee(i) {
                Some(Some((d, passed))) => {
                    let x = holder[i];
                    holder[i] = d;
                    repaired[i] = true;
                    let chain: Vec<&'a str> = std::iter::once(x)
                        .chain(passed)
                        .chain(std::iter::once(d))
                        .collect();
                    links.extend(chain.windows(2).map(|w| (i, w[0], w[1])));
                }
                Some(None) => nobody[i] = true,
                None => {}
            }
        }
        // The earliest link that wants a slot gets it, and a later one has none, so
        // nothing cascades.
        let choice = self.choices(&links, &repaired);
        let mut by: Vec<Option<usize>> = vec![None; count];
        let mut given: Vec<Option<usize>> = vec![None; links.len()];
        for (l, c) in choice.iter().enumerate() {
            if let Some(t) = *c {
                if by[t].is_none() {
                    by[t] = Some(l);
                    given[l] = Some(t);
                }
            }
        }
        let mut change: Vec<Option<Change>> = vec![None; count];
        let mut cornered = vec![false; count];
        for (l, &(i, u, v)) in links.iter().enumerate() {
            let x = self.base(i as isize).unwrap_or("");
            let d = holder[i];
            let Some(t) = given[l] else {
                if v == d {
                    change[i] = Some(self.why(i, x, d, None));
                }
                continue;
            };
            holder[t] = u;
            // A shift in return goes first to one beside neither's own.
            cornered[t] = self.pairs(i, t, (u, v)) > 0;
            let c = self.why(i, x, d, Some(t));
            change[t] = Some(if u == x {
                c.with_slot((self.first + i) as i64, self.bounds[i])
            } else {
                Change::Relay {
                    with_slot: (self.first + i) as i64,
                    with_start: self.bounds[i],
                    by: u.to_string(),
                }
            });
            if v == d {
                change[i] = Some(c);
            }
        }
        for i in (0..count).filter(|&i| repaired[i]) {
            // Covers go first to engineers not beside the slot: one who is, had no choice.
            cornered[i] = self.holidays[i].is_empty() && self.beside(holder[i], i, usize::MAX);
        }
        Repaired {
            holder,
            change,
            nobody,
            cornered,
        }
    }
}
