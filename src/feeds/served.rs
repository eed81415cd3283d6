//! Shifts already served that this build gives to someone else than the site it replaces
//! did: a warning for the person editing, since every subscriber's calendar rewrites
//! them. The schedule's rules stay as they are (rule 1, shift *k* to `order[k % length]`,
//! is a contract, and time off moves its own shift whenever it is entered); only the
//! previous site's feeds know what was published, so only a build that replaces one can
//! tell.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Revisions, Site};
use crate::schedule::Schedule;

/// At most this many shifts are named in one warning; the rest are counted.
const NAMED: usize = 5;

/// A served shift and its holders: (start, end, previous holder's id, holder's id).
type Moved<'a> = (DateTime<Utc>, DateTime<Utc>, &'a str, &'a str);

/// Warns, once per cause found (a time off entry, else `rotation.order`), of the whole
/// shifts ended before the build's clock whose holder differs from the one the previous
/// site's team feed named. A shift is matched with the previous shift event (`shift-48@…`,
/// whatever the host: a deploy preview's build reads the production site's feeds) that
/// held its middle, by time and not by slot: a rotation whose `start` moved numbers every
/// week anew, and by slot each week was compared with another week (a start a week later
/// moved all four served weeks of the example, and none was named). Holders are matched
/// by name: an event naming someone no longer on the team under that name (a rename) is
/// left alone.
pub fn warn_rewritten(
    site: &Site,
    schedule: &Schedule,
    previous: &Revisions,
    diags: &mut Diagnostics,
) {
    let shown = shown_shifts(previous);
    if shown.is_empty() {
        return;
    }
    let by_name: HashMap<&str, &str> = (site.team.engineers.iter())
        .map(|e| (e.name.as_str(), e.id.as_str()))
        .collect();
    let engineers: HashMap<&str, usize> = (site.team.engineers.iter().enumerate())
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut causes: BTreeMap<(String, usize), (Location, bool, Vec<Moved>)> = BTreeMap::new();
    for seg in &schedule.segments {
        let whole = schedule
            .shift(seg.slot)
            .is_some_and(|s| s.start == seg.start && s.end == seg.end);
        if seg.override_index.is_some() || !whole || seg.end > schedule.now {
            continue;
        }
        let middle = seg.start + (seg.end - seg.start) / 2;
        let i = shown.partition_point(|&(start, _, _)| start <= middle);
        let held = i.checked_sub(1).map(|i| shown[i]);
        let Some(before) = held
            .filter(|&(_, end, _)| middle < end)
            .and_then(|(_, _, name)| by_name.get(name))
        else {
            continue;
        };
        if *before == seg.engineer {
            continue;
        }
        let (location, time_off) = cause(site, schedule, &engineers, before, (seg.start, seg.end));
        let key = (location.file.clone(), location.line);
        let entry = causes
            .entry(key)
            .or_insert((location, time_off, Vec::new()));
        entry.2.push((seg.start, seg.end, before, &seg.engineer));
    }
    for (_, (location, time_off, moved)) in causes {
        warn(site, schedule, location, time_off, &moved, diags);
    }
}

/// The previous team feed's shift events (`shift-<slot>@host`; not a personal feed's,
/// nor the piece of a shift an override cut) with their times and holder's name, by start.
fn shown_shifts(previous: &Revisions) -> Vec<(DateTime<Utc>, DateTime<Utc>, &str)> {
    let time = |t: &Option<String>| {
        let t = chrono::NaiveDateTime::parse_from_str(t.as_deref()?, "%Y%m%dT%H%M%SZ").ok()?;
        Some(t.and_utc())
    };
    let mut shown: Vec<_> = previous
        .iter()
        .filter_map(|(uid, r)| {
            let slot = uid.strip_prefix("shift-")?.split_once('@')?.0;
            slot.parse::<i64>().ok()?;
            let name = r.summary.as_deref()?.strip_prefix("On call: ")?;
            Some((time(&r.start)?, time(&r.end)?, name))
        })
        .collect();
    shown.sort_unstable();
    shown
}

/// Where the change that moved a served shift from `before` most likely is: a time off
/// of `before`'s over the shift (in team.yaml, or the calendar naming it in oncall.yaml),
/// else `rotation.order`; and whether it is a time off.
fn cause(
    site: &Site,
    schedule: &Schedule,
    engineers: &HashMap<&str, usize>,
    before: &str,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
) -> (Location, bool) {
    let first = start.with_timezone(&schedule.tz).date_naive();
    let last = (end - chrono::Duration::seconds(1))
        .with_timezone(&schedule.tz)
        .date_naive();
    let sources = &site.sources;
    let found = engineers.get(before).and_then(|&i| {
        let e = &site.team.engineers[i];
        let j = e
            .time_off
            .iter()
            .position(|t| t.from <= last && first <= t.to)?;
        let path = format!("engineers[{i}].time_off[{j}]");
        Some(if sources.team.spans.contains_key(&path) {
            sources.team.locate(&path)
        } else {
            sources
                .oncall
                .locate(&format!("calendars.time_off.{before}"))
        })
    });
    match found {
        Some(location) => (location, true),
        None => (sources.oncall.locate("rotation.order"), false),
    }
}

fn warn(
    site: &Site,
    schedule: &Schedule,
    location: Location,
    time_off: bool,
    moved: &[Moved],
    diags: &mut Diagnostics,
) {
    let local = |t: DateTime<Utc>| {
        t.with_timezone(&schedule.tz)
            .format("%a %-d %b %Y %H:%M")
            .to_string()
    };
    let named: Vec<String> = moved
        .iter()
        .take(NAMED)
        .map(|&(start, end, before, now)| {
            format!(
                "{} to {} ({} before, {} now)",
                local(start),
                local(end),
                site.engineer_name(before),
                site.engineer_name(now)
            )
        })
        .collect();
    let more = match moved.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (start, end, before, _) = moved[0];
    let fmt = |t: DateTime<Utc>| t.with_timezone(&schedule.tz).format("%Y-%m-%d %H:%M");
    let pin = format!(
        "`- {{ from: \"{}\", to: \"{}\", engineer: {before}, reason: served }}`",
        fmt(start),
        fmt(end)
    );
    let hint = if time_off {
        "time off moves its own shift to someone else, even one already served; if the shift was served as published, record who covered the days away with an override for those days (overrides win over time off), or leave the days out".to_string()
    } else {
        format!(
            "shift k belongs to order[k % length] (rule 1), counted from `rotation.start` in shifts of its length, so a change to the rotation (its order, start, handoff or shift length; or to holidays or time off) moves shifts already served; to keep what was served, add an override for each, such as {pin} under `overrides:` in oncall.yaml"
        )
    };
    diags.warning(
        location,
        format!(
            "{} shift{} already served now show{} someone else on call than the site this build replaces: {}{more}; subscribers' calendars rewrite them",
            moved.len(),
            if moved.len() == 1 { "" } else { "s" },
            if moved.len() == 1 { "s" } else { "" },
            named.join("; ")
        ),
        hint,
    );
}
