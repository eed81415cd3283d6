//! Stage 3: who is on call when, as a pure function of the data and a clock.
//!
//! Every page, feed and JSON file reads the same [`Schedule`], so they can never disagree.
//!
//! The rules, in the order they apply (the README explains them to users):
//!
//! 1. **Rotation.** Slot `k` (counted from the rotation's `start`) belongs to
//!    `order[k % len]`. Handoffs happen at a local wall-clock time in the rotation's time
//!    zone, so a weekly shift over a daylight-saving change lasts 167 or 169 hours.
//! 2. **Holidays.** A holiday belongs to the slot on call at noon of its date. Holiday
//!    slots go by turns that move along the order each year (`turns`): the first engineer
//!    in the slot's turn order who is free takes it.
//! 3. **Time off.** When the rotation's engineer is away during any part of a slot that
//!    no override covers, the first free engineer in the slot's line takes it: the others
//!    after them in the order, those not on call the slot before or after first (`repair`).
//! 4. **A slot in return.** When the first of the slot's line took it, the rotation's
//!    engineer takes the one slot of the taker's that the rotation and the slot's own data
//!    name, if it is free to be taken, so both keep their number of shifts.
//! 5. **Overrides** cut into the result and win over everything above.
//! 6. **Backups.** On each holiday, and on each day a primary owner is away, the
//!    pipeline has a backup who is present (`backups`).
//!
//! A slot's holder is read from its own data and from the data of the few slots whose one
//! slot in return it is, never from another decision: time off or an override touching
//! `m` slots changes at most `2m` holders and a holiday at most 3, within 8 weeks
//! (`repair`), and a slot's holder does not
//! depend on the build's clock, so building a week later never rewrites a shift that has
//! already been served.

mod availability;
mod back_to_back;
mod backups;
pub use backups::MAX_BACKUP_DUTIES;
mod duties;
mod present;
mod repair;
mod segments;
mod settle;
#[cfg(test)]
mod tests;
mod time;
mod turns;
pub mod wording;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

pub use back_to_back::Twice;
pub use time::{handoff, is_skipped, local_datetime, local_instant};
pub use turns::{holiday_turn, holiday_year};

use duties::Duties;
pub use duties::Duty;

use crate::model::{OnCall, Pipelines, Team};

/// Why a slot changed hands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Exchanged with another slot because `away` is on time off during this one.
    TimeOffSwap {
        with_slot: i64,
        /// Start of the other slot, so the text does not depend on the horizon.
        with_start: DateTime<Utc>,
        away: String,
        reason: Option<String>,
    },
    /// A holiday slot taken by `turn`, whose holiday turn it is, exchanged with one of
    /// `turn`'s slots.
    HolidaySwap {
        with_slot: i64,
        with_start: DateTime<Utc>,
        turn: String,
        holidays: Vec<String>,
    },
    /// A holiday slot taken by `turn`, with no slot of theirs to give back (see `repair`).
    HolidayTurn { turn: String, holidays: Vec<String> },
    /// A free engineer covers the slot for `away`, with no slot of theirs to give back
    /// (see `repair`).
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
    /// Second on call: who is paged when the holder does not answer. `None` only when
    /// everyone else is away.
    pub secondary: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Indices into `OnCall::holidays` of the holidays that belong to this slot.
    pub holidays: Vec<usize>,
    pub change: Option<Change>,
    /// The holder sits next to a shift of their own by the rotation for lack of choice:
    /// they cover it and everyone else free then held a shift beside it, or they take it
    /// in return and every shift of the taker's near enough was also beside one of the two
    /// engineers'.
    pub cornered: bool,
}

impl Change {
    /// The same change seen from the other slot of a swap, which starts at `start`.
    pub(super) fn with_slot(&self, slot: i64, start: DateTime<Utc>) -> Change {
        let mut other = self.clone();
        match &mut other {
            Change::TimeOffSwap {
                with_slot,
                with_start,
                ..
            }
            | Change::HolidaySwap {
                with_slot,
                with_start,
                ..
            } => {
                *with_slot = slot;
                *with_start = start;
            }
            Change::HolidayTurn { .. } | Change::Cover { .. } => {}
        }
        other
    }

