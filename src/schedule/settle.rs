//! Who holds each slot: the rotation, then swaps for time off, then holiday turns.
//!
//! Slots are settled in time order from the rotation's first slot, and a swap only ever
//! reaches forward, so a slot's holder does not depend on the build's clock.

use std::collections::HashMap;

use chrono::{DateTime, NaiveTime, Utc};

use super::time::{covered, handoff, local_datetime, local_instant, overlaps, Span};
use super::{Change, Conflict, Shift, SWAP_ROUNDS};
use crate::model::{OnCall, Rotation, Team};

/// Everyone's time off as UTC intervals in the rotation's zone: (interval, reason,
/// index in `team.engineers`, index in `time_off`).
pub(super) type Away<'a> = HashMap<&'a str, Vec<(Span, Option<&'a str>, usize, usize)>>;

/// Everyone's time off, as UTC intervals from local midnight to local midnight.
pub(super) fn time_off(team: &Team, tz: chrono_tz::Tz) -> Away<'_> {
    let mut away: Away = HashMap::new();
    for (i, e) in team.engineers.iter().enumerate() {
        for (j, off) in e.time_off.iter().enumerate() {
            let start = local_instant(tz, off.from, NaiveTime::MIN);
            let end = local_instant(tz, off.to + chrono::Duration::days(1), NaiveTime::MIN);
            away.entry(e.id.as_str()).or_default().push((
                (start, end),
                off.reason.as_deref(),
                i,
                j,
            ));
        }
    }
    away
}

/// The state of settling: slot boundaries, holders so far and why they changed.
struct Settler<'a> {
    rotation: &'a Rotation,
    oncall: &'a OnCall,
    away: Away<'a>,
    overrides: Vec<Span>,
    bounds: Vec<DateTime<Utc>>,
    window: usize,
    holidays: Vec<Vec<usize>>,
    holder: Vec<&'a str>,
    change: Vec<Option<Change>>,
    count: HashMap<&'a str, usize>,
    /// Everyone in the rotation, in order of first appearance (ties go to the earlier).
    people: Vec<&'a str>,
    last_holiday: HashMap<&'a str, Option<usize>>,
}

/// Settles who holds each slot, from the first slot to past the horizon.
pub(super) fn settle(
    rotation: &Rotation,
    oncall: &OnCall,
    team: &Team,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    conflicts: &mut Vec<Conflict>,
) -> Vec<Shift> {
    let mut s = Settler::new(rotation, oncall, team, to);
    for k in 0..s.slots() {
        s.time_off_step(k, (from, to), conflicts);
        s.holiday_step(k);
        *s.count.entry(s.holder[k]).or_default() += 1;
    }
    s.into_shifts(from, to)
}

impl<'a> Settler<'a> {
    fn new(rotation: &'a Rotation, oncall: &'a OnCall, team: &'a Team, to: DateTime<Utc>) -> Self {
        let tz = rotation.timezone;
        let n = rotation.order.len();
        let window = (SWAP_ROUNDS * n).max(4);
        // Slot boundaries up to the horizon's end, plus the look-ahead of a swap.
        let mut bounds = vec![handoff(rotation, 0)];
        let mut last_in_horizon = -1i64;
        loop {
            let k = bounds.len() as i64 - 1;
            if bounds[k as usize] < to {
                last_in_horizon = k;
            } else if k > last_in_horizon + window as i64 {
                break;
            }
            bounds.push(handoff(rotation, k + 1));
            if bounds.len() > 1_000_000 {
                break; // a daily rotation started millennia ago: stop rather than hang
            }
        }
        let slots = bounds.len() - 1;
        // Holidays belong to the slot on call at noon of their date.
        let mut holidays: Vec<Vec<usize>> = vec![Vec::new(); slots];
        for (i, h) in oncall.holidays.iter().enumerate() {
            let noon = local_instant(
                tz,
                h.date,
                NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
            );
            let k = bounds.partition_point(|b| *b <= noon);
            if k >= 1 && k <= slots {
                holidays[k - 1].push(i);
            }
        }
        let mut people: Vec<&str> = Vec::new();
        for e in &rotation.order {
            if !people.contains(&e.as_str()) {
                people.push(e);
            }
        }
        Settler {
            rotation,
            oncall,
            away: time_off(team, tz),
            overrides: oncall
                .overrides
                .iter()
                .map(|o| (local_datetime(tz, o.from), local_datetime(tz, o.to)))
                .collect(),
            bounds,
            window,
            holidays,
            holder: (0..slots).map(|k| rotation.order[k % n].as_str()).collect(),
            change: vec![None; slots],
            count: HashMap::new(),
            last_holiday: people.iter().map(|e| (*e, None)).collect(),
            people,
        }
    }

