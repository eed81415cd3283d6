//! Backups: who stands in for a pipeline's owners on holidays and while its primary owner
//! is away. Never someone who is away: the secondary owner, else the other owner, else the
//! secondary on call that day; when nobody is left, a conflict that fails the build.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::time::{local_instant, Span};
use super::{kept_away, Backup, BackupConflict, BackupReason, BackupRole, Shift};
use crate::model::{OnCall, Pipeline, Pipelines, Team, TimeOff};

/// The most backup duties a schedule holds. A pull request of a few hundred kB of YAML
/// (2,000 pipelines, 1,460 holidays, daily shifts over 208 weeks) made 2.9 million, 543 MB
/// held and a 233 MB `/oncall/` page; a team of 4,000 pipelines with 13 holidays a year
/// has some 52,000 over the default 56 weeks.
pub const MAX_BACKUP_DUTIES: usize = 1_000_000;

/// The most backups nobody can take that are worked out (each names everyone away that
/// day): the build fails on the first, and its messages list these.
const MAX_CONFLICTS: usize = 1_000;

struct Ctx<'a> {
    team: &'a Team,
    offs: HashMap<&'a str, Offs>,
    shifts: &'a [Shift],
    tz: Tz,
    first: NaiveDate,
    last: NaiveDate,
}

impl Ctx<'_> {
    /// The index of `who`'s time off covering `d`, if any.
    fn away_on(&self, who: &str, d: NaiveDate) -> Option<usize> {
        self.offs.get(who)?.away_on(d)
    }

    /// The secondary on call at noon of `d`.
    fn secondary_on_call(&self, d: NaiveDate) -> Option<&str> {
        self.shift_at_noon(d)?.secondary.as_deref()
    }

    /// The shift on call at noon of `d`.
    fn shift_at_noon(&self, d: NaiveDate) -> Option<&Shift> {
        let noon = local_instant(self.tz, d, NaiveTime::from_hms_opt(12, 0, 0)?);
        let i = self.shifts.partition_point(|s| s.end <= noon);
        self.shifts.get(i).filter(|s| s.contains(noon))
    }

    /// The first [`super::AWAY_KEPT`] away on `d` with their time off (`first` before the others
    /// when away), and how many are away.
    fn everyone_away(
        &self,
        d: NaiveDate,
        first: Option<&str>,
    ) -> (Vec<(String, usize, usize)>, usize) {
        let ordered = (self.team.engineers.iter().enumerate())
            .filter(|(_, e)| Some(e.id.as_str()) == first)
            .chain(
                (self.team.engineers.iter().enumerate())
                    .filter(|(_, e)| Some(e.id.as_str()) != first),
            );
        kept_away(
            ordered.filter_map(|(i, e)| self.away_on(&e.id, d).map(|j| (e.id.as_str(), i, j))),
        )
    }

    /// Days of `[a, b]` within the window, as a range of dates.
    fn clip(&self, a: NaiveDate, b: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let (a, b) = (a.max(self.first), b.min(self.last));
        (a <= b).then_some((a, b))
    }
}

/// Backups for every holiday and every primary owner's time off within `window`.
pub(super) fn backups(
    oncall: &OnCall,
    team: &Team,
    pipelines: &Pipelines,
    tz: Tz,
    window: Span,
    shifts: &[Shift],
) -> (Vec<Backup>, Vec<BackupConflict>, bool) {
    let cx = Ctx {
        team,
        offs: team
            .engineers
            .iter()
            .map(|e| (e.id.as_str(), Offs::new(&e.time_off)))
            .collect(),
        shifts,
        tz,
        first: window.0.with_timezone(&tz).date_naive(),
        last: window.1.with_timezone(&tz).date_naive(),
    };
    let mut out = Vec::new();
    let mut conflicts = Vec::new();
    for (i, h) in oncall.holidays.iter().enumerate() {
        if cx.clip(h.date, h.date).is_none() {
            continue;
        }
        // The day of the last handoff (or of the first, when handoffs are after noon)
        // belongs at noon to a shift not shown, with no secondary on call known: nobody
        // is a conflict there, as the shift's own build will say (the build failed for a
        // day that a build a week later found someone for).
        let shown = cx.shift_at_noon(h.date).is_some();
        for p in &pipelines.pipelines {
            let pick = [
                (p.secondary.as_str(), BackupRole::SecondaryOwner),
                (p.primary.as_str(), BackupRole::PrimaryOwner),
            ]
            .into_iter()
            .chain(
                cx.secondary_on_call(h.date)
                    .map(|s| (s, BackupRole::SecondaryOnCall)),
            )
            .find(|(who, _)| cx.away_on(who, h.date).is_none());
            let reason = BackupReason::Holiday(i);
            match pick {
                Some((who, role)) => out.push(backup(p, who, (h.date, h.date), reason, role)),
                None if !shown => {}
                None if conflicts.len() >= MAX_CONFLICTS => {}
                None => {
                    let (away, away_count) = cx.everyone_away(h.date, None);
                    conflicts.push(BackupConflict {
                        pipeline: p.id.clone(),
                        from: h.date,
                        to: h.date,
                        reason,
                        away,
                        away_count,
                    });
                }
            }
        }
        if out.len() > MAX_BACKUP_DUTIES {
            return (Vec::new(), conflicts, true);
        }
    }
    let by_owner = pipelines.by_owner();
    for e in &team.engineers {
        let owned = by_owner
            .get(e.id.as_str())
            .map_or(&[][..], |o| o[0].as_slice());
        for off in merged_time_off(&e.time_off) {
            for &i in owned {
                primary_away(&cx, &pipelines.pipelines[i], &off, &mut out, &mut conflicts);
                if out.len() > MAX_BACKUP_DUTIES {
                    return (Vec::new(), conflicts, true);
                }
            }
        }
    }
    out.sort_by(|a, b| (a.from, &a.pipeline).cmp(&(b.from, &b.pipeline)));
    (out, conflicts, false)
}