    /// The change in words, for pages and feeds. `name` turns an engineer id into a name;
    /// the other slot of a swap is named by its start date in `tz`.
    pub fn describe(&self, name: &dyn Fn(&str) -> String, tz: Tz) -> String {
        let with = |start: &DateTime<Utc>| {
            format!(
                " with the shift starting {}",
                start.with_timezone(&tz).format("%a %-d %b %Y")
            )
        };
        let because =
            |reason: &Option<String>| wording::reason_given(reason.as_deref().unwrap_or(""));
        match self {
            Change::TimeOffSwap {
                with_start,
                away,
                reason,
                ..
            } => format!(
                "Swapped{}: {} is away{}",
                with(with_start),
                name(away),
                because(reason)
            ),
            Change::HolidaySwap {
                with_start,
                turn,
                holidays,
                ..
            } => format!(
                "Swapped{} so that holiday duty rotates: {} takes this year's turn for {}",
                with(with_start),
                name(turn),
                wording::listed(holidays)
            ),
            Change::HolidayTurn { turn, holidays } => format!(
                "Holiday duty rotates: {} takes this year's turn for {}, with no shift of theirs free to swap",
                name(turn),
                wording::listed(holidays)
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
    /// Second on call during the segment, present all through it: the shift's (for an
    /// override by the shift's secondary, whoever it displaces) when free all through it,
    /// else the shift's rule applied to the segment (`segments`).
    pub secondary: Option<String>,
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
    /// Why this engineer: the secondary owner, else the other owner, else the secondary
    /// on call.
    pub role: BackupRole,
}

/// Who stands in as a pipeline's backup, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupRole {
    SecondaryOwner,
    /// The primary owner, on a holiday when the secondary owner is away.
    PrimaryOwner,
    /// Both owners are away: the secondary on call that day.
    SecondaryOnCall,
}

impl BackupRole {
    /// The role in words: `its secondary owner`.
    pub fn text(self) -> &'static str {
        match self {
            BackupRole::SecondaryOwner => "its secondary owner",
            BackupRole::PrimaryOwner => "its primary owner, as the secondary owner is away",
            BackupRole::SecondaryOnCall => "the secondary on call, as both owners are away",
        }
    }
}

/// A day on which a pipeline needs a backup and nobody who could be one is present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupConflict {
    pub pipeline: String,
    /// First and last day, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: BackupReason,
    /// The first [`AWAY_KEPT`] away on the first day (the primary owner first when it is
    /// their time off): (engineer id, index in `Team::engineers`, index in its `time_off`).
    pub away: Vec<(String, usize, usize)>,
    /// How many are away on the first day.
    pub away_count: usize,
}

impl Backup {
    /// The days of the duty in words: `Thu 26 Nov 2026`, or `Mon 7 Dec to Wed 9 Dec 2026`.
    /// Written as chrono writes them, without its formatter (see `render::dates`): the
    /// pages and every feed ask for them.
    pub fn days(&self) -> String {
        use crate::dates::push_date;
        let mut out = String::with_capacity(32);
        if self.from == self.to {
            push_date(&mut out, self.from, true, true);
        } else {
            push_date(&mut out, self.from, true, false);
            out.push_str(" to ");
            push_date(&mut out, self.to, true, true);
        }
        out
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
            BackupReason::PrimaryAway(why) => format!(
                "{} is away{}",
                name(&self.primary),
                wording::reason_given(why.as_deref().unwrap_or(""))
            ),
        }
    }
}

/// A shift that nobody can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub slot: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The first [`AWAY_KEPT`] of the rotation, by id, with the time off that keeps them
    /// away: (engineer id, index in `Team::engineers`, index in its `time_off`). None past
    /// the first [`MAX_SHIFT_CONFLICTS`] conflicts.
    pub away: Vec<(String, usize, usize)>,
    /// How many of the rotation are away (0 past the first [`MAX_SHIFT_CONFLICTS`]).
    pub away_count: usize,
}

/// The most people away a conflict keeps; the rest are counted. Each kept everyone: a
/// rotation of 9,990 engineers all away, in daily shifts over 20 years (890 kB of YAML),
/// held 3.5 GB in 7,281 conflicts and took 34 s.
pub const AWAY_KEPT: usize = 10;