    fn slots(&self) -> usize {
        self.bounds.len() - 1
    }

    fn span(&self, k: usize) -> Span {
        (self.bounds[k], self.bounds[k + 1])
    }

    /// Away during `s`, in any part that no override covers: the time off, if so.
    fn away_during(&self, who: &str, s: Span) -> Option<(Option<&'a str>, usize, usize)> {
        self.away.get(who)?.iter().find_map(|&(off, reason, i, j)| {
            let part = (off.0.max(s.0), off.1.min(s.1));
            (part.0 < part.1 && !covered(part, &self.overrides)).then_some((reason, i, j))
        })
    }

    /// Later slots a swap may reach, in order.
    fn ahead(&self, k: usize) -> std::ops::Range<usize> {
        k + 1..self.slots().min(k + 1 + self.window)
    }

    /// When the holder of slot `k` is away: a swap, else cover, else a conflict.
    fn time_off_step(&mut self, k: usize, horizon: Span, conflicts: &mut Vec<Conflict>) {
        let x = self.holder[k];
        let Some((reason, _, _)) = self.away_during(x, self.span(k)) else {
            return;
        };
        let partner = self.ahead(k).find(|&t| {
            self.change[t].is_none()
                && self.holder[t] != x
                && self.away_during(self.holder[t], self.span(k)).is_none()
                && self.away_during(x, self.span(t)).is_none()
        });
        if let Some(t) = partner {
            self.holder.swap(k, t);
            let c = |with: usize| Change::TimeOffSwap {
                with_slot: with as i64,
                with_start: self.bounds[with],
                away: x.to_string(),
                reason: reason.map(str::to_string),
            };
            self.change[k] = Some(c(t));
            self.change[t] = Some(c(k));
            return;
        }
        let mut free: Vec<&'a str> = self
            .rotation
            .order
            .iter()
            .map(String::as_str)
            .filter(|e| self.away_during(e, self.span(k)).is_none())
            .collect();
        free.dedup();
        // Fewest slots so far; ties go to the earlier in the order.
        match free
            .iter()
            .min_by_key(|e| self.count.get(**e).copied().unwrap_or(0))
        {
            Some(&z) => {
                self.holder[k] = z;
                self.change[k] = Some(Change::Cover {
                    away: x.to_string(),
                    reason: reason.map(str::to_string),
                });
            }
            None if overlaps(self.span(k), horizon) => {
                let mut people = self.people.clone();
                people.sort_unstable();
                conflicts.push(Conflict {
                    slot: k as i64,
                    start: self.span(k).0,
                    end: self.span(k).1,
                    away: people
                        .into_iter()
                        .filter_map(|p| {
                            self.away_during(p, self.span(k))
                                .map(|(_, i, j)| (p.to_string(), i, j))
                        })
                        .collect(),
                });
            }
            None => {}
        }
    }

    fn since(&self, e: &str) -> Option<usize> {
        self.last_holiday.get(e).copied().flatten()
    }

