//! Stage 3: who is on call when, as a pure function of the data and a clock.
//!
//! Every page, feed and JSON file reads the same [`Schedule`], so they can never disagree.
//!
//! The rules, in the order they apply (the README explains them to users):
//!
//! 1. **Rotation.** Slot `k` (counted from the rotation's `start`) belongs to
//!    `order[k % len]`. Handoffs happen at a local wall-clock time in the rotation's time
//!    zone, so a weekly shift over a daylight-saving change lasts 167 or 169 hours.
//! 2. **Time off.** Slots are settled in time order from the first one. When the holder of
//!    a slot is away during any part of it that no override covers, the slot is swapped
//!    with the nearest later slot (at most two rounds of the rotation ahead) whose holder
//!    is free then, and whom the first holder can stand in for. Failing that, the free
//!    engineer with the fewest slots so far covers it. Failing that, nobody can: the
//!    build fails, naming the shift and the people.
//! 3. **Holidays.** A holiday belongs to the slot on call at noon of its date. Holiday
//!    slots rotate through the team: when someone else had their last holiday slot longer
//!    ago than the holder (or never had one), the slot is swapped with the nearest later
//!    slot without a holiday held by whoever had theirs longest ago. Handing holidays out
//!    in turn keeps every stretch of time fair (no one has more than one holiday slot more
//!    than anyone else), where a fixed weekly rotation would give the same person the same
//!    holiday every year. Slots already swapped for time off are not swapped again.
//! 4. **Overrides** cut into the result and win over everything above.
//! 5. **Backups.** On each holiday, and on each day a primary owner is away, the
//!    pipeline's secondary owner is its backup.
//!
//! Settling always starts from the rotation's first slot and only looks forward, so a
//! slot's holder does not depend on the build's clock: building a week later changes
//! nothing already published, and never rewrites a shift that has already been served.

use std::collections::HashMap;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::model::{OnCall, Pipelines, Rotation, Team};

/// Why a slot changed hands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Exchanged with another slot because `away` is on time off during this one.
    TimeOffSwap {
        with_slot: i64,
        away: String,
        reason: Option<String>,
    },
    /// Exchanged with another slot so that holiday duty rotates: `spared` had a holiday
    /// slot more recently than the new holder.
    HolidaySwap {
        with_slot: i64,
        spared: String,
        holidays: Vec<String>,
    },
    /// Nobody could swap, so a free engineer covers the slot for `away`.
    Cover {
        away: String,
        reason: Option<String>,
    },
}

/// One slot of the rotation after swaps (before overrides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// Number of the slot since the rotation's start (0 is the first). Stable across
    /// builds, so it identifies the shift in calendar feeds.
    pub slot: i64,
    /// Who holds the slot.
    pub engineer: String,
    /// Who the plain rotation gave it to.
    pub planned: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Indices into `OnCall::holidays` of the holidays that belong to this slot.
    pub holidays: Vec<usize>,
    pub change: Option<Change>,
}

impl Change {
    /// The change in words, for pages and feeds. `name` turns an engineer id into a name;
    /// `slot_start` gives the start of another slot, when known.
    pub fn describe(
        &self,
        name: &dyn Fn(&str) -> String,
        slot_start: &dyn Fn(i64) -> Option<String>,
    ) -> String {
        let with = |slot: i64| match slot_start(slot) {
            Some(start) => format!(" with the shift starting {start}"),
            None => String::new(),
        };
        let because = |reason: &Option<String>| match reason {
            Some(r) if !r.trim().is_empty() => format!(" ({})", r.trim()),
            _ => String::new(),
        };
        match self {
            Change::TimeOffSwap {
                with_slot,
                away,
                reason,
            } => format!(
                "Swapped{}: {} is away{}",
                with(*with_slot),
                name(away),
                because(reason)
            ),
            Change::HolidaySwap {
                with_slot,
                spared,
                holidays,
            } => format!(
                "Swapped{} so that holiday duty rotates ({}): {} had a holiday shift more recently",
                with(*with_slot),
                holidays.join(", "),
                name(spared)
            ),
            Change::Cover { away, reason } => {
                format!(
                    "Covering for {}, who is away{}",
                    name(away),
                    because(reason)
                )
            }
        }
    }
}

impl Shift {
    /// Whether `t` falls in this shift (start included, end excluded).
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }
}

