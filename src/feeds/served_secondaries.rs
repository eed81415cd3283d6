//! Shifts already served whose secondary on call this build shows otherwise. The
//! secondary is worked out for every shift of the published weeks, served ones too
//! (rule 6): time off entered late for the one who was second on call, or a new
//! `secondary.order`, rewrote who was second on call in the team feed and moved the
//! "Secondary on call" events of past weeks between personal feeds, and nothing warned:
//! served shifts were compared by their holder alone (`tests/cal60.rs`).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Revisions, Site};
use crate::schedule::Schedule;

use super::remember::Hosts;
use super::served::Shown;
use super::served_names::Names;

/// At most this many shifts are named in one warning; the rest are counted.
const NAMED: usize = 5;

/// What the holders' comparison knows: the previous team feed's events, engineer ids
/// by name (of the team, and of those who left), and the lines it warned at.
type Known<'s, 'a> = (
    &'s [Shown<'a>],
    (&'s Names<'a>, &'s HashMap<&'a str, &'a str>),
    &'s HashSet<(String, usize)>,
);

/// A served stretch whose secondary changed: (start, end, id before, id now).
type Moved<'a> = (DateTime<Utc>, DateTime<Utc>, &'a str, &'a str);

/// Warns, at the time off of the one second on call before over the shift (else
/// `secondary.order`, else `rotation.order`), of the served shifts and overrides whose
/// secondary on call differs from the one the previous personal feeds' "Secondary on
/// call" events named, at the middle of each such event's served part; only where the
/// one on call is who the previous team feed showed (`shown`): a shift given to
/// someone else warns of itself, and its secondary moves with it. Names are matched as
/// holders are (`by_name`, else `departed`: one who left is named as the previous feeds
/// named them, with the id; on main their served weeks as secondary, given to others,
/// said nothing): a rename warns of nothing. A line the holders' warning
/// named already (`warned`: a change of the rotation) is not warned of again: its hint
/// says to make the change once the served shifts leave the published weeks.
pub(super) fn warn_secondaries(
    site: &Site,
    schedule: &Schedule,
    (previous, hosts): (&Revisions, &Hosts),
    (shown, (by_name, departed), warned): Known,
    diags: &mut Diagnostics,
) {
    let time = |t: &Option<String>| {
        let t = NaiveDateTime::parse_from_str(t.as_deref()?, "%Y%m%dT%H%M%SZ").ok()?;
        Some(t.and_utc())
    };
    let segments = &schedule.segments;
    let mut moved: BTreeMap<DateTime<Utc>, Moved> = BTreeMap::new();
    for (uid, r) in hosts.published(previous) {
        let id = (super::uid::Uid::parse(uid).and_then(|u| u.shift_role()))
            .and_then(|(role, id)| (role == super::uid::Role::Secondary).then_some(id));
        let name = r
            .summary
            .as_deref()
            .and_then(|s| s.strip_prefix("Secondary on call: "));
        let (Some(name), Some(start), Some(end)) = (name, time(&r.start), time(&r.end)) else {
            continue;
        };
        let Some(id) = id.filter(|_| start < schedule.now) else {
            continue;
        };
        let middle = start + (end.min(schedule.now) - start) / 2;
        let i = segments.partition_point(|s| s.start <= middle);
        let Some(seg) = i
            .checked_sub(1)
            .map(|i| &segments[i])
            .filter(|s| s.contains(middle))
        else {
            continue;
        };
        let j = shown.partition_point(|&(s, ..)| s <= middle);
        let holder = j.checked_sub(1).map(|j| shown[j]).filter(|s| middle < s.1);
        let same_holder = holder.is_some_and(|s| by_name.holder(s.2, s.0) == Some(&seg.engineer));
        let before = by_name.secondary(name, id);
        let before = before.or_else(|| departed.get(name).copied());
        let (Some(before), Some(now)) = (before, seg.secondary.as_deref()) else {
            continue;
        };
        if same_holder && before != now {
            moved.insert(seg.start, (seg.start, seg.end, before, now));
        }
    }
    let mut by_line: BTreeMap<(String, usize), (Location, bool, Vec<Moved>)> = BTreeMap::new();
    for m in moved.into_values() {
        let (location, time_off) = cause(site, schedule, m);
        let key = (location.file.clone(), location.line);
        by_line
            .entry(key)
            .or_insert((location, time_off, Vec::new()))
            .2
            .push(m);
    }
    let left: HashMap<&str, &str> = departed.iter().map(|(&n, &id)| (id, n)).collect();
    for (key, (location, time_off, moved)) in by_line {
        if warned.contains(&key) {
            continue;
        }
        warn(site, schedule, location, (time_off, &left), &moved, diags);
    }
}

/// The line most likely changed for a served shift whose secondary moved from `before`:
/// a time off of theirs over it (true), else the secondary's rotation, else the
/// rotation's order (false).
fn cause(site: &Site, schedule: &Schedule, (start, end, before, _): Moved) -> (Location, bool) {
    let day = |t: DateTime<Utc>| t.with_timezone(&schedule.tz).date_naive();
    let (first, last) = (day(start), day(end - chrono::Duration::seconds(1)));
    let sources = &site.sources;
    let engineers = site.team.engineers.iter().enumerate();
    for (i, e) in engineers.filter(|(_, e)| e.id == before) {
        if let Some(j) = (e.time_off.iter()).position(|t| t.from <= last && first <= t.to) {
            let path = format!("engineers[{i}].time_off[{j}]");
            return match sources.team.spans.contains_key(&path) {
                true => (sources.team.locate(&path), true),
                false => (
                    sources
                        .oncall
                        .locate(&format!("calendars.time_off.{before}")),
                    true,
                ),
            };
        }
    }
    match site.oncall.secondary.is_some() {
        true => (sources.oncall.locate("secondary.order"), false),
        false => (sources.oncall.locate("rotation.order"), false),
    }
}

fn warn(
    site: &Site,
    schedule: &Schedule,
    location: Location,
    (time_off, left): (bool, &HashMap<&str, &str>),
    moved: &[Moved],
    diags: &mut Diagnostics,
) {
    let name = |id: &str| match left.get(id) {
        Some(name) => format!("{name} ({id})"),
        None => super::served_names::shown(site, id),
    };
    let local = |t: DateTime<Utc>| t.with_timezone(&schedule.tz).format("%a %-d %b %Y %H:%M");
    let named: Vec<String> = (moved.iter().take(NAMED))
        .map(|&(start, end, before, now)| {
            format!(
                "{} to {} ({} before, {} now)",
                local(start),
                local(end),
                name(before),
                name(now)
            )
        })
        .collect();
    let more = match moved.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let n = moved.len();
    let edit = match time_off {
        true => "leave the days already served out of the time off, or enter it",
        false => "make the change",
    };
    diags.warning(
        location,
        format!(
            "{n} shift{} already served now show{} someone else second on call than the site this build replaces: {}{more}; subscribers' calendars rewrite them",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" },
            named.join("; ")
        ),
        format!(
            "the secondary on call is worked out for every shift of the published weeks, served ones too (the next in order who is not away, or `secondary.order`), and no override sets it; to keep who was second on call, {edit} once those shifts leave the published weeks (`horizon.past_weeks`)"
        ),
    );
}