/// An engineer's time off, for questions asked per day and per pipeline: a scan of every
/// entry made the primary owner's days off × pipelines × the secondary owner's days off.
struct Offs {
    /// The entries by first day (ties in file order): first day, last day, index.
    by_start: Vec<(NaiveDate, NaiveDate, usize)>,
    /// For each prefix of `by_start`, the latest last day and its entry's index.
    latest: Vec<(NaiveDate, usize)>,
    /// The entries merged (see [`merged_time_off`]): disjoint, in order.
    merged: Vec<(NaiveDate, NaiveDate)>,
}

impl Offs {
    fn new(offs: &[TimeOff]) -> Offs {
        let mut by_start: Vec<(NaiveDate, NaiveDate, usize)> = (offs.iter().enumerate())
            .map(|(i, o)| (o.from, o.to, i))
            .collect();
        by_start.sort_by_key(|o| o.0);
        let mut latest: Vec<(NaiveDate, usize)> = Vec::with_capacity(by_start.len());
        for &(_, to, i) in &by_start {
            let best = match latest.last() {
                Some(&(t, j)) if t >= to => (t, j),
                _ => (to, i),
            };
            latest.push(best);
        }
        let merged = merged_time_off(offs)
            .iter()
            .map(|o| (o.from, o.to))
            .collect();
        Offs {
            by_start,
            latest,
            merged,
        }
    }

    /// The index of an entry covering `d`, if any.
    fn away_on(&self, d: NaiveDate) -> Option<usize> {
        let started = self.by_start.partition_point(|o| o.0 <= d);
        let &(to, i) = self.latest.get(started.checked_sub(1)?)?;
        (d <= to).then_some(i)
    }

    /// The days of `from..=to` away, as disjoint stretches in order.
    fn during(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
        let i = self.merged.partition_point(|m| m.1 < from);
        self.merged[i..]
            .iter()
            .take_while(|m| m.0 <= to)
            .map(|m| (m.0.max(from), m.1.min(to)))
            .collect()
    }
}

/// An engineer's time off with overlapping entries merged, in order of their first day:
/// the same leave in `team.yaml` and in a PTO calendar, or listed twice, is one absence,
/// so its backups are one duty each (two would share a `UID` in the feeds). The reason is
/// the first given, in that order. Entries that only touch stay apart: each keeps its own
/// dates, which name its backups.
fn merged_time_off(offs: &[TimeOff]) -> Vec<TimeOff> {
    let mut sorted: Vec<&TimeOff> = offs.iter().collect();
    sorted.sort_by_key(|o| o.from); // stable: file order among the same first day
    let mut merged: Vec<TimeOff> = Vec::with_capacity(sorted.len());
    for o in sorted {
        match merged.last_mut() {
            Some(m) if o.from <= m.to => {
                m.to = m.to.max(o.to);
                if m.reason.is_none() {
                    m.reason.clone_from(&o.reason);
                }
            }
            _ => merged.push(o.clone()),
        }
    }
    merged
}

fn backup(
    p: &Pipeline,
    who: &str,
    (from, to): (NaiveDate, NaiveDate),
    reason: BackupReason,
    role: BackupRole,
) -> Backup {
    Backup {
        pipeline: p.id.clone(),
        engineer: who.to_string(),
        primary: p.primary.clone(),
        from,
        to,
        reason,
        role,
    }
}

