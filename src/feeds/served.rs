//! Shifts already served that this build gives to someone else than the site it replaces
//! did: a warning for the person editing, since every subscriber's calendar rewrites
//! them. The schedule's rules stay as they are (rule 1, shift *k* to `order[k % length]`,
//! is a contract, and time off moves its own shift whenever it is entered); only the
//! previous site's feeds know what was published, so only a build that replaces one can
//! tell.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Timelike, Utc};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Revisions, Site};
use crate::render::Urls;
use crate::schedule::{Schedule, Segment};

use super::served_holidays::{holiday, named_holiday, pruned, removed_holidays, ByName};
use super::uid::{Role, Uid};

/// At most this many shifts are named in one warning; the rest are counted.
const NAMED: usize = 5;

/// A served shift and its holders: (start, end, previous holder's id, holder's id).
pub(super) type Moved<'a> = (DateTime<Utc>, DateTime<Utc>, &'a str, &'a str);

/// A previous team feed's event of someone on call: start, end, holder's name, whether
/// it was an override's, and the holidays its description said it was the turn (or the
/// shift in return) for.
pub(super) type Shown<'a> = (DateTime<Utc>, DateTime<Utc>, &'a str, bool, Option<&'a str>);

/// A served shift its holder kept but at other times: (start and end as published, start
/// now, holder's id). Its length is the same (a new shift length slices the weeks anew,
/// which the holders' warning tells).
type Retimed<'a> = (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>, &'a str);

/// What most likely moved a served shift, for the warning's place and hint.
#[derive(Clone)]
pub(super) enum Cause {
    /// Time off of the previous holder's over it.
    TimeOff,
    /// An override that held it and is no longer in oncall.yaml.
    Override,
    /// An override that held it, of the same start, whose `engineer` (true) or times
    /// (false: its `to` cut short) changed.
    OverrideEdited(bool),
    /// A holiday it holds, or holds its shift in return, taken by turn (rule 2) while no
    /// plain shift moved: a holiday added (or moved) for days served.
    Holiday,
    /// A holiday the previous feeds held near it (within a holiday's swap window), which
    /// the data no longer lists: a past holiday pruned from `holidays`.
    HolidayRemoved(NaiveDate),
    /// The holiday the previous feed's event said the shift was the turn, or the shift in
    /// return, for (its name as said there), now listed on another date (the holiday's
    /// new date), or not listed near it (none): a holiday moved, or pruned, whose own
    /// week may lie before the published weeks, where no event tells of it.
    HolidayNamed(String, Option<NaiveDate>),
    /// An override over days served that names someone other than the shift's holder
    /// the previous feed showed there: added, or stretched, after they were served.
    OverrideAdded,
    /// The rotation (rule 1), else.
    Rotation,
    /// Its holder before is no longer on the team (a personal feed of the previous site
    /// named them; no engineer has their id, nor lists it under `formerly`).
    Departed,
}

