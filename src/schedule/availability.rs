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

/// Everyone's time off and the overrides, for questions about stretches of time.
pub(super) struct Availability {
    off: HashMap<String, Merged>,
    listed: HashMap<String, Listed>,
    overrides: Cover,
}

impl Availability {
    pub(super) fn new(team: &Team, oncall: &OnCall, tz: Tz) -> Self {
        let mut off = HashMap::new();
        let mut listed = HashMap::new();
        for (i, e) in team.engineers.iter().enumerate() {
            let mut spans: Vec<(Span, usize)> = e
                .time_off
                .iter()
                .enumerate()
                .map(|(j, t)| {
                    let start = local_instant(tz, t.from, NaiveTime::MIN);
                    let end = local_instant(tz, t.to + Duration::days(1), NaiveTime::MIN);
                    ((start, end), j)
                })
                .filter(|((a, b), _)| a < b)
                .collect();
            spans.sort_unstable();
            let listed_one = off_listed(&spans);
            let merged: &mut Merged = off.entry(e.id.clone()).or_insert(Merged {
                spans: Vec::new(),
                origin: Vec::new(),
            });
            listed.entry(e.id.clone()).or_insert(listed_one);
            for ((a, b), j) in spans {
                match merged.spans.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => {
                        merged.spans.push((a, b));
                        let reason = e.time_off[j].reason.clone();
                        merged.origin.push((reason, i, j));
                    }
                }
            }
        }
        let overrides = Cover::new(
            oncall
                .overrides
                .iter()
                .map(|o| (local_datetime(tz, o.from), local_datetime(tz, o.to)))
                .collect(),
        );
        Availability {
            off,
            listed,
            overrides,
        }
    }

    /// The latest end of `who`'s listed absences that overlap `s` (overrides aside): a
    /// slot's own data, as each listed absence belongs to the slots it overlaps.
    pub(super) fn listed_end(&self, who: &str, s: Span) -> Option<chrono::DateTime<chrono::Utc>> {
        let l = self.listed.get(who)?;
        let i = l.starts.partition_point(|a| *a < s.1);
        let end = *l.reach.get(i.checked_sub(1)?)?;
        (end > s.0).then_some(end)
    }

    /// The stretches of `who`'s time off that touch `s`, with where each came from.
    fn touching<'a>(
        &'a self,
        who: &str,
        s: Span,
    ) -> impl Iterator<Item = (Span, &'a (Option<String>, usize, usize))> + 'a {
        let m = self.off.get(who);
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
        self.touching(who, s)
            .find(|(part, _)| !self.overrides.covers(*part))
            .map(|(_, (reason, i, j))| (reason.as_deref(), *i, *j))
    }

    /// Whether `who` has time off during any part of `s`, overrides or not (the secondary
    /// on call must be reachable all through the shift).
    pub(super) fn off_during(&self, who: &str, s: Span) -> bool {
        self.touching(who, s).next().is_some()
    }
}

fn off_listed(spans: &[(Span, usize)]) -> Listed {
    let mut reach: Vec<chrono::DateTime<chrono::Utc>> = Vec::with_capacity(spans.len());
    for ((_, b), _) in spans {
        let before = reach.last().copied().unwrap_or(*b);
        reach.push(before.max(*b));
    }
    Listed {
        starts: spans.iter().map(|((a, _), _)| *a).collect(),
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