/// A stretch of time with one engineer on call: a shift, or the part of it left between
/// overrides, or an override. Segments follow each other without gaps or overlaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub slot: i64,
    pub engineer: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Index into `OnCall::overrides` when this segment is an override.
    pub override_index: Option<usize>,
}

impl Segment {
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }
}

/// Why a secondary owner is the backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupReason {
    /// Index into `OnCall::holidays`.
    Holiday(usize),
    /// The primary owner is away; the time off's reason, if given.
    PrimaryAway(Option<String>),
}

/// A secondary owner backing up a pipeline on whole days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub pipeline: String,
    pub engineer: String,
    pub primary: String,
    /// First and last day, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: BackupReason,
}

impl Backup {
    /// The days of the duty in words: `Thu 26 Nov 2026`, or `Mon 7 Dec to Wed 9 Dec 2026`.
    pub fn days(&self) -> String {
        if self.from == self.to {
            self.from.format("%a %-d %b %Y").to_string()
        } else {
            format!(
                "{} to {}",
                self.from.format("%a %-d %b"),
                self.to.format("%a %-d %b %Y")
            )
        }
    }

    /// Why the backup is needed, in words: the holiday's name, or who is away and why.
    pub fn reason_text(
        &self,
        holidays: &[crate::model::Holiday],
        name: &dyn Fn(&str) -> String,
    ) -> String {
        match &self.reason {
            BackupReason::Holiday(i) => holidays
                .get(*i)
                .map_or_else(String::new, |h| h.name.clone()),
            BackupReason::PrimaryAway(why) => {
                match why.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
                    Some(w) => format!("{} is away ({w})", name(&self.primary)),
                    None => format!("{} is away", name(&self.primary)),
                }
            }
        }
    }
}

/// A shift that nobody can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub slot: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Everyone in the rotation, with the time off that keeps them away:
    /// (engineer id, index in `Team::engineers`, index in its `time_off`).
    pub away: Vec<(String, usize, usize)>,
}

/// The resolved schedule for the horizon around the build's clock.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Slots that overlap the horizon, in time order.
    pub shifts: Vec<Shift>,
    /// Who is on call when, overrides included, in time order.
    pub segments: Vec<Segment>,
    pub backups: Vec<Backup>,
    /// Time zone of the rotation, in which handoffs are shown.
    pub tz: Tz,
    /// The build's clock.
    pub now: DateTime<Utc>,
    /// The horizon: from `now` minus the past weeks to `now` plus the future weeks.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Schedule {
    /// The segment at the build's clock.
    pub fn current(&self) -> Option<&Segment> {
        self.at(self.now)
    }

    /// The segment at instant `t`, if within the schedule.
    pub fn at(&self, t: DateTime<Utc>) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.end <= t);
        self.segments.get(i).filter(|s| s.contains(t))
    }

    /// The first segment after the current one, with a different engineer.
    pub fn next_handoff(&self) -> Option<&Segment> {
        let current = self.current()?;
        self.segments
            .iter()
            .find(|s| s.start >= current.end && s.engineer != current.engineer)
    }

    /// Segments of `engineer` that have not ended by the build's clock.
    pub fn upcoming_for<'a>(&'a self, engineer: &'a str) -> impl Iterator<Item = &'a Segment> + 'a {
        self.segments
            .iter()
            .filter(move |s| s.engineer == engineer && s.end > self.now)
    }

    /// A change in words, naming the other slot of a swap by its start date.
    pub fn describe(&self, change: &Change, name: &dyn Fn(&str) -> String) -> String {
        change.describe(name, &|slot| {
            self.shift(slot).map(|s| {
                s.start
                    .with_timezone(&self.tz)
                    .format("%a %-d %b")
                    .to_string()
            })
        })
    }

    /// The shift of a slot, if it overlaps the horizon.
    pub fn shift(&self, slot: i64) -> Option<&Shift> {
        let i = self.shifts.partition_point(|s| s.slot < slot);
        self.shifts.get(i).filter(|s| s.slot == slot)
    }
}

/// The schedule, and the shifts nobody can take (which fail the build).
pub struct Resolved {
    pub schedule: Schedule,
    pub conflicts: Vec<Conflict>,
}

/// How far ahead a swap partner is looked for, in rounds of the rotation.
const SWAP_ROUNDS: usize = 2;