/// Warns, once per cause found (a time off entry, else `rotation.order`), of the whole
/// shifts ended before the build's clock whose holder differs from the one the previous
/// site's team feed named. A shift is matched with the previous shift event (`shift-48@…`,
/// of this site's host or its home's: a deploy preview's build reads the production
/// site's feeds, and production's may read a preview's, whose pull request is not
/// production's to warn of) that held its middle, by time and not by slot: a rotation whose `start` moved numbers every
/// week anew, and by slot each week was compared with another week (a start a week later
/// moved all four served weeks of the example, and none was named). Holders are matched
/// by name: an event naming someone no longer on the team under that name (a rename) is
/// left alone.
pub fn warn_rewritten(
    site: &Site,
    schedule: &Schedule,
    urls: &Urls,
    previous: &Revisions,
    diags: &mut Diagnostics,
) {
    let hosts = super::remember::Hosts::new(site, urls, previous);
    let events = shown_events(previous, &hosts);
    let shown: Vec<Shown> = (events.iter())
        .filter_map(|&(event, piece)| (!piece).then_some(event))
        .collect();
    if shown.is_empty() {
        return;
    }
    let by_name = super::served_names::Names::new(site, &hosts.published(previous));
    let engineers: HashMap<&str, usize> = (site.team.engineers.iter().enumerate())
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let departed = departed(site, previous, &hosts);
    let Compared {
        retimed,
        moved,
        gone,
        mut left,
        current,
    } = compare(schedule, &shown, &by_name, &departed);
    let (mut causes, rotation_moved) =
        causes_of(site, schedule, previous, &hosts, &engineers, moved);
    let named = (&by_name, &departed);
    let left_by_id: HashMap<&str, &str> = departed.iter().map(|(&n, &id)| (id, n)).collect();
    let overrides = super::served_overrides::moved_overrides(site, schedule, &shown, named);
    // Overrides over served days are compared with every shift event, pieces too: one
    // stretched over the rest of a shift it cut met only that piece.
    let added = match site.oncall.overrides.is_empty() {
        true => Vec::new(),
        false => {
            let events: Vec<Shown> = events.iter().map(|&(event, _)| event).collect();
            super::served_overrides::added_overrides(site, schedule, &events, named)
        }
    };
    for (location, why, moved) in overrides.into_iter().chain(added) {
        if let Some(&name) = left_by_id.get(moved.2) {
            left.insert(moved.2, name);
        }
        let key = (location.file.clone(), location.line);
        causes
            .entry(key)
            .or_insert((location, why, Vec::new()))
            .2
            .push(moved);
    }
    // The lines warned of: the shift on call now, moved by the same change, is not told
    // again (its warning's hint says the same).
    let mut warned: std::collections::HashSet<(String, usize)> = causes.keys().cloned().collect();
    for (_, (location, why, moved)) in causes {
        warn(site, schedule, location, why, &moved, &left, diags);
    }
    if !gone.is_empty() {
        let location = site.sources.oncall.locate("rotation.order");
        warned.insert((location.file.clone(), location.line));
        warn(
            site,
            schedule,
            location,
            Cause::Departed,
            &gone,
            &left,
            diags,
        );
    }
    if let Some(&(first, ..)) = retimed.first() {
        let said = said_from(previous, &hosts, first);
        warn_retimed(site, schedule, (&shown, said), &retimed, diags);
    }
    let previous = (previous, &hosts);
    let known = (&shown[..], (&by_name, &departed), &warned);
    super::served_secondaries::warn_secondaries(site, schedule, previous, known, diags);
    if let Some((seg, before, was_override)) = current {
        let (location, _) = match was_override {
            true => (site.sources.oncall.locate("overrides"), Cause::Override),
            false => cause(site, schedule, &engineers, before, seg, rotation_moved),
        };
        if !warned.contains(&(location.file.clone(), location.line)) {
            let was = match left.get(before) {
                Some(name) => format!("{name} ({before})"),
                None => site.engineer_name(before),
            };
            warn_current(site, schedule, location, seg, (before, &was), diags);
        }
    }
}

/// The whole shifts served (and the part served of the one on call now) compared with
/// the previous event that held their middle (see [`warn_rewritten`]).
struct Compared<'a> {
    /// Kept by their holder, at other times.
    retimed: Vec<Retimed<'a>>,
    /// Given to someone else: segment, previous holder's id, whether an override held
    /// it, the holidays its event said it was the turn for.
    moved: Vec<(&'a Segment, &'a str, bool, Option<&'a str>)>,
    /// Held by someone who left, now someone else's.
    gone: Vec<Moved<'a>>,
    /// Who left, by id: the name the previous feeds showed them by.
    left: HashMap<&'a str, &'a str>,
    /// The shift on call now, when its part already served shows someone else.
    current: Option<(&'a Segment, &'a str, bool)>,
}

