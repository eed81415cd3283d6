//! Each engineer's part in a resolved schedule, indexed once: a page or feed per
//! engineer that scanned every segment and backup made a team of 4,000 engineers and
//! 8,000 pipelines cost engineers x backups (issue 19).

use std::collections::HashMap;

use super::{Backup, Segment};

/// Positions in `Schedule::segments` and `Schedule::backups`, each list in the
/// schedule's order.
#[derive(Debug, Clone, Default)]
pub struct Duty {
    /// Segments the engineer is on call for.
    pub primary: Vec<usize>,
    /// Segments the engineer is second on call for.
    pub secondary: Vec<usize>,
    /// Backup duties the engineer holds.
    pub backups: Vec<usize>,
}

impl Duty {
    /// Whether the engineer has no part in the schedule at all.
    pub fn is_empty(&self) -> bool {
        self.primary.is_empty() && self.secondary.is_empty() && self.backups.is_empty()
    }
}

/// The duties of every engineer named in a schedule, by engineer id.
#[derive(Debug, Clone, Default)]
pub(super) struct Duties {
    by_engineer: HashMap<String, Duty>,
}

impl Duties {
    pub(super) fn index(segments: &[Segment], backups: &[Backup]) -> Duties {
        let mut by: HashMap<&str, Duty> = HashMap::new();
        for (i, s) in segments.iter().enumerate() {
            by.entry(&s.engineer).or_default().primary.push(i);
            if let Some(second) = &s.secondary {
                by.entry(second).or_default().secondary.push(i);
            }
        }
        for (i, b) in backups.iter().enumerate() {
            by.entry(&b.engineer).or_default().backups.push(i);
        }
        let by_engineer = by.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        Duties { by_engineer }
    }

    pub(super) fn of(&self, id: &str) -> &Duty {
        static NONE: Duty = Duty {
            primary: Vec::new(),
            secondary: Vec::new(),
            backups: Vec::new(),
        };
        self.by_engineer.get(id).unwrap_or(&NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{resolve, Schedule};
    use crate::model::{OnCall, Pipelines, Team};
    use chrono::{TimeZone, Utc};

    fn schedule() -> Schedule {
        let team: Team = serde_yaml::from_str(
            "engineers:\n\
             - { id: a, name: A, time_off: [{ from: 2026-03-02, to: 2026-03-06 }] }\n\
             - { id: b, name: B }\n\
             - { id: c, name: C }\n\
             - { id: d, name: D }\n",
        )
        .unwrap();
        let pipelines: Pipelines = serde_yaml::from_str(
            "domains: [{ id: x, name: X }]\n\
             pipelines:\n\
             - { id: p1, name: P1, domain: x, audience: y, primary: a, secondary: d }\n\
             - { id: p2, name: P2, domain: x, audience: y, primary: a, secondary: b }\n",
        )
        .unwrap();
        let oncall: OnCall = serde_yaml::from_str(
            "rotation:\n  order: [a, b, c]\n  start: 2026-01-05\n\
             \x20 handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\n",
        )
        .unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        resolve(&oncall, &team, &pipelines, now).schedule
    }

    /// The index says what a scan of the whole schedule says, in the same order.
    #[test]
    fn each_engineers_duty_is_what_a_scan_finds() {
        let s = schedule();
        assert!(!s.backups.is_empty(), "the test needs backups");
        for id in ["a", "b", "c", "d", "nobody"] {
            let duty = s.duty(id);
            let scan =
                |f: &dyn Fn(usize) -> bool, n: usize| (0..n).filter(|&i| f(i)).collect::<Vec<_>>();
            let segs = s.segments.len();
            assert_eq!(duty.primary, scan(&|i| s.segments[i].engineer == id, segs));
            let second = |i: usize| s.segments[i].secondary.as_deref() == Some(id);
            assert_eq!(duty.secondary, scan(&second, segs));
            let backups = s.backups.len();
            assert_eq!(
                duty.backups,
                scan(&|i| s.backups[i].engineer == id, backups)
            );
            assert_eq!(s.has_feed(id), !duty.is_empty());
        }
        assert!(s.duty("nobody").is_empty());
        assert!(
            !s.duty("d").backups.is_empty(),
            "d backs up p1 while a is away"
        );
    }
}