    /// Holidays rotate: the slot goes to whoever had a holiday slot least recently.
    fn holiday_step(&mut self, k: usize) {
        if self.holidays[k].is_empty() {
            return;
        }
        let x = self.holder[k];
        // Everyone whose last holiday slot is older than x's, oldest first.
        let mut due: Vec<&'a str> = self
            .people
            .iter()
            .copied()
            .filter(|e| *e != x && self.since(e) < self.since(x))
            .collect();
        due.sort_by_key(|e| self.since(e));
        if self.change[k].is_none() && !due.is_empty() {
            if let Some(t) = self.holiday_partner(k, &due) {
                self.holder.swap(k, t);
                let names: Vec<String> = self.holidays[k]
                    .iter()
                    .map(|&i| self.oncall.holidays[i].name.clone())
                    .collect();
                let c = |with: usize| Change::HolidaySwap {
                    with_slot: with as i64,
                    with_start: self.bounds[with],
                    spared: x.to_string(),
                    holidays: names.clone(),
                };
                self.change[k] = Some(c(t));
                self.change[t] = Some(c(k));
            }
        }
        self.last_holiday.insert(self.holder[k], Some(k));
    }

    /// Whoever is due longest (strict turns keep holiday duty fair); among equally due
    /// people and their slots, a swap without back-to-back shifts.
    fn holiday_partner(&self, k: usize, due: &[&'a str]) -> Option<usize> {
        let x = self.holder[k];
        let slots = self.slots();
        let fits = |want: &str| -> Vec<usize> {
            self.ahead(k)
                .filter(|&t| {
                    self.change[t].is_none()
                        && self.holidays[t].is_empty()
                        && self.holder[t] == want
                        && self.away_during(want, self.span(k)).is_none()
                        && self.away_during(x, self.span(t)).is_none()
                })
                .collect()
        };
        // Whether the swap would put someone on call two shifts in a row.
        let back_to_back = |t: usize, want: &str| {
            let next_to = |slot: usize, who: &str| {
                (slot > 0 && slot - 1 != t && self.holder[slot - 1] == who)
                    || (slot + 1 < slots && slot + 1 != k && self.holder[slot + 1] == who)
            };
            next_to(k, want) || next_to(t, x)
        };
        let mut i = 0;
        while i < due.len() {
            let group: Vec<&str> = due[i..]
                .iter()
                .copied()
                .take_while(|w| self.since(w) == self.since(due[i]))
                .collect();
            i += group.len();
            let candidates: Vec<(usize, &str)> = group
                .iter()
                .flat_map(|w| fits(w).into_iter().map(move |t| (t, *w)))
                .collect();
            let partner = candidates
                .iter()
                .find(|(t, w)| !back_to_back(*t, w))
                .or(candidates.first())
                .map(|(t, _)| *t);
            if partner.is_some() {
                return partner;
            }
        }
        None
    }

    /// The secondary on call of slot `k`: from its own rotation when oncall.yaml has one,
    /// else the next in the primary rotation after the holder; skipping the holder and
    /// anyone away during any part of the slot.
    fn secondary(&self, k: usize) -> Option<&'a str> {
        let x = self.holder[k];
        let (order, first): (Vec<&'a str>, usize) = match &self.oncall.secondary {
            Some(sec) if !sec.order.is_empty() => (
                sec.order.iter().map(String::as_str).collect(),
                k % sec.order.len(),
            ),
            _ => {
                let at = self
                    .people
                    .iter()
                    .position(|p| *p == x)
                    .map_or(0, |i| i + 1);
                (self.people.clone(), at)
            }
        };
        (0..order.len())
            .map(|i| order[(first + i) % order.len()])
            .find(|p| *p != x && !self.off_during(p, self.span(k)))
    }

    /// Whether `who` has time off during any part of `s`, overrides or not.
    fn off_during(&self, who: &str, s: Span) -> bool {
        self.away
            .get(who)
            .is_some_and(|v| v.iter().any(|(off, ..)| overlaps(*off, s)))
    }

    fn into_shifts(mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Shift> {
        let n = self.rotation.order.len();
        let kept: Vec<usize> = (0..self.slots())
            .filter(|&k| overlaps(self.span(k), (from, to)))
            .collect();
        kept.into_iter()
            .map(|k| Shift {
                slot: k as i64,
                secondary: self.secondary(k).map(str::to_string),
                engineer: self.holder[k].to_string(),
                planned: self.rotation.order[k % n].clone(),
                start: self.span(k).0,
                end: self.span(k).1,
                holidays: std::mem::take(&mut self.holidays[k]),
                change: self.change[k].take(),
            })
            .collect()
    }
}