/// Compares each whole shift served, not an override's, with the event of `shown` that
/// held its middle: see [`Compared`].
fn compare<'a>(
    schedule: &'a Schedule,
    shown: &[Shown<'a>],
    by_name: &super::served_names::Names<'a>,
    departed: &HashMap<&'a str, &'a str>,
) -> Compared<'a> {
    let mut c = Compared {
        retimed: Vec::new(),
        moved: Vec::new(),
        gone: Vec::new(),
        left: HashMap::new(),
        current: None,
    };
    for seg in &schedule.segments {
        let whole = schedule
            .shift(seg.slot)
            .is_some_and(|s| s.start == seg.start && s.end == seg.end);
        let now = seg.start < schedule.now && schedule.now < seg.end;
        if seg.override_index.is_some() || !whole || (seg.end > schedule.now && !now) {
            continue;
        }
        // Of the shift on call now, the middle of its part served.
        let end = seg.end.min(schedule.now);
        let middle = seg.start + (end - seg.start) / 2;
        let i = shown.partition_point(|&(start, ..)| start <= middle);
        let Some((shown_start, _, name, was_override, turn_for)) = i
            .checked_sub(1)
            .map(|i| shown[i])
            .filter(|&(_, end, ..)| middle < end)
        else {
            continue;
        };
        if now {
            let before = by_name.holder(name, shown_start).or_else(|| {
                let id = *departed.get(name)?;
                c.left.insert(id, name);
                Some(id)
            });
            if let Some(before) = before.filter(|b| *b != seg.engineer) {
                c.current = Some((seg, before, was_override));
            }
            continue;
        }
        let Some(before) = by_name.holder(name, shown_start) else {
            if let Some(&id) = departed.get(name) {
                c.gone.push((seg.start, seg.end, id, &seg.engineer));
                c.left.insert(id, name);
            }
            continue;
        };
        if before == seg.engineer {
            let (start, end) = (shown[i - 1].0, shown[i - 1].1);
            let same_length = end - start == seg.end - seg.start;
            if !was_override && same_length && start != seg.start {
                c.retimed.push((start, end, seg.start, &seg.engineer));
            }
            continue;
        }
        let turn_for = turn_for.filter(|_| !was_override);
        c.moved.push((seg, before, was_override, turn_for));
    }
    c
}

/// Warns, at the line most likely changed, that the shift on call now shows `seg`'s
/// holder from its start where the previous site showed `before` (id; `was` as named): an edit for days of
/// the shift in progress (a holiday or time off tomorrow) moves the whole shift, its part
/// already served too, and subscribers' calendars rewrite who was on call then. Only
/// shifts ended were compared before, and nothing warned.
fn warn_current(
    site: &Site,
    schedule: &Schedule,
    location: Location,
    seg: &Segment,
    (before, was): (&str, &str),
    diags: &mut Diagnostics,
) {
    let tz = schedule.tz;
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%a %-d %b %Y %H:%M");
    let fmt = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M");
    let to = served_until(schedule).min(seg.end);
    diags.warning(
        location,
        format!(
            "the shift on call now, {} to {}, shows {} on call from its start, where the site this build replaces showed {}: subscribers' calendars rewrite who was on call for the part already served",
            local(seg.start),
            local(seg.end),
            site.engineer_name(&seg.engineer),
            was
        ),
        format!(
            "an edit for days of the shift in progress (a holiday or time off in it, a change of the rotation) moves the whole shift, its start already served too; to keep who served that part, add an override for it, such as `- {{ from: \"{}\", to: \"{}\", engineer: {before}, reason: served }}` under `overrides:` in oncall.yaml, or make the edit for days after this shift",
            fmt(seg.start),
            fmt(to)
        ),
    );
}

/// Where the part of a shift or an override already served ends, as an override would
/// say it: the build's clock, rounded up to its local hour.
fn served_until(schedule: &Schedule) -> DateTime<Utc> {
    let now = schedule.now.with_timezone(&schedule.tz);
    let past = chrono::Duration::seconds(i64::from(now.minute() * 60 + now.second()));
    match past.is_zero() {
        true => schedule.now,
        false => schedule.now - past + chrono::Duration::hours(1),
    }
}

