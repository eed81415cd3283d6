//! Who is away when: everyone's time off as UTC intervals in the rotation's zone, and the
//! overrides that cover parts of it, indexed so that a question about one shift costs a
//! binary search and the few intervals that touch it (time off comes from calendars of
//! up to 20,000 days, overrides from pull requests: a scan of all of them per shift and
//! engineer would make the schedule quadratic in the data).

use std::collections::HashMap;

use chrono::{Duration, NaiveTime};
use chrono_tz::Tz;

use super::time::{local_datetime, local_instant, Span};
use crate::model::{OnCall, Team};

/// Disjoint intervals in time order, each with the time off it came from first.
struct Merged {
    spans: Vec<Span>,
    /// Per span: (reason, index in `team.engineers`, index in `time_off`).
    origin: Vec<(Option<String>, usize, usize)>,
}

/// The union of intervals, sorted: `covers` walks it instead of every interval.
struct Cover {
    starts: Vec<Span>,
    /// Largest end among `starts[..=i]`.
    reach: Vec<chrono::DateTime<chrono::Utc>>,
}

impl Cover {
    fn new(mut spans: Vec<Span>) -> Self {
        spans.retain(|(a, b)| a < b);
        spans.sort_unstable();
        let mut reach = Vec::with_capacity(spans.len());
        for (i, s) in spans.iter().enumerate() {
            let before = if i == 0 { s.1 } else { reach[i - 1] };
            reach.push(before.max(s.1));
        }
        Cover {
            starts: spans,
            reach,
        }
    }

    /// Whether the union of the intervals covers all of `part`.
    fn covers(&self, part: Span) -> bool {
        let mut at = part.0;
        while at < part.1 {
            let i = self.starts.partition_point(|s| s.0 <= at);
            match i.checked_sub(1).map(|i| self.reach[i]) {
                Some(end) if end > at => at = end,
                _ => return false,
            }
        }
        true
    }
}

/// One engineer's time off as listed (not merged), by start, with the latest end so far:
/// what one listed absence reaches must not change when another one is listed beside it.
struct Listed {
    starts: Vec<chrono::DateTime<chrono::Utc>>,
    /// Largest end among the first `i + 1`.
    reach: Vec<chrono::DateTime<chrono::Utc>>,
}

/// Everyone's time off and the overrides, for questions about stretches of time. Engineers
/// are numbered once (`number`): the schedule asks about the same people for every slot,
/// and hashing an id per question was a quarter of the time of a large rotation.
pub(super) struct Availability {
    numbers: HashMap<String, usize>,
    /// Per engineer number.
    off: Vec<Merged>,
    listed: Vec<Listed>,
    overrides: Cover,
}