/// Resolves the on-call data into a schedule around `now`.
pub fn resolve(
    oncall: &OnCall,
    team: &Team,
    pipelines: &Pipelines,
    now: DateTime<Utc>,
) -> Resolved {
    let from = now - Duration::weeks(i64::from(oncall.horizon.past_weeks));
    let to = now + Duration::weeks(i64::from(oncall.horizon.future_weeks));
    let tz = oncall.rotation.as_ref().map_or(Tz::UTC, |r| r.timezone);
    let mut schedule = Schedule {
        shifts: Vec::new(),
        segments: Vec::new(),
        backups: Vec::new(),
        tz,
        now,
        from,
        to,
    };
    let mut conflicts = Vec::new();
    if let Some(rotation) = oncall.rotation.as_ref().filter(|r| !r.order.is_empty()) {
        let settled = settle(rotation, oncall, team, from, to, &mut conflicts);
        schedule.segments = cut_overrides(&settled, oncall, tz);
        schedule.shifts = settled;
    }
    schedule.backups = backups(oncall, team, pipelines, tz, from, to);
    Resolved {
        schedule,
        conflicts,
    }
}

/// The instant at which slot `slot` begins.
pub fn handoff(rotation: &Rotation, slot: i64) -> DateTime<Utc> {
    let date = rotation.start + Duration::days(slot * i64::from(rotation.shift.0));
    local_instant(rotation.timezone, date, rotation.handoff.time)
}

/// The instant of a local date and time. A time that does not exist (skipped by a DST
/// change) moves forward past the gap; a time that occurs twice takes the first.
pub fn local_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    local_datetime(tz, date.and_time(time))
}

/// [`local_instant`] for a date-time.
pub fn local_datetime(tz: Tz, at: NaiveDateTime) -> DateTime<Utc> {
    let mut local = at;
    for _ in 0..8 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => local += Duration::minutes(30),
        }
    }
    // No zone has a gap of four hours; read the time as UTC rather than fail.
    Utc.from_utc_datetime(&at)
}

/// Half-open UTC interval.
type Span = (DateTime<Utc>, DateTime<Utc>);