/// Served shifts moved to someone else by the line most likely changed: its place, the
/// cause, the shifts.
type Causes<'a> = BTreeMap<(String, usize), (Location, Cause, Vec<Moved<'a>>)>;

/// The causes of the served shifts `moved` to someone else (segment, previous holder's
/// id, whether an override held it, the holidays its event said it was the turn for),
/// and whether the rotation itself moved (see [`warn_rewritten`]).
fn causes_of<'a>(
    site: &Site,
    schedule: &Schedule,
    previous: &Revisions,
    hosts: &super::remember::Hosts,
    engineers: &HashMap<&str, usize>,
    moved: Vec<(&'a Segment, &'a str, bool, Option<&'a str>)>,
) -> (Causes<'a>, bool) {
    let mut causes: Causes = BTreeMap::new();
    // A plain shift (no swap, cover or holiday turn) moved by other than an override
    // removed or a holiday no longer listed near it: rule 1 moved it, so the rotation
    // changed, and a holiday's shift moved with it is the rotation's doing too.
    let removed = removed_holidays(site, previous, hosts);
    let unlisted = pruned(&removed, &moved, schedule);
    let plain = |seg: &Segment| schedule.shift(seg.slot).is_some_and(|s| s.change.is_none());
    // A plain shift now that was a holiday's turn, or its shift in return: the holiday
    // moved or went, though its own week may be before the published weeks.
    let by_name = ByName::new(site);
    let named: Vec<Option<(Location, Cause)>> = (moved.iter())
        .map(|&(seg, _, _, turn_for)| {
            let said = turn_for.filter(|_| plain(seg))?;
            named_holiday(site, &by_name, schedule, seg, said)
        })
        .collect();
    let rotation_moved = (moved.iter().zip(&unlisted).zip(&named)).any(
        |((&(seg, _, was_override, _), date), named)| {
            !was_override && plain(seg) && date.is_none() && named.is_none()
        },
    );
    for (((seg, before, was_override, _), date), named) in
        moved.into_iter().zip(unlisted).zip(named)
    {
        let named = named.filter(|_| !rotation_moved);
        let (location, why) = if was_override {
            (site.sources.oncall.locate("overrides"), Cause::Override)
        } else if let Some(found) =
            named.filter(|n| date.is_none() || matches!(n.1, Cause::HolidayNamed(_, Some(_))))
        {
            found
        } else if let Some(date) = date.filter(|_| !rotation_moved) {
            (
                site.sources.oncall.locate("holidays"),
                Cause::HolidayRemoved(date),
            )
        } else {
            cause(site, schedule, engineers, before, seg, rotation_moved)
        };
        let key = (location.file.clone(), location.line);
        let entry = causes.entry(key).or_insert((location, why, Vec::new()));
        entry.2.push((seg.start, seg.end, before, &seg.engineer));
    }
    (causes, rotation_moved)
}

