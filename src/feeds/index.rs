//! The schedule's backups indexed for the feeds, built once: by holiday, and the backups
//! of primary owners' absences by the days they cover. A shift's text asks which backups
//! fall on it; a scan of every backup per shift cost shifts × backups (minutes for a few
//! hundred kB of YAML, see bench/README.md, session 30).

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::Site;
use crate::schedule::{local_instant, Backup, BackupReason, Schedule};

/// Indices into `Schedule::backups`.
pub(super) struct BackupIndex {
    /// The backups of each holiday (by its index in `OnCall::holidays`), in schedule order.
    pub(super) by_holiday: Vec<Vec<usize>>,
    /// The backups of absences, in schedule order (by first day).
    away: Vec<usize>,
    /// Their first days, in the same order.
    froms: Vec<NaiveDate>,
    /// Their last days, sorted.
    tos: Vec<NaiveDate>,
    /// A segment tree over `away`: the latest last day of each node's range.
    latest: Vec<NaiveDate>,
}

impl BackupIndex {
    pub(super) fn new(backups: &[Backup], holidays: usize) -> BackupIndex {
        let mut by_holiday = vec![Vec::new(); holidays];
        let mut away = Vec::new();
        for (i, b) in backups.iter().enumerate() {
            match b.reason {
                BackupReason::Holiday(h) => {
                    if let Some(list) = by_holiday.get_mut(h) {
                        list.push(i);
                    }
                }
                BackupReason::PrimaryAway(_) => away.push(i),
            }
        }
        // Schedule order is by first day already; kept stable within a day.
        away.sort_by_key(|&i| backups[i].from);
        let froms: Vec<NaiveDate> = away.iter().map(|&i| backups[i].from).collect();
        let mut tos: Vec<NaiveDate> = away.iter().map(|&i| backups[i].to).collect();
        tos.sort_unstable();
        let ends: Vec<NaiveDate> = away.iter().map(|&i| backups[i].to).collect();
        let mut latest = vec![NaiveDate::MIN; 4 * ends.len().max(1)];
        if !ends.is_empty() {
            build(&mut latest, &ends, 1, 0, ends.len());
        }
        BackupIndex {
            by_holiday,
            away,
            froms,
            tos,
            latest,
        }
    }

    /// The backups of absences that cover a day of `first..=last`: how many, and the first
    /// `limit` of them in schedule order. O((limit + 1) log n).
    pub(super) fn away_during(
        &self,
        first: NaiveDate,
        last: NaiveDate,
        limit: usize,
    ) -> (usize, Vec<usize>) {
        // Those starting by `last`, less those ending before `first` (which all start by
        // `last`, as no backup ends before it starts).
        let started = self.froms.partition_point(|&d| d <= last);
        let ended = self.tos.partition_point(|&d| d < first);
        let count = started.saturating_sub(ended);
        let mut found = Vec::with_capacity(limit.min(count));
        if started > 0 && limit > 0 {
            self.collect(1, 0, self.away.len(), started, first, limit, &mut found);
        }
        (count, found)
    }

    /// Appends, left to right, the backups of node `node` (over `lo..hi`) before `until`
    /// that end on or after `first`, until `found` holds `limit`.
    #[allow(clippy::too_many_arguments)]
    fn collect(
        &self,
        node: usize,
        lo: usize,
        hi: usize,
        until: usize,
        first: NaiveDate,
        limit: usize,
        found: &mut Vec<usize>,
    ) {
        if found.len() >= limit || lo >= until || self.latest[node] < first {
            return;
        }
        if hi - lo == 1 {
            found.push(self.away[lo]);
            return;
        }
        let mid = (lo + hi) / 2;
        self.collect(2 * node, lo, mid, until, first, limit, found);
        self.collect(2 * node + 1, mid, hi, until, first, limit, found);
    }
}

fn build(latest: &mut [NaiveDate], ends: &[NaiveDate], node: usize, lo: usize, hi: usize) {
    if hi - lo == 1 {
        latest[node] = ends[lo];
        return;
    }
    let mid = (lo + hi) / 2;
    build(latest, ends, 2 * node, lo, mid);
    build(latest, ends, 2 * node + 1, mid, hi);
    latest[node] = latest[2 * node].max(latest[2 * node + 1]);
}

/// The duties a personal feed may write as one event: a holiday's, or an absence's (the
/// primary owner, the days and the reason).
pub(super) fn group_key(b: &Backup) -> (Option<usize>, &str, NaiveDate, NaiveDate, Option<&str>) {
    match &b.reason {
        BackupReason::Holiday(h) => (Some(*h), "", b.from, b.to, None),
        BackupReason::PrimaryAway(why) => (None, b.primary.as_str(), b.from, b.to, why.as_deref()),
    }
}

/// Each holiday's noon in the rotation's zone, with its index, in time order.
pub(super) fn noons(site: &Site, schedule: &Schedule) -> Vec<(DateTime<Utc>, usize)> {
    let noon = chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
    let mut noons: Vec<(DateTime<Utc>, usize)> = (site.oncall.holidays.iter().enumerate())
        .map(|(i, h)| (local_instant(schedule.tz, h.date, noon), i))
        .collect();
    noons.sort_unstable();
    noons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn away(pipeline: &str, from: (u32, u32), to: (u32, u32)) -> Backup {
        let d = |(m, d)| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        Backup {
            pipeline: pipeline.into(),
            engineer: "b".into(),
            primary: "a".into(),
            from: d(from),
            to: d(to),
            reason: BackupReason::PrimaryAway(None),
            role: crate::schedule::BackupRole::SecondaryOwner,
        }
    }

    /// The index answers as a scan of every backup does, for every stretch of days.
    #[test]
    fn away_during_agrees_with_a_scan() {
        let mut backups = Vec::new();
        for i in 0..40u32 {
            let from = (1 + i % 3, 1 + (i * 7) % 28);
            let to = (from.0 + (i % 4) / 3, (from.1 + i % 9).min(28));
            backups.push(away(&format!("p{i}"), from, to));
        }
        backups.sort_by_key(|b| b.from);
        let index = BackupIndex::new(&backups, 0);
        let day = |n: i64| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n);
        for a in 0..120 {
            for len in [0, 1, 6, 30] {
                let (first, last) = (day(a), day(a + len));
                let scan: Vec<usize> = (0..backups.len())
                    .filter(|&i| backups[i].from <= last && first <= backups[i].to)
                    .collect();
                for limit in [0, 1, 3, 100] {
                    let (count, found) = index.away_during(first, last, limit);
                    assert_eq!(count, scan.len(), "{first}..{last}");
                    let expect: Vec<usize> = scan.iter().copied().take(limit).collect();
                    assert_eq!(found, expect, "{first}..{last} limit {limit}");
                }
            }
        }
    }
}