/// The first [`AWAY_KEPT`] of `away`, their ids owned, and how many it holds.
fn kept_away<'a>(
    away: impl Iterator<Item = (&'a str, usize, usize)>,
) -> (Vec<(String, usize, usize)>, usize) {
    let mut kept = Vec::new();
    let mut count = 0;
    for (id, i, j) in away {
        count += 1;
        if kept.len() < AWAY_KEPT {
            kept.push((id.to_string(), i, j));
        }
    }
    (kept, count)
}

/// The most shifts nobody can take whose people away are worked out; the build fails on
/// the first, and the rest are counted.
pub const MAX_SHIFT_CONFLICTS: usize = 1_000;

/// The resolved schedule for the horizon around the build's clock.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Slots that overlap the horizon, in time order.
    pub shifts: Vec<Shift>,
    /// Who is on call when, overrides included, in time order.
    pub segments: Vec<Segment>,
    pub backups: Vec<Backup>,
    /// Who has which segments and backups, indexed once `segments` and `backups` are set.
    duties: Duties,
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
        (self.duty(engineer).primary.iter())
            .map(|&i| &self.segments[i])
            .filter(move |s| s.end > self.now)
    }

    /// Which segments and backups engineer `id` holds, in the schedule's order.
    pub fn duty(&self, id: &str) -> &Duty {
        self.duties.of(id)
    }

    /// A change in words, naming the other slot of a swap by its start date.
    pub fn describe(&self, change: &Change, name: &dyn Fn(&str) -> String) -> String {
        change.describe(name, self.tz)
    }

    /// Whether `id`'s personal calendar feed holds anything: the schedule has shifts (else
    /// no feed is written) and `id` holds one, is second on one, or has a backup duty.
    /// Pages link a feed exactly when this holds (the feeds of the others are written
    /// empty, so that apps still subscribed to them drop what they held).
    pub fn has_feed(&self, id: &str) -> bool {
        !self.segments.is_empty() && !self.duty(id).is_empty()
    }

    /// Pairs of consecutive shifts held by the same engineer (overrides aside), each with
    /// why it could not be otherwise.
    pub fn back_to_back(&self) -> Vec<(&Shift, &Shift, Twice)> {
        self.shifts
            .windows(2)
            .filter(|w| w[0].engineer == w[1].engineer && w[0].slot + 1 == w[1].slot)
            .map(|w| (&w[0], &w[1], Twice::of(&w[0], &w[1])))
            .collect()
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
    pub backup_conflicts: Vec<BackupConflict>,
    /// Whether the backup duties passed [`MAX_BACKUP_DUTIES`] (then none are
    /// kept: the build fails).
    pub too_many_backups: bool,
    /// Overrides (indices) that run forwards in local time but cover no instant: a start
    /// in a DST gap, read as after the gap, is not before the end.
    pub vanished_overrides: Vec<usize>,
}

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
        duties: Duties::default(),
        tz,
        now,
        from,
        to,
    };
    let mut conflicts = Vec::new();
    if let Some(rotation) = oncall.rotation.as_ref().filter(|r| !r.order.is_empty()) {
        let avail = availability::Availability::new(team, oncall, tz);
        let settled = settle::settle(rotation, oncall, &avail, from, to, &mut conflicts);
        let before = segments::shift_before(&settled, oncall, rotation, &avail);
        schedule.segments =
            segments::cut_overrides(&settled, before.as_ref(), oncall, rotation, &avail);
        schedule.shifts = settled;
    }
    // Backups for every day of the shifts shown, so that a shift's text never loses one
    // as the horizon moves.
    let (first, last) = match (schedule.shifts.first(), schedule.shifts.last()) {
        (Some(a), Some(b)) => (a.start, b.end),
        _ => (from, to),
    };
    let (backups, backup_conflicts, too_many_backups) =
        backups::backups(oncall, team, pipelines, tz, (first, last), &schedule.shifts);
    schedule.backups = backups;
    schedule.duties = Duties::index(&schedule.segments, &schedule.backups);
    let vanished_overrides = oncall
        .overrides
        .iter()
        .enumerate()
        .filter(|(_, o)| o.from < o.to && local_datetime(tz, o.from) >= local_datetime(tz, o.to))
        .map(|(i, _)| i)
        .collect();
    Resolved {
        schedule,
        conflicts,
        backup_conflicts,
        too_many_backups,
        vanished_overrides,
    }
}