/// The names of engineers the previous site's personal feeds held shifts of (the
/// `UID` `shift-48.de4@host`, or an override's, says whose feed; its `SUMMARY` the name
/// shown), or were second on call in (`shift-48.secondary.de4@host`: one never on call,
/// in `secondary.order` alone, was not found, `tests/cal61.rs`), whose id no engineer
/// has now, nor lists under `formerly`: engineers who left.
/// Their served shifts, rewritten (rule 1 renumbers them when they leave the order),
/// were left alone before, since no one is on the team under that name (as after a
/// rename): 4 of the example's served weeks changed hands when de4 left, and the
/// warning named the 2 of others only, with a hint of overrides naming the previous
/// holder, which cannot name someone not in team.yaml.
pub(super) fn departed<'a>(
    site: &Site,
    previous: &'a Revisions,
    hosts: &super::remember::Hosts,
) -> HashMap<&'a str, &'a str> {
    let known: std::collections::HashSet<&str> = (site.team.engineers.iter())
        .flat_map(|e| std::iter::once(e.id.as_str()).chain(e.formerly.iter().map(String::as_str)))
        .collect();
    let mut found: Vec<(&str, &str)> = (previous.iter())
        .filter(|(uid, _)| hosts.hold(uid))
        .filter_map(|(uid, r)| {
            let (role, id) = Uid::parse(uid)?.shift_role()?;
            let summary = r.summary.as_deref()?;
            let name = match role {
                Role::Secondary => summary.strip_prefix("Secondary on call: ")?,
                Role::OnCall => summary.strip_prefix("On call: ")?,
            };
            let name = name.strip_suffix(" (override)").unwrap_or(name);
            (!known.contains(id)).then_some((name, id))
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found.into_iter().collect()
}

/// The previous team feed's events of someone on call, by start, each with whether it is
/// the piece of a shift that an override cut (`shift-<slot>-<start>@host`): the others,
/// whole shifts (`shift-<slot>@host`) and overrides (`override-<start>@host`), do not
/// overlap, nor does every event of the team feed. Not a personal feed's.
fn shown_events<'a>(
    previous: &'a Revisions,
    hosts: &super::remember::Hosts,
) -> Vec<(Shown<'a>, bool)> {
    let time = |t: &Option<String>| {
        let t = chrono::NaiveDateTime::parse_from_str(t.as_deref()?, "%Y%m%dT%H%M%SZ").ok()?;
        Some(t.and_utc())
    };
    let mut shown: Vec<_> = (hosts.published(previous).into_iter())
        .filter_map(|(uid, r)| {
            let key = Uid::parse(uid).filter(|u| u.key.is_none())?.kind;
            let (was_override, piece) = if let Some(at) = key.strip_prefix("override-") {
                if !super::ics::is_stamp(at) {
                    return None;
                }
                (true, false)
            } else {
                let slot = key.strip_prefix("shift-")?;
                let (slot, piece) = match slot.split_once('-') {
                    Some((slot, at)) if super::ics::is_stamp(at) => (slot, true),
                    _ => (slot, false),
                };
                slot.parse::<i64>().ok()?;
                (false, piece)
            };
            let name = r.summary.as_deref()?.strip_prefix("On call: ")?;
            let turn_for = r.turn_for.as_deref();
            let name = match was_override {
                true => name.strip_suffix(" (override)")?,
                false => name,
            };
            let (start, end) = (time(&r.start)?, time(&r.end)?);
            Some(((start, end, name, was_override, turn_for), piece))
        })
        .collect();
    shown.sort_unstable();
    shown
}

/// Where the change that moved a served shift from `before` most likely is: a time off
/// of `before`'s over the shift (in team.yaml, or the calendar naming it in oncall.yaml),
/// else a holiday (see [`holiday`]), else `rotation.order`; and which it is.
fn cause(
    site: &Site,
    schedule: &Schedule,
    engineers: &HashMap<&str, usize>,
    before: &str,
    seg: &Segment,
    rotation_moved: bool,
) -> (Location, Cause) {
    let (start, end) = (seg.start, seg.end);
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
    if let Some(location) = found {
        return (location, Cause::TimeOff);
    }
    match holiday(site, schedule, seg.slot).filter(|_| !rotation_moved) {
        Some(location) => (location, Cause::Holiday),
        None => (sources.oncall.locate("rotation.order"), Cause::Rotation),
    }
}

/// Warns at `location` of the served shifts `moved`, holders named as in team.yaml, or,
/// for one who left (in `left`, by id), as the previous feeds showed them and by id: the
/// reader knew them by name, and team.yaml no longer says whose the id was.
fn warn(
    site: &Site,
    schedule: &Schedule,
    location: Location,
    why: Cause,
    moved: &[Moved],
    left: &HashMap<&str, &str>,
    diags: &mut Diagnostics,
) {
    let name = |id: &str| match left.get(id) {
        Some(name) => format!("{name} ({id})"),
        None => super::served_names::shown(site, id),
    };
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
                name(before),
                name(now)
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
    let hint = match why {
        Cause::TimeOff => "time off moves its own shift to someone else, even one already served; if the shift was served as published, record who covered the days away with an override for those days (overrides win over time off), or leave the days out".to_string(),
        Cause::Holiday => format!(
            "a holiday goes by turn (rule 2), and its shift in return with it, so a holiday added or moved for days already served rewrites who served them; if they were served as published, add an override for each, such as {pin} under `overrides:` in oncall.yaml"
        ),
        Cause::HolidayRemoved(date) => format!(
            "{date} was a holiday in the feeds of the site this build replaces and is not in `holidays` now: a holiday goes by turn (rule 2), with its shift in return, and one taken out gives them back to the rotation, served ones too; keep past holidays until their shifts leave the published weeks (`horizon.past_weeks`), or add an override for each, such as {pin} under `overrides:` in oncall.yaml"
        ),
        Cause::HolidayNamed(name, now) => {
            let now = match now {
                Some(date) => format!("is on {date} now"),
                None => "is not in `holidays` near it now".to_string(),
            };
            format!(
                "the feeds of the site this build replaces gave it by turn for {name} (rule 2), or in return for that turn, and {name} {now}: a holiday goes by turn with its shift in return, so one moved or taken out gives them back to the rotation, served ones too, even when its own week is before the published weeks; keep past holidays where they were until their shifts leave the published weeks (`horizon.past_weeks`), or add an override for each, such as {pin} under `overrides:` in oncall.yaml"
            )
        }
        Cause::Departed => format!(
            "they were {before}'s, who is no longer in team.yaml, and rule 1 gives shifts already served to whoever the rotation names now; to keep who served them, keep {before} in team.yaml (out of `rotation.order`) until their shifts leave the published weeks (`horizon.past_weeks`), with an override for each, such as {pin} under `overrides:` in oncall.yaml"
        ),
        Cause::Override => format!(
            "an override taken out of oncall.yaml gives the shifts it held back to the rotation, served ones too; keep an override until its shifts leave the published weeks (`horizon.past_weeks`), or put it back, such as {pin}"
        ),
        Cause::OverrideEdited(engineer) => {
            let what = if engineer { "`engineer`" } else { "times" };
            let until = served_until(schedule);
            let keep = if left.contains_key(before) {
                format!("{before} is no longer in team.yaml; to keep who served it, keep {before} there (out of `rotation.order`) until it leaves the published weeks (`horizon.past_weeks`), with the override as it was, {pin}")
            } else if end <= until {
                format!("if it was served as published, keep it as it was, {pin}")
            } else {
                // Overrides may not overlap: the part served and the rest are two.
                format!(
                    "if its part already served was as published, end it there, `- {{ from: \"{}\", to: \"{}\", engineer: {before}, reason: served }}`, and give the rest an override of its own from {}",
                    fmt(start),
                    fmt(until),
                    fmt(until)
                )
            };
            format!("an override already served is the record of who was on call then, and a change of its {what} rewrites that record in subscribers' calendars; {keep}")
        }
        Cause::OverrideAdded => {
            let now = moved[0].3;
            let (served, all) = super::served_overrides::served_part(site, schedule, moved);
            let instead = match all {
                true => "take the override out".to_string(),
                false => format!("start the override at {} instead", fmt(served)),
            };
            format!(
                "an override over days already served is the record of who was on call then: one naming who the published feed showed changes nothing, one naming someone else rewrites those days in subscribers' calendars; if {} served them, {instead}, or name {before} in it (overrides may not overlap: for the served part alone, {pin}); if {} did, keep it, and the feeds now say so",
                name(before),
                name(now)
            )
        }
        Cause::Rotation => format!(
            "shift k belongs to order[k % length] (rule 1), counted from `rotation.start` in shifts of its length, so a change to the rotation (its order, start, handoff or shift length; or to holidays or time off) moves shifts already served; to keep what was served, add an override for each, such as {pin} under `overrides:` in oncall.yaml"
        ),
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

/// The local start (`09:00 EDT`) the previous team feed's shift event from `start` said,
/// if it said: a pipebook before session 63 did not read it back.
fn said_from<'a>(
    previous: &'a Revisions,
    hosts: &super::remember::Hosts,
    start: DateTime<Utc>,
) -> Option<&'a str> {
    let stamp = start.format("%Y%m%dT%H%M%SZ").to_string();
    (hosts.published(previous).into_iter())
        .filter(|(uid, _)| {
            Uid::parse(uid).is_some_and(|u| u.key.is_none() && u.kind.starts_with("shift-"))
        })
        .find(|(_, r)| r.start.as_deref() == Some(stamp.as_str()))
        .and_then(|(_, r)| r.shown_from.as_deref())
}

/// Warns, at the line most likely changed, of served shifts whose holder is the one
/// published but whose times moved (`timezone` New York to Berlin started the example's 4
/// served weeks 6 hours earlier, 13:00Z to 07:00Z, and nothing warned): subscribers'
/// calendars then show history that never happened, and the on-call record of an
/// incident names the wrong hours. The previous feeds hold times in UTC and not their
/// zone, so the line is inferred: the same local time of day is a moved date
/// (`rotation.start`, with the handoff's weekday); else the local start the previous
/// feed's text said (`09:00 EDT`) tells: this zone reads that instant otherwise, a new
/// `timezone` (New York to Chicago, of the same daylight-saving dates, was told as the
/// handoff's before); the same, the handoff; else published shifts whose local time
/// of day varies across the year in this zone were written in a zone of other
/// daylight-saving dates (`timezone`); else the handoff's time (a zone of the same
/// offsets all year, such as Chicago to Toronto, looks the same, and the hint says so).
fn warn_retimed(
    site: &Site,
    schedule: &Schedule,
    (shown, said): (&[Shown], Option<&str>),
    retimed: &[Retimed],
    diags: &mut Diagnostics,
) {
    let tz = schedule.tz;
    let clock = |t: DateTime<Utc>| t.with_timezone(&tz).time();
    let (was, _, now, _) = retimed[0];
    let oncall = &site.sources.oncall;
    let mut clocks: Vec<_> = (shown.iter())
        .filter(|s| !s.3)
        .map(|s| clock(s.0))
        .collect();
    clocks.sort_unstable();
    clocks.dedup();
    // The local start the previous feed wrote (`09:00 EDT`), against this zone's reading
    // of the same instant: the same, the zone did not change (its offsets at least).
    let reads = was.with_timezone(&tz).format("%H:%M %Z").to_string();
    let (location, what) = if clock(was) == clock(now) {
        (
            oncall.locate("rotation.start"),
            "`rotation.start` (and the handoff's weekday)",
        )
    } else if let Some(said) = said {
        match said == reads {
            true => (oncall.locate("rotation.handoff"), "the handoff's time"),
            false => (oncall.locate("rotation.timezone"), "`timezone`"),
        }
    } else if clocks.len() > 1 {
        (oncall.locate("rotation.timezone"), "`timezone`")
    } else {
        (
            oncall.locate("rotation.handoff"),
            "the handoff's time (or `timezone`)",
        )
    };
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%a %-d %b %Y %H:%M");
    let named: Vec<String> = (retimed.iter().take(NAMED))
        .map(|&(start, end, now, holder)| {
            format!(
                "{} to {} now from {} ({})",
                local(start),
                local(end),
                local(now),
                site.engineer_name(holder)
            )
        })
        .collect();
    let more = match retimed.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (start, end, _, holder) = retimed[0];
    let fmt = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M");
    let n = retimed.len();
    diags.warning(
        location,
        format!(
            "{n} shift{} already served now start{} at other times than the site this build replaces published them (times in {}): {}{more}; subscribers' calendars move them, and the on-call record of those days no longer says who was on call when",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" },
            tz.name(),
            named.join("; ")
        ),
        format!(
            "a change of {what} applies to every shift of the published weeks, served ones too; make it once the served shifts have left them (`horizon.past_weeks`), or keep each served shift at its served times with an override, such as `- {{ from: \"{}\", to: \"{}\", engineer: {holder}, reason: served }}` under `overrides:` in oncall.yaml",
            fmt(start),
            fmt(end)
        ),
    );
}