/// The backups of pipeline `p` while its primary owner is away on `off`: the secondary
/// owner for the stretches they are present (whole, so the dates name the duty in feeds
/// whatever the clock), the secondary on call day by day where they are not.
fn primary_away(
    cx: &Ctx,
    p: &Pipeline,
    off: &TimeOff,
    out: &mut Vec<Backup>,
    conflicts: &mut Vec<BackupConflict>,
) {
    if cx.clip(off.from, off.to).is_none() {
        return;
    }
    let reason = || BackupReason::PrimaryAway(off.reason.clone());
    // The secondary owner's absences within the leave, merged, in order.
    let mut gaps: Vec<(NaiveDate, NaiveDate)> = match cx.offs.get(p.secondary.as_str()) {
        _ if p.secondary == p.primary => vec![(off.from, off.to)],
        Some(offs) => offs.during(off.from, off.to),
        None => Vec::new(),
    };
    gaps.sort_unstable();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for g in gaps {
        match merged.last_mut() {
            Some(m) if g.0 <= m.1 + Duration::days(1) => m.1 = m.1.max(g.1),
            _ => merged.push(g),
        }
    }
    let mut at = off.from;
    for &(a, b) in &merged {
        if at < a {
            present(cx, p, (at, a - Duration::days(1)), reason(), out);
        }
        absent(cx, p, (a, b), reason(), out, conflicts);
        at = b + Duration::days(1);
    }
    if at <= off.to {
        present(cx, p, (at, off.to), reason(), out);
    }
}

fn present(
    cx: &Ctx,
    p: &Pipeline,
    days: (NaiveDate, NaiveDate),
    reason: BackupReason,
    out: &mut Vec<Backup>,
) {
    if cx.clip(days.0, days.1).is_some() {
        out.push(backup(
            p,
            &p.secondary,
            days,
            reason,
            BackupRole::SecondaryOwner,
        ));
    }
}

/// Both owners away: the secondary on call of each day, the days of one shift merged.
/// Never a run over two shifts: the window starts at a shift's start, so a run within one
/// shift is never cut by it, and its first day (in its `UID`) stays whatever the clock.
fn absent(
    cx: &Ctx,
    p: &Pipeline,
    days: (NaiveDate, NaiveDate),
    reason: BackupReason,
    out: &mut Vec<Backup>,
    conflicts: &mut Vec<BackupConflict>,
) {
    let Some((a, b)) = cx.clip(days.0, days.1) else {
        return;
    };
    let mut run: Option<(String, i64, NaiveDate, NaiveDate)> = None;
    let flush = |run: &mut Option<(String, i64, NaiveDate, NaiveDate)>, out: &mut Vec<Backup>| {
        if let Some((who, _, f, t)) = run.take() {
            out.push(backup(
                p,
                &who,
                (f, t),
                reason.clone(),
                BackupRole::SecondaryOnCall,
            ));
        }
    };
    for d in a.iter_days().take_while(|d| *d <= b) {
        let Some(shift) = cx.shift_at_noon(d) else {
            // A shift not shown (see `backups`): no secondary on call known, no conflict.
            flush(&mut run, out);
            continue;
        };
        let slot = shift.slot;
        let who =
            (shift.secondary.as_deref()).filter(|s| *s != p.primary && cx.away_on(s, d).is_none());
        match (who, run.as_mut()) {
            (Some(w), Some(r)) if r.0 == w && r.1 == slot && r.3 + Duration::days(1) == d => {
                r.3 = d
            }
            (Some(w), _) => {
                flush(&mut run, out);
                run = Some((w.to_string(), slot, d, d));
            }
            (None, _) => {
                flush(&mut run, out);
                let full = conflicts.len() >= MAX_CONFLICTS;
                match conflicts.last_mut() {
                    // Days in a row make one conflict.
                    Some(c) if c.pipeline == p.id && c.to + Duration::days(1) == d => c.to = d,
                    _ if full => {}
                    _ => {
                        let (away, away_count) = cx.everyone_away(d, Some(&p.primary));
                        conflicts.push(BackupConflict {
                            pipeline: p.id.clone(),
                            from: d,
                            to: d,
                            reason: reason.clone(),
                            away,
                            away_count,
                        });
                    }
                }
            }
        }
    }
    flush(&mut run, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Offs` answers as a scan of every entry does.
    #[test]
    fn offs_agree_with_a_scan() {
        let day = |n: i64| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n);
        let offs: Vec<TimeOff> = (0..30)
            .map(|i| TimeOff {
                from: day((i * 7) % 60),
                to: day((i * 7) % 60 + (i % 5) * (i % 3)),
                reason: None,
            })
            .collect();
        let o = Offs::new(&offs);
        for d in 0..80 {
            let covering: Vec<usize> = (0..offs.len())
                .filter(|&i| offs[i].from <= day(d) && day(d) <= offs[i].to)
                .collect();
            match o.away_on(day(d)) {
                Some(i) => assert!(covering.contains(&i), "day {d}: {i}"),
                None => assert!(covering.is_empty(), "day {d}"),
            }
            for len in [0, 3, 20] {
                let (a, b) = (day(d), day(d + len));
                let days: Vec<NaiveDate> = o
                    .during(a, b)
                    .iter()
                    .flat_map(|&(f, t)| f.iter_days().take_while(move |x| *x <= t))
                    .collect();
                let scan: Vec<NaiveDate> = a
                    .iter_days()
                    .take_while(|x| *x <= b)
                    .filter(|x| offs.iter().any(|o| o.from <= *x && *x <= o.to))
                    .collect();
                assert_eq!(days, scan, "{a}..{b}");
            }
        }
    }
}