impl Availability {
    pub(super) fn new(team: &Team, oncall: &OnCall, tz: Tz) -> Self {
        let mut numbers: HashMap<String, usize> = HashMap::new();
        // Per number: (span, index of the engineer, index of the time off).
        let mut all: Vec<Vec<(Span, usize, usize)>> = Vec::new();
        for (i, e) in team.engineers.iter().enumerate() {
            let next = numbers.len();
            let n = *numbers.entry(e.id.clone()).or_insert(next);
            if n == all.len() {
                all.push(Vec::new());
            }
            all[n].extend(e.time_off.iter().enumerate().filter_map(|(j, t)| {
                let start = local_instant(tz, t.from, NaiveTime::MIN);
                let end = local_instant(tz, t.to + Duration::days(1), NaiveTime::MIN);
                (start < end).then_some(((start, end), i, j))
            }));
        }
        let mut off = Vec::with_capacity(all.len());
        let mut listed = Vec::with_capacity(all.len());
        for mut spans in all {
            spans.sort_unstable_by_key(|(s, i, j)| (*s, *i, *j));
            // What one engineer listed: the first of a repeated id, as before numbering.
            let first = spans.first().map(|(_, i, _)| *i);
            let own: Vec<Span> = (spans.iter())
                .filter(|(_, i, _)| Some(*i) == first)
                .map(|(s, _, _)| *s)
                .collect();
            listed.push(off_listed(&own));
            let mut merged = Merged {
                spans: Vec::new(),
                origin: Vec::new(),
            };
            for ((a, b), i, j) in spans {
                match merged.spans.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => {
                        merged.spans.push((a, b));
                        let reason = team.engineers[i].time_off[j].reason.clone();
                        merged.origin.push((reason, i, j));
                    }
                }
            }
            off.push(merged);
        }
        let overrides = Cover::new(
            oncall
                .overrides
                .iter()
                .map(|o| (local_datetime(tz, o.from), local_datetime(tz, o.to)))
                .collect(),
        );
        Availability {
            numbers,
            off,
            listed,
            overrides,
        }
    }

    /// The number of engineer `id`, if in the team (one without is never away).
    pub(super) fn number(&self, id: &str) -> Option<usize> {
        self.numbers.get(id).copied()
    }

    /// The merged stretches of time off of engineer number `n`, in time order.
    pub(super) fn spans(&self, n: usize) -> &[Span] {
        self.off.get(n).map_or(&[][..], |m| &m.spans[..])
    }

    /// Whether the overrides together cover all of `s`.
    pub(super) fn overridden(&self, s: Span) -> bool {
        self.overrides.covers(s)
    }

    /// The latest end of `who`'s listed absences that overlap `s` (overrides aside): a
    /// slot's own data, as each listed absence belongs to the slots it overlaps.
    pub(super) fn listed_end(&self, who: &str, s: Span) -> Option<chrono::DateTime<chrono::Utc>> {
        let l = self.listed.get(self.number(who)?)?;
        let i = l.starts.partition_point(|a| *a < s.1);
        let end = *l.reach.get(i.checked_sub(1)?)?;
        (end > s.0).then_some(end)
    }

    /// The stretches of the time off of engineer number `n` that touch `s`, with where
    /// each came from.
    fn touching(
        &self,
        n: Option<usize>,
        s: Span,
    ) -> impl Iterator<Item = (Span, &(Option<String>, usize, usize))> + '_ {
        #[cfg(test)]
        ASKED.with(|a| a.set(a.get() + 1));
        let m = n.and_then(|n| self.off.get(n));
        let spans = m.map_or(&[][..], |m| &m.spans[..]);
        let first = spans.partition_point(|x| x.1 <= s.0);
        let last = spans.partition_point(|x| x.0 < s.1);
        (first..last.max(first)).filter_map(move |i| {
            let m = m?;
            let part = (m.spans[i].0.max(s.0), m.spans[i].1.min(s.1));
            (part.0 < part.1).then_some((part, &m.origin[i]))
        })
    }

    /// `who` is away during some part of `s` that no override covers: the time off that
    /// keeps them away (its reason, index of the engineer, index of the time off).
    pub(super) fn away_during(&self, who: &str, s: Span) -> Option<(Option<&str>, usize, usize)> {
        self.away_during_n(self.number(who), s)
    }

    /// [`Self::away_during`] for engineer number `n`.
    pub(super) fn away_during_n(
        &self,
        n: Option<usize>,
        s: Span,
    ) -> Option<(Option<&str>, usize, usize)> {
        self.touching(n, s)
            .find(|(part, _)| !self.overrides.covers(*part))
            .map(|(_, (reason, i, j))| (reason.as_deref(), *i, *j))
    }

    /// Whether `who` has time off during any part of `s`, overrides or not (the secondary
    /// on call must be reachable all through the shift).
    pub(super) fn off_during(&self, who: &str, s: Span) -> bool {
        self.off_during_n(self.number(who), s)
    }

    /// [`Self::off_during`] for engineer number `n`.
    pub(super) fn off_during_n(&self, n: Option<usize>, s: Span) -> bool {
        self.touching(n, s).next().is_some()
    }
}

#[cfg(test)]
thread_local! {
    /// Questions about time off asked on this thread (tests count them).
    static ASKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Questions about time off asked on this thread since [`reset_asked`].
#[cfg(test)]
pub(super) fn asked() -> usize {
    ASKED.with(std::cell::Cell::get)
}

#[cfg(test)]
pub(super) fn reset_asked() {
    ASKED.with(|a| a.set(0));
}

fn off_listed(spans: &[Span]) -> Listed {
    let mut reach: Vec<chrono::DateTime<chrono::Utc>> = Vec::with_capacity(spans.len());
    for (_, b) in spans {
        let before = reach.last().copied().unwrap_or(*b);
        reach.push(before.max(*b));
    }
    Listed {
        starts: spans.iter().map(|(a, _)| *a).collect(),
        reach,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::hours(h)
    }

    #[test]
    fn the_union_of_overlapping_intervals_covers_what_each_alone_does_not() {
        let c = Cover::new(vec![
            (t(0), t(5)),
            (t(3), t(8)),
            (t(10), t(12)),
            (t(1), t(2)),
        ]);
        assert!(c.covers((t(1), t(8))));
        assert!(!c.covers((t(1), t(9))));
        assert!(c.covers((t(10), t(12))));
        assert!(!c.covers((t(9), t(11))));
        assert!(Cover::new(Vec::new()).covers((t(1), t(1))));
        assert!(!Cover::new(Vec::new()).covers((t(1), t(2))));
    }
}