fn overlaps(a: Span, b: Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Everyone's time off as UTC intervals in the rotation's zone: (interval, reason,
/// index in `team.engineers`, index in `time_off`).
type Away<'a> = HashMap<&'a str, Vec<(Span, Option<&'a str>, usize, usize)>>;

fn time_off(team: &Team, tz: Tz) -> Away<'_> {
    let mut away: Away = HashMap::new();
    for (i, e) in team.engineers.iter().enumerate() {
        for (j, off) in e.time_off.iter().enumerate() {
            let start = local_instant(tz, off.from, NaiveTime::MIN);
            let end = local_instant(tz, off.to + Duration::days(1), NaiveTime::MIN);
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

/// Settles who holds each slot, from the first slot to past the horizon.
fn settle(
    rotation: &Rotation,
    oncall: &OnCall,
    team: &Team,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    conflicts: &mut Vec<Conflict>,
) -> Vec<Shift> {
    let tz = rotation.timezone;
    let away = time_off(team, tz);
    let overrides: Vec<Span> = oncall
        .overrides
        .iter()
        .map(|o| (local_datetime(tz, o.from), local_datetime(tz, o.to)))
        .collect();
    let n = rotation.order.len();
    let window = (SWAP_ROUNDS * n).max(4) as i64;

    // Slot boundaries up to the horizon's end, plus the look-ahead of a swap.
    let mut bounds = vec![handoff(rotation, 0)];
    let mut last_in_horizon = -1i64;
    loop {
        let k = bounds.len() as i64 - 1;
        if bounds[k as usize] < to {
            last_in_horizon = k;
        } else if k > last_in_horizon + window {
            break;
        }
        bounds.push(handoff(rotation, k + 1));
        if bounds.len() > 1_000_000 {
            break; // a daily rotation started millennia ago: stop rather than hang
        }
    }
    let slots = bounds.len() - 1;
    let span = |k: usize| (bounds[k], bounds[k + 1]);

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

    // Away during `s`, in any part that no override covers: the time off, if so.
    let away_during = |who: &str, s: Span| -> Option<(Option<&str>, usize, usize)> {
        away.get(who)?.iter().find_map(|&(off, reason, i, j)| {
            let part = (off.0.max(s.0), off.1.min(s.1));
            (part.0 < part.1 && !covered(part, &overrides)).then_some((reason, i, j))
        })
    };

    let mut holder: Vec<&str> = (0..slots).map(|k| rotation.order[k % n].as_str()).collect();
    let mut change: Vec<Option<Change>> = vec![None; slots];
    let mut count: HashMap<&str, usize> = HashMap::new();
    // Everyone in the rotation, in order of first appearance (ties go to the earlier).
    let mut people: Vec<&str> = Vec::new();
    for e in &rotation.order {
        if !people.contains(&e.as_str()) {
            people.push(e);
        }
    }
    let mut last_holiday: HashMap<&str, Option<usize>> =
        people.iter().map(|e| (*e, None)).collect();

    for k in 0..slots {
        // Time off.
        let x = holder[k];
        if let Some((reason, _, _)) = away_during(x, span(k)) {
            let partner = (k + 1..slots.min(k + 1 + window as usize)).find(|&t| {
                change[t].is_none()
                    && holder[t] != x
                    && away_during(holder[t], span(k)).is_none()
                    && away_during(x, span(t)).is_none()
            });
            match partner {
                Some(t) => {
                    holder.swap(k, t);
                    let c = |with: usize| Change::TimeOffSwap {
                        with_slot: with as i64,
                        away: x.to_string(),
                        reason: reason.map(str::to_string),
                    };
                    change[k] = Some(c(t));
                    change[t] = Some(c(k));
                }
                None => {
                    let mut free: Vec<&str> = rotation
                        .order
                        .iter()
                        .map(String::as_str)
                        .filter(|e| away_during(e, span(k)).is_none())
                        .collect();
                    free.dedup();
                    // Fewest slots so far; ties go to the earlier in the order.
                    match free
                        .iter()
                        .min_by_key(|e| count.get(**e).copied().unwrap_or(0))
                    {
                        Some(&z) => {
                            holder[k] = z;
                            change[k] = Some(Change::Cover {
                                away: x.to_string(),
                                reason: reason.map(str::to_string),
                            });
                        }
                        None => {
                            if overlaps(span(k), (from, to)) {
                                let mut people: Vec<&str> =
                                    rotation.order.iter().map(String::as_str).collect();
                                people.sort_unstable();
                                people.dedup();
                                conflicts.push(Conflict {
                                    slot: k as i64,
                                    start: span(k).0,
                                    end: span(k).1,
                                    away: people
                                        .into_iter()
                                        .filter_map(|p| {
                                            away_during(p, span(k))
                                                .map(|(_, i, j)| (p.to_string(), i, j))
                                        })
                                        .collect(),
                                });
                            }
                        }
                    }
                }
            }
        }

        // Holidays rotate: the slot goes to whoever had a holiday slot least recently.
        if !holidays[k].is_empty() {
            let x = holder[k];
            let since = |e: &str| last_holiday.get(e).copied().flatten();
            // Everyone whose last holiday slot is older than x's, oldest first.
            let mut due: Vec<&str> = people
                .iter()
                .copied()
                .filter(|e| *e != x && since(e) < since(x))
                .collect();
            due.sort_by_key(|e| since(e));
            if change[k].is_none() && !due.is_empty() {
                let fits = |want: &str| -> Vec<usize> {
                    (k + 1..slots.min(k + 1 + window as usize))
                        .filter(|&t| {
                            change[t].is_none()
                                && holidays[t].is_empty()
                                && holder[t] == want
                                && away_during(want, span(k)).is_none()
                                && away_during(x, span(t)).is_none()
                        })
                        .collect()
                };
                // Whether the swap would put someone on call two shifts in a row.
                let back_to_back = |t: usize, want: &str| {
                    let next_to = |slot: usize, who: &str| {
                        (slot > 0 && slot - 1 != t && holder[slot - 1] == who)
                            || (slot + 1 < slots && slot + 1 != k && holder[slot + 1] == who)
                    };
                    next_to(k, want) || next_to(t, x)
                };
                // Whoever is due longest (strict turns keep holiday duty fair); among
                // equally due people and their slots, a swap without back-to-back shifts.
                let mut partner = None;
                let mut i = 0;
                while i < due.len() && partner.is_none() {
                    let group: Vec<&str> = due[i..]
                        .iter()
                        .copied()
                        .take_while(|w| since(w) == since(due[i]))
                        .collect();
                    i += group.len();
                    let candidates: Vec<(usize, &str)> = group
                        .iter()
                        .flat_map(|w| fits(w).into_iter().map(move |t| (t, *w)))
                        .collect();
                    partner = candidates
                        .iter()
                        .find(|(t, w)| !back_to_back(*t, w))
                        .or(candidates.first())
                        .map(|(t, _)| *t);
                }
                if let Some(t) = partner {
                    holder.swap(k, t);
                    let names: Vec<String> = holidays[k]
                        .iter()
                        .map(|&i| oncall.holidays[i].name.clone())
                        .collect();
                    let c = |with: usize| Change::HolidaySwap {
                        with_slot: with as i64,
                        spared: x.to_string(),
                        holidays: names.clone(),
                    };
                    change[k] = Some(c(t));
                    change[t] = Some(c(k));
                }
            }
            last_holiday.insert(holder[k], Some(k));
        }
        *count.entry(holder[k]).or_default() += 1;
    }

    (0..slots)
        .filter(|&k| overlaps(span(k), (from, to)))
        .map(|k| Shift {
            slot: k as i64,
            engineer: holder[k].to_string(),
            planned: rotation.order[k % n].clone(),
            start: span(k).0,
            end: span(k).1,
            holidays: std::mem::take(&mut holidays[k]),
            change: change[k].take(),
        })
        .collect()
}

/// Whether `part` is entirely covered by the union of `overrides`.
fn covered(part: Span, overrides: &[Span]) -> bool {
    let mut at = part.0;
    loop {
        if at >= part.1 {
            return true;
        }
        match overrides
            .iter()
            .filter(|o| o.0 <= at && at < o.1)
            .map(|o| o.1)
            .max()
        {
            Some(end) => at = end,
            None => return false,
        }
    }
}

/// The timeline: each shift, with the overrides cut into it.
fn cut_overrides(shifts: &[Shift], oncall: &OnCall, tz: Tz) -> Vec<Segment> {
    let overrides: Vec<(Span, usize)> = oncall
        .overrides
        .iter()
        .enumerate()
        .map(|(i, o)| ((local_datetime(tz, o.from), local_datetime(tz, o.to)), i))
        .filter(|((a, b), _)| a < b)
        .collect();
    let mut segments: Vec<Segment> = Vec::new();
    for shift in shifts {
        let mut cuts = vec![shift.start, shift.end];
        for ((a, b), _) in &overrides {
            for t in [*a, *b] {
                if shift.start < t && t < shift.end {
                    cuts.push(t);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            // The override listed last wins where two overlap (validation rejects that).
            let ov = overrides
                .iter()
                .rev()
                .find(|((a, b), _)| *a <= w[0] && w[0] < *b)
                .map(|(_, i)| *i);
            let engineer = ov.map_or(shift.engineer.as_str(), |i| {
                oncall.overrides[i].engineer.as_str()
            });
            match segments.last_mut() {
                // An override running across a handoff stays one segment.
                Some(last) if last.end == w[0] && ov.is_some() && last.override_index == ov => {
                    last.end = w[1];
                }
                _ => segments.push(Segment {
                    slot: shift.slot,
                    engineer: engineer.to_string(),
                    start: w[0],
                    end: w[1],
                    override_index: ov,
                }),
            }
        }
    }
    segments
}

/// Secondary owners as backups on holidays and while primary owners are away.
fn backups(
    oncall: &OnCall,
    team: &Team,
    pipelines: &Pipelines,
    tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Backup> {
    let first = from.with_timezone(&tz).date_naive();
    let last = to.with_timezone(&tz).date_naive();
    let mut out = Vec::new();
    for (i, h) in oncall.holidays.iter().enumerate() {
        if h.date < first || h.date > last {
            continue;
        }
        for p in &pipelines.pipelines {
            out.push(Backup {
                pipeline: p.id.clone(),
                engineer: p.secondary.clone(),
                primary: p.primary.clone(),
                from: h.date,
                to: h.date,
                reason: BackupReason::Holiday(i),
            });
        }
    }
    for e in &team.engineers {
        for off in &e.time_off {
            let (a, b) = (off.from.max(first), off.to.min(last));
            if a > b {
                continue;
            }
            for p in pipelines.pipelines.iter().filter(|p| p.primary == e.id) {
                out.push(Backup {
                    pipeline: p.id.clone(),
                    engineer: p.secondary.clone(),
                    primary: p.primary.clone(),
                    from: a,
                    to: b,
                    reason: BackupReason::PrimaryAway(off.reason.clone()),
                });
            }
        }
    }
    out.sort_by(|a, b| (a.from, &a.pipeline).cmp(&(b.from, &b.pipeline)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Engineer, Handoff, Holiday, Horizon, Override, Pipeline, ShiftLength, TimeOff,
    };
    use chrono::Datelike;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn oncall(tz: Tz, start: &str, days: u32, order: &[&str]) -> OnCall {
        let start = date(start);
        OnCall {
            rotation: Some(Rotation {
                order: order.iter().map(|s| s.to_string()).collect(),
                start,
                handoff: Handoff {
                    weekday: start.weekday(),
                    time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                },
                timezone: tz,
                shift: ShiftLength(days),
            }),
            ..OnCall::default()
        }
    }

    fn team(ids: &[&str]) -> Team {
        Team {
            engineers: ids
                .iter()
                .map(|id| Engineer {
                    id: id.to_string(),
                    name: id.to_uppercase(),
                    contact: Default::default(),
                    github: None,
                    time_off: Vec::new(),
                })
                .collect(),
        }
    }

    fn away(team: &mut Team, id: &str, from: &str, to: &str) {
        let e = team.engineers.iter_mut().find(|e| e.id == id).unwrap();
        e.time_off.push(TimeOff {
            from: date(from),
            to: date(to),
            reason: Some("Vacation".into()),
        });
    }

    fn run(oncall: &OnCall, team: &Team, now: &str) -> Resolved {
        resolve(oncall, team, &Pipelines::default(), utc(now))
    }

    #[test]
    fn weekly_rotation_follows_the_order() {
        let oc = oncall(
            chrono_tz::America::New_York,
            "2026-01-05",
            7,
            &["a", "b", "c"],
        );
        let r = run(&oc, &team(&["a", "b", "c"]), "2026-01-20T12:00:00Z");
        let cur = r.schedule.current().unwrap();
        assert_eq!(cur.engineer, "c"); // Jan 5 a, Jan 12 b, Jan 19 c
        assert_eq!(cur.slot, 2);
        assert_eq!(cur.start, utc("2026-01-19T14:00:00Z"));
        assert_eq!(
            r.schedule.shifts[0].slot, 0,
            "no shifts before the rotation starts"
        );
        assert_eq!(r.schedule.next_handoff().unwrap().engineer, "a");
    }

    #[test]
    fn horizon_is_configurable_and_covered_without_gaps() {
        let mut oc = oncall(chrono_tz::Europe::Berlin, "2025-06-02", 7, &["a", "b"]);
        oc.horizon = Horizon {
            past_weeks: 2,
            future_weeks: 10,
        };
        let now = utc("2026-05-01T00:00:00Z");
        let s = run(&oc, &team(&["a", "b"]), "2026-05-01T00:00:00Z").schedule;
        assert!(s.segments.first().unwrap().start <= now - Duration::weeks(2));
        assert!(s.segments.last().unwrap().end >= now + Duration::weeks(10));
        assert!(s.segments.last().unwrap().start < now + Duration::weeks(10));
        for pair in s.segments.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
    }

    #[test]
    fn handoff_keeps_local_time_across_dst_in_new_york() {
        let oc = oncall(chrono_tz::America::New_York, "2026-01-05", 7, &["a", "b"]);
        let s = run(&oc, &team(&["a", "b"]), "2026-03-01T00:00:00Z").schedule;
        // 2026-03-08: clocks spring forward; the shift from Mar 2 lasts 167 hours.
        let spring = s
            .shifts
            .iter()
            .find(|x| x.start == utc("2026-03-02T14:00:00Z"))
            .unwrap();
        assert_eq!(spring.end, utc("2026-03-09T13:00:00Z"));
        assert_eq!((spring.end - spring.start).num_hours(), 167);
        // 2026-11-01: clocks fall back; the shift from Oct 26 lasts 169 hours.
        let fall = s
            .shifts
            .iter()
            .find(|x| x.start == utc("2026-10-26T13:00:00Z"))
            .unwrap();
        assert_eq!((fall.end - fall.start).num_hours(), 169);
        assert_eq!(fall.end, utc("2026-11-02T14:00:00Z"));
    }

    #[test]
    fn handoff_keeps_local_time_across_dst_in_berlin() {
        let oc = oncall(chrono_tz::Europe::Berlin, "2026-01-05", 7, &["a", "b"]);
        let s = run(&oc, &team(&["a", "b"]), "2026-03-01T00:00:00Z").schedule;
        // 2026-03-29 spring forward, 2026-10-25 fall back.
        let spring = s
            .shifts
            .iter()
            .find(|x| x.start == utc("2026-03-23T08:00:00Z"))
            .unwrap();
        assert_eq!((spring.end - spring.start).num_hours(), 167);
        let fall = s
            .shifts
            .iter()
            .find(|x| x.start == utc("2026-10-19T07:00:00Z"))
            .unwrap();
        assert_eq!((fall.end - fall.start).num_hours(), 169);
    }

    #[test]
    fn nonexistent_local_time_moves_past_the_gap() {
        let t = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        let instant = local_instant(chrono_tz::America::New_York, date("2026-03-08"), t);
        assert_eq!(instant, utc("2026-03-08T07:00:00Z")); // 03:00 EDT
    }

    #[test]
    fn daily_shifts() {
        let oc = oncall(chrono_tz::UTC, "2026-01-01", 1, &["a", "b", "c"]);
        let s = run(&oc, &team(&["a", "b", "c"]), "2026-01-10T10:00:00Z").schedule;
        assert_eq!(s.current().unwrap().engineer, "a"); // day 9 -> 9 % 3 == 0
        assert_eq!((s.shifts[0].end - s.shifts[0].start).num_hours(), 24);
        let next_b = s.upcoming_for("b").next().unwrap();
        assert_eq!(next_b.start, utc("2026-01-11T09:00:00Z"));
    }

    #[test]
    fn time_off_swaps_with_the_next_free_slot() {
        let oc = oncall(chrono_tz::UTC, "2026-01-05", 7, &["a", "b", "c"]);
        let mut t = team(&["a", "b", "c"]);
        away(&mut t, "a", "2026-01-06", "2026-01-08"); // inside slot 0 (a)
        let r = run(&oc, &t, "2026-01-01T00:00:00Z");
        assert!(r.conflicts.is_empty());
        let s = &r.schedule.shifts;
        assert_eq!((s[0].engineer.as_str(), s[1].engineer.as_str()), ("b", "a"));
        let expected = Change::TimeOffSwap {
            with_slot: 1,
            away: "a".into(),
            reason: Some("Vacation".into()),
        };
        assert_eq!(s[0].change.as_ref(), Some(&expected));
        assert!(matches!(
            s[1].change,
            Some(Change::TimeOffSwap { with_slot: 0, .. })
        ));
        assert_eq!(s[2].engineer, "c");
        assert!(s[2].change.is_none());
    }

    #[test]
    fn time_off_that_blocks_every_swap_is_covered_then_fails() {
        let oc = oncall(chrono_tz::UTC, "2026-01-05", 7, &["a", "b"]);
        let mut t = team(&["a", "b"]);
        // a is away for six weeks: no later slot of b can be exchanged for one of a's.
        away(&mut t, "a", "2026-01-05", "2026-02-15");
        let r = run(&oc, &t, "2026-01-01T00:00:00Z");
        assert!(r.conflicts.is_empty());
        for s in r.schedule.shifts.iter().take(6) {
            assert_eq!(s.engineer, "b", "slot {}", s.slot);
        }
        // Now b is away too during slot 2: nobody can take it.
        away(&mut t, "b", "2026-01-20", "2026-01-20");
        let r = run(&oc, &t, "2026-01-01T00:00:00Z");
        assert_eq!(r.conflicts.len(), 1);
        let c = &r.conflicts[0];
        assert_eq!(c.slot, 2);
        let names: Vec<&str> = c.away.iter().map(|(id, _, _)| id.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn override_removes_the_need_to_swap_and_wins() {
        let mut oc = oncall(chrono_tz::UTC, "2026-01-05", 7, &["a", "b", "c"]);
        let mut t = team(&["a", "b", "c"]);
        away(&mut t, "a", "2026-01-07", "2026-01-07");
        oc.overrides.push(Override {
            from: date("2026-01-07").and_hms_opt(0, 0, 0).unwrap(),
            to: date("2026-01-08").and_hms_opt(0, 0, 0).unwrap(),
            engineer: "c".into(),
            reason: "a at a wedding".into(),
        });
        let s = run(&oc, &t, "2026-01-01T00:00:00Z").schedule;
        assert_eq!(
            s.shifts[0].engineer, "a",
            "no swap: the override covers the day off"
        );
        let segs: Vec<(&str, Option<usize>)> = s
            .segments
            .iter()
            .take(4)
            .map(|x| (x.engineer.as_str(), x.override_index))
            .collect();
        assert_eq!(
            segs,
            [("a", None), ("c", Some(0)), ("a", None), ("b", None)]
        );
        assert_eq!(s.at(utc("2026-01-07T12:00:00Z")).unwrap().engineer, "c");
    }

    #[test]
    fn holidays_rotate_instead_of_repeating() {
        // Four engineers, weekly: a holiday every 4 weeks on the same weekday would
        // always land on the same person.
        let mut oc = oncall(chrono_tz::UTC, "2026-01-05", 7, &["a", "b", "c", "d"]);
        for w in 0..12 {
            oc.holidays.push(Holiday {
                date: date("2026-01-07") + Duration::weeks(w * 4),
                name: format!("H{w}"),
            });
        }
        let s = run(&oc, &team(&["a", "b", "c", "d"]), "2026-01-01T00:00:00Z").schedule;
        let mut count: HashMap<&str, usize> = HashMap::new();
        for sh in s.shifts.iter().filter(|s| !s.holidays.is_empty()) {
            *count.entry(sh.engineer.as_str()).or_default() += 1;
        }
        assert_eq!(count.len(), 4, "{count:?}");
        assert!(count.values().all(|&c| c == 3), "{count:?}");
    }

    #[test]
    fn backups_on_holidays_and_primary_time_off() {
        let mut oc = oncall(chrono_tz::UTC, "2026-01-05", 7, &["a", "b"]);
        oc.holidays.push(Holiday {
            date: date("2026-01-19"),
            name: "MLK".into(),
        });
        let mut t = team(&["a", "b"]);
        away(&mut t, "a", "2026-02-02", "2026-02-04");
        let pipelines = Pipelines {
            domains: Vec::new(),
            pipelines: vec![Pipeline {
                id: "p".into(),
                name: "P".into(),
                description: None,
                domain: "d".into(),
                audience: "x".into(),
                primary: "a".into(),
                secondary: "b".into(),
                runbook: None,
            }],
        };
        let s = resolve(&oc, &t, &pipelines, utc("2026-01-01T00:00:00Z")).schedule;
        assert_eq!(s.backups.len(), 2);
        assert_eq!(s.backups[0].reason, BackupReason::Holiday(0));
        assert_eq!(
            (s.backups[1].from, s.backups[1].to),
            (date("2026-02-02"), date("2026-02-04"))
        );
        assert!(s
            .backups
            .iter()
            .all(|b| b.engineer == "b" && b.pipeline == "p"));
    }

    #[test]
    fn a_later_build_keeps_published_assignments() {
        let mut oc = oncall(
            chrono_tz::America::New_York,
            "2026-01-05",
            7,
            &["a", "b", "c"],
        );
        oc.holidays.push(Holiday {
            date: date("2026-05-25"),
            name: "Memorial Day".into(),
        });
        let mut t = team(&["a", "b", "c"]);
        away(&mut t, "b", "2026-03-10", "2026-03-12");
        let early = run(&oc, &t, "2026-02-01T00:00:00Z").schedule;
        let late = run(&oc, &t, "2026-02-22T00:00:00Z").schedule;
        for s in &late.shifts {
            if let Some(e) = early.shift(s.slot) {
                assert_eq!(e, s, "slot {} changed between builds", s.slot);
            }
        }
    }

    #[test]
    fn no_rotation_no_shifts() {
        let s = run(&OnCall::default(), &team(&[]), "2026-01-10T10:00:00Z").schedule;
        assert!(s.shifts.is_empty() && s.segments.is_empty());
        assert!(s.current().is_none());
    }
}
